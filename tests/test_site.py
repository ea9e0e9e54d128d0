"""The static site: Jupyter Book (v1) built from the notebooks' stored outputs.

``make site`` runs the same command as the fixture below (into ``_build/html``);
here the site is built into a temporary folder, with warnings as errors and
HTTP(S) proxies pointed at a closed port, and then every notebook must have its
page, in the order of site/_toc.yml, with its equations and its figures, and a link
to the same notebook in the JupyterLite site (``make lite``).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lite"))
from build_lite import NOT_IN_PYODIDE  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
NO_NETWORK = "http://127.0.0.1:9"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def build_command(output):
    return [str(JUPYTER_BOOK), "build", ".", "--config", "site/_config.yml", "--toc", "site/_toc.yml",
            "--path-output", str(output), "-W", "--keep-going"]


def toc_files():
    toc = yaml.safe_load((SITE / "_toc.yml").read_text())
    files = [toc["root"]]
    for entry in toc.get("chapters", []):
        files.append(entry["file"])
    for part in toc.get("parts", []):
        files.extend(entry["file"] for entry in part.get("chapters", []))
    return [f.removesuffix(".ipynb").removesuffix(".md") for f in files]


def test_toc_lists_every_notebook_in_reading_order():
    expected = [f"notebooks/{p.stem}" for p in NOTEBOOKS]
    chapters = [f for f in toc_files() if f.startswith("notebooks/")]
    missing = sorted(set(expected) - set(chapters))
    assert not missing, f"site/_toc.yml misses {missing}: add them, in the order of their numbers"
    assert chapters == expected, "site/_toc.yml must list the notebooks in the order of their numbers"


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    if not JUPYTER_BOOK.exists():
        pytest.fail(f"{JUPYTER_BOOK} not found: pip install -e '.[test]' (jupyter-book>=1,<2)")
    output = tmp_path_factory.mktemp("site")
    env = dict(os.environ)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env[name] = NO_NETWORK
    result = subprocess.run(build_command(output), cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, f"jupyter-book build failed:\n{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
    print(f"\nsite built into {output / '_build' / 'html'}")
    return output / "_build" / "html"


def _stored(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _figure_outputs(nb):
    """Stored PNG outputs that are plain figures (a widget's image lives in its saved state)."""
    return sum(1 for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
               if "image/png" in o.get("data", {}) and WIDGET_MIME not in o.get("data", {}))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_has_its_page_with_figures_and_equations(html, notebook):
    page = html / "notebooks" / f"{notebook.stem}.html"
    assert page.is_file(), f"no page for {notebook.name}"
    text = page.read_text(encoding="utf-8")
    nb = _stored(notebook)

    title = next(line[2:].strip() for c in nb["cells"] if c["cell_type"] == "markdown"
                 for line in "".join(c["source"]).splitlines() if line.startswith("# "))
    assert re.sub(r"[$*`\\]", "", title.split(":")[0])[:20] in re.sub(r"<[^>]+>", "", text), \
        f"{page.name} does not show the notebook's title {title!r}"

    images = re.findall(r'<img[^>]+src="\.\./_images/([^"]+\.png)"', text)
    assert len(images) >= _figure_outputs(nb), f"{page.name}: {len(images)} figures for {_figure_outputs(nb)} stored"
    for name in images:
        assert (html / "_images" / name).is_file(), f"{page.name} shows a missing image {name}"

    markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    if "$" in markdown:
        assert 'class="math' in text, f"{page.name} has no equations though the notebook has"
        # MathJax ships with the site: the equations render without a network.
        scripts = re.findall(r'<script[^>]+src="([^"]*mathjax[^"]*)"', text, flags=re.IGNORECASE)
        assert scripts and all(not s.startswith(("http:", "https:", "//")) for s in scripts), \
            f"{page.name} loads MathJax from {scripts}, not from the site"
        assert all((page.parent / s).resolve().is_file() for s in scripts), f"{page.name}: {scripts} missing"
    # "Run it in your browser": the same notebook in the JupyterLite site, published as lite/ beside the book.
    if notebook.name in NOT_IN_PYODIDE:
        assert "does not run in the browser" in text, f"{page.name}: no note saying where to run it"
    else:
        links = re.findall(r'<a[^>]+class="[^"]*dlnotes-lite-link[^"]*"[^>]+href="([^"]+)"', text)
        assert links == [f"../lite/lab/index.html?path=notebooks/{notebook.name}"], \
            f"{page.name}: links to the Lite site {links}"
    if any(WIDGET_MIME in o.get("data", {}) for c in nb["cells"] if c["cell_type"] == "code"
           for o in c.get("outputs", [])):
        assert "application/vnd.jupyter.widget-state+json" in text, \
            f"{page.name}: the widget's saved state (its last figure) is not embedded"


def test_only_the_ipynb_are_pages_and_in_toc_order(html):
    pages = sorted(p.stem for p in (html / "notebooks").glob("*.html"))
    assert pages == [p.stem for p in NOTEBOOKS], "the .py twins (or other files) became pages"
    # The navigation, as rendered in the intro page's sidebar, follows the toc.
    intro = (html / toc_files()[0]).with_suffix(".html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="bd-links[^"]*".*?</nav>', intro, re.S)
    assert nav, "no sidebar navigation in the intro page"
    linked = re.findall(r'href="[./]*notebooks/([^"#]+)\.html"', nav.group(0))
    assert linked == [p.stem for p in NOTEBOOKS]
    # And each page's "next" link leads to the next notebook.
    for this, following in zip(NOTEBOOKS, NOTEBOOKS[1:]):
        text = (html / "notebooks" / f"{this.stem}.html").read_text(encoding="utf-8")
        nxt = re.search(r'<a[^>]+class="right-next"[^>]+href="([^"]+)"', text) or \
            re.search(r'<a[^>]+href="([^"]+)"[^>]+class="right-next"', text)
        assert nxt and nxt.group(1).startswith(following.stem), f"{this.stem}: next is {nxt and nxt.group(1)}"

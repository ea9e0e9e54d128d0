"""The JupyterLite site (``make lite``): every notebook run in the browser, offline.

The site is built once (``lite/build_lite.py``, as ``make lite`` does; or reused from
``$DLNOTES_LITE_DIR``), served with ``python -m http.server`` on 127.0.0.1 as the
README says, and each notebook is opened in Debian's headless Chromium (Playwright
drives it; one browser, each notebook in a fresh context, the next one opened while
the current one runs so that its kernel starts meanwhile). Every request not to the
loopback address is aborted and counted: the test fails on any, so what passes here
is what a classroom without internet gets.

For each notebook (``notebooks/[0-9]*.ipynb``, less the ones ``lite/build_lite.py`` lists
in ``NOT_IN_PYODIDE`` with their reason): wait for the Pyodide kernel, Run All from
the Run menu, then require every code cell executed, no error output, at least the
figures and widgets the stored notebook has, and the first slider of each widget,
dragged by mouse, changing its figure and its text (the helpers of ``test_browser.py``,
which also drives the keyboard in JupyterLab). A screenshot per
notebook goes to ``$DLNOTES_SCREENSHOTS`` or a temporary folder (printed). The
times from opening the page to an idle kernel and of Run All are printed (with
DLNOTES_LITE_SERIAL=1, one notebook at a time, for clean figures); nothing is
asserted on them, only generous timeouts guard against a hang.
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from lab_server import free_port  # noqa: E402
from test_browser import (CHROMIUM_ARGS, ERRORS_JS, RUN_STATE_JS, RUN_TIMEOUT_S, WIDGET_MIME,  # noqa: E402
                          _chromium, _drag_slider, _run_all_from_menu, _unavailable, _wait_idle)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lite"))
import build_lite as lite_build  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
LITE_NOTEBOOKS = [p.name for p in lite_build.lite_notebooks()]
LOOPBACK = {"127.0.0.1"}
BUILD_TIMEOUT_S = 1200   # downloads on a cold cache included
KERNEL_TIMEOUT_S = 300   # Pyodide and the preloaded packages, on a slow shared machine
# The kernel's status in JupyterLab's status bar ("Python (Pyodide) | Idle").
KERNEL_STATUS_JS = r"""() => {
    const m = (document.querySelector('.jp-StatusBar-Widget') || {innerText: ''}).innerText
        .match(/Pyodide\) \| (\w+)/);
    return m ? m[1] : '';
}"""
# Plain figures (not a widget's): PNG outputs of the page.
FIGURES_JS = """() => document.querySelectorAll(
    '.jp-Notebook .jp-OutputArea-output[data-mime-type="image/png"] img').length"""


def _has_slider(state, model_id):
    """Whether the stored widget ``model_id`` holds a slider (through its children)."""
    model = state.get(model_id, {})
    if model.get("model_name", "").endswith("SliderModel"):
        return True
    children = model.get("state", {}).get("children", [])
    return any(_has_slider(state, child.removeprefix("IPY_MODEL_")) for child in children)


def _stored_counts(path):
    """(plain figures, widget outputs, widget outputs with a slider) in the notebook as committed.

    Which widgets hold a slider, the widget state saved in the notebook's metadata says
    (a tqdm progress bar is a widget without one).
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    outputs = [o.get("data", {}) for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    widgets = [d[WIDGET_MIME]["model_id"] for d in outputs if WIDGET_MIME in d]
    figures = sum(1 for d in outputs if "image/png" in d and WIDGET_MIME not in d)
    state = nb["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    return figures, len(widgets), sum(1 for model_id in widgets if _has_slider(state, model_id))


def test_every_notebook_is_in_the_site_or_excused():
    """Only a notebook that cannot run under Pyodide may be left out, and it says why."""
    left_out = {p.name for p in NOTEBOOKS} - set(LITE_NOTEBOOKS)
    assert left_out == set(lite_build.NOT_IN_PYODIDE) & {p.name for p in NOTEBOOKS}
    for name, reason in lite_build.NOT_IN_PYODIDE.items():
        assert "torch" in reason.lower(), f"{name}: only PyTorch notebooks may be left out, not {reason!r}"


def test_build_refuses_a_file_whose_hash_is_not_the_locked_one(tmp_path):
    """A distribution file is used only if its sha256 is the one in Pyodide's lock."""
    source_dir = tmp_path / "pyodide"
    source_dir.mkdir()
    (source_dir / "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl").write_bytes(b"not numpy")
    source = lite_build.Source(str(source_dir), tmp_path / "cache")
    good = lite_build.sha256(b"not numpy")
    assert source.verified("numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", good) == b"not numpy"
    with pytest.raises(lite_build.BuildError, match="lock says"):
        source.verified("numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", "0" * 64)
    with pytest.raises(lite_build.BuildError, match="not in"):
        source.verified("scipy-1.14.1-cp312-cp312-pyodide_2024_0_wasm32.whl", good)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The built site: $DLNOTES_LITE_DIR when it holds one, else a fresh build."""
    given = os.environ.get("DLNOTES_LITE_DIR")
    if given:
        folder = Path(given)
        assert (folder / "jupyter-lite.json").is_file(), f"DLNOTES_LITE_DIR={given} holds no JupyterLite site"
        return folder
    folder = tmp_path_factory.mktemp("lite") / "site"
    result = subprocess.run([sys.executable, str(ROOT / "lite" / "build_lite.py"), "--output", str(folder),
                             "--cache", str(ROOT / "_build" / "lite-cache")],
                            cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    assert result.returncode == 0, f"lite/build_lite.py failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    print(f"\n{result.stdout.strip().splitlines()[-1]}")
    return folder


def test_site_is_self_hosted(site):
    """The kernel loads Pyodide from the site and never falls back to PyPI; dlnotes is preloaded."""
    config = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["disablePyPIFallback"] is True
    assert "dlnotes" in kernel["loadPyodideOptions"]["packages"]
    assert all(not url.startswith(("http:", "https:", "//")) for url in kernel["pipliteUrls"])
    assert config["settingsOverrides"]["@jupyterlab/notebook-extension:tracker"]["windowingMode"] == "none"
    assert config["settingsOverrides"]["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    lock = json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text())
    assert lock["info"]["version"] == lite_build.PYODIDE_VERSION
    for name, entry in lock["packages"].items():  # every package the lock names is in the site, as hashed
        path = site / "static" / "pyodide" / entry["file_name"]
        assert path.is_file(), f"{name}: {entry['file_name']} missing"
        assert lite_build.sha256(path) == entry["sha256"], f"{name}: {entry['file_name']} is not the locked file"
    assert sorted(p.name for p in (site / "files" / "notebooks").glob("*.ipynb")) == LITE_NOTEBOOKS


@pytest.fixture(scope="session")
def server(site, tmp_path_factory):
    """``python -m http.server`` on 127.0.0.1, serving the site (the README's command)."""
    port = free_port()
    log = open(tmp_path_factory.mktemp("lite-server") / "http.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port),
                             "--directory", str(site)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/jupyter-lite.json", timeout=5).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError("python -m http.server did not answer")
            time.sleep(0.2)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


class Opener:
    """Opens notebooks, each in a browser context of its own (a fresh learner: empty storage).

    Every request not to the loopback address is aborted and recorded in ``outside``.
    ``prefetch`` opens the next notebook while the current one runs, so that its kernel
    starts meanwhile (its Pyodide and packages load in its own worker); the checks do
    not depend on timing, only the printed times do (DLNOTES_LITE_SERIAL=1 turns the
    prefetching off, for clean per-notebook times).
    """

    def __init__(self, browser, server):
        self.browser, self.server = browser, server
        self.outside, self.pending = [], {}
        self.serial = os.environ.get("DLNOTES_LITE_SERIAL", "") not in ("", "0")

    def _route(self, route):
        if urlparse(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _open(self, name):
        context = self.browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", self._route)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        opened = time.monotonic()
        page.goto(f"{self.server}/lab/index.html?path=notebooks/{name}")
        return {"context": context, "page": page, "errors": errors, "opened": opened}

    def take(self, name):
        return self.pending.pop(name, None) or self._open(name)

    def prefetch(self, name):
        if name and not self.serial and name not in self.pending:
            self.pending[name] = self._open(name)

    def close(self):
        for entry in self.pending.values():
            entry["context"].close()
        self.pending.clear()


@pytest.fixture(scope="session")
def opener(server):
    """One Chromium for every notebook."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the python package playwright is not installed (pip install -e '.[test]')")
    executable = _chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        opener = Opener(browser, server)
        try:
            yield opener
        finally:
            opener.close()
            browser.close()


def _next_notebook(request, name):
    """The notebook the next selected test of this function runs, if any."""
    names = [item.callspec.params["name"] for item in request.session.items
             if getattr(item, "originalname", None) == request.node.originalname]
    position = names.index(name) if name in names else len(names)
    return names[position + 1] if position + 1 < len(names) else None


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory, pytestconfig):
    folder = Path(os.environ.get("DLNOTES_SCREENSHOTS") or tmp_path_factory.mktemp("lite-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    with pytestconfig.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
        print(f"\nlite test screenshots: {folder}")
    return folder


def _wait_for_kernel(page, name):
    """Wait until the status bar shows the Pyodide kernel idle (it loads dlnotes and its packages first)."""
    deadline = time.monotonic() + KERNEL_TIMEOUT_S
    status = ""
    while time.monotonic() < deadline:
        status = page.evaluate(KERNEL_STATUS_JS)
        if status == "Idle":
            return
        time.sleep(0.25)
    raise AssertionError(f"{name}: the Pyodide kernel is not idle after {KERNEL_TIMEOUT_S} s: {status!r}")


@pytest.mark.parametrize("name", LITE_NOTEBOOKS)
def test_notebook_runs_in_the_browser_offline(opener, screenshots, name, request, pytestconfig):
    stored_figures, stored_widgets, stored_sliders = _stored_counts(ROOT / "notebooks" / name)
    entry = opener.take(name)
    page = entry["page"]
    timings = {}
    try:
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=120_000)
        _wait_for_kernel(page, name)
        timings["kernel ready"] = time.monotonic() - entry["opened"]
        opener.prefetch(_next_notebook(request, name))

        start = time.monotonic()
        _run_all_from_menu(page, name)
        state = _wait_idle(page, RUN_TIMEOUT_S)
        timings["Run All"] = time.monotonic() - start

        errors = page.evaluate(ERRORS_JS)
        assert not errors, f"{name}: error output after Run All:\n" + "\n---\n".join(errors)
        not_run = [i for i, p in enumerate(state["prompts"]) if not any(c.isdigit() for c in p)]
        assert state["prompts"] and not not_run, f"{name}: code cells {not_run} did not run ({state['prompts']})"
        figures = page.evaluate(FIGURES_JS)
        assert figures >= stored_figures, f"{name}: {figures} figures after Run All, {stored_figures} stored"

        rendered = page.locator(".jp-Notebook .jp-OutputArea-output:has(.jupyter-widgets)").count()
        assert rendered >= stored_widgets, f"{name}: {rendered} widgets rendered, {stored_widgets} stored"
        widgets = page.locator(".jp-Notebook .jp-OutputArea-output:has(.widget-slider)")
        assert widgets.count() >= stored_sliders, \
            f"{name}: {widgets.count()} widgets with a slider rendered, {stored_sliders} stored"
        start = time.monotonic()
        for i in range(widgets.count()):
            output = widgets.nth(i)
            slider = output.locator(".widget-slider").first
            label = (slider.locator(".widget-label").first.text_content() or "").strip() or "unlabelled"
            _drag_slider(page, slider, output, f"{name}: widget {i}, slider {label}")
        timings[f"{widgets.count()} widgets"] = time.monotonic() - start

        errors = page.evaluate(ERRORS_JS)
        assert not errors, f"{name}: error output after moving the sliders:\n" + "\n---\n".join(errors)
        shown = widgets.first if widgets.count() else page.locator(".jp-Notebook .jp-OutputArea-output").last
        shown.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / f"{Path(name).stem}.png"))
        assert not entry["errors"], f"{name}: uncaught errors in the page: {entry['errors']}"
        assert not opener.outside, \
            f"{len(opener.outside)} requests left the loopback address (aborted): {opener.outside[:10]}"
    finally:
        with pytestconfig.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
            print(f"\n{name}: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
        entry["context"].close()

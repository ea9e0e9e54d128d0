"""Sphinx extension: each notebook page links to the same notebook in the JupyterLite site.

The link ("Run it in your browser") opens ``<dlnotes_lite_url>/lab/index.html?path=
notebooks/<name>.ipynb``. ``dlnotes_lite_url`` is relative to the site's root (default
``lite``: the Lite build published as the ``lite/`` folder beside the book, as
``make pages`` assembles it) or an absolute URL. Notebooks that the Lite site leaves out
(``NOT_IN_PYODIDE`` in lite/build_lite.py) get a note saying where to run them instead.
"""

import ast
import html
from pathlib import Path

__all__ = ["setup"]

BUILD_SCRIPT = Path(__file__).resolve().parents[2] / "lite" / "build_lite.py"


def _not_in_pyodide():
    """NOT_IN_PYODIDE from lite/build_lite.py, read without importing it (it needs nbformat)."""
    tree = ast.parse(BUILD_SCRIPT.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "NOT_IN_PYODIDE" for t in node.targets):
            return ast.literal_eval(node.value)
    raise RuntimeError(f"NOT_IN_PYODIDE not found in {BUILD_SCRIPT}")


def _add_link(app, pagename, templatename, context, doctree):
    if not pagename.startswith("notebooks/") or "body" not in context:
        return
    name = pagename.split("/", 1)[1] + ".ipynb"
    excluded = _not_in_pyodide()
    if name in excluded:
        note = (f'<div class="admonition note dlnotes-lite"><p class="admonition-title">Not in the browser</p>'
                f'<p>This notebook does not run in the browser (JupyterLite): {html.escape(excluded[name])}</p></div>')
    else:
        base = app.config.dlnotes_lite_url.rstrip("/")
        if not base.startswith(("http://", "https://", "/")):
            base = "../" * pagename.count("/") + base
        href = f"{base}/lab/index.html?path=notebooks/{name}"
        note = (f'<div class="admonition tip dlnotes-lite"><p class="admonition-title">Run it in your browser</p>'
                f'<p><a class="reference external dlnotes-lite-link" href="{html.escape(href)}">Open this notebook '
                f'in JupyterLite</a>: JupyterLab and Python in your browser, nothing to install.</p></div>')
    context["body"] = note + context["body"]


def setup(app):
    app.add_config_value("dlnotes_lite_url", "lite", "html")
    app.connect("html-page-context", _add_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

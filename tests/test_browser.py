"""The widgets in a real browser: JupyterLab + headless Chromium driven by Playwright.

For every notebook with a stored widget output, open a copy of it in a private
JupyterLab, run all cells from the Run menu, then move every slider in the
widget outputs by mouse drag and by keyboard (ArrowRight/ArrowLeft, End/Home)
and check that the figure (the ``img`` of the widget output) and the text next
to it changes each time. No cell may show an error, and the page may raise no
uncaught JavaScript error. One screenshot per notebook goes into a folder the
test prints (or into $DLNOTES_SCREENSHOTS).

Chromium is Debian's (``apt-get install chromium``); Playwright only drives it.
Without Chromium or Playwright the test is skipped on a developer's machine and
fails in CI (``CI=true``). ``DLNOTES_CHROMIUM`` may point to another Chromium.
"""

import json
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from lab_server import LabServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
IN_CI = os.environ.get("CI", "").lower() == "true"
RUN_TIMEOUT_S = 600   # running all cells of one notebook
CHANGE_TIMEOUT_S = 30  # one slider move → new figure or text
# JupyterLab settings for the private server: every cell attached to the page
# (so all outputs can be inspected), no news or update prompts over the notebook.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _has_widget(path):
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True  # unreadable: include it, so the test reports it rather than hiding it
    return any(
        WIDGET_MIME in output.get("data", {})
        for cell in nb.get("cells", []) if cell.get("cell_type") == "code"
        for output in cell.get("outputs", [])
    )


WIDGET_NOTEBOOKS = [p.name for p in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")) if _has_widget(p)]


def _unavailable(reason):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser test must run in CI)", pytrace=False)
    pytest.skip(reason)


def _chromium():
    candidates = [os.environ["DLNOTES_CHROMIUM"]] if os.environ.get("DLNOTES_CHROMIUM") else CHROMIUM_CANDIDATES
    for path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    _unavailable(f"Chromium not found at {' or '.join(candidates)}; install the Debian package chromium "
                 "(apt-get install chromium) or set DLNOTES_CHROMIUM")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the python package playwright is not installed (pip install -e '.[test]')")
    executable = _chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="module")
def screenshots(workdir, pytestconfig):
    # Under pytest's temporary folder (it keeps the last three runs), or where
    # DLNOTES_SCREENSHOTS says (for CI artifacts).
    folder = Path(os.environ.get("DLNOTES_SCREENSHOTS") or workdir / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():  # shown even when output is captured
        print(f"\nbrowser test screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def lab(browser, workdir):
    """A private JupyterLab on a copy of notebooks/ (plus a probe notebook of the test's own)."""
    root = workdir / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build"))
    _write_probe_notebook(root / "browser_probe.ipynb")
    server = LabServer(sys.executable, root, workdir / "jupyter", user_settings=LAB_SETTINGS)
    server.start()
    try:
        yield server
    finally:
        left = server.stop()
        assert not left, f"kernels still running after the browser test: {left}"


def _write_probe_notebook(path):
    """A small FigureWidget with two sliders: checks the harness itself, whatever the notebooks hold."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        "import numpy as np\n"
        "import ipywidgets as W\n"
        "from matplotlib.figure import Figure\n"
        "from dlnotes.widgets.base import FigureWidget\n"
        "fig = Figure(figsize=(4, 2.5))\n"
        "ax = fig.add_subplot()\n"
        "x = np.linspace(0, 6, 100)\n"
        "(line,) = ax.plot(x, np.sin(x))\n"
        "ax.set_ylim(-3, 3)\n"
        "def update(a, shift):\n"
        "    line.set_ydata(a * np.sin(x + shift))\n"
        "    return f'a = {a:.1f}, shift = {shift}'\n"
        "FigureWidget(fig, {'a': W.FloatSlider(value=1.0, min=0.0, max=2.0, step=0.1, description='a'),\n"
        "                   'shift': W.IntSlider(value=0, min=0, max=5, description='shift')}, update)"
    )]
    nbformat.write(nb, path)


# --- driving JupyterLab ------------------------------------------------------------

# Everything visible in one widget output: its images and its HTML texts.
SNAPSHOT_JS = """out => JSON.stringify([
    Array.from(out.querySelectorAll('img')).map(i => i.src),
    Array.from(out.querySelectorAll('.widget-html-content, .widget-label-basic')).map(e => e.innerHTML)])"""

RUN_STATE_JS = """() => {
    const indicator = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
    const prompts = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt'))
        .map(p => p.textContent.trim());
    return {status: indicator ? indicator.dataset.status : null, prompts: prompts};
}"""

ERRORS_JS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output'))
    .map(o => [o.dataset.mimeType || '', o.innerText])
    .filter(([mime, text]) => (mime === 'application/vnd.jupyter.stderr' && /Traceback|\\w+Error\\b/.test(text))
        || /Traceback \\(most recent call last\\)|Error displaying widget|Failed to load model class/.test(text))
    .map(([mime, text]) => text.slice(0, 2000))"""


def _wait_idle(page, timeout_s):
    """Wait until the kernel is idle and no cell is queued or running ("[*]"), stable for 1 s."""
    deadline = time.monotonic() + timeout_s
    stable_since = None
    while time.monotonic() < deadline:
        state = page.evaluate(RUN_STATE_JS)
        quiet = state["status"] == "idle" and not any("*" in p for p in state["prompts"])
        if quiet:
            stable_since = stable_since or time.monotonic()
            if time.monotonic() - stable_since >= 1.0:
                return state
        else:
            stable_since = None
        time.sleep(0.25)
    raise AssertionError(f"kernel still busy after {timeout_s} s: {page.evaluate(RUN_STATE_JS)}")


def _settle(page, output):
    """Wait for the kernel to be idle and the widget output to stop changing."""
    deadline = time.monotonic() + CHANGE_TIMEOUT_S
    last = output.evaluate(SNAPSHOT_JS)
    while time.monotonic() < deadline:
        time.sleep(0.3)
        state = page.evaluate(RUN_STATE_JS)
        now = output.evaluate(SNAPSHOT_JS)
        if state["status"] == "idle" and now == last:
            return now
        last = now
    return last


def _wait_change(output, before, what):
    """Wait until both the figure and the text have changed.

    Both, not either: the text reports the control's value and is deterministic,
    while some figures (contours, line collections) render to slightly different
    PNG bytes on every draw, so a changed image alone proves little.
    """
    images_before, texts_before = json.loads(before)
    deadline = time.monotonic() + CHANGE_TIMEOUT_S
    images, texts = images_before, texts_before
    while time.monotonic() < deadline:
        images, texts = json.loads(output.evaluate(SNAPSHOT_JS))
        if images != images_before and texts != texts_before:
            return
        time.sleep(0.1)
    unchanged = [name for name, same in (("figure", images == images_before), ("text", texts == texts_before)) if same]
    raise AssertionError(f"{what}: the {' and the '.join(unchanged)} did not change within {CHANGE_TIMEOUT_S} s")


def _open_and_run_all(page, lab, name):
    page.goto(lab.lab_url(name))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
    # A kernel chooser appears only if the notebook names no known kernel: accept the default.
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    if dialog.count():
        dialog.first.click()
    # The indicator says "idle" before the kernel even exists: wait for the server's
    # session of this notebook to have an idle kernel, then for the page to agree.
    deadline = time.monotonic() + 90
    while not any(s["path"].endswith(name) and s["kernel"]["execution_state"] == "idle"
                  for s in lab.api("GET", "/api/sessions")):
        if time.monotonic() > deadline:
            raise AssertionError(f"{name}: no idle kernel after 90 s: {lab.api('GET', '/api/sessions')}")
        time.sleep(0.25)
    _wait_idle(page, 60)
    _run_all_from_menu(page, name)
    # Run All marks every code cell "[*]" at once; done when the kernel is idle and no "[*]" is left.
    return _wait_idle(page, RUN_TIMEOUT_S)


def _run_all_from_menu(page, name):
    """Run menu → Run All Cells, once the kernel is idle.

    The item is disabled until the notebook is the current widget, and a click on
    it then does nothing: retry until the cells run.
    """
    deadline = time.monotonic() + 60
    while True:
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        item = page.locator('li.lm-Menu-item[data-command="runmenu:run-all"]')
        item.wait_for(state="visible")
        if "lm-mod-disabled" not in (item.get_attribute("class") or ""):
            item.click()
            state = page.evaluate(RUN_STATE_JS)
            if state["status"] == "busy" or any("*" in p for p in state["prompts"]):
                break
        else:
            page.keyboard.press("Escape")
        if time.monotonic() > deadline:
            raise AssertionError(f"{name}: Run → Run All Cells did not start the cells: {state}")
        time.sleep(0.5)


def _drag_slider(page, slider, output, label):
    """Drag the slider's handle a third of the track towards the side with room; the output must change."""
    handle = slider.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    before = _settle(page, output)
    track = slider.locator(".noUi-base").first.bounding_box()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    direction = 1 if x < track["x"] + track["width"] / 2 else -1
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + direction * track["width"] / 3, y, steps=6)
    page.mouse.up()
    _wait_change(output, before, f"{label}: drag")
    return handle


def _move_slider(page, slider, output, label):
    """Drag the slider's handle, then move it with the keyboard; each move must change the output."""
    # 1. Mouse.
    handle = _drag_slider(page, slider, output, label)
    before = _settle(page, output)

    # 2. Keyboard: one step (ArrowRight, or ArrowLeft at the maximum) ...
    handle.focus()
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    handle.press("ArrowLeft" if at_max else "ArrowRight")
    _wait_change(output, before, f"{label}: {'ArrowLeft' if at_max else 'ArrowRight'}")
    before = _settle(page, output)

    # ... then to one end (End, or Home when already at the maximum).
    handle.focus()
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    handle.press("Home" if at_max else "End")
    _wait_change(output, before, f"{label}: {'Home' if at_max else 'End'}")
    _settle(page, output)


def _choose_another(page, select, label):
    """Pick the drop-down's next option (the first when at the last): the output must change."""
    select.scroll_into_view_if_needed()
    output = select.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')][1]")
    options = select.locator("option").all_text_contents()
    current = select.evaluate("s => s.selectedIndex")
    before = _settle(page, output)
    select.select_option(index=(current + 1) % len(options))
    _wait_change(output, before, f"{label}: {options[(current + 1) % len(options)]!r}")
    _settle(page, output)


def _exercise(browser, lab, name, screenshot_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page_errors, console_errors = [], []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    timings = {}
    try:
        start = time.monotonic()
        state = _open_and_run_all(page, lab, name)
        timings["run all"] = time.monotonic() - start

        errors = page.evaluate(ERRORS_JS)
        assert not errors, f"{name}: error output after Run All:\n" + "\n---\n".join(errors)
        not_run = [i for i, p in enumerate(state["prompts"]) if not any(c.isdigit() for c in p)]
        assert not not_run, f"{name}: code cells {not_run} did not run (prompts {state['prompts']})"

        sliders = page.locator(".jp-Notebook .jp-OutputArea-output .widget-slider")
        count = sliders.count()
        widgets = page.locator(".jp-Notebook .jp-OutputArea-output .jupyter-widgets").count()
        assert widgets, f"{name}: no widget was rendered after Run All"
        start = time.monotonic()
        for i in range(count):
            slider = sliders.nth(i)
            output = slider.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')][1]")
            text = slider.locator(".widget-label").first.text_content() or ""
            _move_slider(page, slider, output, f"{name}: slider {i} ({text.strip() or 'unlabelled'})")
        timings[f"{count} sliders"] = time.monotonic() - start
        # A widget may also have drop-downs (a schedule, an expression): each choice must redraw too.
        dropdowns = page.locator(".jp-Notebook .jp-OutputArea-output .widget-dropdown select")
        for i in range(dropdowns.count()):
            _choose_another(page, dropdowns.nth(i), f"{name}: drop-down {i}")
        timings[f"{dropdowns.count()} drop-downs"] = time.monotonic() - start - timings[f"{count} sliders"]

        errors = page.evaluate(ERRORS_JS)
        assert not errors, f"{name}: error output after moving the sliders:\n" + "\n---\n".join(errors)
        # The screenshot shows the first figure widget (not, say, a tqdm progress bar).
        shown = page.locator(".jp-Notebook .jp-OutputArea-output:has(.widget-slider) img").first
        if not shown.count():
            shown = page.locator(".jp-Notebook .jp-OutputArea-output .jupyter-widgets").first
        shown.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_path))
        assert not page_errors, f"{name}: uncaught errors in the page: {page_errors}"
    finally:
        if console_errors:
            print(f"{name}: console errors (not failing the test): {console_errors[:10]}")
        print(f"{name}: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
        page.close()
        # Leave no kernel behind for the next notebook.
        for kernel in lab.api("GET", "/api/kernels"):
            lab.api("DELETE", f"/api/kernels/{kernel['id']}")
    assert lab.api("GET", "/api/kernels") == [], f"{name}: kernels left running"
    return count


def test_probe_widget_responds_in_the_browser(browser, lab, screenshots):
    """The harness itself, on a notebook of the test's own: two sliders, both must redraw."""
    assert _exercise(browser, lab, "browser_probe.ipynb", screenshots / "browser_probe.png") == 2


@pytest.mark.parametrize("name", WIDGET_NOTEBOOKS)
def test_notebook_widgets_respond_in_the_browser(browser, lab, screenshots, name):
    _exercise(browser, lab, name, screenshots / f"{Path(name).stem}.png")

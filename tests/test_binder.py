"""The Binder environment, built the way Binder's builder (repo2docker) builds it.

repo2docker's pip path copies the repository into the image and, from the
repository root, runs ``pip install -r binder/requirements.txt`` and then
``binder/postBuild``. Here the same two steps, run in a copy of the working
tree, build a fresh virtual environment in a temporary folder (with this
machine's pip configuration and cache; no Docker, no conda base environment,
the Python running the tests).
Then: dlnotes imports in it, the widget and Jupytext JupyterLab extensions are
there, a JupyterLab started from it opens the .py twins as notebooks, and every
notebook executes with that environment's kernel, outputs written to a
temporary folder (the committed notebooks are never touched) and HTTP(S)
proxies pointed at a closed port, so a notebook that tries to download
something through Python's usual HTTP clients fails.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from lab_server import LabServer, private_jupyter_env  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
CELL_TIMEOUT_S = 600
NO_NETWORK = "http://127.0.0.1:9"  # the discard port: nothing listens, connections are refused
COPY_IGNORE = (".git", ".venv", "_build", "build", "*.egg-info", ".hypothesis", ".pytest_cache",
               "__pycache__", ".ipynb_checkpoints")


def _run(cmd, env, cwd=ROOT, timeout=900):
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, (
        f"{' '.join(map(str, cmd))} exited with {result.returncode}\n"
        f"--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}")
    return result


class BinderEnv:
    def __init__(self, folder):
        self.folder = folder
        self.venv = folder / "venv"
        self.bin = self.venv / "bin"
        self.python = self.bin / "python"
        self.timings = {}
        # Jupyter, IPython and matplotlib folders of the test's own; pip keeps its
        # configuration (local indexes) and cache.
        env = private_jupyter_env(folder / "jupyter")
        env.update(PATH=f"{self.bin}{os.pathsep}{env['PATH']}", VIRTUAL_ENV=str(self.venv),
                   MPLCONFIGDIR=str(folder / "matplotlib"), PYTHONNOUSERSITE="1")
        for name in ("PYTHONPATH", "PYTHONHOME", "CONDA_PREFIX"):
            env.pop(name, None)
        self.env = env

    def build(self):
        # repo2docker builds from a fresh copy of the repository: so does this test
        # (which also keeps build/ and *.egg-info out of the working tree).
        self.repo = self.folder / "repo"
        shutil.copytree(ROOT, self.repo, ignore=shutil.ignore_patterns(*COPY_IGNORE))
        start = time.monotonic()
        _run([sys.executable, "-m", "venv", self.venv], self.env)
        self.timings["venv"] = time.monotonic() - start
        start = time.monotonic()
        # What repo2docker runs, from the repository root (it adds --no-cache-dir;
        # here the machine's pip cache is welcome).
        _run([self.bin / "pip", "install", "--quiet", "-r", "binder/requirements.txt"], self.env, cwd=self.repo)
        self.timings["pip install -r binder/requirements.txt"] = time.monotonic() - start
        start = time.monotonic()
        # repo2docker: chmod +x binder/postBuild && ./binder/postBuild, from the repository root.
        _run(["bash", "binder/postBuild"], self.env, cwd=self.repo)
        self.timings["postBuild"] = time.monotonic() - start
        return self

    def run(self, *cmd, **kwargs):
        return _run(cmd, kwargs.pop("env", self.env), **kwargs)


@pytest.fixture(scope="module")
def binder(tmp_path_factory, pytestconfig):
    env = BinderEnv(tmp_path_factory.mktemp("binder")).build()
    with pytestconfig.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
        print(f"\nbinder environment built in {env.venv}: "
              + ", ".join(f"{k} {v:.0f} s" for k, v in env.timings.items()))
    yield env
    shutil.rmtree(env.venv, ignore_errors=True)  # a few hundred MB; the logs and outputs stay


def test_binder_files_are_what_repo2docker_reads():
    requirements = (BINDER / "requirements.txt").read_text()
    lines = [line.split("#")[0].strip() for line in requirements.splitlines()]
    assert ".[lab]" in lines, "binder/requirements.txt must install the repository itself (.[lab])"
    for line in filter(None, lines):
        assert "==" not in line, f"binder/requirements.txt pins {line!r}: use a version range"
    assert (BINDER / "postBuild").read_text().startswith("#!"), "postBuild needs a shebang line"
    assert (BINDER / "runtime.txt").read_text().strip().startswith("python-3.")


def test_dlnotes_imports_from_the_binder_environment(binder):
    out = binder.run(binder.python, "-c",
                     "import sys, dlnotes, ipywidgets, jupytext, matplotlib, sklearn; "
                     "print(sys.prefix); print(dlnotes.__file__); print(ipywidgets.__version__)",
                     cwd=binder.folder).stdout
    prefix, module, widgets_version = out.split()
    assert Path(prefix) == binder.venv
    # Installed into the environment (not editable), from this checkout.
    installed = Path(module).parent
    assert installed.is_relative_to(binder.venv), f"dlnotes imported from {installed}, not from the environment"
    sources = {p.relative_to(ROOT / "dlnotes") for p in (ROOT / "dlnotes").rglob("*.py")}
    copies = {p.relative_to(installed) for p in installed.rglob("*.py")}
    assert copies == sources, f"installed modules differ: {sorted(map(str, copies ^ sources))}"
    for name in sources:
        assert (installed / name).read_bytes() == (ROOT / "dlnotes" / name).read_bytes(), f"{name} differs"
    assert widgets_version.startswith("8."), widgets_version


def test_lab_extensions_are_installed(binder):
    listing = binder.run(binder.bin / "jupyter", "labextension", "list")
    text = listing.stdout + listing.stderr
    for name in ("@jupyter-widgets/jupyterlab-manager", "jupyterlab-jupytext"):
        line = next((line for line in text.splitlines() if name in line), "")
        assert "enabled" in line and "OK" in line, f"{name} missing or not enabled:\n{text}"
        assert (binder.venv / "share" / "jupyter" / "labextensions" / name / "package.json").is_file()
    servers = binder.run(binder.bin / "jupyter", "server", "extension", "list")
    text = servers.stdout + servers.stderr
    assert any("jupytext" in line and "enabled" in line for line in text.splitlines()), text


def test_lab_opens_the_py_twins_as_notebooks(binder, tmp_path):
    """postBuild makes Jupytext's notebook viewer the default for .py files (the server reads them as
    notebooks) and turns JupyterLab's news prompt and update check off."""
    twins = [p.parent / "py" / f"{p.stem}.py" for p in NOTEBOOKS if (p.parent / "py" / f"{p.stem}.py").exists()]
    if not twins:
        pytest.skip("no notebook pair yet")
    root = tmp_path / "root"
    root.mkdir()
    (root / twins[0].name).write_text(twins[0].read_text())
    overrides = binder.venv / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "dlnotes.json"
    assert overrides.is_file(), f"postBuild did not write {overrides}"
    with LabServer(binder.python, root, tmp_path / "lab") as lab:
        settings = lab.api("GET", "/lab/api/settings/@jupyterlab/docmanager-extension:plugin")
        viewers = settings["schema"]["properties"]["defaultViewers"]["default"]
        # On failure, say where this server looked for its settings, so the cause is visible.
        paths = binder.run(binder.bin / "jupyter", "lab", "path", env=lab.env).stdout
        assert viewers.get("python") == "Jupytext Notebook", (
            f"defaultViewers = {viewers}\n{overrides}: {overrides.read_text()}\n"
            f"jupyter lab path:\n{paths}\nserver log:\n{lab.log()}")
        notification = lab.api("GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification")
        defaults = {k: v.get("default") for k, v in notification["schema"]["properties"].items()}
        assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False, defaults
        model = lab.api("GET", f"/api/contents/{twins[0].name}?type=notebook&content=1")
        assert model["type"] == "notebook" and model["content"]["cells"], model.get("type")
        assert lab.stop() == []


def _execution_env(binder):
    env = dict(binder.env)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env[name] = NO_NETWORK
    env.pop("no_proxy", None)
    env.pop("NO_PROXY", None)
    return env


def _execute(binder, notebook, output_dir, allow_errors=False):
    return binder.run(
        binder.bin / "jupyter", "nbconvert", "--to", "notebook", "--execute",
        "--output-dir", output_dir, f"--ExecutePreprocessor.timeout={CELL_TIMEOUT_S}",
        "--ExecutePreprocessor.kernel_name=python3", *(["--allow-errors"] if allow_errors else []), notebook,
        env=_execution_env(binder), cwd=notebook.parent, timeout=CELL_TIMEOUT_S * 2,
    )


def _needs_torch(notebook):
    return "require_torch()" in notebook.read_text()


def test_the_kernel_is_the_binder_environment(binder, tmp_path):
    probe = tmp_path / "probe.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import sys; print(sys.prefix)")]
    nbformat.write(nb, probe)
    _execute(binder, probe, tmp_path / "out")
    out = nbformat.read(tmp_path / "out" / "probe.ipynb", as_version=4)
    assert Path(out.cells[0].outputs[0]["text"].strip()) == binder.venv


@pytest.mark.parametrize("notebook", [p for p in NOTEBOOKS if not _needs_torch(p)], ids=lambda p: p.stem)
def test_notebook_executes_in_the_binder_environment(binder, notebook, tmp_path):
    before = notebook.stat().st_mtime_ns
    start = time.monotonic()
    _execute(binder, notebook, tmp_path)
    print(f"{notebook.name}: executed in {time.monotonic() - start:.0f} s")
    executed = json.loads((tmp_path / notebook.name).read_text())
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{notebook.name}: {errors[0]['ename']}: {errors[0]['evalue']}"
    assert notebook.stat().st_mtime_ns == before, "the committed notebook was modified"


@pytest.mark.parametrize("notebook", [p for p in NOTEBOOKS if _needs_torch(p)], ids=lambda p: p.stem)
def test_a_pytorch_notebook_says_how_to_install_it(binder, notebook, tmp_path):
    """Binder's environment has no PyTorch (a CUDA build would be gigabytes): the notebook says so,
    in one line and without a traceback, at its first code cell."""
    binder.run(binder.python, "-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is not None)")
    _execute(binder, notebook, tmp_path, allow_errors=True)
    executed = json.loads((tmp_path / notebook.name).read_text())
    code = [c for c in executed["cells"] if c["cell_type"] == "code"]
    errors = [(k, o) for k, c in enumerate(code) for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors, f"{notebook.name} ran without PyTorch and raised nothing"
    first_cell, first = errors[0]
    assert first_cell == 0 and first["ename"] == "TorchMissing", errors[0]
    assert len(first["traceback"]) == 1 and "pip install dlnotes[torch]" in first["traceback"][0], first["traceback"]

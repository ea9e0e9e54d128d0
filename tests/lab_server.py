"""Start and stop a private JupyterLab server for the tests (not a test module).

The server listens on 127.0.0.1 on a free port, requires a random token, opens
no browser and keeps its config, runtime and data folders (and IPython's) in
a folder of the test's own, so nothing on the developer's machine is read or
written. JUPYTER_DATA_DIR only replaces the *user* data folder: the
environment's own ``<sys.prefix>/share/jupyter`` (where the widget and
Jupytext lab extensions and the python3 kernel live) is still searched.

``stop()`` shuts every kernel down through the REST API, checks none is left,
then terminates the server process (and kills it if it does not exit).
"""

import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = ["LabServer", "free_port", "private_jupyter_env"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_jupyter_env(folder, base=None):
    """A copy of ``base`` (default: os.environ) whose Jupyter folders are under ``folder``."""
    folder = Path(folder)
    env = dict(os.environ if base is None else base)
    for name in ("config", "runtime", "data", "ipython"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    env.update(
        JUPYTER_CONFIG_DIR=str(folder / "config"),
        JUPYTER_RUNTIME_DIR=str(folder / "runtime"),
        JUPYTER_DATA_DIR=str(folder / "data"),
        IPYTHONDIR=str(folder / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    for name in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTERLAB_DIR",
                 "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "JUPYTER_TOKEN"):
        env.pop(name, None)
    return env


class LabServer:
    """JupyterLab run by ``python`` (its own environment, whatever PATH holds) on ``root_dir``; a context manager."""

    def __init__(self, python, root_dir, work_dir, user_settings=None, timeout=90):
        self.python = str(python)
        self.root_dir = Path(root_dir)
        self.work_dir = Path(work_dir)
        self.user_settings = user_settings or {}
        self.timeout = timeout
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log_path = self.work_dir / "server.log"

    # -- lifecycle ---------------------------------------------------------
    def start(self):
        self.work_dir.mkdir(parents=True, exist_ok=True)
        env = self.env = private_jupyter_env(self.work_dir)
        settings_dir = Path(env["JUPYTER_CONFIG_DIR"]) / "lab" / "user-settings"
        for plugin, values in self.user_settings.items():
            package, name = plugin.split(":")
            path = settings_dir / package / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        # Run JupyterLab's own module with the python asked for. `python -m jupyter lab`
        # would not: jupyter_core looks `jupyter-lab` up on PATH first and only appends
        # this python's scripts folder at the end, so any other `jupyter-lab` on PATH
        # (another environment's, without this one's settings overrides) would serve.
        # The kernels and terminals the server starts find this environment first too.
        env["PATH"] = os.pathsep.join([str(Path(self.python).parent), env.get("PATH", os.defpath)])
        cmd = [
            self.python, "-m", "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.open_browser=False",
            # No news feed, no update check, no PyPI listing: nothing reaches the network.
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers run as root
            cmd.append("--allow-root")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, env=env, cwd=self.root_dir, stdout=self._log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n{self.log()}")
            try:
                self.api("GET", "/api/status")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"jupyter lab did not answer within {self.timeout} s:\n{self.log()}")
                time.sleep(0.25)

    def stop(self):
        """Shut down every kernel, check none is left, stop the process. Returns the kernels left."""
        left = []
        if self.proc is not None and self.proc.poll() is None:
            try:
                for kernel in self.api("GET", "/api/kernels"):
                    self.api("DELETE", f"/api/kernels/{kernel['id']}")
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    left = self.api("GET", "/api/kernels")
                    if not left:
                        break
                    time.sleep(0.25)
            finally:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=10)
        if getattr(self, "_log", None) is not None:
            self._log.close()
            self._log = None
        return left

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- helpers -----------------------------------------------------------
    def api(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else None

    def lab_url(self, path):
        """The URL that opens ``path`` (relative to root_dir) in a fresh JupyterLab workspace."""
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")[-6000:]
        except OSError:
            return ""

"""The private JupyterLab server of the browser and Binder tests runs the environment it is given.

`python -m jupyter lab` looks `jupyter-lab` up on PATH before the python's own
scripts folder, so another environment's JupyterLab (without this one's
settings overrides) could answer instead: here a decoy `jupyter-lab` that
cannot serve stands first on PATH, and the server must still start, from the
python it was given.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lab_server import LabServer  # noqa: E402


def test_the_server_is_the_given_pythons_jupyterlab_whatever_path_holds(tmp_path, monkeypatch):
    decoys = tmp_path / "decoys"
    decoys.mkdir()
    for name in ("jupyter-lab", "jupyter"):
        decoy = decoys / name
        decoy.write_text("#!/bin/sh\necho 'a decoy from another environment' >&2\nexit 3\n")
        decoy.chmod(0o755)
    monkeypatch.setenv("PATH", f"{decoys}:{os.environ['PATH']}")
    root = tmp_path / "root"
    root.mkdir()
    with LabServer(sys.executable, root, tmp_path / "lab") as lab:
        status = lab.api("GET", "/api/status")
        assert "started" in status
        assert "a decoy" not in lab.log()
        assert lab.stop() == []

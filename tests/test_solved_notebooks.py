"""Every notebook with checked exercises, run with every solution filled in.

``DLNOTES_SOLVED=1`` makes each check cell replace a stub by the shipped
solution, which must pass; the notebook's last cell
(``exercises.progress``) then fails unless every one of its exercises was
checked and passed. So this proves, notebook by notebook, that each check
cell is wired to its exercise and that each solution passes in context. The
notebooks as shipped (stubs) run under strict nbval separately.
"""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from dlnotes import exercises

ROOT = Path(__file__).resolve().parents[1]
WITH_EXERCISES = sorted({ex.notebook for ex in exercises.all_exercises()})


@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_the_notebook_passes_every_check_with_the_solutions(stem, monkeypatch):
    monkeypatch.setenv("DLNOTES_SOLVED", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    path = ROOT / "notebooks" / f"{stem}.ipynb"
    nb = nbformat.read(path, as_version=4)
    # The kernel inherits this process's environment, DLNOTES_SOLVED included.
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    verdicts = [o["data"]["text/plain"] for o in outputs
                if o.get("output_type") == "execute_result" and "exercises passed" in o["data"].get("text/plain", "")]
    assert verdicts, f"{stem}: no progress cell"
    n = sum(ex.notebook == stem for ex in exercises.all_exercises())
    assert verdicts[-1].startswith(f"{stem}: {n} of {n} exercises passed"), verdicts[-1]

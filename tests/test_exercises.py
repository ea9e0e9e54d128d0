"""Every checked exercise of the collection, checked generically.

For each exercise: the shipped solution passes; every recognised mistake fails
with its own words; a stub reports "not attempted"; answers that are slightly
off (scaled, shifted, negated) fail; and the solution shown collapsed in the
notebook is exactly the package's solution.
"""

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from dlnotes import exercises
from dlnotes.exercises.base import MISTAKE, NOT_ATTEMPTED, PASSED, WRONG
from dlnotes.exercises.solution_cells import solution_cells, write_solution_cells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
EXERCISES = exercises.all_exercises()
IDS = [f"{ex.notebook[:2]}-{ex.name}" for ex in EXERCISES]


def _perturb(value, how):
    if isinstance(value, (tuple, list)):
        return type(value)(_perturb(v, how) for v in value)
    value = np.asarray(getattr(value, "value", value), dtype=float)
    return {"scaled": value * 1.01, "shifted": value + 1e-3 * (1 + np.abs(value)), "negated": -value}[how]


def _parts(value):
    """The numeric arrays inside an answer (a tuple's parts one by one)."""
    if isinstance(value, (tuple, list)):
        return [p for v in value for p in _parts(v)]
    return [np.asarray(getattr(value, "value", value), dtype=float)]


def _stub(*args):
    raise NotImplementedError


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_the_solution_passes(exercise):
    result = exercise.check(exercise.solution)
    assert result.passed, result.message
    assert result.status == PASSED and "correct" in repr(result)


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_a_stub_is_not_attempted(exercise):
    stub = _stub if exercise.cases is not None else ...
    result = exercise.check(stub)
    assert result.status == NOT_ATTEMPTED and not result.passed
    assert "not attempted" in result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_every_mistake_is_recognised_with_its_words(exercise):
    assert exercise.mistakes, f"{exercise.name} recognises no mistake"
    for wrong, words in exercise.mistakes:
        result = exercise.check(wrong)
        assert result.status == MISTAKE, f"{words!r} not recognised: {result.message}"
        assert result.message == words


@pytest.mark.parametrize("how", ["scaled", "shifted", "negated"])
@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_a_slightly_wrong_answer_fails(exercise, how):
    if exercise.cases is None:
        if not isinstance(exercise.solution, (int, float, np.ndarray, tuple, list)) or \
                isinstance(exercise.solution, bool):
            pytest.skip("not a numeric answer: perturbing it means nothing")
        wrong = _perturb(exercise.solution, how)
        expected = [exercise.solution]
    else:
        def wrong(*args):
            return _perturb(exercise.solution(*args), how)
        expected = [exercise.solution(*case) for case in exercise.cases]
    if how == "negated" and all(np.allclose(part, 0) for e in expected for part in _parts(e)):
        pytest.skip("the solution is zero on every case: negating it changes nothing")
    result = exercise.check(wrong)
    assert not result.passed and result.status in (WRONG, MISTAKE), result.message


def test_every_numbered_notebook_has_at_least_three_exercises():
    by_notebook = {}
    for ex in EXERCISES:
        by_notebook.setdefault(ex.notebook, []).append(ex)
    stems = {p.stem for p in NOTEBOOKS}
    assert set(by_notebook) == stems, (f"exercises for missing notebooks: {set(by_notebook) - stems}; "
                                       f"notebooks without exercises: {stems - set(by_notebook)}")
    for stem, listed in by_notebook.items():
        assert len(listed) >= 3, f"{stem} has {len(listed)} checked exercises"
        assert len({ex.name for ex in listed}) == len(listed), f"{stem}: two exercises share a name"


def _solution_blocks(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    blocks = re.findall(r"<details>\s*<summary>[^<]*</summary>(.*?)</details>", text, re.S)
    return ["\n".join(code.strip() for code in re.findall(r"```python\n(.*?)```", b, re.S)) for b in blocks]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_shows_each_solution_as_the_package_has_it(notebook):
    listed = [ex for ex in EXERCISES if ex.notebook == notebook.stem]
    blocks = _solution_blocks(notebook)
    source = notebook.read_text()
    for ex in listed:
        assert ex.solution_source() in blocks, (
            f"{notebook.name}: no <details> block holds the solution of {ex.name} as the package has it")
        assert f".{_constant(ex)}.check(" in source, f"{notebook.name} never checks {ex.name}"
    assert "exercises.progress(" in source, f"{notebook.name} does not show the learner's progress"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_solution_cell_is_written_from_the_package(notebook):
    """The k-th solution cell is exactly solution_markdown of the k-th exercise (`make solutions`)."""
    nb = nbformat.read(notebook, as_version=4)
    listed = [ex for ex in EXERCISES if ex.notebook == notebook.stem]
    cells = [nb.cells[k].source for k in solution_cells(nb)]
    assert len(cells) == len(listed), f"{notebook.name}: {len(cells)} solution cells, {len(listed)} exercises"
    for ex, cell in zip(listed, cells):
        assert cell == exercises.solution_markdown(ex), (
            f"{notebook.name}: the solution cell of {ex.name} differs from the package's; run `make solutions`")


def test_writing_the_solution_cells_fixes_a_stale_one(tmp_path):
    source = NOTEBOOKS[0]
    path = tmp_path / source.name
    nb = nbformat.read(source, as_version=4)
    first = solution_cells(nb)[0]
    nb.cells[first].source = "<details><summary>Solution</summary>\n\nan old answer\n\n</details>"
    nbformat.write(nb, path)
    assert write_solution_cells(path) == 1
    fixed = nbformat.read(path, as_version=4)
    listed = [ex for ex in EXERCISES if ex.notebook == source.stem]
    assert fixed.cells[first].source == exercises.solution_markdown(listed[0])
    assert [c.source for c in fixed.cells] == [c.source for c in nbformat.read(source, as_version=4).cells]
    assert write_solution_cells(path) == 0  # nothing left to change


def _constant(exercise):
    module = next(m for m in exercises.exercise_modules() if exercise in m.EXERCISES)
    return next(name for name, value in vars(module).items() if value is exercise)

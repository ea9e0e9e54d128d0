"""Write each exercise's folded solution into its notebook, from the package.

A notebook shows, under each exercise, a markdown cell that starts with
``<details><summary>Solution</summary>``; the k-th such cell belongs to the
k-th exercise of the notebook's module (``nbNN.EXERCISES``). This tool
replaces each of those cells with :func:`~dlnotes.exercises.base.solution_markdown`
of its exercise, so that editing a solution or its explanation in
``dlnotes/exercises/nbNN.py`` and running::

    python -m dlnotes.exercises.solution_cells notebooks/*.ipynb
    jupytext --sync notebooks/*.ipynb

is all it takes to update what the learner unfolds (``make solutions`` does
both). Only markdown cells change, so the stored outputs stay valid.
``tests/test_exercises.py`` checks that every notebook is up to date.
"""

import pathlib
import sys

import nbformat

from dlnotes.exercises import exercise_modules
from dlnotes.exercises.base import solution_markdown

__all__ = ["SOLUTION_CELL_START", "solution_cells", "write_solution_cells"]

SOLUTION_CELL_START = "<details><summary>Solution</summary>"


def _exercises_of(stem):
    for module in exercise_modules():
        if module.EXERCISES and module.EXERCISES[0].notebook == stem:
            return module.EXERCISES
    raise ValueError(f"no exercise module lists exercises for the notebook {stem!r}")


def solution_cells(notebook):
    """The indices of ``notebook``'s solution cells (an nbformat notebook), in order."""
    return [k for k, cell in enumerate(notebook.cells) if cell.cell_type == "markdown"
            and cell.source.lstrip().startswith(SOLUTION_CELL_START)]


def write_solution_cells(path):
    """Rewrite the solution cells of the notebook at ``path``; returns how many changed."""
    path = pathlib.Path(path)
    notebook = nbformat.read(path, as_version=4)
    exercises = _exercises_of(path.stem)
    cells = solution_cells(notebook)
    if len(cells) != len(exercises):
        raise ValueError(f"{path.name} has {len(cells)} solution cells but {len(exercises)} exercises: "
                         "each exercise needs one cell starting with " + SOLUTION_CELL_START)
    changed = 0
    for k, exercise in zip(cells, exercises):
        text = solution_markdown(exercise)
        if notebook.cells[k].source != text:
            notebook.cells[k].source = text
            changed += 1
    if changed:
        nbformat.write(notebook, path)
    return changed


def main(paths):
    for path in paths:
        print(f"{path}: {write_solution_cells(path)} solution cell(s) rewritten")


if __name__ == "__main__":
    main(sys.argv[1:])

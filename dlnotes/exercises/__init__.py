"""Checked exercises with shipped solutions, one module per notebook (``nb02`` for notebook 02).

In a notebook::

    from dlnotes import exercises
    from dlnotes.exercises import nb02

    def softmax_with_temperature(z, T):
        ...  # the learner's code; the shipped stub raises NotImplementedError until then

    nb02.SOFTMAX_WITH_TEMPERATURE.check(softmax_with_temperature)

and, at the end, ``exercises.progress("02_output_units", nb02.EXERCISES)``.
See :mod:`dlnotes.exercises.base` for how a check decides.
"""

import importlib
import pkgutil
import re

from dlnotes.exercises.base import (MISTAKE, NOT_ATTEMPTED, PASSED, WRONG, Exercise, Result, progress,
                                    show_solution, solution_markdown, solved_mode)

__all__ = ["Exercise", "Result", "all_exercises", "exercise_modules", "progress", "show_solution",
           "solution_markdown", "solved_mode", "NOT_ATTEMPTED", "PASSED", "MISTAKE", "WRONG"]


def exercise_modules():
    """The per-notebook modules (``nb01``, ``nb02``, ...), imported, in notebook order."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if re.fullmatch(r"nb\d\d", m.name))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def all_exercises():
    """Every exercise of the collection, notebook by notebook."""
    return [exercise for module in exercise_modules() for exercise in module.EXERCISES]

"""Checked exercises: an answer goes in, a verdict that says what is wrong comes out.

An :class:`Exercise` holds a reference solution and the common mistakes it
recognises. ``exercise.check(answer)`` returns a :class:`Result`:

* ``"not attempted"``: the answer is a stub (``...``, ``None``, or a function
  whose body still raises ``NotImplementedError``);
* ``"passed"``: the answer agrees with the solution on every test input;
* ``"mistake"``: it agrees with one of the known mistakes, whose words say
  what went wrong ("you normalised without exponentiating");
* ``"wrong"``: anything else, with the first input on which it differs and
  both values (or the error it raised).

Two kinds: a *function* exercise (``cases`` given: the answer is a function,
called on each case's arguments) and a *value* exercise (no ``cases``: the
answer is a number, an array or a tuple of them).

Set the environment variable ``DLNOTES_SOLVED=1`` to run a notebook with
every solution filled in: a stub is then replaced by the shipped solution,
which must pass, and :func:`progress` fails unless every exercise of the
notebook was checked and passed. CI runs every notebook that way too.
"""

import html
import inspect
import os
import textwrap
import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["Exercise", "Result", "progress", "show_solution", "solution_markdown", "solved_mode",
           "NOT_ATTEMPTED", "PASSED", "MISTAKE", "WRONG"]

NOT_ATTEMPTED, PASSED, MISTAKE, WRONG = "not attempted", "passed", "mistake", "wrong"
_MARKS = {NOT_ATTEMPTED: "·", PASSED: "✓", MISTAKE: "✗", WRONG: "✗"}
_COLOURS = {NOT_ATTEMPTED: "#6b7280", PASSED: "#15803d", MISTAKE: "#b91c1c", WRONG: "#b91c1c"}

# The latest verdict of every exercise checked in this kernel: (notebook, name) -> status.
_LATEST = {}


def solved_mode():
    """True when ``DLNOTES_SOLVED`` asks for every stub to be replaced by its solution."""
    return os.environ.get("DLNOTES_SOLVED", "") not in ("", "0")


@dataclass(frozen=True)
class Result:
    """The verdict of one check: ``passed``, ``status`` and a ``message`` for the learner."""

    exercise: str
    status: str
    message: str

    @property
    def passed(self):
        return self.status == PASSED

    def __repr__(self):
        return f"{_MARKS[self.status]} {self.exercise}: {self.message}"

    def _repr_html_(self):
        colour = _COLOURS[self.status]
        body = html.escape(self.message).replace("\n", "<br>")
        return (f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
                f'<b style="color:{colour}">{_MARKS[self.status]} {html.escape(self.exercise)}</b>: '
                f'<span style="white-space:pre-wrap;font-family:monospace">{body}</span></div>')


class _Stub(Exception):
    """The answer is a stub: nothing to check yet."""


def _is_stub_value(answer):
    return answer is ... or answer is None


def _fmt(value):
    """A short, readable form of a value for a message."""
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(_fmt(v) for v in value) + ")"
    if isinstance(value, np.ndarray) or np.isscalar(value):
        array = np.asarray(value)
        if array.dtype.kind == "f":
            return np.array2string(array, precision=6, threshold=12, edgeitems=3, suppress_small=False,
                                   separator=", ")
        return np.array2string(array, threshold=12, edgeitems=3, separator=", ")
    return repr(value)


def _difference(got, expected, rtol, atol, where="the answer", equal_nan=False):
    """None when ``got`` matches ``expected``, else a sentence saying where it differs.

    NaN never matches a number; with ``equal_nan`` (used to recognise a known
    mistake that produces NaN) it matches NaN.
    """
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"{where} should be a tuple of {len(expected)} values, got {_fmt(got)}"
        for k, (g, e) in enumerate(zip(got, expected)):
            problem = _difference(g, e, rtol, atol, f"part {k} of {where}", equal_nan)
            if problem:
                return problem
        return None
    if isinstance(expected, (bool, np.bool_)):
        return None if isinstance(got, (bool, np.bool_)) and got == expected else \
            f"{where} is {_fmt(got)}, expected {_fmt(expected)}"
    if isinstance(expected, str):
        return None if got == expected else f"{where} is {got!r}, expected {expected!r}"
    try:
        g = np.asarray(getattr(got, "value", got), dtype=float)
    except (TypeError, ValueError):
        return f"{where} is {_fmt(got)}, which is not a number or an array of numbers"
    e = np.asarray(expected, dtype=float)
    if g.shape != e.shape:
        return f"{where} has shape {g.shape}, expected shape {e.shape}"
    if not np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=equal_nan):
        return f"{where} is {_fmt(g)}, expected {_fmt(e)}"
    return None


class Exercise:
    """One checked exercise of a notebook.

    ``notebook``: the notebook's file stem (``"02_output_units"``); ``name``:
    the name the learner's answer has in the notebook; ``prompt``: the task in
    one sentence; ``solution``: the reference answer (a function, or a value);
    ``mistakes``: ``(wrong_answer, words)`` pairs, common mistakes and what to
    say about each; ``cases``: for a function exercise, the argument tuples it
    is called with (several, edge cases included); ``rtol``/``atol``: how close
    counts as equal; ``explanation``: the worked reasoning shown with the
    solution; ``code``: for a value exercise, the code that computes the value
    (shown as its solution).
    """

    def __init__(self, notebook, name, prompt, solution, *, mistakes=(), cases=None,
                 rtol=1e-6, atol=1e-9, explanation="", code=None):
        self.notebook = notebook
        self.name = name
        self.prompt = prompt
        self.solution = solution
        self.mistakes = list(mistakes)
        self.cases = None if cases is None else [tuple(c) for c in cases]
        self.rtol, self.atol = rtol, atol
        self.explanation = explanation
        self.code = code
        if self.cases is not None and not callable(solution):
            raise TypeError(f"exercise {name!r} has cases, so its solution must be a function")

    def __repr__(self):
        return f"Exercise({self.notebook!r}, {self.name!r})"

    # -- evaluating answers ------------------------------------------------------
    def _outputs(self, answer):
        """The answer's outputs on every case (a function exercise) or the value itself.

        Raises :class:`_Stub` for a stub; any other exception propagates with the
        case that caused it attached.
        """
        if self.cases is None:
            if _is_stub_value(answer):
                raise _Stub
            return [answer]
        if _is_stub_value(answer):
            raise _Stub
        if not callable(answer):
            raise TypeError(f"{self.name} should be a function, got {type(answer).__name__}")
        outputs = []
        for case in self.cases:
            # Copies: an answer that changes its input in place must not change the next check.
            args = tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in case)
            try:
                # A wrong answer may overflow or divide by zero: its NaN is reported
                # in the verdict, not as a RuntimeWarning on the notebook's stderr.
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore", RuntimeWarning)
                    outputs.append(answer(*args))
            except NotImplementedError:
                raise _Stub from None
            except Exception as error:  # the learner's code failed: say where
                error.case = case
                raise
        return outputs

    def _compare(self, outputs, expected, equal_nan=False):
        """(index of the first differing case, sentence), or None when all agree."""
        for k, (got, want) in enumerate(zip(outputs, expected)):
            problem = _difference(got, want, self.rtol, self.atol, equal_nan=equal_nan)
            if problem:
                return k, problem
        return None

    def _describe_case(self, k):
        if self.cases is None:
            return ""
        parameters = None
        if callable(self.solution):
            try:
                parameters = list(inspect.signature(self.solution).parameters)
            except (TypeError, ValueError):
                parameters = None
        args = self.cases[k]
        names = parameters if parameters and len(parameters) >= len(args) else [f"arg{i}" for i in range(len(args))]
        return "for " + ", ".join(f"{n}={_fmt(a)}" for n, a in zip(names, args)) + ": "

    def check(self, answer):
        """Check ``answer``; return a :class:`Result` (shown nicely in a notebook)."""
        result = self._check(answer)
        if result.status == NOT_ATTEMPTED and solved_mode():
            result = self._check(self.solution)
            if not result.passed:
                raise AssertionError(f"the shipped solution of {self.name} fails its check: {result.message}")
            result = Result(self.name, PASSED, "solved with the shipped solution (DLNOTES_SOLVED is set).")
        _LATEST[(self.notebook, self.name)] = result.status
        return result

    def _check(self, answer):
        expected = self._outputs(self.solution)
        try:
            outputs = self._outputs(answer)
        except _Stub:
            return Result(self.name, NOT_ATTEMPTED, "not attempted yet: fill in your answer and run this cell again.")
        except Exception as error:
            where = self._describe_case(self.cases.index(error.case)) if hasattr(error, "case") else ""
            return Result(self.name, WRONG, f"{where}your answer raised {type(error).__name__}: {error}")
        difference = self._compare(outputs, expected)
        if difference is None:
            return Result(self.name, PASSED, "correct.")
        for wrong, words in self.mistakes:
            try:
                if self._compare(outputs, self._outputs(wrong), equal_nan=True) is None:
                    return Result(self.name, MISTAKE, words)
            except Exception:  # a mistake that cannot run on some case is simply not this one
                continue
        k, problem = difference
        return Result(self.name, WRONG, f"{self._describe_case(k)}{problem}.")

    # -- the solution ---------------------------------------------------------------
    def solution_source(self):
        """The solution as the learner would write it: source code, or the value's repr."""
        if self.code is not None:
            return self.code.strip()
        if callable(self.solution):
            return textwrap.dedent(inspect.getsource(self.solution)).strip()
        return f"{self.name} = {self.solution!r}"


def solution_markdown(exercise):
    """The folded solution cell a notebook shows under an exercise, made from the package.

    ``<details><summary>Solution</summary>``, the solution's source in a python
    code block, its explanation if it has one, and ``</details>``: the text
    :mod:`dlnotes.exercises.solution_cells` writes into the notebooks, so that
    what a learner unfolds is what the checks were written against.
    """
    text = f"<details><summary>Solution</summary>\n\n```python\n{exercise.solution_source()}\n```\n"
    if exercise.explanation:
        text += f"\n{exercise.explanation}\n"
    return text + "\n</details>"


def show_solution(exercise):
    """Display an exercise's solution (and its explanation) in the notebook."""
    text = f"```python\n{exercise.solution_source()}\n```"
    if exercise.explanation:
        text += "\n\n" + exercise.explanation
    try:
        from IPython.display import Markdown, display
    except ImportError:  # plain Python: print it
        print(text)
        return
    display(Markdown(text))


@dataclass(frozen=True)
class Progress:
    """The latest verdict of each of a notebook's exercises in this kernel."""

    notebook: str
    rows: tuple

    @property
    def done(self):
        return sum(status == PASSED for _, status in self.rows)

    def __repr__(self):
        lines = [f"{self.notebook}: {self.done} of {len(self.rows)} exercises passed"]
        lines += [f"  {_MARKS[status]} {name}: {status}" for name, status in self.rows]
        return "\n".join(lines)

    def _repr_html_(self):
        items = "".join(f'<li style="color:{_COLOURS[s]}">{_MARKS[s]} <code>{html.escape(n)}</code>: {s}</li>'
                        for n, s in self.rows)
        return (f"<div><b>{self.done} of {len(self.rows)} exercises passed</b>"
                f'<ul style="list-style:none;padding-left:1em">{items}</ul></div>')


def progress(notebook, exercises):
    """The learner's progress on ``exercises`` (those of ``notebook``) in this kernel.

    In solved mode (``DLNOTES_SOLVED``) every exercise must have been checked
    and passed: an AssertionError names those that were not.
    """
    rows = tuple((ex.name, _LATEST.get((notebook, ex.name), NOT_ATTEMPTED)) for ex in exercises)
    if solved_mode():
        missing = [name for name, status in rows if status != PASSED]
        if missing:
            raise AssertionError(f"{notebook}: exercises not checked or not passed in solved mode: {missing}")
    return Progress(notebook, rows)

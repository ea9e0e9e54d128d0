"""Input checks at the public boundary: bad input becomes a clear error, never a silent NaN.

One function per kind of check, each raising an error that names the argument
and what it got:

- :func:`as_float_array`: numbers only (``TypeError`` for None, strings,
  complex values, objects; ``ValueError`` for ragged nested lists);
- :func:`check_finite`: no NaN or infinity in data (``ValueError``);
- :func:`check_count`: counts and sizes are integers ≥ 1 (``ValueError`` for a
  fraction, zero or a negative count, ``TypeError`` for None, a bool or a string);
- :func:`check_positive`, :func:`check_real`, :func:`check_temperature`,
  :func:`check_learning_rate`: finite scalar settings;
- :func:`check_axis`: an axis is an integer (or a tuple of them) within the array's dimensions;
- :func:`check_nonempty`: a mean over zero examples is undefined, so empty data is an error;
- :func:`check_broadcastable`: elementwise operands whose shapes do not broadcast
  name the operation and both shapes;
- :func:`check_labels`, :func:`check_same_length`: one integer class label per example;
- :func:`check_parameters`: an optimiser's parameters are distinct Nodes;
- :func:`check_rng`: a random source is a ``np.random.Generator``;
- :func:`check_callable`: a function argument is callable;
- :func:`check_matrix`: data is a finite (N, features) array with N ≥ 1
  (and a given number of features);
- :func:`check_fraction`: a probability or fraction lies in a given interval;
- :func:`check_index`: an integer index lies in range(n);
- :func:`check_model_input`: a model's batch (an array or a Node) is finite and
  has the width the model expects;
- :func:`check_sizes`: a network's layer widths, at least two counts ≥ 1;
- :func:`check_mapping`: a table of precomputed results is a non-empty dict;
- :func:`check_sequence`: a list argument is a list (not None, a string or one number).

The checks sit where data enters (a Node is made, an operation is applied to a
constant, a loss, a model, an optimiser, ``train``), not inside the loops.

IEEE semantics (what is *not* an error)
---------------------------------------
Arithmetic on values that are already numbers follows IEEE 754 as numpy has
it, without raising: ``1/0 = inf`` and ``−1/0 = −inf``, ``0/0 = NaN``;
``log(0) = −inf``; ``exp(1000) = inf`` (overflow); a negative base to a
fractional power (``(−1) ** 0.5``) is NaN; and NaN in gives NaN out for an
elementwise operation (numpy warns with a ``RuntimeWarning`` where it does).
These are the right answers of floating-point arithmetic (and so are the
gradients they lead to: d√x/dx = inf at x = 0). What does raise: a negative input to ``log`` (its domain),
NaN or infinity in *data* handed to a model, a loss target or a setting, and
``train``, which stops with :class:`~dlnotes.training.TrainingDiverged` as soon as
the loss is not finite. :func:`~dlnotes.gradcheck.gradcheck` counts a NaN or
infinite gradient as a failure (it returns ``inf``), never as a match.
"""

import math
import numbers

import numpy as np

__all__ = ["as_float_array", "check_finite", "check_count", "check_positive", "check_real",
           "check_temperature", "check_learning_rate", "check_axis", "check_nonempty",
           "check_broadcastable", "check_labels", "check_same_length", "check_parameters",
           "check_rng", "check_callable", "check_matrix", "check_fraction", "check_index",
           "check_model_input", "check_sequence", "check_sizes", "check_mapping"]


_FLOAT64 = np.dtype(np.float64)
_add_reduce = np.add.reduce


def _describe(value):
    """A short description of a value for an error message: its type and a short repr."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(value).__name__})"


def as_float_array(value, what="value"):
    """``value`` as a real floating-point ndarray (float64 unless already a float dtype).

    Numbers, nested lists of numbers, bool and integer arrays convert; None,
    strings, complex numbers and arbitrary objects are a ``TypeError``, a ragged
    nested list a ``ValueError``, each naming ``what``.
    """
    try:
        array = np.asarray(value)
    except ValueError:  # numpy's "inhomogeneous shape" for ragged nested lists
        raise ValueError(f"{what} must be a rectangular array of numbers, got a ragged "
                         f"nested sequence {_describe(value)}") from None
    kind = array.dtype.kind
    if kind == "f":
        return array
    if kind in "biu":
        return array.astype(np.float64)
    if kind == "c":
        raise TypeError(f"{what} must be real numbers, got complex values {_describe(value)}; "
                        "take .real or abs() first")
    if kind in "USa":
        raise TypeError(f"{what} must be numbers, got text {_describe(value)}")
    if value is None:
        raise TypeError(f"{what} must be numbers (a number, a list or an ndarray), got None")
    raise TypeError(f"{what} must be numbers (a number, a list or an ndarray), "
                    f"got {_describe(value)} of dtype {array.dtype}")


def check_finite(array, what="data"):
    """``array`` as a float64 array; a ValueError if it holds NaN or infinity."""
    if array.__class__ is not np.ndarray or array.dtype is not _FLOAT64:
        array = as_float_array(array, what).astype(np.float64, copy=False)
    # One reduction, no temporary array (this runs on every batch a model sees): NaN and
    # ±inf carry into the sum. A sum that overflows from finite values (near 1.8e308) is re-checked.
    if not math.isfinite(_add_reduce(array, None)):
        bad = ~np.isfinite(array)
        if bad.any():
            raise ValueError(f"{what} holds {int(bad.sum())} non-finite value(s) (NaN or inf), "
                             f"first at index {tuple(int(k) for k in np.argwhere(bad)[0])}")
    return array


def check_count(n, what, minimum=1):
    """``n`` as an int; an error unless it is an integer ≥ ``minimum``.

    A number that is not an integer (2.5, and also 2.0: a count that arrives as
    a float was usually computed by a division that should have been ``//``),
    or one below ``minimum``, is a ValueError; a non-number (None, a string, a
    bool) a TypeError.
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Real):
        raise TypeError(f"{what} must be an integer ≥ {minimum}, got {_describe(n)}")
    if not isinstance(n, numbers.Integral):
        raise ValueError(f"{what} must be an integer ≥ {minimum}, got {_describe(n)}")
    if n < minimum:
        raise ValueError(f"{what} must be an integer ≥ {minimum}, got {n}")
    return int(n)


def check_real(x, what):
    """``x`` as a float; a ValueError (TypeError for a non-number) unless it is a finite real number."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        raise TypeError(f"{what} must be a finite real number, got {_describe(x)}")
    if not np.isfinite(x):
        raise ValueError(f"{what} must be a finite real number, got {x!r}")
    return float(x)


def check_positive(x, what, allow_zero=False):
    """``x`` as a float; a ValueError unless it is finite and > 0 (≥ 0 with ``allow_zero``)."""
    x = check_real(x, what)
    if x < 0 or (x == 0 and not allow_zero):
        bound = "≥ 0" if allow_zero else "> 0"
        raise ValueError(f"{what} must be a finite number {bound}, got {x!r}")
    return x


def check_temperature(temperature):
    """The temperature as a float; a ValueError unless it is finite and > 0."""
    if not isinstance(temperature, numbers.Real) or not math.isfinite(temperature) or temperature <= 0:
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    return float(temperature)


def check_learning_rate(lr):
    """The learning rate as a float; a ValueError unless it is finite and > 0."""
    if not isinstance(lr, numbers.Real) or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"the learning rate must be a finite number > 0, got {lr!r}")
    return float(lr)


def check_axis(axis, ndim=None, what="axis"):
    """``axis`` as None, an int or a tuple of distinct ints, within ``ndim`` dimensions when given.

    A TypeError for a float (``1.0``), a bool or a string; a ValueError for an
    axis out of range or repeated.
    """
    if axis is None:
        return None
    axes = axis if isinstance(axis, tuple) else (axis,)
    for a in axes:
        if isinstance(a, (bool, np.bool_)) or not isinstance(a, numbers.Integral):
            raise TypeError(f"{what} must be None, an integer or a tuple of integers, got {_describe(axis)}")
    if ndim is not None:
        for a in axes:
            if not -ndim <= a < ndim:
                raise ValueError(f"{what} {int(a)} is out of range for an array of {ndim} "
                                 f"dimension(s) (valid: {-ndim} to {ndim - 1})" if ndim else
                                 f"{what} {int(a)} is out of range for a 0-dimensional array")
        if len({int(a) % ndim for a in axes}) != len(axes):
            raise ValueError(f"{what} {axis!r} repeats an axis")
    return tuple(int(a) for a in axes) if isinstance(axis, tuple) else int(axis)


def check_nonempty(array, what):
    """``array`` unchanged; a ValueError if it has no elements (a mean over nothing is undefined)."""
    if np.size(array) == 0:
        raise ValueError(f"{what} is empty (shape {np.shape(array)}): "
                         "there is nothing to average over")
    return array


def check_broadcastable(op, *shapes):
    """The broadcast shape of ``shapes``; a ValueError naming ``op`` and every shape otherwise.

    Cheap when the shapes are equal, the usual case.
    """
    first = shapes[0]
    if all(s == first for s in shapes[1:]):
        return first
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        raise ValueError(f"{op}: shapes {' and '.join(map(str, shapes))} do not broadcast "
                         "together (each axis, aligned from the right, must match or be 1)") from None


def check_labels(y, scores, what="logits"):
    """``y`` as an integer array with one label per row of ``scores`` (N, classes), N ≥ 1.

    A ValueError names the problem: no rows, a float or bool dtype, a shape
    that is not (N,), or a value outside [0, classes); a TypeError for None.
    """
    y = np.asarray(y)
    if y.dtype.kind not in "biuf":  # None, text, objects: not labels at all
        raise TypeError(f"labels must be an array of integer class indices, "
                        f"got {_describe(y.item() if y.ndim == 0 else y)}")
    if scores.ndim != 2:
        raise ValueError(f"{what} must have shape (N, classes), got shape {scores.shape}")
    if y.dtype.kind not in "iu":  # bool is kind "b", floats "f"
        raise ValueError(f"labels must be integers (class indices), got dtype {y.dtype}")
    n, classes = scores.shape
    if n == 0:
        raise ValueError(f"{what} has no rows (shape {scores.shape}): the mean loss over "
                         "zero examples is undefined")
    if y.shape != (n,):
        raise ValueError(f"labels must be one per row of {what}: expected shape ({n},), got {y.shape}")
    if not (0 <= y.min() and y.max() < classes):
        raise ValueError(f"labels must lie in [0, {classes}), got values from {y.min()} to {y.max()}")
    return y


def check_same_length(X, y, who, X_name="X", y_name="y"):
    """``y`` as an array with one entry per row of ``X``; an error naming ``who`` and both lengths."""
    if y is None:
        raise TypeError(f"{who}: {y_name} must be an array with one entry per row of {X_name}, got None")
    y = np.asarray(y)
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(f"{who}: {X_name} has {len(X)} rows but {y_name} has "
                         f"{'no length (a scalar)' if y.ndim == 0 else len(y)}: "
                         "they need one entry per example")
    return y


def check_parameters(params, what="params"):
    """``params`` as a list of distinct Nodes; a TypeError or ValueError naming the culprit.

    The same Node twice would be updated twice per step.
    """
    from dlnotes.graph import Node  # graph imports ops, which import this module

    if isinstance(params, Node) or not hasattr(params, "__iter__"):
        raise TypeError(f"{what} must be a list of Nodes (e.g. model.parameters()), got {_describe(params)}")
    params = list(params)
    if not params:
        raise ValueError(f"{what} is empty: there is nothing to optimise")
    seen = {}
    for k, p in enumerate(params):
        if not isinstance(p, Node):
            raise TypeError(f"{what}[{k}] must be a Node, got {_describe(p)}")
        if id(p) in seen:
            label = f" {p.name!r}" if p.name else ""
            raise ValueError(f"{what} lists the same Node{label} twice (positions {seen[id(p)]} "
                             f"and {k}); it would be updated twice per step")
        seen[id(p)] = k
    return params


def check_rng(rng, what="rng"):
    """``rng`` unchanged; a TypeError unless it is a ``np.random.Generator``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{what} must be a np.random.Generator (np.random.default_rng(seed)), "
                        f"got {_describe(rng)}")
    return rng


def check_callable(f, what):
    """``f`` unchanged; a TypeError unless it can be called."""
    if not callable(f):
        raise TypeError(f"{what} must be a function, got {_describe(f)}")
    return f


def check_matrix(X, what, columns=None, min_rows=1):
    """``X`` as a finite float64 array of shape (N, features) with N ≥ ``min_rows``.

    With ``columns`` the number of features must be that. A TypeError for
    non-numbers (see :func:`as_float_array`), a ValueError for NaN or infinity,
    another number of dimensions, too few rows or the wrong number of columns.
    """
    X = check_finite(X, what)
    if X.ndim != 2:
        expected = "(N, features)" if columns is None else f"(N, {columns})"
        raise ValueError(f"{what} must have shape {expected}, got shape {X.shape}")
    if len(X) < min_rows:
        raise ValueError(f"{what} needs at least {min_rows} row(s) (examples), got shape {X.shape}")
    if columns is not None and X.shape[1] != columns:
        raise ValueError(f"{what} must have shape (N, {columns}), got shape {X.shape}")
    return X


def check_fraction(x, what, low=0.0, high=1.0, low_open=False, high_open=False):
    """``x`` as a float; a ValueError unless it lies in the interval from ``low`` to ``high``.

    ``low_open``/``high_open`` exclude an end: (0, 1] is ``low_open=True``.
    A TypeError for a non-number (None, a string, a bool).
    """
    x = check_real(x, what)
    if x < low or x > high or (low_open and x == low) or (high_open and x == high):
        interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
        raise ValueError(f"{what} must lie in {interval}, got {x!r}")
    return x


def check_index(i, n, what):
    """``i`` as an int; a TypeError unless it is an integer, a ValueError unless 0 ≤ i < n."""
    if isinstance(i, (bool, np.bool_)) or not isinstance(i, numbers.Integral):
        raise TypeError(f"{what} must be an integer index, got {_describe(i)}")
    if not 0 <= i < n:
        raise ValueError(f"{what} must lie in [0, {n}), got {int(i)}")
    return int(i)


def check_model_input(X, what, columns):
    """``X`` (an ndarray, a nested list or a Node) as a Node or finite float array of shape (N, columns).

    For models other than the MLP (which checks its own input): one reduction
    for finiteness and a shape test, at the model's entry, not inside its layers.
    """
    from dlnotes.graph import Node  # graph imports ops, which import this module

    # Like the MLP: an array is checked for NaN and infinity; a Node (already inside a graph) for its shape.
    value = X.value if isinstance(X, Node) else check_finite(X, what)
    if value.ndim != 2 or value.shape[1] != columns:
        raise ValueError(f"{what} must have shape (N, {columns}), got shape {value.shape}")
    return X if isinstance(X, Node) else value


def check_sequence(values, what):
    """``values`` as a list; a TypeError for None, a string or a lone number (a list is needed)."""
    if values is None or isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{what} must be a list, got {_describe(values)}")
    return list(values)


def check_sizes(sizes, who):
    """``sizes`` as a tuple of at least two layer widths, each an integer ≥ 1 (e.g. [2, 8, 2])."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"{who}: sizes must be a list of layer widths such as [2, 8, 2], got {sizes!r}")
    sizes = tuple(check_count(n, f"{who}: sizes[{k}]") for k, n in enumerate(sizes))
    if len(sizes) < 2:
        raise ValueError(f"{who}: sizes needs at least two widths (inputs and outputs), got {sizes}")
    return sizes


def check_mapping(table, what):
    """``table`` unchanged; a TypeError unless it is a dict, a ValueError if it is empty."""
    if not isinstance(table, dict):
        raise TypeError(f"{what} must be a dict of precomputed results, got {_describe(table)}")
    if not table:
        raise ValueError(f"{what} is empty: there is nothing to show")
    return table

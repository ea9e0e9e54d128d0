"""Input checks that turn bad input into a clear error instead of a silent NaN."""

import numbers

import numpy as np

__all__ = ["check_temperature", "check_labels", "check_finite", "check_learning_rate"]


def check_temperature(temperature):
    """The temperature as a float; a ValueError unless it is finite and > 0."""
    if not isinstance(temperature, numbers.Real) or not np.isfinite(temperature) or temperature <= 0:
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    return float(temperature)


def check_labels(y, scores, what="logits"):
    """``y`` as an integer array with one label per row of ``scores`` (N, classes).

    A ValueError names the problem: a float or bool dtype, a shape that is not
    (N,), or a value outside [0, classes).
    """
    y = np.asarray(y)
    if scores.ndim != 2:
        raise ValueError(f"{what} must have shape (N, classes), got shape {scores.shape}")
    if y.dtype.kind not in "iu":  # bool is kind "b", floats "f"
        raise ValueError(f"labels must be integers (class indices), got dtype {y.dtype}")
    n, classes = scores.shape
    if y.shape != (n,):
        raise ValueError(f"labels must be one per row of {what}: expected shape ({n},), got {y.shape}")
    if n and not (0 <= y.min() and y.max() < classes):
        raise ValueError(f"labels must lie in [0, {classes}), got values from {y.min()} to {y.max()}")
    return y


def check_finite(array, what="data"):
    """``array`` as a float array; a ValueError if it holds NaN or infinity."""
    array = np.asarray(array, dtype=float)
    bad = ~np.isfinite(array)
    if bad.any():
        raise ValueError(f"{what} holds {int(bad.sum())} non-finite value(s) (NaN or inf), "
                         f"first at index {tuple(int(k) for k in np.argwhere(bad)[0])}")
    return array


def check_learning_rate(lr):
    """The learning rate as a float; a ValueError unless it is finite and > 0."""
    if not isinstance(lr, numbers.Real) or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"the learning rate must be a finite number > 0, got {lr!r}")
    return float(lr)

"""The point neuron and Rosenblatt's perceptron (McCulloch & Pitts 1943; Rosenblatt 1958).

A point neuron fires when a weighted sum of its inputs crosses a threshold:

    ŷ = 1  if  x·w + b > 0,  else 0.

Rosenblatt's learning rule, with targets t = ±1 (t = 2y − 1): visit the
examples in order; whenever one is misclassified, t(x·w + b) ≤ 0, move the
boundary towards it:

    w ← w + η t x,    b ← b + η t.

Novikoff's convergence theorem: if some unit vector u in the augmented space
(w, b) separates the data with margin γ = min_i t_i (x_i, 1)·u > 0, and every
augmented input has norm at most R, the rule makes at most (R/γ)² updates,
whatever η (starting from zero).
"""

from dataclasses import dataclass

from dlnotes.checks import (check_count, check_finite, check_learning_rate, check_matrix, check_real,
                            check_same_length)

import numpy as np

__all__ = ["predict", "rosenblatt_step", "train_perceptron", "PerceptronRun", "augmented_margin",
           "mistake_bound", "linearly_separable"]


def _signs(y):
    """Targets t = ±1 from labels y ∈ {0, 1} (0.0 and 1.0, or False and True, count too)."""
    y = np.asarray(y)
    if y.dtype.kind not in "biuf":
        raise TypeError(f"perceptron labels must be 0 or 1, got {y.dtype} values {y.ravel()[:5]}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"perceptron labels must be 0 or 1, got values {np.unique(y)[:5]}")
    return 2.0 * y - 1.0


def _data(X, y, who):
    """(X, t): X a finite (N, features) array, t the ±1 targets of one label per row."""
    X = check_matrix(X, f"{who}: X")
    return X, _signs(check_same_length(X, y, who))


def _separator(w, b, features, who):
    """(w, b) as a finite vector of ``features`` weights and a finite float bias."""
    w = check_finite(w, f"{who}: w")
    if w.shape != (features,):
        raise ValueError(f"{who}: w must have shape ({features},), one weight per feature, got {w.shape}")
    return w, check_real(b, f"{who}: b")


def predict(X, w, b):
    """ŷ = 1 where x·w + b > 0, else 0 (the point neuron's threshold), as integers."""
    X = check_matrix(X, "predict: X", min_rows=0)
    w, b = _separator(w, b, X.shape[1], "predict")
    return (X @ w + b > 0).astype(np.intp)


def rosenblatt_step(w, b, x, t, lr):
    """One visit of Rosenblatt's rule: ``(w, b, updated)``.

    If t(x·w + b) ≤ 0 (a mistake, or a point on the boundary) then
    w ← w + η t x and b ← b + η t; otherwise nothing changes.
    """
    x = check_finite(x, "rosenblatt_step: x")
    if x.ndim != 1:
        raise ValueError(f"rosenblatt_step: x must be one example, a 1-D array, got shape {x.shape}")
    w, b = _separator(w, b, len(x), "rosenblatt_step")
    if t not in (-1, 1) or isinstance(t, (str, bytes)):
        raise ValueError(f"rosenblatt_step: the target t must be -1 or +1 (t = 2y − 1), got {t!r}")
    lr = check_learning_rate(lr)
    if t * (x @ w + b) <= 0:
        return w + lr * t * x, b + lr * t, True
    return w, b, False


@dataclass
class PerceptronRun:
    """What :func:`train_perceptron` did.

    ``w``, ``b``: the final weights; ``updates_per_epoch``: how many updates each
    epoch made; ``trajectory``: one row per visit, ``(epoch, index, w, b, updated)``
    with the weights *after* the visit.
    """

    w: np.ndarray
    b: float
    updates_per_epoch: list
    trajectory: list

    @property
    def mistakes(self):
        """The total number of updates (mistakes) made."""
        return int(sum(self.updates_per_epoch))

    @property
    def converged(self):
        """True when the last epoch made no update: every point is classified right."""
        return bool(self.updates_per_epoch) and self.updates_per_epoch[-1] == 0


def train_perceptron(X, y, lr=0.1, epochs=10, stop_when_converged=False):
    """Rosenblatt's rule from w = 0, b = 0, visiting the rows of X in order each epoch.

    ``y`` holds labels 0/1. Returns a :class:`PerceptronRun`.
    """
    X, t = _data(X, y, "train_perceptron")
    lr = check_learning_rate(lr)
    epochs = check_count(epochs, "train_perceptron: epochs")
    w, b = np.zeros(X.shape[1]), 0.0
    updates, trajectory = [], []
    for epoch in range(epochs):
        count = 0
        for i in range(len(X)):
            w, b, updated = rosenblatt_step(w, b, X[i], t[i], lr)
            count += updated
            trajectory.append((epoch, i, w.copy(), float(b), updated))
        updates.append(count)
        if stop_when_converged and count == 0:
            break
    return PerceptronRun(w, float(b), updates, trajectory)


def augmented_margin(X, y, w, b):
    """γ = min_i t_i (x_i·w + b) / ‖(w, b)‖: the margin of the separator (w, b) in the augmented space.

    Positive only if (w, b) classifies every point right.
    """
    X, t = _data(X, y, "augmented_margin")
    w, b = _separator(w, b, X.shape[1], "augmented_margin")
    norm = np.linalg.norm(np.append(w, b))
    if norm == 0:
        raise ValueError("augmented_margin: (w, b) is zero, which is no separator: its margin is undefined")
    return float((t * (X @ w + b)).min() / norm)


def mistake_bound(X, y, w, b):
    """Novikoff's bound ``(R, γ, (R/γ)²)`` for the separator (w, b).

    R = max_i ‖(x_i, 1)‖ and γ its :func:`augmented_margin`; any separator gives
    a valid bound, the one with the largest margin the tightest.
    """
    gamma = augmented_margin(X, y, w, b)  # checks X, y, w and b
    X = np.asarray(X, dtype=float)
    R = float(np.linalg.norm(np.column_stack([X, np.ones(len(X))]), axis=1).max())
    if gamma <= 0:
        raise ValueError(f"(w, b) does not separate the data (margin {gamma:.3g}): no bound")
    return R, gamma, (R / gamma) ** 2


def linearly_separable(X, y):
    """True when some line (hyperplane) has every point strictly on its side: t_i(x_i·w + b) ≥ 1 is feasible.

    Decided exactly by a linear program (scipy's ``linprog``), not by search.
    """
    from scipy.optimize import linprog

    X, t = _data(X, y, "linearly_separable")
    A = -t[:, None] * np.column_stack([X, np.ones(len(X))])  # −t(x·w + b) ≤ −1
    result = linprog(np.zeros(X.shape[1] + 1), A_ub=A, b_ub=-np.ones(len(X)),
                     bounds=[(None, None)] * (X.shape[1] + 1), method="highs")
    return result.status == 0

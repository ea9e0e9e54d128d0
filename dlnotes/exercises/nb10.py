"""Exercises of notebook 10, the perceptron: the threshold unit, one update of Rosenblatt's rule, the margin."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "THRESHOLD_UNIT", "PERCEPTRON_UPDATE", "MARGIN",
           "threshold_unit", "perceptron_update", "margin"]

NOTEBOOK = "10_perceptron"
_rng = np.random.default_rng(10)


# --- 1. the point neuron ---------------------------------------------------------------

def threshold_unit(X, w, b):
    return (X @ w + b > 0).astype(int)  # fires (1) only strictly above the threshold


def _signs_not_labels(X, w, b):
    return np.where(X @ w + b > 0, 1, -1)


def _fires_at_zero(X, w, b):
    return (X @ w + b >= 0).astype(int)


def _bias_subtracted(X, w, b):
    return (X @ w - b > 0).astype(int)


THRESHOLD_UNIT = Exercise(
    NOTEBOOK, "threshold_unit",
    "Write the point neuron: 1 where x·w + b > 0, else 0, for every row x of X.",
    threshold_unit,
    cases=[
        (np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([1.0, 1.0]), -1.5),  # AND
        (np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([1.0, 1.0]), -1.0),  # on the line
        (_rng.normal(size=(20, 3)), _rng.normal(size=3), 0.3),
    ],
    mistakes=[
        (_signs_not_labels, "the unit outputs 0 or 1 here, not −1 or +1: use the labels, not the signs."),
        (_fires_at_zero, "a point exactly on the threshold (x·w + b = 0) must not fire: use > 0, not ≥ 0."),
        (_bias_subtracted, "the bias is added: x·w + b, not x·w − b."),
    ],
    explanation="The AND unit $w = (1, 1)$, $b = -1.5$ fires only for $(1, 1)$; with $b = -1$ the point "
                "$(1, 0)$ lies exactly on the line and does not fire.",
)


# --- 2. one update of Rosenblatt's rule ----------------------------------------------------

def perceptron_update(w, b, x, t, lr):
    if t * (x @ w + b) <= 0:          # a mistake, or a point on the boundary
        return w + lr * t * x, b + lr * t
    return w, b                       # classified right: nothing changes


def _always_updates(w, b, x, t, lr):
    return w + lr * t * x, b + lr * t


def _strict_inequality(w, b, x, t, lr):
    if t * (x @ w + b) < 0:
        return w + lr * t * x, b + lr * t
    return w, b


def _no_bias_update(w, b, x, t, lr):
    if t * (x @ w + b) <= 0:
        return w + lr * t * x, b
    return w, b


PERCEPTRON_UPDATE = Exercise(
    NOTEBOOK, "perceptron_update",
    "Write one visit of Rosenblatt's rule: return the new (w, b) after seeing x with target t = ±1.",
    perceptron_update,
    cases=[
        (np.zeros(2), 0.0, np.array([5.1, 1.4]), -1.0, 0.1),            # from zero: on the boundary
        (np.array([0.2, 0.5]), -0.1, np.array([5.1, 1.4]), -1.0, 0.1),  # a mistake
        (np.array([-0.3, 0.9]), -0.2, np.array([5.1, 1.4]), -1.0, 0.1),  # right: no change
        (np.array([1.0, -1.0]), 0.5, np.array([2.0, 3.0]), 1.0, 0.5),    # a mistake of the other class
    ],
    mistakes=[
        (_always_updates, "you updated on a point that was already classified right: "
                          "update only when t(x·w + b) ≤ 0."),
        (_strict_inequality, "with w = 0 every point lies on the boundary (t(x·w + b) = 0) and must count as "
                             "a mistake, or the rule never starts: use ≤ 0, not < 0."),
        (_no_bias_update, "the bias learns too: b ← b + η t."),
    ],
    explanation="Only mistakes move the boundary, and each moves it towards the misclassified point: "
                "after the update, $t(x\\cdot w + b)$ grows by $\\eta(\\|x\\|^2 + 1)$.",
)


# --- 3. the margin ---------------------------------------------------------------------------

def margin(X, t, w, b):
    return np.min(t * (X @ w + b)) / np.linalg.norm(w)  # the distance of the closest point, signed


def _not_normalised(X, t, w, b):
    return np.min(t * (X @ w + b))


def _largest(X, t, w, b):
    return np.max(t * (X @ w + b)) / np.linalg.norm(w)


def _unsigned(X, t, w, b):
    return np.min(np.abs(X @ w + b)) / np.linalg.norm(w)


MARGIN = Exercise(
    NOTEBOOK, "margin",
    "Write the geometric margin of the line x·w + b = 0: min_i t_i (x_i·w + b) / ‖w‖ (negative if a point is wrong).",
    margin,
    cases=[
        (np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([1.0, -1.0]), np.array([1.0, 1.0]), 0.0),
        (np.array([[2.0, 0.0], [0.0, 2.0], [-1.0, 0.0]]), np.array([1.0, 1.0, -1.0]), np.array([3.0, 4.0]), -1.0),
        (np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([-1.0, 1.0]), np.array([2.0, 0.0]), 0.0),  # all wrong
    ],
    mistakes=[
        (_not_normalised, "divide by ‖w‖: t(x·w + b) is the distance to the line times ‖w‖, "
                          "so doubling w would double your margin."),
        (_largest, "the margin is the distance of the closest point: take the minimum, not the maximum."),
        (_unsigned, "the margin is signed by the target: t_i(x_i·w + b) is negative for a misclassified "
                    "point, |x_i·w + b| is not."),
    ],
    explanation="$(x\\cdot w + b)/\\|w\\|$ is the signed distance of $x$ to the line; multiplying by $t$ "
                "makes it positive on the right side. The convergence theorem's $\\gamma$ is this margin "
                "for the augmented vectors $(x, 1)$ and $(w, b)$.",
)

EXERCISES = (THRESHOLD_UNIT, PERCEPTRON_UPDATE, MARGIN)

"""Exercises of notebook 01, feedforward networks: a hidden layer, stacked linear layers, the slope of a ReLU fit."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "HIDDEN_LAYER", "COLLAPSE", "RELU_SLOPE",
           "hidden_layer", "collapse", "relu_slope"]

NOTEBOOK = "01_feedforward_networks"
_rng = np.random.default_rng(1)


# --- 1. a hidden layer, in the row-vector notation ---------------------------------------

def hidden_layer(X, W, b):
    return np.maximum(0.0, X @ W + b)  # h = relu(xW + b) for every row x of X at once


def _no_activation(X, W, b):
    return X @ W + b


def _bias_after_activation(X, W, b):
    return np.maximum(0.0, X @ W) + b


def _layer_case(n, d, k):
    return _rng.normal(size=(n, d)), _rng.normal(size=(d, k)), _rng.normal(size=k)


HIDDEN_LAYER = Exercise(
    NOTEBOOK, "hidden_layer",
    "Write h = relu(XW + b) for a batch X of shape (N, d), W of shape (d, k) and b of shape (k,).",
    hidden_layer,
    cases=[
        _layer_case(1, 2, 3),
        _layer_case(5, 2, 4),
        _layer_case(8, 3, 1),
        # XOR's corners through a layer that detects two of them: some units silent.
        (np.array([[-1.0, 1.0], [1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]]),
         np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([-1.0, -1.0])),
    ],
    mistakes=[
        (_no_activation, "you forgot the activation: a hidden layer is relu(XW + b), and without "
                         "the relu negative pre-activations pass through."),
        (_bias_after_activation, "the bias was added after the relu: it belongs inside, "
                                 "relu(XW + b), where it moves the unit's threshold."),
    ],
    explanation="Row $n$ of `X @ W` holds the dot products of example $n$ with every column "
                "$\\boldsymbol{w}_j$ of $\\boldsymbol{W}$; `+ b` broadcasts the bias over the rows; "
                "`np.maximum(0.0, ...)` applies the ReLU elementwise.",
)


# --- 2. two affine layers without an activation are one affine layer ---------------------

def collapse(W1, b1, W2, b2):
    A = W1 @ W2       # (x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2)
    d = b1 @ W2 + b2  # the first bias passes through the second layer's weights
    return A, d


def _biases_added(W1, b1, W2, b2):
    return W1 @ W2, b1 + b2


def _first_bias_dropped(W1, b1, W2, b2):
    return W1 @ W2, b2


def _wrong_order(W1, b1, W2, b2):
    return W2 @ W1, b1 @ W2 + b2


def _collapse_case(d):
    # Square layers (d inputs, d units, d outputs), so that the wrong answers run too and can be named.
    return _rng.normal(size=(d, d)), _rng.normal(size=d), _rng.normal(size=(d, d)), _rng.normal(size=d)


COLLAPSE = Exercise(
    NOTEBOOK, "collapse",
    "Return (A, d) such that (x W1 + b1) W2 + b2 = x A + d for every x.",
    collapse,
    cases=[
        _collapse_case(2),
        _collapse_case(3),
        _collapse_case(4),
        _collapse_case(1),
        (np.eye(2), np.array([1.0, -1.0]), np.array([[2.0, 0.0], [0.0, 3.0]]), np.zeros(2)),
    ],
    mistakes=[
        (_biases_added, "the biases were simply added: b1 goes through the second layer too, so "
                        "d = b1 W2 + b2."),
        (_first_bias_dropped, "you dropped the first bias: x W1 + b1 carries b1 into the second layer, "
                              "where it becomes b1 W2."),
        (_wrong_order, "the matrices are multiplied in the wrong order: with row vectors x goes "
                       "through W1 first, so A = W1 W2, not W2 W1."),
    ],
    explanation="Expand: $(\\boldsymbol{x}\\boldsymbol{W}_1 + \\boldsymbol{b}_1)\\boldsymbol{W}_2 + \\boldsymbol{b}_2 "
                "= \\boldsymbol{x}(\\boldsymbol{W}_1\\boldsymbol{W}_2) + (\\boldsymbol{b}_1\\boldsymbol{W}_2 + "
                "\\boldsymbol{b}_2)$. Any number of layers collapses the same way "
                "(`dlnotes.linear_maps.compose_affine`), which is why a network needs its nonlinearity.",
)


# --- 3. the slope of a ReLU fit ---------------------------------------------------------------

def relu_slope(x, w, b, v):
    firing = np.outer(x, w) + b > 0  # (points, units): which units fire at each x
    return firing @ (v * w)          # each firing unit adds its slope v_j w_j


def _every_unit(x, w, b, v):
    return np.full(len(x), np.sum(v * w))


def _no_bias(x, w, b, v):
    return (np.outer(x, w) > 0) @ (v * w)


def _no_outgoing_weight(x, w, b, v):
    return (np.outer(x, w) + b > 0) @ w


def _slope_case(n_units, n_points):
    x = np.sort(_rng.uniform(-1, 1, size=n_points)) + 1e-3  # almost surely off every hinge
    return x, _rng.normal(size=n_units), _rng.normal(size=n_units) * 0.5, _rng.normal(size=n_units)


RELU_SLOPE = Exercise(
    NOTEBOOK, "relu_slope",
    "Return f'(x) at each point of x for f(x) = Σ_j v_j relu(x w_j + b_j) + c.",
    relu_slope,
    cases=[
        _slope_case(1, 5),
        _slope_case(4, 9),
        _slope_case(16, 33),
        # Two units, every one silent at x = 0 and each firing on its own side.
        (np.array([-2.0, 0.0, 2.0]), np.array([1.0, -1.0]), np.array([-1.0, -1.0]), np.array([3.0, 4.0])),
    ],
    mistakes=[
        (_every_unit, "you added every unit's slope everywhere: a ReLU unit adds v_j w_j only where it "
                      "fires, x w_j + b_j > 0, and nothing elsewhere."),
        (_no_bias, "the bias is missing from the firing test: unit j fires where x w_j + b_j > 0, "
                   "so its hinge is at x = -b_j / w_j, not at 0."),
        (_no_outgoing_weight, "you forgot the outgoing weight: a firing unit changes f by v_j w_j per "
                              "unit of x, not by w_j."),
    ],
    explanation="Where unit $j$ fires, $v_j\\,\\mathrm{relu}(x w_j + b_j) = v_j (x w_j + b_j)$ has "
                "slope $v_j w_j$; where it is silent, slope 0. So "
                "$f'(x) = \\sum_j v_j w_j\\,[x w_j + b_j > 0]$, constant between consecutive hinges "
                "(`dlnotes.approximation.relu_slope`). `w` places the hinge (with `b`), `v` scales the "
                "slope it adds.",
)

EXERCISES = (HIDDEN_LAYER, COLLAPSE, RELU_SLOPE)

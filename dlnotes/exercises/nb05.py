"""Exercises of notebook 05, back-propagation: the affine layer's backprop, a path sum, a local derivative."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "AFFINE_BACKPROP", "PATH_SUM", "SIGMOID_BACKPROP",
           "affine_backprop", "path_sum_dz_dx", "sigmoid_backprop"]

NOTEBOOK = "05_backprop"
_rng = np.random.default_rng(5)


# --- 1. the affine layer's backprop -------------------------------------------------------

def affine_backprop(X, W, b, G):
    dX = G @ W.T        # (N, out) @ (out, in) = (N, in): the shape of X
    dW = X.T @ G        # (in, N) @ (N, out) = (in, out): the shape of W, summed over the N rows
    db = G.sum(axis=0)  # b was added to every row: each row sends its gradient back
    return dX, dW, db


def _w_transposed(X, W, b, G):
    dX, _, db = affine_backprop(X, W, b, G)
    return dX, G.T @ X, db


def _bias_not_summed(X, W, b, G):
    dX, dW, _ = affine_backprop(X, W, b, G)
    return dX, dW, G


def _bias_averaged(X, W, b, G):
    dX, dW, _ = affine_backprop(X, W, b, G)
    return dX, dW, G.mean(axis=0)


def _affine_case(n, fan_in, fan_out):
    return (_rng.normal(size=(n, fan_in)), _rng.normal(size=(fan_in, fan_out)),
            _rng.normal(size=fan_out), _rng.normal(size=(n, fan_out)))


AFFINE_BACKPROP = Exercise(
    NOTEBOOK, "affine_backprop",
    "For Y = X @ W + b and G = ∂L/∂Y, return (∂L/∂X, ∂L/∂W, ∂L/∂b).",
    affine_backprop,
    cases=[_affine_case(4, 3, 2), _affine_case(1, 2, 5), _affine_case(6, 4, 4), _affine_case(5, 1, 3)],
    mistakes=[
        (_w_transposed, "the gradient has the shape of W transposed: did you compute Gᵀ·X instead of Xᵀ·G? "
                        "∂L/∂W must have W's shape (fan_in, fan_out)."),
        (_bias_not_summed, "∂L/∂b has the shape of G, one row per example: b is added to every row, so "
                           "sum G over the rows to get b's shape."),
        (_bias_averaged, "you averaged G over the rows: b is added to every row, so each row's gradient "
                         "counts in full: sum them (any 1/N is already inside G)."),
    ],
    explanation="Let the shapes guide you. $\\partial L/\\partial W$ must be $(d_\\text{in}, d_\\text{out})$ "
                "and is linear in $X$ and $G$, with the batch index summed: only $X^\\top G$ fits. "
                "$\\partial L/\\partial X$ must be $(N, d_\\text{in})$: $G W^\\top$. And $b$ is broadcast to "
                "every row, so its gradient is the sum of the rows of $G$.",
)


# --- 2. the path sum for a given graph ----------------------------------------------------

def path_sum_dz_dx(x, w):
    h = np.tanh(w * x)
    dh_du = 1 - h ** 2                 # h = tanh(u), u = w·x
    via_m_direct = h * 1.0             # x → m → z: ∂m/∂x = h, ∂z/∂m = 1
    via_u_m = w * dh_du * x * 1.0      # x → u → h → m → z: ∂m/∂h = x
    via_u_z = w * dh_du * 1.0          # x → u → h → z: h also feeds z directly
    return via_m_direct + via_u_m + via_u_z


def _missing_direct(x, w):
    h = np.tanh(w * x)
    return w * (1 - h ** 2) * (x + 1)


def _missing_skip(x, w):
    h = np.tanh(w * x)
    return h + w * (1 - h ** 2) * x


def _tanh_of_input(x, w):
    h = np.tanh(w * x)
    u = w * x
    return h + w * (1 - u ** 2) * (x + 1)


PATH_SUM = Exercise(
    NOTEBOOK, "path_sum_dz_dx",
    "For u = w·x, h = tanh(u), m = h·x, z = m + h, return ∂z/∂x as the sum over the paths from x to z.",
    path_sum_dz_dx,
    cases=[(0.5, 1.5), (-1.2, 0.7), (0.0, 2.0), (2.0, -0.4), (1.0, 0.0)],
    mistakes=[
        (_missing_direct, "a path is missing: x also enters m = h·x directly (local derivative h), "
                          "not only through u."),
        (_missing_skip, "a path is missing: h reaches z twice, through m and directly (z = m + h)."),
        (_tanh_of_input, "the local derivative of tanh is 1 − h² with h = tanh(u) the output, not 1 − u² "
                         "of its input."),
    ],
    explanation="Three paths: $x \\to m \\to z$ (product $h \\cdot 1$), $x \\to u \\to h \\to m \\to z$ "
                "($w (1 - h^2)\\, x \\cdot 1$) and $x \\to u \\to h \\to z$ ($w(1 - h^2) \\cdot 1$). "
                "Check it with `dl.path_sum` and `dl.backprop` on the graph built with `dl.Node`s.",
)


# --- 3. a local derivative: the sigmoid's backprop ---------------------------------------

def sigmoid_backprop(x, s, G):
    return G * s * (1 - s)  # σ'(x) = σ(x)(1 − σ(x)), from the output s; times the incoming G


def _no_incoming(x, s, G):
    return s * (1 - s)


def _of_the_input(x, s, G):
    return G * x * (1 - x)


def _sigmoid_case(shape, scale=2.0):
    x = _rng.normal(size=shape) * scale
    return x, 1 / (1 + np.exp(-x)), _rng.normal(size=shape)


SIGMOID_BACKPROP = Exercise(
    NOTEBOOK, "sigmoid_backprop",
    "Write the backprop of s = σ(x) (elementwise): given x, the output s and G = ∂L/∂s, return ∂L/∂x.",
    sigmoid_backprop,
    cases=[_sigmoid_case((3,)), _sigmoid_case((4, 2)), _sigmoid_case((2, 3), scale=6.0),
           (np.array([0.0]), np.array([0.5]), np.array([1.0]))],
    mistakes=[
        (_no_incoming, "you returned the local derivative alone: backprop multiplies it by G, the gradient "
                       "that arrives from the consumer."),
        (_of_the_input, "σ'(x) = s(1 − s) uses the output s = σ(x), not the input x."),
    ],
    explanation="The Jacobian of an elementwise function is diagonal, so the vector–Jacobian product "
                "is an elementwise product: $\\partial L/\\partial x = G \\odot s \\odot (1 - s)$.",
)

EXERCISES = (AFFINE_BACKPROP, PATH_SUM, SIGMOID_BACKPROP)

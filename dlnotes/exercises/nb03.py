"""Exercises of notebook 03, hidden units: the leaky ReLU's derivative, counting dead units, the PReLU slope's gradient."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "LEAKY_RELU_DERIVATIVE", "COUNT_DEAD_UNITS", "PRELU_SLOPE_GRADIENT",
           "leaky_relu_derivative", "count_dead_units", "prelu_slope_gradient"]

NOTEBOOK = "03_hidden_units"
_rng = np.random.default_rng(3)


# --- 1. the leaky ReLU's derivative --------------------------------------------------------

def leaky_relu_derivative(z, alpha):
    return np.where(z > 0, 1.0, alpha)  # 1 where the unit is active, the slope α for z ≤ 0 (the kink included)


def _one_at_the_kink(z, alpha):
    return np.where(z >= 0, 1.0, alpha)


def _relu_derivative(z, alpha):
    return np.where(z > 0, 1.0, 0.0)


def _the_function_itself(z, alpha):
    return np.where(z > 0, z, alpha * z)


LEAKY_RELU_DERIVATIVE = Exercise(
    NOTEBOOK, "leaky_relu_derivative",
    "Write g′(z) for g(z) = max(0, z) + α·min(0, z), elementwise, with the value at z = 0 that dlnotes uses.",
    leaky_relu_derivative,
    cases=[
        (np.array([-2.0, -0.5, 0.5, 2.0]), 0.01),
        (np.array([-3.0, 0.0, 3.0]), 0.01),          # the kink: dlnotes takes the left value α
        (np.array([[-1.0, 2.0], [0.0, -4.0]]), 0.2),  # any shape
        (_rng.normal(size=(5, 3)), -1.0),             # absolute value rectification
        (np.array([-1.0, 1.0]), 0.0),                 # the ReLU
    ],
    mistakes=[
        (_one_at_the_kink, "at the kink z = 0 you returned 1: dlnotes (like most libraries) takes the one-sided "
                           "value α there, so use z > 0, not z ≥ 0."),
        (_relu_derivative, "you returned the ReLU's derivative: for z ≤ 0 the leaky unit's slope is α, not 0 "
                           "(that leak is what keeps its gradient alive)."),
        (_the_function_itself, "you returned g(z), the function: its derivative is the slope of each piece, "
                               "1 for z > 0 and α for z ≤ 0, whatever z is."),
    ],
    explanation="Each piece of $g$ is linear, so its derivative is that piece's slope: 1 where $z > 0$ and "
                "$\\alpha$ where $z \\le 0$. At $z = 0$ there is a kink and no derivative; `dlnotes` uses the "
                "left value $\\alpha$, which `z > 0` (not `z >= 0`) gives.",
)


# --- 2. counting dead units ---------------------------------------------------------------

def count_dead_units(X, W, b):
    Z = X @ W + b  # (N, num_hiddens): every unit's pre-activation on every input
    return int(np.all(Z <= 0, axis=0).sum())  # dead: z ≤ 0 on every row (axis 0), counted over units


def _any_row(X, W, b):
    return int(np.any(X @ W + b <= 0, axis=0).sum())


def _strict(X, W, b):
    return int(np.all(X @ W + b < 0, axis=0).sum())


def _wrong_axis(X, W, b):
    return int(np.all(X @ W + b <= 0, axis=1).sum())


def _dead_case(n, fan_in, num_hiddens, shift):
    X = _rng.normal(size=(n, fan_in))
    W = _rng.normal(size=(fan_in, num_hiddens))
    b = _rng.normal(size=num_hiddens) - shift * np.arange(num_hiddens) / num_hiddens
    return X, W, b


COUNT_DEAD_UNITS = Exercise(
    NOTEBOOK, "count_dead_units",
    "Count the units of h = g(XW + b) whose pre-activation is ≤ 0 for every row of X.",
    count_dead_units,
    cases=[
        (np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]),            # unit 2 is 0 on every row: dead
         np.array([[1.0, -1.0, 0.0], [0.0, -1.0, 0.0]]), np.array([0.0, -1.0, 0.0])),
        (np.array([[1.0], [2.0], [3.0]]), np.array([[-1.0, 1.0, -2.0, 0.5]]), np.array([-0.5, 0.0, 1.0, -3.0])),
        _dead_case(40, 2, 12, 6.0),
        _dead_case(30, 3, 9, 8.0),
        _dead_case(25, 5, 6, 0.0),
    ],
    mistakes=[
        (_any_row, "you counted units that are inactive on *some* input: a unit is dead only when z ≤ 0 on "
                   "every input (np.all over the rows), since one active row still gives it a gradient."),
        (_strict, "you used z < 0: a unit with z = 0 exactly outputs 0 and gets g′(0) = 0 from a ReLU, so it is "
                  "dead too: use z ≤ 0."),
        (_wrong_axis, "you counted inputs on which every unit is off (np.all over axis 1): dead units are "
                      "columns of Z = XW + b whose every row is ≤ 0, so reduce over axis 0."),
    ],
    explanation="$Z = XW + b$ has one row per input and one column per unit. A unit is dead when its whole "
                "column is $\\le 0$: `np.all(Z <= 0, axis=0)` is a mask over units, and its sum counts them.",
)


# --- 3. the gradient of PReLU slopes, one per unit --------------------------------------------

def prelu_slope_gradient(Z, G):
    return (G * np.minimum(Z, 0.0)).sum(axis=0)  # ∂g/∂α = min(0, z), times ∂J/∂g, summed over the rows


def _no_sum(Z, G):
    return G * np.minimum(Z, 0.0)


def _summed_over_everything(Z, G):
    return (G * np.minimum(Z, 0.0)).sum()


def _max_instead_of_min(Z, G):
    return (G * np.maximum(Z, 0.0)).sum(axis=0)


def _no_upstream(Z, G):
    return np.minimum(Z, 0.0).sum(axis=0)


def _slope_case(n, num_hiddens):
    return _rng.normal(size=(n, num_hiddens)), _rng.normal(size=(n, num_hiddens))


PRELU_SLOPE_GRADIENT = Exercise(
    NOTEBOOK, "prelu_slope_gradient",
    "For a PReLU layer with one slope per unit, α of shape (num_hiddens,), compute ∂J/∂α from the "
    "pre-activations Z and the upstream gradient G = ∂J/∂g, both (N, num_hiddens).",
    prelu_slope_gradient,
    cases=[
        (np.array([[-1.0, 2.0], [-3.0, -0.5]]), np.array([[1.0, 1.0], [1.0, 1.0]])),
        (np.array([[-2.0, 1.0, -1.0]]), np.array([[0.5, -1.0, 3.0]])),
        _slope_case(6, 4),
        _slope_case(20, 3),
        (np.array([[1.0, 2.0], [3.0, 4.0]]), _rng.normal(size=(2, 2))),  # every unit active: ∂J/∂α = 0
    ],
    mistakes=[
        (_no_sum, "your answer has one entry per input and unit: α_j is shared by every row, so its gradient "
                  "sums the rows' contributions (gradients accumulate over every use): sum over axis 0."),
        (_summed_over_everything, "you summed over the units too: each unit has its own slope α_j, so sum over "
                                  "the rows only (axis 0) and return one number per unit."),
        (_max_instead_of_min, "∂g/∂α = min(0, z), not max(0, z): α multiplies the negative part of z only."),
        (_no_upstream, "you left out the upstream gradient: by the chain rule ∂J/∂α_j = Σ_n G[n, j] · min(0, Z[n, j])."),
    ],
    explanation="$g(z, \\alpha) = \\max(0, z) + \\alpha\\min(0, z)$, so $\\partial g/\\partial\\alpha = \\min(0, z)$. "
                "By the chain rule each row contributes $G_{nj}\\min(0, Z_{nj})$, and because every row uses the "
                "same $\\alpha_j$ the contributions add up: $\\partial J/\\partial\\alpha_j = \\sum_n G_{nj}\\min(0, Z_{nj})$, "
                "which is what `dl.prelu` back-propagates to a slope of shape `(num_hiddens,)`.",
)

EXERCISES = (LEAKY_RELU_DERIVATIVE, COUNT_DEAD_UNITS, PRELU_SLOPE_GRADIENT)

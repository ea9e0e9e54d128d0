"""Exercises of notebook 11, batch training and SGD: a minibatch gradient, Robbins–Monro's conditions, the floor."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "MINIBATCH_GRADIENT", "ROBBINS_MONRO_CONDITIONS", "FLOOR_AT_HALF_THE_STEP",
           "minibatch_gradient", "satisfies_robbins_monro"]

NOTEBOOK = "11_batch_training_and_sgd"
_rng = np.random.default_rng(11)


# --- 1. a minibatch gradient of least squares -------------------------------------------

def minibatch_gradient(w, X, y, rows):
    Xb, yb = X[rows], y[rows]
    return Xb.T @ (Xb @ w - yb) / len(rows)  # the mean of x_n (x_n·w − y_n) over the batch


def _summed(w, X, y, rows):
    Xb, yb = X[rows], y[rows]
    return Xb.T @ (Xb @ w - yb)


def _whole_data(w, X, y, rows):
    return X.T @ (X @ w - y) / len(X)


def _twice(w, X, y, rows):
    Xb, yb = X[rows], y[rows]
    return 2 * Xb.T @ (Xb @ w - yb) / len(rows)


def _gradient_case(n, d, b, repeated=False):
    X, y = _rng.normal(size=(n, d)), _rng.normal(size=n)
    rows = np.array([1, 1, 3], dtype=np.intp) if repeated else _rng.integers(0, n, size=b).astype(np.intp)
    return _rng.normal(size=d), X, y, rows


MINIBATCH_GRADIENT = Exercise(
    NOTEBOOK, "minibatch_gradient",
    "Write ĝ_B(w) = (1/|B|) Σ_{n∈B} x_n (x_n·w − y_n), the gradient of ½·mean (x·w − y)² on the rows `rows`.",
    minibatch_gradient,
    cases=[_gradient_case(20, 3, 1), _gradient_case(20, 3, 5), _gradient_case(50, 4, 16),
           _gradient_case(10, 2, 3, repeated=True)],
    mistakes=[
        (_summed, "the gradient is summed, not averaged over the batch: divide by the batch size, "
                  "so that E[ĝ_B] is the full gradient whatever B is."),
        (_whole_data, "you used every row: the minibatch gradient uses only the rows in `rows`."),
        (_twice, "the factor ½ in J cancels the 2 of the square's derivative: no factor 2."),
    ],
    explanation="Each row contributes $x_n (x_n\\cdot w - y_n)$, the gradient of $\\tfrac12(x_n\\cdot w - y_n)^2$; "
                "a row drawn twice (sampling with replacement) counts twice. Averaging makes "
                "$\\mathbb{E}[\\hat g_B] = \\nabla J$, so the same $\\varepsilon$ works for every batch size.",
)


# --- 2. Robbins and Monro's conditions --------------------------------------------------

def satisfies_robbins_monro(p):
    return bool(0.5 < p <= 1)  # Σ 1/k^p diverges iff p ≤ 1; Σ 1/k^(2p) converges iff p > ½


def _half_included(p):
    return bool(0.5 <= p <= 1)


def _only_decaying(p):
    return bool(p > 0)


def _only_summable_squares(p):
    return bool(p > 0.5)


ROBBINS_MONRO_CONDITIONS = Exercise(
    NOTEBOOK, "satisfies_robbins_monro",
    "Return True when ε_k = ε₀/k^p satisfies both Σε_k = ∞ and Σε_k² < ∞.",
    satisfies_robbins_monro,
    cases=[(p,) for p in (0.25, 0.5, 0.51, 0.75, 1.0, 1.01, 2.0)],
    mistakes=[
        (_half_included, "p = ½ gives ε_k² = ε₀²/k, whose sum diverges like log k: the noise never dies down."),
        (_only_decaying, "a step that merely decays is not enough: p > 1 makes Σε_k finite (the iterates stop "
                         "short of the minimum), p ≤ ½ makes Σε_k² infinite."),
        (_only_summable_squares, "for p > 1 the steps add up to a finite distance, Σε_k < ∞: SGD can stall "
                                 "before reaching the minimum."),
    ],
    explanation="$\\sum_k k^{-p}$ diverges exactly when $p \\le 1$, and $\\sum_k k^{-2p}$ converges exactly "
                "when $2p > 1$: both hold for $\\tfrac12 < p \\le 1$.",
)


# --- 3. the noise floor at half the step ------------------------------------------------

FLOOR_AT_HALF_THE_STEP = Exercise(
    NOTEBOOK, "floor_at_half_the_step",
    "With a constant step ε = 0.02 SGD's excess loss hovers at 0.0027. Predict the floor at ε = 0.01.",
    0.0027 / 2,
    mistakes=[
        (0.0027 / 4, "the floor grows like ε, not ε²: each step adds noise of variance ∝ ε², but the pull "
                     "back to the minimum is ∝ ε, and their balance is ∝ ε."),
        (0.0027 / np.sqrt(2), "the floor is an excess *loss*, proportional to ε itself, not to √ε."),
        (0.0027, "the floor does depend on the step: halving ε halves it."),
    ],
    rtol=1e-3,
    code="floor_at_half_the_step = 0.0027 / 2  # the floor is proportional to ε for small ε",
    explanation="Near the minimum, $J - J^* \\approx \\tfrac12 \\delta^\\top H \\delta$ with $\\delta = w - w^*$. "
                "A step adds noise of covariance $\\varepsilon^2 \\Sigma_g$ and shrinks $\\delta$ by "
                "$(I - \\varepsilon H)$; at balance $\\mathbb{E}[\\delta^\\top H \\delta] \\approx "
                "\\tfrac{\\varepsilon}{2}\\,\\mathrm{tr}\\,\\Sigma_g$, linear in $\\varepsilon$.",
)

EXERCISES = (MINIBATCH_GRADIENT, ROBBINS_MONRO_CONDITIONS, FLOOR_AT_HALF_THE_STEP)

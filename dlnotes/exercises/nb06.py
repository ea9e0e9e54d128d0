"""Exercises of notebook 06, the parameter update: one SGD step, the best learning rate, the steps to a tolerance."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "SGD_STEP", "BEST_LEARNING_RATE", "STEPS_TO_SHRINK",
           "sgd_step", "best_learning_rate", "steps_to_shrink"]

NOTEBOOK = "06_parameter_update"
_rng = np.random.default_rng(6)


# --- 1. one step of gradient descent ------------------------------------------------------

def sgd_step(theta, G, lr):
    return theta - lr * G  # a new array: step against the gradient, scaled by the learning rate


def _ascent(theta, G, lr):
    return theta + lr * G


def _no_learning_rate(theta, G, lr):
    return theta - G


def _divided_by_lr(theta, G, lr):
    return theta - G / lr


SGD_STEP = Exercise(
    NOTEBOOK, "sgd_step",
    "Write one step of gradient descent, θ ← θ − εG, returning the new θ (same shape as θ).",
    sgd_step,
    cases=[
        (np.array([-2.5, 1.5]), np.array([-3.0, 5.0]), 0.05),
        (np.array([1.0, 2.0, 3.0]), np.array([0.5, -0.5, 0.0]), 0.1),
        (_rng.normal(size=(3, 4)), _rng.normal(size=(3, 4)), 0.3),   # a weight matrix
        (np.array(2.0), np.array(4.0), 0.25),                        # a scalar parameter
        (np.array([1.0, -1.0]), np.array([0.0, 0.0]), 0.5),          # zero gradient: no move
    ],
    mistakes=[
        (_ascent, "you stepped along the gradient (θ + εG): that climbs the loss; step against it, θ − εG."),
        (_no_learning_rate, "the learning rate is missing: the step is ε times the gradient, θ − εG."),
        (_divided_by_lr, "you divided the gradient by ε: the step is ε·G, so a small ε takes a small step."),
    ],
    explanation="The gradient points uphill, so the step goes against it; ε scales its length. "
                "Returning a new array (rather than changing `theta` in place) keeps the old θ for "
                "comparison; `dl.SGD.step()` does the same update in place on each parameter's `.value`.",
)


# --- 2. the best learning rate of a quadratic -------------------------------------------------

def best_learning_rate(eigenvalues):
    lam = np.asarray(eigenvalues, dtype=float)
    return 2 / (lam.min() + lam.max())  # where the flat and the steep factors meet: 1 − ελ_min = −(1 − ελ_max)


def _max_stable(eigenvalues):
    return 2 / np.max(eigenvalues)


def _one_over_lambda_max(eigenvalues):
    return 1 / np.max(eigenvalues)


def _sum_of_all(eigenvalues):
    return 2 / np.sum(eigenvalues)


BEST_LEARNING_RATE = Exercise(
    NOTEBOOK, "best_learning_rate",
    "Given the Hessian's eigenvalues (any number of them, all > 0), return the ε that makes the "
    "slowest rate max_i |1 − ελ_i| smallest.",
    best_learning_rate,
    cases=[
        (np.array([1.0, 10.0]),),
        (np.array([10.0, 1.0]),),              # in any order
        (np.array([1.0, 100.0]),),
        (np.array([0.5, 3.0, 2.0]),),          # three directions: only the extremes matter
        (np.array([0.1, 0.2, 0.3, 4.0]),),
        (np.array([2.0, 2.0]),),               # a round bowl: ε* = 1/λ, one step to the minimum
    ],
    mistakes=[
        (_max_stable, "2/λ_max is the edge of divergence, not the best rate: at it the steep factor is −1 "
                      "and never shrinks. The best rate balances the flat and steep factors: 2/(λ_min + λ_max)."),
        (_one_over_lambda_max, "1/λ_max removes the steep direction in one step but leaves the flat one "
                               "shrinking by 1 − λ_min/λ_max per step; balancing both gives 2/(λ_min + λ_max)."),
        (_sum_of_all, "you summed every eigenvalue: only the flattest and the steepest directions set the "
                      "slowest rate, so ε* = 2/(λ_min + λ_max)."),
    ],
    explanation="$\\rho(\\varepsilon) = \\max(|1 - \\varepsilon\\lambda_{\\min}|, |1 - \\varepsilon\\lambda_{\\max}|)$: "
                "the first term falls and the second rises with $\\varepsilon$ past $1/\\lambda_{\\max}$, so "
                "the maximum is smallest where they are equal, $1 - \\varepsilon\\lambda_{\\min} = "
                "\\varepsilon\\lambda_{\\max} - 1$, that is $\\varepsilon^* = 2/(\\lambda_{\\min} + \\lambda_{\\max})$ "
                "(`Quadratic.best_lr`). The directions in between have factors between these two.",
)


# --- 3. the number of steps to a tolerance ----------------------------------------------------

def steps_to_shrink(eigenvalues, lr, tol):
    lam = np.asarray(eigenvalues, dtype=float)
    rho = np.max(np.abs(1 - lr * lam))    # the slowest direction's factor per step
    if rho >= 1:
        return np.inf                     # it never shrinks below tol
    return int(np.ceil(np.log(tol) / np.log(rho)))  # the first k with rho**k <= tol


def _fastest_direction(eigenvalues, lr, tol):
    rho = np.min(np.abs(1 - lr * np.asarray(eigenvalues, dtype=float)))
    return np.inf if rho >= 1 else int(np.ceil(np.log(tol) / np.log(rho)))


def _rounded_down(eigenvalues, lr, tol):
    rho = np.max(np.abs(1 - lr * np.asarray(eigenvalues, dtype=float)))
    return np.inf if rho >= 1 else int(np.floor(np.log(tol) / np.log(rho)))


def _no_absolute_value(eigenvalues, lr, tol):
    rho = np.max(1 - lr * np.asarray(eigenvalues, dtype=float))
    return np.inf if rho >= 1 else int(np.ceil(np.log(tol) / np.log(rho)))


def _steps_case(eigenvalues, lr, tol):
    return (np.array(eigenvalues, dtype=float), lr, tol)


STEPS_TO_SHRINK = Exercise(
    NOTEBOOK, "steps_to_shrink",
    "Given the eigenvalues, ε and a tolerance 0 < tol < 1, return the fewest steps k after which every "
    "component of θ along the eigenvectors is at most tol times its start (np.inf if that never happens).",
    steps_to_shrink,
    cases=[
        _steps_case([1.0, 10.0], 0.01, 1e-3),
        _steps_case([1.0, 10.0], 2 / 11, 1e-3),     # ε*: both factors ±9/11
        _steps_case([1.0, 10.0], 0.19, 1e-6),      # oscillating: the steep factor −0.9 is the slowest
        _steps_case([1.0, 100.0], 2 / 101, 1e-6),   # κ = 100
        _steps_case([0.5, 2.0, 4.0], 0.3, 1e-2),
        _steps_case([1.0, 10.0], 0.25, 1e-3),      # diverges
        _steps_case([1.0, 10.0], 0.2, 1e-3),       # the steep factor is exactly −1: never
    ],
    mistakes=[
        (_fastest_direction, "you used the fastest direction's factor: the slowest one, max |1 − ελ_i|, "
                             "decides when every component is below tol."),
        (_rounded_down, "rounded down: after ⌊log tol / log ρ⌋ steps ρ^k is still above tol; take the "
                        "ceiling, the first k with ρ^k ≤ tol."),
        (_no_absolute_value, "you forgot the absolute value: a negative factor 1 − ελ_i (oscillation) "
                             "shrinks the component by |1 − ελ_i| per step, and can be the slowest."),
    ],
    explanation="After $k$ steps the component along $q_i$ is $(1 - \\varepsilon\\lambda_i)^k$ times its "
                "start, so all of them are below tol once $\\rho^k \\le$ tol with "
                "$\\rho = \\max_i |1 - \\varepsilon\\lambda_i|$: $k = \\lceil \\log \\mathrm{tol} / \\log\\rho \\rceil$. "
                "With $\\kappa = 100$ and $\\varepsilon^*$, $\\rho = 99/101$ and $10^{-6}$ takes 691 steps; "
                "with $\\kappa = 10$ it takes 69. `Quadratic.steps_to_shrink` computes the same number.",
)

EXERCISES = (SGD_STEP, BEST_LEARNING_RATE, STEPS_TO_SHRINK)

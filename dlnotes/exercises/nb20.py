"""Exercises of notebook 20, distillation: the distillation loss, its gradient, how the soft gradients scale."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "DISTILLATION_LOSS", "SOFT_GRADIENT", "GRADIENT_SHRINK",
           "distillation_loss", "soft_gradient"]

NOTEBOOK = "20_distillation"
_rng = np.random.default_rng(20)


def _log_softmax(z):
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


# --- 1. the distillation loss -------------------------------------------------------------

def distillation_loss(z, v, y, T, alpha):
    p = np.exp(_log_softmax(v / T))                         # the teacher's soft targets
    soft = -(p * _log_softmax(z / T)).sum(axis=1).mean()    # H(p, softmax(z/T))
    hard = -_log_softmax(z)[np.arange(len(y)), y].mean()    # CE(z, y) at T = 1
    return alpha * T ** 2 * soft + (1 - alpha) * hard


def _no_t_squared(z, v, y, T, alpha):
    p = np.exp(_log_softmax(v / T))
    soft = -(p * _log_softmax(z / T)).sum(axis=1).mean()
    hard = -_log_softmax(z)[np.arange(len(y)), y].mean()
    return alpha * soft + (1 - alpha) * hard


def _student_not_softened(z, v, y, T, alpha):
    p = np.exp(_log_softmax(v / T))
    soft = -(p * _log_softmax(z)).sum(axis=1).mean()
    hard = -_log_softmax(z)[np.arange(len(y)), y].mean()
    return alpha * T ** 2 * soft + (1 - alpha) * hard


def _weights_swapped(z, v, y, T, alpha):
    return distillation_loss(z, v, y, T, 1 - alpha)


def _case(n, T, alpha):
    return _rng.normal(size=(n, 10)), 3 * _rng.normal(size=(n, 10)), _rng.integers(0, 10, size=n).astype(np.intp), \
        T, alpha


DISTILLATION_LOSS = Exercise(
    NOTEBOOK, "distillation_loss",
    "Write J = α·T²·H(softmax(v/T), softmax(z/T)) + (1 − α)·CE(z, y) in numpy, from student logits z and teacher logits v.",
    distillation_loss,
    cases=[_case(4, 2.0, 0.5), _case(8, 4.0, 0.9), _case(3, 1.0, 0.3), _case(5, 8.0, 0.7)],
    mistakes=[
        (_no_t_squared, "the soft term lacks its factor T²: without it, its gradients shrink like 1/T² and "
                        "a high temperature silently turns the teacher off."),
        (_student_not_softened, "the student's logits must be softened by the same temperature: "
                                "H(p, softmax(z/T)), not softmax(z)."),
        (_weights_swapped, "the weights are swapped: α multiplies the soft term, 1 − α the labels' cross-entropy."),
    ],
)


# --- 2. the gradient of the soft term ------------------------------------------------------

def soft_gradient(z, p, T):
    q = np.exp(_log_softmax(z / T))
    return (q - p) / (len(z) * T)  # ∂H(p, softmax(z/T))/∂z: the chain rule brings the 1/T


def _no_one_over_t(z, p, T):
    q = np.exp(_log_softmax(z / T))
    return (q - p) / len(z)


def _sign(z, p, T):
    q = np.exp(_log_softmax(z / T))
    return (p - q) / (len(z) * T)


def _not_averaged(z, p, T):
    q = np.exp(_log_softmax(z / T))
    return (q - p) / T


def _gradient_case(n, T):
    v = 2 * _rng.normal(size=(n, 5))
    return _rng.normal(size=(n, 5)), np.exp(_log_softmax(v / T)), T


SOFT_GRADIENT = Exercise(
    NOTEBOOK, "soft_gradient",
    "Write ∂H/∂z for H = −(1/N) Σ_n Σ_k p_nk log softmax(z_n/T)_k.",
    soft_gradient,
    cases=[_gradient_case(3, 1.0), _gradient_case(6, 2.5), _gradient_case(4, 10.0)],
    mistakes=[
        (_no_one_over_t, "the chain rule through z/T brings a factor 1/T: (q − p)/(N·T)."),
        (_sign, "the sign is flipped: the gradient is q − p (student minus teacher), so a step lowers q "
                "where it exceeds p."),
        (_not_averaged, "H is a mean over the N rows: divide by N."),
    ],
)


# --- 3. how much the soft gradients shrink ------------------------------------------------

GRADIENT_SHRINK = Exercise(
    NOTEBOOK, "gradient_shrink",
    "For a large T, by what factor does the soft term's gradient (without the T² factor) shrink when T doubles?",
    0.25,
    mistakes=[
        (0.5, "there are two factors of 1/T: one from the chain rule through z/T, and one because "
              "q − p ≈ (z − v)/(K·T) itself shrinks with T; together 1/T², so ¼."),
        (1.0, "the gradient does shrink: (q − p)/(N·T), with q − p ≈ (z − v)/(K·T) for large T."),
    ],
    rtol=1e-3,
    code="gradient_shrink = 1 / 2 ** 2  # the soft gradient scales like 1/T² for large T",
    explanation="For large $T$, $\\mathrm{softmax}(z/T)_k \\approx (1 + z_k/T)/K$ (logits of mean zero), so "
                "$q - p \\approx (z - v)/(KT)$ and $\\partial H/\\partial z = (q - p)/(NT) \\approx (z - v)/(NKT^2)$.",
)

EXERCISES = (DISTILLATION_LOSS, SOFT_GRADIENT, GRADIENT_SHRINK)

"""Exercises of notebook 19, LoRA: the adapted layer, the fraction of parameters trained, the best rank-r update."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "LORA_FORWARD", "TRAINED_FRACTION", "BEST_RANK_R",
           "lora_forward", "trained_fraction", "best_rank_r"]

NOTEBOOK = "19_lora"
_rng = np.random.default_rng(19)


# --- 1. the adapted layer -------------------------------------------------------------------

def lora_forward(x, W0, b0, A, B, alpha):
    r = A.shape[1]
    return x @ W0 + b0 + (alpha / r) * (x @ A) @ B  # frozen path plus the scaled low-rank update


def _no_scale(x, W0, b0, A, B, alpha):
    return x @ W0 + b0 + (x @ A) @ B


def _alpha_only(x, W0, b0, A, B, alpha):
    return x @ W0 + b0 + alpha * (x @ A) @ B


def _update_only(x, W0, b0, A, B, alpha):
    return b0 + (alpha / A.shape[1]) * (x @ A) @ B


def _forward_case(n, fan_in, fan_out, r, alpha):
    return (_rng.normal(size=(n, fan_in)), _rng.normal(size=(fan_in, fan_out)), _rng.normal(size=fan_out),
            _rng.normal(size=(fan_in, r)), _rng.normal(size=(r, fan_out)), alpha)


LORA_FORWARD = Exercise(
    NOTEBOOK, "lora_forward",
    "Write h = x W₀ + b₀ + (α/r)·x A B for x (N, fan_in), A (fan_in, r), B (r, fan_out).",
    lora_forward,
    cases=[_forward_case(3, 5, 4, 2, 4.0), _forward_case(2, 6, 3, 1, 3.0), _forward_case(4, 4, 4, 4, 1.0),
           _forward_case(1, 8, 2, 3, 6.0)],
    mistakes=[
        (_no_scale, "the update is scaled by α/r: without it, changing r changes how big the update starts."),
        (_alpha_only, "divide α by the rank r: the scale is α/r, so that r can change without retuning α."),
        (_update_only, "the frozen path x W₀ is still there: LoRA adds (α/r)·x A B to it, it does not replace it."),
    ],
)


# --- 2. the fraction of parameters trained -----------------------------------------------------

def trained_fraction(fan_in, fan_out, r):
    return r * (fan_in + fan_out) / (fan_in * fan_out)  # A and B against the whole of W


def _a_only(fan_in, fan_out, r):
    return r * fan_in / (fan_in * fan_out)


def _r_squared(fan_in, fan_out, r):
    return r * r / (fan_in * fan_out)


def _rank_over_width(fan_in, fan_out, r):
    return r / min(fan_in, fan_out)


TRAINED_FRACTION = Exercise(
    NOTEBOOK, "trained_fraction",
    "What fraction of a fan_in × fan_out weight matrix's parameter count does a rank-r LoRA update train?",
    trained_fraction,
    cases=[(64, 128, 1), (128, 128, 4), (128, 10, 2), (1024, 4096, 8), (6, 6, 3)],
    mistakes=[
        (_a_only, "B trains too: A has r·fan_in entries and B r·fan_out."),
        (_r_squared, "A is fan_in × r and B is r × fan_out: r·(fan_in + fan_out) numbers, not r²."),
        (_rank_over_width, "count the entries: r·(fan_in + fan_out) trained out of fan_in·fan_out."),
    ],
)


# --- 3. the best rank-r update ----------------------------------------------------------------

def best_rank_r(delta, r):
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return (U[:, :r] * s[:r]) @ Vt[:r]  # keep the r largest singular directions (Eckart–Young)


def _smallest(delta, r):
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return (U[:, -r:] * s[-r:]) @ Vt[-r:]


def _without_singular_values(delta, r):
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return U[:, :r] @ Vt[:r]


def _first_rows(delta, r):
    out = np.zeros_like(delta)
    out[:r] = delta[:r]
    return out


def _rank_case(m, n, r):
    # an update with quickly falling singular values, like the fine-tuning updates of the notebook
    U, _ = np.linalg.qr(_rng.normal(size=(m, m)))
    V, _ = np.linalg.qr(_rng.normal(size=(n, n)))
    k = min(m, n)
    return (U[:, :k] * (3.0 * 0.5 ** np.arange(k))) @ V[:, :k].T, r


BEST_RANK_R = Exercise(
    NOTEBOOK, "best_rank_r",
    "Write the rank-r matrix closest to delta (in Frobenius norm): its truncated SVD.",
    best_rank_r,
    cases=[_rank_case(6, 4, 1), _rank_case(5, 5, 2), _rank_case(8, 3, 3), _rank_case(4, 7, 2)],
    mistakes=[
        (_smallest, "keep the r largest singular values: np.linalg.svd returns them in decreasing order."),
        (_without_singular_values, "the singular values weight the directions: U_r diag(s_r) V_rᵀ."),
        (_first_rows, "keeping r rows gives a rank-r matrix, but not the closest one: truncate the SVD."),
    ],
)

EXERCISES = (LORA_FORWARD, TRAINED_FRACTION, BEST_RANK_R)

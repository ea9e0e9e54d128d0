"""Exercises of notebook 14, normalization: batch normalization's forward pass, its running variance, its scale invariance."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "BATCH_NORMALIZE", "RUNNING_VARIANCE", "GRADIENT_SCALE",
           "batch_normalize", "update_running_var"]

NOTEBOOK = "14_normalization"
_rng = np.random.default_rng(14)


# --- 1. batch normalization ---------------------------------------------------------------

def batch_normalize(x, gamma, beta, eps):
    mean = x.mean(axis=0)                 # one mean per feature, over the batch
    var = x.var(axis=0)                   # biased: divide by N, as in training
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def _over_features(x, gamma, beta, eps):
    mean = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def _no_sqrt(x, gamma, beta, eps):
    return gamma * (x - x.mean(axis=0)) / (x.var(axis=0) + eps) + beta


def _unbiased(x, gamma, beta, eps):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0, ddof=1) + eps) + beta


def _case(n, d, eps):
    return (3 * _rng.normal(size=(n, d)) + _rng.normal(size=d), _rng.uniform(0.5, 2, size=d),
            _rng.normal(size=d), eps)


BATCH_NORMALIZE = Exercise(
    NOTEBOOK, "batch_normalize",
    "Write batch normalization γ·(x − μ_B)/√(σ²_B + ε) + β for x of shape (N, D), statistics per feature over the batch.",
    batch_normalize,
    cases=[_case(8, 3, 1e-5), _case(5, 4, 0.1), _case(2, 6, 1e-3), _case(16, 5, 1.0)],
    mistakes=[
        (_over_features, "those statistics are over the features of each example: that is layer normalization. "
                         "Batch normalization takes one mean and one variance per feature, over the batch (axis 0)."),
        (_no_sqrt, "divide by the standard deviation √(σ² + ε), not by the variance."),
        (_unbiased, "in training, batch normalization uses the batch's biased variance (divide by N, numpy's "
                    "default ddof=0); the unbiased one only enters the running average."),
    ],
)


# --- 2. the running variance --------------------------------------------------------------

def update_running_var(running_var, x, momentum):
    n = len(x)
    batch_var = x.var(axis=0) * n / (n - 1)  # unbiased, as PyTorch keeps it
    return (1 - momentum) * running_var + momentum * batch_var


def _momentum_swapped(running_var, x, momentum):
    n = len(x)
    return momentum * running_var + (1 - momentum) * x.var(axis=0) * n / (n - 1)


def _biased(running_var, x, momentum):
    return (1 - momentum) * running_var + momentum * x.var(axis=0)


def _replaced(running_var, x, momentum):
    n = len(x)
    return x.var(axis=0) * n / (n - 1)


def _var_case(n, d, momentum):
    return _rng.uniform(0.5, 2, size=d), 2 * _rng.normal(size=(n, d)), momentum


RUNNING_VARIANCE = Exercise(
    NOTEBOOK, "update_running_var",
    "Write one update of the running variance: (1 − momentum)·running + momentum·(the batch's unbiased variance).",
    update_running_var,
    cases=[_var_case(4, 3, 0.1), _var_case(10, 2, 0.3), _var_case(2, 5, 0.01), _var_case(6, 4, 0.9)],
    mistakes=[
        (_momentum_swapped, "the momentum weighs the *new* batch: running ← (1 − m)·running + m·batch, with m = 0.1 "
                            "a slow average."),
        (_biased, "the running variance estimates the population's, so it takes the batch's unbiased variance: "
                  "times n/(n − 1)."),
        (_replaced, "that replaces the running variance by the last batch's; it should be an exponential moving "
                    "average over batches."),
    ],
)


# --- 3. scale invariance ------------------------------------------------------------------

GRADIENT_SCALE = Exercise(
    NOTEBOOK, "gradient_scale",
    "A layer's weights W feed straight into batch normalization. Multiply W by 10: by what factor does the "
    "gradient of the loss with respect to W change?",
    0.1,
    mistakes=[
        (10.0, "the output does not change (BN(10·xW) = BN(xW)), so the gradient cannot grow: it shrinks, as 1/10."),
        (1.0, "the output does not change, but its derivative with respect to W does: L(aW) = L(W) for every a, "
              "so a·∇L(aW) = ∇L(W), and ∇L(10·W) = ∇L(W)/10."),
        (0.01, "only one factor: differentiate L(aW) = L(W) with respect to W once, a·∇L(aW) = ∇L(W), "
               "so the gradient scales as 1/a."),
    ],
    rtol=1e-3,
    code="gradient_scale = 1 / 10  # L(aW) = L(W), so a·∇L(aW) = ∇L(W)",
    explanation="Batch normalization subtracts the mean and divides by the standard deviation, both of which scale "
                "with $a$: $\\mathrm{BN}(x\\,aW) = \\mathrm{BN}(xW)$, so $L(aW) = L(W)$ for every $a > 0$. "
                "Differentiating with respect to $W$ gives $a\\,\\nabla L(aW) = \\nabla L(W)$. Larger weights get "
                "smaller gradients: a step that is too large grows $W$ and thereby shrinks its own next steps, one "
                "reason why batch normalization tolerates larger learning rates.",
)

EXERCISES = (BATCH_NORMALIZE, RUNNING_VARIANCE, GRADIENT_SCALE)

"""Losses: J(θ) = −E_{x,y∼p̂_data}[log p_model(y | x; θ)] + λΩ(θ).

Each output unit has its loss: softmax with the negative log-likelihood
(``cross_entropy``), the Bernoulli unit (sigmoid) with ``binary_cross_entropy``,
the linear (Gaussian) unit with ``mse``. ``l2_penalty`` and ``l1_penalty`` are
Ω(θ), added with a weight λ.
"""

import numpy as np

from dlnotes import ops
from dlnotes.checks import as_float_array, check_nonempty, check_parameters
from dlnotes.functions import abs as abs_, sum as sum_
from dlnotes.graph import Node, as_node

__all__ = ["nll", "cross_entropy", "binary_cross_entropy", "mse", "l2_penalty", "l1_penalty"]


def nll(log_probs, y):
    """J = −(1/N) Σ_n log p(y_n | x_n): the mean negative log-likelihood.

    ``log_probs`` has shape (N, classes); ``y`` holds N integer labels.
    """
    return ops.NLL(np.asarray(y)).apply(log_probs)


def cross_entropy(logits, y, temperature=1.0):
    """nll(log_softmax(logits / T), y), fused into one stable step."""
    return ops.CrossEntropy(np.asarray(y), temperature).apply(logits)


def binary_cross_entropy(logits, y):
    """The Bernoulli output unit's loss, −mean(y log σ(z) + (1 − y) log(1 − σ(z))), from logits z.

    ``y`` holds targets in [0, 1], the shape of ``logits``.
    """
    y = as_float_array(y, "binary_cross_entropy: the targets y")
    if np.any((y < 0) | (y > 1)) or not np.all(np.isfinite(y)):
        raise ValueError("binary_cross_entropy: targets must lie in [0, 1]")
    return ops.BinaryCrossEntropy(y).apply(logits)


def mse(y_hat, y):
    """J = mean((ŷ − y)²): the linear output unit's loss (a Gaussian's NLL up to constants).

    The shapes must match exactly: (N,) against (N, 1) would broadcast to (N, N).
    """
    y_hat = y_hat if isinstance(y_hat, Node) else as_node(as_float_array(y_hat, "mse: the predictions y_hat"))
    y = y if isinstance(y, Node) else as_node(as_float_array(y, "mse: the targets y"))
    if y_hat.shape != y.shape:
        raise ValueError(f"mse: predictions of shape {y_hat.shape} and targets of shape "
                         f"{y.shape} differ (they would broadcast silently)")
    check_nonempty(y.value, "mse: the targets y")
    diff = y_hat - y
    return ops.Mean().apply(diff * diff)


def l2_penalty(params):
    """Ω(θ) = ½ Σ_w w²: weight decay's penalty over the given parameters (distinct Nodes)."""
    return 0.5 * _total(sum_(p * p) for p in check_parameters(params, "l2_penalty: params"))


def l1_penalty(params):
    """Ω(θ) = Σ_w |w|: the L1 penalty, whose (sub)gradient λ·sign(w) pushes every weight towards zero.

    The push has the same size however small w is, so small weights are driven
    to (near) zero, unlike with L2's λw. Plain (sub)gradient SGD does not make
    them exactly zero: a weight within ε·λ of zero steps across it and back.
    Exact zeros need a proximal step (soft-thresholding), which SGD does not take.
    """
    return _total(sum_(abs_(p)) for p in check_parameters(params, "l1_penalty: params"))


def _total(terms):
    total = None
    for term in terms:
        total = term if total is None else total + term
    return total

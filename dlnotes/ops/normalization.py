"""Normalization: batch normalization and layer normalization, each one fused operation.

Both standardise x over some axes, x̂ = (x − μ) / √(σ² + ε), then scale and
shift it by learned γ and β: y = γ·x̂ + β. Batch normalization takes μ, σ²
over the batch (and the pixels, per channel); layer normalization over the
features of each example. Fused, the backprop is one formula instead of the
dozen nodes of mean, var, sqrt and division it would take op by op.
"""

import numbers

import numpy as np

from dlnotes.ops.base import Op

__all__ = ["BatchNorm", "LayerNorm"]


def _check_eps(eps):
    if not isinstance(eps, numbers.Real) or not np.isfinite(eps) or eps <= 0:
        raise ValueError(f"eps must be a finite number > 0, got {eps!r}")
    return float(eps)


def _standardized_backprop(G_hat, x_hat, inv_std, axes):
    """∂L/∂x for x̂ = (x − μ)·inv_std with μ, σ² taken over ``axes``, given G_hat = ∂L/∂x̂.

    ∂L/∂x = inv_std · (G_hat − mean(G_hat) − x̂ · mean(G_hat ⊙ x̂)), means over ``axes``.
    """
    return inv_std * (G_hat - G_hat.mean(axis=axes, keepdims=True)
                      - x_hat * (G_hat * x_hat).mean(axis=axes, keepdims=True))


class BatchNorm(Op):
    """y = γ·(x − μ_B)/√(σ²_B + ε) + β, with the batch mean μ_B and biased variance σ²_B.

    For x of shape (N, D) the statistics run over axis 0, one per feature; for
    (N, C, H, W) over (N, H, W), one per channel; γ and β have shape (D,) or (C,).
    ∂L/∂γ = Σ G ⊙ x̂,  ∂L/∂β = Σ G (over the same axes), and ∂L/∂x as in
    :func:`_standardized_backprop` with G_hat = G·γ. The batch statistics stay
    on the operation (``mean``, ``var``) for the layer's running averages.
    """
    name = "batch_norm"

    def __init__(self, eps=1e-5):
        self.eps = _check_eps(eps)
        self.mean = self.var = self.x_hat = self.inv_std = None

    def forward(self, x, gamma, beta):
        if x.ndim not in (2, 4):
            raise ValueError(f"batch_norm: x must have shape (N, D) or (N, C, H, W), got shape {x.shape}")
        C = x.shape[1]
        if gamma.shape != (C,) or beta.shape != (C,):
            raise ValueError(f"batch_norm: gamma and beta must have shape ({C},) for x of shape "
                             f"{x.shape}, got {gamma.shape} and {beta.shape}")
        self.axes = (0,) if x.ndim == 2 else (0, 2, 3)
        if x.size // C < 2:
            raise ValueError(f"batch_norm needs more than one value per channel to take batch "
                             f"statistics, got x of shape {x.shape}")
        self.bshape = (1, C) if x.ndim == 2 else (1, C, 1, 1)
        self.mean = x.mean(axis=self.axes, keepdims=True)
        self.var = x.var(axis=self.axes, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(self.var + self.eps)
        self.x_hat = (x - self.mean) * self.inv_std
        return self.x_hat * gamma.reshape(self.bshape) + beta.reshape(self.bshape)

    def backprop(self, inputs, output, i, G):
        if i == 1:
            return (G * self.x_hat).sum(axis=self.axes)
        if i == 2:
            return G.sum(axis=self.axes)
        G_hat = G * inputs[1].reshape(self.bshape)
        return _standardized_backprop(G_hat, self.x_hat, self.inv_std, self.axes)


class LayerNorm(Op):
    """y = γ·(x − μ)/√(σ² + ε) + β with μ, σ² (biased) over the last axis of each example.

    x has shape (..., D), γ and β (D,). ∂L/∂γ = Σ G ⊙ x̂ and ∂L/∂β = Σ G over
    every axis but the last; ∂L/∂x as in :func:`_standardized_backprop` with
    G_hat = G·γ, means over the last axis.
    """
    name = "layer_norm"

    def __init__(self, eps=1e-5):
        self.eps = _check_eps(eps)
        self.x_hat = self.inv_std = None

    def forward(self, x, gamma, beta):
        D = x.shape[-1] if x.ndim else 0
        if x.ndim == 0 or gamma.shape != (D,) or beta.shape != (D,):
            raise ValueError(f"layer_norm: gamma and beta must have shape (D,) = ({D},) for x of "
                             f"shape {x.shape}, got {gamma.shape} and {beta.shape}")
        mean = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return self.x_hat * gamma + beta

    def backprop(self, inputs, output, i, G):
        D = G.shape[-1]
        if i == 1:
            return (G * self.x_hat).reshape(-1, D).sum(axis=0)
        if i == 2:
            return G.reshape(-1, D).sum(axis=0)
        return _standardized_backprop(G * inputs[1], self.x_hat, self.inv_std, -1)

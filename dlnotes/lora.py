"""LoRA (Hu et al. 2021): adapt a pretrained network by training a low-rank update of each weight matrix.

Fine-tuning changes a pretrained weight matrix W₀ (fan_in × fan_out) into
W₀ + ΔW. LoRA's hypothesis is that the useful ΔW has a low "intrinsic rank",
so it trains ΔW = (α/r)·A B with A (fan_in × r) and B (r × fan_out) and keeps
W₀ frozen:

    h = x W₀ + b₀ + (α/r)·x A B,      trained: r·(fan_in + fan_out) numbers per layer,

instead of fan_in·fan_out. B starts at zero, so the adapted network starts
as the pretrained one; after training, W₀ + (α/r)·A B can be merged into one
matrix, so inference costs nothing extra. This module wraps every layer of a
pretrained :class:`dlnotes.MLP` in :class:`dlnotes.nn.LoRALinear`
(:class:`LoRAMLP`), copies networks, and measures an update's singular values.
"""

import numpy as np

from dlnotes.graph import Node
from dlnotes.nn.base import Layer, count_parameters
from dlnotes.nn.lora import LoRALinear
from dlnotes.nn.mlp import MLP

__all__ = ["copy_mlp", "LoRAMLP", "count_parameters", "update_singular_values", "effective_rank"]


def copy_mlp(model):
    """An independent copy of an :class:`~dlnotes.MLP`: same sizes and activation, the weights copied."""
    clone = MLP(model.sizes, activation=model.activation)
    for mine, theirs in zip(clone.parameters(), model.parameters()):
        mine.value = theirs.value.copy()
    return clone


class LoRAMLP(Layer):
    """A copy of a pretrained MLP whose every linear layer becomes a :class:`~dlnotes.nn.LoRALinear`
    of rank ``r`` (scale α/r): only the A, B factors train.

    h⁽ˡ⁾ = g(h⁽ˡ⁻¹⁾ W₀⁽ˡ⁾ + b₀⁽ˡ⁾ + (α/r)·h⁽ˡ⁻¹⁾ A⁽ˡ⁾ B⁽ˡ⁾), the last layer without g.
    """

    def __init__(self, pretrained, r, alpha=None, seed=0):
        rng = np.random.default_rng(seed)
        base = copy_mlp(pretrained)
        self.g = base.g
        self.layers = [LoRALinear(layer, r, r if alpha is None else alpha, rng, name=str(k + 1))
                       for k, layer in enumerate(base.layers)]

    def __call__(self, X):
        h = X if isinstance(X, Node) else Node(np.asarray(X, dtype=float), requires_grad=False)
        for layer in self.layers[:-1]:
            h = self.g(layer(h))
        return self.layers[-1](h)

    def predict(self, X):
        return np.argmax(self(X).value, axis=1)

    def merge(self):
        """Fold every update into its W₀ (W₀ ← W₀ + (α/r)·A B); returns self."""
        for layer in self.layers:
            layer.merge()
        return self

    def unmerge(self):
        for layer in self.layers:
            layer.unmerge()
        return self

    def sublayers(self):
        return self.layers


def update_singular_values(W_before, W_after):
    """The singular values σ₁ ≥ σ₂ ≥ … of the update ΔW = W_after − W_before."""
    return np.linalg.svd(np.asarray(W_after, dtype=float) - np.asarray(W_before, dtype=float), compute_uv=False)


def effective_rank(singular_values, energy=0.9):
    """The fewest singular values whose squares hold ``energy`` of Σσ² (‖ΔW‖²_F): a rank that 'suffices'."""
    s2 = np.asarray(singular_values, dtype=float) ** 2
    if not 0 < energy <= 1 or s2.sum() == 0:
        raise ValueError(f"need 0 < energy ≤ 1 and a non-zero update, got energy {energy!r}")
    return int(np.searchsorted(np.cumsum(s2) / s2.sum(), energy - 1e-12) + 1)

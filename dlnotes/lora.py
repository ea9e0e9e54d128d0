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

from dlnotes.checks import check_finite, check_fraction, check_model_input
from dlnotes.graph import Node
from dlnotes.nn.base import Layer, count_parameters
from dlnotes.nn.lora import LoRALinear
from dlnotes.nn.mlp import MLP

__all__ = ["copy_mlp", "LoRAMLP", "count_parameters", "update_singular_values", "effective_rank"]


def copy_mlp(model):
    """An independent copy of an :class:`~dlnotes.MLP`: same sizes and activation, the weights copied."""
    if not isinstance(model, MLP):
        raise TypeError(f"copy_mlp needs an MLP, got {type(model).__name__}")
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
        if not isinstance(pretrained, MLP):
            raise TypeError(f"LoRAMLP needs a pretrained MLP, got {type(pretrained).__name__}")
        base = copy_mlp(pretrained)
        self.sizes = base.sizes
        self.g = base.g
        self.layers = [LoRALinear(layer, r, r if alpha is None else alpha, rng, name=str(k + 1))
                       for k, layer in enumerate(base.layers)]

    def __call__(self, X):
        X = check_model_input(X, "the LoRAMLP input X", self.sizes[0])
        h = X if isinstance(X, Node) else Node(X, requires_grad=False)
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
    W_before = check_finite(W_before, "update_singular_values: W_before")
    W_after = check_finite(W_after, "update_singular_values: W_after")
    if W_before.ndim != 2 or W_before.shape != W_after.shape:
        raise ValueError(f"update_singular_values needs two weight matrices of one shape, got "
                         f"{W_before.shape} and {W_after.shape}")
    return np.linalg.svd(W_after - W_before, compute_uv=False)


def effective_rank(singular_values, energy=0.9):
    """The fewest singular values whose squares hold ``energy`` of Σσ² (‖ΔW‖²_F): a rank that 'suffices'."""
    energy = check_fraction(energy, "effective_rank: energy", low_open=True)
    s = check_finite(singular_values, "effective_rank: singular_values")
    if s.ndim != 1 or np.any(s < 0):
        raise ValueError(f"effective_rank: singular_values must be a 1-D array of numbers ≥ 0, got {s!r}")
    s2 = s ** 2
    if s2.sum() == 0:
        raise ValueError("effective_rank needs a non-zero update (some singular value > 0): no rank holds a share of nothing")
    return int(np.searchsorted(np.cumsum(s2) / s2.sum(), energy - 1e-12) + 1)

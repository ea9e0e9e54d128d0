"""Low-rank adaptation (LoRA): a frozen linear layer plus a trainable low-rank update."""

import numpy as np

from dlnotes.checks import check_count, check_real, check_rng
from dlnotes.graph import Node
from dlnotes.nn.base import Layer

__all__ = ["LoRALinear"]


class LoRALinear(Layer):
    """h = x W₀ + b₀ + (α/r)·x A B: the base ``Linear`` (W₀, b₀) frozen, A and B trained.

    A (fan_in, r) starts random, B (r, fan_out) at zero, so the adapted layer
    starts identical to its base; only the r·(fan_in + fan_out) entries of A
    and B train, instead of fan_in·fan_out. (In the paper's column-vector
    notation the update is W₀ + BA; with this package's row vectors it is
    W₀ + A B.) ``merge()`` folds the update into W₀ (W₀ ← W₀ + (α/r)·A B), so
    inference costs one matrix product again; ``unmerge()`` takes it out.
    """

    def __init__(self, base, r, alpha, rng, name=""):
        r = check_count(r, "LoRALinear: the rank r")
        W, b = getattr(base, "W", None), getattr(base, "b", None)
        if not isinstance(W, Node) or W.ndim != 2 or not isinstance(b, Node):
            raise TypeError(f"LoRALinear: base must be a Linear layer (with Nodes W and b), got {type(base).__name__}")
        alpha = check_real(alpha, "LoRALinear: alpha")
        check_rng(rng, "LoRALinear: rng")
        fan_in, fan_out = base.W.shape
        self.base = base
        for p in base.parameters():  # frozen: back-propagation computes nothing for them
            p.requires_grad = False
            p.grad = None
        self.r, self.alpha = int(r), float(alpha)
        self.scale = self.alpha / self.r
        self.A = Node(rng.normal(0.0, 1.0 / np.sqrt(fan_in), size=(fan_in, self.r)), name=f"A{name}")
        self.B = Node(np.zeros((self.r, fan_out)), name=f"B{name}")
        self.merged = False
        self._merged_delta = None  # the update merge() added, which unmerge() takes out again

    def __call__(self, x):
        if self.merged:
            return self.base(x)
        return self.base(x) + ((x @ self.A) @ self.B) * self.scale

    def delta(self):
        """The update (α/r)·A B, a (fan_in, fan_out) array."""
        return self.scale * (self.A.value @ self.B.value)

    def merge(self):
        """W₀ ← W₀ + (α/r)·A B: one matrix product at inference, the same outputs."""
        if not self.merged:
            self._merged_delta = self.delta()
            self.base.W.value += self._merged_delta
            self.merged = True
        return self

    def unmerge(self):
        """W₀ ← W₀ − (α/r)·A B: the base weights back, the update separate again."""
        if self.merged:
            # The update that was added, even if A or B changed since: W₀ comes back exactly.
            self.base.W.value -= self._merged_delta
            self._merged_delta = None
            self.merged = False
        return self

    def own_parameters(self):
        return [self.A, self.B]

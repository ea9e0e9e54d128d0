"""Dropout: inverted dropout as one operation that draws its mask in the forward pass."""

import numbers

from dlnotes.checks import check_rng
from dlnotes.ops.base import Op

__all__ = ["Dropout", "check_drop_probability"]


def check_drop_probability(p):
    """``p`` as a float; a ValueError unless 0 ≤ p < 1 (p = 1 would drop every unit)."""
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p < 1:
        raise ValueError(f"the dropout probability p must lie in [0, 1), got {p!r}")
    return float(p)


class Dropout(Op):
    """z = a ⊙ m / (1 − p) with m_k ~ Bernoulli(1 − p) drawn from ``rng``: inverted dropout.

    Each unit is kept with probability 1 − p and the kept ones are scaled by
    1/(1 − p), so E[z] = a and nothing needs rescaling at evaluation time.
    ∂z/∂a = m / (1 − p): the gradient flows only through the kept units.
    """
    name = "dropout"

    def __init__(self, p, rng):
        self.p = check_drop_probability(p)
        self.rng = check_rng(rng, "dropout: rng")
        self.scaled_mask = None  # m / (1 − p), drawn by forward

    def forward(self, a):
        keep = self.rng.random(a.shape) >= self.p
        self.scaled_mask = keep.astype(a.dtype) * a.dtype.type(1.0 / (1.0 - self.p))
        return a * self.scaled_mask

    def backprop(self, inputs, output, i, G):
        return G * self.scaled_mask

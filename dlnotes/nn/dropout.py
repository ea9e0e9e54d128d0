"""The dropout layer: inverted dropout while training, the identity while evaluating."""

from dlnotes import functions as F
from dlnotes.checks import check_rng
from dlnotes.nn.base import Layer
from dlnotes.ops.dropout import check_drop_probability

__all__ = ["Dropout"]


class Dropout(Layer):
    """z = x ⊙ m/(1 − p), m ~ Bernoulli(1 − p) from ``rng``, in training mode; z = x in evaluation mode."""

    def __init__(self, p, rng):
        self.p = check_drop_probability(p)
        self.rng = check_rng(rng, "Dropout: rng")

    def __call__(self, x):
        return F.dropout(x, self.p, self.rng, training=self.training)

    def __repr__(self):
        return f"Dropout(p={self.p})"

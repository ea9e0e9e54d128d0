"""Losses as fused operations: the negative log-likelihood, cross-entropy, binary cross-entropy."""

import numpy as np

from dlnotes.checks import check_labels, check_nonempty, check_temperature
from dlnotes.ops.base import Op

__all__ = ["NLL", "CrossEntropy", "BinaryCrossEntropy"]


class NLL(Op):
    """J = −(1/N) Σ_n log p(y_n | x_n), from log-probabilities of shape (N, classes).

    ∂J/∂(log p)_{n,k} = −1/N where k = y_n, else 0.
    """
    name = "nll"

    def __init__(self, y):
        self.y = y

    def forward(self, log_probs):
        y = check_labels(self.y, log_probs, "log_probs")
        return -np.mean(log_probs[np.arange(len(y)), y])

    def backprop(self, inputs, output, i, G):
        log_probs = inputs[0]
        g = np.zeros_like(log_probs)
        g[np.arange(len(self.y)), self.y] = -G / len(self.y)
        return g


class CrossEntropy(Op):
    """J = −(1/N) Σ_n log softmax(z_n/T)_{y_n}: log-softmax and NLL fused.

    ∂J/∂z_n = (softmax(z_n/T) − onehot(y_n)) / (N·T).
    """
    name = "cross_entropy"

    def __init__(self, y, temperature=1.0):
        self.y = y
        self.temperature = check_temperature(temperature)
        self.probs = None  # kept from the forward pass for the backprop

    def forward(self, z):
        y = check_labels(self.y, z, "logits")
        s = z / self.temperature if self.temperature != 1.0 else z
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        total = e.sum(axis=1, keepdims=True)
        self.probs = e / total
        rows = np.arange(len(y))
        return (np.log(total[:, 0]) - s[rows, y]).sum() / len(y)

    def backprop(self, inputs, output, i, G):
        g = self.probs.copy()
        g[np.arange(len(self.y)), self.y] -= 1.0
        g *= G / (len(self.y) * self.temperature)
        return g


class BinaryCrossEntropy(Op):
    """J = mean(−y log σ(z) − (1 − y) log(1 − σ(z))), from logits z (the Bernoulli unit).

    Stable form: max(z, 0) − z·y + log(1 + e^(−|z|)).  ∂J/∂z = (σ(z) − y) / n.
    """
    name = "binary_cross_entropy"

    def __init__(self, y):
        self.y = y

    def forward(self, z):
        check_nonempty(z, "binary_cross_entropy: the logits array")
        if self.y.shape != z.shape:
            raise ValueError(f"binary_cross_entropy: targets of shape {self.y.shape} "
                             f"do not match logits of shape {z.shape}")
        return np.mean(np.maximum(z, 0.0) - z * self.y + np.log1p(np.exp(-np.abs(z))))

    def backprop(self, inputs, output, i, G):
        z = inputs[0]
        return G * (0.5 * (1.0 + np.tanh(0.5 * z)) - self.y) / z.size

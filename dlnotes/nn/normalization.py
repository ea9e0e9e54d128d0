"""Normalization layers: ``BatchNorm`` (with running statistics) and ``LayerNorm``."""

import numpy as np

from dlnotes import functions as F
from dlnotes import ops
from dlnotes.checks import check_count, check_fraction, check_positive
from dlnotes.graph import Node, as_node
from dlnotes.nn.base import Layer

__all__ = ["BatchNorm", "LayerNorm"]


class BatchNorm(Layer):
    """Batch normalization, y = γ·(x − μ)/√(σ² + ε) + β, for (N, D) or (N, C, H, W) input.

    In training mode μ and σ² are the batch's (:func:`dlnotes.batch_norm`), and
    the running averages move towards them:
    running ← (1 − momentum)·running + momentum·batch statistic, the variance
    taken unbiased (× n/(n − 1)) as PyTorch does. In evaluation mode the
    running averages replace the batch statistics, so an example's output no
    longer depends on the rest of its batch.
    """

    def __init__(self, num_features, momentum=0.1, eps=1e-5, name=""):
        num_features = check_count(num_features, "BatchNorm: num_features")
        momentum = check_fraction(momentum, "BatchNorm: momentum")
        eps = check_positive(eps, "BatchNorm: eps")
        self.gamma = Node(np.ones(num_features), name=f"gamma{name}")
        self.beta = Node(np.zeros(num_features), name=f"beta{name}")
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.momentum, self.eps = float(momentum), eps

    def __call__(self, x):
        x = as_node(x)
        if self.training:
            op = ops.BatchNorm(self.eps)
            y = op.apply(x, self.gamma, self.beta)
            n = x.value.size // x.shape[1]
            # NaN or inf in the batch would stay in the running averages for good: refuse it
            # here, on the C statistics rather than on every input value.
            if not (np.isfinite(op.mean).all() and np.isfinite(op.var).all()):
                raise ValueError(f"BatchNorm: the batch holds NaN or infinity (input of shape {x.shape}); "
                                 "its statistics would spoil the running averages")
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * op.mean.reshape(-1)
            self.running_var = (1 - m) * self.running_var + m * op.var.reshape(-1) * (n / (n - 1))
            return y
        if x.ndim not in (2, 4) or x.shape[1] != len(self.running_mean):
            raise ValueError(f"BatchNorm({len(self.running_mean)}) expects (N, {len(self.running_mean)}) "
                             f"or (N, {len(self.running_mean)}, H, W) input, got shape {x.shape}")
        # y = x·s + (β − μ·s) with s = γ/√(σ² + ε): one scale and one shift per channel.
        scale = self.gamma * (1.0 / np.sqrt(self.running_var + self.eps))
        shift = self.beta - scale * self.running_mean
        if x.ndim == 4:
            scale, shift = F.reshape(scale, (-1, 1, 1)), F.reshape(shift, (-1, 1, 1))
        return x * scale + shift

    def own_parameters(self):
        return [self.gamma, self.beta]


class LayerNorm(Layer):
    """Layer normalization over the last axis, y = γ·(x − μ)/√(σ² + ε) + β: the same in training and evaluation."""

    def __init__(self, num_features, eps=1e-5, name=""):
        num_features = check_count(num_features, "LayerNorm: num_features")
        eps = check_positive(eps, "LayerNorm: eps")
        self.gamma = Node(np.ones(num_features), name=f"gamma{name}")
        self.beta = Node(np.zeros(num_features), name=f"beta{name}")
        self.eps = eps

    def __call__(self, x):
        return F.layer_norm(x, self.gamma, self.beta, self.eps)

    def own_parameters(self):
        return [self.gamma, self.beta]

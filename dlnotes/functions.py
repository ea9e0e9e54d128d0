"""Differentiable functions of nodes (and of plain arrays, taken as constants).

The hidden units' rectifiers are one family,

    g(z) = max(0, z) + α·min(0, z):

``relu`` is α = 0, ``leaky_relu`` a small fixed α (0.01), ``abs`` the absolute
value rectification α = −1, and ``prelu`` the parametric ReLU whose α is a
node learned by back-propagation like any weight.
"""

from dlnotes import ops

__all__ = ["exp", "log", "sum", "mean", "tanh", "sigmoid", "relu", "leaky_relu",
           "abs", "prelu", "softmax", "log_softmax", "affine"]


def exp(x):
    """e^x, elementwise."""
    return ops.EXP.apply(x)


def log(x):
    """The natural logarithm, elementwise; negative input is a ValueError."""
    return ops.LOG.apply(x)


def sum(x, axis=None, keepdims=False):  # noqa: A001 - numpy's name, on purpose
    """Σ x over ``axis`` (every axis for None)."""
    return ops.Sum(axis, keepdims).apply(x)


def mean(x, axis=None, keepdims=False):
    """The mean of x over ``axis`` (every axis for None)."""
    return ops.Mean(axis, keepdims).apply(x)


def tanh(x):
    """tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x))."""
    return ops.TANH.apply(x)


def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x)), the Bernoulli output unit's squashing function."""
    return ops.SIGMOID.apply(x)


def relu(x):
    """g(z) = max(0, z): the rectifier with α = 0."""
    return ops.RELU.apply(x)


def leaky_relu(x, alpha=0.01):
    """g(z) = max(0, z) + α·min(0, z) with a small fixed α (0.01 by default)."""
    return ops.Rectifier(alpha).apply(x)


def abs(x):  # noqa: A001 - numpy's name, on purpose
    """g(z) = |z| = max(0, z) − min(0, z): absolute value rectification, α = −1."""
    return ops.Rectifier(-1.0).apply(x)


def prelu(x, alpha):
    """g(z) = max(0, z) + α·min(0, z) where α is a Node, learned (parametric ReLU).

    ``alpha`` broadcasts against ``x``: a scalar slope, or one per unit.
    """
    return ops.PRELU.apply(x, alpha)


def softmax(z, temperature=1.0, axis=-1):
    """softmax(z/T)_k = exp(z_k/T) / Σ_m exp(z_m/T): a differentiable max.

    A high temperature T flattens the distribution (more entropy), a low one
    sharpens it towards the argmax. T must be finite and > 0.
    """
    return ops.Softmax(temperature, axis).apply(z)


def log_softmax(z, temperature=1.0, axis=-1):
    """log softmax(z/T) = z/T − logsumexp(z/T), computed stably."""
    return ops.LogSoftmax(temperature, axis).apply(z)


def affine(X, W, b):
    """X @ W + b in one step: a layer's linear map, each column of W a unit's covector."""
    return ops.AFFINE.apply(X, W, b)

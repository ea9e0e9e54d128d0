"""Differentiable functions of nodes (and of plain arrays, taken as constants).

The hidden units' rectifiers are one family,

    g(z) = max(0, z) + α·min(0, z):

``relu`` is α = 0, ``leaky_relu`` a small fixed α (0.01), ``abs`` the absolute
value rectification α = −1, and ``prelu`` the parametric ReLU whose α is a
node learned by back-propagation like any weight.
"""

import math
import numbers

import numpy as np

from dlnotes import ops
from dlnotes.checks import check_count
from dlnotes.graph import as_node

__all__ = ["exp", "log", "sum", "mean", "tanh", "sigmoid", "relu", "leaky_relu",
           "abs", "prelu", "softmax", "log_softmax", "affine",
           "reshape", "transpose", "concatenate", "stack", "max", "var", "sqrt",
           "conv2d", "max_pool2d", "dropout", "batch_norm", "layer_norm",
           "scaled_dot_product_attention", "embedding", "sinusoidal_positional_encoding"]


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


# Shape and selection, statistics, and the operations of the architectures
# (convolution, pooling, normalization, dropout, attention, embeddings).

def reshape(x, shape):
    """x with a new shape, the same entries in row-major order (one axis may be −1)."""
    x = as_node(x)
    return ops.Reshape(_resolve_shape(x.shape, shape)).apply(x)


def _resolve_shape(old, shape):
    """``shape`` with a −1 replaced by the length that keeps the number of entries."""
    entries = shape if isinstance(shape, (tuple, list)) else (shape,)
    for n in entries:  # a float length (2.5) would be truncated, a string parsed: neither is a shape
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            raise TypeError(f"reshape: shape must be integers (one of them may be -1), got {shape!r}")
    shape = tuple(int(n) for n in entries)
    size = math.prod(old)  # Python integers: no overflow, on 32-bit Pyodide too
    if shape.count(-1) == 1:
        rest = math.prod(n for n in shape if n != -1)
        if rest and size % rest == 0:
            shape = tuple(size // rest if n == -1 else n for n in shape)
    if math.prod(shape) != size or any(n < 0 for n in shape):
        raise ValueError(f"reshape: cannot reshape shape {old} ({size} entries) into shape {shape}")
    return shape


def transpose(x, axes=None):
    """x with its axes reversed (None) or permuted: result.shape[k] = x.shape[axes[k]]."""
    return ops.Transpose(axes).apply(x) if axes is not None else ops.TRANSPOSE.apply(x)


def concatenate(nodes, axis=0):
    """[x₀ | x₁ | …]: the nodes joined along an existing ``axis``."""
    nodes = _node_list(nodes, "concatenate")
    return ops.Concatenate(axis).apply(*nodes)


def stack(nodes, axis=0):
    """The nodes (all of one shape) stacked along a new ``axis``."""
    nodes = _node_list(nodes, "stack")
    return ops.Stack(axis).apply(*nodes)


def _node_list(nodes, who):
    """``nodes`` as a non-empty list; a TypeError for None or a lone array (a sequence of them is needed)."""
    if nodes is None or isinstance(nodes, (str, bytes, np.ndarray)) or not hasattr(nodes, "__iter__"):
        raise TypeError(f"{who} needs a list of nodes or arrays, got {type(nodes).__name__}")
    nodes = list(nodes)
    if not nodes:
        raise ValueError(f"{who} needs at least one node")
    return nodes


def max(x, axis=None, keepdims=False):  # noqa: A001 - numpy's name, on purpose
    """max_k x_k over ``axis``; tied maxima share the gradient equally (as ``torch.amax``)."""
    return ops.Max(axis, keepdims).apply(x)


def var(x, axis=None, keepdims=False):
    """(1/n) Σ (x − x̄)² over ``axis``: the biased variance (``torch.var(unbiased=False)``)."""
    return ops.Var(axis, keepdims).apply(x)


def sqrt(x):
    """√x, elementwise; negative input is a ValueError."""
    return ops.SQRT.apply(x)


def conv2d(x, W, b=None, stride=1, padding=0):
    """Z[n, f, i, j] = b[f] + Σ_{c,u,v} X[n, c, s·i + u, s·j + v] W[f, c, u, v].

    x (N, C, H, W), W (F, C, kh, kw), b (F,) or None; x is zero-padded by
    ``padding`` on every side. A cross-correlation, like ``torch.nn.functional.conv2d``.
    """
    op = ops.Conv2d(stride, padding)
    return op.apply(x, W) if b is None else op.apply(x, W, b)


def max_pool2d(x, size, stride=None):
    """The maximum of every size×size window of x (N, C, H, W); ``stride`` defaults to ``size``."""
    return ops.MaxPool2d(size, stride).apply(x)


def dropout(x, p, rng, training=True):
    """Inverted dropout: each unit kept with probability 1 − p and scaled by 1/(1 − p), so E[output] = x.

    The identity when ``training`` is False (or p = 0). ``rng`` is a
    ``np.random.Generator``; p outside [0, 1) is a ValueError.
    """
    p = ops.dropout.check_drop_probability(p)
    if not isinstance(training, (bool, np.bool_)):  # "no" or "eval" would be truthy: training
        raise TypeError(f"dropout: training must be True or False, got {training!r}")
    if not training or p == 0.0:
        return as_node(x)
    return ops.Dropout(p, rng).apply(x)


def batch_norm(x, gamma, beta, eps=1e-5):
    """γ·(x − μ_B)/√(σ²_B + ε) + β with the batch's mean and biased variance.

    Over axis 0 for x (N, D); over (N, H, W), per channel, for x (N, C, H, W).
    Training-mode statistics; :class:`dlnotes.nn.BatchNorm` keeps running ones
    for evaluation.
    """
    return ops.BatchNorm(eps).apply(x, gamma, beta)


def layer_norm(x, gamma, beta, eps=1e-5):
    """γ·(x − μ)/√(σ² + ε) + β with μ and σ² over the last axis of each example."""
    return ops.LayerNorm(eps).apply(x, gamma, beta)


def scaled_dot_product_attention(Q, K, V, mask=None):
    """softmax(Q Kᵀ/√d) V over shapes (..., T, d); ``mask`` is True where a query may attend.

    The mask is boolean and broadcasts to (..., T, S), as PyTorch's boolean
    ``attn_mask``; a query that may attend to nothing is a ValueError.
    """
    return ops.ScaledDotProductAttention(mask).apply(Q, K, V)


def embedding(ids, table):
    """table[ids]: one row of the (vocabulary, d) table per integer id; the result has shape ids.shape + (d,)."""
    return ops.Embedding(ids).apply(table)


def sinusoidal_positional_encoding(num_steps, num_hiddens):
    """The (num_steps, num_hiddens) array P[t, 2i] = sin(t/10000^(2i/d)), P[t, 2i+1] = cos(t/10000^(2i/d)).

    Added to the token embeddings, it tells attention (which alone is blind
    to order) where each token sits; each pair of columns is a rotation at
    its own frequency, so P[t + k] is a linear function of P[t].
    """
    num_steps = check_count(num_steps, "sinusoidal_positional_encoding: num_steps", minimum=0)
    num_hiddens = check_count(num_hiddens, "sinusoidal_positional_encoding: num_hiddens")
    t = np.arange(num_steps, dtype=np.float64)[:, np.newaxis]
    frequencies = 10000.0 ** (-np.arange(0, num_hiddens, 2, dtype=np.float64) / num_hiddens)
    P = np.zeros((num_steps, num_hiddens))
    P[:, 0::2] = np.sin(t * frequencies)
    P[:, 1::2] = np.cos(t * frequencies[:num_hiddens // 2])
    return P

"""Reductions: sums and means over axes."""

import numpy as np

from dlnotes.checks import check_axis
from dlnotes.ops.base import Op

__all__ = ["Sum", "Mean", "Max", "Var"]


def _expand(G, shape, axis, keepdims):
    """Broadcast a reduction's gradient back over the reduced axes."""
    if axis is not None and not keepdims:
        axes = (axis,) if np.isscalar(axis) else tuple(axis)
        G = np.expand_dims(G, tuple(a % len(shape) for a in axes))
    return np.broadcast_to(G, shape).copy()


class Sum(Op):
    """z = Σ_k a_k over ``axis`` (all axes for None);  ∂z/∂a_k = 1."""
    name = "sum"

    def __init__(self, axis=None, keepdims=False):
        self.axis, self.keepdims = check_axis(axis, what="sum: axis"), bool(keepdims)

    def forward(self, a):
        check_axis(self.axis, a.ndim, what="sum: axis")
        return np.sum(a, axis=self.axis, keepdims=self.keepdims)

    def backprop(self, inputs, output, i, G):
        return _expand(G, inputs[0].shape, self.axis, self.keepdims)


def _check_not_empty_over(a, axis, name, noun="a mean"):
    """A ValueError if reducing ``a`` over ``axis`` would average zero values (undefined)."""
    axes = range(a.ndim) if axis is None else np.atleast_1d(axis)
    if any(a.shape[k] == 0 for k in axes):
        raise ValueError(f"{name} of an empty array (shape {a.shape}, axis {axis}): "
                         f"{noun} over zero values is undefined")


def _reduced_count(a, output):
    """n, the number of entries of ``a`` that each entry of ``output`` reduces."""
    return a.size // max(np.size(output), 1) if a.size else 1


class Mean(Op):
    """z = (1/n) Σ_k a_k over ``axis``;  ∂z/∂a_k = 1/n.  A mean over n = 0 values is an error."""
    name = "mean"

    def __init__(self, axis=None, keepdims=False):
        self.axis, self.keepdims = check_axis(axis, what="mean: axis"), bool(keepdims)

    def forward(self, a):
        check_axis(self.axis, a.ndim, what="mean: axis")
        _check_not_empty_over(a, self.axis, "mean")
        return np.mean(a, axis=self.axis, keepdims=self.keepdims)

    def backprop(self, inputs, output, i, G):
        a = inputs[0]
        n = _reduced_count(a, output)
        return _expand(G / n, a.shape, self.axis, self.keepdims)


class Max(Op):
    """z = max_k a_k over ``axis`` (all axes for None).

    ∂z/∂a_k = 1 where a_k is the maximum, else 0. Where several entries tie
    for the maximum the gradient is shared equally among them (1/m each for m
    ties), as ``torch.amax`` does: the subgradient that treats them alike.
    """
    name = "max"

    def __init__(self, axis=None, keepdims=False):
        self.axis, self.keepdims = check_axis(axis, what="max: axis"), bool(keepdims)

    def forward(self, a):
        check_axis(self.axis, a.ndim, what="max: axis")
        if a.size == 0:
            raise ValueError(f"max of an empty array (shape {a.shape})")
        return np.max(a, axis=self.axis, keepdims=self.keepdims)

    def backprop(self, inputs, output, i, G):
        a = inputs[0]
        top = _expand(output, a.shape, self.axis, self.keepdims)
        winners = a == top
        count = np.sum(winners, axis=self.axis, keepdims=True)
        return _expand(G, a.shape, self.axis, self.keepdims) * winners / count


class Var(Op):
    """z = (1/n) Σ_k (a_k − ā)² over ``axis``: the biased variance, as ``torch.var(unbiased=False)``.

    ∂z/∂a_k = 2(a_k − ā)/n (the terms through ā sum to zero).
    """
    name = "var"

    def __init__(self, axis=None, keepdims=False):
        self.axis, self.keepdims = check_axis(axis, what="var: axis"), bool(keepdims)

    def forward(self, a):
        check_axis(self.axis, a.ndim, what="var: axis")
        _check_not_empty_over(a, self.axis, "var", "a variance")
        return np.var(a, axis=self.axis, keepdims=self.keepdims)

    def backprop(self, inputs, output, i, G):
        a = inputs[0]
        n = _reduced_count(a, output)
        centred = a - np.mean(a, axis=self.axis, keepdims=True)
        return _expand(G, a.shape, self.axis, self.keepdims) * centred * (2.0 / n)

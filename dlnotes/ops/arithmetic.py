"""Arithmetic: + − × ÷, negation, powers, matrix products, the transpose and the fused affine map."""

import numpy as np

from dlnotes.checks import check_axis, check_broadcastable
from dlnotes.ops.base import Op, unbroadcast

__all__ = ["Add", "Sub", "Mul", "Div", "Neg", "Pow", "MatMul", "Transpose", "Affine",
           "ADD", "SUB", "MUL", "DIV", "NEG", "POW", "MATMUL", "TRANSPOSE", "AFFINE"]


class Add(Op):
    """z = a + b;  ∂z/∂a = 1,  ∂z/∂b = 1."""
    name = "add"

    def forward(self, a, b):
        if a.shape != b.shape:
            check_broadcastable(self.name, a.shape, b.shape)
        return a + b

    def backprop(self, inputs, output, i, G):
        return unbroadcast(G, inputs[i].shape)


class Sub(Op):
    """z = a − b;  ∂z/∂a = 1,  ∂z/∂b = −1."""
    name = "sub"

    def forward(self, a, b):
        if a.shape != b.shape:
            check_broadcastable(self.name, a.shape, b.shape)
        return a - b

    def backprop(self, inputs, output, i, G):
        return unbroadcast(G if i == 0 else -G, inputs[i].shape)


class Mul(Op):
    """z = a · b (elementwise);  ∂z/∂a = b,  ∂z/∂b = a."""
    name = "mul"

    def forward(self, a, b):
        if a.shape != b.shape:
            check_broadcastable(self.name, a.shape, b.shape)
        return a * b

    def backprop(self, inputs, output, i, G):
        return unbroadcast(G * inputs[1 - i], inputs[i].shape)


class Div(Op):
    """z = a / b;  ∂z/∂a = 1/b,  ∂z/∂b = −a/b²."""
    name = "div"

    def forward(self, a, b):
        if a.shape != b.shape:
            check_broadcastable(self.name, a.shape, b.shape)
        return a / b

    def backprop(self, inputs, output, i, G):
        a, b = inputs
        g = G / b if i == 0 else -G * a / (b * b)
        return unbroadcast(g, inputs[i].shape)


class Neg(Op):
    """z = −a;  ∂z/∂a = −1."""
    name = "neg"

    def forward(self, a):
        return -a

    def backprop(self, inputs, output, i, G):
        return -G


class Pow(Op):
    """z = a^b;  ∂z/∂a = b·a^(b−1),  ∂z/∂b = a^b·log a.

    At a = 0 with b ≥ 0, ∂z/∂b is 0 (as in PyTorch): a^b is 0 (or 1 at b = 0)
    for every b near a positive b, so the exponent has no effect there, though
    the formula gives 0·(−inf) = NaN. At b = 0, ∂z/∂a is 0 (a^0 = 1), also at a = 0.
    """
    name = "pow"

    def forward(self, a, b):
        if a.shape != b.shape:
            check_broadcastable(self.name, a.shape, b.shape)
        return np.power(a, b)

    def backprop(self, inputs, output, i, G):
        a, b = inputs
        if i == 0:
            with np.errstate(divide="ignore", invalid="ignore"):  # 0^(b−1): inf, right for 0 < b < 1
                g = G * b * np.power(a, b - 1)
            g = np.where(b == 0, 0.0, g)  # a^0 = 1 is flat, also at a = 0 (as in PyTorch)
        else:
            with np.errstate(divide="ignore"):  # log(0) = -inf; a < 0 still warns (IEEE NaN)
                log_a = np.log(a)
            with np.errstate(invalid="ignore"):  # 0·(−inf) at a = 0, replaced just below
                g = G * output * log_a
            g = np.where((a == 0) & (b >= 0), 0.0, g)
        return unbroadcast(g, inputs[i].shape)


class MatMul(Op):
    """Z = A @ B;  ∂L/∂A = G @ Bᵀ,  ∂L/∂B = Aᵀ @ G (numpy's matmul rules, 1-D included)."""
    name = "matmul"

    def forward(self, a, b):
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError(f"matmul needs arrays of at least one dimension, got shapes {a.shape} and {b.shape}")
        k_a = a.shape[-1]
        k_b = b.shape[0] if b.ndim == 1 else b.shape[-2]
        if k_a != k_b:
            raise ValueError(f"matmul shapes {a.shape} and {b.shape} do not fit: "
                             f"the inner dimensions {k_a} and {k_b} differ")
        return a @ b

    def backprop(self, inputs, output, i, G):
        a, b = inputs
        if a.ndim == 1 and b.ndim == 1:  # the dot product a·b
            return G * (b if i == 0 else a)
        # Treat a vector as a one-row (a) or one-column (b) matrix, then undo it.
        a2 = a[np.newaxis, :] if a.ndim == 1 else a
        b2 = b[:, np.newaxis] if b.ndim == 1 else b
        G2 = G
        if a.ndim == 1:
            G2 = np.expand_dims(G2, -2)
        if b.ndim == 1:
            G2 = np.expand_dims(G2, -1)
        if i == 0:
            return unbroadcast(G2 @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
        return unbroadcast(np.swapaxes(a2, -1, -2) @ G2, b2.shape).reshape(b.shape)


class Transpose(Op):
    """Z = Aᵀ (axes reversed), or A with its axes permuted: Z.shape[k] = A.shape[axes[k]].

    ∂L/∂A = G with the inverse permutation (Gᵀ when the axes are reversed).
    """
    name = "transpose"

    def __init__(self, axes=None):
        if axes is not None:
            if isinstance(axes, (str, bytes)) or not hasattr(axes, "__iter__"):
                raise TypeError(f"transpose: axes must be None or a tuple of integers, got {axes!r}")
            axes = check_axis(tuple(axes), what="transpose: axes")
        self.axes = axes
        self.inverse = None

    def forward(self, a):
        if self.axes is None:
            return a.T
        axes = tuple(k % a.ndim if -a.ndim <= k < a.ndim else k for k in self.axes)
        if sorted(axes) != list(range(a.ndim)):
            raise ValueError(f"transpose: axes {self.axes} are not a permutation of the "
                             f"{a.ndim} axes of an array of shape {a.shape}")
        self.inverse = tuple(np.argsort(axes).tolist())
        return a.transpose(axes)

    def backprop(self, inputs, output, i, G):
        if self.axes is None:
            return G.T
        return G.transpose(self.inverse)


class Affine(Op):
    """Y = X @ W + b, one fused step (a layer's linear map).

    ∂L/∂X = G @ Wᵀ,  ∂L/∂W = Xᵀ @ G,  ∂L/∂b = Σ_rows G.
    """
    name = "affine"

    def forward(self, X, W, b):
        if X.ndim != 2 or W.ndim != 2 or X.shape[1] != W.shape[0]:
            raise ValueError(f"affine: X of shape {X.shape} and W of shape {W.shape} do not fit "
                             "(X must be (batch, fan_in) and W (fan_in, fan_out))")
        if b.shape != (W.shape[1],):
            raise ValueError(f"affine: b has shape {b.shape}, expected ({W.shape[1]},)")
        Y = X @ W
        Y += b
        return Y

    def backprop(self, inputs, output, i, G):
        X, W, b = inputs
        if i == 0:
            return G @ W.T
        if i == 1:
            return X.T @ G
        return G.sum(axis=0)


ADD, SUB, MUL, DIV, NEG, POW = Add(), Sub(), Mul(), Div(), Neg(), Pow()
MATMUL, TRANSPOSE, AFFINE = MatMul(), Transpose(), Affine()

"""Convolutional layers: ``Conv2d`` and ``MaxPool2d`` over (N, C, H, W) images, PyTorch's layout."""

import numpy as np

import numbers

from dlnotes import functions as F
from dlnotes.checks import check_count, check_positive, check_rng
from dlnotes.graph import Node
from dlnotes.nn.base import Layer

__all__ = ["Conv2d", "MaxPool2d"]


class Conv2d(Layer):
    """Z = conv2d(X, W) + b with W of shape (out_channels, in_channels, k, k) and b (out_channels,).

    Z[n, f, i, j] = b[f] + Σ_{c,u,v} X[n, c, s·i + u, s·j + v] W[f, c, u, v]. Weights
    start from N(0, gain/fan_in) with fan_in = in_channels·k·k (He for
    rectifiers, gain 2); biases at zero.
    """

    def __init__(self, in_channels, out_channels, kernel_size, rng, stride=1, padding=0,
                 bias=True, gain=2.0, name=""):
        in_channels = check_count(in_channels, "Conv2d: in_channels")
        out_channels = check_count(out_channels, "Conv2d: out_channels")
        if isinstance(kernel_size, numbers.Number) or kernel_size is None:
            kernel_size = (kernel_size, kernel_size)
        if isinstance(kernel_size, (str, bytes)) or len(kernel_size) != 2:
            raise TypeError(f"Conv2d: kernel_size must be an integer or a pair (kh, kw), got {kernel_size!r}")
        kh, kw = (check_count(k, "Conv2d: kernel_size") for k in kernel_size)
        check_rng(rng, "Conv2d: rng")
        gain = check_positive(gain, "Conv2d: gain")
        stride = check_count(stride, "Conv2d: stride")
        padding = check_count(padding, "Conv2d: padding", minimum=0)
        if not isinstance(bias, (bool, np.bool_)):
            raise TypeError(f"Conv2d: bias must be True or False, got {bias!r}")
        fan_in = in_channels * kh * kw
        self.W = Node(rng.normal(0.0, np.sqrt(gain / fan_in), size=(out_channels, in_channels, kh, kw)),
                      name=f"W{name}")
        self.b = Node(np.zeros(out_channels), name=f"b{name}") if bias else None
        self.stride, self.padding = stride, padding

    def __call__(self, x):
        return F.conv2d(x, self.W, self.b, stride=self.stride, padding=self.padding)

    def own_parameters(self):
        return [self.W] if self.b is None else [self.W, self.b]

    def __repr__(self):
        F_, C, kh, kw = self.W.shape
        return f"Conv2d({C}, {F_}, kernel_size=({kh}, {kw}), stride={self.stride}, padding={self.padding})"


class MaxPool2d(Layer):
    """The maximum of every size×size window (stride defaults to size): no parameters."""

    def __init__(self, size, stride=None):
        self.size = check_count(size, "MaxPool2d: size")
        self.stride = None if stride is None else check_count(stride, "MaxPool2d: stride")

    def __call__(self, x):
        return F.max_pool2d(x, self.size, self.stride)

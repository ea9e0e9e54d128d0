"""Containers: layers in a row (``Sequential``), and a skip connection around one (``Residual``)."""

import math

from dlnotes import functions as F
from dlnotes.checks import check_callable
from dlnotes.graph import as_node
from dlnotes.nn.base import Layer

__all__ = ["Sequential", "Residual", "Flatten"]


class Sequential(Layer):
    """f(x) = f_L(… f_2(f_1(x))): the layers (or plain functions such as ``dl.relu``) in order."""

    def __init__(self, *layers):
        if not layers:
            raise ValueError("Sequential needs at least one layer")
        for layer in layers:
            if not callable(layer):
                raise TypeError(f"Sequential takes layers or functions, got {type(layer).__name__}")
        self.layers = list(layers)

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def sublayers(self):
        return self.layers

    def __getitem__(self, k):
        return self.layers[k]

    def __len__(self):
        return len(self.layers)


class Residual(Layer):
    """y = x + f(x): the skip connection of ResNets and transformers (f keeps the shape of x).

    ∂y/∂x = I + ∂f/∂x: the identity term carries the gradient past f unchanged.
    """

    def __init__(self, f):
        self.f = check_callable(f, "Residual: f")

    def __call__(self, x):
        fx = self.f(x)
        if fx.shape != x.shape:
            raise ValueError(f"Residual: f changed the shape from {x.shape} to {fx.shape}; "
                             "x + f(x) needs them equal")
        return x + fx

    def sublayers(self):
        return [self.f]


class Flatten(Layer):
    """(N, d₁, d₂, …) → (N, d₁·d₂·…): an image batch as rows, for the linear layers after a CNN."""

    def __call__(self, x):
        x = as_node(x)
        if x.ndim == 0:
            raise ValueError("Flatten needs a batch (N, d₁, …), got a scalar")
        # The width spelled out: −1 is ambiguous for an empty batch.
        return F.reshape(x, (x.shape[0], math.prod(x.shape[1:])))

"""Residual networks (He, Zhang, Ren & Sun 2016): each block adds a correction to its input, h + f(h).

A plain deep network composes its layers, h_k = g(h_{k−1} W_k + b_k), and
back-propagation multiplies the gradient by every layer's Jacobian on the way
down: ∂L/∂h_0 = ∂L/∂h_L · J_L ⋯ J_1. When each J_k shrinks (or stretches) the
gradient by a factor c, the first layer gets c^L of it: geometric in depth.
A residual block computes

    h_k = h_{k−1} + f_k(h_{k−1}),   f_k(h) = relu(h W_k + b_k) V_k + c_k,

whose Jacobian is I + ∂f_k/∂h: the identity carries the gradient past every
block unchanged, and the blocks only add to it. Here the second weights V_k
start from N(0, 1/(fan_in · depth)) (as Fixup, Zhang et al. 2019, scales
them), so the sum of the depth corrections stays of order one at any depth.
"""

import numpy as np

from dlnotes import functions as F
from dlnotes.checks import check_count, check_model_input, check_same_length
from dlnotes.graph import backprop
from dlnotes.losses import cross_entropy
from dlnotes.nn.base import Layer
from dlnotes.nn.containers import Residual, Sequential
from dlnotes.nn.mlp import Linear

__all__ = ["DeepMLP", "layer_gradient_norms"]


class DeepMLP(Layer):
    """``depth`` hidden blocks of ``width`` units between an input and an output ``Linear``: plain or residual.

    Plain: h_k = relu(h_{k−1} W_k + b_k). Residual: h_k = h_{k−1} + relu(h_{k−1} W_k + b_k) V_k + c_k
    (a :class:`dlnotes.nn.Residual` around a two-layer branch). Every W (the
    input layer's included) starts from N(0, gain/fan_in); the residual
    branches' V from N(0, 1/(fan_in · depth)). The input layer is
    h_0 = relu(x W_0 + b_0), the output the logits h_depth W_out + b_out.
    """

    def __init__(self, num_inputs, width, depth, num_outputs, residual=False, gain=1.0, seed=0):
        num_inputs = check_count(num_inputs, "DeepMLP: num_inputs")
        width = check_count(width, "DeepMLP: width")
        depth = check_count(depth, "DeepMLP: depth", minimum=0)
        num_outputs = check_count(num_outputs, "DeepMLP: num_outputs")
        if not isinstance(residual, (bool, np.bool_)):  # "no" would be truthy: residual
            raise TypeError(f"DeepMLP: residual must be True or False, got {residual!r}")
        rng = np.random.default_rng(seed)
        self.num_inputs = num_inputs
        self.depth, self.residual = depth, bool(residual)
        self.input = Linear(num_inputs, width, rng, gain, name="0")
        if residual:
            self.blocks = [Residual(Sequential(Linear(width, width, rng, gain, name=f"{k}"), F.relu,
                                               Linear(width, width, rng, 1.0 / max(depth, 1), name=f"{k}v")))
                           for k in range(1, depth + 1)]
        else:
            self.blocks = [Sequential(Linear(width, width, rng, gain, name=f"{k}"), F.relu)
                           for k in range(1, depth + 1)]
        self.output = Linear(width, num_outputs, rng, 1.0, name="out")

    def __call__(self, X):
        h = F.relu(self.input(check_model_input(X, "the DeepMLP input X", self.num_inputs)))
        for block in self.blocks:
            h = block(h)
        return self.output(h)

    def sublayers(self):
        return [self.input, *self.blocks, self.output]

    def first_weights(self):
        """W_0, the input layer's weights: the gradient that has come furthest."""
        return self.input.W

    def weights(self):
        return [p for p in self.parameters() if p.ndim == 2]

    def layer_weights(self):
        """One weight matrix per level, bottom to top: W_0, each block's W_k, W_out (not the branches' V_k)."""
        first = [block.f.layers[0].W if self.residual else block.layers[0].W for block in self.blocks]
        return [self.input.W, *first, self.output.W]

    def predict(self, X):
        return self(X).value.argmax(axis=1)

    def __repr__(self):
        return f"DeepMLP(depth={self.depth}, residual={self.residual})"


def layer_gradient_norms(model, X, y):
    """‖∂L/∂W‖ for W_0, every block's W_k and W_out (:meth:`DeepMLP.layer_weights`), for the cross-entropy on (X, y).

    One forward and one backward pass; returns an array of depth + 2 Frobenius norms, input layer first.
    """
    if not isinstance(model, DeepMLP):
        raise TypeError(f"layer_gradient_norms needs a DeepMLP, got {type(model).__name__}")
    logits = model(X)  # checks X
    J = cross_entropy(logits, check_same_length(logits.value, y, "layer_gradient_norms"))
    backprop(J)
    return np.array([np.linalg.norm(W.grad) for W in model.layer_weights()])

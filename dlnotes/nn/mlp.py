"""The deep feedforward network (multilayer perceptron).

An MLP is a composition of layers, f(x) = f⁽ᴸ⁾(… f⁽²⁾(f⁽¹⁾(x))), each a linear
map followed by an activation, h = g(h_prev @ W + b). Column j of W is unit j's
covector: the unit computes its dot product with the input, a detector of the
feature that W[:, j] points at. The last layer is linear and returns logits.
"""

import numpy as np

from dlnotes import functions as F
from dlnotes.checks import check_count, check_finite, check_positive, check_sizes
from dlnotes.graph import Node
from dlnotes.ops import AFFINE

__all__ = ["Linear", "MLP", "ACTIVATIONS"]

#: The hidden activations an MLP can use, by name.
ACTIVATIONS = {
    "relu": F.relu,
    "leaky_relu": F.leaky_relu,
    "abs": F.abs,
    "tanh": F.tanh,
    "sigmoid": F.sigmoid,
}


class Linear:
    """h = x @ W + b with W of shape (fan_in, fan_out) and b of shape (fan_out,).

    Weights start from N(0, gain/fan_in) (He initialisation for rectifiers,
    gain 2; Glorot-like for tanh and sigmoid, gain 1); biases start at zero.
    """

    def __init__(self, fan_in, fan_out, rng, gain=2.0, name=""):
        fan_in = check_count(fan_in, "Linear: fan_in")
        fan_out = check_count(fan_out, "Linear: fan_out")
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"Linear: rng must be a np.random.Generator (np.random.default_rng(seed)), "
                            f"got {type(rng).__name__}")
        gain = check_positive(gain, "Linear: gain")
        scale = np.sqrt(gain / fan_in)
        self.W = Node(rng.normal(0.0, scale, size=(fan_in, fan_out)), name=f"W{name}")
        self.b = Node(np.zeros(fan_out), name=f"b{name}")

    def __call__(self, x):
        if x.__class__ is np.ndarray or x.__class__ is Node:
            if x.ndim == 2:
                return AFFINE.apply(x, self.W, self.b)
        # (..., fan_in), e.g. (batch, steps, fan_in): the same map for every leading index.
        lead = x.shape[:-1] if isinstance(x, Node) else np.shape(x)[:-1]
        h = F.affine(F.reshape(x, (-1, self.W.shape[0])), self.W, self.b)
        return F.reshape(h, lead + (self.W.shape[1],))

    def parameters(self):
        return [self.W, self.b]


class MLP:
    """A multilayer perceptron with layer widths ``sizes``, e.g. (64, 128, 128, 10).

    ``model(X)`` returns the logits Node for a batch X of shape (N, sizes[0]);
    ``model.parameters()`` lists the weight and bias Nodes, which back-propagation
    fills with gradients and an optimiser updates in place.
    """

    def __init__(self, sizes, activation="relu", seed=0):
        sizes = check_sizes(sizes, "MLP")
        if not isinstance(activation, str) or activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; choose from {sorted(ACTIVATIONS)}")
        self.sizes, self.activation = sizes, activation
        self.g = ACTIVATIONS[activation]
        rng = np.random.default_rng(seed)
        gain = 2.0 if activation in ("relu", "leaky_relu", "abs") else 1.0
        self.layers = [Linear(n_in, n_out, rng, gain, name=str(k + 1))
                       for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]))]

    def __call__(self, X):
        return self.forward(X)[-1]

    def forward(self, X):
        """Every layer's output, from the first hidden layer to the logits.

        The hidden representations after each activation are what
        'each layer refines the representation' looks like.
        """
        if not isinstance(X, Node):
            X = check_finite(X, "the MLP input X")
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"the MLP expects input of shape (N, {self.sizes[0]}), got shape {X.shape}")
        h, outputs = X, []
        for k, layer in enumerate(self.layers):
            h = layer(h)
            if k < len(self.layers) - 1:
                h = self.g(h)
            outputs.append(h)
        return outputs

    def parameters(self):
        """The weight and bias Nodes, layer by layer."""
        return [p for layer in self.layers for p in layer.parameters()]

    def weights(self):
        """The weight matrices only: what a penalty Ω(θ) usually covers."""
        return [layer.W for layer in self.layers]

    def predict(self, X):
        """The predicted class of every row of X (the argmax of the logits)."""
        return self(X).value.argmax(axis=1)

    def __repr__(self):
        return f"MLP(sizes={self.sizes}, activation={self.activation!r})"

"""Normalization in an MLP (Ioffe & Szegedy 2015; Ba, Kiros & Hinton 2016): every hidden layer standardized.

A hidden layer computes h = relu(N(h_prev W + b)), where N is

* nothing (a plain MLP),
* batch normalization, N(a) = γ·(a − μ_B)/√(σ²_B + ε) + β with μ_B, σ²_B per
  feature over the batch (running averages of them at evaluation), or
* layer normalization, the same with μ, σ² over the features of each example.

Either way the scale of a layer's input to its activation no longer depends on
the scale of the weights below it, so activations neither vanish nor explode
with depth, and a larger learning rate stays stable.
"""

import numpy as np

from dlnotes import functions as F
from dlnotes.nn.base import Layer
from dlnotes.nn.mlp import Linear
from dlnotes.nn.normalization import BatchNorm, LayerNorm
from dlnotes.training import TrainingDiverged, train

__all__ = ["NormMLP", "activation_scales", "training_loss", "largest_stable_lr", "NORMS"]

#: The normalizations a :class:`NormMLP` can use, by name.
NORMS = (None, "batch", "layer")


class NormMLP(Layer):
    """An MLP whose hidden layers are h = relu(N(h_prev W + b)), N a batch or layer norm, or none.

    ``sizes`` e.g. (64, 64, 64, 10); ``norm`` one of :data:`NORMS`; weights from
    N(0, gain/fan_in) with ``gain`` (2 is He's choice for ReLU: it keeps the
    activations' scale through depth; other gains make it drift geometrically).
    ``predict`` runs in evaluation mode (batch norm on its running statistics).
    """

    def __init__(self, sizes, norm=None, gain=2.0, seed=0):
        sizes = tuple(int(n) for n in sizes)
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes needs at least two positive widths, got {sizes}")
        if norm not in NORMS:
            raise ValueError(f"norm must be one of {NORMS}, got {norm!r}")
        self.sizes, self.norm = sizes, norm
        rng = np.random.default_rng(seed)
        self.layers = [Linear(n_in, n_out, rng, gain, name=str(k + 1))
                       for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]))]
        make = {None: lambda n, k: None, "batch": lambda n, k: BatchNorm(n, name=str(k)),
                "layer": lambda n, k: LayerNorm(n, name=str(k))}[norm]
        self.norms = [make(n, k + 1) for k, n in enumerate(sizes[1:-1])]

    def forward(self, X):
        """Every hidden layer's output (after the activation), then the logits."""
        h, outputs = X, []
        for k, layer in enumerate(self.layers):
            h = layer(h)
            if k < len(self.layers) - 1:
                if self.norms[k] is not None:
                    h = self.norms[k](h)
                h = F.relu(h)
            outputs.append(h)
        return outputs

    def __call__(self, X):
        return self.forward(X)[-1]

    def sublayers(self):
        return self.layers + [n for n in self.norms if n is not None]

    def weights(self):
        return [layer.W for layer in self.layers]

    def predict(self, X):
        """The predicted class of every row of X, in evaluation mode."""
        mode = self.training
        self.eval()
        try:
            return self(np.asarray(X, dtype=float)).value.argmax(axis=1)
        finally:
            self.train(mode)

    def __repr__(self):
        return f"NormMLP(sizes={self.sizes}, norm={self.norm!r})"


def activation_scales(model, X):
    """The standard deviation of every hidden layer's output on the batch X (training mode), an array."""
    mode = model.training
    model.train()
    try:
        return np.array([h.value.std() for h in model.forward(np.asarray(X, dtype=float))[:-1]])
    finally:
        model.train(mode)


def training_loss(model, X, y, *, lr, epochs, batch_size=50, seed=0):
    """Train ``model`` with :func:`dlnotes.train`; the mean loss of every epoch, or ``inf`` from where it diverged."""
    try:
        return train(model, X, y, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed, progress=False).epoch_loss
    except TrainingDiverged:
        return [np.inf] * epochs


def largest_stable_lr(make_model, X, y, lrs, *, threshold, **kwargs):
    """The largest learning rate in ``lrs`` after which the last epoch's loss is below ``threshold``.

    ``make_model()`` returns a fresh, identically initialised model for each
    rate. Returns (that rate, or None if no rate trains; {lr: epoch losses}).
    """
    losses = {lr: training_loss(make_model(), X, y, lr=lr, **kwargs) for lr in sorted(lrs)}
    good = [lr for lr, run in losses.items() if run[-1] < threshold]
    return (max(good) if good else None), losses

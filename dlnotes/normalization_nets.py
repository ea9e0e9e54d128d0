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
from dlnotes.checks import check_callable, check_model_input, check_real, check_sequence, check_sizes
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
        sizes = check_sizes(sizes, "NormMLP")
        if not (norm is None or isinstance(norm, str)) or norm not in NORMS:
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
        h, outputs = check_model_input(X, "the NormMLP input X", self.sizes[0]), []
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
            return self(X).value.argmax(axis=1)
        finally:
            self.train(mode)

    def __repr__(self):
        return f"NormMLP(sizes={self.sizes}, norm={self.norm!r})"


def activation_scales(model, X):
    """The standard deviation of every hidden layer's output on the batch X (training mode), an array."""
    if not isinstance(model, NormMLP):
        raise TypeError(f"activation_scales needs a NormMLP, got {type(model).__name__}")
    mode = model.training
    model.train()
    try:
        return np.array([h.value.std() for h in model.forward(X)[:-1]])
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
    check_callable(make_model, "largest_stable_lr: make_model")
    lrs = check_sequence(lrs, "largest_stable_lr: lrs")
    if not lrs:
        raise ValueError("largest_stable_lr: lrs is empty: there is no learning rate to try")
    threshold = check_real(threshold, "largest_stable_lr: threshold")
    losses, models = {}, []  # the models themselves, so that no id is reused
    for lr in sorted(lrs):
        model = make_model()
        if any(model is earlier for earlier in models):  # it would go on from the last rate's training
            raise ValueError("largest_stable_lr: make_model() returned the same model twice; it must "
                             "build a new, identically initialised one on every call")
        models.append(model)
        losses[lr] = training_loss(model, X, y, lr=lr, **kwargs)
    good = [lr for lr, run in losses.items() if run[-1] < threshold]
    return (max(good) if good else None), losses

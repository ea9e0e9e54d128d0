"""Dropout (Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov 2014): training a thinned network at every step.

While training, every hidden unit is kept with probability 1 − p and zeroed
otherwise, a fresh mask m for every example and every step. Inverted dropout
scales the kept units by 1/(1 − p),

    h̃ = h ⊙ m / (1 − p),   m_k ~ Bernoulli(1 − p),   so E[h̃] = h,

and at evaluation the full network runs unchanged. Each mask picks one of
2^n "thinned" networks that share their weights; the evaluation network
stands in for the average of their predictions. For one softmax layer the
stand-in is exact in the geometric sense: the normalized, probability-weighted
geometric mean of softmax(x⊙m/(1 − p) W + b) over all masks equals
softmax(x W + b), because log softmax is the logits minus a term that is the
same for every class (:func:`mask_geometric_mean`).
"""

import dataclasses
import itertools

import numpy as np

from dlnotes import functions as F
from dlnotes.checks import (check_count, check_finite, check_fraction, check_model_input, check_rng, check_same_length,
                            check_sequence, check_sizes)
from dlnotes.losses import cross_entropy
from dlnotes.nn.base import Layer
from dlnotes.nn.dropout import Dropout
from dlnotes.nn.mlp import Linear
from dlnotes.ops.dropout import check_drop_probability
from dlnotes.training import train

__all__ = ["DropoutMLP", "Curves", "fit", "flip_labels", "mask_average", "mask_geometric_mean"]


class DropoutMLP(Layer):
    """An MLP with dropout after every hidden layer: h_k = dropout(relu(h_{k−1} W_k + b_k), p).

    ``sizes`` as for :class:`dlnotes.MLP`, e.g. (64, 512, 512, 10); ``p`` the
    probability of dropping a hidden unit, ``p_input`` that of dropping an input
    (the paper uses about 0.2 on inputs and 0.5 on hidden units). The weights
    come from ``seed`` (the same as an MLP with that seed), the masks from a
    generator seeded with ``mask_seed``. ``predict`` always runs the evaluation
    network, whatever the mode.
    """

    def __init__(self, sizes, p, p_input=0.0, seed=0, mask_seed=1):
        sizes = check_sizes(sizes, "DropoutMLP")
        self.sizes, self.p, self.p_input = sizes, check_drop_probability(p), check_drop_probability(p_input)
        rng = np.random.default_rng(seed)
        self.layers = [Linear(n_in, n_out, rng, 2.0, name=str(k + 1))
                       for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]))]
        mask_rng = np.random.default_rng(mask_seed)
        self.dropouts = [Dropout(self.p_input, mask_rng)] + [Dropout(self.p, mask_rng) for _ in self.layers[:-1]]

    def __call__(self, X):
        h = self.dropouts[0](check_model_input(X, "the DropoutMLP input X", self.sizes[0]))
        for k, layer in enumerate(self.layers):
            h = layer(h)
            if k < len(self.layers) - 1:
                h = self.dropouts[k + 1](F.relu(h))
        return h

    def sublayers(self):
        return self.layers + self.dropouts

    def weights(self):
        return [layer.W for layer in self.layers]

    def predict(self, X):
        """The evaluation network's predicted class of every row of X (dropout off)."""
        return self.probabilities(X).argmax(axis=1)

    def probabilities(self, X):
        """softmax of the evaluation network's logits (dropout off), an (N, classes) array."""
        mode = self.training
        self.eval()
        try:
            return F.softmax(self(X)).value
        finally:
            self.train(mode)

    def __repr__(self):
        return f"DropoutMLP(sizes={self.sizes}, p={self.p}, p_input={self.p_input})"


@dataclasses.dataclass
class Curves:
    """At the recorded epochs, measured on the evaluation network: training and validation loss and accuracy."""

    epochs: list = dataclasses.field(default_factory=list)
    train_loss: list = dataclasses.field(default_factory=list)
    val_loss: list = dataclasses.field(default_factory=list)
    train_accuracy: list = dataclasses.field(default_factory=list)
    val_accuracy: list = dataclasses.field(default_factory=list)

    def gap(self, what="loss"):
        """Validation minus training loss, or training minus validation accuracy, at each recorded epoch."""
        if what == "loss":
            return np.array(self.val_loss) - np.array(self.train_loss)
        if what == "accuracy":
            return np.array(self.train_accuracy) - np.array(self.val_accuracy)
        raise ValueError(f"what must be 'loss' or 'accuracy', got {what!r}")


def _evaluate(model, X, y):
    """(loss, accuracy) of the evaluation network (dropout off) on (X, y), from one forward pass."""
    mode = model.training
    model.eval()
    try:
        logits = model(X)
    finally:
        model.train(mode)
    return float(cross_entropy(logits, y).value), float(np.mean(logits.value.argmax(axis=1) == y))


def fit(model, X, y, X_val, y_val, *, lr=0.1, epochs=100, batch_size=32, seed=0, eval_every=1):
    """Train ``model`` by minibatch SGD (:func:`dlnotes.train`, dropout on) and record its :class:`Curves`.

    Every ``eval_every`` epochs the evaluation network (dropout off) is
    measured on the training set and on the validation set: the gap between
    the two is what dropout is meant to narrow. ``Curves.epochs`` lists when.
    """
    X, X_val = check_finite(X, "fit: X"), check_finite(X_val, "fit: X_val")
    y, y_val = _labels(check_same_length(X, y, "fit"), "y"), _labels(check_same_length(X_val, y_val, "fit", "X_val", "y_val"), "y_val")
    epochs = check_count(epochs, "fit: epochs")
    eval_every = check_count(eval_every, "fit: eval_every")
    curves = Curves()
    rng = np.random.default_rng(seed)
    for epoch in range(1, epochs + 1):
        model.train()
        train(model, X, y, lr=lr, epochs=1, batch_size=batch_size, seed=int(rng.integers(2**31)), progress=False)
        if epoch % eval_every == 0 or epoch == epochs:
            (train_loss, train_acc), (val_loss, val_acc) = _evaluate(model, X, y), _evaluate(model, X_val, y_val)
            curves.epochs.append(epoch)
            curves.train_loss.append(train_loss)
            curves.val_loss.append(val_loss)
            curves.train_accuracy.append(train_acc)
            curves.val_accuracy.append(val_acc)
    model.eval()
    return curves


def _labels(y, what):
    """``y`` as an np.intp array of class indices; a float label such as 1.7 is an error, not truncated to 1."""
    if y.dtype.kind not in "iu":
        raise ValueError(f"fit: {what} must be integer class labels, got dtype {y.dtype}")
    return y.astype(np.intp, copy=False)


def flip_labels(y, fraction, rng, num_classes=10):
    """A copy of ``y`` with a ``fraction`` of its labels replaced by a different class, drawn uniformly.

    Real training sets hold some wrong labels; a network big enough to
    memorize them is what overfitting looks like. Returns (new labels, the
    boolean mask of flipped rows).
    """
    fraction = check_fraction(fraction, "flip_labels: fraction")
    check_rng(rng, "flip_labels: rng")
    num_classes = check_count(num_classes, "flip_labels: num_classes (there must be a class to flip to)", minimum=2)
    y = np.asarray(y)
    if y.dtype.kind not in "iu" or y.ndim != 1:
        raise ValueError(f"flip_labels: y must be a 1-D array of integer labels, got dtype {y.dtype} and shape {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"flip_labels: labels must lie in [0, num_classes) = [0, {num_classes}), "
                         f"got values from {y.min()} to {y.max()}")
    y = y.astype(np.intp)
    flipped = rng.random(len(y)) < fraction
    noisy = y.copy()
    noisy[flipped] = (y[flipped] + rng.integers(1, num_classes, size=int(flipped.sum()))) % num_classes
    return noisy, flipped


def mask_average(model, X, num_masks):
    """(1/K) Σ_k softmax(f(X; m_k)) over K dropout masks: the ensemble of thinned networks.

    ``num_masks`` is K, or an increasing sequence of K's: then a list of the
    running averages after each of them, all from one run of max(K) masks.
    Each forward pass runs the model in training mode (a fresh mask per
    example and per pass); the model is left in evaluation mode. Each
    average is an (N, classes) array.
    """
    single = np.isscalar(num_masks)
    counts = [num_masks] if single else check_sequence(num_masks, "mask_average: num_masks")
    counts = [check_count(k, "mask_average: num_masks") for k in counts]
    if not counts or any(b <= a for a, b in zip(counts, counts[1:])):
        raise ValueError(f"mask_average: num_masks must be ≥ 1 (or an increasing sequence of such), got {num_masks!r}")
    averages, total = [], 0.0
    model.train()
    try:
        for k in range(1, int(counts[-1]) + 1):
            total = total + F.softmax(model(X)).value
            if k in counts:
                averages.append(total / k)
    finally:
        model.eval()
    return averages[0] if single else averages


def mask_geometric_mean(x, W, b, p):
    """Every input mask of one softmax layer, enumerated: (normalized geometric mean, arithmetic mean).

    For x (n,), W (n, classes), b (classes,) and each of the 2^n masks m, with
    probability P(m) = (1 − p)^|m| p^(n − |m|), the thinned layer predicts
    q_m = softmax((x ⊙ m/(1 − p)) W + b). Returns
    G ∝ Π_m q_m^P(m) (normalized to sum to 1) and A = Σ_m P(m) q_m.
    G equals softmax(x W + b) exactly; A only approximately.
    """
    p = check_drop_probability(p)
    x = check_finite(x, "mask_geometric_mean: x")
    if x.ndim != 1 or not 1 <= x.size <= 16:
        raise ValueError(f"mask_geometric_mean: x must be one example of 1 to 16 inputs (2^n masks are enumerated), "
                         f"got shape {x.shape}")
    W, b = check_finite(W, "mask_geometric_mean: W"), check_finite(b, "mask_geometric_mean: b")
    if W.ndim != 2 or W.shape[0] != x.size or b.shape != (W.shape[1],):
        raise ValueError(f"mask_geometric_mean: W must have shape ({x.size}, classes) and b (classes,), "
                         f"got {W.shape} and {b.shape}")
    masks = np.array(list(itertools.product((0.0, 1.0), repeat=x.size)))           # (2^n, n)
    kept = masks.sum(axis=1)
    probability = (1 - p) ** kept * p ** (x.size - kept)
    log_q = F.log_softmax((masks * x / (1 - p)) @ W + b).value                       # (2^n, classes)
    log_g = probability @ log_q
    geometric = np.exp(log_g - log_g.max())
    return geometric / geometric.sum(), probability @ np.exp(log_q)

"""A training loop for the notebooks: minibatch SGD with seeded shuffling.

Each step is the whole story of the notes: a forward pass, the loss
J(θ) = −E[log p_model(y | x; θ)] + λΩ(θ), back-propagation, and θ ← θ − εG.
"""

import dataclasses
import warnings

import numpy as np

from dlnotes.checks import (check_count, check_finite, check_labels, check_learning_rate,
                            check_nonempty, check_real, check_same_length)
from dlnotes.graph import backprop
from dlnotes.losses import cross_entropy, l2_penalty
from dlnotes.nn import MLP
from dlnotes.optim import SGD

__all__ = ["History", "TrainingDiverged", "DeadLayerWarning", "train", "accuracy", "minibatches"]


class TrainingDiverged(FloatingPointError):
    """The loss became NaN or infinite: usually a learning rate that is too large."""


class DeadLayerWarning(RuntimeWarning):
    """A hidden layer output zero for every example of an epoch: its units are dead.

    With ReLU units, a large step can push every unit's pre-activation below
    zero for every input; the gradient through them is then zero, so nothing
    can bring them back, and the loss stays flat (at log 10 ≈ 2.3 for ten classes).
    """


@dataclasses.dataclass
class History:
    """What training recorded: the loss of every step, per epoch the mean loss and
    (when evaluation data is given) the accuracy on it, and ``dead_layers``:
    {hidden layer number (1 for W1's layer): the first epoch in which it output
    zero for every example}, empty while every layer is alive."""

    step_loss: list = dataclasses.field(default_factory=list)
    epoch_loss: list = dataclasses.field(default_factory=list)
    eval_accuracy: list = dataclasses.field(default_factory=list)
    dead_layers: dict = dataclasses.field(default_factory=dict)


def accuracy(model, X, y):
    """The fraction of rows of X whose predicted class (the argmax of the logits) is y.

    ``y`` holds one integer class label per row of X; X must have at least one row.
    """
    X = check_nonempty(check_finite(X, "accuracy: X"), "accuracy: X")
    logits = model(X).value
    y = check_labels(y, logits, "the model's output for X")
    return float(np.mean(logits.argmax(axis=1) == y))


def minibatches(n, batch_size, rng):
    """Index arrays covering range(n) once, in a shuffled order, ``batch_size`` at a time."""
    batch_size = check_count(batch_size, "batch_size")
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def train(model, X, y, *, lr=0.1, epochs=10, batch_size=32, weight_decay=0.0,
          loss=cross_entropy, seed=0, X_eval=None, y_eval=None, progress=True):
    """Train ``model`` by minibatch SGD; return its :class:`History`.

    ``loss(logits, y_batch)`` defaults to the softmax cross-entropy; with
    ``weight_decay`` = λ > 0 the penalty λ·½Σ‖W‖² on the model's weights is
    added. The data are shuffled every epoch by a generator seeded with ``seed``.
    ``progress`` shows a ``tqdm.auto`` bar over the epochs.

    Raises :class:`TrainingDiverged`, naming the step and the learning rate, as
    soon as the loss is not finite, instead of carrying NaN into later steps.
    For an :class:`~dlnotes.nn.MLP`, a hidden layer that outputs zero for every
    example of an epoch (every unit dead) is recorded in ``History.dead_layers``
    and reported once by a :class:`DeadLayerWarning` naming the layer.
    """
    from tqdm.auto import tqdm

    X = check_nonempty(check_finite(X, "train: the training inputs X"), "train: the training inputs X")
    y = check_same_length(X, y, "train")
    check_learning_rate(lr)
    epochs = check_count(epochs, "train: epochs")
    batch_size = check_count(batch_size, "train: batch_size")
    if check_real(weight_decay, "train: weight_decay") < 0:
        raise ValueError(f"train: weight_decay must be finite and ≥ 0, got {weight_decay!r}")
    if (X_eval is None) != (y_eval is None):
        raise ValueError("train: X_eval and y_eval go together: give both (to record the accuracy "
                         "on them every epoch) or neither, got "
                         + ("X_eval without y_eval" if y_eval is None else "y_eval without X_eval"))
    if X_eval is not None:
        X_eval = check_nonempty(check_finite(X_eval, "train: X_eval"), "train: X_eval")
        y_eval = check_same_length(X_eval, y_eval, "train", "X_eval", "y_eval")
        if y_eval.ndim != 1 or y_eval.dtype.kind not in "iu":
            raise ValueError(f"train: y_eval must be integer class labels of shape ({len(X_eval)},), "
                             f"got dtype {y_eval.dtype} and shape {y_eval.shape}")

    rng = np.random.default_rng(seed)
    optimizer = SGD(model.parameters(), lr)
    history = History()
    # An MLP shows its hidden layers' outputs, so a layer that died can be caught.
    watch = isinstance(model, MLP) and len(model.layers) > 1
    bar = tqdm(range(epochs), desc="epochs", disable=not progress)
    step = 0
    for epoch in bar:
        losses = []
        alive = [False] * (len(model.layers) - 1) if watch else []
        for idx in minibatches(len(X), batch_size, rng):
            # Overflow on the way to a diverging loss is reported below, not warned about.
            with np.errstate(over="ignore", invalid="ignore"):
                if watch:
                    outputs = model.forward(X[idx])
                    for k, h in enumerate(outputs[:-1]):
                        alive[k] = alive[k] or bool(h.value.any())
                    logits = outputs[-1]
                else:
                    logits = model(X[idx])
                J = loss(logits, y[idx])
                if weight_decay:
                    J = J + weight_decay * l2_penalty(model.weights())
                value = float(J.value)
                if not np.isfinite(value):
                    raise TrainingDiverged(
                        f"the loss became {value} at epoch {epoch}, step {step}: "
                        f"the learning rate {lr} is probably too large")
                backprop(J)
                optimizer.step()
            losses.append(value)
            history.step_loss.append(value)
            step += 1
        history.epoch_loss.append(float(np.mean(losses)))
        for k, layer_alive in enumerate(alive):
            if not layer_alive and k + 1 not in history.dead_layers:
                history.dead_layers[k + 1] = epoch
                warnings.warn(
                    f"hidden layer {k + 1} (W{k + 1}, {model.sizes[k + 1]} {model.activation} units) "
                    f"output zero for every example of epoch {epoch}: all its units are dead, so no "
                    f"gradient passes through it and the loss cannot improve; try a smaller learning "
                    f"rate than {lr}", DeadLayerWarning, stacklevel=2)
        if X_eval is not None:
            history.eval_accuracy.append(accuracy(model, X_eval, y_eval))
        bar.set_postfix(loss=f"{history.epoch_loss[-1]:.4f}")
    bar.close()
    return history

"""A training loop for the notebooks: minibatch SGD with seeded shuffling.

Each step is the whole story of the notes: a forward pass, the loss
J(θ) = −E[log p_model(y | x; θ)] + λΩ(θ), back-propagation, and θ ← θ − εG.
"""

import dataclasses

import numpy as np

from dlnotes.checks import check_finite, check_learning_rate
from dlnotes.graph import backprop
from dlnotes.losses import cross_entropy, l2_penalty
from dlnotes.optim import SGD

__all__ = ["History", "TrainingDiverged", "train", "accuracy", "minibatches"]


class TrainingDiverged(FloatingPointError):
    """The loss became NaN or infinite: usually a learning rate that is too large."""


@dataclasses.dataclass
class History:
    """What training recorded: the loss of every step, and per epoch the mean loss
    and (when evaluation data is given) the accuracy on it."""

    step_loss: list = dataclasses.field(default_factory=list)
    epoch_loss: list = dataclasses.field(default_factory=list)
    eval_accuracy: list = dataclasses.field(default_factory=list)


def accuracy(model, X, y):
    """The fraction of rows of X whose predicted class is y."""
    return float(np.mean(model.predict(X) == np.asarray(y)))


def minibatches(n, batch_size, rng):
    """Index arrays covering range(n) once, in a shuffled order, ``batch_size`` at a time."""
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
    """
    from tqdm.auto import tqdm

    X = check_finite(X, "the training inputs X")
    y = np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}")
    check_learning_rate(lr)
    if batch_size < 1 or epochs < 0:
        raise ValueError(f"batch_size must be ≥ 1 and epochs ≥ 0, got {batch_size} and {epochs}")
    if weight_decay < 0 or not np.isfinite(weight_decay):
        raise ValueError(f"weight_decay must be finite and ≥ 0, got {weight_decay!r}")

    rng = np.random.default_rng(seed)
    optimizer = SGD(model.parameters(), lr)
    history = History()
    bar = tqdm(range(epochs), desc="epochs", disable=not progress)
    step = 0
    for epoch in bar:
        losses = []
        for idx in minibatches(len(X), batch_size, rng):
            # Overflow on the way to a diverging loss is reported below, not warned about.
            with np.errstate(over="ignore", invalid="ignore"):
                J = loss(model(X[idx]), y[idx])
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
        if X_eval is not None:
            history.eval_accuracy.append(accuracy(model, X_eval, y_eval))
        bar.set_postfix(loss=f"{history.epoch_loss[-1]:.4f}")
    bar.close()
    return history

"""An MLP as a function approximator: fitting a 1-D function, read unit by unit.

With one hidden layer of n units and a linear output, the network computes

    f(x) = Σ_{j=1..n} v_j · g(x·w_j + b_j) + c,

with (w_j, b_j) unit j's column of the first layer, v_j = W₂[j, 0] its outgoing
weight and c = b₂ the output bias: a sum of n scaled, shifted copies of the
activation g. :func:`unit_contributions` returns the terms v_j · h_j(x), so
that f(x) − c is their sum. :func:`fit_sine` trains such a network on one
period of a sine, y = sin(πx) on [−1, 1] (the inputs have order one, which
keeps plain gradient descent stable), and caches the result;
:func:`sine_trajectory` runs the same gradient descent and keeps a snapshot
of the network every few steps, to watch the fit being learned.

The two kinds of weight play two roles: (w_j, b_j), before the activation,
decide *where* unit j responds (for ReLU, its hinge at x = −b_j/w_j and the
side it fires on); v_j, after it, decides *how much* that response adds to the
output. :func:`relu_slope` gives the slope of a ReLU fit, Σ_j v_j w_j [x w_j + b_j > 0].
"""

import functools
from dataclasses import dataclass

import numpy as np

from dlnotes.checks import as_float_array, check_count, check_finite
from dlnotes.datasets import one_dimensional
from dlnotes.graph import backprop
from dlnotes.losses import mse
from dlnotes.nn import MLP
from dlnotes.optim import SGD
from dlnotes.training import train

__all__ = ["WIDTHS", "sine", "sine_data", "fit_sine", "unit_contributions", "relu_slope",
           "SineTrajectory", "sine_trajectory"]

#: The hidden widths :func:`fit_sine` is usually asked for (what the widget offers).
WIDTHS = (1, 2, 4, 8, 16, 32)


def sine(x):
    """y = sin(πx): one full period on [−1, 1]."""
    return np.sin(np.pi * as_float_array(x, "sine: x"))


def sine_data(n=64):
    """X of shape (n, 1) evenly spaced on [−1, 1] and y = sin(πX), noise-free."""
    n = check_count(n, "sine_data: n (it needs n ≥ 2 points)", minimum=2)
    return one_dimensional(fn=sine, n=n, low=-1.0, high=1.0)


def fit_sine(num_hiddens, activation="relu", num_epochs=1000, lr=0.1, seed=0):
    """An MLP [1, num_hiddens, 1] fitted to :func:`sine_data` by full-batch gradient descent.

    Minimises J(θ) = mean((f(x) − y)²) with θ ← θ − lr·∇J, ``num_epochs``
    steps, starting from the MLP's seeded initialisation. The result is
    cached, one model per argument tuple: treat it as read-only.
    """
    # Checked before the cache, which would otherwise fail on an unhashable argument.
    num_hiddens = check_count(num_hiddens, "fit_sine: num_hiddens")
    num_epochs = check_count(num_epochs, "fit_sine: num_epochs")
    return _fit_sine(num_hiddens, activation, num_epochs, lr, seed)


@functools.lru_cache(maxsize=None)
def _fit_sine(num_hiddens, activation, num_epochs, lr, seed):
    X, y = sine_data()
    model = MLP([1, int(num_hiddens), 1], activation=activation, seed=seed)
    train(model, X, y, loss=mse, lr=lr, epochs=num_epochs, batch_size=len(X), seed=seed,
          progress=False)
    return model


def unit_contributions(model, X):
    """C with C[:, j] = v_j · g(X w_j + b_j): what hidden unit j adds to the output.

    ``model`` must have one hidden layer and one output, sizes (d, n, 1);
    then model(X) = C.sum(axis=1) + c, with c the output bias.
    """
    sizes = getattr(model, "sizes", None)
    if sizes is None or len(sizes) != 3 or sizes[-1] != 1:
        raise ValueError(f"unit_contributions needs an MLP with sizes (d, n, 1), got {sizes}")
    h = model.forward(X)[0].value  # (N, n): every hidden unit's output
    v = model.layers[1].W.value[:, 0]  # (n,): every unit's outgoing weight
    return h * v


def relu_slope(x, w, b, v):
    """The slope of f(x) = Σ_j v_j relu(x w_j + b_j) + c at the points ``x``.

    f'(x) = Σ_j v_j w_j · [x w_j + b_j > 0]: each unit that fires adds its
    slope v_j w_j, a silent one adds nothing. ``w``, ``b``, ``v`` have one
    entry per unit; the result has the shape of ``x`` (undefined exactly at a
    hinge, where the right-hand rule [· > 0] is used).
    """
    x = check_finite(x, "relu_slope: x")
    w, b, v = (check_finite(a, f"relu_slope: {name}").ravel() for a, name in ((w, "w"), (b, "b"), (v, "v")))
    if not w.shape == b.shape == v.shape:
        raise ValueError(f"w, b and v need one entry per unit, got sizes {w.size}, {b.size}, {v.size}")
    firing = (x[..., None] * w + b) > 0  # (..., n): which units fire at each x
    return firing @ (v * w)


@dataclass(frozen=True)
class SineTrajectory:
    """Snapshots of gradient descent on the sine: ``models[k]`` after ``steps[k]`` steps.

    ``loss[t]`` is the training MSE before step t + 1 (``loss[0]`` at the
    initialisation), for every step, snapshotted or not.
    """

    steps: tuple
    models: tuple
    loss: np.ndarray


def _copy_of(model, values):
    copy = MLP(model.sizes, activation=model.activation)
    for p, value in zip(copy.parameters(), values):
        p.value = value.copy()
    return copy


def sine_trajectory(num_hiddens, activation="relu", num_epochs=1000, lr=0.1, seed=0, every=10):
    """:func:`fit_sine`'s gradient descent, with a copy of the network every ``every`` steps.

    The same recipe, θ ← θ − lr·∇J with J = mean((f(x) − y)²) on all of
    :func:`sine_data` at each step, from the same seeded initialisation: the
    last snapshot (step ``num_epochs``) is :func:`fit_sine`'s model up to
    rounding (the order in which the batch's rows are summed differs). Cached.
    """
    every = check_count(every, "sine_trajectory: every")
    num_hiddens = check_count(num_hiddens, "sine_trajectory: num_hiddens")
    num_epochs = check_count(num_epochs, "sine_trajectory: num_epochs")
    return _sine_trajectory(num_hiddens, activation, num_epochs, lr, seed, every)


@functools.lru_cache(maxsize=None)
def _sine_trajectory(num_hiddens, activation, num_epochs, lr, seed, every):
    X, y = sine_data()
    model = MLP([1, int(num_hiddens), 1], activation=activation, seed=seed)
    optimizer = SGD(model.parameters(), lr)
    steps, models, losses = [0], [_copy_of(model, [p.value for p in model.parameters()])], []
    for step in range(1, int(num_epochs) + 1):
        J = mse(model(X), y)
        losses.append(float(J.value))
        backprop(J)
        optimizer.step()
        if step % every == 0 or step == num_epochs:
            steps.append(step)
            models.append(_copy_of(model, [p.value for p in model.parameters()]))
    losses.append(float(mse(model(X), y).value))
    return SineTrajectory(tuple(steps), tuple(models), np.array(losses))

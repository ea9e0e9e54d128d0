"""Dying rectifier units: what a learning rate that is too large does to a layer.

A rectifier unit j of the layer h = g(XW + b), with g(z) = max(0, z) + α·min(0, z),
is **dead** when its pre-activation z_j = x·W[:, j] + b_j is ≤ 0 for every input
row x. For the ReLU (α = 0) its output is then 0 and its derivative g′(z) = 0 on
every row, so ∂J/∂W[:, j] = Xᵀ(G ⊙ g′(Z))[:, j] = 0 and ∂J/∂b_j = 0 exactly:
gradient descent can never bring it back. With a leak (α > 0) the same unit
still gets the gradient α·(…), small but not zero.

How a unit dies: gradient descent on a quadratic is stable only for a learning
rate ε < 2/λ_max, λ_max the largest eigenvalue of the Hessian (notebook 06).
Above it, each step overshoots further; a ReLU unit's overshoot ends on the flat
side, where it stops, dead, with a finite loss (silently, not as a divergence).

:func:`largest_stable_lr` gives that bound for the layer below trained by the
mean squared error; :func:`train_rectifier_layer` runs full-batch gradient
descent with one learning rate per step and records the dead units, for several
slopes α at once; :func:`dying_relu_problem` is the layer and the schedule
notebook 03 and its widget train.
"""

import dataclasses

import numpy as np

from dlnotes.checks import check_finite, check_learning_rate, check_matrix
from dlnotes.functions import affine, prelu
from dlnotes.graph import Node, backprop
from dlnotes.losses import mse
from dlnotes.training import TrainingDiverged

__all__ = ["dead_units", "largest_stable_lr", "RectifierRun", "train_rectifier_layer", "DyingReluProblem",
           "dying_relu_problem"]


def dead_units(X, W, b):
    """The units whose pre-activation z = x·W + b is ≤ 0 for every row x of X (a bool mask).

    X needs at least one row: on no input at all, every unit would count as dead.
    """
    W = check_matrix(getattr(W, "value", W), "dead_units: the weights W")
    b = check_finite(getattr(b, "value", b), "dead_units: the biases b")
    if b.shape != (W.shape[1],):
        raise ValueError(f"dead_units: the biases b must have shape ({W.shape[1]},) for W of shape "
                         f"{W.shape}, got shape {b.shape}")
    X = check_matrix(X, "dead_units: the inputs X", columns=W.shape[0])
    return np.all(X @ W + b <= 0, axis=0)


def largest_stable_lr(X, num_hiddens):
    """2/λ_max for J = mean((XW + b − Y)²) over N rows and ``num_hiddens`` units.

    Where a unit is active on every row, J is quadratic in its (W[:, j], b_j)
    with Hessian (2 / (N · num_hiddens)) X̃ᵀX̃, X̃ = [X, 1]; gradient descent
    on it converges only for a learning rate below 2/λ_max (notebook 06).
    A unit active on fewer rows has a smaller Hessian, so this is the bound
    for the whole layer.
    """
    X = check_finite(X, "the inputs X")
    X1 = np.hstack([X, np.ones((len(X), 1))])
    hessian = 2.0 / (len(X) * num_hiddens) * (X1.T @ X1)
    return float(2.0 / np.linalg.eigvalsh(hessian)[-1])


@dataclasses.dataclass
class RectifierRun:
    """What :func:`train_rectifier_layer` recorded, one row per slope α.

    ``dead[k, t]``: the number of dead units of slope ``alphas[k]`` before step t
    (t = num_steps: after the last step); ``loss[k, t]``: that layer's MSE at step t;
    ``W[k]`` and ``b[k]``: its weights and biases after the last step.
    """

    alphas: np.ndarray
    dead: np.ndarray
    loss: np.ndarray
    W: np.ndarray
    b: np.ndarray


def train_rectifier_layer(X, Y, W, b, alphas, lrs):
    """Full-batch gradient descent on J = mean((g(XW + b) − Y)²), one run per slope α.

    ``W`` (fan_in, num_hiddens) and ``b`` (num_hiddens,) are the starting
    weights (copied, never changed); ``alphas`` the rectifier slopes to try
    (0 is the ReLU, 0.01 the leaky ReLU); ``lrs`` one learning rate per step.
    The runs are independent, but trained as one wide layer in a single graph
    (its units in blocks of num_hiddens, block k with slope alphas[k], and the
    loss the sum of the blocks' MSEs), which is as fast as one run.
    Returns a :class:`RectifierRun`; a loss that stops being finite raises
    :class:`dlnotes.TrainingDiverged` naming the step, rather than carrying NaN on.
    """
    X = check_finite(X, "the inputs X")
    Y = check_finite(Y, "the targets Y")
    W, b = np.asarray(getattr(W, "value", W), dtype=float), np.asarray(getattr(b, "value", b), dtype=float)
    num_hiddens = W.shape[1]
    if Y.shape != (len(X), num_hiddens) or b.shape != (num_hiddens,) or W.shape[0] != X.shape[1]:
        raise ValueError(f"shapes do not fit: X {X.shape}, W {W.shape}, b {b.shape}, Y {Y.shape}")
    alphas = np.atleast_1d(np.asarray(alphas, dtype=float))
    lrs = [check_learning_rate(lr) for lr in lrs]
    A = len(alphas)

    W_all = Node(np.tile(W, (1, A)), name="W")
    b_all = Node(np.tile(b, A), name="b")
    slope = np.repeat(alphas, num_hiddens)  # unit-wise slopes, fixed (not learned)
    Y_all = np.tile(Y, (1, A))
    dead = np.zeros((A, len(lrs) + 1), dtype=int)
    loss = np.zeros((A, len(lrs) + 1))

    def record(t, Z, H):
        dead[:, t] = np.all(Z <= 0, axis=0).reshape(A, num_hiddens).sum(axis=1)
        loss[:, t] = ((H - Y_all) ** 2).reshape(len(X), A, num_hiddens).mean(axis=(0, 2))

    for t, lr in enumerate(lrs):
        Z = affine(X, W_all, b_all)
        H = prelu(Z, slope)
        # The sum over blocks of each block's MSE: every block learns as it would alone.
        J = mse(H, Y_all) * A
        backprop(J)
        record(t, Z.value, H.value)
        if not np.all(np.isfinite(loss[:, t])):
            bad = alphas[~np.isfinite(loss[:, t])].tolist()
            raise TrainingDiverged(f"the loss stopped being finite at step {t} (learning rate {lr:g}) "
                                   f"for the slopes {bad}")
        W_all.value -= lr * W_all.grad
        b_all.value -= lr * b_all.grad
    Z = X @ W_all.value + b_all.value
    record(len(lrs), Z, prelu(Z, slope).value)
    W_final = W_all.value.reshape(W.shape[0], A, num_hiddens).transpose(1, 0, 2)
    return RectifierRun(alphas, dead, loss, W_final, b_all.value.reshape(A, num_hiddens))


@dataclasses.dataclass
class DyingReluProblem:
    """A layer to train and a learning-rate schedule that kills ReLUs (see :func:`dying_relu_problem`)."""

    X: np.ndarray
    Y: np.ndarray
    W: np.ndarray
    b: np.ndarray
    bad_lr: float
    bad_steps: int
    good_lr: float
    good_steps: int

    @property
    def lrs(self):
        """One learning rate per step: ``bad_steps`` at ``bad_lr``, then ``good_steps`` at ``good_lr``."""
        return [self.bad_lr] * self.bad_steps + [self.good_lr] * self.good_steps


def dying_relu_problem(num_hiddens=16, n=200, bad_lr=50.0, bad_steps=50, good_lr=7.0, good_steps=1000,
                       seed=0):
    """One layer h = g(XW + b) asked for the targets Y = max(0, XW* + b*), and a schedule.

    X (n, 2) ~ N(0, 1); W* ~ N(0, 1) and b* ~ N(0, 0.5²) make the targets (think
    of Y as what the layer above asks for); the layer starts healthy from
    W ~ N(0, 1) (He initialisation for two inputs), b = 0. The schedule trains
    ``bad_steps`` at ``bad_lr`` (above :func:`largest_stable_lr`, about 14.7
    here), then ``good_steps`` at ``good_lr`` (below it).
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    W_star = rng.normal(size=(2, num_hiddens))
    b_star = rng.normal(scale=0.5, size=num_hiddens)
    Y = np.maximum(X @ W_star + b_star, 0.0)
    W = rng.normal(size=(2, num_hiddens))
    return DyingReluProblem(X, Y, W, np.zeros(num_hiddens), float(bad_lr), int(bad_steps), float(good_lr),
                            int(good_steps))

"""The self-organizing map (Kohonen 1982): competitive learning with a neighbourhood.

A map is a grid of units, unit (i, j) holding a weight vector w_ij in the
input space. For each input x, the best-matching unit (BMU) c is the unit
whose weights are closest to x, and every unit moves towards x in proportion
to how close it sits to c *on the grid*:

    w_ij ← w_ij + η(t) · h_ij(c, t) · (x − w_ij),
    h_ij(c, t) = exp(−((i − c_i)² + (j − c_j)²) / (2σ(t)²)).

Both the learning rate η and the neighbourhood width σ shrink with the step t;
here, as in MiniSom's default, η(t) = η₀ / (1 + 2t/T) and σ(t) = σ₀ / (1 + 2t/T)
for T steps in all. Early on, wide neighbourhoods make the whole map unfold to
cover the data; later, narrow ones let each unit specialise.

Two measures of a map: the *quantization error*, the mean distance from each
input to its BMU's weights (how well the units cover the data), and the
*topographic error*, the fraction of inputs whose best and second-best units
are not neighbours on the grid (how well the map keeps neighbours together).
"""

from dataclasses import dataclass, field

import numpy as np

from dlnotes.checks import check_count, check_finite, check_matrix, check_positive, check_real, check_rng

__all__ = ["SelfOrganizingMap", "asymptotic_decay", "neighbourhood", "best_matching_units",
           "quantization_error", "topographic_error"]


def asymptotic_decay(value, t, num_steps):
    """value / (1 + t / (T/2)): halves by the middle of training, a third of it at the end."""
    return _decay(check_real(value, "asymptotic_decay: value"),
                  check_positive(t, "asymptotic_decay: t", allow_zero=True),
                  check_count(num_steps, "asymptotic_decay: num_steps"))


def _decay(value, t, num_steps):
    return value / (1.0 + t / (num_steps / 2.0))


def neighbourhood(grid, winner, sigma):
    """h = exp(−‖g − g_c‖² / (2σ²)) for every unit's grid position g, with g_c the winner's: shape (rows, cols)."""
    grid = check_finite(grid, "neighbourhood: grid")
    winner = check_finite(winner, "neighbourhood: winner")
    if grid.ndim != 3 or grid.shape[-1] != 2 or winner.shape != (2,):
        raise ValueError(f"neighbourhood: grid must have shape (rows, cols, 2) and winner (2,), "
                         f"got {grid.shape} and {winner.shape}")
    return _neighbourhood(grid, winner, check_positive(sigma, "neighbourhood: sigma"))


def _neighbourhood(grid, winner, sigma):
    offset = grid - winner
    return np.exp(-(offset * offset).sum(axis=-1) / (2.0 * sigma * sigma))


def _squared_distances(X, weights):
    """‖x_n − w_u‖² for every input n and unit u: (N, units), by ‖x‖² − 2x·w + ‖w‖²."""
    flat = weights.reshape(-1, weights.shape[-1])
    d2 = (X * X).sum(axis=1)[:, None] - 2.0 * X @ flat.T + (flat * flat).sum(axis=1)[None, :]
    return np.maximum(d2, 0.0)  # rounding can make a zero distance slightly negative


def _map_and_data(X, weights, who):
    """(X, weights): weights a finite (rows, cols, dim) map, X finite rows of dim features (one row may be 1-D)."""
    weights = check_finite(weights, f"{who}: weights")
    if weights.ndim != 3 or weights.shape[0] * weights.shape[1] == 0:
        raise ValueError(f"{who}: weights must have shape (rows, cols, dim) with at least one unit, "
                         f"got shape {weights.shape}")
    X = check_finite(X, f"{who}: X")
    return check_matrix(X[np.newaxis] if X.ndim == 1 else X, f"{who}: X", columns=weights.shape[-1]), weights


def best_matching_units(X, weights, k=1):
    """The indices (into the flattened grid) of the ``k`` closest units to each row of X: (N, k)."""
    X, weights = _map_and_data(X, weights, "best_matching_units")
    units = weights.shape[0] * weights.shape[1]
    k = check_count(k, "best_matching_units: k")
    if k > units:
        raise ValueError(f"best_matching_units: k = {k} is more than the map's {units} units")
    return _best(X, weights, k)


def _best(X, weights, k):
    d2 = _squared_distances(X, weights)
    return np.argsort(d2, axis=1, kind="stable")[:, :k]


def quantization_error(X, weights):
    """The mean Euclidean distance from each input to the weights of its best-matching unit."""
    return _quantization_error(*_map_and_data(X, weights, "quantization_error"))


def _quantization_error(X, weights):
    d2 = _squared_distances(X, weights)
    return float(np.sqrt(d2.min(axis=1)).mean())


def topographic_error(X, weights):
    """The fraction of inputs whose two best-matching units are not neighbours (8-neighbourhood)."""
    X, weights = _map_and_data(X, weights, "topographic_error")
    return _topographic_error(X, weights)


def _topographic_error(X, weights):
    rows, cols = weights.shape[:2]
    if rows * cols < 2:
        raise ValueError("the topographic error needs a map of at least two units")
    best_two = _best(X, weights, 2)
    r, c = np.divmod(best_two, cols)
    return float(((np.abs(r[:, 0] - r[:, 1]) > 1) | (np.abs(c[:, 0] - c[:, 1]) > 1)).mean())


@dataclass
class SelfOrganizingMap:
    """A ``rows`` × ``cols`` map over inputs of ``dim`` features.

    ``weights`` (rows, cols, dim) start as rows drawn from the data
    (:meth:`init_from_data`), at the data's mean plus a little noise
    (:meth:`init_small_random`), or as given. ``train`` runs Kohonen's rule and records
    the quantization and topographic errors along the way.
    """

    rows: int
    cols: int
    dim: int
    sigma: float = 1.0
    lr: float = 0.5
    weights: np.ndarray = None
    history: dict = field(default_factory=lambda: {"step": [], "quantization_error": [], "topographic_error": []})

    def __post_init__(self):
        for name in ("rows", "cols", "dim"):
            setattr(self, name, check_count(getattr(self, name), f"SelfOrganizingMap: {name}"))
        self.sigma = check_positive(self.sigma, "SelfOrganizingMap: sigma")
        self.lr = check_positive(self.lr, "SelfOrganizingMap: lr")
        if self.weights is not None:
            self.weights = check_finite(self.weights, "SelfOrganizingMap: weights").copy()
            if self.weights.shape != (self.rows, self.cols, self.dim):
                raise ValueError(f"SelfOrganizingMap: weights must have shape (rows, cols, dim) = "
                                 f"{(self.rows, self.cols, self.dim)}, got {self.weights.shape}")
        i, j = np.meshgrid(np.arange(self.rows), np.arange(self.cols), indexing="ij")
        self.grid = np.stack([i, j], axis=-1).astype(float)  # (rows, cols, 2): each unit's place
        if self.weights is None:
            self.weights = np.zeros((self.rows, self.cols, self.dim))

    def init_from_data(self, X, rng):
        """Each unit's weights: a row of X drawn at random (with replacement)."""
        X = check_matrix(X, "init_from_data: X", columns=self.dim)
        check_rng(rng, "init_from_data: rng")
        picks = rng.integers(0, len(X), size=self.rows * self.cols)
        self.weights = X[picks].reshape(self.rows, self.cols, self.dim).copy()
        return self

    def init_small_random(self, X, rng, scale=0.01):
        """Each unit's weights: the data's mean plus a little noise (scale × the features' spread).

        The map starts crumpled at one point, knowing nothing of the data's shape.
        """
        X = check_matrix(X, "init_small_random: X", columns=self.dim)
        check_rng(rng, "init_small_random: rng")
        scale = check_positive(scale, "init_small_random: scale", allow_zero=True)
        noise = rng.normal(size=(self.rows, self.cols, self.dim)) * scale * X.std(axis=0)
        self.weights = X.mean(axis=0) + noise
        return self

    def winner(self, x):
        """The grid position (i, j) of the best-matching unit of one input x."""
        return self._winner(self._example(x, "winner"))

    def _example(self, x, who):
        x = check_finite(x, f"SelfOrganizingMap.{who}: x")
        if x.shape != (self.dim,):
            raise ValueError(f"SelfOrganizingMap.{who}: x must be one input of shape ({self.dim},), got shape {x.shape}")
        return x

    def _winner(self, x):
        flat = int(_best(x[None, :], self.weights, 1)[0, 0])
        return divmod(flat, self.cols)

    def step(self, x, t, num_steps):
        """One update of Kohonen's rule for input x at step t of ``num_steps``."""
        x = self._example(x, "step")
        num_steps = check_count(num_steps, "SelfOrganizingMap.step: num_steps")
        t = check_count(t, "SelfOrganizingMap.step: t", minimum=0)
        if t >= num_steps:
            raise ValueError(f"SelfOrganizingMap.step: t must lie in [0, num_steps) = [0, {num_steps}), got {t}")
        self._step(x, t, num_steps)

    def _step(self, x, t, num_steps):
        eta = _decay(self.lr, t, num_steps)
        sigma = _decay(self.sigma, t, num_steps)
        h = _neighbourhood(self.grid, np.array(self._winner(x), dtype=float), sigma)
        self.weights += (eta * h)[:, :, None] * (x - self.weights)

    def train(self, X, num_steps, order=None, record_every=None, snapshots=None):
        """Visit ``num_steps`` inputs (rows of X in ``order``, cycled; default 0, 1, 2, …).

        Records both errors every ``record_every`` steps (and before the first and
        after the last); keeps a copy of the weights at the steps in ``snapshots``.
        Returns the dict of snapshots (step → weights).
        """
        X = check_matrix(X, "SelfOrganizingMap.train: X", columns=self.dim)
        num_steps = check_count(num_steps, "SelfOrganizingMap.train: num_steps", minimum=0)
        order = np.arange(len(X)) if order is None else np.asarray(order)
        if order.ndim != 1 or order.size == 0 or order.dtype.kind not in "iu":
            raise ValueError(f"SelfOrganizingMap.train: order must be a non-empty 1-D array of row "
                             f"indices, got {order.dtype} of shape {order.shape}")
        if order.min() < 0 or order.max() >= len(X):
            raise ValueError(f"SelfOrganizingMap.train: order must index rows of X in [0, {len(X)}), "
                             f"got values from {order.min()} to {order.max()}")
        record_every = (max(1, num_steps // 20) if record_every is None else
                        check_count(record_every, "SelfOrganizingMap.train: record_every"))
        snapshots = set() if snapshots is None else {
            check_count(s, "SelfOrganizingMap.train: snapshots", minimum=0) for s in snapshots}
        kept = {}
        for t in range(num_steps):
            if t % record_every == 0:
                self._record(X, t)
            if t in snapshots:
                kept[t] = self.weights.copy()
            self._step(X[order[t % len(order)]], t, num_steps)
        self._record(X, num_steps)
        if num_steps in snapshots:
            kept[num_steps] = self.weights.copy()
        return kept

    def _record(self, X, t):
        self.history["step"].append(t)
        self.history["quantization_error"].append(_quantization_error(X, self.weights))
        self.history["topographic_error"].append(_topographic_error(X, self.weights))

"""Exercises of notebook 17, self-organizing maps: the best-matching unit, the neighbourhood, Kohonen's update."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "BEST_MATCHING_UNIT", "NEIGHBOURHOOD", "KOHONEN_UPDATE",
           "best_matching_unit", "neighbourhood", "kohonen_update"]

NOTEBOOK = "17_self_organizing_maps"
_rng = np.random.default_rng(17)


# --- 1. the best-matching unit ---------------------------------------------------------

def best_matching_unit(x, weights):
    distances = np.linalg.norm(weights - x, axis=-1)         # (rows, cols): each unit's distance to x
    return np.unravel_index(np.argmin(distances), distances.shape)  # its grid position (i, j)


def _farthest(x, weights):
    distances = np.linalg.norm(weights - x, axis=-1)
    return np.unravel_index(np.argmax(distances), distances.shape)


def _largest_dot_product(x, weights):
    scores = weights @ x
    return np.unravel_index(np.argmax(scores), scores.shape)


def _swapped(x, weights):
    distances = np.linalg.norm(weights - x, axis=-1)
    i, j = np.unravel_index(np.argmin(distances), distances.shape)
    return j, i


def _bmu_case(rows, cols, dim):
    weights = _rng.normal(size=(rows, cols, dim)) + np.arange(rows * cols).reshape(rows, cols, 1) * 0.3
    return _rng.normal(size=dim) * 2 + 1.5, weights


BEST_MATCHING_UNIT = Exercise(
    NOTEBOOK, "best_matching_unit",
    "Return the grid position (i, j) of the unit whose weights are closest to x (Euclidean distance).",
    best_matching_unit,
    cases=[_bmu_case(3, 4, 2), _bmu_case(5, 2, 3), _bmu_case(4, 4, 8), _bmu_case(2, 7, 5)],
    mistakes=[
        (_farthest, "that is the farthest unit: the best match has the smallest distance (argmin, not argmax)."),
        (_largest_dot_product, "the largest dot product is not the smallest distance unless every weight "
                               "vector has the same length: compare ‖x − w‖."),
        (_swapped, "row and column are swapped: return (i, j), the row first, as np.unravel_index gives them."),
    ],
)


# --- 2. the neighbourhood --------------------------------------------------------------

def neighbourhood(grid, winner, sigma):
    offset = grid - np.asarray(winner, dtype=float)  # each unit's place on the grid, relative to the winner
    return np.exp(-(offset ** 2).sum(axis=-1) / (2 * sigma ** 2))


def _no_two(grid, winner, sigma):
    offset = grid - np.asarray(winner, dtype=float)
    return np.exp(-(offset ** 2).sum(axis=-1) / sigma ** 2)


def _not_squared(grid, winner, sigma):
    offset = grid - np.asarray(winner, dtype=float)
    return np.exp(-np.sqrt((offset ** 2).sum(axis=-1)) / (2 * sigma ** 2))


def _grid(rows, cols):
    i, j = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    return np.stack([i, j], axis=-1).astype(float)


NEIGHBOURHOOD = Exercise(
    NOTEBOOK, "neighbourhood",
    "Return h = exp(−‖g − g_c‖² / (2σ²)) for every unit's grid position g (grid: (rows, cols, 2)).",
    neighbourhood,
    cases=[(_grid(3, 3), (1, 1), 1.0), (_grid(4, 6), (0, 5), 2.0), (_grid(5, 5), (2, 3), 0.5),
           (_grid(1, 4), (0, 0), 3.0)],
    mistakes=[
        (_no_two, "the Gaussian has 2σ² in its denominator: exp(−d²/(2σ²))."),
        (_not_squared, "use the squared grid distance ‖g − g_c‖², not the distance itself."),
    ],
    explanation="The neighbourhood is measured on the *grid*, not in the input space: that is what makes "
                "units that are neighbours on the map learn similar weights.",
)


# --- 3. Kohonen's update ---------------------------------------------------------------

def kohonen_update(weights, x, h, eta):
    return weights + eta * h[:, :, None] * (x - weights)  # every unit moves towards x, by η·h of the way


def _away(weights, x, h, eta):
    return weights + eta * h[:, :, None] * (weights - x)


def _no_neighbourhood(weights, x, h, eta):
    return weights + eta * (x - weights)


def _winner_only(weights, x, h, eta):
    out = weights.copy()
    i, j = np.unravel_index(np.argmax(h), h.shape)
    out[i, j] += eta * (x - weights[i, j])
    return out


def _update_case(rows, cols, dim, sigma):
    weights = _rng.normal(size=(rows, cols, dim))
    winner = (int(_rng.integers(rows)), int(_rng.integers(cols)))
    return weights, _rng.normal(size=dim), neighbourhood(_grid(rows, cols), winner, sigma), 0.3


KOHONEN_UPDATE = Exercise(
    NOTEBOOK, "kohonen_update",
    "Return the weights after w ← w + η·h·(x − w), every unit moving towards x in proportion to h.",
    kohonen_update,
    cases=[_update_case(3, 3, 2, 1.0), _update_case(4, 5, 3, 1.5), _update_case(2, 6, 4, 0.7)],
    mistakes=[
        (_away, "the units move away from x: it is x − w, towards the input."),
        (_no_neighbourhood, "every unit moved by the same η: multiply by its neighbourhood weight h."),
        (_winner_only, "only the winner moved: that is plain competitive learning (k-means online); "
                       "Kohonen's map moves the winner's neighbours too, by h."),
    ],
)

EXERCISES = (BEST_MATCHING_UNIT, NEIGHBOURHOOD, KOHONEN_UPDATE)

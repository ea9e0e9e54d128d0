# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py//py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 17. Self-organizing maps
#
# *Kohonen (1982), "Self-organized formation of topologically correct feature maps".*
#
# In the cortex, neurons that respond to similar stimuli sit next to each other: touch maps,
# tone maps, orientation maps. Kohonen showed that a very simple rule produces such maps:
# competition (one unit wins each input) plus cooperation (its neighbours on the map learn too).
# No labels, no loss to back-propagate: the map organizes itself.
#
# ## What you will learn
#
# - The best-matching unit, the neighbourhood function on the grid, and Kohonen's update
#   $w_{ij} \leftarrow w_{ij} + \eta\, h_{ij}\,(x - w_{ij})$.
# - Two measures of a map: the quantization error (how well it covers the data) and the
#   topographic error (how well it keeps neighbours together), and how both fall with training.
# - How a map of the 8×8 digits arranges them by similarity, with no labels.
#
# ## What you need
#
# - Euclidean distance and the Gaussian; `01_feedforward_networks.ipynb` (a unit as a weight vector).

# %%
import matplotlib.pyplot as plt
import numpy as np

from dlnotes import datasets
from dlnotes.plots import COLORS, subplots
from dlnotes.som import SelfOrganizingMap, asymptotic_decay, neighbourhood, quantization_error

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. Competition and cooperation
#
# A map is a grid of units; unit $(i, j)$ holds a weight vector $w_{ij}$ in the input space. For
# an input $x$:
#
# 1. **Competition**: the best-matching unit is $c = \arg\min_{ij} \|x - w_{ij}\|$.
# 2. **Cooperation**: every unit learns in proportion to its closeness to $c$ *on the grid*,
#    $$h_{ij} = \exp\!\left(-\frac{\|g_{ij} - g_c\|^2}{2\sigma^2}\right),$$
#    with $g_{ij} = (i, j)$ the unit's place on the grid.
# 3. **Adaptation**: $w_{ij} \leftarrow w_{ij} + \eta\, h_{ij}\, (x - w_{ij})$.
#
# $\eta$ and $\sigma$ shrink during training, here as $\eta_0/(1 + 2t/T)$ and $\sigma_0/(1 + 2t/T)$ over
# $T$ steps (MiniSom's default): wide neighbourhoods first unfold the whole map over the data,
# narrow ones then let each unit specialise.

# %%
som = SelfOrganizingMap(rows=5, cols=5, dim=2, sigma=1.0, lr=0.5)
h = neighbourhood(som.grid, (1, 2), sigma=1.0)
print("neighbourhood of the unit (1, 2), σ = 1:")
print(np.round(h, 2))
assert h[1, 2] == 1.0 and np.isclose(h[0, 2], np.exp(-0.5)) and np.isclose(h[3, 4], np.exp(-4))
print("η(t)/η₀ at t = 0, T/2, T:", [round(asymptotic_decay(1.0, t, 100), 3) for t in (0, 50, 100)])

# %% [markdown]
# ## 2. The digits on a 10×10 map
#
# 1,797 images of 64 pixels. The map starts crumpled at the data's mean (plus a little noise)
# and visits 4,000 images in a shuffled order, with $\sigma_0 = 2$ and $\eta_0 = 0.5$. The
# quantization error is the mean distance from an image to its best unit's weights; the
# topographic error the fraction of images whose best and second-best units are not grid
# neighbours.

# %%
X, y = datasets.digits()
som = SelfOrganizingMap(rows=10, cols=10, dim=64, sigma=2.0, lr=0.5).init_small_random(X, rng)
som.train(X, num_steps=4000, order=rng.permutation(len(X)), record_every=400)
qe, te = np.array(som.history["quantization_error"]), np.array(som.history["topographic_error"])
print("step:              ", som.history["step"])
print("quantization error:", np.round(qe, 3))
print("topographic error: ", np.round(te, 3))
assert np.all(np.diff(qe) < 0), "the quantization error falls at every record"
assert te[-1] < 0.2 < 0.9 < te[0]

# %% [markdown]
# The reference implementation MiniSom (tested in `tests/test_som.py`) gives the same weights to
# $10^{-15}$ from the same start, order and schedule. Now look at the map: each unit's weights
# as an 8×8 image, and the digit that most often picks that unit as its best match.

# %%
# NBVAL_IGNORE_OUTPUT
bmu = np.argmin(((X[:, None, :] - som.weights.reshape(-1, 64)[None]) ** 2).sum(-1), axis=1)
majority = np.full(100, -1)
for unit in range(100):
    labels = y[bmu == unit]
    if len(labels):
        majority[unit] = np.bincount(labels.astype(np.intp), minlength=10).argmax()
fig, axes = plt.subplots(10, 10, figsize=(7.0, 7.0))
for unit, ax in enumerate(axes.ravel()):
    i, j = divmod(unit, 10)
    ax.imshow(som.weights[i, j].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
    if majority[unit] >= 0:
        ax.text(0.04, 0.96, str(majority[unit]), transform=ax.transAxes, va="top", fontsize=9,
                color="#B8001F", fontweight="bold", bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.95, wspace=0.06, hspace=0.06)
fig.suptitle("Each unit's weights, and the digit it is most often the best match of", fontsize=11)
plt.show()

# %% [markdown]
# Similar digits sit together, with no label ever used in training. Measure it: how often do two
# units that are grid neighbours stand for the same digit, against two units picked at random?

# %%
grid = majority.reshape(10, 10)
pairs = [(grid[i, j], grid[i + di, j + dj]) for i in range(10) for j in range(10)
         for di, dj in ((0, 1), (1, 0)) if i + di < 10 and j + dj < 10]
pairs = [(a, b) for a, b in pairs if a >= 0 and b >= 0]
same_neighbours = np.mean([a == b for a, b in pairs])
labelled = majority[majority >= 0]
same_random = np.mean(labelled[:, None] == labelled[None, :])
print(f"grid neighbours with the same digit: {same_neighbours:.2f}; two units at random: {same_random:.2f}")
assert same_neighbours > 3 * same_random

# %% [markdown]
# ## 3. Why the neighbourhood matters
#
# Without cooperation (a neighbourhood so narrow that only the winner learns) the rule is online
# $k$-means: each unit still ends near a cluster of images, so the quantization error is as good,
# but the grid means nothing: neighbours on the map are unrelated, and the topographic error stays high.

# %%
lone = SelfOrganizingMap(rows=10, cols=10, dim=64, sigma=0.05, lr=0.5).init_small_random(
    X, np.random.default_rng(0))
lone.train(X, num_steps=4000, order=np.random.default_rng(1).permutation(len(X)), record_every=4000)
print(f"winner only: quantization error {lone.history['quantization_error'][-1]:.3f}, "
      f"topographic error {lone.history['topographic_error'][-1]:.3f}")
print(f"Kohonen map: quantization error {qe[-1]:.3f}, topographic error {te[-1]:.3f}")
assert lone.history["topographic_error"][-1] > 3 * te[-1]

# %% [markdown]
# ## Play with it
#
# An 8×8 map trained on points spread uniformly over a square: step through the training and
# watch it unfold from a crumpled knot into a net that covers the data, with the two errors
# falling on the right.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.som import som_unfolding_widget

som_unfolding_widget()

# %% [markdown]
# ## Summary
#
# - A self-organizing map is a grid of weight vectors trained by competition (the best-matching
#   unit) and cooperation (a Gaussian neighbourhood on the grid): $w \leftarrow w + \eta h (x - w)$.
# - On the digits, the quantization error falls at every record and the topographic error falls
#   from 0.9 to a few percent; neighbouring units stand for the same digit far more often than chance.
# - Without the neighbourhood the same rule is online $k$-means: good quantization, no topography.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb17, show_solution

# %% [markdown]
# ### Exercise 1: the best-matching unit
#
# Write `best_matching_unit(x, weights)`: the grid position `(i, j)` of the unit whose weights
# (`weights` has shape `(rows, cols, dim)`) are closest to `x`.

# %%
def best_matching_unit(x, weights):
    raise NotImplementedError  # your code here


nb17.BEST_MATCHING_UNIT.check(best_matching_unit)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def best_matching_unit(x, weights):
#     distances = np.linalg.norm(weights - x, axis=-1)         # (rows, cols): each unit's distance to x
#     return np.unravel_index(np.argmin(distances), distances.shape)  # its grid position (i, j)
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: the neighbourhood
#
# Write `neighbourhood(grid, winner, sigma)`: $h = \exp(-\|g - g_c\|^2 / (2\sigma^2))$ for every unit's
# grid position $g$ (`grid` has shape `(rows, cols, 2)`), with $g_c$ = `winner`.

# %%
def neighbourhood(grid, winner, sigma):
    raise NotImplementedError  # your code here


nb17.NEIGHBOURHOOD.check(neighbourhood)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def neighbourhood(grid, winner, sigma):
#     offset = grid - np.asarray(winner, dtype=float)  # each unit's place on the grid, relative to the winner
#     return np.exp(-(offset ** 2).sum(axis=-1) / (2 * sigma ** 2))
# ```
#
# The neighbourhood is measured on the *grid*, not in the input space: that is what makes units that are neighbours on the map learn similar weights.
#
# </details>

# %% [markdown]
# ### Exercise 3: Kohonen's update
#
# Write `kohonen_update(weights, x, h, eta)`: the weights after $w \leftarrow w + \eta\, h\, (x - w)$
# (`h` has shape `(rows, cols)`).

# %%
def kohonen_update(weights, x, h, eta):
    raise NotImplementedError  # your code here


nb17.KOHONEN_UPDATE.check(kohonen_update)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def kohonen_update(weights, x, h, eta):
#     return weights + eta * h[:, :, None] * (x - weights)  # every unit moves towards x, by η·h of the way
# ```
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Train the digit map with $\sigma_0 = 5$ and then with $\sigma_0 = 0.5$. What happens to the two
#    errors, and why?
#
# <details><summary>Answer</summary>
#
# A wide neighbourhood pulls many units towards every input: the map stays smooth (low
# topographic error) but its units are averages of many digits (higher quantization error).
# A narrow one from the start never unfolds the map as a whole: units specialise early (lower
# quantization error) but neighbours on the grid need not be similar (higher topographic
# error). The shrinking schedule gets both: unfold first, specialise later.
#
# </details>
#
# 5. A self-organizing map has no loss function that its rule descends exactly (for a
#    continuous input distribution). What does it have in common with $k$-means, and what with
#    a principal curve or surface?
#
# <details><summary>Answer</summary>
#
# With $\sigma \to 0$ it *is* online $k$-means: each unit moves towards the inputs it wins. With a
# wide neighbourhood the units are forced to lie on a smooth 2-D sheet, so the map is a
# discrete, nonlinear version of a principal surface: a low-dimensional manifold through the
# middle of the data.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("17_self_organizing_maps", nb17.EXERCISES)

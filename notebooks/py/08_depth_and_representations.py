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
# # 8. Depth and representations: each layer re-represents the data
#
# A feedforward classifier ends with a *linear* read-out: the logits are an affine map of
# the last hidden layer, and the softmax turns them into probabilities. So whatever the
# hidden layers do, they must hand the output layer a representation in which the
# classes are (nearly) linearly separable. In this notebook we watch a network do that
# to two interleaved spirals, one layer at a time, and measure it.
#
# ## What you will learn
#
# - Every layer of an MLP computes a new *representation* of the input,
#   $\boldsymbol{h}^{(k)} = g(\boldsymbol{h}^{(k-1)}\boldsymbol{W}^{(k)} + \boldsymbol{b}^{(k)})$.
# - How to look at a wide representation in 2-D: principal component analysis by the SVD.
# - How to *measure* linear separability: a linear probe, a softmax classifier trained on
#   one layer's representation, and how to *see* it: the layer drawn along the probe's
#   direction, the normal of its decision boundary.
# - That on the spirals the probe accuracy rises layer by layer, from chance-like on the
#   raw input to perfect at the last hidden layer, and that it is training, not depth
#   alone, that does it.
#
# ## What you need
#
# `01_feedforward_networks` (an MLP as a chain of layers, `model.forward`), the softmax
# cross-entropy loss and training with `dlnotes.train`; numpy, including
# `np.linalg.svd`.

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes
from dlnotes.plots import COLORS, loss_curve, scatter_classes, subplots
from dlnotes.representations import (linear_probe, linear_probe_accuracy, pca, probe_view,
                                     representations, set_parameters, train_with_snapshots)
from dlnotes.widgets.representations import SPIRALS_RUN, layer_names

# %% [markdown]
# ## The data: two spirals
#
# `dlnotes.datasets.spirals` winds two arms of 100 points each around the origin,
# $1.75$ turns, with a little noise. No straight line separates them.

# %%
X, y = dlnotes.datasets.spirals(n_per_class=100, turns=SPIRALS_RUN["turns"],
                                noise=SPIRALS_RUN["noise"])
print(f"X: {X.shape}, y: {y.shape}, examples per class: {np.bincount(y)}")

# %% [markdown]
# ## Measuring linear separability: a linear probe
#
# Take any representation $\boldsymbol{H}$ of the data, one row per example. A *linear
# probe* is the best linear classifier we can fit on it: a softmax regression
#
# $$p(y \mid \boldsymbol{h}) = \operatorname{softmax}(\hat{\boldsymbol{h}}\boldsymbol{W} + \boldsymbol{b}),$$
#
# trained with the cross-entropy by `dlnotes.train`. Its training accuracy is 1 when a
# linear map separates the classes and near the class frequency (here 0.5) when no line
# helps. (`linear_probe` first *whitens* $\boldsymbol{h}$,
# $\hat{\boldsymbol{h}} = \sqrt{N}(\boldsymbol{h}-\boldsymbol{\mu})\boldsymbol{V}\boldsymbol{S}^{-1}$:
# an invertible linear map changes nothing about linear separability, but it makes plain
# gradient descent converge in a hundred steps for every layer. It then maps the fitted
# weights back, so the probe it returns is $\operatorname{softmax}(\boldsymbol{h}\boldsymbol{W} + \boldsymbol{b})$
# in the layer's own coordinates; `linear_probe_accuracy` returns only its accuracy.)
#
# On the raw spirals:

# %%
raw = linear_probe(X, y)
assert raw.accuracy < 0.75
assert raw.W.shape == (2, 2) and raw.b.shape == (2,)  # one column of weights per class
z = X @ raw.W + raw.b  # the probe's logits, computed from its weights
assert np.mean(z.argmax(axis=1) == y) == raw.accuracy == linear_probe_accuracy(X, y)
print(f"linear probe on the raw input x: accuracy {raw.accuracy:.3f}")

# %% [markdown]
# ## Training a deep network, with snapshots
#
# The network is `MLP([2, 16, 16, 16, 2])`: three hidden ReLU layers of 16 units and two
# logits. Each hidden layer computes
#
# $$\boldsymbol{h}^{(k)} = g\big(\boldsymbol{h}^{(k-1)}\boldsymbol{W}^{(k)} + \boldsymbol{b}^{(k)}\big), \qquad \boldsymbol{h}^{(0)} = \boldsymbol{x},$$
#
# and the output is linear in the last one, $\boldsymbol{z} = \boldsymbol{h}^{(3)}\boldsymbol{W}^{(4)} + \boldsymbol{b}^{(4)}$.
# We train it with minibatch SGD (`lr = 0.1`, `batch_size = 20`, 200 epochs) and keep a
# copy of the parameters at a few epochs, so we can look back at how the
# representations formed (`train_with_snapshots` calls `dlnotes.train` one epoch at a time).

# %%
model = dlnotes.MLP(SPIRALS_RUN["sizes"], activation="relu", seed=SPIRALS_RUN["seed"])
snapshot_epochs = SPIRALS_RUN["snapshot_epochs"]
snapshots, epoch_loss = train_with_snapshots(
    model, X, y, num_epochs=SPIRALS_RUN["num_epochs"], snapshot_epochs=snapshot_epochs,
    lr=SPIRALS_RUN["lr"], batch_size=SPIRALS_RUN["batch_size"])
train_accuracy = dlnotes.accuracy(model, X, y)
assert train_accuracy == 1.0
print(f"model {model}")
print(f"snapshots at epochs {sorted(snapshots)}")
print(f"loss: epoch 1 {epoch_loss[0]:.4f}, epoch {len(epoch_loss)} {epoch_loss[-1]:.4f}; "
      f"training accuracy {train_accuracy:.3f}")

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax_data, ax_loss) = subplots(1, 2)
scatter_classes(ax_data, X, y)
ax_data.set_aspect("equal")
ax_data.set_title("the spirals")
ax_data.legend(fontsize=8)
loss_curve(ax_loss, epoch_loss, xlabel="epoch")
ax_loss.set_title("training loss")
plt.show()

# %% [markdown]
# ## Looking at a 16-dimensional representation: PCA
#
# The input and the logits are 2-D and can be plotted as they are; the hidden layers
# have 16 dimensions. Principal component analysis projects them onto the two
# directions of largest variance. With the representation centred,
# $\tilde{\boldsymbol{H}} = \boldsymbol{H} - \bar{\boldsymbol{h}} = \boldsymbol{U}\boldsymbol{S}\boldsymbol{V}^\top$
# (the singular value decomposition), the coordinates are
#
# $$\boldsymbol{Z} = \tilde{\boldsymbol{H}}\boldsymbol{V}_k = \boldsymbol{U}_k\boldsymbol{S}_k,$$
#
# and direction $i$ keeps the fraction $s_i^2 / \sum_m s_m^2$ of the variance.
# `dlnotes.representations.pca` computes it with `np.linalg.svd`; we check it against the
# other road to PCA, the eigenvectors of the covariance matrix.

# %%
reps = representations(model, X)  # [x, h1, h2, h3, logits] as arrays
names = layer_names(model.sizes)
H = reps[1]
Z, ratio = pca(H, k=2)

covariance = np.cov(H, rowvar=False, bias=True)
eigenvalues, eigenvectors = np.linalg.eigh(covariance)  # ascending order
top = eigenvalues[::-1][:2]
assert np.allclose(ratio, top / eigenvalues.sum())
assert np.allclose(Z.var(axis=0), top)  # the variance along each direction is its eigenvalue
assert np.allclose(np.abs(Z), np.abs((H - H.mean(axis=0)) @ eigenvectors[:, ::-1][:, :2]))
for name, rep in zip(names, reps):
    if rep.shape[1] > 2:
        print(f"{name}: the first two principal components keep "
              f"{100 * pca(rep)[1].sum():.1f}% of the variance")

# %% [markdown]
# ## Layer by layer
#
# Now the trained network's five representations of the same 200 points, with each
# layer's linear probe accuracy.

# %%
fitted = [linear_probe(rep, y) for rep in reps]
probes = [probe.accuracy for probe in fitted]
for name, rep, p in zip(names, reps, probes):
    print(f"{name:<16s} {rep.shape[1]:>2d} units   linear probe accuracy {p:.3f}")
assert probes[0] < 0.75  # the raw input: no line separates the spirals
assert probes[3] >= 0.95  # the last hidden layer: a line does
assert probes[0] < probes[1] < probes[2] < probes[3]  # and it gets there step by step

# %% [markdown]
# ## Seeing what the probe sees: the probe's direction
#
# A probe accuracy of 1.00 says a hyperplane separates the classes in
# $\boldsymbol{h}^{(3)}$. To *see* it, draw the layer along the direction that hyperplane
# is measured in. With two classes the probe predicts class 1 where $z_1 > z_0$, that is
# where $\boldsymbol{h}\cdot(\boldsymbol{w}_1 - \boldsymbol{w}_0) + b_1 - b_0 > 0$
# ($\boldsymbol{w}_c$ the column of $\boldsymbol{W}$ for class $c$): its boundary is a
# hyperplane with normal $\boldsymbol{w}_1 - \boldsymbol{w}_0$, and the signed distance
# of a point to it is
#
# $$d(\boldsymbol{h}) = \frac{\boldsymbol{h}\cdot(\boldsymbol{w}_1 - \boldsymbol{w}_0) + b_1 - b_0}{\lVert \boldsymbol{w}_1 - \boldsymbol{w}_0 \rVert}.$$
#
# `dlnotes.representations.probe_view(H, probe)` returns $d$ as the first coordinate and,
# as the second, the first principal component of what is left once the direction
# $\boldsymbol{w}_1 - \boldsymbol{w}_0$ is removed (the largest variance the probe
# ignores). The probe is right exactly where the sign of $d$ matches the class, and the
# distance is the logit difference $z_1 - z_0$ divided by $\lVert\boldsymbol{w}_1 - \boldsymbol{w}_0\rVert$:

# %%
views = [probe_view(rep, probe) for rep, probe in zip(reps, fitted)]
for rep, probe, Z_probe in zip(reps, fitted, views):
    z = probe.logits(rep)
    w = probe.W[:, 1] - probe.W[:, 0]
    assert np.allclose(Z_probe[:, 0], (z[:, 1] - z[:, 0]) / np.linalg.norm(w))
    assert np.mean((Z_probe[:, 0] > 0) == y) == probe.accuracy

# How separable is each 2-D picture of hidden 3 itself? A probe fitted on its two coordinates:
on_probe_view = linear_probe_accuracy(views[3], y)
on_pca_view = linear_probe_accuracy(pca(reps[3])[0], y)
margin = np.abs(views[3][:, 0]).min()
print(f"hidden 3, probe fitted on the 2 coordinates of its probe view: accuracy {on_probe_view:.3f}")
print(f"hidden 3, probe fitted on the 2 coordinates of its PCA view:   accuracy {on_pca_view:.3f}")
print(f"hidden 3: the point nearest the probe's boundary is {margin:.2f} from it")
assert on_probe_view == 1.0 and margin > 0.1  # a gap on either side of the boundary
assert on_pca_view < 0.75  # PCA's two directions lose most of the separability

# %%
# NBVAL_IGNORE_OUTPUT
fig, axes = subplots(2, 5, size=(2.45, 2.5))
for k, (name, rep, p, Z_probe) in enumerate(zip(names, reps, probes, views)):
    ax_probe, ax_pca = axes[0, k], axes[1, k]
    scatter_classes(ax_probe, Z_probe, y)
    ax_probe.axvline(0.0, color="0.3", linestyle="--", linewidth=1)
    ax_probe.set_title(f"{name}\nprobe accuracy {p:.2f}", fontsize=10)
    ax_probe.set_xlabel("distance $d$ to the\nprobe's boundary", fontsize=9)
    ax_probe.set_ylabel("largest other direction", fontsize=9)
    Z_layer = rep if rep.shape[1] == 2 else pca(rep)[0]
    scatter_classes(ax_pca, Z_layer, y)
    ax_pca.set_title("as it is" if rep.shape[1] == 2 else "PCA", fontsize=10)
    if rep.shape[1] > 2:
        ax_pca.set_xlabel("PC 1")
        ax_pca.set_ylabel("PC 2")
    for ax in (ax_probe, ax_pca):
        ax.set_xticks([])
        ax.set_yticks([])
axes[1, -1].set_xlabel("logit $z_0$")
axes[1, -1].set_ylabel("logit $z_1$")
lim = np.abs(reps[-1]).max() * 1.05
axes[1, -1].plot([-lim, lim], [-lim, lim], "--", color="0.4", linewidth=1)
handles, labels = axes[0, 0].get_legend_handles_labels()
fig.legend(handles, labels, loc="outside upper center", ncol=2, fontsize=9)
plt.show()

# %% [markdown]
# Top row: each layer along its probe's direction (dashed: the probe's boundary, $d = 0$).
# Bottom row: the same layer on its first two principal components. The first hidden
# layer has unrolled the spirals a little; the second has pulled parts of the arms apart;
# in the third, the probe's direction puts every blue point left of the boundary and
# every orange one right of it, with a clear gap. The PCA view of the same layer looks
# interleaved: PCA shows where the *variance* is, and in $\boldsymbol{h}^{(3)}$ the
# largest variance runs *along* the arms, not across the boundary (a probe fitted on
# the two PCA coordinates alone reaches only 0.605). Both are honest pictures of the
# same 16 numbers per point; only one is taken along the direction that matters. The
# logits are the network's own linear view of $\boldsymbol{h}^{(3)}$: the classes lie
# on either side of the diagonal $z_0 = z_1$, the decision boundary of the softmax.
#
# ## Depth is not enough: it is the training
#
# The same network at its random initialisation also has three hidden layers. Do its
# layers separate the spirals? The snapshots answer: the probe accuracy of every layer
# at every saved epoch.

# %%
probe_table = {}
for epoch in sorted(snapshots):
    set_parameters(model, snapshots[epoch])
    probe_table[epoch] = [linear_probe_accuracy(rep, y) for rep in representations(model, X)]
set_parameters(model, snapshots[max(snapshots)])  # back to the trained network
assert probe_table[max(snapshots)] == probes

print("epoch   " + "  ".join(f"{name.split(' (')[0]:>8s}" for name in names))
for epoch, row in probe_table.items():
    print(f"{epoch:>5d}   " + "  ".join(f"{p:8.3f}" for p in row))
assert probe_table[0][3] < 0.75  # untrained, the last hidden layer separates little
assert probe_table[100][3] > max(probe_table[100][1:3])  # the top layer gets there first

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(size=(5.5, 3.4))
table = np.array(list(probe_table.values()))
for k, name in enumerate(names):
    ax.plot(list(probe_table), table[:, k], "o-", color=COLORS[k], label=name)
ax.set_xscale("symlog", linthresh=10)
ax.set_xticks(list(probe_table), [str(e) for e in probe_table])
ax.set_xlabel("epoch")
ax.set_ylabel("linear probe accuracy")
ax.set_title("separability of each layer during training")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# At initialisation no layer does much better than the raw input: random ReLU layers
# re-represent the spirals but do not untangle them. As training proceeds the deeper
# layers become separable first where it matters, at the top: the loss only asks for
# separable logits, and back-propagation shapes every layer towards that.
#
# ## Play with it
#
# Choose a layer, an epoch and a view: the left panel shows that layer's representation
# of the spirals along its probe's direction (or, with `view` set to PCA, on its first
# two principal components), the right one every layer's probe accuracy at that epoch.
# Drag the epoch slider with the probe view on hidden 3 and watch the gap open. All
# views are computed once when the widget is built.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.representations import representations_widget

representations_widget(model, X, y, snapshots)

# %% [markdown]
# ## Summary
#
# - Each layer of an MLP computes a new representation
#   $\boldsymbol{h}^{(k)} = g(\boldsymbol{h}^{(k-1)}\boldsymbol{W}^{(k)} + \boldsymbol{b}^{(k)})$;
#   the output layer reads the last one linearly.
# - A linear probe (a softmax regression on one layer) measures linear separability; on the
#   spirals it rises from 0.59 on the input to 1.0 at the third hidden layer.
# - To see what the probe measures, draw the layer along the probe's direction
#   $\boldsymbol{w}_1 - \boldsymbol{w}_0$: the signed distance to its boundary separates the
#   third hidden layer with a gap, where PCA's view of it looks interleaved.
# - PCA by the SVD, $\boldsymbol{Z} = \tilde{\boldsymbol{H}}\boldsymbol{V}_k$, shows a wide
#   layer in 2-D, along its directions of largest variance: not necessarily the separating one.
# - At initialisation the layers do not separate the classes: training does, and it
#   makes the top layers separable first.
#
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell: run it and it tells you
# whether your answer is right, and if not, what is wrong (or the first input on which
# your answer differs). The solution is folded under each one; `show_solution(...)`
# prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb08, show_solution

# %% [markdown]
# ### Exercise 1: every layer's representation, by hand
#
# Write `layer_outputs(X, Ws, bs)`: given the input batch `X` and an MLP's weight
# matrices `Ws` and bias vectors `bs` (layer by layer), return the list
# $[\boldsymbol{h}^{(1)}, \dots, \boldsymbol{z}]$ of every layer's output, with
# $\boldsymbol{h}^{(k)} = \max(0, \boldsymbol{h}^{(k-1)}\boldsymbol{W}^{(k)} + \boldsymbol{b}^{(k)})$
# on the hidden layers and a linear last layer, in numpy. (For our network,
# `layer_outputs(X, [l.W.value for l in model.layers], [l.b.value for l in model.layers])`
# should equal `reps[1:]`.)

# %%
def layer_outputs(X, Ws, bs):
    raise NotImplementedError  # your code here


nb08.LAYER_OUTPUTS.check(layer_outputs)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def layer_outputs(X, Ws, bs):
#     outputs, h = [], X
#     for k, (W, b) in enumerate(zip(Ws, bs)):
#         h = h @ W + b                   # the affine map of the previous representation
#         if k < len(Ws) - 1:
#             h = np.maximum(h, 0.0)      # ReLU on the hidden layers only: the logits stay linear
#         outputs.append(h)
#     return outputs
# ```
#
# Each hidden layer re-represents the previous one, $\boldsymbol{h}^{(k)} = \max(0, \boldsymbol{h}^{(k-1)}\boldsymbol{W}^{(k)} + \boldsymbol{b}^{(k)})$; the last layer has no activation, because the softmax reads the logits as they are. This is what `dlnotes.representations.representations(model, X)[1:]` returns for an MLP.
#
# </details>

# %% [markdown]
# ### Exercise 2: how much of the variance a PCA view keeps
#
# Write `variance_ratios(H)`: the fraction $s_i^2 / \sum_m s_m^2$ of the variance kept by
# each principal direction of the representation `H` (one row per example), largest
# first, computed with `np.linalg.svd`. Its first two entries summed are the percentages
# printed in the PCA section.

# %%
def variance_ratios(H):
    raise NotImplementedError  # your code here


nb08.VARIANCE_RATIOS.check(variance_ratios)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def variance_ratios(H):
#     centred = H - H.mean(axis=0)               # PCA is about the spread around the mean
#     s = np.linalg.svd(centred, compute_uv=False)
#     return s ** 2 / np.sum(s ** 2)             # the variance along direction i is s_i² / N
# ```
#
# With $\tilde{\boldsymbol{H}} = \boldsymbol{U}\boldsymbol{S}\boldsymbol{V}^\top$, the coordinates along direction $i$ are the column $s_i\boldsymbol{u}_i$, of variance $s_i^2/N$; the total variance is $\sum_m s_m^2/N$, so $N$ cancels in the ratio. `dlnotes.representations.pca(H, k)[1]` returns the first $k$ of them.
#
# </details>

# %% [markdown]
# ### Exercise 3: the distance to the probe's boundary
#
# Write `probe_distance(H, W, b)`: for a two-class probe
# $\operatorname{softmax}(\boldsymbol{h}\boldsymbol{W} + \boldsymbol{b})$ (`W` of shape
# `(features, 2)`, `b` of shape `(2,)`), the signed distance $d(\boldsymbol{h})$ of every
# row of `H` to the probe's decision boundary, positive on the side of class 1: the
# horizontal axis of the probe view above. (Try it on `reps[3]` with `fitted[3].W` and
# `fitted[3].b`.)

# %%
def probe_distance(H, W, b):
    raise NotImplementedError  # your code here


nb08.PROBE_DISTANCE.check(probe_distance)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def probe_distance(H, W, b):
#     w = W[:, 1] - W[:, 0]                      # the normal of the boundary z_1 = z_0
#     return (H @ w + b[1] - b[0]) / np.linalg.norm(w)
# ```
#
# The probe predicts class 1 where $z_1 > z_0$, i.e. where $\boldsymbol{h}\cdot(\boldsymbol{w}_1 - \boldsymbol{w}_0) + b_1 - b_0 > 0$: a hyperplane with normal $\boldsymbol{w}_1 - \boldsymbol{w}_0$. Dividing by the normal's length turns the logit difference into a distance. This is column 0 of `dlnotes.representations.probe_view(H, probe)`, the horizontal axis of the notebook's probe view.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Train `MLP([2, 16, 2])`, a single hidden layer of the same width, on the same spirals
#    for the same 200 epochs (`train_with_snapshots(model, X, y, 200, [0], lr=0.1,
#    batch_size=20)`). Where does its one hidden layer end up on the probe scale? Then try
#    `MLP([2, 125, 2])`, which has as many parameters as our network (count them).
#
# <details><summary>Answer</summary>
#
# Our network has $(2\cdot16 + 16) + 2\,(16\cdot16 + 16) + (16\cdot2 + 2) = 626$
# parameters; one hidden layer of $n$ units has $5n + 2$, so $n = 125$ gives 627. With 16
# units the hidden layer's probe accuracy is 0.64 and the network's training accuracy
# 0.68. With 125 units the hidden layer's probe reaches 0.935, but the network itself
# only 0.58 after 200 epochs: the layer is nearly separable, yet SGD with `lr = 0.1` has
# not found the read-out the whitened probe finds. One wide layer *can* separate the
# spirals (the universal approximation theorem), but a ReLU layer cuts the plane along
# straight lines, and 1.75 turns need many well-placed cuts; depth composes the cuts, so
# each layer only has to unroll the spirals a little further, and for the same number
# of parameters SGD gets there in 200 epochs.
#
# </details>
#
# 5. Change `seed` (of the MLP and of `train_with_snapshots`). Is the rise of the probe
#    accuracy through the layers always monotone? Which assertion of this notebook is the
#    most fragile?
#
# <details><summary>Answer</summary>
#
# For seeds 0 to 5 (both seeds equal) the probe accuracies of hidden 1, 2, 3 rise every
# time, and hidden 3 always reaches 1.00: the monotone rise is robust. The fragile claim is
# `train_accuracy == 1.0`: with seed 1 the network ends at 0.93 (its logits' probe at
# 0.965) although its third hidden layer is perfectly separable, because 200 epochs were
# not enough for the output layer to find the separating direction the probe finds by
# whitening. The probe measures what a layer *allows*; the network's accuracy what it *did*.
#
# </details>
#
# 6. Use `activation="tanh"` and compare the layer-by-layer pictures with the ReLU ones.
#
# <details><summary>Answer</summary>
#
# With tanh, the same run (seed 0, 200 epochs, `lr = 0.1`) gives probe accuracies 0.80,
# 0.81, 0.76 for hidden 1–3 and a training accuracy of only 0.665: the tanh network
# learns much more slowly here, and its third layer is *less* separable than its first.
# In the pictures the tanh layers look like smoothly squashed copies of the spirals,
# without the sharp folds ReLU layers make. Training longer does get there: after 1000
# epochs the probes read 0.635, 0.97, 1.00 and the training accuracy is 1.00.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("08_depth_and_representations", nb08.EXERCISES)

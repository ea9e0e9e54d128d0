# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
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
#   one layer's representation.
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
from dlnotes.representations import (linear_probe_accuracy, pca, representations,
                                     set_parameters, train_with_snapshots)
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
# helps. (`linear_probe_accuracy` first *whitens* $\boldsymbol{h}$,
# $\hat{\boldsymbol{h}} = \sqrt{N}(\boldsymbol{h}-\boldsymbol{\mu})\boldsymbol{V}\boldsymbol{S}^{-1}$:
# an invertible linear map changes nothing about linear separability, but it makes plain
# gradient descent converge in a hundred steps for every layer.)
#
# On the raw spirals:

# %%
raw_probe = linear_probe_accuracy(X, y)
assert raw_probe < 0.75
print(f"linear probe on the raw input x: accuracy {raw_probe:.3f}")

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
probes = [linear_probe_accuracy(rep, y) for rep in reps]
for name, rep, p in zip(names, reps, probes):
    print(f"{name:<16s} {rep.shape[1]:>2d} units   linear probe accuracy {p:.3f}")
assert probes[0] < 0.75  # the raw input: no line separates the spirals
assert probes[3] >= 0.95  # the last hidden layer: a line does
assert probes[0] < probes[1] < probes[2] < probes[3]  # and it gets there step by step

# %%
# NBVAL_IGNORE_OUTPUT
fig, axes = subplots(1, 5, size=(2.7, 2.7))
for ax, name, rep, p in zip(axes, names, reps, probes):
    Z_layer = rep if rep.shape[1] == 2 else pca(rep)[0]
    scatter_classes(ax, Z_layer, y)
    ax.set_title(f"{name}\nprobe accuracy {p:.2f}", fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    if rep.shape[1] > 2:
        ax.set_xlabel("PC 1")
        ax.set_ylabel("PC 2")
axes[-1].set_xlabel("logit $z_0$")
axes[-1].set_ylabel("logit $z_1$")
lim = np.abs(reps[-1]).max() * 1.05
axes[-1].plot([-lim, lim], [-lim, lim], "--", color="0.4", linewidth=1)
plt.show()

# %% [markdown]
# The first hidden layer has unrolled the spirals a little; the second has pulled parts
# of the arms apart; in the third, a linear probe separates every point. The PCA views
# of the hidden layers show where the *variance* is, which need not be the direction
# that separates the classes: the probe is the measurement, the picture an aid. The
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
# Choose a layer and an epoch: the left panel shows that layer's representation of the
# spirals (PCA for the 16-D layers), the right one every layer's probe accuracy at that
# epoch. All views are computed once when the widget is built.

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
# - PCA by the SVD, $\boldsymbol{Z} = \tilde{\boldsymbol{H}}\boldsymbol{V}_k$, shows a wide
#   layer in 2-D, along its directions of largest variance (not necessarily the separating one).
# - At initialisation the layers do not separate the classes: training does, and it
#   makes the top layers separable first.
#
# ## Exercises
#
# 1. Train `MLP([2, 16, 2])`, a single hidden layer of the same width, on the same
#    spirals for the same 200 epochs. Where does its one hidden layer end up on the probe
#    scale? Then try `MLP([2, 48, 2])`, which has about as many parameters as our network.
# 2. Change `seed` (of the MLP and of `train_with_snapshots`). Is the rise of the probe
#    accuracy through the layers always monotone? Which assertion of this notebook is the
#    most fragile?
# 3. Replace PCA by a projection onto the probe's direction $\boldsymbol{w}_1 - \boldsymbol{w}_0$
#    and the first principal component orthogonal to it. Plot the third hidden layer this
#    way: is the separation visible now?
# 4. Use `activation="tanh"` and compare the layer-by-layer pictures with the ReLU ones.

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
# # 16. Convolutional networks
#
# *LeCun, Bottou, Bengio & Haffner (1998), "Gradient-based learning applied to document
# recognition" (LeNet-5).*
#
# An MLP treats an image as 64 unrelated numbers: a stroke moved by one pixel is a new input,
# and every pixel has its own weight in every unit. LeCun's convolutional layers build two facts
# about images into the layer: what matters is *local* (a unit looks at a small window), and the
# same feature can appear *anywhere* (every window is read by the same weights).
#
# ## What you will learn
#
# - A convolution layer is a dense layer with most weights fixed at zero (local connectivity) and
#   the rest tied together (weight sharing): three ways to compute it give the same numbers.
# - Sharing the weights makes the layer translation-equivariant: shift the image, the feature map
#   shifts.
# - A kernel is learned by back-propagation like any weight: from examples of an edge detector's
#   output, gradient descent recovers the edge detector.
# - On the digits, with every setting (size, learning rate, epochs) chosen on a validation set and
#   the test set used once, a small CNN matches the best MLP tried with fewer parameters.
#
# ## What you need
#
# - `01_feedforward_networks.ipynb` (a unit as a dot product, a feature detector),
#   `09_digits_end_to_end.ipynb` (training on the digits).

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes import datasets
from dlnotes.convnets import (KERNELS, DigitsCNN, conv2d_loop, conv_as_dense, count_parameters, learn_kernel,
                              shift)
from dlnotes.plots import COLORS, subplots
from dlnotes.selection import choose, fit, sweep

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. Local connections, shared weights
#
# A convolution layer maps an image $x$ with $C$ channels to $F$ feature maps. Unit $(f, i, j)$
# of map $f$ sees only the $k \times k$ window at $(i, j)$, and all units of a map use the same
# kernel $W_f$:
#
# $$Z_{f,i,j} = b_f + \sum_{c=1}^{C} \sum_{u=0}^{k-1} \sum_{v=0}^{k-1} x_{c,\, i+u,\, j+v}\, W_{f,c,u,v}.$$
#
# (Without flipping the kernel: strictly a cross-correlation, which is what every deep-learning
# library calls a convolution.) The same numbers come out three ways:
#
# - `dl.conv2d`: every window copied into a row of a matrix (*im2col*), then one matrix product;
# - `conv2d_loop`: the formula above, one unit at a time;
# - `conv_as_dense`: a dense layer $z = x_\text{flat} M$ whose matrix $M$ holds each kernel at the
#   rows of its window's pixels and zeros elsewhere.

# %%
x = rng.normal(size=(2, 3, 6, 7))            # 2 images, 3 channels, 6×7 pixels
W = rng.normal(size=(4, 3, 3, 3))            # 4 filters of 3×3 over 3 channels
b = rng.normal(size=4)
Z_im2col = dl.conv2d(x, W, b).value
Z_loop = conv2d_loop(x, W, b)
M = conv_as_dense(W, x.shape[1:])
Z_dense = (x.reshape(len(x), -1) @ M).reshape(Z_loop.shape) + b[:, np.newaxis, np.newaxis]
print(f"feature maps {Z_im2col.shape}; im2col = loop: {np.allclose(Z_im2col, Z_loop)}, "
      f"im2col = dense: {np.allclose(Z_im2col, Z_dense)}")
assert np.allclose(Z_im2col, Z_loop) and np.allclose(Z_im2col, Z_dense)
print(f"the dense matrix M: {M.shape[0]} × {M.shape[1]} = {M.size} entries, {np.count_nonzero(M)} non-zero, "
      f"but only {W.size} free numbers (each used {np.count_nonzero(M) // W.size} times)")

# %% [markdown]
# Here is $M$ for one 3×3 kernel on a 6×6 single-channel image: each column is an output unit
# (16 of them, a 4×4 map), each row an input pixel. A unit is connected to 9 of the 36 pixels,
# and the 9 weights repeat from column to column, shifted down: the kernel is tied along
# diagonals of $M$.

# %%
# NBVAL_IGNORE_OUTPUT
kernel = KERNELS["vertical edges (Sobel x)"]
M_small = conv_as_dense(kernel[np.newaxis, np.newaxis], (1, 6, 6))
fig, ax = subplots(1, 1, size=(4.6, 6.0))
image = ax.imshow(M_small, cmap="RdBu_r", vmin=-2, vmax=2, aspect="auto")
ax.set_xlabel("output unit (i, j), row by row")
ax.set_ylabel("input pixel, row by row")
ax.set_title("A convolution as a dense matrix (Sobel x)")
ax.grid(False)
fig.colorbar(image, ax=ax, label="weight")
plt.show()

# %% [markdown]
# ## 2. Translation equivariance
#
# Because every window is read by the same kernel, moving the content of the image moves the
# feature map by the same amount: $\mathrm{conv}(\mathrm{shift}(x)) = \mathrm{shift}(\mathrm{conv}(x))$.
# Take a digit on a 12×12 canvas (so nothing falls off the edge) and shift it by one row and two
# columns. A dense layer with its own weight for every (pixel, unit) pair has no such property:
# the same test on a dense layer of the same shape with untied random weights fails.

# %%
X, y = datasets.digits()
canvas = np.zeros((1, 1, 12, 12))
canvas[0, 0, 2:10, 2:10] = X[0].reshape(8, 8)
filters = np.stack([KERNELS[name] for name in KERNELS])[:, np.newaxis]  # the 4 hand-made kernels
maps = dl.conv2d(canvas, filters).value
maps_of_shifted = dl.conv2d(shift(canvas, 1, 2), filters).value
print(f"conv(shift(x)) vs shift(conv(x)): largest difference {np.abs(maps_of_shifted - shift(maps, 1, 2)).max():.1e}")
assert np.allclose(maps_of_shifted, shift(maps, 1, 2))

M_untied = rng.normal(size=(144, 400))  # the same shape as the 4-filter layer's matrix, weights untied
dense_maps = (canvas.reshape(1, -1) @ M_untied).reshape(1, 4, 10, 10)
dense_of_shifted = (shift(canvas, 1, 2).reshape(1, -1) @ M_untied).reshape(1, 4, 10, 10)
gap = np.abs(dense_of_shifted - shift(dense_maps, 1, 2)).max()
print(f"the same test on an untied dense layer: largest difference {gap:.1f}")
assert gap > 1

# %%
# NBVAL_IGNORE_OUTPUT
fig, axes = subplots(1, 4, size=(2.6, 2.6))
panels = [(canvas[0, 0], "a 0 on a 12×12 canvas", "gray_r"), (shift(canvas, 1, 2)[0, 0], "shifted (1, 2)", "gray_r"),
          (maps[0, 0], "its vertical-edge map", "RdBu_r"), (maps_of_shifted[0, 0], "map of the shifted 0", "RdBu_r")]
for ax, (picture, title, cmap) in zip(axes, panels):
    limit = np.abs(picture).max()
    shown = ax.imshow(picture, cmap=cmap, vmin=-limit if cmap == "RdBu_r" else 0, vmax=limit)
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    fig.colorbar(shown, ax=ax, shrink=0.7)
plt.show()

# %% [markdown]
# (The pooling that follows a convolution in LeNet turns this equivariance into a little
# *invariance*: the maximum over a 2×2 window does not change when its content moves within it.)
#
# ## 3. A kernel is learned, not designed
#
# Image processing designed its kernels by hand; a CNN learns them. Give gradient descent 50
# random (noise) images and what the Sobel edge detector makes of them, and ask it for the 3×3 kernel
# $w$ that minimises $J(w) = \mathrm{mean}\,(\mathrm{conv}(x, w) - \mathrm{target})^2$, starting
# from small random numbers. Back-propagation through `dl.conv2d` does the rest.

# %%
images = rng.normal(size=(50, 8, 8))
sobel = KERNELS["vertical edges (Sobel x)"]
targets = dl.conv2d(images[:, np.newaxis], sobel[np.newaxis, np.newaxis]).value[:, 0]
learned, losses = learn_kernel(images, targets, lr=0.2, steps=150, seed=0)
print("learned kernel:\n", np.round(learned, 2) + 0.0)  # + 0.0 turns -0.0 into 0.0
print(f"largest difference from Sobel x: {np.abs(learned - sobel).max():.3f}; loss {losses[0]:.2f} → {losses[-1]:.4f}")
assert np.abs(learned - sobel).max() < 0.01

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax_loss, ax_true, ax_learned) = subplots(1, 3, size=(3.3, 3.0))
ax_loss.semilogy(losses, color=COLORS[0])
ax_loss.set_xlabel("gradient step")
ax_loss.set_ylabel("mean squared error")
ax_loss.set_title("Learning the kernel")
for ax, k, title in ((ax_true, sobel, "Sobel x (the target)"), (ax_learned, learned, "learned")):
    shown = ax.imshow(k, cmap="RdBu_r", vmin=-2, vmax=2)
    for (i, j), value in np.ndenumerate(k):
        ax.text(j, i, f"{value + 0.0:.2f}", ha="center", va="center", fontsize=9)
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
fig.colorbar(shown, ax=[ax_true, ax_learned], shrink=0.8, label="weight")
plt.show()

# %% [markdown]
# ## 4. A small CNN on the digits
#
# LeNet alternates convolutions with subsampling, then classifies with dense layers. At the
# scale of 8×8 digits one round suffices: $c$ filters of 3×3 (padding 1, so the maps stay 8×8),
# ReLU, 2×2 max-pooling to $c$ maps of 4×4, then a linear layer to the 10 logits. Against it, the MLP
# of notebook 09's kind with one hidden layer of `num_hiddens` units.
#
# Each network has settings to choose: its size ($c$ or `num_hiddens`), the learning rate `lr` and
# the number of epochs. A setting chosen because it scores best on some images makes the score on
# those images optimistic, so, as in notebook 09, the digits are split three ways (stratified and
# seeded, with `dl.datasets.train_test_split` twice): a *training set* to fit the weights, a
# *validation set* to compare the settings and choose, and a *test set* looked at once, for the
# two chosen networks only.

# %%
X_rest, X_test, y_rest, y_test = datasets.train_test_split(X, y, test_size=0.2, seed=0)
X_train, X_val, y_train, y_val = datasets.train_test_split(X_rest, y_rest, test_size=0.2, seed=0)
print(f"training set {X_train.shape}, validation set {X_val.shape}, test set {X_test.shape}")
assert len(X_train) + len(X_val) + len(X_test) == len(X)

# %% [markdown]
# Both families get the same search: three sizes, two learning rates, 20 epochs of minibatch SGD
# (batch 32), the validation accuracy recorded after every epoch. `dlnotes.selection.sweep` trains
# one network per setting; `choose` takes the setting and the number of epochs with the highest
# validation accuracy (on a tie, the smaller network, then the fewer epochs). Stopping at the best
# epoch on validation is *early stopping*: it too is a choice, made on the validation set.

# %%
sizes, lrs = {"MLP": (25, 50, 100), "CNN": (4, 8, 16)}, (0.2, 0.5)
build = {"MLP": lambda num_hiddens: dl.MLP([64, num_hiddens, 10], seed=0),
         "CNN": lambda channels: DigitsCNN(channels=channels, seed=0)}
option = {"MLP": "num_hiddens", "CNN": "channels"}
trials = {"MLP": sweep(build["MLP"], [{"num_hiddens": n, "lr": lr} for n in sizes["MLP"] for lr in lrs],
                       X_train, y_train, X_val, y_val, epochs=20)}

# %%
trials["CNN"] = sweep(build["CNN"], [{"channels": c, "lr": lr} for c in sizes["CNN"] for lr in lrs],
                      X_train, y_train, X_val, y_val, epochs=20)
chosen = {}
for family in ("MLP", "CNN"):
    print(f"{family}: {option[family]:>11s}  parameters    lr   best validation accuracy (epoch)")
    for trial in trials[family]:
        n = trial.setting[option[family]]
        print(f"{n:16d}  {count_parameters(build[family](n)):10d}  {trial.setting['lr']:4.1f}   "
              f"{trial.best_accuracy:.3f} ({trial.best_epochs})")
    chosen[family] = choose(trials[family])
    best, epochs = chosen[family]
    print(f"  chosen on validation: {option[family]} = {best.setting[option[family]]}, lr = {best.setting['lr']}, "
          f"{epochs} epochs\n")
assert all(trial.history is not None for family in trials for trial in trials[family])

# %% [markdown]
# The differences are small: one validation image is 1/288 = 0.0035 of accuracy, and most settings
# lie within a few images of each other. The figure shows the sweep as the claim is stated:
# accuracy against the number of parameters (the best epoch of each run; circled, the chosen one).

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(1, 1, size=(5.6, 3.6))
for k, (family, marker) in enumerate((("MLP", "o"), ("CNN", "s"))):
    for j, lr in enumerate(lrs):
        runs = [trial for trial in trials[family] if trial.setting["lr"] == lr]
        ax.plot([count_parameters(build[family](t.setting[option[family]])) for t in runs],
                [t.best_accuracy for t in runs], marker=marker, linestyle="-" if j == 0 else "--",
                color=COLORS[k], label=f"{family}, lr = {lr}")
    best, _ = chosen[family]
    ax.plot(count_parameters(build[family](best.setting[option[family]])), best.best_accuracy, "o",
            markersize=14, markerfacecolor="none", markeredgecolor="black")
ax.set_xscale("log")
ax.set_xticks([500, 1000, 2000, 4000, 8000], ["500", "1,000", "2,000", "4,000", "8,000"])
ax.minorticks_off()
ax.set_xlabel("number of parameters (log scale)")
ax.set_ylabel("best validation accuracy")
ax.set_title("The sweep, on the validation set (circled: chosen)")
ax.legend(fontsize=9, loc="lower right")
plt.show()

# %% [markdown]
# Everything is chosen. Now, and only now, the test set: each chosen network is retrained for its
# chosen number of epochs (the same seeded run as in the sweep, stopped there) and tested once.

# %%
models = {}
for family in ("MLP", "CNN"):
    best, epochs = chosen[family]
    models[family], _ = fit(build[family], best.setting, X_train, y_train, epochs=epochs)
    assert dl.accuracy(models[family], X_val, y_val) == best.best_accuracy  # the sweep's run, stopped there
mlp, cnn = models["MLP"], models["CNN"]
mlp_accuracy, cnn_accuracy = dl.accuracy(mlp, X_test, y_test), dl.accuracy(cnn, X_test, y_test)
print(f"MLP 64-{chosen['MLP'][0].setting['num_hiddens']}-10: {count_parameters(mlp)} parameters, "
      f"test accuracy {mlp_accuracy:.3f}")
print(f"CNN conv({chosen['CNN'][0].setting['channels']} × 3×3)-pool-linear: {count_parameters(cnn)} parameters, "
      f"test accuracy {cnn_accuracy:.3f}")
print(f"the CNN has {count_parameters(cnn) / count_parameters(mlp):.0%} of the MLP's parameters")
assert cnn_accuracy >= mlp_accuracy - 0.01 and count_parameters(cnn) < count_parameters(mlp)
assert round((mlp_accuracy - cnn_accuracy) * len(y_test)) == 2  # the text below: "two of the 360 test images"

# %% [markdown]
# The claim holds, in a weaker form than a quick look suggests. On the test set the CNN comes within
# 0.01 of the MLP (0.005 below it: two of the 360 test images) with 73 % of its parameters. Two
# things shrank the CNN's advantage once the choices were made on validation. The MLP's width was
# chosen too: 50 hidden units do as well as 100 on validation, and against a 100-unit MLP (7,510
# parameters) the CNN would have looked as if it needed only a third of the parameters. And the
# validation set, 288 images, separates settings only by a few images: the CNN's best epoch, 6, is
# partly luck of the draw, and its test accuracy is 0.015 below its validation accuracy (0.979),
# the optimism that choosing among 120 candidates (6 settings × 20 epochs) on one set brings. What
# the test set says with confidence is that a one-layer CNN does as well as the best MLP tried,
# with fewer parameters; not that it does better.

# %% [markdown]
# Of the chosen CNN's 2,730 parameters, only 160 are in the convolution (16 kernels of 9 weights and
# 16 biases); the rest are in the classifier. Here are 8 of the 16 learned kernels and what each makes
# of a validation digit: several are edge or stroke detectors that nobody designed.

# %%
# NBVAL_IGNORE_OUTPUT
assert count_parameters(cnn) == 2730 and count_parameters(cnn.features) == 160
feature_maps = cnn.feature_maps(X_val[:1])[0]
kernels = cnn.features[0].W.value[:, 0]
fig, axes = subplots(2, 9, size=(1.45, 1.6))
axes[0, 0].imshow(X_val[0].reshape(8, 8), cmap="gray_r")
axes[0, 0].set_title(f"digit {y_val[0]}", fontsize=10)
axes[1, 0].set_visible(False)
limit = np.abs(kernels).max()
for f in range(8):
    shown_w = axes[0, f + 1].imshow(kernels[f], cmap="RdBu_r", vmin=-limit, vmax=limit)
    axes[0, f + 1].set_title(f"kernel {f}", fontsize=10)
    shown_z = axes[1, f + 1].imshow(feature_maps[f], cmap="magma", vmin=0, vmax=feature_maps.max())
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
fig.colorbar(shown_w, ax=axes[0, :], shrink=0.8, label="weight")
fig.colorbar(shown_z, ax=axes[1, :], shrink=0.8, label="ReLU output")
plt.show()

# %% [markdown]
# ## Play with it
#
# Choose a digit and a kernel: the hand-made edge detectors, a blur, or one of the kernels the
# CNN learned. The feature map (padding 1, so it keeps the digit's 8×8 size) is red where the
# kernel's pattern is present and blue where its opposite is.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.convnets import feature_map_widget

choices = {**KERNELS, **{f"learned kernel {f}": kernels[f] for f in range(len(kernels))}}
feature_map_widget(X_val[:20].reshape(-1, 8, 8), y_val[:20], choices)

# %% [markdown]
# ## Summary
#
# - A convolution layer is a dense layer whose matrix is mostly zeros (each unit sees a $k \times k$
#   window) with the remaining weights tied along diagonals (every window uses the same kernel).
#   im2col, the loop over units and the tied dense matrix give the same feature maps.
# - Weight sharing makes the layer translation-equivariant: conv(shift(x)) = shift(conv(x)); an
#   untied dense layer is not.
# - Kernels are learned by back-propagation: from examples, gradient descent recovers the Sobel
#   edge detector to two decimals.
# - Settings are chosen on a validation set, and the test set is used once: sizes, learning rates
#   and the number of epochs (early stopping) were all compared on 288 validation digits.
# - On the 8×8 digits, the chosen one-layer CNN (16 channels, 2,730 parameters) reaches test accuracy
#   0.964 against 0.969 for the chosen MLP (50 hidden units, 3,760 parameters): a match within two
#   test images with 73 % of the parameters, not a win. The prior knowledge built into the layer
#   replaces some parameters; at this tiny scale, not most of them.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb16, show_solution

# %% [markdown]
# ### Exercise 1: one feature map, by hand
#
# Write `cross_correlate(x, w)`: the feature map $Z_{i,j} = \sum_{u,v} x_{i+u,\,j+v}\, w_{u,v}$ of one image `x`
# (H, W) and one kernel `w` (k, l), no padding, so $Z$ has shape (H − k + 1, W − l + 1).

# %%
def cross_correlate(x, w):
    raise NotImplementedError  # your code here


nb16.CROSS_CORRELATE.check(cross_correlate)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def cross_correlate(x, w):
#     k, l = w.shape
#     Z = np.zeros((x.shape[0] - k + 1, x.shape[1] - l + 1))
#     for i in range(Z.shape[0]):
#         for j in range(Z.shape[1]):
#             Z[i, j] = np.sum(x[i:i + k, j:j + l] * w)  # the window under the kernel, dotted with it
#     return Z
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: the size of a feature map
#
# Write `output_size(size, kernel, stride, padding)`: how many positions a window of length `kernel`
# takes along an axis of length `size` zero-padded by `padding` on each side, moving `stride` at a time.
# (The digits CNN: 8, 3, 1, 1 gives 8.)

# %%
def output_size(size, kernel, stride, padding):
    raise NotImplementedError  # your code here


nb16.OUTPUT_SIZE.check(output_size)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def output_size(size, kernel, stride, padding):
#     return (size + 2 * padding - kernel) // stride + 1  # the number of places the window fits
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: the parameters of a convolution layer
#
# Write `conv_parameters(in_channels, out_channels, k)`: the number of trainable numbers in a $k \times k$
# convolution layer with biases. (The CNN above: 1, 16, 3 gives 160.)

# %%
def conv_parameters(in_channels, out_channels, k):
    raise NotImplementedError  # your code here


nb16.CONV_PARAMETERS.check(conv_parameters)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def conv_parameters(in_channels, out_channels, k):
#     return out_channels * (in_channels * k * k + 1)  # each filter: a k×k kernel per input channel, one bias
# ```
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. The CNN's feature maps are translation-equivariant, yet its output, a class, should be
#    *invariant*: a 3 shifted by a pixel is still a 3. Which parts of the network provide the
#    invariance, and how much of it?
#
# <details><summary>Answer</summary>
#
# The max-pooling and the final dense layer. A 2×2 max-pool does not change when a feature moves
# within its window, so it gives invariance to shifts smaller than the pool, but not to larger
# ones; the dense classifier on top has its own weight for each pooled position and is not
# invariant at all. LeNet stacks several convolution–subsampling rounds so that, at the top, each
# unit summarises a large part of the image and small shifts hardly matter; training on shifted
# copies (data augmentation) teaches the rest.
#
# </details>
#
# 5. The dense matrix $M$ of section 1 and the convolution compute the same function. Why then does
#    the convolution generalize better when both are trained from data?
#
# <details><summary>Answer</summary>
#
# They compute the same function only when $M$ has the convolution's structure. Trained freely,
# a dense layer can use any of its $C H W \cdot F H_o W_o$ weights, and it must learn a stroke
# separately at every position where it occurs in the training set. The convolution can only
# represent the structured matrices: with $F C k^2$ numbers, whatever it learns about a stroke at
# one position applies at every position. Fewer parameters to estimate from the same data, and a
# hypothesis space that contains the right kind of function: the prior is correct for images.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("16_convolutional_networks", nb16.EXERCISES)

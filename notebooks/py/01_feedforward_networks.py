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
# # 1. Feedforward networks: function approximators built from layers
#
# A deep feedforward network, or multilayer perceptron (MLP), approximates some
# function $f^*$. For a classifier, $y = f^*(\boldsymbol{x})$ maps an input to a
# category; the network defines a mapping $\boldsymbol{y} = f(\boldsymbol{x}; \boldsymbol{\theta})$
# and learns the parameters $\boldsymbol{\theta}$ that give the best approximation.
# Information flows one way, from $\boldsymbol{x}$ through the intermediate
# computations to the output: there are no feedback connections.
#
# ## What you will learn
#
# - An MLP is a *composition* of layers, $f(\boldsymbol{x}) = f^{(3)}(f^{(2)}(f^{(1)}(\boldsymbol{x})))$,
#   and each layer is a linear map followed by an activation, $\boldsymbol{h} = g(\boldsymbol{x}\boldsymbol{W} + \boldsymbol{b})$.
# - Why the activation is needed: linear maps compose into one linear map, and they let no
#   two input variables interact, so no stack of them computes XOR.
# - Each hidden unit is a *covector*, a linear functional: its dot product with the input
#   measures how much the input looks like its weight vector, a feature detector.
# - The two kinds of weight: those before the activation ($\boldsymbol{w}_j, b_j$) decide
#   *where* a unit responds, the one after it ($v_j$) *how much* that response counts.
# - The output layer returns logits: the least, structureless data from which the
#   probabilities are derived.
# - A one-hidden-layer MLP fits a 1-D function as a sum of scaled, shifted copies of its
#   activation; how width, activation, the random start and gradient descent shape the fit,
#   watched step by step.
#
# ## What you need
#
# This is the first notebook of the series: basic numpy (arrays, `@`, broadcasting)
# is enough. The package `dlnotes` does the computing; we check it by hand.
#
# **Notation, for the whole series.** Vectors are *rows*: an example is a row
# $\boldsymbol{x}$ of length $d$, a batch $\boldsymbol{X}$ stacks $N$ of them as an
# $N \times d$ matrix, and a layer with $k$ units has a weight matrix $\boldsymbol{W}$ of
# shape $d \times k$ (column $j$ is unit $j$'s weight vector $\boldsymbol{w}_j$) and a bias
# row $\boldsymbol{b}$ of length $k$. A layer computes
#
# $$\boldsymbol{h} = g(\boldsymbol{x}\boldsymbol{W} + \boldsymbol{b}), \qquad \boldsymbol{H} = g(\boldsymbol{X}\boldsymbol{W} + \boldsymbol{b})$$
#
# for one example or a batch (the bias is added to every row), exactly as `dlnotes` and
# numpy's `X @ W + b` do.

# %%
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

import dlnotes
from dlnotes.approximation import (WIDTHS, fit_sine, relu_slope, sine, sine_data,
                                   unit_contributions)
from dlnotes.linear_maps import best_affine_fit, compose_affine
from dlnotes.plots import COLORS, STYLE, loss_curve, scatter_classes, subplots
from dlnotes.widgets.approximation import unit_colors

# %% [markdown]
# ## The idea: a chain of layers
#
# Feedforward networks are called *networks* because they are composed of many
# functions. With three of them connected in a chain,
#
# $$f(\boldsymbol{x}) = f^{(3)}\!\left(f^{(2)}\!\left(f^{(1)}(\boldsymbol{x})\right)\right),$$
#
# $f^{(1)}$ is the first layer, $f^{(2)}$ the second, and the last one is the
# output layer. The length of the chain is the *depth* of the model. Each hidden
# layer is an affine map followed by a fixed, elementwise nonlinearity $g$ (the
# *activation*), $\boldsymbol{h} = g(\boldsymbol{x}\boldsymbol{W} + \boldsymbol{b})$.
# The output layer is the affine map alone: its values are the *logits* (or, for
# regression, the prediction itself).
#
# `dlnotes.MLP(sizes)` builds such a chain: `sizes = [2, 8, 8, 2]` means 2 inputs, two
# hidden layers of 8 units, 2 outputs. `model.forward(X)` returns every layer's
# output, so we can rebuild the composition by hand with numpy and compare.

# %%
rng = np.random.default_rng(0)
X = rng.normal(size=(5, 2))
model = dlnotes.MLP([2, 8, 8, 2], activation="relu", seed=0)
outputs = model.forward(X)  # [h1, h2, logits], each a Node

# The same composition, written out: f1, f2 are affine + ReLU, f3 is affine.
(W1, b1), (W2, b2), (W3, b3) = [(layer.W.value, layer.b.value) for layer in model.layers]
relu = lambda z: np.maximum(0.0, z)
h1 = relu(X @ W1 + b1)
h2 = relu(h1 @ W2 + b2)
logits = h2 @ W3 + b3

for by_hand, node in zip([h1, h2, logits], outputs):
    assert np.allclose(by_hand, node.value, rtol=1e-12, atol=1e-12)
assert np.allclose(model(X).value, relu(relu(X @ W1 + b1) @ W2 + b2) @ W3 + b3)
print("layer shapes:", [node.shape for node in outputs])
print("f(x) for the first example:", np.array2string(logits[0], precision=4))
print("the package's forward pass equals f3(f2(f1(x))) written in numpy")

# %% [markdown]
# ## Without the activation, the chain collapses
#
# Remove $g$ and the chain is affine maps all the way: $(\boldsymbol{x}\boldsymbol{W}_1 + \boldsymbol{b}_1)\boldsymbol{W}_2 + \boldsymbol{b}_2
# = \boldsymbol{x}(\boldsymbol{W}_1\boldsymbol{W}_2) + (\boldsymbol{b}_1\boldsymbol{W}_2 + \boldsymbol{b}_2)$,
# one affine map again, and so on for any depth. `dlnotes.linear_maps.compose_affine`
# multiplies the chain out into one $\boldsymbol{x}\boldsymbol{A} + \boldsymbol{d}$; the
# three layers above, with their ReLUs removed, are exactly that one map:

# %%
linear_chain = (X @ W1 + b1) @ W2 + b2  # no activation between the layers...
linear_chain = linear_chain @ W3 + b3
A, d = compose_affine([(W1, b1), (W2, b2), (W3, b3)])  # ...is one affine map x A + d
gap = np.abs(X @ A + d - linear_chain).max()
assert A.shape == (2, 2) and gap < 1e-12
assert np.allclose(A, W1 @ W2 @ W3) and np.allclose(d, (b1 @ W2 + b2) @ W3 + b3)
print("three linear layers (2→8→8→2) = one 2×2 matrix A and bias d; largest difference "
      "below 1e-12, A =", np.array2string(A, precision=3))

# %% [markdown]
# So depth buys nothing without the nonlinearity. Worse, an affine map lets no two input
# variables *interact*: in $f(\boldsymbol{x}) = x_1 a_1 + x_2 a_2 + d$, moving $x_1$ by
# $\Delta$ changes $f$ by $a_1\Delta$ whatever $x_2$ is. XOR needs exactly the opposite.
# On the corners $x_1, x_2 \in \{-1, +1\}$, the class is 1 when the signs differ:
#
# $$y = \tfrac12\,(1 - x_1 x_2),$$
#
# and the *product* $x_1 x_2$ is the interaction: whether raising $x_1$ makes class 1 more
# or less likely depends on the sign of $x_2$. The best affine fit to the four corners
# (least squares, `best_affine_fit`) is the constant $\tfrac12$: it learns nothing. Give
# it the product as a third input and it fits XOR exactly.

# %%
corners = np.array([[-1.0, 1.0], [1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])
labels = (corners[:, 0] * corners[:, 1] < 0).astype(int)
assert np.array_equal(labels, (1 - corners[:, 0] * corners[:, 1]) / 2)

w, c = best_affine_fit(corners, labels)
print(f"best affine fit on (x1, x2):        w = {np.round(w, 6) + 0.0}, c = {c:.3f}")
assert np.allclose(w, 0.0) and np.isclose(c, 0.5)  # every corner gets 0.5: no information

with_product = np.column_stack([corners, corners[:, 0] * corners[:, 1]])
w3, c3 = best_affine_fit(with_product, labels)
print(f"best affine fit on (x1, x2, x1·x2): w = {np.round(w3, 6) + 0.0}, c = {c3:.3f}")
assert np.allclose(with_product @ w3 + c3, labels)  # exact: y = (1 - x1 x2) / 2

# A stack of linear layers is affine, so none does better than the constant 1/2, whose
# mean squared error is 1/4. Try 1000 random 2→8→8→1 linear stacks:
chain_rng = np.random.default_rng(1)
best_chain = np.inf
for _ in range(1000):
    layers = [(chain_rng.normal(size=(m, k)), chain_rng.normal(size=k))
              for m, k in [(2, 8), (8, 8), (8, 1)]]
    A_chain, d_chain = compose_affine(layers)
    best_chain = min(best_chain, np.mean((corners @ A_chain + d_chain - labels[:, None]) ** 2))
assert best_chain >= 0.25
print(f"lowest MSE of 1000 random linear stacks on the XOR corners: {best_chain:.3f} "
      "(the constant 1/2 has 0.250)")

# %% [markdown]
# A hidden layer with a nonlinearity produces such interactions itself: as we will see,
# four ReLU units and a linear output solve XOR.
#
# ## Each unit is a covector: a dot product that detects a feature
#
# Look at one hidden unit $j$ of the first layer. It takes column $j$ of
# $\boldsymbol{W}$, its weight vector $\boldsymbol{w}_j$, and computes the
# *pre-activation* $z_j$ and its activation $h_j$:
#
# $$z_j = \boldsymbol{x} \cdot \boldsymbol{w}_j + b_j, \qquad h_j = g(z_j).$$
#
# The map $\boldsymbol{x} \mapsto \boldsymbol{x}\cdot\boldsymbol{w}_j$ is a *covector*
# (a linear functional): a linear machine that eats a vector and returns a number. A
# vector is a point or an arrow *in* input space; a covector *measures* vectors. You see
# the difference when you change units: measure $\boldsymbol{x}$ in centimetres instead
# of metres and its coordinates grow 100-fold, while the coordinates of a covector that
# must still give the same number shrink 100-fold. Drawn in the plane, a covector is not
# an arrow but a family of parallel lines, its level sets $\boldsymbol{x}\cdot\boldsymbol{w}_j = \text{const}$.
#
# Why a feature detector? $\boldsymbol{x}\cdot\boldsymbol{w}_j = \|\boldsymbol{x}\|\,\|\boldsymbol{w}_j\|\cos\theta$:
# among inputs of the same length, the dot product is largest for the one pointing the
# way $\boldsymbol{w}_j$ points ($\theta = 0$), zero for those at right angles, negative
# for those pointing away. It is a similarity score between the input and the pattern
# $\boldsymbol{w}_j$. The bias shifts the threshold: the pre-activation $z_j$ is zero on
# the line (in 2-D) $\boldsymbol{x}\cdot\boldsymbol{w}_j = -b_j$, positive on the side
# $\boldsymbol{w}_j$ points to. A ReLU unit therefore fires on one half-plane and is
# silent on the other: it *detects* the feature "how far into my half-plane is this
# point". The next layer combines these detections.

# %%
w_j, b_j = np.array([1.2, -0.5]), 0.3
angles = np.deg2rad(np.arange(360))
directions = np.column_stack([np.cos(angles), np.sin(angles)])  # unit-length inputs
scores = directions @ w_j
best = np.rad2deg(angles[scores.argmax()])
assert abs(best - np.rad2deg(np.arctan2(w_j[1], w_j[0])) % 360) <= 0.5  # most similar: along w_j
assert np.allclose(scores, np.linalg.norm(w_j) * np.cos(angles - np.arctan2(w_j[1], w_j[0])))
# The pre-activation is zero on the line x·w = -b, positive on the side w points to.
on_line = -b_j * w_j / (w_j @ w_j)
assert np.isclose(on_line @ w_j + b_j, 0.0) and (on_line + 0.1 * w_j) @ w_j + b_j > 0
# Change units (metres to centimetres): the input's coordinates grow 100-fold, the
# covector's shrink 100-fold, and the number it measures is the same.
x_m = np.array([0.3, -0.8])
assert np.isclose((100 * x_m) @ (w_j / 100), x_m @ w_j)
print(f"x·w in metres: {x_m @ w_j:.3f}; in centimetres, (100x)·(w/100): {(100 * x_m) @ (w_j / 100):.3f}")
print(f"of 360 unit-length inputs, x·w is largest at {best:.0f}°, the direction of w "
      f"({np.rad2deg(np.arctan2(w_j[1], w_j[0])) % 360:.1f}°), with value ‖w‖ = {scores.max():.3f}")

# %% [markdown]
# XOR is the classic problem no single linear unit can solve. An MLP with four
# hidden ReLU units solves it; we train one and then draw what each unit detects.

# %%
X_xor, y_xor = dlnotes.datasets.xor(n=200, noise=0.15, seed=0)
xor_model = dlnotes.MLP([2, 4, 2], activation="relu", seed=0)
xor_history = dlnotes.train(xor_model, X_xor, y_xor, lr=0.1, epochs=60, batch_size=16,
                            progress=False)
xor_accuracy = dlnotes.accuracy(xor_model, X_xor, y_xor)

# Unit j's output is the dot product of x with column j of W, shifted and rectified.
W_xor, b_xor = xor_model.layers[0].W.value, xor_model.layers[0].b.value
H_xor = xor_model.forward(X_xor)[0].value
for j in range(W_xor.shape[1]):
    assert np.allclose(H_xor[:, j], np.maximum(0.0, X_xor @ W_xor[:, j] + b_xor[j]))
assert xor_accuracy >= 0.95
print(f"final training loss {xor_history.epoch_loss[-1]:.4f}, accuracy {xor_accuracy:.4f}")
for j in range(W_xor.shape[1]):
    print(f"unit {j}: w = ({W_xor[0, j]:+.2f}, {W_xor[1, j]:+.2f}), b = {b_xor[j]:+.2f}")

# %% [markdown]
# What does each unit respond to? Evaluate the hidden layer at the four corners of the
# XOR square, the centres of the four clusters.

# %%
H_corners = xor_model.forward(corners)[0].value
print("corner    label    h0     h1     h2     h3   predicted")
for x, h, label, pred in zip(corners, H_corners, labels, xor_model.predict(corners)):
    print(f"({x[0]:+.0f}, {x[1]:+.0f})    {label}   " + "  ".join(f"{v:5.2f}" for v in h)
          + f"      {pred}")
assert np.array_equal(xor_model.predict(corners), labels)
# Each unit fires most on one corner: units 0 and 3 on the two class-0 corners,
# units 1 and 2 both on the class-1 corner (-1, +1).
assert list(H_corners.argmax(axis=0)) == [2, 0, 0, 1]
# At (+1, -1) every unit is silent: the logits are the output bias alone, and it says 1.
assert np.all(H_corners[3] == 0)
assert np.allclose(xor_model(corners[3:]).value[0], xor_model.layers[1].b.value)

# %% [markdown]
# Each arrow below is a weight vector $\boldsymbol{w}_j$ (scaled to the same length),
# drawn from a point of unit $j$'s line $z_j = \boldsymbol{x}\cdot\boldsymbol{w}_j + b_j = 0$.
# The unit is silent on the tail side of its line and fires, more and more, on the side
# the arrow points to. Units 1 and 2 have nearly the same line (they detect the same
# corner), so their lines are drawn dashed and dotted and their arrows start at different
# points of it. The small panels show each unit's output $h_j$ over the plane, on one
# colour scale.

# %%
# NBVAL_IGNORE_OUTPUT
with mpl.rc_context(STYLE):  # the collection's style, for a figure subplots() cannot lay out
    fig = plt.figure(figsize=(12, 5.8), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[1.35, 1])
    ax = left.subplots()
    heat_axes = right.subplots(2, 2, sharex=True, sharey=True)
grid = np.linspace(-2, 2, 120)
gx, gy = np.meshgrid(grid, grid)
plane = np.column_stack([gx.ravel(), gy.ravel()])
H_plane = xor_model.forward(plane)[0].value

scatter_classes(ax, X_xor, y_xor, alpha=0.6)
styles = ["-", "--", ":", "-."]
unit_color = [COLORS[2], COLORS[3], COLORS[5], COLORS[7]]
tails = [1.1, -0.9, 0.9, 1.1]  # where along its line each arrow starts: apart, not overlapping
for j in range(W_xor.shape[1]):
    w, b = W_xor[:, j], b_xor[j]
    foot = -b * w / (w @ w)  # the point of the line x·w + b = 0 closest to the origin
    along = np.array([-w[1], w[0]]) / np.linalg.norm(w)
    ends = np.array([foot - 4 * along, foot + 4 * along])
    ax.plot(ends[:, 0], ends[:, 1], styles[j], color=unit_color[j], linewidth=2.2,
            label=f"unit {j}: $z_{j} = 0$")
    tail = foot + tails[j] * along
    ax.annotate("", xy=tail + 0.75 * w / np.linalg.norm(w), xytext=tail,
                arrowprops=dict(arrowstyle="-|>,head_width=0.4,head_length=0.8",
                                color=unit_color[j], linewidth=2.5))
ax.set_xlim(-2, 2)
ax.set_ylim(-2, 2)
ax.set_aspect("equal")
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.set_title("XOR and the 4 hidden units: lines $z_j = 0$, arrows $w_j$")
ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0), handlelength=2.5)
vmax = H_plane.max()
for j, ax_h in enumerate(heat_axes.ravel()):
    image = ax_h.imshow(H_plane[:, j].reshape(gx.shape), origin="lower", extent=(-2, 2, -2, 2),
                        cmap="viridis", vmin=0, vmax=vmax)
    ax_h.set_title(f"unit {j}: $h_{j} = \\mathrm{{relu}}(z_{j})$", fontsize=10)
    ax_h.grid(False)
for ax_h in heat_axes[1]:
    ax_h.set_xlabel("$x_1$")
for ax_h in heat_axes[:, 0]:
    ax_h.set_ylabel("$x_2$")
right.colorbar(image, ax=heat_axes, shrink=0.8, label="unit output $h_j$")
plt.show()

# %% [markdown]
# Units 0 and 3 each detect one corner of class 0; units 1 and 2 both detect the same
# class-1 corner (a redundancy gradient descent does not mind). No unit detects the
# corner $(+1, -1)$: there every unit is silent, and the output bias alone says
# "class 1". No single line separates XOR, but a weighted sum of half-plane detectors
# does: the hidden layer has made the interaction that no linear map can.
#
# ## The output: logits, the least structureless data
#
# The output layer is affine, so its outputs, the *logits*, are plain real numbers: no
# sign, no sum, no range is imposed on them. That is the point. A distribution over two
# classes has structure (two probabilities, positive, summing to 1); the network should
# output *the smallest amount of structureless data from which that structure can be
# derived*, and leave the structure to a fixed function: the softmax turns logits into
# probabilities, the argmax into a class. Even two logits are one more number than
# needed: adding the same constant to both changes nothing, and the probability of class
# 1 is $\sigma(z_1 - z_0)$, a function of one number, the difference. (Notebook 02 is about
# these output units.)

# %%
z = xor_model(corners).value  # the logits: 4 corners × 2 classes, any real numbers
p = dlnotes.softmax(z).value
assert np.allclose(p.sum(axis=1), 1.0) and np.all(p > 0)
assert np.array_equal(p.argmax(axis=1), xor_model.predict(corners))
assert np.allclose(dlnotes.softmax(z + 7.5).value, p)  # a shift of both logits: no change
assert np.allclose(p[:, 1], dlnotes.sigmoid(z[:, 1] - z[:, 0]).value)  # one number suffices
print("logits z:\n", np.round(z, 2))
print("p(class 1) = σ(z1 − z0):", np.round(p[:, 1], 3))

# %% [markdown]
# ## Fitting a function: one period of a sine
#
# Now let the MLP approximate a smooth function, $y = \sin(\pi x)$ on $[-1, 1]$
# (the classic $\sin$ on $[-\pi, \pi]$ with the input rescaled to order one, which
# keeps plain gradient descent stable). With one hidden layer of $n$ units and a
# linear output unit,
#
# $$f(x) = \sum_{j=1}^{n} v_j\, g(x\, w_j + b_j) + c,$$
#
# with $v_j$ the outgoing weight of unit $j$ and $c$ the output bias. We train it by
# minimising the mean squared error, the loss of a linear (Gaussian) output unit,
#
# $$J(\boldsymbol{\theta}) = \frac{1}{N}\sum_{i=1}^{N} \big(f(x_i; \boldsymbol{\theta}) - y_i\big)^2,$$
#
# with full-batch gradient descent (`batch_size = len(X)`), 1000 steps of size
# `lr = 0.1`. `dlnotes.train` accepts any `loss(y_hat, y)`: here `dlnotes.mse`.

# %%
X, y = sine_data()  # 64 points on [-1, 1], y = sin(pi x): dlnotes.datasets.one_dimensional
num_hiddens, lr, num_epochs = 16, 0.1, 1000
model = dlnotes.MLP([1, num_hiddens, 1], activation="relu", seed=0)
history = dlnotes.train(model, X, y, loss=dlnotes.mse, lr=lr, epochs=num_epochs,
                        batch_size=len(X), progress=False)
y_hat = model(X).value
fit_mse = float(dlnotes.mse(y_hat, y).value)

assert np.isclose(fit_mse, np.mean((y_hat - y) ** 2))  # the package's MSE, by hand
assert fit_mse < 0.005
# The package's cached fit_sine (used below and by the widgets) is this very recipe.
cached = fit_sine(num_hiddens, "relu")
assert all(np.array_equal(p.value, q.value)
           for p, q in zip(model.parameters(), cached.parameters()))
print(f"MSE at the start {history.step_loss[0]:.4f}, after {num_epochs} steps {fit_mse:.6f}")

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax_fit, ax_loss) = subplots(1, 2)
x_dense = np.linspace(-1, 1, 401)[:, None]
ax_fit.plot(x_dense, sine(x_dense), "--", color="0.5", label="target sin(πx)")
ax_fit.plot(X, y, "o", markersize=3, color=COLORS[0], label="training points")
ax_fit.plot(x_dense, model(x_dense).value, color=COLORS[5], linewidth=2,
            label=f"MLP, {num_hiddens} ReLU units")
ax_fit.set_xticks([-1, -0.5, 0, 0.5, 1])
ax_fit.set_xlabel("x")
ax_fit.set_ylabel("y")
ax_fit.set_title("the fit")
ax_fit.legend(fontsize=8)
loss_curve(ax_loss, history.step_loss, label="training MSE")
ax_loss.set_title("gradient descent on J(θ)")
plt.show()

# %% [markdown]
# ## Reading the fit unit by unit
#
# The fit is a sum over hidden units. For ReLU, unit $j$ contributes
# $v_j \max(0, x\,w_j + b_j)$: zero on one side of its *hinge* at $x = -b_j/w_j$ and a
# straight line of slope $v_j w_j$ on the other. Adding up $n$ hinged lines gives a
# piecewise-linear curve with up to $n$ kinks; gradient descent has placed the kinks
# where the sine bends. `dlnotes.approximation.unit_contributions` returns the terms
# $v_j\, h_j(x)$; we check them by hand and check that they add up to the fit.

# %%
C = unit_contributions(model, x_dense)  # (401, 16): column j is v_j * h_j(x)
W1, b1 = model.layers[0].W.value, model.layers[0].b.value
v, c = model.layers[1].W.value[:, 0], model.layers[1].b.value[0]
C_by_hand = np.maximum(0.0, x_dense @ W1 + b1) * v
assert np.allclose(C, C_by_hand)
assert np.allclose(C.sum(axis=1) + c, model(x_dense).value[:, 0])  # fit = Σ contributions + c

hinges = -b1 / W1[0]
inside = np.sort(hinges[np.abs(hinges) < 1])
print(f"output bias c = {c:.4f}")
print(f"{inside.size} of {num_hiddens} hinges lie inside [-1, 1], at x =",
      np.array2string(inside, precision=2))

# %% [markdown]
# Below, each unit has its own colour, running from blue to red in the order of its hinge
# along $x$ (a dot marks the hinges inside $[-1, 1]$); the units whose hinge lies outside
# the data are straight lines over all of it.

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax_units, ax_sum) = subplots(1, 2, size=(5.0, 3.6))
palette = unit_colors(num_hiddens)
for rank, j in enumerate(np.argsort(hinges)):
    ax_units.plot(x_dense, C[:, j], color=palette[rank], linewidth=1.6)
    if abs(hinges[j]) < 1:
        ax_units.plot(hinges[j], 0.0, "o", color=palette[rank], markersize=5)
ax_units.axhline(0, color="0.3", linewidth=0.8)
ax_units.set_xticks([-1, -0.5, 0, 0.5, 1])
ax_units.set_xlabel("x")
ax_units.set_ylabel("$v_j\\,\\mathrm{relu}(x w_j + b_j)$")
ax_units.set_title(f"the {num_hiddens} contributions, coloured by hinge")
ax_sum.plot(x_dense, C.sum(axis=1) + c, color=COLORS[5], linewidth=2,
            label="Σ contributions + c")
ax_sum.plot(x_dense, sine(x_dense), "--", color="0.5", label="sin(πx)")
ax_sum.plot(inside, np.interp(inside, x_dense[:, 0], C.sum(axis=1) + c), "kx",
            label="hinges")
ax_sum.set_xticks([-1, -0.5, 0, 0.5, 1])
ax_sum.set_xlabel("x")
ax_sum.set_ylabel("f(x)")
ax_sum.set_title("their sum is the fit")
ax_sum.legend(fontsize=9)
plt.show()

# %% [markdown]
# ## Two kinds of weight: where a unit responds, and how much it counts
#
# The weights before the activation and the weight after it play different roles.
# $w_j$ and $b_j$ (pre-activation) decide *which inputs activate the unit*: they place
# the hinge at $-b_j/w_j$ and choose the side it fires on; they are the *computation*, the
# feature configuration the unit detects. $v_j$ (post-activation) decides *what the
# activated value is worth* in the output: it scales the whole contribution, and so the
# slope $v_j w_j$ it adds where it fires, without moving the hinge; it is the
# *variation* the output shows in response. `relu_slope` gives the fit's slope,
# $f'(x) = \sum_j v_j w_j\,[x w_j + b_j > 0]$; we check it against finite differences,
# then change one unit's weights each way.

# %%
slope = relu_slope(x_dense[:, 0], W1[0], b1, v)
numeric = np.gradient(model(x_dense).value[:, 0], x_dense[:, 0])
away = np.min(np.abs(x_dense[:, 0, None] - hinges), axis=1) > 0.01  # not next to a hinge
assert np.allclose(slope[away], numeric[away], atol=1e-8)

j = 6  # the unit with the largest slope |v_j w_j|
assert j == np.argmax(np.abs(v * W1[0]))
doubled_v, moved_b = v.copy(), b1.copy()
doubled_v[j] *= 2
moved_b[j] += 0.5
contribution = lambda w_, b_, v_: v_ * np.maximum(0.0, x_dense[:, 0] * w_ + b_)
base = contribution(W1[0, j], b1[j], v[j])
# v scales the contribution and leaves the hinge where it is...
assert np.allclose(contribution(W1[0, j], b1[j], doubled_v[j]), 2 * base)
# ...b (or w) moves the hinge.
print(f"unit {j}: hinge at x = {-b1[j] / W1[0, j]:+.3f}, slope v·w = {v[j] * W1[0, j]:+.3f}")
print(f"  v doubled: hinge at x = {-b1[j] / W1[0, j]:+.3f}, slope {doubled_v[j] * W1[0, j]:+.3f}")
print(f"  b + 0.5:   hinge at x = {-moved_b[j] / W1[0, j]:+.3f}, slope {v[j] * W1[0, j]:+.3f}")

# %% [markdown]
# Try it with the widget: the sliders are unit 6's $w_6$, $b_6$ (before the activation)
# and $v_6$ (after it), starting at their trained values. Moving $w_6$ or $b_6$ slides and
# tilts the hinge; moving $v_6$ stretches the contribution up or down and never moves the
# hinge. The right panel shows what the change does to the fit and its MSE.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.approximation import unit_roles_widget

unit_roles_widget()

# %% [markdown]
# ## More units, another activation
#
# The universal approximation theorem says that a feedforward network with one hidden
# layer and enough hidden units can approximate any continuous function on a closed,
# bounded set as well as we like. It does not say how many units are enough, nor that
# gradient descent will find the weights. Let us look: the same recipe, for
# `num_hiddens` in `WIDTHS` and for ReLU and tanh (a tanh unit contributes a smooth
# step, $v_j \tanh(x\,w_j + b_j)$, instead of a hinge).

# %%
# Twelve trainings of 1000 steps (cached for the widget below): ReLU in this cell...
widths_mse = {"relu": [float(dlnotes.mse(fit_sine(n, "relu")(X), y).value) for n in WIDTHS]}

# %%
# ...and tanh in this one.
widths_mse["tanh"] = [float(dlnotes.mse(fit_sine(n, "tanh")(X), y).value) for n in WIDTHS]
print("num_hiddens " + " ".join(f"{n:>8d}" for n in WIDTHS))
for g, values in widths_mse.items():
    print(f"{g:<11s} " + " ".join(f"{m:8.5f}" for m in values))
# One hinge is a bent line, one tanh a single step: neither is a sine.
assert widths_mse["relu"][0] > 0.1 and widths_mse["tanh"][0] > 0.05
# With 16 or 32 units both fit it closely.
assert max(widths_mse["relu"][-2:] + widths_mse["tanh"][-2:]) < 0.01

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots()
for k, (g, values) in enumerate(widths_mse.items()):
    ax.plot(WIDTHS, values, "o-", color=COLORS[k], label=g)
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xticks(WIDTHS, [str(n) for n in WIDTHS])
ax.set_xlabel("num_hiddens")
ax.set_ylabel("training MSE after 1000 steps")
ax.set_title("wider is better, but not always")
ax.legend()
plt.show()

# %% [markdown]
# The trend is down, but not monotone: with seed 0, 8 ReLU units do worse than 4. Where
# did the 8-unit network put its hinges?

# %%
model_8 = fit_sine(8, "relu")
hinges_8 = np.sort(-model_8.layers[0].b.value / model_8.layers[0].W.value[0])
print("hinges of the 8-unit ReLU fit at x =", np.array2string(hinges_8, precision=2))
assert widths_mse["relu"][3] > widths_mse["relu"][2]  # 8 units worse than 4
assert np.sum(hinges_8 <= -0.99) == 2  # two hinges sit at the left edge of the data

# %% [markdown]
# Two of its hinges have drifted to the left edge of the data, $x = -1$, where a kink
# does nothing (the unit is then simply linear on all the data), and others sit on top
# of each other. Is that a matter of too few steps? Run five times as many:

# %%
mse_8_long = float(dlnotes.mse(fit_sine(8, "relu", num_epochs=5000)(X), y).value)
print(f"8 ReLU units, seed 0: MSE {widths_mse['relu'][3]:.4f} after 1000 steps, "
      f"{mse_8_long:.4f} after 5000")
assert mse_8_long > widths_mse["relu"][2]  # still worse than 4 units after 1000 steps
hinges_8_long = np.sort(-fit_sine(8, "relu", num_epochs=5000).layers[0].b.value
                        / fit_sine(8, "relu", num_epochs=5000).layers[0].W.value[0])
assert np.sum(hinges_8_long <= -0.99) == 2  # the two edge hinges have not come back
print("hinges after 5000 steps at x =", np.array2string(hinges_8_long, precision=2))

# %% [markdown]
# No: after 5000 steps it is still worse than 4 units, and the two hinges at the edge are
# still there (a unit whose hinge lies outside the data is linear, or silent, on all of it,
# and the gradient of the loss on the data does not pull the kink back in). What decides
# it is the *starting point*: the weights are drawn at random, and seed 0 happens to start
# two units badly for 8. Train the same two widths from five seeds:

# %%
seeds = range(5)
mse_by_seed = {4: [float(dlnotes.mse(fit_sine(4, "relu", seed=s)(X), y).value) for s in seeds]}

# %%
mse_by_seed[8] = [float(dlnotes.mse(fit_sine(8, "relu", seed=s)(X), y).value) for s in seeds]
for n, values in mse_by_seed.items():
    print(f"{n} units, seeds 0-4: " + " ".join(f"{m:.4f}" for m in values)
          + f"   median {np.median(values):.4f}")
assert mse_by_seed[8][1] < 0.003 < mse_by_seed[4][1]  # seed 1: 8 units 7x better than 4
assert mse_by_seed[8][0] / mse_by_seed[8][1] > 7  # and 7x better than 8 units from seed 0
assert np.median(mse_by_seed[8]) < np.median(mse_by_seed[4])
assert max(mse_by_seed[8]) == mse_by_seed[8][0]  # seed 0 is 8 units' worst start

# %% [markdown]
# With another seed the 8-unit network fits 7 times better than with seed 0, and over
# five seeds it beats 4 units in the median. Capacity is what the universal approximation
# theorem promises; where gradient descent starts, and so where it ends, decides what we
# get from one run.
#
# ## Watch it learn
#
# Press play: gradient descent on the 16-unit ReLU network, from its random start to
# step 1000, one frame every 10 steps. Left, the fit; middle, every unit's contribution
# (coloured blue to red by where its hinge ends up); right, the loss so far. Pause to
# look, `step ▶` to advance one frame, or drag the slider. At the start every hinge sits at
# $x = 0$ (the biases start at zero); watch them spread out to where the sine bends. The
# 101 snapshots are computed once (`dlnotes.approximation.sine_trajectory`), so each frame
# is only a redraw.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.approximation import learning_widget

learning_widget()

# %% [markdown]
# ## Play with it
#
# Choose the number of hidden units and the activation. Left: the fit; right: every
# hidden unit's contribution $v_j\,g(x w_j + b_j)$, which add up (plus $c$) to the fit.
# All twelve models are trained once (the cached `fit_sine`), so a redraw only draws.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.approximation import approximation_widget

approximation_widget()

# %% [markdown]
# ## Summary
#
# - An MLP is a chain of layers $f(\boldsymbol{x}) = f^{(3)}(f^{(2)}(f^{(1)}(\boldsymbol{x})))$;
#   each hidden layer computes $\boldsymbol{h} = g(\boldsymbol{x}\boldsymbol{W} + \boldsymbol{b})$
#   (row vectors, the notation of the whole series) and the output layer is affine.
#   `model.forward(X)` equals that composition in numpy.
# - Without $g$, any stack of layers is one affine map $\boldsymbol{x}\boldsymbol{A} + \boldsymbol{d}$,
#   and an affine map lets no variables interact: its best fit to XOR, which needs
#   $x_1 x_2$, is the constant ½.
# - A unit is a covector, a linear functional $\boldsymbol{x}\mapsto\boldsymbol{x}\cdot\boldsymbol{w}_j$:
#   a similarity score with $\boldsymbol{w}_j$. Its pre-activation $z_j = \boldsymbol{x}\cdot\boldsymbol{w}_j + b_j$
#   is zero on a line; the ReLU turns it into a half-plane detector. Four of them,
#   combined, solve XOR.
# - The logits are the least structureless output from which the probabilities are
#   derived (softmax); only their differences matter.
# - With one hidden layer, $f(x) = \sum_j v_j\, g(x w_j + b_j) + c$: $w_j, b_j$ place each
#   unit's hinge (where it responds), $v_j$ scales its contribution (how much it counts).
#   16 ReLU units fit $\sin(\pi x)$ to an MSE below 0.005.
# - More units can approximate more, but one run of gradient descent need not find it:
#   8 units from seed 0 stay worse than 4 even after 5000 steps, while another seed fits
#   7 times better.
#
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell: run it and it tells you
# whether your answer is right, and if not, what is wrong (or the first input on which
# your answer differs). The solution is folded under each one; `show_solution(...)`
# prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb01, show_solution

# %% [markdown]
# ### Exercise 1: a hidden layer, in the series' notation
#
# Write `hidden_layer(X, W, b)`: $\boldsymbol{H} = \mathrm{relu}(\boldsymbol{X}\boldsymbol{W} + \boldsymbol{b})$
# for a batch `X` of shape `(N, d)`, weights `W` of shape `(d, k)` and a bias `b` of
# shape `(k,)`, in numpy.

# %%
def hidden_layer(X, W, b):
    raise NotImplementedError  # your code here


nb01.HIDDEN_LAYER.check(hidden_layer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def hidden_layer(X, W, b):
#     return np.maximum(0.0, X @ W + b)  # h = relu(xW + b) for every row x of X at once
# ```
#
# Row $n$ of `X @ W` holds the dot products of example $n$ with every column $\boldsymbol{w}_j$ of $\boldsymbol{W}$; `+ b` broadcasts the bias over the rows; `np.maximum(0.0, ...)` applies the ReLU elementwise.
#
# </details>

# %% [markdown]
# ### Exercise 2: two linear layers are one
#
# Write `collapse(W1, b1, W2, b2)`: return `(A, d)` such that
# $(\boldsymbol{x}\boldsymbol{W}_1 + \boldsymbol{b}_1)\boldsymbol{W}_2 + \boldsymbol{b}_2 = \boldsymbol{x}\boldsymbol{A} + \boldsymbol{d}$
# for every row $\boldsymbol{x}$.

# %%
def collapse(W1, b1, W2, b2):
    raise NotImplementedError  # your code here


nb01.COLLAPSE.check(collapse)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def collapse(W1, b1, W2, b2):
#     A = W1 @ W2       # (x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2)
#     d = b1 @ W2 + b2  # the first bias passes through the second layer's weights
#     return A, d
# ```
#
# Expand: $(\boldsymbol{x}\boldsymbol{W}_1 + \boldsymbol{b}_1)\boldsymbol{W}_2 + \boldsymbol{b}_2 = \boldsymbol{x}(\boldsymbol{W}_1\boldsymbol{W}_2) + (\boldsymbol{b}_1\boldsymbol{W}_2 + \boldsymbol{b}_2)$. Any number of layers collapses the same way (`dlnotes.linear_maps.compose_affine`), which is why a network needs its nonlinearity.
#
# </details>

# %% [markdown]
# ### Exercise 3: the slope of a ReLU fit
#
# Write `relu_slope(x, w, b, v)`: the slope $f'(x)$ at each point of the 1-D array `x` of
# $f(x) = \sum_j v_j\,\mathrm{relu}(x w_j + b_j) + c$, given the 1-D arrays `w`, `b`, `v`
# (one entry per unit). Between two hinges the slope is constant: which units add to it?

# %%
def relu_slope(x, w, b, v):
    raise NotImplementedError  # your code here


nb01.RELU_SLOPE.check(relu_slope)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def relu_slope(x, w, b, v):
#     firing = np.outer(x, w) + b > 0  # (points, units): which units fire at each x
#     return firing @ (v * w)          # each firing unit adds its slope v_j w_j
# ```
#
# Where unit $j$ fires, $v_j\,\mathrm{relu}(x w_j + b_j) = v_j (x w_j + b_j)$ has slope $v_j w_j$; where it is silent, slope 0. So $f'(x) = \sum_j v_j w_j\,[x w_j + b_j > 0]$, constant between consecutive hinges (`dlnotes.approximation.relu_slope`). `w` places the hinge (with `b`), `v` scales the slope it adds.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Fit $|x|$ and a step function with `fit_sine`'s recipe (`dlnotes.datasets.one_dimensional`
#    with your own `fn`). How many ReLU units does $|x|$ need in principle? And tanh units?
#
# <details><summary>Answer</summary>
#
# Two ReLU units represent $|x|$ exactly: $|x| = \mathrm{relu}(x) + \mathrm{relu}(-x)$, so
# $w = (1, -1)$, $b = (0, 0)$, $v = (1, 1)$, $c = 0$. No finite number of tanh units does:
# a sum of tanh is smooth everywhere, and $|x|$ has a kink at 0, so tanh units can only
# approach it, the kink rounded off more sharply as more (and steeper) units are used. For
# a step function it is the other way round: one tanh unit with a large $w$ is a nearly
# perfect step, while ReLU units need two (a ramp up, $\mathrm{relu}(kx) - \mathrm{relu}(kx - 1)$)
# and still leave a slope of width $1/k$.
#
# </details>
#
# 5. Why does a unit whose hinge drifts outside the data never come back by gradient
#    descent, for ReLU? Would leaky ReLU (notebook 03) change that?
#
# <details><summary>Answer</summary>
#
# If the hinge $-b_j/w_j$ leaves $[-1, 1]$, the unit is either silent on every data point
# (then $h_j = 0$ and relu$'(z_j) = 0$ everywhere, so $\partial J/\partial w_j$,
# $\partial J/\partial b_j$ and $\partial J/\partial v_j$ are all zero: it is dead) or
# firing on every point (then it is linear on all the data, and the gradient moves the
# hinge only if a kink inside would lower the loss, which the local, linear gradient cannot
# see). Leaky ReLU gives a silent unit a small slope $\alpha$, so its gradient is no longer
# exactly zero and the hinge can drift back, slowly.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("01_feedforward_networks", nb01.EXERCISES)

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
# - Each hidden unit is a *covector*: a dot product with its weight vector, a detector
#   of the feature that vector points at.
# - A one-hidden-layer MLP fits a 1-D function as a sum of scaled, shifted copies of
#   its activation, one per hidden unit.
# - How the number of hidden units and the choice of activation change the fit.
#
# ## What you need
#
# This is the first notebook of the series: basic numpy (arrays, `@`, broadcasting)
# is enough. The package `dlnotes` does the computing; we check it by hand.

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes
from dlnotes.approximation import WIDTHS, fit_sine, sine, sine_data, unit_contributions
from dlnotes.plots import COLORS, loss_curve, scatter_classes, subplots

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
# *activation*), here with the row-vector convention of a batch $\boldsymbol{X}$ whose
# rows are examples:
#
# $$\boldsymbol{h} = g(\boldsymbol{x}\boldsymbol{W} + \boldsymbol{b}).$$
#
# The output layer is the affine map alone: its values are the *logits* (or, for
# regression, the prediction itself). Without the nonlinearity the whole chain would
# collapse into one affine map; with it, the chain can bend.
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
# ## Each unit is a covector: a dot product that detects a feature
#
# Look at one hidden unit $j$ of the first layer. It takes column $j$ of
# $\boldsymbol{W}$, call it $\boldsymbol{w}_j$, and computes
#
# $$h_j = g(\boldsymbol{x} \cdot \boldsymbol{w}_j + b_j).$$
#
# The dot product $\boldsymbol{x} \cdot \boldsymbol{w}_j$ is a linear function of the
# input, a *covector*: it is large when $\boldsymbol{x}$ points the way
# $\boldsymbol{w}_j$ points and zero on the line (in 2-D) where
# $\boldsymbol{x} \cdot \boldsymbol{w}_j + b_j = 0$. A ReLU unit therefore fires on
# one half-plane and is silent on the other: it *detects* the feature "how far into
# my half-plane is this point". The next layer combines these detections.
#
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
corners = np.array([[-1.0, 1.0], [1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])
H_corners = xor_model.forward(corners)[0].value
labels = (corners[:, 0] * corners[:, 1] < 0).astype(int)
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
# Each arrow below is a weight vector $\boldsymbol{w}_j$, drawn from the point of the
# line $\boldsymbol{x}\cdot\boldsymbol{w}_j + b_j = 0$ nearest the origin. The unit is
# silent on the tail side of its line and fires, more and more, on the side the arrow
# points to. The small panels show each unit's output over the plane.

# %%
# NBVAL_IGNORE_OUTPUT
fig, axes = subplots(1, 5, size=(2.6, 2.6))
grid = np.linspace(-2, 2, 120)
gx, gy = np.meshgrid(grid, grid)
plane = np.column_stack([gx.ravel(), gy.ravel()])
H_plane = xor_model.forward(plane)[0].value

ax = axes[0]
scatter_classes(ax, X_xor, y_xor)
for j in range(W_xor.shape[1]):
    w, b = W_xor[:, j], b_xor[j]
    foot = -b * w / (w @ w)  # the point of the line w·x + b = 0 closest to the origin
    along = np.array([-w[1], w[0]]) / np.linalg.norm(w)
    ends = np.array([foot - 3 * along, foot + 3 * along])
    ax.plot(ends[:, 0], ends[:, 1], color=COLORS[j + 2], linewidth=1.5, label=f"unit {j}")
    ax.annotate("", xy=foot + 0.9 * w / np.linalg.norm(w), xytext=foot,
                arrowprops=dict(arrowstyle="-|>", color=COLORS[j + 2], linewidth=2))
ax.set_xlim(-2, 2)
ax.set_ylim(-2, 2)
ax.set_aspect("equal")
ax.set_title("XOR, 4 weight vectors")
ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3,
          handlelength=1)
for j in range(W_xor.shape[1]):
    ax = axes[j + 1]
    ax.imshow(H_plane[:, j].reshape(gx.shape), origin="lower", extent=(-2, 2, -2, 2),
              cmap="viridis")
    ax.set_title(f"unit {j}: $h_{j} = \\mathrm{{relu}}(x\\cdot w_{j} + b_{j})$", fontsize=9)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(False)
plt.show()

# %% [markdown]
# Units 0 and 3 each detect one corner of class 0; units 1 and 2 both detect the same
# class-1 corner (a redundancy gradient descent does not mind). No unit detects the
# corner $(+1, -1)$: there every unit is silent, and the output bias alone says
# "class 1". No single line separates XOR, but a weighted sum of half-plane detectors
# does.
#
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
# The package's cached fit_sine (used below and by the widget) is this very recipe.
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
ax_fit.plot(x_dense, model(x_dense).value, color=COLORS[1], linewidth=2,
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

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax_units, ax_sum) = subplots(1, 2)
for j in range(num_hiddens):
    ax_units.plot(x_dense, C[:, j], color=COLORS[j % len(COLORS)], linewidth=1.2)
ax_units.axhline(0, color="0.3", linewidth=0.8)
ax_units.set_xticks([-1, -0.5, 0, 0.5, 1])
ax_units.set_xlabel("x")
ax_units.set_ylabel("$v_j\\,\\mathrm{relu}(x w_j + b_j)$")
ax_units.set_title(f"the {num_hiddens} contributions")
ax_sum.plot(x_dense, C.sum(axis=1) + c, color=COLORS[1], linewidth=2,
            label="Σ contributions + c")
ax_sum.plot(x_dense, sine(x_dense), "--", color="0.5", label="sin(πx)")
ax_sum.plot(inside, np.interp(inside, x_dense[:, 0], C.sum(axis=1) + c), "kx",
            label="hinges")
ax_sum.set_xticks([-1, -0.5, 0, 0.5, 1])
ax_sum.set_xlabel("x")
ax_sum.set_ylabel("f(x)")
ax_sum.set_title("their sum is the fit")
ax_sum.legend(fontsize=8)
plt.show()

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
widths_mse = {g: [float(dlnotes.mse(fit_sine(n, g)(X), y).value) for n in WIDTHS]
              for g in ("relu", "tanh")}
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
# The trend is down, but not monotone: with the same 1000 steps, 8 ReLU units do worse
# than 4. Where did the 8-unit network put its hinges?

# %%
model_8 = fit_sine(8, "relu")
hinges_8 = np.sort(-model_8.layers[0].b.value / model_8.layers[0].W.value[0])
print("hinges of the 8-unit ReLU fit at x =", np.array2string(hinges_8, precision=2))
assert widths_mse["relu"][3] > widths_mse["relu"][2]  # 8 units worse than 4
assert np.sum(hinges_8 <= -0.99) == 2  # two hinges sit at the left edge of the data

# %% [markdown]
# Two of its hinges have drifted to the left edge of the data, $x = -1$, where a kink
# does nothing (the unit is then simply linear on all the data), and others sit on top
# of each other. All hinges start at $x = 0$ (the biases start at zero), and gradient
# descent moves them only as far as 1000 small steps allow. Capacity is what the
# universal approximation theorem promises; optimisation decides what we get.
#
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
#   and the output layer is affine. `model.forward(X)` equals that composition in numpy.
# - A unit is a covector: the dot product $\boldsymbol{x}\cdot\boldsymbol{w}_j + b_j$ measures
#   how far $\boldsymbol{x}$ lies along $\boldsymbol{w}_j$; the activation turns it into a
#   detector (a half-plane for ReLU). Four of them, combined, solve XOR.
# - With one hidden layer, $f(x) = \sum_j v_j\, g(x w_j + b_j) + c$: ReLU units add
#   hinged lines, tanh units add smooth steps. 16 ReLU units fit $\sin(\pi x)$ to an
#   MSE below 0.005.
# - More units can approximate more, but what gradient descent finds in a fixed
#   budget is not monotone in the width.
#
# ## Exercises
#
# 1. Write $f(x)$ of the trained 16-unit model as a piecewise-linear function: between
#    consecutive hinges, compute its slope from the weights alone and compare it with
#    `np.diff` of `model(x_dense)`.
# 2. Remove the activation (`h1 = X @ W1 + b1` in the composition above) and show that
#    the three-layer chain is then one affine map $\boldsymbol{x}\boldsymbol{A} + \boldsymbol{d}$:
#    compute $\boldsymbol{A}$ and $\boldsymbol{d}$ and assert the equality.
# 3. Fit $|x|$ and a step function with `fit_sine`'s recipe (`dlnotes.datasets.one_dimensional`
#    with your own `fn`). How many ReLU units does $|x|$ need in principle? And tanh units?
# 4. Train `fit_sine(8, "relu", num_epochs=5000)` and `fit_sine(8, "relu", seed=1)`. Does
#    either move the hinges away from the edge? How does the MSE compare with 16 units?

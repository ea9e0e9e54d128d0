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
# # 3. Hidden units
#
# A hidden unit computes an affine map of its input, $z = W^\top x + b$, and then a fixed
# nonlinearity $g(z)$. The default choice in modern networks is the **rectified linear
# unit**, and its relatives differ only in what they do for $z < 0$.
#
# ## What you will learn
#
# - ReLU, leaky ReLU, absolute value rectification and PReLU are one family,
#   $g(z) = \max(0, z) + \alpha \min(0, z)$, with different slopes $\alpha$.
# - Their derivative is 1 for $z > 0$ and $\alpha$ for $z \le 0$, and back-propagation
#   computes exactly that.
# - In a PReLU the slope $\alpha$ is a parameter, learned by back-propagation like any weight.
# - Why ReLU units can *die* (output 0 for every input, with a gradient of exactly 0, so
#   they never come back), and why leaky units do not.
#
# ## What you need
#
# - `01_feedforward_networks.ipynb` (layers, hidden units, training with `dlnotes.train`).
# - `02_output_units.ipynb` (the mean squared error as a loss, and `dl.backprop` for derivatives).
# - Basic numpy. Here we also write the training loop by hand: `dl.backprop(J)` fills the
#   `.grad` of every parameter `dl.Node`, and `dl.SGD(params, lr).step()` applies
#   $\theta \leftarrow \theta - \epsilon\, \nabla_\theta J$ (`05_backprop.ipynb` opens up `dl.backprop`).

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes.plots import COLORS, loss_curve, subplots

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. One family of rectifiers
#
# All four rectifiers are
#
# $$g(z) = \max(0, z) + \alpha \min(0, z):$$
#
# - $\alpha = 0$: the **ReLU**, $g(z) = \max(0, z)$;
# - a small fixed $\alpha$ (here 0.01): the **leaky ReLU**;
# - $\alpha = -1$: **absolute value rectification**, $g(z) = |z|$;
# - $\alpha$ learned: the **parametric ReLU** (PReLU).
#
# We write the family formula in numpy and check every `dlnotes` function against it.

# %%
def rectifier_family(z, alpha):
    """g(z) = max(0, z) + α·min(0, z), in numpy."""
    return np.maximum(0.0, z) + alpha * np.minimum(0.0, z)


z = np.linspace(-3, 3, 13)
# name: (the dlnotes function, its slope α)
members = {
    "relu": (dl.relu, 0.0),
    "leaky_relu": (dl.leaky_relu, 0.01),
    "abs": (dl.abs, -1.0),
    "prelu": (lambda z: dl.prelu(z, dl.Node(0.25, name="alpha")), 0.25),
}
for name, (fn, alpha) in members.items():
    g = fn(z)
    assert np.array_equal(g.value, rectifier_family(z, alpha))
    print(f"{name:10s} (alpha = {alpha:+.2f}) equals max(0, z) + alpha min(0, z): "
          f"g(-2) = {g.value[2]:+.2f}, g(2) = {g.value[10]:+.2f}")
assert np.array_equal(dl.abs(z).value, np.abs(z))

# %% [markdown]
# ## 2. Their derivatives, by back-propagation
#
# $$g'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}$$
#
# At $z = 0$ the function has a kink and no derivative; like most libraries, `dlnotes`
# uses the one-sided value $\alpha$ there. Back-propagating $\sum_k g(z_k)$ gives
# $\partial/\partial z_k = g'(z_k)$ for every point at once.

# %%
for name, (fn, alpha) in members.items():
    z_node = dl.Node(z)
    dl.backprop(dl.sum(fn(z_node)))
    assert np.array_equal(z_node.grad, np.where(z > 0, 1.0, alpha))
    print(f"{name:10s} g'(z) = {alpha:+.2f} for z <= 0 and 1 for z > 0")

# %% [markdown]
# A PReLU has a second input, its slope: $\partial g / \partial \alpha = \min(0, z)$.
# `dl.gradcheck` compares back-propagation with central differences for both inputs
# (on points away from the kink at 0, where the central difference would straddle it).

# %%
z_check = rng.normal(size=(6, 4))
z_check[np.abs(z_check) < 0.1] += 0.3  # stay clear of the kink
weights = rng.normal(size=(6, 4))      # a generic upstream gradient, not all ones
error = dl.gradcheck(lambda z, a: dl.sum(dl.prelu(z, a) * weights), z_check, np.array(0.25))
assert error < 1e-6
print(f"PReLU gradcheck, largest relative error: {error:.6f} (< 1e-6)")

# %%
# NBVAL_IGNORE_OUTPUT
zs = np.linspace(-3, 3, 601)
fig, (ax0, ax1) = subplots(1, 2, size=(4.5, 3.2))
for (name, (fn, alpha)), color in zip(members.items(), COLORS):
    z_node = dl.Node(zs)
    g = fn(z_node)
    dl.backprop(dl.sum(g))
    label = f"{name}, α = {alpha:g}"
    ax0.plot(zs, g.value, color=color, label=label)
    ax1.plot(zs, z_node.grad, color=color, label=label, drawstyle="steps-mid")
ax0.set_xlabel("z")
ax0.set_ylabel("g(z)")
ax0.set_title("g(z) = max(0, z) + α·min(0, z)")
ax0.legend(fontsize=8)
ax1.set_xlabel("z")
ax1.set_ylabel("g′(z)")
ax1.set_title("g′(z): 1 for z > 0, α for z ≤ 0")
plt.show()

# %% [markdown]
# ## 3. A PReLU learns its slope
#
# In a PReLU, $\alpha$ is a `Node` like the weights, so back-propagation fills
# `alpha.grad` and SGD updates it. We make data with a known slope: a teacher unit
# $y = g(x^\top w^* + b^*)$ with $\alpha^* = -0.5$, and train a PReLU unit that starts at
# $\alpha = 0.25$ (the usual initial value, on the wrong side of 0) to fit it by the mean
# squared error.

# %%
X = rng.normal(size=(200, 2))
w_star, b_star, alpha_star = np.array([[1.5], [-0.8]]), np.array([0.3]), -0.5
y = rectifier_family(X @ w_star + b_star, alpha_star)

W = dl.Node(rng.normal(scale=0.5, size=(2, 1)), name="W")
b = dl.Node(np.zeros(1), name="b")
alpha = dl.Node(0.25, name="alpha")
lr, num_epochs = 0.1, 300
optimizer = dl.SGD([W, b, alpha], lr=lr)

alpha_before = float(alpha.value)
alpha_path, losses = [alpha_before], []
for epoch in range(num_epochs):
    y_hat = dl.prelu(dl.affine(X, W, b), alpha)
    J = dl.mse(y_hat, y)
    dl.backprop(J)  # fills W.grad, b.grad and alpha.grad
    optimizer.step()
    alpha_path.append(float(alpha.value))
    losses.append(float(J.value))

print(f"alpha before: {alpha_before:+.4f}, after {num_epochs} epochs: {float(alpha.value):+.4f} "
      f"(true slope {alpha_star:+.1f})")
print(f"MSE: first epoch {losses[0]:.4f}, last epoch {losses[-1]:.2e}")
assert abs(float(alpha.value) - alpha_star) < 0.01
assert losses[-1] < 1e-5

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax0, ax1) = subplots(1, 2, size=(4.5, 3.2))
ax0.plot(alpha_path, color=COLORS[0], label="learned α")
ax0.axhline(alpha_star, color=COLORS[1], linestyle="--", label="true α* = −0.5")
ax0.set_xlabel("epoch")
ax0.set_ylabel("α")
ax0.set_title("The PReLU slope, learned by SGD")
ax0.legend(fontsize=8)
loss_curve(ax1, losses, xlabel="epoch")
ax1.set_title("Mean squared error")
plt.show()

# %% [markdown]
# ## 4. Dying ReLUs
#
# A ReLU unit whose $z = w^\top x + b$ is negative **for every input** outputs 0 for every
# input, and its gradient $g'(z) = 0$ is exactly zero everywhere: no gradient reaches its
# weights or its bias, so gradient descent can never bring it back. A too-large learning
# rate step that pushes the biases down can kill many units at once.
#
# We stage it with one layer, $h = g(XW + b)$, that should produce given targets
# $Y = \max(0, XW^* + b^*)$ (think of $Y$ as what the layer above asks for), trained by the
# mean squared error. It starts healthy, at $W^*$, then one bad update lowers every bias
# by 5. A unit is **dead** when $z \le 0$ for every input. We train the same broken layer
# twice: with the ReLU and with the leaky ReLU.

# %%
rng = np.random.default_rng(0)  # a fresh generator: this section stands on its own
num_hiddens = 16
X = rng.normal(size=(200, 2))
W_star = rng.normal(size=(2, num_hiddens))
b_star = rng.normal(scale=0.5, size=num_hiddens)
Y = np.maximum(X @ W_star + b_star, 0.0)


def dead_units(W, b):
    """The units whose pre-activation z = x·W + b is ≤ 0 for every row of X."""
    return np.all(X @ W.value + b.value <= 0, axis=0)


def broken_layer():
    """The healthy layer (W*, b*) after one bad update that lowered every bias by 5."""
    return dl.Node(W_star.copy(), name="W"), dl.Node(b_star - 5.0, name="b")


activations = {"ReLU": dl.relu, "leaky ReLU": dl.leaky_relu}
for name, g in activations.items():
    W, b = broken_layer()
    dead = dead_units(W, b)
    dl.backprop(dl.mse(g(dl.affine(X, W, b)), Y))
    grad_of_dead = max(np.abs(W.grad[:, dead]).max(), np.abs(b.grad[dead]).max())
    print(f"{name:10s}: {dead.sum()} of {num_hiddens} units dead after the bad update; "
          f"largest gradient on their weights and biases = {grad_of_dead:.3e}")
    if name == "ReLU":
        assert dead.sum() > num_hiddens // 2 and grad_of_dead == 0.0  # exactly zero
    else:
        assert grad_of_dead > 0.0

# %% [markdown]
# The dead ReLUs receive no gradient at all. The leaky units' gradient is small (it is
# multiplied by $\alpha = 0.01$) but not zero, and here it points the right way: their
# targets are positive, so it raises their biases. Train both layers for 2,000 steps of
# full-batch gradient descent and count the dead units as we go.

# %%
lr, num_steps = 1.0, 2000
dead_counts, final_loss = {}, {}
for name, g in activations.items():
    W, b = broken_layer()
    optimizer = dl.SGD([W, b], lr=lr)
    counts = [int(dead_units(W, b).sum())]
    for step in range(num_steps):
        J = dl.mse(g(dl.affine(X, W, b)), Y)
        dl.backprop(J)
        optimizer.step()
        if (step + 1) % 100 == 0:
            counts.append(int(dead_units(W, b).sum()))
    dead_counts[name], final_loss[name] = counts, float(J.value)
    print(f"{name:10s}: dead units every 400 steps {counts[::4]}; final MSE {final_loss[name]:.4f}")

relu_counts, leaky_counts = dead_counts["ReLU"], dead_counts["leaky ReLU"]
assert relu_counts[0] == leaky_counts[0] > num_hiddens // 2
assert all(c == relu_counts[0] for c in relu_counts)  # dead ReLUs never come back
assert leaky_counts[-1] == 0                           # every leaky unit came back
assert final_loss["leaky ReLU"] < final_loss["ReLU"]

# %%
# NBVAL_IGNORE_OUTPUT
steps = np.arange(len(relu_counts)) * 100
fig, ax = subplots(size=(5, 3.2))
ax.step(steps, relu_counts, where="post", label="ReLU", color=COLORS[5])
ax.step(steps, leaky_counts, where="post", label="leaky ReLU (α = 0.01)", color=COLORS[0])
ax.set_xlabel("training step")
ax.set_ylabel("dead units (z ≤ 0 for every input)")
ax.set_title(f"After a bad update, out of {num_hiddens} units")
ax.set_ylim(-0.5, num_hiddens + 0.5)
ax.set_yticks(range(0, num_hiddens + 1, 4))
ax.legend()
plt.show()

# %% [markdown]
# Whether a leaky unit comes back depends on where its small gradient points; what the
# leak guarantees is that there *is* a gradient. A dead ReLU has none, whatever the data.
# In practice, dying units are avoided with small enough learning rates, a sensible
# initialisation (biases at 0 or slightly positive), or a rectifier with a leak.

# %% [markdown]
# ## Play with it
#
# Move the slope $\alpha$ from $-1.5$ to $1.5$ and watch $g$ and $g'$. The text names the
# special cases: $\alpha = 0$ (ReLU), $0.01$ (leaky ReLU), $-1$ (absolute value
# rectification), and $1$, where the "rectifier" is just the identity.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.rectifiers import rectifier_widget

rectifier_widget()

# %% [markdown]
# ## Summary
#
# - ReLU ($\alpha = 0$), leaky ReLU ($\alpha = 0.01$), absolute value rectification
#   ($\alpha = -1$) and PReLU (learned $\alpha$) are one family,
#   $g(z) = \max(0, z) + \alpha\min(0, z)$.
# - $g'(z)$ is 1 for $z > 0$ and $\alpha$ for $z \le 0$: large and constant where the unit
#   is active, which makes rectifiers easy to optimise.
# - A PReLU's $\alpha$ is a parameter: back-propagation gives $\partial g/\partial\alpha = \min(0, z)$
#   and SGD moves it to the slope the data call for.
# - A ReLU that is inactive for every input gets a gradient of exactly 0 and never recovers;
#   a leaky unit always gets a gradient, so it can.
#
# ## Exercises
#
# 1. Start the PReLU at $\alpha = 0$ (a plain ReLU). Does it still learn $\alpha^* = -0.5$?
#    What is $\partial J / \partial \alpha$ at the start, and why is it not zero?
# 2. Give every unit of the layer in section 4 its own slope (`alpha` of shape
#    `(num_hiddens,)`, a PReLU per unit). Train the broken layer again: what happens to
#    the slopes of the dead units?
# 3. Find the smallest bias shift that kills at least one unit of the layer in section 4,
#    using `dead_units`.
# 4. The leaky ReLU with $\alpha = 0.01$ took hundreds of steps to revive its units. Try
#    $\alpha = 0.1$ (`dl.leaky_relu(z, 0.1)`): how much faster is it, and why?

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
# # 3. Hidden units
#
# A layer of hidden units computes an affine map of its input, $z = xW + b$, and then a
# fixed nonlinearity $g(z)$, elementwise: $h = g(xW + b)$. As everywhere in the series, the
# input $x$ is a row vector (a batch $X$ stacks one example per row) and column $j$ of $W$,
# with the bias $b_j$, belongs to unit $j$: $z_j = x W_{:,j} + b_j$. The default choice of $g$
# in modern networks is the **rectified linear unit**, and its relatives differ only in what
# they do for $z < 0$.
#
# ## What you will learn
#
# - ReLU, leaky ReLU, absolute value rectification and PReLU are one family,
#   $g(z) = \max(0, z) + \alpha \min(0, z)$, with different slopes $\alpha$.
# - Their derivative is 1 for $z > 0$ and $\alpha$ for $z \le 0$, and back-propagation
#   computes exactly that.
# - In a PReLU the slope $\alpha$ is a parameter, learned by back-propagation like any weight.
# - Why ReLU units can *die* (output 0 for every input, with a gradient of exactly 0, so
#   they never come back), how a learning rate that is too large kills them, and why
#   leaky units come back (the larger the leak, the faster).
#
# ## What you need
#
# - `01_feedforward_networks.ipynb` (layers, hidden units, training with `dlnotes.train`).
# - `02_output_units.ipynb` (the mean squared error as a loss, and `dl.backprop` for derivatives).
# - Basic numpy. Here we also write the training loop by hand: `dl.backprop(J)` fills the
#   `.grad` of every parameter `dl.Node`, and `dl.SGD(params, lr).step()` applies
#   $\theta \leftarrow \theta - \epsilon\, \nabla_\theta J$ (`05_backprop.ipynb` opens up `dl.backprop`).
#   Section 4 uses the stability bound of gradient descent, $\epsilon < 2/\lambda_{\max}$, which
#   `06_parameter_update.ipynb` derives; here it is enough to know that above it every
#   step overshoots further.

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

# %% [markdown]
# In a picture, the four members overlap wherever they agree: for $z > 0$ all four are
# $g(z) = z$ with $g'(z) = 1$, and for $z < 0$ the leaky ReLU's slope $0.01$ is so close to the
# ReLU's $0$ that at this scale the two coincide. So the curves are drawn from wide to
# narrow (a narrow line on a wide one shows where they agree), and the bottom row magnifies
# $z \le 0$ a hundredfold for the two that coincide: there the leak is plain to see.

# %%
# NBVAL_IGNORE_OUTPUT
zs = np.linspace(-3, 3, 601)
fig, axes = subplots(2, 2, size=(4.5, 3.0))
(ax_g, ax_d), (ax_gz, ax_dz) = axes
styles = {"relu": (6.0, "-"), "leaky_relu": (3.5, "--"), "abs": (2.0, "-"), "prelu": (1.2, "-")}
for (name, (fn, alpha)), color in zip(members.items(), COLORS):
    z_node = dl.Node(zs)
    g = fn(z_node)
    dl.backprop(dl.sum(g))
    width, style = styles[name]
    kw = dict(color=color, linewidth=width, linestyle=style, label=f"{name}, α = {alpha:g}")
    ax_g.plot(zs, g.value, **kw)
    ax_d.plot(zs, z_node.grad, drawstyle="steps-mid", **kw)
    if name in ("relu", "leaky_relu"):  # the two that coincide above: magnified below
        ax_gz.plot(zs, g.value, **kw)
        ax_dz.plot(zs, z_node.grad, drawstyle="steps-mid", **kw)
ax_g.set_title("g(z) = max(0, z) + α·min(0, z)")
ax_g.set_ylabel("g(z)")
ax_d.set_title("g′(z): 1 for z > 0, α for z ≤ 0")
ax_d.set_ylabel("g′(z)")
ax_gz.set_xlim(-3, 0.3)
ax_gz.set_ylim(-0.04, 0.01)
ax_gz.set_title("magnified: z ≤ 0, ReLU and leaky ReLU")
ax_gz.set_ylabel("g(z)")
ax_dz.set_xlim(-3, 0.3)
ax_dz.set_ylim(-0.004, 0.014)
ax_dz.set_title("magnified: g′ = 0 against 0.01")
ax_dz.set_ylabel("g′(z)")
ax_g.set_ylim(-1.0, 4.6)  # room at the top for the legend
for ax, loc in zip(axes.flat, ["upper center", "center right", "upper left", "center left"]):
    ax.set_xlabel("z")
    ax.legend(fontsize=8, loc=loc)  # where no curve passes
plt.show()

# %% [markdown]
# ## 3. A PReLU learns its slope
#
# In a PReLU, $\alpha$ is a `Node` like the weights, so back-propagation fills
# `alpha.grad` and SGD updates it. We make data with a known slope: a teacher unit
# $y = g(x w^* + b^*)$ with $\alpha^* = -0.5$, and train a PReLU unit that starts at
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
# A ReLU unit whose $z_j = x W_{:,j} + b_j$ is $\le 0$ **for every input** outputs 0 for every
# input, and its derivative $g'(z) = 0$ is exactly zero on every row. Back-propagation then
# sends it nothing: $\partial J / \partial W_{:,j} = X^\top (G \odot g'(Z))_{:,j} = 0$ and
# $\partial J / \partial b_j = 0$, so gradient descent can never bring it back. Such a unit is
# **dead**.
#
# What kills units in practice is a learning rate that is too large. Take one layer,
# $h = g(XW + b)$ with 16 units, asked to produce given targets $Y = \max(0, XW^* + b^*)$ (think
# of $Y$ as what the layer above asks for), trained by full-batch gradient descent on the mean
# squared error. It starts healthy, from $W \sim \mathcal{N}(0, 1)$ and $b = 0$.
# `dlnotes.dead_units.dying_relu_problem` builds it, and `largest_stable_lr` gives the bound
# of notebook 06: where a unit is active on every row its loss is quadratic, with Hessian
# $\frac{2}{N \cdot 16}\tilde X^\top \tilde X$ ($\tilde X = [X, 1]$), and gradient descent converges only for
# $\epsilon < 2/\lambda_{\max}$.

# %%
from dlnotes.dead_units import dead_units, dying_relu_problem, largest_stable_lr, train_rectifier_layer

problem = dying_relu_problem()
X, Y = problem.X, problem.Y
num_hiddens = Y.shape[1]
lr_bound = largest_stable_lr(X, num_hiddens)
print(f"{num_hiddens} units, {len(X)} inputs; stable for lr < 2 / lambda_max = {lr_bound:.2f}")
print(f"schedule: {problem.bad_steps} steps at lr = {problem.bad_lr:g} "
      f"({problem.bad_lr / lr_bound:.1f} x the bound), then {problem.good_steps} steps at lr = {problem.good_lr:g}")
assert problem.bad_lr > lr_bound > problem.good_lr
assert dead_units(X, problem.W, problem.b).sum() == 0  # a healthy start

# %% [markdown]
# So we train with a learning rate about $3.4\times$ the bound for 50 steps (the mistake), notice
# that the loss is not falling, and lower it to 7, safely below the bound, for 1,000 steps.
# We do that for the ReLU ($\alpha = 0$) and for leaky units with every slope
# $\alpha = 0.01, 0.02, \dots, 0.1$: `train_rectifier_layer` trains them all at once (one
# independent layer per slope, side by side in one graph) and records, before every step, how
# many units are dead ($z \le 0$ for every input) and the MSE. For comparison, the ReLU layer
# is also trained at the good learning rate from the start.

# %%
alphas = np.round(np.arange(0.0, 0.101, 0.01), 2)
run = train_rectifier_layer(X, Y, problem.W, problem.b, alphas, problem.lrs)
safe = train_rectifier_layer(X, Y, problem.W, problem.b, [0.0], [problem.good_lr] * 300)

after_bad = problem.bad_steps
for k in [0, 1, 10]:
    name = "ReLU" if alphas[k] == 0 else f"leaky, alpha = {alphas[k]:.2f}"
    print(f"{name:19s}: dead units at the start {run.dead[k, 0]}, after the large lr {run.dead[k, after_bad]:2d}, "
          f"at the end {run.dead[k, -1]:2d}; final MSE {run.loss[k, -1]:.4f}")
print(f"ReLU at lr = {problem.good_lr:g} from the start: at most {safe.dead.max()} dead units, "
      f"MSE after 300 steps {safe.loss[0, -1]:.4f}")

relu_dead = run.dead[0, after_bad]
assert relu_dead >= num_hiddens // 2 and np.all(run.loss[:, after_bad] < 10)  # killed, and the loss is finite
assert np.all(run.dead[0, after_bad:] == relu_dead)   # dead ReLUs never come back
assert np.all(run.dead[1:, -1] == 0)                  # every leaky unit came back, whatever its slope
assert run.loss[1, -1] < run.loss[0, -1] / 10
assert safe.dead.max() == 0                           # the good learning rate kills nobody

# %% [markdown]
# The large learning rate did not make the loss blow up: the ReLU units whose steps overshot
# into $z \le 0$ everywhere simply stopped, and the divergence stopped with them, silently.
# Lowering the learning rate afterwards does not help the ReLU layer: its 10 dead units
# have no gradient to follow. Check it on the trained layer: back-propagate once and look at
# the gradient of the dead units' weights and biases.

# %%
W_relu, b_relu = dl.Node(run.W[0]), dl.Node(run.b[0])
dead = dead_units(X, W_relu, b_relu)
dl.backprop(dl.mse(dl.relu(dl.affine(X, W_relu, b_relu)), Y))
grad_of_dead = max(np.abs(W_relu.grad[:, dead]).max(), np.abs(b_relu.grad[dead]).max())
print(f"ReLU layer after training: {dead.sum()} dead units; largest gradient on their weights "
      f"and biases = {grad_of_dead:.1e}")
assert dead.sum() == relu_dead and grad_of_dead == 0.0  # exactly zero

# %% [markdown]
# The leaky units' gradient is multiplied by $\alpha$ on the dead side: small, but not zero,
# and here it points the right way (their targets are positive, so it raises them). How fast
# they come back depends on $\alpha$.

# %%
# NBVAL_IGNORE_OUTPUT
steps = np.arange(run.dead.shape[1]) + 1  # a log axis: the 50 bad steps get room
fig, (ax0, ax1) = subplots(1, 2, size=(4.6, 3.3))
for k, color, label in [(0, COLORS[5], "ReLU (α = 0)"), (1, COLORS[0], "leaky ReLU, α = 0.01"),
                        (10, COLORS[2], "leaky ReLU, α = 0.1")]:
    ax0.step(steps, run.dead[k], where="post", color=color, label=label)
    ax1.loglog(steps, run.loss[k], color=color, label=label)
ax1.loglog(np.arange(1, safe.loss.shape[1] + 1), safe.loss[0], color="0.5", linestyle=":",
           label=f"ReLU, lr = {problem.good_lr:g} from the start")
for ax in (ax0, ax1):
    ax.axvline(problem.bad_steps + 1, color="0.4", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlabel(f"training step + 1 (lr = {problem.bad_lr:g} left of the line, {problem.good_lr:g} right)")
ax0.set_ylabel(f"dead units (of {num_hiddens})")
ax0.set_ylim(-0.5, num_hiddens * 1.3)
ax0.set_yticks(range(0, num_hiddens + 1, 4))
ax0.set_title("Dead units: z ≤ 0 for every input")
ax0.legend(fontsize=8, loc="upper left")
ax1.set_ylabel("MSE")
ax1.set_title("Loss")
ax1.legend(fontsize=8, loc="lower left")
plt.show()

# %% [markdown]
# The time to revive falls steeply with the leak, because a dead leaky unit's gradient is
# proportional to $\alpha$: from about 950 steps at $\alpha = 0.01$ to about 100 from
# $\alpha = 0.03$ on (not exactly monotone: which units the large steps kill, and how deep,
# differs from slope to slope). But the leak has a price here: the targets are ReLU outputs,
# exactly 0 wherever $XW^* + b^* < 0$, and a leaky unit cannot output 0 there, so the best MSE
# it can reach grows with $\alpha$ (roughly as $\alpha^2$; at $\alpha = 0.01$ the layer has not
# finished converging after its late return).

# %%
revived = [int(np.nonzero(run.dead[k])[0].max()) + 1 for k in range(1, len(alphas))]
for alpha, step, loss in zip(alphas[1:], revived, run.loss[1:, -1]):
    print(f"alpha = {alpha:.2f}: every unit back by step {step:4d}; final MSE {loss:.4f}")
assert revived[0] > 5 * revived[-1]             # α = 0.01 takes far longer than α = 0.1
assert np.all(np.diff(run.loss[2:, -1]) > 0)    # from α = 0.02 on, a larger leak fits the targets worse

# %% [markdown]
# What the leak guarantees is that there *is* a gradient; a dead ReLU has none, whatever the
# data. In practice, dying units are avoided with a learning rate below the stability bound,
# a sensible initialisation (biases at 0 or slightly positive), or a rectifier with a leak.
# (A leak is no cure for a learning rate that *stays* too large: see question 5 below.)

# %% [markdown]
# ## Play with it
#
# Move the slope $\alpha$ from 0 (ReLU) to 0.1 in steps of 0.01 (0.01 is the usual leaky
# ReLU). Left, $g$ and middle, $g'$, with the ReLU dashed for reference: the leak is barely
# visible in the curves. Right, the same layer as above trained with that slope: the
# number of dead units at every step, against the ReLU's (dashed). Those runs are the ones
# just trained (one per slider position), so moving the slider only redraws.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.rectifiers import rectifier_widget

rectifier_widget(alpha=0.01, run=run, problem=problem)

# %% [markdown]
# ## Summary
#
# - A layer computes $h = g(xW + b)$; ReLU ($\alpha = 0$), leaky ReLU ($\alpha = 0.01$), absolute
#   value rectification ($\alpha = -1$) and PReLU (learned $\alpha$) are one family,
#   $g(z) = \max(0, z) + \alpha\min(0, z)$.
# - $g'(z)$ is 1 for $z > 0$ and $\alpha$ for $z \le 0$: large and constant where the unit
#   is active, which makes rectifiers easy to optimise.
# - A PReLU's $\alpha$ is a parameter: back-propagation gives $\partial g/\partial\alpha = \min(0, z)$
#   and SGD moves it to the slope the data call for.
# - A learning rate above the stability bound $2/\lambda_{\max}$ kills ReLU units silently: the
#   loss stays finite, and a dead unit (inactive for every input) gets a gradient of exactly 0,
#   so it never recovers, even once the learning rate is lowered. A leaky unit always gets a
#   gradient, so it can: the larger $\alpha$, the sooner (roughly: about 950 steps at
#   $\alpha = 0.01$ here, about 100 from $\alpha = 0.03$ on), at the price of a leak in its output.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell: run it and it tells you
# whether your answer is right, and if not, what is wrong (or the first input on which
# your answer differs). The solution is folded under each one; `show_solution(...)`
# prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb03, show_solution

# %% [markdown]
# ### Exercise 1: the leaky ReLU's derivative
#
# Write `leaky_relu_derivative(z, alpha)`: $g'(z)$ for $g(z) = \max(0, z) + \alpha\min(0, z)$,
# elementwise on an array `z` of any shape, taking at the kink $z = 0$ the value `dlnotes`
# uses (section 2).

# %%
def leaky_relu_derivative(z, alpha):
    raise NotImplementedError  # your code here


nb03.LEAKY_RELU_DERIVATIVE.check(leaky_relu_derivative)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def leaky_relu_derivative(z, alpha):
#     return np.where(z > 0, 1.0, alpha)  # 1 where the unit is active, the slope α for z ≤ 0 (the kink included)
# ```
#
# Each piece of $g$ is linear, so its derivative is that piece's slope: 1 where $z > 0$ and $\alpha$ where $z \le 0$. At $z = 0$ there is a kink and no derivative; `dlnotes` uses the left value $\alpha$, which `z > 0` (not `z >= 0`) gives.
#
# </details>

# %% [markdown]
# ### Exercise 2: counting dead units
#
# Write `count_dead_units(X, W, b)`: the number of units of the layer $h = g(XW + b)$ whose
# pre-activation is $\le 0$ for every row of `X` (an `int`). Try it on the ReLU layer trained
# above once it passes: `count_dead_units(X, run.W[0], run.b[0])`.

# %%
def count_dead_units(X, W, b):
    raise NotImplementedError  # your code here


nb03.COUNT_DEAD_UNITS.check(count_dead_units)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def count_dead_units(X, W, b):
#     Z = X @ W + b  # (N, num_hiddens): every unit's pre-activation on every input
#     return int(np.all(Z <= 0, axis=0).sum())  # dead: z ≤ 0 on every row (axis 0), counted over units
# ```
#
# $Z = XW + b$ has one row per input and one column per unit. A unit is dead when its whole column is $\le 0$: `np.all(Z <= 0, axis=0)` is a mask over units, and its sum counts them.
#
# </details>

# %% [markdown]
# ### Exercise 3: the gradient of PReLU slopes
#
# Give every unit its own slope: $\alpha$ of shape `(num_hiddens,)`, and $h = g(Z, \alpha)$ with
# $Z = XW + b$. Write `prelu_slope_gradient(Z, G)`: $\partial J/\partial \alpha$, of shape
# `(num_hiddens,)`, from `Z` and the upstream gradient $G = \partial J / \partial h$, both of shape
# `(N, num_hiddens)`. (You can compare with `dl.prelu(Z, alpha)` and `dl.backprop`.)

# %%
def prelu_slope_gradient(Z, G):
    raise NotImplementedError  # your code here


nb03.PRELU_SLOPE_GRADIENT.check(prelu_slope_gradient)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def prelu_slope_gradient(Z, G):
#     return (G * np.minimum(Z, 0.0)).sum(axis=0)  # ∂g/∂α = min(0, z), times ∂J/∂g, summed over the rows
# ```
#
# $g(z, \alpha) = \max(0, z) + \alpha\min(0, z)$, so $\partial g/\partial\alpha = \min(0, z)$. By the chain rule each row contributes $G_{nj}\min(0, Z_{nj})$, and because every row uses the same $\alpha_j$ the contributions add up: $\partial J/\partial\alpha_j = \sum_n G_{nj}\min(0, Z_{nj})$, which is what `dl.prelu` back-propagates to a slope of shape `(num_hiddens,)`.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Start the PReLU of section 3 at $\alpha = 0$ (a plain ReLU). What is $\partial J/\partial\alpha$
#    at the start, and why is it not zero? Does it still learn $\alpha^* = -0.5$?
#
# <details><summary>Answer</summary>
#
# $\partial J/\partial\alpha = \sum_n G_n \min(0, z_n)$: at $\alpha = 0$ every row with $z_n < 0$
# outputs 0 while its target is $\alpha^* z^*_n \ne 0$ (on the rows where the teacher's $z^*_n < 0$),
# so $G_n \ne 0$ there and the sum is not zero (about 0.23 with the data and initial weights of
# section 3). A ReLU *unit* gets no gradient through $z$ on those rows, but its *slope* does,
# so $\alpha$ moves at once, and here it ends at $-0.500$ again. It need not: a PReLU with a
# negative slope has a mirror image, since $\max(0, cz) + \frac{1}{\alpha^*}\min(0, cz)$ with
# $c = \alpha^*$ equals $\max(0, z) + \alpha^*\min(0, z)$. So $(W, b, \alpha) = (\alpha^* W^*, \alpha^* b^*, 1/\alpha^*)$,
# here $\alpha = -2$, fits the data exactly too, and from other initial weights gradient descent
# can head there instead. Both are global minima: the loss does not care which.
#
# </details>
#
# 5. In section 4 the learning rate was lowered after 50 steps. Keep it at 50 for all 1,050
#    steps instead: does the leak still save the layer?
#
# <details><summary>Answer</summary>
#
# No. `train_rectifier_layer(X, Y, problem.W, problem.b, [0.0, 0.01, 0.1], [problem.bad_lr] * 1050)`
# ends with 12 dead ReLUs (MSE 1.80), 13 dead leaky units at $\alpha = 0.01$ (MSE 1.86) and 7 at
# $\alpha = 0.1$, whose MSE jumps as high as 6.2 on the way. Above the stability bound every unit
# that comes back overshoots again; the leak only lets a unit return, the learning rate decides
# whether it can stay. The cure is a learning rate below $2/\lambda_{\max}$; the leak is insurance.
#
# </details>
#
# 6. Why does a larger leak revive the units faster but end with a larger MSE? Estimate how the
#    final MSE grows with $\alpha$.
#
# <details><summary>Answer</summary>
#
# A dead leaky unit's gradient is $\alpha$ times what it would be if the unit were active
# (the factor $g'(z) = \alpha$ in the chain rule), so its way back is about $1/\alpha$ times slower.
# Once back, the unit must output 0 wherever the target is 0 (where $XW^* + b^* < 0$), but on
# that side it computes $\alpha z$, not 0. Fitting both sides with one affine map is a compromise
# whose error scales with the leak: the residual there is proportional to $\alpha$, so the MSE
# to $\alpha^2$. The printed numbers agree: 0.0101 at $\alpha = 0.1$ against 0.0004 at 0.02,
# a ratio of about 25 = $(0.1/0.02)^2$.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("03_hidden_units", nb03.EXERCISES)

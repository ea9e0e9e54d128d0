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
# # 15. Residual networks
#
# *He, Zhang, Ren & Sun (2016), "Deep residual learning for image recognition".*
#
# Deeper networks should be at least as good as shallow ones: the extra layers could learn the
# identity. In practice He et al. found that adding layers to a plain network made even its
# *training* error worse. Their fix lets each block learn only a correction to its input,
# $h + f(h)$, so the identity is the default and the gradient has a direct path to every layer.
#
# ## What you will learn
#
# - The residual block $h_k = h_{k-1} + f_k(h_{k-1})$ and its Jacobian $I + \partial f_k/\partial h$.
# - That the gradient reaching the first layer of a plain MLP shrinks (or explodes)
#   geometrically with depth, and stays of order one in a residual MLP: measured for depths 2 to 50.
# - That a 30-layer plain MLP does not train on the digits where the residual one does.
#
# ## What you need
#
# - `05_backprop.ipynb` (the gradient as a product of Jacobians along paths), `14_normalization.ipynb`
#   (the activations' scale through depth).

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes import datasets
from dlnotes.plots import COLORS, subplots
from dlnotes.residual_nets import DeepMLP, layer_gradient_norms

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. The residual block
#
# A plain block replaces its input, $h_k = \mathrm{relu}(h_{k-1} W_k + b_k)$. A residual block adds to it:
#
# $$h_k = h_{k-1} + f_k(h_{k-1}), \qquad f_k(h) = \mathrm{relu}(h W_k + b_k)\, V_k + c_k, \qquad
#   \frac{\partial h_k}{\partial h_{k-1}} = I + \frac{\partial f_k}{\partial h_{k-1}} .$$
#
# Back-propagation multiplies the gradient by these Jacobians on its way down. For a plain
# network the product $J_L \cdots J_1$ has no reason to stay near one; for a residual network
# it expands into $I$ plus a sum over paths through some of the blocks, and the path through none
# of them carries the gradient unchanged. `DeepMLP` builds either kind from `dlnotes.nn.Residual`
# (the second weights $V_k$ start small, of variance $1/(\mathrm{fan_{in}} \cdot \mathrm{depth})$,
# so the depth corrections add up to something of order one). Check one block against its
# equation, and the gradient with respect to the input, which travels through every block,
# against central differences:

# %%
model = DeepMLP(4, 6, depth=3, num_outputs=3, residual=True, seed=1)
block = model.blocks[0]
h = rng.normal(size=(5, 6))
branch = block.f.layers
f_h = dl.relu(h @ branch[0].W.value + branch[0].b.value).value @ branch[2].W.value + branch[2].b.value
print("block(h) equals h + f(h):", bool(np.allclose(block(h).value, h + f_h)))
X_small, y_small = rng.normal(size=(5, 4)), np.array([0, 1, 2, 1, 0])
error = dl.gradcheck(lambda X_node: dl.cross_entropy(model(X_node), y_small), X_small)
print(f"gradcheck of ∂L/∂X through three residual blocks: relative error below 1e-6: {error < 1e-6}")
assert np.allclose(block(h).value, h + f_h) and error < 1e-6

# %% [markdown]
# ## 2. The gradient at the first layer, depth 2 to 50
#
# For each depth, a fresh network of 64-unit blocks, one forward and one backward pass of the
# cross-entropy on 256 digits, and the norm of $\partial L/\partial W_0$, the input layer's gradient:
# the one that has travelled through every block. Weights start from $N(0, \mathrm{gain}/\mathrm{fan_{in}})$,
# at gain 1 (the usual scale for tanh, too small for ReLU) and gain 3 (too large).

# %%
X, y = datasets.digits()
order = rng.permutation(len(X))
X_batch, y_batch = X[order[:256]], y[order[:256]]
depths = np.array([2, 5, 10, 20, 30, 40, 50])
first_layer = {(residual, gain): np.array([layer_gradient_norms(DeepMLP(64, 64, d, 10, residual, gain), X_batch,
                                                                y_batch)[0] for d in depths])
               for residual in (False, True) for gain in (1.0, 3.0)}
for (residual, gain), g in first_layer.items():
    print(f"{'residual' if residual else 'plain':8s} gain {gain:g}: ‖∂L/∂W_0‖ = "
          + ", ".join(f"{v:.1e}" for v in g) + f"  (depths {', '.join(map(str, depths))})")
per_layer = np.exp(np.polyfit(depths, np.log(first_layer[False, 1.0]), 1)[0])
print(f"plain, gain 1: the gradient shrinks by a factor {per_layer:.2f} per layer (√½ = {np.sqrt(0.5):.2f})")
assert first_layer[False, 1.0][-1] < 1e-6 * first_layer[False, 1.0][0]   # vanishes
assert first_layer[False, 3.0][-1] > 1e3 * first_layer[False, 3.0][0]    # explodes
for gain in (1.0, 3.0):
    g = first_layer[True, gain]
    assert g.max() < 3 * g.min() and 0.1 < g.min()                         # stays of order one

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(1, 1, size=(6.0, 3.6))
for (residual, gain), g in first_layer.items():
    ax.semilogy(depths, g, "o-" if residual else "s--", color=COLORS[0] if gain == 1 else COLORS[5],
                label=f"{'residual' if residual else 'plain'}, gain {gain:g}")
ax.set_xlabel("depth (blocks)")
ax.set_ylabel("‖∂L/∂W₀‖, the input layer's gradient")
ax.set_title("Through plain layers the gradient decays or explodes geometrically")
ax.legend(fontsize=9, loc="lower left")
plt.show()

# %% [markdown]
# On a log scale a geometric decay is a straight line: at gain 1 each plain layer multiplies the
# gradient's norm by about $\sqrt{1/2}$ (exercise 3), from 0.2 at depth 2 to $10^{-8}$ at depth 50; at gain 3
# by about $\sqrt{3/2}$. The residual networks' gradients stay between 0.4 and 2 at every depth.
#
# ## 3. Training 30 layers on the digits
#
# 1,000 training digits, 500 for validation, 5 epochs of minibatch SGD ($\varepsilon = 0.03$, batches
# of 50). The plain network, at gain 1 and at He's gain 2 (which keeps the *forward* scale
# right at the start):

# %%
train_rows, val_rows = order[:1000], order[1000:1500]
fit = dict(lr=0.03, epochs=5, batch_size=50, X_eval=X[val_rows], y_eval=y[val_rows], progress=False)
plain = {gain: dl.train(DeepMLP(64, 64, 30, 10, residual=False, gain=gain), X[train_rows], y[train_rows], **fit)
         for gain in (1.0, 2.0)}
for gain, history in plain.items():
    print(f"plain, 30 blocks, gain {gain:g}: training loss by epoch {np.round(history.epoch_loss, 3)}, "
          f"validation accuracy {history.eval_accuracy[-1]:.3f}")
assert all(history.epoch_loss[-1] > 2.0 and history.eval_accuracy[-1] < 0.5 for history in plain.values())

# %% [markdown]
# Neither learns: the loss stays near $\log 10 \approx 2.30$, chance. The residual network, same
# depth, same gain 1, same data and steps:

# %%
residual_model = DeepMLP(64, 64, 30, 10, residual=True, gain=1.0)
residual = dl.train(residual_model, X[train_rows], y[train_rows], **fit)
print(f"residual, 30 blocks, gain 1: training loss by epoch {np.round(residual.epoch_loss, 3)}, "
      f"validation accuracy {residual.eval_accuracy[-1]:.3f}")
assert residual.epoch_loss[-1] < 0.6 and residual.eval_accuracy[-1] > 0.85

# %% [markdown]
# ## Play with it
#
# Plain and residual networks of 2, 10 and 20 blocks trained the same way, for the widget (a
# few seconds); then choose a depth and a kind of network: left, the gradient norm of each
# layer's weights at initialization (input layer first, gain 1; for a residual block its first
# weights $W_k$); right, the training loss by epoch of both kinds, the chosen one emphasized.
# In the plain network every layer's gradient is tiny, not only the first: the activations
# shrink going up as the back-propagated gradient shrinks going down, and $\partial L/\partial W_k$
# is the product of the two.

# %%
losses = {(30, False): plain[1.0].epoch_loss, (30, True): residual.epoch_loss}
fit_quiet = {k: v for k, v in fit.items() if k not in ("X_eval", "y_eval")}
for d in (2, 10, 20):
    losses[d, False] = dl.train(DeepMLP(64, 64, d, 10, residual=False), X[train_rows], y[train_rows],
                                **fit_quiet).epoch_loss

# %%
for d in (2, 10, 20):
    losses[d, True] = dl.train(DeepMLP(64, 64, d, 10, residual=True), X[train_rows], y[train_rows],
                               **fit_quiet).epoch_loss
for d in (2, 10, 20, 30):
    print(f"{d:2d} blocks: training loss after 5 epochs, plain {losses[d, False][-1]:.3f}, "
          f"residual {losses[d, True][-1]:.3f}")

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.residual import residual_widget

norms = {(d, r): layer_gradient_norms(DeepMLP(64, 64, d, 10, residual=r), X_batch, y_batch)
         for d in (2, 10, 20, 30) for r in (False, True)}
residual_widget(norms, losses)

# %% [markdown]
# ## Summary
#
# - A residual block adds a correction to its input, $h + f(h)$; its Jacobian $I + \partial f/\partial h$
#   passes the gradient through unchanged, with the blocks' contributions added to it.
# - Through a plain MLP the gradient reaching the first layer fell by $\sqrt{1/2}$ per layer at
#   gain 1 (from 0.2 at depth 2 to $10^{-8}$ at depth 50) and grew geometrically at gain 3; through the
#   residual MLP it stayed within a factor 3 of its depth-2 value, at every depth to 50.
# - A 30-block plain MLP stayed at chance on the digits (at gain 1, and at He's gain 2); the
#   30-block residual MLP trained to a validation accuracy above 85 % in 5 epochs.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb15, show_solution

# %% [markdown]
# ### Exercise 1: a residual block
#
# Write `residual_block(h, W, b, V, c)` in numpy: $h + \mathrm{relu}(h W + b)\, V + c$ for a batch `h` of
# shape $(N, d)$.

# %%
def residual_block(h, W, b, V, c):
    raise NotImplementedError  # your code here


nb15.RESIDUAL_BLOCK.check(residual_block)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def residual_block(h, W, b, V, c):
#     return h + np.maximum(h @ W + b, 0) @ V + c  # the input, plus a correction f(h) = relu(h W + b) V + c
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: the gradient through a block
#
# For $y = h + \mathrm{relu}(h W)$, write `residual_backprop(G, h, W)`: $\partial L/\partial h$ given
# $G = \partial L/\partial y$ (both of shape $(N, d)$, $W$ square).

# %%
def residual_backprop(G, h, W):
    raise NotImplementedError  # your code here


nb15.RESIDUAL_BACKPROP.check(residual_backprop)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def residual_backprop(G, h, W):
#     # y = h + relu(h W): ∂L/∂h = G (the identity path) + ((G ⊙ relu'(h W)) Wᵀ) (through the branch)
#     return G + (G * (h @ W > 0)) @ W.T
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: the plain network's decay
#
# A plain ReLU MLP with weights from $N(0, 1/\mathrm{fan_{in}})$: by roughly what factor does the
# gradient's norm shrink per layer it travels down?

# %%
plain_decay = ...  # your answer: a number

nb15.PLAIN_DECAY.check(plain_decay)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# plain_decay = np.sqrt(1 / 2)  # E‖G Wᵀ ⊙ relu'‖² = ½ · fan_in · (1/fan_in) · ‖G‖²
# ```
#
# Going down one layer multiplies the gradient by $W^\top$ and by the ReLU's derivative (0 or 1, each about half of the time). With entries of $W$ of variance $1/n$, $\mathbb{E}\|G W^\top\|^2 = \|G\|^2$, and the mask keeps half of it: the squared norm halves, the norm shrinks by $\sqrt{1/2} \approx 0.71$ per layer, $0.71^{48} \approx 6 \cdot 10^{-8}$ from depth 2 to 50.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. He's gain 2 keeps the plain network's gradient of order one at initialization (try it with
#    `layer_gradient_norms`), yet the 30-block plain network at gain 2 did not train. What else
#    goes wrong?
#
# <details><summary>Answer</summary>
#
# Gain 2 only keeps the scale right *on average* and *at the start*. With finite width the
# per-layer factors fluctuate, and their product over 30 layers is spread over orders of
# magnitude (a log-normal); the Jacobians of different examples become nearly the same, so the
# gradient of the first layers carries little information about which example is which
# ("shattered gradients", Balduzzi et al. 2017); and every SGD step changes the scale of all 30
# layers at once. The identity path avoids all three.
#
# </details>
#
# 5. Why are the residual branches' second weights $V_k$ started small (variance shrinking with
#    the depth)? What would happen with the same initialization as the first weights?
#
# <details><summary>Answer</summary>
#
# Each block adds $f_k(h)$ to the stream, so the stream's variance grows by a factor
# $(1 + \mathrm{Var} f_k / \mathrm{Var}\, h)$ per block: with branches of order one that is
# $2^{\mathrm{depth}}$, an explosion as bad as the plain network's. Scaling $V_k$'s variance by
# $1/\mathrm{depth}$ makes each factor $1 + O(1/\mathrm{depth})$ and their product bounded ($\approx e$).
# ResNets get the same effect from batch normalization in the branch, or by starting the
# branch's last scale $\gamma$ at zero.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("15_residual_networks", nb15.EXERCISES)

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
# # 14. Normalization
#
# *Ioffe & Szegedy (2015), "Batch normalization: accelerating deep network training by reducing
# internal covariate shift"; Ba, Kiros & Hinton (2016), "Layer normalization".*
#
# Each layer of a deep network learns on inputs produced by the layers below it, whose scale
# changes whenever their weights do. Normalization standardizes every hidden layer's
# pre-activations, so their scale no longer depends on the weights below: activations neither
# vanish nor explode with depth, and training tolerates much larger learning rates.
#
# ## What you will learn
#
# - Batch normalization $\mathrm{BN}(a) = \gamma \odot (a - \mu_B)/\sqrt{\sigma_B^2 + \epsilon} + \beta$, statistics per
#   feature over the batch; running averages of them at evaluation.
# - Layer normalization, the same over the features of each example: no dependence on the batch.
# - Through a deep MLP the activations' scale drifts geometrically with depth without
#   normalization and stays put with it; the largest learning rate that still trains grows.
#
# ## What you need
#
# - `06_parameter_update.ipynb` (the learning rate and divergence), `08_depth_and_representations.ipynb`
#   (deep MLPs), `09_digits_end_to_end.ipynb` (training on the digits).

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes import datasets
from dlnotes.nn import BatchNorm
from dlnotes.normalization_nets import NormMLP, activation_scales, largest_stable_lr
from dlnotes.plots import COLORS, subplots

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. Batch normalization
#
# For a minibatch $a$ of shape $(N, D)$, each feature $j$ is standardized with the batch's own
# mean and (biased) variance, then scaled and shifted by learned $\gamma_j$, $\beta_j$:
#
# $$\mu_j = \frac1N \sum_n a_{nj}, \qquad \sigma_j^2 = \frac1N \sum_n (a_{nj} - \mu_j)^2, \qquad
#   \mathrm{BN}(a)_{nj} = \gamma_j \frac{a_{nj} - \mu_j}{\sqrt{\sigma_j^2 + \epsilon}} + \beta_j .$$
#
# Five features of very different means and scales, through `dl.batch_norm` with $\gamma = 1$,
# $\beta = 0$:

# %%
a = rng.normal(size=(256, 5)) * np.array([0.1, 1.0, 5.0, 30.0, 200.0]) + np.array([3.0, -1.0, 0.0, 50.0, -400.0])
ones, zeros = np.ones(5), np.zeros(5)
z = dl.batch_norm(a, ones, zeros).value
print("before: mean", np.round(a.mean(axis=0), 2), " std", np.round(a.std(axis=0), 2))
print("after:  mean", np.round(z.mean(axis=0), 6) + 0.0, " var", np.round(z.var(axis=0), 4))
assert np.allclose(z.mean(axis=0), 0, atol=1e-10) and np.allclose(z.var(axis=0), 1, atol=0.01)
assert np.allclose(z, (a - a.mean(axis=0)) / np.sqrt(a.var(axis=0) + 1e-5))

# %% [markdown]
# (The $\epsilon = 10^{-5}$ keeps the division safe for a feature that is nearly constant in the
# batch; it is negligible here.) The price of using the batch's statistics: an example's output
# depends on which other examples share its batch. The same first row, in two different batches:

# %%
other = np.vstack([a[:1], rng.normal(size=(255, 5)) * a.std(axis=0) + a.mean(axis=0) + 1.0])
first_here, first_there = dl.batch_norm(a, ones, zeros).value[0], dl.batch_norm(other, ones, zeros).value[0]
print("row 0 in batch A:", np.round(first_here, 3))
print("row 0 in batch B:", np.round(first_there, 3))
assert not np.allclose(first_here, first_there, atol=0.05)

# %% [markdown]
# ## 2. Running statistics at evaluation
#
# At evaluation there may be a single example, and its prediction should not depend on others.
# The layer `dlnotes.nn.BatchNorm` keeps running averages while training,
# $\hat\mu \leftarrow (1 - m)\hat\mu + m\,\mu_B$ (and likewise $\hat\sigma^2$ with the batch's unbiased
# variance), and uses them in evaluation mode. Feed it 300 minibatches of 32 from a population
# of known mean and variance:

# %%
mean, std = np.array([3.0, -1.0, 0.0, 50.0, -400.0]), np.array([0.5, 1.0, 5.0, 30.0, 200.0])
layer = BatchNorm(5, momentum=0.1)
for _ in range(300):
    layer(rng.normal(size=(32, 5)) * std + mean)
print("running mean", np.round(layer.running_mean, 2), " population", mean)
print("running std ", np.round(np.sqrt(layer.running_var), 2), " population", std)
assert np.allclose(layer.running_mean, mean, atol=0.5 * std) and np.allclose(np.sqrt(layer.running_var), std, rtol=0.25)
layer.eval()
x_new = rng.normal(size=(10, 5)) * std + mean
alone, in_batch = layer(x_new[:1]).value, layer(x_new).value[:1]
print("evaluation mode: one example alone equals the same example in a batch:", bool(np.allclose(alone, in_batch)))
assert np.allclose(alone, in_batch)

# %% [markdown]
# ## 3. Layer normalization
#
# Layer normalization standardizes each *example* over its features,
# $\mu_n = \frac1D \sum_j a_{nj}$, $\sigma_n^2 = \frac1D \sum_j (a_{nj} - \mu_n)^2$: the same computation at
# training and evaluation, for a batch of one or of a thousand, and for sequences of any length
# (which is why transformers use it).

# %%
h = rng.normal(size=(8, 64)) * rng.uniform(0.1, 10, size=(8, 1)) + rng.normal(size=(8, 1))
ones64, zeros64 = np.ones(64), np.zeros(64)
z = dl.layer_norm(h, ones64, zeros64).value
print("per example: mean", np.round(z.mean(axis=1), 6) + 0.0)
print("per example: var ", np.round(z.var(axis=1), 4))
alone = dl.layer_norm(h[:1], ones64, zeros64).value
print("example 0 alone equals example 0 in the batch:", bool(np.allclose(alone, z[:1], atol=1e-12)))
assert np.allclose(z.mean(axis=1), 0, atol=1e-10) and np.allclose(z.var(axis=1), 1, atol=1e-3)
assert np.allclose(alone, z[:1], atol=1e-12)

# %% [markdown]
# ## 4. The activations' scale through depth
#
# A plain ReLU layer multiplies the activations' second moment by about $\mathrm{gain}/2$ when
# its weights are drawn from $N(0, \mathrm{gain}/\mathrm{fan_{in}})$: He's initialization
# (gain 2) keeps it, but any other gain makes it drift geometrically, and training changes the
# weights anyway. Thirty hidden layers of 64 units, 256 digits, at gains 1 and 3 (`NormMLP`
# puts the normalization between each linear map and its ReLU):

# %%
X, y = datasets.digits()
order = rng.permutation(len(X))
X_batch = X[order[:256]]
depth = 30
scales = {(gain, norm): activation_scales(NormMLP([64] + [64] * depth + [10], norm=norm, gain=gain), X_batch)
          for gain in (1.0, 3.0) for norm in (None, "batch", "layer")}
for (gain, norm), s in scales.items():
    print(f"gain {gain:g}, {norm or 'no'} normalization: std at layers 1, 10, 20, 30: "
          f"{s[0]:.2e}, {s[9]:.2e}, {s[19]:.2e}, {s[29]:.2e}; layer 30 / layer 1 = {s[29] / s[0]:.1e}")
assert scales[1.0, None][-1] < 1e-2 * scales[1.0, None][0] and scales[3.0, None][-1] > 1e2 * scales[3.0, None][0]
for gain in (1.0, 3.0):
    for norm in ("batch", "layer"):
        assert 0.5 < scales[gain, norm][-1] / scales[gain, norm][0] < 2

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(1, 1, size=(6.0, 3.6))
styles = {None: "-", "batch": "--", "layer": ":"}
for (gain, norm), s in scales.items():
    ax.semilogy(np.arange(1, depth + 1), s, styles[norm], color=COLORS[0] if gain == 1 else COLORS[5],
                linewidth=2, label=f"gain {gain:g}, {norm or 'no'} norm")
ax.set_xlabel("hidden layer")
ax.set_ylabel("std of the activations")
ax.set_title("Without normalization the scale drifts geometrically")
ax.legend(fontsize=9, ncol=2, loc="center right")
plt.show()

# %% [markdown]
# Without normalization the scale falls by a factor $\sqrt{2}$ per layer at gain 1 and grows by
# $\sqrt{3/2}$ at gain 3: over 29 layers, $2^{-14.5} \approx 4 \cdot 10^{-5}$ and $1.5^{14.5} \approx 360$, close to the
# ratios measured (the gradients
# follow, as notebook 15 measures). Normalized, every layer starts from mean 0 and variance 1
# whatever the gain: the curves of both gains lie on top of each other.
#
# ## 5. The largest learning rate that still trains
#
# Train a 6-hidden-layer MLP (He's initialization) on 1,000 digits for 3 epochs at learning
# rates from 0.03 to 10, with and without batch normalization. Call a rate *good* when the last
# epoch's mean training loss is below half of where it starts ($\tfrac12 \log 10 \approx 1.15$):

# %%
train_rows = order[:1000]
lrs = [0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
sweep = dict(threshold=np.log(10) / 2, epochs=3, batch_size=50)
best, losses = {}, {}
best[None], losses[None] = largest_stable_lr(lambda: NormMLP([64] + [64] * 6 + [10]), X[train_rows],
                                             y[train_rows], lrs, **sweep)

# %%
best["batch"], losses["batch"] = largest_stable_lr(lambda: NormMLP([64] + [64] * 6 + [10], norm="batch"),
                                                   X[train_rows], y[train_rows], lrs, **sweep)
for norm in (None, "batch"):
    row = ", ".join(f"{lr:g}: {'diverged' if not np.isfinite(run[-1]) else f'{run[-1]:.2f}'}"
                    for lr, run in losses[norm].items())
    print(f"{norm or 'no'} normalization, loss after 3 epochs at lr {row}")
print(f"largest good learning rate: {best[None]:g} without, {best['batch']:g} with batch normalization")
assert best["batch"] >= 10 * best[None]

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(1, 1, size=(5.5, 3.4))
for norm, color in ((None, COLORS[5]), ("batch", COLORS[0])):
    final = np.array([min(run[-1], 5.0) for run in losses[norm].values()])
    ax.semilogx(lrs, final, "o-", color=color, label=f"{norm or 'no'} normalization")
    ax.axvline(best[norm], color=color, linestyle=":", linewidth=1.5)
ax.axhline(np.log(10) / 2, color="0.4", linestyle="--", linewidth=1, label="'trains' threshold")
ax.set_xlabel("learning rate")
ax.set_ylabel("loss after 3 epochs (5 = diverged)")
ax.set_title("Batch norm widens the range of learning rates")
ax.legend(fontsize=9, loc="upper left")
plt.show()

# %% [markdown]
# The dotted lines mark each network's largest good rate. One reason is in exercise 3: with
# batch normalization, scaling a layer's weights up leaves its output unchanged and scales its
# gradient *down*, so a step that is too large damps the following ones.
#
# ## Play with it
#
# Two more depths for the widget (a few seconds each); then choose a depth and a learning rate:
# left, the activations' scale through the layers at initialization (gain 1, so the plain
# network's drift is visible); right, the training loss per epoch with and without batch
# normalization.

# %%
all_losses = {(6, norm, lr): run for norm in (None, "batch") for lr, run in losses[norm].items()}


def sweep_depth(d):
    for norm in (None, "batch"):
        _, runs = largest_stable_lr(lambda: NormMLP([64] + [64] * d + [10], norm=norm), X[train_rows],
                                    y[train_rows], lrs, **sweep)
        all_losses.update({(d, norm, lr): run for lr, run in runs.items()})


sweep_depth(2)

# %%
sweep_depth(12)
print("runs precomputed:", len(all_losses))

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.normalization import normalization_widget

widget_scales = {(d, norm): activation_scales(NormMLP([64] + [64] * d + [10], norm=norm, gain=1.0), X_batch)
                 for d in (2, 6, 12) for norm in (None, "batch")}
normalization_widget(widget_scales, all_losses)

# %% [markdown]
# ## Summary
#
# - Batch normalization standardizes each feature over the batch (mean 0, variance 1: checked),
#   then scales and shifts it by learned $\gamma$, $\beta$; at evaluation it uses running averages,
#   so an example's output no longer depends on its batch.
# - Layer normalization standardizes each example over its features: identical at training and
#   evaluation, independent of the batch (checked).
# - Through 30 plain layers the activations' scale drifted by a factor $4 \cdot 10^{-5}$ (gain 1) or
#   300 (gain 3); normalized, it stayed within a factor 2 whatever the gain. The largest learning
#   rate that halved a 6-layer MLP's loss in 3 epochs grew thirtyfold with batch normalization,
#   from 0.1 to 3.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb14, show_solution

# %% [markdown]
# ### Exercise 1: batch normalization
#
# Write `batch_normalize(x, gamma, beta, eps)` in numpy for `x` of shape $(N, D)$:
# $\gamma \odot (x - \mu_B)/\sqrt{\sigma_B^2 + \epsilon} + \beta$, with the training-mode statistics.

# %%
def batch_normalize(x, gamma, beta, eps):
    raise NotImplementedError  # your code here


nb14.BATCH_NORMALIZE.check(batch_normalize)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def batch_normalize(x, gamma, beta, eps):
#     mean = x.mean(axis=0)                 # one mean per feature, over the batch
#     var = x.var(axis=0)                   # biased: divide by N, as in training
#     return gamma * (x - mean) / np.sqrt(var + eps) + beta
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: the running variance
#
# Write `update_running_var(running_var, x, momentum)`: one step of the running average kept for
# evaluation, with the batch's *unbiased* variance, $\hat\sigma^2 \leftarrow (1 - m)\,\hat\sigma^2 + m\, \frac{N}{N - 1}\sigma_B^2$.

# %%
def update_running_var(running_var, x, momentum):
    raise NotImplementedError  # your code here


nb14.RUNNING_VARIANCE.check(update_running_var)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def update_running_var(running_var, x, momentum):
#     n = len(x)
#     batch_var = x.var(axis=0) * n / (n - 1)  # unbiased, as PyTorch keeps it
#     return (1 - momentum) * running_var + momentum * batch_var
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: scale invariance
#
# A layer's weights $W$ feed straight into batch normalization. Multiply $W$ by 10: by what factor
# does the gradient of the loss with respect to $W$ change?

# %%
gradient_scale = ...  # your answer: a number

nb14.GRADIENT_SCALE.check(gradient_scale)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# gradient_scale = 1 / 10  # L(aW) = L(W), so a·∇L(aW) = ∇L(W)
# ```
#
# Batch normalization subtracts the mean and divides by the standard deviation, both of which scale with $a$: $\mathrm{BN}(x\,aW) = \mathrm{BN}(xW)$, so $L(aW) = L(W)$ for every $a > 0$. Differentiating with respect to $W$ gives $a\,\nabla L(aW) = \nabla L(W)$. Larger weights get smaller gradients: a step that is too large grows $W$ and thereby shrinks its own next steps, one reason why batch normalization tolerates larger learning rates.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Why does a linear layer followed by batch normalization not need its bias $b$?
#
# <details><summary>Answer</summary>
#
# Batch normalization subtracts the batch mean of every feature, and $b$ shifts every example's
# feature by the same amount: it is subtracted right away, and its gradient is zero. The shift
# $\beta$ after the normalization takes over its role (PyTorch's convolutional networks use
# `bias=False` before a batch norm for this reason).
#
# </details>
#
# 5. Training with minibatches of 2, batch normalization works badly; layer normalization does
#    not care. Why?
#
# <details><summary>Answer</summary>
#
# With $N = 2$ each feature's mean and variance are estimated from two numbers: after
# standardization every feature is exactly $\pm 1$ (whatever the inputs), the noise in the
# statistics is large, and the running averages used at evaluation differ from what training
# saw. Layer normalization takes its statistics over the $D$ features of one example, so the
# batch size does not enter at all.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("14_normalization", nb14.EXERCISES)

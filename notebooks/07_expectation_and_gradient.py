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
# # 7. Expectation and gradient
#
# The loss we minimise is an **average over the data**, an expectation under the
# empirical distribution. Because differentiation is linear, its gradient is the
# average of the per-example gradients. That one fact is why minibatch stochastic
# gradient descent works: the gradient on a random minibatch is an unbiased
# estimate of the full gradient, and a cheap one, whose noise shrinks as $1/B$.
#
# ## What you will learn
#
# - $\nabla_\theta\, \mathbb{E}_{x,y}[L(x, y, \theta)] = \mathbb{E}_{x,y}[\nabla_\theta L(x, y, \theta)]$,
#   checked: one back-propagation over the data set against $N$ separate ones;
# - a minibatch gradient is an **unbiased** estimate of the full gradient;
# - its variance falls as $1/B$ (with a finite-population correction when the
#   minibatch is drawn without replacement);
# - why SGD, with many cheap noisy steps, beats full-batch descent per example processed.
#
# ## What you need
#
# - `04_the_loss.ipynb` (the loss as an expectation), `05_backprop.ipynb`
#   (back-propagation) and `06_parameter_update.ipynb` (the update θ ← θ − εG);
# - mean and variance of a random variable; basic numpy.

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes import estimators as E
from dlnotes.plots import COLORS, subplots
from dlnotes.plots.batches import covariance_ellipse

# %% [markdown]
# ## The loss is an expectation over the data
#
# With the empirical distribution $\hat p_{\text{data}}$ that puts mass $1/N$ on each of
# the $N$ training examples, the loss is
#
# $$J(\theta) = \mathbb{E}_{x,y \sim \hat p_{\text{data}}}\big[L(x, y, \theta)\big] = \frac{1}{N} \sum_{n=1}^{N} L(x_n, y_n, \theta) .$$
#
# Our model is logistic regression with two parameters, $\theta = (w, b)$ and
# $p(y = 1 \mid x) = \sigma(wx + b)$, so that every gradient is a point in the plane.
# The per-example loss is the Bernoulli negative log-likelihood
# $L = -y \log\sigma(z) - (1 - y)\log(1 - \sigma(z))$ with $z = wx + b$; `dl.binary_cross_entropy`
# computes it stably from $z$. The data: $N = 1000$ seeded examples, $x \sim \mathcal N(0, 1)$,
# $y \sim \text{Bernoulli}(\sigma(2x - 0.5))$. We study the gradient at $\theta = (0.5, 0.5)$.

# %%
X, y = E.logistic_data(n=1000, w=2.0, b=-0.5, seed=0)
N = len(X)
w = dl.Node(np.array([0.5]), name="w")
b = dl.Node(0.5, name="b")
params = [w, b]

J = E.logistic_loss(params, X, y)
# The same loss by hand, in the stable form log(1 + e^z) − y·z:
z = 0.5 * X[:, 0] + 0.5
J_by_hand = np.mean(np.logaddexp(0.0, z) - y * z)
assert np.isclose(float(J.value), J_by_hand, rtol=1e-12)
print(f"N = {N}, fraction of y = 1: {y.mean():.3f}, J(θ) = {float(J.value):.6f}")

# %% [markdown]
# ## The gradient of the mean is the mean of the gradients
#
# Differentiation is linear, so it moves inside the sum:
#
# $$\nabla_\theta J(\theta) = \nabla_\theta\, \mathbb{E}_{x,y}\big[L(x, y, \theta)\big] = \mathbb{E}_{x,y}\big[\nabla_\theta L(x, y, \theta)\big] = \frac{1}{N} \sum_{n=1}^{N} g_n, \qquad g_n = \nabla_\theta L(x_n, y_n, \theta).$$
#
# Two computations that share nothing but the model: `E.gradient` runs **one**
# back-propagation through the mean loss over all $N$ examples; `E.per_example_gradients`
# runs **$N$** back-propagations, one per example, and we average them. For logistic
# regression we also know $g_n$ by hand: $g_n = (\sigma(wx_n + b) - y_n)\,(x_n, 1)$.

# %%
full = E.gradient(E.logistic_loss, params, X, y)              # one backprop over the data set
per_example = E.per_example_gradients(E.logistic_loss, params, X, y)  # N backprops, shape (N, 2)
mean_of_gradients = per_example.mean(axis=0)

residual = 1 / (1 + np.exp(-z)) - y
g_by_hand = np.column_stack([residual * X[:, 0], residual])
assert np.allclose(per_example, g_by_hand, atol=1e-12)

difference = np.max(np.abs(full - mean_of_gradients))
assert np.allclose(full, mean_of_gradients, rtol=0, atol=1e-12)
print(f"gradient of the mean (1 backprop):  ∂J/∂w = {full[0]:.6f}, ∂J/∂b = {full[1]:.6f}")
print(f"mean of the gradients ({N} backprops): ∂J/∂w = {mean_of_gradients[0]:.6f}, ∂J/∂b = {mean_of_gradients[1]:.6f}")
print(f"max difference < 1e-12: {difference < 1e-12}")

# %% [markdown]
# ## A minibatch gradient is an unbiased estimate
#
# Draw a minibatch $\mathbb B$ of $B$ distinct examples uniformly at random and take the
# gradient of the loss on it, $\hat g_B = \frac1B \sum_{n \in \mathbb B} g_n$. Every
# example is equally likely to be in the batch, so
#
# $$\mathbb{E}_{\mathbb B}\big[\hat g_B\big] = \nabla_\theta J(\theta) .$$
#
# We check it for $B = 1, 2, 4, \dots, 64$: $K = 400$ seeded minibatches each (one
# back-propagation per minibatch), and compare the mean of the $K$ estimates with the
# full gradient in units of its standard error $\mathrm{sd}(\hat g_B)/\sqrt K$. An
# unbiased estimate stays within a few standard errors.

# %%
rng = np.random.default_rng(0)
batch_sizes = [1, 2, 4, 8, 16, 32, 64]
K = 400
samples = E.minibatch_gradients_by_size(E.logistic_loss, params, X, y, batch_sizes, K, rng)

print(f"{'B':>3} {'mean ∂J/∂w':>11} {'mean ∂J/∂b':>11} {'largest |z|':>12}")
for B in batch_sizes:
    grads = samples[B]
    standard_error = grads.std(axis=0, ddof=1) / np.sqrt(K)
    z_scores = (grads.mean(axis=0) - full) / standard_error
    assert np.all(np.abs(z_scores) < 4)
    print(f"{B:>3} {grads.mean(axis=0)[0]:>11.4f} {grads.mean(axis=0)[1]:>11.4f} {np.abs(z_scores).max():>12.2f}")
print(f"full {full[0]:>10.4f} {full[1]:>11.4f}")

# %% [markdown]
# ## Its variance falls as $1/B$
#
# The estimate is unbiased at every $B$, but noisy. Let
# $\sigma^2 = \frac1N \sum_n \lVert g_n - \nabla J \rVert^2$ be the total variance of a single
# example's gradient. Averaging $B$ independent draws divides it by $B$. Our minibatches
# are drawn **without replacement**, which is a little better: the examples in a batch
# cannot repeat, and a batch of all $N$ examples has no noise at all. The exact result
# carries the *finite-population correction*:
#
# $$\operatorname{tr}\operatorname{Cov}\big[\hat g_B\big] = \frac{\sigma^2}{B} \cdot \frac{N - B}{N - 1} .$$
#
# With $N = 1000$ the correction is at most $(1000 - 64)/999 \approx 0.94$ here, so on a
# log–log plot the variance is a line of slope close to $-1$.

# %%
measured = np.array([E.total_variance(samples[B]) for B in batch_sizes])
theory = np.array([E.minibatch_variance(per_example, B) for B in batch_sizes])
sigma2 = E.minibatch_variance(per_example, 1, replace=True)
print(f"σ² (one example) = {sigma2:.4f}")
print(f"{'B':>3} {'measured':>9} {'σ²/B·(N−B)/(N−1)':>17} {'σ²/B':>8} {'ratio':>6}")
for B, m, t in zip(batch_sizes, measured, theory):
    print(f"{B:>3} {m:>9.5f} {t:>17.5f} {sigma2 / B:>8.5f} {m / t:>6.2f}")
assert np.all(np.abs(measured / theory - 1) < 0.25)   # K = 400 batches: about 7 % noise each

slope = E.loglog_slope(batch_sizes, measured)
assert abs(slope + 1) < 0.15
print(f"log–log slope of the measured variance against B: {slope:.2f} (1/B has slope −1)")
print(f"finite-population correction at B = 64: (N − B)/(N − 1) = {(N - 64) / (N - 1):.3f}")

# %% [markdown]
# The minibatch gradients as points in the $(\partial J/\partial w, \partial J/\partial b)$
# plane, for three batch sizes, around the full gradient (★), with the ellipse two
# standard deviations wide; and the variance against $B$. At $B = 1$ the gradients lie on
# two curves, one for $y = 0$ and one for $y = 1$: a single example's gradient is far from
# Gaussian, but the average of a few already looks like one.

# %%
# NBVAL_IGNORE_OUTPUT
fig, axes = subplots(1, 4, size=(3.3, 3.2))
spread = 3 * np.sqrt(np.var(per_example, axis=0))
for ax, B in zip(axes[:3], (1, 8, 64)):
    ax.scatter(*samples[B].T, s=6, alpha=0.5, color=COLORS[0])
    covariance_ellipse(ax, full, np.cov(samples[B].T), n_std=2.0, edgecolor=COLORS[5])
    ax.plot(*full, marker="*", color="black", markersize=11, linestyle="none")
    ax.set_xlim(full[0] - spread[0], full[0] + spread[0])
    ax.set_ylim(full[1] - spread[1], full[1] + spread[1])
    ax.set_xlabel("∂J/∂w")
    ax.set_ylabel("∂J/∂b")
    ax.set_title(f"B = {B}: {K} minibatch gradients")
ax = axes[3]
ax.loglog(batch_sizes, theory, color=COLORS[2], label="σ²/B · (N − B)/(N − 1)")
ax.loglog(batch_sizes, measured, "o", color=COLORS[0], label="measured")
ax.set_xticks(batch_sizes, [str(B) for B in batch_sizes])
ax.minorticks_off()
ax.set_xlabel("batch size B")
ax.set_ylabel("tr Cov[ĝ_B]")
ax.set_title(f"variance ∝ 1/B (slope {slope:.2f})")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## SGD against full-batch descent
#
# A full-batch step costs $N$ example-gradients and moves by the exact gradient. A
# minibatch step costs $B$ and moves by a noisy one. For the same budget of examples
# processed, SGD takes $N/B$ times more steps. We train from $\theta = (0, 0)$ with the
# same learning rate $\varepsilon = 0.5$ for 5 epochs (5,000 examples processed) with
# $B = N$ (gradient descent), $B = 100$ and $B = 10$, recording the loss on the whole
# data set after every step. The reference $J^*$ is the minimum, from 500 full-batch steps.

# %%
lr, num_epochs = 0.5, 5
curves = {}
for batch_size in (N, 100, 10):
    model = [dl.Node(np.zeros(1), name="w"), dl.Node(0.0, name="b")]
    curves[batch_size] = E.minibatch_sgd(E.logistic_loss, model, X, y, lr=lr, batch_size=batch_size,
                                         num_epochs=num_epochs, rng=np.random.default_rng(1))

optimum = [dl.Node(np.zeros(1), name="w"), dl.Node(0.0, name="b")]
_, reference = E.minibatch_sgd(E.logistic_loss, optimum, X, y, lr=2.0, batch_size=N, num_epochs=500,
                               rng=np.random.default_rng(1))
J_star = reference[-1]
assert abs(reference[-1] - reference[-2]) < 1e-12  # converged

print(f"J* = {J_star:.4f} at w = {float(optimum[0].value[0]):.3f}, b = {float(optimum[1].value):.3f}")
for batch_size, (examples, losses) in curves.items():
    name = "full batch" if batch_size == N else f"B = {batch_size}"
    print(f"{name:<10} {len(losses) - 1:>4} steps, {examples[-1]} examples: final J = {losses[-1]:.4f}, "
          f"J − J* = {losses[-1] - J_star:.4f}")
assert curves[10][1][-1] < curves[100][1][-1] < curves[N][1][-1]
assert curves[10][1][-1] - J_star < 0.01

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(size=(7, 3.6))
for color, (batch_size, (examples, losses)) in zip(COLORS, curves.items()):
    name = "full batch (gradient descent)" if batch_size == N else f"SGD, B = {batch_size}"
    ax.plot(examples / N, losses - J_star, color=color, label=name,
            marker="o" if batch_size == N else None, markersize=4)
ax.set_yscale("log")
ax.set_xlabel("epochs (examples processed / N)")
ax.set_ylabel("J(θ) − J*")
ax.set_title("loss on the whole data set, per example processed")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# Per example processed, the small batches win by far: after one epoch SGD with $B = 10$
# has taken 100 steps, full-batch descent one. The price is noise: the SGD curve jitters,
# and with a fixed learning rate it settles in a band around $J^*$ whose width grows with
# $\varepsilon$ and with the variance $\propto 1/B$ (which is why learning rates are
# often decayed). Full-batch descent is smooth, and slow.
#
# ## Play with it
#
# Pick the batch size. Left: 200 minibatch gradients (precomputed for every $B$) around
# the full gradient ★, with their two-standard-deviation ellipse. Right: the variance
# against $B$, measured and in theory, your $B$ circled. Doubling $B$ halves the variance
# and the area of the ellipse, but shrinks its width only by $\sqrt 2$: the standard
# deviation falls as $1/\sqrt B$.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.batch_size import batch_size_widget  # noqa: E402

batch_size_widget()

# %% [markdown]
# ## Summary
#
# - The loss is an expectation over the data, and so is its gradient:
#   $\nabla_\theta \mathbb{E}[L] = \mathbb{E}[\nabla_\theta L]$; one back-propagation over
#   the data set equals the mean of $N$ per-example ones (to $10^{-12}$).
# - A minibatch gradient is an unbiased estimate of the full gradient, at every batch size.
# - Its total variance is $\sigma^2/B$, times $(N - B)/(N - 1)$ without replacement: a
#   slope of $-1$ on a log–log plot, and zero at $B = N$.
# - Per example processed, SGD's many cheap noisy steps beat full-batch descent's few exact ones.
#
# ## Exercises
#
# 1. Draw minibatches *with* replacement (`rng.choice(N, B, replace=True)`) and repeat the
#    variance measurement. Which formula do the numbers follow now?
# 2. Set $N = 100$ (`E.logistic_data(n=100)`) and measure the variance up to $B = 64$. Fit
#    the log–log slope; how far from $-1$ is it, and why?
# 3. The standard error of the minibatch gradient falls as $1/\sqrt B$, but its cost grows
#    as $B$. Using `E.minibatch_sgd`, find the batch size that reaches $J - J^* < 10^{-3}$
#    with the fewest examples processed.
# 4. With a fixed $\varepsilon$, SGD with $B = 1$ never settles. Halve $\varepsilon$ after
#    every epoch and compare the final $J - J^*$.

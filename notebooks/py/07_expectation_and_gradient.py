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
# # 7. Expectation and gradient
#
# The loss we minimise is an **average over the data**, an expectation under the
# empirical distribution. Because differentiation is linear, its gradient is the
# average of the per-example gradients. That one fact is why minibatch stochastic
# gradient descent works: the gradient on a random minibatch is an unbiased
# estimate of the full gradient, and a cheap one, whose variance shrinks as $1/B$ (its
# standard deviation, the typical size of the error, as $1/\sqrt B$). And when every step
# draws fresh examples, the same argument makes SGD descend the expected loss on the
# distribution the data come from, not just the loss on one sample.
#
# ## What you will learn
#
# - $\nabla_\theta\, \mathbb{E}_{x,y}[L(x, y, \theta)] = \mathbb{E}_{x,y}[\nabla_\theta L(x, y, \theta)]$,
#   checked: one back-propagation over the data set against $N$ separate ones;
# - a minibatch gradient is an **unbiased** estimate of the full gradient;
# - its variance falls as $1/B$ (with a finite-population correction when the
#   minibatch is drawn without replacement), its standard deviation as $1/\sqrt B$;
# - why SGD, with many cheap noisy steps, beats full-batch descent per example processed,
#   and how wide the band is in which SGD with a fixed learning rate settles: $\propto \varepsilon/B$;
# - the population view: SGD on fresh samples minimises the expected loss on the data
#   distribution, and when the interchange $\nabla\mathbb E = \mathbb E\nabla$ is allowed.
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
from dlnotes import population as P
from dlnotes.plots import COLORS, subplots
from dlnotes.plots.batches import covariance_ellipse
from dlnotes.plots.surfaces import trajectory

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
# ### The standard deviation falls as $1/\sqrt B$
#
# The variance is the squared size of the error. The typical size itself, the standard
# deviation $\sqrt{\operatorname{tr}\operatorname{Cov}[\hat g_B]}$, falls only as $1/\sqrt B$: a
# log–log slope of $-\tfrac12$. Quadrupling the batch (four times the cost) halves the error.

# %%
std = np.sqrt(measured)
std_slope = E.loglog_slope(batch_sizes, std)
assert abs(std_slope + 0.5) < 0.08
quadrupled = std[:-2] / std[2:]          # B → 4B: 1 → 4, 2 → 8, ..., 16 → 64
assert np.all(np.abs(quadrupled - 2) < 0.25)
print(f"log–log slope of the standard deviation against B: {std_slope:.2f} (1/√B has slope −0.5)")
print("std(B) / std(4B) for B = 1, 2, 4, 8, 16:", " ".join(f"{r:.2f}" for r in quadrupled))

# %% [markdown]
# ### With replacement
#
# Drawn **with** replacement, the $B$ draws are independent, a batch may repeat an example,
# and the variance is exactly $\sigma^2/B$, with no correction (`replace=True`). The
# difference shows when $B$ is a large part of $N$: on the first 100 examples with $B = 50$,
# the correction is $(100 - 50)/99 \approx 0.51$.

# %%
X_small, y_small = X[:100], y[:100]
per_example_small = E.per_example_gradients(E.logistic_loss, params, X_small, y_small)
print(f"{'sampling':<21} {'measured':>9} {'theory':>8}")
for replace, formula in ((False, "σ²/B·(N−B)/(N−1)"), (True, "σ²/B")):
    grads = E.minibatch_gradients(E.logistic_loss, params, X_small, y_small, 50, K, rng, replace=replace)
    m, t = E.total_variance(grads), E.minibatch_variance(per_example_small, 50, replace=replace)
    assert abs(m / t - 1) < 0.2
    print(f"{'with' if replace else 'without':<7} replacement  {m:>9.5f} {t:>8.5f}  ({formula})")

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
# and with a fixed learning rate it never settles at $J^*$. Full-batch descent is smooth, and slow.
#
# ## The band SGD settles in
#
# How far above $J^*$ does SGD with a fixed $\varepsilon$ stay? Near the minimum
# $J \approx J^* + \tfrac12 \delta^\top H \delta$ with $\delta = \theta - \theta^*$, and a step with
# $B$ independent draws is $\delta \leftarrow (I - \varepsilon H)\delta - \varepsilon\xi$, where the
# noise $\xi$ has mean 0 and covariance $C/B$ ($C$: the per-example gradient covariance at
# the minimum). Its stationary covariance $S$ solves $S = (I - \varepsilon H)S(I - \varepsilon H) + \varepsilon^2 C/B$;
# to first order in $\varepsilon$, $HS + SH = \varepsilon C/B$, and taking the trace,
#
# $$\mathbb E\big[J(\theta) - J^*\big] = \tfrac12 \operatorname{tr}(HS) \approx \frac{\varepsilon \operatorname{tr} C}{4B}$$
#
# (`E.stationary_excess_loss`): the band's height grows **in proportion to $\varepsilon$ and to
# $1/B$**, which is why learning rates are often decayed. We check it: start at the minimum,
# run 12 epochs with independent draws (`replace=True`, as in the derivation) for three
# settings, and average $J - J^*$ over the steps after the first 100.

# %%
theta_hat = np.array([float(optimum[0].value[0]), float(optimum[1].value)])
noise_trace = E.minibatch_variance(E.per_example_gradients(E.logistic_loss, optimum, X, y), 1, replace=True)
band = {}
for band_lr, band_B in ((0.5, 10), (0.25, 10), (0.5, 20)):
    model = [dl.Node(theta_hat[:1].copy(), name="w"), dl.Node(theta_hat[1], name="b")]
    _, losses = E.minibatch_sgd(E.logistic_loss, model, X, y, lr=band_lr, batch_size=band_B, num_epochs=12,
                                rng=np.random.default_rng(2), replace=True)
    band[band_lr, band_B] = (losses[101:] - J_star).mean()
print(f"tr C at the minimum (one example's gradient variance) = {noise_trace:.4f}")
print(f"{'ε':>5} {'B':>3} {'mean J − J*':>12} {'ε tr C/(4B)':>12} {'ratio':>6}")
for (band_lr, band_B), excess in band.items():
    theory_band = E.stationary_excess_loss(band_lr, band_B, noise_trace)
    assert 0.7 < excess / theory_band < 1.4
    print(f"{band_lr:>5} {band_B:>3} {excess:>12.5f} {theory_band:>12.5f} {excess / theory_band:>6.2f}")
halving_lr = band[0.5, 10] / band[0.25, 10]
doubling_B = band[0.5, 10] / band[0.5, 20]
assert 1.6 < halving_lr < 2.5 and 1.6 < doubling_B < 2.5
print(f"halving ε lowers the band by {halving_lr:.2f}×, doubling B by {doubling_B:.2f}× (theory: 2× each)")

# %% [markdown]
# ## The population view: fresh samples minimise the expected loss
#
# So far the expectation was over the **empirical** distribution: $J$ is the loss on our
# $N$ examples, and SGD that cycles over them converges (with a decaying $\varepsilon$) to the
# sample's minimiser $\hat\theta_N$. What we care about is the loss on new data from the
# distribution $p_{\text{data}}$ the sample came from, the **expected loss**
#
# $$R(\theta) = \mathbb{E}_{x,y \sim p_{\text{data}}}\big[L(x, y, \theta)\big], \qquad
# \nabla_\theta R(\theta) = \mathbb{E}_{x,y \sim p_{\text{data}}}\big[\nabla_\theta L(x, y, \theta)\big] .$$
#
# If every step draws **fresh** examples from $p_{\text{data}}$ (a stream, never reused), each
# minibatch gradient is an unbiased estimate of $\nabla R$, by the same argument as above: SGD
# then descends $R$ itself, not $J$. Once examples are reused (a second epoch), the gradients
# are unbiased only for $J$.
#
# The second equality, $\nabla\mathbb E = \mathbb E\nabla$, is no longer a finite sum. It holds when
# $L$ is differentiable in $\theta$ for almost every $(x, y)$ and its gradient is bounded, for all
# $\theta$ near the point, by one integrable function of $(x, y)$ (dominated convergence). For
# logistic regression $|\partial L/\partial w| = |\sigma(z) - y|\,|x| \le |x|$ and
# $|\partial L/\partial b| \le 1$: allowed. Our data come from $x \sim \mathcal N(0, 1)$,
# $y \sim \text{Bernoulli}(\sigma(2x - 0.5))$, so `P.logistic_population_loss` computes $R$
# exactly (the expectation over $y$ in closed form, over $x$ by Gauss–Hermite quadrature), and
# `P.logistic_population_gradient` computes $\mathbb E[\nabla L]$. We check: $\nabla R$ by central
# differences equals $\mathbb E[\nabla L]$; the mean gradient on 100,000 fresh examples agrees
# with it; and the true parameters $(2, -0.5)$ minimise $R$.

# %%
theta_check = np.array([0.5, 0.5])
h = 1e-5
grad_R_numerical = np.array([(P.logistic_population_loss(theta_check + h * e)
                              - P.logistic_population_loss(theta_check - h * e)) / (2 * h) for e in np.eye(2)])
grad_R = P.logistic_population_gradient(theta_check)           # E[∇L], by quadrature
assert np.allclose(grad_R_numerical, grad_R, atol=1e-8)
X_fresh, y_fresh = E.logistic_data(n=100_000, seed=11)
big = E.gradient(E.logistic_loss, params, X_fresh, y_fresh)     # θ = (0.5, 0.5), as above
assert np.all(np.abs(big - grad_R) < 0.005)                     # the standard error is about 0.0015
theta_pop = np.array([2.0, -0.5])
assert np.allclose(P.logistic_population_gradient(theta_pop), 0, atol=1e-12)
print(f"∇R(0.5, 0.5) by central differences:  [{grad_R_numerical[0]:.6f}, {grad_R_numerical[1]:.6f}]")
print(f"E[∇L](0.5, 0.5) by quadrature:         [{grad_R[0]:.6f}, {grad_R[1]:.6f}]")
print(f"mean gradient on 100,000 fresh samples: [{big[0]:.4f}, {big[1]:.4f}]")
print(f"our sample's gradient (N = {N}):        [{full[0]:.4f}, {full[1]:.4f}]")
print(f"∇R at the true θ = (2, −0.5): {np.abs(P.logistic_population_gradient(theta_pop)).max():.1e}")

# %% [markdown]
# Now SGD on a stream: 3,000 steps of $B = 10$ fresh examples each (`P.fresh_sample_sgd`,
# $\varepsilon = 0.5$, 30,000 examples, none seen twice), from $\theta = (0, 0)$. With a fixed
# $\varepsilon$ the iterates keep jittering, so we report their average over the last 2,000
# steps. It lands near the minimiser of $R$, the true $(2, -0.5)$, and much nearer than the
# minimiser $\hat\theta_N$ of our sample's loss $J$, which no amount of training on the
# sample can move: its expected loss $R$ is measurably higher.

# %%
stream = [dl.Node(np.zeros(1), name="w"), dl.Node(0.0, name="b")]
path = P.fresh_sample_sgd(E.logistic_loss, stream, lambda size, rng: E.logistic_data(size, rng=rng),
                          lr=0.5, batch_size=10, num_steps=3000, rng=np.random.default_rng(5))
theta_stream = path[1000:].mean(axis=0)
R_star = P.logistic_population_loss(theta_pop)
distance_stream = np.linalg.norm(theta_stream - theta_pop)
distance_sample = np.linalg.norm(theta_hat - theta_pop)
excess_stream = P.logistic_population_loss(theta_stream) - R_star
excess_sample = P.logistic_population_loss(theta_hat) - R_star
assert distance_stream < distance_sample / 3 and excess_stream < excess_sample / 10
print(f"fresh-sample SGD (average):  θ = ({theta_stream[0]:.3f}, {theta_stream[1]:.3f}), "
      f"‖θ − θ_true‖ = {distance_stream:.3f}, R − R* = {excess_stream:.1e}")
print(f"sample minimiser θ̂_N:        θ = ({theta_hat[0]:.3f}, {theta_hat[1]:.3f}), "
      f"‖θ − θ_true‖ = {distance_sample:.3f}, R − R* = {excess_sample:.1e}")

# %% [markdown]
# The two losses on the $(w, b)$ plane: $R$ (solid) has its minimum at the true parameters
# (★), our sample's $J$ (dashed) at $\hat\theta_N$ (◆). The stream's path (every 20th step)
# wanders around the ★, where its average (●) lands.

# %%
# NBVAL_IGNORE_OUTPUT
W_grid, B_grid = np.meshgrid(np.linspace(0.0, 3.0, 41), np.linspace(-1.5, 1.0, 41))
R_grid = np.vectorize(lambda w_, b_: P.logistic_population_loss((w_, b_)))(W_grid, B_grid)
# J on the grid with the stable formula log(1 + e^z) − y·z checked against the package above (and here, at one point).
Z_grid = W_grid[..., None] * X[:, 0] + B_grid[..., None]
J_grid = np.mean(np.logaddexp(0.0, Z_grid) - y * Z_grid, axis=-1)
assert np.isclose(J_grid[7, 30], float(E.logistic_loss([dl.Node(W_grid[7, 30:31]), dl.Node(B_grid[7, 30])], X, y).value))
levels = R_star + np.array([0.002, 0.01, 0.03, 0.08, 0.16])
fig, ax = subplots(size=(8.6, 4.4))
ax.contour(W_grid, B_grid, R_grid, levels=levels, colors=COLORS[0], linewidths=1.2)
ax.contour(W_grid, B_grid, J_grid, levels=J_star + levels - R_star, colors=COLORS[5], linewidths=1.0,
           linestyles="--")
trajectory(ax, path[::20], color=COLORS[2], mark_exit=False, label="fresh-sample SGD, every 20th step",
           alpha=0.5)
ax.plot(*theta_pop, marker="*", color="black", markersize=12, linestyle="none", zorder=5,
        label="minimum of R: (2, −0.5)")
ax.plot(*theta_hat, marker="D", color=COLORS[5], markersize=8, linestyle="none", zorder=5,
        label="minimum of J: θ̂_N")
ax.plot(*theta_stream, marker="o", markerfacecolor="none", markeredgecolor="black", markeredgewidth=2,
        markersize=16, linestyle="none", zorder=6, label="average of the stream's last 2,000 steps")
ax.plot([], [], color=COLORS[0], label="expected loss R (contours)")
ax.plot([], [], color=COLORS[5], linestyle="--", label="sample loss J, N = 1000 (contours)")
ax.set_xlabel("w")
ax.set_ylabel("b")
ax.set_title("the population's loss R and the sample's loss J")
ax.set_aspect("equal")
ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.02, 1.0))
plt.show()

# %% [markdown]
# When is the interchange **not** allowed? When the loss jumps. The 0–1 error of a threshold,
# $L(x, \theta) = \mathbb 1[x < \theta]$, has derivative 0 in $\theta$ wherever it has one (every
# $x \ne \theta$), so $\mathbb E[\partial L/\partial\theta] = 0$; but its expectation
# $\mathbb E[L] = P(x < \theta) = \Phi(\theta)$ has derivative $\varphi(\theta) > 0$. No integrable bound
# holds across the jump. This is one reason we train on a smooth surrogate (the cross-entropy)
# instead of the error rate.

# %%
from math import erf, exp, pi, sqrt  # noqa: E402

theta_step = 0.5
x_step = np.random.default_rng(12).normal(size=10_000)
per_sample = (x_step < theta_step + 1e-7).astype(float) - (x_step < theta_step - 1e-7).astype(float)
mean_of_derivatives = per_sample.mean() / 2e-7                       # 0: no sample sits within 1e-7 of θ


def Phi(t):
    """P(x < t) for x ∼ N(0, 1): the expected 0–1 loss."""
    return 0.5 * (1 + erf(t / sqrt(2)))


derivative_of_mean = (Phi(theta_step + 1e-5) - Phi(theta_step - 1e-5)) / 2e-5
assert mean_of_derivatives == 0 and abs(derivative_of_mean - exp(-theta_step ** 2 / 2) / sqrt(2 * pi)) < 1e-8
print(f"E[∂L/∂θ] = {mean_of_derivatives:.1f}, but ∂E[L]/∂θ = φ(0.5) = {derivative_of_mean:.4f}")

# %% [markdown]
# ## Summary
#
# - The loss is an expectation over the data, and so is its gradient:
#   $\nabla_\theta \mathbb{E}[L] = \mathbb{E}[\nabla_\theta L]$; one back-propagation over
#   the data set equals the mean of $N$ per-example ones (to $10^{-12}$).
# - A minibatch gradient is an unbiased estimate of the full gradient, at every batch size.
# - Its total variance is $\sigma^2/B$, times $(N - B)/(N - 1)$ without replacement: a
#   slope of $-1$ on a log–log plot, and zero at $B = N$. Its standard deviation falls only
#   as $1/\sqrt B$: four times the batch for half the error.
# - Per example processed, SGD's many cheap noisy steps beat full-batch descent's few exact
#   ones; with a fixed $\varepsilon$ it settles in a band $\mathbb E[J - J^*] \approx \varepsilon\operatorname{tr} C/(4B)$.
# - On fresh samples, SGD minimises the expected loss $R$ on the data distribution, not the
#   sample's $J$; this rests on $\nabla\mathbb E = \mathbb E\nabla$, which holds for smooth losses with
#   an integrable bound on the gradient and fails for losses that jump, like the 0–1 error.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell: run it and it tells you
# whether your answer is right, and if not, what is wrong (or the first input on which
# your answer differs). The solution is folded under each one; `show_solution(...)`
# prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises  # noqa: E402
from dlnotes.exercises import nb07, show_solution  # noqa: E402, F401

# %% [markdown]
# ### Exercise 1: an unbiased minibatch gradient, with unequal probabilities
#
# Some samplers draw examples with unequal probabilities (hard examples more often, say).
# Example $n$ is drawn with probability `probs[n]`; `idx` holds $B$ independent draws. Write
# `weighted_minibatch_gradient(per_example, idx, probs)`: an **unbiased** estimate of the full
# gradient $\frac1N \sum_n g_n$ from the rows `per_example[idx]` (shape `(B, P)`) alone.
# (Hint: what is the expectation of $g_n \cdot c_n$ over one draw? Choose $c_n$ to make it the mean.)

# %%
def weighted_minibatch_gradient(per_example, idx, probs):
    raise NotImplementedError  # your code here


nb07.WEIGHTED_MINIBATCH_GRADIENT.check(weighted_minibatch_gradient)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def weighted_minibatch_gradient(per_example, idx, probs):
#     N = len(per_example)
#     weights = 1 / (N * probs[idx])                       # rare examples count more, frequent ones less
#     return (weights[:, None] * per_example[idx]).mean(axis=0)
# ```
#
# One draw $n$ with probability $p_n$ gives $g_n/(N p_n)$, whose expectation is $\sum_n p_n \cdot g_n/(N p_n) = \frac1N \sum_n g_n$: unbiased for any $p$ with every $p_n > 0$; averaging $B$ independent draws keeps it unbiased and divides its variance by $B$. With $p_n = 1/N$ it is the plain minibatch mean. This is *importance sampling*: choosing $p_n \propto \lVert g_n \rVert$ makes the variance smallest.
#
# </details>

# %% [markdown]
# ### Exercise 2: the variance of a minibatch mean
#
# Write `batch_variance(per_example, B)`: from the per-example gradients (shape `(N, P)`),
# the total variance $\operatorname{tr}\operatorname{Cov}[\hat g_B]$ of the mean of $B$ distinct
# examples drawn uniformly at random (without replacement), in numpy.

# %%
def batch_variance(per_example, B):
    raise NotImplementedError  # your code here


nb07.BATCH_VARIANCE.check(batch_variance)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def batch_variance(per_example, B):
#     N = len(per_example)
#     sigma2 = np.sum(np.var(per_example, axis=0))        # tr Cov of one example's gradient, over N (ddof=0)
#     return sigma2 / B * (N - B) / (N - 1)               # with the finite-population correction
# ```
#
# $\sigma^2 = \frac1N \sum_n \lVert g_n - \bar g \rVert^2$ is the variance of one example drawn at random. The $B$ draws without replacement are slightly negatively correlated (covariance $-\sigma^2/(N-1)$ between two of them), which gives $\frac{\sigma^2}{B}\big(1 - \frac{B - 1}{N - 1}\big) = \frac{\sigma^2}{B}\cdot\frac{N - B}{N - 1}$: $\sigma^2$ at $B = 1$ and 0 at $B = N$. It is `E.minibatch_variance(per_example, B)`.
#
# </details>

# %% [markdown]
# ### Exercise 3: how large a batch for a given precision?
#
# Write `batch_size_for_std(sigma2, N, target)`: the smallest batch size $B$ (without
# replacement, $1 \le B \le N$) whose minibatch gradient has standard deviation
# $\sqrt{\operatorname{tr}\operatorname{Cov}[\hat g_B]} \le$ `target`, given one example's variance
# $\sigma^2$ = `sigma2`.

# %%
def batch_size_for_std(sigma2, N, target):
    raise NotImplementedError  # your code here


nb07.BATCH_SIZE_FOR_STD.check(batch_size_for_std)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def batch_size_for_std(sigma2, N, target):
#     for B in range(1, N + 1):                           # the first B whose standard deviation is small enough
#         if np.sqrt(sigma2 / B * (N - B) / (N - 1)) <= target:
#             return B
#     return N                                            # (B = N always qualifies: its variance is 0)
# ```
#
# Halving the standard deviation takes four times the batch: $\sqrt{\sigma^2/B}$ falls as $1/\sqrt B$. Solving $\frac{\sigma^2}{B}\frac{N - B}{N - 1} \le t^2$ gives $B \ge \frac{\sigma^2 N}{t^2 (N - 1) + \sigma^2}$; with $\sigma^2 = 0.229$ (one example's gradient variance at the minimum, in the notebook), $N = 1000$ and $t = 0.05$: 84 examples (92 without the correction).
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Set $N = 100$ (`E.logistic_data(n=100)`) and measure the variance up to $B = 64$. Fit
#    the log–log slope; how far from $-1$ is it, and why?
#
# <details><summary>Answer</summary>
#
# Steeper than $-1$: the finite-population correction $(N - B)/(N - 1)$ is no longer close to
# 1 (it is $36/99 \approx 0.36$ at $B = 64$), and it falls with $B$. The theory
# $\sigma^2/B \cdot (100 - B)/99$ at $B = 1, 2, \dots, 64$ has a least-squares slope of $-1.20$
# (`E.loglog_slope`), and the measurement follows it; with replacement (`replace=True`) the
# slope is back to $-1$.
#
# </details>
#
# 5. The standard error of the minibatch gradient falls as $1/\sqrt B$, but its cost grows
#    as $B$. Using `E.minibatch_sgd` ($\varepsilon = 0.5$, 5 epochs, `rng=np.random.default_rng(1)`),
#    which batch size reaches $J - J^* < 10^{-3}$ with the fewest examples processed, and stays there?
#
# <details><summary>Answer</summary>
#
# Record the first step where $J - J^* < 10^{-3}$ and the final $J - J^*$. $B = 1$ dips below
# $10^{-3}$ by chance after 51 examples but does not stay (its band, $\varepsilon\operatorname{tr} C/4 \approx 0.03$,
# is far above $10^{-3}$; the final $J - J^*$ is 0.019). $B = 3$ gets there after 204 examples,
# $B = 10$ after 370 and $B = 30$ after 1,330, and end at $6\cdot 10^{-4}$, $3\cdot 10^{-4}$ and
# $2\cdot 10^{-4}$; $B \ge 100$ does not reach it in 5 epochs. The sweet spot is a small batch,
# a few to a few tens: small enough for many steps, large enough for a band below the target.
#
# </details>
#
# 6. With a fixed $\varepsilon$, SGD with $B = 1$ never settles. Halve $\varepsilon$ after
#    every epoch and compare the final $J - J^*$.
#
# <details><summary>Answer</summary>
#
# The band is proportional to $\varepsilon$, so decaying $\varepsilon$ shrinks it. From
# $\varepsilon = 0.5$ with $B = 1$ (same seed as above), $J - J^*$ after each of 5 epochs is
# 0.050, 0.018, 0.008, 0.021, 0.019 with a fixed rate, and 0.050, 0.014, 0.007, 0.0012, 0.00014
# when $\varepsilon$ is halved after each epoch. Decaying too fast would stop progress before the
# minimum (the steps $\sum_k \varepsilon_k$ must still add up to the distance to travel), which is why
# schedules like $\varepsilon_k \propto 1/k$ satisfy $\sum \varepsilon_k = \infty$, $\sum \varepsilon_k^2 < \infty$.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("07_expectation_and_gradient", nb07.EXERCISES)

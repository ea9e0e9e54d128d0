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
# # 4. The loss
#
# Training a network means minimising one number, the loss. For a network whose output
# unit defines a distribution $p_\text{model}(y \mid x; \theta)$, the loss is the negative
# log-likelihood of the training data, plus a penalty on the parameters:
#
# $$J(\theta) = -\mathbb{E}_{x, y \sim \hat{p}_\text{data}}\big[\log p_\text{model}(y \mid x; \theta)\big]
#               + \lambda\, \Omega(\theta).$$
#
# ## What you will learn
#
# - Why $-\log p$ is the right price for a prediction: the less likely the model finds the
#   true label, the larger the loss, without bound.
# - The cross-entropy of a softmax *is* this negative log-likelihood, and the expectation
#   over $\hat{p}_\text{data}$ is a plain mean over the training set.
# - The penalty $\lambda\Omega(\theta)$ with $\Omega = \tfrac12\|W\|^2$ (weight decay), and
#   its gradient $\lambda W$.
# - What $\lambda$ does to a trained network: smaller weights and a worse fit of the
#   training data.
# - What $\lambda$ is for: on held-out data. With a train / validation / test split, the
#   validation loss against $\lambda$ is a U-curve; $\lambda$ is chosen where it is lowest,
#   and the test set is used once, to report the chosen model.
# - "Smoother" measured: how steeply the predicted probability changes with $x$.
#
# ## What you need
#
# - `01_feedforward_networks.ipynb` (the MLP and `dlnotes.train`).
# - `02_output_units.ipynb` (the softmax, its logits, and `dl.backprop` for derivatives).
# - Basic numpy, and the logarithm.

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes.plots import COLORS, probability_map, subplots
from dlnotes.regularization import choose_lambda, fit_lambda_grid, probability_slope, weight_norm

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. The price of a prediction: $-\log p$
#
# For one example $(x, y)$ the model pays $-\log p_\text{model}(y \mid x)$, where $p$ is the
# probability it gave to the **true** label. A certain and correct prediction ($p = 1$)
# costs nothing; the cost grows as $p$ falls and has no upper bound: a model that says
# "impossible" ($p \to 0$) about what actually happened pays without limit.

# %%
for p in [1.0, 0.9, 0.5, 0.1, 0.01, 1e-6]:
    print(f"p = {p:8.6f}: -log p = {-np.log(p) + 0.0:7.4f}")  # + 0.0: -log 1 is -0.0

ps = np.linspace(1e-3, 1.0, 1000)
nll_of_p = -np.log(ps)
assert -np.log(1.0) == 0.0
assert np.all(np.diff(nll_of_p) < 0)  # the smaller p, the larger the loss
assert np.isclose(-np.log(0.5), np.log(2))

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(size=(5, 3.2))
ax.plot(ps, nll_of_p)
for p in [0.9, 0.5, 0.1]:
    ax.plot([p], [-np.log(p)], "o", color=COLORS[1])
    ax.annotate(f"p = {p}: {-np.log(p):.2f}", (p, -np.log(p)), textcoords="offset points",
                xytext=(8, 6), fontsize=8)
ax.set_xlabel("p = p_model(true label | x)")
ax.set_ylabel("loss −log p")
ax.set_title("The less likely the true label, the larger the loss")
plt.show()

# %% [markdown]
# ## 2. Cross-entropy of a softmax is the negative log-likelihood
#
# A softmax output unit gives $p_\text{model}(y = k \mid x) = \mathrm{softmax}(z)_k$ for the
# logits $z$. Its negative log-likelihood over $N$ examples is
#
# $$\mathrm{NLL} = -\frac1N \sum_{n=1}^N \log \mathrm{softmax}(z_n)_{y_n}.$$
#
# `dl.cross_entropy(logits, y)` computes this in one fused, stable step;
# `dl.nll(dl.log_softmax(logits), y)` does it in two. We check both against the formula
# written out in numpy (softmax by hand, shifted by the max as in `02_output_units.ipynb`).

# %%
N, K = 8, 3
logits = rng.normal(scale=2.0, size=(N, K))
y = rng.integers(0, K, size=N)

shifted = logits - logits.max(axis=1, keepdims=True)
softmax_by_hand = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
nll_by_hand = np.mean(-np.log(softmax_by_hand[np.arange(N), y]))

ce = float(dl.cross_entropy(logits, y).value)
nll_two_steps = float(dl.nll(dl.log_softmax(logits), y).value)
assert np.isclose(ce, nll_two_steps, rtol=1e-12) and np.isclose(ce, nll_by_hand, rtol=1e-12)
print(f"cross_entropy(logits, y)       = {ce:.6f}")
print(f"nll(log_softmax(logits), y)    = {nll_two_steps:.6f}")
print(f"mean of -log softmax[y], numpy = {nll_by_hand:.6f}")

# %% [markdown]
# Its gradient with respect to the logits is just as simple, $(\mathrm{softmax}(z_n) -
# \mathrm{onehot}(y_n)) / N$: the predicted distribution minus the true one.

# %%
z = dl.Node(logits)
dl.backprop(dl.cross_entropy(z, y))
one_hot = np.eye(K)[y]
assert np.allclose(z.grad, (softmax_by_hand - one_hot) / N)
print("gradient of the first example's logits:", np.round(z.grad[0], 4))

# %% [markdown]
# ### The expectation over $\hat{p}_\text{data}$ is a mean over the data set
#
# The empirical distribution $\hat{p}_\text{data}$ puts probability $1/N$ on each of the $N$
# training examples (an example that appears twice gets $2/N$). So the expectation is a
# weighted sum over the *distinct* examples, which is the plain mean over the rows:
#
# $$-\mathbb{E}_{x,y\sim\hat{p}_\text{data}}\big[\log p_\text{model}(y\mid x)\big]
#   = -\sum_{(x,y)} \hat{p}_\text{data}(x, y)\, \log p_\text{model}(y \mid x)
#   = -\frac1N \sum_{n=1}^N \log p_\text{model}(y_n \mid x_n).$$
#
# We check it on a small data set in which some examples appear twice, with an untrained MLP.

# %%
X_small, y_small = dl.datasets.moons(n=12, noise=0.2, seed=1)
X = np.concatenate([X_small, X_small[:4]])  # the first 4 examples appear twice
y = np.concatenate([y_small, y_small[:4]])
model = dl.MLP([2, 8, 2], seed=0)

# One example at a time: -log p_model(y_n | x_n).
per_example = np.array([float(dl.cross_entropy(model(X[n:n + 1]), y[n:n + 1]).value)
                        for n in range(len(X))])
# The distinct examples, each weighted by p_data = (number of copies) / N.
distinct, index, counts = np.unique(np.column_stack([X, y]), axis=0,
                                    return_index=True, return_counts=True)
p_data = counts / len(X)
expectation = np.sum(p_data * per_example[index])
mean_loss = float(dl.cross_entropy(model(X), y).value)

assert np.isclose(p_data.sum(), 1.0)
assert np.isclose(expectation, per_example.mean()) and np.isclose(expectation, mean_loss)
print(f"N = {len(X)} rows, {len(distinct)} distinct examples, p_data from "
      f"{p_data.min():.4f} to {p_data.max():.4f}")
print(f"sum over distinct examples of p_data * (-log p_model) = {expectation:.6f}")
print(f"mean over the rows of -log p_model                   = {per_example.mean():.6f}")
print(f"dl.cross_entropy(model(X), y)                        = {mean_loss:.6f}")

# %% [markdown]
# ## 3. The penalty $\lambda\Omega(\theta)$: weight decay
#
# The second term of $J$ does not look at the data at all. With
#
# $$\Omega(\theta) = \tfrac12 \|W\|^2 = \tfrac12 \sum_{\text{layers}} \sum_{i,j} W_{ij}^2$$
#
# (over the weights, not the biases: they do not make the function steeper), its gradient
# is $\nabla_W\, \lambda\Omega = \lambda W$, so a gradient step
# $W \leftarrow W - \epsilon(\nabla_W \mathrm{NLL} + \lambda W)$ also shrinks every weight
# by a factor $(1 - \epsilon\lambda)$: **weight decay**.

# %%
model = dl.MLP([2, 16, 16, 2], seed=0)
X, y = dl.datasets.moons(n=100, noise=0.25, seed=0)
lam = 0.01

weights = model.weights()
omega = float(dl.l2_penalty(weights).value)
omega_by_hand = 0.5 * sum(np.sum(W.value**2) for W in weights)
assert np.isclose(omega, omega_by_hand)
assert np.isclose(weight_norm(weights), np.sqrt(2 * omega))
print(f"Omega = 1/2 ||W||^2 = {omega:.6f} (by hand {omega_by_hand:.6f}), ||W|| = {weight_norm(weights):.6f}")

# The gradient of λΩ alone is λW.
dl.backprop(lam * dl.l2_penalty(weights))
for W in weights:
    assert np.allclose(W.grad, lam * W.value)

# The gradient of J = NLL + λΩ is the NLL's gradient plus λW.
dl.backprop(dl.cross_entropy(model(X), y))
grad_nll = [W.grad.copy() for W in weights]
dl.backprop(dl.cross_entropy(model(X), y) + lam * dl.l2_penalty(weights))
for W, g in zip(weights, grad_nll):
    assert np.allclose(W.grad, g + lam * W.value)
print(f"gradient of lambda * Omega is lambda * W, for each of the {len(weights)} weight matrices")

# %% [markdown]
# **An aside on L1.** With $\Omega = \sum |w|$ (`dl.l1_penalty`) the penalty's gradient is
# $\lambda\,\mathrm{sign}(w)$: a push of constant size towards zero, however small $w$ is.
# It is often said to make weights *exactly* zero. Plain (sub)gradient SGD does not: a
# weight near zero is pushed past it by $\epsilon\lambda$, then back, and keeps hopping
# around zero without landing on it. (Exact zeros need a different step, such as the
# proximal "soft-thresholding" step, which this notebook does not use.) We train with
# the L1 penalty for 300 full-batch steps and count.

# %%
model = dl.MLP([2, 16, 16, 2], seed=0)
optimizer = dl.SGD(model.parameters(), lr=0.1)
lam_l1 = 0.01
for step in range(300):
    J = dl.cross_entropy(model(X), y) + lam_l1 * dl.l1_penalty(model.weights())
    dl.backprop(J)
    optimizer.step()
all_weights = np.concatenate([W.value.ravel() for W in model.weights()])
exactly_zero = int(np.sum(all_weights == 0.0))
within_a_step = int(np.sum(np.abs(all_weights) <= 0.1 * lam_l1))  # |w| ≤ ελ: hopping around 0
print(f"{all_weights.size} weights: {exactly_zero} exactly zero, {within_a_step} within one "
      f"step ελ = {0.1 * lam_l1:g} of zero")
assert exactly_zero == 0 and within_a_step > 0

# %% [markdown]
# ## 4. What $\lambda$ does to the training fit
#
# Train the same MLP, $[2, 32, 32, 2]$ from the same initialisation, on the two moons
# (200 points, noise 0.25) with $J = \mathrm{NLL} + \lambda \cdot \tfrac12\|W\|^2$, for a
# grid of $\lambda$ values (150 full-batch gradient steps each).
# `dlnotes.regularization.fit_lambda_grid` trains one model per $\lambda$ and reports the
# two parts of the training loss.

# %%
X, y = dl.datasets.moons(n=200, noise=0.25, seed=0)
lambdas = [0.0, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1]
fits = fit_lambda_grid(X, y, lambdas, sizes=(2, 32, 32, 2), lr=0.5, num_epochs=150, batch_size=200)

print("  lambda    ||W||   NLL (train)   lambda*Omega        J   accuracy")
for fit in fits:
    print(f"{fit.lam:8g} {fit.weight_norm:8.3f} {fit.nll:13.4f} {fit.penalty:14.4f} "
          f"{fit.loss:8.4f} {100 * fit.accuracy:9.1f} %")

norms = np.array([fit.weight_norm for fit in fits])
nlls = np.array([fit.nll for fit in fits])
assert np.all(np.diff(norms) < 0)  # the weight norm falls as λ grows
assert np.all(np.diff(nlls) > 0)   # and the data term of the training loss rises
assert np.isclose(nlls[-1], np.log(2), atol=1e-3)  # λ = 0.3: weights ≈ 0, p = ½ for both classes

# %% [markdown]
# The weights shrink and the fit of the training data gets worse at every step of the grid.
# At $\lambda = 0.3$ the penalty wins outright: the weights collapse to (almost) zero, the
# network predicts $p = \tfrac12$ for both classes, and the NLL is $\log 2$.

# %%
# NBVAL_IGNORE_OUTPUT
positions = np.arange(len(fits))  # λ = 0 has no place on a log axis: one slot per λ
fig, (ax_norm, ax_nll) = subplots(1, 2, size=(4.2, 3.2))
ax_norm.plot(positions, norms, "-o")
ax_norm.set_ylabel("weight norm ‖W‖")
ax_norm.set_title("larger λ, smaller weights")
ax_nll.plot(positions, nlls, "-s", color=COLORS[1], label="training NLL")
ax_nll.axhline(np.log(2), color="0.4", linestyle="--", linewidth=1, label="log 2 (p = ½)")
ax_nll.set_ylabel("training NLL")
ax_nll.set_title("larger λ, worse training fit")
ax_nll.legend()
for ax in (ax_norm, ax_nll):
    ax.set_xticks(positions, [f"{lam:g}" for lam in lambdas], rotation=45)
    ax.set_xlabel("λ")
plt.show()

# %% [markdown]
# Seen on the training data alone, the penalty only does harm. Its purpose shows on data
# the model was **not** trained on.
#
# ## 5. What $\lambda$ is for: held-out data
#
# A model is trained to do well on new examples from the same distribution, not on its
# training set. So the data are split three ways:
#
# - the **training set**, on which the parameters are fitted;
# - the **validation set**, on which we compare choices the training does not make, such as
#   $\lambda$ (a *hyperparameter*);
# - the **test set**, looked at **once**, at the very end, for the model we chose. A score on
#   data used to choose is optimistic, because the choice favoured whatever did well on it
#   by luck; only untouched data estimate the error on new examples.
#
# The penalty helps where overfitting is easy: **few** training examples, a network with
# **many** units, and **noisy** labels. We take 40 training examples of the moons (noise
# 0.3), flip 10 % of all labels at random, and give the MLP two layers of 32 units.

# %%
X_all, y_all = dl.datasets.moons(n=640, noise=0.3, seed=2)
flip = np.random.default_rng(2).random(len(y_all)) < 0.1  # noisy labels: 10 % flipped
y_all = np.where(flip, 1 - y_all, y_all)
X_rest, X_test, y_rest, y_test = dl.datasets.train_test_split(X_all, y_all, test_size=400, seed=0)
X_train, X_val, y_train, y_val = dl.datasets.train_test_split(X_rest, y_rest, test_size=200, seed=0)
print(f"{100 * flip.mean():.1f} % of the labels flipped; training {len(X_train)}, "
      f"validation {len(X_val)}, test {len(X_test)} examples")
assert (len(X_train), len(X_val), len(X_test)) == (40, 200, 400)

# %% [markdown]
# One model per $\lambda$, trained on the 40 training examples only (500 full-batch
# gradient steps each); `fit_lambda_grid`
# records each model's NLL and accuracy on the validation set as well (they play no part
# in the training).

# %%
val_lambdas = [0.0, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1]
val_fits = fit_lambda_grid(X_train, y_train, val_lambdas, sizes=(2, 32, 32, 2), lr=0.3,
                           num_epochs=500, batch_size=40, X_val=X_val, y_val=y_val)

print("  lambda   train NLL   val NLL   train acc   val acc")
for fit in val_fits:
    print(f"{fit.lam:8g} {fit.nll:11.3f} {fit.val_nll:9.3f} {100 * fit.accuracy:9.1f} % "
          f"{100 * fit.val_accuracy:7.1f} %")

val_nlls = np.array([fit.val_nll for fit in val_fits])
best = choose_lambda(val_fits)
k_best = val_fits.index(best)
assert val_nlls.argmin() == k_best and 0 < k_best < len(val_fits) - 1  # the minimum is inside the grid
assert best.val_nll < 0.6 * val_fits[0].val_nll   # the penalty lowers the validation NLL a lot
assert best.nll > val_fits[0].nll                  # while the training NLL is worse
train_nlls = np.array([fit.nll for fit in val_fits])
assert np.all(np.diff(train_nlls) > 0)             # the training NLL rises at every step
assert np.isclose(train_nlls[-1], np.log(2), atol=0.01) and np.isclose(val_nlls[-1], np.log(2), atol=0.01)
assert best.val_accuracy > val_fits[0].val_accuracy + 0.05  # and validation accuracy gains too
print(f"chosen on validation: λ = {best.lam:g} (validation NLL {best.val_nll:.3f}, "
      f"against {val_fits[0].val_nll:.3f} without penalty)")

# %% [markdown]
# The U-curve: without a penalty the network fits its 40 noisy examples closely (low
# training NLL) and is confidently wrong on many validation examples (high validation NLL).
# As $\lambda$ grows, the training NLL rises steadily, but the validation NLL first
# **falls**, to its minimum, and only then rises, once the penalty also erases the real
# structure (at $\lambda = 0.3$ both are $\log 2$). The validation accuracy tells the same
# story, less sharply (accuracy only counts which side of ½ a prediction falls): it rises
# from 69.5 % without penalty to 80 % at the chosen $\lambda$.

# %%
# NBVAL_IGNORE_OUTPUT
positions = np.arange(len(val_fits))
fig, (ax_loss, ax_acc) = subplots(1, 2, size=(4.4, 3.3))
ax_loss.plot(positions, [fit.nll for fit in val_fits], "-o", label="training NLL")
ax_loss.plot(positions, val_nlls, "-s", label="validation NLL")
ax_loss.plot([k_best], [best.val_nll], "o", markersize=13, markerfacecolor="none",
             markeredgecolor="black", markeredgewidth=1.5, label=f"chosen: λ = {best.lam:g}")
ax_loss.set_ylabel("mean NLL")
ax_loss.set_title("validation loss against λ: a U-curve")
ax_acc.plot(positions, [100 * fit.accuracy for fit in val_fits], "-o", label="training")
ax_acc.plot(positions, [100 * fit.val_accuracy for fit in val_fits], "-s", label="validation")
ax_acc.set_ylabel("accuracy (%)")
ax_acc.set_title("accuracy against λ")
for ax in (ax_loss, ax_acc):
    ax.set_xticks(positions, [f"{lam:g}" for lam in val_lambdas], rotation=45)
    ax.set_xlabel("λ")
ax_loss.set_ylim(top=1.1)  # room for the legend above the curves
ax_loss.legend(loc="upper right")
ax_acc.legend(loc="lower left")
plt.show()

# %% [markdown]
# λ is chosen; now, and only now, the test set, once, for the chosen model:

# %%
test_nll = float(dl.cross_entropy(best.model(X_test), y_test).value)
test_accuracy = dl.accuracy(best.model, X_test, y_test)
print(f"λ = {best.lam:g}: test NLL {test_nll:.3f}, test accuracy {100 * test_accuracy:.1f} % "
      f"(validation: {best.val_nll:.3f}, {100 * best.val_accuracy:.1f} %)")
assert abs(test_nll - best.val_nll) < 0.15  # new data, a similar loss: the estimate holds up

# %% [markdown]
# ## 6. "Smoother", measured
#
# A penalised network is often called *smoother*. One way to measure it: how fast the
# predicted probability changes as the input moves, the mean over the data of
# $\|\nabla_x\, p_\text{model}(y = 1 \mid x)\|$. `probability_slope` gets these input
# gradients from back-propagation (the input is a node like any other). Below, on the
# validation inputs:

# %%
slopes = np.array([probability_slope(fit.model, X_val) for fit in val_fits])
for fit, slope in zip(val_fits, slopes):
    print(f"λ = {fit.lam:<6g} mean ‖∇x p(y=1|x)‖ = {slope:.3f}")
assert np.all(np.diff(slopes[2:]) < 0)  # from λ = 0.003 on: the larger λ, the gentler the slope
assert slopes[-1] < 1e-6            # λ = 0.3: p = ½ everywhere, flat
ratio = slopes[k_best] / slopes[0]
assert ratio < 0.5
print(f"at the chosen λ = {best.lam:g} the slope is {ratio:.2f} times that without penalty")

# %% [markdown]
# For the smallest $\lambda$ the slope hardly changes (it even rises a little at
# $\lambda = 0.001$: a penalty that small barely touches the weights); from $\lambda = 0.003$
# on it falls at every step of the grid, and at the chosen $\lambda$ the probability changes
# less than half as fast as without penalty. The pictures: each panel shades the
# plane by $p_\text{model}(y = 1 \mid x)$ (white at $\tfrac12$), with the line $p = \tfrac12$
# where the predicted class changes, and the 40 training points (some with flipped labels).
# Without penalty, the network bends its boundary around single points and is nearly
# certain almost everywhere; at the chosen $\lambda$ the probabilities change gradually;
# at $\lambda = 0.3$ the model says $p = \tfrac12$ everywhere, a white plane.

# %%
# NBVAL_IGNORE_OUTPUT
shown = [val_fits[0], best, val_fits[-1]]
fig, axes = subplots(1, 3, size=(3.4, 3.2))
for ax, fit in zip(axes, shown):
    image = probability_map(ax, fit.model, X_train, y_train)
    slope = probability_slope(fit.model, X_val)
    ax.set_title(f"λ = {fit.lam:g}: slope {slope:.2f}" + (" (p = ½)" if slope < 1e-6 else ""))
axes[0].legend(loc="lower left", fontsize=8, frameon=True, framealpha=0.8)
fig.colorbar(image, ax=axes, label="p(class 1 | x)", shrink=0.9)
plt.show()

# %% [markdown]
# ## Play with it
#
# Slide $\lambda$ over the grid of section 5: the probabilities of the model trained with
# that $\lambda$ (with the training points), and where it sits on the training and
# validation curves. The text gives both losses and both accuracies. The models above are
# reused, so moving the slider only redraws.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.regularization import regularization_widget  # noqa: E402

regularization_widget(val_fits, X_train, y_train)

# %% [markdown]
# ## Summary
#
# - The loss is $J(\theta) = -\mathbb{E}_{\hat{p}_\text{data}}[\log p_\text{model}(y\mid x;\theta)] + \lambda\Omega(\theta)$;
#   the expectation over $\hat{p}_\text{data}$ is a mean over the training set.
# - $-\log p$ is 0 for a certain, correct prediction and grows without bound as the
#   probability of the true label goes to 0.
# - The softmax cross-entropy *is* the negative log-likelihood of a softmax output unit;
#   its gradient is $\mathrm{softmax}(z) - \mathrm{onehot}(y)$ (over $N$).
# - Weight decay, $\Omega = \tfrac12\|W\|^2$, adds $\lambda W$ to each weight's gradient: the
#   larger $\lambda$, the smaller the weights and the worse the training fit; too large, and
#   the network collapses to a constant.
# - What it is for shows on held-out data: with few, noisy examples and many units, the
#   validation loss against $\lambda$ is a U-curve. Choose $\lambda$ on the validation set,
#   report the test set once.
# - Larger $\lambda$ gives a gentler model: its probabilities change more slowly with $x$.
#
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell: run it and it tells you
# whether your answer is right, and if not, what is wrong (or the first input on which
# your answer differs). The solution is folded under each one; `show_solution(...)`
# prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb04, show_solution

# %% [markdown]
# ### Exercise 1: the L2-regularised loss
#
# Write `l2_regularized_loss(nll, weights, lam)`: $J = \mathrm{NLL} + \lambda \cdot \tfrac12
# \sum_{W} \sum_{i,j} W_{ij}^2$, where `nll` is a number and `weights` a list of numpy
# arrays (the weight matrices of every layer).

# %%
def l2_regularized_loss(nll, weights, lam):
    raise NotImplementedError  # your code here


nb04.L2_REGULARIZED_LOSS.check(l2_regularized_loss)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def l2_regularized_loss(nll, weights, lam):
#     omega = 0.5 * sum(np.sum(W ** 2) for W in weights)  # Ω = ½‖W‖², over every weight matrix
#     return nll + lam * omega
# ```
#
# $\Omega$ adds the squares of every weight of every layer; the $\tfrac12$ is there so that $\nabla_W \lambda\Omega = \lambda W$.
#
# </details>

# %% [markdown]
# ### Exercise 2: one step of weight decay
#
# Write `weight_decay_step(W, grad_nll, lr, lam)`: the weights after one SGD step on
# $J = \mathrm{NLL} + \lambda\cdot\tfrac12\|W\|^2$, given $\nabla_W \mathrm{NLL}$ (`grad_nll`),
# the learning rate $\epsilon$ (`lr`) and $\lambda$ (`lam`). Then convince yourself that the
# step multiplies $W$ by $(1 - \epsilon\lambda)$ before the NLL step.

# %%
def weight_decay_step(W, grad_nll, lr, lam):
    raise NotImplementedError  # your code here


nb04.WEIGHT_DECAY_STEP.check(weight_decay_step)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def weight_decay_step(W, grad_nll, lr, lam):
#     grad = grad_nll + lam * W  # ∇_W J = ∇_W NLL + λW
#     return W - lr * grad       # = (1 − lr·λ)·W − lr·∇_W NLL: the weights shrink, then the NLL step
# ```
#
# $W - \epsilon(\nabla_W \mathrm{NLL} + \lambda W) = (1 - \epsilon\lambda)W - \epsilon\nabla_W\mathrm{NLL}$: every step first shrinks the weights by the factor $1 - \epsilon\lambda$, hence the name weight decay.
#
# </details>

# %% [markdown]
# ### Exercise 3: choosing $\lambda$
#
# Write `select_lambda(lambdas, train_nll, val_nll)`: given a grid of $\lambda$ values and,
# for the model trained with each, its training NLL and validation NLL (lists in the order
# of `lambdas`), return the $\lambda$ to use. (You can try it on section 5's table:
# `select_lambda(val_lambdas, [f.nll for f in val_fits], [f.val_nll for f in val_fits])`.)

# %%
def select_lambda(lambdas, train_nll, val_nll):
    raise NotImplementedError  # your code here


nb04.CHOOSE_LAMBDA.check(select_lambda)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def select_lambda(lambdas, train_nll, val_nll):
#     best = int(np.argmin(val_nll))  # the held-out loss decides; the training loss cannot
#     return lambdas[best]
# ```
#
# The training NLL falls as $\lambda$ falls, so it always picks the smallest $\lambda$; the validation NLL measures what we care about, the loss on data the model has not seen, and is the one to minimise. The test set is kept for one last, unbiased report.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Why is the bias usually left out of $\Omega$? What would a penalty on the output
#    layer's bias push the predicted class probabilities towards?
#
# <details><summary>Answer</summary>
#
# A weight multiplies the input, so a large weight makes the function steep; a bias only
# shifts it, so it does not make the function any less smooth and needs no penalty (and
# there are few biases, so leaving them free costs little in overfitting). A penalty on the
# output bias pushes it towards 0, that is all logits towards equal offsets: the model's
# prior over the classes is pulled towards the uniform distribution, even when the classes
# are unbalanced (with 90 % of class 0, the right bias favours class 0).
#
# </details>
#
# 5. Replace the L2 penalty by the L1 penalty `dl.l1_penalty` in section 5's setting (write
#    the training loop as in the L1 aside of section 3). Does L1 make weights exactly zero?
#    What does it do to the validation NLL?
#
# <details><summary>Answer</summary>
#
# Its gradient is $\lambda\,\mathrm{sign}(W)$ (check it with `dl.backprop` on
# `lam * dl.l1_penalty(model.weights())`): a push of constant size, so small weights are
# driven towards zero much harder than by L2, whose push $\lambda W$ fades as $W$ does. But
# plain SGD overshoots: a weight at $|w| < \epsilon\lambda$ jumps across zero at every step,
# so, as section 3 counted, weights end up *near* zero, not *at* zero. A histogram of the
# weights shows the mass piled up around 0. Whether L1 lowers the validation NLL here,
# and at which $\lambda$, is for you to measure with a new grid: its $\lambda$ is on another
# scale than L2's (it multiplies $\sum |w|$, not $\tfrac12 \sum w^2$), so the best values differ.
#
# </details>
#
# 6. Section 5 reported the test score of the chosen model only. Why not compute the test
#    NLL for every $\lambda$ and report the best one?
#
# <details><summary>Answer</summary>
#
# Because then the test set would have been used to choose, and the best of eight noisy
# test scores is optimistic: it includes the luck of the draw in the model's favour. The
# reported number would no longer estimate the loss on new data. The validation set
# absorbs that optimism (its minimum is biased low), and the test set, touched once,
# stays an honest estimate.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("04_the_loss", nb04.EXERCISES)

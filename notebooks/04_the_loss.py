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
# - What $\lambda$ does to a trained network: smaller weights, a smoother decision
#   boundary, and a worse fit of the training data.
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
from dlnotes.plots import COLORS, decision_boundary, subplots
from dlnotes.regularization import fit_lambda_grid, weight_norm

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
# ## 4. What $\lambda$ does to a trained network
#
# Train the same MLP, $[2, 32, 32, 2]$ from the same initialisation, on the two moons
# (200 points, noise 0.25) with $J = \mathrm{NLL} + \lambda \cdot \tfrac12\|W\|^2$, for a
# grid of $\lambda$ values (100 epochs of minibatch SGD each, a fraction of a second).
# `dlnotes.regularization.fit_lambda_grid` trains one model per $\lambda$ and reports the
# two parts of the training loss.

# %%
X, y = dl.datasets.moons(n=200, noise=0.25, seed=0)
lambdas = [0.0, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1]
fits = fit_lambda_grid(X, y, lambdas, sizes=(2, 32, 32, 2), lr=0.1, num_epochs=100)

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
# network predicts $p = \tfrac12$ for both classes, and the NLL is $\log 2$. Between the
# extremes, the penalty trades a slightly worse training fit for a simpler function.

# %%
# NBVAL_IGNORE_OUTPUT
shown = [0, 3, 6]  # λ = 0, 0.01, 0.3
fig, axes = subplots(1, 4, size=(3.2, 3.0))
for ax, k in zip(axes, shown):
    decision_boundary(ax, fits[k].model, X, y)
    ax.set_title(f"λ = {fits[k].lam:g}, ‖W‖ = {fits[k].weight_norm:.1f}")
ax = axes[-1]
positions = np.arange(len(fits))
ax.plot(positions, norms, "-o", label="‖W‖")
ax.set_xticks(positions, [f"{lam:g}" for lam in lambdas], rotation=45)
ax.set_xlabel("λ")
ax.set_ylabel("weight norm ‖W‖", color=COLORS[0])
twin = ax.twinx()
twin.plot(positions, nlls, "-s", color=COLORS[1], label="training NLL")
twin.set_ylabel("training NLL", color=COLORS[1])
ax.set_title("‖W‖ falls, the NLL rises")
plt.show()

# %% [markdown]
# ## Play with it
#
# Slide $\lambda$ over the grid: the decision boundary of the model trained with that
# $\lambda$, and where it sits on the weight-norm curve. The models above are reused, so
# moving the slider only redraws.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.regularization import regularization_widget

regularization_widget(fits, X, y)

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
#
# ## Exercises
#
# 1. Replace $\Omega = \tfrac12\|W\|^2$ by the L1 penalty `dl.l1_penalty` and show, via
#    `dl.backprop`, that its gradient is $\lambda\,\mathrm{sign}(W)$. Train on the moons:
#    how many weights end up (almost) exactly zero, compared with weight decay?
# 2. Split the moons into a training and a test set (`dl.datasets.train_test_split`) and
#    compute the *test* accuracy for every $\lambda$. Which $\lambda$ is best?
# 3. Show that one SGD step on $J$ with learning rate $\epsilon$ multiplies the weights by
#    $(1 - \epsilon\lambda)$ before the NLL step. Check it on one step of `dl.SGD`.
# 4. Why is the bias usually left out of $\Omega$? What would a penalty on the output
#    layer's bias push the predicted class probabilities towards?

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
# # 11. Batch training and stochastic gradient descent
#
# *Robbins & Monro (1951), "A stochastic approximation method".*
#
# Robbins and Monro asked how to find the root of a function that can only be measured with
# noise. Their answer, step against each noisy measurement with steps that shrink just fast
# enough, is stochastic gradient descent: the gradient of the training loss measured on a few
# examples is a noisy but unbiased measurement of the true one.
#
# ## What you will learn
#
# - Full-batch gradient descent, per-example SGD and minibatches under the same budget of
#   gradient evaluations: which gets further per example seen.
# - With a constant step $\varepsilon$, SGD stalls at a *noise floor* proportional to $\varepsilon$.
# - Robbins and Monro's conditions $\sum_k \varepsilon_k = \infty$, $\sum_k \varepsilon_k^2 < \infty$,
#   and why a schedule that meets them keeps converging while one that decays too fast stops short.
#
# ## What you need
#
# - `06_parameter_update.ipynb` (the step $\theta \leftarrow \theta - \varepsilon G$, eigenvalues and step sizes).
# - `07_expectation_and_gradient.ipynb` (a minibatch gradient is an unbiased estimate).

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes.estimators import loglog_slope
from dlnotes.plots import COLORS, subplots
from dlnotes.stochastic_approximation import (budget_runs, constant_schedule, least_squares_data,
                                              least_squares_gradient, least_squares_loss, noise_floor,
                                              robbins_monro_schedule, schedule_sums, sgd_runs)

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. The problem and its gradient
#
# Least squares on 500 examples with 5 features of different scales:
#
# $$J(w) = \frac{1}{2N} \sum_{n=1}^N (x_n \cdot w - y_n)^2, \qquad
#   \nabla J(w) = \frac1N \sum_n x_n\,(x_n \cdot w - y_n).$$
#
# Its minimum $w^*$ is known in closed form, so we can watch the *excess loss* $J(w) - J^*$.
# The gradient is written in numpy for speed; first we check it against back-propagation
# through the graph of $J$.

# %%
X, y, w_star = least_squares_data(n=500, seed=0)
J_star = least_squares_loss(w_star, X, y)
w_test = rng.normal(size=X.shape[1])
w_node = dl.Node(w_test)
residual = X @ w_node - y
dl.backprop(0.5 * dl.mean(residual * residual))
error = np.abs(w_node.grad - least_squares_gradient(w_test, X, y)).max()
H = X.T @ X / len(X)
eigenvalues = np.linalg.eigvalsh(H)
print(f"J* = {J_star:.4f}; gradient vs dl.backprop: largest difference below 1e-12: {error < 1e-12}")
print(f"eigenvalues of the Hessian: {np.round(eigenvalues, 3)}; stable steps ε < 2/λ_max = {2 / eigenvalues[-1]:.2f}")
assert error < 1e-12
assert np.allclose(least_squares_gradient(w_star, X, y), 0, atol=1e-12)

# %% [markdown]
# ## 2. The same budget, three ways to spend it
#
# Count the cost in per-example gradients: a full-batch step costs $N = 500$, a minibatch
# step $B$, an SGD step 1. With 20,000 examples to spend and the same $\varepsilon = 0.04$:

# %%
budget = 20_000
runs = budget_runs(X, y, lr=0.04, batch_sizes=[1, 10, len(X)], budget=budget, rng=np.random.default_rng(1))
for B, (examples, losses) in runs.items():
    reached_1e2 = examples[np.argmax(losses - J_star < 1e-2)] if (losses - J_star < 1e-2).any() else None
    print(f"batch size {B:3d}: {budget // B:5d} steps, final J − J* = {losses[-1] - J_star:.1e}, "
          f"J − J* < 0.01 after {reached_1e2} examples")
sgd_final, minibatch_final, full_final = (runs[B][1][-1] - J_star for B in (1, 10, len(X)))
assert full_final > minibatch_final and full_final > sgd_final

# %% [markdown]
# Per example seen, the noisy steps win early: SGD has taken 500 steps by the time full-batch
# descent has taken one. But SGD then stops improving, while the minibatch run, whose
# gradient is 10 times less noisy (its variance falls as $1/B$), ends lower.
#
# ## 3. The noise floor of a constant step
#
# Start SGD at the minimum itself. The gradient there is zero on average, but not on one
# example: each step kicks $w$ away, and the pull back towards $w^*$ balances the kicks at
# an excess loss that, for small $\varepsilon$, is proportional to $\varepsilon$. We run four steps,
# on the same sampled examples, for 20,000 steps each:

# %%
lrs = np.array([0.005, 0.01, 0.02, 0.04])
steps, losses = sgd_runs(X, y, np.array([constant_schedule(lr, 20_000) for lr in lrs]), batch_size=1,
                         w0=w_star, rng=np.random.default_rng(2), record_every=100)
floors = noise_floor(losses, J_star)
slope = loglog_slope(lrs, floors)
for lr, floor in zip(lrs, floors):
    print(f"ε = {lr:.3f}: noise floor J − J* = {floor:.5f}")
print(f"log-log slope of the floor against ε: {slope:.2f} (1 means proportional)")
assert 0.85 < slope < 1.15 and np.all(np.diff(floors) > 0)

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax0, ax1) = subplots(1, 2, size=(4.6, 3.5))
for (B, (examples, run_losses)), color in zip(runs.items(), COLORS):
    ax0.loglog(examples[1:], run_losses[1:] - J_star, color=color,
               label="full batch (GD)" if B == len(X) else f"batch size {B}")
ax0.set_xlabel("examples seen")
ax0.set_ylabel("J(w) − J*")
ax0.set_title("The same budget of examples")
ax0.legend(fontsize=9)
for lr, run_losses, floor, color in zip(lrs, losses, floors, COLORS):
    ax1.semilogy(steps[1:] / 1000, run_losses[1:] - J_star, color=color, alpha=0.6, linewidth=1)
    ax1.axhline(floor, color=color, linestyle="--", linewidth=2, label=f"ε = {lr:g}: floor {floor:.4f}")
ax1.set_ylim(floors.min() / 30, floors.max() * 8)
ax1.set_xlabel("step k, thousands (started at the minimum)")
ax1.set_ylabel("J(w_k) − J*")
ax1.set_title("Constant steps hover at a floor ∝ ε")
ax1.legend(fontsize=8, loc="lower right", ncol=2)
plt.show()

# %% [markdown]
# ## 4. Robbins and Monro's schedule
#
# To reach the minimum the steps must shrink, but not too fast. Robbins and Monro's two
# conditions:
#
# $$\sum_{k} \varepsilon_k = \infty \quad\text{(the steps can still travel any distance)}, \qquad
#   \sum_{k} \varepsilon_k^2 < \infty \quad\text{(the noise they let in has a finite total variance)}.$$
#
# $\varepsilon_k = \varepsilon_0/(1 + k/k_0)^p$ meets both for $\tfrac12 < p \le 1$. With $p = 2$ the
# steps add up to a finite distance ($\approx \varepsilon_0 k_0$) and SGD stops before it gets there.
# Started from $w = 0$, on the same examples:

# %%
K = 20_000
schedules = {
    "constant ε = 0.04": constant_schedule(0.04, K),
    "Robbins–Monro, p = 1": robbins_monro_schedule(0.04, K, k0=500, power=1.0),
    "decays too fast, p = 2": robbins_monro_schedule(0.04, K, k0=20, power=2.0),
}
steps, losses = sgd_runs(X, y, np.array(list(schedules.values())), batch_size=1,
                         rng=np.random.default_rng(3), record_every=100)
excess = losses - J_star
for (name, schedule), run in zip(schedules.items(), excess):
    total, squares = schedule_sums(schedule)
    print(f"{name:24s} Σε = {total:7.1f}, Σε² = {squares:6.3f}; J − J* at 5,000 steps {run[50]:.1e}, "
          f"at 20,000 {run[-1]:.1e}")
constant, robbins_monro, too_fast = excess
assert robbins_monro[-1] < robbins_monro[50] and robbins_monro[-1] < 0.2 * noise_floor(constant[None], 0)[0]
assert too_fast[-1] > 10 * constant[-1]

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(1, 1, size=(6.0, 3.5))
for (name, _), run, color in zip(schedules.items(), excess, COLORS):
    ax.loglog(steps[1:], run[1:], color=color, label=name)
ax.set_xlabel("step k")
ax.set_ylabel("J(w_k) − J*")
ax.set_title("Shrinking steps keep converging; too fast a decay stalls")
ax.legend(fontsize=9, loc="lower left")
plt.show()

# %% [markdown]
# In practice deep-learning schedules (step decay, cosine, warm restarts) do not meet the
# conditions to the letter, since training stops after a finite number of steps; what they
# keep is the idea: large steps to travel, then small steps to settle below the noise floor.
#
# ## Play with it
#
# Choose a batch size and a schedule: the excess loss against the examples seen, all under the
# same budget, with full-batch gradient descent (dashed) for reference.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.sgd_schedules import sgd_schedule_widget

sgd_schedule_widget()

# %% [markdown]
# ## Summary
#
# - A minibatch gradient is an unbiased, noisy measurement of the full gradient; per example
#   seen, noisy steps make far more progress early than full-batch descent.
# - With a constant step, SGD settles at a noise floor proportional to $\varepsilon$ (measured
#   slope ≈ 1 on a log-log scale).
# - Robbins and Monro: steps with $\sum \varepsilon_k = \infty$ and $\sum \varepsilon_k^2 < \infty$, such as
#   $\varepsilon_0/(1 + k/k_0)$, keep converging; steps that decay too fast ($\sum \varepsilon_k < \infty$) stall.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb11, show_solution

# %% [markdown]
# ### Exercise 1: a minibatch gradient
#
# Write `minibatch_gradient(w, X, y, rows)`: $\hat g_B(w) = \frac{1}{|B|}\sum_{n \in B} x_n (x_n \cdot w - y_n)$
# for the rows `rows` (an integer array, possibly with repeats).

# %%
def minibatch_gradient(w, X, y, rows):
    raise NotImplementedError  # your code here


nb11.MINIBATCH_GRADIENT.check(minibatch_gradient)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def minibatch_gradient(w, X, y, rows):
#     Xb, yb = X[rows], y[rows]
#     return Xb.T @ (Xb @ w - yb) / len(rows)  # the mean of x_n (x_n·w − y_n) over the batch
# ```
#
# Each row contributes $x_n (x_n\cdot w - y_n)$, the gradient of $\tfrac12(x_n\cdot w - y_n)^2$; a row drawn twice (sampling with replacement) counts twice. Averaging makes $\mathbb{E}[\hat g_B] = \nabla J$, so the same $\varepsilon$ works for every batch size.
#
# </details>

# %% [markdown]
# ### Exercise 2: Robbins and Monro's conditions
#
# Write `satisfies_robbins_monro(p)`: `True` when $\varepsilon_k = \varepsilon_0 / k^p$ meets both
# $\sum_k \varepsilon_k = \infty$ and $\sum_k \varepsilon_k^2 < \infty$.

# %%
def satisfies_robbins_monro(p):
    raise NotImplementedError  # your code here


nb11.ROBBINS_MONRO_CONDITIONS.check(satisfies_robbins_monro)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def satisfies_robbins_monro(p):
#     return bool(0.5 < p <= 1)  # Σ 1/k^p diverges iff p ≤ 1; Σ 1/k^(2p) converges iff p > ½
# ```
#
# $\sum_k k^{-p}$ diverges exactly when $p \le 1$, and $\sum_k k^{-2p}$ converges exactly when $2p > 1$: both hold for $\tfrac12 < p \le 1$.
#
# </details>

# %% [markdown]
# ### Exercise 3: the floor at half the step
#
# With a constant step $\varepsilon = 0.02$, SGD's excess loss hovers at $0.0027$. Predict the floor
# at $\varepsilon = 0.01$.

# %%
floor_at_half_the_step = ...  # your answer: a number

nb11.FLOOR_AT_HALF_THE_STEP.check(floor_at_half_the_step)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# floor_at_half_the_step = 0.0027 / 2  # the floor is proportional to ε for small ε
# ```
#
# Near the minimum, $J - J^* \approx \tfrac12 \delta^\top H \delta$ with $\delta = w - w^*$. A step adds noise of covariance $\varepsilon^2 \Sigma_g$ and shrinks $\delta$ by $(I - \varepsilon H)$; at balance $\mathbb{E}[\delta^\top H \delta] \approx \tfrac{\varepsilon}{2}\,\mathrm{tr}\,\Sigma_g$, linear in $\varepsilon$.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Averaging the iterates (Polyak–Ruppert): with a constant step, report
#    $\bar w_K = \frac1K \sum_k w_k$ instead of $w_K$. Why can $\bar w$ lie far below the noise floor?
#
# <details><summary>Answer</summary>
#
# At a constant step the iterates wander around $w^*$ in a stationary cloud whose mean is close
# to $w^*$; the floor measures the spread of the cloud, not the error of its centre. Averaging
# $K$ correlated iterates shrinks the spread roughly like $1/K$ (times the correlation time),
# so $J(\bar w) - J^*$ keeps falling with a constant step. Try it with `sgd_runs`, recording
# $w$ instead of $J$.
#
# </details>
#
# 5. Why does the minibatch of size 10 end below per-example SGD in section 2, although both
#    used the same $\varepsilon$ and the same number of examples?
#
# <details><summary>Answer</summary>
#
# The floor is proportional to $\varepsilon$ times the variance of one step's gradient, and the
# minibatch gradient's variance is 10 times smaller: its floor is about 10 times lower. It
# pays with 10 times fewer steps, which matters early (it reaches the floor later) but not
# once both have converged.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("11_batch_training_and_sgd", nb11.EXERCISES)

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
# # 6. The parameter update
#
# Back-propagation gives the gradient $G = \nabla_\theta J(\theta)$. Learning is then one
# line: step against it,
#
# $$\theta \leftarrow \theta - \varepsilon G ,$$
#
# with a **learning rate** $\varepsilon > 0$. Everything interesting is in the choice of
# $\varepsilon$. On a two-parameter loss surface we can watch every step, and see the
# four things that can happen: too slow, good, oscillating, diverging.
#
# ## What you will learn
#
# - the update $\theta \leftarrow \theta - \varepsilon G$ (`dlnotes.SGD`), run step by step;
# - why an **ill-conditioned** surface (a steep direction and a flat one) makes the
#   learning rate hard to choose;
# - the four regimes, and the rule behind them: descent converges when
#   $\varepsilon < 2/\lambda_{\max}$, the largest curvature;
# - how a diverging run is stopped with a clear error (`dlnotes.TrainingDiverged`)
#   instead of a plot full of NaN.
#
# ## What you need
#
# - `05_backprop.ipynb` (back-propagation gives $G$) and `04_the_loss.ipynb` (what $J$ is);
# - eigenvalues and eigenvectors of a symmetric 2×2 matrix; basic numpy.

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes.plots import COLORS, loss_curve, subplots
from dlnotes.plots.surfaces import surface_contours, trajectory
from dlnotes.surfaces import Quadratic, descend

# %% [markdown]
# ## A loss surface with a steep and a flat direction
#
# Near a minimum every smooth loss looks like a quadratic bowl. We take one directly:
#
# $$J(\theta) = \tfrac12\, \theta^\top A\, \theta, \qquad A = Q \begin{pmatrix} \lambda_1 & 0 \\ 0 & \lambda_2 \end{pmatrix} Q^\top, \qquad \nabla_\theta J = A\theta ,$$
#
# with curvatures $\lambda_1 = 1$ (flat) and $\lambda_2 = 10$ (steep) along the
# eigenvectors $q_1, q_2$, the columns of a rotation $Q$ by 30°. The ratio
# $\lambda_{\max}/\lambda_{\min} = 10$ is the **condition number**: the bowl is a long,
# narrow valley. `Quadratic` builds $J$ from dlnotes nodes, so `dl.backprop` gives $G$;
# we check it against $A\theta$ and against central differences.

# %%
surface = Quadratic(eigenvalues=(1.0, 10.0), angle=np.pi / 6)
theta0 = np.array([-2.5, 1.5])

theta = dl.Node(theta0.copy(), name="θ")
J = surface(theta)
dl.backprop(J)
assert np.allclose(theta.grad, surface.A @ theta0)           # G = Aθ
assert np.allclose(np.linalg.eigvalsh(surface.A), [1.0, 10.0])
assert dl.gradcheck(surface, theta0) < 1e-8
print(f"J(θ0) = {float(J.value):.4f}")
print(f"G = ∂J/∂θ at θ0 = [{theta.grad[0]:.4f}, {theta.grad[1]:.4f}]  (Aθ0 = "
      f"[{(surface.A @ theta0)[0]:.4f}, {(surface.A @ theta0)[1]:.4f}])")

# %% [markdown]
# ## One step, by hand and by `dl.SGD`
#
# `dl.SGD(params, lr)` holds the parameters; its `step()` does
# $\theta \leftarrow \theta - \varepsilon G$ in place with the gradients that
# back-propagation left in `.grad`. One step with $\varepsilon = 0.05$:

# %%
lr = 0.05
optimizer = dl.SGD([theta], lr)
by_hand = theta0 - lr * theta.grad
optimizer.step()
assert np.allclose(theta.value, by_hand)
J_after = float(surface(theta).value)
assert J_after < float(J.value)
print(f"θ1 = [{theta.value[0]:.4f}, {theta.value[1]:.4f}], J(θ1) = {J_after:.4f} < J(θ0) = {float(J.value):.4f}")

# %% [markdown]
# ## Why the eigenvalues decide
#
# Write $\theta$ in the eigenvector basis. Since $G = A\theta$, one update multiplies
# the component along each $q_i$ by a fixed factor:
#
# $$q_i^\top \theta_{k+1} = (1 - \varepsilon \lambda_i)\, q_i^\top \theta_k
# \quad\Longrightarrow\quad q_i^\top \theta_k = (1 - \varepsilon \lambda_i)^k\, q_i^\top \theta_0 .$$
#
# So descent converges when $|1 - \varepsilon\lambda_i| < 1$ for both directions, that is
#
# $$0 < \varepsilon < \frac{2}{\lambda_{\max}} ,$$
#
# it **oscillates** across the valley when $\varepsilon\lambda_{\max} > 1$ (the factor is
# negative: the sign flips at each step), and it **diverges** above $2/\lambda_{\max}$.
# Meanwhile the flat direction shrinks only by $1 - \varepsilon\lambda_{\min}$ per step,
# so a small $\varepsilon$ is safe but slow. The best compromise,
# $\varepsilon^* = 2/(\lambda_{\min} + \lambda_{\max})$, still only shrinks the error by
# $(\kappa - 1)/(\kappa + 1)$ per step, with $\kappa = \lambda_{\max}/\lambda_{\min}$.

# %%
lam_min, lam_max = surface.eigenvalues.min(), surface.eigenvalues.max()
kappa = lam_max / lam_min
print(f"λ_min = {lam_min:g}, λ_max = {lam_max:g}, condition number κ = {kappa:g}")
print(f"converges for ε < 2/λ_max = {surface.max_stable_lr:.4f}")
print(f"oscillates for ε > 1/λ_max = {1 / lam_max:.4f}")
print(f"best ε* = 2/(λ_min + λ_max) = {surface.best_lr:.4f}, "
      f"slowest factor (κ − 1)/(κ + 1) = {(kappa - 1) / (kappa + 1):.4f}")
assert np.isclose(np.abs(surface.factors(surface.best_lr)).max(), (kappa - 1) / (kappa + 1))

# %% [markdown]
# ## Four learning rates, four regimes
#
# We run 60 steps of descent from the same $\theta_0$ with four learning rates, chosen
# against the landmarks $1/\lambda_{\max} = 0.1$ and $2/\lambda_{\max} = 0.2$. `descend`
# records the trajectory; when the loss stops being finite or passes a bound (here
# $10^6$), it raises `dl.TrainingDiverged` with a message naming the learning rate,
# and the exception carries the steps taken so far.

# %%
regimes = {"too slow": 0.01, "good": 0.1, "oscillating": 0.19, "diverging": 0.22}
num_steps = 60
runs = {}
for name, lr in regimes.items():
    try:
        runs[name] = descend(surface, theta0, lr, num_steps)
        print(f"{name:<12} ε = {lr:<5} {surface.regime(lr):<24} J after {num_steps} steps = "
              f"{runs[name].losses[-1]:.2e}")
    except dl.TrainingDiverged as error:
        runs[name] = error.descent  # the steps up to the divergence, all finite
        print(f"{name:<12} ε = {lr:<5} {surface.regime(lr):<24} {error}")

# %% [markdown]
# Each claim, checked:
#
# - the regimes are what the factors $1 - \varepsilon\lambda_i$ predict;
# - too slow: after 60 steps the loss is still above 0.5 % of where it started;
# - good: it has fallen by more than a factor $10^6$;
# - oscillating: the steep component $q_2^\top\theta$ changes sign at every step, and
#   the loss still falls;
# - diverging: it stopped early, with every recorded loss finite;
# - along each eigenvector the trajectory is exactly $(1 - \varepsilon\lambda_i)^k\, q_i^\top\theta_0$.

# %%
assert regimes["oscillating"] < surface.max_stable_lr < regimes["diverging"]
assert regimes["good"] <= 1 / lam_max < regimes["oscillating"]
assert [surface.regime(lr) for lr in regimes.values()] == [
    "converges monotonically", "converges monotonically", "oscillates", "diverges"]

J0 = runs["good"].losses[0]
assert runs["too slow"].losses[-1] > 5e-3 * J0
assert runs["good"].losses[-1] < 1e-6 * J0
steep = runs["oscillating"].trajectory @ surface.Q[:, 1]
assert np.all(np.sign(steep[1:]) == -np.sign(steep[:-1]))
assert runs["oscillating"].losses[-1] < 1e-4 * J0
assert len(runs["diverging"].losses) < num_steps + 1 and np.all(np.isfinite(runs["diverging"].losses))
for name in ("too slow", "good", "oscillating"):
    lr, run = regimes[name], runs[name]
    k = np.arange(len(run.losses))[:, None]
    assert np.allclose(run.trajectory @ surface.Q, surface.factors(lr) ** k * (surface.Q.T @ theta0))

print(f"too slow:    J60/J0 = {runs['too slow'].losses[-1] / J0:.4f}")
print(f"good:        J60/J0 = {runs['good'].losses[-1] / J0:.1e}")
print(f"oscillating: q2ᵀθ changes sign at all {len(steep) - 1} steps; J60/J0 = {runs['oscillating'].losses[-1] / J0:.1e}")
print(f"diverging:   stopped after {len(runs['diverging'].losses)} finite steps")

# %% [markdown]
# The trajectories on the contours of $J$. The arrows from the minimum (★) are the
# eigenvectors: the flat direction $q_1$ and the steep one $q_2$.

# %%
# NBVAL_IGNORE_OUTPUT
fig, axes = subplots(1, 4, size=(3.4, 3.4))
for ax, (name, lr) in zip(axes, regimes.items()):
    surface_contours(ax, surface, eigenvectors=(name == "too slow"))
    trajectory(ax, runs[name].trajectory)
    ax.set_title(f"{name}: ε = {lr}")
plt.show()

# %% [markdown]
# And the losses, on a log scale. The good rate falls fast once the steep direction is
# gone; the oscillating one falls steadily (the loss cannot see the sign of
# $q_2^\top\theta$, only its size); the slow one has barely started along the flat
# direction; the diverging one grows by $(1 - \varepsilon\lambda_{\max})^2 = 1.44$ per
# step until `descend` stops it at the bound.

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(size=(7, 3.6))
for color, (name, lr) in zip(COLORS, regimes.items()):
    loss_curve(ax, runs[name].losses, label=f"{name} (ε = {lr})", color=color)
last = runs["diverging"].losses
ax.plot(len(last) - 1, last[-1], marker="x", color=COLORS[3], markersize=10, linestyle="none")
ax.axhline(1e6, color="0.5", linestyle=":", linewidth=1)
ax.text(num_steps, 1.5e6, "divergence bound", ha="right", va="bottom", fontsize=8, color="0.4")
ax.set_title("J(θ) during gradient descent")
ax.legend(loc="lower left", fontsize=8)
plt.show()

# %% [markdown]
# ## The divergence, caught
#
# A diverging run never reaches a plot as NaN: `descend` checks the loss at every step
# and raises. Here is the message for a learning rate five times too large:

# %%
try:
    descend(surface, theta0, lr=1.0, num_steps=num_steps)
except dl.TrainingDiverged as error:
    print(error)
    print(f"steps kept: {len(error.descent.losses)}, all finite: {np.all(np.isfinite(error.descent.losses))}")

# %% [markdown]
# ## Play with it
#
# Slide $\varepsilon$ (on a log scale, from 0.001 to 1) and watch the trajectory and the
# loss. Find the edges: where does the zig-zag start, and where does descent blow up?
# Compare them with $1/\lambda_{\max} = 0.1$ and $2/\lambda_{\max} = 0.2$. When a run
# diverges, the text shows the error message and the plots show the steps before it.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.learning_rate import learning_rate_widget  # noqa: E402

learning_rate_widget()

# %% [markdown]
# ## Summary
#
# - The parameter update is $\theta \leftarrow \theta - \varepsilon G$: `dl.backprop` fills
#   $G$, `dl.SGD(params, lr).step()` takes the step.
# - On a quadratic, each eigen-direction is multiplied by $1 - \varepsilon\lambda_i$ per
#   step: descent converges iff $\varepsilon < 2/\lambda_{\max}$ and oscillates once
#   $\varepsilon > 1/\lambda_{\max}$.
# - The steep direction caps $\varepsilon$; the flat direction then decides the speed:
#   ill-conditioning (large $\lambda_{\max}/\lambda_{\min}$) makes descent slow.
# - A diverging run is stopped with `dl.TrainingDiverged`, naming the learning rate.
#
# ## Exercises
#
# 1. Make the surface worse: `Quadratic(eigenvalues=(1, 100))`. What is the largest stable
#    $\varepsilon$ now, and how many steps does the best rate need to shrink the loss by $10^6$?
# 2. Start at $\theta_0 = 2 q_1$, exactly on the flat eigenvector. Which learning rates
#    diverge now, and why does the rule $\varepsilon < 2/\lambda_{\max}$ still matter in
#    practice (think of rounding)?
# 3. Run `descend` with $\varepsilon = 0.2$ exactly. What does the trajectory do?
#    Check your answer with `surface.regime(0.2)`.
# 4. `descend` accepts any `loss_fn` built from dlnotes nodes. Try
#    $J(\theta) = (1 - \theta_1)^2 + 10(\theta_2 - \theta_1^2)^2$ (a small Rosenbrock valley):
#    which learning rates work, and why is there no single $2/\lambda_{\max}$?

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
# # 6. The parameter update
#
# Back-propagation gives the gradient $G = \nabla_\theta J(\theta)$. Learning is then one
# line: step against it,
#
# $$\theta \leftarrow \theta - \varepsilon G ,$$
#
# with a **learning rate** $\varepsilon > 0$. Everything interesting is in the choice of
# $\varepsilon$. On a two-parameter loss surface we can watch every step, and name what
# can happen from the surface's curvatures: monotone, oscillating but converging, fastest,
# diverging.
#
# ## What you will learn
#
# - the update $\theta \leftarrow \theta - \varepsilon G$ (`dlnotes.SGD`), run step by step;
# - why an **ill-conditioned** surface (a steep direction and a flat one) makes the
#   learning rate hard to choose;
# - the regimes and the rule behind them: descent is monotone below $1/\lambda_{\max}$,
#   oscillates but converges up to $2/\lambda_{\max}$ ($\lambda_{\max}$ the largest curvature),
#   and diverges beyond; it is fastest at $\varepsilon^* = 2/(\lambda_{\min} + \lambda_{\max})$;
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
# ## The regimes, named by the analysis
#
# The factors $1 - \varepsilon\lambda_i$ cut the $\varepsilon$ axis into regimes, and the
# per-step rate of the slowest direction, $\rho(\varepsilon) = \max_i |1 - \varepsilon\lambda_i|$
# (`surface.rate`), says how fast each converges:
#
# | $\varepsilon$ | factors $1 - \varepsilon\lambda_i$ | regime |
# |---|---|---|
# | $0 < \varepsilon \le 1/\lambda_{\max}$ | both in $[0, 1)$ | **monotone**: every component shrinks without changing sign |
# | $1/\lambda_{\max} < \varepsilon < 2/\lambda_{\max}$ | steep one in $(-1, 0)$ | **oscillating but converging**: $q_2^\top\theta$ flips sign every step |
# | $\varepsilon^* = 2/(\lambda_{\min} + \lambda_{\max})$ | $\pm(\kappa - 1)/(\kappa + 1)$ | **fastest**: the smallest $\rho$ (it oscillates too: $\varepsilon^* > 1/\lambda_{\max}$) |
# | $\varepsilon > 2/\lambda_{\max}$ | steep one below $-1$ | **diverging** |
#
# We run 60 steps of descent from the same $\theta_0$ with five learning rates: two
# monotone ones (0.01, and $1/\lambda_{\max} = 0.1$ itself, where the steep factor is 0),
# the best rate $\varepsilon^*$, an oscillating one (0.19) and a diverging one (0.22).
# `descend` records the trajectory; when the loss stops being finite or passes a bound
# (here $10^6$), it raises `dl.TrainingDiverged` with a message naming the learning rate,
# and the exception carries the steps taken so far.

# %%
regimes = {"monotone, slow": 0.01, "monotone": 1 / lam_max, "fastest (ε*)": surface.best_lr,
           "oscillating": 0.19, "diverging": 0.22}
num_steps = 60
runs = {}
for name, lr in regimes.items():
    try:
        runs[name] = descend(surface, theta0, lr, num_steps)
        print(f"{name:<15} ε = {lr:.4f}  ρ = {surface.rate(lr):.4f}  {surface.regime(lr):<24} "
              f"J after {num_steps} steps = {runs[name].losses[-1]:.2e}")
    except dl.TrainingDiverged as error:
        runs[name] = error.descent  # the steps up to the divergence, all finite
        print(f"{name:<15} ε = {lr:.4f}  ρ = {surface.rate(lr):.4f}  {surface.regime(lr):<24} {error}")

# %% [markdown]
# Each name, checked against the analysis and against the runs:
#
# - the two monotone rates lie at or below $1/\lambda_{\max}$, and no component of their
#   trajectories ever changes sign;
# - the oscillating rate and $\varepsilon^*$ lie between $1/\lambda_{\max}$ and $2/\lambda_{\max}$:
#   the steep component $q_2^\top\theta$ changes sign at every step, and the loss still falls;
# - $\varepsilon^*$ has the smallest rate $\rho$ on a fine grid of $\varepsilon$, and the lowest loss
#   after 60 steps of all five runs; measured on the run, $\lVert\theta_{60}\rVert / \lVert\theta_{59}\rVert = \rho$;
# - the diverging rate lies beyond $2/\lambda_{\max}$: it stopped early, with every recorded loss finite;
# - along each eigenvector the trajectory is exactly $(1 - \varepsilon\lambda_i)^k\, q_i^\top\theta_0$.

# %%
eps_grid = np.linspace(0.001, 0.25, 2491)  # steps of 1e-4
rates = np.array([surface.rate(lr) for lr in eps_grid])
assert abs(eps_grid[rates.argmin()] - surface.best_lr) < 1e-4

assert regimes["monotone, slow"] < regimes["monotone"] <= 1 / lam_max
assert 1 / lam_max < regimes["fastest (ε*)"] < regimes["oscillating"] < surface.max_stable_lr < regimes["diverging"]
assert [surface.regime(lr) for lr in regimes.values()] == [
    "converges monotonically", "converges monotonically", "oscillates", "oscillates", "diverges"]

J0 = runs["monotone"].losses[0]
for name in ("monotone, slow", "monotone"):
    components = runs[name].trajectory @ surface.Q
    assert np.all(components[1:] * np.sign(components[:1]) > -1e-12)  # never changes sign (up to rounding)
for name in ("fastest (ε*)", "oscillating"):
    steep = runs[name].trajectory @ surface.Q[:, 1]
    assert np.all(np.sign(steep[1:]) == -np.sign(steep[:-1]))
    assert np.all(np.diff(runs[name].losses) < 0)
converging = [name for name in regimes if name != "diverging"]
assert min(converging, key=lambda name: runs[name].losses[-1]) == "fastest (ε*)"
norms = np.linalg.norm(runs["fastest (ε*)"].trajectory, axis=1)
assert abs(norms[-1] / norms[-2] - surface.rate(surface.best_lr)) < 1e-9
assert len(runs["diverging"].losses) < num_steps + 1 and np.all(np.isfinite(runs["diverging"].losses))
for name in converging:
    lr, run = regimes[name], runs[name]
    k = np.arange(len(run.losses))[:, None]
    assert np.allclose(run.trajectory @ surface.Q, surface.factors(lr) ** k * (surface.Q.T @ theta0))

print(f"smallest ρ on the grid at ε = {eps_grid[rates.argmin()]:.4f} (ε* = {surface.best_lr:.4f}), "
      f"ρ(ε*) = {rates.min():.4f}")
for name in converging:
    print(f"{name:<15} J60/J0 = {runs[name].losses[-1] / J0:.1e}")
print(f"fastest (ε*):   ‖θ60‖/‖θ59‖ = {norms[-1] / norms[-2]:.4f} = ρ(ε*)")
print(f"diverging:      stopped after {len(runs['diverging'].losses)} finite steps")

# %% [markdown]
# The trajectories on the contours of $J$. The first panel shows the valley alone, with
# its eigenvectors from the minimum (★): the flat direction $q_1$ and the steep one $q_2$.
# The diverging run is drawn zoomed out three times, up to where it leaves the plot.

# %%
# NBVAL_IGNORE_OUTPUT
fig, axes = subplots(2, 3, size=(3.2, 3.2))
axes = axes.ravel()
surface_contours(axes[0], surface)
axes[0].set_title("the valley: q₁ flat, q₂ steep")
for ax, (name, lr) in zip(axes[1:], regimes.items()):
    surface_contours(ax, surface, eigenvectors=False, lim=9.0 if name == "diverging" else 3.0)
    trajectory(ax, runs[name].trajectory)
    ax.set_title(f"ε = {lr:.3g}: {name}")
plt.show()

# %% [markdown]
# Left: the rate $\rho(\varepsilon)$ with the regimes shaded; it falls along the flat
# direction's $1 - \varepsilon\lambda_{\min}$ until it meets the steep direction's
# $|1 - \varepsilon\lambda_{\max}|$ at $\varepsilon^*$, then rises, and passes 1 at
# $2/\lambda_{\max}$. Right: the losses on a log scale. $\varepsilon^*$ falls fastest; the
# oscillating rate falls steadily (the loss cannot see the sign of $q_2^\top\theta$, only its
# size); the slow one has barely started along the flat direction; the diverging one grows
# by $(1 - \varepsilon\lambda_{\max})^2 = 1.44$ per step until `descend` stops it at the bound.

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax_r, ax_j) = subplots(1, 2, size=(4.8, 3.6))
# The regimes in colours no run uses: grey, yellow, wine.
ax_r.axvspan(0, 1 / lam_max, color=COLORS[8], alpha=0.15)
ax_r.axvspan(1 / lam_max, surface.max_stable_lr, color=COLORS[6], alpha=0.2)
ax_r.axvspan(surface.max_stable_lr, eps_grid[-1], color=COLORS[9], alpha=0.12)
for x, text in ((0.05, "monotone"), (0.15, "oscillating,\nconverging"), (0.225, "diverging")):
    ax_r.text(x, 1.33, text, ha="center", va="top", fontsize=9)
ax_r.plot(eps_grid, rates, color="black", linewidth=1.5, label="ρ(ε) = max |1 − ελᵢ|")
for color, (name, lr) in zip(COLORS, regimes.items()):
    ax_r.plot(lr, surface.rate(lr), "o", color=color, markersize=7, label=f"{name}")
ax_r.axhline(1, color="0.5", linestyle=":", linewidth=1)
ax_r.set_ylim(0.3, 1.35)
ax_r.set_xlim(0, eps_grid[-1])
ax_r.set_xlabel("learning rate ε")
ax_r.set_ylabel("ρ(ε): shrink per step")
ax_r.set_title("the slowest direction's rate")
ax_r.legend(loc="lower left", fontsize=8)
for color, (name, lr) in zip(COLORS, regimes.items()):
    loss_curve(ax_j, runs[name].losses, label=f"{name} (ε = {lr:.3g})", color=color)
last = runs["diverging"].losses
ax_j.plot(len(last) - 1, last[-1], marker="x", color=COLORS[4], markersize=10, linestyle="none")
ax_j.axhline(1e6, color="0.5", linestyle=":", linewidth=1)
ax_j.text(num_steps, 1.5e6, "divergence bound", ha="right", va="bottom", fontsize=8, color="0.4")
ax_j.set_title("J(θ) during gradient descent")
ax_j.legend(loc="lower left", fontsize=8)
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
# Compare them with $1/\lambda_{\max} = 0.1$ and $2/\lambda_{\max} = 0.2$, and find the rate that
# ends lowest after 60 steps ($\varepsilon^* \approx 0.18$). The text names the regime and the rate
# $\rho(\varepsilon)$. When a run diverges, the text shows the error message and the plots show
# the steps before it, up to where the path leaves the plot.

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
#   step. Descent is monotone for $\varepsilon \le 1/\lambda_{\max}$, oscillates but converges
#   up to $2/\lambda_{\max}$, and diverges beyond.
# - The fastest rate is $\varepsilon^* = 2/(\lambda_{\min} + \lambda_{\max})$, where the flat and
#   steep factors balance: here $0.182$, with $\rho = (\kappa - 1)/(\kappa + 1) = 0.818$ per step. It
#   oscillates, and still beats every other rate.
# - The steep direction caps $\varepsilon$; the flat direction then decides the speed:
#   ill-conditioning (large $\kappa = \lambda_{\max}/\lambda_{\min}$) makes descent slow.
# - A diverging run is stopped with `dl.TrainingDiverged`, naming the learning rate.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell: run it and it tells you
# whether your answer is right, and if not, what is wrong (or the first input on which
# your answer differs). The solution is folded under each one; `show_solution(...)`
# prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises  # noqa: E402
from dlnotes.exercises import nb06, show_solution  # noqa: E402, F401

# %% [markdown]
# ### Exercise 1: one step of gradient descent
#
# Write `sgd_step(theta, G, lr)`: one step $\theta \leftarrow \theta - \varepsilon G$ in numpy,
# returning the new $\theta$ (an array of any shape, a scalar parameter included) without
# changing `theta` in place.

# %%
def sgd_step(theta, G, lr):
    raise NotImplementedError  # your code here


nb06.SGD_STEP.check(sgd_step)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def sgd_step(theta, G, lr):
#     return theta - lr * G  # a new array: step against the gradient, scaled by the learning rate
# ```
#
# The gradient points uphill, so the step goes against it; ε scales its length. Returning a new array (rather than changing `theta` in place) keeps the old θ for comparison; `dl.SGD.step()` does the same update in place on each parameter's `.value`.
#
# </details>

# %% [markdown]
# ### Exercise 2: the best learning rate
#
# Write `best_learning_rate(eigenvalues)`: for a quadratic whose Hessian has these
# eigenvalues (two or more, all $> 0$, in any order), the $\varepsilon$ that makes the slowest
# rate $\rho(\varepsilon) = \max_i |1 - \varepsilon\lambda_i|$ smallest. (Hint: look at the left
# panel of the rate figure above.)

# %%
def best_learning_rate(eigenvalues):
    raise NotImplementedError  # your code here


nb06.BEST_LEARNING_RATE.check(best_learning_rate)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def best_learning_rate(eigenvalues):
#     lam = np.asarray(eigenvalues, dtype=float)
#     return 2 / (lam.min() + lam.max())  # where the flat and the steep factors meet: 1 − ελ_min = −(1 − ελ_max)
# ```
#
# $\rho(\varepsilon) = \max(|1 - \varepsilon\lambda_{\min}|, |1 - \varepsilon\lambda_{\max}|)$: the first term falls and the second rises with $\varepsilon$ past $1/\lambda_{\max}$, so the maximum is smallest where they are equal, $1 - \varepsilon\lambda_{\min} = \varepsilon\lambda_{\max} - 1$, that is $\varepsilon^* = 2/(\lambda_{\min} + \lambda_{\max})$ (`Quadratic.best_lr`). The directions in between have factors between these two.
#
# </details>

# %% [markdown]
# ### Exercise 3: how many steps?
#
# Write `steps_to_shrink(eigenvalues, lr, tol)`: the fewest steps $k$ after which every
# component of $\theta$ along the eigenvectors is at most `tol` times where it started
# ($0 <$ `tol` $< 1$), or `np.inf` when that never happens. Then use it: how many more steps
# does $\varepsilon^*$ need for $10^{-6}$ on `Quadratic(eigenvalues=(1, 100))` than here?

# %%
def steps_to_shrink(eigenvalues, lr, tol):
    raise NotImplementedError  # your code here


nb06.STEPS_TO_SHRINK.check(steps_to_shrink)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def steps_to_shrink(eigenvalues, lr, tol):
#     lam = np.asarray(eigenvalues, dtype=float)
#     rho = np.max(np.abs(1 - lr * lam))    # the slowest direction's factor per step
#     if rho >= 1:
#         return np.inf                     # it never shrinks below tol
#     return int(np.ceil(np.log(tol) / np.log(rho)))  # the first k with rho**k <= tol
# ```
#
# After $k$ steps the component along $q_i$ is $(1 - \varepsilon\lambda_i)^k$ times its start, so all of them are below tol once $\rho^k \le$ tol with $\rho = \max_i |1 - \varepsilon\lambda_i|$: $k = \lceil \log \mathrm{tol} / \log\rho \rceil$. With $\kappa = 100$ and $\varepsilon^*$, $\rho = 99/101$ and $10^{-6}$ takes 691 steps; with $\kappa = 10$ it takes 69. `Quadratic.steps_to_shrink` computes the same number.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Start at $\theta_0 = 2 q_1$, exactly on the flat eigenvector. Which learning rates
#    diverge now, and why does the rule $\varepsilon < 2/\lambda_{\max}$ still matter in
#    practice (think of rounding)?
#
# <details><summary>Answer</summary>
#
# In exact arithmetic the steep component is 0 and stays 0, so only $|1 - \varepsilon\lambda_{\min}| < 1$
# matters: every $\varepsilon < 2/\lambda_{\min} = 2$ converges. In floating point, $\theta_0 = 2q_1$
# (with $q_1 = (\cos 30°, \sin 30°)$ rounded) has a steep component of about $10^{-16}$, and every
# step multiplies it by $|1 - \varepsilon\lambda_{\max}|$. With $\varepsilon = 0.5$ that is 4 per step:
# $10^{-16} \cdot 4^k$ reaches order 1 after about 27 steps, and `descend` stops the run at step 33,
# when the loss passes $10^6$ (with $\varepsilon = 0.25$, a factor 1.5, at step 107). Any real loss
# has components along every direction (from the data, the initialisation, the rounding), so the
# steepest curvature always caps $\varepsilon$.
#
# </details>
#
# 5. Run `descend` with $\varepsilon = 0.2 = 2/\lambda_{\max}$ exactly. What does the trajectory do?
#    Check your answer with `surface.regime(0.2)`.
#
# <details><summary>Answer</summary>
#
# The steep factor is $1 - 0.2 \cdot 10 = -1$: the steep component flips sign at every step and
# keeps its size forever, while the flat one shrinks by $0.8$ per step. The trajectory ends up
# jumping between two points $\pm c\, q_2$ on opposite walls of the valley, and the loss levels
# off at $\tfrac12 \lambda_{\max} c^2 > 0$: `surface.regime(0.2)` says "does not converge", and
# `surface.rate(0.2)` is exactly 1.
#
# </details>
#
# 6. On a loss that is not quadratic, such as the Rosenbrock valley
#    $J(\theta) = (1 - \theta_1)^2 + 10(\theta_2 - \theta_1^2)^2$, why is there no single $2/\lambda_{\max}$?
#
# <details><summary>Answer</summary>
#
# The Hessian changes from point to point, and so do its eigenvalues: at the minimum $(1, 1)$
# of this valley $\lambda_{\max} \approx 102$ (stable for $\varepsilon < 0.0196$), while at
# $(0, 0)$ the Hessian is $\mathrm{diag}(2, 20)$ (stable for $\varepsilon < 0.1$). A rate that is safe
# far from the minimum can oscillate or diverge near it, and the stability bound holds only
# locally, where the quadratic approximation does: this is one reason learning rates are
# decayed, or adapted per direction.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("06_parameter_update", nb06.EXERCISES)

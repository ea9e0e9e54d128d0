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
# # 10. The point neuron and the perceptron
#
# *McCulloch & Pitts (1943), "A logical calculus of the ideas immanent in nervous activity";
# Rosenblatt (1958), "The perceptron: a probabilistic model for information storage and
# organization in the brain".*
#
# A biological neuron sums the signals arriving at its dendrites and fires when the total
# crosses a threshold. McCulloch and Pitts reduced it to a point: a weighted sum and a step.
# Rosenblatt gave it a learning rule. Every unit of notebook 01 is this neuron with the step
# replaced by a smooth activation.
#
# ## What you will learn
#
# - The point neuron $\hat y = [\,x \cdot w + b > 0\,]$, and the logic gates it computes.
# - Rosenblatt's rule: on a mistake, $w \leftarrow w + \eta\, t\, x$ and $b \leftarrow b + \eta\, t$.
# - Novikoff's theorem: on separable data the rule stops after at most $(R/\gamma)^2$ mistakes.
# - Why it never stops on XOR: no line separates it, which is why notebook 01 needs a hidden layer.
#
# ## What you need
#
# - `01_feedforward_networks.ipynb` (a unit as a dot product and a bias).
# - The dot product and the distance of a point to a line.

# %%
import matplotlib.pyplot as plt
import numpy as np

from dlnotes import datasets
from dlnotes.perceptron import (augmented_margin, linearly_separable, mistake_bound, predict,
                                train_perceptron)
from dlnotes.plots import COLORS, subplots

# %% [markdown]
# ## 1. The point neuron
#
# The unit fires when the weighted sum of its inputs exceeds a threshold $-b$:
#
# $$\hat y = \begin{cases} 1 & x \cdot w + b > 0 \\ 0 & \text{otherwise.} \end{cases}$$
#
# With fixed weights it is a logic gate: $w = (1, 1)$ and $b = -1.5$ fire only when both
# inputs are on (AND); $b = -0.5$ when either is (OR); $w = (-1)$, $b = 0.5$ negates (NOT).

# %%
inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
gates = {"AND": (np.array([1.0, 1.0]), -1.5), "OR": (np.array([1.0, 1.0]), -0.5)}
for name, (w, b) in gates.items():
    print(f"{name}: {predict(inputs, w, b)}")
assert predict(inputs, *gates["AND"]).tolist() == [0, 0, 0, 1]
assert predict(inputs, *gates["OR"]).tolist() == [0, 1, 1, 1]
assert predict(np.array([[0.0], [1.0]]), np.array([-1.0]), 0.5).tolist() == [1, 0]  # NOT

# %% [markdown]
# ## 2. Rosenblatt's learning rule
#
# Write the targets as $t = 2y - 1 \in \{-1, +1\}$, so that a point is on the right side
# exactly when $t\,(x \cdot w + b) > 0$. Visit the examples in order; on each mistake
# ($t\,(x \cdot w + b) \le 0$, a point on the boundary included) move the boundary towards it:
#
# $$w \leftarrow w + \eta\, t\, x, \qquad b \leftarrow b + \eta\, t.$$
#
# After the update $t\,(x \cdot w + b)$ has grown by $\eta\,(\|x\|^2 + 1)$: the point is
# less wrong. Correctly classified points change nothing.
#
# Fisher's iris flowers: setosa against versicolor, by sepal length and petal length (cm),
# $\eta = 0.1$, the weights starting from zero.

# %%
X, y = datasets.iris(classes=(0, 1), features=(0, 2))
run = train_perceptron(X, y, lr=0.1, epochs=10)
print("updates per epoch:", run.updates_per_epoch)
print(f"w = {np.round(run.w, 3)}, b = {run.b:.2f}, training accuracy = {np.mean(predict(X, run.w, run.b) == y):.2f}")
first_clean = run.updates_per_epoch.index(0)
print(f"the first epoch without an update: epoch {first_clean + 1}")
assert first_clean <= 5 and all(u == 0 for u in run.updates_per_epoch[first_clean:])
assert (predict(X, run.w, run.b) == y).all()

# %% [markdown]
# scikit-learn's `Perceptron` is an independent implementation of the same rule (a linear
# model trained by SGD on the perceptron loss). With the same learning rate, order and number
# of epochs it must end at the same weights:

# %%
import warnings

from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Perceptron

with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    reference = Perceptron(eta0=0.1, shuffle=False, max_iter=10, tol=None, alpha=0.0).fit(X, 2 * y - 1)
difference = max(np.abs(reference.coef_[0] - run.w).max(), abs(reference.intercept_[0] - run.b))
print(f"largest difference from scikit-learn's weights: {difference:.1e}")
assert difference < 1e-12

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax0, ax1) = subplots(1, 2, size=(4.6, 3.6))
for c, name in enumerate(["setosa", "versicolor"]):
    ax0.scatter(*X[y == c].T, s=16, color=COLORS[c], label=name)
xs = np.array([X[:, 0].min() - 0.2, X[:, 0].max() + 0.2])
ax0.plot(xs, -(run.w[0] * xs + run.b) / run.w[1], color="k", linewidth=2, label="learned boundary")
ax0.set_xlabel("sepal length (cm)")
ax0.set_ylabel("petal length (cm)")
ax0.set_title("The perceptron separates the two species")
ax0.legend(fontsize=9, loc="upper left")
ax1.bar(np.arange(1, len(run.updates_per_epoch) + 1), run.updates_per_epoch, color=COLORS[0])
ax1.set_xlabel("epoch")
ax1.set_ylabel("updates (mistakes) in the epoch")
ax1.set_title("No update from epoch %d on" % (first_clean + 1))
ax1.set_xticks(np.arange(1, len(run.updates_per_epoch) + 1))
ax1.yaxis.get_major_locator().set_params(integer=True)
plt.show()

# %% [markdown]
# ## 3. The convergence theorem
#
# Put the bias inside the weights: $\tilde x = (x, 1)$ and $\tilde w = (w, b)$. Suppose a unit
# vector $u$ separates the data with margin $\gamma = \min_i t_i\, \tilde x_i \cdot u > 0$, and
# $\|\tilde x_i\| \le R$. Each mistake raises $\tilde w \cdot u$ by at least $\eta\gamma$, while
# $\|\tilde w\|^2$ grows by at most $\eta^2 R^2$ (a mistake has $t\,\tilde x \cdot \tilde w \le 0$).
# After $k$ mistakes, $k\eta\gamma \le \tilde w \cdot u \le \|\tilde w\| \le \sqrt{k}\,\eta R$, so
#
# $$k \le \left(\frac{R}{\gamma}\right)^2,$$
#
# whatever $\eta$. Any separator gives a valid bound; the widest-margin one (a linear support
# vector machine, from scikit-learn) gives the tightest.

# %%
from sklearn.svm import SVC

svm = SVC(kernel="linear", C=1e6).fit(X, y)
w_svm, b_svm = svm.coef_[0], float(svm.intercept_[0])
R, gamma, bound = mistake_bound(X, y, w_svm, b_svm)
gamma_perceptron = augmented_margin(X, y, run.w, run.b)
print(f"R = {R:.3f}, margin γ of the SVM separator = {gamma:.4f}, bound (R/γ)² = {bound:.0f}")
print(f"mistakes the perceptron made: {run.mistakes}; the margin of its own separator: {gamma_perceptron:.4f}")
assert 0 < gamma_perceptron <= gamma and run.mistakes <= bound

# %% [markdown]
# The bound holds with a lot of room: it is a worst case over every order of the examples.
# What it tells us is qualitative: a small margin relative to the spread of the data means
# slow learning, and a margin of zero (no separating line) means no guarantee at all.
#
# ## 4. XOR: no line, no convergence
#
# The four corners labelled by XOR cannot be separated by a line: the linear program
# "find $w, b$ with $t_i(x_i \cdot w + b) \ge 1$ for every $i$" has no solution, while any three
# of the four corners can be separated. So the best a line can do is 3 of 4, and the rule keeps
# making mistakes forever.

# %%
X_xor = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
y_xor = np.array([0, 1, 1, 0])
three_of_four = [linearly_separable(np.delete(X_xor, k, 0), np.delete(y_xor, k)) for k in range(4)]
run_xor = train_perceptron(X_xor, y_xor, lr=0.1, epochs=100)
print(f"XOR separable by a line: {linearly_separable(X_xor, y_xor)}; any three corners: {all(three_of_four)}")
print(f"updates per epoch on XOR, last 5 of 100 epochs: {run_xor.updates_per_epoch[-5:]}")
best = np.mean(predict(X_xor, run_xor.w, run_xor.b) == y_xor)
print(f"accuracy of the final weights: {best:.2f}")
assert not linearly_separable(X_xor, y_xor) and all(three_of_four)
assert min(run_xor.updates_per_epoch) > 0 and best <= 0.75

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax0, ax1) = subplots(1, 2, size=(4.2, 3.6))
for c, name in enumerate(["XOR = 0", "XOR = 1"]):
    ax0.scatter(*X_xor[y_xor == c].T, s=120, color=COLORS[c], label=name, zorder=3)
w_or, b_or = gates["OR"]  # the OR line gets 3 of 4 right: only (1, 1) is wrong
xs = np.array([-0.5, 1.5])
ax0.plot(xs, -(w_or[0] * xs + b_or) / w_or[1], color="k", linewidth=2,
         label=f"x₁ + x₂ = 0.5: {np.mean(predict(X_xor, w_or, b_or) == y_xor):.0%} right")
ax0.set_xlim(-0.5, 1.5)
ax0.set_ylim(-0.5, 1.8)
ax0.set_xlabel("x₁")
ax0.set_ylabel("x₂")
ax0.set_title("The best a line can do on XOR: 3 of 4")
ax0.legend(fontsize=9, loc="upper right")
ax1.plot(np.arange(1, 101), run_xor.updates_per_epoch, color=COLORS[1], label="XOR")
ax1.plot(np.arange(1, 11), run.updates_per_epoch, color=COLORS[0], marker="o", label="iris")
ax1.set_xscale("log")
ax1.set_xlabel("epoch")
ax1.set_ylabel("updates in the epoch")
ax1.set_title("Iris stops updating, XOR never does")
ax1.legend(fontsize=9)
plt.show()

# %% [markdown]
# The way out is the one of notebook 01: a hidden layer of units whose outputs *are*
# separable, for example OR and NAND, combined by an AND. Rosenblatt knew it; what he lacked
# was a rule to train the hidden units, which back-propagation (notebook 05) gives.
#
# ## Play with it
#
# Step through every visit of the training on iris: the boundary after the visit, and the
# point visited (orange when it was a mistake and the boundary moved, grey when nothing changed).

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.perceptron import perceptron_widget

perceptron_widget(X, y, lr=0.1, epochs=6, feature_names=("sepal length (cm)", "petal length (cm)"),
                  class_names=("setosa", "versicolor"))

# %% [markdown]
# ## Summary
#
# - The point neuron fires when $x \cdot w + b > 0$: a line (hyperplane) splits its input space.
# - Rosenblatt's rule updates only on mistakes, $w \leftarrow w + \eta t x$, $b \leftarrow b + \eta t$;
#   on iris (setosa against versicolor) it stops making mistakes after a few epochs, at exactly
#   the weights scikit-learn's `Perceptron` finds.
# - Novikoff: on data separable with margin $\gamma$, at most $(R/\gamma)^2$ mistakes, whatever $\eta$.
# - XOR is not linearly separable (a linear program proves it), so one threshold unit cannot
#   learn it and the rule never stops; a hidden layer can.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb10, show_solution

# %% [markdown]
# ### Exercise 1: the point neuron
#
# Write `threshold_unit(X, w, b)`: 1 where $x \cdot w + b > 0$, else 0, for every row $x$ of `X`.

# %%
def threshold_unit(X, w, b):
    raise NotImplementedError  # your code here


nb10.THRESHOLD_UNIT.check(threshold_unit)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def threshold_unit(X, w, b):
#     return (X @ w + b > 0).astype(int)  # fires (1) only strictly above the threshold
# ```
#
# The AND unit $w = (1, 1)$, $b = -1.5$ fires only for $(1, 1)$; with $b = -1$ the point $(1, 0)$ lies exactly on the line and does not fire.
#
# </details>

# %% [markdown]
# ### Exercise 2: one visit of Rosenblatt's rule
#
# Write `perceptron_update(w, b, x, t, lr)`: the new `(w, b)` after visiting the example `x` with
# target `t` $= \pm 1$.

# %%
def perceptron_update(w, b, x, t, lr):
    raise NotImplementedError  # your code here


nb10.PERCEPTRON_UPDATE.check(perceptron_update)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def perceptron_update(w, b, x, t, lr):
#     if t * (x @ w + b) <= 0:          # a mistake, or a point on the boundary
#         return w + lr * t * x, b + lr * t
#     return w, b                       # classified right: nothing changes
# ```
#
# Only mistakes move the boundary, and each moves it towards the misclassified point: after the update, $t(x\cdot w + b)$ grows by $\eta(\|x\|^2 + 1)$.
#
# </details>

# %% [markdown]
# ### Exercise 3: the margin of a line
#
# Write `margin(X, t, w, b)`: $\min_i t_i (x_i \cdot w + b) / \|w\|$, the signed distance of the
# closest point to the line (negative when a point is on the wrong side).

# %%
def margin(X, t, w, b):
    raise NotImplementedError  # your code here


nb10.MARGIN.check(margin)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def margin(X, t, w, b):
#     return np.min(t * (X @ w + b)) / np.linalg.norm(w)  # the distance of the closest point, signed
# ```
#
# $(x\cdot w + b)/\|w\|$ is the signed distance of $x$ to the line; multiplying by $t$ makes it positive on the right side. The convergence theorem's $\gamma$ is this margin for the augmented vectors $(x, 1)$ and $(w, b)$.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Scale every input by 10 (centimetres to millimetres). How do $R$, $\gamma$ and the bound
#    $(R/\gamma)^2$ change? And the number of mistakes the rule makes?
#
# <details><summary>Answer</summary>
#
# In the augmented space $\tilde x = (x, 1)$ the bias coordinate is not scaled, so neither $R$ nor
# $\gamma$ simply scale by 10: the geometry changes, and so can the count. Without a bias (a
# separator through the origin) both $R$ and $\gamma$ scale by 10 and the bound is unchanged; the
# rule from $w = 0$ then makes exactly the same mistakes, since $\eta$ only scales $w$.
# Try it: `train_perceptron(10 * X, y).mistakes`.
#
# </details>
#
# 5. Order the iris examples so that all setosa come first. Does the rule still converge? Does
#    it make more or fewer mistakes?
#
# <details><summary>Answer</summary>
#
# It still converges (the theorem holds for any order), but the count changes: with one class
# first, the boundary is pushed one way for a whole block before any example of the other
# class corrects it. Compare `train_perceptron(X[np.argsort(y)], np.sort(y)).mistakes` with
# the shuffled orders `rng.permutation(len(X))`.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("10_perceptron", nb10.EXERCISES)

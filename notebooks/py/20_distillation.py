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
# # 20. Distillation
#
# *Hinton, Vinyals & Dean (2015), "Distilling the knowledge in a neural network"; Sanh et al.
# (2019), DistilBERT, the same idea at the scale of a language model.*
#
# A large model trained on plenty of data knows more than its argmax says: its probabilities
# for the *wrong* classes tell which mistakes would be reasonable. Distillation trains a small
# student to reproduce those softened probabilities, and the student learns more from them
# than from hard labels alone.
#
# ## What you will learn
#
# - Soft targets $p = \mathrm{softmax}(v/T)$ from a teacher's logits $v$, and the "dark knowledge"
#   they carry (notebook 02's temperature, put to work).
# - The distillation loss $J = \alpha\, T^2\, H(p, \mathrm{softmax}(z/T)) + (1 - \alpha)\, \mathrm{CE}(z, y)$,
#   and why the factor $T^2$.
# - That a small student given only 100 labelled digits generalizes better with the teacher's
#   soft targets than with the labels alone.
#
# ## What you need
#
# - `02_output_units.ipynb` (softmax with a temperature), `09_digits_end_to_end.ipynb` (training an MLP).

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes import datasets
from dlnotes.distillation import (distillation_loss, soft_cross_entropy, soft_targets, student_runs,
                                 train_student)
from dlnotes.plots import COLORS, subplots

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. A teacher
#
# The digits, split once: 1,000 examples to train the teacher, 397 for validation (the choices
# below are made on it) and 400 held out for a final test. The teacher is a wide MLP,
# 64–256–256–10.

# %%
X, y = datasets.digits()
order = rng.permutation(len(X))
train_rows, val_rows, test_rows = order[:1000], order[1000:1397], order[1397:]
teacher = dl.MLP([64, 256, 256, 10], seed=0)
dl.train(teacher, X[train_rows], y[train_rows], lr=0.1, epochs=20, batch_size=32, progress=False)
teacher_val = dl.accuracy(teacher, X[val_rows], y[val_rows])
print(f"teacher: {sum(p.value.size for p in teacher.parameters())} parameters, validation accuracy {teacher_val:.3f}")
assert teacher_val > 0.95

# %% [markdown]
# ## 2. Dark knowledge
#
# At $T = 1$ the teacher is nearly certain: the wrong classes get probabilities of $10^{-4}$ or
# less. Raising the temperature lifts them out of the noise, and their *ranking* becomes visible:
# averaged over the validation images of each digit, which wrong digits does the teacher find
# plausible?

# %%
teacher_logits_val = teacher(X[val_rows]).value
P1, P4 = soft_targets(teacher_logits_val, 1.0), soft_targets(teacher_logits_val, 4.0)
confusion = np.array([P4[y[val_rows] == k].mean(axis=0) for k in range(10)])  # row: true digit
wrong = confusion - np.diag(np.diag(confusion))
for k in (3, 4, 7, 9):
    top = np.argsort(wrong[k])[::-1][:2]
    print(f"a {k}: most plausible wrong digits {top[0]} ({wrong[k, top[0]]:.3f}) and {top[1]} ({wrong[k, top[1]]:.3f})")
print(f"mean probability of the wrong classes: {(1 - P1.max(axis=1)).mean():.4f} at T = 1, "
      f"{(1 - P4.max(axis=1)).mean():.4f} at T = 4")
assert np.argmax(wrong[3]) in (5, 8, 9) and (1 - P4.max(axis=1)).mean() > 5 * (1 - P1.max(axis=1)).mean()

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(1, 1, size=(5.2, 4.2))
image = ax.imshow(wrong, cmap="viridis")
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.set_xlabel("wrong class k")
ax.set_ylabel("true digit")
ax.set_title("The teacher's mean soft probability of each wrong digit (T = 4)")
fig.colorbar(image, ax=ax, label="mean probability")
plt.show()

# %% [markdown]
# ## 3. The distillation loss
#
# The student, with logits $z$, matches the soft targets at the same temperature and the labels:
#
# $$J = \alpha\, T^2\, H\big(p, \mathrm{softmax}(z/T)\big) + (1 - \alpha)\, \mathrm{CE}(z, y), \qquad
#   H(p, q) = -\frac1N \sum_n \sum_k p_{nk} \log q_{nk}.$$
#
# Since $\partial H / \partial z = (q - p)/(N T)$ and, for large $T$, $q - p \approx (z - v)/(K T)$, the soft
# term's gradients shrink like $1/T^2$: the factor $T^2$ puts them back on the scale of the hard
# term's. Check both claims with back-propagation:

# %%
z = rng.normal(size=(8, 10))
v = 2 * rng.normal(size=(8, 10))
norms = {}
for T in (4.0, 8.0, 16.0):
    z_node = dl.Node(z)
    dl.backprop(soft_cross_entropy(z_node, soft_targets(v, T), T))
    q = dl.softmax(z, temperature=T).value
    assert np.allclose(z_node.grad, (q - soft_targets(v, T)) / (len(z) * T))
    norms[T] = np.linalg.norm(z_node.grad)
print("gradient norm ratio when T doubles:",
      f"{norms[4.0] / norms[8.0]:.2f} (T 4 → 8), {norms[8.0] / norms[16.0]:.2f} (T 8 → 16); 1/T² predicts 4")
assert 3.5 < norms[8.0] / norms[16.0] < 4.5
error = dl.gradcheck(lambda z: distillation_loss(z, soft_targets(v, 4.0), np.arange(8) % 10, 4.0, 0.7), z)
print(f"gradcheck of the whole distillation loss: relative error below 1e-6: {error < 1e-6}")
assert error < 1e-6

# %% [markdown]
# ## 4. A student with 100 labels
#
# The student is small, 64–32–10, and sees only 100 of the training images with their labels,
# plus the teacher's logits on those same 100 images. Trained on the labels alone it overfits its
# tiny set; trained on the soft targets it inherits what the teacher learned from all 1,000.

# %%
few = train_rows[:100]
runs = student_runs(lambda: dl.MLP([64, 32, 10], seed=1), X[few], y[few], teacher(X[few]).value,
                    X[val_rows], y[val_rows], temperatures=[1.0, 4.0, 8.0], alphas=[0.5, 0.9],
                    lr=0.1, epochs=60, batch_size=20)
for (T, alpha), history in runs.items():
    name = "labels only" if T is None else f"T = {T:g}, α = {alpha:g}"
    print(f"{name:18s} validation accuracy {history.eval_accuracy[-1]:.3f}")
best = max((k for k in runs if k[0] is not None), key=lambda k: runs[k].eval_accuracy[-1])
gain = runs[best].eval_accuracy[-1] - runs[None, 0.0].eval_accuracy[-1]
print(f"chosen on validation: T = {best[0]:g}, α = {best[1]:g}, a gain of {gain:.3f}")
assert gain > 0.01

# %% [markdown]
# The choice was made on validation; the test set is used once, for the two students.

# %%
labels_only = dl.MLP([64, 32, 10], seed=1)
dl.train(labels_only, X[few], y[few], lr=0.1, epochs=60, batch_size=20, progress=False)
distilled = dl.MLP([64, 32, 10], seed=1)
train_student(distilled, X[few], y[few], teacher(X[few]).value, best[0], best[1],
              lr=0.1, epochs=60, batch_size=20, progress=False)
test_labels, test_distilled = (dl.accuracy(m, X[test_rows], y[test_rows]) for m in (labels_only, distilled))
print(f"test accuracy: labels only {test_labels:.3f}, distilled {test_distilled:.3f}, "
      f"teacher {dl.accuracy(teacher, X[test_rows], y[test_rows]):.3f}")
assert test_distilled > test_labels

# %% [markdown]
# ## Play with it
#
# Move the temperature and the mixing weight: on the left the teacher's soft targets for one
# validation image (log scale: watch the wrong classes rise with $T$), on the right the student's
# validation accuracy per epoch against the student trained on labels alone.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.distillation import distillation_widget

example = int(np.flatnonzero(y[val_rows] == 3)[0])
distillation_widget(runs, teacher_logits_val[example], label=3)

# %% [markdown]
# ## Summary
#
# - A teacher's softened outputs $\mathrm{softmax}(v/T)$ rank the wrong classes: a 3 is "a bit like"
#   a 5, 8 or 9. At $T = 1$ that knowledge is invisible; at $T = 4$ it carries real probability.
# - The distillation loss mixes the soft targets (times $T^2$, which undoes the $1/T^2$ shrinking of
#   their gradients) with the labels.
# - With 100 labelled digits, a small student distilled from a teacher beats the same student
#   trained on the labels alone, on validation and on the held-out test set.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb20, show_solution

# %% [markdown]
# ### Exercise 1: the distillation loss
#
# Write `distillation_loss(z, v, y, T, alpha)` in numpy: $\alpha T^2 H(\mathrm{softmax}(v/T), \mathrm{softmax}(z/T))
# + (1 - \alpha)\,\mathrm{CE}(z, y)$, from the student's logits `z`, the teacher's logits `v` (both `(N, classes)`)
# and the labels `y`.

# %%
def distillation_loss(z, v, y, T, alpha):
    raise NotImplementedError  # your code here


nb20.DISTILLATION_LOSS.check(distillation_loss)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def distillation_loss(z, v, y, T, alpha):
#     p = np.exp(_log_softmax(v / T))                         # the teacher's soft targets
#     soft = -(p * _log_softmax(z / T)).sum(axis=1).mean()    # H(p, softmax(z/T))
#     hard = -_log_softmax(z)[np.arange(len(y)), y].mean()    # CE(z, y) at T = 1
#     return alpha * T ** 2 * soft + (1 - alpha) * hard
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: the gradient of the soft term
#
# Write `soft_gradient(z, p, T)`: $\partial H / \partial z$ for $H = -\frac1N \sum_n \sum_k p_{nk} \log \mathrm{softmax}(z_n/T)_k$.

# %%
def soft_gradient(z, p, T):
    raise NotImplementedError  # your code here


nb20.SOFT_GRADIENT.check(soft_gradient)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def soft_gradient(z, p, T):
#     q = np.exp(_log_softmax(z / T))
#     return (q - p) / (len(z) * T)  # ∂H(p, softmax(z/T))/∂z: the chain rule brings the 1/T
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: how much the soft gradients shrink
#
# For a large $T$, by what factor does the soft term's gradient (without the factor $T^2$) shrink
# when $T$ doubles?

# %%
gradient_shrink = ...  # your answer: a number

nb20.GRADIENT_SHRINK.check(gradient_shrink)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# gradient_shrink = 1 / 2 ** 2  # the soft gradient scales like 1/T² for large T
# ```
#
# For large $T$, $\mathrm{softmax}(z/T)_k \approx (1 + z_k/T)/K$ (logits of mean zero), so $q - p \approx (z - v)/(KT)$ and $\partial H/\partial z = (q - p)/(NT) \approx (z - v)/(NKT^2)$.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. The teacher's soft targets were computed on the same 100 images the student trains on. What
#    would change if the student also saw the teacher's outputs on the 900 *unlabelled* training
#    images (set $\alpha = 1$ on those)?
#
# <details><summary>Answer</summary>
#
# The soft targets need no labels, so the unlabelled images become training data for the student:
# the transfer set grows from 100 to 1,000 images and the student can match the teacher far more
# closely (Hinton et al. distil on large transfer sets; DistilBERT on the teacher's whole
# pre-training corpus). Try it: concatenate the two sets and give the unlabelled rows $\alpha = 1$.
#
# </details>
#
# 5. Why can a student that is *much smaller* than the teacher still benefit, rather than just fail
#    to fit the soft targets?
#
# <details><summary>Answer</summary>
#
# The teacher is over-parameterized for what it has to represent: much of its capacity goes into
# finding a good function from few, noisy hard labels, not into storing the function itself.
# The soft targets describe that function directly (including how it varies between classes),
# which is an easier target for a small model than the hard labels are.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("20_distillation", nb20.EXERCISES)

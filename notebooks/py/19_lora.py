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
# # 19. LoRA: adapting an over-parameterized model
#
# *Hu, Shen, Wallis, Allen-Zhu, Li, Wang, Wang & Chen (2021), "LoRA: low-rank adaptation of large
# language models".*
#
# Fine-tuning a pretrained network changes every one of its weights, and so needs a full copy of
# them for every task. Hu et al. observed that the *change* is nearly low-rank: freeze the
# pretrained matrix $W_0$ and train only a product of two thin matrices, $\Delta W = AB$, and
# the model adapts about as well, with a small fraction of the parameters trained.
#
# ## What you will learn
#
# - The LoRA layer $h = xW_0 + b_0 + \frac{\alpha}{r}\, xAB$, with $A$ random and $B = 0$ at the start,
#   so that the adapted model starts exactly where the pretrained one is, and merging
#   $W_0 + \frac{\alpha}{r}AB$ into one matrix gives the same outputs.
# - Full fine-tuning against LoRA of rank 1, 2, 4 and 8 on digits the network never saw: accuracy
#   against the fraction of parameters trained, with the learning rate, the number of epochs and the
#   rank chosen on a validation set, and the test set used once.
# - Why a low rank suffices: the singular values of the full fine-tuning update fall off quickly,
#   because the network has far more parameters than the new task needs.
#
# ## What you need
#
# - `09_digits_end_to_end.ipynb` (training an MLP on the digits), and the singular value
#   decomposition from linear algebra.

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes import datasets
from dlnotes.lora import LoRAMLP, copy_mlp, count_parameters, effective_rank, update_singular_values
from dlnotes.plots import COLORS, subplots
from dlnotes.selection import choose, fit, sweep

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. Pretraining on half of the classes
#
# The "pretrained model": an MLP 64–128–128–10 trained only on the digits 0–4 (600 images). It has
# never seen a 5, 6, 7, 8 or 9, so it gets none of them right. The new task: those five digits.
# Their 896 images are split three ways (stratified and seeded, with `datasets.train_test_split`
# twice, as in notebook 09): 400 to adapt the network on (the *training set*), 196 to compare
# settings and choose among them (the *validation set*), and 300 kept aside until everything is
# chosen and then used once (the *test set*).

# %%
X, y = datasets.digits()
order = rng.permutation(len(X))
old_rows, new_rows = order[y[order] < 5], order[y[order] >= 5]
pretrain_rows, old_test = old_rows[:600], old_rows[600:]
rest_rows, test_rows = datasets.train_test_split(new_rows, y[new_rows], test_size=300, seed=0)[:2]
train_rows, val_rows = datasets.train_test_split(rest_rows, y[rest_rows], test_size=196, seed=0)[:2]
X_train, y_train, X_val, y_val = X[train_rows], y[train_rows], X[val_rows], y[val_rows]
X_test, y_test = X[test_rows], y[test_rows]
print(f"new classes 5-9: training set {X_train.shape}, validation set {X_val.shape}, test set {X_test.shape}")
assert len(np.union1d(np.union1d(train_rows, val_rows), test_rows)) == len(new_rows)  # disjoint, all used
pretrained = dl.MLP([64, 128, 128, 10], seed=0)
dl.train(pretrained, X[pretrain_rows], y[pretrain_rows], lr=0.1, epochs=10, batch_size=32, progress=False)
print(f"pretrained: accuracy {dl.accuracy(pretrained, X[old_test], y[old_test]):.3f} on held-out 0-4, "
      f"{dl.accuracy(pretrained, X_val, y_val):.3f} on the validation images of 5-9; "
      f"{count_parameters(pretrained)} parameters")

# %% [markdown]
# (The pretraining's own settings stay fixed: they are part of the given model, and the images of
# 5–9 play no part in them.)
#
# ## 2. The LoRA layer
#
# Each linear layer $h = xW_0 + b_0$ of the pretrained network, $W_0$ of shape
# $(\text{fan\_in}, \text{fan\_out})$, becomes
#
# $$h = xW_0 + b_0 + \frac{\alpha}{r}\, x A B, \qquad A \in \mathbb{R}^{\text{fan\_in} \times r},\;
#   B \in \mathbb{R}^{r \times \text{fan\_out}},$$
#
# with $W_0$ and $b_0$ frozen and only $A$ and $B$ trained: $r(\text{fan\_in} + \text{fan\_out})$ numbers
# instead of $\text{fan\_in} \cdot \text{fan\_out}$. (The paper writes $W_0 + BA$ for column vectors;
# with this package's row vectors it is $W_0 + AB$.) $A$ starts random and $B$ at zero, so at the
# start the update is zero and the adapted network *is* the pretrained one. `LoRAMLP` wraps every
# layer of a copy of the pretrained MLP in `dlnotes.nn.LoRALinear`; check that it starts identical:

# %%
adapted = LoRAMLP(pretrained, r=4, seed=0)
same_start = np.array_equal(adapted(X_val).value, pretrained(X_val).value)
print(f"rank 4: {count_parameters(adapted)} parameters trained; at the start, the same outputs as the "
      f"pretrained network: {same_start}")
assert same_start

# %% [markdown]
# ## 3. Full fine-tuning against LoRA, chosen on validation
#
# Both start from the pretrained weights and train on the 400 images of 5–9 by minibatch SGD (batch
# 32); full fine-tuning changes all 26,122 parameters, LoRA only $A$ and $B$ in each of the three
# layers (with $\alpha = r$). Each method gets the same search: learning rates 0.03, 0.1 and 0.3,
# up to 20 epochs, the validation accuracy recorded after every epoch. `dlnotes.selection.sweep`
# runs it; `choose` takes the learning rate and the number of epochs (early stopping) with the
# highest validation accuracy. First full fine-tuning:

# %%
lrs = (0.03, 0.1, 0.3)
full_trials = sweep(lambda: copy_mlp(pretrained), [{"lr": lr} for lr in lrs], X_train, y_train, X_val, y_val,
                    epochs=20)
full_best, full_epochs = choose(full_trials)
for trial in full_trials:
    print(f"full fine-tuning, lr = {trial.setting['lr']:4.2f}: best validation accuracy {trial.best_accuracy:.3f} "
          f"(epoch {trial.best_epochs})")
print(f"chosen: lr = {full_best.setting['lr']}, {full_epochs} epochs")

# %% [markdown]
# Then LoRA, for every rank (a run whose loss stops being finite is recorded as diverged, not
# chosen):

# %%
ranks = (1, 2, 4, 8)
lora_trials = {r: sweep(lambda: LoRAMLP(pretrained, r=r, seed=0), [{"lr": lr} for lr in lrs],
                        X_train, y_train, X_val, y_val, epochs=20) for r in ranks}
lora_best, fractions = {}, {}
for r in ranks:
    lora_best[r] = choose(lora_trials[r])
    fractions[r] = 100 * count_parameters(LoRAMLP(pretrained, r=r)) / count_parameters(pretrained)
    tried = ", ".join(f"lr {t.setting['lr']}: " + ("diverged" if t.diverged else f"{t.best_accuracy:.3f}")
                      for t in lora_trials[r])
    best, epochs = lora_best[r]
    print(f"LoRA r = {r} ({fractions[r]:4.1f} % of the parameters): {tried}; chosen lr {best.setting['lr']}, "
          f"{epochs} epochs")

# %% [markdown]
# At lr = 0.3 the runs of rank 1 and 2 diverge (their loss stops being finite): the sweep records
# them as failed and chooses among the rest. The best learning rate depends on the method: LoRA of
# rank 4 and 8 does best at 0.3, while full fine-tuning does as well at 0.1 as at 0.3 (0.985; the tie
# goes to the rate listed first). A single rate of 0.1 for every method would have held ranks 4 and 8
# at 0.974 on validation. The rank too is chosen on validation, by a rule stated before looking: *the
# smallest rank whose best validation accuracy is within 0.02 of full fine-tuning's* (0.02 is
# four validation images).

# %%
tolerance = 0.02
chosen_r = min(r for r in ranks if lora_best[r][0].best_accuracy >= full_best.best_accuracy - tolerance)
print("best validation accuracy: full fine-tuning", f"{full_best.best_accuracy:.3f};",
      ", ".join(f"r = {r}: {lora_best[r][0].best_accuracy:.3f}" for r in ranks))
print(f"chosen on validation: rank {chosen_r}, {fractions[chosen_r]:.1f} % of the parameters trained")

# %% [markdown]
# Everything is chosen. Now, and only now, the test set: full fine-tuning and LoRA of the chosen
# rank are retrained with their chosen learning rate for their chosen number of epochs (the same
# seeded runs as in the sweeps, stopped there) and tested once.

# %%
fine_tuned, _ = fit(lambda: copy_mlp(pretrained), full_best.setting, X_train, y_train, epochs=full_epochs)
lora_setting, lora_epochs = lora_best[chosen_r]
lora_model, _ = fit(lambda: LoRAMLP(pretrained, r=chosen_r, seed=0), lora_setting.setting, X_train, y_train,
                    epochs=lora_epochs)
assert dl.accuracy(fine_tuned, X_val, y_val) == full_best.best_accuracy  # the sweeps' runs, stopped there
assert dl.accuracy(lora_model, X_val, y_val) == lora_setting.best_accuracy
full_accuracy = dl.accuracy(fine_tuned, X_test, y_test)
lora_accuracy = dl.accuracy(lora_model, X_test, y_test)
print(f"full fine-tuning: {count_parameters(fine_tuned)} parameters trained (100 %), test accuracy {full_accuracy:.3f}")
print(f"LoRA r = {chosen_r}: {count_parameters(lora_model)} parameters trained ({fractions[chosen_r]:.1f} %), "
      f"test accuracy {lora_accuracy:.3f}")
assert lora_accuracy > full_accuracy - 0.03 and fractions[chosen_r] < 10
assert round((full_accuracy - lora_accuracy) * len(y_test)) == 3  # the summary's "three images apart"

# %% [markdown]
# With a tenth of the parameters trained, LoRA comes within a point of full fine-tuning (three of 300
# test images) on images no choice has looked at. And the adapter costs nothing at inference: fold it into the
# weights, $W \leftarrow W_0 + \frac{\alpha}{r}AB$, and one matrix product per layer gives the same outputs.

# %%
before = lora_model(X_val).value
lora_model.merge()
after = lora_model(X_val).value
print(f"merged weights give the adapter's outputs: {np.allclose(after, before, atol=1e-10)}")
assert np.allclose(after, before, atol=1e-10)
lora_model.unmerge()
assert np.allclose(lora_model(X_val).value, before, atol=1e-10)

# %% [markdown]
# ## 4. Why a low rank suffices
#
# Look at what full fine-tuning did: the update $\Delta W = W_\text{fine-tuned} - W_0$ of each
# layer, through its singular values $\sigma_1 \ge \sigma_2 \ge \dots$. A matrix of rank $r$ can hold
# only the first $r$ of them. If they fall off quickly, a low-rank update captures most of what
# full fine-tuning changed.

# %%
spectra = [update_singular_values(before_layer.W.value, after_layer.W.value)
           for before_layer, after_layer in zip(pretrained.layers, fine_tuned.layers)]
for k, s in enumerate(spectra, start=1):
    print(f"layer {k}: ΔW {pretrained.layers[k - 1].W.shape}, σ_k/σ_1 for k = 1..8: {np.round(s[:8] / s[0], 2)}, "
          f"90 % of ‖ΔW‖² in the first {effective_rank(s, 0.9)} of {len(s)}")
assert all(effective_rank(s, 0.9) <= 8 for s in spectra)
assert np.abs((fine_tuned.layers[2].W.value - pretrained.layers[2].W.value).sum(axis=1)).max() < 1e-12

# %% [markdown]
# Five directions per layer carry the update, then the spectrum drops: five new classes. (The
# last layer's update has rank at most 9, not 10: the softmax cross-entropy's gradient sums to zero
# over the 10 classes, so every row of its $\Delta W$ sums to zero: $\Delta W \mathbf 1 = 0$.) A sharper test: keep only the best rank-$r$ part of each layer's full update (its truncated SVD)
# and measure the accuracy of $W_0 + \Delta W_r$, on the validation set (this is analysis, not a
# choice, but the test set stays kept for the two numbers above).

# %%
full_val = dl.accuracy(fine_tuned, X_val, y_val)
truncated = {}
for r in ranks:
    model = copy_mlp(pretrained)
    for layer, start, end in zip(model.layers, pretrained.layers, fine_tuned.layers):
        U, s, Vt = np.linalg.svd(end.W.value - start.W.value, full_matrices=False)
        layer.W.value = start.W.value + (U[:, :r] * s[:r]) @ Vt[:r]
        layer.b.value = end.b.value.copy()
    truncated[r] = dl.accuracy(model, X_val, y_val)
print("validation accuracy with the full update truncated to rank r:",
      ", ".join(f"r = {r}: {a:.3f}" for r, a in truncated.items()), f"(full: {full_val:.3f})")
assert truncated[8] > full_val - 0.02

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax_s, ax_acc) = subplots(1, 2, size=(4.4, 3.4))
for k, (s, color) in enumerate(zip(spectra, COLORS), start=1):
    ax_s.semilogy(np.arange(1, min(20, len(s)) + 1), s[:20] / s[0], "o-", color=color, markersize=4, label=f"layer {k}")
ax_s.set_xticks([1, 5, 10, 15, 20])
ax_s.set_ylim(1e-2, 1.5)  # layer 3's 10th value is ~1e-15: see the note above
ax_s.set_xlabel("index k")
ax_s.set_ylabel("σ_k / σ_1 of the full update ΔW")
ax_s.set_title("The update is nearly low-rank")
ax_s.legend(fontsize=9)
ax_acc.plot(ranks, [lora_best[r][0].best_accuracy for r in ranks], "o-", color=COLORS[2],
            label="LoRA of rank r (best lr, epoch)")
ax_acc.plot(ranks, [truncated[r] for r in ranks], "s-", color=COLORS[1], label="full update truncated to rank r")
ax_acc.axhline(full_val, color="0.4", linestyle="--", label="full fine-tuning")
ax_acc.set_xscale("log", base=2)
ax_acc.set_xticks(ranks, [str(r) for r in ranks])
ax_acc.minorticks_off()
ax_acc.set_xlabel("rank r")
ax_acc.set_ylabel("validation accuracy, digits 5-9")
ax_acc.set_title("Accuracy against rank")
ax_acc.legend(fontsize=9, loc="lower right")
plt.show()

# %% [markdown]
# ## 5. Over-parameterization makes this possible
#
# Why should the update be low-rank? The second layer's $W_0$ is $128 \times 128$: 16,384 numbers
# to serve a task (telling five digits apart) that needs far fewer. The pretrained network already
# computes features useful for digits; adapting it means re-weighting a few directions of those
# features, not learning new ones from scratch, and gradient descent from $W_0$ moves mostly along
# the few directions the new classes need. The larger the network relative to its task, the smaller
# the fraction of its parameters an adaptation has to touch: Hu et al. adapt GPT-3 (175 billion
# parameters) training about 10,000 times fewer parameters than full fine-tuning, with ranks as low
# as 1 to 8. (The over-parameterized network is also what lets
# plain gradient descent find a good minimum near almost any start, the pretrained one included.)
#
# ## Play with it
#
# Choose the rank: the validation accuracy during training (at the learning rate chosen for that rank),
# against full fine-tuning's (dots: the best epoch, the one chosen), and how much of the first layer's full update the $r$ largest singular
# directions hold.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.lora import lora_rank_widget

lora_rank_widget({r: lora_best[r][0].history for r in ranks}, full_best.history, spectra[0], fractions)

# %% [markdown]
# ## Summary
#
# - LoRA adapts a frozen layer with a trained low-rank update: $h = xW_0 + b_0 + \frac{\alpha}{r}xAB$. With
#   $B = 0$ it starts as the pretrained network; merged, it costs one matrix product per layer.
# - Pretrained on digits 0–4 and adapted to 5–9, with the learning rate, the epochs and the rank
#   chosen on 196 validation images: rank 4, the smallest within 0.02 of full fine-tuning on
#   validation, trains 9 % of the parameters and reaches test accuracy 0.973 against 0.983 for full
#   fine-tuning, on 300 test images used once (three images apart). LoRA needs a larger learning
#   rate (0.3) than the 0.1 at which full fine-tuning already does its best, and at 0.3 ranks 1
#   and 2 diverge: each method's rate has to be chosen for it.
# - The full fine-tuning update has about five significant singular values per layer (five new
#   classes): truncated to rank 8 it keeps full fine-tuning's validation accuracy, to rank 4 it
#   loses 0.026 of it, to rank 2 most. A network with far more
#   parameters than its task needs changes in few directions when it adapts.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb19, show_solution

# %% [markdown]
# ### Exercise 1: the LoRA layer
#
# Write `lora_forward(x, W0, b0, A, B, alpha)`: $h = xW_0 + b_0 + \frac{\alpha}{r}\, xAB$ for `x` (N, fan_in),
# `A` (fan_in, r) and `B` (r, fan_out), the rank $r$ read from `A`.

# %%
def lora_forward(x, W0, b0, A, B, alpha):
    raise NotImplementedError  # your code here


nb19.LORA_FORWARD.check(lora_forward)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def lora_forward(x, W0, b0, A, B, alpha):
#     r = A.shape[1]
#     return x @ W0 + b0 + (alpha / r) * (x @ A) @ B  # frozen path plus the scaled low-rank update
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: the fraction of parameters trained
#
# Write `trained_fraction(fan_in, fan_out, r)`: the number of parameters a rank-$r$ LoRA update of a
# (fan_in, fan_out) weight matrix trains, as a fraction of the matrix's own. (The second layer here:
# 128, 128, 4 gives 0.0625.)

# %%
def trained_fraction(fan_in, fan_out, r):
    raise NotImplementedError  # your code here


nb19.TRAINED_FRACTION.check(trained_fraction)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def trained_fraction(fan_in, fan_out, r):
#     return r * (fan_in + fan_out) / (fan_in * fan_out)  # A and B against the whole of W
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: the best rank-r update
#
# Write `best_rank_r(delta, r)`: the matrix of rank $r$ closest to `delta` in the Frobenius norm
# (the Eckart–Young theorem: its truncated singular value decomposition), as section 4 used it.

# %%
def best_rank_r(delta, r):
    raise NotImplementedError  # your code here


nb19.BEST_RANK_R.check(best_rank_r)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def best_rank_r(delta, r):
#     U, s, Vt = np.linalg.svd(delta, full_matrices=False)
#     return (U[:, :r] * s[:r]) @ Vt[:r]  # keep the r largest singular directions (Eckart–Young)
# ```
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Why must one of $A$ and $B$ start at zero, and why not both?
#
# <details><summary>Answer</summary>
#
# One at zero makes the update $AB$ zero, so the adapted model starts exactly as the pretrained
# one: fine-tuning begins from what pretraining found rather than from a randomly perturbed copy.
# Both at zero would be a saddle: $\partial J/\partial A = x^\top G B^\top$ and
# $\partial J/\partial B = (xA)^\top G$ both vanish when $A = B = 0$, and gradient descent would never
# move. With $A$ random, $B$ gets a gradient at the first step, and $A$ from the second.
#
# </details>
#
# 5. A LoRA adapter of rank 4 for one task takes 2,344 numbers here. What does that make possible
#    that full fine-tuning does not, when one pretrained model serves many tasks?
#
# <details><summary>Answer</summary>
#
# One frozen copy of the pretrained weights and a tiny adapter per task: switching tasks means
# swapping $A$ and $B$ (or merging and unmerging them), not loading a whole new model; storing a
# hundred tasks costs a hundred adapters, not a hundred networks. Training is cheaper too: no
# gradients or optimiser state for the frozen weights.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("19_lora", nb19.EXERCISES)

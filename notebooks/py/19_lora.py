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
#   against the fraction of parameters trained.
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

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. Pretraining on half of the classes
#
# The "pretrained model": an MLP 64–128–128–10 trained only on the digits 0–4 (600 images). It has
# never seen a 5, 6, 7, 8 or 9, so it gets none of them right. The new task: those five digits,
# from 400 labelled images; 496 more are held out to measure it.

# %%
X, y = datasets.digits()
order = rng.permutation(len(X))
old_rows, new_rows = order[y[order] < 5], order[y[order] >= 5]
pretrain_rows, old_test = old_rows[:600], old_rows[600:]
adapt_rows, new_test = new_rows[:400], new_rows[400:]
pretrained = dl.MLP([64, 128, 128, 10], seed=0)
dl.train(pretrained, X[pretrain_rows], y[pretrain_rows], lr=0.1, epochs=10, batch_size=32, progress=False)
print(f"pretrained: accuracy {dl.accuracy(pretrained, X[old_test], y[old_test]):.3f} on held-out 0-4, "
      f"{dl.accuracy(pretrained, X[new_test], y[new_test]):.3f} on 5-9; {count_parameters(pretrained)} parameters")

# %% [markdown]
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
same_start = np.array_equal(adapted(X[new_test]).value, pretrained(X[new_test]).value)
print(f"rank 4: {count_parameters(adapted)} parameters trained; at the start, the same outputs as the "
      f"pretrained network: {same_start}")
assert same_start

# %% [markdown]
# ## 3. Full fine-tuning against LoRA
#
# Both start from the pretrained weights and train on the 400 images of 5–9 alike (20 epochs of SGD,
# learning rate 0.1); full fine-tuning changes all 26,122 parameters, LoRA only $A$ and $B$ in each
# of the three layers (with $\alpha = r$).

# %%
fine_tuned = copy_mlp(pretrained)
full_history = dl.train(fine_tuned, X[adapt_rows], y[adapt_rows], lr=0.1, epochs=20, batch_size=32,
                        X_eval=X[new_test], y_eval=y[new_test], progress=False)
full_accuracy = full_history.eval_accuracy[-1]
print(f"full fine-tuning: {count_parameters(fine_tuned)} parameters trained (100 %), held-out accuracy {full_accuracy:.3f}")

# %%
runs, fractions = {}, {}
for r in (1, 2, 4, 8):
    model = LoRAMLP(pretrained, r=r, seed=0)
    runs[r] = dl.train(model, X[adapt_rows], y[adapt_rows], lr=0.1, epochs=20, batch_size=32,
                       X_eval=X[new_test], y_eval=y[new_test], progress=False)
    fractions[r] = 100 * count_parameters(model) / count_parameters(fine_tuned)
    print(f"LoRA r = {r}: {count_parameters(model):5d} parameters trained ({fractions[r]:4.1f} %), "
          f"held-out accuracy {runs[r].eval_accuracy[-1]:.3f}")
assert runs[4].eval_accuracy[-1] > full_accuracy - 0.03 and fractions[4] < 10
assert runs[1].eval_accuracy[-1] < runs[8].eval_accuracy[-1]
lora_model = model  # rank 8, kept for the merge below

# %% [markdown]
# With a tenth of the parameters trained, rank 4 comes within a point or two of full
# fine-tuning. And the adapter costs nothing at inference: fold it into the weights,
# $W \leftarrow W_0 + \frac{\alpha}{r}AB$, and one matrix product per layer gives the same outputs.

# %%
before = lora_model(X[new_test]).value
lora_model.merge()
after = lora_model(X[new_test]).value
print(f"merged weights give the adapter's outputs: {np.allclose(after, before, atol=1e-10)}")
assert np.allclose(after, before, atol=1e-10)
lora_model.unmerge()
assert np.allclose(lora_model(X[new_test]).value, before, atol=1e-10)

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
# and measure the accuracy of $W_0 + \Delta W_r$.

# %%
truncated = {}
for r in (1, 2, 4, 8):
    model = copy_mlp(pretrained)
    for layer, start, end in zip(model.layers, pretrained.layers, fine_tuned.layers):
        U, s, Vt = np.linalg.svd(end.W.value - start.W.value, full_matrices=False)
        layer.W.value = start.W.value + (U[:, :r] * s[:r]) @ Vt[:r]
        layer.b.value = end.b.value.copy()
    truncated[r] = dl.accuracy(model, X[new_test], y[new_test])
print("accuracy with the full update truncated to rank r:",
      ", ".join(f"r = {r}: {a:.3f}" for r, a in truncated.items()), f"(full: {full_accuracy:.3f})")
assert truncated[8] > full_accuracy - 0.02

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
ranks = [1, 2, 4, 8]
ax_acc.plot(ranks, [runs[r].eval_accuracy[-1] for r in ranks], "o-", color=COLORS[2], label="LoRA of rank r")
ax_acc.plot(ranks, [truncated[r] for r in ranks], "s-", color=COLORS[1], label="full update truncated to rank r")
ax_acc.axhline(full_accuracy, color="0.4", linestyle="--", label="full fine-tuning")
ax_acc.set_xscale("log", base=2)
ax_acc.set_xticks(ranks, [str(r) for r in ranks])
ax_acc.minorticks_off()
ax_acc.set_xlabel("rank r")
ax_acc.set_ylabel("held-out accuracy, digits 5-9")
ax_acc.set_title("Accuracy against rank")
ax_acc.legend(fontsize=9, loc="center right")
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
# Choose the rank: the held-out accuracy during training, against full fine-tuning, and how much of
# the first layer's full update the $r$ largest singular directions hold.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.lora import lora_rank_widget

lora_rank_widget(runs, full_history, spectra[0], fractions)

# %% [markdown]
# ## Summary
#
# - LoRA adapts a frozen layer with a trained low-rank update: $h = xW_0 + b_0 + \frac{\alpha}{r}xAB$. With
#   $B = 0$ it starts as the pretrained network; merged, it costs one matrix product per layer.
# - Pretrained on digits 0–4 and adapted to 5–9, rank 4 trains under a tenth of the parameters
#   and comes within a few points of full fine-tuning; rank 8 closer still.
# - The full fine-tuning update has about five significant singular values per layer (five new
#   classes): truncated to rank 8 it keeps full fine-tuning's accuracy. A network with far more
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

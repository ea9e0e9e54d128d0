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
# # 18. Attention and the transformer
#
# *Bahdanau, Cho & Bengio (2015), "Neural machine translation by jointly learning to align and
# translate"; Vaswani et al. (2017), "Attention is all you need".*
#
# A recurrent network reads a sentence one word at a time, and what the first word said must
# survive every step until it is needed. Bahdanau et al. let the decoder *look back* at every
# encoder position, with weights computed from the content; Vaswani et al. dropped the recurrence
# altogether: a transformer is attention, position-wise feedforward layers, and a positional
# encoding.
#
# ## What you will learn
#
# - Why attention: the path between two distant positions is one step long, instead of growing
#   with their distance; the price is a score matrix quadratic in the sequence length.
# - Scaled dot-product attention, $\mathrm{softmax}(QK^\top/\sqrt d)\,V$, and why the $\sqrt d$
#   (measured: the scores' variance grows like $d$).
# - Attention ignores order (it is permutation-equivariant), so a transformer without positional
#   information cannot learn to reverse a sequence; with a sinusoidal positional encoding it can.
# - What attention's input-dependent weights change about how a network reads its input.
#
# ## What you need
#
# - `01_feedforward_networks.ipynb` (units as feature detectors), `02_output_units.ipynb`
#   (softmax), `16_convolutional_networks.ipynb` (a convolution reads a local window).

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes.nn import TransformerBlock
from dlnotes.plots import COLORS, subplots
from dlnotes.transformer import (SequenceTransformer, attention_cost, attention_weights, block_attention_maps,
                                 path_length, reversal_task, sequence_accuracy, train_sequence_model)

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. Path length and cost
#
# For position $t$ of a sequence to use what position 0 said, information must travel between
# them. In a recurrent network, $h_t = f(h_{t-1}, x_t)$, it passes through every step in between.
# A convolution of width $k$ reads $(k-1)/2$ positions each way, so a stack needs a number of
# layers that grows with the distance too. One attention layer reads every position directly.
# `path_length` counts the fewest sequential operations after which position $t$ depends on
# position 0, by following the dependency graph one layer (or time step) at a time:

# %%
distances = [1, 2, 4, 8, 16, 32, 64]
kinds = {"recurrent": {"kind": "recurrent"}, "convolution k = 3": {"kind": "convolutional", "kernel_size": 3},
         "convolution k = 5": {"kind": "convolutional", "kernel_size": 5}, "attention": {"kind": "attention"}}
paths = {name: [path_length(d, **spec) for d in distances] for name, spec in kinds.items()}
print("distance            " + " ".join(f"{d:4d}" for d in distances))
for name, lengths in paths.items():
    print(f"{name:19s} " + " ".join(f"{n:4d}" for n in lengths))
assert paths["recurrent"] == distances and set(paths["attention"]) == {1}
assert paths["convolution k = 5"] == [int(np.ceil(d / 2)) for d in distances]

# %% [markdown]
# The price: every query is scored against every key, a $T \times T$ matrix. Measure it on
# `dl.scaled_dot_product_attention` itself (the operation keeps its weights $P$ for
# back-propagation), and count the multiply-adds of $QK^\top$ and $PV$. A recurrent layer's cost,
# $T$ steps of a $d \times d$ product, grows only linearly.

# %%
num_hiddens = 16
lengths = [16, 32, 64, 128, 256]
score_entries, attention_ops, recurrent_ops = [], [], []
for T in lengths:
    Q, K, V = (rng.normal(size=(T, num_hiddens)) for _ in range(3))
    O = dl.scaled_dot_product_attention(Q, K, V)
    score_entries.append(O.op.P.size)
    attention_ops.append(attention_cost(T, num_hiddens))
    recurrent_ops.append(T * num_hiddens * num_hiddens)
for T, entries, ops_a, ops_r in zip(lengths, score_entries, attention_ops, recurrent_ops):
    print(f"T = {T:3d}: score matrix {entries:6d} entries, attention {ops_a:8d} multiply-adds, recurrent {ops_r:6d}")
growth = np.array(score_entries[1:]) / np.array(score_entries[:-1])
print(f"when T doubles the score matrix grows ×{growth.mean():.1f}, the recurrent cost ×"
      f"{np.mean(np.array(recurrent_ops[1:]) / recurrent_ops[:-1]):.1f}")
assert np.all(growth == 4) and score_entries == [T * T for T in lengths]

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax_path, ax_cost) = subplots(1, 2, size=(4.4, 3.4))
for (name, lengths_), color, width in zip(paths.items(), COLORS, (5, 2, 2, 2)):
    # recurrent and k = 3 coincide: the recurrent line is drawn wide underneath
    ax_path.plot(distances, lengths_, "o-", color=color, linewidth=width, label=name)
ax_path.set_xscale("log", base=2)
ax_path.set_yscale("log", base=2)
ax_path.set_xlabel("distance between positions")
ax_path.set_ylabel("path length (sequential steps)")
ax_path.set_title("The path between two positions")
ax_path.legend(fontsize=9)
ax_cost.loglog(lengths, attention_ops, "o-", color=COLORS[3], label="attention, 2T²d")
ax_cost.loglog(lengths, recurrent_ops, "o-", color=COLORS[0], label="recurrent, Td²")
ax_cost.set_xticks(lengths, [str(T) for T in lengths])
ax_cost.minorticks_off()
ax_cost.set_xlabel("sequence length T")
ax_cost.set_ylabel("multiply-adds (d = 16)")
ax_cost.set_title("The cost of one layer")
ax_cost.legend(fontsize=9)
plt.show()

# %% [markdown]
# ## 2. Scaled dot-product attention
#
# Each position $t$ emits a query $q_t$, and each position $s$ a key $k_s$ and a value $v_s$ (rows of
# $Q = XW_q$, $K = XW_k$, $V = XW_v$). Query $t$ reads the values, weighted by how well its query
# matches each key:
#
# $$\mathrm{Attention}(Q, K, V) = PV, \qquad P = \mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt d}\right)
#   \text{ (row by row)}.$$
#
# Bahdanau et al. scored with a small MLP, $a(s, h) = v^\top \tanh(W s + U h)$; Vaswani et al.'s dot
# product is cheaper and does the same job. The package's fused operation against the formula:

# %%
Q, K, V = rng.normal(size=(5, 8)), rng.normal(size=(7, 8)), rng.normal(size=(7, 3))
P = attention_weights(Q, K)
O = dl.scaled_dot_product_attention(Q, K, V)
print(f"P has shape {P.shape}, rows summing to 1: {np.allclose(P.sum(axis=1), 1)}; "
      f"P V equals the package's attention: {np.allclose(P @ V, O.value)}")
assert np.allclose(P @ V, O.value) and np.allclose(O.op.P, P)

# %% [markdown]
# ## 3. Why $\sqrt d$
#
# If the entries of $q$ and $k$ are independent with mean 0 and variance 1, then
# $q \cdot k = \sum_{i=1}^d q_i k_i$ is a sum of $d$ terms of variance 1: its variance is $d$. With
# $d = 256$ the scores have a standard deviation of 16, the softmax puts nearly all its weight on one
# key, and its gradient vanishes. Dividing by $\sqrt d$ gives the scores variance 1 whatever $d$ is.
# Measure it, and the largest weight of each query over 16 keys:

# %%
print("   d   var(q·k)  var(q·k/√d)  mean max weight: unscaled  scaled")
for d in (4, 16, 64, 256):
    q, k = rng.normal(size=(20000, d)), rng.normal(size=(20000, d))
    scores = np.sum(q * k, axis=1)
    Qd, Kd = rng.normal(size=(200, d)), rng.normal(size=(16, d))
    unscaled = attention_weights(Qd * np.sqrt(d), Kd).max(axis=1).mean()  # √d·Q undoes the scaling
    scaled = attention_weights(Qd, Kd).max(axis=1).mean()
    print(f"{d:4d}  {scores.var():8.1f}  {(scores / np.sqrt(d)).var():11.2f}  {unscaled:24.2f}  {scaled:6.2f}")
    assert 0.9 * d < scores.var() < 1.1 * d and 0.9 < (scores / np.sqrt(d)).var() < 1.1

# %% [markdown]
# ## 4. Attention ignores order
#
# Nothing in $\mathrm{softmax}(QK^\top/\sqrt d)V$ refers to where a row sits: permute the positions
# of $X$ and every query finds the same keys, permuted, and so gives the same output, moved to its
# new place. A whole transformer block (attention, layer norm, the position-wise feedforward layers)
# is *permutation-equivariant*: $\mathrm{block}(X_\pi) = \mathrm{block}(X)_\pi$. Adding a
# positional encoding $P_t$ to row $t$ breaks that: the rows now say where they are.

# %%
block = TransformerBlock(16, 2, 32, np.random.default_rng(1))
X = rng.normal(size=(1, 6, 16))
perm = rng.permutation(6)
print("permutation:", perm)
equivariant = np.abs(block(X[:, perm]).value - block(X).value[:, perm]).max()
print(f"block(X permuted) equals block(X) permuted (to 1e-12): {equivariant < 1e-12}")
assert equivariant < 1e-12
P_enc = dl.sinusoidal_positional_encoding(6, 16)
with_positions = np.abs(block(X[:, perm] + P_enc).value - block(X + P_enc).value[:, perm]).max()
print(f"with a positional encoding added: largest difference {with_positions:.2f}")
assert with_positions > 0.1

# %% [markdown]
# ## 5. Reversing a sequence
#
# The task: read 6 tokens from a vocabulary of 8 and output them in reverse order,
# $y_t = x_{5-t}$. The model: token embeddings, one transformer block with 2 heads, a linear read-out
# at each position. Without positions, the output at position $t$ can only depend on the token
# $x_t$ and on the *set* of tokens around it, never on which of them sits at $5 - t$. With the
# sinusoidal encoding of Vaswani et al.,
#
# $$P_{t, 2i} = \sin\!\left(t / 10000^{2i/d}\right), \qquad P_{t, 2i+1} = \cos\!\left(t / 10000^{2i/d}\right),$$
#
# added to the embeddings, the same model can learn to attend from $t$ to $5 - t$. Both are trained
# alike: 1,200 random sequences, 4 epochs of SGD, tested on 500 new ones.

# %%
vocab, steps = 8, 6
X_train, y_train = reversal_task(1200, steps, vocab, rng)
X_test, y_test = reversal_task(500, steps, vocab, rng)
without = SequenceTransformer(vocab, steps, num_hiddens=32, num_heads=2, positional=False, seed=0)
losses_without = train_sequence_model(without, X_train, y_train, lr=0.1, epochs=4)
accuracy_without = sequence_accuracy(without, X_test, y_test)
print(f"without positions: test accuracy {accuracy_without:.3f} (one token in {vocab} by chance: {1 / vocab:.3f})")
# It is blind to order: reversing the input reverses its predictions, which can't be the reversal.
flipped = np.argmax(without(X_test[:, ::-1]).value, axis=-1)
assert np.array_equal(flipped, np.argmax(without(X_test).value, axis=-1)[:, ::-1]) and accuracy_without < 0.5

# %%
model = SequenceTransformer(vocab, steps, num_hiddens=32, num_heads=2, positional=True, seed=0)
losses_with = train_sequence_model(model, X_train, y_train, lr=0.1, epochs=4)
accuracy_with = sequence_accuracy(model, X_test, y_test)
print(f"with the sinusoidal positional encoding: test accuracy {accuracy_with:.3f}")
assert accuracy_with > 0.98

# %% [markdown]
# Where does the trained model look? The attention maps of its two heads for one test sequence:
# the query at position $t$ reads position $5 - t$ (the anti-diagonal), the token it must output.
# The model found the rule from examples, through the positional encoding.

# %%
# NBVAL_IGNORE_OUTPUT
maps = model.attention_maps(X_test[:12])
fig, axes = subplots(1, 3, size=(3.4, 3.2))
axes[0].plot(np.arange(1, 5), losses_without, "o-", color=COLORS[5], label="without positions")
axes[0].plot(np.arange(1, 5), losses_with, "o-", color=COLORS[0], label="with positions")
axes[0].set_xlabel("epoch")
axes[0].set_ylabel("cross-entropy")
axes[0].set_title("Training loss")
axes[0].legend(fontsize=9)
for head, ax in enumerate(axes[1:]):
    shown = ax.imshow(maps[0, head], cmap="viridis", vmin=0, vmax=1)
    ax.set_xticks(range(steps), [str(s) for s in X_test[0]])
    ax.set_yticks(range(steps))
    ax.set_xlabel("key: input token")
    ax.set_ylabel("query position t")
    ax.set_title(f"head {head}")
    ax.grid(False)
fig.colorbar(shown, ax=axes[1:], shrink=0.8, label="attention weight")
plt.show()

# %% [markdown]
# ## 6. The pitfall, and what attention changes
#
# The notes' pitfall: in a stack of feature detectors, every parameter takes part in how
# *everything* is read. A weight of an MLP reads the same input position with the same strength
# for every input; to read a position differently for one kind of input, training must change
# weights that every other input also goes through. In a dense layer over positions, the weight
# with which position $s$ feeds position $t$ *is* a parameter.
#
# Attention keeps shared parameters ($W_q$, $W_k$, $W_v$ are the same for every input), but the
# weights $P_{ts}$ that route position $s$ to position $t$ are *computed*, from the input: the
# parameters say how to decide what to read, and the reading itself changes with the context.
# Measure it on the untrained block of section 4: give it two different inputs and compare the
# weights with which its first head routes positions.

# %%
X_a, X_b = rng.normal(size=(1, 6, 16)), rng.normal(size=(1, 6, 16))
# the weights with which the block's first head routes positions, for each input
attention_change = np.abs(block_attention_maps(block, X_a)[0, 0] - block_attention_maps(block, X_b)[0, 0]).max()
print(f"largest change of a routing weight P[t, s] between two inputs: {attention_change:.2f} "
      "(a dense layer over positions: 0, its weights are its parameters)")
assert attention_change > 0.1

# %% [markdown]
# It does not remove the pitfall (every input still shares $W_q$, $W_k$, $W_v$), but it moves it:
# what is shared is a rule for routing, not a fixed routing, so one set of parameters can read a
# sequence differently depending on what it contains, as the trained reverser reads position
# $5 - t$ whatever the tokens are.
#
# ## Play with it
#
# Choose a test sequence and a head of the trained reverser: the attention map, with the input
# tokens along the bottom and the model's outputs along the side.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.attention import attention_map_widget

attention_map_widget(X_test[:12], maps, np.argmax(model(X_test[:12]).value, axis=-1))

# %% [markdown]
# ## Summary
#
# - Between positions at distance $n$, a recurrent network's path has $n$ steps, a stack of width-5
#   convolutions $\lceil n/2 \rceil$, attention 1; the score matrix costs $T^2$ entries, ×4 each time
#   the sequence doubles.
# - $\mathrm{softmax}(QK^\top/\sqrt d)V$: scores of unit-variance vectors have variance $d$ (measured:
#   4, 16, 64, 256), and dividing by $\sqrt d$ keeps the softmax from saturating.
# - Attention and the whole transformer block are permutation-equivariant: without positional
#   information, a transformer cannot reverse a sequence (test accuracy well below 0.5); with the
#   sinusoidal encoding the same model learns it (above 0.98), attending along the anti-diagonal.
# - Attention's routing weights are computed from the input, so shared parameters can read each
#   input differently.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb18, show_solution

# %% [markdown]
# ### Exercise 1: scaled dot-product attention
#
# Write `attention(Q, K, V)` in numpy: $\mathrm{softmax}(QK^\top/\sqrt d)\,V$ for `Q` (T, d), `K` (S, d) and `V` (S, d_v),
# the softmax taken over the keys (each row).

# %%
def attention(Q, K, V):
    raise NotImplementedError  # your code here


nb18.ATTENTION.check(attention)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def attention(Q, K, V):
#     d = Q.shape[-1]
#     P = _softmax(Q @ K.T / np.sqrt(d), axis=-1)  # row t: how much query t reads each key
#     return P @ V
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: the sinusoidal positional encoding
#
# Write `positional_encoding(num_steps, d)`: the (num_steps, d) array with
# $P_{t,2i} = \sin(t/10000^{2i/d})$ and $P_{t,2i+1} = \cos(t/10000^{2i/d})$ ($d$ even).

# %%
def positional_encoding(num_steps, d):
    raise NotImplementedError  # your code here


nb18.POSITIONAL_ENCODING.check(positional_encoding)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def positional_encoding(num_steps, d):
#     t = np.arange(num_steps)[:, np.newaxis]
#     frequencies = 10000.0 ** (-np.arange(0, d, 2) / d)  # one frequency per pair of columns
#     P = np.zeros((num_steps, d))
#     P[:, 0::2] = np.sin(t * frequencies)
#     P[:, 1::2] = np.cos(t * frequencies)
#     return P
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: a causal mask
#
# A decoder that generates a sequence left to right must not read the future: query $t$ may attend
# only to keys $s \le t$. Write `causal_mask(num_steps)`, the (T, T) boolean mask, True where
# query $t$ (row) may attend to key $s$ (column), as `dl.scaled_dot_product_attention(Q, K, V, mask)` takes it.

# %%
def causal_mask(num_steps):
    raise NotImplementedError  # your code here


nb18.CAUSAL_MASK.check(causal_mask)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def causal_mask(num_steps):
#     t = np.arange(num_steps)
#     return t[np.newaxis, :] <= t[:, np.newaxis]  # query t (row) may read keys s ≤ t (columns)
# ```
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. A transformer reads a 1,000-token document. How does its attention cost compare with that of a
#    100-token paragraph, and what would you change to read a 100,000-token book?
#
# <details><summary>Answer</summary>
#
# The score matrices grow as $T^2$: 100 times more entries for 10 times the length, and the book
# would need $10^{10}$ scores per head and layer. The remedies restrict or approximate the $T \times T$
# matrix: attend only within a local window or to a few global positions (sparse attention),
# approximate the softmax kernel with low-rank features (linear attention), or compute it in tiles
# without storing it (FlashAttention), which saves memory but not the $T^2$ work.
#
# </details>
#
# 5. The model without positions still reached an accuracy well above chance. How, if it cannot
#    tell where a token sits?
#
# <details><summary>Answer</summary>
#
# The target $x_{5-t}$ is one of the six tokens of the sequence, and the model sees all of them (as a
# set). Guessing a token that occurs in the sequence, and not $x_t$ itself (for even length,
# $5 - t \neq t$), is right far more often than one time in 8, especially when a token occurs
# twice. It cannot do better than such set-based guessing: equivariance forces two positions
# holding the same token to get the same prediction.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("18_attention_and_the_transformer", nb18.EXERCISES)

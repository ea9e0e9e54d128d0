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
# # 13. Dropout
#
# *Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov (2014), "Dropout: a simple way to
# prevent neural networks from overfitting".*
#
# A big network trained on few examples learns its training set by heart, mistakes included.
# Dropout's remedy is to train a different, randomly thinned network at every step: each hidden
# unit is switched off with probability $p$, so no unit can rely on particular others being there
# ("co-adaptation"), and the full network used at evaluation behaves like an average of all the
# thinned ones.
#
# ## What you will learn
#
# - Inverted dropout, $\tilde h = h \odot m/(1 - p)$ with $m_k \sim \mathrm{Bernoulli}(1 - p)$: it keeps a
#   fraction $1 - p$ of the units and preserves the mean activation, and is the identity at evaluation.
# - That on a few hundred digits an over-sized MLP memorizes its training labels, wrong ones
#   included, and dropout narrows the gap between training and validation accuracy.
# - The ensemble view: averaging the predictions of many thinned networks approaches the
#   evaluation network, exactly so (as a geometric mean) for a single softmax layer.
#
# ## What you need
#
# - `04_the_loss.ipynb` (regularization, the penalty $\lambda\Omega(\theta)$), `09_digits_end_to_end.ipynb`
#   (training an MLP on the digits).

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes import datasets
from dlnotes.dropout_nets import DropoutMLP, fit, flip_labels, mask_average, mask_geometric_mean
from dlnotes.nn import Dropout
from dlnotes.plots import COLORS, subplots

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. Inverted dropout
#
# While training, every unit's activation $h_k$ is multiplied by its own coin flip:
#
# $$\tilde h_k = \frac{m_k\, h_k}{1 - p}, \qquad m_k \sim \mathrm{Bernoulli}(1 - p), \qquad
#   \mathbb{E}[\tilde h_k] = \frac{(1 - p)\, h_k}{1 - p} = h_k .$$
#
# The paper drops units without rescaling and multiplies the weights by $1 - p$ at test time;
# dividing by $1 - p$ while training instead ("inverted" dropout, `dl.dropout`) gives the same
# expected activations and leaves the evaluation network untouched. Check both claims on a large
# array of activations:

# %%
h = rng.uniform(0.0, 2.0, size=(1000, 100))
for p in (0.2, 0.5, 0.8):
    z = dl.dropout(h, p, rng).value
    kept = np.mean(z != 0)
    print(f"p = {p}: kept fraction {kept:.3f} (1 − p = {1 - p:.1f}), mean activation {z.mean():.3f} "
          f"(without dropout {h.mean():.3f})")
    assert abs(kept - (1 - p)) < 0.01 and abs(z.mean() / h.mean() - 1) < 0.02
    assert np.allclose(z[z != 0], h[z != 0] / (1 - p))

# %% [markdown]
# The layer `dlnotes.nn.Dropout` draws a fresh mask at every call in training mode and is the
# identity in evaluation mode. Its gradient flows only through the units that were kept:

# %%
layer = Dropout(0.5, np.random.default_rng(1))
a = dl.Node(h[:4])
out = layer(a)
dl.backprop(dl.sum(out))
print("gradient zero exactly where the unit was dropped:", bool(np.all((a.grad == 0) == (out.value == 0))))
layer.eval()
print("evaluation mode is the identity:", bool(np.array_equal(layer(h[:4]).value, h[:4])))
assert np.all((a.grad == 0) == (out.value == 0)) and np.allclose(a.grad[out.value != 0], 2.0)
assert np.array_equal(layer(h[:4]).value, h[:4])

# %% [markdown]
# ## 2. A small training set and an over-sized network
#
# 200 digits to train on, 500 for validation, and an MLP of 64–256–256–10, about 85,000
# weights: more than 400 per training example. `DropoutMLP` puts dropout after each hidden
# layer; `fit` trains it with `dl.train` and measures the *evaluation* network on both sets every
# other epoch. First on the digits as they are:

# %%
X, y = datasets.digits()
order = rng.permutation(len(X))
train_rows, val_rows = order[:200], order[200:700]
X_train, X_val, y_val = X[train_rows], X[val_rows], y[val_rows]
settings = dict(lr=0.1, epochs=60, batch_size=20, eval_every=2)
clean = {0.0: fit(DropoutMLP([64, 256, 256, 10], p=0.0, seed=0), X_train, y[train_rows], X_val, y_val,
                 **{**settings, "eval_every": 60})}  # measured once, at the end

# %%
clean[0.5] = fit(DropoutMLP([64, 256, 256, 10], p=0.5, seed=0), X_train, y[train_rows], X_val, y_val,
                 **{**settings, "eval_every": 60})
for p, c in clean.items():
    print(f"clean labels, p = {p}: training accuracy {c.train_accuracy[-1]:.3f}, validation "
          f"{c.val_accuracy[-1]:.3f}, gap {c.gap('accuracy')[-1]:.3f}")
assert all(c.train_accuracy[-1] == 1.0 and c.gap("accuracy")[-1] < 0.1 for c in clean.values())

# %% [markdown]
# The digits are clean and easy: the network fits all 200 and still gets about 94 % of the
# validation set right, with or without dropout. There is little to memorize beyond the
# digits themselves. Real training sets are noisier. Give 20 % of the training images a wrong
# label (a different digit, drawn at random), keep the validation labels true, and train again:

# %%
y_noisy, flipped = flip_labels(y[train_rows], 0.2, np.random.default_rng(5))
models = {p: DropoutMLP([64, 256, 256, 10], p=p, seed=0) for p in (0.0, 0.5)}
noisy = {0.0: fit(models[0.0], X_train, y_noisy, X_val, y_val, **settings)}

# %%
noisy[0.5] = fit(models[0.5], X_train, y_noisy, X_val, y_val, **settings)
for p, c in noisy.items():
    memorized = np.mean(models[p].predict(X_train[flipped]) == y_noisy[flipped])
    print(f"{flipped.sum()} wrong labels, p = {p}: training accuracy {c.train_accuracy[-1]:.3f}, validation "
          f"{c.val_accuracy[-1]:.3f}, gap {c.gap('accuracy')[-1]:.3f}; wrong labels learned: {memorized:.2f}")
gap_without, gap_with = noisy[0.0].gap("accuracy")[-1], noisy[0.5].gap("accuracy")[-1]
print(f"dropout shrinks the train–validation gap from {gap_without:.3f} to {gap_with:.3f}")
assert gap_with < 0.5 * gap_without and noisy[0.5].val_accuracy[-1] > noisy[0.0].val_accuracy[-1]

# %% [markdown]
# Without dropout the network learns every wrong label: it fits its training set exactly, and
# pays for it on validation. With $p = 0.5$ it learns only about half of the wrong labels (its
# training accuracy, about 0.8 + 0.2/2, says the same), and its validation accuracy is higher:
# the gap between the two is less than half as wide.

# %%
# NBVAL_IGNORE_OUTPUT
fig, axes = subplots(1, 2, size=(4.4, 3.4), sharey=True)
for ax, p in zip(axes, (0.0, 0.5)):
    c = noisy[p]
    ax.plot(c.epochs, c.train_accuracy, color=COLORS[0], label="training (20 % wrong labels)")
    ax.plot(c.epochs, c.val_accuracy, color=COLORS[1], label="validation (true labels)")
    ax.fill_between(c.epochs, c.val_accuracy, c.train_accuracy, color=COLORS[8], alpha=0.25)
    ax.axhline(0.8, color="0.4", linestyle=":", linewidth=1)
    ax.set_title("no dropout" if p == 0 else f"dropout p = {p}")
    ax.set_xlabel("epoch")
axes[0].set_ylabel("accuracy of the evaluation network")
axes[0].set_ylim(0.55, 1.02)
axes[0].legend(loc="lower right", fontsize=9)
plt.show()

# %% [markdown]
# The dotted line is the fraction of training labels that are right: a network above it has
# started learning wrong labels. The shaded band is the gap.
#
# ## 3. The ensemble view
#
# A network with $n$ droppable units is $2^n$ thinned networks sharing their weights; each
# training step trains one of them on one minibatch. At evaluation we would like their average
# prediction. The paper's claim: running the full network (with the weights scaled, or, with
# inverted dropout, as it is) approximates it.
#
# For one softmax layer with dropout on its $n$ inputs the claim is exact, for the geometric
# mean: $\log \mathrm{softmax}(z)_k = z_k - \log\sum_j e^{z_j}$, the second term is the same for every
# class, and the logits are linear in the mask, so the probability-weighted geometric mean of the
# thinned predictions, renormalized, is $\mathrm{softmax}(\mathbb{E}[z]) = \mathrm{softmax}(xW + b)$.
# Enumerate all $2^{10}$ masks of a random layer and check:

# %%
x, W, b = rng.normal(size=10), rng.normal(size=(10, 4)), rng.normal(size=4)
geometric, arithmetic = mask_geometric_mean(x, W, b, p=0.5)
full = dl.softmax(x @ W + b).value
print("full network        ", np.round(full, 4))
print("geometric mean      ", np.round(geometric, 4))
print("arithmetic mean     ", np.round(arithmetic, 4))
assert np.allclose(geometric, full, atol=1e-12) and not np.allclose(arithmetic, full, atol=1e-3)

# %% [markdown]
# With hidden layers in between the claim is only approximate. Measure it on the network
# trained with $p = 0.5$ above: average the validation predictions of $K$ random thinned
# networks (a fresh mask for every image and every pass) and compare with the evaluation
# network's.

# %%
counts = [1, 3, 10, 30, 100]
model = models[0.5]
P_eval = model.probabilities(X_val)
averages = mask_average(model, X_val, counts)
agreement = [np.mean(A.argmax(axis=1) == P_eval.argmax(axis=1)) for A in averages]
distance = [0.5 * np.abs(A - P_eval).sum(axis=1).mean() for A in averages]
ensemble_accuracy = [np.mean(A.argmax(axis=1) == y_val) for A in averages]
for K, agree, d, acc in zip(counts, agreement, distance, ensemble_accuracy):
    print(f"K = {K:3d} masks: same class as the evaluation network {agree:.3f}, total variation "
          f"{d:.3f}, validation accuracy {acc:.3f}")
print(f"the evaluation network: validation accuracy {np.mean(P_eval.argmax(axis=1) == y_val):.3f}, one pass")
assert agreement[-1] > 0.95 and agreement[-1] > agreement[0] + 0.1 and distance[-1] < 0.7 * distance[0]

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(1, 1, size=(5.5, 3.4))
ax.semilogx(counts, agreement, "o-", color=COLORS[0], label="same class as the evaluation network")
ax.semilogx(counts, ensemble_accuracy, "s-", color=COLORS[2], label="validation accuracy of the average")
ax.axhline(np.mean(P_eval.argmax(axis=1) == y_val), color=COLORS[2], linestyle="--", linewidth=1,
           label="validation accuracy, evaluation network")
ax.set_xlabel("K, thinned networks averaged")
ax.set_ylabel("fraction of validation images")
ax.set_title("Averaging thinned networks approaches the full one")
ax.legend(fontsize=9, loc="lower right")
plt.show()

# %% [markdown]
# One thinned network alone is a worse classifier than the evaluation network; their average
# agrees with it on almost every image by $K = 100$ and is as accurate. The single evaluation
# pass gives the ensemble's prediction at the cost of one network.
#
# ## Play with it
#
# Two more drop probabilities, trained on the same noisy labels (this takes a few seconds); then
# move $p$ and compare the learning curves with the network trained without dropout (dashed).
# Watch the gap close as $p$ grows, and what a very large $p$ costs.

# %%
noisy[0.2] = fit(DropoutMLP([64, 256, 256, 10], p=0.2, seed=0), X_train, y_noisy, X_val, y_val, **settings)

# %%
noisy[0.8] = fit(DropoutMLP([64, 256, 256, 10], p=0.8, seed=0), X_train, y_noisy, X_val, y_val, **settings)
for p in sorted(noisy):
    print(f"p = {p}: gap {noisy[p].gap('accuracy')[-1]:.3f}, validation accuracy {noisy[p].val_accuracy[-1]:.3f}")

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.dropout import dropout_widget

dropout_widget(noisy)

# %% [markdown]
# ## Summary
#
# - Inverted dropout keeps each unit with probability $1 - p$ and divides the kept ones by $1 - p$:
#   the mean activation is unchanged (measured), so evaluation simply switches it off.
# - On 200 digits with 20 % wrong labels an over-sized MLP learns every wrong label; with
#   dropout $p = 0.5$ it learns about half of them, and its train–validation gap shrinks to less
#   than half. On clean digits there was little overfitting to cure.
# - Dropout trains an ensemble of $2^n$ weight-sharing thinned networks. Their average prediction
#   is what the full network approximates: exactly (as a geometric mean) for a softmax layer, and
#   closely (same class on nearly every image) for the MLP.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb13, show_solution

# %% [markdown]
# ### Exercise 1: inverted dropout
#
# Write `inverted_dropout(a, p, u)`: $a \odot m/(1 - p)$, where the mask comes from the uniform draws
# `u` (an array of the shape of `a`, values in $[0, 1)$): unit $k$ is kept when $u_k \ge p$.

# %%
def inverted_dropout(a, p, u):
    raise NotImplementedError  # your code here


nb13.INVERTED_DROPOUT.check(inverted_dropout)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def inverted_dropout(a, p, u):
#     keep = u >= p               # each unit kept with probability 1 − p (u uniform on [0, 1))
#     return a * keep / (1 - p)   # the kept units scaled up, so E[output] = a
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: the noise dropout adds
#
# Write `dropout_variance(a, p)`: $\mathrm{Var}[z]$ for $z = a\, m/(1 - p)$, $m \sim \mathrm{Bernoulli}(1 - p)$,
# element by element for an array of activations `a`.

# %%
def dropout_variance(a, p):
    raise NotImplementedError  # your code here


nb13.DROPOUT_VARIANCE.check(dropout_variance)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def dropout_variance(a, p):
#     return a ** 2 * p / (1 - p)  # E[z²] − a² with z = a·m/(1 − p): a²/(1 − p) − a²
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: plain dropout at test time
#
# The paper's dropout does not rescale the kept units while training. With $p = 0.2$, by what
# factor must the outgoing weights be multiplied at test time?

# %%
test_time_scale = ...  # your answer: a number

nb13.TEST_TIME_SCALE.check(test_time_scale)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# test_time_scale = 1 - 0.2  # W_test = (1 − p)·W: the expected input seen while training
# ```
#
# While training, a unit receives $\sum_j m_j a_j w_j$ with $\mathbb{E}[m_j] = 1 - p$: on average $(1 - p)\sum_j a_j w_j$. At test time every unit is present, so the paper multiplies the weights by $1 - p$ to give the same expected input. Inverted dropout moves that factor into training (dividing by $1 - p$ there).
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Exercise 2 says the noise dropout adds to an activation grows with $p/(1 - p)$. Why does
#    $p = 0.8$ in the widget train more slowly, and why does the paper use $p = 0.5$ for hidden
#    units but only about $0.2$ for the inputs?
#
# <details><summary>Answer</summary>
#
# The variance $a^2 p/(1 - p)$ is $a^2$ at $p = 0.5$ but $4a^2$ at $p = 0.8$: the gradients are
# noisier and each step carries less signal, so training needs more steps (and a network wide
# enough that a fifth of its units can still do the job). Inputs carry the information itself:
# dropping half of the pixels destroys much of what distinguishes one digit from another, while
# hidden units are redundant by design, so the inputs get a smaller $p$.
#
# </details>
#
# 5. Dropout did not help on the clean digits in section 2. What does that say about when to
#    use it?
#
# <details><summary>Answer</summary>
#
# Dropout is a regularizer: it trades some fit to the training set for less variance. When the
# network does not overfit much (clean, easy data, a short training run, or a model that is
# not much larger than the data warrant) it costs accuracy without a gain. It pays off when a
# large network would otherwise memorize: noisy labels, few examples per parameter, long
# training. Watch the train–validation gap to decide.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("13_dropout", nb13.EXERCISES)

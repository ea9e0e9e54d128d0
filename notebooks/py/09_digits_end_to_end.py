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
# # 9. Digits, end to end
#
# Everything at once, on a real (small) data set: 1,797 handwritten digits of 8×8
# pixels. An MLP computes logits, the softmax turns them into class probabilities, the
# negative log-likelihood measures how wrong they are, back-propagation computes the
# gradient of that loss with respect to every weight, and stochastic gradient descent
# on minibatches follows it downhill. We choose the learning rate on a validation set,
# then evaluate once, honestly, on test images that played no part in any choice: test
# accuracy, a confusion matrix, and the digits the network gets wrong.
#
# ## What you will learn
#
# - The full pipeline: a train / validation / test split, model, softmax + negative
#   log-likelihood, back-propagation, minibatch SGD, a choice made on the validation set,
#   and one evaluation on the test set.
# - The gradient of the cross-entropy with respect to the logits, $(\operatorname{softmax}(\boldsymbol{z}) - \boldsymbol{e}_y)/N$,
#   and with respect to every weight of the network, checked against back-propagation and
#   against central differences.
# - What too large a learning rate does to ReLU units: it can kill them all without any
#   NaN.
# - How to read a confusion matrix, and to look at the mistakes.
# - What the softmax temperature does to a trained network's confidence.
#
# ## What you need
#
# `01_feedforward_networks` (the MLP), `08_depth_and_representations` (training with
# `dlnotes.train`, linear read-out of the last layer), and the notebooks of this series on
# the softmax, the cross-entropy and back-propagation; numpy.

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes
from dlnotes.metrics import confusion_matrix
from dlnotes.plots import COLORS, subplots
from dlnotes.representations import dead_units_per_layer
from dlnotes.widgets.digits import DIGITS_RUN, split_digits

# %% [markdown]
# ## The data
#
# `dlnotes.datasets.digits()` returns the 64 pixels of each image, scaled to $[0, 1]$,
# and its label $0, \dots, 9$. First, a look at some of them.

# %%
X, y = dlnotes.datasets.digits()
print(f"X: {X.shape}, pixel values in [{X.min():.1f}, {X.max():.1f}]; y: {y.shape}, "
      f"classes {np.unique(y)}")
print("examples per class:", np.bincount(y))

# %%
# NBVAL_IGNORE_OUTPUT
# The first 30 images tiled into one 3 x 10 mosaic (one axes is much faster to draw
# than 30): each 8 x 8 tile sits in an 11 x 10 cell, with room for its label above it.
rows, columns = 3, 10
tiles = np.zeros((rows * 11, columns * 10))
for k in range(rows * columns):
    r, c = divmod(k, columns)
    tiles[3 + 11 * r:11 + 11 * r, 1 + 10 * c:9 + 10 * c] = X[k].reshape(8, 8)
fig, ax = subplots(size=(7.0, 2.6))
ax.imshow(tiles, cmap="gray_r", vmin=0, vmax=1)
for k in range(rows * columns):
    r, c = divmod(k, columns)
    ax.text(4.5 + 10 * c, 2.2 + 11 * r, f"{y[k]}", ha="center", va="bottom", fontsize=9,
            color=COLORS[0])
ax.set_axis_off()
ax.set_title("the first 30 digits and their labels")
plt.show()

# %% [markdown]
# Three disjoint sets, each stratified so that every class keeps its share:
#
# - the *training set* (64%), on which SGD fits the weights;
# - the *validation set* (16%), on which we compare settings (here the learning rate) and
#   choose one: a choice made by looking at a set makes that set's score optimistic;
# - the *test set* (20%), kept aside until everything is chosen and evaluated once, so
#   its accuracy is an honest estimate of how the chosen network does on new images.
#
# `split_digits` calls `dlnotes.datasets.train_test_split` twice: 20% of all images for
# the test set, then 20% of the rest for the validation set.

# %%
X_train, X_val, X_test, y_train, y_val, y_test = split_digits(X, y)
X_rest, X_test_again, y_rest, _ = dlnotes.datasets.train_test_split(
    X, y, test_size=DIGITS_RUN["test_size"], seed=DIGITS_RUN["seed"])
assert np.array_equal(X_test, X_test_again)  # the first split, done by hand
assert len(X_test) == np.ceil(0.2 * len(X))  # scikit-learn rounds the test share up
assert len(X_train) + len(X_val) + len(X_test) == len(X)
print(f"training set {X_train.shape}, validation set {X_val.shape}, test set {X_test.shape}")
for name, labels in [("training", y_train), ("validation", y_val), ("test", y_test)]:
    print(f"{name + ' examples per class:':<32s}", np.bincount(labels))

# %% [markdown]
# ## The model and its loss
#
# The network is `MLP([64, 128, 10])`: one hidden layer of 128 ReLU units and ten logits
# $\boldsymbol{z}$. The softmax turns the logits into a distribution over the classes,
# and the loss is the negative log-likelihood of the true labels (the cross-entropy):
#
# $$p(y = k \mid \boldsymbol{x}) = \operatorname{softmax}(\boldsymbol{z})_k = \frac{e^{z_k}}{\sum_m e^{z_m}}, \qquad J(\boldsymbol{\theta}) = -\frac{1}{N}\sum_{n=1}^{N} \log p(y_n \mid \boldsymbol{x}_n; \boldsymbol{\theta}).$$
#
# `dlnotes.cross_entropy(logits, y)` computes it in one stable step, with the
# log-sum-exp: $\log \operatorname{softmax}(\boldsymbol{z})_k = z_k - \max_m z_m - \log\sum_m e^{z_m - \max_m z_m}$.
# We check it by hand on a minibatch of 32 images at the initialisation.

# %%
model = dlnotes.MLP(DIGITS_RUN["sizes"], activation="relu", seed=DIGITS_RUN["seed"])
X_batch, y_batch = X_train[:32], y_train[:32]
logits = model(X_batch)  # a Node of shape (32, 10)
J = dlnotes.cross_entropy(logits, y_batch)

z = logits.value
shifted = z - z.max(axis=1, keepdims=True)
log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
J_by_hand = -log_p[np.arange(len(y_batch)), y_batch].mean()
assert np.isclose(J.value, J_by_hand)
assert np.isclose(J.value, dlnotes.nll(dlnotes.log_softmax(logits), y_batch).value)
print(f"initial loss on the batch J = {float(J.value):.4f}; "
      f"a uniform guess would give log 10 = {np.log(10):.4f}")

# %% [markdown]
# ## Back-propagation
#
# `dlnotes.backprop(J)` visits the graph from the loss back to the parameters and fills
# every node's `.grad`. The first step, from the loss to the logits, has a closed form
# worth knowing: for the softmax cross-entropy,
#
# $$\frac{\partial J}{\partial z_{nk}} = \frac{1}{N}\left(\operatorname{softmax}(\boldsymbol{z}_n)_k - \mathbb{1}[k = y_n]\right),$$
#
# the predicted probabilities minus the one-hot label: the gradient pushes the true
# class's logit up and every other logit down, each in proportion to its probability.

# %%
dlnotes.backprop(J)
one_hot = np.eye(10)[y_batch]
grad_by_hand = (np.exp(log_p) - one_hot) / len(y_batch)
assert np.allclose(logits.grad, grad_by_hand)
print("∂J/∂z equals (softmax(z) − one-hot(y)) / N:", np.allclose(logits.grad, grad_by_hand))

# %% [markdown]
# From the logits, back-propagation reaches the weights. The output layer computes
# $\boldsymbol{Z} = \boldsymbol{H}\boldsymbol{W}^{(2)} + \boldsymbol{b}^{(2)}$ for the
# whole batch ($\boldsymbol{H}$ the $N \times 128$ hidden representation), and with
# $\boldsymbol{G} = \partial J/\partial \boldsymbol{Z}$ the rules of the affine map give
#
# $$\frac{\partial J}{\partial \boldsymbol{W}^{(2)}} = \boldsymbol{H}^\top \boldsymbol{G}, \qquad
# \frac{\partial J}{\partial \boldsymbol{b}^{(2)}} = \sum_{n} \boldsymbol{G}_{n,:}, \qquad
# \frac{\partial J}{\partial \boldsymbol{H}} = \boldsymbol{G}\,{\boldsymbol{W}^{(2)}}^\top:$$
#
# the shapes say where the transpose goes ($128 \times N$ times $N \times 10$ is the
# shape of $\boldsymbol{W}^{(2)}$), and the bias, added to every row, collects the
# gradient of every row. We check them against back-propagation:

# %%
H = model.forward(X_batch)[0].value  # the hidden layer's output, (32, 128)
W2, b2 = model.layers[1].W, model.layers[1].b
G = logits.grad
assert np.allclose(W2.grad, H.T @ G)      # (128, N) @ (N, 10) = (128, 10)
assert np.allclose(b2.grad, G.sum(axis=0))  # one row of G per example, summed
print(f"∂J/∂W2 = Hᵀ G: shape {W2.grad.shape}; ∂J/∂b2 = Σ_n G_n: shape {b2.grad.shape}")

# %% [markdown]
# Shapes are not enough: a gradient can have the right shape and wrong values. So we check
# *every* parameter of the network against central differences with `dlnotes.gradcheck`,
# on a batch of 8 images. The network's loss is a function of its four parameter arrays,
#
# $$J(\boldsymbol{W}^{(1)}, \boldsymbol{b}^{(1)}, \boldsymbol{W}^{(2)}, \boldsymbol{b}^{(2)}) = \mathrm{CE}\big(\operatorname{relu}(\boldsymbol{X}\boldsymbol{W}^{(1)} + \boldsymbol{b}^{(1)})\boldsymbol{W}^{(2)} + \boldsymbol{b}^{(2)}, \boldsymbol{y}\big);$$
#
# `gradcheck` back-propagates through it and compares with
# $(J(\theta_i + \epsilon) - J(\theta_i - \epsilon))/2\epsilon$ for each of the
# $64\cdot128 + 128 + 128\cdot10 + 10 = 9{,}610$ numbers, one parameter array at a time.
# (It returns the largest relative error, $\max|g_{\text{bp}} - g_{\text{num}}| / \max|g|$.)

# %%
X_small, y_small = X_train[:8], y_train[:8]
values = [p.value for p in model.parameters()]  # W1, b1, W2, b2


def J_of(W1, b1, W2, b2):
    """The network's loss on the small batch, as a function of its parameters."""
    h = dlnotes.relu(dlnotes.affine(X_small, W1, b1))
    return dlnotes.cross_entropy(dlnotes.affine(h, W2, b2), y_small)


# The same function as the model's forward pass, and the same gradients as its backprop:
J_model = dlnotes.cross_entropy(model(X_small), y_small)
nodes = [dlnotes.Node(v) for v in values]
dlnotes.backprop(J_of(*nodes))
dlnotes.backprop(J_model)
assert np.isclose(J_of(*values).value, J_model.value)
assert all(np.allclose(node.grad, p.grad) for node, p in zip(nodes, model.parameters()))

errors = []
for k in range(len(values)):
    def J_of_one(P, k=k):  # J as a function of parameter k alone, the others fixed
        return J_of(*values[:k], P, *values[k + 1:])
    errors.append(dlnotes.gradcheck(J_of_one, values[k]))
assert max(errors) < 1e-6
# Each error's order of magnitude: its digits depend on rounding, its size does not.
print("\n".join(f"{p.name:<3s}{str(p.value.shape):>10s}: relative error below "
                f"{10.0 ** np.ceil(np.log10(error)):.0e}"
                for p, error in zip(model.parameters(), errors)))

# %% [markdown]
# ## Stochastic gradient descent on minibatches, and choosing the learning rate
#
# `dlnotes.train` repeats, for every minibatch of `batch_size = 32` shuffled training
# images: forward pass, loss, back-propagation, and the update
# $\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \epsilon\, \boldsymbol{g}$ with
# learning rate $\epsilon$ = `lr`; 36 steps make an epoch, and we run 20 epochs. Which
# `lr`? We train one fresh network for each of six rates, from 0.01 to 3, and compare them
# on the *validation* set (given as `X_eval`, so `train` records its accuracy after
# every epoch). Besides the loss and the accuracies, we count the *dead* hidden units:
# ReLU units that output 0 for every training image, so no gradient ever reaches their
# weights again (`dlnotes.representations.dead_units_per_layer`).

# %%
lrs = DIGITS_RUN["lrs"]
models, histories = {}, {}
for lr in lrs:
    models[lr] = dlnotes.MLP(DIGITS_RUN["sizes"], activation="relu", seed=DIGITS_RUN["seed"])
    histories[lr] = dlnotes.train(models[lr], X_train, y_train, lr=lr,
                                  epochs=DIGITS_RUN["num_epochs"],
                                  batch_size=DIGITS_RUN["batch_size"], seed=DIGITS_RUN["seed"],
                                  X_eval=X_val, y_eval=y_val, progress=False)
val_accuracy = {lr: dlnotes.accuracy(models[lr], X_val, y_val) for lr in lrs}
dead = {lr: dead_units_per_layer(models[lr], X_train)[0] for lr in lrs}
dead_at_init = dead_units_per_layer(dlnotes.MLP(DIGITS_RUN["sizes"], seed=DIGITS_RUN["seed"]), X_train)[0]

print("     lr   final training loss   validation accuracy   dead hidden units (of 128)")
for lr in lrs:
    print(f"{lr:7.2f}   {histories[lr].epoch_loss[-1]:19.4f}   {val_accuracy[lr]:19.4f}   "
          f"{dead[lr]:>10d}")
print(f"at initialisation, {dead_at_init} hidden units are already dead on the training set")
best_lr = max(lrs, key=lambda lr: val_accuracy[lr])  # the first of the best, if tied
print(f"chosen on the validation set: lr = {best_lr}")
assert best_lr == DIGITS_RUN["lr"]  # the rate the digits widget's default run uses
assert all(np.isfinite(histories[lr].epoch_loss[-1]) for lr in lrs)  # no NaN, no divergence
assert dead[3.0] == 128 and val_accuracy[3.0] < 0.2  # lr = 3 killed every hidden unit
assert abs(histories[3.0].epoch_loss[-1] - np.log(10)) < 0.1  # the loss is stuck near log 10
assert np.ptp(models[3.0](X_val).value, axis=0).max() == 0  # the same logits for every image
assert round((val_accuracy[0.3] - val_accuracy[1.0]) * len(y_val)) == 1  # one image apart

# %% [markdown]
# The smallest rates are too slow for 20 epochs; 0.3 and 1.0 do best (they differ by a
# single image of the 288 validation images, so the choice between them is close, and
# either would do). `lr = 3.0` is the surprise: no NaN, no `TrainingDiverged`, a finite
# loss, and yet the network is useless. Early steps that large push every hidden unit's
# bias and weights so far that its pre-activation is negative for every image: all 128
# ReLUs are dead, the logits are the constant $\boldsymbol{b}^{(2)}$, and no gradient can
# flow back through a unit that outputs 0 everywhere. The loss sits near $\log 10$,
# the validation accuracy at one class in ten. A flat loss curve can mean dead units,
# not convergence. The curves:

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax_loss, ax_acc) = subplots(1, 2, size=(4.0, 3.2))
epochs = np.arange(1, DIGITS_RUN["num_epochs"] + 1)
for k, lr in enumerate(lrs):
    style = dict(color=COLORS[k], marker="o", markersize=3, label=f"lr = {lr}",
                 linewidth=2.5 if lr == best_lr else 1.2)
    ax_loss.plot(epochs, histories[lr].epoch_loss, **style)
    ax_acc.plot(epochs, histories[lr].eval_accuracy, **style)
ax_loss.set_yscale("log")
ax_loss.set_xlabel("epoch")
ax_loss.set_ylabel("mean training loss J(θ)")
ax_loss.set_title("training loss, per learning rate")
ax_acc.set_xlabel("epoch")
ax_acc.set_ylabel("validation accuracy")
ax_acc.set_ylim(0, 1.02)
ax_acc.set_title("validation accuracy (thick: chosen)")
fig.legend(*ax_acc.get_legend_handles_labels(), loc="outside right center", fontsize=9)
plt.show()

# %% [markdown]
# ## Evaluating the chosen network, once
#
# Everything is chosen: the network trained with `lr = 0.3`. Now, and only now, the test
# set. Its accuracy is close to the validation accuracy; both are below the training
# accuracy, which measures fitting, not generalisation.

# %%
model = models[best_lr]
history = histories[best_lr]
train_accuracy = dlnotes.accuracy(model, X_train, y_train)
test_accuracy = dlnotes.accuracy(model, X_test, y_test)
print(f"{len(history.step_loss)} SGD steps in {len(history.epoch_loss)} epochs")
print(f"training accuracy   {train_accuracy:.4f}")
print(f"validation accuracy {val_accuracy[best_lr]:.4f}")
print(f"test accuracy       {test_accuracy:.4f}")
assert history.eval_accuracy[-1] == val_accuracy[best_lr]
assert test_accuracy >= 0.95
assert train_accuracy > max(test_accuracy, val_accuracy[best_lr])
assert abs(test_accuracy - val_accuracy[best_lr]) < 0.02

# ## The confusion matrix
#
# Accuracy is one number; the confusion matrix says *which* mistakes are made:
#
# $$C_{ij} = \#\{n : y_n = i \text{ and } \hat{y}_n = j\},$$
#
# row $i$ the true class, column $j$ the predicted one. The diagonal holds the correct
# predictions, so the accuracy is $\operatorname{tr}(\boldsymbol{C})/N$, and each row
# sums to the number of test images of that class. `dlnotes.metrics.confusion_matrix`
# computes it with numpy; we check it against a plain double loop.

# %%
y_hat = model.predict(X_test)
C = confusion_matrix(y_test, y_hat, num_classes=10)

C_by_hand = np.zeros((10, 10), dtype=int)
for true, predicted in zip(y_test, y_hat):
    C_by_hand[true, predicted] += 1
assert np.array_equal(C, C_by_hand)
assert np.isclose(np.trace(C) / C.sum(), test_accuracy)
assert np.array_equal(C.sum(axis=1), np.bincount(y_test, minlength=10))

print("true \\ predicted " + " ".join(f"{j:3d}" for j in range(10)))
for i in range(10):
    print(f"{i:>16d} " + " ".join(f"{C[i, j]:3d}" for j in range(10)))
off_diagonal = C - np.diag(np.diag(C))
most = off_diagonal.max()
pairs = ", ".join(f"{i} → {j}" for i, j in np.argwhere(off_diagonal == most))
print(f"{off_diagonal.sum()} mistakes; the most frequent (true → predicted, {most} times "
      f"each): {pairs}")

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(size=(4.8, 4.2))
shown = ax.imshow(C, cmap="Blues")
for (i, j), count in np.ndenumerate(C):
    if count:
        ax.text(j, i, str(count), ha="center", va="center", fontsize=8,
                color="white" if count > C.max() / 2 else "black")
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.set_xlabel("predicted class ŷ")
ax.set_ylabel("true class y")
ax.set_title("confusion matrix on the test set")
ax.grid(False)
fig.colorbar(shown, ax=ax, shrink=0.8, label="images")
plt.show()

# %% [markdown]
# ## The mistakes
#
# Every misclassified test image, with its true label and the network's prediction (and
# the probability the network gave that prediction). Some are genuinely ambiguous at
# 8×8 pixels; others are plain errors.

# %%
wrong = np.flatnonzero(y_hat != y_test)
p_test = dlnotes.softmax(model(X_test)).value
assert len(wrong) == off_diagonal.sum()
print(f"{len(wrong)} of {len(y_test)} test images are misclassified:")
for n in wrong:
    print(f"  test image {n:3d}: label {y_test[n]}, predicted {y_hat[n]} "
          f"with p = {p_test[n, y_hat[n]]:.2f}")

# %%
# NBVAL_IGNORE_OUTPUT
columns = 6
rows = int(np.ceil(len(wrong) / columns))
fig, axes = subplots(rows, columns, size=(1.35, 1.55), squeeze=False)
for ax in axes.ravel():
    ax.set_axis_off()
for ax, n in zip(axes.ravel(), wrong):
    ax.imshow(X_test[n].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
    ax.set_title(f"true {y_test[n]}, pred {y_hat[n]}\n(#{n}, p={p_test[n, y_hat[n]]:.2f})",
                 fontsize=8)
plt.show()

# %% [markdown]
# ## What the first layer looks at
#
# Each hidden unit is a dot product of the 64 pixels with a column of $\boldsymbol{W}^{(1)}$,
# so that column is itself an 8×8 image: positive weights (red) where ink makes the unit
# fire, negative ones (blue) where ink silences it. After 20 short epochs the weights
# are still largely their random initialisation; what training *added*,
# $\Delta\boldsymbol{W}^{(1)} = \boldsymbol{W}^{(1)} - \boldsymbol{W}^{(1)}_{\text{init}}$,
# is where the structure is. All sixteen images share one colour scale, symmetric about
# 0 (white), so colours compare across units and between $\boldsymbol{W}$ and
# $\Delta\boldsymbol{W}$.

# %%
W1_init = dlnotes.MLP(DIGITS_RUN["sizes"], seed=DIGITS_RUN["seed"]).layers[0].W.value
W1 = model.layers[0].W.value  # (64, 128): column j is unit j's covector
delta = W1 - W1_init
relative_change = np.linalg.norm(delta) / np.linalg.norm(W1_init)
assert relative_change < 1  # training moved the first layer by less than its initial size
print(f"‖W − W_init‖ / ‖W_init‖ = {relative_change:.2f} for the first layer")
always_blank = X_train.max(axis=0) == 0  # pixels that are 0 in every training image
assert np.all(delta[always_blank] == 0)  # their weights get no gradient, so never change
print(f"{always_blank.sum()} pixels are blank in every training image; their weights did not move")

# %%
# NBVAL_IGNORE_OUTPUT
units = range(8)
limit = max(np.abs(W1[:, units]).max(), np.abs(delta[:, units]).max())
fig, axes = subplots(2, 8, size=(1.05, 1.25))
for j in units:
    for row, (weights, what) in enumerate([(W1, "W"), (delta, "ΔW")]):
        ax = axes[row, j]
        shown = ax.imshow(weights[:, j].reshape(8, 8), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"{what}, unit {j}", fontsize=9)
        ax.set_axis_off()
fig.colorbar(shown, ax=axes, shrink=0.8, label="weight")
plt.show()

# %% [markdown]
# ## Play with it
#
# Pick a test image and a temperature $T$: the bars show $\operatorname{softmax}(\boldsymbol{z}/T)$
# of the network's logits for that image (green: the true label; red: a wrong
# prediction). $T < 1$ sharpens the distribution towards the argmax, $T > 1$ flattens
# it towards uniform; the prediction, the argmax, never changes. Try one of the
# misclassified images listed above.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.digits import digits_widget

digits_widget(model, X_test, y_test, index=int(wrong[0]))

# %% [markdown]
# ## Summary
#
# - The pipeline: split the data into training, validation and test sets (stratified),
#   build `MLP([64, 128, 10])`, minimise the negative log-likelihood of the softmax by
#   minibatch SGD, choose settings on the validation set, evaluate once on the test set.
# - Back-propagation starts from $\partial J/\partial \boldsymbol{z} = (\operatorname{softmax}(\boldsymbol{z}) - \boldsymbol{e}_y)/N$
#   and carries it back to every weight ($\partial J/\partial \boldsymbol{W} = \boldsymbol{H}^\top\boldsymbol{G}$);
#   `dlnotes.gradcheck` confirms all 9,610 partial derivatives against central differences.
# - 20 epochs of SGD at the learning rate chosen on validation reach a test accuracy above
#   0.95 in a fraction of a second. Too large a rate (3.0) does not diverge: it kills
#   every ReLU unit, and the loss stays flat at $\log 10$.
# - The confusion matrix $C_{ij}$ shows which classes are confused; its trace over $N$ is
#   the accuracy. Looking at the misclassified images tells you more than the number does.
#
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell: run it and it tells you
# whether your answer is right, and if not, what is wrong (or the first input on which
# your answer differs). The solution is folded under each one; `show_solution(...)`
# prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb09, show_solution

# %% [markdown]
# ### Exercise 1: the gradient with respect to the logits
#
# Write `logits_gradient(z, y)`: for the logits `z` of shape `(N, classes)` and the integer
# labels `y`, the gradient $\partial J/\partial \boldsymbol{z}$ of the mean cross-entropy
# $J = -\frac1N\sum_n \log\operatorname{softmax}(\boldsymbol{z}_n)_{y_n}$, in numpy, stable
# for logits like $[1000, 0, -1000]$. (`logits_gradient(logits.value, y_batch)` should
# equal `logits.grad` from the back-propagation section.)

# %%
def logits_gradient(z, y):
    raise NotImplementedError  # your code here


nb09.LOGITS_GRADIENT.check(logits_gradient)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def logits_gradient(z, y):
#     N = len(y)
#     e = np.exp(z - z.max(axis=1, keepdims=True))    # shifted, so exp cannot overflow
#     p = e / e.sum(axis=1, keepdims=True)             # softmax(z), row by row
#     one_hot = np.zeros_like(p)
#     one_hot[np.arange(N), y] = 1.0
#     return (p - one_hot) / N                         # J is a mean over the batch: divide by N
# ```
#
# For one example, $-\log\operatorname{softmax}(\boldsymbol{z})_y = -z_y + \log\sum_m e^{z_m}$; its derivative in $z_k$ is $-\mathbb{1}[k = y] + e^{z_k}/\sum_m e^{z_m}$. Averaging over the batch divides each row by $N$. Every row of the gradient sums to 0: the logits only matter up to a shared shift.
#
# </details>

# %% [markdown]
# ### Exercise 2: the confusion matrix
#
# Write `confusion(y, y_hat, num_classes)`: the matrix $C$ with
# $C_{ij} = \#\{n : y_n = i \text{ and } \hat{y}_n = j\}$, as integer counts. Check your
# function on the test set against `C` above.

# %%
def confusion(y, y_hat, num_classes):
    raise NotImplementedError  # your code here


nb09.CONFUSION.check(confusion)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def confusion(y, y_hat, num_classes):
#     C = np.zeros((num_classes, num_classes), dtype=int)
#     for true, predicted in zip(y, y_hat):
#         C[true, predicted] += 1          # row: the true class; column: the prediction
#     return C
# ```
#
# Each example adds 1 to one cell, the one at (true class, predicted class); the diagonal holds the correct predictions. `dlnotes.metrics.confusion_matrix` does the same without a Python loop: it numbers cell $(i, j)$ as $iK + j$ and counts those numbers with `np.bincount`.
#
# </details>

# %% [markdown]
# ### Exercise 3: counting dead units
#
# Write `count_dead_units(H)`: given a hidden layer's output `H` (one row per example, one
# column per unit), how many units output 0 for every example. Then count them for the
# networks trained at each learning rate, with `models[lr].forward(X_train)[0].value`.

# %%
def count_dead_units(H):
    raise NotImplementedError  # your code here


nb09.DEAD_UNITS.check(count_dead_units)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def count_dead_units(H):
#     silent = np.all(H == 0, axis=0)   # a unit (column) is dead if it is 0 for every example (row)
#     return int(silent.sum())
# ```
#
# `H == 0` marks the silent outputs; `np.all(..., axis=0)` asks, column by column, whether a unit is silent on every row. On the network trained at `lr = 3.0`, `count_dead_units(models[3.0].forward(X_train)[0].value)` is 128: all of them, as `dead_units_per_layer` printed. A unit that is dead on the training set gets no gradient from any minibatch, so SGD can never revive it.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Train `MLP([64, 128, 128, 10])` with the chosen settings (`lr = 0.3`, 20 epochs,
#    `seed = 0`). Does the second hidden layer help on the validation set? And on the
#    training set?
#
# <details><summary>Answer</summary>
#
# With seed 0 the deeper network fits the training set completely (training accuracy 1.000
# against 0.997) but does slightly *worse* on validation: 0.969 against 0.972, one image
# of 288. On 1,149 training images one hidden layer of 128 units is already enough; the
# second adds 16,512 parameters and capacity to fit the training set, not accuracy on
# new images. A difference of one validation image is also well within the noise of
# another seed: to decide, compare several seeds (or a larger validation set), and only
# then look at the test set, once.
#
# </details>
#
# 5. For the misclassified test images, compare $p(\text{label})$ with
#    $p(\text{prediction})$. Are the mistakes confident? Then find the temperature $T$ at
#    which the average probability of the predicted class equals the accuracy
#    (calibration). On which set should you fit $T$?
#
# <details><summary>Answer</summary>
#
# Mostly not: the 9 misclassified test images get, on average, $p(\text{prediction}) = 0.73$
# and $p(\text{label}) = 0.12$; only 2 of them have $p(\text{prediction}) > 0.9$. Overall
# this network is slightly *under*-confident: at $T = 1$ its average
# $p(\text{prediction})$ on the validation set is 0.964, below its validation accuracy
# 0.972, so the calibrating temperature is below 1: $T \approx 0.86$ (solve
# $\overline{\max_k \operatorname{softmax}(\boldsymbol{z}/T)_k} = \text{accuracy}$ for $T$,
# e.g. by bisection; the mean is monotone in $T$). $T$ is a setting, so fit it on the
# validation set, never on the test set: fitted on the test set it would come out at
# 0.75 and make the test set's calibration look perfect by construction. The argmax, and
# so the accuracy, does not change with $T$.
#
# </details>
#
# 6. Add weight decay (`weight_decay=1e-3` in `dlnotes.train`) and look at the first-layer
#    weight images again: what changes? Choose the weight decay on the validation set too.
#
# <details><summary>Answer</summary>
#
# The pixels that are blank in every training image (5 of them, at the borders) get no
# gradient from the loss, only from the penalty $\lambda\,\tfrac12\lVert\boldsymbol{W}\rVert^2$,
# whose gradient is $\lambda\boldsymbol{W}$: each step multiplies their weights by
# $1 - \epsilon\lambda$, so after 720 steps they are $(1 - 0.3\cdot 10^{-3})^{720} = 0.81$
# of their initial values (0.11 with $\lambda = 10^{-2}$), and their random noise fades
# from the images; the other weights shrink too ($\lVert\boldsymbol{W}^{(1)}\rVert$ from
# 18.1 to 15.1). On validation, $\lambda \in \{0, 10^{-4}, 10^{-3}\}$ all give 0.972 and
# $\lambda = 10^{-2}$ drops to 0.948: with 20 epochs this network does not overfit
# enough for the penalty to help, and the validation set says so.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("09_digits_end_to_end", nb09.EXERCISES)

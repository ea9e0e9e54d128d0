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
# # 9. Digits, end to end
#
# Everything at once, on a real (small) data set: 1,797 handwritten digits of 8×8
# pixels. An MLP computes logits, the softmax turns them into class probabilities, the
# negative log-likelihood measures how wrong they are, back-propagation computes the
# gradient of that loss with respect to every weight, and stochastic gradient descent
# on minibatches follows it downhill. Then we evaluate honestly, on images the network
# never saw: test accuracy, a confusion matrix, and the digits it gets wrong.
#
# ## What you will learn
#
# - The full pipeline: data split, model, softmax + negative log-likelihood, back-propagation,
#   minibatch SGD, evaluation.
# - The gradient of the cross-entropy with respect to the logits, $(\operatorname{softmax}(\boldsymbol{z}) - \boldsymbol{e}_y)/N$,
#   checked against back-propagation.
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
from dlnotes.plots import COLORS, loss_curve, subplots
from dlnotes.widgets.digits import DIGITS_RUN

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
# We keep 20% of the images aside as a *test set*, stratified so that every class keeps
# its share, and touch it only to evaluate.

# %%
X_train, X_test, y_train, y_test = dlnotes.datasets.train_test_split(
    X, y, test_size=DIGITS_RUN["test_size"], seed=DIGITS_RUN["seed"])
print(f"training set {X_train.shape}, test set {X_test.shape}")
print("test examples per class:", np.bincount(y_test))
assert len(X_test) == np.ceil(0.2 * len(X))  # scikit-learn rounds the test share up

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
for p in model.parameters():
    assert p.grad.shape == p.value.shape
print("∂J/∂z equals (softmax(z) − one-hot(y)) / N")
print("gradient shapes:", [p.grad.shape for p in model.parameters()])

# %% [markdown]
# ## Stochastic gradient descent on minibatches
#
# `dlnotes.train` repeats, for every minibatch of `batch_size = 32` shuffled training
# images: forward pass, loss, back-propagation, and the update
# $\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \epsilon\, \boldsymbol{g}$ with
# learning rate $\epsilon$ = `lr = 0.1`; 45 steps make an epoch, and we run 20 epochs. A
# fresh model (the one above is one gradient computation old, but not updated) and a
# progress bar over the epochs:

# %%
# NBVAL_IGNORE_OUTPUT
model = dlnotes.MLP(DIGITS_RUN["sizes"], activation="relu", seed=DIGITS_RUN["seed"])
W1_init = model.layers[0].W.value.copy()  # kept to see, later, what training changed
history = dlnotes.train(model, X_train, y_train, lr=DIGITS_RUN["lr"],
                        epochs=DIGITS_RUN["num_epochs"], batch_size=DIGITS_RUN["batch_size"],
                        seed=DIGITS_RUN["seed"], X_eval=X_test, y_eval=y_test, progress=True)

# %%
train_accuracy = dlnotes.accuracy(model, X_train, y_train)
test_accuracy = dlnotes.accuracy(model, X_test, y_test)
print(f"{len(history.step_loss)} SGD steps in {len(history.epoch_loss)} epochs")
print(f"training loss: epoch 1 {history.epoch_loss[0]:.4f}, "
      f"epoch {len(history.epoch_loss)} {history.epoch_loss[-1]:.4f}")
print(f"training accuracy {train_accuracy:.4f}")
print(f"test accuracy     {test_accuracy:.4f}")
assert test_accuracy >= 0.95
assert history.eval_accuracy[-1] == test_accuracy

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax_loss, ax_acc) = subplots(1, 2)
loss_curve(ax_loss, history.step_loss, label="minibatch loss", alpha=0.6)
steps_per_epoch = len(history.step_loss) // len(history.epoch_loss)
ax_loss.plot(steps_per_epoch * np.arange(1, len(history.epoch_loss) + 1), history.epoch_loss,
             "o-", color=COLORS[1], markersize=3, label="epoch mean")
ax_loss.set_title("the loss J(θ) during SGD")
ax_loss.legend()
ax_acc.plot(np.arange(1, len(history.eval_accuracy) + 1), history.eval_accuracy, "o-",
            markersize=3)
ax_acc.set_xlabel("epoch")
ax_acc.set_ylabel("test accuracy")
ax_acc.set_title("accuracy on the unseen test set")
plt.show()

# %% [markdown]
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
# are still mostly their random initialisation; what training *added*,
# $\Delta\boldsymbol{W}^{(1)} = \boldsymbol{W}^{(1)} - \boldsymbol{W}^{(1)}_{\text{init}}$,
# is where the structure is.

# %%
W1 = model.layers[0].W.value  # (64, 128): column j is unit j's covector
delta = W1 - W1_init
relative_change = np.linalg.norm(delta) / np.linalg.norm(W1_init)
assert relative_change < 1  # training moved the first layer by less than its initial size
print(f"‖W − W_init‖ / ‖W_init‖ = {relative_change:.2f} for the first layer")

# %%
# NBVAL_IGNORE_OUTPUT
fig, axes = subplots(2, 8, size=(1.1, 1.25))
for j in range(8):
    for row, (weights, what) in enumerate([(W1, "W"), (delta, "ΔW")]):
        ax = axes[row, j]
        limit = np.abs(weights[:, j]).max()
        ax.imshow(weights[:, j].reshape(8, 8), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"{what}, unit {j}", fontsize=8)
        ax.set_axis_off()
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
# - The pipeline: split the data (80/20, stratified), build `MLP([64, 128, 10])`, minimise
#   the negative log-likelihood of the softmax by minibatch SGD, evaluate on the test set.
# - Back-propagation starts from $\partial J/\partial \boldsymbol{z} = (\operatorname{softmax}(\boldsymbol{z}) - \boldsymbol{e}_y)/N$
#   and carries it back to every weight.
# - 20 epochs of SGD reach a test accuracy above 0.95 in a fraction of a second.
# - The confusion matrix $C_{ij}$ shows which classes are confused; its trace over $N$ is
#   the accuracy. Looking at the misclassified images tells you more than the number does.
#
# ## Exercises
#
# 1. Train `MLP([64, 128, 128, 10])` with the same settings. Does the second hidden layer
#    help on the test set? And on the training set?
# 2. Change `lr` to 0.01 and 1.0 and plot the three loss curves together. Which one fails,
#    and how does `dlnotes.train` tell you?
# 3. For the misclassified images, compare $p(\text{label})$ with $p(\text{prediction})$. Are
#    the mistakes confident? Find the temperature $T$ at which the average probability
#    of the predicted class on the test set equals the test accuracy (calibration).
# 4. Add weight decay (`weight_decay=1e-3` in `dlnotes.train`) and look at the first-layer
#    weight images again: what changes?

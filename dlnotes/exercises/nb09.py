"""Exercises of notebook 09, digits end to end: the gradient of the cross-entropy with respect to
the logits, the confusion matrix, and the dead hidden units of a trained network."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "LOGITS_GRADIENT", "CONFUSION", "DEAD_UNITS",
           "logits_gradient", "confusion", "count_dead_units"]

NOTEBOOK = "09_digits_end_to_end"
_rng = np.random.default_rng(9)


# --- 1. ∂J/∂z for the softmax cross-entropy of a batch ------------------------------------

def logits_gradient(z, y):
    N = len(y)
    e = np.exp(z - z.max(axis=1, keepdims=True))    # shifted, so exp cannot overflow
    p = e / e.sum(axis=1, keepdims=True)             # softmax(z), row by row
    one_hot = np.zeros_like(p)
    one_hot[np.arange(N), y] = 1.0
    return (p - one_hot) / N                         # J is a mean over the batch: divide by N


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _one_hot(y, k):
    return np.eye(k)[y]


def _not_averaged(z, y):
    return _softmax(z) - _one_hot(y, z.shape[1])


def _wrong_sign(z, y):
    return (_one_hot(y, z.shape[1]) - _softmax(z)) / len(y)


def _log_softmax_used(z, y):
    s = z - z.max(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    return (log_p - _one_hot(y, z.shape[1])) / len(y)


def _gradient_case(n, k, scale=2.0):
    return _rng.normal(size=(n, k)) * scale, _rng.integers(0, k, size=n).astype(np.intp)


LOGITS_GRADIENT = Exercise(
    NOTEBOOK, "logits_gradient",
    "Write logits_gradient(z, y): ∂J/∂z for J = −(1/N) Σ_n log softmax(z_n)_{y_n}, an array of z's shape.",
    logits_gradient,
    cases=[_gradient_case(1, 3), _gradient_case(4, 10), _gradient_case(32, 10),
           _gradient_case(6, 2), (np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0]]),
                                  np.array([2, 1], dtype=np.intp))],
    mistakes=[
        (_not_averaged, "the gradient is not divided by N: J is the mean of the batch's losses, "
                        "so each row's gradient is (softmax(z_n) − e_{y_n}) / N."),
        (_wrong_sign, "the sign is flipped: increasing the true class's logit lowers J, so its "
                      "gradient is negative, p − 1; it is softmax(z) − one-hot(y)."),
        (_log_softmax_used, "you used the log-probabilities: the gradient is the probabilities "
                            "softmax(z) minus the one-hot label, not log softmax(z) minus it."),
    ],
    explanation="For one example, $-\\log\\operatorname{softmax}(\\boldsymbol{z})_y = -z_y + "
                "\\log\\sum_m e^{z_m}$; its derivative in $z_k$ is $-\\mathbb{1}[k = y] + "
                "e^{z_k}/\\sum_m e^{z_m}$. Averaging over the batch divides each row by $N$. "
                "Every row of the gradient sums to 0: the logits only matter up to a shared shift.",
)


# --- 2. the confusion matrix -----------------------------------------------------------------

def confusion(y, y_hat, num_classes):
    C = np.zeros((num_classes, num_classes), dtype=int)
    for true, predicted in zip(y, y_hat):
        C[true, predicted] += 1          # row: the true class; column: the prediction
    return C


def _transposed(y, y_hat, num_classes):
    return confusion(y_hat, y, num_classes)


def _row_fractions(y, y_hat, num_classes):
    C = confusion(y, y_hat, num_classes).astype(float)
    return C / np.maximum(C.sum(axis=1, keepdims=True), 1)


def _labels(n, k):
    y = _rng.integers(0, k, size=n).astype(np.intp)
    noisy = np.where(_rng.random(n) < 0.3, _rng.integers(0, k, size=n), y).astype(np.intp)
    return y, noisy, k


CONFUSION = Exercise(
    NOTEBOOK, "confusion",
    "Write confusion(y, y_hat, num_classes): C[i, j] = the number of examples of true class i "
    "predicted as j.",
    confusion,
    cases=[_labels(50, 10), _labels(20, 3), _labels(7, 4),
           (np.array([0, 0, 1], dtype=np.intp), np.array([1, 1, 1], dtype=np.intp), 3),  # class 2 absent
           (np.array([2], dtype=np.intp), np.array([2], dtype=np.intp), 3)],
    mistakes=[
        (_transposed, "rows and columns are swapped: row i is the true class, column j the "
                      "predicted one, so C[y_n, ŷ_n] += 1."),
        (_row_fractions, "you normalised the rows: the confusion matrix counts images; its rows "
                         "sum to the class sizes, and tr(C) / N is the accuracy."),
    ],
    explanation="Each example adds 1 to one cell, the one at (true class, predicted class); the "
                "diagonal holds the correct predictions. `dlnotes.metrics.confusion_matrix` does the "
                "same without a Python loop: it numbers cell $(i, j)$ as $iK + j$ and counts those "
                "numbers with `np.bincount`.",
)


# --- 3. the dead hidden units of a representation --------------------------------------------

def count_dead_units(H):
    silent = np.all(H == 0, axis=0)   # a unit (column) is dead if it is 0 for every example (row)
    return int(silent.sum())


def _zero_somewhere(H):
    return int(np.any(H == 0, axis=0).sum())


def _dead_examples(H):
    return int(np.all(H == 0, axis=1).sum())


def _dead_fraction(H):
    return float(np.all(H == 0, axis=0).mean())


def _relu_layer(n, units, dead):
    """A ReLU layer's output for n examples, with ``dead`` columns silent everywhere."""
    H = np.maximum(_rng.normal(size=(n, units)), 0.0)
    H[:, _rng.choice(units, size=dead, replace=False)] = 0.0
    return (H,)


DEAD_UNITS = Exercise(
    NOTEBOOK, "count_dead_units",
    "Write count_dead_units(H): how many hidden units (columns of H) output 0 for every example (row).",
    count_dead_units,
    cases=[_relu_layer(50, 128, 5), _relu_layer(8, 6, 2), _relu_layer(3, 10, 0),
           (np.zeros((4, 7)),), _relu_layer(200, 16, 16), _relu_layer(1, 5, 1)],
    mistakes=[
        (_zero_somewhere, "you counted the units that are 0 on *some* example: a ReLU is 0 on many "
                          "inputs, which is normal; it is dead only when it is 0 on every one."),
        (_dead_examples, "you counted the examples (rows) on which every unit is 0: count the units "
                         "(columns) that are 0 on every example."),
        (_dead_fraction, "that is the fraction of dead units: return how many there are."),
    ],
    explanation="`H == 0` marks the silent outputs; `np.all(..., axis=0)` asks, column by column, "
                "whether a unit is silent on every row. On the network trained at `lr = 3.0`, "
                "`count_dead_units(models[3.0].forward(X_train)[0].value)` is 128: all of them, "
                "as `dead_units_per_layer` printed. A unit that is dead on the training set gets no "
                "gradient from any minibatch, so SGD can never revive it.",
)

EXERCISES = (LOGITS_GRADIENT, CONFUSION, DEAD_UNITS)

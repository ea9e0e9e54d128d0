"""Knowledge distillation (Hinton, Vinyals & Dean 2015): a student learns from a teacher's softened outputs.

The teacher's logits v, softened by a temperature T, give soft targets
p = softmax(v/T): besides the right class they rank the wrong ones ("dark
knowledge": a 3 that looks a bit like an 8). The student, with logits z, is
trained on

    J = α · T² · H(p, softmax(z/T)) + (1 − α) · CE(z, y),
    H(p, q) = −(1/N) Σ_n Σ_k p_nk log q_nk,

the cross-entropy to the soft targets (at the same temperature) mixed with
the usual cross-entropy to the labels. The gradient of H with respect to z is
(q − p)/(N·T), so the soft term's gradients shrink as 1/T² for large T; the
factor T² keeps the two terms' scales comparable whatever T is.
"""

import numpy as np

from dlnotes.checks import check_temperature
from dlnotes.functions import log_softmax, softmax, sum as sum_
from dlnotes.graph import Node
from dlnotes.losses import cross_entropy
from dlnotes.training import train

__all__ = ["soft_targets", "soft_cross_entropy", "distillation_loss", "train_student", "student_runs"]


def soft_targets(teacher_logits, temperature):
    """p = softmax(v/T), row by row: the teacher's softened class probabilities (an array)."""
    logits = teacher_logits.value if isinstance(teacher_logits, Node) else np.asarray(teacher_logits, float)
    return softmax(logits, temperature=temperature).value


def soft_cross_entropy(z, targets, temperature=1.0):
    """H(p, softmax(z/T)) = −(1/N) Σ_n Σ_k p_nk log softmax(z_n/T)_k, a graph node.

    ``targets`` p (N, classes) are constants: rows of probabilities.
    """
    targets = np.asarray(targets, dtype=float)
    if targets.ndim != 2 or targets.shape != z.shape:
        raise ValueError(f"soft targets of shape {targets.shape} do not match logits of shape {z.shape}")
    if np.any(targets < 0) or not np.allclose(targets.sum(axis=1), 1.0):
        raise ValueError("soft targets must be rows of probabilities (≥ 0, summing to 1)")
    return -sum_(Node(targets, requires_grad=False) * log_softmax(z, temperature=temperature)) / len(targets)


def distillation_loss(z, targets, y, temperature, alpha):
    """J = α·T²·H(p, softmax(z/T)) + (1 − α)·CE(z, y): soft targets p mixed with labels y."""
    temperature = check_temperature(temperature)
    if not (np.isfinite(alpha) and 0.0 <= alpha <= 1.0):
        raise ValueError(f"alpha must lie in [0, 1], got {alpha!r}")
    J = None
    if alpha > 0:
        J = alpha * temperature ** 2 * soft_cross_entropy(z, targets, temperature)
    if alpha < 1:
        hard = (1.0 - alpha) * cross_entropy(z, y)
        J = hard if J is None else J + hard
    return J


def train_student(student, X, y, teacher_logits, temperature, alpha, **train_kwargs):
    """Train ``student`` on (X, y) with the distillation loss against ``teacher_logits`` (N, classes).

    A thin layer over :func:`dlnotes.train`: each minibatch's rows pick their soft
    targets and labels. Returns the :class:`~dlnotes.training.History`.
    """
    targets = soft_targets(teacher_logits, temperature)
    y = np.asarray(y)
    if len(targets) != len(X) or len(y) != len(X):
        raise ValueError(f"X, y and the teacher's logits must have the same rows: {len(X)}, {len(y)}, {len(targets)}")
    rows = np.arange(len(X), dtype=np.intp)

    def loss(z, batch_rows):
        return distillation_loss(z, targets[batch_rows], y[batch_rows], temperature, alpha)

    return train(student, X, rows, loss=loss, **train_kwargs)


def student_runs(make_student, X, y, teacher_logits, X_val, y_val, temperatures, alphas, **train_kwargs):
    """Train a fresh student for every (T, α), plus one on the labels alone (α = 0, keyed (None, 0.0)).

    ``make_student()`` returns a new, identically initialised model. Returns
    {(T, α): History} with the validation accuracy of every epoch recorded.
    """
    runs = {}
    for T in [None, *temperatures]:
        for alpha in ([0.0] if T is None else alphas):
            runs[T, alpha] = train_student(make_student(), X, y, teacher_logits, T or 1.0, alpha,
                                           X_eval=X_val, y_eval=y_val, progress=False, **train_kwargs)
    return runs

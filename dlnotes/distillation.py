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

from dlnotes.checks import (check_callable, check_finite, check_fraction, check_matrix, check_nonempty,
                            check_same_length, check_sequence, check_temperature)
from dlnotes.functions import log_softmax, softmax, sum as sum_
from dlnotes.graph import Node, as_node
from dlnotes.losses import cross_entropy
from dlnotes.training import train

__all__ = ["soft_targets", "soft_cross_entropy", "distillation_loss", "train_student", "student_runs"]


def soft_targets(teacher_logits, temperature):
    """p = softmax(v/T), row by row: the teacher's softened class probabilities (an array)."""
    logits = check_matrix(teacher_logits.value if isinstance(teacher_logits, Node) else teacher_logits,
                          "soft_targets: teacher_logits", min_rows=0)
    return softmax(logits, temperature=temperature).value


def soft_cross_entropy(z, targets, temperature=1.0):
    """H(p, softmax(z/T)) = −(1/N) Σ_n Σ_k p_nk log softmax(z_n/T)_k, a graph node.

    ``targets`` p (N, classes) are constants: rows of probabilities.
    """
    z = as_node(z)
    targets = check_finite(targets, "soft_cross_entropy: targets")
    if targets.ndim != 2 or targets.shape != z.shape:
        raise ValueError(f"soft_cross_entropy: soft targets of shape {targets.shape} do not match logits of shape {z.shape}")
    check_nonempty(targets, "soft_cross_entropy: targets")
    if np.any(targets < 0) or not np.allclose(targets.sum(axis=1), 1.0):
        raise ValueError("soft_cross_entropy: soft targets must be rows of probabilities (≥ 0, summing to 1)")
    return -sum_(Node(targets, requires_grad=False) * log_softmax(z, temperature=temperature)) / len(targets)


def distillation_loss(z, targets, y, temperature, alpha):
    """J = α·T²·H(p, softmax(z/T)) + (1 − α)·CE(z, y): soft targets p mixed with labels y."""
    temperature = check_temperature(temperature)
    alpha = check_fraction(alpha, "distillation_loss: alpha")
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
    temperature = check_temperature(temperature)
    alpha = check_fraction(alpha, "train_student: alpha")
    targets = soft_targets(teacher_logits, temperature)
    X = check_finite(X, "train_student: X")
    y = check_same_length(X, y, "train_student")
    if len(targets) != len(X):
        raise ValueError(f"train_student: X, y and the teacher's logits must have the same rows: "
                         f"{len(X)}, {len(y)}, {len(targets)}")
    rows = np.arange(len(X), dtype=np.intp)

    def loss(z, batch_rows):
        return distillation_loss(z, targets[batch_rows], y[batch_rows], temperature, alpha)

    return train(student, X, rows, loss=loss, **train_kwargs)


def student_runs(make_student, X, y, teacher_logits, X_val, y_val, temperatures, alphas, **train_kwargs):
    """Train a fresh student for every (T, α), plus one on the labels alone (α = 0, keyed (None, 0.0)).

    ``make_student()`` returns a new, identically initialised model. Returns
    {(T, α): History} with the validation accuracy of every epoch recorded.
    """
    check_callable(make_student, "student_runs: make_student")
    temperatures = check_sequence(temperatures, "student_runs: temperatures")
    alphas = check_sequence(alphas, "student_runs: alphas")
    runs, students = {}, []  # the students themselves, so that no id is reused
    for T in [None, *temperatures]:
        for alpha in ([0.0] if T is None else alphas):
            student = make_student()
            if any(student is earlier for earlier in students):  # a later run would start from an earlier run's training
                raise ValueError("student_runs: make_student() returned the same model twice; it must "
                                 "build a new, identically initialised one on every call")
            students.append(student)
            runs[T, alpha] = train_student(student, X, y, teacher_logits, T or 1.0, alpha,
                                           X_eval=X_val, y_eval=y_val, progress=False, **train_kwargs)
    return runs

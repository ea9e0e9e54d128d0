"""Distillation: the soft cross-entropy's gradient, the T² factor, the mixed loss, a student's training, the widget."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.distillation import (distillation_loss, soft_cross_entropy, soft_targets, student_runs,
                                  train_student)
from dlnotes.widgets.distillation import distillation_widget

RNG = np.random.default_rng(0)
Z, V = RNG.normal(size=(6, 4)), 2 * RNG.normal(size=(6, 4))
Y = np.array([0, 1, 2, 3, 0, 1])


@pytest.mark.parametrize("T", [1.0, 2.5, 10.0])
def test_the_soft_gradient_is_q_minus_p_over_n_t(T):
    z = dl.Node(Z)
    p = soft_targets(V, T)
    dl.backprop(soft_cross_entropy(z, p, T))
    q = dl.softmax(Z, temperature=T).value
    np.testing.assert_allclose(z.grad, (q - p) / (len(Z) * T), atol=1e-14)


def test_the_mixed_loss_and_its_gradient():
    p = soft_targets(V, 3.0)
    assert dl.gradcheck(lambda z: distillation_loss(z, p, Y, 3.0, 0.6), Z) < 1e-6
    hard = distillation_loss(dl.Node(Z), p, Y, 3.0, 0.0).value
    assert hard == pytest.approx(dl.cross_entropy(dl.Node(Z), Y).value)
    soft = distillation_loss(dl.Node(Z), p, Y, 3.0, 1.0).value
    assert soft == pytest.approx(9.0 * soft_cross_entropy(dl.Node(Z), p, 3.0).value)


def test_bad_targets_and_weights_are_errors():
    with pytest.raises(ValueError, match="do not match logits"):
        soft_cross_entropy(dl.Node(Z), soft_targets(V[:3], 2.0), 2.0)
    with pytest.raises(ValueError, match="rows of probabilities"):
        soft_cross_entropy(dl.Node(Z), np.ones_like(Z), 2.0)
    with pytest.raises(ValueError, match="alpha must lie in"):
        distillation_loss(dl.Node(Z), soft_targets(V, 2.0), Y, 2.0, 1.5)
    with pytest.raises(ValueError, match="same rows"):
        train_student(dl.MLP([4, 3, 4]), Z, Y, V[:3], 2.0, 0.5)


def test_a_student_learns_from_soft_targets_and_the_widget_responds():
    X, y = dl.datasets.digits()
    teacher = dl.MLP([64, 32, 10], seed=0)
    dl.train(teacher, X[:300], y[:300], lr=0.1, epochs=5, progress=False)
    runs = student_runs(lambda: dl.MLP([64, 16, 10], seed=1), X[:60], y[:60], teacher(X[:60]).value,
                        X[300:400], y[300:400], temperatures=[1.0, 4.0], alphas=[0.5, 0.9],
                        lr=0.1, epochs=3, batch_size=20)
    assert set(runs) == {(None, 0.0), (1.0, 0.5), (1.0, 0.9), (4.0, 0.5), (4.0, 0.9)}
    assert all(len(h.eval_accuracy) == 3 for h in runs.values())
    w = distillation_widget(runs, teacher(X[300:301]).value[0], label=int(y[300]))
    text, image = w.text.value, w.image.value
    w.controls["temperature"].value = 4.0
    assert w.text.value != text and w.image.value != image
    text, image = w.text.value, w.image.value
    w.controls["alpha"].value = 0.5
    assert "α = 0.5" in w.text.value and w.image.value != image

"""The perceptron against scikit-learn's, the convergence theorem's bound, and XOR."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Perceptron

from dlnotes.datasets import iris, xor
from dlnotes.perceptron import (augmented_margin, linearly_separable, mistake_bound, predict,
                                rosenblatt_step, train_perceptron)
from dlnotes.widgets.perceptron import boundary_segment, perceptron_widget


@pytest.mark.parametrize("lr,epochs", [(0.1, 10), (1.0, 3), (0.01, 7)])
def test_the_same_weights_as_scikit_learns_perceptron(lr, epochs):
    X, y = iris()
    run = train_perceptron(X, y, lr=lr, epochs=epochs)
    reference = Perceptron(eta0=lr, shuffle=False, max_iter=epochs, tol=None, alpha=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed number of epochs, as asked
        reference.fit(X, 2 * y - 1)
    np.testing.assert_allclose(run.w, reference.coef_[0], rtol=0, atol=1e-12)
    assert run.b == pytest.approx(reference.intercept_[0], abs=1e-12)


def test_iris_converges_within_the_bound():
    X, y = iris()
    run = train_perceptron(X, y, lr=0.1, epochs=10)
    assert run.converged and run.updates_per_epoch.index(0) <= 6
    assert (predict(X, run.w, run.b) == y).all()
    R, gamma, bound = mistake_bound(X, y, run.w, run.b)
    assert gamma == pytest.approx(augmented_margin(X, y, run.w, run.b)) and gamma > 0
    assert run.mistakes <= bound


def test_the_rule_moves_only_on_mistakes():
    w, b, updated = rosenblatt_step(np.zeros(2), 0.0, np.array([1.0, 2.0]), 1.0, 0.5)
    assert updated and np.allclose(w, [0.5, 1.0]) and b == 0.5
    w2, b2, updated = rosenblatt_step(w, b, np.array([1.0, 2.0]), 1.0, 0.5)
    assert not updated and w2 is w and b2 == b


def test_xor_is_not_separable_and_never_converges():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    assert not linearly_separable(X, y)
    assert all(linearly_separable(np.delete(X, k, 0), np.delete(y, k)) for k in range(4))
    run = train_perceptron(X, y, lr=0.1, epochs=50)
    assert min(run.updates_per_epoch) > 0
    assert linearly_separable(*iris())
    assert not linearly_separable(*xor(n=50))


def test_bad_labels_and_a_non_separator_are_errors():
    X, y = iris()
    with pytest.raises(ValueError, match="labels must be 0 or 1"):
        train_perceptron(X, y + 1)
    with pytest.raises(ValueError, match="does not separate"):
        mistake_bound(X, y, np.array([1.0, 0.0]), 0.0)


def test_the_widget_steps_through_the_visits():
    X, y = iris()
    w = perceptron_widget(X, y, epochs=3)
    first, image = w.text.value, w.image.value
    assert "visit 1 of 300" in first and "mistake" in first
    w.controls["step"].value = 150
    assert "visit 151 of 300" in w.text.value and w.image.value != image
    assert boundary_segment(np.zeros(2), 0.0, (0, 1), (0, 1)) is None

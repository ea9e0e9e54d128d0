"""Bad input gets a ValueError that names the problem, never a silent NaN."""

import numpy as np
import pytest

import dlnotes as dl


def test_matmul_shapes_that_do_not_fit_name_both_shapes():
    with pytest.raises(ValueError, match=r"\(3, 4\) and \(5, 2\)"):
        dl.Node(np.ones((3, 4))) @ np.ones((5, 2))


def test_affine_shapes_that_do_not_fit():
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(5, 2\)"):
        dl.affine(np.ones((3, 4)), np.ones((5, 2)), np.zeros(2))


@pytest.mark.parametrize("T", [0, -1.0, np.inf, np.nan, "hot"])
@pytest.mark.parametrize("fn", [dl.softmax, dl.log_softmax,
                                lambda z, temperature: dl.cross_entropy(z, [0], temperature)])
def test_temperature_must_be_finite_and_positive(fn, T):
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        fn(np.zeros((1, 3)), temperature=T)


@pytest.mark.parametrize("y, message", [
    (np.array([0.0, 1.0]), "must be integers"),
    (np.array([True, False]), "must be integers"),
    (np.array([0, 3]), r"must lie in \[0, 3\)"),
    (np.array([-1, 0]), r"must lie in \[0, 3\)"),
    (np.array([0, 1, 2]), r"one per row.*\(2,\)"),
    (np.array([[0], [1]]), r"one per row"),
])
@pytest.mark.parametrize("loss", [dl.cross_entropy, lambda z, y: dl.nll(dl.log_softmax(z), y)])
def test_labels_are_checked(loss, y, message):
    with pytest.raises(ValueError, match=message):
        loss(np.zeros((2, 3)), y)


def test_mlp_input_of_the_wrong_width():
    with pytest.raises(ValueError, match=r"expects input of shape \(N, 4\), got shape \(2, 3\)"):
        dl.MLP([4, 8, 2])(np.ones((2, 3)))


@pytest.mark.parametrize("lr", [0, -0.1, np.nan, np.inf])
def test_learning_rate_must_be_positive(lr):
    with pytest.raises(ValueError, match="learning rate"):
        dl.SGD([dl.Node(1.0)], lr=lr)
    with pytest.raises(ValueError, match="learning rate"):
        dl.train(dl.MLP([2, 2]), np.zeros((2, 2)), np.array([0, 1]), lr=lr, progress=False)


def test_non_finite_training_data():
    X = np.array([[0.0, 1.0], [np.nan, 2.0]])
    with pytest.raises(ValueError, match=r"non-finite.*\(1, 0\)"):
        dl.train(dl.MLP([2, 2]), X, np.array([0, 1]), progress=False)


def test_diverging_training_stops_with_a_clear_message():
    X, y = dl.datasets.one_dimensional(n=64)
    with pytest.raises(dl.TrainingDiverged, match=r"became inf .* learning rate 5.0 is probably too large"):
        dl.train(dl.MLP([1, 16, 1], seed=0), X, y, loss=dl.mse, lr=5.0, epochs=20, progress=False)


def test_mse_shapes_must_match():
    with pytest.raises(ValueError, match=r"\(3,\).*\(3, 1\)"):
        dl.mse(np.zeros(3), np.zeros((3, 1)))


def test_log_of_a_negative_value():
    with pytest.raises(ValueError, match="log of a negative value"):
        dl.log(np.array([1.0, -2.0]))


def test_binary_cross_entropy_targets():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        dl.binary_cross_entropy(np.zeros(2), np.array([0.0, 2.0]))
    with pytest.raises(ValueError, match="do not match"):
        dl.binary_cross_entropy(np.zeros((2, 1)), np.array([0.0, 1.0]))

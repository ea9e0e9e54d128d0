"""dlnotes.metrics.confusion_matrix."""

import numpy as np
import pytest

from dlnotes.metrics import confusion_matrix


def test_counts_every_pair_of_true_and_predicted_class():
    y = np.array([0, 0, 1, 2, 2, 2])
    y_hat = np.array([0, 1, 1, 2, 0, 2])
    C = confusion_matrix(y, y_hat, num_classes=4)
    expected = np.zeros((4, 4), dtype=int)
    expected[0, 0] = expected[0, 1] = expected[1, 1] = expected[2, 0] = 1
    expected[2, 2] = 2
    assert np.array_equal(C, expected)


def test_trace_is_the_number_correct_and_rows_are_the_class_sizes():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 10, size=500)
    y_hat = np.where(rng.random(500) < 0.8, y, rng.integers(0, 10, size=500))
    C = confusion_matrix(y, y_hat, 10)
    assert C.sum() == 500
    assert np.trace(C) == np.sum(y == y_hat)
    assert np.array_equal(C.sum(axis=1), np.bincount(y, minlength=10))
    assert np.array_equal(C.sum(axis=0), np.bincount(y_hat, minlength=10))


def test_no_examples_give_zeros():
    assert np.array_equal(confusion_matrix([], [], 3), np.zeros((3, 3), dtype=int))


@pytest.mark.parametrize("y, y_hat, num_classes, match", [
    ([0, 1], [0, 1, 1], 2, "shapes"),
    ([0, 3], [0, 1], 3, r"\[0, 3\)"),
    ([0, -1], [0, 1], 3, r"\[0, 3\)"),
    ([0.0, 1.0], [0, 1], 2, "integer"),
    ([True, False], [0, 1], 2, "integer"),
    ([[0, 1]], [[0, 1]], 2, "1-D"),
    ([0, 1], [0, 1], 0, "num_classes"),
    ([0, 1], [0, 1], 2.5, "num_classes"),
])
def test_rejects_bad_input(y, y_hat, num_classes, match):
    with pytest.raises(ValueError, match=match):
        confusion_matrix(y, y_hat, num_classes)

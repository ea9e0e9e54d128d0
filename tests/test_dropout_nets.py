"""Notebook 13's dropout network, its training curves and its two ensemble views, against closed forms."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.dropout_nets import Curves, DropoutMLP, fit, flip_labels, mask_average, mask_geometric_mean
from dlnotes.widgets.dropout import dropout_widget


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_the_geometric_mean_of_every_thinned_softmax_layer_is_the_full_layer(p):
    rng = np.random.default_rng(int(10 * p))
    x, W, b = rng.normal(size=8), rng.normal(size=(8, 3)), rng.normal(size=3)
    geometric, arithmetic = mask_geometric_mean(x, W, b, p)
    np.testing.assert_allclose(geometric, dl.softmax(x @ W + b).value, atol=1e-12)
    assert arithmetic.sum() == pytest.approx(1.0) and not np.allclose(arithmetic, geometric, atol=1e-3)


def test_without_dropout_the_network_is_the_mlp_with_the_same_seed():
    X = np.random.default_rng(0).normal(size=(5, 6))
    model, reference = DropoutMLP([6, 9, 7, 3], p=0.0, seed=4), dl.MLP([6, 9, 7, 3], seed=4)
    np.testing.assert_allclose(model(X).value, reference(X).value, atol=1e-12)
    assert len(model.parameters()) == 6 and len(model.weights()) == 3


def test_training_mode_draws_masks_and_evaluation_does_not():
    X = np.random.default_rng(1).normal(size=(4, 6))
    model = DropoutMLP([6, 50, 3], p=0.5, seed=0)
    assert not np.allclose(model(X).value, model(X).value)
    P = model.probabilities(X)
    assert model.training  # probabilities() leaves the mode as it found it
    model.eval()
    np.testing.assert_allclose(model(X).value, model(X).value)
    np.testing.assert_allclose(dl.softmax(model(X)).value, P)


def test_many_masks_average_towards_the_evaluation_network():
    X = np.random.default_rng(2).normal(size=(30, 6))
    model = DropoutMLP([6, 40, 4], p=0.5, seed=0)
    P = model.probabilities(X)
    one, many = mask_average(model, X, [1, 400])
    assert not model.training
    assert np.abs(many - P).sum(axis=1).mean() < 0.5 * np.abs(one - P).sum(axis=1).mean()
    np.testing.assert_allclose(mask_average(DropoutMLP([6, 40, 4], p=0.0, seed=0), X, 3),
                               DropoutMLP([6, 40, 4], p=0.0, seed=0).probabilities(X), atol=1e-12)
    with pytest.raises(ValueError, match="num_masks"):
        mask_average(model, X, [3, 2])


def test_flipped_labels_are_always_another_class():
    y = np.arange(1000) % 10
    noisy, flipped = flip_labels(y, 0.3, np.random.default_rng(0))
    assert np.all(noisy[flipped] != y[flipped]) and np.all(noisy[~flipped] == y[~flipped])
    assert abs(flipped.mean() - 0.3) < 0.05 and noisy.dtype == np.intp
    with pytest.raises(ValueError, match="fraction"):
        flip_labels(y, 1.5, np.random.default_rng(0))


def test_fit_records_the_evaluation_network_on_both_sets():
    X, y = dl.datasets.digits()
    model = DropoutMLP([64, 32, 10], p=0.2, seed=0)
    curves = fit(model, X[:100], y[:100], X[100:200], y[100:200], lr=0.1, epochs=4, batch_size=20, eval_every=2)
    assert curves.epochs == [2, 4] and not model.training
    assert curves.train_accuracy[-1] == pytest.approx(dl.accuracy(model, X[:100], y[:100]))
    np.testing.assert_allclose(curves.gap("accuracy"), np.array(curves.train_accuracy) - curves.val_accuracy)
    with pytest.raises(ValueError, match="loss"):
        curves.gap("error")


def test_bad_settings_are_errors():
    with pytest.raises(ValueError, match="dropout probability"):
        DropoutMLP([4, 3], p=1.0)
    with pytest.raises(ValueError, match="sizes"):
        DropoutMLP([4], p=0.5)
    with pytest.raises(ValueError, match="16 inputs"):
        mask_geometric_mean(np.zeros(20), np.zeros((20, 2)), np.zeros(2), 0.5)


def _curves(slope):
    epochs = np.arange(2, 22, 2)
    return Curves(list(epochs), [0.0] * 10, [0.0] * 10, list(np.minimum(1, 0.5 + slope * epochs)),
                  list(0.5 + 0.01 * epochs))


def test_the_widget_moves_between_precomputed_curves():
    w = dropout_widget({0.0: _curves(0.04), 0.5: _curves(0.02), 0.8: _curves(0.01)})
    image, text = w.image.value, w.text.value
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and "p = 0.5" in text
    w.controls["p"].value = 0.8
    assert w.image.value != image and "p = 0.8: final training accuracy 0.700, validation 0.700, gap 0.000" in w.text.value
    with pytest.raises(ValueError, match="p = 0"):
        dropout_widget({0.5: _curves(0.02)})

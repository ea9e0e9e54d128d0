"""The weight-decay widget: moving λ swaps in the model trained with that λ."""

import pytest
from matplotlib.collections import LineCollection

from dlnotes import datasets
from dlnotes.regularization import fit_lambda_grid
from dlnotes.widgets.regularization import DEFAULT_LAMBDAS, regularization_widget


@pytest.fixture(scope="module")
def data_and_fits():
    X, y = datasets.moons(n=100, noise=0.25, seed=0)
    fits = fit_lambda_grid(X, y, [0.0, 0.01, 0.3], sizes=(2, 16, 2), num_epochs=20)
    return X, y, fits


@pytest.fixture(scope="module")
def validated():
    X, y = datasets.moons(n=100, noise=0.25, seed=0)
    X_train, X_val, y_train, y_val = datasets.train_test_split(X, y, test_size=0.5, seed=0)
    fits = fit_lambda_grid(X_train, y_train, [0.0, 0.01, 0.3], sizes=(2, 16, 2), num_epochs=20,
                           X_val=X_val, y_val=y_val)
    return X_train, y_train, fits


def test_moving_lambda_redraws_and_reports_that_model(data_and_fits):
    X, y, fits = data_and_fits
    w = regularization_widget(fits, X, y)
    assert "λ = 0:" in w.text.value
    image = w.image.value
    for fit in fits[1:]:
        w.controls["lam"].value = fit.lam
        assert w.image.value != image
        image = w.image.value
        assert f"λ = {fit.lam:g}:" in w.text.value
        assert f"‖W‖ = {fit.weight_norm:.3f}" in w.text.value
        assert f"training NLL = {fit.nll:.4f}" in w.text.value
        assert f"J = {fit.loss:.4f}" in w.text.value


def test_fits_need_their_data(data_and_fits):
    _, _, fits = data_and_fits
    with pytest.raises(ValueError, match="X, y"):
        regularization_widget(fits)


def test_builds_with_defaults():
    w = regularization_widget()
    assert [value for _, value in w.controls["lam"].options] == list(DEFAULT_LAMBDAS)
    w.controls["lam"].value = DEFAULT_LAMBDAS[-1]
    assert f"λ = {DEFAULT_LAMBDAS[-1]:g}:" in w.text.value


def test_with_validation_scores_it_reports_them(validated):
    X, y, fits = validated
    w = regularization_widget(fits, X, y)
    for fit in fits:
        w.controls["lam"].value = fit.lam
        assert f"validation NLL = {fit.val_nll:.4f}" in w.text.value
        assert f"validation accuracy = {100 * fit.val_accuracy:.1f} %" in w.text.value
        assert f"training accuracy = {100 * fit.accuracy:.1f} %" in w.text.value
    labels = w.figure.axes[1].get_legend_handles_labels()[1]
    assert labels == ["training NLL", "validation NLL"]


def test_without_validation_scores_it_says_training_only(data_and_fits):
    X, y, fits = data_and_fits
    w = regularization_widget(fits, X, y)
    assert "validation" not in w.text.value
    assert w.figure.axes[1].get_legend_handles_labels()[1] == ["training NLL"]


def test_the_slider_updates_while_dragged(data_and_fits):
    X, y, fits = data_and_fits
    assert regularization_widget(fits, X, y).controls["lam"].continuous_update


def test_the_flat_model_is_said_to_be_flat(data_and_fits):
    X, y, fits = data_and_fits
    flat = fit_lambda_grid(X, y, [1.0], sizes=(2, 16, 2), num_epochs=1)[0]
    for p in flat.model.parameters():
        p.value[...] = 0.0  # p = ½ everywhere
    w = regularization_widget([fits[0], flat], X, y)
    w.controls["lam"].value = 1.0
    assert "p ≈ ½ everywhere" in w.figure.axes[0].get_title()
    line = next(c for c in w.figure.axes[0].collections if isinstance(c, LineCollection))
    assert line.get_segments() == []  # no line p = ½
    w.controls["lam"].value = 0.0
    assert "everywhere" not in w.figure.axes[0].get_title()
    assert len(line.get_segments()) >= 1

"""The weight-decay widget: moving λ swaps in the model trained with that λ."""

import pytest

from dlnotes import datasets
from dlnotes.regularization import fit_lambda_grid
from dlnotes.widgets.regularization import DEFAULT_LAMBDAS, regularization_widget


@pytest.fixture(scope="module")
def data_and_fits():
    X, y = datasets.moons(n=100, noise=0.25, seed=0)
    fits = fit_lambda_grid(X, y, [0.0, 0.01, 0.3], sizes=(2, 16, 2), num_epochs=20)
    return X, y, fits


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

"""The approximation widget: the fit and the units' contributions for each width and activation."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.approximation import fit_sine, sine_data
from dlnotes.widgets.approximation import approximation_widget


def mse_of(num_hiddens, activation):
    X, y = sine_data()
    model = dl.MLP([1, num_hiddens, 1], activation=activation, seed=0)
    dl.train(model, X, y, loss=dl.mse, lr=0.1, epochs=1000, batch_size=len(X), progress=False)
    return float(dl.mse(model(X), y).value)


@pytest.fixture(scope="module")
def widget():
    return approximation_widget(widths=(2, 16))


def test_builds_with_defaults_and_reports_the_mse(widget):
    assert widget.values == {"num_hiddens": 16, "activation": "relu"}
    assert f"MSE = {mse_of(16, 'relu'):.5f}" in widget.text.value
    assert widget.image.value[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name, value", [("num_hiddens", 2), ("activation", "tanh")])
def test_every_control_redraws(widget, name, value):
    before_image, before_text = widget.image.value, widget.text.value
    widget.controls[name].value = value
    assert widget.image.value != before_image
    assert widget.text.value != before_text
    values = widget.values
    assert f"MSE = {mse_of(values['num_hiddens'], values['activation']):.5f}" in widget.text.value
    bias = float(fit_sine(values["num_hiddens"], values["activation"]).layers[1].b.value[0])
    assert f"c = {bias:.3f}" in widget.text.value


def test_the_default_builder_offers_every_width():
    w = approximation_widget()
    assert tuple(w.controls["num_hiddens"].options) == (1, 2, 4, 8, 16, 32)
    assert tuple(w.controls["activation"].options) == ("relu", "tanh")


def test_rejects_a_width_it_has_not_trained():
    with pytest.raises(ValueError, match="num_hiddens"):
        approximation_widget(num_hiddens=3)
    with pytest.raises(ValueError, match="activation"):
        approximation_widget(activation="sigmoid")

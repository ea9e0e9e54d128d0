"""dlnotes.approximation: the 1-D fit and its unit-by-unit reading."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.approximation import fit_sine, sine, sine_data, unit_contributions


def test_sine_data_is_one_period_on_the_unit_interval():
    X, y = sine_data(n=9)
    assert X.shape == y.shape == (9, 1)
    assert X[0, 0] == -1.0 and X[-1, 0] == 1.0
    assert np.allclose(y, np.sin(np.pi * X))
    assert np.allclose(sine([0.5, -0.5]), [1.0, -1.0])


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_contributions_add_up_to_the_fit_minus_the_output_bias(activation):
    model = dl.MLP([1, 5, 1], activation=activation, seed=3)
    X = np.linspace(-2, 2, 17)[:, None]
    C = unit_contributions(model, X)
    assert C.shape == (17, 5)
    W1, b1 = model.layers[0].W.value, model.layers[0].b.value
    v, c = model.layers[1].W.value[:, 0], model.layers[1].b.value[0]
    g = {"relu": lambda z: np.maximum(0, z), "tanh": np.tanh}[activation]
    assert np.allclose(C, g(X @ W1 + b1) * v)
    assert np.allclose(C.sum(axis=1) + c, model(X).value[:, 0])


def test_contributions_need_one_hidden_layer_and_one_output():
    with pytest.raises(ValueError, match="sizes"):
        unit_contributions(dl.MLP([1, 4, 4, 1]), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="sizes"):
        unit_contributions(dl.MLP([1, 4, 2]), np.zeros((3, 1)))


def test_fit_sine_fits_and_is_cached():
    model = fit_sine(16, "relu")
    assert fit_sine(16, "relu") is model
    X, y = sine_data()
    assert float(dl.mse(model(X), y).value) < 0.005
    # The same recipe by hand gives the same parameters.
    again = dl.MLP([1, 16, 1], activation="relu", seed=0)
    dl.train(again, X, y, loss=dl.mse, lr=0.1, epochs=1000, batch_size=len(X), progress=False)
    assert all(np.array_equal(p.value, q.value)
               for p, q in zip(model.parameters(), again.parameters()))


@pytest.mark.parametrize("bad", [0, -3, 2.5])
def test_fit_sine_rejects_a_bad_width(bad):
    with pytest.raises(ValueError, match="num_hiddens"):
        fit_sine(bad)


def test_sine_data_rejects_too_few_points():
    with pytest.raises(ValueError, match="n ≥ 2"):
        sine_data(n=1)

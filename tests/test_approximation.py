"""dlnotes.approximation: the 1-D fit and its unit-by-unit reading."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.approximation import (fit_sine, relu_slope, sine, sine_data, sine_trajectory,
                                  unit_contributions)


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


def test_relu_slope_matches_finite_differences_of_the_model():
    model = dl.MLP([1, 6, 1], activation="relu", seed=2)
    w, b = model.layers[0].W.value[0], model.layers[0].b.value
    v = model.layers[1].W.value[:, 0]
    x = np.linspace(-2, 2, 41) + 0.013  # off the hinges
    h = 1e-6
    numeric = (model((x + h)[:, None]).value - model((x - h)[:, None]).value)[:, 0] / (2 * h)
    assert np.allclose(relu_slope(x, w, b, v), numeric, atol=1e-6)
    # Every unit silent: no slope at all.
    assert np.array_equal(relu_slope(np.array([0.0]), [1.0, -1.0], [-1.0, -1.0], [3.0, 4.0]), [0.0])


def test_relu_slope_needs_one_entry_per_unit():
    with pytest.raises(ValueError, match="one entry per unit"):
        relu_slope(np.zeros(3), [1.0, 2.0], [0.0], [1.0, 1.0])


def test_the_trajectory_ends_at_fit_sine_and_records_every_loss():
    trajectory = sine_trajectory(4, "relu", num_epochs=50, every=20)
    assert trajectory.steps == (0, 20, 40, 50)
    assert len(trajectory.models) == 4 and len(trajectory.loss) == 51
    X, y = sine_data()
    for step, model in zip(trajectory.steps, trajectory.models):
        assert np.isclose(float(dl.mse(model(X), y).value), trajectory.loss[step])
    fitted = fit_sine(4, "relu", num_epochs=50)
    for p, q in zip(trajectory.models[-1].parameters(), fitted.parameters()):
        assert np.allclose(p.value, q.value, rtol=1e-10, atol=1e-12)
    # The first snapshot is the initialisation, untouched by the steps after it.
    start = dl.MLP([1, 4, 1], seed=0)
    assert all(np.array_equal(p.value, q.value)
               for p, q in zip(trajectory.models[0].parameters(), start.parameters()))
    assert trajectory.loss[-1] < trajectory.loss[0]


def test_the_trajectory_rejects_a_bad_snapshot_interval():
    with pytest.raises(ValueError, match="every"):
        sine_trajectory(4, every=0)

"""Class data and a model's probabilities drawn on the plane."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import dlnotes as dl  # noqa: E402
from dlnotes.plots import new_figure, png_bytes, probability_grid, probability_map  # noqa: E402
from dlnotes.plots.data import PROBABILITY_CMAP  # noqa: E402


@pytest.fixture
def model_and_data():
    X, y = dl.datasets.moons(n=40, seed=0)
    return dl.MLP((2, 8, 2), seed=0), X, y


def test_the_grid_holds_the_probability_of_class_k(model_and_data):
    model, X, _ = model_and_data
    p, (x0, x1, y0, y1) = probability_grid(model, X, k=1, resolution=7, margin=0.5)
    assert p.shape == (7, 7)
    assert (x0, x1) == pytest.approx((X[:, 0].min() - 0.5, X[:, 0].max() + 0.5))
    assert (y0, y1) == pytest.approx((X[:, 1].min() - 0.5, X[:, 1].max() + 0.5))
    # row i is the i-th height from the bottom, column j the j-th x₁ from the left
    corner = np.array([[x1, y0]])
    assert p[0, -1] == pytest.approx(dl.softmax(model(corner)).value[0, 1])
    p0, _ = probability_grid(model, X, k=0, resolution=7, margin=0.5)
    assert np.allclose(p0 + p, 1.0)


def test_the_map_is_white_at_one_half_and_draws_the_boundary(model_and_data):
    model, X, y = model_and_data
    assert np.allclose(PROBABILITY_CMAP(0.5)[:3], 1.0, atol=0.01)
    fig, ax = new_figure()
    image = probability_map(ax, model, X, y, resolution=30)
    assert image.get_array().shape == (30, 30)
    assert image.get_clim() == (0.0, 1.0)
    assert len(ax.collections) >= 3  # the p = ½ line and one scatter per class
    png_bytes(fig)


def test_a_flat_model_gets_no_boundary(model_and_data):
    _, X, y = model_and_data
    flat = dl.MLP((2, 4, 2), seed=0)
    for p in flat.parameters():
        p.value[...] = 0.0  # p = ½ everywhere
    fig, ax = new_figure()
    probability_map(ax, flat, X, y, resolution=10)
    assert len(ax.collections) == 2  # the two scatters only

"""The self-organizing map against MiniSom, an independent implementation, and its two error measures."""

import numpy as np
import pytest
from minisom import MiniSom

from dlnotes.datasets import digits
from dlnotes.som import (SelfOrganizingMap, best_matching_units, neighbourhood, quantization_error,
                         topographic_error)
from dlnotes.widgets.som import som_unfolding_widget

X, Y = digits()


@pytest.mark.parametrize("rows,cols,sigma,lr,steps", [(10, 10, 2.0, 0.5, 2000), (6, 8, 1.5, 0.3, 1500)])
def test_the_same_map_as_minisom_from_the_same_start(rows, cols, sigma, lr, steps):
    order = np.random.default_rng(1).permutation(len(X))
    som = SelfOrganizingMap(rows, cols, 64, sigma=sigma, lr=lr).init_small_random(X, np.random.default_rng(0))
    reference = MiniSom(rows, cols, 64, sigma=sigma, learning_rate=lr, random_seed=0)
    reference._weights = som.weights.copy()  # the same start
    som.train(X, steps, order=order)
    reference.train(X[order], steps, random_order=False)  # the same order and schedule
    np.testing.assert_allclose(som.weights, reference.get_weights(), atol=1e-10)
    qe, reference_qe = quantization_error(X, som.weights), reference.quantization_error(X)
    assert abs(qe - reference_qe) <= 0.05 * reference_qe
    assert topographic_error(X, som.weights) == pytest.approx(reference.topographic_error(X))


def test_errors_fall_during_training():
    som = SelfOrganizingMap(8, 8, 64, sigma=2.0, lr=0.5).init_small_random(X, np.random.default_rng(3))
    som.train(X, 2000, order=np.random.default_rng(4).permutation(len(X)), record_every=500)
    qe, te = som.history["quantization_error"], som.history["topographic_error"]
    assert qe[-1] < qe[0] and te[-1] < te[0] / 3


def test_the_parts():
    grid = SelfOrganizingMap(3, 4, 2).grid
    h = neighbourhood(grid, (1, 1), 1.0)
    assert h.shape == (3, 4) and h[1, 1] == 1 and h[0, 0] == pytest.approx(np.exp(-1))
    weights = np.zeros((2, 2, 2))
    weights[1, 0] = [5.0, 5.0]
    assert best_matching_units(np.array([[4.0, 4.0]]), weights)[0, 0] == 2  # row 1, col 0 of 2 columns
    assert topographic_error(np.array([[4.0, 4.0]]), weights) == 0.0


def test_bad_maps_and_data_are_errors():
    with pytest.raises(ValueError, match="rows"):
        SelfOrganizingMap(0, 3, 2)
    with pytest.raises(ValueError, match="SelfOrganizingMap: sigma"):
        SelfOrganizingMap(2, 2, 2, sigma=0)
    with pytest.raises(ValueError, match=r"shape \(N, 2\)"):
        SelfOrganizingMap(2, 2, 2).train(np.zeros((5, 3)), 3)
    with pytest.raises(ValueError, match="two units"):
        topographic_error(np.zeros((1, 2)), np.zeros((1, 1, 2)))


def test_the_widget_unfolds_the_map():
    w = som_unfolding_widget(num_steps=600, num_snapshots=10)
    first = w.image.value
    assert "step 0:" in w.text.value
    w.controls["snapshot"].value = w.controls["snapshot"].max
    assert "step 600:" in w.text.value and w.image.value != first

"""dlnotes.linear_maps: stacked affine layers are one affine map; XOR has no affine fit."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.linear_maps import best_affine_fit, compose_affine


def test_a_stack_of_affine_layers_is_one_affine_map():
    rng = np.random.default_rng(0)
    sizes = [3, 5, 4, 2]
    layers = [(rng.normal(size=(m, n)), rng.normal(size=n)) for m, n in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(size=(7, 3))
    h = X
    for W, b in layers:
        h = h @ W + b
    A, d = compose_affine(layers)
    assert A.shape == (3, 2) and d.shape == (2,)
    assert np.allclose(X @ A + d, h)
    # One layer is its own composition.
    A1, d1 = compose_affine(layers[:1])
    assert np.array_equal(A1, layers[0][0]) and np.array_equal(d1, layers[0][1])


def test_an_mlp_with_identity_activations_collapses():
    model = dl.MLP([2, 8, 8, 2], seed=1)
    X = np.random.default_rng(1).normal(size=(5, 2))
    h = X
    for layer in model.layers:
        h = h @ layer.W.value + layer.b.value
    A, d = compose_affine([(layer.W.value, layer.b.value) for layer in model.layers])
    assert np.allclose(X @ A + d, h)


def test_compose_affine_names_the_layer_that_does_not_fit():
    with pytest.raises(ValueError, match="layer 2 takes 4 inputs"):
        compose_affine([(np.ones((2, 3)), np.zeros(3)), (np.ones((4, 1)), np.zeros(1))])
    with pytest.raises(ValueError, match="at least one"):
        compose_affine([])


def test_the_best_affine_fit_to_xor_is_the_constant_one_half():
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    w, c = best_affine_fit(corners, np.array([0.0, 1.0, 1.0, 0.0]))
    assert np.allclose(w, 0.0) and np.isclose(c, 0.5)
    # It recovers an affine target exactly.
    X = np.random.default_rng(2).normal(size=(10, 3))
    w, c = best_affine_fit(X, X @ np.array([1.0, -2.0, 0.5]) + 3.0)
    assert np.allclose(w, [1.0, -2.0, 0.5]) and np.isclose(c, 3.0)
    with pytest.raises(ValueError, match="shape"):
        best_affine_fit(np.zeros(4), np.zeros(4))

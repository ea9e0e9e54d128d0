"""The population view: the expected loss by quadrature, ∇E = E∇, and SGD on fresh samples."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes import estimators as E
from dlnotes import population as P


def test_the_population_loss_matches_a_large_sample():
    X, y = E.logistic_data(200_000, seed=5)
    theta = (1.2, 0.3)
    w, b = dl.Node(np.array([theta[0]])), dl.Node(theta[1])
    sample = float(E.logistic_loss([w, b], X, y).value)
    assert P.logistic_population_loss(theta) == pytest.approx(sample, abs=5e-3)


def test_the_gradient_is_the_expectation_of_the_gradients():
    R = P.logistic_population_loss
    h = 1e-5
    for theta in [(2.3, 0.1), (0.0, 0.0), (-1.0, 2.0)]:
        t = np.array(theta)
        numerical = [(R(t + h * e) - R(t - h * e)) / (2 * h) for e in np.eye(2)]
        assert np.allclose(P.logistic_population_gradient(theta), numerical, atol=1e-8)


def test_the_true_parameters_minimise_the_population_loss():
    assert np.allclose(P.logistic_population_gradient((2.0, -0.5)), 0, atol=1e-12)
    assert P.logistic_population_gradient((1.0, 1.0), true_theta=(1.0, 1.0)) == pytest.approx([0, 0], abs=1e-12)
    R0 = P.logistic_population_loss((2.0, -0.5))
    for d in np.random.default_rng(0).normal(size=(5, 2)) * 0.1:
        assert P.logistic_population_loss(np.array([2.0, -0.5]) + d) > R0


def test_fresh_sample_sgd_approaches_the_population_minimum():
    params = [dl.Node(np.zeros(1)), dl.Node(0.0)]
    path = P.fresh_sample_sgd(E.logistic_loss, params, lambda B, rng: E.logistic_data(B, rng=rng),
                              0.5, 10, 1500, np.random.default_rng(0))
    assert path.shape == (1501, 2) and np.allclose(path[0], 0)
    assert np.allclose(path[-1], [params[0].value[0], float(params[1].value)])
    assert np.linalg.norm(path[500:].mean(axis=0) - [2.0, -0.5]) < 0.15


@pytest.mark.parametrize("call, match", [
    (lambda: P.logistic_population_loss((1.0,)), "theta"),
    (lambda: P.logistic_population_loss((1.0, np.nan)), "theta"),
    (lambda: P.logistic_population_gradient((1.0, 0.0), num_points=1), "num_points"),
    (lambda: P.fresh_sample_sgd(E.logistic_loss, [], None, 0.1, 0, 5, None), "batch_size"),
    (lambda: P.fresh_sample_sgd(E.logistic_loss, [], None, -0.1, 2, 5, None), "learning rate"),
])
def test_bad_input_is_a_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()

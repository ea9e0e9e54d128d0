"""Weight decay: the weight norm, and what λ does to a trained model."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes import datasets
from dlnotes.regularization import fit_lambda_grid, weight_norm


def test_weight_norm_is_the_root_of_twice_the_l2_penalty():
    rng = np.random.default_rng(0)
    weights = [dl.Node(rng.normal(size=(3, 4))), dl.Node(rng.normal(size=(4, 2)))]
    assert weight_norm(weights) == pytest.approx(np.sqrt(2 * float(dl.l2_penalty(weights).value)))
    assert weight_norm([np.array([[3.0, 4.0]])]) == pytest.approx(5.0)


def test_weight_norm_needs_weights():
    with pytest.raises(ValueError, match="at least one"):
        weight_norm([])


def test_larger_lambda_gives_smaller_weights_and_a_worse_fit():
    X, y = datasets.moons(n=100, noise=0.25, seed=0)
    fits = fit_lambda_grid(X, y, [0.0, 0.01, 0.1], sizes=(2, 16, 2), num_epochs=40)
    norms = [fit.weight_norm for fit in fits]
    nlls = [fit.nll for fit in fits]
    assert norms[0] > norms[1] > norms[2]
    assert nlls[0] < nlls[1] < nlls[2]
    for fit in fits:
        assert fit.nll == pytest.approx(float(dl.cross_entropy(fit.model(X), y).value))
        assert fit.penalty == pytest.approx(fit.lam * 0.5 * fit.weight_norm ** 2)
        assert fit.loss == pytest.approx(fit.nll + fit.penalty)
    assert fits[0].penalty == 0.0


@pytest.mark.parametrize("lambdas", [[], [-0.1], [np.inf]])
def test_bad_lambdas_are_a_value_error(lambdas):
    X, y = datasets.moons(n=20, seed=0)
    with pytest.raises(ValueError, match="λ"):
        fit_lambda_grid(X, y, lambdas)

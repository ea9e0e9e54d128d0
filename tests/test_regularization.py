"""Weight decay: the weight norm, and what λ does to a trained model."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes import datasets
from dlnotes.regularization import choose_lambda, fit_lambda_grid, probability_slope, weight_norm


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


@pytest.fixture(scope="module")
def validated_fits():
    X, y = datasets.moons(n=160, noise=0.3, seed=2)
    X_train, X_val, y_train, y_val = datasets.train_test_split(X, y, test_size=0.5, seed=0)
    fits = fit_lambda_grid(X_train, y_train, [0.0, 0.01, 0.3], sizes=(2, 16, 2), num_epochs=30,
                           X_val=X_val, y_val=y_val)
    return X_val, y_val, fits


def test_validation_scores_are_those_of_the_validation_data(validated_fits):
    X_val, y_val, fits = validated_fits
    for fit in fits:
        assert fit.val_nll == pytest.approx(float(dl.cross_entropy(fit.model(X_val), y_val).value))
        assert fit.val_accuracy == pytest.approx(dl.accuracy(fit.model, X_val, y_val))


def test_without_validation_data_there_are_no_validation_scores():
    X, y = datasets.moons(n=40, seed=0)
    fit, = fit_lambda_grid(X, y, [0.0], sizes=(2, 4, 2), num_epochs=1)
    assert fit.val_nll is None and fit.val_accuracy is None
    with pytest.raises(ValueError, match="validation"):
        choose_lambda([fit])
    with pytest.raises(ValueError, match="X_val and y_val"):
        fit_lambda_grid(X, y, [0.0], X_val=X)


def test_choose_lambda_takes_the_smallest_validation_nll(validated_fits):
    _, _, fits = validated_fits
    best = choose_lambda(fits)
    assert best.val_nll == min(fit.val_nll for fit in fits)
    # Reordering the fits does not change the choice.
    assert choose_lambda(fits[::-1]) is best
    with pytest.raises(ValueError, match="at least one"):
        choose_lambda([])


def test_probability_slope_matches_finite_differences():
    model = dl.MLP((2, 8, 2), activation="tanh", seed=3)
    X = np.random.default_rng(0).normal(size=(5, 2))

    def p1(x):
        return dl.softmax(model(x[None, :])).value[0, 1]

    eps = 1e-6
    norms = []
    for x in X:
        g = [(p1(x + eps * e) - p1(x - eps * e)) / (2 * eps) for e in np.eye(2)]
        norms.append(np.linalg.norm(g))
    assert probability_slope(model, X) == pytest.approx(np.mean(norms), rel=1e-6)
    # p(class 0) = 1 − p(class 1): the same slope
    assert probability_slope(model, X, k=0) == pytest.approx(np.mean(norms), rel=1e-6)
    with pytest.raises(ValueError, match="class"):
        probability_slope(model, X, k=2)


def test_a_constant_model_has_slope_zero(validated_fits):
    X_val, _, fits = validated_fits
    assert probability_slope(fits[-1].model, X_val) < probability_slope(fits[0].model, X_val)
    flat = dl.MLP((2, 4, 2), seed=0)
    for p in flat.parameters():
        p.value[...] = 0.0
    assert probability_slope(flat, X_val) == 0.0

"""Stochastic approximation: the least-squares gradient, the schedules, the noise floor, the budget runs."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.estimators import loglog_slope
from dlnotes.stochastic_approximation import (budget_runs, constant_schedule, least_squares_data,
                                              least_squares_gradient, least_squares_loss, noise_floor,
                                              robbins_monro_schedule, schedule_sums, sgd_runs)
from dlnotes.widgets.sgd_schedules import sgd_schedule_widget

X, y, W_STAR = least_squares_data(n=200, seed=1)
J_STAR = least_squares_loss(W_STAR, X, y)


def test_the_gradient_is_backprops_and_vanishes_at_the_minimum():
    w = np.random.default_rng(0).normal(size=X.shape[1])
    node = dl.Node(w)
    r = X @ node - y
    dl.backprop(0.5 * dl.mean(r * r))
    np.testing.assert_allclose(least_squares_gradient(w, X, y), node.grad, atol=1e-12)
    np.testing.assert_allclose(least_squares_gradient(W_STAR, X, y), 0, atol=1e-12)
    stack = np.stack([w, W_STAR])
    np.testing.assert_allclose(least_squares_loss(stack, X, y), [least_squares_loss(w, X, y), J_STAR])


def test_schedules_and_their_sums():
    assert schedule_sums(constant_schedule(0.1, 10)) == pytest.approx((1.0, 0.1))
    rm = robbins_monro_schedule(1.0, 5, k0=1.0, power=1.0)
    np.testing.assert_allclose(rm, 1 / np.arange(1, 6))
    with pytest.raises(ValueError, match="power"):
        robbins_monro_schedule(0.1, 5, power=0)
    with pytest.raises(ValueError, match="learning rate"):
        constant_schedule(-1, 5)


def test_one_step_of_sgd_runs_is_the_rule():
    rng = np.random.default_rng(4)
    rows = np.random.default_rng(4).integers(0, len(X), size=(1, 3))
    steps, losses = sgd_runs(X, y, np.array([[0.1]]), batch_size=3, rng=rng, record_every=1)
    Xb, yb = X[rows[0]], y[rows[0]]
    w1 = -0.1 * Xb.T @ (Xb @ np.zeros(X.shape[1]) - yb) / 3
    assert list(steps) == [0, 1]
    assert losses[0, 1] == pytest.approx(least_squares_loss(w1, X, y))


def test_the_floor_grows_in_proportion_to_the_step():
    lrs = np.array([0.005, 0.01, 0.02, 0.04])
    _, losses = sgd_runs(X, y, np.array([constant_schedule(lr, 10_000) for lr in lrs]), w0=W_STAR,
                         rng=np.random.default_rng(2), record_every=50)
    assert 0.8 < loglog_slope(lrs, noise_floor(losses, J_STAR)) < 1.2


def test_robbins_monro_beats_the_constant_floor_and_fast_decay_stalls():
    K = 10_000
    S = np.array([constant_schedule(0.04, K), robbins_monro_schedule(0.04, K, k0=500),
                  robbins_monro_schedule(0.04, K, k0=20, power=2.0)])
    _, losses = sgd_runs(X, y, S, rng=np.random.default_rng(3))
    constant, rm, fast = losses[:, -1] - J_STAR
    assert rm < constant / 3 and fast > 10 * constant


def test_budget_runs_spend_the_same_number_of_examples():
    runs = budget_runs(X, y, 0.04, [1, 10, len(X)], 2000, np.random.default_rng(0))
    assert all(examples[-1] == 2000 for examples, _ in runs.values())
    with pytest.raises(ValueError, match="schedule"):
        budget_runs(X, y, 0.04, [1], 100, np.random.default_rng(0), schedule="cosine")
    with pytest.raises(ValueError, match="no step"):
        budget_runs(X, y, 0.04, [1000], 100, np.random.default_rng(0))


def test_sgd_runs_needs_an_rng_and_a_whole_batch_size():
    with pytest.raises(ValueError, match="rng"):
        sgd_runs(X, y, np.ones((1, 3)) * 0.1)
    with pytest.raises(ValueError, match="batch_size"):
        sgd_runs(X, y, np.ones((1, 3)) * 0.1, batch_size=2.5, rng=np.random.default_rng(0))


def test_the_widget_responds_to_batch_size_and_schedule():
    w = sgd_schedule_widget(budget=2000)
    text, image = w.text.value, w.image.value
    w.controls["batch_size"].value = 16
    assert "batch size 16 (125 steps)" in w.text.value and w.image.value != image
    image = w.image.value
    w.controls["schedule"].value = "too fast, ε₀/(1 + k/k₀)²"
    assert w.image.value != image and w.text.value != text

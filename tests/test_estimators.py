"""The gradient as an expectation: per-example, full-batch and minibatch gradients."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes import estimators as E


@pytest.fixture
def problem():
    X, y = E.logistic_data(300, seed=1)
    params = [dl.Node(np.array([0.5]), name="w"), dl.Node(0.5, name="b")]
    return params, X, y


def by_hand(params, X, y):
    """g_n = (σ(w·x_n + b) − y_n)·(x_n, 1) for logistic regression."""
    w, b = float(params[0].value[0]), float(params[1].value)
    r = 1 / (1 + np.exp(-(w * X[:, 0] + b))) - y
    return np.column_stack([r * X[:, 0], r])


def test_logistic_data_is_seeded_and_shaped():
    X, y = E.logistic_data(50, seed=3)
    X2, y2 = E.logistic_data(50, seed=3)
    assert X.shape == (50, 1) and y.shape == (50,) and y.dtype == np.float64
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert set(np.unique(y)) <= {0.0, 1.0}


def test_per_example_gradients_match_the_formula(problem):
    params, X, y = problem
    G = E.per_example_gradients(E.logistic_loss, params, X, y)
    assert G.shape == (300, 2)
    assert np.allclose(G, by_hand(params, X, y), atol=1e-12)


def test_gradient_of_the_mean_is_the_mean_of_the_gradients(problem):
    params, X, y = problem
    full = E.gradient(E.logistic_loss, params, X, y)
    G = E.per_example_gradients(E.logistic_loss, params, X, y)
    assert np.max(np.abs(full - G.mean(axis=0))) < 1e-12


def test_gradient_matches_central_differences(problem):
    params, X, y = problem
    full = E.gradient(E.logistic_loss, params, X, y)
    numeric = dl.numerical_gradient(lambda w, b: E.logistic_loss([dl.Node(w), dl.Node(b)], X, y),
                                    params[0].value, params[1].value)
    assert np.allclose(full, np.concatenate([g.ravel() for g in numeric]), atol=1e-8)


def test_unused_parameters_get_zero_gradients(problem):
    params, X, y = problem
    extra = dl.Node(np.ones(3))
    g = E.gradient(lambda p, X, y: E.logistic_loss(p[:2], X, y), params + [extra], X, y)
    assert g.shape == (5,) and np.all(g[2:] == 0)


def test_minibatch_gradients_are_unbiased(problem):
    params, X, y = problem
    full = E.gradient(E.logistic_loss, params, X, y)
    grads = E.minibatch_gradients(E.logistic_loss, params, X, y, 8, 2000, np.random.default_rng(0))
    assert grads.shape == (2000, 2)
    standard_error = grads.std(axis=0, ddof=1) / np.sqrt(len(grads))
    assert np.all(np.abs(grads.mean(axis=0) - full) < 4 * standard_error)


def test_a_minibatch_of_everything_is_the_full_gradient(problem):
    params, X, y = problem
    grads = E.minibatch_gradients(E.logistic_loss, params, X, y, len(X), 3, np.random.default_rng(0))
    assert np.allclose(grads, E.gradient(E.logistic_loss, params, X, y), atol=1e-12)
    assert E.minibatch_variance(E.per_example_gradients(E.logistic_loss, params, X, y), len(X)) == 0.0


def test_variance_falls_as_one_over_b_with_the_finite_population_correction(problem):
    params, X, y = problem
    G = E.per_example_gradients(E.logistic_loss, params, X, y)
    sizes = (1, 4, 16, 64)
    samples = E.minibatch_gradients_by_size(E.logistic_loss, params, X, y, sizes, 800,
                                            np.random.default_rng(2))
    assert set(samples) == set(sizes)
    measured = np.array([E.total_variance(samples[B]) for B in sizes])
    theory = np.array([E.minibatch_variance(G, B) for B in sizes])
    assert np.all(np.abs(measured / theory - 1) < 0.2)
    sigma2 = np.sum(np.var(G, axis=0))
    assert E.minibatch_variance(G, 4, replace=True) == pytest.approx(sigma2 / 4)
    assert E.minibatch_variance(G, 4) == pytest.approx(sigma2 / 4 * (300 - 4) / 299)
    assert E.loglog_slope(sizes, theory) == pytest.approx(-1.0, abs=0.3)  # N = 300: the correction bends it


def test_total_variance_is_the_trace_of_the_covariance():
    grads = np.random.default_rng(0).normal(size=(50, 3))
    assert E.total_variance(grads) == pytest.approx(np.trace(np.cov(grads.T)))


def test_loglog_slope():
    x = np.array([1.0, 2.0, 4.0, 8.0])
    assert E.loglog_slope(x, 3 / x) == pytest.approx(-1.0)
    assert E.loglog_slope(x, x ** 2) == pytest.approx(2.0)


def test_minibatch_sgd_records_the_full_loss_per_step(problem):
    params, X, y = problem
    examples, losses = E.minibatch_sgd(E.logistic_loss, params, X, y, 0.5, 100, 2, np.random.default_rng(0))
    assert list(examples) == [0, 100, 200, 300, 400, 500, 600]
    assert losses[-1] < losses[0]
    assert losses[-1] == pytest.approx(float(E.logistic_loss(params, X, y).value))


def test_full_batch_sgd_is_gradient_descent(problem):
    params, X, y = problem
    start = E.gradient(E.logistic_loss, params, X, y)
    w0, b0 = params[0].value.copy(), float(params[1].value)
    E.minibatch_sgd(E.logistic_loss, params, X, y, 0.1, len(X), 1, np.random.default_rng(0))
    assert np.allclose([params[0].value[0], float(params[1].value)], [w0[0] - 0.1 * start[0], b0 - 0.1 * start[1]])


@pytest.mark.parametrize("call, match", [
    (lambda p, X, y: E.minibatch_gradients(E.logistic_loss, p, X, y, 0, 5, np.random.default_rng()), "batch_size"),
    (lambda p, X, y: E.minibatch_gradients(E.logistic_loss, p, X, y, 301, 5, np.random.default_rng()), "batch_size"),
    (lambda p, X, y: E.minibatch_gradients(E.logistic_loss, p, X, y, 2.5, 5, np.random.default_rng()), "batch_size"),
    (lambda p, X, y: E.minibatch_gradients(E.logistic_loss, p, X, y, 4, 0, np.random.default_rng()), "num_batches"),
    (lambda p, X, y: E.gradient(E.logistic_loss, p, X[:10], y), "rows"),
    (lambda p, X, y: E.gradient(E.logistic_loss, p, X[:, 0], y), "shape"),
    (lambda p, X, y: E.gradient(E.logistic_loss, p, np.full_like(X, np.nan), y), "non-finite"),
    (lambda p, X, y: E.gradient(lambda q, X, y: X @ q[0], p, X, y), "scalar Node"),
    (lambda p, X, y: E.minibatch_sgd(E.logistic_loss, p, X, y, 0.0, 10, 1, np.random.default_rng()), "learning rate"),
    (lambda p, X, y: E.minibatch_sgd(E.logistic_loss, p, X, y, 0.1, 10, -1, np.random.default_rng()), "num_epochs"),
    (lambda p, X, y: E.total_variance(np.zeros((1, 2))), "at least 2 row"),
    (lambda p, X, y: E.minibatch_variance(np.zeros(5), 1), "shape"),
    (lambda p, X, y: E.loglog_slope([1.0, 2.0], [1.0, 0.0]), "> 0"),
    (lambda p, X, y: E.loglog_slope([1.0], [1.0]), "length"),
    (lambda p, X, y: E.logistic_data(0), "n must be"),
])
def test_bad_input_is_a_value_error(problem, call, match):
    params, X, y = problem
    with pytest.raises(ValueError, match=match):
        call(params, X, y)


def test_with_replacement_the_variance_is_sigma2_over_b(problem):
    params, X, y = problem
    X, y = X[:20], y[:20]
    per_example = E.per_example_gradients(E.logistic_loss, params, X, y)
    full = per_example.mean(axis=0)
    rng = np.random.default_rng(3)
    samples = E.minibatch_gradients_by_size(E.logistic_loss, params, X, y, [10, 40], 2000, rng, replace=True)
    for B in (10, 40):  # B = 40 > N = 20: possible only with replacement
        assert E.total_variance(samples[B]) == pytest.approx(E.minibatch_variance(per_example, B, replace=True),
                                                             rel=0.1)
        assert np.all(np.abs(samples[B].mean(axis=0) - full) < 4 * samples[B].std(axis=0) / np.sqrt(2000))
    without = E.minibatch_gradients(E.logistic_loss, params, X, y, 10, 2000, rng)
    assert E.total_variance(without) == pytest.approx(E.minibatch_variance(per_example, 10), rel=0.1)
    assert E.total_variance(without) < 0.7 * E.total_variance(samples[10])  # the correction (20 − 10)/19
    with pytest.raises(ValueError, match="replace"):
        E.minibatch_gradients(E.logistic_loss, params, X, y, 4, 5, rng, replace="yes")


def test_minibatch_sgd_with_replacement_takes_n_over_b_steps_an_epoch(problem):
    params, X, y = problem
    examples, losses = E.minibatch_sgd(E.logistic_loss, params, X, y, 0.5, 100, 2, np.random.default_rng(0),
                                       replace=True)
    assert list(examples) == [0, 100, 200, 300, 400, 500, 600]
    assert losses[-1] < losses[0]


def test_stationary_excess_loss_is_the_trace_of_the_lyapunov_solution():
    # S solves S = (I − εH) S (I − εH) + ε² C/B; for small ε, ½ tr(HS) → ε tr C/(4B).
    rng = np.random.default_rng(0)
    M = rng.normal(size=(3, 3))
    H, C = M @ M.T + np.eye(3), np.cov(rng.normal(size=(3, 50)))
    lr, B = 1e-3, 8
    A = np.eye(3) - lr * H
    S = np.linalg.solve(np.eye(9) - np.kron(A, A), (lr ** 2 * C / B).ravel()).reshape(3, 3)
    assert 0.5 * np.trace(H @ S) == pytest.approx(E.stationary_excess_loss(lr, B, np.trace(C)), rel=1e-2)
    with pytest.raises(ValueError, match="noise_trace"):
        E.stationary_excess_loss(0.1, 4, -1.0)


def test_the_weighted_minibatch_gradient_of_the_exercise_is_unbiased():
    from dlnotes.exercises.nb07 import weighted_minibatch_gradient
    rng = np.random.default_rng(0)
    per_example = rng.normal(size=(30, 2)) + [1.0, -2.0]
    probs = rng.random(30) + 0.05
    probs /= probs.sum()
    # One draw: the expectation Σ_n p_n · g_n/(N p_n), exactly.
    exact = sum(p * weighted_minibatch_gradient(per_example, np.array([n]), probs) for n, p in enumerate(probs))
    assert np.allclose(exact, per_example.mean(axis=0))
    # B = 5 draws, with a fixed rng: the mean of many estimates is within a few standard errors.
    estimates = np.array([weighted_minibatch_gradient(per_example, rng.choice(30, 5, p=probs), probs)
                          for _ in range(4000)])
    se = estimates.std(axis=0) / np.sqrt(len(estimates))
    assert np.all(np.abs(estimates.mean(axis=0) - per_example.mean(axis=0)) < 4 * se)

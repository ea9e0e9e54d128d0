"""Dead rectifier units: the mask, the stability bound, and training that kills ReLUs but not leaky ones."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.dead_units import dead_units, dying_relu_problem, largest_stable_lr, train_rectifier_layer


def test_dead_units_mask():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    W = np.array([[1.0, -1.0, 0.0], [0.0, -1.0, 0.0]])
    b = np.array([0.0, -1.0, 0.0])
    # unit 0: z = (1, 0, -1) → alive; unit 1: z = (-2, -2, 1) → alive; unit 2: z = 0 everywhere → dead
    np.testing.assert_array_equal(dead_units(X, W, b), [False, False, True])
    np.testing.assert_array_equal(dead_units(X, dl.Node(W), dl.Node(b)), [False, False, True])


def test_largest_stable_lr_is_where_gradient_descent_stops_converging():
    """On a unit active on every row the loss is quadratic: just below the bound GD converges, just above it diverges."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 2))
    Y = X @ np.array([[1.0], [2.0]]) + 0.5  # one linear unit, active everywhere
    bound = largest_stable_lr(X, 1)
    for factor, converges in [(0.95, True), (1.05, False)]:
        W, b = dl.Node(np.zeros((2, 1))), dl.Node(np.zeros(1))
        for _ in range(400):
            J = dl.mse(dl.affine(X, W, b), Y)
            dl.backprop(J)
            W.value -= factor * bound * W.grad
            b.value -= factor * bound * b.grad
        assert (float(J.value) < 1e-6) == converges


def test_the_wide_layer_trains_each_slope_as_it_would_alone():
    p = dying_relu_problem(good_steps=30)
    together = train_rectifier_layer(p.X, p.Y, p.W, p.b, [0.0, 0.01, 0.1], p.lrs)
    for k, alpha in enumerate([0.0, 0.01, 0.1]):
        alone = train_rectifier_layer(p.X, p.Y, p.W, p.b, [alpha], p.lrs)
        np.testing.assert_array_equal(together.dead[k], alone.dead[0])
        np.testing.assert_allclose(together.loss[k], alone.loss[0], rtol=1e-9)
    # By hand, the loss of the ReLU run at step 0 is the MSE of the starting layer.
    assert together.loss[0, 0] == pytest.approx(np.mean((np.maximum(p.X @ p.W + p.b, 0) - p.Y) ** 2))


def test_a_too_large_learning_rate_kills_relus_for_good_and_leaky_units_come_back():
    p = dying_relu_problem()
    assert p.bad_lr > largest_stable_lr(p.X, p.W.shape[1]) > p.good_lr
    run = train_rectifier_layer(p.X, p.Y, p.W, p.b, [0.0, 0.01], p.lrs)
    assert run.dead[0, 0] == run.dead[1, 0] == 0
    relu_dead = run.dead[0, p.bad_steps]
    assert relu_dead >= p.W.shape[1] // 2
    assert np.all(run.dead[0, p.bad_steps:] == relu_dead)      # never come back
    assert run.dead[1, -1] == 0 and run.loss[1, -1] < run.loss[0, -1]
    # At the good learning rate from the start, no ReLU dies.
    safe = train_rectifier_layer(p.X, p.Y, p.W, p.b, [0.0], [p.good_lr] * 200)
    assert safe.dead.max() == 0


def test_bad_shapes_are_a_value_error():
    p = dying_relu_problem()
    with pytest.raises(ValueError, match="shapes"):
        train_rectifier_layer(p.X, p.Y[:, :3], p.W, p.b, [0.0], [1.0])


def test_the_run_returns_each_slopes_final_layer():
    p = dying_relu_problem(good_steps=10)
    run = train_rectifier_layer(p.X, p.Y, p.W, p.b, [0.0, 0.1], p.lrs)
    assert run.W.shape == (2, 2, 16) and run.b.shape == (2, 16)
    for k in range(2):
        assert dead_units(p.X, run.W[k], run.b[k]).sum() == run.dead[k, -1]
        alone = train_rectifier_layer(p.X, p.Y, p.W, p.b, [run.alphas[k]], p.lrs)
        np.testing.assert_allclose(run.W[k], alone.W[0], rtol=1e-9)


def test_a_diverging_run_is_an_error_not_nan():
    p = dying_relu_problem()
    with pytest.raises(dl.TrainingDiverged, match="step"):
        with np.errstate(over="ignore", invalid="ignore"):
            train_rectifier_layer(p.X, p.Y, p.W, p.b, [1.0], [1e6] * 200)  # the identity: no unit can die


@pytest.mark.parametrize("X, W, b, words", [
    (np.zeros((0, 2)), np.ones((2, 3)), np.zeros(3), "at least 1 row"),    # no rows: not "all dead"
    (np.ones((4, 5)), np.ones((2, 3)), np.zeros(3), r"shape \(N, 2\)"),     # X does not fit W
    (np.ones((4, 2)), np.ones((2, 3)), np.zeros(2), r"biases b must have shape \(3,\)"),
    ([[1.0, np.nan]], np.ones((2, 3)), np.zeros(3), "non-finite"),
])
def test_dead_units_rejects_input_it_cannot_judge(X, W, b, words):
    with pytest.raises(ValueError, match=words):
        dead_units(X, W, b)


def test_dead_units_per_layer_needs_examples():
    from dlnotes.representations import dead_units_per_layer
    with pytest.raises(ValueError, match="at least 1 row|no rows|empty"):
        dead_units_per_layer(dl.MLP([3, 4, 2], seed=0), np.zeros((0, 3)))

"""The quadratic loss surface and gradient descent on it: regimes, trajectory, divergence."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.surfaces import Descent, DescentDiverged, Quadratic, descend

THETA0 = np.array([-2.5, 1.5])


@pytest.fixture
def surface():
    return Quadratic((1.0, 10.0), angle=np.pi / 6)


def test_the_hessian_has_the_eigenvalues_along_q(surface):
    assert np.allclose(surface.A, surface.A.T)
    assert np.allclose(surface.A @ surface.Q, surface.Q * surface.eigenvalues)
    assert np.allclose(np.linalg.eigvalsh(surface.A), [1.0, 10.0])


def test_node_value_grid_value_and_backprop_gradient_agree(surface):
    rng = np.random.default_rng(0)
    for theta in rng.normal(size=(5, 2)):
        node = dl.Node(theta)
        J = surface(node)
        assert float(J.value) == pytest.approx(0.5 * theta @ surface.A @ theta)
        assert float(J.value) == pytest.approx(float(surface.values(*theta)))
        dl.backprop(J)
        assert np.allclose(node.grad, surface.gradient(theta))
    assert dl.gradcheck(surface, THETA0) < 1e-8


def test_values_work_on_grids(surface):
    T1, T2 = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-2, 2, 3))
    J = surface.values(T1, T2)
    assert J.shape == (3, 4)
    assert J[1, 1] == pytest.approx(float(surface(np.array([T1[1, 1], T2[1, 1]])).value))


def test_learning_rate_landmarks(surface):
    assert surface.max_stable_lr == pytest.approx(0.2)
    assert surface.best_lr == pytest.approx(2 / 11)
    assert np.allclose(surface.factors(0.1), [0.9, 0.0])


@pytest.mark.parametrize("lr, regime", [(0.01, "converges monotonically"), (0.1, "converges monotonically"),
                                        (0.15, "oscillates"), (0.2, "does not converge"),
                                        (0.21, "diverges")])
def test_regime(surface, lr, regime):
    assert surface.regime(lr) == regime


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.19])
def test_descent_follows_the_eigen_analysis(surface, lr):
    run = descend(surface, THETA0, lr, num_steps=30)
    assert isinstance(run, Descent) and run.lr == lr
    assert run.trajectory.shape == (31, 2) and run.losses.shape == (31,)
    k = np.arange(31)[:, None]
    predicted = (surface.factors(lr) ** k) * (surface.Q.T @ THETA0)  # q_iᵀθ_k = (1 − ελ_i)^k q_iᵀθ_0
    assert np.allclose(run.trajectory @ surface.Q, predicted, atol=1e-12)
    assert np.allclose(run.losses, surface.values(run.trajectory[:, 0], run.trajectory[:, 1]))
    assert np.all(np.diff(run.losses) < 0)


def test_descent_on_a_general_loss_function():
    target = np.array([1.0, -2.0, 0.5])
    run = descend(lambda theta: dl.sum((theta - target) * (theta - target)), np.zeros(3), 0.25, 40)
    assert np.allclose(run.trajectory[-1], target, atol=1e-10)


def test_zero_steps_records_the_start(surface):
    run = descend(surface, THETA0, 0.1, 0)
    assert np.array_equal(run.trajectory, THETA0[None, :])


def test_divergence_is_an_error_naming_the_learning_rate(surface):
    with pytest.raises(dl.TrainingDiverged, match=r"learning rate 0\.22 is too large") as info:
        descend(surface, THETA0, 0.22, num_steps=100)
    error = info.value
    assert isinstance(error, DescentDiverged)
    run = error.descent
    assert 0 < error.step == len(run.losses) < 100
    assert len(run.trajectory) == len(run.losses)
    assert np.all(np.isfinite(run.losses)) and run.losses.max() <= 1e6
    assert "beyond the bound 1e+06" in str(error)


def test_a_non_finite_loss_is_caught_before_it_spreads(surface):
    with pytest.raises(DescentDiverged, match="became inf") as info:
        descend(surface, THETA0, 1e200, num_steps=10, max_loss=np.inf)
    assert np.all(np.isfinite(info.value.descent.losses))


def test_the_bound_is_adjustable(surface):
    with pytest.raises(DescentDiverged, match="bound 100"):
        descend(surface, THETA0, 0.22, num_steps=100, max_loss=100)
    run = descend(surface, THETA0, 0.22, num_steps=10, max_loss=np.inf)  # grows, but within bound
    assert run.losses[-1] > run.losses[0]


@pytest.mark.parametrize("kwargs, match", [
    (dict(lr=0.0), "learning rate"), (dict(lr=np.nan), "learning rate"), (dict(lr=-1.0), "learning rate"),
    (dict(num_steps=-1), "num_steps"), (dict(num_steps=2.5), "num_steps"),
    (dict(theta0=[np.nan, 0.0]), "non-finite"), (dict(theta0=np.zeros((2, 2))), "1-D"),
    (dict(max_loss=0.0), "max_loss"), (dict(max_loss=np.nan), "max_loss"),
])
def test_bad_input_is_a_value_error(surface, kwargs, match):
    args = dict(loss_fn=surface, theta0=THETA0, lr=0.1, num_steps=5) | kwargs
    with pytest.raises(ValueError, match=match):
        descend(**args)


def test_loss_fn_must_return_a_scalar_node():
    with pytest.raises(ValueError, match="scalar Node"):
        descend(lambda theta: theta * 2.0, THETA0, 0.1, 3)


@pytest.mark.parametrize("kwargs", [dict(eigenvalues=(1.0, 0.0)), dict(eigenvalues=(1.0, np.inf)),
                                    dict(eigenvalues=(1.0, 2.0, 3.0)), dict(angle=np.nan)])
def test_bad_surfaces_are_value_errors(kwargs):
    with pytest.raises(ValueError):
        Quadratic(**kwargs)


def test_theta_of_the_wrong_shape_is_a_value_error(surface):
    with pytest.raises(ValueError, match="shape"):
        surface(dl.Node(np.zeros(3)))


def test_the_rate_is_smallest_at_the_best_learning_rate(surface):
    grid = np.linspace(0.001, 0.25, 2000)
    rates = np.array([surface.rate(lr) for lr in grid])
    assert grid[rates.argmin()] == pytest.approx(surface.best_lr, abs=2e-4)
    assert surface.rate(surface.best_lr) == pytest.approx(9 / 11)  # (κ − 1)/(κ + 1), κ = 10
    assert surface.rate(0.1) == pytest.approx(0.9) and surface.rate(0.3) == pytest.approx(2.0)


def test_steps_to_shrink_is_the_first_step_below_the_tolerance(surface):
    for lr in (0.01, 0.1, surface.best_lr, 0.19):
        k = surface.steps_to_shrink(lr, 1e-3)
        run = descend(surface, THETA0, lr, num_steps=k)
        shrink = np.abs((run.trajectory @ surface.Q) / (surface.Q.T @ THETA0)).max(axis=1)
        assert shrink[k] <= 1e-3 < shrink[k - 1]
    assert surface.steps_to_shrink(0.2, 1e-3) == float("inf")
    assert surface.steps_to_shrink(0.5, 1e-3) == float("inf")
    with pytest.raises(ValueError, match="tol"):
        surface.steps_to_shrink(0.1, 1.5)


def test_the_exercise_agrees_with_the_package():
    from dlnotes.exercises.nb06 import best_learning_rate, steps_to_shrink
    # The numbers the exercise's explanation quotes.
    assert Quadratic((1.0, 100.0)).steps_to_shrink(2 / 101, 1e-6) == steps_to_shrink([1.0, 100.0], 2 / 101, 1e-6) == 691
    assert Quadratic((1.0, 10.0)).steps_to_shrink(2 / 11, 1e-6) == 69
    assert best_learning_rate([1.0, 10.0]) == pytest.approx(Quadratic((1.0, 10.0)).best_lr)

"""The population view: the expected loss on the data distribution, and SGD on fresh samples (notebook 7).

The loss a model should minimise is the expected loss on the distribution the
data come from, R(θ) = E_{x,y∼p_data}[L(x, y, θ)]; the training loss J(θ) is its
estimate on one sample of N examples. When every SGD step draws fresh examples
from p_data, each minibatch gradient is an unbiased estimate of

    ∇_θ R(θ) = ∇_θ E[L(x, y, θ)] = E[∇_θ L(x, y, θ)],

so SGD descends R itself, not J. The interchange of ∇ and E holds when L is
differentiable in θ for almost every (x, y) and its gradient is bounded, near θ,
by an integrable function of (x, y) alone (dominated convergence); for logistic
regression |∂L/∂w| = |σ(z) − y|·|x| ≤ |x| and |∂L/∂b| ≤ 1. It fails for a
loss with jumps, such as the 0–1 error 1[x < θ]: its derivative is 0 wherever it
exists, while its expectation P(x < θ) has derivative p(θ) > 0.

For the logistic model of :func:`dlnotes.estimators.logistic_data`,
x ∼ N(0, 1) and y ∼ Bernoulli(σ(w₀x + b₀)), the expectation over y is exact and
the one over x is a Gauss–Hermite quadrature, so R and ∇R are computed to
rounding error.
"""

import functools

import numpy as np

from dlnotes.checks import check_callable, check_count, check_finite, check_learning_rate, check_parameters, check_rng
from dlnotes.graph import backprop
from dlnotes.optim import SGD

__all__ = ["logistic_population_loss", "logistic_population_gradient", "fresh_sample_sgd"]


def _quadrature(num_points):
    """Nodes x_k and weights ω_k with Σ_k ω_k f(x_k) ≈ E[f(x)], x ∼ N(0, 1)."""
    return _hermite_nodes(check_count(num_points, "num_points", minimum=2))


@functools.lru_cache(maxsize=8)
def _hermite_nodes(num_points):
    # Computing the nodes solves an eigenproblem: once per size, not once per call.
    x, weights = np.polynomial.hermite_e.hermegauss(num_points)
    x.flags.writeable = weights.flags.writeable = False
    return x, weights / np.sqrt(2 * np.pi)


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _check_theta(theta, what="theta"):
    theta = check_finite(theta, what)
    if theta.shape != (2,):
        raise ValueError(f"{what} must be two finite numbers (w, b), got {theta!r}")
    return theta


def logistic_population_loss(theta, true_theta=(2.0, -0.5), num_points=80):
    """R(w, b) = E_x[log(1 + e^z) − p(x)·z], z = w·x + b, p(x) = σ(w₀x + b₀), x ∼ N(0, 1).

    The expected Bernoulli NLL of logistic regression θ = (w, b) under the data
    distribution with true parameters ``true_theta`` = (w₀, b₀) (the expectation
    over y replaces y by p(x)); Gauss–Hermite quadrature with ``num_points`` nodes.
    """
    who = "logistic_population_loss"
    w, b = _check_theta(theta, f"{who}: theta")
    w0, b0 = _check_theta(true_theta, f"{who}: true_theta")
    x, weights = _quadrature(num_points)
    z = w * x + b
    return float(weights @ (np.logaddexp(0.0, z) - _sigmoid(w0 * x + b0) * z))


def logistic_population_gradient(theta, true_theta=(2.0, -0.5), num_points=80):
    """∇R(w, b) = E_x[(σ(z) − p(x))·(x, 1)]: the expectation of the per-example gradient.

    That this is the gradient of :func:`logistic_population_loss` is the
    interchange ∇E = E∇ (allowed here: see the module docstring).
    """
    who = "logistic_population_gradient"
    w, b = _check_theta(theta, f"{who}: theta")
    w0, b0 = _check_theta(true_theta, f"{who}: true_theta")
    x, weights = _quadrature(num_points)
    residual = _sigmoid(w * x + b) - _sigmoid(w0 * x + b0)
    return np.array([weights @ (residual * x), weights @ residual])


def fresh_sample_sgd(loss_fn, params, sample, lr, batch_size, num_steps, rng):
    """SGD on fresh data: every step draws a new minibatch ``sample(batch_size, rng)`` = (X, y).

    θ ← θ − ε∇_θ loss_fn(params, X, y), for ``num_steps`` steps; no example is
    seen twice, so each step's gradient is an unbiased estimate of the gradient
    of the expected loss R(θ). Updates ``params`` in place and returns the
    parameters after every step, flattened and concatenated: shape (num_steps + 1, P),
    row 0 the start.
    """
    lr = check_learning_rate(lr)
    batch_size = check_count(batch_size, "fresh_sample_sgd: batch_size")
    num_steps = check_count(num_steps, "fresh_sample_sgd: num_steps", minimum=0)
    check_callable(loss_fn, "fresh_sample_sgd: loss_fn")
    check_callable(sample, "fresh_sample_sgd: sample")
    # Without a Generator, a sample(batch_size, rng) that seeds itself would draw the same batch every step.
    check_rng(rng, "fresh_sample_sgd: rng")
    params = check_parameters(params, "fresh_sample_sgd: params")
    optimizer = SGD(params, lr)

    def flat():
        return np.concatenate([np.ravel(p.value) for p in params])

    path = [flat()]
    for _ in range(num_steps):
        batch = sample(batch_size, rng)
        if not isinstance(batch, tuple) or len(batch) != 2:
            raise TypeError(f"fresh_sample_sgd: sample(batch_size, rng) must return a pair (X, y), "
                            f"got {type(batch).__name__}")
        X, y = batch
        backprop(loss_fn(params, X, y))
        optimizer.step()
        path.append(flat())
    return np.array(path)

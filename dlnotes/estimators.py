"""The gradient as an expectation, and minibatch estimates of it (notebook 7).

The loss is a mean over the data set, J(θ) = E_{x,y∼p̂_data}[L(x, y, θ)] =
(1/N) Σ_n L(x_n, y_n, θ), and differentiation is linear, so

    ∇_θ J(θ) = E_{x,y∼p̂_data}[∇_θ L(x, y, θ)] = (1/N) Σ_n g_n:

the gradient of the mean loss (one back-propagation over the whole data set)
is the mean of the per-example gradients g_n (N back-propagations). A
minibatch of B examples drawn at random gives ĝ_B = (1/B) Σ_{n∈batch} g_n, an
unbiased estimate, E[ĝ_B] = ∇J, whose total variance (the trace of its
covariance) is

    tr Cov[ĝ_B] = σ²/B · (N − B)/(N − 1)   (without replacement; σ²/B with),

where σ² = (1/N) Σ_n ‖g_n − ∇J‖² and (N − B)/(N − 1) is the finite-population
correction. The functions here compute these quantities with back-propagation,
for any ``loss_fn(params, X, y)`` that returns the mean loss as a scalar Node.

With a fixed learning rate ε, SGD does not converge but settles in a band
around the minimum. Near a minimum with Hessian H, drawing B examples
independently per step adds noise of covariance C/B (C the per-example
gradient covariance there), and the stationary excess loss is, to first order in ε,

    E[J(θ) − J*] ≈ ε tr C / (4B)

(:func:`stationary_excess_loss`): the band widens in proportion to ε and to 1/B.
"""

import numpy as np

from dlnotes.checks import (as_float_array, check_callable, check_count, check_finite, check_learning_rate,
                            check_matrix, check_positive, check_real, check_rng, check_same_length)
from dlnotes.graph import Node, backprop
from dlnotes.losses import binary_cross_entropy
from dlnotes.optim import SGD
from dlnotes.training import minibatches

__all__ = ["logistic_data", "logistic_loss", "gradient", "per_example_gradients",
           "minibatch_gradients", "minibatch_gradients_by_size", "total_variance",
           "minibatch_variance", "loglog_slope", "minibatch_sgd", "stationary_excess_loss"]


def logistic_data(n=1000, w=2.0, b=-0.5, seed=0, rng=None):
    """A 1-D binary classification data set: x ∼ N(0, 1), y ∼ Bernoulli(σ(w·x + b)).

    Returns X of shape (n, 1) and y of shape (n,), both float64.
    """
    n = check_count(n, "logistic_data: n")
    w, b = check_real(w, "logistic_data: w"), check_real(b, "logistic_data: b")
    rng = check_rng(rng, "logistic_data: rng") if rng is not None else np.random.default_rng(seed)
    X = rng.normal(size=(n, 1))
    p = 0.5 * (1.0 + np.tanh(0.5 * (w * X[:, 0] + b)))  # σ(w·x + b), computed stably
    y = (rng.random(n) < p).astype(np.float64)
    return X, y


def logistic_loss(params, X, y):
    """J(w, b) = mean over the rows of the Bernoulli NLL of σ(X·w + b): logistic regression.

    ``params`` is [w, b]: Nodes of shapes (features,) and (); X is (N, features), y is (N,).
    """
    w, b = params
    return binary_cross_entropy(X @ w + b, y)


def _check_data(X, y, who, loss_fn=None):
    if loss_fn is not None:
        check_callable(loss_fn, f"{who}: loss_fn")
    X = check_matrix(X, f"{who}: X")
    y = check_finite(check_same_length(X, y, who), f"{who}: y")
    return X, y


def _flat_gradient(J, params):
    if not isinstance(J, Node) or J.value.size != 1:
        raise ValueError(f"loss_fn must return a scalar Node, got {type(J).__name__}"
                         + (f" of shape {J.shape}" if isinstance(J, Node) else ""))
    table = backprop(J)
    parts = []
    for p in params:
        g = table.get(p)
        parts.append(np.zeros(p.value.size) if g is None else np.ravel(g))
    return np.concatenate(parts)


def gradient(loss_fn, params, X, y):
    """∇_θ J on (X, y) from one forward pass and one back-propagation.

    Returns the gradients of ``params`` flattened and concatenated, shape (P,).
    """
    X, y = _check_data(X, y, "gradient", loss_fn)
    return _flat_gradient(loss_fn(params, X, y), params)


def per_example_gradients(loss_fn, params, X, y):
    """g_n = ∇_θ L(x_n, y_n, θ) for every row n: N separate back-propagations, shape (N, P)."""
    X, y = _check_data(X, y, "per_example_gradients", loss_fn)
    return np.stack([_flat_gradient(loss_fn(params, X[n:n + 1], y[n:n + 1]), params)
                     for n in range(len(X))])


def _check_batch(batch_size, n, replace=False, who=""):
    batch_size = check_count(batch_size, f"{who}: batch_size")
    if not replace and batch_size > n:
        raise ValueError(f"{who}: batch_size must be an integer from 1 to N = {n} without "
                         f"replacement, got {batch_size!r}")
    return batch_size


def _check_replace(replace, who=""):
    if not isinstance(replace, (bool, np.bool_)):
        raise ValueError(f"{who}: replace must be True or False, got {replace!r}")
    return bool(replace)


def minibatch_gradients(loss_fn, params, X, y, batch_size, num_batches, rng, replace=False):
    """``num_batches`` minibatch gradients ĝ_B, shape (num_batches, P).

    Each minibatch is ``batch_size`` rows drawn uniformly at random by ``rng``:
    distinct rows (without replacement, the default), or, with ``replace``,
    B independent draws that may repeat a row (then B may exceed N). Its
    gradient comes from one back-propagation.
    """
    who = "minibatch_gradients"
    X, y = _check_data(X, y, who, loss_fn)
    replace = _check_replace(replace, who)
    batch_size = _check_batch(batch_size, len(X), replace, who)
    num_batches = check_count(num_batches, f"{who}: num_batches")
    check_rng(rng, f"{who}: rng")
    grads = []
    for _ in range(num_batches):
        idx = rng.choice(len(X), size=batch_size, replace=replace)
        grads.append(_flat_gradient(loss_fn(params, X[idx], y[idx]), params))
    return np.stack(grads)


def minibatch_gradients_by_size(loss_fn, params, X, y, batch_sizes, num_batches, rng, replace=False):
    """{B: minibatch_gradients(..., B, num_batches, rng, replace)} for every B in ``batch_sizes``."""
    if isinstance(batch_sizes, (str, bytes)) or not hasattr(batch_sizes, "__iter__"):
        raise TypeError(f"minibatch_gradients_by_size: batch_sizes must be a list of integers, "
                        f"got {type(batch_sizes).__name__}")
    batch_sizes = [check_count(B, f"minibatch_gradients_by_size: batch_sizes[{k}]")
                   for k, B in enumerate(batch_sizes)]
    if not batch_sizes:
        raise ValueError("minibatch_gradients_by_size: batch_sizes is empty")
    return {B: minibatch_gradients(loss_fn, params, X, y, B, num_batches, rng, replace)
            for B in batch_sizes}


def total_variance(grads):
    """tr Cov of the rows of ``grads`` (K, P): E‖ĝ − E ĝ‖², estimated with K − 1 (unbiased)."""
    grads = check_matrix(grads, "total_variance: grads", min_rows=2)
    return float(np.sum(np.var(grads, axis=0, ddof=1)))


def minibatch_variance(per_example, batch_size, replace=False):
    """tr Cov[ĝ_B] in theory, from the per-example gradients g_n (N, P).

    σ²/B with replacement (B may then exceed N); σ²/B · (N − B)/(N − 1) without (the finite-population
    correction), where σ² = (1/N) Σ_n ‖g_n − ḡ‖².
    """
    per_example = check_matrix(per_example, "minibatch_variance: per_example")
    n = len(per_example)
    replace = _check_replace(replace, "minibatch_variance")
    batch_size = _check_batch(batch_size, n, replace, "minibatch_variance")
    sigma2 = float(np.sum(np.var(per_example, axis=0)))
    if replace:
        return sigma2 / batch_size
    return sigma2 / batch_size * ((n - batch_size) / (n - 1) if n > 1 else 0.0)


def loglog_slope(x, y):
    """The least-squares slope of log y against log x (−1 for y ∝ 1/x)."""
    x, y = as_float_array(x, "loglog_slope: x"), as_float_array(y, "loglog_slope: y")
    if x.shape != y.shape or x.ndim != 1 or len(x) < 2:
        raise ValueError(f"loglog_slope: x and y must be 1-D of one length ≥ 2, got shapes {x.shape} and {y.shape}")
    if np.any(x <= 0) or np.any(y <= 0) or not np.all(np.isfinite(x) & np.isfinite(y)):
        raise ValueError("loglog_slope: x and y must be finite and > 0 to take logarithms")
    if np.all(x == x[0]):
        raise ValueError(f"loglog_slope: every x is {x[0]:g}: a slope needs at least two distinct x")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


def minibatch_sgd(loss_fn, params, X, y, lr, batch_size, num_epochs, rng, replace=False):
    """Minibatch SGD, θ ← θ − εĝ_B, recording the full-data loss after every step.

    Each epoch visits the rows once in an order shuffled by ``rng``, ``batch_size``
    at a time (batch_size = N is full-batch gradient descent). With ``replace``,
    every step instead draws ``batch_size`` rows independently (with replacement),
    ⌈N/B⌉ steps an epoch: the steps' noises are then independent, as in
    :func:`stationary_excess_loss`. Updates ``params`` in place. Returns
    (examples, losses): the number of examples processed so far and J on the
    whole data set, both starting with the value before any step.
    """
    who = "minibatch_sgd"
    X, y = _check_data(X, y, who, loss_fn)
    batch_size = _check_batch(batch_size, len(X), who=who)
    replace = _check_replace(replace, who)
    lr = check_learning_rate(lr)
    num_epochs = check_count(num_epochs, f"{who}: num_epochs", minimum=0)
    check_rng(rng, f"{who}: rng")
    optimizer = SGD(params, lr)
    examples, losses = [0], [float(loss_fn(params, X, y).value)]
    steps_per_epoch = -(-len(X) // batch_size)
    for _ in range(num_epochs):
        batches = ([rng.choice(len(X), size=batch_size, replace=True) for _ in range(steps_per_epoch)]
                   if replace else minibatches(len(X), batch_size, rng))
        for idx in batches:
            backprop(loss_fn(params, X[idx], y[idx]))
            optimizer.step()
            examples.append(examples[-1] + len(idx))
            losses.append(float(loss_fn(params, X, y).value))
    return np.array(examples), np.array(losses)


def stationary_excess_loss(lr, batch_size, noise_trace):
    """E[J(θ) − J*] ≈ ε tr C / (4B): where SGD with a fixed ε settles around a minimum.

    Near the minimum J(θ) ≈ J* + ½ δᵀHδ with δ = θ − θ*, and a step with B
    independent draws is δ ← (I − εH)δ − εξ, E ξ = 0, Cov ξ = C/B. The stationary
    covariance S of δ solves S = (I − εH) S (I − εH) + ε² C/B, so to first order
    in ε, HS + SH = ε C/B; its trace gives tr(HS) = ε tr C/(2B), and the excess
    loss ½ tr(HS) = ε tr C/(4B), whatever H is. ``noise_trace`` is tr C, the total
    variance of one example's gradient at the minimum (σ² of :func:`minibatch_variance`).
    """
    lr = check_learning_rate(lr)
    batch_size = _check_batch(batch_size, np.inf, replace=True, who="stationary_excess_loss")
    noise_trace = check_positive(noise_trace, "stationary_excess_loss: noise_trace", allow_zero=True)
    return lr * float(noise_trace) / (4 * batch_size)

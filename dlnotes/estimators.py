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
"""

import numpy as np

from dlnotes.checks import check_finite, check_learning_rate
from dlnotes.graph import Node, backprop
from dlnotes.losses import binary_cross_entropy
from dlnotes.optim import SGD
from dlnotes.training import minibatches

__all__ = ["logistic_data", "logistic_loss", "gradient", "per_example_gradients",
           "minibatch_gradients", "minibatch_gradients_by_size", "total_variance",
           "minibatch_variance", "loglog_slope", "minibatch_sgd"]


def logistic_data(n=1000, w=2.0, b=-0.5, seed=0, rng=None):
    """A 1-D binary classification data set: x ∼ N(0, 1), y ∼ Bernoulli(σ(w·x + b)).

    Returns X of shape (n, 1) and y of shape (n,), both float64.
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be an integer ≥ 1, got {n!r}")
    rng = rng if rng is not None else np.random.default_rng(seed)
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


def _check_data(X, y):
    X = check_finite(X, "X")
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, features), got {X.shape}")
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}; both need at least one")
    return X, y


def _flat_gradient(J, params):
    if not isinstance(J, Node) or J.value.size != 1:
        raise ValueError("loss_fn must return a scalar Node")
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
    X, y = _check_data(X, y)
    return _flat_gradient(loss_fn(params, X, y), params)


def per_example_gradients(loss_fn, params, X, y):
    """g_n = ∇_θ L(x_n, y_n, θ) for every row n: N separate back-propagations, shape (N, P)."""
    X, y = _check_data(X, y)
    return np.stack([_flat_gradient(loss_fn(params, X[n:n + 1], y[n:n + 1]), params)
                     for n in range(len(X))])


def _check_batch(batch_size, n):
    if not isinstance(batch_size, (int, np.integer)) or not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be an integer from 1 to N = {n}, got {batch_size!r}")


def minibatch_gradients(loss_fn, params, X, y, batch_size, num_batches, rng):
    """``num_batches`` minibatch gradients ĝ_B, shape (num_batches, P).

    Each minibatch is ``batch_size`` distinct rows drawn uniformly at random
    (without replacement) by ``rng``; its gradient comes from one back-propagation.
    """
    X, y = _check_data(X, y)
    _check_batch(batch_size, len(X))
    if not isinstance(num_batches, (int, np.integer)) or num_batches < 1:
        raise ValueError(f"num_batches must be an integer ≥ 1, got {num_batches!r}")
    grads = []
    for _ in range(num_batches):
        idx = rng.choice(len(X), size=batch_size, replace=False)
        grads.append(_flat_gradient(loss_fn(params, X[idx], y[idx]), params))
    return np.stack(grads)


def minibatch_gradients_by_size(loss_fn, params, X, y, batch_sizes, num_batches, rng):
    """{B: minibatch_gradients(..., B, num_batches, rng)} for every B in ``batch_sizes``."""
    return {int(B): minibatch_gradients(loss_fn, params, X, y, int(B), num_batches, rng)
            for B in batch_sizes}


def total_variance(grads):
    """tr Cov of the rows of ``grads`` (K, P): E‖ĝ − E ĝ‖², estimated with K − 1 (unbiased)."""
    grads = np.asarray(grads, dtype=float)
    if grads.ndim != 2 or len(grads) < 2:
        raise ValueError(f"grads must have shape (K, P) with K ≥ 2, got {grads.shape}")
    return float(np.sum(np.var(grads, axis=0, ddof=1)))


def minibatch_variance(per_example, batch_size, replace=False):
    """tr Cov[ĝ_B] in theory, from the per-example gradients g_n (N, P).

    σ²/B with replacement; σ²/B · (N − B)/(N − 1) without (the finite-population
    correction), where σ² = (1/N) Σ_n ‖g_n − ḡ‖².
    """
    per_example = np.asarray(per_example, dtype=float)
    if per_example.ndim != 2:
        raise ValueError(f"per_example must have shape (N, P), got {per_example.shape}")
    n = len(per_example)
    _check_batch(batch_size, n)
    sigma2 = float(np.sum(np.var(per_example, axis=0)))
    if replace:
        return sigma2 / batch_size
    return sigma2 / batch_size * ((n - batch_size) / (n - 1) if n > 1 else 0.0)


def loglog_slope(x, y):
    """The least-squares slope of log y against log x (−1 for y ∝ 1/x)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or len(x) < 2:
        raise ValueError(f"x and y must be 1-D of one length ≥ 2, got shapes {x.shape} and {y.shape}")
    if np.any(x <= 0) or np.any(y <= 0) or not np.all(np.isfinite(x) & np.isfinite(y)):
        raise ValueError("x and y must be finite and > 0 to take logarithms")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


def minibatch_sgd(loss_fn, params, X, y, lr, batch_size, num_epochs, rng):
    """Minibatch SGD, θ ← θ − εĝ_B, recording the full-data loss after every step.

    Each epoch visits the rows once in an order shuffled by ``rng``, ``batch_size``
    at a time (batch_size = N is full-batch gradient descent). Updates ``params``
    in place. Returns (examples, losses): the number of examples processed so far
    and J on the whole data set, both starting with the value before any step.
    """
    X, y = _check_data(X, y)
    _check_batch(batch_size, len(X))
    lr = check_learning_rate(lr)
    if not isinstance(num_epochs, (int, np.integer)) or num_epochs < 0:
        raise ValueError(f"num_epochs must be an integer ≥ 0, got {num_epochs!r}")
    optimizer = SGD(params, lr)
    examples, losses = [0], [float(loss_fn(params, X, y).value)]
    for _ in range(num_epochs):
        for idx in minibatches(len(X), batch_size, rng):
            backprop(loss_fn(params, X[idx], y[idx]))
            optimizer.step()
            examples.append(examples[-1] + len(idx))
            losses.append(float(loss_fn(params, X, y).value))
    return np.array(examples), np.array(losses)

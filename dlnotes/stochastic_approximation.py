"""Stochastic approximation (Robbins & Monro 1951): SGD's step sizes, its noise floor, its schedules.

On least squares, J(w) = ½·mean_n (x_n·w − y_n)², an unbiased estimate of
the gradient from a minibatch B of rows drawn uniformly with replacement is

    ĝ_B(w) = (1/|B|) Σ_{n∈B} x_n (x_n·w − y_n),       E[ĝ_B] = ∇J(w),

and SGD steps w_{k+1} = w_k − ε_k ĝ_B(w_k).

* With a constant step ε the iterates never settle: each step adds noise of
  size ε, and the excess loss J(w_k) − J* hovers at a *noise floor* that for
  small ε grows in proportion to ε.
* Robbins and Monro's conditions, Σ_k ε_k = ∞ (the steps can travel any
  distance) and Σ_k ε_k² < ∞ (the noise they add has finite total variance),
  make w_k converge to the minimum; ε_k = ε₀ / (1 + k/k₀)^p meets them for
  ½ < p ≤ 1.

Several schedules are run side by side on the *same* sampled rows, so that
they differ only by their steps.
"""

import numpy as np

from dlnotes.checks import check_finite, check_learning_rate

__all__ = ["least_squares_data", "least_squares_loss", "least_squares_gradient", "constant_schedule",
           "robbins_monro_schedule", "schedule_sums", "sgd_runs", "noise_floor", "budget_runs"]


def least_squares_data(n=500, scales=(1.0, 0.8, 0.6, 0.5, 0.4), noise=0.5, seed=0):
    """A linear regression problem: x ∼ N(0, diag(scales²)), y = x·w_true + noise·N(0, 1).

    Returns X (n, d), y (n,) and the least-squares minimiser w* of J on this sample.
    """
    rng = np.random.default_rng(seed)
    scales = np.asarray(scales, dtype=float)
    X = rng.normal(size=(n, len(scales))) * scales
    y = X @ rng.normal(size=len(scales)) + noise * rng.normal(size=n)
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    return X, y, w_star


def least_squares_loss(w, X, y):
    """J(w) = ½·mean_n (x_n·w − y_n)², for one weight vector (d,) or a stack of them (S, d) → (S,)."""
    residual = np.asarray(w) @ X.T - y
    return 0.5 * np.mean(residual * residual, axis=-1)


def least_squares_gradient(w, X, y):
    """∇J(w) = (1/N) Xᵀ(Xw − y), for one weight vector (d,) or a stack (S, d) → same shape."""
    residual = np.asarray(w) @ X.T - y
    return residual @ X / len(X)


def constant_schedule(lr, num_steps):
    """ε_k = ε for k = 0 … num_steps − 1."""
    return np.full(int(num_steps), check_learning_rate(lr))


def robbins_monro_schedule(lr, num_steps, k0=100.0, power=1.0):
    """ε_k = ε₀ / (1 + k/k₀)^p: Σε = ∞ and Σε² < ∞ exactly when ½ < p ≤ 1."""
    if not np.isfinite(power) or power <= 0:
        raise ValueError(f"power must be a finite number > 0, got {power!r}")
    k = np.arange(int(num_steps))
    return check_learning_rate(lr) / (1.0 + k / float(k0)) ** power


def schedule_sums(steps):
    """(Σε_k, Σε_k²) of a schedule: the distance it can travel, the noise variance it lets in."""
    steps = np.asarray(steps, dtype=float)
    return float(steps.sum()), float((steps * steps).sum())


def sgd_runs(X, y, schedules, batch_size=1, w0=None, rng=None, record_every=100):
    """SGD on least squares with one schedule per row of ``schedules`` (S, K), on the same minibatches.

    Every step k draws ``batch_size`` rows uniformly with replacement (shared by all
    runs) and sets w ← w − ε_k ĝ_B(w) for each run. Returns ``(steps, losses)``:
    the step counts at which J was recorded (every ``record_every`` steps, 0 and
    K included) and J(w) there, of shape (S, len(steps)).
    """
    X = check_finite(X, "X")
    y = check_finite(y, "y")
    schedules = np.atleast_2d(np.asarray(schedules, dtype=float))
    if rng is None:
        raise ValueError("sgd_runs needs an rng (np.random.default_rng(seed)): the minibatches are random")
    if not isinstance(batch_size, (int, np.integer)) or not 1 <= batch_size:
        raise ValueError(f"batch_size must be an integer ≥ 1, got {batch_size!r}")
    num_runs, num_steps = schedules.shape
    w = np.zeros((num_runs, X.shape[1])) if w0 is None else np.tile(np.asarray(w0, dtype=float), (num_runs, 1))
    rows = rng.integers(0, len(X), size=(num_steps, batch_size))
    recorded, losses = [0], [least_squares_loss(w, X, y)]
    for k in range(num_steps):
        Xb, yb = X[rows[k]], y[rows[k]]
        residual = w @ Xb.T - yb                      # (S, B)
        w -= schedules[:, k:k + 1] * (residual @ Xb) / batch_size
        if (k + 1) % record_every == 0 or k + 1 == num_steps:
            recorded.append(k + 1)
            losses.append(least_squares_loss(w, X, y))
    return np.array(recorded), np.array(losses).T


def noise_floor(losses, J_star, last_fraction=0.5):
    """The mean excess loss J − J* over the last ``last_fraction`` of each run's record: (S,)."""
    losses = np.atleast_2d(losses)
    start = int(losses.shape[1] * (1 - last_fraction))
    return (losses[:, start:] - J_star).mean(axis=1)


def budget_runs(X, y, lr, batch_sizes, budget, rng, schedule="constant", k0=100.0, power=1.0, num_records=60):
    """SGD with each batch size under the same budget of per-example gradient evaluations.

    Batch size B gets ``budget // B`` steps (B = N is full-batch gradient
    descent, on the exact gradient). ``schedule`` is ``"constant"`` or
    ``"robbins-monro"`` (ε_k = ε₀/(1 + k/k₀)^p, k counting steps). Returns
    {B: (examples seen, J)}, recorded about ``num_records`` times per run.
    """
    if schedule not in ("constant", "robbins-monro"):
        raise ValueError(f"schedule must be 'constant' or 'robbins-monro', got {schedule!r}")
    results = {}
    for B in batch_sizes:
        num_steps = int(budget) // int(B)
        if num_steps < 1:
            raise ValueError(f"a budget of {budget} examples allows no step of batch size {B}")
        steps = (constant_schedule(lr, num_steps) if schedule == "constant"
                 else robbins_monro_schedule(lr, num_steps, k0=k0, power=power))
        every = max(1, num_steps // num_records)
        if B == len(X):  # full batch: the exact gradient, no sampling
            w, recorded, losses = np.zeros(X.shape[1]), [0], [least_squares_loss(np.zeros(X.shape[1]), X, y)]
            for k in range(num_steps):
                w = w - steps[k] * least_squares_gradient(w, X, y)
                if (k + 1) % every == 0 or k + 1 == num_steps:
                    recorded.append(k + 1)
                    losses.append(least_squares_loss(w, X, y))
            recorded, losses = np.array(recorded), np.array(losses)
        else:
            recorded, losses = sgd_runs(X, y, steps[None, :], batch_size=int(B), rng=rng, record_every=every)
            losses = losses[0]
        results[int(B)] = (recorded * int(B), losses)
    return results

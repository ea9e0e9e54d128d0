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

from dlnotes.checks import (as_float_array, check_count, check_finite, check_fraction, check_learning_rate,
                            check_matrix, check_positive, check_real, check_rng, check_same_length)

__all__ = ["least_squares_data", "least_squares_loss", "least_squares_gradient", "constant_schedule",
           "robbins_monro_schedule", "schedule_sums", "sgd_runs", "noise_floor", "budget_runs"]


def least_squares_data(n=500, scales=(1.0, 0.8, 0.6, 0.5, 0.4), noise=0.5, seed=0):
    """A linear regression problem: x ∼ N(0, diag(scales²)), y = x·w_true + noise·N(0, 1).

    Returns X (n, d), y (n,) and the least-squares minimiser w* of J on this sample.
    """
    n = check_count(n, "least_squares_data: n")
    scales = check_finite(scales, "least_squares_data: scales")
    if scales.ndim != 1 or scales.size == 0 or np.any(scales <= 0):
        raise ValueError(f"least_squares_data: scales must be a non-empty list of numbers > 0 (one per "
                         f"feature), got {scales!r}")
    noise = check_positive(noise, "least_squares_data: noise", allow_zero=True)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, len(scales))) * scales
    y = X @ rng.normal(size=len(scales)) + noise * rng.normal(size=n)
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    return X, y, w_star


def least_squares_loss(w, X, y):
    """J(w) = ½·mean_n (x_n·w − y_n)², for one weight vector (d,) or a stack of them (S, d) → (S,)."""
    return _loss(*_problem(w, X, y, "least_squares_loss"))


def _problem(w, X, y, who):
    """(w, X, y) checked: X finite (N, d) with N ≥ 1, y one finite target per row, w (d,) or (S, d)."""
    X = check_matrix(X, f"{who}: X")
    y = check_finite(check_same_length(X, y, who), f"{who}: y")
    if y.ndim != 1:
        raise ValueError(f"{who}: y must have shape ({len(X)},), got {y.shape}")
    w = check_finite(w, f"{who}: w")
    if w.ndim not in (1, 2) or w.shape[-1] != X.shape[1]:
        raise ValueError(f"{who}: w must have shape ({X.shape[1]},) or (S, {X.shape[1]}) for X of shape "
                         f"{X.shape}, got {w.shape}")
    return w, X, y


def _loss(w, X, y):
    residual = w @ X.T - y
    return 0.5 * np.mean(residual * residual, axis=-1)


def least_squares_gradient(w, X, y):
    """∇J(w) = (1/N) Xᵀ(Xw − y), for one weight vector (d,) or a stack (S, d) → same shape."""
    return _gradient(*_problem(w, X, y, "least_squares_gradient"))


def _gradient(w, X, y):
    residual = w @ X.T - y
    return residual @ X / len(X)


def constant_schedule(lr, num_steps):
    """ε_k = ε for k = 0 … num_steps − 1."""
    return np.full(check_count(num_steps, "constant_schedule: num_steps"), check_learning_rate(lr))


def robbins_monro_schedule(lr, num_steps, k0=100.0, power=1.0):
    """ε_k = ε₀ / (1 + k/k₀)^p: Σε = ∞ and Σε² < ∞ exactly when ½ < p ≤ 1."""
    power = check_real(power, "robbins_monro_schedule: power")
    if power <= 0:
        raise ValueError(f"robbins_monro_schedule: power must be a finite number > 0, got {power!r}")
    k0 = check_positive(k0, "robbins_monro_schedule: k0")
    k = np.arange(check_count(num_steps, "robbins_monro_schedule: num_steps"))
    return check_learning_rate(lr) / (1.0 + k / k0) ** power


def schedule_sums(steps):
    """(Σε_k, Σε_k²) of a schedule: the distance it can travel, the noise variance it lets in."""
    steps = check_finite(steps, "schedule_sums: steps")
    if steps.ndim != 1 or steps.size == 0:
        raise ValueError(f"schedule_sums: steps must be a non-empty 1-D schedule, got shape {steps.shape}")
    return float(steps.sum()), float((steps * steps).sum())


def sgd_runs(X, y, schedules, batch_size=1, w0=None, rng=None, record_every=100):
    """SGD on least squares with one schedule per row of ``schedules`` (S, K), on the same minibatches.

    Every step k draws ``batch_size`` rows uniformly with replacement (shared by all
    runs) and sets w ← w − ε_k ĝ_B(w) for each run. Returns ``(steps, losses)``:
    the step counts at which J was recorded (every ``record_every`` steps, 0 and
    K included) and J(w) there, of shape (S, len(steps)).
    """
    _, X, y = _problem(np.zeros(np.shape(X)[-1:]), X, y, "sgd_runs")
    schedules = np.atleast_2d(check_finite(schedules, "sgd_runs: schedules"))
    if schedules.ndim != 2 or schedules.shape[1] == 0:
        raise ValueError(f"sgd_runs: schedules must have shape (S, K) with K ≥ 1 steps (or be one schedule "
                         f"of shape (K,)), got shape {schedules.shape}")
    if rng is None:
        raise ValueError("sgd_runs needs an rng (np.random.default_rng(seed)): the minibatches are random")
    check_rng(rng, "sgd_runs: rng")
    batch_size = check_count(batch_size, "sgd_runs: batch_size")
    record_every = check_count(record_every, "sgd_runs: record_every")
    num_runs, num_steps = schedules.shape
    if w0 is None:
        w = np.zeros((num_runs, X.shape[1]))
    else:
        w0 = check_finite(w0, "sgd_runs: w0")
        if w0.shape != (X.shape[1],):
            raise ValueError(f"sgd_runs: w0 must have shape ({X.shape[1]},), got {w0.shape}")
        w = np.tile(w0, (num_runs, 1))
    rows = rng.integers(0, len(X), size=(num_steps, batch_size))
    recorded, losses = [0], [_loss(w, X, y)]
    for k in range(num_steps):
        Xb, yb = X[rows[k]], y[rows[k]]
        residual = w @ Xb.T - yb                      # (S, B)
        w -= schedules[:, k:k + 1] * (residual @ Xb) / batch_size
        if (k + 1) % record_every == 0 or k + 1 == num_steps:
            recorded.append(k + 1)
            losses.append(_loss(w, X, y))
    return np.array(recorded), np.array(losses).T


def noise_floor(losses, J_star, last_fraction=0.5):
    """The mean excess loss J − J* over the last ``last_fraction`` of each run's record: (S,)."""
    losses = np.atleast_2d(as_float_array(losses, "noise_floor: losses"))
    if losses.ndim != 2 or losses.shape[1] == 0:
        raise ValueError(f"noise_floor: losses must have shape (S, records) with at least one record, "
                         f"got shape {losses.shape}")
    J_star = check_real(J_star, "noise_floor: J_star")
    last_fraction = check_fraction(last_fraction, "noise_floor: last_fraction", low_open=True)
    start = min(int(losses.shape[1] * (1 - last_fraction)), losses.shape[1] - 1)
    return (losses[:, start:] - J_star).mean(axis=1)


def budget_runs(X, y, lr, batch_sizes, budget, rng, schedule="constant", k0=100.0, power=1.0, num_records=60):
    """SGD with each batch size under the same budget of per-example gradient evaluations.

    Batch size B gets ``budget // B`` steps (B = N is full-batch gradient
    descent, on the exact gradient). ``schedule`` is ``"constant"`` or
    ``"robbins-monro"`` (ε_k = ε₀/(1 + k/k₀)^p, k counting steps). Returns
    {B: (examples seen, J)}, recorded about ``num_records`` times per run.
    ``rng`` draws the minibatches; it may be None when every B is N.
    """
    if schedule not in ("constant", "robbins-monro"):
        raise ValueError(f"schedule must be 'constant' or 'robbins-monro', got {schedule!r}")
    _, X, y = _problem(np.zeros(np.shape(X)[-1:]), X, y, "budget_runs")
    if rng is not None:  # None is fine when every batch is the full data set: no sampling
        check_rng(rng, "budget_runs: rng")
    budget = check_count(budget, "budget_runs: budget")
    num_records = check_count(num_records, "budget_runs: num_records")
    if isinstance(batch_sizes, (str, bytes)) or not hasattr(batch_sizes, "__iter__"):
        raise TypeError(f"budget_runs: batch_sizes must be a list of integers, got {type(batch_sizes).__name__}")
    batch_sizes = [check_count(B, f"budget_runs: batch_sizes[{k}]") for k, B in enumerate(batch_sizes)]
    if not batch_sizes:
        raise ValueError("budget_runs: batch_sizes is empty")
    results = {}
    for B in batch_sizes:
        num_steps = budget // B
        if num_steps < 1:
            raise ValueError(f"a budget of {budget} examples allows no step of batch size {B}")
        steps = (constant_schedule(lr, num_steps) if schedule == "constant"
                 else robbins_monro_schedule(lr, num_steps, k0=k0, power=power))
        every = max(1, num_steps // num_records)
        if B == len(X):  # full batch: the exact gradient, no sampling
            w, recorded, losses = np.zeros(X.shape[1]), [0], [_loss(np.zeros(X.shape[1]), X, y)]
            for k in range(num_steps):
                w = w - steps[k] * _gradient(w, X, y)
                if (k + 1) % every == 0 or k + 1 == num_steps:
                    recorded.append(k + 1)
                    losses.append(_loss(w, X, y))
            recorded, losses = np.array(recorded), np.array(losses)
        else:
            recorded, losses = sgd_runs(X, y, steps[None, :], batch_size=int(B), rng=rng, record_every=every)
            losses = losses[0]
        results[int(B)] = (recorded * int(B), losses)
    return results

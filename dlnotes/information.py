"""Information theory for the output units: the entropy of a distribution.

The entropy H(p) = −Σ_k p_k log p_k (in nats) measures how spread out a
distribution is: 0 for a one-hot distribution (the argmax limit of a softmax
as its temperature T → 0), log K for the uniform one over K outcomes (the limit
T → ∞). Between the two, H grows strictly with T (unless every logit is the
same): :func:`entropy_temperature_slope` gives dH/dT = Var_p(z)/T³.
"""

import numpy as np

from dlnotes.checks import as_float_array, check_axis, check_positive, check_temperature
from dlnotes.functions import softmax
from dlnotes.graph import Node

__all__ = ["entropy", "entropy_temperature_slope"]


def entropy(p, axis=-1, atol=1e-6):
    """H(p) = −Σ_k p_k log p_k along ``axis``, in nats, with 0·log 0 = 0.

    ``p`` holds probabilities (an array, or a Node such as a softmax's output):
    finite, non-negative and summing to 1 (within ``atol``) along ``axis``;
    anything else is a ValueError naming the problem. Returns a float for a
    single distribution, else an array with ``axis`` removed.
    """
    if isinstance(p, Node):
        p = p.value
    p = as_float_array(p, "entropy: p")
    if p.ndim == 0:
        raise ValueError("entropy needs a distribution (an array of at least one dimension), "
                         f"got a scalar {p!r}")
    axis = check_axis(axis, p.ndim, "entropy: axis")
    if isinstance(axis, tuple):
        raise TypeError(f"entropy: axis must be one integer, got {axis!r}")
    atol = check_positive(atol, "entropy: atol", allow_zero=True)
    if p.shape[axis] == 0:
        raise ValueError(f"entropy needs at least one outcome along axis {axis}, got shape {p.shape}")
    if not np.all(np.isfinite(p)):
        raise ValueError("probabilities must be finite, got NaN or infinity")
    if np.any(p < 0):
        raise ValueError(f"probabilities must be non-negative (smallest value {p.min():.6g})")
    totals = p.sum(axis=axis)
    if not np.allclose(totals, 1.0, rtol=0.0, atol=atol):
        worst = float(np.max(np.abs(totals - 1.0)))
        raise ValueError(f"probabilities must sum to 1 along axis {axis} "
                         f"(off by up to {worst:.3g})")
    # 0·log 0 = 0 (the limit of p log p as p → 0): take the log only where p > 0.
    log_p = np.log(p, out=np.zeros_like(p), where=p > 0)
    H = -np.sum(p * log_p, axis=axis)
    H = H + 0.0  # a one-hot distribution gives −0.0; adding 0.0 makes it 0.0
    return float(H) if H.ndim == 0 else H


def entropy_temperature_slope(z, temperature, axis=-1):
    """dH/dT of p = softmax(z/T): the variance of the logits under p, over T³.

    With β = 1/T, log p_k = βz_k − log Z(β) and Z(β) = Σ_k e^(βz_k), so
    H = log Z − β E_p[z]. Since d log Z/dβ = E_p[z] and dE_p[z]/dβ = Var_p(z),

        dH/dβ = E_p[z] − E_p[z] − β Var_p(z) = −β Var_p(z),
        dH/dT = dH/dβ · dβ/dT = −β Var_p(z) · (−1/T²) = Var_p(z) / T³ ≥ 0,

    with equality only when p puts all its mass on equal logits, which for a
    softmax (p_k > 0 for every k) means every logit is the same. So the entropy
    of softmax(z/T) grows strictly with T for any logits that are not all
    equal: the proof behind the temperature's "from argmax to uniform".

    ``z`` must be finite and ``temperature`` a finite number > 0; returns a
    float for one vector of logits, else an array with ``axis`` removed.
    """
    T = check_temperature(temperature)
    z = as_float_array(z.value if isinstance(z, Node) else z, "entropy_temperature_slope: z")
    if z.ndim:
        axis = check_axis(axis, z.ndim, "entropy_temperature_slope: axis")
        if isinstance(axis, tuple):
            raise TypeError(f"entropy_temperature_slope: axis must be one integer, got {axis!r}")
    if z.ndim == 0 or z.shape[axis] == 0:
        raise ValueError(f"entropy_temperature_slope needs a vector of logits, got shape {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError("logits must be finite, got NaN or infinity")
    p = softmax(z, temperature=T, axis=axis).value
    mean = np.sum(p * z, axis=axis, keepdims=True)
    variance = np.sum(p * (z - mean) ** 2, axis=axis)
    slope = variance / T**3
    return float(slope) if slope.ndim == 0 else slope

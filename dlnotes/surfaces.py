"""Loss surfaces in two dimensions, and gradient descent on them (notebook 6).

The surface is an ill-conditioned quadratic,

    J(θ) = ½ θᵀAθ,   A = Q diag(λ₁, λ₂) Qᵀ,   ∇J(θ) = Aθ,

whose Hessian A has eigenvalues λ₁ ≤ λ₂ along the orthonormal eigenvectors
q₁, q₂ (the columns of the rotation Q). The update θ ← θ − εG multiplies the
component of θ along q_i by (1 − ελ_i) at every step, so after k steps

    q_iᵀθ_k = (1 − ελ_i)^k · q_iᵀθ_0.

Descent converges when |1 − ελ_i| < 1 for both i, that is 0 < ε < 2/λ_max;
it oscillates across the valley (the sign of q₂ᵀθ flips each step) when
ελ_max > 1, and it diverges when ε > 2/λ_max. A small ε is safe but slow along
the flat direction q₁, which shrinks only by (1 − ελ_min) per step.

:func:`descend` runs θ ← θ − εG with :class:`dlnotes.SGD` on any ``loss_fn``
written with dlnotes nodes and records the trajectory; when the loss stops
being finite or grows past a bound it raises :class:`DescentDiverged` (a
:class:`dlnotes.TrainingDiverged`) that names the learning rate and carries the
steps taken so far.
"""

import dataclasses
import numbers

import numpy as np

from dlnotes.checks import (as_float_array, check_broadcastable, check_callable, check_count, check_finite,
                            check_fraction, check_learning_rate, check_real)
from dlnotes.graph import Node, backprop
from dlnotes.optim import SGD
from dlnotes.training import TrainingDiverged

__all__ = ["Quadratic", "Descent", "DescentDiverged", "descend"]


class Quadratic:
    """J(θ) = ½ θᵀAθ with A = Q diag(eigenvalues) Qᵀ, Q the rotation by ``angle`` radians.

    ``eigenvalues`` (λ₁, λ₂) are the curvatures along q₁ = (cos a, sin a) and
    q₂ = (−sin a, cos a); both must be finite and > 0. Call it on a Node θ of
    shape (2,) to get J(θ) as a Node (so back-propagation gives G = Aθ).
    """

    def __init__(self, eigenvalues=(1.0, 10.0), angle=0.0):
        lam = as_float_array(eigenvalues, "Quadratic: eigenvalues")
        if lam.shape != (2,) or not np.all(np.isfinite(lam)) or np.any(lam <= 0):
            raise ValueError(f"Quadratic: eigenvalues must be two finite numbers > 0, got {eigenvalues!r}")
        angle = check_real(angle, "Quadratic: angle (radians)")
        self.eigenvalues = lam
        self.angle = float(angle)
        c, s = np.cos(angle), np.sin(angle)
        #: The eigenvectors q₁, q₂ as columns.
        self.Q = np.array([[c, -s], [s, c]])
        #: The Hessian A = Q diag(λ) Qᵀ.
        self.A = self.Q @ np.diag(lam) @ self.Q.T

    def __call__(self, theta):
        """J(θ) = ½ θᵀAθ as a graph node (θ a Node of shape (2,))."""
        if not isinstance(theta, Node):
            theta = Node(check_finite(theta, "Quadratic: θ"), requires_grad=False)
        if theta.shape != (2,):
            raise ValueError(f"Quadratic: θ must have shape (2,), got {theta.shape}")
        return 0.5 * (theta @ (self.A @ theta))

    def values(self, theta1, theta2):
        """J on a grid, from arrays of θ₁ and θ₂ of one shape (numpy only, for contours)."""
        theta1 = as_float_array(theta1, "Quadratic.values: theta1")
        theta2 = as_float_array(theta2, "Quadratic.values: theta2")
        check_broadcastable("Quadratic.values", theta1.shape, theta2.shape)
        t1, t2 = np.broadcast_arrays(theta1, theta2)
        A = self.A
        return 0.5 * (A[0, 0] * t1 * t1 + 2 * A[0, 1] * t1 * t2 + A[1, 1] * t2 * t2)

    def gradient(self, theta):
        """∇J(θ) = Aθ, in closed form (to check back-propagation against)."""
        theta = check_finite(theta, "Quadratic.gradient: θ")
        if theta.shape != (2,):
            raise ValueError(f"Quadratic.gradient: θ must have shape (2,), got {theta.shape}")
        return self.A @ theta

    @property
    def max_stable_lr(self):
        """2/λ_max: descent converges for 0 < ε < 2/λ_max and diverges above it."""
        return 2.0 / self.eigenvalues.max()

    @property
    def best_lr(self):
        """2/(λ_min + λ_max): the ε whose slowest factor max_i |1 − ελ_i| is smallest."""
        return 2.0 / self.eigenvalues.sum()

    def factors(self, lr):
        """(1 − ελ₁, 1 − ελ₂): what one step multiplies θ's components along q₁, q₂ by."""
        return 1.0 - check_learning_rate(lr) * self.eigenvalues

    def rate(self, lr):
        """ρ(ε) = max_i |1 − ελ_i|: the factor by which the slowest direction shrinks per step.

        After k steps ‖θ_k‖ ≤ ρ(ε)^k ‖θ_0‖; descent converges iff ρ(ε) < 1, and
        ρ is smallest, (κ − 1)/(κ + 1) with κ = λ_max/λ_min, at ε* = 2/(λ_min + λ_max).
        """
        return float(np.abs(self.factors(lr)).max())

    def steps_to_shrink(self, lr, tol):
        """The fewest steps k with ρ(ε)^k ≤ ``tol``: k = ⌈log tol / log ρ(ε)⌉ (∞ when ρ ≥ 1).

        After k steps every component of θ along q₁, q₂ is at most ``tol`` times its start.
        """
        check_fraction(tol, "Quadratic.steps_to_shrink: tol", low_open=True, high_open=True)
        rho = self.rate(lr)
        if rho >= 1:
            return float("inf")
        if rho == 0:
            return 1
        return int(np.ceil(np.log(tol) / np.log(rho)))

    def regime(self, lr):
        """How descent with learning rate ``lr`` behaves on this surface, in words.

        "diverges" when some |1 − ελ_i| > 1 (ε > 2/λ_max); "does not converge" at
        exactly |1 − ελ_i| = 1; "oscillates" (and converges) when some 1 − ελ_i < 0;
        otherwise "converges monotonically".
        """
        f = self.factors(lr)
        if np.any(np.abs(f) > 1):
            return "diverges"
        if np.any(np.abs(f) == 1):
            return "does not converge"
        if np.any(f < 0):
            return "oscillates"
        return "converges monotonically"

    def __repr__(self):
        lam = ", ".join(f"{v:g}" for v in self.eigenvalues)
        return f"Quadratic(eigenvalues=({lam}), angle={self.angle:g})"


@dataclasses.dataclass
class Descent:
    """A run of gradient descent: θ_0 … θ_k (rows of ``trajectory``) and J(θ_0) … J(θ_k)."""

    trajectory: np.ndarray
    losses: np.ndarray
    lr: float


class DescentDiverged(TrainingDiverged):
    """The loss became non-finite or exceeded the bound; ``descent`` holds the steps before it."""

    def __init__(self, message, descent, step):
        super().__init__(message)
        self.descent = descent
        self.step = step


def descend(loss_fn, theta0, lr, num_steps, max_loss=1e6):
    """Run θ ← θ − εG for ``num_steps`` steps from ``theta0``; return a :class:`Descent`.

    ``loss_fn(theta)`` takes a Node θ and returns the scalar loss J(θ) as a Node;
    back-propagation gives G = ∂J/∂θ and :class:`dlnotes.SGD` (ε = ``lr``) updates θ.
    The trajectory holds θ_0 … θ_num_steps and the losses J(θ_0) … J(θ_num_steps).

    Raises :class:`DescentDiverged` (a :class:`dlnotes.TrainingDiverged`) as soon
    as J is not finite or exceeds ``max_loss``, with a message that names the
    learning rate and the step; its ``descent`` holds the steps up to that one.
    """
    check_callable(loss_fn, "descend: loss_fn")
    theta0 = check_finite(theta0, "descend: theta0")
    if theta0.ndim != 1 or theta0.size == 0:
        raise ValueError(f"descend: theta0 must be a non-empty 1-D array, got shape {theta0.shape}")
    lr = check_learning_rate(lr)
    num_steps = check_count(num_steps, "descend: num_steps", minimum=0)
    if isinstance(max_loss, (bool, np.bool_)) or not isinstance(max_loss, numbers.Real) or not max_loss > 0:
        raise ValueError(f"descend: max_loss must be a number > 0 (inf for no bound), got {max_loss!r}")

    theta = Node(theta0.copy(), name="θ")
    optimizer = SGD([theta], lr)
    thetas, losses = [], []
    for step in range(num_steps + 1):
        # Overflow on the way to a diverging loss is reported below, not warned about.
        with np.errstate(over="ignore", invalid="ignore"):
            J = loss_fn(theta)
            if not isinstance(J, Node) or J.value.size != 1:
                raise ValueError("loss_fn must return a scalar Node")
            value = float(J.value)
            if not np.isfinite(value) or value > max_loss:
                descent = Descent(np.array(thetas).reshape(-1, theta0.size), np.array(losses), lr)
                what = f"became {value}" if not np.isfinite(value) else \
                    f"reached {value:.3g}, beyond the bound {max_loss:.3g}"
                raise DescentDiverged(
                    f"gradient descent diverged at step {step}: the loss {what}; "
                    f"the learning rate {lr:g} is too large for this surface", descent, step)
            thetas.append(theta.value.copy())
            losses.append(value)
            if step == num_steps:
                break
            backprop(J)
            optimizer.step()
    return Descent(np.array(thetas), np.array(losses), lr)

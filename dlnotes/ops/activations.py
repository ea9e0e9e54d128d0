"""Elementwise functions and activations: exp, log, tanh, the sigmoid, the rectifier family, softmax."""

import numpy as np

from dlnotes.checks import check_axis, check_broadcastable, check_real, check_temperature
from dlnotes.ops.base import Op, unbroadcast

__all__ = ["Exp", "Log", "Tanh", "Sigmoid", "Rectifier", "PReLU", "Softmax", "LogSoftmax",
           "EXP", "LOG", "TANH", "SIGMOID", "PRELU", "RELU", "Sqrt", "SQRT"]


class Exp(Op):
    """z = exp(a);  ∂z/∂a = exp(a) = z."""
    name = "exp"

    def forward(self, a):
        return np.exp(a)

    def backprop(self, inputs, output, i, G):
        return G * output


class Log(Op):
    """z = log(a);  ∂z/∂a = 1/a.  Negative inputs are an error, not NaN."""
    name = "log"

    def forward(self, a):
        if np.any(a < 0):
            raise ValueError(f"log of a negative value (smallest input {a.min():.6g})")
        with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer
            return np.log(a)

    def backprop(self, inputs, output, i, G):
        return G / inputs[0]


class Tanh(Op):
    """z = tanh(a);  ∂z/∂a = 1 − z²."""
    name = "tanh"

    def forward(self, a):
        return np.tanh(a)

    def backprop(self, inputs, output, i, G):
        return G * (1.0 - output * output)


class Sigmoid(Op):
    """z = σ(a) = 1 / (1 + e^(−a)) = ½(1 + tanh(a/2));  ∂z/∂a = z(1 − z).

    Computed through tanh, which neither overflows nor loses precision for
    large |a|.
    """
    name = "sigmoid"

    def forward(self, a):
        return 0.5 * (1.0 + np.tanh(0.5 * a))

    def backprop(self, inputs, output, i, G):
        return G * output * (1.0 - output)


class Rectifier(Op):
    """The rectifier family, g(z) = max(0, z) + α·min(0, z), with a fixed slope α.

    α = 0 is the ReLU, a small α (0.01) the leaky ReLU, α = −1 the absolute
    value rectification |z|; PReLU (:class:`PReLU`) learns α.
    ∂g/∂z = 1 for z > 0 and α for z ≤ 0 (the subgradient chosen at 0).
    """

    def __init__(self, alpha=0.0):
        self.alpha = check_real(alpha, "alpha (the rectifier's slope for z < 0)")
        self.name = {0.0: "relu", -1.0: "abs"}.get(self.alpha, "leaky_relu")

    def forward(self, z):
        if self.alpha == 0.0:
            return np.maximum(z, 0.0)
        return np.where(z > 0, z, self.alpha * z)

    def backprop(self, inputs, output, i, G):
        z = inputs[0]
        if self.alpha == 0.0:
            return G * (z > 0)
        return G * np.where(z > 0, 1.0, self.alpha)

    def __repr__(self):
        return f"Rectifier(alpha={self.alpha})"


class PReLU(Op):
    """g(z, α) = max(0, z) + α·min(0, z) with the slope α an input (learned).

    ∂g/∂z = 1 for z > 0 and α otherwise;  ∂g/∂α = min(0, z).
    """
    name = "prelu"

    def forward(self, z, alpha):
        if alpha.shape != z.shape:  # a scalar slope, or one per unit
            check_broadcastable("prelu (x and its slope alpha)", z.shape, alpha.shape)
        return np.maximum(z, 0.0) + alpha * np.minimum(z, 0.0)

    def backprop(self, inputs, output, i, G):
        z, alpha = inputs
        if i == 0:
            return unbroadcast(G * np.where(z > 0, 1.0, alpha), z.shape)
        return unbroadcast(G * np.minimum(z, 0.0), alpha.shape)


class _OverClasses(Op):
    """What softmax and log-softmax share: a temperature T > 0 and one axis of classes, not empty."""

    def __init__(self, temperature=1.0, axis=-1):
        self.temperature = check_temperature(temperature)
        if isinstance(axis, tuple):
            raise TypeError(f"{self.name}: axis must be one integer, got {axis!r}")
        self.axis = check_axis(axis, what=f"{self.name}: axis")

    def _check(self, z):
        check_axis(self.axis, z.ndim, what=f"{self.name}: axis")
        if z.shape[self.axis] == 0:
            raise ValueError(f"{self.name} over an empty axis (shape {z.shape}, axis {self.axis}): "
                             "a distribution needs at least one class")


class Softmax(_OverClasses):
    """softmax(z/T)_k = exp(z_k/T) / Σ_m exp(z_m/T), shifted by the max for stability.

    ∂L/∂z = s ⊙ (G − Σ_k G_k s_k) / T, with s the output.
    """
    name = "softmax"

    def forward(self, z):
        self._check(z)
        s = z / self.temperature
        e = np.exp(s - s.max(axis=self.axis, keepdims=True))
        return e / e.sum(axis=self.axis, keepdims=True)

    def backprop(self, inputs, output, i, G):
        inner = (G * output).sum(axis=self.axis, keepdims=True)
        return output * (G - inner) / self.temperature


class LogSoftmax(_OverClasses):
    """log softmax(z/T)_k = z_k/T − logsumexp(z/T), by the log-sum-exp trick.

    ∂L/∂z = (G − softmax(z/T) · Σ_k G_k) / T.
    """
    name = "log_softmax"

    def forward(self, z):
        self._check(z)
        s = z / self.temperature
        s = s - s.max(axis=self.axis, keepdims=True)
        return s - np.log(np.exp(s).sum(axis=self.axis, keepdims=True))

    def backprop(self, inputs, output, i, G):
        total = G.sum(axis=self.axis, keepdims=True)
        return (G - np.exp(output) * total) / self.temperature


EXP, LOG, TANH, SIGMOID = Exp(), Log(), Tanh(), Sigmoid()
PRELU, RELU = PReLU(), Rectifier(0.0)


class Sqrt(Op):
    """z = √a;  ∂z/∂a = 1/(2√a) = 1/(2z).  Negative inputs are an error, not NaN."""
    name = "sqrt"

    def forward(self, a):
        if np.any(a < 0):
            raise ValueError(f"sqrt of a negative value (smallest input {a.min():.6g})")
        return np.sqrt(a)

    def backprop(self, inputs, output, i, G):
        with np.errstate(divide="ignore"):  # √ has an infinite slope at 0
            return G / (2.0 * output)


SQRT = Sqrt()

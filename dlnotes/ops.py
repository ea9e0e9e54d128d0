"""The operations: one small class each, forward and backprop side by side.

``forward(*values)`` computes the output array from the input arrays.
``backprop(inputs, output, i, G)`` returns the gradient of the loss with
respect to input ``i``, given the input arrays, the output array and
G = ∂L/∂output. It has exactly input ``i``'s shape: where numpy broadcast an
input, the gradient is summed back over the broadcast axes (:func:`unbroadcast`).

Operations without settings are single instances (``ADD``, ``MUL``, ...);
those with settings (an axis, a temperature, labels) are made per use.
"""

import abc

import numpy as np

from dlnotes.checks import check_labels, check_temperature
from dlnotes.graph import Node, as_node

__all__ = [
    "Op", "unbroadcast", "OPERATIONS",
    "Add", "Sub", "Mul", "Div", "Neg", "Pow", "MatMul", "Transpose",
    "Exp", "Log", "Sum", "Mean", "Tanh", "Sigmoid", "Rectifier", "PReLU",
    "Softmax", "LogSoftmax", "Affine", "NLL", "CrossEntropy", "BinaryCrossEntropy",
    "ADD", "SUB", "MUL", "DIV", "NEG", "POW", "MATMUL", "TRANSPOSE",
    "EXP", "LOG", "TANH", "SIGMOID", "PRELU", "AFFINE", "RELU",
]


def unbroadcast(G, shape):
    """Sum ``G`` over the axes that broadcasting added or stretched to reach ``shape``."""
    if G.shape == shape:
        return G
    extra = G.ndim - len(shape)
    if extra:
        G = G.sum(axis=tuple(range(extra)))
    stretched = tuple(k for k, n in enumerate(shape) if n == 1 and G.shape[k] != 1)
    if stretched:
        G = G.sum(axis=stretched, keepdims=True)
    return G


class Op(abc.ABC):
    """An operation: ``apply`` computes its output and records it as a graph node."""

    name = "op"

    @abc.abstractmethod
    def forward(self, *values):
        """The output array, from the input arrays."""

    @abc.abstractmethod
    def backprop(self, inputs, output, i, G):
        """∂L/∂inputs[i], given G = ∂L/∂output; the shape of inputs[i]."""

    def apply(self, *args):
        nodes = tuple([a if isinstance(a, Node) else as_node(a) for a in args])
        value = self.forward(*[u.value for u in nodes])
        requires_grad = False
        for u in nodes:
            requires_grad = requires_grad or u.requires_grad
        return Node(value, inputs=nodes, op=self, requires_grad=requires_grad)

    def __repr__(self):
        return f"{type(self).__name__}()"


# --- arithmetic --------------------------------------------------------------

class Add(Op):
    """z = a + b;  ∂z/∂a = 1,  ∂z/∂b = 1."""
    name = "add"

    def forward(self, a, b):
        return a + b

    def backprop(self, inputs, output, i, G):
        return unbroadcast(G, inputs[i].shape)


class Sub(Op):
    """z = a − b;  ∂z/∂a = 1,  ∂z/∂b = −1."""
    name = "sub"

    def forward(self, a, b):
        return a - b

    def backprop(self, inputs, output, i, G):
        return unbroadcast(G if i == 0 else -G, inputs[i].shape)


class Mul(Op):
    """z = a · b (elementwise);  ∂z/∂a = b,  ∂z/∂b = a."""
    name = "mul"

    def forward(self, a, b):
        return a * b

    def backprop(self, inputs, output, i, G):
        return unbroadcast(G * inputs[1 - i], inputs[i].shape)


class Div(Op):
    """z = a / b;  ∂z/∂a = 1/b,  ∂z/∂b = −a/b²."""
    name = "div"

    def forward(self, a, b):
        return a / b

    def backprop(self, inputs, output, i, G):
        a, b = inputs
        g = G / b if i == 0 else -G * a / (b * b)
        return unbroadcast(g, inputs[i].shape)


class Neg(Op):
    """z = −a;  ∂z/∂a = −1."""
    name = "neg"

    def forward(self, a):
        return -a

    def backprop(self, inputs, output, i, G):
        return -G


class Pow(Op):
    """z = a^b;  ∂z/∂a = b·a^(b−1),  ∂z/∂b = a^b·log a."""
    name = "pow"

    def forward(self, a, b):
        return np.power(a, b)

    def backprop(self, inputs, output, i, G):
        a, b = inputs
        if i == 0:
            g = G * b * np.power(a, b - 1)
        else:
            g = G * output * np.log(a)
        return unbroadcast(g, inputs[i].shape)


class MatMul(Op):
    """Z = A @ B;  ∂L/∂A = G @ Bᵀ,  ∂L/∂B = Aᵀ @ G (numpy's matmul rules, 1-D included)."""
    name = "matmul"

    def forward(self, a, b):
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError(f"matmul needs arrays of at least one dimension, got shapes {a.shape} and {b.shape}")
        k_a = a.shape[-1]
        k_b = b.shape[0] if b.ndim == 1 else b.shape[-2]
        if k_a != k_b:
            raise ValueError(f"matmul shapes {a.shape} and {b.shape} do not fit: "
                             f"the inner dimensions {k_a} and {k_b} differ")
        return a @ b

    def backprop(self, inputs, output, i, G):
        a, b = inputs
        if a.ndim == 1 and b.ndim == 1:  # the dot product a·b
            return G * (b if i == 0 else a)
        # Treat a vector as a one-row (a) or one-column (b) matrix, then undo it.
        a2 = a[np.newaxis, :] if a.ndim == 1 else a
        b2 = b[:, np.newaxis] if b.ndim == 1 else b
        G2 = G
        if a.ndim == 1:
            G2 = np.expand_dims(G2, -2)
        if b.ndim == 1:
            G2 = np.expand_dims(G2, -1)
        if i == 0:
            return unbroadcast(G2 @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
        return unbroadcast(np.swapaxes(a2, -1, -2) @ G2, b2.shape).reshape(b.shape)


class Transpose(Op):
    """Z = Aᵀ (axes reversed);  ∂L/∂A = Gᵀ."""
    name = "transpose"

    def forward(self, a):
        return a.T

    def backprop(self, inputs, output, i, G):
        return G.T


# --- elementwise functions ---------------------------------------------------

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
        self.alpha = float(alpha)
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
        return np.maximum(z, 0.0) + alpha * np.minimum(z, 0.0)

    def backprop(self, inputs, output, i, G):
        z, alpha = inputs
        if i == 0:
            return unbroadcast(G * np.where(z > 0, 1.0, alpha), z.shape)
        return unbroadcast(G * np.minimum(z, 0.0), alpha.shape)


# --- reductions ----------------------------------------------------------------

def _expand(G, shape, axis, keepdims):
    """Broadcast a reduction's gradient back over the reduced axes."""
    if axis is not None and not keepdims:
        axes = (axis,) if np.isscalar(axis) else tuple(axis)
        G = np.expand_dims(G, tuple(a % len(shape) for a in axes))
    return np.broadcast_to(G, shape).copy()


class Sum(Op):
    """z = Σ_k a_k over ``axis`` (all axes for None);  ∂z/∂a_k = 1."""
    name = "sum"

    def __init__(self, axis=None, keepdims=False):
        self.axis, self.keepdims = axis, keepdims

    def forward(self, a):
        return np.sum(a, axis=self.axis, keepdims=self.keepdims)

    def backprop(self, inputs, output, i, G):
        return _expand(G, inputs[0].shape, self.axis, self.keepdims)


class Mean(Op):
    """z = (1/n) Σ_k a_k over ``axis``;  ∂z/∂a_k = 1/n."""
    name = "mean"

    def __init__(self, axis=None, keepdims=False):
        self.axis, self.keepdims = axis, keepdims

    def forward(self, a):
        return np.mean(a, axis=self.axis, keepdims=self.keepdims)

    def backprop(self, inputs, output, i, G):
        a = inputs[0]
        n = a.size // max(np.size(output), 1) if a.size else 1
        return _expand(G / n, a.shape, self.axis, self.keepdims)


# --- softmax -----------------------------------------------------------------

class Softmax(Op):
    """softmax(z/T)_k = exp(z_k/T) / Σ_m exp(z_m/T), shifted by the max for stability.

    ∂L/∂z = s ⊙ (G − Σ_k G_k s_k) / T, with s the output.
    """
    name = "softmax"

    def __init__(self, temperature=1.0, axis=-1):
        self.temperature = check_temperature(temperature)
        self.axis = axis

    def forward(self, z):
        s = z / self.temperature
        e = np.exp(s - s.max(axis=self.axis, keepdims=True))
        return e / e.sum(axis=self.axis, keepdims=True)

    def backprop(self, inputs, output, i, G):
        inner = (G * output).sum(axis=self.axis, keepdims=True)
        return output * (G - inner) / self.temperature


class LogSoftmax(Op):
    """log softmax(z/T)_k = z_k/T − logsumexp(z/T), by the log-sum-exp trick.

    ∂L/∂z = (G − softmax(z/T) · Σ_k G_k) / T.
    """
    name = "log_softmax"

    def __init__(self, temperature=1.0, axis=-1):
        self.temperature = check_temperature(temperature)
        self.axis = axis

    def forward(self, z):
        s = z / self.temperature
        s = s - s.max(axis=self.axis, keepdims=True)
        return s - np.log(np.exp(s).sum(axis=self.axis, keepdims=True))

    def backprop(self, inputs, output, i, G):
        total = G.sum(axis=self.axis, keepdims=True)
        return (G - np.exp(output) * total) / self.temperature


# --- fused layers and losses ---------------------------------------------------

class Affine(Op):
    """Y = X @ W + b, one fused step (a layer's linear map).

    ∂L/∂X = G @ Wᵀ,  ∂L/∂W = Xᵀ @ G,  ∂L/∂b = Σ_rows G.
    """
    name = "affine"

    def forward(self, X, W, b):
        if X.ndim != 2 or W.ndim != 2 or X.shape[1] != W.shape[0]:
            raise ValueError(f"affine: X of shape {X.shape} and W of shape {W.shape} do not fit "
                             "(X must be (batch, fan_in) and W (fan_in, fan_out))")
        if b.shape != (W.shape[1],):
            raise ValueError(f"affine: b has shape {b.shape}, expected ({W.shape[1]},)")
        Y = X @ W
        Y += b
        return Y

    def backprop(self, inputs, output, i, G):
        X, W, b = inputs
        if i == 0:
            return G @ W.T
        if i == 1:
            return X.T @ G
        return G.sum(axis=0)


class NLL(Op):
    """J = −(1/N) Σ_n log p(y_n | x_n), from log-probabilities of shape (N, classes).

    ∂J/∂(log p)_{n,k} = −1/N where k = y_n, else 0.
    """
    name = "nll"

    def __init__(self, y):
        self.y = y

    def forward(self, log_probs):
        y = check_labels(self.y, log_probs, "log_probs")
        return -np.mean(log_probs[np.arange(len(y)), y])

    def backprop(self, inputs, output, i, G):
        log_probs = inputs[0]
        g = np.zeros_like(log_probs)
        g[np.arange(len(self.y)), self.y] = -G / len(self.y)
        return g


class CrossEntropy(Op):
    """J = −(1/N) Σ_n log softmax(z_n/T)_{y_n}: log-softmax and NLL fused.

    ∂J/∂z_n = (softmax(z_n/T) − onehot(y_n)) / (N·T).
    """
    name = "cross_entropy"

    def __init__(self, y, temperature=1.0):
        self.y = y
        self.temperature = check_temperature(temperature)
        self.probs = None  # kept from the forward pass for the backprop

    def forward(self, z):
        y = check_labels(self.y, z, "logits")
        s = z / self.temperature if self.temperature != 1.0 else z
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        total = e.sum(axis=1, keepdims=True)
        self.probs = e / total
        rows = np.arange(len(y))
        return (np.log(total[:, 0]) - s[rows, y]).sum() / len(y)

    def backprop(self, inputs, output, i, G):
        g = self.probs.copy()
        g[np.arange(len(self.y)), self.y] -= 1.0
        g *= G / (len(self.y) * self.temperature)
        return g


class BinaryCrossEntropy(Op):
    """J = mean(−y log σ(z) − (1 − y) log(1 − σ(z))), from logits z (the Bernoulli unit).

    Stable form: max(z, 0) − z·y + log(1 + e^(−|z|)).  ∂J/∂z = (σ(z) − y) / n.
    """
    name = "binary_cross_entropy"

    def __init__(self, y):
        self.y = y

    def forward(self, z):
        if self.y.shape != z.shape:
            raise ValueError(f"binary_cross_entropy: targets of shape {self.y.shape} "
                             f"do not match logits of shape {z.shape}")
        return np.mean(np.maximum(z, 0.0) - z * self.y + np.log1p(np.exp(-np.abs(z))))

    def backprop(self, inputs, output, i, G):
        z = inputs[0]
        return G * (0.5 * (1.0 + np.tanh(0.5 * z)) - self.y) / z.size


ADD, SUB, MUL, DIV, NEG, POW = Add(), Sub(), Mul(), Div(), Neg(), Pow()
MATMUL, TRANSPOSE = MatMul(), Transpose()
EXP, LOG, TANH, SIGMOID = Exp(), Log(), Tanh(), Sigmoid()
PRELU, AFFINE, RELU = PReLU(), Affine(), Rectifier(0.0)

#: Every operation class; the gradient tests check that each has a test case.
OPERATIONS = (Add, Sub, Mul, Div, Neg, Pow, MatMul, Transpose, Exp, Log, Tanh,
              Sigmoid, Rectifier, PReLU, Sum, Mean, Softmax, LogSoftmax, Affine,
              NLL, CrossEntropy, BinaryCrossEntropy)

"""Checking back-propagation against central differences."""

import numpy as np

from dlnotes.checks import check_finite, check_positive
from dlnotes.graph import Node, backprop

__all__ = ["numerical_gradient", "gradcheck"]


def _inputs(arrays, who):
    """The arrays as fresh float64 arrays, finite: NaN in an input would make any comparison vacuous."""
    return [np.array(check_finite(a, f"{who}: array {k}"), dtype=np.float64)
            for k, a in enumerate(arrays)]


def _scalar(out, who):
    """The value of ``f``'s output as a float; a ValueError unless it is a scalar."""
    value = np.asarray(out.value if isinstance(out, Node) else out)
    if value.dtype.kind not in "biuf":
        raise TypeError(f"{who} needs f to return a number or a Node, got {type(out).__name__}")
    if value.size != 1:
        raise ValueError(f"{who} needs f to return a scalar, got shape {value.shape}; "
                         "reduce it first (dl.sum or dl.mean)")
    return float(value.reshape(()))


def numerical_gradient(f, *arrays, eps=1e-6):
    """∂f/∂a for every array a, by central differences: (f(a + ε) − f(a − ε)) / 2ε.

    ``f`` takes the arrays (as given, float64) and returns a scalar (a Node or a
    number); a non-scalar output is a ValueError. ``eps`` must be finite and > 0.
    """
    if not callable(f):
        raise TypeError(f"numerical_gradient: f must be a function, got {type(f).__name__}")
    eps = check_positive(eps, "numerical_gradient: eps")
    arrays = _inputs(arrays, "numerical_gradient")

    grads = []
    for a in arrays:
        g = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            saved = a[idx]
            a[idx] = saved + eps
            up = _scalar(f(*arrays), "numerical_gradient")
            a[idx] = saved - eps
            down = _scalar(f(*arrays), "numerical_gradient")
            a[idx] = saved
            g[idx] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


def gradcheck(f, *arrays, eps=1e-6):
    """The largest relative error between back-propagation and central differences.

    ``f`` takes one Node per array and returns a scalar Node. For each array the
    error is max|g_bp − g_num| / max(max|g_bp|, max|g_num|, 1e-12), in float64;
    the largest over all arrays is returned (≤ 1e-6 for a correct backprop).
    A NaN or infinite gradient (either way of computing it) is a failure, never
    a match: the error is then ``inf``. NaN or infinite input is a ValueError.
    """
    if not callable(f):
        raise TypeError(f"gradcheck: f must be a function, got {type(f).__name__}")
    eps = check_positive(eps, "gradcheck: eps")
    arrays = _inputs(arrays, "gradcheck")
    nodes = [Node(a.copy()) for a in arrays]
    out = f(*nodes)
    if not isinstance(out, Node):
        raise TypeError(f"gradcheck needs f to return a Node (built from its inputs), "
                        f"got {type(out).__name__}")
    if out.value.size != 1:
        raise ValueError(f"gradcheck needs f to return a scalar, got shape {out.value.shape}")
    table = backprop(out)
    numeric = numerical_gradient(lambda *xs: f(*[Node(x) for x in xs]), *arrays, eps=eps)
    worst = 0.0
    for node, g_num in zip(nodes, numeric):
        g_bp = table.get(node)
        if g_bp is None:
            g_bp = np.zeros_like(g_num)
        if g_bp.shape != g_num.shape:
            raise ValueError(f"backprop gave a gradient of shape {g_bp.shape} for an input of shape {g_num.shape}")
        if not (np.all(np.isfinite(g_bp)) and np.all(np.isfinite(g_num))):
            return float("inf")  # max(0.0, nan) is 0.0: NaN must not pass as a perfect match
        scale = max(np.max(np.abs(g_bp), initial=0.0), np.max(np.abs(g_num), initial=0.0), 1e-12)
        worst = max(worst, float(np.max(np.abs(g_bp - g_num), initial=0.0) / scale))
    return worst

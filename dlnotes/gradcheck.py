"""Checking back-propagation against central differences."""

import numpy as np

from dlnotes.graph import Node, backprop

__all__ = ["numerical_gradient", "gradcheck"]


def numerical_gradient(f, *arrays, eps=1e-6):
    """∂f/∂a for every array a, by central differences: (f(a + ε) − f(a − ε)) / 2ε.

    ``f`` takes the arrays (as given, float64) and returns a scalar (a Node or a number).
    """
    arrays = [np.array(a, dtype=np.float64) for a in arrays]

    def value(*args):
        out = f(*args)
        return float(np.asarray(out.value if isinstance(out, Node) else out).sum())

    grads = []
    for a in arrays:
        g = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            saved = a[idx]
            a[idx] = saved + eps
            up = value(*arrays)
            a[idx] = saved - eps
            down = value(*arrays)
            a[idx] = saved
            g[idx] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


def gradcheck(f, *arrays, eps=1e-6):
    """The largest relative error between back-propagation and central differences.

    ``f`` takes one Node per array and returns a scalar Node. For each array the
    error is max|g_bp − g_num| / max(max|g_bp|, max|g_num|, 1e-12), in float64;
    the largest over all arrays is returned (≤ 1e-6 for a correct backprop).
    """
    nodes = [Node(np.array(a, dtype=np.float64)) for a in arrays]
    out = f(*nodes)
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
        scale = max(np.max(np.abs(g_bp), initial=0.0), np.max(np.abs(g_num), initial=0.0), 1e-12)
        worst = max(worst, float(np.max(np.abs(g_bp - g_num), initial=0.0) / scale))
    return worst

"""Small scalar graphs for teaching back-propagation (notebook 5 and its widget).

:func:`two_path_graph` builds

    u = w·x,  v = u + b,  h = tanh(v),  s = h·h,  z = s + x,

in which x reaches z along more than one path (directly, and through u) and
h fills both input slots of s, so that

    ∂z/∂x = 1 + 2h·(1 − h²)·w,  ∂z/∂w = 2h·(1 − h²)·x,  ∂z/∂b = 2h·(1 − h²).

:func:`two_way_chain` builds u_{k+1} = tanh(u_k) + u_k, a chain with 2^depth
paths from u_0 to its end: the count that back-propagation never lists.
"""

import numpy as np

from dlnotes.checks import as_float_array, check_count
from dlnotes.functions import tanh
from dlnotes.graph import Node

__all__ = ["two_path_graph", "two_path_gradients", "two_way_chain"]


def _scalar(value, what):
    array = as_float_array(value, what)
    if array.shape != () or not np.isfinite(array):
        raise ValueError(f"{what} must be one finite number, got {value!r}")
    return array.astype(float)


def _named(node, name):
    node.name = name
    return node


def two_path_graph(x=0.5, w=1.5, b=-0.3):
    """The graph z = tanh(w·x + b)² + x, its nodes named, as a dict name → Node.

    Keys, inputs first: ``x``, ``w``, ``b`` (the leaves), ``u`` = w·x,
    ``v`` = u + b, ``h`` = tanh(v), ``s`` = h·h and ``z`` = s + x (the output).
    """
    x = Node(_scalar(x, "two_path_graph: x"), name="x")
    w = Node(_scalar(w, "two_path_graph: w"), name="w")
    b = Node(_scalar(b, "two_path_graph: b"), name="b")
    u = _named(w * x, "u")
    v = _named(u + b, "v")
    h = _named(tanh(v), "h")
    s = _named(h * h, "s")
    z = _named(s + x, "z")
    return {"x": x, "w": w, "b": b, "u": u, "v": v, "h": h, "s": s, "z": z}


def two_path_gradients(x=0.5, w=1.5, b=-0.3):
    """∂z/∂x, ∂z/∂w, ∂z/∂b of z = tanh(w·x + b)² + x, by hand (a dict name → float).

    With h = tanh(w·x + b):  ∂z/∂x = 1 + 2h(1 − h²)·w,  ∂z/∂w = 2h(1 − h²)·x,
    ∂z/∂b = 2h(1 − h²).
    """
    x, w, b = (float(_scalar(a, n)) for a, n in ((x, "two_path_gradients: x"), (w, "two_path_gradients: w"),
                                                              (b, "two_path_gradients: b")))
    h = np.tanh(w * x + b)
    dz_dv = 2 * h * (1 - h * h)
    return {"x": 1.0 + dz_dv * w, "w": dz_dv * x, "b": dz_dv}


def two_way_chain(x=0.5, depth=4):
    """u_0 = x, u_{k+1} = tanh(u_k) + u_k for k < depth: returns (u_0, u_depth).

    Each step offers two ways forward (through tanh, or around it), so there
    are 2^depth paths from u_0 to u_depth, over 3·depth edges.
    """
    depth = check_count(depth, "two_way_chain: depth")
    u0 = Node(_scalar(x, "two_way_chain: x"), name="u0")
    u = u0
    for k in range(1, depth + 1):
        u = _named(tanh(u) + u, f"u{k}")
    return u0, u

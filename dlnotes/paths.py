"""The path-sum form of the chain rule, for small scalar graphs.

∂z/∂x is the sum, over every path x = u⁰ → u¹ → … → uᵏ = z in the graph, of
the product of the local partial derivatives ∂u^(t+1)/∂u^t along the path.
Back-propagation computes the same number without listing the paths, whose
count can grow exponentially with depth; this module lists them, to check it.
"""

import numpy as np

from dlnotes.checks import check_index
from dlnotes.graph import Node, topological_order

__all__ = ["local_derivative", "enumerate_paths", "path_sum", "MAX_PATHS"]

#: enumerate_paths refuses graphs with more paths than this: listing them all
#: would run for hours (a chain of depth 30 with two ways per step has 2^30).
MAX_PATHS = 100_000


def local_derivative(node, i):
    """∂node/∂node.inputs[i] at the current values (scalar nodes only)."""
    if not isinstance(node, Node):
        raise TypeError(f"local_derivative needs a Node, got {type(node).__name__}")
    if node.op is None:
        raise ValueError(f"local_derivative: {node!r} is a leaf; it has no inputs to differentiate by")
    i = check_index(i, len(node.inputs), "local_derivative: i")
    values = [u.value for u in node.inputs]
    return float(node.op.backprop(values, node.value, i, np.ones_like(node.value)))


def enumerate_paths(x, z):
    """Every path from ``x`` to ``z``, each as a list of (node, input slot, local derivative).

    A node used twice by one consumer (``x * x``) gives two paths, one per slot.
    Iterative, walking backwards from ``z`` over the inputs.
    """
    for name, node in (("x", x), ("z", z)):
        if not isinstance(node, Node):
            raise TypeError(f"path sums need {name} to be a Node, got {type(node).__name__}")
    for node in topological_order(z):
        if node.value.size != 1:
            raise ValueError(f"path sums are for scalar graphs; {node!r} has shape {node.value.shape}")
    # Count the paths first (one pass in topological order), so a graph with
    # exponentially many is an error rather than a hang.
    counts = {id(x): 1}
    for node in topological_order(z):
        if node is not x:
            counts[id(node)] = sum(counts.get(id(u), 0) for u in node.inputs if u.requires_grad)
    total = counts.get(id(z), 0)
    if total > MAX_PATHS:
        raise ValueError(f"enumerate_paths: the graph has {total} paths from x to z, more than "
                         f"MAX_PATHS = {MAX_PATHS}; back-propagation sums them without listing them")
    paths = []
    stack = [(z, [])]
    while stack:
        node, suffix = stack.pop()
        if node is x:
            paths.append(suffix)
            continue
        for i, u in enumerate(node.inputs):
            if u.requires_grad:
                stack.append((u, [(node, i, local_derivative(node, i))] + suffix))
    return paths


def path_sum(x, z):
    """(∂z/∂x as the sum over paths of the product of local derivatives, the paths)."""
    paths = enumerate_paths(x, z)
    total = sum(float(np.prod([d for _, _, d in path])) for path in paths)
    return total, paths

"""The computational graph: nodes, and back-propagation over them.

Every node knows its inputs, its outputs (the *consumers* that use it), the
operation that computed it, and that operation's backprop. Back-propagation is
the textbook algorithm (Goodfellow, Bengio & Courville, algorithm 6.2):

    G^i = Σ_j  f^j.backprop(u^i, u^j.inputs, G^j)

summed over every consumer u^j of u^i and every input slot of u^j that holds
u^i, visiting the nodes in reverse topological order. The result equals the
sum, over every path from u^i to the output, of the products of the partial
derivatives along the path (see :mod:`dlnotes.paths`).
"""

import weakref

import numpy as np

__all__ = ["Node", "as_node", "backprop", "topological_order", "graph_table"]


class Node:
    """One value in a computational graph.

    ``value``: the ndarray it holds (float64 unless given another float dtype).
    ``inputs``: the nodes it was computed from, in order (``x * x`` has ``x`` twice).
    ``op``: the operation that computed it (``None`` for a leaf).
    ``consumers``: the live nodes that use it as an input (its outputs).
    ``grad``: ∂z/∂(this node), set by :func:`backprop`, the shape of ``value``.
    ``requires_grad``: False for constants (plain arrays and scalars mixed into
    an expression); back-propagation computes no gradient for them.
    """

    __slots__ = ("value", "inputs", "op", "name", "grad", "requires_grad",
                 "_consumers", "_prune_at", "__weakref__")

    # Make numpy defer to Node for `array * node`, so that the result is a Node.
    __array_ufunc__ = None

    def __init__(self, value, name=None, requires_grad=True, *, inputs=(), op=None):
        value = np.asarray(value)
        if value.dtype.kind != "f":
            value = value.astype(np.float64)
        self.value = value
        self.inputs = inputs
        self.op = op
        self.name = name
        self.grad = None
        self.requires_grad = requires_grad
        # Consumers are held weakly: a parameter must not keep alive the graphs
        # of old training steps that once used it.
        self._consumers = []
        self._prune_at = 4
        for node in inputs:
            node._add_consumer(self)

    def _add_consumer(self, node):
        refs = self._consumers
        if refs and refs[-1]() is node:  # x * x: one consumer, however many slots
            return
        refs.append(weakref.ref(node))
        if len(refs) >= self._prune_at:  # drop the references of dead graphs
            refs[:] = [r for r in refs if r() is not None]
            self._prune_at = 2 * len(refs) + 4

    @property
    def consumers(self):
        """The live nodes that take this node as an input, in creation order."""
        return tuple(node for node in (ref() for ref in self._consumers) if node is not None)

    @property
    def shape(self):
        return self.value.shape

    @property
    def ndim(self):
        return self.value.ndim

    @property
    def T(self):
        return _ops.TRANSPOSE.apply(self)

    def __repr__(self):
        label = f"{self.name!r}, " if self.name else ""
        op = f", op={self.op.name}" if self.op is not None else ""
        return f"Node({label}shape={self.value.shape}{op})"

    # Operators build graph nodes; the operation classes live in dlnotes.ops.
    def __add__(self, other):
        return _ops.ADD.apply(self, other)

    def __radd__(self, other):
        return _ops.ADD.apply(other, self)

    def __sub__(self, other):
        return _ops.SUB.apply(self, other)

    def __rsub__(self, other):
        return _ops.SUB.apply(other, self)

    def __mul__(self, other):
        return _ops.MUL.apply(self, other)

    def __rmul__(self, other):
        return _ops.MUL.apply(other, self)

    def __truediv__(self, other):
        return _ops.DIV.apply(self, other)

    def __rtruediv__(self, other):
        return _ops.DIV.apply(other, self)

    def __matmul__(self, other):
        return _ops.MATMUL.apply(self, other)

    def __rmatmul__(self, other):
        return _ops.MATMUL.apply(other, self)

    def __pow__(self, other):
        return _ops.POW.apply(self, other)

    def __rpow__(self, other):
        return _ops.POW.apply(other, self)

    def __neg__(self):
        return _ops.NEG.apply(self)

    # Selection and reshaping (dlnotes.ops.shape).
    def __getitem__(self, index):
        """node[index]: slices, integer arrays (repeats add up), pairs of them, boolean masks."""
        return _ops.Index(index).apply(self)

    def reshape(self, *shape):
        """The node with a new shape: ``x.reshape(2, -1)`` or ``x.reshape((2, -1))``."""
        from dlnotes.functions import reshape
        return reshape(self, shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape)


def as_node(x):
    """A Node as it is, anything else as a constant leaf (no gradient)."""
    if isinstance(x, Node):
        return x
    return Node(x, requires_grad=False)


def topological_order(z):
    """The nodes that ``z`` depends on (constants excluded), inputs before consumers.

    Iterative depth-first search, so a chain of 10,000 nodes does not reach
    Python's recursion limit.
    """
    order, seen = [], set()
    stack = [(z, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            for parent in reversed(node.inputs):
                if parent.requires_grad and parent not in seen:
                    stack.append((parent, False))
    return order


def backprop(z, grad=None):
    """Back-propagate from ``z``: fill ``.grad`` of every node ``z`` depends on.

    The textbook algorithm: visit the nodes in reverse topological order and
    set G^i = Σ_j f^j.backprop(u^i, u^j.inputs, G^j) over the consumers u^j of
    u^i that lie on a path to ``z``, once for every input slot of u^j holding
    u^i. Consumers from other graphs (another forward pass through the same
    parameters) are not on a path to ``z`` and contribute nothing.

    ``z`` must be a scalar unless ``grad`` (∂L/∂z, the shape of ``z``) is given.
    Returns the grad table, a dict from node to gradient, fresh for each call.
    """
    if not isinstance(z, Node):
        raise TypeError(f"backprop needs a Node, got {type(z).__name__}")
    if grad is None:
        if z.value.size != 1:
            raise ValueError(
                f"backprop needs a scalar output, got shape {z.value.shape}; "
                "pass grad= (the gradient with respect to z) for a non-scalar one")
        grad = np.ones_like(z.value)
    else:
        grad = np.asarray(grad, dtype=z.value.dtype)
        if grad.shape != z.value.shape:
            raise ValueError(f"grad has shape {grad.shape}, but z has shape {z.value.shape}")

    table = {z: grad}
    input_values = {}  # u^j -> the values of u^j.inputs, gathered once per node
    for node in reversed(topological_order(z)):
        if node is not z:
            G = None
            for ref in node._consumers:
                consumer = ref()
                if consumer is None:  # a node of a graph that is gone
                    continue
                G_j = table.get(consumer)
                if G_j is None:  # not on a path to z
                    continue
                values = input_values[consumer]
                for i, u in enumerate(consumer.inputs):
                    if u is node:
                        contribution = consumer.op.backprop(values, consumer.value, i, G_j)
                        # Accumulate into a new array: an op may return G_j itself,
                        # and adding in place would change another node's gradient.
                        G = contribution if G is None else G + contribution
            table[node] = G
        node.grad = table[node]
        if node.inputs:
            input_values[node] = [u.value for u in node.inputs]
    return table


def graph_table(z):
    """The graph behind ``z`` as rows, inputs first: one dict per node.

    Each row has the node's ``name`` (or ``n<index>``), ``op`` (``None`` for a
    leaf), ``shape``, ``inputs`` (the names of its inputs, in order, constants
    included) and ``requires_grad``. Edges run from every input to the node.
    """
    order, seen = [], set()
    stack = [(z, False)]
    while stack:  # like topological_order, but keeping the constants too
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in reversed(node.inputs) if id(p) not in seen)
    names = {}
    for k, node in enumerate(order):
        names[node] = node.name or (f"c{k}" if not node.requires_grad else f"n{k}")
    return [
        {"name": names[node], "op": None if node.op is None else node.op.name,
         "shape": node.value.shape, "inputs": [names[u] for u in node.inputs],
         "requires_grad": node.requires_grad, "node": node}
        for node in order
    ]


# The operation classes need Node, and Node's operators need them: import the
# module last, once Node exists, and look the operations up when called.
from dlnotes import ops as _ops  # noqa: E402

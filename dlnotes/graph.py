"""The computational graph: nodes, and back-propagation over them.

Every node knows its inputs, its outputs (the *consumers* that use it), the
operation that computed it, and that operation's backprop. Back-propagation is
the textbook algorithm (Goodfellow, Bengio & Courville, algorithm 6.2):

    G^i = Σ_j  f^j.backprop(u^i, u^j.inputs, G^j)

summed over every consumer u^j of u^i and every input slot of u^j that holds
u^i, visiting the nodes in reverse topological order. The result equals the
sum, over every path from u^i to the output, of the products of the partial
derivatives along the path (see :mod:`dlnotes.paths`).

The gradient contract
---------------------
- **One call, one gradient.** ``backprop(z)`` *overwrites* ``.grad`` of every
  node ``z`` depends on with ∂z/∂node; it never adds to what an earlier call
  left there. Within one call the contributions of all consumers are summed
  (that sum is the chain rule). For the gradient of L1 + L2, back-propagate
  the sum ``L1 + L2``, not each in turn.
- **No aliasing.** Every node's ``.grad`` is its own array, sharing memory with
  no other node's gradient (nor with the ``grad=`` seed passed in): ``p.grad *= 0.5``
  over a list of parameters scales each gradient once.
- **No stale gradients.** Each call is one numbered *pass*, and ``.grad``
  remembers the pass that set it (setting ``.grad`` by hand counts as the
  latest pass). A node the latest pass did not reach keeps its older gradient
  for inspection, but it is stale: :func:`current_gradients` (what
  :meth:`dlnotes.optim.SGD.step` uses) keeps only the gradients of the latest
  pass among the nodes it is given, so after ``backprop(L1)`` reaching p1 and
  p2 and then ``backprop(L2)`` reaching only p1, a step moves p1 by ∂L2/∂p1
  and leaves p2 alone, instead of moving it with L1's gradient. "Latest" is
  among the nodes given, so two models trained in turn each use their own last
  pass. A step does not use a gradient up: two steps with no backprop between
  them apply it twice, as in PyTorch.

PyTorch's contract differs: ``loss.backward()`` *accumulates* (``+=``) into
``.grad`` across calls, and the user calls ``optimizer.zero_grad()`` (which sets
the gradients to None) before each backward; forgetting it sums the gradients
of successive steps, and a parameter the latest backward did not reach keeps a
gradient only if zero_grad was skipped. dlnotes overwrites instead, which makes
one call one gradient (what the notebooks teach); its pass numbers give what
``zero_grad(); backward(); step()`` gives in PyTorch, with no zero_grad to forget.
What is an error and what follows IEEE arithmetic (``1/0 = inf``) is written
down once, in :mod:`dlnotes.checks`.
"""

import weakref

import numpy as np

from dlnotes.checks import as_float_array, check_finite

__all__ = ["Node", "as_node", "backprop", "current_gradients", "latest_pass", "topological_order",
           "graph_table"]

# The number of the latest back-propagation pass (a list, to be updated in place).
_PASS = [0]


class Node:
    """One value in a computational graph.

    ``value``: the ndarray it holds (float64 unless given another float dtype).
    ``inputs``: the nodes it was computed from, in order (``x * x`` has ``x`` twice).
    ``op``: the operation that computed it (``None`` for a leaf).
    ``consumers``: the live nodes that use it as an input (its outputs).
    ``grad``: ∂z/∂(this node), set by :func:`backprop`, the shape of ``value``
    (see the gradient contract in the module docstring).
    ``requires_grad``: False for constants (plain arrays and scalars mixed into
    an expression); back-propagation computes no gradient for them.

    ``value`` must be real numbers: None, strings, complex numbers, ragged
    lists and object arrays are an error naming what was given.
    """

    __slots__ = ("value", "inputs", "op", "name", "_grad", "_grad_pass", "requires_grad",
                 "_consumers", "_prune_at", "__weakref__")

    # Make numpy defer to Node for `array * node`, so that the result is a Node.
    __array_ufunc__ = None

    def __init__(self, value, name=None, requires_grad=True, *, inputs=(), op=None):
        # An operation's output is already a float ndarray: only other input is converted (and checked).
        if type(value) is not np.ndarray or value.dtype.kind != "f":
            value = as_float_array(value, "Node: value")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Node: name must be a string or None, got {type(name).__name__}")
        self.value = value
        self.inputs = inputs
        self.op = op
        self.name = name
        self._grad = None
        self._grad_pass = 0
        self.requires_grad = requires_grad
        # Consumers are held weakly: a parameter must not keep alive the graphs
        # of old training steps that once used it.
        self._consumers = []
        self._prune_at = 4
        if inputs:
            ref = weakref.ref(self)
            for node in inputs:
                refs = node._consumers
                if refs and refs[-1] is ref:  # x * x: one consumer, however many slots
                    continue
                refs.append(ref)
                if len(refs) >= node._prune_at:  # drop the references of dead graphs
                    refs[:] = [r for r in refs if r() is not None]
                    node._prune_at = 2 * len(refs) + 4

    @property
    def grad(self):
        """∂z/∂(this node) from the latest :func:`backprop` that reached it (None before any)."""
        return self._grad

    @grad.setter
    def grad(self, value):
        # A gradient set by hand counts as one of the latest pass (see current_gradients).
        self._grad = value
        self._grad_pass = _PASS[0]

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
    if not isinstance(z, Node):
        raise TypeError(f"topological_order needs a Node, got {type(z).__name__}")
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

    ``z`` must be a scalar unless ``grad`` (∂L/∂z, the shape of ``z``, finite) is given.
    Returns the grad table, a dict from node to gradient, fresh for each call.
    Each node's ``.grad`` is overwritten, is its own array, and is stamped with
    this call's pass number (the contract in the module docstring).
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
        # A copy: the caller's array must not become (and be changed as) z.grad.
        grad = np.array(check_finite(grad, "backprop: the grad= seed"), dtype=z.value.dtype)
        if grad.shape != z.value.shape:
            raise ValueError(f"grad has shape {grad.shape}, but z has shape {z.value.shape}")

    _PASS[0] += 1
    number = _PASS[0]
    table = {z: grad}
    get = table.get
    ndarray = np.ndarray
    input_values = {}  # u^j -> the values of u^j.inputs, gathered once per node
    for node in reversed(topological_order(z)):  # z first, then consumers before inputs
        if node is z:
            G = grad
        else:
            G = source = None
            for ref in node._consumers:
                consumer = ref()
                if consumer is None:  # a node of a graph that is gone
                    continue
                G_j = get(consumer)
                if G_j is None:  # not on a path to z
                    continue
                values = input_values[consumer]
                for i, u in enumerate(consumer.inputs):
                    if u is node:
                        contribution = consumer.op.backprop(values, consumer.value, i, G_j)
                        # Accumulate into a new array: an op may return G_j itself,
                        # and adding in place would change another node's gradient.
                        G = contribution if G is None else G + contribution
                        source = G_j
            # An op may pass its G_j on unchanged (add: to both inputs) or as a view
            # (transpose, reshape): copy those, so that no two nodes' .grad share memory.
            # (Op.backprop returns a new array otherwise; a sum is a new array, never a G_j.)
            if G is not None and (G is source or G.__class__ is not ndarray or G.base is not None):
                G = np.array(G)
            table[node] = G
        node._grad = G
        node._grad_pass = number
        if node.inputs:
            input_values[node] = [u.value for u in node.inputs]
    return table


def current_gradients(nodes):
    """The (node, grad) pairs of ``nodes`` whose gradient is from the latest pass among them.

    A node with no gradient, or one left by an earlier :func:`backprop` that the
    latest pass reaching any of ``nodes`` did not reach (a stale gradient), is left out.
    """
    latest = latest_pass(nodes)
    return [(node, node._grad) for node in nodes
            if node._grad_pass == latest and node._grad is not None]


def latest_pass(nodes):
    """The number of the latest :func:`backprop` pass that set a gradient among ``nodes`` (0 if none)."""
    latest = 0
    for node in nodes:
        if node._grad_pass > latest and node._grad is not None:
            latest = node._grad_pass
    return latest


def graph_table(z):
    """The graph behind ``z`` as rows, inputs first: one dict per node.

    Each row has the node's ``name`` (or ``n<index>``), ``op`` (``None`` for a
    leaf), ``shape``, ``inputs`` (the names of its inputs, in order, constants
    included) and ``requires_grad``. Edges run from every input to the node.
    """
    if not isinstance(z, Node):
        raise TypeError(f"graph_table needs a Node, got {type(z).__name__}")
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

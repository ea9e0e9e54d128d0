"""The base of every operation: :class:`Op`, and :func:`unbroadcast` for broadcast inputs.

``forward(*values)`` computes the output array from the input arrays.
``backprop(inputs, output, i, G)`` returns the gradient of the loss with
respect to input ``i``, given the input arrays, the output array and
G = ∂L/∂output. It has exactly input ``i``'s shape: where numpy broadcast an
input, the gradient is summed back over the broadcast axes (:func:`unbroadcast`).

Input checks live in :mod:`dlnotes.checks`, one function per kind: an
elementwise operation calls :func:`~dlnotes.checks.check_broadcastable` with
its name and its operands' shapes, so a mismatch names the operation and both
shapes; :meth:`Op.apply` names the operation and the input that is not numbers.
"""

import abc

from dlnotes.checks import as_float_array
from dlnotes.graph import Node

__all__ = ["Op", "unbroadcast"]


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
        """∂L/∂inputs[i], given G = ∂L/∂output; the shape of inputs[i].

        A new array, or ``G`` itself, or a view of ``G`` (which back-propagation
        copies, so that no two nodes share a gradient): never an array the op
        keeps, nor one of the input values.
        """

    def apply(self, *args):
        nodes = args
        for a in args:
            if a.__class__ is not Node:  # a constant among the inputs: make it a leaf
                nodes = tuple([u if isinstance(u, Node) else self._constant(u, k, len(args))
                               for k, u in enumerate(args)])
                break
        requires_grad = False
        for u in nodes:
            if u.requires_grad:
                requires_grad = True
                break
        return Node(self.forward(*[u.value for u in nodes]), inputs=nodes, op=self,
                    requires_grad=requires_grad)

    def _constant(self, value, k, count):
        """A constant input as a leaf Node; an error naming the operation and the input if it is not numbers."""
        return Node(as_float_array(value, f"{self.name}: input {k + 1} of {count}"),
                    requires_grad=False)

    def __repr__(self):
        return f"{type(self).__name__}()"

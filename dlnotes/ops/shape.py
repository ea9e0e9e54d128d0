"""Shape and selection: indexing, reshaping, concatenating and stacking.

None of them computes anything new: each moves entries around, so each
backprop moves the gradient back to where the entries came from. Where an
entry was used several times (an index repeated), its gradients add up
(``np.add.at``, which accumulates over repeated indices where ``g[idx] += G``
would keep only the last).
"""

import numpy as np

from dlnotes.checks import check_axis
from dlnotes.ops.base import Op

__all__ = ["Index", "Reshape", "Concatenate", "Stack", "normalize_index"]


def _is_basic(index):
    """True for an index of ints, slices, None and Ellipsis only (a view, no repeats)."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(p is None or p is Ellipsis or isinstance(p, (slice, int, np.integer)) for p in parts)


def normalize_index(index):
    """``index`` with lists and integer arrays as ``np.intp`` arrays, masks as bool arrays.

    ``np.intp`` is the platform's index type: int32 on 32-bit WebAssembly
    (Pyodide), where int64 index arrays are converted (or refused) by some helpers.
    """
    def one(part):
        if part is None or part is Ellipsis or isinstance(part, (slice, int, np.integer)):
            return part
        if hasattr(part, "value") and hasattr(part, "op"):  # a Node used as an index
            raise TypeError("index with an array of integers or booleans, not a Node")
        array = np.asarray(part)
        if array.dtype == bool:
            return array
        if array.dtype.kind not in "iu" and array.size:
            raise IndexError(f"only integers, slices, None, Ellipsis and integer or boolean "
                             f"arrays are valid indices, got an array of dtype {array.dtype}")
        return array.astype(np.intp, copy=False)

    if isinstance(index, tuple):
        return tuple(one(p) for p in index)
    return one(index)


class Index(Op):
    """z = a[index]: basic slices, integer arrays (repeats allowed), pairs of them, boolean masks.

    ∂L/∂a is zero except where an entry was selected: there it is the sum of
    the gradients of every output position that selected it,
    ∂L/∂a[j] = Σ_{k: index(k) = j} G[k] (``np.add.at``).
    """
    name = "index"

    def __init__(self, index):
        self.index = normalize_index(index)
        self.basic = _is_basic(self.index)

    def forward(self, a):
        return a[self.index]

    def backprop(self, inputs, output, i, G):
        g = np.zeros_like(inputs[0])
        if self.basic:  # a view selects each entry at most once: plain assignment
            g[self.index] = G
        else:
            np.add.at(g, self.index, G)
        return g


class Reshape(Op):
    """z = a with a new shape (the same entries in the same row-major order);  ∂L/∂a = G reshaped back."""
    name = "reshape"

    def __init__(self, shape):
        self.shape = tuple(int(n) for n in shape)

    def forward(self, a):
        try:
            return a.reshape(self.shape)
        except ValueError:
            raise ValueError(f"cannot reshape an array of shape {a.shape} ({a.size} entries) "
                             f"into shape {self.shape}") from None

    def backprop(self, inputs, output, i, G):
        return G.reshape(inputs[0].shape)


class Concatenate(Op):
    """z = [a₀ | a₁ | …] along ``axis``;  ∂L/∂a_i = the slice of G that a_i filled."""
    name = "concatenate"

    def __init__(self, axis=0):
        self.axis = check_axis(axis, what="concatenate: axis")
        if isinstance(self.axis, tuple):
            raise TypeError(f"concatenate: axis must be one integer, got {axis!r}")

    def forward(self, *arrays):
        first = arrays[0]
        if first.ndim == 0:
            raise ValueError("concatenate needs arrays of at least one dimension, got a scalar: "
                             "use stack to join scalars")
        axis = check_axis(self.axis, first.ndim, what="concatenate: axis") % first.ndim
        for k, a in enumerate(arrays[1:], start=2):
            if a.ndim != first.ndim or a.shape[:axis] + a.shape[axis + 1:] != first.shape[:axis] + first.shape[axis + 1:]:
                raise ValueError(f"concatenate along axis {self.axis}: input {k} has shape {a.shape}, input 1 "
                                 f"{first.shape}; every axis but {self.axis} must match")
        return np.concatenate(arrays, axis=self.axis)

    def backprop(self, inputs, output, i, G):
        axis = self.axis % G.ndim
        start = sum(a.shape[axis] for a in inputs[:i])
        where = [slice(None)] * G.ndim
        where[axis] = slice(start, start + inputs[i].shape[axis])
        return G[tuple(where)]


class Stack(Op):
    """z[…, i, …] = a_i: the inputs stacked along a new ``axis``;  ∂L/∂a_i = G[…, i, …]."""
    name = "stack"

    def __init__(self, axis=0):
        self.axis = check_axis(axis, what="stack: axis")
        if isinstance(self.axis, tuple):
            raise TypeError(f"stack: axis must be one integer, got {axis!r}")

    def forward(self, *arrays):
        first = arrays[0]
        check_axis(self.axis, first.ndim + 1, what="stack: axis")
        for k, a in enumerate(arrays[1:], start=2):
            if a.shape != first.shape:
                raise ValueError(f"stack: input {k} has shape {a.shape}, input 1 {first.shape}; "
                                 "stacked arrays must all have one shape")
        return np.stack(arrays, axis=self.axis)

    def backprop(self, inputs, output, i, G):
        return np.take(G, i, axis=self.axis)

"""Attention and embeddings: scaled dot-product attention fused into one operation, and table lookup."""

import numpy as np

from dlnotes.checks import check_broadcastable
from dlnotes.ops.base import Op, unbroadcast

__all__ = ["ScaledDotProductAttention", "Embedding"]


class ScaledDotProductAttention(Op):
    """O = softmax(Q Kᵀ / √d + M) V over shapes Q (..., T, d), K (..., S, d), V (..., S, d_v).

    ``mask`` (boolean, broadcasting to (..., T, S)) is True where query t may
    attend to key s, as PyTorch's boolean ``attn_mask``; M is 0 there and −∞
    elsewhere. With P the attention weights and G = ∂L/∂O:

        ∂L/∂V = Pᵀ G,   ∂L/∂P = G Vᵀ,   ∂L/∂S = P ⊙ (∂L/∂P − rowsum(∂L/∂P ⊙ P)),
        ∂L/∂Q = ∂L/∂S · K / √d,   ∂L/∂K = (∂L/∂S)ᵀ Q / √d.

    Fused: the scores are shifted by their row maximum before exp (stable),
    and ∂L/∂S is computed once for Q and K.
    """
    name = "attention"

    def __init__(self, mask=None):
        if mask is not None:
            mask = np.asarray(mask)
            if mask.dtype != bool:
                raise ValueError(f"attention: mask must be boolean (True where a query may attend), "
                                 f"got dtype {mask.dtype}")
            if not mask.any(axis=-1).all():
                raise ValueError("attention: a query row of the mask is all False: that query "
                                 "has nothing to attend to (its softmax would be NaN)")
        self.mask = mask
        self.P = None
        self._G = self._dS = None

    def forward(self, Q, K, V):
        if Q.ndim < 2 or K.ndim < 2 or V.ndim < 2:
            raise ValueError(f"attention needs Q, K, V of shape (..., T, d), got {Q.shape}, {K.shape}, {V.shape}")
        if Q.shape[-1] != K.shape[-1] or K.shape[-2] != V.shape[-2]:
            raise ValueError(f"attention: Q {Q.shape}, K {K.shape} and V {V.shape} do not fit "
                             "(Q and K need the same d, K and V the same number of keys)")
        if Q.shape[-1] == 0 or K.shape[-2] == 0:
            raise ValueError(f"attention needs d ≥ 1 and at least one key, got Q {Q.shape} and K {K.shape}: "
                             "a softmax over no keys is undefined")
        check_broadcastable("attention (the batch axes of Q, K and V)", Q.shape[:-2], K.shape[:-2], V.shape[:-2])
        self.scale = 1.0 / np.sqrt(Q.shape[-1])
        S = (Q * self.scale) @ np.swapaxes(K, -1, -2)
        if self.mask is not None:
            try:
                fits = np.broadcast_shapes(self.mask.shape, S.shape) == S.shape
            except ValueError:
                fits = False
            if not fits:
                raise ValueError(f"attention: a mask of shape {self.mask.shape} does not broadcast to "
                                 f"the scores' shape {S.shape} (..., queries, keys)")
            S = np.where(self.mask, S, -np.inf)
        S -= S.max(axis=-1, keepdims=True)
        P = np.exp(S, out=S)
        P /= P.sum(axis=-1, keepdims=True)
        self.P = P
        return P @ V

    def _scores_grad(self, V, G):
        """∂L/∂S (the scores before the softmax), once per upstream gradient G."""
        if G is not self._G:
            dP = G @ np.swapaxes(V, -1, -2)
            dP -= (dP * self.P).sum(axis=-1, keepdims=True)
            dP *= self.P
            self._G, self._dS = G, dP
        return self._dS

    def backprop(self, inputs, output, i, G):
        Q, K, V = inputs
        if i == 2:
            return unbroadcast(np.swapaxes(self.P, -1, -2) @ G, V.shape)
        dS = self._scores_grad(V, G)
        if i == 0:
            return unbroadcast((dS @ K) * self.scale, Q.shape)
        return unbroadcast((np.swapaxes(dS, -1, -2) @ Q) * self.scale, K.shape)


class Embedding(Op):
    """E = table[ids]: row ids[k] of the (vocabulary, d) table for every integer id, any shape of ids.

    ∂L/∂table[r] = Σ_{k: ids[k] = r} G[k]: a row used several times gathers
    the gradient of every use (``np.add.at``).
    """
    name = "embedding"

    def __init__(self, ids):
        ids = np.asarray(ids)
        if ids.dtype.kind not in "iu":
            raise ValueError(f"embedding: ids must be integers, got dtype {ids.dtype}")
        # np.intp: the platform's index type (int32 under 32-bit Pyodide).
        self.ids = ids.astype(np.intp, copy=False)

    def forward(self, table):
        if table.ndim != 2:
            raise ValueError(f"embedding: the table must have shape (vocabulary, d), got shape {table.shape}")
        if self.ids.size and (self.ids.min() < 0 or self.ids.max() >= len(table)):
            raise ValueError(f"embedding: ids must lie in [0, {len(table)}), got values from "
                             f"{self.ids.min()} to {self.ids.max()}")
        return table[self.ids]

    def backprop(self, inputs, output, i, G):
        g = np.zeros_like(inputs[0])
        np.add.at(g, self.ids.reshape(-1), G.reshape(-1, G.shape[-1]))
        return g

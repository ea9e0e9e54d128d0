"""Attention layers: ``MultiHeadAttention``, the pre-norm ``TransformerBlock``, and ``Embedding``."""

import numpy as np

from dlnotes import functions as F
from dlnotes.checks import check_count, check_rng
from dlnotes.graph import Node, as_node
from dlnotes.nn.base import Layer
from dlnotes.nn.dropout import Dropout
from dlnotes.nn.mlp import Linear
from dlnotes.nn.normalization import LayerNorm

__all__ = ["MultiHeadAttention", "TransformerBlock", "Embedding"]


class MultiHeadAttention(Layer):
    """MultiHead(X) = Concat(head₁, …, head_h) W_o + b_o, head_i = attention(X W_q⁽ⁱ⁾, X W_k⁽ⁱ⁾, X W_v⁽ⁱ⁾).

    X has shape (batch, steps, num_hiddens); each of the ``num_heads`` heads
    attends in its own num_hiddens/num_heads dimensions: the columns of W_q,
    W_k, W_v are split into consecutive blocks, one per head (PyTorch's
    layout). ``mask`` (steps, steps) or (batch, steps, steps), True where a query may
    attend to a key, is shared by all heads. ``context``, when given, supplies
    the keys and values (cross-attention); otherwise X does (self-attention).
    """

    def __init__(self, num_hiddens, num_heads, rng, bias=True, name=""):
        num_hiddens = check_count(num_hiddens, "MultiHeadAttention: num_hiddens")
        num_heads = check_count(num_heads, "MultiHeadAttention: num_heads")
        if num_hiddens % num_heads:
            raise ValueError(f"MultiHeadAttention: num_hiddens ({num_hiddens}) must be a multiple of "
                             f"num_heads ({num_heads})")
        self.num_hiddens, self.num_heads = num_hiddens, num_heads
        self.W_q, self.W_k, self.W_v, self.W_o = (
            Linear(num_hiddens, num_hiddens, rng, gain=1.0, name=f"{name}_{k}") for k in "qkvo")
        if not bias:
            for layer in (self.W_q, self.W_k, self.W_v, self.W_o):
                layer.b.requires_grad = False  # a zero bias that never trains

    def check_input(self, X, who="MultiHeadAttention"):
        """A ValueError unless X has shape (batch, steps, num_hiddens)."""
        if X.ndim != 3 or X.shape[-1] != self.num_hiddens:
            raise ValueError(f"{who} expects X of shape (batch, steps, {self.num_hiddens}), "
                             f"got shape {X.shape}")

    def _split_heads(self, h):
        """(batch, steps, num_hiddens) → (batch, heads, steps, num_hiddens/heads)."""
        B, T, _ = h.shape
        return F.transpose(F.reshape(h, (B, T, self.num_heads, self.num_hiddens // self.num_heads)), (0, 2, 1, 3))

    def __call__(self, X, mask=None, context=None):
        X = as_node(X)
        self.check_input(X)
        if context is None:
            context = X
        else:
            context = as_node(context)
            if context.ndim != 3 or context.shape[-1] != self.num_hiddens or context.shape[0] != X.shape[0]:
                raise ValueError(f"MultiHeadAttention expects context of shape ({X.shape[0]}, steps, "
                                 f"{self.num_hiddens}) for X of shape {X.shape}, got shape {context.shape}")
        Q = self._split_heads(self.W_q(X))
        K = self._split_heads(self.W_k(context))
        V = self._split_heads(self.W_v(context))
        if mask is not None:
            mask = np.asarray(mask)
            if mask.ndim == 3:  # one mask per example, shared by the heads
                mask = mask[:, np.newaxis]
        heads = F.scaled_dot_product_attention(Q, K, V, mask)  # (batch, heads, steps, d_head)
        B, _, T, _ = heads.shape
        return self.W_o(F.reshape(F.transpose(heads, (0, 2, 1, 3)), (B, T, self.num_hiddens)))

    def sublayers(self):
        return [self.W_q, self.W_k, self.W_v, self.W_o]


class TransformerBlock(Layer):
    """A pre-norm transformer (encoder) block:

        H = X + MultiHead(LayerNorm(X)),   Y = H + FFN(LayerNorm(H)),
        FFN(h) = relu(h W₁ + b₁) W₂ + b₂,

    with dropout (p = ``dropout``) on each sublayer's output before it joins
    the residual stream, as ``torch.nn.TransformerEncoderLayer(norm_first=True)``.
    """

    def __init__(self, num_hiddens, num_heads, ffn_num_hiddens, rng, dropout=0.0, name=""):
        check_count(ffn_num_hiddens, "TransformerBlock: ffn_num_hiddens")
        self.norm1 = LayerNorm(num_hiddens, name=f"{name}_1")
        self.attention = MultiHeadAttention(num_hiddens, num_heads, rng, name=f"{name}_attn")
        self.norm2 = LayerNorm(num_hiddens, name=f"{name}_2")
        self.ffn1 = Linear(num_hiddens, ffn_num_hiddens, rng, name=f"{name}_ffn1")
        self.ffn2 = Linear(ffn_num_hiddens, num_hiddens, rng, gain=1.0, name=f"{name}_ffn2")
        self.dropout1, self.dropout2 = Dropout(dropout, rng), Dropout(dropout, rng)

    def __call__(self, X, mask=None):
        X = as_node(X)
        self.attention.check_input(X, "TransformerBlock")
        H = X + self.dropout1(self.attention(self.norm1(X), mask))
        return H + self.dropout2(self.ffn2(F.relu(self.ffn1(self.norm2(H)))))

    def sublayers(self):
        return [self.norm1, self.attention, self.norm2, self.ffn1, self.ffn2, self.dropout1, self.dropout2]


class Embedding(Layer):
    """E = table[ids]: a learned (vocabulary, num_hiddens) table, rows starting from N(0, 1)."""

    def __init__(self, vocab_size, num_hiddens, rng, name=""):
        vocab_size = check_count(vocab_size, "Embedding: vocab_size")
        num_hiddens = check_count(num_hiddens, "Embedding: num_hiddens")
        check_rng(rng, "Embedding: rng")
        self.table = Node(rng.normal(size=(vocab_size, num_hiddens)), name=f"E{name}")

    def __call__(self, ids):
        return F.embedding(ids, self.table)

    def own_parameters(self):
        return [self.table]

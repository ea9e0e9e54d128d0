"""Attention and the transformer (Bahdanau, Cho & Bengio 2015; Vaswani et al. 2017).

Scaled dot-product attention reads every position of a sequence at once:

    Attention(Q, K, V) = softmax(Q Kᵀ / √d) V,

row t of P = softmax(Q Kᵀ/√d) saying how much query t reads each key s. Two
consequences this module measures:

* path length: in a recurrent network position T−1 hears about position 0
  after T−1 sequential steps, in a stack of width-k convolutions after
  ⌈(T−1)/(k−1)⌉ layers; one attention layer connects every pair in one step,
  at the price of a T×T score matrix, a cost quadratic in T;
* the 1/√d: for q, k with independent unit-variance entries, q·k has variance
  d; dividing by √d brings it back to 1, so the softmax does not saturate.

Attention alone ignores order: permuting the positions of X permutes the
output rows the same way. A positional encoding added to the embeddings is
what lets a transformer tell positions apart, and so learn, e.g., to reverse
a sequence (:class:`SequenceTransformer`, :func:`reversal_task`).
"""

import numpy as np

from dlnotes import functions as F
from dlnotes.graph import Node, backprop
from dlnotes.losses import cross_entropy
from dlnotes.nn.attention import Embedding, TransformerBlock
from dlnotes.nn.base import Layer
from dlnotes.nn.mlp import Linear
from dlnotes.optim import SGD

__all__ = ["attention_weights", "block_attention_maps", "path_length", "attention_cost", "SequenceTransformer", "reversal_task",
           "train_sequence_model", "sequence_accuracy"]


def attention_weights(Q, K):
    """P = softmax(Q Kᵀ / √d) over the last axis, for arrays Q (..., T, d) and K (..., S, d)."""
    Q, K = np.asarray(Q, dtype=float), np.asarray(K, dtype=float)
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    scores -= scores.max(axis=-1, keepdims=True)
    P = np.exp(scores)
    return P / P.sum(axis=-1, keepdims=True)


def _neighbours(kind, t, length, kernel_size):
    """The positions of the layer below that position t of a layer reads directly."""
    if kind == "recurrent":   # h_t = f(h_{t−1}, x_t): one step back in time, or the input at t
        return [t - 1, t] if t > 0 else [t]
    if kind == "convolutional":
        r = (kernel_size - 1) // 2
        return range(max(0, t - r), min(length, t + r + 1))
    if kind == "attention":
        return range(length)
    raise ValueError(f"unknown kind {kind!r}: choose 'recurrent', 'convolutional' or 'attention'")


def block_attention_maps(block, X):
    """The attention weights of every head of a pre-norm :class:`~dlnotes.nn.TransformerBlock` reading
    X (N, T, num_hiddens): softmax(Q Kᵀ/√d) with Q, K the heads' projections of LayerNorm(X), (N, heads, T, T)."""
    attention = block.attention
    Xn = block.norm1(X)
    Q = attention._split_heads(attention.W_q(Xn)).value
    K = attention._split_heads(attention.W_k(Xn)).value
    return attention_weights(Q, K)


def path_length(distance, kind, kernel_size=3):
    """The fewest sequential operations by which position ``distance`` comes to depend on position 0.

    Found by search over the dependency graph, one layer (or time step) at a
    time: after each operation, the positions whose state depends on position
    0 are those that read one that already did. Recurrent networks: ``distance``
    steps; a stack of convolutions of odd width k: ⌈distance/((k − 1)/2)⌉ layers
    (a centred window reaches (k − 1)/2 positions each way); attention: 1.
    """
    if distance < 1:
        raise ValueError(f"distance must be ≥ 1, got {distance}")
    length = distance + 1
    reached = {0}  # the positions whose state already depends on position 0
    steps = 0
    while distance not in reached:
        steps += 1
        reached = {t for t in range(length) if any(s in reached for s in _neighbours(kind, t, length, kernel_size))}
        if steps > length * length:  # cannot happen for the kinds above; a guard, not a result
            raise RuntimeError("position 0 never reaches the last position")
    return steps


def attention_cost(num_steps, num_hiddens):
    """Multiply-adds of one attention layer's mixing, Q Kᵀ and P V: 2·T²·d (the projections aside)."""
    return 2 * num_steps * num_steps * num_hiddens


class SequenceTransformer(Layer):
    """tokens (N, T) → logits (N, T, vocab): an embedding (plus, if ``positional``, the sinusoidal
    encoding P of Vaswani et al.), ``num_blocks`` pre-norm transformer blocks, and a linear read-out.

        H⁰ = E[tokens] + P,   H^l = Block(H^{l−1}),   logits = H^L W + b.
    """

    def __init__(self, vocab_size, num_steps, num_hiddens=32, num_heads=2, ffn_num_hiddens=64, num_blocks=1,
                 positional=True, seed=0):
        rng = np.random.default_rng(seed)
        self.embedding = Embedding(vocab_size, num_hiddens, rng)
        self.embedding.table.value *= 0.5  # unit-scale tokens would drown the encoding's ±1
        self.positional = positional
        self.encoding = F.sinusoidal_positional_encoding(num_steps, num_hiddens)
        self.blocks = [TransformerBlock(num_hiddens, num_heads, ffn_num_hiddens, rng, name=str(k))
                       for k in range(num_blocks)]
        self.readout = Linear(num_hiddens, vocab_size, rng, gain=1.0, name="out")

    def embed(self, tokens):
        H = self.embedding(np.asarray(tokens, dtype=np.intp))
        if self.positional:
            H = H + Node(self.encoding[:H.shape[1]], requires_grad=False)
        return H

    def __call__(self, tokens):
        H = self.embed(tokens)
        for block in self.blocks:
            H = block(H)
        return self.readout(H)

    def attention_maps(self, tokens, block=0):
        """The attention weights of every head of ``block``: an array (N, heads, T, T)."""
        H = self.embed(tokens)
        for earlier in self.blocks[:block]:
            H = earlier(H)
        return block_attention_maps(self.blocks[block], H)

    def sublayers(self):
        return [self.embedding, *self.blocks, self.readout]


def reversal_task(num_sequences, num_steps, vocab_size, rng):
    """Random token sequences X (N, T) and their reversals y (N, T): y_t = x_{T−1−t}."""
    X = rng.integers(0, vocab_size, size=(num_sequences, num_steps)).astype(np.intp)
    return X, X[:, ::-1].copy()


def sequence_accuracy(model, X, y):
    """The fraction of positions whose most likely token is the target."""
    return float(np.mean(np.argmax(model(X).value, axis=-1) == y))


def train_sequence_model(model, X, y, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Minibatch SGD on the cross-entropy of every position's prediction; returns the loss per epoch."""
    rng = np.random.default_rng(seed)
    optimizer = SGD(model.parameters(), lr)
    vocab = None
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        total = 0.0
        for start in range(0, len(X), batch_size):
            rows = order[start:start + batch_size]
            logits = model(X[rows])
            vocab = logits.shape[-1]
            J = cross_entropy(F.reshape(logits, (-1, vocab)), y[rows].reshape(-1))
            backprop(J)
            optimizer.step()
            total += float(J.value) * len(rows)
        losses.append(total / len(X))
    return np.array(losses)


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
from dlnotes.checks import check_count, check_finite, check_index, check_rng, check_same_length
from dlnotes.graph import Node, backprop
from dlnotes.losses import cross_entropy
from dlnotes.nn.attention import Embedding, TransformerBlock
from dlnotes.nn.base import Layer
from dlnotes.nn.mlp import Linear
from dlnotes.optim import SGD

#: path_length searches position by position, about distance² steps: it refuses longer distances.
MAX_PATH_DISTANCE = 1000

__all__ = ["attention_weights", "block_attention_maps", "path_length", "attention_cost", "SequenceTransformer", "reversal_task",
           "train_sequence_model", "sequence_accuracy", "MAX_PATH_DISTANCE"]


def attention_weights(Q, K):
    """P = softmax(Q Kᵀ / √d) over the last axis, for arrays Q (..., T, d) and K (..., S, d)."""
    Q, K = check_finite(Q, "attention_weights: Q"), check_finite(K, "attention_weights: K")
    if Q.ndim < 2 or K.ndim < 2 or Q.shape[-1] != K.shape[-1] or Q.shape[-1] == 0 or K.shape[-2] == 0:
        raise ValueError(f"attention_weights needs Q (..., T, d) and K (..., S, d) with one d ≥ 1 and S ≥ 1, "
                         f"got shapes {Q.shape} and {K.shape}")
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
    if not isinstance(block, TransformerBlock):
        raise TypeError(f"block_attention_maps needs a TransformerBlock, got {type(block).__name__}")
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
    distance = check_count(distance, "path_length: distance")
    if distance > MAX_PATH_DISTANCE:  # the search costs about distance² steps
        raise ValueError(f"path_length: distance must be at most MAX_PATH_DISTANCE = {MAX_PATH_DISTANCE}, got {distance}")
    if kind == "convolutional":
        kernel_size = check_count(kernel_size, "path_length: kernel_size", minimum=3)
        if kernel_size % 2 == 0:
            raise ValueError(f"path_length: kernel_size must be odd (a centred window), got {kernel_size}")
    elif kind not in ("recurrent", "attention"):
        raise ValueError(f"unknown kind {kind!r}: choose 'recurrent', 'convolutional' or 'attention'")
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
    num_steps = check_count(num_steps, "attention_cost: num_steps")
    num_hiddens = check_count(num_hiddens, "attention_cost: num_hiddens")
    return 2 * num_steps * num_steps * num_hiddens


class SequenceTransformer(Layer):
    """tokens (N, T) → logits (N, T, vocab): an embedding (plus, if ``positional``, the sinusoidal
    encoding P of Vaswani et al.), ``num_blocks`` pre-norm transformer blocks, and a linear read-out.

        H⁰ = E[tokens] + P,   H^l = Block(H^{l−1}),   logits = H^L W + b.
    """

    def __init__(self, vocab_size, num_steps, num_hiddens=32, num_heads=2, ffn_num_hiddens=64, num_blocks=1,
                 positional=True, seed=0):
        num_steps = check_count(num_steps, "SequenceTransformer: num_steps")
        num_blocks = check_count(num_blocks, "SequenceTransformer: num_blocks", minimum=0)
        if not isinstance(positional, (bool, np.bool_)):
            raise TypeError(f"SequenceTransformer: positional must be True or False, got {positional!r}")
        rng = np.random.default_rng(seed)
        self.num_steps = num_steps
        self.embedding = Embedding(vocab_size, num_hiddens, rng)
        self.embedding.table.value *= 0.5  # unit-scale tokens would drown the encoding's ±1
        self.positional = positional
        self.encoding = F.sinusoidal_positional_encoding(num_steps, num_hiddens)
        self.blocks = [TransformerBlock(num_hiddens, num_heads, ffn_num_hiddens, rng, name=str(k))
                       for k in range(num_blocks)]
        self.readout = Linear(num_hiddens, vocab_size, rng, gain=1.0, name="out")

    def embed(self, tokens):
        H = self.embedding(self._tokens(tokens))
        if self.positional:
            H = H + Node(self.encoding[:H.shape[1]], requires_grad=False)
        return H

    def __call__(self, tokens):
        H = self.embed(tokens)
        for block in self.blocks:
            H = block(H)
        return self.readout(H)

    def _tokens(self, tokens):
        """``tokens`` as an (N, T) array of integer ids with 1 ≤ T ≤ num_steps (the encoding's length)."""
        tokens = np.asarray(tokens)
        if tokens.dtype.kind not in "iu":  # a float id such as 0.5 would be truncated to 0
            raise TypeError(f"SequenceTransformer: tokens must be integer ids, got dtype {tokens.dtype}")
        if tokens.ndim != 2 or not 1 <= tokens.shape[1] <= self.num_steps:
            raise ValueError(f"SequenceTransformer: tokens must have shape (N, T) with 1 ≤ T ≤ num_steps = "
                             f"{self.num_steps}, got shape {tokens.shape}")
        return tokens.astype(np.intp, copy=False)

    def attention_maps(self, tokens, block=0):
        """The attention weights of every head of ``block``: an array (N, heads, T, T)."""
        block = check_index(block, len(self.blocks), "SequenceTransformer.attention_maps: block")
        H = self.embed(tokens)
        for earlier in self.blocks[:block]:
            H = earlier(H)
        return block_attention_maps(self.blocks[block], H)

    def sublayers(self):
        return [self.embedding, *self.blocks, self.readout]


def reversal_task(num_sequences, num_steps, vocab_size, rng):
    """Random token sequences X (N, T) and their reversals y (N, T): y_t = x_{T−1−t}."""
    num_sequences = check_count(num_sequences, "reversal_task: num_sequences")
    num_steps = check_count(num_steps, "reversal_task: num_steps")
    vocab_size = check_count(vocab_size, "reversal_task: vocab_size")
    check_rng(rng, "reversal_task: rng")
    X = rng.integers(0, vocab_size, size=(num_sequences, num_steps)).astype(np.intp)
    return X, X[:, ::-1].copy()


def sequence_accuracy(model, X, y):
    """The fraction of positions whose most likely token is the target."""
    X, y = _sequences(X, y, "sequence_accuracy")
    return float(np.mean(np.argmax(model(X).value, axis=-1) == y))


def _sequences(X, y, who):
    """(X, y) as integer arrays of one shape (N, T) with N ≥ 1."""
    X = np.asarray(X)
    y = check_same_length(X, y, who)
    if X.shape != y.shape or X.ndim != 2 or len(X) == 0:
        raise ValueError(f"{who}: X and y must be token arrays of one shape (N, T) with N ≥ 1, got "
                         f"{X.shape} and {y.shape}")
    return X, y


def train_sequence_model(model, X, y, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Minibatch SGD on the cross-entropy of every position's prediction; returns the loss per epoch."""
    X, y = _sequences(X, y, "train_sequence_model")
    epochs = check_count(epochs, "train_sequence_model: epochs")
    batch_size = check_count(batch_size, "train_sequence_model: batch_size")
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


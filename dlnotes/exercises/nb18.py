"""Exercises of notebook 18, attention and the transformer: attention itself, the positional encoding, a causal mask."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "ATTENTION", "POSITIONAL_ENCODING", "CAUSAL_MASK",
           "attention", "positional_encoding", "causal_mask"]

NOTEBOOK = "18_attention_and_the_transformer"
_rng = np.random.default_rng(18)


def _softmax(S, axis=-1):
    S = S - S.max(axis=axis, keepdims=True)
    E = np.exp(S)
    return E / E.sum(axis=axis, keepdims=True)


# --- 1. scaled dot-product attention ------------------------------------------------------

def attention(Q, K, V):
    d = Q.shape[-1]
    P = _softmax(Q @ K.T / np.sqrt(d), axis=-1)  # row t: how much query t reads each key
    return P @ V


def _unscaled(Q, K, V):
    return _softmax(Q @ K.T, axis=-1) @ V


def _scaled_by_d(Q, K, V):
    return _softmax(Q @ K.T / Q.shape[-1], axis=-1) @ V


def _softmax_over_queries(Q, K, V):
    return _softmax(Q @ K.T / np.sqrt(Q.shape[-1]), axis=0) @ V


def _attention_case(T, S, d, d_v):
    return 2 * _rng.normal(size=(T, d)), 2 * _rng.normal(size=(S, d)), _rng.normal(size=(S, d_v))


ATTENTION = Exercise(
    NOTEBOOK, "attention",
    "Write softmax(Q Kᵀ/√d) V for Q (T, d), K (S, d) and V (S, d_v), the softmax over the keys.",
    attention,
    cases=[_attention_case(4, 4, 8, 3), _attention_case(3, 5, 16, 2), _attention_case(1, 6, 4, 4),
           _attention_case(5, 2, 2, 1)],
    mistakes=[
        (_unscaled, "the scores are not scaled: divide Q Kᵀ by √d, or for large d the softmax saturates."),
        (_scaled_by_d, "scale by √d, not d: q·k has variance d, so its standard deviation is √d."),
        (_softmax_over_queries, "the softmax runs over the keys (each row, axis −1): every query's weights "
                                "over the positions it reads sum to 1."),
    ],
)


# --- 2. the sinusoidal positional encoding -------------------------------------------------

def positional_encoding(num_steps, d):
    t = np.arange(num_steps)[:, np.newaxis]
    frequencies = 10000.0 ** (-np.arange(0, d, 2) / d)  # one frequency per pair of columns
    P = np.zeros((num_steps, d))
    P[:, 0::2] = np.sin(t * frequencies)
    P[:, 1::2] = np.cos(t * frequencies)
    return P


def _swapped(num_steps, d):
    P = positional_encoding(num_steps, d)
    return np.stack([P[:, 1::2], P[:, 0::2]], axis=-1).reshape(num_steps, d)


def _growing_frequency(num_steps, d):
    t = np.arange(num_steps)[:, np.newaxis]
    frequencies = 10000.0 ** (np.arange(0, d, 2) / d)
    P = np.zeros((num_steps, d))
    P[:, 0::2] = np.sin(t * frequencies)
    P[:, 1::2] = np.cos(t * frequencies)
    return P


POSITIONAL_ENCODING = Exercise(
    NOTEBOOK, "positional_encoding",
    "Write P[t, 2i] = sin(t / 10000^(2i/d)), P[t, 2i+1] = cos(t / 10000^(2i/d)) for t < num_steps (d even).",
    positional_encoding,
    cases=[(6, 8), (10, 4), (1, 2), (5, 16)],
    mistakes=[
        (_swapped, "sine and cosine are swapped: the even columns hold the sines, the odd ones the cosines."),
        (_growing_frequency, "the exponent's sign is flipped: the frequencies 1/10000^(2i/d) fall from 1 to "
                             "nearly 1/10000 across the columns, they do not grow."),
    ],
)


# --- 3. a causal mask ------------------------------------------------------------------------

def causal_mask(num_steps):
    t = np.arange(num_steps)
    return t[np.newaxis, :] <= t[:, np.newaxis]  # query t (row) may read keys s ≤ t (columns)


def _strict(num_steps):
    t = np.arange(num_steps)
    return t[np.newaxis, :] < t[:, np.newaxis]


def _future(num_steps):
    t = np.arange(num_steps)
    return t[np.newaxis, :] >= t[:, np.newaxis]


CAUSAL_MASK = Exercise(
    NOTEBOOK, "causal_mask",
    "Write the (T, T) boolean mask, True where query t (row) may attend to key s (column): s ≤ t.",
    causal_mask,
    cases=[(1,), (2,), (4,), (7,)],
    mistakes=[
        (_strict, "a position may read itself: s ≤ t, not s < t (and with s < t the first query would "
                  "have nothing to read)."),
        (_future, "that lets each query read the future: rows are queries, so keep the columns s ≤ t "
                  "(the lower triangle)."),
    ],
)

EXERCISES = (ATTENTION, POSITIONAL_ENCODING, CAUSAL_MASK)

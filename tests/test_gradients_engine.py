"""Hypothesis over shapes and values for the architectures' operations (issue 8).

Each example draws shapes and settings, checks the output shape, and checks
back-propagation against central differences (float64, relative error ≤ 1e-6).
The fixed cases, and the comparisons with PyTorch, are in ``op_registry.py``.
"""

import numpy as np
from hypothesis import given, settings, strategies as st

import dlnotes as dl

small = st.integers(1, 3)


def weighted(fn, weights):
    return lambda *nodes: dl.sum(fn(*nodes) * weights)


def check(fn, *arrays, seed=0):
    out = fn(*[dl.Node(a) for a in arrays])
    # Another stream than the inputs: weights ∝ x would make G orthogonal to what normalization passes.
    weights = np.random.default_rng(seed + 10_000).normal(size=out.shape)
    assert dl.gradcheck(weighted(fn, weights), *arrays) <= 1e-6
    return out


@settings(max_examples=25, deadline=None)
@given(N=small, C=small, F=small, H=st.integers(1, 6), W=st.integers(1, 6), kh=small, kw=small,
       stride=small, padding=st.integers(0, 2), bias=st.booleans(), seed=st.integers(0, 1000))
def test_conv2d_hypothesis(N, C, F, H, W, kh, kw, stride, padding, bias, seed):
    if H + 2 * padding < kh or W + 2 * padding < kw:
        return
    rng = np.random.default_rng(seed)
    arrays = [rng.normal(size=(N, C, H, W)), rng.normal(size=(F, C, kh, kw))] + ([rng.normal(size=F)] if bias else [])
    out = check(lambda *a: dl.conv2d(*a, stride=stride, padding=padding), *arrays, seed=seed)
    assert out.shape == (N, F, (H + 2 * padding - kh) // stride + 1, (W + 2 * padding - kw) // stride + 1)


@settings(max_examples=25, deadline=None)
@given(N=small, C=small, H=st.integers(1, 7), W=st.integers(1, 7), size=small, stride=small,
       seed=st.integers(0, 1000))
def test_max_pool2d_hypothesis(N, C, H, W, size, stride, seed):
    if H < size or W < size:
        return
    # Distinct values, well apart: central differences see no tie flip.
    x = np.random.default_rng(seed).permutation(N * C * H * W).reshape(N, C, H, W) * 0.1
    out = check(lambda a: dl.max_pool2d(a, size, stride), x, seed=seed)
    assert out.shape == (N, C, (H - size) // stride + 1, (W - size) // stride + 1)


@settings(max_examples=30, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=4), data=st.data())
def test_shape_ops_hypothesis(shape, data):
    rng = np.random.default_rng(data.draw(st.integers(0, 1000)))
    x = rng.normal(size=shape)
    axes = tuple(data.draw(st.permutations(range(len(shape)))))
    check(lambda a: dl.transpose(a, axes), x)
    check(lambda a: a.reshape(-1), x)
    idx = rng.integers(0, shape[0], size=data.draw(st.integers(1, 6)))  # repeats likely
    check(lambda a: a[idx], x)
    check(lambda a: a[x > 0.3] if (x > 0.3).any() else a, x)
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    y = rng.normal(size=shape)
    check(lambda a, b: dl.concatenate([a, b, a], axis=axis), x, y)
    check(lambda a, b: dl.stack([a, b], axis=axis), x, y)
    keepdims = data.draw(st.booleans())
    check(lambda a: dl.var(a, axis=axis, keepdims=keepdims), x)
    check(lambda a: dl.max(a, axis=axis), x + np.arange(x.size).reshape(shape))  # no ties


@settings(max_examples=25, deadline=None)
@given(batch=st.lists(st.integers(1, 3), max_size=2), T=st.integers(1, 4), S=st.integers(1, 4),
       d=st.integers(1, 4), dv=st.integers(1, 3), masked=st.booleans(), seed=st.integers(0, 1000))
def test_attention_hypothesis(batch, T, S, d, dv, masked, seed):
    rng = np.random.default_rng(seed)
    Q, K, V = (rng.normal(size=(*batch, T, d)), rng.normal(size=(*batch, S, d)),
               rng.normal(size=(*batch, S, dv)))
    mask = None
    if masked:
        mask = rng.random((T, S)) < 0.5
        mask[np.arange(T), rng.integers(0, S, size=T)] = True  # each query sees a key
    out = check(lambda q, k, v: dl.scaled_dot_product_attention(q, k, v, mask), Q, K, V, seed=seed)
    assert out.shape == (*batch, T, dv)


@settings(max_examples=25, deadline=None)
@given(shape=st.sampled_from([(4, 3), (5, 1), (3, 2, 2, 3), (2, 1, 1, 3)]), scale=st.floats(0.01, 100),
       seed=st.integers(0, 1000))
def test_normalization_hypothesis(shape, scale, seed):
    rng = np.random.default_rng(seed)
    x = scale * rng.normal(size=shape)
    C, D = shape[1], shape[-1]
    check(dl.batch_norm, x, rng.normal(size=C), rng.normal(size=C), seed=seed)
    check(dl.layer_norm, x, rng.normal(size=D), rng.normal(size=D), seed=seed)


@settings(max_examples=25, deadline=None)
@given(ids_shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), vocab=st.integers(1, 5),
       d=st.integers(1, 3), seed=st.integers(0, 1000))
def test_embedding_hypothesis(ids_shape, vocab, d, seed):
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, vocab, size=ids_shape)
    out = check(lambda table: dl.embedding(ids, table), rng.normal(size=(vocab, d)), seed=seed)
    assert out.shape == (*ids_shape, d)

"""Softmax and friends: properties, and stability at extreme logits and temperatures."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import dlnotes as dl

logit_rows = hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(2, 6)),
                        elements=st.floats(-50, 50))


def entropy(p):
    return -np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0), axis=-1)


@settings(max_examples=50, deadline=None)
@given(z=logit_rows, shift=st.floats(-100, 100))
def test_softmax_sums_to_one_and_ignores_shifts(z, shift):
    p = dl.softmax(z).value
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(dl.softmax(z + shift).value, p, atol=1e-12)


def test_softmax_tends_to_one_hot_as_t_falls_and_uniform_as_t_grows():
    z = np.array([1.0, 3.0, 2.0, -1.0])
    np.testing.assert_allclose(dl.softmax(z, temperature=1e-3).value, [0, 1, 0, 0], atol=1e-12)
    np.testing.assert_allclose(dl.softmax(z, temperature=1e6).value, 0.25, atol=1e-5)


def test_entropy_grows_with_temperature():
    z = np.array([1.0, 3.0, 2.0, -1.0])
    temperatures = np.geomspace(0.05, 50, 40)
    H = [entropy(dl.softmax(z, temperature=T).value) for T in temperatures]
    assert np.all(np.diff(H) > 0)
    assert H[-1] < np.log(4)


@pytest.mark.parametrize("T", [1e-3, 1e-1, 1.0, 10.0, 1e3])
@pytest.mark.parametrize("scale", [1.0, 1e4])
def test_extreme_logits_and_temperatures_stay_finite_and_correct(T, scale):
    z = np.array([[1.0, -1.0, 0.5], [-1.0, -0.2, 1.0]]) * scale
    y = np.array([0, 2])
    # Reference: the same math in exact-enough extended precision, shifted by hand.
    s = z.astype(np.longdouble) / T
    s = s - s.max(axis=1, keepdims=True)
    ref_log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    log_p = dl.log_softmax(z, temperature=T).value
    p = dl.softmax(z, temperature=T).value
    ce = dl.cross_entropy(dl.Node(z), y, temperature=T)
    dl.backprop(ce)
    assert np.all(np.isfinite(log_p)) and np.all(np.isfinite(p)) and np.isfinite(ce.value)
    np.testing.assert_allclose(log_p, ref_log_p.astype(float), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(p, np.exp(ref_log_p).astype(float), atol=1e-15)
    assert float(ce.value) == pytest.approx(float(-ref_log_p[[0, 1], y].mean()), rel=1e-12, abs=1e-12)
    assert np.all(np.isfinite(ce.inputs[0].grad))


def test_cross_entropy_is_nll_of_log_softmax():
    z = np.random.default_rng(0).normal(size=(6, 4))
    y = np.array([0, 1, 2, 3, 0, 1])
    fused = dl.cross_entropy(z, y, temperature=2.0).value
    composed = dl.nll(dl.log_softmax(z, temperature=2.0), y).value
    assert float(fused) == pytest.approx(float(composed), rel=1e-14)


def test_binary_cross_entropy_is_stable_for_large_logits():
    z = dl.Node(np.array([-800.0, 800.0, 0.0]))
    loss = dl.binary_cross_entropy(z, np.array([1.0, 0.0, 1.0]))
    dl.backprop(loss)
    assert float(loss.value) == pytest.approx((800 + 800 + np.log(2)) / 3)
    np.testing.assert_allclose(z.grad, [-1 / 3, 1 / 3, (0.5 - 1) / 3])


def test_sigmoid_is_stable_and_symmetric():
    x = np.array([-1000.0, -5.0, 0.0, 5.0, 1000.0])
    s = dl.sigmoid(x).value
    np.testing.assert_allclose(s, [0.0, 1 / (1 + np.exp(5)), 0.5, 1 / (1 + np.exp(-5)), 1.0])
    np.testing.assert_allclose(s + dl.sigmoid(-x).value, 1.0)


def test_rectifier_family_is_one_formula():
    z = np.linspace(-3, 3, 13)
    family = lambda alpha: np.maximum(0, z) + alpha * np.minimum(0, z)  # noqa: E731
    np.testing.assert_allclose(dl.relu(z).value, family(0.0))
    np.testing.assert_allclose(dl.leaky_relu(z).value, family(0.01))
    np.testing.assert_allclose(dl.abs(z).value, np.abs(z))
    np.testing.assert_allclose(dl.prelu(z, dl.Node(0.3)).value, family(0.3))


def test_mse_and_penalties():
    y_hat, y = np.array([[1.0], [2.0]]), np.array([[0.0], [4.0]])
    assert float(dl.mse(y_hat, y).value) == pytest.approx(2.5)
    W = dl.Node([[1.0, -2.0]])
    assert float(dl.l2_penalty([W]).value) == pytest.approx(2.5)
    assert float(dl.l1_penalty([W]).value) == pytest.approx(3.0)

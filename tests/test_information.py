"""The entropy H(p) = −Σ p log p: known values, bounds, softmax limits, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import dlnotes as dl
from dlnotes.information import entropy


def test_known_values():
    assert entropy([1.0, 0.0, 0.0]) == 0.0
    assert entropy([0.5, 0.5]) == pytest.approx(np.log(2))
    assert entropy(np.full(7, 1 / 7)) == pytest.approx(np.log(7))
    # H(¼, ¾) = −¼ log ¼ − ¾ log ¾
    assert entropy([0.25, 0.75]) == pytest.approx(-0.25 * np.log(0.25) - 0.75 * np.log(0.75))


def test_zero_times_log_zero_is_zero_without_warnings():
    with np.errstate(all="raise"):
        assert entropy([0.0, 1.0]) == 0.0
        assert entropy([0.0, 0.5, 0.5]) == pytest.approx(np.log(2))


def test_one_hot_gives_plus_zero():
    assert np.signbit(entropy([0.0, 1.0])) == False  # noqa: E712 - not −0.0


def test_axis_and_batches():
    P = np.array([[0.5, 0.5], [1.0, 0.0], [0.25, 0.75]])
    H = entropy(P)
    assert H.shape == (3,)
    np.testing.assert_allclose(H, [entropy(row) for row in P])
    np.testing.assert_allclose(entropy(P.T, axis=0), H)


def test_accepts_a_node():
    s = dl.softmax(np.array([1.0, 2.0, 3.0]))
    assert entropy(s) == pytest.approx(entropy(s.value))


def test_softmax_temperature_limits():
    z = np.array([2.0, 1.0, 0.1, -1.0])
    assert entropy(dl.softmax(z, temperature=1e-3)) < 1e-12
    assert entropy(dl.softmax(z, temperature=1e6)) == pytest.approx(np.log(4), abs=1e-9)


def test_increases_with_temperature():
    z = np.array([2.0, 1.0, 0.1, -1.0])
    H = [entropy(dl.softmax(z, temperature=T)) for T in np.logspace(-1, 2, 40)]
    assert np.all(np.diff(H) > 0)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(0.0, 1.0)))
def test_between_zero_and_log_k(weights):
    if weights.sum() == 0:
        weights = np.ones_like(weights)
    p = weights / weights.sum()
    H = entropy(p)
    assert 0.0 <= H <= np.log(len(p)) + 1e-12


@pytest.mark.parametrize("p, message", [
    ([0.5, 0.6], "sum to 1"),
    ([1.2, -0.2], "non-negative"),
    ([np.nan, 1.0], "finite"),
    ([np.inf, 0.0], "finite"),
    (0.3, "scalar"),
    ([], "at least one outcome"),
    ([[0.5, 0.5], [0.9, 0.0]], "sum to 1"),
])
def test_bad_input_is_a_value_error(p, message):
    with pytest.raises(ValueError, match=message):
        entropy(p)

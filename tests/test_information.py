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


@pytest.mark.parametrize("T", [0.05, 0.3, 1.0, 4.0, 50.0])
def test_entropy_temperature_slope_is_the_derivative(T):
    from dlnotes.information import entropy_temperature_slope
    z = np.array([2.0, 1.0, 0.5, -0.5, -1.5])
    h = 1e-5 * T
    numeric = (entropy(dl.softmax(z, temperature=T + h)) - entropy(dl.softmax(z, temperature=T - h))) / (2 * h)
    assert entropy_temperature_slope(z, T) == pytest.approx(numeric, rel=1e-5, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.integers(2, 8), elements=st.floats(-20, 20)), st.floats(0.05, 20.0))
def test_entropy_temperature_slope_is_positive_unless_all_logits_are_equal(z, T):
    from dlnotes.information import entropy_temperature_slope
    slope = entropy_temperature_slope(z, T)
    assert slope >= 0.0
    if np.ptp(z) > 1e-3 and np.ptp(z) / T < 20:  # p not numerically one-hot: the variance is visible
        assert slope > 0.0


def test_entropy_temperature_slope_batches_and_refuses_bad_input():
    from dlnotes.information import entropy_temperature_slope
    Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    slopes = entropy_temperature_slope(Z, 2.0)
    assert slopes.shape == (2,) and slopes[1] == 0.0
    assert slopes[0] == pytest.approx(entropy_temperature_slope(Z[0], 2.0))
    with pytest.raises(ValueError, match="temperature"):
        entropy_temperature_slope(Z[0], 0.0)
    with pytest.raises(ValueError, match="finite"):
        entropy_temperature_slope(np.array([1.0, np.nan]), 1.0)

"""The batch-size widget: it redraws and reports the measured and theoretical variance."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes import estimators as E
from dlnotes.widgets.batch_size import BATCH_SIZES, batch_size_widget


def test_moving_the_batch_size_redraws_and_reports_the_variance():
    w = batch_size_widget(num_batches=50)
    image, text = w.image.value, w.text.value
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    w.controls["batch_size"].value = 32
    assert w.image.value != image and w.text.value != text
    X, y = E.logistic_data(1000, seed=0)
    params = [dl.Node(np.full(1, 0.5)), dl.Node(0.5)]
    theory = E.minibatch_variance(E.per_example_gradients(E.logistic_loss, params, X, y), 32)
    assert w.text.value.startswith("B = 32:")
    assert f"{theory:.4f} in theory" in w.text.value


def test_the_scatter_shows_this_batch_sizes_gradients():
    w = batch_size_widget(num_batches=50)
    ax_g, ax_v = w.figure.axes
    spreads = {}
    for B in (1, 64):
        w.controls["batch_size"].value = B
        spreads[B] = np.var(ax_g.collections[0].get_offsets(), axis=0).sum()
        assert ax_v.lines[-1].get_xdata()[0] == B
    assert spreads[64] < spreads[1] / 20


def test_the_measured_variance_falls_as_one_over_b():
    w = batch_size_widget(num_batches=50)
    ax_v = w.figure.axes[1]
    measured = ax_v.lines[1].get_ydata()
    assert E.loglog_slope(BATCH_SIZES, measured) == pytest.approx(-1.0, abs=0.2)


def test_bad_batch_size_is_a_value_error():
    with pytest.raises(ValueError, match="batch_size"):
        batch_size_widget(batch_size=3)


def test_the_slider_updates_while_dragged():
    assert batch_size_widget(num_batches=5).controls["batch_size"].continuous_update

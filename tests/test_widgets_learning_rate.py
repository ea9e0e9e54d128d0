"""The learning-rate widget: it redraws, reports the regime, and shows divergence as a message."""

import numpy as np

import dlnotes as dl
from dlnotes.plots.surfaces import exit_point
from dlnotes.surfaces import Quadratic, descend
from dlnotes.widgets.learning_rate import learning_rate_widget


def test_moving_the_learning_rate_redraws_and_reports_the_loss():
    w = learning_rate_widget()
    image, text = w.image.value, w.text.value
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    w.controls["lr"].value = 0.19
    lr = w.controls["lr"].value
    assert w.image.value != image and w.text.value != text
    run = descend(Quadratic((1.0, 10.0), np.pi / 6), np.array([-2.5, 1.5]), lr, 60)
    assert f"J after 60 steps = {run.losses[-1]:.3g}" in w.text.value
    assert "oscillates" in w.text.value and "2/λ_max = 0.200" in w.text.value


def test_divergence_shows_the_message_and_the_steps_before_it():
    w = learning_rate_widget()
    w.controls["lr"].value = 0.5
    lr = w.controls["lr"].value
    try:
        descend(Quadratic((1.0, 10.0), np.pi / 6), np.array([-2.5, 1.5]), lr, 60)
    except dl.TrainingDiverged as error:
        expected = error
    assert str(expected) in w.text.value
    assert "too large" in w.text.value
    ax_c, ax_j = w.figure.axes
    path, leaves = ax_c.lines[1:3]  # lines[0] is the minimum's star
    # Drawn up to where the path leaves the plot, and marked there.
    step, point = exit_point(expected.descent.trajectory, 3.0)
    assert len(path.get_xdata()) == step + 1 and len(expected.descent.losses) > step
    assert np.allclose([path.get_xdata()[-1], path.get_ydata()[-1]], point)
    assert np.allclose([leaves.get_xdata()[0], leaves.get_ydata()[0]], point)
    assert np.all(np.isfinite(ax_j.lines[0].get_ydata()))


def test_a_small_learning_rate_converges_slowly():
    w = learning_rate_widget(lr=0.002)
    assert "converges monotonically" in w.text.value
    w.controls["lr"].value = 0.1
    assert "converges monotonically" in w.text.value and "0.000 (steep)" in w.text.value


def test_the_best_rate_is_named_and_the_rate_reported():
    w = learning_rate_widget(lr=0.18)
    assert "the fastest" in w.text.value and "rate ρ = 0.8" in w.text.value
    w.controls["lr"].value = 0.05
    assert "the fastest" not in w.text.value and "rate ρ = 0.950" in w.text.value


def test_the_slider_updates_while_dragged():
    assert learning_rate_widget().controls["lr"].continuous_update

"""The learning-rate widget: it redraws, reports the regime, and shows divergence as a message."""

import numpy as np

import dlnotes as dl
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
    path = ax_c.lines[1]  # lines[0] is the minimum's star
    assert len(path.get_xdata()) == len(expected.descent.losses)
    assert np.all(np.isfinite(ax_j.lines[0].get_ydata()))


def test_a_small_learning_rate_converges_slowly():
    w = learning_rate_widget(lr=0.002)
    assert "converges monotonically" in w.text.value
    w.controls["lr"].value = 0.1
    assert "converges monotonically" in w.text.value and "0.000 (steep)" in w.text.value

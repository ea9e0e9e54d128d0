"""The softmax temperature widget: it redraws, and reports the entropy dlnotes computes."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.information import entropy
from dlnotes.widgets.temperature import temperature_widget

LOGITS = (2.0, 1.0, 0.5, -0.5, -1.5)


def test_moving_the_temperature_redraws_and_reports_the_entropy():
    w = temperature_widget(logits=LOGITS)
    image, text = w.image.value, w.text.value
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    w.controls["T"].value = 5.0
    assert w.image.value != image
    assert w.text.value != text
    T = w.controls["T"].value
    H = entropy(dl.softmax(np.array(LOGITS), temperature=T))
    assert f"entropy H = {H:.3f} nats" in w.text.value
    assert f"log 5 = {np.log(5):.3f}" in w.text.value


def test_the_limits_are_one_hot_and_uniform():
    w = temperature_widget(logits=LOGITS)
    w.controls["T"].value = 0.01
    assert "p = [1.000, 0.000, 0.000, 0.000, 0.000]" in w.text.value
    assert "entropy H = 0.000 nats" in w.text.value
    w.controls["T"].value = 100.0
    assert f"entropy H = {np.log(5):.3f} nats" in w.text.value


def test_bad_logits_are_a_value_error():
    with pytest.raises(ValueError, match="logits"):
        temperature_widget(logits=(1.0,))
    with pytest.raises(ValueError, match="logits"):
        temperature_widget(logits=(1.0, np.nan))


def test_the_text_gives_the_entropy_slope():
    from dlnotes.information import entropy_temperature_slope
    w = temperature_widget(logits=LOGITS)
    w.controls["T"].value = 2.0
    T = w.controls["T"].value
    assert f"dH/dT = Var_p(z)/T³ = {entropy_temperature_slope(np.array(LOGITS), T):.3g}" in w.text.value

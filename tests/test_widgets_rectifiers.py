"""The rectifier widget: g, g′ and the trained layer's dead units redraw as α moves; special cases named."""

import numpy as np
import pytest

from dlnotes.dead_units import dying_relu_problem, train_rectifier_layer
from dlnotes.widgets.rectifiers import SLIDER_ALPHAS, rectifier_curves, rectifier_name, rectifier_widget


@pytest.fixture(scope="module")
def widget():
    return rectifier_widget()


def test_moving_alpha_redraws_and_reports_the_trained_layer(widget):
    w = widget
    assert "leaky ReLU" in w.text.value
    p = dying_relu_problem()
    run = train_rectifier_layer(p.X, p.Y, p.W, p.b, [0.0, 0.05], p.lrs)
    image = w.image.value
    for alpha, name in {0.0: "ReLU", 0.05: "PReLU", 0.01: "leaky ReLU", 0.1: "PReLU"}.items():
        w.controls["alpha"].value = alpha
        assert name in w.text.value
        assert f"α = {alpha:.2f}:" in w.text.value
        assert f"and {alpha:.2f} for z ≤ 0" in w.text.value
        assert w.image.value != image
        image = w.image.value
        if alpha in (0.0, 0.05):  # the widget reports what training this slope gives
            k = [0.0, 0.05].index(alpha)
            assert f"final MSE {run.loss[k, -1]:.4f}" in w.text.value
    w.controls["alpha"].value = 0.0
    assert "still dead" in w.text.value  # dead ReLUs never come back
    w.controls["alpha"].value = 0.1
    assert "all back by step" in w.text.value


def test_every_slider_position_has_a_precomputed_run():
    assert SLIDER_ALPHAS[0] == 0.0 and np.isclose(SLIDER_ALPHAS[1], 0.01)
    np.testing.assert_allclose(np.diff(SLIDER_ALPHAS), 0.01)


def test_a_run_for_other_slopes_is_refused():
    p = dying_relu_problem(good_steps=5)
    run = train_rectifier_layer(p.X, p.Y, p.W, p.b, [0.0, 0.5], p.lrs)
    with pytest.raises(ValueError, match="slopes"):
        rectifier_widget(run=run, problem=p)


@pytest.mark.parametrize("alpha", [0.0, 0.01, -1.0, 0.37, -1.5])
def test_curves_are_the_family_and_its_derivative(alpha):
    z = np.linspace(-3, 3, 61)
    g, dg = rectifier_curves(alpha, z)
    np.testing.assert_allclose(g, np.maximum(0, z) + alpha * np.minimum(0, z))
    np.testing.assert_allclose(dg, np.where(z > 0, 1.0, alpha))


def test_names():
    assert rectifier_name(0.0).startswith("ReLU")
    assert rectifier_name(0.01).startswith("leaky ReLU")
    assert rectifier_name(-1.0).startswith("absolute value")
    assert "PReLU" in rectifier_name(0.5)

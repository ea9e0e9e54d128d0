"""The rectifier widget: g and g′ redraw as α moves, and the special cases are named."""

import numpy as np
import pytest

from dlnotes.widgets.rectifiers import rectifier_curves, rectifier_name, rectifier_widget


def test_moving_alpha_redraws_and_names_the_special_cases():
    w = rectifier_widget()
    assert "ReLU, g(z) = max(0, z)" in w.text.value
    cases = {0.01: "leaky ReLU", -1.0: "absolute value rectification", 0.25: "PReLU",
             0.0: "ReLU", 1.0: "identity"}
    image = w.image.value
    for alpha, name in cases.items():
        w.controls["alpha"].value = alpha
        assert name in w.text.value
        assert f"α = {alpha:.2f}:" in w.text.value
        assert f"and {alpha:.2f} for z ≤ 0" in w.text.value
        assert w.image.value != image
        image = w.image.value


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

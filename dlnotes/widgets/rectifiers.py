"""The rectifier family g(z) = max(0, z) + α·min(0, z) and its derivative, as α moves."""

import ipywidgets as W
import numpy as np

from dlnotes.functions import prelu, sum as sum_
from dlnotes.graph import Node, backprop
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["rectifier_name", "rectifier_curves", "rectifier_widget"]

#: The members of the family with a name of their own, by slope α.
NAMED_SLOPES = {
    0.0: "ReLU, g(z) = max(0, z)",
    0.01: "leaky ReLU (α = 0.01)",
    -1.0: "absolute value rectification, g(z) = |z|",
    1.0: "the identity, g(z) = z (no longer a rectifier: the network is linear)",
}


def rectifier_name(alpha, tol=1e-9):
    """The name of the family member with slope ``alpha`` (a PReLU slope when it has none)."""
    for slope, name in NAMED_SLOPES.items():
        if abs(alpha - slope) <= tol:
            return name
    return f"a PReLU / leaky ReLU with slope α = {alpha:.2f}"


def rectifier_curves(alpha, z):
    """g(z) and g′(z) for slope ``alpha`` on the points ``z``, computed by dlnotes.

    g is :func:`dlnotes.prelu`; g′ comes from back-propagating Σ_k g(z_k), whose
    gradient with respect to z_k is g′(z_k): 1 for z > 0 and α for z ≤ 0.
    """
    z = Node(np.asarray(z, dtype=float))
    g = prelu(z, Node(alpha))
    backprop(sum_(g))
    return g.value, z.grad


def rectifier_widget(alpha=0.0, z_max=3.0, num_points=301):
    """A slider for the slope α ∈ [−1.5, 1.5]: g(z) (left) and g′(z) (right) on z ∈ [−z_max, z_max].

    The text names the special cases: α = 0 the ReLU, 0.01 the leaky ReLU,
    −1 the absolute value rectification (and 1 the identity).
    """
    z = np.linspace(-z_max, z_max, num_points)
    fig, (ax_g, ax_d) = new_figure(1, 2, size=(3.8, 3.0))
    g, dg = rectifier_curves(alpha, z)
    # The ReLU as a fixed reference, to see what α changes: only the z < 0 half.
    ax_g.plot(z, np.maximum(z, 0.0), color="0.6", linestyle="--", linewidth=1, label="ReLU (α = 0)")
    line_g, = ax_g.plot(z, g, color=COLORS[0], linewidth=2, label="g(z)")
    ax_g.set_xlim(-z_max, z_max)
    ax_g.set_ylim(-1.5 * z_max, 1.5 * z_max)
    ax_g.set_xlabel("z")
    ax_g.set_ylabel("g(z)")
    ax_g.set_title("g(z) = max(0, z) + α·min(0, z)")
    ax_g.legend(loc="upper left", fontsize=8)

    ax_d.axhline(0.0, color="0.6", linewidth=0.8)
    line_d, = ax_d.plot(z, dg, color=COLORS[1], linewidth=2, drawstyle="steps-mid")
    ax_d.set_xlim(-z_max, z_max)
    ax_d.set_ylim(-1.7, 1.7)
    ax_d.set_xlabel("z")
    ax_d.set_ylabel("g′(z)")
    ax_d.set_title("g′(z): 1 for z > 0, α for z ≤ 0")

    def update(alpha):
        g, dg = rectifier_curves(alpha, z)
        line_g.set_ydata(g)
        line_d.set_ydata(dg)
        return (f"α = {alpha:.2f}: {rectifier_name(alpha)}; "
                f"g′(z) = 1 for z > 0 and {alpha:.2f} for z ≤ 0")

    controls = {"alpha": W.FloatSlider(value=alpha, min=-1.5, max=1.5, step=0.01,
                                       description="slope α", readout_format=".2f",
                                       continuous_update=False)}
    return FigureWidget(fig, controls, update)

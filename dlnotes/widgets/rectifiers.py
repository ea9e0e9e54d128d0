"""The rectifier family g(z) = max(0, z) + α·min(0, z) as α moves: the curves, and what α does to training.

Left, g(z); middle, g′(z) (both with the ReLU as a dashed reference); right,
the dead units of the layer of notebook 03 (:func:`dlnotes.dead_units.dying_relu_problem`)
trained with that slope α through a learning rate that is too large and then
a good one. The training runs are precomputed for every α the slider can
take, so moving it only redraws.
"""

import ipywidgets as W
import numpy as np

from dlnotes.checks import as_float_array, check_count, check_fraction, check_positive, check_real
from dlnotes.dead_units import dying_relu_problem, train_rectifier_layer
from dlnotes.functions import prelu, sum as sum_
from dlnotes.graph import Node, backprop
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["rectifier_name", "rectifier_curves", "rectifier_widget", "SLIDER_ALPHAS"]

#: The members of the family with a name of their own, by slope α.
NAMED_SLOPES = {
    0.0: "ReLU, g(z) = max(0, z)",
    0.01: "leaky ReLU (α = 0.01)",
    -1.0: "absolute value rectification, g(z) = |z|",
    1.0: "the identity, g(z) = z (no longer a rectifier: the network is linear)",
}

#: The slopes the widget's slider takes (and the training runs it precomputes).
SLIDER_ALPHAS = np.round(np.arange(0.0, 0.1001, 0.01), 2)


def rectifier_name(alpha, tol=1e-9):
    """The name of the family member with slope ``alpha`` (a PReLU slope when it has none)."""
    alpha = check_real(alpha, "rectifier_name: alpha")
    for slope, name in NAMED_SLOPES.items():
        if abs(alpha - slope) <= tol:
            return name
    return f"a PReLU / leaky ReLU with slope α = {alpha:.2f}"


def rectifier_curves(alpha, z):
    """g(z) and g′(z) for slope ``alpha`` on the points ``z``, computed by dlnotes.

    g is :func:`dlnotes.prelu`; g′ comes from back-propagating Σ_k g(z_k), whose
    gradient with respect to z_k is g′(z_k): 1 for z > 0 and α for z ≤ 0.
    """
    z = Node(as_float_array(z, "rectifier_curves: z"))
    g = prelu(z, Node(alpha))
    backprop(sum_(g))
    return g.value, z.grad


def _static_legend(fig, ax, loc):
    """A legend for ``ax``'s lines, drawn by the figure (so it is part of the cached frame)."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc=loc, bbox_to_anchor=(0, 0, 1, 1), bbox_transform=ax.transAxes, fontsize=8)


def rectifier_widget(alpha=0.01, run=None, problem=None, z_max=3.0, num_points=301):
    """A slider for the slope α ∈ {0, 0.01, …, 0.1}: g, g′ and the dead units of a trained layer.

    ``run`` is a :class:`dlnotes.dead_units.RectifierRun` whose ``alphas`` are
    :data:`SLIDER_ALPHAS` (notebook 03 passes the one it trained); without it
    the widget trains ``problem`` (default :func:`dying_relu_problem`) once
    for every slope, a second or two.
    """
    # The slider runs over SLIDER_ALPHAS and would clamp anything else without a word.
    check_fraction(alpha, "rectifier_widget: alpha (the slider's range)", float(SLIDER_ALPHAS[0]), float(SLIDER_ALPHAS[-1]))
    z_max = check_positive(z_max, "rectifier_widget: z_max")
    num_points = check_count(num_points, "rectifier_widget: num_points", minimum=2)
    problem = problem if problem is not None else dying_relu_problem()
    if run is None:
        run = train_rectifier_layer(problem.X, problem.Y, problem.W, problem.b, SLIDER_ALPHAS, problem.lrs)
    if np.shape(run.alphas) != SLIDER_ALPHAS.shape or not np.allclose(run.alphas, SLIDER_ALPHAS):
        raise ValueError(f"the run must hold the slopes {SLIDER_ALPHAS.tolist()}, got {np.asarray(run.alphas).tolist()}")
    num_hiddens = problem.W.shape[1]
    steps = np.arange(run.dead.shape[1])

    z = np.linspace(-z_max, z_max, num_points)
    fig, (ax_g, ax_d, ax_t) = new_figure(1, 3, size=(3.3, 3.0))
    g, dg = rectifier_curves(alpha, z)
    # The ReLU as a fixed reference, to see what α changes: only the z < 0 half.
    ax_g.plot(z, np.maximum(z, 0.0), color="0.4", linestyle="--", linewidth=1.2, label="ReLU (α = 0)", zorder=3)
    line_g, = ax_g.plot(z, g, color=COLORS[0], linewidth=2.5, label="g(z), slope α")
    ax_g.set_xlim(-z_max, z_max)
    ax_g.set_ylim(-0.5, z_max)
    ax_g.set_xlabel("z")
    # No axes titles: a redraw redraws them (text is what drawing costs), while
    # axis labels and figure-level texts belong to the cached frame.
    ax_g.set_ylabel("g(z) = max(0, z) + α·min(0, z)")
    _static_legend(fig, ax_g, "upper left")

    ax_d.axhline(0.0, color="0.4", linestyle="--", linewidth=1.2, label="ReLU: 0 for z ≤ 0", zorder=3)
    line_d, = ax_d.plot(z, dg, color=COLORS[1], linewidth=2.5, drawstyle="steps-mid", label="g′(z), slope α")
    ax_d.set_xlim(-z_max, z_max)
    ax_d.set_ylim(-0.1, 1.2)
    ax_d.set_xlabel("z")
    ax_d.set_ylabel("g′(z): 1 for z > 0, α for z ≤ 0")
    _static_legend(fig, ax_d, "upper left")

    # Steps on a log axis (step + 1): the short phase at the large learning rate gets room.
    x = steps + 1
    # Figure-level legends are drawn once, with the cached frame (a redraw only redraws
    # each axes' own artists, on top of it): they must sit where no curve goes.
    ax_t.axvline(problem.bad_steps + 1, color="0.5", linewidth=1)
    ax_t.step(x, run.dead[0], where="post", color="0.4", linestyle="--", linewidth=1.2, label="ReLU (α = 0)", zorder=3)
    index = int(np.argmin(np.abs(run.alphas - alpha)))
    line_t, = ax_t.step(x, run.dead[index], where="post", color=COLORS[2], linewidth=2.5, label="slope α")
    ax_t.set_xscale("log")
    ax_t.set_xlim(1, x[-1])
    ax_t.set_ylim(-0.5, num_hiddens * 1.35)
    ax_t.set_yticks(range(0, num_hiddens + 1, 4))
    ax_t.set_xlabel("training step + 1 (log scale)\n"
                    f"lr = {problem.bad_lr:g} left of the line, {problem.good_lr:g} right of it")
    ax_t.set_ylabel(f"dead units of the layer (of {num_hiddens})")
    fig.suptitle("The slope α: the rectifier g, its derivative g′, and the dead units of a layer trained with it",
                 fontsize=10)
    _static_legend(fig, ax_t, "upper left")

    def update(alpha):
        g, dg = rectifier_curves(alpha, z)
        line_g.set_ydata(g)
        line_d.set_ydata(dg)
        k = int(np.argmin(np.abs(run.alphas - alpha)))
        dead = run.dead[k]
        line_t.set_ydata(dead)
        revived = np.nonzero(dead)[0]
        when = ("no unit ever dead" if revived.size == 0 else
                f"{dead[-1]} still dead after {steps[-1]} steps" if dead[-1] else
                f"all back by step {revived[-1] + 1}")
        return (f"α = {alpha:.2f}: {rectifier_name(round(alpha, 6))}; g′(z) = 1 for z > 0 and {alpha:.2f} for z ≤ 0. "
                f"Training: {dead[problem.bad_steps]} of {num_hiddens} units dead after the large learning rate, "
                f"{when}; final MSE {run.loss[k, -1]:.4f}")

    controls = {"alpha": W.FloatSlider(value=alpha, min=float(SLIDER_ALPHAS[0]), max=float(SLIDER_ALPHAS[-1]),
                                       step=0.01, description="slope α", readout_format=".2f")}
    return FigureWidget(fig, controls, update)

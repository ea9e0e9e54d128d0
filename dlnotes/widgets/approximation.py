"""An MLP fitting sin(πx): the fit, and the hidden units whose contributions add up to it."""

import ipywidgets as W
import numpy as np
from matplotlib.collections import LineCollection

from dlnotes.approximation import WIDTHS, fit_sine, sine, sine_data, unit_contributions
from dlnotes.losses import mse
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["approximation_widget"]


def approximation_widget(num_hiddens=16, activation="relu", widths=WIDTHS):
    """Pick the number of hidden units and the activation of an MLP [1, n, 1] fitted to sin(πx).

    Left: the training points, the target and the fit f(x). Right: each hidden
    unit's contribution v_j · g(x w_j + b_j); their sum plus the output bias c
    is the fit. Every (width, activation) model is trained once, here, by
    :func:`dlnotes.approximation.fit_sine` (cached), so a redraw only looks up.
    """
    widths = tuple(int(n) for n in widths)
    if num_hiddens not in widths:
        raise ValueError(f"num_hiddens={num_hiddens!r} is not one of the widths {widths}")
    activations = ("relu", "tanh")
    if activation not in activations:
        raise ValueError(f"activation must be one of {activations}, got {activation!r}")

    X, y = sine_data()
    x_dense = np.linspace(-1, 1, 121)[:, None]
    curves = {}
    for n in widths:
        for g in activations:
            model = fit_sine(n, g)
            contributions = unit_contributions(model, x_dense)
            curves[n, g] = dict(
                fit=model(x_dense).value[:, 0],
                contributions=contributions,
                bias=float(model.layers[1].b.value[0]),
                mse=float(mse(model(X), y).value),
            )

    fig, (ax_fit, ax_units) = new_figure(1, 2, size=(4.0, 3.0))
    ax_fit.plot(x_dense[:, 0], sine(x_dense[:, 0]), "--", color="0.5", label="target sin(πx)")
    ax_fit.plot(X[:, 0], y[:, 0], "o", color=COLORS[0], markersize=3, label="training points")
    fit_line, = ax_fit.plot([], [], color=COLORS[1], linewidth=2, label="MLP fit f(x)")
    ax_fit.set_xlim(-1.05, 1.05)
    ax_fit.set_ylim(-1.6, 1.6)
    ax_fit.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax_fit.set_yticks([-1, 0, 1])
    ax_fit.set_xlabel("x")
    ax_fit.set_ylabel("y")
    ax_fit.set_title("the fit")
    ax_fit.legend(loc="upper left", fontsize=8)

    # One collection for all the units' curves: far cheaper to draw than 32 lines.
    unit_lines = LineCollection([], linewidths=1.2)
    ax_units.add_collection(unit_lines)
    ax_units.axhline(0.0, color="0.3", linewidth=0.8)
    ax_units.set_xlim(-1.05, 1.05)
    ax_units.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax_units.set_xlabel("x")
    ax_units.set_ylabel("vⱼ · g(x wⱼ + bⱼ)")  # plain text: mathtext costs a parse per redraw
    ax_units.set_title("each unit's contribution")
    limit = max(np.abs(c["contributions"]).max() for c in curves.values())
    ax_units.set_ylim(-1.05 * limit, 1.05 * limit)
    tick = np.floor(10 * limit) / 10
    ax_units.set_yticks([-tick, 0, tick])  # few tick labels: text is what a redraw pays for

    def update(num_hiddens, activation):
        curve = curves[num_hiddens, activation]
        fit_line.set_data(x_dense[:, 0], curve["fit"])
        unit_lines.set_segments([np.column_stack([x_dense[:, 0], c])
                                 for c in curve["contributions"].T])
        unit_lines.set_colors([COLORS[j % len(COLORS)] for j in range(num_hiddens)])
        return (f"{num_hiddens} {activation} unit{'s' if num_hiddens > 1 else ''}: "
                f"training MSE = {curve['mse']:.5f}; "
                f"f(x) = Σ<sub>j</sub> v<sub>j</sub> g(x w<sub>j</sub> + b<sub>j</sub>) + c "
                f"with output bias c = {curve['bias']:.3f}")

    controls = {
        "num_hiddens": W.SelectionSlider(options=widths, value=num_hiddens,
                                         description="hidden units", continuous_update=False),
        "activation": W.Dropdown(options=activations, value=activation, description="activation"),
    }
    return FigureWidget(fig, controls, update)

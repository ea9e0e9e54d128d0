"""An MLP fitting sin(πx): the fit, the hidden units whose contributions add up to it,
one unit's two kinds of weight, and the fit being learned step by step."""

import ipywidgets as W
import numpy as np
from matplotlib.collections import LineCollection

from dlnotes.approximation import (WIDTHS, fit_sine, sine, sine_data, sine_trajectory,
                                   unit_contributions)
from dlnotes.checks import check_count, check_sequence
from dlnotes.losses import mse
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["approximation_widget", "unit_roles_widget", "learning_widget", "unit_colors"]

ACTIVATIONS = ("relu", "tanh")
X_DENSE = np.linspace(-1, 1, 121)[:, None]


def unit_colors(n):
    """n distinguishable colours for n units' curves, blue to red along the turbo colour map.

    Darkened by a fifth, so that its light greens and yellows stay visible on white.
    """
    import matplotlib

    rgba = matplotlib.colormaps["turbo"](np.linspace(0.05, 0.95, n))
    rgba[:, :3] *= 0.8
    return [tuple(c) for c in rgba]


def _colors_by_bend(contributions):
    """One colour per unit (column), blue to red in the order of where along x each bends most."""
    n = contributions.shape[1]
    bend = np.abs(np.diff(contributions, n=2, axis=0)).argmax(axis=0)
    palette, colors = unit_colors(n), [None] * n
    for rank, j in enumerate(np.argsort(bend, kind="stable")):
        colors[j] = palette[rank]
    return colors


def _fit_axes(ax, X, y, title="the fit"):
    """The target and the training points on ``ax``, with fixed limits and ticks."""
    ax.plot(X_DENSE[:, 0], sine(X_DENSE[:, 0]), "--", color="0.5", label="target sin(πx)")
    ax.plot(X[:, 0], y[:, 0], "o", color=COLORS[0], markersize=3, label="training points")
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.6, 1.6)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_yticks([-1, 0, 1])
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)


def _units_axes(ax, limit, title="each unit's contribution"):
    """An axes for the units' contribution curves, symmetric limits ±``limit``; returns its collection."""
    # One collection for all the units' curves: far cheaper to draw than 32 lines.
    lines = LineCollection([], linewidths=1.4)
    ax.add_collection(lines)
    ax.axhline(0.0, color="0.3", linewidth=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_xlabel("x")
    ax.set_ylabel("vⱼ · g(x wⱼ + bⱼ)")  # plain text: mathtext costs a parse per redraw
    ax.set_title(title)
    ax.set_ylim(-1.05 * limit, 1.05 * limit)
    tick = np.floor(10 * limit) / 10
    ax.set_yticks([-tick, 0, tick])  # few tick labels: text is what a redraw pays for
    return lines


def approximation_widget(num_hiddens=16, activation="relu", widths=WIDTHS):
    """Pick the number of hidden units and the activation of an MLP [1, n, 1] fitted to sin(πx).

    Left: the training points, the target and the fit f(x). Right: each hidden
    unit's contribution v_j · g(x w_j + b_j), one colour per unit along a
    colour map ordered by where each unit's contribution changes most; their
    sum plus the output bias c is the fit. Every (width, activation) model is
    trained once, here, by :func:`dlnotes.approximation.fit_sine` (cached), so
    a redraw only looks up.
    """
    widths = tuple(check_count(n, f"approximation_widget: widths[{k}]")
                   for k, n in enumerate(check_sequence(widths, "approximation_widget: widths")))
    if num_hiddens not in widths:
        raise ValueError(f"approximation_widget: num_hiddens={num_hiddens!r} is not one of the widths {widths}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"approximation_widget: activation must be one of {ACTIVATIONS}, got {activation!r}")

    X, y = sine_data()
    curves = {}
    for n in widths:
        for g in ACTIVATIONS:
            model = fit_sine(n, g)
            contributions = unit_contributions(model, X_DENSE)
            curves[n, g] = dict(
                fit=model(X_DENSE).value[:, 0],
                contributions=contributions,
                # Left to right by where each unit bends, so that neighbouring
                # colours are neighbouring units along x.
                colors=_colors_by_bend(contributions),
                bias=float(model.layers[1].b.value[0]),
                mse=float(mse(model(X), y).value),
            )

    fig, (ax_fit, ax_units) = new_figure(1, 2, size=(4.0, 3.0))
    _fit_axes(ax_fit, X, y)
    fit_line, = ax_fit.plot([], [], color=COLORS[5], linewidth=2, label="MLP fit f(x)")
    ax_fit.legend(loc="upper left", fontsize=8)
    limit = max(np.abs(c["contributions"]).max() for c in curves.values())
    unit_lines = _units_axes(ax_units, limit)

    def update(num_hiddens, activation):
        curve = curves[num_hiddens, activation]
        fit_line.set_data(X_DENSE[:, 0], curve["fit"])
        unit_lines.set_segments([np.column_stack([X_DENSE[:, 0], c])
                                 for c in curve["contributions"].T])
        unit_lines.set_colors(curve["colors"])
        return (f"{num_hiddens} {activation} unit{'s' if num_hiddens > 1 else ''}: "
                f"training MSE = {curve['mse']:.5f}; "
                f"f(x) = Σ<sub>j</sub> v<sub>j</sub> g(x w<sub>j</sub> + b<sub>j</sub>) + c "
                f"with output bias c = {curve['bias']:.3f}")

    controls = {
        "num_hiddens": W.SelectionSlider(options=widths, value=num_hiddens, description="hidden units"),
        "activation": W.Dropdown(options=ACTIVATIONS, value=activation, description="activation"),
    }
    return FigureWidget(fig, controls, update)


def unit_roles_widget(num_hiddens=16, unit=6):
    """Move one ReLU unit's weights in the trained 16-unit fit: before vs after the activation.

    Sliders for unit j's w_j and b_j (before the activation: they place the
    hinge at x = −b_j/w_j and choose the side the unit fires on) and v_j (after
    it: it scales the unit's whole contribution, the hinge stays put). Left:
    unit j's contribution v_j relu(x w_j + b_j), the trained one dashed, and its
    hinge; right: the fit with the changed unit against the trained fit.
    """
    model = fit_sine(num_hiddens, "relu")
    unit = check_count(unit, "unit_roles_widget: unit", minimum=0)
    if unit >= num_hiddens:
        raise ValueError(f"unit_roles_widget: unit must be one of 0..{num_hiddens - 1}, got {unit!r}")
    X, y = sine_data()
    x = X_DENSE[:, 0]
    W1, b1 = model.layers[0].W.value[0], model.layers[0].b.value
    v, c = model.layers[1].W.value[:, 0], float(model.layers[1].b.value[0])
    others = unit_contributions(model, X_DENSE).sum(axis=1) - unit_contributions(model, X_DENSE)[:, unit]
    others_on_data = unit_contributions(model, X).sum(axis=1) - unit_contributions(model, X)[:, unit]
    trained = dict(w=float(W1[unit]), b=float(b1[unit]), v=float(v[unit]))

    def contribution(points, w, b, v):
        return v * np.maximum(0.0, points * w + b)

    fig, (ax_unit, ax_fit) = new_figure(1, 2, size=(4.0, 3.0))
    # The trained curves dashed and on top, so they stay visible when yours coincides with them.
    ax_unit.plot(x, contribution(x, **trained), "--", color="0.2", label="trained unit", zorder=3)
    unit_line, = ax_unit.plot([], [], color=COLORS[5], linewidth=2.5, label="your unit")
    hinge_line = ax_unit.axvline(0.0, color=COLORS[5], linewidth=1, linestyle=":")
    # Before g: the pre-activation z = x w + b, drawn even where the unit does not fire.
    pre_line, = ax_unit.plot([], [], color=COLORS[4], linewidth=1, label=f"z = x w{unit} + b{unit}")
    # The three values in the figure itself: every move shows in the picture, even one that
    # changes a unit which fires nowhere on the plot.
    values = ax_unit.text(0.98, 0.03, "", transform=ax_unit.transAxes, ha="right", va="bottom", fontsize=9)
    ax_unit.axhline(0.0, color="0.3", linewidth=0.8)
    ax_unit.set_xlim(-1.05, 1.05)
    ax_unit.set_ylim(-4.2, 4.2)
    ax_unit.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax_unit.set_yticks([-4, -2, 0, 2, 4])
    ax_unit.set_xlabel("x")
    ax_unit.set_ylabel(f"v{unit} · relu(x w{unit} + b{unit})")
    ax_unit.set_title(f"unit {unit}'s contribution")
    ax_unit.legend(loc="upper left", fontsize=8)
    _fit_axes(ax_fit, X, y, title="the fit with your unit")
    ax_fit.plot(x, model(X_DENSE).value[:, 0], "--", color=COLORS[2], linewidth=1.5, label="trained fit",
                zorder=3)
    fit_line, = ax_fit.plot([], [], color=COLORS[5], linewidth=2, label="with your unit")
    ax_fit.legend(loc="upper left", fontsize=8)

    def update(w, b, v):
        unit_line.set_data(x, contribution(x, w, b, v))
        pre_line.set_data(x, x * w + b)
        values.set_text(f"w = {w:+.2f}, b = {b:+.2f}, v = {v:+.2f}")
        fit_line.set_data(x, others + contribution(x, w, b, v) + c)
        error = float(np.mean((others_on_data + contribution(X[:, 0], w, b, v) + c - y[:, 0]) ** 2))
        if w != 0:
            hinge = -b / w
            hinge_line.set_xdata([hinge, hinge])
            hinge_line.set_visible(-1.05 < hinge < 1.05)
            side = "right" if w > 0 else "left"
            where = f"hinge at x = −b/w = {hinge:+.2f}, fires to its {side}"
        else:
            hinge_line.set_visible(False)
            where = f"w = 0: no hinge, the unit outputs relu(b) = {max(0.0, b):.2f} everywhere"
        return (f"unit {unit}: w = {w:+.2f}, b = {b:+.2f} (before g: {where}); "
                f"v = {v:+.2f} (after g: slope v·w = {v * w:+.2f} where it fires); "
                f"training MSE = {error:.4f}")

    slider = dict(step=0.05, readout_format="+.2f")
    controls = {
        "w": W.FloatSlider(value=round(trained["w"], 2), min=-4, max=4, description=f"w{unit}", **slider),
        "b": W.FloatSlider(value=round(trained["b"], 2), min=-2, max=2, description=f"b{unit}", **slider),
        "v": W.FloatSlider(value=round(trained["v"], 2), min=-2, max=2, description=f"v{unit}", **slider),
    }
    return FigureWidget(fig, controls, update)


def learning_widget(num_hiddens=16, activation="relu", num_epochs=1000, every=10, interval_ms=80):
    """Watch gradient descent fit sin(πx): play, pause, or step through the snapshots.

    The trajectory is computed once (:func:`dlnotes.approximation.sine_trajectory`,
    cached), with the fit and every unit's contribution evaluated at each
    snapshot, so a frame is only a redraw. The ``step`` slider picks the number
    of gradient steps taken; the play button (``play``, an ``ipywidgets.Play``
    linked to the slider in the browser, one frame every ``interval_ms`` ms)
    runs through them, and the ``step ▶`` button advances one snapshot.
    Left: the fit; middle: the units' contributions; right: the training MSE
    with the current step marked.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"learning_widget: activation must be one of {ACTIVATIONS}, got {activation!r}")
    if int(every) != every or every < 1 or num_epochs % every:
        raise ValueError(f"learning_widget: every must be a positive integer dividing num_epochs={num_epochs}, got {every!r}")
    interval_ms = check_count(interval_ms, "learning_widget: interval_ms")
    trajectory = sine_trajectory(num_hiddens, activation, num_epochs=num_epochs, every=every)
    X, y = sine_data()
    fits = np.array([m(X_DENSE).value[:, 0] for m in trajectory.models])
    contributions = np.array([unit_contributions(m, X_DENSE) for m in trajectory.models])
    segments = [[np.column_stack([X_DENSE[:, 0], curve]) for curve in frame.T] for frame in contributions]
    index = {step: k for k, step in enumerate(trajectory.steps)}
    colors = _colors_by_bend(contributions[-1])  # by where each unit bends at the end

    fig, (ax_fit, ax_units, ax_loss) = new_figure(1, 3, size=(3.6, 3.0))
    _fit_axes(ax_fit, X, y)
    fit_line, = ax_fit.plot([], [], color=COLORS[5], linewidth=2, label="MLP fit f(x)")
    ax_fit.legend(loc="upper left", fontsize=8)
    unit_lines = _units_axes(ax_units, np.abs(contributions).max(), title="the units' contributions")
    unit_lines.set_colors(colors)
    steps = np.arange(len(trajectory.loss))
    ax_loss.plot(steps[1:], trajectory.loss[1:], color=COLORS[0], linewidth=1.5, label="training MSE")
    marker, = ax_loss.plot([], [], "o", color=COLORS[5], markersize=7, label="now")
    ax_loss.set_xscale("log")
    ax_loss.set_yscale("log")
    ax_loss.set_xlim(1, num_epochs)
    ax_loss.set_xlabel("step (log scale)")
    ax_loss.set_ylabel("MSE")
    ax_loss.set_title("the loss")
    ax_loss.legend(loc="upper right", fontsize=8)

    def update(step):
        k = index[step]
        fit_line.set_data(X_DENSE[:, 0], fits[k])
        unit_lines.set_segments(segments[k])
        marker.set_data([max(step, 1)], [trajectory.loss[step]])
        return (f"after {step} of {num_epochs} gradient steps (lr = 0.1, full batch): "
                f"training MSE = {trajectory.loss[step]:.5f}")

    slider = W.IntSlider(value=0, min=0, max=num_epochs, step=every, description="step")
    play = W.Play(value=0, min=0, max=num_epochs, step=every, interval=interval_ms, description="play")
    # Linked in the browser: a tick of the play button moves the slider without a
    # round trip through the kernel; the slider's change then redraws.
    link = W.jslink((play, "value"), (slider, "value"))
    forward = W.Button(description="step ▶", tooltip="one snapshot further",
                       layout=W.Layout(width="80px"))

    def step_forward(_):
        slider.value = min(slider.value + every, num_epochs)

    forward.on_click(step_forward)
    widget = FigureWidget(fig, {"step": slider}, update, extras=[play, forward])
    widget.play, widget.step_button, widget.link = play, forward, link
    return widget

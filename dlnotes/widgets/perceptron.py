"""Step through Rosenblatt's updates on a 2-D data set and watch the boundary move."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_matrix
from dlnotes.perceptron import train_perceptron
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["boundary_segment", "perceptron_widget"]


def boundary_segment(w, b, xlim, ylim):
    """Two points of the line x·w + b = 0 inside the box, or None (w = 0: no line yet)."""
    w1, w2 = w
    if abs(w2) > abs(w1) and w2 != 0:
        xs = np.array(xlim, dtype=float)
        return xs, -(w1 * xs + b) / w2
    if w1 != 0:
        ys = np.array(ylim, dtype=float)
        return -(w2 * ys + b) / w1, ys
    return None


def perceptron_widget(X, y, lr=0.1, epochs=8, feature_names=("x₁", "x₂"), class_names=("0", "1")):
    """A slider over every visit of the perceptron's training: the boundary after it, the point visited.

    The trajectory is computed once; moving the slider only redraws.
    """
    # The plot is the plane of two features: a third would be dropped from the picture without a word.
    X = check_matrix(X, "perceptron_widget: X", columns=2)
    for what, names in (("feature_names", feature_names), ("class_names", class_names)):
        if isinstance(names, str) or not hasattr(names, "__len__") or len(names) != 2:
            raise ValueError(f"perceptron_widget: {what} must be two names, got {names!r}")
    run = train_perceptron(X, y, lr=lr, epochs=epochs)
    pad = 0.1 * (X.max(axis=0) - X.min(axis=0))
    xlim = (X[:, 0].min() - pad[0], X[:, 0].max() + pad[0])
    ylim = (X[:, 1].min() - pad[1], X[:, 1].max() + pad[1])

    fig, ax = new_figure(1, 1, size=(5.0, 3.8))
    for c, name in enumerate(class_names):
        ax.scatter(*X[np.asarray(y) == c].T, s=18, color=COLORS[c], label=name)
    line, = ax.plot([], [], color="k", linewidth=2, label="boundary x·w + b = 0")
    current = ax.scatter([X[0, 0]], [X[0, 1]], s=160, facecolors="none", edgecolors=COLORS[5],
                         linewidths=2, label="point visited")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.legend(loc="upper left", fontsize=8)
    title = ax.set_title("")

    def update(step):
        epoch, i, w, b, updated = run.trajectory[step]
        segment = boundary_segment(w, b, xlim, ylim)
        line.set_data(*(segment if segment is not None else ([], [])))
        current.set_offsets(X[i:i + 1])
        current.set_edgecolors(COLORS[5] if updated else "0.5")
        title.set_text(f"epoch {epoch + 1}, example {i}")
        verdict = "<b>a mistake: the boundary moved</b>" if updated else "classified right: nothing changed"
        return (f"visit {step + 1} of {len(run.trajectory)}: {verdict}; "
                f"w = ({w[0]:.2f}, {w[1]:.2f}), b = {b:.2f}; "
                f"updates so far in epoch {epoch + 1}: "
                f"{sum(r[4] for r in run.trajectory[step - i:step + 1])}")

    controls = {"step": W.IntSlider(value=0, min=0, max=len(run.trajectory) - 1, description="visit")}
    return FigureWidget(fig, controls, update)

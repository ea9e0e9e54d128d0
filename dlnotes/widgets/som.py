"""Watch a self-organizing map unfold over 2-D data, one training snapshot at a time."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_count
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.som import SelfOrganizingMap
from dlnotes.widgets.base import FigureWidget

__all__ = ["unfolding_snapshots", "som_unfolding_widget"]


def unfolding_snapshots(num_points=1000, rows=8, cols=8, num_steps=3000, sigma=3.0, lr=0.5, seed=0,
                        num_snapshots=30):
    """A map trained on points uniform in the unit square; its weights at log-spaced steps.

    Returns (X, steps, snapshots, history): the data, the snapshot steps, the weights
    (rows, cols, 2) at each, and the map's error history.
    """
    num_points = check_count(num_points, "unfolding_snapshots: num_points")
    num_steps = check_count(num_steps, "unfolding_snapshots: num_steps")
    num_snapshots = check_count(num_snapshots, "unfolding_snapshots: num_snapshots", minimum=2)
    rng = np.random.default_rng(seed)
    X = rng.random((num_points, 2))
    som = SelfOrganizingMap(rows, cols, 2, sigma=sigma, lr=lr).init_small_random(X, rng)
    steps = np.unique(np.r_[0, np.geomspace(1, num_steps, num_snapshots - 1).astype(int)])
    kept = som.train(X, num_steps, order=rng.permutation(num_points), snapshots=steps,
                     record_every=max(1, num_steps // 100))
    return X, steps, [kept[s] for s in steps], som.history


def som_unfolding_widget(**kwargs):
    """A slider over the training: the map's grid (each unit joined to its grid neighbours) over the data."""
    X, steps, snapshots, history = unfolding_snapshots(**kwargs)
    fig, (ax, ax_err) = new_figure(1, 2, size=(3.6, 3.4))
    ax.scatter(*X.T, s=4, color="0.75", label="data")
    rows, cols = snapshots[0].shape[:2]
    row_lines = [ax.plot([], [], color=COLORS[0], linewidth=1)[0] for _ in range(rows)]
    col_lines = [ax.plot([], [], color=COLORS[0], linewidth=1)[0] for _ in range(cols)]
    units = ax.scatter(snapshots[0][..., 0].ravel(), snapshots[0][..., 1].ravel(), s=14, color=COLORS[5],
                       zorder=3, label="units")
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.05, 1.05)
    ax.set_aspect("equal")
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9, frameon=True)
    title = ax.set_title("")
    ax_err.plot(history["step"], history["quantization_error"], color=COLORS[0], label="quantization error")
    ax_err.plot(history["step"], history["topographic_error"], color=COLORS[1], label="topographic error")
    marker = ax_err.axvline(0, color="k", linewidth=1)
    ax_err.set_xlabel("step")
    ax_err.set_title("Both errors fall")
    ax_err.legend(fontsize=8)

    def update(snapshot):
        weights = snapshots[snapshot]
        for i, line in enumerate(row_lines):
            line.set_data(weights[i, :, 0], weights[i, :, 1])
        for j, line in enumerate(col_lines):
            line.set_data(weights[:, j, 0], weights[:, j, 1])
        units.set_offsets(weights.reshape(-1, 2))
        marker.set_xdata([steps[snapshot]] * 2)
        title.set_text(f"after {steps[snapshot]} steps")
        k = int(np.searchsorted(history["step"], steps[snapshot], side="right")) - 1
        return (f"step {steps[snapshot]}: quantization error {history['quantization_error'][k]:.3f}, "
                f"topographic error {history['topographic_error'][k]:.3f} (recorded at step {history['step'][k]})")

    controls = {"snapshot": W.IntSlider(value=0, min=0, max=len(steps) - 1, description="snapshot")}
    return FigureWidget(fig, controls, update)

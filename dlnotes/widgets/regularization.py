"""Weight decay's λ on a 2-D classification problem: the model's probabilities, and its loss on held-out data."""

import contourpy  # matplotlib's own contouring library (a dependency of matplotlib)
import ipywidgets as W
import numpy as np
from matplotlib.collections import LineCollection

from dlnotes import datasets
from dlnotes.checks import check_count
from dlnotes.plots.data import probability_grid, probability_map
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.regularization import fit_lambda_grid
from dlnotes.widgets.base import FigureWidget

__all__ = ["DEFAULT_LAMBDAS", "regularization_widget"]

#: The λ grid the widget trains a model for (about 0.2 s each).
DEFAULT_LAMBDAS = (0.0, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1)


def regularization_widget(fits=None, X=None, y=None, lambdas=DEFAULT_LAMBDAS, resolution=80):
    """A slider over a grid of λ: p_model(class 1 | x) of the MLP trained with J = NLL + λ·½‖W‖².

    ``fits`` (from :func:`dlnotes.regularization.fit_lambda_grid` on the
    training data ``X``, ``y``, ideally with validation data) are reused when
    given, so a notebook trains each model once; otherwise the moons (n = 200,
    noise = 0.25) are split in half, training and validation, and an MLP
    (2, 32, 32, 2) is trained on the first half for every λ in ``lambdas``.
    Left: the plane shaded by the model's probability of class 1, with the
    training points. Right: the training NLL and (when the fits have it) the
    validation NLL against λ, with the current λ marked. The text reports
    both, with the accuracies. Every probability map is computed when the
    widget is built: a redraw only swaps images.
    """
    resolution = check_count(resolution, "regularization_widget: resolution (grid points per axis)", minimum=2)
    if fits is None:
        if X is None:
            X_all, y_all = datasets.moons(n=200, noise=0.25, seed=0)
            X, X_val, y, y_val = datasets.train_test_split(X_all, y_all, test_size=0.5, seed=0)
        else:
            X_val = y_val = None
        fits = fit_lambda_grid(X, y, lambdas, X_val=X_val, y_val=y_val)
    elif X is None or y is None:
        raise ValueError("pass the training data X, y that the fits were trained on")
    index = {fit.lam: k for k, fit in enumerate(fits)}
    if len(index) != len(fits):
        raise ValueError(f"the fits must have distinct values of λ, got {[fit.lam for fit in fits]}")
    validated = all(fit.val_nll is not None for fit in fits)
    positions = np.arange(len(fits))  # λ = 0 has no place on a log axis: one slot per λ
    labels = [f"{fit.lam:g}" for fit in fits]
    grids = [probability_grid(fit.model, X, resolution=resolution) for fit in fits]

    fig, (ax_p, ax_l) = new_figure(1, 2, size=(4.2, 3.4), gridspec_kw={"width_ratios": [1.0, 0.9]})
    image = probability_map(ax_p, X=X, y=y, grid=grids[0], boundary=False)
    fig.colorbar(image, ax=ax_p, label="p(class 1 | x)", shrink=0.85)
    ax_p.legend(loc="lower left", fontsize=8, framealpha=0.8, frameon=True)
    title = ax_p.set_title("")
    train_nll = [fit.nll for fit in fits]
    ax_l.plot(positions, train_nll, "-o", color=COLORS[0], markersize=4, label="training NLL")
    curves = [train_nll]
    if validated:
        val_nll = [fit.val_nll for fit in fits]
        ax_l.plot(positions, val_nll, "-s", color=COLORS[1], markersize=4, label="validation NLL")
        curves.append(val_nll)
    markers = [ax_l.plot([0], [c[0]], "o", color="black", markerfacecolor="none", markersize=11,
                         markeredgewidth=1.5)[0] for c in curves]
    ax_l.set_xticks(positions, labels, rotation=45)
    ax_l.set_xlabel("λ")
    ax_l.set_ylabel("mean NLL")
    ax_l.legend(fontsize=8)
    ax_l.set_title("held-out loss against λ" if validated else "training loss against λ")
    # The line p = ½ (where the predicted class changes) of every model, traced once.
    boundaries = [_half_line(p, extent) for p, extent in grids]
    boundary = LineCollection([], colors="0.25", linewidths=1.0, zorder=1)
    ax_p.add_collection(boundary, autolim=False)

    def update(lam):
        k = index[lam]
        fit = fits[k]
        image.set_data(grids[k][0])
        boundary.set_segments(boundaries[k])
        title.set_text(f"λ = {lam:g}" + ("" if boundaries[k] else ": p ≈ ½ everywhere"))
        for marker, curve in zip(markers, curves):
            marker.set_data([positions[k]], [curve[k]])
        text = (f"λ = {lam:g}: ‖W‖ = {fit.weight_norm:.3f}, training NLL = {fit.nll:.4f}, "
                f"λΩ = {fit.penalty:.4f}, J = {fit.loss:.4f}, training accuracy = {100 * fit.accuracy:.1f} %")
        if validated:
            text += (f"; <b>validation NLL = {fit.val_nll:.4f}, "
                     f"validation accuracy = {100 * fit.val_accuracy:.1f} %</b>")
        return text

    controls = {"lam": W.SelectionSlider(options=list(zip(labels, index)),
                                         value=fits[0].lam, description="λ")}
    return FigureWidget(fig, controls, update)


def _half_line(p, extent):
    """The pieces of the line p = ½ on the grid, as (n, 2) arrays; none for a flat model."""
    if np.max(np.abs(p - 0.5)) < 0.01:  # p ≈ ½ everywhere: any line would be noise
        return []
    gx = np.linspace(extent[0], extent[1], p.shape[1])
    gy = np.linspace(extent[2], extent[3], p.shape[0])
    return list(contourpy.contour_generator(gx, gy, p).lines(0.5))

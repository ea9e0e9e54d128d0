"""Weight decay's λ on a 2-D classification problem: decision boundary and weight norm."""

import ipywidgets as W
import numpy as np

from dlnotes import datasets
from dlnotes.plots.data import decision_boundary, scatter_classes
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.regularization import fit_lambda_grid
from dlnotes.widgets.base import FigureWidget

__all__ = ["DEFAULT_LAMBDAS", "regularization_widget"]

#: The λ grid the widget trains a model for (about 0.2 s each).
DEFAULT_LAMBDAS = (0.0, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1)


def regularization_widget(fits=None, X=None, y=None, lambdas=DEFAULT_LAMBDAS, resolution=100):
    """A slider over a grid of λ: the decision boundary of the MLP trained with J = NLL + λ·½‖W‖².

    ``fits`` (from :func:`dlnotes.regularization.fit_lambda_grid` on ``X``, ``y``)
    are reused when given, so a notebook trains each model once; otherwise the
    moons data (n = 200, noise = 0.25) are made and an MLP (2, 32, 32, 2) is
    trained for every λ in ``lambdas`` when the widget is built. A redraw only
    plots: the decision boundary (left) and the marker on ‖W‖ against λ (right).
    """
    if fits is None:
        if X is None:
            X, y = datasets.moons(n=200, noise=0.25, seed=0)
        fits = fit_lambda_grid(X, y, lambdas)
    elif X is None or y is None:
        raise ValueError("pass the training data X, y that the fits were trained on")
    index = {fit.lam: k for k, fit in enumerate(fits)}
    if len(index) != len(fits):
        raise ValueError(f"the fits must have distinct values of λ, got {[fit.lam for fit in fits]}")
    positions = np.arange(len(fits))  # λ = 0 has no place on a log axis: one slot per λ
    labels = [f"{fit.lam:g}" for fit in fits]

    fig, (ax_b, ax_n) = new_figure(1, 2, size=(3.8, 3.2),
                                   gridspec_kw={"width_ratios": [1.0, 0.9]})
    scatter_classes(ax_b, X, y, zorder=3)  # above the shading added on every redraw
    title = ax_b.set_title(f"decision boundary, λ = {labels[0]}")
    norms = [fit.weight_norm for fit in fits]
    ax_n.plot(positions, norms, "-o", color=COLORS[0], markersize=4)
    marker, = ax_n.plot([0], [norms[0]], "o", color=COLORS[1], markersize=10)
    ax_n.set_xticks(positions, labels, rotation=45)
    ax_n.set_xlabel("λ")
    ax_n.set_ylabel("weight norm ‖W‖")
    ax_n.set_title("larger λ, smaller weights")
    state = {"filled": decision_boundary(ax_b, fits[0].model, X, resolution=resolution)}

    def update(lam):
        k = index[lam]
        fit = fits[k]
        state["filled"].remove()
        state["filled"] = decision_boundary(ax_b, fit.model, X, resolution=resolution)
        title.set_text(f"decision boundary, λ = {lam:g}")
        marker.set_data([positions[k]], [fit.weight_norm])
        return (f"λ = {lam:g}: ‖W‖ = {fit.weight_norm:.3f}, training NLL = {fit.nll:.4f}, "
                f"λΩ = {fit.penalty:.4f}, J = {fit.loss:.4f}, "
                f"training accuracy = {100 * fit.accuracy:.1f} %")

    controls = {"lam": W.SelectionSlider(options=list(zip(labels, index)),
                                         value=fits[0].lam, description="λ",
                                         continuous_update=False)}
    return FigureWidget(fig, controls, update)

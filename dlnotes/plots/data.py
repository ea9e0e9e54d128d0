"""2-D classification data and decision boundaries."""

import numpy as np
from matplotlib.colors import ListedColormap

from dlnotes.plots.style import COLORS

__all__ = ["scatter_classes", "decision_boundary"]


def scatter_classes(ax, X, y, **kwargs):
    """Scatter 2-D points coloured by class, with x₁ and x₂ as axis labels."""
    y = np.asarray(y)
    for c in np.unique(y):
        mask = y == c
        ax.scatter(X[mask, 0], X[mask, 1], s=14, color=COLORS[int(c) % len(COLORS)],
                   edgecolors="white", linewidths=0.4, label=f"class {c}", **kwargs)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def decision_boundary(ax, model, X, y=None, resolution=150, margin=0.3):
    """Shade the region each class wins under ``model`` (an MLP), then the points.

    Returns the filled-contour artist so a widget can remove it before redrawing.
    """
    (x0, x1), (y0, y1) = [(X[:, k].min() - margin, X[:, k].max() + margin) for k in (0, 1)]
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    classes = model.sizes[-1]
    pred = model.predict(grid).reshape(gx.shape)
    cmap = ListedColormap(COLORS[:classes])
    filled = ax.contourf(gx, gy, pred, levels=np.arange(classes + 1) - 0.5, cmap=cmap, alpha=0.25)
    if y is not None:
        scatter_classes(ax, X, y)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return filled

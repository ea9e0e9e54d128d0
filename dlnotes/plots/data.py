"""2-D classification data and decision boundaries."""

import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap

from dlnotes.plots.style import COLORS

__all__ = ["scatter_classes", "decision_boundary", "PROBABILITY_CMAP", "probability_grid", "probability_map"]

#: p(class 1 | x) from 0 to 1: class 0's colour, white at ½, class 1's colour.
PROBABILITY_CMAP = LinearSegmentedColormap.from_list("class_probability", [COLORS[0], "#FFFFFF", COLORS[1]])


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


#: One marker per class, so that points stay apart from a shading of their own colour.
_MARKERS = ("o", "^", "s", "D", "v", "P")


def _scatter_on_shading(ax, X, y):
    """The points over a shading: dark edges, and a marker shape per class."""
    y = np.asarray(y)
    for c in np.unique(y):
        mask = y == c
        ax.scatter(X[mask, 0], X[mask, 1], s=26, marker=_MARKERS[int(c) % len(_MARKERS)],
                   color=COLORS[int(c) % len(COLORS)], edgecolors="black", linewidths=0.6,
                   label=f"class {c}", zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def probability_grid(model, X, k=1, resolution=100, margin=0.3):
    """p_model(y = k | x) on a square grid over the box of X (± ``margin``).

    Returns ``(p, extent)``: p of shape (resolution, resolution), row i at the
    i-th height from the bottom, and extent = (x₁ min, x₁ max, x₂ min, x₂ max).
    """
    from dlnotes.functions import softmax

    (x0, x1), (y0, y1) = [(X[:, j].min() - margin, X[:, j].max() + margin) for j in (0, 1)]
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    p = softmax(model(grid)).value[:, k].reshape(gx.shape)
    return p, (x0, x1, y0, y1)


def probability_map(ax, model=None, X=None, y=None, k=1, resolution=100, margin=0.3, grid=None,
                    boundary=True):
    """Shade the plane by p_model(y = k | x) (white at ½), draw the p = ½ line, then the points.

    Unlike hard class regions, the shading shows how sure the model is: a model
    that predicts ½ everywhere is white everywhere. ``grid`` (from
    :func:`probability_grid`) skips evaluating the model. Returns the image
    artist (``set_data`` on it redraws quickly); add a colorbar with
    ``ax.figure.colorbar(image, ax=ax)``.
    """
    p, extent = grid if grid is not None else probability_grid(model, X, k, resolution, margin)
    image = ax.imshow(p, origin="lower", extent=extent, cmap=PROBABILITY_CMAP, vmin=0.0, vmax=1.0,
                      aspect="auto", interpolation="bilinear", zorder=0)
    if boundary and np.max(np.abs(p - 0.5)) >= 0.01 and p.min() < 0.5 < p.max():  # not flat: a line p = ½
        gx = np.linspace(extent[0], extent[1], p.shape[1])
        gy = np.linspace(extent[2], extent[3], p.shape[0])
        ax.contour(gx, gy, p, levels=[0.5], colors="0.25", linewidths=1.0, zorder=1)
    if y is not None:
        _scatter_on_shading(ax, X, y)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    return image

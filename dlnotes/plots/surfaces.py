"""Contour plots of 2-D loss surfaces, with gradient-descent trajectories on them."""

import numpy as np

from dlnotes.plots.style import COLORS

__all__ = ["surface_contours", "trajectory"]


def surface_contours(ax, surface, lim=3.0, num_levels=12, resolution=161, eigenvectors=True):
    """Contours of ``surface`` (a :class:`dlnotes.surfaces.Quadratic`) on [−lim, lim]².

    The levels are spaced geometrically, so the flat valley floor shows as well
    as the steep walls. With ``eigenvectors``, the directions q₁ (flat, λ_min)
    and q₂ (steep, λ_max) are drawn from the minimum. Returns the contour set.
    """
    if not lim > 0 or num_levels < 2:
        raise ValueError(f"lim must be > 0 and num_levels ≥ 2, got {lim!r} and {num_levels!r}")
    grid = np.linspace(-lim, lim, resolution)
    T1, T2 = np.meshgrid(grid, grid)
    J = surface.values(T1, T2)
    levels = np.geomspace(J.max() * 1e-3, J.max() * 0.8, num_levels)
    contours = ax.contour(T1, T2, J, levels=levels, cmap="viridis", linewidths=0.8)
    ax.plot([0], [0], marker="*", color="black", markersize=9, linestyle="none")
    if eigenvectors:
        order = np.argsort(surface.eigenvalues)
        for k, label in zip(order, ("flat", "steep")):
            q = surface.Q[:, k] * lim * 0.45
            ax.annotate("", xy=q, xytext=(0, 0),
                        arrowprops=dict(arrowstyle="-|>", color="0.3", linewidth=1.0))
            ax.text(*(q * 1.12), f"{label}: λ = {surface.eigenvalues[k]:g}", fontsize=8,
                    color="0.2", ha="center", va="center")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("θ₁")
    ax.set_ylabel("θ₂")
    return contours


def trajectory(ax, thetas, color=COLORS[5], **kwargs):
    """The path θ_0, θ_1, … as a line with a dot per step (rows of ``thetas``); returns the line."""
    thetas = np.asarray(thetas, dtype=float).reshape(-1, 2)
    line, = ax.plot(thetas[:, 0], thetas[:, 1], marker="o", markersize=3, linewidth=1.0,
                    color=color, **kwargs)
    return line

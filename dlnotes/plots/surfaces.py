"""Contour plots of 2-D loss surfaces, with gradient-descent trajectories on them."""

import numpy as np

from dlnotes.plots.style import COLORS

__all__ = ["surface_contours", "trajectory", "exit_point"]

# A label drawn over contour lines: a white box behind it keeps it readable.
_LABEL_BOX = dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="0.6", linewidth=0.6, alpha=0.9)


def surface_contours(ax, surface, lim=3.0, num_levels=12, resolution=161, eigenvectors=True):
    """Contours of ``surface`` (a :class:`dlnotes.surfaces.Quadratic`) on [−lim, lim]².

    The levels are spaced geometrically, so the flat valley floor shows as well
    as the steep walls. With ``eigenvectors``, the directions q₁ (flat, λ_min)
    and q₂ (steep, λ_max) are drawn from the minimum as arrows, each labelled at
    its tip on a white box (readable over the contour lines). Returns the contour set.
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
            q = surface.Q[:, k] * lim * 0.5
            ax.annotate("", xy=q, xytext=(0, 0),
                        arrowprops=dict(arrowstyle="-|>", color="black", linewidth=1.5))
            # The label beyond the tip, on the side the arrow points to, so it never covers the arrow.
            ax.annotate(f"q{k + 1} {label}\nλ = {surface.eigenvalues[k]:g}", xy=q, xytext=(4 * np.sign(q[0]), 2),
                        textcoords="offset points", fontsize=9, color="black", bbox=_LABEL_BOX,
                        ha="left" if q[0] >= 0 else "right", va="bottom" if q[1] >= 0 else "top")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("θ₁")
    ax.set_ylabel("θ₂")
    return contours


def exit_point(thetas, lim):
    """Where the path θ_0, θ_1, … first leaves the square [−lim, lim]²: (step, point) or None.

    ``step`` is the index of the first θ outside the square; ``point`` is where the
    segment from θ_{step−1} to θ_step crosses the square's edge (θ_0 outside: θ_0 itself).
    """
    thetas = np.asarray(thetas, dtype=float).reshape(-1, 2)
    outside = np.any(np.abs(thetas) > lim, axis=1)
    if not outside.any():
        return None
    step = int(np.argmax(outside))
    if step == 0:
        return 0, thetas[0].copy()
    a, b = thetas[step - 1], thetas[step]
    d = b - a
    # The largest t in [0, 1] with |a + t·d| ≤ lim in both coordinates.
    with np.errstate(divide="ignore", invalid="ignore"):
        limits = np.where(d != 0, (np.sign(d) * lim - a) / d, np.inf)
    t = float(np.clip(limits.min(), 0.0, 1.0))
    return step, a + t * d


def trajectory(ax, thetas, color=COLORS[5], mark_exit=True, **kwargs):
    """The path θ_0, θ_1, … as a line with a dot per step (rows of ``thetas``); returns the line.

    With ``mark_exit``, a path that leaves the axes' square [−lim, lim]² (read from
    the x limits) is drawn up to where it first crosses the edge, and marked there
    (✕, "leaves the plot at step k"): the steps after it are not drawn.
    """
    thetas = np.asarray(thetas, dtype=float).reshape(-1, 2)
    lim = max(abs(v) for v in ax.get_xlim())
    exit = exit_point(thetas, lim) if mark_exit else None
    shown = thetas if exit is None else np.vstack([thetas[:exit[0]], exit[1]])
    line, = ax.plot(shown[:, 0], shown[:, 1], marker="o", markersize=3, linewidth=1.0,
                    color=color, **kwargs)
    if exit is not None:
        step, point = exit
        ax.plot(*point, marker="X", color=color, markersize=10, markeredgecolor="black", linestyle="none",
                clip_on=False)  # on the edge: whole, not cut in half
        inward = -np.sign(point) * (np.abs(point) >= lim * 0.999)
        ax.annotate(f"leaves the plot\nat step {step}", xy=point, xytext=18 * inward + (0, -4 * (inward[1] == 0)),
                    textcoords="offset points", fontsize=9, bbox=_LABEL_BOX,
                    ha="center" if inward[0] == 0 else ("left" if inward[0] > 0 else "right"),
                    va="center" if inward[1] == 0 else ("bottom" if inward[1] > 0 else "top"))
    return line

"""The batch size: the spread of minibatch gradients, and their variance falling as 1/B."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_count
from dlnotes.estimators import (gradient, logistic_data, logistic_loss, minibatch_gradients_by_size,
                                minibatch_variance, per_example_gradients, total_variance)
from dlnotes.graph import Node
from dlnotes.plots.batches import covariance_ellipse, ellipse_geometry
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["batch_size_widget"]

BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64)


def batch_size_widget(batch_size=8, n=1000, num_batches=200, seed=0):
    """Minibatch gradients of logistic regression, θ = (w, b) = (0.5, 0.5), for B = 1, 2, …, 64.

    Left: ``num_batches`` minibatch gradients ĝ_B scattered around the full
    gradient ∇J (the star), with their 2-standard-deviation covariance ellipse.
    Right: the total variance tr Cov[ĝ_B] against B on log–log axes, measured
    and in theory (σ²/B with the finite-population correction), the current B
    marked. Every B's gradients are computed once, when the widget is built.
    """
    if batch_size not in BATCH_SIZES:
        raise ValueError(f"batch_size_widget: batch_size must be one of {BATCH_SIZES}, got {batch_size!r}")
    # A spread (and its ellipse) needs two gradients at least; B = 64 needs 64 rows to draw from.
    num_batches = check_count(num_batches, "batch_size_widget: num_batches", minimum=2)
    n = check_count(n, "batch_size_widget: n", minimum=max(BATCH_SIZES))
    X, y = logistic_data(n, seed=seed)
    params = [Node(np.full(1, 0.5), name="w"), Node(0.5, name="b")]  # a point on the way
    full = gradient(logistic_loss, params, X, y)
    per_example = per_example_gradients(logistic_loss, params, X, y)
    rng = np.random.default_rng(seed)
    samples = minibatch_gradients_by_size(logistic_loss, params, X, y, BATCH_SIZES, num_batches, rng)
    measured = np.array([total_variance(samples[B]) for B in BATCH_SIZES])
    theory = np.array([minibatch_variance(per_example, B) for B in BATCH_SIZES])

    fig, (ax_g, ax_v) = new_figure(1, 2, size=(4.0, 3.4))
    spread = 3 * np.sqrt(np.var(per_example, axis=0))  # fixed limits: B = 1's spread
    dots = ax_g.scatter(*samples[batch_size].T, s=8, color=COLORS[0], alpha=0.5,
                        label="minibatch gradients ĝ_B")
    ellipse = covariance_ellipse(ax_g, full, np.cov(samples[batch_size].T), edgecolor=COLORS[5],
                                 label="2-std ellipse")
    ax_g.plot(*full, marker="*", color="black", markersize=12, linestyle="none", label="full gradient ∇J")
    ax_g.set_xlim(full[0] - spread[0], full[0] + spread[0])
    ax_g.set_ylim(full[1] - spread[1], full[1] + spread[1])
    ax_g.set_xlabel("∂J/∂w")
    ax_g.set_ylabel("∂J/∂b")
    ax_g.set_title("ĝ_B (dots), their 2-std ellipse, ∇J (★)", fontsize=10)

    ax_v.loglog(BATCH_SIZES, theory, color=COLORS[2])
    ax_v.loglog(BATCH_SIZES, measured, "o", color=COLORS[0], markersize=4)
    # Labels on the plot instead of a legend: cheaper to redraw.
    ax_v.text(0.97, 0.97, "line: σ²/B · (N − B)/(N − 1)", transform=ax_v.transAxes, ha="right", va="top",
              fontsize=8, color=COLORS[2])
    ax_v.text(0.97, 0.89, f"dots: measured, {num_batches} batches each", transform=ax_v.transAxes,
              ha="right", va="top", fontsize=8, color=COLORS[0])
    marker, = ax_v.plot([batch_size], [measured[BATCH_SIZES.index(batch_size)]], "o",
                        markersize=11, markerfacecolor="none", markeredgecolor=COLORS[5], markeredgewidth=2)
    # Plain-text tick labels: a log axis would typeset 10^k as mathtext on every redraw.
    ax_v.set_xticks(BATCH_SIZES, [str(B) for B in BATCH_SIZES])
    ax_v.minorticks_off()
    lo, hi = np.floor(np.log10(theory.min())), np.ceil(np.log10(theory.max()))
    ax_v.set_yticks(10.0 ** np.arange(lo, hi + 1), [f"1e{int(k)}" for k in np.arange(lo, hi + 1)])
    ax_v.set_ylim(10 ** lo, 10 ** hi)
    ax_v.set_xlabel("batch size B (log scale)")
    ax_v.set_ylabel("tr Cov[ĝ_B] (log scale)")
    ax_v.set_title("variance ∝ 1/B")

    def update(batch_size):
        grads = samples[batch_size]
        dots.set_offsets(grads)
        width, height, angle = ellipse_geometry(np.cov(grads.T))
        ellipse.set_width(width)
        ellipse.set_height(height)
        ellipse.set_angle(angle)
        k = BATCH_SIZES.index(batch_size)
        marker.set_data([batch_size], [measured[k]])
        bias = np.linalg.norm(grads.mean(axis=0) - full)
        return (f"B = {batch_size}: tr Cov[ĝ_B] = {measured[k]:.4f} measured, {theory[k]:.4f} in theory "
                f"(σ²/B with the finite-population correction); ‖mean of {len(grads)} ĝ_B − ∇J‖ = {bias:.4f}")

    controls = {"batch_size": W.SelectionSlider(options=list(BATCH_SIZES), value=batch_size,
                                                description="B")}
    return FigureWidget(fig, controls, update)

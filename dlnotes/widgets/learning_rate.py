"""The learning rate: gradient descent on an ill-conditioned quadratic, for any ε."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_count, check_finite, check_fraction
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.plots.surfaces import exit_point, surface_contours, trajectory
from dlnotes.surfaces import Quadratic, descend
from dlnotes.training import TrainingDiverged
from dlnotes.widgets.base import FigureWidget

__all__ = ["learning_rate_widget"]


def learning_rate_widget(lr=0.1, eigenvalues=(1.0, 10.0), angle=np.pi / 6, theta0=(-2.5, 1.5),
                         num_steps=60):
    """θ ← θ − εG on J(θ) = ½ θᵀAθ, with a log slider for ε (0.001 to 1).

    Left: the trajectory on the contours of J, drawn up to where it leaves the
    plot (marked ✕). Right: J against the step, on a log scale. The text names
    the regime (monotone, oscillating, fastest at ε*, diverging) and the rate
    ρ(ε) = max |1 − ελ_i|. When descent diverges (:class:`dlnotes.TrainingDiverged`),
    the text shows its message and the plots show the steps up to the divergence.
    """
    surface = Quadratic(eigenvalues, angle)
    # The log slider runs from 0.001 to 1 and would clamp anything else without a word.
    check_fraction(lr, "learning_rate_widget: lr (the slider's range)", 0.001, 1.0)
    theta0 = check_finite(theta0, "learning_rate_widget: theta0")
    if theta0.shape != (2,):
        raise ValueError(f"learning_rate_widget: theta0 must be a point (θ₁, θ₂), got shape {theta0.shape}")
    num_steps = check_count(num_steps, "learning_rate_widget: num_steps")

    fig, (ax_c, ax_j) = new_figure(1, 2, size=(4.0, 3.4))
    surface_contours(ax_c, surface)
    path = trajectory(ax_c, theta0[None, :])
    lim = max(abs(v) for v in ax_c.get_xlim())
    leaves, = ax_c.plot([], [], marker="X", color=COLORS[5], markersize=10, markeredgecolor="black",
                        linestyle="none", clip_on=False)
    ax_c.set_title("θ on the contours of J")
    ax_c.set_xticks([-2, 0, 2])  # few tick labels: text is most of a redraw's cost
    ax_c.set_yticks([-2, 0, 2])
    # log10 J on a linear axis: the picture of a log axis, far cheaper to redraw (a log
    # axis typesets its 10^k labels as mathtext on every frame).
    curve, = ax_j.plot([0], [np.log10(surface.values(*theta0))], color=COLORS[0])
    blowup, = ax_j.plot([], [], marker="x", color=COLORS[5], markersize=10, linestyle="none")
    ax_j.axhline(6, color=COLORS[5], linestyle=":", linewidth=1)
    ax_j.text(num_steps, 6.2, "divergence bound", color=COLORS[5], ha="right", va="bottom", fontsize=8)
    ax_j.set_xlim(0, num_steps)
    ax_j.set_ylim(-10, 7.5)  # fixed: from converged to past the divergence bound (1e6)
    ax_j.set_yticks(np.arange(-9, 8, 3), [f"1e{k}" for k in range(-9, 8, 3)])
    ax_j.set_xticks(np.arange(0, num_steps + 1, 20))
    ax_j.set_xlabel("step")
    ax_j.set_ylabel("loss J(θ) (log scale)")
    ax_j.set_title("the loss")

    def update(lr):
        try:
            descent = descend(surface, theta0, lr, num_steps)
            message = None
        except TrainingDiverged as error:
            descent, message = error.descent, str(error)
        steps = np.arange(len(descent.losses))
        exit = exit_point(descent.trajectory, lim)
        if exit is None:
            path.set_data(descent.trajectory[:, 0], descent.trajectory[:, 1])
            leaves.set_data([], [])
        else:  # drawn up to the edge, and marked there: the path goes on outside
            shown = np.vstack([descent.trajectory[:exit[0]], exit[1]])
            path.set_data(shown[:, 0], shown[:, 1])
            leaves.set_data([exit[1][0]], [exit[1][1]])
        log_J = np.log10(np.maximum(descent.losses, 1e-300))
        curve.set_data(steps, log_J)
        if message:
            blowup.set_data(steps[-1:], log_J[-1:])
            return f"ε = {lr:.3g} (2/λ_max = {surface.max_stable_lr:.3f}): {message}"
        blowup.set_data([], [])
        f1, f2 = surface.factors(lr)
        fastest = " (ε* = 2/(λ_min + λ_max): the fastest)" if abs(lr - surface.best_lr) < 0.005 else ""
        return (f"ε = {lr:.3g} (2/λ_max = {surface.max_stable_lr:.3f}, ε* = {surface.best_lr:.3f}): "
                f"{surface.regime(lr)}{fastest}; "
                f"per step θ is multiplied by 1 − ελ = {f1:.3f} (flat), {f2:.3f} (steep), "
                f"rate ρ = {surface.rate(lr):.3f}; J after {num_steps} steps = {descent.losses[-1]:.3g}")

    controls = {"lr": W.FloatLogSlider(value=lr, base=10, min=-3, max=0, step=0.01,
                                       description="ε", readout_format=".3g")}
    return FigureWidget(fig, controls, update)


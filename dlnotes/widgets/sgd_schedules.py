"""SGD under a fixed budget of examples: the batch size and the step schedule, side by side with full-batch GD."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_count, check_learning_rate
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.stochastic_approximation import (budget_runs, constant_schedule, least_squares_data,
                                              least_squares_loss, robbins_monro_schedule, sgd_runs)
from dlnotes.widgets.base import FigureWidget

__all__ = ["BATCH_SIZES", "SCHEDULES", "sgd_schedule_widget"]

BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64)
SCHEDULES = {"constant ε": ("constant", 1.0), "Robbins–Monro, ε₀/(1 + k/k₀)": ("robbins-monro", 1.0),
             "too fast, ε₀/(1 + k/k₀)²": ("robbins-monro", 2.0)}


def sgd_schedule_widget(lr=0.04, budget=20000, k0=100.0, seed=0):
    """Choose a batch size and a schedule: the excess loss J − J* against examples seen.

    Every (batch size, schedule) run is computed once, up front, on the same data;
    full-batch gradient descent (same ε, same budget) is drawn for reference.
    """
    lr = check_learning_rate(lr)
    X, y, w_star = least_squares_data(seed=seed)
    budget = check_count(budget, "sgd_schedule_widget: budget", minimum=max(len(X), *BATCH_SIZES))
    J_star = least_squares_loss(w_star, X, y)
    runs = {}
    # A learning rate too large overflows: reported below as an error that names lr, not warned about.
    with np.errstate(over="ignore", invalid="ignore"):
        for B in BATCH_SIZES:  # the three schedules on the same minibatches, in one vectorized run
            num_steps = budget // B
            steps = np.array([constant_schedule(lr, num_steps) if kind == "constant"
                              else robbins_monro_schedule(lr, num_steps, k0=k0, power=power)
                              for kind, power in SCHEDULES.values()])
            recorded, losses = sgd_runs(X, y, steps, batch_size=B, rng=np.random.default_rng(seed + B),
                                        record_every=max(1, num_steps // 60))
            for name, loss in zip(SCHEDULES, losses):
                runs[name, B] = (recorded * B, loss)
        full = budget_runs(X, y, lr, [len(X)], budget, None)[len(X)]
    if not all(np.isfinite(run[1]).all() for run in runs.values()) or not np.isfinite(full[1]).all():
        raise ValueError(f"sgd_schedule_widget: with lr = {lr:g} SGD diverges on this problem (the loss "
                         "overflows to inf): choose a smaller learning rate")

    fig, ax = new_figure(1, 1, size=(5.6, 3.6))
    ax.loglog(full[0][1:], full[1][1:] - J_star, color="0.5", linestyle="--", label="full-batch GD")
    line, = ax.loglog([], [], color=COLORS[0], linewidth=2, label="SGD")
    floor = ax.axhline(1.0, color=COLORS[5], linewidth=1, linestyle=":", label="the run's last value")
    lows = [l[1:] - J_star for l in (r[1] for r in runs.values())]
    ax.set_xlim(1, budget)
    ax.set_ylim(min(l.min() for l in lows) / 2, max(l.max() for l in lows) * 2)
    ax.set_xlabel("examples seen (per-example gradients computed)")
    ax.set_ylabel("excess loss J(w) − J*")
    ax.legend(loc="lower left", fontsize=9)
    title = ax.set_title("")

    def update(batch_size, schedule):
        examples, losses = runs[schedule, batch_size]
        line.set_data(examples[1:], losses[1:] - J_star)
        floor.set_ydata([losses[-1] - J_star] * 2)
        title.set_text(f"batch size {batch_size}, {schedule}")
        return (f"after {budget} examples: J − J* = {losses[-1] - J_star:.2e} with batch size {batch_size} "
                f"({budget // batch_size} steps); full-batch GD: {full[1][-1] - J_star:.2e} "
                f"({budget // len(X)} steps)")

    controls = {
        "batch_size": W.SelectionSlider(options=list(BATCH_SIZES), value=1, description="batch size"),
        "schedule": W.Dropdown(options=list(SCHEDULES), value="constant ε", description="schedule"),
    }
    return FigureWidget(fig, controls, update)

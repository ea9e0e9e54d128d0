"""Depth and learning rate, with and without batch normalization: activation scales and precomputed training losses."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_mapping
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["normalization_widget"]


def normalization_widget(scales, losses):
    """Sliders for the depth and the learning rate over precomputed runs.

    ``scales``: {(depth, norm): array of each hidden layer's activation
    standard deviation at initialization, weights drawn with gain 1}; ``losses``: {(depth, norm, lr): the
    training loss of every epoch (``inf`` once diverged)}, with norm None or
    "batch". Left: the scales by layer, plain and batch-normalized. Right: the
    training loss per epoch at the chosen rate, both networks.
    """
    check_mapping(losses, "normalization_widget: losses")
    if not isinstance(scales, dict):
        raise TypeError(f"normalization_widget: scales must be a dict, got {type(scales).__name__}")
    for key in losses:
        if not isinstance(key, tuple) or len(key) != 3:
            raise ValueError(f"normalization_widget: the keys of losses must be (depth, norm, lr), got {key!r}")
    depths = sorted({d for d, _, _ in losses})
    lrs = sorted({lr for _, _, lr in losses})
    if not depths or any((d, n) not in scales for d in depths for n in (None, "batch")):
        raise ValueError("scales needs an entry (depth, None) and (depth, 'batch') for every depth of losses")
    fig, (ax_s, ax_l) = new_figure(1, 2, size=(4.2, 3.4))
    deepest = max(depths)
    plain_s, = ax_s.semilogy([], [], "o-", color=COLORS[5], markersize=3, label="plain")
    batch_s, = ax_s.semilogy([], [], "o-", color=COLORS[0], markersize=3, label="batch norm")
    everything = np.concatenate([np.asarray(s, dtype=float) for s in scales.values()])
    everything = everything[everything > 0]
    ax_s.set_xlim(0.5, deepest + 0.5)
    ax_s.set_ylim(everything.min() / 2, everything.max() * 2)
    ax_s.set_xlabel("hidden layer")
    ax_s.set_ylabel("std of the activations")
    ax_s.set_title("At initialization (gain 1)")
    ax_s.legend(fontsize=9, loc="lower left")
    epochs = np.arange(1, len(next(iter(losses.values()))) + 1)
    plain_l, = ax_l.semilogy(epochs, epochs * np.nan, "o-", color=COLORS[5], label="plain")
    batch_l, = ax_l.semilogy(epochs, epochs * np.nan, "o-", color=COLORS[0], label="batch norm")
    ax_l.set_ylim(0.03, 10)
    ax_l.set_xticks(epochs)
    ax_l.set_xlim(0.7, len(epochs) + 0.3)
    ax_l.set_xlabel("epoch")
    ax_l.set_ylabel("training loss (top edge: diverged)")
    ax_l.legend(fontsize=9, loc="lower left")
    title_l = ax_l.set_title("")

    def clip(run):
        return np.minimum(np.asarray(run, dtype=float), 10.0)  # a diverged run is drawn at the top edge

    def update(depth, lr):
        for line, norm in ((plain_s, None), (batch_s, "batch")):
            s = np.asarray(scales[depth, norm])
            line.set_data(np.arange(1, len(s) + 1), s)
        plain, batch = losses[depth, None, lr], losses[depth, "batch", lr]
        plain_l.set_ydata(clip(plain))
        batch_l.set_ydata(clip(batch))
        title_l.set_text(f"{depth} hidden layers, lr = {lr:g}")

        def says(run):
            return "diverged" if not np.isfinite(run[-1]) else f"loss {run[-1]:.3f}"
        return f"depth {depth}, lr = {lr:g}: plain {says(plain)}, batch norm {says(batch)} after {len(epochs)} epochs"

    controls = {"depth": W.SelectionSlider(options=depths, value=depths[len(depths) // 2], description="depth"),
                "lr": W.SelectionSlider(options=lrs, value=lrs[len(lrs) // 2], description="lr")}
    return FigureWidget(fig, controls, update)

"""Depth, plain or residual: the gradient reaching each layer, and the precomputed training loss."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_mapping
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["residual_widget"]


def residual_widget(gradient_norms, losses):
    """A depth slider and a plain/residual toggle over precomputed measurements.

    ``gradient_norms``: {(depth, residual): ‖∂L/∂W‖ at initialization, one
    weight matrix per level, input layer first (:func:`dlnotes.residual_nets.layer_gradient_norms`)}; ``losses``: {(depth, residual): the
    training loss of every epoch}. Left: the gradient norm by layer. Right: the
    training loss per epoch of both kinds, the chosen one emphasized.
    """
    depths = sorted({d for d, _ in check_mapping(losses, "residual_widget: losses")})
    if not isinstance(gradient_norms, dict):
        raise TypeError(f"residual_widget: gradient_norms must be a dict, got {type(gradient_norms).__name__}")
    if any((d, r) not in gradient_norms or (d, r) not in losses for d in depths for r in (False, True)):
        raise ValueError("gradient_norms and losses need a plain and a residual entry for every depth")
    fig, (ax_g, ax_l) = new_figure(1, 2, size=(4.2, 3.4))
    everything = np.concatenate([np.asarray(g, dtype=float) for g in gradient_norms.values()])
    grad_line, = ax_g.semilogy([], [], "o-", markersize=3, color=COLORS[0])
    ax_g.set_xlim(0, max(len(g) for g in gradient_norms.values()) + 1)
    ax_g.set_ylim(everything[everything > 0].min() / 3, everything.max() * 3)
    ax_g.set_xlabel("layer (1 = input layer)")
    ax_g.set_ylabel("‖∂L/∂W‖ at initialization")
    title_g = ax_g.set_title("")
    epochs = np.arange(1, len(next(iter(losses.values()))) + 1)
    lines = {False: ax_l.plot(epochs, epochs * np.nan, "s--", color=COLORS[5], label="plain")[0],
             True: ax_l.plot(epochs, epochs * np.nan, "o-", color=COLORS[0], label="residual")[0]}
    ax_l.set_ylim(0, 2.5)
    ax_l.set_xticks(epochs)
    ax_l.set_xlim(0.7, len(epochs) + 0.3)
    ax_l.axhline(np.log(10), color="0.3", linewidth=0.8, linestyle=":")
    ax_l.set_xlabel("epoch")
    ax_l.set_ylabel("training loss (dotted: chance, log 10)")
    ax_l.legend(fontsize=9, loc="lower left")
    title_l = ax_l.set_title("")

    def update(depth, kind):
        residual = kind == "residual"
        g = np.asarray(gradient_norms[depth, residual])
        grad_line.set_data(np.arange(1, len(g) + 1), g)
        grad_line.set_color(COLORS[0] if residual else COLORS[5])
        title_g.set_text(f"{kind}, {depth} blocks")
        for r, line in lines.items():
            line.set_ydata(losses[depth, r])
            line.set_linewidth(2.5 if r == residual else 1.0)
            line.set_alpha(1.0 if r == residual else 0.5)
        title_l.set_text(f"training, {depth} blocks")
        return (f"{kind}, {depth} blocks: gradient norm at the input layer {g[0]:.1e} (at the output layer "
                f"{g[-1]:.1e}); training loss after {len(epochs)} epochs {losses[depth, residual][-1]:.3f}")

    controls = {"depth": W.SelectionSlider(options=depths, value=depths[-1], description="depth"),
                "kind": W.ToggleButtons(options=["plain", "residual"], value="plain", description="network")}
    return FigureWidget(fig, controls, update)

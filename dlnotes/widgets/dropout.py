"""Dropout's one knob, the drop probability p: precomputed learning curves, training against validation."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_mapping
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["dropout_widget"]


def dropout_widget(curves):
    """A slider over the drop probabilities p of ``curves``, {p: :class:`dlnotes.dropout_nets.Curves`}.

    Left: training and validation accuracy of the network trained with dropout
    p, per epoch, with p = 0 (no dropout) dashed for reference. Right: the
    train–validation accuracy gap per epoch. Nothing is trained on a move.
    """
    ps = sorted(check_mapping(curves, "dropout_widget: curves"))
    if 0.0 not in curves or len(ps) < 2:
        raise ValueError(f"curves needs p = 0 and at least one other p, got p = {ps}")
    base = curves[0.0]
    fig, (ax_acc, ax_gap) = new_figure(1, 2, size=(4.2, 3.4))
    ax_acc.plot(base.epochs, base.train_accuracy, color=COLORS[0], linestyle="--", linewidth=1,
                label="train, p = 0")
    ax_acc.plot(base.epochs, base.val_accuracy, color=COLORS[1], linestyle="--", linewidth=1,
                label="validation, p = 0")
    train_line, = ax_acc.plot(base.epochs, base.train_accuracy, color=COLORS[0], linewidth=2, label="train, p")
    val_line, = ax_acc.plot(base.epochs, base.val_accuracy, color=COLORS[1], linewidth=2, label="validation, p")
    low = min(min(c.val_accuracy + c.train_accuracy) for c in curves.values())
    ax_acc.set_ylim(max(0.0, low - 0.02), 1.01)
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy (evaluation network)")
    ax_acc.legend(loc="lower right", fontsize=8, ncol=2)
    title_acc = ax_acc.set_title("")
    ax_gap.plot(base.epochs, base.gap("accuracy"), color="0.5", linestyle="--", label="p = 0")
    gap_line, = ax_gap.plot(base.epochs, base.gap("accuracy"), color=COLORS[2], linewidth=2, label="p")
    gaps = np.concatenate([c.gap("accuracy") for c in curves.values()])
    ax_gap.set_ylim(min(0.0, gaps.min()) - 0.02, gaps.max() + 0.02)
    ax_gap.axhline(0.0, color="0.3", linewidth=0.8)
    ax_gap.set_xlabel("epoch")
    ax_gap.set_ylabel("train − validation accuracy")
    ax_gap.legend(loc="upper left", fontsize=9)
    ax_gap.set_title("The generalization gap")

    def update(p):
        c = curves[p]
        train_line.set_ydata(c.train_accuracy)
        val_line.set_ydata(c.val_accuracy)
        gap_line.set_ydata(c.gap("accuracy"))
        title_acc.set_text(f"Dropout p = {p:g}")
        return (f"p = {p:g}: final training accuracy {c.train_accuracy[-1]:.3f}, validation "
                f"{c.val_accuracy[-1]:.3f}, gap {c.gap('accuracy')[-1]:.3f} "
                f"(without dropout: gap {base.gap('accuracy')[-1]:.3f})")

    controls = {"p": W.SelectionSlider(options=ps, value=ps[-1] if len(ps) < 3 else ps[len(ps) // 2],
                                       description="p")}
    return FigureWidget(fig, controls, update)

"""LoRA's rank r: the adapted network's learning curve, and how much of the full update a rank-r matrix holds."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_finite, check_mapping
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["lora_rank_widget"]


def lora_rank_widget(runs, full_history, singular_values, fractions):
    """A rank slider over precomputed runs.

    ``runs`` {r: History} (with per-epoch ``eval_accuracy`` on the validation set) of LoRA at rank r;
    ``full_history`` the same for full fine-tuning; ``singular_values`` (all of them) of the
    full fine-tuning update of one layer, of which the first 20 are drawn; ``fractions`` {r: percent of the parameters trained}.
    Left: validation accuracy per epoch, rank r against full fine-tuning, a dot at each one's best
    epoch (the one early stopping chooses). Right:
    the singular values, the r largest highlighted: the part of the full update
    a rank-r matrix can hold.
    """
    ranks = sorted(check_mapping(runs, "lora_rank_widget: runs"))
    check_mapping(fractions, "lora_rank_widget: fractions")
    if not hasattr(full_history, "eval_accuracy"):
        raise TypeError(f"lora_rank_widget: full_history must be a History with eval_accuracy, got {type(full_history).__name__}")
    s = check_finite(singular_values, "lora_rank_widget: singular_values")
    fig, (ax_acc, ax_s) = new_figure(1, 2, size=(4.2, 3.4))
    epochs = np.arange(1, len(full_history.eval_accuracy) + 1)
    ax_acc.plot(epochs, full_history.eval_accuracy, color="0.4", linestyle="--", label="full fine-tuning")
    line, = ax_acc.plot(epochs, runs[ranks[0]].eval_accuracy, color=COLORS[2], linewidth=2, label="LoRA")
    best_full = int(np.argmax(full_history.eval_accuracy))  # the first epoch with the best validation accuracy
    ax_acc.plot(best_full + 1, full_history.eval_accuracy[best_full], "o", color="0.4")
    best_dot, = ax_acc.plot([], [], "o", color=COLORS[2], markersize=8, label="best epoch")
    ax_acc.set_ylim(0, 1.0)
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("validation accuracy, new classes")
    ax_acc.legend(loc="lower right", fontsize=9)
    title_acc = ax_acc.set_title("")
    shown = s[:20]  # the first 20 drawn; the energy counts them all
    index = np.arange(1, len(shown) + 1)
    bars = ax_s.bar(index, shown, color=COLORS[8])
    ax_s.set_yscale("log")
    ax_s.set_xlabel("index k")
    ax_s.set_ylabel("singular value σ_k of ΔW")
    title_s = ax_s.set_title("")
    energy = np.cumsum(s ** 2) / np.sum(s ** 2)

    def update(r):
        line.set_ydata(runs[r].eval_accuracy)
        best = int(np.argmax(runs[r].eval_accuracy))
        best_dot.set_data([best + 1], [runs[r].eval_accuracy[best]])
        title_acc.set_text(f"rank {r}: {fractions[r]:.1f} % of the parameters trained")
        for k, bar in enumerate(bars):
            bar.set_color(COLORS[0] if k < r else COLORS[8])
        title_s.set_text(f"the {r} largest hold {100 * energy[r - 1]:.0f} % of ‖ΔW‖²")
        return (f"r = {r}: validation accuracy {runs[r].eval_accuracy[-1]:.3f} after the last epoch, best "
                f"{runs[r].eval_accuracy[best]:.3f} at epoch {best + 1} (dots), against "
                f"{full_history.eval_accuracy[best_full]:.3f} at epoch {best_full + 1} for full fine-tuning, "
                f"training {fractions[r]:.1f} % of the parameters")

    controls = {"r": W.SelectionSlider(options=ranks, value=ranks[0], description="rank r")}
    return FigureWidget(fig, controls, update)

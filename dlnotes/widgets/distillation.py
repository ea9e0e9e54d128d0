"""Distillation's two knobs, the temperature T and the mixing weight α: the soft targets and the student's learning curve."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_finite, check_index, check_mapping
from dlnotes.distillation import soft_targets
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["distillation_widget"]


def distillation_widget(runs, teacher_logits, label):
    """A slider for T and a drop-down for α over precomputed student runs (:func:`dlnotes.distillation.student_runs`).

    Left: the teacher's soft targets for one example (its logits ``teacher_logits``,
    of shape (classes,), and its true ``label``) at temperature T. Right: the student's validation accuracy per
    epoch, distilled with (T, α), against the student trained on labels alone.
    """
    check_mapping(runs, "distillation_widget: runs")
    if (None, 0.0) not in runs or len(runs) < 2:
        raise ValueError("distillation_widget: runs needs the labels-only run (None, 0.0) and at least one "
                         "distilled run (T, α), as student_runs returns")
    teacher_logits = check_finite(teacher_logits, "distillation_widget: teacher_logits")
    if teacher_logits.ndim != 1:
        raise ValueError(f"distillation_widget: teacher_logits must be one example's logits (classes,), "
                         f"got shape {teacher_logits.shape}")
    label = check_index(label, len(teacher_logits), "distillation_widget: label")
    temperatures = sorted({T for T, _ in runs if T is not None})
    alphas = sorted({a for T, a in runs if T is not None})
    baseline = runs[None, 0.0].eval_accuracy
    fig, (ax_p, ax_acc) = new_figure(1, 2, size=(4.0, 3.4))
    first = soft_targets(teacher_logits[None, :], temperatures[0])[0]
    bars = ax_p.bar(np.arange(len(first)), first,
                    color=[COLORS[5] if k == label else COLORS[0] for k in range(len(first))])
    ax_p.set_xticks(np.arange(len(first)))
    ax_p.set_xlabel("class (the true one in orange)")
    ax_p.set_ylabel("teacher's probability")
    ax_p.set_yscale("log")
    ax_p.set_ylim(1e-6, 1.5)
    title_p = ax_p.set_title("")
    epochs = np.arange(1, len(baseline) + 1)
    ax_acc.plot(epochs, baseline, color="0.5", linestyle="--", label="labels only")
    line, = ax_acc.plot(epochs, baseline, color=COLORS[2], linewidth=2, label="distilled")
    low = min(min(h.eval_accuracy) for h in runs.values())
    ax_acc.set_ylim(max(low, 0.5), 1.0)
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("validation accuracy")
    ax_acc.legend(loc="lower right", fontsize=9)
    title_acc = ax_acc.set_title("")

    def update(temperature, alpha):
        p = soft_targets(teacher_logits[None, :], temperature)[0]
        for bar, height in zip(bars, p):
            bar.set_height(height)
        title_p.set_text(f"soft targets at T = {temperature:g}")
        history = runs[temperature, alpha]
        line.set_ydata(history.eval_accuracy)
        title_acc.set_text(f"student, T = {temperature:g}, α = {alpha:g}")
        wrong = np.argsort(p)[::-1]
        wrong = [k for k in wrong if k != label][:2]
        return (f"T = {temperature:g}, α = {alpha:g}: final validation accuracy "
                f"{history.eval_accuracy[-1]:.3f} (labels only: {baseline[-1]:.3f}); the teacher's most "
                f"plausible wrong digits for this {label}: {wrong[0]} ({p[wrong[0]]:.3f}), {wrong[1]} ({p[wrong[1]]:.3f})")

    controls = {"temperature": W.SelectionSlider(options=temperatures, value=temperatures[0], description="T"),
                # A drop-down, not a slider: with two or three values a slider's drag barely moves.
                "alpha": W.Dropdown(options=alphas, value=alphas[-1], description="α")}
    return FigureWidget(fig, controls, update)

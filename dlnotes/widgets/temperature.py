"""The softmax temperature: softmax(z/T) between the argmax (T → 0) and uniform (T → ∞)."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_fraction
from dlnotes.functions import softmax
from dlnotes.information import entropy, entropy_temperature_slope
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["temperature_widget"]


def temperature_widget(logits=(2.0, 1.0, 0.5, -0.5, -1.5), temperature=1.0):
    """softmax(z/T) of fixed ``logits`` z, with a slider for the temperature T (0.01 to 100).

    Left: the probabilities as bars, with the two limits as references, the
    one-hot argmax (T → 0, outlined) and the uniform 1/K (T → ∞, dashed).
    Right: the entropy H(T) = −Σ p log p in nats against T, from 0 (one-hot)
    up to log K (uniform), with a marker at the current T. The text gives H and
    its slope dH/dT = Var_p(z)/T³ (:func:`dlnotes.information.entropy_temperature_slope`).
    """
    z = np.asarray(logits, dtype=float)
    if z.ndim != 1 or z.size < 2 or not np.all(np.isfinite(z)):
        raise ValueError(f"logits must be a finite 1-D sequence of at least two numbers, got {logits!r}")
    # The log slider runs from 0.01 to 100 and would clamp anything else without a word.
    check_fraction(temperature, "temperature_widget: temperature (the slider's range)", 0.01, 100.0)
    K = z.size
    classes = np.arange(K)
    one_hot = np.eye(K)[np.argmax(z)]

    # The entropy curve is computed once; a redraw only moves the marker.
    Ts = np.logspace(-2, 2, 161)
    H_curve = np.array([entropy(softmax(z, temperature=T)) for T in Ts])

    fig, (ax_p, ax_h) = new_figure(1, 2, size=(4.0, 3.0))
    p = softmax(z, temperature=temperature).value
    bars = ax_p.bar(classes, p, color=COLORS[0], width=0.6, label="softmax(z/T)")
    ax_p.bar(classes, one_hot, fill=False, edgecolor=COLORS[5], linewidth=1.5, width=0.8,
             label="argmax one-hot (T → 0)")
    ax_p.axhline(1 / K, color=COLORS[2], linestyle="--", label="uniform 1/K (T → ∞)")
    ax_p.set_xticks(classes, [f"{k}\nz={v:g}" for k, v in enumerate(z)])
    ax_p.set_ylim(0, 1.3)
    ax_p.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax_p.set_xlabel("class k (logit zₖ)")
    ax_p.set_ylabel("probability pₖ")
    # Figure-level legends, texts and titles belong to the cached frame (a redraw redraws
    # only each axes' own artists, and text is what drawing costs); they sit where no bar
    # or curve goes, since the axes' content is drawn over them.
    fig.legend(handles=[bars, ax_p.containers[1], ax_p.lines[0]], loc="upper right", fontsize=8,
               bbox_to_anchor=(0, 0, 1, 1), bbox_transform=ax_p.transAxes)

    # log10 T on a linear axis: the same picture as a log axis, but far cheaper to
    # redraw (no minor ticks to lay out on every frame).
    ax_h.plot(np.log10(Ts), H_curve, color=COLORS[0])
    ax_h.axhline(np.log(K), color=COLORS[2], linestyle="--")
    ax_h.axhline(0.0, color=COLORS[5], linestyle=":")
    fig.text(2, np.log(K) - 0.05, f"uniform limit: log {K}", ha="right", va="top", fontsize=8,
             transform=ax_h.transData)
    fig.text(-2, 0.05, "one-hot limit: 0", ha="left", va="bottom", fontsize=8, transform=ax_h.transData)
    marker, = ax_h.plot([np.log10(temperature)], [entropy(p)], "o", color=COLORS[1], markersize=8)
    ax_h.set_xticks(np.arange(-2, 3), ["0.01", "0.1", "1", "10", "100"])
    ax_h.set_xlim(-2.1, 2.1)
    ax_h.set_ylim(-0.08, np.log(K) * 1.12)
    ax_h.set_yticks(np.arange(0, np.log(K) + 0.01, 0.5))
    ax_h.set_xlabel("temperature T (log scale)")
    ax_h.set_ylabel("entropy H (nats)")
    fig.suptitle("softmax(z / T) (left) and its entropy, which grows with T (right)", fontsize=10)

    def update(T):
        p = softmax(z, temperature=T).value
        for bar, height in zip(bars, p):
            bar.set_height(height)
        H = entropy(p)
        marker.set_data([np.log10(T)], [H])
        return (f"T = {T:.3g}: p = [{', '.join(f'{v:.3f}' for v in p)}], "
                f"entropy H = {H:.3f} nats (one-hot limit 0, uniform limit log {K} = {np.log(K):.3f}); "
                f"dH/dT = Var_p(z)/T³ = {entropy_temperature_slope(z, T):.3g}")

    controls = {"T": W.FloatLogSlider(value=temperature, base=10, min=-2, max=2, step=0.02,
                                      description="T", readout_format=".3g")}
    return FigureWidget(fig, controls, update)

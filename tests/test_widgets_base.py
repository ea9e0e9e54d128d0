"""FigureWidget and its FrameCache: a blitted redraw shows what a whole draw shows."""

import io

import ipywidgets as W
import numpy as np
from PIL import Image

from dlnotes.plots.style import new_figure, png_bytes
from dlnotes.widgets.base import FigureWidget


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("L")).astype(int)


def make_widget():
    fig, (ax_line, ax_text) = new_figure(1, 2)
    line, = ax_line.plot([0, 1], [0, 0])
    ax_line.set_xlim(0, 1)
    ax_line.set_ylim(-2, 2)
    ax_line.set_xlabel("x")

    def update(a, label):
        line.set_ydata([0, a])
        ax_line.set_title(f"slope {a:.1f}")
        ax_text.set_ylabel(label)  # a frame change: the cached frames must be redrawn
        return f"a = {a:.1f}"

    controls = {"a": W.FloatSlider(value=1.0, min=-2, max=2),
                "label": W.Dropdown(options=["first", "second"], value="first")}
    return FigureWidget(fig, controls, update)


def assert_looks_like_a_whole_draw(widget):
    blitted, whole = pixels(widget.image.value), pixels(png_bytes(widget.figure))
    assert blitted.shape == whole.shape
    # Anti-aliased edges may differ by a shade; nothing may be missing or moved.
    assert (np.abs(blitted - whole) > 60).sum() < 0.002 * blitted.size


def test_a_move_redraws_the_content_and_the_text():
    widget = make_widget()
    before, text = widget.image.value, widget.text.value
    widget.controls["a"].value = -1.5
    assert widget.image.value != before and widget.text.value == "a = -1.5" != text
    assert_looks_like_a_whole_draw(widget)


def test_a_changed_frame_is_drawn_anew():
    widget = make_widget()
    widget.controls["label"].value = "second"
    assert_looks_like_a_whole_draw(widget)


def test_titles_stay_put_and_the_layout_stays_frozen_after_a_savefig():
    widget = make_widget()
    png_bytes(widget.figure)  # saving must not bring a layout engine back
    widget.controls["label"].value = "second"
    widget.controls["a"].value = 0.5
    assert widget.figure.get_layout_engine() is None
    assert_looks_like_a_whole_draw(widget)
    title_band = pixels(widget.image.value)[:25]
    assert (title_band < 128).sum() > 20, "the title is missing"


def test_every_slider_updates_while_dragged_whatever_it_was_built_with():
    widget = make_widget()
    assert widget.controls["a"].continuous_update is True
    slider = W.IntSlider(value=0, min=0, max=3, continuous_update=False)
    fig, ax = new_figure()
    line, = ax.plot([0, 1], [0, 0])
    built = FigureWidget(fig, {"k": slider}, lambda k: line.set_ydata([0, k]) or f"k = {k}")
    assert slider.continuous_update is True
    slider.value = 2
    assert built.text.value == "k = 2"


def test_extras_are_shown_but_do_not_redraw():
    calls = []
    fig, ax = new_figure()
    line, = ax.plot([0, 1], [0, 0])

    def update(a):
        calls.append(a)
        line.set_ydata([0, a])
        return f"a = {a}"

    extra = W.Checkbox(value=False, description="extra")
    widget = FigureWidget(fig, {"a": W.FloatSlider(value=0.5)}, update, extras=[extra])
    assert extra in widget.box.children[0].children
    assert widget.box.children[0].children[0] is extra  # extras come first, before the controls
    before = len(calls)
    extra.value = True
    assert len(calls) == before
    widget.controls["a"].value = 0.25
    assert calls[-1] == 0.25


def test_a_legend_is_drawn_above_the_content_and_redrawn_when_its_text_changes():
    fig, ax = new_figure()
    line, = ax.plot([0, 1], [0, 0], label="first")
    ax.set_xlim(0, 1)
    ax.set_ylim(-2, 2)
    legend = ax.legend(loc="upper left")

    def update(a, name):
        line.set_ydata([0, a])
        legend.texts[0].set_text(name)
        return f"a = {a}, {name}"

    widget = FigureWidget(fig, {"a": W.FloatSlider(value=1.0, min=-2, max=2),
                                "name": W.Dropdown(options=["first", "a much longer label"])}, update)
    assert legend in widget.frames._content(ax)  # drawn in z-order, above what an update redraws
    widget.controls["a"].value = -1.0
    assert_looks_like_a_whole_draw(widget)
    before = widget.frames.signature
    widget.controls["name"].value = "a much longer label"
    assert widget.frames.signature != before
    assert_looks_like_a_whole_draw(widget)


def test_a_legend_made_anew_by_an_update_is_drawn_anew():
    fig, ax = new_figure()
    line, = ax.plot([0, 1], [0, 0], label="curve", linewidth=10)
    ax.set_xlim(0, 1)
    ax.set_ylim(-2, 2)

    def update(a, color):
        line.set_ydata([0, a])
        line.set_color(color)
        ax.legend(loc="upper left", handlelength=5, fontsize=16)  # same text, new handle
        return f"a = {a}, {color}"

    widget = FigureWidget(fig, {"a": W.FloatSlider(value=1.0, min=-2, max=2),
                                "color": W.Dropdown(options=["black", "white"])}, update)
    widget.controls["color"].value = "white"
    assert_looks_like_a_whole_draw(widget)

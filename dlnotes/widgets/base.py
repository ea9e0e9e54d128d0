"""The one pattern every widget follows: controls → update(**values) → redrawn figure."""

import io
import time

import ipywidgets as W
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from PIL import Image

from dlnotes.plots.style import freeze_layout

__all__ = ["FigureWidget", "FrameCache"]


def _tick_places(axis, ticks, limits):
    """The ticks' values and their places along the axis, as fractions of its length."""
    if len(ticks) == 0:
        return ()
    scale = axis.get_transform()
    places = scale.transform(np.asarray(ticks, dtype=float))
    low, high = scale.transform(np.asarray(limits, dtype=float))
    return tuple(ticks), tuple(np.round((places - low) / (high - low), 5))


def _legend_state(legend):
    """What a legend shows that an update can change: which legend, whether shown, its texts.

    The legend's identity counts too: an update that makes a new legend (``ax.legend()``
    again) may have new handles under the same texts.
    """
    if legend is None:
        return None
    return (id(legend), legend.get_visible(), legend.get_title().get_text(),
            tuple(t.get_text() for t in legend.texts))


class FrameCache:
    """Renders a figure to PNG, redrawing only what a widget can change (blitting).

    Each axes' frame (its background, tick labels, axis labels, grid, spines
    and legend) is drawn once into a cached background; text is most of what
    drawing a small figure costs (a legend alone costs about 20 ms a draw). A
    render restores that background and draws each axes' content (lines,
    patches, collections, images, texts, titles) on top, in z-order. When an
    update moves an axes' limits, scale, ticks or axis labels, or changes its
    legend's texts or visibility, the background is drawn anew. (A legend's
    handles are copies made when it is created: they never follow later
    changes to the artists, so its texts are all it can change.)
    """

    def __init__(self, figure):
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.background = None
        self.signature = None

    def _frame_signature(self):
        """What the frames show: each axes' place, scales, labels, ticks and where they land.

        Limits count only through the ticks: an axes without ticks can pan and
        zoom with its frame unchanged.
        """
        return [(ax.get_position().bounds, ax.get_xscale(), ax.get_yscale(), ax.get_xlabel(),
                 ax.get_ylabel(), ax.get_visible(), ax.axison,
                 _tick_places(ax.xaxis, ax.get_xticks(), ax.get_xlim()),
                 _tick_places(ax.yaxis, ax.get_yticks(), ax.get_ylim()),
                 _legend_state(ax.get_legend()))
                for ax in self.figure.axes]

    @staticmethod
    def _content(ax):
        frame = {ax.patch, ax.xaxis, ax.yaxis, *ax.spines.values(), ax.get_legend()}
        return sorted((a for a in ax.get_children() if a not in frame and a.get_visible()),
                      key=lambda a: a.get_zorder())

    def _draw_background(self):
        if self.background is None:
            # A whole draw first: an axes' draw places its titles above its
            # decorations. The layout is frozen, so they stay there.
            self.canvas.draw()
        content = [a for ax in self.figure.axes for a in self._content(ax)]
        placed = [(a, a.get_position()) for a in content if isinstance(a, Text)]
        for artist in content:
            artist.set_visible(False)
        try:
            self.canvas.draw()
        finally:
            for artist in content:
                artist.set_visible(True)
            # Drawn with the titles hidden, the axes moved them: put them back.
            for text, position in placed:
                text.set_position(position)
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def render(self):
        """The figure as PNG bytes."""
        signature = self._frame_signature()
        if signature != self.signature:
            self._draw_background()
            self.signature = signature
        self.canvas.restore_region(self.background)
        for ax in self.figure.axes:
            if ax.get_visible():
                for artist in self._content(ax):
                    ax.draw_artist(artist)
        buffer = io.BytesIO()
        # Fast compression: the image travels once, to the browser on this machine.
        Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba(),
                         "raw", "RGBA", 0, 1).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


class FigureWidget:
    """Controls, a matplotlib figure shown as a PNG image, and a line of text.

    ``update(**values)`` receives every control's value by name, redraws the
    artists of ``figure`` and returns the text to show (HTML allowed). Moving
    any control calls it again and refreshes ``image`` and ``text``; the
    figure is a plain ``matplotlib.figure.Figure``, so nothing is shown twice
    and no browser is needed to test it. The figure's layout is computed at the
    first draw and then frozen (:func:`dlnotes.plots.freeze_layout`), and the
    axes' frames are drawn once (:class:`FrameCache`): a redraw only redraws
    what moves. ``last_redraw_seconds`` holds how long the last redraw took.

    Every control that has a ``continuous_update`` setting (sliders, text
    boxes) gets ``continuous_update=True`` here, whatever it was built with: the
    figure follows a slider while it is dragged, not only when it is let go.
    This is the one place that decides it for every widget of the collection.
    ``extras`` are widgets shown next to the controls that do not call
    ``update`` themselves (a play button linked to a slider, for example).
    """

    def __init__(self, figure, controls, update, extras=()):
        self.figure = figure
        self.controls = dict(controls)
        self.update = update
        self.image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.text = W.HTML()
        self.last_redraw_seconds = None
        for control in self.controls.values():
            if control.has_trait("continuous_update"):
                control.continuous_update = True
            control.observe(self._on_change, names="value")
        self.box = W.VBox([W.HBox([*extras, *self.controls.values()]), self.image, self.text])
        self.text.value = self.update(**self.values) or ""
        freeze_layout(self.figure)
        self.frames = FrameCache(self.figure)
        self.redraw()

    @property
    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self):
        start = time.perf_counter()
        self.text.value = self.update(**self.values) or ""
        self.image.value = self.frames.render()
        self.last_redraw_seconds = time.perf_counter() - start

    def _on_change(self, change):
        self.redraw()

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)

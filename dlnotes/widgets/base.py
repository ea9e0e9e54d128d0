"""The one pattern every widget follows: controls → update(**values) → redrawn figure."""

import time

import ipywidgets as W

from dlnotes.plots.style import freeze_layout
from dlnotes.widgets.frame_cache import FrameCache

__all__ = ["FigureWidget", "FrameCache"]


class FigureWidget:
    """Controls, a matplotlib figure shown as a PNG image, and a line of text.

    ``update(**values)`` receives every control's value by name, redraws the
    artists of ``figure`` and returns the text to show (HTML allowed). Moving
    any control calls it again and refreshes ``image`` and ``text``; the
    figure is a plain ``matplotlib.figure.Figure``, so nothing is shown twice
    and no browser is needed to test it. The figure's layout is computed at the
    first draw and then frozen (:func:`dlnotes.plots.freeze_layout`), and the
    axes' frames and every artist the updates leave alone are cached
    (:class:`FrameCache`): a redraw only redraws what ``update`` changed. So an
    update should set only what changes (a setter marks its artist changed even
    when the value is the same), and compute once, in the builder, what every
    move would compute again. ``last_redraw_seconds`` holds how long the last
    redraw took.

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

"""The one pattern every widget follows: controls → update(**values) → redrawn figure."""

import time

import ipywidgets as W

from dlnotes.plots.style import freeze_layout, png_bytes

__all__ = ["FigureWidget"]


class FigureWidget:
    """Controls, a matplotlib figure shown as a PNG image, and a line of text.

    ``update(**values)`` receives every control's value by name, redraws the
    artists of ``figure`` and returns the text to show (HTML allowed). Moving
    any control calls it again and refreshes ``image`` and ``text``; the
    figure is a plain ``matplotlib.figure.Figure``, so nothing is shown twice
    and no browser is needed to test it. The figure's layout is computed at the
    first draw and then frozen (:func:`dlnotes.plots.freeze_layout`): a widget's
    axes stay put, and a redraw only redraws. ``last_redraw_seconds`` holds how long
    the last redraw took.
    """

    def __init__(self, figure, controls, update):
        self.figure = figure
        self.controls = dict(controls)
        self.update = update
        self.image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.text = W.HTML()
        self.last_redraw_seconds = None
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.box = W.VBox([W.HBox(list(self.controls.values())), self.image, self.text])
        self.text.value = self.update(**self.values) or ""
        freeze_layout(self.figure)
        self.redraw()

    @property
    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self):
        start = time.perf_counter()
        self.text.value = self.update(**self.values) or ""
        self.image.value = png_bytes(self.figure)
        self.last_redraw_seconds = time.perf_counter() - start

    def _on_change(self, change):
        self.redraw()

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)

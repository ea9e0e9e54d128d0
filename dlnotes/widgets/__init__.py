"""Interactive widgets for the notebooks (imports ipywidgets and matplotlib).

Each notebook's widget lives in a module of its own, named after what it
shows; import it from there, for example
``from dlnotes.widgets.temperature import temperature_widget``. All of them are
:class:`dlnotes.widgets.base.FigureWidget`: controls, a figure redrawn as an
image when a control moves, and a line of text, testable without a browser.
"""

from dlnotes.widgets.base import FigureWidget

__all__ = ["FigureWidget"]

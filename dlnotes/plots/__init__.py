"""Plots for the notebooks, in one consistent style (imports matplotlib).

``subplots`` makes pyplot figures (shown inline by a notebook), ``new_figure``
makes figures outside pyplot (for widgets, which show them as images);
both apply :data:`STYLE`. The other functions draw on a given axes.
"""

from dlnotes.plots.curves import loss_curve
from dlnotes.plots.data import decision_boundary, probability_grid, probability_map, scatter_classes
from dlnotes.plots.graph import draw_graph, graph_layout
from dlnotes.plots.style import COLORS, STYLE, freeze_layout, new_figure, png_bytes, subplots

__all__ = ["STYLE", "COLORS", "subplots", "new_figure", "png_bytes", "freeze_layout", "loss_curve",
           "scatter_classes", "decision_boundary", "probability_grid", "probability_map", "draw_graph", "graph_layout"]

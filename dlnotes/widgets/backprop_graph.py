"""Back-propagation on a small graph, redrawn as the input x moves."""

import ipywidgets as W

from dlnotes.graph import backprop
from dlnotes.paths import path_sum
from dlnotes.plots.graph import draw_graph
from dlnotes.plots.style import new_figure
from dlnotes.toy_graphs import two_path_graph
from dlnotes.widgets.base import FigureWidget

__all__ = ["backprop_graph_widget"]


def backprop_graph_widget(x=0.5, w=1.5, b=-0.3):
    """z = tanh(w·x + b)² + x with a slider for x (−2 to 2); w and b stay fixed.

    Each move rebuilds the graph (:func:`dlnotes.toy_graphs.two_path_graph`),
    back-propagates from z and redraws every node with its value and gradient.
    The text gives ∂z/∂x twice: from back-propagation, and as the sum over the
    paths from x to z of the products of the local derivatives along each.
    """
    fig, ax = new_figure(size=(7.5, 3.3))
    # The layout depends on the graph's shape only, never on the values: draw it once.
    draw_graph(two_path_graph(x, w, b)["z"], ax=ax)

    def update(x):
        nodes = two_path_graph(x, w, b)
        z = nodes["z"]
        table = backprop(z)
        for artist in [*ax.patches, *ax.texts]:  # cheaper than ax.clear()
            artist.remove()
        draw_graph(z, ax=ax, highlight=("x",))
        total, paths = path_sum(nodes["x"], z)
        products = " + ".join(f"{_product(path):.4f}" for path in paths)
        return (f"x = {x:.2f}: z = {float(z.value):.4f}; ∂z/∂x = {float(table[nodes['x']]):.4f} "
                f"by back-propagation = {total:.4f} as the sum over its {len(paths)} paths "
                f"({products})")

    controls = {"x": W.FloatSlider(value=x, min=-2.0, max=2.0, step=0.05, description="x",
                                   readout_format=".2f", continuous_update=False)}
    return FigureWidget(fig, controls, update)


def _product(path):
    result = 1.0
    for _, _, derivative in path:
        result *= derivative
    return result

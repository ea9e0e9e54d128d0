"""Back-propagation on a small graph, redrawn as the input x moves and as the backward pass steps."""

import ipywidgets as W

from dlnotes.checks import check_count, check_fraction
from dlnotes.graph import backprop, topological_order
from dlnotes.paths import local_derivative, path_sum
from dlnotes.plots.graph import draw_graph, update_graph
from dlnotes.plots.style import new_figure
from dlnotes.toy_graphs import two_path_graph
from dlnotes.widgets.base import FigureWidget

__all__ = ["backprop_graph_widget"]


def backprop_graph_widget(x=0.5, w=1.5, b=-0.3, step=None):
    """z = tanh(w·x + b)² + x with a slider for x (−2 to 2) and one for the backward step; w and b stay fixed.

    Each move rebuilds the graph (:func:`dlnotes.toy_graphs.two_path_graph`),
    back-propagates from z and redraws it, every arrow labelled with its local
    derivative. The step slider replays the backward pass: at step k the first
    k nodes in reverse topological order have their gradient (each is final
    when visited, since all its consumers come before it); the node visited
    at step k is highlighted, with the arrows that bring it its contributions.
    Step 0 is the forward pass alone; the last step (the default) shows the
    whole grad table. The text gives the visited node's sum of contributions
    and ∂z/∂x twice: from back-propagation, and as the sum over the paths
    from x to z of the products of the local derivatives along each.
    """
    num_nodes = len(topological_order(two_path_graph(x, w, b)["z"]))
    # The sliders would clamp a value outside their range without a word: say so instead.
    check_fraction(x, "backprop_graph_widget: x (the slider's range)", -2.0, 2.0)
    step = num_nodes if step is None else check_count(step, "backprop_graph_widget: step", minimum=0)
    if step > num_nodes:
        raise ValueError(f"backprop_graph_widget: step must lie in [0, {num_nodes}] (the graph's nodes), got {step}")
    fig, ax = new_figure(size=(9.0, 3.6))
    # The layout depends on the graph's shape only, never on the values: draw it once.
    draw_graph(two_path_graph(x, w, b)["z"], ax=ax, edge_labels=True)

    def update(x, step):
        nodes = two_path_graph(x, w, b)
        z = nodes["z"]
        table = backprop(z)
        order = list(reversed(topological_order(z)))
        for node in order:  # the grad table after `step` visits
            node.grad = table[node] if node in order[:step] else None
        visited = order[step - 1] if step > 0 else None
        edges, parts = [], []
        if visited is not None and visited is not z:
            for consumer in visited.consumers:
                for slot, u in enumerate(consumer.inputs):
                    if u is visited:
                        edges.append(f"{visited.name}->{consumer.name}[{slot}]")
                        parts.append(f"{local_derivative(consumer, slot):.3f} × G[{consumer.name}] "
                                     f"{float(table[consumer]):.3f}")
        # Same shape, new numbers: only the text and the colours change.
        update_graph(ax, z, highlight=(visited.name,) if visited is not None else (), highlight_edges=edges)
        if visited is None:
            where = "step 0: the forward pass only, no gradient yet"
        elif visited is z:
            where = f"step 1 of {len(order)}: visit z, G[z] = 1"
        else:
            where = (f"step {step} of {len(order)}: visit {visited.name}, G[{visited.name}] = "
                     + " + ".join(parts) + f" = {float(table[visited]):.3f}")
        total, paths = path_sum(nodes["x"], z)
        products = " + ".join(f"{_product(path):.4f}" for path in paths)
        return (f"x = {x:.2f}: z = {float(z.value):.4f}; ∂z/∂x = {float(table[nodes['x']]):.4f} "
                f"by back-propagation = {total:.4f} as the sum over its {len(paths)} paths "
                f"({products})<br>{where}")

    controls = {"x": W.FloatSlider(value=x, min=-2.0, max=2.0, step=0.05, description="x",
                                   readout_format=".2f"),
                "step": W.IntSlider(value=step, min=0, max=num_nodes, description="backward step",
                                    style={"description_width": "initial"})}
    return FigureWidget(fig, controls, update)


def _product(path):
    result = 1.0
    for _, _, derivative in path:
        result *= derivative
    return result

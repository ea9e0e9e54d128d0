"""Pick an expression: its graph in dlnotes and PyTorch's backward graph, side by side, with both gradients."""

import ipywidgets as W
import numpy as np

import dlnotes as dl
from dlnotes.checks import check_count
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.torch_bridge import dlnotes_graph_rows, require_torch, torch_graph_table
from dlnotes.widgets.base import FigureWidget

__all__ = ["EXPRESSIONS", "layered_positions", "autograd_graphs_widget"]

#: name → (the expression in dlnotes, the same in PyTorch), each a function of (x, W, b).
EXPRESSIONS = {
    "sum(x * x)": (lambda x, W, b: dl.sum(x * x), lambda x, W, b: (x * x).sum()),
    "sum(tanh(x @ W + b))": (lambda x, W, b: dl.sum(dl.tanh(x @ W + b)),
                             lambda x, W, b: (x @ W + b).tanh().sum()),
    "mean(exp(x) - x)": (lambda x, W, b: dl.mean(dl.exp(x) - x), lambda x, W, b: (x.exp() - x).mean()),
    "sum(sigmoid(x) * x)": (lambda x, W, b: dl.sum(dl.sigmoid(x) * x), lambda x, W, b: (x.sigmoid() * x).sum()),
}


def layered_positions(rows):
    """(x, y) for each row: y is the node's depth from the leaves, x spreads the nodes of one depth."""
    depth = {}
    for row in rows:  # rows come inputs first
        depth[row["name"]] = 1 + max((depth[i] for i in row["inputs"] if i in depth), default=-1)
    levels = {}
    for row in rows:
        levels.setdefault(depth[row["name"]], []).append(row["name"])
    positions = {}
    for d, names in levels.items():
        for k, name in enumerate(names):
            positions[name] = ((k + 1) / (len(names) + 1), d)
    return positions


def _draw(ax, rows, color):
    """Draw a graph's rows on ``ax`` (arrows, then a box per node); returns the artists drawn."""
    positions = layered_positions(rows)
    artists = []
    for row in rows:
        x1, y1 = positions[row["name"]]
        for source in row["inputs"]:
            if source in positions:
                x0, y0 = positions[source]
                artists.append(ax.annotate("", xy=(x1, y1 - 0.18), xytext=(x0, y0 + 0.18),
                                           arrowprops=dict(arrowstyle="->", color="0.4")))
        text = row["name"] if row["op"] is None else f"{row['op']}"
        artists.append(ax.text(x1, y1, text, ha="center", va="center", fontsize=9,
                               bbox=dict(boxstyle="round", facecolor="white",
                                         edgecolor=color if row["op"] else "0.5")))
    return artists, max(y for _, y in positions.values())


def autograd_graphs_widget(seed=0):
    """A dropdown of expressions; left the dlnotes graph, right PyTorch's, below both gradients of x.

    Every expression's graphs, values and gradients are computed and drawn once,
    here; choosing one only shows its artists and hides the others'.
    """
    seed = check_count(seed, "autograd_graphs_widget: seed", minimum=0)
    torch = require_torch()
    rng = np.random.default_rng(seed)
    x0, W0, b0 = rng.normal(size=(1, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    fig, (ax_dl, ax_torch) = new_figure(1, 2, size=(3.6, 3.4))
    drawn, texts, tops = {}, {}, {}
    for expression, (f, f_torch) in EXPRESSIONS.items():
        x = dl.Node(x0, name="x")
        z = f(x, dl.Node(W0, name="W"), dl.Node(b0, name="b"))
        dl.backprop(z)
        tx = torch.tensor(x0, requires_grad=True)
        tW, tb = torch.tensor(W0, requires_grad=True), torch.tensor(b0, requires_grad=True)
        tz = f_torch(tx, tW, tb)
        tz.backward()
        artists_dl, top_dl = _draw(ax_dl, dlnotes_graph_rows(z), COLORS[0])
        artists_torch, top_torch = _draw(ax_torch, torch_graph_table(tz, {tx: "x", tW: "W", tb: "b"}), COLORS[5])
        drawn[expression] = artists_dl + artists_torch
        tops[expression] = (top_dl, top_torch)
        difference = np.abs(x.grad - tx.grad.numpy()).max()
        texts[expression] = (f"{expression} = {z.value.item():.6f} in both; ∂/∂x, dlnotes: "
                             f"{np.round(x.grad.ravel(), 6)}, PyTorch: {np.round(tx.grad.numpy().ravel(), 6)} "
                             f"(largest difference {difference:.1e})")
    for ax, title in ((ax_dl, "dlnotes: node.op, node.inputs"), (ax_torch, "PyTorch: grad_fn chain")):
        ax.set_xlim(0, 1)
        ax.set_axis_off()
        ax.set_title(title)

    def update(expression):
        for name, artists in drawn.items():
            for artist in artists:
                artist.set_visible(name == expression)
        for ax, top in zip((ax_dl, ax_torch), tops[expression]):
            ax.set_ylim(-0.6, top + 0.6)
        return texts[expression]

    controls = {"expression": W.Dropdown(options=list(EXPRESSIONS), value="sum(x * x)", description="expression")}
    return FigureWidget(fig, controls, update)

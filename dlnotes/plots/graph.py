"""Drawing a computational graph with matplotlib (no Graphviz needed)."""

import numpy as np

from dlnotes.graph import graph_table

__all__ = ["graph_layout", "draw_graph"]


def graph_layout(z):
    """Rows of :func:`dlnotes.graph_table` with an (x, y) position each.

    A node's column is its depth (the longest path from a leaf), so every edge
    points rightwards, from the inputs towards the output.
    """
    rows = graph_table(z)
    depth = {}
    for row in rows:  # inputs come first
        depth[row["name"]] = 1 + max((depth[n] for n in row["inputs"]), default=-1)
    columns = {}
    for row in rows:
        columns.setdefault(depth[row["name"]], []).append(row)
    for d, members in columns.items():
        for k, row in enumerate(members):
            row["xy"] = (float(d), (len(members) - 1) / 2 - k)
    return rows


def _fmt(a):
    a = np.asarray(a)
    return f"{float(a):.3g}" if a.size == 1 else f"shape {a.shape}"


def draw_graph(z, ax=None, show_values=True, show_grads=True, highlight=()):
    """Draw the graph behind ``z``: a box per node (name, op, value, gradient), an arrow per edge.

    ``highlight`` names nodes to draw in a second colour (for example the one
    back-propagation is visiting). Returns the axes.
    """
    if ax is None:
        from dlnotes.plots.style import subplots
        _, ax = subplots(size=(7, 3.5))
    rows = graph_layout(z)
    where = {row["name"]: row["xy"] for row in rows}
    for row in rows:
        for name in row["inputs"]:
            ax.annotate("", xy=row["xy"], xytext=where[name],
                        arrowprops=dict(arrowstyle="->", color="0.4", shrinkA=22, shrinkB=22))
    for row in rows:
        node = row["node"]
        lines = [row["name"] if row["op"] is None else f"{row['name']} = {row['op']}"]
        if show_values:
            lines.append(f"value {_fmt(node.value)}")
        if show_grads and row["requires_grad"] and node.grad is not None:
            lines.append(f"grad {_fmt(node.grad)}")
        face = "#E69F00" if row["name"] in highlight else ("#DCEAF7" if row["requires_grad"] else "0.92")
        ax.text(*row["xy"], "\n".join(lines), ha="center", va="center", fontsize=8,
                bbox=dict(boxstyle="round,pad=0.4", facecolor=face, edgecolor="0.3"))
    xs = [xy[0] for xy in where.values()]
    ys = [xy[1] for xy in where.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_axis_off()
    return ax

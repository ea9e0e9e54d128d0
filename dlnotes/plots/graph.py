"""Drawing a computational graph with matplotlib (no Graphviz needed).

Layout (:func:`graph_layout`): a node's column is its depth, the longest path
from a leaf to it, and a leaf sits one column before its first consumer, so
every edge points rightwards, from the inputs towards the output. Within a
column the nodes are placed, from the output backwards, near the mean height
of the input slots they feed, at least one row apart.

Drawing (:func:`draw_graph`): a box per node (name, operation, value,
gradient) and an arrow per input *slot*, so ``h * h`` gets two arrows. Edges
are quadratic Bézier curves in data coordinates: straight when nothing is in
the way, bent around any box they would cross, and bent apart when one input
fills several slots of the same consumer. Each curve is clipped at the two
boxes' borders, so its arrowhead touches the consumer's box, and the boxes are
drawn above the edges.
"""

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

from dlnotes.graph import graph_table
from dlnotes.paths import local_derivative

__all__ = ["graph_layout", "draw_graph", "update_graph"]

#: Half the width of a node's box, in columns (columns are one unit apart).
BOX_HALF_WIDTH = 0.38
#: Height of one line of text in a box, in rows (rows are at least one unit apart).
LINE_HEIGHT = 0.17
#: The bends tried, in rows at the curve's middle, for an edge that would cross a box.
_BENDS = (0.0, -0.35, 0.35, -0.7, 0.7, -1.05, 1.05, -1.4, 1.4, -1.75, 1.75)
#: How far the arcs of an input used twice by one consumer bend apart, in box half-heights.
_SLOT_BEND = 0.6
#: How far an edge's label sits beside the edge, in rows.
_LABEL_OFFSET = 0.14


def graph_layout(z):
    """Rows of :func:`dlnotes.graph_table` with an (x, y) position each, under ``"xy"``.

    x is the column: the depth of the node (the longest path from a leaf) for
    a computed node; one column before its first consumer for a leaf. Every
    edge therefore points rightwards. y places the nodes of a column near the
    mean height of the input slots they feed (slot k of n sits (n − 1)/2 − k
    rows above its consumer), at least one row apart.
    """
    rows = graph_table(z)
    index = {id(row["node"]): k for k, row in enumerate(rows)}
    # (consumer, slot) pairs of every node, inside this graph only
    uses = [[] for _ in rows]
    for k, row in enumerate(rows):
        for slot, u in enumerate(row["node"].inputs):
            uses[index[id(u)]].append((k, slot))

    depth = [0] * len(rows)
    for k, row in enumerate(rows):  # inputs come first
        inputs = row["node"].inputs
        if inputs:
            depth[k] = 1 + max(depth[index[id(u)]] for u in inputs)
    for k, row in enumerate(rows):
        if not row["node"].inputs and uses[k]:
            depth[k] = min(depth[c] for c, _ in uses[k]) - 1

    columns = {}
    for k in range(len(rows)):
        columns.setdefault(depth[k], []).append(k)
    y = [0.0] * len(rows)
    for d in sorted(columns, reverse=True):  # the consumers are placed first
        members = columns[d]
        target = {}
        for k in members:
            wanted = [y[c] + (len(rows[c]["node"].inputs) - 1) / 2 - slot for c, slot in uses[k]]
            target[k] = float(np.mean(wanted)) if wanted else 0.0
        members = sorted(members, key=lambda k: -target[k])  # stable: ties keep table order
        placed = []
        for k in members:  # top to bottom, at least one row apart
            placed.append(target[k] if not placed else min(target[k], placed[-1] - 1.0))
        shift = float(np.mean([target[k] - p for k, p in zip(members, placed)]))
        for k, p in zip(members, placed):
            y[k] = p + shift
    for k, row in enumerate(rows):
        row["xy"] = (float(depth[k]), y[k])
    return rows


def _fmt(a):
    a = np.asarray(a)
    return f"{float(a) + 0.0:.3g}" if a.size == 1 else f"shape {a.shape}"  # + 0.0: no "-0"


def _inside(points, center, half):
    """Which of ``points`` (n, 2) lie inside the axis-aligned box ``center ± half``."""
    return np.all(np.abs(points - np.asarray(center)) <= np.asarray(half), axis=-1)


def _control(start, end, bend):
    """The control point of the quadratic Bézier from start to end whose middle is ``bend`` off the chord."""
    chord = end - start
    normal = np.array([-chord[1], chord[0]]) / np.hypot(*chord)
    return (start + end) / 2 + 2 * bend * normal  # the curve's middle is half-way to it


def _bezier(start, end, bend):
    """t ↦ the point at t of the quadratic Bézier from start to end bent by ``bend``."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    control = _control(start, end, bend)

    def curve(t):
        t = np.asarray(t, float)[..., None]
        return (1 - t) ** 2 * start + 2 * t * (1 - t) * control + t ** 2 * end
    return curve


def _crossing(curve, center, half, leaving, lo=0.0, hi=1.0):
    """The t in [lo, hi] where ``curve`` first leaves (or enters) the box.

    Found on a grid of 257 points, then refined by bisection to about 1e-6; the
    t returned is the one just outside the box, so no edge pokes into a box.
    """
    t = np.linspace(lo, hi, 257)
    changed = _inside(curve(t), center, half) != leaving
    k = int(np.argmax(changed))  # the first point past the crossing
    lo, hi = t[max(k - 1, 0)], t[k]
    for _ in range(12):
        mid = (lo + hi) / 2
        if bool(_inside(curve(mid), center, half)) == leaving:
            lo = mid
        else:
            hi = mid
    return hi if leaving else lo


def _edge_path(start, end, half, bend):
    """The visible part of the edge, between the borders of its two boxes, as a Path.

    The piece [t0, t1] of a quadratic Bézier is again one, whose control point is
    the blossom b(t0, t1) = (1−t0)(1−t1)·start + ((1−t0)t1 + t0(1−t1))·control + t0·t1·end.
    """
    start, end = np.asarray(start, float), np.asarray(end, float)
    curve = _bezier(start, end, bend)
    t0 = _crossing(curve, start, half, leaving=True)
    t1 = _crossing(curve, end, half, leaving=False, lo=t0)
    control = _control(start, end, bend)
    middle = (1 - t0) * (1 - t1) * start + ((1 - t0) * t1 + t0 * (1 - t1)) * control + t0 * t1 * end
    return Path([curve(t0), middle, curve(t1)], [Path.MOVETO, Path.CURVE3, Path.CURVE3])


def _route(start, end, half, obstacles, bends):
    """The first bend in ``bends`` whose curve keeps clear of every obstacle box."""
    t = np.linspace(0.0, 1.0, 101)
    margin = half + 0.06
    for bend in bends:
        points = _bezier(start, end, bend)(t)
        if not any(_inside(points, c, margin).any() for c in obstacles):
            return bend
    return bends[-1]


def draw_graph(z, ax=None, show_values=True, show_grads=True, highlight=(), edge_labels=False,
               highlight_edges=()):
    """Draw the graph behind ``z``: a box per node (name, op, value, gradient), an arrow per input slot.

    ``highlight`` names nodes to draw in a second colour (for example the one
    back-propagation is visiting). Gradients are the nodes' ``.grad`` (set by
    :func:`dlnotes.backprop`); a node without one shows none. With
    ``edge_labels`` (scalar graphs only) each arrow carries its local
    derivative ∂consumer/∂input at the current values, so that a path's
    product, and the sum over paths, can be read off the picture;
    ``highlight_edges`` names arrows (``"input->consumer[slot]"``) to draw
    thick and coloured. The text size follows the axes' size. The boxes and
    arrows are in ``ax.patches`` (each with a gid: the node's name, or
    ``"input->consumer[slot]"``), the edge labels in ``ax.texts`` (gid
    ``"label:input->consumer[slot]"``). Returns the axes.
    """
    if ax is None:
        from dlnotes.plots.style import subplots
        _, ax = subplots(size=(7, 3.5))
    if isinstance(highlight, str):
        highlight = (highlight,)
    rows = graph_layout(z)
    index = {id(row["node"]): k for k, row in enumerate(rows)}
    xy = [np.array(row["xy"]) for row in rows]

    texts = [_node_lines(row, show_values, show_grads) for row in rows]
    # Room for a gradient line in every box whenever gradients are shown, so that a
    # drawing of a half-filled grad table has the same boxes as the finished one.
    num_lines = max(len(lines) for lines in texts)
    if show_grads and any(row["requires_grad"] for row in rows):
        num_lines = max(num_lines, 2 + bool(show_values))
    half = np.array([BOX_HALF_WIDTH, (num_lines * LINE_HEIGHT + 0.12) / 2])

    # Edges first (below the boxes), one per input slot.
    paths = []
    labels = []  # (gid, point, local derivative) of each edge, when asked for
    for k, row in enumerate(rows):
        inputs = row["node"].inputs
        for slot, u in enumerate(inputs):
            j = index[id(u)]
            repeats = [s for s, v in enumerate(inputs) if v is u]
            if len(repeats) > 1:  # one input, several slots: arcs bent apart
                rank = repeats.index(slot)
                bends = ((rank - (len(repeats) - 1) / 2) * 2 * _SLOT_BEND * half[1],)
            else:
                bends = _BENDS
            obstacles = [xy[m] for m in range(len(rows)) if m not in (j, k)]
            bend = _route(xy[j], xy[k], half, obstacles, bends)
            path = _edge_path(xy[j], xy[k], half, bend)
            paths.append(_bezier(xy[j], xy[k], bend)(np.linspace(0, 1, 21)))  # for the limits
            gid = f"{rows[j]['name']}->{row['name']}[{slot}]"
            arrow = FancyArrowPatch(path=path, arrowstyle="-|>", **_edge_style(gid in highlight_edges))
            arrow.set_gid(gid)
            ax.add_artist(arrow)  # not add_patch: the limits are set below, once
            if edge_labels:
                visible = path.vertices
                middle = 0.25 * visible[0] + 0.5 * visible[1] + 0.25 * visible[2]  # the piece's t = ½
                # Beside the arrow, not on it: on the side it bends to (upwards when straight).
                chord = xy[k] - xy[j]
                normal = np.array([-chord[1], chord[0]]) / np.hypot(*chord)
                side = np.sign(bend) if bend else (np.sign(normal[1]) or 1.0)
                labels.append((gid, middle + side * _LABEL_OFFSET * normal,
                               local_derivative(row["node"], slot)))

    everything = np.vstack([np.vstack(xy) - half, np.vstack(xy) + half] + paths)
    lo, hi = everything.min(axis=0) - 0.12, everything.max(axis=0) + 0.12
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_axis_off()

    # The text size that fits the boxes at this axes' size (in points per data unit).
    figure = ax.get_figure()
    engine = figure.get_layout_engine()
    if engine is not None:  # e.g. constrained layout: place the axes as it will be drawn
        engine.execute(figure)
    position = ax.get_position()
    per_x = figure.get_figwidth() * position.width * 72 / (hi[0] - lo[0])
    per_y = figure.get_figheight() * position.height * 72 / (hi[1] - lo[1])
    chars = max(11, max(len(line) for lines in texts for line in lines))  # 11: "value 0.123"
    fontsize = min(2 * half[0] * per_x / (0.56 * chars + 0.8),
                   2 * half[1] * per_y / (1.3 * num_lines + 0.3))
    fontsize = float(np.clip(fontsize, 5.0, 10.0))

    for gid, point, derivative in labels:
        label = ax.text(*point, _fmt_derivative(derivative), ha="center", va="center", fontsize=0.9 * fontsize,
                        color=_label_colour(gid in highlight_edges), zorder=2.5,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "0.7",
                              "linewidth": 0.6})
        label.set_gid(f"label:{gid}")

    for row, lines, center in zip(rows, texts, xy):
        box = FancyBboxPatch(tuple(center - half), *(2 * half), boxstyle="round,pad=0,rounding_size=0.05",
                             facecolor=_face(row, highlight), edgecolor="0.3", linewidth=0.9, zorder=3)
        box.set_gid(row["name"])
        ax.add_artist(box)
        text = ax.text(*center, "\n".join(lines), ha="center", va="center", fontsize=fontsize, zorder=4)
        text.set_gid(f"text:{row['name']}")
    return ax


def update_graph(ax, z, show_values=True, show_grads=True, highlight=(), highlight_edges=()):
    """Refresh a drawing made by :func:`draw_graph` for new values of a graph of the same shape.

    Only the text (values, gradients, edge labels) and the colours change: no
    layout, no routing, so it is fast enough for a widget. The nodes are
    matched by name, so the graph's nodes need distinct names. Returns the axes.
    """
    if isinstance(highlight, str):
        highlight = (highlight,)
    artists = {a.get_gid(): a for a in [*ax.patches, *ax.texts] if a.get_gid()}
    for row in graph_table(z):
        name, node = row["name"], row["node"]
        if f"text:{name}" not in artists:
            raise ValueError(f"node {name!r} is not in this drawing: draw the graph with draw_graph first")
        artists[f"text:{name}"].set_text("\n".join(_node_lines(row, show_values, show_grads)))
        box = artists[name]
        if not _same_colour(box.get_facecolor(), _face(row, highlight)):
            box.set_facecolor(_face(row, highlight))
        for slot, u in enumerate(node.inputs):
            gid = f"{u.name}->{name}[{slot}]"
            marked = gid in highlight_edges
            arrow = artists[gid]
            style = _edge_style(marked)
            # Only what differs is set: a widget's redraw keeps every unchanged artist cached.
            if (arrow.get_mutation_scale() != style["mutation_scale"] or arrow.get_zorder() != style["zorder"]
                    or arrow.get_linewidth() != style["linewidth"]
                    or not _same_colour(arrow.get_edgecolor(), style["color"])):
                arrow.set_mutation_scale(style["mutation_scale"])
                arrow.set_color(style["color"])
                arrow.set_linewidth(style["linewidth"])
                arrow.set_zorder(style["zorder"])
            label = artists.get(f"label:{gid}")
            if label is not None:
                label.set_text(_fmt_derivative(local_derivative(node, slot)))  # unchanged text: not redrawn
                if not _same_colour(label.get_color(), _label_colour(marked)):
                    label.set_color(_label_colour(marked))
    return ax


def _same_colour(a, b):
    """Whether two matplotlib colours are the same RGBA."""
    return to_rgba(a) == to_rgba(b)


def _node_lines(row, show_values, show_grads):
    """The lines of text in a node's box: name (= operation), value, gradient."""
    node = row["node"]
    lines = [row["name"] if row["op"] is None else f"{row['name']} = {row['op']}"]
    if show_values:
        lines.append(f"value {_fmt(node.value)}")
    if show_grads and row["requires_grad"] and node.grad is not None:
        lines.append(f"grad {_fmt(node.grad)}")
    return lines


def _face(row, highlight):
    return "#E69F00" if row["name"] in highlight else ("#DCEAF7" if row["requires_grad"] else "0.92")


def _edge_style(marked):
    if marked:
        return {"mutation_scale": 13, "color": "#D55E00", "linewidth": 2.2, "zorder": 2}
    return {"mutation_scale": 11, "color": "0.35", "linewidth": 1.0, "zorder": 1}


def _label_colour(marked):
    return "#8A3B00" if marked else "0.15"


def _fmt_derivative(d):
    return f"{d + 0.0:.3g}"  # + 0.0: no "-0"

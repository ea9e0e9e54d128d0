"""The graph drawing: layout (every edge rightwards) and edges (one arrow per input slot, visible)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

import dlnotes as dl  # noqa: E402
from dlnotes.plots import draw_graph, graph_layout, new_figure, png_bytes  # noqa: E402
from dlnotes.plots.graph import update_graph  # noqa: E402
from dlnotes.plots.graph import BOX_HALF_WIDTH  # noqa: E402


def named(node, name):
    node.name = name
    return node


def two_path_graph():
    """z = tanh(w·x + b)² + x: x reaches z along two paths, h fills both slots of s = h·h."""
    x, w, b = dl.Node(0.5, name="x"), dl.Node(1.5, name="w"), dl.Node(-0.3, name="b")
    u = named(w * x, "u")
    v = named(u + b, "v")
    h = named(dl.tanh(v), "h")
    s = named(h * h, "s")
    return named(s + x, "z")


def mlp_loss():
    """A small matrix graph with constants (the data) mixed in."""
    model = dl.MLP((2, 3, 2), seed=0)
    X = np.random.default_rng(0).normal(size=(4, 2))
    return dl.cross_entropy(model(X), np.array([0, 1, 1, 0]))


GRAPHS = [two_path_graph, mlp_loss, lambda: named(dl.Node(2.0, name="a") * 3.0, "y")]


def input_slots(z):
    return sum(len(row["node"].inputs) for row in dl.graph_table(z))


@pytest.mark.parametrize("make", GRAPHS)
def test_every_edge_points_rightwards(make):
    rows = graph_layout(make())
    where = {id(row["node"]): row["xy"] for row in rows}
    assert len(rows) == len(dl.graph_table(make()))
    for row in rows:
        for u in row["node"].inputs:
            assert where[id(u)][0] < row["xy"][0]


@pytest.mark.parametrize("make", GRAPHS)
def test_nodes_of_a_column_are_a_row_apart(make):
    columns = {}
    for row in graph_layout(make()):
        columns.setdefault(row["xy"][0], []).append(row["xy"][1])
    for ys in columns.values():
        ys = np.sort(ys)
        assert np.all(np.diff(ys) >= 1.0 - 1e-9)


def test_a_leaf_sits_just_before_its_first_consumer():
    where = {row["name"]: row["xy"] for row in graph_layout(two_path_graph())}
    assert where["b"][0] == where["v"][0] - 1  # not in column 0 with x and w
    assert where["x"][0] == 0 and where["z"][0] == 5


@pytest.mark.parametrize("make", GRAPHS)
def test_one_arrow_per_input_slot(make):
    z = make()
    fig, ax = new_figure()
    draw_graph(z, ax=ax)
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(arrows) == input_slots(z)
    assert len(boxes) == len(dl.graph_table(z))
    png_bytes(fig)  # renders without error


def test_arrowheads_end_on_the_consumers_box_above_the_edges():
    z = two_path_graph()
    dl.backprop(z)
    fig, ax = new_figure()
    draw_graph(z, ax=ax)
    boxes = {p.get_gid(): p for p in ax.patches if isinstance(p, FancyBboxPatch)}
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert min(b.get_zorder() for b in boxes.values()) > max(a.get_zorder() for a in arrows)
    for arrow in arrows:
        assert arrow.get_arrowstyle().__class__.__name__ == "CurveFilledB"  # "-|>": a head at the consumer
        consumer = arrow.get_gid().split("->")[1].split("[")[0]
        box = boxes[consumer]
        x0, y0, width, height = box.get_x(), box.get_y(), box.get_width(), box.get_height()
        outline = np.vstack(arrow.get_path().to_polygons(closed_only=False))  # the drawn arrow, head included
        # how far inside the box each point is (negative: outside)
        depth = np.minimum.reduce([outline[:, 0] - x0, x0 + width - outline[:, 0],
                                   outline[:, 1] - y0, y0 + height - outline[:, 1]])
        # The tip touches the border, no deeper: matplotlib stops the head's outline half a
        # line width short (about a point, 0.02 here), so that its stroke ends on the border.
        assert -0.03 < depth.max() <= 1e-9
        assert width == pytest.approx(2 * BOX_HALF_WIDTH)


def test_an_input_used_twice_gets_two_distinct_arcs():
    z = two_path_graph()
    fig, ax = new_figure()
    draw_graph(z, ax=ax)
    arcs = [np.vstack(p.get_path().to_polygons(closed_only=False)) for p in ax.patches
            if isinstance(p, FancyArrowPatch) and p.get_gid().startswith("h->s")]
    assert len(arcs) == 2
    where = {row["name"]: row["xy"] for row in graph_layout(z)}
    assert where["h"][1] == where["s"][1]  # a horizontal chord: one arc bends up, the other down
    heights = sorted(arc[:, 1].mean() - where["h"][1] for arc in arcs)
    assert heights[0] < -0.05 and heights[1] > 0.05


def test_no_edge_crosses_another_box():
    z = two_path_graph()
    fig, ax = new_figure()
    draw_graph(z, ax=ax)
    boxes = {p.get_gid(): p for p in ax.patches if isinstance(p, FancyBboxPatch)}
    for arrow in (p for p in ax.patches if isinstance(p, FancyArrowPatch)):
        ends = arrow.get_gid().split("[")[0].split("->")
        points = np.vstack(arrow.get_path().to_polygons(closed_only=False))  # curves flattened
        for name, box in boxes.items():
            if name in ends:
                continue
            inside = ((points[:, 0] > box.get_x() - 1e-6) & (points[:, 0] < box.get_x() + box.get_width() + 1e-6)
                      & (points[:, 1] > box.get_y() - 1e-6) & (points[:, 1] < box.get_y() + box.get_height() + 1e-6))
            assert not inside.any(), f"{arrow.get_gid()} crosses {name}"


def test_text_shows_values_gradients_and_highlight():
    z = two_path_graph()
    table = dl.backprop(z)
    fig, ax = new_figure()
    draw_graph(z, ax=ax, highlight=("h",))
    text = "\n".join(t.get_text() for t in ax.texts)
    x = next(node for node in table if node.name == "x")
    assert f"grad {float(x.grad):.3g}" in text
    faces = {p.get_gid(): p.get_facecolor() for p in ax.patches if isinstance(p, FancyBboxPatch)}
    assert faces["h"] != faces["v"]
    fig, ax = new_figure()
    draw_graph(z, ax=ax, show_values=False, show_grads=False)
    assert all("value" not in t.get_text() and "grad" not in t.get_text() for t in ax.texts)


def test_draws_on_new_axes_when_none_given():
    import matplotlib.pyplot as plt

    ax = draw_graph(two_path_graph())
    assert len(ax.texts) == 8
    plt.close(ax.get_figure())


def test_edge_labels_are_the_local_derivatives_beside_each_arrow():
    z = two_path_graph()
    fig, ax = new_figure(size=(9, 3.6))
    draw_graph(z, ax=ax, edge_labels=True, highlight_edges=("x->z[1]",))
    labels = {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("label:")}
    assert len(labels) == input_slots(z)
    rows = {row["name"]: row["node"] for row in dl.graph_table(z)}
    h = float(rows["h"].value)
    assert labels["label:h->s[0]"].get_text() == f"{h:.3g}"
    assert labels["label:x->u[1]"].get_text() == "1.5"
    assert labels["label:w->u[0]"].get_text() == "0.5"
    arrows = {p.get_gid(): p for p in ax.patches if isinstance(p, FancyArrowPatch)}
    assert arrows["x->z[1]"].get_linewidth() > arrows["x->u[1]"].get_linewidth()
    assert all(t.get_fontsize() >= 8 for t in ax.texts)  # readable at this size
    png_bytes(fig)


def test_update_graph_changes_numbers_and_colours_only():
    fig, ax = new_figure(size=(9, 3.6))
    draw_graph(two_path_graph(), ax=ax, edge_labels=True)
    before = [(type(a).__name__, a.get_gid()) for a in [*ax.patches, *ax.texts]]
    z = _graph_with(w=-2.0)
    table = dl.backprop(z)
    update_graph(ax, z, highlight=("h",), highlight_edges=("h->s[0]",))
    assert [(type(a).__name__, a.get_gid()) for a in [*ax.patches, *ax.texts]] == before
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    x = next(n for n in table if n.name == "x")
    assert f"grad {float(table[x]):.3g}" in texts["text:x"]
    assert texts["label:x->u[1]"] == "-2"
    boxes = {p.get_gid(): p for p in ax.patches if isinstance(p, FancyBboxPatch)}
    assert boxes["h"].get_facecolor() != boxes["v"].get_facecolor()


def test_update_graph_needs_the_same_graph():
    fig, ax = new_figure()
    draw_graph(two_path_graph(), ax=ax)
    with pytest.raises(ValueError, match="not in this drawing"):
        update_graph(ax, named(dl.Node(1.0, name="q") * 2.0, "r"))


def _graph_with(w):
    x, w, b = dl.Node(0.5, name="x"), dl.Node(w, name="w"), dl.Node(-0.3, name="b")
    u = named(w * x, "u")
    v = named(u + b, "v")
    h = named(dl.tanh(v), "h")
    s = named(h * h, "s")
    return named(s + x, "z")

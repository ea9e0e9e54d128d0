"""The back-propagation graph widget: it redraws, and reports ∂z/∂x two ways."""

import pytest

import dlnotes as dl
from dlnotes.toy_graphs import two_path_graph
from dlnotes.widgets.backprop_graph import backprop_graph_widget


def test_moving_x_redraws_and_reports_the_gradient_by_backprop_and_paths():
    w = backprop_graph_widget()
    image, text = w.image.value, w.text.value
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    w.controls["x"].value = -1.0
    assert w.image.value != image
    assert w.text.value != text
    nodes = two_path_graph(-1.0, 1.5, -0.3)
    grad = float(dl.backprop(nodes["z"])[nodes["x"]])
    total, paths = dl.path_sum(nodes["x"], nodes["z"])
    assert f"∂z/∂x = {grad:.4f} by back-propagation" in w.text.value
    assert f"= {total:.4f} as the sum over its {len(paths)} paths" in w.text.value
    assert w.text.value.startswith("x = -1.00")


def test_every_edge_is_labelled_with_its_local_derivative_after_a_move():
    w = backprop_graph_widget()
    w.controls["x"].value = 1.0
    nodes = two_path_graph(1.0, 1.5, -0.3)
    labels = {t.get_gid(): t.get_text() for t in w.figure.axes[0].texts if (t.get_gid() or "").startswith("label:")}
    assert len(labels) == 9  # one per input slot
    h = float(nodes["h"].value)
    assert labels["label:h->s[0]"] == labels["label:h->s[1]"] == f"{h:.3g}"
    assert labels["label:x->u[1]"] == "1.5"        # ∂(w·x)/∂x = w
    assert labels["label:v->h[0]"] == f"{1 - h * h:.3g}"  # ∂tanh(v)/∂v = 1 − h²


def test_the_backward_step_replays_the_grad_table():
    w = backprop_graph_widget()
    order = [n.name for n in reversed(dl.topological_order(two_path_graph()["z"]))]
    assert w.controls["step"].max == len(order) == 8
    texts = {}
    for step in range(len(order) + 1):
        w.controls["step"].value = step
        boxes = {t.get_gid()[5:]: t.get_text() for t in w.figure.axes[0].texts
                 if (t.get_gid() or "").startswith("text:")}
        with_grad = {name for name, text in boxes.items() if "grad" in text}
        assert with_grad == set(order[:step])
        texts[step] = w.text.value
        if step:
            assert f"visit {order[step - 1]}" in w.text.value
    assert "forward pass only" in texts[0]
    # visiting h: one contribution per slot of s = h·h
    k = order.index("h") + 1
    assert texts[k].count("× G[s]") == 2
    w.controls["step"].value = k
    marked = [a.get_gid() for a in w.figure.axes[0].patches if a.get_gid() and "->" in a.get_gid()
              and a.get_linewidth() > 1.5]
    assert sorted(marked) == ["h->s[0]", "h->s[1]"]


def test_both_sliders_update_while_dragged():
    w = backprop_graph_widget()
    assert all(control.continuous_update for control in w.controls.values())


def test_the_graph_is_redrawn_not_piled_up():
    w = backprop_graph_widget()
    ax = w.figure.axes[0]
    before = len(ax.get_children())
    for x in (1.0, 0.0, 2.0):
        w.controls["x"].value = x
    assert len(ax.get_children()) == before
    labels = "\n".join(t.get_text() for t in ax.texts)
    assert "value 2" in labels  # x's box shows the new value


@pytest.mark.parametrize("x", [-2.0, 2.0])
def test_slider_ends(x):
    w = backprop_graph_widget(x=x)
    assert w.text.value.startswith(f"x = {x:.2f}")

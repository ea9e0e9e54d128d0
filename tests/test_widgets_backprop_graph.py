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

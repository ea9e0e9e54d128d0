"""The small teaching graphs: their gradients by hand, by backprop, by paths."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.toy_graphs import two_path_gradients, two_path_graph, two_way_chain


@pytest.mark.parametrize("x, w, b", [(0.5, 1.5, -0.3), (-1.2, 0.7, 0.4), (0.0, -2.0, 1.0)])
def test_two_path_graph_gradients_by_hand_backprop_and_paths(x, w, b):
    nodes = two_path_graph(x, w, b)
    z = nodes["z"]
    assert float(z.value) == pytest.approx(np.tanh(w * x + b) ** 2 + x)
    table = dl.backprop(z)
    by_hand = two_path_gradients(x, w, b)
    for name in ("x", "w", "b"):
        assert float(table[nodes[name]]) == pytest.approx(by_hand[name], rel=1e-12, abs=1e-14)
        total, _ = dl.path_sum(nodes[name], z)
        assert total == pytest.approx(by_hand[name], rel=1e-12, abs=1e-14)


def test_two_path_graph_structure():
    nodes = two_path_graph()
    assert [u.name for u in nodes["s"].inputs] == ["h", "h"]
    assert [u.name for u in nodes["x"].consumers] == ["u", "z"]
    assert len(dl.path_sum(nodes["x"], nodes["z"])[1]) == 3
    assert [row["name"] for row in dl.graph_table(nodes["z"])][-1] == "z"


@pytest.mark.parametrize("depth", [1, 3, 6])
def test_two_way_chain_has_two_to_the_depth_paths(depth):
    u0, out = two_way_chain(0.3, depth)
    total, paths = dl.path_sum(u0, out)
    assert len(paths) == 2 ** depth
    assert total == pytest.approx(float(dl.backprop(out)[u0]), rel=1e-12)
    assert len(dl.topological_order(out)) == 2 * depth + 1


@pytest.mark.parametrize("bad, error", [(np.nan, ValueError), (np.inf, ValueError), ([1.0, 2.0], ValueError),
                                        ("x", TypeError)])
def test_bad_values_are_errors(bad, error):
    # Numbers that are not one finite value are a ValueError; text is not numbers, a TypeError.
    with pytest.raises(error):
        two_path_graph(x=bad)
    with pytest.raises(error):
        two_path_gradients(w=bad)


@pytest.mark.parametrize("depth", [0, -1, 2.5])
def test_bad_depth_is_a_value_error(depth):
    with pytest.raises(ValueError, match="depth"):
        two_way_chain(0.1, depth)

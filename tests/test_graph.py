"""The graph's bookkeeping and the back-propagation algorithm."""

import gc
import weakref

import numpy as np
import pytest

import dlnotes as dl


def test_node_knows_inputs_op_and_consumers():
    x = dl.Node(2.0, name="x")
    y = x * x
    z = y + x
    assert y.inputs == (x, x)
    assert y.op.name == "mul" and x.op is None
    assert x.consumers == (y, z)
    assert y.consumers == (z,)


def test_node_used_twice_gets_both_contributions():
    x = dl.Node(3.0)
    dl.backprop(x * x)
    assert x.grad == pytest.approx(6.0)


def test_constants_get_no_gradient():
    x = dl.Node([1.0, 2.0])
    c = np.array([3.0, 4.0])
    z = dl.sum(x * c)
    table = dl.backprop(z)
    np.testing.assert_array_equal(x.grad, c)
    constant = z.inputs[0].inputs[1]
    assert not constant.requires_grad and constant.grad is None and constant not in table


def test_numpy_array_on_the_left_makes_a_node():
    x = dl.Node([1.0, 2.0])
    assert isinstance(np.array([1.0, 1.0]) * x, dl.Node)
    assert isinstance(np.ones((2, 2)) @ x, dl.Node)


def test_each_call_starts_a_fresh_grad_table():
    x = dl.Node(2.0)
    z = x * 3.0
    dl.backprop(z)
    dl.backprop(z)
    assert x.grad == pytest.approx(3.0)


def test_ten_thousand_node_chain_does_not_hit_the_recursion_limit():
    x = dl.Node(1.0)
    h = x
    for _ in range(10_000):
        h = h * 1.0001
    dl.backprop(h)
    assert x.grad == pytest.approx(1.0001 ** 10_000)


def test_diamond_path_sum_equals_backprop():
    x = dl.Node(0.7, name="x")
    a = dl.tanh(x)
    b = dl.exp(x)
    z = a * b + a
    dl.backprop(z)
    total, paths = dl.path_sum(x, z)
    assert len(paths) == 3
    assert total == pytest.approx(float(x.grad), rel=1e-12)


def test_path_sum_counts_both_slots_of_x_times_x():
    x = dl.Node(1.5)
    total, paths = dl.path_sum(x, x * x)
    assert len(paths) == 2 and total == pytest.approx(3.0)


def test_path_sum_rejects_non_scalar_graphs():
    x = dl.Node([1.0, 2.0])
    with pytest.raises(ValueError, match="scalar"):
        dl.path_sum(x, dl.sum(x * x))


def test_backprop_needs_a_scalar_or_a_seed():
    x = dl.Node([1.0, 2.0])
    y = x * 2.0
    with pytest.raises(ValueError, match="scalar output"):
        dl.backprop(y)
    dl.backprop(y, grad=np.array([1.0, -1.0]))
    np.testing.assert_array_equal(x.grad, [2.0, -2.0])


def test_graph_table_lists_nodes_in_order_with_names_ops_and_shapes():
    x = dl.Node(np.ones((2, 3)), name="x")
    W = dl.Node(np.ones((3, 4)), name="W")
    z = dl.sum(x @ W)
    rows = dl.graph_table(z)
    assert [r["name"] for r in rows][:2] == ["x", "W"]
    assert rows[2]["op"] == "matmul" and rows[2]["shape"] == (2, 4) and rows[2]["inputs"] == ["x", "W"]
    assert rows[-1]["op"] == "sum" and rows[-1]["shape"] == ()


def test_old_graphs_are_freed_without_the_garbage_collector():
    model = dl.MLP([4, 8, 3], seed=0)
    X, y = np.ones((5, 4)), np.array([0, 1, 2, 0, 1])
    gc.disable()
    try:
        loss = dl.cross_entropy(model(X), y)
        dl.backprop(loss)
        old = weakref.ref(loss)
        for _ in range(50):
            loss = dl.cross_entropy(model(X), y)
            dl.backprop(loss)
        assert old() is None, "an old graph is kept alive by a parameter"
        assert len(model.parameters()[0]._consumers) < 40, "dead consumer references pile up"
    finally:
        gc.enable()


def test_two_forward_passes_before_one_backprop():
    model = dl.MLP([3, 5, 2], seed=1)
    X1, X2 = np.random.default_rng(0).normal(size=(2, 4, 3))
    y = np.array([0, 1, 1, 0])
    loss1 = dl.cross_entropy(model(X1), y)
    loss2 = dl.cross_entropy(model(X2), y)  # a second graph through the same parameters
    dl.backprop(loss1)
    grads_with_two_graphs = [p.grad.copy() for p in model.parameters()]
    del loss2
    fresh = dl.MLP([3, 5, 2], seed=1)
    dl.backprop(dl.cross_entropy(fresh(X1), y))
    for g, p in zip(grads_with_two_graphs, fresh.parameters()):
        np.testing.assert_allclose(g, p.grad, rtol=1e-12)


def test_sgd_step_is_theta_minus_lr_times_grad():
    w = dl.Node([1.0, -2.0])
    dl.backprop(dl.sum(w * w))
    before = w.value
    dl.SGD([w], lr=0.25).step()
    assert w.value is before  # updated in place
    np.testing.assert_allclose(w.value, [0.5, -1.0])

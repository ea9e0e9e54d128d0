"""Every operation's backprop against central differences (and PyTorch when installed)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import dlnotes as dl
from dlnotes import ops
from op_registry import CASES


def scalar_loss(case, weights):
    """Σ (case.fn(inputs) ⊙ R): a scalar whose upstream gradient R is not all ones."""
    def f(*nodes):
        out = case.fn(*nodes)
        return dl.sum(out * weights)
    return f


def output_shape(case, arrays):
    return case.fn(*[dl.Node(a) for a in arrays]).shape


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_backprop_matches_central_differences(case):
    rng = np.random.default_rng(0)
    arrays = case.inputs(rng)
    weights = rng.normal(size=output_shape(case, arrays))
    assert dl.gradcheck(scalar_loss(case, weights), *arrays) <= 1e-6


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_gradient_has_the_input_shape(case):
    arrays = case.inputs(np.random.default_rng(1))
    nodes = [dl.Node(a) for a in arrays]
    dl.backprop(dl.sum(case.fn(*nodes)))
    for node, a in zip(nodes, arrays):
        assert node.grad.shape == a.shape


def test_every_operation_has_a_case():
    covered = set()
    for case in CASES:
        z = case.fn(*[dl.Node(a) for a in case.inputs(np.random.default_rng(0))])
        covered |= {type(row["node"].op) for row in dl.graph_table(z) if row["op"] is not None}
    missing = set(ops.OPERATIONS) - covered
    assert not missing, f"operations without a gradient test case: {sorted(c.__name__ for c in missing)}"


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_backprop_matches_pytorch(case):
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (optional comparison)")
    rng = np.random.default_rng(2)
    arrays = case.inputs(rng)
    nodes = [dl.Node(a) for a in arrays]
    weights = rng.normal(size=output_shape(case, arrays))
    out = case.fn(*nodes)
    dl.backprop(dl.sum(out * weights))
    tensors = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    t_out = case.torch_fn(*tensors)
    (t_out * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(out.value, t_out.detach().numpy(), rtol=1e-10, atol=1e-12)
    for node, t in zip(nodes, tensors):
        np.testing.assert_allclose(node.grad, t.grad.numpy(), rtol=1e-9, atol=1e-12)


# Hypothesis: shapes that broadcast, and values across a wide range.
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "prelu": lambda a, b: dl.prelu(a, b),
}


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(sorted(BINARY)),
       shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
       data=st.data())
def test_broadcasting_binary_ops_hypothesis(name, shapes, data):
    elements = st.floats(0.2, 3.0) if name == "div" else st.floats(-3, 3).filter(lambda v: abs(v) > 0.05)
    a = data.draw(hnp.arrays(np.float64, shapes.input_shapes[0], elements=elements))
    b = data.draw(hnp.arrays(np.float64, shapes.input_shapes[1], elements=st.floats(0.2, 3.0)))
    a_node, b_node = dl.Node(a), dl.Node(b)
    out = BINARY[name](a_node, b_node)
    assert out.shape == shapes.result_shape
    dl.backprop(dl.sum(out))
    assert a_node.grad.shape == a.shape and b_node.grad.shape == b.shape
    assert dl.gradcheck(lambda x, y: dl.sum(BINARY[name](x, y)), a, b) <= 1e-6


UNARY = {"exp": dl.exp, "tanh": dl.tanh, "sigmoid": dl.sigmoid, "softmax": dl.softmax,
         "log_softmax": dl.log_softmax, "relu": dl.relu, "abs": dl.abs}


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(sorted(UNARY)),
       x=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=4),
                    elements=st.floats(-5, 5).filter(lambda v: abs(v) > 0.05)))
def test_unary_ops_hypothesis(name, x):
    weights = np.linspace(-1, 1, x.size).reshape(x.shape)
    assert dl.gradcheck(lambda a: dl.sum(UNARY[name](a) * weights), x) <= 1e-6

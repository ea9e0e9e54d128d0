"""One registry of operations: every gradient test is driven by it.

Each case builds an expression from input nodes, names the input shapes and
where the inputs may be drawn from (``domain``), and gives the same expression
in PyTorch for the optional comparison. Every class in ``dlnotes.ops.OPERATIONS``
must appear in at least one case (``test_every_operation_has_a_case``).
"""

import dataclasses
from typing import Callable

import numpy as np

import dlnotes as dl

LABELS = np.array([2, 0, 1])


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    fn: Callable            # nodes -> node
    shapes: tuple           # one shape per input
    domain: str = "real"    # "real", "positive" (log, division), "off_kink" (|x| > 0.1)
    torch_fn: Callable = None

    def inputs(self, rng):
        arrays = []
        for shape in self.shapes:
            a = rng.normal(size=shape)
            if self.domain == "positive":
                a = np.abs(a) + 0.5
            elif self.domain == "off_kink":
                a = np.sign(a) * (np.abs(a) + 0.1)
            arrays.append(a)
        return arrays

    def __repr__(self):
        return self.name


def _t():
    import torch
    return torch


CASES = [
    Case("add", lambda a, b: a + b, ((3, 4), (3, 4)), torch_fn=lambda a, b: a + b),
    Case("add_broadcast_row", lambda a, b: a + b, ((3, 4), (4,)), torch_fn=lambda a, b: a + b),
    Case("add_broadcast_outer", lambda a, b: a + b, ((3, 1), (1, 4)), torch_fn=lambda a, b: a + b),
    Case("add_scalar_node", lambda a, b: a + b, ((2, 3), ()), torch_fn=lambda a, b: a + b),
    Case("sub_broadcast", lambda a, b: a - b, ((2, 3, 4), (3, 1)), torch_fn=lambda a, b: a - b),
    Case("mul_broadcast", lambda a, b: a * b, ((3, 4), (4,)), torch_fn=lambda a, b: a * b),
    Case("div", lambda a, b: a / b, ((3, 4), (3, 4)), "positive", torch_fn=lambda a, b: a / b),
    Case("div_broadcast", lambda a, b: a / b, ((3, 4), (3, 1)), "positive", torch_fn=lambda a, b: a / b),
    Case("neg", lambda a: -a, ((3, 4),), torch_fn=lambda a: -a),
    Case("pow_nodes", lambda a, b: a ** b, ((3, 4), (4,)), "positive", torch_fn=lambda a, b: a ** b),
    Case("pow_constant_exponent", lambda a: a ** 3, ((3, 4),), torch_fn=lambda a: a ** 3),
    Case("matmul", lambda a, b: a @ b, ((3, 4), (4, 5)), torch_fn=lambda a, b: a @ b),
    Case("matmul_vector_matrix", lambda a, b: a @ b, ((4,), (4, 5)), torch_fn=lambda a, b: a @ b),
    Case("matmul_matrix_vector", lambda a, b: a @ b, ((3, 4), (4,)), torch_fn=lambda a, b: a @ b),
    Case("matmul_vector_vector", lambda a, b: a @ b, ((4,), (4,)), torch_fn=lambda a, b: a @ b),
    Case("matmul_batched_broadcast", lambda a, b: a @ b, ((2, 3, 4), (4, 5)), torch_fn=lambda a, b: a @ b),
    Case("transpose", lambda a: a.T, ((3, 4),), torch_fn=lambda a: a.T),
    Case("exp", dl.exp, ((3, 4),), torch_fn=lambda a: _t().exp(a)),
    Case("log", dl.log, ((3, 4),), "positive", torch_fn=lambda a: _t().log(a)),
    Case("tanh", dl.tanh, ((3, 4),), torch_fn=lambda a: _t().tanh(a)),
    Case("sigmoid", dl.sigmoid, ((3, 4),), torch_fn=lambda a: _t().sigmoid(a)),
    Case("relu", dl.relu, ((3, 4),), "off_kink", torch_fn=lambda a: _t().relu(a)),
    Case("leaky_relu", lambda a: dl.leaky_relu(a, 0.1), ((3, 4),), "off_kink",
         torch_fn=lambda a: _t().nn.functional.leaky_relu(a, 0.1)),
    Case("abs", dl.abs, ((3, 4),), "off_kink", torch_fn=lambda a: _t().abs(a)),
    Case("prelu_scalar", dl.prelu, ((3, 4), ()), "off_kink",
         torch_fn=lambda a, s: _t().clamp(a, min=0) + s * _t().clamp(a, max=0)),
    Case("prelu_per_unit", dl.prelu, ((3, 4), (4,)), "off_kink",
         torch_fn=lambda a, s: _t().clamp(a, min=0) + s * _t().clamp(a, max=0)),
    Case("sum_all", dl.sum, ((3, 4),), torch_fn=lambda a: a.sum()),
    Case("sum_axis0", lambda a: dl.sum(a, axis=0), ((3, 4),), torch_fn=lambda a: a.sum(0)),
    Case("sum_axis1_keepdims", lambda a: dl.sum(a, axis=1, keepdims=True), ((3, 4),),
         torch_fn=lambda a: a.sum(1, keepdim=True)),
    Case("sum_axes", lambda a: dl.sum(a, axis=(0, 2)), ((2, 3, 4),), torch_fn=lambda a: a.sum((0, 2))),
    Case("mean_all", dl.mean, ((3, 4),), torch_fn=lambda a: a.mean()),
    Case("mean_axis_neg1", lambda a: dl.mean(a, axis=-1), ((3, 4),), torch_fn=lambda a: a.mean(-1)),
    Case("softmax", dl.softmax, ((3, 4),), torch_fn=lambda a: _t().softmax(a, -1)),
    Case("softmax_hot", lambda a: dl.softmax(a, temperature=0.5), ((3, 4),),
         torch_fn=lambda a: _t().softmax(a / 0.5, -1)),
    Case("softmax_axis0", lambda a: dl.softmax(a, axis=0), ((3, 4),), torch_fn=lambda a: _t().softmax(a, 0)),
    Case("log_softmax", lambda a: dl.log_softmax(a, temperature=2.0), ((3, 4),),
         torch_fn=lambda a: _t().log_softmax(a / 2.0, -1)),
    Case("affine", dl.affine, ((5, 3), (3, 4), (4,)), torch_fn=lambda x, w, b: x @ w + b),
    Case("nll", lambda a: dl.nll(a, LABELS), ((3, 4),),
         torch_fn=lambda a: _t().nn.functional.nll_loss(a, _t().tensor(LABELS))),
    Case("cross_entropy", lambda a: dl.cross_entropy(a, LABELS), ((3, 4),),
         torch_fn=lambda a: _t().nn.functional.cross_entropy(a, _t().tensor(LABELS))),
    Case("cross_entropy_temperature", lambda a: dl.cross_entropy(a, LABELS, temperature=3.0), ((3, 4),),
         torch_fn=lambda a: _t().nn.functional.cross_entropy(a / 3.0, _t().tensor(LABELS))),
    Case("binary_cross_entropy", lambda a: dl.binary_cross_entropy(a, np.array([[1.0, 0.0], [0.3, 1.0]])),
         ((2, 2),), torch_fn=lambda a: _t().nn.functional.binary_cross_entropy_with_logits(
             a, _t().tensor([[1.0, 0.0], [0.3, 1.0]], dtype=_t().float64))),
    Case("mse", lambda a, b: dl.mse(a, b), ((4, 1), (4, 1)),
         torch_fn=lambda a, b: _t().nn.functional.mse_loss(a, b)),
    # A node used twice, by one consumer and by two.
    Case("used_twice_same_op", lambda a: a * a, ((3,),), torch_fn=lambda a: a * a),
    Case("used_twice_two_paths", lambda a: dl.tanh(a) * a + a, ((3,),),
         torch_fn=lambda a: _t().tanh(a) * a + a),
    Case("penalties", lambda a, b: dl.l2_penalty([a, b]) + 0.5 * dl.l1_penalty([a]), ((3, 2), (2,)),
         "off_kink", torch_fn=lambda a, b: 0.5 * ((a * a).sum() + (b * b).sum()) + 0.5 * a.abs().sum()),
]

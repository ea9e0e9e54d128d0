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


# The engine for the architectures: shape and selection, statistics, convolution,
# pooling, normalization, attention, embeddings (issue 8).
IDS = np.array([[1, 3, 1], [0, 3, 3]])  # repeated ids: the gradient must add up
MASK = np.tril(np.ones((4, 4), dtype=bool))  # causal: query t sees keys s ≤ t
ROWS, COLS = np.array([0, 2, 0, 2]), np.array([1, 1, 3, 1])  # (2, 1) twice


def _tf():
    return _t().nn.functional


CASES += [
    Case("index_slice", lambda a: a[1:, ::2], ((3, 4),), torch_fn=lambda a: a[1:, ::2]),
    Case("index_int_then_slice", lambda a: a[0, 1:3], ((3, 4),), torch_fn=lambda a: a[0, 1:3]),
    Case("index_repeated_rows", lambda a: a[np.array([2, 0, 2, 2])], ((3, 4),),
         torch_fn=lambda a: a[_t().tensor([2, 0, 2, 2])]),
    Case("index_pairs_repeated", lambda a: a[ROWS, COLS], ((3, 4),),
         torch_fn=lambda a: a[_t().tensor(ROWS), _t().tensor(COLS)]),
    Case("index_boolean_mask", lambda a: a[MASK[:3]], ((3, 4),), torch_fn=lambda a: a[_t().tensor(MASK[:3])]),
    Case("index_used_twice", lambda a: a[0] * dl.sum(a[1:3]) + a[0], ((3, 4),),
         torch_fn=lambda a: a[0] * a[1:3].sum() + a[0]),
    Case("reshape", lambda a: a.reshape(2, -1)[:, :2] * dl.reshape(a, (6, 2))[:2], ((3, 4),),
         torch_fn=lambda a: a.reshape(2, -1)[:, :2] * a.reshape(6, 2)[:2]),
    Case("transpose_axes", lambda a: dl.transpose(a, (1, 2, 0)), ((2, 3, 4),),
         torch_fn=lambda a: a.permute(1, 2, 0)),
    Case("transpose_negative_axes", lambda a: dl.transpose(a, (0, -1, -2)), ((2, 3, 4),),
         torch_fn=lambda a: a.transpose(-1, -2)),
    Case("concatenate_axis1", lambda a, b: dl.concatenate([a, b, a], axis=1), ((2, 3), (2, 1)),
         torch_fn=lambda a, b: _t().cat([a, b, a], dim=1)),
    Case("concatenate_broadcast_use", lambda a, b: dl.concatenate([a, b], axis=0) * b[0], ((2, 3), (1, 3)),
         torch_fn=lambda a, b: _t().cat([a, b], dim=0) * b[0]),
    Case("stack_axis_last", lambda a, b: dl.stack([a, b, a], axis=-1), ((2, 3), (2, 3)),
         torch_fn=lambda a, b: _t().stack([a, b, a], dim=-1)),
    Case("max_all", dl.max, ((3, 4),), torch_fn=lambda a: a.amax()),
    Case("max_axis1", lambda a: dl.max(a, axis=1), ((3, 4),), torch_fn=lambda a: a.amax(1)),
    Case("max_axis0_keepdims", lambda a: dl.max(a, axis=0, keepdims=True) + a, ((3, 4),),
         torch_fn=lambda a: a.amax(0, keepdim=True) + a),
    Case("var_all", dl.var, ((3, 4),), torch_fn=lambda a: a.var(unbiased=False)),
    Case("var_axis_keepdims", lambda a: dl.var(a, axis=(0, 2), keepdims=True), ((2, 3, 4),),
         torch_fn=lambda a: a.var((0, 2), unbiased=False, keepdim=True)),
    Case("sqrt", dl.sqrt, ((3, 4),), "positive", torch_fn=lambda a: _t().sqrt(a)),
    Case("matmul_batched", lambda a, b: a @ b, ((2, 3, 4), (2, 4, 3)), torch_fn=lambda a, b: a @ b),
    Case("matmul_batched_broadcast_batch", lambda a, b: a @ b, ((2, 1, 3, 4), (3, 4, 2)),
         torch_fn=lambda a, b: a @ b),
    Case("conv2d", lambda x, W, b: dl.conv2d(x, W, b), ((2, 2, 5, 5), (3, 2, 3, 3), (3,)),
         torch_fn=lambda x, W, b: _tf().conv2d(x, W, b)),
    Case("conv2d_stride_padding", lambda x, W, b: dl.conv2d(x, W, b, stride=2, padding=1),
         ((2, 2, 5, 6), (3, 2, 3, 2), (3,)),
         torch_fn=lambda x, W, b: _tf().conv2d(x, W, b, stride=2, padding=1)),
    Case("conv2d_no_bias_padding2", lambda x, W: dl.conv2d(x, W, padding=2), ((1, 3, 4, 4), (2, 3, 3, 3)),
         torch_fn=lambda x, W: _tf().conv2d(x, W, padding=2)),
    Case("conv2d_used_twice", lambda x, W: dl.conv2d(dl.conv2d(x, W, padding=1), W, padding=1),
         ((2, 2, 4, 4), (2, 2, 3, 3)),
         torch_fn=lambda x, W: _tf().conv2d(_tf().conv2d(x, W, padding=1), W, padding=1)),
    Case("max_pool2d", lambda x: dl.max_pool2d(x, 2), ((2, 3, 4, 6),),
         torch_fn=lambda x: _tf().max_pool2d(x, 2)),
    Case("max_pool2d_overlapping_odd", lambda x: dl.max_pool2d(x, 3, stride=2), ((2, 2, 7, 6),),
         torch_fn=lambda x: _tf().max_pool2d(x, 3, stride=2)),
    Case("batch_norm_2d", dl.batch_norm, ((5, 3), (3,), (3,)),
         torch_fn=lambda x, g, b: _tf().batch_norm(x, None, None, g, b, training=True)),
    Case("batch_norm_4d", dl.batch_norm, ((3, 2, 3, 4), (2,), (2,)),
         torch_fn=lambda x, g, b: _tf().batch_norm(x, None, None, g, b, training=True)),
    Case("layer_norm", dl.layer_norm, ((2, 3, 5), (5,), (5,)),
         torch_fn=lambda x, g, b: _tf().layer_norm(x, (5,), g, b)),
    Case("layer_norm_used_twice", lambda x, g, b: dl.layer_norm(dl.layer_norm(x, g, b) * x, g, b),
         ((4, 5), (5,), (5,)),
         torch_fn=lambda x, g, b: _tf().layer_norm(_tf().layer_norm(x, (5,), g, b) * x, (5,), g, b)),
    Case("attention", dl.scaled_dot_product_attention, ((2, 4, 3), (2, 5, 3), (2, 5, 2)),
         torch_fn=lambda q, k, v: _tf().scaled_dot_product_attention(q, k, v)),
    Case("attention_causal_mask", lambda q, k, v: dl.scaled_dot_product_attention(q, k, v, MASK),
         ((2, 2, 4, 3), (2, 2, 4, 3), (2, 2, 4, 3)),
         torch_fn=lambda q, k, v: _tf().scaled_dot_product_attention(q, k, v, _t().tensor(MASK))),
    Case("attention_self_same_node", lambda x: dl.scaled_dot_product_attention(x, x, x, MASK), ((3, 4, 2),),
         torch_fn=lambda x: _tf().scaled_dot_product_attention(x, x, x, _t().tensor(MASK))),
    Case("attention_broadcast_kv", dl.scaled_dot_product_attention, ((2, 3, 4, 3), (4, 3), (4, 2)),
         torch_fn=lambda q, k, v: _tf().scaled_dot_product_attention(q, k.expand(2, 3, 4, 3),
                                                                       v.expand(2, 3, 4, 2))),
    Case("embedding_repeated_ids", lambda table: dl.embedding(IDS, table), ((4, 3),),
         torch_fn=lambda table: _tf().embedding(_t().tensor(IDS), table)),
]

# Dropout draws its mask from the generator: a fresh generator with one seed
# per call gives every evaluation (and PyTorch) the same mask.
KEEP = np.random.default_rng(7).random((3, 4)) >= 0.3

CASES += [
    Case("dropout", lambda a: dl.dropout(a, 0.3, np.random.default_rng(7)), ((3, 4),),
         torch_fn=lambda a: a * _t().tensor(KEEP) / 0.7),
]

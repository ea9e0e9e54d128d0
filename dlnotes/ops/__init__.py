"""The operations: one small class each, forward and backprop side by side.

``forward(*values)`` computes the output array from the input arrays.
``backprop(inputs, output, i, G)`` returns the gradient of the loss with
respect to input ``i``, given the input arrays, the output array and
G = ∂L/∂output. It has exactly input ``i``'s shape: where numpy broadcast an
input, the gradient is summed back over the broadcast axes (:func:`unbroadcast`).

One module per family: :mod:`~dlnotes.ops.arithmetic`, :mod:`~dlnotes.ops.activations`,
:mod:`~dlnotes.ops.reductions`, :mod:`~dlnotes.ops.losses`, :mod:`~dlnotes.ops.shape`,
:mod:`~dlnotes.ops.convolution`, :mod:`~dlnotes.ops.normalization`,
:mod:`~dlnotes.ops.dropout`, :mod:`~dlnotes.ops.attention`.
Operations without settings are single instances (``ADD``, ``MUL``, ...);
those with settings (an axis, a temperature, labels) are made per use.
"""

from dlnotes.ops.activations import (EXP, LOG, PRELU, RELU, SIGMOID, TANH, Exp, Log, LogSoftmax,
                                     PReLU, Rectifier, Sigmoid, Softmax, Tanh)
from dlnotes.ops.arithmetic import (ADD, AFFINE, DIV, MATMUL, MUL, NEG, POW, SUB, TRANSPOSE, Add,
                                    Affine, Div, MatMul, Mul, Neg, Pow, Sub, Transpose)
from dlnotes.ops.base import Op, unbroadcast
from dlnotes.ops.losses import NLL, BinaryCrossEntropy, CrossEntropy
from dlnotes.ops.reductions import Mean, Sum
from dlnotes.ops.activations import SQRT, Sqrt  # noqa: I001 - the engine's additions, kept apart
from dlnotes.ops.attention import Embedding, ScaledDotProductAttention
from dlnotes.ops.convolution import Conv2d, MaxPool2d
from dlnotes.ops.dropout import Dropout
from dlnotes.ops.normalization import BatchNorm, LayerNorm
from dlnotes.ops.reductions import Max, Var
from dlnotes.ops.shape import Concatenate, Index, Reshape, Stack

__all__ = [
    "Op", "unbroadcast", "OPERATIONS",
    "Add", "Sub", "Mul", "Div", "Neg", "Pow", "MatMul", "Transpose",
    "Exp", "Log", "Sum", "Mean", "Tanh", "Sigmoid", "Rectifier", "PReLU",
    "Softmax", "LogSoftmax", "Affine", "NLL", "CrossEntropy", "BinaryCrossEntropy",
    "ADD", "SUB", "MUL", "DIV", "NEG", "POW", "MATMUL", "TRANSPOSE",
    "EXP", "LOG", "TANH", "SIGMOID", "PRELU", "AFFINE", "RELU",
    "Index", "Reshape", "Concatenate", "Stack", "Max", "Var", "Sqrt", "SQRT",
    "Conv2d", "MaxPool2d", "BatchNorm", "LayerNorm", "Dropout",
    "ScaledDotProductAttention", "Embedding",
]

#: Every operation class; the gradient tests check that each has a test case.
OPERATIONS = (Add, Sub, Mul, Div, Neg, Pow, MatMul, Transpose, Exp, Log, Tanh,
              Sigmoid, Rectifier, PReLU, Sum, Mean, Softmax, LogSoftmax, Affine,
              NLL, CrossEntropy, BinaryCrossEntropy,
              Index, Reshape, Concatenate, Stack, Max, Var, Sqrt, Conv2d, MaxPool2d,
              BatchNorm, LayerNorm, Dropout, ScaledDotProductAttention, Embedding)

"""dlnotes: the small package behind the deep-learning notebooks.

A numpy computational graph with textbook back-propagation (:mod:`dlnotes.graph`,
one class per operation in :mod:`dlnotes.ops`), the functions and losses built
on it, the MLP, SGD and a training loop, gradient checking, and small data
sets. Plots (:mod:`dlnotes.plots`) and widgets (:mod:`dlnotes.widgets`) are
imported only when asked for, so ``import dlnotes`` loads neither matplotlib
nor ipywidgets.
"""

from dlnotes import datasets
from dlnotes.functions import (abs, affine, exp, leaky_relu, log, log_softmax, mean,
                               prelu, relu, sigmoid, softmax, sum, tanh)
from dlnotes.functions import (batch_norm, concatenate, conv2d, dropout, embedding,  # noqa: I001
                               layer_norm, max, max_pool2d, reshape, scaled_dot_product_attention,
                               sinusoidal_positional_encoding, sqrt, stack, transpose, var)
from dlnotes.gradcheck import gradcheck, numerical_gradient
from dlnotes.graph import Node, as_node, backprop, graph_table, topological_order
from dlnotes.losses import (binary_cross_entropy, cross_entropy, l1_penalty, l2_penalty,
                            mse, nll)
from dlnotes.nn import MLP, Linear
from dlnotes.optim import SGD
from dlnotes.paths import enumerate_paths, path_sum
from dlnotes.training import History, TrainingDiverged, accuracy, train

__version__ = "0.1.0"

__all__ = [
    "Node", "as_node", "backprop", "graph_table", "topological_order",
    "exp", "log", "sum", "mean", "tanh", "sigmoid", "relu", "leaky_relu", "abs",
    "prelu", "softmax", "log_softmax", "affine",
    "nll", "cross_entropy", "binary_cross_entropy", "mse", "l2_penalty", "l1_penalty",
    "MLP", "Linear", "SGD", "gradcheck", "numerical_gradient", "path_sum",
    "enumerate_paths", "train", "History", "TrainingDiverged", "accuracy", "datasets",
    "reshape", "transpose", "concatenate", "stack", "max", "var", "sqrt", "conv2d", "max_pool2d",
    "dropout", "batch_norm", "layer_norm", "scaled_dot_product_attention", "embedding",
    "sinusoidal_positional_encoding",
]

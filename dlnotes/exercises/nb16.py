"""Exercises of notebook 16, convolutional networks: a convolution by hand, its output size, its parameters."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "CROSS_CORRELATE", "OUTPUT_SIZE", "CONV_PARAMETERS",
           "cross_correlate", "output_size", "conv_parameters"]

NOTEBOOK = "16_convolutional_networks"
_rng = np.random.default_rng(16)


# --- 1. one feature map, by hand ---------------------------------------------------------

def cross_correlate(x, w):
    k, l = w.shape
    Z = np.zeros((x.shape[0] - k + 1, x.shape[1] - l + 1))
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            Z[i, j] = np.sum(x[i:i + k, j:j + l] * w)  # the window under the kernel, dotted with it
    return Z


def _flipped(x, w):
    return cross_correlate(x, w[::-1, ::-1])


def _transposed_kernel(x, w):
    return cross_correlate(x, w.T)


def _same_padding(x, w):
    k, l = w.shape
    padded = np.pad(x, ((k // 2, (k - 1) // 2), (l // 2, (l - 1) // 2)))
    return cross_correlate(padded, w)


CROSS_CORRELATE = Exercise(
    NOTEBOOK, "cross_correlate",
    "Write Z[i, j] = Σ_{u,v} x[i + u, j + v] w[u, v] for one image x (H, W) and one kernel w (k, l), no padding.",
    cross_correlate,
    cases=[(_rng.normal(size=(5, 6)), _rng.normal(size=(3, 3))),
           (_rng.normal(size=(4, 4)), _rng.normal(size=(2, 3))),
           (_rng.normal(size=(3, 5)), _rng.normal(size=(1, 1))),
           (_rng.normal(size=(3, 3)), _rng.normal(size=(3, 3)))],
    mistakes=[
        (_flipped, "you flipped the kernel: that is the mathematicians' convolution. Deep-learning "
                   "libraries (and LeCun's layers) compute the cross-correlation, w[u, v] without a flip."),
        (_transposed_kernel, "the kernel is transposed: u runs down the rows (i + u), v along the columns (j + v)."),
        (_same_padding, "you zero-padded the image ('same' size): without padding the map is (H − k + 1, W − l + 1)."),
    ],
)


# --- 2. the output size -------------------------------------------------------------------

def output_size(size, kernel, stride, padding):
    return (size + 2 * padding - kernel) // stride + 1  # the number of places the window fits


def _no_plus_one(size, kernel, stride, padding):
    return (size + 2 * padding - kernel) // stride


def _padding_once(size, kernel, stride, padding):
    return (size + padding - kernel) // stride + 1


def _stride_everywhere(size, kernel, stride, padding):
    return (size + 2 * padding - kernel + 1) // stride


OUTPUT_SIZE = Exercise(
    NOTEBOOK, "output_size",
    "How many outputs does a convolution give along an axis of length size, for a kernel of length kernel, "
    "a stride and a zero padding on each side?",
    output_size,
    cases=[(8, 3, 1, 0), (8, 3, 1, 1), (28, 5, 1, 0), (7, 3, 2, 1), (32, 5, 2, 2), (9, 3, 3, 0), (5, 5, 1, 0)],
    mistakes=[
        (_no_plus_one, "you counted the steps, not the places: a kernel as long as the image still fits once, "
                       "so add 1."),
        (_padding_once, "the padding goes on both sides: the padded length is size + 2·padding."),
        (_stride_everywhere, "divide only the distance the window can travel, size + 2·padding − kernel, by "
                             "the stride, then add the first position: ⌊(size + 2p − k)/s⌋ + 1."),
    ],
)


# --- 3. how many parameters ---------------------------------------------------------------

def conv_parameters(in_channels, out_channels, k):
    return out_channels * (in_channels * k * k + 1)  # each filter: a k×k kernel per input channel, one bias


def _no_bias(in_channels, out_channels, k):
    return out_channels * in_channels * k * k


def _one_channel(in_channels, out_channels, k):
    return out_channels * (k * k + 1)


def _per_input_map(in_channels, out_channels, k):
    return in_channels * out_channels * (k * k + 1)


CONV_PARAMETERS = Exercise(
    NOTEBOOK, "conv_parameters",
    "How many trainable numbers does a k×k convolution layer from in_channels to out_channels maps hold "
    "(with biases)? It does not depend on the image size.",
    conv_parameters,
    cases=[(1, 8, 3), (3, 16, 5), (8, 8, 1), (16, 32, 3), (1, 1, 7)],
    mistakes=[
        (_no_bias, "each output map also has one bias: out_channels · (in_channels · k² + 1)."),
        (_one_channel, "each filter spans every input channel: it holds in_channels · k² weights, not k²."),
        (_per_input_map, "there is one bias per output map, not one per (input, output) pair of maps."),
    ],
)

EXERCISES = (CROSS_CORRELATE, OUTPUT_SIZE, CONV_PARAMETERS)

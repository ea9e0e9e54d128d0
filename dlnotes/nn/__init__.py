"""Layers: the MLP's ``Linear`` and ``MLP``, and the layers of the architectures.

One module per family: :mod:`~dlnotes.nn.mlp` (``Linear``, ``MLP``),
:mod:`~dlnotes.nn.conv` (``Conv2d``, ``MaxPool2d``), :mod:`~dlnotes.nn.normalization`
(``BatchNorm``, ``LayerNorm``), :mod:`~dlnotes.nn.dropout`, :mod:`~dlnotes.nn.attention`
(``MultiHeadAttention``, ``TransformerBlock``, ``Embedding``), :mod:`~dlnotes.nn.lora`
(``LoRALinear``), :mod:`~dlnotes.nn.containers` (``Sequential``, ``Residual``, ``Flatten``).
Every layer has ``__call__`` and ``.parameters()``; ``.train()`` / ``.eval()``
switch dropout and batch normalization.
"""

from dlnotes.functions import sinusoidal_positional_encoding
from dlnotes.nn.attention import Embedding, MultiHeadAttention, TransformerBlock
from dlnotes.nn.base import Layer, count_parameters
from dlnotes.nn.containers import Flatten, Residual, Sequential
from dlnotes.nn.conv import Conv2d, MaxPool2d
from dlnotes.nn.dropout import Dropout
from dlnotes.nn.lora import LoRALinear
from dlnotes.nn.mlp import ACTIVATIONS, MLP, Linear
from dlnotes.nn.normalization import BatchNorm, LayerNorm

__all__ = ["Linear", "MLP", "ACTIVATIONS", "Layer", "Sequential", "Residual", "Flatten",
           "Conv2d", "MaxPool2d", "BatchNorm", "LayerNorm", "Dropout",
           "MultiHeadAttention", "TransformerBlock", "Embedding", "LoRALinear",
           "sinusoidal_positional_encoding", "count_parameters"]

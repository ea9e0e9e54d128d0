"""Layers: the MLP's ``Linear`` and ``MLP``, and the layers of the architectures.

One module per family: :mod:`~dlnotes.nn.mlp` (``Linear``, ``MLP``).
"""

from dlnotes.nn.mlp import ACTIVATIONS, MLP, Linear

__all__ = ["Linear", "MLP", "ACTIVATIONS"]

"""What every layer shares: its trainable parameters, and a training/evaluation switch."""

import numpy as np

__all__ = ["Layer", "count_parameters"]


class Layer:
    """A layer: ``layer(x)`` computes, ``parameters()`` lists the trainable Nodes.

    ``own_parameters()`` gives the layer's own Nodes and ``sublayers()`` the
    layers it contains; ``parameters()`` collects both, skipping frozen Nodes
    (``requires_grad=False``), which an optimiser must leave alone.
    ``train()`` / ``eval()`` switch the layers whose behaviour differs between
    training and evaluation (dropout, batch normalization), sublayers included.
    """

    training = True

    def own_parameters(self):
        return []

    def sublayers(self):
        return []

    def parameters(self):
        params, seen = [], set()
        for p in self.own_parameters() + [p for layer in self.sublayers()
                                          if hasattr(layer, "parameters") for p in layer.parameters()]:
            if p.requires_grad and id(p) not in seen:
                seen.add(id(p))
                params.append(p)
        return params

    def train(self, mode=True):
        """Training mode (``mode=True``) or evaluation mode, here and in every sublayer; returns self."""
        if not isinstance(mode, (bool, np.bool_)):  # "eval" or "no" would be truthy: training mode
            raise TypeError(f"{type(self).__name__}.train: mode must be True or False, got {mode!r}")
        self.training = bool(mode)
        for layer in self.sublayers():
            if hasattr(layer, "train"):
                layer.train(mode)
        return self

    def eval(self):
        """Evaluation mode: dropout off, batch normalization on its running statistics."""
        return self.train(False)


def count_parameters(model):
    """The number of trainable numbers in ``model``: the sizes of its ``parameters()`` (frozen Nodes excluded)."""
    if not callable(getattr(model, "parameters", None)):
        raise TypeError(f"count_parameters needs a model with a parameters() method, got {type(model).__name__}")
    return int(sum(p.value.size for p in model.parameters()))

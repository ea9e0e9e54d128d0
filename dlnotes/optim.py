"""The parameter update: θ ← θ − εG."""

from dlnotes.checks import check_learning_rate, check_parameters
from dlnotes.graph import current_gradients

__all__ = ["SGD"]


class SGD:
    """Gradient descent, θ ← θ − εG, with learning rate ε = ``lr``.

    ``params`` must be distinct Nodes (the same Node twice would move twice per
    step: a ValueError). ``step()`` updates every parameter's ``.value`` in place
    from its ``.grad``, using only the gradients of the latest back-propagation
    among the parameters (:func:`dlnotes.graph.current_gradients`): a parameter
    with no gradient, or with a stale one from an earlier loss that the latest
    did not reach, is left alone.
    """

    def __init__(self, params, lr):
        self.params = check_parameters(params, "SGD: params")
        self.lr = check_learning_rate(lr)

    def step(self):
        for p, grad in current_gradients(self.params):
            p.value -= self.lr * grad

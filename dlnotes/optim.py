"""The parameter update: θ ← θ − εG."""

from dlnotes.checks import check_learning_rate, check_parameters
from dlnotes.graph import latest_pass

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
        lr, latest = self.lr, latest_pass(self.params)
        for p in self.params:
            # Only the gradients of the latest pass: a stale one is left alone (graph.py's contract).
            if p._grad_pass == latest and p._grad is not None:
                p.value -= lr * p._grad

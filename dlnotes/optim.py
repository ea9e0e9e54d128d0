"""The parameter update: θ ← θ − εG."""

from dlnotes.checks import check_learning_rate

__all__ = ["SGD"]


class SGD:
    """Gradient descent, θ ← θ − εG, with learning rate ε = ``lr``.

    ``step()`` updates every parameter's ``.value`` in place from its ``.grad``
    (as back-propagation left it); a parameter with no gradient is left alone.
    """

    def __init__(self, params, lr):
        self.params = list(params)
        self.lr = check_learning_rate(lr)

    def step(self):
        for p in self.params:
            if p.grad is not None:
                p.value -= self.lr * p.grad

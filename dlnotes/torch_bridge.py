"""dlnotes beside PyTorch: the same MLP in both, the same gradients, the same training, both graphs.

PyTorch is optional (``pip install dlnotes[torch]``): :func:`require_torch`
imports it or raises :class:`TorchMissing`, whose message says how to install
it and which a notebook shows as that message alone, without a traceback.

The correspondence:

====================================  ======================================
PyTorch                               dlnotes
====================================  ======================================
``loss.backward()``                   ``dl.backprop(loss)``
``p.grad`` (accumulated over calls)   ``p.grad`` (a fresh grad table per call)
``t.grad_fn``, ``next_functions``     ``node.op``, ``node.inputs``
``torch.no_grad()`` / ``detach()``    plain arrays: constants of the graph
``nn.Linear(i, o)``: ``x Wᵀ + b``     ``Linear(i, o)``: ``x W + b`` (W is (i, o))
====================================  ======================================
"""

import numpy as np

from dlnotes.checks import check_count, check_finite, check_rng
from dlnotes.graph import backprop, graph_table
from dlnotes.losses import cross_entropy

__all__ = ["TorchMissing", "require_torch", "torch_mlp", "compare_gradients", "train_both",
           "torch_graph_table", "dlnotes_graph_rows"]

_ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}


class TorchMissing(ImportError):
    """PyTorch is not installed; shown in a notebook as its message alone."""

    def _render_traceback_(self):  # IPython shows these lines instead of a traceback
        return [f"TorchMissing: {self}"]


def require_torch():
    """``import torch``, or a :class:`TorchMissing` that says how to get it."""
    try:
        import torch
    except ImportError:
        raise TorchMissing(
            "PyTorch is not installed, and this notebook compares dlnotes with it. Install it with "
            "`pip install dlnotes[torch]` (or `pip install torch`) and restart the kernel. In the browser "
            "(JupyterLite) it cannot run: PyTorch has no WebAssembly build.") from None
    return torch


def torch_mlp(mlp):
    """A ``torch.nn.Sequential`` in float64 with exactly ``mlp``'s weights (copied, transposed)."""
    _check_mlp(mlp, "torch_mlp")
    torch = require_torch()
    if mlp.activation not in _ACTIVATIONS:
        raise ValueError(f"no PyTorch twin for the activation {mlp.activation!r}")
    layers = []
    for k, layer in enumerate(mlp.layers):
        linear = torch.nn.Linear(*layer.W.value.shape, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.W.value.T))  # PyTorch stores W as (out, in)
            linear.bias.copy_(torch.from_numpy(layer.b.value))
        layers.append(linear)
        if k < len(mlp.layers) - 1:
            layers.append(getattr(torch.nn, _ACTIVATIONS[mlp.activation])())
    return torch.nn.Sequential(*layers)


def _check_mlp(mlp, who):
    """A TypeError unless ``mlp`` is a dlnotes MLP: checked before torch is imported, so it works without it."""
    from dlnotes.nn import MLP

    if not isinstance(mlp, MLP):
        raise TypeError(f"{who} needs a dlnotes MLP, got {type(mlp).__name__}")


def _torch_parameters(model):
    """The (weight, bias) tensors layer by layer, weights transposed back to dlnotes' (in, out)."""
    linears = [m for m in model if hasattr(m, "weight")]
    return [t for m in linears for t in (m.weight, m.bias)]


def compare_gradients(mlp, model, X, y):
    """The cross-entropy and its gradients in both: ``(loss difference, largest gradient difference)``."""
    _check_mlp(mlp, "compare_gradients")
    torch = require_torch()
    J = cross_entropy(mlp(X), y)
    backprop(J)
    model.zero_grad()
    J_torch = torch.nn.functional.cross_entropy(model(torch.from_numpy(np.asarray(X, float))),
                                                torch.as_tensor(np.asarray(y)).long())  # PyTorch wants int64 class indices
    J_torch.backward()
    worst = 0.0
    for p, t in zip(mlp.parameters(), _torch_parameters(model)):
        g = t.grad.numpy()
        worst = max(worst, float(np.abs(p.grad - (g.T if g.ndim == 2 else g)).max()))
    return abs(float(J.value) - J_torch.item()), worst


def train_both(mlp, model, X, y, lr, steps, batch_size, rng):
    """``steps`` SGD steps on the same minibatches in both.

    Returns ``(largest weight difference after, dlnotes' minibatch losses, PyTorch's minibatch losses)``.
    """
    _check_mlp(mlp, "train_both")
    steps = check_count(steps, "train_both: steps")
    X = check_finite(X, "train_both: X")
    batch_size = check_count(batch_size, "train_both: batch_size")
    if batch_size > len(X):  # rows are drawn without replacement
        raise ValueError(f"train_both: batch_size must be at most the {len(X)} rows of X, got {batch_size}")
    check_rng(rng, "train_both: rng")
    torch = require_torch()
    from dlnotes.optim import SGD

    optimizer, torch_optimizer = SGD(mlp.parameters(), lr), torch.optim.SGD(model.parameters(), lr=lr)
    X, y = np.asarray(X, float), np.asarray(y)
    losses, torch_losses = [], []
    for _ in range(steps):
        rows = rng.choice(len(X), size=batch_size, replace=False)
        J = cross_entropy(mlp(X[rows]), y[rows])
        backprop(J)
        optimizer.step()
        torch_optimizer.zero_grad()  # PyTorch accumulates into .grad: zero it every step
        J_torch = torch.nn.functional.cross_entropy(model(torch.from_numpy(X[rows])),
                                                    torch.as_tensor(y[rows]).long())
        J_torch.backward()
        torch_optimizer.step()
        losses.append(float(J.value))
        torch_losses.append(J_torch.item())
    worst = 0.0
    for p, t in zip(mlp.parameters(), _torch_parameters(model)):
        w = t.detach().numpy()
        worst = max(worst, float(np.abs(p.value - (w.T if w.ndim == 2 else w)).max()))
    return worst, np.array(losses), np.array(torch_losses)


def torch_graph_table(output, names=None):
    """PyTorch's backward graph behind ``output`` as rows like :func:`dlnotes.graph_table`'s.

    One row per ``grad_fn`` (its class name as ``op``) and per leaf tensor
    (``AccumulateGrad``, named from ``names``: a dict tensor → name), inputs first.
    """
    names = names or {}
    order, seen = [], set()
    stack = [(output.grad_fn, False)]
    while stack:
        fn, expanded = stack.pop()
        if fn is None:
            continue
        if expanded:
            order.append(fn)
        elif fn not in seen:
            seen.add(fn)
            stack.append((fn, True))
            stack.extend((parent, False) for parent, _ in reversed(fn.next_functions) if parent is not None)
    label = {}
    for k, fn in enumerate(order):
        variable = getattr(fn, "variable", None)
        label[fn] = names.get(variable, f"leaf{k}") if variable is not None else f"t{k}"
    return [{"name": label[fn], "op": None if getattr(fn, "variable", None) is not None else type(fn).__name__,
             "inputs": [label[p] for p, _ in fn.next_functions if p is not None]} for fn in order]


def dlnotes_graph_rows(z):
    """:func:`dlnotes.graph_table` of ``z`` reduced to name, op and inputs, for a side-by-side view."""
    return [{"name": r["name"], "op": r["op"], "inputs": r["inputs"]} for r in graph_table(z)
            if r["requires_grad"] or r["op"] is not None]

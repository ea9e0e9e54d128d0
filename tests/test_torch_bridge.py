"""dlnotes beside PyTorch: the bridge's comparisons, and the clear message when PyTorch is missing."""

import os
import sys

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.torch_bridge import TorchMissing, dlnotes_graph_rows, require_torch

IN_CI = os.environ.get("CI", "").lower() == "true"


def _torch():
    try:
        return require_torch()
    except TorchMissing:
        if IN_CI:
            pytest.fail("PyTorch must be installed in CI (.ci/run installs it)", pytrace=False)
        pytest.skip("PyTorch is not installed (optional comparison)")


def test_a_missing_torch_is_one_clear_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    with pytest.raises(TorchMissing, match=r"pip install dlnotes\[torch\]") as error:
        require_torch()
    assert isinstance(error.value, ImportError)
    lines = error.value._render_traceback_()
    assert len(lines) == 1 and lines[0].startswith("TorchMissing: PyTorch is not installed")


def test_the_same_mlp_the_same_gradients_and_training():
    torch = _torch()
    from dlnotes.torch_bridge import compare_gradients, torch_mlp, train_both

    X, y = dl.datasets.digits()
    for activation in ("relu", "tanh"):
        mlp = dl.MLP([64, 16, 10], activation=activation, seed=3)
        model = torch_mlp(mlp)
        assert all(p.dtype == torch.float64 for p in model.parameters())
        loss, grads = compare_gradients(mlp, model, X[:50], y[:50])
        assert loss < 1e-12 and grads < 1e-12
        worst, losses, torch_losses = train_both(mlp, model, X, y, 0.05, 20, 16, np.random.default_rng(0))
        assert worst < 1e-12 and len(losses) == 20 and np.allclose(losses, torch_losses, rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="no PyTorch twin"):
        torch_mlp(dl.MLP([2, 2], activation="abs"))


def test_both_graphs_have_the_same_shape():
    torch = _torch()
    from dlnotes.torch_bridge import torch_graph_table

    x0 = np.array([1.0, 2.0])
    tx = torch.tensor(x0, requires_grad=True)
    torch_rows = torch_graph_table((tx * tx).sum(), {tx: "x"})
    rows = dlnotes_graph_rows(dl.sum(dl.Node(x0, name="x") * dl.Node(x0, name="x")))
    assert [r["op"] for r in torch_rows] == [None, "MulBackward0", "SumBackward0"]
    assert [r["inputs"] for r in torch_rows] == [[], ["x", "x"], ["t1"]]
    assert [r["op"] for r in rows if r["op"]] == ["mul", "sum"]


def test_the_widget_switches_expressions():
    _torch()
    from dlnotes.widgets.autograd_graphs import EXPRESSIONS, autograd_graphs_widget

    w = autograd_graphs_widget()
    image = w.image.value
    for expression in list(EXPRESSIONS)[1:]:
        w.controls["expression"].value = expression
        assert w.text.value.startswith(expression) and "in both" in w.text.value
        assert w.image.value != image
        image = w.image.value

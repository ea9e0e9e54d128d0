"""Notebook 15's deep MLPs: the residual block is h + f(h), gradients against central differences, depth's effect."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.residual_nets import DeepMLP, layer_gradient_norms
from dlnotes.widgets.residual import residual_widget

X, Y = dl.datasets.digits()


@pytest.mark.parametrize("residual", [False, True])
def test_gradients_of_every_weight_match_central_differences(residual):
    model = DeepMLP(4, 5, depth=3, num_outputs=3, residual=residual, gain=2.0, seed=2)
    X_small, y_small = np.random.default_rng(0).normal(size=(6, 4)), np.array([0, 1, 2, 0, 1, 2])
    for W in model.layer_weights():
        original = W.value.copy()
        dl.backprop(dl.cross_entropy(model(X_small), y_small))
        analytic = W.grad.copy()
        # The model reads W.value: central differences move it there.
        numeric = dl.numerical_gradient(lambda w, W=W: (setattr(W, "value", w), float(
            dl.cross_entropy(model(X_small), y_small).value))[1], original)[0]
        W.value = original
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_a_residual_block_adds_its_branch_to_its_input():
    model = DeepMLP(3, 4, depth=2, num_outputs=2, residual=True, seed=0)
    h = np.random.default_rng(1).normal(size=(5, 4))
    W, b, V, c = (model.blocks[0].f.layers[0].W.value, model.blocks[0].f.layers[0].b.value,
                  model.blocks[0].f.layers[2].W.value, model.blocks[0].f.layers[2].b.value)
    np.testing.assert_allclose(model.blocks[0](h).value, h + np.maximum(h @ W + b, 0) @ V + c)
    assert len(model.layer_weights()) == 4 and len(model.weights()) == 6


def test_the_first_layer_gradient_vanishes_with_depth_only_in_the_plain_network():
    plain = [layer_gradient_norms(DeepMLP(64, 32, d, 10, gain=1.0), X[:128], Y[:128])[0] for d in (2, 20)]
    residual = [layer_gradient_norms(DeepMLP(64, 32, d, 10, residual=True, gain=1.0), X[:128], Y[:128])[0]
                for d in (2, 20)]
    assert plain[1] < 1e-2 * plain[0]  # about (√½)^18 ≈ 2e-3 for 18 more layers
    assert 1 / 3 < residual[1] / residual[0] < 3


def test_bad_shapes_are_errors():
    with pytest.raises(ValueError, match="depth"):
        DeepMLP(4, 5, depth=-1, num_outputs=2)


def test_the_widget_switches_between_plain_and_residual():
    norms = {(d, r): np.geomspace(1, 1e-3 if not r else 0.5, d + 2) for d in (2, 4) for r in (False, True)}
    losses = {(d, r): [2.0, 1.0 if r else 2.3] for d in (2, 4) for r in (False, True)}
    w = residual_widget(norms, losses)
    image = w.image.value
    assert w.text.value.startswith("plain, 4 blocks: gradient norm at the input layer 1.0e+00 (at the output layer 1.0e-03)")
    w.controls["kind"].value = "residual"
    assert w.image.value != image and "training loss after 2 epochs 1.000" in w.text.value
    with pytest.raises(ValueError, match="plain and a residual"):
        residual_widget({}, losses)


def test_the_same_gradient_at_the_first_layer_as_pytorch():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (optional comparison)")
    model = DeepMLP(64, 16, depth=6, num_outputs=10, residual=True, gain=1.0, seed=3)
    t = {id(p): torch.tensor(p.value, requires_grad=True) for p in model.parameters()}

    def linear(h, layer):
        return h @ t[id(layer.W)] + t[id(layer.b)]

    h = torch.relu(linear(torch.tensor(X[:32]), model.input))
    for block in model.blocks:
        first, _, second = block.f.layers
        h = h + linear(torch.relu(linear(h, first)), second)
    loss = torch.nn.functional.cross_entropy(linear(h, model.output), torch.tensor(Y[:32], dtype=torch.long))
    loss.backward()
    norms = layer_gradient_norms(model, X[:32], Y[:32])
    np.testing.assert_allclose(model.input.W.grad, t[id(model.input.W)].grad.numpy(), rtol=1e-9, atol=1e-12)
    assert norms[0] == pytest.approx(float(t[id(model.input.W)].grad.norm()), rel=1e-9)

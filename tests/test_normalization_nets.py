"""Notebook 14's normalized MLP: plain it is the MLP, normalized its scale does not drift, and its rate sweep."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.normalization_nets import NormMLP, activation_scales, largest_stable_lr, training_loss
from dlnotes.widgets.normalization import normalization_widget

X, Y = dl.datasets.digits()


def test_without_normalization_it_is_the_mlp_with_the_same_seed():
    model, reference = NormMLP([64, 20, 20, 10], seed=3), dl.MLP([64, 20, 20, 10], seed=3)
    np.testing.assert_allclose(model(X[:7]).value, reference(X[:7]).value, atol=1e-12)
    np.testing.assert_array_equal(model.predict(X[:50]), reference.predict(X[:50]))


@pytest.mark.parametrize("norm", ["batch", "layer"])
def test_normalized_scales_do_not_depend_on_the_gain(norm):
    small = activation_scales(NormMLP([64] + [32] * 12 + [10], norm=norm, gain=0.5), X[:128])
    large = activation_scales(NormMLP([64] + [32] * 12 + [10], norm=norm, gain=8.0), X[:128])
    np.testing.assert_allclose(small, large, rtol=1e-3)  # only ε breaks the scale invariance
    plain = activation_scales(NormMLP([64] + [32] * 12 + [10], gain=0.5), X[:128])
    assert plain[-1] < 1e-3 * plain[0]  # each layer multiplies the second moment by gain/2 = 1/4


def test_batch_norm_layers_keep_running_statistics_and_predict_in_evaluation_mode():
    model = NormMLP([64, 16, 10], norm="batch", seed=0)
    model(X[:100])
    running = model.norms[0].running_mean.copy()
    assert not np.allclose(running, 0)
    predictions = model.predict(X[:1])  # one example: only possible on running statistics
    assert predictions.shape == (1,) and model.training
    np.testing.assert_array_equal(model.norms[0].running_mean, running)  # evaluation does not update them


def test_the_largest_stable_rate_and_divergence():
    # Inputs of 1e300 overflow the logits at once: dl.train raises TrainingDiverged, recorded as inf.
    assert training_loss(NormMLP([64, 16, 10]), X[:200] * 1e300, Y[:200], lr=0.1, epochs=2) == [np.inf, np.inf]
    assert np.isfinite(training_loss(NormMLP([64, 16, 10]), X[:200], Y[:200], lr=0.1, epochs=2)).all()
    best, runs = largest_stable_lr(lambda: NormMLP([64, 16, 10]), X[:500], Y[:500], [1e5, 0.3, 0.01],
                                   threshold=1.0, epochs=4)
    assert best == 0.3 and list(runs) == [0.01, 0.3, 1e5] and runs[1e5][-1] > 1.0 > runs[0.3][-1]


def test_bad_settings_are_errors():
    with pytest.raises(ValueError, match="norm"):
        NormMLP([4, 3], norm="group")
    with pytest.raises(ValueError, match="sizes"):
        NormMLP([4])


def test_the_widget_shows_both_networks_and_says_when_one_diverged():
    scales = {(d, n): np.linspace(1, 0.1, d) for d in (2, 4) for n in (None, "batch")}
    losses = {(d, n, lr): [2.0, 1.0] if n or lr < 1 else [np.inf, np.inf]
              for d in (2, 4) for n in (None, "batch") for lr in (0.1, 0.3, 3.0)}
    w = normalization_widget(scales, losses)
    image = w.image.value
    w.controls["lr"].value = 3.0
    assert w.image.value != image
    assert w.text.value.endswith("plain diverged, batch norm loss 1.000 after 2 epochs")
    with pytest.raises(ValueError, match="scales"):
        normalization_widget({}, losses)


def _torch_mlp(model, torch):
    """The same network in PyTorch, float64, with model's weights copied in (Linear weight is Wᵀ)."""
    modules = []
    for k, layer in enumerate(model.layers):
        linear = torch.nn.Linear(*layer.W.shape).double()
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(layer.W.value.T))
            linear.bias.copy_(torch.tensor(layer.b.value))
        modules.append(linear)
        if k < len(model.layers) - 1:
            width = layer.W.shape[1]
            if model.norm == "batch":
                modules.append(torch.nn.BatchNorm1d(width, momentum=0.1, eps=1e-5).double())
            elif model.norm == "layer":
                modules.append(torch.nn.LayerNorm(width, eps=1e-5).double())
            modules.append(torch.nn.ReLU())
    return torch.nn.Sequential(*modules)


@pytest.mark.parametrize("norm", [None, "batch", "layer"])
def test_the_same_outputs_gradients_and_running_statistics_as_pytorch(norm):
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (optional comparison)")
    model = NormMLP([64, 16, 16, 10], norm=norm, gain=1.0, seed=5)
    reference = _torch_mlp(model, torch).train()
    X_batch, y_batch = X[:40], Y[:40].astype(np.intp)
    J = dl.cross_entropy(model(X_batch), y_batch)
    dl.backprop(J)
    logits = reference(torch.tensor(X_batch))
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(y_batch, dtype=torch.long))
    loss.backward()
    assert float(J.value) == pytest.approx(loss.item(), rel=1e-12)
    linears = [m for m in reference if isinstance(m, torch.nn.Linear)]
    for layer, linear in zip(model.layers, linears):
        np.testing.assert_allclose(layer.W.grad, linear.weight.grad.numpy().T, rtol=1e-9, atol=1e-12)
    if norm == "batch":
        norms = [m for m in reference if isinstance(m, torch.nn.BatchNorm1d)]
        for ours, theirs in zip(model.norms, norms):
            np.testing.assert_allclose(ours.running_mean, theirs.running_mean.numpy(), atol=1e-12)
            np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), atol=1e-12)
        model.eval()
        reference.eval()
        np.testing.assert_allclose(model(X[40:45]).value, reference(torch.tensor(X[40:45])).detach().numpy(),
                                   atol=1e-10)

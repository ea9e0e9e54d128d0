"""LoRA over a pretrained MLP: the start, the merge, the frozen base, against a PyTorch LoRA layer; the widget."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.lora import LoRAMLP, copy_mlp, count_parameters, effective_rank, update_singular_values
from dlnotes.widgets.lora import lora_rank_widget

X, Y = dl.datasets.digits()


@pytest.fixture(scope="module")
def pretrained():
    model = dl.MLP([64, 16, 10], seed=0)
    dl.train(model, X[:300], Y[:300], lr=0.1, epochs=2, progress=False)
    return model


def test_copy_is_independent(pretrained):
    clone = copy_mlp(pretrained)
    np.testing.assert_array_equal(clone(X[:5]).value, pretrained(X[:5]).value)
    clone.layers[0].W.value += 1
    assert not np.allclose(clone(X[:5]).value, pretrained(X[:5]).value)


def test_lora_starts_as_the_base_trains_only_a_and_b_and_merges(pretrained):
    before = [p.value.copy() for p in pretrained.parameters()]
    model = LoRAMLP(pretrained, r=2, seed=1)
    np.testing.assert_array_equal(model(X[:20]).value, pretrained(X[:20]).value)
    assert count_parameters(model) == 2 * (64 + 16) + 2 * (16 + 10)
    dl.train(model, X[300:500], Y[300:500], lr=0.1, epochs=2, progress=False)
    for p, value in zip(pretrained.parameters(), before):  # the pretrained network is untouched
        np.testing.assert_array_equal(p.value, value)
    outputs = model(X[:20]).value
    assert not np.allclose(outputs, pretrained(X[:20]).value)
    np.testing.assert_allclose(model.merge()(X[:20]).value, outputs, atol=1e-12)
    np.testing.assert_allclose(model.unmerge()(X[:20]).value, outputs, atol=1e-12)


def test_the_adapted_layer_matches_a_pytorch_lora_layer(pretrained):
    torch = pytest.importorskip("torch")
    model = LoRAMLP(pretrained, r=3, alpha=6.0, seed=2)
    for layer in model.layers:  # a non-zero update to compare
        layer.B.value = np.random.default_rng(3).normal(size=layer.B.shape)
    h = torch.tensor(X[:7])
    for k, layer in enumerate(model.layers):
        W0, b0 = torch.tensor(layer.base.W.value), torch.tensor(layer.base.b.value)
        A, B = torch.tensor(layer.A.value), torch.tensor(layer.B.value)
        h = h @ W0 + b0 + (6.0 / 3) * (h @ A) @ B
        if k < len(model.layers) - 1:
            h = torch.relu(h)
    np.testing.assert_allclose(model(X[:7]).value, h.numpy(), atol=1e-10)


def test_singular_values_and_effective_rank():
    rng = np.random.default_rng(4)
    W0 = rng.normal(size=(20, 12))
    delta = rng.normal(size=(20, 2)) @ rng.normal(size=(2, 12))
    s = update_singular_values(W0, W0 + delta)
    assert s.shape == (12,) and s[2] < 1e-10 * s[0]
    assert effective_rank(s, 0.999) <= 2 and effective_rank(np.ones(5), 0.9) == 5
    with pytest.raises(ValueError, match="non-zero update"):
        effective_rank(np.zeros(3))


def test_the_widget_moves_with_the_rank(pretrained):
    runs, fractions = {}, {}
    for r in (1, 2):
        model = LoRAMLP(pretrained, r=r)
        runs[r] = dl.train(model, X[300:400], Y[300:400], epochs=2, X_eval=X[400:500], y_eval=Y[400:500],
                           progress=False)
        fractions[r] = 100 * count_parameters(model) / count_parameters(pretrained)
    full = dl.train(copy_mlp(pretrained), X[300:400], Y[300:400], epochs=2, X_eval=X[400:500],
                    y_eval=Y[400:500], progress=False)
    w = lora_rank_widget(runs, full, np.array([3.0, 2.0, 0.5, 0.1]), fractions)
    assert f"validation accuracy {runs[1].eval_accuracy[-1]:.3f}" in w.text.value
    best = int(np.argmax(runs[1].eval_accuracy))
    assert f"best {runs[1].eval_accuracy[best]:.3f} at epoch {best + 1}" in w.text.value
    before_image, before_text = w.image.value, w.text.value
    w.controls["r"].value = 2
    assert w.image.value != before_image and w.text.value != before_text

"""Attention weights against PyTorch, path lengths, permutation equivariance, the reversal task, the widget."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.transformer import (SequenceTransformer, attention_cost, attention_weights, path_length,
                                 reversal_task, sequence_accuracy, train_sequence_model)
from dlnotes.widgets.attention import attention_map_widget


def test_attention_weights_match_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    Q, K, V = rng.normal(size=(2, 5, 8)), rng.normal(size=(2, 7, 8)), rng.normal(size=(2, 7, 3))
    reference = torch.nn.functional.scaled_dot_product_attention(torch.tensor(Q), torch.tensor(K), torch.tensor(V))
    np.testing.assert_allclose(attention_weights(Q, K) @ V, reference.numpy(), atol=1e-12)


def test_attention_weights_are_stable_and_sum_to_one():
    P = attention_weights(np.array([[1000.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert np.all(np.isfinite(P)) and np.allclose(P.sum(axis=-1), 1) and P[0, 0] == pytest.approx(1.0)


@pytest.mark.parametrize("distance", [1, 3, 10, 25])
def test_path_lengths(distance):
    assert path_length(distance, "recurrent") == distance
    assert path_length(distance, "convolutional", kernel_size=3) == distance
    assert path_length(distance, "convolutional", kernel_size=7) == int(np.ceil(distance / 3))
    assert path_length(distance, "attention") == 1
    with pytest.raises(ValueError, match="unknown kind"):
        path_length(distance, "lstm")


def test_attention_cost_is_quadratic():
    assert attention_cost(20, 8) == 2 * 400 * 8 and attention_cost(40, 8) == 4 * attention_cost(20, 8)


def test_without_positions_the_model_is_permutation_equivariant():
    rng = np.random.default_rng(3)
    model = SequenceTransformer(5, 7, num_hiddens=8, num_heads=2, ffn_num_hiddens=16, num_blocks=2,
                                positional=False, seed=1)
    tokens = rng.integers(0, 5, size=(4, 7)).astype(np.intp)
    perm = rng.permutation(7)
    np.testing.assert_allclose(model(tokens[:, perm]).value, model(tokens).value[:, perm], atol=1e-12)
    with_positions = SequenceTransformer(5, 7, num_hiddens=8, num_heads=2, ffn_num_hiddens=16, seed=1)
    assert not np.allclose(with_positions(tokens[:, perm]).value, with_positions(tokens).value[:, perm])
    maps = with_positions.attention_maps(tokens, block=0)
    assert maps.shape == (4, 2, 7, 7) and np.allclose(maps.sum(axis=-1), 1)


def test_the_reversal_is_learned_with_positions():
    rng = np.random.default_rng(1)
    X, y = reversal_task(600, 4, 5, rng)
    np.testing.assert_array_equal(y[:, 0], X[:, -1])
    X_test, y_test = reversal_task(200, 4, 5, rng)
    model = SequenceTransformer(5, 4, num_hiddens=16, num_heads=2, ffn_num_hiddens=32, seed=0)
    losses = train_sequence_model(model, X, y, lr=0.1, epochs=6)
    assert losses[-1] < losses[0] / 3
    assert sequence_accuracy(model, X_test, y_test) > 0.9


def test_the_widget_shows_each_head():
    rng = np.random.default_rng(2)
    tokens = rng.integers(0, 5, size=(3, 4))
    maps = rng.dirichlet(np.ones(4), size=(3, 2, 4))
    w = attention_map_widget(tokens, maps, tokens[:, ::-1])
    assert f"input {' '.join(map(str, tokens[0]))}" in w.text.value
    for name, value in (("head", 1), ("sequence", 2)):
        before_image, before_text = w.image.value, w.text.value
        w.controls[name].value = value
        assert w.image.value != before_image and w.text.value != before_text

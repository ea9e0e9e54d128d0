"""dlnotes.representations: PCA by the SVD, the linear probe, snapshots."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.representations import (dead_units_per_layer, linear_probe, linear_probe_accuracy, pca,
                                     probe_view, representations, set_parameters,
                                     train_with_snapshots)


def test_pca_matches_the_eigenvectors_of_the_covariance():
    rng = np.random.default_rng(0)
    H = rng.normal(size=(50, 5)) @ rng.normal(size=(5, 5)) + 3.0
    Z, ratio = pca(H, k=3)
    eigenvalues, eigenvectors = np.linalg.eigh(np.cov(H, rowvar=False, bias=True))
    eigenvalues, eigenvectors = eigenvalues[::-1], eigenvectors[:, ::-1]
    assert Z.shape == (50, 3)
    assert np.allclose(ratio, eigenvalues[:3] / eigenvalues.sum())
    assert np.allclose(np.abs(Z), np.abs((H - H.mean(axis=0)) @ eigenvectors[:, :3]))
    assert np.allclose(Z.mean(axis=0), 0)
    assert np.allclose(np.cov(Z, rowvar=False, bias=True), np.diag(eigenvalues[:3]))


def test_pca_is_reproducible_and_keeps_everything_at_full_rank():
    rng = np.random.default_rng(1)
    H = rng.normal(size=(20, 2))
    Z, ratio = pca(H, k=2)
    assert np.isclose(ratio.sum(), 1.0)
    assert np.allclose(pca(-H)[0] ** 2, Z ** 2)  # the same up to the sign convention
    assert np.array_equal(pca(H)[0], Z)


def test_pca_of_a_constant_layer_has_zero_ratios_not_nan():
    Z, ratio = pca(np.ones((10, 4)))
    assert np.all(Z == 0) and np.all(ratio == 0)


@pytest.mark.parametrize("H, k, match", [
    (np.zeros(5), 1, "shape"),
    (np.zeros((1, 3)), 1, "N ≥ 2"),
    (np.array([[0.0, np.nan], [1.0, 2.0]]), 1, "non-finite"),
    (np.zeros((5, 3)), 4, "k must"),
    (np.zeros((5, 3)), 0, "k must"),
])
def test_pca_rejects_bad_input(H, k, match):
    with pytest.raises(ValueError, match=match):
        pca(H, k=k)


def test_probe_separates_what_a_line_separates_and_not_xor():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    assert linear_probe_accuracy(X, (X @ [1.0, -2.0] > 0.3).astype(int)) >= 0.98
    X_xor, y_xor = dl.datasets.xor(n=200, noise=0.1, seed=0)
    assert linear_probe_accuracy(X_xor, y_xor) < 0.75
    # Adding the feature x1·x2 makes XOR linearly separable.
    lifted = np.column_stack([X_xor, X_xor[:, 0] * X_xor[:, 1]])
    assert linear_probe_accuracy(lifted, y_xor) == 1.0


def test_probe_is_unchanged_by_an_invertible_linear_map():
    X, y = dl.datasets.moons(n=100, seed=0)
    A = np.array([[3.0, 1.0], [0.5, -2.0]])
    assert linear_probe_accuracy(X, y) == pytest.approx(linear_probe_accuracy(X @ A + 7, y))


def test_probe_of_a_constant_layer_predicts_one_class():
    y = np.array([0, 0, 0, 1])
    assert linear_probe_accuracy(np.zeros((4, 3)), y) == 0.75


@pytest.mark.parametrize("y, match", [
    (np.array([0.0, 1.0, 0.0]), "integer"),
    (np.array([0, 1]), "shape"),
    (np.array([0, -1, 1]), "≥ 0"),
])
def test_probe_rejects_bad_labels(y, match):
    with pytest.raises(ValueError, match=match):
        linear_probe_accuracy(np.zeros((3, 2)), y)


def test_the_probe_returns_weights_in_the_coordinates_of_h():
    rng = np.random.default_rng(3)
    # Rank-deficient (a 5-D layer spanning 3 dimensions), shifted away from the origin.
    H = rng.normal(size=(120, 3)) @ rng.normal(size=(3, 5)) + 4.0
    y = (H @ rng.normal(size=5) > np.median(H @ rng.normal(size=5))).astype(int)
    probe = linear_probe(H, y)
    assert probe.W.shape == (5, 2) and probe.b.shape == (2,)
    assert probe.accuracy == linear_probe_accuracy(H, y)
    assert probe.accuracy == np.mean(probe.predict(H) == y)
    # The weights live in the subspace H spans: moving along its null space changes no logit.
    null = np.linalg.svd(H - H.mean(axis=0))[2][3:]
    assert np.allclose(probe.W.T @ null.T, 0, atol=1e-8)
    assert np.allclose(probe.logits(H + null[0]), probe.logits(H))


def test_the_probe_direction_separates_a_separable_layer():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = (X @ [1.0, -2.0] > 0.3).astype(int)
    probe = linear_probe(X, y)
    assert probe.accuracy >= 0.98
    w = probe.W[:, 1] - probe.W[:, 0]
    cosine = w @ [1.0, -2.0] / (np.linalg.norm(w) * np.sqrt(5.0))
    assert cosine > 0.95  # it found the true boundary's normal


def test_probe_view_is_the_signed_distance_to_the_boundary_and_the_rest():
    rng = np.random.default_rng(1)
    H = rng.normal(size=(80, 4)) * [1.0, 3.0, 0.5, 2.0]
    y = (H[:, 0] + 0.5 * H[:, 2] > 0).astype(int)
    probe = linear_probe(H, y)
    Z = probe_view(H, probe)
    assert Z.shape == (80, 2)
    z = probe.logits(H)
    w = probe.W[:, 1] - probe.W[:, 0]
    assert np.allclose(Z[:, 0], (z[:, 1] - z[:, 0]) / np.linalg.norm(w))
    assert np.mean((Z[:, 0] > 0) == y) == probe.accuracy
    # The second coordinate is a direction orthogonal to w: moving along w leaves it unchanged.
    assert np.allclose(probe_view(H + 5 * w, probe)[:, 1], Z[:, 1])
    assert np.isclose(np.var(Z[:, 1]), pca(H - np.outer(H @ w, w) / (w @ w), k=1)[0].var())


def test_probe_view_needs_two_classes_and_matching_features():
    X, y = dl.datasets.blobs(n=60, centers=3, seed=0)
    with pytest.raises(ValueError, match="two-class"):
        probe_view(X, linear_probe(X, y))
    X2, y2 = dl.datasets.moons(n=40, seed=0)
    with pytest.raises(ValueError, match="features"):
        probe_view(np.ones((40, 3)), linear_probe(X2, y2))


def test_dead_units_per_layer_counts_the_units_silent_on_every_example():
    model = dl.MLP([3, 4, 5, 2], seed=0)
    X = np.random.default_rng(0).uniform(0.5, 1.0, size=(30, 3))  # positive inputs
    for layer in model.layers:
        layer.W.value = np.abs(layer.W.value)  # positive weights: every unit fires on every input
    assert dead_units_per_layer(model, X) == [0, 0]
    model.layers[0].b.value[:] = [-100.0, 0.0, -100.0, 0.0]   # two units of layer 1 never fire
    model.layers[1].b.value[:] = [0.0, 0.0, 0.0, 0.0, -100.0]  # one of layer 2
    assert dead_units_per_layer(model, X) == [2, 1]
    assert dead_units_per_layer(model, X[:1]) == [2, 1]
    model.layers[0].b.value[:] = -100.0  # the whole first layer; layer 2 then sees only its biases
    assert dead_units_per_layer(model, X) == [4, 5]


def test_representations_lists_the_input_and_every_layer():
    model = dl.MLP([2, 5, 4, 3], seed=0)
    X = np.ones((6, 2))
    reps = representations(model, X)
    assert [r.shape for r in reps] == [(6, 2), (6, 5), (6, 4), (6, 3)]
    assert np.array_equal(reps[-1], model(X).value)


def test_snapshots_restore_the_network_of_that_epoch():
    X, y = dl.datasets.moons(n=60, seed=0)
    model = dl.MLP([2, 8, 2], seed=0)
    initial = [p.value.copy() for p in model.parameters()]
    snapshots, epoch_loss = train_with_snapshots(model, X, y, 4, [0, 2, 4], lr=0.2,
                                                 batch_size=10)
    assert sorted(snapshots) == [0, 2, 4] and len(epoch_loss) == 4
    assert all(np.array_equal(a, b) for a, b in zip(snapshots[0], initial))
    assert all(np.array_equal(a, p.value) for a, p in zip(snapshots[4], model.parameters()))
    # Epochs 3 and 4 again, from the epoch-2 snapshot, give the same network.
    again = set_parameters(dl.MLP([2, 8, 2], seed=5), snapshots[2])
    for epoch in (2, 3):
        dl.train(again, X, y, lr=0.2, epochs=1, batch_size=10, seed=epoch, progress=False)
    assert all(np.array_equal(a, p.value) for a, p in zip(snapshots[4], again.parameters()))


def test_snapshot_epochs_must_lie_in_the_run():
    X, y = dl.datasets.moons(n=20, seed=0)
    with pytest.raises(ValueError, match="snapshot epochs"):
        train_with_snapshots(dl.MLP([2, 3, 2]), X, y, 3, [0, 5])


def test_set_parameters_checks_count_and_shapes():
    model = dl.MLP([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match="parameters"):
        set_parameters(model, [np.zeros((2, 3))])
    with pytest.raises(ValueError, match="shape"):
        set_parameters(model, [np.zeros((3, 2)), np.zeros(3), np.zeros((3, 2)), np.zeros(2)])

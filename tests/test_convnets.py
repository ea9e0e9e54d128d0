"""Convolution three ways (im2col, the loop, the tied dense matrix), against PyTorch; equivariance; the CNN; the widget."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.convnets import (KERNELS, DigitsCNN, conv2d_loop, conv_as_dense, count_parameters, learn_kernel,
                              shift)
from dlnotes.widgets.convnets import feature_map_widget


@pytest.mark.parametrize("shape, kernel", [((2, 3, 6, 7), (4, 3, 3, 3)), ((1, 1, 5, 5), (2, 1, 5, 5)),
                                           ((3, 2, 4, 6), (1, 2, 1, 2))])
def test_loop_dense_and_im2col_agree_with_pytorch(shape, kernel):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x, W, b = rng.normal(size=shape), rng.normal(size=kernel), rng.normal(size=kernel[0])
    reference = torch.nn.functional.conv2d(torch.tensor(x), torch.tensor(W), torch.tensor(b)).numpy()
    dense = (x.reshape(len(x), -1) @ conv_as_dense(W, shape[1:])).reshape(reference.shape) + b[:, None, None]
    for Z in (conv2d_loop(x, W, b), dense, dl.conv2d(x, W, b).value):
        np.testing.assert_allclose(Z, reference, atol=1e-12)


def test_the_dense_matrix_is_local_and_tied():
    W = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    M = conv_as_dense(W, (1, 5, 5))
    assert M.shape == (25, 9)
    assert (np.count_nonzero(M, axis=0) == 9).all()             # each unit sees one 3×3 window
    assert sorted(M[:, 0][M[:, 0] != 0]) == list(range(1, 10))  # ... weighted by the kernel
    # Unit (0, 1) is unit (0, 0) moved one pixel right: the same weights, one row down.
    np.testing.assert_array_equal(M[1:, 1], M[:-1, 0])


def test_shift_and_equivariance():
    x = np.zeros((1, 1, 10, 10))
    x[0, 0, 3:6, 2:7] = np.random.default_rng(1).random((3, 5))
    moved = shift(x, 2, -1)
    np.testing.assert_array_equal(moved[0, 0, 5:8, 1:6], x[0, 0, 3:6, 2:7])
    assert moved.sum() == pytest.approx(x.sum())
    W = np.stack(list(KERNELS.values()))[:, None]
    np.testing.assert_allclose(dl.conv2d(moved, W).value, shift(dl.conv2d(x, W).value, 2, -1), atol=1e-12)
    with pytest.raises(ValueError, match="out of"):
        shift(x, 10, 0)


def test_bad_shapes_are_named():
    with pytest.raises(ValueError, match="same C"):
        conv2d_loop(np.zeros((1, 2, 5, 5)), np.zeros((1, 3, 3, 3)))
    with pytest.raises(ValueError, match="does not fit"):
        conv_as_dense(np.zeros((1, 1, 4, 4)), (1, 3, 3))


def test_learn_kernel_recovers_a_laplacian():
    rng = np.random.default_rng(2)
    images = rng.normal(size=(30, 7, 7))
    laplacian = KERNELS["outline (Laplacian)"]
    targets = dl.conv2d(images[:, None], laplacian[None, None]).value[:, 0]
    learned, losses = learn_kernel(images, targets, lr=0.2, steps=150)
    np.testing.assert_allclose(learned, laplacian, atol=1e-6)
    assert losses[-1] < 1e-10 < losses[0]


def test_the_cnn_counts_and_learns():
    cnn = DigitsCNN(channels=4, seed=0)
    assert count_parameters(cnn) == 4 * 9 + 4 + 4 * 16 * 10 + 10
    X, y = dl.datasets.digits()
    assert cnn(X[:5]).shape == (5, 10) and cnn.feature_maps(X[:5]).shape == (5, 4, 8, 8)
    before = dl.accuracy(cnn, X[1000:1300], y[1000:1300])
    dl.train(cnn, X[:600], y[:600], lr=0.2, epochs=3, batch_size=32, progress=False)
    assert dl.accuracy(cnn, X[1000:1300], y[1000:1300]) > max(0.7, before + 0.3)


def test_the_widget_shows_the_feature_map():
    X, y = dl.datasets.digits()
    w = feature_map_widget(X[:5].reshape(-1, 8, 8), y[:5], KERNELS)
    Z = dl.conv2d(X[0].reshape(1, 1, 8, 8), KERNELS["vertical edges (Sobel x)"][None, None], padding=1).value
    assert f"from {Z.min():.2f} to {Z.max():.2f}" in w.text.value
    for name, value in (("example", 3), ("kernel", "blur (box)")):
        before_image, before_text = w.image.value, w.text.value
        w.controls[name].value = value
        assert w.image.value != before_image and w.text.value != before_text

"""Convolutional networks (LeCun et al. 1998): a locally connected layer with shared weights.

A convolution layer (a cross-correlation, as in every deep-learning library)
computes, for an image x (C, H, W) and a kernel W (F, C, k, k),

    Z[f, i, j] = b[f] + Σ_{c,u,v} x[c, i + u, j + v] W[f, c, u, v].

Every output unit sees only a k×k window (local connectivity), and every
unit of a feature map uses the same k·k·C weights (weight sharing). So the
layer is a dense layer z = x_flat M + b whose (C·H·W, F·Ho·Wo) matrix M is
mostly zeros, with each kernel entry repeated along a diagonal of M: about
H·W times fewer free parameters than a dense layer of the same shape. Because
the weights are shared, shifting the input shifts the feature map
(translation equivariance): conv(shift(x)) = shift(conv(x)) away from the
borders.

This module holds the teaching forms (:func:`conv2d_loop`, the naive loop;
:func:`conv_as_dense`, the tied dense matrix), :func:`shift`, a small CNN for the
8×8 digits, and :func:`learn_kernel`, which recovers a kernel from its outputs.
The fast convolution is :func:`dlnotes.conv2d` (im2col: one matrix product).
"""

import numpy as np

from dlnotes import functions as F
from dlnotes.checks import check_count, check_finite, check_learning_rate, check_model_input
from dlnotes.graph import Node, backprop
from dlnotes.losses import mse
from dlnotes.nn.base import Layer, count_parameters
from dlnotes.nn.containers import Flatten, Sequential
from dlnotes.nn.conv import Conv2d, MaxPool2d
from dlnotes.nn.mlp import Linear
from dlnotes.optim import SGD

__all__ = ["conv2d_loop", "conv_as_dense", "shift", "count_parameters", "DigitsCNN", "learn_kernel",
           "KERNELS"]

#: Classic hand-made 3×3 kernels (cross-correlation orientation): edge detectors and a blur.
KERNELS = {
    "vertical edges (Sobel x)": np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]),
    "horizontal edges (Sobel y)": np.array([[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]]),
    "blur (box)": np.full((3, 3), 1.0 / 9.0),
    "outline (Laplacian)": np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]),
}


def _check_images(x, W):
    x, W = check_finite(x, "conv2d_loop: x"), check_finite(W, "conv2d_loop: W")
    if x.ndim != 4 or W.ndim != 4 or x.shape[1] != W.shape[1]:
        raise ValueError(f"need x (N, C, H, W) and a kernel (F, C, k, k) with the same C, got shapes "
                         f"{x.shape} and {W.shape}")
    return x, W


def conv2d_loop(x, W, b=None):
    """Z[n, f, i, j] = b[f] + Σ_{c,u,v} x[n, c, i + u, j + v] W[f, c, u, v], by explicit loops.

    Stride 1, no padding: the definition written out, one output unit at a
    time, to check the im2col convolution against. Slow on purpose.
    """
    x, W = _check_images(x, W)
    N, C, H, Wd = x.shape
    F_, _, kh, kw = W.shape
    if b is not None:
        b = check_finite(b, "conv2d_loop: b")
        if b.shape != (F_,):
            raise ValueError(f"conv2d_loop: b has shape {b.shape}, expected ({F_},), one bias per filter")
    Ho, Wo = H - kh + 1, Wd - kw + 1
    if Ho < 1 or Wo < 1:
        raise ValueError(f"a {kh}×{kw} kernel does not fit into a {H}×{Wd} image")
    Z = np.zeros((N, F_, Ho, Wo))
    for n in range(N):
        for f in range(F_):
            for i in range(Ho):
                for j in range(Wo):
                    # one unit: a dot product between its window and the shared kernel
                    Z[n, f, i, j] = np.sum(x[n, :, i:i + kh, j:j + kw] * W[f])
            if b is not None:
                Z[n, f] += b[f]
    return Z


def conv_as_dense(W, image_shape):
    """The (C·H·W, F·Ho·Wo) matrix M with conv2d(x, W) = x_flat M, reshaped (stride 1, no padding).

    Column (f, i, j) of M holds kernel f at the rows of its window's pixels
    (c, i + u, j + v) and zeros elsewhere: M is locally connected, and each
    kernel entry W[f, c, u, v] appears Ho·Wo times, along a diagonal (tied weights).
    """
    W = check_finite(W, "conv_as_dense: W")
    if W.ndim != 4:
        raise ValueError(f"conv_as_dense: W must have shape (F, C, kh, kw), got shape {W.shape}")
    if isinstance(image_shape, (str, bytes)) or not hasattr(image_shape, "__len__") or len(image_shape) != 3:
        raise TypeError(f"conv_as_dense: image_shape must be (C, H, W), got {image_shape!r}")
    C, H, Wd = (check_count(n, "conv_as_dense: image_shape") for n in image_shape)
    F_, C_w, kh, kw = W.shape
    if C_w != C:
        raise ValueError(f"the kernel has {C_w} channels but the image has {C}")
    Ho, Wo = H - kh + 1, Wd - kw + 1
    if Ho < 1 or Wo < 1:
        raise ValueError(f"a {kh}×{kw} kernel does not fit into a {H}×{Wd} image")
    M = np.zeros((C, H, Wd, F_, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            # the window of output (·, i, j): every filter's weights sit there
            M[:, i:i + kh, j:j + kw, :, i, j] = W.transpose(1, 2, 3, 0)
    return M.reshape(C * H * Wd, F_ * Ho * Wo)


def shift(images, dy, dx):
    """Move the content of images (..., H, W) down by dy and right by dx pixels, filling with zeros."""
    images = check_finite(images, "shift: images")
    if images.ndim < 2:
        raise ValueError(f"shift: images must have shape (..., H, W), got shape {images.shape}")
    dy = check_count(dy, "shift: dy", minimum=-images.shape[-2])
    dx = check_count(dx, "shift: dx", minimum=-images.shape[-1])
    H, Wd = images.shape[-2:]
    if abs(dy) >= H or abs(dx) >= Wd:
        raise ValueError(f"a shift of ({dy}, {dx}) moves everything out of a {H}×{Wd} image")
    out = np.zeros_like(images)
    src_y = slice(max(0, -dy), H - max(0, dy))
    dst_y = slice(max(0, dy), H - max(0, -dy))
    src_x = slice(max(0, -dx), Wd - max(0, dx))
    dst_x = slice(max(0, dx), Wd - max(0, -dx))
    out[..., dst_y, dst_x] = images[..., src_y, src_x]
    return out


class DigitsCNN(Layer):
    """A small CNN for 8×8 images given as rows of 64 pixels, LeNet's pattern at the smallest scale:

        conv 3×3 (1 → ``channels`` feature maps, padding 1) → ReLU → max-pool 2 → (channels, 4, 4)
        → linear → ``classes`` logits.

    ``predict(X)`` gives the most likely class, like :class:`dlnotes.MLP`.
    """

    def __init__(self, channels=8, classes=10, seed=0):
        rng = np.random.default_rng(seed)
        self.features = Sequential(Conv2d(1, channels, 3, rng, padding=1, name="1"), F.relu, MaxPool2d(2))
        self.head = Sequential(Flatten(), Linear(channels * 4 * 4, classes, rng, gain=1.0, name="2"))

    def feature_maps(self, X):
        """The first layer's feature maps after the ReLU, (N, c₁, 8, 8)."""
        x = F.reshape(Node(check_model_input(X, "the DigitsCNN input X", 64), requires_grad=False), (-1, 1, 8, 8))
        return F.relu(self.features[0](x)).value

    def __call__(self, X):
        X = check_model_input(X, "the DigitsCNN input X", 64)  # rows of 64 pixels, not any multiple of 64
        x = X if isinstance(X, Node) else Node(X, requires_grad=False)
        return self.head(self.features(F.reshape(x, (-1, 1, 8, 8))))

    def predict(self, X):
        return np.argmax(self(X).value, axis=1)

    def sublayers(self):
        return [self.features, self.head]


def learn_kernel(X, targets, size=3, lr=0.05, steps=300, seed=0):
    """Fit one size×size kernel w to (images X (N, H, W), feature maps targets) by gradient descent on

        J(w) = mean (conv2d(X, w) − targets)²,

    from a small random start. Returns the kernel (size, size) and the loss of every step.
    """
    X, targets = check_finite(X, "learn_kernel: X"), check_finite(targets, "learn_kernel: targets")
    size = check_count(size, "learn_kernel: size")
    steps = check_count(steps, "learn_kernel: steps")
    lr = check_learning_rate(lr)
    if X.ndim != 3 or len(X) == 0:
        raise ValueError(f"learn_kernel: X must be images of shape (N, H, W) with N ≥ 1, got shape {X.shape}")
    expected = (len(X), X.shape[1] - size + 1, X.shape[2] - size + 1)
    if targets.shape != expected:
        raise ValueError(f"learn_kernel: targets must be the feature maps of a {size}×{size} kernel, shape "
                         f"{expected}, got {targets.shape}")
    X, targets = X[:, np.newaxis], targets[:, np.newaxis]
    rng = np.random.default_rng(seed)
    w = Node(0.1 * rng.normal(size=(1, 1, size, size)), name="w")
    optimizer = SGD([w], lr)
    losses = []
    for _ in range(steps):
        J = mse(F.conv2d(X, w), targets)
        backprop(J)
        optimizer.step()
        losses.append(float(J.value))
    return w.value[0, 0], np.array(losses)

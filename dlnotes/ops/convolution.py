"""Convolution and pooling over images of shape (N, C, H, W), PyTorch's layout.

Both gather every window of the (padded) input at once with
``numpy.lib.stride_tricks.sliding_window_view`` (a view, no copy): the
convolution then is one matrix product (im2col), the pooling one argmax.
No Python loop runs over examples or pixels; the backprops loop only over the
kh·kw offsets inside a window, adding each offset's gradient slab at once.
"""

import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from dlnotes.ops.base import Op

__all__ = ["Conv2d", "MaxPool2d", "output_size"]


def _check_int(value, what, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{what} must be an integer ≥ {low}, got {value!r}")
    return int(value)


def output_size(size, kernel, stride, padding):
    """⌊(size + 2·padding − kernel) / stride⌋ + 1: the output length along one axis."""
    return (size + 2 * padding - kernel) // stride + 1


class Conv2d(Op):
    """Z[n, f, i, j] = b[f] + Σ_{c, u, v} X[n, c, s·i + u, s·j + v] · W[f, c, u, v].

    A cross-correlation, like ``torch.nn.functional.conv2d``: x (N, C, H, W)
    zero-padded by ``padding`` on each side, W (F, C, kh, kw), b (F,), stride s.
    As a matrix product: every window, flattened, is a row of ``cols``
    (N·Ho·Wo, kh·kw·C), and Z = cols @ W_flatᵀ + b. Hence

        ∂L/∂W = G_flatᵀ @ cols,   ∂L/∂b = Σ G over (n, i, j),
        ∂L/∂X = the rows of G_flat @ W_flat added back into the windows they came from.

    The matrices are laid out (n, i, j | u, v, c), channels last, so that
    copying a window into its row reads runs of C contiguous numbers.
    """
    name = "conv2d"

    def __init__(self, stride=1, padding=0):
        self.stride = _check_int(stride, "conv2d: stride", 1)
        self.padding = _check_int(padding, "conv2d: padding", 0)
        self.cols = None   # the im2col matrix, kept for ∂L/∂W; freed with the graph
        self._G = self._G_flat = self._dWb = None

    def forward(self, x, W, b=None):
        if x.ndim != 4:
            raise ValueError(f"conv2d: x must have shape (N, C, H, W), got shape {x.shape}")
        if W.ndim != 4:
            raise ValueError(f"conv2d: W must have shape (F, C, kh, kw), got shape {W.shape}")
        if x.shape[1] != W.shape[1]:
            raise ValueError(f"conv2d: x of shape {x.shape} has {x.shape[1]} channels but W of "
                             f"shape {W.shape} expects {W.shape[1]}")
        if b is not None and b.shape != (W.shape[0],):
            raise ValueError(f"conv2d: b has shape {b.shape}, expected ({W.shape[0]},)")
        N, C, H, Wd = x.shape
        F, _, kh, kw = W.shape
        s, p = self.stride, self.padding
        Ho, Wo = output_size(H, kh, s, p), output_size(Wd, kw, s, p)
        if Ho < 1 or Wo < 1:
            raise ValueError(f"conv2d: a {kh}×{kw} kernel does not fit into a {H}×{Wd} image "
                             f"padded by {p}")
        # Work in (N, H, W, C) order: a window's entries (u, v, c) then sit in
        # runs of C contiguous numbers, and the copy into cols streams.
        xp = np.zeros((N, H + 2 * p, Wd + 2 * p, C), dtype=np.result_type(x, W))
        xp[:, p:p + H, p:p + Wd, :] = x.transpose(0, 2, 3, 1)
        windows = sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::s, ::s][:, :Ho, :Wo]
        # Rows (n, i, j), columns (u, v, c), and a last column of ones when there
        # is a bias: then Z = cols @ [W_flat | b]ᵀ adds b inside the product, and
        # ∂L/∂[W_flat | b] = G_flatᵀ @ cols gives ∂L/∂b with ∂L/∂W.
        K = kh * kw * C
        rows = np.empty((N, Ho, Wo, K + (b is not None)), dtype=xp.dtype)
        rows[..., :K].reshape(N, Ho, Wo, kh, kw, C)[...] = windows.transpose(0, 1, 2, 4, 5, 3)
        W_flat = self._W_flat(W)
        if b is not None:
            rows[..., K] = 1.0
            W_flat = np.concatenate([W_flat, b[:, np.newaxis]], axis=1)
        self.cols = rows.reshape(N * Ho * Wo, rows.shape[-1])  # explicit: −1 is ambiguous for N = 0
        self._dWb = None
        Z = self.cols @ W_flat.T
        # Rows are (n, i, j): a (N, Ho, Wo, F) array, shown as (N, F, Ho, Wo) without a copy.
        return Z.reshape(N, Ho, Wo, F).transpose(0, 3, 1, 2)

    @staticmethod
    def _W_flat(W):
        """W (F, C, kh, kw) as (F, kh·kw·C), its columns in the order of the columns of cols."""
        return W.transpose(0, 2, 3, 1).reshape(W.shape[0], W.shape[1] * W.shape[2] * W.shape[3])

    def _flat(self, G):
        """G (N, F, Ho, Wo) as (N·Ho·Wo, F), computed once for all three inputs."""
        if G is not self._G:
            self._G, self._G_flat = G, G.transpose(0, 2, 3, 1).reshape(-1, G.shape[1])
        return self._G_flat

    def backprop(self, inputs, output, i, G):
        W = inputs[1]
        F, C, kh, kw = W.shape
        G_flat = self._flat(G)
        if i > 0:  # ∂L/∂[W_flat | b], once for W and b
            if self._dWb is None or self._dWb[0] is not G:
                self._dWb = (G, G_flat.T @ self.cols)
            dWb = self._dWb[1]
            if i == 2:
                return dWb[:, -1]
            return dWb[:, :kh * kw * C].reshape(F, kh, kw, C).transpose(0, 3, 1, 2)
        x = inputs[0]
        N, _, H, Wd = x.shape
        s, p = self.stride, self.padding
        Ho, Wo = output.shape[2:]
        # ∂L/∂cols = G_flat @ W_flat, taken one window offset (u, v) at a time:
        # G_flat @ W[:, :, u, v] is the gradient of the slab of x that offset
        # read, added back where it was read from. One small buffer, reused,
        # instead of the whole (N·Ho·Wo, kh·kw·C) matrix.
        W_uv = W.transpose(2, 3, 0, 1)  # (kh, kw, F, C)
        slab = np.empty((N * Ho * Wo, C), dtype=np.result_type(G_flat, W))
        dxp = np.zeros((N, H + 2 * p, Wd + 2 * p, C), dtype=slab.dtype)
        for u in range(kh):
            for v in range(kw):
                np.matmul(G_flat, W_uv[u, v], out=slab)
                dxp[:, u:u + s * (Ho - 1) + 1:s, v:v + s * (Wo - 1) + 1:s, :] += slab.reshape(N, Ho, Wo, C)
        return dxp[:, p:p + H, p:p + Wd, :].transpose(0, 3, 1, 2)


class MaxPool2d(Op):
    """Z[n, c, i, j] = max_{u, v < k} X[n, c, s·i + u, s·j + v]: the largest entry of each k×k window.

    ∂L/∂X is G at the window's maximum and 0 elsewhere; each window's gradient
    goes to its first maximum in row-major order when entries tie (as PyTorch
    does), and adds up where overlapping windows (s < k) share an entry.

    Computed offset by offset: for each (u, v) of the window, the slab
    X[:, :, u::s, v::s] (one entry of every window) is compared with the
    running maximum, so no window is ever copied out.
    """
    name = "max_pool2d"

    def __init__(self, size, stride=None):
        self.size = _check_int(size, "max_pool2d: size", 1)
        self.stride = self.size if stride is None else _check_int(stride, "max_pool2d: stride", 1)
        self.argmax = None  # which offset u·k + v held each window's maximum

    def _slabs(self, a, Ho, Wo):
        """(offset index, the (N, C, Ho, Wo) view of a at that window offset), row-major."""
        k, s = self.size, self.stride
        for u in range(k):
            for v in range(k):
                yield u * k + v, a[:, :, u:u + s * (Ho - 1) + 1:s, v:v + s * (Wo - 1) + 1:s]

    def forward(self, x):
        if x.ndim != 4:
            raise ValueError(f"max_pool2d: x must have shape (N, C, H, W), got shape {x.shape}")
        k, s = self.size, self.stride
        N, C, H, W = x.shape
        Ho, Wo = output_size(H, k, s, 0), output_size(W, k, s, 0)
        if Ho < 1 or Wo < 1:
            raise ValueError(f"max_pool2d: a {k}×{k} window does not fit into a {H}×{W} image")
        out = None
        for index, slab in self._slabs(x, Ho, Wo):
            if out is None:
                out = slab.copy()
                self.argmax = np.zeros(out.shape, dtype=np.min_scalar_type(k * k - 1))
                continue
            larger = slab > out  # strictly: a tie keeps the earlier offset
            np.copyto(out, slab, where=larger)
            np.copyto(self.argmax, index, where=larger)
        return out

    def backprop(self, inputs, output, i, G):
        x = inputs[0]
        Ho, Wo = G.shape[2:]
        dx = np.zeros_like(x)  # the memory layout of x, so the next backprop streams
        overlapping = self.stride < self.size
        for index, slab in self._slabs(dx, Ho, Wo):
            if overlapping:
                slab += np.where(self.argmax == index, G, 0.0)
            else:  # each entry of x is in one window at most: copy G where it won
                np.copyto(slab, G, where=self.argmax == index)
        return dx

"""Linear maps compose into one: why a network needs its nonlinearity.

A stack of affine layers without activations, x ↦ (…((x W₁ + b₁) W₂ + b₂)…) W_L + b_L,
is a single affine map x ↦ x A + d with

    A = W₁ W₂ ⋯ W_L,    d = (…((b₁ W₂ + b₂) W₃ + b₃)…) W_L + b_L,

so depth adds nothing without g. An affine map also lets no two inputs
interact: its output changes by the same amount when x₁ moves, whatever x₂
is. XOR needs exactly that interaction (its ±1 form is −x₁x₂), so the best
affine fit to XOR, :func:`best_affine_fit`, is the constant ½.
"""

import numpy as np

from dlnotes.checks import check_finite, check_matrix, check_same_length

__all__ = ["compose_affine", "best_affine_fit"]


def compose_affine(layers):
    """(A, d) with x A + d equal to the chain of affine ``layers`` [(W₁, b₁), …, (W_L, b_L)].

    A = W₁ W₂ ⋯ W_L and d = (…(b₁ W₂ + b₂)…) W_L + b_L: each bias passes
    through every later weight matrix.
    """
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__iter__"):
        raise TypeError(f"compose_affine needs a list of (W, b) layers, got {type(layers).__name__}")
    checked = []
    for k, layer in enumerate(layers, start=1):
        if not isinstance(layer, (tuple, list)) or len(layer) != 2:
            raise TypeError(f"compose_affine: layer {k} must be a pair (W, b), got {type(layer).__name__}")
        W = check_matrix(layer[0], f"compose_affine: W of layer {k}")
        b = check_finite(layer[1], f"compose_affine: b of layer {k}")
        if b.shape != (W.shape[1],):
            raise ValueError(f"compose_affine: b of layer {k} has shape {b.shape}, expected "
                             f"({W.shape[1]},) for W of shape {W.shape}")
        checked.append((W, b))
    if not checked:
        raise ValueError("compose_affine needs at least one (W, b) layer")
    A, d = checked[0]
    for k, (W, b) in enumerate(checked[1:], start=2):
        if W.shape[0] != A.shape[1]:
            raise ValueError(f"compose_affine: layer {k} takes {W.shape[0]} inputs but the layers before it "
                             f"give {A.shape[1]}")
        A, d = A @ W, d @ W + b
    return A, d


def best_affine_fit(X, y):
    """The least-squares affine model: (w, c) minimising Σ_n (x_n·w + c − y_n)².

    Solved with ``np.linalg.lstsq`` on the design matrix [X 1].
    """
    X = check_matrix(X, "best_affine_fit: X")
    y = check_finite(check_same_length(X, y, "best_affine_fit"), "best_affine_fit: y")
    design = np.column_stack([X, np.ones(len(X))])
    theta = np.linalg.lstsq(design, y, rcond=None)[0]
    return theta[:-1], theta[-1]

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

__all__ = ["compose_affine", "best_affine_fit"]


def compose_affine(layers):
    """(A, d) with x A + d equal to the chain of affine ``layers`` [(W₁, b₁), …, (W_L, b_L)].

    A = W₁ W₂ ⋯ W_L and d = (…(b₁ W₂ + b₂)…) W_L + b_L: each bias passes
    through every later weight matrix.
    """
    layers = [(np.asarray(W, dtype=float), np.asarray(b, dtype=float)) for W, b in layers]
    if not layers:
        raise ValueError("compose_affine needs at least one (W, b) layer")
    A, d = layers[0]
    for k, (W, b) in enumerate(layers[1:], start=2):
        if W.shape[0] != A.shape[1]:
            raise ValueError(f"layer {k} takes {W.shape[0]} inputs but the layers before it "
                             f"give {A.shape[1]}")
        A, d = A @ W, d @ W + b
    return A, d


def best_affine_fit(X, y):
    """The least-squares affine model: (w, c) minimising Σ_n (x_n·w + c − y_n)².

    Solved with ``np.linalg.lstsq`` on the design matrix [X 1].
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or len(X) != len(y):
        raise ValueError(f"best_affine_fit needs X of shape (N, d) and N targets, got {X.shape} "
                         f"and {y.shape}")
    design = np.column_stack([X, np.ones(len(X))])
    theta = np.linalg.lstsq(design, y, rcond=None)[0]
    return theta[:-1], theta[-1]

"""Exercises of notebook 15, residual networks: a residual block, the gradient through it, the plain network's decay."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "RESIDUAL_BLOCK", "RESIDUAL_BACKPROP", "PLAIN_DECAY",
           "residual_block", "residual_backprop"]

NOTEBOOK = "15_residual_networks"
_rng = np.random.default_rng(15)


def _relu(z):
    return np.maximum(z, 0.0)


# --- 1. a residual block ------------------------------------------------------------------

def residual_block(h, W, b, V, c):
    return h + np.maximum(h @ W + b, 0) @ V + c  # the input, plus a correction f(h) = relu(h W + b) V + c


def _no_skip(h, W, b, V, c):
    return _relu(h @ W + b) @ V + c


def _relu_after_sum(h, W, b, V, c):
    return _relu(h + (h @ W + b) @ V + c)


def _skip_inside(h, W, b, V, c):
    return (h + _relu(h @ W + b)) @ V + c


def _block_case(n, d):
    return (_rng.normal(size=(n, d)), _rng.normal(size=(d, d)) / np.sqrt(d), _rng.normal(size=d),
            _rng.normal(size=(d, d)) / np.sqrt(d), _rng.normal(size=d))


RESIDUAL_BLOCK = Exercise(
    NOTEBOOK, "residual_block",
    "Write the residual block h + f(h) with f(h) = relu(h W + b) V + c, for a batch h of shape (N, d).",
    residual_block,
    cases=[_block_case(4, 3), _block_case(2, 5), _block_case(6, 2), _block_case(1, 4)],
    mistakes=[
        (_no_skip, "that is the branch f(h) alone, a plain layer: the block adds its input back, h + f(h)."),
        (_relu_after_sum, "the ReLU belongs inside the branch, between W and V; here it is applied to the sum, "
                          "and the branch has lost its nonlinearity."),
        (_skip_inside, "the skip connection must bypass the whole branch: h + (relu(h W + b) V + c), not "
                       "(h + relu(h W + b)) V + c."),
    ],
)


# --- 2. the gradient through a residual block ---------------------------------------------

def residual_backprop(G, h, W):
    # y = h + relu(h W): ∂L/∂h = G (the identity path) + ((G ⊙ relu'(h W)) Wᵀ) (through the branch)
    return G + (G * (h @ W > 0)) @ W.T


def _no_identity(G, h, W):
    return (G * (h @ W > 0)) @ W.T


def _no_mask(G, h, W):
    return G + G @ W.T


def _not_transposed(G, h, W):
    return G + (G * (h @ W > 0)) @ W


def _backprop_case(n, d):
    return _rng.normal(size=(n, d)), _rng.normal(size=(n, d)), _rng.normal(size=(d, d))


RESIDUAL_BACKPROP = Exercise(
    NOTEBOOK, "residual_backprop",
    "For y = h + relu(h W), write ∂L/∂h given G = ∂L/∂y (h and G of shape (N, d), W square).",
    residual_backprop,
    cases=[_backprop_case(3, 4), _backprop_case(5, 2), _backprop_case(1, 6), _backprop_case(4, 4)],
    mistakes=[
        (_no_identity, "the identity path is missing: ∂y/∂h = I + ∂f/∂h, so G passes through unchanged and the "
                       "branch adds to it."),
        (_no_mask, "the ReLU's derivative is missing: only units with h W > 0 pass the gradient back through the branch."),
        (_not_transposed, "back-propagating through h W multiplies by Wᵀ, not W."),
    ],
)


# --- 3. how fast the plain network's gradient decays --------------------------------------

PLAIN_DECAY = Exercise(
    NOTEBOOK, "plain_decay",
    "A plain ReLU MLP, weights from N(0, 1/fan_in). By roughly what factor does the gradient's norm shrink "
    "per layer it travels down?",
    float(np.sqrt(0.5)),
    mistakes=[
        (0.5, "0.5 is the factor for the *squared* norm (half the units are off, each weight has variance 1/fan_in); "
              "the norm itself shrinks by its square root, √½ ≈ 0.71."),
        (1.0, "that is He's initialization (weights of variance 2/fan_in), which exactly makes up for the "
              "ReLU switching off half of the units; with 1/fan_in the norm shrinks by √½ per layer."),
    ],
    rtol=1e-3,
    code="plain_decay = np.sqrt(1 / 2)  # E‖G Wᵀ ⊙ relu'‖² = ½ · fan_in · (1/fan_in) · ‖G‖²",
    explanation="Going down one layer multiplies the gradient by $W^\\top$ and by the ReLU's derivative (0 or 1, "
                "each about half of the time). With entries of $W$ of variance $1/n$, "
                "$\\mathbb{E}\\|G W^\\top\\|^2 = \\|G\\|^2$, and the mask keeps half of it: the squared norm halves, "
                "the norm shrinks by $\\sqrt{1/2} \\approx 0.71$ per layer, $0.71^{48} \\approx 6 \\cdot 10^{-8}$ "
                "from depth 2 to 50.",
)

EXERCISES = (RESIDUAL_BLOCK, RESIDUAL_BACKPROP, PLAIN_DECAY)

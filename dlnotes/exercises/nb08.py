"""Exercises of notebook 08, depth and representations: each layer's output by hand, PCA's
explained variance, and the signed distance to a linear probe's boundary."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "LAYER_OUTPUTS", "VARIANCE_RATIOS", "PROBE_DISTANCE",
           "layer_outputs", "variance_ratios", "probe_distance"]

NOTEBOOK = "08_depth_and_representations"
_rng = np.random.default_rng(8)


# --- 1. every layer's output, by hand ---------------------------------------------------

def layer_outputs(X, Ws, bs):
    outputs, h = [], X
    for k, (W, b) in enumerate(zip(Ws, bs)):
        h = h @ W + b                   # the affine map of the previous representation
        if k < len(Ws) - 1:
            h = np.maximum(h, 0.0)      # ReLU on the hidden layers only: the logits stay linear
        outputs.append(h)
    return outputs


def _relu_on_logits(X, Ws, bs):
    outputs, h = [], X
    for W, b in zip(Ws, bs):
        h = np.maximum(h @ W + b, 0.0)
        outputs.append(h)
    return outputs


def _no_bias(X, Ws, bs):
    return layer_outputs(X, Ws, [np.zeros_like(b) for b in bs])


def _pre_activations(X, Ws, bs):
    outputs, h = [], X
    for k, (W, b) in enumerate(zip(Ws, bs)):
        a = h @ W + b
        outputs.append(a)
        h = np.maximum(a, 0.0) if k < len(Ws) - 1 else a
    return outputs


def _network(sizes, n):
    """Weights, biases (non-zero, so a forgotten bias shows) and an input batch."""
    Ws = [_rng.normal(0.0, np.sqrt(2.0 / a), size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [_rng.normal(0.0, 0.5, size=b) for b in sizes[1:]]
    return _rng.normal(size=(n, sizes[0])), Ws, bs


LAYER_OUTPUTS = Exercise(
    NOTEBOOK, "layer_outputs",
    "Write layer_outputs(X, Ws, bs): the list [h1, …, logits] of an MLP with ReLU hidden layers, "
    "h_k = relu(h_{k-1} W_k + b_k), the last layer linear.",
    layer_outputs,
    cases=[_network((2, 16, 16, 16, 2), 5), _network((2, 3, 2), 4), _network((3, 2), 6),
           _network((4, 8, 5, 3), 1)],
    mistakes=[
        (_relu_on_logits, "the ReLU was applied to the logits too: the output layer is linear "
                          "(z = h W + b), so the logits can be negative."),
        (_no_bias, "the biases are missing: each layer computes h_prev W + b."),
        (_pre_activations, "you listed the pre-activations h_prev W + b of the hidden layers: the "
                           "representation is what the ReLU outputs, relu(h_prev W + b)."),
    ],
    explanation="Each hidden layer re-represents the previous one, "
                "$\\boldsymbol{h}^{(k)} = \\max(0, \\boldsymbol{h}^{(k-1)}\\boldsymbol{W}^{(k)} + "
                "\\boldsymbol{b}^{(k)})$; the last layer has no activation, because the softmax reads "
                "the logits as they are. This is what `dlnotes.representations.representations(model, X)[1:]` "
                "returns for an MLP.",
)


# --- 2. the fraction of the variance each principal direction keeps -----------------------

def variance_ratios(H):
    centred = H - H.mean(axis=0)               # PCA is about the spread around the mean
    s = np.linalg.svd(centred, compute_uv=False)
    return s ** 2 / np.sum(s ** 2)             # the variance along direction i is s_i² / N


def _not_centred(H):
    s = np.linalg.svd(H, compute_uv=False)
    return s ** 2 / np.sum(s ** 2)


def _not_squared(H):
    s = np.linalg.svd(H - H.mean(axis=0), compute_uv=False)
    return s / np.sum(s)


VARIANCE_RATIOS = Exercise(
    NOTEBOOK, "variance_ratios",
    "Write variance_ratios(H): s_i² / Σ s_m² for every singular value s_i of the centred H, largest first.",
    variance_ratios,
    cases=[
        (_rng.normal(size=(50, 4)) @ np.diag([3.0, 2.0, 1.0, 0.5]) + 5.0,),   # far from the origin
        (_rng.normal(size=(30, 6)) @ _rng.normal(size=(6, 6)) - 2.0,),
        (np.column_stack([np.arange(10.0), 2 * np.arange(10.0) + 1]),),        # rank 1 after centring
        (_rng.normal(size=(8, 3)) + [10.0, -4.0, 0.0],),
    ],
    mistakes=[
        (_not_centred, "H was not centred: subtract the mean of each column first, or the first "
                       "direction points at the mean instead of along the spread."),
        (_not_squared, "the singular values were not squared: the variance along direction i is "
                       "s_i² / N, so the ratio is s_i² / Σ s_m²."),
    ],
    explanation="With $\\tilde{\\boldsymbol{H}} = \\boldsymbol{U}\\boldsymbol{S}\\boldsymbol{V}^\\top$, "
                "the coordinates along direction $i$ are the column $s_i\\boldsymbol{u}_i$, of variance "
                "$s_i^2/N$; the total variance is $\\sum_m s_m^2/N$, so $N$ cancels in the ratio. "
                "`dlnotes.representations.pca(H, k)[1]` returns the first $k$ of them.",
)


# --- 3. the signed distance to a two-class probe's decision boundary ----------------------

def probe_distance(H, W, b):
    w = W[:, 1] - W[:, 0]                      # the normal of the boundary z_1 = z_0
    return (H @ w + b[1] - b[0]) / np.linalg.norm(w)


def _no_bias_distance(H, W, b):
    w = W[:, 1] - W[:, 0]
    return (H @ w) / np.linalg.norm(w)


def _logit_difference(H, W, b):
    return H @ (W[:, 1] - W[:, 0]) + b[1] - b[0]


def _one_column(H, W, b):
    return (H @ W[:, 1] + b[1]) / np.linalg.norm(W[:, 1])


def _probe_case(n, features):
    return (_rng.normal(size=(n, features)) * 2, _rng.normal(size=(features, 2)),
            _rng.normal(size=2) * 2)


PROBE_DISTANCE = Exercise(
    NOTEBOOK, "probe_distance",
    "Write probe_distance(H, W, b): the signed distance of every row of H to the decision boundary "
    "of the two-class probe softmax(h W + b), positive on the side of class 1.",
    probe_distance,
    cases=[_probe_case(6, 16), _probe_case(5, 2), _probe_case(1, 3), _probe_case(10, 1)],
    mistakes=[
        (_no_bias_distance, "the biases are missing: the boundary is h·(w₁ − w₀) + b₁ − b₀ = 0, "
                            "so it does not pass through the origin."),
        (_logit_difference, "that is the logit difference z₁ − z₀, not a distance: divide it by "
                            "‖w₁ − w₀‖."),
        (_one_column, "you used w₁ alone: the probe prefers class 1 where z₁ > z₀, so the "
                      "boundary's normal is w₁ − w₀ (and its offset b₁ − b₀)."),
    ],
    explanation="The probe predicts class 1 where $z_1 > z_0$, i.e. where "
                "$\\boldsymbol{h}\\cdot(\\boldsymbol{w}_1 - \\boldsymbol{w}_0) + b_1 - b_0 > 0$: a "
                "hyperplane with normal $\\boldsymbol{w}_1 - \\boldsymbol{w}_0$. Dividing by the "
                "normal's length turns the logit difference into a distance. This is column 0 of "
                "`dlnotes.representations.probe_view(H, probe)`, the horizontal axis of the "
                "notebook's probe view.",
)

EXERCISES = (LAYER_OUTPUTS, VARIANCE_RATIOS, PROBE_DISTANCE)

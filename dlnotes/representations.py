"""Looking inside a network: each layer's representation, projected to 2-D and probed.

Principal component analysis (PCA), by the singular value decomposition. With
the representation H (one row per example) centred, H̃ = H − mean(H) = U S Vᵀ,
the coordinates along the first k principal directions are

    Z = H̃ V_k = U_k S_k,

and direction i keeps the fraction s_i² / Σ_m s_m² of the variance.

A linear probe asks how linearly separable the classes are in a layer: a
softmax classifier p(y | h) = softmax(ĥ W + b) on the whitened representation
ĥ = √N · (h − μ) V S⁻¹, trained by gradient descent on the cross-entropy; its
training accuracy is the measure (1.0: a linear map separates every class).
"""

import numpy as np

from dlnotes.checks import check_finite
from dlnotes.nn import MLP
from dlnotes.training import accuracy, train

__all__ = ["pca", "linear_probe_accuracy", "representations", "train_with_snapshots",
           "set_parameters"]


def _matrix(H, what):
    H = check_finite(H, what)
    if H.ndim != 2 or H.shape[0] < 2:
        raise ValueError(f"{what} must have shape (N, features) with N ≥ 2, got shape {H.shape}")
    return H


def pca(H, k=2):
    """Z = (H − mean(H)) V_k and the explained-variance ratios s_i² / Σ s², i ≤ k.

    V_k holds the first k right singular vectors of the centred H, each with
    its largest entry made positive, so the projection is reproducible. A
    constant H has no variance to explain: its ratios are 0, not NaN.
    """
    H = _matrix(H, "the representation H")
    if int(k) != k or not 1 <= k <= min(H.shape):
        raise ValueError(f"k must be an integer from 1 to min(N, features) = {min(H.shape)}, "
                         f"got {k!r}")
    k = int(k)
    centred = H - H.mean(axis=0)
    _, s, Vt = np.linalg.svd(centred, full_matrices=False)
    V = Vt[:k].T
    signs = np.sign(V[np.argmax(np.abs(V), axis=0), np.arange(k)])
    V = V * np.where(signs == 0, 1.0, signs)
    total = float(np.sum(s ** 2))
    ratio = s[:k] ** 2 / total if total > 0 else np.zeros(k)
    return centred @ V, ratio


def linear_probe_accuracy(H, y, num_epochs=100, lr=2.0, seed=0):
    """The training accuracy of a softmax classifier softmax(ĥ W + b) on the whitened H.

    ĥ = √N · (h − μ) V S⁻¹ (the PCA coordinates scaled to unit variance, over
    the directions with non-negligible variance) is an invertible linear map
    of h on the subspace h spans, so it changes nothing about linear
    separability; it makes the cross-entropy well conditioned, so that plain
    full-batch gradient descent (``num_epochs`` steps of size ``lr``) gets
    close to the best linear classifier in a few steps for every layer.
    """
    H = _matrix(H, "the representation H")
    y = np.asarray(y)
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer) or y.shape != (len(H),):
        raise ValueError(f"y must hold one integer class per row of H, shape ({len(H)},); "
                         f"got dtype {y.dtype} and shape {y.shape}")
    if y.min() < 0:
        raise ValueError(f"class labels must be ≥ 0, got {y.min()}")
    U, s, _ = np.linalg.svd(H - H.mean(axis=0), full_matrices=False)
    keep = s > 1e-8 * s[0] if s[0] > 0 else np.zeros(s.shape, dtype=bool)
    # A constant H leaves the probe nothing but its bias: one all-zero feature.
    H_hat = U[:, keep] * np.sqrt(len(H)) if keep.any() else np.zeros((len(H), 1))
    probe = MLP([H_hat.shape[1], int(y.max()) + 1], seed=seed)
    train(probe, H_hat, y, lr=lr, epochs=num_epochs, batch_size=len(H), seed=seed,
          progress=False)
    return accuracy(probe, H_hat, y)


def representations(model, X):
    """[X, h⁽¹⁾, …, logits]: the input and every layer's output, as arrays."""
    return [np.asarray(X, dtype=float)] + [h.value for h in model.forward(X)]


def set_parameters(model, values):
    """Copy the arrays ``values`` (as ``model.parameters()`` orders them) into the model."""
    params = model.parameters()
    if len(values) != len(params):
        raise ValueError(f"the model has {len(params)} parameters, got {len(values)} arrays")
    for p, v in zip(params, values):
        v = np.asarray(v, dtype=float)
        if v.shape != p.value.shape:
            raise ValueError(f"parameter {p.name} has shape {p.value.shape}, got {v.shape}")
        p.value = v.copy()
    return model


def train_with_snapshots(model, X, y, num_epochs, snapshot_epochs, seed=0, **train_kwargs):
    """Train ``model`` one epoch at a time and keep copies of its parameters on the way.

    Epoch e is :func:`dlnotes.train` for one epoch with the shuffling seed
    ``seed + e``. Returns (snapshots, epoch_loss): ``snapshots`` maps each
    epoch in ``snapshot_epochs`` (0 is the initialisation) to a list of
    parameter arrays, for :func:`set_parameters`; ``epoch_loss`` holds the
    mean training loss of every epoch.
    """
    snapshot_epochs = sorted(set(int(e) for e in snapshot_epochs))
    if not snapshot_epochs or snapshot_epochs[0] < 0 or snapshot_epochs[-1] > num_epochs:
        raise ValueError(f"snapshot epochs must lie in [0, {num_epochs}], got {snapshot_epochs}")
    train_kwargs.setdefault("progress", False)
    snapshots, epoch_loss = {}, []
    for epoch in range(num_epochs + 1):
        if epoch in snapshot_epochs:
            snapshots[epoch] = [p.value.copy() for p in model.parameters()]
        if epoch < num_epochs:
            history = train(model, X, y, epochs=1, seed=seed + epoch, **train_kwargs)
            epoch_loss.append(history.epoch_loss[0])
    return snapshots, epoch_loss

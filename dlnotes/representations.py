"""Looking inside a network: each layer's representation, projected to 2-D and probed.

Principal component analysis (PCA), by the singular value decomposition. With
the representation H (one row per example) centred, H̃ = H − mean(H) = U S Vᵀ,
the coordinates along the first k principal directions are

    Z = H̃ V_k = U_k S_k,

and direction i keeps the fraction s_i² / Σ_m s_m² of the variance.

A linear probe asks how linearly separable the classes are in a layer: a
softmax classifier p(y | h) = softmax(ĥ Ŵ + b̂) on the whitened representation
ĥ = √N · (h − μ) V S⁻¹, trained by gradient descent on the cross-entropy; its
training accuracy is the measure (1.0: a linear map separates every class).
Mapped back to h, the probe is softmax(h W + b) with W = √N V S⁻¹ Ŵ and
b = b̂ − μ W; with two classes its decision boundary is the hyperplane
h·(w₁ − w₀) + (b₁ − b₀) = 0, and the signed distance to it,

    d(h) = (h·(w₁ − w₀) + b₁ − b₀) / ‖w₁ − w₀‖,

is the coordinate along which the probe separates the classes.
"""

import dataclasses

import numpy as np

from dlnotes.checks import check_count, check_finite, check_matrix
from dlnotes.dead_units import dead_units
from dlnotes.nn import MLP
from dlnotes.training import accuracy, train

__all__ = ["pca", "LinearProbe", "linear_probe", "linear_probe_accuracy", "probe_view",
           "dead_units_per_layer", "representations", "train_with_snapshots", "set_parameters"]


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
    k = check_count(k, "pca: k")
    if k > min(H.shape):
        raise ValueError(f"pca: k must be an integer from 1 to min(N, features) = {min(H.shape)}, "
                         f"got {k!r}")
    centred = H - H.mean(axis=0)
    _, s, Vt = np.linalg.svd(centred, full_matrices=False)
    V = Vt[:k].T
    signs = np.sign(V[np.argmax(np.abs(V), axis=0), np.arange(k)])
    V = V * np.where(signs == 0, 1.0, signs)
    total = float(np.sum(s ** 2))
    ratio = s[:k] ** 2 / total if total > 0 else np.zeros(k)
    return centred @ V, ratio


@dataclasses.dataclass(frozen=True)
class LinearProbe:
    """A fitted linear probe: p(y | h) = softmax(h W + b) in the coordinates of H.

    ``W`` has shape (features, classes), ``b`` shape (classes,); ``accuracy``
    is the probe's training accuracy on the H it was fitted on.
    """

    W: np.ndarray
    b: np.ndarray
    accuracy: float

    def logits(self, H):
        """z = H W + b, one row of class scores per row of H."""
        return check_matrix(H, "LinearProbe: H", columns=self.W.shape[0], min_rows=0) @ self.W + self.b

    def predict(self, H):
        """The probe's class for every row of H: the argmax of its logits."""
        return self.logits(H).argmax(axis=1)


def _labels_for(H, y):
    if y is None:
        raise TypeError(f"linear_probe: y must hold one integer class per row of H, shape ({len(H)},); got None")
    y = np.asarray(y)
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer) or y.shape != (len(H),):
        raise ValueError(f"linear_probe: y must hold one integer class per row of H, shape ({len(H)},); "
                         f"got dtype {y.dtype} and shape {y.shape}")
    if y.min() < 0:
        raise ValueError(f"linear_probe: class labels must be ≥ 0, got {y.min()}")
    return y


def linear_probe(H, y, num_epochs=100, lr=2.0, seed=0):
    """Fit a softmax classifier softmax(h W + b) to (H, y); return it as a :class:`LinearProbe`.

    It is trained on the whitened ĥ = √N · (h − μ) V S⁻¹ (the PCA coordinates
    scaled to unit variance, over the directions with non-negligible
    variance), an invertible linear map of h on the subspace h spans, so it
    changes nothing about linear separability; it makes the cross-entropy
    well conditioned, so that plain full-batch gradient descent
    (``num_epochs`` steps of size ``lr``) gets close to the best linear
    classifier in a few steps for every layer. The fitted ĥ Ŵ + b̂ is mapped
    back to h: W = √N V S⁻¹ Ŵ, b = b̂ − μ W, so that h W + b gives the same
    logits (W has no component outside the subspace h spans).
    """
    H = _matrix(H, "the representation H")
    y = _labels_for(H, y)
    mu = H.mean(axis=0)
    U, s, Vt = np.linalg.svd(H - mu, full_matrices=False)
    keep = s > 1e-8 * s[0] if s[0] > 0 else np.zeros(s.shape, dtype=bool)
    num_classes = int(y.max()) + 1
    if keep.any():
        H_hat = U[:, keep] * np.sqrt(len(H))
    else:  # a constant H leaves the probe nothing but its bias: one all-zero feature
        H_hat = np.zeros((len(H), 1))
    probe = MLP([H_hat.shape[1], num_classes], seed=seed)
    train(probe, H_hat, y, lr=lr, epochs=num_epochs, batch_size=len(H), seed=seed,
          progress=False)
    W_hat, b_hat = (p.value for p in probe.parameters())
    if keep.any():
        W = np.sqrt(len(H)) * (Vt[keep].T / s[keep]) @ W_hat
    else:
        W = np.zeros((H.shape[1], num_classes))
    return LinearProbe(W=W, b=b_hat - mu @ W, accuracy=accuracy(probe, H_hat, y))


def linear_probe_accuracy(H, y, num_epochs=100, lr=2.0, seed=0):
    """The training accuracy of :func:`linear_probe` on (H, y): 1.0 when a linear map separates the classes."""
    return linear_probe(H, y, num_epochs=num_epochs, lr=lr, seed=seed).accuracy


def probe_view(H, probe):
    """Two coordinates for a two-class probe: the signed distance to its boundary, and the rest.

    Column 0 is d(h) = (h·(w₁ − w₀) + b₁ − b₀) / ‖w₁ − w₀‖: positive where the
    probe predicts class 1, zero on its decision boundary. Column 1 is the
    first principal component of H after removing the direction w₁ − w₀ (the
    largest variance the probe ignores); for a 1-D H it is zero.
    """
    H = _matrix(H, "the representation H")
    if not isinstance(probe, LinearProbe):
        raise TypeError(f"probe_view needs a LinearProbe (from linear_probe), got {type(probe).__name__}")
    if probe.W.shape[1] != 2:
        raise ValueError(f"probe_view needs a two-class probe, got {probe.W.shape[1]} classes")
    if probe.W.shape[0] != H.shape[1]:
        raise ValueError(f"the probe was fitted on {probe.W.shape[0]} features, "
                         f"H has {H.shape[1]}")
    w = probe.W[:, 1] - probe.W[:, 0]
    norm = np.linalg.norm(w)
    if norm == 0:
        raise ValueError("the probe's two classes have the same weights: it has no direction")
    u = w / norm
    distance = (H @ w + probe.b[1] - probe.b[0]) / norm
    centred = H - H.mean(axis=0)
    rest = centred - np.outer(centred @ u, u)
    other = pca(rest, k=1)[0][:, 0] if H.shape[1] > 1 else np.zeros(len(H))
    return np.column_stack([distance, other])


def dead_units_per_layer(model, X):
    """For each hidden layer of ``model``, how many of its units are dead on X.

    A unit is dead when its pre-activation h_prev·w_j + b_j is ≤ 0 for every
    row (:func:`dlnotes.dead_units.dead_units`, the one definition, applied
    layer by layer to the layer's own input h_prev). A dead ReLU outputs 0
    everywhere and passes no gradient back: gradient descent cannot revive
    it. Returns a list of counts, one per hidden layer.
    """
    hs = representations(model, X)
    return [int(dead_units(h_prev, layer.W, layer.b).sum())
            for h_prev, layer in zip(hs[:-2], model.layers[:-1])]


def representations(model, X):
    """[X, h⁽¹⁾, …, logits]: the input and every layer's output, as arrays."""
    if not callable(getattr(model, "forward", None)):
        raise TypeError(f"representations needs an MLP (a model with forward()), got {type(model).__name__}")
    return [np.asarray(X, dtype=float)] + [h.value for h in model.forward(X)]


def set_parameters(model, values):
    """Copy the arrays ``values`` (as ``model.parameters()`` orders them) into the model."""
    params = model.parameters()
    if isinstance(values, (str, bytes, np.ndarray)) or not hasattr(values, "__len__"):
        raise TypeError(f"set_parameters: values must be a list of arrays, one per parameter, "
                        f"got {type(values).__name__}")
    if len(values) != len(params):
        raise ValueError(f"set_parameters: the model has {len(params)} parameters, got {len(values)} arrays")
    for p, v in zip(params, values):
        v = check_finite(v, f"set_parameters: the value for {p.name or 'a parameter'}")
        if v.shape != p.value.shape:
            raise ValueError(f"set_parameters: parameter {p.name} has shape {p.value.shape}, got {v.shape}")
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
    num_epochs = check_count(num_epochs, "train_with_snapshots: num_epochs", minimum=0)
    if isinstance(snapshot_epochs, (str, bytes)) or not hasattr(snapshot_epochs, "__iter__"):
        raise TypeError(f"train_with_snapshots: snapshot_epochs must be a list of epochs, "
                        f"got {type(snapshot_epochs).__name__}")
    snapshot_epochs = sorted(set(check_count(e, "train_with_snapshots: snapshot_epochs", minimum=0)
                                 for e in snapshot_epochs))
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

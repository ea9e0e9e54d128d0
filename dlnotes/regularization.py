"""The penalty term of the loss, λΩ(θ), and what its weight λ does to a trained model.

J(θ) = −E_{x,y∼p̂_data}[log p_model(y | x; θ)] + λΩ(θ) with Ω(θ) = ½‖W‖²
(weight decay, :func:`dlnotes.l2_penalty`), whose gradient is λW. A larger λ
buys smaller weights (a smoother function) with a worse fit of the training
data: the NLL part of J rises.
"""

import dataclasses

import numpy as np

from dlnotes.graph import Node
from dlnotes.losses import cross_entropy, l2_penalty
from dlnotes.nn import MLP
from dlnotes.training import accuracy, train

__all__ = ["weight_norm", "RegularizedFit", "fit_lambda_grid"]


def weight_norm(weights):
    """‖W‖ = sqrt(Σ w²) over every entry of the given weight matrices (Nodes or arrays).

    Ω(θ) = ½‖W‖², so this is sqrt(2·l2_penalty(weights)).
    """
    weights = [w.value if isinstance(w, Node) else np.asarray(w, dtype=float) for w in weights]
    if not weights:
        raise ValueError("weight_norm needs at least one weight matrix")
    return float(np.sqrt(sum(np.sum(w * w) for w in weights)))


@dataclasses.dataclass
class RegularizedFit:
    """One model trained with penalty weight λ, and its loss J = nll + λΩ on the training data."""

    lam: float
    model: MLP
    nll: float          # −(1/N) Σ log p_model(y_n | x_n): the data term of J
    penalty: float      # λΩ(θ) = λ·½‖W‖²
    weight_norm: float  # ‖W‖
    accuracy: float     # on the training data

    @property
    def loss(self):
        """J(θ) = nll + λΩ(θ)."""
        return self.nll + self.penalty


def fit_lambda_grid(X, y, lambdas, sizes=(2, 32, 32, 2), lr=0.1, num_epochs=100,
                    batch_size=32, seed=0):
    """Train one MLP per λ in ``lambdas`` (same initialisation and data order each time).

    Each minimises J(θ) = cross-entropy + λ·½‖W‖² by minibatch SGD
    (:func:`dlnotes.train` with ``weight_decay=λ``). Returns a list of
    :class:`RegularizedFit`, in the order of ``lambdas``.
    """
    lambdas = [float(lam) for lam in lambdas]
    if not lambdas:
        raise ValueError("fit_lambda_grid needs at least one value of λ")
    if any(not np.isfinite(lam) or lam < 0 for lam in lambdas):
        raise ValueError(f"every λ must be finite and ≥ 0, got {lambdas}")
    fits = []
    for lam in lambdas:
        model = MLP(sizes, seed=seed)
        train(model, X, y, lr=lr, epochs=num_epochs, batch_size=batch_size,
              weight_decay=lam, seed=seed, progress=False)
        weights = model.weights()
        fits.append(RegularizedFit(
            lam=lam, model=model,
            nll=float(cross_entropy(model(X), y).value),
            penalty=lam * float(l2_penalty(weights).value),
            weight_norm=weight_norm(weights),
            accuracy=accuracy(model, X, y)))
    return fits

"""The penalty term of the loss, λΩ(θ), and what its weight λ does to a trained model.

J(θ) = −E_{x,y∼p̂_data}[log p_model(y | x; θ)] + λΩ(θ) with Ω(θ) = ½‖W‖²
(weight decay, :func:`dlnotes.l2_penalty`), whose gradient is λW. A larger λ
buys smaller weights with a worse fit of the training data: the NLL part of J
on the training set rises. What it is for shows on held-out data: with few,
noisy training examples and many units, the validation NLL first falls as λ
grows, then rises again (a U-curve); λ is chosen where it is lowest
(:func:`choose_lambda`), and the test set is used once, for the chosen model.
"""

import dataclasses

import numpy as np

from dlnotes.checks import check_finite, check_index, check_matrix, check_positive
from dlnotes.functions import softmax, sum as sum_
from dlnotes.graph import Node, backprop
from dlnotes.losses import cross_entropy, l2_penalty
from dlnotes.nn import MLP
from dlnotes.training import accuracy, train

__all__ = ["weight_norm", "RegularizedFit", "fit_lambda_grid", "choose_lambda", "probability_slope"]


def weight_norm(weights):
    """‖W‖ = sqrt(Σ w²) over every entry of the given weight matrices (Nodes or arrays).

    Ω(θ) = ½‖W‖², so this is sqrt(2·l2_penalty(weights)).
    """
    if isinstance(weights, (Node, np.ndarray, str, bytes)) or not hasattr(weights, "__iter__"):
        raise TypeError(f"weight_norm needs a list of weight matrices, got {type(weights).__name__}")
    weights = [check_finite(w.value if isinstance(w, Node) else w, f"weight_norm: weights[{k}]")
               for k, w in enumerate(weights)]
    if not weights:
        raise ValueError("weight_norm needs at least one weight matrix")
    return float(np.sqrt(sum(np.sum(w * w) for w in weights)))


@dataclasses.dataclass
class RegularizedFit:
    """One model trained with penalty weight λ: J = nll + λΩ on the training data, and held-out scores.

    ``val_nll`` and ``val_accuracy`` are None when no validation data were given.
    """

    lam: float
    model: MLP
    nll: float          # −(1/N) Σ log p_model(y_n | x_n) on the training data: the data term of J
    penalty: float      # λΩ(θ) = λ·½‖W‖²
    weight_norm: float  # ‖W‖
    accuracy: float     # on the training data
    val_nll: float = None       # the same mean NLL, on the validation data
    val_accuracy: float = None  # accuracy on the validation data

    @property
    def loss(self):
        """J(θ) = nll + λΩ(θ)."""
        return self.nll + self.penalty


def fit_lambda_grid(X, y, lambdas, sizes=(2, 32, 32, 2), lr=0.1, num_epochs=100,
                    batch_size=32, seed=0, X_val=None, y_val=None):
    """Train one MLP per λ in ``lambdas`` (same initialisation and data order each time).

    Each minimises J(θ) = cross-entropy + λ·½‖W‖² by minibatch SGD
    (:func:`dlnotes.train` with ``weight_decay=λ``) on ``X``, ``y``. With
    ``X_val``, ``y_val`` each fit also records the validation NLL and accuracy
    (never used for training). Returns a list of :class:`RegularizedFit`, in
    the order of ``lambdas``.
    """
    if isinstance(lambdas, (str, bytes)) or not hasattr(lambdas, "__iter__"):
        raise TypeError(f"fit_lambda_grid: lambdas must be a list of numbers ≥ 0, got {lambdas!r}")
    lambdas = [check_positive(lam, f"fit_lambda_grid: λ = lambdas[{k}]", allow_zero=True)
               for k, lam in enumerate(lambdas)]
    if not lambdas:
        raise ValueError("fit_lambda_grid needs at least one value of λ")
    if (X_val is None) != (y_val is None):
        raise ValueError("pass both X_val and y_val, or neither")
    fits = []
    for lam in lambdas:
        model = MLP(sizes, seed=seed)
        train(model, X, y, lr=lr, epochs=num_epochs, batch_size=batch_size,
              weight_decay=lam, seed=seed, progress=False)
        weights = model.weights()
        fit = RegularizedFit(
            lam=lam, model=model,
            nll=float(cross_entropy(model(X), y).value),
            penalty=lam * float(l2_penalty(weights).value),
            weight_norm=weight_norm(weights),
            accuracy=accuracy(model, X, y))
        if X_val is not None:
            fit.val_nll = float(cross_entropy(model(X_val), y_val).value)
            fit.val_accuracy = accuracy(model, X_val, y_val)
        fits.append(fit)
    return fits


def choose_lambda(fits):
    """The fit whose validation NLL is the smallest (the first, on a tie).

    Model selection on held-out data: λ is a choice, like the architecture, so
    it is chosen on the validation set, never on the training set (which always
    prefers the smallest λ) nor on the test set (whose score would then no
    longer estimate the error on new data).
    """
    if isinstance(fits, (str, bytes)) or not hasattr(fits, "__iter__"):
        raise TypeError(f"choose_lambda needs a list of RegularizedFit (from fit_lambda_grid), got {type(fits).__name__}")
    fits = list(fits)
    if not fits:
        raise ValueError("choose_lambda needs at least one fit")
    for k, fit in enumerate(fits):
        if not isinstance(fit, RegularizedFit):
            raise TypeError(f"choose_lambda: fits[{k}] must be a RegularizedFit, got {type(fit).__name__}")
    if any(fit.val_nll is None for fit in fits):
        raise ValueError("choose_lambda needs validation scores: pass X_val, y_val to fit_lambda_grid")
    return min(fits, key=lambda fit: fit.val_nll)


def probability_slope(model, X, k=1):
    """The mean over the rows of X of ‖∇ₓ p_model(y = k | x)‖: how steeply the prediction changes.

    A smooth decision function changes its probabilities gently as x moves, so
    a smaller value means a smoother model. The gradients come from
    back-propagation through softmax(model(X))[:, k]: the rows do not interact,
    so ∂/∂X of Σ_n p(y = k | x_n) holds ∇ₓ p(y = k | x_n) in row n.
    """
    X = Node(check_matrix(X, "probability_slope: X"))
    logits = model(X)
    classes = logits.shape[1]
    k = check_index(k, classes, "probability_slope: k (a class of the model)")
    pick = np.zeros(classes)
    pick[k] = 1.0
    table = backprop(sum_(softmax(logits) * pick))
    return float(np.mean(np.linalg.norm(table[X], axis=1)))

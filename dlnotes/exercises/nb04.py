"""Exercises of notebook 04, the loss: the L2-penalised loss, one step of weight decay, choosing λ on validation."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "L2_REGULARIZED_LOSS", "WEIGHT_DECAY_STEP", "CHOOSE_LAMBDA",
           "l2_regularized_loss", "weight_decay_step", "select_lambda"]

NOTEBOOK = "04_the_loss"
_rng = np.random.default_rng(4)


# --- 1. the L2-regularised loss ------------------------------------------------------------

def l2_regularized_loss(nll, weights, lam):
    omega = 0.5 * sum(np.sum(W ** 2) for W in weights)  # Ω = ½‖W‖², over every weight matrix
    return nll + lam * omega


def _no_half(nll, weights, lam):
    return nll + lam * sum(np.sum(W ** 2) for W in weights)


def _norm_not_squared(nll, weights, lam):
    return nll + lam * np.sqrt(sum(np.sum(W ** 2) for W in weights))


def _first_matrix_only(nll, weights, lam):
    return nll + lam * 0.5 * np.sum(weights[0] ** 2)


def _weights(*shapes):
    return [_rng.normal(size=shape) for shape in shapes]


L2_REGULARIZED_LOSS = Exercise(
    NOTEBOOK, "l2_regularized_loss",
    "Write J = nll + λ·½‖W‖², the sum of squares running over every entry of every weight matrix.",
    l2_regularized_loss,
    cases=[
        (0.7, _weights((2, 3), (3, 2)), 0.01),
        (1.2, _weights((2, 8), (8, 8), (8, 2)), 0.1),
        (0.3, [np.array([[3.0, 4.0]]), np.array([[1.0], [2.0]])], 1.0),
        (0.5, _weights((4, 4)), 0.0),   # λ = 0: the NLL alone
    ],
    mistakes=[
        (_no_half, "the ½ is missing: Ω = ½‖W‖², so that its gradient is λW and not 2λW."),
        (_norm_not_squared, "you used the norm ‖W‖, not its square: Ω = ½‖W‖² = ½ Σ w²."),
        (_first_matrix_only, "only the first weight matrix was penalised: Ω sums the squares of every "
                             "weight matrix in the list."),
    ],
    explanation="$\\Omega$ adds the squares of every weight of every layer; the $\\tfrac12$ is there so "
                "that $\\nabla_W \\lambda\\Omega = \\lambda W$.",
)


# --- 2. one SGD step on J: weight decay ---------------------------------------------------

def weight_decay_step(W, grad_nll, lr, lam):
    grad = grad_nll + lam * W  # ∇_W J = ∇_W NLL + λW
    return W - lr * grad       # = (1 − lr·λ)·W − lr·∇_W NLL: the weights shrink, then the NLL step


def _twice_lambda(W, grad_nll, lr, lam):
    return W - lr * (grad_nll + 2 * lam * W)


def _penalty_sign(W, grad_nll, lr, lam):
    return W - lr * (grad_nll - lam * W)


def _decay_not_scaled(W, grad_nll, lr, lam):
    return (1 - lam) * W - lr * grad_nll


WEIGHT_DECAY_STEP = Exercise(
    NOTEBOOK, "weight_decay_step",
    "Return W after one SGD step on J = NLL + λ·½‖W‖², given ∇_W NLL, the learning rate and λ.",
    weight_decay_step,
    cases=[
        (_rng.normal(size=(3, 2)), _rng.normal(size=(3, 2)), 0.1, 0.01),
        (_rng.normal(size=(5, 4)), _rng.normal(size=(5, 4)), 0.5, 0.3),
        (_rng.normal(size=(2, 2)), np.zeros((2, 2)), 0.2, 0.5),  # no data gradient: pure decay
        (_rng.normal(size=(4, 3)), _rng.normal(size=(4, 3)), 0.05, 0.0),
    ],
    mistakes=[
        (_twice_lambda, "the penalty's gradient is λW, not 2λW: the ½ in Ω = ½‖W‖² cancels the 2."),
        (_penalty_sign, "the penalty pushed the weights away from zero: its gradient +λW is added to "
                        "∇NLL, and the step subtracts the sum."),
        (_decay_not_scaled, "the decay is not scaled by the learning rate: one step multiplies W by "
                            "(1 − lr·λ), not (1 − λ)."),
    ],
    explanation="$W - \\epsilon(\\nabla_W \\mathrm{NLL} + \\lambda W) = (1 - \\epsilon\\lambda)W - "
                "\\epsilon\\nabla_W\\mathrm{NLL}$: every step first shrinks the weights by the factor "
                "$1 - \\epsilon\\lambda$, hence the name weight decay.",
)


# --- 3. choosing λ on the validation set --------------------------------------------------

def select_lambda(lambdas, train_nll, val_nll):
    best = int(np.argmin(val_nll))  # the held-out loss decides; the training loss cannot
    return lambdas[best]


def _on_training(lambdas, train_nll, val_nll):
    return lambdas[int(np.argmin(train_nll))]


def _largest_val(lambdas, train_nll, val_nll):
    return lambdas[int(np.argmax(val_nll))]


def _index(lambdas, train_nll, val_nll):
    return int(np.argmin(val_nll))


CHOOSE_LAMBDA = Exercise(
    NOTEBOOK, "select_lambda",
    "Given a grid of λ and each model's training and validation NLL, return the λ to use.",
    select_lambda,
    cases=[
        ([0.0, 0.001, 0.01, 0.1, 0.3], [0.19, 0.20, 0.29, 0.55, 0.69], [1.03, 0.93, 0.56, 0.55, 0.69]),
        ([0.0, 0.01, 0.03, 0.1], [0.05, 0.12, 0.30, 0.52], [0.90, 0.48, 0.50, 0.54]),
        ([0.001, 0.003, 0.01], [0.10, 0.12, 0.20], [0.40, 0.35, 0.45]),
        ([0.0, 0.1, 1.0], [0.02, 0.40, 0.69], [0.30, 0.45, 0.69]),  # here no penalty is best
    ],
    mistakes=[
        (_on_training, "you chose on the training loss: it always prefers the smallest λ, because the "
                       "penalty can only make the fit of the training data worse. Choose on validation."),
        (_largest_val, "you took the largest validation loss: choose the λ whose validation NLL is smallest."),
        (_index, "you returned the position of the best λ in the grid, not the value of λ."),
    ],
    explanation="The training NLL falls as $\\lambda$ falls, so it always picks the smallest $\\lambda$; "
                "the validation NLL measures what we care about, the loss on data the model has not "
                "seen, and is the one to minimise. The test set is kept for one last, unbiased report.",
)

EXERCISES = (L2_REGULARIZED_LOSS, WEIGHT_DECAY_STEP, CHOOSE_LAMBDA)

"""Exercises of notebook 12, autograd and PyTorch: weight layouts, accumulation, what a backward function computes."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "FROM_TORCH_LINEAR", "ACCUMULATED_GRAD", "MATMUL_BACKWARD",
           "from_torch_linear", "accumulated_grad", "matmul_backward"]

NOTEBOOK = "12_autograd_and_pytorch"
_rng = np.random.default_rng(12)


# --- 1. PyTorch's Linear in dlnotes' layout -------------------------------------------------

def from_torch_linear(weight, bias):
    return weight.T, bias  # PyTorch's weight is (fan_out, fan_in); dlnotes' W is (fan_in, fan_out)


def _not_transposed(weight, bias):
    return weight, bias


def _reshaped(weight, bias):
    return weight.reshape(weight.shape[1], weight.shape[0]), bias


FROM_TORCH_LINEAR = Exercise(
    NOTEBOOK, "from_torch_linear",
    "Given a torch.nn.Linear's `weight` (fan_out, fan_in) and `bias` as arrays, return dlnotes' (W, b) for x W + b.",
    from_torch_linear,
    cases=[(_rng.normal(size=(3, 3)), _rng.normal(size=3)), (_rng.normal(size=(2, 5)), _rng.normal(size=2)),
           (_rng.normal(size=(10, 4)), _rng.normal(size=10))],
    mistakes=[
        (_not_transposed, "PyTorch computes x Wᵀ + b with `weight` of shape (fan_out, fan_in): transpose it."),
        (_reshaped, "a reshape is not a transpose: it keeps the numbers in memory order; use weight.T."),
    ],
)


# --- 2. what .grad holds after several backward passes ---------------------------------------

def accumulated_grad(grads):
    return np.sum(grads, axis=0)  # every backward() adds its gradient into .grad


def _last_only(grads):
    return np.asarray(grads[-1])


def _mean(grads):
    return np.mean(grads, axis=0)


ACCUMULATED_GRAD = Exercise(
    NOTEBOOK, "accumulated_grad",
    "`grads` holds the gradients of k backward() calls made without zeroing: return what PyTorch's .grad holds.",
    accumulated_grad,
    cases=[([np.array([1.0, 2.0]), np.array([0.5, -1.0])],), ([np.ones((2, 2))] * 3,),
           ([_rng.normal(size=4) for _ in range(5)],)],
    mistakes=[
        (_last_only, "that is dlnotes' behaviour (a fresh grad table per back-propagation): PyTorch adds "
                     "every backward()'s gradient into .grad until you zero it."),
        (_mean, "PyTorch sums, it does not average: to average over k passes, divide each loss by k."),
    ],
)


# --- 3. what MmBackward computes -------------------------------------------------------------

def matmul_backward(X, W, G):
    return G @ W.T, X.T @ G  # (∂L/∂X, ∂L/∂W) for Z = X W, given G = ∂L/∂Z


def _both_transposed(X, W, G):
    return W @ G.T, G.T @ X


def _w_transposed(X, W, G):
    return G @ W.T, G.T @ X


MATMUL_BACKWARD = Exercise(
    NOTEBOOK, "matmul_backward",
    "For Z = X @ W and G = ∂L/∂Z, return (∂L/∂X, ∂L/∂W): what PyTorch's MmBackward and dlnotes' MatMul compute.",
    matmul_backward,
    cases=[(_rng.normal(size=(4, 3)), _rng.normal(size=(3, 2)), _rng.normal(size=(4, 2))),
           (_rng.normal(size=(1, 5)), _rng.normal(size=(5, 5)), _rng.normal(size=(1, 5))),
           (_rng.normal(size=(6, 2)), _rng.normal(size=(2, 3)), _rng.normal(size=(6, 3)))],
    mistakes=[
        (_both_transposed, "both gradients are transposed (W Gᵀ is (d_in, N), not X's (N, d_in)): "
                           "∂L/∂X = G Wᵀ and ∂L/∂W = Xᵀ G, each the shape of its input."),
        (_w_transposed, "the gradient with respect to W has the shape of W transposed: did you compute Gᵀ·X "
                        "instead of Xᵀ·G?"),
    ],
    explanation="Each gradient has its input's shape: $\\partial L/\\partial X$ is $(N, d_{in})$, which only "
                "$G W^\\top$ gives; $\\partial L/\\partial W$ is $(d_{in}, d_{out})$, which only $X^\\top G$ gives.",
)

EXERCISES = (FROM_TORCH_LINEAR, ACCUMULATED_GRAD, MATMUL_BACKWARD)

"""Exercises of notebook 02, output units: the softmax with a temperature, the NLL of a batch, T from a probability,
the entropy's slope in T."""

import numpy as np

import dlnotes as dl
from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "SOFTMAX_WITH_TEMPERATURE", "BATCH_NLL", "TEMPERATURE_FOR_PROBABILITY",
           "ENTROPY_SLOPE", "softmax_with_temperature", "batch_nll", "entropy_slope"]

NOTEBOOK = "02_output_units"
_rng = np.random.default_rng(2)


# --- 1. the softmax with a temperature ------------------------------------------------

def softmax_with_temperature(z, T):
    s = z / T                                 # the temperature divides the logits...
    s = s - s.max(axis=-1, keepdims=True)     # ...shifted by their max, so exp cannot overflow
    e = np.exp(s)
    return e / e.sum(axis=-1, keepdims=True)  # each row sums to 1


def _no_exponential(z, T):
    s = z / T
    return s / s.sum(axis=-1, keepdims=True)


def _temperature_after_softmax(z, T):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True) / T


def _temperature_multiplies(z, T):
    return softmax_with_temperature(z * T, 1.0)


def _not_shifted(z, T):
    e = np.exp(z / T)
    return e / e.sum(axis=-1, keepdims=True)


SOFTMAX_WITH_TEMPERATURE = Exercise(
    NOTEBOOK, "softmax_with_temperature",
    "Write softmax(z/T) over the last axis of z, stable for large logits.",
    softmax_with_temperature,
    cases=[
        (np.array([[1.0, 2.0, 3.0]]), 1.0),
        (np.array([[1.0, 2.0, 3.0]]), 0.5),
        (_rng.normal(size=(4, 5)), 2.0),
        (_rng.normal(size=(3, 10)) * 4, 0.3),
        (np.array([[1000.0, 999.0, 0.0]]), 1.0),   # exp(1000) overflows unless shifted
        (np.array([[0.0, 0.0]]), 10.0),            # equal logits: uniform at any T
    ],
    mistakes=[
        (_no_exponential, "you normalised without exponentiating: divide exp(z/T), not z/T, by its row sum."),
        (_temperature_after_softmax, "the temperature was applied after the softmax: divide the logits by T "
                                     "before the exponential, not the probabilities after it."),
        (_temperature_multiplies, "you multiplied the logits by T: a high temperature must flatten the "
                                  "distribution, so divide by T."),
        (_not_shifted, "exp overflowed for large logits (NaN for [1000, 999, 0]): subtract each row's "
                       "maximum from z/T before the exponential; the softmax does not change."),
    ],
    explanation="Dividing by $T$ before the exponential is what makes $T$ a temperature; subtracting "
                "the row maximum multiplies numerator and denominator by the same $e^{-\\max}$, so the "
                "result is unchanged while the largest exponent becomes $e^0 = 1$.",
)


# --- 2. the negative log-likelihood of a batch ------------------------------------------

def batch_nll(log_probs, y):
    rows = np.arange(len(y))
    return -log_probs[rows, y].mean()  # the log-probability of each row's true class, averaged


def _summed(log_probs, y):
    return -log_probs[np.arange(len(y)), y].sum()


def _no_minus(log_probs, y):
    return log_probs[np.arange(len(y)), y].mean()


def _probabilities(log_probs, y):
    return -np.exp(log_probs[np.arange(len(y)), y]).mean()


def _nll_case(n, k):
    log_probs = dl.log_softmax(_rng.normal(size=(n, k)) * 2).value
    return log_probs, _rng.integers(0, k, size=n).astype(np.intp)


BATCH_NLL = Exercise(
    NOTEBOOK, "batch_nll",
    "Write J = −(1/N) Σ_n log p(y_n | x_n) from log-probabilities of shape (N, classes) and labels y.",
    batch_nll,
    cases=[_nll_case(1, 3), _nll_case(5, 3), _nll_case(8, 10), _nll_case(64, 2)],
    mistakes=[
        (_summed, "the loss is summed, not averaged over the batch: divide by N, so the step size does "
                  "not depend on the batch size."),
        (_no_minus, "the sign is wrong: the negative log-likelihood is −mean(log p), a number ≥ 0."),
        (_probabilities, "you averaged the probabilities, not their logarithms: take log p of the true class."),
    ],
    explanation="`log_probs[np.arange(N), y]` picks, in each row, the entry of that row's label. "
                "Averaging (rather than summing) keeps the gradient's scale independent of the batch size.",
)


# --- 3. the temperature that gives a probability -----------------------------------------

#: softmax([2, 0] / T)_0 = σ(2/T) = 0.9  ⇔  2/T = log(0.9/0.1) = log 9.
_TEMPERATURE = float(2.0 / np.log(9.0))

TEMPERATURE_FOR_PROBABILITY = Exercise(
    NOTEBOOK, "temperature",
    "At what temperature T does softmax([2, 0] / T) give the first class probability 0.9?",
    _TEMPERATURE,
    mistakes=[
        (float(np.log(9.0) / 2.0), "you inverted the ratio: σ(2/T) = 0.9 gives 2/T = log 9, so T = 2 / log 9."),
        (float(2.0 / np.log(0.9)), "log(0.9) is the log of the probability, not of the odds: "
                                   "σ(a) = p means a = log(p / (1 − p))."),
    ],
    rtol=1e-3,
    code="temperature = 2 / np.log(0.9 / 0.1)  # σ(2/T) = 0.9  ⇔  2/T = log(0.9/0.1)",
    explanation="With two logits, $\\mathrm{softmax}(z_1, z_2)_1 = \\sigma(z_1 - z_2)$: here "
                "$\\sigma(2/T) = 0.9$, so $2/T = \\log\\frac{0.9}{0.1} = \\log 9$ and "
                "$T = 2/\\log 9 \\approx 0.910$.",
)



# --- 4. how fast the entropy grows with the temperature -----------------------------------

def entropy_slope(z, T):
    s = z / T
    p = np.exp(s - s.max())
    p = p / p.sum()                             # p = softmax(z/T), stably
    mean = (p * z).sum()                        # E_p[z]
    return (p * (z - mean) ** 2).sum() / T**3   # dH/dT = Var_p(z) / T³


def _over_T_squared(z, T):
    return entropy_slope(z, T) * T


def _unweighted_variance(z, T):
    return np.var(z) / T**3


def _slope_in_beta(z, T):
    return -entropy_slope(z, T) * T**2  # dH/dβ = −β Var_p(z)


ENTROPY_SLOPE = Exercise(
    NOTEBOOK, "entropy_slope",
    "Write dH/dT for p = softmax(z/T), a 1-D array of logits z: the variance of z under p over T³.",
    entropy_slope,
    cases=[
        (np.array([2.0, 1.0, 0.5, -0.5, -1.5]), 1.0),
        (np.array([2.0, 1.0, 0.5, -0.5, -1.5]), 0.3),
        (np.array([1.0, -1.0]), 4.0),
        (_rng.normal(size=7) * 3, 2.5),
        (np.array([1000.0, 999.0, 0.0]), 1.0),   # exp(1000) overflows unless shifted
        (np.array([0.5, 0.5, 0.5]), 1.0),        # equal logits: the entropy is log K at every T
    ],
    mistakes=[
        (_over_T_squared, "you divided by T², not T³: dH/dβ = −β·Var_p(z) brings one 1/T, and dβ/dT = −1/T² two more."),
        (_unweighted_variance, "you took the plain variance of the logits: the variance is under p, "
                               "Σ_k p_k (z_k − E_p[z])², with the softmax's probabilities as weights."),
        (_slope_in_beta, "that is dH/dβ = −β·Var_p(z), the slope in β = 1/T: multiply by dβ/dT = −1/T² to get dH/dT."),
    ],
    explanation="With $\\beta = 1/T$, $H = \\log Z - \\beta\\,\\mathbb{E}_p[z]$ and "
                "$dH/d\\beta = -\\beta\\,\\mathrm{Var}_p(z)$, so $dH/dT = \\mathrm{Var}_p(z)/T^3$. The variance is "
                "weighted by $p$; shifting $z/T$ by its maximum keeps the exponential finite, as in exercise 1.",
)

EXERCISES = (SOFTMAX_WITH_TEMPERATURE, BATCH_NLL, TEMPERATURE_FOR_PROBABILITY, ENTROPY_SLOPE)

"""Exercises of notebook 13, dropout: inverted dropout from uniform draws, its variance, the test-time scale of plain dropout."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "INVERTED_DROPOUT", "DROPOUT_VARIANCE", "TEST_TIME_SCALE",
           "inverted_dropout", "dropout_variance"]

NOTEBOOK = "13_dropout"
_rng = np.random.default_rng(13)


# --- 1. inverted dropout ------------------------------------------------------------------

def inverted_dropout(a, p, u):
    keep = u >= p               # each unit kept with probability 1 − p (u uniform on [0, 1))
    return a * keep / (1 - p)   # the kept units scaled up, so E[output] = a


def _not_scaled(a, p, u):
    return a * (u >= p)


def _scaled_down(a, p, u):
    return a * (u >= p) * (1 - p)


def _keeps_p(a, p, u):
    return a * (u < p) / (1 - p)


def _case(shape, p):
    return _rng.normal(size=shape), p, _rng.random(shape)


INVERTED_DROPOUT = Exercise(
    NOTEBOOK, "inverted_dropout",
    "Write inverted dropout a ⊙ m/(1 − p) from uniform draws u (same shape as a): unit k is kept when u_k ≥ p.",
    inverted_dropout,
    cases=[_case((4, 5), 0.5), _case((3, 8), 0.2), _case((10,), 0.8), _case((2, 3), 0.0)],
    mistakes=[
        (_not_scaled, "the kept units must be scaled by 1/(1 − p): without it the mean activation "
                      "falls to (1 − p)·a while training, and the evaluation network sees larger inputs than training did."),
        (_scaled_down, "that scales by (1 − p), the test-time factor of *plain* dropout; inverted dropout "
                       "divides the kept units by 1 − p while training, so evaluation needs no change."),
        (_keeps_p, "the mask is the wrong way round: a unit is *dropped* with probability p, so keep it "
                   "when u ≥ p (probability 1 − p)."),
    ],
)


# --- 2. the variance dropout adds ---------------------------------------------------------

def dropout_variance(a, p):
    return a ** 2 * p / (1 - p)  # E[z²] − a² with z = a·m/(1 − p): a²/(1 − p) − a²


def _bernoulli_variance(a, p):
    return a ** 2 * p * (1 - p)


def _no_square(a, p):
    return np.abs(a) * p / (1 - p)


def _second_moment(a, p):
    return a ** 2 / (1 - p)


DROPOUT_VARIANCE = Exercise(
    NOTEBOOK, "dropout_variance",
    "Write Var[z] for z = a·m/(1 − p), m ~ Bernoulli(1 − p): the noise inverted dropout adds to an activation a.",
    dropout_variance,
    cases=[(np.array([1.0, -2.0, 0.5]), 0.5), (np.array([3.0, 0.0, 1.0]), 0.2), (np.array([[1.0, 2.0]]), 0.9),
           (np.array([2.0]), 0.0)],
    mistakes=[
        (_bernoulli_variance, "p(1 − p) is the variance of the mask m itself; z = a·m/(1 − p) multiplies it by "
                              "a²/(1 − p)², which gives a²·p/(1 − p)."),
        (_no_square, "a variance scales with the square of the activation: a², not |a|."),
        (_second_moment, "that is E[z²]; the variance subtracts E[z]² = a²."),
    ],
)


# --- 3. plain dropout's test-time scale ---------------------------------------------------

TEST_TIME_SCALE = Exercise(
    NOTEBOOK, "test_time_scale",
    "With plain (not inverted) dropout at p = 0.2, kept units are not scaled while training. By what factor "
    "must the outgoing weights be multiplied at test time?",
    0.8,
    mistakes=[
        (0.2, "that is the probability of dropping a unit; the expected input a unit receives while training "
              "is (1 − p) times the full one."),
        (1.25, "1/(1 − p) is the factor inverted dropout applies to the kept units *while training*; plain "
               "dropout instead scales the weights *down* at test time."),
        (1.0, "without a rescaling the evaluation network's units receive 1/(1 − p) = 1.25 times the input they "
              "were trained on, on average."),
    ],
    rtol=1e-3,
    code="test_time_scale = 1 - 0.2  # W_test = (1 − p)·W: the expected input seen while training",
    explanation="While training, a unit receives $\\sum_j m_j a_j w_j$ with $\\mathbb{E}[m_j] = 1 - p$: on average "
                "$(1 - p)\\sum_j a_j w_j$. At test time every unit is present, so the paper multiplies the weights "
                "by $1 - p$ to give the same expected input. Inverted dropout moves that factor into training "
                "(dividing by $1 - p$ there).",
)

EXERCISES = (INVERTED_DROPOUT, DROPOUT_VARIANCE, TEST_TIME_SCALE)

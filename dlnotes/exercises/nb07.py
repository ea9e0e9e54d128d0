"""Exercises of notebook 07, expectation and gradient: an unbiased weighted minibatch gradient,
the variance of a minibatch mean, and the batch size for a target standard deviation."""

import numpy as np

from dlnotes.exercises.base import Exercise

__all__ = ["NOTEBOOK", "EXERCISES", "WEIGHTED_MINIBATCH_GRADIENT", "BATCH_VARIANCE", "BATCH_SIZE_FOR_STD",
           "weighted_minibatch_gradient", "batch_variance", "batch_size_for_std"]

NOTEBOOK = "07_expectation_and_gradient"
_rng = np.random.default_rng(7)


# --- 1. an unbiased minibatch gradient under non-uniform sampling ------------------------------

def weighted_minibatch_gradient(per_example, idx, probs):
    N = len(per_example)
    weights = 1 / (N * probs[idx])                       # rare examples count more, frequent ones less
    return (weights[:, None] * per_example[idx]).mean(axis=0)


def _plain_mean(per_example, idx, probs):
    return per_example[idx].mean(axis=0)


def _multiplied_by_probability(per_example, idx, probs):
    return (len(per_example) * probs[idx][:, None] * per_example[idx]).mean(axis=0)


def _without_n(per_example, idx, probs):
    return (per_example[idx] / probs[idx][:, None]).mean(axis=0)


def _weighted_case(N, P, B, uniform=False):
    per_example = _rng.normal(size=(N, P)) + np.arange(P)
    probs = np.full(N, 1 / N) if uniform else _rng.random(N) + 0.1
    probs = probs / probs.sum()
    idx = _rng.choice(N, size=B, replace=True, p=probs).astype(np.intp)
    return per_example, idx, probs


WEIGHTED_MINIBATCH_GRADIENT = Exercise(
    NOTEBOOK, "weighted_minibatch_gradient",
    "Example n is drawn with probability probs[n] (B independent draws, indices idx); return an unbiased "
    "estimate of the full gradient (1/N) Σ_n g_n from the drawn rows of per_example.",
    weighted_minibatch_gradient,
    cases=[
        _weighted_case(10, 2, 4, uniform=True),     # uniform sampling: the plain minibatch mean
        _weighted_case(10, 2, 4),
        _weighted_case(50, 3, 1),                   # a single draw
        _weighted_case(20, 2, 64),                  # more draws than examples: repeats
        _weighted_case(1000, 2, 16),
    ],
    mistakes=[
        (_plain_mean, "the plain mean of the drawn gradients is biased when the probabilities differ: "
                      "frequent examples are over-counted. Weight each drawn g_n by 1/(N·probs[n])."),
        (_multiplied_by_probability, "you multiplied by the probability: that over-counts frequent examples "
                                     "twice. Divide by N·probs[n] instead, so E = Σ_n probs[n]·g_n/(N·probs[n]) = mean g."),
        (_without_n, "you divided by probs[n] but not by N: that estimates the sum Σ_n g_n, N times the "
                     "mean gradient. Divide by N·probs[n]."),
    ],
    explanation="One draw $n$ with probability $p_n$ gives $g_n/(N p_n)$, whose expectation is "
                "$\\sum_n p_n \\cdot g_n/(N p_n) = \\frac1N \\sum_n g_n$: unbiased for any $p$ with every "
                "$p_n > 0$; averaging $B$ independent draws keeps it unbiased and divides its variance by $B$. "
                "With $p_n = 1/N$ it is the plain minibatch mean. This is *importance sampling*: choosing "
                "$p_n \\propto \\lVert g_n \\rVert$ makes the variance smallest.",
)


# --- 2. the variance of a minibatch mean (without replacement) ----------------------------------

def batch_variance(per_example, B):
    N = len(per_example)
    sigma2 = np.sum(np.var(per_example, axis=0))        # tr Cov of one example's gradient, over N (ddof=0)
    return sigma2 / B * (N - B) / (N - 1)               # with the finite-population correction


def _no_correction(per_example, B):
    return np.sum(np.var(per_example, axis=0)) / B


def _standard_deviation(per_example, B):
    return np.sqrt(batch_variance(per_example, B))


def _correction_over_n(per_example, B):
    N = len(per_example)
    return np.sum(np.var(per_example, axis=0)) / B * (N - B) / N


BATCH_VARIANCE = Exercise(
    NOTEBOOK, "batch_variance",
    "Given the per-example gradients (N, P), return tr Cov[ĝ_B] for a minibatch of B distinct examples "
    "drawn uniformly at random (without replacement).",
    batch_variance,
    cases=[
        (_rng.normal(size=(5, 2)), 1),
        (_rng.normal(size=(5, 2)), 3),
        (_rng.normal(size=(5, 2)), 5),                  # the whole data set: no noise at all
        (_rng.normal(size=(40, 3)) * 2 + 1, 10),
        (_rng.normal(size=(1000, 2)), 64),
    ],
    mistakes=[
        (_no_correction, "that is σ²/B, the variance with replacement: without replacement a batch cannot "
                         "repeat an example, and the variance carries the factor (N − B)/(N − 1) (zero at B = N)."),
        (_standard_deviation, "that is the standard deviation, which falls as 1/√B; the variance (its square) "
                              "falls as 1/B."),
        (_correction_over_n, "the finite-population correction is (N − B)/(N − 1), not (N − B)/N: at B = 1 "
                             "the minibatch is one example, with variance exactly σ²."),
    ],
    explanation="$\\sigma^2 = \\frac1N \\sum_n \\lVert g_n - \\bar g \\rVert^2$ is the variance of one example "
                "drawn at random. The $B$ draws without replacement are slightly negatively correlated "
                "(covariance $-\\sigma^2/(N-1)$ between two of them), which gives "
                "$\\frac{\\sigma^2}{B}\\big(1 - \\frac{B - 1}{N - 1}\\big) = \\frac{\\sigma^2}{B}\\cdot\\frac{N - B}{N - 1}$: "
                "$\\sigma^2$ at $B = 1$ and 0 at $B = N$. It is `E.minibatch_variance(per_example, B)`.",
)


# --- 3. the batch size for a target standard deviation -----------------------------------------

def batch_size_for_std(sigma2, N, target):
    for B in range(1, N + 1):                           # the first B whose standard deviation is small enough
        if np.sqrt(sigma2 / B * (N - B) / (N - 1)) <= target:
            return B
    return N                                            # (B = N always qualifies: its variance is 0)


def _target_as_variance(sigma2, N, target):
    return next(B for B in range(1, N + 1) if sigma2 / B * (N - B) / (N - 1) <= target)


def _ignoring_the_correction(sigma2, N, target):
    return min(N, int(np.ceil(sigma2 / target ** 2)))


def _one_over_sqrt_b_missed(sigma2, N, target):
    return next(B for B in range(1, N + 1) if np.sqrt(sigma2) / B * np.sqrt((N - B) / (N - 1)) <= target)


BATCH_SIZE_FOR_STD = Exercise(
    NOTEBOOK, "batch_size_for_std",
    "Given σ² (one example's gradient variance), N and a target, return the smallest batch size B "
    "(without replacement) whose minibatch gradient has standard deviation √(tr Cov[ĝ_B]) ≤ target.",
    batch_size_for_std,
    cases=[
        (0.229, 1000, 0.05),
        (0.229, 1000, 0.1),
        (1.0, 100, 0.1),
        (1.0, 10, 2.0),             # one example is already precise enough
        (4.0, 50, 1e-3),            # only the whole data set will do
        (2.5, 400, 0.3),
    ],
    mistakes=[
        (_target_as_variance, "you compared the variance with the target: the target is a standard "
                              "deviation, so compare √(σ²/B·(N − B)/(N − 1)) with it (or the variance with target²)."),
        (_ignoring_the_correction, "σ²/B ≤ target² ignores the finite-population correction (N − B)/(N − 1): "
                                   "without replacement a smaller batch is enough."),
        (_one_over_sqrt_b_missed, "you divided the standard deviation σ by B: the standard deviation falls "
                                  "as σ/√B (it is the variance that falls as 1/B)."),
    ],
    explanation="Halving the standard deviation takes four times the batch: $\\sqrt{\\sigma^2/B}$ falls "
                "as $1/\\sqrt B$. Solving $\\frac{\\sigma^2}{B}\\frac{N - B}{N - 1} \\le t^2$ gives "
                "$B \\ge \\frac{\\sigma^2 N}{t^2 (N - 1) + \\sigma^2}$; with $\\sigma^2 = 0.229$ (one example's "
                "gradient variance at the minimum, in the notebook), $N = 1000$ and $t = 0.05$: 84 examples "
                "(92 without the correction).",
)

EXERCISES = (WEIGHTED_MINIBATCH_GRADIENT, BATCH_VARIANCE, BATCH_SIZE_FOR_STD)

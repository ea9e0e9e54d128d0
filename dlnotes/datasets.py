"""Small data sets: seeded generators, and scikit-learn's bundled digits.

Every generator takes a ``seed`` (or an ``rng``, a ``np.random.Generator``) and
returns ``(X, y)``: X of shape (N, features), float64; y of shape (N,), of
dtype ``np.intp`` (the index type: 64-bit here, 32-bit under Pyodide, so that
``np.bincount`` and indexing take the labels as they are everywhere).
Sizes must be integers ≥ 1 and noise levels finite and ≥ 0: anything else is
an error naming the parameter. Nothing is downloaded: the digits ship inside scikit-learn.
"""

import numbers

import numpy as np

from dlnotes.checks import check_count, check_positive, check_real

__all__ = ["xor", "moons", "spirals", "blobs", "digits", "iris", "train_test_split", "one_dimensional"]


def _rng(seed, rng):
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a np.random.Generator (np.random.default_rng(seed)), "
                            f"got {type(rng).__name__}")
        return rng
    return np.random.default_rng(seed)


def _noise(noise, what="noise"):
    return check_positive(noise, what, allow_zero=True)


def xor(n=200, noise=0.1, seed=0, rng=None):
    """The XOR problem: points near the four corners of [−1, 1]², labelled x₁·x₂ < 0.

    Not linearly separable: the classic case a single perceptron cannot learn.
    """
    n, noise, rng = check_count(n, "xor: n"), _noise(noise, "xor: noise"), _rng(seed, rng)
    corners = rng.choice([-1.0, 1.0], size=(n, 2))
    X = corners + noise * rng.normal(size=(n, 2))
    y = (corners[:, 0] * corners[:, 1] < 0).astype(np.intp)
    return X, y


def moons(n=200, noise=0.1, seed=0, rng=None):
    """Two interleaving half circles (scikit-learn's ``make_moons``), seeded."""
    from sklearn.datasets import make_moons

    n, noise, rng = check_count(n, "moons: n"), _noise(noise, "moons: noise"), _rng(seed, rng)
    X, y = make_moons(n_samples=n, noise=noise, random_state=int(rng.integers(2**31 - 1)))
    return X.astype(np.float64), y.astype(np.intp)


def blobs(n=200, centers=3, std=1.0, seed=0, rng=None):
    """Gaussian blobs in 2-D (scikit-learn's ``make_blobs``), seeded."""
    from sklearn.datasets import make_blobs

    n, centers = check_count(n, "blobs: n"), check_count(centers, "blobs: centers")
    std, rng = check_positive(std, "blobs: std"), _rng(seed, rng)
    X, y = make_blobs(n_samples=n, centers=centers, cluster_std=std,
                      random_state=int(rng.integers(2**31 - 1)))
    return X.astype(np.float64), y.astype(np.intp)


def spirals(n_per_class=100, classes=2, noise=0.2, turns=1.0, seed=0, rng=None):
    """Interleaved spiral arms in 2-D, one per class: far from linearly separable.

    Arm c at radius r ∈ [0, 1] has angle 2π·turns·r + 2πc/classes, plus Gaussian noise.
    """
    n_per_class = check_count(n_per_class, "spirals: n_per_class")
    classes = check_count(classes, "spirals: classes")
    noise, turns = _noise(noise, "spirals: noise"), check_real(turns, "spirals: turns")
    rng = _rng(seed, rng)
    r = np.tile(np.linspace(0.05, 1.0, n_per_class), classes)
    c = np.repeat(np.arange(classes, dtype=np.intp), n_per_class)
    theta = 2 * np.pi * turns * r + 2 * np.pi * c / classes + noise * rng.normal(size=r.size)
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return X, c


def one_dimensional(fn=np.sin, n=100, low=-np.pi, high=np.pi, noise=0.0, seed=0, rng=None):
    """A 1-D regression problem: x evenly spaced on [low, high], y = fn(x) + noise.

    Returns X of shape (n, 1) and y of shape (n, 1), both float64.
    """
    if not callable(fn):
        raise TypeError(f"one_dimensional: fn must be a function of x, got {type(fn).__name__}")
    n, noise = check_count(n, "one_dimensional: n"), _noise(noise, "one_dimensional: noise")
    low, high = check_real(low, "one_dimensional: low"), check_real(high, "one_dimensional: high")
    if not low < high:
        raise ValueError(f"one_dimensional: low must be below high, got low={low} and high={high}")
    rng = _rng(seed, rng)
    x = np.linspace(low, high, n)
    y = np.asarray(fn(x), dtype=np.float64)
    if y.shape != (n,):
        raise ValueError(f"one_dimensional: fn must map x of shape ({n},) to the same shape, got {y.shape}")
    y = y + noise * rng.normal(size=n)
    return x[:, None], y[:, None]


def digits():
    """The 8×8 handwritten digits (1,797 images, 10 classes), bundled with scikit-learn.

    X holds the 64 pixels of each image scaled to [0, 1]; y the digit, 0 to 9.
    """
    from sklearn.datasets import load_digits

    data = load_digits()
    return data.data.astype(np.float64) / 16.0, data.target.astype(np.intp)


def train_test_split(X, y, test_size=0.2, seed=0):
    """A seeded, stratified split: X_train, X_test, y_train, y_test (scikit-learn's).

    ``test_size`` is either the fraction of the examples held out, in (0, 1), or
    their number, an integer from 1 to N − 1 (as in scikit-learn).
    """
    from sklearn.model_selection import train_test_split as split

    if len(X) != len(y):
        raise ValueError(f"train_test_split: X has {len(X)} rows but y has {len(y)}")
    if isinstance(test_size, numbers.Integral) and not isinstance(test_size, (bool, np.bool_)):
        test_size = check_count(test_size, "train_test_split: test_size (a number of examples)")
        if test_size >= len(X):
            raise ValueError(f"train_test_split: test_size must leave examples to train on: "
                             f"got {test_size} of {len(X)}")
    else:
        test_size = check_real(test_size, "train_test_split: test_size")
        if not 0 < test_size < 1:
            raise ValueError("train_test_split: test_size must be a fraction in (0, 1) or a number of "
                             f"examples, got {test_size}")
    return split(X, y, test_size=test_size, random_state=seed, stratify=y)


def iris(classes=(0, 1), features=(0, 2)):
    """Fisher's iris flowers (150, three species), bundled with scikit-learn.

    Keeps the rows of ``classes`` (0 setosa, 1 versicolor, 2 virginica), relabelled
    0, 1, ... in that order, and the columns ``features`` (0 sepal length, 1 sepal
    width, 2 petal length, 3 petal width, in cm). The default, setosa against
    versicolor by sepal and petal length, is linearly separable.
    """
    from sklearn.datasets import load_iris

    data = load_iris()
    keep = np.isin(data.target, classes)
    y = np.array([list(classes).index(c) for c in data.target[keep]], dtype=np.intp)
    return data.data[keep][:, list(features)].astype(np.float64), y

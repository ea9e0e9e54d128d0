"""Small data sets: seeded generators, and scikit-learn's bundled digits.

Every generator takes a ``seed`` (or an ``rng``, a ``np.random.Generator``) and
returns ``(X, y)``: X of shape (N, features), float64; y of shape (N,), ``np.intp``
(numpy's index integer: int64 here, int32 under Pyodide's 32-bit WebAssembly, where
``np.bincount`` and other index routines refuse int64).
Nothing is downloaded: the digits ship inside scikit-learn.
"""

import numpy as np

__all__ = ["xor", "moons", "spirals", "blobs", "digits", "train_test_split", "one_dimensional"]


def _rng(seed, rng):
    return rng if rng is not None else np.random.default_rng(seed)


def xor(n=200, noise=0.1, seed=0, rng=None):
    """The XOR problem: points near the four corners of [−1, 1]², labelled x₁·x₂ < 0.

    Not linearly separable: the classic case a single perceptron cannot learn.
    """
    rng = _rng(seed, rng)
    corners = rng.choice([-1.0, 1.0], size=(n, 2))
    X = corners + noise * rng.normal(size=(n, 2))
    y = (corners[:, 0] * corners[:, 1] < 0).astype(np.intp)
    return X, y


def moons(n=200, noise=0.1, seed=0, rng=None):
    """Two interleaving half circles (scikit-learn's ``make_moons``), seeded."""
    from sklearn.datasets import make_moons

    rng = _rng(seed, rng)
    X, y = make_moons(n_samples=n, noise=noise, random_state=int(rng.integers(2**31 - 1)))
    return X.astype(np.float64), y.astype(np.intp)


def blobs(n=200, centers=3, std=1.0, seed=0, rng=None):
    """Gaussian blobs in 2-D (scikit-learn's ``make_blobs``), seeded."""
    from sklearn.datasets import make_blobs

    rng = _rng(seed, rng)
    X, y = make_blobs(n_samples=n, centers=centers, cluster_std=std,
                      random_state=int(rng.integers(2**31 - 1)))
    return X.astype(np.float64), y.astype(np.intp)


def spirals(n_per_class=100, classes=2, noise=0.2, turns=1.0, seed=0, rng=None):
    """Interleaved spiral arms in 2-D, one per class: far from linearly separable.

    Arm c at radius r ∈ [0, 1] has angle 2π·turns·r + 2πc/classes, plus Gaussian noise.
    """
    rng = _rng(seed, rng)
    r = np.tile(np.linspace(0.05, 1.0, n_per_class), classes)
    c = np.repeat(np.arange(classes), n_per_class)
    theta = 2 * np.pi * turns * r + 2 * np.pi * c / classes + noise * rng.normal(size=r.size)
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return X, c.astype(np.intp)


def one_dimensional(fn=np.sin, n=100, low=-np.pi, high=np.pi, noise=0.0, seed=0, rng=None):
    """A 1-D regression problem: x evenly spaced on [low, high], y = fn(x) + noise.

    Returns X of shape (n, 1) and y of shape (n, 1), both float64.
    """
    rng = _rng(seed, rng)
    x = np.linspace(low, high, n)
    y = fn(x) + noise * rng.normal(size=n)
    return x[:, None], y[:, None]


def digits():
    """The 8×8 handwritten digits (1,797 images, 10 classes), bundled with scikit-learn.

    X holds the 64 pixels of each image scaled to [0, 1]; y the digit, 0 to 9.
    """
    from sklearn.datasets import load_digits

    data = load_digits()
    return data.data.astype(np.float64) / 16.0, data.target.astype(np.intp)


def train_test_split(X, y, test_size=0.2, seed=0):
    """A seeded, stratified split: X_train, X_test, y_train, y_test (scikit-learn's)."""
    from sklearn.model_selection import train_test_split as split

    return split(X, y, test_size=test_size, random_state=seed, stratify=y)

"""Plots of minibatch gradients: their spread (a covariance ellipse) in 2-D."""

import numpy as np
from matplotlib.patches import Ellipse

__all__ = ["ellipse_geometry", "covariance_ellipse"]


def ellipse_geometry(cov, n_std=2.0):
    """(width, height, angle in degrees) of the ellipse {v : vᵀ Cov⁻¹ v = n_std²}.

    The axes point along the eigenvectors of the 2×2 covariance, with half-lengths
    n_std·√(eigenvalue): the ellipse is the set of points n_std standard deviations
    from the centre in the Mahalanobis sense. ``angle`` is that of the width's axis.
    """
    cov = np.asarray(cov, dtype=float)
    if cov.shape != (2, 2) or not np.all(np.isfinite(cov)) or not np.allclose(cov, cov.T):
        raise ValueError(f"cov must be a finite symmetric 2×2 matrix, got {cov!r}")
    if not n_std > 0:
        raise ValueError(f"n_std must be > 0, got {n_std!r}")
    eigenvalues, eigenvectors = np.linalg.eigh(cov)
    if eigenvalues[0] < -1e-12 * max(abs(eigenvalues[1]), 1.0):
        raise ValueError(f"cov must be positive semi-definite, eigenvalues {eigenvalues}")
    eigenvalues = np.maximum(eigenvalues, 0.0)
    width, height = 2 * n_std * np.sqrt(eigenvalues[::-1])  # the major axis first
    major = eigenvectors[:, 1]
    angle = float(np.degrees(np.arctan2(major[1], major[0])))
    return float(width), float(height), angle


def covariance_ellipse(ax, mean, cov, n_std=2.0, **kwargs):
    """Add the n_std-standard-deviation ellipse of ``cov`` around ``mean`` to ``ax``; return it."""
    width, height, angle = ellipse_geometry(cov, n_std)
    style = dict(fill=False, linewidth=1.5) | kwargs
    ellipse = Ellipse(tuple(np.asarray(mean, dtype=float)), width, height, angle=angle, **style)
    ax.add_patch(ellipse)
    return ellipse

"""The covariance ellipse: its boundary lies n_std Mahalanobis units from the centre."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlnotes.plots import new_figure  # noqa: E402
from dlnotes.plots.batches import covariance_ellipse, ellipse_geometry  # noqa: E402


def test_axis_aligned_covariance():
    width, height, angle = ellipse_geometry(np.diag([4.0, 1.0]), n_std=2.0)
    assert (width, height) == pytest.approx((8.0, 4.0))
    assert angle % 180 == pytest.approx(0.0, abs=1e-9)
    width, height, angle = ellipse_geometry(np.diag([1.0, 9.0]), n_std=1.0)
    assert (width, height) == pytest.approx((6.0, 2.0))
    assert angle % 180 == pytest.approx(90.0)


def test_boundary_is_at_n_std_mahalanobis_distance():
    rng = np.random.default_rng(0)
    M = rng.normal(size=(2, 2))
    cov = M @ M.T + 0.1 * np.eye(2)
    fig, ax = new_figure()
    ellipse = covariance_ellipse(ax, (1.0, -2.0), cov, n_std=2.0)
    on_curve = ellipse.get_path().vertices[:-1:3]  # the Bézier segments' end points (not control points)
    points = ellipse.get_patch_transform().transform(on_curve) - np.array([1.0, -2.0])
    distances = np.sqrt(np.einsum("ij,jk,ik->i", points, np.linalg.inv(cov), points))
    assert np.allclose(distances, 2.0, atol=1e-6)
    assert ellipse in ax.patches


@pytest.mark.parametrize("cov", [np.eye(3), [[1.0, 2.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, np.nan]],
                                 [[1.0, 0.0], [0.0, -1.0]]])
def test_bad_covariance_is_a_value_error(cov):
    with pytest.raises(ValueError, match="cov"):
        ellipse_geometry(cov)


def test_bad_n_std_is_a_value_error():
    with pytest.raises(ValueError, match="n_std"):
        ellipse_geometry(np.eye(2), n_std=0.0)

"""Contours of a loss surface and a trajectory on them."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlnotes.plots import new_figure, png_bytes  # noqa: E402
from dlnotes.plots.surfaces import surface_contours, trajectory  # noqa: E402
from dlnotes.surfaces import Quadratic, descend  # noqa: E402


def test_contours_and_trajectory_draw():
    surface = Quadratic((1.0, 10.0), np.pi / 6)
    fig, ax = new_figure()
    contours = surface_contours(ax, surface, lim=2.0, num_levels=8)
    assert len(contours.levels) == 8 and np.all(np.diff(contours.levels) > 0)
    assert ax.get_xlim() == (-2.0, 2.0) and ax.get_ylim() == (-2.0, 2.0)
    assert any("steep: λ = 10" in t.get_text() for t in ax.texts)
    run = descend(surface, np.array([-1.0, 1.0]), 0.1, 10)
    line = trajectory(ax, run.trajectory)
    assert np.array_equal(line.get_xdata(), run.trajectory[:, 0])
    assert png_bytes(fig)[:4] == b"\x89PNG"


def test_bad_limits_are_value_errors():
    fig, ax = new_figure()
    with pytest.raises(ValueError, match="lim"):
        surface_contours(ax, Quadratic(), lim=0.0)

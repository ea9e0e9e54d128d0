"""Contours of a loss surface and a trajectory on them."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlnotes.plots import new_figure, png_bytes  # noqa: E402
from dlnotes.plots.surfaces import exit_point, surface_contours, trajectory  # noqa: E402
from dlnotes.surfaces import Quadratic, descend  # noqa: E402


def test_contours_and_trajectory_draw():
    surface = Quadratic((1.0, 10.0), np.pi / 6)
    fig, ax = new_figure()
    contours = surface_contours(ax, surface, lim=2.0, num_levels=8)
    assert len(contours.levels) == 8 and np.all(np.diff(contours.levels) > 0)
    assert ax.get_xlim() == (-2.0, 2.0) and ax.get_ylim() == (-2.0, 2.0)
    assert any("steep\nλ = 10" in t.get_text() for t in ax.texts)
    run = descend(surface, np.array([-1.0, 1.0]), 0.1, 10)
    line = trajectory(ax, run.trajectory)
    assert np.array_equal(line.get_xdata(), run.trajectory[:, 0])
    assert png_bytes(fig)[:4] == b"\x89PNG"


def test_bad_limits_are_value_errors():
    fig, ax = new_figure()
    with pytest.raises(ValueError, match="lim"):
        surface_contours(ax, Quadratic(), lim=0.0)


def test_labels_sit_on_white_boxes_and_name_the_eigenvectors():
    fig, ax = new_figure()
    surface_contours(ax, Quadratic((1.0, 10.0), np.pi / 6))
    labels = [t for t in ax.texts if "λ" in t.get_text()]
    assert [t.get_text() for t in labels] == ["q1 flat\nλ = 1", "q2 steep\nλ = 10"]
    assert all(t.get_bbox_patch() is not None and t.get_fontsize() >= 8 for t in labels)


def test_exit_point_is_where_the_path_crosses_the_edge():
    assert exit_point(np.array([[0.0, 0.0], [1.0, 1.0]]), 2.0) is None
    step, point = exit_point(np.array([[0.0, 0.0], [1.0, 0.5], [3.0, 1.5], [0.0, 0.0]]), 2.0)
    assert step == 2 and np.allclose(point, [2.0, 1.0])
    step, point = exit_point(np.array([[5.0, 0.0], [0.0, 0.0]]), 2.0)
    assert step == 0 and np.allclose(point, [5.0, 0.0])


def test_a_path_that_leaves_is_drawn_to_the_edge_and_marked():
    surface = Quadratic((1.0, 10.0), np.pi / 6)
    fig, ax = new_figure()
    surface_contours(ax, surface, lim=9.0, eigenvectors=False)
    with pytest.raises(Exception) as caught:
        descend(surface, np.array([-2.5, 1.5]), 0.22, 60)
    thetas = caught.value.descent.trajectory
    line = trajectory(ax, thetas)
    step, point = exit_point(thetas, 9.0)
    assert len(line.get_xdata()) == step + 1
    assert np.all(np.abs(line.get_xdata()) <= 9.0 + 1e-9) and np.all(np.abs(line.get_ydata()) <= 9.0 + 1e-9)
    assert any(t.get_text() == f"leaves the plot\nat step {step}" for t in ax.texts)

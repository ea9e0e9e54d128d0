"""Every widget of the collection, as the benchmark builds it: each move shows what a whole draw shows.

The frame cache (:class:`dlnotes.widgets.base.FrameCache`) keeps the frames and
every artist an update has not changed in a cached background and redraws the
rest. Here every control of every widget builder is moved through the values
the benchmark sweeps, and after each move the image must equal a whole draw of
the same figure, so that nothing cached is stale, missing or covered. Every
control that can update while dragged must do so.
"""

import io
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dlnotes.plots.style import png_bytes
from dlnotes.torch_bridge import TorchMissing

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from widget_sweeps import control_moves, notebook_inputs, widget_builders  # noqa: E402  (as the benchmark)


BUILDERS = [pytest.param(builder, id=f"{module}.{name}") for module, name, builder in widget_builders()]


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("L")).astype(int)


def whole_draw(figure):
    """A whole draw of ``figure``, leaving the artists' stale flags (what the cache reads) as they were."""
    artists = figure.findobj()
    flags = [a.stale for a in artists]
    try:
        return png_bytes(figure)
    finally:
        for artist, flag in zip(artists, flags):
            artist._stale = flag


def differing(widget):
    blitted, whole = pixels(widget.image.value), pixels(whole_draw(widget.figure))
    assert blitted.shape == whole.shape
    # Anti-aliased edges may differ by a shade; nothing may be missing or moved.
    return int((np.abs(blitted - whole) > 60).sum()), blitted.size


def build(builder):
    try:
        return builder(**(notebook_inputs(builder.__name__) or {}))
    except TorchMissing:
        pytest.skip("PyTorch is not installed: this widget compares with it")


def test_every_widget_builder_is_found():
    assert len(BUILDERS) >= 20


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_move_shows_what_a_whole_draw_shows(builder):
    widget = build(builder)
    for name, control in widget.controls.items():
        for value in control_moves(control, 6):
            if value == control.value:
                continue
            control.value = value
            bad, size = differing(widget)
            assert bad < 0.002 * size, f"{name} = {value}: {bad} pixels differ from a whole draw"


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_slider_updates_while_dragged(builder):
    widget = build(builder)
    sliders = [c for c in widget.controls.values() if c.has_trait("continuous_update")]
    assert all(c.continuous_update is True for c in sliders)

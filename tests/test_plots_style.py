"""freeze_layout: lay a widget figure out once, then keep that layout."""

from dlnotes.plots.style import freeze_layout, new_figure, png_bytes


def test_freezing_keeps_the_constrained_layout_positions():
    fig, (ax0, ax1) = new_figure(1, 2)
    ax0.set_ylabel("a long label that needs a margin")
    ax1.set_title("a title")
    freeze_layout(fig)
    # No engine at all: with one, even a placeholder, savefig draws the figure twice.
    assert fig.get_layout_engine() is None
    laid_out = [ax.get_position().bounds for ax in fig.axes]
    default = new_figure(1, 2)[0]
    default.set_layout_engine("none")
    assert laid_out != [ax.get_position().bounds for ax in default.axes]  # the layout ran
    png_bytes(fig)
    assert [ax.get_position().bounds for ax in fig.axes] == laid_out  # and stays put


def test_freezing_twice_is_harmless():
    fig, _ = new_figure()
    assert freeze_layout(freeze_layout(fig)) is fig

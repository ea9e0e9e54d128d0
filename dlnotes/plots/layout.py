"""Freezing a widget figure's layout, so that a redraw only draws."""

__all__ = ["freeze_layout"]


def freeze_layout(fig):
    """Lay ``fig`` out once (constrained layout) and keep that layout from then on.

    The collection's figures use constrained layout, which measures every tick
    label on every draw; for a widget whose axes limits do not change that is
    wasted work on each redraw, often more than the drawing itself.
    """
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")
    return fig

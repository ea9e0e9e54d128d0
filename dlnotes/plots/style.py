"""The collection's plotting style, applied per figure (global settings untouched)."""

import io

import matplotlib as mpl
from matplotlib.figure import Figure

__all__ = ["STYLE", "COLORS", "subplots", "new_figure", "png_bytes", "freeze_layout"]

#: Colours for classes and curves, colour-blind friendly (Okabe–Ito).
COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
          "#D55E00", "#F0E442", "#000000", "#999999", "#882255"]

#: matplotlib settings every figure of the collection is drawn with.
STYLE = {
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=COLORS),
    "legend.frameon": False,
    "image.cmap": "viridis",
    "figure.constrained_layout.use": True,
}


def subplots(nrows=1, ncols=1, size=(4.5, 3.2), **kwargs):
    """``plt.subplots`` in the collection's style; ``size`` is one panel's (width, height)."""
    import matplotlib.pyplot as plt

    with mpl.rc_context(STYLE):
        return plt.subplots(nrows, ncols, figsize=(size[0] * ncols, size[1] * nrows), **kwargs)


def new_figure(nrows=1, ncols=1, size=(4.5, 3.2), **kwargs):
    """A (Figure, axes) pair outside pyplot, for widgets: never shown twice, never leaked."""
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(size[0] * ncols, size[1] * nrows))
        axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def png_bytes(fig):
    """The whole figure rendered as PNG bytes, at the figure's own dpi.

    No ``rc_context(STYLE)`` here: the style is for making figures, and saving
    under it would give a figure whose layout was frozen a new layout engine.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    return buffer.getvalue()


def freeze_layout(fig):
    """Lay ``fig`` out once (constrained layout) and keep that layout from then on.

    Constrained layout measures every tick label on every draw, and while a
    figure has any layout engine, ``savefig`` draws it twice. A widget whose
    axes do not move pays for neither: its figure is laid out once, then its
    engine removed (``None``, not matplotlib's do-nothing placeholder).
    """
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
    return fig

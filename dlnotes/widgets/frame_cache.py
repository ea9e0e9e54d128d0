"""The frame cache behind every widget's redraw: draw once, then redraw only what an update changed.

:class:`FrameCache` renders a figure whose layout is frozen. The first render
draws everything into a background; on a later render, only the artists an
update marked changed (matplotlib's ``stale`` flag), and what lies over them,
are drawn again on top of that background, so a slider move costs what it
changes, not what the figure holds.
"""

import io

import matplotlib.colors
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import Collection
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.spines import Spine
from matplotlib.text import Text
from matplotlib.transforms import Bbox, BboxTransformFrom
from PIL import Image

__all__ = ["FrameCache", "RECENT"]


#: An artist unchanged for this many renders goes back into the background when that is next
#: drawn (so that moving another control stops redrawing what the first one changed).
RECENT = 6


def _tick_places(axis, ticks, limits):
    """The ticks' values, their places along the axis (as fractions of its length), their labels."""
    if len(ticks) == 0:
        return ()
    scale = axis.get_transform()
    places = scale.transform(np.asarray(ticks, dtype=float))
    low, high = scale.transform(np.asarray(limits, dtype=float))
    # The labels too: labels set by hand (set_xticklabels) change without the ticks moving.
    return (tuple(ticks), tuple(np.round((places - low) / (high - low), 5)),
            tuple(axis.get_major_formatter().format_ticks(ticks)))


def _legend_state(legend):
    """What a legend shows that an update can change: which legend, whether shown, its texts.

    The legend's identity counts too: an update that makes a new legend (``ax.legend()``
    again) may have new handles under the same texts.
    """
    if legend is None:
        return None
    return (id(legend), legend.get_visible(), legend.get_title().get_text(),
            tuple(t.get_text() for t in legend.texts))


def _extent(artist, renderer):
    """Where ``artist`` may paint, in pixels, widened by its line width; None when unknown (anywhere)."""
    try:
        box = artist.get_window_extent(renderer)
        if isinstance(artist, Text) and artist.get_bbox_patch() is not None:
            artist.update_bbox_position_size(renderer)
            box = Bbox.union([box, artist.get_bbox_patch().get_window_extent(renderer)])
        width = artist.get_linewidth() if hasattr(artist, "get_linewidth") else 0.0
        width = float(np.max(width)) if np.size(width) else 0.0
        if isinstance(artist, Collection) and not np.all(np.isfinite(box.get_points())):
            # A scatter cannot say where it draws (a null box): where its points are, widened by
            # the largest marker.
            if len(artist.get_offsets()) == 0 and len(artist.get_paths()) == 0:
                return Bbox.null()  # draws nothing
            box = artist.get_datalim(artist.axes.transData).transformed(artist.axes.transData)
            sizes = artist.get_sizes() if hasattr(artist, "get_sizes") else ()
            width += 2 * float(np.sqrt(np.max(sizes))) if len(sizes) else 0.0
    except Exception:  # an artist that cannot say where it draws: assume everywhere
        return None
    if not np.all(np.isfinite(box.get_points())):
        return None
    return box.padded(1 + width * renderer.dpi / 72 / 2)  # half the line outside the path, 1 px of anti-aliasing


def _placed_when_drawn(artist):
    """A legend at loc="best": each draw places it where the data is not, so it may move with them."""
    return isinstance(artist, Legend) and artist._loc in (0, "best")


def _in_data_coordinates(artist, ax):
    """Whether ``artist`` moves with the axes' limits (a title or a legend does not)."""
    try:
        return any(artist.get_transform().contains_branch_seperately(ax.transData))
    except Exception:  # cannot tell: assume it moves
        return True


def _decorations(ax, renderer):
    """Where a draw of ``ax`` paints its frame: its background, its axes' ticks and labels; None if nowhere."""
    if not ax.axison:
        return None
    boxes = [ax.bbox] if ax.get_frame_on() else []
    boxes += [axis.get_tightbbox(renderer) for axis in (ax.xaxis, ax.yaxis) if axis.get_visible()]
    boxes = [b for b in boxes if b is not None and b.width > 0 and b.height > 0]
    return Bbox.union(boxes) if boxes else None


def _unclipped(ax):
    """The content of ``ax`` that may draw outside it (texts are not clipped unless asked)."""
    return [a for a in ax.get_children() if a.get_visible() and not a.get_clip_on()
            and a not in (ax.xaxis, ax.yaxis, ax.patch, *ax.spines.values())]


def _meets(artist, extent, box, renderer):
    """Whether ``artist`` (which paints within ``extent``) may paint inside ``box``.

    A line or a spine is tested along its path, not by its bounding box: a curve
    across an axes passes beside most of what is drawn above it (a legend, a label).
    """
    if extent is None or box is None:
        return True
    if not extent.overlaps(box):
        return False
    if isinstance(artist, (Line2D, Spine)):
        path = artist.get_transform().transform_path(artist.get_path())
        if not np.all(np.isfinite(path.vertices)):
            return True
        markers = artist.get_markersize() if isinstance(artist, Line2D) else 0.0
        reach = 1 + (artist.get_linewidth() + markers) * renderer.dpi / 72 / 2
        return path.intersects_bbox(box.padded(reach), filled=False)
    return True


class _Sprite:
    """One artist drawn alone on a transparent layer, to lay over what is drawn below it.

    Agg blends a drawing onto what is below it by its coverage (alpha); laying
    the layer over does the same, so the result matches drawing the artist in
    place, to a shade where anti-aliased edges of its own parts overlap.
    """

    def __init__(self, artist, figure, renderer):
        """Draw ``artist`` of ``figure`` on ``renderer``, a cleared (transparent) one of the figure's size."""
        height = int(figure.bbox.height)
        artist.draw(renderer)
        artist.stale = False
        layer = np.asarray(renderer.buffer_rgba())
        rows, cols = np.nonzero(layer[..., 3].any(axis=1))[0], np.nonzero(layer[..., 3].any(axis=0))[0]
        if len(rows) == 0:  # draws nothing
            self.rows = self.cols = slice(0, 0)
            self.color = self.alpha = np.zeros((0, 0, 1), dtype=np.float32)
            self.box = Bbox([[0, 0], [0, 0]])
            return
        self.rows, self.cols = slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)
        part = layer[self.rows, self.cols].astype(np.float32) / 255
        self.alpha = part[..., 3:]
        self.color = part[..., :3] * self.alpha  # premultiplied
        # Where it paints, in display coordinates (y up), for the overlap tests.
        self.box = Bbox([[cols[0], height - rows[-1] - 1], [cols[-1] + 1, height - rows[0]]])

    def lay_over(self, pixels):
        """Composite the layer over ``pixels`` (the canvas, RGBA bytes), in place."""
        below = pixels[self.rows, self.cols].astype(np.float32) / 255
        out = np.empty_like(below)
        out[..., :3] = self.color + below[..., :3] * (1 - self.alpha)
        out[..., 3:] = self.alpha + below[..., 3:] * (1 - self.alpha)
        pixels[self.rows, self.cols] = np.round(out * 255).astype(np.uint8)


class FrameCache:
    """Renders a figure to PNG, redrawing only what an update changed (blitting).

    Drawing a small figure costs mostly text: tick labels, legends, the labels
    of a graph's boxes. So a cached background holds each axes' frame (its
    background, ticks, tick and axis labels, grid) and every *static* artist,
    one that updates have not changed; a render restores it and draws the
    *dynamic* artists on top, each axes' in z-order. An artist is dynamic once
    an update has changed it (matplotlib marks it stale; new limits move every
    artist drawn in data coordinates), or when it is new. Spines and legends
    are artists like the others, so that what is redrawn below them does not
    cover them.

    A static artist drawn above a dynamic one that it meets (a legend over a
    curve, a box over an edge label) must stay above it: it is drawn once on a
    layer of its own (a sprite) and laid over in z-order. When a dynamic
    artist of one axes meets the frame of an axes drawn after it, the whole
    figure is drawn, as a whole draw would put that frame on top.

    The background is drawn anew when an update changes or removes a static
    artist (the artists unchanged for :data:`RECENT` renders then go back into
    it), and when ticks, tick labels, axis labels or a legend's texts change:
    then only the axes whose frame changed, and those whose frames meet them,
    are repainted. A legend placed at loc="best" is pinned where the first
    draw put it. After the first moves of a control, a move redraws what that
    control changes and nothing else; the image equals a whole draw of the
    figure (``tests/test_widgets_blitting.py`` checks it for every widget).
    """

    def __init__(self, figure):
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.background = None
        self.signature = None
        self.cached = set()  # static artists drawn into the background
        self.dynamic = set()  # artists drawn on top at every render
        self.extents = {}  # where an artist paints, measured when needed, kept until it changes
        self.sprites = {}  # a static artist above a dynamic one it meets: its own drawing, laid over
        self.measured = {}  # axes number: its frame's box, measured for this render
        self.renders = 0
        self.last_changed = {}  # artist: the render at which an update last changed it

    def _frame_signature(self):
        """What the frames show: each axes' place, scales, labels, ticks and where they land.

        Limits count only through the ticks: an axes without ticks can pan and
        zoom with its frame unchanged.
        """
        return [(ax.get_position().bounds, ax.get_xscale(), ax.get_yscale(), ax.get_xlabel(),
                 ax.get_ylabel(), ax.get_visible(), ax.axison, ax.get_frame_on(),
                 _tick_places(ax.xaxis, ax.get_xticks(), ax.get_xlim()),
                 _tick_places(ax.yaxis, ax.get_yticks(), ax.get_ylim()),
                 _legend_state(ax.get_legend()))
                if ax.axison else  # no axis drawn: its ticks and labels do not show
                (ax.get_position().bounds, ax.get_visible(), ax.axison, _legend_state(ax.get_legend()))
                for ax in self.figure.axes]

    @staticmethod
    def _content(ax):
        # Spines and legends are content, drawn in z-order: an image redrawn below them
        # must not cover them. Unchanged, they stay in the cached background.
        frame = {ax.patch, ax.xaxis, ax.yaxis}
        if not (ax.axison and ax.get_frame_on()):  # as Axes.draw: no spines then
            frame.update(ax.spines.values())
        return sorted((a for a in ax.get_children() if a not in frame and a.get_visible()),
                      key=lambda a: a.get_zorder())

    def _pin_legends(self):
        """Keep each legend placed at loc="best" where the first draw put it.

        "best" is chosen anew at every draw, away from the data: while a slider
        is dragged the legend would jump about, and it would have to be redrawn
        at every move. Pinned, it stays put, and in the cached background.
        """
        renderer = self.canvas.get_renderer()
        for ax in self.figure.axes:
            legend = ax.get_legend()
            if legend is not None and _placed_when_drawn(legend):
                box = legend.get_window_extent(renderer).transformed(BboxTransformFrom(legend.get_bbox_to_anchor()))
                legend.set_loc((float(box.x0), float(box.y0)))

    def _covered(self, contents, cached, renderer):
        """The artists of ``cached`` drawn above an uncached artist of their axes that they overlap."""
        covered = set()
        def extent(artist):  # measured only when something cached lies above it, kept until it changes
            if artist not in self.extents:
                sprite = self.sprites.get(artist)
                self.extents[artist] = sprite.box if sprite is not None else _extent(artist, renderer)
            return self.extents[artist]

        for artists in contents:
            below = []  # the artists redrawn so far in this axes
            for artist in artists:
                if artist not in cached:
                    below.append(artist)
                elif below:
                    box = extent(artist)
                    if any(_meets(other, extent(other), box, renderer) for other in below):
                        covered.add(artist)
                        below.append(artist)  # laid over from now on: it may cover what lies above it
        return covered

    def _draw_background(self, hidden, axes=None):
        """Draw every frame and static artist (all but ``hidden``), or only those of ``axes``."""
        if self.background is None:
            # A whole draw first: an axes' draw places its titles above its
            # decorations. The layout is frozen, so they stay there.
            self.canvas.draw()
            self._pin_legends()
        placed = [(a, a.get_position()) for a in hidden if isinstance(a, Text)]
        for artist in hidden:
            artist.set_visible(False)
        try:
            if axes is None:
                self.canvas.draw()
            else:
                self.canvas.restore_region(self.background)
                pixels = np.asarray(self.canvas.buffer_rgba())
                color = np.round(255 * np.asarray(
                    matplotlib.colors.to_rgba(self.figure.get_facecolor()))).astype(np.uint8)
                height = pixels.shape[0]
                for ax, region in axes:
                    (x0, y0), (x1, y1) = np.clip(np.round(region.get_points()), 0, None).astype(int)
                    pixels[max(height - y1, 0):height - y0, x0:x1] = color
                for ax, _ in axes:
                    self.figure.draw_artist(ax)
                del pixels
        finally:
            for artist in hidden:
                artist.set_visible(True)
            # Drawn with the titles hidden, the axes moved them: put them back.
            for text, position in placed:
                text.set_position(position)
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def _frame_regions(self, changed, renderer):
        """(axes, region to repaint) for the axes whose frame changed and every axes whose frame their regions meet.

        None when that is every axes, or when a region meets a figure legend or text:
        then the whole background is drawn anew.
        """
        axes = self.figure.axes
        if len(self.frames_box) != len(axes):
            return None
        regions = {}
        for k in changed:
            new = self.measured[k] = axes[k].get_tightbbox(renderer, bbox_extra_artists=_unclipped(axes[k]))
            old = self.frames_box[k]
            if new is None or old is None:
                return None
            regions[k] = Bbox.union([new, old]).padded(4)
        while True:  # an axes whose frame a region meets is repainted too
            met = {j for j, box in enumerate(self.frames_box) if j not in regions
                   and (box is None or any(r.overlaps(box) for r in regions.values()))}
            if not met:
                break
            for j in met:
                if self.frames_box[j] is None:
                    return None
                regions[j] = self.frames_box[j].padded(4)
        if len(regions) == len(axes):
            return None
        if any(box is None or r.overlaps(box) for r in regions.values() for box in self.figure_boxes):
            return None  # a figure legend or text next to them
        return [(axes[k], Bbox.intersection(regions[k], self.figure.bbox)) for k in sorted(regions)
                if Bbox.intersection(regions[k], self.figure.bbox) is not None]

    def render(self):
        """The figure as PNG bytes."""
        renderer = self.canvas.get_renderer()
        self.measured = {}
        shown = [ax for ax in self.figure.axes if ax.get_visible()]
        contents = [self._content(ax) for ax in shown]
        current = {a for artists in contents for a in artists}
        signature = self._frame_signature()
        if self.background is None:  # the first render: everything is static until an update changes it
            self._draw_background(set())
            self._cache(current, set(), {}, signature, renderer)
        else:
            # Changed by the update (matplotlib marks it stale), or new.
            changed = {a for a in current if a.stale or _placed_when_drawn(a)
                       or (a not in self.cached and a not in self.sprites and a not in self.dynamic)}
            # New limits move every artist of the axes drawn in data coordinates, unchanged as it is.
            limits = [(ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes]
            for ax, artists in zip(shown, contents):
                k = self.figure.axes.index(ax)
                if k >= len(self.limits) or limits[k] != self.limits[k]:
                    changed.update(a for a in artists if _in_data_coordinates(a, ax))
            self.renders += 1
            for artist in changed:
                self.last_changed[artist] = self.renders
                self.extents.pop(artist, None)  # it may paint elsewhere now
            dynamic = (self.dynamic & current) | changed
            sprites = {a: sprite for a, sprite in self.sprites.items() if a in current and a not in dynamic}
            self.limits = limits
            rebuild = (bool(changed & self.cached) or bool(self.cached - current)
                       or len(sprites) != len(self.sprites) or len(signature) != len(self.signature))
            self.dynamic, self.sprites = dynamic, sprites
            frames = [k for k, (old, new) in enumerate(zip(self.signature, signature)) if old != new]
            if rebuild:
                # Every static artist drawn above one that changed and meeting it is laid over
                # it, drawn on its own (a sprite), instead of being in the background.
                # Chosen anew below; a sprite of an unchanged artist is kept as it was drawn.
                kept, self.sprites = self.sprites, {}
                # The background is drawn anew anyway: what has stopped changing (another control
                # moves now) goes back into it.
                self.dynamic = {a for a in self.dynamic if self.renders - self.last_changed.get(a, 0) < RECENT}
                self.last_changed = {a: n for a, n in self.last_changed.items() if a in current}
                static = current - self.dynamic
                while covered := self._covered(contents, static, renderer):
                    static -= covered
                    self.sprites.update((a, kept.get(a)) for a in covered)
                self._draw_background(current - static)
            elif frames:
                regions = self._frame_regions(frames, renderer)
                self._draw_background(self.dynamic | set(self.sprites), regions)
            if rebuild or frames:
                self._cache(current, self.dynamic & current, self.sprites, signature, renderer, frames)
        self._compose(shown, contents)
        # Measured after drawing, when the texts' layouts are known: does anything that
        # changed now meet a cached artist drawn above it? Then that one is laid over it.
        if self._covered(contents, self.cached, renderer):
            static = self.cached
            while covered := self._covered(contents, static, renderer):
                static = static - covered
                self.sprites.update((a, None) for a in covered)
            self._draw_background(current - static)
            self._cache(current, self.dynamic & current, self.sprites, signature, renderer, [])
            self._compose(shown, contents)
        if self._crosses(shown, contents, renderer):
            # What changed in one axes lies under another axes' frame, which a whole draw puts
            # above it: draw the whole figure (the cache stays as it is).
            self.canvas.draw()
        image = Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba(),
                                 "raw", "RGBA", 0, 1)
        if matplotlib.colors.to_rgba(self.figure.get_facecolor())[3] == 1:
            image = image.convert("RGB")  # opaque: a quarter less to compress and to send
        buffer = io.BytesIO()
        # Fast compression: the image travels once, to the browser on this machine.
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def _crosses(self, shown, contents, renderer):
        """Whether an artist redrawn in one axes meets the frame of an axes drawn after it."""
        boxes = [self.decorations[self.figure.axes.index(ax)] for ax in shown]
        for k, (ax, artists) in enumerate(zip(shown, contents)):
            later = boxes[k + 1:]
            if not later:
                break
            for artist in artists:
                if artist not in self.dynamic and artist not in self.sprites:
                    continue
                if artist not in self.extents:
                    sprite = self.sprites.get(artist)
                    self.extents[artist] = sprite.box if sprite is not None else _extent(artist, renderer)
                box = self.extents[artist]
                if box is not None and artist.get_clip_on() and artist.get_clip_path() is None:
                    box = Bbox.intersection(box, artist.get_clip_box() or ax.bbox)
                    if box is None:
                        continue
                if any(frame is not None and (box is None or box.overlaps(frame)) for frame in later):
                    return True
        return False

    def _compose(self, shown, contents):
        """The cached background, with the dynamic artists drawn and the sprites laid over it, in z-order."""
        self.canvas.restore_region(self.background)
        pixels = None
        for ax, artists in zip(shown, contents):
            for artist in artists:
                if artist in self.dynamic:
                    ax.draw_artist(artist)
                    artist.stale = False
                elif artist in self.sprites:
                    if pixels is None:
                        pixels = np.asarray(self.canvas.buffer_rgba())
                    self.sprites[artist].lay_over(pixels)
        del pixels

    def _scratch(self):
        """A transparent renderer of the figure's size, to draw a sprite on (made once)."""
        size = tuple(int(v) for v in self.figure.bbox.size)
        if getattr(self, "scratch", None) is None or self.scratch_size != size:
            self.scratch, self.scratch_size = RendererAgg(*size, self.figure.dpi), size
        self.scratch.clear()
        return self.scratch

    def _cache(self, current, dynamic, sprites, signature, renderer, frames=None):
        """Remember what the new background holds: the static artists, the frames and where they lie."""
        self.cached = current - dynamic - set(sprites)
        self.dynamic = set(dynamic)
        self.sprites = {a: sprite or _Sprite(a, self.figure, self._scratch()) for a, sprite in sprites.items()}
        self.limits = [(ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes]
        self.extents = {a: box for a, box in self.extents.items() if a in current}
        self.signature = signature
        # Each axes' frame and decorations (not its content: what is clipped to it lies inside).
        boxes = getattr(self, "frames_box", [])
        same = len(boxes) == len(self.figure.axes) and frames is not None
        self.frames_box = [(boxes[k] if same and k not in self.measured
                            else self.measured.get(k) or ax.get_tightbbox(renderer, bbox_extra_artists=_unclipped(ax)))
                           if ax.get_visible() else None for k, ax in enumerate(self.figure.axes)]
        # What of each axes' frame a whole draw paints (its background, ticks and their labels,
        # axis labels: not its titles nor content, which a render draws in order).
        self.decorations = [(self.decorations[k] if same and k not in self.measured
                             and k < len(getattr(self, "decorations", [])) else _decorations(ax, renderer))
                            if ax.get_visible() else None for k, ax in enumerate(self.figure.axes)]
        self.figure_boxes = [_extent(a, renderer) for a in (*self.figure.texts, *self.figure.legends,
                                                              *self.figure.images, *self.figure.lines,
                                                              *self.figure.patches, *self.figure.artists)
                             if a.get_visible()]
        for artist in current:
            artist.stale = False  # from now on, stale means changed by an update

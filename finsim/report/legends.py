"""A legend beside an axes, laid out once: the page's charts' legends.

matplotlib's ``Legend`` packs its entries into boxes within boxes (the legend, its
columns, each entry's handle and text) and, as it draws, each box lays out its children
again: every text is laid out six times per draw, and measuring the legend for the
layout does it again. At a page's 15 entries that was some 10 ms of its charts' 130 ms
of CPU. ``SideLegend`` draws what such a legend draws, at the same places, by
matplotlib's own pieces (``DrawingArea``, ``TextArea``) placed once. Imported where a
chart is drawn (it imports matplotlib).
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
from matplotlib.artist import Artist
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.offsetbox import DrawingArea, TextArea
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

ANCHOR = (1.01, 1.0)
"""Where the legend's upper left corner is anchored, in axes coordinates."""


class SideLegend(Artist):
    """What ``ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1),
    fontsize=fontsize, frameon=False)`` draws, with matplotlib's legend settings
    (``legend.*`` in rcParams), for handles that are lines or bar containers: each entry
    its handle and its label, one column. An ``Artist`` (subclassed for ``draw`` and
    ``get_window_extent``) so that an axes draws it as its legend (``Axes.legend_``)."""

    zorder = 5  # a Legend's: above the data

    def __init__(self, ax: Any, handles: list, fontsize: float = 8) -> None:
        super().__init__()
        fig = ax.get_figure(root=False)
        self.set_figure(fig)
        self._ax = ax
        self._fontsize = fontsize
        prop = FontProperties(size=fontsize)
        rc = mpl.rcParams
        descent = 0.35 * fontsize * (rc["legend.handleheight"] - 0.7)  # as Legend has it
        height = fontsize * rc["legend.handleheight"] - descent
        self._entries = [(_handle_box(fig, handle, fontsize * rc["legend.handlelength"],
                                      height, descent), _label(fig, handle, prop))
                         for handle in handles]
        self._placed: tuple[Any, list, float, float] | None = None
        """The renderer laid out for, each entry's offset from the anchor (pixels), the
        legend's width and height."""

    def get_texts(self) -> list:
        """The labels' texts, as ``Legend.get_texts``."""
        return [label.get_children()[0] for _, label in self._entries]

    def get_window_extent(self, renderer: Any = None) -> Bbox:
        """The legend's box (its padding within), as a legend's window extent."""
        renderer = renderer or self.get_figure(root=True)._get_renderer()
        _, _, width, height = self._layout(renderer)
        x, y = self._anchor(renderer)
        return Bbox.from_bounds(x, y - height, width, height)

    def draw(self, renderer: Any) -> None:
        if not self.get_visible():
            return
        _, offsets, _, _ = self._layout(renderer)
        x, y = self._anchor(renderer)
        renderer.open_group("legend", gid=self.get_gid())
        for (handle, label), (dx, dy, text_dx) in zip(self._entries, offsets, strict=True):
            handle.set_offset((x + dx, y + dy))
            handle.draw(renderer)
            label.set_offset((x + dx + text_dx, y + dy))
            label.draw(renderer)
        renderer.close_group("legend")
        self.stale = False

    def _anchor(self, renderer: Any) -> tuple[float, float]:
        """The legend box's upper left corner, in pixels: off the anchor by the
        ``legend.borderaxespad``."""
        pad = mpl.rcParams["legend.borderaxespad"] * renderer.points_to_pixels(self._fontsize)
        x, y = self._ax.transAxes.transform(ANCHOR)
        return x + pad, y - pad

    def _layout(self, renderer: Any) -> tuple[Any, list, float, float]:
        """Each entry's baseline from the box's upper left corner and its label's from
        the handle's, as matplotlib's packing boxes place them (entries aligned at their
        baselines, ``legend.labelspacing`` apart, within ``legend.borderpad``); laid
        out once per renderer (the layout measures, the draw draws)."""
        if self._placed is not None and self._placed[0] is renderer:
            return self._placed
        rc = mpl.rcParams
        size = renderer.points_to_pixels(self._fontsize)
        pad, sep = rc["legend.borderpad"] * size, rc["legend.labelspacing"] * size
        text_dx = rc["legend.handlelength"] * size + rc["legend.handletextpad"] * size
        offsets, y, below, width = [], -pad, None, 0.0
        for handle, label in self._entries:
            spans = [handle.get_bbox(renderer), label.get_bbox(renderer)]
            top, bottom = max(b.y1 for b in spans), min(b.y0 for b in spans)
            y = y - top if below is None else y + below - sep - top
            offsets.append((pad, y, text_dx))
            below = bottom
            width = max(width, text_dx + spans[1].width)
        height = -(y + (below or 0.0)) + pad
        self._placed = (renderer, offsets, width + 2 * pad, height)
        return self._placed


def _handle_box(fig: Any, handle: Any, width: float, height: float,
                descent: float) -> DrawingArea:
    """A legend entry's handle as a legend draws it, in points from the entry's
    baseline: a line across the box's middle for a line, the box filled for bars (as
    their first bar)."""
    box = DrawingArea(width, height, 0.0, descent)
    box.set_figure(fig)
    if isinstance(handle, Line2D):  # three points, as a legend's line (no markers here)
        y = (height - descent) / 2
        artist: Any = Line2D([0.0, width / 2, width], [y, y, y])
        artist.update_from(handle)
    else:  # a bar container
        artist = Rectangle((0.0, -descent), width, height)
        artist.update_from(handle.get_children()[0])
    artist.set_transform(box.get_transform())
    artist.set_clip_box(None)
    artist.set_clip_path(None)
    box.add_artist(artist)
    return box


def _label(fig: Any, handle: Any, prop: FontProperties) -> TextArea:
    """A legend entry's label, as a legend makes it."""
    label = TextArea(handle.get_label(), multilinebaseline=True,
                     textprops={"verticalalignment": "baseline",
                                "horizontalalignment": "left", "fontproperties": prop})
    label.set_figure(fig)
    return label

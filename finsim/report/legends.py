"""Legends laid out once: the page's charts' legends and ``cashflow.png``'s.

matplotlib's ``Legend`` packs its entries into boxes within boxes (the legend, its
columns, each entry's handle and text) and, as it draws, each box lays out its children
again: every text is laid out six times per draw, and measuring the legend for the
layout does it again. At a page's 15 entries that was some 10 ms of its charts' 130 ms
of CPU, and 3 ms of cashflow.png's. ``PlacedLegend`` draws what such a legend draws, at
the same places, by matplotlib's own pieces (``DrawingArea``, ``TextArea``) placed once.
Imported where a chart is drawn (it imports matplotlib).
"""

from __future__ import annotations

from typing import Any, Literal

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import Collection
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.offsetbox import DrawingArea, TextArea
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Bbox

Placed = tuple[Any, list, float, float]
"""A legend's layout: the renderer it is for, each entry's offset from the legend box's
upper left corner (its baseline, in pixels), the box's width and height."""


class PlacedLegend(Artist):
    """What ``Legend(parent, handles, labels, loc=loc, bbox_to_anchor=anchor,
    bbox_transform=transform, ncols=ncols, fontsize=fontsize, frameon=False)`` draws,
    with matplotlib's legend settings (``legend.*`` in rcParams), for handles that are
    lines, bar containers, filled areas or spans: each entry its handle and its label, in
    columns. An ``Artist`` (subclassed for ``draw`` and ``get_window_extent``), so that an
    axes draws it as its legend (``Axes.legend_``)."""

    zorder = 5  # a Legend's: above the data

    def __init__(self, fig: Any, handles: list, *, transform: Any, anchor: tuple,
                 loc: Literal["upper left", "upper right"] = "upper left", ncols: int = 1,
                 fontsize: float = 8) -> None:
        super().__init__()
        self.set_figure(fig)
        self._transform, self._anchor, self._loc = transform, anchor, loc
        self._fontsize = fontsize
        prop = FontProperties(size=fontsize)
        rc = mpl.rcParams
        descent = 0.35 * fontsize * (rc["legend.handleheight"] - 0.7)  # as Legend has it
        height = fontsize * rc["legend.handleheight"] - descent
        entries = [(_handle_box(fig, handle, fontsize * rc["legend.handlelength"], height,
                                descent), _label(fig, handle, prop)) for handle in handles]
        self._columns = [list(column) for column in np.array_split(
            np.array(entries, dtype=object).reshape(-1, 2), ncols) if len(column)]
        self._placed: Placed | None = None

    def get_texts(self) -> list:
        """The labels' texts, as ``Legend.get_texts``."""
        return [label.get_children()[0] for column in self._columns for _, label in column]

    def get_window_extent(self, renderer: Any) -> Bbox:
        """The legend's box (its padding within), as a legend's window extent (measured
        by the renderer that draws it)."""
        _, _, width, height = self._layout(renderer)
        x, y = self._corner(renderer, width)
        return Bbox.from_bounds(x, y - height, width, height)

    def draw(self, renderer: Any) -> None:
        if not self.get_visible():
            return
        _, offsets, width, _ = self._layout(renderer)
        x, y = self._corner(renderer, width)
        renderer.open_group("legend", gid=self.get_gid())
        entries = [entry for column in self._columns for entry in column]
        for (handle, label), (dx, dy, text_dx) in zip(entries, offsets, strict=True):
            handle.set_offset((x + dx, y + dy))
            handle.draw(renderer)
            label.set_offset((x + dx + text_dx, y + dy))
            label.draw(renderer)
        renderer.close_group("legend")
        self.stale = False

    def _corner(self, renderer: Any, width: float) -> tuple[float, float]:
        """The legend box's upper left corner, in pixels: off the anchor by the
        ``legend.borderaxespad``, the box left or right of it."""
        pad = mpl.rcParams["legend.borderaxespad"] * renderer.points_to_pixels(self._fontsize)
        x, y = self._transform.transform(self._anchor)
        return (x + pad if self._loc == "upper left" else x - pad - width), y - pad

    def _layout(self, renderer: Any) -> Placed:
        """Where matplotlib's packing boxes place each entry: in each column one below
        the other, ``legend.labelspacing`` apart, the columns ``legend.columnspacing``
        apart and their first entries on one baseline, all within ``legend.borderpad``;
        laid out once per renderer (the layout measures, the draw draws)."""
        if self._placed is not None and self._placed[0] is renderer:
            return self._placed
        rc = mpl.rcParams
        size = renderer.points_to_pixels(self._fontsize)
        pad, sep = rc["legend.borderpad"] * size, rc["legend.labelspacing"] * size
        text_dx = (rc["legend.handlelength"] + rc["legend.handletextpad"]) * size
        spans = [[_span(entry, renderer, text_dx) for entry in column]
                 for column in self._columns]
        first = pad + max(top for (top, _, _), *_ in spans)  # the first baseline, down
        widths = [max(width for _, _, width in column) for column in spans]
        gap = rc["legend.columnspacing"] * size
        offsets, x, lowest = [], pad, 0.0
        for column, width in zip(spans, widths, strict=True):
            y, below = -first, None  # the baseline, the bottom of the entry above
            for top, bottom, _ in column:
                if below is not None:
                    y += below - sep - top
                offsets.append((x, y, text_dx))
                below = bottom
            lowest = min(lowest, y + column[-1][1])
            x += width + gap
        width = 2 * pad + sum(widths) + gap * (len(widths) - 1)
        self._placed = (renderer, offsets, width, pad - lowest)
        return self._placed


def side_legend(ax: Any, handles: list, fontsize: float = 8) -> PlacedLegend:
    """``ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1),
    fontsize=fontsize, frameon=False)``: to the right of the axes, its top at the axes'
    top."""
    return PlacedLegend(ax.get_figure(root=False), handles, transform=ax.transAxes,
                        anchor=(1.01, 1), fontsize=fontsize)


def _span(entry: tuple, renderer: Any, text_dx: float) -> tuple[float, float, float]:
    """An entry's top and bottom from its baseline, and its width, in pixels."""
    boxes = [box.get_bbox(renderer) for box in entry]
    return (max(b.y1 for b in boxes), min(b.y0 for b in boxes), text_dx + boxes[1].width)


def _handle_box(fig: Any, handle: Any, width: float, height: float,
                descent: float) -> DrawingArea:
    """A legend entry's handle as a legend draws it, in points from the entry's
    baseline: a line across the box's middle for a line, else the box filled as the
    first bar of bars, or in the colours of a filled area or a span."""
    box = DrawingArea(width, height, 0.0, descent)
    box.set_figure(fig)
    if isinstance(handle, Line2D):  # three points, as a legend's line (no markers here)
        y = (height - descent) / 2
        artist: Any = Line2D([0.0, width / 2, width], [y, y, y])
        artist.update_from(handle)
    elif isinstance(handle, Collection):
        artist = Rectangle((0.0, -descent), width, height, linewidth=handle.get_linewidths()[0],
                           facecolor=_first(handle.get_facecolor()),
                           edgecolor=_first(handle.get_edgecolor()),
                           linestyle=handle.get_linestyles()[0])
    elif isinstance(handle, Patch):  # a span (``axvspan``): the box in its colours
        artist = Rectangle((0.0, -descent), width, height)
        artist.update_from(handle)
    else:  # a bar container
        artist = Rectangle((0.0, -descent), width, height)
        artist.update_from(handle.get_children()[0])
    artist.set_transform(box.get_transform())
    artist.set_clip_box(None)
    artist.set_clip_path(None)
    box.add_artist(artist)
    return box


def _first(colours: np.ndarray) -> tuple:
    """A collection's first colour, or none (as a legend takes it)."""
    return tuple(colours[0]) if len(colours) else (0.0, 0.0, 0.0, 0.0)


def _label(fig: Any, handle: Any, prop: FontProperties) -> TextArea:
    """A legend entry's label, as a legend makes it."""
    label = TextArea(handle.get_label(), multilinebaseline=True,
                     textprops={"verticalalignment": "baseline",
                                "horizontalalignment": "left", "fontproperties": prop})
    label.set_figure(fig)
    return label

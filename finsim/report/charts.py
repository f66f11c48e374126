"""Charts as PNG files and inline SVG, drawn with matplotlib's object API.

No pyplot: a ``Figure`` renders straight to a file without a GUI backend or global
state, so finsim never changes matplotlib settings for a program that imports it.
matplotlib is imported only when a chart is drawn, keeping ``finsim run`` quick to start.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .mplconfig import private_if_unwritable

private_if_unwritable()  # before a module that imports this one imports matplotlib

GLYPH_MISSING = r"Glyph \d+ \(.*\) missing from font"
"""The start of matplotlib's warning for a character its fonts lack (an emoji in a
scenario's name or a provider's id): the chart shows a box, which is all that can be
done, and the warning would reach stderr even under ``-q``."""


UNHINTED = {"text.hinting": "none"}
"""matplotlib settings for the text of a PNG chart (``cashflow.png``): glyphs drawn as
the font draws them, without FreeType's hinting, which runs for every glyph of every
text drawn (about a sixth of cashflow.png's CPU). Unhinted glyphs differ from hinted
ones by a fraction of a pixel at their edges and in their advance: the same text at
the same place. (An SVG's text is only measured, not drawn, where hinting costs little.)"""


@contextmanager
def glyphs_quiet() -> Iterator[None]:
    """Silence matplotlib's missing-glyph warning (only that one) while a chart's text is
    measured or drawn: every finsim chart is laid out and saved through this module
    (``tidy``, ``save``, ``stacked``) or inside this context."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", GLYPH_MISSING, UserWarning)
        yield


def figure(width: float, height: float) -> tuple[Any, Any]:
    """A new figure with one axes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return fig, fig.add_subplot()


def tidy(fig: Any) -> None:
    """Lay the axes out tightly where there is room. A legend beside the axes can leave
    tight_layout none (it then says so and does nothing): the figure is saved cropped to
    what it draws (``bbox_inches="tight"``), so nothing is lost either way."""
    with glyphs_quiet(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Tight layout not applied", UserWarning)
        fig.tight_layout()


def save(fig: Any, path: Path) -> None:
    """Write a figure as a PNG, cropped to what it draws: legends sit beside the axes,
    outside the data, and must not be cut off."""
    tidy(fig)
    with glyphs_quiet():
        fig.savefig(path, dpi=120, bbox_inches="tight")


@dataclass
class Panel:
    """One panel of a stacked chart, drawn by the chart's one axes: its data (shown only
    while it is drawn), title, y label, legend (made for it, beside the axes) and, if
    fixed, the lower y limit (else autoscaled, as an axes of its own would be)."""

    artists: list
    title: str
    legend: Any = None
    ylabel: str = ""
    ymin: float | None = None
    sticky: list = field(init=False)
    """Each artist's sticky edges (where the limits stop short of their margin, as at a
    bar's base): emptied while the panel is hidden, which would otherwise count them."""
    limits: tuple | None = field(default=None, init=False)
    """The x and y limits, once worked out (the layout shows each panel before the draw)."""

    def __post_init__(self) -> None:
        self.sticky = [(list(a.sticky_edges.x), list(a.sticky_edges.y))
                       for a in self.artists]


def stacked(fig: Any, ax: Any, panels: list[Panel], *, top: float = 0.35,
            gap: float = 0.55, bottom: float = 0.35) -> str:
    """The figure as inline SVG, its panels one above the other in a fixed layout, each
    legend to the right of its panel (outside the data), the months or years shared
    (labelled under the lowest panel).

    ONE axes draws every panel, as ``drawing.BalancePanels.png`` does: moved to each
    panel's place and given that panel's data, title, y label, limits and legend, then
    drawn onto the same SVG: building an axes (its ticks, spines, texts) costs about as
    much as drawing it. A single panel is drawn as the caller set the axes up. Margins
    are in inches, measured from the legends and the y tick labels: laying the figure out
    from a full draw instead (``bbox_inches="tight"``, ``tight_layout``) costs as much as
    the drawing. The layout measures with the renderer that then draws the SVG, which
    keeps what it measured (matplotlib caches a text's size per renderer): each legend
    entry and tick label is measured once. The figure must be at the SVG's 72 dpi
    (``svg_figure``); the y label goes beside the tick labels."""
    import matplotlib as mpl

    width, height = fig.get_size_inches()
    each = (height - top - bottom - gap * (len(panels) - 1)) / len(panels)
    with _svg_renderer(fig) as (renderer, written):
        right = max((p.legend.get_window_extent(renderer).width for p in panels if p.legend),
                    default=0.0) / fig.dpi + 0.2  # and the gap to the axes
        # the panels' height first: it sets how many y ticks there are
        ax.set_position([0.1, bottom / height, 0.5, each / height])
        widths = [0.0]
        for i in range(len(panels)):
            _show(ax, panels, i)
            widths += [label.get_window_extent(renderer).width
                       for label in shown_labels(ax.yaxis)]
        tick_room = max(widths) / fig.dpi + 0.12
        labelled = any(p.ylabel for p in panels)
        left = 0.1 + tick_room + (1.5 * mpl.rcParams["font.size"] / 72 if labelled else 0.0)
        inner = width - left - right
        ax.yaxis.set_label_coords(-tick_room / inner, 0.5)
        ax.xaxis.set_label_coords(0.5, 0)  # fixed: no measuring of every tick label
        renderer.open_group("figure", gid=fig.get_gid())  # as Figure.draw does
        fig.patch.draw(renderer)
        for i in range(len(panels)):
            y0 = bottom + (len(panels) - 1 - i) * (each + gap)
            ax.set_position([left / width, y0 / height, inner / width, each / height])
            _show(ax, panels, i)
            ax.draw(renderer)
        renderer.close_group("figure")
    return inline(written.getvalue())


def _show(ax: Any, panels: list[Panel], i: int) -> None:
    """The axes set up to draw panel ``i``: its data alone visible and counted in the
    limits (``Panel.sticky``), its title, y label and legend, the month or year labels
    only under the lowest panel."""
    if len(panels) == 1:
        return
    for k, panel in enumerate(panels):
        for artist, (x, y) in zip(panel.artists, panel.sticky, strict=True):
            artist.set_visible(k == i)
            artist.sticky_edges.x[:] = x if k == i else []
            artist.sticky_edges.y[:] = y if k == i else []
    panel = panels[i]
    ax.set_title(panel.title, fontsize=10, loc="left", y=1, pad=6)
    ax.set_ylabel(panel.ylabel)
    ax.legend_ = panel.legend
    if panel.limits is None:
        ax.set_autoscale_on(True)
        ax.relim(visible_only=True)
        ax.autoscale_view()
        if panel.ymin is not None:
            from_floor(ax, panel.ymin)
        panel.limits = ax.get_xlim(), ax.get_ylim()
    ax.set_xlim(panel.limits[0])
    ax.set_ylim(panel.limits[1])
    ax.tick_params(axis="x", labelbottom=i == len(panels) - 1)


def from_floor(ax: Any, floor: float) -> None:
    """The y axis from ``floor`` up as autoscaled, and one unit up where nothing rises
    above the floor (a program that employs nobody): matplotlib gives a flat line a view
    of +-0.05, which read 0.00 to 0.05 persons."""
    flat = not ax.dataLim.intervaly[1] > floor
    ax.set_ylim(bottom=floor, top=floor + 1 if flat else None)


def svg_figure(width: float, height: float) -> Any:
    """A figure to be written as SVG (``stacked``): at the 72 dpi that SVG has."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=SVG_DPI)


def svg_axes(width: float, height: float) -> tuple[Any, Any]:
    """A figure to be written as SVG (``svg_figure``) and its one axes: one made ahead
    (``make_ahead``) where there is one of this size, else made now."""
    ready = _AHEAD.get((width, height))
    if ready:
        return ready.pop()
    fig = svg_figure(width, height)
    return fig, fig.add_subplot()


_AHEAD: dict[tuple[float, float], list[tuple[Any, Any]]] = {}
"""Blank SVG figures with their axes, by size, made before their data came."""


def make_ahead(sizes: list[tuple[float, float]]) -> None:
    """Blank SVG figures with one axes each, for ``svg_axes`` to hand out: made where a
    process waits for a chart's data with a core to spare (the painter, before the
    replications start), they are no longer made after the replications, when every core
    is busy (an axes with its ticks, spines and texts: some 15 to 20 ms of CPU each).
    A blank figure is the same whenever it is made: the charts are the same bytes."""
    for size in sizes:
        fig = svg_figure(*size)
        _AHEAD.setdefault(size, []).append((fig, fig.add_subplot()))


SVG_DPI = 72
"""Points per inch: SVG's unit, the dpi matplotlib draws an SVG at."""
SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "finsim"}
"""matplotlib settings while an SVG is written: text kept as text (searchable, styled by
the page), ids from a fixed salt (the same page for the same result)."""
SVG_METADATA = {"Date": None}
"""An SVG's metadata: no date, so the same result writes the same bytes."""


def inline(svg_text: str) -> str:
    """An SVG document as an element to put into a page: without its XML prolog."""
    return svg_text[svg_text.index("<svg"):]


def shown_labels(axis: Any) -> list:
    """An axis's major tick labels within its view (those matplotlib draws), their texts
    set by its formatter."""
    axis.get_majorticklabels()  # the ticks made and labelled, as a draw does
    low, high = sorted(axis.get_view_interval())
    return [tick.label1 for tick in axis.get_major_ticks()
            if low <= tick.get_loc() <= high and tick.label1.get_visible()]


@contextmanager
def _svg_renderer(fig: Any) -> Iterator[tuple[Any, Any]]:
    """matplotlib's SVG renderer for ``fig`` and the text it writes (as ``savefig`` sets it
    up for an SVG, less what finsim's figures never have: rasterized parts, a crop): text
    kept as text, no random ids, no date. The SVG is complete once the figure is drawn."""
    import io

    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import RendererSVG

    assert fig.dpi == SVG_DPI, "a figure drawn as SVG is laid out at 72 dpi"
    written = io.StringIO()
    width, height = fig.get_size_inches() * SVG_DPI
    with rc_context(SVG_SETTINGS), glyphs_quiet():
        renderer = RendererSVG(width, height, written, image_dpi=SVG_DPI,
                               metadata=SVG_METADATA)
        yield renderer, written
        renderer.finalize()

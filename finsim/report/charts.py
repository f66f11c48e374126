"""Charts as PNG files and inline SVG, drawn with matplotlib's object API.

No pyplot: a ``Figure`` renders straight to a file without a GUI backend or global
state, so finsim never changes matplotlib settings for a program that imports it.
matplotlib is imported only when a chart is drawn, keeping ``finsim run`` quick to start.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

GLYPH_MISSING = r"Glyph \d+ \(.*\) missing from font"
"""The start of matplotlib's warning for a character its fonts lack (an emoji in a
scenario's name or a provider's id): the chart shows a box, which is all that can be
done, and the warning would reach stderr even under ``-q``."""


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



def stacked(fig: Any, axes: list, legends: list, *, top: float = 0.35, gap: float = 0.55,
            bottom: float = 0.35) -> str:
    """The figure as inline SVG (``svg_text``), its axes placed one above the other in a
    fixed layout, each legend to the right of its axes (outside the data), margins in
    inches measured from the legends and the y tick labels: laying the figure out from a
    full draw instead (``bbox_inches="tight"``, ``tight_layout``) costs as much as the
    drawing. The layout measures with the renderer that then draws the SVG, which keeps
    what it measured (matplotlib caches a text's size per renderer): each legend entry
    and tick label is measured once. The figure must be at the SVG's 72 dpi (``svg_figure``).
    The axes' titles must be placed by the caller (``set_title(..., y=1)``); the y label
    goes beside the tick labels."""
    import matplotlib as mpl

    width, height = fig.get_size_inches()
    with _svg_renderer(fig) as (renderer, written):
        right = max((legend.get_window_extent(renderer).width for legend in legends),
                    default=0.0) / fig.dpi + 0.2  # and the gap to the axes
        each = (height - top - bottom - gap * (len(axes) - 1)) / len(axes)
        for i, ax in enumerate(axes):  # the height first: it sets how many y ticks there are
            y0 = bottom + (len(axes) - 1 - i) * (each + gap)
            ax.set_position([0.1, y0 / height, 0.5, each / height])
        tick_room = max((label.get_window_extent(renderer).width
                         for ax in axes for label in shown_labels(ax.yaxis)),
                        default=0.0) / fig.dpi + 0.12
        labelled = any(ax.get_ylabel() for ax in axes)
        left = 0.1 + tick_room + (1.5 * mpl.rcParams["font.size"] / 72 if labelled else 0.0)
        inner = width - left - right
        for ax in axes:
            ax.set_position([left / width, ax.get_position().y0, inner / width,
                             ax.get_position().height])
            ax.yaxis.set_label_coords(-tick_room / inner, 0.5)
            ax.xaxis.set_label_coords(0.5, 0)  # fixed: no measuring of every tick label
        fig.draw(renderer)
    text = written.getvalue()
    return text[text.index("<svg"):]  # no XML prolog: the SVG is inline


def svg_figure(width: float, height: float) -> Any:
    """A figure to be written as SVG (``stacked``): at the 72 dpi that SVG has."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=SVG_DPI)


SVG_DPI = 72
"""Points per inch: SVG's unit, the dpi matplotlib draws an SVG at."""


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
    kept as text, no random ids, no date. The SVG is complete after ``fig.draw``."""
    import io

    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import RendererSVG

    assert fig.dpi == SVG_DPI, "a figure drawn as SVG is laid out at 72 dpi"
    written = io.StringIO()
    width, height = fig.get_size_inches() * SVG_DPI
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "finsim"}), glyphs_quiet():
        renderer = RendererSVG(width, height, written, image_dpi=SVG_DPI,
                               metadata={"Date": None})
        yield renderer, written
        renderer.finalize()

"""Charts as PNG files, drawn with matplotlib's object API.

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
    (``tidy``, ``save``, ``stacked``, ``text_inches``) or inside this context."""
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



def _renderer(fig: Any) -> Any:
    """A renderer to measure text with, without drawing the figure."""
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, fig.dpi)


def text_inches(fig: Any, texts: list[str], size: float) -> float:
    """The width of the widest of ``texts`` at font ``size`` (points), in inches."""
    from matplotlib.font_manager import FontProperties

    renderer, prop = _renderer(fig), FontProperties(size=size)
    with glyphs_quiet():
        return max((renderer.get_text_width_height_descent(t, prop, ismath=False)[0]
                    for t in texts), default=0.0) / fig.dpi


def stacked(fig: Any, axes: list, legends: list, *, top: float = 0.35, gap: float = 0.55,
            bottom: float = 0.35) -> None:
    """Place axes one above the other in a fixed layout, each legend to the right of its
    axes (outside the data), margins in inches measured from the legends and the y tick
    labels: laying the figure out from a full draw instead (``bbox_inches="tight"``,
    ``tight_layout``) costs as much as the drawing. The axes' titles must be placed by
    the caller (``set_title(..., y=1)``); the y label goes beside the tick labels."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    width, height = fig.get_size_inches()
    renderer = _renderer(fig)
    with glyphs_quiet():
        right = max((legend.get_window_extent(renderer).width for legend in legends),
                    default=0.0) / fig.dpi + 0.2  # and the gap to the axes
    each = (height - top - bottom - gap * (len(axes) - 1)) / len(axes)
    for i, ax in enumerate(axes):  # the height first: it sets how many y ticks there are
        y0 = bottom + (len(axes) - 1 - i) * (each + gap)
        ax.set_position([0.1, y0 / height, 0.5, each / height])
    size = FontProperties(size=mpl.rcParams["ytick.labelsize"]).get_size_in_points()
    ticks = [label for ax in axes for label in ax.yaxis.get_major_formatter().format_ticks(
        [t for t in ax.get_yticks() if min(ax.get_ylim()) <= t <= max(ax.get_ylim())])]
    tick_room = text_inches(fig, ticks, size) + 0.12
    labelled = any(ax.get_ylabel() for ax in axes)
    left = 0.1 + tick_room + (1.5 * mpl.rcParams["font.size"] / 72 if labelled else 0.0)
    inner = width - left - right
    for ax in axes:
        ax.set_position([left / width, ax.get_position().y0, inner / width,
                         ax.get_position().height])
        ax.yaxis.set_label_coords(-tick_room / inner, 0.5)
        ax.xaxis.set_label_coords(0.5, 0)  # fixed: no measuring of every tick label

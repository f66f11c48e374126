"""A run's charts as plain data, and their drawing: what the chart painter does.

Each chart is a small frozen dataclass of numbers and words (no scenario, no result),
made where the result is (``report.html``, ``report.cashflow``) and drawn where
matplotlib is loaded. This module imports nothing of finsim's models, nor do the
modules it imports, so the painter (``report.painter``), forked before finsim loads
them, loads matplotlib while they load and never loads them itself: the data comes
through a pipe in a few kilobytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .amounts import money_unit
from .charts import UNHINTED, Panel, glyphs_quiet, shown_labels, stacked, svg_axes
from .htmlpage import figure, page


@dataclass(frozen=True)
class Band:
    """One series over the months: its mean as a line, its 5-95 % band shaded."""

    label: str
    colour: str
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray


@dataclass(frozen=True)
class Words:
    """What a page says of a chart in words (``htmlpage.figure``): its name for a screen
    reader and the caption under it."""

    name: str = ""
    caption: str = ""


FLOWS_SIZE = BARS_SIZE = (9, 6)
"""Inches of the page's flows chart and of its bar charts."""
BALANCE_SIZE = (9, 3.4)
"""Inches of the page's cash chart."""
RUN_PAGE = [FLOWS_SIZE, BARS_SIZE, BALANCE_SIZE]
"""The sizes of a run page's charts (``charts.make_ahead``): its flows, its money by
funder and by cost category (one chart of two panels) and its cash."""


@dataclass(frozen=True)
class FlowsChart:
    """Panels of bands over the months, one above the other (the page's flows): each
    panel a title, its unit and its bands, the legend beside it."""

    months: list[str]
    panels: list[tuple[str, str, list[Band]]]
    lang: str
    words: Words = Words()

    def svg(self) -> str:
        from .ticks import InLanguage

        x = np.arange(len(self.months))
        fig, ax = svg_axes(*FLOWS_SIZE)
        ax.yaxis.set_major_formatter(InLanguage(self.lang))
        panels = []
        for title, unit, bands in self.panels:
            artists, lines = [], []
            for band in bands:
                artists.append(ax.fill_between(x, band.low, band.high, color=band.colour,
                                               alpha=0.2, linewidth=0))
                lines += ax.plot(x, band.mean, color=band.colour, linewidth=1.5,
                                 label=band.label)
            panels.append(Panel([*artists, *lines], title, _side_legend(ax, lines), unit, 0))
        _month_ticks(ax, x, self.months)
        return stacked(fig, ax, panels)


@dataclass(frozen=True)
class BarsChart:
    """Stacked bars per calendar year in panels one above the other (the page's money by
    funder and by cost category): each panel a title and its stacks (label, colour, EUR
    per year); a stack that is 0 every year is left out, and a panel of nothing but such
    stacks has no legend."""

    years: list[str]
    panels: list[tuple[str, list[tuple[str, str, np.ndarray]]]]
    lang: str
    words: Words = Words()

    def svg(self) -> str:
        from .ticks import InLanguage, euro_auto

        fig, ax = svg_axes(*BARS_SIZE)
        # the years at 0, 1, ... as matplotlib places categories, without its converting
        # the years for each stack (the same SVG)
        x = np.arange(len(self.years))
        panels = []
        for title, stack in self.panels:
            bottom = np.zeros(len(self.years))
            bars = []
            for label, colour, values in stack:
                if not values.any():
                    continue
                bars.append(ax.bar(x, values, bottom=bottom, color=colour, label=label,
                                   width=0.6))
                bottom += values
            # every stack 0: bars of nothing still give the years their places
            artists = [p for b in bars for p in b] or list(ax.bar(x, bottom, color="none",
                                                                  width=0.6))
            panels.append(Panel(artists, title, _side_legend(ax, bars)))
        ax.set_xticks(x, self.years)
        ax.yaxis.set_major_locator(euro_auto())
        ax.yaxis.set_major_formatter(InLanguage(self.lang))
        return stacked(fig, ax, panels)


@dataclass(frozen=True)
class BalanceChart:
    """The program's balance at each month's end, mean and band, in EUR; a zero line and
    a dashed line where the period ends (payments run on past it)."""

    months: list[str]
    band: Band
    period_months: int
    lang: str
    words: Words = Words()

    def svg(self) -> str:
        from .ticks import InLanguage, euro_auto

        band = self.band
        x = np.arange(len(band.mean))
        fig, ax = svg_axes(*BALANCE_SIZE)
        ax.yaxis.set_major_locator(euro_auto())  # before axhline autoscales the view
        ax.fill_between(x, band.low, band.high, color=band.colour, alpha=0.2, linewidth=0)
        ax.plot(x, band.mean, color=band.colour, linewidth=1.5, label=band.label)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.axvline(self.period_months - 0.5, color="grey", linestyle="--", linewidth=0.8)
        ax.yaxis.set_major_formatter(InLanguage(self.lang))
        _month_ticks(ax, x, self.months)
        return stacked(fig, ax, [Panel([], "")], top=0.15)


def _side_legend(ax: Any, handles: list) -> Any:
    """A legend of ``handles`` to the right of the axes, its top at the axes' top
    (matplotlib's legend, laid out once: ``legends``); none for a panel that draws
    nothing (every stack 0, as when the program employs nobody)."""
    from .legends import side_legend

    if not handles:
        return None

    return side_legend(ax, handles, fontsize=8)


def _month_ticks(ax: Any, x: np.ndarray, months: list[str]) -> None:
    """About eight month labels along the x axis."""
    step = max(1, len(x) // 8)
    ax.set_xticks(x[::step], [months[i] for i in x[::step]], fontsize=8)


Chart = FlowsChart | BarsChart | BalanceChart


@dataclass(frozen=True)
class Page:
    """A page with charts still to draw: its parts are HTML text or charts, each chart
    drawn as inline SVG in a ``<figure>`` with its words (``Words``)."""

    title: str
    parts: list[str | Chart]
    lang: str

    def html(self, elsewhere: dict[type, Callable[[], str]] | None = None) -> str:
        """The page, each chart drawn here, but those of a kind in ``elsewhere``: their
        SVG is fetched from there after the others are drawn (the painter's helper draws
        a run page's cash chart meanwhile)."""
        elsewhere = elsewhere or {}
        svg = {i: p.svg() for i, p in enumerate(self.parts)
               if not isinstance(p, str) and type(p) not in elsewhere}
        svg.update({i: elsewhere[type(p)]() for i, p in enumerate(self.parts)
                    if type(p) in elsewhere})
        body = [p if isinstance(p, str) else figure(svg[i], p.words.name, p.words.caption)
                for i, p in enumerate(self.parts)]
        return page(self.title, body, self.lang)


DPI = 100
"""Pixels per inch of ``cashflow.png``, whatever a matplotlibrc says."""
PNG_COMPRESSION = 3
"""zlib level of ``cashflow.png``: the same pixels as matplotlib's default (6) in about
two thirds of the compression time, for a file about 7 % larger."""


@dataclass(frozen=True)
class BalanceLayout:
    """``cashflow.png`` before its numbers: its title, the months, how many panels and
    where the period ends, all known as the replications end. A painter's helper lays
    the figure out from it (``canvas``) while the run's process works out the band."""

    title: str
    months: list[str]
    count: int
    """Panels: the program and the providers shown."""
    period_months: int
    lang: str = "en"
    """The legend's words and the amounts' digits (``--lang``)."""
    actual_months: int = 0
    """A re-forecast's actual months, shaded from the first month on (0: none shaded), so
    that a low in them is seen as past: the panels' peak needs are taken after them."""
    actual_label: str = ""
    """The shading's entry in the legend (``actual months to 2013-12``)."""

    def canvas(self) -> BalanceCanvas:
        """The figure laid out and its background drawn, ready for the panels. The
        panels look alike (the same artists, the months shared), so ONE axes draws them
        all (``BalanceCanvas.draw``). Building an axes (its ticks, spines, texts) cost
        about as much as drawing it. The layout is fixed (margins in inches, titles at a
        set height, month labels under the lowest panel of each column; the left margin
        widened at the draw only where the y tick labels need it,
        ``BalanceCanvas._fit_left``): matplotlib's automatic layout measures every label
        again."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.ticker import FixedLocator

        from .legends import PlacedLegend
        from .ticks import STEPS, InLanguage, WholeEuros

        cols = min(3, self.count)
        rows = -(-self.count // cols)
        # 0.15 inch above the panels for their titles' second line (``peak_title``)
        width, height = 4.2 * cols, 2.8 * rows + 0.75
        fig, ax = _PNG_AHEAD.pop() if _PNG_AHEAD else _png_axes()
        fig.set_size_inches(width, height)
        FigureCanvasAgg(fig)
        fig.subplots_adjust(left=0.9 / width, right=1 - 0.25 / width, bottom=0.45 / height,
                            top=1 - 0.95 / height, hspace=0.45, wspace=0.32)
        grid = fig.add_gridspec(rows, cols)
        x = np.arange(len(self.months))
        step = next((s for s in (3, 6, 12, 24) if len(x) <= 5 * s), 60)  # at most 5 labels
        ticks = x[::step]
        ax.set_subplotspec(grid[0])
        nothing = np.zeros(len(x))  # each panel's data is set as it is drawn
        handles = [] if not self.actual_months else [  # under the band, the same each panel
            ax.axvspan(x[0] - 0.5, self.actual_months - 0.5, color="0.88", linewidth=0,
                       zorder=0.5, label=self.actual_label)]
        fill = ax.fill_between(x, nothing, nothing, alpha=0.25, linewidth=0, label="5-95 %")
        (line,) = ax.plot(x, nothing, linewidth=1.5,
                          label="Mittelwert" if self.lang == "de" else "mean")
        ax.axhline(0, color="black", linewidth=0.6)
        ax.axvline(self.period_months - 0.5, color="grey", linestyle="--", linewidth=0.8)
        ax.yaxis.set_major_locator(WholeEuros(nbins=4, steps=STEPS))
        ax.yaxis.set_major_formatter(InLanguage(self.lang))  # each panel's unit: ``_load``
        ax.xaxis.set_label_coords(0.5, 0)  # no axis labels: nothing to place around ticks
        ax.yaxis.set_label_coords(0, 0.5)
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.set_xticklabels([self.months[i] for i in ticks])
        ax.set_xlim(x[0] - 0.5, x[-1] + 0.5)
        ax.tick_params(axis="x", labelsize=7)
        handles = [fill, line, *handles]
        legend = PlacedLegend(fig, handles, transform=fig.transFigure,  # above the
                              anchor=(1 - 0.2 / width, 1 - 0.35 / height),  # panels, once
                              loc="upper right", ncols=len(handles), fontsize=7)
        title = fig.suptitle(self.title, fontsize=10)
        fig.draw_artist(fig.patch)
        return BalanceCanvas(self, fig, grid, ax, fill, line, legend, title)


def _png_axes() -> tuple[Any, Any]:
    """A blank figure for ``cashflow.png`` and its one axes (``BalanceLayout.canvas``
    sizes it and places the axes)."""
    from matplotlib.figure import Figure

    fig = Figure(dpi=DPI)
    return fig, fig.add_subplot()


_PNG_AHEAD: list[tuple[Any, Any]] = []
"""``_png_axes`` made before the layout came (``png_ahead``)."""


def png_ahead() -> None:
    """``cashflow.png``'s figure and axes made, blank, before its layout comes, as the
    page's SVG figures are (``charts.make_ahead``): sized and placed once it comes."""
    _PNG_AHEAD.append(_png_axes())


@dataclass(frozen=True)
class BalanceCanvas:
    """A ``BalanceLayout``'s figure, laid out, its background drawn: ``draw`` draws the
    panels onto it, once."""

    layout: BalanceLayout
    fig: Any
    grid: Any
    ax: Any
    fill: Any
    line: Any
    legend: Any
    title: Any

    def draw(self, panels: BalancePanels, path: Path) -> None:
        """Each panel onto the one axes: moved to the panel's place, given its data,
        limits and title, and drawn onto the same canvas (``Figure.draw_artist``,
        matplotlib's blitting); then the title and the legend, and the PNG."""
        from matplotlib import rc_context

        fig, ax, count = self.fig, self.ax, self.layout.count
        cols = min(3, count)
        with glyphs_quiet(), rc_context(UNHINTED):
            self._fit_left(panels, cols)
            rooms = _title_rooms(fig, self.grid, cols)
            for i, panel_title in enumerate(panels.titles):
                ax.set_subplotspec(self.grid[i])
                self._load(panels, i)
                ax.set_title(panel_title, fontsize=9, y=1, pad=4)
                if panels.names is not None:
                    _fit_title(ax.title, panel_title, panels.names[i], rooms[i % cols],
                               panels.everyone or panels.names)
                # month labels under the lowest panel of each column: the months are shared
                ax.tick_params(axis="x", labelbottom=i + cols >= count)
                fig.draw_artist(ax)
            fig.draw_artist(self.title)  # in the order a whole draw has (by zorder)
            fig.draw_artist(self.legend)
        _write_png(fig.canvas, path, opaque=fig.patch.get_facecolor()[3] == 1)

    def _load(self, panels: BalancePanels, i: int) -> None:
        """The axes given panel ``i``'s data, the limits it autoscales to and its unit."""
        x = np.arange(len(self.layout.months))
        self.fill.set_data(x, panels.low[:, i], panels.high[:, i])
        self.line.set_ydata(panels.mean[:, i])
        _autoscale(self.ax, panels.low[:, i], panels.high[:, i], panels.mean[:, i])
        self.ax.yaxis.get_major_formatter().unit = (  # not given: by the limits just set
            panels.units[i] if panels.units
            else money_unit(max(map(abs, self.ax.dataLim.intervaly)), self.layout.lang))

    def _fit_left(self, panels: BalancePanels, cols: int) -> None:
        """The left margin widened where a left-hand panel's y tick labels would reach
        past the figure's edge (less ``TITLE_MARGIN``): the layout's fixed margin holds
        "-12,35 Mio." but not a national program's "-100,00 Mio.", whose minus sign was
        cut off. Each left-hand panel's labels are measured as drawn (the labels the
        view shows, ``shown_labels``, their font, the canvas's renderer), as the SVG
        charts measure theirs (``charts.stacked``); a margin wide enough stays as it is."""
        fig, ax = self.fig, self.ax
        renderer = fig.canvas.get_renderer()
        ax.set_subplotspec(self.grid[0])
        lefts = [TITLE_MARGIN]
        for i in range(0, len(panels.titles), cols):
            self._load(panels, i)
            lefts += [label.get_window_extent(renderer).x0
                      for label in shown_labels(ax.yaxis)]
        short = TITLE_MARGIN - min(lefts)
        if short > 0:
            fig.subplots_adjust(left=fig.subplotpars.left + short / fig.bbox.width)


@dataclass(frozen=True)
class BalancePanels:
    """``cashflow.png``: small multiples of the balance, one panel per provider (the
    program first), each its mean and 5-95 % band in EUR, ``[months, panels]``."""

    layout: BalanceLayout
    titles: list[str]
    """Each panel's title."""
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    names: list[str] | None = None
    """Each panel's name, the start of its title: cut (``…``, ``cut_name``: its start and
    end, as far as they tell it from the others) where the title is wider than the panel
    (a provider's long name); None: titles drawn as they are."""
    everyone: list[str] | None = None
    """Every provider's name (shown or not): a cut name must read as none of the others,
    so that a panel can be matched to its provider; None: the panels' ``names``."""
    units: list[tuple[float, str]] = field(default_factory=list)
    """Each panel's unit, the size and word its axis and its title's amount are written
    in (``amounts.money_unit`` of the largest amount it shows: ``Tsd.``); not given,
    each panel's by its data's limits."""

    def png(self, path: Path) -> None:
        """The chart as a PNG at ``path``: its layout's canvas, the panels drawn on it."""
        self.layout.canvas().draw(self, path)


TITLE_MARGIN = 4
"""Pixels kept clear between a ``cashflow.png`` panel's title and the next one's (or the
figure's edge)."""


def _title_rooms(fig: Any, grid: Any, cols: int) -> list[float]:
    """The width in pixels a centred panel title may take in each column: its panel's
    width and, on both sides, as much as the narrower side leaves (half the gap to the
    next panel, or the margin to the figure's edge), less ``TITLE_MARGIN``."""
    width = fig.bbox.width
    edges = [(box.x0 * width, box.x1 * width)
             for box in (grid[0, c].get_position(fig) for c in range(cols))]
    rooms = []
    for c, (x0, x1) in enumerate(edges):
        left = x0 if c == 0 else (x0 - edges[c - 1][1]) / 2
        right = width - x1 if c == cols - 1 else (edges[c + 1][0] - x1) / 2
        rooms.append(x1 - x0 + 2 * (min(left, right) - TITLE_MARGIN))
    return rooms


def _fit_title(title: Any, text: str, name: str, room: float,
               names: Sequence[str] = ()) -> None:
    """A panel's title ``text`` (starting with ``name``) no wider than ``room`` pixels: the
    name replaced by the longest of its ``short_names`` that fits; if none does, by the
    narrowest of them, and kept whole where it has none (every shorter label would read
    as another provider's). The rest, the amount, is kept whole. Measured as drawn (the
    title's font, the canvas's renderer)."""
    renderer = title.figure.canvas.get_renderer()
    width = title.get_window_extent(renderer).width
    if width <= room or not text.startswith(name):
        return
    rest, narrowest = text[len(name):], (width, text)
    for short in short_names(name, names):
        title.set_text(short + rest)
        width = title.get_window_extent(renderer).width
        if width <= room:
            return
        if width < narrowest[0]:
            narrowest = (width, short + rest)
    title.set_text(narrowest[1])


LEGAL_FORM = re.compile(
    r"(?:,?\s+(?:g?GmbH|mbH|g?UG(?: \(haftungsbeschränkt\))?|e\.\s?V\.|eV|g?AG|eG|KdöR"
    r"|(?:&\s*)?Co\.?\s*KG|KG))+$")
"""A legal form at a name's end (``GrünBau gGmbH``, ``Alpha e. V.``, ``X GmbH & Co. KG``):
what a short label drops first, since it tells two providers apart least."""
BOUNDARY = re.compile(r"[ /(]|(?<=-)")
"""Where a name may be cut at a word: before a space, a slash or a bracket, after a
hyphen (``Stadtteil-Schule`` to ``Stadtteil…``)."""


def without_legal_form(name: str) -> str:
    """``name`` without the legal form at its end (``LEGAL_FORM``), or as it is if that
    is all it is."""
    return LEGAL_FORM.sub("", name).strip() or name


def short_names(name: str, names: Sequence[str] = ()) -> Iterator[str]:
    """The labels a panel may give ``name`` where the whole does not fit, longest first
    (made as asked: a national program has hundreds of ``names``): without its legal
    form; then its start up to a word (``…`` after it); then, where even the first word is
    too long, fewer of its first letters; last the start and end around an ellipsis
    (``cut_name``). A label that another of ``names`` could also have (another's name,
    with or without its legal form, equal to it or starting with its start) is left out,
    so no two providers share a label and a panel can be matched to its provider
    (``Träger Nummer…`` for "Träger Nummer 017" beside "... 018" is not offered;
    ``Träger…017`` is)."""
    others = {n for n in names if n != name}
    others |= {without_legal_form(n) for n in others}
    base = without_legal_form(name)
    if base in others:  # "Caritas GmbH" beside "Caritas e. V.": the legal form tells them
        base = name
    elif base != name:
        yield base
    words = [w for w in (base[:m.start()].rstrip(" /(,-") for m in BOUNDARY.finditer(base)
                         if m.start() > 0) if w.count("(") == w.count(")")]  # no "(AWO…"
    letters = [base[:k] for k in range(min([len(w) for w in words] or [len(base)]) - 1, 1, -1)]
    seen = set()
    for head in [*sorted(words, key=len, reverse=True), *letters]:
        if head and head not in seen and not any(o.startswith(head) for o in others):
            seen.add(head)
            yield head + "\u2026"
    for keep in range(len(base) - 1, 1, -1):
        head, tail = _cut(base, keep, sorted(others))
        if not _clashes(head, tail, others):
            yield f"{head}\u2026{tail}"


def cut_name(name: str, keep: int, names: Sequence[str] = ()) -> str:
    """``name`` as ``keep`` of its characters, a start and an end with an ellipsis
    between them (spaces at the cut dropped): cut in the middle, or as near it as keeps
    the cut name from reading as any other of ``names`` (one that starts with the same
    start and ends with the same end), so that panels can be told apart."""
    head, tail = _cut(name, keep, names)
    return f"{head}\u2026{tail}"


def _cut(name: str, keep: int, names: Sequence[str] = ()) -> tuple[str, str]:
    """``cut_name``'s start and end, apart: a name may hold an ellipsis of its own, so
    the cut one cannot be split at it again."""
    others = [n for n in names if n != name]
    middle = keep // 2
    for tail in sorted(range(keep), key=lambda t: (abs(t - middle), -t)):
        if not _clashes(name[:keep - tail], name[len(name) - tail:], others):
            break
    else:
        tail = middle  # no cut of this length tells it apart: the middle's
    return name[:keep - tail].rstrip(), name[len(name) - tail:].lstrip()


def _clashes(head: str, tail: str, others: Iterable[str]) -> bool:
    """Whether ``head…tail`` could also be a cut of one of ``others``: one at least as
    long that starts with ``head`` and ends with ``tail``."""
    return any(len(o) >= len(head) + len(tail) and o.startswith(head) and o.endswith(tail)
               for o in others)


def _write_png(canvas: Any, path: Path, opaque: bool) -> None:
    """The canvas as a PNG, by Pillow straight from matplotlib's buffer (``imsave`` copies
    it through a colour map first). Over an opaque background every pixel is opaque: RGB
    holds the same pixels as RGBA in three quarters of the bytes to filter and compress."""
    from PIL import Image

    pixels = canvas.buffer_rgba()  # [height, width, 4]
    image = Image.frombuffer("RGBA", (pixels.shape[1], pixels.shape[0]), pixels, "raw",
                             "RGBA", 0, 1)
    if opaque:
        image = image.convert("RGB")
    image.save(path, format="png", dpi=(DPI, DPI), compress_level=PNG_COMPRESSION)


def _autoscale(ax: Any, low: np.ndarray, high: np.ndarray, mean: np.ndarray) -> None:
    """The y limits a panel drawn on its own axes gets: from the band and the mean, and
    widened to the zero line only when it lies outside them (``axhline`` asks for a new
    autoscale only then). The data limits are first set from the panel's arrays, as
    ``relim`` would find them going through every artist (a quarter of a millisecond a
    panel); the zero line, where it counts, as ``relim`` places it (through its
    transform: a hair off 0)."""
    ax.dataLim.intervaly = min(low.min(), mean.min()), max(high.max(), mean.max())
    ax.autoscale_view(scalex=False)
    view_low, view_high = ax.get_ylim()
    if not view_low <= 0 <= view_high:
        ax.relim()
        ax.autoscale_view(scalex=False)


@dataclass(frozen=True)
class RunCharts:
    """What a run's painter draws: ``cashflow.png`` and ``report.html``, whose cash
    chart (``cash``, one of ``page``'s parts) shows the program's band of the png's first
    panel. ``page`` None: it comes later (``painter.draw_charts``)."""

    balance: BalancePanels
    cash: BalanceChart
    page: Page | None = None

"""``cashflow.png`` drawn with one axes moved from panel to panel is the chart drawn with
an axes per panel, pixel for pixel: the same limits, ticks, titles and labels (RGB where
the background is opaque, as it is by default)."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator
from PIL import Image

from finsim.montecarlo import RunSpec, run
from finsim.report import cashflow, drawing
from finsim.report.cashflow import balance_band, balance_panels, mean_balance, mean_of
from finsim.report.charts import UNHINTED
from finsim.report.ticks import InLanguage, WholeEuros
from finsim.scenario import load_scenario
from finsim.scenario.schedule import month_labels

from .conftest import ROOT, SMALL

SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def _panel_per_axes(result) -> np.ndarray:  # noqa: ANN001 - a RunResult
    """The chart as an axes per panel draws it (as finsim drew it before)."""
    scn = result.scenario
    mean = mean_balance(result)
    labels = month_labels(scn.period.start_month, mean.shape[0])
    names = [*(p.name or p.id for p in scn.providers), "all providers"]
    mean_peak = mean_of(result, "peak_prefinancing")
    panels = cashflow.panel_order(mean_peak)
    low, high = balance_band(result, panels)
    cols = min(3, len(panels))
    rows = -(-len(panels) // cols)
    width, height = 4.2 * cols, 2.8 * rows + 0.75
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=0.9 / width, right=1 - 0.25 / width, bottom=0.45 / height,
                        top=1 - 0.95 / height, hspace=0.45, wspace=0.32)
    x = np.arange(mean.shape[0])
    step = next((s for s in (3, 6, 12, 24) if len(x) <= 5 * s), 60)
    axes: list = []
    for i, p in enumerate(panels):
        ax = fig.add_subplot(rows, cols, i + 1, sharex=axes[0] if axes else None)
        axes.append(ax)
        # the locator before axhline autoscales the view, as the chart's one axes has it
        ax.yaxis.set_major_locator(WholeEuros(nbins=4, steps=[1, 2, 2.5, 5, 10]))
        ax.fill_between(x, low[:, i], high[:, i], alpha=0.25, linewidth=0, label="5-95 %")
        ax.plot(x, mean[:, p], linewidth=1.5, label="mean")
        ax.axhline(0, color="black", linewidth=0.6)
        ax.axvline(scn.period.months - 0.5, color="grey", linestyle="--", linewidth=0.8)
        unit = cashflow.panel_unit(mean[:, p], low[:, i], high[:, i])
        ax.set_title(cashflow.peak_title(result, names[p], mean_peak[p], "en", unit, p),
                     fontsize=9, y=1, pad=4)
        ax.yaxis.set_major_formatter(InLanguage("en", unit))
        ax.tick_params(axis="x", labelsize=7, labelbottom=i + cols >= len(panels))
    axes[0].xaxis.set_major_locator(FixedLocator(x[::step]))
    axes[0].set_xticklabels([labels[i] for i in x[::step]])
    axes[0].set_xlim(x[0] - 0.5, x[-1] + 0.5)
    handles, names_ = axes[0].get_legend_handles_labels()
    fig.legend(handles, names_, fontsize=7, loc="upper right", ncols=2, frameon=False,
               bbox_to_anchor=(1 - 0.2 / width, 1 - 0.35 / height))
    shown = "" if len(panels) > len(scn.provider_ids) else \
        f" (the {len(panels) - 1} largest of {len(scn.provider_ids)} providers)"
    fig.suptitle(f"{scn.name}: cash balance at each month's end, EUR{shown}; "
                 "dashed: end of the period", fontsize=10)
    canvas = FigureCanvasAgg(fig)
    with mpl.rc_context(UNHINTED):  # the chart's text, unhinted
        canvas.draw()
    return np.asarray(canvas.buffer_rgba())


@pytest.mark.parametrize(("path", "replications"), [(SMALL, 8), (SEED, 1), (SEED, 12)])
def test_one_axes_draws_what_an_axes_per_panel_draws(path, replications, tmp_path):
    result = run(RunSpec(load_scenario(path), replications, 5), jobs=1)
    hinting = mpl.rcParams["text.hinting"]
    balance_panels(result).png(tmp_path / "cashflow.png")
    assert mpl.rcParams["text.hinting"] == hinting  # the program's settings left alone
    image = Image.open(tmp_path / "cashflow.png")
    reference = _panel_per_axes(result)
    assert (reference[..., 3] == 255).all()  # opaque: the PNG keeps RGB only
    assert image.mode == "RGB"
    assert image.info["dpi"] == pytest.approx((100, 100), abs=1e-3)
    assert np.array_equal(np.asarray(image), reference[..., :3])


def test_a_see_through_background_keeps_its_alpha(tmp_path):
    """A matplotlibrc with a transparent figure background: the PNG keeps RGBA, as
    matplotlib draws it (RGB would turn the background black)."""
    result = run(RunSpec(load_scenario(SMALL), 2, 5), jobs=1)
    with mpl.rc_context({"figure.facecolor": "none"}):
        balance_panels(result).png(tmp_path / "cashflow.png")
        reference = _panel_per_axes(result)
    image = Image.open(tmp_path / "cashflow.png")
    assert image.mode == "RGBA"
    assert reference[0, 0, 3] == 0  # a corner outside the panels: the background
    assert np.array_equal(np.asarray(image), reference)


def _fresh_limits(low: np.ndarray, high: np.ndarray, mean: np.ndarray) -> tuple:
    ax = Figure().add_subplot()
    ax.fill_between(np.arange(len(mean)), low, high)
    ax.plot(np.arange(len(mean)), mean)
    ax.axhline(0)
    return ax.get_ylim()


values = st.lists(st.floats(-1e7, 1e7), min_size=3, max_size=3)


@settings(max_examples=60, deadline=None)
@given(values, st.lists(st.floats(0, 1e6), min_size=3, max_size=3), values)
def test_a_reused_axes_gets_the_limits_of_a_fresh_one(low, width, mean):
    """Whether or not the zero line lies within the band and the mean (it widens the
    view only when outside), panel after panel on one axes."""
    ax = Figure().add_subplot()
    x = np.arange(3)
    fill = ax.fill_between(x, [5e8] * 3, [6e8] * 3)  # an earlier panel, far from these
    (line,) = ax.plot(x, [5.5e8] * 3)
    ax.axhline(0)
    ax.get_ylim()
    low, high, mean = np.array(low), np.array(low) + np.array(width), np.array(mean)
    fill.set_data(x, low, high)
    line.set_ydata(mean)
    drawing._autoscale(ax, low, high, mean)
    assert ax.get_ylim() == _fresh_limits(low, high, mean)


def test_the_chart_speaks_the_run_s_language(tmp_path):
    """cashflow.png was English in a German results folder (title, panels, legend, 5,402
    and -5,000): its words and digits now follow --lang, as the page and the other PNGs
    do; the small program's peak 12,345.6 reads "12 Tsd.", 1,234,567 "1,23 Mio."."""
    from finsim.report.amounts import short_money
    from finsim.report.files import run_charts

    assert short_money(1_234_567, lang="de") == "1,23 Mio."
    assert short_money(-12_345.6, lang="de") == "-12 Tsd."
    assert short_money(5_402.4, lang="de") == "5.402" and short_money(5_402.4) == "5,402"
    result = run(RunSpec(load_scenario(SMALL), 2, 5), jobs=1)
    german = run_charts(result, "de", page=False).balance
    peak = mean_of(result, "peak_prefinancing")
    assert german.layout.title == ("Small test program: Kassenstand am Monatsende, EUR; "
                                   "gestrichelt: Ende des Zeitraums")
    assert peak.tolist() == [0, 0, 0]  # no payment terms: no need, no month of one
    assert german.titles[0] == "alle Träger: höchster Bedarf im Mittel 0 EUR"
    assert german.layout.lang == "de"
    canvas = german.layout.canvas()
    assert [t.get_text() for t in canvas.legend.get_texts()] == ["5-95 %", "Mittelwert"]
    assert canvas.ax.yaxis.get_major_formatter()(-5000, 0) == "-5.000"
    assert balance_panels(result).titles[0].startswith("all providers: mean peak need ")


def test_panels_name_the_providers_as_the_page_does_and_long_names_are_cut(tmp_path):
    """cashflow.png titled its panels by provider id ("alpha") where the page, the
    workbook and monitoring.md say "Alpha e.V.": it takes the name too (the id where a
    provider has none); a name too long for its panel is cut with an ellipsis, the
    amount kept, so no title runs into the next panel or off the figure."""
    long = "Gemeinnützige Beschäftigungs- und Qualifizierungsgesellschaft Beta mbH"
    scn = load_scenario(SMALL, [f'providers.1.name="{long}"'])
    result = run(RunSpec(scn, 2, 5), jobs=1)
    panels = balance_panels(result, lang="de")
    peak = mean_of(result, "peak_prefinancing")
    order = cashflow.panel_order(peak)
    names = ["Alpha e.V.", long, "alle Träger"]
    assert panels.titles == [f"{names[p]}: höchster Bedarf im Mittel 0 EUR" for p in order]
    canvas = panels.layout.canvas()
    drawn = []
    real = canvas.fig.draw_artist
    canvas.fig.draw_artist = lambda a: (drawn.append(a.title.get_text())
                                        if a is canvas.ax else None, real(a))
    canvas.draw(panels, tmp_path / "cashflow.png")
    cut = drawn[order.index(1)]
    # the start of the name up to a word (its legal form "mbH" dropped first)
    assert cut == "Gemeinnützige…: höchster Bedarf im Mittel 0 EUR"
    room = drawing._title_rooms(canvas.fig, canvas.grid, 3)[order.index(1)]
    renderer = canvas.fig.canvas.get_renderer()
    canvas.ax.set_title(cut, fontsize=9, y=1, pad=4)
    assert canvas.ax.title.get_window_extent(renderer).width <= room
    assert [d for i, d in enumerate(drawn) if i != order.index(1)] == \
        [t for i, t in enumerate(panels.titles) if i != order.index(1)]  # those fit whole


def _drawn_labels(canvas, panels, path) -> list[tuple[str, float, float]]:  # noqa: ANN001
    """Each panel's y tick labels as drawn: text, left and right edge in pixels."""
    from finsim.report.charts import shown_labels

    drawn = []
    real = canvas.fig.draw_artist
    renderer = canvas.fig.canvas.get_renderer()

    def record(artist):  # noqa: ANN001, ANN202
        if artist is canvas.ax:
            drawn.extend((label.get_text(), label.get_window_extent(renderer).x0,
                          label.get_window_extent(renderer).x1)
                         for label in shown_labels(canvas.ax.yaxis))
        return real(artist)

    canvas.fig.draw_artist = record
    canvas.draw(panels, path)
    return drawn


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_national_program_s_tick_labels_fit_inside_the_figure(lang, tmp_path):
    """At national scale the all-providers panel runs down to -2,900 M: German's
    "-3.000 Mio." lost its minus sign at the image's left edge (the fixed 0.9-inch
    margin holds English's "-3,000 M" only). The left margin now fits the widest label
    drawn in a left-hand panel; a small program's margin stays as it was."""
    months = [f"{m}" for m in range(60)]
    depth = np.linspace(-200e6, -2_900e6, 60)
    mean = np.stack([depth, depth / 100, depth / 100, depth / 50], axis=1)
    layout = drawing.BalanceLayout("national", months, 4, 60, lang)
    panels = drawing.BalancePanels(layout, ["a", "b", "c", "d"], mean, mean * 1.05,
                                   mean * 0.95)
    canvas = layout.canvas()
    drawn = _drawn_labels(canvas, panels, tmp_path / "cashflow.png")
    width = canvas.fig.bbox.width
    minus = "-3.000 Mio." if lang == "de" else "-3,000 M"  # one unit and decimals a panel
    assert minus in [text for text, _, _ in drawn]
    assert all(x0 >= 0 and x1 <= width for _, x0, x1 in drawn)
    fixed = 0.9 / canvas.fig.get_size_inches()[0]
    if lang == "de":  # widened just enough: the widest label TITLE_MARGIN from the edge
        assert min(x0 for _, x0, _ in drawn) == pytest.approx(drawing.TITLE_MARGIN)
        assert canvas.fig.subplotpars.left > fixed
    else:  # English fits the fixed margin
        assert canvas.fig.subplotpars.left == fixed

    small = drawing.BalancePanels(layout, ["a", "b", "c", "d"], mean / 100, mean / 100,
                                  mean / 100)
    canvas = layout.canvas()
    _drawn_labels(canvas, small, tmp_path / "small.png")
    assert canvas.fig.subplotpars.left == 0.9 / canvas.fig.get_size_inches()[0]


def test_cut_names_keep_what_tells_the_providers_apart(tmp_path):
    """A national program's "Träger Nummer 017 gGmbH" and its neighbours were all cut to
    "Träger Nummer 0…" (the end dropped), so the right-hand panels could not be told
    apart: the legal form goes first, and a start that another provider's name (shown or
    not) shares is never a label; where only a cut helps, start and end are kept."""
    everyone = [f"Träger Nummer {i:03d} gGmbH" for i in range(400)] + ["alle Träger"]
    shown = [400, 17, 117, 18, 27, 3]
    names = [everyone[p] for p in shown]
    titles = [f"{n}: höchster Bedarf im Mittel 288,66 Mio." for n in names]
    layout = drawing.BalanceLayout("national", [str(m) for m in range(60)], 6, 60, "de")
    mean = np.tile(np.linspace(-20e6, -290e6, 60)[:, None], (1, 6))
    panels = drawing.BalancePanels(layout, titles, mean, mean, mean, names, everyone)
    canvas = layout.canvas()
    drawn = []
    real = canvas.fig.draw_artist
    canvas.fig.draw_artist = lambda a: (drawn.append(a.title.get_text())
                                        if a is canvas.ax else None, real(a))
    canvas.draw(panels, tmp_path / "cashflow.png")
    assert drawn == ["alle Träger: höchster Bedarf im Mittel 288,66 Mio.",
                     "Träger Nummer 017: höchster Bedarf im Mittel 288,66 Mio.",
                     "Träger…mer 117: höchster Bedarf im Mittel 288,66 Mio.",  # right: less
                     "Träger Nummer 018: höchster Bedarf im Mittel 288,66 Mio.",
                     "Träger Nummer 027: höchster Bedarf im Mittel 288,66 Mio.",
                     "Träger…mer 003: höchster Bedarf im Mittel 288,66 Mio."]
    assert drawing.cut_name("Träger Nummer 017 gGmbH", 15) == "Träger N…7 gGmbH"  # middle
    assert drawing.cut_name("Träger Nummer 017 gGmbH", 15, everyone) == "Träger…017 gGmbH"
    assert drawing.cut_name("Alpha", 2) == "A…a"


SEED_NAMES = ["Caritasverband Dortmund", "CJD Dortmund", "Diakonie Dortmund",
              "dobeq (AWO Dortmund)", "Frauenzentrum Huckarde", "GrünBau gGmbH",
              "Prompt / Gewerkstatt", "Stadtteil-Schule Dortmund", "Werkhof Projekt gGmbH",
              "alle Träger"]


def test_short_names_keep_the_start_at_a_word_and_drop_the_legal_form_first():
    """A re-forecast's longer titles cut the seed's names to "Grü…bH", "Wer…bH",
    "Pro…att": no longer a provider one can name. The labels offered, longest first,
    drop the legal form, then cut at a word, keeping the start."""
    def first(name: str, n: int = 3) -> list[str]:
        return list(drawing.short_names(name, SEED_NAMES))[:n]

    assert first("GrünBau gGmbH") == ["GrünBau", "GrünBa…", "GrünB…"]
    assert first("Werkhof Projekt gGmbH") == ["Werkhof Projekt", "Werkhof…", "Werkho…"]
    assert first("Prompt / Gewerkstatt", 1) == ["Prompt…"]
    assert first("Stadtteil-Schule Dortmund", 2) == ["Stadtteil-Schule…", "Stadtteil…"]
    assert first("dobeq (AWO Dortmund)", 1) == ["dobeq…"]  # never "dobeq (AWO…"
    assert drawing.without_legal_form("Alpha e. V.") == "Alpha"
    assert drawing.without_legal_form("Beta GmbH & Co. KG") == "Beta"
    assert drawing.without_legal_form("GmbH") == "GmbH"


def test_two_providers_never_share_a_label():
    """"Caritas GmbH" and "Caritas e. V." are both "Caritas" without the legal form, and
    "Caritas Dortmund" starts with it: none of them is offered "Caritas" or "Caritas…";
    every label of one is none of the others'."""
    names = ["Caritas GmbH", "Caritas e. V.", "Caritas Dortmund", "Caritas Unna"]
    labels = {n: list(drawing.short_names(n, names)) for n in names}
    assert labels["Caritas Dortmund"][0] == "Caritas…ortmund"
    assert labels["Caritas GmbH"][:2] == ["Carita…GmbH", "Carit…GmbH"]  # start and end
    for name, own in labels.items():
        assert own and not {"Caritas", "Caritas…"} & set(own)
        for other, theirs in labels.items():
            assert other == name or not set(own) & set(theirs), (name, other)


def _drawn_titles(names: list[str], tmp_path) -> list[str]:
    """The panel labels a narrow German re-forecast layout of ``names`` draws (ten
    panels with the pooled one), each title as long as a re-forecast's."""
    layout = drawing.BalanceLayout("seed", [str(m) for m in range(24)], 10, 24, "de")
    titles = [f"{n}: höchster Bedarf ab 2027-07 im Mittel 149 Tsd." for n in names]
    mean = np.tile(np.linspace(-1e5, -2e5, 24)[:, None], (1, 10))
    panels = drawing.BalancePanels(layout, titles, mean, mean, mean, names, names)
    canvas = layout.canvas()
    drawn = []
    real = canvas.fig.draw_artist
    canvas.fig.draw_artist = lambda a: (drawn.append(a.title.get_text().split(":")[0])
                                        if a is canvas.ax else None, real(a))
    canvas.draw(panels, tmp_path / "cashflow.png")
    return drawn


def test_a_re_forecast_names_every_panel_recognisably(tmp_path):
    """The seed's nine providers under the re-forecast's longer titles, in a narrow
    layout: each label is the start of its provider's name (without the legal form), at
    a word where that fits, and no two panels read alike."""
    assert _drawn_titles(SEED_NAMES, tmp_path) == ["Caritasverband…", "CJD Dortmund", "Diakon…", "dobeq…", "Frauenzentrum…",
                     "GrünBau", "Prompt…", "Stadtteil…", "Werkh…", "alle Träger"]


def test_a_name_with_an_ellipsis_of_its_own_is_cut_too(tmp_path):
    """"Träger … Nord" beside "Träger … Süd", each title wider than its panel: the cut
    label was split at its ellipsis and a name holding one of its own raised ValueError.
    The cut's start and end are kept apart, so these names get labels like any other."""
    names = ["Träger … Nord", "Träger … Süd"]
    assert list(drawing.short_names(names[1], names))[:3] == [
        "Träger…… Süd", "Träge…… Süd", "Träge…Süd"]
    assert drawing.cut_name(names[0], 9, names) == "Träge…Nord"
    names = ["Bildungsträger Dortmund … Nord", "Bildungsträger Dortmund … Süd",
             *SEED_NAMES[:8]]
    assert _drawn_titles(names, tmp_path)[:2] == ["Bildung…… Nord", "Bildung…… Süd"]


def test_a_title_no_label_fits_takes_the_narrowest_and_one_without_labels_stays_whole():
    """``_fit_title`` said it fell back to the shortest label, but kept whichever it tried
    last; where a name has no label that reads as none of the others' ("IB" beside "IB
    West"), the whole name stays."""
    fig = Figure(figsize=(4, 1), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_title(text := "Träger Nummer 017: 288,66 Mio.")
    drawing._fit_title(ax.title, text, "Träger Nummer 017", 1.0)
    assert ax.title.get_text() == "Tr…: 288,66 Mio."  # not the last tried, "T…7"
    ax.set_title(text := "IB: 1,00 Mio.")
    drawing._fit_title(ax.title, text, "IB", 1.0, ["IB", "IB West"])
    assert ax.title.get_text() == "IB: 1,00 Mio."

"""When the peak need comes: the month of each replication's lowest balance (counted in
the worker, ``funding.cashflow.lowest_months``), how many replications reach it in each
month (``Aggregate.lowest``), and the words that say what the mean peak is and when it
comes: it is the mean of lows in different months, so it lies deeper than the low of the
mean curve (cashflow.csv), and both are named."""

from __future__ import annotations

import numpy as np
import pytest

from finsim.analysis.words import month_words
from finsim.funding.cashflow import CashTerms, cash_flow_many, lowest_months
from finsim.montecarlo import RunSpec, run
from finsim.montecarlo.aggregate import _plus_counts, lowest_counts
from finsim.report.amounts import money_unit, short_money
from finsim.report.cashflow import (
    LowMonths,
    balance_panels,
    curve_low,
    low_months,
    peak_line,
    peak_note,
)
from finsim.report.html import drawn_timing_note, peak_sentence
from finsim.report.ticks import InLanguage
from finsim.scenario import load_scenario
from finsim.scenario.model import Payment
from finsim.scenario.schedule import Month

from .conftest import ROOT, SMALL

EUR = 100  # cents
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def _worked_example(counted_from: int = 0) -> np.ndarray:
    """docs/cash-flow.md's example: 1,000 EUR a month for 12 months, claimed per quarter,
    paid 2 months after it ends; the balance (in thousands) -1 -2 -3 -4 -5 -3 -4 -5 -3
    -4 -5 -3 -3 -3 0 for each of two providers, the second's costs halved."""
    cost = np.array([[1000 * EUR, 500 * EUR]] * 12, dtype=np.int64)
    amount = cost[:, :, None]
    terms = CashTerms((Payment(every="quarter", lag_months=2),), 1)
    flow = cash_flow_many(amount[None], cost[None], [terms])
    return lowest_months(flow, counted_from)[0]


def test_the_low_is_the_first_month_of_the_lowest_balance_by_hand():
    # -5 at the end of May (4), August (7) and November (10): the first, May, for each
    # provider and for the program (-7.5 thousand, May too)
    assert _worked_example().tolist() == [4, 4, 4]


@pytest.mark.parametrize(("counted_from", "month"), [(5, 4), (6, 7), (12, 11), (15, -1)])
def test_a_re_forecast_s_low_is_taken_over_its_peak_months(counted_from: int, month: int):
    # from June (5) on, the balance carried in is May's -5 (month 4); from July (6) on,
    # August's; from January of the next year (12), December's -3 carried in is the
    # lowest (its first month, 11); past the last payment (15) the balance ends at 0:
    # no need, no month (-1)
    assert _worked_example(counted_from).tolist() == [month] * 3


def test_no_need_has_no_month():
    cost = np.full((3, 1), 100 * EUR, dtype=np.int64)
    terms = CashTerms((None,), 1)
    flow = cash_flow_many(cost[None, :, :, None], cost[None], [terms])
    assert lowest_months(flow).tolist() == [[-1, -1]]


def test_the_months_are_counted_per_replication_and_chunks_add_up():
    lows = np.array([[2, -1], [4, 0], [2, 0]])
    assert lowest_counts(lows).tolist() == [[0, 2], [0, 0], [2, 0], [0, 0], [1, 0]]
    longer = _plus_counts(lowest_counts(lows[:1]), lowest_counts(lows[1:]))
    assert longer.tolist() == lowest_counts(lows).tolist()
    assert _plus_counts(None, None) is None


def _seed_run(replications: int, uncertainty: bool = True):  # noqa: ANN202
    """The seed as ``finsim run -n REPLICATIONS`` runs it (its own seed)."""
    scn = load_scenario(SEED)
    return run(RunSpec(scn, replications, scn.simulation.seed, uncertainty), jobs=1)


@pytest.fixture(scope="module")
def seed():
    return _seed_run(30)


def test_the_seed_s_lows_their_month_and_the_mean_curve_s_low(seed):
    counts = seed.aggregate.lowest[:, -1]  # the program's
    assert counts.sum() == 30 and int(counts.max()) == 20
    low = low_months(seed)
    assert low == LowMonths(most="2013-11", share=20 / 30, first="2013-09", last="2013-11")
    assert curve_low(seed) == (
        "the mean balance (cashflow.csv, the charts' line) is lowest at -1,004,543 EUR in "
        "2013-10: each replication reaches its low in a month of its own, so the mean of "
        "the lows lies deeper")
    assert peak_line(seed).splitlines()[1:] == [
        "  This is the mean of each replication's lowest balance, most often in 2013-11 "
        "(66.7 % of replications; 90 % of the lows from 2013-09 to 2013-11).",
        "  The mean balance (cashflow.csv, the charts' line) is lowest at -1,004,543 EUR in "
        "2013-10: each replication reaches its low in a month of its own, so the mean of "
        "the lows lies deeper."]
    assert peak_sentence(seed, "de").endswith(
        " Das ist das Mittel des tiefsten Kassenstands jeder Replikation, am häufigsten im "
        "November 2013 (in 66,7 % der Replikationen; 90 % der Tiefpunkte von September 2013 "
        "bis November 2013).")
    assert peak_note(seed, "Höchste Vorfinanzierung", "de") == (
        "Höchste Vorfinanzierung: Mittel des tiefsten Kassenstands jeder Replikation, am "
        "häufigsten im November 2013 (in 66,7 % der Replikationen; 90 % der Tiefpunkte von "
        "September 2013 bis November 2013); der mittlere Kassenstand (cashflow.csv, die "
        "Linie der Grafiken) ist am tiefsten mit -1.004.543 EUR im Oktober 2013: jede "
        "Replikation erreicht ihren Tiefpunkt in einem eigenen Monat, daher liegt das "
        "Mittel der Tiefpunkte tiefer.")


def test_one_replication_s_peak_is_the_mean_curve_s_low():
    one = _seed_run(1)
    peak = one.metric_mean("peak_prefinancing")
    month = low_months(one)
    assert month is not None and month.share == 1.0 and month.first == month.last
    assert curve_low(one).startswith(
        "the mean balance (cashflow.csv, the charts' line) is lowest there too, at "
        f"-{short_money(peak, unit=(1.0, '')).lstrip('-')} EUR in {month.most}")
    assert "(100.0 % of replications)." in peak_line(one)


def test_the_panels_name_the_month_and_one_unit_each(seed):
    panels = balance_panels(seed, lang="de")
    assert panels.titles[0] == ("alle Träger: höchster Bedarf im Mittel 1,08 Mio. EUR\n"
                                "Mittel der Tiefpunkte je Replikation, meist im November 2013")
    assert panels.units[0] == (1e6, " Mio.")


def test_one_unit_a_panel_its_axis_and_title_alike():
    assert money_unit(9_999, "de") == (1.0, "") and money_unit(10_000, "de") == (1e3, " Tsd.")
    assert money_unit(1e6, "en") == (1e6, " M")
    # the probe's Stadtteil-Schule: a peak of 9,913 in a panel down to -12,000
    assert short_money(9_913, lang="de", unit=(1e3, " Tsd.")) == "9,9 Tsd."
    assert short_money(331_283, lang="de", unit=(1e3, " Tsd.")) == "331 Tsd."
    assert short_money(1_369_679, lang="de", unit=(1e6, " Mio.")) == "1,37 Mio."
    thousands = InLanguage("de", (1e3, " Tsd."))
    assert thousands.format_ticks([-10_000, -5_000, 0]) == ["-10 Tsd.", "-5 Tsd.", "0"]
    millions = InLanguage("de", (1e6, " Mio."))
    assert millions.format_ticks([-1_500_000, -1_000_000, -500_000, 0]) == [
        "-1,5 Mio.", "-1,0 Mio.", "-0,5 Mio.", "0"]
    assert InLanguage("de").format_ticks([-10_000, -5_000, 0]) == ["-10.000", "-5.000", "0"]


def test_the_page_says_when_a_drawn_payment_term_spreads_the_payments(seed):
    assert drawn_timing_note(seed, "en") == (
        "<p class='note'>funding.land_esf.payment.lag_months is drawn: each replication is "
        "paid in months of its own, so the mean payments in cashflow.csv spread over "
        "several months and cannot be checked against ledger.csv payment by payment. For a "
        "check by hand: finsim run with -n 1 or --no-uncertainty.</p>")
    fixed = _seed_run(2, uncertainty=False)
    assert drawn_timing_note(fixed, "de") == ""
    plain = run(RunSpec(load_scenario(SMALL), 2, 5), jobs=1)
    assert low_months(plain) is None and peak_note(plain, "Peak", "en") == ""


def test_the_workbook_names_the_peak_s_month_per_provider_and_says_what_it_is(seed, tmp_path):
    import openpyxl

    from finsim.report.results_book import write_results

    write_results(tmp_path / "results.xlsx", seed, "de")
    book = openpyxl.load_workbook(tmp_path / "results.xlsx")
    providers = [list(row) for row in book["Träger"].iter_rows(values_only=True)]
    heads = next(row for row in providers if "Tiefpunkt am häufigsten im" in row)
    at = heads.index("Tiefpunkt am häufigsten im")
    first = providers.index(heads) + 1
    names = [p.name or p.id for p in seed.scenario.providers]
    # every provider's lows fall most often in November, as the program's
    assert [row[at] for row in providers[first:first + len(names)]] == ["2013-11"] * len(names)
    assert [low_months(seed, p).most for p in range(len(names))] == ["2013-11"] * len(names)
    notes = [row[0] for row in book["Übersicht"].iter_rows(values_only=True)]
    assert peak_note(seed, "Höchste Vorfinanzierung", "de") in notes


def test_a_single_draw_spreads_nothing_and_says_nothing_of_it():
    assert drawn_timing_note(_seed_run(1), "en") == ""


def test_a_german_sentence_names_each_month_by_its_name():
    """``month_words``: ``im 2026-01`` reads as a code to a German reader, ``im Januar
    2026`` as a month; English keeps ``in 2026-01``, a ``Month`` as its text."""
    german = [month_words(f"2026-{m:02d}", "de") for m in range(1, 13)]
    assert german == ["Januar 2026", "Februar 2026", "März 2026", "April 2026", "Mai 2026",
                      "Juni 2026", "Juli 2026", "August 2026", "September 2026",
                      "Oktober 2026", "November 2026", "Dezember 2026"]
    assert month_words(Month.parse("2013-11"), "de") == "November 2013"
    assert month_words("2026-01", "en") == month_words("2026-01") == "2026-01"

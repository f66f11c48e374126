"""``results.xlsx`` of ``finsim run`` and ``finsim compare``: the results as a workbook.

run: the key figures with their 90 % intervals (every metric of summary.csv), cost and
funding by year and funder and by year and cost category, and the figures per provider.
compare: the scenarios side by side (mean and interval) and each alternative's paired
difference to BASE with its interval. Labels follow ``--lang`` (German by default, the
same label source as report.html); money is EUR to the cent as in the CSV files.

Sums are ``SUM`` formulas, and "total / count" is a formula over the means on the same
sheet: the ratio of means a reader computes, next to the mean of the per-replication
ratios that summary.csv holds. The statistics' cells hold them unrounded and show them
as the CSV writes them (the number formats round), so that the formula gives the
terminal's and the page's figure, not one over a rounded count mean.
Text from scenarios is written as text, never as a formula (``excel.Rows``); the file
is byte-identical for identical runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..analysis.sanity import Note
from ..analysis.starts import start_lines, year_ends, year_titles
from ..funding.cashflow import CASH_METRICS
from ..funding.fiscal import UNSPLIT
from ..ledger import COST_CATEGORIES
from ..montecarlo import RunResult
from . import columns, tables
from .amounts import defined_note, set_lines, undrawn_line
from .budgets import ACCRUAL, plan_cells
from .cashflow import low_months, peak_note, provider_names, with_peak_start, with_peak_starts
from .excel import (
    BOLD,
    HEADING,
    NUMBER_FORMATS,
    TITLE,
    Book,
    Formula,
    Rows,
    column_letter,
    text_width,
)
from .html import (
    TEXT,
    category_label,
    funder_names,
    marked,
    not_public,
    period_span,
    warnings_heading,
)
from .html import metric_label as html_metric_label
from .numbers import DECIMALS, held_cells, kind, rounded
from .summary_rows import RATIOS

if TYPE_CHECKING:
    from ..analysis.compare import Comparison, Paired
    from .compare_years import Year, YearTable

WORDS = {
    "de": {
        "summary": "Übersicht", "by_year": "Jahre und Geldgeber", "by_provider": "Träger",
        "side_by_side": "Vergleich", "differences": "Differenzen",
        "by_year_delta": "Differenzen je Jahr",
        "results": "Ergebnisse", "p05": "5-%-Perzentil", "p50": "Median",
        "p95": "95-%-Perzentil", "std": "Standardabweichung", "id": "Kennung",
        "most": "Tiefpunkt am häufigsten im",
        "how": "Berechnung", "of_ratios_note": "Mittel der Quotienten je Replikation",
        "ratio_note": "Quotient der Mittelwerte (Formel)", "by_category": "Kostenart",
        "cost_by_category": "Kosten je Jahr und Kostenart (Mittelwert, EUR)",
        "year_end": "Jahresende (Hochrechnung): Kosten je Jahr, Mittelwert und "
                    "90-%-Intervall (EUR)",
        "funding_by_year": "Finanzierung je Jahr und Geldgeber (Mittelwert, EUR, "
                           f"{ACCRUAL['de']})",
        "provider": "Träger", "metric": "Kennzahl", "base": "BASE",
        "delta": "Differenz zu BASE (gepaart)", "delta_p05": "5-%-Perzentil der Differenz",
        "delta_p95": "95-%-Perzentil der Differenz",
        "paired_note": "Gepaarte Differenz je Replikation (gemeinsame Zufallszahlen), "
                       "ihr Mittelwert und ihr 90-%-Intervall",
        "interval_note": "Intervall: 5. bis 95. Perzentil über die Replikationen",
        "providers_note": "Jede Kennzahl je Träger mit Intervall: providers.csv",
        "together": "alle Träger zusammen", "warning": "Hinweis", "noted": "Anmerkung",
        "below": "unter den Kennzahlen",
        "defined": "in Replikationen definiert",
        "defined_note": "Kosten je Vermittlung, Mittel der Replikationen (wie in "
                        "providers.csv): nur über die Replikationen, in denen der Träger "
                        "jemanden vermittelt; die ohne Vermittlung, die teuersten, fehlen "
                        "darin, so dass es bei wenigen unter den Kosten je Eintritt liegen "
                        "kann. Summe / Anzahl: Quotient der Mittelwerte des Trägers.",
    },
    "en": {
        "summary": "Summary", "by_year": "By year and funder", "by_provider": "By provider",
        "side_by_side": "Side by side", "differences": "Paired differences",
        "by_year_delta": "Differences by year",
        "results": "Results", "p05": "5th percentile", "p50": "Median",
        "p95": "95th percentile", "std": "Standard deviation", "id": "Id",
        "most": "low most often in",
        "how": "Computed as", "of_ratios_note": "mean of each replication's ratio",
        "ratio_note": "ratio of the means (formula)", "by_category": "Category",
        "cost_by_category": "Cost by year and category (mean, EUR)",
        "year_end": "Year-end (Hochrechnung): cost by year, mean and 90 % interval (EUR)",
        "funding_by_year": f"Funding by year and funder (mean, EUR, {ACCRUAL['en']})",
        "provider": "Provider", "metric": "Figure", "base": "BASE",
        "delta": "Difference to BASE (paired)", "delta_p05": "5th percentile of the difference",
        "delta_p95": "95th percentile of the difference",
        "paired_note": "Paired difference per replication (common random numbers), its "
                       "mean and its 90 % interval",
        "interval_note": "Interval: 5th to 95th percentile over replications",
        "providers_note": "Every figure per provider with its interval: providers.csv",
        "together": "all providers together", "warning": "Warning", "noted": "Note",
        "below": "below the figures",
        "defined": "replications that define it",
        "defined_note": "Cost per placement, mean over replications (as in providers.csv): "
                        "only over the replications in which the provider places someone; "
                        "those without a placement, the dearest, are left out, so with few "
                        "it can fall below the cost per entry. Total / count: the ratio of "
                        "the provider's means.",
    },
}

TOGETHER = frozenset(CASH_METRICS)
"""Program figures of the providers' cash together (one balance, netted across providers),
not the sum of each provider's: the summary says so beside them."""

def formats(lang: str) -> dict[str, str]:
    """The number format of each metric kind, as the language writes it."""
    number = NUMBER_FORMATS[lang]
    return {"money": number["eur"], "count": number["count"], "ratio": number["share"]}


def words(lang: str) -> dict[str, str]:
    return {**TEXT[lang], **WORDS[lang]}


def metric_label(metric: str, result: RunResult, lang: str) -> str:
    """A metric's name in the language (``html.metric_label``)."""
    return html_metric_label(metric, result.scenario, lang)


def write_results(path: Path, result: RunResult, lang: str = "de",
                  warnings: list[str] | None = None) -> None:
    """results.xlsx of ``finsim run``: summary, by year and funder, by provider, the
    fiscal balance by budget and year (accrual and cash: ``plan_book.fiscal_sheet``).
    ``warnings``: the run's in ``lang`` (``tables.run_warnings``), if worked out already."""
    w = words(lang)
    book = Book(path)
    if warnings is None:
        warnings = tables.run_warnings(result, lang)
    _summary(Rows(book, book.sheet(w["summary"])), result, lang, warnings)
    _by_year(Rows(book, book.sheet(w["by_year"])), result, lang)
    _by_provider(Rows(book, book.sheet(w["by_provider"])), result, lang)
    from .year_sheet import fiscal_sheet  # it builds on this module

    fiscal_sheet(book, result, lang, cash=True)
    book.close()


def head(rows: Rows, result: RunResult, lang: str, title: str) -> None:
    w = words(lang)
    scn = result.scenario
    rows.add([f"{title}: {scn.name}"], font=TITLE)
    rows.add([f"{w['period']}: {period_span(scn, lang)}; "
              f"{w['replications']}: {result.spec.replications}; "
              f"{w['seed']}: {result.spec.seed}"])
    for line in set_lines(scn._set_over, lang):  # the figures rest on these, not the file
        rows.add([line], bold=True)
    if undrawn := undrawn_line(result.spec.undrawn, lang):  # its intervals are narrower
        rows.add([undrawn], bold=True)
    for line in start_lines(result, lang):  # who it starts with, what is actual (the terminal's)
        rows.add([line])
    rows.blank()


def _summary(rows: Rows, result: RunResult, lang: str, warnings: list[str]) -> None:
    """Every metric of summary.csv with mean, interval, median and spread; the ratio
    metrics also as total / count (a formula over the means above); the run's
    ``warnings`` below them, a line above saying how many: only the column heads are
    frozen, and 25 warnings above them froze 33 rows, a laptop's whole window."""
    w, number = words(lang), formats(lang)
    head(rows, result, lang, w["results"])
    if warnings:
        rows.add([f"{warnings_heading(warnings, lang)}: {len(warnings)} {w['below']}"],
                 bold=True)
        rows.blank()
    rows.add([w["metric"], w["mean"], w["p05"], w["p50"], w["p95"], w["std"], w["how"],
              w["id"]], bold=True)
    rows.freeze(f"B{rows.row + 1}")  # the metric's name and the column heads stay in view
    # numpy columns (no pandas), unrounded: the formats round, total / count is exact
    table = columns.rounded(tables.summary_columns(result), cells=held_cells)
    at: dict[str, int] = {}
    apart = not_public(result.scenario)
    for i in summary_order(result.metric_names, apart):
        metric = result.metric_names[i]
        if metric == "net_public_cost" and result.scenario.passive_benefits.unsplit:
            # saved by no budget: a line of their own, so the nets add up
            _unsplit_line(rows, result, table, lang)
        k = kind(metric)
        how = how_note(metric, with_peak_start(result, w["together"], lang)
                       if metric == "peak_prefinancing" else w["together"], lang)
        at[metric] = rows.add(
            [marked(metric_label(metric, result, lang), metric, apart, lang)
             + defined_note(result.metric_values[:, i], lang),  # the terminal's and page's
             *(_number(table[c][i]) for c in ("mean", "p05", "p50", "p95", "std")),
             how, metric], number.get(k))
    rows.blank()
    means = dict(zip(result.metric_names, table["mean"].tolist(), strict=True))
    for metric, (total, count) in RATIOS.items():
        if {metric, total, count} <= set(at):
            rows.add([f"{metric_label(metric, result, lang)}: {w['ratio']}",
                      _ratio(means[count], f"B{at[total]}", f"B{at[count]}"),
                      None, None, None, None, w["ratio_note"], f"{metric}_ratio_of_means"],
                     number["money"])
    rows.add([w["net_note"]])
    if "peak_prefinancing" in at and (note := peak_note(
            result, metric_label("peak_prefinancing", result, lang), lang)):
        rows.add([note])  # what the peak is and when it comes, as the terminal and the page
    rows.add([w["interval_note"]])
    _warnings(rows, warnings, lang)
    _widths(rows, [58, 18, 18, 18, 18, 18, 36, 34])


def _warnings(rows: Rows, warnings: list[str], lang: str) -> None:
    """The run's warnings (report.html's, in its language) under their heading, below the
    figures, which a line above the figures points to: the workbook goes round without
    the page, and a figure resting on an assumption (the minimum wage finsim assumes from
    2028) must say so where it is read.
    A warning in bold, a note (``sanity.Note``) said as one, in plain type, as the page
    highlights only the warnings. Nothing, not even the heading, where there are none."""
    if not warnings:
        return
    rows.blank()
    rows.add([warnings_heading(warnings, lang)], font=HEADING)
    for warning in warnings:
        note = isinstance(warning, Note)
        rows.add([f"{WORDS[lang]['noted']}: {warning}" if note else warning], bold=not note)


def how_note(metric: str, together: str, lang: str) -> str | None:
    """``Berechnung``'s words on a metric, in the run's and the comparison's sheets: a
    ratio is the mean of each replication's ratio, a cash figure is of all providers'
    cash together (``together``: those words, the run's peak's with the month it is
    taken from); other metrics need none."""
    if metric in RATIOS or kind(metric) == "ratio":
        return WORDS[lang]["of_ratios_note"]
    return together if metric in TOGETHER else None


def summary_order(metrics: Sequence[str], apart: set[str]) -> list[int]:
    """The positions of summary.csv's metrics in Übersicht's order: the net costs of
    budgets that are not public right after ``net_public_cost``, as the compare
    workbook's ``book_order`` puts them, so the rows above it add up to it as the note
    below says (the providers' net cost among the public budgets read as part of it)."""
    after = [i for i, m in enumerate(metrics) if m.startswith("net_cost_") and m in apart]
    order = [i for i in range(len(metrics)) if i not in after]
    if "net_public_cost" not in metrics:
        return order + after
    at = order.index(metrics.index("net_public_cost")) + 1
    return [*order[:at], *after, *order[at:]]


def _unsplit_line(rows: Rows, result: RunResult, table: dict, lang: str) -> None:
    """Benefits avoided not split by payer among the budgets' net costs, as fiscal.csv's
    ``not_split_by_payer`` and report.html carry them: minus summary.csv's
    ``passive_benefits_avoided`` (its 5th percentile is minus that one's 95th)."""
    w = words(lang)
    i = list(result.metric_names).index("passive_benefits_avoided")
    mean, p05, p50, p95, std = (float(table[c][i]) for c in ("mean", "p05", "p50", "p95",
                                                               "std"))
    rows.add([f"{w['net_cost']}: {w['unsplit']}", *(_number(-v) for v in (mean, p95, p50, p05)),
              _number(std), f"− {metric_label('passive_benefits_avoided', result, lang)}",
              f"net_cost_{UNSPLIT}"], formats(lang)["money"])


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _by_year(rows: Rows, result: RunResult, lang: str) -> None:
    """Funding by year and funder (and the gap), cost by year and category: means to the
    cent, totals as SUM; under the funding the line pointing to the money by the month it
    is paid (the years are those the cost arises in). Both tables add up plan.csv's
    cells (``plan_cells``: whole cents from the summed ledger, each funder's year half a
    cent up, split to its categories by largest remainder), so a year's cost is its
    funding to the cent and each category's year plan.xlsx's line; each category's
    mean rounded by itself put the cost a cent or more off the funding."""
    w, money = words(lang), formats(lang)["money"]
    scn = result.scenario
    labels = year_titles(scn, lang)  # a re-forecast's say what each year is
    cells = plan_cells(result)  # [years, categories, funders + gap] whole cents
    head(rows, result, lang, w["results"])
    rows.freeze("B1")  # the years stay in view (two tables, one under the other: no row)
    names = [*funder_names(scn, lang), w["gap"]]
    by_funder = cells.sum(axis=1) / 100  # as plan.csv and the budgets' paid
    by_category = cells.sum(axis=2) / 100  # as plan.xlsx's lines 1.x
    by_year_widths = [14 if scn.actuals is None else 30,  # a re-forecast's: what is actual
                      *([22] * (max(len(names), len(COST_CATEGORIES)) + 1))]
    for title, heads, values, note in (
            (w["funding_by_year"], names, by_funder, w["cash_note"]),
            (w["cost_by_category"], [category_label(c, lang) for c in COST_CATEGORIES],
             by_category, None)):
        rows.add([title], bold=True)
        rows.fit(rows.add([w["year"], *heads, w["total"]], font=HEADING), by_year_widths)
        first = rows.row + 1
        last_col = column_letter(len(heads) + 1)
        for i, label in enumerate(labels):
            r = rows.row + 1
            rows.add([label, *(float(v) for v in values[i]),
                      Formula(f"=SUM(B{r}:{last_col}{r})")], money)
        last = rows.row
        rows.add([w["total"], *(Formula(f"=SUM({column_letter(c)}{first}:"
                                        f"{column_letter(c)}{last})")
                                for c in range(2, len(heads) + 3))], money, bold=True)
        if note:
            rows.add([note])
        rows.blank()
    _year_ends(rows, result, labels, lang)
    _widths(rows, by_year_widths)


def _year_ends(rows: Rows, result: RunResult, labels: list[str], lang: str) -> None:
    """A re-forecast's year-end figures (``year_ends``: the terminal's "Year-end 2027 (6 of
    12 months actual)" lines): each year's cost with its 90 % interval, to the cent;
    nothing for a plain run."""
    ends = year_ends(result)
    if not ends:
        return
    w, money = words(lang), formats(lang)["money"]
    rows.add([w["year_end"]], bold=True)
    rows.add([w["year"], w["mean"], w["p05"], w["p95"]], font=HEADING)
    for label, end in zip(labels, ends, strict=True):
        rows.add([label, *(round(v, 2) for v in (end.mean, end.low, end.high))], money)


PROVIDER_COLUMNS = ("entries", "exits_placement", "exits_dropout", "participants_at_end",
                    "slot_months", "occupancy_rate", "cost_total", "cost_per_placement")
"""The per-provider figures shown side by side, funders' amounts after them."""
WITH_INTERVAL = frozenset({"entries", "exits_placement", "cost_total", "peak_prefinancing"})
"""... of which these with their 90 % interval (every metric with its interval is in
providers.csv: at national scale the workbook stays small and quick to write)."""
DEFINED_BY = {"cost_per_placement": ("ratio", "mean", "defined")}
WITH_MONTH = {"peak_prefinancing": ("mean", "p05", "p95", "most")}
"""The peak per provider with the month most of its lows fall in (``low_months``): when
its credit line is drawn, as the terminal and ``cashflow.png`` name it."""
"""A ratio per provider, as total / count (the ratio of the provider's means), as the
mean of its replications' ratios (providers.csv's) and with the count of replications
that define that mean: a provider that places someone in few of them has a mean over
those alone (the dearest, without a placement, left out), which can fall below its own
cost per entry; the count says so, as ``defined_note`` does for the program."""


def _by_provider(rows: Rows, result: RunResult, lang: str) -> None:
    """The providers side by side: the key figures' means (with the 90 % interval for
    the headline ones), each funder's amount, and program totals as SUM."""
    w, number = words(lang), formats(lang)
    scn = result.scenario
    names = provider_names(scn)
    metrics = [m for m in (*PROVIDER_COLUMNS, *(f"funding_{f}" for f in scn.funder_ids),
                           "funding_gap", "peak_prefinancing")
               if m in result.provider_metric_names]
    columns = [(m, stat) for m in metrics
               for stat in {**DEFINED_BY, **WITH_MONTH}.get(
                   m, ("mean", "p05", "p95") if m in WITH_INTERVAL else ("mean",))]
    head(rows, result, lang, w["results"])
    widths = [34, *([18] * len(columns))]
    _provider_heads(rows, result, columns, widths, lang)
    rows.add([None, *(w["of_ratios" if m in DEFINED_BY and stat == "mean" else stat]
                      for m, stat in columns)], bold=True)
    first = rows.row + 1
    rows.freeze(f"B{first}")  # the provider's name and what each column holds stay in view
    values = [_provider_ratios(result, m, columns, first) if stat == "ratio"
              else _most_often(result) if stat == "most"
              else _provider_column(result, m, stat) for m, stat in columns]
    column_formats = [NUMBER_FORMATS[lang]["whole"] if stat == "defined"
                      else "General" if stat == "most"
                      else number.get(kind(m)) or "General" for m, stat in columns]
    for p, pid in enumerate(scn.provider_ids):
        r = rows.add([names[pid]])
        for c, (column, number_format) in enumerate(zip(values, column_formats, strict=True),
                                                     start=2):
            rows.put(r, c, column[p], number_format)
    last = rows.row
    total = rows.add([w["total"]], bold=True)
    for c, (m, stat) in enumerate(columns, start=2):
        if (stat == "mean" and kind(m) in ("money", "count") and m != "peak_prefinancing"
                and m not in DEFINED_BY):
            col = column_letter(c)
            rows.put(total, c, Formula(f"=SUM({col}{first}:{col}{last})"), number[kind(m)])
    rows.blank()
    rows.add([w["providers_note"]])
    rows.add([w["defined_note"]])
    _widths(rows, widths)


def _provider_column(result: RunResult, metric: str, stat: str) -> list[float | None]:
    """Every provider's value of one column (NaN: empty): a statistic of providers.csv,
    held as ``Übersicht`` holds its cells (``held_cells``: unrounded, the number format
    showing the CSV's figure), so that total / count over them is the ratio of the
    provider's means; ``defined``, how many replications define it."""
    where = list(result.provider_metric_names).index
    if stat == "defined":
        return result.provider_defined[:, where(metric)].tolist()
    column = result.provider_stats[stat][:, where(metric)].astype(float)
    if (k := kind(metric)) in DECIMALS:
        column = held_cells(column, k)
    return [None if np.isnan(v) else v for v in column.tolist()]


def _most_often(result: RunResult) -> list[str | None]:
    """The month most of each provider's lows fall in (``low_months``; empty: none)."""
    months = [low_months(result, p) for p in range(len(result.scenario.provider_ids))]
    return [None if low is None else low.most for low in months]


def _provider_ratios(result: RunResult, metric: str, columns: list[tuple[str, str]],
                     first: int) -> list[Formula | None]:
    """Total / count of each provider (``RATIOS``) as a formula over its mean cost and
    mean count on the same row, as ``Übersicht``'s: the figure a reader computes from the
    cells before it (``_ratio``: none where nobody is placed in any replication)."""
    count = RATIOS[metric][1]
    top, bottom = (column_letter(columns.index((m, "mean")) + 2) for m in RATIOS[metric])
    means = result.provider_stats["mean"][:, list(result.provider_metric_names).index(count)]
    return [_ratio(float(n), f"{top}{first + p}", f"{bottom}{first + p}")
            for p, n in enumerate(means.tolist())]


def _provider_heads(rows: Rows, result: RunResult, columns: list[tuple[str, str]],
                    widths: list[float], lang: str) -> None:
    """``Träger``'s row of headings: each metric's name over all its columns (mean, and
    5 % and 95 % percentiles where it has them), merged, so that no column reads only
    "5-%-Perzentil"; the row as tall as the longest name needs across its columns."""
    apart = not_public(result.scenario)
    heads = [_provider_head(m, result, apart, lang) if k == 0 or columns[k - 1][0] != m
             else None for k, (m, stat) in enumerate(columns)]
    r = rows.add([words(lang)["provider"], *heads], font=HEADING)
    spans = list(widths)  # a merged heading wraps in its columns together
    for c, head in enumerate(heads, start=2):
        if head is None:
            continue
        last = c
        while last - 1 < len(heads) and heads[last - 1] is None:
            last += 1
        if last > c:
            rows.merge(r, c, last, head, HEADING)
            spans[c - 1] = sum(widths[c - 1:last])
    rows.fit(r, spans)


def _provider_head(metric: str, result: RunResult, apart: set[str], lang: str) -> str:
    """A metric's heading over its columns by provider: its name, marked where its money
    is not public; the peak with the month a re-forecast takes it from."""
    head = marked(metric_label(metric, result, lang), metric, apart, lang)
    return with_peak_start(result, head, lang) if metric == "peak_prefinancing" else head


def write_comparison_book(path: Path, comparison: Comparison, lang: str = "de") -> None:
    """results.xlsx of ``finsim compare``: the scenarios side by side (mean and 90 %
    interval) and each alternative's paired difference to BASE with its interval."""
    w, number = words(lang), formats(lang)
    book = Book(path)
    table = rounded(comparison.table, held_cells)  # the formats round: total / count exact
    base = comparison.base
    metrics = list(dict.fromkeys(table.metric))
    labels = comparison.labels
    from ..analysis.compare import all_warnings, period_text, undefined_counts
    from ..analysis.starts import compared_start
    from .html_compare import (  # here: a run never needs them
        funders,
        peak_lines,
        reforecast_lines,
        undefined_line,
    )

    names = dict(funders(comparison, lang))  # a funder the scenarios name differently: its id

    lines, apart = book_order(comparison, metrics)

    def label(metric: str) -> str:
        text = next((t for r in comparison.results
                     if (t := html_metric_label(metric, r.scenario, lang, names)) != metric),
                    metric)
        text = marked(text, metric, apart, lang)
        return (with_peak_starts(comparison.results, labels, text, lang)
                if metric == "peak_prefinancing" else text)

    rows = Rows(book, book.sheet(w["side_by_side"]))
    rows.add([f"{w['side_by_side']}: {labels[0]} ({w['base']})"], font=TITLE)
    rows.add([f"{w['replications']}: {base.spec.replications}; {w['seed']}: "
              f"{base.spec.seed}; {w['interval_note']}"])
    for line in set_lines(base.scenario._set_over, lang):  # every scenario's, BASE's file
        rows.add([line], bold=True)
    if undrawn := undrawn_line(comparison.undrawn, lang):
        rows.add([undrawn], bold=True)
    for k, (lab, result) in enumerate(zip(labels, comparison.results, strict=True)):
        rows.add([f"{w['base'] + ': ' if k == 0 else ''}{lab}: "
                  f"{period_text(result.scenario, lang)}; {compared_start(result, lang)}"])
    for warning in all_warnings(comparison, lang):  # report.html's: the comparison's, each run's
        note = isinstance(warning, Note)  # in plain type, as ``_warnings`` has it
        rows.add([f"{w['noted' if note else 'warning']}: {warning}"], bold=not note)
    rows.blank()
    rows.add([w["metric"], *(x for i, lab in enumerate(labels)
                             for x in ((f"{w['base']}: " if i == 0 else "") + lab, None, None)),
              w["how"], w["id"]], bold=True)
    rows.add([None, *(x for _ in labels for x in (w["mean"], w["p05"], w["p95"]))], bold=True)
    cells = table.set_index(["metric", "scenario"])
    at: dict[str, int] = {}
    for metric in lines:
        values = []
        for lab in labels:
            hit = cells.loc[(metric, lab)] if (metric, lab) in cells.index else None
            values += [None] * 3 if hit is None else [_number(hit[c])
                                                      for c in ("mean", "p05", "p95")]
        at[metric] = rows.add([label(metric), *values, how_note(metric, w["together"], lang),
                               metric], number.get(kind(metric)))
    rows.blank()
    means = [column_letter(2 + 3 * i) for i in range(len(labels))]
    for metric, (total, count) in RATIOS.items():
        if {metric, total, count} <= set(at):
            counts = [cells.loc[(count, lab), "mean"] if (count, lab) in cells.index else None
                      for lab in labels]
            rows.add([f"{label(metric)}: {w['ratio']}",
                      *(x for c, n in zip(means, counts, strict=True) for x in (
                          _ratio(n, f"{c}{at[total]}", f"{c}{at[count]}"),
                          None, None)), w["ratio_note"], f"{metric}_ratio_of_means"],
                     number["money"])
    rows.blank()
    rows.add([w["net_note"]])
    for line in peak_lines(comparison, lang):  # the peak's lines, as the page's
        rows.add([line])
    first = _label_width([label(metric) for metric in lines])
    _widths(rows, [first, *([18] * (3 * len(labels))), 36, 30])

    diff = Rows(book, book.sheet(w["differences"]))
    diff.add([f"{w['differences']}: {w['base']} = {labels[0]}"], font=TITLE)
    diff.add([w["paired_note"]])
    diff.blank()
    alternatives = labels[1:]
    diff.add([w["metric"], *(x for lab in alternatives for x in (lab, None, None)), w["how"],
              w["id"]], bold=True)
    diff.add([None, *(x for _ in alternatives for x in (w["delta"], w["delta_p05"],
                                                        w["delta_p95"]))], bold=True)
    for metric in lines:
        values = []
        for lab in alternatives:
            hit = cells.loc[(metric, lab)] if (metric, lab) in cells.index else None
            values += [None] * 3 if hit is None else [
                _number(hit[c]) for c in ("delta_mean", "delta_p05", "delta_p95")]
        diff.add([label(metric), *values, how_note(metric, w["together"], lang), metric],
                 number.get(kind(metric)))
    notes = [*(undefined_line(u, label(u.metric), labels, lang)
               for u in undefined_counts(comparison)),  # the command's note:, as the page's
             *reforecast_lines(comparison, lang), *peak_lines(comparison, lang)]
    if notes:
        diff.blank()
    for note in notes:
        diff.add([note])
    _widths(diff, [first, *([22] * (3 * len(alternatives))), 36, 30])
    _by_year_deltas(book, comparison, label, lang)
    book.close()


def _by_year_deltas(book: Book, comparison: Comparison, label: Callable[[str], str],
                    lang: str) -> None:
    """A sheet of each plan against its re-forecast by calendar year (``year_tables``),
    the page's tables: per figure its years, marked, a year both actual and forecast as
    ``SUM`` of its two parts under it, BASE's and the alternative's mean and the Δ to the
    cent, the total of each as ``SUM`` of the years, and the Δ's 90 % interval (a value:
    quantiles do not add up); a Δ whose interval excludes 0 bold, as on the page. None for
    a plain comparison."""
    from .compare_years import year_tables
    from .html_compare import WORDS as PAGE
    from .html_compare import quoted, year_label

    tables = year_tables(comparison)
    if not tables:
        return
    w, money = {**words(lang), **PAGE[lang]}, formats(lang)["money"]
    rows = Rows(book, book.sheet(w["by_year_delta"]))
    for table in tables:
        rows.add([w["years"].format(label=quoted([table.label], lang),
                                    base=quoted([comparison.labels[0]], lang))], font=TITLE)
        rows.add([w["figure"], w["year"], f"{w['base']}: {comparison.labels[0]}",
                  table.label, "Δ", w["delta_p05"], w["delta_p95"]], font=HEADING)
        for metric in table.years[0].figures:
            years = []
            for year in table.years[:-1]:
                years.append(_year_rows(rows, comparison, metric, year, table, lang,
                                        label(metric) if year is table.years[0] else None,
                                        money))
            total = table.years[-1]
            _delta_row(rows, comparison, total.figures[metric],
                       [None, year_label(total, table, lang),
                        *(Formula(f"=SUM({','.join(f'{c}{r}' for r in years)})")
                          for c in "CDE")], money, bold=True)
        rows.blank()
    rows.add([w["years_note"]])
    _widths(rows, [50, 34, 24, 24, 20, 24, 24])


def _year_rows(rows: Rows, comparison: Comparison, metric: str, year: Year,
               table: YearTable, lang: str, label: str | None, money: str) -> int:
    """A year's row of the sheet by year and its parts' under it (``Year.parts``), the
    year then as ``SUM`` of its parts (they add up to it to the cent); its row number."""
    from .html_compare import year_label

    at = rows.row + 1
    means = [Formula(f"=SUM({c}{at + 1}:{c}{at + len(year.parts)})") for c in "CDE"]
    if not year.parts:
        f = year.figures[metric]
        means = [round(v, 2) for v in (f.base.mean, f.alt.mean, f.delta.mean)]
    _delta_row(rows, comparison, year.figures[metric],
               [label, year_label(year, table, lang), *means], money)
    for part in year.parts:
        f = part.figures[metric]
        _delta_row(rows, comparison, f, [None, year_label(part, table, lang),
                                         *(round(v, 2) for v in (f.base.mean, f.alt.mean,
                                                                 f.delta.mean))],
                   money)
    return at


def _delta_row(rows: Rows, comparison: Comparison, figure: Paired, cells: list, money: str,
               bold: bool = False) -> None:
    """A row of the sheet by year: ``cells`` (figure, year, BASE, alternative, Δ) and the
    Δ's interval, money; the Δ bold where its interval excludes 0, as the terminal and
    the page bold it (``Comparison.clear``)."""
    at = rows.add([*cells, *(round(v, 2) for v in (figure.delta.low, figure.delta.high))],
                  money, bold=bold)
    if comparison.clear(figure.delta.low, figure.delta.high):
        rows.put(at, 5, cells[4], money, BOLD)


def book_order(comparison: Comparison, metrics: list[str]) -> tuple[list[str], set[str]]:
    """The metrics in the page's order of the money that adds up, wherever each scenario
    has it (the union puts what only an alternative has last): each funder's funding,
    share and transfer, the gap, the benefits avoided, the returns, the budgets' net
    costs (``budget_nets``, as the page and the terminal list them) and then
    ``net_public_cost``, which they add up to; after it the net costs of budgets outside
    the public ones. Returned with the metrics of what is not public
    (those budgets', and the non-public funders' funding and share), to be marked so."""
    from ..analysis.compare import budget_nets
    from .html_compare import funders, not_public_in_any

    funding = [f"{prefix}{fid}" for fid, _ in funders(comparison)
               for prefix in ("funding_", "share_", "transfer_")]
    nets = budget_nets(comparison)  # the unsplit line among them: public money
    others = [m for m in metrics if m.startswith("net_cost_") and m not in nets]
    block = [*funding, "funding_gap",
             *(m for m in metrics if m.startswith(("passive_benefits_avoided", "returns"))),
             *nets, "net_public_cost", *others]
    block = [m for m in block if m in metrics]
    rest = [m for m in metrics if m not in block]
    first = next((i for i, m in enumerate(metrics) if m in block), len(metrics))
    at = sum(1 for m in metrics[:first] if m not in block)
    return [*rest[:at], *block, *rest[at:]], not_public_in_any(comparison)


def _label_width(texts: list[str], least: int = 50, most: int = 80) -> float:
    """Column A of the comparison's sheets: wide enough for its longest metric label
    (``Cost: One-off payments incl. employer contributions`` was cut at 50 characters by
    the numbers beside it), at least ``least``, at most ``most`` (a long funder name)."""
    return text_width(max(map(len, texts), default=0), least, most)


def _widths(rows: Rows, widths: list[float]) -> None:
    for column, width in enumerate(widths, start=1):
        rows.width(column, width)


def _ratio(count: float | None, total: str, below: str) -> Formula | None:
    """Total / count as a formula; no cell where the count's mean is 0 (nobody placed in
    any replication): the ratio is undefined there, as summary.csv and report.html say,
    not 0 EUR."""
    if count is None or count == 0:
        return None
    return Formula(f"=IF({below}=0,0,{total}/{below})")

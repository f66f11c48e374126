"""A plan against its re-forecast by calendar year: each year's cost and each funder's
amount in both, and the paired Δ with its interval (``finsim compare``'s terminal, page,
workbook and compare.json).

A budget is negotiated per year, and a re-forecast's year is actual, a forecast or both:
each year carries that mark (``analysis.starts.year_mark``). A funder's (and the gap's)
year is the scenario's as results.xlsx of its run gives it (``budgets.funder_year_cents``:
whole cents from the summed ledger, half a cent up); the cost's is its own mean so
rounded once (``analysis.starts.cost_year_cents``), the run's year-end figure, so the funders and
the gap add up to it within a cent or two of rounding. The period's total is the sum of
the years, so the years add up to it to the cent.
The intervals are those of the paired differences over the sampled replications
(``analysis.compare.paired_figure``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..analysis.compare import Comparison, Paired, paired_figure, split_pairs
from ..analysis.starts import actual_months, cost_year_cents, year_basis, year_mark
from ..montecarlo import RunResult
from ..program import years_of
from .budgets import funder_year_cents


@dataclass(frozen=True)
class Year:
    """One calendar year (None: the period's total) of a plan against its re-forecast."""

    year: int | None
    actual_months: int
    """The re-forecast's actual months in it."""
    months: int
    """The re-forecast's months in it."""
    figures: dict[str, Paired]
    """By metric (``cost_total``, ``funding_<id>``, ``funding_gap``), in that order."""

    def mark(self, lang: str = "en") -> str:
        """Actual, forecast or both (``year_mark``), a year of both with its actual months
        as ``finsim run`` says them ("actual + forecast, 6 of 12 months actual",
        ``year_basis``); "" for a year the re-forecast lacks."""
        if not self.months:
            return ""
        mark = year_mark(self.actual_months, self.months, lang)
        if self.year is None or self.actual_months in (0, self.months):
            return mark
        return f"{mark}, {year_basis(self.actual_months, self.months, lang)}"


@dataclass(frozen=True)
class YearTable:
    """An alternative against BASE by year, the period's total last."""

    label: str
    years: list[Year]


def year_tables(comparison: Comparison) -> list[YearTable]:
    """``YearTable`` of each alternative compared as a plan against its re-forecast
    (``split_pairs``); the gap only where it is not 0 in both."""
    funders = list(dict.fromkeys(f.id for r in comparison.results for f in r.scenario.funding))
    return [_year_table(label, comparison.base, alt, funders)
            for label, alt in split_pairs(comparison)]


def _year_table(label: str, base: RunResult, alt: RunResult, funders: list[str]) -> YearTable:
    """BASE and ``alt`` over the years of either, each year's and the total's figures."""
    rf = alt if alt.scenario.actual_months > 0 else base  # whose years are marked
    marks = {year: (known, months) for year, known, months in actual_months(rf.scenario)}
    years = sorted({int(y) for r in (base, alt) for y in years_of(r.scenario)})
    means, rows = zip(*(_by_year(r, years, funders) for r in (base, alt)), strict=True)
    metrics = ["cost_total", *(f"funding_{fid}" for fid in funders), "funding_gap"]
    if not any(m[:, -1].any() or s[:, :, -1].any() for m, s in zip(means, rows, strict=True)):
        metrics.pop()  # no gap in either: no row of zeros

    def year(i: int | None, known: int, months: int) -> Year:
        pick = slice(None) if i is None else i
        return Year(None if i is None else years[i], known, months, {
            metric: paired_figure(*(s[:, pick, k].sum(axis=1) if i is None else s[:, i, k]
                                    for s in rows),
                                  *(int(m[pick, k].sum()) / 100 for m in means))
            for k, metric in enumerate(metrics)})

    shown = [year(i, *marks.get(y, (0, 0))) for i, y in enumerate(years)]
    known, months = (sum(x) for x in zip(*marks.values(), strict=True))
    return YearTable(label, [*shown, year(None, known, months)])


def _by_year(result: RunResult, years: list[int],
             funders: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """A scenario's ``[years, 1 + funders + gap]`` mean whole cents and its sampled
    replications' ``[sample, years, 1 + funders + gap]`` EUR, the cost first, over
    ``years`` (0 in a year or for a funder the scenario lacks)."""
    own = [int(y) for y in years_of(result.scenario)]
    ids = result.scenario.funder_ids
    cents = funder_year_cents(result)  # [own years, F+1]
    costs = cost_year_cents(result)  # [own years]: the cost's own mean, not the funders' sum
    sample = result.aggregate.yearly_sample.sum(axis=2)  # [k, own years, F+1] EUR
    means = np.zeros((len(years), len(funders) + 2), dtype=np.int64)
    rows = np.zeros((len(sample), len(years), len(funders) + 2))
    for i, year in enumerate(own):
        at = years.index(year)
        means[at, 0], rows[:, at, 0] = costs[i], sample[:, i].sum(axis=1)
        means[at, -1], rows[:, at, -1] = cents[i, -1], sample[:, i, -1]
        for f, fid in enumerate(ids):
            means[at, 1 + funders.index(fid)] = cents[i, f]
            rows[:, at, 1 + funders.index(fid)] = sample[:, i, f]
    return means, rows

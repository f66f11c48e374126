"""A plan against its re-forecast by calendar year: each year's cost and each funder's
amount in both, and the paired Δ with its interval (``finsim compare``'s terminal, page,
workbook and compare.json).

A budget is negotiated per year, and a re-forecast's year is actual, a forecast or both:
each year carries that mark (``analysis.starts.year_mark``). A funder's (and the gap's)
year is the scenario's as results.xlsx of its run gives it (``budgets.funder_year_cents``:
whole cents from the summed ledger, half a cent up); the cost's is its own mean so
rounded once (``analysis.starts.cost_year_cents``), the run's year-end figure, so the funders and
the gap add up to it within a cent or two of rounding. The period's total is the sum of
the years, so the years add up to it to the cent. A year both actual and forecast has
its actual months and its forecast months as parts under it (``Year.parts``): what is
booked apart from what is forecast, adding up to the year to the cent.
The intervals are those of the paired differences over the sampled replications
(``analysis.compare.paired_figure``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..analysis.compare import Comparison, Paired, forecast_from, paired_figure, split_pairs
from ..analysis.starts import actual_months, cost_year_cents, year_basis, year_mark
from ..montecarlo import RunResult
from ..montecarlo.statistics import mean_cents
from ..program import years_of
from ..scenario.schedule import Month
from .budgets import funder_year_cents


@dataclass(frozen=True)
class Year:
    """One calendar year (None: the period's total) of a plan against its re-forecast, or
    a part of one (``part``)."""

    year: int | None
    actual_months: int
    """The re-forecast's actual months in it."""
    months: int
    """The re-forecast's months in it."""
    figures: dict[str, Paired]
    """By metric (``cost_total``, ``funding_<id>``, ``funding_gap``), in that order."""
    parts: tuple[Year, ...] = ()
    """A year both actual and forecast: its actual months and its forecast months, whose
    means add up to the year's to the cent (what is booked apart from what is forecast)."""
    span: tuple[Month, Month] | None = None
    """A part's first and last month."""

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

    def months_text(self) -> str:
        """A part's months, ``2027-01 – 2027-06`` (one month: ``2027-07``); "" for a year."""
        if self.span is None:
            return ""
        first, last = self.span
        return str(first) if first == last else f"{first} – {last}"

    def rows(self) -> list[Year]:
        """The year and, under it, its parts: the rows a table by year shows."""
        return [self, *self.parts]


@dataclass(frozen=True)
class YearTable:
    """An alternative against BASE by year, the period's total last."""

    label: str
    years: list[Year]

    def rows(self) -> list[Year]:
        """Each year with its parts (``Year.rows``), the total last."""
        return [row for year in self.years for row in year.rows()]


def year_tables(comparison: Comparison) -> list[YearTable]:
    """``YearTable`` of each alternative compared as a plan against its re-forecast
    (``split_pairs``); the gap only where it is not 0 in both."""
    funders = list(dict.fromkeys(f.id for r in comparison.results for f in r.scenario.funding))
    return [_year_table(label, comparison.base, alt, funders)
            for label, alt in split_pairs(comparison)]


def _year_table(label: str, base: RunResult, alt: RunResult, funders: list[str]) -> YearTable:
    """BASE and ``alt`` over the years of either, each year's and the total's figures; a
    year both actual and forecast split at the re-forecast's first forecast month."""
    rf = alt if alt.scenario.actual_months > 0 else base  # whose years are marked
    marks = {year: (known, months) for year, known, months in actual_months(rf.scenario)}
    years = sorted({int(y) for r in (base, alt) for y in years_of(r.scenario)})
    means, rows = zip(*(_by_year(r, years, funders) for r in (base, alt)), strict=True)
    metrics = ["cost_total", *(f"funding_{fid}" for fid in funders), "funding_gap"]
    if not any(m[:, -1].any() or s[:, :, -1].any() for m, s in zip(means, rows, strict=True)):
        metrics.pop()  # no gap in either: no row of zeros

    def figures(cents: list[np.ndarray], sample: list[np.ndarray]) -> dict[str, Paired]:
        """Each metric's ``Paired`` from BASE's and the alternative's mean whole cents
        ``[metrics]`` and sampled EUR ``[k, metrics]``."""
        return {metric: paired_figure(*(s[:, k] for s in sample),
                                      *(int(c[k]) / 100 for c in cents))
                for k, metric in enumerate(metrics)}

    def year(i: int, known: int, months: int) -> Year:
        cents, sample = [m[i] for m in means], [s[:, i] for s in rows]
        parts = () if known in (0, months) else _parts(
            years[i], forecast_from(rf.scenario), known, months, (base, alt), funders,
            cents, figures)
        return Year(years[i], known, months, figures(cents, sample), parts)

    shown = [year(i, *marks.get(y, (0, 0))) for i, y in enumerate(years)]
    known, months = (sum(x) for x in zip(*marks.values(), strict=True))
    total = figures([m.sum(axis=0) for m in means], [s.sum(axis=1) for s in rows])
    return YearTable(label, [*shown, Year(None, known, months, total)])


def _parts(year: int, seam: Month, known: int, months: int, results: tuple[RunResult, ...],
           funders: list[str], cents: list[np.ndarray],
           figures: Callable[[list[np.ndarray], list[np.ndarray]], dict[str, Paired]]
           ) -> tuple[Year, Year]:
    """A year's actual months (to ``seam``, the first forecast month) and its forecast
    months (from it), each BASE against the alternative: the actual part's means from
    the mean ledger, the forecast part's the year's ``cents`` less them, so the two add
    up to the year to the cent; the intervals from the replications' months."""
    first, end = seam + -known, seam + (months - known)
    actual = [_months(r, first, seam, funders) for r in results]
    forecast = [_months(r, seam, end, funders)[1] for r in results]
    return (Year(year, known, known, figures([a[0] for a in actual], [a[1] for a in actual]),
                 span=(first, seam + -1)),
            Year(year, 0, months - known,
                 figures([c - a[0] for c, a in zip(cents, actual, strict=True)], forecast),
                 span=(seam, end + -1)))


def _months(result: RunResult, first: Month, end: Month,
            funders: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """A scenario's ``[1 + funders + gap]`` mean whole cents (each summed over every
    replication and rounded half a cent up once, ``mean_cents``) and its sampled
    replications' ``[sample, 1 + funders + gap]`` EUR in the months from ``first`` to
    before ``end`` (0 for a funder the scenario lacks)."""
    start = result.scenario.period.start_month
    at = slice(max(first - start, 0), max(end - start, 0))
    summed = result.aggregate.ledger[at].sum(axis=(0, 1, 2))  # [F+1] whole cents
    sample = result.aggregate.month_sample[:, at].sum(axis=1) / 100.0  # [k, F+1] EUR
    columns = [1 + funders.index(fid) for fid in result.scenario.funder_ids]
    means = np.zeros(len(funders) + 2, dtype=np.int64)
    rows = np.zeros((len(sample), len(funders) + 2))
    means[0], rows[:, 0] = mean_cents(summed.sum(), result.aggregate.count), sample.sum(axis=1)
    means[columns + [-1]] = mean_cents(summed, result.aggregate.count)
    rows[:, columns + [-1]] = sample
    return means, rows


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

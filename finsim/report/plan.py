"""The funding plan of ``finsim size``: what each funder is asked for, year by year.

A funder is asked for its mean amount per year and category, plus a ``contingency``
per year that lifts its yearly total to the total's own Q-quantile over replications:
then each funder's yearly amount is enough with probability Q. The contingency is never
negative (a quantile below the mean asks for nothing extra) and grows with Q, except for
a funder with ``cap_total``: its yearly requests are cut so that together they never
pass the cap (``cap_cuts``), its contingencies first, in proportion; only where its
expected amounts alone pass the cap is a year asked for less than its expected value.
The uncovered part is planned like a funder, named ``gap``. In a re-forecast
(``actuals``), a calendar year whose months are all actual is asked for its actual
amount, with no contingency: its costs are facts (``starts.closed_years``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from rich.table import Table

from .. import __version__
from ..analysis import sizing
from ..analysis.sanity import listed_line, sanity_warnings
from ..analysis.starts import closed_years, year_titles
from ..analysis.words import level, one_draw_line, too_few_line
from ..funding.cents import cap_cents
from ..montecarlo import RunResult
from ..montecarlo.statistics import quantile
from ..replication import years_of
from ..scenario import CATEGORIES, Scenario
from ..units import HALF_CENT
from .amounts import money, number
from .budgets import plan_cells
from .cashflow import credit_lines
from .files import run_info, said, write_csv, write_json
from .numbers import cents
from .rules import covers_line

PLAN_COLUMNS = ("year", "category", "funder", "amount")
"""plan.csv's columns (README, results folder)."""


def funders_of(result: RunResult) -> list[str]:
    return [*result.scenario.funder_ids, "gap"]


def requested(result: RunResult) -> list[str]:
    """The funders asked for money: the public ones. A non-public funder (the providers'
    or employers' own money) is an own contribution, shown apart from the requests, as
    the gap is."""
    return [f.id for f in result.scenario.funding if f.public]


def plan_order(result: RunResult) -> list[str]:
    """The rows of the request table on the terminal and the page, as plan.xlsx's block
    3 lists them: the funders asked for money (``requested``), then the own
    contributions, then the gap, each in the scenario's order."""
    asked = requested(result)
    return [*asked, *(f for f in result.scenario.funder_ids if f not in asked), "gap"]


def covers_lines(result: RunResult, lang: str | None = None) -> list[str]:
    """The lines under the request table, a funder each in its rows' order
    (``plan_order``): what its rule covers and its dates (``rules.covers_line``), so a
    year asked for 0 (ESF+ ending 2029-12) says why. Without ``lang`` the terminal's, in
    English and by id as its table names them; else a page's, by name."""
    scn = result.scenario
    funders = {f.id: f for f in scn.funding}
    return [covers_line(funders[f], scn, lang or "en", by_id=lang is None)
            for f in plan_order(result) if f in funders]


def yearly_cost_quantile(result: RunResult, q: float) -> np.ndarray:
    """``[years]``: the total cost's own Q-quantile per year (over the kept sample); the
    sum of the funders' quantiles is often above it, not always: quantiles do not add up
    (``coverage`` counts how often that sum covers the cost)."""
    totals = result.aggregate.yearly_sample.sum(axis=(2, 3))  # [sample, years]
    return cents(np.quantile(totals, q, axis=0))  # to the cent, as plan.xlsx holds it


def transfer_by_year(result: RunResult) -> dict[str, dict[int, float]]:
    """Per funder with a Passiv-Aktiv-Transfer its mean transfer per calendar year (EUR,
    rounded to the cent as plan.xlsx's block 5 holds it, so the page and the terminal sum
    and round the same cents, ``plan_parts``): the transfer is budgeted per year
    (``transfer.cap_per_year``), so a request that rests on it says how much of each
    year's amount it is."""
    scn, transfer = result.scenario, result.aggregate.transfer
    if transfer is None or not any(f.transfers for f in scn.funding):
        return {}
    monthly = result.mean_eur(transfer).sum(axis=1)  # [months, funders]
    start, months = scn.period.start_month, scn.period.months
    year = np.array([(start + m).year for m in range(months)])
    return {f.id: {int(y): float(cents(monthly[year == y, k].sum())) for y in np.unique(year)}
            for k, f in enumerate(scn.funding) if f.transfers}


def contingency(result: RunResult, q: float) -> np.ndarray:
    """``[years, F+1]``: the lift of each funder's mean yearly total to its Q-quantile
    (over the kept sample of replications: all of them up to its size); 0 in a year
    whose months are all actual (their costs are facts: a draw applies from the first
    forecast month on, so they are the same in every replication)."""
    lift = np.clip(quantile_over_mean(result, q), 0.0, None)
    lift[~open_years(result.scenario)] = 0.0  # facts: no contingency
    return lift


def open_years(scn: Scenario) -> np.ndarray:
    """Per calendar year of the period (``years_of``), whether it has a forecast month:
    a year whose months are all actual (``closed_years``) gets no contingency."""
    closed = closed_years(scn)
    return np.array([int(y) not in closed for y in years_of(scn)], dtype=bool)


def quantile_over_mean(result: RunResult, q: float) -> np.ndarray:
    """``[years, F+1]``: each funder's yearly Q-quantile less its mean, negative where
    the quantile lies below the mean (the contingency is then 0, not negative)."""
    totals = result.aggregate.yearly_sample.sum(axis=2)  # [sample, years, F+1]
    mean = totals.mean(axis=0) if result.aggregate.exact else \
        result.aggregate.yearly_mean().sum(axis=1)  # [years, F+1], every replication
    return np.quantile(totals, q, axis=0) - mean


def lift_words(result: RunResult, q: float, lang: str = "en") -> str:
    """What the contingency does to the rows, truthfully at any confidence: from 50 %
    up each row is lifted to its own quantile (the terminal's words); below it the
    quantile mostly lies under the mean and a contingency never lowers a row, so those
    rows are their means, above that quantile (said with how many funder-years are so;
    in German too, for the page)."""
    share = level(q, lang)
    if q >= 0.5:
        return f"Each row is lifted to its own {share} quantile"  # the terminal's, English
    below = quantile_over_mean(result, q)[open_years(result.scenario)] < -HALF_CENT
    k, n = int(below.sum()), below.size
    if lang == "en":
        return (f"Below 50% confidence a quantile lies mostly under the mean, and a "
                f"contingency never lowers a row: in {k} of {n} funder-years here the "
                f"{share} quantile lies below the mean, so those rows are their mean (no "
                f"contingency), above their {share} quantile; the others are at it")
    return (f"Unter 50 % Konfidenz liegt ein Quantil meist unter dem Mittelwert, und ein "
            f"Risikozuschlag senkt keine Zeile: in {k} von {n} Geldgeber-Jahren liegt das "
            f"{share.replace(' %', '-%')}-Quantil hier unter dem Mittelwert, diese Zeilen sind "
            "ihr Mittelwert (kein Zuschlag), über ihrem Quantil; die übrigen liegen auf ihm")


def cut_to_cap(means: list[int], lifts: list[int], cap: int) -> list[int]:
    """Yearly requests (mean + contingency, cents) whose sum stays within ``cap``: the
    contingencies are cut first, in proportion across the years, so none turns negative
    and no year falls below its expected value; only where the expected amounts alone
    pass the cap are they cut too, from the last year back (``running_cut``)."""
    asks = [m + lift for m, lift in zip(means, lifts, strict=True)]
    if sum(asks) <= cap:
        return asks
    room = cap - sum(means)
    if room < 0:
        return running_cut(means, cap)
    return [m + s for m, s in zip(means, shares(lifts, room), strict=True)]


def shares(lifts: list[int], room: int) -> list[int]:
    """``room`` cents split in proportion to ``lifts`` (whose sum is above it), in whole
    cents that add up to it exactly: the cents left by rounding down go to the largest
    remainders, the earlier year first on a tie."""
    total = sum(lifts)
    parts = [lift * room // total for lift in lifts]
    order = sorted(range(len(lifts)), key=lambda i: (-(lifts[i] * room % total), i))
    for i in order[:room - sum(parts)]:
        parts[i] += 1
    return parts


def running_cut(asks: list[int], cap: int) -> list[int]:
    """Yearly amounts (cents) cut so that their running sum never passes ``cap``: the
    year that reaches it gets what is left of it, later years nothing."""
    held, left = [], cap
    for ask in asks:
        held.append(min(ask, left))
        left -= held[-1]
    return held


class CapCut(NamedTuple):
    """A funder's requests cut to its ``cap_total``: the cap (EUR, whole cents as the
    ledger holds it), what each year is lowered by (cents), and whether the expected
    amounts alone pass the cap (then a year is asked for less than its expected value)."""

    cap: float
    cuts: list[int]
    below_mean: bool


def cap_cuts(result: RunResult, q: float) -> dict[str, CapCut]:
    """Per funder with ``cap_total`` whose yearly requests (mean + contingency, in cents
    as plan.csv rounds them) would add up to more than it: how they are cut
    (``cut_to_cap``). Each year is lifted to its own quantile, but no replication pays
    the funder more than its cap, so it is never asked for more (save the cents by which
    the yearly means, each rounded to the cent, can pass it)."""
    mean, lift = result.aggregate.yearly_mean(), contingency(result, q)
    cells = plan_cells(result)
    cuts = {}
    for j, funder in enumerate(result.scenario.funding):
        if funder.cap_total is None:
            continue
        means = [int(cells[i, :, j].sum()) for i in range(len(lift))]
        lifts = [_cents(lift[i, j]) for i in range(len(lift))]
        cap = int(cap_cents(funder.cap_total))
        # the simulation holds every replication to the cap, so the expected total is
        # within it; rounding each year's mean to the cent can pass it by a few cents,
        # which stay the expected amounts, not a cut below them
        room = max(cap, sum(means)) if _cents(mean[:, :, j].sum()) <= cap else cap
        held = cut_to_cap(means, lifts, room)
        asks = [m + x for m, x in zip(means, lifts, strict=True)]
        if held != asks:
            cuts[funder.id] = CapCut(cap / 100, [a - h for a, h in zip(asks, held, strict=True)],
                                     sum(means) > room)
    return cuts


def cap_caption(funder: str, cut: CapCut, public: bool = True) -> str:
    """The terminal's sentence on a funder's amounts cut to its cap: how they are cut. A
    funder that is not public is asked for nothing, so its planned amounts are cut."""
    asked = "asked for" if public else "planned at"
    how = ("its expected amounts alone pass it, so it gets no contingency and the last "
           f"years are {asked} less than their expected value" if cut.below_mean else
           "its contingencies are cut in proportion across the years, none below zero and "
           "no year below its expected value")
    cap = f"its cap_total of {cap_text(cut.cap, 'en')} EUR, which the yearly quantiles " \
          "together would pass"
    if not public:
        return (f" {funder} is not public (an own contribution, not requested): its planned "
                f"amounts are cut to {cap}: {how}.")
    return f" {funder}'s requests are cut to {cap}: {how}."


def cap_text(cap: float, lang: str) -> str:
    """A cap as the language writes it, with cents only where it has them."""
    return number(cap, lang, 0 if float(cap).is_integer() else 2)


def _cents(eur: float) -> int:
    """An amount as plan.csv writes it (rounded to the cent), in whole cents."""
    return round(round(float(eur), 2) * 100)


def plan_table(result: RunResult, q: float) -> pd.DataFrame:
    """plan.csv: mean per year, category and funder (``plan_cells``), then the
    contingency rows (EUR, rounded to the cent: a request is made in cents), lowered
    where a funder's requests would pass its ``cap_total`` (``cap_cuts``)."""
    years, funders = years_of(result.scenario), funders_of(result)
    cells = plan_cells(result)  # [years, categories, F+1]
    rows = [(int(y), c, f, int(cells[i, k, j]) / 100) for i, y in enumerate(years)
            for k, c in enumerate(CATEGORIES) for j, f in enumerate(funders)]
    lift, cuts = contingency(result, q), cap_cuts(result, q)
    rows += [(int(y), "contingency", f,
              (_cents(lift[i, j]) - cuts[f].cuts[i]) / 100 if f in cuts else
              round(float(lift[i, j]), 2))
             for i, y in enumerate(years) for j, f in enumerate(funders)]
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def request_table(plan: pd.DataFrame) -> pd.DataFrame:
    """Funders as rows, years as columns: what each is asked for (mean + contingency)."""
    return _with_total(plan.pivot_table(index="funder", columns="year", values="amount",
                                        aggfunc="sum", sort=False))


def plan_parts(plan: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per funder (rows) and year (columns) its expected amount and its contingency in
    EUR to the cent, as plan.csv and plan.xlsx hold them, with a column ``total``, the
    years' sum. The one rule of every size output: a figure is its cents (or the sum of
    the cents it adds up) rounded once to whole euros where it is shown (``money``,
    ``number``), so the page and the terminal give the figure plan.xlsx shows; a sum
    shown may then be a euro from the sum of its parts shown."""
    lift = plan["category"] == "contingency"
    expected = plan[~lift].pivot_table(index="funder", columns="year", values="amount",
                                       aggfunc="sum", sort=False)
    extra = plan[lift].pivot_table(index="funder", columns="year", values="amount",
                                   aggfunc="sum", sort=False).loc[expected.index,
                                                                  expected.columns]
    return _with_total(expected), _with_total(extra)


def _with_total(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with a column ``total``: each row's sum over the years."""
    table = table.copy()
    table["total"] = table.sum(axis=1)
    return table


class Coverage(NamedTuple):
    """What the requests cover, counted over the replications (the kept sample, as the
    contingency is): quantiles do not add up, so neither the sum of all rows nor the
    sum of a funder's yearly requests is sure to reach the quantile of the sum; it can
    fall below it (skewed amounts, a contingency clipped at 0, years that move together)."""

    years: dict[int, float]
    """Per year: the share of replications whose total cost all rows together (every
    funder, the own contribution and the gap, each mean + contingency) cover."""
    period: dict[str, float]
    """Per public funder: the share of replications whose period total its yearly
    requests together cover."""


def coverage(result: RunResult, plan: pd.DataFrame) -> Coverage:
    """The shares of ``Coverage`` from the per-replication yearly amounts and plan.csv's
    rows. Each row is rounded to the cent, so an amount within half a cent per row summed
    counts as covered (a funder's yearly cells add up to its mean rounded, within half a
    cent of it)."""
    sample = result.aggregate.yearly_sample.sum(axis=2)  # [sample, years, F+1]
    asks = request_table(plan).drop(columns="total")
    funders = funders_of(result)
    ask = asks.reindex(funders).fillna(0.0).to_numpy().T  # [years, F+1]
    rows, totals = ask.sum(axis=1), sample.sum(axis=2)
    per_year, per_funder = plan.groupby("year").size(), plan.groupby("funder").size()
    years = {int(y): float(np.mean(totals[:, i] <= rows[i] + HALF_CENT * per_year[y]))
             for i, y in enumerate(asks.columns)}
    public = requested(result)
    period = {f: float(np.mean(sample[:, :, j].sum(axis=1)
                               <= ask[:, j].sum() + HALF_CENT * per_funder.get(f, 0)))
              for j, f in enumerate(funders) if f in public}
    return Coverage(years, period)


def year_coverage(result: RunResult, covered: Coverage) -> list[float | None]:
    """``covered.years`` as the plan's tables show them: None for a year whose months are
    all actual, asked for as it was (the same in every replication: no risk to budget)."""
    closed = closed_years(result.scenario)
    return [None if year in closed else v for year, v in covered.years.items()]


def covered_cut(share: float) -> float:
    """A share of replications cut (never rounded up) to 0.1 %: 89.96 % must not read as
    the 90 % confidence it misses. The terminal, the page and plan.xlsx show this value."""
    return math.floor(share * 1000 + 1e-9) / 1000


def covered_text(share: float, lang: str = "en") -> str:
    """``covered_cut`` of a share of replications as a percentage."""
    return level(covered_cut(share), lang)


def coverage_warnings(result: RunResult, plan: pd.DataFrame, q: float,
                      lang: str = "en") -> list[str]:
    """The years whose rows together cover their total cost in fewer than Q of the
    replications, and the public funders whose yearly requests cover their period total in
    fewer: what the plan does not hold at Q, and the line to use instead where it lies
    higher (quantiles do not add up); where it does not, the replications are too few to
    resolve the quantile (with 5 of them a 90 % quantile covers 4). A line per cause, each
    year or funder named in it: a plan of ten years gave ten lines of one cause."""
    found, share = coverage(result, plan), level(q, lang)
    asks = request_table(plan)
    rows = asks.drop(columns="total").sum(axis=0)
    cost, overall = yearly_cost_quantile(result, q), period_quantiles(result, q)
    n = len(result.aggregate.yearly_sample)
    closed = closed_years(result.scenario)
    years, few_years = [], []  # (year, share covered, the line to use), (year, share covered)
    for i, (year, covered) in enumerate(found.years.items()):
        if covered < q - 1e-12 and year not in closed:  # an actual year: asked as it was
            if reads_higher(float(cost[i]), float(rows[year])):
                years.append((year, covered, float(cost[i])))
            else:
                few_years.append((str(year), covered))
    names = {f.id: f.name or f.id for f in result.scenario.funding}  # as the tables say
    funders, few_funders = [], []
    for funder, covered in found.period.items():
        if covered < q - 1e-12:
            period = float(overall.loc[funder, "quantile"])
            if reads_higher(period, float(asks.loc[funder, "total"])):
                funders.append((names[funder], covered, period))
            else:
                few_funders.append((names[funder], covered))
    return [*_year_lines(years, share, lang), *_too_few(YEARS_COVER, few_years, share, n, lang),
            *_period_lines(funders, share, lang),
            *_too_few(FUNDERS_COVER, few_funders, share, n, lang)]


def reads_higher(line: float, planned: float) -> bool:
    """Whether ``line`` (a quantile the plan's tables show) reads higher than ``planned``
    (the sum it would replace) in whole EUR, as the warning gives both: a quantile above
    the sum by a fraction of a cent is no higher line to plan with."""
    return money(line) != money(planned) and line > planned


class Covers(NamedTuple):
    """What a coverage warning says falls short, of one place (``{}``: the year, the
    funder) and of several (``{}``: how many), in English and German."""

    one: dict[str, str]
    many: dict[str, str]


YEARS_COVER = Covers(
    {"en": "{}: all rows together cover the year's total cost",
     "de": "{}: alle Zeilen zusammen decken die Gesamtausgaben des Jahres"},
    {"en": "{} years: all rows together cover the year's total cost",
     "de": "{} Jahre: alle Zeilen zusammen decken die Gesamtausgaben des Jahres"})
"""Years whose rows together cover their cost in too few replications."""

FUNDERS_COVER = Covers(
    {"en": "{}: its yearly requests together cover its period total",
     "de": "{}: die Jahresanträge zusammen decken seine Zeitraumsumme"},
    {"en": "{} funders: the yearly requests together cover the funder's period total",
     "de": "{} Geldgeber: die Jahresanträge zusammen decken die Zeitraumsumme des "
           "Geldgebers"})
"""Funders (their names, as the plan's tables give them: the id is no word to a
committee, "coaching" is a Jobcenter) whose yearly requests cover their period total in
too few replications."""


def _too_few(covers: Covers, found: list[tuple[str, float]], share: str, n: int,
             lang: str) -> list[str]:
    """Below Q, though no line of the plan lies higher: the sample's quantile, between
    two replications, covers fewer than Q of them. ``found``: each year or funder with
    the share of replications covered; several in one line (``listed_line``)."""
    if not found:
        return []
    reason = (f"{n} replications are too few to resolve the {share} quantile; rerun with "
              "more --replications" if lang == "en" else
              f"{n} Replikationen reichen nicht, um das {_compound(share)}-Quantil "
              "aufzulösen; mit mehr --replications erneut rechnen")
    if len(found) == 1:
        [(name, covered)] = found
        what = covers.one[lang].format(name)
        return [f"{what} in only {covered_text(covered)} of the {n} replications, below the "
                f"{share} confidence, and no line of the plan lies higher: {reason}"
                if lang == "en" else
                f"{what} nur in {covered_text(covered, lang)} der {n} Replikationen, unter "
                f"der Konfidenz von {share}, und keine Zeile des Plans liegt höher: {reason}"]
    what = covers.many[lang].format(len(found))
    head = (f"{what} in fewer than {share} of the {n} replications, the confidence, and no "
            "line of the plan lies higher (each with its share of the replications): "
            if lang == "en" else
            f"{what} in weniger als {share} der {n} Replikationen, der Konfidenz, und keine "
            "Zeile des Plans liegt höher (je mit dem Anteil der Replikationen): ")
    items = [f"{name} {covered_text(covered, lang)}" for name, covered in found]
    return [listed_line(head, items, f": {reason}", lang)]


def size_lines(result: RunResult, plan: pd.DataFrame, q: float,
               found: sizing.Sizing | None = None) -> list[str]:
    """Every warning and note of a size job, in English and in the terminal's order: the
    search's (``Sizing.warnings``), the run's sanity warnings, the plan's own
    (``plan_warnings``). run.json and size.json each hold them all (``files.said`` sets
    the notes apart), so neither record leaves out what the other says."""
    return [*(found.warnings if found is not None else []), *sanity_warnings(result),
            *plan_warnings(result, plan, q, found=found)]


def plan_warnings(result: RunResult, plan: pd.DataFrame, q: float,
                  lang: str = "en", found: sizing.Sizing | None = None,
                  named: CapWords | None = None) -> list[str]:
    """The plan's own warnings beside the run's sanity warnings (which hold a budget
    given whole again after a warm-up, ``sanity.fresh_budget_warnings``): one
    replication (``single_warnings``) or too few for Q (``tail_warnings``), what the
    requests do not cover at Q (``coverage_warnings``), and after a search the yearly
    requests that pass a funder's --cap (``cap_sum_warnings``, its caps ``named`` so)."""
    return [*single_warnings(result, q, lang), *tail_warnings(result, q, lang),
            *coverage_warnings(result, plan, q, lang),
            *(cap_sum_warnings(found, plan, lang, named) if found is not None else [])]


CapWords = Callable[[dict], tuple[str, str]]
"""A --cap's row of ``Sizing.checks`` in a page's words: the cap ("Obergrenze Land NRW /
ESF+: 2.000.000 EUR") and whose money it holds (the funder's or budget's name)."""


def typed_cap(row: dict) -> tuple[str, str]:
    """A --cap as typed and whose it is by id (``cap land_esf=2000000``, ``land_esf``):
    the terminal's and the records' words, as the option was given."""
    metric = row["metric"]
    return row["constraint"], (metric.removeprefix(sizing.BUDGET_PAID)
                               if metric.startswith(sizing.BUDGET_PAID) else
                               metric.removeprefix("funding_"))


def cap_sum_warnings(found: sizing.Sizing, plan: pd.DataFrame, lang: str = "en",
                     named: CapWords | None = None) -> list[str]:
    """A funder's yearly requests added up above its --cap, or a budget's part of its
    funders' (split as the ledger splits their cents) above the budget's: the search
    holds the period total's quantile within the cap, but each year is lifted to its own
    quantile, and quantiles do not add up. The period quantile at the answer is the
    figure that meets the cap, for a funder that grants one sum for the period. The cap
    and its funder or budget as typed (``typed_cap``), or as a page ``named`` them."""
    totals = request_table(plan)["total"]
    out = []
    for row in found.checks:
        asked = _requested(found.result.scenario, row["metric"], totals)
        if row["slots"] != found.slots or asked is None or _cents(asked) <= _cents(
                row["bound"]):
            continue
        out.append(_cap_sum_line(*(named or typed_cap)(row), asked, row["metric"],
                                 row["quantile"], level(row["quantile_level"], lang), lang))
    return out


def _requested(scn: Scenario, metric: str, totals: pd.Series) -> float | None:
    """What a --cap's yearly requests add up to (EUR): a funder's, or a budget's part of
    its funders'; None for no cap's metric."""
    if metric.startswith("funding_"):
        return float(totals[metric.removeprefix("funding_")])
    if not metric.startswith(sizing.BUDGET_PAID):
        return None
    budget = metric.removeprefix(sizing.BUDGET_PAID)
    cents = np.array([_cents(totals.get(f, 0.0)) for f in scn.funder_ids], dtype=np.int64)
    return float(sizing.paid_into(scn, budget, cents)) / 100


def _cap_sum_line(constraint: str, whose: str, total: float, metric: str, quantile: float,
                  share: str, lang: str) -> str:
    budget = metric.startswith(sizing.BUDGET_PAID)
    period, sum_ = number(quantile, lang, 2), number(total, lang, 2)
    if lang == "en":
        subject = (f"budget {whose}'s part of the yearly requests adds up" if budget else
                   f"{whose}'s yearly requests add up")
        return (f"{constraint}: {subject} to {sum_} EUR, above the "
                f"cap: each year is lifted to its own {share} quantile, and quantiles do not "
                f"add up; where {whose} grants one sum for the period, ask for its "
                f"period {share} quantile, {period} EUR, which meets the cap")
    subject = (f"der Anteil des Haushalts {whose} an den Jahresanträgen summiert sich" if budget
               else f"die Jahresanträge von {whose} summieren sich")
    return (f"{constraint}: {subject} auf {sum_} EUR, "
            f"über der Obergrenze: jedes Jahr ist auf sein eigenes {_compound(share)}-"
            "Quantil angehoben, und Quantile addieren sich nicht; bewilligt "
            f"{whose} eine Summe für den ganzen Zeitraum, das {_compound(share)}-"
            f"Quantil der Zeitraumsumme beantragen, {period} EUR, das die Obergrenze einhält")


def single_warnings(result: RunResult, q: float, lang: str = "en") -> list[str]:
    """One replication, said as compare and sensitivity say it: every quantile is that
    one draw, so each contingency is 0.00 and a search's bootstrap intervals have no
    width; the plan looks exact at Q without measuring anything about Q."""
    if result.aggregate.count > 1:
        return []
    share = level(q, lang)
    return [one_draw_line(
        f"every contingency is 0.00 and no bootstrap interval has a width; the plan is not "
        f"at {share} confidence" if lang == "en" else
        f"jeder Zuschlag ist 0,00 und kein Bootstrap-Intervall hat eine Breite; der Plan "
        f"gilt nicht mit {share} Konfidenz", lang)]


def tail_warnings(result: RunResult, q: float, lang: str = "en") -> list[str]:
    """Replications too few for Q (``words.too_few_line``): the Q-quantile cannot reach
    the real one (0.999 of 20 results is about the largest of them), yet every figure is
    labelled at Q. One replication is ``single_warnings``' case."""
    share = level(q, lang)
    line = too_few_line(result.aggregate.count, q, f"the plan is not at {share} confidence"
                        if lang == "en" else f"der Plan gilt nicht mit {share} Konfidenz",
                        lang)
    return [line] if line else []


def _all_rows(share: str, lang: str) -> str:
    """The rows a year's coverage adds up, each at its own quantile."""
    return (f"all rows together (each funder, own contribution and gap at its own {share} "
            "quantile)" if lang == "en" else
            "alle Zeilen zusammen (jeder Geldgeber sowie Eigenanteil und Finanzierungslücke, "
            f"je bis zum eigenen {_compound(share)}-Quantil)")


def _year_lines(found: list[tuple[int, float, float]], share: str,
                lang: str) -> list[str]:
    """The years (each with the share of replications covered and its total cost's own
    quantile, EUR) whose rows together fall short of Q: one alone, several in one line
    (``listed_line``), the advice once."""
    if not found:
        return []
    if len(found) == 1:
        [(year, covered, cost)] = found
        if lang == "en":
            return [f"{year}: {_all_rows(share, lang)} cover the year's total cost in only "
                    f"{covered_text(covered)} of the replications, below the {share} "
                    "confidence (quantiles do not add up): to hold the whole year's cost at "
                    f"{share}, budget it at the line 'total expenditure: {share} quantile' "
                    f"({money(cost)} EUR)"]
        return [f"{year}: {_all_rows(share, lang)} decken die Gesamtausgaben des Jahres nur "
                f"in {covered_text(covered, lang)} der Replikationen, unter der Konfidenz von "
                f"{share} (Quantile addieren sich nicht): um die Ausgaben des ganzen Jahres "
                f"mit {share} zu halten, mit der Zeile „Gesamtausgaben: "
                f"{_compound(share)}-Quantil“ ({number(cost, lang)} EUR) planen"]
    if lang == "en":
        head = (f"{len(found)} years: {_all_rows(share, lang)} cover the year's total cost "
                f"in fewer than {share} of the replications, the confidence (quantiles do "
                "not add up; each year with its share of the replications, then its line "
                f"'total expenditure: {share} quantile'): ")
        items = [f"{year} {covered_text(covered)} ({money(cost)} EUR)"
                 for year, covered, cost in found]
        return [listed_line(head, items, f": to hold a whole year's cost at {share}, "
                            "budget it at that line", lang)]
    head = (f"{len(found)} Jahre: {_all_rows(share, lang)} decken die Gesamtausgaben des "
            f"Jahres in weniger als {share} der Replikationen, der Konfidenz (Quantile "
            "addieren sich nicht; je Jahr der Anteil der Replikationen, dann seine Zeile "
            f"„Gesamtausgaben: {_compound(share)}-Quantil“): ")
    items = [f"{year} {covered_text(covered, lang)} ({number(cost, lang)} EUR)"
             for year, covered, cost in found]
    return [listed_line(head, items, f": um die Ausgaben eines ganzen Jahres mit {share} zu "
                        "halten, mit dieser Zeile planen", lang)]


def _compound(share: str) -> str:
    """A German level as the first part of a compound: ``90-%-Quantil``, not ``90 %-``."""
    return share.replace(" %", "-%")


def _period_lines(found: list[tuple[str, float, float]], share: str,
                  lang: str) -> list[str]:
    """The public funders (each by name, with the share of replications covered and its
    period total's own quantile, EUR) whose yearly requests together fall short of Q:
    one alone, several in one line (``listed_line``), the advice once."""
    if not found:
        return []
    if len(found) == 1:
        [(funder, covered, period)] = found
        if lang == "en":
            return [f"{funder}: its yearly requests together cover its period total in only "
                    f"{covered_text(covered)} of the replications, below the {share} "
                    "confidence (quantiles do not add up): for a grant of the whole period "
                    f"ask for its period {share} quantile ({money(period)} EUR), not the sum "
                    "of the years"]
        return [f"{funder}: die Jahresanträge zusammen decken seine Zeitraumsumme nur in "
                f"{covered_text(covered, lang)} der Replikationen, unter der Konfidenz von "
                f"{share} (Quantile addieren sich nicht): für eine Bewilligung über den "
                f"ganzen Zeitraum das {_compound(share)}-Quantil der Zeitraumsumme "
                f"({number(period, lang)} EUR) beantragen, nicht die Summe der Jahre"]
    if lang == "en":
        head = (f"{len(found)} funders: the yearly requests together cover the funder's "
                f"period total in fewer than {share} of the replications, the confidence "
                "(quantiles do not add up; each funder with its share of the replications, "
                f"then its period {share} quantile): ")
        items = [f"{funder} {covered_text(covered)} ({money(period)} EUR)"
                 for funder, covered, period in found]
        return [listed_line(head, items, ": for a grant of the whole period ask for the "
                            "funder's period quantile, not the sum of the years", lang)]
    head = (f"{len(found)} Geldgeber: die Jahresanträge zusammen decken die Zeitraumsumme "
            f"des Geldgebers in weniger als {share} der Replikationen, der Konfidenz "
            "(Quantile addieren sich nicht; je Geldgeber der Anteil der Replikationen, dann "
            f"das {_compound(share)}-Quantil seiner Zeitraumsumme): ")
    items = [f"{funder} {covered_text(covered, lang)} ({number(period, lang)} EUR)"
             for funder, covered, period in found]
    return [listed_line(head, items, ": für eine Bewilligung über den ganzen Zeitraum "
                        "dieses Quantil beantragen, nicht die Summe der Jahre", lang)]


def period_quantiles(result: RunResult, q: float) -> pd.DataFrame:
    """Each funder's and the total cost's period total: its Q-quantile in EUR to the
    cent, as plan.xlsx holds it (``plan_parts``' rule)."""
    names = [*(f"funding_{f}" for f in result.scenario.funder_ids), "funding_gap",
             "cost_total"]
    labels = [*funders_of(result), "cost_total"]
    frame = pd.DataFrame({"quantile": cents([quantile(result.metric(n), q) for n in names])},
                         index=labels)
    # a funder named as an output's row (refused at validation) would repeat a label, as
    # the plan's tables, pivoted by funder, hold it once: the first stands
    return frame[~frame.index.duplicated()]


def plan_view(result: RunResult, plan: pd.DataFrame, q: float, title: str) -> Table:
    """The request per funder and year, and the period totals' Q-quantiles; own
    contributions and the gap are marked as not requested and left out of the requests'
    sum; the total cost's own Q-quantile below it, since quantiles do not add up, and the
    share of replications whose cost all rows cover (``coverage``)."""
    expected, lift = plan_parts(plan)
    request = (expected + lift).loc[plan_order(result)]
    means = expected["total"]  # the period's mean: plan.xlsx's sum of the years' cents
    overall = period_quantiles(result, q)
    asked = requested(result)
    share = level(q)
    cuts = cap_cuts(result, q)
    cut = "".join(cap_caption(funder, c, funder in asked) for funder, c in cuts.items())
    capped_too = " (a funder with cap_total at most up to its cap)" if cuts else ""
    covered = coverage(result, plan)
    table = Table(title=title, title_justify="left", caption_justify="left",
                  caption=f"{lift_words(result, q)}{capped_too}; "
                  "quantiles do not add up, so the rows' sum can fall below the total cost's "
                  "own quantile: the last row counts the replications whose year's cost it "
                  f"covers.{_period_caption(covered)} Own contributions (funders that are not "
                  f"public) and the gap are not requested.{cut}{_actual_caption(result)}")
    table.add_column("funder")
    titles = year_titles(result.scenario)
    for i, year in enumerate(request.columns):
        table.add_column(titles[i] if year != "total" else "sum of years", justify="right")
    table.add_column("period mean", justify="right")
    table.add_column(f"period {share} quantile", justify="right")
    for funder, row in request.iterrows():
        mark = "" if funder in asked else (
            " (uncovered, not requested)" if funder == "gap" else
            " (own contribution, not requested)")
        table.add_row(f"{funder}{mark}", *(money(v) for v in row), money(means[funder]),
                      money(overall.loc[funder, "quantile"]))
    public = request.loc[[f for f in request.index if f in asked]]
    table.add_row("sum of requests (public funders)", *(money(v) for v in public.sum(axis=0)),
                  money(means[public.index].sum()), "", style="bold")
    table.add_row("sum of all rows", *(money(v) for v in request.sum(axis=0)), "", "")
    total = overall.iloc[-1]
    yearly = yearly_cost_quantile(result, q)
    table.add_row(f"total expenditure: {share} quantile (of the total itself)",
                  *(money(v) for v in yearly), "",
                  money(means.sum()), money(total["quantile"]), style="bold")
    table.add_row("replications whose cost all rows cover",
                  *("actual" if v is None else covered_text(v)
                    for v in year_coverage(result, covered)), "", "", "")
    return table


def _actual_caption(result: RunResult) -> str:
    """The terminal's sentence on a re-forecast's actual years: asked for as they were."""
    if not closed_years(result.scenario):
        return ""
    return (" A year whose months are all actual is asked for its actual amount, with no "
            "contingency.")


def _period_caption(covered: Coverage) -> str:
    """The terminal's sentence on how often each public funder's yearly requests cover
    its period total (nothing without a public funder)."""
    if not covered.period:
        return ""
    shares = ", ".join(f"{f} {covered_text(v)}" for f, v in covered.period.items())
    return (" The yearly requests together cover the funder's period total in this share "
            f"of the replications: {shares}; where a funder grants one sum for the period, "
            "ask for its period quantile.")


def write_size(folder: Path, result: RunResult, plan: pd.DataFrame, q: float,
               found: sizing.Sizing | None, command: list[str], locale: str = "en",
               credit: pd.DataFrame | None = None, lang: str = "de",
               initial: int | str | None = None, started: float | None = None) -> None:
    """plan.csv, plan.xlsx (in ``lang``; ``initial``: the ``participants.initial`` the
    user gave, ``plan_book.write_plan``), credit.csv (``credit_lines``), run.json (its
    ``command_seconds`` from ``started``, ``files.run_info``), and size.json after a
    search."""
    from . import plan_book  # here: the workbook builds on this module's functions

    write_csv(plan, folder / "plan.csv", locale)
    plan_book.write_plan(folder / "plan.xlsx", result, plan, q, lang, initial)
    credit = credit_lines(result, q) if credit is None else credit
    write_csv(credit, folder / "credit.csv", locale)
    if found is not None:
        write_json(folder / "size.json",
                   size_record(found, command, credit, result.resources.get("ran_on"),
                               size_lines(result, plan, q, found)))
    search = found.warnings if found is not None else []
    info = run_info(result, command, started, plan_warnings(result, plan, q, found=found),
                    search)  # every line the terminal gives, as size.json (``size_lines``)
    write_json(folder / "run.json", info)  # last: its command_seconds counts the folder


def size_record(found: sizing.Sizing, command: list[str],
                credit: pd.DataFrame | None = None, ran_on: str | None = None,
                lines: list[str] | None = None) -> dict:
    """size.json: the finsim version and command that searched (so the record says how
    to reproduce it, as compare.json and sensitivity.json do), where its plan's run ran
    (``ran_on``, as that run.json's ``resources.ran_on``), the answer, what binds
    it, the quantiles around it, the job's warnings and notes (``lines``, the
    terminal's: ``size_lines``; the search's alone without them), and the credit line
    each provider needs at the answer."""
    spec = found.result.spec
    record = {"finsim_version": __version__, "command": command, "ran_on": ran_on,
              "slots": found.slots,
              "slots_per_provider": found.slots_per_provider, **found.planned.record(),
              "confidence": found.confidence, "binding": found.binding, **found.bounds,
              "replications": spec.replications, "seed": spec.seed,
              "quantiles": found.checks,
              **said(found.warnings if lines is None else lines)}
    if credit is not None:
        record["credit_lines"] = {row.provider: row.credit_line
                                  for row in credit.itertuples()}
        if "peak_from" in credit:  # a re-forecast's: from its first forecast month on
            record["credit_lines_from"] = credit["peak_from"].iloc[0]
    return record

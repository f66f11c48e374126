"""Scenarios side by side: every metric, and its paired difference to the first (BASE).

All scenarios run with BASE's replications and seed (an alternative's own ``simulation``
block is not used: ``settings_warnings`` says so where it asks for others). Replication
i of every scenario is seeded alike and the simulation draws each purpose from its own
stream, so replication i of two scenarios differs because the scenarios differ, not
because the dice did (common random numbers). The difference ALT - BASE is therefore
taken replication by replication and its spread is much narrower than that of two
independent runs; a scenario compared with itself differs by exactly zero.

A metric that only some scenarios have counts as 0 where it is known to be 0:
``funding_<id>`` / ``share_<id>`` of a funder that only one of them has (a funder that is
not there pays nothing, so "ESF dropped" shows as the whole ESF amount saved),
``transfer_<id>`` of a funder absent or taking nothing from a transfer, ``returns`` and
``returns_<budget>`` of a scenario without (those) returns, and
``net_cost_<budget>`` of a budget that pays, saves and gets back nothing there, so that the
budgets' deltas add up to ``net_public_cost``'s. Any other metric missing from a scenario
is unknown there, not zero: NaN, and so are its deltas. So is
``passive_benefits_avoided_<payer>`` in a scenario whose benefits are not split by payer:
what each budget would save is not known there.

Benefits avoided not split by payer are saved by no budget: as in fiscal.csv's row
``not_split_by_payer``, they are a line of their own, ``UNSPLIT_NET`` (minus
``passive_benefits_avoided`` there, 0 where benefits are split), and each budget's
``net_cost_`` there is what it pays less its returns (0 for a budget the scenario lacks).
So the budgets' net costs and that line add up to ``net_public_cost`` in every scenario,
and so do their deltas.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from ..funding.fiscal import UNSPLIT, public_budgets
from ..montecarlo import RunResult, RunSpec, run
from ..montecarlo.executor import Jobs
from ..montecarlo.statistics import stats
from ..nouns import counted
from ..replication import FLOW_COLUMNS
from ..scenario import (
    Month,
    PathError,
    Scenario,
    ScenarioError,
    get_path,
    load_scenario,
    resolved_data,
)
from ..scenario.load import parse_set, sets_on_loaded
from ..scenario.loaded import loaded_as
from ..scenario.schedule import in_force_at
from ..scenario.written import file_text
from ..units import HALF_CENT, kind  # which metrics are money: one source for all tables
from .actual_slots import comparison_recost_warnings
from .sanity import (
    before_work_warnings,
    cut_ramp,
    labelled,
    sanity_warnings,
    stretched_ramp,
    uprates,
)
from .words import month_words

if TYPE_CHECKING:
    from ..scenario.model import SimulationSettings

COLUMNS = ("metric", "scenario", "mean", "p05", "p95", "delta_mean", "delta_p05", "delta_p95")
"""comparison.csv's columns (README, results folder)."""
ABSENT_IS_ZERO = ("funding_", "share_", "transfer_", "returns", "net_cost_")
"""Prefixes of metrics that are 0, not unknown, in a scenario without them."""
UNSPLIT_NET = f"net_cost_{UNSPLIT}"
"""The line of benefits avoided not split by payer among the budgets' net costs: minus
``passive_benefits_avoided`` where they are not split, else 0 (module docstring)."""

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Replaced:
    """A ``--set`` over a value an alternative sets otherwise than BASE: it applies to
    every scenario, so the difference the alternative was compared for is gone."""

    file: str
    """The alternative's file name, as given."""
    given: str
    """The ``--set`` as given: ``PATH=VALUE``."""
    own: Any
    """The alternative's own value there (None: it has none)."""
    base: Any
    """BASE's own value there (None: it has none)."""
    scenario: int = 1
    """The alternative's place among the scenarios (BASE 0): whose file ``--strict``
    names."""


@dataclass(frozen=True)
class Comparison:
    """The runs of BASE and its alternatives, and the comparison table over them."""

    results: list[RunResult]
    """BASE first, then the alternatives in the order given."""
    labels: list[str]
    """How each scenario is shown (``labels_for``): a file's ``name``, told apart by its
    stem where names collide; one given loaded by its file's stem and overrides."""
    table: pd.DataFrame
    """comparison.csv: ``COLUMNS``, one row per metric and scenario."""
    files: list[str] = field(default_factory=list)
    """Each scenario's file name as given (BASE first), or its label where it was given
    loaded, naming it in ``settings_warnings`` (``names_for``)."""
    replaced: tuple[Replaced, ...] = ()
    """The ``--set``s that replace an alternative's own difference to BASE."""
    written_years: tuple[int, ...] = ()
    """Each scenario's price year as its file writes it, without the ``--set``s given
    to all (BASE first; empty: as run): the years its prices and rules are written for,
    which the period warning judges by (``--set prices.base_year=2013`` does not make
    the 2026 file one of 2013, whose KdU table starts in 2024)."""
    sets: tuple[str, ...] = ()
    """The ``--set``s given to every scenario (``PATH=VALUE``): advice to --set leaves
    out a path they already set (given twice, it would be refused)."""
    refusals: dict[tuple[str, ...], str | None] = field(
        default_factory=dict, compare=False, repr=False)
    """``refusal``'s answers, by the ``--set``s checked: each is validated once."""

    @property
    def base(self) -> RunResult:
        return self.results[0]

    @property
    def undrawn(self) -> bool:
        """Some scenario's uncertainty block left out (``--no-uncertainty``)."""
        return any(r.spec.undrawn for r in self.results)

    def row(self, metric: str, label: str) -> pd.Series:
        """One metric of one scenario: mean, interval and delta."""
        hit = self.table[(self.table.metric == metric) & (self.table.scenario == label)]
        return hit.iloc[0]

    def clear(self, lo: float, hi: float) -> bool:
        """Whether a difference whose 90 % interval is ``lo`` to ``hi`` stands out (shown
        bold, in the key figures and by year): the interval excludes 0 over two
        replications or more. One replication's interval is its single difference, width
        0: every difference would stand out."""
        return self.base.aggregate.count > 1 and not (math.isnan(lo) or lo <= 0 <= hi)


def load_all(paths: Sequence[str | Path], sets: Sequence[str] = ()) -> list[Scenario]:
    """Every scenario with the same ``--set`` overrides; all problems of all files at once,
    each once (a file compared with itself, or a base two of them share, says it once)."""
    scenarios, problems = [], []
    for path in paths:
        try:
            scenarios.append(load_scenario(path, tuple(sets)))
        except ScenarioError as err:
            problems += err.problems
    if problems:
        raise ScenarioError(list({str(p): p for p in problems}.values()))
    return scenarios


def alone(path: str | Path) -> Scenario | None:
    """The scenario in ``path`` without the ``--set`` overrides, to tell what it sets
    itself (``replaced_by_sets``); None where it is not valid without them."""
    try:
        return load_scenario(path)
    except ScenarioError:
        return None


def replaced_by_sets(own: Sequence[Scenario | None], files: Sequence[str],
                     sets: Sequence[str]) -> tuple[Replaced, ...]:
    """Each ``--set`` that replaces a value an alternative sets otherwise than BASE, per
    alternative and set: ``own`` are the scenarios without the sets (``alone``), named by
    ``files`` (BASE first; ``names_for``). A --set applies to every scenario, so there
    the alternative runs as BASE does and its Δ is 0, under its own name: said, not left
    to be read as "no effect". A scenario that is not valid without the sets is left out,
    and so is a period or price base set as the period warning advises
    (``follows_period_advice``). A value a scenario leaves to its default is compared as
    that default (``_runs_with``)."""
    if not sets or own[0] is None:
        return ()
    data = [None if scn is None else resolved_data(scn) for scn in own]
    out = []
    for given in sets:
        path, value = parse_set(given)
        base = _runs_with(data[0], own[0], path)
        out += [Replaced(file, given, mine, base, k)
                for k, (file, alt, scn) in enumerate(zip(files, data, own, strict=True))
                if k and alt is not None and (mine := _runs_with(alt, scn, path)) != base
                and not follows_period_advice(path, value, base, mine, own[0], scn)]
    return tuple(out)


PRICE_BASE = "prices.base_year"
"""The one path a scenario that leaves it out still has a value at: its program's first
year (``base_year``), which the period warning names as its prices."""


def follows_period_advice(path: str, value: Any, base: Any, mine: Any, own_base: Scenario,
                          own_alt: Scenario | None) -> bool:
    """Whether a ``--set`` is what ``period_warnings`` advises, BASE's own value
    (``base``) of ``prices.base_year``, or of ``period.start`` or ``period.months`` for
    an alternative in BASE's year's prices, or the alternative's own ``period.months``
    (``mine``: the months all plan, the advice's other choice, ``_extended_programs``):
    the difference it removes is the one that warning named, not one the alternative was
    compared for. Warning of it again would answer finsim's own advice with a warning; a
    period set across price years keeps the warning (its advice there is a file of its
    own, not a --set)."""
    from ..ledger.categories import base_year

    if path == PRICE_BASE:
        return value == base
    advised = (base, mine) if path == "period.months" else (base,)
    return (path in ("period.start", "period.months") and value in advised
            and own_alt is not None and base_year(own_alt) == base_year(own_base))


def _runs_with(data: dict, scn: Scenario, path: str) -> Any:
    """The value at ``path`` the scenario runs with: its own, the first year of its
    program for a price base it leaves out (a warning saying BASE has "none" there would
    contradict the period warning's "prices of 2013"), else None."""
    from ..ledger.categories import base_year

    value = _value_at(data, path)
    return base_year(scn) if value is None and path == PRICE_BASE else value


def _value_at(data: dict, path: str) -> Any:
    """The value at ``path``, None where the scenario has none there."""
    try:
        return get_path(data, path)
    except PathError:
        return None


def replaced_warnings(comparison: Comparison, lang: str = "en") -> list[str]:
    """``Comparison.replaced`` in words: one line per alternative and ``--set``."""
    return [line for _, line in _replaced_each(comparison, lang)]


def _replaced_each(comparison: Comparison, lang: str) -> list[tuple[int, str]]:
    """``replaced_warnings`` with the alternative each is about (its place, BASE 0)."""
    out = []
    for r in comparison.replaced:
        own, base = file_text(r.own), file_text(r.base)
        line = (f"{r.file}: --set {r.given} ersetzt seinen eigenen Wert {own} (BASE hat "
                f"{base}): dieser Unterschied zwischen den Szenarien entfällt"
                if lang == "de" else
                f"{r.file}: --set {r.given} replaces its own {own} (BASE has {base}): "
                "this difference between the scenarios is gone")
        out.append((r.scenario, line))
    return out


def settings_warnings(comparison: Comparison, lang: str = "en") -> list[str]:
    """An alternative whose ``simulation`` block asks for other replications or another
    seed than compare used, where what it used is BASE's block's (-n or --seed other
    than that applies to the alternative's ``finsim run`` too): its numbers then differ
    from that run's, which is not a fault but the price of common random numbers. Each
    names what it asked for and what ran."""
    return [line for _, line in _settings_each(comparison, lang)]


def _settings_each(comparison: Comparison, lang: str) -> list[tuple[int, str]]:
    """``settings_warnings`` with the alternative each is about (its place, BASE 0)."""
    base = comparison.base.spec
    own_base = comparison.base.scenario.simulation
    files = comparison.files or comparison.labels
    out = []
    for k, (file, result) in enumerate(zip(files, comparison.results, strict=True)):
        own = result.scenario.simulation
        many = own.replications != base.replications == own_base.replications
        seed = own.seed != base.seed == own_base.seed
        if k and (many or seed):
            out.append((k, _settings_line(file, own, base, many, seed, lang)))
    return out


def _settings_line(file: str, own: SimulationSettings, used: RunSpec, many: bool,
                   seed: bool, lang: str) -> str:
    """One line of ``settings_warnings``: what differs (replications, seed or both)."""
    de = lang == "de"
    asked = [*([counted(own.replications, "Replikation", "Replikationen") if de else
                counted(own.replications, "replication", "replications")] if many else []),
             *([f"Startwert {own.seed}" if de else f"seed {own.seed}"] if seed else [])]
    if de:
        ran = " und ".join([*([f"den {used.replications} Replikationen"] if many else []),
                            *([f"dem Startwert {used.seed}"] if seed else [])])
        return (f"{file}: sein Block simulation ({', '.join(asked)}) wird nicht verwendet: "
                f"compare rechnet jedes Szenario mit {ran} von BASE, damit sie dieselben "
                "Zufallszahlen teilen; -n/--seed setzen beides")
    ran = " and ".join([*([f"{used.replications} replications"] if many else []),
                        *([f"seed {used.seed}"] if seed else [])])
    return (f"{file}: its simulation block ({', '.join(asked)}) is not used: compare runs "
            f"every scenario with BASE's {ran}, so that they share random numbers; "
            "-n/--seed set both")


def labels_for(scenarios: Sequence[Scenario], paths: Sequence[str | Path],
               named: Sequence[str | None] = ()) -> list[str]:
    """The scenarios' names; a name shared by several gets its file stem in brackets.
    ``named``: per scenario, the label of one given loaded (``loaded_label``), None for
    one given as a path. '#n' only where labels are still alike (a file given twice)."""
    names = [s.name for s in scenarios]
    labels = [given if given is not None else f"{n} [{Path(p).stem}]" if names.count(n) > 1
              else n
              for n, p, given in zip(names, paths, named or [None] * len(paths), strict=True)]
    return [f"{label} #{i + 1}" if labels.count(label) > 1 else label
            for i, label in enumerate(labels)]


def names_for(scenarios: Sequence[Scenario], paths: Sequence[str | Path],
              named: Sequence[str | None] = ()) -> tuple[list[str], list[str]]:
    """The scenarios' labels (``labels_for``) and the names their warnings give them:
    a path's file name, as the user has it; a loaded one's label, which says what it is
    (its scenario's name with ``.yaml`` would be a file that does not exist)."""
    given = list(named) or [None] * len(paths)
    labels = labels_for(scenarios, paths, given)
    files = [label if label_given is not None else Path(p).name
             for label, p, label_given in zip(labels, paths, given, strict=True)]
    return labels, files


def loaded_label(scn: Scenario) -> str:
    """How compare labels a scenario given loaded (``finsim.load``): its file's stem and
    the overrides given with it as a user writes them (``aktiv-statt-passiv-2013
    [providers.cjd.slots=50]``), so that variants of one file are told apart by what
    differs; its name where it is not a file's as loaded (built from data, or changed
    since, as a sized plan is), followed by the overrides a load gave it."""
    given = loaded_as(scn)
    if given is None:
        return scn.name
    stem = Path(given.file).stem if given.file is not None else given.name
    if not given.sets:
        return stem
    return f"{stem} [{', '.join(given.overrides())}]"


def run_all(scenarios: Sequence[Scenario], replications: int, seed: int,
            uncertainty: bool = True, jobs: Jobs = None,
            progress: Progress | None = None) -> list[RunResult]:
    """Run each scenario on the same replication indices and seed, each one's peak need
    from the comparison's ``peak_window`` on; progress counts them all."""
    results, window = [], peak_window(scenarios)
    for k, scn in enumerate(scenarios):
        done_before = k * replications
        update = (lambda done, before=done_before: progress(before + done)) if progress else None
        results.append(run(RunSpec(scn, replications, seed, uncertainty,
                                   peak_from=peak_from(scn, window)), jobs, update))
    return results


def peak_window(scenarios: Sequence[Scenario]) -> Month | None:
    """The calendar month every scenario's peak pre-financing is taken from, the balance
    carried in included, where one of them is a re-forecast: its first forecast month,
    the latest where several are. A re-forecast's peak is the need still to finance
    from then on (``funding.cashflow.peak_months``); a plan's over every month would set
    the low point of months that are past against it, so its Δ would be one of windows,
    not of money. None without a re-forecast: each scenario's whole cash flow."""
    firsts = [first for first in map(forecast_from, scenarios) if first is not None]
    return max(firsts) if firsts else None


def comparison_window(comparison: Comparison) -> Month | None:
    """``peak_window`` of the scenarios compared: the month from which on every one of
    them is a forecast (None: no actual months anywhere). A plan and its re-forecast are
    then forecasts from different starting points, which share the parameters drawn for
    each replication but not the events: their Δ there holds chance."""
    return peak_window([r.scenario for r in comparison.results])


def forecast_from(scn: Scenario) -> Month | None:
    """A re-forecast's first forecast month (None: it has no actual months)."""
    return scn.period.start_month + scn.actual_months if scn.actual_months > 0 else None


def window_setters(comparison: Comparison) -> list[str]:
    """The labels of the re-forecasts whose first forecast month is the comparison's
    window: the scenarios whose actual months the months before it are."""
    window = comparison_window(comparison)
    return [label for label, r in zip(comparison.labels, comparison.results, strict=True)
            if window is not None and forecast_from(r.scenario) == window]


def window_moved(comparison: Comparison) -> bool:
    """Whether some scenario's peak is taken from another month in the comparison than
    in its own run (a plan's from the re-forecast's first forecast month): the page and
    the terminal then say why."""
    return any(r.spec.peak_from is not None and r.spec.peak_from != r.scenario.actual_months
               for r in comparison.results)


class Spread(NamedTuple):
    """A figure's mean over every replication and its 90 % interval (5th and 95th
    percentile) over the replications kept for percentiles (``Aggregate.sample_size``)."""

    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class Paired:
    """One figure of BASE and of an alternative, and its paired Δ (ALT - BASE), each a
    ``Spread``: the Δ's interval is that of the differences replication by replication,
    as the table's total has it (``paired``)."""

    base: Spread
    alt: Spread
    delta: Spread


def paired_figure(base_rows: np.ndarray, alt_rows: np.ndarray, base_mean: float,
                  alt_mean: float, money: bool = True) -> Paired:
    """``Paired`` of a figure from each scenario's sampled replications (``*_rows``,
    replication i of both seeded alike: the first of each, in index order) and its means
    over every replication; the Δ's mean is the difference of those means."""
    n = min(len(base_rows), len(alt_rows))
    base, alt = base_rows[:n], alt_rows[:n]
    return Paired(Spread(base_mean, *interval(base)[1:]), Spread(alt_mean, *interval(alt)[1:]),
                  Spread(alt_mean - base_mean, *interval(paired(base, alt, money))[1:]))


@dataclass(frozen=True)
class CostSplit:
    """An alternative's Δ of mean cost against BASE, before the comparison's window
    (months actual in a re-forecast: there simulated months stand against the actual
    ones) and from it on (both forecasts, from different starting points), each part
    with the interval of its paired differences: how much of it is chance."""

    label: str
    first: Month
    """The first month of the two scenarios."""
    window: Month
    before: Spread
    """Δ in EUR, the months before ``window``."""
    after: Spread
    """Δ in EUR, ``window`` on."""


def drawn_before_window(comparison: Comparison, scenarios: Sequence[RunResult]) -> bool:
    """Whether one of ``scenarios`` is drawn in some month before the comparison's
    window, where another holds facts: re-forecasts all as of that month share their
    facts there, and their differences are the scenarios' (a re-costing)."""
    window = comparison_window(comparison)
    return window is not None and any(forecast_from(r.scenario) != window for r in scenarios)


def cost_splits(comparison: Comparison) -> list[CostSplit]:
    """``CostSplit`` of each alternative where it or BASE has actual months and the other
    is drawn in some of them (``drawn_before_window``): the means from the mean ledger
    (whole cents summed over replications), so the parts add up to the Δ of the mean
    cost, which the table's paired Δ is; the intervals from the replications' costs
    before and from the window, paired (``paired_figure``)."""
    window, base = comparison_window(comparison), comparison.base
    pairs = split_pairs(comparison)
    base_parts = cost_parts(base, window) if pairs else []
    return [CostSplit(label, min(base.scenario.period.start_month,
                                 alt.scenario.period.start_month), window,
                      *(paired_figure(b[0], a[0], b[1], a[1]).delta
                        for b, a in zip(base_parts, cost_parts(alt, window), strict=True)))
            for label, alt in pairs]


def cost_parts(result: RunResult, window: Month) -> list[tuple[np.ndarray, float]]:
    """A scenario's cost (EUR) in its months before ``window`` and from it on: each
    sampled replication's, and the mean over every replication."""
    by_month = result.aggregate.ledger.sum(axis=(1, 2, 3))  # whole cents
    rows = result.aggregate.cost_sample  # [sample, months] whole cents
    at = min(max(window - result.scenario.period.start_month, 0), len(by_month))
    return [(rows[:, part].sum(axis=1) / 100.0, float(result.mean_eur(by_month[part].sum())))
            for part in (slice(None, at), slice(at, None))]


def split_pairs(comparison: Comparison) -> list[tuple[str, RunResult]]:
    """The alternatives (label, result) compared as a plan against its re-forecast: it or
    BASE has actual months where the other is drawn (``drawn_before_window``); the Δ of
    cost is split, the years and the people at the window are given for them."""
    return [(label, alt) for label, alt in zip(comparison.labels[1:], comparison.results[1:],
                                                strict=True)
            if drawn_before_window(comparison, [comparison.base, alt])]


@dataclass(frozen=True)
class PeopleAt:
    """The people in the slots and waiting at the start of the comparison's window (the
    end of the month before: a re-forecast's last actual month) in BASE and an
    alternative, and their paired Δ: where the re-forecast departs from the plan, the
    people there are the first thing asked."""

    label: str
    window: Month
    actual: tuple[bool, bool]
    """Whether BASE's and the alternative's figures are actual (the same in every
    replication) or drawn."""
    participants: Paired
    waiting: Paired


def people_at_window(comparison: Comparison) -> list[PeopleAt]:
    """``PeopleAt`` of each alternative of ``split_pairs`` whose period and BASE's hold
    the month before the window, from the program's flows at each month's end."""
    window, base = comparison_window(comparison), comparison.base
    out = []
    for label, alt in split_pairs(comparison):
        pair = (base, alt)
        at = [window - r.scenario.period.start_month + -1 for r in pair]
        if not all(0 <= k < r.scenario.period.months for k, r in zip(at, pair, strict=True)):
            continue
        figures = []
        for column in ("participants", "waiting"):
            (base_rows, base_mean), (alt_rows, alt_mean) = (
                _people(r, k, column) for r, k in zip(pair, at, strict=True))
            figures.append(paired_figure(base_rows, alt_rows, base_mean, alt_mean, money=False))
        out.append(PeopleAt(label, window, tuple(forecast_from(r.scenario) == window
                                                 for r in pair), *figures))
    return out


def _people(result: RunResult, month: int, column: str) -> tuple[np.ndarray, float]:
    """A flow of the program at the end of ``month`` (its index): per sampled replication,
    and its mean over every replication."""
    c = FLOW_COLUMNS.index(column)
    return (result.aggregate.program_flow_rows()[:, month, c],
            float(result.mean(result.aggregate.flows)[month, -1, c]))


def peak_from(scn: Scenario, window: Month | None) -> int | None:
    """``RunSpec.peak_from`` of ``scn`` in a comparison: ``window``'s month of its period
    (its first month where it starts later; None: no window, its own)."""
    return None if window is None else max(window - scn.period.start_month, 0)


def metric_union(results: Sequence[RunResult]) -> list[str]:
    """BASE's metrics in its order, then those new in the alternatives, in order of
    appearance; ``UNSPLIT_NET`` just before ``net_public_cost`` where a scenario's
    benefits are not split by payer."""
    names: list[str] = []
    for result in results:
        names += [m for m in result.metric_names if m not in names]
    if "net_public_cost" in names and any(r.scenario.passive_benefits.unsplit for r in results):
        names.insert(names.index("net_public_cost"), UNSPLIT_NET)
    return names


def budget_nets(comparison: Comparison) -> list[str]:
    """The budgets' net-cost metrics a comparison shows, in the one order of the page, the
    workbook and the terminal: each public budget of any scenario (BASE's first, then those
    only an alternative has, in comparison.csv's order), then ``UNSPLIT_NET`` where a
    scenario's benefits are not split by payer. Together they add up to
    ``net_public_cost`` in each scenario and each Δ (module docstring); a budget that is
    not public is no part of it (the workbook lists its net cost after the total)."""
    scenarios = [r.scenario for r in comparison.results]
    nets = [f"net_cost_{b}"
            for b in dict.fromkeys(b for scn in scenarios for b in public_budgets(scn))]
    if any(scn.passive_benefits.unsplit for scn in scenarios):
        nets.append(UNSPLIT_NET)
    return nets


def values_of(result: RunResult, metric: str) -> np.ndarray:
    """Per-replication values; a metric the scenario lacks is 0 or NaN (module docstring)."""
    if metric == UNSPLIT_NET and result.scenario.passive_benefits.unsplit:
        return -result.metric("passive_benefits_avoided")
    if metric in result.metric_names:
        return result.metric(metric)
    return np.full(result.spec.replications, absent_value(metric))


def absent_value(metric: str) -> float:
    """What a metric a scenario lacks stands for: 0 where it is known to be 0, else NaN."""
    return 0.0 if metric.startswith(ABSENT_IS_ZERO) else math.nan


def interval(values: np.ndarray) -> tuple[float, float, float]:
    """Mean, 5th and 95th percentile, ignoring NaN (an undefined replication)."""
    s = stats(values)
    return float(s["mean"]), float(s["p05"]), float(s["p95"])


def paired_differences(base: RunResult, alt: RunResult, metric: str) -> np.ndarray:
    """ALT - BASE replication by replication: the noise common to both cancels. A money
    difference below half a cent is 0: amounts of whole cents summed in floats carry
    noise (a budget that is exactly 0 as +-1e-9 EUR), which would show as a signed zero
    "Δ +0 [0, +0]" instead of the same figure in every replication."""
    return paired(values_of(base, metric), values_of(alt, metric), kind(metric) == "money")


def paired(base: np.ndarray, alt: np.ndarray, money: bool) -> np.ndarray:
    """``alt - base`` replication by replication (``paired_differences``); ``money``: a
    difference below half a cent is 0."""
    diff = alt - base
    if money:
        diff[np.abs(diff) < HALF_CENT] = 0.0
    return diff


def comparison_table(results: Sequence[RunResult], labels: Sequence[str]) -> pd.DataFrame:
    """comparison.csv: per metric and scenario the 90 % interval and the paired delta."""
    base = results[0]
    rows = []
    for metric in metric_union(results):
        for k, (result, label) in enumerate(zip(results, labels, strict=True)):
            mean, p05, p95 = interval(values_of(result, metric))
            if k == 0:  # BASE against itself: nothing, where it has the metric at all
                delta = (0.0, 0.0, 0.0) if not math.isnan(mean) else (math.nan,) * 3
            else:
                delta = interval(paired_differences(base, result, metric))
            rows.append((metric, label, mean, p05, p95, *delta))
    return pd.DataFrame(rows, columns=list(COLUMNS))


@dataclass(frozen=True)
class Undefined:
    """A metric some replications leave undefined: how many define it per scenario
    (BASE first) and how many both BASE and each alternative define (Δ's count)."""

    metric: str
    defined: list[int]
    both: list[int]
    replications: int


def undefined_counts(comparison: Comparison) -> list[Undefined]:
    """Metrics some replications leave undefined (``cost_per_placement`` with no
    placement), in ``metric_union`` order: what ``undefined_notes`` and the page say."""
    results, n, out = comparison.results, comparison.base.spec.replications, []
    for metric in metric_union(results):
        defined = [int(np.sum(~np.isnan(values_of(r, metric)))) for r in results]
        if not any(0 < d < n for d in defined):
            continue
        both = [int(np.sum(~np.isnan(paired_differences(results[0], r, metric))))
                for r in results[1:]]
        out.append(Undefined(metric, defined, both, n))
    return out


def undefined_notes(comparison: Comparison) -> list[str]:
    """The ``undefined_counts`` in words: how many replications define each metric per
    scenario, and that each Δ is over the replications both scenarios define, so it is
    not the difference of the means shown. Names in quotes: a name with a comma in it
    ran into the list."""
    labels, out = comparison.labels, []
    for u in undefined_counts(comparison):
        each = ", ".join(f"“{label}” {d}" for label, d in zip(labels, u.defined, strict=True))
        pairs = ", ".join(f"“{label}” {b}"
                          for label, b in zip(labels[1:], u.both, strict=True))
        out.append(f"{u.metric}: defined in {each} of {u.replications} replications; each Δ "
                   f"is over the replications both define ({pairs}), so it is not the "
                   "difference of the means")
    return out


def period_text(scn: Scenario, lang: str = "en", named: bool = False) -> str:
    """A scenario's months and price base: ``2013-01 – 2014-12 (24 months, prices of
    2013)``; the price base is the year plain money values are in (``prices.base_year``,
    else the first year of the program). ``named``: in a sentence, where German names
    the months (``Januar 2013 – Dezember 2014``); a label or a list keeps ``YYYY-MM``."""
    from ..ledger.categories import base_year
    from ..scenario.schedule import month_labels

    labels = month_labels(scn.period.start_month, scn.period.months)
    first, last = (month_words(m, lang) if named else m for m in (labels[0], labels[-1]))
    n = scn.period.months
    if lang == "de":
        return (f"{first} – {last} ({counted(n, 'Monat', 'Monate')}, Preise "
                f"{base_year(scn)})")
    return f"{first} – {last} ({counted(n, 'month', 'months')}, prices of " \
        f"{base_year(scn)})"


def period_warnings(comparison: Comparison, lang: str = "en") -> list[str]:
    """Scenarios over different months, or with money in different years' prices: their
    totals cover different horizons and price levels, so a Δ is mostly that, not the
    scenario's effect. Said with each scenario's period and how to align them (``--set``
    applies to every scenario of a comparison). A ``--set`` advised is one every
    scenario takes (``refusal``): followed as printed, it runs."""
    from ..ledger.categories import base_year

    scenarios = [r.scenario for r in comparison.results]
    each = "; ".join(f"{label}: {period_text(scn, lang, named=True)}"
                     for label, scn in zip(comparison.labels, scenarios, strict=True))
    years = [base_year(s) for s in scenarios]
    out = []
    if len({(s.period.start, s.period.months) for s in scenarios}) > 1:
        how = _period_advice(comparison, lang)
        out.append(
            f"Die Szenarien decken verschiedene Zeiträume ab ({each}): Kosten, Finanzierung "
            "und Zählungen summieren über verschiedene Monate und Jahre, jedes Δ enthält "
            f"daher den Unterschied der Zeiträume, nicht nur den der Szenarien; {how}"
            if lang == "de" else
            f"the scenarios cover different periods ({each}): cost, funding and counts add "
            "up over different months and years, so each Δ holds the difference of the "
            f"periods, not only of the scenarios; {how}")
    if len(set(years)) > 1 and any(uprates(s) for s in scenarios):
        out.append(_price_base_line(comparison, years, lang))
    return out


def _period_advice(comparison: Comparison, lang: str) -> str:
    """How to compare the same months: BASE's period by ``--set`` (and what it needs
    first, ``_kept_programs``) where the files are written for one year's prices and
    every scenario takes it; else each scenario's period in a file of its own. The
    years are the files' own (``Comparison.written_years``): a --set price base makes
    the 2026 file's amounts count in 2013's prices, not its rules hold in 2013."""
    from ..ledger.categories import base_year

    base = comparison.base.scenario.period
    years = list(comparison.written_years) or [base_year(r.scenario)
                                               for r in comparison.results]
    given = {text.partition("=")[0].strip() for text in comparison.sets}
    sets = tuple(f"{path}={value}" for path, value in
                 (("period.start", base.start), ("period.months", base.months))
                 if path not in given)
    refused = refusal(comparison, sets) if len(set(years)) == 1 else None
    if len(set(years)) == 1 and refused is None:
        kept = _kept_programs(comparison, lang)
        kept += _late_programs(comparison, lang, first=not kept)
        kept += _extended_programs(comparison, given, lang)
        advice = " ".join(f"--set {text}" for text in sets)
        return (f"für einen Vergleich über dieselben Monate {advice}{kept}" if lang == "de"
                else f"to compare the same months, {advice}{kept}")
    own = ("für einen Vergleich über dieselben Monate jedem Szenario in einer eigenen Datei "
           "(base: ...) dieselbe period: geben, wo seine Preise und Regeln gelten"
           if lang == "de" else
           "to compare the same months, give each scenario the same period: in a file of "
           "its own (base: ...) where its prices and rules hold")
    if refused is not None:
        return (f"{own}; den Zeitraum von BASE mit --set zu setzen wird abgelehnt: {refused}"
                if lang == "de" else
                f"{own}; setting BASE's period with --set is refused: {refused}")
    listed = ", ".join(map(str, dict.fromkeys(years)))
    return (f"die Dateien sind für verschiedene Jahre geschrieben (Preise {listed}): {own}; "
            "die Periode mit --set zu setzen rechnete jede Datei auch in Jahren, für die sie "
            "nicht geschrieben ist" if lang == "de" else
            f"the files are written for different years (prices of {listed}): {own}; "
            "setting the period with --set would also run each file in years it is not "
            "written for")


def _price_base_line(comparison: Comparison, years: list[int], lang: str) -> str:
    """The warning of different price bases (``years``: as run, BASE first), with
    BASE's as the ``--set`` that aligns them where every scenario takes it."""
    listed = ", ".join(map(str, dict.fromkeys(years)))
    given = f"prices.base_year={years[0]}"
    refused = refusal(comparison, (given,))
    if lang == "de":
        how = (f"--set {given}" if refused is None else
               f"die Preisbasis von BASE ({years[0]}) mit --set zu setzen wird abgelehnt: "
               f"{refused}")
        return ("Die Szenarien haben verschiedene Preisbasen (Preise "
                f"{listed}): derselbe Betrag in den Dateien steht für verschiedene Preise; "
                f"sind alle Beträge in Preisen desselben Jahres gemeint, {how}")
    how = (f"--set {given}" if refused is None else
           f"setting BASE's price base ({years[0]}) with --set is refused: {refused}")
    return (f"the scenarios have different price bases (prices of {listed}): the same "
            "amount in the files stands for different prices; if all amounts are meant in "
            f"one year's prices, {how}")


def refusal(comparison: Comparison, sets: tuple[str, ...]) -> str | None:
    """The first problem a scenario of the comparison has with ``sets`` given to all of
    them besides what it ran with, None where every one takes them: advice to --set
    is checked so before it is printed (BASE's 2013 period for the 2026 file, whose
    KdU table starts in 2024, was advised and then refused). Each ``sets`` once."""
    if sets not in comparison.refusals:
        files = comparison.files or comparison.labels
        comparison.refusals[sets] = next(
            (str(err.problems[0]) for file, r in zip(files, comparison.results, strict=True)
             if (err := _refused(r.scenario, sets, file)) is not None), None)
    return comparison.refusals[sets]


def _refused(scn: Scenario, sets: tuple[str, ...], file: str) -> ScenarioError | None:
    """Why ``scn`` (as it ran) with ``sets`` added is refused, None where it is not:
    validated again with them, as ``finsim.load`` sets values on a loaded scenario;
    a problem names the scenario by ``file``."""
    try:
        sets_on_loaded(scn, sets, file)
    except ScenarioError as err:
        return err
    return None


AND = {"de": " und ", "en": " and "}
"""What joins the period advice's files and dated values."""


def _kept_programs(comparison: Comparison, lang: str) -> str:
    """What the advice to --set BASE's period needs first, where that --set would start
    a scenario's program empty past its dated ramp-up (``sanity.cut_ramp``; the §16i
    file from 2026-01 beside a warm-up reported from 2027-01 lost its 70, 55 and 45
    referrals and 20 M EUR of cost in silence): that scenario's own warm-up from its
    start, in a file of its own (a --set would give every scenario the warm-up). Empty
    where none would lose anything."""
    base = comparison.results[0].scenario.period
    cut, dated = _dated_programs(comparison, cut_ramp, lang)
    if not cut:
        return ""
    gives = AND[lang].join(f"“{label}” period: {{start: {base.start}, months: {base.months}, "
                           f"simulate_from: {scn.period.start}}}" for label, scn in cut)
    if lang == "de":
        return (f", zuvor aber {gives} in einer eigenen Datei (base: ...) geben: sonst "
                f"liegen datierte Werte vor dem Zeitraum ({dated}), und das Programm "
                "beginnt leer, statt seit seinem Start zu laufen")
    return (f", but first give {gives} in a file of its own (base: ...): else dated values "
            f"fall before the period ({dated}), and the program starts empty instead of "
            "running since its start")


def _late_programs(comparison: Comparison, lang: str, first: bool = True) -> str:
    """What the advice to --set BASE's period needs first, where that --set would move a
    scenario's start back before its dated referrals or slots (``sanity.stretched_ramp``;
    a file from 2026-07 with a ramp of 70, 55 and 45 referrals set to 2026-01 ran its 70
    from 2026-01 on: 757 people, not 272, and refused under --strict): that scenario in a
    file of its own over BASE's period with nothing before its own start
    (``held_back``). ``first``: no other clause comes before. Empty where none would
    stretch."""
    base = comparison.results[0].scenario.period
    late, dated = _dated_programs(comparison, stretched_ramp, lang)
    if not late:
        return ""
    gives = AND[lang].join(
        f"“{label}” {file_text(held_back(scn, base.start, base.months), None)}"
        for label, scn in late)
    if lang == "de":
        lead = ", zuvor aber" if first else "; zudem"
        return (f"{lead} {gives} in einer eigenen Datei (base: ...) geben, ohne Zuweisungen "
                f"und Plätze vor seinem eigenen Start: sonst gelten datierte Werte schon vor "
                f"ihrem ersten Datum ({dated}), ab {month_words(base.start, lang)}, und das "
                "Programm läuft Monate vor seinem Start")
    lead = ", but first give" if first else "; and give"
    return (f"{lead} {gives} in a file of its own (base: ...), with no referrals and no "
            f"slots before its own start: else dated values hold before their first date "
            f"({dated}), from {base.start} on, and the program runs months before it starts")


def _extended_programs(comparison: Comparison, given: set[str], lang: str) -> str:
    """What the advice to --set BASE's period does to an alternative that ends before
    BASE: it runs on past the last month its file plans, on its last values (the §16e
    file's 0.3 referrals a month beside the §16i file's 60 months: its slots empty as
    its people leave, occupancy 39 % over the 60 months), which is no like-for-like
    comparison; so it is said, with the months every scenario plans as the other choice
    where all start with BASE and take it. Empty where no alternative ends before BASE."""
    base = comparison.results[0].scenario.period
    end = _last_month(comparison.results[0].scenario)
    short = [(label, r.scenario) for label, r in
             zip(comparison.labels[1:], comparison.results[1:], strict=True)
             if _last_month(r.scenario) < end]
    if not short:
        return ""

    def planned(label: str, scn: Scenario, first: bool) -> str:
        last = _last_month(scn)
        referrals = file_text(in_force_at(scn.participants.referrals_per_month, str(last)))
        if lang == "de":
            return (f"“{label}” {'ist aber nur ' if first else ''}bis "
                    f"{month_words(last, lang)}"
                    f"{' geplant' if first else ''} (participants.referrals_per_month dann "
                    f"{referrals})")
        return (f"“{label}” {'is planned only ' if first else ''}to {last} "
                f"(participants.referrals_per_month {referrals} there)")

    plans = AND[lang].join(planned(label, scn, k == 0) for k, (label, scn) in enumerate(short))
    months = min(r.scenario.period.months for r in comparison.results)
    same_start = all(r.scenario.period.start == base.start for r in comparison.results)
    shorter = f"period.months={months}"
    choice = ("period.months" not in given and same_start
              and refusal(comparison, (shorter,)) is None)
    one = len(short) == 1
    if lang == "de":
        return (f"; {plans}: so {'läuft es' if one else 'laufen sie'} "
                f"danach mit {'seinen' if one else 'ihren'} letzten Werten weiter, was "
                f"{'seine Datei nicht plant' if one else 'ihre Dateien nicht planen'}, und "
                "diese Monate vergleichen nicht Gleiches mit Gleichem"
                + (f"; oder die Monate vergleichen, die alle planen: --set {shorter}"
                   if choice else ""))
    return (f"; but {plans}: this runs {'it' if one else 'them'} past then "
            f"with {'its' if one else 'their'} last values, which "
            f"{'its file does' if one else 'their files do'} not plan, so those months do "
            "not compare like with like"
            + (f"; or compare the months all plan: --set {shorter}" if choice else ""))


def _last_month(scn: Scenario) -> Month:
    """The last month of a scenario's period."""
    return scn.period.start_month + (scn.period.months - 1)


def _dated_programs(comparison: Comparison, ramp: Callable[[Scenario, Month], list[str]],
                    lang: str) -> tuple[list[tuple[str, Scenario]], str]:
    """The alternatives (label, scenario as it ran) whose dated values BASE's period
    would lose or stretch (``ramp``: ``sanity.cut_ramp`` or ``stretched_ramp``), and
    those values by scenario in ``lang`` (``“A”: referrals_per_month (2026-01 to
    2026-03)``), for the period advice's clauses."""
    start = comparison.results[0].scenario.period.start_month
    found = [(label, r.scenario, dated) for label, r in
             zip(comparison.labels[1:], comparison.results[1:], strict=True)
             if (dated := ramp(r.scenario, start))]
    said = "; ".join(f"“{label}”: {AND[lang].join(dated)}" for label, _, dated in found)
    return [(label, scn) for label, scn, _ in found], said


def held_back(scn: Scenario, start: str, months: int) -> dict:
    """A scenario that starts empty, over the period from ``start`` (before its own) with
    its program as it has it: 0 referrals and 0 slots (no management, no material) from
    ``start``, then each provider's slots and the referrals in force at its own start and
    their later dates. On-demand referrals stay: with no slots nobody enters."""
    own = scn.period.start_month
    data = resolved_data(scn)

    def later(value: Any) -> dict:
        dated = value if isinstance(value, dict) else {}
        return {start: 0, str(own): in_force_at(value, str(own)),
                **{k: v for k, v in dated.items() if Month.parse(k) > own}}

    referrals = data["participants"].get("referrals_per_month")
    body: dict[str, Any] = {"period": {"start": start, "months": months}}
    if not isinstance(referrals, str):
        body["participants"] = {"referrals_per_month": later(referrals)}
    body["providers"] = [{"id": p["id"], "slots": later(p["slots"])} for p in data["providers"]]
    return body


def counted_where(scn: Scenario, lang: str = "en") -> tuple[str, str]:
    """What a scenario counts back against its costs: the budgets it counts returns to,
    and those it counts benefits avoided for (or that they are not split by payer), in
    words; "none" where it counts none, since its 0 there means "not counted"."""
    none = "keine" if lang == "de" else "none"
    returns = ", ".join(scn.returns) or none
    if scn.passive_benefits.unsplit:
        benefits = "nicht nach Zahler aufgeteilt" if lang == "de" else "not split by payer"
    else:
        benefits = ", ".join(scn.passive_benefits.payers) or none
    return returns, benefits


def counting_warnings(comparison: Comparison, lang: str = "en") -> list[str]:
    """Scenarios that count different returns, or benefits avoided for different budgets:
    a scenario without them has 0 there for "not counted", so the Δ of the returns and the
    net costs is the difference of what is counted, not the scenario's effect (a PAT file
    with a ``returns:`` block against one without showed 8.8 M EUR less net public cost).
    Said with what each scenario counts, as ``period_warnings`` says each period."""
    scenarios = [r.scenario for r in comparison.results]
    what = [counted_where(s, lang) for s in scenarios]
    counts = (  # what each scenario counts, the words for it, for none of it, its block
        (lambda s: tuple(sorted(s.returns)), "Rückflüsse (returns) an verschiedene",
         "returns to different", "keine Rückflüsse", "no returns", "returns:"),
        (lambda s: (s.passive_benefits.unsplit, tuple(sorted(s.passive_benefits.payers))),
         "vermiedene Leistungen (passive_benefits) für verschiedene",
         "benefits avoided (passive_benefits) for different",
         "keine vermiedenen Leistungen", "no benefits avoided", "passive_benefits:"))
    out = []
    for k, (key, de, en, none_de, none_en, block) in enumerate(counts):
        if len({key(s) for s in scenarios}) == 1:
            continue
        each = "; ".join(f"{label}: {c[k]}"
                         for label, c in zip(comparison.labels, what, strict=True))
        out.append(
            f"Die Szenarien zählen {de} Haushalte ({each}): wo keine gezählt werden, heißt "
            f"0 hier ‚nicht gerechnet‘, nicht ‚{none_de}‘; die Δ der Nettokosten "
            "(je Haushalt und Öffentliche Nettokosten) enthalten daher den Unterschied der "
            "Rechnung, nicht nur den der Szenarien; für einen Vergleich derselben Rechnung "
            f"jeder Datei denselben Block `{block}` geben"
            if lang == "de" else
            f"the scenarios count {en} budgets ({each}): where none are counted, "
            f"0 here means 'not computed', not '{none_en}'; so the Δ of the net costs (each "
            "budget's and net_public_cost) hold the difference of what is counted, not only "
            f"of the scenarios; to compare like with like, give every file the same "
            f"`{block}` block")
    return out


def comparison_warnings(comparison: Comparison, lang: str = "en") -> list[str]:
    """What the command, the page, the workbook and ``Comparison.warnings`` warn about the
    comparison itself: one replication, ``replaced_warnings``, ``settings_warnings``,
    ``period_warnings``, ``counting_warnings`` and an alternative whose actual months
    cost otherwise than BASE's (``actual_slots.comparison_recost_warnings``)."""
    return [line for _, line in comparison_warnings_each(comparison, lang)]


def all_warnings(comparison: Comparison, lang: str = "en") -> list[str]:
    """Every warning of a comparison in ``lang``, as report.html and results.xlsx list
    them: the comparison's own (``comparison_warnings``), then each scenario's sanity
    warnings after its label, those said before the work included."""
    return [*comparison_warnings(comparison, lang),
            *(labelled(f"{label}: ", text) for label, result in zip(comparison.labels,
                                                                   comparison.results,
                                                                   strict=True)
              for text in sanity_warnings(result, lang))]


def comparison_warnings_each(comparison: Comparison,
                             lang: str = "en") -> list[tuple[int, str]]:
    """``comparison_warnings`` with the scenario each is about, by its place (BASE 0,
    as for what concerns them all): ``--strict`` names an alternative's own file for a
    line about it (a ``--set`` over its value, its simulation block, its re-costed
    actual months), not BASE's."""
    single = [] if comparison.base.aggregate.count > 1 else [
        "one replication: each Δ is one draw's difference, its interval has no width, and "
        "none is marked as standing out; use -n 2 or more" if lang == "en" else
        "eine Replikation: jedes Δ ist die Differenz einer Ziehung, sein Intervall hat "
        "keine Breite, keines ist als deutlich markiert; -n 2 oder mehr verwenden"]
    files = comparison.files or comparison.labels
    base = comparison.base.scenario
    recost = [(k, line) for k, result in enumerate(comparison.results) if k
              for line in comparison_recost_warnings([base, result.scenario],
                                                     [files[0], files[k]], lang)]
    whole = [*period_warnings(comparison, lang), *counting_warnings(comparison, lang)]
    return [*((0, line) for line in single), *_replaced_each(comparison, lang),
            *_settings_each(comparison, lang), *((0, line) for line in whole), *recost]


def scenario_warnings(comparison: Comparison) -> list[str]:
    """Each scenario's sanity warnings after its label (``<label>: ...``), as ``finsim
    run`` gives them and the page lists them, but those said before the work (a draw
    that may leave its bounds, a final statement moved: ``sanity.before_work_warnings``)."""
    return [line for lines in scenario_warnings_each(comparison) for line in lines]


def said_warnings(comparison: Comparison) -> list[str]:
    """Every warning ``finsim compare`` prints, in its order, for compare.json: each
    scenario's said before the work after its label (``commands.run.early_warnings``),
    then ``after_work_warnings``."""
    before = [labelled(f"{label}: ", line)
              for label, r in zip(comparison.labels, comparison.results, strict=True)
              for line in before_work_warnings(r.scenario, r.spec.replications, r.spec.draws)]
    return before + after_work_warnings(comparison)


def after_work_warnings(comparison: Comparison) -> list[str]:
    """The warnings ``finsim compare`` prints once the work is done: the comparison's own
    (``comparison_warnings``), then each scenario's (``scenario_warnings``)."""
    return [*comparison_warnings(comparison), *scenario_warnings(comparison)]


def scenario_warnings_each(comparison: Comparison) -> list[list[str]]:
    """``scenario_warnings`` per scenario (BASE first): ``--strict`` names each line's
    own file."""
    out = []
    for label, result in zip(comparison.labels, comparison.results, strict=True):
        said = before_work_warnings(result.scenario, result.spec.replications, result.spec.draws)
        out.append([labelled(f"{label}: ", line) for line in sanity_warnings(result)
                    if line not in said])
    return out


def compare(paths: Sequence[str | Path], sets: Sequence[str] = (),
            replications: int | None = None, seed: int | None = None,
            uncertainty: bool = True, jobs: int | None = None,
            progress: Progress | None = None) -> Comparison:
    """Load BASE and the alternatives, run all on common random numbers, compare to BASE."""
    scenarios = load_all(paths, sets)
    replications, seed = run_settings(scenarios[0], replications, seed)
    own = [alone(p) for p in paths] if sets else []
    replaced = replaced_by_sets(own, [Path(p).name for p in paths], sets)
    return compare_scenarios(scenarios, paths, replications, seed, uncertainty, jobs,
                             progress, replaced, written=own, sets=sets)


def compare_scenarios(scenarios: Sequence[Scenario], paths: Sequence[str | Path],
                      replications: int, seed: int, uncertainty: bool = True,
                      jobs: Jobs = None, progress: Progress | None = None,
                      replaced: Sequence[Replaced] = (),
                      named: Sequence[str | None] = (),
                      written: Sequence[Scenario | None] = (),
                      sets: Sequence[str] = ()) -> Comparison:
    """Loaded scenarios (BASE first), run and compared; ``paths`` and ``named`` only name
    them (``labels_for``); ``jobs``: local processes or an executor
    (``montecarlo.executor``); ``replaced``: what ``replaced_by_sets`` found, and
    ``written``: the scenarios without the overrides given to all (``alone``; empty:
    none given) and ``sets``: those overrides, for the warnings."""
    results = run_all(scenarios, replications, seed, uncertainty, jobs, progress)
    labels, files = names_for(scenarios, paths, named)
    return Comparison(results, labels, comparison_table(results, labels), files,
                      tuple(replaced), written_years(scenarios, written), tuple(sets))


def written_years(scenarios: Sequence[Scenario],
                  written: Sequence[Scenario | None]) -> tuple[int, ...]:
    """``Comparison.written_years``: each scenario's price year without the overrides
    (``written``), as run where it has none or is not valid without them."""
    from ..ledger.categories import base_year

    if not written:
        return ()
    return tuple(base_year(own if own is not None else scn)
                 for scn, own in zip(scenarios, written, strict=True))


def run_settings(base: Scenario, replications: int | None,
                 seed: int | None) -> tuple[int, int]:
    """The options if given, else BASE's own, for every scenario alike: pairing needs the
    same replication indices and seed everywhere."""
    return (replications or base.simulation.replications,
            base.simulation.seed if seed is None else seed)

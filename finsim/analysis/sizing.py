"""Sizing: what a funding period needs, and how many slots a budget buys or a target needs.

The program is sized by one number, its *slots* (the search's measure): the total over
all providers in the period's first month (the peak month if the first has none). A
candidate of N slots scales every provider's schedule, every value of it, by the
*scale* N / slots and rounds each value half up on its own, so a provider's slots
change only on its own dates (a largest-remainder split of each month's total moved a
small provider's slots whenever another one started) and never fall as N grows: the
search starts at the fewest that hold the people a caseload file or actual spells put
there (``slots_held``), and every N above holds them too. The plan's own slots
therefore need not add up to N in the first month: the search runs each candidate as
it is planned, so a cap holds for the plan it answers, and the answer says the scale
and the plan's slots at its peak month (``PlannedSlots``), not N alone, which for a
program whose providers start in turn is no count of slots in any month that matters.
A program that keeps
going (``period.simulate_from``) is scaled in its warm-up months too, on their own
dates: the candidate is the same program at another size all along, so the people it
carries over at the start fit its slots, and at the scenario's own size it is the
scenario itself.

Costs grow with slots, so a cap (``--cap FUNDER=EUR``: the funder's total over the period
stays within EUR with probability Q, i.e. its Q-quantile is <= EUR; ``--cap BUDGET=EUR``
the same of what the budget pays, ``budget_paid``) holds up to some N,
and a target (``--target METRIC=VALUE``: the metric reaches VALUE with probability Q, i.e.
its (1-Q)-quantile is >= VALUE; at most VALUE, the Q-quantile <= VALUE, for a metric more
slots lower: ``TARGETS_AT_MOST``) holds from some N on. Both are found by bisection between
the fewest slots that hold the people already in the program (1 for a program that
starts empty; a running program's caseload is never dismissed) and ``max_slots``
(default ten times the scenario's slots); every candidate runs on the
same seeds (common random numbers), so neighbours differ by their slots, not by chance.
With caps and targets together, the answer is the fewest slots meeting the targets, and
it must lie within the caps.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..funding.allocate import compile_funding
from ..funding.fiscal import compile_budgets, split_paid
from ..ledger.categories import base_year
from ..ledger.cents import to_cents
from ..montecarlo import RunResult, RunSpec, run
from ..montecarlo.executor import Jobs
from ..montecarlo.statistics import defined_mean, quantile
from ..nouns import counted
from ..program import Program, compile_program
from ..replication import FLOW_COLUMNS, metric_names
from ..scenario import (
    Month,
    Scenario,
    ScenarioError,
    datafiles,
    reloadable_data,
    scenario_from_dict,
)
from ..scenario.caseload import (
    Caseload,
    actual_rows,
    carried_over,
    check_carried,
    file_rows,
    is_file_value,
    max_months,
    slots_needed,
    starting_caseload,
)
from ..scenario.draws import half_up
from ..scenario.errors import Problem, suggest
from ..scenario.limits import MAX_PERSONS
from ..scenario.load import SET, Override, carry_private, parse_set
from ..scenario.model import Funder
from ..scenario.replace import replaced
from ..scenario.schedule import month_labels, months_later, year_starts
from ..scenario.types import ON_DEMAND
from ..scenario.written import comma_hint, thousands
from ..units import kind
from . import words
from .at_horizon import horizon_exits
from .words import number

ProgressFactory = Callable[[int, str], object]
BOOTSTRAP = 2000
"""Resamples for the bootstrap interval of a quantile."""
SLOTS_PATH = re.compile(r"providers\.[^.]+\.slots(\.|$)")
"""An ``uncertainty`` path that draws a provider's slots (or one month of them)."""


TARGETS_AT_LEAST = ("entries", "exits_placement", "exits_max_duration", "participants_at_end",
                    "slot_months", "passive_benefits_avoided")
"""Metrics a target reads as "at least" (with ``passive_benefits_avoided_<budget>``):
more slots serve more people, so they rise with the slots."""
TARGETS_AT_MOST = ("referrals_lost", "waiting_at_end")
"""Metrics a target reads as "at most": more slots take in more of the referrals, so
fewer are lost or left waiting. Other metrics (costs, funding, shares, ratios, cost per
entry, net costs, referrals, dropouts) are not moved one way by the slots toward what a
program wants, so a target on them is refused (a cost is a --cap's)."""


@dataclass(frozen=True)
class Constraint:
    """A cap (``metric`` = ``funding_<funder>``: at most, the most slots within it) or a
    target (the fewest slots reaching it: at least, or at most for ``TARGETS_AT_MOST``)."""

    label: str
    metric: str
    bound: float
    upper: bool
    """The bound is a ceiling (the Q-quantile at most the bound), else a floor (the
    (1-Q)-quantile at least the bound)."""
    target: bool = False
    """A target: met from the answer on up to --max-slots; a cap: from the floor up to it."""

    def level(self, q: float) -> float:
        """The quantile that must meet the bound: Q for a cap, 1 - Q for a target (to
        15 decimals: 1 - 0.9 is 0.1, not binary floating point's 0.09999999999999998)."""
        return q if self.upper else round(1.0 - q, 15)

    def met(self, values: np.ndarray, q: float) -> bool:
        value = quantile(values, self.level(q))
        return value <= self.bound if self.upper else value >= self.bound

    def values(self, candidate: Candidate) -> np.ndarray:
        """Per replication the figure the bound is on, as the search keeps it."""
        return candidate.metric(self.metric)


def _figure(result: RunResult, metric: str) -> np.ndarray:
    """Per replication the figure a constraint's ``metric`` names: the metric, or for a
    cap on a budget what the budget pays (``budget_paid``), which is no metric of its
    own (a ``Candidate`` keeps it under that name)."""
    if metric.startswith(BUDGET_PAID):
        return budget_paid(result, metric.removeprefix(BUDGET_PAID))
    return result.metric(metric)


BUDGET_PAID = "paid_"
"""A budget cap's ``Constraint.metric``: ``paid_<budget>``."""


def budget_paid(result: RunResult, budget: str) -> np.ndarray:
    """What ``budget`` pays for the program over the period in each replication, EUR:
    every funder's period total (``funding_<funder>``, whole cents) split among its
    budgets by its shares as the ledger splits a cent (``fiscal.split_paid``), the
    budget's parts added. The ledger splits each month's cents, so the fiscal balance's
    paid can differ from this by a few cents (under one a month and provider)."""
    scn = result.scenario
    cents = np.stack([to_cents(result.metric(f"funding_{f}")) for f in scn.funder_ids],
                     axis=-1)
    return paid_into(scn, budget, cents) / 100.0


def paid_into(scn: Scenario, budget: str, cents: np.ndarray) -> np.ndarray:
    """The whole cents ``budget`` gets of the funders' ``[..., funders]`` whole cents, as
    the ledger splits a funder's cents among its budgets (``fiscal.split_paid``)."""
    budgets = compile_budgets(scn)
    gap = np.zeros((*cents.shape[:-1], 1), dtype=np.int64)  # the gap is no budget's
    return split_paid(budgets, np.concatenate([cents, gap], axis=-1))[
        ..., budgets.names.index(budget)]


def amount(value: float, metric: str, lang: str = "en") -> str:
    """A constraint's figure in its metric's unit: money to the cent with EUR (a cap of
    1,739,649,943.2 read as a count), a rate or share in percent to one decimal (a
    target occupancy_rate=0.85 read 0.8), a count to one decimal."""
    if kind(metric) == "money":
        return f"{number(value, 2, lang)} EUR"
    return words.percent(value, 1, lang) if kind(metric) == "ratio" else number(value, 1, lang)


@dataclass(frozen=True)
class TooFew:
    """A bound inside the bootstrap interval of its quantile at the answer or at its
    neighbour across the boundary: the replications cannot tell the two apart."""

    replications: int
    answer: int
    other: int | None
    """The neighbour across the boundary; None when neither is in range."""
    check: dict
    """The row of ``Sizing.checks`` whose interval holds the bound."""

    def text(self, lang: str = "en", constraint: str | None = None,
             metric: str | None = None) -> str:
        """The warning in English (terminal, size.json) or German (a German page); a page
        passes the constraint and metric in its words (``html_size.constraint_text``),
        the terminal keeps the option and id as typed."""
        row = self.check
        constraint, metric = constraint or row["constraint"], metric or row["metric"]
        low, high = (amount(v, row["metric"], lang) for v in row["interval90"])
        level = words.level(row["quantile_level"], lang)
        bound = amount(row["bound"], row["metric"], lang)
        if lang == "en":
            versus = f"from {self.other}" if self.other is not None else "from its neighbours"
            few = ("1 replication is" if self.replications == 1 else
                   f"{self.replications} replications are")
            return (f"{few} too few to tell {counted(self.answer, 'slot', 'slots')} "
                    f"{versus} ({constraint}): at "
                    f"{counted(row['slots'], 'slot', 'slots')} the 90 % "
                    f"bootstrap interval of the {level} quantile of {metric} ({low} – "
                    f"{high}) contains {bound}; rerun with more --replications")
        versus = f"von {self.other}" if self.other is not None else "von den Nachbarwerten"
        level = words.level(row["quantile_level"], lang).replace(" %", "-%")  # das 90-%-Quantil
        few = ("1 Replikation reicht" if self.replications == 1 else
               f"{self.replications} Replikationen reichen")
        return (f"{few} nicht, um {counted(self.answer, 'Platz', 'Plätze')} "
                f"{versus} zu unterscheiden ({constraint}): bei "
                f"{counted(row['slots'], 'Platz', 'Plätzen')} "
                f"enthält das 90-%-Bootstrap-Intervall des {level}-Quantils von "
                f"{metric} ({low} – {high}) den Wert {bound}; mit mehr --replications "
                "erneut rechnen")


@dataclass(frozen=True)
class ReferralLimit:
    """A cap that holds up to --max-slots where every referral already finds a slot: the
    answer is only the search's upper end, and the slots beyond what the referrals fill
    stay empty (``--target`` refuses this case; a cap has still a plan to show)."""

    top: int
    occupancy: float
    """Mean share of the slots occupied at ``top``."""
    check: dict
    """The cap's row of ``Sizing.checks`` at ``top``."""

    def text(self, lang: str = "en", constraint: str | None = None) -> str:
        """The warning in English (terminal, size.json) or German (a German page)."""
        constraint = constraint or self.check["constraint"]
        share = words.percent(self.occupancy, 0, lang)
        if lang == "en":
            return (f"{constraint} holds up to --max-slots {self.top}, the search's upper "
                    f"end, not a limit the cap sets: at {self.top} slots every referral "
                    "finds a slot (none lost or waiting), so the referrals, not the slots, "
                    f"limit the cost (only {share} of the slots are occupied there, "
                    "mean); plan the scenario's own slots (without --cap), or raise "
                    "participants.referrals_per_month (or set it to on_demand)")
        return (f"{constraint} hält bis --max-slots {self.top}, dem oberen Ende der Suche, "
                f"nicht an einer Grenze, die sie setzt: bei {self.top} Plätzen findet jede "
                "Zuweisung einen Platz (keine verloren oder wartend), also begrenzen die "
                "Zuweisungen, "
                f"nicht die Plätze, die Kosten (nur {share} der Plätze sind dort im Mittel "
                "besetzt); die eigenen Plätze des Szenarios planen (ohne --cap) oder "
                "participants.referrals_per_month erhöhen (oder on_demand setzen)")


@dataclass(frozen=True)
class GivingUp:
    """A ``waiting_at_end`` target met at slots that lose referrals: with a finite
    patience nobody waits at the end because whoever finds no slot gives up, so an empty
    waiting list is reached with far fewer slots than the referrals need."""

    slots: int
    lost: float
    """Mean referrals lost at the answer."""
    referrals: float
    """Mean referrals at the answer."""
    quantile: float
    """The target's quantile of ``referrals_lost`` at the answer."""
    check: dict
    """The target's row of ``Sizing.checks`` at the answer."""

    @property
    def mostly_lost(self) -> bool:
        """Whether at least half the referrals are lost (``MOSTLY_LOST``): only then is
        the empty list said to come from giving up rather than from finding a slot."""
        return bool(self.referrals) and self.lost / self.referrals >= MOSTLY_LOST

    def text(self, lang: str = "en", constraint: str | None = None) -> str:
        """The warning in English (terminal, size.json) or German (a German page): the
        cause claimed where most referrals are lost, the share said where few are."""
        constraint = constraint or self.check["constraint"]
        lost, referrals = number(self.lost, 1, lang), number(self.referrals, 1, lang)
        share = words.percent(self.lost / self.referrals, 0, lang) if self.referrals else "–"
        at = number(self.quantile, 1, lang)
        level = words.level(self.check["quantile_level"], lang)
        if lang == "en":
            cause = ("because people give up, not because they find a slot: "
                     f"{lost} of {referrals} referrals are lost" if self.mostly_lost else
                     "though not only because people find a slot: "
                     f"{lost} of {referrals} referrals give up and are lost")
            return (f"{constraint}: at {counted(self.slots, 'slot', 'slots')} the waiting "
                    f"list is empty {cause} ({share}, mean; the {level} quantile {at}); add "
                    "a target on the lost referrals as well (--target referrals_lost=N)")
        level = level.replace(" %", "-%")
        cause = ("weil Zugewiesene aufgeben, nicht weil sie einen Platz finden: "
                 f"{lost} von {referrals} Zuweisungen gehen verloren" if self.mostly_lost else
                 "aber nicht nur, weil Zugewiesene einen Platz finden: "
                 f"{lost} von {referrals} Zuweisungen geben auf und gehen verloren")
        return (f"{constraint}: bei {counted(self.slots, 'Platz', 'Plätzen')} ist die "
                f"Warteliste leer, {cause} ({share}, Mittelwert; das {level}-Quantil {at}); "
                "zusätzlich ein Ziel für die verlorenen Zuweisungen setzen "
                "(--target referrals_lost=N)")


MOSTLY_LOST = 0.5
"""The share of referrals lost from which ``GivingUp`` says the list is empty because
people give up; below it, that some give up besides those who find a slot."""


@dataclass(frozen=True)
class PlannedSlots:
    """The answer's plan in slots, as a budget reads a size. The search's slots are the
    scenario's in its first month, scaled: for a program whose providers start in turn
    that is no count of any month that matters (595 in the first month of a plan with
    2,670 at its peak), so the answer says the scale and the plan's own peaks."""

    slots: int
    """The search's answer: the scenario's slots in ``own_month``, scaled."""
    own: int
    """The scenario's own slots in ``own_month`` (``reference_slots``)."""
    own_month: str
    peak: int
    """The plan's most slots in a month of the period, all providers."""
    peak_month: str
    """The period's first month with ``peak`` slots."""
    per_provider: dict[str, int]
    """Each provider's most slots in a month of the period: its own peak."""

    @property
    def scale(self) -> float:
        """Every provider's schedule is the scenario's times this (before rounding)."""
        return self.slots / self.own

    def text(self, per: str, lang: str = "en") -> str:
        """The answer in words after ``Slots:`` (terminal, page): the plan's peak, the
        scale, what the search's count is, and ``per``, each provider at its own peak
        as the caller lists them."""
        peak, share = number(self.peak, 0, lang), words.percent(self.scale, 1, lang)
        slots, own = number(self.slots, 0, lang), number(self.own, 0, lang)
        if lang == "en":
            return (f"{peak} at the peak ({self.peak_month}), every provider's schedule "
                    f"scaled to {share} ({slots} of the scenario's {own} slots in "
                    f"{self.own_month}, the count the search and --max-slots use); each "
                    f"at its own peak: {per}")
        peak_month, own_month = (words.month_words(m, lang)
                                 for m in (self.peak_month, self.own_month))
        return (f"{peak} zur Spitze ({peak_month}), der Plan jedes Trägers auf "
                f"{share} skaliert ({slots} der {own} Plätze des Szenarios im "
                f"{own_month}, die Zahl der Suche und von --max-slots); jeder zu "
                f"seiner eigenen Spitze: {per}")

    def record(self) -> dict:
        """size.json's keys beside ``slots`` and ``slots_per_provider``."""
        return {"scale": self.scale, "scenario_slots": self.own,
                "scenario_slots_month": self.own_month, "slots_at_peak": self.peak,
                "peak_month": self.peak_month}


def planned_slots(scn: Scenario, plan: Scenario, slots: int) -> PlannedSlots:
    """``PlannedSlots`` of ``plan``, the scenario ``scn`` sized to ``slots``."""
    own = scn.slots_in_force()
    planned = plan.slots_in_force()
    labels = month_labels(scn.period.start_month, scn.period.months)
    peak = int(np.argmax(planned.sum(axis=1)))
    return PlannedSlots(slots, reference_slots(scn), labels[reference_month(own)],
                        int(planned[peak].sum()), labels[peak],
                        {pid: int(planned[:, p].max()) for p, pid in enumerate(plan.provider_ids)})


@dataclass
class Sizing:
    """The answer of a search and the evidence for it."""

    slots: int
    planned: PlannedSlots
    confidence: float
    binding: list[str]
    checks: list[dict]
    too_few: list[TooFew]
    result: RunResult
    bounds: dict[str, int]
    limits: list[ReferralLimit] = field(default_factory=list)
    """Caps that the referrals, not the slots, keep up to --max-slots."""
    given_up: list[GivingUp] = field(default_factory=list)
    """A ``waiting_at_end`` target met while referrals are lost (people give up)."""

    @property
    def slots_per_provider(self) -> dict[str, int]:
        """Each provider's slots at its own peak in the plan (``PlannedSlots``)."""
        return self.planned.per_provider

    @property
    def warnings(self) -> list[str]:
        """The warnings in English (the terminal, ``size.json``)."""
        return [w.text() for w in [*self.limits, *self.given_up, *self.too_few]]

    @property
    def verdict(self) -> str:
        """What stops the answer, as the terminal's ``binding:`` says it; with nothing
        binding, the answer is an end of the search, not what a cap or target sets."""
        if self.binding:
            return ", ".join(self.binding)
        if "smallest_reaching_targets" in self.bounds:  # met already one slot fewer: the floor
            return "none: the targets are reached already at the fewest slots searched"
        if self.limits:
            return ("none up to --max-slots, the search's upper end: the referrals, not the "
                    "slots, limit the cost (see the warning)")
        return "none up to --max-slots"

    @property
    def unbound(self) -> list[str]:
        """The line that says no cap binds (the terminal says it in ``binding:``): the
        answer is only the search's upper end; none where a constraint binds, where
        ``limits`` already warns of it, or with targets (met at the fewest slots, the
        answer is what they need)."""
        if self.binding or self.limits or "smallest_reaching_targets" in self.bounds:
            return []
        return [f"binding: {self.verdict}: {counted(self.slots, 'slot', 'slots')} is the "
                "search's upper end, not what the caps allow; raise --max-slots to search "
                "further"]


def check_confidence(q: float) -> float:
    if not 0.0 < q < 1.0:
        raise ScenarioError([Problem("--confidence", "", "must lie strictly between 0 and 1, "
                                     "e.g. 0.9 for 90 %", q)])
    return q


PERIOD_SET = {"start": ("the first month", "it moves the program's own start (from which "
                         "the warm-up runs), not the period planned"),
              "months": ("the length", "it is replaced by --months")}
"""Per key of ``period`` that size's --start/--months give: what it is, and what a
``--set`` of it too would do."""


def refuse_period_sets(sets: list[Override] | tuple[Override, ...], file: str,
                       given: tuple[str, ...] = ("start", "months")) -> None:
    """Refuse a ``--set`` of ``period.start`` or ``period.months`` (or a ``period``
    mapping holding it) next to --start/--months (``given``: those given): the period
    planned is theirs, so the set value was lost or, for the start, silently planned
    another program (no warm-up). One line per value, before any work."""
    problems = []
    for override in sets:
        option, text = override if isinstance(override, tuple) else (None, override)
        try:
            path, value = parse_set(text, option or "--set")
        except ScenarioError:
            continue  # refused with the others as the scenario loads
        block = value if path == "period" and isinstance(value, dict) else {}
        for key in given:
            if path == f"period.{key}" or key in block:
                what, effect = PERIOD_SET[key]
                problems.append(Problem(
                    option or f"{file}{SET}", f"period.{key}", "size plans the period of "
                    f"--start/--months; set here too, {effect}; give {what} as "
                    f"--{key} alone, not in --set", block.get(key, value)))
    if problems:
        raise ScenarioError(problems)


def move_period(scn: Scenario, start: str, months: int) -> Scenario:
    """The scenario over another period; schedules keep their dates (before the
    first key the first value holds, after the last key the last).

    A program keeps going: when the new period starts after the scenario's own start,
    it is simulated from its own start (``period.simulate_from``) and the state at the
    new start (who is in the slots, with what tenure, who waits) carries over. Actual
    spells whose ``as_of`` lies before the new start make the warm-up's first months
    (its own ``initial`` then plays no part, as in any re-forecast); with ``as_of`` in
    the new period they are its actual months. A caseload file already says who is
    there at the start, so it is used instead of a warm-up; the file's price base is
    then kept as ``prices.base_year``, so plain money values stay in the prices the file
    is written in (docs/prices.md). A new start before the scenario's own keeps that
    price base too: otherwise every plain money value would silently be read as prices
    of the earlier year.
    """
    data = reloadable_data(scn)
    own = scn.period.simulate_from or scn.period.start
    period = {"start": start, "months": months}
    new = Month.parse(check_start(start))
    warm_actuals = scn.actuals is not None and Month.parse(scn.actuals.as_of) < new
    if warm_actuals:  # a warm-up through the actual spells up to as_of
        period["simulate_from"] = own
        data["participants"]["initial"] = 0
    elif new > Month.parse(own):
        if is_file_value(scn.participants.initial) or scn.actuals is not None:
            data.setdefault("prices", {})["base_year"] = base_year(scn)  # who is there: the file
        else:
            period["simulate_from"] = own
    elif new < Month.parse(own):  # earlier: the file's prices stay the file's (as run warns)
        data.setdefault("prices", {})["base_year"] = base_year(scn)
    if scn.actuals is not None and not warm_actuals \
            and Month.parse(scn.actuals.as_of) - new > months:
        last = new + (months - 1)
        raise ScenarioError([Problem(
            "--start", "", f"the scenario is a re-forecast from actuals (actuals.as_of "
            f"{scn.actuals.as_of}), which must lie in the planned period {new} to {last} "
            "(or be the month after it, or before its start: the program then runs "
            "through the actual spells up to it); plan a period that holds it, or leave "
            "out the actuals", f"{start} + {counted(months, 'month', 'months')}")])
    if scn.actuals is not None and scn.actuals.booked is not None and not warm_actuals \
            and Month.parse(scn.actuals.as_of) <= new:
        raise ScenarioError([Problem(
            "actuals.booked", "", f"the plan from {new} has no actual month (actuals.as_of "
            f"{scn.actuals.as_of}), so booked costs have nothing to replace: leave out "
            "--booked (or actuals.booked), or start the plan later, where the program runs "
            "through the actual spells", Path(scn.actuals.booked).name)])
    data["period"] = period
    moved = carry_private(scn, scenario_from_dict(data, "--start/--months", datafiles.of(scn)))
    if new > Month.parse(own) and "simulate_from" not in period:
        moved._ran_from = own  # a caseload or the actual spells stand for the months before
    return moved


def check_start(start: str) -> str:
    try:
        return str(Month.parse(start))
    except ValueError as err:
        raise ScenarioError([Problem("--start", "", str(err), start)]) from None


def _pairs(texts: tuple[str, ...] | list[str], option: str, known: list[str],
           kind: str, listed: str = "the rows of summary.csv") -> list[tuple[str, float]]:
    """``NAME=NUMBER`` pairs with known names; every mistake reported at once;
    ``listed``: the known names as an unknown one's line lists them."""
    pairs, problems = [], []
    for text in texts:
        name, sep, raw = (part.strip() for part in text.partition("="))
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if sep and name and (why := thousands(raw)):  # 500.000 would be 500 EUR
            problems.append(Problem(option, name, why, text))
        elif not (sep and name and np.isfinite(value) and value >= 0):
            example = "land_esf=500000" if option == "--cap" else "exits_placement=60"
            problems.append(Problem(option, "", "expected NAME=NUMBER (a finite number >= 0), "
                                    f"e.g. {option} {example}", text,
                                    hint=comma_hint(raw if sep else name)))
        elif name not in known:
            hint = suggest(name, known) or f"known: {listed}"
            problems.append(Problem(option, name, f"unknown {kind}", hint=hint,
                                    show_value=False))
        pairs.append((name, value))
    if problems:
        raise ScenarioError(problems)
    return pairs


def parse_caps(texts: tuple[str, ...] | list[str], scn: Scenario) -> list[Constraint]:
    """``FUNDER=EUR`` -> caps on the funder's total over the period, ``BUDGET=EUR`` on
    what the budget pays over the period (its part of every funder paying into it:
    ``budget_paid``); ``funder:NAME``/``budget:NAME`` say which where a name is both and
    they pay different amounts. A cap at or above what the funder's own
    ``cap_total``/``cap_per_year`` ever lets it pay is refused: it could never bind, and
    the search would quietly answer --max-slots."""
    budgets = paying_budgets(scn)
    known = [*scn.funder_ids, *(b for b in budgets if b not in scn.funder_ids),
             *(f"{FUNDER}{f}" for f in scn.funder_ids), *(f"{BUDGET}{b}" for b in budgets)]
    listed = (f"funders {', '.join(scn.funder_ids)}; budgets {', '.join(budgets)}")
    pairs = _pairs(texts, "--cap", known, "funder or budget", listed)
    caps, problems = [], []
    for name, value in pairs:
        try:
            metric = cap_metric(scn, name)
        except ValueError as err:
            problems.append(Problem("--cap", name, str(err), show_value=False))
            continue
        if metric.startswith("funding_"):
            problems.append(_never_binds(scn, metric.removeprefix("funding_"), value))
        else:
            problems.append(_budget_never_binds(scn, name, metric.removeprefix(BUDGET_PAID),
                                                value))
        caps.append(Constraint(f"cap {name}={value:.15g}", metric, value, True))
    if any(problems):
        raise ScenarioError([p for p in problems if p is not None])
    return caps


FUNDER, BUDGET = "funder:", "budget:"
"""The prefixes of a --cap name that say whether it is a funder's or a budget's."""


def paying_budgets(scn: Scenario) -> list[str]:
    """The budgets some funder pays into, in the fiscal balance's order (a payer's or a
    returns' budget alone pays nothing for the program: no cap can hold it)."""
    paying = {b for f in scn.funding for b in f.budget_shares}
    return [b for b in compile_budgets(scn).names if b in paying]


def budget_payers(scn: Scenario, budget: str) -> str:
    """Who pays into ``budget`` and with what share: ``land_esf 60 %``."""
    return ", ".join(f.id if f.budget_shares[budget] == 1.0 else
                     f"{f.id} {_share(f.budget_shares[budget])}"
                     for f in scn.funding if budget in f.budget_shares)


def _share(share: float) -> str:
    """A funder's share of a budget as ``--cap``'s lines write it: ``60 %``."""
    return f"{share:.0%}".replace("%", " %")


def cap_metric(scn: Scenario, name: str) -> str:
    """The figure a --cap name holds: ``funding_<funder>`` or ``paid_<budget>``
    (``BUDGET_PAID``). A name that is both, where the funder pays all its money into
    that budget and no other funder does, is one amount (a public funder's own budget);
    otherwise the two differ, and ValueError says how to tell which."""
    if name.startswith(FUNDER):
        return f"funding_{name.removeprefix(FUNDER)}"
    if name.startswith(BUDGET):
        return f"{BUDGET_PAID}{name.removeprefix(BUDGET)}"
    budget = name in paying_budgets(scn)
    if name not in scn.funder_ids:
        return f"{BUDGET_PAID}{name}"
    own = next(f for f in scn.funding if f.id == name).budget_shares == {name: 1.0}
    if not budget or own and budget_payers(scn, name) == name:
        return f"funding_{name}"
    raise ValueError(f"is both a funder and a budget (paid by {budget_payers(scn, name)}), "
                     f"which pay different amounts: write {FUNDER}{name}=EUR for the funder's "
                     f"total or {BUDGET}{name}=EUR for what the budget pays")


def own_ceiling(scn: Scenario, funder_id: str) -> tuple[float, str] | None:
    """The most the funder's own caps let it pay over the period (EUR, whole cents as the
    ledger holds them) and which cap that is: its ``cap_total``, or its ``cap_per_year``
    summed over the period's calendar years, whichever is lower; None without either."""
    funder = next(f for f in compile_funding(scn).funders
                  if scn.funder_ids[f.index] == funder_id)
    found = []
    if funder.cap_total is not None:
        found.append((funder.cap_total / 100, "cap_total"))
    if funder.cap_per_year is not None:
        first = year_starts(scn.period.start_month, scn.period.months)
        found.append((float(funder.cap_per_year[first].sum()) / 100,
                      "cap_per_year, summed over the period's calendar years"))
    return min(found) if found else None


def _never_binds(scn: Scenario, name: str, value: float) -> Problem | None:
    """The refusal of a --cap the funder's own caps already keep it within, or on a
    funder its dates keep out of the period; none where ``uncertainty`` draws one of its
    caps (a draw may lift it above the --cap)."""
    if (outside := _pays_in_no_month(scn, name, value)) is not None:
        return outside
    ceiling = own_ceiling(scn, name)
    if ceiling is None or ceiling[0] > value or _cap_drawn(scn, name):
        return None
    eur, which = ceiling
    return Problem("--cap", name, f"{value:,.2f} EUR can never bind: the scenario's own "
                   f"funding.{name} {which} ({eur:,.2f} EUR) already holds its period total "
                   "within it at every size, so the search would only answer --max-slots; "
                   f"give a --cap below {eur:,.2f} or raise the scenario's cap",
                   show_value=False)


def _cap_drawn(scn: Scenario, funder: str) -> bool:
    """Whether ``uncertainty`` draws one of the funder's caps (a draw may lift it above
    any --cap, so no --cap on it or its budgets is refused as never binding)."""
    return any(path.startswith(f"funding.{funder}.cap_") for path in scn.uncertainty)


def budget_ceiling(scn: Scenario, budget: str) -> tuple[float, list[str]] | None:
    """The most the caps of the funders paying into ``budget`` let it get over the period
    (EUR: each funder's ``own_ceiling`` split among its budgets as the ledger splits its
    cents) and those caps in words; None where a funder paying into it has no cap of its
    own, or ``uncertainty`` draws one (a draw may lift it above any --cap); a funder
    that pays in no month of the period adds 0, capped or not."""
    labels = month_labels(scn.period.start_month, scn.period.months)
    ceilings, caps = [], []
    for funder in scn.funding:
        if budget not in funder.budget_shares or not _pays_in(funder, labels):
            ceilings.append(0)
            continue
        ceiling = own_ceiling(scn, funder.id)
        if ceiling is None or _cap_drawn(scn, funder.id):
            return None
        eur, which = ceiling
        share = funder.budget_shares[budget]
        part = "" if share == 1.0 else f", {_share(share)} to {budget}"
        ceilings.append(int(round(eur * 100)))
        caps.append(f"funding.{funder.id} {which} ({eur:,.2f} EUR{part})")
    return float(paid_into(scn, budget, np.array(ceilings, dtype=np.int64))) / 100, caps


def _budget_never_binds(scn: Scenario, name: str, budget: str, value: float) -> Problem | None:
    """The refusal of a --cap on a budget that its funders' own caps already keep within:
    as ``_never_binds`` for a funder, and one its funders pay nothing into in the period."""
    if (idle := _budget_paid_in_no_month(scn, name, budget, value)) is not None:
        return idle
    found = budget_ceiling(scn, budget)
    if found is None or found[0] > value:
        return None
    eur, caps = found
    one = len(caps) == 1
    return Problem("--cap", name, f"{value:,.2f} EUR can never bind: the scenario's own "
                   f"{' and '.join(caps)} already {'holds' if one else 'hold'} what budget "
                   f"{budget} gets within {eur:,.2f} EUR at every size, so the search would "
                   f"only answer --max-slots; give a --cap below {eur:,.2f} or raise the "
                   f"scenario's {'cap' if one else 'caps'}", show_value=False)


def _pays_in_no_month(scn: Scenario, name: str, value: float) -> Problem | None:
    """The refusal of a --cap on a funder that pays in no month of the period, whatever
    keeps it out (``from``, ``until``, rules by date from after it: ``Funder.pays_in``):
    it pays 0 at every size, so no cap can bind and the search would quietly answer
    --max-slots; the line names the funders that do pay in the period."""
    labels = month_labels(scn.period.start_month, scn.period.months)
    funder = next(f for f in scn.funding if f.id == name)
    if _pays_in(funder, labels):
        return None
    paying = [f.id for f in scn.funding if _pays_in(f, labels)]
    instead = (f"cap a funder that pays in it ({', '.join(paying)})" if paying
               else "move the period (--start, --months) into its dates")
    return _idle_problem(name, value, f"funding.{name} ({funder.dates_said}) pays", labels,
                         "it pays", instead)


def _budget_paid_in_no_month(scn: Scenario, name: str, budget: str,
                             value: float) -> Problem | None:
    """The refusal of a --cap on a budget whose every funder pays in no month of the
    period (as ``_pays_in_no_month`` for a funder): it gets 0 at every size; the line
    names the budgets a funder paying in the period pays into."""
    labels = month_labels(scn.period.start_month, scn.period.months)
    funders = [f for f in scn.funding if budget in f.budget_shares]
    if any(_pays_in(f, labels) for f in funders):
        return None
    idle = " and ".join(f"funding.{f.id} ({f.dates_said})" for f in funders)
    paid = [b for b in paying_budgets(scn)
            if any(b in f.budget_shares and _pays_in(f, labels) for f in scn.funding)]
    instead = (f"cap a budget that is paid in it ({', '.join(paid)})" if paid
               else "move the period (--start, --months) into its funders' dates")
    return _idle_problem(name, value, f"budget {budget} is paid only by {idle}, which "
                         f"{'pays' if len(funders) == 1 else 'pay'}", labels, "it gets",
                         instead)


def _idle_problem(name: str, value: float, who: str, labels: list[str], gets: str,
                  instead: str) -> Problem:
    """The one line of a --cap on a funder or budget that gets nothing in the period."""
    return Problem("--cap", name, f"{value:,.2f} EUR can never bind: {who} in no month of "
                   f"the period {labels[0]} to {labels[-1]}, so {gets} 0 at every size and "
                   f"the search would only answer --max-slots; {instead}", show_value=False)


def _pays_in(funder: Funder, months: list[str]) -> bool:
    """Whether the funder pays in one of ``months`` (``Funder.pays_in``)."""
    return any(funder.pays_in(month) for month in months)


def parse_targets(texts: tuple[str, ...] | list[str], scn: Scenario) -> list[Constraint]:
    """``METRIC=VALUE`` -> targets the metric must reach: at least VALUE, or at most
    VALUE for a metric that more slots lower (``TARGETS_AT_MOST``); a metric the slots
    do not move toward a target is refused, all in one go."""
    pairs = _pairs(texts, "--target", metric_names(scn), "metric")
    problems = [Problem("--target", name, "a target accepts only "
                        f"{', '.join(accepted_targets(scn))} (at most for "
                        f"{' and '.join(TARGETS_AT_MOST)}, at least for the others): more "
                        "slots move only these toward a target; a cost is kept with --cap",
                        show_value=False)
                for name, _ in pairs if _target_way(name) is None]
    if problems:
        raise ScenarioError(problems)
    return [Constraint(f"target {name}{'<=' if _target_way(name) else '='}{value:.15g}",
                       name, value, bool(_target_way(name)), True)
            for name, value in pairs]


def _target_way(metric: str) -> bool | None:
    """True for a target read as "at most", False as "at least", None if refused."""
    if metric in TARGETS_AT_MOST:
        return True
    if metric in TARGETS_AT_LEAST or metric.startswith("passive_benefits_avoided_"):
        return False
    return None


def accepted_targets(scn: Scenario) -> list[str]:
    """The scenario's metrics a target accepts, in summary.csv's order."""
    return [m for m in metric_names(scn) if _target_way(m) is not None]


def reference_slots(scn: Scenario) -> int:
    """The scenario's size: slots in the first month, or in the peak month if none then."""
    slots = scn.slots_in_force()
    return int(round(slots[reference_month(slots)].sum()))


def reference_month(slots: np.ndarray) -> int:
    """Which month of ``[months, providers]`` slots sizes the scenario: the first, or the
    peak month if the first has none."""
    totals = slots.sum(axis=1)
    return 0 if totals[0] > 0 else int(np.argmax(totals))


def simulated_months(scn: Scenario) -> tuple[Month, int]:
    """The first simulated month and how many: the warm-up (``simulate_from``) and the
    period."""
    period = scn.period
    return Month.parse(period.simulate_from or period.start), \
        period.warm_up_months + period.months


def scaled_slots(scn: Scenario, total: int) -> np.ndarray:
    """``[simulated months, providers]`` whole slots at the scale ``total`` /
    ``reference_slots``: each provider's own slots in each month times the scale, half
    up (``draws.half_up``, as a ``scale: true`` draw of slots runs), the warm-up months
    first, scaled alike; so a provider's slots change only on its own dates, and never
    fall as the total grows: every total from the fewest that hold the people already
    in the program (``slots_held``) up holds them (the search's lower bound)."""
    exact = own_slots(scn) * total / reference_slots(scn)  # x.5 stays exact: half up
    return half_up(exact).astype(np.int64)


def own_slots(scn: Scenario) -> np.ndarray:
    """``[simulated months, providers]``: the scenario's own slots in force, the warm-up's
    months first: what a candidate scales."""
    parts = [part for part in (scn.warm_up(), scn) if part is not None]
    return np.concatenate([part.slots_in_force() for part in parts])


def slots_held(scn: Scenario) -> np.ndarray:
    """``[simulated months, providers]``: the fewest slots each provider needs in each
    month for the people the program already has: everyone in a slot in each month of
    the actual spells before ``as_of`` (the warm-up's, with one), as the candidate's own
    check counts them (``slots_needed``), and from then on whoever is still in
    (``carried``) until their maximum exit; 0 elsewhere."""
    held = np.zeros((simulated_months(scn)[1], len(scn.providers)), dtype=np.int64)
    if scn.actuals is not None:
        past = scn.warm_up() or scn  # from the first simulated month, as held is
        months = max(past.as_of, 1)
        held[:months] = slots_needed(actual_rows(Path(past.actuals.spells), past), months)
    for people, _ in carried(scn):
        held = np.maximum(held, slots_needed(people, held.shape[0]))
    return held


def carried(scn: Scenario) -> list[tuple[Caseload, str]]:
    """The people a running program carries into its simulated months, each leaving at
    their maximum exit (``carried_over``), with when they were in: those in a slot at
    ``as_of`` (the warm-up's, with one), and a caseload file's people at the start (never
    with a warm-up). A plan keeps a slot for each while they may still be employed."""
    found = []
    if scn.actuals is not None:
        past = scn.warm_up() or scn
        people = actual_rows(Path(past.actuals.spells), past)
        found.append((carried_over(people, max_months(past), float(past.as_of)),
                      f"actuals.as_of {past.actuals.as_of}"))
    if is_file_value(scn.participants.initial):
        people = file_rows(scn, scn.participants.initial)
        found.append((carried_over(people, max_months(scn), 0.0),
                      f"the period start {scn.period.start}"))
    return found


def with_slots(scn: Scenario, total: int) -> Scenario:
    """The scenario at the scale of ``total`` slots (``scaled_slots``: schedules kept on
    their dates, the warm-up's too); only the slots are checked again. The slots the
    user wrote are kept aside (``_own_slots``): the warnings on schedules speak of those,
    not of the search's scaled ones."""
    matrix = scaled_slots(scn, total)
    labels = month_labels(*simulated_months(scn))
    new = replaced(scn, {f"providers.{p.id}.slots": _as_schedule(matrix[:, k], labels)
                         for k, p in enumerate(scn.providers)}, "--max-slots")
    new._own_slots = scn._own_slots or {f"providers.{p.id}.slots": p.slots
                                        for p in scn.providers}
    return new


def _as_schedule(values: np.ndarray, labels: list[str]) -> int | dict[str, int]:
    if np.all(values == values[0]):
        return int(values[0])
    return {labels[m]: int(values[m]) for m in range(len(values))
            if m == 0 or values[m] != values[m - 1]}


def bootstrap_interval(values: np.ndarray, level: float, seed: int,
                       width: float = 0.9) -> tuple[float, float]:
    """The quantile's own ``width`` interval over bootstrap resamples of the replications."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2,)))
    values = values[~np.isnan(values)]
    picks = rng.integers(0, len(values), size=(BOOTSTRAP, len(values)))
    estimates = np.quantile(values[picks], level, axis=1)
    tail = (1.0 - width) / 2
    low, high = np.quantile(estimates, [tail, 1.0 - tail])
    return float(low), float(high)


SEARCH_METRICS = ("occupancy_rate", "referrals_lost", "waiting_at_end")
"""The metrics the search reads besides its constraints' (``all_placed``,
``_referral_limits``, ``_target_fix``): kept for every candidate."""


@dataclass(frozen=True)
class Candidate:
    """What a search keeps of a candidate it ran: the per-replication values of the
    metrics it reads (its constraints' and ``SEARCH_METRICS``). A whole ``RunResult``
    holds a national program's ledger and sample, tens of MiB, and a search runs some 20
    candidates; the memory estimate counts one."""

    values: dict[str, np.ndarray]

    @classmethod
    def of(cls, result: RunResult, names: tuple[str, ...]) -> Candidate:
        """The columns ``names`` of ``result``, copied: a view would keep its whole
        block, and with it the result, alive."""
        return cls({name: _figure(result, name).copy() for name in names})

    def metric(self, name: str) -> np.ndarray:
        return self.values[name]

    def metric_mean(self, name: str) -> float:
        """As ``RunResult.metric_mean``: the mean over the replications that define it."""
        return float(defined_mean(self.values[name]))


class Search:
    """Runs candidates on the same seeds, each slot count once, and keeps of each only
    its ``Candidate``; the whole result only of the one held (``hold``: the answer so
    far) and of the one run last, so memory stays that of the largest candidate's run
    and one more result, not of every candidate's."""

    def __init__(self, scn: Scenario, replications: int, seed: int, uncertainty: bool,
                 jobs: Jobs, progress: ProgressFactory | None,
                 metrics: tuple[str, ...] = ()) -> None:
        self.scn, self.replications, self.seed = scn, replications, seed
        self.uncertainty, self.jobs, self.progress = uncertainty, jobs, progress
        self.metrics = tuple(dict.fromkeys([*metrics, *SEARCH_METRICS]))
        """The metrics kept of every candidate: the constraints' and ``SEARCH_METRICS``."""
        self.results: dict[int, Candidate] = {}
        self.whole: dict[int, RunResult] = {}
        """Whole results: of the candidate held and of the one run last, at most."""
        self.held: int | None = None
        self.program = compile_program(scn)
        """Compiled once; a candidate recompiles only what its slots change."""
        self.programs: dict[int, Program] = {}
        """Each candidate compiled once for the fits check and its run alike, until it
        runs (about 2 MiB each at national scale)."""
        self.refused: dict[int, Problem] = {}
        """Why a candidate does not fit: the first line of its refusal."""
        self.carried = carried(scn)
        """The people the program carries over, each to their maximum exit."""

    def __call__(self, slots: int) -> Candidate:
        if slots not in self.results:
            self.result(slots)
        return self.results[slots]

    def result(self, slots: int) -> RunResult:
        """The whole result of ``slots``: kept if it is held or was run last, else run
        (again: the same seeds give the same result). Any other whole result is let go
        first, so no more than two are ever alive."""
        if slots not in self.whole:
            self._let_go(keep=self.held)
            program = self._compiled(slots)
            spec = RunSpec(program.scenario, self.replications, self.seed, self.uncertainty,
                           program)
            self.whole[slots] = self._run(spec, counted(slots, "slot", "slots"))
            del self.programs[slots]  # kept by the whole result; compiled again for a rerun
            self.results.setdefault(slots, Candidate.of(self.whole[slots], self.metrics))
        return self.whole[slots]

    def hold(self, slots: int) -> None:
        """Keep the whole result of ``slots`` (the answer so far, which the plan, the
        page and size.json are made of) and let the one held before go; a candidate
        whose result has gone already is run again when ``result`` asks for it."""
        self.held = slots
        self._let_go(keep=slots)

    def _let_go(self, keep: int | None) -> None:
        for slots in [s for s in self.whole if s != keep]:
            del self.whole[slots]

    def fits(self, slots: int) -> bool:
        """Whether ``slots`` hold the people a running program already has (its caseload
        or actual spells), checked against the candidate's slots: the file's own check of
        its months, then those carried over until their maximum exit (a draw of fewer
        slots dismisses nobody; a plan never has fewer slots than people)."""
        try:
            self._compiled(slots)
            matrix = scaled_slots(self.scn, slots)
            for people, since in self.carried:
                check_carried(people, matrix, since)
        except ScenarioError as err:
            self.refused[slots] = err.problems[0]
            return False
        return True

    def _compiled(self, slots: int) -> Program:
        """The candidate with ``slots``: only what its slots change compiled again."""
        if slots not in self.programs:
            scn = with_slots(self.scn, slots)
            if is_file_value(scn.participants.initial):
                starting_caseload(scn)  # checked against the candidate's slots
            self.programs[slots] = self.program.recompiled(
                scn, [f"providers.{p.id}.slots" for p in scn.providers])
        return self.programs[slots]

    def _run(self, spec: RunSpec, label: str) -> RunResult:
        if self.progress is None:
            return run(spec, self.jobs)
        with self.progress(spec.replications, label) as update:
            return run(spec, self.jobs, update)

    def met(self, constraints: list[Constraint], slots: int, q: float) -> bool:
        result = self(slots)
        return all(c.met(c.values(result), q) for c in constraints)


def fewest_that_fit(search: Search, top: int) -> int:
    """The fewest slots that hold the people a running program already has: 1 for a
    program that starts empty; fewer would dismiss people, which finsim never does."""
    if search.fits(1):
        return 1
    if not search.fits(top):  # --max-slots below the caseload: say so, then which people
        try:
            search(top)  # the caseload's own refusal: which people, where, when
        except ScenarioError as err:
            raise ScenarioError([Problem("--max-slots", "", "too few to hold the people "
                                         "already in the program (below); raise it", top),
                                 *err.problems]) from None
    low, high = 1, top  # low does not fit, high does
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if search.fits(mid) else (mid, high)
    return high


def _bisect(search: Search, constraints: list[Constraint], q: float, floor: int, top: int,
            upper: bool) -> int:
    """Caps (``upper``) hold from ``floor`` (the fewest slots that hold the people
    already in the program) up to the answer; targets from the answer up to top."""
    good, bad = (floor, top) if upper else (top, floor)
    if not _holds(search, constraints, good, q):
        raise _impossible(search, constraints, q, good, floor)
    if _holds(search, constraints, bad, q):
        return bad
    low, high = floor, top
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if _holds(search, constraints, mid, q) == upper else (low, mid)
    return low if upper else high


def _holds(search: Search, constraints: list[Constraint], slots: int, q: float) -> bool:
    """Whether ``slots`` meet the constraints; if so, they are the bisection's answer so
    far (it moves only to candidates that meet them), so their whole result is held."""
    met = search.met(constraints, slots, q)
    if met:
        search.hold(slots)
    return met


def _impossible(search: Search, constraints: list[Constraint], q: float,
                slots: int, floor: int) -> ScenarioError:
    """One line per constraint that fails even at the most favourable end."""
    result, problems = search(slots), []
    for c in (c for c in constraints if not c.met(c.values(result), q)):
        option, what = c.label.split(" ", 1)
        value = quantile(c.values(result), c.level(q))
        level = words.level(c.level(q))
        there = (f"its {level} quantile there is "
                 + (f"{value:,.1f}" if c.target else f"{number(value, 2, 'en')} EUR"))
        text = (f"cannot be kept with probability {q:g} even with "
                f"{counted(floor, 'slot', 'slots')} ({there}){_floor_reason(search, floor)}"
                if not c.target else
                f"cannot be reached with probability {q:g} even at --max-slots {slots} "
                f"({there}); {_target_fix(search, c, q, slots, value)}")
        problems.append(Problem(f"--{option}", what, text, show_value=False))
    return ScenarioError(problems)


def _floor_reason(search: Search, floor: int) -> str:
    """Why the search starts at ``floor``, and what to do (after ``; ``): the people the
    program already has (a caseload file's at the start, or the actual spells' in each
    month up to ``as_of``, warm-up included, and those still in then) until their
    maximum exit (``_held_words``); one
    slot fewer leaves a provider fewer slots than those people in a month, the line names
    which. Where the schedule's own cut below them sets the floor (``shape_binds``), the
    floor is that shape scaled up, not the fewest slots that hold them: say so."""
    refused = search.refused.get(floor - 1)
    if floor == 1 or refused is None:
        return "; raise the cap"
    short = f"(with {floor - 1}: {refused.message})"
    binding = shape_binds(search.scn)
    if binding is None:
        return (f": the fewest that hold the people already in the program, "
                f"{_held_words(search.scn, Path(refused.file).name)} {short}; raise the cap")
    return (f": the schedule falls to {counted(binding.slots, 'slot', 'slots')} in "
            f"{binding.month} ({binding.provider} {binding.provider_slots}), below the "
            f"{counted(binding.people, 'person', 'people')} already in the program who may "
            "still be in then, up to their maximum exit "
            f"({binding.provider} {binding.provider_people}), so "
            f"only the whole schedule scaled to {floor} holds them {short}; {floor} is this "
            f"schedule's shape, not the fewest slots that hold them ({binding.flat} flat "
            "would): cut the slots only as people reach their maximum exits (or plan with "
            "the slots flat), then size again")


def _held_words(scn: Scenario, name: str) -> str:
    """Who ``slots_held`` keeps a slot for, by the file ``name`` that one slot fewer
    cannot hold: actual spells have months (each up to ``as_of``); a caseload file is
    the state at the period start, its people kept until their maximum exit."""
    if scn.actuals is not None:
        as_of = (scn.warm_up() or scn).actuals.as_of
        return (f"everyone in a slot in each month of {name} up to --as-of {as_of} and "
                "whoever is still in then until their maximum exit")
    return (f"everyone {name} puts in a slot at the period start {scn.period.start}, until "
            "their maximum exit")


@dataclass(frozen=True)
class ShapeBinds:
    """The month where a schedule's cut sets the search's floor (``shape_binds``)."""

    month: str
    """The binding month, YYYY-MM."""
    slots: int
    """The scenario's own slots then, all providers."""
    people: int
    """The people the program already has then (``slots_held``), all providers."""
    provider: str
    """The provider most short of its people then."""
    provider_slots: int
    provider_people: int
    flat: int
    """The fewest slots, the same in every month, that hold the people in all months."""


def shape_binds(scn: Scenario) -> ShapeBinds | None:
    """Where the scenario's own schedule, cut below the reference size, falls below the
    people the program already has (to their maximum exits) most in proportion: a
    candidate scales the whole schedule, so that month alone lifts the search's floor to
    its own slots scaled until they hold those people, far above the people themselves.
    None where no such month binds (the floor is the people, as for a flat schedule)."""
    own, held = own_slots(scn), slots_held(scn)
    totals, needed = own.sum(axis=1), held.sum(axis=1)
    ratio = np.where(totals > 0, needed / np.maximum(totals, 1),
                     np.where(needed > 0, np.inf, 0.0))
    m = int(np.argmax(ratio))
    if not (needed[m] > totals[m] and totals[m] < reference_slots(scn)):
        return None
    p = int(np.argmax(held[m] - own[m]))
    first, _ = simulated_months(scn)
    return ShapeBinds(str(first + m), int(totals[m]), int(needed[m]), scn.provider_ids[p],
                      int(own[m, p]), int(held[m, p]), int(needed.max()))


def _target_fix(search: Search, c: Constraint, q: float, top: int, value: float) -> str:
    """What to do about a target missed at --max-slots: more slots, unless the referrals,
    not the slots, limit it (``_referral_limit``); then more slots stay empty."""
    if c.upper:  # fewer lost or waiting: only more slots help, never more referrals
        return "raise --max-slots or raise the target"
    why = _referral_limit(search, c, q, top, value)
    if why is None:
        return "raise --max-slots or lower the target"
    occupied = search(top).metric_mean("occupancy_rate")
    return (f"{why}, so the referrals, not the slots, limit it (only {occupied:.0%} of the "
            f"slots are occupied there, mean): raise participants.referrals_per_month (or "
            "--set participants.referrals_per_month=on_demand) or lower the target")


def _referral_limit(search: Search, c: Constraint, q: float, top: int,
                    value: float) -> str | None:
    """Why more slots cannot help, if they cannot: at --max-slots every referral finds a
    slot in every replication (none lost, none waiting at the end), so further slots stay
    empty and change nothing; or the metric there is no better than at the scenario's
    own slots. None where people still wait or are lost for want of a slot, and with
    ``on_demand`` referrals (nobody ever waits: every slot added is filled)."""
    if all_placed(search, top):
        return f"at --max-slots {top} every referral finds a slot (none lost or waiting)"
    own = reference_slots(search.scn)
    if own < top and value <= quantile(c.values(search(own)), c.level(q)):
        return f"it is no better than at the scenario's {own} slots"
    return None


def all_placed(search: Search, slots: int) -> bool:
    """Every referral finds a slot at ``slots`` in every replication (none lost, none
    waiting at the end), so further slots stay empty; never with ``on_demand`` referrals,
    which fill every slot added."""
    result = search(slots)
    on_demand = search.scn.participants.referrals_per_month == ON_DEMAND
    return not (on_demand or result.metric("referrals_lost").any()
                or result.metric("waiting_at_end").any())


def _referral_limits(search: Search, caps: list[Constraint], answer: int, top: int,
                     checks: list[dict]) -> list[ReferralLimit]:
    """The caps whose answer is only --max-slots, the referrals filling far fewer slots."""
    if answer != top or not all_placed(search, top):
        return []
    labels = {c.label for c in caps}
    occupied = search(top).metric_mean("occupancy_rate")
    return [ReferralLimit(top, occupied, row) for row in checks
            if row["slots"] == top and row["constraint"] in labels]


def _given_up(result: RunResult, targets: list[Constraint], answer: int, q: float,
              checks: list[dict]) -> list[GivingUp]:
    """A ``waiting_at_end`` target whose answer loses referrals (the target's quantile of
    ``referrals_lost`` above 0) and no target on them: nobody waits because people give
    up. A waiting list held down by the patience, not the slots, is no sign of enough."""
    if any(c.metric == "referrals_lost" for c in targets):
        return []
    out = []
    for c in targets:
        if c.metric != "waiting_at_end":
            continue
        lost = quantile(result.metric("referrals_lost"), c.level(q))
        row = next(r for r in checks if r["constraint"] == c.label and r["slots"] == answer)
        if lost > 0:
            out.append(GivingUp(answer, result.metric_mean("referrals_lost"),
                                result.metric_mean("referrals"), lost, row))
    return out


def check_drawn_slots(scn: Scenario, uncertainty: bool, option: str) -> None:
    """A search chooses the slots; a draw that replaces a provider's slots (or a month of
    them) would run every replication with the drawn count instead of the candidate's,
    so the answer would name slots that were never simulated. A ``scale: true`` draw
    multiplies the candidate's slots and is kept."""
    if not uncertainty:
        return
    problems = [Problem(option, f"uncertainty.{path}", "--cap/--target choose the slots; "
                        "a drawn slot count would replace them in every replication, so "
                        "the answer would name slots never simulated: drop the draw, make "
                        "it scale: true (it then multiplies the candidate's slots) or use "
                        "--no-uncertainty", show_value=False)
                for path, dist in scn.uncertainty.items()
                if SLOTS_PATH.match(path) and not dist.scale]
    if problems:
        raise ScenarioError(problems)


def size(scn: Scenario, caps: list[Constraint], targets: list[Constraint], q: float,
         replications: int, seed: int, uncertainty: bool = True, max_slots: int | None = None,
         jobs: Jobs = None, progress: ProgressFactory | None = None) -> Sizing:
    """The slots that keep the caps / reach the targets with probability ``q``; each
    candidate's replications run where ``jobs`` says (``montecarlo.executor``)."""
    check_confidence(q)
    check_drawn_slots(scn, uncertainty, "--cap" if caps else "--target")
    reference = reference_slots(scn)
    if reference < 1:
        option = "--cap" if caps else "--target"  # what scales the slots
        raise ScenarioError([Problem(option, "providers.*.slots", "the scenario has no slots "
                                     "to scale (0 in every month); give a provider slots",
                                     show_value=False)])
    top = top_slots(reference, max_slots)
    with_slots(scn, top)  # beyond finsim's ceilings: refused now, before any candidate runs
    search = Search(scn, replications, seed, uncertainty, jobs, progress,
                    tuple(c.metric for c in [*caps, *targets]))
    floor = fewest_that_fit(search, top)
    bounds = {}
    if caps:
        bounds["largest_within_caps"] = _bisect(search, caps, q, floor, top, upper=True)
    if targets:
        bounds["smallest_reaching_targets"] = _bisect(search, targets, q, floor, top,
                                                      upper=False)
    answer = bounds.get("smallest_reaching_targets", bounds.get("largest_within_caps"))
    if caps and targets and answer > bounds["largest_within_caps"]:
        raise ScenarioError([Problem("--target", "", "the targets need "
                                     f"{counted(answer, 'slot', 'slots')} but "
                                     f"the caps allow at most {bounds['largest_within_caps']}; "
                                     "raise the caps or lower the targets",
                                     show_value=False)])
    constraints = [*caps, *targets]
    checks = _checks(search, constraints, answer, q, floor, top)
    limits = [] if targets else _referral_limits(search, caps, answer, top, checks)
    binding = _binding(search, constraints, answer, q, floor, top)
    result = search.result(answer)  # held by the bisection: run again only if let go
    return Sizing(answer, planned_slots(scn, result.scenario, answer), q, binding, checks,
                  _warnings(checks, constraints, answer, floor, top, replications),
                  result, bounds, limits, _given_up(result, targets, answer, q, checks))


@dataclass(frozen=True)
class SearchReach:
    """How far a search over a scenario's slots goes, worked out once before it runs
    for ``finsim size`` and ``finsim.size`` alike: what the memory estimate and its
    refusal need, and the top the progress counts candidates up to."""

    top: int
    """The search's upper bound (``top_slots``)."""
    largest: list[Scenario]
    """The largest scenario it may run, at ``top`` slots, for the memory estimate (the
    preflight's ``largest``): none without a search, or with nothing to scale (``size``
    refuses that itself)."""
    bounded_by: str
    """The memory refusal's advice where that largest candidate needs most
    (``estimate.levers``): ``top``, which --max-slots lowers."""


def search_reach(scn: Scenario, max_slots: int | None, searching: bool) -> SearchReach:
    """``SearchReach`` of a search over ``scn``'s slots up to ``max_slots`` (else ten
    times its slots); ``searching``: caps or targets were given. A ``max_slots`` whose
    candidate would pass finsim's ceiling on slots is refused itself, in one line: the
    candidate's refusal quoted slots and schedules nobody typed."""
    reference = reference_slots(scn)
    if searching and max_slots is not None and reference >= 1 \
            and max_slots > (most := most_slots(scn)):
        raise ScenarioError([Problem(
            "--max-slots", "", f"expected at most {most:,}: more would put the providers' "
            f"slots, all together, above finsim's ceiling of {MAX_PERSONS:,} in a month",
            max_slots)])
    top = top_slots(reference, max_slots)
    largest = [with_slots(scn, top)] if searching and reference >= 1 else []
    return SearchReach(top, largest,
                       f"a lower --max-slots (the search goes up to {top:,} slots)")


def most_candidates(top: int, caps: bool, targets: bool) -> int:
    """How many slot counts a search up to ``top`` runs at most, for its progress: both
    ends of the range, each bisection's ceil(log2(range)) steps, and the one neighbour of
    each answer the checks may add (``_checks``); the range is taken from 1, the lowest
    floor."""
    steps = math.ceil(math.log2(top - 1)) if top > 2 else 0
    return min(top, 2 + (caps + targets) * (steps + 1))


def most_slots(scn: Scenario) -> int:
    """The most slots a search can start from (in the reference month) with every month's
    slots, all providers together, within ``MAX_PERSONS``: a month with more slots than
    the reference month (a schedule that grows) scales with it."""
    peak = float(own_slots(scn).sum(axis=1).max())
    return int(MAX_PERSONS * reference_slots(scn) // peak)


def top_slots(reference: int, max_slots: int | None) -> int:
    """The search's upper bound: ``max_slots`` (callers check it is >= 1), else ten
    times the scenario's slots."""
    return max_slots if max_slots is not None else 10 * reference


def _neighbour(constraint: Constraint, answer: int, floor: int, top: int) -> int | None:
    """The slot count just across the boundary from the answer, if in range."""
    other = answer - 1 if constraint.target else answer + 1
    return other if floor <= other <= top else None


def _binding(search: Search, constraints: list[Constraint], answer: int, q: float,
             floor: int, top: int) -> list[str]:
    """The constraints that stop the answer moving one slot further."""
    binding = []
    for c in constraints:
        other = _neighbour(c, answer, floor, top)
        if other is not None and not c.met(c.values(search(other)), q):
            binding.append(c.label)
    return binding


def _checks(search: Search, constraints: list[Constraint], answer: int, q: float,
            floor: int, top: int) -> list[dict]:
    """Each constraint's quantile, and its bootstrap interval, one slot less, at, more."""
    rows = []
    for c in constraints:
        for slots in (answer - 1, answer, answer + 1):
            if not floor <= slots <= top:
                continue
            values = c.values(search(slots))
            low, high = bootstrap_interval(values, c.level(q), search.seed)
            rows.append({"constraint": c.label, "metric": c.metric, "bound": c.bound,
                         "slots": slots, "quantile_level": c.level(q),
                         "quantile": quantile(values, c.level(q)),
                         "interval90": [low, high], "met": bool(c.met(values, q))})
    return rows


def _warnings(checks: list[dict], constraints: list[Constraint], answer: int, floor: int,
              top: int, replications: int) -> list[TooFew]:
    """When the bootstrap interval of the quantile at the answer or at its neighbour
    across the boundary holds both a value that meets the bound and one that misses it,
    the replications cannot tell the two apart."""
    out = []
    for c in constraints:
        other = _neighbour(c, answer, floor, top)
        for row in checks:
            if row["constraint"] != c.label or row["slots"] not in (answer, other) \
                    or not _undecided(c, *row["interval90"]):
                continue
            out.append(TooFew(replications, answer, other, row))
            break
    return out


def _undecided(c: Constraint, low: float, high: float) -> bool:
    """Whether the interval (low, high) of a quantile holds a value that meets ``c``'s
    bound and one that misses it. A bound at its ends is met there (at most 0 referrals
    lost is met at 0): an at-most target of 0, whose count cannot go below 0, met in
    every resample has the interval (0, 0), which says nothing of noise."""
    return low <= c.bound < high if c.upper else low < c.bound <= high


def people(result: RunResult) -> dict[str, float]:
    """Who the sized period serves, means over replications: participants at the start
    (whoever reaches the maximum duration on the start date is no entry: ``served``),
    new entries (referrals that took a slot), participants at the end, and occupancy."""
    mean = result.metric_mean

    new = result.metric("referrals") - result.metric("referrals_lost") - result.metric(
        "waiting_at_end")
    at_start = result.metric("entries") - new
    return {"participants_at_start": float(np.mean(at_start)),
            "new_entries": float(np.mean(new)),
            "participants_at_end": mean("participants_at_end"),
            "occupancy_rate": mean("occupancy_rate")}


def leaving_at_end(result: RunResult) -> tuple[float, str, str] | None:
    """Where people's maximum duration ends the day after the period (``at_horizon``):
    the mean ``max_duration`` exits of its last month (the program's row), that month
    and the exit date, for the line of the people served; None where nobody's does.
    Those employed on the last day are ``participants_at_end`` plus these exits (less
    any who reached their maximum earlier that month), and size writes no flows.csv."""
    found = horizon_exits(result.scenario)
    if not found:
        return None
    flows = result.mean(result.aggregate.flows)  # [months, providers + 1, columns]
    exits = float(flows[-1, -1, FLOW_COLUMNS.index("exits_max_duration")])
    return exits, str(found[0].last), found[0].date


def leaving_at_start(result: RunResult) -> int:
    """The people a caseload file puts in the slots whose maximum duration (their
    provider's ``max_months`` less their months funded before, by the calendar from their
    entry: ``months_later``, as the simulation ends it) has ended by the start: they
    leave at the start, served by the period for no day, so they are in no count
    (``simulation.engine.served``) and the start line says them apart. Nobody else
    can: the steady state draws tenures below ``max_months``, and a warm-up carries
    over only whoever is still employed at its end.
    Read from the file (parsed once), as the start state is compiled from it
    (``simulation.initial.compile_start``)."""
    scn = result.scenario
    if not is_file_value(scn.participants.initial):
        return 0
    people = starting_caseload(scn)
    placed = ~people.waiting
    caps = np.array(max_months(scn), dtype=float)[people.provider[placed]]
    allowed = np.maximum(caps - people.before[placed], 0.0)
    return int(np.count_nonzero(months_later(people.entry[placed], allowed, people.origin) <= 0.0))

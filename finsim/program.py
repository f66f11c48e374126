"""A scenario compiled once into what every replication of it shares.

Compiling resolves per-provider overrides, schedules, rates, funder shares and caps,
metric names and calendar years once, so that a replication is a pure function of
(program, seed) with no pydantic and no dict round trips. Parameter draws produce a new
program from a scenario with typed values replaced (``finsim.scenario.replace``),
recompiling only the parts that depend on the drawn paths; ``Redraw`` plans both once
per program and set of paths, for every replication of a run.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from .copies import changed
from .extensions import Loader
from .funding import FundingProgram, compile_funding
from .funding.benefits import BenefitRates, benefit_rates
from .funding.cashflow import CASH_METRICS, CashTerms, cash_terms
from .funding.fiscal import Budgets, budgets, compile_budgets
from .ledger import CostProgram, compile_costs
from .ledger.build import recompiled_costs_many
from .scenario import CATEGORIES, Problem, Scenario, ScenarioError
from .scenario.errors import suggest
from .scenario.replace import Replacer, in_payment_terms
from .scenario.schedule import calendar_years, distinct_years, year_starts
from .simulation import compile_model
from .simulation.compiled import Model, recompiled_models
from .simulation.flows import FLOW_METRICS

PROVIDER_FLOW_METRICS = ("entries", "exits_placement", "exits_dropout", "exits_max_duration",
                         "participants_at_end", "slot_months", "occupancy_rate",
                         "placement_rate")

SECTIONS = {
    "period": ("model", "costs", "funding", "benefits"),
    "participants": ("model", "benefits"),
    "employment": ("model",),
    "providers": ("model", "costs"),
    "costs": ("costs",),
    "prices": ("costs",),
    "costs.qualification": ("model", "costs"),  # a module's uptake is drawn in the simulation
    "funding": ("funding", "budgets"),
    "passive_benefits": ("benefits",),
    "returns": ("budgets",),
    "actuals": ("model", "costs"),
}
"""Which compiled parts a value under a path prefix can change (the longest prefix
counts; a funder's payment terms are taken again from the scenario at every draw).
Within a part, ``recompiled_models`` and ``recompiled_costs_many`` re-derive only what the
paths reach (a drawn hazard: the exit rules; a drawn cost: its category's rates)."""


PARTS = ("model", "costs", "funding", "benefits", "budgets")
"""The compiled parts a drawn value may reach (``Program``'s fields of those names)."""


@dataclass(frozen=True, eq=False)
class Program:
    """Everything one replication of a scenario needs that does not change between them."""

    scenario: Scenario
    model: Model
    costs: CostProgram
    funding: FundingProgram
    benefits: BenefitRates
    """The rates of passive benefits avoided, per payer, month and household value."""
    cash: CashTerms
    """The funders' payment terms and the one-off payments paid late."""
    budgets: Budgets
    """The budgets of the fiscal balance, and where funders, payers and returns land."""
    metric_names: tuple[str, ...]
    provider_metric_names: tuple[str, ...]
    year_index: np.ndarray
    """Row of each month in the yearly table (``years``)."""
    years: np.ndarray
    """The distinct calendar years of the horizon."""
    year_starts: np.ndarray
    """The first month of each calendar year (``year_index`` rises month by month)."""

    def by_year(self, per_month: np.ndarray, axis: int = 0) -> np.ndarray:
        """``per_month`` (months on ``axis``: 1 for a batch of replications) summed into
        the calendar years ``years``, in month order, in its own dtype (whole cents stay
        integers: any order of adding them gives the same sums, so they take numpy's
        quicker ``reduceat``)."""
        if per_month.dtype.kind in "iu":
            return np.add.reduceat(per_month, self.year_starts, axis=axis)
        # each year's months added in turn, from 0.0, as ``np.add.at`` adds them (a year
        # is a run of months), a whole slice at a time: ``np.add.at`` steps cell by
        # cell, and ``reduceat`` adds a year's months pairwise
        month = np.moveaxis(per_month, axis, 0)
        ends = [*self.year_starts[1:].tolist(), len(month)]
        years = []
        for start, end in zip(self.year_starts.tolist(), ends, strict=True):
            total = month[start] + 0.0  # from +0.0, so -0.0 sums to 0.0
            for m in range(start + 1, end):
                total += month[m]
            years.append(total)
        return np.stack(years, axis=axis)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled (for a spawned or a cluster's worker) behind an ``extensions.Loader``:
        unpickled, it loads the installed extensions before its own parts, so a
        registered category's or rule kind's keys and classes are there when they are."""
        return _unpickled, (Loader(), *(getattr(self, f.name) for f in fields(self)))

    def recompiled(self, scn: Scenario, paths: list[str]) -> Program:
        """The program of ``scn``, which differs from this one's scenario only at
        ``paths``: the parts that cannot depend on them are kept."""
        return _recompiled(self, scn, paths, _reach(paths))


def _unpickled(loaded: object, *parts: Any) -> Program:
    """A program from its pickle (``Program.__reduce__``): ``loaded`` is what loading the
    extensions returned, first, as the Loader it was pickled as."""
    return Program(*parts)


class Redraw:
    """How a program is made again for new values at fixed paths (a run's uncertain
    parameters, a sensitivity's), planned once: which compiled parts the paths reach and
    where in the scenario each value lands (``scenario.replace.Replacer``). Drawing then
    checks only the drawn values and re-derives only the parts they reach, with the same
    functions on the same inputs as compiling afresh (so the same floats)."""

    def __init__(self, program: Program, paths: tuple[str, ...]) -> None:
        self.program, self.paths = program, list(paths)
        self.replacer = Replacer(program.scenario, self.paths)
        self.reach = _reach(self.paths)

    def __call__(self, values: dict[str, Any], source: str, prefix: str = "",
                 hint: str = "") -> Program:
        """The program with ``values`` at the planned paths; a value its field refuses
        raises ``ScenarioError`` (``scenario.replace.replaced``'s lines), and so do values
        the rest of the scenario cannot hold (a re-forecast's actual spells in fewer slots
        than drawn): each line then names the values first, as they are the cause."""
        return self.many([values], source, prefix, hint)[0]

    def many(self, drawn: Sequence[dict[str, Any]], source: str, prefix: str = "",
             hint: str = "") -> list[Program]:
        """The program of each of ``drawn`` (a chunk's replications), as ``__call__``
        makes it: each scenario typed and checked on its own, the parts the paths reach
        derived for the whole batch at once where a part can (``recompiled_costs_many``:
        a seed draw's cost rates, 21 us one by one, take 10 in a batch of twenty). A
        batch that a part refuses is made again one program at a time, so the error
        names its values."""
        if not drawn:
            return []
        scns: list[Scenario] = []
        for values in drawn:
            try:
                scns.append(self.replacer.replaced(values, source, prefix, hint))
            except ScenarioError:
                self.many(drawn[:len(scns)], source, prefix, hint)  # an earlier one's first
                raise
        try:
            return _recompiled_many(self.program, scns, self.paths, self.reach)
        except ScenarioError as err:
            for values in drawn if len(drawn) > 1 else ():
                self(values, source, prefix, hint)  # raises the first one's
            raise ScenarioError([_caused_by(values, source, prefix, hint, problem)
                                 for values in drawn[:1]
                                 for problem in err.problems]) from None


def _caused_by(values: dict[str, Any], source: str, prefix: str, hint: str,
               problem: Problem) -> Problem:
    """``problem`` (found compiling a scenario with ``values``) as the values' own line."""
    if len(values) == 1:
        [(path, value)] = values.items()
        given = f"{value:g}" if isinstance(value, float | int) else str(value)
    else:
        path = ", ".join(values)
        given = ", ".join(f"{p}={v:g}" if isinstance(v, float | int) else f"{p}={v}"
                          for p, v in values.items())
    return Problem(source, path, f"{prefix}{given} does not fit the rest of the scenario: "
                   f"{problem}", hint=hint, show_value=False)


@functools.lru_cache(maxsize=4)  # a run draws for one program (size: one per candidate)
def redraw(program: Program, paths: tuple[str, ...]) -> Redraw:
    """The plan for new values at ``paths`` of ``program`` (made once, then reused by
    every replication of a run and every point of a sensitivity)."""
    return Redraw(program, paths)


def _reach(paths: list[str]) -> dict[str, list[str]] | None:
    """The paths that reach each compiled part (``PARTS``), and under ``cash`` those in
    one-off payments, else those in a funder's payment terms; None if a path is in
    ``period`` (the months and calendar years change too: everything is compiled
    again)."""
    if any(path.split(".")[0] == "period" for path in paths):
        return None
    sections = [(path, _sections(path)) for path in paths]
    reach = {part: [path for path, parts in sections if part in parts] for part in PARTS}
    return {**reach, "cash": ([p for p in paths if "one_off" in p.split(".")] or
                              [p for p in paths if in_payment_terms(p)])}


def _recompiled(program: Program, scn: Scenario, paths: list[str],
                reach: dict[str, list[str]] | None) -> Program:
    return _recompiled_many(program, [scn], paths, reach)[0]


def _recompiled_many(program: Program, scns: Sequence[Scenario], paths: list[str],
                     reach: dict[str, list[str]] | None) -> list[Program]:
    """The program of each of ``scns``, which differ from ``program``'s scenario only at
    ``paths`` (``_reach`` of them): the parts no path reaches are the program's own."""
    if reach is None:
        return [compile_program(scn) for scn in scns]
    costs = (recompiled_costs_many(program.costs, scns, reach["costs"]) if reach["costs"]
             else [program.costs] * len(scns))
    models = (recompiled_models(program.model, scns, reach["model"]) if reach["model"]
              else [program.model] * len(scns))
    cash = _recompiled_cash(program.cash, scns, reach["cash"])
    return [changed(
        program, scenario=scn,
        model=model,
        costs=cost,
        funding=compile_funding(scn) if reach["funding"] else program.funding,
        benefits=benefit_rates(scn) if reach["benefits"] else program.benefits,
        cash=terms,
        budgets=compile_budgets(scn) if reach["budgets"] else program.budgets,
    ) for scn, model, cost, terms in zip(scns, models, costs, cash, strict=True)]


def compile_program(scn: Scenario) -> Program:
    """Compile a validated scenario (pure; no randomness)."""
    months = calendar_years(scn.period.start_month, scn.period.months)
    years = distinct_years(scn.period.start_month, scn.period.months)
    return Program(
        scenario=scn,
        model=compile_model(scn),
        costs=compile_costs(scn),
        funding=compile_funding(scn),
        benefits=benefit_rates(scn),
        cash=cash_terms(scn),
        budgets=compile_budgets(scn),
        metric_names=tuple(metric_names(scn)),
        provider_metric_names=tuple(provider_metric_names(scn)),
        year_index=np.searchsorted(years, months),
        years=years,
        year_starts=year_starts(scn.period.start_month, scn.period.months),
    )


def _recompiled_cash(cash: CashTerms, scns: Sequence[Scenario],
                     paths: list[str]) -> list[CashTerms]:
    """The payment terms of each of ``scns``, whose ``paths`` (``_reach``'s ``cash``) are
    in a funder's payment terms or in one-off payments: the program's own for none (the
    same objects, so a batch sees them shared); the months whose one-off payments are
    paid late are derived again only for a path in them."""
    if not paths:
        return [cash] * len(scns)
    if any("one_off" in path.split(".") for path in paths):
        return [cash_terms(scn) for scn in scns]
    return [changed(cash, payments=tuple(f.payment for f in scn.funding)) for scn in scns]


def _sections(path: str) -> tuple[str, ...]:
    if in_payment_terms(path):
        return ()  # the cash flow reads them from the scenario
    keys = path.split(".")
    for n in range(len(keys), 0, -1):
        if ".".join(keys[:n]) in SECTIONS:
            return SECTIONS[".".join(keys[:n])]
    return PARTS


def metric_names(scn: Scenario) -> list[str]:
    """The program metrics of a scenario, in table order."""
    return [*FLOW_METRICS, *_money_names(scn)]


def provider_metric_names(scn: Scenario) -> list[str]:
    """The metrics reported per provider, in table order."""
    return [*PROVIDER_FLOW_METRICS, *_money_names(scn)]


def metric_hint(scn: Scenario, name: str, known: Sequence[str]) -> str:
    """'did you mean ...?' for an unknown metric: a budget's net cost asked by the id of
    a funder that pays from another budget (``net_cost_city`` where the city's budget is
    ``kommune``) named as such, for a near miss by spelling would be the wrong budget."""
    funder = next((f for f in scn.funding if name == f"net_cost_{f.id}"), None)
    if funder is not None and f"net_cost_{funder.budget_id}" in known:
        named = [f"'net_cost_{b}'" for b in funder.budget_shares]
        budgets = ", ".join(funder.budget_shares)
        return (f"did you mean {' or '.join(named)}? The funder {funder.id} pays from the "
                f"budget{'s' if len(named) > 1 else ''} {budgets}; its money is "
                f"'funding_{funder.id}'")
    return suggest(name, list(known))


def structure_labels(scn: Scenario) -> list[tuple[str, str]]:
    """(attribute, value) pairs of the participant mix, in file order."""
    return [(a, v) for a, values in scn.participants.mix.items() for v in values]


def years_of(scn: Scenario) -> np.ndarray:
    """The distinct calendar years of the horizon."""
    return distinct_years(scn.period.start_month, scn.period.months)


def _money_names(scn: Scenario) -> list[str]:
    names = [f"cost_{c}" for c in CATEGORIES] + ["cost_total"]
    for funder in scn.funding:
        names += [f"funding_{funder.id}", f"share_{funder.id}"]
        names += [f"transfer_{funder.id}"] if funder.transfers else []
    names += ["funding_gap", "passive_benefits_avoided"]
    names += [f"passive_benefits_avoided_{p}" for p in scn.passive_benefits.payers]
    names += ["returns", *(f"returns_{b}" for b in scn.returns)] if scn.returns else []
    names += [f"net_cost_{b}" for b in budgets(scn)]
    return [*names, "net_public_cost", "cost_per_entry", "cost_per_placement", *CASH_METRICS]

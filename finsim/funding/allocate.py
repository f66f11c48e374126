"""Who pays what: the funding rules (docs/funding-rules.md) applied to one replication's ledger.

Order of application (docs/funding-rules.md has a worked example): funders with
shares in list order, the ``remainder`` funder last. Each computes its share of the
*cost itself*, rounded to cents cumulatively (so shares adding up to 1 leave no
rounding gap), limited to what is still uncovered in the cell, then cut by its caps:
per person-month (per provider and month), then per calendar year and in total (both
used up by the months in time order). The gap is what is left.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from finsim.batch import stack, unstack
from finsim.ledger import Ledger
from finsim.scenario.model import CATEGORIES, Funder, Scenario
from finsim.scenario.schedule import calendar_years, month_labels, monthly

from .benefits import Avoided
from .cents import apportion, cap_cents, summed, to_cents
from .rules import Allocation, FundingRule, compile_dated

GAP = "gap"


@dataclass(frozen=True, eq=False)
class Funding:
    """Funders' amounts of one replication in whole cents (int64): money stays integer
    end to end; EUR floats are derived only for display and output."""

    cents: np.ndarray
    """``[months, providers, len(CATEGORIES), len(funders) + 1]``; last = gap."""
    cost_cents: np.ndarray
    """The ledger's cost rounded to cents per cell, ``[months, providers, categories]``."""
    funder_ids: tuple[str, ...]
    """Funder ids in scenario order, then ``"gap"``."""
    months: tuple[str, ...]
    provider_ids: tuple[str, ...]
    categories: tuple[str, ...] = CATEGORIES

    @property
    def amount(self) -> np.ndarray:
        """EUR, for display: ``cents / 100``."""
        return self.cents / 100.0

    @property
    def cost(self) -> np.ndarray:
        """The rounded cost in EUR, for display."""
        return self.cost_cents / 100.0

    @functools.cached_property
    def by_funder(self) -> np.ndarray:
        """Cents summed over categories, ``[months, providers, funders + gap]`` (computed
        once: the fiscal balance, the cash flow and the metrics all read it); batched,
        with the replications first."""
        return summed(self.cents, "...cf->...f")

    @functools.cached_property
    def cost_by_provider(self) -> np.ndarray:
        """The rounded cost summed over months, cents ``[providers, categories]``."""
        return summed(self.cost_cents, "...mpc->...pc")

    @functools.cached_property
    def paid_by_provider(self) -> np.ndarray:
        """Cents summed over months and categories, ``[providers, funders + gap]``."""
        return summed(self.by_funder, "...mpf->...pf")

    def of(self, funder_id: str) -> np.ndarray:
        """One funder's (or the gap's) amounts in EUR, ``[months, providers, categories]``."""
        return self.amount[..., self.funder_ids.index(funder_id)]


@dataclass(frozen=True, eq=False)
class FundedBy:
    """One funder compiled: its rule object and its caps in whole cents."""

    index: int
    """Position in the scenario's list (the column of ``Funding.cents``)."""
    rule: FundingRule
    cap_per_person_month: np.ndarray | None
    """EUR per participant-month in force in each month, ``[months]``."""
    cap_per_year: np.ndarray | None
    """Cents of the yearly cap in force in each month, ``[months]`` (a year's budget is the
    value of its first month)."""
    cap_total: int | None


@dataclass(frozen=True, eq=False)
class FundingProgram:
    """The funders of a scenario compiled once: rules in application order, caps in cents,
    the calendar year of each month."""

    funders: tuple[FundedBy, ...]
    funder_ids: tuple[str, ...]
    years: np.ndarray


def compile_funding(scn: Scenario) -> FundingProgram:
    """The funding part of a compiled scenario (pure)."""
    months = scn.period.months
    tenure = max(1, -(-months // 12))
    labels = month_labels(scn.period.start_month, months)
    start = scn.period.start_month

    def in_force(cap):
        return None if cap is None else monthly(cap, start, months)

    compiled = {i: FundedBy(
        index=i, rule=compile_dated(f, tenure, labels),
        cap_per_person_month=in_force(f.cap_per_person_month),
        cap_per_year=None if f.cap_per_year is None else cap_cents(in_force(f.cap_per_year)),
        cap_total=None if f.cap_total is None else int(cap_cents(f.cap_total)),
    ) for i, f in enumerate(scn.funding)}
    order = [i for i in compiled if not compiled[i].rule.last]
    order += [i for i in compiled if compiled[i].rule.last]
    return FundingProgram(
        funders=tuple(compiled[i] for i in order),
        funder_ids=(*scn.funder_ids, GAP),
        years=calendar_years(scn.period.start_month, months),
    )


def allocate(program: FundingProgram | Scenario, ledger: Ledger,
             avoided: Avoided | None = None) -> Funding:
    """Apply the funders to the ledger, month by month and cell by cell.

    ``program`` is compiled once per scenario (``compile_funding``); a scenario is
    compiled on the spot, for one-off calls and tests. ``avoided`` (the replication's
    benefits avoided) is needed by funders ``limited_to`` them.
    """
    if isinstance(program, Scenario):
        program = compile_funding(program)
    cost_cents = to_cents(ledger.by_category)
    state = Allocation(cost=ledger.cost, cost_cents=cost_cents,
                       covered=np.zeros_like(cost_cents), running=np.zeros(cost_cents.shape),
                       running_cents=np.zeros_like(cost_cents),
                       avoided=avoided, subsidy_ratio=ledger.subsidy_ratio)
    out = np.zeros((*cost_cents.shape, len(program.funder_ids)), dtype=np.int64)
    for funder in program.funders:
        paid = apply_caps(funder, funder.rule.wanted(state), ledger.participant_months,
                          program.years[:cost_cents.shape[0]])
        out[..., funder.index] = paid
        state.covered += paid
        state.paid[program.funder_ids[funder.index]] = paid
    out[..., -1] = cost_cents - state.covered
    return Funding(
        cents=out,
        cost_cents=cost_cents,
        funder_ids=program.funder_ids,
        months=ledger.months,
        provider_ids=ledger.provider_ids,
    )


def application_order(funders: list[Funder]) -> list[int]:
    """Indices of the funders in the order they are applied: list order, the kinds that
    go last (the remainder) after the others."""
    last = [compile_dated(f, 1, []).last for f in funders]
    return [i for i, x in enumerate(last) if not x] + [i for i, x in enumerate(last) if x]


def apply_caps(funder: FundedBy, wanted: np.ndarray, participant_months: np.ndarray,
               years: np.ndarray) -> np.ndarray:
    """Cut a funder's wanted cents ``[months, providers, categories]`` by its caps."""
    paid = wanted
    months = wanted.shape[0]
    if funder.cap_per_person_month is not None:
        limit = cap_cents(funder.cap_per_person_month[:months, None] * participant_months)
        paid = cap_per_cell(paid, limit)
    if funder.cap_per_year is not None or funder.cap_total is not None:
        per_year = None if funder.cap_per_year is None else funder.cap_per_year[:months]
        paid = cap_in_time_order(paid, years, per_year, funder.cap_total)
    return paid


def cap_per_cell(wanted: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """Per (month, provider): total over categories at most ``limit``, scaled in proportion."""
    paid = wanted.copy()
    over = wanted.sum(axis=-1) > limit
    paid[over] = apportion(wanted[over], limit[over])
    return paid


def cap_in_time_order(wanted: np.ndarray, years: np.ndarray,
                      per_year: np.ndarray | int | None, total: int | None) -> np.ndarray:
    """Yearly and total budgets used up month by month; a binding month is scaled.

    In the month where a budget runs out, every provider and category of that month is
    cut in the same proportion; later months (of that year, or at all) get nothing.
    Budgets are whole cents; ``per_year`` is one budget or the budget in force in each
    month (a year takes that of its first month).
    """
    paid = wanted.copy()
    left_total = total
    left_year: dict[int, int] = {}
    for m in range(wanted.shape[0]):
        allowed = wanted[m].sum()
        if per_year is not None:
            year = int(years[m])
            left_year.setdefault(year, int(per_year[m]) if isinstance(per_year, np.ndarray)
                                 else per_year)
            allowed = min(allowed, left_year[year])
        if left_total is not None:
            allowed = min(allowed, left_total)
        if allowed < wanted[m].sum():
            flat = wanted[m].reshape(1, -1)
            paid[m] = apportion(flat, np.array([allowed])).reshape(wanted[m].shape)
        spent = int(paid[m].sum())
        if per_year is not None:
            left_year[year] -= spent
        if left_total is not None:
            left_total -= spent
    return paid


def allocate_many(programs: Sequence[FundingProgram], ledger: Ledger,
                  avoided: Avoided) -> Funding:
    """``allocate`` for every replication of a batch (``ledger`` and ``avoided``
    batched), batched."""
    return stack([allocate(p, unstack(ledger, r), unstack(avoided, r))
                  for r, p in enumerate(programs)])

"""Who pays what: the funding rules (docs/funding-rules.md) applied to the ledgers of a
batch of replications at once (one replication is a batch of one).

Order of application (docs/funding-rules.md has a worked example): funders with
shares in list order, the ``remainder`` funder last. Each computes its share of the
*cost itself*, rounded to cents cumulatively (so shares adding up to 1 leave no
rounding gap), limited to what is still uncovered in the cell, then cut by its caps:
per person-month (per provider and month), then per calendar year and in total (both
used up by the months in time order). The gap is what is left. Every step is one numpy
pass over all replications of a batch that share their compiled funding.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from finsim.batch import stack, unstack
from finsim.ledger import Ledger
from finsim.scenario.model import CATEGORIES, Funder, Scenario
from finsim.scenario.schedule import calendar_years, month_labels, monthly, yearly

from ..ledger.cents import to_cents
from ..ledger.persons import SpellCharges
from .benefits import Avoided, benefit_rates, rate_table
from .cents import apportion, cap_cents, summed
from .rules import (
    Allocation,
    FundingRule,
    all_columns,
    columns_of,
    compile_dated,
    limited_categories,
    moved_by,
    nets,
)

GAP = "gap"


@dataclass(frozen=True, eq=False)
class Funding:
    """Funders' amounts of one replication in whole cents (int64): money stays integer
    end to end; EUR floats are derived only for display and output. Batched
    (``allocate_many``), every array and property has the replications first."""

    cents: np.ndarray
    """``[months, providers, len(CATEGORIES), len(funders) + 1]``; last = gap."""
    cost_cents: np.ndarray
    """The ledger's cost rounded to cents per cell, ``[months, providers, categories]``."""
    funder_ids: tuple[str, ...]
    """Funder ids in scenario order, then ``"gap"``."""
    months: tuple[str, ...]
    provider_ids: tuple[str, ...]
    categories: tuple[str, ...] = field(default_factory=lambda: tuple(CATEGORIES))

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
    value in force in its January, ``schedule.yearly``)."""
    cap_total: int | None
    transfer: TransferTerms | None = None
    """Which part of its money comes from the Passiv-Aktiv-Transfer (``transfer.py``);
    None for a funder without (its column of the split stays 0)."""


@dataclass(frozen=True, eq=False)
class TransferTerms:
    """A funder's ``limited_to`` and ``transfer`` block compiled (``transfer.py`` applies
    them): of its wage money, the part that comes from the transfer."""

    per_person: np.ndarray | None
    """The flat rate, EUR per participant-month ``[months, values]``, or None."""
    limit_payer: str | None
    """At most the benefits this budget avoids per person-month, or None."""
    ceiling: np.ndarray | None
    """Cents of the yearly ceiling in force in each month, ``[months]``, or None."""


def transfer_terms(funder: Funder, scn: Scenario) -> TransferTerms | None:
    """The transfer terms of a funder (None for one that does not transfer).

    A funder ``limited_to: benefits_avoided`` pays wages only, at most its budget's
    saving, so all of its money is transfer unless its own ``transfer`` block narrows
    that (a flat rate, a yearly ceiling); the block's ``limited_to`` adds nothing to it.
    """
    if not funder.transfers:
        return None
    rule = funder.transfer
    if rule is None:  # limited_to without a block: all of its (wage) money
        return TransferTerms(None, None, None)
    start, months = scn.period.start_month, scn.period.months
    limited = rule.limited_to == "benefits_avoided" and funder.limited_to is None
    return TransferTerms(
        per_person=None if rule.per_person_month is None else rate_table(
            rule.per_person_month, benefit_rates(scn).values, scn),
        limit_payer=funder.budget_id if limited else None,
        ceiling=None if rule.cap_per_year is None else cap_cents(
            yearly(rule.cap_per_year, start, months)),
    )


@dataclass(frozen=True, eq=False)
class FundingProgram:
    """The funders of a scenario compiled once: rules in application order, caps in cents,
    the calendar year of each month."""

    funders: tuple[FundedBy, ...]
    funder_ids: tuple[str, ...]
    years: np.ndarray
    per_person: frozenset[str] = frozenset()
    """The categories a ``per_person_limit`` is on: the allocation needs their charges
    spell by spell (``ledger.build.person_charges``)."""


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
        cap_per_year=None if f.cap_per_year is None else cap_cents(
            yearly(f.cap_per_year, start, months)),
        cap_total=None if f.cap_total is None else int(cap_cents(f.cap_total)),
        transfer=transfer_terms(f, scn),
    ) for i, f in enumerate(scn.funding)}
    order = [i for i in compiled if not compiled[i].rule.last]
    order += [i for i in compiled if compiled[i].rule.last]
    return FundingProgram(
        funders=tuple(compiled[i] for i in order),
        funder_ids=(*scn.funder_ids, GAP),
        years=calendar_years(scn.period.start_month, months),
        per_person=frozenset().union(*(limited_categories(f.rule) for f in compiled.values())),
    )


def payable(program: FundingProgram) -> np.ndarray:
    """Which (category, funder) cells a funder's rules can ever pay, ``[categories,
    funders + gap]`` bool, funders in scenario order: what its rule kinds move over all
    its rule sets in force (``rules.moved_by``; a cap only cuts within them, a transfer
    is part of its wage money). The gap can be in any category. The rest is 0.00 in
    every month, whatever the replications draw of people and costs."""
    out = np.ones((len(CATEGORIES), len(program.funder_ids)), dtype=bool)
    for funder in program.funders:
        out[:, funder.index] = moved_by(funder.rule)
    return out


def paid_pairs(scn: Scenario, drawn: Sequence[str] = ()) -> np.ndarray:
    """The (category, funder) cells of ``scn``'s ledger that can hold money, ``[categories,
    funders + gap]`` bool (``payable``): a funder whose shares one of the ``drawn`` paths
    may reach (``funding.<id or position>.covers...``; any under ``period``, which moves
    the dates of the rule sets) keeps every category, for a draw may give it a share the
    file's value does not. A drawn cap, transfer or payment term adds none."""
    out = payable(compile_funding(scn))
    ids = [f.id for f in scn.funding]
    for path in drawn:
        keys = path.split(".")
        if keys[0] == "period":
            out[:] = True
        elif keys[0] == "funding" and keys[2:3] in ([], ["covers"]):
            key = keys[1] if len(keys) > 1 else ""
            hit = ([ids.index(key)] if key in ids else [int(key)] if key.isdigit()
                   and int(key) < len(ids) else list(range(len(ids))))
            out[:, hit] = True
    return out


def allocate(program: FundingProgram | Scenario, ledger: Ledger,
             avoided: Avoided | None = None,
             charges: dict[str, SpellCharges] | None = None) -> Funding:
    """Apply the funders to one replication's ledger (``allocate_many`` of a batch of one).

    ``program`` is compiled once per scenario (``compile_funding``); a scenario is
    compiled on the spot, for one-off calls and tests. ``avoided`` (the replication's
    benefits avoided) is needed by funders ``limited_to`` them, ``charges`` (its
    ``person_charges``) by funders with a ``per_person_limit``.
    """
    if isinstance(program, Scenario):
        program = compile_funding(program)
    return unstack(allocate_many([program], stack([ledger]),
                                 None if avoided is None else stack([avoided]), charges), 0)


def allocate_many(programs: Sequence[FundingProgram], ledger: Ledger,
                  avoided: Avoided | None,
                  charges: dict[str, SpellCharges] | None = None) -> Funding:
    """Apply each replication's funders to its ledger (``ledger``, ``avoided`` and
    ``charges`` batched, ``programs`` one per replication), month by month and cell by
    cell.

    Replications of the same compiled funding (the usual case: nothing drawn reaches
    it) are allocated together, every step one numpy pass over all of them.
    """
    groups = by_program(programs)
    charges = charges or {}
    if len(groups) == 1:
        return _allocated(programs[0], ledger, avoided, charges)
    parts = [(rows, _allocated(programs[rows[0]], unstack(ledger, rows),
                               None if avoided is None else unstack(avoided, rows),
                               {k: v.of_rows(rows) for k, v in charges.items()}))
             for rows in groups]
    first = parts[0][1]
    cents = np.empty((len(programs), *first.cents.shape[1:]), dtype=np.int64)
    cost_cents = np.empty((len(programs), *first.cost_cents.shape[1:]), dtype=np.int64)
    for rows, part in parts:
        cents[rows] = part.cents
        cost_cents[rows] = part.cost_cents
    return dataclasses.replace(first, cents=cents, cost_cents=cost_cents)


def by_program(programs: Sequence[object]) -> list[np.ndarray]:
    """The replications of a batch grouped by their compiled part (the same object),
    each group's rows in order; one group when nothing drawn reaches the part."""
    first = programs[0]
    if all(p is first for p in programs):
        return [np.arange(len(programs))]
    rows: dict[int, list[int]] = {}
    for r, p in enumerate(programs):
        rows.setdefault(id(p), []).append(r)
    return [np.array(x) for x in rows.values()]


def _allocated(program: FundingProgram, ledger: Ledger, avoided: Avoided | None,
               charges: dict[str, SpellCharges]) -> Funding:
    """``allocate_many`` for replications that share one compiled funding. Each funder
    is computed, capped and booked on its columns only (``columns_of``): a funder of
    wages alone touches a sixth of the cells."""
    cost_cents = to_cents(ledger.by_category)
    shape = cost_cents.shape
    state = Allocation(cost=ledger.cost, cost_cents=by_category_blocks(cost_cents),
                       covered=zeros_by_category(shape, np.int64),
                       running=zeros_by_category(shape, float),
                       running_cents=zeros_by_category(shape, np.int64),
                       avoided=avoided, subsidy_ratio=ledger.subsidy_ratio,
                       occupied=ledger.participant_months, charges=charges)
    out = np.zeros((*cost_cents.shape, len(program.funder_ids)), dtype=np.int64)
    years = program.years[:cost_cents.shape[1]]
    netted = {other for funder in program.funders for other in nets(funder.rule)}
    for funder in program.funders:
        fid = program.funder_ids[funder.index]
        own = columns_of(funder.rule)  # the only columns its rule moves the running sum of
        before = state.residue(own) if fid in netted else None
        cols, wanted = own, funder.rule.wanted(state)
        if capped(funder) and cols != all_columns():  # a cap apportions over every category
            wanted = widened(wanted, cols)
            cols = all_columns()
        paid = apply_caps(funder, wanted, ledger.participant_months, years)
        out[..., cols, funder.index] = paid
        state.covered[..., cols] += paid
        state.paid[fid] = out[..., funder.index]
        if before is not None:
            state.rounded[fid] = widened(state.residue(own) - before, own)  # 0 elsewhere
    np.subtract(state.cost_cents, state.covered, out=out[..., -1])  # the gap, in place
    return Funding(
        cents=out,
        cost_cents=cost_cents,
        funder_ids=program.funder_ids,
        months=ledger.months,
        provider_ids=ledger.provider_ids,
    )


def by_category_blocks(a: np.ndarray) -> np.ndarray:
    """``a`` (categories last) as a copy laid out category by category in memory: the
    same shape and values, each category's cells one contiguous block."""
    out = np.moveaxis(np.empty((a.shape[-1], *a.shape[:-1]), dtype=a.dtype), 0, -1)
    out[...] = a
    return out


def zeros_by_category(shape: tuple[int, ...], dtype: type) -> np.ndarray:
    """Zeros of ``shape`` (categories last), laid out as ``by_category_blocks``."""
    return np.moveaxis(np.zeros((shape[-1], *shape[:-1]), dtype=dtype), 0, -1)


def capped(funder: FundedBy) -> bool:
    """Whether any of a funder's caps is set."""
    return (funder.cap_per_person_month is not None or funder.cap_per_year is not None
            or funder.cap_total is not None)


def widened(wanted: np.ndarray, cols: slice) -> np.ndarray:
    """Amounts of the columns ``cols`` (cents wanted, EUR of rounding) as amounts of every
    category (0 elsewhere)."""
    full = np.zeros((*wanted.shape[:-1], len(CATEGORIES)), dtype=wanted.dtype)
    full[..., cols] = wanted
    return full


def application_order(funders: list[Funder]) -> list[int]:
    """Indices of the funders in the order they are applied: list order, the kinds that
    go last (the remainder) after the others."""
    last = [compile_dated(f, 1, []).last for f in funders]
    return [i for i, x in enumerate(last) if not x] + [i for i, x in enumerate(last) if x]


def apply_caps(funder: FundedBy, wanted: np.ndarray, participant_months: np.ndarray,
               years: np.ndarray) -> np.ndarray:
    """Cut a funder's wanted cents ``[R, months, providers, categories]`` by its caps."""
    paid = wanted
    months = wanted.shape[1]
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

    ``wanted`` is whole cents, never negative, ``[R, months, ...]``. In the month where
    a budget runs out, every cell of that month is cut in the same proportion; later
    months (of that year, or at all) get nothing. Budgets are whole cents; ``per_year``
    is one budget or the budget in force in each month (a year takes that of its first
    month; ``schedule.yearly`` gives every month of a year the same). Month by month, each
    month gets what it wants, at most what is left of its year's budget and of the total:
    so the cents paid up to a month in a year are the cents wanted up to it, at most the
    year's budget, and the cents paid up to a month in all are those, at most the total.
    Both are running sums: every replication and every month at once, in integers (exact).
    """
    flat = wanted.reshape(*wanted.shape[:2], -1)
    want = flat.sum(axis=2)  # [R, months]
    running = np.cumsum(want, axis=1)
    if per_year is not None:
        _, first = np.unique(years, return_index=True)
        start = first[np.searchsorted(years[first], years)]  # each month's year's first month
        budget = per_year[start] if isinstance(per_year, np.ndarray) else per_year
        in_year = running - (running - want)[:, start]  # wanted so far in the month's year
        capped = np.minimum(in_year, budget)
        before = np.where(start == np.arange(len(start)), 0,
                          np.roll(capped, 1, axis=1))  # paid earlier in the year
        running = np.cumsum(capped - before, axis=1)
    if total is not None:
        running = np.minimum(running, total)
    allowed = np.diff(running, axis=1, prepend=0)
    paid = wanted.copy()
    bind = allowed < want
    if bind.any():
        paid.reshape(flat.shape)[bind] = apportion(flat[bind], allowed[bind])
    return paid

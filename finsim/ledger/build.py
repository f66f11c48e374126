"""The cost ledger: EUR per month, provider, category and tenure year, of one replication
or of a batch of them at once (a leading replication axis, ``finsim.batch``).

Costs accrue pro rata temporis on each continuous spell; the tenure
axis keeps the person-related categories (``person`` in ``categories.py``) apart by the
participant's year in the program, because funders such as §16i SGB II pay a share
that falls with tenure. Non-person categories sit in tenure slot 0.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from finsim.batch import unstack
from finsim.copies import changed
from finsim.scenario.load import booked_costs
from finsim.scenario.model import CATEGORIES, Scenario
from finsim.scenario.schedule import Month, month_labels
from finsim.simulation.batch import SpellBatch

from .categories import (
    COST_CATEGORIES,
    Charges,
    CostCategory,
    ProviderCosts,
    blocks,
    contribution_rates,
    per_replication,
    subsidy_ratios,
)
from .cents import yearly_whole_cents
from .persons import SpellCharges
from .pieces import TenureCuts
from .sums import added


class SpellsLike(Protocol):
    """What the ledger needs from the simulation's ``Spells`` (duck-typed)."""

    provider: np.ndarray
    entry: np.ndarray
    exit: np.ndarray
    reason: np.ndarray
    initial: np.ndarray
    modules: np.ndarray
    horizon: float


@dataclass(frozen=True, eq=False)
class Ledger:
    """Costs of one replication, unrounded EUR (funding rounds them to cents per cell);
    batched (``build_ledger_many``), every array has a leading replication axis."""

    cost: np.ndarray
    """EUR, ``[months, providers, len(CATEGORIES), tenure_years]``."""
    participant_months: np.ndarray
    """Occupied slot-months, pro rata, ``[months, providers]``."""
    available_slot_months: np.ndarray
    """Slots in force, ``[months, providers]``."""
    months: tuple[str, ...]
    """``YYYY-MM`` label of each month."""
    provider_ids: tuple[str, ...]
    categories: tuple[str, ...] = field(default_factory=lambda: tuple(CATEGORIES))
    subsidy_ratio: np.ndarray | None = None
    """The subsidisable wage over the wage line, ``[months, providers]`` (None without a
    ``subsidy_base``): funders with ``basis: subsidy_base`` take their wage share of it.
    Lower where wages booked above the ledger's (``booked_ratio``)."""

    @functools.cached_property
    def by_category(self) -> np.ndarray:
        """Cost summed over tenure years, ``[months, providers, categories]`` (computed
        once: the allocation and the money check both read it)."""
        return added(self.cost, -1)


def tenure_years(horizon: float) -> int:
    """Number of tenure-year slots a horizon needs (at least 1)."""
    return max(1, math.ceil(horizon / 12.0))


@dataclass(frozen=True, eq=False)
class CostProgram:
    """Everything the ledger needs that is the same in every replication, compiled once:
    each category's rates per provider (overrides applied, uprated) and the slots in
    force."""

    months: int
    labels: tuple[str, ...]
    provider_ids: tuple[str, ...]
    slots: np.ndarray
    """Slots in force, ``[months, providers]``."""
    rates: tuple[Any, ...]
    """Each category's rates, in ``COST_CATEGORIES`` order."""
    first_month: int = 1
    """Calendar month (1-12) of the horizon's first month (one-off payments fall due by it)."""
    subsidy_ratio: np.ndarray | None = None
    """The subsidisable wage over the wage line, ``[months, providers]``, or None."""
    booked: np.ndarray | None = None
    """Booked costs of actual months, EUR ``[months, providers, categories]``, NaN where
    the ledger's own cost stands (``actuals.booked``)."""
    employer_contributions: np.ndarray | None = None
    """Each provider's employer contributions on wages in each month (the fiscal
    balance's gross wages), ``[months, providers]``."""
    kept: KeptMonths | None = None
    """A draw's re-forecast: the scenario's own ledger of the actual months, which
    stands for the drawn one there (``keep_actual_months``); None: the ledger's own."""

    @property
    def origin(self) -> Month:
        """The horizon's first month, whose calendar places the tenure anniversaries."""
        return Month.parse(self.labels[0])


@dataclass(frozen=True, eq=False)
class KeptMonths:
    """A re-forecast's actual months as the scenario's own values cost them: the months
    already happened, so a drawn price applies from the first forecast month on."""

    cost: np.ndarray
    """EUR, ``[actual months, providers, categories, tenure_years]`` (booked cells in)."""
    subsidy_ratio: np.ndarray | None
    """The subsidisable share of the wage line there, ``[actual months, providers]``."""


def kept_months(costs: CostProgram, spells: SpellsLike, months: int) -> KeptMonths:
    """The first ``months`` (the actual ones) of the ledger of ``spells`` costed by
    ``costs``: any replication's, for the actual spells are the same in every one."""
    ledger = build_ledger(costs, spells)
    ratio = ledger.subsidy_ratio
    return KeptMonths(ledger.cost[:months].copy(),
                      None if ratio is None else ratio[:months].copy())


def keep_actual_months(drawn: CostProgram, own: CostProgram, kept: KeptMonths) -> CostProgram:
    """``drawn`` (a draw's costs) with the actual months as ``own`` (the scenario's)
    costs them: their cells (``kept``), slots and employer contributions; the months
    from the first forecast one on are the draw's."""
    k = kept.cost.shape[0]

    def spliced(mine: np.ndarray | None, theirs: np.ndarray | None) -> np.ndarray | None:
        if mine is None or theirs is None:
            return mine
        return np.concatenate([theirs[:k], mine[k:]])

    return changed(drawn, kept=kept, slots=spliced(drawn.slots, own.slots),
                   employer_contributions=spliced(drawn.employer_contributions,
                                                  own.employer_contributions))


def _with_kept(cost: np.ndarray, ratio: np.ndarray | None,
               costs: Sequence[CostProgram]) -> None:
    """Each replication's actual months set to its ``kept`` ones, in place: the cost
    cells (tenure years beyond the kept ones hold nothing) and the subsidisable share."""
    for r, program in enumerate(costs):
        kept = program.kept
        if kept is None:
            continue
        k, years = kept.cost.shape[0], min(kept.cost.shape[-1], cost.shape[-1])
        cost[r, :k] = 0.0
        cost[r, :k, ..., :years] = kept.cost[..., :years]
        if ratio is not None and kept.subsidy_ratio is not None:
            ratio[r, :k] = kept.subsidy_ratio


def compile_costs(scn: Scenario) -> CostProgram:
    """The ledger's part of a compiled scenario (pure)."""
    each = ProviderCosts(scn)
    return CostProgram(
        months=scn.period.months,
        labels=tuple(month_labels(scn.period.start_month, scn.period.months)),
        provider_ids=tuple(scn.provider_ids),
        slots=scn.slots_in_force(),
        rates=tuple(c.rates(scn, each) for c in COST_CATEGORIES),
        first_month=scn.period.start_month.month,
        subsidy_ratio=subsidy_ratios(scn, each),
        booked=booked_costs(scn) if scn.reforecast and scn.actuals.booked else None,
        employer_contributions=_contributions(scn, each),
    )


def _contributions(scn: Scenario, each: ProviderCosts) -> np.ndarray:
    """Each provider's employer contributions by month, ``[months, providers]``."""
    return contribution_rates(scn, blocks(scn, each, "wages"))


def recompiled_costs_many(costs: CostProgram, scns: Sequence[Scenario],
                          paths: list[str]) -> list[CostProgram]:
    """The cost program of each of ``scns`` (a batch of draws), which differ from
    ``costs``' scenario only at ``paths``: a category whose ``reads`` no path reaches
    keeps its rates, one they reach derives again what they reach
    (``CostCategory.redrawn``, for the whole batch at once), and the wage line's parts
    are derived again only for a path they read: the employer contributions only for
    ``employer_contributions`` itself, the subsidisable share for any wage value unless
    no provider has a ``subsidy_base`` and no path is in one (a drawn wage increase:
    None again). Everything is compiled again for a path outside the cost blocks (no
    cost block moves the calendar or the slots)."""
    reach = _cost_reach(tuple(paths))
    if costs.booked is not None or reach is None:
        return [compile_costs(scn) for scn in scns]
    each = [ProviderCosts(scn) for scn in scns]
    count = len(scns)
    rates = list(zip(*(_redrawn(c, old, scns, each, fields) for c, old, fields in zip(
        COST_CATEGORIES, costs.rates, reach[:-1], strict=True)), strict=True))
    wages = reach[-1]

    def reaches(field: str) -> bool:  # a wage path in ``field``, or holding it
        return any(f == field or f.startswith(field + ".") or field.startswith(f + ".")
                   for f in wages)

    ratio = [costs.subsidy_ratio] * count
    if wages and (costs.subsidy_ratio is not None or reaches("wages.subsidy_base")):
        ratio = [subsidy_ratios(scn, e) for scn, e in zip(scns, each, strict=True)]
    contributions = ([_contributions(scn, e) for scn, e in zip(scns, each, strict=True)]
                     if reaches("wages.employer_contributions")
                     else [costs.employer_contributions] * count)
    return [changed(costs, rates=r, subsidy_ratio=q, employer_contributions=e)
            for r, q, e in zip(rates, ratio, contributions, strict=True)]


def _redrawn(category: type[CostCategory], rates: Any, scns: Sequence[Scenario],
             each: Sequence[ProviderCosts], fields: frozenset[str]) -> list[Any]:
    """A category's rates for each of ``scns``: derived afresh without ``reads``, kept
    where no path reaches them, else ``CostCategory.redrawn``."""
    if category.reads is None:
        return [category.rates(scn, e) for scn, e in zip(scns, each, strict=True)]
    return category.redrawn(rates, scns, each, set(fields)) if fields else [rates] * len(scns)


def _within(path: str, blocks: tuple[str, ...]) -> bool:
    return any(path == b or path.startswith(b + ".") for b in blocks)


@functools.lru_cache(maxsize=64)
def _cost_reach(paths: tuple[str, ...]) -> tuple[frozenset[str], ...] | None:
    """The fields (``<block>.<field>...``) of the paths in each category's ``reads``
    blocks, in ``COST_CATEGORIES`` order, then those in the wages; a provider's override
    counts as the program's. None if a path is outside the cost blocks."""
    fields = set()
    for path in paths:
        keys = path.split(".")
        if keys[0] == "providers" and keys[2:3] == ["costs"]:
            keys = keys[2:]
        if keys[0] != "costs" or len(keys) < 2:
            return None
        fields.add(".".join(keys[1:]))
    return tuple(frozenset(f for f in fields if _within("costs." + f, blocks))
                 for blocks in [*(c.reads or () for c in COST_CATEGORIES), ("costs.wages",)])


def with_booked(cost: np.ndarray, booked: np.ndarray) -> np.ndarray:
    """Booked cells replace the ledger's cost; a cell's split by tenure year keeps the
    ledger's proportions (all in year one where the ledger has nothing there). ``cost``
    may have leading axes (replications) that ``booked`` has or broadcasts over."""
    own = cost.sum(axis=-1)
    booked = np.broadcast_to(booked, own.shape)
    given = ~np.isnan(booked)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(own > 0, np.nan_to_num(booked) / own, 0.0)
    out = np.where(given[..., None], cost * factor[..., None], cost)
    empty = given & (own <= 0)
    out[..., 0][empty] = booked[empty]
    return out


def booked_ratio(ratio: np.ndarray, own: np.ndarray, booked: np.ndarray) -> np.ndarray:
    """The subsidisable share of booked wage cells: the subsidy rests on the wage paid
    (a booking below the ledger lowers it) but never on more than the subsidisable wage
    of the people employed (``own``: the ledger's wages; back pay or overtime booked
    above it does not raise it, and a month without anyone has none)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        kept = np.where(booked > own, own / booked, 1.0)  # NaN (not booked) keeps 1
    return ratio * kept


def spell_cuts(spells: SpellsLike, months: int, origin: Month) -> TenureCuts:
    """The spells cut at tenure anniversaries (by the calendar from ``origin``, the
    horizon's first month) and month boundaries, for the ledger and the benefits avoided
    to sum by their groupings (cut once per replication)."""
    return _cut(spells, months, origin)


def spell_cuts_many(spells: SpellBatch, months: int, origin: Month) -> TenureCuts:
    """``spell_cuts`` of every replication of a batch at once (``TenureCuts``' batched
    form), all with the batch's most tenure years (a running program's earliest entry
    differs between replications), so that the batch's ledgers and benefits have one
    shape: the extra years hold nothing."""
    return _cut(spells.spells, months, origin, spells.rep, spells.count)


def _cut(spells: SpellsLike, months: int, origin: Month, rep: np.ndarray | None = None,
         count: int = 1) -> TenureCuts:
    entry = np.asarray(spells.entry, dtype=float)
    return TenureCuts(entry, np.asarray(spells.exit, dtype=float), months,
                      spell_years(spells), rep, count, origin)


def spell_years(spells: SpellsLike) -> int:
    """The tenure years the spells' ledger needs: from the earliest entry, since people
    employed before the start continue in the year of employment they are in."""
    earliest = float(np.asarray(spells.entry, dtype=float).min(initial=0.0))
    return tenure_years(float(spells.horizon) - min(0.0, earliest))


def build_ledger(costs: CostProgram | Scenario, spells: SpellsLike,
                 cuts: TenureCuts | None = None) -> Ledger:
    """Every cost category of one replication, vectorised over all spells: the batched
    ledger (``build_ledger_many``) of a batch of one.

    ``costs`` is compiled once per scenario (``compile_costs``); a scenario is compiled
    on the spot, for one-off calls and tests. ``cuts`` is ``spell_cuts(spells, months, origin)``
    when the caller has it.
    """
    if isinstance(costs, Scenario):
        costs = compile_costs(costs)
    cuts = cuts or spell_cuts(spells, costs.months, costs.origin)
    rep = np.zeros(len(np.asarray(spells.entry)), dtype=np.int64)
    return unstack(_ledgers([costs], spells, rep, cuts), 0)


def build_ledger_many(costs: Sequence[CostProgram], spells: SpellBatch,
                      cuts: TenureCuts) -> Ledger:
    """The ledgers of every replication of a batch (``costs``: each replication's
    compiled costs; ``cuts``: ``spell_cuts_many``), batched (``finsim.batch``): one
    pass over the batch's spells, each replication's part what it gets alone."""
    return _ledgers(costs, spells.spells, spells.rep, cuts)


def _ledgers(costs: Sequence[CostProgram], spells: SpellsLike, rep: np.ndarray,
             cuts: TenureCuts) -> Ledger:
    """The batched ledger of the spells of ``cuts.count`` replications end to end
    (``rep``: each spell's)."""
    first = costs[0]
    count, months, n_prov = cuts.count, first.months, len(first.provider_ids)
    in_slot = cuts.summed(spells.provider, n_prov)
    slots = per_replication([c.slots for c in costs], 2)
    on = Charges(in_slot=in_slot, occupied=added(in_slot, -1), slots=slots, spells=spells,
                 rep=rep, earlier={}, first_month=first.first_month)
    cost = np.zeros((count, months, n_prov, len(COST_CATEGORIES), cuts.years))
    booked = _booked(costs)
    ratio = None if first.subsidy_ratio is None else np.stack([c.subsidy_ratio for c in costs])
    for c, category in enumerate(COST_CATEGORIES):
        rates = [k.rates[c] for k in costs]
        charged = category.charge(rates, on)
        if category.person:
            cost[..., c, :] = charged
        else:
            cost[..., c, 0] = charged
        if booked is not None:  # before the next categories: overhead is a rate on staff
            if ratio is not None and category.id == "wages":
                ratio = booked_ratio(ratio, added(cost[..., c, :], -1), booked[..., c])
            cost[..., c, :] = with_booked(cost[..., c, :], booked[..., c])
            # a copy: the fixed amounts' cents are added to the cells below, not to this
            charged = (cost[..., c, :] if category.person else cost[..., c, 0]).copy()
        on.earlier[category.id] = charged
        _spread_fixed(category, rates, on,
                      None if booked is None else booked[..., c], cost[..., c, 0])
    _with_kept(cost, ratio, costs)
    return Ledger(
        cost=cost,
        participant_months=on.occupied,
        available_slot_months=np.broadcast_to(slots, (count, months, n_prov)).copy(),
        months=first.labels,
        provider_ids=first.provider_ids,
        subsidy_ratio=ratio,
    )


def person_charges(costs: CostProgram | Scenario, spells: SpellsLike,
                   categories: Iterable[str]) -> dict[str, SpellCharges]:
    """The charges spell by spell of each of ``categories`` in one replication
    (``SpellCharges``): what the funders with a ``per_person_limit`` on them count it
    against, in booked cells (``actuals.booked``) scaled to the booking. The batched
    form (``person_charges_many``) of a batch of one."""
    if isinstance(costs, Scenario):
        costs = compile_costs(costs)
    rep = np.zeros(len(np.asarray(spells.entry)), dtype=np.int64)
    return _person_charges([costs], spells, rep, 1, spell_years(spells), categories)


def person_charges_many(costs: Sequence[CostProgram], spells: SpellBatch, cuts: TenureCuts,
                        categories: Iterable[str]) -> dict[str, SpellCharges]:
    """``person_charges`` of every replication of a batch (``cuts``: ``spell_cuts_many``,
    whose tenure years the ledger has); none asked for, none worked out."""
    return _person_charges(costs, spells.spells, spells.rep, spells.count, cuts.years,
                           categories)


def _person_charges(costs: Sequence[CostProgram], spells: SpellsLike, rep: np.ndarray,
                    count: int, years: int, categories: Iterable[str]
                    ) -> dict[str, SpellCharges]:
    wanted = set(categories)
    first, booked = costs[0], _booked(costs) if wanted else None
    out: dict[str, SpellCharges] = {}
    for c, category in enumerate(COST_CATEGORIES):
        if category.id not in wanted:
            continue
        charges = category.spell_charges([k.rates[c] for k in costs], spells, rep, count,
                                         first.months, len(first.provider_ids), years)
        # booked cells: the persons' charges scaled to the booking (``as_booked``)
        out[category.id] = charges if booked is None else charges.as_booked(booked[..., c])
    return out


def _spread_fixed(category: type[CostCategory], rates: list[Any], on: Charges,
                  booked: np.ndarray | None, cells: np.ndarray) -> None:
    """The category's fixed amounts (``CostCategory.fixed``) in ``cells`` (its charge,
    ``[R, months, providers]``, changed in place) as whole cents that add up to each
    calendar year's amount (``yearly_whole_cents``); a booked cell keeps its booking and
    is no part of the year's spread. Records the fixed part for the later categories."""
    fixed = category.fixed(rates, on)
    if fixed is None:
        return
    if booked is not None:
        fixed = np.where(np.isnan(booked), fixed, 0.0)
    on.fixed[category.id] = fixed
    if np.any(fixed):
        cells += yearly_whole_cents(_own_rows(fixed, cells.shape), on.first_month) - fixed


def _own_rows(fixed: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``fixed`` broadcast to the months and providers of ``shape`` (``[R, months,
    providers]``) but with its own replication axis, if any: amounts the same in every
    replication (a scenario's management, drawn or not the coach) are spread into whole
    cents once, not once per replication (``yearly_whole_cents`` works each row alone,
    so the cents are the same; its sorts took some 0.8 ms of a seed batch of 30)."""
    fixed = np.asarray(fixed)
    return np.broadcast_to(fixed, (*fixed.shape[:max(fixed.ndim - 2, 0)], *shape[-2:]))


def _booked(costs: Sequence[CostProgram]) -> np.ndarray | None:
    """The replications' booked costs (``per_replication``), or None if none are booked."""
    if all(c.booked is None for c in costs):
        return None
    nothing = np.full((costs[0].months, len(costs[0].provider_ids), len(COST_CATEGORIES)),
                      np.nan)
    return per_replication([nothing if c.booked is None else c.booked for c in costs], 3)

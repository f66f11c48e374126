"""The cost ledger of one replication: EUR per month, provider, category and tenure year.

SPEC.md item 5. Costs accrue pro rata temporis on each continuous spell; the tenure
axis keeps the person-related categories (wages, qualification) apart by the
participant's year in the program, because funders such as §16i SGB II pay a share
that falls with tenure. Non-person categories sit in tenure slot 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from finsim.scenario.load import booked_costs
from finsim.scenario.model import CATEGORIES, Costs, Scenario
from finsim.scenario.schedule import calendar_years, index_ratio, indexed, month_labels, uprated

from .pieces import tenure_occupancy

WEEKS_PER_MONTH = 52.0 / 12.0
"""SPEC.md: a monthly wage is hourly x hours_per_week x 52 / 12."""

WAGES, STAFF, MATERIAL, QUALIFICATION, OVERHEAD = (CATEGORIES.index(c) for c in (
    "wages", "staff", "material", "qualification", "overhead"))


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
    """Costs of one replication, unrounded EUR (funding rounds them to cents per cell)."""

    cost: np.ndarray
    """EUR, ``[months, providers, len(CATEGORIES), tenure_years]``."""
    participant_months: np.ndarray
    """Occupied slot-months, pro rata, ``[months, providers]``."""
    available_slot_months: np.ndarray
    """Slots in force, ``[months, providers]``."""
    months: tuple[str, ...]
    """``YYYY-MM`` label of each month."""
    provider_ids: tuple[str, ...]
    categories: tuple[str, ...] = CATEGORIES

    @property
    def by_category(self) -> np.ndarray:
        """Cost summed over tenure years, ``[months, providers, categories]``."""
        return self.cost.sum(axis=-1)


def tenure_years(horizon: float) -> int:
    """Number of tenure-year slots a horizon needs (at least 1)."""
    return max(1, math.ceil(horizon / 12.0))


@dataclass(frozen=True, eq=False)
class CostProgram:
    """Everything the ledger needs that is the same in every replication, compiled once:
    the rates per provider (overrides applied, uprated), the slots in force and the
    qualification modules."""

    months: int
    labels: tuple[str, ...]
    provider_ids: tuple[str, ...]
    slots: np.ndarray
    """Slots in force, ``[months, providers]``."""
    rates: ProviderRates
    module_month: tuple[float, ...]
    module_cost: tuple[float, ...]
    module_index: np.ndarray | None = None
    """Price factor of a module charged in each month (``prices.qualification``)."""
    booked: np.ndarray | None = None
    """Booked costs of actual months, EUR ``[months, providers, categories]``, NaN where
    the ledger's own cost stands (``actuals.booked``)."""


def compile_costs(scn: Scenario) -> CostProgram:
    """The ledger's part of a compiled scenario (pure)."""
    modules = scn.costs.qualification
    return CostProgram(
        months=scn.period.months,
        labels=tuple(month_labels(scn.period.start_month, scn.period.months)),
        provider_ids=tuple(scn.provider_ids),
        slots=scn.slots_in_force(),
        rates=rates_by_provider(scn),
        module_month=tuple(float(m.month) for m in modules),
        module_cost=tuple(float(m.cost) for m in modules),
        module_index=_module_index(scn),
        booked=booked_costs(scn) if scn.actuals and scn.actuals.booked else None,
    )


def _module_index(scn: Scenario) -> np.ndarray | None:
    index = scn.prices.qualification
    if index is None:
        return None
    years = calendar_years(scn.period.start_month, scn.period.months)
    return index_ratio(index, years, _base_year(scn))


def _base_year(scn: Scenario) -> int:
    """The year whose prices plain money values are in."""
    return scn.prices.base_year or scn.period.start_month.year


def _priced(scn: Scenario, value, kind: str, annual_increase: float = 0.0) -> np.ndarray:
    """A money value's monthly amounts: by ``prices.<kind>`` if given, else by the
    kind's own ``annual_increase`` (from ``prices.base_year`` if that is given)."""
    start, months = scn.period.start_month, scn.period.months
    index = getattr(scn.prices, kind)
    if index is None and scn.prices.base_year is None:
        return uprated(value, annual_increase, start, months)
    return indexed(value, annual_increase if index is None else index, _base_year(scn),
                   start, months)


def with_booked(cost: np.ndarray, booked: np.ndarray) -> np.ndarray:
    """Booked cells replace the ledger's cost; a cell's split by tenure year keeps the
    ledger's proportions (all in year one where the ledger has nothing there)."""
    own = cost.sum(axis=-1)
    given = ~np.isnan(booked)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(own > 0, np.nan_to_num(booked) / own, 0.0)
    out = np.where(given[..., None], cost * factor[..., None], cost)
    empty = given & (own <= 0)
    out[..., 0][empty] = booked[empty]
    return out


def build_ledger(costs: CostProgram | Scenario, spells: SpellsLike) -> Ledger:
    """All five cost categories of one replication, vectorised over all spells.

    ``costs`` is compiled once per scenario (``compile_costs``); a scenario is compiled
    on the spot, for one-off calls and tests.
    """
    if isinstance(costs, Scenario):
        costs = compile_costs(costs)
    months, n_prov = costs.months, len(costs.provider_ids)
    provider = np.asarray(spells.provider, dtype=np.int64)
    entry = np.asarray(spells.entry, dtype=float)
    # tenure years from the earliest entry: people employed before the start continue
    # in the year of employment they are in
    years = tenure_years(float(spells.horizon) - min(0.0, float(entry.min(initial=0.0))))
    exit_ = np.asarray(spells.exit, dtype=float)

    in_slot = tenure_occupancy(entry, exit_, provider, months, n_prov, years)
    occupied = in_slot.sum(axis=-1)
    slots = costs.slots
    r = costs.rates

    cost = np.zeros((months, n_prov, len(CATEGORIES), years))
    cost[:, :, WAGES, :] = in_slot * r.wage[:, :, None]
    staff = occupied / r.per_coach * r.coach + np.where(slots > 0, r.management, 0.0)
    cost[:, :, STAFF, 0] = staff
    cost[:, :, MATERIAL, 0] = slots * r.material
    cost[:, :, OVERHEAD, 0] = staff * r.overhead
    cost[:, :, QUALIFICATION, :] = qualification_costs(costs, spells, years)
    if costs.booked is not None:
        cost = with_booked(cost, costs.booked)
    return Ledger(
        cost=cost,
        participant_months=occupied,
        available_slot_months=slots,
        months=costs.labels,
        provider_ids=costs.provider_ids,
    )


@dataclass(frozen=True, eq=False)
class ProviderRates:
    """Monthly cost rates over the horizon (overrides applied, uprated).

    Arrays are ``[months]`` for one provider (``of``) or ``[months, providers]`` and
    scalars ``[providers]`` for all (``rates_by_provider``).
    """

    wage: np.ndarray
    """Employer cost of one full person-month of wages."""
    coach: np.ndarray
    """Cost of one coaching FTE-month."""
    per_coach: float | np.ndarray
    management: np.ndarray
    """Management cost per month (charged while the provider has slots)."""
    material: np.ndarray
    """Material cost per available slot-month."""
    overhead: float | np.ndarray

    @classmethod
    def of(cls, scn: Scenario, costs: Costs) -> ProviderRates:
        w, s = costs.wages, costs.staff
        hourly = _priced(scn, w.hourly, "wages", w.annual_increase)
        return cls(
            wage=hourly * w.hours_per_week * WEEKS_PER_MONTH * (1.0 + w.employer_contributions),
            coach=_priced(scn, s.coach_cost_per_year, "staff", s.annual_increase) / 12.0,
            per_coach=s.participants_per_coach,
            management=_priced(scn, s.management_cost_per_year, "staff",
                               s.annual_increase) / 12.0,
            material=_priced(scn, costs.material.per_slot_month, "material"),
            overhead=costs.overhead.rate_on_staff,
        )


def rates_by_provider(scn: Scenario) -> ProviderRates:
    """Every provider's rates side by side; providers without overrides share one lookup."""
    program = ProviderRates.of(scn, scn.costs)
    each = [program if p.costs is None else ProviderRates.of(scn, scn.costs_for(p))
            for p in scn.providers]

    def stack(name: str) -> np.ndarray:
        return np.stack([np.asarray(getattr(r, name), dtype=float) for r in each], axis=-1)

    return ProviderRates(wage=stack("wage"), coach=stack("coach"),
                         per_coach=stack("per_coach"), management=stack("management"),
                         material=stack("material"), overhead=stack("overhead"))


def qualification_costs(costs: CostProgram, spells: SpellsLike, years: int) -> np.ndarray:
    """Module costs in the month they fall due, ``[months, providers, tenure_years]``.

    A module with ``month`` m > 0 is charged at entry + m if the person is still employed
    then (entry + m < exit) and that is within the horizon; m = 0 is charged at entry.
    Someone employed before the start is charged only the modules due inside the
    horizon, so entry modules are never charged twice. Its tenure year is m // 12.
    """
    months, n_prov = costs.months, len(costs.provider_ids)
    out = np.zeros(months * n_prov * years)
    entry = np.asarray(spells.entry, dtype=float)
    exit_ = np.asarray(spells.exit, dtype=float)
    provider = np.asarray(spells.provider, dtype=np.int64)
    modules = np.asarray(spells.modules, dtype=bool)
    for j, (at, cost) in enumerate(zip(costs.module_month, costs.module_cost, strict=True)):
        due = entry + at
        taken = modules[:, j] & (due >= 0) & (due < months)
        if at > 0:
            taken &= due < exit_
        month = np.floor(due[taken]).astype(np.int64)
        year = min(int(at // 12), years - 1)
        index = (month * n_prov + provider[taken]) * years + year
        weights = None if costs.module_index is None else costs.module_index[month]
        out += np.bincount(index, weights=weights, minlength=out.size) * cost
    return out.reshape(months, n_prov, years)

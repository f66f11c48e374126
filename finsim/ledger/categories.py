"""Cost categories: one small class per category, in the order every table shows them.

Each category says what it is called (the English label of the tables, the German
terms of the monitoring view and of the Kosten- und Finanzierungsplan), which scenario
blocks hold its parameters (for the workbook's assumptions sheet), what quantity the
plan's unit cost multiplies (``quantity``, ``unit``; a lump sum if it names none),
whether a funder's share of it may depend on the participant's year in the program
(``person``), how its
rates are compiled once per scenario (``rates``) and how one replication is charged
(``charge``). The ledger, the funding rules, every table, chart, workbook and the
monitoring view read the categories from ``COST_CATEGORIES``.

To add a category: one subclass of ``CostCategory`` (its parameter ``block`` included)
and ``register_category`` of it (docs/design.md lists what it says), and ledger tests of
its arithmetic by hand. Importing this module fails when ``COST_CATEGORIES`` and
``CATEGORIES`` disagree, so a half-added built-in category never reaches a report.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, overload

import numpy as np

from finsim.copies import changed
from finsim.registry import ADDED_CATEGORIES as ADDED
from finsim.registry import Registry, add_field, drop_field, rebuild
from finsim.scenario import model
from finsim.scenario.checks import (
    WEEKS_PER_MONTH,  # a monthly wage: hourly x hours x 52/12
    registered_id_problem,
)
from finsim.scenario.minimum_wage import minimum_wage_schedule
from finsim.scenario.model import (
    CATEGORIES,
    PER_PERSON_LIMITED,
    PERSON_CATEGORIES,
    WAGE,
    Costs,
    Scenario,
)
from finsim.scenario.schedule import (
    Month,
    calendar_years,
    index_ratio,
    indexed,
    monthly,
    uprated,
)

from .persons import SpellCharges


@dataclass(frozen=True, eq=False)
class Charges:
    """What a category may charge on in the R replications of a batch (one: R = 1)."""

    in_slot: np.ndarray
    """Occupied slot-months by tenure year, pro rata, ``[R, months, providers, years]``."""
    occupied: np.ndarray
    """Occupied slot-months, ``[R, months, providers]``."""
    slots: np.ndarray
    """Slots in force, ``[R, months, providers]`` or, the same in every replication,
    ``[months, providers]``."""
    spells: Any
    """The replications' spells end to end (``SpellsLike``)."""
    rep: np.ndarray
    """``[spells]``: the replication of each spell."""
    earlier: dict[str, np.ndarray]
    """What the categories before this one charged (overhead is a rate on staff), before
    their fixed amounts were spread in whole cents (``CostCategory.fixed``)."""
    first_month: int = 1
    """Calendar month (1-12) of the horizon's first month."""
    fixed: dict[str, np.ndarray] = field(default_factory=dict)
    """The fixed part of what the categories before this one charged
    (``CostCategory.fixed``, 0 in booked cells), by category id."""


def per_replication(values: Sequence[Any], ndim: int) -> np.ndarray:
    """Each replication's rate array (``[*shape]``, ``ndim`` axes after the replication
    axis of what it multiplies) as one array that broadcasts against ``[R, ...]``: the
    very array when every replication has the same (a draw that does not reach it keeps
    its object), else stacked, ``[R, 1, ..., *shape]``."""
    first = values[0]
    if all(v is first for v in values):
        return np.asarray(first)
    out = np.stack([np.asarray(v, dtype=float) for v in values])
    return out.reshape(len(values), *([1] * (ndim + 1 - out.ndim)), *out.shape[1:])


class CostCategory:
    """A cost category (subclass it; see the module docstring)."""

    id: ClassVar[str]
    label: ClassVar[str]
    """English label of the tables, pages and workbooks, as written (capitalised): it says
    what ``plan_line`` says (an amount incl. employer contributions must not read as
    gross pay to an auditor checking it against payroll)."""
    monitoring: ClassVar[str]
    """The deck's German term, for the monitoring view (German alone: the English page
    adds ``label`` after it)."""
    plan_line: ClassVar[str]
    """The line of the Kosten- und Finanzierungsplan."""
    parameters: ClassVar[tuple[str, ...]]
    """Scenario blocks that hold its parameters (the workbook's assumptions sheet)."""
    person: ClassVar[bool] = False
    """Charged by tenure year, so a funder's share may depend on it."""
    reads: ClassVar[tuple[str, ...] | None] = None
    """The cost blocks (``costs.<block>``, or a provider's override of one) its ``rates``
    read besides ``period`` and ``prices``: a drawn value in another block keeps its rates.
    None: any value may change them (they are derived again for every draw)."""
    quantity: ClassVar[str | None] = None
    """What the plan's unit cost multiplies (``report.quantities.QUANTITIES``, or another
    category's id for a rate on its amount); None: a lump sum a year (quantity 1)."""
    unit: ClassVar[str] = "€ pauschal je Jahr (Menge 1)"
    """The plan's unit cost, as the Kosten- und Finanzierungsplan names it."""
    unit_en: ClassVar[str] = "€ lump sum per year (quantity 1)"
    """The same in English (plan.xlsx with ``--lang en``)."""
    block: ClassVar[Any] = None
    """A registered category's parameter block (a ``Strict`` model): ``costs.<id>``, its
    description the class's docstring. None for the built-in ones (``scenario/model.py``)."""
    patch: ClassVar[Any] = None
    """A provider's override of ``block`` (every field optional), ``providers[].costs.<id>``;
    None: no override."""
    price_kind: ClassVar[str | None] = None
    """A ``prices.<kind>`` of its own that registering adds (described by ``price_about``)."""
    price_about: ClassVar[str] = ""
    """The description of ``prices.<price_kind>``."""
    word: ClassVar[str] = ""
    """The word before "costs" in a refusal ("the travel costs could reach ...")."""
    drivers: ClassVar[tuple[str, ...]] = ()
    """The parameters below ``costs`` its ``bound`` is built from, the rate first: a
    refusal of the costs names them with their values (``"travel.per_participant_month"``)."""
    german: ClassVar[dict[str, str]] = {}
    """German descriptions of its fields, by ``Model.field`` (plan.xlsx's Annahmen)."""
    units: ClassVar[dict[str, dict[str, str]]] = {}
    """Units of its fields, ``{"de": {field: unit}, "en": {...}}`` (plan.xlsx's Annahmen)."""

    @classmethod
    def bound(cls, scn: Scenario, costs: Costs, occupied: np.ndarray,
              slots: np.ndarray) -> float:
        """An upper bound of its cost over the horizon (EUR) for a group of providers with
        the same ``costs``: ``occupied`` (every slot occupied from the month it first
        exists) and ``slots``, ``[months]``. Validation refuses a scenario whose bounds
        pass finsim's ceiling (``scenario.checks``), before a run could."""
        raise NotImplementedError(f"category {cls.id}: no cost bound")

    @classmethod
    def month(cls, scn: Scenario, costs: Costs, rates: Any, m: int, p: int) -> dict[str, Any]:
        """Its rates in force in month ``m`` for provider ``p`` (``rates``: its own, as
        ``compile_costs`` gives them), for ``finsim show --month``: EUR to the cent."""
        return {}

    @classmethod
    def rates(cls, scn: Scenario, each: Sequence[Costs]) -> Any:
        """Everything per provider that does not change between replications."""
        raise NotImplementedError

    @classmethod
    def charge(cls, rates: Sequence[Any], on: Charges) -> np.ndarray:
        """EUR ``[R, months, providers]`` (or what broadcasts to it), or ``[R, months,
        providers, years]`` if ``person``; ``rates``: each replication's (a draw's own
        where it reaches them, else the very same object)."""
        raise NotImplementedError

    @classmethod
    def spell_charges(cls, rates: Sequence[Any], spells: Any, rep: np.ndarray, count: int,
                      months: int, providers: int, years: int) -> SpellCharges:
        """Its charges spell by spell, in time order (a category in ``PER_PERSON_LIMITED``,
        whose funders may stop at a ``per_person_limit``): ``charge`` before it sums them."""
        raise NotImplementedError(f"category {cls.id}: no charges spell by spell")

    @classmethod
    def fixed(cls, rates: Sequence[Any], on: Charges) -> np.ndarray | None:
        """The part of ``charge`` that is a fixed amount a year, not tied to people (EUR a
        month, unrounded, ``[R, months, providers]`` or what broadcasts to it; a category
        that is not ``person``), or None. The ledger books each calendar year of it in
        whole cents that add up to the year's amount (``yearly_whole_cents``), so a
        budget line of 10,000 EUR a year sums to 10,000.00, not 12 x 833.33."""
        return None

    @classmethod
    def redrawn(cls, rates: Any, scns: Sequence[Scenario], each: Sequence[Sequence[Costs]],
                fields: set[str]) -> list[Any]:
        """Its rates for each of ``scns`` (a batch of draws; ``each``: each one's
        ``ProviderCosts``), which differ from the scenario of ``rates`` only in ``fields``
        of its ``reads`` blocks (``"staff.coach_cost_per_year"``; a block alone if a whole
        block changed), and from one another only in cost values: all derived again, one
        scenario at a time, unless a category knows which of its rates the fields reach
        and derives them for the whole batch at once."""
        return [cls.rates(scn, costs) for scn, costs in zip(scns, each, strict=True)]


def base_year(scn: Scenario) -> int:
    """The year whose prices plain money values are in: ``prices.base_year``, else the
    program's own first year. A program that keeps going (``period.simulate_from``, as
    ``finsim size --start`` sets it) keeps the prices it was written in: its 2027 costs
    are the same whether the period starts in 2026 or in 2027."""
    if scn.prices.base_year is not None:
        return scn.prices.base_year
    return Month.parse(scn.period.simulate_from or scn.period.start).year


def priced(scn: Scenario, value, kind: str, annual_increase: float = 0.0) -> np.ndarray:
    """A money value's monthly amounts: by ``prices.<kind>`` if given, else by the
    kind's own ``annual_increase`` (from ``base_year(scn)``)."""
    start, months = scn.period.start_month, scn.period.months
    index = getattr(scn.prices, kind)
    if index is None and scn.prices.base_year is None and base_year(scn) == start.year:
        return uprated(value, annual_increase, start, months)
    return indexed(value, annual_increase if index is None else index, base_year(scn),
                   start, months)


def priced_many(scn: Scenario, values: Sequence[Any], kind: str,
                increases: Sequence[float]) -> np.ndarray:
    """``priced`` of each of ``values`` with its annual increase, ``[values, months]``
    (``scn``: the period and prices they share): each distinct increase's price factor
    is ``priced`` of 1 (of a schedule of ones with the value's months), worked out once,
    and each value's monthly amounts (once per distinct value) times it are ``priced``'s
    own products, bit for bit (``priced`` is the monthly amounts times that factor; a
    test holds them equal). A batch of drawn coach costs then takes one product, and a
    batch of drawn wage increases one factor each but the wage's amounts once."""
    start, months = scn.period.start_month, scn.period.months
    keys = [tuple(v) if isinstance(v, dict) else None for v in values]
    factors: dict[tuple, np.ndarray] = {}
    for key, rate in zip(keys, increases, strict=True):
        if (key, rate) not in factors:
            factors[key, rate] = priced(scn, 1.0 if key is None else _ones(key), kind, rate)
    factor = (next(iter(factors.values())) if len(factors) == 1 else
              np.stack([factors[pair] for pair in zip(keys, increases, strict=True)]))
    if all(key is None for key in keys):  # plain numbers: each v x factor
        return np.array(values, dtype=float)[:, None] * factor
    amounts = {id(v): v for v in values}
    if len(amounts) == 1:  # one schedule (a drawn increase): its amounts once
        out = np.empty((len(values), months))
        out[...] = monthly(values[0], start, months) * factor
        return out
    monthlies = {k: monthly(v, start, months) for k, v in amounts.items()}
    return np.stack([monthlies[id(v)] for v in values]) * factor


@functools.lru_cache(maxsize=64)
def _ones(keys: tuple[str, ...]) -> dict[str, float]:
    """A schedule of ones with the months ``keys`` (read, never changed)."""
    return dict.fromkeys(keys, 1.0)


def monthly_gross(scn: Scenario, costs: Costs) -> np.ndarray:
    """The gross monthly wage of a full month in a slot, uprated: hourly x hours x 52/12."""
    return monthly_gross_many(scn, [costs])[0]


def monthly_gross_many(scn: Scenario, costs: Sequence[Costs]) -> np.ndarray:
    """``monthly_gross`` of each of ``costs`` (``scn``: the period and prices they share),
    ``[costs, months]``, the hourly wages priced together (``priced_many``)."""
    w = [c.wages for c in costs]
    hourly = priced_many(scn, [x.hourly for x in w], "wages", [x.annual_increase for x in w])
    return hourly * np.array([x.hours_per_week for x in w], dtype=float)[:, None] * WEEKS_PER_MONTH


def employer_factor(scn: Scenario, wages: Any) -> np.ndarray:
    """1 + the employer contributions of the wage block ``wages`` in each month of the
    period, ``[months]``: the rates change by date (each January in Germany), so the
    wage line, one-off payments and the fiscal balance's gross pay read them per month."""
    return 1.0 + monthly(wages.employer_contributions, scn.period.start_month,
                         scn.period.months)


def employer_factors(scn: Scenario, costs: Sequence[Costs]) -> np.ndarray:
    """``employer_factor`` of each of ``costs``' wage blocks, ``[costs, months]``, worked
    out once per distinct contributions value: a batch of drawn wages shares the
    scenario's (30 replications made the same row 30 times)."""
    made: dict[int, np.ndarray] = {}
    rows = []
    for c in costs:
        key = id(c.wages.employer_contributions)
        if key not in made:
            made[key] = employer_factor(scn, c.wages)
        rows.append(made[key])
    if len(made) == 1:
        return np.broadcast_to(rows[0], (len(rows), len(rows[0])))
    return np.stack(rows)


def contribution_rates(scn: Scenario, wages: Sequence[Any]) -> np.ndarray:
    """The employer contributions of each wage block in ``wages`` (one per provider) in
    each month, ``[months, providers]``: what the fiscal balance takes out of the wage
    line to find the gross pay."""
    start, months = scn.period.start_month, scn.period.months
    return np.stack([monthly(w.employer_contributions, start, months) for w in wages], axis=1)


def hourly_priced(scn: Scenario, hourly: Any, wages: Any) -> np.ndarray:
    """An hourly wage of the wage block ``wages`` (its own, its subsidy base's, the minimum
    wage) each month, priced as the ledger prices that block's wage: by ``prices.wages``,
    else the block's ``annual_increase``; a schedule stands as given up to its last year."""
    return priced(scn, hourly, "wages", wages.annual_increase)


def minimum_wage_hourly(scn: Scenario, wages: Any) -> np.ndarray:
    """The minimum wage each month as the ledger prices ``minimum_wage`` in the wage block
    ``wages`` (a subsidy base's default): the statutory table, and after its last year
    finsim's own assumption, the last rate uprated like the block's wage. The one series
    the subsidy base, ``finsim show`` and the minimum-wage warning read."""
    return hourly_priced(scn, minimum_wage_schedule(), wages)


def subsidy_base(scn: Scenario, costs: Costs) -> np.ndarray:
    """The subsidisable wage of a full month in a slot (§16i/§16e), ``[months]``: the base
    hourly wage, at most the wage paid (the law subsidises the wage actually paid, up to
    the minimum or tariff wage named as the base), x hours x 52/12 x (1 + the flat
    contributions without unemployment insurance); zero without ``subsidy_base``."""
    w, base = costs.wages, costs.wages.subsidy_base
    start, months = scn.period.start_month, scn.period.months
    if base is None:
        return np.zeros(months)
    hourly = hourly_priced(scn, w.hourly, w)
    if base.hourly != WAGE:
        hourly = np.minimum(hourly, hourly_priced(scn, base.hourly, w))
    return (hourly * w.hours_per_week * WEEKS_PER_MONTH
            * (1.0 + monthly(base.contributions, start, months)))


def subsidy_ratios(scn: Scenario, each: Sequence[Costs]) -> np.ndarray | None:
    """The subsidisable wage over the wage line, at most 1, ``[months, providers]``: what a
    funder with ``basis: subsidy_base`` takes its share of wages of. None if no provider
    has a ``subsidy_base``."""
    if all(w.subsidy_base is None for w in blocks(scn, each, "wages")):
        return None
    wage = Wages.rates(scn, each)
    base = _per_provider(scn, each, lambda c: subsidy_base(scn, c), "wages")
    with np.errstate(divide="ignore", invalid="ignore"):
        # min(base, wage) / wage: at most 1 without dividing into an overflow (a wage
        # of 1e-308 EUR an hour is valid); the same value as min(base / wage, 1)
        return np.where(wage > 0, np.minimum(base, wage) / wage, 0.0)


def _per_provider(scn: Scenario, each: Sequence[Costs], rate, block: str | None = None,
                  fields: tuple[str, ...] = ()) -> np.ndarray:
    """``rate(costs)`` for every provider (``_per_provider_many`` of one scenario)."""
    def rates(costs: Sequence[Costs]) -> np.ndarray:
        return np.stack([np.asarray(rate(c), dtype=float) for c in costs])

    return _per_provider_many([scn], [each], rates, block, fields)[0]


per_provider = _per_provider
"""A category's monthly rate for every provider, ``[months, providers]`` (a registered
category's ``rates`` use it: each provider's overrides of ``block`` are laid over the
program's)."""


def _per_provider_many(scns: Sequence[Scenario], each: Sequence[Sequence[Costs]], rates,
                       block: str | None = None, fields: tuple[str, ...] = ()
                       ) -> list[np.ndarray]:
    """``rate(costs)`` for every provider of each of ``scns`` (``rates``: of a list of
    costs, one row each); providers without overrides share one lookup, and so do
    providers whose overrides leave ``block`` (the one ``rate`` reads) alone, or at
    least the ``fields`` of it that ``rate`` reads (``_overrides``: such a provider's
    costs hold the program's very values there): the distinct values are stacked once
    and picked per provider. Scenarios whose providers override alike (a batch of
    draws) are derived at once, ``rates`` called once for the whole batch (a drawn value
    derives this again for every replication)."""
    lists = {id(scn.providers): scn.providers for scn in scns}  # a batch's: one list
    owns = {_overriding(providers, block, fields) for providers in lists.values()}
    if len(owns) > 1:
        return [_per_provider_many([s], [e], rates, block, fields)[0]
                for s, e in zip(scns, each, strict=True)]
    own, n_prov = owns.pop(), len(scns[0].providers)
    value = rates([scn.costs for scn in scns])
    if not own:  # every provider the program's: one column repeated
        out = np.empty((*value.shape, n_prov))  # ``np.repeat``, without its dispatch
        out[...] = value[..., None]
        return list(out)
    values = [value, *(rates([costs[k] for costs in each]) for k in own)]
    column = [0] * n_prov
    for j, k in enumerate(own, start=1):
        column[k] = j
    return list(np.stack(values, axis=-1)[..., column])


_OVERRIDING: dict[tuple[int, str | None, tuple[str, ...]], tuple[list, tuple[int, ...]]] = {}


def _overriding(providers: list, block: str | None, fields: tuple[str, ...] = ()
                ) -> tuple[int, ...]:
    """The positions of the providers whose override gives a value a rate reads
    (``_overrides``), told once per list of providers: every drawn scenario of a run
    shares its list (a draw that reaches a provider's override copies it), and asking
    each provider again in every replication cost a third of a drawn wage's rates. The
    cache holds the list itself, so its ``id`` is not another list's while cached."""
    key = (id(providers), block, fields)
    hit = _OVERRIDING.get(key)
    if hit is not None and hit[0] is providers:
        return hit[1]
    if len(_OVERRIDING) >= 256:
        _OVERRIDING.clear()
    found = tuple(k for k, p in enumerate(providers) if _overrides(p, block, fields))
    _OVERRIDING[key] = (providers, found)
    return found


def _overrides(provider: Any, block: str | None, fields: tuple[str, ...] = ()) -> bool:
    """Whether a provider's cost override gives a value a rate reads: any override when
    the rate reads all of the costs (no ``block``), else one of the ``fields`` of
    ``block`` (any of its fields if none are named). Told from the override alone: the
    provider's costs (``Scenario.costs_for``) need not be laid together for it."""
    patch = provider.costs
    if patch is None or block is None:
        return patch is not None
    mine = getattr(patch, block)
    return mine is not None and (not fields or any(getattr(mine, f, None) is not None
                                                   for f in fields))


def blocks(scn: Scenario, each: Sequence[Costs], block: str) -> list[Any]:
    """Each provider's cost block ``block``: the program's own where its override leaves
    the block alone (``each[k]`` is read only for the others)."""
    own, theirs = getattr(scn.costs, block), _overriding(scn.providers, block)
    return [getattr(each[k], block) if k in theirs else own
            for k in range(len(scn.providers))]


class ProviderCosts(Sequence[Costs]):
    """``[scn.costs_for(p) for p in scn.providers]``, each provider's laid together only
    when read: the categories ask ``_overrides`` first, so a draw's recompiled rates
    read only the providers whose overrides reach them (a seed draw: none)."""

    def __init__(self, scn: Scenario) -> None:
        self.scn = scn
        self._made: dict[int, Costs] = {}

    def __len__(self) -> int:
        return len(self.scn.providers)

    @overload
    def __getitem__(self, k: int) -> Costs: ...

    @overload
    def __getitem__(self, k: slice) -> list[Costs]: ...

    def __getitem__(self, k: int | slice) -> Costs | list[Costs]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k not in self._made:
            self._made[k] = self.scn.costs_for(self.scn.providers[k])
        return self._made[k]


class Wages(CostCategory):
    """Participants' wages: hourly x hours x 52/12 x (1 + employer contributions), uprated,
    pro rata over every occupied slot-month."""

    id = "wages"
    label = "Wages incl. employer contributions"
    monitoring = "Löhne der Integrationsbeschäftigten"
    plan_line = "Personalkosten Beschäftigte (Lohn inkl. AG-Anteil)"
    quantity = "participant_months"
    unit = "€ je Teilnehmermonat (Lohn inkl. AG-Anteil)"
    unit_en = "€ per participant-month (wage incl. employer contributions)"
    parameters = ("costs.wages",)
    reads = ("costs.wages",)
    person = True

    @classmethod
    def rates(cls, scn: Scenario, each: Sequence[Costs]) -> np.ndarray:
        return cls.redrawn(None, [scn], [each], set())[0]

    @classmethod
    def redrawn(cls, rates: np.ndarray | None, scns: Sequence[Scenario],
                each: Sequence[Sequence[Costs]], fields: set[str]) -> list[np.ndarray]:
        def wages(costs: Sequence[Costs]) -> np.ndarray:
            return monthly_gross_many(scns[0], costs) * employer_factors(scns[0], costs)

        return _per_provider_many(scns, each, wages, "wages")

    @classmethod
    def charge(cls, rates: Sequence[np.ndarray], on: Charges) -> np.ndarray:
        return on.in_slot * per_replication(rates, 2)[..., None]


@dataclass(frozen=True, eq=False)
class StaffRates:
    coach: np.ndarray
    """Cost of one coaching FTE-month, ``[months, providers]``."""
    per_coach: np.ndarray
    """Participants per coach, ``[providers]``."""
    management: np.ndarray
    """Management cost a month while the provider has slots, ``[months, providers]``."""


class Staff(CostCategory):
    """Coaching by ratio (occupied slot-months / participants per coach) plus management
    while the provider has slots."""

    id = "staff"
    label = "Staff for guidance, coaching and management"
    monitoring = "Personalausgaben"
    plan_line = "Personalkosten Anleitung, Betreuung, Leitung"
    quantity = "coach_months"
    unit = "€ je VZÄ-Monat Anleitung/Betreuung (Leitung anteilig)"
    unit_en = "€ per coaching FTE-month (management pro rata)"
    parameters = ("costs.staff",)
    reads = ("costs.staff",)

    READS: ClassVar[dict[str, tuple[str, ...]]] = {
        "coach": ("staff.coach_cost_per_year", "staff.annual_increase"),
        "per_coach": ("staff.participants_per_coach",),
        "management": ("staff.management_cost_per_year", "staff.annual_increase"),
    }
    """The fields each of its rates reads (a drawn coach cost derives only ``coach``)."""
    KNOWN: ClassVar[frozenset[str]] = frozenset(f for reads in READS.values() for f in reads)
    """The fields ``READS`` names."""

    @classmethod
    def rates(cls, scn: Scenario, each: Sequence[Costs]) -> StaffRates:
        return StaffRates(**{name: cls._rates([scn], [each], name)[0] for name in cls.READS})

    @classmethod
    def redrawn(cls, rates: StaffRates, scns: Sequence[Scenario],
                each: Sequence[Sequence[Costs]], fields: set[str]) -> list[StaffRates]:
        if not fields <= cls.KNOWN:
            return super().redrawn(rates, scns, each, fields)
        new = {name: cls._rates(scns, each, name) for name, reads in cls.READS.items()
               if not fields.isdisjoint(reads)}
        return [changed(rates, **{name: v[r] for name, v in new.items()})
                for r in range(len(scns))]

    @classmethod
    def _rates(cls, scns: Sequence[Scenario], each: Sequence[Sequence[Costs]],
               name: str) -> list[np.ndarray]:
        """The rate ``name`` of each of ``scns``, derived for them all at once."""
        fields = tuple(f.removeprefix("staff.") for f in cls.READS[name])
        if name == "per_coach":
            return _per_provider_many(scns, each, lambda costs: np.array(
                [c.staff.participants_per_coach for c in costs], dtype=float), "staff", fields)
        key = f"{name}_cost_per_year"
        return _per_provider_many(scns, each, lambda costs: priced_many(
            scns[0], [getattr(c.staff, key) for c in costs], "staff",
            [c.staff.annual_increase for c in costs]) / 12.0, "staff", fields)

    @classmethod
    def charge(cls, rates: Sequence[StaffRates], on: Charges) -> np.ndarray:
        coach, per_coach = (per_replication([getattr(r, name) for r in rates], 2)
                            for name in ("coach", "per_coach"))
        return on.occupied / per_coach * coach + cls.fixed(rates, on)

    @classmethod
    def fixed(cls, rates: Sequence[StaffRates], on: Charges) -> np.ndarray:
        """Management, in every month the provider has a slot in force."""
        return np.where(on.slots > 0, per_replication([r.management for r in rates], 2), 0.0)


class Material(CostCategory):
    """Material per available slot-month, occupied or not."""

    id = "material"
    label = "Material"
    monitoring = "Sachausgaben"
    plan_line = "Sachkosten"
    quantity = "slot_months"
    unit = "€ je Platzmonat"
    unit_en = "€ per slot-month"
    parameters = ("costs.material",)
    reads = ("costs.material",)

    @classmethod
    def rates(cls, scn: Scenario, each: Sequence[Costs]) -> np.ndarray:
        return _per_provider(scn, each,
                             lambda c: priced(scn, c.material.per_slot_month, "material"),
                             "material")

    @classmethod
    def charge(cls, rates: Sequence[np.ndarray], on: Charges) -> np.ndarray:
        return on.slots * per_replication(rates, 2)


@dataclass(frozen=True, eq=False)
class Modules:
    month: tuple[float, ...]
    """Months after entry each module is charged."""
    cost: tuple[float, ...]
    index: np.ndarray | None = None
    """Price factor of a module charged in each month (``prices.qualification``)."""

    @functools.cached_property
    def at(self) -> np.ndarray:
        """``month`` as an array ``[modules]``."""
        return np.array(self.month, dtype=float)

    @functools.cached_property
    def tenure_year(self) -> np.ndarray:
        """The tenure year each module falls in (``month // 12``), int ``[modules]``."""
        return (self.at // 12).astype(np.int64)

    @functools.cached_property
    def costs(self) -> np.ndarray:
        """``cost`` as a column ``[modules, 1]``."""
        return np.array(self.cost, dtype=float)[:, None]

class Qualification(CostCategory):
    """Qualification modules in the month they fall due, by tenure year (``month // 12``).

    A module with ``month`` m > 0 is charged at entry + m if the person is still employed
    then (entry + m < exit) and that is within the horizon; m = 0 is charged at entry.
    Someone employed before the start is charged only the modules due inside the
    horizon, so entry modules are never charged twice.
    """

    id = "qualification"
    label = "Qualification"
    monitoring = "Qualifizierungskosten"
    plan_line = "Qualifizierung"
    quantity = "entries"  # its modules are taken per entrant (at entry and after)
    unit = "€ je neuem Eintritt (Module des Jahres / neue Eintritte des Jahres)"
    unit_en = "€ per new entry (the year's modules / the year's new entries)"
    parameters = ("costs.qualification",)
    reads = ("costs.qualification",)
    person = True

    @classmethod
    def rates(cls, scn: Scenario, each: Sequence[Costs]) -> Modules:
        modules = scn.costs.qualification
        index = None
        if scn.prices.qualification is not None:
            years = calendar_years(scn.period.start_month, scn.period.months)
            index = index_ratio(scn.prices.qualification, years, base_year(scn))
        return Modules(tuple(float(m.month) for m in modules),
                       tuple(float(m.cost) for m in modules), index)

    @classmethod
    def charge(cls, rates: Sequence[Modules], on: Charges) -> np.ndarray:
        count, months, n_prov, years = on.in_slot.shape
        if not rates[0].month:
            return np.zeros(on.in_slot.shape)
        taken = takers(rates, on.spells, on.rep, months)
        # every module's takers counted per cell in one pass over the whole grid, those
        # who do not take it with a weight of 0 (adding 0.0 leaves a sum as it is), then
        # priced and added module by module, in order (as numpy sums the rows of a sum
        # over the first axis: one after the other, from 0)
        size = months * n_prov * years
        cell = (taken.month * (n_prov * years)
                + (on.rep * size + np.asarray(on.spells.provider, dtype=np.int64) * years)
                + ((np.arange(len(taken.month)) * (count * size))[:, None]
                   + np.minimum(taken.tenure, years - 1)))
        priced = np.bincount(cell.ravel(), weights=taken.weights.ravel(),
                             minlength=len(taken.month) * count * size).reshape(
            len(taken.month), count, size) * taken.costs[:, :, None]
        out = np.zeros((count, size))
        for row in priced:
            out += row
        return out.reshape(count, months, n_prov, years)

    @classmethod
    def spell_charges(cls, rates: Sequence[Modules], spells: Any, rep: np.ndarray,
                      count: int, months: int, providers: int, years: int) -> SpellCharges:
        """Each spell's modules, EUR in the month charged, in the order they fall due."""
        size = len(rep)
        if not rates[0].month:
            nothing = np.zeros((size, 0))
            return SpellCharges(nothing, nothing.astype(np.int64), nothing.astype(np.int64),
                                np.asarray(spells.provider, dtype=np.int64), rep, count, months,
                                providers)
        taken = takers(rates, spells, rep, months)
        costs = taken.costs if taken.costs.shape[1] == 1 else taken.costs[:, rep]
        eur = taken.weights * costs  # [modules, spells]
        year = np.broadcast_to(np.minimum(taken.tenure, years - 1), eur.shape)
        order = np.argsort(np.broadcast_to(taken.at, eur.shape), axis=0, kind="stable")

        def in_time(a: np.ndarray) -> np.ndarray:  # [spells, modules], modules by due date
            return np.take_along_axis(a, order, axis=0).T.copy()

        return SpellCharges(in_time(eur), in_time(taken.month), in_time(year),
                            np.asarray(spells.provider, dtype=np.int64), rep, count, months,
                            providers)


@dataclass(frozen=True, eq=False)
class Takers:
    """Who takes each qualification module when, ``[modules, spells]`` (``takers``)."""

    at: np.ndarray
    """Months after entry, ``[modules, 1]`` or ``[modules, spells]`` (a draw's)."""
    tenure: np.ndarray
    """Tenure year of each module, shaped as ``at``."""
    costs: np.ndarray
    """EUR per module, ``[modules, 1]`` or ``[modules, R]``."""
    month: np.ndarray
    """Month charged (0 where not taken), ``[modules, spells]``."""
    weights: np.ndarray
    """0 where not taken, else 1 or the price index of the month charged."""


def takers(rates: Sequence[Modules], spells: Any, rep: np.ndarray, months: int) -> Takers:
    """Module by module, spells along the rows: who takes each module in which month."""
    first = rates[0]
    if all(r is first for r in rates):  # [modules, 1]: the same in every replication
        at, tenure = first.at[:, None], first.tenure_year[:, None]
        costs, index = first.costs, first.index
    else:  # a draw's: [modules, spells], each spell its replication's; the index
        at = np.stack([r.at for r in rates], axis=1)[:, rep]
        tenure = np.stack([r.tenure_year for r in rates], axis=1)[:, rep]
        costs = np.stack([r.costs[:, 0] for r in rates], axis=1)
        index = None if all(r.index is None for r in rates) else np.stack(
            [np.ones(months) if r.index is None else r.index for r in rates])  # [R, months]
    due = at + np.asarray(spells.entry, dtype=float)
    taken = np.asarray(spells.modules, dtype=bool).T & (due >= 0)
    taken &= due < months
    taken &= (at <= 0) | (due < np.asarray(spells.exit, dtype=float))
    month = (due * taken).astype(np.int64)  # (due >= 0: truncated is floor; 0 if not)
    weights = (taken if index is None else np.where(
        taken, index[month] if index.ndim == 1 else index[rep, month], 0.0))
    return Takers(at, tenure, costs, month, weights)


class Overhead(CostCategory):
    """A flat rate on staff costs (ESF style)."""

    id = "overhead"
    label = "Overhead"
    monitoring = "Gemeinkosten"
    plan_line = "Verwaltungs- und Gemeinkosten"
    quantity = "staff"
    unit = "Gemeinkostensatz auf die Personalkosten Anleitung, Betreuung, Leitung"
    unit_en = "overhead rate on the coaching and management staff cost"
    parameters = ("costs.overhead",)
    reads = ("costs.overhead",)

    @classmethod
    def rates(cls, scn: Scenario, each: Sequence[Costs]) -> np.ndarray:
        return _per_provider(scn, each, lambda c: c.overhead.rate_on_staff, "overhead")

    @classmethod
    def charge(cls, rates: Sequence[np.ndarray], on: Charges) -> np.ndarray:
        return on.earlier["staff"] * per_replication(rates, 2)

    @classmethod
    def fixed(cls, rates: Sequence[np.ndarray], on: Charges) -> np.ndarray | None:
        """The rate on the staff's fixed part (management): 10 % of 10,000 EUR a year
        is 1,000.00 a year."""
        staff = on.fixed.get("staff")
        return None if staff is None else staff * per_replication(rates, 2)


@dataclass(frozen=True, eq=False)
class OneOffRate:
    month: int
    """Month of the year it is due (1-12)."""
    amount: np.ndarray
    """Employer cost per eligible person if due in each month of the horizon, ``[months]``."""
    pro_rata: bool | str
    """False, True (from the exact entry day) or ``"months"`` (from the first day of the
    entry's month: whole calendar months with pay)."""
    entitled: int = 0
    """Month of the year on whose first day its payees are in a slot (1-12; 0: ``month``)."""

    @property
    def offset(self) -> int:
        """Months from the due month's start to the entitlement day, in the same calendar
        year (1 for the TVöD's: paid in November, to whoever is there on 1 December)."""
        return self.entitled - self.month if self.entitled else 0


class OneOffPayments(CostCategory):
    """One-off payments (Jahressonderzahlung): once a year in the month named, to everyone
    in a slot on the first day of the entitlement month of that year (that month by
    default; the TVöD's 1 December for a payment in November), in their tenure year on
    the first day of the month it is paid.

    The employer cost per person is ``share_of_monthly_wage`` x the month's gross wage, or
    ``amount`` (uprated like wages), times (1 + employer contributions); with ``pro_rata``
    times the share of the calendar year from the person's entry (or 1 January) to its
    end, from the exact day or (``"months"``) from the first of the entry's month, as the
    TVöD reduces by a twelfth for each month without pay. Its own category,
    so a funder covers it only where its rule names it.
    """

    id = "one_off"
    label = "One-off payments incl. employer contributions"
    monitoring = "Jahressonderzahlungen"
    plan_line = "Jahressonderzahlungen Beschäftigte (inkl. AG-Anteil)"
    parameters = ("costs.one_off",)
    reads = ("costs.one_off", "costs.wages")  # a share of the monthly wage
    person = True

    @classmethod
    def rates(cls, scn: Scenario, each: Sequence[Costs]) -> tuple[tuple[OneOffRate, ...], ...]:
        def of(costs: Costs) -> tuple[OneOffRate, ...]:
            if not costs.one_off:
                return ()
            gross = monthly_gross(scn, costs)
            employer = employer_factor(scn, costs.wages)
            out = []
            for o in costs.one_off:
                if o.amount is None:
                    amount = o.share_of_monthly_wage * gross
                else:
                    amount = priced(scn, o.amount, "wages", costs.wages.annual_increase)
                out.append(OneOffRate(o.month, amount * employer, o.pro_rata, o.entitled))
            return tuple(out)

        program, providers = of(scn.costs), scn.providers
        if not program and not _overriding(providers, "one_off"):
            return (program,) * len(providers)  # no payment anywhere (a drawn wage: no work)
        theirs = {*_overriding(providers, "one_off"), *_overriding(providers, "wages")}
        return tuple(of(each[k]) if k in theirs else program for k in range(len(providers)))

    @classmethod
    def redrawn(cls, rates: tuple[tuple[OneOffRate, ...], ...], scns: Sequence[Scenario],
                each: Sequence[Sequence[Costs]], fields: set[str]
                ) -> list[tuple[tuple[OneOffRate, ...], ...]]:
        if not any(rates) and not any(f.split(".")[0] == "one_off" for f in fields):
            return [rates] * len(scns)  # no payment anywhere, and a drawn wage makes none
        return super().redrawn(rates, scns, each, fields)

    @classmethod
    def charge(cls, rates: Sequence[tuple[tuple[OneOffRate, ...], ...]],
               on: Charges) -> np.ndarray:
        count, months, n_prov, years = on.in_slot.shape
        out = np.zeros(on.in_slot.shape)
        if not any(rates[0]):
            return out
        spells = on.spells
        entry = np.asarray(spells.entry, dtype=float)
        exit_ = np.asarray(spells.exit, dtype=float)
        provider = np.asarray(spells.provider, dtype=np.int64)
        calendar = (np.arange(months) + on.first_month - 1) % 12 + 1
        for p in range(n_prov):
            mine = provider == p
            e, x, whose = entry[mine][:, None], exit_[mine][:, None], on.rep[mine][:, None]
            for j in range(len(rates[0][p])):
                each = [r[p][j] for r in rates]  # this payment in every replication
                amount = per_replication([r.amount for r in each], 1)  # [months] or [R, months]
                # the replications that pay it in the same month of the year, the same way
                for way in dict.fromkeys((r.month, r.pro_rata, r.offset) for r in each):
                    month, pro_rata, offset = way
                    ours = np.array([(r.month, r.pro_rata, r.offset) == way for r in each])
                    due = np.flatnonzero(calendar == month)[None, :]  # [1, dues]
                    eligible = _entitled(e, x, due + offset, months)
                    if not ours.all():
                        eligible &= ours[whose]
                    weight = eligible * (amount[due] if amount.ndim == 1
                                         else amount[whose, due])
                    if pro_rata:  # twelfths of the calendar year from entry to its end
                        since = due - (month - 1)  # 1 January of the due month's year
                        begun = np.floor(e) if pro_rata == "months" else e
                        weight = weight * np.clip(since + 12 - np.maximum(begun, since),
                                                  0, 12) / 12
                    year = np.clip(np.floor((due - e) / 12.0), 0, years - 1).astype(np.int64)
                    index = (whose * months + due) * years + year
                    out[:, :, p, :] += np.bincount(
                        index[eligible], weights=weight[eligible],
                        minlength=count * months * years).reshape(count, months, years)
        return out


def _entitled(entry: np.ndarray, exit_: np.ndarray, day: np.ndarray, horizon: int
              ) -> np.ndarray:
    """Whether each spell is in its slot on each entitlement ``day`` (time in months from
    the period's start). A day past the horizon (a payment of the last November, due to
    whoever is there on 1 December) counts whoever is still employed at the horizon
    (``exit == horizon``), as the year's pro rata takes them to stay."""
    return (entry <= day) & ((exit_ > day) | (exit_ >= horizon))


COST_CATEGORIES: Registry[type[CostCategory]] = Registry(
    (Wages, Staff, Material, Qualification, Overhead, OneOffPayments))
"""Every cost category, in table order (charged in this order too); ``register_category``
appends one."""

if tuple(c.id for c in COST_CATEGORIES) != CATEGORIES or tuple(
        c.id for c in COST_CATEGORIES if c.person) != PERSON_CATEGORIES or any(
        "spell_charges" not in vars(c) for c in COST_CATEGORIES if c.id in PER_PERSON_LIMITED):
    raise ImportError(f"cost categories {[c.id for c in COST_CATEGORIES]} do not match the "
                      f"scenario format's CATEGORIES {list(CATEGORIES)} and PERSON_CATEGORIES "
                      f"{list(PERSON_CATEGORIES)}, or one of PER_PERSON_LIMITED "
                      f"{list(PER_PERSON_LIMITED)} has no spell_charges: add a category to both")

BY_ID: dict[str, type[CostCategory]] = {c.id: c for c in COST_CATEGORIES}
"""The categories by id."""


def register_category(category: type[CostCategory]) -> None:
    """Add a category after the others: its parameter block becomes ``costs.<id>`` (and
    ``providers[].costs.<id>``, ``prices.<price_kind>``), and every table, check and rule
    reads it from the registries from now on."""
    problem = registered_id_problem("cost category", category.id, list(BY_ID))
    if problem is not None:
        raise ValueError(problem)
    if category.block is not None:
        add_field(Costs, category.id, category.block, model.Field(
            default_factory=category.block, description=_about(category.block)))
    if category.patch is not None:
        add_field(model.CostsPatch, category.id, category.patch | None, model.Field(
            None, description=_about(category.patch)))
    if category.price_kind and category.price_kind not in model.Prices.model_fields:
        add_field(model.Prices, category.price_kind, model.PriceIndex | None,
                  model.Field(None, description=category.price_about))
    rebuild((model.Provider, model.Scenario))
    COST_CATEGORIES.append(category)
    CATEGORIES.append(category.id)
    if category.person:
        PERSON_CATEGORIES.append(category.id)
    if category.person and "spell_charges" in vars(category):
        PER_PERSON_LIMITED.append(category.id)
    BY_ID[category.id] = category
    ADDED.append(category)
    _describe_covers()


def unregister_category(category: type[CostCategory]) -> None:
    """Take a category ``register_category`` added back out (a test's, undone)."""
    ADDED.remove(category)
    del BY_ID[category.id]
    if category.id in PER_PERSON_LIMITED:
        PER_PERSON_LIMITED.remove(category.id)
    if category.person:
        PERSON_CATEGORIES.remove(category.id)
    CATEGORIES.remove(category.id)
    COST_CATEGORIES.remove(category)
    if category.price_kind and category.price_kind in model.Prices.model_fields and not any(
            c.price_kind == category.price_kind for c in ADDED):
        drop_field(model.Prices, category.price_kind)
    for parent, given in ((model.CostsPatch, category.patch), (Costs, category.block)):
        if given is not None:
            drop_field(parent, category.id)
    rebuild((model.Provider, model.Scenario))
    _describe_covers()


def _describe_covers() -> None:
    """``Funder.covers``'s description with the categories registered now."""
    model.Funder.model_fields["covers"].description = model.listing_categories(model.COVERS)
    rebuild((model.Funder, model.Scenario))


def _about(block: type) -> str:
    """A block's description: the first paragraph of its docstring."""
    return (block.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")

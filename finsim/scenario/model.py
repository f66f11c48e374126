"""The scenario format: every block and key of a scenario file, typed and documented.

These pydantic models are the single source of truth for what a scenario may say.
Field descriptions carry meaning, unit, default and range; ``docs/scenario-format.md``
is rendered from them (``python -m finsim.scenario.reference``) and a test keeps the
two in step. Unknown keys are refused everywhere (``extra="forbid"``).

Building these classes is most of the scenario layer's import time, on the start-up of
every command, so two habits keep it short: annotations are evaluated as Python reads
them (no ``from __future__ import annotations``, which would make pydantic evaluate each
one from its text again), and an empty list or mapping default is written as ``[]`` or
``{}`` (pydantic copies it for each instance), not ``default_factory=list``, whose
signature pydantic would parse from text.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    PrivateAttr,
    Tag,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from finsim.registry import Registry

from ..nouns import counted
from .caseload import column_key
from .errors import Refusal, refusal_of, refused_all, suggest
from .kdu_share import LandShare, resolve_kdu_share
from .limits import (
    MAX_AMOUNT_EUR,
    MAX_FACTOR,
    MAX_FUNDERS,
    MAX_HOURS_PER_WEEK,
    MAX_MODULES,
    MAX_MONTHS,
    MAX_PROVIDERS,
    MAX_REPLICATIONS,
    MAX_SEED,
)
from .minimum_wage import resolve_hourly
from .schedule import Month, check_month, monthly
from .types import (
    Amount,
    Condition,
    Count,
    Initial,
    MixShares,
    MonthlyProbability,
    Referrals,
    Share,
    ShareValue,
    Strict,
)

MIN_YEARLY_RATE = -0.5
"""A yearly rate (``annual_increase``, a price kind given as a rate) lies at or above
this: prices halving each year is beyond any path a budget plans with."""
MAX_YEARLY_RATE = 0.5
"""A yearly rate (``annual_increase``, a price kind given as a rate) lies below this: 50 %
a year is beyond any wage or price path a budget plans with, and a rate of 1 is what a
user meaning 1 % writes (it doubled every wage each year without a word)."""
YEARLY_RATE = "a yearly rate, 0.01 for 1 %"
"""What a yearly rate is written as, said where one is refused or described."""

PROVIDER_BUDGET = "provider"
"""The budget of the providers' own money (not public)."""
CATEGORIES: Registry[str] = Registry(
    ("wages", "staff", "material", "qualification", "overhead", "one_off"))
"""The cost categories, in the order every table shows them (``register_category`` in
``finsim.ledger`` appends one)."""
PERSON_CATEGORIES: Registry[str] = Registry(("wages", "qualification", "one_off"))
"""Categories whose funding share may depend on the participant's year in the program."""
PER_PERSON_LIMITED: Registry[str] = Registry(("qualification",))
"""Categories the ledger can give person by person (``Qualification.spell_charges``), so
a funder's share of them may stop at a ``per_person_limit``."""


_AMOUNT = TypeAdapter(Amount)
"""Validates a money value or schedule where a field's own validator needs it."""
_SHARE = TypeAdapter(Share)
"""Validates a share where a field's own validator needs it (a funder's ``covers``)."""


FederalShare = ShareValue
"""A share or a schedule of shares (``types.ShareValue``): the federal KdU share, the
base's contributions."""


class Period(Strict):
    """The simulated horizon, in whole months."""

    start: str = Field(description="First month reported, `YYYY-MM`.")
    months: int = Field(ge=1, le=MAX_MONTHS, description="Length of the horizon in months.")
    simulate_from: str | None = Field(
        None, description="A program that keeps going: simulate from this earlier month "
        "(`YYYY-MM`, the program's own start) and report from `start` on; whoever is in "
        "the slots or waiting at `start` carries over with their tenure. `finsim size` "
        "sets it when `--start` lies after the scenario's own start. With `actuals`, their "
        "`as_of` lies from here to `start`: the warm-up runs through the actual spells."
    )

    _check_start = field_validator("start")(lambda cls, v: check_month(v))

    @field_validator("simulate_from")
    @classmethod
    def _check_from(cls, value: str | None) -> str | None:
        return None if value is None else check_month(value)

    @model_validator(mode="after")
    def _from_before_start(self) -> "Period":
        if self.simulate_from is not None and Month.parse(self.simulate_from) > self.start_month:
            raise Refusal(f"simulate_from ({self.simulate_from}) must not lie after "
                          f"start ({self.start})", "simulate_from", quote=False)
        if self.warm_up_months > MAX_MONTHS:  # the warm-up is simulated as a period too
            raise Refusal(f"simulate_from ({self.simulate_from}) lies {self.warm_up_months:,} "
                          f"months before start ({self.start}): expected at most "
                          f"{MAX_MONTHS:,}", "simulate_from", quote=False)
        return self

    @property
    def start_month(self) -> Month:
        return Month.parse(self.start)

    @property
    def warm_up_months(self) -> int:
        """Months simulated before ``start`` (0 without ``simulate_from``)."""
        if self.simulate_from is None:
            return 0
        return self.start_month - Month.parse(self.simulate_from)


class SimulationSettings(Strict):
    """How many replications, from which seed."""

    replications: int = Field(200, ge=1, le=MAX_REPLICATIONS,
                              description="Monte Carlo replications.")
    seed: int = Field(0, ge=0, le=MAX_SEED,
                      description="Seed of all randomness; same seed, same results.")


class Participants(Strict):
    """Referrals from the Jobcenter: how many, who, how long they wait, where they go."""

    referrals_per_month: Referrals = Field(
        description="Mean referrals a month from the Jobcenter (Poisson rate, persons/month); "
        "a number or a schedule; or `on_demand`: the Jobcenter refers someone exactly when a "
        "slot opens (at the start for every empty slot, then every freed slot after the "
        "refill delay, and every added slot), as where slots are allocated. With "
        "`on_demand` no referral is lost and only a waiting list from a caseload or the "
        "actual spells waits (served first, as slots open)."
    )
    patience_months: float = Field(
        3.0, ge=0, le=MAX_MONTHS, description="Mean time a referral waits for a slot before "
        "giving up (exponential, months); 0 turns away anyone who finds no free slot."
    )
    initial: Initial = Field(
        0, description="Who is in the slots at the start. A number: that many new "
        "participants (tenure 0, a new cohort), at most the slots of the first month. "
        "`full` (or `steady`): a running program, "
        "every slot filled with people whose tenure is drawn from the steady state of the "
        "program's own hazards and max duration (density proportional to survival "
        "exp(-(placement + dropout hazard) x tenure) below `max_months`; groups weighted by "
        "their mean stay). A caseload file `NAME.csv` (path relative to the scenario; "
        "format in docs/caseload-format.md): those people, with their real tenure. People "
        "with tenure continue: max duration counts from their entry, shares by tenure year "
        "continue, a module is charged only if it falls due inside the period."
    )
    assignment: Literal["proportional", "first", "random"] = Field(
        "proportional", description="Which provider a referral joins when several have free "
        "slots: `proportional` to free slots, `first` in listed order, `random` uniform."
    )
    mix: dict[str, MixShares] = Field(
        {}, description="Participant attributes: attribute -> value -> share "
        "(each attribute's shares sum to 1). Two attributes may not differ only in case "
        "(`sex` and `Sex`): a caseload file matches its column names in any case."
    )

    @field_validator("mix")
    @classmethod
    def _one_column_each(cls, mix: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        """Refuse two attributes that differ only in case (or surrounding spaces): a
        caseload file's column names are matched so (``column_key``), so its column
        could not tell ``sex`` from ``Sex``."""
        seen: dict[str, str] = {}
        for name in mix:
            first = seen.setdefault(column_key(name), name)
            if first != name:
                raise Refusal(f"attributes participants.mix.{first} and participants.mix."
                              f"{name} are one column to a caseload file (its column names "
                              "are matched in any case and without surrounding spaces), "
                              "which could not tell them apart: rename one", name,
                              quote=False)
        return mix


class Hazards(Strict):
    """Monthly exit probabilities; p becomes the constant hazard -ln(1 - p)."""

    placement: MonthlyProbability = Field(
        0.0, description="Monthly probability of placement into unsubsidised work, [0, 1)."
    )
    dropout: MonthlyProbability = Field(
        0.0, description="Monthly probability of dropping out (dismissal, quitting), [0, 1)."
    )


class HazardsPatch(Strict):
    """A provider's own hazards; unset keys keep the program's."""

    placement: MonthlyProbability | None = Field(None, description="Overrides the program's.")
    dropout: MonthlyProbability | None = Field(None, description="Overrides the program's.")


class Modifier(Strict):
    """Hazard factors for a group of participants."""

    when: Condition = Field(description="Attributes (from `participants.mix`) the group has.")
    placement: float = Field(1.0, ge=0, le=MAX_FACTOR,
                             description="Factor on the placement hazard (>= 0).")
    dropout: float = Field(1.0, ge=0, le=MAX_FACTOR,
                           description="Factor on the dropout hazard (>= 0).")


class Employment(Strict):
    """How participants leave their slots."""

    max_months: float = Field(
        24.0, gt=0, le=MAX_MONTHS,
        description="Maximum time in a slot (months, > 0), by the calendar: the spell ends "
        "at the latest on the entry's day that many months later (the month's end where "
        "it lacks the day). §16i SGB II funds a person for "
        "at most 60 months (5 years) in a lifetime, spells added up: a caseload or spells "
        "file gives a returner's earlier months in `months_funded_before`, and their spell "
        "ends at the latest when what remains of `max_months` is used "
        "(docs/caseload-format.md).")
    refill_delay_months: float = Field(
        0.0, ge=0, le=MAX_MONTHS,
        description="Time a freed slot stays closed before it can be filled (months)."
    )
    hazards: Hazards = Field(default_factory=Hazards, description="Exit hazards.")
    modifiers: list[Modifier] = Field(
        [], description="Hazard factors for groups; all that match multiply."
    )


class EmploymentPatch(Strict):
    """A provider's own employment rules; unset keys keep the program's."""

    max_months: float | None = Field(None, gt=0, le=MAX_MONTHS,
                                     description="Overrides the program's.")
    refill_delay_months: float | None = Field(None, ge=0, le=MAX_MONTHS,
                                              description="Overrides the program's.")
    hazards: HazardsPatch | None = Field(None, description="Overrides the program's hazards.")
    modifiers: list[Modifier] | None = Field(
        None, description="Replaces the program's list (keys as `employment.modifiers[]`).")


WAGE = "wage"
"""``subsidy_base.hourly: wage``: the wage paid is the base (a tariff-bound employer)."""


def _base_hourly(value: Any) -> Any:
    if value == WAGE:
        return value
    try:
        return resolve_hourly(value)
    except ValueError:
        raise ValueError(_BASE_HOURLY) from None


_BASE_HOURLY = "expected minimum_wage, wage, an hourly wage (EUR) or a schedule {YYYY-MM: EUR}"


class SubsidyBase(Strict):
    """The subsidisable wage of a wage subsidy (§16i, §16e SGB II), per contract hour.

    Base a month = min(hourly, the wage paid) x hours_per_week x 52/12 x (1 + contributions),
    at most the wage line: the wage paid up to the minimum wage (or the tariff or local wage)
    plus the flat employer share of the social insurance contributions without
    unemployment insurance.
    One-off payments are not part of it.
    """

    hourly: Amount = Field(
        "minimum_wage", description="`minimum_wage` (default: the statutory minimum wage by "
        "date, also where the employer pays more of its own accord), `wage` (the wage paid: an "
        "employer bound by a tariff or church labour law), or an hourly value or schedule (a "
        "tariff table by date; §16e's local wage); uprated like `costs.wages.hourly` after its "
        "last date. At most the wage paid: the base rests on the wage actually paid.")
    contributions: FederalShare = Field(
        description="The flat employer share of the social insurance contributions "
        "(Gesamtsozialversicherungsbeitrag) counted in the base, without unemployment "
        "insurance; a number or a schedule by date, e.g. 0.1985 in 2026 (employer halves: "
        "pension 9.3 + health 7.3 + half the average additional health contribution 1.45 + "
        "care 1.8 %).")

    _hourly = field_validator("hourly", mode="plain")(lambda cls, v: _base_hourly_checked(v))


def _base_hourly_checked(value: Any) -> Any:
    value = _base_hourly(value)
    if value == WAGE:
        return value
    try:
        return _AMOUNT.validate_python(value)
    except ValidationError as err:
        if isinstance(value, dict):  # a schedule's own problem
            raise refusal_of(err) from None
        raise ValueError(_BASE_HOURLY) from None


class Wages(Strict):
    """Participants' wages: employer cost a month = hourly x hours x 52/12 x (1 + contributions)."""

    hourly: Amount = Field(
        description="Gross hourly wage (EUR/hour); a number, a schedule, or `minimum_wage` "
        "(the statutory minimum wage by date, sourced from 2015-01; refused for a period "
        "starting earlier, which had none).")
    hours_per_week: float = Field(39.0, gt=0, le=MAX_HOURS_PER_WEEK,
                                  description="Contract hours a week (> 0).")

    _minimum_wage = field_validator("hourly", mode="before")(
        lambda cls, v: resolve_hourly(v))
    employer_contributions: ShareValue = Field(
        0.2, description="Employer social insurance on top of gross wage (share); a number or "
        "a schedule by date, as the rates change each January (`{2026-01: 0.22, 2027-01: "
        "0.2245}`; each holds from its month until the next, the last one after it)."
    )
    annual_increase: float = Field(
        0.0, ge=MIN_YEARLY_RATE, lt=MAX_YEARLY_RATE,
        description="Uprating each January after the last known year "
        f"(share: {YEARLY_RATE}); `prices.wages` replaces it."
    )
    subsidy_base: SubsidyBase | None = Field(
        None, description="The subsidisable wage a wage subsidy (§16i, §16e SGB II) is a share "
        "of, for funders with `basis: subsidy_base` (docs/wage-basis.md).")


class Staff(Strict):
    """Coaching staff by ratio, plus fixed management per provider."""

    participants_per_coach: float = Field(
        12.0, gt=0, description="Participants per coaching FTE (> 0)."
    )
    coach_cost_per_year: Amount = Field(
        0.0, description="Employer cost of one coaching FTE (EUR/year); number or schedule."
    )
    management_cost_per_year: Amount = Field(
        0.0, description="Fixed management cost per provider (EUR/year); number or schedule."
    )
    annual_increase: float = Field(
        0.0, ge=MIN_YEARLY_RATE, lt=MAX_YEARLY_RATE,
        description="Uprating of both staff costs each January "
        f"(share: {YEARLY_RATE}); `prices.staff` replaces it."
    )


class Material(Strict):
    """Material costs per available slot."""

    per_slot_month: Amount = Field(
        0.0, description="Material cost per available slot and month, occupied or not (EUR)."
    )


class Module(Strict):
    """A qualification module, drawn for each entrant at entry."""

    id: str = Field(min_length=1, description="Identifier, unique among modules.")
    name: str = Field("", description="Readable name.")
    uptake: Share = Field(1.0, description="Probability a (matching) entrant takes it, [0, 1].")
    cost: float = Field(0.0, ge=0, le=MAX_AMOUNT_EUR,
                        description="Cost per participant taking it (EUR).")
    month: float = Field(
        0.0, ge=0, le=MAX_MONTHS, description="Months after entry it is charged (0 = at entry); "
        "only if the participant is still employed then."
    )
    when: Condition | None = Field(None, description="Only participants matching this take it.")


class Overhead(Strict):
    """Flat-rate overhead on staff costs (ESF style)."""

    rate_on_staff: Share = Field(0.0, description="Overhead as a share of staff costs.")


class OneOff(Strict):
    """A yearly one-off payment (Jahressonderzahlung), covered only where a rule names `one_off`.

    A timed amount in its own cost category ``one_off``: a funder covers it only where
    its ``covers`` names ``one_off`` (or ``total``); a share of ``wages`` does not.

    Due once a year in ``month``, to everyone in a slot on the first day of
    ``entitled_month`` of that calendar year (by default that of ``month``: the TVöD's
    entitlement day, 1 December, follows its payment with the November wage); charged in
    ``month`` (employer cost: the gross amount x (1 + employer contributions)), in the
    participant's tenure year on its first day.
    """

    id: str = Field(min_length=1, description="Identifier, unique among one-off payments.")
    name: str = Field("", description="Readable name.")
    month: int = Field(ge=1, le=12, description="Month of the year it is due and paid (1-12), "
                       "e.g. 11 for a Jahressonderzahlung paid with the November wage.")
    entitled_month: int | None = Field(
        None, ge=1, le=12, description="Month of the year on whose first day a participant "
        "must be in a slot to be entitled to it (1-12), in the calendar year it is paid, "
        "e.g. 12 for the TVöD's Jahressonderzahlung (par. 20(1): in employment on "
        "1 December), paid in November (`month: 11`); default: `month`.")
    share_of_monthly_wage: float | None = Field(
        None, ge=0, le=12, description="Gross amount as a share of the participant's monthly "
        "gross wage in that month (hourly x hours_per_week x 52/12, uprated), e.g. 0.8; give "
        "this or `amount`.")
    amount: Amount | None = Field(
        None, description="Gross amount per participant (EUR), a number or a schedule, uprated "
        "like hourly wages (`prices.wages`); give this or `share_of_monthly_wage`.")
    pro_rata: bool | Literal["months"] = Field(
        False, description="Scale the amount by the share of the calendar year from the "
        "participant's entry (or 1 January) to its end: `true` from the exact entry day "
        "(entry on 15 November: 1.5/12), `months` by whole calendar months with pay, as the "
        "TVöD reduces it by a twelfth for each month without pay (par. 20(4); entry on "
        "15 November: 2/12); false: the full amount.")
    paid_month_after: bool = Field(
        False, description="The provider pays it with the next month's payroll: the cash "
        "flow's outflow moves one month later (the ledger keeps it in the due month, where "
        "funders claim it).")

    @model_validator(mode="after")
    def _one_basis(self) -> "OneOff":
        if (self.share_of_monthly_wage is None) == (self.amount is None):
            raise Refusal("give one of share_of_monthly_wage and amount", quote=False)
        return self

    @property
    def entitled(self) -> int:
        """The month of the year on whose first day its payees are in a slot."""
        return self.month if self.entitled_month is None else self.entitled_month


def _check_one_offs(one_offs: list[OneOff] | None) -> list[OneOff] | None:
    if not one_offs:
        return one_offs
    ids = [o.id for o in one_offs]
    if dupes := sorted({i for i in ids if ids.count(i) > 1}):
        raise Refusal(f"one-off ids must be unique: {', '.join(dupes)} given twice",
                      quote=False)
    paid = {}
    for o in one_offs:
        if paid.setdefault(o.month, o.paid_month_after) != o.paid_month_after:
            raise Refusal(f"one-off payments due in month {o.month} must agree on "
                          "paid_month_after", quote=False)
    return one_offs


class Costs(Strict):
    """Cost parameters of the program; providers may override them."""

    wages: Wages = Field(description="Participants' wages.")
    staff: Staff = Field(default_factory=Staff, description="Coaching and management staff.")
    material: Material = Field(default_factory=Material, description="Material costs.")
    qualification: list[Module] = Field([], max_length=MAX_MODULES,
                                        description="Qualification modules.")
    overhead: Overhead = Field(default_factory=Overhead, description="Flat-rate overhead.")
    one_off: list[OneOff] = Field(
        [], max_length=MAX_MODULES,
        description="One-off payments (Jahressonderzahlung), the cost category `one_off`; "
        "docs/one-off-payments.md.")

    _one_offs = field_validator("one_off")(lambda cls, v: _check_one_offs(v))


class SubsidyBasePatch(Strict):
    """A provider's own subsidisable wage: unset keys keep the program's
    `costs.wages.subsidy_base` (a provider without a program base gives both)."""

    hourly: Amount | None = Field(
        None, description="The provider's base hourly (as `costs.wages.subsidy_base.hourly`); "
        "unset: the program's.")
    contributions: FederalShare | None = Field(
        None, description="The provider's flat contributions; unset: the program's.")

    _hourly = field_validator("hourly", mode="plain", json_schema_input_type=Amount | None)(
        lambda cls, v: None if v is None else _base_hourly_checked(v))

    def over(self, program: SubsidyBase | None) -> SubsidyBase:
        """The program's base with these values laid over it (validated already, so not
        again: a replication's compile step calls this). Without a program base an unset
        ``contributions`` stays None: validation refuses that (``checks``)."""
        hourly = self.hourly if self.hourly is not None else (
            program.hourly if program is not None else "minimum_wage")
        contributions = self.contributions if self.contributions is not None else (
            None if program is None else program.contributions)
        return SubsidyBase.model_construct(hourly=hourly, contributions=contributions)


class WagesPatch(Strict):
    """A provider's own wage parameters; unset keys keep the program's `costs.wages`."""

    hourly: Amount | None = Field(None, description="As `costs.wages.hourly`.")
    hours_per_week: float | None = Field(None, gt=0, le=MAX_HOURS_PER_WEEK,
                                         description="As `costs.wages.hours_per_week`.")

    _minimum_wage = field_validator("hourly", mode="before")(
        lambda cls, v: resolve_hourly(v))
    employer_contributions: ShareValue | None = Field(
        None, description="As `costs.wages.employer_contributions`.")
    annual_increase: float | None = Field(None, ge=MIN_YEARLY_RATE, lt=MAX_YEARLY_RATE,
                                          description="As `costs.wages.annual_increase`.")
    subsidy_base: SubsidyBasePatch | None = Field(
        None, description="The provider's own subsidisable wage; unset keys keep the "
        "program's `costs.wages.subsidy_base` (without one, give both), e.g. `{hourly: wage}` "
        "for a tariff-bound employer.")


class StaffPatch(Strict):
    """A provider's own staff parameters; unset keys keep the program's `costs.staff`."""

    participants_per_coach: float | None = Field(
        None, gt=0, description="As `costs.staff.participants_per_coach`.")
    coach_cost_per_year: Amount | None = Field(
        None, description="As `costs.staff.coach_cost_per_year`.")
    management_cost_per_year: Amount | None = Field(
        None, description="As `costs.staff.management_cost_per_year`.")
    annual_increase: float | None = Field(None, ge=MIN_YEARLY_RATE, lt=MAX_YEARLY_RATE,
                                          description="As `costs.staff.annual_increase`.")


class MaterialPatch(Strict):
    """A provider's own material rate; unset, the program's `costs.material`."""

    per_slot_month: Amount | None = Field(
        None, description="As `costs.material.per_slot_month`.")


class CostsPatch(Strict):
    """A provider's own cost parameters; unset keys keep the program's."""

    wages: WagesPatch | None = Field(None, description="Overrides of the wage parameters.")
    staff: StaffPatch | None = Field(None, description="Overrides of the staff parameters.")
    material: MaterialPatch | None = Field(None, description="Overrides of the material rate.")
    overhead: Overhead | None = Field(
        None, description="Overrides of the overhead rate (keys as `costs.overhead`).")
    one_off: list[OneOff] | None = Field(
        None, max_length=MAX_MODULES,
        description="The provider's own one-off payments (replaces the program's list; `[]`: "
        "none; keys as `costs.one_off[]`).")

    _one_offs = field_validator("one_off")(lambda cls, v: _check_one_offs(v))


class Provider(Strict):
    """A provider (Träger) with its slots."""

    id: str = Field(min_length=1, description="Identifier, unique among providers.")
    name: str = Field("", description="Readable name.")
    slots: Count = Field(description="Slots (persons); a whole number or a schedule.")
    fields: list[str] = Field([], description="Occupational fields.")
    employment: EmploymentPatch | None = Field(None, description="Per-provider employment.")
    costs: CostsPatch | None = Field(None, description="Per-provider cost parameters.")


class TenureShares(Strict):
    """A share that depends on the participant's year in the program (e.g. §16i SGB II),
    optionally up to a sum per person (the Jobcenter's 3,000 EUR of Weiterbildung)."""

    by_tenure_year: list[Share] = Field(
        min_length=1, description="Share by year in the program; the last holds for later years."
    )
    per_person_limit: float | None = Field(
        None, ge=0, le=MAX_AMOUNT_EUR, description="At most this many EUR per participant over "
        "the whole spell (all tenure years, face value, counted from the period's start): the "
        "funder pays its share of each month's cost until the person's sum reaches it; the "
        "rest falls to the funders after it, whose shares may then add up past 1 (each pays "
        "at most what is still uncovered). Only for `qualification` and in covers that "
        "do not change by date."
    )


FunderShare = float | TenureShares


class DatedCovers(dict):
    """Rule sets by date, ``{"YYYY-MM": {category: share, ...}, ...}`` sorted by month: each
    holds from its month until the next key; before the first key the funder pays nothing."""


def _is_dated(value: Any) -> bool:
    """A ``covers`` whose keys are all months is a schedule of rule sets."""
    if not isinstance(value, dict) or not value:
        return False
    try:
        for key in value:
            check_month(str(key))
    except ValueError:
        return False
    return True


def _dates_among_shares(value: dict) -> None:
    """Keys that begin with a digit are meant as a rule set's month: a mistyped one (or
    a month among category shares) is named as such, not as an unknown category."""
    dates = [k for k in value if k not in (*CATEGORIES, "total") and str(k)[:1].isdigit()]
    for key in dates:
        try:
            check_month(str(key))
        except ValueError as err:
            raise Refusal(f"{err} (the month of a rule set)", key, quote=False) from None
    if dates:  # all months, else ``_is_dated`` would have taken them: shares beside them
        raise Refusal("a rule set's month beside category shares: give every key of "
                      "covers a month (rule sets by date), or none", dates[0], quote=False)


def _covers(value: Any) -> dict[str, FunderShare] | str:
    if value == "remainder":
        return value
    if _is_dated(value):
        dated, refused = DatedCovers(), []
        for key in sorted(value, key=lambda k: Month.parse(str(k))):
            try:
                dated[check_month(str(key))] = _rule_set(value[key])
            except Refusal as err:  # every rule set's, each on its own line
                refused.append(err.within(key))
            except ValueError as err:
                refused.append(Refusal(str(err), key, quote=False))
        if refused:
            raise refused_all(*refused)
        return dated
    if not isinstance(value, dict) or not value:
        raise ValueError("expected 'remainder' or shares like {wages: 0.725} or {total: 0.53}")
    covers: dict[str, FunderShare] = {}
    _dates_among_shares(value)
    refused = []
    for key, share in value.items():
        try:
            covers[key] = _share(key, share)
        except Refusal as err:  # every category's, each on its own line
            refused.append(err)
    if refused:
        raise refused_all(*refused)
    if "total" in covers and len(covers) > 1:
        raise Refusal(f"'total' cannot be combined with category shares "
                      f"({', '.join(k for k in covers if k != 'total')}) in one funder: give "
                      "either {total: share} or shares by category", quote=False)
    return covers


def _rule_set(rule_set: Any) -> dict[str, FunderShare] | str:
    """The shares of one dated rule set (a mapping of them, never a month's number)."""
    if not isinstance(rule_set, dict):
        raise Refusal("expected shares like {material: 1.0}")
    covers = _covers(rule_set)
    for key, share in covers.items():
        if isinstance(share, TenureShares) and share.per_person_limit is not None:
            raise Refusal("a per_person_limit needs covers that do not change by date (a "
                          "person's sum would run across rule sets): give this funder "
                          "undated covers, with from/until if it pays for a time only",
                          key, "per_person_limit")
    return covers


def _share(key: str, share: Any) -> FunderShare:
    """A funder's share of the category ``key``; a ``Refusal`` at ``key``."""
    if key not in (*CATEGORIES, "total"):
        raise Refusal(f"unknown category '{key}': expected one of "
                      f"{', '.join(CATEGORIES)}, total", key, quote=False,
                      hint=suggest(str(key), [*CATEGORIES, "total"]))
    if isinstance(share, dict):
        if key not in PERSON_CATEGORIES:
            raise Refusal(f"shares by_tenure_year are only for "
                          f"{', '.join(PERSON_CATEGORIES)}", key, quote=False)
        try:
            shares = TenureShares.model_validate(share)
        except ValidationError as err:
            raise refusal_of(err, key, known=TenureShares.model_fields) from None
        if shares.per_person_limit is not None and key not in PER_PERSON_LIMITED:
            raise Refusal(f"a per_person_limit is only for {', '.join(PER_PERSON_LIMITED)} "
                          "(charged person by person)", key, "per_person_limit")
        return shares
    if isinstance(share, bool) or not isinstance(share, int | float) or not _a_share(share):
        raise Refusal("expected a share from 0 to 1, or {by_tenure_year: [...]}"
                      if key in PERSON_CATEGORIES else "expected a share from 0 to 1", key)
    return float(share)


def _a_share(value: float) -> bool:
    """Whether ``value`` lies within the bounds of ``types.Share``."""
    try:
        _SHARE.validate_python(value)
    except ValidationError:
        return False
    return True


Covers = Annotated[
    Any,
    PlainValidator(_covers),
    WithJsonSchema({"anyOf": [{"const": "remainder"}, {"type": "object", "additionalProperties":
                              {"anyOf": [_SHARE.json_schema(), {"type": "object"}]}}]}),
]
"""A funder's shares: each within ``types.Share``'s bounds, which ``_share`` holds it to
and its schema states (the range on the format's reference page)."""


class Payment(Strict):
    """When a funder's money reaches the provider (the cash flow; amounts are unchanged).

    Each provider claims its own amount of each claim period. Months are whole: a payment
    at time t (months from the period's start) lands in month floor(t), so a fractional
    lag counts in the month in which it ends. docs/cash-flow.md has a worked example.
    """

    every: Literal["month", "quarter", "year"] = Field(
        "month", description="Claim period: calendar `month`, `quarter` or `year` (the first "
        "and last are cut at the period's ends)."
    )
    timing: Literal["advance", "arrears"] = Field(
        "arrears", description="`advance`: paid at the start of the claim period (never "
        "before the funder's `from`); `arrears`: after its end (the claim is the amount as "
        "it turns out)."
    )
    lag_months: float = Field(
        0.0, ge=0, le=120, description="Months from the start (advance) or end (arrears) of "
        "the claim period until the money arrives (>= 0; fractional: the payment lands in "
        "the month the lag ends in, so 2.5 after a quarter ending in March is June)."
    )
    retention: Share = Field(
        0.0, description="Share of each payment held back until the final statement, [0, 1]."
    )
    final_after_months: float = Field(
        0.0, ge=0, le=120, description="Months after the funder's last month (its `until`, "
        "else the period's end) until the retention is paid (and an unused advance paid "
        "back); 0 = the first month after it. Never before the last claim is paid: the "
        "final statement comes with it where that is later."
    )
    advance: float = Field(
        0.0, ge=0, le=MAX_AMOUNT_EUR,
        description="EUR paid in the funder's first month (its `from`, else the period's "
        "first) and offset against the "
        "following payments; split among providers in proportion to what the funder pays "
        "each. Any part the payments never absorb is paid back with the final statement."
    )


def _benefit_amount(value: Any) -> Any:
    """A number, a schedule ``{YYYY-MM: value}``, or ``{attribute value: number or schedule}``."""
    if by_value(value):
        out = {}
        for key, amount in value.items():
            try:
                out[str(key)] = _AMOUNT.validate_python(amount)
            except ValidationError as err:
                raise refusal_of(err, key) from None
        return out
    try:
        return _AMOUNT.validate_python(value)
    except ValidationError:
        raise ValueError("expected a number >= 0, a schedule {YYYY-MM: value}, or amounts by "
                         "value of passive_benefits.attribute, e.g. {single: 739.30}") from None


def by_value(amount: Any) -> bool:
    """An amount given per attribute value (a mapping whose keys are not months)."""
    return isinstance(amount, dict) and bool(amount) and not any(
        _is_month(k) for k in amount)


def _is_month(key: Any) -> bool:
    try:
        check_month(str(key))
    except ValueError:
        return False
    return True


BenefitAmount = Annotated[
    Any,
    PlainValidator(_benefit_amount),
    WithJsonSchema({"anyOf": [_AMOUNT.json_schema()["anyOf"][0], {"type": "object"}]}),
]
"""EUR per person-month: a number or schedule for everyone, or one per value of
``passive_benefits.attribute`` (each a number or a schedule)."""


class Transfer(Strict):
    """The part of a funder's wage money financed from benefits avoided (the
    Passiv-Aktiv-Transfer), e.g. the 2023 PAT flat rates of 800 / 1,000 / 1,100 EUR.

    It does not change what the funder pays; it says which part of it comes out of the
    benefits its budget saves (in ``ledger.csv``, column ``from_transfer``).
    """

    per_person_month: BenefitAmount | None = Field(
        None, description="Flat rate per participant-month (EUR); a number, a schedule or "
        "amounts by value of `passive_benefits.attribute`. Without it all of the funder's "
        "wage money may come from the transfer."
    )
    limited_to: Literal["benefits_avoided"] | None = Field(
        "benefits_avoided", description="`benefits_avoided`: per participant-month at most the "
        "benefits the funder's budget avoids for that person; `null`: no such limit."
    )
    cap_per_year: Amount | None = Field(
        None, description="At most this many EUR of transfer a calendar year (e.g. the "
        "federal PAT ceiling); a number or a schedule by date: a year's ceiling is the value "
        "in force in its January (a key in the middle of a year counts from the next year, "
        "also for a period that starts in mid-year)."
    )


COVERS = (
    "Shares of cost categories ({categories}: a share of `wages` does not cover one-off "
    "payments) or of `total`, or `remainder` (what others leave; applied last); or rule "
    "sets by date, `{2029-01: {material: 1.0}, 2030-01: {material: 0.5}}` (each holds from "
    "its month until the next; before the first the funder pays nothing).")
"""The description of ``Funder.covers``; ``{categories}``: the registered categories."""


def listing_categories(text: str) -> str:
    """``text`` with ``{categories}`` replaced by the categories registered now
    (```wages`, `staff`, ...``): a description that lists them lists a new one too."""
    return text.replace("{categories}", ", ".join(f"`{c}`" for c in CATEGORIES))


BUDGET_SHARE = {"exclusiveMinimum": 0.0, "maximum": 1.0}
"""A budget's share of a funder's money in a budget mapping: above 0 and at most 1
(``checks`` refuses any other, where the shares' sum is said too; the format's reference
page states it from the schema)."""

BudgetField = Annotated[
    Annotated[str, Tag("id")]
    | Annotated[dict[str, Annotated[float, WithJsonSchema({"type": "number", **BUDGET_SHARE})]],
                Field(min_length=1), Tag("shares")],
    Discriminator(lambda v: "shares" if isinstance(v, dict) else "id")]
"""A budget id, or budget ids with shares: a mapping's wrong share is refused alone,
not also as "expected text"."""


def _undated_budget(value: Any) -> Any:
    """``budget`` as given, unless it is a split by date (``{2026-01: {land: 0.6, eu:
    0.4}, 2028-01: {...}}``): each month was read as a budget id, "expected a number",
    which never said that a split cannot change by date, nor what to write instead."""
    if not isinstance(value, dict) or not any(map(_is_month, value)):
        return value
    months = sorted((str(k) for k in value if _is_month(k)), key=Month.parse)
    later = months[1] if len(months) > 1 else None
    split = (f" (this one until {Month.parse(later) + -1}, the other from {later} with its "
             "split)" if later else "")
    raise Refusal("a budget split cannot change by date: give one split ({land: 0.6, eu: "
                  "0.4}); for a split that changes on a date write a second funder with the "
                  f"same covers and from/until{split}", quote=False)


def _is_month(key: object) -> bool:
    """Whether ``key`` is a month ``YYYY-MM`` (a schedule's date)."""
    try:
        Month.parse(str(key))
    except ValueError:
        return False
    return True


class Funder(Strict):
    """A funder covering shares of the costs, applied in list order."""

    model_config = ConfigDict(**Strict.model_config, populate_by_name=True,
                              serialize_by_alias=True)

    id: str = Field(min_length=1, description="Identifier, unique among funders.")
    name: str = Field("", description="Readable name.")
    public: bool = Field(True, description="Public money (counts in `net_public_cost`).")
    covers: Covers = Field(description=listing_categories(COVERS))
    from_: str | None = Field(
        None, alias="from", description="First month (`YYYY-MM`) the funder pays; before it "
        "it pays nothing and the remainder funder or the gap takes over."
    )
    until: str | None = Field(
        None, description="Last month (`YYYY-MM`, inclusive) the funder pays, e.g. `2029-12` "
        "for ESF+ 2021-2027; after it the remainder funder or the gap takes over."
    )
    cap_per_person_month: Amount | None = Field(
        None, description="At most this many EUR per participant-month (per provider, month); "
        "a number or a schedule by date, `{2026-01: 1400, 2028-01: 1500}` (each value holds "
        "from its month until the next)."
    )
    cap_per_year: Amount | None = Field(
        None, description="At most this many EUR a calendar year; a number or a schedule by "
        "date: a year's cap is the value in force in its January (a key in the middle of a "
        "year counts from the next year, also for a period that starts in mid-year).")
    cap_total: float | None = Field(
        None, ge=0, le=MAX_AMOUNT_EUR, description="At most this many EUR over the whole "
        "period: one number (a budget for the whole period has no date to change on).")
    payment: Payment | None = Field(
        None, description="Payment terms (claims, timing, lag, retention, advance); without "
        "them the funder pays in the month the cost arises."
    )
    budget: BudgetField | None = Field(
        None, description="The budget the money comes from: `bund`, `land`, `eu`, `kommune`, "
        "`provider` or a name of your own; a payer of `passive_benefits` is a budget too. "
        "Default: `provider` for non-public money, else the funder's id. One grant of "
        "several budgets (ESF+ money co-financed by the Land) is a mapping of budget ids to "
        "shares adding up to 1, `{land: 0.6, eu: 0.4}`: one funder (one rule, one payment "
        "schedule, one request) whose money counts to each budget at its share, in whole "
        "cents per month and provider, in the fiscal balance (`net_cost_<budget>`)."
    )
    limited_to: Literal["benefits_avoided"] | None = Field(
        None, description="`benefits_avoided`: per participant-month the funder pays at most the "
        "benefits its budget avoids for that person (a municipality putting in the KdU it "
        "saves); all of its money then counts as transfer, unless its `transfer` block "
        "limits that part (a flat rate, a yearly ceiling). Only for a funder of `wages`."
    )
    basis: Literal["cost", "subsidy_base"] = Field(
        "cost", description="What its share of `wages` is a share of: `cost` (the wage line) "
        "or `subsidy_base` (a §16i/§16e wage subsidy: the subsidisable wage of "
        "`costs.wages.subsidy_base`, at most the wage line; docs/wage-basis.md). Other "
        "categories are always shares of their cost."
    )
    net_of: list[str] = Field(
        [], description="Funders listed before this one whose amounts count "
        "against its share in the same month, provider and category (co-financing netted, "
        "Anrechnung): it wants its share of the cost minus what they paid."
    )
    transfer: Transfer | None = Field(
        None, description="The part of its wage money financed from benefits avoided (PAT)."
    )

    @property
    def budget_id(self) -> str:
        """The budget named, or by default ``provider`` (non-public) or the funder's id;
        of a budget mapping its first budget (a rule that needs one budget, a transfer's,
        refuses a mapping: ``checks``; the fiscal balance reads ``budget_shares``)."""
        return next(iter(self.budget_shares))

    @property
    def budget_shares(self) -> dict[str, float]:
        """Each budget the money counts to, with its share (``{budget_id: 1.0}`` for one)."""
        if isinstance(self.budget, dict):
            return dict(self.budget)
        if self.budget is not None:
            return {self.budget: 1.0}
        return {self.id if self.public else PROVIDER_BUDGET: 1.0}

    @property
    def transfers(self) -> bool:
        """Part of its money comes from the Passiv-Aktiv-Transfer."""
        return self.limited_to is not None or self.transfer is not None

    _check_from = field_validator("from_", "until")(
        lambda cls, v: None if v is None else check_month(v))
    _undated_budget = field_validator("budget", mode="before")(
        lambda cls, v: _undated_budget(v))

    @model_validator(mode="after")
    def _from_before_until(self) -> "Funder":
        if self.from_ and self.until and Month.parse(self.until) < Month.parse(self.from_):
            raise Refusal(f"until ({self.until}) must not lie before from ({self.from_})",
                          "until", quote=False)
        return self

    @property
    def rule_sets(self) -> list[tuple[str | None, dict[str, FunderShare]]]:
        """``(first month or None for always, shares)`` of each rule set, in time order."""
        if isinstance(self.covers, DatedCovers):
            return list(self.covers.items())
        return [] if self.covers == "remainder" else [(None, self.covers)]

    @property
    def categories(self) -> set[str]:
        """Every category (or ``total``) any of its rule sets covers."""
        return {key for _, shares in self.rule_sets for key in shares}

    @property
    def boundaries(self) -> set[str]:
        """Months at which this funder's rules change (rule set keys, ``from``, after ``until``)."""
        months = {key for key, _ in self.rule_sets if key is not None}
        if self.from_:
            months.add(self.from_)
        if self.until and (after := Month.parse(self.until) + 1).year <= 9999:
            months.add(str(after))  # none after 9999-12, which no horizon passes
        return months

    def within_dates(self, month: str) -> bool:
        """Whether ``month`` lies within its ``from`` and ``until``: outside them it pays
        nothing, whatever its rules (the remainder funder too); inside them a funder with
        rules by date still pays nothing before its first rule set (``shares_at``)."""
        at = Month.parse(month)
        return not ((self.from_ and at < Month.parse(self.from_))
                    or (self.until and at > Month.parse(self.until)))

    def pays_in(self, month: str) -> bool:
        """Whether its dates have it pay in ``month``: within its ``from`` and ``until``
        and, with rules by date, once its first rule set is in force (the remainder
        funder: within its dates). One test for every check of a funder idle in a period."""
        if self.covers == "remainder":
            return self.within_dates(month)
        return bool(self.shares_at(month))

    @property
    def dates_said(self) -> str:
        """Its dates as a line about a funder that pays in no month names them:
        ``from 2010-01, until 2019-12, covers from 2030-01`` (those written)."""
        return ", ".join(f"{key} {value}" for key, value in (
            ("from", self.from_), ("until", self.until),
            ("covers from", next((k for k, _ in self.rule_sets if k), None))) if value)

    def shares_at(self, month: str | None = None) -> dict[str, FunderShare]:
        """The shares in force in ``month`` (``{}`` when the funder pays nothing then);
        without a month, the first rule set."""
        if self.covers == "remainder":
            raise ValueError("the remainder funder has no fixed share")
        if month is None:
            return self.rule_sets[0][1]
        if not self.within_dates(month):
            return {}
        at = Month.parse(month)
        in_force = [shares for key, shares in self.rule_sets
                    if key is None or Month.parse(key) <= at]
        return in_force[-1] if in_force else {}

    def share_of(self, category: str, month: str | None = None) -> FunderShare:
        """This funder's share of a category in ``month`` (0 where it covers none); without
        a month, that of its first rule set."""
        shares = self.shares_at(month)
        return shares.get("total", shares.get(category, 0.0))


class BenefitParts(Strict):
    """The benefits a participant's household would draw, by part and payer (SGB II).

    The Bund (payer ``bund``) pays the Regelbedarf and the health and care contributions,
    and its federal share of the housing costs (KdU); the municipality (payer ``kommune``)
    pays the rest of the KdU. A ``top_up`` still paid while the participant works is
    offset in the order of §19(3) SGB II: income covers the Regelbedarf first, so the
    top-up is KdU first and Regelbedarf only beyond the KdU.
    """

    regelbedarf: BenefitAmount = Field(
        0.0, description="Regelbedarf and Mehrbedarfe of the household, net of its other income "
        "such as Kindergeld (EUR/month, Bund); a number, a schedule or amounts by value."
    )
    health_care: BenefitAmount = Field(
        0.0, description="Flat health and care contributions the Jobcenter pays for the "
        "household's recipients (EUR/month, Bund; 176.30 per adult in 2026)."
    )
    kdu: BenefitAmount = Field(
        0.0, description="Housing and heating costs, KdU (EUR/month), split between Bund and "
        "Kommune by `kdu_federal_share`."
    )
    kdu_federal_share: FederalShare = Field(
        0.0, description="The Bund's share of the KdU in the program's Land, [0, 1]; a number, "
        "a schedule by month, each year's from its January (`{2027-01: 0.706, 2028-01: "
        "0.71}`; Bundesbeteiligung, §46 SGB II, set yearly per Land), or the "
        "Land's code (`NW`, `BY`, `BE`, ...: finsim's sourced table of the BBFestV, 2024-2026, "
        "the last year held after; e.g. NW 71.3 % in 2024, 72.1 % in 2025 and 2026)."
    )

    @field_validator("kdu_federal_share", mode="wrap")
    @classmethod
    def _land(cls, value: Any, handler: Any) -> Any:
        resolved = resolve_kdu_share(value)
        checked = handler(resolved)
        if isinstance(resolved, LandShare):  # keep the Land, for the period check
            schedule = LandShare(checked)
            schedule.land = resolved.land
            return schedule
        return checked
    top_up: BenefitAmount = Field(
        0.0, description="Benefits the household still draws while the participant works "
        "(EUR/month): not avoided; taken from the KdU first, then from the Regelbedarf."
    )


PART_PAYERS = ("bund", "kommune")
"""The payers (and budgets) of the ``parts`` form."""


class PassiveBenefits(Strict):
    """Passive benefits avoided while participants are employed (Passiv-Aktiv-Transfer).

    Give one form: ``per_person_month`` (one amount), ``by_payer`` (amounts per payer) or
    ``parts`` (Regelbedarf, health and care, KdU, federal KdU share, top-up). Any amount may
    depend on the household: name the mix attribute in ``attribute`` and give a mapping
    ``{value: amount}``; a plain number or schedule applies to every value.
    """

    attribute: str | None = Field(
        None, description="Attribute of `participants.mix` the amounts depend on "
        "(e.g. `household`); then an amount may be a mapping from each of its values."
    )
    per_person_month: BenefitAmount | None = Field(
        None, description="Benefits avoided per participant-month (EUR); number or schedule, "
        "or by value of `attribute`."
    )
    by_payer: dict[str, BenefitAmount] | None = Field(
        None, description="The same split by payer (payer id -> EUR/month, number or schedule, "
        "or by value of `attribute`); each payer id is a budget."
    )
    parts: BenefitParts | None = Field(
        None, description="The benefits built from their parts; gives payers `bund` and "
        "`kommune`."
    )
    after_placement: bool = Field(
        False, description="Also count months after a placement, until the horizon ends."
    )

    @model_validator(mode="after")
    def _one_form(self) -> "PassiveBenefits":
        given = [k for k in ("per_person_month", "by_payer", "parts")
                 if getattr(self, k) is not None]
        if len(given) > 1:
            raise Refusal(f"give one of per_person_month, by_payer, parts, "
                          f"not {' and '.join(given)}", quote=False)
        return self

    def amounts(self) -> list[tuple[str, Any]]:
        """(dotted path below ``passive_benefits``, amount) of every amount given."""
        out = []
        if self.per_person_month is not None:
            out.append(("per_person_month", self.per_person_month))
        out += [(f"by_payer.{payer}", a) for payer, a in (self.by_payer or {}).items()]
        if self.parts is not None:
            out += [(f"parts.{name}", getattr(self.parts, name))
                    for name in BenefitParts.model_fields]
        return out

    @property
    def unsplit(self) -> bool:
        """Whether the benefits avoided are given per person, not split by payer: saved by
        no budget, a line of their own wherever the budgets' net costs add up."""
        return self.per_person_month is not None

    @property
    def payers(self) -> list[str]:
        """The payer ids (budgets) benefits are avoided for; ``[]`` without a payer split."""
        if self.parts is not None:
            return list(PART_PAYERS)
        return list(self.by_payer or {})


PARAMETERS = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "normal": ("mean", "sd"),
    "lognormal": ("median", "sigma"),
    "pert": ("low", "mode", "high"),
}
"""The parameters of each distribution family, in the order they are written."""
ALL_PARAMETERS = tuple(dict.fromkeys(p for family in PARAMETERS.values() for p in family))
"""Every family's parameters, each once: a ``Distribution``'s keys but ``dist`` and the
``scale`` flag."""


class Distribution(Strict):
    """An uncertain parameter's distribution, drawn once per replication. A draw outside
    the parameter's bounds stops the run (it is not clipped: that would pile the tail on
    the bound); `normal` and `lognormal` have no ends, so `validate`, `run`, `compare` and
    `size` warn where their draws may leave the bounds: use `triangular`, `pert` or
    `uniform` within them."""

    dist: Literal["uniform", "triangular", "normal", "lognormal", "pert"] = Field(
        description="Family: uniform(low, high), triangular(low, mode, high), normal(mean, sd), "
        "lognormal(median, sigma), pert(low, mode, high)."
    )
    low: float | None = Field(None, description="Lower bound (uniform, triangular, pert).")
    mode: float | None = Field(None, description="Most likely value (triangular, pert).")
    high: float | None = Field(None, description="Upper bound (uniform, triangular, pert).")
    mean: float | None = Field(None, description="Mean (normal).")
    sd: float | None = Field(None, gt=0, description="Standard deviation (normal, > 0).")
    median: float | None = Field(None, gt=0, description="Median (lognormal, > 0).")
    sigma: float | None = Field(None, gt=0, description="Standard deviation of log (lognormal).")
    scale: bool = Field(
        False, description="If true the draw multiplies the value (every value of a schedule, "
        "keeping its dates; every year's share of a `by_tenure_year` list, which only a "
        "factor can draw) instead of replacing it. Without it a draw replaces a schedule "
        "(`slots: {2027-01: 6, 2027-07: 10}`, a dated price, rate or cap) by one value in "
        "every month, and the ramp-up is gone: `validate`, `run`, `compare` and `size` warn "
        "where the dates change the value in the months simulated."
    )

    @property
    def bounded(self) -> bool:
        """Whether its draws lie between ``low`` and ``high`` (a normal's or lognormal's
        have no ends)."""
        return self.dist in ("uniform", "triangular", "pert")

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, data: Any) -> Any:
        if isinstance(data, dict | Distribution):
            return data
        raise ValueError("expected a distribution, e.g. {dist: uniform, low: 0.01, high: 0.02}"
                         " or {dist: triangular, low: 0.9, mode: 1, high: 1.2, scale: true}")

    @model_validator(mode="after")
    def _parameters(self) -> "Distribution":
        needed = PARAMETERS[self.dist]
        given = {k for k in ALL_PARAMETERS if getattr(self, k) is not None}
        if missing := [k for k in needed if k not in given]:
            raise Refusal(f"{self.dist} needs {', '.join(needed)}; missing "
                          f"{', '.join(missing)}", quote=False)
        if extra := sorted(given - set(needed)):
            raise Refusal(f"{self.dist} takes {', '.join(needed)}; not {', '.join(extra)}",
                          quote=False)
        if "low" in needed and not self.low < self.high:
            raise Refusal(f"low ({self.low:g}) must be below high ({self.high:g})",
                          quote=False)
        if "mode" in needed and not self.low <= self.mode <= self.high:
            raise Refusal(f"mode ({self.mode:g}) must lie within low ({self.low:g}) and high "
                          f"({self.high:g})", quote=False)
        return self


def _price_index(value: Any) -> Any:
    """A yearly rate (``0.03``) or an index by calendar year (``{2027: 1.02}``)."""
    if isinstance(value, dict):
        if not value:
            raise ValueError("an index by year needs at least one 'YYYY: factor' entry")
        out = {}
        for year, factor in value.items():
            if isinstance(year, bool) or not str(year).isdigit() or not 1900 <= int(year) <= 2200:
                raise Refusal(f"'{year}' is not a year: expected YYYY from 1900 to 2200, "
                              "e.g. 2027", quote=False)
            if isinstance(factor, bool) or not isinstance(factor, int | float) or not (
                    0 < factor <= MAX_INDEX_FACTOR):
                raise Refusal(f"expected an index factor above 0 and at most "
                              f"{MAX_INDEX_FACTOR:g}, e.g. 1.02", year)
            out[int(year)] = float(factor)
        return dict(sorted(out.items()))
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not MIN_YEARLY_RATE <= value < MAX_YEARLY_RATE:
        raise ValueError(f"expected {YEARLY_RATE} (from {MIN_YEARLY_RATE:g} to below "
                         f"{MAX_YEARLY_RATE:g}) "
                         "or an index by year (e.g. {2027: 1.02, 2028: 1.05})")
    return float(value)


MAX_INDEX_FACTOR = 100.0
"""A price index's factor lies above 0 and at most this: a hundredfold price is a typo
(an index in percent, 102 for 1.02)."""

PRICE_RANGES = (f"A rate lies from {MIN_YEARLY_RATE:g} to below {MAX_YEARLY_RATE:g} (0.01 for "
                f"1 %); an index factor above 0 and at most {MAX_INDEX_FACTOR:g}.")
"""The ranges ``_price_index`` enforces, said in each price kind's description."""

PriceIndex = Annotated[
    Any,
    PlainValidator(_price_index),
    WithJsonSchema({"anyOf": [
        {"type": "number", "title": "a rate", "minimum": MIN_YEARLY_RATE,
         "exclusiveMaximum": MAX_YEARLY_RATE},
        {"type": "object", "additionalProperties": {
            "type": "number", "title": "an index factor", "exclusiveMinimum": 0,
            "maximum": MAX_INDEX_FACTOR}}]}),
]
"""A price kind: the bounds ``_price_index`` holds it to are in its schema, where the
format's reference page reads its range."""


class Prices(Strict):
    """How money values move with prices, per cost kind (docs/prices.md).

    A plain number is in prices of ``base_year`` and is uprated to each month's calendar
    year; a schedule's values stand as given and are uprated after the year of its last
    key. A kind given here replaces that kind's ``annual_increase``.
    """

    base_year: int | None = Field(
        None, ge=1900, le=2200,
        description="Year whose prices plain numbers are in (default: the program's first "
        "year: `period.simulate_from`'s when given, else the period's).",
    )
    wages: PriceIndex | None = Field(
        None, description="Hourly wages: a yearly rate (0.03) or an index by year {2027: 1.02}. "
        f"{PRICE_RANGES}")
    staff: PriceIndex | None = Field(
        None, description="Coach and management costs: a yearly rate or an index by year. "
        f"{PRICE_RANGES}")
    material: PriceIndex | None = Field(
        None, description="Material per slot-month: a yearly rate or an index by year. "
        f"{PRICE_RANGES}")
    qualification: PriceIndex | None = Field(
        None, description="Module costs (charged in the month they fall due): a yearly rate "
        f"or an index by year. {PRICE_RANGES}")


class ActualsSource(Strict):
    """A re-forecast from actuals (`finsim run --actuals FILE --as-of YYYY-MM`)."""

    spells: str = Field(
        min_length=1, description="The actual spells, a caseload file (docs/caseload-format.md; "
        "path relative to the scenario): months before `as_of` are these spells."
    )
    as_of: str = Field(
        description="First month forecast, `YYYY-MM`, from the period start to the month after its "
        "end (all actual): months before it are actual, whoever is in a slot then continues."
    )
    booked: str | None = Field(
        None, description="Booked costs (CSV month,provider,category,amount; path relative "
        "to the scenario): they replace the ledger's cost of those actual months."
    )

    _check_as_of = field_validator("as_of")(lambda cls, v: check_month(v))


@dataclass(frozen=True)
class SetOver:
    """A ``--set`` as given (its path and the text after ``=``) and the value the
    scenario acted with there before it (``found`` False: none, a path it adds);
    ``origin`` how it came: ``--set``, or a Python call's ``overrides``."""

    path: str
    typed: str
    before: Any = None
    found: bool = False
    origin: str = "--set"


class Scenario(Strict):
    """A whole scenario: the program, its costs, its funders and what is uncertain."""

    name: str = Field(min_length=1, description="Name shown in reports and comparisons.")
    description: str = Field("", description="What the scenario is for.")
    base: str | None = Field(
        None, description="Scenario file this one inherits from (path relative to this file); "
        "blocks merge key by key, lists by `id` (`[]`: none; `providers: !replace [...]`: "
        "this list instead of the base's, and without `base` a warning that it does nothing; "
        "a list that names none of the base's ids is warned of, as it keeps them all, also "
        "when it has one item), and a schedule, price index, `covers` "
        "or amount by household value is replaced whole (README, `base:`)."
    )
    period: Period = Field(description="The horizon.")
    simulation: SimulationSettings = Field(
        default_factory=SimulationSettings, description="Replications and seed."
    )
    participants: Participants = Field(description="Referrals and who they are.")
    employment: Employment = Field(default_factory=Employment, description="Exits from slots.")
    providers: list[Provider] = Field(min_length=1, max_length=MAX_PROVIDERS,
                                      description="The providers (Träger).")
    costs: Costs = Field(description="Cost parameters.")
    funding: list[Funder] = Field([], max_length=MAX_FUNDERS,
                                  description="Funders, applied in order.")
    prices: Prices = Field(
        default_factory=Prices, description="Price indexation per cost kind (docs/prices.md)."
    )
    passive_benefits: PassiveBenefits = Field(
        default_factory=PassiveBenefits, description="Passive benefits avoided."
    )
    returns: dict[str, Share] = Field(
        {}, description="Taxes and contributions that flow back from the "
        "participants' pay: budget -> share of the gross pay, wages and one-off payments "
        "(e.g. wage tax by the budget that receives it, social insurance contributions); "
        "counted in `net_cost_<budget>`."
    )
    uncertainty: dict[str, Distribution] = Field(
        {}, description="Parameter path -> distribution drawn per "
        "replication; a whole-number parameter (slots) runs with the draw rounded half up."
    )
    actuals: ActualsSource | None = Field(
        None, description="Re-forecast from actual spells: the past as it happened, the rest "
        "simulated (usually given as `finsim run --actuals --as-of`)."
    )
    _data_files: dict = PrivateAttr(default_factory=dict)
    """The data files it names, as read when it was loaded (``scenario.datafiles``)."""
    _held_by_set: tuple[str, ...] = PrivateAttr(default=())
    """The uncertain parameters a ``--set`` of the same path holds at its value, their
    draws dropped when it was loaded (``load.held_by_set``)."""
    _set_over: tuple[SetOver, ...] = PrivateAttr(default=())
    """What each ``--set`` changed, as given and the value it replaced
    (``load.replaced_values``): said on every output beside the file's description."""
    _held_by_file: tuple[str, ...] = PrivateAttr(default=())
    """The uncertain parameters of a base file that the file laid over it sets itself,
    their draws dropped when it was loaded (``load.held_by_file``)."""
    _folder: Path | None = PrivateAttr(default=None)
    """The folder of the file it was loaded from (None if built from data): a relative
    data-file path set on it later is relative to that folder (``datafiles.folder``)."""
    _ran_from: str | None = PrivateAttr(default=None)
    """The month the program ran from before a moved period that starts from a caseload
    file or the actual spells (``sizing.move_period``), not from a warm-up: what its
    funders' budgets spent before the start is not booked (``sanity.fresh_budget_warnings``)."""
    _own_start: str | None = PrivateAttr(default=None)
    """The file's own ``period.start`` when a ``--set`` moved it (``load.mark_held``): its
    plain prices, without ``prices.base_year``, are then read in the new first year's."""
    _over_base: tuple[str, str, str] | None = PrivateAttr(default=None)
    """(the file, its bases' period start, its own) when the file moved the period start
    its bases resolve to (``load.moved_over_base``): the same re-basing of plain prices."""
    _own_slots: dict[str, Any] = PrivateAttr(default_factory=dict)
    """A search's candidate (``sizing.with_slots``): each provider's slots as the user's
    scenario gives them (by ``providers.<id>.slots``), which its own replace."""
    _new_rules: tuple[tuple[Any, str], ...] = PrivateAttr(default=())
    """The new dated rules a ``--set`` made from the one in force before their date
    (``paths.NewDated``, each with the value given as written; ``load.mark_held``)."""
    _near_base: tuple[tuple[str, str, str, str], ...] = PrivateAttr(default=())
    """The items a file added over its base without a name as near misses of the base's
    ids (``load.added_near_base``): ``hoff`` beside ``hof`` is a provider of its own."""
    _renamed_by_set: frozenset[str] = PrivateAttr(default=frozenset())
    """The dotted paths of the items a ``--set`` gave their id (``providers.Beta``), set
    while validating: an id that reads as another is told at the one the ``--set`` gave
    (``checks._lookalike_id_problems``), whose line names that ``--set``."""
    _kept_base: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...] = PrivateAttr(
        default=())
    """The id lists to which a file added items over its base while naming none of the
    base's, keeping them all (``load.kept_from_base``): Leipzig's two providers beside
    Dortmund's nine."""
    _lone_replace: tuple[tuple[str, str], ...] = PrivateAttr(default=())
    """The lists tagged ``!replace`` in a file without ``base:``, with their file and line
    (``load.replaced_without_base``): the tag does nothing there."""
    _own_period: tuple[str, str] | None = PrivateAttr(default=None)
    """The first and last month simulated of the file's own period when a ``--set`` (or
    ``size``) changed it (``load.own_period``): the file's schedule keys were written for
    that one, so a moved or cut period does not make them typos (``sanity``)."""
    _base_keys: frozenset[str] = PrivateAttr(default=frozenset())
    """The dated keys (``path.YYYY-MM``) a base file wrote, not the file named or a
    ``--set`` (``load.base_keys``): a base's schedule is written for its own period, so
    its keys outside this one are no typo of the user's (``sanity``)."""
    _unordered: tuple[tuple[str, str, str, str | None, str], ...] = PrivateAttr(default=())
    """The keys of a schedule the file named wrote after a later month, each as (the
    schedule's dotted path, the key, the keys written before and after it, its file and
    line: ``load.unordered_keys``): where one never takes effect, a mistyped year likely
    made it so (``sanity.unordered_key_warnings``)."""

    @property
    def as_of(self) -> int | None:
        """Months from the period start to ``actuals.as_of`` (None without actuals; <= 0
        when the actual spells are the warm-up's, ``reforecast``)."""
        if self.actuals is None:
            return None
        return Month.parse(self.actuals.as_of) - self.period.start_month

    @property
    def reforecast(self) -> bool:
        """Whether the reported period has actual months: actuals without a warm-up. With
        ``period.simulate_from`` the actual spells are the warm-up's (up to ``as_of``, at
        or before ``start``): the period starts from their end state, all of it simulated."""
        return self.actuals is not None and self.period.warm_up_months <= 0

    @property
    def actual_months(self) -> int:
        """The months of the period before ``actuals.as_of`` (0 without a re-forecast)."""
        return min(self.as_of, self.period.months) if self.reforecast else 0

    def warm_up(self) -> "Scenario | None":
        """The same program over the months from ``period.simulate_from`` to ``start``,
        whose end state the reported period starts from; None without a warm-up. It keeps
        the ``actuals``: a warm-up through the actual spells is their re-forecast."""
        months = self.period.warm_up_months
        if months <= 0:
            return None
        period = {"start": self.period.simulate_from, "months": months}
        return self.model_copy(update={"period": Period(**period)})

    def slots_in_force(self) -> np.ndarray:
        """Slots of each provider in each month of the horizon, ``[months, providers]``:
        what the simulation admits up to, and what material is charged on."""
        start, months = self.period.start_month, self.period.months
        return np.stack([monthly(p.slots, start, months) for p in self.providers], axis=1)

    @property
    def provider_ids(self) -> list[str]:
        return [p.id for p in self.providers]

    @property
    def funder_ids(self) -> list[str]:
        return [f.id for f in self.funding]

    def __repr__(self) -> str:
        """A few lines, as a result's ``repr`` is one: its name and period, each provider
        with its slots, the funders and the file it was loaded from with the overrides
        given (pydantic's would be all of it, thousands of characters in a notebook's
        cell; ``model_dump()`` gives that)."""
        from .loaded import loaded_as

        slots = [f"{p.id} {_slots_text(p.slots)}" for p in self.providers]
        lines = [f"<finsim.Scenario {self.name!r}: {self.period.start} + "
                 f"{counted(self.period.months, 'month', 'months')}",
                 f"{counted(len(slots), 'provider', 'providers')} (slots): {_listed(slots)}",
                 f"{counted(len(self.funding), 'funder', 'funders')}: "
                 f"{_listed(self.funder_ids) or 'none'}"]
        if (given := loaded_as(self)) is not None:
            overrides = ", ".join(given.overrides())
            lines.append(" ".join(filter(None, [given.file and f"file {given.file}",
                                                 overrides and f"with {overrides}"])))
        return ",\n ".join(filter(None, lines)) + ">"

    def employment_for(self, provider: Provider) -> Employment:
        """The program's employment rules with the provider's overrides laid over them."""
        return _patched(self.employment, provider.employment)

    def costs_for(self, provider: Provider) -> Costs:
        """The program's cost parameters with the provider's overrides laid over them."""
        return _patched(self.costs, provider.costs)


REPR_LISTED = 10
"""Providers (funders) a scenario's ``repr`` names; the others it counts."""


def _listed(names: list[str]) -> str:
    """``names`` joined, past ``REPR_LISTED`` counted (``... and 990 more``)."""
    more = len(names) - REPR_LISTED
    return ", ".join(names[:REPR_LISTED]) + (f" and {more:,} more" if more > 0 else "")


def _slots_text(slots: Any) -> str:
    """A provider's slots for ``repr``: the number, or a schedule's lowest to highest."""
    if not isinstance(slots, dict):
        return str(slots)
    low, high = min(slots.values()), max(slots.values())
    return str(low) if low == high else f"{low} to {high}"


def _patched(model: BaseModel, patch: BaseModel | None) -> Any:
    """``model`` with the patch's given values laid over it, block by block (lists and
    schedules replaced whole). The patch was validated with the same rules, so its values
    are copied in without validating again: a replication's compile step calls this."""
    if patch is None:
        return model
    update = {}
    for name in type(patch).model_fields:
        value = getattr(patch, name)
        if value is None:
            continue
        current = getattr(model, name)
        if isinstance(value, SubsidyBasePatch):  # the one optional block a patch merges
            update[name] = value.over(current)
            continue
        update[name] = (_patched(current, value) if isinstance(value, BaseModel)
                        and isinstance(current, BaseModel) else value)
    return model.model_copy(update=update)

"""The values in force in one month, as the ledger and the funding rules use them
(``finsim show SCENARIO --month YYYY-MM``).

Everything is read from the compiled cost program and the funders' rules, so the figures
are those of a run: wages and unit costs after prices, schedules and per-provider
overrides, the subsidisable wage, one-off payments due, the funder rules, caps, transfer
rates and payment terms in force, and the passive benefits avoided per person (the parts
and each payer's saving by household).
"""

from __future__ import annotations

from typing import Any

from ..funding.benefits import benefit_rates, payer_cents
from ..funding.rules import RULE_KINDS
from ..ledger import COST_CATEGORIES, compile_costs
from ..ledger.categories import (
    WEEKS_PER_MONTH,
    Material,
    OneOffPayments,
    Overhead,
    Qualification,
    Staff,
    Wages,
    base_year,
    hourly_priced,
    monthly_gross,
    subsidy_base,
)
from ..ledger.cents import to_cents
from ..registry import ADDED_CATEGORIES
from ..scenario import Scenario
from ..scenario.errors import Problem, ScenarioError
from ..scenario.kdu_share import LandShare
from ..scenario.minimum_wage import assumed_from, ends_on_the_table, minimum_wages
from ..scenario.model import TenureShares, by_value
from ..scenario.schedule import Month, monthly, yearly


def _eur(value: float) -> float:
    """Money to the cent as the ledger rounds it (half a cent up, ``to_cents``), not
    Python's ``round`` (2,529.085 is 2,529.09 there, 2,529.08 here before)."""
    return int(to_cents(value)) / 100


def _rate(value: float) -> float:
    """An hourly rate as the ledger multiplies it, not rounded to the cent (14.60 x 1.025
    is 14.965), only the float noise past 15 significant digits dropped."""
    return float(f"{float(value):.15g}")


def _money(value: float) -> str:
    """A rate or amount for a note: 16.00 and 3,038.20, but 14.965 as the ledger has it."""
    return f"{value:,.2f}" if round(value, 2) == value else f"{value:,.15g}"


def _assumed_wage(scn: Scenario, w, source: object, shown: float, m: int) -> float | str:
    """``shown``, an hourly rate of month ``m`` from ``source``, marked where it is finsim's
    assumed minimum wage rather than a statutory one."""
    assumed = _assumed(scn, w, source, m)
    return shown if assumed is None else f"{_money(shown)} ({assumed})"


def _assumed(scn: Scenario, w, source: object, m: int) -> str | None:
    """Why an hourly rate of month ``m`` from ``source`` is finsim's assumed minimum wage
    (``source`` ends on the statutory table and ``m`` lies after its last year, where the
    ledger uprates the last rate), None where it is not."""
    if not ends_on_the_table(source) or scn.period.start_month + m < assumed_from():
        return None
    how = ("uprated by prices.wages" if scn.prices.wages is not None
           else f"+ {float(f'{w.annual_increase * 100:.10g}'):g} % a year")
    return f"assumed, {minimum_wages()[-1][1]:.2f} {how}; not a statutory figure"


def _wage_paid(scn: Scenario, w, paid: float, m: int) -> str:
    """The base hourly of ``hourly: wage``, the wage paid in month ``m``, with where it
    comes from: a bare ``wage`` gave no rate to check ``per_month`` against."""
    hours = w.hours_per_week * WEEKS_PER_MONTH
    how = f"the wage paid, wages.hourly = gross_per_month / {hours:g} h"
    assumed = _assumed(scn, w, w.hourly, m)
    return f"{_money(paid)} ({how}{'' if assumed is None else '; ' + assumed})"


def _held_over(scn: Scenario, value: object, shown: float, m: int) -> float | str:
    """``shown``, ``value`` in force in month ``m``, marked where it is an earlier year's
    value held over: passive benefits are not uprated, so after the year a value is of
    (a schedule's last key, a plain number's base year) the ledger keeps that value."""
    year = (scn.period.start_month + m).year
    known = (max(Month.parse(str(k)) for k in value).year if isinstance(value, dict)
             else base_year(scn))
    if year <= known:
        return shown
    whose = (f"{year}'s not yet known to finsim" if isinstance(value, LandShare)
             else f"the scenario gives none for {year}")
    return f"{_money(shown)} ({known}'s value held over; {whose})"


def month_index(scn: Scenario, month: str) -> int:
    """The month's index in the period; a ScenarioError (exit 2) outside it."""
    start, months = scn.period.start_month, scn.period.months
    try:
        at = Month.parse(month)
    except ValueError as err:
        raise ScenarioError([Problem("--month", "", str(err), show_value=False)]) from None
    index = at - start
    if not 0 <= index < months:
        raise ScenarioError([Problem(
            "--month", "", f"{at} lies outside the period {start} to {start + (months - 1)}",
            show_value=False)])
    return index


def resolved_month(scn: Scenario, month: str) -> dict[str, Any]:
    """The resolved monthly values of ``month`` (``YYYY-MM``, inside the period)."""
    m = month_index(scn, month)
    costs = compile_costs(scn)
    rates = dict(zip((c.id for c in COST_CATEGORIES), costs.rates, strict=True))
    providers = {}
    for p, provider in enumerate(scn.providers):
        c = scn.costs_for(provider)
        providers[provider.id] = _provider(scn, c, rates, costs.slots[m, p], m, p)
    modules = rates[Qualification.id]
    factor = 1.0 if modules.index is None else float(modules.index[m])
    return {
        "month": str(Month.parse(month)),
        "providers": providers,
        Qualification.id: {mod.id: _eur(mod.cost * factor) for mod in scn.costs.qualification},
        "funding": {f.id: _funder(scn, f, m) for f in scn.funding},
        "passive_benefits": _benefits(scn, m),
    }


def _subsidy_base(scn: Scenario, c, wage_line: float, m: int) -> dict[str, Any]:
    """The subsidisable wage in force with its base hourly (for ``hourly: wage`` the wage
    paid, marked so), and a note where a cap lowered it (the base hourly above the wage
    paid, the base above the wage line), so the figure is not a puzzle."""
    w, base = c.wages, c.wages.subsidy_base
    start, months = scn.period.start_month, scn.period.months
    paid = _rate(hourly_priced(scn, w.hourly, w)[m])
    given = paid if base.hourly == "wage" else _rate(hourly_priced(scn, base.hourly, w)[m])
    hourly = (_wage_paid(scn, w, paid, m) if base.hourly == "wage" else _assumed_wage(
        scn, w, base.hourly if given <= paid else w.hourly, min(given, paid), m))
    out: dict[str, Any] = {"hourly": hourly, "contributions": float(
        monthly(base.contributions, start, months)[m])}
    notes = []
    if given > paid:
        notes.append(f"base hourly {_money(given)} given; at most the wage paid, "
                     f"{_money(paid)}")
    value = subsidy_base(scn, c)[m]
    out["per_month"] = _eur(min(value, wage_line))
    if value > wage_line:
        notes.append(f"{_money(_eur(value))} capped at the wage line, "
                     f"{_money(_eur(wage_line))}")
    if notes:
        out["note"] = "; ".join(notes)
    return out


def _provider(scn: Scenario, c, rates: dict, slots: float, m: int, p: int) -> dict[str, Any]:
    w = c.wages
    staff = rates[Staff.id]
    wages: dict[str, Any] = {
        "hourly": _assumed_wage(scn, w, w.hourly, _rate(hourly_priced(scn, w.hourly, w)[m]), m),
        "hours_per_week": w.hours_per_week,
        "gross_per_month": _eur(monthly_gross(scn, c)[m]),
        "employer_contributions": float(monthly(w.employer_contributions,
                                                scn.period.start_month,
                                                scn.period.months)[m]),
        "cost_per_month": _eur(rates[Wages.id][m, p]),
    }
    if w.subsidy_base is not None:
        wages["subsidy_base"] = _subsidy_base(scn, c, rates[Wages.id][m, p], m)
    calendar = (scn.period.start_month + m).month
    due = {o.id: _eur(rate.amount[m]) for o, rate in zip(c.one_off, rates[OneOffPayments.id][p],
                                                       strict=True) if o.month == calendar}
    out = {
        "slots": int(slots) if float(slots).is_integer() else float(slots),  # 24, not 24.0
        Wages.id: wages,
        Staff.id: {
            "coach_per_fte_month": _eur(staff.coach[m, p]),
            "participants_per_coach": float(staff.per_coach[p]),
            "coaching_per_participant_month": _eur(staff.coach[m, p] / staff.per_coach[p]),
            "management_per_month": _eur(staff.management[m, p]) if slots > 0 else 0.0,
        },
        "material_per_slot_month": _eur(rates[Material.id][m, p]),
        "overhead_rate_on_staff": float(rates[Overhead.id][p]),
    }
    if due:
        out["one_off_due_per_person"] = due
    for added in ADDED_CATEGORIES:  # a registered category says its own rates
        out.update(added.month(scn, c, rates[added.id], m, p))
    return out


def _share(value) -> Any:
    if isinstance(value, TenureShares):
        limit = {} if value.per_person_limit is None else {
            "per_person_limit": value.per_person_limit}
        return {"by_tenure_year": list(value.by_tenure_year), **limit}
    return float(value)


def _of_the_year(value, start: Month, months: int, m: int) -> float:
    """A yearly cap in force in month ``m``: the value in force in its year's January (as
    the funding rules spend it)."""
    return float(yearly(value, start, months)[m])


def _funder(scn: Scenario, f, m: int) -> dict[str, Any]:
    start, months = scn.period.start_month, scn.period.months
    label = str(start + m)
    if f.covers == "remainder":
        out: dict[str, Any] = {
            "covers": "remainder" if f.within_dates(label) else "nothing this month"}
    else:
        shares = f.shares_at(label)
        out = {"covers": {k: _share(v) for k, v in shares.items()} or "nothing this month"}
    if f.basis != "cost":
        out["basis"] = f.basis
    for key in ("from_", "until", "limited_to", "net_of"):
        if getattr(f, key):
            out[key.rstrip("_")] = getattr(f, key)
    if f.cap_per_person_month is not None:
        out["cap_per_person_month"] = _eur(monthly(f.cap_per_person_month, start, months)[m])
    if f.cap_per_year is not None:
        out["cap_per_year"] = _eur(_of_the_year(f.cap_per_year, start, months, m))
    if f.cap_total is not None:
        out["cap_total"] = _eur(f.cap_total)
    if f.transfer is not None:
        out.update(_transfer(scn, f.transfer, m))
    if f.limited_to or (f.transfer is not None and f.transfer.limited_to):
        out["budget"] = f.budget_id  # whose saving limits it (passive_benefits.avoided_...)
    if f.payment is not None:
        out["payment"] = f.payment.model_dump(mode="json")
    kind = next((k for k in RULE_KINDS if k.matches(f)), None)
    if hasattr(kind, "month") and f.within_dates(label):  # a registered kind says its own
        out.update(kind.month(scn, f, m))  # terms (``covers`` too) where it pays at all
    return out


def _transfer(scn: Scenario, transfer, m: int) -> dict[str, Any]:
    """A funder's Passiv-Aktiv-Transfer that month: the flat rate per person-month (by
    household where it depends on it), whether the saving limits it, the year's ceiling."""
    start, months = scn.period.start_month, scn.period.months
    out: dict[str, Any] = {}
    if transfer.per_person_month is not None:
        out["transfer_per_person_month"] = _at(transfer.per_person_month, scn, m)
    out["transfer_limited_to"] = transfer.limited_to
    if transfer.cap_per_year is not None:
        out["transfer_cap_per_year"] = _eur(
            _of_the_year(transfer.cap_per_year, start, months, m))
    return out


def _at(amount, scn: Scenario, m: int, held: bool = False) -> Any:  # noqa: ANN001
    """A money amount (a BenefitAmount) in force in month ``m``, by value where given by
    value; ``held``: each marked where it is an earlier year's value held over."""
    start, months = scn.period.start_month, scn.period.months

    def one(value: Any) -> float | str:
        shown = _eur(monthly(value, start, months)[m])
        return _held_over(scn, value, shown, m) if held else shown

    if by_value(amount):
        return {k: one(v) for k, v in amount.items()}
    return one(amount)


def _avoided(scn: Scenario, m: int) -> dict[str, Any]:
    """What each payer (``bund``, ``kommune``) saves per person-month of the ``parts``,
    by household where they depend on it, in the cents the ledger books for one person's
    month (``payer_cents``: the Kommune's part half up, the Bund the rest of the rounded
    total), so that the payers add up to the household's benefit (1,437.08 + 140.90, not
    the exact 1,437.085 + 140.895 a reader would round to a cent nobody saves)."""
    rates = benefit_rates(scn)
    booked = payer_cents({payer: table[m] for payer, table in rates.by_payer.items()},
                         rates.split)
    out: dict[str, Any] = {}
    for payer, cents in booked.items():
        row = [int(c) / 100 for c in cents]
        by_household = scn.passive_benefits.attribute is not None
        out[payer] = dict(zip(rates.values, row, strict=True)) if by_household else row[0]
    return out


def _benefits(scn: Scenario, m: int) -> dict[str, Any]:
    start, months = scn.period.start_month, scn.period.months
    out = {path: _at(amount, scn, m, held=True)
           for path, amount in scn.passive_benefits.amounts()}
    parts = scn.passive_benefits.parts
    if parts is not None:  # a share, not money: not rounded to cents
        share = parts.kdu_federal_share
        out["parts.kdu_federal_share"] = _held_over(
            scn, share, float(monthly(share, start, months)[m]), m)
        out["avoided_per_person_month"] = _avoided(scn, m)
    return out

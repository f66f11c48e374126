"""The statutory minimum wage by date (finsim/data/minimum_wage.csv, each row sourced).

A wage written ``hourly: minimum_wage`` is this table as a schedule; after its last row
the wage moves by the wage uprating of the scenario (``annual_increase`` or ``prices``).
"""

from __future__ import annotations

import csv
import math
from functools import cache
from importlib import resources

from .schedule import Month

MINIMUM_WAGE = "minimum_wage"
"""The word that stands for the table in ``costs.wages.hourly``."""


@cache
def minimum_wages() -> tuple[tuple[Month, float, str], ...]:
    """The statutory minimum wage by date: (valid from, EUR per hour, legal basis)."""
    text = resources.files("finsim").joinpath("data/minimum_wage.csv").read_text("utf-8")
    return tuple((Month.parse(row["valid_from"]), float(row["eur_per_hour"]),
                  row["legal_basis"]) for row in csv.DictReader(text.splitlines()))


def assumed_from() -> Month:
    """The first month whose minimum wage is finsim's assumption: January after the year
    of the table's last row (the ledger holds a schedule's values as given up to its last
    year and uprates only later years)."""
    return Month(minimum_wages()[-1][0].year + 1, 1)


def ends_on_the_table(value: object) -> bool:
    """Whether an hourly schedule ends on the table's last row (``minimum_wage``, or the
    statutory rates written out): from ``assumed_from`` on, its rate is then finsim's
    uprating of the last statutory one, not a statutory figure."""
    if not isinstance(value, dict) or not value:
        return False
    last, rate, _ = minimum_wages()[-1]
    key = max(value, key=lambda k: Month.parse(str(k)))
    return Month.parse(str(key)) == last and float(value[key]) == rate


def minimum_wage_schedule() -> dict[str, float]:
    """The table as a schedule ``{YYYY-MM: EUR per hour}`` (zero before 2015-01, which a
    period starting earlier is refused for: ``minimum_wage_problem``)."""
    return {_PAD: 0.0} | {str(month): eur for month, eur, _ in minimum_wages()}


_PAD = "2014-12"
"""The month before the table's first row (2015-01), at 0 in ``minimum_wage_schedule``."""


def table_factor(value: object) -> float | None:
    """The one factor ``value`` is the table's schedule by (``minimum_wage_schedule``,
    with or without its zero pad): 1 for the table, 0.95 for the table scaled by ``--set
    PATH=*0.95`` or a factor range; None for any other value. Scaled, the table is still
    finsim's, not keys the user wrote (its rows reach back to 2015)."""
    rows = {str(month): eur for month, eur, _ in minimum_wages()}
    if not isinstance(value, dict) or value.get(_PAD, 0) != 0 \
            or set(value) - {_PAD} != set(rows):
        return None
    factors = [value[key] / eur for key, eur in rows.items()
               if isinstance(value[key], int | float)]
    if len(factors) != len(rows) or not all(
            math.isclose(f, factors[0], rel_tol=1e-12) for f in factors):
        return None
    return factors[0]


def unpadded(data: object) -> object:
    """``data`` (a scenario's plain data, or any part of it) with the zero before the
    table's first row (``minimum_wage_schedule``'s padding) left out of each schedule
    that holds the table, scaled or not (``table_factor``): shown to a reader (``finsim
    show``, the plan's Assumptions, run.json's and sensitivity.json's scenario) it read
    as a statutory minimum wage of 0 EUR; the table starts in 2015-01 (MiLoG)."""
    if isinstance(data, list):
        return [unpadded(item) for item in data]
    if not isinstance(data, dict):
        return data
    if _PAD in data and table_factor(data) is not None:
        return {key: value for key, value in data.items() if key != _PAD}
    return {key: unpadded(value) for key, value in data.items()}


def minimum_wage_problem(start: Month) -> str | None:
    """Why ``minimum_wage`` cannot stand for a period starting in ``start``: no statutory
    minimum wage before the table's first row (MiLoG, 2015-01), so it would silently be a
    wage or subsidy base of 0.00 EUR. None where the table covers the period."""
    first = minimum_wages()[0][0]
    if start >= first:
        return None
    return (f"minimum_wage in {start}: there is no statutory minimum wage before {first} "
            "(MiLoG); expected the tariff or local wage, as an hourly wage (EUR) or a "
            "schedule {YYYY-MM: EUR}")


def resolve_hourly(value: object) -> object:
    """``minimum_wage`` becomes the table's schedule, and a schedule's last value
    ``minimum_wage`` the table from that date on (a local wage until the statutory one
    came: ``{2014-07: 9.00, 2015-01: minimum_wage}``); other text is refused (saying
    what an hourly wage may be); anything else passes unchanged."""
    if value == MINIMUM_WAGE:
        return minimum_wage_schedule()
    if isinstance(value, str):
        raise ValueError(f"expected {MINIMUM_WAGE}, an hourly wage (EUR) or a schedule "
                         "{YYYY-MM: EUR}")
    if isinstance(value, dict) and MINIMUM_WAGE in value.values():
        return _from_then_on(value)
    return value


def _from_then_on(schedule: dict) -> dict:
    """``schedule`` whose last value is ``minimum_wage``: its earlier values, then the
    table from that date (the wage in force then, and every later row)."""
    *before, (key, word) = schedule.items()
    if word != MINIMUM_WAGE or MINIMUM_WAGE in dict(before).values():
        raise ValueError(f"{MINIMUM_WAGE} can only be a schedule's last value: from its "
                         "date on the statutory table holds")
    try:
        since = Month.parse(str(key))
    except ValueError:
        return schedule  # the schedule's own check names the key
    first = minimum_wages()[0][0]
    if since < first:
        raise ValueError(f"{MINIMUM_WAGE} from {since}: there is no statutory minimum wage "
                         f"before {first} (MiLoG); give it from {first} on")
    rows = [(month, eur) for month, eur, _ in minimum_wages()]
    in_force = [eur for month, eur in rows if month <= since][-1]
    return {**dict(before), str(since): in_force,
            **{str(month): eur for month, eur in rows if month > since}}

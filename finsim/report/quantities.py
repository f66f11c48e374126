"""The plan's quantity basis: slot-months, participant-months and coaching FTE-months per
calendar year, and unit costs that multiply out to the planned amounts to the cent.

A Kosten- und Finanzierungsplan states each cost line as quantity x unit cost. finsim's
amounts are means over replications, so the unit cost is the amount over the mean
quantity, rounded to the cent; what the two roundings leave over is a remainder in whole
cents, shown on its own line (docs/workbooks.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from ..analysis.sizing import people
from ..ledger import BY_ID
from ..montecarlo import RunResult
from ..scenario.schedule import calendar_years
from ..simulation.tables import FLOW_COLUMNS

QUANTITIES = ("months", "slot_months", "participant_months", "coach_months", "entries")
"""The plan's quantity basis per calendar year: months planned, available slot-months,
occupied slot-months (participant-months, pro rata), coaching FTE-months
(participant-months / participants per coach, per provider) and new entries (what a
cost paid per entrant, qualification, is planned per)."""


def quantity_table(result: RunResult) -> pd.DataFrame:
    """The mean quantities per calendar year (``QUANTITIES`` as columns, years as index),
    over every replication; counts at three decimals, as the plan writes them."""
    scn = result.scenario
    mean = result.aggregate.quantities / result.aggregate.count  # [years, providers, 2]
    staff = BY_ID["staff"].rates(scn, [scn.costs_for(p) for p in scn.providers])
    coach = (mean[:, :, 1] / np.asarray(staff.per_coach, dtype=float)).sum(axis=1)
    years, months = np.unique(calendar_years(scn.period.start_month, scn.period.months),
                              return_counts=True)
    frame = pd.DataFrame({"months": months, "slot_months": mean[:, :, 0].sum(axis=1),
                          "participant_months": mean[:, :, 1].sum(axis=1),
                          "coach_months": coach, "entries": new_entries(result)},
                         index=years.astype(int))
    return frame.round(3)


def new_entries(result: RunResult) -> np.ndarray:
    """``[years]``: the mean new entries per calendar year, the referrals that took a slot
    (flows.csv's entries, less those in the slots at the start, whom its first month
    counts): they add up to the terminal's "new entries" (``sizing.people``)."""
    scn = result.scenario
    flows = result.mean(result.aggregate.flows)[:, -1, FLOW_COLUMNS.index("entries")]
    years = calendar_years(scn.period.start_month, scn.period.months)
    per_year = np.array([flows[years == y].sum() for y in np.unique(years)], dtype=float)
    per_year[0] -= people(result)["participants_at_start"]
    return per_year


CENT = Decimal("0.01")


@dataclass(frozen=True)
class UnitCost:
    """One plan line in one year: ``amount = ROUND(quantity x unit, 2) + remainder``."""

    quantity: Decimal
    unit: Decimal
    remainder: Decimal
    """What the rounding of the quantity (three decimals) and of the unit cost (to its
    step) leaves over, in whole cents: the amount minus the rounded product."""


def unit_cost(amount: float, quantity: float, step: str = "0.01") -> UnitCost:
    """The unit cost of a plan line such that quantity x unit cost, rounded to the cent
    as a spreadsheet's ROUND does (half away from zero), plus a remainder in whole cents
    is the amount exactly. The unit is amount / quantity rounded to ``step``, moved by a
    step where the product would fall on a half cent (where binary arithmetic could round
    either way). No quantity: the whole amount is the remainder."""
    money, count = Decimal(f"{amount:.2f}"), Decimal(f"{quantity:.3f}")
    if count == 0:
        return UnitCost(count, Decimal(0), money)
    grain = Decimal(step)
    first = (money / count).quantize(grain, ROUND_HALF_UP)
    for k in (0, 1, -1, 2, -2, 3, -3):
        unit = first + k * grain
        if abs(abs(count * unit * 100) % 1 - Decimal("0.5")) > Decimal("0.0001"):
            break
    product = (count * unit).quantize(CENT, ROUND_HALF_UP)
    return UnitCost(count, unit, money - product)

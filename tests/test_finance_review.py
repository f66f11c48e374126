"""A finance officer's review of the library scenarios, cell by cell, by hand.

Each test takes a library scenario as shipped (only the people are made deterministic:
hand-made spells, or no hazards and no referrals), recomputes one figure from the
scenario's own inputs and compares it with finsim's to the cent. The scenarios' inputs
used here, with their sources in the scenario files and docs/sources.md:

- minimum wage 13.90 EUR (2026), 14.60 (2027) [sources 2.1]; wages uprated 2.5 % a
  year after 2027 [E]; 39 h = 169 h a month; employer contributions 22 % (2026 rates
  held in 2027 [S sources 2.2 + E]);
- subsidisable wage: minimum wage x 1.1985 (RV 9.3 + KV 7.3 + Zusatzbeitrag 1.45 + PV 1.8,
  no ALV) [sources 1.3, 2.2];
- coach 76,000 EUR a year and management 13,500 in 2026 prices, +2.8 % a year [E
  sources 2.5]; 11.5 participants per coach; overhead 6.13 % of staff;
- material 65.00 per slot-month and modules in 2026 prices, +2 % a year after 2026 [E].
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import finsim
from finsim.analysis.sizing import move_period
from finsim.ledger import build_ledger
from finsim.scenario.model import CATEGORIES
from tests.test_ledger_support import EMPLOYED, spells

ROOT = Path(__file__).parent.parent
MINIMUM_WAGE = ROOT / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
C = {c: i for i, c in enumerate(CATEGORIES)}


def caritas_2027(scn, entry: float, months: int) -> np.ndarray:
    """Caritas's (the first provider's) cost per month and category, EUR rounded to the
    cent, with one participant in a slot from ``entry`` (months after the period start)
    to the end of the period."""
    n_modules = len(scn.costs.qualification)  # none taken: entry modules fall before 2027
    ledger = build_ledger(scn, spells([(0, entry, float(months), EMPLOYED)], months,
                                      n_modules=n_modules))
    return np.round(ledger.by_category[:, 0, :], 2)


def test_a_plan_from_2027_keeps_the_2026_prices_the_scenario_is_written_in():
    """`finsim size --start 2027-01` on the 2026 minimum-wage file: the file's plain
    money values are in 2026 prices, so January 2027 costs what a run from 2026 says.
    Caritas, 24 slots, one participant who entered in January 2026:

    - material 24 x 65.00 x 1.02 = 1,591.20 (2028: x 1.02^2 = 1,623.024 -> 1,623.02);
    - staff 76,000 x 1.028 / 12 / 11.5 + 13,500 x 1.028 / 12 = 566.1449 + 1,156.50
      = 1,722.64; overhead 6.13 % of it = 105.598 -> 105.60;
    - wages 14.60 x 169 x 1.22 = 3,010.228 -> 3,010.23 (a schedule: it stood already).

    Before the fix the moved period took 2027 as its base year: material 1,560.00 and
    staff 1,675.72 in January 2027, the whole plan about 2-3 % too low."""
    own = finsim.load(MINIMUM_WAGE)
    moved = move_period(own, "2027-01", 24)
    assert moved.period.simulate_from == "2026-01"
    plan = caritas_2027(moved, -12.0, 24)
    jan = plan[0]
    assert jan[C["material"]] == 1591.20
    assert jan[C["staff"]] == 1722.64
    assert jan[C["overhead"]] == 105.60
    assert jan[C["wages"]] == 3010.23
    assert plan[12, C["material"]] == 1623.02
    # the same months of a run from 2026
    run = caritas_2027(own, 0.0, 24)
    assert plan[:12].tolist() == run[12:].tolist()

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
import pytest

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


PAT = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-pat.yaml"
NOBODY_MOVES = {"participants.initial": 161, "participants.referrals_per_month": 0,
                "employment.hazards.placement": 0, "employment.hazards.dropout": 0}
"""161 people in the 161 slots from January 2026 to the horizon, nobody else."""
GROSS_2026 = 161 * 12 * 13.90 * 169  # 4,538,461.20 EUR of gross wages in 2026


@pytest.fixture(scope="module")
def pat_run():
    """The §16i PAT file with nobody moving: one replication, values as written."""
    from finsim.report import tables

    run = finsim.run(PAT, NOBODY_MOVES, replications=1, seed=1, uncertainty=False, jobs=1)
    households = tables.structure_table(run.result).query("attribute == 'household'")
    counts = dict(zip(households["value"], households["count_mean"], strict=True))
    fiscal = tables.fiscal_table(run.result).set_index(["budget", "year"])
    return run.summary().set_index("metric")["mean"], counts, fiscal


def test_the_bund_saves_per_household_what_its_parts_say(pat_run):
    """A month of benefits avoided for the Bund (docs/passive-benefits.md, 2026 parts):
    single and not stated 563 + 176.30 + 72.1 % x 600 = 1,171.90; couple (top-up 230 is
    KdU first) 1,012 + 352.60 + 72.1 % x 490 = 1,717.89; single parent (top-up 215)
    896.68 + 176.30 + 72.1 % x 505 = 1,437.085. The City saves the other 27.9 % of the KdU
    avoided: 167.40, 136.71, 140.895. A saving is whole cents per month and provider
    (the single parents' half cents of the Bund and the City round up where a provider
    has an odd number of them): at most half a cent per provider-month from the exact sum.

    The City puts the KdU it saves into the wages (limited_to: benefits_avoided), so it
    pays exactly what it saves: net 0.00 in every year. Before, its money was rounded to
    the cent apart from its saving: it paid 0.24 EUR a year more than it saved here, and
    0.63 EUR over the five years of the file's own run (net_cost_kommune 0.63)."""
    summary, n, fiscal = pat_run
    assert sum(n.values()) == 161
    bund = (1171.90 * (n["single"] + n["not_stated"]) + 1717.89 * n["couple_no_children"]
            + 1437.085 * n["single_parent"])
    kommune = (167.40 * (n["single"] + n["not_stated"]) + 136.71 * n["couple_no_children"]
               + 140.895 * n["single_parent"])
    half_cents = 0.005 * 9 * 12  # providers x months of a year
    assert abs(fiscal.loc[("bund", 2026), "saved"] - 12 * bund) <= half_cents
    assert abs(summary["passive_benefits_avoided_bund"] - 60 * bund) <= 5 * half_cents
    for year in range(2026, 2031):
        city = fiscal.loc[("kommune", year)]
        assert abs(city["saved"] - 12 * kommune) <= half_cents
        assert round(city["paid"], 2) == round(city["saved"], 2)
    assert summary["funding_city"] == summary["passive_benefits_avoided_kommune"]


def test_the_pat_flat_rates_by_household(pat_run):
    """The Jobcenter's money from the transfer: 800 a month for a single person (and
    not stated), 1,000 for a single parent, 1,100 for a couple, each below the Bund's
    saving for that household and below the Jobcenter's subsidy: 60 months of them."""
    summary, n, _ = pat_run
    flat = (800 * (n["single"] + n["not_stated"]) + 1000 * n["single_parent"]
            + 1100 * n["couple_no_children"])
    assert summary["transfer_jobcenter"] == 60 * flat


def test_social_insurance_returns_are_net_of_the_flat_contributions_the_bund_saves(pat_run):
    """2026 returns: 31.7 % of 4,538,461.20 gross = 1,438,692.20 to the social insurance,
    2.72 % = 123,446.14 to the Bund. Over the five years the 31.7 % stands for 39.7 % of
    the gross wage less the flat KV/PV of 176.30 per adult a month (352.60 for a couple)
    the Bund no longer pays the funds: within 2 % of that (before, the full 39.7 % counted
    these 1.86 M EUR twice, once as the Bund's saving and once as the funds' gain)."""
    summary, n, fiscal = pat_run
    assert round(fiscal.loc[("sozialversicherung", 2026), "returns"], 2) == round(
        0.317 * GROSS_2026, 2) == 1_438_692.20
    assert round(fiscal.loc[("bund", 2026), "returns"], 2) == 123_446.14
    returns = fiscal.xs("sozialversicherung", level="budget")["returns"].sum()
    gross = returns / 0.317
    flat = 60 * (176.30 * (161 - n["couple_no_children"]) + 352.60 * n["couple_no_children"])
    assert abs(returns - (0.397 * gross - flat)) < 0.02 * (0.397 * gross - flat)

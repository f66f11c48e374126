"""The ledger to the cent: each cost rule with hand arithmetic."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from finsim.ledger import build_ledger, tenure_years
from finsim.ledger.cents import yearly_whole_cents
from finsim.scenario.model import CATEGORIES, Scenario
from tests.test_ledger_support import (
    DROPOUT,
    EMPLOYED,
    PLACEMENT,
    WAGE_MONTH,
    scenario,
    spells,
)

W, S, M, Q, OH = range(5)


def cents(x: float | np.ndarray) -> np.ndarray:
    return np.round(np.asarray(x) * 100).astype(np.int64)


def test_shape_and_labels() -> None:
    scn = scenario(period={"start": "2013-11", "months": 25})
    led = build_ledger(scn, spells([], 25))
    assert led.cost.shape == (25, 2, len(CATEGORIES), 3)  # ceil(25 / 12) = 3
    assert led.participant_months.shape == (25, 2)
    assert led.months[0] == "2013-11" and led.months[2] == "2014-01"
    assert led.provider_ids == ("a", "b")
    assert tenure_years(0.5) == 1 and tenure_years(12) == 1 and tenure_years(13) == 2


def test_wages_pro_rata_partial_months() -> None:
    led = build_ledger(scenario(), spells([(0, 0.5, 2.25, DROPOUT)], 24))
    wages = led.cost[:, 0, W, :].sum(axis=1)
    # month 0: half a month = 0.5 * 2028 = 1014.00; month 1 full; month 2: 0.25 * 2028
    assert cents(wages[:4]).tolist() == [101400, 202800, 50700, 0]
    assert led.participant_months[:3, 0].tolist() == [0.5, 1.0, 0.25]
    assert led.cost[:, 1].sum() == 0


def test_tenure_anniversary_splits_a_month() -> None:
    led = build_ledger(scenario(), spells([(0, 0.5, 14.0, EMPLOYED)], 24))
    # anniversary at 12.5: month 12 is half in year 1, half in year 2
    assert cents(led.cost[11, 0, W]).tolist() == [202800, 0]
    assert cents(led.cost[12, 0, W]).tolist() == [101400, 101400]  # 0.5 * 2028 each
    assert cents(led.cost[13, 0, W]).tolist() == [0, 202800]
    assert led.participant_months[12, 0] == 1.0


def test_uprating_plain_number_across_january() -> None:
    scn = scenario(period={"start": "2013-11", "months": 4},
                   costs={"wages": {"annual_increase": 0.02}})
    led = build_ledger(scn, spells([(0, 0.0, 4.0, EMPLOYED)], 4))
    # 2013 stands; from 2014-01: 2028 * 1.02 = 2068.56
    assert cents(led.cost[:, 0, W, 0]).tolist() == [202800, 202800, 206856, 206856]


def test_uprating_schedule_known_values_stand() -> None:
    scn = scenario(period={"start": "2013-11", "months": 15},
                   costs={"wages": {"hourly": {"2013-01": 10, "2014-01": 11},
                                    "annual_increase": 0.02}})
    led = build_ledger(scn, spells([(0, 0.0, 15.0, EMPLOYED)], 15))
    wages = led.cost[:, 0, W, :].sum(axis=1)
    # 2013: 2028.00; 2014 (known key, not raised): 11 * 169 * 1.2 = 2230.80;
    # 2015 (after the last key's year): 2230.80 * 1.02 = 2275.416
    assert cents(wages[1]) == 202800
    assert cents(wages[2]) == 223080 and cents(wages[13]) == 223080
    assert wages[14] == pytest.approx(2275.416)


def test_schedule_change_in_the_middle_of_a_spell() -> None:
    scn = scenario(costs={"wages": {"hourly": {"2013-01": 10, "2013-03": 12}}})
    led = build_ledger(scn, spells([(0, 1.5, 3.5, DROPOUT)], 24))
    # month 1: 0.5 * 2028 = 1014.00; from 2013-03: 12 * 169 * 1.2 = 2433.60 a month
    # month 2: 2433.60; month 3: 0.5 * 2433.60 = 1216.80
    assert cents(led.cost[1:4, 0, W, 0]).tolist() == [101400, 243360, 121680]


def test_staff_material_overhead() -> None:
    scn = scenario(
        providers=[{"id": "a", "slots": 10}, {"id": "b", "slots": {"2013-01": 0, "2013-03": 4}}],
        costs={"staff": {"coach_cost_per_year": 60000, "management_cost_per_year": 12000},
               "material": {"per_slot_month": 50}, "overhead": {"rate_on_staff": 0.15}})
    rows = [(0, 0.0, 3.0, DROPOUT)] * 6
    led = build_ledger(scn, spells(rows, 24))
    # a: 6 participant-months / 12 per coach * 60000 / 12 = 2500; + 12000 / 12 = 1000
    assert cents(led.cost[0, 0, S, 0]) == 350000
    assert cents(led.cost[0, 0, OH, 0]) == 52500  # 0.15 * 3500
    assert cents(led.cost[0, 0, M, 0]) == 50000  # 10 slots * 50
    assert cents(led.cost[5, 0, S, 0]) == 100000  # nobody there: management only
    # b: no slots until 2013-03 -> no management, no material; then 1000 + 4 * 50
    assert led.cost[:2, 1].sum() == 0
    assert cents(led.cost[2, 1, S, 0]) == 100000 and cents(led.cost[2, 1, M, 0]) == 20000
    assert led.available_slot_months[:3, 1].tolist() == [0, 0, 4]
    assert led.cost[:, :, [S, M, OH], 1:].sum() == 0  # non-person costs in tenure slot 0



FIXED = [83334] * 4 + [83333] * 8
"""833.33 EUR a month (10,000 a year) in whole cents: the 4 cents the year lacks go to
January to April."""


def test_a_yearly_fixed_amount_adds_up_to_the_cent() -> None:
    """Management of 10,000 EUR a year, 10 % overhead on it, nobody in a slot (the probe's
    case): each calendar year books 10,000.00 and 1,000.00 per provider, not 12 x 833.33
    = 9,999.96 and 999.96. Provider b has slots from 2013-01 to 2013-05 only: its part of
    the year, 5 x 833.3333 = 4,166.67, adds up the same way (833.34 twice, 833.33 three
    times)."""
    scn = scenario(
        providers=[{"id": "a", "slots": 10}, {"id": "b", "slots": {"2013-01": 5, "2013-06": 0}}],
        costs={"staff": {"management_cost_per_year": 10000}, "overhead": {"rate_on_staff": 0.1}})
    led = build_ledger(scn, spells([], 24))
    staff, overhead = cents(led.cost[:, :, S, 0]), cents(led.cost[:, :, OH, 0])
    assert staff[:, 0].tolist() == FIXED * 2
    assert overhead[:, 0].tolist() == [8334] * 4 + [8333] * 8 + [8334] * 4 + [8333] * 8
    assert staff[:12, 0].sum() == staff[12:, 0].sum() == 1_000_000
    assert overhead[:12, 0].sum() == overhead[12:, 0].sum() == 100_000
    assert staff[:, 1].tolist() == [83334, 83334, 83333, 83333, 83333] + [0] * 19
    assert overhead[:5, 1].tolist() == [8334, 8334, 8333, 8333, 8333]
    assert staff[:, 1].sum() == 416_667 and overhead[:, 1].sum() == 41_667


def test_a_fixed_amount_in_a_part_of_a_year_and_beside_coaching() -> None:
    """A horizon from 2013-04 to 2014-03: 9 months of 2013 (7,500.00, 833.34 in April to
    June) and 3 of 2014, uprated by 3 % (10,300 a year, 858.3333 a month: 2,575.00, 858.34
    in January). Coaching (6 people, 12 per coach, 60,000 a year:
    2,500.00 a month) is charged beside it as before, and its overhead at the rate."""
    scn = scenario(period={"start": "2013-04", "months": 12},
                   providers=[{"id": "a", "slots": 10}],
                   costs={"staff": {"management_cost_per_year": 10000, "annual_increase": 0.03,
                                    "coach_cost_per_year": 60000},
                          "overhead": {"rate_on_staff": 0.1}})
    led = build_ledger(scn, spells([(0, 0.0, 12.0, EMPLOYED)] * 6, 12))
    staff = cents(led.cost[:, 0, S, 0]) - np.array([250000] * 9 + [257500] * 3)
    assert staff.tolist() == [83334] * 3 + [83333] * 6 + [85834, 85833, 85833]
    assert staff[:9].sum() == 750_000 and staff[9:].sum() == 257_500
    # overhead: 250.00 on the coaching + 83.3333 (83.34 in April to June) on management
    assert cents(led.cost[:9, 0, OH, 0]).tolist() == [33334] * 3 + [33333] * 6


def test_yearly_whole_cents_ranks_by_remainder_then_month() -> None:
    """The cents a year lacks go to the largest remainders, the earlier month first where
    they tie; every replication, year and group is spread on its own, in one pass."""
    months = np.zeros((2, 14, 2))
    months[0, :, 0] = 0.015  # 1.5 cents a month: 21 cents over 14 months
    months[0, 2, 1], months[0, 5, 1], months[0, 9, 1] = 1.004, 1.006, 1.006  # 301.6 -> 302
    months[1, :, 0] = 10000 / 12
    got = np.round(yearly_whole_cents(months, 11) * 100).astype(np.int64)
    # from November: 2 months of the first year (3 cents: 2, 1), 12 of the next (18 cents)
    assert got[0, :, 0].tolist() == [2, 1] + [2] * 6 + [1] * 6
    assert got[0, :, 1].tolist() == [0, 0, 100, 0, 0, 101, 0, 0, 0, 101] + [0] * 4
    assert got[1, :, 0].tolist() == [83334, 83333] + FIXED
    assert got[:, :, 0].sum(axis=1).tolist() == [21, 83334 + 83333 + 1_000_000]


def test_staff_uprated_across_january() -> None:
    scn = scenario(period={"start": "2013-12", "months": 2},
                   costs={"staff": {"management_cost_per_year": 12000, "annual_increase": 0.05}})
    led = build_ledger(scn, spells([], 2))
    assert cents(led.cost[:, 0, S, 0]).tolist() == [100000, 105000]  # 1000, 1000 * 1.05


def test_per_provider_override() -> None:
    scn = scenario(providers=[
        {"id": "a", "slots": 10},
        {"id": "b", "slots": 10,
         "costs": {"wages": {"hourly": 12}, "material": {"per_slot_month": 80}}},
    ], costs={"material": {"per_slot_month": 50}})
    led = build_ledger(scn, spells([(0, 0, 1, DROPOUT), (1, 0, 1, DROPOUT)], 24))
    assert cents(led.cost[0, :, W, 0]).tolist() == [202800, 243360]  # 12 * 169 * 1.2
    assert cents(led.cost[0, :, M, 0]).tolist() == [50000, 80000]


def test_qualification_charged_only_if_still_employed() -> None:
    scn = scenario(costs={"qualification": [
        {"id": "assess", "cost": 450, "month": 0},
        {"id": "drive", "cost": 1500, "month": 3},
        {"id": "late", "cost": 900, "month": 14},
    ]})
    rows = [
        (0, 1.5, 4.0, DROPOUT),     # drive due 4.5 >= exit 4.0: not charged
        (0, 1.5, 5.0, PLACEMENT),   # drive due 4.5 < 5.0: charged in month 4
        (1, 2.0, 24.0, EMPLOYED),   # late due 16.0: charged, tenure year 2
        (1, 22.0, 24.0, EMPLOYED),  # drive due 25 beyond horizon: not charged
        (1, 3.0, 3.0, DROPOUT),     # took nothing
    ]
    mods = [[True, True, False], [True, True, False], [True, False, True],
            [True, True, True], [False, False, False]]
    led = build_ledger(scn, spells(rows, 24, modules=mods))
    q = led.cost[:, :, Q, :]
    assert q[1, 0].tolist() == [900.0, 0.0]   # two assessments at entry (month 1)
    assert q[4, 0].tolist() == [1500.0, 0.0]  # one driving course
    assert q[16, 1].tolist() == [0.0, 900.0]  # 'late' in the second tenure year
    assert q[2, 1, 0] == 450 and q[22, 1, 0] == 450
    assert q.sum() == 2 * 450 + 1500 + 900 + 2 * 450


def test_small_fixture_runs() -> None:
    path = Path(__file__).parent / "fixtures" / "small.yaml"
    scn = Scenario.model_validate(yaml.safe_load(path.read_text()))
    rows = [(0, 0.0, 24.0, EMPLOYED), (1, 5.25, 9.75, PLACEMENT)]
    led = build_ledger(scn, spells(rows, 24, modules=[[True, True], [True, False]]))
    assert led.cost.shape == (24, 2, len(CATEGORIES), 2)
    assert (led.cost >= 0).all()
    assert led.participant_months.sum() == pytest.approx(24 + 4.5)
    assert WAGE_MONTH == 2028.0

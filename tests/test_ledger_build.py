"""The ledger to the cent: each cost rule with hand arithmetic."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from finsim.ledger import build_ledger, tenure_years
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

"""Wage basis ``minimum_wage`` (issue 14.3): the sourced statutory table by date."""

from __future__ import annotations

import numpy as np

from finsim.ledger import build_ledger
from tests.test_ledger_support import EMPLOYED, scenario, spells

W = 0


def test_minimum_wage_is_the_sourced_table_then_uprated():
    scn = scenario(period={"start": "2026-12", "months": 14},
                   costs={"wages": {"hourly": "minimum_wage", "annual_increase": 0.02}})
    assert scn.costs.wages.hourly["2026-01"] == 13.90
    assert scn.costs.wages.hourly["2027-01"] == 14.60
    led = build_ledger(scn, spells([(0, 0.0, 14.0, EMPLOYED)], 14, modules=[[]]))
    wages = led.cost[:, 0, W, :].sum(axis=-1)
    # x 169 hours x 1.2 employer contributions: 13.90 -> 2818.92; 14.60 -> 2960.88;
    # 2028 (after the table's last year): 2960.88 x 1.02 = 3020.0976
    cents = np.round(wages * 100).astype(np.int64)
    assert cents[[0, 1, 12]].tolist() == [281892, 296088, 296088]
    assert cents[13] == 302010


def test_a_provider_can_pay_the_minimum_wage_while_the_program_pays_more():
    scn = scenario(period={"start": "2026-01", "months": 2},
                   costs={"wages": {"hourly": 16.0}},
                   providers=[{"id": "a", "slots": 1},
                              {"id": "b", "slots": 1,
                               "costs": {"wages": {"hourly": "minimum_wage"}}}])
    assert scn.costs_for(scn.providers[1]).wages.hourly["2026-01"] == 13.90
    led = build_ledger(scn, spells([(0, 0.0, 2.0, EMPLOYED), (1, 0.0, 2.0, EMPLOYED)], 2,
                                   modules=[[], []]))
    # a: 16.00 x 169 x 1.2 = 3244.80; b: 13.90 x 169 x 1.2 = 2818.92
    assert np.round(led.cost[0, :, W, 0] * 100).astype(np.int64).tolist() == [324480, 281892]

"""Passive benefits avoided and the money metrics, by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from finsim.funding import allocate, money_metrics, money_metrics_by_provider
from finsim.funding import passive_benefits_avoided as avoided
from finsim.ledger import build_ledger
from tests.test_ledger_support import DROPOUT, EMPLOYED, PLACEMENT, scenario, spells


def test_per_person_month_schedule_changes_mid_spell() -> None:
    scn = scenario(passive_benefits={"per_person_month": {"2013-01": 750, "2013-03": 800}})
    sp = spells([(1, 1.5, 3.5, DROPOUT)], 24)
    out = avoided(scn, sp, build_ledger(scn, sp))
    assert list(out) == ["all"]
    # month 1: 0.5 * 750 = 375; month 2: 800; month 3: 0.5 * 800 = 400
    assert out["all"][:5, 1].tolist() == [0, 375, 800, 400, 0]
    assert out["all"][:, 0].sum() == 0


def test_by_payer_after_placement_until_horizon() -> None:
    scn = scenario(period={"start": "2013-01", "months": 6},
                   passive_benefits={"by_payer": {"federal": 563, "city": 450},
                                     "after_placement": True})
    sp = spells([(0, 1.5, 3.5, PLACEMENT), (1, 0.0, 2.0, DROPOUT)], 6)
    out = avoided(scn, sp, build_ledger(scn, sp))
    # a: employed 0.5, 1, 0.5 then placed at 3.5: 0.5 + 0.5 in month 3, 1 in months 4, 5
    assert out["federal"][:, 0].tolist() == [0, 281.5, 563, 563, 563, 563]
    assert out["city"][:, 0].tolist() == [0, 225, 450, 450, 450, 450]
    # b: a dropout counts only while employed
    assert out["city"][:, 1].tolist() == [450, 450, 0, 0, 0, 0]


def test_no_benefits_block_gives_nothing() -> None:
    scn = scenario()
    sp = spells([(0, 0, 1, EMPLOYED)], 24)
    assert avoided(scn, sp, build_ledger(scn, sp)) == {}


def metrics_case() -> tuple:
    scn = scenario(
        period={"start": "2013-01", "months": 2},
        costs={"staff": {"management_cost_per_year": 1200}},
        funding=[{"id": "jc", "covers": {"wages": 0.75}},
                 {"id": "esf", "covers": {"staff": 1.0}, "public": True},
                 {"id": "emp", "covers": "remainder", "public": False, "cap_total": 100}],
        passive_benefits={"by_payer": {"federal": 500, "city": 400}})
    sp = spells([(0, 0.0, 2.0, EMPLOYED), (1, 1.0, 2.0, EMPLOYED)], 2)
    led = build_ledger(scn, sp)
    return scn, led, allocate(scn, led), avoided(scn, sp, led)


def test_money_metrics_program() -> None:
    scn, led, fund, ben = metrics_case()
    m = money_metrics(scn, led, fund, ben, {"entries": 2, "exits_placement": 0})
    # wages: 3 person-months * 2028 = 6084; staff: 2 months * 2 providers * 100 = 400
    assert m["cost_wages"] == 6084.0 and m["cost_staff"] == 400.0
    assert m["cost_total"] == 6484.0 and m["cost_material"] == 0.0
    assert m["funding_jc"] == 4563.0       # 0.75 * 6084
    assert m["funding_esf"] == 400.0
    assert m["funding_emp"] == 100.0       # remainder 1521.00 capped at 100 in total
    assert m["funding_gap"] == 1421.0      # 6484 - 4563 - 400 - 100
    assert m["share_jc"] == pytest.approx(4563 / 6484)
    # 3 person-months * (500 + 400)
    assert m["passive_benefits_avoided_federal"] == 1500.0
    assert m["passive_benefits_avoided_city"] == 1200.0
    assert m["passive_benefits_avoided"] == 2700.0
    assert m["net_public_cost"] == 4563.0 + 400.0 - 2700.0
    assert m["cost_per_entry"] == 3242.0
    assert math.isnan(m["cost_per_placement"])


def test_money_metrics_by_provider_shares_of_own_cost() -> None:
    scn, led, fund, ben = metrics_case()
    flows = {"a": {"entries": 1, "exits_placement": 0}, "b": {"entries": 1}}
    by = money_metrics_by_provider(scn, led, fund, ben, flows)
    assert set(by) == {"a", "b"}
    # a: wages 2 * 2028 = 4056 + staff 200 = 4256; b: 2028 + 200 = 2228
    assert by["a"]["cost_total"] == 4256.0 and by["b"]["cost_total"] == 2228.0
    assert by["b"]["share_jc"] == pytest.approx(1521 / 2228)
    total = sum(by[p]["funding_gap"] for p in by)
    assert total == pytest.approx(1421.0)
    assert by["a"]["passive_benefits_avoided"] == 1800.0


def test_zero_cost_shares_are_zero() -> None:
    scn = scenario(funding=[{"id": "jc", "covers": {"wages": 1.0}}])
    sp = spells([], 24)
    led = build_ledger(scn, sp)
    m = money_metrics(scn, led, allocate(scn, led), {}, {"entries": 0})
    assert m["share_jc"] == 0.0 and m["passive_benefits_avoided"] == 0.0
    assert math.isnan(m["cost_per_entry"]) and np.isfinite(m["net_public_cost"])

"""Funding to the cent: the funding rules with the arithmetic written out."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from finsim.funding import InvariantError, allocate, apportion, check_money_conserved
from finsim.ledger import Ledger, build_ledger
from finsim.scenario.model import CATEGORIES, Scenario
from finsim.scenario.schedule import month_labels
from tests.test_ledger_support import EMPLOYED, scenario, spells

W, S = CATEGORIES.index("wages"), CATEGORIES.index("staff")


def hand_ledger(cost: dict[tuple[int, int, int, int], float], months: int, providers: int = 2,
                pm: float = 1.0, years: int = 1, start: str = "2013-01") -> Ledger:
    """A ledger with the given (month, provider, category, tenure) cells, pm everywhere."""
    arr = np.zeros((months, providers, len(CATEGORIES), years))
    for key, value in cost.items():
        arr[key] = value
    from finsim.scenario.schedule import Month
    return Ledger(cost=arr, participant_months=np.full((months, providers), pm),
                  available_slot_months=np.full((months, providers), 10.0),
                  months=tuple(month_labels(Month.parse(start), months)),
                  provider_ids=tuple("ab"[:providers]))


def funded(funders: list[dict[str, Any]], led: Ledger, **patch: Any) -> np.ndarray:
    """Allocate and return the amounts in cents, checking conservation on the way."""
    scn = scenario(funding=funders, period={"start": led.months[0], "months": len(led.months)},
                   **patch)
    result = allocate(scn, led)
    check_money_conserved(led, result)
    assert result.funder_ids == (*[f["id"] for f in funders], "gap")
    return result.cents


def test_section_16i_schedule_across_tenure_anniversary() -> None:
    scn = scenario(period={"start": "2013-01", "months": 40}, funding=[
        {"id": "jc", "covers": {"wages": {"by_tenure_year": [1.0, 1.0, 0.9, 0.8, 0.7]}}}])
    led = build_ledger(scn, spells([(0, 0.5, 26.0, EMPLOYED)], 40))
    cents = allocate(scn, led).cents
    # month 23: year 2, all of 2028.00 paid
    assert cents[23, 0, W].tolist() == [202800, 0]
    # month 24: anniversary at 24.5: 0.5 * 2028 * 1.0 + 0.5 * 2028 * 0.9 = 1014 + 912.60
    assert cents[24, 0, W].tolist() == [101400 + 91260, 202800 - 192660]
    # month 25: year 3: 0.9 * 2028 = 1825.20, gap 202.80
    assert cents[25, 0, W].tolist() == [182520, 20280]


def test_short_tenure_list_last_value_holds() -> None:
    led = hand_ledger({(0, 0, W, 0): 1000, (0, 0, W, 1): 1000, (0, 0, W, 2): 1000}, 1, years=3)
    cents = funded([{"id": "jc", "covers": {"wages": {"by_tenure_year": [0.75, 0.5]}}}], led)
    assert cents[0, 0, W, 0] == 75000 + 50000 + 50000  # year 3 uses 0.5


def test_total_shares_and_remainder_applied_last() -> None:
    led = hand_ledger({(0, 0, W, 0): 1000, (0, 0, S, 0): 300}, 1)
    cents = funded([{"id": "emp", "public": False, "covers": "remainder"},
                    {"id": "jc", "covers": {"total": 0.53}},
                    {"id": "land", "covers": {"total": 0.26}}], led)
    # wages: 530.00 + 260.00, remainder 1000 - 790 = 210.00; staff: 159, 78, 63
    assert cents[0, 0, W].tolist() == [21000, 53000, 26000, 0]
    assert cents[0, 0, S].tolist() == [6300, 15900, 7800, 0]


def test_category_share_leaves_a_gap() -> None:
    led = hand_ledger({(0, 0, W, 0): 2028, (0, 0, S, 0): 500}, 1)
    cents = funded([{"id": "jc", "covers": {"wages": 0.725}}], led)
    # 0.725 * 2028 = 1470.30, gap 557.70; staff nobody covers: gap 500
    assert cents[0, 0, W].tolist() == [147030, 55770]
    assert cents[0, 0, S].tolist() == [0, 50000]


def test_cap_per_person_month_binding_scales_categories() -> None:
    led = hand_ledger({(0, 0, W, 0): 2028, (0, 0, S, 0): 500, (0, 1, W, 0): 1014}, 1, pm=1.0)
    cents = funded([{"id": "jc", "covers": {"wages": 1.0, "staff": 1.0},
                     "cap_per_person_month": 2000},
                    {"id": "rest", "covers": "remainder"}], led)
    # provider a: wants 2528.00 > 2000.00 * 1 pm: wages 2028 * 2000 / 2528 = 1604.43,
    # staff 2000 - 1604.43 = 395.57; the remainder takes the rest
    wages = round(202800 * 200000 / 252800)
    assert wages == 160443
    assert cents[0, 0, W].tolist() == [wages, 202800 - wages, 0]
    assert cents[0, 0, S].tolist() == [200000 - wages, 50000 - (200000 - wages), 0]
    # provider b: 1014.00 <= 2000.00, not binding
    assert cents[0, 1, W].tolist() == [101400, 0, 0]


def test_cap_per_person_month_pro_rata_participant_months() -> None:
    led = hand_ledger({(0, 0, W, 0): 1014}, 1, pm=0.5)
    cents = funded([{"id": "jc", "covers": {"wages": 1.0}, "cap_per_person_month": 1500}], led)
    assert cents[0, 0, W].tolist() == [75000, 26400]  # cap 1500 * 0.5 = 750.00; gap 264.00


def staff_three_months() -> Ledger:
    """Nov 2013 - Jan 2014, staff 100.00 at provider a and 300.00 at b each month."""
    cells = {(m, p, S, 0): 100.0 * (1 + 2 * p) for m in range(3) for p in range(2)}
    return hand_ledger(cells, 3, start="2013-11")


@pytest.mark.parametrize("cap, dec, jan", [
    (600, [5000, 15000], [10000, 30000]),   # binds in Dec: 600 - 400 = 200 left, 1:3
    (800, [10000, 30000], [10000, 30000]),  # 400 + 400 = 800: not binding
])
def test_cap_per_year_in_time_order(cap: float, dec: list[int], jan: list[int]) -> None:
    cents = funded([{"id": "city", "covers": {"staff": 1.0}, "cap_per_year": cap},
                    {"id": "rest", "covers": "remainder"}], staff_three_months())
    assert cents[0, :, S, 0].tolist() == [10000, 30000]  # Nov: 400.00 of 600.00
    assert cents[1, :, S, 0].tolist() == dec
    assert cents[2, :, S, 0].tolist() == jan  # a new year: a fresh 600.00
    assert (cents[:, :, S, 0] + cents[:, :, S, 1] == [[10000, 30000]] * 3).all()


@pytest.mark.parametrize("cap, jan", [(1000, [5000, 15000]), (1200, [10000, 30000])])
def test_cap_total_in_time_order_leaves_a_gap(cap: float, jan: list[int]) -> None:
    cents = funded([{"id": "city", "covers": {"staff": 1.0}, "cap_total": cap}],
                   staff_three_months())
    # Nov 400 + Dec 400 = 800; Jan gets what is left of the cap (200 of 400 if 1000)
    assert cents[1, :, S, 0].tolist() == [10000, 30000]
    assert cents[2, :, S, 0].tolist() == jan
    assert cents[2, :, S, 1].tolist() == [10000 - jan[0], 30000 - jan[1]]  # the gap


def test_remainder_with_its_own_cap_and_a_later_share() -> None:
    led = hand_ledger({(0, 0, W, 0): 1000}, 1)
    cents = funded([{"id": "rest", "covers": "remainder", "cap_total": 100},
                    {"id": "jc", "covers": {"wages": 0.6}}], led)
    # jc first (remainder is last): 600.00; remainder wants 400.00, capped at 100.00
    assert cents[0, 0, W].tolist() == [10000, 60000, 30000]


def test_rounding_half_cent_goes_to_the_earlier_funder() -> None:
    led = hand_ledger({(0, 0, W, 0): 0.01, (0, 0, S, 0): 0.02}, 1)
    cents = funded([{"id": "x", "covers": {"total": 0.5}},
                    {"id": "y", "covers": {"total": 0.5}}], led)
    # wages: 0.5 cent each rounds up to 1 cent for x; y is limited to the 0 cents left
    assert cents[0, 0, W].tolist() == [1, 0, 0]
    assert cents[0, 0, S].tolist() == [1, 1, 0]


def test_a_share_is_of_the_unrounded_cost_as_docs_funding_rules_say() -> None:
    """docs/funding-rules.md's example: a material cell of 1,420.146 EUR (shown 1,420.15):
    a first funder's 50 % is 710.073, booked 710.07, and the remainder gets 710.08 (the
    docs said the share was of the rounded cost, 710.075 -> 710.08: a hand check did
    not match the ledger)."""
    m = CATEGORIES.index("material")
    led = hand_ledger({(0, 0, m, 0): 21 * 65 * 1.02**2}, 1)
    cents = funded([{"id": "esf", "covers": {"material": 0.5}},
                    {"id": "land", "covers": "remainder"}], led)
    assert cents[0, 0, m].tolist() == [71007, 71008, 0]


def test_apportion_cumulative_rounding_sums_exactly() -> None:
    out = apportion(np.array([[1, 1, 1], [5, 0, 5]]), np.array([2, 3]))
    assert out.sum(axis=1).tolist() == [2, 3]
    assert (out >= 0).all() and (out <= [[1, 1, 1], [5, 0, 5]]).all()
    assert out[1, 1] == 0


def test_small_fixture_conserves_and_breach_is_named() -> None:
    path = Path(__file__).parent / "fixtures" / "small.yaml"
    scn = Scenario.model_validate(yaml.safe_load(path.read_text()))
    rows = [(0, 0.0, 24.0, EMPLOYED), (1, 5.25, 9.75, 0), (0, 13.1, 24.0, EMPLOYED)]
    led = build_ledger(scn, spells(rows, 24, modules=[[True, True]] * 3))
    result = allocate(scn, led)
    check_money_conserved(led, result)
    assert (result.cents >= 0).all()
    jc = result.of("jobcenter").sum(axis=-1)
    assert (jc <= 2000 * led.participant_months + 1e-9).all()
    broken = result.cents.copy()
    broken[3, 1, 2, 0] += 1  # one cent
    tampered = dataclasses.replace(result, cents=broken)
    with pytest.raises(InvariantError, match="month 2013-04, provider beta, category material"):
        check_money_conserved(led, tampered)


def test_docs_worked_example() -> None:
    """The example of docs/funding-rules.md, number by number."""
    led = hand_ledger({(0, 0, 0, 0): 2028.0, (0, 0, 1, 0): 500.0, (0, 0, 2, 0): 490.0,
                       (0, 0, 3, 0): 450.0, (0, 0, 4, 0): 75.0}, 1, providers=1)
    cents = funded([
        {"id": "employers", "public": False, "covers": "remainder", "cap_total": 1000},
        {"id": "jobcenter", "covers": {"wages": 0.725}, "cap_per_person_month": 1400},
        {"id": "land_esf", "covers": {"staff": 1.0, "material": 1.0, "qualification": 1.0,
                                      "overhead": 1.0}, "cap_per_year": 1000},
    ], led, providers=[{"id": "a", "slots": 10}])
    # land_esf: 1515.00 scaled to 1000.00; running sums of 500, 490, 450, 75 x 1000/1515
    # 330.033 -> 330.03; 653.465 -> 653.47; 950.495 -> 950.50; 1000.00
    assert cents[0, 0, :, 2].tolist() == [0, 33003, 65347 - 33003, 95050 - 65347,
                                          100000 - 95050, 0]
    # employers: 628.00 + 169.97 + 166.56 + 152.97 + 25.50 = 1143.00 scaled to 1000.00
    assert cents[0, 0, :, 0].tolist() == [54943, 14871, 14572, 13383, 2231, 0]
    assert cents[0, 0, :, 1].tolist() == [140000, 0, 0, 0, 0, 0]
    assert cents[0, 0, :, 3].sum() == 14300  # gap 143.00
    assert cents[0, 0, :, 3].tolist() == [7857, 2126, 2084, 1914, 319, 0]


def test_shares_adding_to_one_round_cumulatively() -> None:
    led = hand_ledger({(0, 0, W, 0): 0.03}, 1)
    cents = funded([{"id": "jc", "covers": {"total": 0.53}},
                    {"id": "land", "covers": {"total": 0.26}},
                    {"id": "emp", "covers": {"total": 0.21}}], led)
    # exact 1.59, 0.78, 0.63 cents; running sums 1.59 -> 2, 2.37 -> 2, 3.00 -> 3
    assert cents[0, 0, W].tolist() == [2, 0, 1, 0]


@pytest.mark.parametrize(("esf_cap", "expected"), [
    (None, [17133, 6854, 10280, 0, 0]),
    (50.0, [17133, 5000, 12134, 0, 0]),
])
def test_net_of_leaves_no_rounding_cent_to_the_remainder(esf_cap, expected) -> None:
    """Coaching 80,000 x 1.028 / 12 / 20 = 342.6667 a person-month (34,267 cents): the
    Jobcenter 0.5, ESF+ 0.2, the Land 0.5 net of ESF+ (together 1). Jobcenter 171.3333
    -> 171.33; ESF+ running 239.8667 -> 239.87, so 68.54; the Land 171.3333 - 68.5333
    (what ESF+ paid, exact) = 102.80, running 342.6667 -> 342.67, so 102.80, employers 0
    (netting the paid 68.54 gave the Land 102.79 and the employers 0.01). ESF+ capped at
    50.00: the Land 171.3333 - 49.9933 = 121.34, running 361.2067 -> 361.21, so 121.34."""
    led = hand_ledger({(0, 0, S, 0): 80_000 * 1.028 / 12 / 20}, 1, start="2028-01")
    esf = {"id": "esf", "covers": {"staff": 0.2}}
    if esf_cap is not None:
        esf["cap_per_person_month"] = esf_cap
    cents = funded([{"id": "jc", "covers": {"staff": 0.5}}, esf,
                    {"id": "land", "covers": {"staff": 0.5}, "net_of": ["esf"]},
                    {"id": "emp", "public": False, "covers": "remainder"}], led)
    assert cents[0, 0, S].tolist() == expected

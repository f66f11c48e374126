"""Funder rules by date: a share that steps on a date, a funder that ends mid-period, to the cent."""

from __future__ import annotations

import numpy as np
import pytest

from finsim.scenario import ScenarioError
from finsim.scenario.model import CATEGORIES
from tests.test_funding_allocate import funded, hand_ledger
from tests.test_ledger_support import BASE, deep_update, scenario


def checked(**patch: object) -> object:
    """The base test scenario through the full validation, cross-field checks included."""
    from finsim.scenario import scenario_from_dict

    return scenario_from_dict(deep_update(BASE, patch))

W, MAT = CATEGORIES.index("wages"), CATEGORIES.index("material")


def test_share_steps_on_its_date() -> None:
    # 2029-11 .. 2030-02, material 1,000.01 EUR a month on provider a
    led = hand_ledger({(m, 0, MAT, 0): 1000.01 for m in range(4)}, 4, providers=1,
                      start="2029-11")
    cents = funded([{"id": "esf", "covers": {"2029-01": {"material": 1.0},
                                              "2030-01": {"material": 0.5}}}], led)
    # 2029: all of 100,001 cents; 2030: half, 50,000.5 cents, half a cent rounds up
    assert cents[:, 0, MAT, 0].tolist() == [100001, 100001, 50001, 50001]
    assert cents[:, 0, MAT, 1].tolist() == [0, 0, 50000, 50000]  # the gap


def test_before_the_first_rule_set_the_funder_pays_nothing() -> None:
    led = hand_ledger({(m, 0, MAT, 0): 200.0 for m in range(3)}, 3, providers=1,
                      start="2028-11")
    cents = funded([{"id": "esf", "covers": {"2029-01": {"material": 0.25}}},
                    {"id": "rest", "covers": "remainder"}], led)
    assert cents[:, 0, MAT, 0].tolist() == [0, 0, 5000]
    assert cents[:, 0, MAT, 1].tolist() == [20000, 20000, 15000]


def test_esf_ending_mid_period_leaves_the_rest_to_the_remainder() -> None:
    # ESF+ 2021-2027 costs are eligible until 2029-12: from 2030-01 the provider pays
    led = hand_ledger({(m, 0, W, 0): 3000.0 for m in range(4)}, 4, providers=1,
                      start="2029-11")
    cents = funded([{"id": "jc", "covers": {"wages": 0.75}},
                    {"id": "esf", "covers": {"wages": 0.25}, "until": "2029-12"},
                    {"id": "provider", "public": False, "covers": "remainder"}], led)
    assert cents[:, 0, W, 0].tolist() == [225000] * 4
    assert cents[:, 0, W, 1].tolist() == [75000, 75000, 0, 0]
    assert cents[:, 0, W, 2].tolist() == [0, 0, 75000, 75000]
    assert cents[:, 0, W, 3].tolist() == [0] * 4


def test_from_starts_a_funder_and_the_gap_covers_the_months_before() -> None:
    led = hand_ledger({(m, 0, W, 0): 100.0 for m in range(3)}, 3, providers=1,
                      start="2026-12")
    cents = funded([{"id": "land", "covers": {"wages": 0.5}, "from": "2027-01"}], led)
    assert cents[:, 0, W, 0].tolist() == [0, 5000, 5000]
    assert cents[:, 0, W, 1].tolist() == [10000, 5000, 5000]


def test_remainder_limited_to_its_months() -> None:
    led = hand_ledger({(m, 0, W, 0): 100.0 for m in range(3)}, 3, providers=1,
                      start="2026-12")
    cents = funded([{"id": "rest", "covers": "remainder", "until": "2027-01"}], led)
    assert cents[:, 0, W, 0].tolist() == [10000, 10000, 0]
    assert cents[:, 0, W, 1].tolist() == [0, 0, 10000]


def test_yearly_cap_of_a_dated_funder_is_spent_in_time_order() -> None:
    led = hand_ledger({(m, 0, MAT, 0): 100.0 for m in range(4)}, 4, providers=1,
                      start="2029-11")
    cents = funded([{"id": "esf", "covers": {"2029-01": {"material": 1.0},
                                              "2030-01": {"material": 0.5}},
                     "cap_per_year": 150}], led)
    assert cents[:, 0, MAT, 0].tolist() == [10000, 5000, 5000, 5000]


def test_shares_checked_in_every_rule_set() -> None:
    with pytest.raises(ScenarioError, match=r"add up to 1.5 \(from 2030-01: a 0.5, b 1\)"):
        checked(funding=[{"id": "a", "covers": {"material": 0.5}},
                          {"id": "b", "covers": {"2029-01": {"material": 0.5},
                                                 "2030-01": {"material": 1.0}}}])


def test_each_rule_set_over_1_is_named() -> None:
    """Two dated sets over 1: only the first was named, the second once it was mended."""
    with pytest.raises(ScenarioError) as err:
        checked(funding=[{"id": "a", "covers": {"material": 0.5}},
                         {"id": "b", "covers": {"2029-01": {"material": 0.6},
                                                "2030-01": {"material": 0.7},
                                                "2031-01": {"material": 0.1}}},
                         {"id": "c", "covers": "remainder"}])
    assert [(p.path, p.message) for p in err.value.problems] == [
        ("funding.b.covers.2029-01.material", "shares of 'material' add up to 1.1 (from "
         "2029-01: a 0.5, b 0.6), more than 1; expected at most 1 together"),
        ("funding.b.covers.2030-01.material", "shares of 'material' add up to 1.2 (from "
         "2030-01: a 0.5, b 0.7), more than 1; expected at most 1 together")]


def test_successor_funder_after_until_is_allowed() -> None:
    scn = checked(funding=[{"id": "esf", "covers": {"material": 1.0}, "until": "2029-12"},
                            {"id": "land", "covers": {"material": 1.0}, "from": "2030-01"}])
    assert [f.until for f in scn.funding] == ["2029-12", None]


def test_shares_are_checked_before_a_funder_stops() -> None:
    """0.6 + 0.6 of wages until 2029-12 passed: only the months where rules change were
    checked, and the first of them is the one after the until, when a has stopped. The
    rules are in force from the program's start (2013-01), the month named."""
    with pytest.raises(ScenarioError, match=r"add up to 1.2 \(from 2013-01: a 0.6, b 0.6\)"):
        checked(funding=[{"id": "a", "covers": {"wages": 0.6}, "until": "2029-12"},
                          {"id": "b", "covers": {"wages": 0.6}}])


def test_shares_above_1_name_no_month_before_the_start() -> None:
    """A rule set from the first month: the shares in force then were named as of the
    month before, which lies before the period and no rule names."""
    with pytest.raises(ScenarioError) as err:
        checked(funding=[{"id": "alpha", "covers": {"staff": 0.3}},
                          {"id": "beta", "covers": {"2013-01": {"wages": 1.0}}},
                          {"id": "gamma", "covers": {"staff": 0.8}}])
    assert [(p.path, p.message) for p in err.value.problems] == [(
        "funding.gamma.covers.staff",
        "shares of 'staff' add up to 1.1 (from 2013-01: alpha 0.3, gamma 0.8), more than 1; "
        "expected at most 1 together, or covers: remainder for gamma if it tops up what alpha "
        "leaves")]


def test_shares_above_1_name_the_funders_that_pay_them() -> None:
    """A funder net_of another pays their larger share: the line names who has one (the
    City's staff share, not the Jobcenter, which covers no staff)."""
    with pytest.raises(ScenarioError) as err:
        checked(funding=[{"id": "city", "covers": {"wages": 0.2, "staff": 0.3}},
                          {"id": "jc", "covers": {"wages": 0.5}, "net_of": ["city"]},
                          {"id": "land", "covers": {"staff": 0.8, "wages": 0.6}}])
    assert [p.message for p in err.value.problems] == [
        "shares of 'wages' add up to 1.1 (jc (net of city) 0.5, land 0.6), more than 1; "
        "expected at most 1 together, or covers: remainder for land if it tops up what jc "
        "(net of city) leaves",
        "shares of 'staff' add up to 1.1 (city 0.3, land 0.8), more than 1; expected at most "
        "1 together, or covers: remainder for land if it tops up what city leaves"]


def test_net_of_itself_or_twice_is_refused() -> None:
    """net_of: [jc] on jc crashed validation (exit 1); [city, city] netted the City twice."""
    with pytest.raises(ScenarioError) as err:
        checked(funding=[{"id": "city", "covers": {"wages": 0.3}},
                          {"id": "jc", "covers": {"wages": 0.5}, "net_of": ["jc", "city", "city"]},
                          {"id": "emp", "public": False, "covers": "remainder"}])
    assert [(p.path, p.message) for p in err.value.problems] == [
        ("funding.jc.net_of", "'jc' is this funder itself: net_of names the funders listed "
         "before it whose money counts against its share"),
        ("funding.jc.net_of", "'city' given twice: what it paid would be netted twice")]


def test_a_mistyped_month_of_a_rule_set_is_named_as_a_month() -> None:
    """It was 'unknown category 2026-1'."""
    for covers, key, message in (
            ({"2026-1": {"material": 1.0}}, "2026-1", "'2026-1' is not a month: expected "
             "YYYY-MM, e.g. 2026-01 (the month of a rule set)"),
            ({"2026-01": {"material": 1.0}, "wages": 0.5}, "2026-01", "a rule set's month "
             "beside category shares: give every key of covers a month (rule sets by date), "
             "or none")):
        with pytest.raises(ScenarioError) as err:
            checked(funding=[{"id": "a", "covers": covers}])
        assert [(p.path, p.message) for p in err.value.problems] == [
            (f"funding.a.covers.{key}", message)]


def test_until_before_from_is_refused() -> None:
    with pytest.raises(ScenarioError, match=r"funding.a.until: until \(2029-01\) must not lie before from \(2030-01\)"):
        checked(funding=[{"id": "a", "covers": {"total": 0.5}, "from": "2030-01",
                           "until": "2029-01"}])


def test_dated_covers_round_trip_through_show() -> None:
    from finsim.scenario import resolved_data, scenario_from_dict

    scn = scenario(funding=[{"id": "esf", "covers": {"2030-01": {"material": 0.5},
                                                      "2029-01": {"material": 1.0}},
                             "until": "2030-06"}])
    data = resolved_data(scn)
    assert data["funding"][0]["covers"] == {"2029-01": {"material": 1.0},
                                            "2030-01": {"material": 0.5}}
    assert data["funding"][0]["until"] == "2030-06"
    again = scenario_from_dict(data)
    assert again.funding[0].rule_sets == scn.funding[0].rule_sets
    assert np.isclose(again.funding[0].share_of("material", "2030-03"), 0.5)


def test_a_cap_per_person_month_steps_on_its_date() -> None:
    """Wages 3,000.00 a month, the funder wants all of it; the cap is 1,400 per
    participant-month until 2026-12 and 1,500 from 2027-01; 0.5 participant-months in each
    month: 700.00 in December, 750.00 in January."""
    led = hand_ledger({(m, 0, W, 0): 3000.0 for m in range(2)}, 2, providers=1, pm=0.5,
                      start="2026-12")
    cents = funded([{"id": "jc", "covers": {"wages": 1.0},
                     "cap_per_person_month": {"2026-01": 1400, "2027-01": 1500}}], led)
    assert cents[:, 0, W, 0].tolist() == [70_000, 75_000]
    assert cents[:, 0, W, 1].tolist() == [230_000, 225_000]


def test_a_yearly_cap_by_date_takes_the_value_of_its_january() -> None:
    """1,000.00 of material a month from 2026-11 to 2027-03; the yearly cap is 1,500 in
    2026 and 2,500.50 from 2027-01 (a key in mid-2027 would count from 2028): 2026 pays
    1,000.00 then the 500.00 left; 2027 pays 1,000.00, 1,000.00, then 500.50."""
    led = hand_ledger({(m, 0, MAT, 0): 1000.0 for m in range(5)}, 5, providers=1,
                      start="2026-11")
    cents = funded([{"id": "land", "covers": {"material": 1.0},
                     "cap_per_year": {"2026-01": 1500, "2027-01": 2500.50, "2027-03": 99}}],
                   led)
    assert cents[:, 0, MAT, 0].tolist() == [100_000, 50_000, 100_000, 100_000, 50_050]


def test_a_cap_schedule_is_checked_like_any_amount() -> None:
    with pytest.raises(ScenarioError, match="cap_per_year"):
        checked(funding=[{"id": "land", "covers": {"material": 1.0},
                          "cap_per_year": {"2026-13": 5}}])


def test_a_yearly_cap_by_date_at_a_start_in_mid_year_is_its_januarys_value() -> None:
    """A grant letter's 2027 budget is one number for the calendar year: with keys 2027-01
    (5,000) and 2027-03 (100) it is 5,000, the March key counting from 2028, also for a
    period that starts in April (finsim took April's 100). Wages 3,042.00 a month from
    2027-04, land pays half, 1,521.00: April to June 1,521.00 each (4,563.00), July the
    437.00 left, August to December nothing; 2028's budget is 100: January 100.00."""
    from finsim.report.month import resolved_month

    led = hand_ledger({(m, 0, W, 0): 3042.0 for m in range(12)}, 12, providers=1,
                      start="2027-04")
    land = {"id": "land", "covers": {"wages": 0.5},
            "cap_per_year": {"2027-01": 5000, "2027-03": 100}}
    cents = funded([land, {"id": "own", "public": False, "covers": "remainder"}], led)
    assert cents[:, 0, W, 0].tolist() == [152_100] * 3 + [43_700] + [0] * 5 + [10_000, 0, 0]
    assert cents[:, 0, W, 1].tolist() == ([152_100] * 3 + [304_200 - 43_700] + [304_200] * 5
                                          + [294_200, 304_200, 304_200])
    scn = scenario(funding=[land], period={"start": "2027-04", "months": 12})
    assert resolved_month(scn, "2027-04")["funding"]["land"]["cap_per_year"] == 5000.0
    assert resolved_month(scn, "2028-01")["funding"]["land"]["cap_per_year"] == 100.0

"""One-off payments (Jahressonderzahlung): timed amounts in their own cost category,
covered by a funder only where its rule names them, paid per the payment terms.

The numbers are worked by hand in docs/one-off-payments.md. The 2026 minimum wage job:
13.90 EUR x 39 h x 52/12 = 13.90 x 169 = 2,349.10 gross a month; with 22 % employer
contributions 2,865.902 EUR a month of wage cost.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from finsim.funding import allocate
from finsim.funding.cashflow import costs_paid, months_negative, paid_late, scenario_cash_flow
from finsim.ledger import build_ledger
from finsim.scenario.caseload import month_time
from finsim.scenario.model import CATEGORIES
from finsim.scenario.schedule import Month
from tests.test_ledger_support import EMPLOYED, scenario, spells

W, ONE_OFF = CATEGORIES.index("wages"), CATEGORIES.index("one_off")
NOVEMBER, DECEMBER = 10, 11  # month indexes of a period starting 2026-01

WAGES_2026 = {"hourly": 13.90, "hours_per_week": 39, "employer_contributions": 0.22}
JAHRESSONDERZAHLUNG = {"id": "jsz", "name": "Jahressonderzahlung", "month": 11,
                       "share_of_monthly_wage": 0.8}


def year_2026(one_off: list[dict], funding: list[dict] | None = None, **patch):
    return scenario(period={"start": "2026-01", "months": 12},
                    costs={"wages": WAGES_2026, "one_off": one_off},
                    providers=[{"id": "a", "slots": 10}], funding=funding or [], **patch)


def test_a_share_of_the_monthly_wage_is_due_to_everyone_in_a_slot_on_the_first_of_the_month():
    """0.8 x 2,349.10 = 1,879.28 gross, x 1.22 = 2,292.7216 EUR each. In a slot on
    1 November: the person there all year, and the one who leaves mid-November. Not: who
    enters on 15 November (10.5) or left in October (9.5)."""
    led = build_ledger(year_2026([JAHRESSONDERZAHLUNG]), spells([
        (0, 0.0, 12.0, EMPLOYED), (0, 0.0, 10.5, 0), (0, 10.5, 12.0, EMPLOYED),
        (0, 2.0, 9.5, 1)], 12))
    one_off = led.by_category[..., ONE_OFF]
    assert one_off[NOVEMBER, 0] == pytest.approx(2 * 2292.7216, abs=1e-9)
    assert one_off.sum() == pytest.approx(2 * 2292.7216, abs=1e-9)  # only in November
    # the wage line is the hourly wage alone, as before
    assert led.by_category[0, 0, W] == pytest.approx(2 * 2865.902, abs=1e-9)


def test_an_amount_pro_rata_counts_the_part_of_the_year_employed():
    """500 EUR gross in December, pro rata: all year 500 -> 610.00 employer cost; entry on
    1 July (6.0): 6/12 -> 305.00; entry at 10.5 months (16 November): 1.5/12 -> 76.25.
    On 15 November (10 + 14/30 months, docs/one-off-payments.md) it is 23/180 -> 77.94."""
    bonus = {"id": "xmas", "month": 12, "amount": 500, "pro_rata": True}
    led = build_ledger(year_2026([bonus]), spells([
        (0, 0.0, 12.0, EMPLOYED), (0, 6.0, 12.0, EMPLOYED), (0, 10.5, 12.0, EMPLOYED)], 12))
    assert led.by_category[DECEMBER, 0, ONE_OFF] == pytest.approx(610 + 305 + 76.25, abs=1e-9)
    # due in November: the entry of 1 July is 6/12 as well (twelfths of the whole year)
    november = build_ledger(year_2026([{**bonus, "month": 11}]), spells([
        (0, 6.0, 12.0, EMPLOYED)], 12))
    assert november.by_category[NOVEMBER, 0, ONE_OFF] == pytest.approx(305.0, abs=1e-9)


TVOED = {**JAHRESSONDERZAHLUNG, "entitled_month": 12}
"""§20 TVöD: due to whoever is in employment on 1 December, paid with the November wage."""


def test_an_entry_on_15_november_counts_its_days_as_the_docs_say():
    """docs/one-off-payments.md: an entry on 15 November (a caseload date, 10 + 14/30
    months into the year) is (16/30 + 1)/12 = 23/180 of the year with ``pro_rata: true``:
    292.9589 EUR of the 2,292.7216 Jahressonderzahlung entitled on 1 December, and 77.94
    of 500 EUR gross (610.00 of cost) due in December; by whole months 2/12, 382.1203."""
    entry = month_time("2026-11-15", Month(2026, 1))
    assert entry == 10 + 14 / 30
    joiner = spells([(0, entry, 12.0, EMPLOYED)], 12)
    jsz = build_ledger(year_2026([{**TVOED, "pro_rata": True}]), joiner)
    assert jsz.by_category[NOVEMBER, 0, ONE_OFF] == pytest.approx(292.9589, abs=1e-4)
    bonus = {"id": "xmas", "month": 12, "amount": 500, "pro_rata": True}
    december = build_ledger(year_2026([bonus]), joiner)
    assert round(december.by_category[DECEMBER, 0, ONE_OFF], 2) == 77.94
    months = build_ledger(year_2026([{**TVOED, "pro_rata": "months"}]), joiner)
    assert months.by_category[NOVEMBER, 0, ONE_OFF] == pytest.approx(382.1203, abs=1e-4)


def test_entitled_on_the_first_of_december_paid_in_november():
    """In a slot on 1 December (11.0): the person there all year, and one who joins in
    mid-November (10.5), both paid in November. Not: one who leaves in mid-November, or
    one who joins in mid-December. With the entitlement day the payment month's (the
    default), the leaver is paid and the November joiner is not."""
    people = spells([(0, 0.0, 12.0, EMPLOYED), (0, 10.5, 12.0, EMPLOYED),
                     (0, 0.0, 10.5, 0), (0, 11.5, 12.0, EMPLOYED)], 12)
    led = build_ledger(year_2026([TVOED]), people)
    one_off = led.by_category[..., ONE_OFF]
    assert one_off[NOVEMBER, 0] == pytest.approx(2 * 2292.7216, abs=1e-9)
    assert one_off.sum() == pytest.approx(2 * 2292.7216, abs=1e-9)  # only in November
    # both in their first tenure year (the joiner's counts from 0, not before it)
    assert led.cost[NOVEMBER, 0, ONE_OFF, 0] == pytest.approx(2 * 2292.7216, abs=1e-9)
    # pro rata: the November joiner's 1.5 months of the year, 1.5/12
    pro_rata = build_ledger(year_2026([{**TVOED, "pro_rata": True}]), people)
    assert pro_rata.by_category[NOVEMBER, 0, ONE_OFF] == pytest.approx(
        2292.7216 * (1 + 1.5 / 12), abs=1e-9)
    # by whole months with pay (§20(4) TVöD): November and December, 2/12
    months = build_ledger(year_2026([{**TVOED, "pro_rata": "months"}]), people)
    assert months.by_category[NOVEMBER, 0, ONE_OFF] == pytest.approx(
        2292.7216 * (1 + 2 / 12), abs=1e-9)
    assert round(2292.7216 * 2 / 12, 2) == 382.12  # the joiner's cents, by hand
    # entitled on 1 November (no entitled_month): the leaver, not the joiner
    on_the_first = build_ledger(year_2026([JAHRESSONDERZAHLUNG]), people)
    assert on_the_first.by_category[NOVEMBER, 0, ONE_OFF] == pytest.approx(
        2 * 2292.7216, abs=1e-9)
    assert on_the_first.cost[NOVEMBER, 0, ONE_OFF, 0] == pytest.approx(2 * 2292.7216)


def test_an_entitlement_day_past_the_horizon_counts_who_is_still_employed():
    """A period that ends with November 2026: 1 December is the horizon (11.0). Whoever
    is still employed then is entitled; whoever left in mid-November is not."""
    scn = scenario(period={"start": "2026-01", "months": 11},
                   costs={"wages": WAGES_2026, "one_off": [TVOED]},
                   providers=[{"id": "a", "slots": 10}])
    led = build_ledger(scn, spells([(0, 0.0, 11.0, EMPLOYED), (0, 0.0, 10.5, 0)], 11))
    assert led.by_category[NOVEMBER, 0, ONE_OFF] == pytest.approx(2292.7216, abs=1e-9)


def test_the_tenure_year_is_that_on_the_due_date():
    """Someone employed since December 2024 (entry -13) is in the second year on
    1 November 2026; a new entrant of 2026 in the first."""
    led = build_ledger(year_2026([JAHRESSONDERZAHLUNG]), spells([
        (0, -13.0, 12.0, EMPLOYED), (0, 1.0, 12.0, EMPLOYED)], 12))
    assert led.cost[NOVEMBER, 0, ONE_OFF, :2].tolist() == pytest.approx([2292.7216] * 2)


def test_a_wage_subsidy_share_does_not_cover_a_one_off_payment():
    """§16i Abs. 2: the Jobcenter pays 100 % of the subsidisable wage (minimum wage plus
    the flat 19.85 %, docs/wage-basis.md); the Jahressonderzahlung is not part of it, so
    the employer (remainder) pays all of it. November in cents: wages 2,865.902 -> 286,590,
    of which the Jobcenter 2,349.10 x 1.1985 = 2,815.39635 -> 281,540 and the employer
    5,050 (the levies); one-off 2,292.7216 -> 229,272 (employer). Before, the example
    had the Jobcenter pay the whole wage line, 286,590."""
    funding = [{"id": "jobcenter", "basis": "subsidy_base",
                "covers": {"wages": {"by_tenure_year": [1.0, 1.0, 0.9]}}},
               {"id": "employer", "public": False, "covers": "remainder"}]
    wages = {**WAGES_2026, "subsidy_base": {"hourly": "minimum_wage", "contributions": 0.1985}}
    scn = scenario(period={"start": "2026-01", "months": 12},
                   costs={"wages": wages, "one_off": [JAHRESSONDERZAHLUNG]},
                   providers=[{"id": "a", "slots": 10}], funding=funding)
    fund = allocate(scn, build_ledger(scn, spells([(0, 0.0, 12.0, EMPLOYED)], 12)))
    november = fund.cents[NOVEMBER, 0]  # [categories, jobcenter, employer, gap]
    assert november[W].tolist() == [281_540, 5_050, 0]
    assert november[ONE_OFF].tolist() == [0, 229_272, 0]
    assert fund.cents[:, 0, ONE_OFF, 0].sum() == 0  # never, in any month
    assert fund.cents[:, 0, W, 0].sum() == 12 * 281_540  # every month's subsidy


def test_a_funder_covers_a_one_off_payment_where_its_rule_names_it():
    """A funder whose rule says so (`one_off: 0.5`): 114,636.08 cents -> 114,636; without
    a remainder funder the rest is the gap."""
    funding = [{"id": "jobcenter", "covers": {"wages": 1.0, "one_off": 0.5}}]
    scn = year_2026([JAHRESSONDERZAHLUNG], funding)
    fund = allocate(scn, build_ledger(scn, spells([(0, 0.0, 12.0, EMPLOYED)], 12)))
    assert fund.cents[NOVEMBER, 0, ONE_OFF].tolist() == [114_636, 229_272 - 114_636]
    # `total` is a rule over every category, one-off payments included
    total = year_2026([JAHRESSONDERZAHLUNG], [{"id": "city", "covers": {"total": 1.0}}])
    fund = allocate(total, build_ledger(total, spells([(0, 0.0, 12.0, EMPLOYED)], 12)))
    assert fund.cents[NOVEMBER, 0, ONE_OFF].tolist() == [229_272, 0]


def test_a_provider_may_have_its_own_one_off_payments_or_none():
    scn = scenario(period={"start": "2026-01", "months": 12},
                   costs={"wages": WAGES_2026, "one_off": [JAHRESSONDERZAHLUNG]},
                   providers=[{"id": "a", "slots": 1},
                              {"id": "b", "slots": 1, "costs": {"one_off": []}},
                              {"id": "c", "slots": 1, "costs": {"one_off": [
                                  {**JAHRESSONDERZAHLUNG, "share_of_monthly_wage": 0.5}]}}])
    led = build_ledger(scn, spells([(p, 0.0, 12.0, EMPLOYED) for p in range(3)], 12))
    assert led.by_category[NOVEMBER, :, ONE_OFF] == pytest.approx(
        [2292.7216, 0.0, 0.5 * 2349.10 * 1.22])


def test_a_one_off_payment_paid_the_month_after_moves_the_outflow_not_the_ledger():
    """Paid with the December payroll: the November cost stays in the ledger (and in the
    funders' claims), the provider's outflow moves to December; a one-off due in the
    period's last month is paid in the month after the period."""
    late = {**JAHRESSONDERZAHLUNG, "paid_month_after": True}
    funding = [{"id": "jobcenter", "covers": {"wages": 1.0}},
               {"id": "employer", "public": False, "covers": "remainder"}]
    scn = year_2026([late], funding)
    fund = allocate(scn, build_ledger(scn, spells([(0, 0.0, 12.0, EMPLOYED)], 12)))
    flow = scenario_cash_flow(scn, fund)
    assert flow.outflow[NOVEMBER, 0] == 286_590
    assert flow.outflow[DECEMBER, 0] == 286_590 + 229_272
    # the employer's own money is there when the cost arises (no terms): a month ahead
    assert flow.balance[NOVEMBER, 0] == 229_272
    assert flow.balance[-1, 0] == 0  # nothing lost: the balance ends at minus the gap (0)

    ends_in_november = scenario(period={"start": "2026-01", "months": 11},
                                costs={"wages": WAGES_2026, "one_off": [late]},
                                providers=[{"id": "a", "slots": 1}])
    assert paid_late(ends_in_november)[:, 0].tolist() == [False] * 10 + [True]
    cost = np.zeros((11, 1, len(CATEGORIES)), dtype=np.int64)
    cost[:, 0, W] = 286_590
    cost[NOVEMBER, 0, ONE_OFF] = 229_272
    paid = costs_paid(cost, paid_late(ends_in_november))
    assert paid[:, 0].tolist() == [286_590] * 11 + [229_272]
    assert paid_late(year_2026([JAHRESSONDERZAHLUNG])) is None


def test_a_one_off_paid_the_month_after_within_the_period_adds_no_month():
    """A June one-off of 1,000 EUR (1,220.00 with 22 % contributions) paid with the July
    payroll: July pays 2,865.90 + 1,220.00, and the cash flow ends with the period's
    December (no empty 2027-01), so the gap's 12 months below zero are 12, not 13. The
    Jobcenter pays 75 % of each month's wage (2,149.43) as the cost arises; the provider
    is left 716.47 a month and the one-off: -9,817.64 at the end."""
    june = {"id": "bonus", "month": 6, "amount": 1000, "paid_month_after": True}
    scn = year_2026([june], [{"id": "jobcenter", "covers": {"wages": 0.75}}])
    fund = allocate(scn, build_ledger(scn, spells([(0, 0.0, 12.0, EMPLOYED)], 12)))
    flow = scenario_cash_flow(scn, fund)
    assert flow.outflow[:, 0].tolist() == [286_590] * 6 + [286_590 + 122_000] + [286_590] * 5
    assert flow.inflow[:, 0, 0].tolist() == [214_943] * 12
    assert flow.balance[-1, 0] == -(12 * (286_590 - 214_943) + 122_000) == -981_764
    assert months_negative(flow.balance).tolist() == [12]


@pytest.mark.parametrize(("one_off", "message"), [
    ({"id": "x", "month": 11}, "give one of share_of_monthly_wage and amount"),
    ({"id": "x", "month": 11, "amount": 500, "share_of_monthly_wage": 0.8},
     "give one of share_of_monthly_wage and amount"),
    ({"id": "x", "month": 13, "amount": 500}, "less than or equal to 12"),
    ({"id": "x", "month": 11, "amount": -1}, "expected a number from 0"),
    ({"id": "x", "month": 11, "entitled_month": 0, "amount": 500}, "greater than or equal to 1"),
    ({"id": "x", "month": 11, "entitled_month": 13, "amount": 500}, "less than or equal to 12"),
    ({"id": "x", "month": 11, "entitled_month": 11.5, "amount": 500}, "integer"),
    ({"id": "x", "month": 11, "amount": 500, "pro_rata": "month"}, "'months'"),
])
def test_a_one_off_payment_says_when_and_how_much(one_off, message):
    with pytest.raises(ValidationError, match=message):
        year_2026([one_off])


def test_one_off_payments_have_unique_ids_and_agree_on_when_they_are_paid():
    with pytest.raises(ValidationError, match="unique: x given twice"):
        year_2026([{"id": "x", "month": 11, "amount": 1}, {"id": "x", "month": 6, "amount": 1}])
    with pytest.raises(ValidationError, match="due in month 11 must agree"):
        year_2026([{"id": "x", "month": 11, "amount": 1},
                   {"id": "y", "month": 11, "amount": 1, "paid_month_after": True}])


def test_a_run_reports_one_off_payments_and_only_the_employers_pay_them(small_data, tmp_path):
    """The small program with a Jahressonderzahlung paid the month after: the run's
    summary, ledger table and cash flow carry it; the Jobcenter's wage share never pays it;
    the outflow of the last December is paid in the month after the period."""
    import subprocess
    import sys

    from finsim.montecarlo import RunSpec, run
    from finsim.report import tables
    from tests.conftest import variant

    late = {**JAHRESSONDERZAHLUNG, "month": 12, "paid_month_after": True}
    scn = variant(small_data, costs={"one_off": [late]})
    result = run(RunSpec(scn, 3, 1), jobs=1)
    ledger = tables.ledger_table(result)
    one_off = ledger[ledger["category"] == "one_off"]
    mean = result.metric("cost_one_off").mean()
    assert mean > 0
    assert one_off["amount"].sum() == pytest.approx(mean, abs=0.05)
    assert one_off[one_off["funder"] == "jobcenter"]["amount"].sum() == 0
    assert set(one_off[one_off["amount"] > 0]["month"]) == {"2013-12", "2014-12"}
    assert result.aggregate.cashflow.shape[0] == 25  # the December 2014 one-off

    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml_text(variant(small_data).model_dump(mode="json", by_alias=True),
                             {"id": "x", "month": 11}))
    done = subprocess.run([sys.executable, "-m", "finsim", "validate", str(bad)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "costs.one_off" in done.stderr + done.stdout
    assert "give one of share_of_monthly_wage and amount" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def yaml_text(data: dict, one_off: dict) -> str:
    import yaml

    data = {k: v for k, v in data.items() if v is not None}
    data["costs"]["one_off"] = [one_off]
    return yaml.safe_dump(data)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 1), st.floats(-30, 23.9), st.floats(0, 30)),
                     max_size=12),
       month=st.integers(1, 12), pro_rata=st.sampled_from([False, True, "months"]),
       start=st.sampled_from(
           ["2026-01", "2026-07", "2026-12"]), entitled=st.one_of(st.none(), st.integers(1, 12)))
def test_the_vectorised_charge_matches_a_plain_loop_over_people(rows, month, pro_rata, start,
                                                                entitled):
    """Each person in a slot on the first day of the entitlement month (the due month's
    by default) is charged once in the due month, in the tenure year of its first day
    (the first for who joins after it); one still employed at the horizon is there on an
    entitlement day past it; pro rata by twelfths from entry (or 1 January) to the year's
    end (from the first of the entry's month with ``months``): the ledger equals a loop
    over people and months written out plainly."""
    spans = [(p, entry, min(entry + length, 24.0)) for p, entry, length in rows]
    spans = [(p, e, x) for p, e, x in spans if x > e]
    bonus = {"id": "b", "month": month, "amount": 100, "pro_rata": pro_rata,
             "entitled_month": entitled}
    scn = scenario(period={"start": start, "months": 24},
                   costs={"wages": WAGES_2026, "one_off": [bonus]},
                   providers=[{"id": "a", "slots": 10}, {"id": "b", "slots": 10}])
    led = build_ledger(scn, spells([(p, e, x, EMPLOYED) for p, e, x in spans], 24))
    expected = np.zeros(led.cost[:, :, ONE_OFF].shape)
    first = int(start[5:])
    for p, e, x in spans:
        for m in range(24):
            day = m + (entitled or month) - month  # in the due month's calendar year
            if (first - 1 + m) % 12 + 1 != month or not (e <= day and (day < x or x >= 24)):
                continue
            since = m - (month - 1)
            begun = math.floor(e) if pro_rata == "months" else e
            share = min(12.0, since + 12 - max(begun, since)) / 12 if pro_rata else 1.0
            year = max(0, min(int((m - e) // 12), expected.shape[-1] - 1))
            expected[m, p, year] += 100 * 1.22 * share
    np.testing.assert_allclose(led.cost[:, :, ONE_OFF], expected, atol=1e-9)

"""The Passiv-Aktiv-Transfer and the budgets (issue 15.2, 15.3, 15.6), worked by hand.

One single person (provider a) and one single parent (provider b), both employed all of
2026 at the minimum wage: 13.90 x 169 h = 2,349.10 gross, x 1.22 = 2,865.902 a month of
wage cost, 2,865.90 per (month, provider) cell in cents. The Jobcenter's §16i subsidy
(100 % in years 1-2) is a share of the subsidisable wage: the minimum wage plus the flat
19.85 % employer contributions without unemployment insurance, 2,349.10 x 1.1985 =
2,815.39635 (docs/wage-basis.md). Benefits avoided as in docs/passive-benefits.md, with
NRW's federal KdU share of 72.1 % as the 2026 files (`NW`): Bund 1,171.90 / 1,437.08,
Kommune 167.40 / 140.90 a month.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.funding import allocate, check_money_conserved, money_metrics
from finsim.funding.benefits import avoided_benefits
from finsim.funding.transfer import transfer_split
from finsim.ledger import build_ledger
from finsim.scenario import ScenarioError, scenario_from_dict
from finsim.scenario.checks import cross_check
from tests.test_ledger_support import BASE, EMPLOYED, scenario, spells
from tests.test_passive_benefits import HOUSEHOLDS, PARTS_2026, SINGLE, SINGLE_PARENT

CITY = {"id": "city", "budget": "kommune", "covers": {"wages": 1.0},
        "limited_to": "benefits_avoided"}
JOBCENTER = {"id": "jobcenter", "budget": "bund", "basis": "subsidy_base",
             "covers": {"wages": 1.0}, "net_of": ["city"]}
EMPLOYERS = {"id": "employers", "public": False, "covers": "remainder"}
PAT_2023 = {"single": 800, "single_parent": 1000, "couple_no_children": 1100,
            "not_stated": 800}


def pat_scenario(funding: list[dict], **patch):
    base = {"passive_benefits": {"attribute": "household", "parts": PARTS_2026},
            "period": {"start": "2026-01", "months": 12}}
    return scenario(
        participants={"referrals_per_month": 1, "mix": {"household": HOUSEHOLDS}},
        costs={"wages": {"hourly": "minimum_wage", "hours_per_week": 39,
                         "employer_contributions": 0.22, "annual_increase": 0.0,
                         "subsidy_base": {"hourly": "minimum_wage", "contributions": 0.1985}}},
        funding=funding, **{**base, **patch})


def run_case(scn, providers: tuple[int, int] = (0, 1)):
    """The two people of the worked example, at providers a and b (or as given)."""
    months = scn.period.months
    sp = spells([(providers[0], 0.0, months, EMPLOYED), (providers[1], 0.0, months, EMPLOYED)],
                months, attributes=[[SINGLE], [SINGLE_PARENT]])
    ledger = build_ledger(scn, sp)
    avoided = avoided_benefits(scn, sp, ledger.cost.shape[-1])
    funding = allocate(scn, ledger, avoided)
    check_money_conserved(ledger, funding)
    transfer = transfer_split(scn, funding, avoided)
    metrics = money_metrics(scn, ledger, funding, avoided.by_payer,
                            {"entries": 2, "exits_placement": 0}, transfer)
    return funding, transfer, metrics


def test_city_limited_to_the_kdu_it_saves_and_jobcenter_net_of_it() -> None:
    jobcenter = {**JOBCENTER, "transfer": {"limited_to": "benefits_avoided"}}
    scn = pat_scenario([CITY, jobcenter, EMPLOYERS])
    assert cross_check(scn) == []
    funding, transfer, m = run_case(scn)
    city, jc, emp = (funding.cents[0, :, 0, i] for i in range(3))
    # City: min(2,865.902, KdU saved): 167.40 (single), 140.90 (single parent) a month
    assert city.tolist() == [16740, 14090]
    # Jobcenter: 100 % of the subsidisable 2,815.39635 = 2,815.40, minus the City's money
    assert jc.tolist() == [281540 - 16740, 281540 - 14090]
    assert emp.tolist() == [5050, 5050]       # 2,865.90 - 2,815.40
    # Transfer without a flat rate: the Jobcenter's wage money up to the Bund's saving
    assert transfer[0, :, 1].tolist() == [117190, 143708]
    assert transfer[0, :, 0].tolist() == [16740, 14090]   # all of the City's money
    assert m["funding_city"] == 3699.60                     # 12 x (167.40 + 140.90)
    assert m["funding_jobcenter"] == 63870.00               # 12 x (2,648.00 + 2,674.50)
    assert m["funding_employers"] == 1212.00                # 24 x 50.50
    assert m["transfer_jobcenter"] == 31307.76              # 12 x (1,171.90 + 1,437.08)
    assert m["transfer_city"] == 3699.60
    # whole cents summed, as the funding: one amount, one float (and one median)
    assert m["passive_benefits_avoided_bund"] == 31307.76
    assert m["passive_benefits_avoided_kommune"] == m["funding_city"] == 3699.60
    assert m["passive_benefits_avoided"] == 35007.36       # 31,307.76 + 3,699.60
    # net per budget: paid - saved
    assert round(m["net_cost_bund"], 2) == 32562.24         # 63,870.00 - 31,307.76
    assert round(m["net_cost_kommune"], 2) == 0.00          # the City puts in what it saves
    assert m["net_cost_provider"] == 1212.00
    assert round(m["net_public_cost"], 2) == 32562.24


def test_both_at_one_provider_the_subsidy_rounds_once() -> None:
    """docs/passive-benefits.md: at one provider the month's subsidy 2 x 2,815.39635 =
    5,630.7927 rounds to 5,630.79 (a cent below 2 x 2,815.40) and the wage cost 5,731.804
    to 5,731.80: the Jobcenter pays 12 x (5,630.79 - 308.30), the employers 12 x 101.01
    (the City's 167.40 + 140.895 = 308.295 a month rounds half up to 308.30 as apart)."""
    jobcenter = {**JOBCENTER, "transfer": {"limited_to": "benefits_avoided"}}
    _, _, m = run_case(pat_scenario([CITY, jobcenter, EMPLOYERS]), providers=(0, 0))
    assert m["funding_city"] == 3699.60
    assert m["funding_jobcenter"] == 63869.88               # 12 x 5,322.49
    assert m["funding_employers"] == 1212.12                # 12 x 101.01
    assert round(m["net_cost_bund"], 2) == 32562.12         # 63,869.88 - 31,307.76
    assert round(m["net_public_cost"], 2) == 32562.12


def test_returns_per_budget() -> None:
    scn = pat_scenario([CITY, JOBCENTER, EMPLOYERS],
                       returns={"bund": 0.05, "sozialversicherung": 0.40})
    _, _, m = run_case(scn)
    # gross 2 x 12 x 2,349.10 = 56,378.40; Bund 5 % = 2,818.92, social insurance 40 %
    assert round(m["net_cost_bund"], 2) == 29743.32         # 32,562.24 - 2,818.92
    assert round(m["net_cost_sozialversicherung"], 2) == -22551.36
    assert round(m["net_public_cost"], 2) == 7191.96        # 29,743.32 - 22,551.36


def test_pat_flat_rates_with_a_ceiling_that_binds() -> None:
    jobcenter = {**JOBCENTER, "transfer": {"per_person_month": PAT_2023,
                                           "cap_per_year": 20000}}
    scn = pat_scenario([CITY, jobcenter, EMPLOYERS])
    funding, transfer, m = run_case(scn)
    # 800 (single) + 1,000 (single parent) a month, under the Bund's saving each
    assert transfer[:11, :, 1].sum(axis=0).tolist() == [11 * 80000, 11 * 100000]
    # 19,800 after November: 200.00 left for December, shared 800 : 1,000
    assert transfer[11, :, 1].tolist() == [8889, 11111]
    assert m["transfer_jobcenter"] == 20000.00
    # the transfer does not change what the Jobcenter pays
    assert m["funding_jobcenter"] == 63870.00


def test_pat_ceiling_by_date_takes_the_value_of_the_years_first_month() -> None:
    """2026-11 to 2027-02, 1,800.00 a month of flat rates (800 + 1,000). The ceiling is
    3,000 in 2026 and 2,500.50 from 2027-01 (the key 2027-02 counts from 2028): November
    1,800.00, December the 1,200.00 left shared 800 : 1,000 (533.33, 666.67); January
    1,800.00, February the 700.50 left (311.33, 389.17)."""
    cap = {"2026-01": 3000, "2027-01": 2500.50, "2027-02": 99}
    jobcenter = {**JOBCENTER, "transfer": {"per_person_month": PAT_2023, "cap_per_year": cap}}
    scn = pat_scenario([CITY, jobcenter, EMPLOYERS], period={"start": "2026-11", "months": 4})
    assert cross_check(scn) == []
    _, transfer, m = run_case(scn)
    assert transfer[:, :, 1].tolist() == [[80000, 100000], [53333, 66667],
                                          [80000, 100000], [31133, 38917]]
    assert m["transfer_jobcenter"] == 3000.00 + 2500.50


def test_a_ceiling_on_a_funder_limited_to_the_saving_caps_its_transfer() -> None:
    """The City pays its KdU saving, 167.40 + 140.90 = 308.30 a month; of it at most
    2,000.00 a year is transfer: 6 x 308.30 = 1,849.80 to June, July the 150.20 left
    shared 167.40 : 140.90 (81.56, 68.64), nothing after. It still pays 3,699.60."""
    city = {**CITY, "transfer": {"cap_per_year": 2000}}
    scn = pat_scenario([city, JOBCENTER, EMPLOYERS])
    assert cross_check(scn) == []
    funding, transfer, m = run_case(scn)
    assert transfer[:6, :, 0].tolist() == 6 * [[16740, 14090]]
    assert transfer[6, :, 0].tolist() == [8156, 6864]
    assert transfer[7:, :, 0].tolist() == 5 * [[0, 0]]
    assert m["transfer_city"] == 2000.00
    assert m["funding_city"] == 3699.60                     # the ceiling cuts no payment
    assert funding.cents[:, :, :, 0].sum() == 369960


def test_a_flat_rate_on_a_funder_limited_to_the_saving() -> None:
    """A flat rate of 150.00 per person-month: min(150, 167.40) + min(150, 140.90) =
    290.90 a month of the City's 308.30 is transfer, 12 x 290.90 = 3,490.80 a year."""
    city = {**CITY, "transfer": {"per_person_month": 150}}
    _, transfer, m = run_case(pat_scenario([city, JOBCENTER, EMPLOYERS]))
    assert transfer[0, :, 0].tolist() == [15000, 14090]
    assert m["transfer_city"] == 3490.80
    assert m["funding_city"] == 3699.60


def test_a_pat_ceiling_schedule_is_checked_like_any_amount() -> None:
    data = {**BASE, "funding": [{"id": "jc", "covers": {"wages": 1.0},
                                 "transfer": {"cap_per_year": {"2026-13": 5}}}]}
    with pytest.raises(ScenarioError, match=r"funding\.jc\.transfer\.cap_per_year\.2026-13: '2026-13' "
                                            "is not a month"):
        scenario_from_dict(data)


def test_pat_flat_rate_limited_by_the_benefits_avoided() -> None:
    parts = {**PARTS_2026, "top_up": {**PARTS_2026["top_up"], "single_parent": 1200.0}}
    jobcenter = {**JOBCENTER, "transfer": {"per_person_month": PAT_2023}}
    scn = pat_scenario([CITY, jobcenter, EMPLOYERS],
                       passive_benefits={"attribute": "household", "parts": parts})
    _, transfer, _ = run_case(scn)
    # single parent: a top-up of 1,200 leaves KdU 0 and Regelbedarf 896.68 - 480 avoided:
    # the Bund saves 416.68 + 176.30 = 592.98 < the flat rate of 1,000
    assert transfer[0, :, 1].tolist() == [80000, 59298]


def test_two_funders_of_one_budget_share_its_saving_in_list_order() -> None:
    """Two Bund funders, each with the 2023 flat rates limited to the Bund's saving (NRW
    72.1 %: 1,171.90 for the single person, 1,437.085 of a household 1,577.98 for the
    single parent, booked as 1,437.08). The first takes 800 / 1,000, the second what is
    left: 371.90 / 437.08 (437.085 capped at the cents the Bund books), not 800 / 1,000
    again: together exactly the Bund's saving, not 1,600 / 2,000 of it."""
    flat = {"per_person_month": PAT_2023}
    jc1 = {"id": "jc1", "budget": "bund", "covers": {"wages": 0.5}, "transfer": flat}
    jc2 = {**jc1, "id": "jc2"}
    scn = pat_scenario([jc1, jc2, EMPLOYERS],
                       passive_benefits={"attribute": "household", "parts": PARTS_2026})
    assert cross_check(scn) == []
    _, transfer, m = run_case(scn)
    assert transfer[0, :, 0].tolist() == [80000, 100000]
    assert transfer[0, :, 1].tolist() == [37190, 43708]
    assert m["passive_benefits_avoided_bund"] == 31307.76   # 12 x (1,171.90 + 1,437.08)
    assert round(m["transfer_jc1"] + m["transfer_jc2"], 2) == 31307.76
    assert m["transfer_jc1"] == 21600.00                     # 12 x 1,800


def test_a_second_funder_takes_nothing_where_the_first_took_the_whole_saving() -> None:
    """Without flat rates the first claims the Bund's whole saving per person and takes
    it, at most its wage money (50 % of 2,865.902: 1,432.95): single 1,171.90 by jc1,
    nothing left for jc2; single parent 1,432.95 by jc1, and jc2 nothing either: the
    first's claim counts, not what its wage money let it take (docs/passive-benefits.md)."""
    jc1 = {"id": "jc1", "budget": "bund", "covers": {"wages": 0.5},
           "transfer": {"limited_to": "benefits_avoided"}}
    jc2 = {**jc1, "id": "jc2"}
    scn = pat_scenario([jc1, jc2, EMPLOYERS],
                       passive_benefits={"attribute": "household", "parts": PARTS_2026})
    funding, transfer, m = run_case(scn)
    assert funding.cents[0, :, 0, 0].tolist() == [143295, 143295]   # 0.5 x 2,865.902
    assert transfer[0, :, 0].tolist() == [117190, 143295]
    assert transfer[0, :, 1].tolist() == [0, 0]


def test_two_funders_limited_to_one_budgets_saving_are_refused() -> None:
    city2 = {**CITY, "id": "city2", "covers": {"wages": 0.5}}
    scn = pat_scenario([CITY, city2, JOBCENTER, EMPLOYERS])
    problems = dict(cross_check(scn))
    assert problems["funding.city2.limited_to"].startswith(
        "budget 'kommune' saves each person's benefits once, and city already takes from "
        "that saving in the same months")
    assert "funding.city.limited_to" not in problems
    # a transfer of the same budget beside a funder limited to it: refused too
    pat = {"id": "stadt", "budget": "kommune", "covers": {"wages": 0.1},
           "transfer": {"per_person_month": 100}}
    problems = dict(cross_check(pat_scenario([CITY, pat, JOBCENTER, EMPLOYERS])))
    assert "city already takes" in problems["funding.stadt.transfer"]
    # one after the other (from/until): each month has one
    first, second = {**CITY, "until": "2026-06"}, {**CITY, "id": "city2", "from": "2026-07"}
    scn = pat_scenario([first, second, {**JOBCENTER, "net_of": ["city", "city2"]}, EMPLOYERS])
    assert cross_check(scn) == []
    _, transfer, m = run_case(scn)
    assert m["transfer_city"] == m["transfer_city2"] == 1849.80   # 6 x (167.40 + 140.90)


def test_transfer_needs_benefits_of_its_budget() -> None:
    scn = pat_scenario([{**CITY, "budget": "stadt"}, JOBCENTER, EMPLOYERS])
    problems = dict(cross_check(scn))
    assert "avoids no benefits" in problems["funding.city.budget"]


def test_net_of_must_name_an_earlier_funder() -> None:
    scn = pat_scenario([{**JOBCENTER, "net_of": ["city"]}, CITY, EMPLOYERS])
    problems = dict(cross_check(scn))
    assert "not a funder listed before" in problems["funding.jobcenter.net_of"]
    scn = pat_scenario([EMPLOYERS, CITY, {**JOBCENTER, "net_of": ["employers"]}])
    problems = dict(cross_check(scn))
    assert "applied last" in problems["funding.jobcenter.net_of"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.floats(0, 11.5), st.floats(0.1, 12),
                          st.integers(0, 3)), min_size=1, max_size=8),
       st.floats(0, 0.5), st.floats(0, 0.2))
def test_budgets_sum_to_net_public_cost(rows, tax, contributions) -> None:
    land = {"id": "land", "budget": "land", "covers": {"wages": 0.01}}
    scn = pat_scenario([CITY, JOBCENTER, land, EMPLOYERS],
                       returns={"bund": tax, "land": tax / 2, "sv": contributions})
    sp = spells([(p, e, min(e + d, 12.0), EMPLOYED) for p, e, d, _ in rows], 12,
                attributes=[[h] for *_, h in rows])
    ledger = build_ledger(scn, sp)
    avoided = avoided_benefits(scn, sp, ledger.cost.shape[-1])
    funding = allocate(scn, ledger, avoided)
    m = money_metrics(scn, ledger, funding, avoided.by_payer, {"entries": len(rows)})
    public = ["bund", "kommune", "land", "sv"]
    assert sum(m[f"net_cost_{b}"] for b in public) == pytest.approx(m["net_public_cost"])
    assert m["net_public_cost"] == pytest.approx(
        m["funding_city"] + m["funding_jobcenter"] + m["funding_land"]
        - m["passive_benefits_avoided"] - (1.5 * tax + contributions) * (
            m["cost_wages"] / 1.22), abs=0.005 * 12 * 2)  # cost_wages is rounded per cell
    assert np.all(funding.cents >= 0)


def test_no_funders_and_no_benefits_give_no_budgets() -> None:
    scn = scenario(period={"start": "2026-01", "months": 3})
    sp = spells([(0, 0.0, 3.0, EMPLOYED)], 3)
    ledger = build_ledger(scn, sp)
    avoided = avoided_benefits(scn, sp, ledger.cost.shape[-1])
    m = money_metrics(scn, ledger, allocate(scn, ledger, avoided), avoided.by_payer,
                      {"entries": 1})
    assert m["net_public_cost"] == 0.0
    assert not [k for k in m if k.startswith("net_cost_")]

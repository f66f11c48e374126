"""The cash flow of payment terms, worked by hand in cents, and its properties."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from finsim.funding.cashflow import (
    CashTerms,
    _claim_bounds,
    _held_or_advanced,
    cash_flow,
    cash_flow_many,
    cash_metrics_many,
    cash_months,
    claim_index,
    funder_inflow,
    funder_terms,
    months_negative,
    peak_prefinancing,
)
from finsim.scenario.model import Payment

EUR = 100  # cents


def constant(months: int, cents: int, providers: int = 1, funders: int = 1) -> np.ndarray:
    return np.full((months, providers, funders), cents, dtype=np.int64)


def test_quarterly_in_arrears_two_month_lag_by_hand():
    # 12 months from January, 1,000 EUR of cost a month, all paid by one funder that is
    # claimed per calendar quarter and pays 2 months after the quarter ends:
    # Q1 (Jan-Mar) in June, Q2 in September, Q3 in December, Q4 in March of next year.
    cost = np.full((12, 1), 1000 * EUR, dtype=np.int64)
    terms = Payment(every="quarter", timing="arrears", lag_months=2)
    flow = cash_flow(constant(12, 1000 * EUR), cost, [terms], start_month=1)
    assert flow.inflow.shape == (15, 1, 1)  # runs on to the March payment (month 14)
    paid = {m: int(v) for m, v in enumerate(flow.inflow[:, 0, 0]) if v}
    assert paid == {5: 3000 * EUR, 8: 3000 * EUR, 11: 3000 * EUR, 14: 3000 * EUR}
    expected = [-1000, -2000, -3000, -4000, -5000, -3000, -4000, -5000, -3000, -4000,
                -5000, -3000, -3000, -3000, 0]
    assert flow.balance[:, 0].tolist() == [v * EUR for v in expected]
    # the need peaks at five months of cost, at the end of May, August and November
    assert peak_prefinancing(flow.balance).tolist() == [5000 * EUR]
    assert months_negative(flow.balance).tolist() == [14]


@pytest.mark.parametrize(("counted_from", "peak"), [(0, 5000), (5, 5000), (11, 5000),
                                                    (12, 3000), (14, 3000), (15, 0),
                                                    (20, 0)])
def test_the_peak_is_taken_from_the_first_forecast_month_on(counted_from: int, peak: int):
    # the worked example's balance (in thousands: -1 -2 -3 -4 -5 -3 -4 -5 -3 -4 -5 -3 -3
    # -3 0): a re-forecast counts its peak from its first forecast month on, the balance
    # carried in from the last actual month included (from December, 11: November's -5;
    # from March, 14, the month of the last payment: February's -3, still outstanding);
    # past the last payment (15, or any later --as-of), the balance it ends with;
    # months_negative counts every month
    cost = np.full((12, 1), 1000 * EUR, dtype=np.int64)
    terms = CashTerms((Payment(every="quarter", lag_months=2),), 1)
    flow = cash_flow_many(constant(12, 1000 * EUR)[None], cost[None], [terms])
    program, per = cash_metrics_many(flow, counted_from)
    assert program["peak_prefinancing"].tolist() == [float(peak)]
    assert per["peak_prefinancing"].tolist() == [[float(peak)]]
    assert program["months_negative"].tolist() == [14.0]


def test_without_terms_the_funder_pays_in_the_month_the_cost_arises():
    rng = np.random.default_rng(1)
    amount = rng.integers(0, 10**6, size=(7, 3, 2))
    cost = amount.sum(axis=-1) + 5
    flow = cash_flow(amount, cost, [None, None], start_month=4)
    assert np.array_equal(flow.inflow, amount)
    assert flow.balance[-1].tolist() == [-5 * 7] * 3


def test_retention_released_after_the_period_returns_to_minus_the_gap_to_the_cent():
    # 1,234.57 EUR a month for 10 months from March; the funder pays 80 % (987.66),
    # monthly in arrears, holds back 10 % of each payment (98.77, rounded half up) and
    # releases it 6 months after the period ends (month 10 + 6 = 16).
    cost = np.full((10, 1), 123457, dtype=np.int64)
    amount = constant(10, 98766)
    terms = Payment(every="month", timing="arrears", retention=0.1, final_after_months=6)
    flow = cash_flow(amount, cost, [terms], start_month=3)
    assert flow.inflow.shape[0] == 17
    assert flow.inflow[1:11, 0, 0].tolist() == [98766 - 9877] * 10
    assert flow.inflow[16, 0, 0] == 10 * 9877
    assert flow.balance[-1, 0] == -(123457 - 98766) * 10  # minus the funding gap
    assert flow.balance[15, 0] == flow.balance[-1, 0] - 10 * 9877


@pytest.mark.parametrize("advance", [0, 1])
def test_retention_rounds_half_a_cent_up_where_floats_hold_it_below(advance: int):
    # a claim of 1,000.50 EUR with 29 % held back: 290.145 EUR, which rounds up to
    # 290.15 (0.29 x 100,050 cents is 29,014.4999... in floats); 710.35 paid, the
    # 290.15 at the final statement (with an advance of 0.01 EUR too: 710.34 then)
    amount = constant(1, 100_050)
    terms = Payment(every="month", retention=0.29, final_after_months=3, advance=advance / 100)
    flow = cash_flow(amount, amount[..., 0], [terms], start_month=1)
    assert flow.inflow[:, 0, 0].tolist() == [advance, 71_035 - advance, 0, 0, 29_015]


def test_an_advance_is_offset_against_the_first_payments():
    # 1,000 EUR a month, paid monthly in arrears, with an advance of 2,500 EUR at the start:
    # January's and February's claims are absorbed whole, March's is paid 500 EUR.
    cost = np.full((12, 1), 1000 * EUR, dtype=np.int64)
    terms = Payment(every="month", timing="arrears", advance=2500)
    flow = cash_flow(constant(12, 1000 * EUR), cost, [terms], start_month=1)
    assert flow.inflow[:5, 0, 0].tolist() == [2500 * EUR, 0, 0, 500 * EUR, 1000 * EUR]
    assert flow.balance[:4, 0].tolist() == [1500 * EUR, 500 * EUR, -500 * EUR, -1000 * EUR]
    assert flow.balance[-1, 0] == 0
    assert peak_prefinancing(flow.balance).tolist() == [1000 * EUR]


def test_an_advance_the_payments_never_absorb_is_paid_back_at_the_final_statement():
    cost = np.full((2, 1), 1000 * EUR, dtype=np.int64)
    terms = Payment(every="year", timing="arrears", advance=5000, final_after_months=1)
    flow = cash_flow(constant(2, 1000 * EUR), cost, [terms], start_month=1)
    assert flow.inflow[:, 0, 0].tolist() == [5000 * EUR, 0, 0, -3000 * EUR]


def test_an_advance_the_payments_absorb_makes_no_final_statement():
    # 1,000 EUR of cost a month for 12 months, half paid by a funder monthly in arrears
    # with a 1,000 EUR advance and final_after_months 6, no retention: January's and
    # February's claims absorb the advance, the last claim (December's) is paid in
    # January 2014 and nothing is left to settle, so the cash flow ends there (13 months,
    # not 19) and the balance is below zero from February on: 12 months, not 18
    cost = np.full((12, 1), 1000 * EUR, dtype=np.int64)
    terms = Payment(every="month", advance=1000, final_after_months=6)
    flow = cash_flow(constant(12, 500 * EUR), cost, [terms], start_month=1)
    assert flow.inflow[:, 0, 0].tolist() == [1000 * EUR, 0, 0] + [500 * EUR] * 10
    assert flow.balance[-1, 0] == -6000 * EUR  # minus the gap
    assert months_negative(flow.balance).tolist() == [12]


def test_only_a_replication_whose_advance_is_unused_runs_on_to_pay_it_back():
    # two months from January, claimed per year in arrears, 5,000 EUR advance, settled a
    # month after the period: 2 x 1,000 leave 3,000 to pay back in month 3 (4 months);
    # 2 x 3,000 absorb it and the year's 1,000 is paid in month 2 (3 months)
    terms = CashTerms((Payment(every="year", advance=5000, final_after_months=1),), 1)
    amount = np.stack([constant(2, 1000 * EUR), constant(2, 3000 * EUR)])
    flow = cash_flow_many(amount, amount[..., 0], [terms, terms])
    assert flow.months.tolist() == [4, 3]
    assert flow.inflow[:, :, 0, 0].tolist() == [[5000 * EUR, 0, 0, -3000 * EUR],
                                                [5000 * EUR, 0, 1000 * EUR, 0]]


def _jc_and_esf(esf_amount: int, esf: Payment) -> tuple:
    """12 months from January 2026, 1,000 EUR of cost a month; a Jobcenter pays 600 EUR a
    month monthly in arrears with a 1-month lag (December's in month 13: 2027-02), an
    ESF grant ``esf_amount`` cents a month on ``esf``'s terms: its flow and balance."""
    amount = np.zeros((12, 1, 2), dtype=np.int64)
    amount[..., 0] = 600 * EUR
    amount[..., 1] = esf_amount
    cost = np.full((12, 1), 1000 * EUR, dtype=np.int64)
    jc = Payment(every="month", lag_months=1)
    return cash_flow(amount, cost, [jc, esf], start_month=1)


ESF = Payment(every="quarter", lag_months=2, retention=0.1, final_after_months=6)


@pytest.mark.parametrize("esf", [
    ESF,  # a retention on nothing: 10 % of 0
    ESF.model_copy(update={"retention": 0.0, "lag_months": 4}),  # a last claim of 0
    ESF.model_copy(update={"advance": 500}),  # a funder paid nothing pays no advance
])
def test_a_funder_that_pays_nothing_adds_no_month(esf: Payment):
    # the ESF is paid nothing (it covers a cost of 0, or starts after the period): its
    # last claim (2027-02 + lag) and its final statement (2027-07) pay nothing, so the
    # cash flow ends with the Jobcenter's last payment in 2027-02 (14 months, not 17 with
    # the lag of 4 or 19 with the statement), and the balance, ending at minus the gap of 400 EUR a month, is below zero in
    # each of them
    flow = _jc_and_esf(0, esf)
    assert flow.inflow.shape == (14, 1, 2)
    assert flow.inflow[-1, 0].tolist() == [600 * EUR, 0]
    assert flow.balance[-1, 0] == -4800 * EUR
    assert months_negative(flow.balance).tolist() == [14]


def test_an_advance_that_the_retention_cancels_makes_no_final_statement():
    # the ESF pays 300 EUR a month (3,600 EUR) with an advance of the whole 3,600 EUR and
    # 10 % retained: its claims (3 x 810 after retention) are absorbed, the unused 360 EUR
    # to pay back and the 360 EUR retained cancel, so the statement in 2027-07 pays
    # nothing and the cash flow ends with the Jobcenter's payment in 2027-02: 14 months
    flow = _jc_and_esf(300 * EUR, ESF.model_copy(update={"advance": 3600}))
    assert flow.inflow.shape == (14, 1, 2)
    assert flow.inflow[:, 0, 1].tolist() == [3600 * EUR] + [0] * 13
    assert flow.balance[-1, 0] == -1200 * EUR  # minus the gap of 100 EUR a month
    # 2,600 in January (3,600 - 1,000), 1,600 in February (January's 600 from the
    # Jobcenter comes in March), then 400 less a month: 0 in June, below zero from July
    # (-400) to 2027-02 (-1,200): 8 months, not 13 (to a statement in 2027-07)
    assert flow.balance[:, 0].tolist()[:7] == [
        v * EUR for v in (2600, 1600, 1200, 800, 400, 0, -400)]
    assert months_negative(flow.balance).tolist() == [8]


def test_the_advance_is_split_among_providers_in_proportion_to_their_amounts():
    amount = np.array([[[100 * EUR], [200 * EUR], [0]]], dtype=np.int64)  # 1 month, 3 prov.
    terms = Payment(every="month", timing="arrears", advance=100)
    flow = cash_flow(amount, amount[..., 0], [terms], start_month=1)
    assert flow.inflow[0, :, 0].tolist() == [3333, 6667, 0]
    assert flow.inflow.sum(axis=0)[:, 0].tolist() == [100 * EUR, 200 * EUR, 0]


def test_claim_periods_are_calendar_periods_cut_at_the_period_start():
    assert claim_index(7, 2, "quarter").tolist() == [0, 0, 1, 1, 1, 2, 2]  # Feb-Mar, Apr-Jun
    assert claim_index(4, 11, "year").tolist() == [0, 0, 1, 1]
    assert claim_index(3, 5, "month").tolist() == [0, 1, 2]


@pytest.mark.parametrize(("lag", "month"), [(0, 3), (0.5, 3), (1.999, 4), (2, 5), (2.5, 5)])
def test_a_fractional_lag_lands_in_the_month_it_ends_in(lag: float, month: int):
    amount = constant(3, 100)  # January-March, claimed as one quarter
    flow = cash_flow(amount, amount[..., 0], [Payment(every="quarter", lag_months=lag)], 1)
    assert int(np.flatnonzero(flow.inflow[:, 0, 0])[0]) == month


def test_paid_in_advance_at_the_start_of_the_claim_period():
    amount = constant(6, 100)
    terms = Payment(every="quarter", timing="advance", lag_months=1)
    flow = cash_flow(amount, amount[..., 0], [terms], start_month=1)
    assert flow.inflow[:, 0, 0].tolist() == [0, 300, 0, 0, 300, 0]


@pytest.mark.parametrize(("begin", "lag", "paid"), [
    (4, 0, {4: 200, 6: 300, 9: 300}),  # from May: May-June claimed in May, not April
    (4, 1, {5: 200, 7: 300, 10: 300}),
    (3, 0, {3: 300, 6: 300, 9: 300}),  # from April: the quarter is whole
    (5, 0.5, {5: 100, 6: 300, 9: 300}),  # from June: 5.5 lands in June
])
def test_paid_in_advance_never_before_the_funders_from(begin: int, lag: float, paid: dict):
    # 12 months from January; the funder pays 1.00 EUR a month from its `from` (month
    # ``begin``), claimed per quarter in advance: the quarter its `from` cuts is claimed
    # from that month, the rest at their starts, plus the lag
    amount = np.zeros((12, 1, 1), dtype=np.int64)
    amount[begin:] = 100
    terms = Payment(every="quarter", timing="advance", lag_months=lag)
    flow = cash_flow(amount, amount[..., 0], [terms], start_month=1, begins=[begin])
    assert {m: int(v) for m, v in enumerate(flow.inflow[:, 0, 0]) if v} == paid


@pytest.mark.parametrize(("end", "lag", "paid"), [
    (11, 0, {3: 300, 6: 300, 9: 300, 11: 200}),  # until November: Oct-Nov paid after Nov
    (11, 1, {4: 300, 7: 300, 10: 300, 12: 200}),
    (9, 0, {3: 300, 6: 300, 9: 300}),  # until September: the quarter is whole
    (12, 0, {3: 300, 6: 300, 9: 300, 12: 300}),  # the period's end, as before
])
def test_paid_in_arrears_after_the_funders_until(end: int, lag: float, paid: dict):
    # 12 months from January; the funder pays 1.00 EUR a month until its `until` (month
    # ``end`` - 1), claimed per quarter in arrears: its last quarter is cut at its
    # `until` as the period's end cuts the period's last one, so the claim for October
    # and November is paid after November (plus the lag), not after December
    amount = np.zeros((12, 1, 1), dtype=np.int64)
    amount[:end] = 100
    terms = Payment(every="quarter", timing="arrears", lag_months=lag)
    flow = cash_flow(amount, amount[..., 0], [terms], start_month=1, ends=[end])
    assert {m: int(v) for m, v in enumerate(flow.inflow[:, 0, 0]) if v} == paid


@st.composite
def payments(draw: st.DrawFn) -> Payment | None:
    if draw(st.booleans()):
        return None
    return Payment(every=draw(st.sampled_from(["month", "quarter", "year"])),
                   timing=draw(st.sampled_from(["advance", "arrears"])),
                   lag_months=draw(st.floats(0, 14, allow_nan=False)),
                   retention=draw(st.floats(0, 1, allow_nan=False)),
                   final_after_months=draw(st.floats(0, 14, allow_nan=False)),
                   advance=draw(st.sampled_from([0.0, 0.01, 1234.56, 10**6])))


@st.composite
def cases(draw: st.DrawFn) -> tuple:
    months = draw(st.integers(1, 30))
    providers = draw(st.integers(1, 3))
    funders = draw(st.integers(1, 3))
    amount = np.array(draw(st.lists(st.integers(0, 10**9), min_size=months * providers * funders,
                                    max_size=months * providers * funders)),
                      dtype=np.int64).reshape(months, providers, funders)
    gap = np.array(draw(st.lists(st.integers(0, 10**7), min_size=months * providers,
                                 max_size=months * providers)),
                   dtype=np.int64).reshape(months, providers)
    terms = [draw(payments()) for _ in range(funders)]
    return amount, amount.sum(axis=-1) + gap, terms, draw(st.integers(1, 12))


@given(cases())
def test_money_is_conserved_in_the_cash_flow(case: tuple):
    amount, cost, terms, start = case
    flow = cash_flow(amount, cost, terms, start)
    # every funder pays each provider exactly its amounts, to the cent
    assert np.array_equal(flow.inflow.sum(axis=0), amount.sum(axis=0))
    assert np.array_equal(flow.outflow.sum(axis=0), cost.sum(axis=0))
    assert np.array_equal(flow.balance[-1], amount.sum(axis=(0, 2)) - cost.sum(axis=0))
    assert flow.inflow.dtype == np.int64
    # the months run on to the last payment, and no further
    assert flow.inflow.shape[0] >= amount.shape[0]
    if flow.inflow.shape[0] > amount.shape[0]:
        assert any(t is not None for t in terms)


@given(cases(), st.floats(0, 6, allow_nan=False))
def test_a_longer_lag_in_arrears_never_lowers_the_need(case: tuple, extra: float):
    amount, cost, terms, start = case
    arrears = [Payment(every=(t or Payment()).every, lag_months=(t or Payment()).lag_months,
                       retention=(t or Payment()).retention) for t in terms]
    later = [t.model_copy(update={"lag_months": t.lag_months + extra}) for t in arrears]
    sooner = cash_flow(amount, cost, arrears, start)
    slower = cash_flow(amount, cost, later, start)
    assert np.all(peak_prefinancing(slower.balance) >= peak_prefinancing(sooner.balance))
    # in arrears, no funder ever pays ahead of the costs it covers
    paid = np.cumsum(sooner.inflow, axis=0)[:amount.shape[0]]
    assert np.all(paid <= np.cumsum(amount, axis=0))


def test_the_lag_is_a_parameter_path_for_set_and_uncertainty(small_data: dict, tmp_path):
    from finsim.montecarlo import RunSpec, run
    from finsim.scenario import ScenarioError, load_scenario, scenario_from_dict

    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(small_data))
    scn = load_scenario(path, ["funding.land_esf.payment.lag_months=2.5"])
    assert scn.funding[1].payment == Payment(lag_months=2.5)  # monthly, in arrears
    data = {**small_data, "uncertainty": {
        "funding.land_esf.payment.lag_months": {"dist": "uniform", "low": 0, "high": 6}}}
    data["funding"] = [{**f, "payment": {"every": "quarter"}} if f["id"] == "land_esf" else f
                       for f in data["funding"]]
    result = run(RunSpec(scenario_from_dict(data), replications=4, seed=1), jobs=1)
    lags = result.replications["funding.land_esf.payment.lag_months"]
    assert lags.nunique() == 4 and lags.between(0, 6).all()
    data["funding"] = small_data["funding"]  # no payment block to draw in
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert "uncertainty.funding.land_esf.payment.lag_months: not a parameter path: " \
           "'lag_months' is in a block the scenario does not give" in str(caught.value)


@given(cases(), st.sampled_from(["month", "quarter", "year"]),
       st.sampled_from(["advance", "arrears"]), st.floats(0, 14, allow_nan=False),
       st.sampled_from([0.0, 0.05, 0.1, 0.333, 1.0]), st.floats(0, 12, allow_nan=False))
def test_claims_paid_whole_are_the_general_rule_without_an_advance(
        case: tuple, every: str, timing: str, lag: float, retention: float, final: float):
    """Terms without an advance take a short path (each claim paid in its month, less
    the part held back, which is paid at the final statement); it gives exactly what the
    general rule gives for them."""
    amount, _, _, start = case
    terms = Payment(every=every, timing=timing, lag_months=lag, retention=retention,
                    final_after_months=final)
    months, providers = amount.shape[:2]
    length = cash_months([terms], months, start)
    group = funder_terms([CashTerms((terms,), start)], 0, months)[0]
    first, _ = _claim_bounds(months, start, every)
    for f in range(amount.shape[2]):
        claims = np.add.reduceat(amount[None, ..., f], first, axis=1)
        general = _held_or_advanced(claims, group,
                                    np.zeros((1, length, providers), dtype=np.int64))
        short = funder_inflow(amount[None, ..., f], group, start,
                              np.zeros((1, length, providers), dtype=np.int64))
        assert np.array_equal(short, general)


@pytest.mark.parametrize("lag", [1, 3, 6])
def test_a_funder_that_stops_early_is_done_after_its_own_last_claim(lag: int):
    # 60 months from January 2026; a monthly funder pays each month the month after (its
    # last payment, December 2030's, in month 60: 2031-01); a quarterly ESF grant stops
    # after 2029-12 (ends at month 48) and pays lag months after each quarter, holding
    # back 10 % until 6 months after its end. Its last claim, Q4 2029, ends at the start
    # of month 48 and is paid in month 48 + lag, the retention in month 54 (2030-07):
    # the cash flow ends with the monthly funder's payment, whatever the ESF lag.
    monthly = Payment(every="month", lag_months=0)
    esf = Payment(every="quarter", lag_months=lag, retention=0.1, final_after_months=6)
    assert cash_months([monthly, esf], 60, 1, ends=[60, 48]) == 61
    # alone, in a period of 50 months: the retention is paid last, or without one the
    # last claim (never before the period's end)
    assert cash_months([esf], 50, 1, ends=[48]) == 55
    plain = esf.model_copy(update={"retention": 0.0})
    assert cash_months([plain], 50, 1, ends=[48]) == max(50, 48 + lag + 1)
    amount = np.zeros((60, 1, 1), dtype=np.int64)
    amount[:48] = 100 * EUR
    flow = cash_flow(amount, amount[..., 0], [esf], start_month=1, ends=[48])
    paid = np.zeros(flow.inflow.shape[0], dtype=np.int64)
    paid[np.arange(3, 49, 3) + lag] += 270 * EUR  # each quarter's 300.00 less 10 %
    paid[54] += 16 * 30 * EUR  # the retention
    assert np.array_equal(flow.inflow[:, 0, 0], paid) and flow.balance[-1, 0] == 0


def test_an_advance_is_paid_in_the_funders_own_first_month():
    # a grant that starts paying in July (month 6) of a 12-month period: 100.00 EUR a
    # month from July, claimed monthly in arrears, with a 250.00 advance. The advance
    # arrives in July, when the grant begins, not in January before it exists; July's and
    # August's claims and half of September's absorb it, the rest is paid as claimed:
    # 50.00 in October (September's half), then 100.00 in November, December and January.
    amount = np.zeros((12, 1, 1), dtype=np.int64)
    amount[6:] = 100 * EUR
    terms = Payment(every="month", timing="arrears", advance=250)
    flow = cash_flow(amount, amount[..., 0], [terms], start_month=1, begins=[6])
    paid = {m: int(v) for m, v in enumerate(flow.inflow[:, 0, 0]) if v}
    assert paid == {6: 250 * EUR, 9: 50 * EUR, 10: 100 * EUR, 11: 100 * EUR, 12: 100 * EUR}
    assert flow.balance[:6, 0].tolist() == [0] * 6  # nothing owed, nothing paid ahead


def test_a_funders_first_month_is_its_from_within_the_period():
    from finsim.funding.cashflow import cash_terms
    from finsim.scenario import scenario_from_dict
    from tests.test_ledger_support import BASE, deep_update

    terms = {"every": "month", "advance": 100}
    scn = scenario_from_dict(deep_update(BASE, {"funding": [
        {"id": "always", "covers": {"wages": 0.1}, "payment": terms},
        {"id": "earlier", "from": "2012-03", "covers": {"wages": 0.1}, "payment": terms},
        {"id": "july", "from": "2013-07", "covers": {"wages": 0.1}, "payment": terms},
        {"id": "later", "from": "2016-01", "covers": {"wages": 0.1}, "payment": terms},
    ]}))
    assert cash_terms(scn).begins == (0, 0, 6, 23)  # a 24-month period from 2013-01


@pytest.mark.parametrize(("final", "settled"), [(0, 14), (2, 14), (2.5, 14), (3, 15), (6, 18)])
def test_the_final_statement_never_comes_before_the_last_claim_is_paid(final: float,
                                                                       settled: int):
    # 12 months from January, 1,000.00 EUR a month, claimed per quarter in arrears with a
    # lag of 2 and 10 % held back: each quarter's 3,000.00 is paid 2,700.00 in months 5,
    # 8, 11 and 14 (Q4 in 2014-03). The retention, 4 x 300.00, comes final_after_months
    # after the period (month 12 + final), but never before Q4's claim: with 0, 2 or 2.5
    # in month 14 with it (not 12 or 13); with 3 or 6 in month 15 or 18 as before
    cost = np.full((12, 1), 1000 * EUR, dtype=np.int64)
    terms = Payment(every="quarter", lag_months=2, retention=0.1, final_after_months=final)
    flow = cash_flow(constant(12, 1000 * EUR), cost, [terms], start_month=1)
    paid = {m: int(v) for m, v in enumerate(flow.inflow[:, 0, 0]) if v}
    claims = {5: 2700 * EUR, 8: 2700 * EUR, 11: 2700 * EUR, 14: 2700 * EUR}
    assert paid == {**claims, settled: claims.get(settled, 0) + 1200 * EUR}
    assert flow.inflow.shape[0] == settled + 1 and flow.balance[-1, 0] == 0


def test_an_unused_advance_is_paid_back_no_earlier_than_the_last_claim():
    # the same claims with a 20,000.00 EUR advance and no retention: the four claims of
    # 3,000.00 absorb 12,000.00, the 8,000.00 left is paid back with the final statement,
    # in month 14 with Q4's claim (final_after_months 0 would say month 12)
    cost = np.full((12, 1), 1000 * EUR, dtype=np.int64)
    terms = Payment(every="quarter", lag_months=2, advance=20_000, final_after_months=0)
    flow = cash_flow(constant(12, 1000 * EUR), cost, [terms], start_month=1)
    paid = {m: int(v) for m, v in enumerate(flow.inflow[:, 0, 0]) if v}
    assert paid == {0: 20_000 * EUR, 14: -8000 * EUR}
    assert flow.inflow.shape[0] == 15 and flow.balance[-1, 0] == 0


def test_a_drawn_lag_moves_each_replications_final_statement_to_its_own_last_claim():
    # final_after_months 1 after a 12-month period (month 13), quarterly in arrears with
    # 10 % held back; lags drawn 1, 2.5 and 4: the last claim (Q4, due at month 12) is
    # paid in months 13, 14 and 16, and the retention of 4 x 300.00 with it, or at 13
    quarter = dict(every="quarter", retention=0.1, final_after_months=1)
    terms = [CashTerms((Payment(**quarter, lag_months=lag),), 1) for lag in (1, 2.5, 4)]
    amount = np.stack([constant(12, 1000 * EUR)] * 3)
    flow = cash_flow_many(amount, amount[..., 0], terms)
    assert flow.months.tolist() == [14, 15, 17]
    for r, last in enumerate((13, 14, 16)):
        assert flow.inflow[r, last, 0, 0] == 2700 * EUR + 1200 * EUR
        assert flow.inflow[r, :, 0, 0].sum() == 12_000 * EUR


def test_late_statements_name_the_funders_whose_final_after_months_is_too_short():
    from finsim.funding.cashflow import late_statements

    esf = Payment(every="quarter", lag_months=2, retention=0.1, final_after_months=0)
    plain = esf.model_copy(update={"retention": 0.0})  # no final statement to move
    monthly = Payment(every="month", retention=0.1, final_after_months=0)  # paid at 12
    ok = esf.model_copy(update={"final_after_months": 2})  # month 14, with the claim
    terms = CashTerms((esf, plain, monthly, ok, None), 1)
    assert late_statements(terms, 12) == [(0, 12, 14)]

"""Payment terms through a whole replication and a whole run: hand-worked needs, unchanged
cost ledgers, conserved money, and the results folder's cash-flow files."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsim.montecarlo import RunSpec, run
from finsim.replication import compile_program, metric_names, provider_metric_names, replicate
from finsim.report.files import write_run
from finsim.scenario import scenario_from_dict
from finsim.scenario.paths import deep_merge

WAGE = 10 * 39 * 52 / 12 * 1.2  # 2,028.00 EUR a month for the one participant


ONE_DRAW = ("one replication: each quantile is that one draw, so every 90 % interval has "
            "no width, whatever the spread; use -n 2 or more")


def one_slot(payment: dict | None, share: float = 1.0) -> dict:
    """One slot, filled from the start for the whole year, nobody leaves: a constant cost
    of one wage a month, a funder paying ``share`` of it under ``payment``."""
    funder = {"id": "esf", "covers": {"wages": share}}
    if payment is not None:
        funder["payment"] = payment
    return {
        "name": "one slot", "period": {"start": "2013-01", "months": 12},
        "participants": {"referrals_per_month": 0, "initial": 1},
        "employment": {"max_months": 60},
        "providers": [{"id": "p", "slots": 1}],
        "costs": {"wages": {"hourly": 10, "hours_per_week": 39,
                            "employer_contributions": 0.2}},
        "funding": [funder],
    }


def metrics_of(data: dict, seed: int = 0) -> dict[str, float]:
    scn = scenario_from_dict(data)
    outcome = replicate(compile_program(scn), np.random.SeedSequence(seed))
    return dict(zip(metric_names(scn), outcome.metric_values, strict=True))


def test_one_slot_quarterly_in_arrears_with_a_two_month_lag_needs_five_wages():
    # Q1's three wages arrive in June (month 5), so by the end of May five wages are out
    # and nothing is in; the same holds at the end of August and November. After the
    # year, the balance waits for Q4's money until March of the next year.
    got = metrics_of(one_slot({"every": "quarter", "timing": "arrears", "lag_months": 2}))
    assert got["peak_prefinancing"] == pytest.approx(5 * WAGE, abs=0.001)
    assert got["peak_prefinancing"] == 10140.00
    assert got["months_negative"] == 14  # January of the year to February of the next
    assert got["funding_esf"] == 12 * WAGE


def test_retention_released_after_the_period_leaves_exactly_minus_the_gap():
    scn = scenario_from_dict(one_slot({"every": "quarter", "lag_months": 1, "retention": 0.1,
                                       "final_after_months": 3}, share=0.8))
    outcome = replicate(compile_program(scn), np.random.SeedSequence(0))
    got = dict(zip(metric_names(scn), outcome.metric_values, strict=True))
    balance = np.cumsum(outcome.cashflow[:, 0, 1] - outcome.cashflow[:, 0, 0])
    assert round(balance[-1], 2) == -round(got["funding_gap"], 2) == -4867.20  # 12 x 405.60
    assert outcome.cashflow.shape[0] == 16  # the retention arrives in month 12 + 3
    assert round(outcome.cashflow[15, 0, 1], 2) == round(0.1 * 12 * 0.8 * WAGE, 2)


payments = st.fixed_dictionaries({
    "every": st.sampled_from(["month", "quarter", "year"]),
    "timing": st.sampled_from(["advance", "arrears"]),
    "lag_months": st.floats(0, 12), "retention": st.floats(0, 1),
    "final_after_months": st.floats(0, 12), "advance": st.sampled_from([0, 5000, 10**6])})


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(terms=st.lists(st.one_of(st.none(), payments), min_size=3, max_size=3),
       seed=st.integers(0, 2**32 - 1))
def test_payment_terms_never_change_the_cost_ledger_and_conserve_money(
        small_data: dict, terms: list, seed: int):
    plain = scenario_from_dict(small_data)
    funding = [f if t is None else {**f, "payment": t}
               for f, t in zip(small_data["funding"], terms, strict=True)]
    timed = scenario_from_dict({**small_data, "funding": funding})
    before = replicate(compile_program(plain), np.random.SeedSequence(seed))
    after = replicate(compile_program(timed), np.random.SeedSequence(seed))
    assert np.array_equal(before.ledger, after.ledger)  # every amount, to the cent
    names = metric_names(plain)
    cash = [names.index(k) for k in ("peak_prefinancing", "months_negative")]
    rest = [i for i in range(len(names)) if i not in cash]
    assert np.array_equal(before.metric_values[rest], after.metric_values[rest],
                          equal_nan=True)
    # money conserved: each funder's inflows over all months = its amounts, to the cent
    amounts = after.ledger.sum(axis=(0, 2))  # whole cents [providers, funders + gap]
    inflows = np.rint(after.cashflow[:, :-1, 1:].sum(axis=0) * 100)
    assert np.array_equal(inflows, amounts[:, :-1])
    # the balance ends at minus the gap, to the cent
    program = after.cashflow[:, -1]
    end = np.rint(program[:, 1:].sum() * 100) - np.rint(program[:, 0].sum() * 100)
    assert end == -amounts[:, -1].sum()


def test_a_run_writes_the_cash_flow_and_its_metrics(small_data: dict, tmp_path):
    data = deep_merge(small_data, {"funding": [
        {"id": "jobcenter", "payment": {"every": "month"}},
        {"id": "land_esf", "payment": {"every": "quarter", "lag_months": 2,
                                       "retention": 0.1, "final_after_months": 6}}]})
    result = run(RunSpec(scenario_from_dict(data), replications=6, seed=3), jobs=1)
    write_run(result, tmp_path, [])
    cash = pd.read_csv(tmp_path / "cashflow.csv")
    assert list(cash.columns) == ["month", "provider", "outflow", "inflow", "net", "balance",
                                  "inflow_jobcenter", "inflow_land_esf", "inflow_employers"]
    assert cash["month"].iloc[-1] == "2015-07"  # 24 months from 2013-01, then 6 more
    program = cash[cash["provider"] == "all"]
    summary = pd.read_csv(tmp_path / "summary.csv").set_index("metric")["mean"]
    for funder in ("jobcenter", "land_esf", "employers"):
        assert program[f"inflow_{funder}"].sum() == pytest.approx(
            summary[f"funding_{funder}"], abs=0.01 * len(program))
    assert program["balance"].iloc[-1] == pytest.approx(-summary["funding_gap"], abs=0.5)
    assert -program["balance"].min() <= summary["peak_prefinancing"] + 0.01
    providers = pd.read_csv(tmp_path / "providers.csv")
    assert set(providers.loc[providers["metric"] == "peak_prefinancing", "provider"]) == \
        {"alpha", "beta"}
    assert (tmp_path / "cashflow.png").stat().st_size > 10_000
    assert "peak_prefinancing" in provider_metric_names(result.scenario)


@pytest.mark.parametrize(("lag", "land_last"),
                         [(1, "2014-10"), (3, "2014-10"), (6, "2015-01")])
def test_the_cash_flow_ends_with_the_last_payment_of_a_funder_that_stops_early(
        small_data: dict, tmp_path, lag: int, land_last: str):
    # 24 months from 2013-01; the Jobcenter pays each month the month after, the last in
    # 2015-01; the Land stops after 2014-06 (`until`), its last quarter paid `lag` months
    # after it ends (2014-08 to 2015-01), its retention in 2014-10: no month follows
    # 2015-01, however long the Land's lag (not 2014-12 + the lag)
    data = deep_merge(small_data, {"funding": [
        {"id": "jobcenter", "payment": {"every": "month"}},
        {"id": "land_esf", "until": "2014-06",
         "payment": {"every": "quarter", "lag_months": lag, "retention": 0.1,
                     "final_after_months": 3}}]})
    result = run(RunSpec(scenario_from_dict(data), replications=2, seed=3), jobs=1)
    write_run(result, tmp_path, [])
    cash = pd.read_csv(tmp_path / "cashflow.csv")
    assert cash["month"].iloc[-1] == "2015-01"
    land = cash.loc[(cash["provider"] == "all") & (cash["inflow_land_esf"] != 0), "month"]
    assert land.iloc[-1] == land_last


def test_without_payment_terms_only_the_gap_is_pre_financed(small_data: dict):
    # without the remainder funder the providers carry a gap, month by month: the balance
    # only falls, so the need is the whole gap and every month with a cost is negative
    data = {**small_data, "funding": small_data["funding"][:2]}
    got = metrics_of(data, seed=5)
    assert got["funding_gap"] > 0
    assert got["peak_prefinancing"] == pytest.approx(got["funding_gap"], abs=1e-6)
    assert got["months_negative"] == 24


def test_size_reports_the_credit_line_each_provider_needs(tmp_path):
    import yaml

    from finsim.commands import JobOptions, SizeOptions, size_job
    from finsim.report.cashflow import credit_line

    data = one_slot({"every": "quarter", "timing": "arrears", "lag_months": 2})
    data["providers"] = [{"id": "p", "slots": 1}, {"id": "q", "slots": 1}]
    data["participants"]["initial"] = 2
    path = tmp_path / "one.yaml"
    path.write_text(yaml.safe_dump(data))
    outcome = size_job(path, JobOptions(replications=3, out=tmp_path / "out", command=[]),
                       SizeOptions("2013-01", 12, 0.9))
    credit = pd.read_csv(tmp_path / "out" / "credit.csv").set_index("provider")
    # each provider carries its one wage a month: five wages by hand (see above), whatever Q
    assert credit.loc["p", "credit_line"] == credit.loc["q", "credit_line"] == 10140.00
    assert credit.loc["all", "credit_line"] == 20280.00
    assert outcome.credit.set_index("provider").loc["all", "credit_line"] == 20280.00
    assert credit_line(outcome.credit) == ("Credit line needed at 90% confidence (EUR): "
                                           "p 10,140, q 10,140; all providers' cash pooled "
                                           "20,280")


def test_the_pooled_peaks_interval_is_over_every_replication_beyond_the_sample(
        small_data: dict, monkeypatch):
    """With a percentile sample of 10 of 30 replications, the program's peak is a program
    metric kept whole: the terminal line, the page and credit.csv's `all` row take its
    percentiles over all 30, as summary.csv does, not over the first 10."""
    from finsim.montecarlo import aggregate
    from finsim.report.amounts import money, number
    from finsim.report.cashflow import credit_lines, peak_line
    from finsim.report.html import peak_sentence

    monkeypatch.setattr(aggregate, "SAMPLE_REPLICATIONS", 10)
    monkeypatch.setattr(aggregate, "MIN_SAMPLE", 10)
    data = deep_merge(small_data, {"funding": [
        {"id": "land_esf", "payment": {"every": "quarter", "lag_months": 3}}]})
    result = run(RunSpec(scenario_from_dict(data), replications=30, seed=3), jobs=1)
    peak = result.metric("peak_prefinancing")
    low, high = np.percentile(peak, [5, 95])
    assert not np.allclose([low, high], np.percentile(peak[:10], [5, 95]))  # it matters
    at = result.metric_names.index("peak_prefinancing")
    assert [low, high] == [result.summary_stats["p05"][at], result.summary_stats["p95"][at]]
    assert f"(90 % interval {money(low)} – {money(high)})" in peak_line(result)
    assert f"{number(low, 'en')} – {number(high, 'en')}" in peak_sentence(result, "en")
    credit = credit_lines(result, 0.9)
    assert credit["credit_line"].iloc[-1] == round(float(np.quantile(peak, 0.9)), 2)


FINAL_AT_ONCE = ("funding.land_esf.payment.final_after_months: 0 months after the funder's "
                 "last month (2014-12) puts the final statement in 2015-01, before its last "
                 "claim is paid in 2015-03, so it comes in 2015-03, with the last claim: is "
                 "the value right?")


@pytest.mark.parametrize(("sets", "land"), [
    ([], {"2014-12": 210_035.80, "2015-01": 0.0, "2015-02": 0.0,
          "2015-03": 196_231.08 + 247_037.00}),
    (["funding.land_esf.payment.advance=3000000"],
     {"2014-12": 0.0, "2015-01": 0.0, "2015-02": 0.0, "2015-03": -529_630.10})])
def test_the_seeds_final_statement_comes_with_its_last_claim(tmp_path, sets: list, land: dict):
    """The seed with ``final_after_months: 0``: the Land's Q4-2014 claim (196,231.08 paid,
    10 % held back) arrives in 2015-03, the quarter's end plus the lag of 2; the final
    statement (the whole retention, 247,037.00, the 21,803.45 held back from Q4 too) came
    in 2015-01, before the claim it settles. Now it comes with it, and a warning says so
    before the work; with a 3,000,000 EUR advance its repayment nets the Q4 claim, so it
    too comes in 2015-03, not 2015-01."""
    from click.testing import CliRunner

    from finsim.cli import main

    from .conftest import ROOT

    args = ["run", str(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"), "-n", "1",
            "--no-uncertainty", "--jobs", "1", "--out", str(tmp_path / "r"),
            "--set", "funding.land_esf.payment.final_after_months=0"]
    for value in sets:
        args += ["--set", value]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    warned = [line for line in done.output.splitlines() if line.startswith("warning: ")]
    assert warned == [f"warning: {FINAL_AT_ONCE}", f"warning: {ONE_DRAW}"]  # said once each
    assert json.loads((tmp_path / "r" / "run.json").read_text())["warnings"] == [
        FINAL_AT_ONCE, ONE_DRAW]
    cash = pd.read_csv(tmp_path / "r" / "cashflow.csv")
    program = cash[cash["provider"] == "all"].set_index("month")
    assert program.index[-1] == "2015-03"
    for month, amount in land.items():
        assert round(program.loc[month, "inflow_land_esf"], 2) == round(amount, 2), month
    assert program.loc["2015-03", "balance"] == 0.0

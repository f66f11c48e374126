"""finsim sensitivity: ranges, common random numbers, hand arithmetic, rankings, the CLI.

Hand arithmetic on tests/fixtures/small.yaml: material is charged on every available
slot-month. alpha has 30 slots x 24 months = 720 slot-months at the program rate;
beta has 10 x 12 + 20 x 12 = 360 slot-months at its own 80 EUR, so
cost_material = 720 x rate + 28,800.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import finsim
from finsim.analysis.ranges import (
    check_metrics,
    check_params,
    default_metrics,
    parse_param,
    uncertainty_params,
)
from finsim.analysis.sensitivity import SensitivitySpec, analyze, design
from finsim.cli import main
from finsim.report.amounts import number
from finsim.report.labels import plain
from finsim.report.sensitivity import tornado_figure
from finsim.scenario import ScenarioError, load_scenario

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"
BETA_MATERIAL = 80 * 360


@pytest.fixture(scope="module")
def small():
    return load_scenario(SMALL)


def _spec(scn, params, metrics, method="oat", replications=20, samples=None):
    ranges = check_params(scn, [parse_param(p) for p in params])
    return SensitivitySpec(scn, ranges, tuple(metrics), method, replications, 7, samples)


def _row(table, parameter, metric):
    rows = table[(table["parameter"] == parameter) & (table["metric"] == metric)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_parse_param_sets_or_scales():
    """PATH=LOW:HIGH sets; PATH=*LOW:HIGH scales."""
    plain, scaled = parse_param("a.b=40:60"), parse_param("a.b=*0.9:1.1")
    assert (plain.path, plain.low, plain.high, plain.scaled) == ("a.b", 40, 60, False)
    assert (scaled.low, scaled.high, scaled.scaled) == (0.9, 1.1, True)


@pytest.mark.parametrize("text", ["a.b", "a.b=40", "a.b=x:60", "=1:2", "a.b=60:40",
                                  "a.b=5:5", "a.b=*1:nan"])
def test_parse_param_refuses_malformed_ranges(text):
    """A malformed range or LOW >= HIGH is the user's mistake."""
    with pytest.raises(ScenarioError):
        parse_param(text)


def test_oat_linear_parameter_matches_hand_arithmetic(small):
    """cost_material = 720 x rate + 28,800: 57,600 at 40 and 72,000 at 60, no noise."""
    table = analyze(_spec(small, ["costs.material.per_slot_month=40:60"],
                          ["cost_material"]), jobs=1).table
    row = _row(table, "costs.material.per_slot_month", "cost_material")
    assert row["metric_low"] == pytest.approx(720 * 40 + BETA_MATERIAL, abs=1e-6)
    assert row["metric_high"] == pytest.approx(720 * 60 + BETA_MATERIAL, abs=1e-6)
    assert row["swing"] == pytest.approx(14_400, abs=1e-6)
    # elasticity at base: slope 720 x base rate 50 / base cost 64,800
    assert row["elasticity"] == pytest.approx(720 * 50 / 64_800)
    assert row["se_low"] == row["se_high"] == row["se_swing"] == 0


def test_oat_scaling_a_schedule_scales_every_value(small):
    """beta's slots {10, 20} x 0.5 = {5, 10}: 80 x (5x12 + 10x12) + 50 x 720."""
    table = analyze(_spec(small, ["providers.beta.slots=*0.5:1"], ["cost_material"]),
                    jobs=1).table
    row = _row(table, "providers.beta.slots", "cost_material")
    assert row["metric_low"] == pytest.approx(80 * (5 * 12 + 10 * 12) + 50 * 720)
    assert row["metric_high"] == pytest.approx(64_800)


def test_whole_number_parameters_are_rounded_half_up(small):
    """alpha's 30 slots x 0.85 = 25.5 -> 26, x 1.15 = 34.5 -> 35."""
    table = analyze(_spec(small, ["providers.alpha.slots=*0.85:1.15"], ["cost_material"],
                          replications=2), jobs=1).table
    row = _row(table, "providers.alpha.slots", "cost_material")
    assert row["metric_low"] == pytest.approx(50 * 26 * 24 + BETA_MATERIAL)
    assert row["metric_high"] == pytest.approx(50 * 35 * 24 + BETA_MATERIAL)


def test_oat_parameter_that_cannot_matter_has_exactly_zero_swing(small):
    """Common random numbers: a cost rate cannot move placements, benefits not costs."""
    spec = _spec(small, ["costs.material.per_slot_month=40:60",
                         "passive_benefits.by_payer.city=300:400"],
                 ["exits_placement", "cost_total", "net_public_cost"])
    table = analyze(spec, jobs=1).table
    assert _row(table, "costs.material.per_slot_month", "exits_placement")["swing"] == 0
    assert _row(table, "passive_benefits.by_payer.city", "cost_total")["swing"] == 0
    assert _row(table, "passive_benefits.by_payer.city", "net_public_cost")["swing"] < 0


def test_oat_ranking_comes_out_in_known_order(small):
    """Wages +-10 % (swing 0.2 x wage cost) > material 40:60 (14,400) > benefits (0)."""
    from finsim.report.sensitivity import ranked

    spec = _spec(small, ["passive_benefits.by_payer.city=300:400",
                         "costs.material.per_slot_month=40:60",
                         "costs.wages.hourly=*0.9:1.1"], ["cost_total", "cost_wages"])
    result = analyze(spec, jobs=1)
    order = list(ranked(result, "cost_total")["parameter"])
    assert order == ["costs.wages.hourly", "costs.material.per_slot_month",
                     "passive_benefits.by_payer.city"]
    wages = _row(result.table, "costs.wages.hourly", "cost_wages")
    # linear in the wage up to the ledger's rounding to cents
    assert wages["swing"] == pytest.approx(0.2 * wages["metric_base"], abs=1.0)
    assert _row(result.table, "costs.wages.hourly", "cost_total")["swing"] == pytest.approx(
        wages["swing"], rel=1e-9)


def test_morris_linear_effect_is_exact_and_irrelevant_is_zero(small):
    """Elementary effects of a linear term are all 720 x 20: mu* exact, sigma 0."""
    spec = _spec(small, ["costs.material.per_slot_month=40:60",
                         "employment.hazards.placement=0.008:0.012"],
                 ["cost_material", "exits_placement"], "morris", replications=4, samples=4)
    table = analyze(spec, jobs=1).table
    material = _row(table, "costs.material.per_slot_month", "cost_material")
    assert material["mu_star"] == pytest.approx(14_400)
    assert material["sigma"] == pytest.approx(0, abs=1e-6)
    assert _row(table, "employment.hazards.placement", "cost_material")["mu_star"] == 0
    assert _row(table, "costs.material.per_slot_month", "exits_placement")["mu_star"] == 0
    assert _row(table, "employment.hazards.placement", "exits_placement")["mu_star"] > 0


def test_sobol_irrelevant_parameter_has_zero_total_index(small):
    """Saltelli: f(A) == f(AB_i) when parameter i does not matter, so ST_i is 0."""
    spec = _spec(small, ["costs.material.per_slot_month=40:60",
                         "employment.hazards.placement=0.008:0.012"],
                 ["cost_material"], "sobol", replications=3, samples=16)
    table = analyze(spec, jobs=1).table
    assert _row(table, "employment.hazards.placement", "cost_material")["ST"] == 0
    assert _row(table, "costs.material.per_slot_month", "cost_material")["ST"] > 0.8


def test_results_identical_for_any_jobs(small):
    """Each sample point is deterministic, so the pool changes nothing."""
    spec = _spec(small, ["costs.wages.hourly=*0.9:1.1",
                         "employment.hazards.dropout=0.01:0.02"],
                 ["cost_total"], "morris", replications=3, samples=2)
    one, two = analyze(spec, jobs=1), analyze(spec, jobs=2)
    assert one.table.equals(two.table)
    assert one.base.equals(two.base)


def test_progress_counts_the_points_in_order(small):
    """On one process and on two, each point is counted once as its result is taken."""
    spec = _spec(small, ["costs.wages.hourly=*0.9:1.1"], ["cost_total"], replications=2)
    for jobs in (1, 2):
        seen: list[int] = []
        result = analyze(spec, jobs, seen.append)
        assert seen == [1, 2, 3] and result.points == 3 and result.jobs == jobs


def test_noise_share_without_common_seeds_exceeds_the_crn_share(small):
    """The base point's SE^2 ignores common seeds; the interaction term does not."""
    spec = _spec(small, ["costs.wages.hourly=*0.99:1.01"], ["cost_total"],
                 replications=10)
    base = analyze(spec, jobs=1).base.iloc[0]
    assert base["se"] > 0
    assert base["noise_share"] > base["noise_share_crn"] >= 0


def test_uncertainty_ranges_are_10th_and_90th_percentiles(small):
    """uniform(0, 0.04): 0.004 and 0.036; triangular(0.005, 0.01, 0.02) closed form."""
    params = {p.path: p for p in uncertainty_params(small)}
    wage = params["costs.wages.annual_increase"]
    assert (wage.low, wage.high) == pytest.approx((0.004, 0.036))
    a, c, b = 0.005, 0.01, 0.02
    low = a + np.sqrt(0.1 * (b - a) * (c - a))
    high = b - np.sqrt(0.1 * (b - a) * (b - c))
    placement = params["employment.hazards.placement"]
    assert (placement.low, placement.high) == pytest.approx((low, high))


def test_default_metrics_name_every_funder(small):
    assert default_metrics(small) == ("cost_total", "funding_jobcenter", "funding_land_esf",
                                      "funding_employers", "funding_gap", "net_public_cost",
                                      "peak_prefinancing")
    assert check_metrics(small, ()) == default_metrics(small)


@pytest.mark.parametrize("param, message", [
    ("costs.material.per_slot=40:60", "no key 'per_slot'"),
    ("participants.mix=0:1", "not a number"),
    ("costs.material.per_slot_month=-10:40", "not allowed at"),
    ("funding.land_esf.covers.staff=0.5:1.5",
     "funding.land_esf.covers.staff=1.5: expected a share from 0 to 1"),
])
def test_bad_ranges_are_the_users_mistake(small, param, message):
    with pytest.raises(ScenarioError, match=message.replace("[", r"\[")):
        check_params(small, [parse_param(param)])


def test_unknown_metric_names_the_known_ones(small):
    with pytest.raises(ScenarioError, match="known: referrals.*cost_total") as err:
        check_metrics(small, ("cost_totl",))
    assert "did you mean 'cost_total'" in str(err.value)


def test_a_net_cost_asked_by_a_funder_s_id_names_its_budget():
    """``net_cost_city`` (the §16i file's city pays from the budget ``kommune``) was
    answered "did you mean 'net_cost_land'?", the nearest spelling and the wrong budget.
    Now the hint names the funder's own budget, for sensitivity and Run.metric alike."""
    scn = load_scenario(SMALL.parents[2] / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml")
    hint = ("did you mean 'net_cost_kommune'? The funder city pays from the budget kommune; "
            "its money is 'funding_city'")
    with pytest.raises(ScenarioError) as err:
        check_metrics(scn, ("net_cost_city",))
    assert str(err.value).endswith(hint)
    with pytest.raises(ScenarioError) as err:
        finsim.run(scn, replications=1, jobs=1).metric("net_cost_city")
    assert str(err.value).endswith(hint)


def _invoke(args):
    return CliRunner().invoke(main, ["sensitivity", str(SMALL), "-n", "5", "-j", "1", *args],
                              catch_exceptions=False)


def test_every_input_problem_is_said_at_once(tmp_path, monkeypatch):
    """Two ranges LOW>HIGH, or a bad path, a range LOW>HIGH and an unknown metric, were
    told one at a time: fix one, run again, learn the next."""
    monkeypatch.chdir(tmp_path)
    result = _invoke(["--param", "employment.hazards.nonexistent=0.1:0.2",
                      "--param", "employment.hazards.placement=0.008:0.004",
                      "--param", "employment.hazards.dropout=0.008:0.004",
                      "--metric", "nope"])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[:3] == [
        "finsim sensitivity: --param: employment.hazards.placement: LOW (0.008) must be below HIGH "
        "(0.004) (given: 'employment.hazards.placement=0.008:0.004')",
        "finsim sensitivity: --param: employment.hazards.dropout: LOW (0.008) must be below HIGH "
        "(0.004) (given: 'employment.hazards.dropout=0.008:0.004')",
        "finsim sensitivity: --param: employment.hazards.nonexistent: no key 'nonexistent' (has: "
        "placement, dropout)"]
    assert len(lines) == 4 and lines[3].startswith("finsim sensitivity: --metric: nope: unknown "
                                                   "metric; known: ")
    assert not (tmp_path / "outputs").exists()


def test_cli_writes_spec_columns_and_a_chart_per_metric(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _invoke(["--param", "costs.material.per_slot_month=40:60", "--metric",
                      "cost_material", "--metric", "cost_total"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "outputs" / "small-sensitivity-oat"
    with open(folder / "sensitivity.csv") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:8] == ["method", "parameter", "metric", "low", "high",
                                 "metric_low", "metric_high", "swing"]
    assert float(rows[0]["metric_high"]) == pytest.approx(720 * 60 + BETA_MATERIAL)
    assert {p.name for p in folder.glob("*.png")} == {"tornado-cost_material.png",
                                                     "tornado-cost_total.png"}
    assert "costs.material" in result.output and "14,400" in result.output


def test_cli_sobol_columns_and_exit_2_on_mistakes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok = _invoke(["--method", "sobol", "--samples", "4", "--param",
                  "costs.material.per_slot_month=40:60", "--metric", "cost_material",
                  "--out", "s", "-q"])
    assert ok.exit_code == 0, ok.output
    header = (tmp_path / "s" / "sensitivity.csv").read_text().splitlines()[0]
    assert header.startswith("method,parameter,metric,S1,S1_conf,ST,ST_conf")
    for args in (["--param", "costs.material.per_slot_month=60:40"],
                 ["--metric", "nope"], ["--param", "nope.path=1:2"]):
        bad = _invoke([*args, "--out", "bad"])
        assert bad.exit_code == 2
        assert "Traceback" not in bad.output
        assert not (tmp_path / "bad").exists()


def test_options_the_analysis_would_not_use_are_refused(tmp_path):
    """--samples sizes only the sampling methods, and the draws are always off: given
    anyway, each is one line and exit 2 before any work, never silently dropped."""
    out = tmp_path / "s"
    oat = _invoke(["--method", "oat", "--samples", "100000000", "--no-uncertainty",
                   "--out", str(out)])
    assert oat.exit_code == 2
    assert oat.output.splitlines() == [
        "finsim sensitivity: --samples: applies only to --method morris or sobol, which sample the "
        "ranges; oat takes each parameter at its low and its high (given: 100000000)",
        "finsim sensitivity: --no-uncertainty: sensitivity always runs without the uncertainty "
        "draws (every point on the same seeds); leave it out"]
    assert not out.exists()
    left = _invoke(["--method", "oat", "--param", "costs.material.per_slot_month=40:60",
                    "--metric", "cost_total", "-q", "--out", str(out)])  # the default
    assert left.exit_code == 0, left.output
    assert json.loads((out / "sensitivity.json").read_text())["samples"] is None
    assert finsim.sensitivity(SMALL, {"costs.material.per_slot_month": (40, 60)},
                              metrics=["cost_total"], method="morris", samples=2,
                              replications=2, jobs=1).result.points == 5
    with pytest.raises(ScenarioError, match=r"finsim.sensitivity: samples: applies only "
                       r"to method 'morris' or 'sobol'.*\(given: 3\)"):
        finsim.sensitivity(SMALL, method="oat", samples=3, replications=2, jobs=1)


def test_the_help_does_not_offer_the_option_it_refuses():
    """sensitivity --help listed --no-uncertainty ("Ignore the scenario's uncertainty
    block"), which sensitivity always refuses: its help leaves it out, run's keeps it."""
    helped = CliRunner().invoke(main, ["sensitivity", "--help"])
    assert helped.exit_code == 0
    assert "--no-uncertainty" not in helped.output
    assert "--lang" in helped.output  # the other job options stay
    ran = " ".join(CliRunner().invoke(main, ["run", "--help"]).output.split())
    assert ("--no-uncertainty Ignore the scenario's uncertainty block (no parameter "
            "draws).") in ran


def test_the_help_says_what_common_seeds_leave_of_an_effect():
    """The help said a parameter that does not matter "shows exactly no effect", but the
    ledger rounds each cell (coach and management staff summed) to the cent once, which
    moved a fixed funder by 0.14 EUR and a linear swing to 141,750.13 against 141,750.00
    by hand: the help now says so."""
    helped = " ".join(CliRunner().invoke(main, ["sensitivity", "--help"]).output.split())
    assert ("so a parameter that does not matter shows no effect beyond the ledger's "
            "rounding of each cell to the cent (a few cents on a money metric).") in helped
    assert "exactly no effect" not in helped


def test_jobs_on_a_cluster_are_refused(tmp_path, monkeypatch):
    """A cluster's workers run the replications: --jobs with --scheduler (typed, or from
    $FINSIM_SCHEDULER) did nothing; now one line, exit 2, before anything starts."""
    monkeypatch.delenv("FINSIM_SCHEDULER", raising=False)
    out = tmp_path / "s"
    typed = _invoke(["--scheduler", "local:1", "--out", str(out)])  # _invoke gives -j 1
    assert typed.exit_code == 2
    assert typed.output == ("finsim sensitivity: --jobs: does nothing on a cluster (--scheduler "
                            "local:1), whose workers run the replications; leave out --jobs or "
                            "--scheduler "
                            "(given: 1)\n")
    monkeypatch.setenv("FINSIM_SCHEDULER", "tcp://head:8786")
    run = CliRunner().invoke(main, ["run", str(SMALL), "-j", "2", "--out", str(out)])
    assert run.exit_code == 2
    assert run.output == ("finsim run: --jobs: does nothing on a cluster ($FINSIM_SCHEDULER "
                          "tcp://head:8786), whose workers run the replications; leave "
                          "out --jobs or $FINSIM_SCHEDULER (given: 2)\n")
    assert not out.exists()


def test_sobols_default_stays_within_minutes_for_the_seed_scenario():
    """N = 16: 16 x (5 uncertain parameters + 2) + 1 = 113 points of 200 replications,
    22,600 replications (the README's "a few minutes"; it was 89,800 with N = 64)."""
    scn = load_scenario(SMALL.parents[2] / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    spec = SensitivitySpec(scn, tuple(uncertainty_params(scn)), ("cost_total",), "sobol",
                           scn.simulation.replications, scn.simulation.seed)
    assert len(design(spec)) * spec.replications == 113 * 200


def test_a_metric_no_parameter_moves_gets_no_chart_and_labels_read_plainly(tmp_path):
    """funding_gap of the fully funded small program is 0 at every point: a tornado of it
    would be empty bars on an axis of zeros (issue 19.4)."""
    from finsim.report.labels import parameter_label, plain

    out = tmp_path / "s"
    result = _invoke(["--param", "costs.material.per_slot_month=40:60", "--metric",
                      "cost_total", "--metric", "funding_gap", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.glob("*.png")} == {"tornado-cost_total.png"}
    info = json.loads((out / "sensitivity.json").read_text())
    assert info["charts"] == {"cost_total": "tornado-cost_total.png"}
    assert [plain(v) for v in (0.005, 0.0000125, 40.0, 52500.0, 2.5)] == [
        "0.005", "0.0000125", "40", "52,500", "2.5"]
    assert parameter_label("employment.hazards.placement", 0.005, 0.02) == \
        "hazards.placement 0.005–0.02 /month"
    assert parameter_label("costs.staff.coach_cost_per_year", 60000, 80000) == \
        "staff.coach_cost_per_year 60,000–80,000 EUR/year"
    assert parameter_label("costs.wages.annual_increase", 0.02, 0.045) == \
        "wages.annual_increase 2–4.5 %"
    assert parameter_label("funding.land_esf.payment.lag_months", 2, 6) == \
        "payment.lag_months 2–6 months"
    assert parameter_label("costs.material.per_slot_month", 0.8, 1.2, scaled=True) == \
        "material.per_slot_month ×0.8–1.2"
    assert parameter_label("providers.a.weird", 1e-7, 3) == "a.weird 0.0000001–3"


@pytest.mark.parametrize(("limits", "lang", "labels"), [
    ((0, 10), "en", ["0.0", "2.5", "5.0", "7.5", "10.0"]),  # the spacing's power of ten: 0 2 5 8 10
    ((0, 1), "de", ["0,00", "0,25", "0,50", "0,75", "1,00"]),
    ((1e6, 1.0075e6), "en", ["1.000 M", "1.002 M", "1.004 M", "1.006 M", "1.008 M"]),
    ((0, 30_000), "de", ["0 Tsd.", "10 Tsd.", "20 Tsd.", "30 Tsd."]),
])
def test_tornado_tick_labels_have_the_decimals_their_ticks_need(limits, lang, labels):
    from matplotlib.figure import Figure

    from finsim.report.sensitivity import tick_format

    ax = Figure().add_subplot()
    ax.set_xlim(*limits)
    ax.locator_params(axis="x", nbins=4 if limits[1] <= 10 else 5)
    label = tick_format(ax, lang)
    assert [label(v, 0) for v in ax.get_xticks()] == labels


def test_a_metric_given_twice_is_refused_before_any_work(tmp_path):
    """Its rows were written twice and the report's index by metric failed after all the
    points had run (exit 1, InvalidIndexError); now one line, exit 2, as --param twice."""
    out = tmp_path / "s"
    twice = _invoke(["--param", "costs.material.per_slot_month=40:60", "--metric",
                     "cost_total", "--metric", "cost_total", "--out", str(out)])
    assert twice.exit_code == 2
    assert twice.output == "finsim sensitivity: --metric: cost_total: given twice\n"
    assert not out.exists()


@pytest.mark.parametrize(("param", "line"), [
    ("employment.hazards=*0.8:1.2",  # was a TypeError: 'Hazards' * float
     "finsim sensitivity: --param: employment.hazards: holds a block of its keys (placement, "
     "dropout), not a number: a factor scales a number or a schedule only; name one of its "
     "numbers, e.g. "
     "employment.hazards.placement"),
    ("costs.material=*0.9:1.1",
     "finsim sensitivity: --param: costs.material: holds a block of its keys (per_slot_month), not "
     "a number: a factor scales a number or a schedule only; name one of its numbers, e.g. "
     "costs.material.per_slot_month"),
    ("costs.material=1:2",  # was "... (given: 1.0) — narrow the range": no range can work
     "finsim sensitivity: --param: costs.material: holds a block of its keys (per_slot_month), not "
     "a number: a range sets a number or a schedule only; name one of its numbers, e.g. "
     "costs.material.per_slot_month"),
    ("funding.jobcenter.covers.wages=*0.9:1.0",  # named no path that works
     "finsim sensitivity: --param: funding.jobcenter.covers.wages: holds a block of its keys "
     "(by_tenure_year, per_person_limit), not a number; name one of its numbers, "
     "funding.jobcenter.covers.wages.by_tenure_year.0 "
     "to funding.jobcenter.covers.wages.by_tenure_year.1, or its list, "
     "funding.jobcenter.covers.wages.by_tenure_year, which a factor scales whole"),
    ("funding.jobcenter.covers.wages.by_tenure_year=0.5:0.7",  # "not a number or a schedule"
     "finsim sensitivity: --param: funding.jobcenter.covers.wages.by_tenure_year: holds a list of "
     "2 numbers, not a number: a range sets a number or a schedule only; name one of its items, "
     "funding.jobcenter.covers.wages.by_tenure_year.0 to "
     "funding.jobcenter.covers.wages.by_tenure_year.1, or scale the whole list with a factor "
     "(funding.jobcenter.covers.wages.by_tenure_year=*LOW:HIGH) (given: [0.75, 0.5])"),
    ("funding.jobcenter.covers.wages.by_tenure_year=*0.8:1.5",  # year 1's 0.75 x 1.5 > 1
     "finsim sensitivity: --param: funding.jobcenter.covers.wages.by_tenure_year.0: not allowed at "
     "funding.jobcenter.covers.wages.by_tenure_year=*1.5: expected at most 1 (given: 1.125) "
     "— narrow the range"),
    ("uncertainty.employment.hazards.placement.high=0.03:0.04",  # was a PathError, exit 1
     "finsim sensitivity: --param: uncertainty.employment.hazards.placement.high: sensitivity "
     "points never draw, so the uncertainty block changes nothing at a point; vary the parameter "
     "itself "
     "(--param PATH=LOW:HIGH), or change the block with --set for run"),
    ("participants.initial=*0.5:1.5",  # ran both ends at 0: "no effect"
     "finsim sensitivity: --param: participants.initial: the base value is 0, so a factor "
     "(*0.5:1.5) runs both ends at 0 and would show no effect; give absolute ends, "
     "participants.initial=LOW:HIGH"),
    ("simulation.seed=1:100",  # ran, and every point had the command's seed
     "finsim sensitivity: --param: simulation.seed: every point runs with the command's seed and "
     "replications, so the simulation block changes nothing at a point; give --seed or -n"),
    ("simulation.replications=10:100",
     "finsim sensitivity: --param: simulation.replications: every point runs with the command's "
     "seed and replications, so the simulation block changes nothing at a point; give --seed or "
     "-n"),
])
def test_a_range_over_what_a_point_cannot_vary_is_refused(tmp_path, param, line):
    out = tmp_path / "s"
    result = _invoke(["--param", param, "--metric", "cost_total", "--out", str(out)])
    assert result.exit_code == 2
    assert result.output == line + "\n"
    assert not out.exists()


def test_a_range_to_an_undefined_metric_warns_nothing_and_leaves_it_empty(small):
    """At placement 0 nobody is placed: cost_per_placement is undefined at that point, so
    its standard error and the spread over the points are NaN, without numpy's
    RuntimeWarning on the terminal (it reached stderr despite -q)."""
    import warnings

    spec = _spec(small, ["employment.hazards.placement=0:0.01"], ["cost_per_placement"],
                 replications=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = analyze(spec, jobs=1)
    row = _row(result.table, "employment.hazards.placement", "cost_per_placement")
    assert np.isnan(row["metric_low"]) and np.isnan(row["se_low"])
    assert np.isfinite(row["metric_high"]) and np.isfinite(row["se_high"])
    assert np.isnan(result.base["noise_share"].iloc[0])


def test_a_value_a_file_sets_over_its_base_draw_is_left_out_and_said(tmp_path):
    """A variant file that sets a value its base draws drops the base's draw: the default
    ranges lost that parameter without the note a --set gets. Now the terminal, the page
    and the Python API say so; a file that draws it again has it varied as usual."""
    import finsim
    from finsim.report.html_sensitivity import WORDS

    variant = tmp_path / "variant.yaml"
    variant.write_text(f"base: {SMALL}\nemployment:\n  hazards:\n    placement: 0.02\n",
                       encoding="utf-8")
    out = tmp_path / "s"
    said = CliRunner().invoke(main, ["sensitivity", str(variant), "-n", "2", "-j", "1",
                                     "--metric", "cost_total", "--out", str(out)])
    assert said.exit_code == 0, said.output
    assert said.stderr.splitlines()[0] == (  # before the work
        "note: employment.hazards.placement is not varied: the scenario file sets it over "
        "its base's draw, so its range in the uncertainty block is left out; --param "
        "employment.hazards.placement=LOW:HIGH varies it")
    info = json.loads((out / "sensitivity.json").read_text())
    assert [p["path"] for p in info["parameters"]] == ["costs.wages.annual_increase"]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert WORDS["de"]["held_file"].format(path="employment.hazards.placement") in page
    api = finsim.sensitivity(variant, replications=2, metrics=["cost_total"], jobs=1)
    assert any(w.startswith("employment.hazards.placement is not varied: the scenario "
                            "file sets it") for w in api.notes)
    again = tmp_path / "again.yaml"
    again.write_text(variant.read_text(encoding="utf-8") + (
        "uncertainty:\n  employment.hazards.placement: {dist: uniform, low: 0.01, "
        "high: 0.03}\n"), encoding="utf-8")
    drawn = CliRunner().invoke(main, ["sensitivity", str(again), "-n", "2", "-j", "1",
                                      "--metric", "cost_total", "--out", str(tmp_path / "a")])
    assert drawn.exit_code == 0 and "note:" not in drawn.stderr


def test_a_set_uncertain_parameter_is_left_out_of_the_default_ranges_and_said(tmp_path):
    """The value set holds (the draw is dropped), so the default ranges lose it: the
    terminal (not with -q) and the page say so; before, one parameter fewer, no word."""
    from finsim.report.html_sensitivity import WORDS

    out = tmp_path / "s"
    args = ["sensitivity", str(SMALL), "-n", "2", "-j", "1", "--metric", "cost_total",
            "--set", "employment.hazards.placement=0.02"]
    said = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert said.exit_code == 0, said.output
    note = ("note: employment.hazards.placement is not varied: --set holds it at the value "
            "given, so its range in the uncertainty block is left out; --param "
            "employment.hazards.placement=LOW:HIGH varies it")
    assert said.stderr.splitlines()[0] == note  # before the work, as run's warnings
    info = json.loads((out / "sensitivity.json").read_text())
    assert [p["path"] for p in info["parameters"]] == ["costs.wages.annual_increase"]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert WORDS["de"]["held"].format(path="employment.hazards.placement") in page
    quiet = CliRunner().invoke(main, [*args, "-q", "--out", str(tmp_path / "q")])
    assert quiet.exit_code == 0 and quiet.output == ""
    ranged = CliRunner().invoke(main, [*args, "--param", "costs.material.per_slot_month=40:60",
                                       "--out", str(tmp_path / "p")])
    assert ranged.exit_code == 0 and "note:" not in ranged.stderr


def test_sobol_and_morris_leave_a_metric_undefined_at_a_point_empty_not_zero():
    """SALib turns a NaN into zeros ("S1 = ST = 0 ± 0", read as "no assumption moves
    it") or into masked values ("--" in the CSV): a metric undefined at a point gets no
    index at all, NaN, and SALib is not asked."""
    from finsim.analysis import sensitivity as S

    spec = SensitivitySpec(load_scenario(SMALL), (), ("cost_per_placement",), "sobol")
    spec = SensitivitySpec(spec.scenario, tuple(check_params(spec.scenario, [
        parse_param("costs.material.per_slot_month=40:60")])), spec.metrics, "sobol")

    def never(y):
        raise AssertionError("SALib asked with NaN")

    y = np.array([1.0, 2.0, np.nan, 4.0])
    res = S._indices(spec, y, "cost_per_placement", ("S1", "ST"), never)
    assert np.isnan(res["S1"]).all() and np.isnan(res["ST"]).all()
    flat = S._indices(spec, np.full(4, 167.15), "cost_per_placement", ("S1",), never)
    assert flat["S1"].tolist() == [0.0]
    masked = S._indices(spec, np.arange(4.0), "cost_per_placement", ("mu",),
                        lambda y: {"mu": np.ma.masked_invalid([np.nan])})
    assert masked["mu"].dtype == float and np.isnan(masked["mu"]).all()


def test_a_metric_undefined_at_some_points_is_said_and_never_called_constant(small):
    """placement 0 to 0.0001 on 2 replications: at some points nobody is placed. Sobol
    leaves cost_per_placement's indices empty, counts those points, and the page says
    the influences cannot be computed, not that no assumption moves the metric."""
    from finsim.report.html_sensitivity import WORDS, metric_section, undefined_warnings

    spec = _spec(small, ["employment.hazards.placement=0:0.0001"],
                 ["cost_per_placement", "entries"], "sobol", replications=2, samples=2)
    result = analyze(spec, jobs=1)
    rows = result.table[result.table["metric"] == "cost_per_placement"]
    assert rows[["S1", "S1_conf", "ST", "ST_conf"]].isna().all().all()
    base = result.base.set_index("metric")
    points = int(base.loc["cost_per_placement", "undefined_points"])
    assert 0 < points <= result.points
    assert base.loc["entries", "undefined_points"] == 0
    notes = undefined_warnings(result, "en")
    assert notes[0].startswith(f"Cost per placement: undefined at {points} of "
                               f"{result.points} points")
    page = "".join(map(str, metric_section(result, "cost_per_placement", "en")))
    assert WORDS["en"]["undefined"] in page and "None of the assumptions" not in page


def test_equal_point_means_have_no_spread_and_no_noise_share():
    """30 copies of 167.15 have np.nanvar 3.3e-27 (numpy's mean is off in the last bit):
    a noise share of 1e27 and a false noise warning before; now no spread, NaN."""
    from finsim.analysis import sensitivity as S

    assert np.nanvar(np.full(30, 167.15), ddof=1) > 0  # the round-off this is about
    spec = SensitivitySpec(load_scenario(SMALL), (), ("entries",))
    values = np.tile(np.array([160.0, 174.3])[None, :, None], (31, 1, 1))
    means = np.full((31, 1), 167.15)
    base = S._base_frame(spec, values, means).iloc[0]
    assert np.isnan(base["noise_share"]) and np.isnan(base["noise_share_crn"])
    assert base["se"] == pytest.approx(7.15)


def test_crn_noise_share_takes_the_replications_that_define_the_metric():
    """One undefined replication made the interaction NaN (plain mean); over the values
    defined it is a number: residuals of a 2 x 3 table with one hole, by hand."""
    from finsim.analysis import sensitivity as S

    values = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, np.nan]])[:, :, None]
    got = S._interaction_var(values)[0]
    row = [2.0, 3.0]
    col = [1.5, 3.0, 3.0]
    grand = 12.0 / 5
    resid = [values[p, r, 0] - row[p] - col[r] + grand
             for p in range(2) for r in range(3) if not np.isnan(values[p, r, 0])]
    free = 5 * 1 * 2 / 6
    assert got == pytest.approx(sum(x * x for x in resid) / free / 3)


@pytest.mark.parametrize("value, metric, lang, text", [
    (0.0357, "occupancy_rate", "en", "3.6 %"), (0.0062, "share_land_esf", "de", "0,6 %"),
    (0.0004, "placement_rate", "en", "0.04 %"), (0.24, "exits_placement", "en", "0.2"),
    (-0.1, "exits_placement", "en", "-0.1"), (5107.4, "cost_material", "en", "5,107"),
    (0.3, "cost_material", "en", "0.3"), (0.0, "occupancy_rate", "en", "0.0 %"),
    (float("nan"), "cost_total", "en", "–"),
    # float residue of an exact zero effect reads 0 like the other zeros (was "0,0000")
    (-1e-11, "net_cost_kommune", "de", "0"), (0.0049, "cost_total", "de", "0"),
    (0.005, "cost_total", "en", "0.01"), (3e-13, "exits_placement", "en", "0.0")])
def test_figures_of_a_metric_are_in_its_unit_and_never_zero_when_not(value, metric, lang,
                                                                       text):
    """Morris and OAT tables wrote every metric in whole euros: a rate's mu* 0.0357 and
    a swing of -0.1 placements read 0, which under common seeds means no effect."""
    from finsim.report.sensitivity import metric_cell

    assert metric_cell(value, metric, lang) == text


def test_an_undefined_swing_is_listed_last_and_said_undefined(small):
    """At placement 0 nobody is placed: the placement swing of cost_per_placement cannot
    be computed. It comes after material's swing, written "undefined" (it read as an
    empty figure ranked as the smallest), and the page names the point."""
    from finsim.report.html_sensitivity import ranked_table, undefined_warnings
    from finsim.report.sensitivity import _view_cells, ranked

    spec = _spec(small, ["employment.hazards.placement=0:0.01",
                         "costs.material.per_slot_month=40:60"], ["cost_per_placement"],
                 replications=3)
    result = analyze(spec, jobs=1)
    rows = ranked(result, "cost_per_placement")
    assert rows["parameter"].tolist() == ["costs.material.per_slot_month",
                                          "employment.hazards.placement"]
    assert _view_cells("oat", rows.iloc[1], first=False)[2] == "undefined"
    assert "<td>undefined</td>" in ranked_table(result, "cost_per_placement", "en")
    assert undefined_warnings(result, "en")[0].startswith(
        "Cost per placement: undefined at 1 of 5 points")


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_one_sample_is_refused_for_its_zero_confidence(tmp_path, method):
    """Sobol --samples 1 gave S1 2.000 ± 0.000 (a bootstrap over one sample has no
    spread); the help and the page say the _conf level (95 %)."""
    from finsim.report.html_sensitivity import WORDS

    out = tmp_path / "s"
    result = _invoke(["--method", method, "--samples", "1", "--param",
                      "costs.material.per_slot_month=40:60", "--out", str(out)])
    assert result.exit_code == 2 and not out.exists()  # the option's range, as --help says
    assert result.output == ("finsim sensitivity: --samples: expected a whole number, at "
                             "least 2 (given: '1')\n")
    with pytest.raises(ScenarioError, match=f"{method} needs at least 2 samples"):
        design(_spec(load_scenario(SMALL), ["costs.material.per_slot_month=40:60"],
                     ["cost_total"], method, samples=1))
    helped = " ".join(CliRunner().invoke(main, ["sensitivity", "--help"]).output.split())
    assert "95 % bootstrap half-widths" in helped and "[at least 2]" in helped
    assert "net_public_cost, peak_prefinancing." in helped
    assert "95 %" in WORDS["en"][method] and "95-%" in WORDS["de"][method]


def test_whole_number_ranges_run_and_show_their_rounded_ends(small):
    """alpha's 30 slots x 0.93 = 27.9 -> 28, x 1.07 = 32.1 -> 32: the range is the
    factors run, 28/30 and 32/30, and the elasticity uses them: swing 4 x 24 x 50 EUR
    over 4/30, times 1 / 64,800 (it divided by 0.14 before: 0.514 instead of 0.556)."""
    spec = _spec(small, ["providers.alpha.slots=*0.93:1.07"], ["cost_material"],
                 replications=2)
    assert (spec.params[0].low, spec.params[0].high) == pytest.approx((28 / 30, 32 / 30))
    row = _row(analyze(spec, jobs=1).table, "providers.alpha.slots", "cost_material")
    assert row["swing"] == pytest.approx(4 * 24 * 50)
    assert row["elasticity"] == pytest.approx(4 * 24 * 50 / (4 / 30) / 64_800)
    plain = check_params(small, [parse_param("providers.alpha.slots=27.6:33.4")])[0]
    assert (plain.low, plain.high) == (28, 33)


@pytest.mark.parametrize("param, line", [
    ("providers.alpha.slots=*0.99:1.01", "finsim sensitivity: --param: providers.alpha.slots: both "
     "ends of *0.99:1.01 round to the same whole number of 30, so the range would show no effect; "
     "widen it"),
    ("providers.alpha.slots=29.6:30.4", "finsim sensitivity: --param: providers.alpha.slots: both "
     "ends of 29.6:30.4 round to the same whole number of 30, so the range would show no effect; "
     "widen it")])
def test_a_whole_number_range_whose_ends_round_alike_is_refused(tmp_path, param, line):
    """It ran 30 slots at both ends and showed "no effect" under the range's label."""
    out = tmp_path / "s"
    result = _invoke(["--param", param, "--metric", "cost_material", "--out", str(out)])
    assert result.exit_code == 2 and result.output == line + "\n" and not out.exists()


def test_parameters_ending_alike_keep_their_own_labels_and_bars(small):
    """employment.hazards.dropout and beta's own both end in ``hazards.dropout``: bars
    placed by that label shared one row, the later drawn over the earlier, and the page's
    table named both alike. Each now gets a longer name and its own row."""
    from finsim.report.html_sensitivity import ranked_table
    from finsim.report.labels import short_paths

    assert short_paths(["costs.wages.hourly.2027-01",
                        "costs.wages.subsidy_base.hourly.2027-01",
                        "funding.land_esf.payment.lag_months",
                        "funding.jobcenter.payment.lag_months"]) == {
        "costs.wages.hourly.2027-01": "wages.hourly.2027-01",
        "costs.wages.subsidy_base.hourly.2027-01": "subsidy_base.hourly.2027-01",
        "funding.land_esf.payment.lag_months": "land_esf.payment.lag_months",
        "funding.jobcenter.payment.lag_months": "jobcenter.payment.lag_months"}
    result = analyze(_spec(small, ["employment.hazards.dropout=0.006:0.018",
                                   "providers.beta.employment.hazards.dropout=0.01:0.03"],
                           ["exits_dropout"], replications=2), jobs=1)
    ax = tornado_figure(result, "exits_dropout").axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == ["beta.employment.hazards.dropout 0.01–0.03 /month",
                              "employment.hazards.dropout 0.006–0.018 /month"]
    rows = sorted({round(bar.get_y() + bar.get_height() / 2, 6) for bar in ax.patches})
    assert rows == [0, 1]
    page = ranked_table(result, "exits_dropout", "en")
    assert all(page.count(f"<th scope='row'>{label}</th>") == 1 for label in labels)


@pytest.mark.parametrize(("path", "low", "high", "label"), [
    ("costs.wages.hourly.2027-01", 14, 15.5, "wages.hourly.2027-01 14–15.5 EUR/h"),
    ("prices.material.2027", 1, 1.1, "material.2027 1–1.1"),  # the block left out
    ("passive_benefits.parts.kdu.single", 550, 650, "kdu.single 550–650 EUR/month"),
    ("passive_benefits.parts.kdu", 500, 700, "parts.kdu 500–700 EUR/month"),
    ("funding.pat.per_person_month.single", 700, 900,
     "per_person_month.single 700–900 EUR/month"),
    ("participants.referrals_per_month.2026-04", 1, 3,  # was the whole path
     "referrals_per_month.2026-04 1–3 persons/month"),
    ("funding.jobcenter.covers.wages.by_tenure_year.2", 0.8, 1,
     "wages.by_tenure_year (tenure year 3) 80–100 %"),
    ("passive_benefits.parts.regelbedarf", 500, 600, "parts.regelbedarf 500–600 EUR/month"),
    ("passive_benefits.parts.top_up", 0, 100, "parts.top_up 0–100 EUR/month"),
    ("employment.modifiers.0.placement", 0.5, 0.7, "modifiers.0.placement 0.5–0.7"),
])
def test_keyed_paths_get_the_unit_of_their_field(path, low, high, label):
    """A schedule's date, a household key or a list position is not the field's name:
    the unit comes from the field, a tenure-year position reads as its year (position 2
    is the third), and monthly benefit parts are EUR/month."""
    from finsim.report.labels import parameter_label

    assert parameter_label(path, low, high) == label


def test_a_share_metric_reads_in_percent_on_the_page_and_the_axis(small):
    """The table wrote 65.1 %, the base value and the axis 0.65: all in percent now."""
    from finsim.report.html_sensitivity import metric_section

    result = analyze(_spec(small, ["costs.material.per_slot_month=40:60"],
                           ["share_land_esf"], replications=2), jobs=1)
    base = float(result.base.set_index("metric").loc["share_land_esf", "mean"])
    section = "".join(metric_section(result, "share_land_esf", "en"))
    assert f"base value: {100 * base:.1f} %" in section
    ax = tornado_figure(result, "share_land_esf").axes[0]
    assert ax.get_xlabel() == f"base {plain(100 * base)} %"
    assert ax.get_xlim()[1] > 1  # percent, not a fraction


def test_a_count_metric_s_base_value_reads_as_the_run_page_writes_it(small):
    """The base value of a count was rounded by its size, not its unit: people to whole
    numbers from 100 on (169.29 read 169) and to two decimals below (16.68), while the
    base run's key figures on the same page wrote 169,3 and 16,7. Now one decimal, as
    the ranked table, the run page and the terminal; money to the euro."""
    from finsim.report.html_sensitivity import metric_section

    metrics = ["entries", "exits_placement", "cost_total"]
    result = analyze(_spec(small, ["employment.hazards.placement=0.01:0.03"], metrics,
                           replications=3), jobs=1)
    base = result.base.set_index("metric")["mean"]
    for metric in metrics[:2]:
        section = "".join(map(str, metric_section(result, metric, "de")))
        value = f"{base[metric]:,.1f}".translate(str.maketrans(",.", ".,"))
        assert f"Basiswert: {value}</p>" in section
    cost = f"{base['cost_total']:,.0f}".translate(str.maketrans(",.", ".,"))
    assert f"Basiswert: {cost} EUR</p>" in "".join(map(str, metric_section(
        result, "cost_total", "de")))  # money says its unit; counts keep theirs (none)


def test_an_elasticity_at_a_base_value_of_0_is_left_empty(small):
    """initial 0: the elasticity (x base value) was 0.000 while the range moved the cost,
    reading as no effect; now empty, as for a schedule set to one value."""
    table = analyze(_spec(small, ["participants.initial=0:10"], ["cost_total"],
                          replications=2), jobs=1).table
    row = _row(table, "participants.initial", "cost_total")
    assert row["swing"] > 0
    assert np.isnan(row["elasticity"])


def test_morris_mu_star_of_a_whole_number_parameter_is_per_step_run(small):
    """cost_material is linear in alpha's slots: 24 months x 50 EUR = 1,200 per slot,
    12,000 over 30:40. Morris steps 2/3 of the range (30 -> 36.67, 33.33 -> 40), runs
    it rounded (30 -> 37, 33 -> 40: 7 slots, 8,400) and SALib divided by 2/3: mu* was
    12,600, 5 % high. The change is now taken over the step run."""
    spec = _spec(small, ["providers.alpha.slots=30:40",
                         "employment.hazards.placement=0.008:0.012"],
                 ["cost_material"], "morris", replications=2, samples=4)
    row = _row(analyze(spec, jobs=1).table, "providers.alpha.slots", "cost_material")
    assert row["mu_star"] == pytest.approx(12_000)
    assert row["mu"] == pytest.approx(12_000)
    assert row["sigma"] == pytest.approx(0, abs=1e-6)


def test_elasticity_of_a_negative_metric_keeps_the_sign_of_the_swing(small):
    """The City's net cost is negative (benefits avoided): a higher City benefit makes it
    fall, and the elasticity over the signed base read + ("rises with it")."""
    table = analyze(_spec(small, ["passive_benefits.by_payer.city=300:460"],
                          ["net_cost_city"], replications=4), jobs=1).table
    row = _row(table, "passive_benefits.by_payer.city", "net_cost_city")
    assert row["metric_base"] < 0 and row["swing"] < 0
    assert row["elasticity"] == pytest.approx(
        row["swing"] / 160 * 380 / -row["metric_base"])
    assert row["elasticity"] < 0


def test_ends_below_the_minimum_wage_are_named_on_stderr_and_the_page(tmp_path):
    """run warns of a wage below the statutory minimum wage; sensitivity ran such an end
    without a word. 13 EUR in 2026-01 is below the 13.90 in force then, and 13.26 in 2027
    below its 14.60: 24 of 24 months (at the
    base, 15 EUR and 2 % a year, and at 16 EUR no month is below)."""
    text = SMALL.read_text().replace("2013-", "2026-").replace("2014-01", "2027-01")
    text = text.replace("hourly: {2026-01: 8.62}", "hourly: 15")
    path = tmp_path / "late.yaml"
    path.write_text(text)
    out = tmp_path / "s"
    result = CliRunner().invoke(main, [
        "sensitivity", str(path), "-n", "2", "-j", "1", "--param", "costs.wages.hourly=13:16",
        "--param", "costs.material.per_slot_month=40:60", "--metric", "cost_total",
        "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "minimum wage" in line]
    assert lines == ["warning: at costs.wages.hourly=13: costs.wages.hourly: 13.00 EUR/hour "
                     "in 2026-01 is below the statutory minimum wage of 13.90 EUR in force "
                     "since 2026-01 (24 of 24 months below it)"]
    page = (out / "report.html").read_text()
    assert "bei costs.wages.hourly=13: costs.wages.hourly: 13,00 EUR/Stunde" in page
    assert "costs.wages.hourly=16" not in page


def test_the_oat_page_shows_each_swings_standard_error_and_the_noise(small):
    """sensitivity.csv had se_swing and the noise shares; the page showed neither, so a
    swing within the noise read as an effect. Now each swing's standard error beside it,
    and the metric's noise shares under its table, in words: the note named the CSV
    column (noise_share_crn) on a page for people."""
    from finsim.report.html_sensitivity import metric_section
    from finsim.report.sensitivity import metric_cell

    result = analyze(_spec(small, ["employment.hazards.placement=0.008:0.012",
                                   "costs.material.per_slot_month=40:60"],
                           ["cost_total"], replications=4), jobs=1)
    section = "".join(metric_section(result, "cost_total", "en"))
    row = _row(result.table, "employment.hazards.placement", "cost_total")
    assert row["se_swing"] > 0
    assert "<th scope='col'>± standard error (EUR)</th>" in section
    assert (f"<td>{metric_cell(row['swing'], 'cost_total')}</td>"
            f"<td>{metric_cell(row['se_swing'], 'cost_total')}</td>") in section
    base = result.base.set_index("metric").loc["cost_total"]
    crn, share = 100 * base["noise_share_crn"], 100 * base["noise_share"]
    assert (f"Replication noise: {crn:.1f} % of the variance over the points, as far as "
            f"common seeds do not cancel it ({share:.1f} % as if each point ran on its "
            "own seeds).") in section
    german = "".join(metric_section(result, "cost_total", "de"))
    assert (f"Rauschen der Replikationen: {crn:.1f} % der Varianz über die Punkte, soweit "
            f"die gemeinsamen Zufallszahlen es nicht aufheben ({share:.1f} %, als liefe "
            "jeder Punkt auf eigenen Zufallszahlen).".replace(".", ",", 2)) in german
    assert "noise_share" not in section + german


@pytest.mark.parametrize("lang, column, note", [
    ("de", "± Standardfehler", "± Standardfehler ist ein Standardfehler des Ausschlags über "
     "die Replikationen, keine 95-%-Grenze"),
    ("en", "± standard error", "± standard error is one standard error of the swing over "
     "the replications, not a 95 % bound")])
def test_the_oat_pages_plus_minus_is_named_a_standard_error_and_explained(tmp_path, lang,
                                                                         column, note):
    """OAT's column "± Spannweite" held one standard error (se_swing) unexplained, while
    Morris's "±" on the same template is a 95 % half-width: a reader took both for 95 %
    bands. The column and the OAT note now say standard error, and not 95 %."""
    out = tmp_path / lang
    done = _invoke(["--param", "costs.material.per_slot_month=40:60", "--metric",
                    "cost_total", "--lang", lang, "--out", str(out)])
    assert done.exit_code == 0, done.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert f"<th scope='col'>{column} (EUR)</th>" in page and note in page
    assert "± Spannweite" not in page and "± swing" not in page

@pytest.mark.parametrize("param", ["funding.land_esf.until=2028-12:2029-12",
                                   "funding.land_esf.until=1:2"])
def test_a_date_is_refused_as_a_date(param):
    """Dates as ends were refused with "expected PATH=LOW:HIGH", though that was given."""
    scn = load_scenario(SMALL, ["funding.land_esf.until=2014-06"])
    with pytest.raises(ScenarioError) as err:
        check_params(scn, [parse_param(param)])
    assert len(err.value.problems) == 1
    assert "funding.land_esf.until: a date cannot be varied: sensitivity varies numbers " \
        "and schedules; run the scenario once per date (finsim run --set PATH=YYYY-MM) " \
        "and compare them" in str(err.value)


def test_an_exact_zero_effect_with_float_residue_reads_0_in_every_column():
    """kdu.single on net_cost_kommune (the City's PAT is bounded by the KdU it saves):
    swing and its standard error 1e-11 EUR, elasticity -4e-14, printed "0,0000" on the
    page and "-0.000" on the terminal beside the other zeros' "0" and "0.000"."""
    from finsim.report.html_sensitivity import _cell
    from finsim.report.sensitivity import _view_cells

    row = pd.Series({"metric": "net_cost_kommune", "metric_low": -222_783.15,
                     "metric_high": -222_783.15, "swing": -1.2e-11, "se_swing": 3e-12,
                     "elasticity": -4.075889466679607e-14, "noise_share": 0.0002,
                     "noise_share_crn": 0.00001})
    assert _view_cells("oat", row, first=False)[2:5] == ("0", "0", "0.000")
    assert [_cell(row, c, "net_cost_kommune", d, "de") for c, d in
            (("swing", None), ("se_swing", None), ("elasticity", 3))] == ["0", "0", "0,000"]


@pytest.mark.parametrize("lang, label", [("de", "returns.kommune 0,5–1,5 %"),
                                         ("en", "returns.kommune 0.5–1.5 %")])
def test_a_returns_share_is_labelled_in_percent(lang, label):
    """``returns.kommune=0.005:0.015`` read "returns.kommune 0,005–0,015" with no unit:
    it is a share of the gross pay, shown in percent like the other shares."""
    from finsim.report.labels import parameter_label, unit

    assert parameter_label("returns.kommune", 0.005, 0.015, lang=lang) == label
    assert unit("returns.land_budget") == unit("returns.sozialversicherung") == "%"


@pytest.mark.parametrize("lang, shown, hidden", [
    ("de", {"am unteren Wert", "am oberen Wert", "material.per_slot_month 40–60 EUR/Monat",
            "Kosten: Sachkosten (oat)"}, {"at low", "at high"}),
    ("en", {"at low", "at high", "material.per_slot_month 40–60 EUR/month",
            "Cost: Material (oat)"}, {"am unteren Wert", "am oberen Wert"})])
def test_the_tornado_pngs_are_drawn_in_the_runs_language(tmp_path, monkeypatch, lang,
                                                        shown, hidden):
    """tornado-*.png in a German results folder said "at low/at high", "base 64,800" and
    "EUR/month" while the page's charts were German; people copy the PNGs into slides."""
    from finsim.report import sensitivity as S

    drawn: list[str] = []
    real = S.save

    def keep(fig, path):
        drawn.extend(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
        real(fig, path)

    monkeypatch.setattr(S, "save", keep)
    out = tmp_path / lang
    done = _invoke(["--param", "costs.material.per_slot_month=40:60", "--metric",
                    "cost_material", "--lang", lang, "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert (out / "tornado-cost_material.png").exists()
    assert shown <= set(drawn) and not hidden & set(drawn)
    base = next(t for t in drawn if t.startswith(("Basiswert ", "base ")))
    assert base == ("Basiswert 64.800 EUR" if lang == "de" else "base 64,800 EUR")


@pytest.mark.parametrize(("method", "column", "metric", "value", "charted"), [
    ("oat", "swing", "net_cost_kommune", 4e-14, False),  # sums that cancel exactly
    ("oat", "swing", "net_cost_kommune", 0.004, False),  # below half a cent
    ("oat", "swing", "net_cost_kommune", 0.01, True),
    ("morris", "mu_star", "cost_total", -3e-12, False),
    ("oat", "swing", "placement_rate", 2e-12, False),  # a ratio: residue, not an effect
    ("oat", "swing", "placement_rate", 1e-6, True),
    ("sobol", "ST", "cost_total", 1e-12, False),
    ("sobol", "ST", "cost_total", 0.01, True),
])
def test_a_metric_moved_only_by_float_residue_gets_no_chart(method, column, metric, value,
                                                             charted):
    """A swing of 4e-14 EUR drew a tornado of empty bars beside the table's "0"."""
    from types import SimpleNamespace

    from finsim.report.sensitivity import FIGURES, chart_names

    table = pd.DataFrame({"method": [method] * 2, "parameter": ["a", "b"],
                          "metric": [metric] * 2, column: [value, np.nan]})
    for figure in FIGURES[method]:
        if figure not in table:
            table[figure] = 0.0
    if method == "oat":  # the bars OAT ranks by: from the base 0 to the swing at high
        table["metric_base"], table["metric_high"] = 0.0, table["swing"]
    base = pd.DataFrame({"metric": [metric], "noise_share": [np.nan],
                         "noise_share_crn": [np.nan]})
    result = SimpleNamespace(table=table, base=base,
                             spec=SimpleNamespace(method=method, metrics=(metric,)))
    assert bool(chart_names(result)) is charted


def test_a_design_too_small_to_trust_says_so(tmp_path):
    """-n 1 ranked the seed's two hazards the other way round from -n 50 and Sobol on 16
    base samples read ST 0.87 against 0.13 where both are about 0.4, each under "no
    warnings": the command, the page and ``Sensitivity.warnings`` now say so."""
    param = ["--param", "employment.hazards.dropout=0.01:0.03", "--metric", "cost_total"]
    one = CliRunner().invoke(main, ["sensitivity", str(SMALL), "-n", "1", "-j", "1", *param,
                                    "--out", str(tmp_path / "one")])
    assert one.exit_code == 0, one.output
    assert ("warning: one replication per point: the replication noise of the point means "
            "is not measured, so a swing or an index may be chance; use -n 2 or more"
            ) in one.output
    assert "eine Replikation je Punkt" in (tmp_path / "one" / "report.html").read_text()
    sobol = _invoke([*param, "--method", "sobol", "--samples", "4", "--out",
                     str(tmp_path / "sobol")])
    assert sobol.exit_code == 0, sobol.output
    assert ("warning: sobol on 4 base samples: its indices can be far off, beyond their "
            "95 % intervals (S1 below 0 or ST above 1 are signs of it); rank by them only "
            "after --samples 64 or more, or read the ranking from oat or morris"
            ) in sobol.output
    assert "use -n 2" not in sobol.output
    # said once, before the work and its results, not again after them
    assert sobol.output.count("sobol on 4 base samples") == 1
    assert sobol.output.index("warning: sobol on 4") < sobol.output.index("Results: ")
    oat = _invoke([*param, "--out", str(tmp_path / "oat")])
    assert "warning" not in oat.output
    api = finsim.sensitivity(SMALL, {"employment.hazards.dropout": (0.01, 0.03)},
                             metrics=["cost_total"], method="sobol", samples=4,
                             replications=2, jobs=1)
    assert any(w.startswith("sobol on 4 base samples") for w in api.warnings)


def test_the_design_s_warning_comes_before_the_work(tmp_path, monkeypatch):
    """``--method sobol`` on 16 base samples warned only after the work (150 s on the
    seed), though ``--strict`` refuses on it before any point runs: a user waited minutes
    to learn to rerun with --samples 64. It is said before the first point now."""
    import finsim.commands.sensitivity as command

    def no_work(*args, **kw):
        raise RuntimeError("the work started")

    monkeypatch.setattr(command, "base_run", no_work)
    said = CliRunner().invoke(main, [
        "sensitivity", str(SMALL), "-n", "2", "-j", "1", "--method", "sobol",
        "--param", "employment.hazards.dropout=0.01:0.03", "--metric", "cost_total",
        "--out", str(tmp_path / "s")])
    lines = said.stderr.splitlines()
    assert "(RuntimeError: the work started)" in lines[2]
    assert lines[:2] == [
        "warning: sobol on 16 base samples: its indices can be far off, beyond their 95 % "
        "intervals (S1 below 0 or ST above 1 are signs of it); rank by them only after "
        "--samples 64 or more, or read the ranking from oat or morris",
        "finsim: Small test program: sobol, 49 points x 2 replications = 98 "
        + lines[1].split(" = 98 ", 1)[1]]  # the start line: what the run will do


def test_a_non_public_funder_s_heading_is_marked_as_on_the_base_table(small):
    """The page's base-point table said "Finanzierung: Employers (nicht öffentlich)", the
    metric's heading above its tornado the bare name: the same marker in both now."""
    from finsim.report.html_sensitivity import metric_section

    result = analyze(_spec(small, ["costs.material.per_slot_month=40:60"],
                           ["funding_employers", "funding_jobcenter"], replications=2), jobs=1)
    german = "".join(metric_section(result, "funding_employers", "de"))
    assert german.startswith("<h3>Finanzierung: Employers (nicht öffentlich)</h3>")
    english = "".join(metric_section(result, "funding_employers", "en"))
    assert english.startswith("<h3>Funding: Employers (not public)</h3>")
    assert "".join(metric_section(result, "funding_jobcenter", "de")).startswith(
        "<h3>Finanzierung: Jobcenter</h3>")


def test_the_german_oat_column_is_a_signed_swing_not_a_range(tmp_path):
    """The column read "Spannweite", which in German statistics is max - min and never
    negative, over the signed difference high - low: a reader took its minus for an
    error or dropped it. It is "Ausschlag (oberer − unterer Wert)", the note says so."""
    out = tmp_path / "de"
    done = _invoke(["--param", "employment.hazards.placement=0.005:0.02", "--metric",
                    "cost_total", "--out", str(out)])
    assert done.exit_code == 0, done.output
    page = (out / "report.html").read_text(encoding="utf-8")
    swing = pd.read_csv(out / "sensitivity.csv").iloc[0]["swing"]
    assert swing < 0  # more placements: people leave sooner, the program costs less
    assert "<th scope='col'>Ausschlag (oberer − unterer Wert, EUR)</th>" in page
    assert f"<td>{number(swing, 'de')}</td>" in page  # with its minus sign
    assert "Ausschlag: Kennzahl am oberen minus am unteren Wert, mit Vorzeichen" in page
    assert "Spannweite" not in page


def test_the_base_point_s_sanity_warnings_reach_the_terminal_and_python(tmp_path):
    """A funder paying in no month of the period: ``run`` warns on the terminal and the
    sensitivity page listed it, but ``finsim sensitivity`` printed nothing of it and
    ``Sensitivity.warnings`` did not hold it."""
    idle = ("funding.land_esf: pays in no month of the period 2013-01 to 2014-12 (until "
            "2012-01), so what it would cover falls to the remainder funder or the gap: is "
            "the date right?")
    done = _invoke(["--param", "employment.hazards.dropout=0.01:0.03", "--metric",
                    "cost_total", "--set", "funding.land_esf.until=2012-01",
                    "--out", str(tmp_path / "s")])
    assert done.exit_code == 0, done.output
    assert f"warning: {idle}" in done.output
    api = finsim.sensitivity(SMALL, {"employment.hazards.dropout": (0.01, 0.03)},
                             metrics=["cost_total"], replications=2, jobs=1,
                             overrides={"funding.land_esf.until": "2012-01"})
    assert idle in api.warnings


SIXTEEN_I = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"


@pytest.mark.parametrize("method, samples", [("oat", None), ("morris", 2), ("sobol", 2)])
def test_a_budget_0_by_design_is_not_moved_by_its_float_residue(method, samples):
    """The §16i City pays exactly the KdU it saves: its net cost is 0 EUR, its point means
    float residue (9e-10). A purely relative flatness test let Sobol divide residue by
    residue (ST 1.0, a chart), OAT give elasticities (-9.2) over a base of 9e-10, and
    the noise shares (80 %) warn on the page that also said nothing moves the metric."""
    from finsim.report.html_sensitivity import noise_warnings
    from finsim.report.sensitivity import chart_names

    scn = load_scenario(SIXTEEN_I)
    spec = _spec(scn, ["passive_benefits.parts.kdu.single=550:650",
                       "employment.hazards.placement=*0.8:1.2"],
                 ["net_cost_kommune", "funding_city"], method, replications=3,
                 samples=samples)
    result = analyze(spec, jobs=1)
    rows = result.table[result.table["metric"] == "net_cost_kommune"]
    base = result.base.set_index("metric")
    assert abs(base.loc["net_cost_kommune", "mean"]) < 0.005
    assert base.loc[["net_cost_kommune"], ["noise_share", "noise_share_crn"]].isna().all().all()
    if method == "oat":
        assert rows["elasticity"].isna().all()
    else:
        figures = ["mu_star", "sigma", "mu"] if method == "morris" else ["S1", "ST"]
        assert (rows[figures] == 0).all().all()
    assert list(chart_names(result)) == ["funding_city"]
    assert noise_warnings(result, "en") == []


@pytest.mark.parametrize("y, metric, flat", [
    ([3e-10, 9e-10, -2e-10], "net_cost_kommune", True),  # residue of 0 EUR
    ([0.0, 0.004], "net_cost_kommune", True),  # below half a cent
    ([0.0, 0.01], "net_cost_kommune", False),
    ([3e-10, 9e-10], "placement_rate", True),  # below the README's 1e-9
    ([0.0, 1e-6], "placement_rate", False),
    ([167.15, 167.15 + 2e-14], "entries", True),  # round-off of a number far from 0
])
def test_flat_takes_residue_of_an_exact_zero_as_no_spread(y, metric, flat):
    """The one floor (``residue``): half a cent for money, 1e-9 for others."""
    from finsim.analysis import sensitivity as S

    assert S._flat(np.array(y)[:, None], (metric,)).tolist() == [flat]


def test_absolute_ends_on_a_schedule_warn_that_they_flatten_it(tmp_path):
    """``referrals_per_month=1:3`` on a schedule of 20 then 4 a month ran both ends flat:
    the range did not contain the base and the tornado ranked it first, with no word.
    The terminal, the page and ``Sensitivity.warnings`` now say so; a factor range and
    one month of the schedule do not."""
    line = ("participants.referrals_per_month=1:3: each end replaces the whole schedule "
            "(its 2 months) by one value, so its shape is lost and the range need not "
            "contain the base; a factor range (participants.referrals_per_month=*LOW:HIGH) "
            "scales it and keeps its shape")
    done = _invoke(["--param", "participants.referrals_per_month=1:3", "--param",
                    "participants.referrals_per_month.2013-04=1:3", "--metric", "entries",
                    "--lang", "de", "--out", str(tmp_path / "flat")])
    assert done.exit_code == 0, done.output
    assert done.output.count("warning: participants.referrals_per_month") == 1
    assert f"warning: {line}" in done.output
    page = (tmp_path / "flat" / "report.html").read_text()
    assert "jedes Ende ersetzt den ganzen Zeitplan (seine 2 Monate) durch einen Wert" in page
    scaled = _invoke(["--param", "participants.referrals_per_month=*0.8:1.2", "--metric",
                      "entries", "--out", str(tmp_path / "scaled")])
    assert "warning" not in scaled.output
    api = finsim.sensitivity(SMALL, {"participants.referrals_per_month": (1, 3)},
                             metrics=["entries"], replications=2, jobs=1)
    assert line in api.warnings


@pytest.mark.parametrize("path, lang, label", [
    ("costs.wages.subsidy_base.contributions", "en", "subsidy_base.contributions 18–22 %"),
    ("providers.cjd.costs.wages.subsidy_base.contributions.2026-01", "de",
     "subsidy_base.contributions.2026-01 18–22 %")])
def test_the_subsidy_bases_contributions_read_in_percent_as_the_other_shares(path, lang,
                                                                             label):
    """``subsidy_base.contributions=0.18:0.22`` read "0.18–0.22" with no unit beside
    ``wages.employer_contributions 20–24 %``: a share of the base, in percent."""
    from finsim.report.labels import parameter_label

    assert parameter_label(path, 0.18, 0.22, lang=lang) == label


@pytest.mark.parametrize("method, xlabel", [("oat", "base 64,800 EUR"),
                                            ("morris", "mu*, mean absolute effect (EUR)")])
def test_a_money_tornado_says_eur_and_the_terminal_says_what_its_conf_is(
        small, tmp_path, method, xlabel):
    """Tornado PNGs of a money metric read "18 M ... 20 M" and "base 19,462,157" with no
    EUR anywhere, and people copy them into slides; the terminal's ± conf of Morris and
    Sobol did not say it is a 95 % half-width (OAT's column says "± se")."""
    args = ["--param", "costs.material.per_slot_month=40:60", "--param",
            "employment.hazards.placement=0.008:0.012", "--metric", "cost_material"]
    samples = ["--samples", "2"] if method == "morris" else []
    spec = _spec(small, args[1::2][:2], ["cost_material"], method, replications=2,
                 samples=2 if method == "morris" else None)
    fig = tornado_figure(analyze(spec, jobs=1), "cost_material")
    assert fig.axes[0].get_xlabel() == xlabel
    done = _invoke([*args, "--method", method, *samples, "--out", str(tmp_path / "t")])
    assert done.exit_code == 0, done.output
    conf = ("± conf = half-width of a 95 % confidence interval (SALib's bootstrap over "
            "the samples)")
    assert (conf in done.output) is (method != "oat")


def test_noise_share_is_not_said_always_to_overstate():
    """The footer said noise_share "ignores the common seeds, so it overstates"; it is the
    base point's noise alone, so where the noise differs between points it is smaller
    than the CRN share (0.6 % against 2.6 % on the §16i file). Here the base point is
    quiet and the others noisy, by hand."""
    from finsim.analysis import sensitivity as S
    from finsim.report.sensitivity import terminal_notes

    spec = SensitivitySpec(load_scenario(SMALL), (), ("entries",))
    values = np.array([[10.0, 10.0, 10.0], [9.0, 11.0, 10.0], [12.0, 10.0, 14.0],
                       [13.0, 17.0, 15.0]])[:, :, None]
    base = S._base_frame(spec, values, values.mean(axis=1)).iloc[0]
    assert base["noise_share"] < base["noise_share_crn"]
    noise = terminal_notes("oat")[0]
    assert "so it overstates" not in noise and "usually more, but less" in noise


def test_the_terminal_s_range_says_its_unit():
    """The terminal's range column read ``53,342:56,658`` and ``0.004342:0.007658`` with
    no unit (the page has them): a range of values ends with its unit, a factor range
    stays as ``--param`` takes it. A share read ``0.01118:0.03882`` where the page and the
    tornado say ``1.118–3.882 %``: it is in percent, as there."""
    import pandas as pd

    from finsim.report.sensitivity import _range_cell

    def cell(path, low, high, scaled=False):
        return _range_cell(pd.Series({"parameter": path, "low": low, "high": high,
                                      "scaled": scaled}))

    assert cell("costs.staff.coach_cost_per_year", 53342, 56658) == "53,342:56,658 EUR/year"
    assert cell("employment.hazards.placement", 0.004342, 0.007658) == (
        "0.004342:0.007658 /month")
    assert cell("costs.wages.annual_increase", 0.01118, 0.03882) == "1.118:3.882 %"
    assert cell("returns.kommune", 0.005, 0.015) == "0.5:1.5 %"
    assert cell("providers.alpha.slots", 0.8, 1.2, scaled=True) == "*0.8:1.2"


def test_strict_refuses_sensitivity_s_warnings_and_notes_and_writes_nothing(tmp_path):
    """``sensitivity --strict`` was "No such option" though the README promised it. Now
    what the ranges alone warn about (one replication per point) and a note the page lists
    among its warnings (an uncertain parameter a --set holds) are refused before the work,
    the base point's sanity warnings (occupancy with 300 slots) before anything is
    written; without it the same lines are said and the folder is written, the design's
    warning before the start line (not again after the work)."""
    args = ["sensitivity", str(SMALL), "-j", "1", "--metric", "cost_total",
            "--set", "providers.alpha.slots=300"]
    occupancy = ("occupancy in 2 years is under 50% of the slots (participants at month end, "
                 "mean; each year with its occupancy, then participants of slots): 2013 20% "
                 "(63.0 of 310); 2014 29% (92.8 of 320): too few referrals for the slots? A "
                 "program that keeps going: referrals_per_month: on_demand, initial: full "
                 "(docs/running-programs.md)")
    held = ("employment.hazards.placement is not varied: --set holds it at the value given, "
            "so its range in the uncertainty block is left out; --param "
            "employment.hazards.placement=LOW:HIGH varies it")
    one = ("one replication per point: the replication noise of the point means is not "
           "measured, so a swing or an index may be chance; use -n 2 or more")
    # (options, said before the start line, said after the work, refused before it)
    cases = [(["-n", "2", "--set", "employment.hazards.placement=0.02"], [f"note: {held}"],
              [f"warning: {occupancy}"], None),
             (["-n", "1"], [f"warning: {one}"], [], one)]
    for k, (more, before, after, refused_early) in enumerate(cases):
        said = CliRunner().invoke(main, [*args, *more, "--out", str(tmp_path / f"said{k}")])
        assert said.exit_code == 0 and (tmp_path / f"said{k}" / "sensitivity.csv").exists()
        lines = said.stderr.splitlines()
        assert lines[:len(before)] == before  # the design's: before the work, once
        assert lines[len(before)].startswith("finsim: Small test program: oat, ")
        said_after = [line for line in lines[len(before) + 1:]
                      if line.startswith(("note: ", "warning: "))]
        assert said_after[:len(after)] == after
        assert not set(before) & set(said_after)
        early = CliRunner().invoke(main, [*args, *more, "--strict", "--out", str(tmp_path / "e")])
        assert early.exit_code == 2 and not (tmp_path / "e").exists()
        if refused_early is None:  # a note passes: the work runs, its points' warning refuses
            lines = early.stderr.splitlines()
            assert lines[0] == f"note: {held}" and lines[1].startswith("finsim: ")
            assert lines[2].startswith(f"{SMALL}: --strict: occupancy in 2 years is ")
            continue
        assert early.stderr.splitlines() == [f"{SMALL}: --strict: {refused_early}"]  # no work
    late = CliRunner().invoke(main, [*args, "-n", "2", "--strict", "--out", str(tmp_path / "l")])
    assert late.exit_code == 2 and not (tmp_path / "l").exists()
    assert late.stderr.splitlines()[1] == (
        f"{SMALL}: --strict: occupancy in 2 years is under 50% of the slots (participants at "
        "month end, mean; each year with its occupancy, then participants of slots): 2013 "
        "21% (65.8 of 310); 2014 32% (101.4 of 320): too few referrals for the slots? A "
        "program that keeps going: referrals_per_month: on_demand, initial: full "
        "(docs/running-programs.md)")
    assert len(late.stderr.splitlines()) == 2  # the start line, then 2013 and 2014 in one


def test_an_oat_point_is_the_plain_run_s_summary_to_the_cent(tmp_path):
    """The seed at its dropout 10th percentile, -n 40: the exact mean of the employers'
    funding is 1,984,891.645; sensitivity.csv said .65 (numpy's mean along the points'
    middle axis, a hair above the half) where `run --set ... --no-uncertainty` said .64
    in summary.csv, and the base point's Land/ESF 2,404,506.15 against .14. Both now take
    the mean as summary.csv does (``statistics.replication_means``): every default metric
    at the low end, the high end and the base point is the plain run's, to the cent.
    (Since management and its overhead are booked in whole cents per calendar year, the
    employers' exact mean there is 1,984,891.559, no longer on a half cent, and the base
    point's Land/ESF 2,404,505.97: the figures pinned below are today's, and the equality
    of every metric above still holds.)"""
    seed = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    low, high = "0.003618033988749895", "0.006381966011250105"
    common = [str(seed), "-n", "40", "-j", "1", "-q"]
    done = CliRunner().invoke(main, ["sensitivity", *common, "--out", str(tmp_path / "oat"),
                                     "--param", f"employment.hazards.dropout={low}:{high}"])
    assert done.exit_code == 0, done.output
    oat = pd.read_csv(tmp_path / "oat" / "sensitivity.csv", dtype=str).set_index("metric")

    def summary(name: str, *sets: str) -> pd.Series:
        ran = CliRunner().invoke(main, ["run", *common, "--no-uncertainty", *sets,
                                        "--out", str(tmp_path / name)])
        assert ran.exit_code == 0, ran.output
        return pd.read_csv(tmp_path / name / "summary.csv", dtype=str).set_index("metric")["mean"]

    dropout = "employment.hazards.dropout"
    runs = {"metric_low": summary("low", "--set", f"{dropout}={low}"),
            "metric_high": summary("high", "--set", f"{dropout}={high}"),
            "metric_base": summary("base")}
    assert list(oat.index) == ["cost_total", "funding_city", "funding_jobcenter",
                               "funding_land_esf", "funding_employers", "funding_gap",
                               "net_public_cost", "peak_prefinancing"]
    for column, run_means in runs.items():
        assert oat[column].to_dict() == run_means[oat.index].to_dict(), column
    assert oat.loc["funding_employers", "metric_low"] == "1984891.56"
    assert oat.loc["funding_land_esf", "metric_base"] == "2404505.97"


def _one_slot_file(tmp_path: Path, lag: float = 2, final: float = 0,
                   **uncertainty: dict) -> Path:
    """One slot, one wage a month (``test_cashflow_run.one_slot``), its funder paying it
    per quarter in arrears after ``lag`` months: the provider pre-finances the quarter's
    three wages and the lag's whole months, peak (3 + whole months of the lag) x WAGE."""
    import yaml

    from .test_cashflow_run import one_slot

    data = one_slot({"every": "quarter", "timing": "arrears", "lag_months": lag,
                     "final_after_months": final})
    if uncertainty:
        data["uncertainty"] = {path.replace("__", "."): dist
                               for path, dist in uncertainty.items()}
    path = tmp_path / "one.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


LAG = "funding.esf.payment.lag_months"
LAG_DIST = {"dist": "triangular", "low": 1, "mode": 2, "high": 4}
"""The seed scenario's ESF lag: P10 1 + sqrt(0.3) = 1.548, P90 4 - sqrt(0.6) = 3.225."""


def _lag_run(tmp_path: Path, *args: str) -> tuple:
    out = tmp_path / "s"
    result = CliRunner().invoke(main, [
        "sensitivity", str(_one_slot_file(tmp_path, **{LAG.replace(".", "__"): LAG_DIST})),
        "-n", "2", "-j", "1", "--metric", "peak_prefinancing", "--out", str(out), *args],
        catch_exceptions=False)
    return result, out


def test_a_payment_lag_runs_and_shows_the_whole_months_the_cash_flow_takes(tmp_path):
    """The uncertainty block's 1.548:3.225 months ran lags of 1 and 3 (the cash flow pays
    in whole months) but read "1.548:3.225 months", and the elasticity divided by 1.677
    months. Now the range is the months that act: peak 4 and 6 wages (8,112 and 12,168
    EUR), swing 4,056 over 2 months, times the base lag 2 over the base peak of 5 wages
    (10,140 EUR): 0.400 (0.477 over 1.677 months)."""
    from .test_cashflow_run import WAGE

    result, out = _lag_run(tmp_path)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if LAG in line)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells[1:7] == [LAG, "1:3 months", "8,112", "12,168", "4,056", "0"]
    assert cells[7] == "0.400"
    table = pd.read_csv(out / "sensitivity.csv")
    assert (table["low"][0], table["high"][0]) == (1, 3)
    assert (table["metric_low"][0], table["metric_high"][0]) == (4 * WAGE, 6 * WAGE)
    assert table["elasticity"][0] == pytest.approx(2 * WAGE / 2 * 2 / (5 * WAGE))
    assert "1–3 Monate" in (out / "report.html").read_text()


def test_a_scaled_lag_runs_the_whole_months_of_its_ends(tmp_path):
    """A base lag of 2.5 months acts as 2; *0.6:1.3 of it is 1.5 and 3.25, which act as
    1 and 3: factors 0.4:1.2 of 2.5, and the elasticity is over the 2 months that act
    at the base: 4,056 / 0.8 per factor x 0.8 / 10,140 = 0.400."""
    from .test_cashflow_run import WAGE

    scn = load_scenario(_one_slot_file(tmp_path, lag=2.5))
    spec = _spec(scn, [f"{LAG}=*0.6:1.3"], ["peak_prefinancing"], replications=1)
    assert (spec.params[0].low, spec.params[0].high) == pytest.approx((0.4, 1.2))
    row = _row(analyze(spec, jobs=1).table, LAG, "peak_prefinancing")
    assert (row["metric_low"], row["metric_high"]) == (4 * WAGE, 6 * WAGE)
    assert row["elasticity"] == pytest.approx(0.4)


@pytest.mark.parametrize("param, line", [
    (f"{LAG}=2.1:2.9", f"finsim sensitivity: --param: {LAG}: both ends of 2.1:2.9 act as the same "
     "2 months: the cash flow takes lag_months in whole months (a payment lands in the month in "
     "which its months end: a fractional count acts as its whole months), so the range "
     "would show no effect; widen it"),
    ("funding.esf.payment.final_after_months=*0.9:1.1", "finsim sensitivity: --param: "
     "funding.esf.payment.final_after_months: both ends of *0.9:1.1 act as the same 2 months: the "
     "cash flow "
     "takes final_after_months in whole months (a payment lands in the month in which "
     "its months end: a fractional count acts as its whole months), so the range would "
     "show no effect; widen it")])
@pytest.mark.parametrize("method", ["oat", "morris"])
def test_a_lag_range_within_one_month_is_refused(tmp_path, param, line, method):
    """2.1:2.9 ran a lag of 2 months at both ends: swing 0, elasticity 0.000 and Morris
    mu* 0, read as "the lag does not matter". 2.5 x 0.9:1.1 is 2.25:2.75, both 2."""
    out = tmp_path / "s"
    result = CliRunner().invoke(main, [
        "sensitivity", str(_one_slot_file(tmp_path, final=2.5)), "-n", "1", "--method", method,
        "--param", param, "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 2 and result.output == line + "\n" and not out.exists()


def test_morris_steps_a_lag_in_whole_months(tmp_path):
    """Morris over 1:3 months steps 1 -> 2.33 and 1.67 -> 3 and runs 1 -> 2 and 2 -> 3
    (whole months, rounded half up as slots): one wage (2,028 EUR) a month run, scaled
    back to the step sampled, so mu* is per the range shown: 4,056, the OAT swing."""
    from .test_cashflow_run import WAGE

    result, out = _lag_run(tmp_path, "--method", "morris", "--samples", "2")
    assert result.exit_code == 0, result.output
    row = pd.read_csv(out / "sensitivity.csv").iloc[0]
    assert (row["low"], row["high"]) == (1, 3)
    assert row["mu_star"] == pytest.approx(2 * WAGE)


@pytest.mark.parametrize("value, column, lang, text", [
    (-0.027, "swing", "en", "-2.7 pp"), (-0.027, "swing", "de", "-2,7 %-Punkte"),
    (0.0357, "mu_star", "en", "3.6 pp"), (0.0004, "se_swing", "de", "0,04 %-Punkte"),
    (0.0031, "sigma", "en", "0.3 pp"), (0.0031, "mu_star_conf", "en", "0.3 pp"),
    (0.853, "metric_low", "en", "85.3 %"), (0.853, "", "de", "85,3 %")])
def test_a_difference_of_rates_reads_in_percentage_points(value, column, lang, text):
    """Occupancy 88.0 % -> 85.3 % showed a swing of "-2.7 %", read as a relative change
    (-3.1 %); a swing or an elementary effect of a rate is in percentage points, the
    rate itself in percent."""
    from finsim.report.sensitivity import metric_cell

    assert metric_cell(value, "occupancy_rate", lang, column) == text


def test_swings_of_a_share_are_percentage_points_in_the_terminal_and_on_the_page(small):
    """share_land_esf at material 40 and 60 EUR: the terminal's and the page's swing and
    its standard error in percentage points (pp, %-Punkte), the ends in percent; Morris's
    mu*, ± and sigma and its chart's axis likewise."""
    from finsim.report.html_sensitivity import ranked_table
    from finsim.report.sensitivity import _view_cells, ranked

    result = analyze(_spec(small, ["costs.material.per_slot_month=40:60"],
                           ["share_land_esf"], replications=2), jobs=1)
    row = ranked(result, "share_land_esf").iloc[0]
    low, high = 100 * row["metric_low"], 100 * row["metric_high"]
    swing, se = 100 * row["swing"], 100 * row["se_swing"]
    assert abs(swing) >= 0.1 and 0.001 <= se < 0.005  # its error: 0.0 to one decimal
    cells = _view_cells("oat", row, first=False)
    assert cells[:4] == (f"{low:.1f} %", f"{high:.1f} %", f"{swing:.1f} pp", f"{se:.3f} pp")
    page = ranked_table(result, "share_land_esf", "de")
    assert (f"<td>{number(low, 'de', 1)} %</td><td>{number(high, 'de', 1)} %</td>"
            f"<td>{number(swing, 'de', 1)} %-Punkte</td>"
            f"<td>{number(se, 'de', 3)} %-Punkte</td>") in page
    morris = analyze(_spec(small, ["costs.material.per_slot_month=40:60",
                                   "employment.hazards.placement=0.008:0.012"],
                           ["share_land_esf"], "morris", replications=2, samples=2), jobs=1)
    cells = _view_cells("morris", ranked(morris, "share_land_esf").iloc[0], first=False)
    assert all(cell.endswith(" pp") for cell in cells[:3]), cells
    for lang, title in (("de", "mu*, mittlere absolute Wirkung (%-Punkte)"),
                        ("en", "mu*, mean absolute effect (pp)")):
        # the unit in the title, not on each tick: German ticks "0,0 %-Punkte0,2 %-Punkte"
        # ran into each other
        ax = tornado_figure(morris, "share_land_esf", lang=lang).axes[0]
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert ax.get_xlabel() == title
        assert ticks and all(re.fullmatch(r"-?\d+([.,]\d+)?", t) for t in ticks), ticks


def test_default_ranges_say_they_are_the_draws_10th_to_90th_percentile(tmp_path):
    """The page's "aus" column read only "uncertainty" and the terminal said nothing:
    neither said the ranges are each distribution's 10th to 90th percentile (the lag's
    1 + sqrt(0.3) : 4 - sqrt(0.6), shown as the whole months 1:3 that act). Ranges given
    with --param say "--param" and get no such line."""
    from finsim.report.html_sensitivity import parameter_table

    result, out = _lag_run(tmp_path)
    assert result.exit_code == 0, result.output
    assert ("range = the scenario's uncertainty block: each distribution's 10th to 90th "
            "percentile, the middle 80 % of its draws; a parameter in whole steps (slots, "
            "a payment lag) at the whole values those act as\n") in result.output
    page = (out / "report.html").read_text()
    assert ("<td>1 – 3</td><td>uncertainty-Block, 10.–90. Perzentil</td></tr></table></div>"
            "<p class='note'>Bereiche aus dem uncertainty-Block des Szenarios: 10. bis 90. "
            "Perzentil jeder Verteilung, die mittleren 80 % ihrer Ziehungen; eine Annahme "
            "in ganzen Schritten (Plätze, eine Zahlungsfrist) mit den ganzen Werten, mit "
            "denen diese wirken.</p>") in page
    scn = load_scenario(SMALL)
    spec = SensitivitySpec(scn, check_params(scn, uncertainty_params(scn)), ("entries",))
    english = parameter_table(type("R", (), {"spec": spec})(), "en")
    assert english.count("<td>uncertainty block, 10th–90th percentile</td>") == 2
    assert english.endswith("<p class='note'>Ranges from the scenario's uncertainty block: "
                            "each distribution's 10th to 90th percentile, the middle 80 % "
                            "of its draws.</p>")
    given = _invoke(["--param", "costs.material.per_slot_month=40:60", "--metric",
                     "cost_material", "--out", str(tmp_path / "p")])
    assert given.exit_code == 0 and "range = " not in given.output
    assert "<td>--param</td></tr></table></div><h2>" in (tmp_path / "p" / "report.html").read_text()


def test_sensitivity_json_keeps_the_notes_and_warnings_the_terminal_gave(tmp_path):
    """run.json kept its warnings, sensitivity.json none: the terminal's note (a --set
    holds an uncertain parameter) and warnings (occupancy at 300 slots) were lost with
    the terminal. It now keeps them, in the terminal's order and words, the notes apart
    under ``notes``."""
    out = tmp_path / "s"
    said = CliRunner().invoke(main, [
        "sensitivity", str(SMALL), "-j", "1", "-n", "2", "--metric", "cost_total",
        "--set", "providers.alpha.slots=300", "--set", "employment.hazards.placement=0.02",
        "--out", str(out)])
    assert said.exit_code == 0, said.output
    info = json.loads((out / "sensitivity.json").read_text())
    for kind, key in (("note: ", "notes"), ("warning: ", "warnings")):
        assert info[key] == [line.removeprefix(kind) for line in said.stderr.splitlines()
                             if line.startswith(kind)]
    assert info["notes"] == [
        "employment.hazards.placement is not varied: --set holds it at the value given, so "
        "its range in the uncertainty block is left out; --param "
        "employment.hazards.placement=LOW:HIGH varies it"]
    assert info["warnings"][:1] == [
        "occupancy in 2 years is under 50% of the slots (participants at month end, mean; "
        "each year with its occupancy, then participants of slots): 2013 20% (63.0 of 310); "
        "2014 29% (92.8 of 320): too few referrals for the slots? A program that keeps "
        "going: referrals_per_month: on_demand, initial: full (docs/running-programs.md)"]


def test_a_schedule_date_s_range_names_the_months_it_sets(tmp_path):
    """``--param PATH.YYYY-MM`` was documented and labelled as varying one month, but a
    date's value holds until the schedule's next date: beta's ``slots.2013-06`` sets
    2013-06 to 2013-12 (the next date is 2014-01), so material moves by 10 slots x 7
    months x 80 EUR = 5,600 EUR, and the terminal, the page, sensitivity.csv and the JSON
    name those months."""
    out = tmp_path / "s"
    result = _invoke(["--param", "providers.beta.slots.2013-06=15:25", "--metric",
                      "cost_material", "--lang", "en", "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert ("providers.beta.slots.2013-06: a schedule's date holds from its month until the "
            "schedule's next date (to the end if none), so the range sets 7 months, 2013-06 "
            "to 2013-12") in said
    with open(out / "sensitivity.csv", encoding="utf-8-sig") as f:
        row = next(csv.DictReader(f))
    assert (row["first_month"], row["last_month"], row["swing"]) == ("2013-06", "2013-12",
                                                                      "5600.00")
    page = (out / "report.html").read_text()
    assert "beta.slots.2013-06 (2013-06 to 2013-12) 15–25 slots" in page
    assert ("<p class='note'>providers.beta.slots.2013-06: a schedule's date holds from its "
            "month until the schedule's next date (to the end if none), so the range sets 7 "
            "months, 2013-06 to 2013-12.</p>") in page
    params = json.loads((out / "sensitivity.json").read_text())["parameters"]
    assert params[0]["months"] == ["2013-06", "2013-12"]


def test_the_terminal_s_parameter_column_names_a_date_s_months(small):
    """The terminal's parameter column read ``participants.referrals_per_month.2013-06``
    alone; the months its value holds in (to the period's end) now follow it."""
    from rich.console import Console

    from finsim.report.sensitivity import terminal_view

    spec = _spec(small, ["participants.referrals_per_month.2013-06=2:6"], ["cost_total"],
                 replications=2)
    console = Console(width=200, record=True)
    console.print(terminal_view(analyze(spec, jobs=1)))
    assert ("participants.referrals_per_month.2013-06 (2013-06 to 2014-12)"
            in console.export_text())


def test_a_date_s_label_in_german_and_for_one_month():
    """The page and tornado in German (``--lang de``, the default) say the months too."""
    from finsim.analysis.ranges import Param
    from finsim.report.labels import parameter_label
    from finsim.report.sensitivity import span_note

    assert (parameter_label("providers.beta.slots.2013-06", 15, 25, lang="de",
                            span=("2013-06", "2013-12"))
            == "beta.slots.2013-06 (2013-06 bis 2013-12) 15–25 Plätze")
    assert (parameter_label("providers.beta.slots.2013-06", 15, 25,
                            span=("2013-06", "2013-06"))
            == "beta.slots.2013-06 (2013-06 only) 15–25 slots")
    one = Param("providers.beta.slots.2013-06", 15, 25, span=("2013-06", "2013-06"))
    assert span_note(one, "de") == (
        "providers.beta.slots.2013-06: ein Datum eines Zeitplans gilt von seinem Monat bis "
        "zum nächsten Datum des Zeitplans (ohne ein solches bis zum Ende), daher setzt der "
        "Bereich 1 Monat, nur 2013-06")


def test_the_months_a_schedule_s_date_holds_in():
    """A date holds until the schedule's next date; before the first date it is the first
    (2012-06 holds from the start); a yearly cap's date in mid-year from the next January;
    a date after the period, or overtaken before it starts, holds in no month."""
    from finsim.scenario.paths import date_months
    from finsim.scenario.schedule import Month

    data = {"participants": {"referrals_per_month": {"2013-01": 20, "2013-04": 4}},
            "funding": [{"id": "land", "cap_per_year": {"2013-01": 100.0}}]}
    start = Month(2013, 1)

    def months(path: str) -> list[str] | None:
        found = date_months(data, path, start, 24)
        return None if found is None else [str(m) for m in found]

    referrals = "participants.referrals_per_month"
    assert months(f"{referrals}.2013-02") == ["2013-02", "2013-03"]
    assert months(f"{referrals}.2013-06") == [str(start + i) for i in range(5, 24)]
    assert months(f"{referrals}.2012-06") == []  # 2013-01 is in force from the start
    assert months(f"{referrals}.2015-01") == []
    assert months("funding.land.cap_per_year.2013-06") == [str(start + i)
                                                           for i in range(12, 24)]
    assert months(referrals) is None
    assert months("funding.land.cap_per_year") is None


def test_a_schedule_date_that_sets_no_month_is_refused(tmp_path):
    """``slots.2015-01`` lies after the period: both ends ran the same scenario and
    showed no effect; now one line, exit 2."""
    out = tmp_path / "s"
    result = _invoke(["--param", "providers.beta.slots.2015-01=15:25", "--out", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert ("--param: providers.beta.slots.2015-01: sets no month simulated (2013-01 to "
            "2014-12): a schedule's date holds from its month until the schedule's next "
            "date, and this one holds in none, so the range would show no effect; name a "
            "date within the period") in " ".join(result.output.split())


def test_a_factor_scales_every_tenure_year_s_share(tmp_path):
    """``covers.wages.by_tenure_year=*0.8:1.2`` was refused ("not a number or a
    schedule"): it now scales each year's share, [0.75, 0.5] to [0.6, 0.4] and [0.9, 0.6],
    and each end is the plain run with that list set, to the cent."""
    path = "funding.jobcenter.covers.wages.by_tenure_year"
    common = [str(SMALL), "-n", "3", "-j", "1", "-q"]
    done = CliRunner().invoke(main, ["sensitivity", *common, "--out", str(tmp_path / "oat"),
                                     "--param", f"{path}=*0.8:1.2", "--lang", "en",
                                     "--metric", "funding_jobcenter", "--metric", "cost_total"])
    assert done.exit_code == 0, done.output
    oat = pd.read_csv(tmp_path / "oat" / "sensitivity.csv", dtype=str).set_index("metric")

    def mean(name: str, shares: str) -> str:
        ran = CliRunner().invoke(main, ["run", *common, "--no-uncertainty", "--set",
                                        f"{path}={shares}", "--out", str(tmp_path / name)])
        assert ran.exit_code == 0, ran.output
        summary = pd.read_csv(tmp_path / name / "summary.csv", dtype=str).set_index("metric")
        return summary.loc["funding_jobcenter", "mean"]

    row = oat.loc["funding_jobcenter"]
    assert (row["metric_low"], row["metric_high"]) == (mean("low", "[0.6, 0.4]"),
                                                       mean("high", "[0.9, 0.6]"))
    assert float(row["swing"]) > 0 and oat.loc["cost_total", "swing"] == "0.00"
    page = (tmp_path / "oat" / "report.html").read_text()
    assert "wages.by_tenure_year ×0.8–1.2" in page


SEED = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def test_oat_ranks_by_the_end_farthest_from_the_base(tmp_path):
    """Both ends of referrals 0.2:0.4 cut the seed's total from 9.17 M to 0.5 and 0.7 M,
    yet its swing (high minus low, 191,098) ranked it below coach costs ±10 % (swing
    282,640), and the page named coach costs the largest swing. Terminal, page and chart
    now rank by the end farther from the base, and the caption names both ends."""
    from finsim.report.sensitivity import ranked

    args = ["--param", "participants.referrals_per_month=0.2:0.4", "--param",
            "costs.staff.coach_cost_per_year=*0.9:1.1", "--metric", "cost_total"]
    done = CliRunner().invoke(main, ["sensitivity", str(SEED), "-n", "2", "-j", "1", *args,
                                     "--lang", "en", "--out", str(tmp_path / "s")],
                              catch_exceptions=False)
    assert done.exit_code == 0, done.output
    rows = [line.split("│")[2].strip() for line in done.output.splitlines()
            if line.startswith("│")]
    assert rows == ["participants.referrals_per_month", "costs.staff.coach_cost_per_year"]
    page = (tmp_path / "s" / "report.html").read_text()
    assert ("Largest effect: participants.referrals_per_month 0.2–0.4 persons/month (from "
            "the base: -8,674,623 EUR at low, -8,483,524 EUR at high).") in page
    assert page.index("<th scope='row'>participants.referrals_per_month") < page.index(
        "<th scope='row'>staff.coach_cost_per_year")
    spec = _spec(load_scenario(SEED), args[1:4:2], ["cost_total"], replications=2)
    result = analyze(spec, jobs=1)
    assert list(ranked(result, "cost_total")["parameter"]) == [
        "participants.referrals_per_month", "costs.staff.coach_cost_per_year"]
    ax = tornado_figure(result, "cost_total", lang="en").axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "staff.coach_cost_per_year ×0.9–1.1",
        "participants.referrals_per_month 0.2–0.4 persons/month"]  # bottom-up: top last
    bars = [(round(float(b.get_y()), 2), round(float(b.get_height()), 2),
             round(b.get_width())) for b in ax.patches]
    # referrals (row 1): both ends below the base, each on half the row, the low above;
    # coach costs (row 0): one end each side, a full row each
    assert bars == [(-0.4, 0.8, -145_272), (1.0, 0.4, -8_932_433),
                    (-0.4, 0.8, 145_272), (0.6, 0.4, -8_827_846)]


def test_same_side_splits_a_row_only_where_both_ends_move_one_way():
    from finsim.report.sensitivity import same_side

    low, high = np.array([-3.0, -3.0, 2.0, 0.0, np.nan]), np.array([-1.0, 2.0, 5.0, 1.0, 1.0])
    assert same_side(low, high).tolist() == [True, False, True, False, False]


@pytest.mark.parametrize(("method", "metric", "lang", "title"), [
    ("morris", "occupancy_rate", "de", "mu*, mittlere absolute Wirkung (%-Punkte)"),
    ("morris", "occupancy_rate", "en", "mu*, mean absolute effect (pp)"),
    ("morris", "cost_total", "de", "mu*, mittlere absolute Wirkung (EUR)"),
    ("morris", "entries", "en", "mu*, mean absolute effect"),
    ("sobol", "cost_total", "en", "ST, total-order index"),
    ("sobol", "occupancy_rate", "de", "ST, Totaleffekt-Index")])
def test_a_sampled_tornado_s_axis_names_its_index_and_unit(method, metric, lang, title):
    """The axis read the raw column name ``mu_star`` where the page says mu*."""
    from finsim.report.sensitivity import index_title

    assert index_title(method, metric, lang) == title


SIXTEEN_I = SEED.parent / "aktiv-statt-passiv-2026-16i.yaml"
BUDGET_SPLIT = ("the shares of funding.land_esf.budget add up to 1, so one cannot be varied "
                "alone (nor all scaled): write each split in a scenario of its own{} and "
                "compare them with finsim compare; the split moves only the budgets' net "
                "costs (net_cost_<budget>)")


@pytest.mark.parametrize(("param", "example"), [
    ("funding.land_esf.budget.land=0.5:0.7", " (budget: {land: 0.5, eu: 0.5})"),
    ("funding.land_esf.budget.eu=0.3:0.4", " (budget: {land: 0.7, eu: 0.3})"),
    ("funding.land_esf.budget.land=50:70", ""),  # no share to show a split with
    ("funding.land_esf.budget=*0.9:1.1", "")])
def test_a_budget_share_range_is_refused_with_advice_that_works(tmp_path, param, example):
    """``budget.land=0.5:0.7`` was told "the budgets' shares add up to 0.9 ... — narrow
    the range", but only the base's 0.6 adds up to 1 with eu's 0.4: no range works."""
    done = CliRunner().invoke(main, ["sensitivity", str(SIXTEEN_I), "-n", "2", "-q", "--out",
                                     str(tmp_path / "s"), "--param", param])
    path = param.partition("=")[0]
    assert (done.exit_code, done.output) == (
        2, f"finsim sensitivity: --param: {path}: {BUDGET_SPLIT.format(example)}\n")


@pytest.mark.parametrize(("schedule", "elasticity"), [
    ({"2013-01": 50}, 720 * 50 / 64_800),  # one date: its value is the base
    ({"2013-01": 50, "2014-01": 50}, 720 * 50 / 64_800),  # one value at every date
    ({"2013-01": 40, "2014-01": 60}, None)])  # several values: no one base value
def test_a_schedule_of_one_value_has_an_elasticity(schedule, elasticity):
    """``costs.wages.hourly=9:11`` had no elasticity on the seed's ``{2013-01: 9.89}``
    while ``costs.wages.hourly.2013-01=9:11`` had 0.7313: any schedule read as having
    no base value. cost_material = 720 x rate + 28,800 (64,800 at the base rate 50)."""
    scn = finsim.load(SMALL, {"costs.material.per_slot_month": schedule})
    table = analyze(_spec(scn, ["costs.material.per_slot_month=40:60"], ["cost_material"],
                          replications=2), jobs=1).table
    row = _row(table, "costs.material.per_slot_month", "cost_material")
    assert row["swing"] == pytest.approx(720 * 20, abs=1e-6)
    if elasticity is None:
        assert np.isnan(row["elasticity"])
    else:
        assert row["elasticity"] == pytest.approx(elasticity)


def test_written_swing_is_the_difference_of_the_written_ends():
    """The swing of a money metric came from the unrounded means, so a row read
    10,022,740.27 - 8,653,018.92 = 1,369,721.34. It is now the difference of the ends
    as written (to the cent); a share's swing stays as computed."""
    from finsim.report.sensitivity import written_swing

    frame = pd.DataFrame({"metric": ["cost_total", "cost_total", "occupancy_rate"],
                          "metric_low": [8_653_018.9249, 9_447_181.6049, 0.81234],
                          "metric_high": [10_022_740.2651, 9_081_192.5551, 0.85678],
                          "swing": [1_369_721.3402, -365_989.0498, 0.04444]})
    assert written_swing(frame).tolist() == [1_369_721.35, -365_989.04, 0.04444]


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    """The probe's run of the seed: the wage as a whole and as its one date, the
    placement scaled; the folder and the terminal's output."""
    out = tmp_path_factory.mktemp("probe") / "a"
    done = CliRunner().invoke(main, [
        "sensitivity", str(SEED), "--method", "oat", "--param", "costs.wages.hourly=9:11",
        "--param", "costs.wages.hourly.2013-01=9:11", "--param",
        "employment.hazards.placement=*0.5:1.5", "-n", "20", "-j", "1", "--metric",
        "cost_total", "--metric", "funding_gap", "--out", str(out)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    with (out / "sensitivity.csv").open(encoding="utf-8") as file:
        rows = {(r["parameter"], r["metric"]): r for r in csv.DictReader(file)}
    return out, rows, done.output


def test_the_seed_s_sensitivity_csv_adds_up_to_the_cent(probe):
    """The hourly wage's swing read 1369721.34 beside ends of 8653018.92 and 10022740.27
    (1,369,721.35 by hand), the placement's -365989.03 beside 9447181.60 and 9081192.56
    (-365,989.04 by hand)."""
    from decimal import Decimal

    _, rows, _ = probe
    wage = rows["costs.wages.hourly", "cost_total"]
    placement = rows["employment.hazards.placement", "cost_total"]
    assert [wage[c] for c in ("metric_low", "metric_high", "swing")] == [
        "8653018.92", "10022740.27", "1369721.35"]
    assert [placement[c] for c in ("metric_low", "metric_high", "swing")] == [
        "9447181.60", "9081192.56", "-365989.04"]
    for row in rows.values():
        assert Decimal(row["metric_high"]) - Decimal(row["metric_low"]) == Decimal(
            row["swing"])


def test_the_seed_s_one_date_wage_has_its_date_s_elasticity(probe):
    """``costs.wages.hourly=9:11`` over the seed's ``{2013-01: 9.89}`` had no elasticity
    where ``costs.wages.hourly.2013-01=9:11`` had 0.7313 (1,369,721.35 / 2 x 9.89 /
    9,262,544.99 by hand), in the file and on the terminal."""
    _, rows, output = probe
    wage, dated = (rows[path, "cost_total"]
                   for path in ("costs.wages.hourly", "costs.wages.hourly.2013-01"))
    assert round(float(wage["elasticity"]), 4) == 0.7313
    assert wage["elasticity"] == dated["elasticity"]
    assert output.count("│      0.731 │") == 2


def test_sensitivity_json_gives_the_base_as_the_csv_does(probe):
    """sensitivity.json's ``base`` read mean 9262544.986... and se 106725.44... where
    sensitivity.csv's metric_base and se_base read 9262544.99 and 106725.44."""
    out, rows, _ = probe
    base = json.loads((out / "sensitivity.json").read_text())["base"]
    assert [(b["metric"], b["mean"], b["se"]) for b in base] == [
        ("cost_total", 9262544.99, 106725.44), ("funding_gap", 0.0, 0.0)]
    wage = rows["costs.wages.hourly", "cost_total"]
    assert (wage["metric_base"], wage["se_base"]) == ("9262544.99", "106725.44")


def test_a_split_that_moves_nothing_shows_no_swing():
    """``passive_benefits.parts.kdu_federal_share=*0.9:1.1`` (a pure budget split) moved
    net_public_cost by float residue across a half cent: 19,382,545.45 at low, .44 at
    high, a swing of -0.01 beside a noise of "not moved" and an elasticity of -8.6e-15.
    Ends within float residue of the base are the base; a cent's move stays one."""
    from finsim.analysis.sensitivity import _unmoved_on_base

    residue = np.array([19382545.444999997, 19382545.445000004, 19382545.444999997])
    assert _unmoved_on_base(residue, "net_public_cost").tolist() == [residue[0]] * 3
    cent = np.array([19382545.44, 19382545.45, 19382545.44])
    assert _unmoved_on_base(cent, "net_public_cost").tolist() == cent.tolist()
    scn = load_scenario(SIXTEEN_I)
    spec = SensitivitySpec(scn, check_params(scn, [parse_param(
        "passive_benefits.parts.kdu_federal_share=*0.9:1.1")]), ("net_public_cost",),
        replications=10, seed=2013)
    row = analyze(spec, jobs=1).table.iloc[0]
    assert (row["swing"], row["elasticity"]) == (0.0, 0.0)
    assert row["metric_low"] == row["metric_high"] == row["metric_base"]

"""``sensitivity --param PATH=LOW:HIGH`` and ``run --set PATH=VALUE`` take the same paths
(``paths.in_force``, ``paths.written``), so each OAT point can be checked with a plain run
of the same path: a month a schedule does not write, a month of a named series
(``minimum_wage``), a provider's override the file does not write. Where a path cannot be
taken, both give the same line."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

import finsim
from finsim.analysis.ranges import check_params, parse_param
from finsim.cli import main
from finsim.scenario import load_scenario, resolved_data
from finsim.scenario.load import new_rule_notes
from finsim.scenario.minimum_wage import minimum_wage_schedule
from finsim.scenario.paths import PathError, in_force, set_path, written

ROOT = Path(__file__).parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small.yaml"
S13 = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
S16I = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"


def _minimum_wage_file(tmp_path: Path) -> Path:
    """The small fixture in 2026, its wage the statutory minimum wage (a named series)."""
    data = yaml.safe_load(SMALL.read_text("utf-8"))
    data["period"]["start"] = "2026-01"
    data["costs"]["wages"]["hourly"] = "minimum_wage"
    path = tmp_path / "mw.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return path


def _oat_equals_runs(tmp_path: Path, scenario: Path, path: str, low: str, high: str
                     ) -> pd.DataFrame:
    """The OAT table of ``path=low:high`` after asserting that its low, high and base
    points are the plain runs' summary.csv (``run --set path=...``), to the cent."""
    common = [str(scenario), "-n", "3", "-j", "1", "-q"]
    done = CliRunner().invoke(main, ["sensitivity", *common, "--out", str(tmp_path / "oat"),
                                     "--param", f"{path}={low}:{high}"])
    assert done.exit_code == 0, done.output
    oat = pd.read_csv(tmp_path / "oat" / "sensitivity.csv", dtype=str).set_index("metric")

    def summary(name: str, *sets: str) -> dict:
        ran = CliRunner().invoke(main, ["run", *common, "--no-uncertainty", *sets,
                                        "--out", str(tmp_path / name)])
        assert ran.exit_code == 0, ran.output
        means = pd.read_csv(tmp_path / name / "summary.csv", dtype=str).set_index("metric")
        return means["mean"][oat.index].to_dict()

    assert oat["metric_low"].to_dict() == summary("low", "--set", f"{path}={low}")
    assert oat["metric_high"].to_dict() == summary("high", "--set", f"{path}={high}")
    assert oat["metric_base"].to_dict() == summary("base")
    assert oat["metric_low"].to_dict() != oat["metric_high"].to_dict()  # the path acts
    return oat


def test_a_month_of_a_named_series_is_the_series_with_that_month_set(tmp_path):
    """The probe's (a): ``--set`` refused a month under ``hourly: minimum_wage`` ("is
    below a plain value ... set it whole") that ``--param`` varied."""
    scenario = _minimum_wage_file(tmp_path)
    oat = _oat_equals_runs(tmp_path, scenario, "costs.wages.hourly.2027-01", "14", "15")
    assert oat.loc["cost_total", "low"] == "14.0"
    scn = load_scenario(scenario, ["costs.wages.hourly.2027-01=14.0"])
    assert scn.costs.wages.hourly == {**minimum_wage_schedule(), "2027-01": 14.0}


@pytest.mark.parametrize("scenario, path, low, high", [
    (S16I, "costs.wages.subsidy_base.hourly.2027-01", "14", "15"),
    (S16I, "participants.referrals_per_month.2026-06", "1", "3"),
    (S13, "providers.cjd.employment.hazards.placement", "0.003", "0.009"),
])
def test_the_probe_s_paths_run_through_both_commands(tmp_path, scenario, path, low, high):
    _oat_equals_runs(tmp_path, scenario, path, low, high)


def test_a_month_a_schedule_does_not_write_has_the_value_in_force_then(tmp_path):
    """The probe's (b): ``--param`` refused "no key '2026-06'" where ``--set`` added the
    month. Its base is the value in force in that month (4 from 2013-04 on), which the
    elasticity divides by."""
    path = "participants.referrals_per_month.2013-06"
    scn = load_scenario(SMALL)
    assert check_params(scn, [parse_param(f"{path}=1:3")])[0].low == 1
    assert in_force(resolved_data(scn), path) == 4
    oat = _oat_equals_runs(tmp_path, SMALL, path, "1", "3")
    row = oat.loc["cost_total", ["metric_low", "metric_high", "metric_base", "elasticity"]
                  ].astype(float)  # the means to the cent: approx
    slope = (row["metric_high"] - row["metric_low"]) / (3 - 1)
    assert row["elasticity"] == pytest.approx(slope * 4 / row["metric_base"], rel=1e-7)


@pytest.mark.parametrize("provider", ["alpha", "beta"])
def test_a_provider_override_not_written_has_the_program_s_value(tmp_path, provider):
    """The probe's (b): ``--param providers.cjd.employment.hazards.placement`` refused "no
    key 'employment'" where ``--set`` made the override. alpha has no override, beta one
    of its dropout only: the base of both is the program's placement, 0.01."""
    path = f"providers.{provider}.employment.hazards.placement"
    assert in_force(resolved_data(load_scenario(SMALL)), path) == 0.01
    _oat_equals_runs(tmp_path, SMALL, path, "0.005", "0.02")
    scn = load_scenario(SMALL, [f"{path}=0.005"])
    hazards = next(p for p in scn.providers if p.id == provider).employment.hazards
    assert (hazards.placement, hazards.dropout) == (0.005, None if provider == "alpha"
                                                    else 0.02)


def test_a_month_of_the_program_s_schedule_under_a_provider_keeps_the_schedule():
    """A month a provider's override does not write, of the program's wage schedule: the
    program's schedule with that month set, not a schedule of that month alone (whose
    value would hold from the first month on)."""
    data = {"costs": {"wages": {"hourly": {"2013-01": 8.62, "2014-01": 9.0}}},
            "providers": [{"id": "a", "slots": 3}]}
    path = "providers.a.costs.wages.hourly.2013-07"
    assert in_force(data, path) == 8.62
    assert written(data, path, 8.8) == ("providers.a.costs.wages.hourly",
                                        {"2013-01": 8.62, "2014-01": 9.0, "2013-07": 8.8})
    assert set_path(data, path, 8.8)["providers"][0]["costs"]["wages"]["hourly"] == {
        "2013-01": 8.62, "2014-01": 9.0, "2013-07": 8.8}
    assert in_force(data, "costs.wages.hourly.2012-05") == 8.62  # before the first: the first


def test_a_path_neither_takes_gives_both_commands_the_same_line(tmp_path):
    """A month below a plain number: no schedule to set it in, so both refuse it with the
    line ``--set`` gives, only the source differs."""
    path = "employment.hazards.placement.2013-06"
    why = (f"{path}: '2013-06' is below a plain value: employment.hazards.placement is "
           "0.01, not a block of keys; set it whole (employment.hazards.placement=...)")
    ran = CliRunner().invoke(main, ["run", str(SMALL), "-n", "1", "--set", f"{path}=0.02",
                                    "--out", str(tmp_path / "r")])
    varied = CliRunner().invoke(main, ["sensitivity", str(SMALL), "-n", "1", "--param",
                                       f"{path}=0.005:0.02", "--out", str(tmp_path / "s")])
    assert (ran.exit_code, varied.exit_code) == (2, 2)
    assert ran.stderr.splitlines() == [f"{SMALL} (--set): {why}"]
    assert varied.stderr.splitlines() == [f"finsim sensitivity: --param: {why}"]
    with pytest.raises(PathError, match="below a plain value"):
        in_force(resolved_data(load_scenario(SMALL)), path)


def test_a_month_of_a_land_s_kdu_share_is_its_table_with_that_month_set():
    """``kdu_federal_share: NW`` is the Land's table by year (2024-01 to 2026-01): a
    month of it is the table with that month set, through both commands."""
    path = "passive_benefits.parts.kdu_federal_share.2027-01"
    scn = load_scenario(S16I, [f"{path}=0.4"])
    assert dict(scn.passive_benefits.parts.kdu_federal_share) == {
        "2024-01": 0.713, "2025-01": 0.721, "2026-01": 0.721, "2027-01": 0.4}
    base = load_scenario(S16I)
    assert in_force(resolved_data(base), path) == 0.721
    assert check_params(base, [parse_param(f"{path}=0.4:0.5")])[0].high == 0.5


@pytest.mark.parametrize("path, low, high", [
    ("funding.employers.payment.lag_months", "0", "3"),
    ("funding.land_esf.payment.retention", "0", "0.2"),
    ("funding.employers.cap_per_year", "100000", "200000"),
    ("funding.land_esf.cap_total", "100000", "900000"),
])
def test_a_funder_s_setting_the_file_does_not_write_runs_unset_at_the_base(
        tmp_path, path, low, high):
    """The fuzz probe's: ``--param`` refused a funder's payment terms and caps the file
    does not write ("no key 'payment'"), which ``--set`` took. None of them acts there
    (no payment terms, no cap): the base point runs without it, each end is the plain
    ``run --set`` to the cent, the elasticity is blank and a note says why."""
    assert in_force(resolved_data(load_scenario(SMALL)), path) is None
    oat = _oat_equals_runs(tmp_path, SMALL, path, low, high)
    assert oat["elasticity"].isna().all()
    done = CliRunner().invoke(main, ["sensitivity", str(SMALL), "-n", "2", "-j", "1",
                                     "--param", f"{path}={low}:{high}",
                                     "--out", str(tmp_path / "noted")])
    assert done.exit_code == 0, done.output
    assert f"note: {path} is unset in the scenario (none acts): the base point runs " \
           "without it, the range's ends set it, and its elasticity is left blank" \
           in done.stderr.splitlines()


def test_a_factor_over_an_unset_value_is_refused_with_what_to_give(tmp_path):
    path = "funding.land_esf.cap_total"
    done = CliRunner().invoke(main, ["sensitivity", str(SMALL), "-n", "1", "--param",
                                     f"{path}=*1:2", "--out", str(tmp_path / "s")])
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        f"finsim sensitivity: --param: {path}: the scenario leaves it unset (none acts: no cap, no "
        "payment terms), so a factor (*1:2) has no value to scale; give absolute ends, "
        f"{path}=LOW:HIGH"]


def test_an_unwritten_field_is_the_model_s_default_and_a_typo_still_refused():
    """A block's field the file leaves out is its default (a funder's ``basis``, an
    override's key under a funder written without it); a key of no model is refused by
    name, with the keys its block takes, also below a block the file leaves out."""
    data = resolved_data(load_scenario(SMALL))
    del data["funding"][0]["basis"]
    assert in_force(data, "funding.jobcenter.basis") == "cost"
    assert in_force(data, "funding.employers.transfer.cap_per_year") is None
    with pytest.raises(PathError) as caught:
        in_force(data, "funding.employers.payment.bogus")
    assert str(caught.value) == ("unknown key 'bogus' (expected: every, timing, lag_months, "
                                 "retention, final_after_months, advance)")
    with pytest.raises(PathError, match="no item with id 'nope'"):
        in_force(data, "funding.nope.cap_total")


def test_morris_has_no_base_point_so_no_unset_note(tmp_path):
    done = CliRunner().invoke(main, ["sensitivity", str(SMALL), "--method", "morris",
                                     "--samples", "2", "-n", "1", "-j", "1", "--param",
                                     "funding.employers.payment.lag_months=0:3",
                                     "--out", str(tmp_path / "m")])
    assert done.exit_code == 0, done.output
    assert not any("unset" in line for line in done.stderr.splitlines())


@pytest.mark.parametrize("path", ["funding.employers.payment.bogus",
                                  "funding.employers.payment.bogus.deeper"])
def test_an_unknown_key_under_a_payment_block_the_file_leaves_out_is_named(tmp_path, path):
    """``--param funding.employers.payment.bogus=1:2`` (no payment terms in the file) was
    refused as "no key 'payment' (has: id, name, ...)", the block rather than the typo;
    now one line names the unknown key and the keys payment terms take, exit 2, as
    ``--set`` names it an unknown key."""
    done = CliRunner().invoke(main, ["sensitivity", str(SMALL), "-n", "1", "--param",
                                     f"{path}=1:2", "--out", str(tmp_path / "s")])
    assert done.exit_code == 2 and not (tmp_path / "s").exists()
    assert done.stderr.splitlines() == [
        f"finsim sensitivity: --param: {path}: unknown key 'bogus' (expected: every, timing, "
        "lag_months, retention, final_after_months, advance)"]
    ran = CliRunner().invoke(main, ["run", str(SMALL), "-n", "1", "--set",
                                    "funding.employers.payment.bogus=1",
                                    "--out", str(tmp_path / "r")])
    assert ran.exit_code == 2 and ran.stderr.splitlines() == [
        f"{SMALL} (--set): funding.employers.payment.bogus: unknown key 'bogus' (expected: "
        "every, timing, lag_months, retention, final_after_months, advance)"]


def _dated_covers(tmp_path: Path) -> Path:
    """The small fixture whose land_esf covers by date: 2013-07's rule 0.4 of each."""
    data = yaml.safe_load(SMALL.read_text("utf-8"))
    land = next(f for f in data["funding"] if f["id"] == "land_esf")
    land["covers"] = {"2013-01": {"staff": 0.5, "material": 1.0, "qualification": 1.0},
                      "2013-07": {"staff": 0.4, "material": 0.4, "qualification": 0.4}}
    land.pop("cap_per_year", None)
    land.pop("cap_total", None)
    path = tmp_path / "dated.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return path


def test_every_key_of_new_dated_rules_is_noted_through_later_loads(tmp_path):
    """Two sets into one new date noted the first key alone (material 0.3 ran unsaid), and
    ``finsim.load(scn, overrides)`` making another new rule dropped the earlier note.
    Every key is noted, in order, once, a key set again with its later value."""
    scenario = _dated_covers(tmp_path)
    covers = "funding.land_esf.covers"
    both = load_scenario(scenario, [f"{covers}.2014-01.staff=0.2",
                                    f"{covers}.2014-01.material=0.3"])
    assert new_rule_notes(both) == [
        f"{covers}.2014-01: a new dated rule, copied from 2013-07's with staff 0.2, "
        "material 0.3"]
    later = finsim.load(finsim.load(both, {f"{covers}.2015-01.qualification": 0.1}),
                        {f"{covers}.2014-01.staff": 0.25})
    assert new_rule_notes(later) == [
        f"{covers}.2014-01: a new dated rule, copied from 2013-07's with staff 0.25, "
        "material 0.3",
        f"{covers}.2015-01: a new dated rule, copied from 2014-01's with qualification 0.1"]


def test_sensitivity_says_a_new_dated_rule_of_a_set_once(tmp_path):
    """A ``--set`` making a new dated rule, in ``sensitivity``: the line came as ``note:``
    (the parameters' notes) and again as ``warning:`` (the base point's), twice in
    sensitivity.json too. Now once, as the base point's warning, as ``run`` says it."""
    scenario = _dated_covers(tmp_path)
    line = ("funding.land_esf.covers.2014-01: a new dated rule, copied from 2013-07's with "
            "staff 0.2")
    out = tmp_path / "out"
    done = CliRunner().invoke(main, [
        "sensitivity", str(scenario), "-n", "2", "-j", "1",
        "--set", "funding.land_esf.covers.2014-01.staff=0.2",
        "--param", "funding.land_esf.covers.2013-07.material=0.3:0.5", "--out", str(out)])
    assert done.exit_code == 0, done.output
    said = [x for x in done.output.splitlines() if x.startswith(("note:", "warning:"))]
    assert said == [f"warning: {line}"]
    assert json.loads((out / "sensitivity.json").read_text("utf-8"))["warnings"] == [line]


def test_a_key_in_a_new_date_of_dated_rules_copies_the_rule_before_it(tmp_path):
    """`--set funding.land_esf.covers.2029-01.staff=0.2` made a rule of staff alone:
    material and qualification fell from 0.4 to 0 (to the employers) without a word, and
    `--param` on the same path said "no key '2029-01'". Both now copy the rule in force
    before the date and change that key alone, and say so in one line: the run equals
    the rule written whole, to the cent."""
    scenario = _dated_covers(tmp_path)
    path = "funding.land_esf.covers.2014-01.staff"
    scn = load_scenario(scenario, [f"{path}=0.2"])
    land = next(f for f in scn.funding if f.id == "land_esf")
    assert {k: float(v) for k, v in land.shares_at("2014-03").items()} == {
        "staff": 0.2, "material": 0.4, "qualification": 0.4}
    line = ("funding.land_esf.covers.2014-01: a new dated rule, copied from 2013-07's with "
            "staff 0.2")
    common = [str(scenario), "-n", "2", "-j", "1", "--no-uncertainty"]

    def ledger(name: str, *sets: str) -> tuple[str, str]:
        done = CliRunner().invoke(main, ["run", *common, *sets, "--out",
                                         str(tmp_path / name)])
        assert done.exit_code == 0, done.output
        return done.output, (tmp_path / name / "ledger.csv").read_text("utf-8")

    said, made = ledger("set", "--set", f"{path}=0.2")
    assert f"warning: {line}\n" in said
    whole_said, whole = ledger("whole", "--set", "funding.land_esf.covers.2014-01="
                               "{staff: 0.2, material: 0.4, qualification: 0.4}")
    assert made == whole and "a new dated rule" not in whole_said
    rows = pd.read_csv(tmp_path / "set" / "ledger.csv")
    paid = rows[(rows.funder == "land_esf") & rows.month.str.startswith("2014")]
    assert {c: round(float(paid[paid.category == c].amount.sum()), 2) for c in (
        "staff", "material", "qualification")} == {
        "staff": 50307.24, "material": 14880.0, "qualification": 8430.0}  # were 0 and 0
    data = resolved_data(load_scenario(scenario))
    assert in_force(data, path) == 0.4  # the --param base: the rule before it
    oat = _oat_equals_runs(tmp_path, scenario, path, "0.3", "0.5")
    assert oat.loc["cost_total", "low"] == "0.3"
    done = CliRunner().invoke(main, ["sensitivity", str(scenario), "-n", "2", "-j", "1",
                                     "--param", f"{path}=0.3:0.5",
                                     "--out", str(tmp_path / "note")])
    assert ("note: funding.land_esf.covers.2014-01: a new dated rule, copied from 2013-07's "
            "with staff 0.3:0.5\n") in done.output
    before = "funding.land_esf.covers.2012-01.staff"
    refusal = ("'2012-01' is a new date before the first, 2013-01, when no rule is in force "
               "to start from: write the whole rule (funding.land_esf.covers.2012-01={...})")
    with pytest.raises(PathError, match="before the first, 2013-01"):
        in_force(data, before)
    for command in (["run", *common, "--set", f"{before}=0.2"],
                    ["sensitivity", str(scenario), "-n", "2", "--param", f"{before}=0.1:0.3"]):
        refused = CliRunner().invoke(main, [*command, "--out", str(tmp_path / "no")])
        assert refused.exit_code == 2 and refusal in refused.output, refused.output

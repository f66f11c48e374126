"""`finsim run`: reproducible whatever --jobs, atomic, --force, locale, honest summary."""

import json
import signal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.commands import JobOptions, run_job
from finsim.commands.folder import MANIFEST, default_out
from finsim.montecarlo import RunSpec, run
from finsim.montecarlo.uncertainty import drawn_program
from finsim.program import compile_program
from finsim.report import files
from finsim.report.monitoring import WORDS
from finsim.scenario import (
    CATEGORIES,
    Scenario,
    ScenarioError,
    load_scenario,
    scenario_from_dict,
)

from .conftest import SMALL
from .processes import interrupted


def _run(*args: str) -> "CliRunner.Result":
    return CliRunner().invoke(main, ["run", str(SMALL), "--quiet", *args])


def test_results_identical_for_any_jobs(tmp_path):
    """Same seed, same results, whatever --jobs: every file byte for byte but run.json."""
    one, two = tmp_path / "one", tmp_path / "two"
    assert _run("-n", "25", "--jobs", "1", "--out", str(one)).exit_code == 0
    assert _run("-n", "25", "--jobs", "2", "--out", str(two)).exit_code == 0
    for name in files.RESULT_TABLES:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_first_replications_do_not_depend_on_total(small):
    """10 vs 20 replications share their first 10, draws included."""
    ten = run(RunSpec(small, 10, 3), jobs=1).replications
    twenty = run(RunSpec(small, 20, 3), jobs=2).replications
    pd.testing.assert_frame_equal(ten, twenty.iloc[:10])
    assert not twenty.iloc[10:].equals(twenty.iloc[:10])


def test_uncertainty_draws_vary_and_can_be_switched_off(small):
    drawn = run(RunSpec(small, 10, 3), jobs=1).replications
    assert drawn["employment.hazards.placement"].nunique() == 10
    assert drawn["employment.hazards.placement"].min() >= 0.005
    assert drawn["employment.hazards.placement"].max() <= 0.02
    plain = run(RunSpec(small, 10, 3, uncertainty=False), jobs=1).replications
    assert "employment.hazards.placement" not in plain.columns


def test_results_folder_is_complete_and_summary_matches_replications(tmp_path):
    out = tmp_path / "res"
    assert _run("-n", "12", "--out", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([*files.RESULT_TABLES, "run.json",
                                                              "cashflow.png", "report.html",
                                                              "results.xlsx", MANIFEST])
    summary = pd.read_csv(out / "summary.csv").set_index("metric")
    reps = pd.read_csv(out / "replications.csv")
    # the files round (money to cents, counts and shares to 6 decimals): half a unit of
    # the last written place, plus what rounding the replications moved the statistic
    for metric, places in (("entries", 6), ("cost_total", 2), ("funding_jobcenter", 2),
                           ("share_employers", 6)):
        values = reps[metric].to_numpy()
        near = {"abs": 10.0 ** -places}
        assert summary.loc[metric, "mean"] == pytest.approx(values.mean(), **near)
        assert summary.loc[metric, "std"] == pytest.approx(values.std(ddof=1), **near)
        assert summary.loc[metric, "p05"] == pytest.approx(np.percentile(values, 5), **near)
        assert summary.loc[metric, "p95"] == pytest.approx(np.percentile(values, 95), **near)
    info = json.loads((out / "run.json").read_text())
    assert info["replications"] == 12 and info["seed"] == 7
    assert info["scenario"]["name"] == "Small test program"
    assert set(info["versions"]) >= {"python", "numpy", "simpy"}


def test_run_json_s_scenario_holds_the_seed_and_replications_used(tmp_path):
    """-n and --seed override the file's simulation block (20 replications, seed 7): the
    recorded scenario says what ran, so a run from it gives the same numbers."""
    out = tmp_path / "res"
    assert _run("-n", "3", "--seed", "11", "--out", str(out)).exit_code == 0
    info = json.loads((out / "run.json").read_text())
    assert info["scenario"]["simulation"] == {"replications": 3, "seed": 11}
    recorded = scenario_from_dict(info["scenario"])
    again = run(RunSpec(recorded, recorded.simulation.replications, recorded.simulation.seed))
    first = run(RunSpec(load_scenario(SMALL), 3, 11))
    assert np.array_equal(again.metric_values, first.metric_values, equal_nan=True)


def test_run_json_of_a_run_without_draws_reruns_without_them(tmp_path):
    """A --no-uncertainty run recorded the file's draws in run.json's scenario (beside
    "uncertainty": false), so a run from it drew them and gave other numbers: the
    recorded scenario draws nothing, as the run did."""
    out = tmp_path / "res"
    assert _run("-n", "3", "--no-uncertainty", "--out", str(out)).exit_code == 0
    info = json.loads((out / "run.json").read_text())
    assert info["uncertainty"] is False and info["scenario"]["uncertainty"] == {}
    recorded = scenario_from_dict(info["scenario"])
    again = run(RunSpec(recorded, 3, recorded.simulation.seed))
    first = run(RunSpec(load_scenario(SMALL), 3, recorded.simulation.seed, uncertainty=False))
    assert np.array_equal(again.metric_values, first.metric_values, equal_nan=True)


def test_a_run_json_runs_again_to_the_same_bytes_unless_its_data_changed(tmp_path):
    """``finsim run outputs/x/run.json`` was read as a scenario and refused with two
    lines on YAML's true/false that hid what it was: it now runs the scenario recorded,
    every table the same bytes as the run that wrote it (its --set, -n and --seed), and
    is refused where a data file the run used has changed since."""
    from .conftest import two_persons

    first, again = tmp_path / "first", tmp_path / "again"
    assert _run("-n", "3", "--seed", "11", "--set", "providers.alpha.slots=12",
                "--out", str(first)).exit_code == 0
    rerun = CliRunner().invoke(main, ["run", str(first / "run.json"), "-q", "--out",
                                      str(again)])
    assert rerun.exit_code == 0, rerun.output
    for name in files.RESULT_TABLES:
        assert (first / name).read_bytes() == (again / name).read_bytes(), name
    scenario = two_persons(tmp_path)
    out = tmp_path / "two"
    assert CliRunner().invoke(main, ["run", str(scenario), "-n", "2", "-q", "--out",
                                     str(out)]).exit_code == 0
    with (tmp_path / "caseload.csv").open("a") as file:
        file.write("P3,cjd,2025-02-01,,,,single\n")
    changed = CliRunner().invoke(main, ["run", str(out / "run.json"), "-q", "--out",
                                        str(tmp_path / "x")])
    assert changed.exit_code == 2 and not (tmp_path / "x").exists()
    assert changed.output.strip() == (
        f"{out / 'run.json'}: data_files.participants.initial: {tmp_path / 'caseload.csv'} "
        "has changed since the run: a run from this record would not give its numbers — "
        "run the scenario file itself to use the new data")



def _recorded_run(monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    """Run ``finsim ARGS`` with ``sys.argv`` as the shell gives it (what the records keep
    as ``command``)."""
    monkeypatch.setattr("sys.argv", ["finsim", *args])
    done = CliRunner().invoke(main, list(args))
    assert done.exit_code == 0, done.output


def test_other_commands_records_are_refused_with_how_to_reproduce_them(tmp_path, monkeypatch):
    """compare.json read as a scenario was refused with a line on YAML's true/false,
    size.json likewise, and sensitivity.json ran its base scenario as a plain run: each
    is now refused with one line naming what it is and its command (without --out and
    --force) to run again, in run, validate and wherever a scenario is read; size's
    run.json (the run of its plan) still runs again."""
    small = str(SMALL)
    monkeypatch.chdir(tmp_path)
    _recorded_run(monkeypatch, "compare", small, small, "-n", "2", "-j", "1", "-q",
                  "--out", "c")
    _recorded_run(monkeypatch, "sensitivity", small, "--method", "oat", "-n", "2", "-j", "1",
                  "-q", "--out=s", "--force")
    _recorded_run(monkeypatch, "size", small, "--start", "2025-01", "--months", "12",
                  "--confidence", "0.9", "-n", "5", "-j", "1", "-q", "--cap", "jobcenter=1e12",
                  "--out", "z")
    lines = {
        "c/compare.json": "c/compare.json: finsim's record of a compare, not a scenario or "
        "a run's run.json: run the command it recorded again (finsim compare "
        f"{small} {small} -n 2 -j 1 -q), or give one of its scenarios' files to run",
        "s/sensitivity.json": "s/sensitivity.json: finsim's record of a sensitivity "
        "analysis, not a scenario or a run's run.json: run the command it recorded again "
        f"(finsim sensitivity {small} --method oat -n 2 -j 1 -q), or give its scenario's "
        "file to run",
        "z/size.json": "z/size.json: finsim's record of a size search, not a scenario or a "
        "run's run.json: run the command it recorded again (finsim size "
        f"{small} --start 2025-01 --months 12 --confidence 0.9 -n 5 -j 1 -q "
        "--cap jobcenter=1e12), or give its scenario's file to run"}
    for record, line in lines.items():
        for args in (["run", record, "-q", "--out", "x"], ["validate", record],
                     ["compare", small, record, "-q", "--out", "x"],
                     ["sensitivity", record, "-q", "--out", "x"]):
            refused = CliRunner().invoke(main, args)
            assert (refused.exit_code, refused.output.strip()) == (2, line), args
            assert not (tmp_path / "x").exists()
    again = CliRunner().invoke(main, ["run", "z/run.json", "-q", "--out", "zz"])
    assert again.exit_code == 0, again.output
    assert json.loads((tmp_path / "zz" / "run.json").read_text())["replications"] == 5


def test_ledger_and_flows_add_up_to_the_summary(tmp_path):
    out = tmp_path / "res"
    assert _run("-n", "8", "--out", str(out)).exit_code == 0
    summary = pd.read_csv(out / "summary.csv").set_index("metric")["mean"]
    ledger = pd.read_csv(out / "ledger.csv")
    # each written cell is rounded by itself: a sum is off by at most half a unit per cell
    cent = 0.005 * (len(ledger) + 1)
    assert ledger["amount"].sum() == pytest.approx(summary["cost_total"], abs=cent)
    gap = ledger.loc[ledger.funder == "gap", "amount"].sum()
    assert gap == pytest.approx(summary["funding_gap"], abs=cent)
    flows = pd.read_csv(out / "flows.csv")
    program = flows[flows.provider == "all"]
    count = 0.0005 * (len(program) + 1)
    assert program["entries"].sum() == pytest.approx(summary["entries"], abs=count)
    assert program["referrals"].sum() == pytest.approx(summary["referrals"], abs=count)
    assert program["waiting"].iloc[-1] == pytest.approx(summary["waiting_at_end"], abs=0.001)
    structure = pd.read_csv(out / "structure.csv")
    sex = structure[structure.attribute == "sex"]
    assert sex["count_mean"].sum() == pytest.approx(summary["entries"], abs=0.002)
    assert sex["share_mean"].sum() == pytest.approx(1.0, abs=0.0002)


def test_existing_folder_needs_force(tmp_path):
    out = tmp_path / "res"
    assert _run("-n", "3", "--out", str(out)).exit_code == 0
    before = (out / "summary.csv").read_bytes()
    refused = _run("-n", "4", "--out", str(out))
    assert refused.exit_code == 2
    assert str(out) in refused.output and "--force" in refused.output
    assert (out / "summary.csv").read_bytes() == before  # untouched
    assert _run("-n", "4", "--out", str(out), "--force").exit_code == 0
    assert json.loads((out / "run.json").read_text())["replications"] == 4


def test_german_csv_locale(tmp_path):
    out = tmp_path / "res"
    assert _run("-n", "3", "--out", str(out), "--csv-locale", "de").exit_code == 0
    text = (out / "summary.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "metric;mean;std;p05;p50;p95"
    frame = pd.read_csv(out / "summary.csv", sep=";", decimal=",")
    assert frame["mean"].dtype == float
    assert any("," in line.split(";")[1] for line in text.splitlines()[1:])


def test_failure_mid_run_leaves_nothing_behind(tmp_path, monkeypatch):
    """A failure while writing removes the temporary folder and writes no target."""
    out = tmp_path / "res"

    def broken(result, folder, *args, **kwargs):
        (folder / "summary.csv").write_text("half")
        raise RuntimeError("disk full")

    monkeypatch.setattr("finsim.report.files.write_run", broken)  # imported late
    with pytest.raises(RuntimeError):
        run_job(SMALL, JobOptions(replications=3, out=out))
    assert list(tmp_path.iterdir()) == []


def test_interrupt_stops_workers_and_leaves_nothing(tmp_path):
    """Ctrl-C (SIGINT) mid-run: exit non-zero within seconds, no folder, no temp folder."""
    out = tmp_path / "res"
    returncode, _, err = interrupted(
        ["run", str(SMALL), "-n", "100000", "-j", "2", "--out", str(out)],
        "100,000 replications", signal.SIGINT, timeout=10)
    assert returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_bad_scenario_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "res"
    result = CliRunner().invoke(main, ["run", str(SMALL), "--set", "employment.max_months=-1",
                                       "--out", str(out)])
    assert result.exit_code == 2
    assert "employment.max_months" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_default_out_names_the_command_and_method():
    assert default_out("scenarios/x-y.yaml") == Path("outputs/x-y")
    assert default_out("scenarios/x-y.yaml", "compare") == Path("outputs/x-y-compare")
    assert default_out("s/x.yaml", "sensitivity", "morris") == Path("outputs/x-sensitivity-morris")
    assert default_out("s/x.yaml", "size", "cap") == Path("outputs/x-size-cap")


def test_default_out_takes_no_control_character_from_the_file_name():
    """A file name sent by another organisation: its escape sequence would sit in the
    folder's name and in every line naming it. Ordinary stems stay as written."""
    assert default_out("s/ev\x1b]0;pwned\x07.yaml") == Path("outputs/ev-]0;pwned-")
    assert default_out("s/a\u202eb\u2028c.yaml", "compare") == Path("outputs/a-b-c-compare")
    assert default_out('s/a<b>:c"d|e?f*g\\h.yaml') == Path("outputs/a-b--c-d-e-f-g-h")
    assert default_out("scenarios/aktiv-statt-passiv-2013.yaml") == Path(
        "outputs/aktiv-statt-passiv-2013")
    assert default_out("s/Förderplan 2026 (neu).yaml") == Path("outputs/Förderplan 2026 (neu)")


def test_invariant_breach_exits_1(tmp_path, monkeypatch):
    from finsim.funding import InvariantError

    def breach(*args):
        raise InvariantError("money not conserved in 2013-01")

    monkeypatch.setattr("finsim.replication.check_money_conserved_many", breach)
    result = CliRunner().invoke(main, ["run", str(SMALL), "-n", "2", "-j", "1",
                                       "--out", str(tmp_path / "r")])
    assert result.exit_code == 1
    assert "replication 0" in result.output and "money not conserved" in result.output
    assert "finsim: internal error, an invariant failed: " in result.output
    assert not (tmp_path / "r").exists()


def test_scenario_seed_and_replications_are_defaults():
    scn = load_scenario(SMALL)
    spec = JobOptions().spec(scn)
    assert (spec.replications, spec.seed) == (20, 7)
    assert JobOptions(replications=5, seed=0).spec(scn).seed == 0


def test_monitoring_view_in_the_decks_form(tmp_path):
    """--monitoring writes monitoring.md with the deck's three tables, values from the run."""
    out = tmp_path / "res"
    result = _run("-n", "20", "--out", str(out), "--monitoring")
    assert result.exit_code == 0
    text = (out / "monitoring.md").read_text()
    summary = pd.read_csv(out / "summary.csv").set_index("metric")["mean"]
    for heading in ("Integrationsbeschäftigte", "Partner", "Kosten / Finanzierung"):
        assert heading in text
    # German by default, words and numbers (it once wrote "9,314,340 EUR" under German
    # headings, whatever --lang said)
    german = str.maketrans(",.", ".,")
    assert f"Insgesamt: {summary['entries']:,.1f}".translate(german) in text
    assert f"Gesamtkosten: {summary['cost_total']:,.0f} EUR".translate(german) in text
    assert "| Alpha e.V. | 30 |" in text and "| Beta gGmbH | 10–20 |" in text
    # a plain run without warnings: no re-forecast lines, no warnings heading, as before
    assert json.loads((out / "run.json").read_text())["warnings"] == []
    assert text.splitlines()[2:6] == ["Mittelwerte über 20 Replikationen, 2013-01 – 2014-12 (24 Monate).",
                                      "", WORDS["de"]["terms"], ""]
    assert "## Hinweise" not in text


def test_draws_never_revalidate_the_scenario(small: Scenario, monkeypatch) -> None:
    """A replication's draws replace typed values and check only them: the whole scenario
    is not validated again (that cost more than the replication itself)."""
    def refuse(*args, **kwargs):
        raise AssertionError("the whole scenario was validated again")

    monkeypatch.setattr(Scenario, "model_validate", refuse)
    monkeypatch.setattr("finsim.scenario.checks.cross_check", refuse)
    result = run(RunSpec(small, 5, 3), jobs=1)
    assert result.replications["employment.hazards.placement"].between(0.005, 0.02).all()


def test_an_impossible_draw_names_the_parameter(small_data: dict) -> None:
    """A normal draw can leave a field's range; the run stops with the user's mistake."""
    data = {**small_data, "uncertainty": {
        "employment.hazards.dropout": {"dist": "normal", "mean": 0.012, "sd": 1.0}}}
    with pytest.raises(ScenarioError, match=r"^uncertainty: employment\.hazards\.dropout: a "
                       r"drawn value is not allowed: expected (at least 0|less than 1) \(given: "):
        run(RunSpec(scenario_from_dict(data), 20, 3), jobs=1)


def test_a_draw_reaches_list_items_by_id_and_by_position(small_data: dict) -> None:
    """Typed draws address providers by id and modifiers (no ids) by position."""
    data = {**small_data, "uncertainty": {
        "providers.beta.costs.material.per_slot_month": {"dist": "uniform", "low": 70,
                                                         "high": 90},
        "employment.modifiers.0.placement": {"dist": "uniform", "low": 0.5, "high": 0.7}}}
    scn = scenario_from_dict(data)
    program = compile_program(scn)
    drawn = drawn_program(program, {"providers.beta.costs.material.per_slot_month": 81.5,
                                    "employment.modifiers.0.placement": 0.55})
    assert drawn.scenario.providers[1].costs.material.per_slot_month == 81.5
    assert drawn.scenario.employment.modifiers[0].placement == 0.55
    material = drawn.costs.rates[CATEGORIES.index("material")]
    assert material[0, 1] == 81.5 and material[0, 0] == 50
    assert drawn.model.rules[0].modifiers[0][1] == 0.55
    assert program.scenario.employment.modifiers[0].placement == 0.6  # the original is kept


def test_few_replications_warn_that_the_intervals_are_too_narrow(tmp_path):
    """run -n 1 printed "90 % interval 254,009 – 254,009" without a word, and below 20
    replications each interval's ends lie between the most extreme draws; compare,
    sensitivity and size warned of theirs. run says so too: terminal, run.json, page."""
    one = ("one replication: each quantile is that one draw, so every 90 % interval has no "
           "width, whatever the spread; use -n 2 or more")
    five = ("5 replications are too few for a 95% quantile: 0.25 of them lie beyond it, less "
            "than one, so each 95% quantile is about the largest of the 5 results and "
            "understates the real one; the 5 % quantile, about the smallest, overstates its "
            "own likewise, so each 90 % interval is narrower than the real one; rerun with "
            "more --replications: about 200 put 10 beyond it")
    for n, line in (("1", one), ("5", five), ("20", None)):
        out = tmp_path / n
        done = CliRunner().invoke(main, ["run", str(SMALL), "-n", n, "-j", "1", "--lang",
                                         "en", "--out", str(out)])
        assert done.exit_code == 0, done.output
        warned = [w for w in done.output.splitlines() if w.startswith("warning: ")]
        assert warned == ([f"warning: {line}"] if line else [])
        assert json.loads((out / "run.json").read_text())["warnings"] == ([line] if line else [])
        page = (out / "report.html").read_text(encoding="utf-8")
        assert (line is None) == ("No warnings." in page)

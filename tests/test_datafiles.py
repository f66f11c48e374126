"""The data files a scenario names are read once, when it is loaded; every later use
(the point program, drawn programs, local workers, sensitivity points, size candidates)
reads those bytes (``scenario.datafiles``), never the paths: a file edited after the
load, or while a run goes on, changes nothing in that run's numbers. A cluster's
workers are tested in tests/test_cluster.py."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

import finsim
from finsim.analysis.ranges import check_params, parse_param
from finsim.analysis.sensitivity import SensitivitySpec, analyze
from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.program import compile_program
from finsim.scenario import booked, caseload, datafiles, load_scenario
from finsim.scenario.replace import replaced

from .conftest import SMALL
from .test_actuals import SPELLS, actuals, files

CASELOAD = ("person,provider,entry,exit,exit_reason,sex\n"
            "A-1,alpha,2012-06,,,female\nA-2,alpha,2011-11-15,,,male\nB-1,beta,2012-10,,,male\n")
EDITED = CASELOAD + "A-3,alpha,2012-12,,,male\nA-4,alpha,2012-02,,,female\nB-2,beta,2012-11,,,male\n"
BOOKED = "month,provider,category,amount\n2027-01,cjd,wages,6000\n"


def _with_caseload(tmp_path: Path) -> Path:
    """The small scenario from a caseload file, with a drawn patience (a participants
    value: every draw compiles the model again, the starting caseload with it)."""
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["participants"]["initial"] = "caseload.csv"
    data["uncertainty"]["participants.patience_months"] = {"dist": "uniform", "low": 1,
                                                           "high": 3}
    (tmp_path / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _summary(scenario, jobs: int = 1) -> pd.DataFrame:  # noqa: ANN001
    return finsim.run(scenario, replications=30, seed=3, jobs=jobs).summary()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_caseload_edited_after_the_load_changes_nothing(tmp_path, jobs):
    """finsim.load, then the file overwritten, then finsim.run: the numbers of the file
    as it was at the load, to the last bit, and not those of the file as it is now."""
    path = _with_caseload(tmp_path)
    loaded = finsim.load(path)
    unedited = _summary(path)
    (tmp_path / "caseload.csv").write_text(EDITED, encoding="utf-8")
    edited = _summary(path)
    got = _summary(loaded, jobs)
    pd.testing.assert_frame_equal(got, unedited, check_exact=True)
    assert compile_program(loaded).model.start.count == 3  # 6 in the edited file
    assert compile_program(finsim.load(path)).model.start.count == 6
    assert got.set_index("metric").loc["cost_total", "mean"] != \
        edited.set_index("metric").loc["cost_total", "mean"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_caseload_edited_while_the_run_goes_on_changes_nothing(tmp_path, jobs):
    """The file overwritten as the first chunk comes back: every later draw (in this
    process or a worker) still compiles the caseload the run started from."""
    path = _with_caseload(tmp_path)
    expected = run(RunSpec(load_scenario(path), 40, 5), jobs=1)

    def edit(done: int) -> None:
        (tmp_path / "caseload.csv").write_text(EDITED, encoding="utf-8")

    result = run(RunSpec(load_scenario(path.as_posix()), 40, 5), jobs, edit)
    assert (tmp_path / "caseload.csv").read_text(encoding="utf-8") == EDITED
    assert result.metric_values.tobytes() == expected.metric_values.tobytes()
    assert result.aggregate.ledger.tobytes() == expected.aggregate.ledger.tobytes()
    assert len(set(result.metric("cost_total"))) > 1  # the draws did reach the model


def _drawn_reforecast(tmp_path: Path, write: bool = True):
    """As of 2027-07, with booked costs, a drawn dropout hazard (the model with actuals
    is compiled whole: the spells are read) and a drawn wage (costs with bookings are
    compiled whole: the booked costs are read); ``write``: the files written anew."""
    path = files(tmp_path, SPELLS, BOOKED) if write else tmp_path / "scenario.yaml"
    return load_scenario(path, [
        *actuals("2027-07", booked=True),
        'uncertainty={"employment.hazards.dropout": {"dist": "uniform", "low": 0.05, '
        '"high": 0.2}, "costs.wages.hourly": {"dist": "uniform", "low": 14.6, '
        '"high": 16}}'])


@pytest.mark.parametrize("jobs", [1, 2])
def test_actuals_edited_after_the_load_change_nothing(tmp_path, jobs):
    """Spells and booked costs overwritten after the load: the numbers of the files as
    they were; a scenario loaded after the edit has the new ones."""
    scn = _drawn_reforecast(tmp_path)
    unedited = run(RunSpec(_drawn_reforecast(tmp_path, write=False), 30, 4), jobs=1)
    (tmp_path / "spells.csv").write_text("person,provider,entry,exit,exit_reason\n"
                                         "A,cjd,2027-01,2027-06,placement\nB,cjd,2026-07,,\n",
                                         encoding="utf-8")
    (tmp_path / "booked.csv").write_text(BOOKED.replace("6000", "9000"), encoding="utf-8")
    got = run(RunSpec(scn, 30, 4), jobs=jobs)
    assert got.metric_values.tobytes() == unedited.metric_values.tobytes()
    assert got.aggregate.ledger.tobytes() == unedited.aggregate.ledger.tobytes()
    assert len(set(got.metric("cost_wages"))) > 1  # the draws did reach the costs
    edited = run(RunSpec(_drawn_reforecast(tmp_path, write=False), 30, 4), jobs=1)
    # January's wages: booked 6,000, then 9,000; A placed in June, not a dropout in April
    assert (edited.metric("cost_wages") - got.metric("cost_wages")).min() > 3000
    assert got.metric("exits_dropout").min() >= 1 and edited.metric("exits_placement").min() >= 1


def test_files_gone_after_the_load_are_not_missed(tmp_path):
    """Removed once loaded: local workers, which compile every draw again, need none."""
    scn = _drawn_reforecast(tmp_path)
    expected = run(RunSpec(scn, 30, 4), jobs=1)
    for path in datafiles.named(scn):
        Path(path).unlink()
    assert run(RunSpec(scn, 30, 4), jobs=2).metric_values.tobytes() == \
        expected.metric_values.tobytes()


def test_a_sensitivity_and_a_size_use_the_files_as_loaded(tmp_path):
    """A sensitivity's points and a size's candidates compile the model again: from the
    bytes read at the load, in this process and in workers."""
    path = _with_caseload(tmp_path)
    before, after = load_scenario(path), None

    def spec(scn) -> SensitivitySpec:  # noqa: ANN001
        return SensitivitySpec(scn, check_params(scn, [parse_param(
            "participants.patience_months=1:3")]), ("cost_total", "entries"), "oat", 3, 5)

    expected = analyze(spec(load_scenario(path)), jobs=1).table
    plan = finsim.size(path, replications=6, seed=2, caps={"employers": 1e9}, jobs=1,
                       confidence=0.9)
    (tmp_path / "caseload.csv").write_text(EDITED, encoding="utf-8")
    after = load_scenario(path)
    assert analyze(spec(before), jobs=2).table.equals(expected)
    assert not analyze(spec(after), jobs=1).table.equals(expected)
    again = finsim.size(before, replications=6, seed=2, caps={"employers": 1e9}, jobs=2,
                        confidence=0.9)
    assert again.slots == plan.slots
    pd.testing.assert_frame_equal(again.summary(), plan.summary(), check_exact=True)


def test_compare_alternatives_use_the_files_as_loaded(tmp_path):
    """A base and an alternative (more slots) loaded, the caseload edited, then compared
    in two processes: the comparison of the files as they were at the load."""
    path = _with_caseload(tmp_path)
    base = finsim.load(path)
    more = finsim.load(path, {"providers.alpha.slots": 40})
    expected = finsim.compare(finsim.load(path), finsim.load(path, {"providers.alpha.slots": 40}),
                              replications=12, seed=4, jobs=1).summary()
    (tmp_path / "caseload.csv").write_text(EDITED, encoding="utf-8")
    got = finsim.compare(base, more, replications=12, seed=4, jobs=2).summary()
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    edited = finsim.compare(finsim.load(path), finsim.load(path, {"providers.alpha.slots": 40}),
                            replications=12, seed=4, jobs=1).summary()
    assert not got.equals(edited)


def test_a_set_naming_another_file_reads_it_at_that_load(tmp_path):
    """A loaded scenario given another caseload reads that file once, then: an edit of
    it after that load changes nothing; the first file is no longer used."""
    scn = finsim.load(_with_caseload(tmp_path))
    other = tmp_path / "other.csv"
    other.write_text(EDITED, encoding="utf-8")
    moved = finsim.load(scn, {"participants.initial": str(other)})
    other.write_text(CASELOAD, encoding="utf-8")
    assert [f["path"] for f in datafiles.used(moved)] == [str(other)]
    assert datafiles.used(moved)[0]["sha256"] == hashlib.sha256(EDITED.encode()).hexdigest()
    assert compile_program(moved).model.start.count == 6


def test_a_relative_path_set_on_a_loaded_scenario_is_next_to_its_file(tmp_path,
                                                                       monkeypatch):
    """``finsim.load(scn, {...: "other.csv"})`` means the file next to the scenario, as
    ``finsim.load(path, {...})`` does: it was looked up in the current folder, so failed
    there or, worse, read another file of that name."""
    path = _with_caseload(tmp_path)
    (tmp_path / "other.csv").write_text(EDITED, encoding="utf-8")
    elsewhere = tmp_path / "notebook"
    elsewhere.mkdir()
    (elsewhere / "other.csv").write_text(CASELOAD, encoding="utf-8")  # not this one
    monkeypatch.chdir(elsewhere)
    moved = finsim.load(finsim.load(path), {"participants.initial": "other.csv"})
    assert [f["path"] for f in datafiles.used(moved)] == [str(tmp_path / "other.csv")]
    assert compile_program(moved).model.start.count == 6
    again = finsim.load(moved, {"participants.initial": "caseload.csv"})  # kept on the way
    assert [f["path"] for f in datafiles.used(again)] == [str(tmp_path / "caseload.csv")]
    assert datafiles.used(finsim.load(path, {"participants.initial": "other.csv"})) == \
        datafiles.used(moved)


def test_a_scenario_derived_at_any_path_keeps_its_files(tmp_path):
    """A value replaced at the top of the scenario (``returns``: the whole scenario is
    validated again) keeps the bytes read at the load, as a replaced provider's does."""
    scn = load_scenario(_with_caseload(tmp_path))
    for values in ({"returns.wage_tax": 0.1}, {"providers.alpha.slots": 31}):
        new = replaced(scn, values)
        assert datafiles.of(new)[str(tmp_path / "caseload.csv")] is \
            datafiles.of(scn)[str(tmp_path / "caseload.csv")]
    (tmp_path / "caseload.csv").unlink()
    assert compile_program(new).model.start.count == 3


def test_a_rebuilt_scenario_gets_everything_private_of_the_old(tmp_path):
    """``carry_private``, the one step of ``replaced``, ``finsim.load`` on a loaded
    scenario and ``size``'s moved period: the bytes read at the load, the draw a set
    held, the file's folder and its own period start, none of which the data holds."""
    from finsim.scenario import Scenario, reloadable_data
    from finsim.scenario.load import carry_private, held_by_set, moved_start

    scn = load_scenario(_with_caseload(tmp_path),
                        ["participants.patience_months=2", "period.start=2013-03"])
    rebuilt = Scenario.model_validate(reloadable_data(scn))
    assert (datafiles.of(rebuilt), held_by_set(rebuilt), datafiles.folder(rebuilt)) == \
        ({}, (), None)
    new = carry_private(scn, rebuilt)
    assert new is rebuilt
    key = str(tmp_path / "caseload.csv")
    assert datafiles.of(new)[key] is datafiles.of(scn)[key]
    assert held_by_set(new) == ("participants.patience_months",)
    assert datafiles.folder(new) == tmp_path.absolute() and moved_start(new) == "2013-01"


def test_one_read_and_one_parse_per_load(tmp_path, monkeypatch):
    """A run of drawn programs (each compiles the model again) after the load reads the
    file once (the load's read) and parses it once (the load's parse)."""
    reads, parses = [], []
    real_read, real_parse = datafiles.read, caseload._parse
    monkeypatch.setattr(datafiles, "read", lambda path: reads.append(path) or real_read(path))
    monkeypatch.setattr(caseload, "_parse", lambda *a: parses.append(a[0]) or real_parse(*a))
    scn = load_scenario(_with_caseload(tmp_path))
    result = run(RunSpec(scn, 20, 1), jobs=1)
    assert len(set(result.metric("cost_total"))) == 20  # every draw compiled the model
    assert [str(p) for p in reads] == [str(tmp_path / "caseload.csv")]
    assert parses == [str(tmp_path / "caseload.csv")]


def test_booked_costs_parsed_once_per_load(tmp_path, monkeypatch):
    """Every draw of a wage compiles a re-forecast's costs whole: the booked costs are
    the load's parse, read and parsed once; the spells too."""
    reads, parses = [], []
    real_read, real_parse = datafiles.read, booked._parsed
    monkeypatch.setattr(datafiles, "read", lambda path: reads.append(path) or real_read(path))
    monkeypatch.setattr(booked, "_parsed", lambda *a: parses.append(a[0]) or real_parse(*a))
    scn = _drawn_reforecast(tmp_path)
    result = run(RunSpec(scn, 20, 4), jobs=1)
    assert len(set(result.metric("cost_wages"))) == 20  # every draw compiled the costs
    assert sorted(str(p) for p in reads) == [str(tmp_path / "booked.csv"),
                                             str(tmp_path / "spells.csv")]
    assert parses == [str(tmp_path / "booked.csv")]


def test_scenarios_are_equal_by_the_bytes_they_read(tmp_path):
    path = _with_caseload(tmp_path)
    first = load_scenario(path)
    assert load_scenario(path) == first
    (tmp_path / "caseload.csv").write_text(EDITED, encoding="utf-8")
    assert load_scenario(path) != first


def test_run_json_names_each_file_with_its_digest(tmp_path):
    """run.json's ``data_files``: each file the run used, its key in the scenario, its
    path, its size and SHA-256 (as ``sha256sum`` prints it)."""
    path = files(tmp_path, SPELLS, BOOKED)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "run", str(path), "--quiet", "-n", "2", "-j", "1", "--out", str(out),
        "--actuals", str(tmp_path / "spells.csv"), "--as-of", "2027-07",
        "--booked", str(tmp_path / "booked.csv")])
    assert result.exit_code == 0, result.output
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    spells = (tmp_path / "spells.csv").read_bytes()
    assert info["data_files"] == [
        {"key": "actuals.spells", "path": str(tmp_path / "spells.csv"), "bytes": len(spells),
         "sha256": hashlib.sha256(spells).hexdigest()},
        {"key": "actuals.booked", "path": str(tmp_path / "booked.csv"),
         "bytes": len(BOOKED), "sha256": hashlib.sha256(BOOKED.encode()).hexdigest()}]
    plain = tmp_path / "plain"
    assert CliRunner().invoke(main, ["run", str(SMALL), "--quiet", "-n", "2", "-j", "1",
                                     "--out", str(plain)]).exit_code == 0
    assert json.loads((plain / "run.json").read_text(encoding="utf-8"))["data_files"] == []

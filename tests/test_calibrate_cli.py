"""``finsim calibrate`` as a user runs it: spells simulated by finsim written as a CSV,
the overlay it writes validates and runs, and bad spells are refused one line each."""

from __future__ import annotations

import calendar
import csv
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from finsim.analysis.calibrate import Tenures, calibrate
from finsim.cli import main
from finsim.commands.calibrate import unwritten
from finsim.nouns import counted
from finsim.scenario import Month, load_scenario
from finsim.scenario.caseload import month_time, read_caseload
from finsim.simulation import DROPOUT, MAX_DURATION, PLACEMENT, compile_model, simulate

from .conftest import FIXTURES, ROOT, without_root_override

SCENARIO = {
    "name": "known hazards", "period": {"start": "2020-01", "months": 36},
    "participants": {"referrals_per_month": 40, "patience_months": 1.0, "initial": "full",
                     "mix": {"age": {"young": 0.6, "old": 0.4}}},
    "employment": {"max_months": 12, "hazards": {"placement": 0.05, "dropout": 0.03},
                   "modifiers": [{"when": {"age": "old"}, "placement": 0.5}]},
    "providers": [{"id": "a", "slots": 100},
                  {"id": "b", "slots": 60, "employment": {"hazards": {"dropout": 0.06}}},
                  {"id": "c", "slots": 2, "employment": {"hazards": {"dropout": 0.06}}}],
    "costs": {"wages": {"hourly": 10.0}},
    "uncertainty": {"employment.hazards.placement":
                    {"dist": "triangular", "low": 0.04, "mode": 0.05, "high": 0.06}},
}
HEADER = "person,provider,entry,exit,exit_reason,age\n"


def finsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "finsim", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def day(t: float, origin: Month) -> str:
    """A time in months as the date it falls on."""
    whole = math.floor(t)
    month = origin + whole
    days = calendar.monthrange(month.year, month.month)[1]
    return f"{month}-{min(int((t - whole) * days), days - 1) + 1:02d}"


def write_spells(path: Path, scenario: Path, seed: int) -> None:
    """One finsim replication's spells as a spells file (people still in: no exit)."""
    scn = load_scenario(scenario)
    spells = simulate(compile_model(scn), np.random.SeedSequence(seed))
    origin = scn.period.start_month
    names = {PLACEMENT: "placement", DROPOUT: "dropout", MAX_DURATION: "max_duration"}
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["person", "provider", "entry", "exit", "exit_reason", "age"])
        for i in range(spells.n_entrants):
            entry = day(spells.entry[i], origin)
            exit_, why = "", names.get(int(spells.reason[i]), "")
            if why:
                exit_ = day(spells.exit[i], origin)
                if exit_ == entry:  # an exit within the day of entry: the next day
                    exit_ = day(spells.entry[i] + 1 / 28, origin)
            out.writerow([f"P{i}", spells.provider_ids[spells.provider[i]], entry, exit_, why,
                          spells.attribute_values[0][spells.attributes[i, 0]]])


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(SCENARIO, sort_keys=False))
    return path


def test_overlay_validates_runs_and_holds_the_fit(tmp_path: Path, scenario: Path):
    spells = tmp_path / "spells.csv"
    write_spells(spells, scenario, seed=4)
    out = tmp_path / "fitted" / "overlay.yaml"
    done = finsim("calibrate", spells, "--scenario", scenario, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "placement: p = " in done.stdout and "constant over tenure bands" in done.stdout
    assert (tmp_path / "fitted" / "overlay-fit.png").stat().st_size > 10_000
    text = out.read_text()
    raw = yaml.safe_load(text)
    assert raw["base"] == "../scenario.yaml"
    # The same fit from the library: the overlay holds its values.
    scn = load_scenario(scenario)
    caseload = read_caseload(spells, scn.provider_ids, scn.participants.mix,
                             scn.period.start_month, spells=True)
    as_of = float(np.nanmax(np.r_[caseload.entry, caseload.exit]))
    fit = calibrate(Tenures.from_caseload(caseload, scn, as_of)).fits
    overlay = load_scenario(out)
    for reason in ("placement", "dropout"):
        program = fit[reason].program
        assert getattr(overlay.employment.hazards, reason) == pytest.approx(
            program.probability, rel=1e-5)
        if fit[reason].modifiers:  # the reference groups' rate, with their own data
            events, exposure = program.reference
            assert events < program.events and exposure < program.exposure
            assert (f"reference-group hazard (age: {', '.join(fit[reason].pooled_attributes['age'])}"
                    f") {program.value:.6g}/month, fitted with the group factors; the group: "
                    f"{counted(events, 'event', 'events')} / {exposure:,.1f} person-months"
                    ) in text
        else:
            assert f"{program.events} events" in text
        assert f"employment.hazards.{reason}: {{dist: pert" in text
    b = next(p for p in overlay.providers if p.id == "b")
    assert b.employment.hazards.dropout == pytest.approx(
        fit["dropout"].providers["b"].probability, rel=1e-5)
    c = next(p for p in overlay.providers if p.id == "c")  # too few events: the program's
    assert c.employment.hazards.dropout is None
    assert overlay.employment.modifiers[0].when == {"age": "old"}
    assert overlay.employment.modifiers[0].placement == pytest.approx(
        fit["placement"].modifiers[0].factor.value, rel=1e-5)
    assert "employment.modifiers.0.placement" in overlay.uncertainty
    # The base's own draw of the placement hazard is replaced by the fitted one.
    assert overlay.uncertainty["employment.hazards.placement"].dist == "pert"
    table = pd.read_csv(tmp_path / "fitted" / "overlay-tenure.csv")
    assert set(table["reason"]) == {"placement", "dropout"}
    assert table.groupby("reason")["observed"].sum()["placement"] == fit["placement"].program.events + sum(
        e.events for e in fit["placement"].providers.values())
    page = (tmp_path / "fitted" / "overlay-report.html").read_text(encoding="utf-8")
    young = ", ".join(fit["placement"].pooled_attributes["age"])
    assert f"Rate der Referenzgruppe (Alter: {young})" in page  # its group, in German
    assert "<th scope='col'>Faktor</th>" in page                            # factors in their own column
    assert finsim("validate", out).returncode == 0
    ran = finsim("run", out, "-n", "20", "--out", tmp_path / "run")
    assert ran.returncode == 0, ran.stderr
    again = finsim("calibrate", spells, "--scenario", scenario, "--out", out)
    assert again.returncode == 2 and "--force" in again.stderr


@pytest.mark.parametrize(("option", "value", "line"), [
    ("--as-of", "26.12.2020", "finsim calibrate: --as-of: expected a date YYYY-MM-DD or a month "
     "YYYY-MM (given: '26.12.2020') — did you mean '2020-12-26'? (a German date, DD.MM.YYYY)"),
    ("--since", "01.2020", "finsim calibrate: --since: expected a date YYYY-MM-DD or a month "
     "YYYY-MM (given: '01.2020') — write months as YYYY-MM, e.g. 2020-01"),
    ("--level", "0,9", "finsim calibrate: --level: expected a number, 0.5 to 0.999 (given: '0,9') "
     "— a decimal point: 0.9"),
    ("--level", "0.3", "finsim calibrate: --level: expected a number, 0.5 to 0.999 (given: '0.3')"),
    ("--level", "nan", "finsim calibrate: --level: expected a number, 0.5 to 0.999 (given: 'nan')"),
    ("--band-months", "6,5", "finsim calibrate: --band-months: expected a number, at least 1 "
     "(given: '6,5') — a decimal point: 6.5"),
])
def test_options_get_the_hints_a_file_s_values_get(tmp_path: Path, scenario: Path,
                                                    option: str, value: str, line: str):
    """A German date or a decimal comma on the command line: one line with the hint the
    same value in a file gets, exit 2 (not click's usage lines)."""
    path = tmp_path / "spells.csv"
    path.write_text(HEADER + "p1,a,2020-01,2020-06,dropout,young\n")
    run = CliRunner().invoke(main, ["calibrate", str(path), "--scenario", str(scenario),
                                    "--out", str(tmp_path / "o.yaml"), option, value])
    assert (run.exit_code, run.stderr) == (2, line + "\n")


def test_every_problem_of_the_options_and_the_file_comes_at_once(tmp_path: Path,
                                                                scenario: Path):
    """The options' problems first, then the file's in the order of its lines, an entry
    after --as-of among them: they came in rounds (a bad --as-of hid the file's, --level
    0,9 a bad --as-of, and the late entry showed once the other lines were fixed)."""
    path = tmp_path / "spells.csv"
    path.write_text(HEADER + "p1,a,2020-01,2020-03,placed,young\n"
                    "p2,zz,2020-01,,,young\n"
                    "p3,a,2020-09-01,,,old\n"
                    "p4,a,2020-01,2020-04-31,dropout,old\n")

    def refused(*options: str) -> list[str]:
        run = CliRunner().invoke(main, ["calibrate", str(path), "--scenario", str(scenario),
                                        "--out", str(tmp_path / "o.yaml"), *options])
        assert run.exit_code == 2 and not list(tmp_path.glob("o*"))
        return run.stderr.splitlines()

    lines = [f"{path}:2: exit_reason: expected one of placement, dropout, max_duration, "
             "other, or empty while in the program (given: 'placed')",
             f"{path}:3: provider: unknown provider (known: a, b, c) (given: 'zz')",
             f"{path}:4: entry: entry 2020-09-01 after the end of the data (--as-of "
             "2020-06-01): nothing of this spell is observed",
             f"{path}:5: exit: expected a day 01-30 of 2020-04 (given: '2020-04-31')"]
    assert refused("--as-of", "2020-06-01", "--since", "2020-07-01", "--min-events", "0",
                   "--level", "0,9", "--band-months", "0,5") == [
        "finsim calibrate: --since: must come before the end of the data (2020-06-01) (given: "
        "'2020-07-01')",
        "finsim calibrate: --min-events: expected a whole number, at least 1 (given: '0')",
        "finsim calibrate: --level: expected a number, 0.5 to 0.999 (given: '0,9') — a decimal "
        "point: 0.9",
        "finsim calibrate: --band-months: expected a number, at least 1 (given: '0,5') — a decimal "
        "point: 0.5",
        *lines]
    assert refused("--level", "2", "--as-of", "2020-13-01", "--since", "1.1.2020") == [
        "finsim calibrate: --as-of: expected a date YYYY-MM-DD or a month YYYY-MM (month 01-12) "
        "(given: '2020-13-01')",
        "finsim calibrate: --since: expected a date YYYY-MM-DD or a month YYYY-MM (given: "
        "'1.1.2020') — did you mean '2020-01-01'? (a German date, DD.MM.YYYY)",
        "finsim calibrate: --level: expected a number, 0.5 to 0.999 (given: '2')",
        lines[0], lines[1], lines[3]]
    # An --as-of before every entry is one line, not one more per spell after it.
    assert refused("--as-of", "2019-12-01") == [
        f"finsim calibrate: --as-of: must come after the first entry in {path} (2020-01-01): "
        "nothing is observed before it (given: '2019-12-01')", lines[0], lines[1], lines[3]]


def test_bad_spells_are_refused_one_line_each(tmp_path: Path, scenario: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "p1,a,2020-01-05,2020-03-01,placement,young\n"
                   "p2,a,2020-02,2020-05,retired,old\n"
                   "p3,b,2020-04-10,2020-03-01,dropout,old\n"
                   "p4,zz,2020-01,,,young\n")
    done = finsim("calibrate", bad, "--scenario", scenario, "--out", tmp_path / "o.yaml")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 3, done.stderr
    assert "bad.csv:3: exit_reason: expected one of placement" in lines[0]
    assert "bad.csv:4: exit: exit must come after the entry" in lines[1]
    assert "bad.csv:5: provider: unknown provider" in lines[2]
    overlap = tmp_path / "overlap.csv"
    overlap.write_text(HEADER + "p1,a,2020-01,2020-06,dropout,young\n"
                       "p1,b,2020-05,2020-09,placement,young\n"
                       "p2,a,2020-01,,,old\n"
                       "p2,b,2020-03,,,old\n"
                       "p3,a,2020-01,2020-02,dropout,old\n"
                       "p3,a,2020-02,,,old\n")
    done = finsim("calibrate", overlap, "--scenario", scenario, "--out", tmp_path / "o.yaml")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"{overlap}:3: entry: spell of person p1 overlaps the one on line 2 (which exits "
        "only on 2020-06-01)",
        f"{overlap}:5: entry: spell of person p2 overlaps the one on line 4 (which is still open)",
    ]
    fine = tmp_path / "fine.csv"
    fine.write_text(HEADER + "p1,a,2020-01,2020-06,dropout,young\np2,a,2020-02-10,,,old\n")
    late = finsim("calibrate", fine, "--scenario", scenario, "--out", tmp_path / "o.yaml",
                  "--as-of", "2020-02-01")
    assert late.returncode == 2
    assert late.stderr == (f"{fine}:3: entry: entry 2020-02-10 after the end of the data "
                           "(--as-of 2020-02-01): nothing of this spell is observed\n")
    many = tmp_path / "many.csv"  # more late spells than LATE_LINES: one line for them all
    many.write_text(HEADER + "p1,a,2020-01,2020-06,dropout,young\n"
                    + "".join(f"q{i},a,2020-03-0{i},,,old\n" for i in range(1, 8)))
    later = finsim("calibrate", many, "--scenario", scenario, "--out", tmp_path / "o.yaml",
                   "--as-of", "2020-02-01")
    assert later.returncode == 2
    assert later.stderr == (f"{many}: entry: 7 spells enter after the end of the data "
                            "(--as-of 2020-02-01), the first on line 3: nothing of them is "
                            "observed; "
                            "give a later --as-of or leave them out\n")
    under_a_file = finsim("calibrate", fine, "--scenario", scenario, "--out", fine / "o.yaml")
    assert under_a_file.returncode == 2
    assert under_a_file.stderr == f"{fine}/o.yaml: cannot be written: {fine} is a file, not a folder\n"
    assert not list(tmp_path.glob("o.*")) and not list(tmp_path.glob("o-*"))
    assert not list(tmp_path.glob(".o*"))


def test_as_of_censors_the_people_still_in(tmp_path: Path, scenario: Path):
    """Hand-worked: entries 1 Jan and 1 Mar 2020, one placed on 1 Feb; data until 1 Jul.
    Exposure 1 + 4 = 5 months, one placement: hazard 0.2 a month."""
    spells = tmp_path / "two.csv"
    spells.write_text(HEADER + "p1,a,2020-01,2020-02-01,placement,young\n"
                      "p2,a,2020-03-01,,,young\n")
    scn = load_scenario(scenario)
    caseload = read_caseload(spells, scn.provider_ids, scn.participants.mix,
                             scn.period.start_month, spells=True)
    data = Tenures.from_caseload(caseload, scn, as_of=6.0)
    assert data.tenure.tolist() == [1.0, 4.0]
    fit = calibrate(data).fits["placement"].program
    assert (fit.events, fit.exposure, fit.value) == (1, 5.0, 0.2)
    # 'other' counts as dropout unless censored; max_duration is censored.
    other = tmp_path / "other.csv"
    other.write_text(HEADER + "p1,a,2020-01,2020-03,other,young\n"
                     "p2,a,2020-01,2021-01,max_duration,young\n")
    caseload2 = read_caseload(other, scn.provider_ids, scn.participants.mix,
                              scn.period.start_month, spells=True)
    as_dropout = calibrate(Tenures.from_caseload(caseload2, scn, as_of=12.0)).fits
    assert as_dropout["dropout"].program.events == 1
    assert as_dropout["dropout"].program.exposure == 2 + 12
    censored = calibrate(Tenures.from_caseload(caseload2, scn, 12.0, "censored")).fits
    assert censored["dropout"].program.events == 0
    # Data since 2020-02: p1 left before (nothing), p2 from entry: 4 months, no event.
    since = Tenures.from_caseload(caseload, scn, as_of=6.0, since=1.0)
    assert calibrate(since).exposure == 4.0 and calibrate(since).spells == 1
    # The command reads --as-of as the library does: 5.0 person-months, and no dropout
    # in them, which bounds dropout only below 1 - exp(-ln(200) / 5) = 0.65343.
    (line,) = refusal(spells, scenario, tmp_path / "o.yaml", as_of="2020-07-01")
    assert line.startswith(f"{spells}: dropout: no event in 5.0 person-months: too little "
                           "data to calibrate; they bound the program's probability per "
                           "month only below 0.65343 "), line


def test_a_group_found_at_one_provider_only_is_pooled_with_a_note(tmp_path: Path):
    """age old only at b (and nobody else old): b keeps its own placement hazard, old
    has no factor, and the summary, the overlay and the page say why (exit 1, a
    singular matrix, before). b's people leave within days, a's within months: b's rate
    differs from a's, so b has its own level (an equal rate would pool it)."""
    three = {**SCENARIO, "participants": {**SCENARIO["participants"], "mix": {
        "age": {"young": 0.4, "mid": 0.4, "old": 0.2}}}, "uncertainty": {}}
    scenario = tmp_path / "three.yaml"
    scenario.write_text(yaml.safe_dump(three, sort_keys=False))
    spells = tmp_path / "sing.csv"
    spells.write_text(HEADER + "".join(
        f"b{i},b,2020-01-01,2020-01-{2 + i % 10:02d},placement,old\n" for i in range(12))
        + "".join(f"a{i},a,2020-01-01,2020-{2 + i % 10:02d}-01,placement,"
                  f"{('young', 'mid')[i % 2]}\n" for i in range(30)))
    out = tmp_path / "o.yaml"
    done = finsim("calibrate", spells, "--scenario", scenario, "--out", out, "--lang", "en")
    assert done.returncode == 0, done.stderr
    note = "age old pooled: its spells do not tell it apart from b"
    assert f"\n  {note}\n" in done.stdout
    assert "  b: p = " in done.stdout and "  age = mid: factor " in done.stdout
    assert f"  # placement: {note}\n" in out.read_text()
    assert [m.when for m in load_scenario(out).employment.modifiers] == [{"age": "mid"}]
    assert f"placement: {note}" in (tmp_path / "o-report.html").read_text()


# -- an OUT that cannot be written: one line naming OUT, exit 2, nothing left behind -------


def test_a_failed_write_names_out_and_why():
    err = PermissionError(13, "Permission denied", "/data/.x.tmp-1a2b3c4d.yaml")
    out = Path("/data/x.yaml")
    assert unwritten(out, err) == "/data/x.yaml: cannot be written: Permission denied; " \
                                  "nothing was written"
    assert unwritten(out, OSError(28, "No space left on device"), (out,)) == (
        "/data/x.yaml: cannot be written: No space left on device; put in place before the "
        "failure: /data/x.yaml")


def test_a_read_only_folder_is_refused_naming_out(tmp_path: Path, scenario: Path):
    spells = tmp_path / "spells.csv"
    write_spells(spells, scenario, seed=4)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        done = subprocess.run([*without_root_override(), sys.executable, "-m", "finsim",
                               "calibrate", str(spells), "--scenario", str(scenario),
                               "--out", str(folder / "x.yaml")],
                              capture_output=True, text=True, timeout=300)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"{folder / 'x.yaml'}: cannot write in {folder}: "
                                   "Permission denied; choose another --out")
    assert list(folder.iterdir()) == []


def test_a_write_failing_midway_names_out_and_leaves_nothing(tmp_path: Path, scenario: Path,
                                                             monkeypatch):
    """Past the check (a quota, a disk filling up): the temporary file finsim was writing
    is not the user's business; OUT and the reason are."""
    from click.testing import CliRunner

    from finsim.cli import main

    def refuse(cal, path, lang):  # noqa: ANN001 - the chart's signature
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("finsim.commands.calibrate.incidence_chart", refuse)
    spells = tmp_path / "spells.csv"
    write_spells(spells, scenario, seed=4)
    out = tmp_path / "out" / "x.yaml"
    done = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(scenario),
                                     "--out", str(out)])
    assert done.exit_code == 2
    assert done.output.strip() == f"{out}: cannot be written: Permission denied; nothing " \
                                  "was written"
    assert not out.parent.exists()  # the folder made for OUT went with the failure


def test_spells_of_a_day_give_hazards_below_one(tmp_path: Path):
    """15 two-day dropouts and a one-day placement: 15 + 1 / (15 x 2/31 + 1/31 = 1 month)
    give dropout lambda = 15, p = 1 - exp(-15) = 0.99999969; ``.6g`` wrote it as 1, which
    the scenario refuses (exit 1, "a bug in finsim", and an empty folder left)."""
    from click.testing import CliRunner

    from finsim.cli import main

    spells = tmp_path / "spells.csv"
    rows = ["P1,alpha,2013-01-01,2013-01-02,placement"]
    rows += [f"B{i},beta,2013-01-0{1 + i % 5},2013-01-0{3 + i % 5},dropout" for i in range(15)]
    spells.write_text("person,provider,entry,exit,exit_reason\n" + "\n".join(rows) + "\n")
    out = tmp_path / "fit" / "x.yaml"
    done = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario",
                                     str(FIXTURES / "small.yaml"), "--out", str(out), "-q"])
    assert done.exit_code == 0, done.output
    overlay = yaml.safe_load(out.read_text())
    hazards = overlay["employment"]["hazards"]
    assert hazards["placement"] == pytest.approx(-math.expm1(-1), abs=1e-6)
    assert hazards["dropout"] == pytest.approx(-math.expm1(-15), rel=0, abs=1e-12)
    assert 0.9999996 < hazards["dropout"] < 1
    pert = overlay["uncertainty"]["employment.hazards.dropout"]
    assert pert["low"] < pert["mode"] <= pert["high"] < 1
    assert load_scenario(out).employment.hazards.dropout == hazards["dropout"]


def test_a_missing_spells_file_is_named_as_spells(tmp_path: Path, scenario: Path) -> None:
    """calibrate reads a history of spells, not a caseload: the line says which file."""
    from click.testing import CliRunner

    from finsim.cli import main

    spells, out = tmp_path / "nope.csv", tmp_path / "x.yaml"
    done = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(scenario),
                                     "--out", str(out)])
    assert done.exit_code == 2
    assert done.output.strip() == f"{spells}: spells file does not exist"
    assert not out.exists()


def test_force_replaces_only_the_files_calibrate_wrote(tmp_path: Path, scenario: Path):
    """--out notes.yaml names three more files beside it; a user's own files under those
    names were overwritten by --force without a word. Now --force replaces only what the
    hidden manifest lists, unchanged."""
    from click.testing import CliRunner

    from finsim.cli import main

    def calibrate_into(*more: str):
        return CliRunner().invoke(main, ["calibrate", str(spells), "--scenario",
                                         str(scenario), "--out", str(out), "-q", *more])

    spells, out = tmp_path / "spells.csv", tmp_path / "notes.yaml"
    write_spells(spells, scenario, seed=4)
    report, tenure = tmp_path / "notes-report.html", tmp_path / "notes-tenure.csv"
    report.write_text("my notes\n")
    tenure.write_text("a,b\n")
    refused = calibrate_into("--force")
    assert refused.exit_code == 2
    assert refused.output == (f"{out}: finsim would replace files it did not write: "
                              f"{tenure}, {report}; --force replaces only calibrate's own "
                              "files; move them away or choose another --out\n")
    assert (report.read_text(), tenure.read_text()) == ("my notes\n", "a,b\n")
    assert not out.exists()
    report.unlink()
    tenure.unlink()
    assert calibrate_into().exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".notes.finsim-manifest.json", "notes-fit.png", "notes-report.html",
        "notes-tenure.csv", "notes.yaml", "scenario.yaml", "spells.csv"]
    assert calibrate_into("--force").exit_code == 0  # its own files, unchanged
    tenure.write_text("a,b\n")  # the user's edit
    changed = calibrate_into("--force")
    assert changed.exit_code == 2
    assert f"{tenure} (changed since finsim wrote it); " in changed.output
    assert tenure.read_text() == "a,b\n"


def refusal(spells: Path, scenario: Path, out: Path, **options) -> list[str]:
    """The lines calibrate_job refuses ``spells`` with."""
    from finsim.commands.calibrate import CalibrateOptions, calibrate_job
    from finsim.scenario import ScenarioError

    with pytest.raises(ScenarioError) as err:
        calibrate_job(spells, scenario, CalibrateOptions(out, **options))
    return [str(p) for p in err.value.problems]


def test_a_file_without_exits_in_a_person_month_is_refused(tmp_path: Path):
    """Two spells still in, 1.0 person-months observed: it was "calibrated" with p = 0
    on the terminal while the overlay drew each hazard from a pert 0-0.995 (mean 0.166 a
    month: 93 placements of 175 entrants in a run). Now one line per reason, exit 2:
    the 99 % upper end 1 - exp(-ln(200) / 1) = 0.995, and a bound below 0.05 takes
    ln(200) / -ln(0.95) = 103.3 person-months."""
    spells, out = tmp_path / "censored2.csv", tmp_path / "o.yaml"
    spells.write_text("person,provider,entry,exit,exit_reason,age\n"
                      "A1,cjd,2013-01-01,,,25-49\nA2,cjd,2013-02-01,,,50-59\n")
    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    assert refusal(spells, seed, out) == [
        f"{spells}: {reason}: no event in 1.0 person-months: too little data to calibrate; "
        "they bound the program's probability per month only below 0.99500 (99 % upper "
        "end; the overlay would draw a mean of 0.16583 where the fit says 0); bounding it "
        "below 0.05 takes at least 103.3 person-months, or events"
        for reason in ("placement", "dropout")]
    assert not out.exists()


def test_a_zero_hazard_is_warned_with_its_bound_as_a_probability():
    """No dropout in 132 person-months: the 90 % upper bound is the hazard
    -ln(0.05) / 132 = 0.022695, shown as p = 1 - exp(-0.022695) = 0.02244 like every
    other figure of the summary (it said "2.99573/month" for 1 person-month before)."""
    from finsim.report.calibration import summary_lines

    data = Tenures(tenure=np.array([24.0] * 5 + [12.0]), start=np.zeros(6),
                   reason=np.array([-1] * 5 + [PLACEMENT], dtype=np.int8),
                   provider=np.zeros(6, dtype=np.int64), attributes=np.zeros((6, 0), int),
                   cap=np.full(6, 24.0), provider_ids=("a",))
    assert summary_lines(calibrate(data))[-1] == (
        "warning: dropout of the program: no event in 132.0 person-months, so p = 0/month "
        "(its 90 % upper bound p = 0.02244/month); check that the file's exits are complete")


def test_a_spell_entering_on_the_end_of_the_data_is_counted_as_left_out(tmp_path: Path):
    """Ten people in since 2013-01-01, one entering on 2014-01-01, the latest date and so
    the default --as-of: that spell is observed for no time and adds nothing (10 x 12 =
    120.0 person-months); the summary said "10 spells" of a file of 11 without a word."""
    from click.testing import CliRunner

    from finsim.cli import main

    spells, out = tmp_path / "late.csv", tmp_path / "o.yaml"
    spells.write_text("person,provider,entry,exit,exit_reason,age\n" + "".join(
        f"A{i},cjd,2013-01-01,,,25-49\n" for i in range(10)) + "L,cjd,2014-01-01,,,25-49\n")
    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    done = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(seed),
                                     "--out", str(out), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert ("10 spells, 120.0 person-months; censored: 10 still in or other, 0 max_duration; "
            "left out, observed for no time: 1 spell entered on the end of the data\n"
            ) in done.output
    assert out.read_text(encoding="utf-8").splitlines()[:2] == [
        "# Exit hazards fitted by `finsim calibrate` to late.csv (10 spells, 120.0 "
        "person-months, data until 2014-01-01).",
        "# Left out, observed for no time: 1 spell entered on the end of the data."]
    page = (tmp_path / "o-report.html").read_text(encoding="utf-8")
    assert ("10 spells, 120.0 person-months; censored: 10 still in or other, 0 max_duration; "
            "left out, observed for no time: 1 spell entered on the end of the data</p>"
            ) in page


def test_the_german_page_names_the_spells_left_out(tmp_path: Path):
    """The page and the overlay said only the spells kept ("2 Verläufe" of a file of 5):
    a reviewer who gets them and not the terminal now reads the 3 left out and why, in
    the summary's words (two entries on the end of the data, one exit before --since)."""
    from click.testing import CliRunner

    from finsim.cli import main

    spells, out = tmp_path / "d.csv", tmp_path / "o.yaml"
    spells.write_text("person,provider,entry,exit,exit_reason\n"
                      "P1,caritas,2020-01,2021-01,placement\nP2,caritas,2020-01,2020-07,dropout\n"
                      "P3,caritas,2021-03,,\nP4,caritas,2019-01,2019-06,placement\n"
                      "P5,cjd,2021-03,,\n")
    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    done = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(seed),
                                     "--out", str(out), "--since", "2019-08"])
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8").splitlines()[1] == (
        "# Left out, observed for no time: 2 spells entered on the end of the data, 1 spell "
        "ended before --since.")
    page = (tmp_path / "o-report.html").read_text(encoding="utf-8")
    assert ("Daten bis 2021-03-01: 2 Verläufe, 18,0 Personenmonate; zensiert: 0 noch im "
            "Programm oder anderer Austritt, 0 Höchstdauer erreicht; ausgelassen, für keine "
            "Zeit beobachtet: 2 Verläufe mit Eintritt am Ende der Daten, 1 Verlauf vor "
            "--since beendet</p>") in page


def test_an_open_spell_past_its_maximum_and_a_mistyped_exit_year_are_refused(
        tmp_path: Path, scenario: Path):
    """Someone with no exit whose 12 months ended before --as-of was counted as reaching
    max_duration; a mistyped exit year moved the default end of the data decades on, so
    every person still in counted as staying 12 months without exit (the hazards fell by
    a third). Both are refused, as the caseload format refuses an open spell past it."""
    out = tmp_path / "o.yaml"
    spells = tmp_path / "open.csv"
    spells.write_text(HEADER + "p1,a,2020-01-01,,,young\np2,a,2020-02-01,2020-05-01,dropout,old\n")
    assert refusal(spells, scenario, out, as_of="2021-03-01") == [
        f"{spells}:2: exit: person p1 has no exit, but employment.max_months (12 months from "
        "the entry 2020-01-01) ended on 2021-01-01, before the end of the data (2021-03-01): "
        "is the exit date missing? Give it (exit_reason max_duration if they reached it)"]
    typo = tmp_path / "typo.csv"
    typo.write_text(HEADER + "p1,a,2020-01-01,,,young\np2,a,2020-02-01,2050-05-01,dropout,old\n")
    assert refusal(typo, scenario, out) == [
        f"{typo}: exit: the end of the data, the latest date in the file (2050-05-01, line 3), "
        "lies more than employment.max_months after the last entry (2020-02-01): a mistyped "
        "exit date? Correct it, or give --as-of"]
    many = tmp_path / "many.csv"
    many.write_text(HEADER + "".join(f"q{i},a,2020-01-0{i},,,old\n" for i in range(1, 8)))
    assert refusal(many, scenario, out, as_of="2030-01") == [
        f"{many}: exit: 7 spells have no exit, but their employment.max_months ended before "
        "the end of the data (2030-01), the first on line 2: are the exit dates missing, or "
        "is --as-of wrong? Give the exits (exit_reason max_duration if they reached it) or "
        "--as-of"]
    assert not out.exists()


def test_messages_name_what_is_wrong(tmp_path: Path, scenario: Path):
    """A Latin-1 file said "save the spellsas CSV"; a header-only file "every line is on
    the waiting list"; a base drawing a modifier of an attribute the spells file has no
    column for was told to lower --min-events, which cannot fit it."""
    from finsim.report.calibration import _check_base_draws
    from finsim.scenario import ScenarioError

    out = tmp_path / "o.yaml"
    latin = tmp_path / "latin1.csv"
    latin.write_bytes((HEADER + "Jürgen,a,2020-01-01,,,young\n").encode("latin-1"))
    (line,) = refusal(latin, scenario, out)
    assert line.endswith(": spells file is not UTF-8 text (line 2: the byte 0xfc is 'ü' in "
                         "Windows-1252/Latin-1) — save it as CSV (UTF-8)"), line
    header = tmp_path / "header.csv"
    header.write_text(HEADER)
    assert refusal(header, scenario, out) == [
        f"{header}: spells file has no rows, only a header line: a failed export?"]
    base = load_scenario(scenario).model_copy(update={"uncertainty": {
        "employment.modifiers.0.placement":
            {"dist": "triangular", "low": 0.4, "mode": 0.5, "high": 0.6}}})
    with pytest.raises(ScenarioError) as err:
        _check_base_draws(base, set(), "base.yaml", set())
    assert err.value.problems[0].hint == (
        "remove it from the base's uncertainty block: the spells file has no column age, "
        "so no group of it can be fitted")
    with pytest.raises(ScenarioError) as err:
        _check_base_draws(base, set(), "base.yaml", {"age"})
    assert "--min-events low enough to fit this group" in err.value.problems[0].hint


MIN65 = """person,provider,entry,exit,exit_reason,age
Q5,gruenbau,2014-09-16,2016-09-16,max_duration,25-49
Q6,gruenbau,2014-11-21,2016-11-21,max_duration,50-59
Q7,gruenbau,2017-07-09,2018-03-20,placement,25-49
Q8,gruenbau,2016-11-10,,,25-49
Q9,gruenbau,2016-04-14,2018-04-14,max_duration,25-49
Q11,gruenbau,2017-11-30,2018-01-09,placement,60-65
Q14,gruenbau,2016-03-17,2017-01-11,dropout,25-49
"""


def test_a_large_finite_group_factor_is_fitted_not_crashed(tmp_path: Path):
    """Seven spells, --min-events 1: placement has 1 event in the reference (25-49 with
    50-59, 108.86 person-months) and 1 in 60-65 (Q11, 40 days: 1.29 months). The MLE is
    closed: reference 1 / E_ref, factor E_ref / E_60-65, about 84. It ended in "internal
    error (LinAlgError: Singular matrix)", exit 1, before."""
    from click.testing import CliRunner

    from finsim.cli import main

    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    spells, out = tmp_path / "min65.csv", tmp_path / "m.yaml"
    spells.write_text(MIN65)
    done = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(seed),
                                     "--out", str(out), "--min-events", "1",
                                     "--as-of", "2018-06-01", "-q"])
    assert done.exit_code == 0, done.output
    scn = load_scenario(seed)
    caseload = read_caseload(spells, scn.provider_ids, scn.participants.mix,
                             scn.period.start_month, spells=True)
    data = Tenures.from_caseload(caseload, scn, month_time("2018-06-01", scn.period.start_month))
    exposure = np.minimum(data.tenure, data.cap) - data.start
    old = np.array(data.attribute_values[0])[data.attributes[:, 0]] == "60-65"
    e_ref, e_old = exposure[~old].sum(), exposure[old].sum()
    assert (e_ref, e_old) == pytest.approx((108.86, 1.29), abs=0.01)
    (modifier,) = load_scenario(out).employment.modifiers
    assert modifier.when == {"age": "60-65"}
    assert modifier.placement == pytest.approx(e_ref / e_old, rel=1e-5)  # 84.3
    assert load_scenario(out).employment.hazards.placement == pytest.approx(
        -math.expm1(-1 / e_ref), rel=1e-5)


def test_csv_locale_de_writes_the_tenure_table_for_german_excel(tmp_path: Path):
    """calibrate had no --csv-locale: its tenure table came out with commas and decimal
    points whatever run, compare, sensitivity and size wrote. Four spells until 2021-03:
    24.0 person-months in 0-6, 12.0 in 6-12, 1.0 in 12-18 (37.0 in all); placement 2 / 37
    per month gives 24 x 2 / 37 = 1.297 expected in the first band. ``en`` is the default.
    A band is its two edges in months, numbers: the text ``6-12`` was read as a date in
    Excel (6 December in German, 12 June in English)."""
    from click.testing import CliRunner

    from finsim.cli import main

    spells = tmp_path / "d.csv"
    spells.write_text("person,provider,entry,exit,exit_reason\n"
                      "P1,caritas,2020-01,2021-01,placement\nP2,caritas,2020-01,2020-07,dropout\n"
                      "P3,caritas,2020-04,2020-10,placement\nP4,cjd,2020-02,,\n")
    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    columns = ("reason", "band_from_months", "band_to_months", "exposure_months",
               "observed", "expected", "constant_hazard_test_p")
    first = {"de": ["\ufeff" + ";".join(columns),
                    "placement;0,0;6,0;24,0;1;1,297;0,84149",
                    "placement;6,0;12,0;12,0;1;0,649;0,84149",
                    "placement;12,0;18,0;1,0;0;0,054;0,84149"],
             "en": [",".join(columns),
                    "placement,0.0,6.0,24.0,1,1.297,0.84149",
                    "placement,6.0,12.0,12.0,1,0.649,0.84149",
                    "placement,12.0,18.0,1.0,0,0.054,0.84149"]}
    for locale, lines in first.items():
        out = tmp_path / f"{locale}.yaml"
        done = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(seed),
                                         "--out", str(out), "--as-of", "2021-03", "-q",
                                         *(["--csv-locale", "de"] if locale == "de" else [])])
        assert done.exit_code == 0, done.output
        text = (tmp_path / f"{locale}-tenure.csv").read_bytes().decode("utf-8")
        assert text.splitlines()[:4] == lines


def test_a_max_duration_exit_days_before_the_maximum_is_counted_as_max_duration(
        tmp_path: Path):
    """The 24-month maximum of entries on 2011-01-15 ends on 2013-01-15; exits 1 and 2
    days before it with max_duration are accepted as reaching it (within 0.1 month), so
    they count as max_duration, not as "still in or other" (their tenure fell short of
    24.0). Exposure 12 (placed) + 3 (dropped out) + 5 (still in) + 23.97 + 23.93 = 67.9
    person-months."""
    from click.testing import CliRunner

    from finsim.cli import main

    spells, out = tmp_path / "early.csv", tmp_path / "o.yaml"
    spells.write_text("person,provider,entry,exit,exit_reason\n"
                      "B1,cjd,2012-01-01,2013-01-01,placement\n"
                      "D1,cjd,2012-06-01,2012-09-01,dropout\n"
                      "S1,cjd,2013-01-01,,\n"
                      "C1,cjd,2011-01-15,2013-01-14,max_duration\n"
                      "C2,cjd,2011-01-15,2013-01-13,max_duration\n")
    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    done = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(seed),
                                     "--out", str(out), "--as-of", "2013-06-01",
                                     "--lang", "en"])
    assert done.exit_code == 0, done.output
    line = "5 spells, 67.9 person-months; censored: 1 still in or other, 2 max_duration"
    assert f"\n{line}\n" in done.output
    assert f"{line}</p>" in (tmp_path / "o-report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, lines", [
    ("en", ["placement: the program's hazard rests on 2 events only, fewer than 10: its "
            "interval is wide.",
            "dropout: the program's hazard rests on 1 event only, fewer than 10: its "
            "interval is wide."]),
    ("de", ["Vermittlung: die Rate des Programms beruht auf nur 2 Ereignissen, weniger als "
            "10: ihr Intervall ist weit.",
            "Abbruch: die Rate des Programms beruht auf nur 1 Ereignis, weniger als 10: ihr "
            "Intervall ist weit."])])
def test_the_page_says_one_event_in_the_singular(tmp_path: Path, lang: str,
                                                  lines: list[str]):
    """docs/calibrate.md's five spells under a 12-month maximum: 2 placements, 1 dropout.
    The page said "rests on 1 events only" ("auf nur 1 Ereignissen") where the terminal
    says "1 event"."""
    import html

    from click.testing import CliRunner

    from finsim.cli import main

    spells, scenario, out = tmp_path / "spells.csv", tmp_path / "twelve.yaml", tmp_path / "o.yaml"
    spells.write_text("person,provider,entry,exit,exit_reason\n"
                      "P1,cjd,2013-01-01,2013-05-01,placement\n"
                      "P2,cjd,2013-01-01,2014-02-01,max_duration\n"
                      "P3,cjd,2013-02-15,2013-05-01,dropout\n"
                      "P4,cjd,2013-09-01,,\n"
                      "P5,cjd,2013-01-01,2013-09-01,placement\n")
    scenario.write_text(f"base: {ROOT / 'scenarios' / 'aktiv-statt-passiv-2013.yaml'}\n"
                        "employment: {max_months: 12}\n")
    done = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(scenario),
                                     "--out", str(out), "--as-of", "2014-03-01",
                                     "--lang", lang])
    assert done.exit_code == 0, done.output
    page = html.unescape((tmp_path / "o-report.html").read_text(encoding="utf-8"))
    assert all(f"{line}<" in page for line in lines), lines


def _calibrate_files(out: Path) -> list[Path]:
    stem = out.with_suffix("")
    return [out, *(stem.with_name(stem.name + end)
                   for end in ("-fit.png", "-tenure.csv", "-report.html"))]


def _complete(out: Path) -> bool:
    """All four files there, each as the hidden manifest beside them lists it."""
    from finsim.commands.folder import not_written

    stem = out.with_suffix("")
    mark = stem.with_name(f".{stem.name}.finsim-manifest.json")
    return all(f.exists() for f in _calibrate_files(out)) and mark.exists() \
        and not_written(_calibrate_files(out), mark) == []


def test_files_another_run_put_in_place_meanwhile_are_kept(tmp_path: Path, scenario: Path,
                                                          monkeypatch):
    """Two calibrate runs into one --out, without --force: both passed the check before
    the work, the later one silently replaced the earlier one's files and exited 0. Now
    its commit looks again: the other run's files stay, this run's go to ``x.new.yaml``
    and its companions, and it exits 2 saying so, as run's folder does."""
    from click.testing import CliRunner

    from finsim.cli import main
    from finsim.commands import calibrate as module

    spells, out = tmp_path / "spells.csv", tmp_path / "x.yaml"
    write_spells(spells, scenario, seed=4)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    assert finsim("calibrate", spells, "--scenario", scenario, "--out", theirs / "x.yaml",
                  "--as-of", "2022-12-30", "-q").returncode == 0
    real_report = module.calibrate_report

    def meanwhile(*args, **kwargs) -> str:  # the other run commits before this one
        for name in [p.name for p in _calibrate_files(out)] + [".x.finsim-manifest.json"]:
            (out.parent / name).write_bytes((theirs / name).read_bytes())
        return real_report(*args, **kwargs)

    monkeypatch.setattr(module, "calibrate_report", meanwhile)
    late = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(scenario),
                                     "--out", str(out), "-q"])
    new = tmp_path / "x.new.yaml"
    assert late.exit_code == 2
    assert late.output == (f"{out}: appeared while this run worked (another run?) and was "
                           "left as it is; this run's results are in "
                           + ", ".join(str(p) for p in _calibrate_files(new)) + "\n")
    assert out.read_bytes() == (theirs / "x.yaml").read_bytes()
    assert "data until 2022-12-30" in out.read_text()
    assert _complete(out) and _complete(new)
    assert "data until 2022-12-30" not in new.read_text()
    assert load_scenario(new).name == "known hazards (calibrated)"  # its base: found
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [
        ".x.finsim-manifest.json", ".x.new.finsim-manifest.json"]  # no temps, no lock


def test_two_calibrate_processes_into_one_out_never_replace_each_other(tmp_path: Path,
                                                                      scenario: Path):
    """Two real processes started together, without --force: one exits 0 and its files
    are at --out, whole; the other exits 2, refused before the work or with its files at
    ``c.new.yaml`` and beside it. Never both 0."""
    spells = tmp_path / "spells.csv"
    write_spells(spells, scenario, seed=4)
    for round_ in range(2):
        out = tmp_path / f"r{round_}" / "c.yaml"
        runs = [subprocess.Popen(
            [sys.executable, "-m", "finsim", "calibrate", str(spells), "--scenario",
             str(scenario), "--out", str(out), "--as-of", as_of, "-q"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for as_of in ("2022-12-30", "2022-12-31")]
        done = [(p, *p.communicate(timeout=300)) for p in runs]
        assert sorted(p.returncode for p, _, _ in done) == [0, 2], [e for _, _, e in done]
        winner = next(i for i, (p, _, _) in enumerate(done) if p.returncode == 0)
        assert f"data until 2022-12-3{winner}" in out.read_text() and _complete(out)
        loser = done[1 - winner][2]
        new = out.with_name("c.new.yaml")
        if "appeared while this run worked" in loser:
            assert f"data until 2022-12-3{1 - winner}" in new.read_text() and _complete(new)
        else:
            assert loser == f"{out}: exists; use --force to replace it or --out to choose " \
                            "another name\n"
            assert not new.exists()


def test_base_is_relative_to_out_through_a_linked_folder(tmp_path: Path, monkeypatch):
    """With scenarios/ a link to another checkout, the overlay's base: went through the
    link's target (`../../../snap/scenarios/...`) and broke when that checkout moved; it
    is the path from OUT's folder as given, as docs/calibrate.md says."""
    from click.testing import CliRunner

    from finsim.cli import main

    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(main, [
        "calibrate", "scenarios/aktiv-statt-passiv-2013-spells-example.csv",
        "--scenario", "scenarios/aktiv-statt-passiv-2013.yaml",
        "--out", "outputs/fit/calibrated.yaml", "-q"])
    assert done.exit_code == 0, done.output
    overlay = tmp_path / "outputs" / "fit" / "calibrated.yaml"
    assert 'base: "../../scenarios/aktiv-statt-passiv-2013.yaml"' in overlay.read_text()
    assert load_scenario(overlay).name.endswith("(calibrated)")


def test_base_falls_back_to_the_real_path_where_the_given_one_leads_elsewhere(
        tmp_path: Path):
    """`link/../s.yaml` with link a folder elsewhere names the s.yaml beside the link's
    target, which the given path, read as text, does not: base: takes the real path."""
    from finsim.commands.calibrate import base_relative

    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "s.yaml").write_text("name: s\n")
    (tmp_path / "link").symlink_to(tmp_path / "real" / "sub")
    overlay = tmp_path / "out" / "o.yaml"
    assert base_relative(tmp_path / "link" / ".." / "s.yaml", overlay) == "../real/s.yaml"
    assert base_relative(tmp_path / "link" / "x.yaml", overlay) == "../link/x.yaml"

"""``finsim calibrate`` with returners (``months_funded_before``) and spells past their
maximum: a returner with nothing left is refused as ``finsim validate`` refuses it, an
open returner's spell past what was left is refused with the date that maximum ended,
and exits after the maximum are warned about (one line per kind), not dropped silently."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from finsim.cli import main
from finsim.commands.calibrate import CalibrateOptions, calibrate_job
from finsim.scenario import ScenarioError

SCENARIO = {
    "name": "twelve months", "period": {"start": "2020-01", "months": 36},
    "participants": {"referrals_per_month": 4, "patience_months": 1.0, "initial": "full"},
    "employment": {"max_months": 12, "hazards": {"placement": 0.05, "dropout": 0.03}},
    "providers": [{"id": "a", "slots": 100}],
    "costs": {"wages": {"hourly": 10.0}},
}
HEADER = "person,provider,entry,exit,exit_reason,months_funded_before\n"
VALID = ("p1,a,2020-01-01,2020-07-01,placement,\n"  # 6 months, an event
         "p2,a,2020-01-01,2021-01-01,max_duration,\n"  # 12: the maximum
         "r3,a,2020-01-01,2020-04-01,dropout,6\n"  # 3 of the 6 left, an event
         "r4,a,2020-01-01,2020-07-01,max_duration,6\n")  # the 6 left: the maximum
"""Valid spells: 6 + 12 + 3 + 6 = 27 person-months, 1 placement, 1 dropout."""
ADVICE = "is --scenario's max_months right, and months_funded_before?"


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(SCENARIO, sort_keys=False))
    return path


def spells(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "spells.csv"
    path.write_text(HEADER + VALID + rows)
    return path


def refusal(path: Path, scenario: Path, out: Path, as_of: str = "2021-06-01") -> list[str]:
    with pytest.raises(ScenarioError) as err:
        calibrate_job(path, scenario, CalibrateOptions(out, as_of=as_of))
    assert not out.exists()
    return [str(p) for p in err.value.problems]


def fitted(path: Path, scenario: Path, out: Path, as_of: str = "2021-06-01"):
    done = calibrate_job(path, scenario, CalibrateOptions(out, as_of=as_of))
    fits = done.calibration.fits
    return done, [(r, fits[r].program.events, fits[r].program.exposure) for r in fits]


def test_valid_spells_fit_as_before_without_a_warning(tmp_path: Path, scenario: Path):
    done, estimates = fitted(spells(tmp_path, ""), scenario, tmp_path / "o.yaml")
    assert done.warnings == ()
    assert estimates == [("placement", 1, 27.0), ("dropout", 1, 27.0)]
    assert done.calibration.censored == {"still in or other": 0, "max_duration": 2}
    assert done.calibration.unobserved == {}


def test_months_before_written_with_zero_decimals_are_whole(tmp_path: Path, scenario: Path):
    """6.0 (pandas writes an integer column with blanks so) and 6,0 or 6,00 (a decimal
    comma) are the whole 6: fitted as VALID's r3 and r4 with 6."""
    path = tmp_path / "spells.csv"
    path.write_text(HEADER + VALID.replace(",6\n", ",6.0\n", 1).replace(",6\n", ',"6,0"\n'))
    assert fitted(path, scenario, tmp_path / "o.yaml")[1] == [
        ("placement", 1, 27.0), ("dropout", 1, 27.0)]
    path.write_text(HEADER.replace(",", ";") + VALID.replace(",", ";").replace(";6\n", ";6,00\n"))
    assert fitted(path, scenario, tmp_path / "p.yaml")[1] == [
        ("placement", 1, 27.0), ("dropout", 1, 27.0)]


def test_months_before_with_three_decimals_give_both_readings(tmp_path: Path, scenario: Path):
    path = spells(tmp_path, "r5,a,2020-03-01,,,2.000\nr6,a,2020-03-01,,,2.5\n")
    expected = ("months_funded_before: expected a whole number of months >= 0 (the months of "
                "this funding used in earlier spells; empty: 0)")
    assert refusal(path, scenario, tmp_path / "o.yaml") == [
        f"{path}:6: {expected} (given: '2.000') — ambiguous: write 2000 if the point parts "
        "thousands, 2.0 if it parts decimals",
        f"{path}:7: {expected} (given: '2.5')"]


def test_a_returner_with_nothing_left_is_refused_as_validate_refuses_it(
        tmp_path: Path, scenario: Path):
    """12 (and 15) months funded before of 12: its placement was dropped without a word and
    the summary said it "entered on the end of the data" (it entered in 2020)."""
    path = spells(tmp_path, "r5,a,2020-03-01,2020-05-01,placement,12\n"
                            "r6,a,2020-03-01,,,15\n")
    hint = ("a lifetime holds at most max_months of funding (§16i SGB II: 5 years); leave "
            "the person out, or correct the months")
    assert refusal(path, scenario, tmp_path / "o.yaml") == [
        f"{path}:6: months_funded_before: person r5 has used 12 months of "
        f"employment.max_months (12) in earlier spells: nothing is left to fund (given: 12) "
        f"— {hint}",
        f"{path}:7: months_funded_before: person r6 has used 15 months of "
        f"employment.max_months (12) in earlier spells: nothing is left to fund (given: 15) "
        f"— {hint}"]


def test_many_returners_with_nothing_left_are_condensed(tmp_path: Path, scenario: Path):
    path = spells(tmp_path, "".join(f"q{i},a,2020-0{i}-01,,,12\n" for i in range(1, 8)))
    lines = refusal(path, scenario, tmp_path / "o.yaml")
    assert len(lines) == 6 and lines[4].startswith(f"{path}:10: months_funded_before: "
                                                   "person q5 has used 12 months")
    assert lines[5] == (f"{path}: months_funded_before: 2 more rows like the ones above "
                        "(lines 11–12)")


def test_an_open_returner_past_what_was_left_is_refused_with_that_date(
        tmp_path: Path, scenario: Path):
    """Entered 2020-11-12 with 6 of 12 months left: the maximum ended on 2021-05-12 (the
    line said the full maximum's 2021-11-12, or, by --as-of 2021-06-01 before that,
    nothing: the spell was counted as reaching max_duration)."""
    path = spells(tmp_path, "r5,a,2020-11-12,,,6\n")
    assert refusal(path, scenario, tmp_path / "o.yaml") == [
        f"{path}:6: exit: person r5 has no exit, but employment.max_months less 6 months "
        "funded before (6 months from the entry 2020-11-12) ended on 2021-05-12, before the "
        "end of the data (2021-06-01): is the exit date missing? Give it (exit_reason "
        "max_duration if they reached it)"]
    assert refusal(path, scenario, tmp_path / "o.yaml", as_of="2022-01-01")[0].startswith(
        f"{path}:6: exit: person r5 has no exit, but employment.max_months less 6 months "
        "funded before (6 months from the entry 2020-11-12) ended on 2021-05-12, before")


def test_exits_after_the_maximum_are_warned_one_line_per_kind(
        tmp_path: Path, scenario: Path):
    """A returner placed after 9 months with 6 left, a dropout 1 day after 12 months, and
    a max_duration exit 6 months late: censored at the maximum as before (3 x 6 + 12 =
    30 more person-months, no event), now said on the terminal."""
    path = spells(tmp_path, "r5,a,2020-01-01,2020-10-01,placement,6\n"
                            "p6,a,2020-01-01,2021-01-02,dropout,\n"
                            "p7,a,2020-01-01,2021-07-01,max_duration,\n"
                            "p8,a,2020-01-01,2021-01-03,max_duration,\n")  # within 0.1 month
    done, estimates = fitted(path, scenario, tmp_path / "o.yaml", as_of="2021-08-01")
    assert estimates == [("placement", 1, 69.0), ("dropout", 1, 69.0)]
    name = "'twelve months'"
    assert done.warnings == (
        f"{path}: exit: 2 placement, dropout or other exits (lines 6, 7) lie after "
        f"employment.max_months of {name}, less any months funded before, ended: censored "
        f"there, counted as no event; {ADVICE}",
        f"{path}: exit: 1 max_duration exit (line 8) lies after employment.max_months of "
        f"{name}, less any months funded before, ended: more than 0.1 month late, counted "
        f"as reaching it; {ADVICE}")
    run = CliRunner().invoke(main, ["calibrate", str(path), "--scenario", str(scenario),
                                    "--out", str(tmp_path / "c.yaml"), "--as-of",
                                    "2021-08-01"])
    assert run.exit_code == 0, run.output
    assert run.stderr.splitlines() == [f"warning: {line}" for line in done.warnings]


def test_exits_after_the_maximum_are_in_the_overlay_and_the_page(
        tmp_path: Path, scenario: Path):
    """The terminal's lines are also ``# WARNING:`` comments at the top of the overlay
    (read later, without the terminal) and the first warnings of the page, in German and
    in English: one list, three outputs."""
    path = spells(tmp_path, "r5,a,2020-01-01,2020-10-01,placement,6\n"
                            "p6,a,2020-01-01,2021-01-02,dropout,\n"
                            "p7,a,2020-01-01,2021-07-01,max_duration,\n")
    pages = {}
    for lang in ("de", "en"):
        out = tmp_path / lang / "o.yaml"
        done = calibrate_job(path, scenario, CalibrateOptions(out, as_of="2021-08-01",
                                                              lang=lang))
        text = out.with_name("o-report.html").read_text(encoding="utf-8")
        pages[lang] = [html.unescape(w) for w in re.findall(r"<p class='warn'>(.*?)</p>",
                                                             text)]
    overlay = out.read_text(encoding="utf-8").splitlines()
    assert [line for line in overlay if line.startswith("# WARNING:")][:2] == [
        f"# WARNING: {path}: exit: 2 placement, dropout or other exits (lines 6, 7) lie "
        "after employment.max_months of 'twelve months', less any months funded before, "
        f"ended: censored there, counted as no event; {ADVICE}",
        f"# WARNING: {path}: exit: 1 max_duration exit (line 8) lies after "
        "employment.max_months of 'twelve months', less any months funded before, ended: "
        f"more than 0.1 month late, counted as reaching it; {ADVICE}"]
    assert pages["en"][:2] == list(done.warnings)
    assert pages["de"][:2] == [
        f"{path}: exit: 2 Austritte mit Grund „Vermittlung, Abbruch oder anderer Austritt“ "
        "(Zeilen 6, 7) liegen nach dem Ende von employment.max_months von 'twelve months', "
        "abzüglich vorher geförderter Monate: dort zensiert, nicht als Ereignis gezählt; "
        "stimmen max_months des --scenario und months_funded_before?",
        f"{path}: exit: 1 Austritt mit Grund „Höchstdauer erreicht“ (Zeile 8) liegt nach "
        "dem Ende von employment.max_months von 'twelve months', abzüglich vorher "
        "geförderter Monate: mehr als 0,1 Monat zu spät, als Erreichen der Höchstdauer "
        "gezählt; stimmen max_months des --scenario und months_funded_before?"]
    assert yaml.safe_load("\n".join(overlay))["base"] == "../scenario.yaml"


def test_many_exits_after_the_maximum_name_the_first_lines(tmp_path: Path, scenario: Path):
    """A 12-month scenario for 24-month data: every late exit counted, the first five
    lines named."""
    path = spells(tmp_path, "".join(f"q{i},a,2020-01-01,2021-0{i}-15,dropout,\n"
                                    for i in range(2, 9)))
    done, _ = fitted(path, scenario, tmp_path / "o.yaml", as_of="2021-09-01")
    assert done.warnings == (
        f"{path}: exit: 7 placement, dropout or other exits (lines 6, 7, 8, 9, 10, …) lie "
        "after employment.max_months of 'twelve months', less any months funded before, "
        f"ended: censored there, counted as no event; {ADVICE}",)

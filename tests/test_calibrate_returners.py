"""``finsim calibrate`` with returners (``months_funded_before``): a returner with
nothing left is refused as ``finsim validate`` refuses it, and an open returner's spell
past what was left is refused with the date that maximum ended."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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


def test_valid_spells_fit_as_before(tmp_path: Path, scenario: Path):
    done, estimates = fitted(spells(tmp_path, ""), scenario, tmp_path / "o.yaml")
    assert estimates == [("placement", 1, 27.0), ("dropout", 1, 27.0)]
    assert done.calibration.censored == {"still in or other": 0, "max_duration": 2}
    assert done.calibration.unobserved == {}


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

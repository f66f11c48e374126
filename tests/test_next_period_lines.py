"""Running a program into its next funding period (probe 37): the "slots empty" warning
is not given where actual spells fill the slots; an ``as_of`` before a moved period names
the warm-up; the minimum wage table's padding (0 EUR before 2015-01) is never shown as a
value."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from finsim.analysis.sanity import moved_past_ramp
from finsim.cli import main
from finsim.scenario import load_scenario
from finsim.scenario.minimum_wage import unpadded

SIXTEEN_I = Path("scenarios/aktiv-statt-passiv-2026-16i.yaml")
SPELLS = "scenarios/aktiv-statt-passiv-2026-16i-spells-2027-06.csv"


def test_actual_spells_at_the_start_are_no_empty_start():
    """``--set period.start=2028-01`` past the referrals' ramp-up: without actuals the
    program would start empty (warned); the actual spells seat their people there."""
    moved = ["period.start=2028-01", "period.months=12"]
    assert moved_past_ramp(load_scenario(SIXTEEN_I, moved))[0].startswith(
        "period.start: moved from 2026-01 to 2028-01 by --set, past the dated values of "
        "participants.referrals_per_month (2026-01 – 2026-03): the program starts at "
        "2028-01 with the slots empty")
    running = load_scenario(SIXTEEN_I, [*moved, f"actuals.spells={Path(SPELLS).resolve()}",
                                        "actuals.as_of=2028-01"])
    assert moved_past_ramp(running) == []


def test_an_as_of_before_the_moved_start_names_the_warm_up(tmp_path):
    done = CliRunner().invoke(main, [
        "run", str(SIXTEEN_I), "--actuals", SPELLS, "--as-of", "2027-07", "--set",
        "period.start=2028-01", "--set", "period.months=24", "-n", "2",
        "--out", str(tmp_path / "r")])
    assert done.exit_code == 2, done.output
    assert done.stderr.splitlines()[-1].endswith(
        "actuals.as_of: expected a month from the period start 2028-01 to the month after "
        "its end, 2030-01 (given: '2027-07') — to plan the period from the actual spells, "
        "warm up through them: also --set period.simulate_from=2027-07 (or a month of the "
        "program before it), or finsim size --start 2028-01 --months 24")


def test_show_prints_no_minimum_wage_of_zero():
    """The table's internal 0 before 2015-01 (``minimum_wage_schedule``) is no value."""
    done = CliRunner().invoke(main, ["show", str(SIXTEEN_I)])
    assert done.exit_code == 0, done.output
    shown = yaml.safe_load(done.stdout)
    base = shown["costs"]["wages"]["subsidy_base"]["hourly"]
    assert list(base.items())[:2] == [("2015-01", 8.5), ("2017-01", 8.84)]
    assert "2014-12" not in done.stdout
    assert unpadded({"x": {"2014-12": 0.0, "2015-01": 9.0}}) == \
        {"x": {"2014-12": 0.0, "2015-01": 9.0}}  # a wage of the user's own stays whole

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
        "run", str(SIXTEEN_I), *ACTUALS, *MOVED, "-n", "2", "--out", str(tmp_path / "r")])
    assert done.exit_code == 2, done.output
    assert done.stderr.splitlines()[-1].endswith(
        "actuals.as_of: expected a month from the period start 2028-01 to the month after "
        "its end, 2030-01 (given: '2027-07') — to plan the period from the actual spells, "
        "warm up through them: also --set period.simulate_from=2027-07 (or a month of the "
        "program before it), or finsim size --start 2028-01 --months 24 --confidence Q "
        "with the period as the file has it")


ACTUALS = ["--actuals", SPELLS, "--as-of", "2027-07"]
MOVED = ["--set", "period.start=2028-01", "--set", "period.months=24"]
QUICK = ["-n", "2", "--jobs", "1", "-q"]


def _runs(tmp_path, *args: str) -> None:
    """The command a hint suggests runs (exit 0), not into the refusal it came from."""
    out = tmp_path / f"out{len(list(tmp_path.glob('out*')))}"
    done = CliRunner().invoke(main, [*args, *QUICK, "--out", str(out)])
    assert done.exit_code == 0, done.output


def test_each_way_the_moved_start_s_hint_names_runs(tmp_path):
    """The warm-up (``--set period.simulate_from``) and ``size --start`` on the file's
    own period: each runs, where ``size`` kept with the moved start was the same
    refusal word for word (the hint said it without "with the period as the file has
    it")."""
    _runs(tmp_path, "run", str(SIXTEEN_I), *ACTUALS, *MOVED,
          "--set", "period.simulate_from=2027-07")
    _runs(tmp_path, "size", str(SIXTEEN_I), *ACTUALS, "--start", "2028-01", "--months", "24",
          "--confidence", "0.9")


def test_an_as_of_before_an_unmoved_start_is_before_the_program(tmp_path):
    """A next-period file of the user's own (period 2028-01 over the 16i file), and an
    as_of typed before the 16i file's own start (2025-12): nothing moved the period, so
    no warm-up and no ``size --start`` (which looped back to the same refusal) is
    offered; each way the line names runs: an as_of from the start on, or the file
    saying since when the program runs (``period.simulate_from``)."""
    own = tmp_path / "next.yaml"
    own.write_text(f"base: {SIXTEEN_I.resolve()}\nperiod: {{start: 2028-01, months: 24}}\n",
                   encoding="utf-8")
    for path, as_of, start in ((own, "2027-07", "2028-01"), (SIXTEEN_I, "2025-12", "2026-01")):
        done = CliRunner().invoke(main, ["run", str(path), "--actuals", SPELLS, "--as-of", as_of,
                                         *QUICK, "--out", str(tmp_path / "r")])
        assert done.exit_code == 2, done.output
        assert done.stderr.splitlines() == [
            f"finsim run: --as-of: actuals.as_of: expected a month from the period start {start} "
            f"to the month after its end, {'2030-01' if path == own else '2031-01'} (given: "
            f"'{as_of}') — it lies before the program's start, {start}: give the month after "
            f"the last actual month, from {start} on (a file for a program running since "
            f"before {start} says since when in period.simulate_from)"]
    _runs(tmp_path, "run", str(own), "--actuals", SPELLS, "--as-of", "2028-01")
    _runs(tmp_path, "run", str(SIXTEEN_I), *ACTUALS)
    since = tmp_path / "since.yaml"
    since.write_text(f"base: {own}\nperiod: {{simulate_from: 2026-01}}\n", encoding="utf-8")
    _runs(tmp_path, "run", str(since), *ACTUALS)


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


def test_the_call_s_hint_names_finsim_size_as_a_call():
    """In Python the hint names ``finsim.size(...)`` with its arguments (was "finsim size
    start='2028-01' months 60"), and that call runs."""
    import pytest

    import finsim
    from finsim.scenario import ScenarioError

    actual = {"actuals.spells": str(Path(SPELLS).resolve()), "actuals.as_of": "2027-07"}
    with pytest.raises(ScenarioError) as err:
        finsim.run(SIXTEEN_I, overrides={"period.start": "2028-01", **actual})
    assert str(err.value.problems[0]) == (
        f"{SIXTEEN_I} (overrides): actuals.as_of: expected a month from the period start "
        "2028-01 to the month after its end, 2033-01 (given: '2027-07') — to plan the "
        "period from the actual spells, warm up through them: also add "
        "{'period.simulate_from': '2027-07'} to the overrides (or a month of the program "
        "before it), or finsim.size(..., start='2028-01', months=60, confidence=Q) with the "
        "period as the file has it")
    planned = finsim.size(SIXTEEN_I, start="2028-01", months=60, confidence=0.9,
                          overrides=actual, replications=2, jobs=1)
    assert planned.run.scenario.period.simulate_from == "2026-01"

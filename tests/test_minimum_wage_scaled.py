"""The statutory minimum wage table scaled (``--param PATH=*LOW:HIGH``, the value a
``--set PATH=*F`` means) stays finsim's table: no warning on keys the user never wrote,
its zero pad left out wherever it is shown or recorded, the exact value in the hint."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from finsim.cli import main
from finsim.scenario.minimum_wage import minimum_wage_schedule, table_factor, unpadded

SIXTEEN_I = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"


def test_the_table_scaled_is_the_table_by_a_factor():
    table = minimum_wage_schedule()
    scaled = {key: eur * 0.95 for key, eur in table.items()}
    assert table_factor(table) == 1
    assert table_factor(scaled) == 0.95
    assert table_factor(unpadded(scaled)) == 0.95  # as run.json records it
    assert table_factor({**table, "2027-01": 15.0}) is None  # one row of the user's own
    assert table_factor({**table, "2029-01": 16.0}) is None  # a key of the user's own
    assert list(unpadded({"hourly": scaled})["hourly"])[:1] == ["2015-01"]


def test_a_scaled_minimum_wage_warns_of_no_key_and_runs_under_strict(tmp_path):
    """Each end warned ``subsidy_base.hourly.2014-12`` (the table's pad) and ``.2015-01``
    "never takes effect; leave the key out", so ``--strict`` refused the sensitivity."""
    done = CliRunner().invoke(main, [
        "sensitivity", str(SIXTEEN_I), "--param", "costs.wages.subsidy_base.hourly=*0.95:1.05",
        "--metric", "funding_jobcenter", "-n", "2", "--jobs", "1", "--strict", "--quiet",
        "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    assert "warning" not in done.output
    record = json.loads((tmp_path / "out" / "sensitivity.json").read_text("utf-8"))
    hourly = record["scenario"]["costs"]["wages"]["subsidy_base"]["hourly"]
    assert list(hourly.items())[:1] == [("2015-01", 8.5)]  # no minimum wage of 0 EUR
    assert not any("subsidy_base.hourly.20" in line for line in record["warnings"])


def _hint(given: str) -> str:
    done = CliRunner().invoke(main, ["run", str(SIXTEEN_I), "--set", given])
    assert done.exit_code == 2
    return done.output.strip().split(" — write the value: ", 1)[1]


def test_the_factor_hint_gives_the_exact_value_of_every_table():
    """The hint stopped at "write the value" for a table named by a word, and gave 71023
    for 78915 x 0.9 (the file's integer read as a whole number): the point runs 71023.5.
    A product is shown to ten digits, not 69089.40000000001 for 76766 x 0.9."""
    assert _hint("costs.staff.coach_cost_per_year=*0.9") == (
        "costs.staff.coach_cost_per_year={2026-01: 67207.5, 2026-05: 69089.4, "
        "2027-04: 71023.5} ({2026-01: 74675, 2026-05: 76766, 2027-04: 78915} x 0.9)")
    assert _hint("passive_benefits.parts.kdu_federal_share=*0.9") == (
        "passive_benefits.parts.kdu_federal_share={2024-01: 0.6417, "  # 0.713 x 0.9
        "2025-01: 0.6489, 2026-01: 0.6489} (NW x 0.9)")
    assert _hint("costs.wages.subsidy_base.hourly=*0.95") == (  # 12.179 read as thousands,
        "costs.wages.subsidy_base.hourly={2015-01: 8.0750, 2017-01: 8.3980, "  # 12.1790
        "2019-01: 8.7305, 2020-01: 8.8825, 2021-01: 9.0250, 2021-07: 9.12, "  # as
        "2022-01: 9.3290, 2022-07: 9.9275, 2022-10: 11.4, "  # a month
        "2024-01: 11.78950, 2025-01: 12.17900, 2026-01: 13.2050, 2027-01: 13.87} "
        "(minimum_wage x 0.95)")


def test_the_hint_s_value_runs_the_point_under_strict(tmp_path):
    value = _hint("costs.wages.subsidy_base.hourly=*0.95").split("=", 1)[1].split(" (")[0]
    done = CliRunner().invoke(main, [
        "run", str(SIXTEEN_I), "--set", f"costs.wages.subsidy_base.hourly={value}",
        "--no-uncertainty", "-n", "20", "--strict", "--quiet", "--out", str(tmp_path / "o")])
    assert done.exit_code == 0, done.output
    record = json.loads((tmp_path / "o" / "run.json").read_text("utf-8"))
    assert record["scenario"]["costs"]["wages"]["subsidy_base"]["hourly"]["2026-01"] == 13.205


def test_an_end_that_raises_the_base_above_the_wage_paid_says_it_is_capped():
    """At *1.05 the base (the minimum wage) exceeds the wage paid (the minimum wage too)
    in every month: the Jobcenter's subsidy stays at the base's, and nothing said why."""
    from finsim.analysis.ranges import Param, capped_months, capped_notes
    from finsim.scenario import load_scenario

    scn = load_scenario(SIXTEEN_I)
    base = Param("costs.wages.subsidy_base.hourly", 0.95, 1.05, scaled=True)
    wage = Param("costs.wages.hourly", 0.95, 1.05, scaled=True)
    assert capped_months(scn, "costs.wages") == 0
    assert capped_notes(scn, (base, wage)) == [
        "at costs.wages.subsidy_base.hourly=*1.05: the subsidy base "
        "(costs.wages.subsidy_base.hourly) exceeds the wage paid (costs.wages.hourly) in 60 "
        "of 60 months and is capped at it (the subsidy rests on the wage actually paid), so "
        "this end moves the subsidy less or not at all; scale costs.wages.hourly with it",
        "at costs.wages.hourly=*0.95: the subsidy base (costs.wages.subsidy_base.hourly) "
        "exceeds the wage paid (costs.wages.hourly) in 60 of 60 months and is capped at it "
        "(the subsidy rests on the wage actually paid), so this end moves the subsidy less "
        "or not at all; scale costs.wages.subsidy_base.hourly with it"]
    assert capped_notes(scn, (Param("costs.wages.hourly", 1.0, 1.1, scaled=True),)) == []

"""Sanity warnings: printed, in run.json, exit 2 only with --strict."""

from __future__ import annotations

import html
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from finsim.analysis import sanity, sizing, words
from finsim.analysis.at_horizon import horizon_exits
from finsim.cli import main
from finsim.montecarlo import RunResult, RunSpec, run
from finsim.scenario import Month, ScenarioError, load_scenario, resolved_data, scenario_from_dict

from .conftest import ROOT, SMALL, variant

SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def test_the_minimum_wage_table_by_date() -> None:
    """The statutory rates (MiLoG and its ordinances), each from its first month."""
    assert sanity.minimum_wage(Month(2014, 12)) is None
    assert sanity.minimum_wage(Month(2015, 1)) == (8.50, Month(2015, 1))
    assert sanity.minimum_wage(Month(2021, 6)) == (9.50, Month(2021, 1))
    assert sanity.minimum_wage(Month(2021, 7)) == (9.60, Month(2021, 7))
    assert sanity.minimum_wage(Month(2022, 9)) == (10.45, Month(2022, 7))
    assert sanity.minimum_wage(Month(2023, 12)) == (12.00, Month(2022, 10))
    assert sanity.minimum_wage(Month(2025, 1)) == (12.82, Month(2025, 1))
    assert sanity.minimum_wage(Month(2026, 1)) == (13.90, Month(2026, 1))
    assert sanity.minimum_wage(Month(2029, 5)) == (14.60, Month(2027, 1))
    assert all(basis for _, _, basis in sanity.minimum_wages())


def test_the_seed_in_its_own_period_raises_no_warning() -> None:
    result = run(RunSpec(load_scenario(SEED), 10, 1), jobs=1)
    assert sanity.sanity_warnings(result) == []


def test_the_seed_moved_as_it_is_warns(tmp_path: Path) -> None:
    """Moved to 2027 it keeps its 0.3 referrals a month and its 2013 wage: nearly empty
    slots (both years in one line), stale schedules and a wage below the 2027 minimum
    wage, each a line, in run.json too; --strict makes them exit 2 and writes nothing."""
    args = ["size", str(SEED), "--start", "2027-01", "--months", "24", "--confidence", "0.9",
            "-n", "10", "--jobs", "1"]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    warned = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert warned[0] == (
        "warning: occupancy in 2 years is under 50% of the slots (participants at month end, "
        "mean; each year with its occupancy, then participants of slots): 2027 4% (6.9 of "
        "161); 2028 4% (6.8 of 161): too few referrals for the slots? A program that keeps "
        "going: referrals_per_month: on_demand, initial: full (docs/running-programs.md)")
    assert "warning: occupancy in 2028" not in result.output
    assert any(w.startswith("warning: participants.referrals_per_month: the schedule's last "
                            "date 2013-04 lies 165 months before the period (2027-01)")
               for w in warned)
    assert ("warning: costs.wages.hourly: 13.97 EUR/hour in 2027-01 is below the statutory "
            "minimum wage of 14.60 EUR in force since 2027-01 (24 of 24 months below it; 12 "
            "of them from 2028-01 on, below finsim's assumed uprating of the minimum wage, "
            "not a statutory figure: the statutory 14.60 EUR of 2027-01 uprated by "
            "costs.wages.annual_increase, 2.5% a year)") in warned
    recorded = json.loads((tmp_path / "s" / "run.json").read_text())["warnings"]
    assert [f"warning: {w}" for w in recorded] == warned
    strict = CliRunner().invoke(main, [*args, "--strict", "--out", str(tmp_path / "t")])
    assert strict.exit_code == 2 and not (tmp_path / "t").exists()
    assert "--strict: occupancy in 2 years is under 50% of the slots" in strict.output


def test_a_running_seed_plans_near_capacity_without_occupancy_warnings() -> None:
    scn = load_scenario(SEED, ["participants.referrals_per_month=on_demand",
                               "participants.initial=full"])
    result = run(RunSpec(sizing.move_period(scn, "2027-01", 24), 10, 1), jobs=1)
    assert sanity.occupancy_warnings(result) == []
    assert sanity.qualification_warnings(result) == []


def test_a_cohort_s_entry_modules_are_due_and_a_warning_needs_twice_the_due(small_data
                                                                           ) -> None:
    """A cohort ``initial: 40`` is 40 new people at tenure 0 (docs/scenario-format.md):
    their entry modules are due, so no warning (it warned, and --strict refused the run).
    Every entrant counts 450 + 0.5 x 1,500 x P(age 25-49) 0.7 = 975 EUR; the warning
    comes only above twice that."""
    cohort = variant(small_data, participants={"initial": 40, "referrals_per_month": 0.2},
                     uncertainty={})
    result = run(RunSpec(cohort, 10, 1), jobs=1)
    assert sanity.qualification_warnings(result) == []
    entries = result.metric_mean("entries")
    assert entries >= 40
    assert sanity.expected_qualification(result) == pytest.approx(975 * entries)
    charged = {"entries": 40.0, "cost_qualification": 2 * 975 * 40 + 1}
    doubled = SimpleNamespace(scenario=cohort, metric_mean=charged.__getitem__)
    assert sanity.qualification_warnings(doubled) == [
        "qualification of 78,001 EUR is 2.0 times the 39,000 EUR the modules due in the "
        "period cost (the entrants' and those a caseload's people reach in it): are people "
        "already in the slots charged their entry modules again?"]
    charged["cost_qualification"] -= 1
    assert sanity.qualification_warnings(doubled) == []


def test_the_modules_due_are_priced_as_the_ledger_prices_them() -> None:
    """A century of the 2026 §16i file (probe 36): the ledger raises the modules' prices
    2 % a year (a mean factor of 3.12 over 1,200 months), and the 40,331,234 EUR it
    charged (the mean of 3 replications of 2,509 entrants) read as "2.9 times the
    13,982,130 EUR the modules due in the period cost": that compared with the unraised
    prices. At the prices in force 43,656,726 EUR are due, and no warning; twice that
    still warns."""
    scn = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml",
                        ["period.months=1200"])
    factor = sanity.module_price_factor(scn)
    assert factor[:12].tolist() == [1.0] * 12 and factor.mean() == pytest.approx(3.1223, abs=1e-4)
    charged = {"entries": 2509.0, "cost_qualification": 40_331_234.0}
    century = SimpleNamespace(scenario=scn, metric_mean=charged.__getitem__)
    assert sanity.expected_qualification(century) == pytest.approx(
        2509 * sanity.expected_module_cost(scn) * factor.mean())
    assert round(sanity.expected_qualification(century)) == 43_656_726
    assert sanity.qualification_warnings(century) == []
    charged["cost_qualification"] = 90_000_000.0
    assert sanity.qualification_warnings(century) == [
        "qualification of 90,000,000 EUR is 2.1 times the 43,656,726 EUR the modules due in "
        "the period cost (the entrants' and those a caseload's people reach in it): are "
        "people already in the slots charged their entry modules again?"]


def test_a_caseload_s_modules_due_in_the_period_are_expected(tmp_path: Path,
                                                            small_data) -> None:
    """A entered 2012-11-01, B 2012-03-01, nobody referred: A's driving module (month 3)
    falls due in 2013-02, inside the period; both assessments and B's driving fell due
    before it. Expected 0.5 x 1,500 x 0.7 = 525 EUR, so a caseload whose people reach
    their later modules in the period no longer warns (it compared them with 0 new
    entrants: "6,600 EUR is 6,600.0 times what the 0.0 new entrants' modules cost")."""
    caseload = tmp_path / "cl.csv"
    caseload.write_text("person,provider,entry,exit,exit_reason,age\n"
                        "A,alpha,2012-11-01,,,25-49\nB,alpha,2012-03-01,,,25-49\n")
    scn = variant(small_data, participants={"initial": str(caseload),
                                            "referrals_per_month": 0}, uncertainty={})
    result = run(RunSpec(scn, 10, 1), jobs=1)
    assert sanity.file_starters(scn).tolist() == [-2.0, -10.0]
    assert result.metric_mean("entries") == 2.0
    assert sanity.expected_qualification(result) == pytest.approx(525.0)
    assert sanity.qualification_warnings(result) == []


def test_a_file_s_people_entering_on_the_first_day_are_new_entrants(tmp_path: Path) -> None:
    """63 people entering on the seed's first day, as actual spells or as the starting
    caseload: tenure 0, so their entry modules fall due in the period and are charged
    (about 280,000 EUR). They counted as 0 new entrants, and --strict refused the run."""
    spells = tmp_path / "cl.csv"
    spells.write_text("person,provider,entry,exit,exit_reason\n"
                      + "".join(f"P{i},cjd,2013-01-01,,\n" for i in range(39))
                      + "".join(f"Q{i},caritas,2013-01-01,,\n" for i in range(24)))
    for sets in ([f"actuals.spells={spells}", "actuals.as_of=2015-01"],
                 [f"participants.initial={spells}", "participants.referrals_per_month=0"]):
        scn = load_scenario(SEED, sets)
        result = run(RunSpec(scn, 5, 1, uncertainty=False), jobs=1)
        assert sanity.file_starters(scn).tolist() == [0.0] * 63
        assert result.metric_mean("cost_qualification") > 250_000
        assert sanity.qualification_warnings(result) == []
    # the file must reach near --as-of, or its months are "actual" with no event in them
    recent = tmp_path / "recent.csv"
    recent.write_text(spells.read_text().replace("P0,cjd,2013-01-01,,", "P0,cjd,2013-01-01,"
                                                 "2014-12-01,dropout"))
    strict = CliRunner().invoke(main, [
        "run", str(SEED), "--actuals", str(recent), "--as-of", "2015-01", "-n", "20", "-j", "1",
        "--no-uncertainty", "--strict", "--out", str(tmp_path / "a2")])
    # every month is actual: no occupancy told of facts, nothing for --strict to refuse
    assert strict.exit_code == 0, strict.output
    assert "--strict" not in strict.output and "warning" not in strict.output


def test_occupancy_is_told_over_forecast_months_with_advice_that_applies(tmp_path: Path) -> None:
    """A re-forecast's actual months are facts: 2025 under-filled in the spells file is
    not told (--strict refused every such re-forecast), 2026 is told over its forecast
    months, and the advice names no key the scenario already has (on demand, and
    ``initial``, which plays no part beside actual spells)."""
    spells = tmp_path / "sp.csv"
    spells.write_text("person,provider,entry,exit,exit_reason\nA,cjd,2025-01-01,,\n")
    sets = ["period.start=2025-01", "period.months=24", "participants.referrals_per_month=0",
            f"actuals.spells={spells}", "actuals.as_of=2026-07"]
    result = run(RunSpec(load_scenario(SEED, sets), 3, 1, uncertainty=False), jobs=1)
    warned = sanity.occupancy_warnings(result)
    assert len(warned) == 1 and warned[0].startswith(
        "occupancy in 2026 (forecast from 2026-07) is 1% of the slots (participants at "
        "month end, mean 0.8 of 161): too few referrals for the slots? A program that "
        "keeps going: referrals_per_month: on_demand (docs/running-programs.md)")
    assert sanity.occupancy_warnings(result, "de")[0].startswith(
        "Auslastung 2026 (Prognose ab Juli 2026): 1 % der Plätze")
    plain = load_scenario(SEED, ["period.start=2027-01", "participants.initial=full"])
    assert "referrals_per_month: on_demand (docs" in sanity.occupancy_warnings(
        run(RunSpec(plain, 3, 1, uncertainty=False), jobs=1))[0]


def test_expected_module_cost_weighs_uptake_and_conditions(small_data) -> None:
    """assessment 450 x 1.0 + driving 1500 x 0.5 x P(age 25-49) = 0.7."""
    scn = variant(small_data)
    assert sanity.expected_module_cost(scn) == pytest.approx(450 + 1500 * 0.5 * 0.7)


def test_a_stale_uprated_schedule_says_it_is_uprated(small_data) -> None:
    moved = sizing.move_period(variant(small_data), "2016-01", 12)
    stale = sanity.stale_schedules(moved)
    assert ("participants.referrals_per_month: the schedule's last date 2013-04 "
                        "lies 33 months before the period (2016-01), so the period holds its "
                        "last value 4 throughout: is it still right?") in stale
    assert ("costs.wages.hourly: the schedule's last date 2013-01 lies 36 months "
                        "before the period (2016-01), so the period is uprated from its last "
                        "value 8.62 by 2.0% a year: is it still right?") in stale


def test_a_stale_builtin_table_is_named_as_the_word_the_file_wrote() -> None:
    """`kdu_federal_share: NW` and `subsidy_base.hourly: minimum_wage` are finsim's tables,
    not a schedule in the file: the line says so and what to give instead; the base hourly
    moves with the wage (2.5 % a year in the 2026 files), as the ledger moves it."""
    moved = sizing.move_period(load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"),
                               "2028-03", 12)
    stale = sanity.stale_schedules(moved)
    assert ("passive_benefits.parts.kdu_federal_share: NW is finsim's built-in table of the "
            "federal KdU share for NW (BBFestV), whose last date 2026-01 lies 26 months before "
            "the period (2028-03), so the period holds its last value 0.721 throughout: is it "
            "still right? Give the share as a number or a schedule {YYYY-MM: share} in place "
            "of NW to set it.") in stale
    assert ("costs.wages.subsidy_base.hourly: minimum_wage is finsim's built-in statutory "
            "minimum wage table, whose last date 2027-01 lies 14 months before the period "
            "(2028-03), so the period is uprated from its last value 14.6 by 2.5% a year: is "
            "it still right? Give an hourly wage or a schedule {YYYY-MM: EUR} in place of "
            "minimum_wage to set it.") in stale
    assert ("passive_benefits.parts.kdu_federal_share: NW ist die in finsim eingebaute "
            "Tabelle; ihr letztes Datum, Januar 2026, liegt 26 Monate vor dem Zeitraum (März 2028); "
            "im Zeitraum gilt durchweg der letzte Wert 0,721: stimmt das noch? Eine Zahl oder "
            "ein Zeitplan {JJJJ-MM: Wert} an Stelle von NW legt ihn fest."
            ) in sanity.stale_schedules(moved, "de")


def test_schedules_that_end_together_are_one_line() -> None:
    """The 2026 files' coach and three managements all end in 2027-04 and rise by 2.8 % a
    year after it: moved to 2029 they were four lines of the same advice; one line names
    each with its last value. The referrals (2026-04, held) and the wage (2027-01, 2.5 %)
    end otherwise and keep their own lines."""
    moved = sizing.move_period(load_scenario(ROOT / "scenarios" /
                                             "aktiv-statt-passiv-2026-minimum-wage.yaml"),
                               "2029-01", 12)
    stale = sanity.stale_schedules(moved)
    assert len(stale) == 4
    assert stale[1] == (
        "providers.stadtteilschule.costs.staff.management_cost_per_year (2056), "
        "providers.werkhof.costs.staff.management_cost_per_year (2056), "
        "costs.staff.coach_cost_per_year (78915) and costs.staff.management_cost_per_year "
        "(13878): the schedules' last date 2027-04 lies 21 months before the period "
        "(2029-01), so the period uprates each from its last value by 2.8% a year: are they "
        "still right?")
    assert sanity.stale_schedules(moved, "de")[1].endswith(
        "costs.staff.coach_cost_per_year (78915) und costs.staff.management_cost_per_year "
        "(13878): das letzte Datum der Zeitpläne, `2027-04`, liegt 21 Monate vor dem Zeitraum "
        "(Januar 2029); im Zeitraum wird jeder ab seinem letzten Wert um 2,8 % im Jahr "
        "fortgeschrieben: stimmt das noch?")


def test_the_warnings_in_german_for_german_pages(tmp_path: Path, small_data) -> None:
    """The seed moved to 2027, and a cohort charged its entry modules again, warn on a
    German page in German words and German numbers (decimal comma, ``4 %``); the
    terminal and run.json keep English."""
    moved = run(RunSpec(sizing.move_period(load_scenario(SEED), "2027-01", 24), 10, 1),
                jobs=1)
    german = sanity.sanity_warnings(moved, "de")
    assert german[0].startswith("Auslastung in 2 Jahren unter 50 % der Plätze (Teilnehmende "
                                "am Monatsende, im Mittel; je Jahr die Auslastung, dann "
                                "Teilnehmende von Plätzen): 2027 4 % (6,4 von 161); 2028 ")
    assert german[0].endswith("zu wenige Zuweisungen für die Plätze? Ein Programm, das "
                              "weiterläuft: referrals_per_month: on_demand, initial: full "
                              "(docs/running-programs.md)")
    assert ("participants.referrals_per_month: das letzte Datum des Zeitplans, `2013-04`, "
            "liegt 165 Monate vor dem Zeitraum (Januar 2027); im Zeitraum gilt durchweg der "
            "letzte Wert 0,3: stimmt das noch?") in german
    assert ("costs.wages.hourly: 13,97 EUR/Stunde im Januar 2027 liegen unter dem "
            "gesetzlichen Mindestlohn von 14,60 EUR, gültig seit Januar 2027 (24 von 24 Monaten "
            "darunter; 12 davon ab Januar 2028, unter der von finsim angenommenen Fortschreibung "
            "des Mindestlohns, keiner gesetzlichen Größe: die gesetzlichen 14,60 EUR vom "
            "Januar 2027, fortgeschrieben mit costs.wages.annual_increase, 2,5 % im Jahr)") in german
    assert len(german) == len(sanity.sanity_warnings(moved))
    uprated = sanity.stale_schedules(sizing.move_period(variant(small_data), "2016-01", 12),
                                     "de")
    assert ("costs.wages.hourly: das letzte Datum des Zeitplans, `2013-01`, liegt 36 Monate vor "
            "dem Zeitraum (Januar 2016); im Zeitraum wird der letzte Wert 8,62 um 2,0 % im Jahr "
            "fortgeschrieben: stimmt das noch?") in uprated
    cohort = variant(small_data, participants={"initial": 40, "referrals_per_month": 0.2},
                     uncertainty={})
    doubled = SimpleNamespace(scenario=cohort, metric_mean={
        "entries": 40.0, "cost_qualification": 80_500.0}.__getitem__)
    assert sanity.qualification_warnings(doubled, "de") == [
        "Qualifizierung von 80.500 EUR: das 2,1-Fache der 39.000 EUR, die die im Zeitraum "
        "fälligen Module kosten (die der Eintritte und die, die Personen aus einer "
        "Bestandsdatei darin erreichen): werden Personen, die schon auf den Plätzen sind, "
        "ihre Eintrittsmodule erneut berechnet?"]


def test_a_german_page_shows_german_warnings(tmp_path: Path) -> None:
    args = ["size", str(SEED), "--start", "2027-01", "--months", "24", "--confidence", "0.9",
            "-n", "10", "--jobs", "1"]
    out = tmp_path / "de"
    done = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert done.exit_code == 0, done.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Auslastung in 2 Jahren unter 50 % der Plätze" in page and "occupancy in" not in page
    assert "warning: occupancy in 2 years is under 50% of the slots" in done.output
    english = tmp_path / "en"
    assert CliRunner().invoke(main, [*args, "--lang", "en", "--out", str(english)]).exit_code == 0
    assert "occupancy in 2 years is under 50% of the slots" in (
        english / "report.html").read_text(encoding="utf-8")



def test_years_of_low_occupancy_are_one_warning_naming_each(tmp_path: Path) -> None:
    """The seed moved to 2027 for seven years empties its slots in each: that was seven
    lines alike but their figures. One line now names each year with its occupancy and
    its participants of slots, the advice once; the terminal the first five years and
    how many more, run.json, results.xlsx and the (German) page every year."""
    out = tmp_path / "r"
    done = CliRunner().invoke(main, [
        "run", str(SEED), "-n", "10", "-j", "1", "--set", "period.start=2027-01",
        "--set", "period.months=84", "--out", str(out)])
    assert done.exit_code == 0, done.output
    head = ("occupancy in 7 years is under 50% of the slots (participants at month end, mean; "
            "each year with its occupancy, then participants of slots): ")
    years = ["2027 1% (2.1 of 161)", "2028 3% (5.3 of 161)", "2029 4% (6.5 of 161)",
             "2030 4% (5.9 of 161)", "2031 4% (6.1 of 161)", "2032 4% (6.6 of 161)",
             "2033 4% (6.0 of 161)"]
    tail = (": too few referrals for the slots? A program that keeps going: "
            "referrals_per_month: on_demand, initial: full (docs/running-programs.md)")
    assert [w for w in done.output.splitlines() if "occupancy in" in w] == [
        f"warning: {head}{'; '.join(years[:5])}; and 2 more{tail}"]
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [w for w in record["warnings"] if "occupancy in" in w] == [
        f"{head}{'; '.join(years)}{tail}"]
    german = ("Auslastung in 7 Jahren unter 50 % der Plätze (Teilnehmende am Monatsende, im "
              "Mittel; je Jahr die Auslastung, dann Teilnehmende von Plätzen): 2027 1 % (2,1 "
              "von 161); 2028 3 % (5,3 von 161); 2029 4 % (6,5 von 161); 2030 4 % (5,9 von "
              "161); 2031 4 % (6,1 von 161); 2032 4 % (6,6 von 161); 2033 4 % (6,0 von 161): "
              "zu wenige Zuweisungen für die Plätze? Ein Programm, das weiterläuft: "
              "referrals_per_month: on_demand, initial: full (docs/running-programs.md)")
    assert german in html.unescape((out / "report.html").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(out / "results.xlsx")
    assert german in [c for row in book["Übersicht"].iter_rows(values_only=True) for c in row]


SIXTEEN_I = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"


def test_a_wage_below_the_uprated_minimum_wage_warns_of_every_month(tmp_path: Path) -> None:
    """13.90 EUR in 2026, +2.5 % a year: 13.90 (2026, not below 13.90), 14.2475 (2027,
    below 14.60), 14.6037 (2028, below finsim's 14.60 x 1.025 = 14.965), 14.9688 (2029,
    below 15.3391), 15.3430 (2030, below 15.7226): 48 of 60 months, the 36 from 2028-01
    against finsim's uprating. The check once held the table's 14.60 after 2027 and said
    12 of 60, while the ledger and ``show`` use 14.965 in 2028."""
    done = CliRunner().invoke(main, [
        "run", str(SIXTEEN_I), "--set", "costs.wages.hourly=13.90", "--replications", "2",
        "--jobs", "1", "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    assert ("warning: costs.wages.hourly: 14.25 EUR/hour in 2027-01 is below the statutory "
            "minimum wage of 14.60 EUR in force since 2027-01 (48 of 60 months below it; 36 "
            "of them from 2028-01 on, below finsim's assumed uprating of the minimum wage, "
            "not a statutory figure: the statutory 14.60 EUR of 2027-01 uprated by "
            "costs.wages.annual_increase, 2.5% a year)") in done.output.splitlines()


def test_a_wage_below_only_the_assumed_minimum_wage_says_so() -> None:
    """14.96 EUR from 2028-01 (+2.5 % after): above the table's 14.60, half a cent under
    finsim's 14.965 of 2028 and under it every month after (15.334 < 15.339 in 2029):
    36 of 60, all against the assumed uprating, and the line names no statutory rate
    for 2028."""
    scn = load_scenario(SIXTEEN_I, [
        "costs.wages.hourly={2026-01: 13.90, 2027-01: 14.60, 2028-01: 14.96}"])
    assert sanity.wage_warnings(scn) == [
        "costs.wages.hourly: 14.960 EUR/hour in 2028-01 is below finsim's assumed minimum "
        "wage of 14.965 EUR in 2028 (36 of 60 months below it; all from 2028-01 on, below "
        "finsim's assumed uprating of the minimum wage, not a statutory figure: the "
        "statutory 14.60 EUR of 2027-01 uprated by costs.wages.annual_increase, 2.5% a "
        "year)"]


def test_the_warning_s_minimum_wage_is_the_ledger_s_and_show_s() -> None:
    """Each month of 2026-2030 the minimum wage the warning compares against is the
    subsidy base the ledger charges (a wage of 20 EUR lies above it, so the base is the
    minimum wage itself) and the hourly base ``show`` prints: 13.90, 14.60, then 14.965,
    15.339125, 15.722603125."""
    from finsim.ledger.categories import WEEKS_PER_MONTH, minimum_wage_hourly, subsidy_base
    from finsim.report.month import resolved_month

    scn = load_scenario(SIXTEEN_I, ["costs.wages.hourly=20"])
    w = scn.costs.wages
    floors = minimum_wage_hourly(scn, w)
    assert floors[[0, 12, 24, 36, 48]].tolist() == pytest.approx(
        [13.90, 14.60, 14.965, 15.339125, 15.722603125], abs=1e-12)
    ledger = subsidy_base(scn, scn.costs) / (w.hours_per_week * WEEKS_PER_MONTH
                                             * (1 + w.subsidy_base.contributions))
    assert ledger.tolist() == pytest.approx(floors.tolist(), rel=1e-15)
    shown = [resolved_month(scn, str(scn.period.start_month + m))["providers"]["cjd"]
             ["wages"]["subsidy_base"]["hourly"] for m in range(60)]
    assert shown[:24] == [float(f"{f:.15g}") for f in floors[:24]]  # the statutory table
    assert shown[24:] == [f"{f:.15g} (assumed, 14.60 + 2.5 % a year; not a "
                          "statutory figure)" for f in floors[24:]]  # finsim's uprating
    paid = load_scenario(SIXTEEN_I, ["costs.wages.hourly=13.90"])
    below = [m for m in range(60) if 13.90 * 1.025 ** (m // 12) < floors[m] - 1e-9]
    assert (len(below), below[0]) == (48, 12)
    assert sanity.wage_warnings(paid)[0].startswith(
        "costs.wages.hourly: 14.25 EUR/hour in 2027-01 is below the statutory minimum wage "
        "of 14.60 EUR in force since 2027-01 (48 of 60 months below it; 36 of them")


def test_the_wage_warning_prices_the_wage_as_the_ledger_does() -> None:
    """13.50 EUR in 2026 prices with a wage index of 1.10 for 2027 is 14.85 in 2027, above
    the 14.60 minimum wage: no warning (the check once ignored ``prices`` and warned of
    13.50); with an index of 1.08 it is 14.58, below, and the line says 14.58."""
    from finsim.ledger.categories import monthly_gross
    from finsim.scenario import scenario_from_dict
    from tests.test_ledger_support import BASE, deep_update

    def priced_at(index: float):
        return scenario_from_dict(deep_update(BASE, {
            "period": {"start": "2027-01", "months": 12},
            "prices": {"base_year": 2026, "wages": {2027: index}},
            "costs": {"wages": {"hourly": 13.5, "hours_per_week": 39}}}))

    assert sanity.wage_warnings(priced_at(1.10)) == []
    assert monthly_gross(priced_at(1.10), priced_at(1.10).costs)[0] == pytest.approx(
        14.85 * 39 * 52 / 12)
    assert sanity.wage_warnings(priced_at(1.08)) == [
        "costs.wages.hourly: 14.58 EUR/hour in 2027-01 is below the statutory minimum wage "
        "of 14.60 EUR in force since 2027-01 (12 of 12 months below it)"]


def test_a_drawn_wage_below_the_minimum_wage_warns_with_its_range_and_count() -> None:
    """An uncertainty range of 14 to 16 EUR around a lawful 15 EUR wage in 2027 (minimum
    wage 14.60): run and compare once said nothing, though 7 of the 20 draws pay less
    than the minimum wage; the line names the range, the low end's wage and month (as
    the written wage's check says them) and the replications that drew below it."""
    from finsim.scenario import scenario_from_dict
    from tests.test_ledger_support import BASE, deep_update

    scn = scenario_from_dict(deep_update(BASE, {
        "period": {"start": "2027-01", "months": 12},
        "costs": {"wages": {"hourly": 15.0}},
        "uncertainty": {"costs.wages.hourly": {"dist": "uniform", "low": 14.0, "high": 16.0}}}))
    result = run(RunSpec(scn, 20, 1), jobs=1)
    assert sanity.wage_warnings(scn) == []
    drawn = result.aggregate.drawn[:, 0]
    assert int((drawn < 14.60).sum()) == 7
    line = ("uncertainty: costs.wages.hourly draws uniform 14 to 16; at 14: costs.wages.hourly: "
            "14.00 EUR/hour in 2027-01 is below the statutory minimum wage of 14.60 EUR in "
            "force since 2027-01 (12 of 12 months below it); 7 of 20 replications drew a wage "
            "below it: narrow the range to lawful wages")
    assert sanity.drawn_wage_warnings(result) == [line]
    assert line in sanity.sanity_warnings(result)
    assert sanity.drawn_wage_warnings(result, "de") == [
        "uncertainty: costs.wages.hourly zieht aus einer Gleichverteilung von 14 bis 16; bei "
        "14: costs.wages.hourly: 14,00 EUR/Stunde im Januar 2027 liegen unter dem "
        "gesetzlichen Mindestlohn von 14,60 EUR, gültig seit Januar 2027 (12 von 12 Monaten "
        "darunter); 7 von 20 Replikationen zogen einen Lohn darunter: den Bereich auf "
        "zulässige Löhne einengen"]
    assert sanity.drawn_wage_warnings(run(RunSpec(scn, 20, 1, uncertainty=False), jobs=1)) == []


def test_the_german_drawn_wage_line_writes_its_range_with_decimal_commas() -> None:
    """The German line read "zieht uniform 14.5 bis 16.5; bei 14.5: costs.wages.hourly:
    14,50 EUR/Stunde": the family in English and two decimal marks in one sentence. Now the
    German name and commas; the English line keeps ``uniform 14.5 to 16.5``. A wage of
    14.50 in 2027 is below the minimum wage of 14.60; a scale factor keeps its star."""
    from finsim.scenario import scenario_from_dict
    from tests.test_ledger_support import BASE, deep_update

    def drawn(entry: dict) -> RunResult:
        return run(RunSpec(scenario_from_dict(deep_update(BASE, {
            "period": {"start": "2027-01", "months": 12},
            "costs": {"wages": {"hourly": 15.0}},
            "uncertainty": {"costs.wages.hourly": entry}})), 20, 1), jobs=1)

    result = drawn({"dist": "uniform", "low": 14.5, "high": 16.5})
    [de] = sanity.drawn_wage_warnings(result, "de")
    assert de.split(": costs.wages.hourly: ")[0] == (
        "uncertainty: costs.wages.hourly zieht aus einer Gleichverteilung von 14,5 bis 16,5; "
        "bei 14,5")
    assert "costs.wages.hourly: 14,50 EUR/Stunde im Januar 2027" in de
    [en] = sanity.drawn_wage_warnings(result)
    assert en.split(": costs.wages.hourly: ")[0] == (
        "uncertainty: costs.wages.hourly draws uniform 14.5 to 16.5; at 14.5")
    scaled = drawn({"dist": "triangular", "low": 0.95, "mode": 1.0, "high": 1.05,
                    "scale": True})
    assert sanity.drawn_wage_warnings(scaled, "de")[0].split(": costs.wages.hourly: ")[0] == (
        "uncertainty: costs.wages.hourly zieht aus einer Dreiecksverteilung von *0,95 bis "
        "*1,05; bei *0,95")


def test_a_provider_s_drawn_wage_counts_its_hourly_and_increase_drawn_together() -> None:
    """Provider a pays 14.00 EUR of 2026, uprated by 5 % to 14.70 in 2027: lawful as
    written. Its increase drawn from 0 to 6 % and its wage scaled by 0.98 to 1.02: each
    low end is below 14.60 (14.00; 14 x 0.98 x 1.05 = 14.406), and a replication is
    below when 14 x factor x (1 + increase) < 14.60, both of its draws together: 15 of 20."""
    from finsim.scenario import scenario_from_dict
    from tests.test_ledger_support import BASE, deep_update

    own = {"wages": {"hourly": 14.0, "annual_increase": 0.05}}
    scn = scenario_from_dict(deep_update(BASE, {
        "period": {"start": "2027-01", "months": 12}, "prices": {"base_year": 2026},
        "providers": [{"id": "a", "slots": 10, "costs": own}, {"id": "b", "slots": 10}],
        "costs": {"wages": {"hourly": 15.0}},
        "uncertainty": {
            "providers.a.costs.wages.annual_increase": {"dist": "uniform", "low": 0.0,
                                                        "high": 0.06},
            "providers.a.costs.wages.hourly": {"dist": "uniform", "low": 0.98, "high": 1.02,
                                               "scale": True}}}))
    result = run(RunSpec(scn, 20, 1), jobs=1)
    assert sanity.wage_warnings(scn) == []
    increase, factor = result.aggregate.drawn.T
    assert int((14.0 * factor * (1 + increase) < 14.60).sum()) == 15
    assert sanity.drawn_wage_warnings(result) == [
        "uncertainty: providers.a.costs.wages.annual_increase draws uniform 0 to 0.06; at 0: "
        "providers.a.costs.wages.hourly: 14.00 EUR/hour in 2027-01 is below the statutory "
        "minimum wage of 14.60 EUR in force since 2027-01 (12 of 12 months below it); 15 of "
        "20 replications drew a wage below it: narrow the range to lawful wages",
        "uncertainty: providers.a.costs.wages.hourly draws uniform *0.98 to *1.02; at *0.98: "
        "providers.a.costs.wages.hourly: 14.41 EUR/hour in 2027-01 is below the statutory "
        "minimum wage of 14.60 EUR in force since 2027-01 (12 of 12 months below it); 15 of "
        "20 replications drew a wage below it: narrow the range to lawful wages"]


SMALL_PERIOD = SimpleNamespace(start_month=Month.parse("2013-01"))


def test_a_funding_gap_says_where_it_lies(tmp_path) -> None:
    """A month with no funder between two funders' dates (ESF until 2014-06, the next from
    2014-08) was warned as "funding gap 1,234 EUR (0.1% of the cost, mean)" only: the
    month and the categories were left to find in ledger.csv. The warning names them."""
    child = tmp_path / "hole.yaml"
    child.write_text(f"base: {SMALL}\nname: hole\nfunding:\n"
                     "  - {id: jobcenter, covers: {wages: 1.0}, cap_per_person_month: null}\n"
                     "  - {id: land_esf, until: 2014-06}\n"
                     "  - {id: employers, covers: {staff: 1.0, material: 1.0, qualification:"
                     " 1.0, overhead: 1.0}, from: 2014-08}\n", encoding="utf-8")
    result = run(RunSpec(load_scenario(child), 4, 1), jobs=1)
    gap = result.aggregate.ledger[..., -1].sum(axis=(1, 2))
    assert gap[18] > 0 and gap.sum() == gap[18]  # 2014-07 alone
    assert "of the cost, mean; in staff, overhead, material, qualification, 2014-07): no " \
        "funder covers it" in sanity.gap_warnings(result)[0]
    assert "Mittelwert; bei Personalkosten Anleitung, Betreuung, Leitung, Verwaltungs- und " \
        "Gemeinkosten, Sachkosten, Qualifizierung, 2014-07): kein Geldgeber" in \
        sanity.gap_warnings(result, "de")[0]
    earlier = load_scenario(child, ["funding.land_esf.until=2013-09"])
    spread = sanity.gap_place(run(RunSpec(earlier, 2, 1), jobs=1))
    assert spread.endswith(", 2013-10 – 2014-07 (10 months)")


def test_a_funding_gap_below_one_percent_of_the_cost_shows_its_share() -> None:
    """A gap of 63,034 EUR in a cost of 21,735,862 EUR is 0.29 % of it: whole percent
    said "0% of the cost", as if the gap were none; below 1 % the share keeps the digits
    of its first significant one (0.3 %, 0.01 %), from 1 % up it stays whole (12 %)."""
    def warned(gap: float, cost: float, lang: str = "en", funders: tuple = ()) -> str:
        stub = SimpleNamespace(metric_mean={"funding_gap": gap, "cost_total": cost}.__getitem__,
                               scenario=SimpleNamespace(funding=list(funders), period=SMALL_PERIOD),
                               aggregate=SimpleNamespace(ledger=np.zeros((1, 1, 6, 2), int),
                                                         count=1))
        return sanity.gap_warnings(stub, lang)[0]

    assert warned(63_034.0, 21_735_862.0).startswith(
        "funding gap 63,034 EUR (0.3% of the cost, mean): no funder covers it")
    assert warned(63_034.0, 21_735_862.0, "de").startswith(
        "Finanzierungslücke 63.034 EUR (0,3 % der Kosten, Mittelwert)")
    assert "(0.01% of the cost" in warned(100.0, 1_000_000.0)  # 0.01 %
    assert "(12% of the cost" in warned(120_000.0, 1_000_000.0)
    assert warned(100.0, 1_000.0).endswith("(a remainder funder: covers: remainder)")
    # the scenario has one, capped: adding one is no advice (it told so beside employers)
    employers = (SimpleNamespace(id="jc", covers={"wages": 0.75}),
                 SimpleNamespace(id="employers", covers="remainder"))
    assert warned(100.0, 1_000.0, funders=employers).endswith(
        "(the remainder funder employers does not take it (its caps, its from/until "
        "dates): raise them or add a funder)")
    assert warned(100.0, 1_000.0, "de", employers).endswith(
        "(der Restfinanzierer employers übernimmt sie nicht (seine Obergrenzen, seine "
        "from/until-Daten): sie anheben oder einen Geldgeber ergänzen)")


def test_a_funder_that_pays_in_no_month_of_the_period_warns(small_data) -> None:
    """``until: 2012-12`` (a typo for 2014) or rules by date from after the period: the
    funder's share went to the remainder funder without a word."""
    funding = small_data["funding"]
    scn = variant({**small_data, "funding": [
        {**funding[0], "until": "2012-12"},
        {**funding[1], "covers": {"2015-01": {"staff": 1.0}}}, funding[2]]})
    assert sanity.idle_funders(scn) == [
        "funding.jobcenter: pays in no month of the period 2013-01 to 2014-12 (until "
        "2012-12), so what it would cover falls to the remainder funder or the gap: is the "
        "date right?",
        "funding.land_esf: pays in no month of the period 2013-01 to 2014-12 (covers from "
        "2015-01), so what it would cover falls to the remainder funder or the gap: is the "
        "date right?"]
    assert sanity.idle_funders(scn, "de")[0].startswith(
        "funding.jobcenter: zahlt in keinem Monat des Zeitraums von Januar 2013 bis Dezember "
        "2014 (until 2012-12); was er tragen würde, fällt an den Restfinanzierer oder die Lücke")
    result = run(RunSpec(scn, 2, 1), jobs=1)
    assert sanity.sanity_warnings(result)[-2:] == sanity.idle_funders(scn)
    assert sanity.idle_funders(variant({**small_data, "funding": [
        {**funding[0], "until": "2013-01"}, *funding[1:]]})) == []  # one month is enough


NETTED_OUT = ("funding.kreis.covers.staff: kreis pays nothing of staff in any month: its "
              "share 0.1 is net of land_esf, who pay at least as much of staff in every month "
              "it covers it (land_esf 1 in 2013-01), so net_of leaves nothing of it; for a "
              "top-up beside their money leave out net_of, or give as its share what they "
              "and kreis pay together (1 for the whole cost)")


def test_a_funder_whose_share_net_of_others_is_always_used_up_warns(small_data,
                                                                      tmp_path) -> None:
    """A Kreis top-up of 0.1 ``net_of`` a funder that pays 0.9 or more of the same
    category is always 0 (its share less theirs): it paid nothing in every ledger row
    without a word, where a top-up was meant. Only where their share is what they pay."""
    funding = small_data["funding"]
    kreis = {"id": "kreis", "covers": {"staff": 0.1, "wages": 0.1}, "net_of": ["land_esf"]}
    data = {**small_data, "funding": [*funding[:2], kreis, funding[2]]}
    scn = variant(data)
    assert sanity.netted_out_funders(scn) == [NETTED_OUT]
    assert sanity.netted_out_funders(scn, "de") == [
        "funding.kreis.covers.staff: kreis zahlt in keinem Monat etwas bei staff: sein Anteil "
        "0.1 wird um das Geld von land_esf gemindert, die in jedem Monat, in dem er staff "
        "trägt, mindestens so viel davon zahlen (land_esf 1 im Januar 2013), net_of lässt ihm "
        "also nichts; für eine Aufstockung neben ihrem Geld net_of weglassen, oder als Anteil "
        "angeben, was sie und kreis zusammen zahlen (1 für die ganzen Kosten)"]
    path = tmp_path / "kreis.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    done = CliRunner().invoke(main, ["validate", str(path)])
    assert done.exit_code == 0
    assert f"warning: {path}: {NETTED_OUT}" in done.stderr.splitlines()
    result = run(RunSpec(scn, 2, 1), jobs=1)
    assert NETTED_OUT in sanity.sanity_warnings(result)
    paying = {"until": "2014-06"}, {"cap_per_year": 1000}, {"covers": {"staff": 0.05}}
    for change in paying:  # kreis pays from 2014-07, or what a cap cuts, or 0.05
        esf = {**funding[1], **change}
        assert sanity.netted_out_funders(variant(
            {**data, "funding": [funding[0], esf, kreis, funding[2]]})) == [], change


def test_validate_gives_the_scenario_s_own_warnings_as_run_does(small_data, tmp_path) -> None:
    """``validate`` said ``ok`` and nothing else of a funder that pays in no month, though
    ``run`` warns of it: a user validates before a long run. It prints the warnings of
    the scenario alone (``scenario_warnings``, the same function run's list takes them
    from) on stderr, exit 0; with --strict they are refused, exit 2, one line each."""
    funding = small_data["funding"]
    data = {**small_data, "funding": [{**funding[0], "until": "2012-12"}, *funding[1:]]}
    path = tmp_path / "idle.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    line = ("funding.jobcenter: pays in no month of the period 2013-01 to 2014-12 (until "
            "2012-12), so what it would cover falls to the remainder funder or the gap: is "
            "the date right?")
    scn = load_scenario(path)
    assert sanity.scenario_warnings(scn, 2, True) == [line]
    assert line in sanity.sanity_warnings(run(RunSpec(scn, 2, 1), jobs=1))
    checked = CliRunner().invoke(main, ["validate", str(path), str(SMALL)])
    assert checked.exit_code == 0, checked.output
    assert checked.stderr.splitlines() == [f"warning: {path}: {line}"]
    assert checked.stdout.splitlines() == [f"{path}: ok", f"{SMALL}: ok"]
    strict = CliRunner().invoke(main, ["validate", "--strict", str(path), str(SMALL)])
    assert strict.exit_code == 2
    assert strict.stdout.splitlines() == [f"{SMALL}: ok"]
    assert strict.stderr.splitlines() == [f"{path}: --strict: {line}"]


def test_every_shipped_scenario_validates_without_a_warning() -> None:
    """The scenarios finsim ships validate clean, --strict too: exit 0, no warning. The
    §16i files, which run to 2030, note that their minimum wage from 2028 is finsim's
    assumption (``assumed_minimum_wage_warnings``): a ``note:``, which --strict does not
    refuse (it refused them, with no way to accept the assumption), saying how to plan
    with one's own figure instead; that way, the note is gone."""
    files = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
    checked = CliRunner().invoke(main, ["validate", "--strict", *files])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.splitlines() == [f"{f}: ok" for f in files]
    assumed = [f for f in files if "-16i" in f]
    assert len(assumed) == 3
    assert checked.stderr.splitlines() == [
        f"note: {f}: costs.wages.hourly, costs.wages.subsidy_base.hourly: from 2028-01 on "
        "(36 of 60 months) the minimum wage is finsim's assumption, not a statutory figure "
        "yet: 14.965 EUR/hour in 2028 = the statutory 14.60 EUR of 2027-01 + 2.5% a year "
        "(costs.wages.annual_increase, drawn from 0% to 5%); to plan with a minimum wage of "
        "your own instead, write it in each as dated keys from 2028-01 (--set "
        "'costs.wages.hourly={2026-01: 13.90, 2027-01: 14.60, 2028-01: ...}', the same in "
        "costs.wages.subsidy_base.hourly)" for f in assumed]
    own = "{2026-01: 13.90, 2027-01: 14.60, 2028-01: 15.10}"
    scn = load_scenario(assumed[0], [f"costs.wages.hourly={own}",
                                     f"costs.wages.subsidy_base.hourly={own}"])
    assert sanity.scenario_warnings(scn, scn.simulation.replications, True) == []


def test_a_funders_dates_are_one_window_for_rules_remainder_and_idle_check() -> None:
    """``from`` and ``until`` are inclusive, for a funder with rules and the remainder
    alike; within them a funder with rules by date pays nothing before its first set."""
    from finsim.scenario.model import Funder

    dated = Funder(id="land", covers={"2026-04": {"staff": 0.5}}, until="2026-09")
    rest = Funder(id="kommune", covers="remainder", **{"from": "2026-02"}, until="2026-09")
    months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-09", "2026-10"]
    assert [dated.within_dates(m) for m in months] == [True] * 5 + [False]
    assert [rest.within_dates(m) for m in months] == [False] + [True] * 4 + [False]
    assert [dated.shares_at(m) for m in months] == [{}, {}, {}, {"staff": 0.5},
                                                    {"staff": 0.5}, {}]
    assert [dated.pays_in(m) for m in months] == [False] * 3 + [True] * 2 + [False]
    assert [rest.pays_in(m) for m in months] == [False] + [True] * 4 + [False]


LIBRARY_16I = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"


def _unpinned(folder: Path) -> Path:
    """The library's 2026 par. 16i file as one file without bases, its prices' year left
    to the period's first (the library pins ``prices.base_year: 2026``, so moving it
    keeps its prices; its bases moved the 2013 seed's start, a move of their own)."""
    data = resolved_data(load_scenario(LIBRARY_16I))
    del data["prices"]["base_year"]
    path = folder / "unpinned.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def _over_16i(folder: Path, name: str, text: str, base: Path | None = None) -> Path:
    """A variant file ``name`` over ``base`` (default: the library's 2026 par. 16i file
    with its prices' year unpinned)."""
    path = folder / name
    path.write_text(f"base: {base or _unpinned(folder)}\n{text}")
    return path


def test_a_period_moved_by_set_says_its_plain_prices_move_too(tmp_path: Path) -> None:
    """`--set period.start=2027-01` on the 2026 file: its plain 65.00 material and
    660 assessment module are read as 2027 prices (show: 65.00 in 2027-03, not 65 x 1.02 =
    66.30), so one line says it and how to keep the file's 2026 prices. The library
    file pins its prices' year, so moving it keeps them and says nothing."""
    assert sanity.price_base_warnings(load_scenario(LIBRARY_16I, ["period.start=2027-01"])
                                      ) == []
    file = _unpinned(tmp_path)
    moved = load_scenario(file, ["period.start=2027-01"])
    assert sanity.price_base_warnings(moved) == [
        "period.start: moved from 2026-01 to 2027-01 by --set, so plain money values are "
        "read as prices of 2027, not of 2026; to keep the file's 2026 prices, also --set "
        "prices.base_year=2026"]
    assert sanity.price_base_warnings(load_scenario(file)) == []
    assert sanity.price_base_warnings(load_scenario(file, ["period.start=2026-06"])) == []
    kept = ["period.start=2027-01", "prices.base_year=2026"]
    assert sanity.price_base_warnings(load_scenario(file, kept)) == []
    shown = CliRunner().invoke(main, ["show", str(file), "--set", "period.start=2027-01",
                                      "--month", "2027-03"])
    assert shown.exit_code == 0
    assert "warning: period.start: moved from 2026-01 to 2027-01 by --set" in shown.output
    assert "material_per_slot_month: 65.0\n" in shown.output


def test_a_moved_period_keeps_its_mark_in_size_and_a_second_load(tmp_path) -> None:
    """``size`` rebuilds the scenario for its period (``move_period``), and
    ``finsim.load`` a loaded one for its overrides: both dropped the file's own start,
    so ``size`` of a scenario set to start in 2027-01 planned 2027 at 65.00 material (161 slots x
    12 x 65.00 = 125,580.00; the file's 2026 prices give 66.30) without the warning. The
    draws a set held are kept too, and a start moved back to the file's is no move."""
    import finsim

    file = _unpinned(tmp_path)
    line = ("period.start: moved from 2026-01 to 2027-01 by --set, so plain money values "
            "are read as prices of 2027, not of 2026; to keep the file's 2026 prices, also "
            "--set prices.base_year=2026")
    moved = load_scenario(file, ["period.start=2027-01"])
    assert sanity.price_base_warnings(sizing.move_period(moved, "2027-01", 12)) == [line]
    # ``size --set period.start`` is refused (test_size): a loaded scenario moved so
    plan = finsim.size(finsim.load(file, {"period.start": "2027-01"}), start="2027-01",
                       months=12, confidence=0.9, replications=2, jobs=1)
    assert ("period.start: moved from 2026-01 to 2027-01 by the overrides, so plain money "
            "values are read as prices of 2027, not of 2026; to keep the file's 2026 prices, "
            "also add {'prices.base_year': 2026} to the overrides") in plan.warnings
    rows = plan.summary().query("year == 2027 and category == 'material'")  # one grant
    amounts = dict(zip(rows["funder"], rows["amount"], strict=True))
    assert amounts["land_esf"] == 125_580.00
    again = finsim.load(finsim.load(file, {"period.start": "2027-01"}),
                        {"providers.cjd.slots": 30})
    assert sanity.price_base_warnings(again) == [line]
    back = finsim.load(finsim.load(file, {"period.start": "2027-01"}),
                       {"period.start": "2026-01"})
    assert sanity.price_base_warnings(back) == []
    small = ROOT / "tests" / "fixtures" / "small.yaml"
    held = finsim.load(small, {"employment.hazards.placement": 0.01})
    assert finsim.load(held, {"providers.alpha.slots": 12})._held_by_set == (
        "employment.hazards.placement",)
    assert sizing.move_period(held, "2013-01", 12)._held_by_set == (
        "employment.hazards.placement",)
    drawn = {"dist": "uniform", "low": 0.005, "high": 0.02}
    assert finsim.load(held, {"uncertainty.employment.hazards.placement": drawn}
                       )._held_by_set == ()


def _moved_by_file(file: Path, before: str = "2026-01", after: str = "2027-01") -> str:
    """The line for ``file`` moving its bases' start into another year."""
    old, new = before[:4], after[:4]
    return (f"period.start: moved from {before} to {after} by {file} over its base, so plain "
            f"money values are read as prices of {new}, not of {old}; to keep the base's "
            f"{old} prices, also add prices: {{base_year: {old}}} to {file}")


def test_a_variant_that_moves_its_bases_year_says_its_plain_prices_move_too(
        tmp_path: Path) -> None:
    """A variant file with ``period: {start: 2027-01, months: 48}`` over the 2026 file
    re-based every plain value as ``--set period.start=2027-01`` does (material 65.00 a
    slot-month, not 65 x 1.02 = 66.30), but without the warning: it says so now, in the
    --set warning's words. The coach and management costs, schedules, stand as given
    either way (76,766 / 12 = 6,397.17 and 13,500 / 12 = 1,125.00 up to 2027-03)."""
    moved = _over_16i(tmp_path, "later.yaml", "period: {start: 2027-01, months: 48}\n")
    assert sanity.price_base_warnings(load_scenario(moved)) == [_moved_by_file(moved)]
    shown = CliRunner().invoke(main, ["show", str(moved), "--month", "2027-03"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith(f"warning: {_moved_by_file(moved)}\n")
    assert "coach_per_fte_month: 6397.17\n" in shown.output
    assert "management_per_month: 1125.0\n" in shown.output
    assert "material_per_slot_month: 65.0\n" in shown.output
    kept = _over_16i(tmp_path, "kept.yaml", "period: {start: 2027-01, months: 48}\n"
                     "prices: {base_year: 2026}\n")
    assert sanity.price_base_warnings(load_scenario(kept)) == []
    shown = CliRunner().invoke(main, ["show", str(kept), "--month", "2027-03"])
    assert "warning" not in shown.output
    assert "coach_per_fte_month: 6397.17\n" in shown.output
    assert "management_per_month: 1125.0\n" in shown.output
    assert "material_per_slot_month: 66.3\n" in shown.output
    german = sanity.price_base_warnings(load_scenario(moved), "de")
    assert german == [f"period.start: durch {moved} gegenüber seiner Basis von 2026-01 auf "
                      "2027-01 verschoben, daher gelten einfache Geldbeträge als Preise von "
                      "2027, nicht von 2026; um die Preise 2026 der Basis zu behalten, "
                      f"zusätzlich prices: {{base_year: 2026}} in {moved} angeben"]


def test_the_bases_year_is_resolved_through_the_chain(tmp_path: Path) -> None:
    """The year moved from is the one the bases resolve to: a middle file that keeps the
    start passes it on, one that sets ``prices.base_year`` keeps the prices for every
    file over it. Within the year, or back to the bases' start, is no move."""
    middle = _over_16i(tmp_path, "middle.yaml", "providers: [{id: cjd, slots: 30}]\n")
    top = _over_16i(tmp_path, "top.yaml", "period: {start: 2028-04, months: 12}\n", middle)
    assert sanity.price_base_warnings(load_scenario(top)) == [
        _moved_by_file(top, "2026-01", "2028-04")]
    priced = _over_16i(tmp_path, "priced.yaml", "prices: {base_year: 2026}\n")
    over = _over_16i(tmp_path, "over.yaml", "period: {start: 2027-01}\n", priced)
    assert sanity.price_base_warnings(load_scenario(over)) == []
    same_year = _over_16i(tmp_path, "june.yaml", "period: {start: 2026-06, months: 12}\n")
    assert sanity.price_base_warnings(load_scenario(same_year)) == []
    moved = _over_16i(tmp_path, "later.yaml", "period: {start: 2027-01, months: 12}\n")
    assert sanity.price_base_warnings(load_scenario(moved, ["prices.base_year=2026"])) == []
    assert sanity.price_base_warnings(load_scenario(middle)) == []
    unread = _over_16i(tmp_path, "unread.yaml", "period: {start: soon}\n")
    assert sanity.price_base_warnings(load_scenario(unread, ["period.start=2027-01"])) == []


def test_a_move_in_a_base_is_said_for_every_file_over_it(tmp_path: Path) -> None:
    """A file over a base that moved its own base's year re-bases the same plain prices:
    the line names the file that moved it, also where the file over it moves the start
    again within that year; a move to yet another year is the file's own."""
    moved = _over_16i(tmp_path, "later.yaml", "period: {start: 2027-01, months: 12}\n")
    over = _over_16i(tmp_path, "over.yaml", "name: over\n", moved)
    assert sanity.price_base_warnings(load_scenario(over)) == [_moved_by_file(moved.resolve())]
    june = _over_16i(tmp_path, "june.yaml", "period: {start: 2027-06}\n", moved)
    assert sanity.price_base_warnings(load_scenario(june)) == [_moved_by_file(moved.resolve())]
    again = _over_16i(tmp_path, "again.yaml", "period: {start: 2028-01}\n", moved)
    assert sanity.price_base_warnings(load_scenario(again)) == [
        _moved_by_file(again, "2027-01", "2028-01")]


def test_a_file_move_and_a_set_move_each_say_theirs(tmp_path: Path) -> None:
    """The --set warning is unchanged (its file's own start, its advice): after the
    file's own line, in the order the moves were made. A scenario rebuilt for ``size``
    or loaded again in Python keeps the file's mark."""
    import finsim

    moved = _over_16i(tmp_path, "later.yaml", "period: {start: 2027-01, months: 12}\n")
    both = load_scenario(moved, ["period.start=2028-01"])
    assert sanity.price_base_warnings(both) == [_moved_by_file(moved), (
        "period.start: moved from 2027-01 to 2028-01 by --set, so plain money values are "
        "read as prices of 2028, not of 2027; to keep the file's 2027 prices, also --set "
        "prices.base_year=2027")]
    assert sanity.price_base_warnings(sizing.move_period(load_scenario(moved), "2027-01", 12)
                                      ) == [_moved_by_file(moved)]
    again = finsim.load(finsim.load(moved), {"providers.cjd.slots": 30})
    assert sanity.price_base_warnings(again) == [_moved_by_file(moved)]
    assert finsim.run(moved, replications=1, jobs=1).warnings[-2:] == [
        _moved_by_file(moved), "one replication: each quantile is that one draw, so every "
        "90 % interval has no width, whatever the spread; use replications=2 or more"]


@pytest.mark.parametrize(("command", "label"), [
    (["run"], ""),
    (["compare", str(LIBRARY_16I)], "Aktiv statt passiv! nach § 16i SGB II, 2026-2030 [later]: "),
    (["size", "--start", "2027-01", "--months", "12", "--confidence", "0.9"], ""),
    (["sensitivity", "--param", "costs.material.per_slot_month=60:70",
      "--metric", "cost_total"], "")])
def test_every_command_that_warns_of_a_set_move_warns_of_a_file_move(
        tmp_path: Path, command: list[str], label: str) -> None:
    """``run``, ``compare`` (after the scenario's label), ``size`` and ``sensitivity``
    print the line for a file that moves its bases' year, as for ``--set period.start``."""
    moved = _over_16i(tmp_path, "later.yaml", "period: {start: 2027-01, months: 12}\n")
    name, *rest = command
    given = [name, str(moved), *rest] if name != "compare" else [name, *rest, str(moved)]
    done = CliRunner().invoke(main, [*given, "-n", "2", "-j", "1",
                                     "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    assert f"warning: {label}{_moved_by_file(moved)}" in done.output.splitlines()


CUT_SLOTS = ("a cut slot schedule dismisses nobody, so occupancy passes 100 % and their "
             "wages and coaching go on; material follows the slots, management stops only "
             "at 0 slots; cut the slots as people leave (a later date) if that is meant")


def test_a_slot_schedule_cut_below_the_people_employed_warns(tmp_path: Path) -> None:
    """10 slots full from 2026-01, cut to 0 in 2026-03, no exits: the 10 people stay
    (nobody is dismissed), so occupancy read 263 % without a word; here 90 person-months
    (10 and 5 people for 6 months) in 50 slot-months (10 x 2 and 5 x 6)."""
    (tmp_path / "cl.csv").write_text("person,provider,entry,exit,exit_reason\n" + "".join(
        f"{p}{i},{p},2025-12-01,,\n" for p, n in (("a", 10), ("b", 5)) for i in range(n)))
    path = tmp_path / "shrink.yaml"
    path.write_text(
        "name: shrink\nperiod: {start: 2026-01, months: 6}\n"
        "participants: {referrals_per_month: 0, initial: cl.csv}\n"
        "employment: {max_months: 24, hazards: {placement: 0.0, dropout: 0.0}}\n"
        "providers:\n  - {id: a, slots: {2026-01: 10, 2026-03: 0}}\n"
        "  - {id: b, slots: 5}\n"
        "costs:\n  wages: {hourly: 15}\n"
        "funding:\n  - {id: jc, budget: bund, covers: {wages: 1.0}}\n")
    result = run(RunSpec(load_scenario(path), 3, 1, uncertainty=False), jobs=1)
    assert result.metric_mean("occupancy_rate") == pytest.approx(90 / 50)
    assert sanity.over_capacity_warnings(result) == [
        "providers.a: more people than slots in 2026-03 to 2026-06 (people at month end, "
        "mean; most over in 2026-03: 10.00 people in 0 slots): " + CUT_SLOTS]
    assert sanity.over_capacity_warnings(result, "de") == [
        "providers.a: mehr Teilnehmende als Plätze in März 2026 bis Juni 2026 (Teilnehmende "
        "am Monatsende, Mittelwert; am meisten darüber März 2026: 10,00 Teilnehmende auf 0 "
        "Plätzen): gekürzte Plätze entlassen niemanden, die Auslastung liegt über 100 %, "
        "Löhne und Betreuung laufen weiter; die Sachkosten folgen den Plätzen, die Leitung "
        "entfällt erst bei 0 Plätzen; die Plätze später kürzen, wenn Teilnehmende "
        "ausscheiden, falls das gemeint ist"]
    assert any(w.startswith("providers.a: more people") for w in sanity.sanity_warnings(result))


def test_slot_cuts_at_many_providers_are_one_warning_naming_each(tmp_path: Path) -> None:
    """Six providers of 10 slots full from 2026-01, p1 to p5 cut to 0 in 2026-03 and p6
    to 4 in 2026-05, no exits: one cause, one line naming each provider with its months
    and the month most over (10 people in 0 slots; p6 10 in 4), the advice once; the
    terminal's brief names the first five and how many more, the page and the records
    all six."""
    (tmp_path / "cl.csv").write_text("person,provider,entry,exit,exit_reason\n" + "".join(
        f"p{k}x{i},p{k},2025-12-01,,\n" for k in range(1, 7) for i in range(10)))
    path = tmp_path / "cuts.yaml"
    path.write_text(
        "name: cuts\nperiod: {start: 2026-01, months: 6}\n"
        "participants: {referrals_per_month: 0, initial: cl.csv}\n"
        "employment: {max_months: 24, hazards: {placement: 0.0, dropout: 0.0}}\n"
        "providers:\n" + "".join(f"  - {{id: p{k}, slots: {{2026-01: 10, 2026-03: 0}}}}\n"
                                 for k in range(1, 6))
        + "  - {id: p6, slots: {2026-01: 10, 2026-05: 4}}\n"
        "costs:\n  wages: {hourly: 15}\n"
        "funding:\n  - {id: jc, budget: bund, covers: {wages: 1.0}}\n")
    result = run(RunSpec(load_scenario(path), 2, 1, uncertainty=False), jobs=1)
    head = ("providers: more people than slots at 6 providers (people at month end, mean; "
            "each with its months, then the month most over: people in slots): ")
    cut = "p{} 2026-03 to 2026-06 (2026-03: 10.00 in 0)"
    five = "; ".join(cut.format(k) for k in range(1, 6))
    [line] = sanity.over_capacity_warnings(result)
    assert line == f"{head}{five}; p6 2026-05 to 2026-06 (2026-05: 10.00 in 4): {CUT_SLOTS}"
    assert sanity.said_as(line) == f"warning: {head}{five}; and 1 more: {CUT_SLOTS}"
    assert sanity.said_as(sanity.labelled("plan B: ", line)) == (
        f"warning: plan B: {head}{five}; and 1 more: {CUT_SLOTS}")
    [german] = sanity.over_capacity_warnings(result, "de")
    assert german.startswith(
        "providers: mehr Teilnehmende als Plätze bei 6 Trägern (Teilnehmende am Monatsende, "
        "Mittelwert; je Träger die Monate, dann der Monat am meisten darüber: Teilnehmende "
        "auf Plätzen): p1 März 2026 bis Juni 2026 (März 2026: 10,00 auf 0); ")
    assert german.endswith("; p6 Mai 2026 bis Juni 2026 (Mai 2026: 10,00 auf 4): gekürzte "
                           "Plätze entlassen niemanden, die Auslastung liegt über 100 %, "
                           "Löhne und Betreuung laufen weiter; die Sachkosten folgen den "
                           "Plätzen, die Leitung entfällt erst bei 0 Plätzen; die Plätze "
                           "später kürzen, wenn Teilnehmende ausscheiden, falls das "
                           "gemeint ist")
    assert sanity.said_as(german).endswith("; und 1 weitere: gekürzte Plätze entlassen "
                                           "niemanden, die Auslastung liegt über 100 %, "
                                           "Löhne und Betreuung laufen weiter; die "
                                           "Sachkosten folgen den Plätzen, die Leitung "
                                           "entfällt erst bei 0 Plätzen; die Plätze später "
                                           "kürzen, wenn Teilnehmende ausscheiden, falls "
                                           "das gemeint ist")
    done = CliRunner().invoke(main, ["run", str(path), "-n", "2", "-j", "1",
                                     "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    said = [w for w in done.output.splitlines() if "more people than slots" in w]
    assert said == [f"warning: {head}{five}; and 1 more: {CUT_SLOTS}"]
    record = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert [w for w in record["warnings"] if "more people" in w] == [line]


def test_a_slot_cut_in_december_warns_of_its_months(tmp_path: Path) -> None:
    """8 people in 10 slots from 2026-07, cut to 6 from 2026-12, nobody leaves: 2026's
    48 participant-months fit its 56 slot-months, yet December holds 8 people in 6 slots,
    and so does every month to the period's end in 2027-06: one run of months."""
    (tmp_path / "cl.csv").write_text("person,provider,entry,exit,exit_reason\n" + "".join(
        f"a{i},a,2026-06-01,,\n" for i in range(8)))
    path = tmp_path / "december.yaml"
    path.write_text(
        "name: december\nperiod: {start: 2026-07, months: 12}\n"
        "participants: {referrals_per_month: 0, initial: cl.csv}\n"
        "employment: {max_months: 24, hazards: {placement: 0.0, dropout: 0.0}}\n"
        "providers:\n  - {id: a, slots: {2026-07: 10, 2026-12: 6}}\n"
        "costs:\n  wages: {hourly: 15}\n"
        "funding:\n  - {id: jc, budget: bund, covers: {wages: 1.0}}\n")
    result = run(RunSpec(load_scenario(path), 2, 1, uncertainty=False), jobs=1)
    assert sanity.over_capacity_warnings(result) == [
        "providers.a: more people than slots in 2026-12 to 2027-06 (people at month end, "
        "mean; most over in 2026-12: 8.00 people in 6 slots): " + CUT_SLOTS]
    assert words.month_runs(np.array([0, 1, 5, 8, 9, 11]), Month(2026, 12)) == (
        "2026-12 to 2027-01, 2027-05, 2027-08 to 2027-09, … (6 months in all)")
    assert words.month_runs(np.array([0, 1, 5]), Month(2026, 12), "de") == (
        "Dezember 2026 bis Januar 2027, Mai 2027")


def test_drawn_slots_above_the_written_ones_are_not_over_capacity(tmp_path: Path) -> None:
    """10 slots drawn from 10 to 16, filled: mean participants above the written 10 but
    never above a replication's own slots (occupancy 100 % in each): no warning."""
    path = tmp_path / "drawn.yaml"
    path.write_text(
        "name: drawn\nperiod: {start: 2026-01, months: 6}\n"
        "participants: {referrals_per_month: on_demand, initial: full}\n"
        "employment: {max_months: 24, hazards: {placement: 0.0, dropout: 0.0}}\n"
        "providers:\n  - {id: a, slots: 10}\n"
        "costs:\n  wages: {hourly: 15}\n"
        "funding:\n  - {id: jc, budget: bund, covers: {wages: 1.0}}\n"
        "uncertainty:\n  providers.a.slots: {dist: uniform, low: 10, high: 16}\n")
    result = run(RunSpec(load_scenario(path), 20, 1), jobs=1)
    assert result.metric_mean("occupancy_rate") == pytest.approx(1.0)
    assert result.mean(result.aggregate.flows)[:, -1, 5].mean() > 11  # above the written 10
    assert sanity.over_capacity_warnings(result) == []


def _drawn_slots(tmp_path: Path, referrals: str, draw: str) -> Path:
    """15 written slots (a 10, b 5), nobody leaves in 12 months, ``a``'s slots drawn."""
    path = tmp_path / "drawn.yaml"
    path.write_text(
        "name: drawn\nperiod: {start: 2026-01, months: 12}\n"
        f"participants: {{referrals_per_month: {referrals}}}\n"
        "employment: {max_months: 24, hazards: {placement: 0.0, dropout: 0.0}}\n"
        "providers:\n  - {id: a, slots: 10}\n  - {id: b, slots: 5}\n"
        "costs:\n  wages: {hourly: 15}\n"
        "funding:\n  - {id: jc, budget: bund, covers: {wages: 1.0}}\n"
        f"uncertainty:\n  providers.a.slots: {draw}\n")
    return path


def test_occupancy_is_measured_against_the_slots_each_replication_drew(
        tmp_path: Path) -> None:
    """``a``'s slots drawn to 0, referrals on demand: b's 5 slots are full in every
    replication (occupancy 100 %), yet the file's 15 slots made it "33% of the slots"
    and --strict refused the run. Drawn up to 100 with 2 referrals a month, 14.3 people
    in 105 slots are 14 %, which the file's 15 hid."""
    down = _drawn_slots(tmp_path, "on_demand", "{dist: uniform, low: 0, high: 0.4}")
    result = run(RunSpec(load_scenario(down), 20, 1), jobs=1)
    assert result.metric_mean("occupancy_rate") == pytest.approx(1.0)
    assert sanity.occupancy_warnings(result) == []
    strict = CliRunner().invoke(main, ["run", str(down), "-n", "20", "-j", "1", "--strict",
                                       "--out", str(tmp_path / "out")])
    assert strict.exit_code == 0, strict.output
    up = _drawn_slots(tmp_path, "2", "{dist: uniform, low: 100, high: 100.4}")
    result = run(RunSpec(load_scenario(up), 20, 1), jobs=1)
    assert sanity.occupancy_warnings(result) == [
        "occupancy in 2026 is 14% of the slots (participants at month end, mean 14.3 of "
        "105): too few referrals for the slots? A program that keeps going: "
        "referrals_per_month: on_demand, initial: full (docs/running-programs.md)"]
    assert sanity.occupancy_warnings(result, "de") == [
        "Auslastung 2026: 14 % der Plätze (Teilnehmende am Monatsende, im Mittel 14,3 von "
        "105): zu wenige Zuweisungen für die Plätze? Ein Programm, das weiterläuft: "
        "referrals_per_month: on_demand, initial: full (docs/running-programs.md)"]
    written = run(RunSpec(load_scenario(up), 20, 1, uncertainty=False), jobs=1)
    assert sanity.occupancy_warnings(written) == []


def test_a_caseload_or_spells_file_older_than_its_start_warns(tmp_path: Path) -> None:
    """The caseload's latest date is B's exit on 2026-10-16, 2.5 months before the period
    start 2027-01 (told as 3 months); with B leaving on 2026-11-01 (2 months) nothing is
    said. As actual spells (A left 2027-04-01): --as-of 2027-05, the month after the
    file's last month, is fine; --as-of 2027-06 makes up May, 2027-08 May to July, as
    "actual" months with no event in the file; --strict refuses."""
    from .test_actuals import files
    from .test_running_program import SIXTEEN_I, scenario_files

    header = "person,provider,entry,exit,exit_reason,referral\n"
    rows = "A,cjd,2026-05-01,,,2026-04-10\nB,cjd,2026-02-01,{},dropout,2026-01-05\n"
    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 2}]}
    old = load_scenario(scenario_files(tmp_path, data, header + rows.format("2026-10-16")))
    assert sanity.stale_file_warnings(old) == [
        "participants.initial: the latest date in caseload.csv (entry, exit or referral) is "
        "2026-10-16, 3 months before the period start 2027-01: its people are placed there "
        "as if nobody had left, entered or been referred since; give a caseload file of the "
        "period start (or re-forecast the months between: finsim run --actuals --as-of)"]
    assert sanity.stale_file_warnings(old, "de")[0].startswith(
        "participants.initial: das letzte Datum in caseload.csv (Eintritt, Austritt oder "
        "Zuweisung) ist 2026-10-16, 3 Monate vor dem Zeitraumbeginn Januar 2027: ")
    recent = load_scenario(scenario_files(tmp_path, data, header + rows.format("2026-11-01")))
    assert sanity.stale_file_warnings(recent) == []

    path = files(tmp_path, "A,cjd,2027-01,2027-04,dropout\nB,cjd,2026-07,,\n")
    sets = ["actuals.spells=spells.csv"]
    assert sanity.stale_file_warnings(load_scenario(path, [*sets, "actuals.as_of=2027-05"])) == []
    late = [*sets, "actuals.as_of=2027-06"]
    expected = ("actuals.spells: the latest date in spells.csv (entry, exit or referral) is "
                "2027-04-01, but --as-of 2027-06 takes every month before it as actual: "
                "2027-05 counts as actual without any record in the file: nobody enters, "
                "leaves or is referred in it, and whoever was in a slot is costed as still "
                "there; give a newer spells file, or an --as-of at most the month after the "
                "file's last month (2027-05)")
    assert sanity.stale_file_warnings(load_scenario(path, late)) == [expected]
    assert sanity.stale_file_warnings(load_scenario(path, [*sets, "actuals.as_of=2027-08"]),
                                      "de") == [
        "actuals.spells: das letzte Datum in spells.csv (Eintritt, Austritt oder Zuweisung) "
        "ist 2027-04-01, doch der erste Prognosemonat August 2027 macht alle Monate davor zu Ist: "
        "Mai 2027 bis Juli 2027 (3 Monate) gelten als Ist ohne jeden Eintrag in der Datei: "
        "niemand tritt ein, tritt aus oder wird zugewiesen, und wer auf einem Platz war, wird "
        "als weiter beschäftigt berechnet; eine neuere Datei angeben oder einen ersten "
        "Prognosemonat (--as-of) höchstens im Monat nach ihrem letzten Datum (`2027-05`)"]
    out = tmp_path / "out"
    args = ["run", str(path), "--actuals", str(tmp_path / "spells.csv"), "--as-of", "2027-06",
            "-n", "20", "--jobs", "1", "-q", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["warnings"] == [expected]
    result = CliRunner().invoke(main, [*args[:-2], "--strict", "--out", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert f"--strict: {expected}" in result.output
    assert not (tmp_path / "s").exists()


def test_a_booked_file_ending_before_the_made_up_months_is_said(tmp_path: Path) -> None:
    """Spells to 2027-04-01, booked costs to 2027-03, --as-of 2027-07: May and June are
    actual without a record, and no booked cost stands for them either; booked up to
    June (the last actual month), the booked file is not named."""
    from .test_actuals import actuals, files

    spells = "A,cjd,2027-01,2027-04,dropout\nB,cjd,2026-07,,\n"
    path = files(tmp_path, spells, "month,provider,category,amount\n2027-03,cjd,staff,100\n")
    assert sanity.stale_file_warnings(load_scenario(path, actuals("2027-07", booked=True))) == [
        "actuals.spells: the latest date in spells.csv (entry, exit or referral) is "
        "2027-04-01, but --as-of 2027-07 takes every month before it as actual: 2027-05 to "
        "2027-06 (2 months) count as actual without any record in the file: nobody enters, "
        "leaves or is referred in them, and whoever was in a slot is costed as still there; "
        "booked.csv books no month after 2027-03, so the ledger's computed costs stand for "
        "them too; give a newer spells file, or an --as-of at most the month after the "
        "file's last month (2027-05)"]
    (tmp_path / "booked.csv").write_text("month,provider,category,amount\n"
                                         "2027-06,cjd,staff,100\n", encoding="utf-8")
    assert sanity.stale_file_warnings(load_scenario(path, actuals("2027-07", booked=True)))[
        0].endswith("is costed as still there; give a newer spells file, or an --as-of at "
                    "most the month after the file's last month (2027-05)")


def test_a_schedule_that_begins_after_the_first_month_simulated_warns() -> None:
    """size --start 2025-01 of the 2026 file (its referrals ramp up from 2026-01 with 70,
    55, 45): 70 a month held through 2025, 460 referrals lost, without a word. The
    shipped files, at their own periods, say nothing."""
    root = SEED.parent
    scn = sizing.move_period(load_scenario(root / "aktiv-statt-passiv-2026-minimum-wage.yaml"),
                             "2025-01", 12)
    assert sanity.early_schedules(scn) == [
        "participants.referrals_per_month: the schedule's first date 2026-01 lies 12 months "
        "after the first month simulated (2025-01), so its first value 70 holds from 2025-01 "
        "on: is that the program then? Give the months before, or start the period at "
        "2026-01"]
    assert sanity.early_schedules(scn, "de")[0].startswith(
        "participants.referrals_per_month: das erste Datum des Zeitplans, 2026-01, liegt 12 "
        "Monate nach dem ersten simulierten Monat (Januar 2025)")
    for path in sorted(root.glob("*.yaml")):
        assert sanity.early_schedules(load_scenario(path)) == [], path.name


def test_a_run_after_a_warm_up_says_it_gives_a_yearly_budget_again(tmp_path: Path) -> None:
    """land_esf may pay 9,000 EUR in 2014 (cap_per_year from 2014-01) and wants about
    15,000 a month: a run from 2014-01 spends it in January. `run` from 2014-07 after a
    warm-up from 2013-01 (period.simulate_from) books no money in the warm-up, so it paid
    land_esf the whole 9,000.00 again for 2014-07 to 2014-12, and said nothing, where
    `size` warned. It now warns on the terminal, in run.json, on the page, and --strict
    refuses it; compare says it too. From 2014-01 (January) there is nothing to say."""
    sets = ["--set", "period.simulate_from=2013-01", "--set", "period.months=12",
            "--set", "funding.land_esf.cap_per_year={2013-01: 20000, 2014-01: 9000}"]
    common = [str(ROOT / "tests" / "fixtures" / "small.yaml"), "-n", "2", "--jobs", "1", *sets]
    mid = ["--set", "period.start=2014-07"]
    done = CliRunner().invoke(main, ["run", *common, *mid, "--out", str(tmp_path / "r")])
    assert done.exit_code == 0, done.output
    fiscal = (tmp_path / "r" / "fiscal.csv").read_text().splitlines()
    assert "land_esf,True,2014,9000.00,0.00,0.00,9000.00,9000.00" in fiscal  # 900,000 cents again
    line = ("funding.land_esf.cap_per_year: the period starts in 2014-07, in mid-year, and "
            "gives land_esf its whole 2014 budget (9,000.00 EUR) for 2014-07 to 2014-12 (a "
            "fresh yearly budget): what 2014-01 to 2014-06 already used of it is not "
            "deducted, as the months before the start book no money; lower that year's "
            "budget by what was used (--set 'funding.land_esf.cap_per_year={2014-01: ..., "
            "2015-01: 9000}', every year written out, as one number would replace the later "
            "years' budgets too) or start the period in 2014-01")
    assert f"warning: {line}\n" in done.output
    assert line in json.loads((tmp_path / "r" / "run.json").read_text())["warnings"]
    assert ("der Zeitraum beginnt im Juli 2014, im laufenden Jahr, und gibt land_esf das ganze "
            "Budget 2014 (9.000,00 EUR)") in (tmp_path / "r" / "report.html").read_text()
    refused = CliRunner().invoke(main, ["run", *common, *mid, "--strict",
                                        "--out", str(tmp_path / "s")])
    assert refused.exit_code == 2 and not (tmp_path / "s").exists()
    assert f"--strict: {line}" in refused.output
    compared = CliRunner().invoke(main, [
        "compare", common[0], str(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"),
        *common[1:], *mid, "--out", str(tmp_path / "c")])
    assert compared.exit_code == 0, compared.output
    assert f"warning: Small test program: {line}" in compared.output
    january = CliRunner().invoke(main, ["run", *common, "--set", "period.start=2014-01",
                                        "--out", str(tmp_path / "j")])
    assert january.exit_code == 0 and "warning: funding.land_esf.cap_per_year" not in \
        january.output  # only the --set's own line names it


def test_a_final_statement_moved_after_the_last_claim_is_said_before_the_work() -> None:
    """The seed's Land/ESF claims per quarter with a lag of 2: ``final_after_months`` 0
    or 1 (2015-01, 2015-02) would settle before the Q4-2014 claim is paid in 2015-03, so
    the statement comes then, and one line says so before the run (``before_work_warnings``, which
    run, compare and size print before the replications); 2 (2015-03) and the file's 6
    (2015-07) are as written. The lag as written counts: a drawn one moves each
    replication's statement, unwarned."""
    moved = load_scenario(SEED, ["funding.land_esf.payment.final_after_months=1.5"])
    line = ("funding.land_esf.payment.final_after_months: 1.5 months after the funder's "
            "last month (2014-12) puts the final statement in 2015-02, before its last "
            "claim is paid in 2015-03, so it comes in 2015-03, with the last claim: is the "
            "value right?")
    assert sanity.final_statement_warnings(moved) == [line]
    assert sanity.before_work_warnings(moved, 10, draws=False) == [line]
    assert sanity.final_statement_warnings(moved, "de") == [
        "funding.land_esf.payment.final_after_months: 1,5 Monate nach dem letzten Monat "
        "des Geldgebers (2014-12) legen die Schlusszahlung in 2015-02, bevor seine letzte "
        "Abrechnung in 2015-03 gezahlt wird; sie kommt daher in 2015-03, mit der letzten "
        "Abrechnung: stimmt der Wert?"]
    for kept in ([], ["funding.land_esf.payment.final_after_months=2"]):
        assert sanity.final_statement_warnings(load_scenario(SEED, kept)) == []


@pytest.mark.parametrize("advance", [0.3, 0.999])
def test_an_advance_below_one_euro_warns_that_it_is_an_amount_in_eur(advance: float) -> None:
    """``advance: 0.3``, meant as 30 %, ran as an advance of 0.30 EUR without a word: an
    advance above 0 and below 1 EUR warns before the work (and in validate), saying it is
    an amount in EUR and where the funder's total is read; 1 EUR and 0 say nothing."""
    scn = load_scenario(SEED, [f"funding.land_esf.payment.advance={advance}"])
    cents, meant = f"{advance:.2f}", f"{advance:.1%}".replace(".0%", "%")
    line = (f"funding.land_esf.payment.advance: {advance:g} is an amount in EUR, not a "
            f"share, so {cents} EUR is paid ahead in 2013-01: for {meant} of the funder's "
            f"money write {meant} of its total in EUR (funding_land_esf in summary.csv): "
            "is the value right?")
    assert sanity.advance_warnings(scn) == [line]
    assert sanity.before_work_warnings(scn, 10, draws=False) == [line]
    assert sanity.advance_warnings(scn, "de") == [
        f"funding.land_esf.payment.advance: {advance:g} ist ein Betrag in EUR, kein "
        f"Anteil; vorausgezahlt werden also {cents.replace('.', ',')} EUR in 2013-01: für "
        f"{meant.replace('%', ' %').replace('.', ',')} des Geldes des Geldgebers "
        f"{meant.replace('%', ' %').replace('.', ',')} seiner Summe in EUR schreiben "
        "(funding_land_esf in summary.csv): stimmt der Wert?"]
    for kept in (["funding.land_esf.payment.advance=1"], []):
        assert sanity.advance_warnings(load_scenario(SEED, kept)) == []


def test_a_budget_only_returns_name_warns_before_the_work(small_data, tmp_path) -> None:
    """``returns: {cty: 0.02}`` (a typo for the payer ``city``) made a budget of its own
    whose returns lowered net_public_cost, without a word: a near miss of a named budget
    warns, once, before the work; a returns-only budget with a name of its own (the social
    insurance) is meant so and says nothing."""
    scn = variant({**small_data, "returns": {"federal": 0.05, "sozialversicherung": 0.3312,
                                             "cty": 0.02}})
    line = ("returns.cty: the budget 'cty' receives returns (0.02 of the gross pay) but no "
            "public funder's budget and no payer of passive benefits is named so: did you "
            "mean 'city'? As written it is a budget of its own, whose returns lower "
            "net_public_cost while 'city' gets none of them")
    assert sanity.returns_only_warnings(scn) == [line]
    assert sanity.returns_only_warnings(scn, "de") == [
        "returns.cty: der Haushalt 'cty' erhält Rückflüsse (0,02 des Bruttolohns), aber kein "
        "öffentlicher Geldgeber und kein Leistungsträger der passiven Leistungen heißt so: "
        "ist 'city' gemeint? So geschrieben ist es ein eigener Haushalt, dessen Rückflüsse "
        "die Nettokosten der öffentlichen Haushalte senken, während 'city' keine erhält"]
    lines = [line]
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({**small_data, "returns": {"cty": 0.02}}, sort_keys=False))
    out = tmp_path / "out"
    ran = CliRunner().invoke(main, ["run", str(path), "-n", "20", "--no-uncertainty",
                                    "--out", str(out)])
    assert ran.exit_code == 0, ran.output
    assert ran.stderr.splitlines()[0] == f"warning: {lines[0]}"
    assert ran.stderr.count("returns.cty") == 1  # not again after the work
    assert json.loads((out / "run.json").read_text())["warnings"] == lines
    assert sanity.returns_only_warnings(variant(small_data, returns={"city": 0.01})) == []


def test_an_unnamed_item_added_as_a_near_miss_of_a_base_item_warns(small_data,
                                                                     tmp_path) -> None:
    """``- id: betta`` over a base with ``beta`` (a typo) added a nameless provider with
    its own slots, while beta kept the base's: a near miss of a base's id, added without a
    name, warns with the id meant; the id itself, a named item or an id of its own not."""
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(small_data, sort_keys=False))

    def over(items: dict) -> Path:
        path = tmp_path / "alt.yaml"
        path.write_text(yaml.safe_dump({"base": "base.yaml", **items}, sort_keys=False))
        return path

    alt = over({"providers": [{"id": "betta", "slots": 25}],
                "costs": {"qualification": [{"id": "assesment", "uptake": 1.0, "cost": 500,
                                             "month": 0}]}})
    scn = load_scenario(alt)
    assert [p.id for p in scn.providers] == ["alpha", "beta", "betta"]
    lines = [
        "providers.betta: a new provider 'betta' without a name, beside the provider 'beta' "
        "of the base base.yaml: did you mean 'beta'? As written it is a provider of its own, "
        "and 'beta' keeps the base's values; write id: beta to change them, or give 'betta' "
        "a name if it is meant",
        "costs.qualification.assesment: a new module 'assesment' without a name, beside the "
        "module 'assessment' of the base base.yaml: did you mean 'assessment'? As written "
        "it is a module of its own, and 'assessment' keeps the base's values; write id: "
        "assessment to change them, or give 'assesment' a name if it is meant"]
    assert sanity.near_base_warnings(scn) == lines
    assert sanity.near_base_warnings(scn, "de")[0] == (
        "providers.betta: einen Träger 'betta' ohne Namen neben 'beta' der Basis base.yaml: "
        "ist 'beta' gemeint? So geschrieben ist es ein eigener Träger, und 'beta' behält die "
        "Werte der Basis; id: beta schreiben, um sie zu ändern, oder 'betta' einen Namen "
        "geben, wenn es so gemeint ist")
    assert sanity.near_base_warnings(scn) == [w for w in sanity.before_work_warnings(
        scn, 2, draws=False) if "a new" in w]
    done = CliRunner().invoke(main, ["validate", str(alt)])
    assert done.exit_code == 0
    assert done.stderr.splitlines()[:2] == [f"warning: {alt}: {line}" for line in lines]
    for meant in ({"providers": [{"id": "beta", "slots": 25}]},
                  {"providers": [{"id": "betta", "name": "Betta gGmbH", "slots": 25}]},
                  {"providers": [{"id": "gamma", "slots": 25}]}):
        assert sanity.near_base_warnings(load_scenario(over(meant))) == []


def test_shares_past_1_with_a_funder_added_beside_a_base_funder_name_the_id_meant(
        small_data, tmp_path) -> None:
    """``- id: jobcentre`` with ``covers`` over a base with ``jobcenter`` (a typo, meant to
    change its shares) adds a funder whose shares come on top of the base's: refused as
    past 1 before the near-base warning could be said, so the refusal names the id meant,
    from a file and from a Python override on the loaded scenario alike."""
    import finsim

    (tmp_path / "base.yaml").write_text(yaml.safe_dump(small_data, sort_keys=False))
    alt = tmp_path / "alt.yaml"
    alt.write_text(yaml.safe_dump({"base": "base.yaml", "funding": [
        {"id": "jobcentre", "covers": {"wages": 0.5}}]}, sort_keys=False))
    done = CliRunner().invoke(main, ["validate", str(alt)])
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        f"{alt}:5: funding.jobcentre.covers.wages: shares of 'wages' add up to 1.25 (tenure "
        "year 1: jobcenter 0.75, jobcentre 0.5), more than 1; expected at most 1 together; "
        "did you mean 'jobcenter'? (a new funder 'jobcentre' was added beside the base's)"]
    named = tmp_path / "named.yaml"
    named.write_text(yaml.safe_dump({"base": "base.yaml", "funding": [
        {"id": "jobcentre", "name": "Second Jobcenter", "covers": {"wages": 0.5}}]}))
    refused = CliRunner().invoke(main, ["validate", str(named)])
    assert refused.stderr.splitlines()[0].endswith("expected at most 1 together")
    quiet = tmp_path / "quiet.yaml"
    quiet.write_text(yaml.safe_dump({"base": "base.yaml", "funding": [
        {"id": "jobcentre", "covers": {"wages": 0.2}}]}))
    with pytest.raises(ScenarioError) as err:
        finsim.load(load_scenario(quiet), {"funding.jobcentre.covers.wages": 0.3})
    assert str(err.value).endswith("more than 1; expected at most 1 together; did you mean "
                                   "'jobcenter'? (a new funder 'jobcentre' was added beside "
                                   "the base's)")


def test_a_draw_replacing_a_dated_schedule_warns_before_the_work(small_data, tmp_path) -> None:
    """``providers.beta.slots: {2013-01: 10, 2014-01: 20}`` drawn pert(8, 10, 12) ran with
    one value in every month of every replication, its step to 20 lost, silently; with
    ``scale: true`` the draw multiplies each dated value and keeps the dates."""
    from finsim.scenario.draws import apply_draws
    from finsim.scenario.replace import current

    draws = {"providers.beta.slots": {"dist": "pert", "low": 8, "mode": 10, "high": 12},
             "costs.wages.hourly": {"dist": "uniform", "low": 8.5, "high": 9},  # one date
             "prices.staff": {"dist": "uniform", "low": 0.0, "high": 0.05}}
    scn = variant({**small_data, "uncertainty": draws},
                  prices={"staff": {2013: 1.0, 2014: 1.03, 2016: 1.05}})
    line = ("uncertainty: providers.beta.slots: one drawn value replaces its dated values "
            "(10 from 2013-01, 20 from 2014-01) in every month of every replication, so its "
            "changes by date are lost; with `scale: true` the draw is a factor on each value "
            "and keeps the dates (e.g. low: 0.8, mode: 1, high: 1.2)")
    assert sanity.dated_draw_warnings(scn) == [line, (
        "uncertainty: prices.staff: one drawn value replaces its dated values (1 from 2013, "
        "1.03 from 2014) in every month of every replication, so its changes by date are "
        "lost; with `scale: true` the draw is a factor on each value and keeps the dates "
        "(e.g. low: 0.8, mode: 1, high: 1.2)")]  # 2016 lies after the period
    assert sanity.dated_draw_warnings(scn, "de")[1] == (
        "uncertainty: prices.staff: ein gezogener Wert ersetzt seine Werte nach Datum (1 ab "
        "2013, 1,03 ab 2014) in jedem Monat jeder Replikation, seine Änderungen nach Datum "
        "gehen verloren; mit `scale: true` ist der Zug ein Faktor auf jeden Wert und behält "
        "die Daten (z. B. low: 0.8, mode: 1, high: 1.2)")
    assert current(apply_draws(scn, {"providers.beta.slots": 11.0}),
                   "providers.beta.slots") == 11
    scaled = variant(small_data, uncertainty={"providers.beta.slots": {
        "dist": "uniform", "low": 0.9, "high": 1.1, "scale": True}})
    assert sanity.dated_draw_warnings(scaled) == []
    assert current(apply_draws(scaled, {"providers.beta.slots": 1.1}),
                   "providers.beta.slots") == {"2013-01": 11, "2014-01": 22}
    assert sanity.dated_draw_warnings(variant(small_data, period={"start": "2014-01"})) == []
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({**small_data, "uncertainty": {
        "providers.beta.slots": draws["providers.beta.slots"]}}, sort_keys=False))
    out = tmp_path / "out"
    ran = CliRunner().invoke(main, ["run", str(path), "-n", "20", "--out", str(out)])
    assert ran.exit_code == 0, ran.output
    assert ran.stderr.splitlines()[0] == f"warning: {line}"
    assert ran.stderr.count("providers.beta.slots") == 1  # not again after the work
    assert json.loads((out / "run.json").read_text())["warnings"] == [line]
    quiet = CliRunner().invoke(main, ["run", str(path), "-n", "2", "--no-uncertainty",
                                      "--out", str(tmp_path / "o2")])
    assert "providers.beta.slots" not in quiet.stderr  # nothing drawn, nothing replaced


def test_a_stale_dated_rule_set_is_told_by_its_shares() -> None:
    """A dated ``covers`` (rule sets by date) whose last date lies long before the period
    held a mapping, which the stale-schedule warning formatted as a number: a TypeError
    (found by the scenario fuzz). Its shares are written as the file writes them."""
    import finsim

    scn = finsim.load(SEED, {"funding.land_esf.covers": {"2010-01": {"staff": 0.5,
                                                                     "material": 0.5}}})
    assert sanity.stale_schedules(scn) == [
        "funding.land_esf.covers: the schedule's last date 2010-01 lies 36 months before "
        "the period (2013-01), so the period holds its last value {staff: 0.5, material: "
        "0.5} throughout: is it still right?"]
    assert sanity.stale_schedules(scn, "de")[0].endswith(
        "gilt durchweg der letzte Wert {staff: 0.5, material: 0.5}: stimmt das noch?")


HORIZON_READING = ("those employed on its last day are participants_at_end plus these exits "
                   "(among 2027-12's exits_max_duration, which finsim run writes to flows.csv "
                   "and finsim size prints on its People line), and a target of "
                   "participants_at_end (size --target) is judged without them")
"""How the horizon-exit warning says to read the figures (2027-01 + 12 months), and where
they are: validate and size write no flows.csv."""

HORIZON_ROWS = ("person,provider,entry,exit,exit_reason,months_funded_before\n"
                "A,cjd,2023-01-01,,,\nB,cjd,2024-01-01,,,12\nC,cjd,2023-01-02,,,\n"
                "D,cjd,2024-06-01,2026-12-01,dropout,\n")
"""A and B (48 months left after 12 funded before) reach max_months on 2028-01-01, the
day after the last day of 2027-01 + 12 months; C a day later, after the period; D left
before the start (the file is current)."""


def test_people_reaching_max_months_at_the_period_s_end_are_said(tmp_path: Path) -> None:
    """The convention stays (an exit at the period's end is an exit: A and B are
    max_duration exits of 2027-12, participants_at_end counts C alone), and a warning
    says so, with how to read the figures: the three employed on 2027-12-31 are
    participants_at_end plus 2027-12's max_duration exits. It gives no period to count
    them at the end, since none that holds their exit does: a month longer only moves it
    into 2028-01. run.json, validate and a German page say it too."""
    from .test_running_program import SIXTEEN_I, scenario_files

    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 3}]}
    path = scenario_files(tmp_path, data, HORIZON_ROWS)
    line = ("participants.initial: 2 people in the slots at the start (caseload.csv) reach "
            "employment.max_months with an exit on 2028-01-01, exactly at the period's end: "
            "they count as max_duration exits in 2027-12 and not in participants_at_end (an "
            "exit at the period's end is an exit, though they are employed through its last "
            f"day); {HORIZON_READING}")
    scn = load_scenario(path)
    result = run(RunSpec(scn, 2, 1), jobs=1)
    assert result.metric_mean("exits_max_duration") == 2.0
    assert result.metric_mean("participants_at_end") == 1.0
    assert line in sanity.sanity_warnings(result)
    assert sanity.horizon_exit_warnings(scn, "de") == [
        "participants.initial: 2 Personen, die zu Beginn auf den Plätzen sind (caseload.csv), "
        "erreichen employment.max_months mit einem Austritt am 2028-01-01, genau am Ende des "
        "Zeitraums: sie zählen als Austritte (max_duration) im Dezember 2027 und nicht in "
        "participants_at_end (ein Austritt am Ende des Zeitraums ist ein Austritt, obwohl sie "
        "bis zu seinem letzten Tag beschäftigt sind); an seinem letzten Tag beschäftigt sind "
        "participants_at_end und diese Austritte (unter den exits_max_duration im Dezember 2027, die "
        "finsim run in flows.csv schreibt und finsim size bei den Personen (Mittelwert) "
        "nennt), und ein Ziel für participants_at_end (size --target) wird ohne sie "
        "beurteilt"]
    flows = result.mean(result.aggregate.flows)  # [months, providers + 1, columns]
    assert (flows[11, -1, 5], flows[11, -1, 4]) == (1.0, 2.0)  # 1 + 2 employed on 12-31
    longer = run(RunSpec(load_scenario(path, ["period.months=13"]), 2, 1), jobs=1)
    flows = longer.mean(longer.aggregate.flows)
    assert flows[12, -1, 4] == 3.0  # A and B leave in 2028-01 now, and C on 2028-01-02
    assert longer.metric_mean("participants_at_end") == 0.0  # a month longer counts none
    assert sanity.horizon_exit_warnings(longer.scenario) == []
    checked = CliRunner().invoke(main, ["validate", str(path)])
    assert checked.exit_code == 0, checked.output
    assert checked.stderr.splitlines() == [f"warning: {path}: {line}"]
    out = tmp_path / "out"
    ran = CliRunner().invoke(main, ["run", str(path), "-n", "20", "--jobs", "1", "-q",
                                    "--out", str(out)])
    assert ran.exit_code == 0, ran.output
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["warnings"] == [line]


def test_a_cohort_reaching_max_months_at_the_period_s_end_is_said() -> None:
    """``initial: N`` enters at tenure 0: with max_months equal to the period's months all
    of them leave on the day after its last day. Where only one provider's maximum ends
    there, the cohort (placed by the assignment rule) gives at most its slots."""
    from .test_running_program import SIXTEEN_I

    data = {**SIXTEEN_I, "participants": {"referrals_per_month": 0, "initial": 1},
            "employment": {"max_months": 12}}
    one = scenario_from_dict(data)
    assert sanity.horizon_exit_warnings(one) == [
        "participants.initial: 1 person in the slots at the start (initial: 1, tenure 0) "
        "reaches employment.max_months with an exit on 2028-01-01, exactly at the period's "
        "end: they count as max_duration exits in 2027-12 and not in participants_at_end (an "
        "exit at the period's end is an exit, though they are employed through its last "
        f"day); {HORIZON_READING}"]
    assert sanity.horizon_exit_warnings(one, "de")[0].startswith(
        "participants.initial: 1 Person, die zu Beginn auf den Plätzen ist (initial: 1, "
        "Verweildauer 0), erreicht employment.max_months mit einem Austritt am 2028-01-01, genau "
        "am Ende des Zeitraums: sie zählt als Austritte (max_duration) im Dezember 2027")
    two = scenario_from_dict({**data, "participants": {"referrals_per_month": 0, "initial": 5},
                              "providers": [{"id": "cjd", "slots": 2},
                                            {"id": "b", "slots": 4,
                                             "employment": {"max_months": 24}}]})
    assert sanity.horizon_exit_warnings(two)[0].startswith(
        "participants.initial: up to 2 people in the slots at the start (initial: 5, tenure "
        "0) reach employment.max_months with an exit on 2028-01-01")
    assert sanity.horizon_exit_warnings(scenario_from_dict(
        {**data, "employment": {"max_months": 13}})) == []


HORIZON_ADVICE = ("exactly at the period's end: they count as max_duration exits in 2027-12 "
                  "and not in participants_at_end (an exit at the period's end is an exit, "
                  f"though they are employed through its last day); {HORIZON_READING}")


def _last_month(scn) -> tuple[float, float]:  # noqa: ANN001 - a Scenario
    """The mean max_duration exits of the last month and the participants at its end."""
    result = run(RunSpec(scn, 2, 1), jobs=1)
    flows = result.mean(result.aggregate.flows)  # [months, providers + 1, columns]
    return float(flows[-1, -1, 4]), float(flows[-1, -1, 5])


def test_slots_filled_on_demand_at_the_start_reaching_max_months_at_the_end_are_said() -> None:
    """``on_demand`` fills every slot nobody holds at the start, at tenure 0, as a cohort:
    with max_months equal to the period's months all three leave on the day after its
    last day, beside a cohort ``initial: 1`` or alone."""
    from .test_running_program import SIXTEEN_I

    data = {**SIXTEEN_I, "participants": {"referrals_per_month": "on_demand", "initial": 0},
            "employment": {"max_months": 12}, "providers": [{"id": "cjd", "slots": 3}]}
    scn = scenario_from_dict(data)
    assert sanity.horizon_exit_warnings(scn) == [
        "participants.initial: 3 people in the slots at the start (referrals_per_month: "
        "on_demand, tenure 0) reach employment.max_months with an exit on 2028-01-01, "
        f"{HORIZON_ADVICE}"]
    assert _last_month(scn) == (3.0, 0.0)
    both = scenario_from_dict({**data, "participants": {"referrals_per_month": "on_demand",
                                                        "initial": 1}})
    assert sanity.horizon_exit_warnings(both, "de")[0].startswith(
        "participants.initial: 3 Personen, die zu Beginn auf den Plätzen sind (initial: 1 and "
        "referrals_per_month: on_demand, Verweildauer 0), erreichen employment.max_months mit "
        "einem Austritt am 2028-01-01, genau am Ende des Zeitraums")
    steady = scenario_from_dict({**data, "participants": {"referrals_per_month": "on_demand",
                                                          "initial": "full"}})
    assert sanity.horizon_exit_warnings(steady) == []  # drawn tenures: no exit at a set day


def test_slots_taken_on_demand_later_reaching_max_months_at_the_end_are_said() -> None:
    """With ``on_demand``, slots added in 2027-04 are filled then (9 months to the end:
    max_months 9 ends exactly there), and a slot freed at a maximum is refilled after the
    refill delay: entered 2027-01-01 with max_months 5, freed 2027-06-01, refilled two
    months later, the successor reaches 5 months on 2028-01-01 if the first stayed to
    their maximum (up to)."""
    from .test_running_program import SIXTEEN_I

    grown = scenario_from_dict({
        **SIXTEEN_I, "participants": {"referrals_per_month": "on_demand", "initial": 0},
        "employment": {"max_months": 9},
        "providers": [{"id": "cjd", "slots": {"2027-01": 1, "2027-04": 3}}]})
    assert sanity.horizon_exit_warnings(grown) == [
        "participants.referrals_per_month: 2 people who take a slot on demand after the "
        "start (entered 2027-04-01, tenure 0) reach employment.max_months with an exit on "
        f"2028-01-01, {HORIZON_ADVICE}"]
    assert _last_month(grown) == (2.0, 1.0)
    refilled = scenario_from_dict({
        **SIXTEEN_I, "participants": {"referrals_per_month": "on_demand", "initial": 0},
        "employment": {"max_months": 5, "refill_delay_months": 2}})
    assert sanity.horizon_exit_warnings(refilled, "de") == [
        "participants.referrals_per_month: bis zu 1 Person, die nach dem Beginn auf Abruf "
        "einen Platz erhält (Eintritt 2027-08-01, Verweildauer 0), erreicht "
        "employment.max_months mit einem Austritt am 2028-01-01, genau am Ende des "
        "Zeitraums: sie zählt als Austritte (max_duration) im Dezember 2027 und nicht in "
        "participants_at_end (ein Austritt am Ende des Zeitraums ist ein Austritt, obwohl sie "
        "bis zu seinem letzten Tag beschäftigt ist); an seinem letzten Tag beschäftigt sind "
        "participants_at_end und diese Austritte (unter den exits_max_duration im Dezember 2027, die "
        "finsim run in flows.csv schreibt und finsim size bei den Personen (Mittelwert) "
        "nennt), und ein Ziel für participants_at_end (size --target) wird ohne sie "
        "beurteilt"]
    assert _last_month(refilled) == (1.0, 0.0)
    assert sanity.horizon_exit_warnings(scenario_from_dict({
        **SIXTEEN_I, "participants": {"referrals_per_month": 0, "initial": 1},
        "employment": {"max_months": 5, "refill_delay_months": 2}})) == []  # no refill


def test_a_caseload_s_slots_taken_on_demand_reaching_max_months_at_the_end_are_said(
        tmp_path: Path) -> None:
    """A caseload file with ``on_demand``: the slot D freed on 2026-12-01 reopens after the
    refill delay; at the start (a month) its newcomer reaches max_months 12 on 2028-01-01.
    With max_months 6 and a delay of three months, A (in since 2026-10-01) leaves on
    2027-04-01 and their successor, entered 2027-07-01, leaves on 2028-01-01."""
    from .test_running_program import SIXTEEN_I, scenario_files

    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 2}],
            "participants": {"referrals_per_month": "on_demand", "initial": "caseload.csv"}}
    rows = "person,provider,entry,exit,exit_reason\nD,cjd,2026-01-01,2026-12-01,dropout\n"
    opened = load_scenario(scenario_files(
        tmp_path, {**data, "employment": {"max_months": 12, "refill_delay_months": 1}},
        f"{rows}A,cjd,2026-06-01,,\n"))
    assert sanity.horizon_exit_warnings(opened)[0].startswith(
        "participants.initial: 1 person in the slots at the start (caseload.csv and "
        "referrals_per_month: on_demand) reaches employment.max_months with an exit on "
        "2028-01-01, exactly at the period's end")
    assert _last_month(opened) == (1.0, 1.0)
    succeeded = load_scenario(scenario_files(
        tmp_path, {**data, "employment": {"max_months": 6, "refill_delay_months": 3}},
        f"{rows}A,cjd,2026-10-01,,\n"))
    assert sanity.horizon_exit_warnings(succeeded) == [
        "participants.referrals_per_month: up to 1 person who takes a slot on demand after "
        "the start (entered 2027-07-01, tenure 0) reaches employment.max_months with an exit "
        f"on 2028-01-01, {HORIZON_ADVICE}"]
    assert _last_month(succeeded) == (1.0, 1.0)


def test_people_of_a_warm_up_reaching_max_months_at_the_end_are_said() -> None:
    """A warm-up from 2027-01 (``period.simulate_from``) before a period 2027-07 + 6: the
    cohort in the slots at the program's start carries over and reaches its maximum when
    it would in a run straight through."""
    from .test_running_program import SIXTEEN_I

    period = {"start": "2027-07", "months": 6, "simulate_from": "2027-01"}
    cohort = scenario_from_dict({**SIXTEEN_I, "period": period, "employment": {"max_months": 12},
                                 "participants": {"referrals_per_month": 0, "initial": 1}})
    assert sanity.horizon_exit_warnings(cohort) == [
        "participants.initial: 1 person in the slots at the program's start in 2027-01 "
        "(period.simulate_from; initial: 1, tenure 0) reaches employment.max_months with an "
        f"exit on 2028-01-01, {HORIZON_ADVICE}"]
    assert sanity.horizon_exit_warnings(cohort, "de")[0].startswith(
        "participants.initial: 1 Person, die zu Beginn des Programms im Januar 2027 auf den Plätzen "
        "ist (period.simulate_from; initial: 1, Verweildauer 0), erreicht")
    assert _last_month(cohort) == (1.0, 0.0)


def test_a_participants_at_end_target_says_who_it_is_judged_without(tmp_path: Path) -> None:
    """size --target participants_at_end=3 of 3 slots whose caseload person A leaves on the
    day after the period: 4 slots, and the target's line says A is not among those at
    the end, beside the warning. The warning said to look in flows.csv, which size does
    not write: its People line (terminal, report.html) now gives the last month's
    max_duration exits, and the warning points there and to finsim run's flows.csv."""
    from .test_running_program import SIXTEEN_I, scenario_files

    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 3}],
            "participants": {"referrals_per_month": "on_demand", "initial": "caseload.csv"}}
    path = scenario_files(tmp_path, data, HORIZON_ROWS.split("B,")[0])
    result = CliRunner().invoke(main, [
        "size", str(path), "--start", "2027-01", "--months", "12", "--confidence", "0.9",
        "--target", "participants_at_end=3", "-n", "2", "--jobs", "1",
        "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[lines.index(
        "Slots: 4 at the peak (2027-01), every provider's schedule scaled to 133.3% (4 of "
        "the scenario's 3 slots in 2027-01, the count the search and --max-slots use); "
        "each at its own peak: cjd 4; binding: target participants_at_end=3") + 1] \
        == ("  target participants_at_end=3: 10% quantile 3.0 (90 % bootstrap interval 3.0 – "
            "3.0); without the 1 person in the slots at the start whose "
            "employment.max_months ends on 2028-01-01, the period's end: they count as exits "
            "(see the warning on participants.initial)")
    assert ("warning: participants.initial: 1 person in the slots at the start "
            "(caseload.csv) reaches employment.max_months with an exit on 2028-01-01") \
        in result.output
    # the warning sends the reader to size's People line for the exits (no flows.csv)
    assert "People line" in result.output and not (tmp_path / "s" / "flows.csv").exists()
    assert ("People (mean): 1.0 in the slots at the start, 3.0 new entries, 3.0 at the end "
            "(and 1.0 max_duration exits in 2027-12, among them those leaving on 2028-01-01); "
            "occupancy 100.0 % of the slots") in lines
    page = (tmp_path / "s" / "report.html").read_text(encoding="utf-8")
    assert ("Personen (Mittelwert): 1,0 zu Beginn auf den Plätzen, 3,0 neue Eintritte, 3,0 am "
            "Ende (und 1,0 Austritte (max_duration) im Dezember 2027, darunter die mit Austritt "
            "am 2028-01-01).") in page


FAST_LINE = (
    "employment.hazards.placement 0.6 and employment.hazards.dropout 0.5: each month 60% of "
    "the people in the slots are placed and 50% drop out, a mean stay of 0.6 months; 0.2 a "
    "month or more together (a mean stay under 5 months) is unusual, docs/sources.md 3.2 "
    "gives up to 2.6% placed and 1.5% dropping out a month: if 0.6 % and 0.5 % are meant, "
    "write 0.006 and 0.005")


def test_exit_hazards_typed_without_the_percent_are_warned(tmp_path: Path) -> None:
    """placement 0.6 and dropout 0.5 (0.6 % and 0.5 % a month typed without the percent)
    validated "ok"; a run placed 89 and lost 85 people at 6 % then 0 % occupancy, which
    the warning blamed on the referrals. Now validate and run say the hazards, in English
    and German, and the occupancy warning names the fast exits as the cause."""
    fast = tmp_path / "fast.yaml"
    fast.write_text(f"base: {SEED}\nemployment:\n  hazards: {{placement: 0.6, dropout: 0.5}}\n")
    scn = load_scenario(fast)
    assert sanity.exit_hazard_warnings(scn) == [FAST_LINE]
    assert sanity.exit_hazard_warnings(scn, "de") == [
        "employment.hazards.placement 0.6 und employment.hazards.dropout 0.5: jeden Monat "
        "werden 60 % der Teilnehmenden vermittelt und 50 % brechen ab, im Mittel bleiben sie "
        "0,6 Monate; zusammen 0,2 im Monat oder mehr (unter 5 Monaten im Mittel) ist "
        "ungewöhnlich, docs/sources.md 3.2 nennt bis 2,6 % Vermittlung und 1,5 % Abbruch im "
        "Monat: sind 0.6 % und 0.5 % gemeint, 0.006 und 0.005 schreiben"]
    validated = CliRunner().invoke(main, ["validate", str(fast)])
    assert validated.exit_code == 0, validated.output
    assert f"warning: {fast}: {FAST_LINE}\n" in validated.stderr
    result = run(RunSpec(scn, 3, 1, uncertainty=False), jobs=1)
    occupancy = sanity.occupancy_warnings(result)
    cause = ("people leave faster than the slots refill: employment.hazards.placement 0.6 + "
             "employment.hazards.dropout 0.5 a month, a mean stay of 0.6 months (see the "
             "warning on the exit hazards)")
    assert occupancy == [
        "occupancy in 2 years is under 50% of the slots (participants at month end, mean; "
        "each year with its occupancy, then participants of slots): 2013 6% (9.2 of 161); "
        f"2014 0% (0.2 of 161): {cause}"]
    assert "referrals" not in " ".join(occupancy)
    assert sanity.occupancy_warnings(result, "de")[0].endswith(
        "Teilnehmende scheiden schneller aus, als Plätze nachbesetzt werden: "
        "employment.hazards.placement 0.6 + employment.hazards.dropout 0.5 im Monat, im "
        "Mittel 0,6 Monate Verweildauer (siehe die Warnung zu den Austrittsraten)")
    assert FAST_LINE in sanity.sanity_warnings(result)


def test_a_provider_s_own_fast_exit_hazard_is_named_by_its_path(small_data) -> None:
    """A provider's own key over its own (beta's dropout 0.02): the line names the path
    each value comes from, a value within the sources' range gets no percent reading, and
    the program's hazards (1 % and 1.2 %), which alpha runs with, are not warned about;
    nor are the seed's. A provider's key left to the program's is named as the program's."""
    scn = variant(small_data, providers=[
        {"id": "beta", "employment": {"hazards": {"placement": 0.25}}}])
    assert sanity.exit_hazard_warnings(scn) == [
        "providers.beta.employment.hazards.placement 0.25 and providers.beta.employment."
        "hazards.dropout 0.02: each month 25% of the people in the slots are placed and 2% "
        "drop out, a mean stay of 3.2 months; 0.2 a month or more together (a mean stay under 5 months) is "
        "unusual, docs/sources.md 3.2 gives up to 2.6% placed and 1.5% dropping out a month: "
        "if 0.25 % is meant, write 0.0025"]
    assert sanity.exit_hazard_warnings(variant(small_data)) == []
    assert sanity.exit_hazard_warnings(load_scenario(SEED)) == []
    gamma = variant(small_data, providers=[
        {"id": "gamma", "slots": 5, "employment": {"hazards": {"placement": 0.3}}}])
    assert sanity.exit_hazard_warnings(gamma)[0].startswith(
        "providers.gamma.employment.hazards.placement 0.3 and employment.hazards.dropout "
        "0.012: each month 30% of the people in the slots are placed and 1% drop out")


LEAVING = {"hazards": {"placement": 0.02, "dropout": 0.01},
           "modifiers": [{"when": {"age": ["old"]}, "placement": 0.5}]}
"""Exit hazards of 2 % and 1 % a month (constant hazards -ln(0.98) and -ln(0.99)), half
the placement for the old: over t months a young person stays with probability
(0.98 x 0.99)^t, an old one 0.98^(t/2) x 0.99^t (``draws.staying``)."""


def test_people_who_may_leave_before_max_months_at_the_end_are_counted_up_to() -> None:
    """With exit hazards not everyone in the slots at the start reaches max_months: the
    line said "40 people ... reach" where about 30.5 do. It says "up to 40" and how many
    are expected to stay that long, the closed form over the mix (a quarter young), which
    a run's max_duration exits of the last month meet within their noise."""
    from .test_running_program import SIXTEEN_I

    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 40}],
            "participants": {"referrals_per_month": 0, "initial": 40,
                             "mix": {"age": {"young": 0.25, "old": 0.75}}},
            "employment": {"max_months": 12, **LEAVING}}
    scn = scenario_from_dict(data)
    (found,) = horizon_exits(scn)
    exact = 40 * (0.25 * (0.98 * 0.99) ** 12 + 0.75 * 0.98 ** 6 * 0.99 ** 12)
    assert (found.count, found.up_to) == (40, True)
    assert found.expected == pytest.approx(exact, rel=1e-12)  # 30.5115...
    assert sanity.horizon_exit_warnings(scn) == [
        "participants.initial: up to 40 people in the slots at the start (initial: 40, tenure "
        "0) reach employment.max_months with an exit on 2028-01-01 (about 30.5 expected to "
        f"stay that long: the others leave earlier by placement or dropout), {HORIZON_ADVICE}"]
    assert sanity.horizon_exit_warnings(scn, "de")[0].startswith(
        "participants.initial: bis zu 40 Personen, die zu Beginn auf den Plätzen sind "
        "(initial: 40, Verweildauer 0), erreichen employment.max_months mit einem Austritt am "
        "2028-01-01 (erwartet bleiben etwa 30,5 so lange: die anderen scheiden vorher durch "
        "Vermittlung oder Abbruch aus), genau am Ende des Zeitraums")
    result = run(RunSpec(scn, 400, 1), jobs=1)
    per_run = result.metric("exits_max_duration")  # all of them in 2027-12
    assert result.mean(result.aggregate.flows)[-1, -1, 4] == result.metric_mean(
        "exits_max_duration") == 30.4275
    assert abs(per_run.mean() - exact) < 3 * per_run.std() / np.sqrt(per_run.size)
    assert ("without the up to 40 people (about 30.5 expected) in the slots at the start "
            "whose") in sanity.horizon_note(scn, "participants_at_end")


def test_expected_stays_to_max_months_follow_each_one_s_attributes_and_entry(
        tmp_path: Path) -> None:
    """A caseload's people keep their own attributes (A old, B young: 12 months to
    2028-01-01 from the start), and slots added in 2027-04 fill then, their people with 9
    months of exit clocks to outlast (no modifier there)."""
    from .test_running_program import SIXTEEN_I, scenario_files

    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 3}],
            "participants": {"referrals_per_month": 0, "initial": "caseload.csv",
                             "mix": {"age": {"young": 0.25, "old": 0.75}}},
            "employment": {"max_months": 60, **LEAVING}}
    path = scenario_files(tmp_path, data, "person,provider,entry,exit,exit_reason,age\n"
                          "A,cjd,2023-01-01,,,old\nB,cjd,2023-01-01,,,young\n")
    (found,) = horizon_exits(load_scenario(path))
    assert found.expected == pytest.approx(0.98 ** 6 * 0.99 ** 12 + (0.98 * 0.99) ** 12,
                                           rel=1e-12)
    grown = scenario_from_dict({
        **SIXTEEN_I, "participants": {"referrals_per_month": "on_demand", "initial": 0},
        "employment": {"max_months": 9, "hazards": LEAVING["hazards"]},
        "providers": [{"id": "cjd", "slots": {"2027-01": 1, "2027-04": 3}}]})
    (later,) = horizon_exits(grown)
    assert (later.count, later.up_to) == (2, True)
    assert later.expected == pytest.approx(2 * (0.98 * 0.99) ** 9, rel=1e-12)
    assert sanity.horizon_exit_warnings(grown)[0].startswith(
        "participants.referrals_per_month: up to 2 people who take a slot on demand after the "
        "start (entered 2027-04-01, tenure 0) reach employment.max_months with an exit on "
        "2028-01-01 (about 1.5 expected to stay that long: ")


FAST_TAIL = ("0.2 a month or more together (a mean stay under 5 months) is unusual, "
             "docs/sources.md 3.2 gives up to 2.6% placed and 1.5% dropping out a month")
"""How every fast-exit line ends."""


def test_a_modifier_that_raises_the_hazards_to_fast_exits_is_warned(small_data) -> None:
    """placement 1 % and dropout 1.2 %, times 25 on the placement of the 50-59 year olds:
    that group is placed at 1 - 0.99^25 = 22 % a month, which the replications run with,
    yet only the scenario's own hazards were looked at and validate said nothing. A line
    per provider's rule (beta's own dropout 2 %), naming the hazards, the modifier and
    the group; a factor that lowers the hazards (the fixture's 0.6) is no warning."""
    scn = variant(small_data, employment={"modifiers": [
        {"when": {"age": "50-59"}, "placement": 25}]})
    assert sanity.exit_hazard_warnings(scn) == [
        f"employment.hazards.placement 0.01 and {dropout}, times employment.modifiers.0 "
        "(placement x 25): each month 22% of the people in the slots with age 50-59 are "
        f"placed and {dropped} drop out, a mean stay of {stay} months; {FAST_TAIL}"
        for dropout, dropped, stay in (("employment.hazards.dropout 0.012", "1%", "3.8"),
                                       ("providers.beta.employment.hazards.dropout 0.02",
                                        "2%", "3.7"))]
    assert sanity.exit_hazard_warnings(scn, "de")[0] == (
        "employment.hazards.placement 0.01 und employment.hazards.dropout 0.012, mal "
        "employment.modifiers.0 (placement mal 25): jeden Monat werden 22 % der "
        "Teilnehmenden mit age 50-59 vermittelt und 1 % brechen ab, im Mittel bleiben sie "
        "3,8 Monate; zusammen 0,2 im Monat oder mehr (unter 5 Monaten im Mittel) ist "
        "ungewöhnlich, docs/sources.md 3.2 nennt bis 2,6 % Vermittlung und 1,5 % Abbruch "
        "im Monat")
    (found, _) = sanity.fastest_groups(scn)
    assert found.placed == pytest.approx(1 - 0.99 ** 25, rel=1e-12)
    assert sanity.exit_hazard_warnings(variant(small_data)) == []


def test_a_hazard_draw_whose_upper_end_is_fast_exits_is_warned(small_data) -> None:
    """A draw of the modifier's factor up to 25 (its high), or the placement drawn as a
    factor up to 20 x 0.01 with the dropout from a normal (its 99 % quantile, 0.03526):
    the replications near that end empty the slots within months, though the scenario's
    own hazards are slow. Said where the run draws (validate, a run with uncertainty),
    each draw named with the value it reaches; not without draws."""
    factor = {"employment.modifiers.0.placement":
              {"dist": "triangular", "low": 0.5, "mode": 0.6, "high": 25}}
    scn = scenario_from_dict({**small_data, "uncertainty": factor})
    assert sanity.exit_hazard_warnings(scn) == []
    line = ("uncertainty: employment.modifiers.0.placement draws up to 25 (its high); where a "
            "replication draws it there, each month 22% of the people in the slots with age "
            "50-59 (employment.modifiers.0) are placed and 1% drop out, a mean stay of 3.8 "
            f"months; {FAST_TAIL}")
    assert sanity.drawn_exit_warnings(scn)[0] == line
    assert line in sanity.scenario_warnings(scn, 2, True)
    assert line not in sanity.scenario_warnings(scn, 2, False)
    both = scenario_from_dict({**small_data, "uncertainty": {
        "employment.hazards.placement": {"dist": "triangular", "low": 0.5, "mode": 1,
                                         "high": 20, "scale": True},
        "employment.hazards.dropout": {"dist": "normal", "mean": 0.012, "sd": 0.01}}})
    assert sanity.drawn_exit_warnings(both) == [
        "uncertainty: employment.hazards.placement draws up to 0.2 (its high 20 x 0.01) and "
        "employment.hazards.dropout draws up to 0.03526 (its 99% quantile); where a "
        "replication draws them there, each month 20% of the people in the slots are placed "
        f"and 4% drop out, a mean stay of 3.9 months; {FAST_TAIL}",
        "uncertainty: employment.hazards.placement draws up to 0.2 (its high 20 x 0.01); "
        "where a replication draws it there, each month 20% of the people in the slots are "
        f"placed and 2% drop out, a mean stay of 4.1 months; {FAST_TAIL}"]
    assert sanity.drawn_exit_warnings(both, "de")[1].startswith(
        "uncertainty: employment.hazards.placement zieht bis zu 0.2 (sein high 20 x 0.01); "
        "zieht eine Replikation ihn dort, gilt: jeden Monat werden 20 % der Teilnehmenden "
        "vermittelt und 2 % brechen ab")
    assert sanity.drawn_exit_warnings(variant(small_data)) == []  # up to 0.02: slow
    assert sanity.drawn_exit_warnings(load_scenario(SEED)) == []


def test_expected_stays_at_the_end_say_they_are_at_the_scenario_s_own_hazards() -> None:
    """The closed form of who stays to max_months uses the scenario's own hazards; where
    uncertainty draws them, a run scatters around it, so the line says so and names the
    draws (and size's note on a participants_at_end target); without draws (--no-uncertainty),
    neither says so."""
    from .test_running_program import SIXTEEN_I

    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 40}],
            "participants": {"referrals_per_month": 0, "initial": 40,
                             "mix": {"age": {"young": 0.25, "old": 0.75}}},
            "employment": {"max_months": 12, **LEAVING},
            "uncertainty": {"employment.modifiers.0.placement":
                            {"dist": "uniform", "low": 0.4, "high": 0.6}}}
    scn = scenario_from_dict(data)
    assert sanity.horizon_exit_warnings(scn) == [
        "participants.initial: up to 40 people in the slots at the start (initial: 40, tenure "
        "0) reach employment.max_months with an exit on 2028-01-01 (about 30.5 expected to "
        "stay that long at the scenario's own hazards: the others leave earlier by placement "
        "or dropout; uncertainty draws employment.modifiers.0.placement, so a run's exits "
        f"scatter around it), {HORIZON_ADVICE}"]
    assert sanity.horizon_exit_warnings(scn, "de")[0].startswith(
        "participants.initial: bis zu 40 Personen, die zu Beginn auf den Plätzen sind "
        "(initial: 40, Verweildauer 0), erreichen employment.max_months mit einem Austritt am "
        "2028-01-01 (erwartet bleiben etwa 30,5 so lange bei den eigenen Raten des "
        "Szenarios: die anderen scheiden vorher durch Vermittlung oder Abbruch aus; "
        "uncertainty zieht employment.modifiers.0.placement, die Austritte eines Laufs "
        "streuen darum), genau am Ende des Zeitraums")
    assert ("(about 30.5 expected to stay that long: the others leave earlier by placement "
            "or dropout), exactly") in sanity.horizon_exit_warnings(scn, draws=False)[0]
    assert ("without the up to 40 people (about 30.5 expected at the scenario's own "
            "hazards) in the slots at the start whose") in sanity.horizon_note(
        scn, "participants_at_end")
    assert ("without the up to 40 people (about 30.5 expected) in the slots at the start "
            "whose") in sanity.horizon_note(scn, "participants_at_end", draws=False)

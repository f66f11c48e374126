"""A re-forecast's lines where a variant or a range meets the actual spells: a range end
the spells refuse is named by the file's line, as ``run --set`` names it; a booked month
left forecast names as_of where it was given; slots that reach the actual months (and
re-cost their material) are warned about, with the schedule that changes them from
as_of on only."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from finsim.cli import main

from .test_actuals import SPELLS, files


def reforecast(tmp_path: Path, as_of: str = "2027-07") -> Path:
    """``test_actuals.files``' scenario (cjd, 2 slots; A and B in them from 2027-01) with
    an ``actuals:`` block as of ``as_of`` and material at 65.00 EUR a slot-month."""
    path = files(tmp_path, SPELLS)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["actuals"] = {"spells": "spells.csv", "as_of": as_of}
    data["costs"]["material"] = {"per_slot_month": 65.0}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output.splitlines()


def test_a_range_end_below_the_actual_spells_names_the_file_s_line(tmp_path: Path) -> None:
    """Two people are in cjd in 2027-01: slots 1 (the range's low end) cannot hold them.
    run --set names spells.csv:3; sensitivity the same line, its point in the hint."""
    path = reforecast(tmp_path)
    spells = tmp_path / "spells.csv"
    code, lines = invoke("run", str(path), "--set", "providers.cjd.slots=1", "-n", "2",
                         "--out", str(tmp_path / "run"))
    assert (code, lines) == (2, [
        f"{spells}:3: provider: 2 people at cjd in 2027-01, which has 1 slot then "
        "(given: 'cjd')"])
    for method in ("oat", "morris"):
        code, lines = invoke("sensitivity", str(path), "--method", method, "--param",
                             "providers.cjd.slots=1:3", "-n", "2",
                             "--out", str(tmp_path / method))
        assert (code, lines) == (2, [
            f"{spells}:3: provider: 2 people at cjd in 2027-01, which has 1 slot then "
            "(given: 'cjd') — at providers.cjd.slots=1 (--param): narrow the range"])
        assert not (tmp_path / method).exists()


def test_python_sensitivity_names_the_file_s_line_too(tmp_path: Path) -> None:
    import pytest

    import finsim
    from finsim.scenario import ScenarioError

    scn = finsim.load(reforecast(tmp_path))
    with pytest.raises(ScenarioError) as err:
        finsim.sensitivity(scn, params={"providers.cjd.slots": (1, 3)}, replications=2)
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'spells.csv'}:3: provider: 2 people at cjd in 2027-01, which has 1 slot "
        "then (given: 'cjd') — at providers.cjd.slots=1 (finsim.sensitivity: params): "
        "narrow the range"]


def test_a_slot_cut_in_an_actual_month_names_the_schedule(tmp_path: Path) -> None:
    """cjd cut from 2 slots to 1 in 2027-03 with A and B in them at its start: the
    schedule is what is wrong (its key's file and line, or --set), not the spells file,
    whose line names B, present; the same cut from as_of (2027-07) on runs."""
    path = reforecast(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["providers"] = [{"id": "cjd", "slots": {"2027-01": 2, "2027-03": 1}}]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("    2027-03: 1") + 1
    said = ("providers.cjd.slots.2027-03: 1 slot from 2027-03, an actual month, where the "
            f"spells put 2 people at cjd at its start ({tmp_path / 'spells.csv'}:3: B among "
            "them, in a slot since 2026-07-01): the slots of the actual months hold the "
            "people actually there, so a cut can start from as_of (2027-07) on")
    out = ["-n", "2", "--jobs", "1", "--out", str(tmp_path / "out")]
    assert invoke("run", str(path), *out) == (2, [f"{path}:{line}: {said}"])
    data["providers"] = [{"id": "cjd", "slots": 2}]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert invoke("run", str(path), "--set", "providers.cjd.slots={2027-01: 2, 2027-03: 1}",
                  *out) == (2, [f"{path} (--set): {said}"])
    assert not (tmp_path / "out").exists()
    code, _ = invoke("run", str(path), "--set", "providers.cjd.slots={2027-01: 2, 2027-07: 1}",
                     *out)
    assert code == 0


BOOKED = "month,provider,category,amount\n2027-06,cjd,wages,100.00\n"


def booked_reforecast(tmp_path: Path) -> tuple[Path, Path, Path]:
    """``reforecast`` as of 2027-07 with 2027-06 booked, a variant over it (cjd 3 slots)
    and the booked file: an as_of of 2027-06 leaves the booked month forecast."""
    path = reforecast(tmp_path)
    (tmp_path / "booked.csv").write_text(BOOKED, encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["actuals"]["booked"] = "booked.csv"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    variant = tmp_path / "more.yaml"
    variant.write_text(f"name: more\nbase: {path.name}\nproviders:\n  - id: cjd\n    slots: 3\n",
                       encoding="utf-8")
    return path, variant, tmp_path / "booked.csv"


def forecast_line(booked: Path, said: str) -> str:
    return (f"{booked}:2: month: expected a month of the actual part (2027-01 to 2027-05; "
            f"{said} is forecast) (given: '2027-06')")


def test_a_booked_month_left_forecast_names_as_of_where_it_was_given(tmp_path: Path) -> None:
    """run --as-of names the option; --set (run, sensitivity) the key and the scenario; the
    file's key its line; compare each scenario's as_of (its own file's --set)."""
    path, variant, booked = booked_reforecast(tmp_path)
    out = ["-n", "2", "--out", str(tmp_path / "out")]
    assert invoke("run", str(path), "--as-of", "2027-06", *out) == (
        2, [forecast_line(booked, "--as-of 2027-06")])
    by_set = forecast_line(booked, f"actuals.as_of 2027-06 of {path} (--set)")
    assert invoke("run", str(path), "--set", "actuals.as_of=2027-06", *out) == (2, [by_set])
    assert invoke("sensitivity", str(path), "--set", "actuals.as_of=2027-06", "--param",
                  "providers.cjd.slots=2:4", *out) == (2, [by_set])
    assert invoke("compare", str(path), str(variant), "--set", "actuals.as_of=2027-06",
                  *out) == (2, [by_set, forecast_line(
                      booked, f"actuals.as_of 2027-06 of {variant} (--set)")])
    text = path.read_text(encoding="utf-8").replace("as_of: 2027-07", "as_of: 2027-06")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  as_of: 2027-06") + 1
    in_file = forecast_line(booked, f"actuals.as_of 2027-06 of {path}:{line}")
    assert invoke("run", str(path), *out) == (2, [in_file])
    assert invoke("compare", str(path), str(variant), *out) == (2, [in_file])
    assert not (tmp_path / "out").exists()


def slots_line(given: str, against: str, slots: str, moved: str, advice: str) -> str:
    return (f"{given} applies to the actual months too: {slots} slots in 2027-01 to 2027-06 "
            f"where {against}, so their material moves by {moved} EUR; {advice}")


SCHEDULE = "providers.cjd.slots: {2027-01: 2, 2027-07: 3}"
CHANGE = f"to change the slots from as_of on only, give a schedule: {SCHEDULE}"


def actual_material(folder: Path) -> float:
    """cjd's material in the actual months of a run's ledger.csv, all funders."""
    import pandas as pd

    ledger = pd.read_csv(folder / "ledger.csv")
    cells = ledger[(ledger.basis == "actual") & (ledger.category == "material")
                   & (ledger.provider == "cjd")]
    return round(float(cells.amount.sum()), 2)  # the mean: the same in every replication


def test_slots_that_reach_the_actual_months_are_warned_about_with_the_money(
        tmp_path: Path) -> None:
    """cjd 3 slots against 2: 1 slot x 65.00 x 6 actual months = 390.00 EUR, less 2027-06,
    whose material is booked (the booked cell stands whatever the slots): 325.00. The
    ledgers of the two runs differ by just that; with the schedule the line gives, BASE
    and the alternative agree in the actual months."""
    path, variant, booked = booked_reforecast(tmp_path)
    booked.write_text("month,provider,category,amount\n2027-06,cjd,material,100.00\n",
                      encoding="utf-8")
    n = ["-n", "2", "--jobs", "1"]
    code, lines = invoke("compare", str(path), str(variant), *n, "--out", str(tmp_path / "c"))
    assert code == 0
    assert [line for line in lines if "actual months too" in line] == [
        "warning: more.yaml: " + slots_line("providers.cjd.slots", "BASE has 2", "3",
                                            "+325.00", CHANGE)]
    code, lines = invoke("run", str(path), "--set", "providers.cjd.slots=3", *n,
                         "--out", str(tmp_path / "r3"))
    assert [line for line in lines if "actual months too" in line] == [
        "warning: " + slots_line("providers.cjd.slots (--set)", "scenario.yaml has 2", "3",
                                 "+325.00", CHANGE)]
    code, lines = invoke("size", str(path), "--start", "2027-01", "--months", "12",
                         "--confidence", "0.9", "--set", "providers.cjd.slots=3", *n,
                         "--out", str(tmp_path / "z"))
    assert [line for line in lines if "actual months too" in line] == [
        "warning: " + slots_line("providers.cjd.slots (--set)", "scenario.yaml has 2", "3",
                                 "+325.00", CHANGE)]
    invoke("run", str(path), *n, "--out", str(tmp_path / "r2"))
    assert actual_material(tmp_path / "r3") - actual_material(tmp_path / "r2") == 325.0
    code, lines = invoke("compare", str(path), str(variant), *n, "--set",
                         "providers.cjd.slots={2027-01: 2, 2027-07: 3}",
                         "--out", str(tmp_path / "s"))
    assert code == 0  # BASE and more alike in the actual months: no comparison line;
    # more's own file has 3 there, which the --set moves (its run line, as run says it)
    assert [line for line in lines if "actual months too" in line] == [
        "warning: more: " + slots_line(
            "providers.cjd.slots (--set)", "more.yaml has 3", "2", "-325.00",
            "to change the slots from as_of on only, give a schedule: providers.cjd.slots: "
            "{2027-01: 3, 2027-07: 3}")]


def test_a_set_of_slots_warns_with_the_actuals_given_on_the_command_line(
        tmp_path: Path) -> None:
    """--actuals/--as-of/--booked are overrides too: the reference is the file with them
    (without, it has no actual months and the --set moved 325.00 EUR unsaid); run and
    size give the line the scenario's own actuals: block gives."""
    path, _, booked = booked_reforecast(tmp_path)
    booked.write_text("month,provider,category,amount\n2027-06,cjd,material,100.00\n",
                      encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["actuals"]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    given = ["--actuals", str(tmp_path / "spells.csv"), "--as-of", "2027-07",
             "--booked", str(booked), "--set", "providers.cjd.slots=3", "-n", "2",
             "--jobs", "1"]
    line = "warning: " + slots_line("providers.cjd.slots (--set)", "scenario.yaml has 2",
                                    "3", "+325.00", CHANGE)
    code, lines = invoke("run", str(path), *given, "--out", str(tmp_path / "r"))
    assert code == 0 and [x for x in lines if "actual months too" in x] == [line]
    code, lines = invoke("size", str(path), "--start", "2027-01", "--months", "12",
                         "--confidence", "0.9", *given, "--out", str(tmp_path / "z"))
    assert code == 0 and [x for x in lines if "actual months too" in x] == [line]


def test_a_slot_range_says_the_material_it_moves_in_the_actual_months(tmp_path: Path) -> None:
    """2:4 around the scenario's 2: the low end moves nothing, the high end 2 x 65.00 x 6
    = 780.00 EUR; the advice ranges a month of a schedule, which then warns no more."""
    path = reforecast(tmp_path)
    out = ["-n", "2", "--jobs", "1"]
    code, lines = invoke("sensitivity", str(path), "--param", "providers.cjd.slots=2:4", *out,
                         "--out", str(tmp_path / "a"))
    assert code == 0
    assert [line for line in lines if "actual months too" in line] == [
        "warning: " + slots_line(
            "providers.cjd.slots (--param)", "the scenario has 2", "2 to 4", "0.00 to +780.00",
            "to vary the slots from as_of on only, give them as a schedule with a month "
            "2027-07 (providers.cjd.slots: {2027-01: 2, 2027-07: 2}) and range that month: "
            "--param providers.cjd.slots.2027-07=LOW:HIGH")]
    code, lines = invoke("sensitivity", str(path), "--set",
                         "providers.cjd.slots={2027-01: 2, 2027-07: 2}", "--param",
                         "providers.cjd.slots.2027-07=2:4", *out, "--out", str(tmp_path / "b"))
    assert code == 0 and not [line for line in lines if "actual months too" in line]


def test_a_slot_cut_that_an_entry_in_its_month_passes_names_the_schedule(
        tmp_path: Path) -> None:
    """cjd cut from 2 slots to 1 in 2027-04: A leaves on its first day, so B alone is
    there at its start, and C's entry on 2027-04-10 makes 2. Before, the line blamed the
    spells file ('spells.csv:4: provider: 2 people at cjd in 2027-04, which has 1 slot
    then (given: 'cjd')'), as if C's provider were wrong; the cut is the schedule's, as a
    cut below the people at the month's start is."""
    path = files(tmp_path, SPELLS + "C,cjd,2027-04-10,,\n")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["actuals"] = {"spells": "spells.csv", "as_of": "2027-07"}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = ["-n", "2", "--jobs", "1", "--out", str(tmp_path / "out")]
    assert invoke("run", str(path), "--set", "providers.cjd.slots={2027-01: 2, 2027-04: 1}",
                  *out) == (2, [
        f"{path} (--set): providers.cjd.slots.2027-04: 1 slot from 2027-04, an actual "
        "month, where the spells put 2 people at cjd just after an entry in it "
        f"({tmp_path / 'spells.csv'}:4: C, entering 2027-04-10): the slots of the actual "
        "months hold the people actually there, so a cut can start from as_of (2027-07) on"])
    code, lines = invoke("run", str(path), "--set", "providers.cjd.slots=1", *out)
    assert (code, lines) == (2, [  # no cut: 1 slot all along, the file's lines
        f"{tmp_path / 'spells.csv'}:{row}: provider: 2 people at cjd in {month}, which has "
        "1 slot then (given: 'cjd')" for row, month in ((3, "2027-01"), (4, "2027-04"))])
    assert not (tmp_path / "out").exists()


def coaching(tmp_path: Path) -> tuple[Path, Path]:
    """``reforecast`` (as of 2027-07) with a coach at 60,000.00 EUR a year for 10
    participants, 10 % overhead on staff, and a variant with 5 participants per coach."""
    path = reforecast(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["costs"]["staff"] = {"coach_cost_per_year": 60000.0, "participants_per_coach": 10}
    data["costs"]["overhead"] = {"rate_on_staff": 0.1}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    variant = tmp_path / "coach.yaml"
    variant.write_text(f"name: coach\nbase: {path.name}\ncosts:\n  staff:\n"
                       "    participants_per_coach: 5\n", encoding="utf-8")
    return path, variant


def actual_cost(folder: Path, category: str) -> float:
    """A category's cost in the actual months of a run's ledger.csv, all funders."""
    import pandas as pd

    ledger = pd.read_csv(folder / "ledger.csv")
    cells = ledger[(ledger.basis == "actual") & (ledger.category == category)]
    return round(float(cells.amount.sum()), 2)


def recost_line(against: str, how: str = "") -> str:
    return (f"the actual months 2027-01 to 2027-06 cost otherwise{how} than in {against}: "
            "staff +4,500.00 EUR, overhead +450.00 EUR, though they already happened; to "
            "change a cost from as_of on only, give it as a schedule with a month 2027-07 "
            "(where the key takes one), or book those months' costs (actuals.booked): "
            "booked cells replace the computed ones")


def test_a_coaching_ratio_that_re_costs_the_actual_months_is_warned_about(
        tmp_path: Path) -> None:
    """A 3 months and B 6 in the actual months: 9 participant-months, 0.9 coach-months
    at 10 per coach, 1.8 at 5, x 5,000.00 EUR: staff +4,500.00, overhead 10 % of it
    +450.00; the ledgers of the two runs differ by just that. Before, compare and run
    --set re-costed those months without a word (only slots were told)."""
    path, variant = coaching(tmp_path)
    n = ["-n", "2", "--jobs", "1"]
    code, lines = invoke("compare", str(path), str(variant), *n, "--out", str(tmp_path / "c"))
    assert code == 0
    assert [x for x in lines if "actual months" in x] == [
        "warning: coach.yaml: " + recost_line("BASE")]
    code, lines = invoke("compare", str(path), str(variant), *n, "--strict",
                         "--out", str(tmp_path / "s"))  # coach.yaml's months: its file first
    assert code == 2 and [x for x in lines if "actual months" in x] == [
        f"{variant}: --strict: coach.yaml: " + recost_line("BASE")]
    code, lines = invoke("run", str(path), "--set", "costs.staff.participants_per_coach=5",
                         *n, "--out", str(tmp_path / "r5"))
    assert code == 0
    assert [x for x in lines if "actual months" in x] == [
        "warning: " + recost_line("scenario.yaml", " with --set")]
    invoke("run", str(path), *n, "--out", str(tmp_path / "r10"))
    assert [round(actual_cost(tmp_path / "r5", c) - actual_cost(tmp_path / "r10", c), 2)
            for c in ("staff", "overhead")] == [4500.0, 450.0]


def test_a_cost_changed_from_as_of_on_or_booked_is_not_warned_about(tmp_path: Path) -> None:
    """A coach's cost dated from as_of on moves only forecast months; with the actual
    months' staff and overhead booked, the ratio moves no cost there: no line either."""
    path, variant = coaching(tmp_path)
    n = ["-n", "2", "--jobs", "1"]
    code, lines = invoke("run", str(path), "--set",
                         "costs.staff.coach_cost_per_year={2027-01: 60000, 2027-07: 90000}",
                         *n, "--out", str(tmp_path / "r"))
    assert code == 0 and not [x for x in lines if "actual months" in x]
    rows = "".join(f"2027-0{m},cjd,{c},1.00\n" for m in range(1, 7)
                   for c in ("staff", "overhead"))
    (tmp_path / "booked.csv").write_text("month,provider,category,amount\n" + rows,
                                         encoding="utf-8")
    code, lines = invoke("compare", str(path), str(variant), *n, "--set",
                         "actuals.booked=booked.csv", "--out", str(tmp_path / "c"))
    assert code == 0 and not [x for x in lines if "actual months" in x]


def test_the_re_costing_line_in_german(tmp_path: Path) -> None:
    import finsim
    from finsim.analysis.actual_slots import comparison_recost_warnings

    path, variant = coaching(tmp_path)
    assert comparison_recost_warnings([finsim.load(path), finsim.load(variant)],
                                      ["scenario.yaml", "coach.yaml"], "de") == [
        "coach.yaml: die Ist-Monate Januar 2027 bis Juni 2027 kosten anders als in BASE: "
        "„Personalkosten Anleitung, Betreuung, Leitung“ (category: staff) +4.500,00 EUR, "
        "„Verwaltungs- und Gemeinkosten“ (category: overhead) +450,00 EUR, obwohl sie schon "
        "vergangen sind; Kosten nur ab as_of ändern: als Zeitplan mit einem Monat 2027-07 "
        "(wo der Schlüssel einen nimmt), oder die Kosten dieser Monate buchen "
        "(actuals.booked): gebuchte Zellen ersetzen die berechneten Kosten"]


def test_a_cost_range_that_re_costs_the_actual_months_is_warned_about(
        tmp_path: Path) -> None:
    """A coach's cost 50,000:70,000 around 60,000: 0.9 coach-months in the actual months
    x -/+ 10,000 / 12 = staff -750.00 to +750.00 EUR, overhead 10 % of it; one line for
    the range, as run --set and compare give one. Before, sensitivity told slots only;
    the advice (a schedule with a month at as_of, that month ranged) warns no more."""
    path, _ = coaching(tmp_path)
    out = ["-n", "2", "--jobs", "1", "--metric", "cost_total"]
    code, lines = invoke("sensitivity", str(path), "--param",
                         "costs.staff.coach_cost_per_year=50000:70000", *out,
                         "--out", str(tmp_path / "a"))
    assert code == 0
    assert [x for x in lines if "actual months" in x] == [
        "warning: the actual months 2027-01 to 2027-06 cost otherwise with "
        "costs.staff.coach_cost_per_year (--param) than in the scenario: staff -750.00 to "
        "+750.00 EUR, overhead -75.00 to +75.00 EUR, though they already happened; to "
        "change a cost from as_of on only, give it as a schedule with a month 2027-07 "
        "(where the key takes one) and range that month (--param "
        "costs.staff.coach_cost_per_year.2027-07=LOW:HIGH), or book those months' costs "
        "(actuals.booked): booked cells replace the computed ones"]
    code, lines = invoke("sensitivity", str(path), "--set",
                         "costs.staff.coach_cost_per_year={2027-01: 60000, 2027-07: 60000}",
                         "--param", "costs.staff.coach_cost_per_year.2027-07=50000:70000",
                         *out, "--out", str(tmp_path / "b"))
    assert code == 0 and not [x for x in lines if "actual months" in x]
    code, lines = invoke("sensitivity", str(path), "--param",
                         "costs.staff.coach_cost_per_year=50000:70000", *out, "--strict",
                         "--out", str(tmp_path / "c"))
    assert code == 2 and any(line.startswith(  # beside the scenario's own (a stale file)
        f"{path}: --strict: the actual months 2027-01 to 2027-06 cost otherwise with "
        "costs.staff.coach_cost_per_year (--param)") for line in lines)


def test_a_cost_range_s_line_in_german(tmp_path: Path) -> None:
    import finsim
    from finsim.analysis.actual_slots import range_recost_warnings
    from finsim.analysis.ranges import Param

    path, _ = coaching(tmp_path)
    params = (Param("costs.staff.participants_per_coach", 5, 10),)
    assert range_recost_warnings(finsim.load(path), params, "de") == [
        "die Ist-Monate Januar 2027 bis Juni 2027 kosten mit costs.staff.participants_per_coach "
        "(--param) anders als in dem Szenario: „Personalkosten Anleitung, Betreuung, "
        "Leitung“ (category: staff) 0,00 bis +4.500,00 EUR, „Verwaltungs- und "
        "Gemeinkosten“ (category: overhead) 0,00 bis +450,00 EUR, obwohl sie schon "
        "vergangen sind; Kosten nur ab as_of ändern: als Zeitplan mit einem Monat 2027-07 "
        "(wo der Schlüssel einen nimmt) und diesen Monat variieren (--param "
        "costs.staff.participants_per_coach.2027-07=LOW:HIGH), oder die Kosten dieser "
        "Monate buchen (actuals.booked): gebuchte Zellen ersetzen die berechneten Kosten"]


def uncertain_coach(tmp_path: Path, as_of: str) -> Path:
    """``coaching`` as of ``as_of`` with the coach's cost uncertain, uniform on 50,000 to
    70,000 EUR a year: its range for sensitivity is 52,000:68,000 (10th to 90th
    percentile)."""
    path, _ = coaching(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["actuals"]["as_of"] = as_of
    data["uncertainty"] = {"costs.staff.coach_cost_per_year":
                           {"dist": "uniform", "low": 50000, "high": 70000}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def cost_swing(folder: Path) -> float:
    """The cost_total swing of the coach's cost in a sensitivity folder, in EUR."""
    import pandas as pd

    table = pd.read_csv(folder / "sensitivity.csv")
    return float(table.set_index("metric").loc["cost_total", "swing"])


def test_an_uncertainty_range_acts_from_as_of_on_and_says_so(tmp_path: Path) -> None:
    """A range from the uncertainty block acts from as_of on, as a run's draws do: with
    every month actual (as_of 2028-01) the coach's cost moves no cent of cost_total, and
    no re-costing warning is given, where a --param range of the same ends swings by
    the year's 1.5 coach-months x 16,000 / 12 and 10 % overhead (2,200.08 EUR, its
    cells in whole cents); the terminal's range line says which months the swing
    covers."""
    path = uncertain_coach(tmp_path, "2028-01")
    out = ["-n", "2", "--jobs", "1", "--metric", "cost_total"]
    code, lines = invoke("sensitivity", str(path), *out, "--out", str(tmp_path / "a"))
    assert code == 0
    assert cost_swing(tmp_path / "a") == 0.0
    assert not [x for x in lines if "actual months" in x and x.startswith("warning:")]
    assert [x for x in lines if x.startswith("range = ")] == [
        "range = the scenario's uncertainty block: each distribution's 10th to 90th "
        "percentile, the middle 80 % of its draws; on this re-forecast they act from as_of "
        "(2028-01) on, as a run's draws do: the actual months 2027-01 to 2027-12 cost the "
        "scenario's values at every point"]
    code, lines = invoke("sensitivity", str(path), *out, "--param",
                         "costs.staff.coach_cost_per_year=52000:68000",
                         "--out", str(tmp_path / "b"))
    assert code == 0 and cost_swing(tmp_path / "b") == 2200.08
    assert not [x for x in lines if x.startswith("range = ")]


def test_an_uncertainty_range_s_swing_is_the_forecast_s(tmp_path: Path) -> None:
    """As of 2027-07 the uncertainty block's 52,000:68,000 swings the forecast months
    only: the --param range of the same ends swings by the actual months' 0.9
    coach-years x 16,000 / 12 more, staff 1,200.00 and overhead 120.00 EUR."""
    path = uncertain_coach(tmp_path, "2027-07")
    out = ["-n", "2", "--jobs", "1", "--metric", "cost_total"]
    assert invoke("sensitivity", str(path), *out, "--out", str(tmp_path / "a"))[0] == 0
    assert invoke("sensitivity", str(path), *out, "--param",
                  "costs.staff.coach_cost_per_year=52000:68000",
                  "--out", str(tmp_path / "b"))[0] == 0
    assert round(cost_swing(tmp_path / "b") - cost_swing(tmp_path / "a"), 2) == 1320.0


def test_the_uncertainty_range_line_in_german(tmp_path: Path) -> None:
    import finsim
    from finsim.analysis.ranges import uncertainty_params
    from finsim.report.sensitivity import range_source

    scn = finsim.load(uncertain_coach(tmp_path, "2027-07"))
    assert range_source(tuple(uncertainty_params(scn)), "de", scn) == (
        "uncertainty-Block des Szenarios: 10. bis 90. Perzentil jeder Verteilung, die "
        "mittleren 80 % ihrer Ziehungen; in dieser Hochrechnung wirken sie ab as_of "
        "(2027-07), wie die Ziehungen eines Laufs: die Ist-Monate Januar 2027 bis Juni 2027 "
        "kosten an jedem Punkt die Werte des Szenarios")

"""``finsim compare`` of a plan against its re-forecast: both peaks over the same months,
and the Δ of cost split where the re-forecast's months are facts, by hand.

The plan: one §16i person in a slot since 2024-07-01 (tenure year 3 until 2027-07, then
year 4), 2,960.88 EUR of wages a month; the Jobcenter pays 90 % of them (2,664.79) up to
2027-06 and 80 % (2,368.70) after, per quarter, 2 months after the quarter's end (Q1 in
June, Q2 in September, Q3 in December, Q4 in March 2028); the month-36 module (1,000.00)
falls due in 2027-07, the Land paying at once. The re-forecast as of 2027-07: the person
dropped out on 2027-04-01, so Q1's 3 x 2,664.79 = 7,994.37 is all it pre-finances, paid
back in June.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from finsim.analysis.compare import peak_from, peak_window
from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.scenario import Month, load_scenario

from .conftest import compared_output
from .test_running_program import SIXTEEN_I

HEADER = "person,provider,entry,exit,exit_reason\n"


def plan_and_reforecast(tmp_path: Path) -> tuple[Path, Path]:
    quarterly = {**SIXTEEN_I["funding"][0], "payment": {"every": "quarter", "lag_months": 2}}
    plan = {**SIXTEEN_I, "name": "plan", "funding": [quarterly, *SIXTEEN_I["funding"][1:]]}
    (tmp_path / "caseload.csv").write_text(HEADER + "A-1,cjd,2024-07,,\n", encoding="utf-8")
    (tmp_path / "spells.csv").write_text(HEADER + "A-1,cjd,2024-07,2027-04,dropout\n",
                                         encoding="utf-8")
    paths = tmp_path / "plan.yaml", tmp_path / "rf.yaml"
    paths[0].write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    paths[1].write_text(yaml.safe_dump({"base": "plan.yaml", "name": "rf", "actuals": {
        "spells": "spells.csv", "as_of": "2027-07"}}), encoding="utf-8")
    return paths


def compared(tmp_path: Path, lang: str = "en") -> tuple[list[str], Path]:
    """The plan against its re-forecast: the terminal's lines and the results folder."""
    out = tmp_path / "out"
    return compared_output(out, *plan_and_reforecast(tmp_path), lang=lang).splitlines(), out


def page(out: Path) -> str:
    """report.html in ``out``, its entities read (``“rf”``, not ``&#8220;``)."""
    return html.unescape((out / "report.html").read_text(encoding="utf-8"))


def notes(lines: list[str]) -> list[str]:
    """The lines under the key figures that split the Δ of cost, give the people at as_of,
    head the table by year or say the peak's months."""
    return [line for line in lines
            if line.startswith(("Δ cost", "Peak pre-financing:", "People at", "By calendar"))]


SPLIT = {
    "en": "Δ cost of “rf” against BASE: -27,648 EUR, of it -8,883 (90 % interval -8,883 – "
          "-8,883) in 2027-01 – 2027-06, the actual months (simulated months against the "
          "actual ones, not an effect of the scenario), and -18,765 (90 % interval -18,765 "
          "– -18,765) from 2027-07 on (both forecasts from different starting points that "
          "share only the drawn parameters: the interval shows how much of it is chance); "
          "each part with the 90 % interval of its paired differences",
    "de": "Δ Kosten von „rf“ gegenüber BASE: -27.648 EUR, davon -8.883 (90-%-Intervall "
          "-8.883 – -8.883) von Januar 2027 bis Juni 2027, den Ist-Monaten (simulierte "
          "Monate gegenüber den tatsächlichen, keine Wirkung des Szenarios), und -18.765 "
          "(90-%-Intervall -18.765 – -18.765) ab Juli 2027 (beides Prognosen von "
          "verschiedenen Ausgangslagen, die nur die gezogenen Parameter teilen: das "
          "Intervall zeigt, wie viel davon Zufall ist); jeder Teil mit dem 90-%-Intervall "
          "seiner gepaarten Differenzen"}
PEOPLE = {
    "en": "People at the start of the forecast 2027-07 (the end of 2027-06): in the slots "
          "BASE 1.0 (90 % interval 1.0 – 1.0), “rf” 0 (actual), Δ -1.0 (90 % interval -1.0 "
          "– -1.0); waiting BASE 0.0 (90 % interval 0.0 – 0.0), “rf” 0 (actual), Δ 0.0 (90 "
          "% interval 0.0 – 0.0)",
    "de": "Personen zu Beginn der Prognose Juli 2027 (Ende Juni 2027): auf den Plätzen BASE "
          "1,0 (90-%-Intervall 1,0 – 1,0), „rf“ 0 (Ist), Δ -1,0 (90-%-Intervall -1,0 – "
          "-1,0); auf einen Platz wartend BASE 0,0 (90-%-Intervall 0,0 – 0,0), „rf“ 0 (Ist), "
          "Δ 0,0 (90-%-Intervall 0,0 – 0,0)"}
PEAK = {
    "en": "Peak pre-financing: every scenario's from 2027-07 on, the first forecast month "
          "of “rf”, with the balance of the months before carried in, so that each Δ spans "
          "the same months (finsim run takes a plan's over all its months, those already "
          "past included).",
    "de": "Höchste Vorfinanzierung: für jedes Szenario ab Juli 2027, dem ersten "
          "Prognosemonat von „rf“, mit dem Kassenstand der Monate davor als Übertrag, so "
          "dass jedes Δ dieselben Monate umfasst (finsim run nimmt die eines Plans über alle "
          "seine Monate, auch die schon vergangenen)."}
WHEN = {
    "en": "Peak pre-financing: the mean of each replication's lowest balance; BASE: plan: "
          "most often in 2027-08 (100.0 % of replications); rf: no provider pre-finances "
          "anything",
    "de": "Höchste Vorfinanzierung: Mittel des tiefsten Kassenstands jeder Replikation; "
          "BASE: plan: am häufigsten im August 2027 (in 100,0 % der Replikationen); rf: kein "
          "Träger muss vorfinanzieren"}
"""The month most of each scenario's lows fall in, from 2027-07 on: the plan's in August
(Q2 owed until September, July's and August's on top), in both replications; the
re-forecast owes nothing then."""
ASK = {
    "en": "What changes against the base scenario (BASE)? Before 2027-07, in the actual "
          "months of “rf”, a difference sets simulated months against the actual ones: it "
          "is not an effect of the scenario. From 2027-07 on both are forecasts from "
          "different starting points (simulated people against the actual ones) that share "
          "only the parameters drawn for each replication, not the events: part of a "
          "difference is chance, and its 90 % interval shows how much. The line under the "
          "key figures splits the Δ of cost there.",
    "de": "Was ändert sich gegenüber dem Basisszenario (BASE)? Vor Juli 2027, in den "
          "Ist-Monaten von „rf“, stellt eine Differenz simulierte Monate den tatsächlichen "
          "gegenüber: sie ist keine Wirkung des Szenarios. Ab Juli 2027 sind beide Prognosen "
          "von verschiedenen Ausgangslagen (simulierte Personen gegenüber den "
          "tatsächlichen), die nur die je Replikation gezogenen Parameter teilen, nicht die "
          "Ereignisse: ein Teil einer Differenz ist Zufall, und ihr 90-%-Intervall zeigt, "
          "wie viel. Die Zeile unter den Kennzahlen teilt das Δ der Kosten dort auf."}


def test_the_plan_s_peak_is_taken_from_the_re_forecast_s_as_of_on(tmp_path: Path) -> None:
    """The plan alone is lowest in 2027-05: 5 x 2,664.79 = 13,323.95 owed, a month that
    is past for the re-forecast. From 2027-07 on, its balance carried in, it is lowest in
    August: Q2's 3 x 2,664.79 and July's and August's 2 x 2,368.70 = 12,731.77. The
    re-forecast owes nothing from July on. So the Δ is -12,731.77 (over every month for
    the plan it was -13,323.95), and the terminal, comparison.csv and compare.json say
    over which months."""
    lines, out = compared(tmp_path)
    plan = load_scenario(tmp_path / "plan.yaml")
    assert run(RunSpec(plan, 2, 1), jobs=1).metric("peak_prefinancing").tolist() == [
        13323.95, 13323.95]  # finsim run's: every month
    peak = pd.read_csv(out / "comparison.csv").query("metric == 'peak_prefinancing'")
    assert peak[["scenario", "mean", "delta_mean", "peak_from"]].values.tolist() == [
        ["plan", 12731.77, 0.0, "2027-07"], ["rf", 0.0, -12731.77, "2027-07"]]
    info = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert [s["peak_from"] for s in info["scenarios"]] == ["2027-07", "2027-07"]
    assert any(line.startswith("│ Peak pre-financing, from 2027-07 on ") for line in lines)
    at = lines.index(SPLIT["en"])
    assert lines[at:at + 4] == [SPLIT["en"], PEOPLE["en"], WHEN["en"], PEAK["en"]]


def test_the_cost_delta_is_split_at_as_of_as_the_ledgers_add_up(tmp_path: Path) -> None:
    """The Δ of cost, -27,647.92, is -8,882.64 in the actual months (the re-forecast's
    January to March, 3 x 2,960.88 = 8,882.64, against the plan's 6 x 2,960.88 =
    17,765.28) and -18,765.28 from 2027-07 on (the plan's 6 x 2,960.88 and the 1,000.00
    module; the re-forecast has nobody left): each scenario's ledger.csv, by month."""
    lines, out = compared(tmp_path)
    assert SPLIT["en"] in lines
    table = pd.read_csv(out / "comparison.csv").query("metric == 'cost_total'")
    assert table.delta_mean.tolist() == [0.0, -27647.92]
    for name, before, after in (("plan", 17765.28, 18765.28), ("rf", 8882.64, 0.0)):
        folder = tmp_path / name
        result = CliRunner().invoke(main, ["run", str(tmp_path / f"{name}.yaml"), "-n", "2",
                                           "--jobs", "1", "--out", str(folder)])
        assert result.exit_code == 0, result.output
        ledger = pd.read_csv(folder / "ledger.csv")
        by_part = ledger.groupby(ledger.month >= "2027-07").amount.sum().round(2)
        assert by_part.tolist() == [before, after]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_page_and_the_workbook_say_where_the_random_numbers_are_shared(
        tmp_path: Path, lang: str) -> None:
    """The page's opening sentence no longer claims for the actual months that a
    difference comes from the scenario; the split and the peak's months stand under the
    key figures, and in the workbook's notes (the peak's in both sheets)."""
    _, out = compared(tmp_path, lang)
    text = page(out)
    assert f"<p>{ASK[lang]}</p>" in text
    assert f"<p class='note'>{SPLIT[lang]}</p>" in text
    assert f"<p class='note'>{PEOPLE[lang]}</p>" in text
    assert f"<p class='note'>{WHEN[lang]}</p><p class='note'>{PEAK[lang]}</p>" in text
    book = openpyxl.load_workbook(out / "results.xlsx")
    firsts = [[row[0] for row in sheet.iter_rows(values_only=True)]
              for sheet in book.worksheets[:2]]
    assert firsts[0][-2:] == [WHEN[lang], PEAK[lang]] and SPLIT[lang] not in firsts[0]
    assert firsts[1][-4:] == [SPLIT[lang], PEOPLE[lang], WHEN[lang], PEAK[lang]]


def test_without_actual_months_the_page_and_the_table_are_as_before(tmp_path: Path) -> None:
    """Two plans: the opening sentence speaks of every month, no line splits the cost,
    and the peak is each one's over every month (no ``peak_from`` anywhere): lowest in
    2027-05 (5 x 2,664.79 owed) in both replications, as the line under the table says;
    no table by year, nor its CSV."""
    plan, _ = plan_and_reforecast(tmp_path)
    out = tmp_path / "out"
    assert notes(compared_output(out, plan, plan).splitlines()) == [
        "Peak pre-financing: the mean of each replication's lowest balance; BASE: plan "
        "[plan] #1: most often in 2027-05 (100.0 % of replications); plan [plan] #2: most "
        "often in 2027-05 (100.0 % of replications)"]
    assert not (out / "comparison_by_year.csv").exists()
    text = page(out)
    assert "By calendar year" not in text and "People at" not in text
    assert len(openpyxl.load_workbook(out / "results.xlsx").worksheets) == 2
    assert "reforecast" not in json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert ("<p>What changes against the base scenario (BASE)? All scenarios run on the "
            "same random numbers, so a difference comes from the scenario, not from "
            "chance.</p>") in page(out)
    table = pd.read_csv(out / "comparison.csv")
    assert "peak_from" not in table.columns
    assert table.query("metric == 'peak_prefinancing'")["mean"].tolist() == [13323.95] * 2
    info = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert [s["peak_from"] for s in info["scenarios"]] == [None, None]


def test_the_window_is_the_latest_first_forecast_month(tmp_path: Path) -> None:
    """Re-forecasts as of 2027-03 and 2027-07: every peak from 2027-07 on, month 6 of a
    period from 2027-01 and month 0 of one that starts in 2027-09 (all of it)."""
    plan_and_reforecast(tmp_path)
    (tmp_path / "rf03.yaml").write_text(yaml.safe_dump({"base": "rf.yaml", "actuals": {
        "as_of": "2027-03"}}), encoding="utf-8")
    (tmp_path / "late.yaml").write_text(yaml.safe_dump({"base": "plan.yaml", "period": {
        "start": "2027-09", "months": 12}}), encoding="utf-8")
    scenarios = [load_scenario(tmp_path / f"{name}.yaml")
                 for name in ("plan", "rf03", "rf", "late")]
    window = peak_window(scenarios)
    assert window == Month(2027, 7)
    assert [peak_from(scn, window) for scn in scenarios] == [6, 6, 6, 0]
    assert peak_window(scenarios[:1] + scenarios[3:]) is None


def test_re_forecasts_as_of_one_month_share_their_facts(tmp_path: Path) -> None:
    """The re-forecast against itself paying 3 months late: the months before as_of are
    facts in both, so the opening sentence is the plain one and no line splits the cost
    (their Δ there is 0, a re-costing would be the scenario's); the peaks are each one's
    own from 2027-07 on, so no line says why: the late payer's 7,994.37 EUR is what it
    still owes for the months before as_of, the balance carried in (Q1's 3 x 2,664.79,
    paid in July: its low is 2027-06's end balance, the first one searched), the other's
    none, as the one line on the peak says."""
    _, rf = plan_and_reforecast(tmp_path)
    late = tmp_path / "late.yaml"
    late.write_text(yaml.safe_dump({"base": "rf.yaml", "name": "rf late", "funding": [
        {"id": "jobcenter", "payment": {"every": "quarter", "lag_months": 3}}]}),
        encoding="utf-8")
    out = tmp_path / "out"
    assert notes(compared_output(out, rf, late).splitlines()) == [
        "Peak pre-financing: the mean of each replication's lowest balance; BASE: rf: no "
        "provider pre-finances anything; rf late: most often in 2027-06 (100.0 % of "
        "replications)"]
    assert "so a difference comes from the scenario, not from chance.</p>" in page(out)
    peak = pd.read_csv(out / "comparison.csv").query("metric == 'peak_prefinancing'")
    assert peak[["mean", "peak_from"]].values.tolist() == [[0.0, "2027-07"],
                                                            [7994.37, "2027-07"]]


def two_years(tmp_path: Path, hazards: dict | None = None) -> tuple[Path, Path]:
    """The plan over 2026-12 to 2027-03 (the §16i person at 2,960.88 EUR a month, 90 % of
    it, 2,664.79, from the Jobcenter, 296.09 from the employers, no module due), and its
    re-forecast as of 2027-02 from spells in which the person left on 2027-01-01: two
    actual months, December (the plan's cost) and January (none), and nobody after.
    ``hazards``: the plan's exits (the re-forecast's months are facts all the same)."""
    plan, rf = plan_and_reforecast(tmp_path)
    data = {**SIXTEEN_I, "name": "plan", "period": {"start": "2026-12", "months": 4}}
    if hazards:
        data["employment"] = {**data["employment"], "hazards": hazards}
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "spells.csv").write_text(HEADER + "A-1,cjd,2024-07,2027-01,dropout\n",
                                         encoding="utf-8")
    rf.write_text(yaml.safe_dump({"base": "plan.yaml", "name": "rf", "actuals": {
        "spells": "spells.csv", "as_of": "2027-02"}}), encoding="utf-8")
    return plan, rf


def compared_years(tmp_path: Path, lang: str = "en", n: int = 2,
                   hazards: dict | None = None, *extra: str) -> tuple[list[str], Path]:
    plan, rf = two_years(tmp_path, hazards)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(plan), str(rf), "-n", str(n), "--jobs",
                                       "1", "--out", str(out), "--lang", lang, *extra],
                                terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output.splitlines(), out


YEARS = [  # the terminal's rows: plan, re-forecast, Δ and its interval, by hand
    "│ Cost: total            │ 2026 (actual)                                  │   2,960.88 │ 2,960.88 │"
    "      0.00 │           [0, 0] │",
    "│                        │ 2027 (actual + forecast, 1 of 3 months actual) │   8,882.64 │     0.00 │"
    " -8,882.64 │ [-8,883, -8,883] │",
    "│                        │ of which actual 2027-01                        │   2,960.88 │     0.00 │"
    " -2,960.88 │ [-2,961, -2,961] │",
    "│                        │ of which forecast 2027-02 – 2027-03            │   5,921.76 │     0.00 │"
    " -5,921.76 │ [-5,922, -5,922] │",
    "│                        │ Total 2026–2027 (actual + forecast)            │  11,843.52 │ 2,960.88 │"
    " -8,882.64 │ [-8,883, -8,883] │",
    "├────────────────────────┼────────────────────────────────────────────────┼────────────┼──────────┼"
    "───────────┼──────────────────┤",
    "│ jobcenter              │ 2026 (actual)                                  │   2,664.79 │ 2,664.79 │"
    "      0.00 │           [0, 0] │",
    "│                        │ 2027 (actual + forecast, 1 of 3 months actual) │   7,994.37 │     0.00 │"
    " -7,994.37 │ [-7,994, -7,994] │",
    "│                        │ of which actual 2027-01                        │   2,664.79 │     0.00 │"
    " -2,664.79 │ [-2,665, -2,665] │",
    "│                        │ of which forecast 2027-02 – 2027-03            │   5,329.58 │     0.00 │"
    " -5,329.58 │ [-5,330, -5,330] │",
    "│                        │ Total 2026–2027 (actual + forecast)            │  10,659.16 │ 2,664.79 │"
    " -7,994.37 │ [-7,994, -7,994] │"]
YEARS_KEY = (  # the line under the terminal's table by year, as the page's under its own
    "Each year is marked as the re-forecast holds it: actual (all its months actual), "
    "forecast, or actual + forecast with how many months are actual, and under it its "
    "actual months and its forecast months (of which actual, of which forecast: the actual "
    "months from the mean ledger, the forecast months the year less them, so that the two "
    "add up to the year to the cent); the plan's figures are simulated in an actual year "
    "too. A year's cost is its own mean to the cent (in a "
    "re-forecast the year-end figure of finsim run); the funders and the gap are each "
    "theirs, as the run's results.xlsx gives them, and add up to the cost within a few "
    "cents of rounding. The years add up to the total to the cent; the interval is that of "
    "the paired differences replication by replication.")


def test_each_year_plan_re_forecast_and_delta_marked_actual_or_forecast(tmp_path: Path) -> None:
    """2026 is December alone, actual in the re-forecast and the same as the plan's:
    2,960.88, Δ 0. 2027 holds January (actual: nobody) and February and March (forecast:
    nobody), against the plan's 3 x 2,960.88 = 8,882.64; the Jobcenter's 3 x 2,664.79 =
    7,994.37 and the employers' 3 x 296.09 = 888.27 of it. 2027 is split under it: of
    which actual, January, the plan's 2,960.88 (Jobcenter 2,664.79) against 0.00; of which
    forecast, February and March, 2 x 2,960.88 = 5,921.76 (2 x 2,664.79 = 5,329.58)
    against 0.00: together the year's 8,882.64 (7,994.37). The years add up to the total:
    11,843.52 against 2,960.88. No gap anywhere: no row of it."""
    lines, out = compared_years(tmp_path)
    at = lines.index(YEARS[0])
    assert lines[at:at + len(YEARS)] == YEARS
    assert "│ employers (not public) │ 2026 (actual)                                  │     296.09 │" \
           "   296.09 │      0.00 │           [0, 0] │" in lines
    end = lines.index(next(line for line in lines[at:] if line.startswith("└")))
    assert lines[end + 1] == YEARS_KEY  # under the table: what the marks mean
    assert not [line for line in lines if "Funding gap" in line and "2026" in line]
    info = json.loads((out / "compare.json").read_text(encoding="utf-8"))["reforecast"]
    assert [(y["year"], y["actual_months"], y["months"], y["basis"], y["cost_total"])
            for y in info[0]["by_year"]] == [
        (2026, 1, 1, "actual", {"base": 2960.88, "alt": 2960.88, "delta": 0.0,
                                "delta_low": 0.0, "delta_high": 0.0}),
        (2027, 1, 3, "actual + forecast, 1 of 3 months actual", {"base": 8882.64, "alt": 0.0, "delta": -8882.64,
                                           "delta_low": -8882.64, "delta_high": -8882.64}),
        (None, 2, 4, "actual + forecast", {"base": 11843.52, "alt": 2960.88,
                                           "delta": -8882.64, "delta_low": -8882.64,
                                           "delta_high": -8882.64})]
    parts = info[0]["by_year"][1]["parts"]
    assert [(p["year"], p["first"], p["last"], p["actual_months"], p["months"], p["basis"],
             p["cost_total"], p["funding_jobcenter"]["alt"]) for p in parts] == [
        (2027, "2027-01", "2027-01", 1, 1, "actual",
         {"base": 2960.88, "alt": 0.0, "delta": -2960.88, "delta_low": -2960.88,
          "delta_high": -2960.88}, 0.0),
        (2027, "2027-02", "2027-03", 0, 2, "forecast",
         {"base": 5921.76, "alt": 0.0, "delta": -5921.76, "delta_low": -5921.76,
          "delta_high": -5921.76}, 0.0)]
    assert [p["funding_jobcenter"]["base"] for p in parts] == [2664.79, 5329.58]
    assert all("parts" not in y for y in info[0]["by_year"][::2])  # 2026 and the total
    assert info[0]["cost_delta"] == {
        "before_as_of": {"delta": -2960.88, "delta_low": -2960.88, "delta_high": -2960.88},
        "from_as_of": {"delta": -5921.76, "delta_low": -5921.76, "delta_high": -5921.76}}
    assert info[0]["people_at_as_of"] == {
        "actual": {"base": False, "alt": True},
        "participants": {"base": 1.0, "alt": 0.0, "delta": -1.0, "delta_low": -1.0,
                         "delta_high": -1.0},
        "waiting": {"base": 0.0, "alt": 0.0, "delta": 0.0, "delta_low": 0.0,
                    "delta_high": 0.0}}


def test_the_page_and_the_workbook_give_the_years_with_their_marks(tmp_path: Path) -> None:
    """In German: Ist, Ist + Prognose with 2027's actual months, and under it davon Ist
    (January: 2.960,88 against 0,00) and davon Prognose (February and March: 5.921,76
    against 0,00); on the page and in the workbook a Δ whose interval excludes 0 in bold,
    as the line "fett: ..." above the table says (2027's -8.882,64 and its parts' in both
    replications; 2026's 0 not); the workbook's sheet sums 2027's parts and each figure's
    years with SUM, to the cent, and the Δ's interval beside it."""
    _, out = compared_years(tmp_path, "de")
    page = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    assert ("<tr><th scope='row'>Gesamtkosten (EUR)</th><td>2026 (Ist)</td><td>2.960,88</td>"
            "<td>2.960,88</td><td>0,00</td><td>0 – 0</td></tr><tr><th scope='row'></th>"
            "<td>2027 (Ist + Prognose, 1 von 3 Monaten Ist)</td><td>8.882,64</td><td>0,00</td>"
            "<td><b>-8.882,64</b></td><td>-8.883 – -8.883</td></tr><tr><th scope='row'></th>"
            "<td>davon Ist 2027-01</td><td>2.960,88</td><td>0,00</td><td><b>-2.960,88</b></td>"
            "<td>-2.961 – -2.961</td></tr><tr><th scope='row'></th>"
            "<td>davon Prognose 2027-02 – 2027-03</td><td>5.921,76</td><td>0,00</td>"
            "<td><b>-5.921,76</b></td><td>-5.922 – -5.922</td></tr><tr><th scope='row'></th>"
            "<td>Summe 2026–2027 (Ist + Prognose)</td><td>11.843,52</td><td>2.960,88</td>"
            "<td><b>-8.882,64</b></td><td>-8.883 – -8.883</td></tr>") in page
    assert page.index("fett: das Intervall der Differenz schließt 0 aus") < page.index(
        "Nach Kalenderjahr:")
    sheet = openpyxl.load_workbook(out / "results.xlsx")["Differenzen je Jahr"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("Kennzahl", "Jahr", "BASE: plan", "rf", "Δ",
                       "5-%-Perzentil der Differenz", "95-%-Perzentil der Differenz")
    assert rows[2:7] == [
        ("Gesamtkosten", "2026 (Ist)", 2960.88, 2960.88, 0, 0, 0),
        (None, "2027 (Ist + Prognose, 1 von 3 Monaten Ist)", "=SUM(C5:C6)", "=SUM(D5:D6)",
         "=SUM(E5:E6)", -8882.64, -8882.64),
        (None, "davon Ist 2027-01", 2960.88, 0, -2960.88, -2960.88, -2960.88),
        (None, "davon Prognose 2027-02 – 2027-03", 5921.76, 0, -5921.76, -5921.76, -5921.76),
        (None, "Summe 2026–2027 (Ist + Prognose)", "=SUM(C3,C4)", "=SUM(D3,D4)",
         "=SUM(E3,E4)", -8882.64, -8882.64)]
    bold = [[cell.font.b for cell in row] for row in sheet.iter_rows(min_row=3, max_row=6)]
    assert [row[4] for row in bold] == [False, True, True, True]  # the Δ, as the page's
    assert not any(b for row in bold for k, b in enumerate(row) if k != 4)


def test_the_years_as_a_csv_beside_comparison_csv(tmp_path: Path) -> None:
    """comparison_by_year.csv: the table by year in comparison.csv's long form, with
    ``--csv-locale de`` its semicolons, decimal commas and byte order mark: per year (2027
    and its parts, ``months`` given) and figure BASE's mean and its interval (Δ 0, as
    comparison.csv has it) and the re-forecast's with the Δ; the figures of the test
    above, the parts adding up to 2027 (2,960.88 + 5,921.76 = 8,882.64); the total last.
    comparison.csv is as before (with its ``peak_from``)."""
    _, out = compared_years(tmp_path, "en", 2, None, "--csv-locale", "de")
    raw = (out / "comparison_by_year.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == ("year;months;status;metric;scenario;mean;p05;p95;delta_mean;"
                        "delta_p05;delta_p95")
    cost = [line for line in lines if ";cost_total;" in line]
    assert cost == [
        "2026;;actual;cost_total;plan;2960,88;2960,88;2960,88;0,00;0,00;0,00",
        "2026;;actual;cost_total;rf;2960,88;2960,88;2960,88;0,00;0,00;0,00",
        "2027;;actual + forecast;cost_total;plan;8882,64;8882,64;8882,64;0,00;0,00;0,00",
        "2027;;actual + forecast;cost_total;rf;0,00;0,00;0,00;-8882,64;-8882,64;-8882,64",
        "2027;2027-01;actual;cost_total;plan;2960,88;2960,88;2960,88;0,00;0,00;0,00",
        "2027;2027-01;actual;cost_total;rf;0,00;0,00;0,00;-2960,88;-2960,88;-2960,88",
        "2027;2027-02 – 2027-03;forecast;cost_total;plan;5921,76;5921,76;5921,76;0,00;0,00;"
        "0,00",
        "2027;2027-02 – 2027-03;forecast;cost_total;rf;0,00;0,00;0,00;-5921,76;-5921,76;"
        "-5921,76",
        "total;;actual + forecast;cost_total;plan;11843,52;11843,52;11843,52;0,00;0,00;0,00",
        "total;;actual + forecast;cost_total;rf;2960,88;2960,88;2960,88;-8882,64;-8882,64;"
        "-8882,64"]
    assert "2027;2027-01;actual;funding_jobcenter;plan;2664,79;2664,79;2664,79;0,00;0,00;" \
           "0,00" in lines
    assert len(lines) == 1 + 5 * 4 * 2  # 5 rows by year, 4 figures (no gap), 2 scenarios
    head = pd.read_csv(out / "comparison.csv", sep=";", encoding="utf-8-sig").columns
    assert head.tolist() == ["metric", "scenario", "mean", "p05", "p95", "delta_mean",
                             "delta_p05", "delta_p95", "peak_from"]


def test_each_part_s_interval_is_that_of_the_paired_differences(tmp_path: Path) -> None:
    """A plan whose person leaves at random (a dropout hazard of 0.3 a month): the years
    differ by replication, and the total's interval is the key table's, the Δ of
    cost_total paired replication by replication; before and after as_of add up to the
    total's Δ in each replication, so each part's interval lies within the total's bounds
    widened by the other part's."""
    from finsim.analysis.compare import compare, cost_splits
    from finsim.report.compare_years import year_tables

    plan, rf = two_years(tmp_path, {"dropout": 0.3})
    comparison = compare([plan, rf], replications=40, jobs=1)
    total = comparison.row("cost_total", "rf")
    years = year_tables(comparison)[0].years
    figure = years[-1].figures["cost_total"]
    assert (figure.delta.low, figure.delta.high) == pytest.approx(
        (total["delta_p05"], total["delta_p95"]), abs=0.005)
    assert figure.delta.low < figure.delta.high  # drawn: a spread
    assert sum(y.figures["cost_total"].delta.mean for y in years[:-1]) == pytest.approx(
        figure.delta.mean, abs=1e-6)
    seam = years[1]  # 2027: January actual, February and March forecast
    for metric, f in seam.figures.items():  # the parts add up to the year, to the cent
        parts = [part.figures[metric] for part in seam.parts]
        for side in ("base", "alt", "delta"):
            assert round(sum(getattr(p, side).mean for p in parts), 2) == round(
                getattr(f, side).mean, 2), (metric, side)
    actual = seam.parts[0].figures["cost_total"]
    assert (actual.alt.low, actual.alt.high) == (0.0, 0.0)  # the re-forecast's facts
    assert actual.delta.low < actual.delta.high  # against the plan's drawn January
    split = cost_splits(comparison)[0]
    assert split.before.mean + split.after.mean == pytest.approx(total["delta_mean"],
                                                                 abs=0.01)
    assert split.before.low < split.before.high and split.after.low < split.after.high


def test_paired_figure_by_hand() -> None:
    """Means as given; the Δ's interval from the differences 1, 5, 0 replication by
    replication (sorted 0, 1, 5: the 5th percentile 0.1, the 95th 1 + 0.9 x 4 = 4.6),
    not from the two intervals; the longer run's extra replications are not paired."""
    from finsim.analysis.compare import paired_figure

    got = paired_figure(np.array([10.0, 20.0, 30.0]), np.array([11.0, 25.0, 30.0, 99.0]),
                        20.0, 22.0)
    assert got.delta.mean == 2.0
    assert (got.delta.low, got.delta.high) == pytest.approx((0.1, 4.6))
    assert (got.base.low, got.base.high) == pytest.approx((11.0, 29.0))


def test_a_year_s_cost_is_its_own_mean_the_run_s_year_end_figure(tmp_path: Path) -> None:
    """The §16i plan against its re-forecast of 2027-06 (the shipped spells and booked
    costs), -n 50, seed 2013. Each year's cost is the mean of its whole cents over the 50
    replications, rounded once: the plan's 2026 cost 6,930,727.59 EUR (its funders' means,
    each rounded, add up to it here: 271,249.28 + 4,460,116.72 + 1,536,535.20 +
    147,994.79 + 514,831.60), the re-forecast's 2030 cost 7,602,026.69 EUR, the year-end
    figure its own run gives, while its funders' rounded means add up to a cent more:
    300,334.78 + 4,441,936.44 + 2,226,874.54 + 632,880.94 = 7,602,026.70. So each year's Δ
    is that of the costs' own means: 2030 -77,412.15; the years add up to the key table's Δ
    of -1,165,787.43."""
    from . import spells_example as ex

    rf = tmp_path / "rf.yaml"
    rf.write_text(yaml.safe_dump({"name": "Hochrechnung 2027-06", "base": str(ex.SCENARIO_16I),
                                  "actuals": {"spells": str(ex.SPELLS_16I),
                                              "booked": str(ex.BOOKED_16I),
                                              "as_of": "2027-07"}}), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(ex.SCENARIO_16I), str(rf), "-n", "50",
                                       "--seed", "2013", "--jobs", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    years = json.loads((out / "compare.json").read_text(encoding="utf-8"))["reforecast"][0]
    cost = {y["year"]: y["cost_total"] for y in years["by_year"]}
    assert (cost[2026]["base"], cost[2030]["alt"], cost[2030]["delta"]) == (
        6930727.59, 7602026.69, -77412.15)
    funders = next(y for y in years["by_year"] if y["year"] == 2030)
    assert round(sum(f["alt"] for m, f in funders.items() if m.startswith("funding_")),
                 2) == 7602026.70
    plan_2026 = next(y for y in years["by_year"] if y["year"] == 2026)
    assert round(sum(f["base"] for m, f in plan_2026.items() if m.startswith("funding_")),
                 2) == 6930727.59
    assert cost[None]["delta"] == -1165787.43
    seam = next(y for y in years["by_year"] if y["year"] == 2027)  # 6 of 12 months actual
    assert [(p["first"], p["last"], p["basis"]) for p in seam["parts"]] == [
        ("2027-01", "2027-06", "actual"), ("2027-07", "2027-12", "forecast")]
    for metric in (m for m in seam if m == "cost_total" or m.startswith("funding_")):
        for side in ("base", "alt", "delta"):  # the parts add up to the year to the cent
            assert round(sum(p[metric][side] for p in seam["parts"]), 2) == \
                seam[metric][side], (metric, side)
    result = CliRunner().invoke(main, ["run", str(rf), "-n", "50", "--seed", "2013",
                                       "--jobs", "1", "--out", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output
    run_json = json.loads((tmp_path / "run" / "run.json").read_text(encoding="utf-8"))
    assert [y["cost_mean"] for y in run_json["year_end"]] == [
        cost[year]["alt"] for year in range(2026, 2031)]

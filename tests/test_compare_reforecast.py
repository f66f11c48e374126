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
    """The lines under the key figures that split the Δ of cost or say the peak's months."""
    return [line for line in lines if line.startswith(("Δ cost", "Peak pre-financing:"))]


SPLIT = {
    "en": "Δ cost of “rf” against BASE: -27,648 EUR, of it -8,883 in 2027-01 – 2027-06, "
          "before as_of 2027-07 (actual months: a plan's draw set against the facts there, "
          "not an effect of the scenario), and -18,765 from 2027-07 on (forecast, on the "
          "same random numbers)",
    "de": "Δ Kosten von „rf“ gegenüber BASE: -27.648 EUR, davon -8.883 in 2027-01 – "
          "2027-06, vor as_of 2027-07 (Ist-Monate: dort steht die Ziehung eines Plans gegen "
          "die Fakten, keine Wirkung des Szenarios), und -18.765 ab 2027-07 (Prognose, mit "
          "denselben Zufallszahlen)"}
PEAK = {
    "en": "Peak pre-financing: every scenario's from 2027-07 on, the first forecast month "
          "of “rf”, with the balance of the months before carried in, so that each Δ spans "
          "the same months; over every month (as finsim run takes a plan's) a low point "
          "that is past would stand against the need still to finance.",
    "de": "Höchste Vorfinanzierung: für jedes Szenario ab 2027-07, dem ersten "
          "Prognosemonat von „rf“, mit dem Kassenstand der Monate davor als Übertrag, so "
          "dass jedes Δ dieselben Monate umfasst; über alle Monate (so nimmt finsim run sie "
          "für einen Plan) stünde ein vergangener Tiefstand gegen den Bedarf, der noch zu "
          "finanzieren ist."}
ASK = {
    "en": "What changes against the base scenario (BASE)? All scenarios run on the same "
          "random numbers, so from 2027-07 on a difference comes from the scenario, not "
          "from chance. Not so before 2027-07, in the actual months of “rf”: there the "
          "difference is a plan's draw set against the facts (the line under the key "
          "figures splits the Δ of cost there).",
    "de": "Was ändert sich gegenüber dem Basisszenario (BASE)? Alle Szenarien laufen mit "
          "denselben Zufallszahlen, so dass ab 2027-07 jede Differenz vom Szenario kommt, "
          "nicht vom Zufall. Vor 2027-07, in den Ist-Monaten von „rf“, gilt das nicht: "
          "dort ist die Differenz die Ziehung eines Plans gegen die Fakten (die Zeile unter "
          "den Kennzahlen teilt das Δ der Kosten danach auf)."}


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
    assert lines[-3:-1] == [SPLIT["en"], PEAK["en"]]


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
    assert f"<p class='note'>{PEAK[lang]}</p>" in text
    book = openpyxl.load_workbook(out / "results.xlsx")
    firsts = [[row[0] for row in sheet.iter_rows(values_only=True)]
              for sheet in book.worksheets[:2]]
    assert PEAK[lang] in firsts[0] and SPLIT[lang] not in firsts[0]
    assert firsts[1][-2:] == [SPLIT[lang], PEAK[lang]]


def test_without_actual_months_the_page_and_the_table_are_as_before(tmp_path: Path) -> None:
    """Two plans: the opening sentence speaks of every month, no line splits the cost,
    and the peak is each one's over every month (no ``peak_from`` anywhere)."""
    plan, _ = plan_and_reforecast(tmp_path)
    out = tmp_path / "out"
    assert not notes(compared_output(out, plan, plan).splitlines())
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
    still owes for the months before as_of, the balance carried in, the other's none."""
    _, rf = plan_and_reforecast(tmp_path)
    late = tmp_path / "late.yaml"
    late.write_text(yaml.safe_dump({"base": "rf.yaml", "name": "rf late", "funding": [
        {"id": "jobcenter", "payment": {"every": "quarter", "lag_months": 3}}]}),
        encoding="utf-8")
    out = tmp_path / "out"
    assert not notes(compared_output(out, rf, late).splitlines())
    assert "so a difference comes from the scenario, not from chance.</p>" in page(out)
    peak = pd.read_csv(out / "comparison.csv").query("metric == 'peak_prefinancing'")
    assert peak[["mean", "peak_from"]].values.tolist() == [[0.0, "2027-07"],
                                                            [7994.37, "2027-07"]]

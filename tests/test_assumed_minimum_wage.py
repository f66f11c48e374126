"""A running §16i program planned past the statutory minimum wage table (probe 37): the
months whose minimum wage is finsim's assumption are said where the plan is read (the
terminal, run.json, the page, the plan's Assumptions), as ``show --month`` said them."""

from __future__ import annotations

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from finsim.analysis.sanity import (
    assumed_minimum_wage_warnings,
    flat_wage_warnings,
    scenario_warnings,
)
from finsim.cli import main
from finsim.scenario import scenario_from_dict
from tests.test_ledger_support import BASE, deep_update

PILOT = {"period": {"start": "2027-01", "months": 24},
         "costs": {"wages": {"hourly": "minimum_wage", "annual_increase": 0.025,
                             "subsidy_base": {"hourly": "minimum_wage",
                                              "contributions": 0.1985}}}}
"""A §16i pilot at the minimum wage, uprated 2.5 % a year, for 2027 and 2028."""
DRAWN = {"uncertainty": {"costs.wages.annual_increase": {
    "dist": "triangular", "low": 0.0, "mode": 0.025, "high": 0.05}}}
BOTH = "costs.wages.hourly, costs.wages.subsidy_base.hourly"
OWN_EN = ("; to plan with a minimum wage of your own instead, write it in each as dated keys "
          "from 2028-01 (--set 'costs.wages.hourly={2027-01: 14.60, 2028-01: ...}', the "
          "same in costs.wages.subsidy_base.hourly)")
"""The way to a figure of one's own: dated keys past the table, which end the line."""
OWN_DE = ("; um stattdessen mit einem eigenen Mindestlohn zu planen, ihn in jeden Wert als "
          "Schlüssel nach Datum ab 2028-01 eintragen (--set 'costs.wages.hourly={2027-01: "
          "14.60, 2028-01: ...}', ebenso in costs.wages.subsidy_base.hourly)")
EN = (f"{BOTH}: from 2028-01 on (12 of 24 months) the minimum wage is finsim's "
      "assumption, not a statutory figure yet: 14.965 EUR/hour in 2028 = the statutory "
      "14.60 EUR of 2027-01 + 2.5% a year (costs.wages.annual_increase{drawn})")
DE = (f"{BOTH}: ab Januar 2028 (12 von 24 Monaten) ist der Mindestlohn eine Annahme von finsim, "
      "noch keine gesetzliche Größe: 14,965 EUR/Stunde im Jahr 2028 = die gesetzlichen "
      "14,60 EUR vom Januar 2027 + 2,5 % im Jahr (costs.wages.annual_increase, gezogen von "
      "0 % bis 5 %)" + OWN_DE)


def _en(drawn: str = "") -> str:
    """The English line, its draw (``, drawn from 0% to 5%``) filled in."""
    return EN.format(drawn=drawn) + OWN_EN


def _scn(*patches: dict):
    data = deep_update(BASE, PILOT)
    for patch in patches:
        data = deep_update(data, patch)
    return scenario_from_dict(data)


def test_the_assumed_months_are_said_with_the_uprating_and_its_draw():
    """2028's 14.965 is 14.60 x 1.025, finsim's assumption (drawn 0-5 %): the probe's
    Jobcenter 2028 request rested on it (132k above the 0 % case) with no word."""
    assert assumed_minimum_wage_warnings(_scn(), draws=False) == [_en()]
    drawn = _scn(DRAWN)
    assert assumed_minimum_wage_warnings(drawn) == [
        _en(", drawn from 0% to 5%")]
    assert assumed_minimum_wage_warnings(drawn, lang="de") == [DE]
    assert _en(", drawn from 0% to 5%") in scenario_warnings(drawn, 2, True)
    assert _en() in scenario_warnings(drawn, 2, False)  # --no-uncertainty


def test_a_scaled_draw_and_prices_say_their_own_uprating():
    scaled = {"uncertainty": {"costs.wages.annual_increase": {
        "dist": "uniform", "low": 0.8, "high": 1.2, "scale": True}}}
    [line] = assumed_minimum_wage_warnings(_scn(scaled))
    assert line.endswith("+ 2.5% a year (costs.wages.annual_increase, drawn from 2% to 3%)"
                         + OWN_EN)
    [line] = assumed_minimum_wage_warnings(_scn({"prices": {"wages": 0.03}}))
    assert line.endswith("15.038 EUR/hour in 2028 = the statutory 14.60 EUR of 2027-01 "
                         "uprated by prices.wages" + OWN_EN)


def test_only_the_base_is_said_where_the_wage_is_the_employer_s_own():
    [line] = assumed_minimum_wage_warnings(_scn({"costs": {"wages": {"hourly": 16.0}}}),
                                           draws=False)
    assert line.startswith("costs.wages.subsidy_base.hourly: from 2028-01 on (12 of 24 "
                           "months) the minimum wage is finsim's assumption")
    assert line.endswith("; to plan with a minimum wage of your own instead, write it as "
                         "dated keys from 2028-01 (--set 'costs.wages.subsidy_base.hourly="
                         "{2027-01: 14.60, 2028-01: ...}')")


@pytest.mark.parametrize("patch", [
    {"period": {"months": 12}},                                    # ends in the table's year
    {"costs": {"wages": {"hourly": 16.0, "subsidy_base": {"hourly": "wage"}}}},  # tariff
    {"costs": {"wages": {"hourly": {"2027-01": 14.6, "2028-01": 15.0},
                         "subsidy_base": {"hourly": {"2027-01": 14.6, "2028-01": 15.0}}}}},
])
def test_nothing_is_said_where_no_month_rests_on_the_assumption(patch):
    assert assumed_minimum_wage_warnings(_scn(patch)) == []


def test_a_wage_held_flat_keeps_its_own_line():
    """annual_increase 0: ``flat_wage_warnings`` says it (held flat), not a second line."""
    scn = _scn({"costs": {"wages": {"annual_increase": 0.0}}})
    assert len(flat_wage_warnings(scn)) == 1
    assert assumed_minimum_wage_warnings(scn, draws=False) == []


def test_size_says_it_on_the_terminal_json_page_and_plan(tmp_path):
    """The probe's size of the next period: a note on the terminal, in run.json (under
    ``notes``, not ``warnings``), the line on the page (German with --lang de) and in the
    plan's Assumptions, beside the values it is about."""
    path = tmp_path / "pilot.yaml"
    path.write_text(yaml.safe_dump(deep_update(deep_update(BASE, PILOT), DRAWN)),
                    encoding="utf-8")
    out = tmp_path / "plan"
    done = CliRunner().invoke(main, ["size", str(path), "--start", "2027-01", "--months",
                                     "24", "--confidence", "0.9", "-n", "2", "--lang", "de",
                                     "--out", str(out)])
    assert done.exit_code == 0, done.output
    line = _en(", drawn from 0% to 5%")
    assert f"note: {line}\n" in done.stderr
    record = yaml.safe_load((out / "run.json").read_text(encoding="utf-8"))
    assert record["notes"] == [line] and line not in record["warnings"]
    assert "14,965 EUR/Stunde im Jahr 2028 = die gesetzlichen 14,60 EUR" in \
        (out / "report.html").read_text(encoding="utf-8")
    rows = {r[0]: r for r in openpyxl.load_workbook(out / "plan.xlsx")["Annahmen"]
            .iter_rows(values_only=True) if r[0]}
    note = "A" + DE.removeprefix(f"{BOTH}: a").removesuffix(OWN_DE) + ". "
    for path in ("costs.wages.hourly", "costs.wages.subsidy_base.hourly"):
        assert rows[path][3].startswith(note)
    assert rows["costs.wages.subsidy_base.hourly"][1].startswith("ab 2015-01: 8,5; ")


def test_strict_does_not_refuse_the_assumption(tmp_path):
    """An assumption finsim makes, not a fault of the file: ``validate --strict`` and
    ``run --strict`` say it as a ``note:`` and go on (they refused it, with no way to
    accept it); run.json keeps it under ``notes``, apart from the warnings. Written as
    dated keys of one's own (the way the line names), it is not said at all."""
    path = tmp_path / "pilot.yaml"
    path.write_text(yaml.safe_dump(deep_update(BASE, PILOT)), encoding="utf-8")
    line = _en()
    checked = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert checked.exit_code == 0, checked.output
    assert checked.stderr == f"note: {path}: {line}\n"
    out = tmp_path / "run"  # the shipped 16i file: the pilot warns of its low occupancy
    done = CliRunner().invoke(main, ["run", "scenarios/aktiv-statt-passiv-2026-16i.yaml",
                                     "--strict", "-n", "40", "--out", str(out)])
    assert done.exit_code == 0, done.output
    [noted] = [n for n in done.stderr.splitlines() if n.startswith(("note:", "warning:"))]
    assert noted.startswith("note: costs.wages.hourly, costs.wages.subsidy_base.hourly: from "
                            "2028-01 on (36 of 60 months) the minimum wage is finsim's")
    assert [noted.removeprefix("note: ")] == yaml.safe_load(
        (out / "run.json").read_text(encoding="utf-8"))["notes"]
    own = {"2027-01": 14.6, "2028-01": 15.2}
    assert assumed_minimum_wage_warnings(_scn({"costs": {"wages": {
        "hourly": own, "subsidy_base": {"hourly": own}}}})) == []

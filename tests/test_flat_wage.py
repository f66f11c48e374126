"""A wage at or near the minimum wage that nothing uprates (``annual_increase`` 0, no
``prices.wages``) is held flat after the statutory table's last year: the years after it
cost what the last statutory minimum wage costs, as if it never rose again. ``validate``,
``run`` (terminal, run.json, the page) say so in a warning, with the month it is held from
and how to set an increase; only ``show --month`` marked it before."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from finsim.analysis.sanity import flat_wage_warnings, scenario_warnings
from finsim.cli import main
from finsim.scenario import load_scenario, scenario_from_dict
from tests.test_ledger_support import BASE, deep_update

PLAIN = {"period": {"start": "2027-01", "months": 36},
         "costs": {"wages": {"hourly": "minimum_wage", "annual_increase": 0.0}}}
"""The newcomer's §16i pilot in short: the minimum wage, no increase, 2027 to 2029."""

EN = ("costs.wages.hourly: {wage} EUR/hour is held flat from 2028-01 on (24 of 36 "
      "months), {at} the last statutory minimum wage (14.60 EUR from 2027-01), with no "
      "uprating (costs.wages.annual_increase 0%, no prices.wages): those months' wages "
      "assume the minimum wage never rises again; set an increase (--set "
      "'costs.wages.annual_increase=0.03' for 3% a year, or prices.wages) or write your "
      "forecast as dated hourly wages")


def _scn(**patch):
    return scenario_from_dict(deep_update(deep_update(BASE, PLAIN), patch))


@pytest.mark.parametrize(("hourly", "wage", "at"), [
    ("minimum_wage", "14.60", "at"),
    (14.6, "14.60", "at"),
    ({"2026-01": 13.9, "2027-01": 14.6}, "14.60", "at"),
    (15.2, "15.20", "near"),  # within 5 % of 14.60: the minimum wage overtakes it soon
])
def test_a_minimum_wage_held_flat_past_the_table_is_said(hourly, wage, at):
    scn = _scn(costs={"wages": {"hourly": hourly}})
    assert flat_wage_warnings(scn) == [EN.format(wage=wage, at=at)]


def test_the_german_line():
    assert flat_wage_warnings(_scn(), "de") == [
        "costs.wages.hourly: 14,60 EUR/Stunde bleiben ab Januar 2028 unverändert (24 von 36 "
        "Monaten), beim letzten gesetzlichen Mindestlohn (14,60 EUR ab Januar 2027), ohne "
        "Fortschreibung (costs.wages.annual_increase 0 %, kein prices.wages): die Löhne "
        "dieser Monate nehmen an, dass der Mindestlohn nie mehr steigt; eine Steigerung "
        "angeben (--set 'costs.wages.annual_increase=0.03' für 3 % im Jahr oder "
        "prices.wages) oder die eigene Prognose als datierte Stundenlöhne schreiben"]


def test_a_forecast_schedule_is_held_from_the_year_after_its_last_date():
    scn = _scn(costs={"wages": {"hourly": {"2027-01": 14.6, "2028-01": 15.0}}})
    assert flat_wage_warnings(scn) == [
        "costs.wages.hourly: 15.00 EUR/hour is held flat from 2029-01 on (12 of 36 months), "
        "near the last statutory minimum wage (14.60 EUR from 2027-01), with no uprating "
        "(costs.wages.annual_increase 0%, no prices.wages): those months' wages assume "
        "the minimum wage never rises again; set an increase (--set "
        "'costs.wages.annual_increase=0.03' for 3% a year, or prices.wages) or write your "
        "forecast as dated hourly wages"]


def test_a_provider_s_own_flat_wage_names_its_own_keys():
    scn = _scn(costs={"wages": {"annual_increase": 0.02}},
               providers=[{"id": "a", "slots": 10},
                          {"id": "b", "slots": 10,
                           "costs": {"wages": {"hourly": 14.6, "annual_increase": 0.0}}}])
    line, = flat_wage_warnings(scn)
    assert line.startswith("providers.b.costs.wages.hourly: 14.60 EUR/hour is held flat "
                           "from 2028-01 on (24 of 36 months), at the last statutory")
    assert "(providers.b.costs.wages.annual_increase 0%, no prices.wages)" in line
    assert "--set 'providers.b.costs.wages.annual_increase=0.03'" in line


@pytest.mark.parametrize("patch", [
    {"costs": {"wages": {"annual_increase": 0.02}}},          # uprated
    {"prices": {"wages": 0.03}},                              # uprated by prices
    {"costs": {"wages": {"hourly": 15.4}}},                   # more than 5 % above
    {"period": {"start": "2027-01", "months": 12}},           # ends in the table's year
    {"costs": {"wages": {"hourly": {"2027-01": 14.6, "2028-01": 15.0, "2029-01": 15.4}}}},
])
def test_nothing_is_said_where_the_wage_moves_or_the_table_covers_the_period(patch):
    assert flat_wage_warnings(_scn(**patch)) == []


@pytest.mark.parametrize("path", sorted(Path("scenarios").glob("*.yaml")))
def test_no_shipped_scenario_holds_a_minimum_wage_flat(path):
    """The 2026 files uprate their wages (annual_increase 2.5 %), the 2013 ones end in 2014."""
    scn = load_scenario(path)
    assert flat_wage_warnings(scn) == []


def test_validate_says_it_and_exits_0(tmp_path):
    data = deep_update(BASE, PLAIN)
    path = tmp_path / "pilot.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert EN.format(wage="14.60", at="at") in scenario_warnings(_scn(), 2, True)
    done = CliRunner().invoke(main, ["validate", str(path)])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines() == [f"warning: {path}: {EN.format(wage='14.60', at='at')}",
                                        f"{path}: ok"]

"""Dated §16i rules that silently did something else than written (probe 24): each now
says so in one warning line at run and validate, naming the key to write."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from finsim.analysis import sanity
from finsim.cli import main
from finsim.ledger.categories import subsidy_base
from tests.test_ledger_support import BASE, deep_update, scenario

JOBCENTER = {"id": "jobcenter", "basis": "subsidy_base", "covers": {"wages": 1.0}}
FORECAST = {"2026-01": 13.90, "2027-01": 14.60, "2028-01": 15.20, "2029-01": 15.60}
SIXTEEN_I = {"period": {"start": "2026-01", "months": 60},
             "costs": {"wages": {"hourly": FORECAST, "employer_contributions": 0.22,
                                 "annual_increase": 0.025,
                                 "subsidy_base": {"contributions": 0.1985}}},
             "funding": [JOBCENTER]}
ASSUMED = (
    "costs.wages.subsidy_base.hourly: the subsidy base is finsim's assumed minimum wage "
    "from 2028-01, 14.965 EUR/hour (the statutory 14.60 EUR of 2027-01 uprated by "
    "costs.wages.annual_increase, 2.5% a year), not a statutory figure, below the wage "
    "paid of 15.20 EUR/hour in 36 of 60 months: funders with basis: subsidy_base pay "
    "their share of the lower figure and the employer the rest; write your own "
    "minimum-wage forecast there (--set 'costs.wages.subsidy_base.hourly={2026-01: 13.90, "
    "2027-01: 14.60, 2028-01: ...}')")


def test_a_wage_forecast_above_the_assumed_minimum_wage_warns_with_the_key() -> None:
    """The wage's 15.20 in 2028 is a forecast of the minimum wage; the base (default
    ``minimum_wage``) is 14.60 x 1.025 = 14.965 from 2028: §16i paid on 14.965 x 169 x
    1.1985 = 3,031.11 instead of 15.20 x 169 x 1.1985 = 3,078.71 a month, silently."""
    scn = scenario(**SIXTEEN_I)
    base = subsidy_base(scn, scn.costs)
    assert [round(base[m] * 100) for m in (23, 24)] == [295718, 303111]  # 14.60, 14.965
    assert sanity.assumed_base_warnings(scn) == [ASSUMED]
    assert ASSUMED in sanity.before_work_warnings(scn, 1, draws=False)
    german = sanity.assumed_base_warnings(scn, "de")[0]
    assert german.startswith("costs.wages.subsidy_base.hourly: die Bemessungsgrundlage ist "
                             "ab 2028-01 der von finsim angenommene Mindestlohn, 14,965 "
                             "EUR/Stunde (die gesetzlichen 14,60 EUR von 2027-01, "
                             "fortgeschrieben mit costs.wages.annual_increase, 2,5 % im Jahr)")


def test_no_assumed_base_warning_where_it_does_not_matter() -> None:
    """Silent: the forecast written as the base; the wage the minimum wage itself; no
    funder on the subsidy base; a period ending before the assumed years."""
    written = deep_update(SIXTEEN_I, {"costs": {"wages": {"subsidy_base": {"hourly": FORECAST}}}})
    paid_minimum = deep_update(SIXTEEN_I, {"costs": {"wages": {"hourly": "minimum_wage"}}})
    on_cost = deep_update(SIXTEEN_I, {"funding": [{**JOBCENTER, "basis": "cost"}]})
    short = deep_update(SIXTEEN_I, {"period": {"months": 24}})
    for patch in (written, paid_minimum, on_cost, short):
        assert sanity.assumed_base_warnings(scenario(**patch)) == []


def test_a_provider_s_own_wage_names_the_program_s_base_key() -> None:
    """A provider paying the forecast under the program's base: the key to write is the
    program's (the provider inherits it), the provider's block said beside it."""
    patch = deep_update(SIXTEEN_I, {"costs": {"wages": {"hourly": "minimum_wage"}}})
    patch["providers"] = [{"id": "a", "slots": 10},
                          {"id": "b", "slots": 10, "costs": {"wages": {"hourly": FORECAST}}}]
    [line] = sanity.assumed_base_warnings(scenario(**patch))
    assert line.startswith("costs.wages.subsidy_base.hourly (providers.b.costs.wages): the "
                           "subsidy base is finsim's assumed minimum wage from 2028-01, ")


def test_validate_prints_the_assumed_base_warning(tmp_path: Path) -> None:
    path = tmp_path / "t7.yaml"
    path.write_text(yaml.safe_dump(deep_update(BASE, SIXTEEN_I)), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert f"warning: {path}: {ASSUMED}" in result.stderr.splitlines()


def test_text_in_a_dated_share_is_told_the_share_range(tmp_path: Path) -> None:
    """'20,3 %' or a German decimal comma in a month of the base's contributions was told
    "a number from 0 to 1,000,000,000,000" (finsim's money ceiling); it is a share."""
    data = deep_update(BASE, {"costs": {"wages": {"subsidy_base": {
        "contributions": {"2013-01": 0.1985, "2014-01": "20,3 %"}}}}})
    path = tmp_path / "bad_contrib.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].endswith(
        "costs.wages.subsidy_base.contributions.2014-01: expected a share from 0 to 1 in "
        "each month of a schedule (given: '20,3 %')")
    result = CliRunner().invoke(main, [
        "show", str(path), "--set", "costs.wages.subsidy_base.contributions.2014-01=0,203"])
    assert result.stderr.splitlines()[-1] == (
        f"{path} (--set): costs.wages.subsidy_base.contributions.2014-01: expected a share "
        "from 0 to 1 in each month of a schedule (given: '0,203')")
    result = CliRunner().invoke(main, [
        "show", str(path), "--set", "costs.wages.subsidy_base.contributions=x"])
    assert result.stderr.splitlines()[-1].endswith(
        "costs.wages.subsidy_base.contributions: expected a share from 0 to 1 or a "
        "schedule {YYYY-MM: value} (given: 'x')")

"""Dated §16i rules that silently did something else than written (probe 24): each now
says so in one warning line at run and validate, naming the key to write."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml
from click.testing import CliRunner

from finsim.analysis import sanity
from finsim.cli import main
from finsim.funding.fiscal import gross_wages
from finsim.ledger import build_ledger
from finsim.ledger.build import compile_costs
from finsim.ledger.categories import subsidy_base
from tests.test_ledger_support import BASE, EMPLOYED, deep_update, scenario, spells

W = 0

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
                             "ab Januar 2028 der von finsim angenommene Mindestlohn, 14,965 "
                             "EUR/Stunde (die gesetzlichen 14,60 EUR vom Januar 2027, "
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
        "each month of a schedule (given: '20,3 %') — write 0.203 for 20.3 %")
    result = CliRunner().invoke(main, [
        "show", str(path), "--set", "costs.wages.subsidy_base.contributions.2014-01=0,203"])
    assert result.stderr.splitlines()[-1] == (
        f"{path} (--set): costs.wages.subsidy_base.contributions.2014-01: expected a share "
        "from 0 to 1 in each month of a schedule (given: '0,203') — a decimal point: 0.203")
    result = CliRunner().invoke(main, [
        "show", str(path), "--set", "costs.wages.subsidy_base.contributions=x"])
    assert result.stderr.splitlines()[-1].endswith(
        "costs.wages.subsidy_base.contributions: expected a share from 0 to 1 or a "
        "schedule {YYYY-MM: value} (given: 'x')")


def test_employer_contributions_by_date_price_the_wage_line_and_the_gross_pay() -> None:
    """The rates change each January: ``{2013-01: 0.2, 2014-01: 0.25}`` is 10 x 169 x 1.2
    = 2,028.00 a month in 2013 and 10 x 169 x 1.25 = 2,112.50 in 2014; the gross pay the
    fiscal balance takes out of it is 1,690.00 in both years."""
    scn = scenario(costs={"wages": {"employer_contributions": {"2013-01": 0.2,
                                                                "2014-01": 0.25}}})
    led = build_ledger(scn, spells([(0, 0.0, 24.0, EMPLOYED)], 24, modules=[[]]))
    wages = led.cost[:, 0, W, :].sum(axis=-1)
    assert np.round(wages[[0, 11, 12, 23]] * 100).astype(np.int64).tolist() == [
        202800, 202800, 211250, 211250]
    gross = gross_wages(scn, led.by_category)[:, 0]
    assert np.round(gross * 100).astype(np.int64).tolist() == [169000] * 24
    compiled = compile_costs(scn).employer_contributions
    assert compiled.shape == (24, 2) and compiled[[11, 12], 0].tolist() == [0.2, 0.25]


def test_show_gives_the_employer_contributions_in_force_that_month(tmp_path: Path) -> None:
    data = deep_update(BASE, {"costs": {"wages": {"employer_contributions": {
        "2013-01": 0.2, "2014-01": 0.25}}}})
    path = tmp_path / "dated.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    shown = yaml.safe_load(CliRunner().invoke(main, ["show", str(path), "--month",
                                                     "2014-03"]).stdout)
    wages = shown["providers"]["a"]["wages"]
    assert (wages["employer_contributions"], wages["cost_per_month"]) == (0.25, 2112.5)


BASE_ABOVE = (
    "costs.wages.subsidy_base.contributions: 22.5% in 2029-01 is above "
    "costs.wages.employer_contributions, 22% then (24 of 60 months), though the base's "
    "contributions are a part of the employer's: the subsidy base is capped at the wage "
    "line there; date costs.wages.employer_contributions too (--set "
    "'costs.wages.employer_contributions={2026-01: 0.22, 2029-01: ...}') or check the "
    "base's rate")


def test_base_contributions_above_the_wage_line_s_warn_with_the_month_and_both_rates(
        tmp_path: Path) -> None:
    """t6 of the probe: the base's rates dated up to 22.5 % from 2029, the employer's 22 %
    throughout: the base was capped at the wage line from 2029 and only ``show --month``
    said so. Dating employer_contributions as well silences it."""
    patch = deep_update(SIXTEEN_I, {"costs": {"wages": {
        "hourly": "minimum_wage",
        "subsidy_base": {"contributions": {"2026-01": 0.1985, "2029-01": 0.225}}}}})
    patch["providers"] = [{"id": "a", "slots": 10},
                          {"id": "b", "slots": 10, "costs": {"wages": {"hours_per_week": 30}}}]
    assert sanity.base_contribution_warnings(scenario(**patch)) == [BASE_ABOVE]
    path = tmp_path / "t6.yaml"
    path.write_text(yaml.safe_dump(deep_update(BASE, patch)), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert f"warning: {path}: {BASE_ABOVE}" in result.stderr.splitlines()
    dated = deep_update(patch, {"costs": {"wages": {"employer_contributions": {
        "2026-01": 0.22, "2029-01": 0.245}}}})
    assert sanity.base_contribution_warnings(scenario(**dated)) == []
    assert sanity.base_contribution_warnings(scenario(**dated), "de") == []


MIDYEAR = ("funding.land.cap_per_year.2014-07: a yearly budget is the value in force in "
           "each January, so 3,000.00 EUR takes effect from 2015-01, and 2014 keeps "
           "100,000.00 EUR; key it 2014-01 for 2014's budget, or 2015-01 to say what it does")
LAND = {"id": "land", "covers": {"wages": 0.5}}


def test_a_mid_year_key_in_a_yearly_cap_warns_from_a_file_and_from_set(tmp_path: Path) -> None:
    """The probe's ``--set 'funding.land_esf.cap_per_year={2026-01: 100000, 2027-07:
    3000}'``: the cap starts only the next January, documented but said nowhere."""
    from finsim.scenario import load_scenario

    cap = {"2013-01": 100000, "2014-07": 3000}
    path = tmp_path / "cap.yaml"
    path.write_text(yaml.safe_dump(deep_update(BASE, {"funding": [{**LAND, "cap_per_year": cap}]})),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert f"warning: {path}: {MIDYEAR}" in result.stderr.splitlines()
    plain = tmp_path / "plain.yaml"
    plain.write_text(yaml.safe_dump(deep_update(BASE, {"funding": [LAND]})), encoding="utf-8")
    scn = load_scenario(plain, ["funding.land.cap_per_year={2013-01: 100000, 2014-07: 3000}"])
    assert sanity.before_work_warnings(scn, 1, draws=False) == [MIDYEAR]


def test_a_mid_year_key_another_key_overrides_never_takes_effect() -> None:
    transfer = {"id": "land", "covers": {"wages": 0.5}, "limited_to": "benefits_avoided",
                "transfer": {"cap_per_year": {"2013-01": 100, "2013-07": 50, "2014-01": 80}}}
    scn = scenario(funding=[transfer])
    assert sanity.midyear_cap_warnings(scn) == [
        "funding.land.transfer.cap_per_year.2013-07: a yearly budget is the value in force "
        "in each January, so 50.00 EUR never takes effect (2014-01 gives 2014's budget), and "
        "2013 keeps 100.00 EUR; key it 2013-01 for 2013's budget, or leave it out"]
    assert sanity.midyear_cap_warnings(scn, "de") == [
        "funding.land.transfer.cap_per_year.2013-07: ein Jahresbudget ist der Wert, der im "
        "Januar gilt, also gelten 50,00 EUR nie (2014-01 gibt das Budget 2014), und 2013 "
        "behält 100,00 EUR; den Schlüssel 2013-01 für das Budget 2013 setzen, oder ihn "
        "weglassen"]


def test_no_mid_year_warning_for_january_keys_or_years_outside_the_period() -> None:
    for cap in ({"2013-01": 100, "2014-01": 50}, {"2013-07": 100, "2014-01": 50},
                {"2013-01": 100, "2015-07": 50}, {"2011-01": 100, "2012-07": 50}):
        assert sanity.midyear_cap_warnings(
            scenario(funding=[{**LAND, "cap_per_year": cap}])) == [], cap


ESF_NEXT_CALL = ("funding.land.covers.2014-09: the funder pays until 2014-06, so this rule "
                 "set never takes effect (2013-01's holds to the end); set until to the last "
                 "month it pays, or leave the key out")


def test_a_covers_key_after_until_never_takes_effect(tmp_path: Path) -> None:
    """ESF+ rates of the next call written into the funder that ends before it: the key
    is accepted, its rule set is in force in no month the funder pays. Warned, as a
    yearly cap's key that never takes effect is, at validate and before the work."""
    from finsim.scenario import load_scenario

    dated = {**LAND, "covers": {"2013-01": {"wages": 0.5}, "2014-09": {"wages": 0.4}},
             "until": "2014-06"}
    scn = scenario(funding=[dated])
    assert sanity.unused_rule_set_warnings(scn) == [ESF_NEXT_CALL]
    assert sanity.unused_rule_set_warnings(scn, "de") == [
        "funding.land.covers.2014-09: der Geldgeber zahlt bis Juni 2014, dieser Regelsatz gilt "
        "also nie (2013-01 gilt bis zum Ende); until auf den letzten Monat setzen, in dem er "
        "zahlt, oder den Schlüssel weglassen"]
    assert ESF_NEXT_CALL in sanity.before_work_warnings(scn, 1, draws=False)
    path = tmp_path / "esf.yaml"
    path.write_text(yaml.safe_dump(deep_update(BASE, {"funding": [dated]})), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert f"warning: {path}: {ESF_NEXT_CALL}" in result.stderr.splitlines()
    assert sanity.unused_rule_set_warnings(load_scenario(path, ["funding.land.until=2014-09"])
                                           ) == []


def test_a_covers_key_replaced_before_from_never_takes_effect() -> None:
    early = {**LAND, "covers": {"2013-01": {"wages": 0.5}, "2013-06": {"wages": 0.4}},
             "from": "2013-09"}
    assert sanity.unused_rule_set_warnings(scenario(funding=[early])) == [
        "funding.land.covers.2013-01: the funder pays from 2013-09, when 2013-06's rule set "
        "is in force already, so this one never takes effect; set from to the first month "
        "it pays, or leave the key out"]
    for kept in ({**early, "from": "2013-05"}, {**early, "from": "2013-01"},
                 {**LAND, "until": "2013-06"}):
        assert sanity.unused_rule_set_warnings(scenario(funding=[kept])) == [], kept


def test_a_dated_cap_key_after_until_never_takes_effect() -> None:
    """The next call's caps written into the funder that ends before it: warned by the
    same check as a covers key, each field at its own path; a yearly budget's key names
    the January it would count from, and one written in a month the funder pays is told
    to key its year's January (not warned twice, as a mid-year key, too)."""
    capped = {**LAND, "until": "2014-06",
              "cap_per_person_month": {"2013-01": 1400, "2014-09": 1500},
              "cap_per_year": {"2013-01": 100000, "2014-09": 80000}}
    scn = scenario(funding=[capped])
    assert sanity.unused_rule_set_warnings(scn) == [
        "funding.land.cap_per_person_month.2014-09: the funder pays until 2014-06, so this "
        "value never takes effect (2013-01's holds to the end); set until to the last month "
        "it pays, or leave the key out",
        "funding.land.cap_per_year.2014-09: the funder pays until 2014-06, so this value "
        "never takes effect (a yearly budget's key counts from the next January, 2015-01; "
        "2013-01's holds to the end); set until to the last month it pays, or leave the "
        "key out"]
    assert sanity.unused_rule_set_warnings(scn, "de")[1] == (
        "funding.land.cap_per_year.2014-09: der Geldgeber zahlt bis Juni 2014, dieser Wert gilt "
        "also nie (der Schlüssel eines Jahresbudgets gilt ab dem nächsten Januar, also ab Januar 2015; "
        "2013-01 gilt bis zum Ende); until auf den letzten Monat setzen, in dem er zahlt, "
        "oder den Schlüssel weglassen")
    assert sanity.midyear_cap_warnings(scn) == []
    march = scenario(funding=[{**LAND, "until": "2014-06",
                               "cap_per_year": {"2013-01": 100000, "2014-03": 80000}}])
    assert sanity.before_work_warnings(march, 1, draws=False) == [
        "funding.land.cap_per_year.2014-03: the funder pays until 2014-06, so this value "
        "never takes effect (a yearly budget's key counts from the next January, 2015-01; "
        "2013-01's holds to the end); key it 2014-01 for 2014's budget, or leave the key out"]


def test_a_transfer_key_replaced_before_from_never_takes_effect() -> None:
    """The PAT's flat rate and ceiling are dated funder fields too; a schedule's first
    value holds before its first key, so a first key after until is in force."""
    pat = {**LAND, "from": "2013-09", "limited_to": "benefits_avoided",
           "transfer": {"per_person_month": {"2013-01": 800, "2013-06": 900},
                        "cap_per_year": {"2012-01": 5000, "2013-01": 6000}}}
    assert sanity.unused_rule_set_warnings(scenario(funding=[pat])) == [
        "funding.land.transfer.per_person_month.2013-01: the funder pays from 2013-09, when "
        "2013-06's value is in force already, so this one never takes effect; set from to "
        "the first month it pays, or leave the key out",
        "funding.land.transfer.cap_per_year.2012-01: the funder pays from 2013-09, when "
        "2013-01's value is in force already, so this one never takes effect; set from to "
        "the first month it pays, or leave the key out"]
    by_household = {**LAND, "until": "2014-06", "limited_to": "benefits_avoided",
                    "transfer": {"per_person_month": {"single": {"2013-01": 800, "2014-09": 900},
                                                      "couple": 1000}}}
    assert sanity.unused_rule_set_warnings(scenario(funding=[by_household])) == [
        "funding.land.transfer.per_person_month.single.2014-09: the funder pays until "
        "2014-06, so this value never takes effect (2013-01's holds to the end); set until "
        "to the last month it pays, or leave the key out"]
    for kept in ({**LAND, "until": "2013-06", "cap_per_person_month": {"2014-01": 1400}},
                 {**LAND, "from": "2013-09", "cap_per_year": {"2013-01": 1, "2013-11": 2}},
                 {**LAND, "until": "2014-06", "cap_per_year": {"2013-01": 1, "2014-01": 2}}):
        assert sanity.unused_rule_set_warnings(scenario(funding=[kept])) == [], kept

"""A dated key that is in force in no month simulated (probe 36's fuzzing): 2206-04
typed for 2026-04 in the referrals validated "ok" and ran silently, 2,739 referrals
instead of 272. A funder's key outside its months was warned already; every schedule's
user-written key now is, the same way, with the month likely meant where one is."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from finsim.analysis import sanity, sizing
from finsim.cli import main
from finsim.scenario import load_scenario, scenario_from_dict
from finsim.scenario.load import reloadable_data

ROOT = Path(__file__).resolve().parents[1]
SIXTEEN_I = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"
RAMP = "{2026-01: 70, 2026-02: 55, 2026-03: 45, %s}"


def validated(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "u.yaml"
    path.write_text(f"base: {SIXTEEN_I}\n{text}", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    return [line.replace(f"{path}: ", "") for line in result.stderr.splitlines()
            if "never takes effect" in line]


def test_a_mistyped_year_after_the_period_is_warned_with_the_month_meant(tmp_path: Path
                                                                        ) -> None:
    text = f"participants:\n  referrals_per_month: {RAMP % '2206-04: 2.0'}\n"
    assert validated(tmp_path, text) == [
        "warning: participants.referrals_per_month.2206-04: the period runs 2026-01 to "
        "2030-12, so this value never takes effect (2026-03's holds to the end): a typo for "
        "2026-04? Else leave the key out, or lengthen the period"]


def test_a_key_replaced_before_the_start_is_warned(tmp_path: Path) -> None:
    """1926-03 in date order before 2026-01: replaced before the start. (Written after
    2026-02, it is said as written out of order: ``test_unordered_schedule_keys``.)"""
    text = "participants:\n  referrals_per_month: {1926-03: 45, 2026-01: 70, 2026-02: 55}\n"
    assert validated(tmp_path, text) == [
        "warning: participants.referrals_per_month.1926-03: the period starts in 2026-01, "
        "when 2026-01's value is in force already, so this one never takes effect; leave "
        "the key out"]


def test_last_years_keys_before_the_start_are_history_not_typos(tmp_path: Path) -> None:
    """Wages kept from 2024 and 2025 before a period from 2026-01 were each warned "never
    takes effect; leave the key out", and --strict refused the file. A key replaced before
    the start is said only more than TYPO_YEARS (10) before it: 2015-01 is, 2016-01 not."""
    text = ("costs:\n  wages:\n    hourly: {%s2024-01: 12.41, 2025-01: 12.82, "
            "2026-01: 13.90, 2027-01: 14.60}\n")
    assert validated(tmp_path, text % "2016-01: 8.50, ") == []
    path = tmp_path / "u.yaml"
    strict = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert strict.exit_code == 0  # 2028's minimum wage, finsim's assumption, is a note
    assert strict.stdout == f"{path}: ok\n"
    [noted] = strict.stderr.splitlines()
    assert noted.startswith(f"note: {path}: costs.wages.hourly, costs.wages.subsidy_base."
                            "hourly: from 2028-01 on (36 of 60 months) the minimum wage is "
                            "finsim's assumption")
    assert validated(tmp_path, text % "2015-12: 8.50, ") == [
        "warning: costs.wages.hourly.2015-12: the period starts in 2026-01, when 2026-01's "
        "value is in force already, so this one never takes effect; leave the key out"]


def test_slots_and_wages_are_warned_and_a_typo_only_where_one_fits(tmp_path: Path) -> None:
    """2062-01 and 2207-01 read as 2026-01 and 2027-01, keys there already: no guess."""
    text = ("providers:\n  - {id: cjd, slots: {2026-01: 40, 2062-01: 10}}\ncosts:\n  wages:\n"
            "    hourly: {2026-01: 13.90, 2027-01: 14.60, 2207-01: 15.20}\n")
    assert validated(tmp_path, text) == [
        "warning: providers.cjd.slots.2062-01: the period runs 2026-01 to 2030-12, so this "
        "value never takes effect (2026-01's holds to the end); leave the key out, or "
        "lengthen the period",
        "warning: costs.wages.hourly.2207-01: the period runs 2026-01 to 2030-12, so this "
        "value never takes effect (2027-01's holds to the end); leave the key out, or "
        "lengthen the period"]


def test_a_funder_s_key_after_the_period_too_once(tmp_path: Path) -> None:
    """The funder's own ``until`` says it where it ends first (one line, not two)."""
    text = ("funding:\n  - id: land_esf\n    covers: {2026-01: {staff: 0.5, material: 1.0, "
            "qualification: 1.0}, 2207-01: {staff: 0.2}}\n")
    assert validated(tmp_path, text) == [
        "warning: funding.land_esf.covers.2207-01: the funder pays until 2029-12, so this "
        "rule set never takes effect (2026-01's holds to the end); set until to the last "
        "month it pays, or leave the key out"]
    assert validated(tmp_path, text.replace("2207-01", "2031-01") + "    until: null\n") == [
        "warning: funding.land_esf.covers.2031-01: the period runs 2026-01 to 2030-12, so "
        "this rule set never takes effect (2026-01's holds to the end); leave the key out, "
        "or lengthen the period"]


def test_said_in_german() -> None:
    data = reloadable_data(load_scenario(SIXTEEN_I))
    data["participants"]["referrals_per_month"] = {"2026-01": 70, "2206-04": 2.0,
                                                   "1926-03": 45, "2025-06": 50}  # history
    scn = scenario_from_dict(data)
    assert sanity.unused_schedule_key_warnings(scn, "de") == [
        "participants.referrals_per_month.1926-03: der Zeitraum beginnt im Januar 2026, wenn schon "
        "der Wert von 2026-01 gilt, dieser gilt also nie; den Schlüssel weglassen",
        "participants.referrals_per_month.2206-04: der Zeitraum läuft von Januar 2026 bis Dezember 2030, "
        "dieser Wert gilt also nie (2026-01 gilt bis zum Ende): ein Tippfehler für 2026-04? "
        "Sonst den Schlüssel weglassen, oder den Zeitraum verlängern"]


def test_a_base_s_keys_and_a_moved_period_are_not_the_user_s_typos(tmp_path: Path) -> None:
    """A shorter period over the base leaves its 2027 wage and later ramp keys unused:
    written for the base's period, not mistyped; the same keys in the file are. A period
    moved by ``--set`` is measured with the file's own too (the ramp-up moved past is
    another warning's)."""
    assert validated(tmp_path, "period: {start: 2026-01, months: 12}\n") == []
    own = "period: {start: 2026-01, months: 12}\ncosts:\n  wages:\n    hourly: {2026-01: 13.90, 2027-01: 14.60}\n"
    assert validated(tmp_path, own) == [
        "warning: costs.wages.hourly.2027-01: the period runs 2026-01 to 2026-12, so this "
        "value never takes effect (2026-01's holds to the end); leave the key out, or "
        "lengthen the period"]
    for sets in (["period.start=2029-01"], ["period.months=3"],
                 ["period.start=2024-01", "period.months=12"]):
        assert sanity.unused_schedule_key_warnings(load_scenario(SIXTEEN_I, sets)) == [], sets
    for start, months in (("2024-01", 12), ("2029-01", 12), ("2026-01", 3)):  # size --start
        moved = sizing.move_period(load_scenario(SIXTEEN_I), start, months)
        assert sanity.unused_schedule_key_warnings(moved) == [], start


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_no_shipped_scenario_has_an_unused_key(path: Path) -> None:
    scn = load_scenario(path)
    assert sanity.unused_schedule_key_warnings(scn) == []
    assert sanity.unused_price_key_warnings(scn) == []


def test_a_price_index_s_year_outside_the_period_is_warned_as_a_month_is(tmp_path: Path
                                                                        ) -> None:
    """``prices.material: {2027: 1.02, 2062: 1.05}`` (2062 typed for 2026) validated "ok"
    and left the index at 2027's to the end, while a month key so typed was warned. A
    year is now said the same way: after the period (with the year meant where one fits;
    a lone key leaves the index at 1.0), or replaced before the start more than 10 years
    before it (2016 before 2026 is history, not said; 2015 would be)."""
    text = ("prices:\n  material: {2027: 1.02, 2062: 1.05}\n  staff: {2062: 1.03}\n"
            "  wages: {2016: 0.9, 2026: 1.0}\n  qualification: {1990: 0.8, 2026: 1.0}\n")
    assert validated(tmp_path, text) == [
        "warning: prices.staff.2062: the period runs 2026-01 to 2030-12, so this index never "
        "takes effect (the index stays 1.0, as before its first year): a typo for 2026? Else "
        "leave the key out, or lengthen the period",
        "warning: prices.material.2062: the period runs 2026-01 to 2030-12, so this index "
        "never takes effect (2027's holds to the end): a typo for 2026? Else leave the key "
        "out, or lengthen the period",
        "warning: prices.qualification.1990: the period starts in 2026-01, when 2026's index "
        "is in force already, so this one never takes effect; leave the key out"]
    scn = load_scenario(tmp_path / "u.yaml")
    assert sanity.unused_price_key_warnings(scn, "de")[1] == (
        "prices.material.2062: der Zeitraum läuft von Januar 2026 bis Dezember 2030, dieser Index gilt "
        "also nie (2027 gilt bis zum Ende): ein Tippfehler für 2026? Sonst den Schlüssel "
        "weglassen, oder den Zeitraum verlängern")


def test_a_price_year_read_as_the_base_year_or_a_base_file_s_is_not_warned(tmp_path: Path
                                                                           ) -> None:
    """The base year's index is read (a plain number's prices), so 2013 is no typo with
    ``base_year: 2013``; a base file's years were written for its own period."""
    text = "prices:\n  base_year: 2013\n  material: {2013: 1.0, 2026: 1.2, 2045: 1.5}\n"
    assert validated(tmp_path, text) == [
        "warning: prices.material.2045: the period runs 2026-01 to 2030-12, so this index "
        "never takes effect (2026's holds to the end); leave the key out, or lengthen the "
        "period"]
    (tmp_path / "base.yaml").write_text(f"base: {SIXTEEN_I}\n{text}", encoding="utf-8")
    over = tmp_path / "over.yaml"
    over.write_text(f"base: {tmp_path / 'base.yaml'}\nname: over\n", encoding="utf-8")
    assert sanity.unused_price_key_warnings(load_scenario(over)) == []

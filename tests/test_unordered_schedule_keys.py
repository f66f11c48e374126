"""A dated key written out of order that never takes effect (probe 5): referrals
``{2013-01: 70, 2013-02: 55, 2012-03: 45, 2013-04: 0.3}`` validated "ok" and ran with
2013-02's 55 through March, the 2012-03 key being history before the period. Written
after a later month, the key is a likely typo: warned at its line, with the month meant
where one slip of its year gives one between its neighbours."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from finsim.analysis import sanity
from finsim.cli import main
from finsim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
TYPO = "participants:\n  referrals_per_month: {2013-01: 70, 2013-02: 55, 2012-03: 45, 2013-04: 0.3}\n"


def written(tmp_path: Path, text: str, base: Path = SEED) -> Path:
    path = tmp_path / "u.yaml"
    path.write_text(f"base: {base}\n{text}", encoding="utf-8")
    return path


def warned(path: Path) -> list[str]:
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    return [line for line in result.stderr.splitlines() if "never takes effect" in line]


def test_a_mistyped_year_between_two_months_is_warned_at_its_line(tmp_path: Path) -> None:
    path = written(tmp_path, TYPO)
    assert warned(path) == [
        f"warning: {path}:3: participants.referrals_per_month: 2012-03 is written after "
        "2013-02 and never takes effect: a typo for 2013-03? Else leave the key out"]


def test_strict_refuses_it_at_its_line(tmp_path: Path) -> None:
    path = written(tmp_path, TYPO)
    result = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if "2012-03" in line] == [
        f"{path}:3: --strict: participants.referrals_per_month: 2012-03 is written after "
        "2013-02 and never takes effect: a typo for 2013-03? Else leave the key out"]


def test_every_dated_schedule_is_read_the_same_way(tmp_path: Path) -> None:
    """A Regelbedarf's last key, 2004-01 for 2014-01: 9 years before the period, history
    in date order, it is the key after 2013-01 as written."""
    path = written(tmp_path, "passive_benefits:\n  parts:\n    regelbedarf:\n"
                             "      single: {2013-01: 382, 2004-01: 391}\n"
                             "      couple_no_children: {2013-01: 690, 2014-01: 706}\n"
                             "      single_parent: {2013-01: 590.52, 2014-01: 608.76}\n"
                             "      not_stated: {2013-01: 382, 2014-01: 391}\n")
    assert warned(path) == [
        f"warning: {path}:5: passive_benefits.parts.regelbedarf.single: 2004-01 is written "
        "after 2013-01 and never takes effect: a typo for 2014-01? Else leave the key out"]


def test_no_month_meant_where_no_slip_of_one_digit_gives_one(tmp_path: Path) -> None:
    """1912-03 is two digits from 2013: said once, as out of order, not also as a key
    replaced before the start (more than 10 years before it)."""
    path = written(tmp_path, "participants:\n  referrals_per_month: "
                             "{2013-01: 70, 2013-02: 55, 1912-03: 45}\n")
    assert warned(path) == [
        f"warning: {path}:3: participants.referrals_per_month: 1912-03 is written after "
        "2013-02 and never takes effect; leave the key out"]


def test_a_key_out_of_order_that_takes_effect_or_a_base_s_is_not_warned(tmp_path: Path
                                                                         ) -> None:
    path = written(tmp_path, "participants:\n  referrals_per_month: "
                             "{2013-01: 70, 2013-04: 0.3, 2013-02: 55, 2013-03: 45}\n")
    assert warned(path) == []
    base = written(tmp_path, TYPO)
    over = tmp_path / "over.yaml"
    over.write_text(f"base: {base}\nname: over\n", encoding="utf-8")
    assert warned(over) == []


def test_a_set_that_replaces_the_schedule_leaves_no_line(tmp_path: Path) -> None:
    path = written(tmp_path, TYPO)
    scn = load_scenario(path, ["participants.referrals_per_month={2013-01: 70, 2013-04: 1}"])
    assert sanity.unordered_key_warnings(scn) == []
    assert len(sanity.unordered_key_warnings(load_scenario(path))) == 1


def test_said_in_german(tmp_path: Path) -> None:
    path = written(tmp_path, TYPO)
    assert sanity.unordered_key_warnings(load_scenario(path), "de") == [
        f"{path}:3: participants.referrals_per_month: 2012-03 steht nach 2013-02 und gilt "
        "nie: ein Tippfehler für 2013-03? Sonst den Schlüssel weglassen"]

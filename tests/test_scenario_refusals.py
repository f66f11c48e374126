"""Every class of bad input is refused with one line per problem: file, path, value, fix."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.scenario import ScenarioError, load_scenario

INVALID = Path(__file__).parent / "fixtures" / "invalid"

CASES = {
    "unknown_key.yaml": ["employment.hazard: unknown key 'hazard'", "did you mean 'hazards'?"],
    "bad_values.yaml": [
        ":2: period.start: '2013-13' is not a month",
        "period.months: expected at least 1 (given: 0)",
        "participants.referrals_per_month: expected a number from 0 to 1,000,000",
        "participants.mix.sex: shares sum to 0.9, expected 1",
        "employment.hazards.placement: expected less than 1 (given: 1.0)",
        "providers.a.slots: expected a whole number from 0 to 1,000,000",
        "costs.wages.employer_contributions: expected a share from 0 to 1 or a schedule "
        "{YYYY-MM: value} (given: 1.5)",
    ],
    "duplicate_ids.yaml": ["providers.a: duplicate id 'a'"],
    "shares_over_one.yaml": ["at most one funder covers the remainder", "shares of 'wages' add up to 1.1"],
    "total_with_category.yaml": ["'total' cannot be combined"],
    "unknown_attribute.yaml": [
        "when.age: 'middle' is not a value of participants.mix.age",
        "attribute 'sex' is not in participants.mix",
    ],
    "python_tag.yaml": ["python_tag.yaml:1: name: the YAML tag "
                        "!!python/object/apply:os.system is not part of the scenario format; "
                        "write the value without the tag"],
    "syntax_error.yaml": [":2:34: YAML syntax error: this '[' is not closed before the end of "
                          "the file — close it with ']' (or put a comma between its items)"],
    "empty.yaml": ["the file is empty"],
    "missing_base.yaml": ["base: base file", "does not exist"],
    "loop_a.yaml": ["base: inheritance loops"],
    "bad_uncertainty.yaml": ["triangular needs low, mode, high; missing mode", "normal takes mean, sd; not low"],
    "duplicate_key.yaml": ["duplicate key 'name'"],
    "uncertainty_out_of_range.yaml": [
        "uncertainty.employment.hazards.dropout.high: not an allowed value",
        "uncertainty.employment.hazards.placment: not a parameter path",
    ],
    "reserved_ids.yaml": ["funding.gap: 'gap' cannot be a funder id"],
    "ceilings.yaml": ["period.months: expected at most 1,200"],
    "non_finite.yaml": ["costs.wages.hourly: nan and infinities are not allowed"],
    "money_too_large.yaml": ["costs.wages: the wage costs could reach"],
    "horizon_after_9999.yaml": ["after 9999-12"],
    "alias_bomb.yaml": ["more than 200,000 values"],
    "deep_nesting.yaml": ["nested more than 64 levels deep"],
    "recursive_alias.yaml": ["a recursive structure"],
    "control_character.yaml": ["contains the control character 0x00"],
    "not_utf8.yaml": ["is not UTF-8 text"],
    "base_not_yaml.yaml": ["a base must be a scenario file ending in .yaml or .yml"],
    "base_directory.yaml": ["is a directory, not a scenario file"],
    "base_empty.yaml": ["base: expected the path of a scenario file"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_refused_with_every_problem_named(name):
    """Each expected problem appears, each on a line of its own naming the file."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(INVALID / name)
    lines = [str(p) for p in caught.value.problems]
    for expected in CASES[name]:
        assert any(expected in line for line in lines), (expected, lines)
    assert all(name in line for line in lines)


def test_python_tag_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    bad = tmp_path / "bad.yaml"
    bad.write_text(f'name: !!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(ScenarioError):
        load_scenario(bad)
    assert not marker.exists()


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_validate_exits_2_without_traceback(name):
    result = CliRunner().invoke(main, ["validate", str(INVALID / name)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert name in result.output


def test_cli_validate_missing_file_and_directory(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nope.yaml"), str(tmp_path)])
    assert result.exit_code == 2
    assert "file does not exist" in result.output
    assert "is a directory" in result.output


def test_cli_validate_ok_exits_0():
    result = CliRunner().invoke(main, ["validate", str(INVALID.parent / "small.yaml")])
    assert result.exit_code == 0, result.output


def test_a_duplicate_id_is_named_with_the_file_s_other_problems(tmp_path):
    """A provider listed twice hid every other problem of the file until it was fixed."""
    path = tmp_path / "both.yaml"
    path.write_text("name: Bad\nperiod: {start: 2026-1, months: 12}\n"
                    "participants: {referrals_per_month: 5}\n"
                    "providers:\n  - {id: p1, slots: 10}\n  - {id: p1, slots: -3}\n"
                    "costs: {wages: {hourly: 15}}\n",
                    encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    lines = [str(p).replace(str(path), "both.yaml") for p in err.value.problems]
    assert lines == [  # in the file's order, each at the line of what is wrong
        "both.yaml:2: period.start: '2026-1' is not a month: expected YYYY-MM, e.g. 2026-01 "
        "(given: '2026-1')",
        "both.yaml:6: providers.p1: duplicate id 'p1' (first on line 5): ids must be unique",
        "both.yaml:6: providers.1.slots: expected a whole number from 0 to 1,000,000 or a "
        "schedule {YYYY-MM: value} (given: -3)"]


def test_an_overhead_rate_meant_as_percent_is_refused():
    """``rate_on_staff: 10`` (meant as 10 %) ran as 1,000 % of the staff costs; a share
    is at most 1, as everywhere else in the format, a provider's own too."""
    from tests.conftest import SMALL

    with pytest.raises(ScenarioError) as caught:
        load_scenario(SMALL, ["costs.overhead.rate_on_staff=10",
                              "providers.beta.costs.overhead={rate_on_staff: 15}"])
    assert {(p.path, p.message) for p in caught.value.problems} == {
        ("costs.overhead.rate_on_staff", "expected at most 1"),
        ("providers.beta.costs.overhead.rate_on_staff", "expected at most 1")}
    assert load_scenario(SMALL, ["costs.overhead.rate_on_staff=1"]).costs.overhead \
        .rate_on_staff == 1


def test_two_mix_attributes_differing_only_in_case_are_one_line_naming_both(
        tmp_path: Path) -> None:
    """A caseload file's column names are matched in any case, so a column ``sex`` could
    be ``sex`` or ``Sex``: the scenario is refused at validation, one line naming both."""
    path = tmp_path / "mix.yaml"
    path.write_text(
        "name: mix\nperiod: {start: 2027-01, months: 12}\n"
        "participants:\n  referrals_per_month: 1\n  mix:\n"
        "    sex: {male: 0.5, female: 0.5}\n    Sex: {male: 1.0}\n"
        "providers: [{id: a, slots: 1}]\n"
        "costs: {wages: {hourly: 14, hours_per_week: 39}}\n"
        "funding: [{id: j, covers: remainder}]\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:7: participants.mix.Sex: attributes participants.mix.sex and "
        "participants.mix.Sex are one column to a caseload file (its column names are "
        "matched in any case and without surrounding spaces), which could not tell them "
        "apart: rename one"]

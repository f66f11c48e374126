"""A YAML syntax error is one line: file:line:column, what YAML found in plain words and
a likely fix, at the line of the slip where the text tells it (exit 2, no traceback).
PyYAML's own words ("expected <block end>, but found '<block mapping start>'") said
nothing a scenario's author could act on, and a key dedented out of its block was named
at the line after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from finsim.cli import main

TEXT = """\
name: Slips
period:
  start: 2027-04
  months: 30
employment:
  max_months: 24
  hazards:
    placement: 0.02
    dropout: 0.015
costs:
  wages:
    hourly: minimum_wage
    subsidy_base:
      hourly: minimum_wage
      contributions: 0.1985
"""
"""Line 7: hazards; 8: placement; 9: dropout; 13: subsidy_base; 14-15: its keys."""


def refused(tmp_path: Path, text: str, *more: str) -> list[str]:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), *more])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output.replace(str(path), "s.yaml").splitlines()


def test_a_key_dedented_out_of_its_block_is_named_at_its_own_line(tmp_path):
    """PyYAML names line 9 ("mapping values are not allowed here"); the slip is line 8."""
    text = TEXT.replace("    placement: 0.02", "  placement: 0.02")
    assert refused(tmp_path, text) == [
        "s.yaml:8:3: YAML syntax error: line 8 (placement) is not indented under line 7 "
        "(hazards:), so YAML reads line 9 as more of its value — check the indentation of "
        "line 8 against the line above: indent it like line 9"]


def test_a_key_indented_too_deep_is_named_at_its_own_line(tmp_path):
    text = TEXT.replace("    dropout: 0.015", "      dropout: 0.015")
    assert refused(tmp_path, text) == [
        "s.yaml:9:7: YAML syntax error: line 9 (dropout) is indented more than line 8 above "
        "it (6 spaces, not 4), so YAML reads it as more of line 8's value — check the "
        "indentation of line 9 against the line above"]


def test_a_trailing_comment_does_not_hide_the_slip(tmp_path):
    """With a comment after its value, PyYAML breaks on line 9's start ("expected <block
    end>, but found '<block mapping start>'", at 9:5) instead of its ':'; the same slips
    are named as without one."""
    dedented = TEXT.replace("    placement: 0.02", "  placement: 0.02  # [E] 2 %/month")
    assert refused(tmp_path, dedented) == [
        "s.yaml:8:3: YAML syntax error: line 8 (placement) is not indented under line 7 "
        "(hazards:), so YAML reads line 9 as more of its value — check the indentation of "
        "line 8 against the line above: indent it like line 9"]
    deeper = TEXT.replace("    placement: 0.02", "    placement: 0.02  # [E]").replace(
        "    dropout: 0.015", "      dropout: 0.015")
    assert refused(tmp_path, deeper) == [
        "s.yaml:9:7: YAML syntax error: line 9 (dropout) is indented more than line 8 above "
        "it (6 spaces, not 4), so YAML reads it as more of line 8's value — check the "
        "indentation of line 9 against the line above"]


def test_a_block_key_written_twice_is_named_as_a_duplicate(tmp_path):
    """``providers:`` then ``providers: abc`` above the first one's items: PyYAML breaks on
    the item below; indenting line 3 "like line 4" left the file broken. The slip is the
    second key, named as a plain duplicate key is."""
    text = "name: Twice\nproviders:\nproviders: abc\n  - {id: caritas, slots: 48}\n"
    assert refused(tmp_path, text) == ["s.yaml:3:1: duplicate key 'providers' (first on line 2)"]
    plain = "name: Twice\nproviders: abc\nproviders: abd\n"
    assert refused(tmp_path, plain) == ["s.yaml:3: duplicate key 'providers' (first on line 2)"]
    apart = TEXT.replace("costs:\n", "costs:\nemployment: 3\n  hazards: 1\n")
    assert refused(tmp_path, apart) == [
        "s.yaml:11:1: duplicate key 'employment' (first on line 5)"]


def test_a_key_between_two_blocks_indentations_says_so(tmp_path):
    """PyYAML: "expected <block end>, but found '<block mapping start>'"."""
    text = TEXT.replace("      contributions: 0.1985", "     contributions: 0.1985")
    assert refused(tmp_path, text) == [
        "s.yaml:15:6: YAML syntax error: line 15 (contributions) is indented 5 spaces: less "
        "than line 14 above it (6 spaces), more than the block that starts on line 12 (4 "
        "spaces), so it belongs to neither — check the indentation of line 15 against the "
        "line above"]


@pytest.mark.parametrize(("slip", "line"), [
    (("name: Slips", "name: Ziel: Arbeit"),
     "s.yaml:1:11: YAML syntax error: a second ': ' in a value (name: Ziel: Arbeit), which "
     "YAML reads as a key inside it — quote the value: name: 'Ziel: Arbeit'"),
    (("name: Slips", 'name: "Slips'),
     's.yaml:1:7: YAML syntax error: this quote (") is never closed — close it with " at '
     "the end of its text"),
    (("  months: 30", "  months: [30"),
     "s.yaml:4:11: YAML syntax error: this '[' is not closed before line 5, column 11 — "
     "close it with ']' (or put a comma between its items)"),
    (("    dropout: 0.015", "\tdropout: 0.015"),
     "s.yaml:9:1: YAML syntax error: a tab, which YAML does not allow for indentation — "
     "indent with spaces"),
    (("name: Slips", "name: Small\ttest"),  # a tab where a space was meant, not indentation
     "s.yaml:1:12: YAML syntax error: a tab after 'name: Small', which YAML does not allow "
     "between the words of a value — write a space instead"),
    (("    placement: 0.02", "\u00a0\u00a0  placement: 0.02"),  # pasted from a mail or Word
     "s.yaml:8: indented with non-breaking spaces (U+00A0); use plain spaces"),
    (("  hazards:", "\u00a0 hazards:"),  # YAML broke on line 8, as more of line 6's value
     "s.yaml:7: indented with non-breaking spaces (U+00A0); use plain spaces"),
    (("name: Slips", "name: Slips\n\u00a0\u00a0description: x"),  # YAML read a key of
     "s.yaml:2: indented with non-breaking spaces (U+00A0); use plain spaces"),  # the top
])
def test_other_syntax_errors_say_what_to_change(tmp_path, slip, line):
    assert refused(tmp_path, TEXT.replace(*slip)) == [line]


def test_a_set_value_that_is_no_yaml_says_what_to_change():
    seed = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    result = CliRunner().invoke(main, ["show", str(seed), "--set", "period.months=[1, 2"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{seed} (--set): period.months: the value is not valid YAML: this '[' is not closed before "
        "the end of the value — close it with ']' (or put a comma between its items)"]


@pytest.mark.parametrize(("given", "value"), [
    ("costs.wages.hourly=*0.9",  # ten digits, not 8.901000000000002; 8.9010 is no thousands
     "costs.wages.hourly={2013-01: 8.9010} ({2013-01: 9.89} x 0.9)"),
    ("costs.staff.coach_cost_per_year=*0.9",
     "costs.staff.coach_cost_per_year=49500 (55000 x 0.9)"),
    ("providers.cjd.slots=*1.2", "providers.cjd.slots=47 (39 x 1.2)"),  # whole, half up
    ("costs.wages.hourly=*x", None)])
def test_a_factor_given_to_set_is_refused_with_the_value_to_write(given, value):
    """``run --set costs.wages.hourly=*0.9`` (a sensitivity point run on its own) was "the
    value is not valid YAML: expected alphabetic or numeric character, but found '.'":
    YAML read ``*0.9`` as an alias."""
    seed = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    result = CliRunner().invoke(main, ["run", str(seed), "--no-uncertainty", "--set", given])
    path, _, factor = given.partition("=")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{seed} (--set): {path}: --set takes a value, not a factor: {factor} scales a value "
        f"in sensitivity --param {path}=*LOW:HIGH — write the value"
        + (f": {value}" if value else "")]

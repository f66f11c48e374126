"""Every problem of a scenario file in one run: a value refused where it is read (``yes``
where a number goes) or by the model (slots -20, an unknown key) does not hide the
checks across fields that do not read it; those that do read it are left out, and so is
a line that only follows from another (a share sum from a refused ``net_of``)."""

from pathlib import Path

from click.testing import CliRunner

from finsim.cli import main

SCENARIO = """\
name: Stages
period: {start: 2013-01, months: 12}
participants:
  referrals_per_month: 10
  initial: 25
  mix:
    age: {young: 0.5, old: 0.5}
employment:
  hazards: {placement: 0.01, dropout: 0.01}
  modifiers:
    - when: {age: young}
      placement: 1.5
providers:
  - {id: alpha, name: Alpha, slots: 20}
  - {id: beta, name: Beta, slots: 10}
costs:
  wages: {hourly: 8.5, hours_per_week: 30}
  staff: {participants_per_coach: 12, coach_cost_per_year: 50000}
  material: {per_slot_month: 50}
funding:
  - {id: city, name: City, public: true, covers: {wages: 0.5, staff: 0.5}}
  - {id: jobcenter, name: Jobcenter, public: true, covers: {wages: 0.725}, net_of: [city]}
  - {id: land, name: Land, public: true, covers: {staff: 0.5}}
  - {id: employers, name: Employers, public: false, covers: remainder}
"""


def _validate(tmp_path: Path, *changes: tuple[str, str]) -> list[str]:
    """The lines ``finsim validate`` prints for ``SCENARIO`` with ``changes`` made (each
    text written once in it), without the file's name; it must exit with 2."""
    text = SCENARIO
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    return [line.removeprefix(str(path)) for line in result.stderr.splitlines()]


def test_the_scenario_is_valid(tmp_path: Path):
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (0, "")


def test_problems_of_every_stage_come_in_one_run_in_the_file_s_order(tmp_path: Path):
    """A true or false (refused before the model reads the file), a negative slots and an
    unknown key (refused by the model) and two ids no other field has (checked across
    fields): the last were said only once the others were fixed, the unknown key hid
    the slots' line's neighbours, and the true or false hid all but itself."""
    assert _validate(tmp_path, ("  hazards:", "  hazard:"), ("{age: young}", "{age: yung}"),
                     ("slots: 20", "slots: -20"), ("hours_per_week: 30", "hours_per_week: yes"),
                     ("net_of: [city]", "net_of: [citty]")) == [
        ":9: employment.hazard: unknown key 'hazard' — did you mean 'hazards'?",
        ":11: employment.modifiers.0.when.age: 'yung' is not a value of participants.mix.age "
        "(young, old)",
        ":14: providers.alpha.slots: expected a whole number from 0 to 1,000,000 or a "
        "schedule {YYYY-MM: value} (given: -20)",
        ":17: costs.wages.hours_per_week: expected a number, not true or false (given: True)",
        ":22: funding.jobcenter.net_of: 'citty' is not a funder listed before 'jobcenter' "
        "(city)",
    ]


def test_a_check_that_reads_a_refused_value_is_left_out(tmp_path: Path):
    """25 people at the start and 30 slots: with alpha's slots refused, the providers'
    slots are not known, so the cohort is not weighed against them (it was said as more
    than 10 slots, beta's alone, would it be read without alpha's)."""
    assert _validate(tmp_path, ("slots: 20", "slots: -20")) == [
        ":14: providers.alpha.slots: expected a whole number from 0 to 1,000,000 or a "
        "schedule {YYYY-MM: value} (given: -20)"]
    assert _validate(tmp_path, ("slots: 20", "slots: 10")) == [
        ":5: participants.initial: 25 people at the start, but the providers have 20 slots "
        "in 2013-01: expected at most 20 (a waiting list at the start comes from a caseload "
        "file, docs/caseload-format.md)"]


def test_a_net_of_typo_is_said_without_the_share_sum_it_gives(tmp_path: Path):
    """Not netted of city, jobcenter's 0.725 adds up to 1.225 with city's 0.5: that sum
    follows from the typo, and was said before it (a line above it). The staff shares of
    city and land, which jobcenter has no part in, are still added up."""
    assert _validate(tmp_path, ("net_of: [city]", "net_of: [citty]")) == [
        ":22: funding.jobcenter.net_of: 'citty' is not a funder listed before 'jobcenter' "
        "(city)"]
    assert _validate(tmp_path, ("net_of: [city]", "net_of: [citty]"),
                     ("covers: {staff: 0.5}", "covers: {staff: 0.6}")) == [
        ":22: funding.jobcenter.net_of: 'citty' is not a funder listed before 'jobcenter' "
        "(city)",
        ":23: funding.land.covers.staff: shares of 'staff' add up to 1.1 (city 0.5, land "
        "0.6), more than 1; expected at most 1 together"]


def test_a_required_key_is_not_said_missing_beside_its_misspelling(tmp_path: Path):
    """``referals_per_month`` is said as a near miss of ``referrals_per_month``: a line
    saying that one is missing (at the block, before it) only followed from it."""
    assert _validate(tmp_path, ("  referrals_per_month:", "  referals_per_month:")) == [
        ":4: participants.referals_per_month: unknown key 'referals_per_month' — did you "
        "mean 'referrals_per_month'?"]
    assert _validate(tmp_path, ("  referrals_per_month: 10\n", "")) == [
        ":3: participants.referrals_per_month: required key is missing"]


def test_nothing_is_written_for_a_file_with_problems(tmp_path: Path):
    text = SCENARIO.replace("slots: 20", "slots: -20").replace("[city]", "[citty]")
    path, out = tmp_path / "s.yaml", tmp_path / "out"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(path), "-n", "2", "--out", str(out)])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 2
    assert not out.exists()


def test_a_caseload_file_s_problems_come_with_a_problem_it_is_not_read_against(
        tmp_path: Path):
    """The caseload file is read against the period, the mix and the providers: a
    ``net_of`` typo does not hold back its lines; slots refused do (a row's provider and
    the slots it fills are not known)."""
    (tmp_path / "c.csv").write_text("person,provider,entry,exit,exit_reason\n"
                                    "p1,alpha,2012-07,,\np2,gamma,2012-08,,\n",
                                    encoding="utf-8")
    unknown = (f"{tmp_path / 'c.csv'}:3: provider: unknown provider (known: alpha, beta) "
               "(given: 'gamma')")
    assert _validate(tmp_path, ("initial: 25", "initial: c.csv"),
                     ("net_of: [city]", "net_of: [citty]")) == [
        ":22: funding.jobcenter.net_of: 'citty' is not a funder listed before 'jobcenter' "
        "(city)", unknown]
    assert _validate(tmp_path, ("initial: 25", "initial: c.csv"),
                     ("slots: 20", "slots: -20")) == [
        ":14: providers.alpha.slots: expected a whole number from 0 to 1,000,000 or a "
        "schedule {YYYY-MM: value} (given: -20)"]


def test_a_key_refused_for_a_control_character_hides_only_its_own_lines(tmp_path: Path):
    """A control character in a key is refused at the block that has it, before the model
    reads the file: the model's "unknown key" of it follows from that, a negative
    referral rate beside it does not."""
    assert _validate(tmp_path, ("  mix:", '  "mi\\x1bx":'),
                     ("referrals_per_month: 10", "referrals_per_month: -10")) == [
        ":3: participants: holds a control character (U+001B): ids, names, months and other "
        "words cannot (a description may hold tabs and line breaks) (given: 'mi\\x1bx')",
        ":4: participants.referrals_per_month: expected a number from 0 to 1,000,000 or a "
        "schedule {YYYY-MM: value}, or 'on_demand' (given: -10)"]

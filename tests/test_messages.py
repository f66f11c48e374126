"""Refusals through the real command line: one line per problem that names the file (or
``--set``), the dotted path of the value at fault, that value alone, and what is
expected; exit 2, nothing written. The scenario is written here, so its line numbers
are this file's to know."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsim.cli import main

SCENARIO = """\
name: Messages
period: {start: 2013-01, months: 24}
simulation: {replications: 2, seed: 7}
participants:
  referrals_per_month: {2013-01: 20, 2013-04: 4}
  mix:
    sex: {male: 0.6, female: 0.4}
providers:
  - {id: alpha, slots: 30}
  - id: beta
    slots: {2013-01: 10, 2014-01: 20}
costs:
  wages: {hourly: 8.62, hours_per_week: 39, employer_contributions: 0.2}
  staff:
    participants_per_coach: 12
    coach_cost_per_year: 55000
funding:
  - id: jobcenter
    covers: {wages: 0.75}
  - {id: land, covers: {staff: 1.0, material: 1.0}}
  - {id: employers, public: false, covers: remainder}
"""
"""Line 13: costs.wages; 14: costs.staff; 19: funding.jobcenter.covers; 20: land."""


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "program.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def refused(args: list[str], out: Path | None = None) -> list[str]:
    """The lines of a refusal (exit 2, a line per problem, no traceback, nothing at
    ``out``)."""
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    if out is not None:
        assert not out.exists()
    return result.output.splitlines()


def run_set(scenario: Path, *sets: str) -> list[str]:
    out = scenario.parent / "results"
    args = ["run", str(scenario), "-n", "2", "-q", "--out", str(out)]
    for setting in sets:
        args += ["--set", setting]
    return refused(args, out)


def test_a_tiny_coach_ratio_is_named_as_the_cause_with_the_least_ratio(scenario):
    """It used to say "costs: the costs could reach inf EUR over the horizon (staff inf
    EUR), above finsim's ceiling ...", then "the staff costs could reach inf EUR" at
    costs.staff: the ratio, not an amount, is what to change. The coach costs at a ratio
    of 1: 30 + 10 slots in 2013, 30 + 20 in 2014, 1,080 slot-months x 55,000 / 12 EUR =
    4,950,000 EUR; beside the other costs (about 2.4e6 EUR) a ratio of 4.95e-06 passes
    1e12 EUR by them: 4.96e-06 is the least, rounded up."""
    assert run_set(scenario, "costs.staff.participants_per_coach=1e-308") == [
        f"{scenario} (--set): costs.staff.participants_per_coach: 1e-308 participants per "
        "coach would make the costs reach infinite amounts over the horizon, above finsim's "
        "ceiling of 1e+12 EUR that keeps every cent exact; expected at least 4.96e-06 "
        "participants per coach"]
    assert run_set(scenario, "costs.staff.participants_per_coach=1e-8") == [
        f"{scenario} (--set): costs.staff.participants_per_coach: 1e-08 participants per "
        "coach would make the costs reach 4.95e+14 EUR over the horizon, above finsim's "
        "ceiling of 1e+12 EUR that keeps every cent exact; expected at least 4.96e-06 "
        "participants per coach"]


def test_the_costs_ceiling_names_the_parameters_and_what_is_expected(scenario):
    """A coach cost past the ceiling at any ratio: every parameter named (1,080
    slot-months x 1e12 / 12 EUR a month / 12 participants per coach = 7.5e12 EUR)."""
    assert run_set(scenario, "costs.staff.coach_cost_per_year=1e12") == [
        f"{scenario}:14 (with --set): costs.staff: the staff costs could reach 7.5e+12 EUR over "
        "the horizon (7.5e+12 EUR in all), above finsim's ceiling of 1e+12 EUR that keeps every "
        "cent exact: from costs.staff.participants_per_coach = 12, "
        "costs.staff.coach_cost_per_year = 1e+12 for up to 50 slots over 24 months; expected "
        "values whose costs stay below 1e+12 EUR"]


def test_the_wage_ceiling_names_the_rate_the_set_made_too_large(scenario):
    # 40 slots in 2013 and 50 in 2014: 1,080 slot-months x 1e9 EUR/h x 39 h x 52/12 x 1.2
    # = 2.19024e14 EUR
    assert run_set(scenario, "costs.wages.hourly=1e9") == [
        f"{scenario}:13 (with --set): costs.wages: the wage costs could reach 2.19e+14 EUR "
        "over the horizon (2.19e+14 EUR in all), above finsim's ceiling of 1e+12 EUR that "
        "keeps every cent exact: from costs.wages.hourly = 1e+09, costs.wages.hours_per_week "
        "= 39, costs.wages.employer_contributions = 0.2 for up to 50 slots over 24 months; "
        "expected values whose costs stay below 1e+12 EUR"]


def test_a_share_given_with_set_is_named_by_its_own_path_and_by_set(scenario):
    """It used to be "FILE:183: funding.jobcenter.covers: wages: share 1.0000001 is not in
    [0, 1] (given: {'wages': 1.0000001})": the parent's path, the whole mapping, and the
    line of a value the user did not write there."""
    assert run_set(scenario, "funding.jobcenter.covers.wages=1.0000001") == [
        f"{scenario} (--set): funding.jobcenter.covers.wages: expected a share from 0 to 1, "
        "or {by_tenure_year: [...]} (given: 1.0000001)"]


def test_a_share_written_in_the_file_is_named_by_its_line_and_path(scenario):
    """The README's example line."""
    scenario.write_text(SCENARIO.replace("{staff: 1.0, material: 1.0}",
                                         "{staff: 1.0, material: 1.5}"), encoding="utf-8")
    line = (f"{scenario}:20: funding.land.covers.material: expected a share from 0 to 1 "
            "(given: 1.5) — a share, 0.015 for 1.5 %")
    assert refused(["validate", str(scenario)]) == [line]
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert line.replace(str(scenario), "program.yaml") + "\n" in readme


def test_the_finsim_program_refuses_on_stderr_with_exit_2(scenario):
    """The program itself, not only the click command: stderr, exit 2, nothing written."""
    out = scenario.parent / "results"
    done = subprocess.run([sys.executable, "-m", "finsim", "run", str(scenario), "-n", "2",
                           "-q", "--out", str(out), "--set",
                           "funding.jobcenter.covers.wages=1.0000001"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{scenario} (--set): funding.jobcenter.covers.wages: expected a share from 0 to 1, "
        "or {by_tenure_year: [...]} (given: 1.0000001)"]
    assert not out.exists()


def test_a_dated_rule_set_names_the_month_and_the_category(scenario):
    scenario.write_text(SCENARIO.replace(
        "covers: {wages: 0.75}", "covers: {2013-01: {wages: 0.75}, 2014-01: {wages: 2}}"),
        encoding="utf-8")
    assert refused(["validate", str(scenario)]) == [
        f"{scenario}:19: funding.jobcenter.covers.2014-01.wages: expected a share from 0 to "
        "1, or {by_tenure_year: [...]} (given: 2) — a share, 0.02 for 2 %"]


def test_a_set_beside_dated_rule_sets_says_with_set(scenario):
    """``--set funding.jobcenter.covers.wages=0.7`` beside a dated ``covers`` blamed the
    file alone (``program.yaml:19: ...covers.2013-01``): the file's key clashes with the
    value set, so the line says both, as other clashes with a --set do."""
    scenario.write_text(SCENARIO.replace(
        "covers: {wages: 0.75}", "covers: {2013-01: {wages: 0.75}, 2014-01: {wages: 0.5}}"),
        encoding="utf-8")
    lines = run_set(scenario, "funding.jobcenter.covers.wages=0.7")
    assert len(lines) == 1 and lines[0].startswith(
        f"{scenario}:19 (with --set): funding.jobcenter.covers.")


def test_a_schedule_key_that_is_no_month_is_named_and_lines_come_in_order(scenario):
    """A typo in a schedule's key named the schedule (``costs.staff.coach_cost_per_year:
    '2013-01-15' is not a month``), not the key, as a covers key is named; and a file's
    refusals came in pydantic's field order (lines 20, 14, 19), not the file's."""
    scenario.write_text(SCENARIO.replace(
        "coach_cost_per_year: 55000", "coach_cost_per_year: {2013-01-15: 55000}").replace(
        "covers: {wages: 0.75}", "covers: {2013-13: {wages: 0.75}}").replace(
        "{id: land, covers:", "{id: land, until: 2014-6, covers:"), encoding="utf-8")
    assert refused(["validate", str(scenario)]) == [
        f"{scenario}:16: costs.staff.coach_cost_per_year.2013-01-15: '2013-01-15' is not a "
        "month: expected YYYY-MM, e.g. 2013-01",
        f"{scenario}:19: funding.jobcenter.covers.2013-13: '2013-13' is not a month: expected "
        "YYYY-MM, e.g. 2013-01 (the month of a rule set)",
        f"{scenario}:20: funding.land.until: '2014-6' is not a month: expected YYYY-MM, e.g. "
        "2014-06 (given: '2014-6')"]


def test_the_same_path_set_twice_is_refused(scenario):
    """``--set providers.alpha.slots=40 --set providers.alpha.slots=59`` ran with 59, exit
    0, without a word, where a --cap or --param given twice is refused."""
    assert run_set(scenario, "providers.alpha.slots=40", "providers.alpha.slots=59") == [
        f"{scenario} (--set): providers.alpha.slots: given twice (providers.alpha.slots=40 "
        "and providers.alpha.slots=59): set each path once"]


def test_a_schedule_names_its_month_and_quotes_that_value_alone(scenario):
    assert run_set(scenario, "providers.beta.slots={2013-01: 10, 2014-01: 2.5}") == [
        f"{scenario} (--set): providers.beta.slots.2014-01: expected a whole number from 0 "
        "to 1,000,000 in each month of a schedule (given: 2.5)"]


def test_an_empty_set_value_is_quoted_as_given(scenario):
    """``--set name=`` was quoted back as Python's "(given: None)"."""
    assert run_set(scenario, "providers.beta.slots=") == [
        f"{scenario} (--set): providers.beta.slots: expected a whole number from 0 to "
        "1,000,000 or a schedule {YYYY-MM: value} (given: '')"]
    assert run_set(scenario, "name=~") == [f"{scenario} (--set): name: expected text "
                                          "(given: '~')"]


def test_an_empty_value_in_a_file_is_quoted_as_nothing(tmp_path):
    """``name:`` and ``slots:`` left empty in a file were quoted as Python's None."""
    path = tmp_path / "empty.yaml"
    path.write_text(f"base: {SEED}\nname:\nproviders:\n  - id: cjd\n    slots:\n")
    assert refused(["validate", str(path)]) == [
        f"{path}:2: name: expected text (given: nothing)",
        f"{path}:5: providers.cjd.slots: expected a whole number from 0 to 1,000,000 or a "
        "schedule {YYYY-MM: value} (given: nothing)"]


def test_a_tenure_year_share_names_its_year(scenario):
    assert run_set(scenario, "funding.jobcenter.covers.wages={by_tenure_year: [0.75, 1.5]}") \
        == [f"{scenario} (--set): funding.jobcenter.covers.wages.by_tenure_year.1: expected "
            "at most 1 (given: 1.5) — a share, 0.015 for 1.5 %"]


def test_an_unknown_category_is_named_without_its_mapping(scenario):
    assert run_set(scenario, "funding.jobcenter.covers.wagez=0.1") == [
        f"{scenario} (--set): funding.jobcenter.covers.wagez: unknown category 'wagez': "
        "expected one of wages, staff, material, qualification, overhead, one_off, total "
        "— did you mean 'wages'?"]


def test_shares_that_a_set_value_makes_sum_past_one_name_the_file_and_set(scenario):
    assert run_set(scenario, "participants.mix.sex.male=0.5") == [
        f"{scenario}:7 (with --set): participants.mix.sex: shares sum to 0.9, expected 1 "
        "(given: {'female': 0.4, 'male': 0.5})"]


def test_funders_shares_past_one_name_each_funder(scenario):
    """The line is the set share's, the last of those that add up past 1 (it was named
    ``funding.*.covers.wages`` at the line of ``funding:``, in tenure year 1 though
    no share is given by tenure year)."""
    assert run_set(scenario, "funding.land.covers.wages=0.5") == [
        f"{scenario} (--set): funding.land.covers.wages: shares of 'wages' add up to 1.25 "
        "(jobcenter 0.75, land 0.5), more than 1; expected at most 1 together"]


def test_a_set_share_of_an_earlier_funder_is_said_with_set(scenario):
    assert run_set(scenario, "funding.jobcenter.covers.staff=0.5") == [
        f"{scenario}:20 (with --set): funding.land.covers.staff: shares of 'staff' add up to "
        "1.5 (jobcenter 0.5, land 1), more than 1; expected at most 1 together"]


def test_an_unknown_key_given_with_set_is_named_by_set_without_its_value(scenario):
    assert run_set(scenario, "costz.staff=1") == [
        f"{scenario} (--set): costz: unknown key 'costz' — did you mean 'costs'?"]


def test_a_list_item_set_by_position_is_named_by_its_id(scenario):
    assert run_set(scenario, "providers.1.slots=-1") == [
        f"{scenario} (--set): providers.beta.slots: expected a whole number from 0 to "
        "1,000,000 or a schedule {YYYY-MM: value} (given: -1)"]


def test_an_item_named_by_id_cannot_become_a_number(scenario):
    assert run_set(scenario, "providers.alpha=3") == [
        f"{scenario} (--set): providers.alpha: 'alpha' is an item of a list: give a mapping "
        "of its keys (e.g. {id: alpha, ...}) or set one key (providers.alpha.KEY=VALUE)"]


@pytest.mark.parametrize("setting, line", [
    ("simulation.seed=1e40",
     "simulation.seed: expected a whole number; this one is too large (given: 1e+40)"),
    ("simulation.seed=340282366920938463463374607431768211456",
     "simulation.seed: expected at most 2^128 - 1 (given: "
     "340282366920938463463374607431768211456) — finsim's ceiling (README, Errors and "
     "limits)"),
    ("costs.wages.annual_increase=np",
     "costs.wages.annual_increase: expected a number (given: 'np')"),
    ("participants.assignment=fancy",
     "participants.assignment: expected 'proportional', 'first' or 'random' (given: 'fancy')"),
    ("funding.land.public=maybe", "funding.land.public: expected true or false (given: "
     "'maybe')"),
    ("costs.wages.hourly=minimum_wagex", "costs.wages.hourly: expected minimum_wage, an "
     "hourly wage (EUR) or a schedule {YYYY-MM: EUR} (given: 'minimum_wagex')"),
    ("period.months=0", "period.months: expected at least 1 (given: 0)"),
    ("funding.land.payment={every: week}",
     "funding.land.payment.every: expected 'month', 'quarter' or 'year' (given: 'week')"),
    ("prices.wages={2027: 0}", "prices.wages.2027: expected an index factor above 0 and at "
     "most 100, e.g. 1.02 (given: 0)"),
    ("costs.one_off=[{id: x, month: 11}]",
     "costs.one_off.x: give one of share_of_monthly_wage and amount"),
    ("costs=3", "costs: expected a mapping of its keys (wages, staff, material, "
     "qualification, overhead, one_off) (given: 3)"),
    ("participants.mix.sex=0.5", "participants.mix.sex: expected the attribute's values and "
     "their shares, e.g. {male: 0.6, female: 0.4} (given: 0.5)"),
    ("providers=[]", "providers: expected at least 1 item (given: [])"),
    ("name=''", "name: expected a text of at least one character (given: '')"),
])
def test_pydantic_words_are_said_as_what_is_expected(scenario, setting, line):
    """No "valid dictionary or instance of ...", "unable to parse input string", "input
    should be": what the scenario expects, in its words."""
    assert run_set(scenario, setting) == [f"{scenario} (--set): {line}"]


@pytest.mark.parametrize("value, percent", [("100%", "100"), ("30 %", "30"), ("'12,5 %'", "12.5")])
def test_an_advance_in_percent_is_refused_as_an_amount_in_eur(scenario, value, percent):
    """``advance: 30 %`` drew only "expected a number": an advance is paid in EUR, so a
    share of the funder's money is written as that share of its total, in EUR."""
    given = value.strip("'")
    assert run_set(scenario, f"funding.land.payment.advance={value}") == [
        f"{scenario} (--set): funding.land.payment.advance: expected a number (given: "
        f"'{given}') — an amount in EUR, not a share: write {percent} % of the funder's "
        "total, in EUR"]
    scenario.write_text(SCENARIO.replace("material: 1.0}}", "material: 1.0},\n"
                                         f"     payment: {{advance: {value}}}}}"),
                        encoding="utf-8")
    assert refused(["validate", str(scenario)]) == [
        f"{scenario}:21: funding.land.payment.advance: expected a number (given: "
        f"'{given}') — an amount in EUR, not a share: write {percent} % of the funder's "
        "total, in EUR"]


def test_a_problem_with_a_block_quotes_no_mapping(scenario):
    """It used to quote the whole passive_benefits block (given: {'after_placement': ...})."""
    scenario.write_text(SCENARIO + "passive_benefits:\n  per_person_month: 700\n"
                        "  by_payer: {bund: 700}\n", encoding="utf-8")
    assert refused(["validate", str(scenario)]) == [
        f"{scenario}:22: passive_benefits: give one of per_person_month, by_payer, parts, not "
        "per_person_month and by_payer"]


def test_seed_range_is_readable_in_help_and_refusal(scenario):
    help_text = CliRunner().invoke(main, ["run", "--help"], terminal_width=200).output
    assert "[0 to 2^128 - 1]" in help_text
    assert "[1 to 1,000,000]" in help_text
    assert "340282366920938463463374607431768211455" not in help_text
    lines = refused(["run", str(scenario), "--seed", str(2**128)])
    assert lines == [f"finsim run: --seed: expected a whole number, 0 to 2^128 - 1 (given: "
                     f"'{2**128}')"]


def test_a_sensitivity_range_past_the_ceiling_quotes_no_none(scenario):
    """The costs ceiling at a design's end used to end in "(given: None)"."""
    out = scenario.parent / "sens"
    assert refused(["sensitivity", str(scenario), "-n", "2", "-q", "--out", str(out),
                    "--param", "costs.staff.participants_per_coach=1e-308:12"], out) == [
        "finsim sensitivity: --param: costs.staff.participants_per_coach: not allowed at "
        "costs.staff.participants_per_coach=1e-308: 1e-308 participants per coach would "
        "make the costs reach infinite amounts over the horizon, above finsim's ceiling of "
        "1e+12 EUR that keeps every cent exact; expected at least 4.96e-06 participants per "
        "coach — narrow the range"]


def test_a_sensitivity_share_range_names_the_share(scenario):
    out = scenario.parent / "sens"
    assert refused(["sensitivity", str(scenario), "-n", "2", "-q", "--out", str(out),
                    "--param", "funding.land.covers.material=0.5:1.2"], out) == [
        "finsim sensitivity: --param: funding.land.covers.material: not allowed at "
        "funding.land.covers.material=1.2: expected a share from 0 to 1 (given: 1.2) — "
        "narrow the range"]


def test_a_value_set_in_a_base_files_block_is_named_by_set(scenario):
    """A --set value below a base file's line is the command line's, quoted; the base
    file's own values are never quoted."""
    child = scenario.parent / "child.yaml"
    child.write_text("base: program.yaml\nname: Child\n", encoding="utf-8")
    assert refused(["show", str(child), "--set", "providers.0.slots=-1"]) == [
        f"{child} (--set): providers.alpha.slots: expected a whole number from 0 to "
        "1,000,000 or a schedule {YYYY-MM: value} (given: -1)"]


def test_the_python_api_names_overrides_not_set(scenario):
    import finsim

    with pytest.raises(finsim.ScenarioError) as caught:
        finsim.load(scenario, {"participants.mix.sex.male": 0.5})
    assert [str(p) for p in caught.value.problems] == [
        f"{scenario}:7 (with overrides): participants.mix.sex: shares sum to 0.9, expected 1 "
        "(given: {'female': 0.4, 'male': 0.5})"]


def test_a_budget_shared_by_public_and_private_money_names_the_funders(scenario):
    assert run_set(scenario, "funding.employers.budget=land") == [
        f"{scenario}:17 (with --set): funding: budget 'land' holds public funders (land) and "
        "non-public ones (employers); give them different budgets"]


def test_a_horizon_past_9999_says_how_many_months_fit(scenario):
    assert run_set(scenario, "period.start=9999-06") == [
        f"{scenario}:2 (with --set): period: the horizon (start 9999-06, months 24) would end "
        "in 10001-05, after 9999-12, the last month finsim can write; expected at most 7 "
        "months from 9999-06"]


def test_an_unknown_key_of_a_distribution_is_suggested_from_its_keys(scenario):
    assert run_set(scenario, "uncertainty.employment.hazards.placement={dist: uniform, "
                             "low: 0.001, hihg: 0.01}") == [
        f"{scenario} (--set): uncertainty.employment.hazards.placement.hihg: unknown key "
        "'hihg' — did you mean 'high'?"]


SEED = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def test_the_seed_scenarios_reported_faults(tmp_path):
    """The two lines of the report that asked for this, on the seed scenario itself."""
    out = tmp_path / "out"
    base = ["run", str(SEED), "-n", "2", "-q", "--out", str(out), "--set"]
    assert refused([*base, "funding.jobcenter.covers.wages=1.0000001"], out) == [
        f"{SEED} (--set): funding.jobcenter.covers.wages: expected a share from 0 to 1, or "
        "{by_tenure_year: [...]} (given: 1.0000001)"]
    [line] = refused([*base, "costs.staff.participants_per_coach=1e-308"], out)
    assert line.startswith(f"{SEED} (--set): costs.staff.participants_per_coach: 1e-308 "
                           "participants per coach would make the costs reach infinite "
                           "amounts over the horizon, above finsim's ceiling of 1e+12 EUR")
    assert line.endswith("; expected at least 1.91e-05 participants per coach")


def test_an_as_of_that_is_no_month_names_the_option(scenario: Path, tmp_path: Path) -> None:
    # the user typed --as-of, not the actuals.as_of it becomes: the line names the option
    spells = tmp_path / "spells.csv"
    spells.write_text("person,provider,referral,entry,exit,reason\n", encoding="utf-8")
    out = tmp_path / "out"
    assert refused(["run", str(scenario), "--actuals", str(spells), "--as-of", "July",
                    "--out", str(out)], out) == [
        "finsim run: --as-of: 'July' is not a month: expected YYYY-MM, e.g. 2013-01 (given: "
        "'July')"]


def test_a_key_below_a_plain_value_names_the_value_to_set_whole():
    """The seed's employers cover the remainder; a share of their wages was "'wages' is
    below a plain value", which said neither what is there nor what to do."""
    seed = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    done = CliRunner().invoke(main, ["show", str(seed), "--set",
                                     "funding.employers.covers.wages=0.5"])
    assert done.exit_code == 2
    assert done.output.strip() == (
        f"{seed} (--set): funding.employers.covers.wages: 'wages' is below a plain value: "
        "funding.employers.covers is 'remainder', not a block of keys; set it whole "
        "(funding.employers.covers=...)")


def test_a_funders_problem_caused_by_a_set_key_beside_it_says_with_set(scenario):
    """A ``transfer`` set on a funder whose budget avoids no benefits is refused at the
    funder's ``budget``, a key the file wrote: the line says --set had a hand in it."""
    assert run_set(scenario, "funding.jobcenter.transfer={}") == [
        f"{scenario}:18 (with --set): funding.jobcenter.budget: budget 'jobcenter' avoids "
        "no benefits, so nothing can be transferred; payers: none: passive_benefits is not "
        "split by payer"]


def test_budgets_differing_only_in_case_are_refused_at_each_later_spelling(scenario):
    """``returns: {Land: ...}`` beside the funder land kept two budgets, ``net_cost_Land``
    and ``net_cost_land``, each net cost wrong while net_public_cost still added up."""
    assert run_set(scenario, "returns={Land: 0.02, jobcenter: 0.01}") == [
        f"{scenario} (--set): returns.Land: budget id 'Land' reads as the funder id 'land' "
        "of funding.land: ids that differ only in case or in how their letters are encoded "
        "cannot be told apart in the outputs; expected another id; for the same budget "
        "write 'land' exactly"]


def test_a_payer_spelled_apart_from_a_funders_budget_is_refused(scenario):
    assert run_set(scenario, "passive_benefits={by_payer: {bund: 300, kommune: 200}}",
                   "funding.land.budget=Kommune") == [
        f"{scenario} (--set): funding.land.budget: budget id 'Kommune' reads as the payer id "
        "'kommune' of passive_benefits.by_payer.kommune: ids that differ only in case or in "
        "how their letters are encoded cannot be told apart in the outputs; expected "
        "another id; for the same budget write 'kommune' exactly"]


def test_public_money_in_the_providers_budget_is_refused_in_any_case(scenario):
    """``budget: provider`` on a public funder was refused, ``budget: Provider`` passed
    and made a public budget ``net_cost_Provider`` of its own."""
    assert run_set(scenario, "funding.land.budget=Provider") == [
        f"{scenario}:17 (with --set): funding: budget 'provider' holds public funders (land) "
        "and non-public ones (employers); give them different budgets"]


@pytest.mark.parametrize(("args", "line"), [
    (["-n", "abc"], "finsim run: -n/--replications: expected a whole number, 1 to 1,000,000 "
                    "(given: 'abc')"),
    (["--jobs", "0"], "finsim run: -j/--jobs: expected a whole number, at least 1 (given: '0')"),
    (["--lang", "fr"], "finsim run: --lang: expected one of de, en (given: 'fr')"),
    (["--lang", "DE"], "finsim run: --lang: expected one of de, en (given: 'DE') — did you "
                       "mean de?"),
    (["--csv-locale", "De"], "finsim run: --csv-locale: expected one of en, de (given: "
                             "'De') — did you mean de?"),
    (["--out", ""], "finsim run: --out: an empty value names no folder; give one, e.g. "
                    "--out outputs/mine (given: '')"),
    (["--bogus"], "finsim run: no such option '--bogus' — did you mean --out or --jobs?"),
    (["extra"], "finsim run: got unexpected extra argument (extra)"),
    (["-n"], "finsim run: option '-n' requires an argument"),
])
def test_click_s_refusal_is_one_line(scenario, args, line):
    """click printed three lines (its usage, a hint to --help, then ``Error: Invalid
    value for '--replications' / '-n': 'abc' is not a valid integer range.``, or "0 is
    not in the range at least 1"): one line in finsim's words, exit 2."""
    assert refused(["run", str(scenario), *args]) == [line]


def test_every_choice_of_every_command_is_refused_in_finsim_s_words():
    """A plain ``click.Choice`` says "'Sobol' is not one of 'oat', 'morris', 'sobol'":
    every command's choices are ``Among``, which says what it expects and the near miss."""
    import click

    from finsim.cli.common import Among

    ctx = click.Context(main)
    choices = {(name, param.name): type(param.type)
               for name in main.list_commands(ctx)
               for param in main.get_command(ctx, name).params
               if isinstance(param.type, click.Choice)}
    assert ("sensitivity", "method") in choices and ("calibrate", "other") in choices
    assert set(choices.values()) == {Among}


def test_click_s_refusals_of_other_commands_are_one_line(scenario):
    assert refused(["sensitivity", str(scenario), "--method", "Sobol"]) == [
        "finsim sensitivity: --method: expected one of oat, morris, sobol (given: "
        "'Sobol') — did you mean sobol?"]
    assert refused(["sensitivity", str(scenario), "--method", "sobl"]) == [
        "finsim sensitivity: --method: expected one of oat, morris, sobol (given: 'sobl')"]
    assert refused(["size", str(scenario), "--start", "2014-01", "--months", "12",
                    "--confidence", "0,9"]) == [
        "finsim size: --confidence: expected a number strictly between 0 and 1, e.g. 0.9 "
        "for 90 % (given: '0,9') — a decimal point: 0.9"]
    assert refused(["size", str(scenario), "--start", "2014-01", "--months", "12"]) == [
        "finsim size: missing option '--confidence'"]
    assert refused(["compare", str(scenario)]) == [
        "finsim compare: missing argument 'ALTERNATIVES...'"]
    # every missing one, a line each, in the help's order: click stops at the first
    # (``size SCEN`` said only '--start', though --months and --confidence were missing too)
    assert refused(["size", str(scenario)]) == [
        "finsim size: missing option '--start'", "finsim size: missing option '--months'",
        "finsim size: missing option '--confidence'"]
    assert refused(["size", "--months", "12"]) == [
        "finsim size: missing argument 'SCENARIO'", "finsim size: missing option '--start'",
        "finsim size: missing option '--confidence'"]
    assert refused(["compare"]) == ["finsim compare: missing argument 'BASE'",
                                    "finsim compare: missing argument 'ALTERNATIVES...'"]
    assert refused(["calibrate", "spells.csv"]) == [
        "finsim calibrate: missing option '--scenario'", "finsim calibrate: missing option '--out'"]
    assert refused(["runn"]) == ["finsim: no such command 'runn' — did you mean run?"]
    assert refused(["--bogus"]) == ["finsim: no such option '--bogus'"]
    helped = CliRunner().invoke(main, ["run", "--help"])
    assert helped.exit_code == 0 and "[at least 1]" in helped.output
    bare = CliRunner().invoke(main, [])  # the help, as click gives it
    assert bare.exit_code == 2 and "Commands:" in bare.output

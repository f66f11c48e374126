"""A newcomer's first scenario, refused through the real command line: every problem
at once, one line each, at the dotted path of what she wrote, with a fix that works
(exit 2). The scenarios are written here, so their line numbers are this file's."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from finsim.cli import main
from finsim.scenario import written
from finsim.scenario.errors import suggest

BASE = """\
name: Pilot
period: {start: 2027-01, months: 36}
participants: {referrals_per_month: 3, initial: 0}
providers:
  - {id: nord, slots: 12}
  - {id: sued, slots: 8}
costs:
  wages: {hourly: minimum_wage, hours_per_week: 39, subsidy_base: {contributions: 0.1985}}
  staff: {participants_per_coach: 10, coach_cost_per_year: 78000}
  material: {per_slot_month: 65}
funding:
  - id: jobcenter
    basis: subsidy_base
    covers: {wages: 0.75}
  - id: stadt
    covers: remainder
"""
"""Line 5: nord; 8: costs.wages; 9: costs.staff; 10: costs.material; 13: jobcenter's
basis; 14: its covers; 16: stadt's covers."""


def validate(tmp_path: Path, text: str) -> list[str]:
    """The lines of ``finsim validate`` on ``text`` (exit 2, no traceback), the file's
    name shortened to ``s.yaml``."""
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output.replace(str(path), "s.yaml").splitlines()


def test_the_base_is_valid(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(BASE, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_a_hint_leaves_out_a_key_the_block_already_has(tmp_path):
    """``hours`` beside ``hourly`` was 'did you mean hourly?'."""
    text = BASE.replace("hours_per_week: 39", "hours: 39")
    assert validate(tmp_path, text) == [
        "s.yaml:8: costs.wages.hours: unknown key 'hours' — did you mean 'hours_per_week'?"]


def test_the_same_words_in_another_order_and_a_shortened_key_are_found(tmp_path):
    """Both were 'did you mean coach_cost_per_year?': following both wrote that key twice."""
    text = BASE.replace("{participants_per_coach: 10, coach_cost_per_year: 78000}",
                        "{coaches_per_participant: 10, coach_cost: 78000}")
    assert validate(tmp_path, text) == [
        "s.yaml:9: costs.staff.coaches_per_participant: unknown key 'coaches_per_participant'"
        " — did you mean 'participants_per_coach'?",
        "s.yaml:9: costs.staff.coach_cost: unknown key 'coach_cost' — did you mean "
        "'coach_cost_per_year'?"]


def test_another_form_of_the_same_word_is_found(tmp_path):
    """``funders`` had no hint: 'funding' is not close enough as a spelling."""
    assert validate(tmp_path, BASE.replace("funding:", "funders:")) == [
        "s.yaml:11: funders: unknown key 'funders' — did you mean 'funding'?"]


def test_the_hints_that_were_right_stay():
    keys = ["hazards", "costs", "high", "low", "wages", "material", "placement"]
    assert [suggest(word, keys) for word in ("hazard", "costz", "hihg", "wage", "materials",
                                             "placement_rate", "coach_salary")] == [
        "did you mean 'hazards'?", "did you mean 'costs'?", "did you mean 'high'?",
        "did you mean 'wages'?", "did you mean 'material'?", "did you mean 'placement'?", ""]


def test_a_key_already_written_is_never_the_hint():
    """Nor is the next nearest where the nearest is written already: beside
    ``coach_cost_per_year: 80000`` a stray ``coach_cost_per_yer: 1`` was told 'did you
    mean management_cost_per_year?', which set management to 1 EUR a year."""
    assert suggest("hour", ["hourly", "hours_per_week"], present=["hourly"]) == \
        "did you mean 'hours_per_week'?"
    assert suggest("hourz", ["hourly"], present=["hourly"]) == (
        "a misspelt copy of 'hourly', which is written already? remove one")
    assert suggest("coach_cost_per_yer", ["coach_cost_per_year", "management_cost_per_year"],
                   present=["coach_cost_per_year", "coach_cost_per_yer"]) == (
        "a misspelt copy of 'coach_cost_per_year', which is written already? remove one")


def test_a_misspelt_copy_of_a_key_is_told_so(tmp_path):
    text = BASE.replace("coach_cost_per_year: 78000}",
                        "coach_cost_per_year: 78000, coach_cost_per_yer: 1}")
    assert validate(tmp_path, text) == [
        "s.yaml:9: costs.staff.coach_cost_per_yer: unknown key 'coach_cost_per_yer' — a "
        "misspelt copy of 'coach_cost_per_year', which is written already? remove one"]


def test_every_share_of_a_tenure_list_past_one_is_named(tmp_path):
    """Percent written as numbers took a validate round for each year."""
    text = BASE.replace("covers: {wages: 0.75}",
                        "covers: {wages: {by_tenure_year: [100, 1.0, 90, 80, 0.7]}}")
    path = "s.yaml:14: funding.jobcenter.covers.wages.by_tenure_year"
    assert validate(tmp_path, text) == [
        f"{path}.0: expected at most 1 (given: 100) — a share, 1 for 100 %",
        f"{path}.2: expected at most 1 (given: 90) — a share, 0.9 for 90 %",
        f"{path}.3: expected at most 1 (given: 80) — a share, 0.8 for 80 %"]


def test_every_bad_month_and_value_of_a_schedule_is_named(tmp_path):
    text = (BASE.replace("{id: nord, slots: 12}", "{id: nord, slots: {2027-01: 12.5, "
                         "2027-04: 12, 2027-07: -3}}")
            .replace("{per_slot_month: 65}", "{per_slot_month: {2027-1: 65, 2028-1: 66}}"))
    slots = "s.yaml:5: providers.nord.slots"
    expected = "expected a whole number from 0 to 1,000,000 in each month of a schedule"
    assert validate(tmp_path, text) == [
        f"{slots}.2027-01: {expected} (given: 12.5)",
        f"{slots}.2027-07: {expected} (given: -3)",
        "s.yaml:10: costs.material.per_slot_month.2027-1: '2027-1' is not a month: expected "
        "YYYY-MM, e.g. 2027-01",
        "s.yaml:10: costs.material.per_slot_month.2028-1: '2028-1' is not a month: expected "
        "YYYY-MM, e.g. 2028-01"]


def test_a_bad_month_beside_a_bad_value_are_both_named(tmp_path):
    text = BASE.replace("{per_slot_month: 65}", "{per_slot_month: {2027-01: -1, 01.2028: 66}}")
    assert validate(tmp_path, text) == [
        "s.yaml:10: costs.material.per_slot_month.2027-01: expected a number from 0 to "
        "1,000,000,000,000 in each month of a schedule (given: -1)",
        "s.yaml:10: costs.material.per_slot_month.01.2028: '01.2028' is not a month: expected "
        "YYYY-MM, e.g. 2028-01"]


def test_every_bad_category_share_of_a_funder_is_named(tmp_path):
    text = BASE.replace("covers: {wages: 0.75}", "covers: {wages: 75, staff: 1.5, wagez: 1}")
    path = "s.yaml:14: funding.jobcenter.covers"
    assert validate(tmp_path, text) == [
        f"{path}.wages: expected a share from 0 to 1, or {{by_tenure_year: [...]}} "
        "(given: 75) — a share, 0.75 for 75 %",
        f"{path}.staff: expected a share from 0 to 1 (given: 1.5) — a share, 0.015 for 1.5 %",
        f"{path}.wagez: unknown category 'wagez': expected one of wages, staff, material, "
        "qualification, overhead, one_off, total — did you mean 'wages'?"]


def test_an_id_with_a_blank_beside_the_same_id_is_refused(tmp_path):
    """'sued ' and 'sued' ran as two providers with two panels titled 'sued'."""
    assert validate(tmp_path, BASE.replace("{id: nord, ", "{id: 'sued ', ")) == [
        "s.yaml:5: providers.sued : provider id 'sued ' ends with a blank, which the outputs "
        "do not show (it reads as 'sued' there); expected another id ('sued' is the provider "
        "id of providers.sued)"]


def test_a_funders_id_with_blanks_is_refused_with_the_id_to_write(tmp_path):
    assert validate(tmp_path, BASE.replace("id: stadt", "id: ' stadt '")) == [
        "s.yaml:15: funding. stadt : funder id ' stadt ' begins and ends with a blank, which "
        "the outputs do not show (it reads as 'stadt' there); expected 'stadt'"]


def test_an_id_with_a_dot_is_refused_as_unreachable_by_a_path(tmp_path):
    """``--set 'providers.Süd 2.0.slots=9'`` said: no item with id 'Süd 2'."""
    assert validate(tmp_path, BASE.replace("{id: sued, ", "{id: Süd 2.0, ")) == [
        "s.yaml:6: providers.Süd 2.0: provider id 'Süd 2.0' holds a dot: a dotted path "
        "(--set, --param, uncertainty) reads it as 'Süd 2' followed by '0', so none reaches "
        "it; expected an id without dots, e.g. 'Süd 2-0'"]


def test_two_total_shares_past_one_are_said_once_at_what_was_written(tmp_path):
    """It was six lines, one per category she never wrote (funding.*.covers.material ...),
    at the line of funding:, naming tenure year 1 though no share is by tenure year."""
    text = (BASE.replace("covers: {wages: 0.75}", "covers: {total: 0.75}")
            .replace("covers: remainder", "covers: {total: 0.3}"))
    assert validate(tmp_path, text) == [
        "s.yaml:16: funding.stadt.covers.total: shares of 'total' add up to 1.05 (jobcenter "
        "0.75, stadt 0.3), more than 1; expected at most 1 together, or covers: remainder for "
        "stadt if it tops up what jobcenter leaves"]


def test_a_share_by_tenure_year_names_the_year_past_one(tmp_path):
    text = (BASE.replace("covers: {wages: 0.75}", "covers: {wages: {by_tenure_year: [0.5, 0.8]}}")
            .replace("covers: remainder", "covers: {total: 0.3}"))
    assert validate(tmp_path, text) == [
        "s.yaml:16: funding.stadt.covers.total: shares of 'wages' add up to 1.1 (tenure year 2: "
        "jobcenter 0.8 of the subsidy base, stadt 0.3 (total) of the wage line), more than 1, "
        "as the subsidy base may reach the wage line (it is at most that); expected at most 1 "
        "together, or covers: remainder for stadt if it tops up what jobcenter leaves"]


def test_no_remainder_is_suggested_beside_a_remainder_funder(tmp_path):
    text = (BASE.replace("covers: {wages: 0.75}", "covers: {staff: 0.75}")
            .replace("  - id: stadt\n", "  - {id: land, covers: {staff: 0.5}}\n  - id: stadt\n"))
    assert validate(tmp_path, text) == [
        "s.yaml:15: funding.land.covers.staff: shares of 'staff' add up to 1.25 (jobcenter "
        "0.75, land 0.5), more than 1; expected at most 1 together"]


def test_money_with_thousands_points_and_a_decimal_comma_is_told_how_to_write_it(tmp_path):
    """``68.500,00`` (German Excel's money) got no hint, where ``68500,00`` and ``68.500``
    got one."""
    text = BASE.replace("staff: {participants_per_coach: 10, coach_cost_per_year: 78000}",
                        "staff:\n    participants_per_coach: 10\n"
                        "    coach_cost_per_year: 68.500,00")
    assert validate(tmp_path, text) == [
        "s.yaml:11: costs.staff.coach_cost_per_year: expected a number from 0 to "
        "1,000,000,000,000 or a schedule {YYYY-MM: value} (given: '68.500,00') — write 68500.00"]


def test_a_range_with_thousands_points_and_decimal_commas_is_told_how_to_write_it():
    assert written.comma_hint("1.000,5:2.000,5") == "write 1000.5:2000.5"
    assert written.comma_hint("0,5:0,6") == "a decimal point: 0.5:0.6"
    assert written.comma_hint("6,100.00:7.200,00") == "write 6100.00:7200.00"


def test_money_with_thousands_commas_and_a_decimal_point_is_told_how_to_write_it(tmp_path):
    """``6,100.00`` (an English export's money) got no hint, where ``6.100,00`` got
    ``write 6100.00``: one reader (``written.grouped_cents``) tells both, as a booked
    costs file reads both."""
    text = BASE.replace("staff: {participants_per_coach: 10, coach_cost_per_year: 78000}",
                        "staff:\n    participants_per_coach: 10\n"
                        "    coach_cost_per_year: 6,100.00")
    assert validate(tmp_path, text) == [
        "s.yaml:11: costs.staff.coach_cost_per_year: expected a number from 0 to "
        "1,000,000,000,000 or a schedule {YYYY-MM: value} (given: '6,100.00') — write 6100.00"]
    assert [written.grouped_cents(t) for t in ("6,100.00", " 1.234.567,89 ", "6.100",
                                               "6,100", "6.100,5", "1.234,567", "6.10,00",
                                               "0.100,00", "1.234,567.89")] == [
        "6100.00", "1234567.89", None, None, None, None, None, None, None]


def test_a_month_written_as_a_date_or_with_a_slash_is_told_its_own_month(tmp_path):
    """Only ``04.2027`` was given its own month as the example; ``04/2027``, ``01.04.2027``
    and ``2027-04-01`` got a generic ``e.g. 2013-01``, in the file and in a schedule's keys."""
    text = (BASE.replace("start: 2027-01", "start: 04/2027")
            .replace("{id: nord, slots: 12}", "{id: nord, slots: {01.04.2027: 12, 2027-07-01: 10}}"))
    expected = "is not a month: expected YYYY-MM, e.g."
    assert validate(tmp_path, text) == [
        f"s.yaml:2: period.start: '04/2027' {expected} 2027-04 (given: '04/2027')",
        f"s.yaml:5: providers.nord.slots.01.04.2027: '01.04.2027' {expected} 2027-04",
        f"s.yaml:5: providers.nord.slots.2027-07-01: '2027-07-01' {expected} 2027-07"]


def test_a_month_given_with_set_as_a_date_is_told_its_own_month(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(BASE, encoding="utf-8")
    result = CliRunner().invoke(main, ["show", str(path), "--set", "period.start=04/2027"])
    assert result.exit_code == 2
    assert result.output.replace(str(path), "s.yaml").splitlines() == [
        "s.yaml (--set): period.start: '04/2027' is not a month: expected YYYY-MM, "
        "e.g. 2027-04 (given: '04/2027')"]


def test_shares_written_in_percent_are_told_the_share(tmp_path):
    """``employer_contributions: 21`` and the like got only "expected at most 1", and
    ``'21 %'`` only "expected a number"; a yearly rate already said "0.01 for 1 %"."""
    text = (BASE.replace("subsidy_base: {contributions: 0.1985}",
                         "employer_contributions: 21, subsidy_base: {contributions: '19,85 %'}")
            .replace("covers: {wages: 0.75}", "covers: {wages: {by_tenure_year: [75, '50%']}}")
            .replace("covers: remainder", "covers: {staff: 100}"))
    assert validate(tmp_path, text) == [
        "s.yaml:8: costs.wages.employer_contributions: expected a share from 0 to 1 or a "
        "schedule {YYYY-MM: value} (given: 21) — a share, 0.21 for 21 %",
        "s.yaml:8: costs.wages.subsidy_base.contributions: expected a share from 0 to 1 or a "
        "schedule {YYYY-MM: value} (given: '19,85 %') — write 0.1985 for 19.85 %",
        "s.yaml:14: funding.jobcenter.covers.wages.by_tenure_year.0: expected at most 1 "
        "(given: 75) — a share, 0.75 for 75 %",
        "s.yaml:14: funding.jobcenter.covers.wages.by_tenure_year.1: expected a number "
        "(given: '50%') — write 0.5 for 50 %",
        "s.yaml:16: funding.stadt.covers.staff: expected a share from 0 to 1 (given: 100) — "
        "a share, 1 for 100 %"]


def test_every_share_and_rate_written_in_percent_is_told_the_share(tmp_path):
    """``retention: 10%`` (also ``10 %``), ``rate_on_staff``, ``annual_increase``, a
    hazard and ``returns.<budget>`` got only "expected a number", and ``placement: 5``
    only "expected less than 1", where covers and employer_contributions said the share.
    A decimal comma there is still a decimal point, never thousands."""
    text = (BASE.replace("coach_cost_per_year: 78000}", "coach_cost_per_year: 78000, "
                         "annual_increase: 2.5%}\n  overhead: {rate_on_staff: 6 %}")
            .replace("    covers: {wages: 0.75}", "    covers: {wages: 0.75}\n    payment: "
                     "{every: quarter, retention: 10 %}")
            .replace("initial: 0}", "initial: 0}\nemployment: {hazards: {placement: 5, "
                     "dropout: '0,5%'}}")
            + "returns: {bund: 10%, kommune: '1,125'}\n")
    assert validate(tmp_path, text) == [
        "s.yaml:4: employment.hazards.placement: expected less than 1 (given: 5) — a share, "
        "0.05 for 5 %",
        "s.yaml:4: employment.hazards.dropout: expected a number (given: '0,5%') — write "
        "0.005 for 0.5 %",
        "s.yaml:10: costs.staff.annual_increase: expected a number (given: '2.5%') — write "
        "0.025 for 2.5 %",
        "s.yaml:11: costs.overhead.rate_on_staff: expected a number (given: '6 %') — write "
        "0.06 for 6 %",
        "s.yaml:17: funding.jobcenter.payment.retention: expected a number (given: '10 %') — "
        "write 0.1 for 10 %",
        "s.yaml:20: returns.bund: expected a number (given: '10%') — write 0.1 for 10 %",
        "s.yaml:20: returns.kommune: expected a number (given: '1,125') — a decimal point: "
        "1.125"]
    path = tmp_path / "s.yaml"
    path.write_text(BASE, encoding="utf-8")
    result = CliRunner().invoke(main, ["show", str(path), "--set", "funding.stadt.payment."
                                       "retention=10%", "--set", "returns.bund=10"])
    assert result.exit_code == 2
    assert result.output.replace(str(path), "s.yaml").splitlines() == [
        "s.yaml (--set): funding.stadt.payment.retention: expected a number (given: '10%') — "
        "write 0.1 for 10 %",
        "s.yaml (--set): returns.bund: expected at most 1 (given: 10) — a share, 0.1 for 10 %"]


def test_a_share_from_just_above_1_written_in_percent_is_told_the_share(tmp_path):
    """``placement: 1.2`` (a monthly hazard of 1.2 %, where hazards are 0.5 to 1.5 %: the
    likeliest slip) got only "expected less than 1", where 2 and ``'1.2%'`` were told the
    share. Exactly 1 is a whole share, no percent (and ``annual_increase: 1`` keeps its
    yearly rate's hint); 1.125 has three decimals, no percent."""
    text = (BASE.replace("initial: 0}", "initial: 0}\nemployment: {hazards: {placement: 1.2, "
                         "dropout: 1}}")
            .replace("coach_cost_per_year: 78000}", "coach_cost_per_year: 78000, "
                     "annual_increase: 1}")
            + "returns: {bund: 1.125}\n")
    assert validate(tmp_path, text) == [
        "s.yaml:4: employment.hazards.placement: expected less than 1 (given: 1.2) — a share, "
        "0.012 for 1.2 %",
        "s.yaml:4: employment.hazards.dropout: expected less than 1 (given: 1)",
        "s.yaml:10: costs.staff.annual_increase: expected less than 0.5 (given: 1) — a yearly "
        "rate, 0.01 for 1 %",
        "s.yaml:18: returns.bund: expected at most 1 (given: 1.125)"]
    path = tmp_path / "s.yaml"
    path.write_text(BASE, encoding="utf-8")
    result = CliRunner().invoke(main, ["show", str(path), "--set",
                                       "employment.hazards.placement=1.2", "--set",
                                       "employment.hazards.dropout=1.5"])
    assert result.exit_code == 2
    assert result.output.replace(str(path), "s.yaml").splitlines() == [
        "s.yaml (--set): employment.hazards.placement: expected less than 1 (given: 1.2) — a "
        "share, 0.012 for 1.2 %",
        "s.yaml (--set): employment.hazards.dropout: expected less than 1 (given: 1.5) — a "
        "share, 0.015 for 1.5 %"]
    assert [written.percent_hint(v) for v in (1, 1.0, 1.0000001, 1.05, 100, 101)] == [
        "", "", "", "a share, 0.0105 for 1.05 %", "a share, 1 for 100 %", ""]


def test_budget_shares_written_in_percent_are_told_the_shares(tmp_path):
    text = BASE.replace("    covers: {wages: 0.75}", "    covers: {wages: 0.75}\n"
                        "    budget: {land: 60, eu: 40}")
    assert validate(tmp_path, text) == [
        "s.yaml:15: funding.jobcenter.budget.land: share 60 of budget 'land' is outside (0, 1]; "
        "expected a share above 0 and at most 1 — a share, 0.6 for 60 %",
        "s.yaml:15: funding.jobcenter.budget.eu: share 40 of budget 'eu' is outside (0, 1]; "
        "expected a share above 0 and at most 1 — a share, 0.4 for 40 %",
        "s.yaml:15: funding.jobcenter.budget: the budgets' shares add up to 100 (land: 60, "
        "eu: 40); expected them to add up to 1 — shares, not percent: {land: 0.6, eu: 0.4}"]


def test_a_misspelt_key_of_a_share_by_tenure_year_is_told_its_near_miss(tmp_path):
    """``by_tenure_years`` got pydantic's "extra inputs are not permitted" (given: its
    list), where every other unknown key is told the key it misspells."""
    text = BASE.replace("covers: {wages: 0.75}", "covers: {wages: {by_tenure_years: [0.75]}}")
    path = "s.yaml:14: funding.jobcenter.covers.wages"
    assert validate(tmp_path, text) == [
        f"{path}.by_tenure_year: required key is missing",
        f"{path}.by_tenure_years: unknown key 'by_tenure_years' — did you mean "
        "'by_tenure_year'?"]


def test_a_reused_funder_id_is_named_where_it_is_reused(tmp_path):
    """It was named at the first funder (line 12), the one written right."""
    text = BASE.replace("  - id: stadt\n", "  - id: jobcenter\n")
    assert validate(tmp_path, text) == [
        "s.yaml:15: funding.jobcenter: duplicate id 'jobcenter' (first on line 12): ids must "
        "be unique"]


def test_a_key_written_one_level_off_is_told_where_it_belongs(tmp_path):
    """A format key written in the wrong block was "unknown key 'placement'" and nothing
    more: now where the format takes it, nearest to where it was written (a provider's
    hours under its own costs.wages, not the program's), with the file's ids; a key no
    block has and no near miss, the keys the block takes; a category of covers that is
    the funder's own key, the funder."""
    text = (BASE.replace("{id: nord, slots: 12}", "{id: nord, slots: 12, hours_per_week: 30}")
            .replace("  material: {per_slot_month: 65}\n",
                     "  material: {per_slot_month: 65}\n  hazards: {placement: 0.02}\n")
            .replace("    basis: subsidy_base\n    covers: {wages: 0.75}",
                     "    covers: {wages: 0.75, basis: subsidy_base}")
            + "employment:\n  placement: 0.02\n  zzz: 1\n")
    assert validate(tmp_path, text) == [
        "s.yaml:5: providers.nord.hours_per_week: unknown key 'hours_per_week' — "
        "'hours_per_week' belongs under providers.nord.costs.wages",
        "s.yaml:11: costs.hazards: unknown key 'hazards' — 'hazards' belongs under employment",
        "s.yaml:14: funding.jobcenter.covers.basis: unknown category 'basis': expected one of "
        "wages, staff, material, qualification, overhead, one_off, total — 'basis' belongs "
        "under funding.jobcenter",
        "s.yaml:18: employment.placement: unknown key 'placement' — 'placement' belongs under "
        "employment.hazards",
        "s.yaml:19: employment.zzz: unknown key 'zzz' (expected: max_months, "
        "refill_delay_months, hazards, modifiers)"]


def test_a_distributions_unknown_key_is_told_its_familys_parameters(tmp_path):
    """``{dist: gamma, shape: 2}`` was told "did you mean 'scale'?", the true/false flag
    that multiplies: a near miss is one of the family's parameters (``sigm`` is no
    normal's), else the family's parameters; an unknown family, every family's, beside
    its own line listing the families."""
    text = BASE + (
        "uncertainty:\n"
        "  costs.wages.hours_per_week: {dist: gamma, shape: 2}\n"
        "  costs.material.per_slot_month: {dist: normal, mean: 65, sigm: 5}\n"
        "  costs.staff.coach_cost_per_year: {dist: uniform, low: 70000, hihg: 80000}\n")
    assert validate(tmp_path, text) == [
        "s.yaml:18: uncertainty.costs.wages.hours_per_week.dist: expected 'uniform', "
        "'triangular', 'normal', 'lognormal' or 'pert' (given: 'gamma')",
        "s.yaml:18: uncertainty.costs.wages.hours_per_week.shape: unknown key 'shape' — "
        "expected the parameters of its family: uniform(low, high), triangular(low, mode, "
        "high), normal(mean, sd), lognormal(median, sigma), pert(low, mode, high)",
        "s.yaml:19: uncertainty.costs.material.per_slot_month.sigm: unknown key 'sigm' — "
        "normal takes mean, sd",
        "s.yaml:20: uncertainty.costs.staff.coach_cost_per_year.hihg: unknown key 'hihg' — "
        "did you mean 'high'?"]

"""Values a user types that finsim would read as something else without a word: a yearly
rate of 1 meant as 1 % (a wage of 58.40 EUR/h two years on), a German thousands point
(``78.000``: 78 EUR a year), a German month (``01.2027``, quoted back as 1.2027), a
decimal comma, and a share range written in percent for ``--param``. Each is refused
with one line saying what to write, exit code 2, through the CLI and the Python API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import finsim
from finsim.cli import main

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"


def _file(tmp_path: Path, old: str, new: str) -> Path:
    """small.yaml with ``old`` written as ``new`` (the text as a user types it)."""
    text = SMALL.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _cli(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout + result.stderr


def _refused(path: Path, overrides: dict) -> str:
    with pytest.raises(finsim.ScenarioError) as refused:
        finsim.load(path, overrides)
    return str(refused.value)


RATE = "a yearly rate, 0.01 for 1 %"


def test_a_yearly_rate_of_one_is_refused_in_the_file(tmp_path):
    """``annual_increase: 1`` meant 1 % and ran 100 % a year."""
    path = _file(tmp_path, "management_cost_per_year: 10000, annual_increase: 0.02",
                 "management_cost_per_year: 10000, annual_increase: 1")
    code, out = _cli("validate", path)
    assert code == 2
    assert out == (f"{path}:29: costs.staff.annual_increase: expected less than 0.5 "
                   f"(given: 1) — {RATE}\n")


def test_a_yearly_rate_of_one_is_refused_with_set_and_in_python():
    code, out = _cli("show", SMALL, "--set", "costs.wages.annual_increase=1")
    assert code == 2
    assert out == (f"{SMALL} (--set): costs.wages.annual_increase: expected less than 0.5 "
                   f"(given: 1) — {RATE}\n")
    assert _refused(SMALL, {"providers.beta.costs.wages.annual_increase": 0.5}) == (
        f"{SMALL} (overrides): providers.beta.costs.wages.annual_increase: expected less "
        f"than 0.5 (given: 0.5) — {RATE}")
    assert finsim.load(SMALL, {"costs.wages.annual_increase": 0.49}).costs.wages \
        .annual_increase == 0.49


def test_a_price_rate_of_one_is_refused():
    code, out = _cli("show", SMALL, "--set", "prices.staff=1")
    assert code == 2
    assert out == (f"{SMALL} (--set): prices.staff: expected {RATE} (from -0.5 to below 0.5) "
                   "or an index by year (e.g. {2027: 1.02, 2028: 1.05}) (given: 1)\n")


def test_a_share_range_in_percent_is_told_to_be_written_as_shares(tmp_path):
    """``50:60`` was told "narrow the range", which cannot mend it."""
    code, out = _cli("sensitivity", SMALL, "-n", "2", "-q", "--out", tmp_path / "s",
                     "--param", "funding.land_esf.covers.material=50:60")
    assert code == 2
    assert out == ("finsim sensitivity: --param: funding.land_esf.covers.material: not allowed at "
                   "funding.land_esf.covers.material=50: expected a share from 0 to 1 (given: "
                   "50.0) — write the range as shares: 0.5:0.6 for 50 to 60 %\n")
    with pytest.raises(finsim.ScenarioError) as refused:
        finsim.sensitivity(SMALL, {"funding.land_esf.covers.material": (1, 5)},
                           replications=2, jobs=1)
    assert str(refused.value) == (
        "finsim.sensitivity: params: funding.land_esf.covers.material: not allowed at "
        "funding.land_esf.covers.material=5: expected a share from 0 to 1 (given: 5.0) — "
        "write the range as shares: 0.01:0.05 for 1 to 5 %")


SCENARIOS = Path(__file__).parent.parent / "scenarios"


@pytest.mark.parametrize(("scenario", "param", "line"), [
    ("2026-16i", "costs.wages.annual_increase=2:4",  # --set ...=2: "a yearly rate, 0.01 for 1 %"
     "costs.wages.annual_increase: not allowed at costs.wages.annual_increase=2: expected "
     "less than 0.5 (given: 2.0) — write the range as yearly rates: 0.02:0.04 for 2 to 4 %"),
    ("2026-16i", "funding.jobcenter.covers.wages.by_tenure_year.2=80:100",
     "funding.jobcenter.covers.wages.by_tenure_year.2: not allowed at "
     "funding.jobcenter.covers.wages.by_tenure_year.2=80: expected at most 1 (given: 80.0) "
     "— write the range as shares: 0.8:1 for 80 to 100 %"),
    ("2013", "funding.land_esf.payment.retention=5:15",
     "funding.land_esf.payment.retention: not allowed at funding.land_esf.payment.retention=5: "
     "expected at most 1 (given: 5.0) — write the range as shares: 0.05:0.15 for 5 to 15 %"),
    ("2013", "funding.land_esf.payment.retention=0:15",  # 0 is 0 % too
     "funding.land_esf.payment.retention: not allowed at funding.land_esf.payment.retention="
     "15: expected at most 1 (given: 15.0) — write the range as shares: 0:0.15 for 0 to 15 %"),
    ("2013", "costs.wages.annual_increase=0.3:0.6",  # no percent: narrowing mends it
     "costs.wages.annual_increase: not allowed at costs.wages.annual_increase=0.6: expected "
     "less than 0.5 (given: 0.6) — narrow the range"),
    ("2013", "funding.land_esf.payment.retention=0.5:15",  # not a range in percent either
     "funding.land_esf.payment.retention: not allowed at funding.land_esf.payment.retention="
     "15: expected at most 1 (given: 15.0) — narrow the range")])
def test_a_range_in_percent_gets_the_percent_hint_set_gives(tmp_path, scenario, param, line):
    """``--set`` told a rate or share written in percent how to write it; ``--param`` said
    "narrow the range" to ``2:4``, which invites 0.02:0.49, a 49 % yearly raise, but
    where ``covers.*`` gave its shares advice."""
    code, out = _cli("sensitivity", SCENARIOS / f"aktiv-statt-passiv-{scenario}.yaml", "-n",
                     "2", "-q", "--out", tmp_path / "s", "--param", param)
    assert (code, out) == (2, f"finsim sensitivity: --param: {line}\n")


def test_a_share_range_just_past_one_is_still_to_be_narrowed(tmp_path):
    code, out = _cli("sensitivity", SMALL, "-n", "2", "-q", "--out", tmp_path / "s",
                     "--param", "funding.land_esf.covers.material=0.5:1.2")
    assert code == 2
    assert out.endswith("(given: 1.2) — narrow the range\n")


AMBIGUOUS = "ambiguous: write 78000 if the point parts thousands, 78.0 if it parts decimals"


def test_a_thousands_point_in_the_file_is_refused(tmp_path):
    """``coach_cost_per_year: 78.000`` ran at 78 EUR a year: staff 84,397 for ~502,000.
    Every such value is named at once, with the file's other problems."""
    path = _file(tmp_path, "coach_cost_per_year: 55000, management_cost_per_year: 10000",
                 "coach_cost_per_year: 78.000, management_cost_per_year: 1.234.567")
    path.write_text(path.read_text().replace("hours_per_week: 39", "hours_per_week: -1"))
    code, out = _cli("validate", path)
    assert code == 2
    assert out.splitlines() == [
        f"{path}:28: costs.wages.hours_per_week: expected more than 0 (given: -1)",
        f"{path}:29: costs.staff.coach_cost_per_year: {AMBIGUOUS} (given: 78.000)",
        f"{path}:29: costs.staff.management_cost_per_year: thousands points: write 1234567 "
        "(finsim reads a point as the decimal point) (given: 1.234.567)"]
    assert _refused(path, {"costs.wages.hours_per_week": 39}) == "\n".join(out.splitlines()[1:])


def test_a_thousands_point_with_set_and_param_is_refused(tmp_path):
    code, out = _cli("show", SMALL, "--set", "costs.staff.coach_cost_per_year=78.000")
    assert (code, out) == (2, f"{SMALL} (--set): costs.staff.coach_cost_per_year: "
                              f"{AMBIGUOUS} (given: 78.000)\n")
    code, out = _cli("sensitivity", SMALL, "-n", "2", "-q", "--out", tmp_path / "s", "--param",
                     "costs.staff.coach_cost_per_year=50.000:60.000")
    assert (code, out) == (2, "finsim sensitivity: --param: costs.staff.coach_cost_per_year: "
                              "ambiguous: write 50000:60000 if the points part thousands, "
                              "50.0:60.0 if they "
                              "part decimals (given: 'costs.staff.coach_cost_per_year="
                              "50.000:60.000')\n")


def test_a_factor_of_three_decimals_is_a_decimal_where_only_a_factor_goes(tmp_path):
    """An index factor was refused as ambiguous outside ``prices:`` itself: the bounds of
    a draw of one (``uncertainty: {prices.wages.2014: {low: 1.010, high: 1.025}}``) or of
    a ``scale: true`` draw, a --param range under prices or a scaled one (``*0.975:1.025``).
    No factor is 1000 times that; an amount still is refused."""
    path = _file(tmp_path, "uncertainty:\n", "prices: {wages: {2014: 1.025}}\nuncertainty:\n"
                 "  prices.wages.2014: {dist: uniform, low: 1.010, high: 1.025}\n"
                 "  costs.staff.coach_cost_per_year: {dist: triangular, low: 0.975, mode: 1.0,"
                 " high: 1.025, scale: true}\n")
    scn = finsim.load(path)
    assert (scn.uncertainty["prices.wages.2014"].low, scn.uncertainty["prices.wages.2014"]
            .high, scn.uncertainty["costs.staff.coach_cost_per_year"].high) == (1.01, 1.025,
                                                                              1.025)
    code, out = _cli("show", SMALL, "--set", "uncertainty.costs.staff.coach_cost_per_year="
                     "{dist: uniform, low: 1.010, high: 1.025}")
    assert (code, out) == (2, f"{SMALL} (--set): uncertainty.costs.staff.coach_cost_per_year"
                              ".low: ambiguous: write 1010 if the point parts thousands, 1.01 "
                              "if it parts decimals (given: 1.010)\n"
                              f"{SMALL} (--set): uncertainty.costs.staff.coach_cost_per_year"
                              ".high: ambiguous: write 1025 if the point parts thousands, "
                              "1.0250 if it parts decimals (given: 1.025)\n")
    for out_dir, param in enumerate(("prices.wages.2014=1.010:1.025",
                                     "costs.staff.coach_cost_per_year=*0.975:1.025")):
        code, out = _cli("sensitivity", path, "-n", "2", "-q", "--out", tmp_path / str(out_dir),
                         "--param", param)
        assert code == 0, out


def test_a_number_given_as_text_is_refused_as_a_schedule_field_refuses_it(tmp_path):
    """``cap_total: '250.000'`` (quoted; JSON's ``"250.000"``, a Python override's
    ``'250.000'``) was read by pydantic as a cap of 250 EUR without a word, where a field
    that takes a schedule refused the text."""
    path = _file(tmp_path, "cost: 1500,", "cost: '1.500',")
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:33: costs.qualification.driving.cost: ambiguous: write "
                              "1500 if the point parts thousands, 1.5 if it parts decimals "
                              "(given: '1.500')\n")
    code, out = _cli("show", SMALL, "--set", "employment.max_months='24'")
    assert (code, out) == (2, f"{SMALL} (--set): employment.max_months: expected a number, "
                              "not text: write it without quotes (given: '24')\n")
    assert _refused(SMALL, {"funding.land_esf.cap_total": "250.000"}) == (
        f"{SMALL} (overrides): funding.land_esf.cap_total: ambiguous: write 250000 if the "
        "point parts thousands, 250.0 if it parts decimals (given: '250.000')")
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["funding"][1]["cap_total"] = "250.000"
    record = tmp_path / "s.json"
    record.write_text(json.dumps(data, indent=1), encoding="utf-8")
    code, out = _cli("validate", record)
    assert code == 2
    assert out.endswith(": funding.land_esf.cap_total: ambiguous: write 250000 if the point "
                        "parts thousands, 250.0 if it parts decimals (given: '250.000')\n")
    assert finsim.load(SMALL, {"funding.land_esf.cap_total": 250000}).funding[1] \
        .cap_total == 250000


def test_a_thousands_point_inside_a_value_refused_whole_is_one_line():
    """``[76.000]`` where a number goes got a thousands line for its item and the type
    line for the whole: two lines for one wrong value."""
    code, out = _cli("show", SMALL, "--set", "costs.staff.coach_cost_per_year=[76.000]")
    assert (code, out) == (2, f"{SMALL} (--set): costs.staff.coach_cost_per_year: expected a "
                              "number from 0 to 1,000,000,000,000 or a schedule {YYYY-MM: "
                              "value} (given: [76.000])\n")


def test_show_writes_what_reads_back(tmp_path):
    """finsim's own YAML (``finsim show``) writes a float that would read as thousands
    points as a decimal, and such a text quoted: its output runs again."""
    path = _file(tmp_path, "hours_per_week: 39", "hours_per_week: 28.1540")
    code, out = _cli("show", path, "--set", "name='1.234.567'")
    assert code == 0
    assert "hours_per_week: 28.1540\n" in out and "name: '1.234.567'\n" in out
    again = tmp_path / "again.yaml"
    again.write_text(out, encoding="utf-8")
    scn = finsim.load(again)
    assert (scn.costs.wages.hours_per_week, scn.name) == (28.154, "1.234.567")


def test_what_is_no_thousands_point_reads_as_before(tmp_path):
    """A leading 0 (0.750), other than three decimals (65.50), a quoted text, a price
    index factor (at most 100: 1.025 cannot be thousands), a Python value and finsim's
    own JSON are numbers as ever; the decimal reading the refusal offers is one."""
    path = _file(tmp_path, "material: {per_slot_month: 50}", "material: {per_slot_month: 65.50}")
    path.write_text(path.read_text() + "prices: {wages: {2014: 1.025}}\n")
    scn = finsim.load(path, {"costs.staff.coach_cost_per_year": 1.025,
                             "name": "1.234.567"})
    assert (scn.costs.material.per_slot_month, scn.prices.wages, scn.name) == (
        65.5, {2014: 1.025}, "1.234.567")
    assert scn.costs.staff.coach_cost_per_year == 1.025
    shown = finsim.load(SMALL, {}).costs.wages.employer_contributions
    assert shown == 0.2
    code, out = _cli("show", SMALL, "--set", "costs.staff.coach_cost_per_year=1.0250",
                     "--set", "costs.material.per_slot_month=0.750")
    assert code == 0
    assert "coach_cost_per_year: 1.0250\n" in out and "per_slot_month: 0.75\n" in out
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["costs"]["staff"]["coach_cost_per_year"] = 78.001
    record = tmp_path / "s.json"
    record.write_text(json.dumps(data), encoding="utf-8")
    assert '"coach_cost_per_year": 78.001' in record.read_text()
    assert finsim.load(record).costs.staff.coach_cost_per_year == 78.001


MONTH = "write months as YYYY-MM, e.g. 2027-01"


def test_a_german_month_is_quoted_as_written_with_how_finsim_writes_it(tmp_path):
    """``start: 01.2027`` was quoted back as 1.2027, a schedule key ``01.2028`` as
    '1.2028', with no hint."""
    path = _file(tmp_path, "period: {start: 2013-01, months: 24}",
                 "period: {start: 01.2013, months: 24}")
    path.write_text(path.read_text().replace("slots: {2013-01: 10, 2014-01: 20}",
                                             "slots: {2013-01: 10, 01.2014: 20}"))
    code, out = _cli("validate", path)
    assert code == 2
    assert out.splitlines() == [
        f"{path}:3: period.start: '01.2013' is not a month: expected YYYY-MM, e.g. 2013-01 "
        "(given: '01.2013')",
        f"{path}:24: providers.beta.slots.01.2014: '01.2014' is not a month: expected "
        "YYYY-MM, e.g. 2014-01"]
    code, out = _cli("show", SMALL, "--set", "funding.jobcenter.until=12.2014")
    assert (code, out) == (2, f"{SMALL} (--set): funding.jobcenter.until: '12.2014' is not "
                              "a month: expected YYYY-MM, e.g. 2014-12 (given: '12.2014')\n")


def test_a_german_month_in_a_set_or_param_path_is_named_with_its_month(tmp_path):
    """``--set costs.material.per_slot_month.01.2014=60`` was cut at the month's dot and
    blamed on the base file's line: "'01' is not a month ... e.g. 2013-01"."""
    code, out = _cli("show", SMALL, "--set", "costs.material.per_slot_month.01.2014=60")
    assert (code, out) == (2, f"{SMALL} (--set): costs.material.per_slot_month.01.2014: "
                              "'01.2014' is not a month: expected YYYY-MM, e.g. 2014-01\n")
    code, out = _cli("sensitivity", SMALL, "-n", "2", "-q", "--out", tmp_path / "s",
                     "--param", "costs.material.per_slot_month.01.2014=40:60")
    assert (code, out) == (2, "finsim sensitivity: --param: costs.material.per_slot_month.01.2014: "
                              "'01.2014' is not a month: expected YYYY-MM, e.g. 2014-01\n")


MONTHS_NOT_A_MONTH = "a number of months, not a month; write e.g. 24"


def test_a_german_month_where_a_number_goes_is_refused_in_the_file(tmp_path):
    """``max_months: 01.2027`` (a date where a duration goes) ran 1.2027 months without a
    word, and ``hours_per_week: 10.2027`` 10.2027 hours: a month written where a number
    goes is refused, a line each, a field that counts months told how it is written."""
    path = _file(tmp_path, "max_months: 24", "max_months: 01.2027")
    path.write_text(path.read_text().replace("hours_per_week: 39", "hours_per_week: 10.2027"))
    code, out = _cli("validate", path)
    assert (code, out.splitlines()) == (2, [
        f"{path}:14: employment.max_months: {MONTHS_NOT_A_MONTH} (given: 01.2027)",
        f"{path}:28: costs.wages.hours_per_week: expected a number, not a month "
        "(given: 10.2027)"])


def test_a_german_month_where_a_number_goes_is_refused_with_set_and_in_python():
    code, out = _cli("show", SMALL, "--set", "employment.max_months=01.2027",
                     "--set", "uncertainty={costs.qualification.driving.month: "
                              "{dist: uniform, low: 2, high: 12.2027}}")
    assert (code, out.splitlines()) == (2, [
        f"{SMALL} (--set): employment.max_months: {MONTHS_NOT_A_MONTH} (given: 01.2027)",
        f"{SMALL} (--set): uncertainty.costs.qualification.driving.month.high: expected a "
        "number, not a month (given: 12.2027)"])
    code, out = _cli("show", SMALL, "--set", "costs.qualification.driving.month=03.2027")
    assert (code, out) == (2, f"{SMALL} (--set): costs.qualification.driving.month: "
                              f"{MONTHS_NOT_A_MONTH} (given: 03.2027)\n")
    assert _refused(SMALL, {"employment.max_months": "01.2027"}) == (
        f"{SMALL} (overrides): employment.max_months: {MONTHS_NOT_A_MONTH} "
        "(given: '01.2027')")


def test_a_german_month_in_a_param_range_is_refused(tmp_path):
    """``--param employment.max_months=01.2027:03.2027`` varied 1.2027 to 3.2027 months."""
    code, out = _cli("sensitivity", SMALL, "-n", "2", "-q", "--out", tmp_path / "s",
                     "--param", "employment.max_months=01.2027:03.2027")
    assert (code, out) == (2, "finsim sensitivity: --param: employment.max_months: "
                              f"{MONTHS_NOT_A_MONTH} (given: "
                              "'employment.max_months=01.2027:03.2027')\n")


def test_a_decimal_without_the_months_zero_is_the_decimal_written(tmp_path):
    """``1.2027`` (no leading zero) is the decimal written where the field takes it, as
    a Python value is, and a month where its bounds refuse that (a hazard is at most 1);
    a one-off's month of the year (1 to 12) says what goes there itself."""
    path = _file(tmp_path, "max_months: 24", "max_months: 1.2027")
    assert finsim.load(path).employment.max_months == 1.2027
    assert finsim.load(SMALL, {"employment.max_months": 1.2027}).employment.max_months == 1.2027
    code, out = _cli("show", SMALL, "--set", "employment.max_months=1.2027")
    assert code == 0 and "  max_months: 1.2027\n" in out
    code, out = _cli("show", SMALL, "--set", "employment.hazards.placement=1.2027",
                     "--set", "costs.one_off=[{id: x, month: 11.2027, "
                              "share_of_monthly_wage: 1}]")
    assert (code, out.splitlines()) == (2, [
        f"{SMALL} (--set): employment.hazards.placement: expected a number, not a month "
        "(given: 1.2027)",
        f"{SMALL} (--set): costs.one_off.x.month: expected a whole number (given: 11.2027)"])


def test_show_writes_a_float_that_reads_as_a_month_so_that_it_reads_back(tmp_path):
    """A JSON scenario's 10.2027 (a number as written there) is written ``10.20270`` by
    ``finsim show``, which the reader takes for the number, not for a month."""
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["costs"]["wages"]["hours_per_week"] = 10.2027
    record = tmp_path / "s.json"
    record.write_text(json.dumps(data), encoding="utf-8")
    code, out = _cli("show", record)
    assert code == 0 and "hours_per_week: 10.20270\n" in out
    again = tmp_path / "again.yaml"
    again.write_text(out, encoding="utf-8")
    assert finsim.load(again).costs.wages.hours_per_week == 10.2027


def test_a_value_refused_whole_quotes_its_german_month_as_written(tmp_path):
    """A German month inside a value refused whole (a list where a schedule goes) is the
    number YAML reads, but was quoted back as that number: ``[1.2027, 5]`` for the
    ``[01.2027, 5]`` the user wrote."""
    path = _file(tmp_path, "slots: 30,", "slots: [01.2027, 5],")
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:21: providers.alpha.slots: expected a whole number "
                              "from 0 to 1,000,000 or a schedule {YYYY-MM: value} "
                              "(given: [01.2027, 5])\n")
    code, out = _cli("show", SMALL, "--set", "providers.alpha.slots={2013-01: [01.2027]}")
    assert (code, out) == (2, f"{SMALL} (--set): providers.alpha.slots.2013-01: expected a "
                              "whole number from 0 to 1,000,000 in each month of a schedule "
                              "(given: [01.2027])\n")
    code, out = _cli("show", SMALL, "--set", "funding.jobcenter.covers={wages: 12.2027}")
    assert (code, out[:-1].rsplit(" (", 1)[1]) == (2, "given: 12.2027)")
    hours = finsim.load(_file(tmp_path, "hours_per_week: 39", "hours_per_week: 9.2027")
                        ).costs.wages.hours_per_week
    assert (type(hours), hours) == (float, 9.2027)  # the model holds the plain number


def test_a_decimal_comma_gets_the_decimal_point(tmp_path):
    path = _file(tmp_path, "material: {per_slot_month: 50}", "material:\n    per_slot_month: 65,50")
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:31: costs.material.per_slot_month: expected a number "
                              "from 0 to 1,000,000,000,000 or a schedule {YYYY-MM: value} "
                              "(given: '65,50') — a decimal point: 65.50\n")
    assert _refused(SMALL, {"providers.beta.slots.2014-01": "20,5"}) == (
        f"{SMALL} (overrides): providers.beta.slots.2014-01: expected a whole number from 0 "
        "to 1,000,000 in each month of a schedule (given: '20,5') — a decimal point: 20.5")
    code, out = _cli("sensitivity", SMALL, "-n", "2", "-q", "--out", tmp_path / "s",
                     "--param", "funding.land_esf.covers.material=0,5:0,6")
    assert (code, out) == (2, "finsim sensitivity: --param: funding.land_esf.covers.material: "
                              "expected PATH=LOW:HIGH or PATH=*LOW:HIGH, e.g. "
                              "costs.material.per_slot_month=40:60 (given: "
                              "'funding.land_esf.covers.material=0,5:0,6') — a decimal "
                              "point: 0.5:0.6\n")


def test_a_comma_before_three_digits_is_ambiguous_too(tmp_path):
    """``78,000`` was told "a decimal point: 78.000", which is then refused as ambiguous,
    and is not what a thousands comma means; a factor's comma is a decimal one."""
    path = _file(tmp_path, "staff: {participants_per_coach: 12, coach_cost_per_year: 55000, ",
                 "staff:\n    participants_per_coach: 12\n    coach_cost_per_year: 78,000\n"
                 "  staff_rest: {")
    path.write_text(path.read_text().replace("\n  staff_rest: {", "\n    ").replace(
        "    management_cost_per_year: 10000, annual_increase: 0.02}",
        "    management_cost_per_year: 10000\n    annual_increase: 0.02"))
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:31: costs.staff.coach_cost_per_year: expected a number "
                              "from 0 to 1,000,000,000,000 or a schedule {YYYY-MM: value} "
                              "(given: '78,000') — ambiguous: write 78000 if the comma parts "
                              "thousands, 78.0 if it parts decimals\n")
    code, out = _cli("sensitivity", SMALL, "-n", "2", "-q", "--out", tmp_path / "s",
                     "--param", "costs.staff.coach_cost_per_year=50,000:60,000")
    assert out.endswith("(given: 'costs.staff.coach_cost_per_year=50,000:60,000') — "
                        "ambiguous: write 50000:60000 if the commas part thousands, "
                        "50.0:60.0 if they part decimals\n")
    code, out = _cli("sensitivity", SMALL, "-n", "2", "-q", "--out", tmp_path / "s",
                     "--param", "costs.staff.coach_cost_per_year=*0,975:1,025")
    assert out.endswith("(given: 'costs.staff.coach_cost_per_year=*0,975:1,025') — a decimal "
                        "point: *0.975:1.025\n")


FLOW_COMMA = ("a comma between digits parts two entries in {...} (YAML reads 0,5 "
              "as 0 and 5): write a number with a decimal point and no thousands comma "
              "(0.5, 78000), or a space after a comma between entries")


def test_a_decimal_comma_in_a_flow_mapping_is_refused_as_such(tmp_path):
    """In ``{...}`` YAML parts ``0,5`` into 0 and 5: ``covers: {staff: 0,5}`` was "'5' is
    not a month" and ``sex: {male: 0,5, female: 0,5}`` "duplicate key '5'". A list's
    compact commas part entries, as YAML and JSON write them: ``[1,1,0.9,0.8,0.7]`` (a
    file written so loaded before) and ``[1,0]`` are lists of numbers."""
    path = _file(tmp_path, "covers: {staff: 1.0,", "covers: {staff: 0,5,")
    path.write_text(path.read_text().replace("[0.75, 0.5]", "[1,0]"))
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:37: funding.land_esf.covers.staff: {FLOW_COMMA}\n")
    code, out = _cli("show", SMALL, "--set", "participants.mix={sex: {male: 0,5, female: 0,5}}")
    assert (code, out) == (2, f"{SMALL} (--set): participants.mix.sex.male: {FLOW_COMMA}\n"
                              f"{SMALL} (--set): participants.mix.sex.female: {FLOW_COMMA}\n")
    code, out = _cli("show", SMALL, "--set", "costs.staff={hourly: 0,5}")
    assert (code, out) == (2, f"{SMALL} (--set): costs.staff.hourly: {FLOW_COMMA}\n")
    compact = _file(tmp_path, "[0.75, 0.5]", "[1,1,0.9,0.8,0.7]")
    shares = finsim.load(compact).funding[0].covers["wages"].by_tenure_year
    assert shares == [1.0, 1.0, 0.9, 0.8, 0.7]
    scn = finsim.load(SMALL, {"funding.jobcenter.covers.wages.by_tenure_year": [1, 0]})
    assert scn.funding[0].covers["wages"].by_tenure_year == [1.0, 0.0]
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["funding"][0]["covers"]["wages"]["by_tenure_year"] = [1, 0]
    record = tmp_path / "s.json"
    record.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    assert "[1,0]" in record.read_text(encoding="utf-8")
    assert finsim.load(record).funding[0].covers["wages"].by_tenure_year == [1.0, 0.0]


LIST_COMMA = ("a comma between digits in a list whose entries are parted by ', ' is a "
              "decimal comma (YAML reads 0,9 as the entries 0 and 9): write a number with "
              "a decimal point")


def test_a_decimal_comma_in_a_list_parted_by_comma_and_space_is_refused(tmp_path):
    """``[1, 1, 0,9, 0,8, 0,7]`` was five entries and three more: positions 3, 5 and 7 got
    "a share, 0.09 for 9 %", whose fixes validated as [1, 1, 0, 0.09, ...]; ``[1,0, 1,0]``
    (100 %, 100 %) passed as [1, 0, 1, 0] and booked year 2 at 0 %. Where a list parts its
    entries with ", ", a bare comma between digits is a decimal comma."""
    at = "funding.jobcenter.covers.wages.by_tenure_year"
    path = _file(tmp_path, "[0.75, 0.5]", "[1, 1, 0,9, 0,8]")
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:36: {at}: {LIST_COMMA} — write 0.9\n"
                              f"{path}:36: {at}: {LIST_COMMA} — write 0.8\n")
    path = _file(tmp_path, "[0.75, 0.5]", "[1,0, 1,0]")
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:36: {at}: {LIST_COMMA} — write 1.0\n" * 2)
    code, out = _cli("show", SMALL, "--set", f"{at}=[0,75, 0,5]")
    assert (code, out) == (2, f"{SMALL} (--set): {at}: {LIST_COMMA} — write 0.75\n"
                              f"{SMALL} (--set): {at}: {LIST_COMMA} — write 0.5\n")
    for compact in ("[1,0]", "[1,1,0.9,0.8,0.7]", "[1, 0]", "[1,\n 0]"):
        code, out = _cli("validate", _file(tmp_path, "[0.75, 0.5]", compact))
        assert (code, out) == (0, f"{tmp_path / 's.yaml'}: ok\n"), compact


def test_a_decimal_comma_before_a_percent_sign_in_a_flow_mapping_is_refused(tmp_path):
    """``{staff: 19,85%}`` was 19 (told "0.19 for 19 %") and an unknown key ``85%``."""
    path = _file(tmp_path, "covers: {staff: 1.0,", "covers: {staff: 19,85%,")
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:37: funding.land_esf.covers.staff: {FLOW_COMMA} — "
                              "write 0.1985 for 19.85 %\n")
    path = _file(tmp_path, "dropout: 0.012}", "dropout: 1,2 %}")
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:16: employment.hazards.dropout: {FLOW_COMMA} — "
                              "write 0.012 for 1.2 %\n")
    code, out = _cli("show", SMALL, "--set",
                     "costs.wages.employer_contributions={2013-01: 21,5 %, 2014-01: 0.2}")
    assert (code, out) == (2, f"{SMALL} (--set): costs.wages.employer_contributions.2013-01: "
                              f"{FLOW_COMMA} — write 0.215 for 21.5 %\n")


def test_german_money_in_a_flow_mapping_is_told_whole(tmp_path):
    """``{federal: 1.012,00}`` was told of ``1.012`` only (``1.0120`` if it parts
    decimals: 1 EUR), the ``,00`` a key; two such cells were only "duplicate key '0'"."""
    path = _file(tmp_path, "{federal: 382, city: 380}", "{federal: 1.012,00, city: 380}")
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:39: passive_benefits.by_payer.federal: {FLOW_COMMA} "
                              "— write 1012.00\n")
    path = _file(tmp_path, "{federal: 382, city: 380}", "{federal: 1.012,00, city: 563,00}")
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:39: passive_benefits.by_payer.federal: {FLOW_COMMA} "
                              f"— write 1012.00\n"
                              f"{path}:39: passive_benefits.by_payer.city: {FLOW_COMMA}\n")
    code, out = _cli("show", SMALL, "--set",
                     "passive_benefits.by_payer={federal: 1.012,00, city: 563,00}")
    assert (code, out) == (2, f"{SMALL} (--set): passive_benefits.by_payer.federal: "
                              f"{FLOW_COMMA} — write 1012.00\n"
                              f"{SMALL} (--set): passive_benefits.by_payer.city: "
                              f"{FLOW_COMMA}\n")


def test_the_caseload_date_hint_knows_months_and_dates_with_slashes():
    """A caseload's ``15/02/2024`` and ``11/2026`` got no hint, where the YAML file's
    ``04/2027`` got its month."""
    from finsim.scenario.written import date_hint, month_meant

    assert date_hint("11/2026") == "write months as YYYY-MM, e.g. 2026-11"
    assert date_hint("15/02/2024") == "did you mean '2024-02-15'? (a date, DD/MM/YYYY)"
    assert date_hint("02/15/2024") == "did you mean '2024-02-15'? (a date, MM/DD/YYYY)"
    assert date_hint("01/02/2024") == ("did you mean '2024-02-01' (DD/MM/YYYY) or "
                                       "'2024-01-02' (MM/DD/YYYY)?")
    assert date_hint("31/02/2024") == ""
    assert (month_meant("15/02/2024"), month_meant("01/02/2024")) == ("2024-02", None)


def test_the_caseload_date_hint_knows_a_german_month():
    from finsim.scenario.written import date_hint

    assert date_hint("01.2027") == MONTH
    assert date_hint("31.12.2026") == ("did you mean '2026-12-31'? (a German date, "
                                       "DD.MM.YYYY)")


def test_three_decimals_where_thousands_cannot_be_meant_are_decimals(tmp_path):
    """A share of ``1.000``, 19.250 hours a week, 14.600 EUR an hour, 1.625 referrals a
    month and people per coach are no thousands (a share is at most 1, nobody is paid
    14,600 EUR an hour): they loaded before thousands points were refused and load as the
    decimals they are; an amount in EUR is still ambiguous."""
    path = _file(tmp_path, "by_tenure_year: [0.75, 0.5]", "by_tenure_year: [1.000, 0.500]")
    overrides = {"costs.wages.hours_per_week": 19.25, "costs.wages.hourly": 14.6,
                 "participants.referrals_per_month": 1.625}
    sets = [f"--set={key}={value:.3f}" for key, value in overrides.items()]
    code, out = _cli("show", path, *sets)
    assert code == 0, out
    shown = yaml.safe_load(out)
    assert shown["costs"]["wages"]["hours_per_week"] == 19.25
    assert shown["costs"]["wages"]["hourly"] == 14.6
    assert shown["participants"]["referrals_per_month"] == 1.625
    jobcenter = next(f for f in shown["funding"] if f["id"] == "jobcenter")
    assert jobcenter["covers"]["wages"]["by_tenure_year"] == [1.0, 0.5]
    code, out = _cli("show", path, "--set", "costs.staff.coach_cost_per_year=78.000")
    assert code == 2 and "ambiguous: write 78000" in out


def test_three_decimals_are_a_decimal_where_the_field_refuses_the_thousands(tmp_path):
    """``lag_months=2.999`` (docs/cash-flow.md: "a lag of 2.999 still counts in June"),
    ``final_after_months=1.125`` and the range ``1.548:3.225`` (README: "reads 1:3") were
    refused as ambiguous, though 2999 months is past the lag's own limit of 120. Where
    the field's bounds allow both readings (``max_months`` up to 1,200, an advance in
    EUR) they still are."""
    path = _file(tmp_path, "overhead: 1.0}}", "overhead: 1.0}, payment: {every: quarter, "
                 "lag_months: 2.999, final_after_months: 1.125}}")
    path.write_text(path.read_text().replace("uncertainty:\n", "uncertainty:\n  funding."
                    "land_esf.payment.lag_months: {dist: uniform, low: 1.548, high: 3.225}\n"))
    scn = finsim.load(path)
    payment, draw = scn.funding[1].payment, scn.uncertainty["funding.land_esf.payment.lag_months"]
    assert (payment.lag_months, payment.final_after_months, draw.low, draw.high) == (
        2.999, 1.125, 1.548, 3.225)
    code, out = _cli("show", SMALL, "--set", "employment.refill_delay_months=2.999")
    assert code == 0 and "  refill_delay_months: 2.9990\n" in out
    code, out = _cli("show", SMALL, "--set", "funding.land_esf.payment.lag_months=2.999",
                     "--set", "funding.land_esf.payment.final_after_months=1,125")
    assert code == 2
    assert out == (f"{SMALL} (--set): funding.land_esf.payment.final_after_months: expected "
                   "a number (given: '1,125') — a decimal point: 1.125\n")
    code, out = _cli("show", SMALL, "--set", "funding.land_esf.payment.lag_months=2.999",
                     "--set", "employment.max_months=1.125",
                     "--set", "funding.land_esf.payment.advance=2.999")
    assert (code, out.splitlines()) == (2, [
        f"{SMALL} (--set): employment.max_months: ambiguous: write 1125 if the point parts "
        "thousands, 1.1250 if it parts decimals (given: 1.125)",
        f"{SMALL} (--set): funding.land_esf.payment.advance: ambiguous: write 2999 if the "
        "point parts thousands, 2.9990 if it parts decimals (given: 2.999)"])
    for out_dir, param in enumerate(("1.548:3.225", "1.999:3")):
        code, out = _cli("sensitivity", path, "-n", "2", "-j", "1", "--out",
                         tmp_path / str(out_dir), "--param",
                         f"funding.land_esf.payment.lag_months={param}")
        assert code == 0, out
        assert "│ 1:3 months │" in out


def test_thousands_commas_and_blanks_are_told_how_finsim_writes_them(tmp_path):
    """``1,234,567`` or ``1 234 567`` got a bare "expected a number", where ``78,000`` got
    both readings: two commas or a blank part thousands only, so say how to write it."""
    path = _file(tmp_path, "coach_cost_per_year: 55000, management_cost_per_year: 10000",
                 "coach_cost_per_year: 1 234 567, management_cost_per_year: 10000")
    code, out = _cli("validate", path)
    assert code == 2
    assert out.splitlines() == [
        f"{path}:29: costs.staff.coach_cost_per_year: expected a number from 0 to "
        "1,000,000,000,000 or a schedule {YYYY-MM: value} (given: '1 234 567') — thousands "
        "blanks: write 1234567"]
    code, out = _cli("run", SMALL, "-n", "2", "--out", tmp_path / "r", "--set",
                     "funding.land_esf.cap_total=1,500,000")
    assert code == 2
    assert out.splitlines() == [
        f"{SMALL} (--set): funding.land_esf.cap_total: expected a number (given: "
        "'1,500,000') — thousands commas: write 1500000"]


def test_a_month_refused_without_a_reading_is_shown_one_of_the_period():
    """A 2027 scenario's bad month got "e.g. 2013-01"; it gets the period's first month."""
    code, out = _cli("show", SMALL, "--set", "period.start=2027-01",
                     "--set", "funding.land_esf.until=Dez 2029")
    assert (code, out) == (2, f"{SMALL} (--set): funding.land_esf.until: 'Dez 2029' is not a "
                              "month: expected YYYY-MM, e.g. 2027-01 (given: 'Dez 2029')\n")


def test_a_number_written_with_a_leading_zero_is_the_number(tmp_path):
    """YAML 1.1 reads ``08`` and ``09`` as text (no octal number) and ``07`` as 7: a
    one-off's ``month: 09`` was "expected a number, not text: write it without quotes",
    though no quotes were written. They are numbers where a number goes, text elsewhere."""
    path = _file(tmp_path, "cost: 1500, month: 3,", "cost: 1500, month: 09,")
    assert finsim.load(path).costs.qualification[1].month == 9
    path = _file(tmp_path, "slots: 30,", "slots: 08,")
    assert finsim.load(path).providers[0].slots == 8
    code, out = _cli("show", SMALL, "--set", "costs.qualification.driving.month=08")
    assert code == 0 and "    month: 8.0\n" in out
    assert finsim.load(_file(tmp_path, "name: Small test program", "name: 09")).name == "09"
    assert finsim.load(_file(tmp_path, "{id: alpha,", "{id: 09,")).providers[0].id == "09"


def test_a_share_with_a_decimal_comma_in_percent_is_told_the_share(tmp_path):
    """``annual_increase: 2,5`` was told "a decimal point: 2.5", still no share, and
    ``employer_contributions=21,5`` "expected a share from 0 to 1 ... a decimal point:
    21.5": a second round to reach 0.025."""
    path = _file(tmp_path, "  wages: {hourly: {2013-01: 8.62}, hours_per_week: 39, "
                 "employer_contributions: 0.2, annual_increase: 0.02}",
                 "  wages:\n    hourly: 8.62\n    hours_per_week: 39\n"
                 "    employer_contributions: 0.2\n    annual_increase: 2,5")
    code, out = _cli("validate", path)
    assert (code, out) == (2, f"{path}:32: costs.wages.annual_increase: expected a number "
                              "(given: '2,5') — a decimal comma and a percent: 0.025 for "
                              "2,5 %\n")
    code, out = _cli("show", SMALL, "--set", "costs.wages.employer_contributions=21,5")
    assert (code, out) == (2, f"{SMALL} (--set): costs.wages.employer_contributions: expected "
                              "a share from 0 to 1 or a schedule {YYYY-MM: value} (given: "
                              "'21,5') — a decimal comma and a percent: 0.215 for 21,5 %\n")
    code, out = _cli("show", SMALL, "--set", "employment.hazards.placement=0,5")
    assert (code, out) == (2, f"{SMALL} (--set): employment.hazards.placement: expected a "
                              "number (given: '0,5') — a decimal point: 0.5\n")

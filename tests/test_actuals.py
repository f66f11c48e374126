"""Re-forecast from actuals (Hochrechnung): the past exact and the same in every
replication, the rest simulated; --as-of at the start is a plain run, at the end the
actuals alone, to the cent."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from finsim.analysis import sizing
from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.replication import compile_program, replicate
from finsim.report import tables
from finsim.scenario import Month, ScenarioError, load_scenario
from finsim.scenario.booked import read_booked
from finsim.scenario.model import CATEGORIES
from finsim.simulation import compile_model, simulate

from .conftest import compared_output
from .test_running_program import SIXTEEN_I, past_max_months, scenario_files

ROOT = Path(__file__).parent.parent
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
HEADER = "person,provider,entry,exit,exit_reason\n"


def files(tmp_path: Path, spells: str, booked: str | None = None, header: str = HEADER) -> Path:
    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 2}],
            "participants": {"referrals_per_month": 0, "initial": 0}}
    (tmp_path / "spells.csv").write_text(header + spells, encoding="utf-8")
    if booked is not None:
        (tmp_path / "booked.csv").write_text(booked, encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def actuals(as_of: str, booked: bool = False) -> list[str]:
    sets = ["actuals.spells=spells.csv", f"actuals.as_of={as_of}"]
    return [*sets, "actuals.booked=booked.csv"] if booked else sets


SPELLS = "A,cjd,2027-01,2027-04,dropout\nB,cjd,2026-07,,\n"


def run_spells(tmp_path: Path, as_of: str, *more: str, lang: str = "en", n: int = 2
               ) -> tuple[list[str], Path]:
    """``finsim run`` of ``files(tmp_path, SPELLS)`` on ``n`` replications with the actual
    spells as of ``as_of`` and the options ``more``: the terminal's lines and the
    results folder; it must succeed."""
    path = files(tmp_path, SPELLS)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "run", str(path), "-n", str(n), "--jobs", "1", "--out", str(out), "--lang", lang,
        "--actuals", str(tmp_path / "spells.csv"), "--as-of", as_of, *more])
    assert result.exit_code == 0, result.output
    return result.output.splitlines(), out


def sheet_rows(out: Path, sheet: int) -> list[tuple]:
    """The values of results.xlsx's sheet ``sheet`` in ``out``, row by row."""
    book = openpyxl.load_workbook(out / "results.xlsx")
    return list(book.worksheets[sheet].iter_rows(values_only=True))


def summary_row(out: Path, metric: str) -> tuple:
    """results.xlsx's row of ``metric`` in its summary sheet (the key in the last cell)."""
    return next(row for row in sheet_rows(out, 0) if row[-1] == metric)


def test_as_of_at_the_period_end_is_the_actuals_to_the_cent(tmp_path: Path) -> None:
    """A: January to March 2027 (3 x 2,960.88 = 8,882.64 wages, the entry module 500).
    B: entered 2026-07, in a slot all year (12 x 2,960.88 = 35,530.56; its entry module
    fell due before the period, its month-12 module 700 in 2027-07). §16i years 1-2 pay
    100 %: the Jobcenter pays all wages, the Land the modules; the same in every
    replication."""
    scn = load_scenario(files(tmp_path, SPELLS), actuals("2028-01"))
    result = run(RunSpec(scn, 4, 9), jobs=1)
    assert result.metric("cost_wages").round(2).tolist() == [44413.20] * 4
    assert result.metric("funding_jobcenter").tolist() == [44413.20] * 4
    assert result.metric("cost_qualification").tolist() == [1200.0] * 4
    assert result.metric("cost_total").tolist() == [45613.20] * 4
    assert result.metric("entries").tolist() == [2.0] * 4
    assert result.metric("exits_dropout").tolist() == [1.0] * 4
    assert result.metric("participants_at_end").tolist() == [1.0] * 4
    ledger = tables.ledger_table(result)
    assert set(ledger.basis) == {"actual"}


def test_booked_costs_replace_the_ledger_in_their_cells(tmp_path: Path) -> None:
    """January's wages were booked at 6,000.00 instead of the ledger's 2 x 2,960.88."""
    path = files(tmp_path, SPELLS, "month,provider,category,amount\n2027-01,cjd,wages,6000\n")
    result = run(RunSpec(load_scenario(path, actuals("2028-01", booked=True)), 2, 9), jobs=1)
    assert result.metric("cost_total").tolist() == [45691.44] * 2  # 45,613.20 + 6,000 - 5,921.76
    assert result.metric("funding_jobcenter").tolist() == [44491.44] * 2  # 44,413.20 + 78.24


def booked_ledger(tmp_path: Path, spells: str, booked: str, as_of: str) -> pd.DataFrame:
    """The mean ledger (month, category, funder: amount) of a re-forecast of a §16i
    scenario on the subsidisable wage (minimum wage, 19.85 %) with staff and a 7 %
    overhead on them, with the booked costs ``booked``."""
    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 2}],
            "participants": {"referrals_per_month": 0, "initial": 0},
            "costs": {**SIXTEEN_I["costs"],
                      "wages": {**SIXTEEN_I["costs"]["wages"], "subsidy_base": {
                          "hourly": "minimum_wage", "contributions": 0.1985}},
                      "staff": {"participants_per_coach": 10, "coach_cost_per_year": 60000,
                                "management_cost_per_year": 12000},
                      "overhead": {"rate_on_staff": 0.07}},
            "funding": [{**SIXTEEN_I["funding"][0], "basis": "subsidy_base"},
                        *SIXTEEN_I["funding"][1:]]}
    path = files(tmp_path, spells, booked)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run(RunSpec(load_scenario(path, actuals(as_of, booked=True)), 2, 9), jobs=1)
    ledger = tables.ledger_table(result)
    return ledger.set_index(["month", "category", "funder"]).amount


def test_a_booked_wage_never_raises_the_subsidy_above_the_subsidisable_wage(
        tmp_path: Path) -> None:
    """A in a slot in January and February 2027: wage line 14.60 x 169 x 1.2 = 2,960.88,
    subsidisable wage 14.60 x 169 x 1.1985 = 2,957.1789. January booked at 7,000.00 (back
    pay): the Jobcenter pays the 2,957.18 of the person employed, not 7,000 x 1.1985 / 1.2
    = 6,991.25; the employers the other 4,042.82. February booked at 2,000.00, less than
    the ledger: the base rests on the wage paid, 2,000 x 1.1985 / 1.2 = 1,997.50. March,
    nobody employed, 500.00 booked (a final settlement): no subsidy, all the employers'.
    Before, a booked wage raised the subsidy with it and created one in March (499.38)."""
    ledger = booked_ledger(tmp_path, "A,cjd,2027-01,2027-03,dropout\n",
                           "month,provider,category,amount\n2027-01,cjd,wages,7000\n"
                           "2027-02,cjd,wages,2000\n2027-03,cjd,wages,500\n", "2027-04")
    jobcenter = [ledger[m, "wages", "jobcenter"] for m in ("2027-01", "2027-02", "2027-03")]
    employers = [ledger[m, "wages", "employers"] for m in ("2027-01", "2027-02", "2027-03")]
    assert jobcenter == [2957.18, 1997.50, 0.0]
    assert employers == [4042.82, 2.50, 500.0]


def test_the_overhead_is_a_rate_on_the_booked_staff(tmp_path: Path) -> None:
    """Staff of January 2027 (not booked): a coach for 1 of 10 participants, 500.00, and
    management 1,000.00, overhead 7 % of 1,500.00 = 105.00. February's staff booked at
    3,000.00: overhead 7 % of it, 210.00 (before: 105.00, on the ledger's staff). March's
    staff booked at 1,000.00 and its overhead at 50.00: the booked overhead stands."""
    ledger = booked_ledger(tmp_path, "A,cjd,2027-01,,\n",
                           "month,provider,category,amount\n2027-02,cjd,staff,3000\n"
                           "2027-03,cjd,staff,1000\n2027-03,cjd,overhead,50\n", "2027-04")
    overhead = ledger.xs("overhead", level="category").groupby(level="month").sum()
    assert overhead[["2027-01", "2027-02", "2027-03", "2027-04"]].round(2).tolist() == [
        105.0, 210.0, 50.0, 105.0]
    assert ledger["2027-02", "staff", "employers"] == 3000.0


def refused_lines(path: Path, as_of: str = "2027-07", booked: bool = False) -> list[str]:
    """The lines a re-forecast of ``path`` as of ``as_of`` (with the booked costs next to
    it) is refused with."""
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, actuals(as_of, booked=booked))
    return [str(p) for p in err.value.problems]


def booked_problems(path: Path, as_of: str = "2027-07") -> list[str]:
    """The lines a re-forecast with the booked costs next to ``path`` is refused with."""
    return refused_lines(path, as_of, booked=True)


def test_booked_months_must_be_actual_and_known(tmp_path: Path) -> None:
    path = files(tmp_path, SPELLS, "month,provider,category,amount\n2027-09,cjd,wages,10\n"
                                   "2027-01,awo,fees,-1\n")
    booked = tmp_path / "booked.csv"
    assert booked_problems(path) == [
        f"{booked}:2: month: expected a month of the actual part (2027-01 to 2027-06; "
        f"actuals.as_of 2027-07 of {path} (--set) is forecast) (given: '2027-09')",
        f"{booked}:3: provider: unknown provider (known: cjd) (given: 'awo')",
        f"{booked}:3: category: expected one of wages, staff, material, qualification, "
        "overhead, one_off (given: 'fees')",
        f"{booked}:3: amount: expected an amount in EUR >= 0 (given: '-1')",
    ]
    # --as-of at the period start: no month is actual, said so (was "2027-01 to 2026-12")
    booked.write_text("month,provider,category,amount\n2027-01,cjd,wages,10\n")
    assert booked_problems(path, "2027-01") == [
        f"{booked}:2: month: no month is actual (actuals.as_of 2027-01 of {path} (--set) is "
        "the period start), so "
        "no month can be booked (given: '2027-01')"]


def test_a_booked_amount_is_whole_cents_and_a_semicolon_file_s_point_is_refused(
        tmp_path: Path) -> None:
    """A semicolon file writes a decimal comma: 1.234 (1234 EUR or 1.234 EUR?) was read
    as 1.23 EUR without a word, and 12,345 rounded to 12.35; 12,34 and 6000 are fine.
    A point that cannot part thousands (12.34) is told how the file writes an amount."""
    booked = tmp_path / "booked.csv"
    path = files(tmp_path, SPELLS, "month;provider;category;amount\n2027-01;cjd;wages;1.234\n"
                                   "2027-02;cjd;wages;12,345\n2027-03;cjd;wages;12.34\n"
                                   "2027-04;cjd;wages;12,34\n2027-05;cjd;staff;6000\n")
    point = ("amount: ambiguous in a semicolon file, which writes a decimal comma: a point may "
             "part thousands or cents; write the amount without thousands points, the cents "
             "after a comma (1234,56)")
    assert booked_problems(path) == [
        f"{booked}:2: amount: ambiguous in a semicolon file, which writes a decimal comma: "
        "write 1234 if the point parts thousands (parting cents, it would leave three "
        "decimals) (given: '1.234')",
        f"{booked}:3: amount: expected whole cents: at most two decimals (given: '12,345')",
        f"{booked}:4: {point} (given: '12.34')"]
    booked.write_text("month,provider,category,amount\n2027-01,cjd,wages,6000.005\n")
    assert booked_problems(path) == [
        f"{booked}:2: amount: expected whole cents: at most two decimals (given: '6000.005')"]
    booked.write_text("month;provider;category;amount\n2027-01;cjd;wages;6000,00\n"
                      "2027-02;cjd;wages;12,34\n")
    scn = load_scenario(path, actuals("2028-01", booked=True))
    cells = read_booked(booked, ["cjd"], scn.period.start_month, 12, 12)
    assert cells[:2, 0, 0].tolist() == [6000.0, 12.34]


def test_a_comma_in_a_comma_separated_file_s_amount_is_named_as_such(
        tmp_path: Path) -> None:
    """A German spreadsheet saved with a comma separator quotes 22824,86: it was refused as
    "expected an amount in EUR >= 0", which to its user it is. Now the line says what is
    wrong and both ways out, as a semicolon file's point is told; 22824.86 is read."""
    booked = tmp_path / "booked.csv"
    path = files(tmp_path, SPELLS, 'month,provider,category,amount\n2027-02,cjd,wages,"22824,86"\n'
                                   '2027-03,cjd,wages,"1.234,5"\n2027-04,cjd,wages,-1\n')
    comma = ("amount: ambiguous in a comma-separated file, which writes a decimal point: a "
             "comma may be a decimal comma or part thousands; write the amount without "
             "thousands commas, the cents after a point (1234.56), or separate the columns "
             "with semicolons, which keep the decimal comma (1234,56)")
    assert booked_problems(path) == [
        f"{booked}:2: {comma} (given: '22824,86')",
        f"{booked}:3: {comma} (given: '1.234,5')",
        f"{booked}:4: amount: expected an amount in EUR >= 0 (given: '-1')"]
    booked.write_text("month,provider,category,amount\n2027-02,cjd,wages,22824.86\n")
    scn = load_scenario(path, actuals("2028-01", booked=True))
    assert read_booked(booked, ["cjd"], scn.period.start_month, 12, 12)[1, 0, 0] == 22824.86


def test_thousands_marks_with_cents_after_the_other_mark_are_read_to_the_cent(
        tmp_path: Path) -> None:
    """German Excel exports 6.100,00: it was refused as "a point may part thousands or
    cents", with no way out but retyping every amount, though two digits after the comma
    leave the point no reading but thousands. Now it is read, in a semicolon file and
    quoted in a comma file, as is an English export's 6,100.00; 6.100 alone and "6,100"
    stay refused, with the amount written each way."""
    booked = tmp_path / "booked.csv"
    path = files(tmp_path, SPELLS, "month;provider;category;amount\n2027-01;cjd;wages;6.100,00\n"
                                   "2027-02;cjd;wages;1.234.567,89\n2027-03;cjd;staff;6,100.07\n"
                                   "2027-04;cjd;staff;0,01\n")
    scn = load_scenario(path, actuals("2028-01", booked=True))
    cells = read_booked(booked, ["cjd"], scn.period.start_month, 12, 12)
    assert np.nan_to_num(cells[:4, 0, :2], nan=-1).tolist() == [
        [6100.0, -1], [1234567.89, -1], [-1, 6100.07], [-1, 0.01]]
    booked.write_text('month,provider,category,amount\n2027-01,cjd,wages,"6,100.00"\n'
                      '2027-02,cjd,wages,"6.100,99"\n')
    cells = read_booked(booked, ["cjd"], scn.period.start_month, 12, 12)
    assert cells[:2, 0, 0].tolist() == [6100.0, 6100.99]
    assert [round(amount * 100) for amount in cells[:2, 0, 0]] == [610000, 610099]
    booked.write_text("month;provider;category;amount\n2027-01;cjd;wages;6.100\n"
                      "2027-02;cjd;wages;-6.100,00\n2027-03;cjd;wages;6.100,5\n")
    assert booked_problems(path) == [
        f"{booked}:2: amount: ambiguous in a semicolon file, which writes a decimal comma: "
        "write 6100 if the point parts thousands, 6,10 if it parts cents (given: '6.100')",
        f"{booked}:3: amount: expected an amount in EUR >= 0 (given: '-6.100,00')",
        f"{booked}:4: amount: ambiguous in a semicolon file, which writes a decimal comma: "
        "a point may part thousands or cents; write the amount without thousands points, "
        "the cents after a comma (1234,56) (given: '6.100,5')"]
    booked.write_text('month,provider,category,amount\n2027-01,cjd,wages,"6,100"\n'
                      '2027-02,cjd,wages,"1,234"\n')
    assert booked_problems(path) == [
        f"{booked}:2: amount: ambiguous in a comma-separated file, which writes a decimal "
        "point: write 6100 if the comma parts thousands, 6.10 if it parts cents "
        "(given: '6,100')",
        f"{booked}:3: amount: ambiguous in a comma-separated file, which writes a decimal "
        "point: write 1234 if the comma parts thousands (parting cents, it would leave "
        "three decimals) (given: '1,234')"]


def test_a_booked_amount_in_euro_currency_format_is_read_and_another_currency_refused(
        tmp_path: Path) -> None:
    """German Excel saves a column in currency format as ``1.557,70 €`` (a no-break space
    before the sign): it was refused as "ambiguous ... a point may part thousands", and
    ``1557,70 €`` as no amount, though the booked amounts are EUR. Now a leading or
    trailing € or EUR is read as the same amount, to the cent; another currency and an
    accounting negative get one line each saying so."""
    booked = tmp_path / "booked.csv"
    path = files(tmp_path, SPELLS, "\ufeffmonth;provider;category;amount\r\n"
                                   "2027-01;cjd;wages;1.557,70 €\r\n2027-02;cjd;wages;€ 1.557,70\r\n"
                                   "2027-03;cjd;wages;1.557,70 EUR\r\n2027-04;cjd;wages;1557,70 €\r\n"
                                   "2027-05;cjd;wages;1.557,71\u00a0€\r\n"
                                   "2027-06;cjd;wages;€\u202f0,01\r\n2027-06;cjd;staff;12€\r\n")
    scn = load_scenario(path, actuals("2028-01", booked=True))
    cells = read_booked(booked, ["cjd"], scn.period.start_month, 12, 12)
    assert [round(amount * 100) for amount in cells[:6, 0, 0]] == [
        155770, 155770, 155770, 155770, 155771, 1]
    assert cells[5, 0, 1] == 12.0
    booked.write_text('month,provider,category,amount\n2027-01,cjd,wages,"1,557.70 €"\n'
                      "2027-02,cjd,wages,EUR 1557.70\n")
    cells = read_booked(booked, ["cjd"], scn.period.start_month, 12, 12)
    assert cells[:2, 0, 0].tolist() == [1557.7, 1557.7]
    booked.write_text("month;provider;category;amount\n2027-01;cjd;wages;1.557,70 USD\n"
                      "2027-02;cjd;wages;$1557,70\n2027-03;cjd;wages;£ 1.557,70\n"
                      "2027-04;cjd;wages;1.557,70 CHF\n2027-05;cjd;wages;(1.557,70)\n"
                      "2027-06;cjd;wages;(1.557,70) €\n2027-06;cjd;staff;1.557,70 kg\n")
    other = ("not EUR: expected the amount in EUR, the booked costs' currency (bare or with "
             "€ or EUR)")
    brackets = ("amount: accounting brackets mark a negative amount: expected an amount in "
                "EUR >= 0")
    assert booked_problems(path) == [
        f"{booked}:2: amount: in USD, {other} (given: '1.557,70 USD')",
        f"{booked}:3: amount: in $, {other} (given: '$1557,70')",
        f"{booked}:4: amount: in £, {other} (given: '£ 1.557,70')",
        f"{booked}:5: amount: in CHF, {other} (given: '1.557,70 CHF')",
        f"{booked}:6: {brackets} (given: '(1.557,70)')",
        f"{booked}:7: {brackets} (given: '(1.557,70) €')",
        f"{booked}:8: amount: expected an amount in EUR >= 0 (given: '1.557,70 kg')"]
    booked.write_text("month;provider;category;amount\n2027-01;cjd;wages;1.557 €\n")
    assert booked_problems(path) == [  # the point's two readings, of the digits alone
        f"{booked}:2: amount: ambiguous in a semicolon file, which writes a decimal comma: "
        "write 1557 if the point parts thousands (parting cents, it would leave three "
        "decimals) (given: '1.557 €')"]


def test_a_price_s_dash_for_no_cents_is_read_and_a_sign_of_doubled_euros_is_no_currency(
        tmp_path: Path) -> None:
    """``100,- €``, as German prices write whole euros, was refused as "in - €, not EUR",
    and ``100 €€`` as "in €€": a sign was a currency if any character of it was one. Now a
    dash after the comma is no cents (``100,-`` is 100.00 EUR, ``1.557,– €`` 1557.00),
    and a sign is a currency only as a symbol (after at most two capitals: ``US$``) or
    three capitals; any other text gets the plain line."""
    booked = tmp_path / "booked.csv"
    path = files(tmp_path, SPELLS, "month;provider;category;amount\n2027-01;cjd;wages;100,- €\n"
                                   "2027-02;cjd;wages;100,-\n2027-03;cjd;wages;1.557,\u2013 €\n"
                                   "2027-04;cjd;wages;€ 12,--\n")
    scn = load_scenario(path, actuals("2028-01", booked=True))
    cells = read_booked(booked, ["cjd"], scn.period.start_month, 12, 12)
    assert [round(amount * 100) for amount in cells[:4, 0, 0]] == [10000, 10000, 155700, 1200]
    booked.write_text('month,provider,category,amount\n2027-01,cjd,wages,"100,- €"\n')
    assert read_booked(booked, ["cjd"], scn.period.start_month, 12, 12)[0, 0, 0] == 100.0
    booked.write_text("month;provider;category;amount\n2027-01;cjd;wages;100 €€\n"
                      "2027-02;cjd;wages;1,557,- €\n2027-03;cjd;wages;100,- kg\n"
                      "2027-04;cjd;wages;US$ 100\n2027-05;cjd;wages;100,- USD\n")
    other = ("not EUR: expected the amount in EUR, the booked costs' currency (bare or with "
             "€ or EUR)")
    assert booked_problems(path) == [
        f"{booked}:2: amount: expected an amount in EUR >= 0 (given: '100 €€')",
        f"{booked}:3: amount: expected an amount in EUR >= 0 (given: '1,557,- €')",
        f"{booked}:4: amount: expected an amount in EUR >= 0 (given: '100,- kg')",
        f"{booked}:5: amount: in US$, {other} (given: 'US$ 100')",
        f"{booked}:6: amount: in USD, {other} (given: '100,- USD')"]


def test_a_cell_booked_twice_is_reported_with_the_file_s_other_problems(
        tmp_path: Path) -> None:
    """Before, a cell booked twice was reported only in a file without other errors."""
    booked = tmp_path / "booked.csv"
    path = files(tmp_path, SPELLS, "month,provider,category,amount\n2027-03,cjd,wages,10\n"
                                   "2027-03,cjd,wages,12\n2027-04,awo,wages,1\n"
                                   "2027-03,cjd,wages,13\n")
    assert booked_problems(path) == [
        f"{booked}:3: month: booked twice: already on line 2 (given: '2027-03')",
        f"{booked}:4: provider: unknown provider (known: cjd) (given: 'awo')",
        f"{booked}:5: month: booked twice: already on line 2 (given: '2027-03')"]


def test_a_booked_cell_over_the_csv_limit_is_one_line(tmp_path: Path) -> None:
    """An unclosed quote in a large booked costs file: exit 2 and one line, not "field
    larger than field limit" as a bug in finsim."""
    path = files(tmp_path, SPELLS)
    booked = tmp_path / "booked.csv"
    booked.write_text("month,provider,category,amount\n2027-01,cjd,wages,\"6000\n"
                      + "2027-02,cjd,wages,6000\n" * 6000)
    assert booked_problems(path, "2027-07") == [
        f"{booked}:2: a cell longer than 131,072 characters: an unclosed quote (\") on this "
        "line runs on — close or remove the quote"]


def test_a_booked_costs_file_with_another_header_is_not_quoted(tmp_path: Path) -> None:
    """The header of a file that is no booked costs file was quoted as the given value:
    a scenario's actuals.booked could print any .csv file's first line."""
    path = files(tmp_path, SPELLS)
    booked = tmp_path / "booked.csv"
    booked.write_text("db_password=hunter3,month\n")
    assert booked_problems(path, "2027-07") == [
        f"{booked}:1: expected the header month,provider,category,amount (missing: provider, "
        "category, amount)"]


def test_a_booked_costs_file_that_cannot_be_read_is_one_line_saying_why(tmp_path: Path) -> None:
    """Missing, a folder, a FIFO (refused without waiting for a writer), a byte order
    mark: as the caseload file is read."""
    path = files(tmp_path, SPELLS)
    booked = tmp_path / "booked.csv"

    def refusal() -> list[str]:
        with pytest.raises(ScenarioError) as err:
            load_scenario(path, actuals("2027-07", booked=True))
        return [str(p) for p in err.value.problems]

    assert refusal() == [f"{booked}: booked costs file does not exist"]
    booked.mkdir()
    assert refusal() == [f"{booked}: booked costs file is a directory, not a CSV file"]
    booked.rmdir()
    os.mkfifo(booked)
    assert refusal() == [f"{booked}: booked costs file is a FIFO (named pipe), not a CSV file"]
    booked.unlink()
    booked.write_bytes(b"month,provider,category,amount\n2027-01,cjd,wages,\xe4\n")
    assert refusal() == [f"{booked}: booked costs file is not UTF-8 text (line 2: the byte "
                         "0xe4 is 'ä' in Windows-1252/Latin-1) — save it as CSV (UTF-8)"]
    booked.write_bytes("\ufeffmonth,provider,category,amount\n2027-01,cjd,wages,6000\n"
                       .encode())
    scn = load_scenario(path, actuals("2028-01", booked=True))
    assert run(RunSpec(scn, 1, 9), jobs=1).metric("cost_total").tolist() == [45691.44]


def test_the_past_is_the_same_in_every_replication(tmp_path: Path) -> None:
    """As of 2027-07: months 0-5 are actual (identical ledgers), B continues with its
    tenure and exits by the hazards from then on."""
    data_path = files(tmp_path, SPELLS)
    data = yaml.safe_load(data_path.read_text())
    data["employment"] = {"max_months": 60, "hazards": {"dropout": 0.2}}
    data_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    program = compile_program(load_scenario(data_path, actuals("2027-07")))
    outcomes = [replicate(program, np.random.SeedSequence(7, spawn_key=(0, i)))
                for i in range(6)]
    for o in outcomes[1:]:
        np.testing.assert_array_equal(o.ledger[:6], outcomes[0].ledger[:6])
    later = {float(o.ledger[6:].sum()) for o in outcomes}
    assert len(later) > 1  # the forecast differs by replication


def test_as_of_at_the_period_start_is_a_plain_run_to_the_cent(tmp_path: Path) -> None:
    """Actual spells that all begin on or after --as-of are the forecast's to make: a
    re-forecast as of the seed's first month is the seed's own run, cent for cent."""
    (tmp_path / "spells.csv").write_text(HEADER + "x,cjd,2013-03,,\n", encoding="utf-8")
    plain = run(RunSpec(load_scenario(SEED), 8, 2013), jobs=1)
    again = run(RunSpec(load_scenario(SEED, [
        f"actuals.spells={tmp_path / 'spells.csv'}", "actuals.as_of=2013-01"]), 8, 2013), jobs=1)
    np.testing.assert_array_equal(plain.metric_values, again.metric_values)
    pd.testing.assert_series_equal(tables.ledger_table(plain).amount,
                                   tables.ledger_table(again).amount)
    assert set(tables.flows_table(again).basis) == {"forecast"}


def test_run_with_actuals_marks_months_and_prints_the_year_end(tmp_path: Path) -> None:
    path = files(tmp_path, SPELLS)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(path), "-n", "5", "--jobs", "1", "--out",
                                       str(out), "--actuals", str(tmp_path / "spells.csv"),
                                       "--as-of", "2027-07"])
    assert result.exit_code == 0, result.output
    assert "Year-end 2027 (6 of 12 months actual): cost " in result.output
    ledger = pd.read_csv(out / "ledger.csv")
    assert list(ledger.columns[:2]) == ["month", "basis"]
    assert ledger.groupby("basis").month.max().to_dict() == {"actual": "2027-06",
                                                            "forecast": "2027-12"}
    flows = pd.read_csv(out / "flows.csv")
    assert (flows.basis == np.where(flows.month < "2027-07", "actual", "forecast")).all()


@pytest.mark.parametrize("lang, line, title, heads", [
    ("de", "Jahresende 2027 (6 von 12 Monaten Ist): Kosten 45.613 EUR, 90-%-Intervall "
           "45.613 – 45.613", "Jahresende (Hochrechnung): Kosten je Jahr, Mittelwert und "
           "90-%-Intervall (EUR)", ("Jahr", "Mittelwert", "5-%-Perzentil", "95-%-Perzentil")),
    ("en", "Year-end 2027 (6 of 12 months actual): cost 45,613 EUR, 90% interval "
           "45,613 – 45,613", "Year-end (Hochrechnung): cost by year, mean and 90 % interval "
           "(EUR)", ("Year", "Mean", "5th percentile", "95th percentile"))])
def test_the_year_end_figure_reaches_the_page_workbook_and_run_json(
        tmp_path: Path, lang: str, line: str, title: str, heads: tuple[str, ...]) -> None:
    """The Hochrechnung's year-end line was on the terminal and monitoring.md only; the
    page, results.xlsx and run.json gave the mean alone. No exit is drawn (the scenario
    has no hazards), so the forecast is B in a slot to December: 2027 costs A's January
    to March (3 x 2,960.88 + the entry module 500) and B's year (12 x 2,960.88 + the
    month-12 module 700) = 45,613.20 in every replication, its interval 0 wide."""
    lines, out = run_spells(tmp_path, "2027-07", lang=lang)
    assert ("Year-end 2027 (6 of 12 months actual): cost 45,613 EUR, 90% interval "
            "45,613 – 45,613") in lines
    assert f"<p>{line}</p>" in (out / "report.html").read_text(encoding="utf-8")
    rows = sheet_rows(out, 1)
    at = next(i for i, row in enumerate(rows) if row[0] == title)
    assert [row[:4] for row in rows[at + 1:at + 3]] == [
        heads, (f"2027 ({line.split('(')[1].split(')')[0]})", 45613.20, 45613.20, 45613.20)]
    record = yaml.safe_load((out / "run.json").read_text(encoding="utf-8"))
    assert record["year_end"] == [
        {"year": 2027, "actual_months": 6, "months": 12, "cost_mean": 45613.20,
         "interval": 0.9, "cost_low": 45613.20, "cost_high": 45613.20}]


def test_the_year_end_interval_on_the_page_is_the_terminal_s(tmp_path: Path) -> None:
    """A drawn hourly wage spreads the forecast months (B's July to December): the page,
    the workbook and run.json give the interval the terminal prints, from one function
    (``starts.year_ends``); a plain run has none of it."""
    lines, out = run_spells(tmp_path, "2027-07", "--set", "uncertainty={costs.wages.hourly: "
                            "{dist: triangular, low: 14, mode: 14.6, high: 15.2}}", n=5)
    line = "Year-end 2027 (6 of 12 months actual): cost 45,698 EUR, 90% interval " \
           "45,300 – 46,144"
    assert line in lines
    assert f"<p>{line}</p>" in (out / "report.html").read_text(encoding="utf-8")
    record = yaml.safe_load((out / "run.json").read_text(encoding="utf-8"))["year_end"]
    assert [record[0][k] for k in ("cost_mean", "cost_low", "cost_high")] == [
        45697.85, 45299.66, 46144.18]
    assert sheet_rows(out, 1)[-1][:4] == ("2027 (6 of 12 months actual)", 45697.85,
                                          45299.66, 46144.18)
    plain = tmp_path / "plain"
    assert CliRunner().invoke(main, ["run", str(SEED), "-n", "2", "--jobs", "1", "--out",
                                     str(plain)]).exit_code == 0
    assert "year_end" not in yaml.safe_load((plain / "run.json").read_text(encoding="utf-8"))
    assert "Jahresende" not in (plain / "report.html").read_text(encoding="utf-8")


def test_actuals_mistakes_are_one_line_each(tmp_path: Path) -> None:
    path = files(tmp_path, "A,cjd,2027-01,2027-04,dropout\nB,cjd,2026-07,,\nC,cjd,2027-02,,\n")
    assert refused_lines(path, "2027-07") == [
        f"{tmp_path / 'spells.csv'}:4: provider: 3 people at cjd in 2027-02, which has "
        "2 slots then (given: 'cjd')"]
    with pytest.raises(ScenarioError) as err:
        load_scenario(files(tmp_path, SPELLS), actuals("2029-01"))
    assert str(err.value.problems[0]) == (
        f"{path} (--set): actuals.as_of: expected a month from the period start 2027-01 to the "
        "month after its end, 2028-01 (given: '2029-01')")
    result = CliRunner().invoke(main, ["run", str(path), "--as-of", "2027-07"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{path}: actuals.spells: required key is missing — a re-forecast needs the actual "
        "spells: --actuals SPELLS.csv, or spells in the scenario's actuals block"]
    import finsim

    with pytest.raises(ScenarioError) as err:  # the hint was "actuals.spells SPELLS.csv"
        finsim.load(path, {"actuals.as_of": "2027-07"})
    assert [str(p) for p in err.value.problems] == [
        f"{path}: actuals.spells: required key is missing — a re-forecast needs the actual "
        "spells: add {'actuals.spells': 'SPELLS.csv'} to the overrides, or spells in the "
        "scenario's actuals block"]


def test_as_of_or_booked_alone_take_the_rest_from_the_scenarios_block(tmp_path: Path) -> None:
    """The scenario's actuals block says spells.csv and --as-of 2027-07; ``--as-of
    2028-01`` alone moves it (all actual: A and B, 45,613.20 as above), ``--booked``
    alone adds January's wages, 6,000.00 instead of 2 x 2,960.88 (45,691.44)."""
    path = files(tmp_path, SPELLS, "month,provider,category,amount\n2027-01,cjd,wages,6000\n")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["actuals"] = {"spells": "spells.csv", "as_of": "2027-07"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    common = ["run", str(path), "-n", "2", "--jobs", "1", "--no-uncertainty", "-q"]
    for option, total in ((["--as-of", "2028-01"], 45613.20),
                          (["--as-of", "2028-01", "--booked", str(tmp_path / "booked.csv")],
                           45691.44)):
        out = tmp_path / f"out{len(option)}"
        result = CliRunner().invoke(main, [*common, *option, "--out", str(out)])
        assert result.exit_code == 0, result.output
        replications = pd.read_csv(out / "replications.csv")
        assert replications.cost_total.round(2).tolist() == [total] * 2
    out = tmp_path / "booked-only"
    result = CliRunner().invoke(main, [*common, "--booked", str(tmp_path / "booked.csv"),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    ledger = pd.read_csv(out / "ledger.csv")
    wages = ledger[(ledger.month == "2027-01") & (ledger.category == "wages")]
    assert round(wages.amount.sum(), 2) == 6000.00


def test_an_as_of_outside_the_period_is_named_where_it_was_written(tmp_path: Path) -> None:
    """In the file: its file and line; with ``--as-of``: the option, not ``--set``."""
    path = files(tmp_path, SPELLS)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["actuals"] = {"spells": "spells.csv", "as_of": "2026-12"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("  as_of: 2026-12") + 1
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:{line}: actuals.as_of: expected a month from the period start 2027-01 to the "
        "month after its end, 2028-01 (given: '2026-12') — it lies before the program's "
        "start, 2027-01: give the month after the last actual month, from 2027-01 on (a "
        "file for a program running since before 2027-01 says since when in "
        "period.simulate_from)"]
    result = CliRunner().invoke(main, ["run", str(path), "--actuals",
                                       str(tmp_path / "spells.csv"), "--as-of", "2029-01",
                                       "--out", str(tmp_path / "res")])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "finsim run: --as-of: actuals.as_of: expected a month from the period start 2027-01 to the "
        "month after its end, 2028-01 (given: '2029-01')"]
    assert not (tmp_path / "res").exists()


def test_a_drawn_slot_count_below_the_actual_spells_is_named_as_the_draw(
        tmp_path: Path) -> None:
    """Two people are in cjd's two slots in 2027-01: a draw of one slot (1 to 2, rounded half up) cannot hold them.
    The line names the drawn value as the cause, then the file's line; exit 2."""
    path = files(tmp_path, SPELLS)
    data = yaml.safe_load(path.read_text())
    data["uncertainty"] = {"providers.cjd.slots": {"dist": "uniform", "low": 1, "high": 2}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(path), "-n", "10", "--jobs", "1", "--out",
                                       str(tmp_path / "out"), "--actuals",
                                       str(tmp_path / "spells.csv"), "--as-of", "2027-06"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "uncertainty: providers.cjd.slots: a drawn value is not allowed: 1 does not fit the "
        f"rest of the scenario: {tmp_path / 'spells.csv'}:3: provider: 2 people at cjd in "
        "2027-01, which has 1 slot then (given: 'cjd') — narrow the distribution in "
        "'uncertainty' so every draw is valid")
    assert not (tmp_path / "out").exists()


def test_a_drawn_wage_applies_from_the_first_forecast_month(tmp_path: Path) -> None:
    """A draw applies from --as-of on (docs/running-programs.md): the wages of the
    actual month 2027-01 (A and B, 2 x 2,960.88 EUR at 14.60 EUR an hour with the
    contributions) stay the scenario's whatever is drawn; 2027-07, the first forecast
    month (B alone), follows the drawn hourly wage."""
    from finsim.montecarlo.uncertainty import drawn_program
    from finsim.scenario import CATEGORIES

    path = files(tmp_path, SPELLS)
    data = yaml.safe_load(path.read_text())
    data["uncertainty"] = {"costs.wages.hourly": {"dist": "uniform", "low": 13, "high": 16}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    program = compile_program(load_scenario(path, actuals("2027-07")))
    seed = np.random.SeedSequence(9)
    ledgers = {hourly: replicate(drawn_program(program, {"costs.wages.hourly": hourly}),
                                 seed).ledger[:, :, CATEGORIES.index("wages")].sum(axis=(1, 2))
               for hourly in (14.6, 16.0)}
    assert ledgers[14.6][0] / 100 == ledgers[16.0][0] / 100 == 2 * 2960.88
    np.testing.assert_array_equal(ledgers[16.0][:6], ledgers[14.6][:6])
    assert ledgers[14.6][6] / 100 == 2960.88
    assert ledgers[16.0][6] / 100 == pytest.approx(2960.88 * 16.0 / 14.6, abs=0.01)


REFERRED = "person,provider,entry,exit,exit_reason,referral\n"


def program_flows(result) -> pd.DataFrame:  # noqa: ANN001 - a run's result
    """flows.csv's program rows (referrals and waiting), by month."""
    flows = tables.flows_table(result)
    return flows[flows.provider == "all"].set_index("month")


@pytest.mark.parametrize("as_of", ["2027-12", "2028-01"])
def test_the_waiting_list_counts_whatever_the_as_of(tmp_path: Path, as_of: str) -> None:
    """W, referred on 2027-05-20, waits: one referral in May and one waiting at the end of
    June, with --as-of at the period end (2028-01: nothing simulated) as before it (the
    waiting list was dropped at the end before)."""
    path = files(tmp_path, "A,cjd,2027-01-01,,,\nW,,,,,2027-05-20\n", header=REFERRED)
    result = run(RunSpec(load_scenario(path, actuals(as_of)), 2, 9), jobs=1)
    assert result.metric("referrals").tolist() == [1.0, 1.0]
    flows = program_flows(result)
    assert flows.loc["2027-05", "referrals"] == 1 and flows.loc["2027-06", "waiting"] == 1
    if as_of == "2028-01":
        assert result.metric("waiting_at_end").tolist() == [1.0, 1.0]


def test_an_entrant_is_referred_on_the_referral_date(tmp_path: Path) -> None:
    """V, referred on 2027-02-05, entered on 2027-04-01: a referral in February, waiting
    at the end of February and March (it was counted in April, with no waiting, before).
    A, in the slot from the period's first day, is the starting caseload: an entry, no
    referral; C, entering later without a referral date, is referred on its entry day."""
    path = files(tmp_path, "A,cjd,2027-01-01,2027-05-01,dropout,\n"
                           "V,cjd,2027-04-01,,,2027-02-05\nC,cjd,2027-05-10,,,\n",
                 header=REFERRED)
    flows = program_flows(run(RunSpec(load_scenario(path, actuals("2027-07")), 2, 9), jobs=1))
    actual = flows.loc[:"2027-06"]
    assert actual.referrals.tolist() == [0, 1, 0, 0, 1, 0]
    assert actual.entries.tolist() == [1, 0, 0, 1, 1, 0]
    assert actual.waiting.tolist() == [0, 1, 1, 0, 0, 0]


def test_someone_referred_before_as_of_who_enters_after_it_waits_then(tmp_path: Path) -> None:
    """V's entry on 2027-04-01 lies after --as-of 2027-03: the forecast decides it, but the
    referral on 2027-02-05 is actual: V waits at the end of February and at --as-of."""
    path = files(tmp_path, "A,cjd,2027-01-01,,,\nV,cjd,2027-04-01,,,2027-02-05\n",
                 header=REFERRED)
    result = run(RunSpec(load_scenario(path, actuals("2027-03")), 2, 9), jobs=1)
    flows = program_flows(result)
    assert flows.loc["2027-02", ["referrals", "waiting"]].tolist() == [1, 1]
    assert result.metric("referrals").tolist() == [1.0, 1.0]
    assert result.metric("entries").tolist() == [2.0, 2.0]  # V takes the free slot


def test_an_open_spell_past_max_months_is_refused_as_in_a_caseload(tmp_path: Path) -> None:
    """A entered 2020-01-01 with no exit: five actual months of 2027 were costed and
    subsidised in A's 8th year (max_months 60), then a max_duration exit at --as-of.
    Refused, one line, as a starting caseload refuses it; the same with B, whose 60
    months end on 2027-04-01, inside the actual months. C's end on --as-of itself: the
    forecast's (C leaves then, max_duration)."""
    path = files(tmp_path, "A,cjd,2020-01-01,,\nB,cjd,2022-04-01,,\nC,cjd,2022-06-01,,\n")
    assert refused_lines(path, "2027-06") == past_max_months(
        tmp_path / "spells.csv", 60, "the first month forecast (as_of) 2027-06",
        [(2, "A", "2020-01-01", "2025-01-01"), (3, "B", "2022-04-01", "2027-04-01")])


def test_a_referral_on_the_as_of_day_is_the_forecast_s(tmp_path: Path) -> None:
    """W, referred on 2027-02-01, with --as-of 2027-02: the referral lies on the first
    forecast day, so the forecast speaks (it simulates that month's referrals: none
    here). W was a referral and an entry of February before, counted twice where
    referrals are simulated. At the period start a referral on its first day is on the
    waiting list, as for a starting caseload: one referral, and W takes the free slot."""
    spells = "A,cjd,2026-01-01,,,\nW,,,,,{}\n"
    path = files(tmp_path, spells.format("2027-02-01"), header=REFERRED)
    result = run(RunSpec(load_scenario(path, actuals("2027-02")), 2, 9), jobs=1)
    assert result.metric("referrals").tolist() == [0.0, 0.0]
    assert result.metric("entries").tolist() == [1.0, 1.0]
    path = files(tmp_path, spells.format("2027-01-01"), header=REFERRED)
    for as_of in ("2027-01", "2027-02"):
        result = run(RunSpec(load_scenario(path, actuals(as_of)), 2, 9), jobs=1)
        assert result.metric("referrals").tolist() == [1.0, 1.0]
        assert result.metric("entries").tolist() == [2.0, 2.0]


def exit_past_max_months(file: Path, months: int,
                         rows: list[tuple[int, str, str, str, str]]) -> list[str]:
    """The line for each (file line, person, entry, exit, latest exit) of a closed spell
    whose exit lies past its maximum duration."""
    return [f"{file}:{line}: exit: person {who} exits on {exit_}, after employment.max_months "
            f"({months} months from the entry {entry}) ended: the exit is at the latest "
            f"{latest} (the first day no longer employed); is the entry or the exit date wrong?"
            for line, who, entry, exit_, latest in rows]


def test_a_closed_spell_past_max_months_is_refused(tmp_path: Path) -> None:
    """A entered 2022-01-01 (max_months 60: employed through 2026-12-31, exit at the
    latest 2027-01-01) and exits 2027-06-01: five actual months were costed and
    subsidised past the maximum the law funds. C exits a day late (2027-03-17 for an
    entry on 2022-03-16). Refused, one line each, by the CLI (exit 2), finsim.load and
    finsim.run alike. H's spell ended before the period: history, costing nothing in it
    (perhaps under another maximum then), not checked."""
    import finsim

    path = files(tmp_path, "A,cjd,2022-01-01,2027-06-01,max_duration\n"
                           "C,cjd,2022-03-16,2027-03-17,max_duration\n"
                           "H,cjd,2010-01-01,2027-01-01,max_duration\n")
    expected = exit_past_max_months(tmp_path / "spells.csv", 60, [
        (2, "A", "2022-01-01", "2027-06-01", "2027-01-01"),
        (3, "C", "2022-03-16", "2027-03-17", "2027-03-16")])
    assert refused_lines(path, "2027-07") == expected
    overrides = {"actuals.spells": "spells.csv", "actuals.as_of": "2027-07"}
    for call in (finsim.load, finsim.run):
        with pytest.raises(finsim.ScenarioError) as err:
            call(path, overrides)
        assert [str(p) for p in err.value.problems] == expected
    result = CliRunner().invoke(main, ["run", str(path), "--actuals", str(tmp_path / "spells.csv"),
                                       "--as-of", "2027-07", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert [line for line in result.output.splitlines() if "exits on" in line] == expected
    assert not (tmp_path / "out").exists()


def test_an_exit_on_the_day_the_maximum_ends_is_costed_to_it(tmp_path: Path) -> None:
    """B entered 2022-03-16 and exits 2027-03-16 (employed through the 15th): exactly
    max_months 60, accepted. 2 x 2,960.88 + 15/31 x 2,960.88 (1,432.68) = 7,354.44, in
    B's 5th year (70 % Jobcenter, month by month: 2 x 2,072.62 + 1,002.88 = 5,148.12)."""
    scn = load_scenario(files(tmp_path, "B,cjd,2022-03-16,2027-03-16,max_duration\n"),
                        actuals("2028-01"))
    result = run(RunSpec(scn, 2, 9), jobs=1)
    assert result.metric("cost_wages").tolist() == [7354.44] * 2
    assert result.metric("funding_jobcenter").tolist() == [5148.12] * 2
    assert result.metric("exits_max_duration").tolist() == [1.0] * 2


def test_a_maximum_ending_in_a_shorter_month_allows_its_last_day(tmp_path: Path) -> None:
    """Entered 2026-12-31 with max_months 2: February has no 31st, so the maximum ends
    with 28 February and the exit is at the latest 2027-03-01 (BGB §188), not a fraction
    of a day before it. An exit then is fine, a day later is refused; still in at
    --as-of 2027-03 is fine too (they leave then): January and February, 2 x 2,960.88."""
    two = [*actuals("2027-03"), "employment.max_months=2"]
    load_scenario(files(tmp_path, "A,cjd,2026-12-31,2027-03-01,max_duration\n"), two)
    with pytest.raises(ScenarioError) as err:
        load_scenario(files(tmp_path, "A,cjd,2026-12-31,2027-03-02,max_duration\n"), two)
    assert [str(p) for p in err.value.problems] == exit_past_max_months(
        tmp_path / "spells.csv", 2, [(2, "A", "2026-12-31", "2027-03-02", "2027-03-01")])
    result = run(RunSpec(load_scenario(files(tmp_path, "A,cjd,2026-12-31,,\n"), two), 2, 9),
                 jobs=1)
    assert result.metric("cost_wages").tolist() == [5921.76] * 2
    assert result.metric("exits_max_duration").tolist() == [1.0] * 2


def test_an_exit_after_as_of_is_the_forecast_s_and_run_says_so(tmp_path: Path) -> None:
    """A is in a slot at --as-of 2027-07 and the file says A leaves on 2027-10-01: from
    --as-of on the forecast speaks (no exit hazards here, so A stays the year: 12 x
    2,960.88 = 35,530.56, not the 9 months the file's exit would give). Not silent: the
    run's start line says the exit is not used, and how to use it."""
    path = files(tmp_path, "A,cjd,2026-05-01,2027-10-01,placement\n"
                           "B,cjd,2026-05-01,2027-03-01,placement\n")
    result = run(RunSpec(load_scenario(path, actuals("2027-07")), 2, 9), jobs=1)
    assert result.metric("cost_wages").round(2).tolist() == [35530.56 + 2 * 2960.88] * 2
    out = CliRunner().invoke(main, ["run", str(path), "--actuals", str(tmp_path / "spells.csv"),
                                    "--as-of", "2027-07", "-n", "2",
                                    "--out", str(tmp_path / "out")])
    assert out.exit_code == 0, out.output
    assert ("Actual spells (spells.csv): 2 people in the slots at the start, 1 at the start "
            "of the forecast 2027-07, 0 waiting then; 1 slot free then, which no referral "
            "fills (referrals_per_month: 0 then); the file's 1 exit from 2027-07 on is not "
            "used: the forecast draws who leaves (a later start of the forecast uses it)"
            ) in out.output
    from finsim.analysis.starts import start_line

    # the German line goes onto pages: the months of Ist and of the forecast, not a
    # "Stichtag 2027-07" (read as July's last day Ist); "ihn" for one exit
    assert start_line(result, "de") == (
        "Ist-Verläufe (spells.csv), Ist bis Juni 2027, Prognose ab Juli 2027: 2 Personen auf "
        "den Plätzen zu Beginn, 1 zu Beginn der Prognose, 0 Personen warten dann auf einen "
        "Platz; 1 freier Platz zu Beginn der Prognose, den keine Zuweisung besetzt "
        "(referrals_per_month: 0 zu Beginn der Prognose); 1 Austritt der Datei ab Juli 2027 "
        "nicht verwendet: ab dann zieht die Prognose, wer austritt (ein späterer "
        "Prognosebeginn verwendet ihn)")


def test_the_german_spells_line_agrees_with_its_counts(tmp_path: Path) -> None:
    """Two exits after --as-of 2027-04 (A on 2027-06, B on 2027-09) are "sie", and
    one person referred before it who enters after it (C) "wartet"; before, "1 dann
    wartend" and "sie" for one exit. C's entry is not used either, and said."""
    path = files(tmp_path, "A,cjd,2026-05-01,2027-06-01,placement,\n"
                           "B,cjd,2026-05-01,2027-09-01,placement,\n"
                           "C,cjd,2027-06-01,,,2027-02-01\n", header=HEADER.strip() + ",referral\n")
    from finsim.analysis.starts import start_line

    result = run(RunSpec(load_scenario(path, actuals("2027-04")), 1, 9), jobs=1)
    assert start_line(result, "de") == (
        "Ist-Verläufe (spells.csv), Ist bis März 2027, Prognose ab April 2027: 2 Personen auf "
        "den Plätzen zu Beginn, 2 zu Beginn der Prognose, 1 Person wartet dann auf einen "
        "Platz; 1 Eintritt und 2 Austritte der Datei ab April 2027 nicht verwendet: ab dann "
        "zieht die Prognose, wer eintritt und wer austritt (ein späterer Prognosebeginn "
        "verwendet sie)")


def test_every_exit_after_as_of_is_counted_as_not_used(tmp_path: Path) -> None:
    """--as-of 2027-05: A, in a slot then, leaves on 2027-08-15; Z, referred on 2027-05-03,
    enters on 2027-06-01 and leaves on 2027-09-01. Both exits lie after --as-of and the
    forecast draws them, so both are counted: Z's was left out while its referral and
    entry were counted. Y's referral (on 2027-05-01, the first forecast day) and Z's, X's
    and Z's entries; W1 and X (referred before) wait, A and B hold the slots."""
    from finsim.analysis.starts import _at_as_of

    path = files(tmp_path, "A,cjd,2026-03-01,2027-08-15,dropout,\nB,cjd,2026-06-01,,,\n"
                           "W1,,,,,2027-02-10\nX,cjd,2027-07-01,,,2027-04-20\n"
                           "Y,,,,,2027-05-01\nZ,cjd,2027-06-01,2027-09-01,placement,2027-05-03\n",
                 header=REFERRED)
    _, _, held, waiting, unused = _at_as_of(load_scenario(path, actuals("2027-05")))
    assert (held, waiting) == (2, 2)
    assert unused == (2, 2, 2)  # referrals Y, Z; entries X, Z; exits A, Z


def test_entries_and_referrals_after_as_of_are_counted_as_not_used(tmp_path: Path) -> None:
    """The file of 2027-11 with --as-of 2027-09: J entered on 2027-09-21 (referred on
    2027-09-01, the first forecast day) and W was referred on 2027-10-05; both were dropped
    without a word, only an exit after --as-of was said. Now the spells' line counts them
    (terminal, page and workbook share it), in both languages; with --as-of 2027-10 only
    W's referral is left, "it"/"sie"; with 2027-11 nothing."""
    from finsim.analysis.starts import start_line

    path = files(tmp_path, "A,cjd,2027-01-01,,,\nJ,cjd,2027-09-21,,,2027-09-01\n"
                           "W,,,,,2027-10-05\n", header=REFERRED)
    out = CliRunner().invoke(main, ["run", str(path), "--actuals", str(tmp_path / "spells.csv"),
                                    "--as-of", "2027-09", "-n", "2", "--jobs", "1",
                                    "--out", str(tmp_path / "out")])
    assert out.exit_code == 0, out.output
    assert ("Actual spells (spells.csv): 1 person in the slots at the start, 1 at the start "
            "of the forecast 2027-09, 0 waiting then; 1 slot free then, which no referral "
            "fills (referrals_per_month: 0 then); the file's 2 referrals and 1 entry from "
            "2027-09 on are not used: the forecast draws who is referred and who enters (a "
            "later start of the forecast uses them)") in out.output
    result = run(RunSpec(load_scenario(path, actuals("2027-09")), 1, 9), jobs=1)
    assert start_line(result, "de") == (
        "Ist-Verläufe (spells.csv), Ist bis August 2027, Prognose ab September 2027: 1 Person auf "
        "den Plätzen zu Beginn, 1 zu Beginn der Prognose, 0 Personen warten dann auf einen "
        "Platz; 1 freier Platz zu Beginn der Prognose, den keine Zuweisung besetzt "
        "(referrals_per_month: 0 zu Beginn der Prognose); 2 Zuweisungen und 1 Eintritt der "
        "Datei ab September 2027 nicht verwendet: ab dann "
        "zieht die Prognose, wer zugewiesen wird und wer eintritt (ein späterer "
        "Prognosebeginn verwendet sie)")
    result = run(RunSpec(load_scenario(path, actuals("2027-10")), 1, 9), jobs=1)
    assert start_line(result) == (
        "Actual spells (spells.csv): 1 person in the slots at the start, 2 at the start of "
        "the forecast 2027-10, 0 waiting then; the file's 1 referral from 2027-10 on is not "
        "used: the forecast draws who is referred (a later start of the forecast uses it)")
    assert start_line(result, "de").endswith(
        "; 1 Zuweisung der Datei ab Oktober 2027 nicht verwendet: ab dann zieht die Prognose, "
        "wer zugewiesen wird (ein späterer Prognosebeginn verwendet sie)")
    result = run(RunSpec(load_scenario(path, actuals("2027-11")), 1, 9), jobs=1)
    assert start_line(result) == ("Actual spells (spells.csv): 1 person in the slots at the "
                                  "start, 2 at the start of the forecast 2027-11, 1 waiting "
                                  "then")


def test_a_max_duration_exit_well_before_the_maximum_is_refused(tmp_path: Path) -> None:
    """A leaves 2027-02-01 "with max_duration" after 9 months of max_months 60: the flows
    would count a maximum reached that was not. B's exit 2027-01-29 is 3 days before
    its maximum's 2027-02-01: an export's day or two, accepted (as calibrate allows)."""
    path = files(tmp_path, "A,cjd,2026-05-01,2027-02-01,max_duration\n"
                           "B,cjd,2022-02-01,2027-01-29,max_duration\n")
    assert refused_lines(path, "2027-03") == [
        f"{tmp_path / 'spells.csv'}:2: exit_reason: person A exits on 2027-02-01 with "
        "max_duration, but employment.max_months (60 months from the entry 2026-05-01) ends "
        "with an exit on 2031-05-01: is the reason (placement, dropout, other) or a date "
        "wrong?"]
    load_scenario(files(tmp_path, "B,cjd,2022-02-01,2027-01-29,max_duration\n"),
                  actuals("2027-03"))


def test_a_drawn_max_months_is_a_forecast_and_the_actual_spells_stay_history(
        tmp_path: Path) -> None:
    """B left on 2027-03-16 with max_duration after exactly the file's 60 months; A is
    still in at --as-of 2027-07 (entered 2022-09-01). A triangular draw of max_months
    (54 to 66) contradicts B's exit in almost every replication (past a shorter maximum,
    well before a longer one), yet B's spell is a fact: the run goes through (exit 0).
    The draw is the forecast's: A, whose tenure at --as-of is 58 months, leaves at
    --as-of with a drawn 54 (max_duration in 2027-07), stays to 2027-09-01 with 60. The
    file as loaded is still checked against the file's own max_months."""
    from finsim.montecarlo.uncertainty import drawn_program
    from finsim.scenario import CATEGORIES

    spells = "A,cjd,2022-09-01,,\nB,cjd,2022-03-16,2027-03-16,max_duration\n"
    path = files(tmp_path, spells)
    data = yaml.safe_load(path.read_text())
    data["uncertainty"] = {"employment.max_months": {
        "dist": "triangular", "low": 54, "mode": 60, "high": 66}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(path), "-n", "20", "--jobs", "1",
                                       "--out", str(tmp_path / "out"), "--actuals",
                                       str(tmp_path / "spells.csv"), "--as-of", "2027-07"])
    assert result.exit_code == 0, result.output
    program = compile_program(load_scenario(path, actuals("2027-07")))
    seed = np.random.SeedSequence(9)
    wages = {cap: replicate(drawn_program(program, {"employment.max_months": cap}),
                            seed).ledger[:, :, CATEGORIES.index("wages")].sum() / 100
             for cap in (54, 60)}
    # B: 2 x 2,960.88 + 15/31 x 2,960.88 (1,432.68) = 7,354.44 whatever the draw;
    # A: 6 actual months (17,765.28), then 0 (54) or 2 more (60: 5,921.76)
    assert wages[54] == pytest.approx(7354.44 + 6 * 2960.88, abs=0.005)
    assert wages[60] == pytest.approx(7354.44 + 8 * 2960.88, abs=0.005)
    with pytest.raises(ScenarioError, match="person B exits on 2027-03-16 with max_duration"):
        load_scenario(path, [*actuals("2027-07"), "employment.max_months=66"])


def test_as_of_at_the_start_keeps_who_entered_on_its_first_day(tmp_path: Path) -> None:
    """A entered on 2027-01-01, the period's first day (referred on 2026-12-10); B on
    2025-03-16. With --as-of 2027-01 both are the starting caseload, as with
    ``initial:`` the same file: the same run cent for cent (A was dropped before, and its
    slot stayed empty; with its referral date A was on the waiting list, and counted as
    waiting in both lines). Hazards 0: A 12 x 2,960.88 wages + the entry module 500 (its
    month-12 module falls in 2028-01); B 12 x 2,960.88 (modules in 2026-03 and 2028-03):
    71,561.12 EUR in all."""
    spells = "A,cjd,2027-01-01,,,2026-12-10\nB,cjd,2025-03-16,,,\n"
    path = files(tmp_path, spells, header=REFERRED)
    (tmp_path / "caseload.csv").write_text(REFERRED + spells, encoding="utf-8")
    plain = run(RunSpec(load_scenario(path, ["participants.initial=caseload.csv",
                                             "employment.hazards.dropout=0.05"]), 6, 9), jobs=1)
    again = run(RunSpec(load_scenario(path, [*actuals("2027-01"),
                                             "employment.hazards.dropout=0.05"]), 6, 9), jobs=1)
    np.testing.assert_array_equal(plain.metric_values, again.metric_values)
    pd.testing.assert_series_equal(tables.ledger_table(plain).amount,
                                   tables.ledger_table(again).amount)
    assert again.metric("entries").tolist() == [2.0] * 6
    fixed = run(RunSpec(load_scenario(path, actuals("2027-01")), 2, 9), jobs=1)
    assert fixed.metric("cost_total").round(2).tolist() == [71561.12] * 2
    out = CliRunner().invoke(main, ["run", str(path), "-n", "2", "--jobs", "1", "--out",
                                    str(tmp_path / "out"), "--actuals",
                                    str(tmp_path / "spells.csv"), "--as-of", "2027-01"])
    assert ("2 people in the slots at the start, 2 at the start of the forecast 2027-01, 0 "
            "waiting") in out.output
    out = CliRunner().invoke(main, ["run", str(path), "-n", "2", "--jobs", "1", "--out",
                                    str(tmp_path / "cl"), "--set",
                                    "participants.initial=caseload.csv"])
    assert "Starting with 2 people in the slots (caseload.csv), 0 waiting" in out.output


MONTHLY = {
    "name": "monthly re-forecast", "period": {"start": "2025-01", "months": 36},
    "participants": {"referrals_per_month": "on_demand", "initial": 0,
                     "mix": {"sex": {"male": 0.6, "female": 0.4}}},
    "employment": {"max_months": 60, "hazards": {"placement": 0.01, "dropout": 0.01}},
    "providers": [{"id": "werk", "slots": 10}],
    "costs": {"wages": {"hourly": 15.00, "hours_per_week": 39, "employer_contributions": 0.2},
              "staff": {"participants_per_coach": 4, "coach_cost_per_year": 48000,
                        "management_cost_per_year": 0},
              "qualification": [{"id": "entry", "cost": 600, "month": 0},
                                {"id": "debt", "cost": 400, "month": 1, "uptake": 0.4,
                                 "when": {"sex": "male"}}]},
    "funding": [{"id": "jobcenter", "covers": {"wages": 1.0}},
                {"id": "employers", "public": False, "covers": "remainder"}],
}
JUNE = "".join(f"{p},werk,2025-{m:02d}-01,,\n" for p, m in zip("ABCDEFG", range(2, 9), strict=True))


def year_2025(tmp_path: Path, spells: str, as_of: str) -> pd.Series:
    """The 2025 ledger (all actual) of a re-forecast, its amounts by month, cell and funder."""
    (tmp_path / "spells.csv").write_text(HEADER + spells, encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(MONTHLY, allow_unicode=True), encoding="utf-8")
    ledger = tables.ledger_table(run(RunSpec(load_scenario(path, actuals(as_of)), 2, 9), jobs=1))
    return ledger[ledger.month < "2026-01"].reset_index(drop=True)


def test_a_monthly_re_forecast_keeps_the_closed_months(tmp_path: Path) -> None:
    """June's file as of 2026-06, July's (one entrant more, H on 2026-06-15, and one on
    2024-11-01 who left before the period, sorted first) as of 2026-07: 2025 is the same
    to the cent. Each actual person's sex and debt module (40 % of the men) come from a
    stream of their own; they were drawn in a row for everyone before, so one more person
    moved who took the module. 2025 by hand: 56 person-months (A 11, B 10, ... G 5) of
    15.00 x 39 x 52/12 x 1.2 = 3,042.00 wages and 1,000.00 staff, 7 entry modules of
    600.00, and 400.00 per debt module taken."""
    june = year_2025(tmp_path, JUNE, "2026-06")
    july = year_2025(tmp_path, "Z,werk,2024-11-01,2024-12-01,dropout\n" + JUNE
                     + "H,werk,2026-06-15,,\n", "2026-07")
    pd.testing.assert_frame_equal(june, july)
    by_category = june.groupby("category").amount.sum().round(2)
    assert by_category["wages"] == 56 * 3042.00
    assert by_category["staff"] == 56 * 1000.00
    debt = (by_category["qualification"] - 7 * 600.00) / 400.00
    assert debt == int(debt) and 0 < debt < 7


def test_a_year_end_line_of_a_partial_year_says_how_many_months_it_covers(
        tmp_path: Path) -> None:
    """A period of 2027-04 to 2028-03 as of 2027-07: 2027 has 9 months, 3 of them actual,
    and 2028 only 3, all forecast; its line said "(forecast)" as of a whole year."""
    path = files(tmp_path, SPELLS)
    result = CliRunner().invoke(main, [
        "run", str(path), "-n", "3", "--jobs", "1", "--out", str(tmp_path / "out"),
        "--set", "period.start=2027-04", "--actuals", str(tmp_path / "spells.csv"),
        "--as-of", "2027-07"])
    assert result.exit_code == 0, result.output
    years = [line.split(":")[0] for line in result.output.splitlines()
             if line.startswith("Year-end")]
    assert years == ["Year-end 2027 (3 of 9 months actual)", "Year-end 2028 (3 months, forecast)"]
    from finsim.analysis.starts import year_basis

    assert [year_basis(0, 12), year_basis(12, 12), year_basis(0, 1)] == [
        "forecast", "12 of 12 months actual", "1 month, forecast"]


def freed_run(tmp_path: Path, spells: str, sets: list[str], delay: float) -> tuple:
    """A one-slot §16i program from 2027-01 with referrals on demand and no exits by the
    hazards: the mean ledger's wages by month and the spells of one replication."""
    data = {**SIXTEEN_I, "participants": {"referrals_per_month": "on_demand", "initial": 0},
            "employment": {"max_months": 60, "refill_delay_months": delay}}
    path = scenario_files(tmp_path, data, HEADER + spells)
    (tmp_path / "spells.csv").write_text(HEADER + spells, encoding="utf-8")
    scn = load_scenario(path, sets)
    ledger = tables.ledger_table(run(RunSpec(scn, 2, 9), jobs=1))
    wages = ledger[ledger.category == "wages"].groupby("month").amount.sum().round(2)
    return wages, simulate(compile_model(scn), np.random.SeedSequence(9))


MAY_25 = "A,cjd,2026-07,2027-05-25,dropout\n"


@pytest.mark.parametrize(("delay", "june"), [(1, 668.59), (2, 0.0)])
def test_a_slot_freed_before_as_of_reopens_after_the_refill_delay(
        tmp_path: Path, delay: float, june: float) -> None:
    """A left on 2027-05-25, 24/31 into May (month 4). The slot reopens a refill delay
    after that, as after a simulated exit: 24/31 into June (month 5) with one month, and
    the referral on demand takes it then, 7/31 of June's 2,960.88 = 668.59; with two
    months 24/31 into July, June empty (not at once on 2027-06-01)."""
    wages, spells = freed_run(tmp_path, MAY_25, actuals("2027-06"), delay)
    assert wages["2027-05"] == round(2960.88 * 24 / 31, 2)  # A's actual May: 2,292.29
    assert wages["2027-06"] == june
    assert wages["2027-08"] == 2960.88
    assert spells.entry.size == 2
    assert spells.entry[1] == pytest.approx(4 + delay + 24 / 31, abs=1e-12)


@pytest.mark.parametrize(("delay", "june"), [(1, 668.59), (2, 0.0)])
def test_a_caseload_s_slot_freed_before_the_start_reopens_after_the_refill_delay(
        tmp_path: Path, delay: float, june: float) -> None:
    """The same from a caseload file at a period start of 2027-06, with a second slot: A
    left it on 2027-03-01 and B took it on 2027-04-01, so the free slot is the one C
    freed last, on 2027-05-25 (7/31 of a month before the start). It reopens 24/31 into
    June with one month's delay (7/31 of June's wage, B's whole month beside it), 24/31
    into July with two."""
    caseload = ("A,cjd,2026-07,2027-03-01,dropout\nB,cjd,2027-04-01,,\n"
                "C,cjd,2026-08,2027-05-25,dropout\n")
    sets = ["participants.initial=caseload.csv", "period.start=2027-06",
            "providers.cjd.slots=2"]
    wages, spells = freed_run(tmp_path, caseload, sets, delay)
    assert wages["2027-06"] == round(2960.88 + june, 2)
    assert wages["2027-09"] == 2 * 2960.88
    assert spells.entry.size == 2
    assert spells.entry[1] == pytest.approx(delay - 1 + 24 / 31, abs=1e-12)


def test_a_slot_freed_longer_ago_than_the_refill_delay_is_open_at_once(tmp_path: Path) -> None:
    """A left on 2027-04-01, two months before --as-of 2027-06: with a one-month delay
    the slot reopened on 2027-05-01, and the referral on demand takes it on 2027-06-01
    (month 5), a whole June's wage."""
    wages, spells = freed_run(tmp_path, "A,cjd,2026-07,2027-04-01,dropout\n",
                              actuals("2027-06"), 1)
    assert wages["2027-06"] == 2960.88
    assert spells.entry[1] == 5.0


def test_the_booked_costs_are_named_beside_the_actual_spells(tmp_path: Path) -> None:
    """--booked changed the ledger but no output said so: the terminal (and the page and
    results.xlsx, see test_report_html and test_workbooks) name the file, its cells, their
    months and their sum, 6,000.00 + 1,234.56 = 7,234.56 EUR."""
    from finsim.analysis.starts import booked_line

    booked = "month,provider,category,amount\n2027-01,cjd,wages,6000\n2027-03,cjd,qualification,1234.56\n"
    path = files(tmp_path, SPELLS, booked)
    scn = load_scenario(path, actuals("2027-07", booked=True))
    assert booked_line(scn) == (
        "Booked costs (booked.csv): 2 cells (month, provider, category) in 2 months "
        "(2027-01, 2027-03), 7,234.56 EUR, replace the costs the ledger computes from the "
        "actual spells")
    assert booked_line(scn, "de") == (
        "Gebuchte Kosten (booked.csv): 2 Zellen (Monat, Träger, Kostenart) in 2 Monaten "
        "(Januar 2027, März 2027), 7.234,56 EUR, ersetzen die aus den Ist-Verläufen "
        "berechneten Kosten")
    assert booked_line(load_scenario(path, actuals("2027-07"))) is None
    (tmp_path / "booked.csv").write_text("month,provider,category,amount\n2027-01,cjd,wages,"
                                         "5400\n", encoding="utf-8")
    one = load_scenario(path, actuals("2027-07", booked=True))  # one cell: the verb agrees
    assert booked_line(one) == (
        "Booked costs (booked.csv): 1 cell (month, provider, category) in 1 month "
        "(2027-01), 5,400.00 EUR, replaces the costs the ledger computes from the actual "
        "spells")
    assert booked_line(one, "de") == (
        "Gebuchte Kosten (booked.csv): 1 Zelle (Monat, Träger, Kostenart) in 1 Monat "
        "(Januar 2027), 5.400,00 EUR, ersetzt die aus den Ist-Verläufen berechneten Kosten")
    (tmp_path / "booked.csv").write_text(booked, encoding="utf-8")
    out = CliRunner().invoke(main, ["run", str(path), "-n", "2", "--jobs", "1", "--out",
                                    str(tmp_path / "out"), "--actuals", str(tmp_path / "spells.csv"),
                                    "--as-of", "2027-07", "--booked", str(tmp_path / "booked.csv")])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    spells = next(i for i, line in enumerate(lines) if line.startswith("Actual spells"))
    assert lines[spells + 1] == booked_line(scn)


def monitoring_head(tmp_path: Path, lang: str) -> list[str]:
    """monitoring.md of a re-forecast with a 0.00 booking, down to its first table's
    heading: A's January wages booked at 0.00, February's 2,960.88 and the entry module
    500.00 from the ledger (March-exit on the 1st), 3,460.88 EUR in all."""
    path = files(tmp_path, "A,cjd,2027-01,2027-03,dropout\n",
                 "month,provider,category,amount\n2027-01,cjd,wages,0\n")
    out = tmp_path / f"out-{lang}"
    result = CliRunner().invoke(main, [
        "run", str(path), "-n", "2", "--jobs", "1", "--out", str(out), "--monitoring",
        "--lang", lang, "--actuals", str(tmp_path / "spells.csv"), "--as-of", "2027-05",
        "--booked", str(tmp_path / "booked.csv")])
    assert result.exit_code == 0, result.output
    lines = (out / "monitoring.md").read_text(encoding="utf-8").splitlines()
    return lines[:next(i for i, line in enumerate(lines) if line.startswith("## Integ"))]


def test_monitoring_md_says_what_is_actual_booked_and_warned(tmp_path: Path) -> None:
    """monitoring.md, the tables that go to funders, said only "Means over 2
    replications" of a re-forecast: nothing on the actual spells, the booked costs, the
    actual months of the year, nor the 0.00 booking the terminal and the page warn of.
    Now the terminal's lines (``starts.actuals_lines``, ``year_end_lines``) and the
    page's warnings (``tables.run_warnings``), in the page's language."""
    blank = [line for line in monitoring_head(tmp_path, "de") if line]
    assert blank[:5] == [
        "# Monitoring: one §16i person",
        "Mittelwerte über 2 Replikationen, 2027-01 – 2027-12 (12 Monate).",
        "Ist-Verläufe (spells.csv), Ist bis April 2027, Prognose ab Mai 2027: 1 Person auf den "
        "Plätzen zu Beginn, 0 zu Beginn der Prognose, 0 Personen warten dann auf einen "
        "Platz; 2 freie Plätze zu Beginn der Prognose, die keine Zuweisung besetzt "
        "(referrals_per_month: 0 zu Beginn der Prognose)",
        "Gebuchte Kosten (booked.csv): 1 Zelle (Monat, Träger, Kostenart) in 1 Monat "
        "(Januar 2027), 0,00 EUR, ersetzt die aus den Ist-Verläufen berechneten Kosten",
        "Jahresende 2027 (4 von 12 Monaten Ist): Kosten 3.461 EUR, 90-%-Intervall "
        "3.461 – 3.461"]
    assert blank[6:8] == ["## Hinweise", "Auslastung 2027 (Prognose ab Mai 2027): 0 % der "
                          "Plätze (Teilnehmende am Monatsende, im Mittel 0,0 von 2): zu wenige "
                          "Zuweisungen für die Plätze? Ein Programm, das weiterläuft: "
                          "referrals_per_month: on_demand (docs/running-programs.md)"]
    assert blank[8].startswith("actuals.spells: das letzte Datum in spells.csv (Eintritt, "
                               "Austritt oder Zuweisung) ist 2027-03-01, doch der erste "
                               "Prognosemonat Mai 2027 macht alle Monate davor zu Ist: April 2027 "
                               "gilt als Ist ohne jeden Eintrag in der Datei")
    assert blank[9].startswith("actuals.booked: booked.csv:2: „Personalkosten Beschäftigte "
                               "(Lohn inkl. AG-Anteil)“ (category: wages) von cjd für Januar "
                               "2027 mit 0,00 EUR gebucht, wo die Berechnung 2.960,88 EUR für "
                               "1 Person auf den Plätzen hat")
    english = monitoring_head(tmp_path, "en")
    assert english[4:10] == [
        "Actual spells (spells.csv): 1 person in the slots at the start, 0 at the start of "
        "the forecast 2027-05, 0 waiting then; 2 slots free then, which no referral fills "
        "(referrals_per_month: 0 then)", "",
        "Booked costs (booked.csv): 1 cell (month, provider, category) in 1 month (2027-01), "
        "0.00 EUR, replaces the costs the ledger computes from the actual spells", "",
        "Year-end 2027 (4 of 12 months actual): cost 3,461 EUR, 90% interval 3,461 – 3,461", ""]
    assert english[-4:] == [
        "actuals.booked: booked.csv:2: cjd's wages of 2027-01 booked at 0.00 EUR, where the "
        "ledger has 2,960.88 EUR for the 1 person in its slots that month: "
        + NOT_POSTED.format("to 0", "2027-01"), "",
        "2 replications are too few for a 95% quantile: 0.10 of them lie beyond it, less "
        "than one, so each 95% quantile is about the largest of the 2 results and "
        "understates the real one; the 5 % quantile, about the smallest, overstates its own "
        "likewise, so each 90 % interval is narrower than the real one; rerun with more "
        "--replications: about 200 put 10 beyond it", ""]


WARM = {**SIXTEEN_I, "employment": {"max_months": 36, "refill_delay_months": 0,
                                    "hazards": {"placement": 0, "dropout": 0}},
        "providers": [{"id": "cjd", "slots": 3}],
        "participants": {"referrals_per_month": "on_demand", "initial": 0}}
WARM_SPELLS = ("A,cjd,2025-03,,\nB,cjd,2024-10,,\nC,cjd,2027-02,2027-05,dropout\n"
               "D,cjd,2027-05-16,,\n")


def warm_plan(tmp_path: Path, start: str) -> tuple:
    """The program of 2027 (3 slots, on demand, no exits but max_months 36) re-forecast
    to --as-of 2027-07 from the spells, and its plan over 12 months from ``start``."""
    path = files(tmp_path, WARM_SPELLS)
    path.write_text(yaml.safe_dump(WARM, allow_unicode=True), encoding="utf-8")
    scn = load_scenario(path, actuals("2027-07"))
    return scn, sizing.move_period(scn, start, 12)


def test_a_plan_after_as_of_starts_from_a_warm_up_through_the_actual_spells(
        tmp_path: Path) -> None:
    """At --as-of 2027-07 A (entered 2025-03), B (2024-10) and D (2027-05-16) hold the 3
    slots (C left in May). Without exits, B reaches max_months 36 on 2027-10-01, before
    the plan's start 2028-01, and a referral on demand takes the slot then. So at
    2028-01 the slots hold A (tenure 34), D (7 + 16/31) and the new N (3), in every
    replication. A is in §16i year 3 (90 %): the Jobcenter pays 0.9 x 2,960.88 =
    2,664.79 of A's January wages and all of D's and N's, 2 x 2,960.88: 8,586.55 of the
    8,882.64; the employers A's 10 %, 296.09. Nothing of 2027 is costed (the warm-up
    books no money), and --set period.simulate_from gives the same plan."""
    from finsim.analysis.starts import start_line

    _, plan = warm_plan(tmp_path, "2028-01")
    assert plan.period.simulate_from == "2027-01" and not plan.reforecast
    actual = []  # A's and D's attributes: the actual people's, drawn once
    for seed in range(3):
        s = simulate(plan, np.random.SeedSequence(seed))
        assert np.sort(s.entry[s.initial]).tolist() == [-34.0, -8 + 15 / 31, -3.0]
        assert s.exit[s.entry == -34.0].tolist() == [2.0]  # A reaches 36 months in March
        actual.append(s.attributes[s.initial & (s.entry < -3.0)][np.argsort(
            s.entry[s.initial & (s.entry < -3.0)])].tolist())
    assert actual[0] == actual[1] == actual[2]
    result = run(RunSpec(plan, 3, 5), jobs=1)
    ledger = tables.ledger_table(result)
    assert "basis" not in ledger.columns and ledger.month.min() == "2028-01"
    wages = ledger[(ledger.month == "2028-01") & (ledger.category == "wages")]
    paid = wages.groupby("funder").amount.sum().round(2)
    assert paid["jobcenter"] == 8586.55 and paid["employers"] == 296.09
    assert start_line(result) == (
        "Starting with 3.0 people in the slots (mean), carried over from a warm-up through "
        "the actual spells (spells.csv: 3 at the start of the forecast 2027-07, 0 waiting "
        "then), simulated from there to the start 2028-01; the period has no actual months")
    assert start_line(result, "de") == (
        "Start mit 3,0 Personen auf den Plätzen (Mittelwert), fortgeführt aus einem Vorlauf "
        "durch die Ist-Verläufe (spells.csv, Ist bis Juni 2027, Prognose ab Juli 2027: 3 zu "
        "Beginn der Prognose, 0 Personen warten dann auf einen Platz), von dort bis zum "
        "Beginn Januar 2028 simuliert; der Zeitraum hat keine Ist-Monate")
    same = load_scenario(tmp_path / "scenario.yaml", [
        *actuals("2027-07"), "period.start=2028-01", "period.simulate_from=2027-01"])
    assert run(RunSpec(same, 3, 5), jobs=1).metric("cost_total").tolist() == \
        result.metric("cost_total").tolist()


def test_a_warm_up_plan_says_the_events_after_as_of_it_does_not_use(
        tmp_path: Path) -> None:
    """At --as-of 2027-04 A, B and C hold the 3 slots; D's entry (2027-05-16) and C's exit
    (2027-05) come after it and the warm-up draws them instead: the plan's line says so,
    as the re-forecast's line does, not dropping them in silence (size --start after a
    stale --as-of)."""
    from finsim.analysis.starts import start_line

    path = files(tmp_path, WARM_SPELLS)
    path.write_text(yaml.safe_dump(WARM, allow_unicode=True), encoding="utf-8")
    plan = sizing.move_period(load_scenario(path, actuals("2027-04")), "2028-01", 12)
    result = run(RunSpec(plan, 2, 5), jobs=1)
    assert start_line(result).endswith(
        "(spells.csv: 3 at the start of the forecast 2027-04, 0 waiting then), simulated "
        "from there to the start 2028-01; the period has no actual months; the file's 1 entry and 1 exit "
        "from 2027-04 on are not used: the forecast draws who enters and who leaves (a "
        "later start of the forecast uses them)")
    assert start_line(result, "de").endswith(
        "der Zeitraum hat keine Ist-Monate; 1 Eintritt und 1 Austritt der Datei ab "
        "April 2027 nicht verwendet: ab dann zieht die Prognose, wer eintritt und wer "
        "austritt (ein späterer Prognosebeginn verwendet sie)")


def test_a_plan_from_as_of_itself_has_no_warm_up(tmp_path: Path) -> None:
    """--start at --as-of plans as before: a re-forecast of the new period whose first
    month is forecast, starting from the people in the slots at --as-of (A, B, D); B
    leaves on 2027-10-01 within it."""
    _, plan = warm_plan(tmp_path, "2027-07")
    assert plan.period.simulate_from is None and plan.reforecast and plan.as_of == 0
    s = simulate(plan, np.random.SeedSequence(0))
    assert np.sort(s.entry[s.initial]).tolist() == [-33.0, -28.0, -2 + 15 / 31]
    same = load_scenario(tmp_path / "scenario.yaml", [
        *actuals("2027-07"), "period.start=2027-07", "prices.base_year=2027"])
    assert run(RunSpec(plan, 2, 5), jobs=1).metric("cost_total").tolist() == \
        run(RunSpec(same, 2, 5), jobs=1).metric("cost_total").tolist()


def test_an_as_of_outside_the_warm_up_is_refused_in_one_line(tmp_path: Path) -> None:
    path = files(tmp_path, WARM_SPELLS)
    path.write_text(yaml.safe_dump(WARM, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path, [*actuals("2028-03"), "period.start=2028-01",
                             "period.simulate_from=2027-01"])
    assert [str(p) for p in refused.value.problems] == [
        f"{path} (--set): actuals.as_of: expected a month from period.simulate_from 2027-01 "
        "to the period start 2028-01: the warm-up runs through the actual spells and the "
        "period is simulated from their end state (leave simulate_from out to re-forecast "
        "the period itself) (given: '2028-03')"]


def test_booked_costs_before_a_warm_up_plan_are_said_to_be_unused(tmp_path: Path) -> None:
    """Booked costs of 2027 lie in the warm-up, which books no money: the plan of 2028
    costs the same with them, and a line says so instead of dropping them silently."""
    from finsim.analysis.starts import booked_line

    _, plan = warm_plan(tmp_path, "2028-01")
    (tmp_path / "booked.csv").write_text("month,provider,category,amount\n"
                                         "2027-03,cjd,wages,9000\n", encoding="utf-8")
    booked = sizing.move_period(load_scenario(tmp_path / "scenario.yaml",
                                              actuals("2027-07", booked=True)), "2028-01", 12)
    assert booked_line(booked) == ("Booked costs (booked.csv): not used, their months lie "
                                   "before the start 2028-01; the warm-up books no money")
    assert run(RunSpec(booked, 2, 5), jobs=1).metric("cost_total").tolist() == \
        run(RunSpec(plan, 2, 5), jobs=1).metric("cost_total").tolist()


def test_a_warm_up_plans_assumptions_say_it_starts_from_the_actual_spells(
        tmp_path: Path) -> None:
    """plan.xlsx's Annahmen listed a plan after --as-of as a re-forecast ("Actual months
    2028: 0"): it now says the plan starts from a warm-up through the spells, and lists
    no actual months."""
    import openpyxl

    from finsim.report.plan import plan_table
    from finsim.report.plan_book import write_plan

    _, plan = warm_plan(tmp_path, "2028-01")
    result = run(RunSpec(plan, 2, 5), jobs=1)
    for lang, heading, note in (
            ("de", "Start aus dem Vorlauf über die Ist-Verläufe (actuals)", "der Vorlauf"),
            ("en", "Start from a warm-up through the actual spells (actuals)", "the warm-up")):
        path = tmp_path / f"plan-{lang}.xlsx"
        write_plan(path, result, plan_table(result, 0.9), 0.9, lang=lang)
        rows = [[c for c in r if c is not None] for r in
                openpyxl.load_workbook(path).worksheets[-1].iter_rows(values_only=True)]
        assert [heading] in rows
        spells = next(r for r in rows if r and r[0].endswith("(actuals.spells)"))
        assert spells[1] == "spells.csv" and spells[2].startswith(note)
        assert not any(r and str(r[0]).startswith(("Ist-Monate", "Actual months"))
                       for r in rows)


def test_a_warm_up_plans_assumptions_show_the_initial_given_and_that_it_plays_no_part(
        tmp_path: Path) -> None:
    """From a warm-up through the actual spells participants.initial plays no part, yet
    Annahmen said it applies to the start of the warm-up and showed 0 (what the plan runs
    with) for the `full` set: it now shows what was set, says so, and plans the same."""
    import openpyxl

    path = files(tmp_path, WARM_SPELLS)
    path.write_text(yaml.safe_dump(WARM, allow_unicode=True), encoding="utf-8")
    sets = [w for s in [*actuals("2027-07"), "participants.initial=full"] for w in ("--set", s)]
    for lang, unused, carried in (
            ("de", "Nicht verwendet: der Vorlauf beginnt mit den Ist-Verläufen (actuals)",
             "participants.initial spielt keine Rolle"),
            ("en", "Not used: the warm-up starts from the actual spells (actuals)",
             "participants.initial plays no part")):
        out = tmp_path / lang
        done = CliRunner().invoke(main, ["size", str(path), "--start", "2028-01", "--months",
                                         "12", "--confidence", "0.9", "-n", "2", "-j", "1",
                                         "--quiet", "--lang", lang, "--out", str(out), *sets])
        assert done.exit_code == 0, done.output
        rows = {r[0]: r for r in openpyxl.load_workbook(out / "plan.xlsx").worksheets[-1]
                .iter_rows(values_only=True) if r[0]}
        assert rows["participants.initial"][1] == "full"
        assert rows["participants.initial"][3].startswith(unused)
        start = next(r for r in rows.values() if str(r[3]).endswith(carried))
        assert start[1] == 3.0  # A, D and the new N (the test above)
    plain = tmp_path / "plain"
    assert CliRunner().invoke(main, ["size", str(path), "--start", "2028-01", "--months", "12",
                                     "--confidence", "0.9", "-n", "2", "-j", "1", "--quiet",
                                     "--out", str(plain), *sets[:4]]).exit_code == 0
    assert (plain / "plan.csv").read_bytes() == (tmp_path / "en" / "plan.csv").read_bytes()


WAITS = {**SIXTEEN_I, "employment": {"max_months": 60, "refill_delay_months": 0,
                                     "hazards": {"placement": 0, "dropout": 0}},
         "participants": {"referrals_per_month": "on_demand", "initial": 0,
                          "mix": {"sex": {"male": 0.99, "female": 0.01}}}}


def on_demand_wait(tmp_path: Path, spells: str, sets: list[str]):  # noqa: ANN201 - a Scenario
    """The one-slot program of WAITS (no exits but max_months, on demand) from ``spells``."""
    path = files(tmp_path, spells, header=REFERRED.strip() + ",sex\n")
    path.write_text(yaml.safe_dump(WAITS, allow_unicode=True), encoding="utf-8")
    return load_scenario(path, sets)


@pytest.mark.parametrize("patience", ["3", "0"])
def test_on_demand_the_waiting_list_of_the_actual_spells_keeps_waiting(
        tmp_path: Path, patience: str) -> None:
    """A holds the one slot all along; W, referred on 2027-02-10, waits at --as-of 2027-04.
    On demand nobody gives up (running-programs.md): W waits to the end in every
    replication and no referral is lost; before, W drew a patience (or, with
    patience_months 0, was turned away at --as-of) and was lost. The same in a plan
    after a warm-up through the spells (size --start 2028-01)."""
    scn = on_demand_wait(tmp_path, "A,cjd,2026-07-01,,,,male\nW,,,,,2027-02-10,female\n",
                         [*actuals("2027-04"), f"participants.patience_months={patience}"])
    for plan in (scn, sizing.move_period(scn, "2028-01", 12)):
        result = run(RunSpec(plan, 4, 9), jobs=1)
        assert result.metric("waiting_at_end").tolist() == [1.0] * 4
        assert result.metric("referrals_lost").tolist() == [0.0] * 4
        assert program_flows(result).waiting.iloc[3:].tolist() == [1.0] * 9


@pytest.mark.parametrize("patience", ["3", "0"])
def test_on_demand_the_waiting_person_takes_the_slot_that_opens(
        tmp_path: Path, patience: str) -> None:
    """A (entered 2022-07-01) reaches max_months 60 on 2027-07-01 (month 6); W, referred
    on 2027-02-10 (month 1 + 9/28) and female in a mix of 99 % men, takes the slot then:
    W's referral and W's sex, not a new referral's drawn on demand at month 6."""
    scn = on_demand_wait(tmp_path, "A,cjd,2022-07-01,,,,male\nW,,,,,2027-02-10,female\n",
                         [*actuals("2027-04"), f"participants.patience_months={patience}"])
    for seed in range(4):
        s = simulate(compile_model(scn), np.random.SeedSequence(seed))
        later = s.entry > 0
        assert s.entry[later].tolist() == [6.0]
        assert s.referral[later] == pytest.approx([1 + 9 / 28], abs=1e-12)
        assert [s.attribute_values[0][c] for c in s.attributes[later, 0]] == ["female"]
        assert s.exit[later].tolist() == [12.0]
    result = run(RunSpec(scn, 4, 9), jobs=1)
    assert result.metric("referrals_lost").tolist() == [0.0] * 4
    assert result.metric("waiting_at_end").tolist() == [0.0] * 4


def test_a_spells_file_with_only_a_header_warns_and_a_caseload_is_refused(
        tmp_path: Path) -> None:
    """A header-only spells file (a failed export, or a program nobody has entered yet)
    ran six actual months of an empty program, exit 0, without a word: it now runs with a
    warning (--strict refuses it); a header-only starting caseload is refused in one
    line pointing to ``initial: 0``, the way to start empty."""
    path = files(tmp_path, "\n;;;;\n", header=HEADER.replace(",", ";"))
    spells = str(tmp_path / "spells.csv")
    result = CliRunner().invoke(main, ["run", str(path), "--actuals", spells,
                                       "--as-of", "2027-07", "-n", "2", "-j", "1",
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    said = (f"actuals.spells: {spells} has no rows, only a header line: up to --as-of "
            "2027-07 nobody is taken to have been referred, in a slot or waiting; if the "
            "export failed, give the full file")  # the path, as a row's refusal names it
    assert f"warning: {said}\n" in result.stderr
    strict = CliRunner().invoke(main, ["run", str(path), "--actuals", spells,
                                       "--as-of", "2027-07", "--strict",
                                       "--out", str(tmp_path / "s")])
    assert strict.exit_code == 2 and not (tmp_path / "s").exists()
    assert f"{path}: --strict: {said}" in strict.stderr.splitlines()
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, ["participants.initial=spells.csv"])
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'spells.csv'}: caseload file has no rows, only a header line: a failed "
        "export? — a program that starts empty has participants.initial: 0"]


def test_a_booked_line_after_a_line_break_in_a_cell_is_its_own(tmp_path: Path) -> None:
    """A booked row after a quoted cell holding a line break was named a line early."""
    path = files(tmp_path, SPELLS, 'month,provider,category,amount\n2027-01,"cjd\n",wages,1\n'
                                   "2027-02,cjd,wages,-5\n")
    assert booked_problems(path) == [
        f'{tmp_path / "booked.csv"}:2: provider: the quote (") opened on line 2 runs on to '
        "line 3: the quote may be unclosed, or the cell may hold a line break (Alt+Enter in a "
        "spreadsheet) (given: 'cjd\\n') — close the quote, or remove the line break: a cell "
        "holds one id, date, value or amount on one line",
        f"{tmp_path / 'booked.csv'}:4: amount: expected an amount in EUR >= 0 (given: '-5')"]
    path = files(tmp_path, SPELLS, 'month,provider,category,amount\n2027-01,"cjd,wages,1\n'
                                   '2027-02,cjd,wages,2\n2027-03,"cjd",wages,3\n'
                                   "2027-04,cjd,wages,-4\n")  # line 2's quote, closed on 4
    assert booked_problems(path) == [
        f'{tmp_path / "booked.csv"}:2: provider: the quote (") opened on line 2 runs on to '
        "line 4: the quote may be unclosed, or the cell may hold a line break (Alt+Enter in a "
        "spreadsheet) (given: 'cjd,wages,1\\n2027-02,cjd,wages,2\\n2027-03,cjd\"') — close the "
        "quote, or remove the line break: a cell holds one id, date, value or amount on one "
        "line",
        f"{tmp_path / 'booked.csv'}:5: amount: expected an amount in EUR >= 0 (given: '-4')"]


def test_a_booked_row_with_a_cell_missing_is_one_line(tmp_path: Path) -> None:
    """A booked row a cell short was read with an empty amount and named as such."""
    path = files(tmp_path, SPELLS, "month,provider,category,amount\n2027-01,cjd,wages\n")
    assert booked_problems(path) == [f"{tmp_path / 'booked.csv'}:2: has 3 cells, the header "
                                     "names 4 (given: '2027-01,cjd,wages')"]


def test_a_spells_file_not_in_utf8_is_named_as_the_spells_file(tmp_path: Path) -> None:
    """An --actuals file not in UTF-8 was called the "caseload", and said no line; a
    booked costs file got no hint how to save it. One wording for every kind now."""
    path = files(tmp_path, SPELLS)
    spells = tmp_path / "spells.csv"
    spells.write_bytes((HEADER + "Jürgen,cjd,2027-01,,\n").encode("cp1252"))
    assert refused_lines(path, "2027-07") == [
        f"{spells}: spells file is not UTF-8 text (line 2: the byte 0xfc is 'ü' in "
        "Windows-1252/Latin-1) — save it as CSV (UTF-8)"]
    spells.write_bytes((HEADER + SPELLS).encode("utf-16"))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, ["participants.initial=spells.csv"])
    assert [str(p) for p in err.value.problems] == [
        f"{spells}: caseload file is UTF-16 text, not UTF-8 — save it as CSV (UTF-8)"]


def test_a_booked_file_with_no_rows_or_an_extra_column_says_so(tmp_path: Path) -> None:
    """A header-only booked file was taken as "0 cells ... in 0 months ()", and an extra
    column was not named ("each column once and no other")."""
    path = files(tmp_path, SPELLS, "month;provider;category;amount\r\n;;;\r\n")
    assert booked_problems(path) == [
        f"{tmp_path / 'booked.csv'}: booked costs file has no rows, only a header line: a "
        "failed export?"]
    path = files(tmp_path, SPELLS, "month,provider,category,amount,Bemerkung,month\n"
                                   "2027-01,cjd,wages,1,x,2027-01\n")
    assert booked_problems(path) == [
        f"{tmp_path / 'booked.csv'}:1: Bemerkung: unknown column — expected the header "
        "month,provider,category,amount, each column once",
        f"{tmp_path / 'booked.csv'}:1: month: column appears twice — expected the header "
        "month,provider,category,amount, each column once"]


def test_spells_and_booked_columns_match_in_any_case(tmp_path: Path) -> None:
    """An export's ``Person, Provider ,ENTRY,...`` and ``Month;PROVIDER; Category ;Amount``
    were refused as missing every column: both files are matched in any case and without
    surrounding spaces, a problem names the column as written, and two columns of one
    name in another case are one line naming both."""
    path = files(tmp_path, "A,cjd,2027-01,2027-04,retired\n",
                 "Month;PROVIDER; Category ;Amount\n2027-01;cjd;wages;-5\n",
                 header="Person, Provider ,ENTRY,Exit,EXIT_REASON\n")
    assert refused_lines(path) == [
        f"{tmp_path / 'spells.csv'}:2: EXIT_REASON: expected one of placement, dropout, "
        "max_duration, other, or empty while in the program (given: 'retired')"]
    files(tmp_path, SPELLS, "Month;PROVIDER; Category ;Amount\n2027-01;cjd;wages;-5\n",
          header="Person, Provider ,ENTRY,Exit,EXIT_REASON\n")
    assert booked_problems(path) == [
        f"{tmp_path / 'booked.csv'}:2: Amount: expected an amount in EUR >= 0 (given: '-5')"]
    files(tmp_path, SPELLS, "month,provider,category,amount,MONTH\n2027-01,cjd,wages,1,x\n")
    assert booked_problems(path) == [
        f"{tmp_path / 'booked.csv'}:1: MONTH: column appears twice, as 'month' (column 1) "
        "and 'MONTH' (column 5): names are matched in any case — expected the header "
        "month,provider,category,amount, each column once"]
    files(tmp_path, SPELLS, "Month;PROVIDER; Category ;Amount\n2027-01;cjd;wages;6000\n",
          header="Person, Provider ,ENTRY,Exit,EXIT_REASON\n")
    booked = read_booked(tmp_path / "booked.csv", ["cjd"], Month(2027, 1), 12, 6)
    assert booked[0, 0, CATEGORIES.index("wages")] == 6000.0
    assert int(np.isnan(booked).sum()) == booked.size - 1
    load_scenario(path, actuals("2027-07", booked=True))  # and the re-forecast loads


def test_a_person_entering_twice_is_told_how_to_write_a_re_entry(tmp_path: Path) -> None:
    """A re-entry (the same person twice) was refused with no word of what to do."""
    path = files(tmp_path, "A,cjd,2027-01,2027-03,dropout\nA,cjd,2027-05,,\n")
    assert refused_lines(path, "2027-07") == [
        f"{tmp_path / 'spells.csv'}:3: person: duplicate person: already on line 2 (given: "
        "'A') — the file holds one spell per person: give a re-entry an id of its own "
        "(P-011-2, say); its shares by tenure year count from the re-entry, and "
        "months_funded_before (the months funded in earlier spells) caps what remains of "
        "max_months"]


def test_a_booked_amount_with_an_underscore_or_an_exponent_is_refused(tmp_path: Path) -> None:
    """``1_000,00`` and ``1e3`` were booked as 1,000.00 EUR (Python's Decimal reads both):
    no ledger export writes them, so they are refused as any other text that is no
    amount; digits with one decimal mark, as before, are read."""
    path = files(tmp_path, SPELLS, "month;provider;category;amount\n2027-01;cjd;wages;1_000,00\n"
                                   "2027-02;cjd;wages;1e3\n")
    booked = tmp_path / "booked.csv"
    assert booked_problems(path) == [
        f"{booked}:2: amount: expected an amount in EUR >= 0 (given: '1_000,00')",
        f"{booked}:3: amount: expected an amount in EUR >= 0 (given: '1e3')"]


def booked_warning_lines(tmp_path: Path, spells: str, booked: str, as_of: str,
                         lang: str = "en") -> list[str]:
    """The warnings on the booked cells of a re-forecast of the §16i scenario."""
    from finsim.analysis.booked import booked_warnings

    path = files(tmp_path, spells, "month,provider,category,amount\n" + booked)
    return booked_warnings(load_scenario(path, actuals(as_of, booked=True)), lang)


def test_booked_warnings_built_twice_simulate_once(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A run builds its warnings for the terminal, run.json and the page: each simulated
    the replication of the actual months again. Now once per scenario object, with the
    same lines; another object (a copy, equal or not) simulates its own."""
    import finsim.simulation
    from finsim.analysis.booked import booked_warnings

    calls = []
    real = finsim.simulation.simulate

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - simulate's own
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(finsim.simulation, "simulate", counted)
    path = files(tmp_path, "A,cjd,2027-01,2027-03,dropout\n",
                 "month,provider,category,amount\n2027-01,cjd,wages,0\n")
    scn = load_scenario(path, actuals("2027-05", booked=True))
    first = booked_warnings(scn)
    assert len(calls) == 1
    assert booked_warnings(scn) == first and booked_warnings(scn, "de") != first
    assert len(calls) == 1
    assert first[0].startswith("actuals.booked: booked.csv:2: cjd's wages of 2027-01 booked "
                               "at 0.00 EUR, where the ledger has 2,960.88 EUR")
    assert booked_warnings(scn.model_copy()) == first
    assert len(calls) == 2


NOT_POSTED = ("a booked cell replaces the ledger's cost, so what the funders pay on it, a wage "
              "subsidy on basis: subsidy_base with it, falls {}; if {} is not posted yet, leave "
              "the row out: the ledger's cost is then used")


def test_a_booked_zero_or_low_wage_with_people_in_the_slots_is_warned_about(
        tmp_path: Path) -> None:
    """A month not posted yet, exported as 0, replaced A's January wages (2,960.88) by 0
    without a word, and with them a month of the §16i subsidy. Now a line per cell: the
    0.00 wages and qualification (the entry module, 500.00) of January, the 1,000.00
    wages of February (under half the ledger's 2,960.88); not March's 0.00 and April's
    500.00 (nobody in the slots: a settlement after the exit), nor February's
    qualification booked at 0.00 (the ledger has none there either)."""
    lines = booked_warning_lines(
        tmp_path, "A,cjd,2027-01,2027-03,dropout\n",
        "2027-01,cjd,wages,0\n2027-02,cjd,wages,1000\n2027-02,cjd,qualification,0\n"
        "2027-03,cjd,wages,0\n2027-04,cjd,wages,500\n2027-01,cjd,qualification,0\n", "2027-05")
    assert lines == [
        "actuals.booked: booked.csv:2: cjd's wages of 2027-01 booked at 0.00 EUR, where the "
        "ledger has 2,960.88 EUR for the 1 person in its slots that month: "
        + NOT_POSTED.format("to 0", "2027-01"),
        "actuals.booked: booked.csv:3: cjd's wages of 2027-02 booked at 1,000.00 EUR, under "
        "half the ledger's 2,960.88 EUR for the 1 person in its slots that month: "
        + NOT_POSTED.format("in proportion", "2027-02"),
        "actuals.booked: booked.csv:7: cjd's qualification of 2027-01 booked at 0.00 EUR, "
        "where the ledger has 500.00 EUR for the 1 person in its slots that month: a booked "
        "cell replaces the ledger's cost, so what the funders pay on it falls to 0; if 2027-01 "
        "is not posted yet, leave the row out: the ledger's cost is then used"]
    # German names the cost type as its tables do, with the file's column and key
    german = booked_warning_lines(
        tmp_path, "A,cjd,2027-01,2027-03,dropout\n",
        "2027-02,cjd,wages,1000\n2027-01,cjd,qualification,0\n", "2027-05", "de")
    assert german == [
        "actuals.booked: booked.csv:2: „Personalkosten Beschäftigte (Lohn inkl. AG-Anteil)“ "
        "(category: wages) von cjd für Februar 2027 mit 1.000,00 EUR gebucht, unter der Hälfte "
        "der berechneten 2.960,88 EUR für 1 Person auf den Plätzen: eine gebuchte Zelle ersetzt "
        "die berechneten Kosten, so sinkt, was die Geldgeber darauf zahlen, ein "
        "Lohnkostenzuschuss auf basis: subsidy_base mit, im selben Verhältnis; ist Februar 2027 "
        "noch nicht gebucht, die Zeile weglassen: dann gelten die berechneten Kosten",
        "actuals.booked: booked.csv:3: „Qualifizierung“ (category: qualification) von cjd für "
        "Januar 2027 mit 0,00 EUR gebucht, wo die Berechnung 500,00 EUR für 1 Person auf den "
        "Plätzen hat: eine gebuchte Zelle ersetzt die berechneten Kosten, so sinkt, was die "
        "Geldgeber darauf zahlen auf 0; ist Januar 2027 noch nicht gebucht, die Zeile weglassen: "
        "dann gelten die berechneten Kosten"]
    # half the ledger's wage or more is a month's pay as posted: no line
    assert booked_warning_lines(tmp_path, "A,cjd,2027-01,2027-03,dropout\n",
                                "2027-02,cjd,wages,1480.44\n2027-03,cjd,wages,0\n",
                                "2027-05") == []


def test_many_booked_zeros_are_condensed_and_refused_with_strict(tmp_path: Path) -> None:
    """Seven months of 0.00 wages with two people in the slots: five lines, then one that
    counts the rest; a low wage is a kind of its own. --strict refuses the run (exit 2,
    nothing written), without it the run says them."""
    zeros = "".join(f"2027-0{m},cjd,wages,0\n" for m in range(1, 8))
    lines = booked_warning_lines(tmp_path, SPELLS, zeros + "2027-08,cjd,wages,1000\n", "2027-09")
    assert len(lines) == 7
    assert lines[4].startswith("actuals.booked: booked.csv:6: cjd's wages of 2027-05 booked "
                               "at 0.00 EUR, where the ledger has 2,960.88 EUR for the 1 person")
    assert lines[5] == "actuals.booked: booked.csv: 2 more rows like the ones above (lines 7–8)"
    assert lines[6].startswith("actuals.booked: booked.csv:9: cjd's wages of 2027-08 booked at "
                               "1,000.00 EUR, under half the ledger's 2,960.88 EUR for the 1 "
                               "person")
    assert lines[0].startswith("actuals.booked: booked.csv:2: cjd's wages of 2027-01 booked at "
                               "0.00 EUR, where the ledger has 5,921.76 EUR for the 2 people")
    german = booked_warning_lines(tmp_path, SPELLS, zeros + "2027-08,cjd,wages,1000\n",
                                  "2027-09", "de")
    assert german[0] == (
        "actuals.booked: booked.csv:2: „Personalkosten Beschäftigte (Lohn inkl. AG-Anteil)“ "
        "(category: wages) von cjd für Januar 2027 mit 0,00 EUR gebucht, wo die "
        "Berechnung 5.921,76 EUR für 2 Personen auf den Plätzen hat: eine gebuchte Zelle "
        "ersetzt die berechneten Kosten, so sinkt, was die Geldgeber darauf zahlen, ein "
        "Lohnkostenzuschuss auf basis: subsidy_base mit, auf 0; ist Januar 2027 noch nicht "
        "gebucht, die Zeile weglassen: dann gelten die berechneten Kosten")
    assert german[5] == ("actuals.booked: booked.csv: 2 weitere Zeilen wie die obigen "
                         "(Zeilen 7–8)")
    args = ["run", str(tmp_path / "scenario.yaml"), "-n", "2", "-j", "1", "--actuals",
            str(tmp_path / "spells.csv"), "--as-of", "2027-09", "--booked",
            str(tmp_path / "booked.csv")]
    strict = CliRunner().invoke(main, [*args, "--strict", "--out", str(tmp_path / "s")])
    assert strict.exit_code == 2 and not (tmp_path / "s").exists()
    said = [line for line in strict.output.splitlines() if "actuals.booked" in line]
    assert said == [f"{tmp_path / 'scenario.yaml'}: --strict: {line}" for line in lines]
    ran = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "o")])
    assert ran.exit_code == 0, ran.output
    assert f"warning: {lines[0]}" in ran.stderr


def test_booked_rows_condensed_are_named_exactly_and_alike(tmp_path: Path) -> None:
    """Lines 2-8 alpha's wages at 0.00, line 9 its wages under half, line 10 beta's
    staff at 0: the counted line said 'lines 7–10' (9 is another warning) and hid beta's
    staff among alpha's wages. Now it names 7 and 8, and beta's month has its own line."""
    from finsim.analysis.booked import booked_warnings
    from tests.conftest import SMALL

    (tmp_path / "sp.csv").write_text(
        "person,provider,entry,exit,exit_reason,referral\nA1,alpha,2013-01-02,,,\n"
        "A2,alpha,2013-01-05,,,\nA3,beta,2013-02-01,,,\nA4,beta,2013-08-01,,,\n",
        encoding="utf-8")
    (tmp_path / "bk.csv").write_text(
        "month,provider,category,amount\n"
        + "".join(f"2013-0{m},alpha,wages,0.00\n" for m in range(1, 8))
        + "2013-08,alpha,wages,100.00\n2013-08,beta,staff,0\n", encoding="utf-8")
    scn = load_scenario(SMALL, [f"actuals.spells={tmp_path / 'sp.csv'}",
                                "actuals.as_of=2013-09", f"actuals.booked={tmp_path / 'bk.csv'}"])
    lines = booked_warnings(scn)
    assert [line.split(" booked at")[0].split("booked for other")[0].split(": the ledger")[0]
            for line in lines] == [
        *(f"actuals.booked: bk.csv:{m + 1}: alpha's wages of 2013-0{m}" for m in range(1, 6)),
        "actuals.booked: bk.csv: 2 more rows like the ones above (lines 7–8)",
        "actuals.booked: bk.csv:9: alpha's wages of 2013-08",
        "actuals.booked: bk.csv:10: beta's staff of 2013-08",
        # the cells the other provider books, with a cost in the ledger: lines of their own
        "actuals.booked: bk.csv has no row for alpha's staff of 2013-08 (",
        "actuals.booked: bk.csv has no row for beta's wages in any month that books it for "
        "other providers (2013-01 to 2013-08)"]
    assert lines[7].startswith("actuals.booked: bk.csv:10: beta's staff of 2013-08 booked at "
                                "0.00 EUR, where the ledger has ")
    german = booked_warnings(scn, "de")
    assert german[5] == "actuals.booked: bk.csv: 2 weitere Zeilen wie die obigen (Zeilen 7–8)"
    assert german[7].startswith("actuals.booked: bk.csv:10: „")
    assert "von beta für August 2013 mit 0,00 EUR gebucht" in german[7]


def test_counted_lines_name_their_lines_with_ranges_only_where_consecutive() -> None:
    from finsim.scenario.errors import Problem, condensed

    rows = [Problem("f.csv", "entry", "bad", line=n) for n in (2, 3, 4, 5, 6, 7, 8, 10)]
    assert str(condensed(rows)[-1]) == "f.csv: entry: 3 more rows like the ones above " \
                                       "(lines 7–8 and 10)"
    many = [Problem("f.csv", "entry", "bad", line=n) for n in range(2, 2_000, 2)]
    assert str(condensed(many, lang="de")[-1]) == (
        "f.csv: entry: 994 weitere Zeilen wie die obigen (Zeilen 12, 14, 16, 18, 20, 22, 24 "
        "und 987 weitere bis 1.998)")


def test_a_reforecast_takes_its_peak_need_from_as_of_on(tmp_path: Path) -> None:
    """The Jobcenter pays the wages per quarter, 2 months after the quarter ends. A and B
    cost 5,921.76 a month in January to March, B alone 2,960.88 after: Q1's 17,765.28 comes
    in June, Q2's to Q4's 8,882.64 each in September, December and March 2028. The
    balance is lowest in 2027-05 (-23,687.04), an actual month of a re-forecast as of
    2027-07; from 2027-07 on, the balance carried in counted, it is lowest in August and
    November (-14,804.40): the need still to finance. months_negative counts every month
    (2027-01 to 2028-02), and cashflow.csv keeps the actual months."""
    lines, out = run_spells(tmp_path, "2027-07", "--set",
                            "funding.jobcenter.payment={every: quarter, lag_months: 2}")
    assert ("Peak pre-financing (all providers' cash together, from 2027-07 on, the first "
            "forecast month, with the balance carried in): 14,804 EUR (90 % interval "
            "14,804 – 14,804); most in need: cjd, 14,804 EUR (95th percentile 14,804, most "
            "often in 2027-08)") in lines
    summary = pd.read_csv(out / "summary.csv", index_col="metric")
    assert summary.loc["peak_prefinancing", "mean"] == 14804.40
    assert summary.loc["months_negative", "mean"] == 14
    cash = pd.read_csv(out / "cashflow.csv")
    program = cash[cash.provider == "all"].set_index("month").balance
    assert (program.idxmin(), program.min()) == ("2027-05", -23687.04)
    assert program.loc["2027-07":].tolist() == [-11843.52, -14804.40, -8882.64, -11843.52,
                                                -14804.40, -8882.64, -8882.64, -8882.64, 0.0]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert ("Peak pre-financing (all providers together) from 2027-07 on, the first forecast "
            "month, with the balance carried in from the actual months: 14,804 EUR on "
            "average, 90 % interval 14,804 – 14,804 EUR.") in page
    assert ("Lowest point of the line from 2027-07 on, with the balance carried in: "
            "-14,804 EUR (2027-08).") in page
    assert list(cash.columns[:3]) == ["month", "basis", "provider"]
    assert cash.groupby("basis").month.agg(["min", "max"]).values.tolist() == [
        ["2027-01", "2027-06"], ["2027-07", "2028-03"]]  # on past the period: forecast
    peak = summary_row(out, "peak_prefinancing")
    assert peak[0] == "Peak pre-financing" and peak[1] == 14804.40
    assert peak[-2] == "all providers together, from 2027-07 on"
    negative_row = summary_row(out, "months_negative")
    assert negative_row[-2] == "all providers together"  # counted over every month
    heads = next(r for r in sheet_rows(out, 2) if r[0] == "Provider")
    assert heads[-4:] == ("Peak pre-financing, from 2027-07 on", None, None, None)
    low = next(r for r in sheet_rows(out, 2) if r[0] == "cjd")
    assert low[-1] == "2027-08"  # the month of its low, August, first of the two


def test_the_balance_carried_in_is_the_need_at_as_of_past_the_period(tmp_path: Path) -> None:
    """B's wage, 2,960.88 a month, is paid by the Jobcenter the month after (monthly, in
    arrears): at every month's end one month's wage is outstanding. --as-of 2028-01, the
    month after the period, leaves no month forecast but the payment of December's wage in
    2028-01, which the balance carried in (-2,960.88 at the end of 2027-12) still needs
    financed: the peak is 2,960.88, where it read "none" (the balances from 2028-01 on
    alone end at 0). The 2028-01 row is `forecast`: a receipt the payment terms expect."""
    lines, out = run_spells(tmp_path, "2028-01", "--set",
                            "funding.jobcenter.payment={every: month, lag_months: 0}")
    assert ("Peak pre-financing (all providers' cash together, from 2028-01 on, the first "
            "forecast month, with the balance carried in): 2,961 EUR (90 % interval "
            "2,961 – 2,961); most in need: cjd, 2,961 EUR (95th percentile 2,961, most often in "
            "2027-12)"
            ) in lines
    summary = pd.read_csv(out / "summary.csv", index_col="metric")
    assert summary.loc["peak_prefinancing", ["mean", "p05", "p95"]].tolist() == [2960.88] * 3
    cash = pd.read_csv(out / "cashflow.csv")
    program = cash[cash.provider == "all"].set_index("month")
    assert program.loc["2027-12":, ["basis", "inflow", "balance"]].values.tolist() == [
        ["actual", 2960.88, -2960.88], ["forecast", 2960.88, 0.0]]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert ("Peak pre-financing (all providers together) from 2028-01 on, the first forecast "
            "month, with the balance carried in from the actual months: 2,961 EUR on "
            "average, 90 % interval 2,961 – 2,961 EUR.") in page
    assert ("Lowest point of the line from 2028-01 on, with the balance carried in: "
            "-2,961 EUR (2027-12).") in page
    peak = summary_row(out, "peak_prefinancing")
    assert peak[1:5] == (2960.88, 2960.88, 2960.88, 2960.88)
    assert peak[-2] == "all providers together, from 2028-01 on"


@pytest.mark.parametrize("lang, titles, label", [
    ("en", [f"{name}: mean peak need 15 k EUR from 2027-07 on\nmean of each replication's "
            "low, most often in 2027-08" for name in ("all providers", "cjd")],
     "actual months to 2027-06"),
    ("de", [f"{name}: höchster Bedarf ab Juli 2027 im Mittel 15 Tsd. EUR\nMittel der "
            "Tiefpunkte je Replikation, meist im August 2027" for name in ("alle Träger", "cjd")],
     "Ist-Monate bis Juni 2027")])
def test_a_reforecast_s_balance_chart_shades_the_actual_months(
        tmp_path: Path, lang: str, titles: list[str], label: str) -> None:
    """cashflow.png said "mean peak need 15 k" beside a curve that falls to -23,687 in
    2027-05, an actual month, with no mark of where the forecast starts: its panels now
    say where the peak is taken from, as the terminal and the page do, and the actual
    months (2027-01 to 2027-06, the first six of the chart's 15) are shaded grey under
    the band, with their entry in the legend. A plain run shades nothing."""
    from finsim.report.files import run_charts

    path = files(tmp_path, SPELLS)
    scn = load_scenario(path, [*actuals("2027-07"),
                               "funding.jobcenter.payment={every: quarter, lag_months: 2}"])
    chart = run_charts(run(RunSpec(scn, 2, 9), jobs=1), lang, page=False).balance
    assert chart.titles == titles
    assert (chart.layout.actual_months, chart.layout.actual_label) == (6, label)
    canvas = chart.layout.canvas()
    span = canvas.ax.patches[0]
    assert (span.get_x(), span.get_x() + span.get_width()) == (-0.5, 5.5)
    assert [t.get_text() for t in canvas.legend.get_texts()][-1] == label
    chart.png(tmp_path / "cashflow.png")
    pixels = np.asarray(Image.open(tmp_path / "cashflow.png").convert("RGB"))
    grey, white = _pixel(canvas, 1, pixels), _pixel(canvas, 9, pixels)
    assert grey == (224, 224, 224) and white == (255, 255, 255)
    plain = run_charts(run(RunSpec(load_scenario(path), 2, 9), jobs=1), lang, page=False)
    assert plain.balance.layout.actual_months == 0 and not plain.balance.layout.canvas().ax.patches


def _pixel(canvas, month: float, pixels: np.ndarray) -> tuple[int, ...]:  # noqa: ANN001
    """The PNG's colour in the first panel at ``month``, just under its top edge (above
    the balance, which falls from 0)."""
    ax = canvas.ax
    ax.set_subplotspec(canvas.grid[0])
    x, _ = ax.transData.transform((month, 0))
    _, top = ax.transAxes.transform((0, 1))
    height = pixels.shape[0]
    return tuple(int(v) for v in pixels[int(height - top) + 3, int(x)])


def test_people_in_the_slots_at_as_of_keep_their_once_drawn_modules(tmp_path: Path) -> None:
    """docs/running-programs.md: the people in a slot at --as-of take the modules drawn
    once for them, the same in every replication, where the same file as a caseload
    draws them afresh in each. 20 people entered 2026-10; a 100 EUR module due 6 months
    after entry (2027-04) that half take: the re-forecast as of 2027-01 costs 1,000.00
    in each of 6 replications, the caseload 600.00 to 1,400.00 (seed 3); the wages, the
    same people in the same slots, are the same."""
    people = "".join(f"P{i:02d},cjd,2026-10,,\n" for i in range(20))
    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 20}],
            "costs": {**SIXTEEN_I["costs"], "qualification": [
                {"id": "coaching", "cost": 100, "month": 6, "uptake": 0.5}]}}
    path = scenario_files(tmp_path, data, HEADER + people)  # participants.initial: the file
    caseload = run(RunSpec(load_scenario(path), 6, 3), jobs=1)
    reforecast = run(RunSpec(load_scenario(path, [
        "participants.initial=0", "actuals.spells=caseload.csv", "actuals.as_of=2027-01"]),
        6, 3), jobs=1)
    assert reforecast.metric("cost_qualification").tolist() == [1000.0] * 6
    assert caseload.metric("cost_qualification").tolist() == [1400.0, 1200.0, 600.0, 1100.0,
                                                              700.0, 1200.0]
    assert reforecast.metric("cost_wages").tolist() == caseload.metric("cost_wages").tolist()


def reforecast_files(tmp_path: Path) -> tuple[Path, Path]:
    """The peak test's re-forecast as a file of its own (as of 2027-07, the Jobcenter
    paying per quarter 2 months late), and an alternative paying 3 months late."""
    files(tmp_path, SPELLS)
    payment = {"every": "quarter", "lag_months": 2}
    base, alt = tmp_path / "base.yaml", tmp_path / "alt.yaml"
    base.write_text(yaml.safe_dump({
        "base": "scenario.yaml", "name": "rf",
        "actuals": {"spells": "spells.csv", "as_of": "2027-07"},
        "funding": [{"id": "jobcenter", "payment": payment}]}), encoding="utf-8")
    alt.write_text(yaml.safe_dump({
        "base": "base.yaml", "name": "rf lag 3",
        "funding": [{"id": "jobcenter", "payment": {**payment, "lag_months": 3}}]}),
        encoding="utf-8")
    return base, alt


@pytest.mark.parametrize("lang, head", [
    ("en", "Credit line per provider (pre-financing, EUR), from 2027-07 on"),
    ("de", "Kreditlinie je Träger (Vorfinanzierung, EUR), ab Juli 2027")])
def test_a_reforecast_s_credit_lines_say_they_are_taken_from_as_of_on(
        tmp_path: Path, lang: str, head: str) -> None:
    """size's credit lines of the re-forecast above are its peak from 2027-07 on
    (14,804.40), not the -23,687.04 of 2027-05, an actual month: the terminal, the page's
    heading and table and credit.csv (a last column ``peak_from``) say so, as run does;
    the terminal and the page name the month most lows fall in, as run's do."""
    base, _ = reforecast_files(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["size", str(base), "--start", "2027-01", "--months", "12", "--confidence", "0.9",
                                       "-n", "2", "--jobs", "1",
                                       "--out", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert ("Credit line needed at 90% confidence (EUR; from 2027-07 on, the first forecast "
            "month, with the balance carried in): cjd 14,804; all providers' cash pooled "
            "14,804") in result.output.splitlines()
    credit = (out / "credit.csv").read_text(encoding="utf-8").splitlines()
    assert credit[0] == ("provider,peak_prefinancing_mean,quantile_level,credit_line,"
                         "months_negative_mean,peak_from")
    assert credit[1:] == ["cjd,14804.40,0.9,14804.40,14.0,2027-07",
                          "all,14804.40,0.9,14804.40,14.0,2027-07"]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count(head) == 2  # the section's heading and the table's caption
    # when the lows come, as run says it: August (the first of August and November)
    assert ("  This is the mean of each replication's lowest balance, most often in 2027-08 "
            "(100.0 % of replications).") in result.output.splitlines()
    assert {"en": "This is the mean of each replication's lowest balance, most often in "
                  "2027-08 (100.0 % of replications).</p>",
            "de": "Das ist das Mittel des tiefsten Kassenstands jeder Replikation, am "
                  "häufigsten im August 2027 (in 100,0 % der Replikationen).</p>"}[lang] in page


def test_a_reforecast_s_search_records_where_its_credit_lines_start(tmp_path: Path) -> None:
    """size.json's credit lines of a search carry their first forecast month too."""
    import json

    base, _ = reforecast_files(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "size", str(base), "--start", "2027-01", "--months", "12", "--confidence", "0.9",
        "-n", "2", "--jobs", "1", "--out", str(out), "--cap", "jobcenter=1e12",
        "--max-slots", "4"])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "size.json").read_text(encoding="utf-8"))
    assert record["credit_lines"] == {"cjd": 14804.40, "all": 14804.40}
    assert record["credit_lines_from"] == "2027-07"


def test_a_plain_size_s_credit_lines_have_no_month(tmp_path: Path) -> None:
    """Without actual months the credit lines are over the whole cash flow: no
    ``peak_from``, no words about a first forecast month."""
    from finsim.report.cashflow import credit_line, credit_lines, with_peak_starts

    files(tmp_path, SPELLS)
    result = run(RunSpec(load_scenario(tmp_path / "scenario.yaml"), 2, 9), jobs=1)
    credit = credit_lines(result, 0.9)
    assert list(credit.columns)[-1] == "months_negative_mean"
    assert credit_line(credit).startswith("Credit line needed at 90% confidence (EUR): ")
    assert with_peak_starts([result, result], ["a", "b"], "Peak", "de") == "Peak"


@pytest.mark.parametrize("lang, label, page_label", [
    ("en", "Peak pre-financing, from 2027-07 on", "Peak pre-financing (EUR), from 2027-07 on"),
    ("de", "Höchste Vorfinanzierung, ab Juli 2027",
     "Höchste Vorfinanzierung (EUR), ab Juli 2027")])
def test_a_reforecast_s_compared_peak_says_it_is_taken_from_as_of_on(
        tmp_path: Path, lang: str, label: str, page_label: str) -> None:
    """compare's peak row of two re-forecasts as of 2027-07 is their peak from then on:
    the terminal, the page, the workbook's sheets and comparison.csv (``peak_from`` on the
    peak's rows) say so."""
    base, alt = reforecast_files(tmp_path)
    out = tmp_path / "out"
    assert "Peak pre-financing, from 2027-07 on" in compared_output(out, base, alt, lang=lang)
    table = (out / "comparison.csv").read_text(encoding="utf-8").splitlines()
    assert table[0].endswith(",delta_p95,peak_from")
    peak = [line for line in table if line.startswith("peak_prefinancing,")]
    assert [line.split(",")[1] + " " + line.split(",")[-1] for line in peak] == [
        "rf 2027-07", "rf lag 3 2027-07"]
    assert all(line.endswith(",") for line in table[1:] if line not in peak)
    assert page_label in (out / "report.html").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(out / "results.xlsx")
    assert [next(r[0] for r in sheet.iter_rows(values_only=True)
                 if r[-1] == "peak_prefinancing") for sheet in book.worksheets[:2]] == [
        label, label]


def test_a_plain_and_a_reforecast_compared_take_both_peaks_from_as_of_on(
        tmp_path: Path) -> None:
    """A plain scenario beside a re-forecast: both peaks are taken from the re-forecast's
    first forecast month on (tests/test_compare_reforecast.py weighs them), the row
    says that month once, and comparison.csv names it on both rows."""
    base, _ = reforecast_files(tmp_path)
    plain = tmp_path / "plain.yaml"
    plain.write_text(yaml.safe_dump({"base": "scenario.yaml", "name": "plain"}),
                     encoding="utf-8")
    out = tmp_path / "out"
    assert "Peak pre-financing, from 2027-07 on" in compared_output(out, plain, base,
                                                                    lang="de", width=250)
    assert ("Höchste Vorfinanzierung (EUR), ab Juli 2027"
            in (out / "report.html").read_text(encoding="utf-8"))
    peak = pd.read_csv(out / "comparison.csv", keep_default_na=False).query(
        "metric == 'peak_prefinancing'")
    assert peak.peak_from.tolist() == ["2027-07", "2027-07"]


def test_cashflow_s_actual_rows_are_paid_under_drawn_terms_and_the_page_says_so(
        tmp_path: Path) -> None:
    """cashflow.csv marks the months before --as-of `actual`, but pays their claims under
    the funders' payment terms: the 2026 §16i file draws land_esf's lag, so the providers'
    inflow of 2026-05 is 828,307.41 with seed 1 and 484,608.50 without draws (no ESF
    payment yet), while the month's cost (outflow 547,737.02) and ledger.csv's actual
    months are the same. The columns stay as they are; the page says it beside the cash
    chart where a payment term is drawn, and not where nothing is drawn."""
    folder = ROOT / "scenarios"
    run_args = ["run", str(folder / "aktiv-statt-passiv-2026-16i.yaml"), "--actuals",
                str(folder / "aktiv-statt-passiv-2026-16i-spells-2027-06.csv"),
                "--as-of", "2027-07", "-n", "1", "--jobs", "1"]
    drawn, fixed = tmp_path / "drawn", tmp_path / "fixed"
    for out, more in ((drawn, ["--seed", "1", "--lang", "de"]),
                      (fixed, ["--no-uncertainty", "--lang", "en"])):
        result = CliRunner().invoke(main, [*run_args, *more, "--out", str(out)])
        assert result.exit_code == 0, result.output
    cash = {out: pd.read_csv(out / "cashflow.csv") for out in (drawn, fixed)}
    assert list(cash[drawn].columns) == list(cash[fixed].columns) == [
        "month", "basis", "provider", "outflow", "inflow", "net", "balance", "inflow_city",
        "inflow_jobcenter", "inflow_land_esf", "inflow_employers", "inflow_coaching"]
    may = [frame[(frame.month == "2026-05") & (frame.provider == "all")].iloc[0]
           for frame in cash.values()]
    assert [(row.basis, row.outflow, row.inflow) for row in may] == [
        ("actual", 547737.02, 828307.41), ("actual", 547737.02, 484608.50)]
    ledgers = [pd.read_csv(out / "ledger.csv").query("basis == 'actual'") for out in cash]
    pd.testing.assert_frame_equal(ledgers[0], ledgers[1])
    assert ("<p class='note'>Die Ist-Monate bis Juni 2027 (cashflow.csv: basis actual) sind "
            "Ist-Kosten, ihre Zahlungseingänge aber nicht aus der Buchhaltung: finsim zahlt "
            "sie nach den Zahlungsbedingungen der Geldgeber, mit gezogenem "
            "funding.land_esf.payment.lag_months, so dass sie und der übernommene Saldo von "
            "Replikation zu Replikation schwanken.</p>"
            ) in (drawn / "report.html").read_text(encoding="utf-8")
    assert "not read from the books" not in (fixed / "report.html").read_text(encoding="utf-8")


def test_the_page_names_drawn_payment_terms_in_english(tmp_path: Path) -> None:
    """The small §16i file with the Jobcenter's lag drawn: the English line beside the
    cash chart names it and the last actual month."""
    _, out = run_spells(tmp_path, "2027-07",
                        "--set", "funding.jobcenter.payment={every: month, lag_months: 1}",
                        "--set", "uncertainty={funding.jobcenter.payment.lag_months: "
                                 "{dist: triangular, low: 0, mode: 1, high: 2}}")
    assert ("<p class='note'>The actual months to 2027-06 (cashflow.csv: basis actual) are "
            "actual costs, but their payments are not read from the books: finsim pays them "
            "under the funders&#x27; payment terms, with "
            "funding.jobcenter.payment.lag_months drawn, so they and the balance carried in "
            "differ from one replication to the next.</p>"
            ) in (out / "report.html").read_text(encoding="utf-8")


def test_a_booked_month_or_cell_missing_between_booked_ones_is_warned_about(
        tmp_path: Path) -> None:
    """A (cjd) and B (awo) in their slots from 2027-01, wages 14.60 x 169 x 1.2 =
    2,960.88 a month each. January books both, March only cjd's, February nothing: the
    ledger's costs stood in for February and for awo's March wages without a word. Now a
    line for the month and one for the cell, with the ledger's cost standing in."""
    from finsim.analysis.booked import booked_warnings

    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 2}, {"id": "awo", "slots": 2}],
            "participants": {"referrals_per_month": 0, "initial": 0}}
    path = files(tmp_path, "A,cjd,2027-01,,\nB,awo,2027-01,,\n",
                 "month,provider,category,amount\n2027-01,cjd,wages,2960.88\n"
                 "2027-01,awo,wages,2960.88\n2027-03,cjd,wages,2960.88\n")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    scn = load_scenario(path, actuals("2027-05", booked=True))
    assert booked_warnings(scn) == [
        "actuals.booked: booked.csv has no row of 2027-02 (between its booked months 2027-01 "
        "and 2027-03): the ledger's computed costs stand in for that month; if it is "
        "posted, add its rows",
        "actuals.booked: booked.csv has no row for awo's wages of 2027-03 (booked for other "
        "providers that month): the ledger's computed cost, 2,960.88 EUR, stands in for it; "
        "if posted, add the row"]
    assert booked_warnings(scn, "de") == [
        "actuals.booked: booked.csv hat keine Zeile für Februar 2027 (zwischen den gebuchten "
        "Monaten Januar 2027 und März 2027): dort gelten die berechneten Kosten; ist der Monat "
        "gebucht, seine Zeilen ergänzen",
        "actuals.booked: booked.csv hat keine Zeile für „Personalkosten Beschäftigte (Lohn "
        "inkl. AG-Anteil)“ (category: wages) von awo für März 2027 (für andere Träger "
        "gebucht): dort gelten die berechneten Kosten, 2.960,88 EUR; ist das gebucht, die "
        "Zeile ergänzen"]
    # a provider with nobody in its slots has no cost to stand in: no line for it
    alone = tmp_path / "alone"
    alone.mkdir()
    path = files(alone, "A,cjd,2027-01,,\n", "month,provider,category,amount\n"
                 "2027-01,cjd,wages,2960.88\n")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert booked_warnings(load_scenario(path, actuals("2027-05", booked=True))) == []


def test_a_provider_or_category_missing_in_every_booked_month_is_one_line(
        tmp_path: Path) -> None:
    """A (cjd), B (awo), C (dia), D (ifb) in their slots from 2027-01, wages 14.60 x 169 x
    1.2 = 2,960.88 a month each, the entry module 500 in 2027-01. The file books 2027-01
    to 2027-03: cjd's wages each month and its module, awo its module only, dia its wages
    in January only, ifb nothing. ifb is one line (3 x 2,960.88 + 500 = 9,382.64), not
    one per category and month; awo's wages one line for the months that book wages
    (3 x 2,960.88), dia's wages one naming February and March as a run (2 x 2,960.88), its
    module one for January."""
    from finsim.analysis.booked import booked_warnings

    data = {**SIXTEEN_I, "participants": {"referrals_per_month": 0, "initial": 0},
            "providers": [{"id": p, "slots": 2} for p in ("cjd", "awo", "dia", "ifb")]}
    path = files(tmp_path, "A,cjd,2027-01,,\nB,awo,2027-01,,\nC,dia,2027-01,,\n"
                           "D,ifb,2027-01,,\n",
                 "month,provider,category,amount\n2027-01,cjd,wages,2960.88\n"
                 "2027-02,cjd,wages,2960.88\n2027-03,cjd,wages,2960.88\n"
                 "2027-01,cjd,qualification,500\n2027-01,awo,qualification,500\n"
                 "2027-01,dia,wages,2960.88\n")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    scn = load_scenario(path, actuals("2027-05", booked=True))
    assert booked_warnings(scn) == [
        "actuals.booked: booked.csv has no row for awo's wages in any month that books it "
        "for other providers (2027-01 to 2027-03): the ledger's computed cost, 8,882.64 EUR, "
        "stands in for them; if posted, add the rows",
        "actuals.booked: booked.csv has no row for dia's wages of 2027-02 to 2027-03 "
        "(booked for other providers those months): the ledger's computed cost, 5,921.76 "
        "EUR, stands in for them; if posted, add the rows",
        "actuals.booked: booked.csv has no row for dia's qualification of 2027-01 (booked "
        "for other providers that month): the ledger's computed cost, 500.00 EUR, stands "
        "in for it; if posted, add the row",
        "actuals.booked: booked.csv has no row for ifb in any booked month (2027-01 to "
        "2027-03): the ledger's computed cost of its wages and qualification, 9,382.64 "
        "EUR, stands in for them; if posted, add its rows"]
    german = booked_warnings(scn, "de")
    assert [german[0], german[3]] == [
        "actuals.booked: booked.csv hat in keinem für andere Träger gebuchten Monat "
        "(Januar 2027 bis März 2027) eine Zeile für „Personalkosten Beschäftigte (Lohn inkl. "
        "AG-Anteil)“ (category: wages) von awo: dort gelten die berechneten Kosten, "
        "8.882,64 EUR; ist das gebucht, die Zeilen ergänzen",
        "actuals.booked: booked.csv hat in keinem gebuchten Monat (Januar 2027 bis März "
        "2027) eine Zeile für ifb: dort gelten die berechneten Kosten (category: wages, "
        "qualification), 9.382,64 EUR; ist das gebucht, die Zeilen ergänzen"]
    assert german[1].startswith("actuals.booked: booked.csv hat keine Zeile für „Personal"
                                "kosten Beschäftigte (Lohn inkl. AG-Anteil)“ (category: "
                                "wages) von dia für Februar 2027 bis März 2027 (für "
                                "andere Träger")


def test_the_spells_line_says_the_slots_free_at_as_of_and_what_fills_them(
        tmp_path: Path) -> None:
    """cjd has 3 slots; A holds one at --as-of 2027-05, B left on 2027-03-01. With
    on_demand, the 2 slots the actual months left empty are filled on the first forecast
    day (the people in the slots jump from 1 to 3 at the seam): the line said only "1 at
    --as-of". Now it says the 2 free slots and what fills them: on_demand, a rate, or no
    referral at all."""
    from finsim.analysis.starts import start_line

    data = {**WARM, "providers": [{"id": "cjd", "slots": 3}]}
    path = files(tmp_path, "A,cjd,2027-01,,\nB,cjd,2027-01,2027-03,dropout\n")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run(RunSpec(load_scenario(path, actuals("2027-05")), 1, 9, uncertainty=False),
                 jobs=1)
    flows = tables.flows_table(result).set_index(["provider", "month"]).participants
    assert flows["cjd"][["2027-04", "2027-05"]].tolist() == [1.0, 3.0]
    assert start_line(result) == (
        "Actual spells (spells.csv): 2 people in the slots at the start, 1 at the start of "
        "the forecast 2027-05, 0 waiting then; 2 slots free then, refilled from then on "
        "(referrals_per_month: on_demand)")
    assert start_line(result, "de") == (
        "Ist-Verläufe (spells.csv), Ist bis April 2027, Prognose ab Mai 2027: 2 Personen auf den "
        "Plätzen zu Beginn, 1 zu Beginn der Prognose, 0 Personen warten dann auf einen "
        "Platz; 2 freie Plätze zu Beginn der Prognose, ab dann wieder besetzt "
        "(referrals_per_month: on_demand)")
    rate = load_scenario(path, [*actuals("2027-05"),
                                "participants.referrals_per_month={2027-01: 0, 2027-05: 1.5}"])
    assert start_line(run(RunSpec(rate, 1, 9), jobs=1)).endswith(
        "; 2 slots free then, filled from then on as people are referred "
        "(referrals_per_month: 1.5 a month then)")
    none = load_scenario(path, [*actuals("2027-05"), "participants.referrals_per_month=0"])
    assert start_line(run(RunSpec(none, 1, 9), jobs=1), "de").endswith(
        "; 2 freie Plätze zu Beginn der Prognose, die keine Zuweisung besetzt "
        "(referrals_per_month: 0 zu Beginn der Prognose)")

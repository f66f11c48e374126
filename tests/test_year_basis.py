"""The money tables by year hold the cost that arises in each year, not the money paid in
it (a claim paid in arrears, a retention paid after the period): the fiscal balance on
the terminal, results.xlsx's funding by year and report.html's say so in their titles,
with a line pointing to the cash flow for the money by the month it is paid, in English
and German alike."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from finsim.cli import main

from .conftest import SMALL


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[str, object]]:
    """The small scenario run in either language: its terminal output and folder."""
    out = {}
    for lang in ("en", "de"):
        folder = tmp_path_factory.mktemp(lang) / "run"
        done = CliRunner().invoke(main, ["run", str(SMALL), "-n", "2", "-j", "1",
                                         "--lang", lang, "--out", str(folder)])
        assert done.exit_code == 0, done.output
        out[lang] = done.output, folder
    return out


def test_the_terminal_fiscal_balance_says_its_years_are_those_the_cost_arises_in(runs):
    lines = runs["en"][0].splitlines()
    assert ("Fiscal balance by budget (mean, EUR charged to the year the cost arises): "
            "paid - saved - returns = net; paid_cash: by the month it is paid") in lines
    assert ("Over all years paid_cash adds up to paid: a claim paid in arrears or a "
            "retention falls in a later year, each cent once; money by month: "
            "cashflow.csv.") in lines


@pytest.mark.parametrize(("lang", "title", "note"), [
    ("en", "Funding by year and funder (mean, EUR, charged to the year the cost arises)",
     "A year's figures are the cost arising in it, whenever it is paid; money by the month "
     "it is paid: the cash flow (cashflow.csv of finsim run)."),
    ("de", "Finanzierung je Jahr und Geldgeber (Mittelwert, EUR, dem Jahr zugerechnet, in "
     "dem die Kosten entstehen)",
     "Die Zahlen eines Jahres sind die in ihm entstehenden Kosten, gleich wann sie gezahlt "
     "werden; das Geld nach Zahlungsmonat: die Liquidität (cashflow.csv von finsim run)."),
])
def test_results_xlsx_titles_the_funding_by_year_and_points_to_the_cash_flow(runs, lang,
                                                                             title, note):
    book = openpyxl.load_workbook(runs[lang][1] / "results.xlsx")
    sheet = book.worksheets[1]
    # the title above the table, the note under its total row (two years: rows 6-7, 8)
    assert (sheet["A4"].value, sheet["A8"].value, sheet["A9"].value) == (
        title, {"en": "Total", "de": "Summe"}[lang], note)


@pytest.mark.parametrize(("lang", "heading", "note"), [
    ("en", "Cost and funding by year and funder (mean, EUR, charged to the year the cost "
     "arises)", "A year's figures are the cost arising in it, whenever it is paid; money by "
     "the month it is paid: the cash flow (cashflow.csv of finsim run)."),
    ("de", "Kosten und Finanzierung je Jahr und Geldgeber (Mittelwert, EUR, dem Jahr "
     "zugerechnet, in dem die Kosten entstehen)",
     "Die Zahlen eines Jahres sind die in ihm entstehenden Kosten, gleich wann sie gezahlt "
     "werden; das Geld nach Zahlungsmonat: die Liquidität (cashflow.csv von finsim run)."),
])
def test_report_html_titles_the_money_by_year_and_points_to_the_cash_flow(runs, lang,
                                                                          heading, note):
    page = (runs[lang][1] / "report.html").read_text(encoding="utf-8")
    assert f"<h2>{heading}</h2>" in page
    assert f"<caption class='hidden'>{heading}</caption>" in page
    assert page.count(f"<p class='note'>{note}</p>") == 1
    assert page.index(f"<h2>{heading}</h2>") < page.index(note)


@pytest.mark.parametrize(("lang", "label"), [
    ("en", "Referrals lost (gave up waiting or turned away)"),
    ("de", "Verlorene Zuweisungen (Warten aufgegeben oder abgewiesen)"),
])
def test_referrals_lost_is_named_as_those_who_gave_up_or_were_turned_away(runs, lang, label):
    """Not "Referrals that never entered": who still waits at the end never entered either."""
    sheet = openpyxl.load_workbook(runs[lang][1] / "results.xlsx").worksheets[0]
    ids = {row[-1].value: row[0].value for row in sheet.iter_rows() if row[-1].value}
    assert ids["referrals_lost"] == label  # the pages' label too (html.metric_label)


def test_the_peak_pre_financing_line_is_there_when_nobody_pre_finances(runs):
    """The small scenario has no payment terms: every payment comes with its cost, peak 0.
    The README's line is printed all the same, saying so (its absence read as a figure
    left out)."""
    lines = runs["en"][0].splitlines()
    assert ("Peak pre-financing (all providers' cash together): none, no provider "
            "pre-finances anything") in lines

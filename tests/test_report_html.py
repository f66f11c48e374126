"""report.html (issue 19.1): one self-contained page per run that opens offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.commands.folder import MANIFEST
from finsim.montecarlo import RunSpec, run
from finsim.replication import FLOW_COLUMNS
from finsim.report.html import number, run_page
from finsim.scenario import load_scenario

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"


def _run(out: Path, *args: str):
    done = CliRunner().invoke(main, ["run", str(SMALL), "-q", "-n", "8", "--jobs", "1",
                                     "--out", str(out), *args])
    assert done.exit_code == 0, done.output
    return (out / "report.html").read_text(encoding="utf-8")


def _text(page: str) -> str:
    """The page's visible text outside the charts."""
    page = re.sub(r"<svg.*?</svg>|<style>.*?</style>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "res"
    return out, _run(out)


def test_report_is_in_the_folder_and_its_manifest(german):
    out, _ = german
    listed = json.loads((out / MANIFEST).read_text())
    assert "report.html" in json.dumps(listed)


def test_report_needs_nothing_from_the_network(german):
    _, page = german
    assert not re.search(r"<script|<link|<img|<iframe|@import", page, flags=re.I)
    # the charts refer only to their own parts (clip paths, glyphs): url(#id), href="#id"
    assert not re.search(r"url\((?!#)|(src|href)\s*=\s*[\"'](?!#)", page, flags=re.I)
    assert page.count("<svg") == 3 and page.count("</svg>") == 3


def test_key_figures_are_the_summary_in_german_notation(german):
    out, page = german
    summary = pd.read_csv(out / "summary.csv").set_index("metric")
    text = _text(page)
    assert "Ergebnisbericht: Small test program" in text
    cost = summary.loc["cost_total"]
    assert (f"Gesamtkosten (EUR) {number(cost['mean'], 'de')} "
            f"{number(cost['p05'], 'de')} – {number(cost['p95'], 'de')}") in text
    ratio = summary.loc["cost_total", "mean"] / summary.loc["exits_placement", "mean"]
    assert f"Kosten je Vermittlung: Summe / Anzahl (EUR) {number(ratio, 'de')}" in text
    assert "8 Replikationen reichen für ein 95-%-Quantil nicht" in text


def test_yearly_table_adds_up_to_the_ledger(german):
    out, page = german
    ledger = pd.read_csv(out / "ledger.csv")
    total = ledger["amount"].sum()
    text = _text(page[:page.index("<details>")])  # the funders' table, not the categories'
    last = re.findall(r"Summe ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", text)[-1]
    assert abs(int(last[-1].replace(".", "")) - total) <= 1 + 0.005 * len(ledger)


def test_english_labels_and_escaped_names(tmp_path):
    page = _run(tmp_path / "en", "--lang", "en", "--set", 'name="<b>A & B</b>"')
    text = _text(page)
    assert "Results report: &lt;b&gt;A &amp; B&lt;/b&gt;" in text
    assert "<b>A & B</b>" not in page
    assert "Cost per placement: total / count (EUR)" in text and "8 replications are too few for a 95% quantile" in text


def test_warnings_of_the_run_are_shown(tmp_path):
    page = _run(tmp_path / "w", "--set", "participants.referrals_per_month=0.2")
    text = _text(page)
    assert "Keine Hinweise." not in text and "Auslastung in 2 Jahren" in text  # the page's words
    assert "occupancy" not in text.lower()


def test_bands_come_from_every_replications_program_flows():
    scn = load_scenario(SMALL)
    result = run(RunSpec(scn, 6, 3), jobs=1)
    rows = result.aggregate.program_flow_rows()
    assert rows.shape == (6, scn.period.months, len(FLOW_COLUMNS))
    mean = result.mean(result.aggregate.flows)[:, -1, :]
    np.testing.assert_allclose(rows.mean(axis=0), mean, rtol=1e-5, atol=1e-5)
    again = run_page(run(RunSpec(scn, 6, 3), jobs=2), "en").html()
    assert again == run_page(result, "en").html()  # same seed, same bytes, any --jobs


def test_the_cash_flow_section_gives_the_peak_of_summary_csv(tmp_path):
    """A funder paying three months late makes the providers pre-finance: the page gives
    the program's peak need with its interval, as summary.csv has it, and the balance."""
    out = tmp_path / "lag"
    page = _run(out, "--set", "funding.land_esf.payment.lag_months=3")
    peak = pd.read_csv(out / "summary.csv").set_index("metric").loc["peak_prefinancing"]
    assert peak["mean"] > 0
    assert (f"Höchste Vorfinanzierung (alle Träger zusammen): {number(peak['mean'], 'de')} "
            f"EUR im Mittel, 90-%-Intervall {number(peak['p05'], 'de')} – "
            f"{number(peak['p95'], 'de')} EUR.") in _text(page)
    assert "Kassenstand des Programms (alle Träger) am Monatsende" in _text(page)


def test_a_program_without_pre_financing_says_so(german):
    _, page = german
    assert "Liquidität Kein Träger muss vorfinanzieren." in _text(page)


def _figure(text: str, label: str) -> float:
    """The mean of one key-figures line, read back from the German page."""
    found = re.search(re.escape(label) + r" \(EUR\) (-?[\d.]+)", text)
    assert found, label
    return float(found.group(1).replace(".", ""))


def test_key_figures_add_up_to_the_net_public_cost_with_the_returns(tmp_path):
    """With returns the page's public funding less benefits avoided is not the net public
    cost: the page shows the returns (fiscal.csv's, public budgets) and each budget's
    net cost, so that a reader's subtraction comes to the printed figure."""
    out = tmp_path / "ret"
    page = _run(out, "--set", "returns={federal: 0.1, city: 0.05}")
    text = _text(page)
    fiscal = pd.read_csv(out / "fiscal.csv")
    returns = fiscal.loc[fiscal["public"], "returns"].sum()
    assert returns > 1000
    assert _figure(text, "Rückflüsse (Steuern, Sozialversicherungsbeiträge)") == round(returns)
    public = (_figure(text, "Finanzierung: Jobcenter")
              + _figure(text, "Finanzierung: Land / ESF"))
    net = _figure(text, "Öffentliche Nettokosten")
    avoided = _figure(text, "Vermiedene passive Leistungen")
    assert abs(public - avoided - round(returns) - net) <= 2   # rounding of four lines
    assert "Finanzierung: Employers (nicht öffentlich) (EUR)" in text
    budgets = fiscal.loc[fiscal["public"], "budget"].unique()
    assert abs(sum(_figure(text, f"Nettokosten Haushalt: {b}") for b in budgets) - net) <= 2
    summary = pd.read_csv(out / "summary.csv").set_index("metric")
    assert _figure(text, "Nettokosten Haushalt: federal") == round(
        summary.loc["net_cost_federal", "mean"])


def test_the_by_year_table_marks_the_funder_that_is_not_public(german):
    """"Kosten und Finanzierung je Jahr und Geldgeber" listed the employers' own money
    beside the public funders unmarked; it carries "(nicht öffentlich)" as the key
    figures do, and the public funders do not."""
    _, page = german
    table = page[page.index("Kosten und Finanzierung je Jahr und Geldgeber"):]
    head = re.findall(r"<th scope='col'>(.*?)</th>", table[:table.index("</tr>")])
    assert head == ["Jahr", "Jobcenter", "Land / ESF", "Employers (nicht öffentlich)",
                    "Finanzierungslücke", "Summe"]


def test_months_negative_says_it_runs_until_the_last_payment():
    """A 36-month plan showed 42 months below zero unexplained: the count runs on after
    the period until the last payment (a retention's final payment), and the run page,
    results.xlsx and compare say so."""
    from finsim.report.html import metric_label
    from finsim.scenario import load_scenario

    scn = load_scenario("scenarios/aktiv-statt-passiv-2013.yaml")
    assert "bis zur letzten Zahlung" in metric_label("months_negative", scn, "de")
    assert "until the last payment" in metric_label("months_negative", scn, "en")


def test_a_re_forecast_page_says_what_is_actual(tmp_path):
    """The page of a run with --actuals said nothing of them: it gives the terminal's
    line on the actual spells and each year's actual months. As of 2028-01 all of 2027
    is actual: A (Jan-Mar) and B (all year) 15 x 2,960.88 = 44,413.20 wages for the
    Jobcenter, the modules 500 + 700 for the Land: 45,613.20 EUR. A plain run's page
    keeps its plain years."""
    from .test_actuals import SPELLS, files

    path = files(tmp_path, SPELLS, "month,provider,category,amount\n")
    out = tmp_path / "res"
    done = CliRunner().invoke(main, ["run", str(path), "-q", "-n", "2", "--jobs", "1",
                                     "--out", str(out), "--actuals",
                                     str(tmp_path / "spells.csv"), "--as-of", "2028-01"])
    assert done.exit_code == 0, done.output
    text = _text((out / "report.html").read_text(encoding="utf-8"))
    assert ("Ist-Verläufe (spells.csv), Ist bis Dezember 2027, Prognose ab Januar 2028: 2 Personen "
            "auf den Plätzen zu Beginn, 1 zu Beginn der Prognose, 0 Personen warten dann "
            "auf einen Platz") in text
    assert "Stichtag" not in text
    assert "bei --as-of" not in text and "dann wartend" not in text
    assert "2027 (12 von 12 Monaten Ist) 44.413 1.200 0 0 45.613" in text
    assert "Gebuchte Kosten" not in text
    # January's wages booked at 6,000.00 instead of 2 x 2,960.88: named on the page
    (tmp_path / "booked.csv").write_text("month,provider,category,amount\n"
                                         "2027-01,cjd,wages,6000\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["run", str(path), "-q", "-n", "2", "--jobs", "1",
                                     "--out", str(tmp_path / "booked"), "--actuals",
                                     str(tmp_path / "spells.csv"), "--as-of", "2028-01",
                                     "--booked", str(tmp_path / "booked.csv")])
    assert done.exit_code == 0, done.output
    text = _text((tmp_path / "booked" / "report.html").read_text(encoding="utf-8"))
    assert ("Gebuchte Kosten (booked.csv): 1 Zelle (Monat, Träger, Kostenart) in 1 Monat "
            "(Januar 2027), 6.000,00 EUR, ersetzt die aus den Ist-Verläufen berechneten "
            "Kosten") in text
    plain = CliRunner().invoke(main, ["run", str(path), "-q", "-n", "2", "--jobs", "1",
                                      "--out", str(tmp_path / "plain"), "--set",
                                      "participants.initial=1"])
    assert plain.exit_code == 0, plain.output
    text = _text((tmp_path / "plain" / "report.html").read_text(encoding="utf-8"))
    assert "Ist" not in text and " 2027 (" not in text and " 2027 " in text


def test_the_page_and_workbook_say_who_a_running_program_starts_with(german, tmp_path):
    """A full start: the terminal said "Starting with the slots full", the page and
    results.xlsx nothing, so more entries than referrals stood unexplained. Now all
    three say it (40 slots of the small program, full in every replication: 40,0); an
    empty start prints nothing on the terminal and stays unsaid on the page too."""
    import openpyxl

    page = _run(tmp_path / "full", "--set", "participants.initial=full")
    line = "Start mit vollen Plätzen: 40,0 Personen (Mittelwert, initial: full)"
    assert f"<p>{line}</p>" in page
    book = openpyxl.load_workbook(tmp_path / "full" / "results.xlsx")
    for sheet in book.worksheets:  # under the line of the --set (test_set_said)
        assert [sheet["A3"].value, sheet["A4"].value] == [
            "Mit --set geändert: participants.initial = full (in der Datei: 0)", line], sheet.title
    assert "Start mit" not in german[1]
    assert "Start mit" not in str(openpyxl.load_workbook(german[0] / "results.xlsx")
                                  .worksheets[0]["A3"].value)
    done = CliRunner().invoke(main, ["run", str(SMALL), "-n", "2", "--jobs", "1", "--set",
                                     "participants.initial=full", "--out",
                                     str(tmp_path / "terminal")])
    assert done.exit_code == 0, done.output
    assert "Starting with the slots full: 40.0 people (mean, initial: full)" in done.output


@pytest.mark.parametrize("lang, titles", [
    ("de", [["2027", "(5 von 12 Monaten Ist)"], ["2028", "(Prognose)"]]),
    ("en", [["2027", "(5 of 12 months actual)"], ["2028", "(forecast)"]])])
def test_a_re_forecast_page_s_yearly_bars_say_each_year_s_actual_months(tmp_path, lang, titles):
    """The page's table of money by year said "2027 (5 von 12 Monaten Ist)", its bar
    chart below plain "2027": the bars' ticks are the table's years (two lines each). As
    of 2027-06, 2027 has five actual months; 2028 is all forecast."""
    from .test_actuals import SPELLS, files

    path = files(tmp_path, SPELLS)
    out = tmp_path / "res"
    done = CliRunner().invoke(main, [
        "run", str(path), "-q", "-n", "2", "--jobs", "1", "--lang", lang, "--out", str(out),
        "--set", "period.months=24", "--actuals", str(tmp_path / "spells.csv"),
        "--as-of", "2027-06"])
    assert done.exit_code == 0, done.output
    page = (out / "report.html").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", page)
    for title in titles:  # a tick's two lines follow each other
        at = texts.index(title[0])
        assert texts[at:at + 2] == title


def test_each_chart_is_named_and_captioned_in_the_page_s_language(german, tmp_path):
    """The three charts were bare SVG: a screen reader met tick labels only. Each is an
    image with a name and a caption that says what it draws, in German and English."""
    _, page = german
    assert re.findall(r'<svg role="img" aria-label="([^"]*)"', page) == [
        "Verläufe je Monat (Mittelwert, Band: 5.–95. Perzentil)",
        "Kosten je Jahr nach Geldgeber und nach Kostenart",
        "Kassenstand des Programms am Monatsende"]
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page)
    assert captions[1] == ("Gestapelte Säulen je Jahr (Mittelwert, EUR): oben die Kosten "
                           "nach Geldgeber wie in der Tabelle darüber, unten nach Kostenart "
                           "wie in der Tabelle darunter.")
    assert captions[0] == (
        "Zwei Liniendiagramme über die Monate Januar 2013 bis Dezember 2014: oben Teilnehmende und "
        "Warteliste (Personen), unten Eintritte und Austritte nach Grund (Personen je Monat); "
        "Linie: Mittelwert, Band: 5.–95. Perzentil über die Replikationen. Am Ende des "
        "Zeitraums im Mittel 49,6 Teilnehmende und 6,1 auf der Warteliste.")
    assert re.search(r"waagerechte Linie bei 0 EUR, gestrichelt: Ende des Zeitraums nach "
                     r"Dezember 2014\. Tiefster Punkt der Linie: -?[\d.]+ EUR \([A-Z][a-zä]+ "
                     r"201[34]\)\.$",
                     captions[2]), captions[2]
    english = _run(tmp_path / "en", "--lang", "en")
    assert re.findall(r'<svg role="img" aria-label="([^"]*)"', english)[1] == \
        "Cost by year, by funder and by category"
    assert re.findall(r"<figcaption>(.*?)</figcaption>", english)[1] == (
        "Stacked bars per year (mean, EUR): above the cost by funder as in the table above, "
        "below by cost category as in the table below.")


def test_cost_by_year_and_category_is_a_table_too(german):
    """Cost by year and category was on the page only as the bars' lower panel: it is a
    table under them (folded), its rows adding up to the funders' table's totals."""
    out, page = german
    folded = page[page.index("<details>"):page.index("</details>")]
    assert "<summary>Tabelle: Kosten je Jahr nach Kostenart (Mittelwert, EUR)</summary>" in folded
    assert ("<caption class='hidden'>Kosten je Jahr nach Kostenart (Mittelwert, EUR)</caption>"
            in folded)
    head = re.findall(r"<th scope='col'>(.*?)</th>", folded)
    assert head[0] == "Jahr" and head[-1] == "Summe"
    assert "Personalkosten Beschäftigte (Lohn inkl. AG-Anteil)" in head
    ledger = pd.read_csv(out / "ledger.csv")
    total = re.search(r"<th scope='row'><b>Summe</b></th>(.*?)</tr>", folded).group(1)
    cells = [int(c.replace(".", "")) for c in re.findall(r"<b>([\d.]+)</b>", total)]
    assert abs(cells[-1] - ledger["amount"].sum()) <= 1 + 0.005 * len(ledger)
    assert abs(sum(cells[:-1]) - cells[-1]) <= len(cells)  # each rounded to the euro


def test_tables_have_captions_and_scoped_headers(german):
    """Every table of the page is named (a caption) and its heads say which way they
    go: columns ``<th scope="col">``, each row's label ``<th scope="row">``."""
    _, page = german
    tables = re.findall(r"<table>.*?</table>", page, flags=re.S)
    assert len(tables) == 4  # key figures, money by year, by category, fiscal balance
    for one in tables:
        assert one.startswith("<table><caption")
        assert "<th>" not in one
        assert one.count("<tr>") == one.count("<th scope='row'>") + 1
    assert "<th scope='row'>Gesamtkosten (EUR)</th><td>" in tables[0]


@pytest.mark.parametrize("lang, mark", [("de", "Employers (nicht öffentlich)"),
                                        ("en", "Employers (not public)")])
def test_the_bars_legend_marks_the_funder_that_is_not_public(lang, mark):
    """The funder bars' legend said "Employers" where the table above and the workbook say
    "Employers (nicht öffentlich)": it says it too, and names the public funders plainly."""
    chart = run_page(run(RunSpec(load_scenario(SMALL), 4, 3), jobs=1), lang).parts
    bars = next(p for p in chart if type(p).__name__ == "BarsChart")
    labels = [label for label, _, _ in bars.panels[0][1]]
    assert labels[:3] == ["Jobcenter", "Land / ESF", mark]
    assert mark in bars.svg()  # the legend drawn with it


@pytest.mark.parametrize("lang, funding, share, public", [
    ("de", "Finanzierung: Employers (nicht öffentlich) (EUR)",
     "Anteil: Employers (nicht öffentlich)", "Anteil: Jobcenter"),
    ("en", "Funding: Employers (not public) (EUR)", "Share: Employers (not public)",
     "Share: Jobcenter")])
def test_key_figures_mark_the_share_of_the_funder_that_is_not_public(lang, funding, share,
                                                                     public):
    """The key figures marked the employers' funding "(nicht öffentlich)" but not their
    share right below it, which results.xlsx's Übersicht marks: both are marked now, a
    public funder's share is not."""
    from finsim.report.html import key_figures

    result = run(RunSpec(load_scenario(SMALL), 4, 3), jobs=1)
    rows = re.findall(r"<th scope='row'>(.*?)</th>", key_figures(result, lang))
    assert rows[rows.index(funding) + 1] == share
    assert public in rows

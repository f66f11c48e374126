"""Counts read right: ``1 replication``, ``2 replications``, ``1 Monat``, ``24 Monate``, in
the terminal, report.html, the sensitivity and size pages, results.xlsx, plan.xlsx,
monitoring.md and the messages, in English and German. One helper (``finsim.nouns``)
decides by the number as written, so ``1.0`` and ``1,5`` take the plural."""

from __future__ import annotations

import itertools
import re

import openpyxl
import pytest
from click.testing import CliRunner

from finsim.analysis.sizing import TooFew
from finsim.cli import main
from finsim.ledger.categories import COST_CATEGORIES
from finsim.montecarlo import RunSpec, run
from finsim.nouns import counted, listed, noun
from finsim.report.html import amount, run_page
from finsim.report.monitoring import monitoring_markdown
from finsim.report.results_book import write_results
from finsim.scenario import load_scenario

from .conftest import ROOT, SMALL


def _text(page: str) -> str:
    page = re.sub(r"<svg.*?</svg>|<style>.*?</style>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_the_number_as_written_decides():
    assert counted(1, "slot", "slots") == "1 slot"
    assert [counted(n, "slot", "slots") for n in (0, 2, 1.0, 1.5, -1)] == [
        "0 slots", "2 slots", "1.0 slots", "1.5 slots", "-1 slots"]
    assert counted("1", "Platz", "Plätze") == "1 Platz"
    assert [counted(t, "Platz", "Plätze") for t in ("1,0", "1.000", "0,5")] == [
        "1,0 Plätze", "1.000 Plätze", "0,5 Plätze"]
    assert noun(1, "event", "events") == "event" and noun(11, "event", "events") == "events"


def test_a_list_reads_a_b_or_c_in_either_language():
    assert listed(["--jobs 1"]) == "--jobs 1"
    assert listed(["--jobs 1", "a smaller scenario"]) == "--jobs 1 or a smaller scenario"
    assert listed(["placement", "dropout", "other"]) == "placement, dropout or other"
    assert listed(["1 entry", "2 exits", "3 referrals"], "and") == "1 entry, 2 exits and 3 referrals"
    assert listed(["Vermittlung", "Abbruch"], "oder") == "Vermittlung oder Abbruch"


@pytest.mark.parametrize(("n", "what", "lang", "text"), [
    (1, "replication", "en", "1 replication"), (2, "replication", "en", "2 replications"),
    (1, "replication", "de", "1 Replikation"), (1000, "replication", "de", "1.000 Replikationen"),
    (1000, "replication", "en", "1,000 replications"),
    (1, "month", "de", "1 Monat"), (24, "month", "de", "24 Monate"),
    (1, "month", "en", "1 month"), (0, "month", "en", "0 months"),
    (1, "point", "de", "1 Punkt"), (11, "point", "de", "11 Punkte"),
    (1, "slot", "de", "1 Platz"), (45, "slot", "de", "45 Plätze"), (1, "slot", "en", "1 slot"),
    (1, "spell", "de", "1 Verlauf"), (5, "spell", "de", "5 Verläufe"),
    (5, "spell", "en", "5 spells"),
])
def test_a_count_on_a_page_has_its_noun_in_the_pages_language(n, what, lang, text):
    assert amount(n, what, lang) == text


@pytest.fixture(scope="module")
def one_month():
    """The small program for one month, one replication."""
    scn = load_scenario(SMALL, sets=["period.months=1"])
    return run(RunSpec(scn, 1, 3), jobs=1)


@pytest.mark.parametrize(("lang", "period", "replications"), [
    ("de", "(1 Monat)", "Replikationen: 1;"), ("en", "(1 month)", "Replications: 1;")])
def test_report_html_says_one_month(one_month, lang, period, replications):
    text = _text(run_page(one_month, lang).html())
    assert f"2013-01 – 2013-01 {period};" in text and replications in text


def test_results_xlsx_says_one_month(one_month, tmp_path):
    for lang, head in (("de", "Zeitraum: 2013-01 – 2013-01 (1 Monat); Replikationen: 1; "
                              "Startwert: 3"),
                       ("en", "Period: 2013-01 – 2013-01 (1 month); Replications: 1; Seed: 3")):
        write_results(tmp_path / f"{lang}.xlsx", one_month, lang)
        sheet = openpyxl.load_workbook(tmp_path / f"{lang}.xlsx").worksheets[0]
        assert sheet["A2"].value == head


def test_monitoring_says_one_replication_and_one_month(one_month):
    assert "Means over 1 replication, 2013-01 – 2013-01 (1 month)." in monitoring_markdown(one_month)


def test_the_terminal_says_one_replication_and_one_job(tmp_path):
    one = CliRunner().invoke(main, ["run", str(SMALL), "-n", "1", "-j", "1",
                                    "--out", str(tmp_path / "one")])
    assert one.exit_code == 0, one.output
    assert "finsim: Small test program: 1 replication (about" in one.output
    assert "on 1 process)" in one.output
    assert "Small test program: 1 replication, seed 7" in one.output
    assert re.search(r"Results: .*/one/  \(\d+\.\d s in all, replications \d+\.\d s on 1 job\)",
                     one.output)
    two = CliRunner().invoke(main, ["run", str(SMALL), "-n", "2", "-j", "1",
                                    "--out", str(tmp_path / "two")])
    assert "Small test program: 2 replications, seed 7" in two.output
    assert "replications (" not in one.output and "(es)" not in one.output
    assert "job(s)" not in one.output + two.output


def test_sensitivity_says_one_replication_in_the_terminal_and_on_the_page(tmp_path):
    for lang, method in (("de", "Verfahren: oat (3 Punkte × 1 Replikation)"),
                         ("en", "Method: oat (3 points × 1 replication)")):
        out = tmp_path / lang
        done = CliRunner().invoke(main, ["sensitivity", str(SMALL), "-n", "1", "-j", "1",
                                         "--param", "costs.material.per_slot_month=40:60",
                                         "--metric", "cost_total", "--lang", lang,
                                         "--out", str(out)])
        assert done.exit_code == 0, done.output
        assert "finsim: Small test program: oat, 3 points x 1 replication = 3" in done.output
        assert "Small test program: oat, 3 points x 1 replication, seed 7" in done.output
        assert method in _text((out / "report.html").read_text(encoding="utf-8"))


def test_plan_xlsx_says_replikationen_and_startwert_as_the_other_files_do(tmp_path):
    """plan.xlsx said "Wiederholungen" and "Seed" where results.xlsx and the pages say
    "Replikationen" and "Startwert"; and "1 Wiederholungen", "1 Monate"."""
    out = tmp_path / "size"
    done = CliRunner().invoke(main, ["size", str(SMALL), "-n", "1", "-j", "1", "-q",
                                     "--start", "2013-01", "--months", "1",
                                     "--confidence", "0.9", "--out", str(out)])
    assert done.exit_code == 0, done.output
    book = openpyxl.load_workbook(out / "plan.xlsx")
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for c in row if c is not None]
    assert not any("Wiederholung" in c or "Seed" in c or "Risikopuffer" in c for c in cells)
    plan, basis, _, assumptions = book.worksheets
    assert plan["A3"].value == ("Zeitraum 2013-01, 1 Monat; Risikozuschlag auf das "
                                "90-%-Quantil je Geldgeber; 1 Replikation, Startwert 7")
    assert basis["A2"].value.startswith("Erwartungswerte je Kalenderjahr über 1 Replikation;")
    rows = {r[0]: r[1:] for r in assumptions.iter_rows(values_only=True) if r[0]}
    assert rows["Replikationen"][0] == 1
    assert rows["Startwert"] == (7, None, "des Zufallszahlengenerators")
    page = _text((out / "report.html").read_text(encoding="utf-8"))
    assert "Risikozuschlag (bis zum 90-%-Quantil)" in page and "Risikopuffer" not in page
    assert "2013-01 – 2013-01 (1 Monat)" in page


def test_plan_xlsx_in_english_says_one_replication(tmp_path):
    out = tmp_path / "size"
    done = CliRunner().invoke(main, ["size", str(SMALL), "-n", "1", "-j", "1", "-q",
                                     "--start", "2013-01", "--months", "1", "--lang", "en",
                                     "--confidence", "0.9", "--out", str(out)])
    assert done.exit_code == 0, done.output
    plan = openpyxl.load_workbook(out / "plan.xlsx").worksheets[0]
    assert plan["A3"].value == ("Period 2013-01, 1 month; contingency up to each funder's "
                                "90 % quantile; 1 replication, seed 7")


def _ambiguity(replications: int, answer: int, slots: int) -> TooFew:
    check = {"constraint": "land_esf <= 2,000,000", "slots": slots, "metric": "funding_land_esf",
             "quantile_level": 0.9, "interval90": (1.99e6, 2.01e6), "bound": 2e6}
    return TooFew(replications, answer, None, check)


def test_the_size_warning_agrees_with_its_count():
    one = _ambiguity(1, 1, 1)
    assert one.text("en").startswith(
        "1 replication is too few to tell 1 slot from its neighbours (land_esf <= "
        "2,000,000): at 1 slot the 90 % bootstrap interval")
    assert one.text("de").startswith(
        "1 Replikation reicht nicht, um 1 Platz von den Nachbarwerten zu unterscheiden "
        "(land_esf <= 2,000,000): bei 1 Platz enthält")
    many = _ambiguity(20, 45, 45)
    assert many.text("en").startswith("20 replications are too few to tell 45 slots from its")
    assert many.text("de").startswith("20 Replikationen reichen nicht, um 45 Plätze von den "
                                      "Nachbarwerten zu unterscheiden (land_esf <= 2,000,000): "
                                      "bei 45 Plätzen enthält")


def test_a_share_reads_alike_in_the_terminal_the_pages_and_monitoring():
    """One formatter for a share (``amounts.percent``): monitoring.md had its own, which
    wrote an undefined share as "– %", and the terminal one wrote -0.0 %."""
    from finsim.report.amounts import percent

    assert percent(0.2534) == "25.3 %" and percent(0.2534, "de") == "25,3 %"
    assert percent(12.5, "de") == "1.250,0 %"
    assert percent(float("nan"), "de") == percent(None) == "–"
    assert percent(-0.0001) == "0.0 %"


def test_monitoring_follows_lang(tmp_path):
    """monitoring.md was the same file with and without --lang en: German headings with
    English numbers ("9,314,340 EUR", "247.8"), which a German reader takes for decimal
    commas. German is the default: German words and numbers; --lang en: English."""
    files = {}
    for lang in ("de", "en"):
        out = tmp_path / lang
        done = CliRunner().invoke(main, ["run", str(SMALL), "-q", "-n", "2", "--jobs", "1",
                                         "--monitoring", "--lang", lang, "--out", str(out)])
        assert done.exit_code == 0, done.output
        files[lang] = (out / "monitoring.md").read_text(encoding="utf-8")
    result = run(RunSpec(load_scenario(SMALL), 2, 7), jobs=1)  # the file's seed
    total = round(result.metric_mean("cost_total"))
    assert total > 1000
    german = f"{total:,}".replace(",", ".")
    assert f"Gesamtkosten: {german} EUR" in files["de"]
    assert f"Gesamtkosten (total): {total:,} EUR" in files["en"]
    assert "Mittelwerte über 2 Replikationen, 2013-01 – 2014-12 (24 Monate)." in files["de"]
    entries = result.metric_mean("entries")
    assert f"Insgesamt: {entries:.1f}".replace(".", ",") in files["de"]
    assert "| Träger | Plätze | Eintritte |" in files["de"]


def test_the_german_monitoring_page_has_no_english_from_the_code():
    """monitoring.md (and the terminal's tables, printed from it) glossed every cost type
    in English ("Personalausgaben (staff)", now the registry's label) and printed the attributes as the scenario's
    keys ("### sex", "male", "single_parent"). German words for what finsim knows; a
    user's own attribute and value stay as written; English keeps the glosses."""
    scn = load_scenario(SMALL, ['participants.mix.household={"single": 0.5, '
                                '"single_parent": 0.3, "not_stated": 0.2}',
                                'participants.mix.region={"nord": 1.0}'])
    result = run(RunSpec(scn, 2, 7), jobs=1)
    german, english = (monitoring_markdown(result, lang) for lang in ("de", "en"))
    for heading in ("### Geschlecht", "### Alter", "### Haushaltstyp", "### region"):
        assert heading in german.splitlines()
    assert "### Haushalt" not in german.splitlines()  # the budget, in a Kreistag paper
    for value in ("männlich", "weiblich", "alleinstehend", "alleinerziehend",
                  "keine Angabe", "nord", "25-49"):
        assert f"| {value} |" in german
    assert "| Personalausgaben |" in german and "| Jahressonderzahlungen |" in german
    labels = "|".join(re.escape(c.label) for c in COST_CATEGORIES)
    assert not re.search(rf"\(({labels})\)|### (sex|age|household)|\| (male|single_parent) \|",
                         german)
    assert "| Personalausgaben (Staff for guidance, coaching and management) |" in english
    assert "| Löhne der Integrationsbeschäftigten (Wages incl. employer contributions) |" \
        in english
    # the same words in English (it printed "### sex", "| single_parent |", "non_eu")
    for heading in ("### Sex", "### Age", "### Household type", "### region"):
        assert heading in english.splitlines()
    for value in ("male", "female", "single", "single parent", "not stated", "nord", "25-49"):
        assert f"| {value} |" in english
    assert not re.search(r"### (sex|age|household)|\| (single_parent|not_stated) \|", english)


def test_monitoring_names_nationalities_as_the_deck_does():
    """English monitoring.md wrote "non_eu" beside "non_european"; both languages now use
    the deck's words for the row compared with its "Außerhalb EU" ("outside the EU 8" in
    the seed), where German said "Europa ohne EU", a narrower meaning than the deck's."""
    scn = load_scenario(SMALL, ['participants.mix.nationality={"german": 0.6, "eu": 0.1, '
                                '"non_eu": 0.1, "non_european": 0.1, "not_stated": 0.1}',
                                'participants.mix.household={"couple_no_children": 1.0}'])
    result = run(RunSpec(scn, 2, 7), jobs=1)
    english = monitoring_markdown(result, "en")
    lines = english.splitlines()
    at = lines.index("### Nationality")
    assert [line.split(" | ")[0] for line in lines[at + 4:at + 9]] == [
        "| German", "| EU", "| outside the EU", "| outside Europe", "| not stated"]
    lines = monitoring_markdown(result, "de").splitlines()
    at = lines.index("### Staatsangehörigkeit")
    assert [line.split(" | ")[0] for line in lines[at + 4:at + 9]] == [
        "| deutsch", "| EU", "| außerhalb der EU", "| außereuropäisch", "| keine Angabe"]
    assert "| couple without children |" in english


@pytest.mark.parametrize(("lang", "words"), [("de", "in German"), ("en", "in English words")])
def test_the_readme_quotes_monitoring_s_words(lang, words):
    """README's results-folder table quotes the shipped attributes and values of
    monitoring.md, each ``Attribute: value`` a heading ``### Attribute`` with the row
    ``| value |`` of the seed's page: it quoted ``Nationality: Europe outside the EU``,
    where the English page's row is ``outside the EU``."""
    readme = re.sub(r"\s+", " ", (ROOT / "README.md").read_text(encoding="utf-8"))
    quoted = re.search(rf"the shipped attributes and values {words} \(((?:`[^`]+`(?:, )?)+)[;)]",
                       readme)
    assert quoted, words
    pairs = [q.split(": ") for q in re.findall(r"`([^`]+)`", quoted.group(1))]
    assert len(pairs) == {"de": 2, "en": 3}[lang]
    seed = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    page = monitoring_markdown(run(RunSpec(seed, 2, 7), jobs=1), lang)
    lines = page.splitlines()
    for attribute, value in pairs:
        at = lines.index(f"### {attribute}")
        rows = [*itertools.takewhile(lambda line: not line.startswith("#"), lines[at + 1:])]
        assert any(row.startswith(f"| {value} |") for row in rows), (attribute, value)

"""One German term per thing across every German page and workbook: plan.xlsx said
"Wiederholungen" and "Seed" where results.xlsx and the pages say "Replikationen" and
"Startwert"; the size page said "Risikopuffer" where plan.xlsx says "Risikozuschlag";
the occupancy warning said "Belegung" where the key figures say "Auslastung"; the
compare workbook said "BASIS" where the page says "BASE"; and a percentage led a
compound three ways ("90-%-Intervall", "90 %-Quantil", "90%-Quantil")."""

from __future__ import annotations

import re
from html import unescape

import openpyxl
import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.report.html import level_words
from finsim.report.labels import unit

from .conftest import SMALL

OTHER_TERMS = ("Wiederholung", "Seed", "Risikopuffer", "Belegung", "BASIS")
"""The German words that name what the reports call Replikation, Startwert,
Risikozuschlag, Auslastung, BASE."""
LOOSE_COMPOUND = re.compile(r"\d ?%-\w")
"""``90 %-Quantil`` or ``90%-Quantil``: German writes ``90-%-Quantil``."""


def _page_text(path) -> str:
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", page))


def _book_text(path) -> str:
    book = openpyxl.load_workbook(path)
    return " ".join([*book.sheetnames, *(str(c) for sheet in book.worksheets
                                         for row in sheet.iter_rows(values_only=True)
                                         for c in row if isinstance(c, str))])


@pytest.mark.parametrize("command", ["run", "compare", "oat", "size", "calibrate"])
def test_the_german_pages_and_workbooks_use_one_term_per_thing(report_pages, command):
    page = report_pages[command]
    texts = {page.name: _page_text(page)}
    for book in ("results.xlsx", "plan.xlsx"):
        if (page.parent / book).exists():
            texts[book] = _book_text(page.parent / book)
    for name, text in texts.items():
        found = [t for t in OTHER_TERMS if t in text]
        assert not found, (name, found)
        assert not LOOSE_COMPOUND.findall(text), (name, LOOSE_COMPOUND.findall(text)[:3])


def test_the_size_workbook_and_page_say_the_quantile_alike(report_pages):
    folder = report_pages["size"].parent
    page, plan = _page_text(folder / "report.html"), _book_text(folder / "plan.xlsx")
    assert "Risikozuschlag (bis zum 90-%-Quantil)" in page
    assert "Risikozuschlag (90-%-Quantil je Geldgeber)" in plan
    assert "mit 90 % Wahrscheinlichkeit" in page  # a share on its own keeps its space


@pytest.mark.parametrize(("level", "lang", "compound", "text"), [
    (0.9, "de", False, "90 %"), (0.9, "de", True, "90-%"), (0.975, "de", True, "97,5-%"),
    (0.9, "en", True, "90 %"), (0.975, "en", False, "97.5 %"), (1.0, "de", False, "100 %"),
])
def test_a_level_as_a_page_writes_it(level, lang, compound, text):
    assert level_words(level, lang, compound) == text


def test_a_plan_at_97_5_percent_says_so(tmp_path):
    """plan.xlsx wrote its quantile with ``{q:.0%}``: 0.975 became "98%-Quantil"."""
    out = tmp_path / "size"
    done = CliRunner().invoke(main, ["size", str(SMALL), "-n", "2", "-j", "1", "-q",
                                     "--start", "2013-01", "--months", "12",
                                     "--confidence", "0.975", "--out", str(out)])
    assert done.exit_code == 0, done.output
    plan = _book_text(out / "plan.xlsx")
    assert "Risikozuschlag (97,5-%-Quantil je Geldgeber)" in plan
    assert "98%" not in plan and "98-%" not in plan
    assert "Risikozuschlag (bis zum 97,5-%-Quantil)" in _page_text(out / "report.html")


def test_the_compare_workbook_says_base_as_the_page_does(report_pages):
    folder = report_pages["compare"].parent
    book = _book_text(folder / "results.xlsx")
    assert "Differenz zu BASE (gepaart)" in book
    assert "gepaarte Differenz zu BASE" in _page_text(folder / "report.html")


def test_the_size_page_s_contingency_note_names_who_gets_a_contingency(report_pages):
    """The note read "Jeder Geldgeber, der Eigenanteil und die Lücke erhalten ...": a
    German reader takes "der Eigenanteil ..." for a relative clause ("each funder who
    receives the own contribution and the gap")."""
    page = _page_text(report_pages["size"])
    assert ("Jeder Geldgeber sowie der Eigenanteil und die Finanzierungslücke erhalten je "
            "einen Zuschlag bis zu ihrem eigenen 90-%-Quantil") in page
    assert "Jeder Geldgeber, der Eigenanteil" not in page


def test_the_coverage_row_says_the_shares_cover_the_cost(report_pages):
    """The row read "Anteil der Replikationen, deren Jahresausgaben die Summe aller
    Finanzierungsanteile deckt": in subject-first order the expenditure covers the
    funding, the inverse of what is counted."""
    folder = report_pages["size"].parent
    row = ("Anteil der Replikationen, in denen die Summe aller Finanzierungsanteile die "
           "Jahresausgaben deckt")
    for text in (_page_text(folder / "report.html"), _book_text(folder / "plan.xlsx")):
        assert row in text
        assert "deren Jahresausgaben" not in text


STAFF_WITHOUT_BETREUUNG = re.compile(r"Anleitung(?!/Betreuung| und Betreuung|, Betreuung)")
""""Anleitung" alone: under §16i the Jobcenter funds the Betreuung, not the employer's
Anleitung, so a staff unit of "VZÄ Anleitung" reads as if it paid for the latter."""


def test_the_plan_names_the_staff_line_anleitung_und_betreuung(report_pages):
    """Mengengerüst said "€ je VZÄ-Monat Anleitung", "Anleitungskräfte" and
    "Personalkosten Anleitung/Leitung" beside the cost line "Personalkosten Anleitung,
    Betreuung, Leitung"; one term for the whole line now (Annahmen aside, its own test)."""
    book = openpyxl.load_workbook(report_pages["size"].parent / "plan.xlsx")
    cells = [c for name in ("Finanzierungsplan", "Mengengerüst", "Fiskalbilanz")
             for row in book[name].iter_rows(values_only=True)
             for c in row if isinstance(c, str)]
    assert not [c for c in cells if STAFF_WITHOUT_BETREUUNG.search(c)]
    for label in ("€ je VZÄ-Monat Anleitung/Betreuung (Leitung anteilig)",
                  "Fachkräfte für Anleitung und Betreuung im Jahresdurchschnitt",
                  "Teilnehmermonate / Teilnehmende je VZÄ Anleitung/Betreuung, je Träger",
                  "Gemeinkostensatz auf die Personalkosten Anleitung, Betreuung, Leitung"):
        assert label in cells
    assert unit("costs.staff.participants_per_coach", "de") == "Personen/VZÄ"


def test_booked_costs_are_by_kostenart_as_every_other_german_table():
    """The booked costs' lines said "(Monat, Träger, Kategorie)" and "Kategorien" where
    every other German output says "Kostenart" (the line itself: test_actuals)."""
    from finsim.report.plan_book import words

    assert words("de")["booked_note"] == ("ersetzen die berechneten Kosten ihrer Monate, "
                                          "Träger und Kostenarten")

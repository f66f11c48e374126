"""The pages of compare, sensitivity, calibrate and size, as a screen reader meets them:
each chart an image with a name and a caption in the page's language, each table with a
caption and scoped heads, a chart whose data the page has nowhere else also a table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsim.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
SPELLS = ROOT / "scenarios" / "aktiv-statt-passiv-2013-spells-example.csv"
PARAMS = ("--param", "costs.wages.hourly=*0.9:1.1",
          "--param", "employment.hazards.placement=*0.8:1.2")


def _invoke(*args: str | Path) -> None:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output


def _names(page: str) -> list[str]:
    return re.findall(r'<svg role="img" aria-label="([^"]*)"', page)


def _captions(page: str) -> list[str]:
    return re.findall(r"<figcaption>(.*?)</figcaption>", page)


def _tables_are_walkable(page: str) -> list[str]:
    """Every table's caption, after checking that it has one and that its heads are
    scoped: the column heads ``col``, each row's label ``row``."""
    tables = re.findall(r"<table>.*?</table>", page, flags=re.S)
    assert tables
    for one in tables:
        assert one.startswith("<table><caption"), one[:80]
        assert "<th>" not in one
        assert one.count("<tr>") == one.count("<th scope='row'>") + 1
    assert page.count("<figure>") == len(_names(page)) == len(_captions(page))
    return [re.search(r"<caption[^>]*>(.*?)</caption>", t).group(1) for t in tables]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """Each command's page of the seed, in German and (``-en``) English."""
    root = tmp_path_factory.mktemp("captions")
    variant = root / "variant.yaml"  # the seed with a --set's worth of change
    variant.write_text(f"base: {SEED}\nname: Seed, more material\n"
                       "costs: {material: {per_slot_month: 80}}\n")
    out = {}
    for lang in ("de", "en"):
        end = "" if lang == "de" else "-en"
        _invoke("compare", SEED, variant, "-q", "-n", "20", "-j", "1", "--lang", lang,
                "--out", root / f"compare{end}")
        _invoke("sensitivity", SEED, "-q", "-n", "8", "-j", "1", *PARAMS, "--metric",
                "cost_total", "--metric", "exits_placement", "--lang", lang,
                "--out", root / f"oat{end}")
        _invoke("calibrate", SPELLS, "--scenario", SEED, "--as-of", "2015-01-01", "-q",
                "--lang", lang, "--out", root / f"fit{end}" / "calibrated.yaml")
        out[f"compare{end}"] = (root / f"compare{end}" / "report.html").read_text("utf-8")
        out[f"oat{end}"] = (root / f"oat{end}" / "report.html").read_text("utf-8")
        out[f"calibrate{end}"] = (root / f"fit{end}" / "calibrated-report.html").read_text(
            "utf-8")
    _invoke("size", SEED, "-q", "-n", "8", "-j", "1", "--start", "2013-01", "--months", "24",
            "--confidence", "0.9", "--cap", "land_esf=3000000", "--out", root / "size")
    out["size"] = (root / "size" / "report.html").read_text("utf-8")
    return out


def test_compare_names_and_captions_its_charts(pages):
    """The funders' bars and the flows were bare SVG: each now says what it draws and its
    figures (each scenario's total, its participants at the end) in words."""
    page = pages["compare"]
    assert _names(page) == ["Kosten nach Geldgeber je Szenario",
                            "Verläufe je Monat (Mittelwert, Band: 5.–95. Perzentil)"]
    assert _captions(page) == [
        "Gestapelte Balken, einer je Szenario (Mittelwert, Mio. EUR): die Kosten nach "
        "Geldgeber, wie in der Tabelle der Kennzahlen. Summe je Szenario: BASE: Aktiv statt "
        "passiv! Dortmund 2013-2014: 9,28 Mio. EUR; Seed, more material: 9,40 Mio. EUR.",
        "Vier Liniendiagramme über die Monate Januar 2013 bis Dezember 2014: Teilnehmende, "
        "Warteliste, Eintritte und Austritte in Arbeit; je Szenario eine Linie (Mittelwert) "
        "und ein Band (5.–95. Perzentil). Teilnehmende am Ende des Zeitraums im Mittel: BASE: Aktiv statt "
        "passiv! Dortmund 2013-2014: 134,2; Seed, more material: 134,2."]
    english = pages["compare-en"]
    assert _names(english) == ["Cost by funder per scenario",
                               "Flows by month (mean; band: 5th-95th percentile)"]
    assert _captions(english)[0] == (
        "Stacked bars, one per scenario (mean, EUR million): the cost by funder, as in the "
        "table of key figures. Total per scenario: BASE: Aktiv statt passiv! Dortmund "
        "2013-2014: 9.28 EUR million; Seed, more material: 9.40 EUR million.")


def test_compare_tables_are_captioned_and_scoped(pages):
    page = pages["compare"]
    assert _tables_are_walkable(page) == [
        "Szenarien", "Kennzahlen: Mittelwert [90-%-Intervall]; Alternativen: Δ = gepaarte "
        "Differenz zu BASE [90-%-Intervall]", *["Kosten und Finanzierung je Jahr und "
                                                "Geldgeber (Mittelwert, EUR, dem Jahr "
                                                "zugerechnet, in dem die Kosten "
                                                "entstehen)"] * 2]
    assert page.count("<p class='note'>Die Zahlen eines Jahres sind die in ihm entstehenden "
                      "Kosten, gleich wann sie gezahlt werden; das Geld nach Zahlungsmonat: "
                      "die Liquidität (cashflow.csv von finsim run).</p>") == 1
    assert ("<tr><th scope='col'></th><th scope='col'>BASE: Aktiv statt passiv! Dortmund "
            "2013-2014</th><th scope='col'>Seed, more material</th></tr>") in page
    assert "<th scope='row'>Gesamtkosten (EUR)</th><td>" in page
    _tables_are_walkable(pages["compare-en"])


def test_sensitivity_names_each_tornado_and_its_top_bar(pages):
    """A tornado's caption says what its bars span and which assumption moves the
    metric most, by how much at each end from the base (what its bars draw)."""
    page = pages["oat"]
    assert _names(page)[:2] == ["Gesamtkosten: Wirkung der Annahmen (oat)",
                                "Vermittlungen in Arbeit: Wirkung der Annahmen (oat)"]
    assert _captions(page)[:2] == [
        "Balkendiagramm, eine Zeile je Annahme, die größte Wirkung oben: Balken vom "
        "Basiswert 9.224.223 EUR zur Kennzahl am unteren und am oberen Wert der Annahme, wie "
        "in der Tabelle darunter. Größte Wirkung: wages.hourly ×0,9–1,1 (gegenüber dem Basiswert "
        "-674.389 EUR am unteren Wert, +674.389 EUR am oberen Wert).",
        "Balkendiagramm, eine Zeile je Annahme, die größte Wirkung oben: Balken vom "
        "Basiswert 16,0 zur Kennzahl am unteren und am oberen Wert der Annahme, wie in der "
        "Tabelle darunter. Größte Wirkung: hazards.placement ×0,8–1,2 (gegenüber dem Basiswert "
        "-3,9 am unteren Wert, +1,8 am oberen Wert)."]
    assert "<th scope='row'>wages.hourly ×0,9–1,1</th><td>" in page
    assert "<td>1.348.778</td>" in page  # the swing, in the table
    english = pages["oat-en"]
    assert _names(english)[0] == "Total cost: influence of the assumptions (oat)"
    assert _captions(english)[0] == (
        "Bar chart, a row per assumption, the largest influence on top: bars from the base "
        "value 9,224,223 EUR to the metric at the assumption&#x27;s low and high value, as in "
        "the table below. Largest effect: wages.hourly ×0.9–1.1 (from the base: -674,389 EUR "
        "at low, +674,389 EUR at high).")


def test_sensitivity_tables_are_captioned_and_scoped(pages):
    assert _tables_are_walkable(pages["oat"])[:3] == [
        "Annahmen und ihre Bereiche", "Gesamtkosten: Wirkung der Annahmen (oat)",
        "Vermittlungen in Arbeit: Wirkung der Annahmen (oat)"]
    assert _tables_are_walkable(pages["oat-en"])[0] == "Assumptions and their ranges"


def test_calibrate_names_its_chart_and_tables_its_curves(pages):
    """The incidence chart's curves were on the page nowhere else: it is captioned with
    where they end, and folded under it a table of them by whole month."""
    page = pages["calibrate"]
    assert _names(page) == ["Kumulierte Inzidenz je Austrittsgrund nach Monaten seit Eintritt"]
    assert _captions(page) == [
        "Liniendiagramm über die Monate seit Eintritt (0 bis 24): je Austrittsgrund die "
        "kumulierte Inzidenz, beobachtet (Stufen, Aalen-Johansen) und angepasst (gestrichelt, "
        "konstante Rate). Nach 24 Monaten: Vermittlung beobachtet 0,13, angepasst 0,12; "
        "Abbruch beobachtet 0,07, angepasst 0,07."]
    assert _tables_are_walkable(page) == [
        "Geschätzte Raten (90-%-Intervall)",
        "Kumulierte Inzidenz nach Monaten seit Eintritt, beobachtet und angepasst",
        "Austritte nach Verweildauer: beobachtet und erwartet"]
    folded = page[page.index("<details>"):page.index("</details>")]
    assert "<summary>Tabelle: kumulierte Inzidenz nach Monaten seit Eintritt</summary>" in folded
    assert ("<tr><th scope='col'>Monate seit Eintritt</th><th scope='col'>Vermittlung: "
            "beobachtet</th><th scope='col'>Vermittlung: angepasst</th><th scope='col'>"
            "Abbruch: beobachtet</th><th scope='col'>Abbruch: angepasst</th></tr>") in folded
    assert ("<tr><th scope='row'>12</th><td>0,064</td><td>0,066</td><td>0,047</td>"
            "<td>0,039</td></tr>") in folded
    rows = re.findall(r"<tr><th scope='row'>(\d+)</th>(.*?)</tr>", folded)
    assert [int(m) for m, _ in rows] == list(range(25))
    last = re.findall(r"<td>([\d,]+)</td>", rows[-1][1])  # the caption's figures, rounded
    assert [f"{float(v.replace(',', '.')):.2f}".replace(".", ",") for v in last] == \
        ["0,13", "0,12", "0,07", "0,07"]
    english = pages["calibrate-en"]
    assert _captions(english) == [
        "Line chart over the months since entry (0 to 24): per exit reason the cumulative "
        "incidence, observed (steps, Aalen-Johansen) and fitted (dashed, constant hazard). "
        "After 24 months: placement observed 0.13, fitted 0.12; dropout observed 0.07, "
        "fitted 0.07."]
    assert "<summary>Table: cumulative incidence by months since entry</summary>" in english
    _tables_are_walkable(english)


def test_size_tables_are_captioned_and_scoped(pages):
    """size's own chart (the cash balance) was captioned with the run page's; its own
    tables (search, request, transfer, credit line) now have captions and scoped heads."""
    page = pages["size"]
    assert _tables_are_walkable(page)[:4] == [
        "Ergebnis der Suche", "Antrag je Geldgeber und Jahr (EUR)",
        "Davon Passiv-Aktiv-Transfer (Erwartungswert, EUR)",
        "Kreditlinie je Träger (Vorfinanzierung, EUR)"]
    assert _names(page)[0] == "Kassenstand des Programms am Monatsende"
    assert "<th scope='row'><b>alle Träger zusammen</b></th>" in page

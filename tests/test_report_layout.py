"""The report pages' layout: wide tables fit the window and the printed page.

The §16i PAT file's year x funder table (five funders with long names, a gap and a total
column) ran past a 1100 px window and past the printed page, which cut its totals to
"6.9" (7.016.689). The structure is checked always; the rendering in headless Chromium
(and its PDF read with ``pdftotext``) where they are installed, skipped otherwise.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.report.htmlpage import STYLE, page, table

from .test_report_browser import CHROMIUM, chromium

ROOT = Path(__file__).resolve().parent.parent
PAT = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-pat.yaml"
PDFTOTEXT = shutil.which("pdftotext")


def test_every_table_sits_in_a_box_that_scrolls_and_print_fits_the_page():
    """A table is wrapped in ``.wide`` (``overflow-x:auto`` on screen), its column heads
    wrap; printed, the body takes the page's width and the table a smaller font, and the
    box does not clip (paper cannot scroll)."""
    made = table("Kosten", ["Jahr", "Stadt Dortmund", "Summe"], [("2026", ["1", "2"])])
    assert made.startswith("<div class='wide'><table><caption class='hidden'>Kosten</caption>")
    assert made.endswith("</table></div>")
    assert ".wide{overflow-x:auto;max-width:100%}" in STYLE
    assert "th[scope=col]{font-size:.85rem;vertical-align:bottom;hyphens:auto}" in STYLE
    printed = STYLE[STYLE.index("@media print{"):]
    for rule in ("body{max-width:none;margin:0;padding:0}", ".wide{overflow:visible}",
                 "table{font-size:.75rem}", "td,th{padding:.1rem .3rem}"):
        assert rule in printed, rule
    assert STYLE in page("T", [made], "de")


@pytest.fixture(scope="module")
def pat_page(tmp_path_factory) -> Path:
    """The §16i PAT run's page (German), four replications."""
    out = tmp_path_factory.mktemp("pat") / "run"
    done = CliRunner().invoke(main, ["run", str(PAT), "-q", "-n", "4", "--jobs", "1",
                                     "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out / "report.html"


def year_rows(text: str) -> list[tuple[str, str]]:
    """(row label, its total as the page shows it) of the year x funder table."""
    money = re.search(r"<caption class='hidden'>Kosten und Finanzierung je Jahr.*?</table>",
                      text, re.S).group(0)
    rows = re.findall(r"<th scope='row'>(?:<b>)?([^<]+)(?:</b>)?</th>.*?<td><b>([\d.]+)</b></td></tr>",
                      money)
    assert [label for label, _ in rows] == ["2026", "2027", "2028", "2029", "2030", "Summe"]
    return rows


needs_browser = pytest.mark.skipif(
    CHROMIUM is None or PDFTOTEXT is None,
    reason="chromium and pdftotext (Debian: chromium, poppler-utils) are needed to render "
           "and print the page; skipped")


@needs_browser
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_printed_year_table_keeps_its_totals(pat_page, tmp_path, paper):
    """Printed on A4 and Letter, each year's line of the table ends with its whole total
    (it printed "6.9" for 6.924.435), and so does the Summe line."""
    text = pat_page.read_text(encoding="utf-8")
    sized = tmp_path / "page.html"
    sized.write_text(text.replace("</style>", f"@page{{size:{paper}}}</style>", 1),
                     encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    done = chromium(tmp_path / "profile", f"--print-to-pdf={pdf}", sized.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    lines = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    for label, total in year_rows(text):
        assert any(re.fullmatch(rf"\s*{label}\s.*\s{re.escape(total)}", line)
                   for line in lines), (label, total, [ln for ln in lines if label in ln])


MEASURE = ("<script>document.body.dataset.fit=[...document.querySelectorAll('.wide')]"
           ".map(b=>b.firstChild.scrollWidth<=b.clientWidth).join(' ')+' '+"
           "(document.documentElement.scrollWidth<=document.documentElement.clientWidth)"
           "</script></body>")


@needs_browser
def test_on_a_1100_px_screen_the_tables_fit(pat_page, tmp_path):
    """At 1100 px the year x funder table ran 160 px past the window; now every table
    fits its box and the page does not scroll sideways."""
    probe = tmp_path / "page.html"
    probe.write_text(pat_page.read_text(encoding="utf-8").replace("</body>", MEASURE, 1),
                     encoding="utf-8")
    done = chromium(tmp_path / "profile", "--window-size=1100,2000", "--dump-dom",
                    probe.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    fit = re.search(r'data-fit="([^"]*)"', done.stdout).group(1).split()
    assert fit == ["true"] * 4  # three tables and the page


HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>(?=(.{0,40}))", re.S)


def outline(text: str) -> list[tuple[int, str, bool]]:
    """(level, heading, empty): empty where the next heading follows with nothing between
    and is not below it."""
    found = [(int(m.group(1)), m.group(2), m.start(), m.end()) for m in HEADING.finditer(text)]
    return [(level, name, i + 1 < len(found) and found[i + 1][2] == end
             and found[i + 1][0] <= level)
            for i, (level, name, _, end) in enumerate(found)]


@pytest.mark.parametrize("command, base", [
    ("size", "Der Lauf, aus dem der Plan stammt"),
    ("oat", "Der Basispunkt als Lauf (Szenario mit seinen eigenen Werten, ohne "
                "Unsicherheitsziehungen)"),
    ("sobol", "The base point as a run (the scenario with its own values, no draws)")])
def test_the_underlying_run_nests_its_sections_under_its_heading(report_pages, command, base):
    """size's and sensitivity's h2 for the run they rest on was empty, its sections
    following as sibling h2s; now they are its h3s, and no heading of any page is empty."""
    text = report_pages[command].read_text(encoding="utf-8")
    heads = outline(text)
    at = [name for _, name, _ in heads].index(base)
    key = "Kennzahlen" if command != "sobol" else "Key figures"
    assert heads[at][0] == 2 and heads[at + 1][0] == 3 and heads[at + 1][1].startswith(key)
    assert [level for level, _, _ in heads[at + 1:]] == [3, 3, 3]
    assert not [name for _, name, empty in heads if empty]


def test_no_other_page_has_an_empty_heading(report_pages):
    """The run, compare and calibrate pages: every heading has something under it."""
    for command in ("run", "compare", "calibrate"):
        heads = outline(report_pages[command].read_text(encoding="utf-8"))
        assert heads and not [name for _, name, empty in heads if empty], command


def test_size_names_its_providers_as_the_run_page_does(report_pages):
    """size's credit-line table said "alpha" and "beta" (credit.csv's ids) where the run
    page and cashflow.png say "Alpha e.V." and "Beta gGmbH"; credit.csv keeps the ids."""
    folder = report_pages["size"].parent
    text = report_pages["size"].read_text(encoding="utf-8")
    credit = re.search(r"<caption class='hidden'>Kreditlinie je Träger.*?</table>", text,
                       re.S).group(0)
    rows = re.findall(r"<th scope='row'>(?:<b>)?([^<]+)", credit)
    assert rows == ["Alpha e.V.", "Beta gGmbH", "alle Träger zusammen"]
    assert (folder / "credit.csv").read_text().splitlines()[1].startswith("alpha,")


def test_size_s_terminal_line_names_the_providers():
    """The terminal's credit line by name, as the page; credit.csv's ids without names."""
    import pandas as pd

    from finsim.report.cashflow import credit_line

    credit = pd.DataFrame({"provider": ["caritas", "x", "all"],
                           "peak_prefinancing_mean": [1.0, 2.0, 3.0],
                           "quantile_level": 0.9, "credit_line": [212_774.2, 5.0, 1_434_619.0],
                           "months_negative_mean": [1.0, 1.0, 1.0]})
    names = {"caritas": "Caritasverband Dortmund"}
    assert credit_line(credit, names) == (
        "Credit line needed at 90% confidence (EUR): Caritasverband Dortmund 212,774, x 5; "
        "all providers' cash pooled 1,434,619")

"""The numbers on the report pages' charts are written as the page's language writes
numbers (de: 0,5 and 20.000; en: 0.5 and 20,000), with the decimals the ticks need;
matplotlib's default formatter wrote 0.5 on a German page. A panel with nothing above
its floor (a program that employs nobody) reads 0 to 1, not 0.00 to 0.05."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from finsim.cli import main
from finsim.report.charts import from_floor
from finsim.report.ticks import InLanguage, decimals

from .conftest import SMALL

NUMBER = {"de": re.compile(r"-?\d{1,3}(\.\d{3})*(,\d+)?"),
          "en": re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?")}
"""A number as each language writes it."""
NUMERIC = re.compile(r"-?[\d.,]*\d")
"""A text that is a number in one language or the other (or a year)."""
YEAR = re.compile(r"\d{4}")
"""A year, as a label (2013): in German a number that size would read 2.013."""
TINY = ["--set", "providers.alpha.slots=2", "--set", "providers.beta.slots={2013-01: 1}",
        "--set", "participants.referrals_per_month={2013-01: 1}"]
"""The small program with three slots: about one entry a month, ticks half a person apart."""


def _chart_numbers(page: Path) -> tuple[str, list[str]]:
    """The page's language and every text of its inline charts that is a number."""
    text = page.read_text(encoding="utf-8")
    lang = re.search(r"<html lang='(\w+)'", text).group(1)
    texts = [html.unescape(t) for svg in re.findall(r"<svg\b.*?</svg>", text, re.S)
             for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return lang, [t for t in texts if NUMERIC.fullmatch(t)]


def _badly_written(lang: str, numbers: list[str]) -> list[str]:
    return [t for t in numbers if not (NUMBER[lang].fullmatch(t) or YEAR.fullmatch(t))]


@pytest.mark.parametrize(("lang", "values", "labels"), [
    ("de", [0.0, 0.5, 1.0, 1.5], ["0,0", "0,5", "1,0", "1,5"]),
    ("en", [0.0, 0.5, 1.0, 1.5], ["0.0", "0.5", "1.0", "1.5"]),
    ("de", [0.0, 20_000.0, 40_000.0], ["0", "20.000", "40.000"]),
    ("en", [-1.0, -0.0, 1.0], ["-1", "0", "1"]),
    ("de", [0.0, 0.1, 0.2, 0.30000000000000004], ["0,0", "0,1", "0,2", "0,3"]),
    ("de", [0.0, 0.025, 0.05], ["0,000", "0,025", "0,050"]),
])
def test_tick_labels_in_the_language_with_the_decimals_they_need(
        lang: str, values: list[float], labels: list[str]) -> None:
    assert InLanguage(lang).format_ticks(values) == labels


def test_decimals_are_the_fewest_that_write_every_tick() -> None:
    assert decimals([0.0, 5.0, 10.0]) == 0
    assert decimals([0.0, 2.5, 5.0]) == 1
    assert decimals([1.25e-7]) == 6  # at most six


def test_a_flat_panel_reads_one_unit_up_from_its_floor() -> None:
    ax = Figure().add_subplot()
    ax.plot([0, 1, 2], [0.0, 0.0, 0.0])
    from_floor(ax, 0)
    assert ax.get_ylim() == (0.0, 1.0)
    ax = Figure().add_subplot()
    ax.plot([0, 1, 2], [0.0, 3.0, 1.0])
    from_floor(ax, 0)
    assert ax.get_ylim() == (0.0, 3.15)  # as autoscaled (5 % margin) from 0


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_small_programs_flows_read_in_the_pages_language(tmp_path: Path, lang: str) -> None:
    done = CliRunner().invoke(main, ["run", str(SMALL), *TINY, "-q", "-n", "6", "-j", "1",
                                     "--lang", lang, "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    page_lang, numbers = _chart_numbers(tmp_path / "out" / "report.html")
    assert page_lang == lang
    assert _badly_written(lang, numbers) == []
    half = {"de": "0,5", "en": "0.5"}[lang]
    assert half in numbers  # entries per month, ticks half a person apart


@pytest.mark.parametrize("command", ["run", "compare", "oat", "sobol", "size", "calibrate"])
def test_every_pages_chart_numbers_read_in_its_language(report_pages, command: str) -> None:
    lang, numbers = _chart_numbers(report_pages[command])
    assert numbers  # each page has charts with numbers
    assert _badly_written(lang, numbers) == []


def test_a_value_that_rounds_to_zero_from_below_is_written_0():
    """The compare page wrote an interval's -0.02 EUR as [-0 – +91.696]."""
    from finsim.report.amounts import number

    assert [number(v, "de") for v in (-0.02, -0.49, -0.5001, 0.0, -0.0)] == [
        "0", "0", "-1", "0", "0"]
    assert [number(v, "en", 2) for v in (-0.004, -0.005001, -1234.5)] == [
        "0.00", "-0.01", "-1,234.50"]

"""The workbooks' layout as a spreadsheet program shows it (``report.excel``): cell types,
fonts, number formats, column widths and frozen panes, read back with openpyxl, and the
same bytes whenever they are written."""

from __future__ import annotations

import time
import zipfile

import openpyxl
import pytest

from finsim.montecarlo import RunSpec, run
from finsim.report.excel import EUR, TITLE, Book, Formula, Rows
from finsim.report.plan import plan_table
from finsim.report.plan_book import write_plan
from finsim.report.results_book import write_results


def _sample(path) -> None:
    book = Book(path)
    rows = Rows(book, book.sheet("Blatt"))
    rows.add(["Titel"], font=TITLE)
    rows.add(["=1+1", "", 2, 2.5, None, Formula("=C2+D2")], EUR, bold=True)
    rows.blank()
    rows.add(["@SUM(A1)", 7], EUR)
    rows.put(4, 4, None, EUR)
    rows.width(1, 58)
    rows.width(2, 4)
    rows.freeze("B2")
    book.close()


def test_cells_fonts_formats_widths_and_pane(tmp_path):
    _sample(tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert book.sheetnames == ["Blatt"]
    sheet = book["Blatt"]
    title = sheet["A1"]
    assert (title.value, title.data_type, title.font.b, title.font.sz) == ("Titel", "s", True, 14)
    # text that looks like a formula is text, without the number format; the font holds
    text = sheet["A2"]
    assert (text.value, text.data_type, text.number_format, text.font.b) == \
        ("=1+1", "s", "General", True)
    assert sheet["B2"].value is None and sheet["B2"].font.b  # an empty text: a bold blank
    assert (sheet["C2"].value, sheet["C2"].number_format) == (2, EUR)
    assert (sheet["D2"].value, sheet["D2"].number_format) == (2.5, EUR)
    assert sheet["E2"].value is None and not sheet["E2"].has_style  # None: no cell
    formula = sheet["F2"]
    assert (formula.value, formula.data_type, formula.number_format, formula.font.b) == \
        ("=C2+D2", "f", EUR, True)
    assert sheet["A3"].value is None
    assert (sheet["A4"].value, sheet["A4"].data_type, sheet["A4"].font.b) == \
        ("@SUM(A1)", "s", False)
    assert (sheet["B4"].value, sheet["B4"].number_format) == (7, EUR)
    assert sheet["D4"].value is None and sheet["D4"].number_format == EUR
    widths = sheet.column_dimensions
    assert (widths["A"].width, widths["B"].width) == (58, 4)
    assert sheet.freeze_panes == "B2"
    props = book.properties
    assert (props.creator, props.lastModifiedBy) == ("finsim", "finsim")
    assert props.created.year == props.modified.year == 2000
    assert book.calculation.fullCalcOnLoad


def test_the_same_bytes_whenever_written(tmp_path):
    """Fixed document times (above) and zip entry times: the bytes depend on the content."""
    _sample(tmp_path / "a.xlsx")
    time.sleep(2.1)  # zip and document times have a resolution of two and one seconds
    _sample(tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {e.date_time for e in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_value_without_a_cell_type_is_refused(tmp_path):
    book = Book(tmp_path / "x.xlsx")
    with pytest.raises(TypeError, match="no cell for dict"):
        Rows(book, book.sheet("S")).add([{"a": 1}])


@pytest.fixture(scope="module")
def small_result():
    from finsim.scenario import load_scenario

    from .conftest import SMALL
    return run(RunSpec(load_scenario(SMALL), 6, 3), jobs=1)


def test_plan_layout(small_result, tmp_path):
    """plan.xlsx as a reader finds it: widths, frozen headings, bold sums, share column."""
    path = tmp_path / "plan.xlsx"
    write_plan(path, small_result, plan_table(small_result, 0.9), 0.9)
    book = openpyxl.load_workbook(path)
    plan, basis, fiscal, assumptions = book.worksheets
    assert [plan.freeze_panes, basis.freeze_panes, fiscal.freeze_panes,
            assumptions.freeze_panes] == ["C6", "C5", None, "A4"]
    years = len({c.value for c in plan[5][2:] if c.value and c.value.isdigit()})
    share = openpyxl.utils.get_column_letter(3 + years + 1)
    # A and B as wide as their longest label beside a filled cell, at most 72: the
    # coverage row's label (96 characters) wraps in A, the surcharge's Berechnung (58)
    assert {k: plan.column_dimensions[k].width for k in ("A", "B", "C", share)} == \
        {"A": 72, "B": 60, "C": 18, share: 10}
    assert [assumptions.column_dimensions[k].width for k in "ABCD"] == [55, 67, 52, 90]
    assert plan["A1"].font.b and plan["A1"].font.sz == 14
    rows = {r[0].value: r for r in plan.iter_rows() if isinstance(r[0].value, str)}
    total = rows["Summe Finanzierung (Erwartungswert)"]
    assert total[0].font.b and total[2].font.b and total[2].data_type == "f"
    assert total[-1].value.startswith("=IF(") and total[-1].number_format == "0.00 %"
    assert total[-1].font.b
    funder = next(r for label, r in rows.items() if label.startswith("2.1 "))
    assert funder[-1].number_format == "0.00 %" and not funder[-1].font.b


def test_english_results_name_categories_as_the_german_plan_lines_do(small_result, tmp_path):
    """"Wages" read as gross pay to an auditor, though the amount holds the employer's
    contributions (22 % more); the heading row is tall enough for the longest label in
    its 22-character column (three lines)."""
    path = tmp_path / "results.xlsx"
    write_results(path, small_result, "en")
    by_year = openpyxl.load_workbook(path).worksheets[1]
    head = next(r for r in by_year.iter_rows() if r[1].value == "Wages incl. employer "
                                                                 "contributions")
    assert [c.value for c in head[1:7]] == [
        "Wages incl. employer contributions", "Staff for guidance, coaching and management",
        "Material", "Qualification", "Overhead",
        "One-off payments incl. employer contributions"]
    assert by_year.row_dimensions[head[0].row].height == 3 * 15
    summary = {r[0]: r for r in openpyxl.load_workbook(path).worksheets[0]
               .iter_rows(values_only=True)}
    assert "Cost: One-off payments incl. employer contributions" in summary


def test_results_layout(small_result, tmp_path):
    from finsim.report.tables import run_warnings

    path = tmp_path / "results.xlsx"
    write_results(path, small_result, "en")
    book = openpyxl.load_workbook(path)
    summary, by_year, by_provider, _ = book.worksheets
    assert [summary.column_dimensions[k].width for k in "ABGH"] == [58, 18, 36, 34]
    assert by_year.column_dimensions["A"].width == 14
    assert by_provider.column_dimensions["A"].width == 34
    # a line above the figures says how many warnings there are (6 replications: the
    # intervals' warning); the warnings themselves under their heading below the
    # figures, as report.html lists them; only the column heads are frozen
    warned = run_warnings(small_result, "en")
    assert len(warned) == 1 and [summary.cell(4 + k, 1).value for k in range(2)] == [
        "Warnings: 1 below the figures", None]
    assert summary["A4"].font.b
    last = summary.max_row
    assert [summary.cell(last - 2 + k, 1).value for k in range(3)] == [
        None, "Warnings", *warned]
    assert summary.cell(last - 1, 1).font.b and summary.cell(last, 1).font.b
    assert summary.cell(last - 3, 1).value.startswith("Interval: ")
    at = 6  # the column heads
    # the heads and labels stay in view (Träger: two head rows, its metrics and stats;
    # Fiscal balance: its lines' names and its years, under the head and its two notes)
    assert [s.freeze_panes for s in book.worksheets] == ["B7", "B1", "B6", "C8"]
    fiscal = book.worksheets[3]
    assert [fiscal["A7"].value, fiscal["C7"].value] == ["Budget / line", "2013"]
    head = [c for c in summary[at] if c.value is not None]
    assert [c.value for c in head][:2] == ["Figure", "Mean"]
    assert all(c.font.b for c in head)
    assert summary["A1"].font.b and summary["A1"].font.sz == 14


def test_a_column_fits_its_texts_beside_filled_cells_only(tmp_path):
    """A title alone in its row runs on over the empty cells beside it and sets no width;
    a label beside a number, or beside a cell written before it, is read whole."""
    book = Book(tmp_path / "x.xlsx")
    rows = Rows(book, book.sheet("S"))
    rows.add(["A title far longer than any label of the sheet, alone in its row"])
    rows.add(["twelve chars", 1.0])
    rows.add(["a note", "", None])  # empty neighbours: it runs on
    rows.put(5, 2, 3.0)
    rows.put(5, 1, "a label of 21 letters")  # its neighbour written first
    assert rows.fitted(1, 10) == 21 + 2
    assert rows.fitted(1, 30) == 30
    assert rows.fitted(2, 4) == 4
    rows.add([None, None, "x" * 300, 1.0])  # a long name from a scenario
    assert rows.fitted(3, 8) == 72  # the widest a label column grows
    assert rows.fitted(3, 90) == 90  # a wider floor stands
    book.close()


def test_a_label_longer_than_its_column_wraps_in_a_row_tall_enough(tmp_path):
    """A label wider than ``LABEL_WIDEST`` made its column as wide (98 characters for
    the plan's coverage row): the column stops at 72 and the label wraps in it, broken
    between words into lines of at most 70 characters, its row 15 points a line (a row
    keeps one line's height in a file that states none); a label that fits, a title
    alone in its row and the numbers keep their format and height."""
    book = Book(tmp_path / "x.xlsx")
    rows = Rows(book, book.sheet("S"))
    long = " ".join(["word"] * 30)  # 149 characters: 14 words a line (69), 14, 2
    rows.add(["A title far longer than any label of the sheet, " * 3])
    rows.add([long, 1.0], bold=True)
    rows.add(["a label that fits", 2.0])
    rows.fit_labels(1, 20)
    rows.fit_labels(2, 10)
    book.close()
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["S"]
    assert sheet.column_dimensions["A"].width == 72
    assert (sheet["A2"].value, sheet["A2"].alignment.wrap_text, sheet["A2"].font.b) == \
        (long, True, True)
    assert sheet.row_dimensions[2].height == 15 * 3
    assert not any(sheet[c].alignment.wrap_text for c in ("A1", "A3", "B2", "B3"))
    assert sheet["B2"].font.b and sheet.row_dimensions[1].height is None
    assert sheet.row_dimensions[3].height is None

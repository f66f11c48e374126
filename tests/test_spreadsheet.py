"""``report.spreadsheet``: the results finsim saves with its formulas, computed as a
spreadsheet program computes them (ROUND half away from zero on 15 digits, an empty cell
0, a guarded division no error, a difference of the same cents 0)."""

from __future__ import annotations

import openpyxl
import pytest

from finsim.report.excel import EUR, Book, Formula, Rows
from finsim.report.spreadsheet import CellError, compute, parse


def cells(values: dict[str, float | str | None]):
    """A lookup over ``{"B2": 1.5, "'Other'!C3": 2}`` (a missing cell is empty)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    def lookup(sheet, row, column):
        name = xl_rowcol_to_cell(row - 1, column - 1)
        return values.get(f"'{sheet}'!{name}" if sheet else name)
    return lookup


@pytest.mark.parametrize(("formula", "values", "result"), [
    ("=ROUND(B1*C1,2)+D1", {"B1": 3, "C1": 0.895, "D1": -0.01}, 2.68),  # 2.685 up
    ("=ROUND(B1,2)", {"B1": 2.675}, 2.68),  # the float 2.67499999... read as 2.675
    ("=ROUND(B1,0)", {"B1": -2.5}, -3.0),  # half away from zero
    ("=ROUND(1*'Mengengerüst'!C12,2)+'Mengengerüst'!C20",
     {"'Mengengerüst'!C12": 1023266.205, "'Mengengerüst'!C20": 0.0}, 1023266.21),
    ("=SUM(B1:D1)", {"B1": 1.5, "C1": "text", "D1": 2}, 3.5),  # text and empty skipped
    ("=SUM(B1:B3)", {"B1": 0.1, "B2": 0.2, "B3": 0.3}, 0.6),
    ("=IF(B2=0,0,B1/B2)", {"B1": 5}, 0),  # guarded: no #DIV/0!
    ("=IF(B2=0,0,B1/B2)", {"B1": 5, "B2": 4}, 1.25),
    ("=B1-B2", {"B1": 0.1 + 0.2, "B2": 0.3}, 0.0),  # the same cents: 0, not 5.6e-17
    ("=B1+B2+B3", {"B1": 1, "B3": 2}, 3.0),
    ("=B1-B2-B3", {"B1": 10, "B2": 3, "B3": 2}, 5.0),
    ("=0", {}, 0.0),
])
def test_a_formula_computes_as_a_spreadsheet_does(formula, values, result):
    assert compute(formula, cells(values)) == result


def test_errors_are_the_spreadsheet_s():
    with pytest.raises(CellError, match="#DIV/0!"):
        compute("=B1/B2", cells({"B1": 1}))
    with pytest.raises(CellError, match="#VALUE!"):
        compute("=B1+1", cells({"B1": "Summe"}))


def test_a_formula_finsim_does_not_write_is_refused():
    with pytest.raises(ValueError, match="no function VLOOKUP"):
        parse("=VLOOKUP(A1,B1:C2,2)")
    with pytest.raises(ValueError, match="not a formula"):
        parse("SUM(A1)")


def test_the_book_saves_each_formula_with_its_result(tmp_path):
    """A formula reading a cell written after it and another sheet's cell, a formula
    reading a formula, a division by zero: what a viewer shows without computing."""
    book = Book(tmp_path / "x.xlsx")
    first = Rows(book, book.sheet("Plan"))
    other = Rows(book, book.sheet("Basis"))
    first.add(["Summe", Formula("=SUM(B2:B3)"), Formula("=B1*2"), Formula("=B2/C9")], EUR)
    first.add(["a", 1.25, Formula("='Basis'!B1+B3")], EUR)
    first.add(["b", 2.5, ""], EUR)
    other.add(["x", 10.0])
    first.put(3, 2, 3.5, EUR)  # written again: the formulas read the last value
    book.close()
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx", data_only=True)["Plan"]
    assert [sheet["B1"].value, sheet["C1"].value, sheet["D1"].value, sheet["C2"].value] \
        == [4.75, 9.5, "#DIV/0!", 13.5]
    live = openpyxl.load_workbook(tmp_path / "x.xlsx")["Plan"]
    assert (live["B1"].value, live["B1"].number_format) == ("=SUM(B2:B3)", EUR)


def test_a_formula_reading_itself_is_an_error_not_a_hang(tmp_path):
    book = Book(tmp_path / "x.xlsx")
    Rows(book, book.sheet("S")).add([Formula("=A1+1")])
    book.close()
    assert openpyxl.load_workbook(tmp_path / "x.xlsx", data_only=True)["S"]["A1"].value \
        == "#REF!"

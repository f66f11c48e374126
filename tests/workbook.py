"""Workbooks read back as a spreadsheet program shows them: every formula computed.

The formulas are evaluated by the ``formulas`` package (a Python implementation of the
spreadsheet functions), so the tests need no spreadsheet program; ``saved`` reads them as
a viewer that does not compute shows them (the result saved with each formula).
"""

from __future__ import annotations

from pathlib import Path

import formulas
import numpy as np
import openpyxl


def computed(path: Path) -> dict[str, list[tuple]]:
    """Each sheet's rows of values, formulas replaced by what they compute."""
    book = openpyxl.load_workbook(path)
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values: dict[tuple[str, str], object] = {}
    for key, ranges in solution.items():
        sheet, _, cell = str(key).rpartition("!")
        if ":" in cell:
            continue
        value = np.asarray(getattr(ranges, "value", ranges)).ravel()[0]
        values[(sheet.split("]")[-1].strip("'").upper(), cell.upper())] = value
    out = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            cells = []
            for c in row:
                if c.data_type == "f":
                    v = values[(sheet.title.upper(), c.coordinate)]
                    cells.append(float(v) if isinstance(v, (int, float, np.number)) else v)
                else:
                    cells.append(c.value)
            rows.append(tuple(cells))
        out[sheet.title] = rows
    return out


def saved(path: Path) -> dict[str, list[tuple]]:
    """Each sheet's rows of values as saved, a formula as the result saved with it
    (openpyxl's ``data_only``, as pandas and the previews of mail clients read them)."""
    book = openpyxl.load_workbook(path, data_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def formula_cells(path: Path) -> list[tuple[str, int, int, str]]:
    """Every formula cell: its sheet, row and column (from 0) and its formula."""
    book = openpyxl.load_workbook(path)
    return [(sheet.title, c.row - 1, c.column - 1, c.value) for sheet in book.worksheets
            for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def labelled(rows: list[tuple]) -> dict[str, tuple]:
    """Rows by their first cell (the label), the rest as values."""
    return {r[0]: r[1:] for r in rows if isinstance(r[0], str)}

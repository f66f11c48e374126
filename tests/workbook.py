"""Workbooks read back as a spreadsheet program shows them: every formula computed.

The formulas are evaluated by the ``formulas`` package (a Python implementation of the
spreadsheet functions), so the tests need no spreadsheet program.
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


def labelled(rows: list[tuple]) -> dict[str, tuple]:
    """Rows by their first cell (the label), the rest as values."""
    return {r[0]: r[1:] for r in rows if isinstance(r[0], str)}

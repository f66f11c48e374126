"""Workbooks as finsim writes them: text as text, formulas built from cell references,
number formats by language, and the same bytes for the same content.

``results_book`` (results.xlsx of run and compare) and ``plan_book`` (plan.xlsx of size)
write their sheets with ``Rows``: a text cell from a scenario is text, never a formula,
whatever it starts with (a name ``=HYPERLINK(...)`` stays a name); the only formulas are
``Formula`` values built from cell references. ``save_reproducibly`` fixes the document
properties and zip entry times, so identical runs give identical files.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

EUR = '#,##0.00 "€"'
COUNT = "#,##0.000"
SHARE = "0.00 %"
RATE = "0.00## %"
NUMBER_FORMATS = {
    "de": {"eur": EUR, "count": COUNT, "whole": "#,##0", "share": SHARE, "rate": RATE},
    "en": {"eur": '"€"#,##0.00', "count": COUNT, "whole": "#,##0", "share": "0.00%",
           "rate": "0.00##%"},
}
"""Number formats as each language writes them: German ``1.234,56 €`` and ``12,50 %``,
English ``€1,234.56`` and ``12.50%`` (the spreadsheet program shows the separators of
its own locale; the codes place the euro sign and the space)."""
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


class Formula(str):
    """A formula built here from cell references (never text from a scenario)."""


class Rows:
    """A sheet written row by row: text as text, formulas as formulas, number formats."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 0

    def add(self, cells: list, number_format: str | None = None, bold: bool = False,
            font: Font | None = None) -> int:
        """Append a row; return its number."""
        self.row += 1
        for column, value in enumerate(cells, start=1):
            if value is None:
                continue
            cell = self.sheet.cell(self.row, column, value)
            if isinstance(value, str) and not isinstance(value, Formula):
                cell.data_type = "s"  # never a formula or an error code
            elif number_format:
                cell.number_format = number_format
            if font or bold:
                cell.font = font or BOLD
        return self.row

    def blank(self) -> None:
        self.row += 1


FIXED_TIME = datetime(2000, 1, 1)
"""The document's creation and modification time: fixed, so identical runs give
identical files (the run's own time is in run.json)."""


def save_reproducibly(book: Workbook, path: Path) -> None:
    """Save with fixed properties and zip entry times, so the bytes depend on the content
    only (openpyxl's ``save`` stamps the current time into both). Spreadsheet programs
    compute every formula when they open the file. The entries are compressed once, when
    they are stamped (openpyxl's own archive is only read back)."""
    book.properties.creator = "finsim"
    book.properties.lastModifiedBy = "finsim"
    book.properties.created = book.properties.modified = FIXED_TIME
    book.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(book, archive).save()
    with zipfile.ZipFile(buffer) as stamped, zipfile.ZipFile(path, "w") as archive:
        for entry in stamped.infolist():
            data = stamped.read(entry.filename)
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = entry.external_attr
            archive.writestr(fixed, data)

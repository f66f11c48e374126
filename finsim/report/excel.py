"""Workbooks as finsim writes them: text as text, formulas built from cell references,
number formats by language, and the same bytes for the same content.

``results_book`` (results.xlsx of run and compare) and ``plan_book`` (plan.xlsx of size)
write their sheets with ``Rows``: a text cell from a scenario is text, never a formula,
whatever it starts with (a name ``=HYPERLINK(...)`` stays a name); the only formulas are
``Formula`` values built from cell references, each saved with its result
(``report.spreadsheet``). ``Book`` fixes the document properties
and zip entry times, so identical runs give identical files. XlsxWriter writes them: it
loads and writes in a fraction of openpyxl's time (the workbook is written at the end
of every run).
"""

from __future__ import annotations

import math
import textwrap
from datetime import datetime
from numbers import Real
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from .spreadsheet import CellError, Value, compute

EUR = '#,##0.00 "€"'
COUNT = "#,##0.000"
SHARE = "0.00 %"
RATE = "0.00## %"
NUMBER_FORMATS = {
    "de": {"eur": EUR, "count": COUNT, "whole": "#,##0", "share": SHARE, "rate": RATE,
           "cut_share": "0.0 %"},
    "en": {"eur": '"€"#,##0.00', "count": COUNT, "whole": "#,##0", "share": "0.00%",
           "rate": "0.00##%", "cut_share": "0.0%"},
}
"""Number formats as each language writes them: German ``1.234,56 €`` and ``12,50 %``,
English ``€1,234.56`` and ``12.50%`` (the spreadsheet program shows the separators of
its own locale; the codes place the euro sign and the space). ``cut_share`` shows a
share already cut to 0.1 % (``plan.covered_cut``) with its one decimal."""

Font = tuple[tuple[str, object], ...]
"""A font as XlsxWriter's format properties (``bold``, ``font_size``)."""
BOLD: Font = (("bold", True),)
TITLE: Font = (("bold", True), ("font_size", 14))
HEADING: Font = (("bold", True), ("text_wrap", True), ("valign", "top"))
"""A column heading that wraps within its column's width, read whole (``Rows.fit``)."""
WRAP: Font = (("text_wrap", True),)
"""Added to a label's font when it wraps within its column (``Rows.fit_labels``)."""
LINE_POINTS = 15
"""The height of one line of text at the default font, in points."""

FIXED_TIME = datetime(2000, 1, 1)
"""The document's creation and modification time: fixed, so identical runs give
identical files (the run's own time is in run.json)."""
DIGIT_PIXELS = 7
"""The width of a digit in the default font (Calibri 11), in pixels: a column
``n`` characters wide is ``7 n`` pixels."""


LABEL_WIDEST = 72
"""The widest a column grows to fit its labels (``Rows.fitted``), in characters: a plan
printed or read beside its numbers needs no 98-character column for one label. Every
label finsim writes itself but the coverage row's fits on one line (the longest, a
German unit on Mengengerüst, has 69 characters); a longer text (that label, a long name
from a scenario) wraps within the column (``Rows.fit_labels``)."""


def text_width(longest: int, least: float, most: float = math.inf) -> float:
    """A column wide enough for a text of ``longest`` characters and a margin of two (a
    text beside a filled cell is cut at the column's edge), at least ``least``, at most
    ``most`` (a long name from a scenario)."""
    return max(least, min(most, longest + 2))


class Formula(str):
    """A formula built here from cell references (never text from a scenario)."""


def column_letter(column: int) -> str:
    """The letter of a column numbered from 1 (``1`` -> ``A``)."""
    return xl_col_to_name(column - 1)


class Book:
    """An XlsxWriter workbook with fixed document properties and zip entry times (the
    bytes depend on the content only) and one format per number format and font.
    Spreadsheet programs compute every formula when they open the file; each is saved
    with its result too (``close``), for the viewers that do not compute."""

    def __init__(self, path: Path) -> None:
        self.workbook = Workbook(str(path), {"in_memory": True, "nan_inf_to_errors": True})
        self.workbook.set_properties({"author": "finsim", "created": FIXED_TIME})
        self.formats: dict[tuple[str | None, Font | None], Format | None] = {}
        self.sheets: dict[str, Rows] = {}
        """Each sheet's rows by the sheet's name: a formula's references are read there."""
        self.results: dict[tuple[str, int, int], Value | CellError] = {}
        """Each formula's result once computed, by sheet, row and column (from 1)."""

    def sheet(self, name: str) -> Worksheet:
        return self.workbook.add_worksheet(name)

    def style(self, number_format: str | None, font: Font | None) -> Format | None:
        """The format of a cell (none for a plain cell), made once per workbook."""
        key = (number_format, font)
        if key not in self.formats:
            properties = dict(font or ())
            if number_format:
                properties["num_format"] = number_format
            self.formats[key] = self.workbook.add_format(properties) if properties else None
        return self.formats[key]

    def value(self, sheet: str, row: int, column: int) -> Value:
        """A cell's value as a spreadsheet program computes it: a formula's result
        (worked out once; ``CellError`` raised again where it computes to one)."""
        value = self.sheets[sheet].values.get((row, column))
        if not isinstance(value, Formula):
            return value
        key = (sheet, row, column)
        if key not in self.results:
            self.results[key] = CellError("#REF!")  # a formula reading itself: an error
            try:
                self.results[key] = compute(value, lambda s, r, c: self.value(s or sheet, r, c))
            except CellError as error:
                self.results[key] = error
        result = self.results[key]
        if isinstance(result, CellError):
            raise result
        return result

    def close(self) -> None:
        """Write each formula with its result (a viewer that does not compute shows it;
        it cannot go stale: finsim wrote the formula and the cells it reads), then the
        file."""
        for name, rows in self.sheets.items():
            for (row, column), style in rows.formulas.items():
                formula = rows.values.get((row, column))
                if isinstance(formula, Formula):
                    rows.sheet.write_formula(row - 1, column - 1, formula, style,
                                             saved(self, name, row, column))
        self.workbook.close()


def saved(book: Book, sheet: str, row: int, column: int) -> float | bool | str:
    """The result a formula is saved with: a number or truth value, an error as its code
    (``#DIV/0!``), a result that is no finite number ``#NUM!``."""
    try:
        value = book.value(sheet, row, column)
    except CellError as error:
        return error.code
    if value is None:
        return 0.0  # a formula reading an empty cell alone: 0
    if isinstance(value, (bool, str)):
        return value
    return float(value) if math.isfinite(value) else "#NUM!"


class Rows:
    """A sheet written row by row: text as text, formulas as formulas, number formats."""

    def __init__(self, book: Book, sheet: Worksheet) -> None:
        self.book = book
        self.sheet = sheet
        self.row = 0
        self.headings: dict[int, list[str]] = {}
        self.texts: dict[tuple[int, int], tuple[str, Font | None]] = {}
        """Each text cell and its font by (row, column), from 1: for ``fit_labels``."""
        self.filled: set[tuple[int, int]] = set()
        """The cells holding a value: a text beside one is cut at its column's edge."""
        self.lines: dict[int, int] = {}
        """The lines of each row (from 1) holding a wrapped label: its height."""
        self.values: dict[tuple[int, int], Value] = {}
        """Each cell's value by (row, column), from 1, a formula as its ``Formula``: what
        the formulas read (``Book.value``)."""
        self.formulas: dict[tuple[int, int], Format | None] = {}
        """Each formula cell's format: written with its result when the book closes."""
        book.sheets[sheet.name] = self

    def add(self, cells: list, number_format: str | None = None, bold: bool = False,
            font: Font | None = None) -> int:
        """Append a row; return its number (from 1). Text cells get no number format;
        every cell gets the font."""
        self.row += 1
        font = font or (BOLD if bold else None)
        if font is HEADING:
            self.headings[self.row] = [v if isinstance(v, str) else "" for v in cells]
        for column, value in enumerate(cells, start=1):
            if value is not None:
                self.put(self.row, column, value, number_format, font)
        return self.row

    def put(self, row: int, column: int, value: object | None, number_format: str | None = None,
            font: Font | None = None) -> None:
        """One cell (row and column from 1): a ``Formula`` as a formula, other text as
        text (never a formula or an error code), a number as a number; ``None`` an empty
        cell with the number format and font, an empty text one with the font (an empty
        cell without a format is not written)."""
        sheet, r, c = self.sheet, row - 1, column - 1
        self.values[row, column] = value
        if type(value) is float or type(value) is int:  # the most cells: first, and fast
            sheet.write_number(r, c, value, self.book.style(number_format, font))
        elif value is None or value == "":
            style = self.book.style(None if value == "" else number_format, font)
            sheet.write_blank(r, c, None, style)
            self.values[row, column] = None  # an empty cell: 0 to a formula
            return  # empty: a text beside it runs on over it
        elif isinstance(value, Formula):
            # written with its result once every cell it reads is (``Book.close``)
            self.formulas[row, column] = self.book.style(number_format, font)
        elif isinstance(value, str):
            sheet.write_string(r, c, value, self.book.style(None, font))
            self.texts[row, column] = (value, font)
        elif isinstance(value, bool):
            sheet.write_boolean(r, c, value, self.book.style(number_format, font))
        elif isinstance(value, Real):
            sheet.write_number(r, c, value, self.book.style(number_format, font))
        else:
            raise TypeError(f"no cell for {type(value).__name__} {value!r}")
        self.filled.add((row, column))

    def blank(self) -> None:
        self.row += 1

    def width(self, column: int, characters: float) -> None:
        """A column ``characters`` wide: the width the file states (as finsim's workbooks
        always stated it; a spreadsheet program adds its cell margins)."""
        self.sheet.set_column_pixels(column - 1, column - 1, characters * DIGIT_PIXELS)

    def labels(self, column: int) -> dict[int, tuple[str, Font | None]]:
        """The texts of ``column`` with a filled cell to their right, and their fonts,
        by row: the spreadsheet program cuts such a text at the column's edge, while a
        text beside empty cells (a title or note alone in its row) runs on over them."""
        return {row: text for (row, c), text in self.texts.items()
                if c == column and (row, c + 1) in self.filled}

    def fitted(self, column: int, least: float) -> float:
        """The width of a column as long as its longest label (``labels``, with
        ``text_width``'s margin), at least ``least``, at most ``LABEL_WIDEST`` (or
        ``least``), once the sheet is written."""
        longest = max((len(text) for text, _ in self.labels(column).values()), default=0)
        return text_width(longest, least, LABEL_WIDEST)

    def fit_labels(self, column: int, least: float) -> None:
        """Give ``column`` its ``fitted`` width and wrap each label longer than that
        within it (``wrap``)."""
        width = self.fitted(column, least)
        self.width(column, width)
        for row, (text, font) in self.labels(column).items():
            if len(text) + 2 > width:  # text_width's margin: it does not fit
                self.wrap(row, column, text, font, width)

    def wrap(self, row: int, column: int, text: str, font: Font | None,
             width: float) -> None:
        """Write ``text`` again wrapping in its cell, and make its row tall enough for
        its lines (broken between words, ``text_width``'s margin kept): a row keeps one
        line's height in a file that states none (LibreOffice does not fit it on
        opening, Excel not always), and the label would be cut."""
        self.sheet.write_string(row - 1, column - 1, text,
                                self.book.style(None, (*(font or ()), *WRAP)))
        lines = len(textwrap.wrap(text, max(int(width) - 2, 1)))
        self.lines[row] = max(self.lines.get(row, 1), lines)
        self.sheet.set_row(row - 1, LINE_POINTS * self.lines[row])

    def fit(self, row: int, widths: list[float]) -> None:
        """Make ``row`` (from 1, its cells in ``HEADING``) tall enough for its longest
        heading wrapped in its column (``widths`` in characters, from column A): a row
        keeps its one line's height in a file that states none, and the heading is cut."""
        texts = self.headings.get(row, [])
        lines = max((math.ceil(len(text) / max(width - 1, 1))
                     for text, width in zip(texts, widths, strict=False) if text), default=1)
        self.sheet.set_row(row - 1, LINE_POINTS * max(lines, 1))

    def merge(self, row: int, first: int, last: int, text: str, font: Font | None) -> None:
        """One text over the columns ``first`` to ``last`` of ``row`` (from 1), merged: a
        heading that says what each of the columns under it holds."""
        self.sheet.merge_range(row - 1, first - 1, row - 1, last - 1, text,
                               self.book.style(None, font))
        self.texts[row, first] = (text, font)
        self.filled.update((row, c) for c in range(first, last + 1))

    def freeze(self, cell: str) -> None:
        """Freeze the rows above and the columns left of ``cell`` (``"C5"``)."""
        self.sheet.freeze_panes(cell)

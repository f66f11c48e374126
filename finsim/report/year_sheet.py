"""Sheets with a column per calendar year and a total (plan.xlsx's plan and quantities,
and the fiscal balance of plan.xlsx and results.xlsx). Apart from ``plan_book``, which
loads pandas for the plan: results.xlsx is written without it."""

from __future__ import annotations

from ..montecarlo import RunResult
from . import results_book
from .excel import NUMBER_FORMATS, TITLE, Book, Formula, Rows, column_letter
from .fiscal_blocks import CASH_LINE, FISCAL_LINES, FISCAL_WORDS, fiscal_blocks

FIRST_YEAR_COLUMN = 3
"""Years start in column C on the plan and the quantity basis, so a year has one column
letter on both sheets."""


def columns(years: list) -> tuple[list[str], str]:
    """The column letter of each year and of the total."""
    letters = [column_letter(FIRST_YEAR_COLUMN + i) for i in range(len(years) + 1)]
    return letters[:-1], letters[-1]


def row_sum(letters: list[str], row: int) -> Formula:
    return Formula(f"=SUM({letters[0]}{row}:{letters[-1]}{row})")


def widths(rows: Rows, first: float, second: float, years: int, rest: float = 16) -> None:
    """Columns A and B, the years', the total's and the one after it: at least ``first``,
    ``second`` and ``rest`` characters, wider where a text beside a filled cell is longer
    (``Rows.fit_labels``: a label cut by the numbers beside it is misread)."""
    for column in range(1, FIRST_YEAR_COLUMN + years + 2):
        least = first if column == 1 else second if column == 2 else rest
        rows.fit_labels(column, least)


def fiscal_sheet(book: Book, result: RunResult, lang: str, cash: bool = False) -> None:
    """The sheet of the fiscal balance: per budget and year what it pays, saves, gets back
    (fiscal.csv: its paid adds up to the funders' rows of the plan sheet), and its net as
    a formula; with ``cash`` (results.xlsx) also what it pays in each year by payment
    month, its years on to the last payment (``fiscal_blocks``), under the head of every
    sheet of results.xlsx (scenario, period, replications, what the figures rest on)."""
    w, eur = {**results_book.words(lang), **FISCAL_WORDS[lang]}, NUMBER_FORMATS[lang]["eur"]
    s = Rows(book, book.sheet(w["sheet_fiscal"]))
    years, blocks = fiscal_blocks(result, lang, w, cash)
    letters, total = columns(years)
    if cash:
        results_book.head(s, result, lang, w["fiscal_title"])
        s.add([w["fiscal_note"]])
        s.add([w["fiscal_cash_note"]])
    else:
        s.add([w["fiscal_title"]], font=TITLE)
        s.add([w["fiscal_note"]])
    s.blank()
    s.add([w["budget_line"], "", *(str(y) for y in years), w["all_years"]], bold=True)
    if cash:  # as results.xlsx's other sheets: the lines' names and the years stay in view
        s.freeze(f"C{s.row + 1}")
    nets = []
    for name, is_public, figures in blocks:
        s.add([name], bold=True)
        at = {}
        for column in FISCAL_LINES:
            r = s.row + 1
            at[column] = s.add([f"  {w[column]}", "€", *figures[column], row_sum(letters, r)],
                               eur)
        net = s.add([f"  {w['net']}", "€",
                     *(Formula(f"={c}{at['paid']}-{c}{at['saved']}-{c}{at['returns']}")
                       for c in [*letters, total])], eur, bold=True)
        if cash:
            r = s.row + 1
            s.add([f"  {w[CASH_LINE]}", "€", *figures[CASH_LINE], row_sum(letters, r)], eur)
        if is_public:
            nets.append(net)
    s.blank()
    s.add([w["public_net"], "€",
           *(Formula("=" + "+".join(f"{c}{r}" for r in nets) if nets else "=0")
             for c in [*letters, total])], eur, bold=True)
    widths(s, 55, 4, len(years), 18)

"""Booked costs: what the accounts say a past month cost, per provider and category.

A CSV with the columns ``month`` (``YYYY-MM``), ``provider`` (a provider id),
``category`` (``wages``, ``staff``, ``material``, ``qualification``, ``overhead``) and
``amount`` (EUR, whole cents; a semicolon file writes a decimal comma, and a point there
is refused as ambiguous, a comma file a decimal point, and a comma there is refused
so, but for thousands marks with cents after the other mark, ``6.100,00`` or
``6,100.00``, which have one reading in either file; a leading or trailing ``€`` or
``EUR``, as a spreadsheet's currency format writes it, is read as the same amount, any
other currency and an accounting negative ``(1.557,70)`` are refused); column names
match in any case,
as the caseload file's (``caseload.Header``). A booked cell replaces the ledger's cost of
that month, provider and category; cells not booked keep the ledger's.
Every problem is one line (file, line, column, value, expected), exit 2.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np

from . import datafiles
from .caseload import Header, _delimiter, csv_rows, misshapen, no_rows
from .errors import Problem, ScenarioError, condensed
from .limits import MAX_AMOUNT_EUR, MAX_TOTAL_EUR
from .model import CATEGORIES
from .reader import UnreadableFile
from .schedule import Month
from .written import THOUSANDS, grouped_cents

COLUMNS = ("month", "provider", "category", "amount")
CENT = Decimal("0.01")


def read_booked(path: str | Path, provider_ids: list[str], start: Month, months: int,
                as_of: int, files: datafiles.Files | None = None,
                as_of_said: str | None = None) -> np.ndarray:
    """``[months, providers, categories]`` EUR booked, NaN where nothing is booked; only
    months before ``as_of`` (months from ``start``) may be booked. ``files``: as
    ``caseload.read_caseload``'s; ``as_of_said``: as_of as a refused month names it,
    where the user gave it (``--as-of 2026-10``; default ``actuals.as_of 2026-10``)."""
    return _read(path, provider_ids, start, months, as_of, files, as_of_said)[0]


def read_booked_lines(path: str | Path, provider_ids: list[str], start: Month, months: int,
                      as_of: int, files: datafiles.Files | None = None) -> np.ndarray:
    """The file's line of each booked cell, ``[months, providers, categories]``, 0 where
    nothing is booked: a warning on a cell names the line to look at."""
    return _read(path, provider_ids, start, months, as_of, files)[1]


def _read(path: str | Path, provider_ids: list[str], start: Month, months: int,
          as_of: int, files: datafiles.Files | None,
          as_of_said: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The amounts and lines of ``read_booked`` and ``read_booked_lines``."""
    path = Path(path)
    file = str(path)
    try:  # without blocking on a FIFO, within a size limit; once per scenario
        found = datafiles.fetch(files, path)
        key = (file, found.sha256, tuple(provider_ids), start, months, as_of)
        if key not in _CACHE:  # a drawn cost compiles the costs whole: parsed once
            parsed = _parsed(file, found.text, provider_ids, start, months, as_of, as_of_said)
            for array in parsed:
                array.setflags(write=False)  # shared by every program of the run
            datafiles.remember(_CACHE, key, parsed)
        return _CACHE[key]
    except UnreadableFile as err:
        raise datafiles.refused(file, "booked costs file", err) from None


_CACHE: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
"""Booked costs and their lines by the bytes read and the scenario's layout."""


def _parsed(file: str, text: str, provider_ids: list[str], start: Month, months: int,
            as_of: int, as_of_said: str | None) -> tuple[np.ndarray, np.ndarray]:
    delimiter = _delimiter(text)
    rows, lines = csv_rows(file, text)
    header = Header.of(rows[0], lines[0]) if rows else Header((), (), 0)
    at = {name: header.index(name) for name in COLUMNS}
    # not quoted: a file that is no booked costs file may hold anything
    if missing := [c for c in COLUMNS if at[c] is None]:
        raise ScenarioError([Problem(file, "", f"expected the header {','.join(COLUMNS)} "
                                     f"(missing: {', '.join(missing)})",
                                     line=header.line or None, show_value=False)])
    if len(header.keys) > len(COLUMNS):  # the columns are there: the others are named
        raise ScenarioError([Problem(
            file, name or f"column {k + 1}", header.twice(k) or "unknown column",
            line=header.line, show_value=False,
            hint=f"expected the header {','.join(COLUMNS)}, each column once")
            for k, name in enumerate(header.written)
            if header.twice(k) or header.keys[k] not in COLUMNS])
    if len(rows) == 1:
        raise ScenarioError([no_rows(file, "booked costs file")])
    named = {name: header.written[k] for name, k in at.items()}  # as the file writes them
    booked = np.full((months, len(provider_ids), len(CATEGORIES)), np.nan)
    lines_of = np.zeros(booked.shape, dtype=np.int64)
    seen: dict[tuple[int, int, int], int] = {}
    problems = []
    for row, line in zip(rows[1:], lines[1:], strict=True):
        if shape := misshapen(file, header.written, line, row):
            problems += shape
            continue
        cell = {name: row[k].strip() for name, k in at.items()}
        key = []  # the cell, where month, provider and category are right
        try:
            m = Month.parse(cell["month"]) - start
            if not 0 <= m < as_of:
                problems.append(Problem(file, named["month"],
                                        _not_actual(start, as_of, as_of_said),
                                        cell["month"], line))
            else:
                key.append(m)
        except ValueError as err:
            problems.append(Problem(file, named["month"], str(err), cell["month"], line))
        if cell["provider"] in provider_ids:
            key.append(provider_ids.index(cell["provider"]))
        else:
            problems.append(Problem(file, named["provider"], f"unknown provider (known: "
                                    f"{', '.join(provider_ids)})", cell["provider"], line))
        if cell["category"] in CATEGORIES:
            key.append(CATEGORIES.index(cell["category"]))
        else:
            problems.append(Problem(file, named["category"], f"expected one of "
                                    f"{', '.join(CATEGORIES)}", cell["category"], line))
        amount, wrong = _amount(cell["amount"], delimiter == ";")
        if wrong:
            problems.append(Problem(file, named["amount"], wrong, cell["amount"], line))
        if len(key) == 3:  # booked twice, whatever else is wrong in the file
            if tuple(key) in seen:
                problems.append(Problem(file, named["month"], f"booked twice: already on line "
                                        f"{seen[tuple(key)]}", cell["month"], line))
            else:
                seen[tuple(key)] = line
            booked[key[0], key[1], key[2]] = amount
            lines_of[key[0], key[1], key[2]] = line
    total = float(np.nansum(booked))  # of the rows that parsed: over it, over in any case
    if total > MAX_TOTAL_EUR:  # as the costs' bound: every cent exact
        problems.append(Problem(file, named["amount"], f"the booked amounts add up to {total:.3g} "
                                f"EUR, above finsim's ceiling of {MAX_TOTAL_EUR:.0e} EUR",
                                show_value=False))
    if problems:
        raise ScenarioError(condensed(problems))
    return booked, lines_of


IN_SEMICOLONS = "ambiguous in a semicolon file, which writes a decimal comma"
IN_COMMAS = "ambiguous in a comma-separated file, which writes a decimal point"
AMBIGUOUS = (f"{IN_SEMICOLONS}: a point may part thousands or cents; write the amount "
             "without thousands points, the cents after a comma (1234,56)")
COMMA = (f"{IN_COMMAS}: a comma may be a decimal comma or part thousands; write the amount "
         "without thousands commas, the cents after a point (1234.56), or separate the "
         "columns with semicolons, which keep the decimal comma (1234,56)")


_DIGITS = re.compile(r"-?\d+(\.\d+)?")
"""An amount as a ledger export writes it: digits and at most one decimal mark (a minus
sign reaches the check of amounts below 0)."""


_MARKED = re.compile(r"(?P<before>[^\d(+-]*?)\s*(?P<number>[-+(]?\d[\d.,]*\)?)\s*"
                     r"(?P<after>\D*)")
"""An amount with text before or after it (``1.557,70 €``, ``€ 1.557,70``, ``(1.557,70)``):
digits and marks, in accounting brackets or not; the blank between may be a no-break
space, as a spreadsheet writes before a currency sign (U+00A0, U+202F)."""

EURO = ("€", "EUR")
"""What a spreadsheet's currency format writes beside an amount in EUR."""

NO_AMOUNT = "expected an amount in EUR >= 0"


def _unmarked(text: str) -> tuple[str, str | None]:
    """``text`` without a leading or trailing ``€`` or ``EUR`` (German Excel saves a column
    in currency format as ``1.557,70 €``; the booked amounts are EUR, so the sign says
    nothing more), and None; or why the amount is refused: another currency (``$``,
    ``USD``), an accounting negative (``(1.557,70)``), other text beside the digits.
    Digits and marks alone are left to ``_amount``'s check."""
    if not (marked := _MARKED.fullmatch(text)):
        return text, None
    before, number, after = marked["before"], marked["number"], marked["after"]
    number, after = _whole_euros(number, after)
    brackets = number.startswith("("), number.endswith(")")
    if all(brackets):
        return text, f"accounting brackets mark a negative amount: {NO_AMOUNT}"
    if not (before or after or any(brackets)):
        return number, None
    sign = before or after
    if any(brackets) or (before and after):
        return text, NO_AMOUNT
    if sign.upper() in EURO:
        return number, None
    if _currency(sign):
        return text, (f"in {sign}, not EUR: expected the amount in EUR, the booked costs' "
                      "currency (bare or with € or EUR)")
    return text, NO_AMOUNT


_NO_CENTS = re.compile(r"(?:--?|\u2013)\s*")
"""The dash a German price writes for no cents after the comma (``100,-``, ``100,--``,
``100,–``), and the blank after it."""


def _whole_euros(number: str, after: str) -> tuple[str, str]:
    """``number`` and the text ``after`` it, a dash for the cents read (``100,-``,
    ``1.557,– €``, as German prices write whole euros): the digits alone, or with ``,00``
    where thousands points make that the one reading; as they are otherwise."""
    if not (number.endswith(",") and (dash := _NO_CENTS.match(after))):
        return number, after
    whole, rest = number[:-1], after[dash.end():]
    if whole.isdigit():
        return whole, rest
    if grouped_cents(whole + ",00") is not None:
        return whole + ",00", rest
    return number, after


def _currency(sign: str) -> bool:
    """Whether ``sign`` names a currency: a currency symbol, after at most two capitals
    saying whose (``$``, ``£``, ``US$``), or a code of three capitals (``USD``, ``CHF``).
    A sign with more than that (``€€``, ``- €``) is no currency, just no amount."""
    return (unicodedata.category(sign[-1:] or " ") == "Sc"
            and re.fullmatch(r"[A-Z]{0,2}", sign[:-1]) is not None
            or re.fullmatch(r"[A-Z]{3}", sign) is not None)


def _amount(text: str, semicolon: bool) -> tuple[float, str | None]:
    """An amount cell in EUR, or NaN and what is expected. A semicolon file writes a
    decimal comma, so a point there is ambiguous (1.234 a German 1234 or a decimal
    1.234?), and an amount is whole cents: either read as one would be off without a
    word (1.23 EUR, or 12,345 rounded to 12.35). A comma file writes a decimal point, so
    a comma there (a German spreadsheet's 22824,86 under a comma separator) is told as
    such, not as a wrong amount. Thousands marks with cents after the other mark
    (``6.100,00``, ``"6,100.00"``, as Excel exports money) have one reading, in either
    file (``written.grouped_cents``). A ``€`` or ``EUR`` beside it is read past, another
    currency refused (``_unmarked``)."""
    text, other = _unmarked(text.strip())
    if other:
        return math.nan, other
    if (grouped := grouped_cents(text)) is not None:
        plain = grouped
    elif (semicolon and "." in text) or (not semicolon and "," in text):
        return math.nan, _ambiguous(text, semicolon)
    else:
        plain = text.replace(",", ".") if semicolon else text
    if not _DIGITS.fullmatch(plain):  # Decimal reads 1_000 and 1e3, no ledger writes them
        plain = "NaN"
    try:
        value = Decimal(plain)
    except InvalidOperation:
        value = Decimal("NaN")
    if not (value.is_finite() and 0 <= value <= MAX_AMOUNT_EUR):
        ceiling = (f" and at most {MAX_AMOUNT_EUR:.0e}, finsim's ceiling"
                   if value.is_finite() and value > MAX_AMOUNT_EUR else "")
        return math.nan, f"{NO_AMOUNT}{ceiling}"
    if value != value.quantize(CENT):
        return math.nan, "expected whole cents: at most two decimals"
    return float(value), None


def _ambiguous(text: str, semicolon: bool) -> str:
    """Why an amount with the mark the file does not part cents with is refused: a
    single group of three digits after it (``6.100`` in a semicolon file, ``"6,100"`` in
    a comma file) with the amount written either way, the other reading where it is whole
    cents (``6,10``); any other, how the file writes an amount (``AMBIGUOUS``,
    ``COMMA``)."""
    mark, cents, name, file, said = ((".", ",", "point", IN_SEMICOLONS, AMBIGUOUS)
                                     if semicolon else
                                     (",", ".", "comma", IN_COMMAS, COMMA))
    if text.count(mark) != 1 or cents in text or not THOUSANDS.fullmatch(
            text.replace(mark, ".")):  # 1,234.567: no group of three alone
        return said
    whole, decimals = text.split(mark)
    other = (f", {whole}{cents}{decimals[:2]} if it parts cents" if decimals.endswith("0")
             else " (parting cents, it would leave three decimals)")  # 6.100: 6,10
    return f"{file}: write {whole}{decimals} if the {name} parts thousands{other}"


def _not_actual(start: Month, as_of: int, said: str | None) -> str:
    """Why a booked month is refused: the actual part's months, or that there are none
    (as_of at the period start), rather than a reversed range; ``said``: as_of as the
    user gave it (``read_booked``)."""
    said = said or f"actuals.as_of {start + as_of}"
    if as_of == 0:
        return f"no month is actual ({said} is the period start), so no month can be booked"
    return (f"expected a month of the actual part ({start} to {start + (as_of - 1)}; "
            f"{said} is forecast)")

"""Numbers and months as a German spreadsheet or letter writes them, which YAML reads as
other numbers without a word.

``78.000`` (a thousands point: 78,000 EUR) is the float 78.0 to YAML, ``1.234.567`` is
text, ``01.2027`` (January 2027) is the float 1.2027 and ``65,50`` (a decimal comma) is
text. The scenario reader keeps the first three as written (``Written``), so that a
thousands point is refused as ambiguous (``thousands``; ``--param`` asks the same) and a
month is quoted as the user wrote it, with how finsim writes it (``german_month``,
``date_hint``); a decimal comma is told of where a number is refused (``comma_hint``;
money with thousands marks and cents after the other mark, ``6.100,00`` or ``6,100.00``,
has one reading, ``grouped_cents``, which a booked costs file reads),
and a share written in percent (``21``, ``'21 %'``) where a share is (``percent_hint``).
"""

from __future__ import annotations

import calendar
import re
from typing import Any

THOUSANDS = re.compile(r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+")
"""A number with thousands points: a first group of one to three digits (not 0: ``0.750``
is a decimal) and groups of exactly three digits after points (``78.000``, ``1.234.567``)."""

GERMAN_MONTH = re.compile(r"\s*(0?[1-9]|1[0-2])\.(\d{4})\s*$")
"""A month as German writes it, ``MM.YYYY`` (``01.2027``; YAML reads it as 1.2027)."""

TWO_DIGIT_MONTH = re.compile(r"\s*(0[1-9]|1[0-2])\.\d{4}\s*$")
"""A German month with both digits of its month (``01.2027``, not ``1.2027``): a slip
where a number goes (``raw.month_slip``), so finsim writes no number so
(``reader.Dumper``)."""

_GERMAN_DATE = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_DATE_AND_TIME = re.compile(r"\s*(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*$")
_DECIMAL_COMMA = re.compile(r"\s*[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+\s*$")
"""A number with a decimal comma, with or without thousands points (``65,50``,
``68.500,00``)."""
_SLASH_MONTH = re.compile(r"\s*(0?[1-9]|1[0-2])/(\d{4})\s*$")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$")
_PERCENT = re.compile(r"\s*([-+]?\d+(?:[.,]\d+)?)\s*%\s*$")
_WHOLE = re.compile(r"\s*(\d{1,9})(?:[.,]0{1,2})?\s*$")
"""A whole number >= 0 as a spreadsheet writes it: bare, or with one or two zero decimals
after a point or a comma (``2.0``, ``2,0``, ``2,00``); three zeros may part thousands."""


class Written(str):
    """A plain YAML scalar kept as its text (``78.000``, ``01.2027``), not the number YAML
    makes of it; quoted in a line as written, without quotes."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


class Padded(Written):
    """A whole number written with a leading zero and an 8 or 9 (``08``, ``09``): YAML 1.1
    reads it as text, as no octal number, where it reads ``07`` as 7. Kept so, it is the
    number where a number goes (a one-off's ``month: 09``) and the text elsewhere (an id
    ``09``), as ``raw.as_written`` reads it."""

    __slots__ = ()


PADDED = re.compile(r"[-+]?0\d*[89]\d*")
"""What ``Padded`` holds: digits after a leading zero, not octal (an 8 or a 9)."""


class WrittenNumber(float):
    """The number YAML reads from a plain scalar kept as written where a number goes (a
    German month, ``01.2027``: 1.2027), quoted as written: a refusal of a value that holds
    it (``[01.2027, 5]`` for a schedule) shows what the user wrote, not ``1.2027``. The
    model reads it as the plain float it is."""

    __slots__ = ("text",)

    def __new__(cls, text: str) -> WrittenNumber:
        number = super().__new__(cls, text)
        number.text = text.strip()
        return number

    def __getnewargs__(self) -> tuple[str]:  # type: ignore[override]
        return (self.text,)

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def kept(text: str) -> bool:
    """Whether a plain scalar YAML reads as a number is kept as written: a thousands point
    (its number is 1000 times too small) or a German month (a number nobody meant)."""
    return bool(THOUSANDS.fullmatch(text) or GERMAN_MONTH.match(text))


def thousands(*texts: str, mark: str = "point") -> str | None:
    """Why a number (or a range's ends, ``--param``) written with thousands points is
    refused, with both readings (the decimal one written so that it reads as one), or
    None if none has any; ``mark``: what the user wrote for the point (a comma)."""
    ends = [text.strip() for text in texts]
    marked = [bool(THOUSANDS.fullmatch(end)) for end in ends]
    if not any(marked):
        return None
    pairs = list(zip(ends, marked, strict=True))
    whole = ":".join(end.replace(".", "") if grouped else end for end, grouped in pairs)
    if any(end.count(".") > 1 for end in ends):
        return f"thousands points: write {whole} (finsim reads a point as the decimal point)"
    point = f"the {mark}s part" if sum(marked) > 1 else f"the {mark} parts"
    they = "they part" if sum(marked) > 1 else "it parts"
    meant = ":".join(decimal(end) if grouped else end for end, grouped in pairs)
    return f"ambiguous: write {whole} if {point} thousands, {meant} if {they} decimals"


_GROUPED_CENTS = re.compile(r"[-+]?[1-9]\d{0,2}(?:(?:\.\d{3})+,|(?:,\d{3})+\.)\d{2}")
"""A number with both a point and a comma: thousands marks of one kind, parting groups of
exactly three digits, and two decimals after the other (``6.100,00``, ``1.234.567,89``,
``6,100.00``)."""


def grouped_cents(text: str) -> str | None:
    """``text`` as finsim writes it (``6100.00``) where it is a number with thousands marks
    and two decimals after the other mark (``_GROUPED_CENTS``: ``6.100,00`` or
    ``6,100.00``), else None. Such a number, as a German or English spreadsheet exports
    money, has one reading only: two digits after the last mark cannot be a group of
    thousands, so the marks before it can only be thousands; ``6.100`` or ``6,100`` alone
    have two."""
    text = text.strip()
    if not _GROUPED_CENTS.fullmatch(text):
        return None
    return re.sub(r"[.,]", "", text[:-3]) + "." + text[-2:]


def thousands_reading(text: str) -> float | None:
    """The number ``text`` is where its points part thousands (``2.999``: 2999), or None
    where it has no thousands points."""
    return float(text.replace(".", "")) if THOUSANDS.fullmatch(text.strip()) else None


def as_read_back(text: str) -> str:
    """A float's ``text`` as the reader reads it back as that float: a decimal
    (``decimal``) where it would read as thousands points or a month."""
    return decimal(text) if THOUSANDS.fullmatch(text) or TWO_DIGIT_MONTH.match(text) else text


def decimal(text: str) -> str:
    """``text`` (one group of three decimals, or four after a month's digits) as a
    decimal that no reader takes for a thousands point or a month: ``78.0`` for
    ``78.000``, ``1.0250`` for ``1.025``, ``10.20270`` for ``10.2027``, ``12.17900``
    for ``12.179`` (``12.1790`` would read as a month)."""
    shown = repr(float(text))
    while THOUSANDS.fullmatch(shown) or TWO_DIGIT_MONTH.match(shown):
        shown += "0"
    return shown


_GROUPED = re.compile(r"[-+]?[1-9]\d{0,2}(?:[,\s'\u00a0\u202f]\d{3})+(?:\.\d+)?")
"""A number grouped in thousands by commas, blanks (a no-break or narrow one too) or
apostrophes: ``1,500,000``, ``1 500 000``, ``1'500'000``, with decimals after a point."""
_MARKS = {",": "commas", "'": "apostrophes"}
"""What a thousands mark is called in a hint; any other (a blank of any width): blanks."""


def grouped_hint(text: str) -> str:
    """How finsim writes a number (or a range's ends) grouped in thousands by one kind of
    mark (``_GROUPED``), which no reader takes for decimals: ``1,500,000`` is ``write
    1500000``; else nothing (``78,000``, one comma before three digits, may be a decimal
    comma: ``comma_hint`` gives both readings)."""
    ends = [end.strip() for end in text.strip().lstrip("*").split(":")]
    marks = [set(re.sub(r"[\d.+-]", "", end)) if _GROUPED.fullmatch(end) else set()
             for end in ends]
    found = set().union(*marks)
    if len(found) != 1 or found == {","} and all(end.count(",") < 2 for end in ends):
        return ""
    mark = found.pop()
    whole = ":".join(end.replace(mark, "") for end in ends)
    return f"thousands {_MARKS.get(mark, 'blanks')}: write {whole}"


def comma_hint(text: str, factor: bool = False) -> str:
    """How finsim writes a number (or a range, ``0,5:0,6``) given with a decimal comma
    (``65,50``: a decimal point) and thousands points too (``68.500,00``: written whole,
    ``68500.00``, as is ``6,100.00``: ``grouped_cents``), else nothing. A comma before
    three digits alone (``78,000``) may part thousands too: both readings, as for a point
    (``78.000`` would be refused next), but where a ``factor`` goes, which cannot be
    thousands. A number grouped by commas or blanks alone: ``grouped_hint``."""
    if grouped := grouped_hint(text):
        return grouped
    ends = text.strip().lstrip("*").split(":")
    read = [meant for end in ends if (meant := grouped_cents(end)) is not None]
    if len(read) == len(ends):  # 6,100.00, told as 6.100,00 is
        return f"write {':'.join(read)}"
    if not any(_DECIMAL_COMMA.match(end) for end in ends):
        return ""
    if any("." in end for end in ends if _DECIMAL_COMMA.match(end)):
        meant = text.strip().replace(".", "").replace(",", ".")
        return f"write {meant}"
    points = [end.replace(",", ".") for end in ends]
    if not factor and (why := thousands(*points, mark="comma")):
        return why
    return f"a decimal point: {text.strip().replace(',', '.')}"


def percent_hint(value: object) -> str:
    """How a share is written where one was given in percent: a number above 1 and at most
    100 with at most two decimals (``21``: ``a share, 0.21 for 21 %``, as a yearly rate's
    ``0.01 for 1 %``; a monthly hazard of ``1.2`` is 1.2 %, the likeliest slip where
    hazards are 0.5 to 1.5 %), or a text with a percent sign (``'21 %'``: ``write 0.21
    for 21 %``), or a decimal comma in percent (``'2,5'``: ``a decimal comma and a percent:
    0.025 for 2,5 %``, not a decimal point's 2.5, still no share); else nothing. Exactly 1
    is a whole share, not 1 %."""
    if isinstance(value, str) and (match := _PERCENT.match(value)):
        percent = float(match.group(1).replace(",", "."))
        return f"write {as_share(percent)} for {percent:g} %"
    if isinstance(value, str) and _COMMA_NUMBER.fullmatch(value) \
            and _in_percent(percent := float(value.replace(",", "."))):
        return f"a decimal comma and a percent: {as_share(percent)} for {value.strip()} %"
    if isinstance(value, int | float) and not isinstance(value, bool) and _in_percent(value):
        return f"a share, {as_share(value)} for {value:g} %"
    return ""


_COMMA_NUMBER = re.compile(r"\s*\d+,\d+\s*")
"""A number with a decimal comma and no thousands points (``2,5``)."""


def _in_percent(value: float) -> bool:
    """Whether a share refused as ``value`` is likely written in percent: above 1 and at
    most 100, with at most two decimals (``1.0000001`` is a share just past 1)."""
    return 1 < value <= 100 and round(value, 2) == value


ADVANCE_IN_EUR = "an amount in EUR, not a share"
"""What a payment term's ``advance`` is, said where it looks like a share (below 1 EUR,
or written in percent)."""


def advance_hint(value: object) -> str:
    """How an advance written in percent (``'30 %'``) is written: an advance is paid in
    EUR, so a share of the funder's money is that share of its total, in EUR; else
    nothing."""
    if isinstance(value, str) and (match := _PERCENT.match(value)):
        percent = float(match.group(1).replace(",", "."))
        return f"{ADVANCE_IN_EUR}: write {percent:g} % of the funder's total, in EUR"
    return ""


def share_refused(path: str, message: str) -> bool:
    """Whether the value refused at ``path`` (a dotted path) with ``message`` is a share
    (from 0 to 1), which a user may have written in percent (``percent_hint``): said so by
    the refusal, or an item of a funder's ``by_tenure_year`` or ``budget`` mapping
    (refused there as "expected a number")."""
    keys = path.split(".")
    return ("a share" in message or message == "expected at most 1"
            or "by_tenure_year" in keys[:-1] or keys[-2:-1] == ["budget"])


def as_share(percent: float) -> str:
    """``percent`` as a share, without a float's last bits (19.85: ``0.1985``)."""
    return format(round(percent / 100, 10), ".10g")


def whole_number(text: str) -> int | None:
    """The whole number >= 0 a cell holds (``_WHOLE``), else None. pandas writes an
    integer column with blanks as floats (``2.0``) and a German spreadsheet a decimal
    comma (``2,0``): both are the whole number 2, not a slip."""
    match = _WHOLE.match(text)
    return int(match.group(1)) if match else None


def whole_hint(text: str) -> str:
    """Why a cell refused as no whole number (``whole_number``) may be one: a point or a
    comma before three digits (``2.000``, ``2,000``) parts thousands or decimals, with
    both readings (``thousands``); else nothing."""
    mark = "comma" if "," in text else "point"
    return thousands(text.replace(",", "."), mark=mark) or ""


def german_month(text: str) -> str | None:
    """``YYYY-MM`` for a month written ``MM.YYYY`` (``01.2027``: ``2027-01``), else None."""
    match = GERMAN_MONTH.match(text)
    return f"{match.group(2)}-{int(match.group(1)):02d}" if match else None


def month_meant(text: str) -> str | None:
    """``YYYY-MM`` for a month written otherwise: ``04.2027``, ``04/2027``, a date
    (``01.04.2027``, ``2027-04-01``, ``15/04/2027`` where it has one reading: its month)
    or a month without its zero (``2027-4``); else None. One rule for a scenario's months
    and a caseload's dates (``date_hint``)."""
    if month := german_month(text):
        return month
    if month := _slash_month(text):
        return month
    if (date := german_date(text)) or (date := _iso_date(text)):
        return date[:7]
    if len(dates := slash_dates(text)) == 1:
        return dates[0][0][:7]
    return None


_SLASH_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def slash_dates(text: str) -> list[tuple[str, str]]:
    """``(YYYY-MM-DD, how it was read)`` for each real date a text ``DD/MM/YYYY`` or
    ``MM/DD/YYYY`` may be (``15/02/2024``: the first only; ``01/02/2024``: both, the
    first of February or the second of January), else none."""
    if not (match := _SLASH_DATE.match(text)):
        return []
    first, second, year = (int(g) for g in match.groups())
    readings = [(_real(year, second, first), "DD/MM/YYYY"),
                (_real(year, first, second), "MM/DD/YYYY")]
    found = [(date, how) for date, how in readings if date is not None]
    return found[:1] if first == second else found


def german_date(text: str) -> str | None:
    """``YYYY-MM-DD`` for a real date written ``DD.MM.YYYY`` (``01.09.2025``), else None."""
    if not (match := _GERMAN_DATE.match(text)):
        return None
    day, month, year = (int(g) for g in match.groups())
    return _real(year, month, day)


def _iso_date(text: str) -> str | None:
    """``YYYY-MM-DD`` for ``2027-04-01`` and ``YYYY-MM-01`` for ``2027-4`` (a month written
    without its zero), where they are real; else None."""
    if not (match := _ISO_DATE.match(text)):
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    return _real(year, month, day)


def _real(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def date_hint(text: str) -> str:
    """How finsim writes the months and dates a German spreadsheet writes: ``01.2027``
    (``MM.YYYY``), ``31.12.2026`` (day first) and a date with its time, ``2026-12-31
    00:00:00``; and those with slashes, ``11/2026`` and ``15/02/2024`` (each reading of
    ``01/02/2024``: ``slash_dates``), as a scenario's months are told (``month_meant``);
    else nothing."""
    if month := german_month(text) or _slash_month(text):
        return f"write months as YYYY-MM, e.g. {month}"
    if date := german_date(text):
        return f"did you mean '{date}'? (a German date, DD.MM.YYYY)"
    if match := _DATE_AND_TIME.match(text):
        return f"did you mean '{match.group(1)}'? (the date without its time)"
    if len(dates := slash_dates(text)) == 1:
        return f"did you mean '{dates[0][0]}'? (a date, {dates[0][1]})"
    if dates:
        return "did you mean " + " or ".join(f"'{date}' ({how})" for date, how in dates) + "?"
    return ""


def _slash_month(text: str) -> str | None:
    """``YYYY-MM`` for a month written ``MM/YYYY`` (``11/2026``), else None."""
    match = _SLASH_MONTH.match(text)
    return f"{match.group(2)}-{int(match.group(1)):02d}" if match else None


def file_text(value: Any, limit: int | None = 60) -> str:
    """A value as a scenario file and a ``--set`` write it (``8``, not the model's ``8.0``;
    a schedule ``{2013-01: 40, 2014-01: 50}``, not JSON's quoted keys), cut at ``limit``
    characters (None: whole): the same in either language, as the --set beside it is."""
    def plain(v: Any) -> str:
        if v is None:
            return "none"
        if isinstance(v, bool):
            return str(v).lower()
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, float):  # read back as written: 11.7895 is no month, 28.154 no
            return as_read_back(str(v))  # thousands (an exact --set hint)
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}: {plain(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list | tuple):
            return "[" + ", ".join(plain(x) for x in v) + "]"
        return str(v)

    text = plain(value)
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "..."

"""What no value of a scenario may be, checked on its data as read, before the models.

Three things every field would otherwise have to handle alike:

- **Control characters.** An id, a month or a word ends up in CSV cells, workbook
  sheets, file names and terminal lines. A carriage return there splits a CSV row (a
  spreadsheet reads what follows as a new row, ``=5+5`` as a formula), an escape
  sequence retitles or clears the user's terminal, and an invisible character (a
  zero-width space) makes ``al\u200bpha`` look like ``alpha``. Only a ``description``
  (free text, shown nowhere but in the scenario) may hold tabs, line breaks and
  invisible characters; nothing holds any other control character.
- **true or false where no yes/no goes.** pydantic reads ``true`` as 1 where a number
  is expected, so ``--set period.months=true`` ran a one-month horizon, and a share
  ``male: yes`` was 1.0. ``true`` and ``false`` (YAML 1.1 reads ``yes``, ``no``, ``on``
  and ``off`` as these) are refused everywhere but in the format's yes/no fields, as
  keys too. Only a value read as YAML is told that YAML reads those words so: in a JSON
  scenario or record, ``true`` is a boolean written on purpose.
- **A YAML tag outside the format.** ``!!binary``, ``!!set``, ``!!python/...`` or an
  unknown ``!tag`` is read as ``reader.Refused`` (nothing in it built) and named at its
  place here, with the file's other problems.
- **Negative zero.** ``-0.0`` passes every ``>= 0`` check, yet ``1 / -0.0`` is minus
  infinity: a hazard of ``-0.0`` made exits come before entries. Every ``-0.0`` is
  read as ``0.0``, as a user who wrote it means.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .errors import CONTROL
from .limits import MAX_MONTHS
from .paths import field_bounds, path_id, takes_number
from .reader import Refused
from .written import (
    GERMAN_MONTH,
    TWO_DIGIT_MONTH,
    Padded,
    Written,
    WrittenNumber,
    thousands,
    thousands_reading,
)

CONTROL_IN_FREE_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""The C0 and C1 control characters but tab and line feed, and DEL: a description may
hold tabs, line breaks and the marks of right-to-left writing."""
FREE_TEXT = frozenset({"description"})
"""Keys whose text is free (multi-line) prose."""

MESSAGE = ("holds {what} ({code}): ids, names, months and other words "
           "cannot (a description may hold tabs and line breaks)")


def control_characters(data: Any) -> list[tuple[str, str, Any]]:
    """``(dotted path, message, text)`` for each key or text of ``data`` that holds a
    control character (a key's problem is its mapping's)."""
    problems = []
    for above, key, value, path in _entries(data):
        if isinstance(key, str) and (found := CONTROL.search(key)):
            problems.append((above, _message(found), key))
        elif isinstance(value, str):
            pattern = CONTROL_IN_FREE_TEXT if key in FREE_TEXT else CONTROL
            if found := pattern.search(value):
                problems.append((path, _message(found), value))
    return problems


def refused_tags(data: Any) -> list[tuple[str, str]]:
    """``(dotted path, message)`` for each key or value of ``data`` read with a YAML tag
    finsim refuses (``reader.Refused``; a key's problem is its mapping's)."""
    return [(above, key.message) if isinstance(key, Refused) else (path, value.message)
            for above, key, value, path in _entries(data)
            if isinstance(key, Refused) or isinstance(value, Refused)]


def booleans(data: Any, flags: frozenset[str], numbers: frozenset[str],
             texts: frozenset[str], yaml_read: Callable[[str], bool]
             ) -> list[tuple[str, str, Any]]:
    """``(dotted path, message, value)`` for each ``true``/``false`` that is a key, or a
    value anywhere but under a key in ``flags`` (the format's yes/no fields); one under
    a key in ``numbers`` (its number fields) says a number goes there. Where
    ``yaml_read(path)`` (the value was read as YAML: a .yaml file, ``--set``) the
    message says how YAML reads yes, no, on and off; else it says what goes there."""
    problems = []
    for above, key, value, path in _entries(data):
        if isinstance(key, bool):
            problems.append((above, f"{BOOLEAN} cannot be a key{_quote(yaml_read(above))}",
                             key))
        elif isinstance(value, bool) and key not in flags:
            problems.append((path, _misplaced(key, numbers, texts, yaml_read(path)), value))
    return problems


BOOLEAN = "true or false"
QUOTE = " (YAML reads yes, no, on and off as true or false: quote a word meant as text)"


def _quote(yaml: bool) -> str:
    return QUOTE if yaml else ""


def _misplaced(key: object, numbers: frozenset[str], texts: frozenset[str],
               yaml: bool) -> str:
    """What a true/false under ``key`` is refused with: a number field's type; in YAML,
    how it reads yes/no/on/off (a word meant as text is quoted); else a text field's
    type, or where a true/false goes."""
    if key in numbers:
        return "expected a number, not true or false"
    if yaml:
        return f"{BOOLEAN} cannot go here{QUOTE}"
    if key in texts:
        return "expected text, not true or false"
    return f"{BOOLEAN} cannot go here: only a yes/no field takes it"


def numbers_as_text(data: Any, numbers: frozenset[str]) -> list[tuple[str, str, Any]]:
    """``(dotted path, message, text)`` for each text that reads as a number under a key
    in ``numbers`` (the format's number fields): pydantic would read ``'250.000'`` (a
    quoted thousands point, JSON's ``"250.000"``) as 250 without a word, where a field
    that takes a schedule refuses any text. Refused as that is, one with thousands points
    with both its readings (``thousands``), one written as a month as that
    (``month_slip``)."""
    return [(path, month_slip(path, value)
             or (not never_thousands(path, texts=[value]) and thousands(value))
             or "expected a number, not text: write it without quotes", value)
            for _, key, value, path in _entries(data)
            if key in numbers and type(value) is str and _a_number(value)]


def _a_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def as_written(data: Any, texts: frozenset[str], months: frozenset[str]
               ) -> tuple[Any, list[tuple[str, str, Any]]]:
    """``data`` with each scalar the reader kept as written (``written.Written``) read as
    meant, and ``(dotted path, message, text)`` for each with thousands points: refused as
    ambiguous but where thousands cannot be meant (``never_thousands``) or, one with
    several points, under a key in ``texts`` (an id). A German month stays text as a key
    (a schedule's) or under a key in ``months``, there refused with the hint of how finsim
    writes it; elsewhere it is the number YAML reads, quoted as written
    (``WrittenNumber``), and refused where it is a month slipped into a number field
    (``month_slip``). A whole number with a leading zero and an 8 or 9 (``written.Padded``,
    ``09``) is that number where the field takes one, else the text."""
    problems: list[tuple[str, str, Any]] = []

    def meant(value: Any, key: Any, path: str, is_key: bool = False,
              block: Any = None) -> Any:
        if not isinstance(value, Written):
            return value
        if isinstance(value, Padded):  # 09: the number where one goes, as 07 is
            return int(value) if not is_key and takes_number(path) else str(value)
        why = thousands(value)
        if why is None:  # a German month
            if is_key or key in months:
                return str(value)
            if key is not None and (slip := month_slip(path, value)):  # not a list's item
                problems.append((path, slip, value))
            return WrittenNumber(value)
        if not is_key and never_thousands(path, block, [value]) and value.count(".") == 1:
            return float(value)
        if key in texts and value.count(".") > 1:
            return str(value)
        problems.append((path, why, value))
        return value

    def walk(node: Any, above: str) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                path = f"{above}.{key}" if above else str(key)
                out[meant(key, None, path, is_key=True)] = walk(meant(value, key, path,
                                                                      block=node), path)
            same = all(a is b for pair in zip(out.items(), node.items(), strict=True)
                       for a, b in zip(*pair, strict=True))
            return node if same else out
        if isinstance(node, list):
            paths = [f"{above}.{_name(item, i)}" for i, item in enumerate(node)]
            out = [walk(meant(item, None, path), path) for item, path in zip(node, paths,
                                                                            strict=True)]
            return node if all(a is b for a, b in zip(out, node, strict=True)) else out
        return node

    return walk(data, ""), problems


NOT_A_MONTH = "expected a number, not a month"
MONTHS_NOT_A_MONTH = "a number of months, not a month; write e.g. 24"
"""What a month (``01.2027``) where a number goes is refused with; the second where the
field counts months (``max_months``), where a date for a duration is the likely slip."""


def month_slip(path: str, text: str) -> str | None:
    """Why the number written ``text`` at the dotted ``path`` is refused as a month
    (``MM.YYYY``: ``max_months: 01.2027`` read as 1.2027 months), or None. Only in a
    field that takes a number (``paths.takes_number``), but one of a month of the year
    (bounds 1 to 12: a one-off's ``month``), which says what goes there itself. Without
    the month's zero (``1.2027``) it is the decimal written, but where the field's own
    bounds refuse that reading, as they decide a thousands point (``_past_bounds``)."""
    if not GERMAN_MONTH.match(text) or not takes_number(path):
        return None
    bounds = field_bounds(path)
    if bounds == (1, 12) or not TWO_DIGIT_MONTH.match(text) and (
            bounds is None or bounds[0] <= float(text) <= bounds[1]):
        return None
    counts = path.rpartition(".")[2].endswith("months") or (
        bounds is not None and bounds[1] == MAX_MONTHS)
    return MONTHS_NOT_A_MONTH if counts else NOT_A_MONTH


NEVER_THOUSANDS = frozenset({
    "annual_increase", "rate_on_staff", "employer_contributions", "contributions", "uptake",
    "retention", "by_tenure_year", "covers", "share_of_monthly_wage", "mix", "budget",
    "hazards", "modifiers", "returns", "kdu_federal_share", "hours_per_week", "hourly",
    "minimum_wage", "participants_per_coach", "referrals_per_month"})
"""Fields (a key anywhere in the dotted path) whose values are never thousands: shares,
rates, hazards and their factors, hours a week, a wage per hour, people per coach or per
month. ``1.000`` or ``0.800:1.000`` there is a decimal (a share is at most 1, nobody is
paid 14,600 EUR an hour), as finsim wrote them before it refused thousands points."""


def never_thousands(path: str, draw: Any = None, texts: Iterable[str] = ()) -> bool:
    """Whether the number at the dotted ``path`` is a decimal that no reader takes for
    thousands (``1.025``): an index factor under ``prices`` (at most 100), a value of a
    field in ``NEVER_THOUSANDS``, a bound of an ``uncertainty`` draw of either, or of a
    ``scale: true`` draw (``draw``, the mapping the number is in), which multiplies the
    value; or where the field's own bounds refuse the thousands reading of each of
    ``texts`` that has one (``lag_months=2.999``: 2999 is past its 120, so it is 2.999).
    Elsewhere (EUR amounts, counts, ``max_months=1.125``) ``78.000`` is ambiguous."""
    head, _, rest = path.partition(".")
    if head == "prices" or not NEVER_THOUSANDS.isdisjoint(path.split(".")):
        return True
    if head == "uncertainty" and (rest.partition(".")[0] == "prices" or (
            isinstance(draw, dict) and draw.get("scale") is True)):
        return True
    field = rest.rpartition(".")[0] if head == "uncertainty" else path  # a draw's bound
    return _past_bounds(field, texts)  # is a value of the parameter drawn


def _past_bounds(path: str, texts: Iterable[str]) -> bool:
    """Whether every thousands reading among ``texts`` (``2.999``: 2999; ``2,999`` too)
    lies outside the bounds of the field at ``path`` (``paths.field_bounds``)."""
    readings = [reading for text in texts
                if (reading := thousands_reading(text.replace(",", "."))) is not None]
    bounds = field_bounds(path) if readings else None
    return bounds is not None and all(not bounds[0] <= r <= bounds[1] for r in readings)


def _name(item: Any, index: int) -> Any:
    """A list item's name in a dotted path: its id, else its position."""
    return item["id"] if isinstance(item, dict) and "id" in item else index


def _entries(data: Any, above: str = "") -> Iterator[tuple[str, Any, Any, str]]:
    """``(path of the mapping or list, key or index, value, dotted path of the value)``
    for every entry of ``data``, depth first; in the path, list items are named by their
    id, as problems name them (by position where it cannot name them: ``path_id``)."""
    if isinstance(data, dict):
        items = ((key, key, value) for key, value in data.items())
    elif isinstance(data, list):
        items = ((index, index if (ident := path_id(item)) is None else ident, item)
                 for index, item in enumerate(data))
    else:
        return
    for key, name, value in items:
        path = f"{above}.{name}" if above else str(name)
        yield above, key, value, path
        yield from _entries(value, path)


def _message(found: re.Match) -> str:
    """The line for ``found``: a format character (Unicode category Cf: a zero-width
    space, a bidirectional control) is said to be invisible, as it shows nothing."""
    character = found.group()
    what = ("an invisible character" if unicodedata.category(character) == "Cf"
            else "a control character")
    return MESSAGE.format(what=what, code=f"U+{ord(character):04X}")


def positive_zeros(data: Any) -> Any:
    """``data`` with every ``-0.0`` as ``0.0`` (the same objects where there is none)."""
    if isinstance(data, float):
        return 0.0 if data == 0.0 and math.copysign(1.0, data) < 0 else data
    if isinstance(data, dict):
        if all(type(value) is float and value for value in data.values()):
            return data  # no zero (a replication's draws): nothing to look into
        items = {key: positive_zeros(value) for key, value in data.items()}
        same = all(items[key] is value for key, value in data.items())
        return data if same else items
    if isinstance(data, list):
        items = [positive_zeros(item) for item in data]
        return data if all(a is b for a, b in zip(items, data, strict=True)) else items
    return data

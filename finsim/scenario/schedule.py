"""Months and schedules: the calendar every time-varying parameter lives on.

A *month* is written ``YYYY-MM``. A *schedule* maps months to values; a value holds
from its month until the next key, and before the first key the first value holds.
Every parameter that can change over time accepts either a plain number or a
schedule, so the same lookup serves both.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import Refusal, refused_all
from .written import month_meant

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")

TimeValue = float | dict[str, float]
"""A plain number, or a schedule ``{"YYYY-MM": value, ...}``."""


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; arithmetic in whole months."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        return _parsed(str(text))

    @property
    def ordinal(self) -> int:
        return self.year * 12 + self.month - 1

    @classmethod
    def from_ordinal(cls, ordinal: int) -> Month:
        return cls(ordinal // 12, ordinal % 12 + 1)

    def __add__(self, months: int) -> Month:
        return Month.from_ordinal(self.ordinal + int(months))

    def __sub__(self, other: Month) -> int:
        return self.ordinal - other.ordinal

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _example(text: str) -> str:
    """A month like the text: a year alone (``2027``, as a price index takes it) is
    likely meant as its January in a schedule by month; a month or date written otherwise
    (``01.2027``, ``04/2027``, ``01.04.2027``, ``2027-04-01``) is that month."""
    year = text.strip()
    if re.fullmatch(r"\d{4}", year):
        return f"{year}-01 for January {year}"
    return month_meant(text) or EXAMPLE_MONTH


EXAMPLE_MONTH = "2013-01"
"""The example of a month where the refusal cannot tell one the text means; where the
scenario is known, a refusal names the first month of its period instead
(``load.in_period``)."""


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> Month:
    """A month from its text, cached: the same few schedule keys are read again each time
    a replication's drawn values are compiled (a ``Month`` is immutable, so one shared
    instance per text is safe)."""
    match = _MONTH_RE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"'{text}' is not a month: expected YYYY-MM, e.g. {_example(text)}")
    return Month(int(match.group(1)), int(match.group(2)))


def is_month_key(text: str) -> bool:
    """Whether ``text`` is written as a schedule's key, ``YYYY-MM`` (not checked as a month)."""
    return _MONTH_RE.match(text) is not None


def schedules_in(data: object, path: str = "") -> list[tuple[str, dict]]:
    """Every schedule ``{YYYY-MM: value}`` in scenario data, with its dotted path (an item
    of a list by its id), its keys in the order the data holds them."""
    if isinstance(data, dict):
        if data and all(isinstance(k, str) and is_month_key(k) for k in data):
            return [(path, data)]
        return [found for key, value in data.items()
                for found in schedules_in(value, f"{path}.{key}" if path else str(key))]
    if isinstance(data, list):
        return [found for i, item in enumerate(data)
                for found in schedules_in(item, f"{path}.{item.get('id', i)}"
                                          if isinstance(item, dict) else f"{path}.{i}")]
    return []


def written_after_later(schedule: dict) -> list[tuple[str, str, str | None]]:
    """Each key of ``schedule`` (its keys in the order written) written after a later
    month, with the keys written before and after it (None: the last): ``2012-03`` in
    ``{2013-02: 55, 2012-03: 45, 2013-04: 0.3}``, likely a mistyped year. Keys that are no
    month are skipped (``check_schedule`` refuses them)."""
    keys = [key for key in schedule if _MONTH_RE.match(str(key)) and 1 <= int(key[5:]) <= 12]
    return [(key, keys[k - 1], keys[k + 1] if k + 1 < len(keys) else None)
            for k, key in enumerate(keys)
            if k and Month.parse(key) < Month.parse(keys[k - 1])]


def check_month(text: str) -> str:
    """Validate a ``YYYY-MM`` string and return it normalised."""
    return str(Month.parse(text))


def check_schedule(value: dict[str, Any],
                   check: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    """Validate a schedule's keys (and with ``check`` its values: a ``Refusal`` of one,
    said at its month) and return it sorted by month. Refuses every key that is no month
    and every value refused, each at its own path in the order written, not the first
    alone."""
    if not value:
        raise ValueError("a schedule needs at least one 'YYYY-MM: value' entry")
    parsed, refused = {}, []
    for key, val in value.items():
        try:
            month = Month.parse(key)
        except ValueError as err:  # the key's own line and path, not the schedule's
            refused.append(Refusal(str(err), key, quote=False))
            continue
        try:
            parsed[month] = val if check is None else check(val)
        except Refusal as err:
            refused.append(err.within(key))
    if refused:
        raise refused_all(*refused)
    return {str(month): parsed[month] for month in sorted(parsed)}


def month_labels(start: Month, months: int) -> list[str]:
    """The ``YYYY-MM`` label of each month of a horizon."""
    return [str(start + i) for i in range(months)]


DAYS = np.array([31.0, 28.0, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0])
"""Days of each month of a common year, January first."""


DAY_SLACK = 1e-9
"""Days: a time this close to a day's start is on it (a date's ``(d - 1) / n`` of its month
times n is d - 1 give or take a float's last bit), so a date plus months is that date's
float, and the first of a month is not one bit before it."""


CALENDAR_SLACK = 0.125
"""Months the calendar can move ``months_later`` from the plain sum ``t + n`` (at most
31/28 - 1 < 0.11): a stay whose clock ends more than this before ``t + n`` ends before
the maximum, with no calendar to work out."""


def month_days(index: np.ndarray, origin: Month) -> np.ndarray:
    """The days (as floats) of the months ``index`` whole months after ``origin``
    (negative: before it), vectorised: a leap February has 29."""
    ordinal = origin.ordinal + np.asarray(index, dtype=np.int64)
    year, month = np.divmod(ordinal, 12)
    leap = (month == 1) & (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return DAYS[month] + leap


def months_later(t: np.ndarray, n: np.ndarray | float, origin: Month) -> np.ndarray:
    """``t + n`` months by the calendar, vectorised (``t``: months from ``origin``'s start,
    the day a fraction of its month; ``n``: months): the same day of the month ``n``
    months later, as a fraction of that month's own length, clipped to its end where it
    is shorter (31 January + 1 month: the end of February, 1 March 00:00; BGB §188).
    2024-02-15 (14/29 into leap February) + 24 months is 2026-02-15 (14/28 in), not
    14/29 x 28 days. A fractional ``n`` lies between the whole months around it, in
    proportion. Where the months have the same length this is ``t + n`` itself (the same
    float), so a calendar without leap Februaries keeps its old bits at 12 k months."""
    t = np.asarray(t, dtype=float)
    n = np.asarray(n, dtype=float)
    if not t.size or not n.size:
        return t + n
    month, whole = np.floor(t), np.floor(n)
    part = n - whole
    fractional = bool(part.any())
    first = int(month.min() + min(whole.min(), 0.0))
    last = int(month.max() + max(whole.max(), 0.0)) + 1
    table = _month_table(origin.ordinal + first, last - first + 1)
    here = (month - first).astype(np.intp)
    there = here + whole.astype(np.intp)
    days = table[here]
    at = _same_day(t, month, days, whole, table[there])
    if not fractional:
        return at
    after = _same_day(t, month, days, whole + 1.0, table[there + 1])
    return np.where(part == 0.0, at, at + part * (after - at))


@functools.lru_cache(maxsize=256)
def _month_table(first: int, count: int) -> np.ndarray:
    """The days of ``count`` months from the month of ordinal ``first`` (read-only,
    cached: a replication's spells look up the same few years)."""
    days = month_days(np.arange(count), Month.from_ordinal(first))
    days.flags.writeable = False
    return days


def _same_day(t: np.ndarray, month: np.ndarray, days: np.ndarray, k: np.ndarray,
              target_days: np.ndarray) -> np.ndarray:
    """``t`` + ``k`` whole months (``months_later``): ``month`` is ``floor(t)``, ``days``
    its length, ``target_days`` that of the month ``k`` later. Where they agree (every
    month of a calendar year but February in a leap year, 12 k months on), ``t + k``."""
    same = target_days == days
    if same.all():
        return t + k
    target = month + k
    day = (t - month) * days
    whole = np.rint(day)
    day = np.where(np.abs(day - whole) < DAY_SLACK, whole, day)
    return np.where(same, t + k, target + np.minimum(day / target_days, 1.0))


class MonthsLater:
    """``months_later`` of one time at a time, for the event loop, where a numpy call per
    entry would cost more than the rest of the entry: the same operations on Python
    floats, over the month lengths of ``first`` to ``last`` (months from ``origin``)
    looked up once, so the same float as ``months_later``."""

    def __init__(self, origin: Month, first: int, last: int) -> None:
        self.first = first
        self.days = _month_table(origin.ordinal + first, last - first + 1).tolist()

    def __call__(self, t: float, n: float) -> float:
        whole = math.floor(n)
        month = math.floor(t)
        days = self.days
        if n == whole and days[month - self.first] == days[month + whole - self.first]:
            return t + whole  # ``_same_day``'s first case, without the call
        at = self._same_day(t, month, whole)
        part = n - whole
        if part == 0.0:
            return at
        return at + part * (self._same_day(t, month, whole + 1) - at)

    def _same_day(self, t: float, month: int, k: int) -> float:
        days = self.days[month - self.first]
        target_days = self.days[month + k - self.first]
        if target_days == days:
            return t + k
        day = (t - month) * days
        whole = float(round(day))
        if abs(day - whole) < DAY_SLACK:
            day = whole
        return float(month + k) + min(day / target_days, 1.0)


def calendar_years(start: Month, months: int) -> np.ndarray:
    """The calendar year of each month of a horizon."""
    return _years(start, months).copy()


def distinct_years(start: Month, months: int) -> np.ndarray:
    """The calendar years a horizon touches, in order (``np.unique(calendar_years(...))``
    without numpy's unique, whose first call loads ``numpy.ma``: ~8 ms of start-up)."""
    if months <= 0:
        return np.empty(0, dtype=np.int64)
    return np.arange(start.year, (start + (months - 1)).year + 1, dtype=np.int64)


def year_starts(start: Month, months: int) -> np.ndarray:
    """Where each calendar year a horizon touches begins, as a month index (0, then each
    January's): the starts a sum by calendar year (``np.add.reduceat``) takes, one per
    year, so their count is the number of years."""
    return np.searchsorted(_years(start, months), distinct_years(start, months))


@functools.lru_cache(maxsize=256)
def _years(start: Month, months: int) -> np.ndarray:
    """``calendar_years``, cached and read-only (for the lookups below)."""
    years = (start.ordinal + np.arange(months, dtype=np.int64)) // 12
    years.flags.writeable = False
    return years


def monthly(value: TimeValue, start: Month, months: int) -> np.ndarray:
    """The value in force in each month of a horizon (float array of length ``months``)."""
    if not isinstance(value, dict):
        return np.full(months, float(value))
    values = np.array([float(v) for v in value.values()])
    return values[_in_force(tuple(value), start, months)]


def in_force_at(value: TimeValue, month: str) -> object:
    """The value in force in ``month`` as ``monthly`` reads it: a schedule's at its last
    key up to that month (its first value before its first key); a plain value itself."""
    if not isinstance(value, dict):
        return value
    at = Month.parse(month)
    entries = sorted(((Month.parse(str(key)), v) for key, v in value.items()),
                     key=lambda entry: entry[0])
    earlier = [v for since, v in entries if since <= at]
    return earlier[-1] if earlier else entries[0][1]


def yearly(value: TimeValue, start: Month, months: int) -> np.ndarray:
    """A yearly budget in force in each month of a horizon: the value in force in January
    of the month's calendar year, wherever the horizon starts (a grant letter's budget for
    a year is one number; a key in the middle of a year counts from the next year)."""
    january = Month(start.year, 1)
    before = start - january
    values = monthly(value, january, before + months)
    return values[(before + np.arange(months)) // 12 * 12]


def yearly_entries(value: dict) -> list[tuple[int, object]]:
    """A yearly budget's schedule as (first calendar year it applies to, value), in
    order, as ``yearly`` applies it: a key in the middle of a year counts from the next
    year (the first key from its own: before it the first value holds); of keys that
    meet in one year the latest holds. A reader of ``2027-07`` would take July."""
    months = sorted((Month.parse(k), v) for k, v in value.items())
    out: dict[int, object] = {}
    for i, (month, v) in enumerate(months):
        out[month.year + (i > 0 and month.month > 1)] = v
    return list(out.items())


@functools.lru_cache(maxsize=1024)
def _in_force(keys: tuple[str, ...], start: Month, months: int) -> np.ndarray:
    """For each month of a horizon, the position in ``keys`` of the schedule entry in
    force (cached: a drawn value changes a schedule's values, never its months)."""
    offsets = np.array([Month.parse(k) - start for k in keys], dtype=np.int64)
    order = np.argsort(offsets, kind="stable")
    idx = np.searchsorted(offsets[order], np.arange(months), side="right") - 1
    out = order[np.maximum(idx, 0)]
    out.flags.writeable = False
    return out


def uprated(value: TimeValue, rate: float, start: Month, months: int) -> np.ndarray:
    """Monthly values raised by ``rate`` each January after the last known year.

    For a plain number the known year is the start year; for a schedule it is the year
    of its last key. Known values of a schedule stand as given, so only months in later
    calendar years are raised: by ``(1 + rate) ** (year - known_year)``.
    """
    base = monthly(value, start, months)
    known_year = last_year(tuple(value)) if isinstance(value, dict) else start.year
    return base * (1.0 + rate) ** _years_after(start, months, known_year)


@functools.lru_cache(maxsize=256)
def last_year(keys: tuple[str, ...]) -> int:
    """The calendar year of a schedule's last month."""
    return max(Month.parse(k) for k in keys).year


@functools.lru_cache(maxsize=256)
def _years_after(start: Month, months: int, known_year: int) -> np.ndarray:
    """Whole calendar years of each month after ``known_year`` (0 up to it), read-only."""
    out = np.maximum(_years(start, months) - known_year, 0)
    out.flags.writeable = False
    return out


PriceIndex = float | dict[int, float]
"""A yearly rate, or an index by calendar year (a year not stated takes the last stated
year before it, 1.0 before the first)."""


def index_ratio(index: PriceIndex, years: np.ndarray, ref: int | np.ndarray) -> np.ndarray:
    """Factor from prices of year ``ref`` to prices of each of ``years``."""
    if not isinstance(index, dict):
        return (1.0 + index) ** (years - ref)
    keys = np.array(sorted(index), dtype=np.int64)
    levels = np.concatenate([[1.0], [index[k] for k in sorted(index)]])

    def level(y: np.ndarray | int) -> np.ndarray:
        return levels[np.searchsorted(keys, y, side="right")]

    return level(years) / level(ref)


def indexed(value: TimeValue, index: PriceIndex, base_year: int, start: Month,
            months: int) -> np.ndarray:
    """Monthly values uprated by a price index: a plain number from ``base_year``, a
    schedule from the year of its last key (its stated values stand as given)."""
    base = monthly(value, start, months)
    years = _years(start, months)
    if isinstance(value, dict):
        known = last_year(tuple(value))
        return base * np.where(years > known, index_ratio(index, years, known), 1.0)
    return base * index_ratio(index, years, base_year)


def scale(value: TimeValue | list[float], factor: float) -> TimeValue | list[float]:
    """Multiply a plain number, every value of a schedule or every item of a list of
    numbers (``numbers_list``: a share's ``by_tenure_year``)."""
    if isinstance(value, dict):
        return {key: val * factor for key, val in value.items()}
    if isinstance(value, list):
        return [val * factor for val in value]
    return value * factor


def numbers_list(value: object) -> bool:
    """A list of numbers (a share's ``by_tenure_year``): a factor scales every item (the
    shape kept, as ``scale`` keeps a schedule's), but no one number stands for it."""
    return (isinstance(value, list) and bool(value)
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value))


def list_refusal(path: str, value: list, applied: str, factor: str) -> str:
    """Why a range or draw that sets a value (``applied``) is refused at a list of numbers:
    one value goes to one item, and a factor (``factor``: how to give one) scales it whole."""
    return (f"holds a list of {len(value)} numbers, not a number: {applied} a number or a "
            f"schedule only; name one of its items, {path}.0 to {path}.{len(value) - 1}, "
            f"or scale the whole list with a factor ({factor})")


def number_or_schedule(value: object) -> bool:
    """A number, or a schedule (or amounts by value) of numbers: what a draw replaces or
    multiplies and a sensitivity range sets; not a block of keys, not text."""
    values = list(value.values()) if isinstance(value, dict) else [value]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool)
                                for v in values)

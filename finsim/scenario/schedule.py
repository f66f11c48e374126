"""Months and schedules: the calendar every time-varying parameter lives on.

A *month* is written ``YYYY-MM``. A *schedule* maps months to values; a value holds
from its month until the next key, and before the first key the first value holds.
Every parameter that can change over time accepts either a plain number or a
schedule, so the same lookup serves both.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np

from .errors import Refusal

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
    likely meant as its January in a schedule by month."""
    year = text.strip()
    return f"{year}-01 for January {year}" if re.fullmatch(r"\d{4}", year) else "2013-01"


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> Month:
    """A month from its text, cached: the same few schedule keys are read again each time
    a replication's drawn values are compiled (a ``Month`` is immutable, so one shared
    instance per text is safe)."""
    match = _MONTH_RE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"'{text}' is not a month: expected YYYY-MM, e.g. {_example(text)}")
    return Month(int(match.group(1)), int(match.group(2)))


def check_month(text: str) -> str:
    """Validate a ``YYYY-MM`` string and return it normalised."""
    return str(Month.parse(text))


def check_schedule(value: dict[str, float]) -> dict[str, float]:
    """Validate a schedule's keys and return it sorted by month."""
    if not value:
        raise ValueError("a schedule needs at least one 'YYYY-MM: value' entry")
    parsed = {}
    for key, val in value.items():
        try:
            parsed[Month.parse(key)] = val
        except ValueError as err:  # the key's own line and path, not the schedule's
            raise Refusal(str(err), key, quote=False) from None
    return {str(month): parsed[month] for month in sorted(parsed)}


def month_labels(start: Month, months: int) -> list[str]:
    """The ``YYYY-MM`` label of each month of a horizon."""
    return [str(start + i) for i in range(months)]


def calendar_years(start: Month, months: int) -> np.ndarray:
    """The calendar year of each month of a horizon."""
    return _years(start, months).copy()


def distinct_years(start: Month, months: int) -> np.ndarray:
    """The calendar years a horizon touches, in order (``np.unique(calendar_years(...))``
    without numpy's unique, whose first call loads ``numpy.ma``: ~8 ms of start-up)."""
    if months <= 0:
        return np.empty(0, dtype=np.int64)
    return np.arange(start.year, (start + (months - 1)).year + 1, dtype=np.int64)


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
    known_year = _last_year(tuple(value)) if isinstance(value, dict) else start.year
    return base * (1.0 + rate) ** _years_after(start, months, known_year)


@functools.lru_cache(maxsize=256)
def _last_year(keys: tuple[str, ...]) -> int:
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
        known = _last_year(tuple(value))
        return base * np.where(years > known, index_ratio(index, years, known), 1.0)
    return base * index_ratio(index, years, base_year)


def scale(value: TimeValue, factor: float) -> TimeValue:
    """Multiply a plain number or every value of a schedule."""
    if isinstance(value, dict):
        return {key: val * factor for key, val in value.items()}
    return value * factor


def number_or_schedule(value: object) -> bool:
    """A number, or a schedule (or amounts by value) of numbers: what a draw replaces or
    multiplies and a sensitivity range sets; not a block of keys, not text."""
    values = list(value.values()) if isinstance(value, dict) else [value]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool)
                                for v in values)

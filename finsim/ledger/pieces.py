"""Time intervals summed per month, vectorised over all intervals at once.

Costs accrue pro rata temporis, so every continuous spell is cut at month boundaries
(and, for the person-related categories, at each tenure anniversary) and the parts are
summed per (month, provider, tenure year) with ``np.bincount``. Nothing here loops over
persons or months in Python. ``month_pieces`` materialises every piece (the plain
definition, kept as the reference the tests compare against); ``occupancy`` gives the
same sums without it, because a national-scale replication has millions of pieces.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Pieces:
    """Parts of intervals that lie in one month each: ``[start, end)`` within ``month``."""

    owner: np.ndarray
    """Index of the interval each piece comes from (int64)."""
    month: np.ndarray
    """Month index of the piece (int64)."""
    start: np.ndarray
    end: np.ndarray

    @property
    def length(self) -> np.ndarray:
        return self.end - self.start


def month_pieces(start: np.ndarray, end: np.ndarray, months: int) -> Pieces:
    """Cut each interval ``[start, end)`` (months since period start) at month boundaries.

    Intervals are clipped to ``[0, months)``; empty intervals give no pieces.
    """
    start = np.clip(np.asarray(start, dtype=float), 0.0, months)
    end = np.clip(np.asarray(end, dtype=float), 0.0, months)
    first = np.floor(start).astype(np.int64)
    last = np.ceil(end).astype(np.int64) - 1
    count = np.where(end > start, last - first + 1, 0)
    owner = np.repeat(np.arange(start.size, dtype=np.int64), count)
    offsets = np.arange(owner.size, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    month = first[owner] + offsets
    piece_start = np.maximum(start[owner], month)
    piece_end = np.minimum(end[owner], month + 1.0)
    return Pieces(owner, month, piece_start, piece_end)


def occupancy(
    start: np.ndarray,
    end: np.ndarray,
    group: np.ndarray,
    months: int,
    groups: int,
) -> np.ndarray:
    """Time spent in ``[start, end)`` per month and group, shape ``[months, groups]``.

    Same result as summing ``month_pieces`` but O(intervals + months): the partial
    first and last months are added directly and the whole months in between through
    a difference array summed along time, so no per-month piece is ever materialised.
    """
    start = np.clip(np.asarray(start, dtype=float), 0.0, months)
    end = np.clip(np.asarray(end, dtype=float), 0.0, months)
    keep = end > start
    start, end = start[keep], end[keep]
    group = np.asarray(group, dtype=np.int64)[keep]
    first = np.floor(start).astype(np.int64)
    last = np.floor(end).astype(np.int64)  # == months when the interval runs to the end
    size = (months + 1) * groups
    same = first == last

    def add(month: np.ndarray, weights: np.ndarray | None, mask: np.ndarray) -> np.ndarray:
        index = month[mask] * groups + group[mask]
        w = None if weights is None else weights[mask]
        return np.bincount(index, weights=w, minlength=size)

    partial = (add(first, end - start, same) + add(first, first + 1.0 - start, ~same)
               + add(last, end - last, ~same))
    steps = add(first + 1, None, ~same) - add(last, None, ~same)
    whole = np.cumsum(steps.reshape(months + 1, groups), axis=0)
    return (partial.reshape(months + 1, groups) + whole)[:months]


def tenure_segments(entry: np.ndarray, exit_: np.ndarray,
                    years: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cut each spell at its tenure anniversaries (every 12 months after entry).

    Returns ``(owner, start, end, year)`` of the non-empty segments; years beyond
    ``years - 1`` are folded into the last slot (cannot happen when ``years`` covers
    the horizon).
    """
    entry = np.asarray(entry, dtype=float)[:, None]
    exit_ = np.asarray(exit_, dtype=float)[:, None]
    k = np.arange(years, dtype=float)[None, :]
    seg_start = entry + 12.0 * k
    seg_end = np.where(k == years - 1, exit_, np.minimum(exit_, entry + 12.0 * (k + 1)))
    owner, year = np.nonzero(seg_end > seg_start)
    return owner, seg_start[owner, year], seg_end[owner, year], year


def tenure_occupancy(
    start: np.ndarray,
    end: np.ndarray,
    group: np.ndarray,
    months: int,
    groups: int,
    years: int,
) -> np.ndarray:
    """Time in ``[start, end)`` per month, group and tenure year: ``[months, groups, years]``.

    Tenure counts from ``start`` (the entry); a month straddling an anniversary is
    split at it.
    """
    owner, seg_start, seg_end, year = tenure_segments(start, end, years)
    slot = np.asarray(group, dtype=np.int64)[owner] * years + year
    summed = occupancy(seg_start, seg_end, slot, months, groups * years)
    return summed.reshape(months, groups, years)

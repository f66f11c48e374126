"""Splitting time intervals into month pieces, vectorised over all intervals at once.

Costs accrue pro rata temporis, so every continuous spell is cut at month boundaries
(and, for the person-related categories, at each tenure anniversary) and the pieces are
summed per (month, provider, tenure year) with ``np.bincount``. Nothing here loops over
persons or months in Python: a national-scale replication has millions of pieces.
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


def split_at_anniversaries(pieces: Pieces, entry: np.ndarray) -> tuple[Pieces, np.ndarray]:
    """Split pieces at tenure anniversaries (every 12 months after entry).

    Returns the new pieces and each piece's tenure year (0 = first year). A piece is at
    most one month long, so it contains at most one anniversary.
    """
    own_entry = np.asarray(entry, dtype=float)[pieces.owner]
    year = np.floor((pieces.start - own_entry) / 12.0).astype(np.int64)
    year = np.maximum(year, 0)
    anniversary = own_entry + 12.0 * (year + 1)
    cut = anniversary < pieces.end
    first_end = np.where(cut, anniversary, pieces.end)
    first = Pieces(pieces.owner, pieces.month, pieces.start, first_end)
    second = Pieces(pieces.owner[cut], pieces.month[cut], anniversary[cut], pieces.end[cut])
    joined = Pieces(
        np.concatenate([first.owner, second.owner]),
        np.concatenate([first.month, second.month]),
        np.concatenate([first.start, second.start]),
        np.concatenate([first.end, second.end]),
    )
    return joined, np.concatenate([year, year[cut] + 1])


def occupancy(
    start: np.ndarray,
    end: np.ndarray,
    group: np.ndarray,
    months: int,
    groups: int,
) -> np.ndarray:
    """Time spent in ``[start, end)`` per month and group, shape ``[months, groups]``."""
    pieces = month_pieces(start, end, months)
    index = pieces.month * groups + np.asarray(group, dtype=np.int64)[pieces.owner]
    summed = np.bincount(index, weights=pieces.length, minlength=months * groups)
    return summed.reshape(months, groups)


def tenure_occupancy(
    start: np.ndarray,
    end: np.ndarray,
    group: np.ndarray,
    months: int,
    groups: int,
    years: int,
) -> np.ndarray:
    """Time in ``[start, end)`` per month, group and tenure year: ``[months, groups, years]``.

    Tenure counts from ``start`` (the entry); years beyond ``years - 1`` are folded into
    the last slot (cannot happen when ``years`` covers the horizon).
    """
    pieces, year = split_at_anniversaries(month_pieces(start, end, months), start)
    year = np.minimum(year, years - 1)
    owner_group = np.asarray(group, dtype=np.int64)[pieces.owner]
    index = (pieces.month * groups + owner_group) * years + year
    summed = np.bincount(index, weights=pieces.length, minlength=months * groups * years)
    return summed.reshape(months, groups, years)

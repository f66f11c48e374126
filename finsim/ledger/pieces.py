"""Time intervals summed per month, vectorised over all intervals at once.

Costs accrue pro rata temporis, so every continuous spell is cut at month boundaries
(and, for the person-related categories, at each tenure anniversary) and the parts are
summed per (month, provider, tenure year) with ``np.bincount``. Nothing here loops over
persons or months in Python. ``month_pieces`` materialises every piece (the plain
definition, kept as the reference the tests compare against); ``occupancy`` gives the
same sums without it, because a national-scale replication has millions of pieces.

The ledger and the benefits avoided both sum the same spells cut at the same tenure
anniversaries, by different groups (provider; provider and household type): ``TenureCuts``
cuts them once and sums them by any grouping.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from finsim.scenario.schedule import Month, months_later


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


class MonthCuts:
    """Intervals ``[start, end)`` clipped to ``[0, months)`` and cut into a partial first
    month, whole months and a partial last month: cut once, summed by any grouping of
    the intervals (``summed``).

    O(intervals + months): the partial months are added directly and the whole months
    in between through a difference array summed along time, so no per-month piece is
    ever materialised. The intervals may belong to ``blocks`` replications of a batch
    (``block``: each interval's, in ``[0, blocks)``; intervals of one block in their own
    order): each block's sums are kept apart and are bit for bit those of its intervals
    cut alone, because every bin adds its parts in interval order.
    """

    def __init__(self, start: np.ndarray, end: np.ndarray, months: int,
                 block: np.ndarray | None = None, blocks: int = 1) -> None:
        start = np.maximum(np.asarray(start, dtype=float), 0.0)  # new arrays: clipped in place
        np.minimum(start, months, out=start)
        end = np.maximum(np.asarray(end, dtype=float), 0.0)
        np.minimum(end, months, out=end)
        self.months, self.blocks = months, blocks
        keep = end > start
        self.keep = None if keep.all() else keep
        """The non-empty intervals (None: all of them)."""
        if self.keep is not None:
            start, end = start[keep], end[keep]
            block = None if block is None else block[keep]
        first = np.floor(start)
        last = np.floor(end)  # == months when the interval runs to the end
        # bins month by month (months + 1: the end), each month's blocks side by side:
        # the whole months are then a running sum over rows of the table (see ``summed``)
        self.first, self.last = first.astype(np.int64), last.astype(np.int64)
        if block is not None:
            self.first *= blocks
            self.last *= blocks
            block = np.asarray(block, dtype=np.int64)
            self.first += block
            self.last += block
        self.spans = first != last
        """Intervals that reach past their first month."""
        # a weight of 0 where a part does not apply: adding 0.0 leaves a sum as it is,
        # so each bin sums its parts in interval order, as with the parts picked out
        self.within = np.where(self.spans, 0.0, end - start)
        self.head = np.where(self.spans, first + 1.0 - start, 0.0)
        self.tail = np.where(self.spans, end - last, 0.0)

    def summed(self, group: np.ndarray, groups: int) -> np.ndarray:
        """Time in the intervals per block, month and group (each interval's ``group`` in
        ``[0, groups)``), ``[blocks, months, groups]``."""
        group = np.asarray(group, dtype=np.int64)
        if self.keep is not None:
            group = group[self.keep]
        at_first = self.first * groups + group
        at_last = self.last * groups + group
        row = self.blocks * groups  # the bins of one month
        size = (self.months + 1) * row
        partial = (np.bincount(at_first, weights=self.within, minlength=size)
                   + np.bincount(at_first, weights=self.head, minlength=size)
                   + np.bincount(at_last, weights=self.tail, minlength=size))
        # whole months: +1 from the month after the first, -1 from the last (counts: exact),
        # summed month by month, each month one contiguous row (numpy's cumsum along an
        # axis steps through it a column at a time, several times slower)
        whole = (np.bincount(at_first[self.spans] + row, minlength=size)
                 - np.bincount(at_last[self.spans], minlength=size)).reshape(-1, row)
        for m in range(1, self.months):
            whole[m] += whole[m - 1]
        shape = (self.months + 1, self.blocks, groups)
        out = np.empty((self.blocks, self.months, groups))  # by block, in C order
        # float even with no intervals (np.bincount of nothing counts in integers)
        np.add(partial.reshape(shape)[:self.months].transpose(1, 0, 2),
               whole.reshape(shape)[:self.months].transpose(1, 0, 2), out=out, dtype=float)
        return out


def occupancy(
    start: np.ndarray,
    end: np.ndarray,
    group: np.ndarray,
    months: int,
    groups: int,
) -> np.ndarray:
    """Time spent in ``[start, end)`` per month and group, shape ``[months, groups]``:
    the same sums as ``month_pieces`` gives, without materialising the pieces."""
    return MonthCuts(start, end, months).summed(group, groups)[0]


def tenure_segments(entry: np.ndarray, exit_: np.ndarray, years: int,
                    origin: Month | None = None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cut each spell at its tenure anniversaries: the entry's calendar day every 12
    months later (``months_later`` from ``origin``, the month of time 0: 2024-02-29 +
    12 months is the end of February 2025). ``origin`` None: months of equal length
    (abstract time, as in tests of the cutting itself).

    Returns ``(owner, start, end, year)`` of the non-empty segments, tenure year by tenure
    year and the spells in order within each (a sum by tenure year then adds each
    spell's part in spell order, as cut spell by spell); years beyond ``years - 1`` are
    folded into the last slot (cannot happen when ``years`` covers the horizon).
    """
    entry = np.asarray(entry, dtype=float)
    exit_ = np.asarray(exit_, dtype=float)
    # year k is there when entry + 12 k < exit: each year cuts only the spells that reached
    # it, so a long horizon's many tenure years cost nothing for short spells
    # (each anniversary is worked out once: year k's end is year k + 1's start)
    owner, start, end = np.arange(entry.size), entry, exit_
    seg_start = anniversary(start, 0, origin)
    parts = []
    for k in range(years):
        reached = seg_start < end
        if not reached.all():
            owner, start, end, seg_start = (owner[reached], start[reached], end[reached],
                                            seg_start[reached])
        if not owner.size:
            break
        following = None if k == years - 1 else anniversary(start, k + 1, origin)
        seg_end = end if following is None else np.minimum(end, following)
        keep = seg_end > seg_start
        parts.append((owner, seg_start, seg_end, k) if keep.all() else
                     (owner[keep], seg_start[keep], seg_end[keep], k))
        seg_start = following
    if len(parts) == 1:
        owner, seg_start, seg_end, k = parts[0]
        return owner, seg_start, seg_end, np.full(owner.size, k)
    if not parts:
        return (np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0),
                np.zeros(0, dtype=np.int64))
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
            np.repeat(np.arange(len(parts)), [p[0].size for p in parts]))


def anniversary(entry: np.ndarray, k: int, origin: Month | None) -> np.ndarray:
    """The start of tenure year ``k + 1``: ``12 k`` months after ``entry``, by the calendar
    from ``origin`` (``months_later``), by equal months without one."""
    if origin is None or not k:
        return entry + 12.0 * k
    return months_later(entry, 12.0 * k, origin)


class TenureCuts:
    """Spells cut at their tenure anniversaries and at month boundaries, once: summed per
    month, group and tenure year for any grouping of the spells (``summed``).

    The batched form (``ledger.build.spell_cuts_many``): the spells of ``count``
    replications end to end, ``rep`` saying whose each is; every sum then has a leading
    replication axis, each replication's part bit for bit its spells cut alone.
    ``origin``: the month of time 0, whose calendar places the anniversaries
    (``tenure_segments``)."""

    def __init__(self, start: np.ndarray, end: np.ndarray, months: int, years: int,
                 rep: np.ndarray | None = None, count: int = 1,
                 origin: Month | None = None) -> None:
        self.owner, seg_start, seg_end, self.year = tenure_segments(start, end, years, origin)
        self.months, self.years, self.count = months, years, count
        block = None if rep is None or count == 1 else np.asarray(rep)[self.owner]
        self.cuts = MonthCuts(seg_start, seg_end, months, block, count)

    def summed(self, group: np.ndarray, groups: int) -> np.ndarray:
        """Time in the spells per replication, month, group and tenure year, ``[count,
        months, groups, years]``; ``group`` gives each spell's group in ``[0, groups)``."""
        slot = np.asarray(group, dtype=np.int64)[self.owner] * self.years + self.year
        summed = self.cuts.summed(slot, groups * self.years)
        return summed.reshape(self.count, self.months, groups, self.years)


def tenure_occupancy(
    start: np.ndarray,
    end: np.ndarray,
    group: np.ndarray,
    months: int,
    groups: int,
    years: int,
    origin: Month | None = None,
) -> np.ndarray:
    """Time in ``[start, end)`` per month, group and tenure year: ``[months, groups, years]``.

    Tenure counts from ``start`` (the entry); a month straddling an anniversary is
    split at it (by the calendar from ``origin``, ``tenure_segments``).
    """
    return TenureCuts(start, end, months, years, origin=origin).summed(group, groups)[0]

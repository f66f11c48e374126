"""Streaming aggregation of replications, in memory that stays flat in their number.

What is kept, per replication and for the whole run:

- the program metrics and drawn parameters: one compact float64 row per replication
  (``replications.csv`` writes every row, and the summary's percentiles are exact);
- monthly flows, the ledger, the structure, the per-year funding table and the cash
  flow: sums; the month of each replication's peak need: counts per month;
- per-provider metrics: count, mean and sum of squared deviations per cell (Chan's
  merge), so means and standard deviations cover every replication;
- for percentiles of the per-provider and per-year tables, of the cost by month (a
  comparison's paired parts of it) and of the cash balance (the chart's band, the credit
  lines): those of the first ``sample_limit`` replications.
  Replications are independent and identically distributed, so the first K are a
  random sample like any other K; percentiles are
  exact up to K replications and carry a rank error of sd ``sqrt(p (1 - p) / K)``
  beyond (``percentile_note``).

Chunks are merged in index order and the chunk boundaries do not depend on the number
of jobs, so every sum and moment is bit-identical whatever ``--jobs``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np

from ..replication import Outcome

SAMPLE_REPLICATIONS = 10_000
"""At most this many replications keep their per-provider and per-year tables."""
SAMPLE_BYTES = 256 * 2**20
"""... and those tables take at most this much memory (at least 1,000 replications)."""
MIN_SAMPLE = 1_000


SUMS = ("flows", "ledger", "transfer", "fiscal", "structure", "yearly",
        "quantities", "slots")
"""The outcomes summed over replications as they are (the cash flow and the cash by
budget too, padded)."""


def sample_limit(row_bytes: int) -> int:
    """Replications whose per-provider and per-year tables are kept, for rows of this size."""
    return max(MIN_SAMPLE, min(SAMPLE_REPLICATIONS, SAMPLE_BYTES // max(row_bytes, 1)))


class Rows:
    """Equal-shaped float64 rows in one block that grows in place (no object per row)."""

    def __init__(self, dtype: type = float) -> None:
        self._data: np.ndarray | None = None
        self.dtype = dtype
        self.n = 0

    def append(self, rows: np.ndarray) -> None:
        """Add ``rows`` (``[k, ...]``) at the end."""
        end = self.n + len(rows)
        if self._data is None or end > len(self._data):
            grown = np.empty((max(end, 16, 3 * self.n // 2), *rows.shape[1:]), self.dtype)
            if self._data is not None:
                grown[:self.n] = self._data[:self.n]
            self._data = grown
        self._data[self.n:end] = rows
        self.n = end

    @property
    def values(self) -> np.ndarray:
        """``[n, ...]``, a view (no copy)."""
        if self._data is None:
            return np.empty((0,), self.dtype)
        return self._data[:self.n]

    @property
    def nbytes(self) -> int:
        return 0 if self._data is None else self._data.nbytes

    def __getstate__(self) -> dict:  # send only the rows in use to the parent
        return {**self.__dict__, "_data": None if self._data is None else self.values.copy()}


class Moments:
    """Count, mean and sum of squared deviations per cell, NaN left out, merged exactly
    as Chan et al. do: a constant cell keeps a standard deviation of exactly 0."""

    def __init__(self) -> None:
        self.count: np.ndarray | None = None
        self.mean: np.ndarray | None = None
        self.m2: np.ndarray | None = None

    def add(self, value: np.ndarray) -> None:
        """One replication's values."""
        self.add_many(value[None])

    def add_many(self, values: np.ndarray) -> None:
        """Replications' values, ``[replications, ...]``, merged one after the other (a
        replication's count, mean and sum of squares: 1 or 0, its value, 0)."""
        seen = ~np.isnan(values)
        counts, means, none = seen.astype(np.int64), np.where(seen, values, 0.0), \
            np.zeros(values.shape[1:])
        for count, mean in zip(counts, means, strict=True):
            self._merge(count, mean, none)

    def extend(self, other: Moments) -> None:
        if other.count is not None:
            self._merge(other.count, other.mean, other.m2)

    def _merge(self, count: np.ndarray, mean: np.ndarray, m2: np.ndarray) -> None:
        if self.count is None:
            self.count, self.mean, self.m2 = count.copy(), mean.copy(), m2.copy()
            return
        a, b = self.count, count
        n = a + b
        both = (a > 0) & (b > 0)
        weight = np.divide(b, n, out=np.zeros(n.shape), where=both)
        delta = np.where(both, mean - self.mean, 0.0)
        self.mean = np.where(a == 0, mean, np.where(b == 0, self.mean, self.mean + delta * weight))
        self.m2 = self.m2 + m2 + delta * delta * a * weight
        self.count = n

    @property
    def std(self) -> np.ndarray:
        """Sample standard deviation (ddof 1); NaN with fewer than two values."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.count > 1, np.sqrt(self.m2 / (self.count - 1)), np.nan)

    @property
    def average(self) -> np.ndarray:
        return np.where(self.count > 0, self.mean, np.nan)


class Aggregate:
    """Replications folded together, in index order."""

    def __init__(self) -> None:
        self._indices = Rows(np.int64)
        self._metrics = Rows()
        self._drawn = Rows()
        self.drawn_names: tuple[str, ...] = ()
        self._providers = Moments()
        self._pending: list = []
        """What ``providers`` has still to take from the sample, in order (``Pending``):
        a chunk whose every replication is in the sample leaves its moments to be made
        from the sample's rows when they are read, which a run within the sample never
        does (its statistics come from the sample)."""
        self._provider_sample = Rows()
        self._yearly_sample = Rows()
        self._month_sample = Rows(np.int64)
        """Each sampled replication's cost by month and funder (the gap last), whole cents
        ``[months, funders+gap]``: compare pairs a part of the period replication by
        replication (``cost_splits``, the actual and forecast months of a year)."""
        self.sample_limit = 0
        self.flows: np.ndarray | None = None
        self.ledger: np.ndarray | None = None
        self.transfer: np.ndarray | None = None
        self.fiscal: np.ndarray | None = None
        """Sum over replications of each budget's paid, saved and returns per year, whole
        cents ``[years, budgets, 3]`` (int64: exact in any order)."""
        self.paid_cash: np.ndarray | None = None
        """Sum over replications of each budget's cash per calendar year it is paid in,
        whole cents ``[cash years, budgets]``, its years as many as the longest
        replication's (int64: exact in any order)."""
        self.structure: np.ndarray | None = None
        self.yearly: np.ndarray | None = None
        """Sum over replications of the per-year table ``[years, categories, funders+gap]``."""
        self.quantities: np.ndarray | None = None
        """Sum over replications of slot-months and participant-months ``[years,
        providers, 2]`` (the plan's quantity basis)."""
        self.slots: np.ndarray | None = None
        """Sum over replications of the slots in force ``[months, providers]``."""
        self.cashflow: np.ndarray | None = None
        """Summed cash flow, its months as long as the longest replication's."""
        self.lowest: np.ndarray | None = None
        """How many replications reach their peak need in each month, ``[months,
        providers + 1]`` int64 (the program last; ``Outcome.lowest``): the months a credit
        line is drawn in, over every replication, in memory flat in their number."""
        self._balances: list[np.ndarray] = []
        self._flow_sample = Rows(np.float32)
        """Program flows ``[months, columns]`` of the sampled replications (float32: for
        the bands of report.html's charts, not for tables)."""
        self.seconds = 0.0
        """CPU seconds a chunk took in its worker (``runner._Pace`` sizes tasks by it)."""

    def add(self, indices: Sequence[int], outcomes: Sequence[Outcome],
            drawn: Sequence[dict[str, float]]) -> None:
        """Replications ``indices`` (in order), their outcomes and drawn values: each
        running sum adds them one after the other, as one by one."""
        first = outcomes[0]
        if not self.sample_limit:
            self.sample_limit = sample_limit(first.provider_metrics.nbytes
                                             + first.yearly.nbytes + first.balance.nbytes)
        self._indices.append(np.asarray(indices, dtype=np.int64))
        self._metrics.append(np.stack([o.metric_values for o in outcomes]))
        self.drawn_names = tuple(drawn[-1])
        self._drawn.append(np.array([list(d.values()) for d in drawn], dtype=float))
        providers = np.stack([o.provider_metrics for o in outcomes])
        sampled = [k for k, index in enumerate(indices) if index < self.sample_limit]
        if len(sampled) == len(indices):
            self._pending.append((self.sample_size, self.sample_size + len(sampled)))
        else:
            self._settle()
            self._providers.add_many(providers)
        if sampled:
            self._provider_sample.append(providers[sampled])
            self._yearly_sample.append(np.stack([outcomes[k].yearly for k in sampled]))
            self._month_sample.append(np.stack([outcomes[k].ledger.sum(axis=(1, 2))
                                                for k in sampled]))
            self._balances += [outcomes[k].balance for k in sampled]
            self._flow_sample.append(np.stack([outcomes[k].flows[:, -1, :] for k in sampled])
                                     .astype(np.float32))
        for outcome in outcomes:
            self._add_sums(outcome)
        self.lowest = _plus_counts(self.lowest, lowest_counts(
            np.stack([o.lowest for o in outcomes])))

    def extend(self, other: Aggregate) -> None:
        """Append a later chunk."""
        if not other.count:
            return
        self.sample_limit = self.sample_limit or other.sample_limit
        self.drawn_names = other.drawn_names
        self._indices.append(other._indices.values)
        self._metrics.append(other._metrics.values)
        self._drawn.append(other._drawn.values)
        offset = self.sample_size
        if other._provider_sample.n:
            self._provider_sample.append(other._provider_sample.values)
            self._yearly_sample.append(other._yearly_sample.values)
            self._month_sample.append(other._month_sample.values)
            self._balances += other._balances
            self._flow_sample.append(other._flow_sample.values)
        pending = _shifted(other._pending, offset)
        if other._providers.count is None:
            if pending:  # its moments, made from the sample when read, merged as a part
                self._pending.append(pending)
        else:  # merged now, so the moments of chunks beyond the sample are not kept
            part = Moments()
            part.extend(other._providers)
            self._replay(part, pending)
            self._settle()
            self._providers.extend(part)
        self._add_sums(other)
        self.lowest = _plus_counts(self.lowest, other.lowest)

    def _add_sums(self, part: Outcome | Aggregate) -> None:
        """Add a replication's (or a later chunk's sums) to each running sum (``SUMS``),
        and its cash flow, padded to the longer."""
        for name in SUMS:
            setattr(self, name, _plus(getattr(self, name), getattr(part, name)))
        self.cashflow = _plus_padded(self.cashflow, part.cashflow)
        self.paid_cash = _plus_padded(self.paid_cash, part.paid_cash)

    @property
    def providers(self) -> Moments:
        """Per-provider metrics of every replication, ``[providers, metrics]`` per cell
        (read only beyond the sample: within it, its rows give every statistic)."""
        self._settle()
        return self._providers

    def _settle(self) -> None:
        """``providers`` takes what it has pending."""
        self._replay(self._providers, self._pending)
        self._pending = []

    def _replay(self, moments: Moments, pending: list) -> None:
        """Add ``pending`` to ``moments`` as ``add`` and ``extend`` would have added it
        when it came: a chunk's replications one by one, a part's moments (made the same
        way from nothing) merged as one: the very same sums."""
        for item in pending:
            if isinstance(item, tuple):
                moments.add_many(self.provider_sample[item[0]:item[1]])
            else:
                part = Moments()
                self._replay(part, item)
                moments.extend(part)

    @property
    def count(self) -> int:
        return self._indices.n

    @property
    def indices(self) -> np.ndarray:
        return self._indices.values

    @property
    def metrics(self) -> np.ndarray:
        """``[replications, metrics]``: every replication's program metrics (a view)."""
        return self._metrics.values

    @property
    def drawn(self) -> np.ndarray:
        """``[replications, drawn parameters]`` in ``drawn_names`` order (a view)."""
        return self._drawn.values.reshape(self.count, len(self.drawn_names))

    @property
    def provider_sample(self) -> np.ndarray:
        """``[k, providers, metrics]``: the first ``k = sample_size`` replications."""
        return self._provider_sample.values

    @property
    def yearly_sample(self) -> np.ndarray:
        """``[k, years, categories, funders+gap]``: the first ``sample_size`` replications."""
        return self._yearly_sample.values

    @property
    def month_sample(self) -> np.ndarray:
        """``[k, months, funders+gap]``: the cost by month and funder of the first
        ``sample_size`` replications, whole cents."""
        return self._month_sample.values

    @property
    def cost_sample(self) -> np.ndarray:
        """``[k, months]``: the cost by month of the first ``sample_size`` replications,
        whole cents."""
        return self.month_sample.sum(axis=2)

    def balances(self) -> np.ndarray:
        """The balance of the first ``sample_size`` replications, ``[sample, months,
        providers + 1]``; a shorter cash flow keeps its last balance (nothing moves after
        its last payment)."""
        first = self._balances[0]
        months = max(b.shape[0] for b in self._balances)
        out = np.empty((len(self._balances), months, first.shape[1]), first.dtype)
        for row, balance in zip(out, self._balances, strict=True):  # np.pad's "edge", 20x quicker
            row[:len(balance)] = balance
            row[len(balance):] = balance[-1]
        return out

    def program_flow_rows(self) -> np.ndarray:
        """The program flows of the first ``sample_size`` replications, ``[sample,
        months, columns]`` (``FLOW_COLUMNS``)."""
        return self._flow_sample.values

    @property
    def exact(self) -> bool:
        """The sample holds every replication (then statistics are taken from it, exactly
        as from a list of every replication's tables)."""
        return self.sample_size == self.count

    def provider_mean(self) -> np.ndarray:
        """``[providers, metrics]`` over every replication, NaN left out."""
        if self.exact:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                return np.nanmean(self.provider_sample, axis=0)
        return self.providers.average

    def yearly_mean(self) -> np.ndarray:
        """``[years, categories, funders+gap]`` over every replication."""
        return self.yearly_sample.mean(axis=0) if self.exact else self.yearly / self.count

    @property
    def sample_size(self) -> int:
        return self._provider_sample.n

    @property
    def nbytes(self) -> int:
        """Memory held, in bytes (the test of flat memory reads it)."""
        arrays = [self.flows, self.ledger, self.fiscal, self.paid_cash, self.structure,
                  self.yearly, self.quantities, self.slots, self.cashflow, self.lowest,
                  self._providers.count, self._providers.mean, self._providers.m2,
                  *self._balances]
        rows = [self._indices, self._metrics, self._drawn, self._provider_sample,
                self._yearly_sample, self._month_sample, self._flow_sample]
        return sum(a.nbytes for a in arrays if a is not None) + sum(r.nbytes for r in rows)

    def percentile_note(self) -> dict:
        """How exact the percentiles of the per-provider and per-year tables are."""
        k, n = self.sample_size, self.count
        note = {"replications": n, "sample": k, "exact": k == n}
        if k < n:
            note["rank_error_sd_points"] = {
                f"p{round(100 * p):02d}": round(100 * math.sqrt(p * (1 - p) / k), 3)
                for p in (0.05, 0.5, 0.95)}
        return note


Pending = list
"""Items of an aggregate's pending moments: ``(start, stop)``, rows of its sample added one
by one; a list of items, a part whose moments are made from them and merged as one."""


def _shifted(pending: Pending, offset: int) -> Pending:
    """``pending``'s rows ``offset`` rows later (a chunk's sample appended to the run's)."""
    return [(item[0] + offset, item[1] + offset) if isinstance(item, tuple)
            else _shifted(item, offset) for item in pending]


def _plus(total: np.ndarray | None, value: np.ndarray) -> np.ndarray:
    """``total + value``, added in place: the running sums are the aggregate's own
    copies, and a new array per replication would cost more than the addition."""
    if total is None:
        return value.copy()
    total += value
    return total


def _plus_padded(total: np.ndarray | None, value: np.ndarray) -> np.ndarray:
    """Sum of cash flows (or cash by year) whose months (years) may differ (a drawn
    payment lag): zeros pad, in the sums' dtype (whole cents stay integers)."""
    if total is None:
        return value.copy()
    if total.shape == value.shape:
        total += value
        return total
    months = max(total.shape[0], value.shape[0])
    out = np.zeros((months, *total.shape[1:]), dtype=np.result_type(total, value))
    out[:total.shape[0]] += total
    out[:value.shape[0]] += value
    return out


def lowest_counts(lowest: np.ndarray) -> np.ndarray:
    """How many of the replications ``lowest`` (``[R, columns]``, ``Outcome.lowest``: a
    month index, -1 for none) reach their peak need in each month, ``[months, columns]``
    (as many months as the latest needs)."""
    months = int(lowest.max()) + 1
    counts = np.zeros((months, lowest.shape[1]), dtype=np.int64)
    rows, columns = np.nonzero(lowest >= 0)
    np.add.at(counts, (lowest[rows, columns], columns), 1)
    return counts


def _plus_counts(total: np.ndarray | None, counts: np.ndarray | None) -> np.ndarray | None:
    """Two ``lowest_counts`` added, the shorter padded with zeros."""
    if total is None or counts is None:
        return None if total is None and counts is None else (
            counts if total is None else total).copy()
    out = np.zeros((max(len(total), len(counts)), total.shape[1]), dtype=np.int64)
    out[:len(total)] += total
    out[:len(counts)] += counts
    return out

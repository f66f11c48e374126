"""Statistics over replications, defined once for every table and comparison.

``std`` is the sample standard deviation (ddof 1), percentiles are numpy's default
(linear). A metric undefined in a replication (e.g. ``cost_per_placement`` with no
placement) is NaN there and left out.
"""

from __future__ import annotations

import warnings

import numpy as np

STAT_COLUMNS = ("mean", "std", "p05", "p50", "p95")


def stats(values: np.ndarray, axis: int = 0) -> dict[str, np.ndarray]:
    """Mean, sample std and the 5/50/95th percentiles along ``axis``, ignoring NaN.

    Each mean and std adds its values in the order ``np.nanmean`` adds one metric's own
    column (``by_row``): so a metric's statistics are the same bits in every table that
    shows them (summary.csv from all metrics at once, comparison.csv from one), and a
    mean on a half cent rounds the same way in both."""
    rows = by_row(values, axis)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns stay NaN
        p05, p50, p95 = _percentiles(rows)
        count = np.sum(~np.isnan(rows), axis=-1)
        std = np.nanstd(rows, axis=-1, ddof=1) if rows.shape[-1] > 1 else np.nan
        return {"mean": defined_mean(rows, axis=-1), "std": np.where(count > 1, std, np.nan),
                "p05": p05, "p50": p50, "p95": p95}


def mean_cents(summed: np.ndarray, count: int) -> np.ndarray:
    """The mean of whole cents ``summed`` over ``count`` replications, whole cents
    rounded half a cent up, worked out in integers (exact on a half cent, where the mean
    of EUR floats falls a hair either side of it)."""
    return (2 * summed + count) // (2 * count)


def by_row(values: np.ndarray, axis: int) -> np.ndarray:
    """``values`` with ``axis`` moved last, each row contiguous: numpy then sums every row
    pairwise, as it sums a column taken out on its own; summed along a leading axis it
    adds row after row instead, and the last bits differ."""
    return np.ascontiguousarray(np.moveaxis(np.asarray(values, dtype=float), axis, -1))


def replication_means(values: np.ndarray, axis: int = 0) -> np.ndarray:
    """The mean over ``axis`` (the replications) of the values defined, added as ``stats``
    adds them (``by_row``): a sensitivity point's mean of a metric is then the same bits
    as ``finsim run``'s summary.csv mean of the same replications. Taken along a middle
    axis numpy adds them in another order: an exact half cent (1,984,891.645) came out a
    hair above it and rounded to .65, where summary.csv's rounded to .64."""
    return defined_mean(by_row(values, axis), axis=-1)


def defined_mean(values: np.ndarray, axis: int | None = None) -> np.ndarray | float:
    """The mean of the values defined (not NaN) along ``axis``; NaN, and no numpy warning
    on the user's terminal, where none is (``cost_per_placement`` when nobody was placed
    in any replication)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(values, axis=axis)


def _percentiles(rows: np.ndarray) -> np.ndarray:
    """``np.nanpercentile(rows, [5, 50, 95], axis=-1)`` of ``by_row``'s rows, value for
    value: numpy's nanpercentile takes every row on its own (slow for thousands of them),
    so it is used only for the rows that hold a NaN, and ``np.percentile`` for the rest
    (quicker along the rows, each contiguous, than down the columns of before)."""
    flat = rows.reshape(-1, rows.shape[-1])
    out = np.percentile(flat, [5, 50, 95], axis=1)
    holes = np.isnan(flat).any(axis=1)
    if holes.any():
        out[:, holes] = np.nanpercentile(flat[holes], [5, 50, 95], axis=1)
    return out.reshape(3, *rows.shape[:-1])


def quantile(values: np.ndarray, level: float) -> float:
    """The ``level`` quantile of one metric over replications: numpy's default (linear),
    NaN left out."""
    return float(np.nanquantile(values, level))

"""Numbers in results files as people write them.

Money is EUR with exactly two decimals, rounded from whole cents (a mean over
replications of 7508.058110000002 is written ``7508.06``); counts (people, months,
slot-months), shares and rates carry at most six decimals (``units.DECIMALS``). Which
cell is which follows from names: a table in long form names its metric in a ``metric`` column
(so ``mean``, ``std``, ``p05``... of a money metric are money), a table in wide form
names it in the column. Cells of any other kind (drawn parameters, indices) are written
as computed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from ..units import DECIMALS, kind
from .amounts import half_up

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")

STATISTICS = frozenset({"mean", "std", "se", "p05", "p50", "p95", "swing", "value", "mu",
                        "mu_star", "mu_star_conf", "sigma"})
STATISTIC_PREFIXES = ("delta_", "metric_", "se_", "mean_", "p05_", "p95_")
"""Columns of a long table that are in the unit of the row's metric; others (a drawn
parameter's ``low`` and ``high``, an elasticity, an index) are written as computed."""


def _of_the_metric(column: object) -> bool:
    return isinstance(column, str) and (column in STATISTICS
                                        or column.startswith(STATISTIC_PREFIXES))


def column_kind(column: object, rows: T | None) -> str | T | None:
    """A float column's kind: its own name's, else, in a long table (``rows``: the kind
    of each row's metric), the rows' where the column is a statistic of the metric."""
    own = kind(column)
    return rows if own is None and rows is not None and _of_the_metric(column) else own


def cents(values: np.ndarray | pd.Series) -> np.ndarray:
    """EUR rounded to whole cents (half to even), as EUR."""
    return np.rint(np.asarray(values, dtype=float) * 100.0) / 100.0


def cell_kinds(frame: pd.DataFrame) -> dict[int, pd.Series | str | None]:
    """The kind of each float column by position: one kind for the column, or per row
    (a Series) when the rows name their metric."""
    import pandas as pd  # here: CSV tables of plain columns are written without it

    rows = frame["metric"].map(kind) if "metric" in frame.columns else None
    out: dict[int, pd.Series | str | None] = {}
    for i, (column, dtype) in enumerate(zip(frame.columns, frame.dtypes, strict=True)):
        if pd.api.types.is_float_dtype(dtype):
            out[i] = column_kind(column, rows)
    return out


def rounded(frame: pd.DataFrame, cells: Cells | None = None) -> pd.DataFrame:
    """The frame with money at whole cents, counts and ratios at six decimals
    (numbers stay numbers, for tables shown or written elsewhere); ``cells``: another rule
    per kind (``held_cells``). Every float column is rounded as a float64 array (a missing
    value as NaN) and set back at once, in its own type: float32 as the nearest float32,
    a nullable column with its missing values."""
    import pandas as pd

    cells = rounded_cells if cells is None else cells
    frame = frame.copy()
    for i, k in cell_kinds(frame).items():
        if k is None:
            continue
        column = frame.iloc[:, i]
        values = cells(column.to_numpy(dtype=np.float64, na_value=np.nan), k)
        if column.dtype != np.float64:
            values = pd.Series(values, index=frame.index).astype(column.dtype)
        frame.isetitem(i, values)
    return frame


def rounded_cells(values: np.ndarray, k: pd.Series | np.ndarray | str) -> np.ndarray:
    """``values`` rounded for their kind, one for all or one per row (a Series or an
    object array)."""
    if isinstance(k, str):
        return _round(values, DECIMALS[k])
    new = values.copy()
    for name, places in DECIMALS.items():
        mask = np.asarray(k == name, dtype=bool)
        new[mask] = _round(values[mask], places)
    return new


def held_cells(values: np.ndarray, k: pd.Series | np.ndarray | str) -> np.ndarray:
    """``values`` as a workbook cell holds them, its number format showing them rounded
    (money as the CSV writes it, counts to three decimals, shares to 0.01 %): unrounded,
    so that a formula over them (the ratio of means, total / count) gives the terminal's
    and the page's figure, not one over a rounded count. The CSV's figure itself where
    the spreadsheet would show the value otherwise: one that rounds to zero (a
    spreadsheet shows -0.001 as -0.00) and one on an exact half, which the spreadsheet
    rounds up (``amounts.half_up``) and the CSV to the nearest binary float's side."""
    written = rounded_cells(values, k)
    places = _places(k, len(values))
    shown = np.array([v if np.isnan(v) or p < 0 else float(half_up(v, p))
                      for v, p in zip(values.tolist(), places.tolist(), strict=True)])
    same = (shown == written) & (written != 0)
    return np.where(same | np.isnan(written), values, written + 0.0)  # -0.0 as 0


def _places(k: pd.Series | np.ndarray | str, n: int) -> np.ndarray:
    """The decimals of each of ``n`` cells of kind ``k`` (one for all or one per row);
    -1 where the kind rounds nothing."""
    if isinstance(k, str):
        return np.full(n, DECIMALS[k])
    kinds = np.asarray(k, dtype=object)
    return np.array([DECIMALS.get(x, -1) if isinstance(x, str) else -1 for x in kinds])


Cells = Callable[[np.ndarray, "pd.Series | np.ndarray | str"], np.ndarray]
"""A rule for a float column's cells by kind: ``rounded_cells`` or ``held_cells``."""


def formatted(frame: pd.DataFrame, decimal: str = ".") -> pd.DataFrame:
    """The frame for a CSV: money as text with exactly two decimals (NaN empty), counts
    and ratios rounded; ``decimal`` is the decimal mark of the cells made text (a column
    mixing money and other rows is text throughout)."""
    import pandas as pd

    frame = rounded(frame)
    for i, k in cell_kinds(frame).items():
        mask = (k == "money").to_numpy() if isinstance(k, pd.Series) else k == "money"
        if not np.any(mask):
            continue
        values = frame.iloc[:, i].to_numpy(dtype=float)
        if isinstance(k, pd.Series):
            text = np.empty(len(values), dtype=object)
            text[mask] = texts(values[mask], _money_texts, decimal)
            text[~mask] = texts(values[~mask], _plain_texts, decimal)
        else:
            text = texts(values, _money_texts, decimal)
        frame.isetitem(i, pd.Series(text, index=frame.index, dtype=object))
    return frame


def texts(values: np.ndarray, write: Callable[[np.ndarray, str], list[str]],
          decimal: str) -> np.ndarray:
    """``write(distinct values, decimal)`` spread over ``values`` as an object array:
    each distinct value is written once (a ledger's money repeats: zeros, the same wages;
    formatting a float is what costs). Values are told apart by their bits, so ``-0.0``
    stays itself."""
    bits = np.ascontiguousarray(values, dtype=np.float64).view(np.int64)
    distinct, where = np.unique(bits, return_inverse=True)
    written = np.empty(len(distinct), dtype=object)
    written[:] = write(distinct.view(np.float64), decimal)
    return written[where.reshape(-1)]


def _round(values: np.ndarray, places: int) -> np.ndarray:
    """Rounded to ``places`` decimals; a value so large that scaling it overflows (beyond
    1e305) has no such decimals in a float anyway and stays as it is."""
    with np.errstate(over="ignore", invalid="ignore"):
        rounded_ = np.round(values * 10**places) / 10**places
    return np.where(np.isinf(rounded_) & np.isfinite(values), values, rounded_)


def _money_texts(values: np.ndarray, decimal: str) -> list[str]:
    """Whole cents (already rounded) with two decimals, NaN empty; -0.0 is zero (``0.00``,
    or ``0,00`` with a decimal comma), never ``-0.00``."""
    written = _marked([f"{v:.2f}" for v in values.tolist()], np.isnan(values), decimal)
    for i in np.flatnonzero((values == 0) & np.signbit(values)).tolist():
        written[i] = f"0{decimal}00"
    return written


def _plain_texts(values: np.ndarray, decimal: str) -> list[str]:
    """As computed (Python's shortest repr), NaN empty."""
    return _marked(list(map(repr, values.tolist())), np.isnan(values), decimal)


def _marked(written: list[str], missing: np.ndarray, decimal: str) -> list[str]:
    """``written`` with the missing values empty and the decimal mark ``decimal``."""
    for i in np.flatnonzero(missing).tolist():
        written[i] = ""
    return written if decimal == "." else [t.replace(".", decimal) for t in written]

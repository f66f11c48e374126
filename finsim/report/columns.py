"""A result table as plain columns, before it becomes a DataFrame or a CSV file.

A long table (the ledger: month x provider x category x funder) repeats a few texts over
many rows: a text column is kept as its distinct texts and each row's index into them
(``Labels``), so that a CSV writer quotes and neutralises each text once
(``csv_text.table_csv``) and needs no pandas. The Python API's DataFrames are made from
the same columns (``frame``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from .numbers import Cells


@dataclass(frozen=True)
class Labels:
    """A text column: ``texts[codes[row]]`` is the row's cell."""

    texts: Sequence[str]
    codes: np.ndarray

    def cells(self) -> np.ndarray:
        """Every row's text, as an object array."""
        return np.array(self.texts, dtype=object)[self.codes]


Column = np.ndarray | Labels
Table = dict[str, Column]
"""Column name -> a number array (float64, int64 or bool) or a text column, every column
as long as the others."""


def product(*levels: Sequence[str]) -> list[Labels]:
    """The text columns of every combination of ``levels``, the last varying fastest
    (``pandas.MultiIndex.from_product(levels).to_frame()``)."""
    shape = tuple(len(level) for level in levels)
    grid = np.indices(shape, dtype=np.int64).reshape(len(levels), -1)
    return [Labels(list(level), codes) for level, codes in zip(levels, grid, strict=True)]


def frame(table: Table) -> pd.DataFrame:
    """The table as a DataFrame: text columns of pandas' ``str`` type (an empty one as
    pandas makes it of an empty list), numbers as they are."""
    import pandas as pd

    return pd.DataFrame({name: _cells(column) if isinstance(column, Labels) else column
                         for name, column in table.items()})


def _cells(column: Labels) -> pd.Series | list:
    import pandas as pd

    return pd.Series(column.cells(), dtype="str") if len(column.codes) else []


Kind = np.ndarray | str | None
"""A float column's kind (``numbers.kind``): one for the column, per row (an object
array) where the rows name their metric, or None (written as computed)."""


def kinds(table: Table) -> dict[str, Kind]:
    """The kind of each float column, as ``numbers.cell_kinds`` finds it in a frame."""
    from .numbers import column_kind, kind

    rows = None
    if "metric" in table:
        metric = table["metric"]
        rows = (np.array([kind(text) for text in metric.texts], dtype=object)[metric.codes]
                if isinstance(metric, Labels) else np.full(len(metric), None, dtype=object))
    out: dict[str, Kind] = {}
    for name, column in table.items():
        if isinstance(column, np.ndarray) and column.dtype.kind == "f":
            out[name] = column_kind(name, rows)
    return out


def rounded(table: Table, found: dict[str, Kind] | None = None,
            cells: Cells | None = None) -> Table:
    """The table with money at whole cents, counts and ratios at six decimals
    (``numbers.rounded`` of its frame), for the kinds ``found`` (else ``kinds``);
    ``cells``: another rule per kind (``numbers.held_cells`` for a workbook's cells)."""
    from .numbers import rounded_cells

    cells = rounded_cells if cells is None else cells
    out = dict(table)
    for name, k in (kinds(table) if found is None else found).items():
        if k is not None:
            out[name] = cells(table[name], k)
    return out

"""Result tables as CSV text, byte for byte what ``DataFrame.to_csv(index=False)`` writes
of their formatted cells, in a fraction of the time for the long tables of a results folder.

``to_csv`` hands every row to the ``csv`` module: about 1.5 µs a row, a quarter of a
second for a national ledger (144,000 rows). A results table repeats a few texts (months,
ids, categories) and many numbers, so here each distinct text is neutralised and quoted
once, by the ``csv`` module with pandas' dialect, each distinct number formatted once,
and rows are joined column-wise. ``table_csv`` writes a table of plain columns
(``report.columns``) without pandas; ``csv_text`` a DataFrame whose money is already
text: number and true/false columns are written by pandas itself, each distinct value
once (they never need quoting), and anything else (dates, categories, objects that are
not all texts, names that are not text, a single column) goes to ``to_csv`` as is.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np

from .columns import Kind, Labels, Table, kinds, rounded

if TYPE_CHECKING:
    import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV text cell as a formula (OWASP, CSV injection)."""


def neutralised(value: object) -> object:
    """A text that a spreadsheet would run as a formula, with a leading apostrophe (as
    OWASP recommends); anything else, numbers above all, as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def writable(table: Table) -> bool:
    """Whether ``table_csv`` writes the table: text names, at least two columns, each a
    text column or a float64, int64 or bool array (else write its ``frame``)."""
    return len(table) > 1 and all(
        isinstance(name, str) and (isinstance(column, Labels) or (
            isinstance(column, np.ndarray) and column.ndim == 1
            and column.dtype in (np.float64, np.int64, np.bool_)))
        for name, column in table.items())


def table_csv(table: Table, sep: str = ",", decimal: str = ".",
              end: str = os.linesep) -> str:
    """The CSV text ``files.write_csv`` writes of ``columns.frame(table)`` (for a
    ``writable`` table): text cells and names neutralised, money with two decimals,
    counts and ratios rounded (``numbers``)."""
    return "".join(table_chunks(table, sep, decimal, end))


def table_chunks(table: Table, sep: str = ",", decimal: str = ".", end: str = os.linesep,
                 rows: int = 8192) -> Iterator[str]:
    """``table_csv`` in pieces of ``rows`` lines, to be written one by one: a national
    ledger's 5 MB of text, and its cells, are never made at once (their pages cost as
    much system time as the joining), nor are the cells of 100,000 replications' metrics,
    most of them distinct (a Python text each, about 60 bytes: 300 MB at once). The texts
    of a text column are quoted once for the table, the numbers formatted piece by piece,
    each distinct number of a piece once. A kind does not change by neutralising."""
    found = kinds(table)
    table = rounded(table, found)
    quote = _Quoter(sep, end)
    texts = {name: quote.labels(column) for name, column in table.items()
             if isinstance(column, Labels)}
    yield sep.join(quote.one(neutralised(name)) for name in table) + end
    first = next(iter(table.values()))
    for at in range(0, len(first.codes if isinstance(first, Labels) else first), rows):
        part = slice(at, at + rows)
        columns = [_piece(texts[name], part) if name in texts
                   else _piece(_number_cells(column[part], _rows(found.get(name), part),
                                             decimal))
                   for name, column in table.items()]
        yield end.join(map(sep.join, zip(*columns, strict=True))) + end


def _rows(k: Kind, part: slice) -> Kind:
    """A column's kind for the rows of ``part`` (a kind per row is cut, one for the
    column stays)."""
    return k[part] if isinstance(k, np.ndarray) else k


def _piece(cells: Cells, part: slice = slice(None)) -> list[str]:
    """The cells of the rows of ``part``."""
    written, where = cells
    return (written[part] if where is None else written[where[part]]).tolist()


Cells = tuple[np.ndarray, np.ndarray | None]
"""A column's cells: the distinct cells (an object array) and each row's index into them
(None: a cell per row)."""


def _number_cells(values: np.ndarray, k: Kind, decimal: str) -> Cells:
    """A number column's cells, rounded already: money as text with two decimals (the
    other rows of a column with money rows as computed, ``numbers._plain_texts``), all
    else as pandas writes numbers."""
    from .numbers import _money_texts, _plain_texts

    money = k == "money"
    if not np.any(money):
        return _spread(values, lambda v: _numbers(v, decimal))
    if isinstance(k, str):
        return _spread(values, lambda v: _money_texts(v, decimal))
    out = np.empty(len(values), dtype=object)
    for rows, write in ((money, _money_texts), (~money, _plain_texts)):
        written, where = _spread(values[rows], lambda v, w=write: w(v, decimal))
        out[rows] = written[where]
    return out, None


def _spread(values: np.ndarray, write: Callable[[np.ndarray], list[str]]) -> Cells:
    """``write`` of each distinct value (told apart by its bits: ``-0.0`` stays itself)
    and where each row's is; formatting a number is what costs, and a long table repeats
    many (a ledger's zeros, the same wages; a column of one value is not even sorted)."""
    bits = np.ascontiguousarray(values).view(f"u{values.dtype.itemsize}")
    if len(bits) and (bits == bits[0]).all():
        distinct, where = bits[:1], np.broadcast_to(np.intp(0), len(bits))
    else:
        distinct, where = np.unique(bits, return_inverse=True)
    cells = np.empty(len(distinct), dtype=object)
    cells[:] = write(distinct.view(values.dtype))
    return cells, where.reshape(-1)


def _numbers(values: np.ndarray, decimal: str) -> list[str]:
    """Numbers as pandas writes them: numpy's ``str`` (NaN empty, the first ``.`` the
    decimal mark)."""
    cells = values.astype(str).tolist()
    if values.dtype.kind == "f":
        if decimal != ".":
            cells = [c.replace(".", decimal, 1) for c in cells]
        for i in np.flatnonzero(np.isnan(values)).tolist():
            cells[i] = ""
    return cells


def csv_text(frame: pd.DataFrame, sep: str = ",", decimal: str = ".",
             end: str = os.linesep) -> str:
    """``frame.to_csv(index=False, sep=sep, decimal=decimal)``, lines ending in ``end``
    (pandas' default: the system's)."""
    columns = [frame.iloc[:, i] for i in range(frame.shape[1])]
    kinds = [_kind(column) for column in columns]
    if (frame.shape[1] < 2 or None in kinds
            or not all(isinstance(name, str) for name in frame.columns)):
        return _pandas(frame, sep, decimal, end)
    quote = _Quoter(sep, end)
    try:
        texts = {i: quote.column(columns[i]) for i, k in enumerate(kinds) if k == "text"}
    except TypeError:  # an unhashable cell: let pandas write it
        return _pandas(frame, sep, decimal, end)
    texts.update({i: _number_column(columns[i], sep, decimal, end)
                  for i, k in enumerate(kinds) if k == "number"})
    header = sep.join(quote.one(name) for name in frame.columns)
    rows = map(sep.join, zip(*(texts[i] for i in range(frame.shape[1])), strict=True))
    return end.join([header, *rows]) + end


def _kind(column: pd.Series) -> str | None:
    """``text`` (quoted here), ``number`` (written by pandas) or None (the whole frame
    written by pandas). An object column is text if it holds only texts (and missing
    values): 0, 0.0 and False are equal keys, so mixed cells cannot be told apart by
    value."""
    import pandas as pd

    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return None
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if pd.api.types.is_object_dtype(dtype):
        inferred = pd.api.types.infer_dtype(column, skipna=True)
        return "text" if inferred in ("string", "empty") else None
    return "text" if pd.api.types.is_string_dtype(dtype) else None


def _pandas(frame: pd.DataFrame, sep: str, decimal: str, end: str,
            header: bool = True) -> str:
    return frame.to_csv(index=False, sep=sep, decimal=decimal, lineterminator=end,
                        header=header)


def _number_column(column: pd.Series, sep: str, decimal: str, end: str) -> list[str]:
    """A number column's cells as pandas writes them, each distinct value once (by its
    bits, so ``-0.0`` stays itself); numbers never need quoting. Integers, true/false,
    float64 and other floats with a ``.`` decimal mark are ``_numbers`` (numpy's ``str``
    of each value, NaN empty, as pandas' CSV writer makes them); other floats with
    another mark and nullable types are written by pandas (a row of one empty cell is
    written ``""`` by the csv module: here the cell is empty)."""
    import pandas as pd

    values = column.to_numpy()
    if isinstance(column.dtype, np.dtype) and values.dtype.kind in "fiub":
        if values.dtype.kind != "f" or decimal == "." or values.dtype == np.float64:
            written, where = _spread(values, lambda v: _numbers(v, decimal))
            return written[where].tolist()
        bits = np.ascontiguousarray(values).view(f"u{values.dtype.itemsize}")
        distinct, where = np.unique(bits, return_inverse=True)
        column = pd.Series(distinct.view(values.dtype), dtype=column.dtype)
    else:  # a nullable type: every cell
        where = np.arange(len(column))
    lines = _pandas(column.to_frame(), sep, decimal, end, header=False).split(end)[:-1]
    cells = np.array(["" if line == '""' else line for line in lines], dtype=object)
    return cells[where.reshape(-1)].tolist()


class _Quoter:
    """Cells as the csv module writes them in pandas' dialect (minimal quoting)."""

    def __init__(self, sep: str, end: str) -> None:
        self._buffer = io.StringIO(newline="")
        self._writer = csv.writer(self._buffer, delimiter=sep, lineterminator=end)
        self._tail = len(sep) + len(end)  # the empty second cell's separator, the line end
        self._special = re.compile("[" + re.escape("".join({sep, '"', "\r", "\n", *end}))
                                   + "]")
        """What makes the csv module quote a text: without it, the text is the cell."""

    def one(self, value: object) -> str:
        """One cell as it is written in a row of several."""
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow((value, ""))
        return self._buffer.getvalue()[: -self._tail]

    def column(self, column: pd.Series) -> list[str]:
        """A text column's cells: missing values empty (pandas' ``na_rep``), each
        distinct text quoted once."""
        import pandas as pd

        codes, distinct = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
        return self._cells(distinct, codes)

    def labels(self, column: Labels) -> Cells:
        """A text column's cells, each distinct text neutralised and quoted once."""
        return self._written([neutralised(text) for text in column.texts]), column.codes

    def _cells(self, distinct: object, codes: np.ndarray) -> list[str]:
        return self._written(distinct)[codes].tolist()  # code -1 (missing): the last, ""

    def _written(self, distinct: object) -> np.ndarray:
        """Each distinct cell as written, then an empty cell."""
        plain = self._special.search
        return np.array([*(v if isinstance(v, str) and not plain(v) else self.one(v)
                           for v in distinct), ""], dtype=object)

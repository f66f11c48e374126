"""CSV files are written column-wise (``report.csv_text``) and their numbers formatted once
per distinct value (``report.numbers``) for speed: the bytes must be exactly those of
pandas' ``to_csv`` of the cell-by-cell formatting they replaced, for any table."""

from __future__ import annotations

import math
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsim.report.csv_text import csv_text
from finsim.report.files import _text_safe, write_csv
from finsim.report.numbers import cell_kinds, formatted, rounded

HOSTILE = st.text(alphabet=st.sampled_from(list("ab ,;\"'\n\r\t=+-@.0é")), max_size=6)
NAMES = st.one_of(st.sampled_from(["amount", "cost_total", "entries", "share_city", "mean",
                                   "p05", "metric", "net", "low", "slots", "occupancy_rate"]),
                  HOSTILE)
FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([0.0, -0.0, 0.005, -0.005, 1e16, 1e-7, 7508.058110000002,
                                    -440098.95386059664, 2.675, math.nan]),
                   st.integers(-10**13, 10**13).map(lambda c: c / 100))
METRICS = st.sampled_from(["cost_total", "entries", "share_city", "occupancy_rate", "x",
                           "funding_gap", "=cost"])


@st.composite
def frames(draw) -> pd.DataFrame:
    rows = draw(st.integers(0, 12))
    names = draw(st.lists(NAMES, min_size=1, max_size=6).filter(
        lambda n: n.count("metric") <= 1))  # a table names its metric in one column
    columns = {}
    for i, name in enumerate(names):
        if name == "metric":
            cells = draw(st.lists(METRICS, min_size=rows, max_size=rows))
            series = pd.Series(cells, dtype="str")
        else:
            kind = draw(st.sampled_from(["float", "float", "text", "object", "int", "bool"]))
            if kind == "float":
                series = pd.Series(draw(st.lists(FLOATS, min_size=rows, max_size=rows)),
                                   dtype=float)
            elif kind == "int":
                series = pd.Series(draw(st.lists(st.integers(-10**12, 10**12), min_size=rows,
                                                 max_size=rows)), dtype="int64")
            elif kind == "bool":
                series = pd.Series(draw(st.lists(st.booleans(), min_size=rows,
                                                 max_size=rows)), dtype=bool)
            elif kind == "text":
                cells = draw(st.lists(st.one_of(HOSTILE, st.none()), min_size=rows,
                                      max_size=rows))
                series = pd.Series(cells, dtype="str")
            else:  # object: texts mixed with numbers, as a plan's label column may be
                cells = draw(st.lists(st.one_of(HOSTILE, st.none(), FLOATS, st.integers(),
                                                st.booleans()), min_size=rows, max_size=rows))
                series = pd.Series(cells, dtype=object)
        columns[i] = series
    frame = pd.DataFrame(columns)
    frame.columns = names
    return frame


def reference_formatted(frame: pd.DataFrame, decimal: str) -> pd.DataFrame:
    """The cell-by-cell formatting ``numbers.formatted`` replaced."""
    frame = rounded(frame)
    for i, k in cell_kinds(frame).items():
        mask = (k == "money").to_numpy() if isinstance(k, pd.Series) else k == "money"
        if not np.any(mask):
            continue
        column = frame.iloc[:, i].astype(object)
        values = frame.iloc[:, i].to_numpy(dtype=float)
        money = np.broadcast_to(mask, values.shape).tolist()
        column[:] = [_money(v, decimal) if m else _plain(v, decimal)
                     for v, m in zip(values.tolist(), money, strict=True)]
        frame.isetitem(i, column)
    return frame


def _money(value: float, decimal: str) -> str:
    if math.isnan(value):
        return ""
    text = f"{value:.2f}"
    return f"0{decimal}00" if text == "-0.00" else text.replace(".", decimal)


def _plain(value: float, decimal: str) -> str:
    return "" if math.isnan(value) else repr(float(value)).replace(".", decimal)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames(), st.sampled_from([(",", "."), (";", ",")]))
def test_a_table_is_written_byte_for_byte_as_pandas_wrote_it(frame, dialect):
    sep, decimal = dialect
    safe = _text_safe(frame)
    expected = reference_formatted(safe, decimal).to_csv(index=False, sep=sep,
                                                         decimal=decimal)
    assert csv_text(formatted(safe, decimal), sep, decimal) == expected


@settings(max_examples=200, deadline=None)
@given(frames(), st.sampled_from([(",", "."), (";", ",")]))
def test_any_frame_is_written_as_to_csv_writes_it(frame, dialect):
    sep, decimal = dialect
    assert csv_text(frame, sep, decimal) == frame.to_csv(index=False, sep=sep,
                                                         decimal=decimal)


def test_a_ledger_like_table_repeats_its_texts_and_money(tmp_path):
    """The shape of a ledger: ids repeated over many rows, money with many equal cells,
    a hostile id, a quote, a separator and a line break inside ids."""
    months = [f"2013-{m:02d}" for m in range(1, 13)]
    ids = ["cjd", "=evil", 'say "hi"', "a,b", "two\nlines", "a;b"]
    frame = pd.DataFrame({"month": np.repeat(months, len(ids)), "provider": ids * 12,
                          "amount": np.tile([0.0, -0.0, 1234.565, -0.004, np.nan, 1e9 / 3],
                                            12),
                          "from_transfer": 0.0})
    for locale, sep, decimal in (("en", ",", "."), ("de", ";", ",")):
        write_csv(frame, tmp_path / f"{locale}.csv", locale)
        expected = reference_formatted(_text_safe(frame), decimal).to_csv(
            index=False, sep=sep, decimal=decimal)
        bom = b"\xef\xbb\xbf" if locale == "de" else b""  # German Excel's byte order mark
        assert (tmp_path / f"{locale}.csv").read_bytes() == bom + expected.encode()
    lines = (tmp_path / "en.csv").read_text().split(os.linesep)
    assert lines[:3] == ["month,provider,amount,from_transfer", "2013-01,cjd,0.00,0.00",
                         "2013-01,'=evil,0.00,0.00"]


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"a": ["x", None, ""]}),  # one column: a row of one empty cell is ""
    pd.DataFrame({"a": [1.5, np.nan]}),
    pd.DataFrame({0: ["x"], 1: [1.0]}),  # names that are not text
    pd.DataFrame({"a": pd.Categorical(["x", "y"]), "b": [1, 2]}),
    pd.DataFrame({"a": pd.to_datetime(["2013-01-01", "2013-02-01"]), "b": ["x", "y"]}),
    pd.DataFrame({"a": [[1], [2]], "b": ["x", "y"]}),  # unhashable cells
    pd.DataFrame({"a": pd.Series([], dtype=str), "b": pd.Series([], dtype=float)}),
    pd.DataFrame({"a": [np.nan, np.nan], "b": [np.nan, 2.0]}),
    pd.DataFrame({"a": np.array([0.1, -0.0, np.nan, 1e20, 3e-9], dtype="float32"),
                  "b": np.array([1, 2, 3, 250, 0], dtype="uint8"),
                  "c": np.array([-5, 0, 7, 2**31 - 1, 1], dtype="int32"),
                  "d": [True, False, True, True, False]}),  # numpy's other number types
])
def test_what_is_not_a_results_table_is_written_by_pandas_unchanged(frame):
    assert csv_text(frame) == frame.to_csv(index=False)
    assert csv_text(frame, ";", ",") == frame.to_csv(index=False, sep=";", decimal=",")

"""A results folder's tables are written from plain columns (``report.columns``,
``csv_text.table_csv``) without making a DataFrame: the bytes must be exactly those that
``write_csv`` writes of the same table as a DataFrame, for any table and both locales."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsim.montecarlo import RunSpec, run
from finsim.montecarlo.statistics import stats
from finsim.report import files, numbers, tables
from finsim.report.columns import Labels, frame, product, rounded
from finsim.report.csv_text import table_chunks, writable
from finsim.report.files import RESULT_TABLES, write_csv, write_table
from finsim.scenario import load_scenario

from .conftest import SMALL
from .test_csv_text import FLOATS, HOSTILE, METRICS, NAMES


@st.composite
def labels(draw, rows: int, texts=HOSTILE) -> Labels:  # noqa: ANN001 - a strategy
    distinct = draw(st.lists(texts, min_size=1, max_size=5))
    codes = draw(st.lists(st.integers(0, len(distinct) - 1), min_size=rows, max_size=rows))
    return Labels(distinct, np.array(codes, dtype=np.int64))


@st.composite
def column_tables(draw) -> dict:
    rows = draw(st.integers(0, 12))
    names = draw(st.lists(NAMES, min_size=2, max_size=6, unique=True))
    table = {}
    for name in names:
        if name == "metric":
            table[name] = draw(labels(rows, METRICS))
            continue
        kind = draw(st.sampled_from(["float", "float", "float", "text", "int", "bool"]))
        if kind == "text":
            table[name] = draw(labels(rows))
        elif kind == "float":
            table[name] = np.array(draw(st.lists(FLOATS, min_size=rows, max_size=rows)),
                                   dtype=np.float64)
        elif kind == "int":
            table[name] = np.array(draw(st.lists(st.integers(-10**12, 10**12), min_size=rows,
                                                 max_size=rows)), dtype=np.int64)
        else:
            table[name] = np.array(draw(st.lists(st.booleans(), min_size=rows,
                                                 max_size=rows)), dtype=bool)
    return table


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column_tables(), st.sampled_from(["en", "de"]), st.integers(1, 5))
def test_any_table_is_written_as_its_frame_is(tmp_path_factory, table, locale, rows):
    """Byte for byte, also when written in pieces of a few lines."""
    folder = tmp_path_factory.mktemp("t")
    assert writable(table)
    write_table(table, folder / "columns.csv", locale)
    write_csv(frame(table), folder / "frame.csv", locale)
    expected = (folder / "frame.csv").read_bytes()
    assert (folder / "columns.csv").read_bytes() == expected
    sep, decimal = (";", ",") if locale == "de" else (",", ".")
    mark = b"\xef\xbb\xbf" if locale == "de" else b""  # the file's, not the text's
    # the chunks of the table as write_table hands them over: true/false in the locale's
    # words (WAHR/FALSCH under de)
    labelled = files._boolean_labels(table, locale)
    assert mark + "".join(table_chunks(labelled, sep, decimal, rows=rows)).encode() == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column_tables())
def test_a_table_is_rounded_as_its_frame_is(table):
    pd.testing.assert_frame_equal(frame(rounded(table)), numbers.rounded(frame(table)),
                                  check_exact=True)


def test_a_product_is_every_combination_the_last_fastest():
    month, provider = product(["2013-01", "2013-02"], ["a", "b", "c"])
    assert month.cells().tolist() == ["2013-01"] * 3 + ["2013-02"] * 3
    assert provider.cells().tolist() == ["a", "b", "c"] * 2


def test_a_ledger_like_table_neutralises_quotes_and_formats_each_cell(tmp_path):
    month, provider = product(["2013-01"], ["cjd", "=evil", 'say "hi"', "a,b", "a;b"])
    table = {"month": month, "provider": provider,
             "amount": np.array([0.0, -0.004, 1234.565, np.nan, 1e9 / 3]),
             "entries": np.array([1.2345678, 0.0, -0.0, 2.0, np.nan])}
    write_table(table, tmp_path / "en.csv")
    write_table(table, tmp_path / "de.csv", "de")
    assert (tmp_path / "en.csv").read_text().splitlines() == [
        "month,provider,amount,entries", "2013-01,cjd,0.00,1.234568", "2013-01,'=evil,0.00,0.0",
        '2013-01,"say ""hi""",1234.56,-0.0', '2013-01,"a,b",,2.0',
        "2013-01,a;b,333333333.33,"]
    assert (tmp_path / "de.csv").read_text().splitlines()[4:] == [
        '2013-01;a,b;;2,0', '2013-01;"a;b";333333333,33;']


def test_what_the_columns_cannot_hold_is_written_from_its_frame(tmp_path):
    table = {"a": np.array([0.5, 1.5], dtype=np.float32), "b": np.array([1, 2])}
    assert not writable(table) and not writable({"a": np.array([1.0])})
    write_table(table, tmp_path / "a.csv")
    write_csv(frame(table), tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


@pytest.fixture(scope="module")
def result():  # noqa: ANN201 - a RunResult
    return run(RunSpec(load_scenario(SMALL), 8, 5), jobs=1)


@pytest.mark.parametrize("name", RESULT_TABLES)
def test_each_results_table_is_written_as_its_frame_is(result, tmp_path, name):
    columns = getattr(tables, RESULT_TABLES[name])(result)
    made = getattr(tables, RESULT_TABLES[name].replace("_columns", "_table"))(result)
    for locale in ("en", "de"):
        write_table(columns, tmp_path / "columns.csv", locale)
        write_csv(made, tmp_path / "frame.csv", locale)
        assert (tmp_path / "columns.csv").read_bytes() == (tmp_path / "frame.csv").read_bytes()


def test_a_runs_statistics_are_computed_once_for_the_csv_and_the_workbook(result):
    """summary.csv and providers.csv share their statistics with results.xlsx: the same
    arrays for the same result, new ones for another result."""
    assert result.provider_stats is result.provider_stats
    assert result.summary_stats is result.summary_stats
    other = run(RunSpec(load_scenario(SMALL), 3, 6), jobs=1)
    for each in (other, result, other):  # the two results' costs differ
        np.testing.assert_array_equal(tables.summary_table(each)["mean"],
                                      stats(each.metric_values)["mean"])
    assert result.metric_mean("cost_total") != other.metric_mean("cost_total")

"""CSV files are UTF-8; ``--csv-locale de`` ones (meant for German Excel, which opens a
CSV without a byte order mark in the Windows code page) start with a byte order mark,
``en`` ones (for pandas, R, Python's csv) do not. Every CSV goes through
``files.write_csv`` or ``files.write_table``."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import CliRunner

from finsim.cli import main
from finsim.report.columns import Labels
from finsim.report.files import RESULT_TABLES, write_csv, write_table

BOM = b"\xef\xbb\xbf"
SMALL = Path(__file__).parent / "fixtures" / "small.yaml"
NAME = "Größere Träger"


def _invoke(*args: str) -> None:
    done = CliRunner().invoke(main, [*args, "-q", "--jobs", "1"])
    assert done.exit_code == 0, done.output


def test_write_csv_and_write_table_mark_only_german_files(tmp_path: Path) -> None:
    frame = pd.DataFrame({"scenario": [NAME], "cost_total": [1234.5]})
    table = {"scenario": Labels([NAME], np.array([0])), "cost_total": frame["cost_total"].to_numpy()}
    for locale, text in (("de", f"scenario;cost_total\n{NAME};1234,50\n"),
                         ("en", f"scenario,cost_total\n{NAME},1234.50\n")):
        expected = (BOM if locale == "de" else b"") + text.replace("\n", os.linesep).encode()
        write_csv(frame, tmp_path / f"frame-{locale}.csv", locale)
        write_table(table, tmp_path / f"table-{locale}.csv", locale)
        assert (tmp_path / f"frame-{locale}.csv").read_bytes() == expected
        assert (tmp_path / f"table-{locale}.csv").read_bytes() == expected


def test_every_csv_of_run_and_compare_is_marked_in_de_and_plain_in_en(tmp_path: Path) -> None:
    """The Kämmerei's case: a scenario name with umlauts in comparison.csv."""
    other = tmp_path / "groesser.yaml"
    other.write_text(SMALL.read_text(encoding="utf-8").replace(
        "name: Small test program", f"name: {NAME}"), encoding="utf-8")
    for locale in ("de", "en"):
        run, compare = tmp_path / f"run-{locale}", tmp_path / f"compare-{locale}"
        _invoke("run", str(SMALL), "-n", "2", "--out", str(run), "--csv-locale", locale)
        _invoke("compare", str(SMALL), str(other), "-n", "2", "--out", str(compare),
                "--csv-locale", locale)
        written = [run / name for name in RESULT_TABLES] + [compare / "comparison.csv"]
        assert sorted(written) == sorted([*run.glob("*.csv"), *compare.glob("*.csv")])
        for path in written:
            assert path.read_bytes().startswith(BOM) == (locale == "de"), path
        sep = ";" if locale == "de" else ","
        table = pd.read_csv(compare / "comparison.csv", sep=sep, encoding="utf-8")
        assert list(table.columns[:2]) == ["metric", "scenario"]  # no mark in the name
        assert NAME in set(table["scenario"])


def test_german_csv_writes_true_and_false_as_german_excel_reads_them(tmp_path: Path) -> None:
    """A bool column, of a frame (sensitivity.csv's ``scaled``) or of a table (fiscal.csv's
    ``public``): WAHR/FALSCH under ``de`` (True/False is text to German Excel), pandas'
    True/False under ``en``; the same bytes whichever way the table is written."""
    flags = np.array([True, False])
    table = {"budget": Labels(["land", "provider"], np.array([0, 1])), "public": flags,
             "paid": np.array([1234.5, 0.0])}
    frame = pd.DataFrame({"budget": ["land", "provider"], "public": flags,
                          "paid": [1234.5, 0.0]})
    expected = {"de": ["budget;public;paid", "land;WAHR;1234,50", "provider;FALSCH;0,00"],
                "en": ["budget,public,paid", "land,True,1234.50", "provider,False,0.00"]}
    for locale, lines in expected.items():
        write_table(table, tmp_path / f"table-{locale}.csv", locale)
        write_csv(frame, tmp_path / f"frame-{locale}.csv", locale)
        for name in ("table", "frame"):
            text = (tmp_path / f"{name}-{locale}.csv").read_text(encoding="utf-8-sig")
            assert text.splitlines() == lines, (name, locale)
    assert frame["public"].tolist() == [True, False]  # the caller's frame is not changed


def test_german_fiscal_and_sensitivity_csv_say_wahr(tmp_path: Path) -> None:
    _invoke("run", str(SMALL), "-n", "2", "--csv-locale", "de", "--out", str(tmp_path / "r"))
    fiscal = (tmp_path / "r" / "fiscal.csv").read_text(encoding="utf-8-sig").splitlines()
    assert fiscal[:2] == ["budget;public;year;paid;saved;returns;net;paid_cash",
                          "jobcenter;WAHR;2013;568637,32;0,00;0,00;568637,32;568637,32"]
    assert {line.split(";")[1] for line in fiscal[1:]} == {"WAHR", "FALSCH"}
    _invoke("sensitivity", str(SMALL), "-n", "2", "--csv-locale", "de",
            "--param", "costs.staff.coach_cost_per_year=*0.9:1.1", "--out", str(tmp_path / "s"))
    rows = pd.read_csv(tmp_path / "s" / "sensitivity.csv", sep=";", encoding="utf-8")
    assert set(rows["scaled"]) == {"WAHR"}

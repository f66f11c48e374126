"""ledger.csv leaves out what no rule can pay, and run warns of a table too long for Excel.

A funder's (category) pairs that its rules never pay are 0.00 in every row: at national
scale they made ledger.csv pass Excel's 1,048,576 rows. Months without anyone stay.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.funding.allocate import paid_pairs
from finsim.montecarlo import RunSpec, run
from finsim.report import tables
from finsim.report.columns import Labels, Table
from finsim.scenario import CATEGORIES
from tests.conftest import SMALL, variant

LATE = {"id": "beta", "name": "Beta gGmbH", "slots": {"2013-01": 0, "2013-07": 10}}
"""beta has no slots, so nobody, in its first six months."""


@pytest.fixture(scope="module")
def wages_only():
    """The small scenario: the jobcenter covers wages only, land_esf staff, material,
    qualification and overhead, the employers the remainder; beta opens in 2013-07."""
    import yaml

    data = yaml.safe_load(SMALL.read_text())
    data["providers"][1] = LATE
    scn = variant(data)
    return run(RunSpec(scn, 2, 7, uncertainty=False), jobs=1)


def test_a_funder_of_wages_has_wage_rows_only(wages_only) -> None:
    ledger = tables.ledger_table(wages_only)
    kept = {f: sorted(set(ledger.category[ledger.funder == f]), key=CATEGORIES.index)
            for f in ("jobcenter", "land_esf", "employers", "gap")}
    assert kept == {"jobcenter": ["wages"],
                    "land_esf": ["staff", "material", "qualification", "overhead"],
                    "employers": list(CATEGORIES), "gap": list(CATEGORIES)}
    assert len(ledger) == 24 * 2 * (1 + 4 + 6 + 6)  # 816 rows of 1,152


def test_months_with_nobody_keep_their_rows(wages_only) -> None:
    ledger = tables.ledger_table(wages_only)
    beta = ledger[(ledger.provider == "beta") & (ledger.funder == "jobcenter")]
    assert [str(m) for m in beta.month[:7]] == [
        "2013-01", "2013-02", "2013-03", "2013-04", "2013-05", "2013-06", "2013-07"]
    assert beta.amount.tolist()[:6] == [0.0] * 6
    assert beta.amount.tolist()[6] > 0


def test_kept_rows_are_the_cells_and_the_totals_do_not_move(wages_only) -> None:
    mean = wages_only.mean_eur(wages_only.aggregate.ledger)  # [months, providers, cat, F+1]
    columns = tables.ledger_columns(wages_only)
    pairs = tables.ledger_pairs(wages_only)
    assert np.array_equal(columns["amount"], mean[..., pairs].reshape(-1))
    assert round(columns["amount"].sum(), 2) == round(mean.sum(), 2)
    assert not mean[..., ~pairs].any()  # what is left out is 0.00 in every cell


def test_the_pairs_of_each_rule_kind(small_data) -> None:
    data = {**small_data, "uncertainty": {}}
    data["funding"] = [
        {"id": "city", "name": "City", "public": True, "covers": {"wages": 1.0},
         "limited_to": "benefits_avoided", "budget": "city"},
        {"id": "land", "name": "Land", "public": True,
         # a rule set after the horizon's end (2014-12) moves nothing
         "covers": {"2013-01": {"staff": 0.5, "qualification": {"by_tenure_year": [0, 1]}},
                    "2016-01": {"material": 1.0}}},
        {"id": "rest", "name": "Rest", "public": False, "covers": "remainder"},
    ]
    pairs = paid_pairs(variant(data))
    named = {f: [c for c, on in zip(CATEGORIES, pairs[:, i], strict=True) if on]
             for i, f in enumerate(["city", "land", "rest", "gap"])}
    assert named == {"city": ["wages"], "land": ["staff", "qualification"],
                     "rest": list(CATEGORIES), "gap": list(CATEGORIES)}


def test_a_drawn_funder_keeps_every_category(small_data) -> None:
    scn = variant(small_data)
    drawn = ("funding.land_esf.covers.staff", "employment.hazards.placement",
             "funding.jobcenter.payment.lag_months", "funding.jobcenter.cap_per_person_month")
    pairs = paid_pairs(scn, drawn)
    assert pairs[:, 1].all()  # land_esf: a draw may give it any share
    assert pairs[:, 0].tolist() == [c == "wages" for c in CATEGORIES]  # jobcenter as it is
    assert paid_pairs(scn, ("funding.0.covers.wages",))[:, 0].all()  # by position


LEDGER_LINE = (
    "ledger.csv: 817 rows with its header, more than the 800 of an Excel sheet: Excel "
    "opens the first ones and drops the rest without a word, so sums over the sheet fall "
    "short of summary.csv; open it with a tool without that limit (pandas, R, a "
    "database), or read the sums by year, funder, category and provider in results.xlsx")


def test_a_table_past_the_limit_is_warned_of(wages_only, monkeypatch) -> None:
    assert tables.table_rows(wages_only)["ledger.csv"] == len(tables.ledger_table(wages_only))
    assert tables.row_limit_warnings(wages_only) == []
    monkeypatch.setattr(tables, "EXCEL_ROWS", 800)
    assert tables.row_limit_warnings(wages_only) == [LEDGER_LINE]
    monkeypatch.setattr(tables, "EXCEL_ROWS", 816)  # 816 rows and the header: one too many
    assert [w.split(":")[0] for w in tables.row_limit_warnings(wages_only)] == ["ledger.csv"]
    monkeypatch.setattr(tables, "EXCEL_ROWS", 817)
    assert tables.row_limit_warnings(wages_only) == []
    monkeypatch.setattr(tables, "EXCEL_ROWS", 800)
    assert tables.row_limit_warnings(wages_only, "de") == [
        "ledger.csv: 817 Zeilen mit der Kopfzeile, mehr als die 800 eines "
        "Excel-Tabellenblatts: Excel öffnet die ersten und verwirft den Rest ohne Hinweis, "
        "Summen über das Blatt bleiben dann unter summary.csv; mit einem Werkzeug ohne "
        "diese Grenze öffnen (pandas, R, eine Datenbank) oder die Summen nach Jahr, "
        "Geldgeber, Kostenart und Träger in results.xlsx lesen"]


def test_every_growing_table_is_counted_by_its_shape(wages_only) -> None:
    made = {"providers.csv": tables.providers_columns, "flows.csv": tables.flows_columns,
            "ledger.csv": tables.ledger_columns,
            "replications.csv": tables.replications_columns,
            "cashflow.csv": tables.cashflow_columns}
    assert tables.table_rows(wages_only) == {
        name: _rows(make(wages_only)) for name, make in made.items()}


def _rows(table: Table) -> int:
    column = next(iter(table.values()))
    return len(column.codes) if isinstance(column, Labels) else len(column)


def test_run_says_it_on_the_terminal_in_run_json_and_on_the_page(tmp_path,
                                                                 monkeypatch) -> None:
    monkeypatch.setattr(tables, "EXCEL_ROWS", 800)
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["run", str(SMALL), "-n", "2", "--no-uncertainty",
                                     "--lang", "en", "--out", str(out)])
    assert done.exit_code == 0, done.output
    lines = done.stderr.splitlines()
    assert f"warning: {LEDGER_LINE}" in lines
    assert LEDGER_LINE in json.loads((out / "run.json").read_text())["warnings"]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "ledger.csv: 817 rows with its header" in page
    assert len((out / "ledger.csv").read_text().splitlines()) == 817


def test_strict_refuses_a_table_past_the_limit(tmp_path, monkeypatch) -> None:
    """--strict turns every warning into exit 2 with nothing written: the row limit too
    (it wrote everything and exited 0)."""
    monkeypatch.setattr(tables, "EXCEL_ROWS", 800)
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["run", str(SMALL), "-n", "2", "--no-uncertainty",
                                     "--lang", "en", "--strict", "--out", str(out)])
    assert done.exit_code == 2, done.output
    assert f"{SMALL}: --strict: {LEDGER_LINE}" in done.output.splitlines()
    assert not out.exists()


def test_strict_names_the_row_limit_with_the_other_warnings(tmp_path, monkeypatch) -> None:
    """Where another warning sets off --strict, the refusal lists the row limit too."""
    monkeypatch.setattr(tables, "EXCEL_ROWS", 800)
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["run", str(SMALL), "-n", "2", "--no-uncertainty",
                                     "--set", "providers.alpha.slots=200", "--strict",
                                     "--out", str(out)])
    assert done.exit_code == 2, done.output
    strict = [line for line in done.output.splitlines() if "--strict:" in line]
    assert any("--strict: occupancy in " in line for line in strict), strict
    assert strict[-1] == f"{SMALL}: --strict: {LEDGER_LINE}"
    assert not out.exists()

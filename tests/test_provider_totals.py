"""results.xlsx's `Träger` sheet adds up to the totals of `Jahre und Geldgeber` to the
cent: its providers' mean cost and funders' amounts are the plan's cells (each funder's
total split to the providers by largest remainder), not each provider's mean rounded by
itself, which put the sum a cent off (36.316.400,37 against 36.316.400,36 on the §16i
PAT file's run)."""

import numpy as np
import openpyxl
from click.testing import CliRunner

from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.report.budgets import plan_cells
from finsim.report.results_book import provider_plan_cents
from finsim.scenario import load_scenario

from .conftest import SMALL


def _cents(values) -> int:
    return round(sum(values) * 100)


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_split_adds_up_to_the_plan_and_stays_near_each_mean():
    result = run(RunSpec(load_scenario(SMALL), 5, 1))
    split = provider_plan_cents(result)
    funders = plan_cells(result).sum(axis=(0, 1))
    own = result.aggregate.ledger.sum(axis=(0, 2)) / result.aggregate.count
    for j, funder in enumerate(["jobcenter", "land_esf", "employers", "gap"]):
        column = split[f"funding_{funder}"]
        assert column.sum() == funders[j]
        assert np.all(np.abs(column - own[:, j]) < 1.0)  # within a cent of its own mean
    assert split["cost_total"].sum() == funders.sum()


def test_every_sheet_gives_the_same_totals(tmp_path):
    result = CliRunner().invoke(main, ["run", str(SMALL), "-n", "7", "--jobs", "1",
                                       "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "r" / "results.xlsx")
    summary, years, providers = (_rows(sheet) for sheet in book.worksheets)
    head = years.index(("Jahr", "Jobcenter", "Land / ESF", "Employers (nicht öffentlich)",
                        "Finanzierungslücke", "Summe", None, None))
    by_funder = [_cents(row[c] for row in years[head + 1:head + 3]) for c in range(1, 5)]
    heads = next(r for r in providers if r[0] == "Träger")
    rows = [r for r in providers if r[0] in ("Alpha e.V.", "Beta gGmbH")]
    funders = [c for c, h in enumerate(heads)
               if h and (h.startswith("Finanzierung: ") or h == "Finanzierungslücke")]
    assert [_cents(r[c] for r in rows) for c in funders] == by_funder
    assert _cents(r[heads.index("Gesamtkosten")] for r in rows) == sum(by_funder)
    # Übersicht gives summary.csv's mean of the whole period: within half a cent per
    # year and column of the funding table, plus half a cent (docs/workbooks.md)
    mean = next(r for r in summary if r[-1] == "cost_total")[1]
    assert abs(mean * 100 - sum(by_funder)) <= 0.5 * 2 * 4 + 0.5

"""A budget's paid amount per calendar year is one figure in every output: fiscal.csv,
the terminal's fiscal table, results.xlsx's funding by year and plan.xlsx's fiscal
balance show the same cents (``report.budgets.budget_paid_cents``).

Each figure below is worked out by hand from the ledger's whole cents summed over the
replications (``RunResult.aggregate.ledger``, by calendar year): a funder's yearly mean is
its summed cents / replications, half a cent rounded up; a budget is paid its funders'
rounded means added up; a funder of several budgets splits its own among them in
proportion to what each got, by largest remainder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from finsim.ledger import COST_CATEGORIES
from finsim.montecarlo import RunResult, RunSpec, run
from finsim.program import years_of
from finsim.report.budgets import budget_name, fiscal_rows
from finsim.report.files import write_tables
from finsim.report.plan import plan_table
from finsim.report.plan_book import write_plan
from finsim.scenario import load_scenario

ROOT = Path(__file__).parent.parent


def _run(name: str, replications: int) -> RunResult:
    scn = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    return run(RunSpec(scn, replications, scn.simulation.seed), jobs=1)


def _outputs(result: RunResult, folder: Path) -> tuple[pd.DataFrame, dict[str, list]]:
    """fiscal.csv as written (paid as text, to the cent) and plan.xlsx's paid line of
    each budget by its id (its yearly cells), both in English."""
    write_tables(result, folder, "en", "en")
    write_plan(folder / "plan.xlsx", result, plan_table(result, 0.9), 0.9, "en")
    fiscal = pd.read_csv(folder / "fiscal.csv", dtype={"paid": str})
    sheet = openpyxl.load_workbook(folder / "plan.xlsx")["Fiscal balance"]
    ids = {f"{budget_name(b, 'en')} ({'public' if public else 'not public'})": b
           for b, public in fiscal.groupby("budget", sort=False).public.first().items()}
    plan, budget = {}, None
    for row in sheet.iter_rows(values_only=True):
        label = row[0] or ""
        if label in ids:
            budget = ids[label]
        elif label.strip() == "Paid by this budget's funders":
            plan[budget] = list(row[2:-1])
    return fiscal.set_index(["budget", "year"]), plan


def _by_year(folder: Path) -> dict[int, tuple]:
    """results.xlsx's funding by year and funder (its first table): each year's row of
    means, in the funders' order, the gap last."""
    sheet = openpyxl.load_workbook(folder / "results.xlsx")["By year and funder"]
    out: dict[int, tuple] = {}
    for r in sheet.iter_rows(values_only=True):
        if isinstance(r[0], str) and r[0].isdigit():
            out.setdefault(int(r[0]), r[1:])
    return out


@pytest.fixture(scope="module")
def seed_two(tmp_path_factory) -> tuple[RunResult, Path]:
    folder = tmp_path_factory.mktemp("seed")
    result = _run("aktiv-statt-passiv-2013", 2)
    return result, folder


def test_a_half_cent_mean_is_rounded_up_in_fiscal_csv_as_in_plan_xlsx(seed_two):
    """Two seed replications: the Jobcenter (budget bund) paid 385,924,537 cents in 2013,
    a mean of 192,962,268.5; the Land/ESF (land) 306,159,703, 153,079,851.5; the City
    (kommune) 95,727,367 in 2014, 47,863,683.5. Half a cent rounds up (the rule of every
    amount here): 1,929,622.69, 1,530,798.52 and 478,636.84. fiscal.csv and results.xlsx
    wrote .68 (their rounding of the mean EUR takes a half to the even cent; .52 and .84
    are even), plan.xlsx .69. (The Land's was 306,159,733 cents, 1,530,798.67, until
    management was booked in whole cents per calendar year.)"""
    result, folder = seed_two
    fiscal, plan = _outputs(result, folder)
    expected = {("bund", 2013): "1929622.69", ("land", 2013): "1530798.52",
                ("kommune", 2014): "478636.84"}
    assert {key: fiscal.loc[key, "paid"] for key in expected} == expected
    assert plan["bund"][0] == 1929622.69
    assert plan["land"][0] == 1530798.52
    assert plan["kommune"][1] == 478636.84
    rows = {(r["budget"], r["year"]): r["paid"] for r in fiscal_rows(result)}  # terminal
    assert {key: rows[key] for key in expected} == {k: float(v) for k, v in expected.items()}
    years = _by_year(folder)
    funders = [*result.scenario.funder_ids, "gap"]
    assert years[2013][funders.index("jobcenter")] == 1929622.69
    assert years[2013][funders.index("land_esf")] == 1530798.52
    assert years[2014][funders.index("city")] == 478636.84


def _cost_and_funding(folder: Path) -> tuple[dict[str, tuple], dict[str, tuple]]:
    """results.xlsx's two tables by year (and "Total") as a viewer shows them (the saved
    results of their SUM formulas): funding by funder, then cost by category, each row's
    last cell its total."""
    sheet = openpyxl.load_workbook(folder / "results.xlsx", data_only=True)["By year and funder"]
    tables: list[dict[str, tuple]] = [{}, {}]
    for r in sheet.iter_rows(values_only=True):
        if isinstance(r[0], str) and (r[0].isdigit() or r[0] == "Total"):
            table = tables[0] if r[0] not in tables[0] else tables[1]
            table[r[0]] = tuple(v for v in r[1:] if v is not None)
    return tables[0], tables[1]


def test_results_cost_by_category_is_its_funding_and_the_plan_s_lines(seed_two):
    """Two seed replications: each year's cost is its funding to the cent, 4,868,662.72
    EUR in 2013 and 4,489,538.54 in 2014, and each category's year is plan.xlsx's line 1.x:
    both are the plan's cells (each funder's year half a cent up, split to its categories
    by largest remainder), not each category's own mean rounded by itself, which left the
    cost table a cent off its funding (before management was booked in whole cents per
    calendar year: 2013 cost 4,868,662.83 against funding .84, staff's mean on a half
    cent, 73,287,490.5, rounded half to even)."""
    result, folder = seed_two
    _outputs(result, folder)
    funding, cost = _cost_and_funding(folder)
    cents = {year: (round(funding[year][-1] * 100), round(cost[year][-1] * 100))
             for year in ("2013", "2014", "Total")}
    assert cents == {"2013": (486866272, 486866272), "2014": (448953854, 448953854),
                     "Total": (935820126, 935820126)}
    assert cost["2013"][1] == 732874.76 and cost["2014"][0] == 3542862.43
    plan = openpyxl.load_workbook(folder / "plan.xlsx", data_only=True)["Funding plan"]
    lines = [r[2:4] for r in plan.iter_rows(values_only=True)
             if isinstance(r[0], str) and r[0][:3] in {f"1.{k}" for k in range(1, 10)}]
    assert len(lines) == len(COST_CATEGORIES)
    assert [round(v * 100) for row in lines for v in row] == \
        [round(v * 100) for k in range(len(lines)) for v in (cost["2013"][k], cost["2014"][k])]


def test_every_budget_and_year_is_the_same_cents_in_fiscal_csv_and_plan_xlsx(tmp_path):
    """Three replications of the §16i file. Bund 2027 is the Jobcenter's 1,578,963,194
    cents / 3 = 526,321,064.67 -> 5,263,210.65 plus coaching's 176,893,513 / 3 =
    58,964,504.33 -> 589,645.04: 5,852,855.69, as plan.csv's two funder rows add up. The
    ESF+ grant (land_esf, 60 % land, 40 % eu) paid 248,515,991 / 3 = 82,838,663.67 ->
    828,386.64 in 2028, split to its budgets by largest remainder: 497,031.98 and
    331,354.66 (497,031.984 and 331,354.656, the cent to the larger remainder), which add
    up to it. (At the earlier staff prices, before management was booked in whole cents per
    calendar year the figures were 5,847,820.77, where fiscal.csv wrote .76, the
    budget's mean rounded by itself, and 822,852.95, whose budgets rounded each by
    itself came to a cent more than the grant: the reasons for this test.)"""
    result = _run("aktiv-statt-passiv-2026-16i", 3)
    fiscal, plan = _outputs(result, tmp_path)
    assert fiscal.loc[("bund", 2027), "paid"] == "5852855.69"
    assert fiscal.loc[("land", 2028), "paid"] == "497031.98"
    assert fiscal.loc[("eu", 2028), "paid"] == "331354.66"
    requests = plan_table(result, 0.9).query("category != 'contingency'")
    by_funder = requests.groupby(["funder", "year"]).amount.sum().round(2)
    assert by_funder["jobcenter", 2027] + by_funder["coaching", 2027] == pytest.approx(
        5852855.69, abs=1e-6)
    assert by_funder["land_esf", 2028] == 828386.64
    years = years_of(result.scenario).tolist()  # fiscal.csv's later years: cash alone
    assert set(plan) == {"kommune", "bund", "land", "eu", "provider"}
    for budget, cells in plan.items():
        assert cells == [float(fiscal.loc[(budget, y), "paid"]) for y in years], budget


@pytest.fixture(scope="module")
def sixteen_i(tmp_path_factory) -> tuple[RunResult, Path]:
    """The §16i file's run of the docs' figures, ``finsim run ... -n 50``: its tables
    written in English."""
    folder = tmp_path_factory.mktemp("sixteen_i")
    result = _run("aktiv-statt-passiv-2026-16i", 50)
    write_tables(result, folder, "en", "en")
    return result, folder


def test_a_grant_s_budgets_are_its_share_within_the_documented_bound(sixteen_i):
    """docs/passive-benefits.md said the ESF+ grant's year was "split among them by
    largest remainder", which reads as 60 % of the year; the figures are each month's
    and provider's split summed (funding-rules.md), so Land's 2028 is 504,962.80 where
    60 % of 841,604.68 is 504,962.808. The docs now say so, with a bound of half a cent
    per month and provider the grant paid plus a cent (nine providers: 55 cents a year),
    which every year of the run keeps; the docs quote its 2028."""
    result, folder = sixteen_i
    fiscal = pd.read_csv(folder / "fiscal.csv", dtype={"paid": str}).set_index(["budget", "year"])
    assert [fiscal.loc[(b, 2028), "paid"] for b in ("land", "eu")] == ["504962.80", "336641.88"]
    shares = {"land": 0.6, "eu": 0.4}
    bound = 0.5 * 12 * len(result.scenario.providers) + 1
    assert bound == 55
    off = {}
    for year in range(2026, 2030):
        cents = {b: round(float(fiscal.loc[(b, year), "paid"]) * 100) for b in shares}
        grant = sum(cents.values())
        off[year] = [round(cents[b] - share * grant, 1) for b, share in shares.items()]
    assert off == {2026: [0.0, 0.0], 2027: [0.0, 0.0], 2028: [-0.8, 0.8], 2029: [0.0, 0.0]}
    assert all(abs(c) <= bound for pair in off.values() for c in pair)
    doc = " ".join((ROOT / "docs" / "passive-benefits.md").read_text().split())
    assert ("paid 841,604.68, Land 504,962.80 and EU 336,641.88, where 60 % is 504,962.81 "
            "(nine providers: at most 55 cents a year; the four years are 0 to 0.8 cents "
            "off)") in doc
    assert "half a cent per month and provider the grant paid in that year" in doc


def test_the_results_total_is_within_the_documented_bound_of_cost_total(sixteen_i):
    """docs/workbooks.md said results.xlsx's total may be "a cent or two" off
    summary.csv's cost_total; the §16i run is 2 cents off (36,479,095.48 against .50).
    Each funder's year (the gap one of them) is rounded to the cent by itself and the
    summary's mean once, so the bound is half a cent per year and funder plus half a cent:
    15.5, so 15 whole cents, for its five years and six columns (five funders and the
    gap), as the docs now say."""
    _, folder = sixteen_i
    funding, cost = _cost_and_funding(folder)
    total = round(funding["Total"][-1] * 100)
    assert total == round(cost["Total"][-1] * 100) == 3647909548
    summary = pd.read_csv(folder / "summary.csv", dtype={"mean": str}).set_index("metric")
    assert summary.loc["cost_total", "mean"] == "36479095.50"
    years, columns = len(funding) - 1, len(funding["Total"]) - 1
    bound = 0.5 * years * columns + 0.5
    assert (years, columns, bound) == (5, 6, 15.5)
    assert abs(total - 3647909550) == 2 <= bound
    doc = " ".join((ROOT / "docs" / "workbooks.md").read_text().split())
    assert ("by at most half a cent per year and funder of the table (the "
            "Finanzierungslücke one of them) plus half a cent") in doc
    assert ("that is at most 15 cents; its `-n 50` run's total is 36.479.095,48 € against "
            "`cost_total` 36,479,095.50") in doc


def test_report_page_years_are_the_workbooks_cents(seed_two):
    """report.html's cost by year and category and funding by year and funder (its bar
    chart and their tables) are plan.csv's cells, so they add up to the same cents as
    results.xlsx's and plan.xlsx's: cost and funding equal to the cent in every year."""
    from finsim.report.budgets import plan_cells
    from finsim.report.html import yearly_categories, yearly_funding

    result, _ = seed_two
    cells = plan_cells(result)
    assert np.array_equal(np.round(yearly_categories(result) * 100).astype(np.int64),
                          cells.sum(axis=2))
    assert np.array_equal(np.round(yearly_funding(result) * 100).astype(np.int64),
                          cells.sum(axis=1))
    assert np.array_equal(cells.sum(axis=2).sum(axis=1), cells.sum(axis=1).sum(axis=1))

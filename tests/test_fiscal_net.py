"""The fiscal balance's saved, returns and net are whole cents like its paid: each the
exact mean of the replications' whole cents, half a cent rounded up, and net the
difference of the cents shown (``report.budgets.fiscal_rows``). So paid - saved -
returns = net holds in every row as printed, and a budget that pays exactly what it
saves (the City under the Passiv-Aktiv-Transfer) nets 0.00, as summary.csv says.

Until then saved and returns were means of EUR floats and net their difference with the
rounded paid: the City's mean paid and saved in 2027 of the minimum-wage scenario (50
replications) are both 27,365,464.5 cents; paid read .65, saved (the float a hair under
the half) .64, net 0.01."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from finsim.montecarlo import RunResult, RunSpec, run
from finsim.report.budgets import fiscal_rows, mean_cents
from finsim.report.files import write_tables
from finsim.report.plan import plan_table
from finsim.report.plan_book import write_plan
from finsim.scenario import load_scenario

ROOT = Path(__file__).parent.parent


def _run(name: str, replications: int) -> RunResult:
    scn = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    return run(RunSpec(scn, replications, scn.simulation.seed), jobs=1)


def _fiscal_csv(result: RunResult, folder: Path) -> pd.DataFrame:
    """fiscal.csv as written, its money as text (to the cent), by budget and year."""
    folder.mkdir(exist_ok=True)
    write_tables(result, folder, "en", "en")
    money = {c: str for c in ("paid", "saved", "returns", "net")}
    return pd.read_csv(folder / "fiscal.csv", dtype=money).set_index(["budget", "year"])


def _adds_up(fiscal: pd.DataFrame) -> list[tuple]:
    """The rows whose net is not paid - saved - returns as printed."""
    return [key for key, r in fiscal.iterrows()
            if Decimal(r.paid) - Decimal(r.saved) - Decimal(r.returns) != Decimal(r.net)]


@pytest.fixture(scope="module")
def minimum_wage() -> RunResult:
    return _run("aktiv-statt-passiv-2026-minimum-wage", 50)


@pytest.fixture(scope="module")
def pat() -> RunResult:
    return _run("aktiv-statt-passiv-2026-16i-pat", 50)


def test_mean_cents_takes_a_half_cent_up() -> None:
    summed = np.array([27_365_464 * 50 + 25, 27_365_464 * 50 + 24, -25, 0])
    assert mean_cents(summed, 50).tolist() == [27_365_465, 27_365_464, 0, 0]


def test_the_city_that_pays_what_it_saves_nets_zero(minimum_wage, tmp_path) -> None:
    """Minimum-wage scenario, 50 replications: the City's 2027 paid and saved are the
    same 27,365,464.5 cents on average; both read 273,654.65, net 0.00 (summary.csv:
    funding_city = passive_benefits_avoided_kommune, net_cost_kommune 0.00)."""
    fiscal = _fiscal_csv(minimum_wage, tmp_path)
    city = fiscal.loc["kommune"]
    assert city.loc[2027, ["paid", "saved", "returns", "net"]].tolist() == [
        "273654.65", "273654.65", "0.00", "0.00"]
    assert city.loc[2026, ["paid", "saved", "net"]].tolist() == [
        "266803.59", "266803.59", "0.00"]
    assert _adds_up(fiscal) == []
    terminal = {(r["budget"], r["year"]): r for r in fiscal_rows(minimum_wage)}
    assert (terminal[("kommune", 2027)]["saved"], terminal[("kommune", 2027)]["net"]) == (
        273654.65, 0.0)


def test_a_pat_budget_nets_minus_its_returns(pat, tmp_path) -> None:
    """16i with the Passiv-Aktiv-Transfer, 50 replications: the City pays what it saves
    and gets returns back, so its net is minus its returns to the cent (it read
    -46,568.84 in 2029 and -47,834.13 in 2030); the Bund's 2027 net is its paid - saved -
    returns as printed (3,368,322.63, not its own mean's .64)."""
    fiscal = _fiscal_csv(pat, tmp_path)
    assert fiscal.loc[("kommune", 2029)].tolist()[1:5] == [
        "302545.54", "302545.54", "46568.85", "-46568.85"]
    assert fiscal.loc[("kommune", 2030)].tolist()[1:5] == [
        "303314.26", "303314.26", "47834.12", "-47834.12"]
    assert fiscal.loc[("bund", 2027)].tolist()[1:5] == [
        "5813657.33", "2319773.32", "125561.38", "3368322.63"]
    city = fiscal.loc["kommune"].loc[[2026, 2027, 2028, 2029, 2030]]  # 2031: cash alone
    assert (city.paid == city.saved).all() and (city.net == "-" + city.returns).all()
    assert _adds_up(fiscal) == []


def test_net_is_paid_less_saved_less_returns_in_every_row(tmp_path) -> None:
    """The seed (30 replications) and 16i with collective pay (50; its Bund read
    3,709,908.44 in 2027, paid - saved - returns 3,709,908.43): every row."""
    for name, n in (("aktiv-statt-passiv-2013", 30), ("aktiv-statt-passiv-2026-16i-tariff", 50)):
        assert _adds_up(_fiscal_csv(_run(name, n), tmp_path / name)) == [], name


def test_plan_xlsx_fiscal_balance_shows_the_same_cents(minimum_wage, tmp_path) -> None:
    """plan.xlsx's fiscal balance: the City's saved line reads 273,654.65 in 2027, as
    its paid line (its net a formula of the two: 0)."""
    write_plan(tmp_path / "plan.xlsx", minimum_wage, plan_table(minimum_wage, 0.9), 0.9, "en")
    sheet = openpyxl.load_workbook(tmp_path / "plan.xlsx")["Fiscal balance"]
    lines, inside = {}, False
    for row in sheet.iter_rows(values_only=True):
        label = (row[0] or "").strip()
        if label.endswith("(public)") or label.endswith("(not public)"):
            inside = label.startswith("Municipality")
        elif inside and label:
            lines[label] = row[2:4]
    assert lines["Paid by this budget's funders"] == (266803.59, 273654.65)
    assert lines["Passive benefits avoided"] == (266803.59, 273654.65)

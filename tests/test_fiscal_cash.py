"""The cash side of the fiscal balance (fiscal.csv's ``paid_cash``): what each budget is
paid in each calendar year by payment month, a grant of several budgets split as the
accrual side splits it, so that every cent charged is paid once, a retention included."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from finsim.funding.fiscal import PAID, Budgets, split_cash
from finsim.montecarlo import RunSpec, run
from finsim.program import compile_program
from finsim.replication import replicate_many
from finsim.report.budgets import fiscal_rows
from finsim.scenario import load_scenario

SCENARIOS = Path(__file__).parent.parent / "scenarios"
BUDGETS = Budgets(names=("land", "eu", "bund"), funder=(((0, 0.6), (1, 0.4)), ((2, 1.0),)),
                  payer=(), returns=(), public=(0, 1, 2))
"""An ESF+ grant 60 % Land, 40 % EU, and a Bund funder."""


def test_a_grant_pays_each_budget_in_cash_what_it_is_charged() -> None:
    """Replication 0: the grant is charged 100.01 EUR in each of 3 months, 60.01 land and
    40.00 eu a month (``split_paid``: 6,000.6 cents rounded up), so land 180.03 and eu
    120.00 of 300.03. It pays 270.03 in the first year (less a 10 % retention) and the
    retention, 30.00, in the next: land 270.03 x 180.03 / 300.03 = 162.0288 -> 162.03 and
    eu 108.00, then land 180.03 - 162.03 = 18.00 and eu 12.00 (60 % of 270.03 on its own,
    162.02, would leave the Land a cent short over the years). The Bund's cash is its
    own. Replication 1: the grant is charged nothing but pays an advance of 10.00 and
    takes it back: its written shares, 6.00 / 4.00 and -6.00 / -4.00."""
    charged = np.zeros((2, 3, 1, 3), dtype=np.int64)  # [R, months, providers, funders + gap]
    charged[0, :, 0, 0] = 10_001
    charged[0, :, 0, 1] = 400
    charged[0, :, 0, 2] = 77  # the gap: no budget's
    cash = np.array([[[27_003, 500], [3_000, 700]],
                     [[1_000, 0], [-1_000, 0]]])  # [R, years, funders]
    paid = split_cash(BUDGETS, cash, charged)
    assert paid.tolist() == [[[16_203, 10_800, 500], [1_800, 1_200, 700]],
                             [[600, 400, 0], [-600, -400, 0]]]


@pytest.mark.parametrize("name", ["aktiv-statt-passiv-2013.yaml",
                                  "aktiv-statt-passiv-2026-16i-pat.yaml"])
def test_every_cent_charged_is_paid_once_in_each_replication(name: str) -> None:
    """The shipped seed (the Land's grant paid quarterly in arrears, a year after the
    period too) and the §16i PAT file (the Land/ESF+ grant of two budgets, its drawn lag
    and its retention in 2030-07): in each replication, each budget's cash over the years
    is its paid over the years to the cent, and each year the grant's budgets together
    are paid its inflow of the year (cashflow.csv's, all providers)."""
    scn = load_scenario(SCENARIOS / name)
    program = compile_program(scn)
    seeds = np.random.SeedSequence(7).spawn(4)
    outcomes = replicate_many([program] * 4, seeds)
    grant = scn.funder_ids.index("land_esf")
    rows = [program.budgets.names.index(b) for b in scn.funding[grant].budget_shares]
    for outcome in outcomes:
        charged = outcome.fiscal[..., PAID].sum(axis=0)
        assert outcome.paid_cash.sum(axis=0).tolist() == charged.tolist()
        months = scn.period.start_month.year + (
            scn.period.start_month.month - 1 + np.arange(len(outcome.cashflow))) // 12
        inflow = np.round(outcome.cashflow[:, -1, 1 + grant] * 100).astype(np.int64)
        by_year = np.bincount(months - months[0], weights=inflow).round().astype(np.int64)
        assert outcome.paid_cash[:, rows].sum(axis=1).tolist() == by_year.tolist()


def test_the_seeds_land_pays_in_2015_what_fiscal_csv_had_no_year_for() -> None:
    """The seed (2013-2014), 2 replications: fiscal.csv runs on to 2015, where the Land's
    charged figures are 0 and its cash is the last quarters' claims; over the three years
    each budget's paid_cash adds up to its paid within a cent a year (each year's mean
    rounded once)."""
    scn = load_scenario(SCENARIOS / "aktiv-statt-passiv-2013.yaml")
    rows = fiscal_rows(run(RunSpec(scn, 2, scn.simulation.seed), jobs=1))
    assert sorted({r["year"] for r in rows}) == [2013, 2014, 2015]
    land = {r["year"]: r for r in rows if r["budget"] == "land"}
    assert (land[2015]["paid"], land[2015]["net"]) == (0.0, 0.0) and land[2015]["paid_cash"] > 0
    for budget in {r["budget"] for r in rows}:
        own = [r for r in rows if r["budget"] == budget]
        assert sum(r["paid_cash"] for r in own) == pytest.approx(
            sum(r["paid"] for r in own), abs=0.01 * len(own) + 1e-6), budget

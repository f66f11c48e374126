"""The fiscal balance per budget and calendar year as plain rows: fiscal.csv's rows
(``tables.fiscal_table``) and the terminal's (``terminal.fiscal_view``), without pandas,
so that a run's summary on the terminal does not load it.

A budget's paid amount per year is one figure wherever it is shown (fiscal.csv, the
terminal, plan.xlsx's fiscal balance) and adds up to its funders' yearly amounts as
results.xlsx and plan.csv give them: ``budget_paid_cents`` makes it, from the whole cents
summed over the replications."""

from __future__ import annotations

import numpy as np

from ..analysis.starts import yearly_cents
from ..apportion import largest_remainder
from ..funding.fiscal import (
    FISCAL_COLUMNS,
    PAID,
    RETURNS,
    SAVED,
    UNSPLIT,
    Budgets,
    budgets,
    compile_budgets,
    public_budgets,
)
from ..montecarlo import RunResult
from ..montecarlo.statistics import mean_cents
from ..scenario.model import PROVIDER_BUDGET

FISCAL_TABLE_COLUMNS = ("budget", "public", "year", *FISCAL_COLUMNS, "net", "paid_cash")
"""fiscal.csv's columns: the accrual side (paid, saved, returns, net), then the cash side
(``paid_cash``: what the budget's funders pay in the year, by payment month)."""

ACCRUAL = {"en": "charged to the year the cost arises",
           "de": "dem Jahr zugerechnet, in dem die Kosten entstehen"}
"""What a year of the money tables holds (the fiscal balance, funding by year and funder):
the cost arising in it, not the money paid in it (a claim paid in arrears, a retention
paid after the period fall in the year of their cost), said beside every such table."""
CASH_NOTE = {"en": "A year's figures are the cost arising in it, whenever it is paid; money "
                   "by the month it is paid: the cash flow (cashflow.csv of finsim run).",
             "de": "Die Zahlen eines Jahres sind die in ihm entstehenden Kosten, gleich "
                   "wann sie gezahlt werden; das Geld nach Zahlungsmonat: die Liquidität "
                   "(cashflow.csv von finsim run)."}
"""The line under such a table that points to the money by the month it is paid."""


def fiscal_rows(result: RunResult) -> list[dict]:
    """Per budget and calendar year the mean paid (by the budget's funders), saved
    (benefits avoided), returns (taxes and contributions back) and net, charged to the
    year the cost arises, and paid_cash, what the budget's funders pay in the year (by
    payment month); benefits avoided not split by payer in rows of their own
    (``UNSPLIT``), so that the public rows' nets add up to ``net_public_cost``. The
    years run on past the period to the last year money is paid in (its accrual figures
    0). Every figure is whole cents: paid the plan's (``budget_paid_cents``), saved,
    returns and paid_cash the exact means of the replications' whole cents half a cent up
    (``mean_cents``), net the difference of those, so that paid - saved - returns = net
    holds as printed and a budget that pays what it saves nets 0.00."""
    scn = result.scenario
    count = result.aggregate.count
    cents = mean_cents(result.aggregate.fiscal, count)  # [years, budgets, 3]
    cents[..., PAID] = budget_paid_cents(result)  # the plan's cents (one figure)
    cash = mean_cents(result.aggregate.paid_cash, count)  # [cash years, budgets]
    cents = np.concatenate([cents, np.zeros((len(cash) - len(cents), *cents.shape[1:]),
                                            dtype=cents.dtype)])  # years paid in only
    net = cents[..., PAID] - cents[..., SAVED] - cents[..., RETURNS]
    names, public = budgets(scn), {*public_budgets(scn), UNSPLIT}
    if scn.passive_benefits.unsplit:  # saved by no budget in full
        names.append(UNSPLIT)
    first = scn.period.start_month.year
    return [{"budget": b, "public": b in public, "year": first + y,
             **dict(zip(FISCAL_COLUMNS, cents[y, i] / 100.0, strict=True)),
             "net": net[y, i] / 100.0, "paid_cash": cash[y, i] / 100.0}
            for i, b in enumerate(names) for y in range(len(cash))]


def plan_cells(result: RunResult) -> np.ndarray:
    """plan.csv's cells, ``[years, categories, F+1]`` whole cents: the ledger's whole
    cents by calendar year (``yearly_cents``) made means by ``whole_cells``."""
    return whole_cells(yearly_cents(result), result.aggregate.count)


def whole_cells(summed: np.ndarray, count: int) -> np.ndarray:
    """``[years, categories, F+1]`` mean whole cents from the cents ``summed`` over
    ``count`` replications: each funder's year its mean, half a cent up, worked out in
    integers, its categories split to it by largest remainder (``split_to``). Each cell
    rounded by itself, a funder paid exactly its cap read a cent below it; the mean of
    the replications' EUR put a mean on a half cent (321,373,133.5) a hair below it, and
    rounded it down."""
    totals = mean_cents(summed.sum(axis=1), count)  # [years, F+1]
    out = np.zeros(summed.shape, dtype=np.int64)
    for i in range(summed.shape[0]):
        for j in range(summed.shape[2]):
            out[i, :, j] = split_to(summed[i, :, j] / count, int(totals[i, j]))
    return out


def budget_paid_cents(result: RunResult) -> np.ndarray:
    """``[years, budgets]`` whole cents each budget is paid each year (the fiscal
    balance's ``paid``), adding up to the plan's funder rows to the cent: the budgets a
    set of funders pay into together (connected through the funders' shares) get the
    funders' yearly means as the plan rounds them (``plan_cells``), split by largest
    remainder in proportion to the budgets' own means. Rounding each budget's mean on its
    own put Land + EU a cent off the ESF+ grant that pays them; the mean of the
    replications' EUR, rounded half to even where it fell on a half cent, a cent off the
    funder's."""
    return paid_split(compile_budgets(result.scenario),
                      result.aggregate.fiscal[..., PAID] / result.aggregate.count,
                      funder_year_cents(result))


def paid_split(budgets: Budgets, paid: np.ndarray, funders: np.ndarray) -> np.ndarray:
    """``budget_paid_cents`` from each budget's mean cents ``paid`` ``[years, budgets]``
    and each funder's whole cents ``funders`` ``[years, F+1]``."""
    out = np.zeros(paid.shape, dtype=np.int64)
    for group, rows in paying_groups(budgets):
        for i in range(paid.shape[0]):
            out[i, rows] = split_to(paid[i, rows], int(funders[i, group].sum()))
    return out


def funder_year_cents(result: RunResult, cells: np.ndarray | None = None) -> np.ndarray:
    """``[years, F+1]`` whole cents each funder (and the gap) pays each year on average:
    its yearly mean rounded to the cent, half a cent up, as plan.csv's rows add up to it
    (``plan_cells``) and results.xlsx and the budgets' paid (``budget_paid_cents``) give it.
    ``cells``: ``plan_cells(result)`` where the caller has them already."""
    return (plan_cells(result) if cells is None else cells).sum(axis=1)


def paying_groups(budgets: Budgets) -> list[tuple[list[int], list[int]]]:
    """The funders and the budgets they pay into, in groups that share no budget and no
    funder (a funder of two budgets joins them, a budget of two funders joins those)."""
    groups: list[tuple[list[int], list[int]]] = []
    for f, shares in enumerate(budgets.funder):
        rows = {row for row, _ in shares}
        joined = [g for g in groups if rows & set(g[1])]
        funders = sorted({f, *(x for g in joined for x in g[0])})
        merged = sorted(rows.union(*(g[1] for g in joined)))
        groups = [g for g in groups if g not in joined] + [(funders, merged)]
    return groups


def split_to(quotas: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers adding up to ``total`` in proportion to ``quotas`` (non-negative,
    summing to within a few units of ``total``), each within one of its quota so
    stretched: floors plus the largest remainders (``apportion.largest_remainder``)."""
    given = float(quotas.sum())
    if given <= 0.0:
        out = np.zeros(quotas.shape, dtype=np.int64)
        out[:1] = total
        return out
    return largest_remainder(quotas * (total / given))


BUDGET_NAMES: dict[str, dict[str, str]] = {
    "bund": {"de": "Bund", "en": "Federal government"},
    "land": {"de": "Land", "en": "Land"},
    "kommune": {"de": "Kommune", "en": "Municipality"},
    "eu": {"de": "EU", "en": "EU"},
    "sozialversicherung": {"de": "Sozialversicherung", "en": "Social insurance"},
    PROVIDER_BUDGET: {"de": "Eigenmittel der Träger", "en": "Providers' own funds"},
}
"""The standard budget ids (the ``budget`` field's and a payer's or return's) by their
names in each language; budget ids compare in any case, so the table is read so too."""


def budget_name(budget: str, lang: str) -> str:
    """A budget's name for people: a standard id's from ``BUDGET_NAMES`` (``kommune``
    reads "Kommune", ``provider`` "Eigenmittel der Träger"), any other id as written."""
    return BUDGET_NAMES.get(budget.casefold(), {}).get(lang, budget)

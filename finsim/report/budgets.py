"""The fiscal balance per budget and calendar year as plain rows: fiscal.csv's rows
(``tables.fiscal_table``) and the terminal's (``terminal.fiscal_view``), without pandas,
so that a run's summary on the terminal does not load it."""

from __future__ import annotations

from ..funding.fiscal import (
    FISCAL_COLUMNS,
    PAID,
    RETURNS,
    SAVED,
    UNSPLIT,
    budgets,
    public_budgets,
)
from ..montecarlo import RunResult
from ..replication import years_of

FISCAL_TABLE_COLUMNS = ("budget", "public", "year", *FISCAL_COLUMNS, "net")
"""fiscal.csv's columns."""

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
    (benefits avoided), returns (taxes and contributions back) and net; benefits avoided
    not split by payer in rows of their own (``UNSPLIT``), so that the public rows' nets
    add up to ``net_public_cost``."""
    scn = result.scenario
    mean = result.mean(result.aggregate.fiscal)  # [years, budgets, 3]
    names, public = budgets(scn), {*public_budgets(scn), UNSPLIT}
    if scn.passive_benefits.unsplit:  # saved by no budget in full
        names.append(UNSPLIT)
    return [{"budget": b, "public": b in public, "year": int(year),
             **dict(zip(FISCAL_COLUMNS, mean[y, i], strict=True)),
             "net": mean[y, i, PAID] - mean[y, i, SAVED] - mean[y, i, RETURNS]}
            for i, b in enumerate(names) for y, year in enumerate(years_of(scn))]

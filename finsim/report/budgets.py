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

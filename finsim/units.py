"""Which unit each metric or results column is in: money, a count, a ratio, or none.

The names say it (``cost_`` is money, ``share_`` a ratio, ``exits_`` a count): the
tables round by it (``report.numbers``) and ``compare`` treats a money difference below
half a cent as none, so the rule lives below both.
"""

from __future__ import annotations

import functools

from .funding.cashflow import CASH_METRICS
from .funding.fiscal import FISCAL_COLUMNS
from .simulation.flows import FLOW_METRICS

DECIMALS = {"money": 2, "count": 6, "ratio": 6}
"""The decimals the results files write each kind with: money in whole cents; counts and
shares with six, so that a figure a reader works out from them (cost per placement =
cost_total / exits_placement, a share as a percent with one decimal) comes out as the
terminal, the page and the workbooks show it, which round the unrounded value once
(three decimals of a mean of 42 placements moved a cost per placement of 866,843 EUR by up
to 10 EUR; six move it by about a cent)."""

HALF_CENT = 0.005
"""EUR: money below this is float residue of whole cents summed in floats (a budget
that is exactly 0 as +-1e-9 EUR), not a cent: ``compare``'s differences and the
sensitivity tables show it as 0."""

MONEY_PREFIXES = ("cost_", "funding_", "transfer_", "passive_benefits_avoided", "net_cost_",
                  "inflow_", "net_public_cost", "peak_prefinancing", "returns_", "paid_")
"""``returns_`` with its underscore: ``returns`` alone is a fiscal column (money), while
``returns.bund`` is a drawn rate (a parameter path), written as computed; ``paid_<budget>``
is what a budget pays, the figure of ``size --cap BUDGET=EUR``."""
MONEY_COLUMNS = frozenset({"amount", "from_transfer", "outflow", "inflow", "net", "balance",
                           "credit_line", *FISCAL_COLUMNS})
RATIO_PREFIXES = ("share_",)
RATIO_SUFFIXES = ("_rate",)
COUNT_NAMES = frozenset({*FLOW_METRICS, *CASH_METRICS, "participants", "waiting", "exits",
                         "count_mean", "slots"}) - {"peak_prefinancing"}


@functools.cache  # asked per cell of a workbook and per row of a long table
def kind(name: str) -> str | None:
    """``money``, ``ratio``, ``count`` or None (written as computed) for a metric or
    column name."""
    if not isinstance(name, str):
        return None
    if name.startswith(RATIO_PREFIXES) or name.endswith(RATIO_SUFFIXES) or name == "share_mean":
        return "ratio"
    if name in MONEY_COLUMNS or name.startswith(MONEY_PREFIXES):
        return "money"
    if name in COUNT_NAMES or name.startswith("exits_"):
        return "count"
    return None

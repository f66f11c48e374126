"""Run-time checks of the money invariant (checked on every run)."""

from __future__ import annotations

import numpy as np

from finsim.batch import count, unstack
from finsim.ledger import Ledger
from finsim.simulation.checks import InvariantError

from .allocate import Funding
from .cents import summed, to_cents


def check_money_conserved(ledger: Ledger, funding: Funding) -> None:
    """Funders + gap == cost to the cent in every cell, and nothing negative.

    Raises ``InvariantError`` naming the first (month, provider, category) that breaks.
    """
    cost = to_cents(ledger.by_category)
    cents = funding.cents
    paid = summed(cents, "mpcf->mpc")
    if np.array_equal(paid, cost) and cents.min(initial=0) >= 0:
        return  # the usual case: two passes, no search for the cell to name
    bad = np.argwhere(paid != cost)
    if bad.size:
        m, p, c = bad[0]
        raise InvariantError(
            f"money not conserved in {_cell(ledger, m, p, c)}: funders + gap = "
            f"{paid[m, p, c] / 100:.2f} EUR, cost = {cost[m, p, c] / 100:.2f} EUR")
    negative = np.argwhere(cents < 0)
    if negative.size:
        m, p, c, f = negative[0]
        raise InvariantError(
            f"negative amount in {_cell(ledger, m, p, c)} for '{funding.funder_ids[f]}': "
            f"{cents[m, p, c, f] / 100:.2f} EUR")


def _cell(ledger: Ledger, m: int, p: int, c: int) -> str:
    return f"month {ledger.months[m]}, provider {ledger.provider_ids[p]}, " \
           f"category {ledger.categories[c]}"


def check_money_conserved_many(ledger: Ledger, funding: Funding) -> None:
    """``check_money_conserved`` for every replication of a batch."""
    for r in range(count(funding)):
        check_money_conserved(unstack(ledger, r), unstack(funding, r))

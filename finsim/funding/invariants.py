"""Run-time checks of the money invariant (checked on every run)."""

from __future__ import annotations

import numpy as np

from finsim.batch import stack
from finsim.ledger import Ledger
from finsim.simulation.checks import InvariantError

from ..ledger.cents import to_cents
from .allocate import Funding
from .cents import summed


def check_money_conserved(ledger: Ledger, funding: Funding) -> None:
    """Funders + gap == cost to the cent in every cell, and nothing negative
    (``check_money_conserved_many`` of a batch of one)."""
    check_money_conserved_many(stack([ledger]), stack([funding]))


def check_money_conserved_many(ledger: Ledger, funding: Funding) -> None:
    """Funders + gap == cost to the cent in every cell of every replication of a batch
    (``ledger`` and ``funding`` batched), and nothing negative.

    Raises ``InvariantError`` naming the first (month, provider, category) that breaks,
    in the first replication that breaks (the runner names the replication).
    """
    cost = to_cents(ledger.by_category)
    cents = funding.cents
    paid = summed(cents, "rmpcf->rmpc")
    if np.array_equal(paid, cost) and cents.min(initial=0) >= 0:
        return  # the usual case: two passes, no search for the cell to name
    wrong = (paid != cost).reshape(len(cost), -1).any(axis=1)
    wrong |= (cents < 0).reshape(len(cents), -1).any(axis=1)
    r = int(np.argmax(wrong))
    bad = np.argwhere(paid[r] != cost[r])
    if bad.size:
        m, p, c = bad[0]
        raise InvariantError(
            f"money not conserved in {_cell(ledger, m, p, c)}: funders + gap = "
            f"{paid[r, m, p, c] / 100:.2f} EUR, cost = {cost[r, m, p, c] / 100:.2f} EUR")
    m, p, c, f = np.argwhere(cents[r] < 0)[0]
    raise InvariantError(
        f"negative amount in {_cell(ledger, m, p, c)} for '{funding.funder_ids[f]}': "
        f"{cents[r, m, p, c, f] / 100:.2f} EUR")


def _cell(ledger: Ledger, m: int, p: int, c: int) -> str:
    return f"month {ledger.months[m]}, provider {ledger.provider_ids[p]}, " \
           f"category {ledger.categories[c]}"

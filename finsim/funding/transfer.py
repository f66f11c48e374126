"""The Passiv-Aktiv-Transfer (PAT): funders' money financed from benefits avoided.

Two things, both per participant-month and by household type:

- a funder ``limited_to: benefits_avoided`` (a municipality putting in the KdU it saves)
  wants its share of each person's wage, but at most the benefits its budget avoids for
  that person: ``sum over persons of min(share x wage, benefits avoided)``; all of its
  money is transfer, unless its ``transfer`` block narrows that (flat rate, ceiling);
- a funder's ``transfer`` block says which part of the wage money it pays comes from the
  transfer: a flat rate per person-month (the 2023 PAT flat rates), at most the benefits
  its budget avoids for that person, at most what it paid, under a yearly ceiling.

Everything is vectorised over the replications of a batch and (month, provider,
household value, tenure year) cells: within a cell every person has the same wage rate
and the same benefit rate, so the per-person minimum is exact on cells.
docs/passive-benefits.md works an example by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from finsim.batch import stack, unstack
from finsim.ledger.sums import added
from finsim.scenario.model import CATEGORIES, Scenario

from ..ledger.cents import to_cents
from .allocate import (
    Funding,
    FundingProgram,
    TransferTerms,
    by_program,
    cap_in_time_order,
    compile_funding,
)
from .benefits import Avoided

WAGES = CATEGORIES.index("wages")


def transfer_cents(terms: TransferTerms, paid: np.ndarray, avoided: Avoided,
                   years: np.ndarray, taken: np.ndarray | float = 0.0,
                   left: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | float]:
    """Cents of a funder's money that come from the transfer, ``[R, months, providers]``,
    and ``taken`` after it.

    ``paid`` is the funder's cents ``[R, months, providers, categories]``, ``avoided``
    batched; ``years`` the calendar year of each month (for ``cap_per_year``). A budget
    saves a person's benefits once, so funders limited to them share them in list order:
    ``taken`` is the EUR per person-month, ``[R, months, providers, values]``, that those
    applied earlier claimed of the budget's saving (in the cells where they paid wage
    money; this funder's claim is added), ``left`` the cents of the saving per cell they
    did not transfer (None: all of it); a funder takes at most what they left.
    """
    wages_paid = paid[..., WAGES]
    months = paid.shape[1]
    per_person = None if terms.per_person is None else terms.per_person[:months]
    if terms.limit_payer is not None:
        rate = avoided.rate(terms.limit_payer)  # [R, months, values]
        if np.ndim(taken):  # what is left of it in each cell, ``[R, months, providers, values]``
            rate = np.maximum(rate[..., None, :] - taken, 0.0)
        per_person = rate if per_person is None else np.minimum(
            per_person[:, None, :] if rate.ndim == 4 else per_person, rate)
        taken = taken + np.where(wages_paid[..., None] > 0, per_person[..., None, :]
                                 if per_person.ndim == 3 else per_person, 0.0)
    if per_person is None:  # no flat rate, no limit: all of its wage money
        cents = wages_paid.copy()
    elif per_person.ndim == 4:  # by cell: what earlier funders left
        cents = np.minimum(to_cents(added(avoided.employed_months * per_person, -1)),
                           wages_paid)
    else:
        rates = "rmv" if per_person.ndim == 3 else "mv"  # the payer's, or a flat rate
        raw = np.einsum(f"rmpv,{rates}->rmp", avoided.employed_months, per_person)
        cents = np.minimum(to_cents(raw), wages_paid)
    if terms.limit_payer is not None:  # the saving in cents, as its budget books it
        saved = avoided.while_employed_cents(terms.limit_payer) if left is None else left
        cents = np.minimum(cents, saved)
    if terms.ceiling is not None:  # a year's ceiling: the value of its first month
        cents = cap_in_time_order(cents[..., None], years, terms.ceiling[:months], None)[..., 0]
    return cents, taken


def transfer_split(scn: Scenario | FundingProgram, funding: Funding,
                   avoided: Avoided) -> np.ndarray:
    """Cents of each funder's money that came from the transfer,
    ``[months, providers, funders]`` (wage money only): ``transfer_split_many`` of a
    batch of one (a scenario is compiled on the spot)."""
    program = compile_funding(scn) if isinstance(scn, Scenario) else scn
    return transfer_split_many([program], stack([funding]), stack([avoided]))[0]


def transfer_split_many(programs: Sequence[FundingProgram], funding: Funding,
                        avoided: Avoided) -> np.ndarray:
    """Cents of each funder's money that came from the transfer, ``[R, months,
    providers, funders]``, for every replication of a batch (``funding`` and
    ``avoided`` batched, ``programs`` each replication's compiled funding)."""
    cents = funding.cents
    out = np.zeros((*cents.shape[:3], len(programs[0].funder_ids) - 1), dtype=np.int64)
    for rows in by_program(programs):
        program = programs[rows[0]]
        transfers = [f for f in program.funders if f.transfer is not None]
        if not transfers:  # the others' columns stay 0
            continue
        whole = len(rows) == len(programs)
        part = avoided if whole else unstack(avoided, rows)
        sel = slice(None) if whole else rows
        years = program.years[:cents.shape[1]]
        taken: dict[str, np.ndarray | float] = {}  # by budget: per person, claimed so far
        left: dict[str, np.ndarray] = {}  # by budget: cents per cell not transferred yet
        for f in transfers:  # in application order
            payer = f.transfer.limit_payer
            mine, now = transfer_cents(f.transfer, cents[sel, ..., f.index], part, years,
                                       taken.get(payer, 0.0), left.get(payer))
            out[sel, ..., f.index] = mine
            if payer is not None:
                taken[payer] = now
                left[payer] = left.get(payer, part.while_employed_cents(payer)) - mine
    return out

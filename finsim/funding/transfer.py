"""The Passiv-Aktiv-Transfer (PAT): funders' money financed from benefits avoided.

Two things, both per participant-month and by household type:

- a funder ``limited_to: benefits_avoided`` (a municipality putting in the KdU it saves)
  wants its share of each person's wage, but at most the benefits its budget avoids for
  that person: ``sum over persons of min(share x wage, benefits avoided)``; all of its
  money is transfer;
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
from finsim.scenario.model import CATEGORIES, Scenario

from .allocate import (
    Funding,
    FundingProgram,
    TransferTerms,
    by_program,
    cap_in_time_order,
    compile_funding,
)
from .benefits import Avoided
from .cents import summed, to_cents

WAGES = CATEGORIES.index("wages")


def transfer_cents(terms: TransferTerms, paid: np.ndarray, avoided: Avoided,
                   years: np.ndarray) -> np.ndarray:
    """Cents of a funder's money that come from the transfer, ``[R, months, providers]``.

    ``paid`` is the funder's cents ``[R, months, providers, categories]``, ``avoided``
    batched; ``years`` the calendar year of each month (for ``cap_per_year``).
    """
    if terms.all_paid:
        return summed(paid, "rmpc->rmp")
    wages_paid = paid[..., WAGES]
    months = paid.shape[1]
    per_person = None if terms.per_person is None else terms.per_person[:months]
    if terms.limit_payer is not None:
        rate = avoided.rate(terms.limit_payer)
        per_person = rate if per_person is None else np.minimum(per_person, rate)
    if per_person is None:  # no flat rate, no limit: all of its wage money
        cents = wages_paid.copy()
    else:
        rates = "rmv" if per_person.ndim == 3 else "mv"  # the payer's, or a flat rate
        raw = np.einsum(f"rmpv,{rates}->rmp", avoided.employed_months, per_person)
        cents = np.minimum(to_cents(raw), wages_paid)
    if terms.ceiling is not None:  # a year's ceiling: the value of its first month
        cents = cap_in_time_order(cents[..., None], years, terms.ceiling[:months], None)[..., 0]
    return cents


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
        for f in transfers:
            out[sel, ..., f.index] = transfer_cents(f.transfer, cents[sel, ..., f.index],
                                                    part, years)
    return out

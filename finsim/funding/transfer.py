"""The Passiv-Aktiv-Transfer (PAT): funders' money financed from benefits avoided.

Two things, both per participant-month and by household type:

- a funder ``limited_to: benefits_avoided`` (a municipality putting in the KdU it saves)
  wants its share of each person's wage, but at most the benefits its budget avoids for
  that person: ``sum over persons of min(share x wage, benefits avoided)``; all of its
  money is transfer;
- a funder's ``transfer`` block says which part of the wage money it pays comes from the
  transfer: a flat rate per person-month (the 2023 PAT flat rates), at most the benefits
  its budget avoids for that person, at most what it paid, under a yearly ceiling.

Everything is vectorised over (month, provider, household value, tenure year) cells:
within a cell every person has the same wage rate and the same benefit rate, so the
per-person minimum is exact on cells. docs/passive-benefits.md works an example by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from finsim.batch import stack, unstack
from finsim.scenario.model import CATEGORIES, Funder, Scenario
from finsim.scenario.schedule import calendar_years, monthly

from .allocate import Funding, cap_in_time_order
from .benefits import Avoided, rate_table
from .cents import cap_cents, summed, to_cents

WAGES = CATEGORIES.index("wages")


def transfer_cents(funder: Funder, scn: Scenario, paid: np.ndarray, avoided: Avoided,
                   years: np.ndarray) -> np.ndarray:
    """Cents of a funder's money that come from the transfer, ``[months, providers]``.

    ``paid`` is the funder's cents ``[months, providers, categories]``; ``years`` the
    calendar year of each month (for ``cap_per_year``).
    """
    if funder.limited_to == "benefits_avoided":
        return summed(paid, "mpc->mp")
    wages_paid = paid[:, :, WAGES]
    rule = funder.transfer  # a funder that transfers and is not limited_to has one
    employed = avoided.employed_months  # [months, providers, values]
    per_person = np.full((employed.shape[0], employed.shape[2]), np.inf)
    if rule.per_person_month is not None:
        per_person = rate_table(rule.per_person_month, avoided.rates.values, scn)
    if rule.limited_to == "benefits_avoided":
        per_person = np.minimum(per_person, avoided.rate(funder.budget_id))
    if np.isinf(per_person).any():  # no flat rate, no limit: all of its wage money
        cents = wages_paid.copy()
    else:
        raw = np.einsum("mpv,mv->mp", employed, per_person)
        cents = np.minimum(to_cents(raw), wages_paid)
    if rule.cap_per_year is not None:  # a year's ceiling: the value of its first month
        ceiling = cap_cents(monthly(rule.cap_per_year, scn.period.start_month, len(years)))
        cents = cap_in_time_order(cents[..., None], years, ceiling, None)[..., 0]
    return cents


def transfer_split(scn: Scenario, funding: Funding, avoided: Avoided) -> np.ndarray:
    """Cents of each funder's money that came from the transfer,
    ``[months, providers, funders]`` (wage money only)."""
    cents = funding.cents
    out = np.zeros((*cents.shape[:2], len(scn.funding)), dtype=np.int64)
    years = None
    for i, f in enumerate(scn.funding):
        if f.transfers:  # the others' columns stay 0
            if years is None:
                years = calendar_years(scn.period.start_month, len(funding.months))
            out[..., i] = transfer_cents(f, scn, cents[..., i], avoided, years)
    return out


def transfer_split_many(scenarios: Sequence[Scenario], funding: Funding,
                        avoided: Avoided) -> np.ndarray:
    """``transfer_split`` of every replication of a batch, ``[R, months, providers,
    funders]``."""
    return stack([transfer_split(s, unstack(funding, r), unstack(avoided, r))
                  for r, s in enumerate(scenarios)])

"""Who pays what: the funders of SPEC.md item 6 applied to one replication's ledger.

Order of application (docs/funding-rules.md has a worked example): funders with
shares in list order, the ``remainder`` funder last. Each computes its share of the
*cost itself*, rounded to cents cumulatively (so shares adding up to 1 leave no
rounding gap), limited to what is still uncovered in the cell, then cut by its caps:
per person-month (per provider and month), then per calendar year and in total (both
used up by the months in time order). The gap is what is left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from finsim.ledger import Ledger
from finsim.scenario.model import CATEGORIES, Funder, Scenario, TenureShares
from finsim.scenario.schedule import calendar_years

from .cents import apportion, cap_cents, to_cents

GAP = "gap"


@dataclass(frozen=True, eq=False)
class Funding:
    """Funders' amounts of one replication, whole cents stored as EUR floats."""

    amount: np.ndarray
    """EUR, ``[months, providers, len(CATEGORIES), len(funders) + 1]``; last = gap."""
    cost: np.ndarray
    """The ledger's cost rounded to cents per cell, EUR, ``[months, providers, categories]``."""
    funder_ids: tuple[str, ...]
    """Funder ids in scenario order, then ``"gap"``."""
    months: tuple[str, ...]
    provider_ids: tuple[str, ...]
    categories: tuple[str, ...] = CATEGORIES

    @property
    def cents(self) -> np.ndarray:
        """``amount`` as int64 cents."""
        return to_cents(self.amount)

    def of(self, funder_id: str) -> np.ndarray:
        """One funder's (or the gap's) amounts, ``[months, providers, categories]``."""
        return self.amount[..., self.funder_ids.index(funder_id)]


def allocate(scn: Scenario, ledger: Ledger) -> Funding:
    """Apply the scenario's funders to the ledger, month by month and cell by cell."""
    cost = ledger.cost
    cost_cents = to_cents(ledger.by_category)
    years = calendar_years(scn.period.start_month, cost.shape[0])
    out = np.zeros((*cost_cents.shape, len(scn.funding) + 1), dtype=np.int64)
    covered = np.zeros_like(cost_cents)
    running = np.zeros(cost_cents.shape)  # exact EUR of the shares applied so far
    for i in application_order(scn.funding):
        funder = scn.funding[i]
        uncovered = cost_cents - covered
        if funder.covers == "remainder":
            wanted = uncovered
        else:
            share = share_matrix(funder, cost.shape[-1])
            raw = np.einsum("mpct,ct->mpc", cost, share)
            wanted = np.minimum(to_cents(running + raw) - to_cents(running), uncovered)
            running += raw
        paid = apply_caps(funder, wanted, ledger.participant_months, years)
        out[..., i] = paid
        covered += paid
    out[..., -1] = cost_cents - covered
    return Funding(
        amount=out / 100.0,
        cost=cost_cents / 100.0,
        funder_ids=(*scn.funder_ids, GAP),
        months=ledger.months,
        provider_ids=ledger.provider_ids,
    )


def application_order(funders: list[Funder]) -> list[int]:
    """Indices of the funders in the order they are applied: list order, remainder last."""
    fixed = [i for i, f in enumerate(funders) if f.covers != "remainder"]
    return fixed + [i for i, f in enumerate(funders) if f.covers == "remainder"]


def share_matrix(funder: Funder, years: int) -> np.ndarray:
    """The funder's share per category and tenure year, ``[categories, years]``.

    A ``by_tenure_year`` list's last value holds for later years.
    """
    share = np.zeros((len(CATEGORIES), years))
    for c, category in enumerate(CATEGORIES):
        value = funder.share_of(category)
        if isinstance(value, TenureShares):
            listed = value.by_tenure_year
            share[c] = [listed[min(k, len(listed) - 1)] for k in range(years)]
        else:
            share[c] = value
    return share


def apply_caps(funder: Funder, wanted: np.ndarray, participant_months: np.ndarray,
               years: np.ndarray) -> np.ndarray:
    """Cut a funder's wanted cents ``[months, providers, categories]`` by its caps."""
    paid = wanted
    if funder.cap_per_person_month is not None:
        limit = cap_cents(funder.cap_per_person_month * participant_months)
        paid = cap_per_cell(paid, limit)
    if funder.cap_per_year is not None or funder.cap_total is not None:
        paid = cap_in_time_order(paid, years, funder.cap_per_year, funder.cap_total)
    return paid


def cap_per_cell(wanted: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """Per (month, provider): total over categories at most ``limit``, scaled in proportion."""
    paid = wanted.copy()
    over = wanted.sum(axis=-1) > limit
    paid[over] = apportion(wanted[over], limit[over])
    return paid


def cap_in_time_order(wanted: np.ndarray, years: np.ndarray, per_year: float | None,
                      total: float | None) -> np.ndarray:
    """Yearly and total budgets used up month by month; a binding month is scaled.

    In the month where a budget runs out, every provider and category of that month is
    cut in the same proportion; later months (of that year, or at all) get nothing.
    """
    paid = wanted.copy()
    left_total = int(cap_cents(total)) if total is not None else None
    left_year: dict[int, int] = {}
    for m in range(wanted.shape[0]):
        allowed = wanted[m].sum()
        if per_year is not None:
            year = int(years[m])
            left_year.setdefault(year, int(cap_cents(per_year)))
            allowed = min(allowed, left_year[year])
        if left_total is not None:
            allowed = min(allowed, left_total)
        if allowed < wanted[m].sum():
            flat = wanted[m].reshape(1, -1)
            paid[m] = apportion(flat, np.array([allowed])).reshape(wanted[m].shape)
        spent = int(paid[m].sum())
        if per_year is not None:
            left_year[year] -= spent
        if left_total is not None:
            left_total -= spent
    return paid

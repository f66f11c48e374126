"""Whole cents: EUR rounded to the cent, half a cent up, the rule every amount follows.

The ledger books its cells in it (a fixed amount a year spread so each calendar year adds
up to the cent, ``yearly_whole_cents``), and the funding stage keeps every allocation in
int64 cents by it (``funding.cents``), so it lives here, before both.
"""

from __future__ import annotations

import numpy as np

HALF_SLACK = 1e-6
"""Cents of float noise forgiven at a half cent: 0.95 x 2,044.90 is 1,942.655 by the rule
but 1,942.6549999... in floats, and would round down."""


def to_cents(eur: np.ndarray | float) -> np.ndarray:
    """EUR to whole cents, half a cent rounding up (amounts here are never negative),
    a half cent missed by float noise included (``HALF_SLACK``)."""
    cents = np.multiply(eur, 100.0, dtype=float)
    if not isinstance(cents, np.ndarray):  # a number
        return np.floor(cents + (0.5 + HALF_SLACK)).astype(np.int64)
    cents += 0.5 + HALF_SLACK  # in place: one temporary, not three, on a batch's arrays
    return np.floor(cents, out=cents).astype(np.int64)


def yearly_whole_cents(eur: np.ndarray, first_month: int) -> np.ndarray:
    """Monthly amounts ``[..., months, groups]`` (EUR, never negative; the first month
    the calendar month ``first_month``) as whole cents (EUR) that add up, in each
    calendar year and group, to the year's sum rounded to the cent (half a cent up, as
    ``to_cents``): 10,000 EUR a year, 833.33 a month, books 833.34 in January to April
    and 833.33 after, 10,000.00 in all, where rounding each month alone lost 4 cents. A
    part of a year (the horizon's first or last, the months with slots) adds up to its
    own sum the same way. Each month keeps its amount's whole cents; the cents the year
    lacks go to the months with the largest remainders, the earlier month first where
    they tie (remainders compared to 1e-6 cent, so float noise breaks no tie).

    All years at once: the months are laid out in calendar years of 12 (padded with 0
    before the first month and after the last) and ranked within each year."""
    eur = np.asarray(eur, dtype=float)
    *lead, months, groups = eur.shape
    before = first_month - 1
    years = -(-(before + months) // 12)
    padded = np.zeros((*lead, years * 12, groups))
    padded[..., before:before + months, :] = eur
    by_year = padded.reshape(*lead, years, 12, groups)
    cents = by_year * 100.0
    whole = np.floor(cents + HALF_SLACK)
    left = np.round(np.maximum(cents - whole, 0.0), 6)
    lacking = to_cents(by_year.sum(axis=-2)) - whole.sum(axis=-2).astype(np.int64)
    order = np.argsort(-left, axis=-2, kind="stable")  # stable: the earlier month first
    rank = np.argsort(order, axis=-2)  # each month's place in that order
    whole += (rank < lacking[..., None, :]) & (left > 0)
    return whole.reshape(*lead, years * 12, groups)[..., before:before + months, :] / 100.0

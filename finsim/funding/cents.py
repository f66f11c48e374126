"""Whole cents: the rounding rule every funding amount follows.

Money is kept as int64 cents while it is allocated, so "funders + gap == cost to the
cent" holds by construction rather than by tolerance.
"""

from __future__ import annotations

import numpy as np

from ..ledger.cents import HALF_SLACK

CAP_SLACK = 1e-6
"""Cents of float noise forgiven when a cap in EUR becomes whole cents (1e-6 cent)."""


def share_cents(cents: np.ndarray, share: np.ndarray | float) -> np.ndarray:
    """A share of whole cents as whole cents, half a cent rounding up as in ``to_cents``
    (a retention of 0.29 x 1,000.50 EUR is 290.145: 29,014.4999... cents in floats)."""
    return np.floor(cents * share + (0.5 + HALF_SLACK)).astype(np.int64)


def cap_cents(eur: np.ndarray | float) -> np.ndarray:
    """A cap in EUR as whole cents, rounded down so that no cap is ever exceeded."""
    return np.floor(np.asarray(eur, dtype=float) * 100.0 + CAP_SLACK).astype(np.int64)


def summed(cents: np.ndarray, axes: str) -> np.ndarray:
    """Whole cents summed over the axes that ``axes`` (einsum notation, e.g.
    ``"mpcf->mpf"``) leaves out. Integers add up exactly in any order, and on the small
    arrays of one replication einsum is several times faster than ``sum`` over an inner
    axis (which pays numpy's loop set-up per outer element)."""
    return np.einsum(axes, cents)


def apportion(amounts: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Scale each row of ``amounts`` (int cents, ``[groups, k]``) down to sum to ``target``.

    Proportional scaling, then *cumulative rounding*: the running sums are rounded and
    differenced, so each row sums exactly to its target, no entry is negative or above
    its unscaled amount, and each differs from its exact share by under one cent.
    Rows must have a sum above their target (only binding caps are apportioned).
    """
    amounts = np.asarray(amounts, dtype=np.int64)
    target = np.asarray(target, dtype=np.int64)
    if amounts.size == 0:
        return amounts.copy()
    totals = amounts.sum(axis=1)
    scaled = amounts * (target / totals)[:, None]
    running = np.floor(np.cumsum(scaled, axis=1) + 0.5).astype(np.int64)
    running = np.minimum(running, target[:, None])
    running[:, -1] = target
    return np.diff(running, axis=1, prepend=0)

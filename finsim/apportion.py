"""Whole numbers in proportion: the largest remainder method, half up.

Slots per provider when ``size`` scales a program (``analysis.sizing``), cents per year
when a yearly amount is split by its shares (``report.budgets``): here, not in either,
so that the tables of a run load none of the sizing search's code.
"""

from __future__ import annotations

import numpy as np


def largest_remainder(quotas: np.ndarray, least: np.ndarray | None = None) -> np.ndarray:
    """Whole numbers summing to the rounded total of ``quotas`` (a half up, as a person
    rounds: 12.5 slots are 13, not numpy's half to even 12), floors plus the largest
    remainders (ties to the earlier provider). With ``least`` (whole numbers), none ends
    below its own where the total allows (``_raised``)."""
    floors = np.floor(quotas + 1e-9)
    extra = int(np.floor(quotas.sum() + 0.5 + 1e-9) - floors.sum())
    order = np.argsort(-(quotas - floors), kind="stable")
    floors[order[:extra]] += 1
    whole = floors.astype(np.int64)
    if least is None or np.all(whole >= least):
        return whole
    return _raised(whole, quotas, least)


def _raised(whole: np.ndarray, quotas: np.ndarray, least: np.ndarray) -> np.ndarray:
    """``whole`` with every number raised to ``least``, its total kept by taking a unit,
    one at a time, from the number most above its quota among those above their least
    (ties: the later provider, as the earlier one got the remainder): the split nearest
    the proportional one that holds the least. A total below the least's sum takes the
    rest from the numbers most above their quotas: a split that cannot hold them is
    refused by the caller's own check, naming the provider short of slots."""
    out = np.maximum(whole, least)
    for _ in range(int(out.sum() - whole.sum())):
        above = out > least
        over = np.where(above if above.any() else out > 0, out - quotas, -np.inf)
        out[over.size - 1 - int(np.argmax(over[::-1]))] -= 1
    return out

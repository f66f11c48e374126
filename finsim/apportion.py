"""Whole numbers in proportion: the largest remainder method, half up.

Cents per year when a yearly amount is split by its shares (``report.budgets``).
"""

from __future__ import annotations

import numpy as np


def largest_remainder(quotas: np.ndarray) -> np.ndarray:
    """Whole numbers summing to the rounded total of ``quotas`` (a half up, as a person
    rounds: 12.5 is 13, not numpy's half to even 12), floors plus the largest
    remainders (ties to the earlier one)."""
    floors = np.floor(quotas + 1e-9)
    extra = int(np.floor(quotas.sum() + 0.5 + 1e-9) - floors.sum())
    order = np.argsort(-(quotas - floors), kind="stable")
    floors[order[:extra]] += 1
    return floors.astype(np.int64)

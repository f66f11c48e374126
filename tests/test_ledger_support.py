"""Shared stand-ins for ledger and funding tests: a tiny scenario and hand-made spells.

The simulation's ``Spells`` is built elsewhere; the ledger only needs its columns, so
the tests construct them by hand (this module holds no tests itself).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from finsim.scenario.model import Scenario

PLACEMENT, DROPOUT, MAX_DURATION, EMPLOYED = 0, 1, 2, 3

# Wage of a full person-month with these numbers: 10 * 39 * 52 / 12 * 1.2
# = 10 * 169 * 1.2 = 2028.00 EUR (39 * 52 = 2028, / 12 = 169).
WAGE_MONTH = 2028.0

BASE: dict[str, Any] = {
    "name": "ledger test",
    "period": {"start": "2013-01", "months": 24},
    "participants": {"referrals_per_month": 1},
    "providers": [{"id": "a", "slots": 10}, {"id": "b", "slots": 10}],
    "costs": {
        "wages": {"hourly": 10, "hours_per_week": 39, "employer_contributions": 0.2,
                  "annual_increase": 0.0},
        "staff": {"participants_per_coach": 12, "coach_cost_per_year": 0,
                  "management_cost_per_year": 0, "annual_increase": 0.0},
        "material": {"per_slot_month": 0},
        "qualification": [],
        "overhead": {"rate_on_staff": 0.0},
    },
    "funding": [],
}


def deep_update(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_update(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def scenario(**patch: Any) -> Scenario:
    """The base test scenario with ``patch`` deep-merged over it (lists replace)."""
    return Scenario.model_validate(deep_update(BASE, patch))


@dataclass(frozen=True, eq=False)
class FakeSpells:
    """Stand-in for ``finsim.simulation.spells.Spells`` with the same columns."""

    provider: np.ndarray
    entry: np.ndarray
    exit: np.ndarray
    reason: np.ndarray
    initial: np.ndarray
    modules: np.ndarray
    horizon: float
    extra: dict[str, Any] = field(default_factory=dict)
    attributes: np.ndarray | None = None
    """Codes into each mix attribute's values, ``[n, attributes]`` (only where a test needs it)."""


def spells(rows: list[tuple[int, float, float, int]], horizon: float,
           modules: list[list[bool]] | None = None, n_modules: int = 0,
           attributes: list[list[int]] | None = None) -> FakeSpells:
    """Spells from ``(provider, entry, exit, reason)`` rows (``attributes``: mix codes)."""
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if rows else [[], [], [], []]
    mods = np.array(modules, dtype=bool) if modules is not None else np.zeros((n, n_modules), bool)
    return FakeSpells(
        provider=np.array(cols[0], dtype=np.int64),
        entry=np.array(cols[1], dtype=float),
        exit=np.array(cols[2], dtype=float),
        reason=np.array(cols[3], dtype=np.int8),
        initial=np.zeros(n, dtype=bool),
        modules=mods if mods.ndim == 2 else mods.reshape(n, n_modules),
        horizon=float(horizon),
        attributes=None if attributes is None else np.array(
            attributes, dtype=np.int64).reshape(n, len(attributes[0]) if attributes else 1),
    )

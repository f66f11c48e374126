"""The simulation's output: every person's spell and every referral's fate, as columns.

Time is in months from ``period.start``; month ``m`` is the interval ``[m, m + 1)`` and the
horizon is ``period.months``. Everything downstream (flow metrics, the ledger) is computed
from these arrays, vectorised, so no layer loops over Python objects per person.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Exit reasons (per entrant).
PLACEMENT = 0
"""Left for unsubsidised work."""
DROPOUT = 1
"""Dropped out (dismissal, quitting, illness)."""
MAX_DURATION = 2
"""Reached ``employment.max_months``."""
EMPLOYED = 3
"""Still employed at the horizon (``exit == horizon``). An exit at exactly the horizon is
an exit with its reason, not EMPLOYED."""

# Referral outcomes (per referral).
ENTERED = 0
"""Took a slot (at once or from the waiting list)."""
GAVE_UP = 1
"""Left the waiting list after their patience ran out."""
TURNED_AWAY = 2
"""Found no free slot with ``patience_months == 0``."""
WAITING = 3
"""Still on the waiting list at the horizon (``outcome_time == horizon``)."""


@dataclass(frozen=True, eq=False)
class Spells:
    """One replication's people, column-oriented.

    Per entrant ``i`` (initial participants first, then in order of entry):

    - ``provider``: int index into ``provider_ids``.
    - ``referral``: referral time (the entry for initial participants).
    - ``entry``: time the slot was taken; for initial participants 0 minus their tenure at
      the start (negative for a running program: ``full`` or a caseload).
    - ``exit``: time the slot was left; ``horizon`` for those still employed.
    - ``reason``: int8, PLACEMENT / DROPOUT / MAX_DURATION / EMPLOYED.
    - ``initial``: bool, in a slot at the start (counts as an entry).
    - ``referral_index``: the referral ``j`` this entrant came from, -1 for initial ones.
    - ``attributes``: int [n, n_attributes], codes into ``attribute_values[k]`` (mix order).
    - ``modules``: bool [n, n_modules], module drawn (uptake and ``when`` matched). Whether it
      is charged (``entry + month < exit`` and ``< horizon``) is the ledger's decision.

    Per referral ``j`` (in order of referral time):

    - ``referral_time``, ``outcome`` (int8: ENTERED / GAVE_UP / TURNED_AWAY / WAITING),
      ``outcome_time`` (entry, give-up or turn-away time; ``horizon`` while still waiting),
      ``entrant`` (index into the entrant columns, -1 if not entered) and ``patience``
      (the patience drawn, months; 0 when ``patience_months`` is 0).

    Program: ``horizon`` (months), ``slots`` (float [months, providers], slots in force),
    ``provider_ids``, ``attribute_names``, ``attribute_values``, ``module_ids``.
    """

    provider: np.ndarray
    referral: np.ndarray
    entry: np.ndarray
    exit: np.ndarray
    reason: np.ndarray
    initial: np.ndarray
    referral_index: np.ndarray
    attributes: np.ndarray
    modules: np.ndarray
    referral_time: np.ndarray
    outcome: np.ndarray
    outcome_time: np.ndarray
    entrant: np.ndarray
    patience: np.ndarray
    horizon: float
    slots: np.ndarray
    provider_ids: tuple[str, ...]
    attribute_names: tuple[str, ...]
    attribute_values: tuple[tuple[str, ...], ...]
    module_ids: tuple[str, ...]

    @property
    def n_entrants(self) -> int:
        return int(self.entry.size)

    @property
    def n_referrals(self) -> int:
        return int(self.referral_time.size)

    @property
    def months(self) -> int:
        return int(self.slots.shape[0])

"""Flow metrics and monthly flows from spells, vectorised (no loop over persons).

Boundary conventions (time in months from ``period.start``; month m is [m, m+1)):

- An event at time t belongs to month ``floor(t)``; so an event at exactly m+1 belongs to
  month m+1, except that exits at exactly the horizon belong to the last month (an
  exit at the horizon's end is an exit).
- Initial participants count as entries of month 0; their ``entry`` may lie before the
  start (their tenure), and only the time from the start counts as occupied.
- "At month end" counts are the balance of the monthly flows: participants at the end of
  month m = entries in months 0..m minus exits in months 0..m, i.e. those with
  ``entry < m+1 <= exit`` (someone leaving at exactly m+1 is still counted at the end of
  month m, someone entering at exactly m+1 is not). At the last month this is exactly
  the EMPLOYED count, ``participants_at_end``. Waiting at month end is likewise referrals
  minus resolved referrals (entered, gave up, turned away) by month.
- ``slot_months`` is the occupied time sum(exit - entry) within the horizon;
  ``occupancy_rate`` divides it by the available slot-months, the sum of the slots in
  force over months and providers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..batch import stack
from .batch import SpellBatch
from .spells import (
    DROPOUT,
    EMPLOYED,
    GAVE_UP,
    MAX_DURATION,
    PLACEMENT,
    TURNED_AWAY,
    WAITING,
    Spells,
)

FLOW_METRICS = (
    "referrals", "entries", "referrals_lost", "exits_placement", "exits_dropout",
    "exits_max_duration", "participants_at_end", "waiting_at_end", "slot_months",
    "occupancy_rate", "placement_rate",
)
"""The documented flow metric names, in table order."""


@dataclass(frozen=True, eq=False)
class FlowCounts:
    """The counts every flow table of one replication is read from, each taken in one
    ``bincount`` pass (the program metrics, the per-provider metrics and ``flows.csv``
    share them; whole counts, so the same numbers as counting each table apart)."""

    by_reason: np.ndarray
    """Entrants per provider and exit reason, int ``[providers, 4]``."""
    exits: np.ndarray
    """Entrants per month of exit, provider and exit reason, int ``[months, providers,
    4]`` (``EMPLOYED`` at the horizon: the last month)."""
    entries: np.ndarray
    """Entries per month and provider, int ``[months, providers]``."""
    outcome: np.ndarray
    """Referrals per outcome, int ``[4]``."""
    occupied: np.ndarray
    """Each spell's occupied time within the horizon, ``exit - max(entry, 0)``."""


def count_flows(spells: Spells) -> FlowCounts:
    """One replication's flow counts (see ``FlowCounts``)."""
    months, n_prov = spells.slots.shape
    provider = spells.provider.astype(np.int64) * 4 + spells.reason
    exit_month = month_of(spells.exit, months) * (n_prov * 4) + provider
    entry_cell = month_of(spells.entry, months) * n_prov + spells.provider
    return FlowCounts(
        by_reason=np.bincount(provider, minlength=n_prov * 4).reshape(n_prov, 4),
        exits=np.bincount(exit_month, minlength=months * n_prov * 4).reshape(
            months, n_prov, 4),
        entries=np.bincount(entry_cell, minlength=months * n_prov).reshape(months, n_prov),
        outcome=np.bincount(spells.outcome, minlength=4),
        occupied=spells.exit - in_period(spells.entry),
    )


def flow_metrics(spells: Spells, counts: FlowCounts | None = None) -> dict[str, float]:
    """the documented flow metrics for one replication (program totals); ``counts`` is
    ``count_flows(spells)`` when the caller has it."""
    counts = count_flows(spells) if counts is None else counts
    reason = counts.by_reason.sum(axis=0)
    outcome = counts.outcome
    entries = spells.n_entrants
    slot_months = float(counts.occupied.sum())
    available = float(spells.slots.sum())
    return {
        "referrals": float(spells.n_referrals),
        "entries": float(entries),
        "referrals_lost": float(outcome[GAVE_UP] + outcome[TURNED_AWAY]),
        "exits_placement": float(reason[PLACEMENT]),
        "exits_dropout": float(reason[DROPOUT]),
        "exits_max_duration": float(reason[MAX_DURATION]),
        "participants_at_end": float(reason[EMPLOYED]),
        "waiting_at_end": float(outcome[WAITING]),
        "slot_months": slot_months,
        "occupancy_rate": slot_months / available if available > 0 else 0.0,
        "placement_rate": float(reason[PLACEMENT]) / entries if entries else 0.0,
    }


def provider_metrics(spells: Spells, counts: FlowCounts | None = None
                     ) -> dict[str, np.ndarray]:
    """The per-provider flow metrics (float arrays [providers]); referrals and waiting are
    the program's and have no per-provider value."""
    counts = count_flows(spells) if counts is None else counts
    n_prov = len(spells.provider_ids)
    by_reason = counts.by_reason.astype(float)
    entries = by_reason.sum(axis=1)  # whole counts: exact
    slot_months = np.bincount(spells.provider, weights=counts.occupied, minlength=n_prov)
    available = spells.slots.sum(axis=0)
    occupancy = np.divide(slot_months, available, out=np.zeros(n_prov), where=available > 0)
    placement = np.divide(by_reason[:, PLACEMENT], entries, out=np.zeros(n_prov),
                          where=entries > 0)
    return {
        "entries": entries,
        "exits_placement": by_reason[:, PLACEMENT],
        "exits_dropout": by_reason[:, DROPOUT],
        "exits_max_duration": by_reason[:, MAX_DURATION],
        "participants_at_end": by_reason[:, EMPLOYED],
        "slot_months": slot_months,
        "occupancy_rate": occupancy,
        "placement_rate": placement,
    }


def in_period(t: np.ndarray) -> np.ndarray:
    """Times before the start (the entry of someone already employed) moved to it."""
    return np.maximum(t, 0.0)


def month_of(t: np.ndarray, months: int) -> np.ndarray:
    """Month index of event times: floor(t), with t == horizon put in the last month and
    times before the start (a caseload's entries and referrals) in the first."""
    month = np.floor(t).astype(np.int64)
    np.maximum(month, 0, out=month)
    return np.minimum(month, months - 1, out=month)


def monthly_flows(spells: Spells, counts: FlowCounts | None = None) -> dict[str, np.ndarray]:
    """flows.csv's columns for one replication (``counts`` is ``count_flows(spells)`` when
    the caller has it).

    Per month and provider (int arrays [months, providers]): ``entries``,
    ``exits_placement``, ``exits_dropout``, ``exits_max_duration``, ``participants``
    (at month end). Per month for the program (int arrays [months]): ``referrals`` and
    ``waiting`` (at month end). See the module docstring for boundary conventions.
    """
    counts = count_flows(spells) if counts is None else counts
    months = spells.slots.shape[0]
    exits = counts.exits
    left = exits[:, :, PLACEMENT] + exits[:, :, DROPOUT] + exits[:, :, MAX_DURATION]
    referrals = np.bincount(month_of(spells.referral_time, months), minlength=months)
    resolved = spells.outcome != WAITING
    done = np.bincount(month_of(spells.outcome_time[resolved], months), minlength=months)
    return {
        "entries": counts.entries,
        "exits_placement": exits[:, :, PLACEMENT],
        "exits_dropout": exits[:, :, DROPOUT],
        "exits_max_duration": exits[:, :, MAX_DURATION],
        "participants": np.cumsum(counts.entries - left, axis=0),
        "referrals": referrals,
        "waiting": np.cumsum(referrals - done),
    }


def count_flows_many(spells: SpellBatch) -> list[FlowCounts]:
    """``count_flows`` of every replication of a batch (a list: ``occupied`` is per
    spell)."""
    return [count_flows(spells.part(r)) for r in range(spells.count)]


def flow_metrics_many(spells: SpellBatch, counts: list[FlowCounts]) -> dict[str, np.ndarray]:
    """``flow_metrics`` of every replication of a batch: each an array ``[R]``."""
    return stack([flow_metrics(spells.part(r), c) for r, c in enumerate(counts)])


def provider_metrics_many(spells: SpellBatch, counts: list[FlowCounts]
                          ) -> dict[str, np.ndarray]:
    """``provider_metrics`` of every replication of a batch: each ``[R, providers]``."""
    return stack([provider_metrics(spells.part(r), c) for r, c in enumerate(counts)])

"""Flow metrics and monthly flows from spells, vectorised (no loop over persons), for a
batch of replications at once (``SpellBatch``: one ``bincount`` counts every replication,
each replication's cells offset by its place; one replication is a batch of one).

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

from ..batch import unstack
from .batch import SpellBatch, alone
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
    """The counts every flow table of a batch of replications is read from, each taken in
    one ``bincount`` pass over the whole batch (the program metrics, the per-provider
    metrics and ``flows.csv`` share them; whole counts, so the same numbers as counting
    each table apart). A single replication's are a batch of one (``R == 1``)."""

    by_reason: np.ndarray
    """Entrants per replication, provider and exit reason, int ``[R, providers, 4]``."""
    exits: np.ndarray
    """Entrants per replication, month of exit, provider and exit reason, int ``[R,
    months, providers, 4]`` (``EMPLOYED`` at the horizon: the last month)."""
    entries: np.ndarray
    """Entries per replication, month and provider, int ``[R, months, providers]``."""
    outcome: np.ndarray
    """Referrals per replication and outcome, int ``[R, 4]``."""
    occupied: np.ndarray
    """Each spell's occupied time within the horizon, ``exit - max(entry, 0)``: per
    spell, so concatenated like the spells (``SpellBatch.offsets``), not stacked."""


def cells(spells: SpellBatch, cell: np.ndarray, size: int, referrals: bool = False
          ) -> np.ndarray:
    """Each row's ``cell`` (of ``size`` per replication) moved to its replication's block
    of a batch's cells, so that one ``bincount`` counts every replication; the rows are
    the entrants' (or with ``referrals`` the referrals')."""
    if spells.count == 1:
        return cell
    return (spells.referral_rep if referrals else spells.rep) * size + cell


def rows_of(spells: SpellBatch, rows: np.ndarray) -> np.ndarray:
    """How many of the entrants ``rows`` (a mask) each replication has, int ``[R]``."""
    if spells.count == 1:
        return np.array([np.count_nonzero(rows)])
    return np.bincount(spells.rep[rows], minlength=spells.count)


def count_flows_many(spells: SpellBatch) -> FlowCounts:
    """The flow counts of every replication of a batch (see ``FlowCounts``)."""
    s = spells.spells
    reps, months, n_prov = s.slots.shape
    provider = s.provider.astype(np.int64) * 4 + s.reason
    exit_month = month_of(s.exit, months) * (n_prov * 4) + provider
    entry_cell = month_of(s.entry, months) * n_prov + s.provider
    return FlowCounts(
        by_reason=_counted(spells, provider, (n_prov, 4)),
        exits=_counted(spells, exit_month, (months, n_prov, 4)),
        entries=_counted(spells, entry_cell, (months, n_prov)),
        outcome=_counted(spells, s.outcome, (4,), referrals=True),
        occupied=s.exit - in_period(s.entry),
    )


def _counted(spells: SpellBatch, cell: np.ndarray, shape: tuple[int, ...],
             referrals: bool = False) -> np.ndarray:
    """Rows per replication and ``cell`` (flat index into ``shape``), ``[R, *shape]``."""
    size = int(np.prod(shape))
    counts = np.bincount(cells(spells, cell, size, referrals), minlength=spells.count * size)
    return counts.reshape(spells.count, *shape)


def count_flows(spells: Spells) -> FlowCounts:
    """One replication's flow counts, a batch of one (see ``FlowCounts``)."""
    return count_flows_many(alone(spells))


def flow_metrics_many(spells: SpellBatch, counts: FlowCounts) -> dict[str, np.ndarray]:
    """The documented flow metrics (program totals) of every replication of a batch: each
    a float array ``[R]``; ``counts`` is ``count_flows_many(spells)``."""
    reason = counts.by_reason.sum(axis=1)
    outcome = counts.outcome
    entries = np.diff(spells.offsets).astype(float)
    # each replication's occupied time summed alone: numpy's pairwise sum of its own
    # spells (a sum over the batch by replication would add in another order)
    bounds = spells.offsets.tolist()
    slot_months = np.array([np.add.reduce(counts.occupied[a:b])
                            for a, b in zip(bounds[:-1], bounds[1:], strict=True)], dtype=float)
    available = spells.spells.slots.reshape(spells.count, -1).sum(axis=1)
    zeros = np.zeros(spells.count)
    return {
        "referrals": np.diff(spells.referral_offsets).astype(float),
        "entries": entries,
        "referrals_lost": (outcome[:, GAVE_UP] + outcome[:, TURNED_AWAY]).astype(float),
        "exits_placement": reason[:, PLACEMENT].astype(float),
        "exits_dropout": reason[:, DROPOUT].astype(float),
        "exits_max_duration": reason[:, MAX_DURATION].astype(float),
        "participants_at_end": reason[:, EMPLOYED].astype(float),
        "waiting_at_end": outcome[:, WAITING].astype(float),
        "slot_months": slot_months,
        "occupancy_rate": np.divide(slot_months, available, out=zeros.copy(),
                                    where=available > 0),
        "placement_rate": np.divide(reason[:, PLACEMENT], entries, out=zeros,
                                    where=entries > 0),
    }


def flow_metrics(spells: Spells, counts: FlowCounts | None = None) -> dict[str, float]:
    """The documented flow metrics for one replication (program totals); ``counts`` is
    ``count_flows(spells)`` when the caller has it."""
    one = alone(spells)
    counts = count_flows_many(one) if counts is None else counts
    return {k: float(v[0]) for k, v in flow_metrics_many(one, counts).items()}


def provider_metrics_many(spells: SpellBatch, counts: FlowCounts) -> dict[str, np.ndarray]:
    """The per-provider flow metrics of every replication of a batch (float arrays ``[R,
    providers]``); referrals and waiting are the program's and have no per-provider
    value."""
    s = spells.spells
    reps, _, n_prov = s.slots.shape
    by_reason = counts.by_reason.astype(float)
    entries = by_reason.sum(axis=2)  # whole counts: exact
    # each replication's spells in their order: each cell's sum as in that replication
    slot_months = np.bincount(cells(spells, s.provider, n_prov), weights=counts.occupied,
                              minlength=reps * n_prov).reshape(reps, n_prov)
    available = s.slots.sum(axis=1)
    occupancy = np.divide(slot_months, available, out=np.zeros((reps, n_prov)),
                          where=available > 0)
    placement = np.divide(by_reason[..., PLACEMENT], entries, out=np.zeros((reps, n_prov)),
                          where=entries > 0)
    return {
        "entries": entries,
        "exits_placement": by_reason[..., PLACEMENT],
        "exits_dropout": by_reason[..., DROPOUT],
        "exits_max_duration": by_reason[..., MAX_DURATION],
        "participants_at_end": by_reason[..., EMPLOYED],
        "slot_months": slot_months,
        "occupancy_rate": occupancy,
        "placement_rate": placement,
    }


def provider_metrics(spells: Spells, counts: FlowCounts | None = None
                     ) -> dict[str, np.ndarray]:
    """The per-provider flow metrics of one replication (float arrays [providers])."""
    one = alone(spells)
    counts = count_flows_many(one) if counts is None else counts
    return unstack(provider_metrics_many(one, counts), 0)


def in_period(t: np.ndarray) -> np.ndarray:
    """Times before the start (the entry of someone already employed) moved to it."""
    return np.maximum(t, 0.0)


def month_of(t: np.ndarray, months: int) -> np.ndarray:
    """Month index of event times: floor(t), with t == horizon put in the last month and
    times before the start (a caseload's entries and referrals) in the first."""
    month = np.floor(t).astype(np.int64)
    np.maximum(month, 0, out=month)
    return np.minimum(month, months - 1, out=month)


def monthly_flows_many(spells: SpellBatch, counts: FlowCounts) -> dict[str, np.ndarray]:
    """flows.csv's columns for every replication of a batch (``counts`` is
    ``count_flows_many(spells)``).

    Per replication, month and provider (int arrays [R, months, providers]): ``entries``,
    ``exits_placement``, ``exits_dropout``, ``exits_max_duration``, ``participants``
    (at month end). Per replication and month for the program (int arrays [R, months]):
    ``referrals`` and ``waiting`` (at month end). See the module docstring for boundary
    conventions.
    """
    s = spells.spells
    months = s.slots.shape[1]
    exits = counts.exits
    left = exits[..., PLACEMENT] + exits[..., DROPOUT] + exits[..., MAX_DURATION]
    referrals = _counted(spells, month_of(s.referral_time, months), (months,),
                         referrals=True)
    resolved = np.where(s.outcome != WAITING, month_of(s.outcome_time, months), months)
    done = _counted(spells, resolved, (months + 1,), referrals=True)[:, :months]
    return {
        "entries": counts.entries,
        "exits_placement": exits[..., PLACEMENT],
        "exits_dropout": exits[..., DROPOUT],
        "exits_max_duration": exits[..., MAX_DURATION],
        "participants": np.cumsum(counts.entries - left, axis=1),
        "referrals": referrals,
        "waiting": np.cumsum(referrals - done, axis=1),
    }


def monthly_flows(spells: Spells, counts: FlowCounts | None = None) -> dict[str, np.ndarray]:
    """flows.csv's columns for one replication (``monthly_flows_many``'s, without the
    replication axis)."""
    one = alone(spells)
    counts = count_flows_many(one) if counts is None else counts
    return unstack(monthly_flows_many(one, counts), 0)

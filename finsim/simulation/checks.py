"""Invariants of the people of a batch of replications (``SpellBatch``; one replication
is a batch of one): conserved, time running forward, and no entry beyond a provider's
slots. A breach is finsim's own bug: it stops the run rather than reach a budget table
(the runner reruns the batch's replications alone to name the one that breached)."""

from __future__ import annotations

import numpy as np

from .batch import SpellBatch, alone
from .flows import month_of, rows_of
from .spells import Spells


class InvariantError(AssertionError):
    """An invariant does not hold: a fault of finsim, not of the user."""


def check_people_many(spells: SpellBatch, flow: dict[str, np.ndarray]) -> None:
    """People conserved, time running forward, and no entry beyond a provider's slots, in
    every replication of a batch at once; ``flow`` is ``flow_metrics_many(spells)``
    (arrays ``[R]``), computed once by the caller. A breach names what broke, with the
    first breaching replication's flow metrics (the runner names the replication)."""
    s = spells.spells
    initial = rows_of(spells, s.initial).astype(float)
    referrals = flow["referrals"] != (flow["entries"] - initial + flow["referrals_lost"]
                                      + flow["waiting_at_end"])
    if referrals.any():
        raise InvariantError(f"referrals not conserved: {_first(flow, referrals)}")
    exits = flow["exits_placement"] + flow["exits_dropout"] + flow["exits_max_duration"]
    entrants = flow["entries"] != exits + flow["participants_at_end"]
    if entrants.any():
        raise InvariantError(f"entrants not conserved: {_first(flow, entrants)}")
    if (s.entry < s.referral).any() or (s.exit < s.entry).any():
        raise InvariantError("someone entered before referral or left before entry")
    check_capacity_many(spells)


def _first(flow: dict[str, np.ndarray], breached: np.ndarray) -> dict[str, float]:
    """The flow metrics of the first replication where ``breached``."""
    r = int(np.argmax(breached))
    return {k: float(v[r]) for k, v in flow.items()}


def check_people(spells: Spells, flow: dict[str, float]) -> None:
    """``check_people_many`` for one replication (``flow``: ``flow_metrics(spells)``)."""
    check_people_many(alone(spells), {k: np.array([v]) for k, v in flow.items()})


def check_capacity(spells: Spells, by_log_from: int = 0) -> None:
    """``check_capacity_many`` for one replication."""
    check_capacity_many(alone(spells), by_log_from)


def check_capacity_many(spells: SpellBatch, by_log_from: int = 0) -> None:
    """At every entry, the provider holds no more participants than its slots then;
    those in the slots at the start count as held, and are not entries. Every
    replication of a batch at once: each replication's providers are counted apart
    (``_groups``).

    From ``by_log_from`` entrants on (default ``BY_LOG_FROM``), spells in the
    simulation's own order are counted without ordering every event (``_held_by_log``:
    a national replication's 320,000 events in about half the time); a breach found so
    is named by the count in event order, as always."""
    s = spells.spells
    n = len(s.entry)
    if n == 0 or s.initial.all():
        return
    if n < (by_log_from or BY_LOG_FROM) or (found := _held_by_log(spells)) is None:
        _check_in_event_order(spells)
        return
    held, limit = found
    if (held > limit + 1e-9).any():
        _check_in_event_order(spells)  # names the breach
        raise InvariantError("the capacity counts by log and in event order disagree")


def _groups(spells: SpellBatch) -> tuple[np.ndarray, int]:
    """Each entrant's provider within its replication, numbered across the batch
    (replication r's providers are ``r * providers`` onwards), and how many there are."""
    s = spells.spells
    providers = len(s.provider_ids)
    if spells.count == 1:
        return s.provider, providers
    return spells.rep * providers + s.provider, spells.count * providers


def _slots_at(spells: SpellBatch, group: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The slots in force of each ``group`` (``_groups``) at times ``at``."""
    slots = spells.spells.slots
    months = slots.shape[1]
    by_group = slots.transpose(0, 2, 1).reshape(-1)  # each group's months in a row
    return by_group[group * months + month_of(at, months)]


def _check_in_event_order(spells: SpellBatch) -> None:
    """``check_capacity_many`` by one running count over every exit and entry in
    replication, provider, then time order."""
    s = spells.spells
    n = len(s.entry)
    group, groups = _groups(spells)
    times = np.concatenate([s.exit, s.entry])  # exits, then entries
    both = np.concatenate([group, group])
    # exits before entries at the same time: a freed slot may be refilled at once
    order = provider_time_order(both, times, groups)
    entering = order >= n
    # the people held after each event, by one cumulative sum over all providers' events
    # (counts of whole people: exact in floats): each provider's events come together and
    # hold every entry of its people and every exit, so the count is back at 0 where the
    # next provider's begin
    held = np.cumsum(np.where(entering, 1.0, -1.0))
    checked = entering  # the entries, but for those in the slots at the start (held)
    if s.initial.any():
        checked = entering.copy()
        checked[entering] = ~s.initial[order[entering] - n]
    at = times[order[checked]]
    in_order = np.repeat(np.arange(groups), 2 * np.bincount(group, minlength=groups))
    who, held = in_order[checked], held[checked]
    limit = _slots_at(spells, who, at)
    if (held > limit + 1e-9).any():
        worst = int(np.argmax(held - limit))
        provider = s.provider_ids[who[worst] % len(s.provider_ids)]
        raise InvariantError(f"provider {provider} holds {held[worst]:.0f} > "
                             f"{limit[worst]:.0f} slots at t={at[worst]:.3f}")


BY_LOG_FROM = 1000
"""Entrants (of a whole batch) from which ``check_capacity_many`` counts by the
simulation's order (below, the event-order count's one lexsort is as quick)."""


def _held_by_log(spells: SpellBatch) -> tuple[np.ndarray, np.ndarray] | None:
    """The people each provider holds just after each entry but those at the start, and
    its slots then, provider by provider (each provider's in log order; replication by
    replication), for spells in the simulation's order: in each replication those in the
    slots at the start first, then the others by entry time, none before the last of the
    first (None for spells in any other order).

    In that order, the entries of a provider up to and including an entrant are those
    that come before it in event order; its exits before that entry are those at its
    time or earlier (exits first at equal times), counted without ordering the events by
    time: with the exits in time order, an exit at x is at or before t exactly when its
    place is within the first ``searchsorted(exits, t, "right")``, so whole-number ranks
    stand for the times, and one sort of (provider, rank) keys counts every provider's
    exits at once (the ranks of the whole batch's exits: a provider's exits at or before
    t are still the first of its own)."""
    s = spells.spells
    entry, initial = s.entry, s.initial
    if not _in_log_order(spells):
        return None
    n = len(entry)
    provider, groups = _groups(spells)
    counts = np.bincount(provider, minlength=groups)
    before = np.cumsum(counts) - counts  # entrants of the providers before each
    # each provider's entrants together, in log order: an entrant's entries so far are
    # its place among them
    order = _stable_order(provider, groups)
    entries = np.arange(1, n + 1) - np.repeat(before, counts)
    entering = ~initial[order]
    checked = order[entering]  # each provider's entrants but those at the start
    at, who = entry[checked], provider[checked]
    # the exits in time order, ranked 1, 2, ... (equal times in any order), then
    # provider by provider by one radix sort of the providers (stable: each provider's
    # in rank order), keyed (provider, rank) as one integer
    by_time = np.argsort(s.exit)
    times = s.exit[by_time]
    width = n + 1  # ranks run from 0 to n
    exiting = provider[by_time]
    by_provider = _stable_order(exiting, groups)
    keys = exiting[by_provider] * width + (by_provider + 1)
    later = ~initial  # (in each replication's entry order: sorted queries)
    rank = np.zeros(n, dtype=np.intp)
    rank[later] = np.searchsorted(times, entry[later], side="right")
    at_rank = rank[checked]
    # provider by provider, each provider's in time order: sorted queries again
    left = np.searchsorted(keys, who * width + at_rank, side="right") - before[who]
    return entries[entering] - left, _slots_at(spells, who, at)


def _in_log_order(spells: SpellBatch) -> bool:
    """Whether each replication's spells are in the simulation's order: those in the
    slots at the start first, then the others by entry time, none before the last of
    the first."""
    s = spells.spells
    entry, initial = s.entry, s.initial
    if spells.count == 1:
        n0 = int(np.count_nonzero(initial))
        later = entry[n0:]
        return bool(initial[:n0].all() and (later[1:] >= later[:-1]).all()
                    and (n0 == 0 or not len(later) or entry[:n0].max() <= later[0]))
    rep = spells.rep
    same = rep[1:] == rep[:-1]
    after_later = same & ~initial[:-1]  # the next in the same replication follows a later
    if (after_later & (initial[1:] | (entry[1:] < entry[:-1]))).any():
        return False
    # each replication's first later entrant comes after the last of those at the start
    at_start = rows_of(spells, initial)
    first = spells.offsets[:-1] + at_start
    some = (at_start > 0) & (first < spells.offsets[1:])
    if not some.any():
        return True
    last = np.full(spells.count, -np.inf)
    np.maximum.at(last, rep[initial], entry[initial])
    return bool((last[some] <= entry[first[some]]).all())


LEXSORT_BELOW = 1000
"""Events below which one ``np.lexsort`` call orders them quicker than two sorts."""


def provider_time_order(provider: np.ndarray, times: np.ndarray, providers: int,
                        lexsort_below: int = LEXSORT_BELOW) -> np.ndarray:
    """The order of events by provider (``0 <= provider < providers``), then time, then
    position: the same order as ``np.lexsort((np.arange(len(times)), times,
    provider))``; from ``lexsort_below`` events on, from two stable sorts (time, then
    provider: a radix sort when the ids fit in 16 bits), about twice as fast on a national
    run's events."""
    if len(times) < lexsort_below:  # lexsort is stable: ties keep their positions
        return np.lexsort((times, provider))
    by_time = np.argsort(times, kind="stable")
    return by_time[_stable_order(provider[by_time], providers)]


def _stable_order(provider: np.ndarray, providers: int) -> np.ndarray:
    """The stable order of ``provider`` (``0 <= provider < providers``): a radix sort
    when the ids fit in 16 bits, several times quicker than sorting the int64 ids."""
    key = provider.astype(np.int16) if providers <= 2**15 else provider
    return np.argsort(key, kind="stable")



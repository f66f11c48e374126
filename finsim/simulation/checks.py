"""Invariants of one replication's people: conserved, time running forward, and no
entry beyond a provider's slots. A breach is finsim's own bug: it stops the run rather
than reach a budget table."""

from __future__ import annotations

import numpy as np

from .batch import SpellBatch
from .spells import Spells


class InvariantError(AssertionError):
    """An invariant does not hold: a fault of finsim, not of the user."""


def check_people_many(spells: SpellBatch, flow: dict[str, np.ndarray]) -> None:
    """``check_people`` for every replication of a batch (``flow`` batched: arrays
    ``[R]``)."""
    for r in range(spells.count):
        check_people(spells.part(r), {k: float(v[r]) for k, v in flow.items()})


def check_people(spells: Spells, flow: dict[str, float]) -> None:
    """People conserved, time running forward, and no entry beyond a provider's slots;
    ``flow`` is ``flow_metrics(spells)``, computed once by the caller."""
    initial = float(np.count_nonzero(spells.initial))
    if flow["referrals"] != flow["entries"] - initial + flow["referrals_lost"] + flow[
            "waiting_at_end"]:
        raise InvariantError(f"referrals not conserved: {flow}")
    exits = flow["exits_placement"] + flow["exits_dropout"] + flow["exits_max_duration"]
    if flow["entries"] != exits + flow["participants_at_end"]:
        raise InvariantError(f"entrants not conserved: {flow}")
    if (spells.entry < spells.referral).any() or (spells.exit < spells.entry).any():
        raise InvariantError("someone entered before referral or left before entry")
    check_capacity(spells)


def check_capacity(spells: Spells, by_log_from: int = 0) -> None:
    """At every entry, the provider holds no more participants than its slots then;
    those in the slots at the start count as held, and are not entries.

    From ``by_log_from`` entrants on (default ``BY_LOG_FROM``), spells in the
    simulation's own order are counted without ordering every event (``_held_by_log``:
    a national replication's 320,000 events in about half the time); a breach found so
    is named by the count in event order, as always."""
    n = len(spells.entry)
    if n == 0 or spells.initial.all():
        return
    if n < (by_log_from or BY_LOG_FROM) or (found := _held_by_log(spells)) is None:
        _check_in_event_order(spells)
        return
    held, limit = found
    if (held > limit + 1e-9).any():
        _check_in_event_order(spells)  # names the breach
        raise InvariantError("the capacity counts by log and in event order disagree")


def _check_in_event_order(spells: Spells) -> None:
    """``check_capacity`` by one running count over every exit and entry in provider,
    then time order."""
    n = len(spells.entry)
    times = np.concatenate([spells.exit, spells.entry])  # exits, then entries
    providers = len(spells.provider_ids)
    provider = np.concatenate([spells.provider, spells.provider])
    # exits before entries at the same time: a freed slot may be refilled at once
    order = provider_time_order(provider, times, providers)
    entering = order >= n
    # the people held after each event, by one cumulative sum over all providers' events
    # (counts of whole people: exact in floats): each provider's events come together and
    # hold every entry of its people and every exit, so the count is back at 0 where the
    # next provider's begin
    held = np.cumsum(np.where(entering, 1.0, -1.0))
    checked = entering  # the entries, but for those in the slots at the start (held)
    if spells.initial.any():
        checked = entering.copy()
        checked[entering] = ~spells.initial[order[entering] - n]
    at = times[order[checked]]
    months, _ = spells.slots.shape
    month = np.minimum(np.maximum(np.floor(at).astype(int), 0), months - 1)
    in_order = np.repeat(np.arange(providers),
                         2 * np.bincount(spells.provider, minlength=providers))
    who, held = in_order[checked], held[checked]
    limit = spells.slots[month, who]
    if (held > limit + 1e-9).any():
        worst = int(np.argmax(held - limit))
        raise InvariantError(f"provider {spells.provider_ids[who[worst]]} holds "
                             f"{held[worst]:.0f} > {limit[worst]:.0f} slots at "
                             f"t={at[worst]:.3f}")


BY_LOG_FROM = 1000
"""Entrants from which ``check_capacity`` counts by the simulation's order (below, the
event-order count's one lexsort is as quick)."""


def _held_by_log(spells: Spells) -> tuple[np.ndarray, np.ndarray] | None:
    """The people each provider holds just after each entry but those at the start, and
    its slots then, provider by provider (each provider's in log order), for spells in
    the simulation's order: those in the slots at the start first, then the others by
    entry time, none before the last of the first (None for spells in any other order).

    In that order, the entries of a provider up to and including an entrant are those
    that come before it in event order; its exits before that entry are those at its
    time or earlier (exits first at equal times), counted without ordering the events by
    time: with the exits in time order, an exit at x is at or before t exactly when its
    place is within the first ``searchsorted(exits, t, "right")``, so whole-number ranks
    stand for the times, and one sort of (provider, rank) keys counts every provider's
    exits at once."""
    entry, initial, provider = spells.entry, spells.initial, spells.provider
    n, n0 = len(entry), int(np.count_nonzero(initial))
    later = entry[n0:]
    if not (initial[:n0].all() and (later[1:] >= later[:-1]).all()
            and (n0 == 0 or entry[:n0].max() <= later[0])):
        return None
    providers = len(spells.provider_ids)
    counts = np.bincount(provider, minlength=providers)
    before = np.cumsum(counts) - counts  # entrants of the providers before each
    # each provider's entrants together, in log order: an entrant's entries so far are
    # its place among them
    order = np.argsort(provider.astype(np.int16) if providers <= 2**15 else provider,
                       kind="stable")
    entries = np.arange(1, n + 1) - np.repeat(before, counts)
    entering = ~initial[order]
    checked = order[entering]  # each provider's entrants but those at the start
    at, who = entry[checked], provider[checked]
    # the exits in time order, ranked 1, 2, ... (equal times in any order)
    by_time = np.argsort(spells.exit)
    times = spells.exit[by_time]
    width = n + 1  # ranks run from 0 to n
    keys = np.sort(provider[by_time] * width + np.arange(1, n + 1))
    at_rank = np.searchsorted(times, later, side="right")[checked - n0]  # (sorted queries)
    # provider by provider, each provider's in time order: sorted queries again
    left = np.searchsorted(keys, who * width + at_rank, side="right") - before[who]
    months, _ = spells.slots.shape
    month = np.minimum(np.maximum(np.floor(at).astype(int), 0), months - 1)
    return entries[entering] - left, spells.slots[month, who]


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
    key = provider[by_time]
    if providers <= 2**15:
        key = key.astype(np.int16)
    return by_time[np.argsort(key, kind="stable")]



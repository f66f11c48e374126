"""The capacity invariant of a replication: at every entry a provider holds no more
people than its slots, counted with one running sum over all providers at once."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.funding import InvariantError
from finsim.simulation.checks import _held_by_log, check_capacity, provider_time_order
from finsim.simulation.flows import alone
from finsim.simulation.spells import Spells


def spells(entry, exit_, provider, slots, initial=None, provider_ids=("a", "b")) -> Spells:
    n = len(entry)
    none = np.zeros(0)
    return Spells(
        provider=np.array(provider, dtype=np.int64), referral=np.array(entry, dtype=float),
        entry=np.array(entry, dtype=float), exit=np.array(exit_, dtype=float),
        reason=np.zeros(n, dtype=np.int8),
        initial=np.zeros(n, dtype=bool) if initial is None else np.array(initial, dtype=bool),
        referral_index=np.full(n, -1), attributes=np.zeros((n, 0), dtype=np.int64),
        modules=np.zeros((n, 0), dtype=bool), referral_time=none,
        outcome=np.zeros(0, dtype=np.int8), outcome_time=none,
        entrant=np.zeros(0, dtype=np.int64), patience=none, horizon=float(len(slots)),
        slots=np.array(slots, dtype=float), provider_ids=provider_ids, attribute_names=(),
        attribute_values=(), module_ids=())


def test_a_slot_freed_and_refilled_at_the_same_time_is_no_breach() -> None:
    # provider a has 1 slot: one leaves at 2.0, the next enters at 2.0
    check_capacity(spells([0.0, 2.0], [2.0, 5.0], [0, 0], [[1, 1]] * 6))


def test_one_too_many_is_caught_with_the_provider_named() -> None:
    # provider b has 1 slot and takes a second person at 1.5 while the first stays;
    # provider a's two people one after the other are fine
    s = spells([0.0, 3.0, 0.5, 1.5], [3.0, 4.0, 5.0, 2.5], [0, 0, 1, 1], [[1, 1]] * 6)
    with pytest.raises(InvariantError, match=r"provider b holds 2 > 1 slots at t=1.500"):
        check_capacity(s)


def test_those_in_the_slots_at_the_start_count_as_held() -> None:
    # a holds one person from before the start (entry -4): a second entry at 1 breaches
    s = spells([-4.0, 1.0], [6.0, 3.0], [0, 0], [[1, 1]] * 6, initial=[True, False])
    with pytest.raises(InvariantError, match="provider a holds 2 > 1"):
        check_capacity(s)


def held_by_loop(s) -> np.ndarray:
    """The count per provider at each entry, provider by provider (the plain way)."""
    n = len(s.entry)
    times = np.concatenate([s.exit, s.entry])
    delta = np.concatenate([-np.ones(n), np.ones(n)])
    provider = np.concatenate([s.provider, s.provider])
    order = np.lexsort((delta, times, provider))
    held = np.zeros(2 * n)
    for p in np.unique(provider):
        mine = order[provider[order] == p]
        held[mine] = np.cumsum(delta[mine])
    return held[n:]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 11), st.integers(1, 6), st.integers(0, 1)),
                min_size=1, max_size=30), st.integers(1, 4))
def test_the_running_count_agrees_with_counting_provider_by_provider(people, cap) -> None:
    entry = [float(e) for e, _, _ in people]
    exit_ = [float(e + d) for e, d, _ in people]
    provider = [p for _, _, p in people]
    s = spells(entry, exit_, provider, [[cap, cap]] * 12)
    over = held_by_loop(s) > cap
    if over.any():
        with pytest.raises(InvariantError):
            check_capacity(s)
    else:
        check_capacity(s)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40000), st.sampled_from([0.0, 0.5, 1.0, 2.25, 7.0])),
                max_size=60))
def test_events_in_provider_then_time_order_as_lexsort(events: list) -> None:
    """Two stable sorts give exactly lexsort's order, ties kept in position order (so
    exits, listed first, come before entries at the same time)."""
    provider = np.array([p for p, _ in events], dtype=np.int64)
    times = np.array([t for _, t in events], dtype=float)
    expected = np.lexsort((np.arange(len(events)), times, provider))
    nine = np.lexsort((np.arange(len(events)), times, provider % 9))
    for lexsort_below in (0, 1000):  # two sorts, one lexsort
        assert np.array_equal(provider_time_order(provider, times, 40001, lexsort_below),
                              expected)
        assert np.array_equal(provider_time_order(provider % 9, times, 9, lexsort_below),
                              nine)


def log_spells(starts: list, rest: list, cap: int, providers: int):
    """``starts``: (tenure, stay, provider) of those in the slots at the start; ``rest``:
    (entry, stay, provider) of the others, put in entry order; quarters of a month."""
    first = [(-t / 4.0, s / 4.0, p % providers) for t, s, p in starts]
    later = sorted((e / 4.0, (e + s) / 4.0, p % providers) for e, s, p in rest)
    rows = first + later
    return spells([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
                  [[cap] * providers] * 12, initial=[True] * len(first) + [False] * len(later),
                  provider_ids=tuple("abcdef"[:providers]))


def messages_both_ways(check, spells) -> list[str | None]:
    """What ``check(spells, by_log_from)`` raises counting by log and in event order (the
    message, or None)."""
    raised = []
    for by_log_from in (1, 10**9):
        try:
            check(spells, by_log_from)
        except InvariantError as err:
            raised.append(str(err))
        else:
            raised.append(None)
    return raised


people_in_log = st.lists(st.tuples(st.integers(0, 44), st.integers(1, 24), st.integers(0, 5)),
                         max_size=40)


@settings(max_examples=150, deadline=None)
@given(people_in_log, people_in_log, st.integers(1, 4), st.integers(1, 3))
def test_the_count_by_log_is_the_count_in_event_order(starts, rest, cap, providers) -> None:
    """Each entry's count of people held, counted by the simulation's order without
    ordering the events, is the count in event order; both ways find the same breach."""
    starts = [(t % 8, s, p) for t, s, p in starts[:6]]  # at the start: a few, tenure < 2
    s = log_spells(starts, rest, cap, providers)
    if not rest:
        return
    held, limit = _held_by_log(alone(s))
    order = np.argsort(s.provider, kind="stable")
    checked = order[~s.initial[order]]  # the by-log count's order: provider, then log
    assert np.array_equal(held, held_by_loop(s)[checked])
    assert np.array_equal(limit, np.full(len(checked), float(cap)))
    raised = messages_both_ways(check_capacity, s)
    assert raised[0] == raised[1]
    assert (raised[0] is None) == bool((held <= cap).all())


def test_spells_out_of_the_simulations_order_are_counted_in_event_order() -> None:
    """A later entry logged before an earlier one: no count by log (None), and the
    breach it hides is still found."""
    s = spells([2.0, 1.0, 1.5], [5.0, 4.0, 6.0], [0, 0, 0], [[2, 2]] * 6)
    assert _held_by_log(alone(s)) is None
    with pytest.raises(InvariantError, match="provider a holds 3 > 2 slots at t=2.000"):
        check_capacity(s, by_log_from=1)
    # those at the start after a later entry: not the simulation's order either
    late = spells([0.5, -1.0], [3.0, 2.0], [0, 0], [[2, 2]] * 6, initial=[False, True])
    assert _held_by_log(alone(late)) is None

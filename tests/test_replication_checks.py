"""The capacity invariant of a replication: at every entry a provider holds no more
people than its slots, counted with one running sum over all providers at once."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.funding import InvariantError
from finsim.replication import check_capacity, provider_time_order


def spells(entry, exit_, provider, slots, initial=None):
    n = len(entry)
    return SimpleNamespace(
        entry=np.array(entry, dtype=float), exit=np.array(exit_, dtype=float),
        provider=np.array(provider, dtype=np.int64),
        initial=np.zeros(n, dtype=bool) if initial is None else np.array(initial),
        slots=np.array(slots, dtype=float), provider_ids=("a", "b"))


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

"""The flow stages over a batch of replications: each replication's tables exactly its own
counts (counted apart, by masks), and the people checks find a breach in any replication
of a batch, by log or in event order alike."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.batch import unstack
from finsim.funding import InvariantError
from finsim.simulation import WAITING, simulate
from finsim.simulation.batch import ENTRANT_COLUMNS, REFERRAL_COLUMNS, spell_batch
from finsim.simulation.checks import _held_by_log, check_capacity_many, check_people_many
from finsim.simulation.flows import (
    count_flows_many,
    flow_metrics,
    flow_metrics_many,
    monthly_flows_many,
    provider_metrics_many,
)
from finsim.simulation.tables import FLOW_COLUMNS, flow_grid_many, structure_many

from .test_replication_checks import (
    held_by_loop,
    log_spells,
    messages_both_ways,
    people_in_log,
    spells,
)
from .test_simulation_flows import _separate_counts, small


def nobody(s):
    """``s`` without anyone: no entrant, no referral (the same program)."""
    return replace(s, **{c: getattr(s, c)[:0] for c in (*ENTRANT_COLUMNS, *REFERRAL_COLUMNS)})


def test_each_replication_of_a_batch_gets_its_own_counts() -> None:
    """Every flow table of a batch (with an empty replication inside) is, replication by
    replication and bit for bit, what counting that replication's spells apart gives."""
    parts = [simulate(small(), np.random.SeedSequence(seed)) for seed in range(5)]
    parts.insert(2, nobody(parts[0]))
    batch = spell_batch(parts)
    counts = count_flows_many(batch)
    flow = flow_metrics_many(batch, counts)
    per = provider_metrics_many(batch, counts)
    monthly = monthly_flows_many(batch, counts)
    grid = flow_grid_many(batch, counts)
    structure = structure_many(batch)
    assert grid.shape == (6, 24, 3, len(FLOW_COLUMNS)) and structure.shape[:2] == (6, 2)
    for r, s in enumerate(parts):
        program, by_provider, by_month = _separate_counts(s)
        for name, value in program.items():
            assert flow[name][r] == value, name
        for name, value in by_provider.items():
            assert np.array_equal(per[name][r], value), name
        for name, value in by_month.items():
            assert np.array_equal(monthly[name][r], value), name
        assert flow["entries"][r] == s.n_entrants and flow["referrals"][r] == s.n_referrals
        alone = flow_metrics(s)
        assert {k: float(v[r]) for k, v in flow.items()} == alone
        assert np.array_equal(grid[r, :, :2, 1], by_month["entries"])
        assert np.array_equal(grid[r, :, 2, 1], by_month["entries"].sum(axis=1))
        every = np.concatenate([np.bincount(s.attributes[:, a], minlength=len(v))
                                for a, v in enumerate(s.attribute_values)])
        assert np.array_equal(structure[r, 0], every)
        shares = every / s.n_entrants if s.n_entrants else every
        assert np.array_equal(structure[r, 1], shares)
    assert flow["slot_months"][2] == 0.0 and flow["occupancy_rate"][2] == 0.0
    assert (structure[2] == 0).all()


def test_a_breach_in_one_replication_stops_the_batch() -> None:
    # replication 1 of 3: provider b takes a second person at 1.5 while the first stays
    fine = spells([0.0, 3.0], [3.0, 4.0], [0, 0], [[1, 1]] * 6)
    over = spells([0.0, 3.0, 0.5, 1.5], [3.0, 4.0, 5.0, 2.5], [0, 0, 1, 1], [[1, 1]] * 6)
    roomy = replace(over, slots=np.full((6, 2), 2.0))  # the same people, with room
    for by_log_from in (1, 10**9):
        with pytest.raises(InvariantError, match=r"provider b holds 2 > 1 slots at t=1.500"):
            check_capacity_many(spell_batch([fine, over, fine]), by_log_from)
        check_capacity_many(spell_batch([fine, roomy, fine]), by_log_from)


def test_each_replication_is_counted_against_its_own_slots() -> None:
    # the same people in two replications, one with a drawn slot more
    two = spells([0.0, 1.0], [5.0, 5.0], [0, 0], [[2, 2]] * 6)
    one = replace(two, slots=np.full((6, 2), 1.0))
    check_capacity_many(spell_batch([two, two]))
    with pytest.raises(InvariantError, match="provider a holds 2 > 1 slots at t=1.000"):
        check_capacity_many(spell_batch([two, one]))


def test_people_not_conserved_in_one_replication_is_named_by_its_metrics() -> None:
    parts = [simulate(small(), np.random.SeedSequence(seed)) for seed in range(3)]
    batch = spell_batch(parts)
    flow = flow_metrics_many(batch, count_flows_many(batch))
    check_people_many(batch, flow)
    broken = {**flow, "exits_dropout": flow["exits_dropout"] + [0.0, 1.0, 0.0]}
    lost = float(broken["exits_dropout"][1])
    with pytest.raises(InvariantError, match=f"entrants not conserved: .*'exits_dropout': "
                                             f"{lost}"):
        check_people_many(batch, broken)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(people_in_log, people_in_log, st.integers(1, 4)), min_size=1,
                max_size=4), st.integers(1, 3))
def test_the_batch_counted_by_log_is_each_replication_counted_in_event_order(
        replications, providers) -> None:
    """Each replication's entries counted by log in a batch (each replication in the
    simulation's order, the batch as a whole not) are its own counts in event order; the
    batch breaches when one of its replications does, found alike both ways."""
    parts = [log_spells([(t % 8, s, p) for t, s, p in starts[:6]], rest, cap, providers)
             for starts, rest, cap in replications]
    batch = spell_batch(parts)
    found = _held_by_log(batch)
    assert found is not None
    held, limit = found
    expected, slots = [], []
    for s in parts:
        order = np.argsort(s.provider, kind="stable")
        checked = order[~s.initial[order]]
        expected.append(held_by_loop(s)[checked])
        slots.append(s.slots[0, 0] * np.ones(len(checked)))
    assert np.array_equal(held, np.concatenate(expected))
    assert np.array_equal(limit, np.concatenate(slots))
    over = bool((held > limit).any())
    raised = messages_both_ways(check_capacity_many, batch)
    assert raised[0] == raised[1] and (raised[0] is not None) == over


def test_a_replication_out_of_order_is_counted_in_event_order() -> None:
    ordered = spells([0.5, 1.0], [3.0, 2.0], [0, 0], [[2, 2]] * 6)
    late = spells([2.0, 1.0, 1.5], [5.0, 4.0, 6.0], [0, 0, 0], [[2, 2]] * 6)
    assert _held_by_log(spell_batch([ordered, late])) is None
    with pytest.raises(InvariantError, match="provider a holds 3 > 2 slots at t=2.000"):
        check_capacity_many(spell_batch([ordered, late]), by_log_from=1)
    # those at the start after a later entry of the same replication: out of order; after
    # the previous replication's later entrants: in order
    start_late = spells([0.5, -1.0], [3.0, 2.0], [0, 0], [[2, 2]] * 6, initial=[False, True])
    assert _held_by_log(spell_batch([ordered, start_late])) is None
    start = spells([-1.0, 0.5], [2.0, 3.0], [0, 0], [[2, 2]] * 6, initial=[True, False])
    assert _held_by_log(spell_batch([ordered, start])) is not None
    first_later_early = spells([-1.0, -2.0], [2.0, 3.0], [0, 0], [[2, 2]] * 6,
                               initial=[True, False])
    assert _held_by_log(spell_batch([ordered, first_later_early])) is None


def test_waiting_at_the_end_is_each_replications_own() -> None:
    parts = [simulate(small(), np.random.SeedSequence(seed)) for seed in range(2)]
    batch = spell_batch(parts)
    monthly = monthly_flows_many(batch, count_flows_many(batch))
    for r, s in enumerate(parts):
        assert np.array_equal(unstack(monthly, r)["waiting"][-1], (s.outcome == WAITING).sum())

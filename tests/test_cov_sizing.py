"""The size search's slot scaling as properties (hypothesis): each month's scaled slots
become whole slots that add up to the month's rounded total, none more than one slot
from its exact quota, and a provider with more slots never ends up with fewer."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.analysis.sizing import scaled_slots
from finsim.apportion import largest_remainder
from finsim.scenario import scenario_from_dict
from tests.test_ledger_support import BASE, deep_update

quotas = st.lists(st.floats(0.0, 500.0, allow_nan=False), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(quotas)
def test_largest_remainder_keeps_the_total_and_the_order(values: list[float]) -> None:
    q = np.array(values)
    whole = largest_remainder(q)
    assert whole.dtype == np.int64 and (whole >= 0).all()
    assert abs(whole.sum() - q.sum()) <= 0.5 + 1e-9  # the rounded total
    assert (np.abs(whole - q) < 1.0 + 1e-9).all()  # each within a slot of its quota
    for i in range(q.size):
        for j in range(q.size):
            if q[i] > q[j] + 1e-6:
                assert whole[i] >= whole[j]


def test_largest_remainder_ties_go_to_the_earlier_provider() -> None:
    # 10 slots among three equal providers: 3.33.. each, the one left over to the first
    assert largest_remainder(np.full(3, 10 / 3)).tolist() == [4, 3, 3]
    # quotas a hair under a whole number are that number, not one less
    assert largest_remainder(np.array([2.9999999999, 1.0000000001])).tolist() == [3, 1]


def test_largest_remainder_rounds_a_half_up() -> None:
    # 12.5 and 13.5 slots in all: 13 and 14 (numpy's rint would give 12 and 14)
    assert largest_remainder(np.array([6.25, 6.25])).tolist() == [7, 6]
    assert largest_remainder(np.array([6.75, 6.75])).tolist() == [7, 7]
    assert largest_remainder(np.array([2.5])).tolist() == [3]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 400), st.integers(0, 30), st.integers(0, 30), st.integers(1, 30))
def test_scaled_slots_hold_the_size_in_the_reference_month(total, a0, a1, b):
    """The candidate's size is its slots in the first month (b has at least one);
    every month is scaled by the same factor."""
    scn = scenario_from_dict(deep_update(BASE, {
        "period": {"start": "2013-01", "months": 24},
        "providers": [{"id": "a", "slots": {"2013-01": a0, "2014-01": a1}},
                      {"id": "b", "slots": b}]}))
    scaled = scaled_slots(scn, total)
    assert scaled.shape == (24, 2)
    assert scaled[0].sum() == total
    exact = scn.slots_in_force() * (total / (a0 + b))
    assert (np.abs(scaled - exact) < 1.0 + 1e-9).all()
    assert (np.abs(scaled.sum(axis=1) - exact.sum(axis=1)) <= 0.5 + 1e-9).all()
    assert (scaled[:12] == scaled[0]).all() and (scaled[12:] == scaled[12]).all()


def test_scaled_slots_cover_the_warm_up_on_its_own_dates():
    """With ``simulate_from`` the warm-up months come first, each with the slots in force
    then: a 2012-10 change of provider a shows in the warm-up's fourth month."""
    scn = scenario_from_dict(deep_update(BASE, {
        "period": {"start": "2013-01", "months": 3, "simulate_from": "2012-07"},
        "providers": [{"id": "a", "slots": {"2012-07": 2, "2012-10": 4, "2013-02": 6}},
                      {"id": "b", "slots": 4}]}))
    assert scaled_slots(scn, 16).tolist() == [[4, 8]] * 3 + [[8, 8]] * 4 + [[12, 8]] * 2

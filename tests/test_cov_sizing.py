"""The size search's slot scaling as properties (hypothesis): each provider's schedule
is scaled and rounded half up on its own, so its slots change only on its own dates and
never fall as the size grows; and the largest remainder split (a year's cents) adds up
to the rounded total, none more than one from its exact quota."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.analysis.sizing import planned_slots, scaled_slots, with_slots
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
def test_scaled_slots_round_each_provider_on_its_own_dates(total, a0, a1, b):
    """A candidate of ``total`` slots is each schedule times total / (a0 + b), each value
    half up on its own: a provider's slots change only where its own schedule does (b's
    never, whatever a does in 2014), and one slot more never gives anyone fewer."""
    scn = scenario_from_dict(deep_update(BASE, {
        "period": {"start": "2013-01", "months": 24},
        "providers": [{"id": "a", "slots": {"2013-01": a0, "2014-01": a1}},
                      {"id": "b", "slots": b}]}))
    scaled = scaled_slots(scn, total)
    assert scaled.shape == (24, 2)
    exact = scn.slots_in_force() * total / (a0 + b)
    assert (scaled == np.floor(exact + 0.5)).all()
    assert (scaled[:12] == scaled[0]).all() and (scaled[12:] == scaled[12]).all()
    assert (scaled[:, 1] == scaled[0, 1]).all()
    assert (scaled_slots(scn, total + 1) >= scaled).all()


def test_scaled_slots_cover_the_warm_up_on_its_own_dates():
    """With ``simulate_from`` the warm-up months come first, each with the slots in force
    then: a 2012-10 change of provider a shows in the warm-up's fourth month."""
    scn = scenario_from_dict(deep_update(BASE, {
        "period": {"start": "2013-01", "months": 3, "simulate_from": "2012-07"},
        "providers": [{"id": "a", "slots": {"2012-07": 2, "2012-10": 4, "2013-02": 6}},
                      {"id": "b", "slots": 4}]}))
    assert scaled_slots(scn, 16).tolist() == [[4, 8]] * 3 + [[8, 8]] * 4 + [[12, 8]] * 2


def _staggered():
    """a 15 and b 5 slots from 2013-01, c 5 from 2013-07: 20 slots in the first month."""
    return scenario_from_dict(deep_update(BASE, {
        "period": {"start": "2013-01", "months": 24},
        "providers": [{"id": "a", "slots": 15}, {"id": "b", "slots": 5},
                      {"id": "c", "slots": {"2013-01": 0, "2013-07": 5}}]}))


def test_a_small_provider_keeps_its_slots_when_another_starts():
    """14 slots is the scale 14 / 20 = 0.7: a 10.5, b 3.5, c 3.5, each half up: 11, 4, 4
    all along (the first month holds 15, not 14). Split by largest remainder per month,
    b had 3 to June (14: 11 + 3) and 4 from July, when c's start made the month's
    total round(17.5) = 18 (10 + 3 + 3 and two remainders, a's and b's)."""
    scn = _staggered()
    assert largest_remainder(np.array([10.5, 3.5])).tolist() == [11, 3]
    assert largest_remainder(np.array([10.5, 3.5, 3.5])).tolist() == [11, 4, 3]
    scaled = scaled_slots(scn, 14)
    assert scaled[:6].tolist() == [[11, 4, 0]] * 6 and scaled[6:].tolist() == [[11, 4, 4]] * 18
    assert [p.slots for p in with_slots(scn, 14).providers] == [
        11, 4, {"2013-01": 0, "2013-07": 4}]


def test_the_answer_says_its_scale_and_the_plan_s_peak():
    """At 14 of the first month's 20 slots the plan holds 19 at its peak, from 2013-07
    (11 + 4 + 4): the answer names the peak, the scale (70.0 %) and each provider's own
    peak; size.json gets them as keys."""
    scn = _staggered()
    planned = planned_slots(scn, with_slots(scn, 14), 14)
    assert planned.per_provider == {"a": 11, "b": 4, "c": 4}
    assert planned.text("a 11, b 4, c 4") == (
        "19 at the peak (2013-07), every provider's schedule scaled to 70.0% (14 of the "
        "scenario's 20 slots in 2013-01, the count the search and --max-slots use); each "
        "at its own peak: a 11, b 4, c 4")
    assert planned.text("a 11, b 4, c 4", "de") == (
        "19 zur Spitze (Juli 2013), der Plan jedes Trägers auf 70,0 % skaliert (14 der 20 "
        "Plätze des Szenarios im Januar 2013, die Zahl der Suche und von --max-slots); jeder "
        "zu seiner eigenen Spitze: a 11, b 4, c 4")
    assert planned.record() == {"scale": 0.7, "scenario_slots": 20,
                                "scenario_slots_month": "2013-01", "slots_at_peak": 19,
                                "peak_month": "2013-07"}

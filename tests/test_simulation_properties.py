"""Invariants of the flow simulation as hypothesis properties over random small programs."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from finsim.scenario.model import Scenario
from finsim.simulation import (
    EMPLOYED,
    ENTERED,
    GAVE_UP,
    TURNED_AWAY,
    WAITING,
    Spells,
    flow_metrics,
    monthly_flows,
    simulate,
)

MONTHS = ["2020-01", "2020-02", "2020-03", "2020-04", "2020-05", "2020-07", "2020-10"]


def counts(low: int, high: int) -> st.SearchStrategy[Any]:
    """A whole number or a schedule of them."""
    schedule = st.dictionaries(st.sampled_from(MONTHS), st.integers(low, high),
                               min_size=1, max_size=3)
    return st.one_of(st.integers(low, high), schedule)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    providers = [{"id": f"p{i}", "slots": draw(counts(0, 4)),
                  **({"employment": {"refill_delay_months": draw(st.floats(0, 2))}}
                     if draw(st.booleans()) else {})}
                 for i in range(draw(st.integers(1, 3)))]
    rate = draw(st.one_of(st.floats(0, 12), st.dictionaries(
        st.sampled_from(MONTHS), st.floats(0, 12), min_size=1, max_size=3),
        st.just("on_demand")))
    return Scenario.model_validate({
        "name": "prop", "period": {"start": "2020-01", "months": draw(st.integers(1, 12))},
        "participants": {
            "referrals_per_month": rate,
            "patience_months": draw(st.sampled_from([0.0, 0.3, 1.0, 4.0])),
            "initial": draw(st.one_of(st.integers(0, 6), st.sampled_from(["full", "steady"]))),
            "assignment": draw(st.sampled_from(["proportional", "first", "random"])),
            "mix": {"g": {"a": 0.3, "b": 0.7}},
        },
        "employment": {
            "max_months": draw(st.sampled_from([0.5, 1.0, 3.0, 12.0])),
            "refill_delay_months": draw(st.sampled_from([0.0, 0.25, 1.0])),
            "hazards": {"placement": draw(st.floats(0, 0.6)), "dropout": draw(st.floats(0, 0.6))},
            "modifiers": [{"when": {"g": "b"}, "dropout": draw(st.floats(0, 3))}],
        },
        "providers": providers,
        "costs": {"wages": {"hourly": 10.0},
                  "qualification": [{"id": "m", "uptake": 0.5, "when": {"g": "a"}}]},
    })


PROPS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_people_conserved(s: Spells) -> None:
    m = flow_metrics(s)
    initial = int(s.initial.sum())
    assert m["referrals"] == (m["entries"] - initial) + m["referrals_lost"] + m["waiting_at_end"]
    exits = m["exits_placement"] + m["exits_dropout"] + m["exits_max_duration"]
    assert m["entries"] == exits + m["participants_at_end"]
    f = monthly_flows(s)
    assert (f["participants"] >= 0).all() and (f["waiting"] >= 0).all()


def check_capacity(s: Spells) -> None:
    """Event sweep per provider: at every entry, those in the provider's slots (entered by
    then, not yet left) are at most the slots in force then."""
    for p in range(len(s.provider_ids)):
        mine = s.provider == p
        entry, exit_ = np.maximum(s.entry[mine], 0.0), s.exit[mine]  # in a slot from the start
        for t in entry:
            present = ((entry <= t) & (exit_ > t)).sum()
            assert present <= s.slots[int(t), p], (p, t, present)


def check_times(s: Spells) -> None:
    assert (s.entry >= s.referral).all() and (s.exit > s.entry).all()
    assert (s.exit <= s.horizon).all() and (s.entry < s.horizon).all()
    assert (s.exit[s.reason == EMPLOYED] == s.horizon).all()
    assert (np.diff(s.referral_time) >= 0).all()
    assert (s.outcome_time >= s.referral_time).all()


def check_patience(s: Spells, patience_mean: float) -> None:
    """Entered within patience; gave up exactly at patience; waiting ones have patience
    reaching past the horizon; turned away only with patience 0."""
    o, r, t, pat = s.outcome, s.referral_time, s.outcome_time, s.patience
    assert (t[o == ENTERED] - r[o == ENTERED] <= pat[o == ENTERED]).all()
    np.testing.assert_array_equal(t[o == GAVE_UP], r[o == GAVE_UP] + pat[o == GAVE_UP])
    assert (r[o == WAITING] + pat[o == WAITING] >= s.horizon).all()
    assert (t[o == WAITING] == s.horizon).all()
    if patience_mean == 0:
        assert not np.isin(o, [GAVE_UP, WAITING]).any()
    else:
        assert not (o == TURNED_AWAY).any()


def check_fifo(s: Spells) -> None:
    """Those who waited enter in the order they were referred (one FIFO list)."""
    waited = ~s.initial & (s.entry > s.referral)
    assert (np.diff(s.referral[waited]) >= 0).all()


def check_on_demand(s: Spells, scn: Scenario) -> None:
    """On demand nobody waits: every referral enters at its referral time, at a slot
    that opened then; the slots hold their count until the first exit and after it."""
    if scn.participants.referrals_per_month != "on_demand":
        return
    assert (s.outcome == ENTERED).all()
    np.testing.assert_array_equal(s.outcome_time, s.referral_time)
    held = ((np.maximum(s.entry, 0.0) <= 0) & (s.exit > 0)).sum()
    assert held == min(s.slots[0].sum(), s.n_entrants)
    assert held == s.slots[0].sum() or s.n_entrants == held


@PROPS
@given(scn=scenarios(), seed=st.integers(0, 2**32 - 1))
def test_invariants_hold_for_random_small_programs(scn: Scenario, seed: int) -> None:
    s = simulate(scn, np.random.SeedSequence(seed))
    check_people_conserved(s)
    check_capacity(s)
    check_times(s)
    check_patience(s, scn.participants.patience_months)
    check_fifo(s)
    check_on_demand(s, scn)
    assert s.initial.sum() <= s.slots[0].sum()
    assert not s.modules[s.attributes[:, 0] == 1, 0].any()


@settings(max_examples=25, deadline=None)
@given(scn=scenarios(), seed=st.integers(0, 2**32 - 1), extra=st.integers(1, 5))
def test_more_slots_change_no_referral_times(scn: Scenario, seed: int, extra: int) -> None:
    assume(scn.participants.referrals_per_month != "on_demand")  # there slots make them
    data = scn.model_dump()
    slots = data["providers"][0]["slots"]
    data["providers"][0]["slots"] = (slots + extra if isinstance(slots, int)
                                     else {k: v + extra for k, v in slots.items()})
    a = simulate(scn, np.random.SeedSequence(seed))
    b = simulate(Scenario.model_validate(data), np.random.SeedSequence(seed))
    np.testing.assert_array_equal(a.referral_time, b.referral_time)
    np.testing.assert_array_equal(a.patience, b.patience)

"""The flow simulation's behaviour: determinism, common random numbers, model rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from finsim.scenario import load_scenario
from finsim.scenario.model import Scenario
from finsim.simulation import (
    DROPOUT,
    EMPLOYED,
    ENTERED,
    GAVE_UP,
    MAX_DURATION,
    PLACEMENT,
    TURNED_AWAY,
    WAITING,
    Spells,
    compile_model,
    flow_metrics,
    simulate,
)

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"


def small() -> Scenario:
    return Scenario.model_validate(yaml.safe_load(SMALL.read_text()))


def build(providers: list[Any], **over: Any) -> Scenario:
    """A scenario from a few keys: providers as slot counts or dicts."""
    data: dict[str, Any] = {
        "name": "t", "period": {"start": "2020-01", "months": over.pop("months", 12)},
        "participants": {"referrals_per_month": 5.0, "patience_months": 1.0},
        "employment": {"max_months": 24, "hazards": {"placement": 0.05, "dropout": 0.05}},
        "providers": [p if isinstance(p, dict) else {"id": f"p{i}", "slots": p}
                      for i, p in enumerate(providers)],
        "costs": {"wages": {"hourly": 10.0}},
    }
    for key in ("participants", "employment"):
        data[key].update(over.pop(key, {}))
    data.update(over)
    return Scenario.model_validate(data)


def run(scn: Scenario, seed: int = 1) -> Spells:
    return simulate(scn, np.random.SeedSequence(seed))


def test_small_fixture_runs_and_columns_are_consistent() -> None:
    s = run(small())
    n, m = s.n_entrants, s.n_referrals
    assert s.provider_ids == ("alpha", "beta")
    assert s.attribute_names == ("sex", "age")
    assert s.attribute_values == (("male", "female"), ("25-49", "50-59"))
    assert s.module_ids == ("assessment", "driving")
    assert s.attributes.shape == (n, 2) and s.modules.shape == (n, 2)
    assert s.reason.dtype == np.int8 and s.outcome.dtype == np.int8
    assert s.referral_time.shape == s.outcome.shape == s.outcome_time.shape == (m,)
    assert s.horizon == 24.0 and s.slots.shape == (24, 2)
    entered = np.nonzero(s.outcome == ENTERED)[0]
    np.testing.assert_array_equal(s.referral_index[s.entrant[entered]], entered)
    np.testing.assert_array_equal(s.entry[s.entrant[entered]], s.outcome_time[entered])
    assert (s.entrant[s.outcome != ENTERED] == -1).all()


def test_same_seed_same_result_other_seed_differs() -> None:
    a, b, c = run(small(), 5), run(small(), 5), run(small(), 6)
    for field in ("provider", "entry", "exit", "reason", "attributes", "modules",
                  "referral_time", "outcome", "outcome_time"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert a.referral_time.size != c.referral_time.size or not np.array_equal(
        a.referral_time, c.referral_time)


def test_compiled_model_gives_the_same_result_as_the_scenario() -> None:
    scn = small()
    a, b = run(scn, 3), simulate(compile_model(scn), np.random.SeedSequence(3))
    np.testing.assert_array_equal(a.exit, b.exit)


def test_common_random_numbers_more_slots_leave_referrals_and_attributes_identical() -> None:
    base = small()
    data = base.model_dump()
    data["providers"][1]["slots"] = {"2013-01": 25, "2014-01": 35}
    more = Scenario.model_validate(data)
    a, b = run(base, 11), run(more, 11)
    assert b.n_entrants > a.n_entrants
    np.testing.assert_array_equal(a.referral_time, b.referral_time)
    np.testing.assert_array_equal(a.patience, b.patience)
    both = np.nonzero((a.outcome == ENTERED) & (b.outcome == ENTERED))[0]
    assert both.size > 10
    ia, ib = a.entrant[both], b.entrant[both]
    np.testing.assert_array_equal(a.attributes[ia], b.attributes[ib])
    np.testing.assert_array_equal(a.modules[ia], b.modules[ib])
    # The exit clocks are the person's own: same provider, same spell length.
    same = a.provider[ia] == b.provider[ib]
    np.testing.assert_allclose((a.exit - a.entry)[ia][same & (a.reason[ia] != EMPLOYED)
                                                    & (b.reason[ib] != EMPLOYED)],
                               (b.exit - b.entry)[ib][same & (a.reason[ia] != EMPLOYED)
                                                      & (b.reason[ib] != EMPLOYED)])


def test_initial_number_is_a_new_cohort_at_tenure_zero() -> None:
    s = run(build([3, 4], participants={"initial": 5}))
    assert s.initial.sum() == 5
    assert (s.entry[s.initial] == 0).all() and (s.referral[s.initial] == 0).all()
    assert (s.referral_index[s.initial] == -1).all() and s.initial[:5].all()


def test_initial_full_fills_every_slot_with_a_running_program() -> None:
    s = run(build([3, 4], participants={"initial": "full"}))
    assert s.initial.sum() == 7 and s.initial[:7].all()
    assert np.bincount(s.provider[s.initial]).tolist() == [3, 4]
    tenure = -s.entry[s.initial]
    assert (tenure >= 0).all() and (tenure < 24).all() and (tenure > 0).any()
    np.testing.assert_array_equal(s.referral[s.initial], s.entry[s.initial])
    assert (s.exit[s.initial] - s.entry[s.initial] <= 24 + 1e-9).all()


def test_initial_number_above_the_slots_is_capped() -> None:
    assert run(build([2], participants={"initial": 50})).initial.sum() == 2


def test_patience_zero_turns_away_and_nobody_waits() -> None:
    s = run(build([1], participants={"referrals_per_month": 20, "patience_months": 0}))
    assert (s.outcome == TURNED_AWAY).sum() > 0
    assert not np.isin(s.outcome, [GAVE_UP, WAITING]).any()
    lost = s.outcome == TURNED_AWAY
    np.testing.assert_array_equal(s.outcome_time[lost], s.referral_time[lost])


def test_first_assignment_fills_providers_in_listed_order() -> None:
    s = run(build([50, 50], participants={"assignment": "first"},
                  employment={"hazards": {"placement": 0.0, "dropout": 0.0}}))
    assert s.n_entrants > 50
    assert (s.provider[:50] == 0).all() and (s.provider[50:] == 1).all()


def test_proportional_and_random_assignment_shares() -> None:
    """Ample capacity: proportional joins ~ free slots 90:10, random ~ 1:1."""
    no_exit = {"hazards": {"placement": 0.0, "dropout": 0.0}}
    shares = {}
    for rule in ("proportional", "random"):
        scn = build([900, 100], months=24, employment=no_exit,
                    participants={"assignment": rule, "referrals_per_month": 5})
        prov = np.concatenate([run(scn, k).provider for k in range(10)])
        shares[rule] = (prov == 0).mean()
    assert 0.86 < shares["proportional"] < 0.94
    assert 0.44 < shares["random"] < 0.56


def test_slot_growth_at_a_month_start_fills_from_the_waiting_list() -> None:
    scn = build([{"id": "a", "slots": {"2020-01": 0, "2020-04": 5}}],
                participants={"referrals_per_month": 10, "patience_months": 50})
    s = run(scn)
    assert (s.entry >= 3).all()
    assert (s.entry == 3.0).sum() == 5


def test_shrinking_slots_dismiss_nobody_and_admit_nobody_above_the_new_count() -> None:
    scn = build([{"id": "a", "slots": {"2020-01": 10, "2020-03": 2}}],
                participants={"initial": "full", "referrals_per_month": 10},
                employment={"hazards": {"placement": 0.2, "dropout": 0.2}})
    s = run(scn)
    assert not ((s.exit == 2.0) & (s.reason != EMPLOYED)).any()
    late = s.entry >= 2
    for t in s.entry[late]:  # at each later entry at most 2 in the slot
        assert ((s.entry <= t) & (s.exit > t)).sum() <= 2


def test_exit_at_exactly_the_horizon_is_an_exit() -> None:
    scn = build([4], months=12, participants={"initial": 4, "referrals_per_month": 0},
                employment={"max_months": 12, "hazards": {"placement": 0, "dropout": 0}})
    s = run(scn)
    assert (s.exit == 12.0).all() and (s.reason == MAX_DURATION).all()
    m = flow_metrics(s)
    assert m["participants_at_end"] == 0 and m["exits_max_duration"] == 4


def test_modifiers_multiply_and_provider_overrides_apply() -> None:
    scn = build(
        [500, {"id": "x", "slots": 500, "employment": {"hazards": {"dropout": 0.0}}}],
        months=24,
        participants={"referrals_per_month": 30, "mix": {"age": {"young": 0.5, "old": 0.5}}},
        employment={"modifiers": [{"when": {"age": "old"}, "placement": 0.0}]},
    )
    s = run(scn)
    old = s.attributes[:, 0] == 1
    assert not (old & (s.reason == PLACEMENT)).any()
    assert ((~old) & (s.reason == PLACEMENT)).any()
    assert not ((s.provider == 1) & (s.reason == DROPOUT)).any()
    assert ((s.provider == 0) & (s.reason == DROPOUT)).any()


def test_many_large_factors_stay_a_finite_hazard_without_a_warning() -> None:
    """60 factors of 1e6 (each at MAX_FACTOR) multiply to 1e360: the hazard overflowed to
    infinity with numpy's RuntimeWarning on stderr. It stops at MAX_RATE = 1e12 a month:
    the group is placed within a millionth of a second (1e-12 months, drawn
    exponentially: below 1e-9 with odds 1 - e^-1000)."""
    import warnings

    scn = build([500], months=6,
                participants={"referrals_per_month": 30, "mix": {"age": {"young": 0.5, "old": 0.5}}},
                employment={"modifiers": [{"when": {"age": "old"}, "placement": 1e6}] * 60})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = run(scn)
    old = (s.attributes[:, 0] == 1) & ~np.isnan(s.entry)
    assert old.sum() > 50
    assert (s.reason[old] == PLACEMENT).all()
    assert (s.exit[old] - s.entry[old]).max() < 1e-9


def test_modules_follow_uptake_and_when() -> None:
    scn = small()
    s = run(scn)
    assert s.modules[:, 0].all()  # assessment: uptake 1, everyone
    older = s.attributes[:, 1] == 1  # driving only for 25-49, uptake 0.5
    assert not s.modules[older, 1].any()
    assert 0.2 < s.modules[~older, 1].mean() < 0.8


def test_time_varying_referral_rate_is_honoured() -> None:
    scn = build([1000], months=4, participants={
        "referrals_per_month": {"2020-01": 100, "2020-03": 0}})
    s = run(scn)
    assert (s.referral_time < 2).all() and 150 < s.n_referrals < 250


def caseload_run(tmp_path: Path, providers: list[dict], caseload: str) -> Spells:
    """No new referrals, no exits but the capped ones: only the start's people move."""
    data = {"name": "t", "period": {"start": "2020-01", "months": 12},
            "participants": {"referrals_per_month": 0, "patience_months": 1000,
                             "initial": "caseload.csv"},
            "employment": {"max_months": 4, "hazards": {"placement": 0, "dropout": 0}},
            "providers": providers, "costs": {"wages": {"hourly": 10.0}}}
    (tmp_path / "caseload.csv").write_text(
        "person,provider,entry,exit,exit_reason,referral\n" + caseload, encoding="utf-8")
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return simulate(load_scenario(tmp_path / "s.yaml"), np.random.SeedSequence(0))


def test_slots_opening_at_the_same_instant_open_in_the_order_their_holders_left(
        tmp_path: Path) -> None:
    """a's holder leaves at 2 (4 months capped, 2 served), b's at 1 (3 served); with
    refill delays 1 and 2 both slots open again at 3. b's holder left first, so b's
    slot opens first and takes the one person waiting, though a's holder is listed
    (and entered) first."""
    s = caseload_run(tmp_path, [{"id": "a", "slots": 1, "employment": {"refill_delay_months": 1}},
                                {"id": "b", "slots": 1, "employment": {"refill_delay_months": 2}}],
                     "A-1,a,2019-11,,,\nB-1,b,2019-10,,,\nW-1,,,,,2019-12\n")
    assert s.exit[:2].tolist() == [2.0, 1.0] and s.reason[:2].tolist() == [MAX_DURATION] * 2
    assert s.entry[2] == 3.0 and s.provider_ids[s.provider[2]] == "b"


def test_a_slot_opening_as_a_stay_begun_at_the_same_instant_ends_waits_its_turn(
        tmp_path: Path) -> None:
    """At 2, c gains a slot (month change, first) and W-1 takes it for c's one month;
    then a's holder leaves (4 months capped, 2 served) and a's slot opens a month
    later. Both happen at 3: c's exit was scheduled first (at 2, before a's exit ran),
    so W-2 takes c's slot, not a's."""
    s = caseload_run(tmp_path, [
        {"id": "a", "slots": 1, "employment": {"refill_delay_months": 1}},
        {"id": "c", "slots": {"2020-01": 0, "2020-03": 1},
         "employment": {"refill_delay_months": 0, "max_months": 1}}],
        "A-1,a,2019-11,,,\nW-1,,,,,2019-12\nW-2,,,,,2019-12-15\n")
    assert s.entry.tolist() == [-2.0, 2.0, 3.0]
    assert [s.provider_ids[p] for p in s.provider] == ["a", "c", "c"]


def test_the_garbage_collector_is_paused_for_the_event_loop_only(monkeypatch):
    """The loop runs without the cyclic collector (its events hold no cycles; scanning
    them cost a quarter of a national replication) and leaves it as it found it, also
    when the loop raises."""
    import gc

    from finsim.simulation import engine

    seen = []
    real = engine._run

    def watched(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(engine, "_run", watched)
    assert gc.isenabled()
    simulate(small(), np.random.SeedSequence(1))
    assert seen == [False] and gc.isenabled()

    def failing(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "_run", failing)
    with pytest.raises(RuntimeError, match="boom"):
        simulate(small(), np.random.SeedSequence(1))
    assert gc.isenabled()
    gc.disable()  # a caller that paused it keeps it paused
    try:
        monkeypatch.setattr(engine, "_run", watched)
        simulate(small(), np.random.SeedSequence(1))
        assert not gc.isenabled()
    finally:
        gc.enable()

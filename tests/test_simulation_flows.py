"""Flow metrics and monthly flows: the documented names, totals, balances, boundary conventions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from finsim.scenario.model import Scenario
from finsim.simulation import (
    DROPOUT,
    EMPLOYED,
    ENTERED,
    GAVE_UP,
    PLACEMENT,
    TURNED_AWAY,
    WAITING,
    Spells,
    compile_model,
    flow_metrics,
    monthly_flows,
    provider_metrics,
    simulate,
)
from finsim.simulation.flows import FLOW_METRICS

SPEC_NAMES = ["referrals", "entries", "referrals_lost", "exits_placement", "exits_dropout",
              "exits_max_duration", "participants_at_end", "waiting_at_end", "slot_months",
              "occupancy_rate", "placement_rate"]


def small() -> Scenario:
    path = Path(__file__).parent / "fixtures" / "small.yaml"
    return Scenario.model_validate(yaml.safe_load(path.read_text()))


def hand_made() -> Spells:
    """Three months, one provider with 2 slots; events on month boundaries on purpose."""
    i8 = np.int8
    return Spells(
        provider=np.array([0, 0, 0]), referral=np.array([0.0, 0.5, 1.0]),
        entry=np.array([0.0, 0.5, 1.0]), exit=np.array([1.0, 3.0, 3.0]),
        reason=np.array([PLACEMENT, DROPOUT, EMPLOYED], dtype=i8),
        initial=np.array([True, False, False]), referral_index=np.array([-1, 0, 1]),
        attributes=np.zeros((3, 0), dtype=np.int64), modules=np.zeros((3, 0), dtype=bool),
        referral_time=np.array([0.5, 1.0, 2.0, 2.5]),
        outcome=np.array([ENTERED, ENTERED, GAVE_UP, WAITING], dtype=i8),
        outcome_time=np.array([0.5, 1.0, 3.0 - 1e-9, 3.0]), entrant=np.array([1, 2, -1, -1]),
        patience=np.array([1.0, 1.0, 1.0 - 1e-9, 5.0]), horizon=3.0,
        slots=np.full((3, 1), 2.0), provider_ids=("a",), attribute_names=(),
        attribute_values=(), module_ids=(),
    )


def test_flow_metric_names_are_specs() -> None:
    assert list(FLOW_METRICS) == SPEC_NAMES
    assert list(flow_metrics(simulate(small(), np.random.SeedSequence(0)))) == SPEC_NAMES


def test_hand_made_metrics_and_boundaries() -> None:
    s = hand_made()
    m = flow_metrics(s)
    assert m["referrals"] == 4 and m["entries"] == 3 and m["referrals_lost"] == 1
    assert m["exits_placement"] == 1 and m["exits_dropout"] == 1
    assert m["exits_max_duration"] == 0
    assert m["participants_at_end"] == 1 and m["waiting_at_end"] == 1
    assert m["slot_months"] == 1.0 + 2.5 + 2.0
    assert m["occupancy_rate"] == 5.5 / 6 and m["placement_rate"] == 1 / 3
    f = monthly_flows(s)
    # The entry at exactly t=1 belongs to month 1; the exit at t=1 to month 1 too.
    assert f["entries"][:, 0].tolist() == [2, 1, 0]
    assert f["exits_placement"][:, 0].tolist() == [0, 1, 0]
    # The exit at exactly the horizon (t=3) belongs to the last month.
    assert f["exits_dropout"][:, 0].tolist() == [0, 0, 1]
    # At month end: entry < m+1 <= exit.
    assert f["participants"][:, 0].tolist() == [2, 2, 1]
    assert f["referrals"].tolist() == [1, 1, 2]
    assert f["waiting"].tolist() == [0, 0, 1]


def test_monthly_flows_add_up_to_the_metrics() -> None:
    for seed in range(3):
        s = simulate(small(), np.random.SeedSequence(seed))
        m, f = flow_metrics(s), monthly_flows(s)
        assert f["entries"].shape == f["participants"].shape == (24, 2)
        assert f["entries"].sum() == m["entries"]
        for name in ("exits_placement", "exits_dropout", "exits_max_duration"):
            assert f[name].sum() == m[name]
        assert f["participants"][-1].sum() == m["participants_at_end"]
        assert f["waiting"][-1] == m["waiting_at_end"]
        assert f["referrals"].sum() == m["referrals"]
        exits = f["exits_placement"] + f["exits_dropout"] + f["exits_max_duration"]
        np.testing.assert_array_equal(np.diff(f["participants"], axis=0),
                                      f["entries"][1:] - exits[1:])
        assert (f["participants"] <= s.slots).all()
        assert (f["waiting"] >= 0).all() and (f["participants"] >= 0).all()


def test_participants_at_month_end_match_a_direct_count() -> None:
    s = simulate(small(), np.random.SeedSequence(9))
    f = monthly_flows(s)
    for m in range(s.months - 1):
        end = m + 1.0
        direct = [((s.provider == p) & (s.entry < end) & (s.exit >= end)).sum()
                  for p in range(2)]
        assert f["participants"][m].tolist() == direct
        waiting = ((s.referral_time < end) & (s.outcome_time >= end)).sum()
        assert f["waiting"][m] == waiting


def test_provider_metrics_add_up() -> None:
    s = simulate(small(), np.random.SeedSequence(2))
    m, pm = flow_metrics(s), provider_metrics(s)
    for name in ("entries", "exits_placement", "exits_dropout", "exits_max_duration",
                 "participants_at_end", "slot_months"):
        assert pm[name].shape == (2,)
        assert np.isclose(pm[name].sum(), m[name])
    assert ((pm["occupancy_rate"] >= 0) & (pm["occupancy_rate"] <= 1)).all()


def test_slots_in_force_follow_the_schedule() -> None:
    slots = small().slots_in_force()
    assert slots.shape == (24, 2)
    assert (slots[:, 0] == 30).all()
    assert (slots[:12, 1] == 10).all() and (slots[12:, 1] == 20).all()
    s = simulate(small(), np.random.SeedSequence(0))
    np.testing.assert_array_equal(s.slots, slots)
    m = flow_metrics(s)
    assert np.isclose(m["occupancy_rate"], m["slot_months"] / slots.sum())


def test_lost_counts_gave_up_and_turned_away() -> None:
    s = simulate(small(), np.random.SeedSequence(1))
    lost = np.isin(s.outcome, [GAVE_UP, TURNED_AWAY]).sum()
    assert flow_metrics(s)["referrals_lost"] == lost


def _separate_counts(s: Spells) -> tuple[dict, dict, dict]:
    """The three tables counted apart, each by its own masks (the formulas the shared
    one-pass counts replaced), as the reference."""
    months, n_prov = s.slots.shape
    reason = np.bincount(s.reason, minlength=4)
    program = {"exits_placement": float(reason[PLACEMENT]),
               "participants_at_end": float(reason[EMPLOYED]),
               "slot_months": float(np.sum(s.exit - np.maximum(s.entry, 0.0)))}
    per = {"entries": np.bincount(s.provider, minlength=n_prov).astype(float),
           "exits_dropout": np.bincount(s.provider[s.reason == DROPOUT],
                                        minlength=n_prov).astype(float),
           "slot_months": np.bincount(s.provider, weights=s.exit - np.maximum(s.entry, 0.0),
                                      minlength=n_prov)}

    def grid(t, provider):
        cell = np.clip(np.floor(t).astype(np.int64), 0, months - 1) * n_prov + provider
        return np.bincount(cell, minlength=months * n_prov).reshape(months, n_prov)

    left = s.reason != EMPLOYED
    monthly = {"entries": grid(s.entry, s.provider),
               "exits_placement": grid(s.exit[s.reason == PLACEMENT],
                                       s.provider[s.reason == PLACEMENT]),
               "participants": np.cumsum(grid(s.entry, s.provider)
                                         - grid(s.exit[left], s.provider[left]), axis=0)}
    return program, per, monthly


def test_shared_counts_equal_each_table_counted_apart() -> None:
    """The flow tables read one pass of counts (``count_flows``): bit for bit what
    counting each table by its own masks gives, on many replications."""
    compiled = compile_model(small())
    for seed in range(40):
        s = simulate(compiled, np.random.SeedSequence(seed))
        program, per, monthly = _separate_counts(s)
        m, pm, f = flow_metrics(s), provider_metrics(s), monthly_flows(s)
        for name, value in program.items():
            assert m[name] == value, name
        for name, value in per.items():
            assert np.array_equal(pm[name], value) and pm[name].dtype == value.dtype, name
        for name, value in monthly.items():
            assert np.array_equal(f[name], value), name

"""People paths the rest of the suite did not reach (``pytest --cov=finsim``).

A warm-up that ends with more people at a provider than its slots in the reported
period's first month (nobody is dismissed; its slots refill only once it is back under
them), on-demand referrals that outrun the first estimate of how many to draw for (the
redraw gives the same people), a Poisson stream that needs a second block of draws, and
the steady state's tenure drawn by inversion.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.scenario import scenario_from_dict
from finsim.simulation import engine, simulate
from finsim.simulation.checks import check_capacity
from finsim.simulation.compiled import cumulative
from finsim.simulation.draws import referral_times
from finsim.simulation.initial import steady_tenure
from finsim.simulation.spells import EMPLOYED
from tests.test_ledger_support import BASE, deep_update

SHRINKING = deep_update(BASE, {
    "period": {"start": "2014-01", "months": 24, "simulate_from": "2013-01"},
    "participants": {"referrals_per_month": 4, "initial": 0},
    # a's 10 slots of the warm-up year become 2; b grows from 10 to 40, so it has room
    "providers": [{"id": "a", "slots": {"2013-01": 10, "2014-01": 2}},
                  {"id": "b", "slots": {"2013-01": 10, "2014-01": 40}}],
    "employment": {"max_months": 36, "refill_delay_months": 0.5,
                   "hazards": {"placement": 0.08, "dropout": 0.05}},
})


@pytest.mark.parametrize("seed", range(8))
def test_people_carried_over_above_the_slots_stay_and_block_new_entries(seed: int) -> None:
    scn = scenario_from_dict(SHRINKING)
    model = engine._compiled(scn)
    warm = simulate(model.warmup, engine._warmup_seed(np.random.SeedSequence(seed)))
    at_end = [int(((warm.provider == p) & (warm.reason == EMPLOYED)).sum()) for p in (0, 1)]
    spells = simulate(model, np.random.SeedSequence(seed))
    a, b = spells.provider == 0, spells.provider == 1
    # everyone employed at the warm-up's end is in the period's first month: nobody is
    # dismissed, though a now has 2 slots for them
    assert [int((spells.initial & a).sum()), int((spells.initial & b).sum())] == at_end
    assert at_end[0] > 2
    assert (spells.exit[spells.initial] > 0).all()
    # a takes someone new only once all but one of those it held have left and the
    # slot has waited its refill delay (0.5 months)
    held = at_end[0]
    exits = np.sort(spells.exit[a & spells.initial])
    new = spells.entry[a & ~spells.initial]
    if new.size:
        assert new.min() >= exits[held - 2] + 0.5 - 1e-9
    check_capacity(spells)  # and never more than its slots at any entry after that
    # b, with room from the start, takes people in the first month
    assert (spells.entry[b & ~spells.initial] < 1.0).any()


def test_on_demand_referrals_drawn_again_are_the_same_people(monkeypatch) -> None:
    scn = scenario_from_dict(deep_update(BASE, {
        "participants": {"referrals_per_month": "on_demand", "initial": 5},
        "employment": {"max_months": 24, "hazards": {"placement": 0.2, "dropout": 0.1}}}))
    model = engine._compiled(scn)
    first = simulate(model, np.random.SeedSequence(3))
    assert len(first.entry) > 2 * 64  # more than two rounds of the redraw below
    runs = []
    loop = engine._run_collector_paused

    def counted(*args):
        runs.append(1)
        return loop(*args)

    # draw for nobody on demand at first: the loop runs out, draws for 64, 192, ... more
    monkeypatch.setattr(engine, "_on_demand_estimate", lambda model: 0)
    monkeypatch.setattr(engine, "_run_collector_paused", counted)
    again = simulate(model, np.random.SeedSequence(3))
    assert len(runs) >= 3
    for column in ("provider", "referral", "entry", "exit", "reason", "attributes",
                   "modules", "initial"):
        assert np.array_equal(getattr(first, column), getattr(again, column)), column


class _ShortGaps:
    """A generator whose exponential gaps are a real stream's, scaled down: the first
    block of draws then falls short of the horizon's cumulative intensity."""

    def __init__(self, seed: int, scale: float) -> None:
        self.rng, self.scale = np.random.default_rng(seed), scale

    def standard_exponential(self, n: int) -> np.ndarray:
        return self.rng.standard_exponential(n) * self.scale


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.0, 50.0), min_size=1, max_size=24), st.integers(0, 2**32 - 1))
def test_a_poisson_stream_drawn_in_several_blocks_loses_and_repeats_no_referral(rate, seed):
    rate = np.array(rate)
    cum = cumulative(rate)
    if cum[-1] <= 0:
        return
    times = referral_times(_ShortGaps(seed, 0.2), rate)
    # the unit-rate points of one long stream below the total intensity, in order
    stream = np.cumsum(np.random.default_rng(seed).standard_exponential(
        int(cum[-1] / 0.2 * 3 + 100)) * 0.2)
    points = stream[stream < cum[-1]]
    assert times.size == points.size
    assert (np.diff(times) >= 0).all()
    # each time is its point mapped through the cumulative intensity:
    # Lambda(t) = cum[m] + (t - m) rate[m] on month m
    month = np.floor(times).astype(int)
    assert (rate[month] > 0).all()
    assert np.allclose(cum[month] + (times - month) * rate[month], points,
                       rtol=1e-12, atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.floats(1e-6, 2.0), st.floats(0.5, 120.0), st.floats(0.0, 1.0, exclude_max=True))
def test_steady_tenure_inverts_the_stock_distribution(h: float, m: float, u: float) -> None:
    """In a refilled slot the tenure has density ~ exp(-h a) on [0, M), so its CDF is
    F(a) = (1 - exp(-h a)) / (1 - exp(-h M)); the draw for u is F's inverse at u."""
    a = float(steady_tenure(np.array([h]), m, np.array([u]))[0])
    assert 0.0 <= a < m
    assert math.expm1(-h * a) / math.expm1(-h * m) == pytest.approx(u, abs=1e-9)


def test_steady_tenure_without_exits_is_uniform_over_the_maximum() -> None:
    u = np.array([0.0, 0.25, 0.5, 0.999])
    assert steady_tenure(np.zeros(4), 24.0, u).tolist() == [0.0, 6.0, 12.0, 0.999 * 24.0]
    assert steady_tenure(np.zeros(1), 24.0, np.array([1.0]))[0] < 24.0  # never at the cap

"""The flow simulation against closed forms of queueing and competing-risk theory.

Each test names its formula. Tolerances are several standard errors, estimated from the
replications themselves where the sampling is not simply binomial.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import stats

from finsim.scenario.model import Scenario
from finsim.simulation import ENTERED, MAX_DURATION, PLACEMENT, compile_model, simulate
from finsim.simulation.draws import referral_times
from finsim.simulation.flows import monthly_flows


def build(slots: int, rate: float, months: int, **over: Any) -> Scenario:
    data: dict[str, Any] = {
        "name": "theory", "period": {"start": "2020-01", "months": months},
        "participants": {"referrals_per_month": rate, "patience_months": 0.0},
        "employment": {"max_months": 12, "hazards": {"placement": 0.10, "dropout": 0.10}},
        "providers": [{"id": "a", "slots": slots}],
        "costs": {"wages": {"hourly": 10.0}},
    }
    for key in ("participants", "employment"):
        data[key].update(over.pop(key, {}))
    return Scenario.model_validate(data)


def runs(scn: Scenario, reps: int, offset: int = 0) -> list[Any]:
    model = compile_model(scn)
    return [simulate(model, np.random.SeedSequence(1000 + offset + r)) for r in range(reps)]


def mean_service(hp: float, hd: float, t_max: float) -> float:
    """E[min(Exp(h), T)] = (1 - exp(-h T)) / h, with h = h_p + h_d."""
    h = hp + hd
    return (1 - math.exp(-h * t_max)) / h


def erlang_b(c: int, a: float) -> float:
    """Erlang's loss formula B(c, a) by the recursion B(k) = a B(k-1) / (k + a B(k-1))."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def test_competing_risk_exit_shares_and_mean_time_in_slot() -> None:
    """P(placement) = h_p/(h_p+h_d) (1 - e^{-(h_p+h_d)T}), P(max) = e^{-(h_p+h_d)T},
    E[time in slot] = (1 - e^{-hT}) / h, with h = -ln(1 - p) per monthly probability p."""
    p_place, p_drop, t_max = 0.05, 0.08, 12.0
    scn = build(100_000, 300, 36, employment={
        "max_months": t_max, "hazards": {"placement": p_place, "dropout": p_drop}})
    spells = runs(scn, 3)
    reason = np.concatenate([s.reason[s.entry <= 36 - t_max] for s in spells])
    stay = np.concatenate([(s.exit - s.entry)[s.entry <= 36 - t_max] for s in spells])
    hp, hd = -math.log(1 - p_place), -math.log(1 - p_drop)
    h = hp + hd
    expected = {PLACEMENT: hp / h * (1 - math.exp(-h * t_max)),
                MAX_DURATION: math.exp(-h * t_max)}
    n = reason.size
    for code, share in expected.items():
        se = math.sqrt(share * (1 - share) / n)
        assert abs((reason == code).mean() - share) < 4.5 * se, (code, share)
    se_stay = stay.std() / math.sqrt(n)
    assert abs(stay.mean() - mean_service(hp, hd, t_max)) < 4.5 * se_stay


def test_loss_share_with_patience_zero_is_erlang_b() -> None:
    """Share of referrals turned away = B(c, a), a = lambda E[S] (insensitive to the
    service distribution, so min(Exp(h), max_months) qualifies); after a warm-up."""
    c, lam, warm = 10, 2.0, 24.0
    scn = build(c, lam, 240)
    h = -2 * math.log(1 - 0.10)
    a = lam * mean_service(h / 2, h / 2, 12.0)
    shares = []
    for s in runs(scn, 200):
        late = s.referral_time > warm
        shares.append((s.outcome[late] != ENTERED).mean())
    se = np.std(shares, ddof=1) / math.sqrt(len(shares))
    assert abs(np.mean(shares) - erlang_b(c, a)) < 4.5 * se + 1e-3


def test_littles_law_with_ample_capacity() -> None:
    """Little: L = lambda_entries x W; with ample capacity (M/G/inf) L = lambda E[S]."""
    lam, months, warm = 50.0, 60, 24
    scn = build(100_000, lam, months)
    w = mean_service(-math.log(0.9), -math.log(0.9), 12.0)
    levels, little = [], []
    for s in runs(scn, 20):
        flows = monthly_flows(s)
        level = flows["participants"].sum(axis=1)[warm:months - 1].mean()
        entry_rate = flows["entries"].sum(axis=1)[warm:].mean()
        levels.append(level)
        little.append(level - entry_rate * w)
    se = np.std(levels, ddof=1) / math.sqrt(len(levels))
    assert abs(np.mean(levels) - lam * w) < 4.5 * se
    se_l = np.std(little, ddof=1) / math.sqrt(len(little))
    assert abs(np.mean(little)) < 4.5 * se_l


def test_refill_delay_saturated_occupancy_is_renewal_ratio() -> None:
    """A saturated slot cycles service + delay d: occupancy = E[S] / (E[S] + d)."""
    d, months, warm = 1.0, 120, 24.0
    scn = build(20, 20, months, participants={"patience_months": 5.0, "initial": "full"},
                employment={"refill_delay_months": d})
    w = mean_service(-math.log(0.9), -math.log(0.9), 12.0)
    occ = []
    for s in runs(scn, 12):
        occupied = np.clip(s.exit, warm, months) - np.clip(s.entry, warm, months)
        occ.append(occupied.sum() / (20 * (months - warm)))
    se = np.std(occ, ddof=1) / math.sqrt(len(occ))
    assert abs(np.mean(occ) - w / (w + d)) < 4.5 * se + 2e-3


def test_refill_delay_reduces_occupancy_on_common_random_numbers() -> None:
    kw = {"participants": {"patience_months": 3.0}}
    for seed in range(5):
        rates = []
        for d in (0.0, 0.5, 2.0):
            scn = build(15, 10, 36, employment={"refill_delay_months": d}, **kw)
            s = simulate(scn, np.random.SeedSequence(seed))
            rates.append(np.sum(s.exit - s.entry) / s.slots.sum())
        assert rates[0] > rates[1] > rates[2]


def test_referrals_are_poisson_with_piecewise_constant_rate() -> None:
    """N(month m) ~ Poisson(rate_m): mean = variance = rate_m; within a month the times
    are uniform (order statistics of a homogeneous Poisson process)."""
    rate = np.array([30.0, 0.0, 5.0, 12.5])
    rng = np.random.default_rng(4)
    counts = []
    fractions = []
    for _ in range(3000):
        t = referral_times(rng, rate)
        assert np.all(np.diff(t) >= 0) and (t < rate.size).all()
        counts.append(np.bincount(np.floor(t).astype(int), minlength=4))
        fractions.append(t[t >= 3] - 3)
    counts = np.array(counts)
    for m, r in enumerate(rate):
        assert abs(counts[:, m].mean() - r) < 5 * math.sqrt(max(r, 1e-9) / 3000) + 1e-12
        if r:
            assert 0.85 < counts[:, m].var(ddof=1) / r < 1.15
    assert stats.kstest(np.concatenate(fractions), "uniform").pvalue > 1e-3

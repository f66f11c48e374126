"""A bare reference: finsim's flow model as a plain heapq event loop (no SimPy, no finsim).

Same model as ``finsim.simulation.engine`` (the flow model without attributes and
modules): exact piecewise-constant Poisson referrals, assignment proportional to free
slots, one FIFO waiting list with exponential patience (0 = turned away), refill delay,
slot schedules (growth fills from the list, shrinkage dismisses nobody), initial
participants, competing-risk exits drawn at entry. It does the same work per event as
finsim (draws up front, one heap entry per thing that happens, nothing scheduled at or
after the horizon), so the ratio of the two measures the cost of SimPy and of finsim's
structure, not of a different algorithm.

``params``: ``rate`` [months], ``slots`` [months][providers] ints, ``patience_mean``,
``refill`` [providers], ``placement`` / ``dropout`` hazards per month [providers],
``max_months`` [providers], ``initial`` (int, already capped at the month-0 slots).
"""

from __future__ import annotations

import heapq
from collections import deque
from typing import Any

import numpy as np

ARRIVAL, EXIT, REOPEN, GIVE_UP, MONTH = range(5)


def _referral_times(rng: np.random.Generator, rate: np.ndarray) -> np.ndarray:
    cum = np.concatenate([[0.0], np.cumsum(rate)])
    if cum[-1] <= 0:
        return np.empty(0)
    chunk = int(cum[-1] + 6 * np.sqrt(cum[-1]) + 16)
    points = np.cumsum(rng.standard_exponential(chunk))
    while points[-1] < cum[-1]:
        points = np.concatenate([points, points[-1] + np.cumsum(rng.standard_exponential(chunk))])
    points = points[points < cum[-1]]
    month = np.searchsorted(cum, points, side="right") - 1
    return month + (points - cum[month]) / rate[month]


def simulate_reference(params: dict[str, Any], seed: int) -> dict[str, np.ndarray]:
    """One replication; returns entry log and referral outcomes as arrays."""
    rng = np.random.default_rng(seed)
    rate, slots = np.asarray(params["rate"], float), np.asarray(params["slots"], np.int64)
    months, n_prov = slots.shape
    horizon, n0 = float(months), int(params["initial"])
    times = _referral_times(rng, rate)
    n_ref = times.size
    clocks = rng.standard_exponential((n0 + n_ref, 2))
    assign = rng.random(n0 + n_ref).tolist()
    patience = (rng.standard_exponential(n_ref) * params["patience_mean"]).tolist()
    # Providers with equal exit rules share one duration column (persons x rules).
    per_provider = list(zip(params["placement"], params["dropout"], params["max_months"],
                            strict=True))
    rules = sorted(set(per_provider))
    rule_of = [rules.index(r) for r in per_provider]
    hp, hd, mx = (np.array(col, float)[None, :] for col in zip(*rules, strict=True))
    with np.errstate(divide="ignore"):
        dur = np.fmin(np.fmin(clocks[:, :1] / hp, clocks[:, 1:] / hd), mx)
    dur_cols = dur.T.tolist()
    refill = list(params["refill"])
    zero_patience = params["patience_mean"] == 0

    queue: list[tuple[float, int, int, Any]] = []
    seq = 0
    cap, debt, tokens = slots[0].tolist(), [0] * n_prov, []
    outcome, out_time = [3] * n_ref, [horizon] * n_ref
    waiting: deque[int] = deque()
    log_person, log_provider, log_entry = [], [], []

    def push(t: float, kind: int, value: Any) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(queue, (t, seq, kind, value))

    def take(u: float) -> int:
        k = int(u * len(tokens))
        p, last = tokens[k], tokens.pop()
        if k < len(tokens):
            tokens[k] = last
        return p

    def enter(q: int, p: int, t: float) -> None:
        log_person.append(q)
        log_provider.append(p)
        log_entry.append(t)
        end = t + dur_cols[rule_of[p]][q]
        if end < horizon:
            push(end, EXIT, p)

    def slot_open(p: int, t: float) -> None:
        if debt[p]:
            debt[p] -= 1
            return
        while waiting:
            j = waiting.popleft()
            if outcome[j] == 3:
                outcome[j], out_time[j] = 0, t
                enter(n0 + j, p, t)
                return
        tokens.append(p)

    for p in range(n_prov):
        tokens.extend([p] * cap[p])
    for q in range(n0):
        enter(q, take(assign[q]), 0.0)
    for m in range(1, months):
        if (slots[m] != slots[m - 1]).any():
            push(float(m), MONTH, m)
    if n_ref:
        push(float(times[0]), ARRIVAL, 0)
    times_l = times.tolist()
    while queue:
        t, _, kind, v = heapq.heappop(queue)
        if kind == ARRIVAL:
            if tokens:
                outcome[v], out_time[v] = 0, t
                enter(n0 + v, take(assign[n0 + v]), t)
            elif zero_patience:
                outcome[v], out_time[v] = 2, t
            else:
                waiting.append(v)
                if t + patience[v] < horizon:
                    push(t + patience[v], GIVE_UP, v)
            if v + 1 < n_ref:
                push(times_l[v + 1], ARRIVAL, v + 1)
        elif kind == EXIT:
            if refill[v] > 0:
                if t + refill[v] < horizon:
                    push(t + refill[v], REOPEN, v)
            else:
                slot_open(v, t)
        elif kind == REOPEN:
            slot_open(v, t)
        elif kind == GIVE_UP:
            if outcome[v] == 3:
                outcome[v], out_time[v] = 1, t
        else:
            for p in np.nonzero(slots[v] != slots[v - 1])[0].tolist():
                new = int(slots[v, p])
                delta, cap[p] = new - cap[p], new
                for _ in range(delta):
                    slot_open(p, t)
                for _ in range(-delta):
                    if p in tokens:
                        tokens.remove(p)
                    else:
                        debt[p] += 1
    person, provider = np.array(log_person, int), np.array(log_provider, int)
    entry = np.array(log_entry, float)
    exit_ = np.minimum(entry + dur[person, np.array(rule_of, int)[provider]], horizon)
    return {"person": person, "provider": provider, "entry": entry, "exit": exit_,
            "outcome": np.array(outcome), "outcome_time": np.array(out_time)}

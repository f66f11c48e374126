"""All random draws of a replication, taken up front and vectorised.

Every per-person draw comes from a fixed-size row per person, so person ``j`` gets the
same numbers whatever the number of persons or the course of events (common random
numbers). The event loop then only looks numbers up.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .compiled import ExitRule, Model, cumulative, matches
from .initial import combos, mean_stay, steady_tenure
from .spells import DROPOUT, MAX_DURATION, PLACEMENT
from .streams import Streams

if (PLACEMENT, DROPOUT) != (0, 1):
    raise ImportError("draws._durations writes the reason as whether dropout's clock won")


def referral_times(rng: np.random.Generator, rate: np.ndarray,
                   cum: np.ndarray | None = None) -> np.ndarray:
    """Exact Poisson process with a piecewise-constant rate per month (``rate[m]`` on [m, m+1)).

    Points of a unit-rate process (cumulated Exp(1) gaps) are mapped through the inverse
    of the cumulative intensity. Scaling a rate moves points monotonically instead of
    redrawing them, which keeps scenario comparisons sharp. ``cum`` is
    ``compiled.cumulative(rate)`` when compiled once (``Model.rate_cum``).
    """
    cum = cumulative(rate) if cum is None else cum
    total = cum[-1]
    if total <= 0:
        return np.empty(0)
    chunk = int(total + 6 * math.sqrt(total) + 16)
    points = rng.standard_exponential(chunk).cumsum()
    while points[-1] < total:  # rare: draw more; the sequence is prefix-stable
        more = rng.standard_exponential(chunk).cumsum() + points[-1]
        points = np.concatenate([points, more])
    points = points[:points.searchsorted(total)]  # ascending: those below total, a view
    month = cum.searchsorted(points, side="right") - 1
    times = month + (points - cum[month]) / rate[month]
    return np.minimum(times, _last_inside(rate.size)[month])  # stay inside the month


@functools.cache
def _last_inside(months: int) -> np.ndarray:
    """The largest float before each month's end (``[months]``, read-only), worked out once
    per number of months rather than for every referral of every replication."""
    month = np.arange(months)
    last = np.nextafter(month + 1.0, month)
    last.flags.writeable = False  # shared by every caller
    return last


@dataclass(frozen=True)
class PersonDraws:
    """Per-person numbers; persons are the initial participants, then the referrals."""

    codes: np.ndarray  # [persons, attributes] int
    assign: np.ndarray  # [persons] uniform for the assignment rule
    patience: np.ndarray  # [referrals] months
    modules: np.ndarray  # [persons, modules] bool
    duration: np.ndarray  # [rules, persons] months in a slot (from the start, if in one)
    reason: np.ndarray  # [rules, persons] int8 exit reason
    tenure: np.ndarray  # [persons] months in the slot at the start (0 for referrals)


def draw_persons(model: Model, streams: Streams, n_ref: int) -> PersonDraws:
    """Draw everyone's attributes, clocks, patience and modules.

    People in slots at the start (``model.start``) come first, then ``n_ref`` referrals,
    the people waiting at the start first among them. Attributes a caseload gives
    replace the drawn ones; in the steady state the attributes come from the stock's
    mix and the tenure is drawn (``initial.py``).
    """
    n0, n_attr, n_mod = model.initial, len(model.attribute_names), len(model.module_ids)
    u_attr = _uniforms(streams, "attributes", n_ref, n_attr)
    u_mod = _uniforms(streams, "modules", n_ref, n_mod)
    assign = streams.assignment.random(n_ref)
    clocks = streams.exits.standard_exponential((n_ref, 2))
    if n0:
        init = streams.initial.random((n0, n_attr + n_mod + 3))
        u_attr = np.concatenate([init[:, :n_attr], u_attr])
        u_mod = np.concatenate([init[:, n_attr:n_attr + n_mod], u_mod])
        assign = np.concatenate([init[:, -3], assign])
        clocks = np.concatenate([-np.log1p(-init[:, -2:]), clocks])
    patience = streams.patience.standard_exponential(n_ref) * model.patience_mean
    codes = np.empty((n0 + n_ref, n_attr), dtype=np.int64)
    for a, bounds in enumerate(model.attribute_bounds):  # the last value from its start on
        codes[:, a] = bounds.searchsorted(u_attr[:, a], side="right")
    tenure = np.zeros(n0 + n_ref)
    start = model.start
    if start.kind == "steady" and n0:
        steady = streams.initial.random((n0, 2))  # after the block: prefix-stable
        codes[:n0], tenure[:n0] = _steady_state(model, start.provider, steady)
    elif start.kind in ("caseload", "carried_over"):
        tenure[:n0] = start.tenure
        _given(codes[:n0], start.codes)
        _given(codes[n0:n0 + start.waiting.size], start.waiting_codes)
    modules = u_mod < model.module_uptake
    for k, when in enumerate(model.module_when):
        if when:
            modules[:, k] &= matches(when, codes)
    duration, reason = _durations(model, codes, clocks, tenure if n0 else None)
    return PersonDraws(codes, assign, patience, modules, duration, reason, tenure)


def _uniforms(streams: Streams, purpose: str, rows: int, columns: int) -> np.ndarray:
    """``[rows, columns]`` uniforms from one purpose's stream; none drawn (and the stream
    not even set up) when there are no columns."""
    if not columns:
        return np.empty((rows, 0))
    return getattr(streams, purpose).random((rows, columns))


def _given(codes: np.ndarray, given: np.ndarray) -> None:
    """Put the codes a file gives (>= 0) over the drawn ones, in place."""
    rows = given[: codes.shape[0]]
    known = rows >= 0
    codes[: rows.shape[0]][known] = rows[known]


def _hazards(rule: ExitRule, codes: np.ndarray) -> tuple[float | np.ndarray, ...]:
    """Placement and dropout hazards per person under one exit rule (modifiers applied).

    A hazard no modifier changes is the rule's own, a float for everyone: dividing by
    it gives what dividing by an array of it gives, without making the array (the usual
    modifier changes one hazard; a seed replication's draws took a tenth less time).
    """
    hp, hd = rule.placement, rule.dropout
    for when, fp, fd in rule.modifiers:
        if fp == 1.0 and fd == 1.0:
            continue
        hit = matches(when, codes)
        hp, hd = _times(hp, fp, hit), _times(hd, fd, hit)
    return hp, hd


def _times(hazard: float | np.ndarray, factor: float, hit: np.ndarray) -> float | np.ndarray:
    """``hazard`` times ``factor`` where ``hit`` (times 1 changes nothing)."""
    if factor == 1.0:
        return hazard
    if isinstance(hazard, float):  # the same product as the array's, for the hits
        return np.where(hit, hazard * factor, hazard)
    np.multiply(hazard, factor, out=hazard, where=hit)
    return hazard


def _steady_state(model: Model, provider: np.ndarray,
                  u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Attributes from the stock's mix (the referral mix weighted by mean stay) and
    tenure from exp(-h a) on [0, M), under each person's provider's exit rule."""
    grid = combos(model.attribute_values)
    prior = np.ones(grid.shape[0])
    for a, cum in enumerate(model.attribute_cum):
        prior *= np.diff(cum, prepend=0.0)[grid[:, a]]
    rule = np.asarray(model.rule_of, dtype=np.int64)[provider]
    codes = np.empty((provider.size, grid.shape[1]), dtype=np.int64)
    tenure = np.empty(provider.size)
    for g in np.flatnonzero(np.bincount(rule)):  # the rules in use, ascending
        mine = rule == g
        exit_rule = model.rules[g]
        hp, hd = _hazards(exit_rule, grid)
        hazard = np.broadcast_to(hp + hd, grid.shape[:1])  # per combination
        weight = prior * mean_stay(hazard, exit_rule.max_months)
        cum = np.cumsum(weight) / weight.sum()
        pick = np.minimum(np.searchsorted(cum, u[mine, 0], side="right"), cum.size - 1)
        codes[mine] = grid[pick]
        tenure[mine] = steady_tenure(hazard[pick], exit_rule.max_months, u[mine, 1])
    return codes, tenure


def _durations(model: Model, codes: np.ndarray, clocks: np.ndarray,
               tenure: np.ndarray | None) -> tuple[np.ndarray, ...]:
    """Competing risks: time = min(E_p / h_p, E_d / h_d, max_months - tenure) per exit
    rule; with constant hazards the clocks of someone already employed start afresh.
    The reason is the clock that won (``fmin`` returns one of the three: 0/0 never
    wins), placement before dropout at a tie, the cap before both. ``tenure`` None:
    nobody has any (no one in a slot at the start), the cap is ``max_months`` itself."""
    n = codes.shape[0]
    duration = np.empty((len(model.rules), n))
    reason = np.empty((len(model.rules), n), dtype=np.int8)
    for g, rule in enumerate(model.rules):
        hp, hd = _hazards(rule, codes)
        with np.errstate(divide="ignore", over="ignore"):
            tp = clocks[:, 0] / hp
            td = clocks[:, 1] / hd
        cap = (rule.max_months if tenure is None
               else np.maximum(rule.max_months - tenure, 0.0))
        dur = np.fmin(tp, td, out=duration[g])
        np.fmin(dur, cap, out=dur)
        np.not_equal(dur, tp, out=reason[g])  # PLACEMENT (0) if its clock won, else DROPOUT
        np.copyto(reason[g], MAX_DURATION, where=dur == cap)
    return duration, reason

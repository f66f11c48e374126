"""All random draws of a replication, taken up front and vectorised.

Every per-person draw comes from a fixed-size row per person, so person ``j`` gets the
same numbers whatever the number of persons or the course of events (common random
numbers). The event loop then only looks numbers up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compiled import Model, matches
from .spells import DROPOUT, MAX_DURATION, PLACEMENT
from .streams import Streams


def referral_times(rng: np.random.Generator, rate: np.ndarray) -> np.ndarray:
    """Exact Poisson process with a piecewise-constant rate per month (``rate[m]`` on [m, m+1)).

    Points of a unit-rate process (cumulated Exp(1) gaps) are mapped through the inverse
    of the cumulative intensity. Scaling a rate moves points monotonically instead of
    redrawing them, which keeps scenario comparisons sharp.
    """
    cum = np.concatenate([[0.0], np.cumsum(rate)])
    total = cum[-1]
    if total <= 0:
        return np.empty(0)
    chunk = int(total + 6 * np.sqrt(total) + 16)
    points = np.cumsum(rng.standard_exponential(chunk))
    while points[-1] < total:  # rare: draw more; the sequence is prefix-stable
        more = np.cumsum(rng.standard_exponential(chunk)) + points[-1]
        points = np.concatenate([points, more])
    points = points[points < total]
    month = np.searchsorted(cum, points, side="right") - 1
    times = month + (points - cum[month]) / rate[month]
    return np.minimum(times, np.nextafter(month + 1.0, month))  # stay inside the month


@dataclass(frozen=True)
class PersonDraws:
    """Per-person numbers; persons are the initial participants, then the referrals."""

    codes: np.ndarray  # [persons, attributes] int
    assign: np.ndarray  # [persons] uniform for the assignment rule
    patience: np.ndarray  # [referrals] months
    modules: np.ndarray  # [persons, modules] bool
    duration: np.ndarray  # [rules, persons] months in a slot
    reason: np.ndarray  # [rules, persons] int8 exit reason


def draw_persons(model: Model, streams: Streams, n_ref: int) -> PersonDraws:
    """Draw everyone's attributes, clocks, patience and modules."""
    n0, n_attr, n_mod = model.initial, len(model.attribute_names), len(model.module_ids)
    init = streams.initial.random((n0, n_attr + n_mod + 3))
    u_attr = np.concatenate([init[:, :n_attr], streams.attributes.random((n_ref, n_attr))])
    u_mod = np.concatenate([init[:, n_attr:n_attr + n_mod],
                            streams.modules.random((n_ref, n_mod))])
    assign = np.concatenate([init[:, -3], streams.assignment.random(n_ref)])
    clocks = np.concatenate([-np.log1p(-init[:, -2:]),
                             streams.exits.standard_exponential((n_ref, 2))])
    patience = streams.patience.standard_exponential(n_ref) * model.patience_mean
    codes = np.empty((n0 + n_ref, n_attr), dtype=np.int64)
    for a, cum in enumerate(model.attribute_cum):
        codes[:, a] = np.minimum(np.searchsorted(cum, u_attr[:, a], side="right"), cum.size - 1)
    modules = u_mod < model.module_uptake
    for k, when in enumerate(model.module_when):
        if when:
            modules[:, k] &= matches(when, codes)
    duration, reason = _durations(model, codes, clocks)
    return PersonDraws(codes, assign, patience, modules, duration, reason)


def _durations(model: Model, codes: np.ndarray, clocks: np.ndarray) -> tuple[np.ndarray, ...]:
    """Competing risks: time = min(E_p / h_p, E_d / h_d, max_months) per exit rule."""
    n = codes.shape[0]
    duration = np.empty((len(model.rules), n))
    reason = np.empty((len(model.rules), n), dtype=np.int8)
    for g, rule in enumerate(model.rules):
        hp = np.full(n, rule.placement)
        hd = np.full(n, rule.dropout)
        for when, fp, fd in rule.modifiers:
            hit = matches(when, codes)
            hp[hit] *= fp
            hd[hit] *= fd
        with np.errstate(divide="ignore", over="ignore"):
            tp = clocks[:, 0] / hp
            td = clocks[:, 1] / hd
        dur = np.fmin(np.fmin(tp, td), rule.max_months)  # fmin: 0/0 never wins
        duration[g] = dur
        reason[g] = np.where(dur == tp, PLACEMENT, np.where(dur == td, DROPOUT, MAX_DURATION))
        reason[g][dur == rule.max_months] = MAX_DURATION
    return duration, reason

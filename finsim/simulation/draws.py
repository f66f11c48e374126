"""All random draws of a replication, taken up front and vectorised.

Every per-person draw comes from a fixed-size row per person, so person ``j`` gets the
same numbers whatever the number of persons or the course of events (common random
numbers); each attribute and each module draws from a stream of its own (keyed by its
name), so adding one leaves everyone's other numbers as they were. The event loop then
only looks numbers up.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..scenario.schedule import Month, months_later
from .batch import offsets
from .compiled import ExitRule, Model, cumulative, matches
from .initial import Start, combos, mean_stay, steady_tenure
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
    duration: np.ndarray
    """``[rules, persons]`` months in a slot from the placement (from the start, for the
    people in one then): for the people in a slot at the start, ended by their maximum
    duration (their entry is known); for the referrals, the placement's or dropout's
    clock alone, since the maximum ends on a calendar day from an entry yet to come
    (``stay``)."""
    reason: np.ndarray  # [rules, persons] int8 exit reason (of ``duration``)
    tenure: np.ndarray  # [persons] months in the slot at the start (0 for referrals)
    allowed: np.ndarray
    """``[rules, persons]`` months of ``max_months`` each may use from their entry: less
    the months funded in earlier spells (§16i SGB II funds at most ``max_months`` in a
    lifetime), never below 0."""


def draw_persons(model: Model, streams: Streams, n_ref: int) -> PersonDraws:
    """Draw everyone's attributes, clocks, patience and modules.

    People in slots at the start (``model.start``) come first, then ``n_ref`` referrals,
    the people waiting at the start first among them. Attributes a caseload gives
    replace the drawn ones; in the steady state the attributes come from the stock's
    mix and the tenure is drawn (``initial.py``).
    """
    n0 = model.initial
    u_attr, u_mod, assign, clocks = _referral_uniforms(model, streams, n_ref)
    if n0:
        init = streams.initial.random((n0, 3))
        a0, m0 = _keyed_uniforms(model, streams, True, n0)
        u_attr, u_mod = np.concatenate([a0, u_attr]), np.concatenate([m0, u_mod])
        assign = np.concatenate([init[:, 0], assign])
        clocks = np.concatenate([-np.log1p(-init[:, 1:]), clocks])
    patience = _patience(model, streams, n_ref)
    codes = _codes(model, u_attr)
    tenure = np.zeros(n0 + n_ref)
    start = model.start
    if start.kind == "steady" and n0:
        steady = streams.initial.random((n0, 2))  # after the block: prefix-stable
        codes[:n0], tenure[:n0] = _steady_state(model, start.provider, steady)
    elif start.kind in ("caseload", "carried_over"):
        tenure[:n0] = start.tenure
        _given(codes[:n0], start.codes)
        _given(codes[n0:n0 + start.waiting.size], start.waiting_codes)
    modules = _modules(model, u_mod, codes)
    duration, reason = _competing(clocks, [_hazards(rule, codes) for rule in model.rules])
    before = _funded_before(start, n0 + n_ref, n0)
    allowed = np.stack([np.maximum(rule.max_months - before, 0.0) for rule in model.rules])
    if n0:  # in a slot at the start (placed at 0): their entries are known, so are their
        for g in range(len(model.rules)):  # maxima, and the exit time is the duration
            duration[g, :n0], reason[g, :n0] = stay(
                -tenure[:n0], 0.0, duration[g, :n0], reason[g, :n0], allowed[g, :n0],
                model.origin)
    return PersonDraws(codes, assign, patience, modules, duration, reason, tenure, allowed)


def _funded_before(start: Start, persons: int, n0: int) -> np.ndarray:
    """Months funded in earlier spells of each person, as a file gives them
    (``Start.before``, of the people in a slot, and ``waiting_before``, of those
    waiting); 0 for everyone else."""
    before = np.zeros(persons)
    if start.before is None and start.waiting_before is None:
        return before
    if start.before is not None:
        before[:n0] = start.before
    if start.waiting_before is not None:
        before[n0:n0 + start.waiting.size] = start.waiting_before
    return before


def stay(entry: np.ndarray, placed: np.ndarray | float, clock: np.ndarray,
         reason: np.ndarray, allowed: np.ndarray, origin: Month) -> tuple[np.ndarray, ...]:
    """The exit time and reason of people placed at ``placed``: the ``clock`` (placement
    or dropout, ``reason``) unless the maximum duration ends first, ``allowed`` months
    from the ``entry`` by the calendar (``months_later``: 2026-01-20 + 10 months leaves
    on 2026-11-20), not before the placement (someone in a slot at the start whose
    maximum has passed leaves then). The maximum wins a tie, as it always has."""
    end = np.maximum(months_later(entry, allowed, origin), placed)
    by_clock = placed + clock
    capped = end <= by_clock
    return np.where(capped, end, by_clock), np.where(capped, MAX_DURATION, reason).astype(np.int8)


def draw_persons_many(models: Sequence[Model], streams: Sequence[Streams],
                      n_refs: Sequence[int]) -> tuple[PersonDraws, list[PersonDraws]]:
    """``draw_persons`` of replications whose models are ``same_persons`` (nobody in a
    slot at the start), as one set of rows and as each replication's own (views).

    Each replication draws its numbers from its own streams, as alone; the attribute
    codes, modules and clocks are then worked out once for all of them (for a chunk of
    20 seed replications, 26 -> 16 us per replication in a prototype). A hazard or a factor that
    differs between the models is a column of per-row numbers: elementwise, the same
    operations on the same numbers, so the same bits.
    """
    drawn = [(*_referral_uniforms(m, s, n), _patience(m, s, n))
             for m, s, n in zip(models, streams, n_refs, strict=True)]
    u_attr, u_mod, assign, clocks, patience = (np.concatenate(c) for c in zip(*drawn, strict=True))
    first = models[0]
    codes = _codes(first, u_attr)
    sizes = np.asarray(n_refs)
    hazards = [_hazards_many([m.rules[g] for m in models], sizes, codes)
               for g in range(len(first.rules))]
    allowed = np.stack([np.repeat([m.rules[g].max_months for m in models], sizes)
                        for g in range(len(first.rules))])
    duration, reason = _competing(clocks, hazards)
    every = PersonDraws(codes, assign, patience, _modules(first, u_mod, codes), duration, reason,
                        np.zeros(codes.shape[0]), allowed)
    ends = offsets(n_refs).tolist()
    return every, [_rows(every, a, b) for a, b in zip(ends[:-1], ends[1:], strict=True)]


def _rows(draws: PersonDraws, a: int, b: int) -> PersonDraws:
    """Persons ``a:b`` of ``draws`` (views)."""
    return PersonDraws(draws.codes[a:b], draws.assign[a:b], draws.patience[a:b],
                       draws.modules[a:b], draws.duration[:, a:b], draws.reason[:, a:b],
                       draws.tenure[a:b], draws.allowed[:, a:b])


def same_persons(models: Sequence[Model]) -> bool:
    """Whether ``draw_persons_many`` can draw for these models: nobody in a slot or
    waiting at the start, and the same attributes, modules (so the same streams,
    ``stream_labels``) and exit rules' conditions (the very objects, as every drawn
    model of a run shares them)."""
    first = models[0]
    return all(
        not m.initial and not m.start.waiting.size
        and m.attribute_bounds is first.attribute_bounds and m.module_when is first.module_when
        and m.module_uptake is first.module_uptake and len(m.rules) == len(first.rules)
        and m.attribute_names == first.attribute_names and m.module_ids == first.module_ids
        and all(len(r.modifiers) == len(f.modifiers)
                and all(x[0] is y[0] for x, y in zip(r.modifiers, f.modifiers, strict=True))
                for r, f in zip(m.rules, first.rules, strict=True))
        for m in models)


def stream_labels(model: Model) -> tuple[str, ...]:
    """The labels of the streams ``draw_persons`` draws ``model``'s attributes and modules
    from (``Streams``' keyed streams, seeded together with the purposes): the referrals',
    then those of the people in slots at the start, if any."""
    return _labels(model.attribute_names, model.module_ids, model.initial > 0)


@functools.lru_cache(maxsize=64)
def _labels(attributes: tuple[str, ...], modules: tuple[str, ...],
            initial: bool) -> tuple[str, ...]:
    """``stream_labels`` of these attribute names and module ids."""
    prefixes = ("", "initial ") if initial else ("",)
    return tuple(f"{prefix}{kind}:{name}" for prefix in prefixes
                 for kind, names in (("attribute", attributes), ("module", modules))
                 for name in names)


def _keyed_uniforms(model: Model, streams: Streams, initial: bool,
                    rows: int) -> tuple[np.ndarray, np.ndarray]:
    """``[rows, attributes]`` and ``[rows, modules]`` uniforms, each column from its
    attribute's or module's own stream (``stream_labels``; the referrals' or the people's
    in slots at the start)."""
    n_attr = len(model.attribute_names)
    u = streams.uniforms(_columns(n_attr, tuple(model.module_uptake.tolist()), initial), rows)
    return u[:, :n_attr], u[:, n_attr:]


@functools.lru_cache(maxsize=64)
def _columns(n_attr: int, uptakes: tuple[float, ...], initial: bool) -> tuple[int | None, ...]:
    """Which of ``stream_labels`` each attribute's and module's uniforms come from. A
    module everyone or no one takes up draws nothing (None): its uniform is 0, below
    any uptake above 0, as every uniform is below an uptake of 1."""
    first = n_attr + len(uptakes) if initial else 0
    modules = (first + n_attr + k if 0.0 < uptake < 1.0 else None
               for k, uptake in enumerate(uptakes))
    return (*range(first, first + n_attr), *modules)


def _referral_uniforms(model: Model, streams: Streams,
                       n_ref: int) -> tuple[np.ndarray, ...]:
    """The referrals' attribute and module uniforms (``_keyed_uniforms``), assignment
    uniforms and exit clocks, each from its own stream."""
    u_attr, u_mod = _keyed_uniforms(model, streams, False, n_ref)
    assign = streams.assignment.random(n_ref)
    clocks = streams.exits.standard_exponential((n_ref, 2))
    return u_attr, u_mod, assign, clocks


def _patience(model: Model, streams: Streams, n_ref: int) -> np.ndarray:
    """The referrals' patience, months."""
    return streams.patience.standard_exponential(n_ref) * model.patience_mean


def _codes(model: Model, u_attr: np.ndarray) -> np.ndarray:
    """The attribute codes of uniforms ``[persons, attributes]``."""
    codes = np.empty(u_attr.shape, dtype=np.int64)
    for a, bounds in enumerate(model.attribute_bounds):  # the last value from its start on
        codes[:, a] = bounds.searchsorted(u_attr[:, a], side="right")
    return codes


def _modules(model: Model, u_mod: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Who takes up each module: uniforms below its uptake, among those it is for."""
    modules = u_mod < model.module_uptake
    for k, when in enumerate(model.module_when):
        if when:
            modules[:, k] &= matches(when, codes)
    return modules


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


MAX_RATE = 1e12
"""Ceiling of a hazard after its modifiers (per month: leaving within microseconds).
Each factor is at most ``MAX_FACTOR``, so a product of several stays finite: two of
1e200 overflowed to infinity, with numpy's warning on stderr."""


def _times(hazard: float | np.ndarray, factor: float, hit: np.ndarray) -> float | np.ndarray:
    """``hazard`` times ``factor`` where ``hit`` (times 1 changes nothing), at most
    ``MAX_RATE``."""
    if factor == 1.0:
        return hazard
    if isinstance(hazard, float):  # the same product as the array's, for the hits
        return np.where(hit, min(hazard * factor, MAX_RATE), hazard)
    np.multiply(hazard, factor, out=hazard, where=hit)
    np.minimum(hazard, MAX_RATE, out=hazard)
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


def _hazards_many(rules: Sequence[ExitRule], sizes: np.ndarray,
                  codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``_hazards`` of several replications' rules (the same conditions), ``sizes`` rows
    each: every factor a column, multiplied in where its condition holds (a factor of 1
    changes nothing, as ``_hazards`` skips it)."""
    hp = np.repeat([r.placement for r in rules], sizes)
    hd = np.repeat([r.dropout for r in rules], sizes)
    for k, (when, _, _) in enumerate(rules[0].modifiers):
        fp = [r.modifiers[k][1] for r in rules]
        fd = [r.modifiers[k][2] for r in rules]
        if all(f == 1.0 for f in fp) and all(f == 1.0 for f in fd):
            continue
        hit = matches(when, codes)
        np.multiply(hp, np.repeat(fp, sizes), out=hp, where=hit)
        np.multiply(hd, np.repeat(fd, sizes), out=hd, where=hit)
    return hp, hd


def staying(rule: ExitRule, codes: np.ndarray, months: np.ndarray | float) -> np.ndarray:
    """The probability that neither exit clock of ``_competing`` rings within ``months``
    of the placement, per row of attribute ``codes`` ``[n, attributes]``: the minimum of
    two exponential clocks exceeds t with probability exp(-(h_p + h_d) t) (the maximum
    duration wins a tie, ``stay``). Who has this many months to their maximum reaches it."""
    hp, hd = _hazards(rule, codes)
    return np.broadcast_to(np.exp(-np.multiply(hp + hd, months)), codes.shape[:1]).copy()


def _competing(clocks: np.ndarray, hazards: Sequence[tuple[float | np.ndarray, ...]]
               ) -> tuple[np.ndarray, ...]:
    """Competing risks: time = min(E_p / h_p, E_d / h_d) per exit rule (its hazards; the
    maximum duration is the entry's, ``stay``). The reason is the clock that won
    (``fmin`` returns one of the two: 0/0 never wins), placement before dropout at a
    tie."""
    n = clocks.shape[0]
    duration = np.empty((len(hazards), n))
    reason = np.empty((len(hazards), n), dtype=np.int8)
    for g, (hp, hd) in enumerate(hazards):
        with np.errstate(divide="ignore", over="ignore"):
            tp = clocks[:, 0] / hp
            td = clocks[:, 1] / hd
        dur = np.fmin(tp, td, out=duration[g])
        np.fmin(dur, np.inf, out=dur)  # 0/0 on both clocks: never leaves by them
        np.not_equal(dur, tp, out=reason[g])  # PLACEMENT (0) if its clock won, else DROPOUT
    return duration, reason

"""The SimPy event model: referrals, waiting list, slots, exits.

Design for speed (measured against a bare heapq loop, see ``benchmarks/``): slots are
counts per provider, not ``simpy.Resource`` users; every thing that changes who holds a
slot is one SimPy event with a callback (no process per person, no polling): an arrival,
a month whose slots change, and a slot that opens again (scheduled at the entry, from
the exit time drawn then and the refill delay; an exit event only where the slot opens
at the exit itself). A give-up is no event: the patience is drawn at the referral, so it
is settled, at its own time, when a slot opens for the person or at the horizon. Events
that would fall at or after the horizon are never scheduled. All randomness is drawn up
front (``draws.py``) from purpose streams, so the loop itself only looks numbers up.
SimPy's queue holds the events of the current slice of the month (a month, or a part of
it in a large program); a later slice's wait in a list of their own until it begins
(``_Environment``), in the same order.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from heapq import heapify, heappop, heappush
from itertools import chain
from math import trunc  # int(x) of a float x >= 0, for a third of int's cost (a type call)
from typing import Any

import numpy as np
import simpy

from finsim import collector
from finsim.scenario.model import Scenario
from finsim.scenario.schedule import CALENDAR_SLACK

from .actuals import funded_before, with_actuals
from .batch import SpellBatch, offsets
from .compiled import Model, compile_model
from .draws import (
    PersonDraws,
    draw_persons,
    draw_persons_many,
    referral_times,
    same_persons,
    stay,
    stream_labels,
)
from .freeslots import RULES
from .initial import carried_over
from .spells import EMPLOYED, ENTERED, GAVE_UP, MAX_DURATION, TURNED_AWAY, WAITING, Spells
from .streams import Streams

_CACHE: dict[str, Model] = {}
WARMUP_KEY = 0x57_0000
"""Last spawn-key element of the warm-up's seed (``period.simulate_from``)."""


def simulate(scn: Scenario | Model, seed: np.random.SeedSequence) -> Spells:
    """Run one replication of the flow model and return everyone's spells.

    ``scn`` may be a scenario or a :class:`Model` from :func:`compile_model` (compile once
    when running many replications of one scenario; scenarios are also cached by content).
    """
    model = scn if isinstance(scn, Model) else _compiled(scn)
    spells = _simulated(model, seed)
    return served(spells) if model.start.kind == "caseload" and model.actuals is None else spells


def served(spells: Spells) -> Spells:
    """The spells without the people of a starting caseload whose maximum duration ends
    on the start date itself: they leave then (``max_duration`` at time 0), so the
    period serves them for no day and they are no entry, no exit and no cost of it.
    They stay in the simulation (their draws and the slot they free at the start, as
    ``draws.stay`` gives them); only the reported spells leave them out."""
    gone = spells.initial & (spells.exit <= 0.0) & (spells.reason == MAX_DURATION)
    if not gone.any():
        return spells
    keep = ~gone
    moved = np.cumsum(keep) - 1  # each kept entrant's new index
    entrant = np.where(spells.entrant >= 0, moved[spells.entrant], -1)
    per_entrant = ("provider", "referral", "entry", "exit", "reason", "initial",
                   "referral_index", "attributes", "modules")
    return replace(spells, entrant=entrant,
                   **{name: getattr(spells, name)[keep] for name in per_entrant})


def _simulated(model: Model, seed: np.random.SeedSequence) -> Spells:
    """``simulate``'s spells of a compiled model, everyone the simulation placed (the
    forecast of actual spells keeps its starting people in their places)."""
    if model.actuals is not None:
        past = model.actuals
        rest = None if past.forecast is None else _simulated(past.forecast, seed)
        return with_actuals(model, past, rest)
    if model.warmup is not None:
        warm = _simulated(model.warmup, _warmup_seed(seed))
        funded = None if model.warmup.actuals is None else funded_before(model.warmup.actuals,
                                                                         warm)
        start = carried_over(warm, model.slots[0], model.refill, funded)
        model = replace(model, start=start, initial=start.count)
    waiting = model.start.waiting
    extra = _on_demand_estimate(model) if model.on_demand else 0
    while True:  # on_demand: referrals are made as slots open; redraw if more are needed
        streams = Streams.from_seed(seed, stream_labels(model))
        times = referral_times(streams.arrivals, model.rate, model.rate_cum)
        if waiting.size:
            times = np.concatenate([waiting, times])
        draws = draw_persons(model, streams, times.size + extra)
        try:
            log = _run_collector_paused(model, times, waiting.size, draws)
        except _Overflow:
            extra = 2 * extra + 64
            continue
        return _spells(model, draws, log)


def _run_collector_paused(model: Model, times: np.ndarray, n_wait: int,
                          draws: PersonDraws) -> dict[str, Any]:
    """``_run`` with Python's cyclic garbage collector paused.

    The loop allocates an event and a queue entry per event (about 240,000 in a national
    replication), none of them in a reference cycle; the collector would still scan them,
    and every other live object, again and again: a quarter of a national replication's
    time, for no garbage. Whatever cycles exist are collected once it runs again.
    """
    with collector.paused():
        return _run(model, times, n_wait, draws)


def _warmup_seed(seed: np.random.SeedSequence) -> np.random.SeedSequence:
    """The warm-up's own seed, apart from every purpose stream of the replication."""
    return np.random.SeedSequence(entropy=seed.entropy, spawn_key=(*seed.spawn_key, WARMUP_KEY),
                                  pool_size=seed.pool_size)


class _Overflow(Exception):
    """More on-demand referrals than persons drawn: draw more (prefix-stable) and rerun."""


def _on_demand_estimate(model: Model) -> int:
    """Referrals on demand to draw for: the slots, refilled at the fastest exit rate."""
    rate = max(r.placement + r.dropout + 1.0 / r.max_months for r in model.rules)
    slots = int(model.slots.max(axis=0).sum())
    return int(1.25 * slots * (1.0 + model.horizon * rate)) + 16


def _compiled(scn: Scenario) -> Model:
    key = scn.model_dump_json()
    model = _CACHE.get(key)
    if model is None:
        if len(_CACHE) >= 16:
            _CACHE.pop(next(iter(_CACHE)))
        model = _CACHE[key] = compile_model(scn)
    return model


class _Due(simpy.Event):
    """A SimPy event due at an absolute time, with its callbacks (``_Environment.due``).

    SimPy's ``Timeout`` takes a delay from now; a slot's reopening is known at the entry
    (exit time plus refill delay) and must land on exactly the float the exit-then-delay
    chain gives, so it is scheduled at that time. ``callbacks`` is one list shared by
    all events of a kind, holding that kind's one callback: nothing appends to it or
    takes it (``run_months`` calls it, and the callback reuses the event), and a
    national run keeps 40,000 events pending, whose allocations cost more than the
    callbacks themselves.
    """

    _ok = True  # these events always succeed

    def __init__(self, env: _Environment, value: Any,
                 callbacks: list[Callable[[simpy.Event], None]]) -> None:
        self.env = env
        self.callbacks = callbacks
        self._value = value


class _Environment(simpy.Environment):
    """SimPy's environment with a lean loop for events that always succeed, and its
    queue split by time (a calendar queue): SimPy's heap holds the events due in the
    current slice of a month (``slices`` per month), each later slice keeps its events
    in a list until it begins.

    A national replication keeps 40,000 reopenings pending, one per occupied slot; in
    one heap, every pop sifted through 16 levels of them, scattered in memory. Split
    by eighths of a month (``Model.slices``), the heap starts each slice with that slice's
    events (a few hundred) and a later event is only appended to its slice's list.
    The events still run in SimPy's order, (time, priority, scheduling order): every
    event due before the slice's end is in the heap, every later one is not. The
    slices are a power of two per month, so that their ends and ``trunc(time * slices)``
    are exact in floats and agree.

    An event that has run is nobody's any more (no process waits for it): its callback
    hands its object back (``spare``), to serve the next event scheduled, as making and
    freeing an event object costs several times what the loop does with it; a callback
    may instead schedule the event again itself (``_run``'s arrivals).
    """

    def __init__(self, horizon: float, slices: int = 1) -> None:
        super().__init__()
        self.months = math.ceil(horizon)
        """The months to run, to the horizon (a whole number of months)."""
        self.slices = slices
        """Slices per month, a power of two."""
        self.slice_end = 1.0 / slices
        """Events due before this are in the heap, later ones in ``later``."""
        self.later: list[list[tuple[float, float, int, simpy.Event]]] = [
            [] for _ in range(self.months * slices + 1)]
        """Per slice, the events due in it, in scheduling order, until it begins; the
        last list takes what a rounding could put at the horizon, never run."""
        self.spare: list[_Due] = []
        """Events that have run, their objects free for events to come."""

    def due(self, time: float, order: float, value: Any,
            callbacks: list[Callable[[simpy.Event], None]]) -> None:
        """Schedule an event at ``time`` with priority ``order`` (the time it is
        logically scheduled at, see ``_run``) and ``value``."""
        spare = self.spare
        if spare:
            event = spare.pop()
            event.callbacks = callbacks
            event._value = value
        else:
            event = _Due(self, value, callbacks)
        if time < self.slice_end:
            heappush(self._queue, (time, order, next(self._eid), event))
        else:
            self.later[trunc(time * self.slices)].append((time, order, next(self._eid), event))

    def run_months(self) -> None:
        """Process every event due before the horizon (none are scheduled after it).

        ``run(until=...)`` is this loop plus a stop event and, per event, a method call
        and a check for failed events, which none of this model's events can be. Each
        event has the one callback of its kind (``_Due``): unpacked, not looped over
        (a few percent of the loop).
        """
        queue, later, spare, slices = self._queue, self.later, self.spare, self.slices
        for k in range(self.months * slices):
            if k:  # the slice begins: its events join the (empty) heap
                self.slice_end = (k + 1) / slices
                if later[k]:
                    queue += later[k]
                    later[k].clear()
                    heapify(queue)
            while queue:
                self._now, _, _, event = heappop(queue)
                callback, = event.callbacks
                callback(event)
        # the events refer to the environment: as it keeps none, they go with their
        # last reference, not with the cyclic collector's next pass over all of them
        spare.clear()
        later[-1].clear()
        self._now = float(self.months)


def _run(model: Model, times: np.ndarray, n_wait: int, draws: PersonDraws) -> dict[str, Any]:
    """The event loop. ``times`` are the referral times: the ``n_wait`` people waiting at
    the start (times <= 0), then the arrivals. Returns entry log and referral outcomes.

    Every event goes on SimPy's queue with priority ``order`` = the time it is
    scheduled at (a reopening: its exit time), so that events at equal times (cohorts
    and caseloads make exits at whole months) run in the order they ran when an exit
    event scheduled each reopening; ``tests/test_simulation_engine.py`` checks that.
    """
    horizon, n0, n_fixed = model.horizon, model.initial, times.size
    env = _Environment(horizon, model.slices)
    due = env.due
    n_prov = len(model.provider_ids)
    free = RULES[model.assignment](n_prov)
    cap = model.slots[0].tolist()
    debt = [0] * n_prov  # slots above a lowered count that must empty before anyone enters
    refill = model.refill
    reopen_after = model.reopen_after
    durations = draws.duration.tolist()  # [rule][person]
    persons = len(durations[0]) if durations else 0
    duration_at = [durations[g] for g in model.rule_of]  # [provider][person]
    cap_before = model.capped_before  # 0 in a period no longer than the maximum
    allowances = draws.allowed.tolist() if cap_before > 0.0 else []
    allowed_at = [allowances[g] for g in model.rule_of] if allowances else []
    assign = draws.assign.tolist()
    patience = draws.patience.tolist()
    # when each referral's event runs: at the one before it plus its gap, as np.cumsum
    # adds them up, one by one (once here, not once per event)
    arrival = _gaps(times[n_wait:]).cumsum()
    at = [0.0] * n_wait + arrival.tolist()  # at[j]: referral j's
    last = n_fixed - 1
    asked: list[float] = []  # the times of referrals on demand, after the fixed ones
    outcome = [WAITING] * n_fixed
    outcome_time = [horizon] * n_fixed
    waiting: deque[int] = deque()
    give_up_at = [horizon] * n_fixed  # horizon: does not give up within the period
    on_demand = model.on_demand
    turn_away = model.patience_mean == 0
    ent_person: list[int] = []
    ent_provider: list[int] = []

    def enter(q: int, p: int, t: float) -> None:
        """Person q takes a slot at p at time t (= now): log it, schedule what follows. A
        referral leaves at the latest when their maximum duration ends, on the calendar
        day ``allowed`` months after t (``draws.stay``, as ``_exits`` records it); only
        worked out where it can come first (the people in a slot at the start have theirs
        in their duration already)."""
        ent_person.append(q)
        ent_provider.append(p)
        clock = duration_at[p][q]
        x = t + clock
        if t < cap_before and q >= n0:
            n = allowed_at[p][q]
            # it ends after the clock's end, or at the start of month trunc(t) + n or later
            if clock > n - CALENDAR_SLACK and trunc(t) + n < horizon:
                x = min(x, model.calendar_end(t, n))
        if x < horizon:
            r = reopen_after[p]
            if r and x > t:
                if x + r < horizon:
                    due(x + r, x, p, on_reopen_)
            else:
                due(x, t, p, on_exit_)

    def refer_now(p: int, t: float) -> None:
        """On demand: the Jobcenter refers someone to the slot that just opened."""
        j = len(outcome)
        if n0 + j >= persons:
            raise _Overflow
        asked.append(t)
        outcome.append(ENTERED)
        outcome_time.append(t)
        enter(n0 + j, p, t)

    def slot_open(p: int, t: float) -> None:
        """A slot at p opens at t: the first on the list who has not given up by then
        takes it (a give-up at t itself comes first)."""
        if debt[p]:
            debt[p] -= 1
            return
        while waiting:
            j = waiting.popleft()
            if give_up_at[j] <= t:
                outcome[j] = GAVE_UP
                outcome_time[j] = give_up_at[j]
            else:
                outcome[j] = ENTERED
                outcome_time[j] = t
                enter(n0 + j, p, t)
                return
        if on_demand:
            refer_now(p, t)
        else:
            free.put(p)

    spare = env.spare  # each callback but on_arrival's hands its event back first

    def on_exit(ev: simpy.Event) -> None:
        spare.append(ev)
        p = ev._value  # SimPy's value slot; the public property costs a check per event
        now = env._now
        delay = refill[p]
        if delay > 0:
            if now + delay < horizon:
                due(now + delay, now, p, on_reopen_)
        else:
            slot_open(p, now)

    def on_reopen(ev: simpy.Event) -> None:
        spare.append(ev)
        p = ev._value
        if waiting or debt[p] or on_demand:
            slot_open(p, env._now)
        else:  # slot_open's last case, inline: nobody waits for the slot
            put(p)

    def arrive(j: int, t: float) -> None:
        if free.n:
            outcome[j] = ENTERED
            outcome_time[j] = t
            enter(n0 + j, free.take(assign[n0 + j]), t)
        elif turn_away:
            outcome[j] = TURNED_AWAY
            outcome_time[j] = t
        else:
            waiting.append(j)
            if t + patience[j] < horizon:
                give_up_at[j] = t + patience[j]

    take, put = free.take, free.put
    queue, later, slices, eid = env._queue, env.later, env.slices, env._eid

    def on_arrival(ev: simpy.Event) -> None:
        """A referral: arrive(j, t), with its first case written out, as most referrals
        find a free slot (a national replication has 120,000). Its event then serves the
        next referral, at the time drawn (``at``), put on the queue as ``due`` would: one
        event object and no call for the whole chain of referrals, a tenth of a seed
        replication's loop."""
        j = ev._value
        t = env._now
        if free.n:
            outcome[j] = ENTERED
            outcome_time[j] = t
            enter(n0 + j, take(assign[n0 + j]), t)
        else:
            arrive(j, t)
        if j < last:
            ev._value = j = j + 1
            time = at[j]
            if time < env.slice_end:
                heappush(queue, (time, t, next(eid), ev))
            else:
                later[trunc(time * slices)].append((time, t, next(eid), ev))
        else:
            spare.append(ev)

    def on_month(ev: simpy.Event) -> None:
        spare.append(ev)
        for p, new in ev._value:
            delta, cap[p] = new - cap[p], new
            for _ in range(delta):
                slot_open(p, env._now)
            for _ in range(-delta):
                if not free.drop(p):
                    debt[p] += 1

    # one callbacks list per kind of event, shared (see _Due)
    on_reopen_, on_exit_ = [on_reopen], [on_exit]
    on_arrival_, on_month_ = [on_arrival], [on_month]
    # Slot changes are scheduled first: at equal times and order, events run in
    # scheduling order, so a month's new slot count holds before any exit at that
    # instant refills.
    for month, changed in model.changes:
        due(month, 0, changed, on_month_)
    for q, p in enumerate(_placed_at_start(model, free, cap, assign, debt)):
        enter(q, p, 0.0)
    for x, p in _closed_at_start(model, free):  # freed before the start, not reopened yet
        if x + refill[p] < horizon:
            due(x + refill[p], x, p, on_reopen_)
    for j in range(n_wait):  # the waiting list at the start, oldest referral first
        if on_demand and not free.n:  # on demand nobody gives up: served as slots open
            waiting.append(j)
        else:
            arrive(j, 0.0)
    if on_demand:
        while free.n:
            refer_now(free.take(0.0), 0.0)
    if n_fixed > n_wait:
        due(at[n_wait], 0, n_wait, on_arrival_)
    env.run_months()
    for kind in (on_reopen_, on_exit_, on_arrival_, on_month_):
        kind.clear()  # the callbacks refer to themselves through these: no cycle left
    for j in waiting:  # still on the list: gave up, or waits on at the horizon
        if give_up_at[j] < horizon:
            outcome[j] = GAVE_UP
            outcome_time[j] = give_up_at[j]
    return {"person": ent_person, "provider": ent_provider,
            "ref_time": _arrived(times, n_wait, arrival, horizon, asked), "outcome": outcome,
            "outcome_time": outcome_time}


def _gaps(times: np.ndarray) -> np.ndarray:
    """The time from one referral to the next, the first from 0: ``np.diff(times,
    prepend=0.0)``, without its set-up (a few microseconds of every replication)."""
    gaps = np.empty_like(times)
    if times.size:
        gaps[0] = times[0]
        np.subtract(times[1:], times[:-1], out=gaps[1:])
    return gaps


def _arrived(times: np.ndarray, n_wait: int, at: np.ndarray, horizon: float,
             asked: list[float]) -> np.ndarray:
    """The referral times as the loop had them: ``at``, the times its arrivals ran at
    (``_run``), but one that the adding up put at the horizon never ran and keeps its
    drawn time. Then the referrals on demand."""
    if not at.size or at[-1] < horizon:  # all ran (``at`` ascends, as the times do)
        arrived = at if not n_wait else np.concatenate([times[:n_wait], at])
    else:
        arrived = times.copy()
        arrived[n_wait:] = np.where(at < horizon, at, times[n_wait:])
    return np.concatenate([arrived, asked]) if asked else arrived


def _placed_at_start(model: Model, free: Any, cap: list[int], assign: list[float],
                     debt: list[int]) -> list[int]:
    """The providers of the people in slots at the start; fills ``free`` with the slots
    left free and ``debt`` with those held above a provider's count.

    A cohort is placed by the assignment rule. Given providers (the steady state, a
    caseload, a warm-up's end) take their slots out of the free ones; a program that
    starts full (the steady state) leaves none, whatever the order, so then the
    40,000 slots of a national program are not put in only to be taken out again.
    """
    fixed = model.start.provider
    if fixed is None:
        free.fill(cap)
        return [free.take(assign[q]) for q in range(model.initial)]
    held = np.bincount(fixed, minlength=len(cap))
    if (held >= cap).all():
        debt[:] = (held - cap).tolist()
        return fixed.tolist()
    free.fill(cap)
    for p in fixed.tolist():
        if not free.drop(p):  # more carried over than slots now: nobody is dismissed
            debt[p] += 1
    return fixed.tolist()


def _closed_at_start(model: Model, free: Any) -> list[tuple[float, int]]:
    """The slots freed before the start (``Start.freed``) whose refill delay has not
    passed by then, taken out of ``free``: each with its exit time and provider, to
    reopen as a simulated exit's slot does. A slot the start does not leave free (fewer
    slots now) has nothing to reopen."""
    start, refill = model.start, model.refill
    closed = []
    for x, p in zip(start.freed.tolist(), start.freed_provider.tolist(), strict=True):
        if x + refill[p] > 0.0 and free.drop(p):
            closed.append((x, p))
    return closed


def _spells(model: Model, draws: PersonDraws, log: dict[str, Any]) -> Spells:
    """Assemble the column arrays, censoring spells at the horizon.

    People in a slot at the start were placed at time 0 with the time they have left;
    their ``entry`` is set back by their tenure, to when they really entered.
    """
    n0 = model.initial
    person = _read(log["person"], np.int64)
    provider = _read(log["provider"], np.int64)
    outcome_time = _read(log["outcome_time"], np.float64)
    # when each took the slot: 0 for those placed at the start (the log's first n0),
    # the outcome time of the others' referrals (they entered then)
    if n0:
        placed = np.zeros(person.size)
        placed[n0:] = outcome_time[person[n0:] - n0]
    else:
        placed = outcome_time[person]
    entry = placed - draws.tenure[person] if n0 else placed
    exit_, reason = _exits(model, draws, entry, placed, person, provider)
    ref_time = log["ref_time"]
    entrant = np.full(ref_time.size, -1, dtype=np.int64)
    if n0:
        referral_index = person - n0
        initial = referral_index < 0
        referral_index[initial] = -1
        referred = np.flatnonzero(~initial)
        entrant[referral_index[referred]] = referred
        referral = entry.copy()
        referral[referred] = ref_time[referral_index[referred]]
    else:  # everyone came by referral, with no tenure: the same columns in fewer steps
        referral_index = person
        initial = np.zeros(person.size, dtype=bool)
        entrant[person] = np.arange(person.size)
        referral = ref_time[person]
    return Spells(
        provider=provider, referral=referral, entry=entry, exit=exit_, reason=reason,
        initial=initial, referral_index=referral_index,
        # take by rows: a copy like draws.codes[person], in a fifth of its time
        attributes=draws.codes.take(person, axis=0), modules=draws.modules.take(person, axis=0),
        referral_time=ref_time, outcome=_read(log["outcome"], np.int8),
        outcome_time=outcome_time, entrant=entrant,
        patience=draws.patience[:ref_time.size], horizon=model.horizon,
        slots=model.slots.astype(float), provider_ids=model.provider_ids,
        attribute_names=model.attribute_names, attribute_values=model.attribute_values,
        module_ids=model.module_ids,
    )


def _exits(model: Model, draws: PersonDraws, entry: np.ndarray, placed: np.ndarray,
           person: np.ndarray, provider: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each entrant's exit time and reason (``person``: their row of ``draws``; ``entry``:
    when they entered, before ``placed`` for the people in a slot at the start), censored
    at the horizon: the clocks drawn, unless the maximum duration ends first, on the
    calendar day ``allowed`` months after the entry (``draws.stay``)."""
    rule = 0 if len(model.rules) == 1 else np.asarray(model.rule_of, dtype=np.int64)[provider]
    exit_, reason = stay(entry, placed, draws.duration[rule, person],
                         draws.reason[rule, person], draws.allowed[rule, person], model.origin)
    employed = exit_ > model.horizon
    exit_[employed] = model.horizon
    reason[employed] = EMPLOYED
    return exit_, reason


def batchable(models: Sequence[Model]) -> bool:
    """Whether ``simulate_many`` can run these models: plain ones (no warm-up, re-forecast,
    referrals on demand, nobody in a slot or waiting at the start) of one structure."""
    first = models[0]
    return same_persons(models) and all(
        m.warmup is None and m.actuals is None and not m.on_demand
        and m.horizon == first.horizon and m.rule_of == first.rule_of
        and m.slots.shape == first.slots.shape for m in models)


def simulate_many(models: Sequence[Model],
                  seeds: Sequence[np.random.SeedSequence]) -> SpellBatch:
    """``simulate`` of each ``batchable`` model with its seed, as one batch: each event
    loop runs alone, from its own streams; the numpy work before and after it runs once
    for all (``draws.draw_persons_many``, ``_spells_many``): for a chunk of 20 seed
    replications, the same spells as ``spell_batch`` of ``simulate``'s, in less time."""
    if not batchable(models):
        raise ValueError("simulate_many: models that are not batchable")
    streams = Streams.many(seeds, stream_labels(models[0]))  # same_persons: the same labels
    times = [referral_times(s.arrivals, m.rate, m.rate_cum)
             for m, s in zip(models, streams, strict=True)]
    n_refs = [t.size for t in times]
    every, draws = draw_persons_many(models, streams, n_refs)
    logs = [_run_collector_paused(m, t, 0, d)
            for m, t, d in zip(models, times, draws, strict=True)]
    return _spells_many(models, every, n_refs, logs)


def _spells_many(models: Sequence[Model], draws: PersonDraws, n_refs: list[int],
                 logs: list[dict[str, Any]]) -> SpellBatch:
    """``_spells`` of every replication of ``simulate_many``, assembled at once
    (``draws``: all their persons, who are their referrals, ``n_refs`` each)."""
    first = models[0]
    n_ent = [len(log["person"]) for log in logs]
    entrants, referrals = offsets(n_ent), offsets(n_refs)
    person = _read_all(logs, "person", np.int64, entrants[-1])
    provider = _read_all(logs, "provider", np.int64, entrants[-1])
    outcome_time = _read_all(logs, "outcome_time", np.float64, referrals[-1])
    rep = np.repeat(np.arange(len(logs)), n_ent)
    row = person + referrals[rep]  # the person's (and referral's) row of the batch
    placed = outcome_time[row]
    exit_, reason = _exits(first, draws, placed, placed, row, provider)
    ref_time = np.concatenate([log["ref_time"] for log in logs])
    entrant = np.full(ref_time.size, -1, dtype=np.int64)
    entrant[row] = np.arange(row.size) - entrants[rep]
    spells = Spells(
        provider=provider, referral=ref_time[row], entry=placed, exit=exit_, reason=reason,
        initial=np.zeros(row.size, dtype=bool), referral_index=person,
        attributes=draws.codes.take(row, axis=0), modules=draws.modules.take(row, axis=0),
        referral_time=ref_time, outcome=_read_all(logs, "outcome", np.int8, ref_time.size),
        outcome_time=outcome_time, entrant=entrant, patience=draws.patience,
        horizon=first.horizon, slots=np.stack([m.slots for m in models]).astype(float),
        provider_ids=first.provider_ids, attribute_names=first.attribute_names,
        attribute_values=first.attribute_values, module_ids=first.module_ids,
    )
    return SpellBatch(spells=spells, offsets=entrants, referral_offsets=referrals)


def _read_all(logs: list[dict[str, Any]], column: str, dtype: type, count: int) -> np.ndarray:
    """A column of every log, end to end, as one array (``_read``)."""
    return np.fromiter(chain.from_iterable(log[column] for log in logs), dtype=dtype,
                       count=count)


def _read(values: list, dtype: type) -> np.ndarray:
    """A column of the log as an array: ``np.fromiter`` with the count known converts a
    list of Python numbers in about half the time ``np.asarray`` takes (a national
    replication's log has 160,000 entries; plain lists keep the event loop's appends
    quicker than typed arrays would)."""
    return np.fromiter(values, dtype=dtype, count=len(values))


__all__ = ["batchable", "compile_model", "simulate", "simulate_many"]

"""Who reaches the maximum duration exactly at the period's end, known before the run.

The flows count an exit at exactly the horizon as an exit of the last month, not as a
participant at the end. Where entries happen at times the scenario fixes (not drawn),
their maximum exit is fixed too, and may fall exactly on the horizon:

- people in the slots at the program's start (``period.simulate_from`` with a warm-up,
  else ``period.start``): a caseload file's, or a cohort ``initial: N`` at tenure 0;
- with ``referrals_per_month: on_demand``, every slot nobody holds at the program's start
  (filled then), every slot added later (filled when it is added), and the slot of
  whoever reaches their maximum earlier (refilled after ``refill_delay_months``): that
  successor reaches it at a fixed time only if the predecessor stayed to their maximum,
  so those are counted "up to".

Drawn times (Poisson referrals, a steady state's tenures, exits by hazard) fall on the
horizon with probability 0, and are not looked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..scenario import Month, Scenario
from ..scenario.caseload import (
    Caseload,
    is_file_value,
    max_months,
    maximum_exit,
    reaching_at,
    starting_caseload,
    starting_exits,
    still_in_maxima,
    time_date,
)
from ..scenario.model import Period
from ..scenario.types import ON_DEMAND, STEADY
from ..simulation.compiled import exit_rules
from ..simulation.draws import staying
from ..simulation.initial import combos, freed_slots

EXACT = 1e-9
"""Two times (months) this close are the same day."""
MAX_GENERATIONS = 1000
"""On-demand successors followed per slot: beyond, a maximum of a few days in a long
period, the check would cost more than it tells."""


class AtHorizon(NamedTuple):
    """People whose maximum duration ends exactly at the horizon, by how they entered."""

    count: int
    up_to: bool
    """At most ``count`` of them: whoever leaves earlier by placement or dropout does not
    reach it, nor does a cohort placed by the assignment rule where only some providers'
    maximum ends there, or an on-demand successor of someone who may leave before their
    maximum."""
    source: str
    """Who they are: the caseload file's name, ``initial: N`` (a cohort at tenure 0),
    ``referrals_per_month: on_demand`` or both."""
    date: str
    """The exit date, ``YYYY-MM-DD``: the day after the period's last day."""
    last: Month
    """The period's last month, whose exits they count in."""
    since: Month | None
    """The program's start where a warm-up runs before the period (``simulate_from``)."""
    later: tuple[str, ...] = ()
    """Entry dates of people who take a slot on demand after the program's start (empty:
    the people in the slots at its start)."""
    expected: float | None = None
    """How many of ``count`` are expected to stay to their maximum, the others leaving
    earlier by placement or dropout (``draws.staying`` at the scenario's hazards, over the
    referral mix where the attributes are drawn); None where nobody can leave earlier or
    ``count`` is at most for another reason (then the hazards alone do not tell)."""


def program(scn: Scenario) -> Scenario:
    """The scenario from the program's own start (``period.simulate_from``) through the
    period's end: where the people of a warm-up entered, in one time line."""
    period = scn.period
    if period.warm_up_months <= 0:
        return scn
    months = period.warm_up_months + period.months
    return scn.model_copy(update={"period": Period(start=period.simulate_from, months=months)})


def horizon_exits(scn: Scenario) -> list[AtHorizon]:
    """Each group of people whose maximum duration (less months funded before) ends
    exactly at the horizon: those in the slots at the program's start, then those who
    take a slot on demand later; empty if nobody. They count as ``max_duration`` exits
    of the last month and not in ``participants_at_end``, which surprises a plan that
    expects them at the end. Actual spells (a re-forecast) are not looked at."""
    if scn.actuals is not None:
        return []
    prog = program(scn)
    horizon, start = float(prog.period.months), prog.period.start_month
    since = start if prog is not scn else None
    last = scn.period.start_month + (scn.period.months - 1)
    found = []
    date = time_date(horizon, start)
    demand = _on_demand(prog)
    if (first := _at_start(prog, horizon, demand)) is not None:
        count, expected, source = first
        up_to, expected = _staying_of(count, expected)
        found.append(AtHorizon(count, up_to, source, date, last, since, expected=expected))
    if demand is not None and (later := _later(prog, horizon, demand)) is not None:
        count, expected, entered = later
        up_to, expected = _staying_of(count, expected)
        found.append(AtHorizon(count, up_to, f"referrals_per_month: {ON_DEMAND}", date, last,
                               since, entered, expected))
    return found


class _OnDemand(NamedTuple):
    """What the on-demand entries are worked out from, once per scenario: each
    provider's refill delay (``exit_rules``'s) and, with a caseload file at the start,
    when each slot it leaves free takes someone and its provider (``_free_at_start``;
    None without a file)."""

    delay: np.ndarray
    free: tuple[np.ndarray, np.ndarray] | None


def _on_demand(scn: Scenario) -> _OnDemand | None:
    """``_OnDemand`` with ``referrals_per_month: on_demand``, else None."""
    if scn.participants.referrals_per_month != ON_DEMAND:
        return None
    delay = np.array(exit_rules(scn, *_mix(scn))[0])
    if not is_file_value(scn.participants.initial):
        return _OnDemand(delay, None)
    return _OnDemand(delay, _free_at_start(scn, starting_caseload(scn), delay))


def _staying_of(count: int, expected: float | None) -> tuple[bool, float | None]:
    """``AtHorizon.up_to`` and ``AtHorizon.expected`` of ``count`` people of whom
    ``expected`` stay to their maximum (None: at most ``count`` for another reason)."""
    if expected is None:
        return True, None
    if expected >= count - EXACT:  # nobody leaves earlier: all of them
        return False, None
    return True, expected


def _at_start(scn: Scenario, horizon: float,
              demand: _OnDemand | None) -> tuple[int, float | None, str] | None:
    """The people in the slots at the start who reach their maximum at ``horizon``:
    count, how many of them are expected to stay that long (None: at most ``count``
    whatever the hazards), and who they are; None if nobody. Placed at the start, they
    have ``horizon`` months of exit clocks to outlast. ``demand``: ``_on_demand``'s."""
    initial = scn.participants.initial
    on_demand = demand is not None
    if is_file_value(initial):
        people = starting_caseload(scn)
        rows = reaching_at(people, max_months(scn), horizon)
        count, source = len(rows), Path(people.file).name
        expected = _expected(scn, people.provider[rows], horizon, people.attributes[rows])
        if demand is not None:  # its free slots open at the start are filled then, at 0
            entry, provider = demand.free
            at = provider[entry == 0][_reaching(entry, provider, scn, horizon)[entry == 0]]
            if at.size:
                count += at.size
                expected = (None if people.waiting.any()
                            else expected + _expected(scn, at, horizon))
                source = f"{source} and referrals_per_month: {ON_DEMAND}"
        return (count, expected, source) if count else None
    if not isinstance(initial, int) or not (initial > 0 or on_demand):
        return None
    slots = scn.slots_in_force()[0].astype(int)
    hit = _reaching(np.zeros(len(slots)), np.arange(len(slots)), scn, horizon) & (slots > 0)
    held = int(slots[hit].sum())
    each = _stays(scn, np.arange(slots.size), horizon)  # a new person's, by provider
    full = float((slots * each)[hit].sum())  # every slot that reaches it taken
    if on_demand:  # the slots the cohort leaves are filled at the start too
        count, expected = held, full
        source = " and ".join([*([f"initial: {initial}"] if initial else []),
                               f"referrals_per_month: {ON_DEMAND}"])
    else:
        count, source = min(initial, held), f"initial: {initial}"
        expected = (None if (slots[~hit] > 0).any()  # the assignment rule decides
                    else _cohort(count, held, each[hit], full))
    return (count, expected, source) if count else None


def _cohort(count: int, held: int, each: np.ndarray, full: float) -> float | None:
    """How many of a cohort of ``count`` in ``held`` slots that all reach their maximum
    are expected to stay that long (``each``: a new person's probability, by provider;
    ``full``: with every slot taken): all slots taken, or alike wherever placed; None
    where the providers differ and the assignment rule decides who goes where."""
    if count == held:
        return full
    return count * float(each[0]) if np.ptp(each) < EXACT else None


def _expected(scn: Scenario, provider: np.ndarray, months: np.ndarray | float,
              codes: np.ndarray | None = None) -> float:
    """How many people placed at ``provider`` (``months`` from their placement to their
    maximum; attribute ``codes`` -1 where drawn, None: all drawn) are expected to stay
    that long (``_stays``)."""
    return float(_stays(scn, provider, months, codes).sum())


def _stays(scn: Scenario, provider: np.ndarray, months: np.ndarray | float,
           codes: np.ndarray | None = None) -> np.ndarray:
    """Each one's probability to stay ``months`` from the placement: ``draws.staying``
    under their provider's exit rule, averaged over the referral mix where an attribute
    is drawn (each attribute is drawn on its own); worked out once per kind of person."""
    if not provider.size:
        return np.zeros(0)
    mix = scn.participants.mix
    names, values = _mix(scn)
    _, rule_of, rules = exit_rules(scn, names, values)
    grid = combos(values)
    shares = [np.diff([0.0, *np.cumsum(list(mix[a].values()))[:-1], 1.0]) for a in names]
    codes = np.full((provider.size, len(names)), -1) if codes is None else codes
    months = np.broadcast_to(np.asarray(months, dtype=float), provider.shape)
    kinds, which = np.unique(np.column_stack([provider, months, codes]), axis=0,
                             return_inverse=True)
    each = np.empty(len(kinds))
    for k, kind in enumerate(kinds):
        weight = np.ones(grid.shape[0])
        for a, code in enumerate(kind[2:].astype(int)):  # given, else its share of the mix
            weight *= grid[:, a] == code if code >= 0 else shares[a][grid[:, a]]
        each[k] = weight @ staying(rules[rule_of[int(kind[0])]], grid, kind[1])
    return each[which.ravel()]


def _mix(scn: Scenario) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The referral mix's attributes and each one's values, as ``exit_rules`` takes them."""
    mix = scn.participants.mix
    return tuple(mix), tuple(tuple(values) for values in mix.values())


def _reaching(entry: np.ndarray, provider: np.ndarray, scn: Scenario,
              horizon: float) -> np.ndarray:
    """Whether people entering at ``entry`` (tenure 0) at ``provider`` reach their
    maximum exactly at ``horizon``."""
    ends = maximum_exit(entry, np.array(max_months(scn))[provider], scn.period.start_month)
    return np.abs(ends - horizon) < EXACT


def _later(scn: Scenario, horizon: float,
           demand: _OnDemand) -> tuple[int, float | None, tuple[str, ...]] | None:
    """With ``on_demand`` referrals (``demand``), the people who take a slot after the
    start (one added, or one freed at a maximum and refilled) and reach their maximum at
    ``horizon``: count, how many of them are expected to stay that long (None: at most
    ``count`` whatever their own hazards, a successor or a slot the waiting list may
    take), their entry dates; None if nobody."""
    caps, delay = np.array(max_months(scn)), demand.delay
    entry, provider, count, successor = _on_demand_entries(scn, demand)
    start, hits = scn.period.start_month, []
    for _ in range(MAX_GENERATIONS):
        ends = maximum_exit(entry, caps[provider], start)
        hit = (np.abs(ends - horizon) < EXACT) & (count > 0)
        hits += zip(entry[hit], provider[hit], count[hit], successor[hit], strict=True)
        entry, provider, count = _refilled(ends, provider, count, delay, horizon)
        successor = np.ones(entry.size, dtype=bool)
        if not entry.size:
            break
    total = int(sum(n for _, _, n, _ in hits))
    if not total:
        return None
    entered = tuple(sorted({time_date(t, start) for t, _, _, _ in hits}))
    if any(s for _, _, _, s in hits):
        return total, None, entered
    times, at, people = (np.array(column) for column in list(zip(*hits, strict=True))[:3])
    return (total, _expected(scn, np.repeat(at, people), np.repeat(horizon - times, people)),
            entered)


def _refilled(ends: np.ndarray, provider: np.ndarray, count: np.ndarray,
              delay: np.ndarray, horizon: float) -> tuple[np.ndarray, ...]:
    """The on-demand successors of people who leave at ``ends``: their slots reopen after
    the refill delay, and whoever is referred then enters; those reopening at or after
    the horizon take nobody. (entry, provider, people)"""
    entry = ends + delay[provider]
    go = entry < horizon - EXACT
    return entry[go], provider[go], count[go]


def _on_demand_entries(scn: Scenario, demand: _OnDemand) -> tuple[np.ndarray, ...]:
    """The entries after the start whose times the scenario fixes, as parallel arrays
    (entry time, provider, people, whether at most: a successor of someone who may
    leave before their maximum, or a slot the waiting list may take first): the slots
    added after the start (filled when added), a caseload's free slots that reopen
    after it, and the successors of the people in the slots at the start (filled then,
    or a caseload file's)."""
    slots = scn.slots_in_force()
    added = np.diff(slots, axis=0, prepend=slots[:1]).clip(min=0)
    month, provider = np.nonzero(added)
    entry, at, count = [month.astype(float)], [provider], [added[month, provider].astype(int)]
    if demand.free is not None:
        free, free_at = demand.free
        entry.append(free[free > 0])
        at.append(free_at[free > 0])
        count.append(np.ones(int((free > 0).sum()), dtype=int))
    sure = sum(len(e) for e in entry)
    if demand.free is not None and starting_caseload(scn).waiting.any():
        sure = len(entry[0])  # the waiting list takes the free slots first: at most
    refilled = _refilled(*_start_maxima(scn, demand.free), demand.delay,
                         float(scn.period.months))
    for piece, part in zip((entry, at, count), refilled, strict=True):
        piece.append(part)
    return (*(np.concatenate(piece) for piece in (entry, at, count)),
            np.arange(sum(len(e) for e in entry)) >= sure)


def _free_at_start(scn: Scenario, people: Caseload,
                   delay: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """When each slot a caseload file leaves free at the start takes someone on demand
    (times from the start, 0 for a slot open at once; a slot freed shortly before the
    start reopens after its refill ``delay``, ``freed_slots``) and its provider."""
    slots = scn.slots_in_force()[0]
    held = people.provider[~people.waiting]
    left = starting_exits(scn)
    freed, freed_at = freed_slots(left.exit, left.provider, held, slots)
    free = np.maximum(slots.astype(int) - np.bincount(held, minlength=slots.size), 0)
    at_once = free - np.bincount(freed_at, minlength=slots.size)
    return (np.concatenate([np.zeros(int(at_once.sum())),
                            np.maximum(freed + delay[freed_at], 0.0)]),
            np.concatenate([np.repeat(np.arange(slots.size), at_once), freed_at]))


def _start_maxima(scn: Scenario,
                  free: tuple[np.ndarray, np.ndarray] | None) -> tuple[np.ndarray, ...]:
    """When the people in the slots at the start reach their maximum: (time, provider,
    people), a caseload file's one by one (and its ``free`` slots, ``_free_at_start``,
    filled on demand at the start), a start filled on demand slot by slot; none of a
    steady state's, whose tenures are drawn."""
    initial = scn.participants.initial
    if initial in STEADY:
        return np.zeros(0), np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    if free is not None:
        people = starting_caseload(scn)
        rows, latest = still_in_maxima(people, max_months(scn))
        at_once = free[1][free[0] == 0]  # filled on demand at the start, tenure 0
        ends = maximum_exit(np.zeros(at_once.size), np.array(max_months(scn))[at_once],
                            scn.period.start_month)
        return (np.concatenate([latest, ends]), np.concatenate([people.provider[rows], at_once]),
                np.ones(rows.size + at_once.size, dtype=int))
    slots = scn.slots_in_force()[0]
    held = np.nonzero(slots > 0)[0]
    caps = np.array(max_months(scn))[held]
    return (maximum_exit(np.zeros(held.size), caps, scn.period.start_month), held,
            slots[held].astype(int))

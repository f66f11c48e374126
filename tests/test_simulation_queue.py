"""The event loop's queue split by time runs events in exactly SimPy's order.

``engine._Environment`` keeps the current slice's events in SimPy's heap (a month, or a
part of one) and each later slice's in a list until it begins (a calendar queue). The
order must be what one heap gives: (time, priority, scheduling order), also for events
at equal times, where a slice begins and scheduled by other events into the current
slice, a later one or the same instant.
"""

from __future__ import annotations

from heapq import heappop, heappush

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.simulation.compiled import calendar_slices
from finsim.simulation.engine import _Environment

# times on a coarse grid, so that equal times and whole months come up often
TIMES = st.integers(min_value=0, max_value=4 * 6).map(lambda k: k / 4)
EVENT = st.tuples(TIMES, st.integers(min_value=0, max_value=2),
                  st.lists(st.integers(min_value=0, max_value=6), max_size=3))
"""(time, priority, delays in quarter months of the events it schedules when it runs)."""


def calendar(horizon: int, start: list[tuple[float, int, list[int]]],
             slices: int = 1) -> list[int]:
    """The values of the events in the order ``_Environment`` runs them."""
    env = _Environment(horizon, slices)
    ran: list[int] = []
    plans: dict[int, list[int]] = {}

    def schedule(time: float, order: float, plan: list[int]) -> None:
        if time < horizon:  # the engine never schedules at or after the horizon
            plans[len(plans)] = plan
            env.due(time, order, len(plans) - 1, callbacks)

    def run(event) -> None:
        ran.append(event._value)
        for k, delay in enumerate(plans[event._value]):
            schedule(env.now + delay / 4, (env.now + k) % 3, [])

    callbacks = [run]
    for time, order, plan in start:
        schedule(time, order, plan)
    env.run_months()
    return ran


def one_heap(horizon: int, start: list[tuple[float, int, list[int]]]) -> list[int]:
    """The same events on one heap of (time, priority, scheduling order, value)."""
    queue: list[tuple[float, float, int, int]] = []
    plans: list[list[int]] = []

    def schedule(time: float, order: float, plan: list[int]) -> None:
        if time < horizon:
            plans.append(plan)
            heappush(queue, (time, order, len(plans) - 1, len(plans) - 1))

    for time, order, plan in start:
        schedule(time, order, plan)
    ran = []
    while queue:
        now, _, _, value = heappop(queue)
        ran.append(value)
        for k, delay in enumerate(plans[value]):
            schedule(now + delay / 4, (now + k) % 3, [])
    return ran


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=6), st.lists(EVENT, max_size=40),
       st.sampled_from([1, 2, 4, 8]))
def test_the_split_queue_runs_events_in_one_heaps_order(horizon, start, slices) -> None:
    """By months and by halves, quarters (the grid of the times: every slice's start
    has events) and eighths of a month."""
    expected = one_heap(horizon, start)
    assert calendar(horizon, start, slices) == expected
    assert len(expected) == sum(1 + sum(t + d / 4 < horizon for d in plan)
                                for t, _, plan in start if t < horizon)


def test_events_of_later_months_wait_in_their_months_list() -> None:
    """Only the current month's events are on SimPy's heap; a later one waits in its
    month's list, an event at a whole month in that month's."""
    env = _Environment(3)
    for time in (0.5, 1.0, 2.25, 0.0):
        env.due(time, 0, time, [])
    assert sorted(item[0] for item in env._queue) == [0.0, 0.5]
    assert [[item[0] for item in month] for month in env.later] == [[], [1.0], [2.25], []]


def test_events_of_later_quarters_wait_in_their_quarters_list() -> None:
    env = _Environment(1, 4)
    for time in (0.5, 0.2, 0.25, 0.75, 0.9):
        env.due(time, 0, time, [])
    assert [item[0] for item in env._queue] == [0.2]
    assert [[item[0] for item in part] for part in env.later] == [
        [], [0.25], [0.5], [0.75, 0.9], []]


def test_a_national_program_runs_in_eighths_of_a_month() -> None:
    """A slice per 4,096 slots or so, a power of two; a seed-sized program by month."""
    slices = [calendar_slices(np.array([[n // 2, n - n // 2]] * 3))
              for n in (0, 161, 4096, 8192, 40_000)]
    assert slices == [1, 1, 1, 2, 8]
    assert calendar_slices(np.array([[0, 0], [5000, 5000]])) == 2  # the most slots in force


def test_the_clock_ends_at_the_horizon() -> None:
    env = _Environment(2)
    seen = []
    env.due(1.5, 0, None, [lambda event: seen.append(env.now)])
    env.run_months()
    assert seen == [1.5] and env.now == 2.0


def test_a_replication_leaves_its_events_to_reference_counting() -> None:
    """The events refer to their environment, and the loop's callbacks to themselves
    (through the callback lists the events share): if the environment kept the events
    (run or pending) or the lists their callbacks after the loop, each replication
    would leave them to the cyclic collector, which paid a tenth of a national
    replication to find them, and ran ten times as often in a run of seed-sized
    replications. Nothing is left: reference counting frees it all."""
    import gc

    from finsim.simulation import simulate
    from tests.test_simulation_engine import build

    scn = build([40] * 5, months=36, participants={"referrals_per_month": 60.0})
    enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        spells = simulate(scn, np.random.SeedSequence(3))
        left = gc.collect()
    finally:
        if enabled:
            gc.enable()
    assert spells.n_referrals > 2000  # thousands of events ran
    assert left == 0


def test_a_large_program_runs_the_same_by_slices_as_by_months() -> None:
    """10,000 slots (two slices a month) with a refill delay, exits at whole months
    (max_months) and growing slots: the same spells as the queue split by month."""
    from dataclasses import replace

    from finsim.simulation import compile_model, simulate
    from tests.test_simulation_engine import build

    scn = build([{"id": f"p{i}", "slots": {"2020-01": 500, "2020-07": 520}} for i in range(20)],
                months=18, participants={"referrals_per_month": 900.0, "initial": "full"},
                employment={"max_months": 6, "refill_delay_months": 0.5})
    model = compile_model(scn)
    assert model.slices == 2
    by_slices = simulate(model, np.random.SeedSequence(5))
    by_months = simulate(replace(model, slices=1), np.random.SeedSequence(5))
    for name in ("provider", "entry", "exit", "reason", "referral_time", "outcome",
                 "outcome_time", "entrant"):
        assert np.array_equal(getattr(by_slices, name), getattr(by_months, name)), name
    assert by_slices.n_entrants > 10_000

"""Ordered parallel map over worker processes, stopping cleanly on Ctrl-C or a failure.

Results come back in input order, so whatever the number of processes the caller folds
them in the same order and gets bit-identical sums. Only a few tasks per process are
handed out ahead of the results, so a huge or endless stream of tasks (1e12
replications) costs no memory up front. More processes than CPUs only slow a run down:
the count is capped at the CPUs this process may use. The start method is chosen per
pool (fork where available) and never set globally.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

AHEAD = 4
"""Tasks handed out per process before the first result is taken back."""


def available_cpus() -> int:
    """CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int | None, tasks: int) -> int:
    """Processes to use: as asked (default: the CPUs), never more than the CPUs available
    nor than there are tasks."""
    cpus = available_cpus()
    return max(1, min(jobs or cpus, cpus, tasks))


def jobs_note(jobs: int | None) -> str | None:
    """What to tell a user who asked for more processes than there are CPUs."""
    cpus = available_cpus()
    if jobs is None or jobs <= cpus:
        return None
    return f"--jobs {jobs} is more than the {cpus} CPU(s) available: using {cpus}"


def ordered_map(function: Callable[[Any], Any], items: Iterable[Any], jobs: int,
                initializer: Callable[..., None] | None = None,
                initargs: tuple = ()) -> Iterator[Any]:
    """``map(function, items)`` on ``jobs`` processes (in this one for ``jobs == 1``)."""
    if jobs == 1:
        if initializer:
            initializer(*initargs)
        yield from map(function, items)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = context.Pool(jobs, initializer=_worker_start, initargs=(initializer, initargs))
    try:
        pending: deque = deque()
        for item in items:
            pending.append(pool.apply_async(function, (item,)))
            if len(pending) >= AHEAD * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    except BaseException:
        pool.terminate()  # Ctrl-C or a failure: stop the workers now
        raise
    finally:
        pool.join()


def _worker_start(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    if initializer:
        initializer(*initargs)

"""Local worker processes as an executor: an ordered map that stops cleanly on Ctrl-C.

Results come back in input order, so whatever the number of processes the caller folds
them in the same order and gets bit-identical sums. What every task shares (a compiled
program) goes to each process once, when it starts, not with every task. Only a few
tasks per process are handed out ahead of the results, so a huge or endless stream of
tasks (1e12 replications) costs no memory up front. More processes than CPUs only slow
a run down: the count is capped at the CPUs this process may use. The start method is
chosen per pool (fork where available) and never set globally. multiprocessing is
loaded only when a map runs on more than one process (``process_pool``): about 25 ms of
the start of a run in one process (a notebook's, the Python API's).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .. import interrupts
from ..heap import keep_freed_memory
from ..nouns import counted

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


def at_most_the_cpus(asked: int, what: str) -> tuple[int, str | None]:
    """Processes for ``asked`` (``what`` the user wrote, e.g. ``--jobs 64``): at most the
    CPUs available, since more only slow a run down, and what to tell a user who asked
    for more."""
    cpus = available_cpus()
    if asked <= cpus:
        return asked, None
    return cpus, f"{what} is more than the {counted(cpus, 'CPU', 'CPUs')} available: using {cpus}"


def jobs_note(jobs: int | None) -> str | None:
    """What to tell a user who asked for more processes than there are CPUs."""
    return None if jobs is None else at_most_the_cpus(jobs, f"--jobs {jobs}")[1]


class Processes:
    """``jobs`` processes on this machine (None: the CPUs); one runs in this process."""

    remote = False
    """The workers share this machine's files (and, forked, what this process has read)."""

    def __init__(self, jobs: int | None = None) -> None:
        self.asked = jobs

    @property
    def jobs(self) -> int:
        """Processes, so tasks that run at once: as asked, at most the CPUs."""
        return worker_count(self.asked, available_cpus())

    def for_tasks(self, tasks: int) -> Processes:
        """No more processes than a map of ``tasks`` tasks can keep busy."""
        return type(self)(worker_count(self.asked, tasks))

    def describe(self) -> str:
        return counted(self.jobs, "local process", "local processes")

    def ordered_map(self, function: Callable[[Any, Any], Any], items: Iterable[Any],
                    shared: Any, done: Callable[[Any], None] | None = None) -> Iterator[Any]:
        """``function(shared, item)`` for every item, results in input order; ``shared``
        goes to each process once. ``done(item)`` is called as each result is taken."""
        jobs = self.jobs
        if jobs == 1:
            for item in items:
                result = function(shared, item)
                if done:
                    done(item)
                yield result
            return
        from .process_pool import new_pool, stop

        pool = None
        try:
            with interrupts.held():  # a stop waits until the workers exist and are named
                pool = new_pool(jobs, _worker_start, (function, shared))
            pending: deque = deque()
            for item in items:
                pending.append((item, pool.apply_async(_call, (item,))))
                if len(pending) >= AHEAD * jobs:
                    yield _taken(pending.popleft(), done)
            while pending:
                yield _taken(pending.popleft(), done)
            pool.close()
        except BaseException:
            if pool is not None:
                stop(pool)  # Ctrl-C or a failure: stop the workers now
                pool = None
            raise
        finally:
            if pool is not None:
                pool.join()


def _taken(pending: tuple[Any, Any], done: Callable[[Any], None] | None) -> Any:
    item, future = pending
    result = future.get()
    if done:
        done(item)
    return result


_TASK: list = []
"""In a worker process: the function and what its tasks share (``_worker_start``)."""


def _worker_start(function: Callable[[Any, Any], Any], shared: Any) -> None:
    interrupts.child()  # the parent acts on Ctrl-C and SIGTERM: it stops the pool
    keep_freed_memory()  # a worker is finsim's own process: each batch reuses the last's memory
    _TASK[:] = [function, shared]


def _call(item: Any) -> Any:
    function, shared = _TASK
    return function(shared, item)

"""Local worker processes as an executor: an ordered map that stops cleanly on Ctrl-C.

Results come back in input order, so whatever the number of processes the caller folds
them in the same order and gets bit-identical sums. What every task shares (a compiled
program) goes to each process once, when it starts, not with every task. Only a few
tasks per process are handed out ahead of the results, so a huge or endless stream of
tasks (1e12 replications) costs no memory up front. More processes than CPUs only slow
a run down: the count is capped at the CPUs this process may use. The start method is
chosen per pool (fork where available) and never set globally.
"""

from __future__ import annotations

import functools
import multiprocessing
import multiprocessing.pool
import os
import threading
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
        context = _Fork() if os.name == "posix" else multiprocessing.get_context("spawn")
        pool = None
        try:
            with interrupts.held():  # a stop waits until the workers exist and are named
                pool = _Pool(jobs, initializer=_worker_start, initargs=(function, shared),
                             context=context)
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
                _stop(pool)  # Ctrl-C or a failure: stop the workers now
                pool = None
            raise
        finally:
            if pool is not None:
                pool.join()


class _Pool(multiprocessing.pool.Pool):
    """A pool whose worker handler thread wakes only when a worker ends or the pool
    changes (closed, stopped, its last result taken), as a thread pool's does. The
    standard pool also wakes it whenever a result waits in the result pipe, and it then
    checks its workers again and again until the result thread has read the result
    out: with results of a few hundred kilobytes that spinning cost the parent process
    as much CPU as all its other work for a run (half of it). Its workers never end on
    their own (no ``maxtasksperchild``), so nothing waits on that wake-up. A result its
    result thread cannot read fails every result owed (``_received``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().__init__(*args, **kwargs)
        except BaseException:
            self._abandon()
            raise

    def _abandon(self) -> None:
        """Undo a start that failed halfway (no thread to be had under ``ulimit -v``): its
        worker handler thread would start workers again as the exit killed them, and the
        exit waited on those for good, SIGTERM blocked by then."""
        handler = getattr(self, "_worker_handler", None)
        if handler is not None and handler.is_alive():
            handler._state = multiprocessing.pool.TERMINATE  # noqa: SLF001
            self._change_notifier.put(None)
            handler.join(STOP_SECONDS)
        for worker in self._pool:
            if worker.exitcode is None:
                worker.kill()
            worker.join(STOP_SECONDS)

    def _get_sentinels(self) -> list:
        return [self._change_notifier._reader]

    def _setup_queues(self) -> None:
        super()._setup_queues()
        self._quick_get = functools.partial(_received, self._outqueue._reader.recv, self)

    unread: BaseException | None = None
    """Why the result thread stopped reading (``_received``): nothing sets what is owed."""

    def terminate(self) -> None:
        if self.unread is not None or not self._result_handler.is_alive():
            _fail_pending(self, self.unread or EOFError("the pool's result thread ended"))
        super().terminate()


def _received(receive: Callable[[], Any], pool: _Pool) -> Any:
    """The next result from the workers, as the pool's result thread reads it. Reading
    one may fail: out of memory for a large result under ``ulimit -v``. The standard
    thread then dies with a traceback on stderr and every result it owed is waited for
    for good; here each of them fails with that error instead (the map raises it, finsim
    says memory ran out), and the thread ends quietly, as at a closed pipe."""
    try:
        return receive()
    except (OSError, EOFError):
        raise
    except Exception as err:  # noqa: BLE001 - whatever it is, the waiting map gets it
        pool.unread = err  # first: results asked for from now on are failed at the stop
        _fail_pending(pool, err)
        raise EOFError from err


def _fail_pending(pool: Any, err: BaseException) -> None:
    """Every result ``pool`` still owes fails with ``err``: whoever waits on one gets the
    error, and with no result owed a stop does not refuse to run (``Pool.terminate``
    asserts that a dead result thread left none)."""
    for owed in list(pool._cache.values()):  # noqa: SLF001 - the pool's own results
        owed._set(0, (False, err))  # noqa: SLF001 - an ApplyResult, now out of the cache


if os.name == "posix":
    import multiprocessing.popen_fork

    class _Stopped(multiprocessing.popen_fork.Popen):
        """A pool's worker process, stopped with SIGKILL (by the pool, or at the exit):
        it ignores SIGINT and SIGTERM, which a terminal, systemd or a batch scheduler
        send to the whole group (``interrupts.child``), so SIGTERM would not end it. (A
        worker a signal killed while it held the pool's queue lock would also hang
        ``Pool.terminate`` for good.)"""

        def terminate(self) -> None:
            self.kill()

    class _Worker(multiprocessing.context.ForkProcess):
        @staticmethod
        def _Popen(process_obj: Any) -> _Stopped:
            return _Stopped(process_obj)

    class _Fork(multiprocessing.context.ForkContext):
        """The fork start method, with workers stopped with SIGKILL."""

        Process = _Worker


STOP_SECONDS = 2.0
"""How long a stop waits for the pool's own threads once its workers are killed."""


def _stop(pool: Any) -> None:
    """``Pool.terminate``, waited for at most ``STOP_SECONDS``. It kills the workers, then
    joins the pool's threads; a worker killed while it sent a result held the result
    queue's lock, and the pool's task thread then waits on that lock for good (about one
    Ctrl-C in ten hung so). The workers are gone by then, so the wait is cut short and
    the stuck thread, a daemon, is left to end with the process."""
    stopper = threading.Thread(target=pool.terminate, name="finsim-pool-stop", daemon=True)
    stopper.start()
    stopper.join(STOP_SECONDS)


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

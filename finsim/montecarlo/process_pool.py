"""multiprocessing's Pool as ``pool.Processes`` runs it: workers stopped with SIGKILL, a
worker handler thread that wakes only when it must, a result that cannot be read
failing every result owed. Loaded only when a map runs on more than one process.
"""

from __future__ import annotations

import functools
import multiprocessing
import multiprocessing.pool
import os
import threading
from collections.abc import Callable
from typing import Any


def new_pool(jobs: int, initializer: Callable[..., None], initargs: tuple) -> _Pool:
    """``jobs`` worker processes, each started with ``initializer(*initargs)``: forked
    where the system can (``_Fork``), else spawned."""
    context = _Fork() if os.name == "posix" else multiprocessing.get_context("spawn")
    return _Pool(jobs, initializer=initializer, initargs=initargs, context=context)


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


def stop(pool: Any) -> None:
    """``Pool.terminate``, waited for at most ``STOP_SECONDS``. It kills the workers, then
    joins the pool's threads; a worker killed while it sent a result held the result
    queue's lock, and the pool's task thread then waits on that lock for good (about one
    Ctrl-C in ten hung so). The workers are gone by then, so the wait is cut short and
    the stuck thread, a daemon, is left to end with the process."""
    stopper = threading.Thread(target=pool.terminate, name="finsim-pool-stop", daemon=True)
    stopper.start()
    stopper.join(STOP_SECONDS)

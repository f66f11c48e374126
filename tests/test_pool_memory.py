"""Memory run out in the pool's own result thread ends the map, not the process's life.

Under ``ulimit -v`` the standard pool's result thread could fail to read a large result
(``MemoryError`` in ``multiprocessing.connection``): it died with a traceback on stderr,
and the command waited for its results for good (a cron job that never ended); SIGTERM
then printed a second traceback (``Cannot have cache with result_hander not alive``).
Now each result owed fails with that error, and finsim says memory ran out (exit 2).
No test here can hang: each waits with a timeout.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from finsim.montecarlo import pool

from .conftest import ROOT, SMALL
from .processes import ENV

FAILING_READER = """
import multiprocessing.pool


class FailingReader:
    '''The pool's end of the result pipe, out of memory at its second result.'''

    def __init__(self, reader):
        self.reader, self.calls = reader, 0

    def recv(self):
        self.calls += 1
        if self.calls == 2:
            raise MemoryError()
        return self.reader.recv()

    def __getattr__(self, name):
        return getattr(self.reader, name)


setup = multiprocessing.pool.Pool._setup_queues


def failing_setup(self):
    setup(self)
    self._outqueue._reader = FailingReader(self._outqueue._reader)
    self._quick_get = self._outqueue._reader.recv  # what the result thread reads with
"""
PATCHED = FAILING_READER + "multiprocessing.pool.Pool._setup_queues = failing_setup\n"


def _squared(shared: int, i: int) -> int:
    return shared * i * i


def test_a_result_the_pool_cannot_read_fails_the_map_with_that_error(monkeypatch):
    namespace: dict = {}
    exec(FAILING_READER, namespace)  # noqa: S102 - the subprocesses' patch, undone after
    monkeypatch.setattr("multiprocessing.pool.Pool._setup_queues", namespace["failing_setup"])
    outcome: list = []

    def mapped() -> None:
        try:
            outcome.append(list(pool.Processes(2).ordered_map(_squared, range(40), 1)))
        except BaseException as err:  # noqa: BLE001 - what the map raised is the outcome
            outcome.append(err)

    thread = threading.Thread(target=mapped, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the map waited for a result that never came"
    assert type(outcome[0]) is MemoryError


def _finsim(prelude: str, args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """The ``finsim`` command in a subprocess after ``prelude`` (a patch), at most 2 min."""
    program = prelude + textwrap.dedent(f"""
        import sys
        sys.argv = ["finsim", *{args!r}]
        from finsim.cli.console import console
        console()
        """)
    return subprocess.run([sys.executable, "-c", program], env=ENV, cwd=tmp_path, text=True,
                          capture_output=True, timeout=120)


def test_finsim_run_says_memory_ran_out_in_the_result_thread_and_ends(tmp_path):
    done = _finsim(PATCHED, ["run", str(SMALL), "-n", "40", "--jobs", "2", "--yes",
                                    "--quiet", "--out", "mine"], tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "finsim: ran out of memory (no more could be had); nothing was written — the run "
        "needs more memory than the machine gives it: run on fewer processes (--jobs 1) or "
        "make the scenario smaller; without --yes finsim says what it would need, and what "
        "would need less, before any work\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_stop_after_the_result_thread_died_raises_nothing(monkeypatch):
    """``Pool.terminate`` asserts that a dead result thread left no result owed; the stop
    fails those first, so a Ctrl-C or SIGTERM after such a death prints its line alone."""
    import multiprocessing.pool

    from finsim.montecarlo import process_pool

    workers = process_pool._Pool(2, context=process_pool._Fork())
    owed = workers.apply_async(time.sleep, (30,))  # owed until the stop kills its worker
    workers._result_handler._state = multiprocessing.pool.TERMINATE
    workers._outqueue.put(None)  # the result thread ends, as if it had died
    workers._result_handler.join(10)
    assert not workers._result_handler.is_alive()
    failed: list = []
    monkeypatch.setattr(threading, "excepthook", failed.append)
    process_pool.stop(workers)
    assert failed == []
    assert owed.ready() and not owed.successful()


LIMITED = """
import os
import resource
import sys
import time
from finsim.montecarlo import pool

FLAG = sys.argv[1]


def sized(size, i):
    if not i:
        return b"x"
    while not os.path.exists(FLAG):  # the second result waits for the parent's limit
        time.sleep(0.01)
    return b"x" * size


def limited(i):
    # after the first result the parent (not its workers, forked before) may map
    # 100 MiB more: the second result, 400 MiB, cannot be read
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    mapped = pages * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (mapped + 100 * 2**20, resource.RLIM_INFINITY))
    open(FLAG, "w").close()


try:
    list(pool.Processes(2).ordered_map(sized, range(2), 400 * 2**20, done=limited))
except MemoryError:
    print("MemoryError")
"""


def test_a_real_memory_limit_in_the_result_thread_ends_the_map(tmp_path):
    done = subprocess.run([sys.executable, "-c", LIMITED, str(tmp_path / "limited")], env=ENV,
                          cwd=ROOT, text=True, capture_output=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "MemoryError\n", "")


NO_THREAD_LINE = (
    "finsim: ran out of memory (no thread could be started: can't start new thread; the "
    "memory or the processes this user may have (ulimit -v, ulimit -u) are used up); "
    "nothing was written — the run needs more memory than the machine gives it: run on "
    "fewer processes (--jobs 1) or make the scenario smaller; without --yes finsim says "
    "what it would need, and what would need less, before any work\n")


def test_no_thread_to_be_had_is_the_machine_s_limit_not_a_bug(tmp_path, monkeypatch):
    """Under ``ulimit -v 150000`` the pool could not start its threads: "internal error
    (RuntimeError: can't start new thread) ... a bug in finsim", exit 1. Now memory run
    out, exit 2, with what to do."""
    from click.testing import CliRunner

    from finsim.cli import main
    from finsim.commands import run as run_command
    from finsim.montecarlo import estimate

    def no_thread(*args, **kwargs):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(run_command, "run_job", no_thread)
    monkeypatch.setattr(estimate, "available_cpus", lambda: 2)
    done = CliRunner().invoke(main, ["run", str(SMALL), "-q", "--yes", "--out",
                                     str(tmp_path / "mine")])
    assert (done.exit_code, done.output) == (2, NO_THREAD_LINE)
    assert not (tmp_path / "mine").exists()


def test_the_python_call_says_no_thread_as_the_command_does(monkeypatch):
    import pytest

    import finsim
    from finsim import api
    from finsim.montecarlo import estimate

    def no_thread(*args, **kwargs):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(api, "_run", no_thread)
    with pytest.raises(estimate.BeyondMachine) as caught:
        finsim.run(SMALL, replications=2, jobs=1)
    assert str(caught.value).startswith(
        "finsim.run: ran out of memory (no thread could be started: can't start new thread;")


NO_SECOND_THREAD = """
import multiprocessing.pool
import threading

start = threading.Thread.start
started = []


def failing_start(self):
    started.append(self)
    if len(started) == 2:  # the pool's task thread, after its worker handler
        raise RuntimeError("can't start new thread")
    start(self)


threading.Thread.start = failing_start
"""


def test_a_pool_that_could_not_start_its_threads_lets_finsim_end(tmp_path):
    """The pool's worker handler ran on after its task thread failed to start, and
    started workers again as the exit killed them: the exit waited for good."""
    done = _finsim(NO_SECOND_THREAD, ["run", str(SMALL), "-n", "40", "--jobs", "2", "--yes",
                                      "--quiet", "--out", "mine"], tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", NO_THREAD_LINE)
    assert sorted(p.name for p in tmp_path.iterdir()) == []

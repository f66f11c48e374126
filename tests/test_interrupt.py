"""Ctrl-C and SIGTERM at any moment of any command: one line, 128 + the signal, no
traceback from any process, no process left, nothing left beside the results, the
earlier results intact (``interrupt_probe`` checks all of it, for every delay).

The signals are sent once finsim's handler is installed (the probe sees it in
``/proc``): before that the interpreter is starting and no finsim code has run. The
delays after it are a few per command, spread over its phases; what is asserted must
hold for any delay, so a loaded machine only moves a probe to another phase.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from finsim import interrupts
from finsim.montecarlo.pool import Processes

from .interrupt_probe import ENV, Probe, handling

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(),
                                reason="the probe reads /proc (Linux)")


@pytest.fixture(scope="module")
def probe(tmp_path_factory) -> Probe:
    return Probe(tmp_path_factory.mktemp("interrupts"), grace=10.0)  # a loaded machine


PROBES = [  # command, signal, to the whole group (a terminal's Ctrl-C), delay (s)
    ("validate", signal.SIGINT, True, 0.0),
    ("show", signal.SIGTERM, False, 0.0),
    ("run-j1", signal.SIGINT, True, 0.0),
    ("run-j1", signal.SIGTERM, False, 1.0),
    ("run-j2", signal.SIGINT, True, 0.3),
    ("run-j2", signal.SIGTERM, True, 1.2),
    ("compare", signal.SIGINT, True, 0.8),
    ("sensitivity", signal.SIGTERM, True, 1.5),
    ("size", signal.SIGINT, False, 0.6),
    ("calibrate", signal.SIGINT, True, 1.0),
]
if importlib.util.find_spec("distributed"):
    PROBES += [("run-local2", signal.SIGINT, True, 0.4),  # workers starting
               ("run-local2", signal.SIGTERM, True, 2.5)]


@pytest.mark.parametrize(("name", "signum", "group", "delay"), PROBES,
                         ids=[f"{n}-{signal.Signals(s).name}-{d}" for n, s, _, d in PROBES])
def test_a_stopped_command_ends_cleanly(probe, name, signum, group, delay):
    if name not in probe.good:
        probe.prepare(name)
    outcome = probe.one(name, signum, delay, group, after_handler=True)
    assert outcome.problems == [], (outcome.describe(), outcome.err)
    assert outcome.returncode in (0, 128 + signum)


@pytest.mark.parametrize("again", [0.0, 0.05])
def test_ctrl_c_twice_ends_as_once(probe, again):
    """A second Ctrl-C while the first one's clean-up runs is ignored: one line, every
    worker stopped, nothing left."""
    if "run-j2" not in probe.good:
        probe.prepare("run-j2")
    outcome = probe.one("run-j2", signal.SIGINT, 0.8, True, after_handler=True, again=again)
    assert outcome.problems == [], (outcome.describe(), outcome.err)


HOOK = """
import os, signal, sys

class Stop:  # sends the signal as click, the first module of the command line, loads
    def find_spec(self, name, path=None, target=None):
        if name == "click":
            sys.meta_path.remove(self)
            os.kill(os.getpid(), {signum})
        return None

sys.meta_path.insert(0, Stop())
sys.argv = ["finsim", "show", {scenario!r}]
"""
ENTRIES = {
    "python -m finsim": "import runpy\nrunpy.run_module('finsim', run_name='__main__')",
    "the finsim script": "from finsim.cli.console import console\nconsole()",
}


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_the_imports_ends_with_the_line(entry, signum):
    """Before the command's modules are loaded: nothing to clean up, the line at once."""
    from .conftest import SMALL

    program = HOOK.format(signum=int(signum), scenario=str(SMALL)) + ENTRIES[entry]
    done = subprocess.run([sys.executable, "-c", program], env=ENV, capture_output=True,
                          text=True, timeout=120)
    name = signal.Signals(signum).name
    assert done.returncode == 128 + signum, done.stderr
    assert done.stderr == f"finsim: interrupted ({name}); nothing was written.\n"
    assert done.stdout == ""


def test_the_console_script_installs_the_handler_before_click():
    """What the installed ``finsim`` script imports before calling ``console``."""
    program = ("import sys\nfrom finsim.cli.console import console\n"
               "print(sorted(m for m in ('click', 'numpy', 'finsim.cli.common') "
               "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", program], env=ENV, capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_held_takes_a_signal_at_its_end():
    came = []
    with interrupts.command():
        try:
            with interrupts.held():
                os.kill(os.getpid(), signal.SIGTERM)
                came.append("still here")
        except interrupts.Stopped as err:
            came.append(err.signum)
        os.kill(os.getpid(), signal.SIGTERM)  # while stopping: ignored
        came.append("clean-up goes on")
    assert came == ["still here", signal.SIGTERM, "clean-up goes on"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back for Python


def test_held_from_python_takes_ctrl_c_at_its_end():
    """Called from Python (no finsim handler): Python's own Ctrl-C, at the end."""
    came = []
    try:
        with interrupts.held():
            os.kill(os.getpid(), signal.SIGINT)
            came.append("still here")
    except KeyboardInterrupt:
        came.append("interrupted")
    assert came == ["still here", "interrupted"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _blocked(tid: int | str) -> int:
    status = Path(f"/proc/self/task/{tid}/status").read_text()
    return int(next(x.split()[1] for x in status.splitlines() if x.startswith("SigBlk:")), 16)


def _mask(*signums: int) -> int:
    return sum(1 << (s - 1) for s in signums)


def test_threads_started_with_signals_blocked_keep_them_and_so_do_their_processes():
    """dask's threads and the worker processes they spawn never take a signal."""
    every = _mask(*interrupts.SIGNALS)
    seen = {}

    def spawn() -> None:
        seen["thread"] = _blocked(threading.get_native_id())
        context = multiprocessing.get_context("spawn")
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=_own_mask, args=(writer,))
        process.start()
        try:
            seen["process"] = reader.recv()
        finally:
            process.kill()  # it ignores SIGTERM, like dask's workers
            process.join()

    with interrupts.blocked_for_new_threads():
        thread = threading.Thread(target=spawn)
        thread.start()
    assert _blocked(threading.get_native_id()) & every == 0  # this thread takes them
    thread.join(60)
    assert seen["thread"] & every == every
    assert seen["process"] & every == every


TRACKER = """
import time
from multiprocessing import resource_tracker
from finsim import interrupts

with interrupts.blocked_for_new_threads():
    pass
print(resource_tracker._resource_tracker._pid, flush=True)
time.sleep(30)
"""


def test_the_resource_tracker_never_takes_a_signal():
    """dask's workers need multiprocessing's resource tracker; started for a cluster, it
    must survive a signal to the group (SIGHUP killed it)."""
    process = subprocess.Popen([sys.executable, "-c", TRACKER], env=ENV,
                               stdout=subprocess.PIPE, text=True)
    try:
        tracker = int(process.stdout.readline())
        status = Path(f"/proc/{tracker}/status").read_text().splitlines()
        masks = {line.split(":")[0]: int(line.split()[1], 16) for line in status
                 if line.startswith(("SigBlk:", "SigIgn:"))}
    finally:
        process.kill()
        process.wait()
    every = _mask(*interrupts.SIGNALS)
    assert (masks["SigBlk"] | masks["SigIgn"]) & every == every


def _own_mask(pipe) -> None:  # noqa: ANN001 - a Connection
    pipe.send(_blocked(threading.get_native_id()))


FORKED = """
import multiprocessing, os, signal, sys, time
from finsim import interrupts
from finsim.montecarlo.pool import Processes

interrupts.install()
with interrupts.command():
    child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
    child.start()
    time.sleep(0.3)
    for signum in interrupts.SIGNALS:  # the parent's to act on: ignored
        os.kill(child.pid, signum)
    time.sleep(0.3)
    alive = child.is_alive()
    child.kill()
    child.join(10)
    print(alive, child.exitcode)
"""


def test_a_forked_child_leaves_every_signal_to_the_parent():
    """Local workers and the painter are forked: until they say so themselves
    (``interrupts.child``), the inherited handler ignores the signals too."""
    done = subprocess.run([sys.executable, "-c", FORKED], env=ENV, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.split() == ["True", str(-signal.SIGKILL)]
    assert done.stderr == ""


def _slow(shared: float, item: int) -> int:
    time.sleep(shared)
    return item


def test_a_pool_stops_its_workers_whatever_signals_they_got():
    """systemd or a batch scheduler sends SIGTERM to every process of the group: the
    workers ignore it (one killed while it held the pool's queue lock would hang the
    pool's stop for good), and the pool still stops them."""
    before = set(multiprocessing.active_children())
    results = Processes(2).ordered_map(_slow, iter(range(10_000)), 0.02)
    try:
        assert next(results) == 0
        workers = set(multiprocessing.active_children()) - before
        assert len(workers) == 2
        for worker in workers:
            os.kill(worker.pid, signal.SIGTERM)
        time.sleep(0.5)
        assert all(worker.is_alive() for worker in workers)
    finally:
        results.close()  # as a stop in the consumer does: the pool is terminated, joined
    assert not workers & set(multiprocessing.active_children())  # stopped


ORPHANS = """
import sys, time
from finsim.montecarlo.pool import Processes

def slow(shared, item):
    time.sleep(shared)
    return item

results = Processes(2).ordered_map(slow, iter(range(10_000)), 0.05)
next(results)
import multiprocessing
print(*[p.pid for p in multiprocessing.active_children()], flush=True)
time.sleep(60)
"""


def test_workers_end_with_a_parent_killed_outright():
    """The workers ignore signals: when the parent is killed with SIGKILL (it cannot
    stop them), the kernel ends them (Linux), before they find the pipe to the parent
    broken and print a traceback."""
    process = subprocess.Popen([sys.executable, "-c", ORPHANS], env=ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in process.stdout.readline().split()]
        assert len(workers) == 2
    finally:
        process.kill()
        process.wait()
    deadline = time.perf_counter() + 30
    while any(_running(pid) for pid in workers):
        assert time.perf_counter() < deadline, "a worker outlived its parent"
        time.sleep(0.05)
    assert process.stderr.read() == ""


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


LATE = """
import os, signal, sys, time
from finsim import interrupts

interrupts.install()
with interrupts.command():
    pass
interrupts.blocked_to_the_end()


class Late:  # freed as Python frees the modules, after it put the default handlers back
    def __del__(self, kill=os.kill, pid=os.getpid(), signum=signal.SIGTERM,
                sleep=time.sleep):
        kill(pid, signum)
        sleep(0.2)


late = Late()
sys.exit(3)
"""


def test_a_signal_during_the_exit_leaves_the_status():
    """The ordinary exit (with dask's threads still there) frees every module, with
    Python's default handlers back: SIGTERM then ended finsim with 143 and no word
    after the results were written. Blocked to the end, the command's status stands."""
    done = subprocess.run([sys.executable, "-c", LATE], env=ENV, capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stderr) == (3, "")
    unblocked = LATE.replace("interrupts.blocked_to_the_end()", "")
    assert subprocess.run([sys.executable, "-c", unblocked], env=ENV,
                          timeout=60).returncode == -signal.SIGTERM


def test_the_probe_sees_the_handler():
    """``handling`` tells a Python program from finsim: only finsim catches SIGTERM."""
    plain = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    ours = subprocess.Popen([sys.executable, "-c", "from finsim import interrupts\n"
                             "import time\ninterrupts.install()\ntime.sleep(30)"], env=ENV)
    try:
        time.sleep(1.0)
        assert not handling(plain.pid)
        deadline = time.perf_counter() + 30
        while not handling(ours.pid) and time.perf_counter() < deadline:
            time.sleep(0.05)
        assert handling(ours.pid)
    finally:
        for process in (plain, ours):
            process.kill()
            process.wait()


def _ignoring(*signums: int):
    def start() -> None:  # what nohup (SIGHUP) and a script's `cmd &` (SIGINT) do
        for signum in signums:
            signal.signal(signum, signal.SIG_IGN)
    return start


def test_a_signal_its_starter_ignores_stays_ignored(tmp_path):
    """``nohup finsim run ...``: a closed terminal (SIGHUP) must not stop the run, nor
    Ctrl-C one a script started in the background (SIGINT ignored); SIGTERM still does."""
    from .interrupt_probe import SEED

    out = tmp_path / "res"
    command = [sys.executable, "-m", "finsim", "run", str(SEED), "-n", "300", "--jobs", "1",
               "--out", str(out)]
    run = subprocess.Popen(command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, preexec_fn=_ignoring(signal.SIGHUP, signal.SIGINT))
    first = run.stderr.readline()  # the replications line: the command has started
    assert "300 replications" in first, first
    run.send_signal(signal.SIGHUP)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert (out / "summary.csv").exists()
    stopped = subprocess.Popen(command + ["--force"], env=ENV, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=_ignoring(signal.SIGHUP))
    stopped.stderr.readline()
    stopped.send_signal(signal.SIGTERM)
    _, err = stopped.communicate(timeout=120)
    assert stopped.returncode == 143, err
    assert err.endswith("finsim: interrupted (SIGTERM); nothing was written.\n"), err


def test_a_stop_python_swallowed_still_stops_before_the_commit(monkeypatch):
    """A signal that arrives while a weakref callback runs (an import's module lock has
    one): the handler's Stopped is dropped there ('Exception ignored'), and the command
    went on to commit its results with exit 0. The commit now takes it up; the dropped
    exception prints nothing, and any other dropped exception still reaches the hook."""
    import weakref

    from finsim import interrupts

    seen: list[type] = []
    monkeypatch.setattr("sys.unraisablehook",
                        interrupts._unraisable(lambda u: seen.append(type(u.exc_value))))

    class Held:
        pass

    with pytest.raises(interrupts.Stopped) as stopped, interrupts.command():
        held = Held()
        ref = weakref.ref(held, lambda _: interrupts._handler(signal.SIGINT, None))
        del held  # the callback runs and raises Stopped: Python swallows it
        assert ref() is None and seen == []
        interrupts.lost_stop()
    assert stopped.value.signum == signal.SIGINT
    other = Held()
    keep = weakref.ref(other, lambda _: 1 / 0)
    del other
    assert keep() is None and seen == [ZeroDivisionError]
    interrupts.lost_stop()  # nothing pending after the command: no stop


def test_a_stop_python_swallowed_ends_the_replications_at_the_next_task(monkeypatch):
    """A swallowed stop (as above) during the replications: they end at the next task
    that comes back, not after the last one (a cluster run of 100,000 went on for a
    minute after SIGTERM)."""
    from finsim.montecarlo import RunSpec, run
    from finsim.scenario import load_scenario

    from .conftest import SMALL

    tasks: list[int] = []

    def swallowed(done: int) -> None:  # the first task back: a stop Python dropped
        tasks.append(done)
        interrupts._state.update(phase=interrupts._STOPPING, taken=signal.SIGTERM)

    with pytest.raises(interrupts.Stopped) as stopped, interrupts.command():
        run(RunSpec(load_scenario(SMALL), 200, 5), jobs=1, progress=swallowed)
    assert stopped.value.signum == signal.SIGTERM
    assert tasks == [10]  # 20 chunks: the run stopped after the first


def test_a_stop_waits_for_a_stuck_pool_only_so_long():
    """Pool.terminate kills the workers, then joins the pool's threads; one killed while
    it sent a result leaves the pool's task thread waiting on the queue's lock for good
    (about one Ctrl-C in ten hung the run so). The stop waits STOP_SECONDS at most."""
    import threading
    import time

    from finsim.montecarlo import process_pool

    released = threading.Event()

    class Stuck:
        def terminate(self) -> None:
            released.wait(60)

    started = time.perf_counter()
    process_pool.stop(Stuck())
    waited = time.perf_counter() - started
    released.set()
    assert process_pool.STOP_SECONDS <= waited < process_pool.STOP_SECONDS + 1.0

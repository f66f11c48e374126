"""The same work as the local pool, on a dask.distributed cluster (``--scheduler``).

``connect(address)`` opens a client to a running dask scheduler (``tcp://host:8786``)
or, for ``local:N``, starts a LocalCluster of N worker processes on this machine; with
no address it yields None and dask is never imported, so the default install stays
light. A ``Cluster`` is an executor (``montecarlo.executor``) like the local
``pool.Processes``: the shared part of the work (the compiled program) is one task of
its own that every worker fetches once (dask computes it again if its workers die),
each item becomes one task that first checks its worker runs this finsim (the same
source files, ``fingerprint``), and the results come back in input order, so the
caller merges them exactly as it merges the pool's and the files are byte-identical
to ``--jobs 1``. Only a few tasks per worker thread are in flight at once, so memory
stays flat in the number of tasks; progress follows the tasks as they finish, in any
order.

dask reruns the tasks of a worker that dies (up to ``distributed.scheduler.allowed-
failures`` times); Ctrl-C, SIGTERM or a failure cancels every task still pending. A
lost scheduler, tasks dask cancelled, a scheduler without workers and workers that all
stay paused (for memory) are one line each, exit 2, and only that line: dask's,
tornado's and asyncio's loggers are quiet while finsim holds the cluster
(``_quiet_logs``).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import pickle
import re
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from .. import interrupts
from ..nouns import counted
from ..scenario.errors import Problem, ScenarioError
from .pool import at_most_the_cpus

CONNECT_TIMEOUT = 5
"""Seconds to reach the scheduler before giving up (dask's own default is 30)."""
RETRY = 0.2
"""Seconds between attempts to connect while the scheduler refuses (it may be starting)."""
AHEAD = 4
"""Tasks in flight per worker thread: enough to keep the workers busy, few enough that
results finishing out of order wait in little memory."""
ENV = "FINSIM_SCHEDULER"
OPTION = "--scheduler"
"""How a ``ClusterError`` names the address's source (the CLI says ``$FINSIM_SCHEDULER``
when the value came from there)."""
LOCAL = re.compile(r"local:(\d+)", re.IGNORECASE)
WORKERS_WAIT = 60.0
"""Seconds to wait for a first worker on a scheduler that has none (batch jobs
starting)."""


class ClusterError(ScenarioError):
    """The cluster cannot be used (unreachable, not installed, workers lost): one line,
    exit 2, nothing written."""

    def __init__(self, message: str, address: str | None = None) -> None:
        super().__init__([Problem(OPTION, "", message, address,
                                  show_value=address is not None)])


class Cluster:
    """A connected dask client, and the address it was given (for messages): an
    executor (``montecarlo.executor``) like ``pool.Processes``."""

    remote = True
    """The workers may be on other machines: they see none of this machine's files."""

    def __init__(self, client: Any, address: str, note: str | None = None) -> None:
        self.client = client
        self.address = address
        self.note = note
        """What to tell the user about the cluster asked for (``local_workers``)."""
        self.computed: dict[str, int] = {}
        """The workers that returned results, and their threads (for ``ran_on``)."""

    @property
    def threads(self) -> int:
        """Worker threads on the cluster now (tasks that run at once)."""
        return max(1, sum(self.client.nthreads().values()))  # 0 only while none joined

    def states(self) -> dict[str, str]:
        """Each worker's state on the scheduler (``running``, ``paused``, ...)."""
        try:
            info = self.client.scheduler_info(n_workers=-1)
        except TypeError:  # dask before 2025: every worker anyway
            info = self.client.scheduler_info()
        return {address: str(worker.get("status", "running"))
                for address, worker in info["workers"].items()}

    jobs = threads
    """Tasks that run at once (an executor's ``jobs``)."""

    def for_tasks(self, tasks: int) -> Cluster:
        """The whole cluster, however few the tasks (its size is the cluster's)."""
        return self

    def describe(self) -> str:
        """``tcp://host:8786 (2 workers, 2 threads)``: the workers there (for the line
        that starts a run, and ``ran_on`` after it); after the work, where the workers
        that computed are not those (fewer tasks than workers, workers that joined or
        left meanwhile), those too: ``...; computed on 1 worker, 1 thread)``. ``ran_on``
        said only those, "1 worker" beside the note's "using 2"."""
        there = self.client.nthreads()
        computed = (f"; computed on {_workers(self.computed)}"
                    if self.computed and self.computed != there else "")
        note = f"; {self.note}" if self.note else ""
        return f"{self.address} ({_workers(there)}{note}{computed})"

    def ordered_map(self, function: Callable[[Any, Any], Any], items: Iterable[Any],
                    shared: Any, done: Callable[[Any], None] | None = None) -> Iterator[Any]:
        """``function(shared, item)`` for every item, as tasks; results in input order.

        ``shared`` is pickled here once and sent as a task of its own (``_program``), not
        with each task: every worker fetches its result once, and dask computes it again
        from the bytes the scheduler holds when the workers holding it die (scattered
        data could not be, and the tasks needing it were cancelled). Each task checks
        its worker's finsim first (``_task``), so a worker that joins late is checked too.
        ``done(item)`` is called as each task finishes, in whatever order they finish.
        """
        from distributed import as_completed

        client = self.client
        mine = fingerprint()
        with interrupts.held(), warnings.catch_warnings():  # never half sent
            warnings.simplefilter("ignore")  # dask's "large graph": it is sent once
            data = client.submit(_program, mine, pickle.dumps(shared, protocol=5),
                                 pure=False)
        source = enumerate(items)
        live: dict[str, tuple[int, Any, Any]] = {}
        """Tasks submitted and not yet taken back: key -> (index, item, future)."""
        finished = as_completed(loop=client.loop, with_results=True)

        def submit() -> None:
            for index, item in source:
                future = client.submit(_task, mine, function, data, item, pure=False)
                live[future.key] = (index, item, future)
                finished.add(future)
                return

        held: dict[int, Any] = {}
        following = 0
        watch = _Watch(self)
        try:
            for _ in range(AHEAD * self.threads):
                submit()
            for future, (worker, threads, result) in self._results(finished, watch):
                index, item, _ = live.pop(future.key)
                self.computed[worker] = threads
                held[index] = result
                future.release()
                if done:
                    done(item)
                submit()
                while following in held:
                    yield held.pop(following)
                    following += 1
        except _killed() as err:
            raise ClusterError(f"a task killed the worker running it {err.allowed_failures + 1} "
                               f"time(s) in a row ({err.task}); do the workers have enough "
                               "memory for the scenario? nothing was written") from None
        except Mismatch as err:
            raise ClusterError(f"worker {err.args[0]} runs another finsim (source "
                               f"fingerprint {err.args[1]}, this is {mine}); install the "
                               "same checkout on every worker; nothing was written",
                               self.address) from None
        finally:
            if client.status == "running":
                if live:  # Ctrl-C, SIGTERM or a failure: stop the work now
                    client.cancel([future for _, _, future in live.values()])
                client.cancel([data])

    def _results(self, finished: Any, watch: _Watch) -> Iterator[tuple[Any, Any]]:
        """(future, result) as tasks finish; one line, exit 2, for a task cancelled by
        dask (its inputs lost, or the scheduler gone) or for workers that stopped
        running (``_Watch``), rather than the exception object as a result."""
        while not finished.is_empty():
            if not finished.has_ready():
                with finished.thread_condition:
                    finished.thread_condition.wait(timeout=0.1)
                watch.check()
                continue
            future, result = next(finished)
            if future.status == "cancelled":
                raise self._lost()
            watch.progressed()
            yield future, result

    def _lost(self) -> ClusterError:
        """Why dask cancelled a task finsim did not cancel."""
        if self.client.status != "running":
            return ClusterError("lost the connection to the dask scheduler mid-run (it "
                                "stopped, or the network failed); nothing was written",
                                self.address)
        return ClusterError("dask cancelled the tasks: the workers holding their inputs "
                            "were lost; most often the workers have too little memory "
                            "for the scenario; nothing was written", self.address)


STALL = 60.0
"""Seconds with no worker running and no task finished before finsim gives up."""
POLL = 2.0
"""Seconds between looks at the workers' states while no task finishes."""


class _Watch:
    """Notices a run that cannot go on: for ``STALL`` seconds no task finished and no
    worker was running (all paused for memory, or none left), where dask itself would
    wait for good without a word."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.progressed()

    def progressed(self) -> None:
        self.since = self.looked = time.monotonic()

    def check(self) -> None:
        now = time.monotonic()
        if now - self.looked < POLL:
            return
        self.looked = now
        if self.cluster.client.status != "running":  # the scheduler went away
            raise self.cluster._lost()
        states = self.cluster.states()
        if "running" in states.values():
            self.since = now
        elif now - self.since >= STALL:
            raise ClusterError(_stalled(states), self.cluster.address)


def _stalled(states: dict[str, str]) -> str:
    """The one line for a run where no worker has been running for ``STALL`` seconds."""
    if not states:
        why = "the scheduler has had no workers (they were lost or stopped)"
    elif set(states.values()) <= {"paused"}:
        why = (f"every worker is paused ({', '.join(sorted(states))}): dask pauses a "
               "worker whose memory use passes distributed.worker.memory.pause (80 % of "
               "its --memory-limit); most often the workers have too little memory for "
               "the scenario")
    else:
        why = "no worker is running (" + ", ".join(f"{w} {s}" for w, s in
                                                   sorted(states.items())) + ")"
    return f"no task finished for {STALL:g} s and {why}; nothing was written"


def _killed() -> type[BaseException]:
    from distributed.scheduler import KilledWorker

    return KilledWorker


class Mismatch(Exception):
    """Raised on a worker whose finsim is not the client's: (worker, its fingerprint)."""


def _workers(threads: dict[str, int]) -> str:
    """``2 workers, 2 threads``: workers (address: threads) counted."""
    return (f"{counted(len(threads), 'worker', 'workers')}, "
            f"{counted(sum(threads.values()), 'thread', 'threads')}")


def _check_worker(expected: str) -> tuple[str, int]:
    """On a worker: refuse a finsim other than the client's; the worker's address and
    threads (for ``ran_on``)."""
    from distributed import get_worker

    worker = get_worker()
    found = fingerprint()
    if found != expected:
        raise Mismatch(worker.address, found)
    return worker.address, worker.state.nthreads


def _program(expected: str, blob: bytes) -> Any:
    """On a worker: the shared part of the work, from its pickled bytes."""
    _check_worker(expected)
    return pickle.loads(blob)


def _task(expected: str, function: Callable[[Any, Any], Any], shared: Any,
          item: Any) -> tuple[str, int, Any]:
    """On a worker: ``function(shared, item)``, once this worker's finsim is checked."""
    worker, threads = _check_worker(expected)
    return worker, threads, function(shared, item)


def scheduler_address(given: str | None) -> str | None:
    """The address to use: the argument, else (None) ``FINSIM_SCHEDULER``; None or ""
    for the local pool, so ``""`` keeps a call local whatever the environment says.
    (The CLI reads the variable through click; this is for the Python API.)"""
    return (os.environ.get(ENV) if given is None else given) or None


@contextmanager
def connect(address: str | None) -> Iterator[Cluster | None]:
    """A cluster for the work (closed afterwards), or None for the local process pool."""
    if not address:
        yield None
        return
    if not _installed():
        raise ClusterError("needs dask.distributed, which is not installed; "
                           "pip install 'dask[distributed]' (finsim's cluster extra)",
                           address)
    local = LOCAL.fullmatch(address.strip())
    if address.strip().split(":")[0].lower() == "local" and (not local or int(local[1]) < 1):
        raise ClusterError("expected local:N with N worker processes, e.g. local:2", address)
    with _quiet_logs():
        if local:
            with _local_cluster(*local_workers(int(local[1]))) as cluster:
                yield cluster
            return
        _check_address(address)
        _check_scheduler(address)  # signals not blocked: a stop works while it waits
        client = None
        try:  # a signal taken as the block ends still closes the client
            with interrupts.blocked_for_new_threads():  # as for a local cluster; quick now
                client = _client(address)
            _wait_for_workers(client, address)
            _check_versions(client, address)
            yield Cluster(client, address)
        finally:
            if client is not None:
                with interrupts.held():
                    client.close()


QUIET = ("distributed", "tornado", "asyncio")
"""The loggers (and those below them) that print nothing while finsim holds a cluster."""


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """While finsim holds a cluster, dask's, tornado's and asyncio's loggers print
    nothing: what goes wrong is finsim's one line (``ClusterError``), exit 2. A scheduler
    stopped mid-run made tornado log ``Exception in callback`` with two of dask's
    ``CommClosedError`` tracebacks, 45 lines before it; dask's client logs its failed
    reconnection; a scheduler call still running when a stop closes a local cluster
    fails once its workers are gone, and asyncio would print that. Every level set below
    them (distributed sets its own when it is imported: imported first, here) is raised
    too; all are restored afterwards, so a notebook's logging is its own again."""
    import logging  # only with a cluster

    import distributed  # noqa: F401 - first: importing it sets its loggers' levels

    names = {*QUIET, *(name for name in logging.root.manager.loggerDict
                       if name.split(".")[0] in QUIET)}
    loggers = [logging.getLogger(name) for name in sorted(names)]
    before = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        if logger.name in QUIET or logger.level != logging.NOTSET:
            logger.setLevel(logging.CRITICAL + 1)  # not even CRITICAL
    try:
        yield
    finally:
        for logger, level in before:
            logger.setLevel(level)


def _installed() -> bool:
    return importlib.util.find_spec("distributed") is not None


def local_workers(asked: int) -> tuple[int, str | None]:
    """Worker processes for ``local:N``, as for ``--jobs N``: at most the CPUs available
    (hundreds never finish starting), and what to tell a user who asked for more."""
    return at_most_the_cpus(asked, f"local:{asked}")


UNGUARDED = ("the worker processes did not start; from a script, make the finsim calls "
             "under `if __name__ == \"__main__\":` (each worker process imports the script "
             "again)")


def _in_a_worker_importing_the_script() -> bool:
    """A worker process of ``local:N`` (started by spawning) imports the script that
    started the cluster again while it bootstraps: a call there, without the main
    guard, would start a cluster of its own. (The flag is the one multiprocessing
    itself checks to refuse a new process then.)"""
    import multiprocessing

    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


@contextmanager
def _local_cluster(workers: int, note: str | None = None) -> Iterator[Cluster]:
    """N single-threaded worker processes on this machine, no dashboard (its HTTP server
    on any free port, not 8787, which another cluster may hold). Started with signals
    blocked (``interrupts.blocked_for_new_threads``): dask's threads and the worker
    processes they spawn never take Ctrl-C or SIGTERM (a terminal sends Ctrl-C to every
    process of the group, and a worker stopped while it starts prints a traceback);
    this process acts on it once the cluster is up, and closes it (with signals held, so
    the close is never cut short)."""
    import logging

    from distributed import Client, LocalCluster

    if _in_a_worker_importing_the_script():
        raise SystemExit(1)  # quietly: the script's own process says why, once
    with ExitStack() as stack:
        with interrupts.blocked_for_new_threads():
            try:
                cluster = stack.enter_context(LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.CRITICAL,
                    scheduler_kwargs={"dashboard_address": ":0"}))
            except RuntimeError:  # a worker that could not start, and dask says no more
                raise ClusterError(UNGUARDED, f"local:{workers}") from None
            client = stack.enter_context(Client(cluster))
        try:
            yield Cluster(client, f"local:{workers}", note)
        finally:
            with interrupts.held():  # closing is never cut short: no worker left behind
                stack.close()


NETWORK = ("tcp", "tls", "ws", "wss", "ucx")
"""Schemes a scheduler on another machine can be reached by."""


def _client(address: str) -> Any:
    """A client to a running scheduler, or one line saying why not, within the timeout."""
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise _unreachable(err, address) from None


def _unreachable(err: BaseException, address: str) -> ClusterError:
    """No scheduler to connect to: one line, with the system's reason if it gave one."""
    why = str(err).splitlines()[0] if str(err) else ""
    why = "" if not why or why.startswith("Timed out") else f" ({why})"
    return ClusterError(f"cannot reach the dask scheduler within {CONNECT_TIMEOUT} s"
                        f"{why}; start it (dask scheduler) or check the address", address)


def _check_address(address: str) -> None:
    """Refuse, before a client exists, what cannot be a scheduler's address (a client
    that fails half-built would stall the exit): scheme://host:port."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.security import Security

    try:
        scheme, location = parse_address(address)
        port = parse_host_port(location)[1]
        if not 1 <= int(port) <= 65535:
            raise ValueError(f"port {port} is not in 1..65535")
    except ValueError as err:
        raise ClusterError(f"not a scheduler address ({err}); expected e.g. "
                           "tcp://host:8786 or local:2", address) from None
    if scheme not in NETWORK:
        raise ClusterError(f"not a scheduler address (scheme {scheme}://); expected one of "
                           f"{', '.join(NETWORK)}, e.g. tcp://host:8786, or local:2", address)
    if scheme == "ucx" and importlib.util.find_spec("ucp") is None:  # dask's UCX transport
        raise ClusterError("ucx:// needs UCX-Py (the package ucx-py) on this machine; "
                           "use tcp://host:8786 otherwise", address)
    secure = scheme in ("tls", "wss")
    if secure and Security().get_connection_args("client")["ssl_context"] is None:
        raise ClusterError(f"{scheme}:// needs TLS certificates in dask's configuration "
                           "(distributed.comm.tls.ca-file, .client.cert, .client.key)", address)


def _check_scheduler(address: str) -> None:
    """Refuse, before a client exists, an address where no dask scheduler answers within
    ``CONNECT_TIMEOUT``: dask's client waits for good on a service that accepts the
    connection and stays silent (a web server, a proxy), and reads a greeting (SSH) as
    a length. Asked in a thread of its own, so this thread takes a signal meanwhile."""
    outcome: list[BaseException | None] = []

    def ask() -> None:
        import asyncio  # here, not at the top: the local pool's runs never load it (18 ms)

        try:
            asyncio.run(_ask_identity(address))
            outcome.append(None)
        except BaseException as err:  # noqa: BLE001 - reported below, in this thread
            outcome.append(err)

    asking = threading.Thread(target=ask, name="finsim-scheduler-check", daemon=True)
    with interrupts.blocked_for_new_threads():  # the thread never takes a signal
        asking.start()
    asking.join(2 * CONNECT_TIMEOUT)  # it ends within the timeout; interruptible here
    error = outcome[0] if outcome else TimeoutError()
    if error is not None:
        raise _not_a_scheduler(error, address) from None


async def _ask_identity(address: str) -> None:
    """Connect, then dask's handshake and an ``identity`` call, within the timeout."""
    import asyncio

    from distributed.comm.addressing import parse_address
    from distributed.comm.registry import get_backend
    from distributed.security import Security

    scheme, location = parse_address(address)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + CONNECT_TIMEOUT
    connector = get_backend(scheme).get_connector()
    args = Security().get_connection_args("client")
    while True:  # again until the deadline, as dask does: a scheduler may be starting
        try:
            comm = await asyncio.wait_for(connector.connect(location, **args),
                                          deadline - loop.time())
            break
        except Exception as err:  # noqa: BLE001 - any failure to connect is "unreachable"
            if loop.time() + RETRY >= deadline:
                raise _Unreachable(err.__cause__ or err) from None
            await asyncio.sleep(RETRY)
    try:
        await asyncio.wait_for(_identity(comm), deadline - loop.time())
    finally:
        comm.abort()


async def _identity(comm: Any) -> None:
    """dask's handshake (as ``distributed.comm.connect`` does it), then who answers."""
    local = comm.handshake_info()
    await comm.write(local)
    remote = await comm.read()
    comm.handshake_options = comm.handshake_configuration(local, remote)
    await comm.write({"op": "identity", "reply": True})
    identity = await comm.read()
    kind = identity.get("type") if isinstance(identity, dict) else None
    if kind != "Scheduler":
        raise _NotScheduler(kind)


class _Unreachable(Exception):
    """No connection to the address (refused, no such host, no route, timed out)."""


class _NotScheduler(Exception):
    """A dask server answered that is not a scheduler (a worker, a nanny): its type."""


def _not_a_scheduler(error: BaseException, address: str) -> ClusterError:
    """The one line for what ``_ask_identity`` found instead of a scheduler."""
    check = "check the address (a dask scheduler listens on port 8786 by default)"
    if isinstance(error, _Unreachable):
        return _unreachable(error.args[0], address)
    if isinstance(error, _NotScheduler):
        what = f"a dask {error.args[0]}" if error.args[0] else "another dask server"
        return ClusterError(f"not a dask scheduler but {what}; give the scheduler's "
                            f"address", address)
    if isinstance(error, TimeoutError):
        return ClusterError(f"not a dask scheduler: something accepts the connection "
                            f"there but did not answer within {CONNECT_TIMEOUT} s; "
                            f"{check}", address)
    return ClusterError(f"not a dask scheduler: what answers there does not speak "
                        f"dask's protocol; {check}", address)


def _wait_for_workers(client: Any, address: str) -> None:
    """A scheduler without workers yet (batch jobs still queued): wait for one, saying
    so, at most ``WORKERS_WAIT`` seconds; then one line."""
    if client.nthreads():
        return
    print(f"finsim: {address} has no workers yet; waiting up to {WORKERS_WAIT:g} s for "
          "one to join", file=sys.stderr, flush=True)
    try:
        client.wait_for_workers(1, timeout=WORKERS_WAIT)
    except TimeoutError:
        raise ClusterError(f"the scheduler has no workers (none joined within "
                           f"{WORKERS_WAIT:g} s); start them (dask worker {address}) "
                           "and run again", address) from None


def _check_versions(client: Any, address: str) -> None:
    """Every worker must run this finsim, the same source: another could give other
    numbers (``__version__`` alone never changes with the code). Workers that join
    later are checked by each task (``_check_worker``)."""
    mine = fingerprint()
    try:
        found = client.run(_worker_fingerprint)
    except OSError:  # distributed's CommClosedError too: the scheduler went away
        raise ClusterError("lost the connection to the dask scheduler before the run (it "
                           "stopped, or the network failed); nothing was written",
                           address) from None
    except Exception as err:  # noqa: BLE001 - a worker without finsim cannot unpickle
        raise ClusterError(f"the workers cannot run finsim ({type(err).__name__}: {err}); "
                           "install this finsim checkout on every worker", address) from None
    other = {worker: theirs for worker, theirs in found.items() if theirs != mine}
    if other:
        named = ", ".join(f"{worker} has {theirs}" for worker, theirs in sorted(other.items()))
        raise ClusterError(f"workers run another finsim (source fingerprint: {named}; this "
                           f"is {mine}); install the same checkout everywhere", address)


def _worker_fingerprint() -> str:
    from finsim.montecarlo.cluster import fingerprint as on_the_worker

    return on_the_worker()


@functools.cache
def fingerprint() -> str:
    """A hash of every file of the finsim package (its code and data), the first 12 hex
    digits: it changes with any edit, where ``__version__`` does not. Computed once per
    process, and only with a cluster (about 10 ms)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]

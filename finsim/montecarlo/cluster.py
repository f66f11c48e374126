"""The same work as the local pool, on a dask.distributed cluster (``--scheduler``).

``connect(address)`` opens a client to a running dask scheduler (``tcp://host:8786``)
or, for ``local:N``, starts a LocalCluster of N worker processes on this machine; with
no address it yields None and dask is never imported, so the default install stays
light. A ``Cluster`` is an executor (``montecarlo.executor``) like the local
``pool.Processes``: the shared part of the work (the compiled program) is scattered to
every worker once, each item becomes one task, and the results come back in input
order, so the caller merges them exactly as it merges the pool's and the files are
byte-identical to ``--jobs 1``. Only a few tasks per worker thread are in flight at
once, so memory stays flat in the number of tasks; progress follows the tasks as they
finish, in any order.

dask reruns the tasks of a worker that dies (up to ``distributed.scheduler.allowed-
failures`` times); Ctrl-C, SIGTERM or a failure cancels every task still pending.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from .. import __version__, interrupts
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
LOCAL = re.compile(r"local:(\d+)")


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

    @property
    def threads(self) -> int:
        """Worker threads on the cluster now (tasks that run at once)."""
        return max(1, sum(self.client.nthreads().values()))

    jobs = threads
    """Tasks that run at once (an executor's ``jobs``)."""

    def for_tasks(self, tasks: int) -> Cluster:
        """The whole cluster, however few the tasks (its size is the cluster's)."""
        return self

    def describe(self) -> str:
        """``tcp://host:8786 (2 workers, 2 threads)``, for the line that starts a run."""
        workers = len(self.client.nthreads())
        note = f"; {self.note}" if self.note else ""
        return (f"{self.address} ({counted(workers, 'worker', 'workers')}, "
                f"{counted(self.threads, 'thread', 'threads')}{note})")

    def ordered_map(self, function: Callable[[Any, Any], Any], items: Iterable[Any],
                    shared: Any, done: Callable[[Any], None] | None = None) -> Iterator[Any]:
        """``function(shared, item)`` for every item, as tasks; results in input order.

        ``shared`` goes to every worker once (scattered, broadcast), not with each task.
        ``done(item)`` is called as each task finishes, in whatever order they finish.
        """
        from distributed import as_completed

        client = self.client
        with interrupts.held():  # to every worker, or a stop waits: never half sent
            data = client.scatter([shared], broadcast=True, hash=False)[0]  # one piece
        source = enumerate(items)
        live: dict[str, tuple[int, Any, Any]] = {}
        """Tasks submitted and not yet taken back: key -> (index, item, future)."""
        finished = as_completed(loop=client.loop, with_results=True)

        def submit() -> None:
            for index, item in source:
                future = client.submit(function, data, item, pure=False)
                live[future.key] = (index, item, future)
                finished.add(future)
                return

        held: dict[int, Any] = {}
        following = 0
        try:
            for _ in range(AHEAD * self.threads):
                submit()
            for future, result in finished:
                index, item, _ = live.pop(future.key)
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
        finally:
            if live:  # Ctrl-C, SIGTERM or a failure: stop the work now
                client.cancel([future for _, _, future in live.values()])
            client.cancel([data])


def _killed() -> type[BaseException]:
    from distributed.scheduler import KilledWorker

    return KilledWorker


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
    if address.strip().split(":")[0] == "local" and (not local or int(local[1]) < 1):
        raise ClusterError("expected local:N with N worker processes, e.g. local:2", address)
    import logging  # only with a cluster

    logging.getLogger("distributed").setLevel(logging.CRITICAL if local else logging.ERROR)
    if local:  # finsim says what went wrong; the scheduler's own log would only repeat it
        # (and its event loop's: a scheduler call still running when a stop closes the
        # cluster fails once its workers are gone, and asyncio would print that)
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        with _local_cluster(*local_workers(int(local[1]))) as cluster:
            yield cluster
        return
    _check_address(address)
    _check_scheduler(address)  # signals not blocked: a stop works while it waits
    client = None
    try:  # a signal taken as the block ends still closes the client
        with interrupts.blocked_for_new_threads():  # as for a local cluster; quick now
            client = _client(address)
        _check_versions(client, address)
        yield Cluster(client, address)
    finally:
        if client is not None:
            with interrupts.held():
                client.close()


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
        parse_host_port(location)
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


def _check_versions(client: Any, address: str) -> None:
    """Every worker must run this finsim: another version could give other numbers."""
    try:
        found = client.run(_finsim_version)
    except Exception as err:  # noqa: BLE001 - a worker without finsim cannot unpickle
        raise ClusterError(f"the workers cannot run finsim ({type(err).__name__}: {err}); "
                           f"install finsim {__version__} on every worker", address) from None
    other = sorted({v for v in found.values() if v != __version__})
    if other:
        raise ClusterError(f"workers run finsim {', '.join(other)}, this is {__version__}; "
                           "install the same version everywhere", address)


def _finsim_version() -> str:
    from finsim import __version__ as version

    return version

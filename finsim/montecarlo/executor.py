"""Where the work runs, chosen once: local processes or a dask cluster.

Everything that runs replications (``run``, a sensitivity's points, a sizing search's
candidates) hands its work to an *executor* and never asks which kind it is. Both kinds
have the same few members:

- ``ordered_map(function, items, shared, done)``: ``function(shared, item)`` for every
  item, the results in input order (so every sum is added in the same order whatever
  the executor: the same bytes); ``shared`` (the compiled program) goes to each worker
  once, not with every task; ``done(item)`` as each task is done; Ctrl-C, SIGTERM or a
  failure stops the work still pending;
- ``jobs``: tasks that run at once; ``for_tasks(n)``: the executor for a map of n tasks
  (a local pool starts no more processes than there are tasks);
- ``describe()``: where, for the line that starts a run; ``remote``: the workers may be
  on other machines, without this machine's files (the data files a scenario names go
  with it anyway, ``scenario.datafiles``).

``pool.Processes`` runs on this machine, ``cluster.Cluster`` on a dask.distributed
cluster (``--scheduler``); ``executor(jobs, scheduler)`` opens the one asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from .pool import Processes


class Executor(Protocol):
    remote: bool

    @property
    def jobs(self) -> int: ...

    def for_tasks(self, tasks: int) -> Executor: ...

    def describe(self) -> str: ...

    def ordered_map(self, function: Callable[[Any, Any], Any], items: Iterable[Any],
                    shared: Any, done: Callable[[Any], None] | None = None
                    ) -> Iterator[Any]: ...


Jobs = int | Executor | None
"""Where to run, as the library's functions take it: an executor, or a number of local
processes (None: every CPU)."""


def as_executor(jobs: Jobs) -> Executor:
    """An executor for ``jobs``: itself if it is one, else that many local processes."""
    return Processes(jobs) if jobs is None or isinstance(jobs, int) else jobs


@contextmanager
def executor(jobs: int | None, scheduler: str | None) -> Iterator[Executor]:
    """The dask cluster at ``scheduler`` (``cluster.connect``: closed afterwards, and an
    address that cannot be used is one line, exit 2), else ``jobs`` local processes.
    Without a scheduler the cluster's module stays unloaded: it imports asyncio, about
    18 ms on the way to the first replication."""
    if not scheduler:
        yield Processes(jobs)
        return
    from .cluster import connect

    with connect(scheduler) as cluster:
        yield cluster if cluster is not None else Processes(jobs)

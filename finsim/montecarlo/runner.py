"""Monte Carlo replications: seeded by index, run in chunks, in one process or many.

Replication i is seeded by ``SeedSequence(seed, spawn_key=(0, i))`` (its parameter draws
by ``(1, i)``), so it is the same whatever the total and whatever ``jobs``. Work is cut
into fixed chunks of replication indices and the chunks are merged in order, so the
results are byte-identical for every number of jobs. Workers receive the compiled
program once (pool initializer), not per replication; a replication that draws its
parameters gets a new program with only the drawn values replaced and checked.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np

from ..program import Program, compile_program
from ..replication import InvariantError, Outcome, replicate
from ..scenario import Scenario
from .aggregate import Aggregate
from .pool import ordered_map, worker_count
from .uncertainty import draw_parameters, drawn_program

if TYPE_CHECKING:
    import pandas as pd

    from .cluster import Cluster

CHUNK = 10
"""Replications per unit of work: fixed, so that sums do not depend on ``jobs``."""
TASK_SECONDS = 0.2
"""Chunks go to a worker process in tasks of about this much work: each hand-over costs
the parent process about a millisecond and a half of CPU (taken from the workers on a
machine with as many CPUs as workers), a hundred times per 1,000 seed replications if
every chunk were a task."""
TASK_BYTES = 4 * 2**20
"""... and of at most this many bytes of results (a national chunk is a task alone)."""

Progress = Callable[[int], None]


@dataclass(frozen=True)
class RunSpec:
    """What to run: everything a worker needs, sent once."""

    scenario: Scenario
    replications: int
    seed: int
    uncertainty: bool = True
    program: Program | None = field(default=None, repr=False, compare=False)
    """The scenario compiled, when the caller already has it (sensitivity and size reuse
    one compiled program for many runs)."""

    @property
    def draws(self) -> bool:
        return self.uncertainty and bool(self.scenario.uncertainty)


@dataclass
class RunResult:
    """All replications of one scenario, aggregated."""

    spec: RunSpec
    metric_names: tuple[str, ...]
    provider_metric_names: tuple[str, ...]
    aggregate: Aggregate
    jobs: int
    seconds: float
    resources: dict | None = None
    """The estimate made before the run (``montecarlo.estimate``), for run.json."""

    @property
    def scenario(self) -> Scenario:
        return self.spec.scenario

    @property
    def replications(self) -> pd.DataFrame:
        """One row per replication: every metric, then every drawn parameter."""
        import pandas as pd  # here: replications run without it

        frame = pd.DataFrame(self.metric_values, columns=self.metric_names)
        frame.insert(0, "replication", self.aggregate.indices)
        drawn = pd.DataFrame(self.aggregate.drawn, columns=self.aggregate.drawn_names)
        return pd.concat([frame, drawn], axis=1) if not drawn.empty else frame

    def metric(self, name: str) -> np.ndarray:
        return self.metric_values[:, self.metric_names.index(name)]

    @property
    def metric_values(self) -> np.ndarray:
        """``[replications, metrics]``, one compact block (no copy)."""
        return self.aggregate.metrics

    def mean(self, array: np.ndarray) -> np.ndarray:
        """A sum over replications divided by their count."""
        return array / self.aggregate.count

    def mean_eur(self, cents: np.ndarray) -> np.ndarray:
        """A sum of whole cents over replications as the mean in EUR (one division)."""
        return cents / (100.0 * self.aggregate.count)


def replication(spec: RunSpec, program: Program,
                index: int) -> tuple[Outcome, dict[str, float]]:
    """Replication ``index``: draw its parameters (if any), simulate, cost, fund, measure."""
    drawn: dict[str, float] = {}
    if spec.draws:
        rng = np.random.default_rng(np.random.SeedSequence(spec.seed, spawn_key=(1, index)))
        drawn = draw_parameters(program.scenario, rng)
        program = drawn_program(program, drawn)
    try:
        outcome = replicate(program, np.random.SeedSequence(spec.seed, spawn_key=(0, index)))
    except InvariantError as err:
        raise InvariantError(f"replication {index}: {err}") from None
    return outcome, drawn


def run(spec: RunSpec, jobs: int | None = None, progress: Progress | None = None,
        cluster: Cluster | None = None) -> RunResult:
    """Run every replication of ``spec`` on ``jobs`` processes (default: the CPUs), or
    as tasks on a dask ``cluster`` (``montecarlo.cluster``): the same chunks, merged in
    the same order, so the same bytes."""
    started = time.perf_counter()
    tasks = -(-spec.replications // CHUNK)
    jobs = cluster.threads if cluster else worker_count(jobs, tasks)
    chunks = (range(i, min(i + CHUNK, spec.replications))
              for i in range(0, spec.replications, CHUNK))  # lazily: 1e12 costs nothing
    program = spec.program or compile_program(spec.scenario)
    total = Aggregate()
    done = 0

    def finished(indices: range) -> None:
        nonlocal done
        done += len(indices)
        if progress:
            progress(done)

    if cluster:
        parts = cluster.ordered_map(_chunk_task, chunks, (spec, program), finished)
    else:
        parts = _chunk_results(spec, program, chunks, tasks, jobs)
    for part in parts:
        total.extend(part)  # in index order, whatever order the chunks finished in
        if not cluster:
            finished(range(part.count))
    return RunResult(spec, program.metric_names, program.provider_metric_names, total, jobs,
                     time.perf_counter() - started)


def _chunk_results(spec: RunSpec, program: Program, chunks: Iterator[range], count: int,
                   jobs: int) -> Iterator[Aggregate]:
    """Each chunk's aggregate, in order. Worker processes take consecutive chunks in
    tasks (``_Pace``); a task's chunks come back one by one, never merged in the worker,
    so the parent folds the same chunks in the same order whatever the tasks were."""
    if jobs == 1:
        yield from ordered_map(_run_chunk, chunks, 1, _init_worker, (spec, program))
        return
    pace = _Pace(count, jobs)
    for parts in ordered_map(_run_chunks, pace.tasks(chunks), jobs, _init_worker,
                             (spec, program)):
        for part in parts:
            pace.returned(part)
            yield part


class _Pace:
    """Task sizes from what the chunks returned so far cost: one chunk per task until
    results come back, then as many as take about ``TASK_SECONDS`` of a worker and hold
    ``TASK_BYTES`` of results, and single chunks again near the end, so no worker waits
    long for the last task (at most a quarter of what each worker still has to do)."""

    def __init__(self, count: int, jobs: int) -> None:
        self.left, self.jobs = count, jobs
        self.started = time.perf_counter()
        self.done = 0
        self.nbytes = 0

    def returned(self, part: Aggregate) -> None:
        self.done += 1
        self.nbytes = max(self.nbytes, part.nbytes)

    def size(self) -> int:
        if not self.done:
            return 1
        seconds = (time.perf_counter() - self.started) * self.jobs / self.done
        size = min(TASK_SECONDS / max(seconds, 1e-9), TASK_BYTES / max(self.nbytes, 1),
                   self.left / (4 * self.jobs))
        return max(1, int(size))

    def tasks(self, chunks: Iterator[range]) -> Iterator[list[range]]:
        while self.left > 0:
            task = list(islice(chunks, self.size()))
            if not task:
                return
            self.left -= len(task)
            yield task


_WORKER: dict = {}


def _init_worker(spec: RunSpec, program: Program) -> None:
    """Each worker receives the compiled program once, not per replication."""
    _WORKER["spec"], _WORKER["program"] = spec, program


def _run_chunk(indices: range) -> Aggregate:
    return _chunk_task((_WORKER["spec"], _WORKER["program"]), indices)


def _run_chunks(task: list[range]) -> list[Aggregate]:
    return [_run_chunk(indices) for indices in task]


def _chunk_task(shared: tuple[RunSpec, Program], indices: range) -> Aggregate:
    """One chunk's replications folded together: sums and per-replication metrics, not
    ledgers, go back to the caller."""
    spec, program = shared
    part = Aggregate()
    for index in indices:
        part.add(index, *replication(spec, program, index))
    return part

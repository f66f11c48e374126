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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
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
        parts = _chunk_results(spec, program, chunks, jobs)
    for part in parts:
        total.extend(part)  # in index order, whatever order the chunks finished in
        if not cluster:
            finished(range(part.count))
    return RunResult(spec, program.metric_names, program.provider_metric_names, total, jobs,
                     time.perf_counter() - started)


def _chunk_results(spec: RunSpec, program: Program, chunks: Iterable[range],
                   jobs: int) -> Iterator[Aggregate]:
    return ordered_map(_run_chunk, chunks, jobs, _init_worker, (spec, program))


_WORKER: dict = {}


def _init_worker(spec: RunSpec, program: Program) -> None:
    """Each worker receives the compiled program once, not per replication."""
    _WORKER["spec"], _WORKER["program"] = spec, program


def _run_chunk(indices: range) -> Aggregate:
    return _chunk_task((_WORKER["spec"], _WORKER["program"]), indices)


def _chunk_task(shared: tuple[RunSpec, Program], indices: range) -> Aggregate:
    """One chunk's replications folded together: sums and per-replication metrics, not
    ledgers, go back to the caller."""
    spec, program = shared
    part = Aggregate()
    for index in indices:
        part.add(index, *replication(spec, program, index))
    return part

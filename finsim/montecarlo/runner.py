"""Monte Carlo replications: seeded by index, run in chunks, on any executor.

Replication i is seeded by ``SeedSequence(seed, spawn_key=(0, i))`` (its parameter draws
are the i-th numbers of each parameter's own stream, ``uncertainty.uniforms``), so it is
the same whatever the total and wherever it runs. Work is cut
into fixed chunks of replication indices and the chunks are merged in order, so the
results are byte-identical for every number of jobs, on one machine or a cluster
(``montecarlo.executor``). Workers receive the compiled program once, not per task; a
replication that draws its parameters gets a new program with only the drawn values
replaced and checked.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np

from .. import interrupts
from ..program import Program, compile_program
from ..replication import BeyondCeiling, InvariantError, Outcome, replicate, replicate_many
from ..scenario import Scenario, ScenarioError
from ..scenario.errors import Problem
from .aggregate import Aggregate
from .executor import Jobs, as_executor
from .statistics import defined_mean, stats
from .uncertainty import HINT, drawn_programs, draws_of

if TYPE_CHECKING:
    import pandas as pd

CHUNK = 10
"""Replications per unit of work: fixed, so that sums do not depend on ``jobs``."""


def chunk_count(replications: int) -> int:
    """The chunks ``replications`` make (one at least): no run uses more processes."""
    return max(1, -(-replications // CHUNK))


TASK_SECONDS = 0.2
"""Chunks go to a worker in tasks of about this much work (CPU seconds of a worker): each
hand-over to a local process costs the parent process about half a millisecond of CPU
(taken from the workers on a machine with as many CPUs as workers), a hundred times per
1,000 seed replications if every chunk were a task, and a task's chunks are measured
together (``MEASURED_TOGETHER``)."""
TASK_BYTES = 4 * 2**20
"""... and of at most this many bytes of results (a national chunk is a task alone)."""
MEASURED_TOGETHER = 3
"""Consecutive chunks of a task measured as one batch (``replication.replicate_many``):
20 seed replications cost about a fifth less each after the simulation than 10, and 30
about 4 % less of the whole than 20 (1,000 seed replications in one process: 0.54 s of
CPU against 0.56 s), while more make the batch's arrays outgrow the CPU's cache and cost
more again (40: 0.60 s)."""

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
    peak_from: int | None = None
    """The month (0: the period's first) the peak pre-financing is taken from, the
    balance carried in included; None: the scenario's own first forecast month
    (``Scenario.actual_months``, 0 without actuals). ``compare`` takes every scenario's
    from one calendar month, so that a plan's peak and a re-forecast's span the same
    months (``analysis.compare.peak_window``)."""

    @property
    def peak_counted_from(self) -> int:
        """The month the peak need is taken from (``peak_from``, else the first forecast
        month)."""
        return self.scenario.actual_months if self.peak_from is None else self.peak_from

    @property
    def draws(self) -> bool:
        return self.uncertainty and bool(self.scenario.uncertainty)

    @property
    def undrawn(self) -> bool:
        """The scenario's uncertainty block left out (``--no-uncertainty``): its intervals
        hold the simulation's chance alone, which the outputs must say; without a block
        nothing is left out."""
        return not self.uncertainty and bool(self.scenario.uncertainty)


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
    sanity: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False,
                                               repr=False, compare=False)
    """The sanity warnings by language, each worked out once (``sanity.sanity_warnings``):
    the terminal, --strict, run.json, the page and the workbook all say them. Nothing
    changes a result once it is made (``resources`` aside, which no warning reads)."""

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

    def metric_mean(self, name: str) -> float:
        """A metric's mean over the replications that define it (NaN if none does)."""
        return float(defined_mean(self.metric(name)))

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

    @functools.cached_property
    def summary_stats(self) -> dict[str, np.ndarray]:
        """Per metric: mean, std and percentiles over the replications. Computed once
        (summary.csv and results.xlsx both read them; percentiles over every replication
        cost ~15 ms for the seed): read them, never change them."""
        return stats(self.metric_values)

    @functools.cached_property
    def provider_stats(self) -> dict[str, np.ndarray]:
        """Per provider and metric ``[providers, metrics]``: mean and std over every
        replication, percentiles over the kept sample (every replication up to its size;
        see ``Aggregate.percentile_note``). Computed once, as ``summary_stats``."""
        agg = self.aggregate
        per = stats(agg.provider_sample)
        if not agg.exact:  # beyond the sample: mean and std over every replication
            per.update(mean=agg.providers.average, std=agg.providers.std)
        return per

    @functools.cached_property
    def provider_defined(self) -> np.ndarray:
        """Per provider and metric ``[providers, metrics]``: how many replications define
        it (a provider's cost per placement needs a placement of its own), the count its
        statistics are over."""
        agg = self.aggregate
        if agg.exact:
            return np.count_nonzero(~np.isnan(agg.provider_sample), axis=0)
        return agg.providers.count


def replication(spec: RunSpec, program: Program,
                index: int) -> tuple[Outcome, dict[str, float]]:
    """Replication ``index``: draw its parameters (if any), simulate, cost, fund, measure."""
    program, drawn = _drawn(spec, program, index)
    try:
        outcome = replicate(program, np.random.SeedSequence(spec.seed, spawn_key=(0, index)),
                            spec.peak_counted_from)
    except BeyondCeiling as err:
        if drawn:  # the scenario as written was checked against the ceiling: the draw
            raise ScenarioError([Problem(
                "uncertainty", ", ".join(drawn), f"the values drawn in replication {index} "
                f"are not allowed: {err}", ", ".join(f"{v:g}" for v in drawn.values()),
                hint=HINT)]) from None
        raise InvariantError(f"replication {index}: {err}") from None
    except InvariantError as err:
        raise InvariantError(f"replication {index}: {err}") from None
    return outcome, drawn


def replications(spec: RunSpec, program: Program,
                 indices: range) -> list[tuple[Outcome, dict[str, float]]]:
    """``replication`` of each of ``indices``, measured as one batch
    (``replication.replicate_many``): the same outcomes, for a fraction of the cost."""
    drawn = _drawn_many(spec, program, indices)
    seeds = [np.random.SeedSequence(spec.seed, spawn_key=(0, i)) for i in indices]
    try:
        outcomes = replicate_many([p for p, _ in drawn], seeds, spec.peak_counted_from)
    except InvariantError:  # which replication: each alone raises its own error
        for index in indices:
            replication(spec, program, index)
        raise
    return [(outcome, values) for outcome, (_, values) in zip(outcomes, drawn, strict=True)]


def _drawn(spec: RunSpec, program: Program, index: int) -> tuple[Program, dict[str, float]]:
    """Replication ``index``'s program and the values drawn for it (none without
    ``uncertainty``)."""
    return _drawn_many(spec, program, range(index, index + 1))[0]


def _drawn_many(spec: RunSpec, program: Program,
                indices: range) -> list[tuple[Program, dict[str, float]]]:
    """``_drawn`` of each of ``indices``: replication i takes the i-th number of each
    parameter's own stream (``uncertainty.Draws.many``), with the draws planned once."""
    if not spec.draws:
        return [(program, {})] * len(indices)
    drawn = draws_of(program).many(spec.seed, indices)
    return list(zip(drawn_programs(program, drawn), drawn, strict=True))


def run(spec: RunSpec, jobs: Jobs = None, progress: Progress | None = None) -> RunResult:
    """Run every replication of ``spec`` where ``jobs`` says (``montecarlo.executor``:
    local processes, default every CPU, or a dask cluster): the same chunks, merged in
    the same order, so the same bytes everywhere. Chunks go out in tasks of several
    (``_Pace``); a task's chunks come back one by one, never merged in the worker, so
    the chunks are folded in the same order whatever the tasks were."""
    started = time.perf_counter()
    count = chunk_count(spec.replications)
    executor = as_executor(jobs).for_tasks(count)
    chunks = (range(i, min(i + CHUNK, spec.replications))
              for i in range(0, spec.replications, CHUNK))  # lazily: 1e12 costs nothing
    program = spec.program or compile_program(spec.scenario)
    # once here, not in each forked worker: numpy.random's import (13 ms) and the plan of
    # the draws (``draws_of``, cached by program: the workers get this very one)
    import numpy.random  # noqa: F401
    if spec.draws:
        draws_of(program)
    pace = _Pace(count, executor.jobs)
    total = Aggregate()
    done = 0

    def finished(task: list[range]) -> None:  # in any order on a cluster
        nonlocal done
        done += task[-1].stop - task[0].start  # a task's chunks are consecutive
        progress(done)

    # drawn parameters make the workers compile again what they reach, from the bytes
    # of the data files read when the scenario was loaded (``scenario.datafiles``)
    for parts in executor.ordered_map(_run_chunks, pace.tasks(chunks), (spec, program),
                                      finished if progress else None):
        interrupts.lost_stop()  # a stop Python swallowed stops here, not after every task
        for part in parts:
            pace.returned(part)
            total.extend(part)  # in index order, whatever order the chunks finished in
    return RunResult(spec, program.metric_names, program.provider_metric_names, total,
                     executor.jobs, time.perf_counter() - started)


class _Pace:
    """Task sizes from what the chunks returned so far cost: the chunks measured together
    (``MEASURED_TOGETHER``) until results come back, then as many as take about
    ``TASK_SECONDS`` of a worker's CPU and hold ``TASK_BYTES`` of results, and smaller
    tasks again near the end, so no worker waits long for the last task (at most a
    quarter of what each worker still has to do, from the start: a short run's first
    tasks are single chunks too). Where the chunks measured together are small (an
    eighth of ``TASK_SECONDS``, as a seed scenario's are), a task holds whole batches of
    them to the end: the last fifth of a seed run went out as single chunks, each
    measured alone at a fifth more CPU per replication and handed over on its own.
    A chunk's cost is the CPU time its worker spent on it, not the time that passed: on
    a busy machine (the report's painter drawing beside the workers) the time that
    passes grows and would shrink the tasks to single chunks, each handed over at its
    cost. In one process a task costs nothing to hand over: one chunk, or one batch of
    small ones, each, so progress moves that way."""

    def __init__(self, count: int, jobs: int) -> None:
        self.left, self.jobs = count, jobs
        self.seconds = 0.0
        """CPU seconds the returned chunks took in their workers."""
        self.done = 0
        self.nbytes = 0

    def returned(self, part: Aggregate) -> None:
        self.done += 1
        self.seconds += part.seconds
        self.nbytes = max(self.nbytes, part.nbytes)

    def size(self) -> int:
        together = MEASURED_TOGETHER
        if not self.done:  # chunks measured together, unless the run is short
            return 1 if self.jobs == 1 else \
                max(1, min(together, int(self.left / (4 * self.jobs))))
        seconds = self.seconds / self.done
        small = together * seconds <= TASK_SECONDS / 8 and together * self.nbytes <= TASK_BYTES
        if self.jobs == 1:
            return together if small else 1
        size = min(TASK_SECONDS / max(seconds, 1e-9), TASK_BYTES / max(self.nbytes, 1),
                   self.left / (4 * self.jobs))
        if small:  # whole batches (a chunk measured alone costs a fifth more), to the end
            return max(together, int(size) // together * together)
        return max(1, int(size))

    def tasks(self, chunks: Iterator[range]) -> Iterator[list[range]]:
        while self.left > 0:
            task = list(islice(chunks, self.size()))
            if not task:
                return
            self.left -= len(task)
            yield task


def _run_chunks(shared: tuple[RunSpec, Program], task: list[range]) -> list[Aggregate]:
    """A task: each chunk's replications folded together (sums and per-replication
    metrics, not ledgers, go back), one aggregate per chunk. Consecutive chunks are
    measured together, ``MEASURED_TOGETHER`` at a time (each replication's outcome is the
    same in any batch), and then folded chunk by chunk, as alone."""
    spec, program = shared
    parts = []
    for start in range(0, len(task), MEASURED_TOGETHER):
        chunks = task[start:start + MEASURED_TOGETHER]
        started = time.process_time()
        done = replications(spec, program, range(chunks[0].start, chunks[-1].stop))
        for indices in chunks:
            part = Aggregate()
            offset = indices.start - chunks[0].start
            outcomes, drawn = zip(*done[offset:offset + len(indices)], strict=True)
            part.add(indices, outcomes, drawn)
            parts.append(part)
        seconds = (time.process_time() - started) / len(chunks)
        for part in parts[-len(chunks):]:
            part.seconds = seconds
    return parts

"""Monte Carlo replications: seeded by index, run in chunks, in one process or many.

Replication i is seeded by ``SeedSequence(seed, spawn_key=(0, i))`` (its parameter draws
by ``(1, i)``), so it is the same whatever the total and whatever ``jobs``. Work is cut
into fixed chunks of replication indices and the chunks are merged in order, so the
results are byte-identical for every number of jobs. Workers receive the scenario once
(pool initializer), not per replication.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..metrics import InvariantError, Outcome, evaluate
from ..scenario import Scenario, resolved_data
from .aggregate import Aggregate
from .pool import ordered_map, worker_count
from .uncertainty import apply_draws, draw_parameters

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

    @property
    def scenario(self) -> Scenario:
        return self.spec.scenario

    @property
    def replications(self) -> pd.DataFrame:
        """One row per replication: every metric, then every drawn parameter."""
        frame = pd.DataFrame(self.metric_values, columns=self.metric_names)
        frame.insert(0, "replication", self.aggregate.indices)
        drawn = pd.DataFrame(self.aggregate.drawn_rows)
        return pd.concat([frame, drawn], axis=1) if not drawn.empty else frame

    def metric(self, name: str) -> np.ndarray:
        return self.metric_values[:, self.metric_names.index(name)]

    @cached_property
    def metric_values(self) -> np.ndarray:
        """``[replications, metrics]``, stacked once: analyses read many metrics."""
        return np.array(self.aggregate.metric_rows)

    def mean(self, array: np.ndarray) -> np.ndarray:
        return array / self.aggregate.count


def replicate(spec: RunSpec, base: dict, index: int) -> tuple[Outcome, dict[str, float]]:
    """Replication ``index``: draw its parameters (if any), simulate, cost, fund, measure."""
    scn, drawn = spec.scenario, {}
    if spec.draws:
        rng = np.random.default_rng(np.random.SeedSequence(spec.seed, spawn_key=(1, index)))
        drawn = draw_parameters(scn, rng)
        scn = apply_draws(scn, base, drawn)
    try:
        outcome = evaluate(scn, np.random.SeedSequence(spec.seed, spawn_key=(0, index)))
    except InvariantError as err:
        raise InvariantError(f"replication {index}: {err}") from None
    return outcome, drawn


def run(spec: RunSpec, jobs: int | None = None, progress: Progress | None = None) -> RunResult:
    """Run every replication of ``spec`` on ``jobs`` processes (default: the CPUs)."""
    started = time.perf_counter()
    jobs = worker_count(jobs, -(-spec.replications // CHUNK))
    chunks = [range(i, min(i + CHUNK, spec.replications))
              for i in range(0, spec.replications, CHUNK)]
    total = Aggregate()
    done = 0
    for part in _chunk_results(spec, chunks, jobs):
        total.extend(part)
        done += part.count
        if progress:
            progress(done)
    names, provider_names = _metric_names(spec)
    return RunResult(spec, names, provider_names, total, jobs, time.perf_counter() - started)


def _chunk_results(spec: RunSpec, chunks: list[range], jobs: int) -> Iterator[Aggregate]:
    return ordered_map(_run_chunk, chunks, jobs, _init_worker, (spec,))


_WORKER: dict = {}


def _init_worker(spec: RunSpec) -> None:
    """Each worker receives the scenario once, not per replication."""
    _WORKER["spec"] = spec
    _WORKER["base"] = resolved_data(spec.scenario) if spec.draws else {}


def _run_chunk(indices: range) -> Aggregate:
    spec, base = _WORKER["spec"], _WORKER["base"]
    part = Aggregate()
    for index in indices:
        part.add(index, *replicate(spec, base, index))
    return part


def _metric_names(spec: RunSpec) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from ..metrics import metric_names, provider_metric_names

    return tuple(metric_names(spec.scenario)), tuple(provider_metric_names(spec.scenario))

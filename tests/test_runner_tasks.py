"""Chunks handed to worker processes in tasks of several: the same results, sized by pace."""

import time

import numpy as np

from finsim.montecarlo import RunSpec, run, runner
from finsim.montecarlo.aggregate import Aggregate


def _arrays(result) -> list[np.ndarray]:
    agg = result.aggregate
    return [agg.metrics, agg.indices, agg.flows, agg.ledger, agg.cashflow, agg.yearly,
            agg.providers.mean, agg.providers.m2, agg.balances()]


def test_tasks_of_several_chunks_give_the_same_bytes(small, monkeypatch):
    """Tasks of 3 chunks (the last one short) fold the very chunks, in order, that one
    process folds: every sum and moment bit-identical."""
    alone = run(RunSpec(small, 70, 5), jobs=1)
    monkeypatch.setattr(runner._Pace, "size", lambda self: 3)
    grouped = run(RunSpec(small, 70, 5), jobs=2)
    for one, two in zip(_arrays(alone), _arrays(grouped), strict=True):
        assert one.tobytes() == two.tobytes()


def test_chunks_measured_together_fold_as_alone(small):
    """A task's chunks measured in batches of ``MEASURED_TOGETHER`` (here three, then
    one alone) fold into the very aggregates that each chunk run alone gives."""
    spec = RunSpec(small, 40, 5)
    program = runner.compile_program(small)
    chunks = [range(0, 10), range(10, 20), range(20, 30), range(30, 37)]
    together = runner._run_chunks((spec, program), chunks)
    alone = [runner._run_chunks((spec, program), [c])[0] for c in chunks]
    assert runner.MEASURED_TOGETHER == 3 and len(together) == 4
    for one, two in zip(together, alone, strict=True):
        assert one.indices.tolist() == two.indices.tolist()
        for name in ("metrics", "drawn", "provider_sample", "yearly_sample"):
            assert getattr(one, name).tobytes() == getattr(two, name).tobytes(), name
        for name in ("flows", "ledger", "transfer", "fiscal", "structure", "yearly",
                     "quantities", "slots", "cashflow"):
            assert getattr(one, name).tobytes() == getattr(two, name).tobytes(), name
        assert one.balances().tobytes() == two.balances().tobytes()


def _pace(count: int, jobs: int, done: int, seconds_each: float, nbytes: int) -> runner._Pace:
    pace = runner._Pace(count, jobs)
    pace.done, pace.nbytes = done, nbytes
    pace.seconds = done * seconds_each  # CPU seconds of the workers
    return pace


def test_pace_chunks_measured_together_until_results_return():
    assert runner._Pace(100, 2).size() == runner.MEASURED_TOGETHER == 3
    assert runner._Pace(15, 2).size() == 1  # 15 left / (4 x 2 workers): a short run
    assert runner._Pace(100, 1).size() == 1


def test_pace_fills_a_task_with_quick_small_chunks():
    # 19 ms of a worker's CPU a chunk: 0.2 s is 10 chunks; plenty left; small results
    assert _pace(1000, 2, 10, 0.019, 1000).size() == 10


def test_pace_keeps_slow_or_large_chunks_alone_and_shrinks_at_the_end():
    assert _pace(1000, 2, 10, 1.0, 1000).size() == 1  # a chunk takes longer than a task
    assert _pace(1000, 2, 10, 0.001, 2 * runner.TASK_BYTES // 5).size() == 2  # bytes
    assert _pace(20, 2, 10, 0.05, 1000).size() == 2  # 20 left / (4 x 2 workers)
    assert _pace(5, 2, 10, 0.02, 1000).size() == 1  # near the end, slower chunks alone


def test_pace_sends_small_chunks_in_whole_batches_to_the_end():
    """Chunks measured together in an eighth of a task's CPU (a seed scenario's): every
    task holds whole batches (``MEASURED_TOGETHER``), the last ones too, where a chunk
    measured alone would cost a fifth more; in one process, one batch a task."""
    assert runner.MEASURED_TOGETHER == 3
    assert _pace(5, 2, 10, 0.001, 1000).size() == 3  # near the end
    assert _pace(1000, 2, 10, 0.005, 1000).size() == 39  # 0.2 s / 5 ms, whole batches
    assert _pace(23, 2, 10, 0.005, 1000).size() == 3  # 23 / 8 = 2.9: one batch
    assert _pace(1000, 1, 10, 0.005, 1000).size() == 3
    assert _pace(1000, 1, 10, 0.02, 1000).size() == 1  # 60 ms a batch: chunk by chunk
    assert _pace(1000, 2, 10, 0.001, runner.TASK_BYTES // 3 + 1).size() == 2  # bytes


def test_pace_tasks_cover_every_chunk_once_in_order():
    pace = _pace(23, 2, 10, 0.01, 1000)
    chunks = [range(i, i + 1) for i in range(23)]
    tasks = list(pace.tasks(iter(chunks)))
    assert [c for task in tasks for c in task] == chunks
    assert len(tasks) < 23 and pace.left == 0


def test_pace_remembers_the_largest_result_and_the_cpu_seconds():
    pace = runner._Pace(1000, 2)
    small_part, large_part = Aggregate(), Aggregate()
    small_part.flows, large_part.flows = np.zeros(10), np.zeros(1000)
    small_part.seconds, large_part.seconds = 0.01, 0.03
    pace.returned(large_part)
    pace.returned(small_part)
    assert pace.done == 2 and pace.nbytes == 8000 and pace.seconds == 0.04
    assert pace.size() == 10  # 0.2 s of CPU at 20 ms a chunk, whatever time passed


def test_a_chunk_reports_its_workers_cpu_seconds(small):
    spec = RunSpec(small, 20, 5)
    started = time.process_time()
    parts = runner._run_chunks((spec, runner.compile_program(small)), [range(0, 10),
                                                                       range(10, 20)])
    spent = time.process_time() - started
    assert all(p.seconds > 0 for p in parts) and sum(p.seconds for p in parts) <= spent


def test_progress_counts_every_replication_once_whatever_the_tasks(small, monkeypatch):
    """One process reports task by task (the first chunk alone, then the chunks measured
    together); worker processes as each task (of 3 chunks here) is taken back, in
    order; both end at the total. The pace follows the chunks' measured CPU: a generous
    ``TASK_SECONDS`` keeps this small scenario's chunks "small" on a slow or busy machine
    (its first chunk once took more than the 8 ms that the default allows)."""
    monkeypatch.setattr(runner, "TASK_SECONDS", 60.0)
    alone: list[int] = []
    run(RunSpec(small, 45, 5), 1, alone.append)
    assert alone == [10, 40, 45]
    monkeypatch.setattr(runner._Pace, "size", lambda self: 3)
    grouped: list[int] = []
    result = run(RunSpec(small, 45, 5), 2, grouped.append)
    assert grouped == [30, 45] and result.jobs == 2


def test_pace_hands_out_one_batch_at_a_time_in_one_process():
    assert runner._Pace(1000, 1).size() == 1  # before any result: its cost is unknown
    assert _pace(1000, 1, 10, 0.001, 1000).size() == runner.MEASURED_TOGETHER

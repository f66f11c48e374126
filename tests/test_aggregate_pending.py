"""The per-provider moments of a run are made from the sample only when read (a run
within the sample never reads them): bit for bit the moments each chunk made for itself
and the parent merged in order, wherever the sample ends."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from finsim.montecarlo import aggregate
from finsim.replication import FLOW_COLUMNS, Outcome

ROWS = arrays(np.float64, st.tuples(st.integers(1, 60), st.just(3), st.just(2)),
              elements=st.one_of(st.floats(-1e6, 1e6), st.just(np.nan)))


def outcome(providers: np.ndarray) -> Outcome:
    zeros = np.zeros((1, 1))
    return Outcome(metric_values=np.array([1.0]), provider_metrics=providers,
                   flows=np.zeros((1, 4, len(FLOW_COLUMNS))),
                   ledger=np.zeros((1, 3, 1, 2), dtype=np.int64),
                   transfer=np.zeros((1, 3, 1), dtype=np.int64),
                   fiscal=np.zeros((1, 1, 3), dtype=np.int64),
                   paid_cash=np.zeros((1, 1), dtype=np.int64),
                   yearly=np.zeros((1, 1, 2)), structure=np.zeros((2, 0)),
                   cashflow=np.zeros((1, 3, 2)), balance=zeros.astype(np.float32),
                   lowest=np.full(3, -1),
                   quantities=np.zeros((1, 3, 2)), slots=np.zeros((1, 3)))


def chunks(n: int, size: int) -> list[range]:
    return [range(i, min(i + size, n)) for i in range(0, n, size)]


def same(got: aggregate.Moments, want: aggregate.Moments) -> None:
    for name in ("count", "mean", "m2"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True), name


@settings(max_examples=60, deadline=None)
@given(ROWS, st.integers(1, 12), st.integers(1, 70), st.integers(1, 4))
def test_moments_read_from_the_sample_are_the_chunks_own(rows, size, limit, per_task) -> None:
    """Chunks folded by workers (``add``), then by the parent (``extend``, several chunks
    of a task folded first or not): the moments are the eager ones."""
    old = aggregate.SAMPLE_REPLICATIONS, aggregate.MIN_SAMPLE
    aggregate.SAMPLE_REPLICATIONS, aggregate.MIN_SAMPLE = limit, 1
    try:
        want = aggregate.Moments()
        for c in chunks(len(rows), size):  # as every chunk made and merged them before
            part = aggregate.Moments()
            part.add_many(rows[c.start:c.stop])
            want.extend(part)
        total = aggregate.Aggregate()
        for c in chunks(len(rows), size):
            part = aggregate.Aggregate()
            part.add(c, [outcome(r) for r in rows[c.start:c.stop]], [{}] * len(c))
            total.extend(part)
        assert total.sample_size == min(limit, len(rows))
        same(total.providers, want)
        # one aggregate adding chunk after chunk: every replication one by one
        alone, one = aggregate.Aggregate(), aggregate.Moments()
        one.add_many(rows)
        for c in chunks(len(rows), size):
            alone.add(c, [outcome(r) for r in rows[c.start:c.stop]], [{}] * len(c))
        same(alone.providers, one)
        # a part that folded several chunks itself, merged as one part
        nested, want = aggregate.Aggregate(), aggregate.Moments()
        cut = chunks(len(rows), size * per_task)
        for c in cut:
            task, own = aggregate.Aggregate(), aggregate.Moments()
            for k in chunks(c.stop - c.start, size):
                ks = range(c.start + k.start, c.start + k.stop)
                task.add(ks, [outcome(r) for r in rows[ks.start:ks.stop]], [{}] * len(ks))
                own.add_many(rows[ks.start:ks.stop])
            nested.extend(task)
            want.extend(own)
        same(nested.providers, want)
    finally:
        aggregate.SAMPLE_REPLICATIONS, aggregate.MIN_SAMPLE = old


def test_a_run_within_its_sample_makes_no_moments() -> None:
    total = aggregate.Aggregate()
    for c in chunks(25, 10):
        part = aggregate.Aggregate()
        part.add(c, [outcome(np.full((3, 2), float(k))) for k in c], [{}] * len(c))
        assert part._providers.count is None  # the worker sends no moments
        total.extend(part)
    assert total.exact and total._providers.count is None
    assert total.providers.mean[0, 0] == 12.0 and total.providers.count[0, 0] == 25

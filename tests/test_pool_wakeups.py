"""The pool's worker handler thread sleeps while results come back.

The standard ``multiprocessing`` pool wakes its worker handler whenever a result waits
in the result pipe, and the handler then checks its workers in a loop until the result
is read out: a run's results of a few hundred kilobytes each made it spin tens of
thousands of times, half of the parent process's CPU. ``process_pool._Pool`` wakes it only when
a worker ends or the pool changes.
"""

from __future__ import annotations

import multiprocessing.pool

import pytest

from finsim.montecarlo import pool, process_pool


def _repeated(shared: bytes, i: int) -> bytes:
    return shared * i


def _maintenance_count(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts each time the handler thread wakes (it maintains the pool every time)."""
    calls: list[int] = []
    maintain = multiprocessing.pool.Pool._maintain_pool

    def counted(*args, **kwargs):
        calls.append(1)
        return maintain(*args, **kwargs)

    monkeypatch.setattr(multiprocessing.pool.Pool, "_maintain_pool", staticmethod(counted))
    return calls


def test_large_results_come_back_in_order_without_waking_the_handler(monkeypatch):
    calls = _maintenance_count(monkeypatch)
    out = list(pool.Processes(2).ordered_map(_repeated, range(30), b"x" * 100_000))
    assert [len(x) for x in out] == [100_000 * i for i in range(30)]
    assert all(x == b"x" * len(x) for x in out)
    assert len(calls) <= 3  # at the start, and at the close or the last result


def test_the_standard_pool_spins_on_the_same_results(monkeypatch):
    """The reference: with the standard pool's wake-ups the handler runs once per
    chunk of a result read, at least once per result."""
    calls = _maintenance_count(monkeypatch)
    monkeypatch.setattr(process_pool._Pool, "_get_sentinels", multiprocessing.pool.Pool._get_sentinels)
    out = list(pool.Processes(2).ordered_map(_repeated, range(30), b"x" * 100_000))
    assert len(out) == 30
    assert len(calls) > 30

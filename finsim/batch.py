"""Several replications' results as one: arrays with a leading replication axis.

A replication's stages (ledger, funding, cash flow, metrics) are numpy passes over
arrays of a few hundred cells, where each call's fixed cost outweighs its work; run over
a batch of replications at once, the same calls do R replications' work for about the
cost of one. The *batched form* of a stage's result is the result of every replication
of the batch stacked: ``stack`` makes it from the replications' own results (the
reference a batched stage is tested against) and ``unstack`` takes one replication's
part back out (views, no copy).

The rules, recursively: a numpy array or a number becomes an array with a new leading
axis of length R; a dict stacks its values key by key; a dataclass stacks its fields
that are arrays, dicts or dataclasses and takes every other field (ids, labels, counts
that are the same in every replication) from the first; a tuple or list of arrays or
dataclasses is stacked item by item; anything else (strings, tuples of ids, None) is
taken from the first. Spells are ragged (each replication has its own number of
people) and have their own batched form, ``simulation.batch.SpellBatch``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


def stack(items: Sequence[T]) -> T:
    """The batched form of ``items`` (the same kind of result from R replications)."""
    first = items[0]
    if isinstance(first, np.ndarray | int | float | np.number) and not isinstance(first, bool):
        return np.stack([np.asarray(x) for x in items])  # type: ignore[return-value]
    if isinstance(first, dict):
        return {k: stack([x[k] for x in items]) for k in first}  # type: ignore[return-value]
    if dataclasses.is_dataclass(first) and not isinstance(first, type):
        changes = {f.name: stack([getattr(x, f.name) for x in items])
                   for f in dataclasses.fields(first) if f.init
                   and _stacked_field(getattr(first, f.name))}
        return dataclasses.replace(first, **changes) if changes else first
    if isinstance(first, tuple | list) and first and _stacked_field(first[0]):
        return type(first)(stack([x[k] for x in items]) for k in range(len(first)))
    return first


def unstack(batch: T, r: int) -> T:
    """Replication ``r``'s part of a batched result (``stack``'s inverse; views)."""
    if isinstance(batch, np.ndarray):
        return batch[r]  # type: ignore[return-value]
    if isinstance(batch, dict):
        return {k: unstack(v, r) for k, v in batch.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(batch) and not isinstance(batch, type):
        changes = {f.name: unstack(getattr(batch, f.name), r)
                   for f in dataclasses.fields(batch) if f.init
                   and _stacked_field(getattr(batch, f.name))}
        return dataclasses.replace(batch, **changes) if changes else batch
    if isinstance(batch, tuple | list) and batch and _stacked_field(batch[0]):
        return type(batch)(unstack(x, r) for x in batch)  # type: ignore[return-value]
    return batch


def _stacked_field(value: Any) -> bool:
    """Whether a dataclass field or sequence item is stacked (else taken from the first)."""
    if isinstance(value, np.ndarray | dict):
        return True
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return True
    return isinstance(value, tuple | list) and bool(value) and _stacked_field(value[0])


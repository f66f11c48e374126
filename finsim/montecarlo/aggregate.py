"""Streaming aggregation of replications: keep scalars per replication, sums for the rest.

Per replication we keep only what percentiles need (the metrics, per provider too, and
the small yearly funding table); monthly flows, the ledger and the structure are
summed as they come, so memory stays flat in the number of replications. Chunks are
merged in index order, so sums are bit-identical whatever the number of jobs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..metrics import Outcome


@dataclass
class Aggregate:
    """Replications folded together, in index order."""

    indices: list[int] = field(default_factory=list)
    metric_rows: list[np.ndarray] = field(default_factory=list)
    drawn_rows: list[dict[str, float]] = field(default_factory=list)
    provider_rows: list[np.ndarray] = field(default_factory=list)
    yearly_rows: list[np.ndarray] = field(default_factory=list)
    flows: np.ndarray | None = None
    ledger: np.ndarray | None = None
    structure: np.ndarray | None = None

    def add(self, index: int, outcome: Outcome, drawn: dict[str, float]) -> None:
        self.indices.append(index)
        self.metric_rows.append(outcome.metric_values)
        self.drawn_rows.append(drawn)
        self.provider_rows.append(outcome.provider_metrics)
        self.yearly_rows.append(outcome.yearly)
        self.flows = _plus(self.flows, outcome.flows)
        self.ledger = _plus(self.ledger, outcome.ledger)
        self.structure = _plus(self.structure, outcome.structure)

    def extend(self, other: Aggregate) -> None:
        """Append a later chunk."""
        self.indices += other.indices
        self.metric_rows += other.metric_rows
        self.drawn_rows += other.drawn_rows
        self.provider_rows += other.provider_rows
        self.yearly_rows += other.yearly_rows
        self.flows = _plus(self.flows, other.flows)
        self.ledger = _plus(self.ledger, other.ledger)
        self.structure = _plus(self.structure, other.structure)

    @property
    def count(self) -> int:
        return len(self.indices)


def _plus(total: np.ndarray | None, value: np.ndarray | None) -> np.ndarray | None:
    if value is None:
        return total
    return value.copy() if total is None else total + value

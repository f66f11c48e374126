"""Streaming aggregation of replications: keep scalars per replication, sums for the rest.

Per replication we keep only what percentiles need (the metrics, per provider too, and
the small yearly funding table); monthly flows, the ledger and the structure are
summed as they come, so memory stays flat in the number of replications. Chunks are
merged in index order, so sums are bit-identical whatever the number of jobs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..replication import Outcome


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
    transfer: np.ndarray | None = None
    fiscal: np.ndarray | None = None
    structure: np.ndarray | None = None
    cashflow: np.ndarray | None = None
    """Summed cash flow, its months as long as the longest replication's."""
    balance_rows: list[np.ndarray] = field(default_factory=list)

    def add(self, index: int, outcome: Outcome, drawn: dict[str, float]) -> None:
        self.indices.append(index)
        self.metric_rows.append(outcome.metric_values)
        self.drawn_rows.append(drawn)
        self.provider_rows.append(outcome.provider_metrics)
        self.yearly_rows.append(outcome.yearly)
        self.flows = _plus(self.flows, outcome.flows)
        self.ledger = _plus(self.ledger, outcome.ledger)
        self.transfer = _plus(self.transfer, outcome.transfer)
        self.fiscal = _plus(self.fiscal, outcome.fiscal)
        self.structure = _plus(self.structure, outcome.structure)
        self.cashflow = _plus_padded(self.cashflow, outcome.cashflow)
        self.balance_rows.append(outcome.balance)

    def extend(self, other: Aggregate) -> None:
        """Append a later chunk."""
        self.indices += other.indices
        self.metric_rows += other.metric_rows
        self.drawn_rows += other.drawn_rows
        self.provider_rows += other.provider_rows
        self.yearly_rows += other.yearly_rows
        self.flows = _plus(self.flows, other.flows)
        self.ledger = _plus(self.ledger, other.ledger)
        self.transfer = _plus(self.transfer, other.transfer)
        self.fiscal = _plus(self.fiscal, other.fiscal)
        self.structure = _plus(self.structure, other.structure)
        self.cashflow = _plus_padded(self.cashflow, other.cashflow)
        self.balance_rows += other.balance_rows

    def balances(self) -> np.ndarray:
        """Every replication's balance, ``[replications, months, providers + 1]``; a
        shorter cash flow keeps its last balance (nothing moves after its last payment)."""
        months = max(b.shape[0] for b in self.balance_rows)
        return np.stack([np.pad(b, ((0, months - b.shape[0]), (0, 0)), mode="edge")
                         for b in self.balance_rows])

    @property
    def count(self) -> int:
        return len(self.indices)


def _plus(total: np.ndarray | None, value: np.ndarray | None) -> np.ndarray | None:
    if value is None:
        return total
    return value.copy() if total is None else total + value


def _plus_padded(total: np.ndarray | None, value: np.ndarray) -> np.ndarray:
    """Sum of cash flows whose months may differ (a drawn payment lag): zeros pad."""
    if total is None:
        return value.copy()
    months = max(total.shape[0], value.shape[0])
    out = np.zeros((months, *total.shape[1:]))
    out[:total.shape[0]] += total
    out[:value.shape[0]] += value
    return out

"""A category's charges person by person, for a funder whose share stops at a sum per
person (``per_person_limit``): the ledger's cells add persons up, so the funding stage
gets each spell's charges beside them, in time order, and counts the limit spell by spell.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True, eq=False)
class SpellCharges:
    """The charges of every spell of a batch, ``[spells, charges]``, each spell's in the
    order they fall due (0 EUR where a spell has fewer)."""

    eur: np.ndarray
    """EUR of each charge, unrounded, ``[spells, charges]``."""
    month: np.ndarray
    """The month it is charged in, ``[spells, charges]``."""
    year: np.ndarray
    """Its tenure year (the ledger's slot), ``[spells, charges]``."""
    provider: np.ndarray
    """``[spells]``."""
    rep: np.ndarray
    """The replication of each spell in the batch, ``[spells]``."""
    count: int
    """Replications in the batch."""
    months: int
    providers: int

    def limited(self, share: np.ndarray, limit: float) -> np.ndarray:
        """EUR a funder wants of each (replication, month, provider) cell: its share of
        each charge (``share`` by tenure year), each spell's running sum at most
        ``limit``, ``[count, months, providers]`` summed over the spell's cells."""
        wanted = share[np.minimum(self.year, len(share) - 1)] * self.eur
        paid = np.diff(np.minimum(np.cumsum(wanted, axis=1), limit), axis=1, prepend=0.0)
        providers = self.providers
        cell = (self.rep[:, None] * self.months + self.month) * providers + self.provider[:, None]
        summed = np.bincount(cell.ravel(), weights=paid.ravel(),
                             minlength=self.count * self.months * providers)
        return summed.reshape(self.count, self.months, providers)

    def in_months(self, months: slice) -> SpellCharges:
        """The charges of the months ``months`` (a run of the horizon's), counted from
        its first: a funder in force then counts its limit from there."""
        first, stop, _ = months.indices(self.months)
        inside = (self.month >= first) & (self.month < stop)
        return replace(self, eur=np.where(inside, self.eur, 0.0),
                       month=np.where(inside, self.month - first, 0),
                       months=max(stop - first, 0))

    def of_rows(self, rows: np.ndarray) -> SpellCharges:
        """The spells of the replications ``rows`` of the batch, renumbered 0, 1, ..."""
        position = np.full(self.count, -1)
        position[rows] = np.arange(len(rows))
        mine = position[self.rep] >= 0
        return replace(self, eur=self.eur[mine], month=self.month[mine],
                       year=self.year[mine], provider=self.provider[mine],
                       rep=position[self.rep[mine]], count=len(rows))

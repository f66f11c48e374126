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
    unattributed: np.ndarray | None = None
    """EUR booked in cells where no spell is charged anything, ``[count, months,
    providers]`` (``as_booked``), or None: no person's sum counts it."""

    def limited(self, share: np.ndarray, limit: float) -> np.ndarray:
        """EUR a funder wants of each (replication, month, provider) cell: its share of
        each charge (``share`` by tenure year), each spell's running sum at most
        ``limit``, ``[count, months, providers]`` summed over the spell's cells; of a
        cost booked where nobody is charged (``unattributed``), its year-one share in
        full, as nobody's sum."""
        wanted = share[np.minimum(self.year, len(share) - 1)] * self.eur
        paid = np.diff(np.minimum(np.cumsum(wanted, axis=1), limit), axis=1, prepend=0.0)
        summed = self._by_cell(paid)
        if self.unattributed is not None:
            summed += share[0] * self.unattributed
        return summed

    def as_booked(self, booked: np.ndarray) -> SpellCharges:
        """The charges with each booked cell's (``booked``: EUR ``[count, months,
        providers]`` or what broadcasts to it, NaN where nothing is booked) scaled by its
        booking over their sum: a funder wants its share of what was really booked, spread
        over the persons as the ledger spreads it, and each person's sum counts it. A
        booked cell where nobody is charged keeps its booking apart (``unattributed``)."""
        shape = (self.count, self.months, self.providers)
        booked = np.broadcast_to(booked, shape)
        simulated = self._by_cell(self.eur)
        given = ~np.isnan(booked)
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(given & (simulated > 0), booked / simulated, 1.0)
        alone = np.where(given & (simulated <= 0), booked, 0.0)
        return replace(self, eur=self.eur * factor.ravel()[self._cells()], unattributed=alone)

    def _cells(self) -> np.ndarray:
        """The flat (replication, month, provider) cell of each charge, ``[spells, charges]``."""
        return ((self.rep[:, None] * self.months + self.month) * self.providers
                + self.provider[:, None])

    def _by_cell(self, eur: np.ndarray) -> np.ndarray:
        """``eur`` (one amount per charge) summed per cell, ``[count, months, providers]``."""
        summed = np.bincount(self._cells().ravel(), weights=eur.ravel(),
                             minlength=self.count * self.months * self.providers)
        return summed.reshape(self.count, self.months, self.providers)

    def in_months(self, months: slice) -> SpellCharges:
        """The charges of the months ``months`` (a run of the horizon's), counted from
        its first: a funder in force then counts its limit from there."""
        first, stop, _ = months.indices(self.months)
        inside = (self.month >= first) & (self.month < stop)
        alone = self.unattributed
        return replace(self, eur=np.where(inside, self.eur, 0.0),
                       month=np.where(inside, self.month - first, 0),
                       months=max(stop - first, 0),
                       unattributed=None if alone is None else alone[:, months])

    def of_rows(self, rows: np.ndarray) -> SpellCharges:
        """The spells of the replications ``rows`` of the batch, renumbered 0, 1, ..."""
        position = np.full(self.count, -1)
        position[rows] = np.arange(len(rows))
        mine = position[self.rep] >= 0
        alone = self.unattributed
        return replace(self, eur=self.eur[mine], month=self.month[mine],
                       year=self.year[mine], provider=self.provider[mine],
                       rep=position[self.rep[mine]], count=len(rows),
                       unattributed=None if alone is None else alone[rows])

"""Several replications' spells as one set of columns, for the stages that run batched.

Each replication has its own number of entrants and referrals, so spells are not
stacked (``finsim.batch``) but concatenated: every per-entrant column of every
replication end to end, in replication order, with ``rep`` saying whose each entrant is
(and ``referral_rep`` for the per-referral columns). Indices *into* a replication's own
columns (``referral_index``, ``entrant``) stay as they were, relative to that
replication's first entrant or referral (``offsets``, ``referral_offsets``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from functools import cached_property

import numpy as np

from .spells import Spells

ENTRANT_COLUMNS = ("provider", "referral", "entry", "exit", "reason", "initial",
                   "referral_index", "attributes", "modules")
"""Spells' columns with one row per entrant."""
REFERRAL_COLUMNS = ("referral_time", "outcome", "outcome_time", "entrant", "patience")
"""Spells' columns with one row per referral."""


@dataclass(frozen=True, eq=False)
class SpellBatch:
    """R replications' spells, concatenated.

    ``spells``: a ``Spells`` whose per-entrant and per-referral columns are those of
    every replication end to end; its ``slots`` are stacked, ``[R, months, providers]``
    (a drawn slot count differs between replications); ``horizon`` and the ids are the
    same in every replication of a run.
    """

    spells: Spells
    offsets: np.ndarray
    """``[R + 1]``: replication r's entrants are rows ``offsets[r]:offsets[r + 1]``."""
    referral_offsets: np.ndarray
    """``[R + 1]``: the same for the per-referral columns."""

    @property
    def count(self) -> int:
        """R, the replications in the batch."""
        return len(self.offsets) - 1

    @cached_property
    def rep(self) -> np.ndarray:
        """``[entrants]``: the replication (0 to R - 1) of each entrant row."""
        return np.repeat(np.arange(self.count), np.diff(self.offsets))

    @cached_property
    def referral_rep(self) -> np.ndarray:
        """``[referrals]``: the replication of each referral row."""
        return np.repeat(np.arange(self.count), np.diff(self.referral_offsets))

    def part(self, r: int) -> Spells:
        """Replication ``r``'s own spells (views)."""
        entrants = slice(self.offsets[r], self.offsets[r + 1])
        referrals = slice(self.referral_offsets[r], self.referral_offsets[r + 1])
        s = self.spells
        return replace(s, slots=s.slots[r],
                       **{c: getattr(s, c)[entrants] for c in ENTRANT_COLUMNS},
                       **{c: getattr(s, c)[referrals] for c in REFERRAL_COLUMNS})


def alone(spells: Spells) -> SpellBatch:
    """One replication's spells as a batch of one (views: nothing copied)."""
    return SpellBatch(spells=replace(spells, slots=spells.slots[None]),
                      offsets=np.array([0, spells.n_entrants]),
                      referral_offsets=np.array([0, spells.n_referrals]))


def spell_batch(parts: Sequence[Spells]) -> SpellBatch:
    """The spells of ``parts`` (R replications of one run) as one batch."""
    first = parts[0]
    columns = {c: np.concatenate([getattr(p, c) for p in parts])
               for c in (*ENTRANT_COLUMNS, *REFERRAL_COLUMNS)}
    spells = replace(first, slots=np.stack([p.slots for p in parts]), **columns)
    return SpellBatch(spells=spells, offsets=offsets([p.n_entrants for p in parts]),
                      referral_offsets=offsets([p.n_referrals for p in parts]))


def offsets(sizes: Sequence[int]) -> np.ndarray:
    """``[len(sizes) + 1]``: where each part of parts end to end begins, then the end."""
    return np.concatenate([[0], np.cumsum(sizes)])


if {f.name for f in fields(Spells)} - {*ENTRANT_COLUMNS, *REFERRAL_COLUMNS} != {
        "horizon", "slots", "provider_ids", "attribute_names", "attribute_values",
        "module_ids"}:
    raise ImportError("simulation.batch: a column of Spells is neither per entrant nor "
                      "per referral")

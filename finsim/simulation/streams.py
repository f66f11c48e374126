"""Random streams, one per purpose, so scenario comparisons run on common random numbers.

Each purpose gets its own ``numpy.random.Generator`` spawned from the replication's
``SeedSequence`` with a fixed spawn key per purpose. Changing one parameter (say, one
provider's slots) then changes only the draws that truly depend on it: the referral
times come from ``arrivals`` alone, and every per-person draw (attributes, exit clocks,
patience, modules, assignment) is taken from fixed-size per-referral blocks, so referral
``j`` gets the same numbers whatever happened to anyone else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PURPOSES = ("arrivals", "attributes", "assignment", "exits", "patience", "modules", "initial")
"""Stream names; ``_KEY_BASE + index`` is the last spawn-key element. Never reorder."""
_KEY_BASE = 0x51_0000
"""Offset of the purpose keys, so that ``seed.spawn(n)`` elsewhere (keys 0, 1, ...) on the
same replication seed can never hand out one of these streams."""


@dataclass(frozen=True)
class Streams:
    """Independent generators by purpose (``initial`` serves the people in slots at t=0)."""

    arrivals: np.random.Generator
    attributes: np.random.Generator
    assignment: np.random.Generator
    exits: np.random.Generator
    patience: np.random.Generator
    modules: np.random.Generator
    initial: np.random.Generator

    @classmethod
    def from_seed(cls, seed: np.random.SeedSequence) -> Streams:
        """Spawn one generator per purpose, deterministically by purpose (not by call order)."""
        gens = {
            name: np.random.Generator(np.random.PCG64(np.random.SeedSequence(
                entropy=seed.entropy, spawn_key=(*seed.spawn_key, _KEY_BASE + k),
                pool_size=seed.pool_size)))
            for k, name in enumerate(PURPOSES)
        }
        return cls(**gens)

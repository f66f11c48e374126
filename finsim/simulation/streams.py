"""Random streams, one per purpose, so scenario comparisons run on common random numbers.

Each purpose gets its own ``numpy.random.Generator`` spawned from the replication's
``SeedSequence`` with a fixed spawn key per purpose. Changing one parameter (say, one
provider's slots) then changes only the draws that truly depend on it: the referral
times come from ``arrivals`` alone, and every per-person draw (attributes, exit clocks,
patience, modules, assignment) is taken from fixed-size per-referral blocks, so referral
``j`` gets the same numbers whatever happened to anyone else.
"""

from __future__ import annotations

import numpy as np

PURPOSES = ("arrivals", "attributes", "assignment", "exits", "patience", "modules", "initial")
"""Stream names; ``_KEY_BASE + index`` is the last spawn-key element. Never reorder."""
_KEY_BASE = 0x51_0000
"""Offset of the purpose keys, so that ``seed.spawn(n)`` elsewhere (keys 0, 1, ...) on the
same replication seed can never hand out one of these streams."""


class Streams:
    """Independent generators by purpose (``initial`` serves the people in slots at t=0).

    Each is made on first use: setting one up costs about as much as a hundred events,
    and a program without people at the start, attributes or modules never draws from
    three of them. A stream's numbers do not depend on which others were made.
    """

    arrivals: np.random.Generator
    attributes: np.random.Generator
    assignment: np.random.Generator
    exits: np.random.Generator
    patience: np.random.Generator
    modules: np.random.Generator
    initial: np.random.Generator

    def __init__(self, seed: np.random.SeedSequence) -> None:
        self._seed = seed

    @classmethod
    def from_seed(cls, seed: np.random.SeedSequence) -> Streams:
        """One generator per purpose, spawned deterministically by purpose (not by call
        order) when first used."""
        return cls(seed)

    def __getattr__(self, name: str) -> np.random.Generator:
        if name not in PURPOSES:
            raise AttributeError(name)
        seed = self._seed
        generator = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
            entropy=seed.entropy, spawn_key=(*seed.spawn_key, _KEY_BASE + PURPOSES.index(name)),
            pool_size=seed.pool_size)))
        setattr(self, name, generator)  # found as an attribute from now on
        return generator

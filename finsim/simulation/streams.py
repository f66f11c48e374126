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
        self._words: list[int] | None = None

    @classmethod
    def from_seed(cls, seed: np.random.SeedSequence) -> Streams:
        """One generator per purpose, spawned deterministically by purpose (not by call
        order) when first used."""
        return cls(seed)

    def __getattr__(self, name: str) -> np.random.Generator:
        if name not in PURPOSES:
            raise AttributeError(name)
        key = _KEY_BASE + PURPOSES.index(name)
        if self._words is None:
            self._words = seed_words(self._seed)
        if self._words:
            child = np.random.SeedSequence(np.array([*self._words, key], dtype=np.uint32),
                                           pool_size=self._seed.pool_size)
        else:  # entropy numpy does not take as an int: let it assemble the words
            seed = self._seed
            child = np.random.SeedSequence(entropy=seed.entropy,
                                           spawn_key=(*seed.spawn_key, key),
                                           pool_size=seed.pool_size)
        generator = np.random.Generator(np.random.PCG64(child))
        setattr(self, name, generator)  # found as an attribute from now on
        return generator


def seed_words(seed: np.random.SeedSequence) -> list[int]:
    """The 32-bit words numpy's ``SeedSequence`` mixes for ``seed``'s entropy and spawn key,
    without the child's last key word (empty for entropy that is not an int).

    ``SeedSequence(entropy=e, spawn_key=(*k, key), pool_size=n)`` mixes the words of ``e``
    (least significant first; padded with zeros to ``n`` words when there is a spawn key),
    then those of each key: given those words as one array, it mixes the same words into
    the same pool, at a third of the cost of assembling them itself (the streams of one
    replication are a sixth of its simulation's time).
    """
    entropy, keys = seed.entropy, seed.spawn_key
    if not isinstance(entropy, int) or not all(isinstance(k, int) for k in keys):
        return []
    words = _words(entropy)
    words += [0] * max(0, seed.pool_size - len(words))  # a child always has a spawn key
    for k in keys:
        words += _words(k)
    return words


def _words(n: int) -> list[int]:
    """A non-negative int as numpy's ``SeedSequence`` splits it: 32-bit words, least
    significant first (0 is one word)."""
    out = [n & 0xFFFF_FFFF]
    n >>= 32
    while n:
        out.append(n & 0xFFFF_FFFF)
        n >>= 32
    return out

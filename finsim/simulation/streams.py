"""Random streams, one per purpose, so scenario comparisons run on common random numbers.

Each purpose gets its own ``numpy.random.Generator`` spawned from the replication's
``SeedSequence`` with a fixed spawn key per purpose. Changing one parameter (say, one
provider's slots) then changes only the draws that truly depend on it: the referral
times come from ``arrivals`` alone, and every per-person draw (attributes, exit clocks,
patience, modules, assignment) is taken from fixed-size per-referral blocks, so referral
``j`` gets the same numbers whatever happened to anyone else.
"""

from __future__ import annotations

import functools

import numpy as np

PURPOSES = ("arrivals", "attributes", "assignment", "exits", "patience", "modules", "initial")
"""Stream names; ``_KEY_BASE + index`` is the last spawn-key element. Never reorder."""
_KEY_BASE = 0x51_0000
"""Offset of the purpose keys, so that ``seed.spawn(n)`` elsewhere (keys 0, 1, ...) on the
same replication seed can never hand out one of these streams."""


class Streams:
    """Independent generators by purpose (``initial`` serves the people in slots at t=0).

    Each is made on first use (a program without people at the start, attributes or
    modules never draws from three of them); the seeds of all purposes are worked out
    together at the first (``_child_seeds``). A stream's numbers do not depend on which
    others were made.
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
        self._children: np.ndarray | None = None

    @classmethod
    def from_seed(cls, seed: np.random.SeedSequence) -> Streams:
        """One generator per purpose, spawned deterministically by purpose (not by call
        order) when first used."""
        return cls(seed)

    def __getattr__(self, name: str) -> np.random.Generator:
        if name not in PURPOSES:
            raise AttributeError(name)
        k = PURPOSES.index(name)
        if self._children is None:
            words = seed_words(self._seed)
            self._children = _child_seeds(words, self._seed.pool_size) if words else _NONE
        if self._children.size:
            child: np.random.bit_generator.ISeedSequence = _Seeded(self._children[k])
        else:  # entropy numpy does not take as an int: let it assemble the words
            seed = self._seed
            child = np.random.SeedSequence(entropy=seed.entropy,
                                           spawn_key=(*seed.spawn_key, _KEY_BASE + k),
                                           pool_size=seed.pool_size)
        generator = np.random.Generator(np.random.PCG64(child))
        setattr(self, name, generator)  # found as an attribute from now on
        return generator


_NONE = np.empty((0, 4), dtype=np.uint64)
"""No child seeds worked out: each stream's ``SeedSequence`` makes its own."""

# numpy's SeedSequence constants (numpy/random/bit_generator.pyx, after O'Neill's seed_seq_fe)
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875  # hashing entropy into the pool
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED  # hashing the pool into generated state
_MIX_L, _MIX_R = np.uint32(0xCA01F9DD), np.uint32(0x4973F715)
_MASK = 0xFFFF_FFFF


@functools.lru_cache(maxsize=64)
def _constants(init: int, mult: int, start: int, n: int) -> np.ndarray:
    """The hash constants ``init * mult**k`` (32 bits) for k = start, ..., start + n - 1
    (the same for every seed with as many words)."""
    first = init * pow(mult, start, 1 << 32) & _MASK
    out = [first]
    for _ in range(n - 1):
        out.append(out[-1] * mult & _MASK)
    return np.array(out, dtype=np.uint32)


_GENERATE = _constants(_INIT_B, _MULT_B, 0, 9)
"""``generate_state``'s constants for the 8 words of a PCG64 seed (4 x 64 bits)."""
_KEYS = np.arange(_KEY_BASE, _KEY_BASE + len(PURPOSES), dtype=np.uint32)[:, None]


def _child_seeds(words: list[int], pool_size: int) -> np.ndarray:
    """``[purposes, 4]``: what ``generate_state(4, np.uint64)`` of each purpose's child
    ``SeedSequence(words + [key], pool_size)`` returns (the seed PCG64 asks for), for
    all purposes at once: half the cost of a ``SeedSequence`` per stream.

    numpy's ``SeedSequence`` hashes the words into a pool one by one; each word past
    the pool's size (``seed_words`` fills the pool, so the key is one) is hashed once
    per pool word and mixed into it, the hash constant advancing with every hashing.
    So the children share the pool of ``words`` and then each mixes in its key. A seed
    is the pool, cycled to 8 words, hashed with constants of its own. The test
    ``tests/test_simulation_streams.py`` holds it to numpy's own children.
    """
    pool = np.random.SeedSequence(np.array(words, dtype=np.uint32), pool_size=pool_size).pool
    const = _constants(_INIT_A, _MULT_A, pool_size * len(words), pool_size + 1)
    hashed = (_KEYS ^ const[:-1]) * const[1:]  # hashmix(key) for each pool word
    hashed ^= hashed >> 16
    mixed = _MIX_L * pool - _MIX_R * hashed  # mix(pool word, hashed key)
    mixed ^= mixed >> 16
    cycled = np.concatenate([mixed, mixed], axis=1)[:, :8]  # a pool has at least 4 words
    state = (cycled ^ _GENERATE[:-1]) * _GENERATE[1:]
    state ^= state >> 16
    return state.astype("<u4").view("<u8").astype(np.uint64)


class _Seeded(np.random.bit_generator.ISpawnableSeedSequence):
    """A seed sequence whose PCG64 seed is already worked out (``_child_seeds``)."""

    def __init__(self, state: np.ndarray) -> None:
        self.state = state

    def generate_state(self, n_words: int, dtype: type = np.uint32) -> np.ndarray:
        if n_words != 4 or np.dtype(dtype) != np.uint64:
            raise ValueError("only a PCG64 seed (4 words of 64 bits) is worked out")
        return self.state

    def spawn(self, n_children: int) -> list:
        raise NotImplementedError("purpose streams do not spawn")


def seed_words(seed: np.random.SeedSequence) -> list[int]:
    """The 32-bit words numpy's ``SeedSequence`` mixes for ``seed``'s entropy and spawn key,
    without the child's last key word (empty for entropy that is not an int).

    ``SeedSequence(entropy=e, spawn_key=(*k, key), pool_size=n)`` mixes the words of ``e``
    (least significant first; padded with zeros to ``n`` words when there is a spawn key),
    then those of each key: given those words as one array, it mixes the same words into
    the same pool (``_child_seeds``).
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

"""Random streams, one per purpose, so scenario comparisons run on common random numbers.

Each purpose gets its own ``numpy.random.Generator`` spawned from the replication's
``SeedSequence`` with a fixed spawn key per purpose. Changing one parameter (say, one
provider's slots) then changes only the draws that truly depend on it: the referral
times come from ``arrivals`` alone, and every per-person draw (exit clocks, patience,
assignment) is taken from fixed-size per-referral blocks, so referral ``j`` gets the
same numbers whatever happened to anyone else. Each attribute and each module has a
stream of its own, keyed by its name (``stream_key``): adding, removing or changing one
leaves the others' numbers exactly as they were.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence

import numpy as np
from numpy.random.bit_generator import ISeedSequence

from ..scenario.errors import Problem, ScenarioError

PURPOSES = ("arrivals", "attributes", "assignment", "exits", "patience", "modules", "initial")
"""Stream names; ``_KEY_BASE + index`` is the last spawn-key element. Never reorder.
``attributes`` and ``modules`` are no longer drawn from (each attribute and module has
its own keyed stream) and stay for the others' keys."""
_KEY_BASE = 0x51_0000
"""Offset of the purpose keys, so that ``seed.spawn(n)`` elsewhere (keys 0, 1, ...) on the
same replication seed can never hand out one of these streams."""
_KEYS = tuple(range(_KEY_BASE, _KEY_BASE + len(PURPOSES)))


def stream_key(label: str) -> int:
    """The last spawn-key element of the stream labelled ``label`` (``"attribute:sex"``,
    a parameter's path): a stable 32-bit hash of the label, so that the stream keeps its
    numbers whatever other streams a scenario adds or drops (Python's ``hash`` of a str
    changes from one process to the next)."""
    return int.from_bytes(hashlib.blake2b(label.encode(), digest_size=4).digest(), "little")


@functools.lru_cache(maxsize=64)
def stream_keys(labels: tuple[str, ...]) -> tuple[int, ...]:
    """``stream_key`` of each label, refused if two labels (or a label and a purpose)
    share a key (some 1 in 10 million for a scenario's few dozen names): their numbers
    would be the same."""
    keys = tuple(map(stream_key, labels))
    taken = dict.fromkeys(_KEYS, "a purpose stream")
    for label, key in zip(labels, keys, strict=True):
        if taken.setdefault(key, label) != label:
            raise ScenarioError([Problem(
                "scenario", label, f"its random stream would be the same as that of "
                f"{taken[key]!r} (their names' hashes meet, about 1 in 10 million): rename "
                "one of the two", show_value=False)])
    return keys


class Streams:
    """Independent generators by purpose (``initial`` serves the people in slots at t=0),
    and one per label given (``keyed``: an attribute's or a module's own).

    The seeds of all purposes and labels are worked out together (``child_states``:
    seven for the cost of one), each generator is made on first use (a program without
    people at the start never draws from ``initial``). A stream's numbers do not depend
    on which others were made or which labels were given.
    """

    arrivals: np.random.Generator
    attributes: np.random.Generator
    assignment: np.random.Generator
    exits: np.random.Generator
    patience: np.random.Generator
    modules: np.random.Generator
    initial: np.random.Generator

    def __init__(self, seed: np.random.SeedSequence, labels: tuple[str, ...] = (),
                 states: np.ndarray | None = None) -> None:
        self._seed = seed
        self._labels = labels
        self._keys = _KEYS + stream_keys(labels)
        self._states = child_states(seed, self._keys) if states is None else states

    @classmethod
    def from_seed(cls, seed: np.random.SeedSequence, labels: tuple[str, ...] = ()) -> Streams:
        """One generator per purpose and per label, spawned deterministically by purpose
        or label (not by call order) when first used."""
        return cls(seed, labels)

    @classmethod
    def many(cls, seeds: Sequence[np.random.SeedSequence],
             labels: tuple[str, ...] = ()) -> list[Streams]:
        """``from_seed`` of each seed, the seeds of all their streams worked out in one
        numpy pass (``child_states_many``) where the seeds allow."""
        states = child_states_many(seeds, _KEYS + stream_keys(labels)) if seeds else None
        if states is None:
            return [cls(seed, labels) for seed in seeds]
        return [cls(seed, labels, state) for seed, state in zip(seeds, states, strict=True)]

    def keyed(self, label: str) -> np.random.Generator:
        """The stream of ``label``: the seed's child by ``stream_key(label)``, whether or
        not the label was given (given, its seed was worked out with the others)."""
        if label not in self._labels:
            return np.random.Generator(np.random.PCG64(child(self._seed, stream_key(label))))
        return self._generator(len(PURPOSES) + self._labels.index(label))

    def uniforms(self, given: Sequence[int | None], rows: int) -> np.ndarray:
        """``[rows, len(given)]`` uniforms (column-major), column c the first ``rows``
        numbers of the stream of the ``given[c]``-th label given (what ``keyed`` of it
        draws), or 0 where ``given[c]`` is None; drawn straight into the array."""
        out = np.zeros((len(given), rows))
        for c, k in enumerate(given):
            if k is not None:
                self._generator(len(PURPOSES) + k).random(out=out[c])
        return out.T

    def __getattr__(self, name: str) -> np.random.Generator:
        if name not in PURPOSES:
            raise AttributeError(name)
        generator = self._generator(PURPOSES.index(name))
        setattr(self, name, generator)  # found as an attribute from now on
        return generator

    def _generator(self, k: int) -> np.random.Generator:
        """A new generator on the stream of ``self._keys[k]``."""
        return np.random.Generator(self._bits(k))

    def _bits(self, k: int) -> np.random.PCG64:
        """A new bit generator on the stream of ``self._keys[k]``."""
        if self._states is None:  # entropy or spawn key not ints: numpy's own path
            return np.random.PCG64(child(self._seed, self._keys[k]))
        return np.random.PCG64(Seeded(self._states[k]))


def child(seed: np.random.SeedSequence, key: int) -> np.random.SeedSequence:
    """numpy's child of ``seed`` by the last spawn-key element ``key``."""
    return np.random.SeedSequence(entropy=seed.entropy, spawn_key=(*seed.spawn_key, key),
                                  pool_size=seed.pool_size)


def child_states(parent: np.random.SeedSequence, keys: Sequence[int]) -> np.ndarray | None:
    """``[keys, 4]`` uint64: what ``child(parent, key).generate_state(4, np.uint64)``
    returns (PCG64's seed) for each key, or None where numpy must assemble the words
    (entropy or spawn keys that are not ints, keys of more than 32 bits).

    numpy's ``SeedSequence`` hashes its words into a pool one by one, the hash constant
    advancing with every hashing. A child's words are its parent's (the entropy padded
    to the pool size, then the spawn key) and then its key, which is hashed once per
    pool word and mixed into it: each child's pool is the parent's pool with its key
    mixed in. A seed is that pool cycled to 8 words, hashed with constants of its own.
    Worked out in numpy for all keys at once, the seven purposes' seeds cost about what
    numpy's ``SeedSequence`` and ``generate_state`` take for one (some 6 us each);
    ``tests/test_simulation_streams.py`` holds them to numpy's own children.
    """
    states = child_states_many([parent], keys)
    return None if states is None else states[0]


def child_states_many(parents: Sequence[np.random.SeedSequence],
                      keys: Sequence[int]) -> np.ndarray | None:
    """``[parents, keys, 4]``: ``child_states`` of each parent, in one numpy pass (a
    chunk's replications), or None unless every parent mixes as many words of ints
    into a pool of the same size (as the seeds of one run's replications do)."""
    first = parents[0]
    words = _words_mixed(first)
    if words is None or any(p.pool_size != first.pool_size or _words_mixed(p) != words
                            for p in parents[1:]):
        return None
    terms = _key_terms(tuple(keys), first.pool_size * words, first.pool_size)
    if terms is None:
        return None
    pools = np.array([p.pool for p in parents])[:, None, :]
    pool = _MIX_L * pools - terms  # numpy's mix(pool word, hashed key)
    pool ^= pool >> 16
    state = (pool.take(_cycled(first.pool_size), axis=2) ^ _SEED_XOR) * _SEED_MUL
    state ^= state >> 16
    return state.astype("<u4", copy=False).view("<u8").astype(np.uint64, copy=False)


# numpy's SeedSequence constants (numpy/random/bit_generator.pyx)
_INIT_A, _MULT_A = 0x43B0_D7E5, 0x931E_8875  # hashing words into the pool
_INIT_B, _MULT_B = 0x8B51_F9DD, 0x58F3_8DED  # hashing the pool into a seed
_MIX_L, _MIX_R = np.uint32(0xCA01_F9DD), np.uint32(0x4973_F715)
_MASK = 0xFFFF_FFFF


def _constants(init: int, mult: int, start: int, n: int) -> np.ndarray:
    """numpy's hash constants ``init * mult**k`` (32 bits) for k = start, ...,
    start + n - 1: those of the hashings after the first ``start``."""
    out = [init * pow(mult, start, 1 << 32) & _MASK]
    for _ in range(n - 1):
        out.append(out[-1] * mult & _MASK)
    return np.array(out, dtype=np.uint32)


_GENERATE = _constants(_INIT_B, _MULT_B, 0, 9)
_SEED_XOR, _SEED_MUL = _GENERATE[:-1], _GENERATE[1:]
"""``generate_state``'s constants for the 8 words of a PCG64 seed (4 of 64 bits)."""


@functools.lru_cache(maxsize=64)
def _key_terms(keys: tuple[int, ...], start: int, size: int) -> np.ndarray | None:
    """``[keys, size]``: each key hashed once per pool word, times numpy's
    ``MIX_MULT_R``: what mixing it in takes off each pool word, the same for every parent
    that mixed ``start`` hashings before (None for keys not of one 32-bit word)."""
    if not all(isinstance(k, int) and 0 <= k <= _MASK for k in keys):
        return None
    const = _constants(_INIT_A, _MULT_A, start, size + 1)
    hashed = (np.array(keys, dtype=np.uint32)[:, None] ^ const[:-1]) * const[1:]
    hashed ^= hashed >> 16
    return _MIX_R * hashed


@functools.cache
def _cycled(size: int) -> np.ndarray:
    """The pool words a seed's 8 words are hashed from: the pool, over and over."""
    return np.arange(8) % size


def _words_mixed(seed: np.random.SeedSequence) -> int | None:
    """How many 32-bit words a child of ``seed`` mixes before its own key: the entropy's,
    padded with zeros to the pool size (a child has a spawn key), then each spawn-key
    element's. None for entropy or keys that are not ints."""
    entropy, keys = seed.entropy, seed.spawn_key
    if not isinstance(entropy, int) or not all(isinstance(k, int) for k in keys):
        return None
    return max(_word_count(entropy), seed.pool_size) + sum(map(_word_count, keys))


def _word_count(n: int) -> int:
    """numpy splits a non-negative int into this many 32-bit words (0 is one word)."""
    return (n.bit_length() + 31) // 32 or 1


class Seeded(ISeedSequence):
    """A seed sequence whose PCG64 seed is already worked out (``child_states``): PCG64
    seeds itself from any ``ISeedSequence``'s ``generate_state(4, np.uint64)``. It is the
    generator's ``seed_seq`` and does not spawn."""

    __slots__ = ("state",)

    def __init__(self, state: np.ndarray) -> None:
        self.state = state

    def generate_state(self, n_words: int, dtype: type = np.uint32) -> np.ndarray:
        if n_words != 4 or dtype is not np.uint64:
            raise ValueError("only PCG64's seed (4 words of 64 bits) is worked out")
        return self.state

"""Purpose streams: each generator is numpy's SeedSequence child of the replication's seed
by purpose key, whichever way its seed words are assembled."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.simulation.streams import _KEY_BASE, PURPOSES, Streams, seed_words


def spawned(seed: np.random.SeedSequence, purpose: str) -> np.random.Generator:
    """The definition: numpy assembles the child's words itself."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(
        entropy=seed.entropy, spawn_key=(*seed.spawn_key, _KEY_BASE + PURPOSES.index(purpose)),
        pool_size=seed.pool_size)))


@settings(max_examples=60, deadline=None)
@given(entropy=st.integers(0, 2**160), keys=st.lists(st.integers(0, 2**70), max_size=3),
       pool=st.sampled_from([4, 5, 8]), purpose=st.sampled_from(PURPOSES))
def test_each_stream_is_the_seed_sequence_child(entropy: int, keys: list[int], pool: int,
                                                purpose: str) -> None:
    seed = np.random.SeedSequence(entropy, spawn_key=tuple(keys), pool_size=pool)
    ours = getattr(Streams.from_seed(seed), purpose)
    assert ours.bit_generator.state == spawned(seed, purpose).bit_generator.state
    assert np.array_equal(ours.random(5), spawned(seed, purpose).random(5))


@pytest.mark.parametrize("entropy", [[1, 2, 3], np.uint32(9)])
def test_entropy_numpy_assembles_itself(entropy: object) -> None:
    """Entropy given as a list or numpy integer: numpy's own assembly (no words here)."""
    seed = np.random.SeedSequence(entropy, spawn_key=(0, 3))
    assert seed_words(seed) == []
    ours = Streams.from_seed(seed).exits
    assert ours.bit_generator.state == spawned(seed, "exits").bit_generator.state


def test_seed_words_by_hand() -> None:
    """42 padded to the pool of 4 words, then key 0, then key 2**32 + 5 as two words."""
    seed = np.random.SeedSequence(42, spawn_key=(0, 2**32 + 5))
    assert seed_words(seed) == [42, 0, 0, 0, 0, 5, 1]

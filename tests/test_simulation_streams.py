"""Purpose streams: each generator is numpy's SeedSequence child of the replication's seed
by purpose key, whether numpy or ``child_states`` works its seed out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.scenario import ScenarioError
from finsim.simulation import streams as streams_module
from finsim.simulation.engine import WARMUP_KEY
from finsim.simulation.streams import (
    _KEY_BASE,
    PURPOSES,
    Seeded,
    Streams,
    child,
    child_states,
    stream_key,
    stream_keys,
)

_KEYS_USED = [_KEY_BASE, _KEY_BASE + len(PURPOSES) - 1, WARMUP_KEY]
"""The first and last purpose keys and the warm-up's."""


def generators(parent: np.random.SeedSequence, keys: list[int]) -> list[np.random.Generator]:
    """``Generator(PCG64(child(parent, key)))`` for each of ``keys``, the seeds worked
    out together by ``child_states`` (numpy's own children where it gives none)."""
    states = child_states(parent, keys)
    if states is None:
        return [np.random.Generator(np.random.PCG64(child(parent, key))) for key in keys]
    return [np.random.Generator(np.random.PCG64(Seeded(state))) for state in states]


def spawned(seed: np.random.SeedSequence, purpose: str) -> np.random.Generator:
    """The definition: numpy assembles the child's words itself."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(
        entropy=seed.entropy, spawn_key=(*seed.spawn_key, _KEY_BASE + PURPOSES.index(purpose)),
        pool_size=seed.pool_size)))


def numpy_state(parent: np.random.SeedSequence, key: int) -> np.ndarray:
    """PCG64's seed of ``parent``'s child by ``key``, from numpy's own ``SeedSequence``."""
    return np.random.SeedSequence(parent.entropy, spawn_key=(*parent.spawn_key, key),
                                  pool_size=parent.pool_size).generate_state(4, np.uint64)


@settings(max_examples=60, deadline=None)
@given(entropy=st.integers(0, 2**160), keys=st.lists(st.integers(0, 2**70), max_size=3),
       pool=st.sampled_from([4, 5, 8]), purpose=st.sampled_from(PURPOSES))
def test_each_stream_is_the_seed_sequence_child(entropy: int, keys: list[int], pool: int,
                                                purpose: str) -> None:
    seed = np.random.SeedSequence(entropy, spawn_key=tuple(keys), pool_size=pool)
    ours = getattr(Streams.from_seed(seed), purpose)
    assert ours.bit_generator.state == spawned(seed, purpose).bit_generator.state
    assert np.array_equal(ours.random(5), spawned(seed, purpose).random(5))


@settings(max_examples=200, deadline=None)
@given(entropy=st.one_of(st.integers(0, 2**32 + 1), st.integers(0, 2**300)),
       spawn_key=st.lists(st.integers(0, 2**100), max_size=6),
       pool=st.integers(4, 9), keys=st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=8))
def test_child_states_are_numpys(entropy: int, spawn_key: list[int], pool: int,
                                 keys: list[int]) -> None:
    parent = np.random.SeedSequence(entropy, spawn_key=tuple(spawn_key), pool_size=pool)
    states = child_states(parent, keys)
    assert states is not None and states.dtype == np.uint64 and states.shape == (len(keys), 4)
    for key, state in zip(keys, states, strict=True):
        assert np.array_equal(state, numpy_state(parent, key))


@pytest.mark.parametrize("entropy", [0, 1, 2**32 - 1, 2**32, 2**64, 2**128 - 1, 2**128,
                                     2**128 + 1, 2**160 + 7, 2**256, 20130101])
@pytest.mark.parametrize("spawn_key", [(), (0,), (1,), (0, 0), (0, 999), (1, 2**32 + 5),
                                       (3, 1, 4, 1, 5, 9, 2, 6), (2**64, 0, 2**32 - 1)])
@pytest.mark.parametrize("pool", [4, 8])
def test_generators_draw_numpys_numbers(entropy: int, spawn_key: tuple[int, ...],
                                        pool: int) -> None:
    """Large and small entropy and keys, long spawn keys, both usual pool sizes: the same
    state and the same draws as ``default_rng`` of numpy's child."""
    parent = np.random.SeedSequence(entropy, spawn_key=spawn_key, pool_size=pool)
    keys = [0, 1, 2**32 - 1, *_KEYS_USED]
    for key, ours in zip(keys, generators(parent, keys), strict=True):
        theirs = np.random.default_rng(child(parent, key))
        assert ours.bit_generator.state == theirs.bit_generator.state
        assert np.array_equal(ours.integers(0, 2**63, 4), theirs.integers(0, 2**63, 4))


def test_replication_seeds() -> None:
    """Children of ``(seed, (1,))`` by index, as many as a chunk has: numpy's numbers."""
    parent = np.random.SeedSequence(20130101, spawn_key=(1,))
    for i, ours in enumerate(generators(parent, range(50))):
        theirs = np.random.default_rng(np.random.SeedSequence(20130101, spawn_key=(1, i)))
        assert np.array_equal(ours.random(3), theirs.random(3))


@pytest.mark.parametrize("keys", [[2**32], [5, 2**40]])
def test_long_keys_numpy_makes_itself(keys: list[int]) -> None:
    """Keys of more than one word: no states worked out, numpy's children instead."""
    parent = np.random.SeedSequence(7, spawn_key=(0, 3))
    assert child_states(parent, keys) is None
    for key, ours in zip(keys, generators(parent, keys), strict=True):
        assert ours.bit_generator.state == np.random.default_rng(
            child(parent, key)).bit_generator.state


@pytest.mark.parametrize("entropy", [[1, 2, 3], np.uint32(9)])
def test_entropy_numpy_assembles_itself(entropy: object) -> None:
    """Entropy given as a list or numpy integer: numpy's own assembly (no states here)."""
    seed = np.random.SeedSequence(entropy, spawn_key=(0, 3))
    assert child_states(seed, [1]) is None
    ours = Streams.from_seed(seed).exits
    assert ours.bit_generator.state == spawned(seed, "exits").bit_generator.state


def test_only_pcg64_seeds() -> None:
    """A worked-out seed gives PCG64 its 4 words of 64 bits and nothing else."""
    seeded = Streams.from_seed(np.random.SeedSequence(1)).arrivals.bit_generator.seed_seq
    assert seeded.generate_state(4, np.uint64).shape == (4,)
    with pytest.raises(ValueError, match="PCG64"):
        seeded.generate_state(8, np.uint32)


# Common random numbers: each attribute and module draws from its own keyed stream.

SEED_SCENARIO = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"
PEOPLE = ["referrals", "entries", "referrals_lost", "exits_placement", "exits_dropout",
          "exits_max_duration", "participants_at_end", "slot_months"]


def seed_and(tmp_path: Path, extra: str) -> tuple:
    """Twelve replications of the seed scenario and of it with ``extra`` YAML."""
    import finsim

    alt = tmp_path / "alt.yaml"
    alt.write_text(f"name: alt\nbase: {SEED_SCENARIO}\n{extra}", encoding="utf-8")
    return tuple(finsim.run(finsim.load(path), replications=12, jobs=1).replications()
                 for path in (SEED_SCENARIO, alt))


def test_an_attribute_nothing_reads_changes_no_number(tmp_path: Path) -> None:
    """An unused attribute (region) drew its uniforms in the same per-person block as the
    others, so every later person's attributes moved: net public cost Delta -8,738 EUR
    [-110 k, +84 k] on 200 replications. Now every metric of every replication is
    the seed's own."""
    base, alt = seed_and(tmp_path, "participants:\n  mix:\n    region: {nord: 0.5, sued: 0.5}\n")
    assert alt.equals(base)


def test_a_module_changes_only_its_own_cost(tmp_path: Path) -> None:
    """A 1-cent module (uptake 0.5): every people metric as the seed's, and each money
    metric moves by the module's cost only: at most 1 cent per entrant, and the total's
    move is the qualification line's, to the cent (it was +-14 k EUR)."""
    base, alt = seed_and(tmp_path, "costs:\n  qualification:\n"
                         "    - {id: extra, name: Extra, uptake: 0.5, cost: 0.01, month: 0}\n")
    assert alt[PEOPLE].equals(base[PEOPLE])
    extra = (alt["cost_qualification"] - base["cost_qualification"]).round(2)
    assert ((extra >= 0.01) & (extra <= 0.01 * base["entries"])).all()
    assert ((alt["cost_total"] - base["cost_total"]).round(2) == extra).all()
    money = [c for c in base.columns if c.startswith(("cost_", "funding_", "net_"))
             and c not in ("cost_per_entry", "cost_per_placement")]
    assert ((alt[money] - base[money]).abs().max() <= extra.max() + 1e-6).all()
    unchanged = [c for c in base.columns if c not in money and not c.startswith(
        ("share_", "cost_per_", "transfer_", "peak_", "months_"))]
    assert alt[unchanged].equals(base[unchanged])


def test_keyed_streams_are_numpys_children_by_label(monkeypatch: pytest.MonkeyPatch) -> None:
    """A label's stream is the seed's child by ``stream_key(label)``, a stable hash
    (pinned: a new hash would move every result), whether drawn alone or with others
    in a batch (``Streams.many``, ``uniforms``)."""
    assert stream_key("attribute:sex") == 4_009_728_386
    seeds = [np.random.SeedSequence(2013, spawn_key=(0, i)) for i in range(3)]
    labels = ("attribute:sex", "module:debt")
    for seed, streams in zip(seeds, Streams.many(seeds, labels), strict=True):
        own = np.random.default_rng(child(seed, stream_key("module:debt"))).random(5)
        assert np.array_equal(streams.keyed("module:debt").random(5), own)
        assert np.array_equal(Streams.from_seed(seed).keyed("module:debt").random(5), own)
        assert np.array_equal(streams.uniforms([None, 1], 5), np.stack([np.zeros(5), own], 1))
    monkeypatch.setattr(streams_module, "stream_key", lambda label: 7)  # a collision
    with pytest.raises(ScenarioError) as refused:  # one line for the user, not a traceback
        stream_keys(("attribute:x", "attribute:y"))
    assert str(refused.value) == (
        "scenario: attribute:y: its random stream would be the same as that of "
        "'attribute:x' (their names' hashes meet, about 1 in 10 million): rename one of "
        "the two")

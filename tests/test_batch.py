"""Replications measured as one batch give each replication exactly what it gets alone.

``replicate_many`` runs every stage after the simulation once over a batch; the
reference is the same replication measured in a batch of one. Outcomes are compared
byte for byte (``np.array_equal`` with NaN equal to NaN, and the same dtype), on the
shipped scenarios with their draws and on generated valid scenarios (running programs,
caseloads, caps, dated rules, payment lags, every uncertainty family).
"""

from __future__ import annotations

import dataclasses
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given

import finsim
from finsim.batch import stack, unstack
from finsim.montecarlo.runner import RunSpec, _drawn, replications
from finsim.program import compile_program
from finsim.replication import Outcome, replicate
from finsim.scenario.errors import ScenarioError
from finsim.simulation import Spells, simulate
from finsim.simulation.batch import spell_batch
from finsim.simulation.compiled import ExitRule
from finsim.simulation.engine import batchable, simulate_many

from .fuzz_scenarios import Generated, scenarios
from .test_fuzz_scenarios import _fuzz, _written

ROOT = Path(__file__).parent.parent
SHIPPED = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))


def assert_same(batched: Outcome, alone: Outcome) -> None:
    for field in dataclasses.fields(Outcome):
        a, b = getattr(batched, field.name), getattr(alone, field.name)
        assert a.dtype == b.dtype and a.shape == b.shape, field.name
        assert np.array_equal(a, b, equal_nan=True), field.name


def check_batch_equals_alone(scn, indices=range(7)) -> None:
    program = compile_program(scn)
    spec = RunSpec(scn, len(indices), 11)
    together = replications(spec, program, indices)
    models, seeds = [], []
    for index, (outcome, drawn) in zip(indices, together, strict=True):
        alone_program, alone_drawn = _drawn(spec, program, index)
        assert drawn == alone_drawn
        seeds.append(np.random.SeedSequence(11, spawn_key=(0, index)))
        models.append(alone_program.model)
        assert_same(outcome, replicate(alone_program, seeds[-1]))
    if batchable(models):
        check_simulated_together_as_alone(models, seeds)


def check_simulated_together_as_alone(models, seeds) -> None:
    """``simulate_many``: each replication's spells, bit for bit, what ``simulate``
    gives it alone (``replicate`` of one plain model runs ``simulate_many`` too)."""
    together = simulate_many(models, seeds)
    alone = spell_batch([simulate(m, s) for m, s in zip(models, seeds, strict=True)])
    assert np.array_equal(together.offsets, alone.offsets)
    assert np.array_equal(together.referral_offsets, alone.referral_offsets)
    for field in dataclasses.fields(Spells):
        a, b = getattr(together.spells, field.name), getattr(alone.spells, field.name)
        if isinstance(a, np.ndarray):
            assert a.dtype == b.dtype and a.shape == b.shape, field.name
            assert a.tobytes() == b.tobytes(), field.name
        else:
            assert a == b, field.name


def test_models_with_other_hazards_and_factors_are_simulated_as_alone():
    """Two exit rules whose hazards, caps and modifier factors differ between the
    replications (a factor of 1 in some of them only): the batch's per-row numbers give
    each replication's own durations."""
    base = compile_program(finsim.load(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")).model
    when = base.rules[0].modifiers[0][0]
    factors = [(0.6, 1.0), (1.0, 1.0), (1.3, 0.7), (1.0, 2.0)]
    models = [dataclasses.replace(
        base, rule_of=tuple(p % 2 for p in range(len(base.rule_of))),
        rules=(ExitRule(0.004 + 0.001 * i, 0.005, 24.0, ((when, fp, fd),)),
               ExitRule(0.02, 0.01 * (i + 1), 12.0 + i, ((when, fd, fp), (when, 1.0, 1.0)))))
        for i, (fp, fd) in enumerate(factors)]
    assert batchable(models)
    check_simulated_together_as_alone(models, [np.random.SeedSequence(i) for i in range(4)])


def test_only_plain_models_are_simulated_as_one_batch():
    model = compile_program(finsim.load(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")).model
    assert batchable([model, model])
    warmed = dataclasses.replace(model, warmup=model)
    assert not batchable([model, warmed]) and not batchable([warmed])
    with pytest.raises(ValueError):
        simulate_many([warmed], [np.random.SeedSequence(0)])


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenarios_batch_equals_alone(name):
    check_batch_equals_alone(finsim.load(ROOT / "scenarios" / name))


def test_replications_with_other_tenure_years_are_measured_apart():
    """A drawn ``max_months`` of about 777 gives a running program's replications 33 or
    65 tenure years: measured in one batch, the ledger's sum over that axis (pairwise
    from 8 elements) would group the additions otherwise and change the last bits."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_batch_equals_alone(finsim.load(ROOT / "tests" / "fixtures"
                                             / "batch-tenure-years.yaml"), range(4))


@_fuzz(12)
@given(scenarios())
def test_generated_scenarios_batch_equals_alone(gen: Generated) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _written(gen, Path(folder))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                check_batch_equals_alone(finsim.load(path), range(4))
        except ScenarioError:
            if not gen.draws_may_fail:
                raise


def test_stack_and_unstack_are_inverse():
    scn = finsim.load(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    outcomes = [replicate(compile_program(scn), np.random.SeedSequence(i)) for i in range(3)]
    batch = stack(outcomes)
    assert batch.ledger.shape == (3, *outcomes[0].ledger.shape)
    for r, outcome in enumerate(outcomes):
        assert_same(unstack(batch, r), outcome)
    assert stack([{"a": 1.5, "b": np.arange(2)}, {"a": 2.5, "b": np.arange(2) + 1}])[
        "a"].tolist() == [1.5, 2.5]


def test_spell_batch_parts_are_the_spells():
    scn = finsim.load(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml")
    program = compile_program(scn)
    parts = [simulate(program.model, np.random.SeedSequence(i)) for i in range(3)]
    batch = spell_batch(parts)
    assert batch.count == 3 and batch.rep.tolist() == sorted(batch.rep.tolist())
    for r, spells in enumerate(parts):
        for field in dataclasses.fields(spells):
            a, b = getattr(batch.part(r), field.name), getattr(spells, field.name)
            assert np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b

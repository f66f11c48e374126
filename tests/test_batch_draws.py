"""A run's draws made with less repeated work give the very programs and values of
doing it all afresh: the draws planned once per program (``montecarlo.uncertainty.
Draws``), the models on the way to a drawn value copied without pydantic's generic copy
(``scenario.replace._copied``), the parts no drawn value reaches the program's own."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from finsim.montecarlo.runner import RunSpec, _drawn, _drawn_many
from finsim.montecarlo.uncertainty import apply_draws, draw_parameters
from finsim.program import Redraw, compile_program
from finsim.scenario import load_scenario
from finsim.scenario.replace import _copied

from .test_program_recompiled import same, small

ROOT = Path(__file__).parent.parent
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
LAG = "funding.land_esf.payment.lag_months"


def test_every_replication_of_a_run_is_its_scenario_compiled_afresh() -> None:
    """Every program of forty seed replications is the one compiled from its drawn
    scenario, and every replication drew from its own stream what it draws alone."""
    scn = load_scenario(SEED)
    program = compile_program(scn)
    spec = RunSpec(scn, 40, 5)
    drawn = _drawn_many(spec, program, range(40))
    for index, (new, values) in enumerate(drawn):
        rng = np.random.default_rng(np.random.SeedSequence(5, spawn_key=(1, index)))
        assert values == draw_parameters(scn, rng)
        alone = apply_draws(scn, values)
        assert new.scenario == alone
        same(new, compile_program(alone))
        assert _drawn(spec, program, index)[1] == values
    assert all(new.benefits is program.benefits and new.funding is program.funding
               for new, _ in drawn)  # what no draw reaches is the program's own


def test_parts_no_path_reaches_stay_the_programs_own() -> None:
    scn = small()
    program = compile_program(scn)
    new = Redraw(program, ("employment.hazards.placement",))(
        {"employment.hazards.placement": 0.013}, "uncertainty")
    for part in ("costs", "funding", "benefits", "budgets", "cash"):
        assert getattr(new, part) is getattr(program, part), part
    assert new.model.rules[0].placement != program.model.rules[0].placement
    seed = compile_program(load_scenario(SEED))
    lag = Redraw(seed, (LAG,))({LAG: 3.0}, "uncertainty")
    assert lag.cash is not seed.cash and lag.model is seed.model
    same(lag, compile_program(lag.scenario))


def test_a_model_copied_is_pydantics_copy() -> None:
    scn = load_scenario(SEED)
    update = {"costs": scn.costs.model_copy(update={"staff": scn.costs.staff})}
    ours, theirs = _copied(scn, update), scn.model_copy(update=update)
    assert ours == theirs and type(ours) is type(theirs)
    assert ours.__pydantic_fields_set__ == theirs.__pydantic_fields_set__
    assert ours.__pydantic_private__ == theirs.__pydantic_private__
    assert ours.__pydantic_private__ is not scn.__pydantic_private__
    assert ours.costs is update["costs"] and ours.providers is scn.providers

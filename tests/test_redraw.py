"""The planned redraw (``program.Redraw``: values straight into the compiled program)
gives the very program, scenario and refusals of the route it short-cuts: ``replaced``
(a typed copy of the scenario, its drawn values checked) then ``Program.recompiled``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from finsim.montecarlo.uncertainty import draw_parameters, drawn_program, drawn_programs
from finsim.program import Redraw, compile_program
from finsim.scenario import load_scenario
from finsim.scenario.draws import HINT, apply_draws
from finsim.scenario.errors import ScenarioError
from finsim.scenario.model import Distribution
from finsim.scenario.replace import Replacer, replaced

from .test_program_recompiled import DRAWS, same, small

ROOT = Path(__file__).parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_drawn_program_is_the_recompiled_program(path: Path) -> None:
    """Each library scenario's draws: the planned redraw, the recompiled program and the
    program compiled afresh from the drawn scenario are one and the same."""
    scn = load_scenario(path)
    program = compile_program(scn)
    for seed in range(4):
        values = draw_parameters(scn, 5, seed)
        fast = drawn_program(program, values)
        slow = program.recompiled(apply_draws(scn, values), list(values))
        assert fast.scenario == slow.scenario
        same(slow, compile_program(slow.scenario))
        same(fast, slow)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_a_chunks_drawn_programs_are_each_drawn_alone(path: Path) -> None:
    """``drawn_programs`` (a chunk's replications, the plan looked up once) makes each
    replication's program as ``drawn_program`` makes it alone: scaled and whole-number
    parameters too."""
    scn = load_scenario(path)
    program = compile_program(scn)
    drawn = [draw_parameters(scn, 5, index) for index in range(5)]
    for values, new in zip(drawn, drawn_programs(program, drawn), strict=True):
        alone = drawn_program(program, values)
        assert new.scenario == alone.scenario == apply_draws(scn, values)
        same(new, alone)
    assert drawn_programs(program, []) == []


def test_a_chunks_scaled_and_whole_number_draws_are_each_drawn_alone() -> None:
    """A factor on a schedule (``scale: true``) and a provider's slots (a whole number,
    rounded half up): each replication of a chunk as alone and as compiled afresh."""
    scn = small()
    scn = scn.model_copy(update={"uncertainty": {
        "participants.referrals_per_month": Distribution(dist="uniform", low=0.5, high=1.5,
                                                          scale=True),
        "providers.beta.slots": Distribution(dist="triangular", low=2, mode=3, high=6)}})
    program = compile_program(scn)
    drawn = [draw_parameters(scn, 5, index) for index in range(6)]
    for values, new in zip(drawn, drawn_programs(program, drawn), strict=True):
        assert float(values["providers.beta.slots"]).is_integer()
        alone = apply_draws(scn, values)
        assert new.scenario == alone
        assert isinstance(new.scenario.providers[1].slots, int)
        same(new, drawn_program(program, values))
        same(new, compile_program(alone))


@pytest.mark.parametrize("values", DRAWS, ids=lambda v: ",".join(v))
def test_a_plan_for_any_paths_equals_compiling_afresh(values: dict) -> None:
    scn = small()
    program = compile_program(scn)
    new = Redraw(program, tuple(values))(values, "uncertainty")
    assert new.scenario == replaced(scn, values)
    same(new, compile_program(new.scenario))


def test_the_plan_takes_each_seed_path_to_its_own_model() -> None:
    scn = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    plan = Replacer(scn, list(scn.uncertainty))
    assert plan.fast
    new = plan.replaced({"employment.hazards.placement": 0.004,
                         "employment.hazards.dropout": 0.006,
                         "costs.wages.annual_increase": 0.01,
                         "costs.staff.coach_cost_per_year": 53000.0,
                         "funding.land_esf.payment.lag_months": 3.0})
    assert (new.employment.hazards.placement, new.employment.hazards.dropout) == (0.004, 0.006)
    assert new.costs.staff.coach_cost_per_year == 53000.0
    assert new.costs.wages.annual_increase == 0.01
    assert new.costs.material is scn.costs.material  # what no path reaches is shared
    esf = [f for f in new.funding if f.id == "land_esf"][0]
    assert esf.payment.lag_months == 3.0
    assert [f for f in new.funding if f.id != "land_esf"] == [
        f for f in scn.funding if f.id != "land_esf"]


@pytest.mark.parametrize("values", [
    {"employment.hazards.placement": 1.5},
    {"employment.hazards.placement": -0.1, "costs.staff.coach_cost_per_year": -5.0},
    {"funding.land_esf.payment.lag_months": -2.0},
    {"employment.hazards.nonsense": 0.1},
    {"costs.wages.hourly.2014-01": -1.0},
], ids=lambda v: ",".join(v))
def test_a_refused_value_is_refused_in_the_same_lines(values: dict) -> None:
    scn = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    with pytest.raises(ScenarioError) as slow:
        replaced(scn, values, "uncertainty", "a drawn value is not allowed: ", hint=HINT)
    with pytest.raises(ScenarioError) as fast:
        Replacer(scn, list(values)).replaced(values, "uncertainty",
                                             "a drawn value is not allowed: ", hint=HINT)
    assert str(fast.value) == str(slow.value)
    assert "uncertainty" in str(fast.value) and "narrow the distribution" in str(fast.value) \
        or "not a parameter path" in str(fast.value)


@pytest.mark.parametrize("name", ["aktiv-statt-passiv-2013", "aktiv-statt-passiv-2026-16i"])
def test_staff_rates_shared_by_providers_are_each_providers_own(name: str) -> None:
    """Providers whose staff override leaves a rate's fields alone share the program's
    column: the same numbers as deriving each provider's rate from its own block."""
    from finsim.ledger.categories import Staff, priced

    scn = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    each = [scn.costs_for(p) for p in scn.providers]
    rates = Staff.rates(scn, each)
    assert any(p.costs is not None and p.costs.staff is not None for p in scn.providers)
    for k, c in enumerate(each):
        for field, got in (("coach", rates.coach), ("management", rates.management)):
            own = priced(scn, getattr(c.staff, f"{field}_cost_per_year"), "staff",
                         c.staff.annual_increase) / 12.0
            assert np.array_equal(got[:, k], np.broadcast_to(own, got[:, k].shape))
        assert rates.per_coach[k] == c.staff.participants_per_coach

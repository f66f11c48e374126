"""A run's draws made with less repeated work give the very programs and values of
doing it all afresh: the draws planned once per program (``montecarlo.uncertainty.
Draws``), the models on the way to a drawn value copied without pydantic's generic copy
(``scenario.replace._copied``), the parts no drawn value reaches the program's own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import BaseModel, ValidationInfo, field_validator, model_validator

from finsim.montecarlo.runner import RunSpec, _drawn, _drawn_many
from finsim.montecarlo.uncertainty import draw_parameters
from finsim.program import Redraw, compile_program
from finsim.scenario import load_scenario
from finsim.scenario.draws import apply_draws
from finsim.scenario.errors import ScenarioError
from finsim.scenario.replace import Replacer, _checked_alone, _copied, replaced

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
        assert values == draw_parameters(scn, 5, index)
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


def test_a_value_checked_alone_gives_the_model_validated_whole() -> None:
    """Each seed leaf: the drawn value checked on its own in a copy of its model equals
    the model validated again from all its values (every field set, as then)."""
    scn = load_scenario(SEED)
    values = {"employment.hazards.placement": 0.004, "employment.hazards.dropout": 0.006,
              "costs.wages.annual_increase": 0.01, "costs.staff.coach_cost_per_year": 53000.0,
              LAG: 3.5}
    plan = Replacer(scn, list(values))
    assert plan._alone
    models = plan._assigned(values)
    whole = plan._validated(values, "uncertainty", "", "")
    assert models.keys() == whole.keys()
    for above, model in models.items():
        assert model == whole[above]
        assert model.__pydantic_fields_set__ == whole[above].__pydantic_fields_set__


def test_a_value_a_models_own_check_refuses_is_refused_in_the_same_line() -> None:
    """The passive benefits take one form: a drawn flat rate next to the small
    scenario's rates by payer is refused by the model's check after its fields."""
    scn = small()
    values = {"passive_benefits.per_person_month": 500.0}
    with pytest.raises(ScenarioError) as slow:
        replaced(scn, values, "uncertainty", "a drawn value is not allowed: ")
    plan = Replacer(scn, list(values))
    assert plan.fast and plan._alone
    with pytest.raises(ScenarioError) as fast:
        plan.replaced(values, "uncertainty", "a drawn value is not allowed: ")
    assert str(fast.value) == str(slow.value) and "give one of" in str(fast.value)


def test_a_check_that_reads_other_fields_makes_a_model_validated_whole() -> None:
    class Range(BaseModel):
        low: float = 0.0
        high: float = 1.0

        @field_validator("high")
        @classmethod
        def _above_low(cls, high: float, info: ValidationInfo) -> float:
            if high < info.data["low"]:
                raise ValueError("high below low")
            return high

    class Plain(BaseModel):
        low: float = 0.0

        @model_validator(mode="after")
        def _fine(self) -> Plain:
            return self

    class Before(BaseModel):
        low: float = 0.0

        @model_validator(mode="before")
        @classmethod
        def _fine(cls, data: dict) -> dict:
            return data

    assert not _checked_alone(Range) and not _checked_alone(Before)
    assert _checked_alone(Plain)


def test_a_drawn_part_made_by_copy_is_what_replace_makes() -> None:
    """A drawn payment lag's terms: a fresh batch cache (``CashTerms.alike``, a field
    outside ``__init__``), not the program's; the program itself is copied field by field."""
    program = compile_program(load_scenario(SEED))
    program.cash.alike["filled"] = True
    lag = Redraw(program, (LAG,))({LAG: 3.0}, "uncertainty")
    assert lag.cash.alike == {} and lag.cash.payments != program.cash.payments
    assert lag.metric_names is program.metric_names


def test_the_checks_read_as_pydantic_reads_them() -> None:
    """``_takes_info`` tells a check that reads other fields as pydantic does, for every
    check of every scenario model (read from the signature: pydantic's own reader is
    private and its arguments changed between versions)."""
    import inspect as inspecting

    import pydantic
    from pydantic._internal._decorators import inspect_validator

    from finsim.scenario import model
    from finsim.scenario.replace import _VALIDATORS, _takes_info

    keyword = "type" in inspecting.signature(inspect_validator).parameters
    checks = []
    for cls in vars(model).values():
        if isinstance(cls, type) and issubclass(cls, pydantic.BaseModel):
            checks += [(d.func, d.info.mode) for d in
                       cls.__pydantic_decorators__.field_validators.values()]
            checks += [(m.func, _VALIDATORS[type(m)]) for f in cls.model_fields.values()
                       for m in f.metadata if type(m) in _VALIDATORS]
    assert len(checks) > 5
    for check, mode in checks:
        theirs = (inspect_validator(check, mode=mode, type="field") if keyword
                  else inspect_validator(check, mode))
        assert _takes_info(check, mode) == theirs, check


@pytest.mark.parametrize("prices", [{}, {"base_year": 2024}, {"staff": 0.03},
                                    {"staff": {2025: 1.0, 2027: 1.07, 2028: 1.1}}],
                         ids=lambda p: ",".join(p) or "none")
def test_prices_of_a_batch_are_each_values_priced_alone(prices: dict) -> None:
    """``priced_many`` (one price factor per distinct increase, times each value's
    monthly amounts) gives ``priced``'s bits for plain numbers, schedules and indices."""
    from finsim.ledger.categories import priced, priced_many

    scn = small(period={"start": "2026-07", "months": 40}, prices=prices)
    rng = np.random.default_rng(3)
    mixed = [55000.0, 61234.567, {"2026-01": 9.89, "2027-03": 10.31}, 0.1, 7,
             {"2025-05": 1.0e6 / 3}]
    schedule = {"2026-01": 9.89, "2027-03": 10.31}
    for values, increases in [
            (mixed, [0.025, float(rng.uniform(-0.5, 1.0)), 0.025, -0.031, 0.0, 1.0]),
            ([schedule] * 3, [0.025] * 3), ([schedule] * 3, [0.0, 0.02, 0.5]),
            ([61000.0] * 2, [0.1] * 2)]:
        many = priced_many(scn, values, "staff", increases)
        assert many.shape == (len(values), 40)
        for row, value, rate in zip(many, values, increases, strict=True):
            alone = priced(scn, value, "staff", rate)
            assert row.tobytes() == alone.tobytes()


def test_a_batch_with_a_refused_draw_names_that_replication() -> None:
    """A batch whose third draw its field refuses raises the line of that draw, as it
    does alone; the draws before it are made (and would raise) first."""
    program = compile_program(load_scenario(SEED))
    plan = Redraw(program, ("costs.staff.coach_cost_per_year", LAG))
    drawn = [{"costs.staff.coach_cost_per_year": 50000.0 + i, LAG: 2} for i in range(4)]
    drawn[2] = {"costs.staff.coach_cost_per_year": -1.0, LAG: 2}
    with pytest.raises(ScenarioError) as batch:
        plan.many(drawn, "uncertainty", "a drawn value is not allowed: ")
    with pytest.raises(ScenarioError) as alone:
        plan(drawn[2], "uncertainty", "a drawn value is not allowed: ")
    assert str(batch.value) == str(alone.value)
    for values, new in zip(drawn[:2], plan.many(drawn[:2], "uncertainty"), strict=True):
        same(new, compile_program(apply_draws(program.scenario, values)))


def test_a_batch_of_draws_in_overridden_costs_is_each_compiled_afresh() -> None:
    """Draws of a provider's own staff and wage values (the batch's rates picked per
    provider from the program's and the overrides'), each as compiled afresh."""
    scn = small(providers=[{"id": "alpha", "slots": 4}, {"id": "beta", "slots": 6, "costs": {
        "staff": {"coach_cost_per_year": 70000}, "wages": {"hours_per_week": 30}}}])
    paths = ("providers.beta.costs.staff.coach_cost_per_year", "costs.wages.annual_increase",
             "costs.staff.coach_cost_per_year")
    program = compile_program(scn)
    drawn = [dict(zip(paths, (60000.0 + 7 * i, 0.01 * i, 50000.0 - i), strict=True))
             for i in range(5)]
    for values, new in zip(drawn, Redraw(program, paths).many(drawn, "uncertainty"),
                           strict=True):
        same(new, compile_program(replaced(scn, values)))

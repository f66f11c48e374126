"""A program recompiled for drawn values equals the program compiled afresh from the
same scenario: re-deriving only what the drawn paths reach (``Program.recompiled``)
must never leave a stale part behind."""

from __future__ import annotations

import dataclasses
import functools
import inspect
from pathlib import Path

import numpy as np
import pytest
import yaml

from finsim.program import compile_program
from finsim.scenario import load_scenario, scenario_from_dict
from finsim.scenario.draws import apply_draws
from finsim.scenario.paths import deep_merge
from finsim.simulation.compiled import HAZARD_FREE, Model, compile_model, recompiled_models

from .conftest import SMALL

ROOT = Path(__file__).parent.parent


def same(a, b, where: str = "program") -> None:
    """Equal value by value: arrays element for element (dtype too), dataclasses field by
    field, tuples and dicts item by item."""
    assert type(a) is type(b), where
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape, where
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), where
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            if f.name != "scenario":
                same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, tuple | list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            same(a[k], b[k], f"{where}[{k}]")
    else:
        assert a == b, where


def small(**blocks):
    import yaml

    return scenario_from_dict(deep_merge(yaml.safe_load(SMALL.read_text()), blocks))


DRAWS = [
    {"employment.hazards.placement": 0.013},
    {"employment.hazards.placement": 0.011, "employment.hazards.dropout": 0.02},
    {"employment.hazards.dropout": 0.004, "employment.max_months": 18},
    {"employment.modifiers.0.placement": 0.4},
    {"employment.refill_delay_months": 1.5},
    {"providers.beta.employment.hazards.dropout": 0.03},
    {"costs.wages.annual_increase": 0.035},
    {"costs.staff.coach_cost_per_year": 61000, "costs.material.per_slot_month": 55},
    {"costs.staff.participants_per_coach": 9},
    {"costs.staff.annual_increase": 0.04, "costs.staff.management_cost_per_year": 70000},
    {"providers.beta.costs.material.per_slot_month": 95},
    {"costs.overhead.rate_on_staff": 0.2},
    {"costs.qualification.driving.uptake": 0.7},
    {"funding.land_esf.cap_per_year": 200_000},
    {"participants.patience_months": 4, "costs.wages.hourly": 9.5},
    {"period.months": 30},
    {"passive_benefits.by_payer.city": 420},
]


@pytest.mark.parametrize("values", DRAWS, ids=lambda v: ",".join(v))
def test_recompiled_equals_compiled_afresh(values: dict) -> None:
    scn = small()
    program = compile_program(scn)
    changed = apply_draws_any(scn, values)
    same(program.recompiled(changed, list(values)), compile_program(changed))


@pytest.mark.parametrize("values", [
    {"costs.wages.annual_increase": 0.04},
    {"providers.caritas.costs.wages.employer_contributions": 0.25},
    {"providers.diakonie.costs.one_off.jahressonderzahlung.share_of_monthly_wage": 0.5},
    {"costs.staff.coach_cost_per_year": 70000},
], ids=lambda v: ",".join(v))
def test_wage_draws_reach_the_one_off_payments(values: dict) -> None:
    """A one-off payment is a share of the monthly wage: a drawn wage parameter derives
    it (and the subsidisable share of the wage) again."""
    scn = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-tariff.yaml")
    program = compile_program(scn)
    changed = apply_draws_any(scn, values)
    same(program.recompiled(changed, list(values)), compile_program(changed))


def test_a_drawn_return_share_reaches_the_budgets() -> None:
    """The budgets' return shares are compiled: a drawn share is taken again (and the
    other parts kept)."""
    scn = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-pat.yaml")
    program = compile_program(scn)
    changed = apply_draws_any(scn, {"returns.bund": 0.25})
    new = program.recompiled(changed, ["returns.bund"])
    assert new.model is program.model and new.funding is program.funding
    bund = new.budgets.names.index("bund")
    assert (bund, 0.25) in new.budgets.returns
    same(new, compile_program(changed))


def apply_draws_any(scn, values):
    from finsim.scenario.replace import replaced

    return replaced(scn, values)


def test_a_drawn_payment_lag_keeps_every_compiled_part() -> None:
    scn = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    program = compile_program(scn)
    drawn = {"funding.land_esf.payment.lag_months": 3.5}
    new = program.recompiled(apply_draws(scn, drawn), list(drawn))
    assert new.model is program.model and new.costs is program.costs
    assert new.funding is program.funding
    esf = next(f for f in new.scenario.funding if f.id == "land_esf")
    assert esf.payment.lag_months == 3.5
    same(new, compile_program(new.scenario))


def test_a_drawn_hazard_rederives_only_the_exit_rules() -> None:
    scn = small()
    program = compile_program(scn)
    new = program.recompiled(apply_draws(scn, {"employment.hazards.placement": 0.015}),
                             ["employment.hazards.placement"])
    assert new.model.slots is program.model.slots and new.costs is program.costs
    assert new.model.rules[0].placement == pytest.approx(-np.log1p(-0.015))


def test_a_drawn_cost_rederives_only_its_category() -> None:
    scn = small()
    program = compile_program(scn)
    new = program.recompiled(apply_draws(scn, {"costs.wages.annual_increase": 0.03}),
                             ["costs.wages.annual_increase"])
    assert new.model is program.model
    assert new.costs.rates[1:4] == program.costs.rates[1:4]  # the very same objects
    assert not np.array_equal(new.costs.rates[0], program.costs.rates[0])


def test_a_warm_up_recompiles_the_whole_model() -> None:
    scn = small(period={"start": "2013-07", "months": 18, "simulate_from": "2013-01"})
    program = compile_program(scn)
    values = {"employment.hazards.placement": 0.02}
    new = program.recompiled(apply_draws_any(scn, values), list(values))
    assert new.model.warmup is not None
    same(new, compile_program(new.scenario))


@pytest.mark.parametrize("initial", ["full", "steady"])
def test_a_program_starting_full_recompiles_as_afresh(initial: str) -> None:
    scn = small(participants={"initial": initial})
    program = compile_program(scn)
    values = {"employment.hazards.dropout": 0.02, "costs.wages.annual_increase": 0.01}
    new = program.recompiled(apply_draws_any(scn, values), list(values))
    same(new, compile_program(new.scenario))


def test_a_drawn_hazard_keeps_each_cached_property_as_compiled_afresh() -> None:
    """Drawn hazards alone (no provider has rules of its own) copy the model with
    ``compiled.HAZARD_FREE`` already worked out: every cached property of ``Model``, each
    equal to the one of the model compiled afresh from the drawn scenario. A cached
    property that read a hazard would differ here (12 months' maximum of 24: entries
    from month 12 on cannot reach it; both providers reopen a slot 0.5 months after an
    exit)."""
    data = yaml.safe_load(SMALL.read_text())
    del data["providers"][1]["employment"]
    scn = scenario_from_dict(deep_merge(data, {"employment": {"max_months": 12}}))
    model = compile_program(scn).model
    drawn = {"employment.hazards.placement": 0.02, "employment.hazards.dropout": 0.03}
    (kept,) = recompiled_models(model, [apply_draws_any(scn, drawn)], list(drawn))
    fresh = compile_model(apply_draws_any(scn, drawn))
    properties = sorted(name for name in dir(Model) if isinstance(
        inspect.getattr_static(Model, name), functools.cached_property))
    assert sorted(HAZARD_FREE) == properties
    assert kept.slots is model.slots and kept.rules[0].placement == -np.log1p(-0.02)
    for name in properties:  # carried over (not worked out again), as worked out afresh
        assert plain(kept.__dict__[name]) == plain(getattr(fresh, name)), name
    assert (kept.capped_before, kept.reopen_after) == (12.0, (0.5, 0.5))
    assert kept.calendar_end.first == 0 and len(kept.calendar_end.days) == 38


def plain(value: object) -> object:
    """A value to compare: an object's attributes (``MonthsLater``), else itself."""
    return vars(value) if hasattr(value, "__dict__") else value

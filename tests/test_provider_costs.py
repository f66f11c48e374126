"""Each provider's rates are those of its own costs (its override laid over the program's),
however the compiled rates tell which providers' overrides reach a rate."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from finsim.ledger.build import _contributions
from finsim.ledger.categories import (
    COST_CATEGORIES,
    ProviderCosts,
    StaffRates,
    subsidy_ratios,
)
from finsim.scenario.model import Scenario
from tests.test_ledger_support import BASE

OVERRIDES: list[dict[str, Any] | None] = [
    None,
    {"wages": {"hourly": 12.5}},  # the wage line and what reads it
    {"staff": {"management_cost_per_year": 2000}},  # a staff field the coach rate skips
    {"staff": {"coach_cost_per_year": 61000, "participants_per_coach": 9}},
    {"material": {"per_slot_month": 55.5}, "overhead": {"rate_on_staff": 0.07}},
    {"one_off": [{"id": "bonus", "month": 11, "share_of_monthly_wage": 0.5}]},
    {"wages": {"employer_contributions": 0.25,
               "subsidy_base": {"hourly": 11.0, "contributions": 0.19}}},
]


def scenario() -> Scenario:
    data = copy.deepcopy(BASE)
    data["costs"]["staff"].update(coach_cost_per_year=55000, management_cost_per_year=9000)
    data["costs"]["material"]["per_slot_month"] = 40.0
    data["costs"]["one_off"] = [{"id": "xmas", "month": 12, "share_of_monthly_wage": 1.0,
                                 "pro_rata": True}]
    data["costs"]["wages"]["subsidy_base"] = {"hourly": 9.0, "contributions": 0.2}
    data["providers"] = [{"id": f"p{k}", "slots": 5, **({"costs": o} if o else {})}
                         for k, o in enumerate(OVERRIDES)]
    return Scenario.model_validate(data)


def alone(scn: Scenario, k: int) -> Scenario:
    """The scenario with provider k's own costs as the program's, and no overrides."""
    return scn.model_copy(update={
        "costs": scn.costs_for(scn.providers[k]),
        "providers": [p.model_copy(update={"costs": None}) for p in scn.providers]})


def columns(rates: Any, k: int) -> Any:
    """Provider k's part of a category's rates."""
    if isinstance(rates, StaffRates):
        return [rates.coach[..., k], rates.per_coach[..., k], rates.management[..., k]]
    if isinstance(rates, tuple):  # one-off payments: a tuple per provider
        return [(r.month, r.amount.tobytes(), r.pro_rata) for r in rates[k]]
    if isinstance(rates, np.ndarray):
        return rates[..., k]
    return [rates.month, rates.cost, rates.index]  # qualification: the same for all


def same(a: Any, b: Any) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    return a == b


@pytest.mark.parametrize("category", COST_CATEGORIES, ids=lambda c: c.id)
def test_each_providers_rates_are_those_of_its_own_costs(category) -> None:
    scn = scenario()
    rates = category.rates(scn, ProviderCosts(scn))
    listed = category.rates(scn, [scn.costs_for(p) for p in scn.providers])
    for k in range(len(scn.providers)):
        own = alone(scn, k)
        expected = columns(category.rates(own, ProviderCosts(own)), 0)
        assert same(columns(rates, k), expected), (category.id, k)
        assert same(columns(listed, k), expected), (category.id, k)


def test_the_wage_lines_parts_are_those_of_each_providers_own_wages() -> None:
    scn = scenario()
    each = ProviderCosts(scn)
    ratio, contributions = subsidy_ratios(scn, each), _contributions(scn, each)
    for k in range(len(scn.providers)):
        own = alone(scn, k)
        assert same(ratio[:, k], subsidy_ratios(own, ProviderCosts(own))[:, 0])
        assert same(contributions[:, k], _contributions(own, ProviderCosts(own))[:, 0])
    assert contributions.tolist() == [[0.2] * 6 + [0.25]] * scn.period.months


def test_provider_costs_are_laid_together_only_when_read() -> None:
    scn = scenario()
    each = ProviderCosts(scn)
    assert len(each) == len(OVERRIDES) and not each._made
    assert each[2] == scn.costs_for(scn.providers[2]) and list(each._made) == [2]
    assert each[0] is scn.costs  # no override: the program's own
    assert [c.material.per_slot_month for c in each[3:5]] == [40.0, 55.5]
    with pytest.raises(IndexError):
        each[len(OVERRIDES)]

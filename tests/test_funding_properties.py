"""Properties over random spells and funders: money conserved, nothing negative, caps held."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsim.funding import allocate, application_order, check_money_conserved, share_matrix
from finsim.ledger import build_ledger
from finsim.scenario.model import CATEGORIES
from finsim.scenario.schedule import calendar_years
from tests.test_ledger_support import scenario, spells

money = st.floats(0, 5000, allow_nan=False, allow_infinity=False)
share = st.floats(0, 1, allow_nan=False)


@st.composite
def funders(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Up to four funders whose shares of each category and tenure year sum to <= 1."""
    n = draw(st.integers(1, 4))
    weights = draw(st.lists(st.lists(share, min_size=3, max_size=3), min_size=n, max_size=n))
    out = []
    for i in range(n):
        kind = draw(st.sampled_from(["total", "categories", "tenure"]))
        if kind == "total":
            covers: Any = {"total": weights[i][0] / n}
        elif kind == "categories":
            cats = draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, unique=True))
            covers = {c: weights[i][0] / n for c in cats}
        else:
            covers = {"wages": {"by_tenure_year": [w / n for w in weights[i]]}}
        out.append({"id": f"f{i}", "covers": covers, **draw(caps())})
    if draw(st.booleans()):
        spot = draw(st.integers(0, n))
        out.insert(spot, {"id": "rest", "covers": "remainder", **draw(caps())})
    return out


@st.composite
def caps(draw: st.DrawFn) -> dict[str, float]:
    keys = draw(st.lists(st.sampled_from(["cap_per_person_month", "cap_per_year",
                                          "cap_total"]), unique=True, max_size=3))
    return {k: draw(st.one_of(st.just(0.0), money, money.map(lambda x: x * 20))) for k in keys}


@st.composite
def cases(draw: st.DrawFn) -> tuple:
    months = draw(st.integers(1, 30))
    start = draw(st.sampled_from(["2013-01", "2013-07", "2013-12"]))
    rows = []
    for _ in range(draw(st.integers(0, 25))):
        entry = draw(st.floats(0, months, allow_nan=False, exclude_max=True))
        exit_ = draw(st.floats(entry, months, allow_nan=False))
        rows.append((draw(st.integers(0, 1)), entry, exit_, draw(st.integers(0, 3))))
    mods = [[draw(st.booleans()), draw(st.booleans())] for _ in rows]
    scn = scenario(
        period={"start": start, "months": months},
        providers=[{"id": "a", "slots": draw(st.integers(0, 20))},
                   {"id": "b", "slots": {start: 5, "2014-01": draw(st.integers(0, 20))},
                    "costs": {"wages": {"hourly": draw(st.floats(0, 30))}}}],
        costs={"wages": {"annual_increase": draw(st.floats(0, 0.1))},
               "staff": {"coach_cost_per_year": draw(money) * 10,
                         "management_cost_per_year": draw(money) * 5},
               "material": {"per_slot_month": draw(money) / 10},
               "overhead": {"rate_on_staff": draw(st.floats(0, 0.3))},
               "qualification": [{"id": "m0", "cost": draw(money), "month": 0},
                                 {"id": "m1", "cost": draw(money),
                                  "month": draw(st.floats(0, 30))}]},
        funding=draw(funders()))
    return scn, spells(rows, months, modules=mods, n_modules=2)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_money_conserved_non_negative_caps_held(case: tuple) -> None:
    scn, sp = case
    led = build_ledger(scn, sp)
    assert np.isfinite(led.cost).all() and (led.cost >= 0).all()
    result = allocate(scn, led)
    check_money_conserved(led, result)  # funders + gap == cost per cell, to the cent
    cents = result.cents
    assert (cents >= 0).all()
    years = calendar_years(scn.period.start_month, scn.period.months)
    for i, funder in enumerate(scn.funding):
        paid = cents[..., i]
        if funder.cap_per_person_month is not None:
            limit = funder.cap_per_person_month * led.participant_months * 100 + 1e-6
            assert (paid.sum(axis=-1) <= limit).all()
        if funder.cap_per_year is not None:
            for year in np.unique(years):
                assert paid[years == year].sum() <= funder.cap_per_year * 100 + 1e-6
        if funder.cap_total is not None:
            assert paid.sum() <= funder.cap_total * 100 + 1e-6


@settings(max_examples=100, deadline=None)
@given(cases())
def test_no_funder_pays_more_than_its_share(case: tuple) -> None:
    scn, sp = case
    led = build_ledger(scn, sp)
    result = allocate(scn, led)
    order = application_order(scn.funding)
    assert order[-1] == next((i for i, f in enumerate(scn.funding) if f.covers == "remainder"),
                             order[-1])
    for i, funder in enumerate(scn.funding):
        if funder.covers == "remainder":
            continue
        share = share_matrix(funder, led.cost.shape[-1])
        due = np.einsum("mpct,ct->mpc", led.cost, share) * 100
        assert (result.cents[..., i] <= due + 1.0).all()  # within a cent of its share


@settings(max_examples=100, deadline=None)
@given(st.lists(money, min_size=1, max_size=20), st.sampled_from([
    (0.53, 0.26, 0.21), (0.1, 0.2, 0.7), (1 / 3, 1 / 3, 1 / 3), (0.725, 0.275, 0.0)]))
def test_shares_adding_to_one_leave_no_gap(costs: list[float], shares: tuple) -> None:
    scn = scenario(period={"start": "2013-01", "months": len(costs)},
                   funding=[{"id": f"f{i}", "covers": {"total": s}} for i, s in enumerate(shares)])
    led = build_ledger(scn, spells([], len(costs)))
    cost = np.zeros_like(led.cost)
    cost[:, 0, 0, 0] = costs
    led = type(led)(cost, led.participant_months, led.available_slot_months, led.months,
                    led.provider_ids)
    result = allocate(scn, led)
    assert (result.cents[..., -1] == 0).all()

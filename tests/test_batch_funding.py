"""The funding stages over a batch of replications: the same cents as each alone.

``allocate_many``, ``transfer_split_many`` and ``check_money_conserved_many`` run once over
a batch; a replication's part must be what it gets alone (the single-replication
functions are the batched code with a batch of one). Replications with their own
compiled funding (a drawn funding parameter) are allocated group by group.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import finsim
from finsim.batch import stack, unstack
from finsim.funding import InvariantError, allocate
from finsim.funding.allocate import allocate_many, by_program, cap_in_time_order
from finsim.funding.benefits import avoided_benefits_many
from finsim.funding.invariants import check_money_conserved_many
from finsim.funding.transfer import transfer_split, transfer_split_many
from finsim.ledger.build import build_ledger_many, spell_cuts_many
from finsim.montecarlo.uncertainty import draw_parameters, drawn_program
from finsim.program import compile_program
from finsim.scenario import scenario_from_dict
from finsim.simulation import simulate
from finsim.simulation.batch import spell_batch

ROOT = Path(__file__).parent.parent


def month_by_month(wanted: np.ndarray, years: np.ndarray, per_year, total) -> np.ndarray:
    """The budgets used up one month after another, one replication at a time: each
    month gets what it wants, at most what is left of its year's budget (a year's
    budget: the value in force in its first month) and of the total; a binding month
    is scaled, its cells summing to what is allowed."""
    paid = wanted.copy()
    for r in range(len(wanted)):
        left_total, left_year = total, {}
        for m in range(wanted.shape[1]):
            want = int(wanted[r, m].sum())
            allowed = want
            if per_year is not None:
                budget = per_year[m] if isinstance(per_year, np.ndarray) else per_year
                left = left_year.setdefault(int(years[m]), int(budget))
                allowed = min(allowed, left)
            if left_total is not None:
                allowed = min(allowed, left_total)
            if allowed < want:
                scaled = cap_in_time_order(wanted[r:r + 1, m:m + 1], years[m:m + 1],
                                           allowed, None)[0, 0]
                assert scaled.sum() == allowed and (scaled <= wanted[r, m]).all()
                paid[r, m] = scaled
            if per_year is not None:
                left_year[int(years[m])] -= allowed
            if left_total is not None:
                left_total -= allowed
    return paid


@given(st.data())
def test_budgets_in_time_order_are_used_up_month_by_month(data) -> None:
    r = data.draw(st.integers(1, 4))
    months = data.draw(st.integers(1, 30))
    cells = data.draw(st.integers(1, 3))
    wanted = np.array(data.draw(st.lists(st.integers(0, 5_000), min_size=r * months * cells,
                                         max_size=r * months * cells)),
                      dtype=np.int64).reshape(r, months, cells)
    first = data.draw(st.integers(1, 12))  # the horizon's first calendar month
    years = 2026 + (np.arange(months) + first - 1) // 12
    per_year = data.draw(st.one_of(
        st.none(), st.integers(0, 60_000),
        st.lists(st.integers(0, 60_000), min_size=months, max_size=months).map(
            lambda x: np.array(x, dtype=np.int64))))
    total = data.draw(st.one_of(st.none(), st.integers(0, 200_000)))
    paid = cap_in_time_order(wanted, years, per_year, total)
    assert paid.dtype == np.int64
    assert np.array_equal(paid, month_by_month(wanted, years, per_year, total))


def test_a_yearly_budget_binds_then_opens_again_in_january() -> None:
    # 2025-11 .. 2026-03: 100 wanted a month, 150 a year, 260 in all
    wanted = np.full((1, 5, 2), 50, dtype=np.int64)
    years = np.array([2025, 2025, 2026, 2026, 2026])
    paid = cap_in_time_order(wanted, years, 150, 260)
    assert paid[0].sum(axis=1).tolist() == [100, 50, 100, 10, 0]
    assert paid[0, 3].tolist() == [5, 5]


def test_groups_are_the_replications_of_one_compiled_part() -> None:
    a, b = object(), object()
    assert [g.tolist() for g in by_program([a, a, a])] == [[0, 1, 2]]
    assert [g.tolist() for g in by_program([a, b, a, b, b])] == [[0, 2], [1, 3, 4]]


def measured(programs, seeds):
    """The batched ledger and benefits of one batch of replications."""
    spells = spell_batch([simulate(p.model, s) for p, s in zip(programs, seeds, strict=True)])
    cuts = spell_cuts_many(spells, programs[0].costs.months, programs[0].costs.origin)
    ledger = build_ledger_many([p.costs for p in programs], spells, cuts)
    avoided = avoided_benefits_many([p.scenario for p in programs], spells,
                                    [p.benefits for p in programs], cuts)
    return ledger, avoided


def drawn_programs(scn, n: int):
    program = compile_program(scn)
    return [drawn_program(program, draw_parameters(scn, 5, i, program)) for i in range(n)]


def assert_each_alone(programs, ledger, avoided) -> None:
    funding = allocate_many([p.funding for p in programs], ledger, avoided)
    check_money_conserved_many(ledger, funding)
    moved = transfer_split_many([p.funding for p in programs], funding, avoided)
    for r, p in enumerate(programs):
        alone = allocate(p.funding, unstack(ledger, r), unstack(avoided, r))
        assert alone.cents.dtype == np.int64
        assert np.array_equal(funding.cents[r], alone.cents)
        assert np.array_equal(funding.cost_cents[r], alone.cost_cents)
        assert np.array_equal(funding.by_funder[r], alone.by_funder)
        assert np.array_equal(funding.paid_by_provider[r], alone.paid_by_provider)
        assert np.array_equal(moved[r], transfer_split(p.funding, alone, unstack(avoided, r)))


@pytest.mark.parametrize("name", ["aktiv-statt-passiv-2013.yaml",
                                  "aktiv-statt-passiv-2026-16i-pat.yaml"])
def test_a_batch_of_one_funding_is_each_replication_alone(name) -> None:
    scn = finsim.load(ROOT / "scenarios" / name)
    programs = drawn_programs(scn, 4) if scn.uncertainty else [compile_program(scn)] * 4
    assert len(by_program([p.funding for p in programs])) == 1
    assert_each_alone(programs, *measured(programs, [np.random.SeedSequence(i)
                                                     for i in range(4)]))


def test_replications_with_their_own_funding_are_each_alone() -> None:
    """A drawn share and a drawn yearly cap: every replication its own compiled funding."""
    scn = finsim.load(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    data = scn.model_dump(by_alias=True, exclude_none=True)
    data["funding"][2]["cap_per_year"] = 600_000  # the Land: binds in some years
    data["uncertainty"] = {
        "funding.jobcenter.covers.wages": {"dist": "uniform", "low": 0.5, "high": 0.725},
        "funding.land_esf.cap_per_year": {"dist": "uniform", "low": 300_000,
                                          "high": 900_000}}
    programs = drawn_programs(scenario_from_dict(data), 5)
    programs[3] = programs[1]  # two replications of one compiled funding
    assert len(by_program([p.funding for p in programs])) == 4
    ledger, avoided = measured(programs, [np.random.SeedSequence(i) for i in range(5)])
    assert_each_alone(programs, ledger, avoided)
    land = allocate_many([p.funding for p in programs], ledger, avoided).of("land_esf")
    assert land[0].sum() != land[2].sum()  # the draws differ


def test_the_money_check_names_the_cell_of_the_replication_that_breaks() -> None:
    scn = finsim.load(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    programs = [compile_program(scn)] * 3
    ledger, avoided = measured(programs, [np.random.SeedSequence(i) for i in range(3)])
    funding = allocate_many([p.funding for p in programs], ledger, avoided)
    check_money_conserved_many(ledger, funding)
    broken = funding.cents.copy()
    broken[2, 3, 1, 0, 1] += 1  # replication 2: one cent too many in 2013-04
    broken[1, 5, 4, 2, 2] = -1  # replication 1: the Land negative in 2013-06, the sum kept
    broken[1, 5, 4, 2, 4] += funding.cents[1, 5, 4, 2, 2] + 1
    with pytest.raises(InvariantError, match=r"negative amount in month 2013-06, provider "
                       + scn.provider_ids[4] + r", category material for 'land_esf': -0.01"):
        check_money_conserved_many(ledger, dataclasses.replace(funding, cents=broken))
    broken[1] = funding.cents[1]
    with pytest.raises(InvariantError, match=r"money not conserved in month 2013-04, provider "
                       + scn.provider_ids[1] + r", category wages: funders \+ gap"):
        check_money_conserved_many(ledger, dataclasses.replace(funding, cents=broken))
    assert stack([unstack(funding, r) for r in range(3)]).cents.shape == funding.cents.shape

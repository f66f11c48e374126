"""The cash flow of a batch gives each replication exactly its cash flow alone.

Replications of one batch may have their own payment terms (a drawn lag, retention or
advance; a funder with terms in one and none in another) and so their own number of
cash months: the batch runs to the most, and each replication's part, metrics, grid and
balance are byte for byte what it gets in a batch of one.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from finsim.funding.allocate import Funding
from finsim.funding.cashflow import (
    CashFlow,
    CashTerms,
    cash_balance_many,
    cash_flow,
    cash_flow_many,
    cash_grid_many,
    cash_metrics_many,
    scenario_cash_flow_many,
)
from finsim.scenario.model import CATEGORIES, Payment

from .test_cashflow import payments

ONE_OFF = CATEGORIES.index("one_off")


@st.composite
def batches(draw: st.DrawFn) -> tuple:
    """R replications of one program: their funding (batched) and each one's terms."""
    reps, months = draw(st.integers(1, 4)), draw(st.integers(1, 26))
    providers, funders = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    start = draw(st.integers(1, 12))
    ends = tuple(draw(st.integers(0, months)) for _ in range(funders))
    shared = CashTerms(tuple(draw(payments()) for _ in range(funders)), start, ends=ends)
    late = np.zeros((months, providers), dtype=bool)
    late[-1, 0] = True  # the last month's one-off payment of the first provider
    terms = []
    for _ in range(reps):
        if draw(st.booleans()):
            terms.append(shared)  # the program's own (the same object)
        else:
            terms.append(CashTerms(tuple(draw(payments()) for _ in range(funders)), start,
                                   late if draw(st.booleans()) else None, ends=ends,
                                   begins=tuple(draw(st.integers(0, months - 1))
                                                for _ in range(funders))))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    cents = rng.integers(0, 10**7, size=(reps, months, providers, len(CATEGORIES),
                                        funders + 1))
    funding = Funding(cents=cents, cost_cents=cents.sum(axis=-1),
                      funder_ids=(*(f"f{i}" for i in range(funders)), "gap"),
                      months=tuple(str(m) for m in range(months)),
                      provider_ids=tuple(f"p{i}" for i in range(providers)))
    return funding, terms


def alone(funding: Funding, r: int) -> Funding:
    return Funding(cents=funding.cents[r:r + 1], cost_cents=funding.cost_cents[r:r + 1],
                   funder_ids=funding.funder_ids, months=funding.months,
                   provider_ids=funding.provider_ids)


def same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)


@given(batches())
def test_each_replication_of_a_batch_gets_its_cash_flow_alone(batch: tuple):
    funding, terms = batch
    flow = scenario_cash_flow_many(terms, funding)
    program, by_provider = cash_metrics_many(flow)
    grids, balances = cash_grid_many(flow), cash_balance_many(flow)
    assert flow.outflow.shape[1] == max(len(g) for g in grids)  # padded to the most
    for r, t in enumerate(terms):
        one = scenario_cash_flow_many([t], alone(funding, r))
        part = flow.part(r)
        assert same(part.inflow, one.inflow[0]) and same(part.outflow, one.outflow[0])
        assert len(grids[r]) == int(one.months[0]) == len(one.inflow[0])
        one_program, one_by_provider = cash_metrics_many(one)
        for k in program:
            assert same(program[k][r], one_program[k][0])
            assert same(by_provider[k][r], one_by_provider[k][0])
        assert same(grids[r], cash_grid_many(one)[0])
        assert same(balances[r], cash_balance_many(one)[0])


def test_a_longer_drawn_lag_pads_the_others_with_months_that_change_nothing():
    # two replications, 3 months from January of 100.00 EUR cost, all paid by one funder
    # claimed per quarter in arrears: one pays 1 month after the quarter (in May, month
    # 4), one 4 months after (in August, month 7)
    amount = np.full((2, 3, 1, 1), 100 * 100, dtype=np.int64)
    cost = amount[..., 0]
    quick, slow = (CashTerms((Payment(every="quarter", lag_months=lag),), 1) for lag in (1, 4))
    flow = cash_flow_many(amount, cost, [quick, slow])
    assert flow.months.tolist() == [5, 8] and flow.inflow.shape[1] == 8
    assert flow.inflow[0, :, 0, 0].tolist() == [0, 0, 0, 0, 30000, 0, 0, 0]
    assert flow.inflow[1, :, 0, 0].tolist() == [0, 0, 0, 0, 0, 0, 0, 30000]
    program, by_provider = cash_metrics_many(flow)
    # negative until the payment arrives: months 0-3, and 0-6
    assert program["months_negative"].tolist() == [4.0, 7.0]
    assert by_provider["peak_prefinancing"].tolist() == [[300.0], [300.0]]
    alone_quick = cash_flow(amount[0], cost[0], quick.payments, 1)
    assert np.array_equal(flow.part(0).inflow, alone_quick.inflow)
    assert [len(g) for g in cash_grid_many(flow)] == [5, 8]


def test_a_replication_whose_balance_ends_negative_counts_only_its_own_months():
    # 2.00 EUR of cost a month, 1.00 of it funded, paid the month after (quick) or 6
    # months after (slow): the balance ends negative, and stays so in the quick one's
    # padding, which must not count: -2, -3, -2 EUR; -2, -4, -4, -4, -4, -4, -3, -2
    amount = np.full((2, 2, 1, 1), 100, dtype=np.int64)
    cost = amount[..., 0] + 100
    quick, slow = (CashTerms((Payment(lag_months=lag),), 1) for lag in (0, 5))
    flow = cash_flow_many(amount, cost, [quick, slow])
    assert flow.months.tolist() == [3, 8]
    program, by_provider = cash_metrics_many(flow)
    assert program["months_negative"].tolist() == [3.0, 8.0]
    assert by_provider["months_negative"].tolist() == [[3.0], [8.0]]
    assert program["peak_prefinancing"].tolist() == [3.0, 4.0]
    assert cash_balance_many(flow)[0][:, 0].tolist() == [-2.0, -3.0, -2.0]


def test_a_batch_without_funders_is_the_providers_own_cost():
    """No funder at all (every cost the providers' own): 2.00 EUR a month for 3 months,
    nothing paid in; the batch's length came from the funders' refund months and failed
    on none."""
    amount = np.zeros((2, 3, 1, 0), dtype=np.int64)
    cost = np.full((2, 3, 1), 200, dtype=np.int64)
    flow = cash_flow_many(amount, cost, [CashTerms((), 1)] * 2)
    assert flow.months.tolist() == [3, 3]
    assert cash_balance_many(flow)[0][:, 0].tolist() == [-2.0, -4.0, -6.0]


@given(st.integers(1, 3), st.integers(1, 12), st.integers(0, 2), st.integers(0, 2**32 - 1))
def test_the_program_row_adds_the_providers_as_numpy_sums_them(reps, providers, funders,
                                                               seed):
    """The grid's program row is the providers' rows summed as ``np.sum`` over their axis
    adds them: one after another, but pairwise from 8 providers when no funder column
    follows (the outflow alone), as the single-replication grid always did."""
    rng = np.random.default_rng(seed)
    cents = rng.integers(-10**9, 10**9, size=(reps, 5, providers, 1 + funders))
    flow = CashFlow(outflow=cents[..., 0], inflow=cents[..., 1:])
    for r, grid in enumerate(cash_grid_many(flow)):
        values = np.concatenate([flow.outflow[r][..., None], flow.inflow[r]], axis=-1) / 100.0
        assert np.array_equal(grid[:, -1], values.sum(axis=-2))

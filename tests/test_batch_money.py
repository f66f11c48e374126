"""The money stages over a batch give each replication bit for bit its own values.

``gross_wages_many``, ``fiscal_months_many``, the budget metrics and the money metrics
run once over R replications (a leading axis). The reference here is each
replication's formula on its own arrays (C-ordered, summed with numpy as one
replication's stage summed them): float sums over months and providers must add the
same numbers in the same order, or the last bit of a net cost would depend on the
batch. Values are drawn by hypothesis, with negative zeros, large and tiny amounts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import finsim
from finsim.funding.allocate import GAP, Funding
from finsim.funding.benefits import ALL_PAYERS
from finsim.funding.fiscal import (
    ONE_OFF,
    WAGES,
    Budgets,
    budget_metrics_by_provider_many,
    budget_metrics_many,
    compile_budgets,
    fiscal_months_many,
    gross_wages_many,
    split_paid,
)
from finsim.funding.metrics import money_metrics_many, provider_money_metrics_many
from finsim.ledger.cents import to_cents
from finsim.scenario.model import CATEGORIES

ROOT = Path(__file__).parent.parent
PAT = finsim.load(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-pat.yaml")
"""Funders sharing a budget, two of them transferring, one of two budgets (land_esf:
land 0.6, eu 0.4), payers and returns."""

EUR = st.one_of(st.sampled_from([0.0, -0.0, 0.01, 1e-9, 1234.5678, 1e7]),
                st.floats(-1e7, 1e7, allow_nan=False, allow_subnormal=False))


def bits(value) -> bytes:
    return np.asarray(value, dtype=float).tobytes()


def fiscal_alone(b: Budgets, paid: np.ndarray, avoided: dict, gross: np.ndarray) -> np.ndarray:
    """One replication's fiscal table, as the stage computed it on its own."""
    out = np.zeros((*gross.shape, len(b.names), 3))
    out[:, :, :, 0] = split_paid(b, paid) / 100.0  # each budget's cents, divided once
    for payer, row in b.payer:
        if payer in avoided:
            out[:, :, row, 1] += avoided[payer]
    for row, share in b.returns:
        out[:, :, row, 2] += share * gross
    return out


def net_alone(b: Budgets, totals: np.ndarray, unsplit, cents: np.ndarray) -> dict:
    """The net metrics from a fiscal table's ``totals``, each budget's paid taken from
    its whole ``cents`` over the same cells (``split_paid`` of each cell, summed),
    divided by 100 once."""
    net = cents / 100.0 - totals[..., 1] - totals[..., 2]
    out = {f"net_cost_{name}": net[..., i] for i, name in enumerate(b.names)}
    public = sum((net[..., i] for i in b.public), np.zeros(net.shape[:-1]))  # from 0
    out["net_public_cost"] = public - unsplit
    if b.returns:  # those to the public budgets, from 0 in the same order; each receiver's
        receivers = [row for row, _ in b.returns]
        out["returns"] = sum((totals[..., i, 2] for i in b.public if i in receivers),
                             np.zeros(net.shape[:-1]))
        out.update({f"returns_{b.names[row]}": totals[..., row, 2] for row in receivers})
    return out


@st.composite
def budgets_of_batch(draw, n: int) -> list[Budgets]:
    """Budgets of one structure; ``returns`` shares drawn per replication or shared."""
    names = tuple(f"b{i}" for i in range(draw(st.integers(1, 4))))
    rows = st.integers(0, len(names) - 1)
    one = rows.map(lambda row: ((row, 1.0),))
    split = st.tuples(st.lists(rows, min_size=2, max_size=2, unique=True),
                      st.sampled_from([0.6, 0.5, 0.3, 0.01])).map(
        lambda pair: ((pair[0][0], pair[1]), (pair[0][1], 1.0 - pair[1])))
    funder = tuple(draw(st.lists(one | split if len(names) > 1 else one,
                                 min_size=1, max_size=4)))
    payer = tuple((names[i], i) for i in draw(st.sets(rows)))
    returned = sorted(draw(st.sets(rows)))
    public = tuple(sorted(draw(st.sets(rows))))

    def one() -> Budgets:
        shares = [draw(st.floats(0, 1)) for _ in returned]
        return Budgets(names, funder, payer, tuple(zip(returned, shares, strict=True)),
                       public)

    if draw(st.booleans()):
        return [one()] * n
    return [one() for _ in range(n)]


@st.composite
def fiscal_case(draw):
    n, months, providers = draw(st.integers(1, 4)), draw(st.integers(1, 30)), \
        draw(st.integers(1, 5))
    budgets = draw(budgets_of_batch(n))
    cells = (n, months, providers)
    paid = draw(hnp.arrays(np.int64, (*cells, len(budgets[0].funder) + 1),
                           elements=st.integers(-10**9, 10**11)))
    avoided = {name: draw(hnp.arrays(float, cells, elements=EUR))
               for name, _ in budgets[0].payer}
    if draw(st.booleans()):
        avoided[ALL_PAYERS] = draw(hnp.arrays(float, cells, elements=EUR))
    gross = draw(hnp.arrays(float, cells, elements=EUR))
    return budgets, paid, avoided, gross


@settings(max_examples=150, deadline=None)
@given(fiscal_case())
def test_fiscal_table_and_budget_metrics_of_a_batch_are_each_replications(case) -> None:
    budgets, paid, avoided, gross = case
    batch = fiscal_months_many(budgets, paid, avoided, gross)
    cents = split_paid(budgets[0], paid)  # each budget's, per cell
    program = budget_metrics_many(budgets, batch, avoided, cents.sum(axis=(1, 2)))
    unsplit = avoided.get(ALL_PAYERS)
    by_provider = budget_metrics_by_provider_many(
        budgets, batch, None if unsplit is None else
        np.ascontiguousarray(unsplit.transpose(0, 2, 1)).sum(axis=2), cents.sum(axis=1))
    for r, b in enumerate(budgets):
        alone = fiscal_alone(b, paid[r], {k: v[r] for k, v in avoided.items()}, gross[r])
        assert bits(batch[r]) == bits(alone)
        whole = 0.0 if unsplit is None else float(unsplit[r].sum())
        for k, v in net_alone(b, alone.sum(axis=(0, 1)), whole,
                              split_paid(b, paid[r]).sum(axis=(0, 1))).items():
            assert bits(program[k][r]) == bits(v), k
        each = 0.0 if unsplit is None else np.array(
            [unsplit[r][:, p].sum() for p in range(gross.shape[2])])
        for k, v in net_alone(b, alone.sum(axis=0), each,
                              split_paid(b, paid[r]).sum(axis=0)).items():
            assert bits(by_provider[k][r]) == bits(v), k


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_gross_wages_of_a_batch_are_each_replications(data) -> None:
    n, months, providers = (data.draw(st.integers(1, 4)), data.draw(st.integers(1, 14)),
                            data.draw(st.integers(1, 4)))
    cost = data.draw(hnp.arrays(float, (n, months, providers, len(CATEGORIES), 3),
                                elements=st.sampled_from([0.0, 0.0, 1.5, 2400.25, 1e-3])))
    cost[data.draw(st.lists(st.integers(0, n - 1), unique=True)), :, :, ONE_OFF] = 0.0
    shared = data.draw(st.booleans())
    rates = [np.full((months, providers), 0.2)] * n if shared else [  # a rate by date
        data.draw(hnp.arrays(float, (months, providers), elements=st.floats(0, 0.5)))
        for _ in range(n)]
    batch = gross_wages_many([PAT] * n, cost.sum(axis=-1), rates)
    for r in range(n):  # the wages and, if it has any, its one-off payments
        pay = cost[r, :, :, WAGES].sum(axis=-1)
        if cost[r, :, :, ONE_OFF].any():
            pay = pay + cost[r, :, :, ONE_OFF].sum(axis=-1)
        assert bits(batch[r]) == bits(pay / (1.0 + rates[r]))


@st.composite
def money_case(draw):
    n, months, providers = draw(st.integers(1, 4)), draw(st.integers(1, 26)), \
        draw(st.integers(1, 4))
    funders = len(PAT.funding)
    cells = (n, months, providers)
    cents = st.integers(0, 10**9)
    cost_cents = draw(hnp.arrays(np.int64, (*cells, len(CATEGORIES)), elements=cents))
    cents_by = draw(hnp.arrays(np.int64, (*cells, len(CATEGORIES), funders + 1),
                               elements=cents))
    if draw(st.booleans()):  # a replication that costs nothing: no shares to divide
        cost_cents[0], cents_by[0] = 0, 0
    funding = Funding(cents=cents_by, cost_cents=cost_cents,
                      funder_ids=(*(f.id for f in PAT.funding), GAP),
                      months=("m",) * months, provider_ids=("p",) * providers)
    benefits = {payer: draw(hnp.arrays(float, cells, elements=EUR))
                for payer in PAT.passive_benefits.payers}
    transfer = draw(hnp.arrays(np.int64, (*cells, funders), elements=cents))
    entries = draw(hnp.arrays(float, (n, providers), elements=st.sampled_from([0.0, 1, 7])))
    placements = draw(hnp.arrays(float, (n, providers), elements=st.sampled_from([0.0, 3])))
    gross = draw(hnp.arrays(float, cells, elements=EUR))
    return funding, benefits, transfer, entries, placements, gross


@settings(max_examples=80, deadline=None)
@given(money_case())
def test_money_metrics_of_a_batch_are_each_replications(case) -> None:
    funding, benefits, transfer, entries, placements, gross = case
    n = len(transfer)
    budgets = [compile_budgets(PAT)] * n
    fiscal = fiscal_months_many(budgets, funding.by_funder, benefits, gross)
    program = money_metrics_many(
        [PAT] * n, funding, benefits,
        {"entries": entries.sum(axis=1), "exits_placement": placements.sum(axis=1)},
        transfer, fiscal, budgets)
    per = provider_money_metrics_many([PAT] * n, funding, benefits,
                                      {"entries": entries, "exits_placement": placements},
                                      fiscal, transfer, budgets)
    for r in range(n):
        alone = fiscal_alone(budgets[r], funding.by_funder[r],
                             {k: v[r] for k, v in benefits.items()}, gross[r])
        whole = metrics_alone(funding.cost_cents[r], funding.by_funder[r], transfer[r],
                              {k: v[r] for k, v in benefits.items()}, alone,
                              entries[r].sum(), placements[r].sum())
        assert list(program) == list(whole)
        for k, v in whole.items():
            assert bits(program[k][r]) == bits(v), k
        for p in range(transfer.shape[2]):  # the program's formula on a provider's slice
            own = metrics_alone(funding.cost_cents[r][:, p:p + 1],
                                funding.by_funder[r][:, p:p + 1], transfer[r][:, p:p + 1],
                                {k: v[r][:, p:p + 1] for k, v in benefits.items()},
                                alone[:, p:p + 1], entries[r, p], placements[r, p])
            assert list(per) == list(own)
            for k, v in own.items():
                assert bits(per[k][r, p]) == bits(v), (k, p)


def metrics_alone(cost_cents, paid_cents, transfer, benefits, fiscal, entries, placements):
    """One replication's money metrics by the formula, in Python numbers."""
    by_category = [int(cost_cents[..., i].sum()) for i in range(len(CATEGORIES))]
    paid = [int(paid_cents[..., i].sum()) for i in range(paid_cents.shape[-1])]
    moved = [int(transfer[..., i].sum()) for i in range(transfer.shape[-1])]
    total = sum(by_category)
    out = {f"cost_{c}": by_category[i] / 100.0 for i, c in enumerate(CATEGORIES)}
    out["cost_total"] = total / 100.0
    for i, funder in enumerate(PAT.funding):
        out[f"funding_{funder.id}"] = paid[i] / 100.0
        out[f"share_{funder.id}"] = paid[i] / total if total else 0.0
        if funder.transfers:
            out[f"transfer_{funder.id}"] = moved[i] / 100.0
    out["funding_gap"] = paid[-1] / 100.0
    avoided = {payer: int(to_cents(v).sum()) for payer, v in benefits.items()}  # whole cents
    out["passive_benefits_avoided"] = sum(avoided.values()) / 100.0
    out.update({f"passive_benefits_avoided_{k}": v / 100.0 for k, v in avoided.items()})
    budgets = compile_budgets(PAT)
    out.update(net_alone(budgets, fiscal.sum(axis=(0, 1)), 0.0,
                         split_paid(budgets, paid_cents).sum(axis=(0, 1))))
    out["cost_per_entry"] = out["cost_total"] / entries if entries else float("nan")
    out["cost_per_placement"] = out["cost_total"] / placements if placements else float("nan")
    return out

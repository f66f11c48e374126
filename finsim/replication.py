"""One replication end to end: spells -> ledger -> funding -> every metric, checked.

``replicate(program, seed)`` is the unit of Monte Carlo work: a pure function of a
compiled program and a seed; ``replicate_many`` measures several at once, each exactly
as alone (docs/design.md, "Replications measured in batches"). It also checks the
invariants (people and money conserved, no entry beyond capacity), because a breach
would be finsim's bug and must stop the run rather than reach a budget table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .funding import InvariantError
from .funding.allocate import allocate_many
from .funding.benefits import avoided_benefits_many
from .funding.cashflow import (
    cash_balance_many,
    cash_grid_many,
    cash_metrics_many,
    inflow_by_year,
    lowest_months,
    own_years,
    scenario_cash_flow_many,
)
from .funding.cents import summed
from .funding.fiscal import (
    fiscal_cents,
    fiscal_months_many,
    gross_wages_many,
    split_cash,
    split_paid,
)
from .funding.invariants import check_money_conserved_many
from .funding.metrics import money_metrics_many, provider_money_metrics_many
from .funding.transfer import transfer_split_many
from .ledger.build import (
    build_ledger_many,
    person_charges_many,
    spell_cuts_many,
    spell_years,
)
from .program import (
    PROVIDER_FLOW_METRICS,
    Program,
    compile_program,
    metric_names,
    provider_metric_names,
    structure_labels,
    years_of,
)
from .scenario.limits import MAX_TOTAL_EUR
from .simulation import Spells, simulate
from .simulation.batch import SpellBatch, spell_batch
from .simulation.checks import check_people_many
from .simulation.engine import batchable, simulate_many
from .simulation.flows import count_flows_many, flow_metrics_many, provider_metrics_many
from .simulation.tables import FLOW_COLUMNS, flow_grid_many, structure_many

__all__ = ["FLOW_COLUMNS", "PROVIDER_FLOW_METRICS", "BeyondCeiling", "InvariantError", "Outcome",
           "Program", "compile_program", "metric_names", "provider_metric_names", "replicate",
           "replicate_many", "structure_labels", "years_of"]


@dataclass(frozen=True)
class Outcome:
    """What one replication contributes to the results."""

    metric_values: np.ndarray
    """Program metrics in ``metric_names`` order."""
    provider_metrics: np.ndarray
    """``[providers, len(provider_metric_names)]``."""
    flows: np.ndarray
    """``[months, providers + 1, len(FLOW_COLUMNS)]``; the last row is the program."""
    ledger: np.ndarray
    """Funding amounts, whole cents (int64) ``[months, providers, categories, funders +
    gap]``: summed over replications as integers, turned into EUR once for output."""
    transfer: np.ndarray
    """The part of each funder's money from the Passiv-Aktiv-Transfer, whole cents
    ``[months, providers, funders]``."""
    fiscal: np.ndarray
    """Paid, saved, returns per calendar year and budget, whole cents (int64) ``[years,
    budgets, 3]`` (``funding.fiscal.fiscal_cents``): summed over replications as
    integers, so that each mean is the exact mean of its cents, rounded by one rule
    (``report.budgets.fiscal_rows``, ``budget_paid_cents``)."""
    paid_cash: np.ndarray
    """What each budget is paid in cash per calendar year it is paid in, whole cents
    (int64) ``[cash years, budgets]`` (``funding.fiscal.split_cash``): the years from the
    period's first to that of its last cash month (``funding.cashflow.own_years``),
    summed over replications as integers (zeros pad a shorter one)."""
    yearly: np.ndarray
    """The ledger summed by calendar year over providers (exactly, in cents), in EUR
    ``[years, categories, funders+gap]``."""
    structure: np.ndarray
    """Entrants per attribute value, counts then shares, ``[2, len(structure_labels)]``."""
    cashflow: np.ndarray
    """EUR ``[cash months, providers + 1, 1 + funders]``: outflow, each funder's inflow;
    the last provider row is the program (``funding.cashflow.cash_grid_many``)."""
    balance: np.ndarray
    """Cumulative balance, EUR as float32 (for the chart's band), ``[cash months,
    providers + 1]``; the last column is the program."""
    lowest: np.ndarray
    """The month (index) of the peak need, the lowest balance, ``[providers + 1]``, -1
    where there is none; the last is the program's (``funding.cashflow.lowest_months``)."""
    quantities: np.ndarray
    """The plan's quantity basis per calendar year and provider, ``[years, providers,
    2]``: available slot-months and occupied slot-months (participant-months, pro rata)."""
    slots: np.ndarray
    """The slots in force each month, ``[months, providers]``: a drawn count's own, for
    the warning of more people than slots (``analysis.sanity.over_capacity_warnings``)."""


def replicate(program: Program, seed: np.random.SeedSequence,
              peak_from: int | None = None) -> Outcome:
    """Simulate one replication of a compiled program and measure everything reported
    (the peak need from ``peak_from`` on: ``RunSpec.peak_from``)."""
    return replicate_many([program], [seed], peak_from)[0]


def replicate_many(programs: Sequence[Program],
                   seeds: Sequence[np.random.SeedSequence],
                   peak_from: int | None = None) -> list[Outcome]:
    """Replications of one run, each its own compiled program (a draw's) and seed,
    simulated one by one and then measured together: every stage after the simulation
    runs once over the batch (``finsim.batch``), each replication's outcome exactly what
    it would be alone. A batch holds at most ``BATCH_ENTRANTS`` entrants (at least one
    replication), so its arrays stay small, and replications whose ledgers have as many
    tenure years: a sum over that axis adds in another grouping when its length differs
    (numpy sums 8 elements or more pairwise), which would change a replication's last
    bits with the company it is measured in.

    Plain models (``simulation.engine.batchable``) of a small chunk are simulated as one
    batch too (``simulate_many``): nobody is in a slot at the start, so every entry is
    at or after it and every ledger has the horizon's tenure years."""
    models = [p.model for p in programs]
    if sum(float(m.rate.sum()) for m in models) <= BATCH_REFERRALS and batchable(models):
        return measure(programs, simulate_many(models, seeds), peak_from)
    outcomes: list[Outcome] = []
    batch: list[Spells] = []
    entrants = years = 0
    for program, seed in zip(programs, seeds, strict=True):
        spells = simulate(program.model, seed)
        own_years = spell_years(spells)
        if batch and (entrants + spells.n_entrants > BATCH_ENTRANTS or own_years != years):
            outcomes += measure(programs[len(outcomes):len(outcomes) + len(batch)],
                                spell_batch(batch), peak_from)
            batch, entrants = [], 0
        years = own_years
        batch.append(spells)
        entrants += spells.n_entrants
    return outcomes + measure(programs[len(outcomes):], spell_batch(batch), peak_from)


BATCH_ENTRANTS = 20_000
"""Entrants measured together at most (a seed replication has about 200; a national one,
with far more, is measured alone)."""
BATCH_REFERRALS = BATCH_ENTRANTS // 2
"""Referrals expected at most in a chunk simulated as one batch: entrants are fewer, so
the batch stays within ``BATCH_ENTRANTS`` (a seed batch of three chunks, 30
replications, expects about 5,300)."""


def measure(programs: Sequence[Program], spells: SpellBatch,
            peak_from: int | None = None) -> list[Outcome]:
    """Every replication of a batch of spells costed, funded and measured, checked; the
    peak need from ``peak_from`` on (None: the first forecast month)."""
    first = programs[0]
    scenarios = [p.scenario for p in programs]
    budgets = [p.budgets for p in programs]
    funding_rules = [p.funding for p in programs]
    cuts = spell_cuts_many(spells, first.costs.months, first.costs.origin)  # ledger, benefits
    ledger = build_ledger_many([p.costs for p in programs], spells, cuts)
    check_bounded(ledger.by_category)
    avoided = avoided_benefits_many(scenarios, spells, [p.benefits for p in programs], cuts)
    charges = person_charges_many([p.costs for p in programs], spells, cuts,
                                  frozenset().union(*(f.per_person for f in funding_rules)))
    funding = allocate_many(funding_rules, ledger, avoided, charges)
    check_money_conserved_many(ledger, funding)
    counts = count_flows_many(spells)  # for the flow metrics, per provider and by month
    flow = flow_metrics_many(spells, counts)
    check_people_many(spells, flow)
    benefits = avoided.by_payer
    transfer = transfer_split_many(funding_rules, funding, avoided)
    by_provider = provider_metrics_many(spells, counts)
    gross = gross_wages_many(scenarios, ledger.by_category,
                             [p.costs.employer_contributions for p in programs])
    fiscal = fiscal_months_many(budgets, funding.by_funder, benefits, gross)
    money = money_metrics_many(scenarios, funding, benefits, flow, transfer, fiscal, budgets)
    money_p = provider_money_metrics_many(scenarios, funding, benefits, by_provider, fiscal,
                                          transfer, budgets)
    cash = scenario_cash_flow_many([p.cash for p in programs], funding)
    counted_from = first.scenario.actual_months if peak_from is None else peak_from
    cash_program, cash_p = cash_metrics_many(cash, counted_from)
    lowest = lowest_months(cash, counted_from)
    values = {**flow, **money, **cash_program}
    columns = {**cash_p, **money_p, **by_provider}
    metric_values = np.stack([values[k] for k in first.metric_names], axis=-1).astype(float)
    provider_rows = np.stack([columns[k] for k in first.provider_metric_names],
                             axis=-1).astype(float)
    grids, balances = cash_grid_many(cash), cash_balance_many(cash)
    flows = flow_grid_many(spells, counts)
    paid = first.by_year(summed(split_paid(first.budgets, funding.by_funder), "rmpb->rmb"),
                         axis=1)  # over providers: each budget's whole cents per year
    fiscal_years = fiscal_cents(first.by_year(fiscal.sum(axis=2), axis=1), paid)
    start = first.scenario.period.start_month
    paid_cash = own_years(split_cash(first.budgets, inflow_by_year(cash, start),
                                     funding.by_funder), cash, start)
    yearly = first.by_year(summed(funding.cents, "rmpcf->rmcf"),  # over providers
                           axis=1) / 100.0
    structure = structure_many(spells)
    quantities = first.by_year(np.stack(
        [ledger.available_slot_months, ledger.participant_months], axis=-1), axis=1)
    return [Outcome(
        metric_values=metric_values[r],
        provider_metrics=provider_rows[r],
        flows=flows[r],
        ledger=funding.cents[r],
        transfer=transfer[r],
        fiscal=fiscal_years[r],
        paid_cash=paid_cash[r],
        yearly=yearly[r],
        structure=structure[r],
        cashflow=grids[r],
        balance=balances[r],
        lowest=lowest[r],
        quantities=quantities[r],
        slots=ledger.available_slot_months[r],
    ) for r in range(len(programs))]


class BeyondCeiling(InvariantError):
    """Costs past ``MAX_TOTAL_EUR``, where cents stop being exact: validation refuses a
    scenario that could reach them, so only a drawn value (``uncertainty``) can."""


def check_bounded(cost: np.ndarray) -> None:
    """Each replication's costs (``cost`` batched) within ``MAX_TOTAL_EUR`` (a sum:
    microseconds); NaN or an overflow fails too, before the cents would wrap around."""
    for total in cost.reshape(len(cost), -1).sum(axis=1):
        if not abs(total) <= MAX_TOTAL_EUR:
            raise BeyondCeiling(f"they make the costs reach {total:.4g} EUR, beyond "
                                f"finsim's ceiling of {MAX_TOTAL_EUR:.0e} EUR")

"""One replication end to end: spells -> ledger -> funding -> every metric, checked.

``evaluate`` is the unit of Monte Carlo work. It also checks SPEC.md's invariants
(people and money conserved, no entry beyond capacity), because a breach would be
finsim's bug and must stop the run rather than reach a budget table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .funding import (
    InvariantError,
    allocate,
    check_money_conserved,
    money_metrics,
    money_metrics_by_provider,
    passive_benefits_avoided,
)
from .funding.cashflow import CASH_METRICS, cash_grid, cash_metrics, scenario_cash_flow
from .ledger import build_ledger
from .scenario import CATEGORIES, Scenario
from .scenario.schedule import calendar_years
from .simulation import Spells, flow_metrics, monthly_flows, provider_metrics, simulate
from .simulation.flows import FLOW_METRICS

__all__ = ["FLOW_COLUMNS", "InvariantError", "Outcome", "evaluate", "metric_names"]

FLOW_COLUMNS = ("referrals", "entries", "exits_placement", "exits_dropout",
                "exits_max_duration", "participants", "waiting")
"""flows.csv's count columns, in order."""
PROVIDER_FLOW_METRICS = ("entries", "exits_placement", "exits_dropout", "exits_max_duration",
                         "participants_at_end", "slot_months", "occupancy_rate",
                         "placement_rate")


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
    """Funding amounts, EUR ``[months, providers, categories, funders + gap]``."""
    yearly: np.ndarray
    """The same summed by calendar year over providers, ``[years, categories, funders+gap]``."""
    structure: np.ndarray
    """Entrants per attribute value, counts then shares, ``[2, len(structure_labels)]``."""
    cashflow: np.ndarray
    """EUR ``[cash months, providers + 1, 1 + funders]``: outflow, each funder's inflow;
    the last provider row is the program (``funding.cashflow.cash_grid``)."""
    balance: np.ndarray
    """Cumulative balance, EUR as float32 (for the chart's band), ``[cash months,
    providers + 1]``; the last column is the program."""


def metric_names(scn: Scenario) -> list[str]:
    """SPEC.md's metric names for this scenario, in table order."""
    return [*FLOW_METRICS, *_money_names(scn)]


def provider_metric_names(scn: Scenario) -> list[str]:
    return [*PROVIDER_FLOW_METRICS, *_money_names(scn)]


def structure_labels(scn: Scenario) -> list[tuple[str, str]]:
    """(attribute, value) pairs of the participant mix, in file order."""
    return [(a, v) for a, values in scn.participants.mix.items() for v in values]


def years_of(scn: Scenario) -> np.ndarray:
    """The distinct calendar years of the horizon."""
    return np.unique(calendar_years(scn.period.start_month, scn.period.months))


def evaluate(scn: Scenario, seed: np.random.SeedSequence) -> Outcome:
    """Simulate one replication and measure everything SPEC.md reports."""
    spells = simulate(scn, seed)
    ledger = build_ledger(scn, spells)
    funding = allocate(scn, ledger)
    check_money_conserved(ledger, funding)
    flow = flow_metrics(spells)
    check_people(spells, flow)
    benefits = passive_benefits_avoided(scn, spells, ledger)
    by_provider = provider_metrics(spells)
    provider_flow = {pid: {k: float(v[p]) for k, v in by_provider.items()}
                     for p, pid in enumerate(spells.provider_ids)}
    money = money_metrics(scn, ledger, funding, benefits, flow)
    money_p = money_metrics_by_provider(scn, ledger, funding, benefits, provider_flow)
    cash = scenario_cash_flow(scn, funding)
    cash_program, cash_p = cash_metrics(cash)
    names, provider_names = metric_names(scn), provider_metric_names(scn)
    values = {**flow, **money, **cash_program}
    provider_rows = np.array([[{**provider_flow[pid], **money_p[pid],
                                **{k: v[p] for k, v in cash_p.items()}}[k]
                               for k in provider_names]
                              for p, pid in enumerate(spells.provider_ids)])
    grid = cash_grid(cash)
    return Outcome(
        metric_values=np.array([values[k] for k in names], dtype=float),
        provider_metrics=provider_rows,
        flows=_flow_grid(spells),
        ledger=funding.amount,
        yearly=_by_year(scn, funding.amount),
        structure=_structure(scn, spells),
        cashflow=grid,
        balance=(np.concatenate([cash.balance, cash.balance.sum(axis=1, keepdims=True)],
                                axis=1) / 100.0).astype(np.float32),
    )


def check_people(spells: Spells, flow: dict[str, float]) -> None:
    """People conserved, time running forward, and no entry beyond a provider's slots;
    ``flow`` is ``flow_metrics(spells)``, computed once by the caller."""
    initial = float(np.sum(spells.initial))
    if flow["referrals"] != flow["entries"] - initial + flow["referrals_lost"] + flow[
            "waiting_at_end"]:
        raise InvariantError(f"referrals not conserved: {flow}")
    exits = flow["exits_placement"] + flow["exits_dropout"] + flow["exits_max_duration"]
    if flow["entries"] != exits + flow["participants_at_end"]:
        raise InvariantError(f"entrants not conserved: {flow}")
    if np.any(spells.entry < spells.referral) or np.any(spells.exit < spells.entry):
        raise InvariantError("someone entered before referral or left before entry")
    check_capacity(spells)


def check_capacity(spells: Spells) -> None:
    """At every entry, the provider holds no more participants than its slots then;
    those in the slots at the start count as held, and are not entries."""
    n = len(spells.entry)
    if n == 0 or spells.initial.all():
        return
    times = np.concatenate([spells.exit, spells.entry])
    delta = np.concatenate([-np.ones(n), np.ones(n)])
    provider = np.concatenate([spells.provider, spells.provider])
    # exits before entries at the same time: a freed slot may be refilled at once
    order = np.lexsort((delta, times, provider))
    held = np.zeros(len(order))
    for p in np.unique(provider):  # a loop over providers, not persons
        mine = order[provider[order] == p]
        held[mine] = np.cumsum(delta[mine])
    months, _ = spells.slots.shape
    at_entry = np.arange(n, 2 * n)[~spells.initial]  # those in slots at the start are held
    month = np.clip(np.floor(times[at_entry]).astype(int), 0, months - 1)
    limit = spells.slots[month, provider[at_entry]]
    if np.any(held[at_entry] > limit + 1e-9):
        worst = int(np.argmax(held[at_entry] - limit))
        raise InvariantError(f"provider {spells.provider_ids[provider[at_entry][worst]]} "
                             f"holds {held[at_entry][worst]:.0f} > {limit[worst]:.0f} slots "
                             f"at t={times[at_entry][worst]:.3f}")


def _money_names(scn: Scenario) -> list[str]:
    names = [f"cost_{c}" for c in CATEGORIES] + ["cost_total"]
    for funder in scn.funding:
        names += [f"funding_{funder.id}", f"share_{funder.id}"]
    names += ["funding_gap", "passive_benefits_avoided"]
    names += [f"passive_benefits_avoided_{p}" for p in scn.passive_benefits.payers]
    return [*names, "net_public_cost", "cost_per_entry", "cost_per_placement", *CASH_METRICS]


def _flow_grid(spells: Spells) -> np.ndarray:
    flows = monthly_flows(spells)
    months, n_prov = flows["entries"].shape
    grid = np.zeros((months, n_prov + 1, len(FLOW_COLUMNS)))
    for k, column in enumerate(FLOW_COLUMNS):
        if column in ("referrals", "waiting"):
            grid[:, n_prov, k] = flows[column]
        else:
            grid[:, :n_prov, k] = flows[column]
            grid[:, n_prov, k] = flows[column].sum(axis=1)
    return grid


def _by_year(scn: Scenario, amount: np.ndarray) -> np.ndarray:
    years = calendar_years(scn.period.start_month, scn.period.months)
    index = np.searchsorted(years_of(scn), years)
    per_month = amount.sum(axis=1)  # over providers: [months, categories, funders+gap]
    out = np.zeros((index.max() + 1, *per_month.shape[1:]))
    np.add.at(out, index, per_month)
    return out


def _structure(scn: Scenario, spells: Spells) -> np.ndarray:
    """Entrants per attribute value: counts and shares among entrants, ``[2, values]``."""
    counts = [np.bincount(spells.attributes[:, a], minlength=len(values)).astype(float)
              for a, values in enumerate(scn.participants.mix.values())]
    shares = [c / c.sum() if c.sum() else c for c in counts]
    if not counts:
        return np.zeros((2, 0))
    return np.stack([np.concatenate(counts), np.concatenate(shares)])

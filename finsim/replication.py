"""One replication end to end: spells -> ledger -> funding -> every metric, checked.

``replicate(program, seed)`` is the unit of Monte Carlo work: a pure function of a
compiled program and a seed. It also checks the invariants (people and money conserved,
no entry beyond capacity), because a breach would be finsim's bug and must stop the run
rather than reach a budget table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .funding import InvariantError, allocate, check_money_conserved, money_metrics
from .funding.benefits import avoided_benefits
from .funding.cashflow import cash_grid, cash_metrics, scenario_cash_flow
from .funding.cents import summed
from .funding.fiscal import fiscal_months, gross_wages
from .funding.metrics import provider_money_metrics
from .funding.transfer import transfer_split
from .ledger import build_ledger, spell_cuts
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
from .simulation import Spells, flow_metrics, monthly_flows, provider_metrics, simulate
from .simulation.flows import FlowCounts, count_flows
from .simulation.spells import DROPOUT, MAX_DURATION, PLACEMENT

__all__ = ["FLOW_COLUMNS", "PROVIDER_FLOW_METRICS", "BeyondCeiling", "InvariantError", "Outcome",
           "Program", "compile_program", "metric_names", "provider_metric_names", "replicate",
           "structure_labels", "years_of"]

FLOW_COLUMNS = ("referrals", "entries", "exits_placement", "exits_dropout",
                "exits_max_duration", "participants", "waiting")
"""flows.csv's count columns, in order."""
PROGRAM_ONLY = ("referrals", "waiting")
"""The columns counted for the program only (no provider has them)."""
EXIT_REASONS = [PLACEMENT, DROPOUT, MAX_DURATION]
"""The exit reasons of the three ``exits_*`` columns, in their order."""
EXIT_COLUMNS = [FLOW_COLUMNS.index(c)
                for c in ("exits_placement", "exits_dropout", "exits_max_duration")]
"""Where those columns are in ``FLOW_COLUMNS``."""
_EXITS, _REASONS = (slice(k[0], k[-1] + 1) for k in (EXIT_COLUMNS, EXIT_REASONS))
"""The same as slices (both runs of consecutive positions: copied as views, not picked)."""
if (list(range(len(FLOW_COLUMNS)))[_EXITS] != EXIT_COLUMNS
        or list(range(len(EXIT_REASONS) + 1))[_REASONS] != EXIT_REASONS):
    raise ImportError("flows.csv's exit columns and the exit reasons must each be consecutive")


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
    """Paid, saved, returns per calendar year and budget, EUR ``[years, budgets, 3]``."""
    yearly: np.ndarray
    """The ledger summed by calendar year over providers (exactly, in cents), in EUR
    ``[years, categories, funders+gap]``."""
    structure: np.ndarray
    """Entrants per attribute value, counts then shares, ``[2, len(structure_labels)]``."""
    cashflow: np.ndarray
    """EUR ``[cash months, providers + 1, 1 + funders]``: outflow, each funder's inflow;
    the last provider row is the program (``funding.cashflow.cash_grid``)."""
    balance: np.ndarray
    """Cumulative balance, EUR as float32 (for the chart's band), ``[cash months,
    providers + 1]``; the last column is the program."""
    quantities: np.ndarray
    """The plan's quantity basis per calendar year and provider, ``[years, providers,
    2]``: available slot-months and occupied slot-months (participant-months, pro rata)."""


def replicate(program: Program, seed: np.random.SeedSequence) -> Outcome:
    """Simulate one replication of a compiled program and measure everything reported."""
    scn = program.scenario
    spells = simulate(program.model, seed)
    cuts = spell_cuts(spells, program.costs.months)  # once, for the ledger and the benefits
    ledger = build_ledger(program.costs, spells, cuts)
    check_bounded(ledger.by_category)
    avoided = avoided_benefits(scn, spells, cuts.years, program.benefits, cuts)
    funding = allocate(program.funding, ledger, avoided)
    check_money_conserved(ledger, funding)
    counts = count_flows(spells)  # once, for the flow metrics, per provider and by month
    flow = flow_metrics(spells, counts)
    check_people(spells, flow)
    benefits = avoided.by_payer
    transfer = transfer_split(scn, funding, avoided)
    by_provider = provider_metrics(spells, counts)
    gross = gross_wages(scn, ledger.cost, program.costs.employer_contributions)
    fiscal = fiscal_months(program.budgets, funding.by_funder, benefits, gross)
    money = money_metrics(scn, ledger, funding, benefits, flow, transfer, fiscal,
                          program.budgets)
    money_p = provider_money_metrics(scn, funding, benefits, by_provider, fiscal, transfer,
                                     program.budgets)
    cash = scenario_cash_flow(program.cash, funding)
    cash_program, cash_p = cash_metrics(cash)
    values = {**flow, **money, **cash_program}
    columns = {**cash_p, **money_p, **by_provider}
    metric_values = np.array([values[k] for k in program.metric_names], dtype=float)
    provider_rows = _side_by_side([columns[k] for k in program.provider_metric_names])
    grid = cash_grid(cash)
    flows = _flow_grid(spells, counts)
    fiscal_years = program.by_year(fiscal.sum(axis=1))  # over providers
    yearly = program.by_year(summed(funding.cents, "mpcf->mcf")) / 100.0  # over providers
    structure = _structure(spells)
    balance = (np.concatenate([cash.balance, cash.program_balance[:, None]],
                              axis=1) / 100.0).astype(np.float32)
    quantities = program.by_year(np.stack(
        [ledger.available_slot_months, ledger.participant_months], axis=-1))
    return Outcome(
        metric_values=metric_values,
        provider_metrics=provider_rows,
        flows=flows,
        ledger=funding.cents,
        transfer=transfer,
        fiscal=fiscal_years,
        yearly=yearly,
        structure=structure,
        cashflow=grid,
        balance=balance,
        quantities=quantities,
    )


class BeyondCeiling(InvariantError):
    """Costs past ``MAX_TOTAL_EUR``, where cents stop being exact: validation refuses a
    scenario that could reach them, so only a drawn value (``uncertainty``) can."""


def check_bounded(cost: np.ndarray) -> None:
    """The replication's costs within ``MAX_TOTAL_EUR`` (a sum: microseconds); NaN or an
    overflow fails too, before the cents would wrap around."""
    total = float(cost.sum())
    if not abs(total) <= MAX_TOTAL_EUR:
        raise BeyondCeiling(f"they make the costs reach {total:.4g} EUR, beyond finsim's "
                            f"ceiling of {MAX_TOTAL_EUR:.0e} EUR")


def _side_by_side(columns: list) -> np.ndarray:
    """Per-provider columns (arrays over providers, floats or counts) as one float table
    ``[providers, columns]``: one conversion of them all, not one per column."""
    return np.ascontiguousarray(np.array(columns, dtype=float).T)


def check_people(spells: Spells, flow: dict[str, float]) -> None:
    """People conserved, time running forward, and no entry beyond a provider's slots;
    ``flow`` is ``flow_metrics(spells)``, computed once by the caller."""
    initial = float(np.count_nonzero(spells.initial))
    if flow["referrals"] != flow["entries"] - initial + flow["referrals_lost"] + flow[
            "waiting_at_end"]:
        raise InvariantError(f"referrals not conserved: {flow}")
    exits = flow["exits_placement"] + flow["exits_dropout"] + flow["exits_max_duration"]
    if flow["entries"] != exits + flow["participants_at_end"]:
        raise InvariantError(f"entrants not conserved: {flow}")
    if (spells.entry < spells.referral).any() or (spells.exit < spells.entry).any():
        raise InvariantError("someone entered before referral or left before entry")
    check_capacity(spells)


def check_capacity(spells: Spells, by_log_from: int = 0) -> None:
    """At every entry, the provider holds no more participants than its slots then;
    those in the slots at the start count as held, and are not entries.

    From ``by_log_from`` entrants on (default ``BY_LOG_FROM``), spells in the
    simulation's own order are counted without ordering every event (``_held_by_log``:
    a national replication's 320,000 events in about half the time); a breach found so
    is named by the count in event order, as always."""
    n = len(spells.entry)
    if n == 0 or spells.initial.all():
        return
    if n < (by_log_from or BY_LOG_FROM) or (found := _held_by_log(spells)) is None:
        _check_in_event_order(spells)
        return
    held, limit = found
    if (held > limit + 1e-9).any():
        _check_in_event_order(spells)  # names the breach
        raise InvariantError("the capacity counts by log and in event order disagree")


def _check_in_event_order(spells: Spells) -> None:
    """``check_capacity`` by one running count over every exit and entry in provider,
    then time order."""
    n = len(spells.entry)
    times = np.concatenate([spells.exit, spells.entry])  # exits, then entries
    providers = len(spells.provider_ids)
    provider = np.concatenate([spells.provider, spells.provider])
    # exits before entries at the same time: a freed slot may be refilled at once
    order = provider_time_order(provider, times, providers)
    entering = order >= n
    # the people held after each event, by one cumulative sum over all providers' events
    # (counts of whole people: exact in floats): each provider's events come together and
    # hold every entry of its people and every exit, so the count is back at 0 where the
    # next provider's begin
    held = np.cumsum(np.where(entering, 1.0, -1.0))
    checked = entering  # the entries, but for those in the slots at the start (held)
    if spells.initial.any():
        checked = entering.copy()
        checked[entering] = ~spells.initial[order[entering] - n]
    at = times[order[checked]]
    months, _ = spells.slots.shape
    month = np.minimum(np.maximum(np.floor(at).astype(int), 0), months - 1)
    in_order = np.repeat(np.arange(providers),
                         2 * np.bincount(spells.provider, minlength=providers))
    who, held = in_order[checked], held[checked]
    limit = spells.slots[month, who]
    if (held > limit + 1e-9).any():
        worst = int(np.argmax(held - limit))
        raise InvariantError(f"provider {spells.provider_ids[who[worst]]} holds "
                             f"{held[worst]:.0f} > {limit[worst]:.0f} slots at "
                             f"t={at[worst]:.3f}")


BY_LOG_FROM = 1000
"""Entrants from which ``check_capacity`` counts by the simulation's order (below, the
event-order count's one lexsort is as quick)."""


def _held_by_log(spells: Spells) -> tuple[np.ndarray, np.ndarray] | None:
    """The people each provider holds just after each entry but those at the start, and
    its slots then, provider by provider (each provider's in log order), for spells in
    the simulation's order: those in the slots at the start first, then the others by
    entry time, none before the last of the first (None for spells in any other order).

    In that order, the entries of a provider up to and including an entrant are those
    that come before it in event order; its exits before that entry are those at its
    time or earlier (exits first at equal times), counted without ordering the events by
    time: with the exits in time order, an exit at x is at or before t exactly when its
    place is within the first ``searchsorted(exits, t, "right")``, so whole-number ranks
    stand for the times, and one sort of (provider, rank) keys counts every provider's
    exits at once."""
    entry, initial, provider = spells.entry, spells.initial, spells.provider
    n, n0 = len(entry), int(np.count_nonzero(initial))
    later = entry[n0:]
    if not (initial[:n0].all() and (later[1:] >= later[:-1]).all()
            and (n0 == 0 or entry[:n0].max() <= later[0])):
        return None
    providers = len(spells.provider_ids)
    counts = np.bincount(provider, minlength=providers)
    before = np.cumsum(counts) - counts  # entrants of the providers before each
    # each provider's entrants together, in log order: an entrant's entries so far are
    # its place among them
    order = np.argsort(provider.astype(np.int16) if providers <= 2**15 else provider,
                       kind="stable")
    entries = np.arange(1, n + 1) - np.repeat(before, counts)
    entering = ~initial[order]
    checked = order[entering]  # each provider's entrants but those at the start
    at, who = entry[checked], provider[checked]
    # the exits in time order, ranked 1, 2, ... (equal times in any order)
    by_time = np.argsort(spells.exit)
    times = spells.exit[by_time]
    width = n + 1  # ranks run from 0 to n
    keys = np.sort(provider[by_time] * width + np.arange(1, n + 1))
    at_rank = np.searchsorted(times, later, side="right")[checked - n0]  # (sorted queries)
    # provider by provider, each provider's in time order: sorted queries again
    left = np.searchsorted(keys, who * width + at_rank, side="right") - before[who]
    months, _ = spells.slots.shape
    month = np.minimum(np.maximum(np.floor(at).astype(int), 0), months - 1)
    return entries[entering] - left, spells.slots[month, who]


LEXSORT_BELOW = 1000
"""Events below which one ``np.lexsort`` call orders them quicker than two sorts."""


def provider_time_order(provider: np.ndarray, times: np.ndarray, providers: int,
                        lexsort_below: int = LEXSORT_BELOW) -> np.ndarray:
    """The order of events by provider (``0 <= provider < providers``), then time, then
    position: the same order as ``np.lexsort((np.arange(len(times)), times,
    provider))``; from ``lexsort_below`` events on, from two stable sorts (time, then
    provider: a radix sort when the ids fit in 16 bits), about twice as fast on a national
    run's events."""
    if len(times) < lexsort_below:  # lexsort is stable: ties keep their positions
        return np.lexsort((times, provider))
    by_time = np.argsort(times, kind="stable")
    key = provider[by_time]
    if providers <= 2**15:
        key = key.astype(np.int16)
    return by_time[np.argsort(key, kind="stable")]


def _flow_grid(spells: Spells, counts: FlowCounts) -> np.ndarray:
    flows = monthly_flows(spells, counts)
    months, n_prov = flows["entries"].shape
    grid = np.zeros((months, n_prov + 1, len(FLOW_COLUMNS)))
    per_provider = grid[:, :n_prov]
    per_provider[..., _EXITS] = counts.exits[..., _REASONS]  # in one go
    for k, column in enumerate(FLOW_COLUMNS):
        if k not in EXIT_COLUMNS and column not in PROGRAM_ONLY:
            per_provider[..., k] = flows[column]
    # the program row: each provider column summed (counts: exact in any order), and
    # the program's own columns
    grid[:, n_prov] = np.einsum("mpk->mk", per_provider)
    for column in PROGRAM_ONLY:
        grid[:, n_prov, FLOW_COLUMNS.index(column)] = flows[column]
    return grid


def _structure(spells: Spells) -> np.ndarray:
    """Entrants per attribute value: counts and shares among entrants, ``[2, values]``."""
    counts = [np.bincount(spells.attributes[:, a], minlength=len(values))
              for a, values in enumerate(spells.attribute_values)]
    if not counts:
        return np.zeros((2, 0))
    every = np.concatenate(counts).astype(float)
    entrants = float(len(spells.attributes))  # what each attribute's counts add up to
    return np.stack([every, every / entrants if entrants else every])

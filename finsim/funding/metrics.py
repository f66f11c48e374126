"""The documented money metrics, for the program and per provider, of a batch of
replications at once (a single replication is a batch of one).

Cost metrics are taken from the cost rounded to cents per cell, so that
``cost_total == sum(funding_*) + funding_gap`` holds exactly in every report; the
benefits avoided from their whole cents per cell too, so that one amount is one float. Each value
is bit for bit what one replication's formula gives on its own: sums of cents are exact
in any order, and each float sum adds the same numbers in the same order whatever the
batch (a replication's table, or a provider's months, in one pairwise sum).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from finsim.batch import stack
from finsim.ledger import Ledger
from finsim.scenario.model import CATEGORIES, Scenario

from ..ledger.cents import to_cents
from .allocate import GAP, Funding
from .benefits import ALL_PAYERS
from .cents import summed
from .fiscal import (
    Budgets,
    budget_metrics_by_provider_many,
    budget_metrics_many,
    compile_budgets,
    fiscal_months,
    gross_wages,
    split_paid,
)


def money_metrics(scn: Scenario, ledger: Ledger, funding: Funding,
                  benefits: Mapping[str, np.ndarray], flow: Mapping[str, float],
                  transfer: np.ndarray | None = None,
                  fiscal: np.ndarray | None = None,
                  budgets: Budgets | None = None) -> dict[str, float]:
    """Program-wide money metrics of one replication; ``flow`` supplies ``entries`` and
    ``exits_placement``; ``transfer`` (``[months, providers, funders]`` cents) the part of
    each funder's money from the Passiv-Aktiv-Transfer; ``fiscal`` is ``fiscal_months``
    and ``budgets`` ``compile_budgets(scn)`` if the caller has them."""
    budgets = compile_budgets(scn) if budgets is None else budgets
    if fiscal is None:
        gross = gross_wages(scn, ledger.by_category)
        fiscal = fiscal_months(budgets, funding.by_funder, dict(benefits), gross)
    many = money_metrics_many(
        [scn], stack([funding]), _one(benefits), _one(flow),
        None if transfer is None else transfer[None], fiscal[None], [budgets])
    return {k: float(v[0]) for k, v in many.items()}


def money_metrics_many(scenarios: Sequence[Scenario], funding: Funding,
                       benefits: Mapping[str, np.ndarray], flow: Mapping[str, Any],
                       transfer: np.ndarray | None, fiscal: np.ndarray,
                       budgets: Sequence[Budgets]) -> dict[str, np.ndarray]:
    """``money_metrics`` of every replication of a batch, each metric an array ``[R]``:
    ``funding`` batched, ``benefits`` each payer's ``[R, months, providers]``, ``flow``
    ``entries`` and ``exits_placement`` ``[R]``, ``transfer`` ``[R, months, providers,
    funders]`` cents (or None: none), ``fiscal`` ``[R, months, providers, budgets, 3]``;
    ``scenarios`` and ``budgets`` each replication's (the funders' ids and flags, read
    from the first, are the same in every one)."""
    n = len(scenarios)
    # whole cents: the providers' sums add up exactly to the program's
    by_category = summed(funding.cost_by_provider, "rpc->rc")
    paid = summed(funding.paid_by_provider, "rpf->rf")
    total = by_category.sum(axis=1)
    out = _costs(scenarios[0], funding, by_category, total, paid,
                 None if transfer is None else summed(transfer, "rmpf->rf"))
    avoided = {payer: to_cents(v).reshape(n, -1).sum(axis=1) for payer, v in benefits.items()}
    _avoided(out, avoided, n)
    by_budget = summed(split_paid(budgets[0], funding.by_funder), "rmpb->rb")
    out.update(budget_metrics_many(budgets, fiscal, benefits, by_budget))
    _per_count(out, flow, n)
    return out


def money_metrics_by_provider(scn: Scenario, ledger: Ledger, funding: Funding,
                              benefits: Mapping[str, np.ndarray],
                              flows: Mapping[str, Any], transfer: np.ndarray | None = None,
                              ) -> dict[str, dict[str, float]]:
    """The same metrics per provider id; shares are of that provider's own cost.

    ``flows`` gives each provider's ``entries`` and ``exits_placement`` either as
    provider id -> {metric: count}, or as metric -> array over providers (the form of
    ``finsim.simulation.provider_metrics``).
    """
    gross = gross_wages(scn, ledger.by_category)
    fiscal = fiscal_months(scn, funding.by_funder, dict(benefits), gross)
    pids = ledger.provider_ids
    counts = {k: np.array([_provider_flow(flows, p, pid).get(k, 0)
                           for p, pid in enumerate(pids)], dtype=float)
              for k in ("entries", "exits_placement")}
    arrays = provider_money_metrics(scn, funding, benefits, counts, fiscal, transfer)
    return {pid: {k: float(v[p]) for k, v in arrays.items()} for p, pid in enumerate(pids)}


def provider_money_metrics(scn: Scenario, funding: Funding,
                           benefits: Mapping[str, np.ndarray], flows: Mapping[str, Any],
                           fiscal: np.ndarray, transfer: np.ndarray | None = None,
                           budgets: Budgets | None = None) -> dict[str, np.ndarray]:
    """Every money metric of one replication as an array over providers, all providers
    at once: each value is bit for bit what the program's formula gives on that
    provider's slice (sums of cents are exact; each float sum runs over the months in
    the same order).

    ``flows`` gives ``entries`` and ``exits_placement`` as arrays over providers;
    ``fiscal`` is ``fiscal_months``; ``budgets`` is ``compile_budgets(scn)`` if the caller
    has it.
    """
    many = provider_money_metrics_many(
        [scn], stack([funding]), _one(benefits), _one(flows), fiscal[None],
        None if transfer is None else transfer[None],
        [compile_budgets(scn) if budgets is None else budgets])
    return {k: v[0] for k, v in many.items()}


def provider_money_metrics_many(scenarios: Sequence[Scenario], funding: Funding,
                                benefits: Mapping[str, np.ndarray],
                                flows: Mapping[str, Any], fiscal: np.ndarray,
                                transfer: np.ndarray | None, budgets: Sequence[Budgets]
                                ) -> dict[str, np.ndarray]:
    """``provider_money_metrics`` of every replication of a batch, each metric an array
    ``[R, providers]`` (arguments as ``money_metrics_many``'s; ``flows`` ``[R,
    providers]``)."""
    by_category = funding.cost_by_provider  # [R, providers, categories], int
    total = summed(by_category, "rpc->rp")
    out = _costs(scenarios[0], funding, by_category, total, funding.paid_by_provider,
                 None if transfer is None else summed(transfer, "rmpf->rpf"))
    avoided = {payer: summed(to_cents(v), "rmp->rp") for payer, v in benefits.items()}
    _avoided(out, avoided, total.shape)
    unsplit = avoided.get(ALL_PAYERS)
    out.update(budget_metrics_by_provider_many(
        budgets, fiscal, None if unsplit is None else unsplit / 100.0,
        summed(split_paid(budgets[0], funding.by_funder), "rmpb->rpb")))
    _per_count(out, flows, total.shape)
    return out


def _costs(scn: Scenario, funding: Funding, by_category: np.ndarray, total: np.ndarray,
           paid: np.ndarray, moved: np.ndarray | None) -> dict[str, np.ndarray]:
    """The cost and funding metrics from whole cents: ``by_category`` ``[..., categories]``,
    ``total`` ``[...]``, ``paid`` ``[..., funders + gap]``, ``moved`` ``[..., funders]``
    (the transfer's part, or None)."""
    cost_eur, paid_eur = by_category / 100.0, paid / 100.0  # each division once
    shares = np.divide(paid, total[..., None], out=np.zeros(paid.shape),
                       where=total[..., None] != 0)
    moved_eur = None if moved is None else moved / 100.0
    out = {f"cost_{c}": cost_eur[..., i] for i, c in enumerate(CATEGORIES)}
    out["cost_total"] = total / 100.0
    for i, funder in enumerate(scn.funding):
        out[f"funding_{funder.id}"] = paid_eur[..., i]
        out[f"share_{funder.id}"] = shares[..., i]
        if funder.transfers:
            out[f"transfer_{funder.id}"] = (np.zeros(total.shape) if moved_eur is None
                                            else moved_eur[..., i])
    out["funding_gap"] = paid_eur[..., funding.funder_ids.index(GAP)]
    return out


def _avoided(out: dict[str, np.ndarray], avoided: dict[str, np.ndarray],
             shape: Any) -> None:
    """The benefits avoided metrics from each payer's whole cents (each cell is whole
    cents, benefits.py): an amount a funder ``limited_to: benefits_avoided`` pays in full
    is then the same float as its ``funding_`` metric, and gets the same median."""
    every = np.zeros(shape, dtype=np.int64)
    for value in avoided.values():
        every = every + value
    out["passive_benefits_avoided"] = every / 100.0
    for payer, value in avoided.items():
        if payer != ALL_PAYERS:
            out[f"passive_benefits_avoided_{payer}"] = value / 100.0


def _per_count(out: dict[str, np.ndarray], flows: Mapping[str, Any], shape: Any) -> None:
    """Cost per entry and per placement (NaN where there was none)."""
    total = out["cost_total"]
    for name, count in (("cost_per_entry", "entries"),
                        ("cost_per_placement", "exits_placement")):
        n = np.asarray(flows.get(count, np.zeros(shape)), dtype=float)
        out[name] = np.divide(total, n, out=np.full(shape, np.nan), where=n != 0)


def _one(values: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """One replication's arrays or numbers as a batch of one."""
    return {k: np.asarray(v)[None] for k, v in values.items()}


def _provider_flow(flows: Mapping[str, Any], p: int, pid: str) -> Mapping[str, float]:
    if pid in flows and isinstance(flows[pid], Mapping):
        return flows[pid]
    return {k: float(np.asarray(v)[p]) for k, v in flows.items()
            if not isinstance(v, Mapping) and np.ndim(v) == 1}

"""The documented money metrics for one replication, for the program and per provider.

Cost metrics are taken from the cost rounded to cents per cell, so that
``cost_total == sum(funding_*) + funding_gap`` holds exactly in every report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from finsim.batch import stack, unstack
from finsim.ledger import Ledger
from finsim.scenario.model import CATEGORIES, Scenario

from .allocate import GAP, Funding
from .benefits import ALL_PAYERS
from .cents import summed
from .fiscal import (
    Budgets,
    budget_metrics,
    budget_metrics_by_provider,
    compile_budgets,
    fiscal_months,
    gross_wages,
)


def money_metrics(scn: Scenario, ledger: Ledger, funding: Funding,
                  benefits: Mapping[str, np.ndarray], flow: Mapping[str, float],
                  transfer: np.ndarray | None = None,
                  fiscal: np.ndarray | None = None,
                  budgets: Budgets | None = None) -> dict[str, float]:
    """Program-wide money metrics; ``flow`` supplies ``entries`` and ``exits_placement``;
    ``transfer`` (``[months, providers, funders]`` cents) the part of each funder's money
    from the Passiv-Aktiv-Transfer; ``fiscal`` is ``fiscal_months`` and ``budgets``
    ``compile_budgets(scn)`` if the caller has them."""
    budgets = compile_budgets(scn) if budgets is None else budgets
    if fiscal is None:
        gross = gross_wages(scn, ledger.cost)
        fiscal = fiscal_months(budgets, funding.by_funder, dict(benefits), gross)
    return _metrics(scn, funding, benefits, flow, fiscal, transfer, budgets)


def money_metrics_by_provider(scn: Scenario, ledger: Ledger, funding: Funding,
                              benefits: Mapping[str, np.ndarray],
                              flows: Mapping[str, Any], transfer: np.ndarray | None = None,
                              ) -> dict[str, dict[str, float]]:
    """The same metrics per provider id; shares are of that provider's own cost.

    ``flows`` gives each provider's ``entries`` and ``exits_placement`` either as
    provider id -> {metric: count}, or as metric -> array over providers (the form of
    ``finsim.simulation.provider_metrics``).
    """
    fiscal = fiscal_months(scn, funding.by_funder, dict(benefits), gross_wages(scn, ledger.cost))
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
    """Every money metric as an array over providers, all providers at once: each value
    is bit for bit what the program's formula gives on that provider's slice (sums of
    cents are exact; each float sum runs over the months in the same order).

    ``flows`` gives ``entries`` and ``exits_placement`` as arrays over providers;
    ``fiscal`` is ``fiscal_months``; ``budgets`` is ``compile_budgets(scn)`` if the caller
    has it.
    """
    by_category = funding.cost_by_provider  # int: exact in any order
    total = summed(by_category, "pc->p")
    paid = funding.paid_by_provider  # [providers, funders + gap]
    # each division once for every provider and funder (columns picked below)
    cost_eur, paid_eur = by_category / 100.0, paid / 100.0
    shares = np.divide(paid, total[:, None], out=np.zeros(paid.shape),
                       where=total[:, None] != 0)
    moved = None if transfer is None else summed(transfer, "mpf->pf") / 100.0
    out: dict[str, np.ndarray] = {f"cost_{c}": cost_eur[:, i]
                                  for i, c in enumerate(CATEGORIES)}
    out["cost_total"] = total / 100.0
    for i, funder in enumerate(scn.funding):
        out[f"funding_{funder.id}"] = paid_eur[:, i]
        out[f"share_{funder.id}"] = shares[:, i]
        if funder.transfers:
            out[f"transfer_{funder.id}"] = (np.zeros(len(total)) if moved is None
                                            else moved[:, i])
    out["funding_gap"] = paid_eur[:, funding.funder_ids.index(GAP)]
    # each provider's months in a row of their own: the same pairwise sum as a slice's
    avoided = {payer: np.ascontiguousarray(np.asarray(v, dtype=float).T).sum(axis=1)
               for payer, v in benefits.items()}
    every = np.zeros(len(total))
    for value in avoided.values():  # in the order sum() adds them, from 0
        every = every + value
    out["passive_benefits_avoided"] = every
    for payer, value in avoided.items():
        if payer != ALL_PAYERS:
            out[f"passive_benefits_avoided_{payer}"] = value
    out.update(budget_metrics_by_provider(scn if budgets is None else budgets, fiscal,
                                          avoided.get(ALL_PAYERS)))
    for name, count in (("cost_per_entry", "entries"), ("cost_per_placement",
                                                         "exits_placement")):
        n = np.asarray(flows.get(count, np.zeros(len(total))), dtype=float)
        out[name] = np.divide(out["cost_total"], n, out=np.full(len(total), np.nan),
                              where=n != 0)
    return out


def _provider_flow(flows: Mapping[str, Any], p: int, pid: str) -> Mapping[str, float]:
    if pid in flows and isinstance(flows[pid], Mapping):
        return flows[pid]
    return {k: float(np.asarray(v)[p]) for k, v in flows.items()
            if not isinstance(v, Mapping) and np.ndim(v) == 1}


def _metrics(scn: Scenario, funding: Funding, benefits: Mapping[str, np.ndarray],
             flow: Mapping[str, float], fiscal: np.ndarray,
             transfer: np.ndarray | None, budgets: Budgets) -> dict[str, float]:
    # whole cents: the providers' sums add up exactly to the program's
    by_category = summed(funding.cost_by_provider, "pc->c").tolist()
    paid = summed(funding.paid_by_provider, "pf->f").tolist()
    moved = None if transfer is None else summed(transfer, "mpf->f").tolist()
    total = sum(by_category)
    out: dict[str, float] = {f"cost_{c}": by_category[i] / 100.0
                             for i, c in enumerate(CATEGORIES)}
    out["cost_total"] = total / 100.0
    for i, funder in enumerate(scn.funding):
        out[f"funding_{funder.id}"] = paid[i] / 100.0
        out[f"share_{funder.id}"] = paid[i] / total if total else 0.0
        if funder.transfers:
            out[f"transfer_{funder.id}"] = (0 if moved is None else moved[i]) / 100.0
    out["funding_gap"] = paid[funding.funder_ids.index(GAP)] / 100.0
    avoided = {payer: float(v.sum()) for payer, v in benefits.items()}
    out["passive_benefits_avoided"] = sum(avoided.values())
    for payer, value in avoided.items():
        if payer != ALL_PAYERS:
            out[f"passive_benefits_avoided_{payer}"] = value
    out.update(budget_metrics(budgets, fiscal, dict(benefits)))
    out["cost_per_entry"] = _per(out["cost_total"], flow.get("entries", 0))
    out["cost_per_placement"] = _per(out["cost_total"], flow.get("exits_placement", 0))
    return out


def _per(amount: float, count: float) -> float:
    return amount / count if count else float("nan")


def money_metrics_many(scenarios: Sequence[Scenario], ledger: Ledger, funding: Funding,
                       benefits: Mapping[str, np.ndarray], flow: Mapping[str, np.ndarray],
                       transfer: np.ndarray, fiscal: np.ndarray,
                       budgets: Sequence[Budgets]) -> dict[str, np.ndarray]:
    """``money_metrics`` of every replication of a batch: each metric an array ``[R]``
    (every argument batched but ``scenarios`` and ``budgets``)."""
    return stack([money_metrics(s, unstack(ledger, r), unstack(funding, r),
                                unstack(benefits, r), unstack(flow, r), transfer[r],
                                fiscal[r], budgets[r]) for r, s in enumerate(scenarios)])


def provider_money_metrics_many(scenarios: Sequence[Scenario], funding: Funding,
                                benefits: Mapping[str, np.ndarray],
                                by_provider: Mapping[str, Any], fiscal: np.ndarray,
                                transfer: np.ndarray, budgets: Sequence[Budgets]
                                ) -> dict[str, np.ndarray]:
    """``provider_money_metrics`` of every replication of a batch: each metric an array
    ``[R, providers]``."""
    return stack([provider_money_metrics(s, unstack(funding, r), unstack(benefits, r),
                                         unstack(by_provider, r), fiscal[r], transfer[r],
                                         budgets[r]) for r, s in enumerate(scenarios)])

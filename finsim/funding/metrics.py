"""The documented money metrics for one replication, for the program and per provider.

Cost metrics are taken from the cost rounded to cents per cell, so that
``cost_total == sum(funding_*) + funding_gap`` holds exactly in every report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from finsim.ledger import Ledger
from finsim.scenario.model import CATEGORIES, Scenario

from .allocate import GAP, Funding
from .benefits import ALL_PAYERS
from .fiscal import budget_metrics, fiscal_months, gross_wages


def money_metrics(scn: Scenario, ledger: Ledger, funding: Funding,
                  benefits: Mapping[str, np.ndarray], flow: Mapping[str, float],
                  transfer: np.ndarray | None = None) -> dict[str, float]:
    """Program-wide money metrics; ``flow`` supplies ``entries`` and ``exits_placement``;
    ``transfer`` (``[months, providers, funders]`` cents) the part of each funder's money
    from the Passiv-Aktiv-Transfer."""
    every = slice(None)
    fiscal = fiscal_months(scn, funding.cents, dict(benefits), gross_wages(scn, ledger.cost))
    return _metrics(scn, funding, benefits, every, flow, fiscal, transfer)


def money_metrics_by_provider(scn: Scenario, ledger: Ledger, funding: Funding,
                              benefits: Mapping[str, np.ndarray],
                              flows: Mapping[str, Any], transfer: np.ndarray | None = None,
                              ) -> dict[str, dict[str, float]]:
    """The same metrics per provider id; shares are of that provider's own cost.

    ``flows`` gives each provider's ``entries`` and ``exits_placement`` either as
    provider id -> {metric: count}, or as metric -> array over providers (the form of
    ``finsim.simulation.provider_metrics``).
    """
    fiscal = fiscal_months(scn, funding.cents, dict(benefits), gross_wages(scn, ledger.cost))
    out = {}
    for p, pid in enumerate(ledger.provider_ids):
        flow = _provider_flow(flows, p, pid)
        out[pid] = _metrics(scn, funding, benefits, slice(p, p + 1), flow, fiscal, transfer)
    return out


def _provider_flow(flows: Mapping[str, Any], p: int, pid: str) -> Mapping[str, float]:
    if pid in flows and isinstance(flows[pid], Mapping):
        return flows[pid]
    return {k: float(np.asarray(v)[p]) for k, v in flows.items()
            if not isinstance(v, Mapping) and np.ndim(v) == 1}


def _metrics(scn: Scenario, funding: Funding, benefits: Mapping[str, np.ndarray],
             providers: slice, flow: Mapping[str, float], fiscal: np.ndarray,
             transfer: np.ndarray | None) -> dict[str, float]:
    cents = funding.cents[:, providers]
    cost = cents.sum(axis=-1)
    total = int(cost.sum())
    out: dict[str, float] = {f"cost_{c}": cost[:, :, i].sum() / 100.0
                             for i, c in enumerate(CATEGORIES)}
    out["cost_total"] = total / 100.0
    for i, funder in enumerate(scn.funding):
        paid = int(cents[..., i].sum())
        out[f"funding_{funder.id}"] = paid / 100.0
        out[f"share_{funder.id}"] = paid / total if total else 0.0
        if funder.transfers:
            moved = 0 if transfer is None else int(transfer[:, providers, i].sum())
            out[f"transfer_{funder.id}"] = moved / 100.0
    out["funding_gap"] = int(cents[..., funding.funder_ids.index(GAP)].sum()) / 100.0
    avoided = {payer: float(v[:, providers].sum()) for payer, v in benefits.items()}
    out["passive_benefits_avoided"] = sum(avoided.values())
    for payer, value in avoided.items():
        if payer != ALL_PAYERS:
            out[f"passive_benefits_avoided_{payer}"] = value
    mine = {payer: v[:, providers] for payer, v in benefits.items()}
    out.update(budget_metrics(scn, fiscal[:, providers], mine))
    out["cost_per_entry"] = _per(out["cost_total"], flow.get("entries", 0))
    out["cost_per_placement"] = _per(out["cost_total"], flow.get("exits_placement", 0))
    return out


def _per(amount: float, count: float) -> float:
    return amount / count if count else float("nan")

"""The fiscal balance per budget: what each public budget pays, saves and gets back.

A budget is where money comes from or goes to: each funder names one (``budget``), each
payer of ``passive_benefits`` is one, and so is each receiver of ``returns``. For every
budget and month:

- ``paid``: what the funders of that budget pay (whole cents from the allocation);
- ``saved``: the benefits avoided that this budget would have paid;
- ``returns``: taxes and contributions flowing back from the participants' wages
  (``returns``: share of the gross wage);
- ``net`` = paid - saved - returns, summed to the metric ``net_cost_<budget>``.

``net_public_cost`` is the sum of ``net`` over the public budgets (every budget except
those of non-public funders), minus benefits avoided that are not split by payer.
"""

from __future__ import annotations

import numpy as np

from finsim.scenario.model import CATEGORIES, Scenario

from .benefits import ALL_PAYERS

PAID, SAVED, RETURNS = range(3)
FISCAL_COLUMNS = ("paid", "saved", "returns")
WAGES = CATEGORIES.index("wages")


def budgets(scn: Scenario) -> list[str]:
    """Every budget, in order: the funders' (list order), the payers', the returns'."""
    named = [f.budget_id for f in scn.funding] + scn.passive_benefits.payers
    return list(dict.fromkeys([*named, *scn.returns]))


def public_budgets(scn: Scenario) -> list[str]:
    """The budgets that hold public money: all but those of non-public funders."""
    private = {f.budget_id for f in scn.funding if not f.public}
    return [b for b in budgets(scn) if b not in private]


def gross_wages(scn: Scenario, cost: np.ndarray, rate: np.ndarray | None = None
                ) -> np.ndarray:
    """Gross wages (without the employer's contributions), ``[months, providers]``,
    from the ledger's cost ``[months, providers, categories, tenure years]``; ``rate``
    is each provider's employer contributions if compiled already (``CostProgram``)."""
    if rate is None:
        rate = np.array([scn.costs_for(p).wages.employer_contributions
                         for p in scn.providers])
    return cost[:, :, WAGES, :].sum(axis=-1) / (1.0 + rate)[None, :]


def fiscal_months(scn: Scenario, paid: np.ndarray, avoided: dict[str, np.ndarray],
                  gross: np.ndarray) -> np.ndarray:
    """EUR per month, provider, budget and column, ``[months, providers, budgets, 3]``.

    ``paid`` is the allocation's cents summed over categories, ``[months, providers,
    funders + gap]`` (``Funding.by_funder``); ``avoided`` the benefits avoided per payer
    ``[months, providers]``.
    """
    names = budgets(scn)
    out = np.zeros((*gross.shape, len(names), len(FISCAL_COLUMNS)))
    for i, funder in enumerate(scn.funding):
        out[:, :, names.index(funder.budget_id), PAID] += paid[:, :, i] / 100.0
    for payer, amount in avoided.items():
        if payer != ALL_PAYERS:
            out[:, :, names.index(payer), SAVED] += amount
    for budget, share in scn.returns.items():
        out[:, :, names.index(budget), RETURNS] += share * gross
    return out


def budget_metrics(scn: Scenario, fiscal: np.ndarray,
                   avoided: dict[str, np.ndarray]) -> dict[str, float]:
    """``net_cost_<budget>`` for every budget and ``net_public_cost``, from ``fiscal``
    (``[..., budgets, 3]``, any leading axes, summed) and the benefits avoided."""
    totals = fiscal.sum(axis=tuple(range(fiscal.ndim - 2)))  # [budgets, 3]
    net = totals[:, PAID] - totals[:, SAVED] - totals[:, RETURNS]
    names = budgets(scn)
    out = {f"net_cost_{b}": float(net[i]) for i, b in enumerate(names)}
    public = sum(out[f"net_cost_{b}"] for b in public_budgets(scn))
    unsplit = float(avoided[ALL_PAYERS].sum()) if ALL_PAYERS in avoided else 0.0
    out["net_public_cost"] = public - unsplit
    return out


def budget_metrics_by_provider(scn: Scenario, fiscal: np.ndarray,
                               unsplit: np.ndarray | None) -> dict[str, np.ndarray]:
    """``budget_metrics`` for every provider at once, as arrays over providers: the
    same sums in the same order as on each provider's slice. ``fiscal`` is
    ``[months, providers, budgets, 3]``; ``unsplit`` each provider's benefits avoided
    not split by payer (or None)."""
    totals = fiscal.sum(axis=0)  # [providers, budgets, 3]
    net = totals[..., PAID] - totals[..., SAVED] - totals[..., RETURNS]
    names = budgets(scn)
    out = {f"net_cost_{b}": net[:, i] for i, b in enumerate(names)}
    public = np.zeros(fiscal.shape[1])
    for b in public_budgets(scn):  # in the order sum() adds them, from 0
        public = public + out[f"net_cost_{b}"]
    out["net_public_cost"] = public if unsplit is None else public - unsplit
    return out

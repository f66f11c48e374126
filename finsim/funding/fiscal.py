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

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from finsim.batch import stack, unstack
from finsim.scenario.model import CATEGORIES, Scenario

from .benefits import ALL_PAYERS

PAID, SAVED, RETURNS = range(3)
FISCAL_COLUMNS = ("paid", "saved", "returns")
WAGES, ONE_OFF = CATEGORIES.index("wages"), CATEGORIES.index("one_off")


def budgets(scn: Scenario) -> list[str]:
    """Every budget, in order: the funders' (list order), the payers', the returns'."""
    named = [f.budget_id for f in scn.funding] + scn.passive_benefits.payers
    return list(dict.fromkeys([*named, *scn.returns]))


def public_budgets(scn: Scenario) -> list[str]:
    """The budgets that hold public money: all but those of non-public funders."""
    private = {f.budget_id for f in scn.funding if not f.public}
    return [b for b in budgets(scn) if b not in private]


@dataclass(frozen=True, eq=False)
class Budgets:
    """The budgets of a scenario and where each funder, payer and return lands among
    them, compiled once (every replication's fiscal table and metrics read them)."""

    names: tuple[str, ...]
    """``budgets(scn)``."""
    funder: tuple[int, ...]
    """Each funder's budget (position in ``names``), in scenario order."""
    payer: tuple[tuple[str, int], ...]
    """Each payer of benefits avoided with its budget (not ``ALL_PAYERS``)."""
    returns: tuple[tuple[int, float], ...]
    """Each receiver of returns (its budget) and its share of the gross wage."""
    public: tuple[int, ...]
    """The public budgets, in ``public_budgets`` order."""


def compile_budgets(scn: Scenario) -> Budgets:
    """The budgets of a scenario (pure)."""
    names = budgets(scn)
    return Budgets(
        names=tuple(names),
        funder=tuple(names.index(f.budget_id) for f in scn.funding),
        payer=tuple((p, names.index(p)) for p in scn.passive_benefits.payers),
        returns=tuple((names.index(b), float(s)) for b, s in scn.returns.items()),
        public=tuple(names.index(b) for b in public_budgets(scn)),
    )


def _compiled(budgets: Budgets | Scenario) -> Budgets:
    return budgets if isinstance(budgets, Budgets) else compile_budgets(budgets)


def gross_wages(scn: Scenario, cost: np.ndarray, rate: np.ndarray | None = None
                ) -> np.ndarray:
    """Gross pay (without the employer's contributions), ``[months, providers]``: the
    wages and the one-off payments (a Jahressonderzahlung is pay: wage tax and
    contributions are due on it), from the ledger's cost ``[months, providers,
    categories, tenure years]``; ``rate`` is each provider's employer contributions if
    compiled already (``CostProgram``)."""
    if rate is None:
        rate = np.array([scn.costs_for(p).wages.employer_contributions
                         for p in scn.providers])
    pay = cost[:, :, WAGES, :].sum(axis=-1)
    if cost[:, :, ONE_OFF, :].any():  # adding zeros would change no bit either
        pay = pay + cost[:, :, ONE_OFF, :].sum(axis=-1)
    return pay / (1.0 + rate)[None, :]


def fiscal_months(budgets: Budgets | Scenario, paid: np.ndarray,
                  avoided: dict[str, np.ndarray], gross: np.ndarray) -> np.ndarray:
    """EUR per month, provider, budget and column, ``[months, providers, budgets, 3]``.

    ``budgets`` is compiled once per scenario (``compile_budgets``; a scenario is compiled
    on the spot); ``paid`` the allocation's cents summed over categories, ``[months,
    providers, funders + gap]`` (``Funding.by_funder``); ``avoided`` the benefits avoided
    per payer ``[months, providers]``.
    """
    budgets = _compiled(budgets)
    out = np.zeros((*gross.shape, len(budgets.names), len(FISCAL_COLUMNS)))
    eur = paid / 100.0  # each funder's column divided as on its own
    for i, row in enumerate(budgets.funder):
        out[:, :, row, PAID] += eur[:, :, i]
    for payer, row in budgets.payer:
        if payer in avoided:
            out[:, :, row, SAVED] += avoided[payer]
    for row, share in budgets.returns:
        out[:, :, row, RETURNS] += share * gross
    return out


def budget_metrics(budgets: Budgets | Scenario, fiscal: np.ndarray,
                   avoided: dict[str, np.ndarray]) -> dict[str, float]:
    """``net_cost_<budget>`` for every budget and ``net_public_cost``, from ``fiscal``
    (``[..., budgets, 3]``, any leading axes, summed) and the benefits avoided."""
    budgets = _compiled(budgets)
    totals = fiscal.sum(axis=tuple(range(fiscal.ndim - 2)))  # [budgets, 3]
    net = (totals[:, PAID] - totals[:, SAVED] - totals[:, RETURNS]).tolist()
    out = {f"net_cost_{b}": net[i] for i, b in enumerate(budgets.names)}
    public = sum(net[i] for i in budgets.public)
    unsplit = float(avoided[ALL_PAYERS].sum()) if ALL_PAYERS in avoided else 0.0
    out["net_public_cost"] = public - unsplit
    return out


def budget_metrics_by_provider(budgets: Budgets | Scenario, fiscal: np.ndarray,
                               unsplit: np.ndarray | None) -> dict[str, np.ndarray]:
    """``budget_metrics`` for every provider at once, as arrays over providers: the
    same sums in the same order as on each provider's slice. ``fiscal`` is
    ``[months, providers, budgets, 3]``; ``unsplit`` each provider's benefits avoided
    not split by payer (or None)."""
    budgets = _compiled(budgets)
    totals = fiscal.sum(axis=0)  # [providers, budgets, 3]
    net = totals[..., PAID] - totals[..., SAVED] - totals[..., RETURNS]
    out = {f"net_cost_{b}": net[:, i] for i, b in enumerate(budgets.names)}
    public = np.zeros(fiscal.shape[1])
    for i in budgets.public:  # in the order sum() adds them, from 0
        public = public + net[:, i]
    out["net_public_cost"] = public if unsplit is None else public - unsplit
    return out


def gross_wages_many(scenarios: Sequence[Scenario], cost: np.ndarray,
                     rates: Sequence[np.ndarray | None]) -> np.ndarray:
    """``gross_wages`` of every replication of a batch (``cost`` batched)."""
    return stack([gross_wages(s, cost[r], rates[r]) for r, s in enumerate(scenarios)])


def fiscal_months_many(budgets: Sequence[Budgets], paid: np.ndarray,
                       avoided: dict[str, np.ndarray], gross: np.ndarray) -> np.ndarray:
    """``fiscal_months`` of every replication of a batch (every argument batched but
    ``budgets``, each replication's)."""
    return stack([fiscal_months(b, paid[r], unstack(avoided, r), gross[r])
                  for r, b in enumerate(budgets)])

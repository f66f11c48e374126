"""The fiscal balance per budget: what each public budget pays, saves and gets back.

A budget is where money comes from or goes to: each funder names one (``budget``) or
several with shares (``budget: {land: 0.6, eu: 0.4}``: one grant, its money split over
them cell by cell in whole cents, ``split_paid``), each payer of ``passive_benefits`` is
one, and so is each receiver of ``returns``. For every budget and month:

- ``paid``: what the funders of that budget pay (whole cents from the allocation);
- ``saved``: the benefits avoided that this budget would have paid;
- ``returns``: taxes and contributions flowing back from the participants' wages
  (``returns``: share of the gross wage);
- ``net`` = paid - saved - returns, summed to the metric ``net_cost_<budget>``.

With ``returns``, the metric ``returns_<budget>`` is each receiver's sum, and ``returns``
the sum over the public budgets.

``net_public_cost`` is the sum of ``net`` over the public budgets (every budget except
those of non-public funders), minus benefits avoided that are not split by payer: the
table's last row ``UNSPLIT`` saves them (no budget of its own), so that its public
rows' nets add up to ``net_public_cost``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from finsim.ledger.categories import contribution_rates
from finsim.scenario.model import CATEGORIES, Scenario

from ..ledger.cents import to_cents
from .benefits import ALL_PAYERS
from .cents import share_cents

PAID, SAVED, RETURNS = range(3)
UNSPLIT = "not_split_by_payer"
"""The fiscal table's row of benefits avoided not split by payer (``Budgets.unsplit``):
attributed to no budget, public money all the same."""
FISCAL_COLUMNS = ("paid", "saved", "returns")
WAGES, ONE_OFF = CATEGORIES.index("wages"), CATEGORIES.index("one_off")


def budgets(scn: Scenario) -> list[str]:
    """Every budget, in order: the funders' (list order), the payers', the returns'."""
    named = [b for f in scn.funding for b in f.budget_shares] + scn.passive_benefits.payers
    return list(dict.fromkeys([*named, *scn.returns]))


def public_budgets(scn: Scenario) -> list[str]:
    """The budgets that hold public money: all but those of non-public funders."""
    private = {b for f in scn.funding if not f.public for b in f.budget_shares}
    return [b for b in budgets(scn) if b not in private]


@dataclass(frozen=True, eq=False)
class Budgets:
    """The budgets of a scenario and where each funder, payer and return lands among
    them, compiled once (every replication's fiscal table and metrics read them)."""

    names: tuple[str, ...]
    """``budgets(scn)``."""
    funder: tuple[tuple[tuple[int, float], ...], ...]
    """Each funder's budgets (position in ``names``) with their shares, in scenario
    order: ``((row, 1.0),)`` for a funder of one budget."""
    payer: tuple[tuple[str, int], ...]
    """Each payer of benefits avoided with its budget (not ``ALL_PAYERS``)."""
    returns: tuple[tuple[int, float], ...]
    """Each receiver of returns (its budget) and its share of the gross wage."""
    public: tuple[int, ...]
    """The public budgets, in ``public_budgets`` order."""
    unsplit: bool = False
    """Whether benefits avoided are not split by payer (``per_person_month``): the
    fiscal table then has a last row, ``UNSPLIT``, that saves them, so that its public
    rows' nets add up to ``net_public_cost`` (no ``net_cost_`` metric of its own)."""

    @property
    def rows(self) -> int:
        """The fiscal table's rows: the budgets, and ``UNSPLIT`` last if there is one."""
        return len(self.names) + self.unsplit

    @functools.cached_property
    def running_shares(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The funder x budget weight matrices ``[funders, rows]``: each funder's running
        sum of its shares up to and before each of its budgets (in its mapping's order;
        the last up to is exactly 1, so the parts add up to the whole); None where every
        funder pays from one budget (its cents are its budget's as they are)."""
        if all(len(shares) == 1 for shares in self.funder):
            return None
        upper = np.zeros((len(self.funder), self.rows))
        lower = np.zeros_like(upper)
        for i, shares in enumerate(self.funder):
            running = np.cumsum([share for _, share in shares])
            running[-1] = 1.0  # the shares add up to 1 within 1e-9 (checks): no cent lost
            for (row, _), below, up in zip(shares, [0.0, *running[:-1]], running,
                                           strict=True):
                upper[i, row], lower[i, row] = up, below
        return upper, lower


def compile_budgets(scn: Scenario) -> Budgets:
    """The budgets of a scenario (pure)."""
    names = budgets(scn)
    return Budgets(
        names=tuple(names),
        funder=tuple(tuple((names.index(b), float(share))
                           for b, share in f.budget_shares.items()) for f in scn.funding),
        payer=tuple((p, names.index(p)) for p in scn.passive_benefits.payers),
        returns=tuple((names.index(b), float(s)) for b, s in scn.returns.items()),
        public=tuple(names.index(b) for b in public_budgets(scn)),
        unsplit=scn.passive_benefits.unsplit,
    )


def _compiled(budgets: Budgets | Scenario) -> Budgets:
    return budgets if isinstance(budgets, Budgets) else compile_budgets(budgets)


def gross_wages(scn: Scenario, by_category: np.ndarray, rate: np.ndarray | None = None
                ) -> np.ndarray:
    """Gross pay (without the employer's contributions), ``[months, providers]``: the
    wages and the one-off payments (a Jahressonderzahlung is pay: wage tax and
    contributions are due on it), from the ledger's cost by category ``[months,
    providers, categories]`` (``Ledger.by_category``); ``rate`` is each provider's
    employer contributions if compiled already (``CostProgram``)."""
    return gross_wages_many([scn], by_category[None], [rate])[0]


def gross_wages_many(scenarios: Sequence[Scenario], by_category: np.ndarray,
                     rates: Sequence[np.ndarray | None]) -> np.ndarray:
    """``gross_wages`` of every replication of a batch, ``[R, months, providers]``
    (``by_category`` batched; ``rates`` each replication's, None to take them from its
    scenario)."""
    if all(r is rates[0] for r in rates):
        rate = _rate(scenarios[0], rates[0])[None]
    else:
        rate = np.stack([_rate(s, r) for s, r in zip(scenarios, rates, strict=True)])
    pay = by_category[..., WAGES]
    one_off = by_category[..., ONE_OFF]
    if one_off.any():  # adding zeros changes no bit (a sum is never -0.0), so all at once
        pay = pay + one_off
    return pay / (1.0 + rate)


def _rate(scn: Scenario, rate: np.ndarray | None) -> np.ndarray:
    if rate is None:
        return contribution_rates(scn, [scn.costs_for(p).wages for p in scn.providers])
    return rate


def fiscal_months(budgets: Budgets | Scenario, paid: np.ndarray,
                  avoided: dict[str, np.ndarray], gross: np.ndarray) -> np.ndarray:
    """EUR per month, provider, budget and column, ``[months, providers, budgets, 3]``.

    ``budgets`` is compiled once per scenario (``compile_budgets``; a scenario is compiled
    on the spot); ``paid`` the allocation's cents summed over categories, ``[months,
    providers, funders + gap]`` (``Funding.by_funder``); ``avoided`` the benefits avoided
    per payer ``[months, providers]``.
    """
    return fiscal_months_many([_compiled(budgets)], paid[None],
                              {k: v[None] for k, v in avoided.items()}, gross[None])[0]


def fiscal_months_many(budgets: Sequence[Budgets], paid: np.ndarray,
                       avoided: dict[str, np.ndarray], gross: np.ndarray) -> np.ndarray:
    """``fiscal_months`` of every replication of a batch, ``[R, months, providers,
    budgets, 3]`` (every argument batched but ``budgets``, each replication's: a draw
    may change the shares of ``returns``, never which budgets there are)."""
    first = budgets[0]
    n, months, providers = gross.shape
    # laid out [months, providers, R, ...] (a view with R first): a sum over months or
    # providers then adds each cell in the same order as on one replication's table, a
    # whole row of the batch at a time
    out = np.zeros((months, providers, n, first.rows, len(FISCAL_COLUMNS))
                   ).transpose(2, 0, 1, 3, 4)
    np.divide(split_paid(first, paid), 100.0, out=out[..., PAID])
    for payer, row in first.payer:
        if payer in avoided:
            out[..., row, SAVED] += avoided[payer]
    if first.unsplit and ALL_PAYERS in avoided:
        out[..., len(first.names), SAVED] += avoided[ALL_PAYERS]
    same = all(b is first for b in budgets)
    for k, (row, share) in enumerate(first.returns):
        shares = share if same else np.array([b.returns[k][1] for b in budgets])[:, None, None]
        out[..., row, RETURNS] += shares * gross
    return out


def split_paid(budgets: Budgets, cents: np.ndarray) -> np.ndarray:
    """Each budget's whole cents ``[..., rows]`` from the funders' ``[..., funders + gap]``
    (the gap is no budget's): a funder of several budgets splits each cell's cents by
    cumulative rounding over its running shares (``Budgets.running_shares``), so its
    parts add up to its cents in every cell; a funder of one budget adds its cents."""
    funders = len(budgets.funder)
    weights = budgets.running_shares
    if weights is None:
        out = np.zeros((*cents.shape[:-1], budgets.rows), dtype=np.int64)
        for i, ((row, _),) in enumerate(budgets.funder):
            out[..., row] += cents[..., i]
        return out
    upper, lower = weights
    own = cents[..., :funders, None]  # [..., funders, 1] against the [funders, rows] matrix
    parts = share_cents(own, upper) - share_cents(own, lower)
    return parts.sum(axis=-2)


def split_cash(budgets: Budgets, cash: np.ndarray, charged: np.ndarray) -> np.ndarray:
    """Each budget's whole cents paid in cash per period, ``[R, periods, rows]``, from
    each funder's cash ``[R, periods, funders]`` (its inflows by the period they are paid
    in). A funder of one budget pays it all; a funder of several splits its cash in the
    proportion in which the accrual side splits its money (``split_paid`` of each cell of
    ``charged``, ``[R, ..., funders + gap]``: ``Funding.by_funder``), by cumulative
    rounding over the periods: the parts of a period add up to the funder's cash in it,
    and over all periods a budget is paid in cash exactly the cents it is charged (every
    cent charged is paid once, a retention included). A funder charged nothing whose
    cash moves all the same (an advance paid back) splits by its shares."""
    out = np.zeros((*cash.shape[:-1], budgets.rows), dtype=np.int64)
    for f, shares in enumerate(budgets.funder):
        if len(shares) == 1:
            out[..., shares[0][0]] += cash[..., f]
            continue
        alone = np.zeros_like(charged)
        alone[..., f] = charged[..., f]
        parts = split_paid(budgets, alone).reshape(len(charged), -1, budgets.rows).sum(axis=1)
        upper, lower = _charged_shares(budgets, f, parts)  # [R, rows]
        paid = np.cumsum(cash[..., f], axis=1)[..., None]  # [R, periods, 1]
        running = share_cents(paid, upper[:, None]) - share_cents(paid, lower[:, None])
        out += np.diff(running, axis=1, prepend=0)
    return out


def _charged_shares(budgets: Budgets, f: int, parts: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Funder ``f``'s running shares up to and before each of its budgets, ``[R, rows]``
    each (``Budgets.running_shares``' order), from the cents the accrual side gives each
    (``parts`` ``[R, rows]``); its written shares where it is charged nothing."""
    upper, lower = (w[f] for w in budgets.running_shares)
    upper, lower = np.tile(upper, (len(parts), 1)), np.tile(lower, (len(parts), 1))
    total = parts.sum(axis=1)
    charged = total != 0
    below = np.zeros(len(parts), dtype=np.int64)
    for row, _ in budgets.funder[f]:
        up = below + parts[:, row]
        lower[charged, row] = below[charged] / total[charged]
        upper[charged, row] = up[charged] / total[charged]
        below = up
    upper[charged, budgets.funder[f][-1][0]] = 1.0  # the whole: no cent lost
    return upper, lower


def with_exact_paid(budgets: Budgets, totals: np.ndarray, cents: np.ndarray) -> np.ndarray:
    """``totals`` (``fiscal_months`` summed over some axes, ``[..., budgets, 3]``) with
    each budget's ``paid`` made from its whole cents summed over the same axes
    (``cents`` ``[..., rows]``, int, ``split_paid`` of each cell, then summed), divided
    by 100 once: then a budget's paid is its funders' amounts to the last bit. Adding up
    the months' paid in EUR instead leaves float noise of a few nanocents, which the
    statistics' rounding to the cent can turn into a cent: ``net_cost_land`` one cent
    off ``funding_land_esf`` where the Land saves and gets back nothing."""
    out = totals.copy()
    out[..., PAID] = cents / 100.0
    return out


def fiscal_cents(totals: np.ndarray, paid: np.ndarray) -> np.ndarray:
    """``totals`` (``fiscal_months`` summed over some axes, EUR ``[..., budgets, 3]``) as
    whole cents (int64): paid the budget's own cents ``paid`` (``[..., rows]``, as
    ``with_exact_paid``), saved and returns rounded half a cent up (``to_cents``). Summed
    over the replications as integers, every column's mean is then exact and rounded by
    one rule (``report.budgets.fiscal_rows``): a mean of EUR floats a hair under a half
    cent put saved a cent below a paid of the very same cents, and the City that pays
    what it saves a cent in the red."""
    out = to_cents(totals)
    out[..., PAID] = paid
    return out


def budget_metrics_many(budgets: Sequence[Budgets], fiscal: np.ndarray,
                        avoided: dict[str, np.ndarray], paid: np.ndarray
                        ) -> dict[str, np.ndarray]:
    """``net_cost_<budget>`` for every budget and ``net_public_cost`` of every
    replication of a batch, arrays ``[R]``: ``fiscal`` is ``[R, ..., budgets, 3]``
    (summed over the axes between, in order), ``avoided`` each payer's benefits avoided
    ``[R, ...]`` (only those not split by payer, ``ALL_PAYERS``, are read), ``paid`` each
    budget's whole cents ``[R, rows]`` over the same axes (``split_paid`` of each cell,
    summed)."""
    totals = with_exact_paid(budgets[0], fiscal.sum(axis=tuple(range(1, fiscal.ndim - 2))),
                             paid)  # [R, budgets, 3]
    unsplit = avoided.get(ALL_PAYERS)
    if unsplit is not None:  # each replication's whole table in one pairwise sum
        unsplit = np.ascontiguousarray(unsplit).reshape(len(unsplit), -1).sum(axis=1)
    return _net(budgets[0], totals, unsplit)


def budget_metrics_by_provider_many(budgets: Sequence[Budgets], fiscal: np.ndarray,
                                    unsplit: np.ndarray | None, paid: np.ndarray
                                    ) -> dict[str, np.ndarray]:
    """The budget metrics per provider of every replication of a batch, arrays ``[R,
    providers]``: the same sums in the same order as on each provider's slice
    (``fiscal`` ``[R, months, providers, budgets, 3]``, summed over the months in
    order; ``unsplit`` each provider's benefits avoided not split by payer, ``[R,
    providers]``, or None; ``paid`` each budget's whole cents ``[R, providers,
    rows]``, ``split_paid`` of each cell summed over the months)."""
    totals = with_exact_paid(budgets[0], fiscal.sum(axis=1), paid)  # [R, providers, budgets, 3]
    return _net(budgets[0], totals, unsplit)


def _net(budgets: Budgets, totals: np.ndarray, unsplit: np.ndarray | None
         ) -> dict[str, np.ndarray]:
    """The metrics from each budget's totals ``[..., budgets, 3]``: ``net_cost_<budget>``,
    ``net_public_cost`` (the public budgets' nets added in order from 0, as ``sum()``
    does, less ``unsplit``) and, with returns, ``returns`` (those to the public budgets,
    added the same way) and ``returns_<budget>``: the line that makes public funding -
    benefits avoided - returns come to ``net_public_cost`` in every summary."""
    net = totals[..., PAID] - totals[..., SAVED] - totals[..., RETURNS]
    out = {f"net_cost_{b}": net[..., i] for i, b in enumerate(budgets.names)}
    public = np.zeros(net.shape[:-1])
    for i in budgets.public:
        public = public + net[..., i]
    out["net_public_cost"] = public if unsplit is None else public - unsplit
    if budgets.returns:
        back = totals[..., RETURNS]
        receivers = [row for row, _ in budgets.returns]
        returned = np.zeros(net.shape[:-1])
        for i in budgets.public:
            if i in receivers:
                returned = returned + back[..., i]
        out["returns"] = returned
        out.update({f"returns_{budgets.names[row]}": back[..., row] for row in receivers})
    return out

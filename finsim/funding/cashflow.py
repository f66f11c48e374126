"""Cash flow: when each funder's money arrives, and how much a provider must pre-finance.

The cost ledger and the funding rules say *who* pays *how much*; payment terms say *when*.
A provider pays its costs in the month they arise (a one-off payment with
``paid_month_after``: in the month after). A funder without payment terms pays
in the same month; with terms, each provider claims the funder's amount per calendar
claim period (month, quarter, year, cut at the period's ends), and the claim is paid at
the start (``advance``) or after the end (``arrears``) of the claim period plus
``lag_months``. An ``advance`` is paid in the funder's first month (its ``from``, else the
period's first month). A ``retention`` share of each payment is held back and paid
``final_after_months`` after the funder's last month (its ``until``, else the period's
end: an ESF+ grant that ends in 2029-12 is settled in 2030, not after a horizon that runs
on to 2030-12), together with any part of an ``advance`` that the payments never
absorbed (paid back, so a negative inflow).

Time follows the simulation's convention: a payment at time t (months from the period's
start) lands in month floor(t), and the balance is taken at each month's end. Money is
int64 cents throughout, and nothing is created or lost: each funder's inflows over all
months equal its amounts to the cent, so the final balance is minus the funding gap.
docs/cash-flow.md works an example by hand.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from finsim.batch import stack, unstack
from finsim.scenario.model import CATEGORIES, Payment, Scenario
from finsim.scenario.schedule import Month

from .allocate import Funding
from .cents import summed, to_cents

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
TIME_SLACK = 1e-9
"""Months forgiven when a payment time becomes a month, so that 2.9999999999 is month 3."""


@dataclass(frozen=True, eq=False)
class CashFlow:
    """One replication's cash flow per month and provider, int64 cents.

    The months run on past the period until the last payment.
    """

    outflow: np.ndarray
    """Costs paid, ``[months, providers]``."""
    inflow: np.ndarray
    """Payments received per funder, ``[months, providers, funders]`` (negative only for
    an advance paid back)."""

    @property
    def net(self) -> np.ndarray:
        """Inflow minus outflow, ``[months, providers]``."""
        return summed(self.inflow, "mpf->mp") - self.outflow

    @functools.cached_property
    def balance(self) -> np.ndarray:
        """Cumulative net at each month's end, ``[months, providers]`` (computed once: the
        liquidity metrics and the outcome both read it)."""
        return np.cumsum(self.net, axis=0)

    @functools.cached_property
    def program_balance(self) -> np.ndarray:
        """All providers' balances together, ``[months]`` (whole cents: exact)."""
        return summed(self.balance, "mp->m")


@functools.lru_cache(maxsize=64)
def claim_index(months: int, start_month: int, every: str) -> np.ndarray:
    """Claim period of each month of the horizon, numbered from 0 (read-only: cached,
    since every replication of a program asks for the same).

    ``start_month`` is the calendar month of the period's first month (1-12); quarters
    and years are calendar quarters and years, so the first claim period may be short.
    """
    length = PERIOD_MONTHS[every]
    calendar = np.arange(months) + (start_month - 1)
    key = calendar // length
    out = key - key[0]
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=64)
def _claim_bounds(months: int, start_month: int, every: str) -> tuple[np.ndarray, np.ndarray]:
    """The first month of each claim period and the month after its end (read-only)."""
    claim = claim_index(months, start_month, every)
    periods = np.arange(claim[-1] + 1)
    first = np.searchsorted(claim, periods, side="left")
    after = np.searchsorted(claim, periods, side="right")
    first.flags.writeable = after.flags.writeable = False
    return first, after


def payment_month(time: float) -> int:
    """The month a payment at ``time`` (months from the period's start) lands in."""
    return math.floor(time + TIME_SLACK)


def settlement_month(terms: Payment, end: int) -> int:
    """The month of the final statement: retention paid, unused advance paid back;
    ``end`` is the month after the funder's last month (the period's months, or fewer
    when the funder pays ``until`` an earlier month)."""
    return payment_month(end + terms.final_after_months)


def claim_payment_months(terms: Payment, months: int, start_month: int) -> np.ndarray:
    """The month each claim period is paid in, ``[claims]`` (read-only: cached)."""
    return _payment_months(months, start_month, terms.every, terms.timing, terms.lag_months)


@functools.lru_cache(maxsize=256)
def _payment_months(months: int, start_month: int, every: str, timing: str,
                    lag: float) -> np.ndarray:
    first, after = _claim_bounds(months, start_month, every)
    anchor = first if timing == "advance" else after
    out = np.floor(anchor + lag + TIME_SLACK).astype(np.int64)
    out.flags.writeable = False
    return out


def cash_months(terms: Sequence[Payment | None], months: int, start_month: int,
                ends: Sequence[int] | None = None) -> int:
    """How many months the cash flow runs: the period, then on until the last payment;
    ``ends``: each funder's end (``CashTerms.ends``, default the period's)."""
    last = months - 1
    for f, t in enumerate(terms):
        if t is None:
            continue
        # claims are paid in increasing months: the last claim's is the latest
        last = max(last, int(claim_payment_months(t, months, start_month)[-1]))
        if t.retention > 0 or t.advance > 0:
            last = max(last, settlement_month(t, months if ends is None else ends[f]))
    return last + 1


def split_advance(advance_cents: int, totals: np.ndarray) -> np.ndarray:
    """The advance split among providers in proportion to ``totals`` (cents, ``[P]``),
    by cumulative rounding so the parts add up exactly; nothing if the funder pays none."""
    whole = int(totals.sum())
    if advance_cents == 0 or whole == 0:
        return np.zeros_like(totals)
    running = np.floor(np.cumsum(totals) * (advance_cents / whole) + 0.5).astype(np.int64)
    running[-1] = advance_cents
    return np.diff(running, prepend=0)


def funder_inflow(amount: np.ndarray, terms: Payment, start_month: int,
                  length: int, out: np.ndarray | None = None,
                  end: int | None = None, begin: int = 0) -> np.ndarray:
    """One funder's payments, ``[length, providers]`` cents, from its amounts
    ``[months, providers]`` (cents) under ``terms``; written into ``out`` (zeros of that
    shape) if given; ``end``: the month after the funder's last (default the period's
    end), which its final statement follows; ``begin``: the funder's first month, in
    which its advance is paid (default the period's first)."""
    months, providers = amount.shape
    end = months if end is None else end
    if terms.every == "month":  # a claim per month: the amounts themselves
        claims = amount
    else:  # claim periods are runs of months
        first, _ = _claim_bounds(months, start_month, terms.every)
        claims = np.add.reduceat(amount, first, axis=0)
    if out is None:
        out = np.zeros((length, providers), dtype=np.int64)
    if terms.advance == 0:
        # nothing paid ahead: each claim is paid, less the part held back, in its own month
        # (successive claims' payment months are distinct, so no two add up), the parts
        # held back together at the final statement; the same as _held_or_advanced gives
        # for amounts that are never negative, in fewer passes
        paid_in = claim_payment_months(terms, months, start_month)
        if terms.retention == 0:
            out[paid_in] = claims
            return out
        retained = np.floor(claims * terms.retention + 0.5).astype(np.int64)
        out[paid_in] = claims - retained
        out[settlement_month(terms, end)] += retained.sum(axis=0)
        return out
    return _held_or_advanced(claims, terms, months, start_month, out, end, begin)


def _held_or_advanced(claims: np.ndarray, terms: Payment, months: int, start_month: int,
                      out: np.ndarray, end: int | None = None, begin: int = 0) -> np.ndarray:
    """``out`` (zeros ``[length, providers]``) plus the payments of ``claims`` (cents per
    claim period and provider) under terms with a retention or an advance; ``end`` and
    ``begin`` as for ``funder_inflow``."""
    end = months if end is None else end
    retained = np.floor(claims * terms.retention + 0.5).astype(np.int64)
    due = np.cumsum(claims - retained, axis=0)
    advance = (split_advance(int(to_cents(terms.advance)), claims.sum(axis=0))
               if terms.advance else np.zeros(claims.shape[1], dtype=np.int64))
    absorbed = np.maximum(due - advance, 0)  # cumulative payments once the advance is used
    paid = absorbed.copy()
    paid[1:] -= absorbed[:-1]  # each claim's payment: the growth of the cumulative
    out[claim_payment_months(terms, months, start_month)] = paid  # distinct months
    out[begin] += advance
    if terms.retention > 0 or terms.advance > 0:
        unused = np.maximum(advance - due[-1], 0)
        out[settlement_month(terms, end)] += retained.sum(axis=0) - unused
    return out


def cash_flow(amount: np.ndarray, cost: np.ndarray, terms: Sequence[Payment | None],
              start_month: int, ends: Sequence[int] | None = None,
              begins: Sequence[int] | None = None) -> CashFlow:
    """The cash flow of one replication.

    ``amount``: each funder's amounts, int cents ``[months, providers, funders]`` (the gap
    excluded: it is the provider's own uncovered cost); ``cost``: the costs paid, int cents
    ``[months, providers]`` (one month more when a one-off payment of the last month is
    paid the month after); ``terms``: each funder's payment terms or ``None`` (pays in
    the month the cost arises); ``start_month``: calendar month (1-12) of the first month;
    ``ends``: each funder's end, the month after its last (``CashTerms.ends``; default the
    period's end for every funder); ``begins``: each funder's first month, which its
    advance is paid in (``CashTerms.begins``; default the period's first).
    """
    months, providers, funders = amount.shape
    ends = [months] * funders if ends is None else ends
    begins = [0] * funders if begins is None else begins
    length = max(cash_months(terms, months, start_month, ends), len(cost))
    outflow = np.zeros((length, providers), dtype=np.int64)
    outflow[:len(cost)] = cost
    inflow = np.zeros((length, providers, funders), dtype=np.int64)
    for f, t in enumerate(terms):
        if t is None:
            inflow[:months, :, f] = amount[..., f]
        else:
            funder_inflow(amount[..., f], t, start_month, length, out=inflow[:, :, f],
                          end=ends[f], begin=begins[f])
    return CashFlow(outflow=outflow, inflow=inflow)


def peak_prefinancing(balance: np.ndarray) -> np.ndarray:
    """The largest negative balance as a positive amount (0 if never negative), per column
    of ``balance`` ``[months, ...]``."""
    return np.maximum(-balance.min(axis=0), 0)


def months_negative(balance: np.ndarray) -> np.ndarray:
    """Months whose end balance is below zero, per column of ``balance``."""
    return (balance < 0).sum(axis=0)


CASH_METRICS = ("peak_prefinancing", "months_negative")
"""The liquidity metrics, for the program (all providers' balances pooled) and per provider."""


def paid_late(scn: Scenario) -> np.ndarray | None:
    """Months whose one-off payments the provider pays the month after, ``[months,
    providers]`` bool (``costs.one_off[].paid_month_after``); None if there are none."""
    if not scn.costs.one_off and not any(p.costs and p.costs.one_off for p in scn.providers):
        return None
    start, months = scn.period.start_month, scn.period.months
    calendar = (np.arange(months) + start.month - 1) % 12 + 1
    late = np.zeros((months, len(scn.providers)), dtype=bool)
    for p, provider in enumerate(scn.providers):
        for o in scn.costs_for(provider).one_off:
            if o.paid_month_after:
                late[:, p] |= calendar == o.month
    return late if late.any() else None


def costs_paid(cost: np.ndarray, late: np.ndarray | None) -> np.ndarray:
    """The costs paid in each month, int cents: ``cost`` ``[months, providers,
    categories]`` with the one-off payments of the ``late`` months moved to the month after
    (``[months + 1, providers]`` then, else ``[months, providers]``)."""
    paid = summed(cost, "mpc->mp")
    if late is None:
        return paid
    moved = np.where(late, cost[..., CATEGORIES.index("one_off")], 0)
    out = np.zeros((paid.shape[0] + 1, paid.shape[1]), dtype=paid.dtype)
    out[:-1] = paid - moved
    out[1:] += moved
    return out


@dataclass(frozen=True, eq=False)
class CashTerms:
    """What the cash flow needs of a scenario, compiled once: each funder's payment terms,
    the calendar month the period starts in, and the one-off payments paid late."""

    payments: tuple[Payment | None, ...]
    start_month: int
    late: np.ndarray | None = field(default=None, repr=False)
    """``paid_late``: ``[months, providers]`` bool, or None."""
    ends: tuple[int, ...] | None = None
    """Each funder's end, the month after its last month (``until``), else the period's
    end; its final statement follows it (None: the period's end for every funder)."""
    begins: tuple[int, ...] | None = None
    """Each funder's first month in the period (``from``), which its advance is paid in
    (None: the period's first month for every funder)."""


def funder_ends(scn: Scenario) -> tuple[int, ...]:
    """The month after each funder's last month in the period: its ``until`` (a funder
    that ends before the period starts ends at 0), else the period's end."""
    start, months = scn.period.start_month, scn.period.months
    return tuple(months if f.until is None
                 else min(max(Month.parse(f.until) - start + 1, 0), months)
                 for f in scn.funding)


def funder_begins(scn: Scenario) -> tuple[int, ...]:
    """Each funder's first month in the period: its ``from`` (the period's first month
    if it lies before; the last month if after, where the funder pays nothing and so
    pays no advance), else the period's first month."""
    start, months = scn.period.start_month, scn.period.months
    return tuple(0 if f.from_ is None else min(max(Month.parse(f.from_) - start, 0), months - 1)
                 for f in scn.funding)


def cash_terms(scn: Scenario) -> CashTerms:
    """The payment terms of a scenario, compiled (pure)."""
    return CashTerms(tuple(f.payment for f in scn.funding), scn.period.start_month.month,
                     paid_late(scn), funder_ends(scn), funder_begins(scn))


def scenario_cash_flow(terms: CashTerms | Scenario, funding: Funding) -> CashFlow:
    """The cash flow of one replication's funding under the scenario's payment terms
    (``terms`` compiled once by ``cash_terms``; a scenario is compiled on the spot)."""
    if isinstance(terms, Scenario):
        terms = cash_terms(terms)
    cost = costs_paid(funding.cost_cents, terms.late)
    return cash_flow(funding.by_funder[..., :-1], cost, terms.payments, terms.start_month,
                     terms.ends, terms.begins)


def cash_metrics(flow: CashFlow) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """``peak_prefinancing`` (EUR) and ``months_negative`` for the program, whose balance
    is all providers' together, and per provider (arrays over providers)."""
    balance, program = flow.balance, flow.program_balance
    return ({"peak_prefinancing": float(peak_prefinancing(program)) / 100.0,
             "months_negative": float(months_negative(program))},
            {"peak_prefinancing": peak_prefinancing(balance) / 100.0,
             "months_negative": months_negative(balance).astype(float)})


def cash_grid(flow: CashFlow) -> np.ndarray:
    """EUR ``[months, providers + 1, 1 + funders]``: outflow, then each funder's inflow;
    the last provider row is the program. What the run's mean ``cashflow.csv`` sums."""
    values = np.concatenate([flow.outflow[..., None], flow.inflow], axis=-1) / 100.0
    return np.concatenate([values, values.sum(axis=1, keepdims=True)], axis=1)


def scenario_cash_flow_many(terms: Sequence[CashTerms], funding: Funding) -> list[CashFlow]:
    """``scenario_cash_flow`` of every replication of a batch (``funding`` batched); a
    list, since a drawn payment lag makes one replication's cash months more than
    another's."""
    return [scenario_cash_flow(t, unstack(funding, r)) for r, t in enumerate(terms)]


def cash_metrics_many(flows: list[CashFlow]
                      ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """``cash_metrics`` of every replication of a batch: program metrics ``[R]``, per
    provider ``[R, providers]``."""
    program, by_provider = zip(*(cash_metrics(f) for f in flows), strict=True)
    return stack(list(program)), stack(list(by_provider))


def cash_grid_many(flows: list[CashFlow]) -> list[np.ndarray]:
    """``cash_grid`` of every replication of a batch (each its own cash months)."""
    return [cash_grid(f) for f in flows]

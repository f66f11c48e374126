"""Cash flow: when each funder's money arrives, and how much a provider must pre-finance.

The cost ledger and the funding rules say *who* pays *how much*; payment terms say *when*.
A provider pays its costs in the month they arise (a one-off payment with
``paid_month_after``: in the month after). A funder without payment terms pays in the same
month; with terms, each provider claims the funder's amount per calendar claim period
(month, quarter, year, cut at the period's ends), and the claim is paid at the start
(``advance``; never before the funder's ``from``) or after the end (``arrears``) of the
claim period plus ``lag_months``. An ``advance`` is paid in the funder's first month (its
``from``, else the period's first month). A ``retention`` share of each payment is held
back and paid ``final_after_months`` after the funder's last month (its ``until``, else
the period's end: an ESF+ grant that ends in 2029-12 is settled in 2030, not after a
horizon that runs on to 2030-12), but never before its last claim is paid (the final
statement settles it), together with any part of an ``advance`` that the payments never
absorbed (paid back, so a negative inflow; an absorbed advance without a retention has no
final statement). A funder that stops early makes no claim after its end,
so the cash flow runs on past the period only until the last payment of any funder
(``claim_count``).

Time follows the simulation's convention: a payment at time t (months from the period's
start) lands in month floor(t), and the balance is taken at each month's end. Money is
int64 cents throughout, and nothing is created or lost: each funder's inflows over all
months equal its amounts to the cent, so the final balance is minus the funding gap.
docs/cash-flow.md works an example by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from finsim.batch import stack
from finsim.ledger.sums import added
from finsim.scenario.model import CATEGORIES, Payment, Scenario
from finsim.scenario.schedule import Month, year_starts

from ..ledger.cents import to_cents
from .allocate import Funding
from .cents import share_cents, summed

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
TIME_SLACK = 1e-9
"""Months forgiven when a payment time becomes a month, so that 2.9999999999 is month 3."""
WHOLE_MONTH_TERMS = ("lag_months", "final_after_months")
"""The payment terms (``funding.<id>.payment.<term>``) the cash flow takes in whole
months (``whole_months``): a fractional value acts as its whole months."""


def whole_months(months: np.ndarray | float) -> np.ndarray:
    """The whole months a payment term's month count (``WHOLE_MONTH_TERMS``) acts as.
    A claim period ends at a whole month and a payment at time t lands in month
    floor(t), so a fractional lag counts in the month it ends in: 1.548 and 1.999 act
    as 1 (``TIME_SLACK``: 2.9999999999 as 3)."""
    return np.floor(np.asarray(months, dtype=float) + TIME_SLACK)


_SAME_MONTH = Payment()
"""The numbers of a funder without payment terms (unused: it pays as the cost arises)."""


@dataclass(frozen=True, eq=False)
class CashFlow:
    """A cash flow per month and provider, int64 cents: one replication's, or a batch's
    (``cash_flow_many``: a leading replication axis).

    The months run on past the period until the last payment; a batch's run to its
    replications' most (a drawn payment lag gives one replication more than another),
    with zeros after each replication's own ``months``.
    """

    outflow: np.ndarray
    """Costs paid, ``[months, providers]``."""
    inflow: np.ndarray
    """Payments received per funder, ``[months, providers, funders]`` (negative only for
    an advance paid back)."""
    months: np.ndarray | None = None
    """A batch's: each replication's own cash months ``[R]`` (None: all of them)."""

    @property
    def net(self) -> np.ndarray:
        """Inflow minus outflow, ``[months, providers]``."""
        return self.inflow.sum(axis=-1) - self.outflow

    @functools.cached_property
    def balance(self) -> np.ndarray:
        """Cumulative net at each month's end, ``[months, providers]`` (computed once: the
        liquidity metrics and the outcome both read it); past a replication's own months
        it stays at its final balance."""
        return np.cumsum(self.net, axis=-2)

    @functools.cached_property
    def program_balance(self) -> np.ndarray:
        """All providers' balances together, ``[months]`` (whole cents: exact)."""
        return summed(self.balance, "...mp->...m")

    def part(self, r: int) -> CashFlow:
        """Replication ``r``'s cash flow of a batch, its own months only (views)."""
        n = self.outflow.shape[1] if self.months is None else int(self.months[r])
        return CashFlow(outflow=self.outflow[r, :n], inflow=self.inflow[r, :n])


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


@dataclass(frozen=True, eq=False)
class FunderTerms:
    """One funder's payment terms in the replications of a batch that share their kind
    (claim period, timing, whether an advance is paid), as arrays over the group's
    replications ``[G]``: the numbers a draw may change (a lag, a retention ...) and the
    months they give (``funder_terms``). Every replication of the batch, when all pay
    alike: ``rows`` None, each array of length 1."""

    rows: np.ndarray | None
    """The group's replications in the batch (None: all of them)."""
    every: str | None
    """The claim period (None: the funder pays in the month the cost arises)."""
    timing: str
    advanced: bool
    """Whether an advance is paid."""
    retention: np.ndarray
    advance: np.ndarray
    """Whole cents."""
    begin: np.ndarray
    """The funder's first month, which its advance is paid in (``CashTerms.begins``)."""
    paid_in: np.ndarray
    """The month each claim period is paid in, ``[G, claims]``: a payment at time t
    (months from the period's start) lands in month floor(t). Only the claim periods up
    to the funder's end (``claim_count``): it pays nothing after."""
    settled_in: np.ndarray
    """The month of the final statement (retention paid, unused advance paid back):
    ``final_after_months`` after the funder's end (``CashTerms.ends``), or the month its
    last claim is paid in if that is later: the statement settles the last claim."""
    settles: np.ndarray
    """Whether there may be a final statement (a retention or an advance)."""
    last: np.ndarray
    """The month of the last payment that may be made: the final statement's where there
    may be one, else the last claim's (-1: none after the costs'). Whether it pays
    anything, only the amounts tell (``_paid_months``)."""

    def at(self, month: np.ndarray) -> tuple:
        """The index of ``month`` (``[G]`` or ``[G, k]``) in a batch's ``[R, months, ...]``."""
        if self.rows is None:
            return slice(None), month[0]
        return (self.rows[:, None] if month.ndim == 2 else self.rows), month


def funder_terms(terms: Sequence[CashTerms], f: int, months: int) -> list[FunderTerms]:
    """Funder ``f``'s terms in each replication (``terms`` ``[R]``), grouped by kind: one
    group when every replication pays as the first (no draw reaches them: computed once
    per program), else a group per kind and end (a drawn lag changes a number, not the
    kind; the end, how many claims there are)."""
    first = terms[0]
    if all(t is first or _same_funder(t, first, f) for t in terms):
        return [_alone(_kind(first.payments[f]), _numbers(first, f, months), months,
                       first.start_month)]
    groups: dict = {}
    for r, t in enumerate(terms):  # the end too: it decides how many claims there are
        groups.setdefault((_kind(t.payments[f]), _end(t, f, months)), []).append(r)
    return [_funder_group(kind, [_numbers(terms[r], f, months) for r in rows], months,
                          first.start_month, np.array(rows, dtype=np.intp))
            for (kind, _), rows in groups.items()]


def _same_funder(terms: CashTerms, first: CashTerms, f: int) -> bool:
    """Whether funder ``f`` pays as in ``first`` (its terms the same object: a draw of
    another funder's terms leaves them so)."""
    return (terms.payments[f] is first.payments[f] and terms.ends == first.ends
            and terms.begins == first.begins and terms.start_month == first.start_month)


def _kind(payment: Payment | None) -> tuple[str, str, bool] | None:
    """What a draw cannot change: claim period, timing, whether an advance is paid."""
    return None if payment is None else (payment.every, payment.timing, payment.advance > 0)


def _end(terms: CashTerms, f: int, months: int) -> int:
    """Funder ``f``'s end, the month after its last (``CashTerms.ends``)."""
    return months if terms.ends is None else terms.ends[f]


def _numbers(terms: CashTerms, f: int, months: int) -> tuple[float, ...]:
    """Funder ``f``'s lag, retention, months from its end to the final statement, advance
    (whole cents), end and first month."""
    p = terms.payments[f] or _SAME_MONTH
    return (p.lag_months, p.retention, p.final_after_months,
            int(to_cents(p.advance)) if p.advance else 0, _end(terms, f, months),
            0 if terms.begins is None else terms.begins[f])


def claim_count(months: int, start_month: int, every: str, end: int) -> int:
    """How many claim periods a funder that ends at ``end`` (the month after its last)
    claims: those that hold one of its months. A funder that stops early (``until``)
    claims nothing after, so its last claim, not the period's, sets when it is done."""
    return 0 if end <= 0 else int(claim_index(months, start_month, every)[end - 1]) + 1


@functools.lru_cache(maxsize=256)
def _alone(kind: tuple[str, str, bool] | None, numbers: tuple[float, ...], months: int,
           start_month: int) -> FunderTerms:
    """``FunderTerms`` of a whole batch that pays alike (cached: every batch of a program
    asks for the same; read-only)."""
    terms = _funder_group(kind, [numbers], months, start_month, None)
    for value in vars(terms).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return terms


def _funder_group(kind: tuple[str, str, bool] | None, numbers: Sequence[tuple[float, ...]],
                  months: int, start_month: int, rows: np.ndarray | None) -> FunderTerms:
    """``FunderTerms`` of one kind and end from each replication's ``_numbers``."""
    lag, retention, final, advance, end, begin = np.array(numbers).T
    every, timing, advanced = kind or (None, "arrears", False)
    settled_in = statement_due(end, final)
    settles = (retention > 0) | (advance > 0)
    count = 0 if every is None else claim_count(months, start_month, every, int(end[0]))
    if not count:  # pays as the cost arises, or has no month in the period to claim
        paid_in = np.zeros((len(numbers), 0), dtype=np.int64)
        last = np.full(len(numbers), -1)
    else:
        anchor = _anchor(months, start_month, every, timing, count, begin, end)
        paid_in = (anchor + whole_months(lag)[:, None]).astype(np.int64)
        # claims are paid in increasing months: the last claim's is the latest, and the
        # final statement settles it, so it never comes before (a drawn lag: per replication)
        settled_in = np.maximum(settled_in, paid_in[:, -1])
        last = np.where(settles, settled_in, paid_in[:, -1])
    return FunderTerms(
        rows=rows, every=every, timing=timing, advanced=advanced, retention=retention,
        advance=advance.astype(np.int64), begin=begin.astype(np.int64), paid_in=paid_in,
        settled_in=settled_in, settles=settles, last=last)


def statement_due(end: np.ndarray, final: np.ndarray) -> np.ndarray:
    """The month ``final_after_months`` (``final``) after a funder's end (``end``: the
    month after its last) gives its final statement, ``[G]``; it comes there unless the
    last claim is paid later (``FunderTerms.settled_in``)."""
    return (end + whole_months(final)).astype(np.int64)


def late_statements(terms: CashTerms, months: int) -> list[tuple[int, int, int]]:
    """The funders whose ``final_after_months`` would put the final statement (a
    retention or an advance to settle) before their last claim is paid, as the terms are
    written (an undrawn lag): each as (funder, the month it gives, the month the
    statement comes in: the last claim's)."""
    out = []
    for f in range(len(terms.payments)):
        group = funder_terms([terms], f, months)[0]
        if not group.settles[0] or not group.paid_in.shape[1]:
            continue
        _, _, final, _, end, _ = _numbers(terms, f, months)
        given = int(statement_due(np.array([end]), np.array([final]))[0])
        if given < int(group.settled_in[0]):
            out.append((f, given, int(group.settled_in[0])))
    return out


def _anchor(months: int, start_month: int, every: str, timing: str, count: int,
            begin: np.ndarray, end: np.ndarray) -> np.ndarray:
    """When each of the first ``count`` claim periods is due before the lag, ``[G,
    count]``: its end in arrears, the last one cut at the funder's ``end`` (the month
    after its ``until``) as the period's end cuts it, so that a grant until November
    claimed per quarter is paid for October and November after November, not after
    December; in advance its start, the claim period that the funder's first month
    (``begin`` ``[G]``, its ``from``) cuts starting then, so that a grant from May
    claimed per quarter is first paid in May, not in April before it exists."""
    first, after = (b[:count] for b in _claim_bounds(months, start_month, every))
    if timing != "advance":
        return np.minimum(after, end[:, None])
    begin = begin[:, None]
    return np.where(after > begin, np.maximum(first, begin), first)


def cash_months_many(groups: Sequence[Sequence[FunderTerms]], months: int,
                     reps: int) -> np.ndarray:
    """How many months each replication's cash flow may run, ``[R]``: the period, then
    on until the last payment that may be made (``groups``: each funder's
    ``funder_terms``); a claim or final statement that pays nothing adds no month
    (``_paid_months``), so the cash flow may end earlier."""
    alike = max([months - 1, *(int(g.last[0]) for funder in groups for g in funder
                               if g.rows is None)])
    last = np.full(reps, alike, dtype=np.int64)
    for funder in groups:
        for g in funder:
            if g.rows is not None:
                last[g.rows] = np.maximum(last[g.rows], g.last)
    return last + 1


def batch_terms(terms: Sequence[CashTerms], months: int
                ) -> tuple[list[list[FunderTerms]], np.ndarray]:
    """Each funder's ``funder_terms`` in a batch and each replication's cash months
    ``[R]`` (``cash_months_many``); computed once per program when every replication has
    its terms (no draw reaches them)."""
    first = terms[0]
    if not all(t is first for t in terms):
        groups = [funder_terms(terms, f, months) for f in range(len(first.payments))]
        return groups, cash_months_many(groups, months, len(terms))
    if months not in first.alike:
        groups = [funder_terms([first], f, months) for f in range(len(first.payments))]
        first.alike[months] = groups, int(cash_months_many(groups, months, 1)[0])
    groups, length = first.alike[months]
    return groups, np.full(len(terms), length)


def cash_months(terms: Sequence[Payment | None], months: int, start_month: int,
                ends: Sequence[int] | None = None) -> int:
    """How many months the cash flow of one replication may run (``cash_months_many``:
    at most, as the terms alone tell); ``ends``: each funder's end (``CashTerms.ends``,
    default the period's)."""
    one = CashTerms(tuple(terms), start_month, ends=None if ends is None else tuple(ends))
    return int(batch_terms([one], months)[1][0])


def split_advance(advance_cents: int | np.ndarray, totals: np.ndarray) -> np.ndarray:
    """The advance split among providers in proportion to ``totals`` (cents, ``[P]``),
    by cumulative rounding so the parts add up exactly; nothing if the funder pays none.
    Batched: ``advance_cents`` ``[G]``, ``totals`` ``[G, P]``."""
    advance = np.asarray(advance_cents, dtype=np.int64)
    whole = totals.sum(axis=-1)
    share = advance / np.where(whole == 0, 1, whole)
    running = np.floor(np.cumsum(totals, axis=-1) * share[..., None] + 0.5).astype(np.int64)
    running[..., -1] = advance
    parts = np.diff(running, axis=-1, prepend=0)
    return np.where(((advance == 0) | (whole == 0))[..., None], 0, parts)


def funder_inflow(amount: np.ndarray, terms: FunderTerms, start_month: int,
                  out: np.ndarray) -> np.ndarray:
    """One funder's payments to a group of replications written into ``out`` (zeros,
    ``[R, length, providers]`` cents) at the group's rows, from its amounts ``amount``
    ``[G, months, providers]`` (cents) under ``terms``; ``out`` returned."""
    months = amount.shape[1]
    if terms.every is None:  # paid in the month the cost arises
        if terms.rows is None:
            out[:, :months] = amount
        else:
            out[terms.rows, :months] = amount
        return out
    count = terms.paid_in.shape[1]
    if not count:  # no month in the period: the rules gave it nothing to pay
        return out
    if terms.every == "month" and count == months:  # a claim per month: the amounts
        claims = amount
    else:  # claim periods are runs of months; the last claim takes any after the end
        first, _ = _claim_bounds(months, start_month, terms.every)
        claims = np.add.reduceat(amount, first[:count], axis=1)
    if terms.advanced:
        return _held_or_advanced(claims, terms, out)
    # nothing paid ahead: each claim is paid, less the part held back, in its own month
    # (successive claims' payment months are distinct, so no two add up), the parts held
    # back together at the final statement; the same as _held_or_advanced gives for
    # amounts that are never negative, in fewer passes
    if not terms.retention.any():
        out[terms.at(terms.paid_in)] = claims
        return out
    retained = share_cents(claims, terms.retention[:, None, None])
    out[terms.at(terms.paid_in)] = claims - retained
    _settle(out, terms, retained.sum(axis=1))
    return out


def _held_or_advanced(claims: np.ndarray, terms: FunderTerms, out: np.ndarray) -> np.ndarray:
    """``out`` (zeros ``[R, length, providers]``) plus, at ``terms``' rows, the payments
    of ``claims`` (cents ``[G, claims, providers]``) under terms with a retention or an
    advance."""
    retained = share_cents(claims, terms.retention[:, None, None])
    due = np.cumsum(claims - retained, axis=1)
    advance = split_advance(terms.advance, claims.sum(axis=1))
    absorbed = np.maximum(due - advance[:, None], 0)  # cumulative payments once it is used
    paid = absorbed.copy()
    paid[:, 1:] -= absorbed[:, :-1]  # each claim's payment: the growth of the cumulative
    out[terms.at(terms.paid_in)] = paid  # distinct months
    out[terms.at(terms.begin)] += advance
    unused = np.maximum(advance - due[:, -1], 0)
    _settle(out, terms, retained.sum(axis=1) - unused)
    return out


def _settle(out: np.ndarray, terms: FunderTerms, amounts: np.ndarray) -> None:
    """The final statement's ``amounts`` (``[G, providers]``) added to ``out`` where
    there is one."""
    if terms.settles.all():
        out[terms.at(terms.settled_in)] += amounts
    elif terms.rows is not None and terms.settles.any():
        held = terms.settles
        out[terms.rows[held], terms.settled_in[held]] += amounts[held]


def cash_flow_many(amount: np.ndarray, cost: np.ndarray, terms: Sequence[CashTerms],
                   cost_months: np.ndarray | None = None) -> CashFlow:
    """The cash flow of each replication of a batch, ``CashFlow`` batched.

    ``amount``: each funder's amounts, int cents ``[R, months, providers, funders]`` (the
    gap excluded: it is the provider's own uncovered cost); ``cost``: the costs paid, int
    cents ``[R, months or months + 1, providers]``; ``cost_months``: each replication's
    months of costs paid (one more when a one-off payment of the last month is paid the
    month after; default all of ``cost``'s); ``terms``: each replication's payment terms
    (``CashTerms``, its ``late`` already in ``cost``).
    """
    reps, months, providers, funders = amount.shape
    start = terms[0].start_month
    groups, own = batch_terms(terms, months)
    paid = np.broadcast_to(cost.shape[1] if cost_months is None else cost_months, own.shape)
    length = int(np.maximum(own, paid).max())
    outflow = np.zeros((reps, length, providers), dtype=np.int64)
    outflow[:, :cost.shape[1]] = cost
    # funder by funder: each funder's payments are one block, written and added up fast
    by_funder = np.zeros((funders, reps, length, providers), dtype=np.int64)
    for f, funder in enumerate(groups):
        for g in funder:
            funder_inflow(amount[..., f] if g.rows is None else amount[g.rows, ..., f],
                          g, start, by_funder[f])
    own = _paid_months(by_funder, paid)
    end = int(own.max())  # the months after every replication's last payment cut off
    return CashFlow(outflow=outflow[:, :end], inflow=np.moveaxis(by_funder[:, :, :end], 0, -1),
                    months=own)


def _paid_months(by_funder: np.ndarray, cost_months: np.ndarray) -> np.ndarray:
    """Each replication's cash months ``[R]``: its months of costs paid (``cost_months``),
    then on to the last month in which a funder pays something (``by_funder`` ``[funders,
    R, length, providers]``), and no further: a last claim or a final statement that pays
    nothing (a retention on nothing, an advance that the payments and the retention
    cancel, a funder paid nothing) adds no month, as none was paid in it."""
    paying = by_funder.any(axis=(0, 3))  # [R, length]
    after_last = paying.shape[1] - np.argmax(paying[:, ::-1], axis=1)
    return np.maximum(cost_months, np.where(paying.any(axis=1), after_last, 0))


def cash_flow(amount: np.ndarray, cost: np.ndarray, terms: Sequence[Payment | None],
              start_month: int, ends: Sequence[int] | None = None,
              begins: Sequence[int] | None = None) -> CashFlow:
    """The cash flow of one replication (``cash_flow_many`` of a batch of one).

    ``amount``: each funder's amounts, int cents ``[months, providers, funders]``;
    ``cost``: the costs paid, int cents ``[months, providers]`` (one month more when a
    one-off payment of the last month is paid the month after); ``terms``: each funder's
    payment terms or ``None`` (pays in the month the cost arises); ``start_month``:
    calendar month (1-12) of the first month; ``ends``: each funder's end, the month
    after its last (``CashTerms.ends``; default the period's end for every funder);
    ``begins``: each funder's first month, which its advance is paid in
    (``CashTerms.begins``; default the period's first).
    """
    one = CashTerms(tuple(terms), start_month, ends=None if ends is None else tuple(ends),
                    begins=None if begins is None else tuple(begins))
    return cash_flow_many(amount[None], cost[None], [one]).part(0)


def peak_prefinancing(balance: np.ndarray, axis: int = 0) -> np.ndarray:
    """The largest negative balance as a positive amount (0 if never negative), per column
    of ``balance`` ``[months, ...]`` (months on ``axis``)."""
    return np.maximum(-balance.min(axis=axis), 0)


def months_negative(balance: np.ndarray, axis: int = 0) -> np.ndarray:
    """Months whose end balance is below zero, per column of ``balance`` (months on
    ``axis``)."""
    return (balance < 0).sum(axis=axis)


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
    (``[months + 1, providers]`` when one is due in the last month, ``late_months``, else
    ``[months, providers]``: a one-off paid within the period adds no month); batched,
    with the replications first (``late`` ``[months, providers]`` or one per replication)."""
    paid = summed(cost, "...mpc->...mp")
    if late is None:
        return paid
    moved = np.where(late, cost[..., CATEGORIES.index("one_off")], 0)
    months = paid.shape[-2]
    length = late_months(late, months)
    out = np.zeros((*paid.shape[:-2], length, paid.shape[-1]), dtype=paid.dtype)
    out[..., :months, :] = paid - moved
    out[..., 1:, :] += moved[..., :length - 1, :]  # a last month's moved only if it runs on
    return out


def late_months(late: np.ndarray | None, months: int) -> int:
    """The months of costs paid: one more than the period's when a one-off payment due in
    its last month is paid the month after (``late``: ``paid_late``'s, or a batch's)."""
    return months + int(late is not None and bool(late[..., -1, :].any()))


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
    alike: dict = field(default_factory=dict, init=False, repr=False)
    """``batch_terms`` of a batch that has these terms in every replication, by months
    (filled when first asked)."""


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


def scenario_cash_flow_many(terms: Sequence[CashTerms], funding: Funding) -> CashFlow:
    """The cash flow of each replication's funding (``funding`` batched) under its
    payment terms (``terms`` ``[R]``, compiled once by ``cash_terms``: usually the same
    object; a drawn payment term gives each replication its own), ``CashFlow`` batched."""
    late = [t.late for t in terms]
    if all(x is late[0] for x in late):
        cost = costs_paid(funding.cost_cents, late[0])
        cost_months = None
    else:  # a drawn one-off cost: the same months paid late, or none
        months, providers = funding.cost_cents.shape[1:3]
        none = np.zeros((months, providers), dtype=bool)
        cost = costs_paid(funding.cost_cents, np.stack([none if x is None else x for x in late]))
        cost_months = np.array([late_months(x, months) for x in late])
    return cash_flow_many(funding.by_funder[..., :-1], cost, terms, cost_months)


def scenario_cash_flow(terms: CashTerms | Scenario, funding: Funding) -> CashFlow:
    """The cash flow of one replication's funding under the scenario's payment terms
    (``terms`` compiled once by ``cash_terms``; a scenario is compiled on the spot)."""
    if isinstance(terms, Scenario):
        terms = cash_terms(terms)
    return scenario_cash_flow_many([terms], stack([funding])).part(0)


def cash_metrics_many(flow: CashFlow, counted_from: int = 0
                      ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """``peak_prefinancing`` (EUR) and ``months_negative`` of each replication of a batch
    (``flow`` batched): for the program, whose balance is all providers' together,
    ``[R]``, and per provider, ``[R, providers]``. The peak is taken over the months from
    ``counted_from`` on (``peak_months``: a re-forecast's first forecast month), the
    balance carried in from the months before included: the need still to finance, not
    one that is past; ``months_negative`` counts every month."""
    balance, program = flow.balance, flow.program_balance
    ahead = peak_months(counted_from, balance.shape[1])
    negative, program_negative = months_negative(balance, axis=1), months_negative(program, 1)
    if flow.months is not None:  # months past a replication's own repeat its last balance
        beyond = balance.shape[1] - flow.months
        negative = negative - beyond[:, None] * (balance[:, -1] < 0)
        program_negative = program_negative - beyond * (program[:, -1] < 0)
    return ({"peak_prefinancing": peak_prefinancing(program[:, ahead], axis=1) / 100.0,
             "months_negative": program_negative.astype(float)},
            {"peak_prefinancing": peak_prefinancing(balance[:, ahead], axis=1) / 100.0,
             "months_negative": negative.astype(float)})


def lowest_months(flow: CashFlow, counted_from: int = 0) -> np.ndarray:
    """The month (index from the period's start) each replication of a batch (``flow``
    batched) reaches its peak need in, the first where its balance is lowest, per
    provider and then the program, ``[R, providers + 1]`` (-1: no need, the balance
    never below zero): over the months ``cash_metrics_many`` takes the peak over. The
    mean peak is of lows in different months, so it lies below the mean curve's low: a
    treasurer needs the months too, to know when the credit line is drawn."""
    balance = np.concatenate([flow.balance, flow.program_balance[..., None]], axis=-1)
    ahead = peak_months(counted_from, balance.shape[1])
    searched = balance[:, ahead]
    # the first month of the lowest: past a replication's own months its last balance
    # repeats, so a low there is first reached within them
    month = np.argmin(searched, axis=1) + ahead.start
    return np.where(searched.min(axis=1) < 0, month, -1)


def peak_months(counted_from: int, length: int) -> slice:
    """The month-end balances the peak need is taken over: in a re-forecast whose first
    forecast month is ``counted_from`` (``Scenario.actual_months``), from the last actual
    month's, the balance it carries in (money still outstanding at --as-of), to the cash
    flow's end (``length`` months), at least its last (--as-of past the last payment: the
    balance it ends with); every month otherwise (``counted_from`` 0)."""
    return slice(min(max(counted_from - 1, 0), length - 1), None)


def inflow_by_year(flow: CashFlow, start: Month) -> np.ndarray:
    """Each funder's inflows by the calendar year they are paid in, all providers
    together, whole cents ``[R, years, funders]`` (``flow`` batched; ``start`` the
    period's first month): the years from the period's first to that of the batch's last
    cash month, a year after the period's included (a claim paid in arrears, a retention)."""
    starts = year_starts(start, flow.inflow.shape[1])
    return np.add.reduceat(summed(flow.inflow, "rmpf->rmf"), starts, axis=1)


def own_years(by_year: np.ndarray, flow: CashFlow, start: Month) -> list[np.ndarray]:
    """Each replication's part of a batch's figures by cash year (``by_year`` ``[R,
    years, ...]``, ``inflow_by_year``'s years), its own years only (views): those of its
    own cash months, as it has them measured alone."""
    if flow.months is None:
        return list(by_year)
    return [x[:year_starts(start, n).size]
            for x, n in zip(by_year, flow.months.tolist(), strict=True)]


def cash_grid_many(flow: CashFlow) -> list[np.ndarray]:
    """Each replication's EUR ``[months, providers + 1, 1 + funders]`` (its own months):
    outflow, then each funder's inflow; the last provider row is the program. What the
    run's mean ``cashflow.csv`` sums."""
    values = np.concatenate([flow.outflow[..., None], flow.inflow], axis=-1) / 100.0
    # the program: the providers' rows added as a sum over their axis adds them (one
    # after another; pairwise from 8 providers where no funder follows them)
    program = added(values, -2)
    grid = np.concatenate([values, program[..., None, :]], axis=-2)
    return _own_months(grid, flow.months)


def cash_balance_many(flow: CashFlow) -> list[np.ndarray]:
    """Each replication's cumulative balance, EUR as float32 (for the chart's band),
    ``[months, providers + 1]`` (its own months); the last column is the program."""
    balance = np.concatenate([flow.balance, flow.program_balance[..., None]], axis=-1)
    return _own_months((balance / 100.0).astype(np.float32), flow.months)


def _own_months(batched: np.ndarray, months: np.ndarray | None) -> list[np.ndarray]:
    """Each replication's part of a padded batch, its own months only (views)."""
    if months is None:
        return list(batched)
    return [x[:n] for x, n in zip(batched, months.tolist(), strict=True)]

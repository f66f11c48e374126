"""Passive benefits avoided (the Passiv-Aktiv-Transfer), by household type and payer.

While a participant is employed the benefits their household would otherwise draw are
avoided; with ``after_placement`` also from a placement exit to the horizon's end,
credited to the provider the person left. Rates are schedules in force per month (not
uprated) and may depend on one attribute of the participant mix (the household type).

Everything is vectorised over spells: the time each provider's participants of each
attribute value spend employed is summed per month in one ``bincount`` pass, then
multiplied by the rate of that value. Each payer's amount is then rounded to whole cents
per month and provider, as the ledger's cost is, the parts of one household so that they
add up to it (``payer_cents``): a funder limited to the benefits its
budget avoids pays at most that rounded saving, and exactly it where the limit binds (the
City's net cost is then 0.00, not a few cents of half-cent rounding above it).
docs/passive-benefits.md works a 2026 example.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from finsim.batch import stack, unstack
from finsim.ledger import Ledger, SpellsLike
from finsim.ledger.pieces import MonthCuts, TenureCuts
from finsim.ledger.sums import added
from finsim.scenario.model import CATEGORIES, PART_PAYERS, BenefitParts, Scenario, by_value
from finsim.scenario.schedule import monthly
from finsim.simulation.batch import SpellBatch

from ..ledger.cents import to_cents

WAGES = CATEGORIES.index("wages")
ALL_PAYERS = "all"
"""The single key used when ``per_person_month`` (no payer split) is given."""
PLACEMENT = 0
"""``Spells.reason`` of a placement exit (``finsim.simulation.spells.PLACEMENT``)."""


@dataclass(frozen=True, eq=False)
class BenefitRates:
    """EUR avoided per person-month, ``payer -> [months, values]``.

    ``values`` are the values of ``passive_benefits.attribute`` in mix order, or one
    column for everyone when no attribute is named.
    """

    by_payer: dict[str, np.ndarray]
    attribute: int | None
    """Column of the attribute in ``Spells.attributes``; None without one."""
    values: tuple[str, ...]
    split: bool = False
    """The payers are the parts of one household's benefit (``parts``: ``bund`` and
    ``kommune``), rounded to cents so that they add up to it (``payer_cents``)."""
    after_placement: bool = False
    """Benefits count from a placement exit to the horizon's end too
    (``passive_benefits.after_placement``, with a payer to save them)."""
    _batches: dict[int, BenefitRates] = field(default_factory=dict, init=False, repr=False)

    def stacked(self, count: int) -> BenefitRates:
        """``count`` replications of these rates batched (``finsim.batch.stack``), read
        only: stacked once per batch size, since every replication of a run that draws
        no benefit value shares the rates."""
        if count not in self._batches:
            batch = stack([self] * count)
            for rate in batch.by_payer.values():
                rate.flags.writeable = False
            self._batches[count] = batch
        return self._batches[count]


def benefit_rates(scn: Scenario) -> BenefitRates:
    """Every payer's rate per month and attribute value (the ``parts`` form resolved)."""
    pb = scn.passive_benefits
    values: tuple[str, ...] = ("all",)
    column = None
    if pb.attribute is not None:
        values = tuple(scn.participants.mix[pb.attribute])
        column = list(scn.participants.mix).index(pb.attribute)

    def table(amount: object) -> np.ndarray:
        return rate_table(amount, values, scn)

    if pb.parts is not None:
        rates = parts_by_payer(pb.parts, table, scn)
    elif pb.by_payer is not None:
        rates = {payer: table(amount) for payer, amount in pb.by_payer.items()}
    elif pb.per_person_month is not None:
        rates = {ALL_PAYERS: table(pb.per_person_month)}
    else:
        rates = {}
    return BenefitRates(rates, column, values, split=pb.parts is not None,
                        after_placement=pb.after_placement and bool(rates))


def rate_table(amount: object, values: tuple[str, ...], scn: Scenario) -> np.ndarray:
    """A number, schedule or ``{value: number or schedule}`` as ``[months, values]``."""
    start, months = scn.period.start_month, scn.period.months
    if by_value(amount):
        return np.stack([monthly(amount[v], start, months) for v in values], axis=1)
    column = monthly(amount, start, months)
    return np.repeat(column[:, None], len(values), axis=1)


def parts_by_payer(parts: BenefitParts, table, scn: Scenario) -> dict[str, np.ndarray]:
    """Bund and Kommune from the parts, the top-up offset as §19(3) SGB II says.

    Income covers the Regelbedarf first and the KdU after it, so benefits still drawn
    (``top_up``) are KdU first; only a top-up above the KdU is Regelbedarf.
    """
    regelbedarf, kdu, top_up = table(parts.regelbedarf), table(parts.kdu), table(parts.top_up)
    share = table(parts.kdu_federal_share)
    kdu_paid = np.minimum(top_up, kdu)
    regelbedarf_paid = np.minimum(top_up - kdu_paid, regelbedarf)
    kdu_avoided = kdu - kdu_paid
    bund = regelbedarf - regelbedarf_paid + table(parts.health_care) + share * kdu_avoided
    kommune = (1.0 - share) * kdu_avoided
    return dict(zip(PART_PAYERS, (bund, kommune), strict=True))


def payer_cents(exact: dict[str, np.ndarray], split: bool) -> dict[str, np.ndarray]:
    """Each payer's EUR in whole cents per cell. Payers given apart are rounded half up
    each; the parts of one household's benefit (``split``) must add up to it: its total
    is rounded half up, the Kommune's part (the KdU a funder ``limited_to`` it puts in)
    too, and the Bund gets the difference (docs/passive-benefits.md)."""
    if not split:
        return {payer: to_cents(eur) for payer, eur in exact.items()}
    bund, kommune = PART_PAYERS
    kommune_cents = to_cents(exact[kommune])
    return {bund: to_cents(exact[bund] + exact[kommune]) - kommune_cents,
            kommune: kommune_cents}


def value_codes(rates: BenefitRates, spells: SpellsLike) -> np.ndarray:
    """Each spell's column in the rate tables (0 for everyone without an attribute)."""
    if rates.attribute is None:
        return np.zeros(len(np.asarray(spells.entry)), dtype=np.int64)
    return np.asarray(spells.attributes, dtype=np.int64)[:, rates.attribute]


@dataclass(frozen=True, eq=False)
class Avoided:
    """One replication's benefits avoided, and what the transfer rules need of them;
    batched (``avoided_benefits_many``), every array has a leading replication axis and
    the methods give theirs with it too."""

    by_payer: dict[str, np.ndarray]
    """EUR avoided per payer, ``[months, providers]`` (after placements too, if asked),
    whole cents per cell."""
    rates: BenefitRates
    employed: np.ndarray
    """Person-months employed, pro rata, ``[months, providers, values, tenure years]``."""
    employed_months: np.ndarray
    """``employed`` summed over tenure years, ``[months, providers, values]``."""

    def rate(self, payer: str) -> np.ndarray:
        """EUR per person-month a payer saves, ``[months, values]`` (0 for no payer)."""
        if payer in self.rates.by_payer:
            return self.rates.by_payer[payer]
        return np.zeros((*self.employed.shape[:-3], len(self.rates.values)))

    def while_employed(self, payer: str) -> np.ndarray:
        """EUR a payer avoids while people are employed, ``[months, providers]``, not
        rounded: in whole cents the most a funder ``limited_to: benefits_avoided`` of that
        budget pays in a cell (``by_payer`` itself, unless benefits also count after a
        placement)."""
        return np.einsum("...mpv,...mv->...mp", self.employed_months, self.rate(payer))

    def while_employed_cents(self, payer: str) -> np.ndarray:
        """``while_employed`` in whole cents, rounded as ``by_payer`` is (``payer_cents``):
        the most the funders limited to that budget's saving take of a cell together."""
        if payer not in self.rates.by_payer:
            return to_cents(self.while_employed(payer))
        exact = {p: self.while_employed(p) for p in self.rates.by_payer}
        return payer_cents(exact, self.rates.split)[payer]


def avoided_benefits(scn: Scenario, spells: SpellsLike, years: int,
                     rates: BenefitRates | None = None,
                     cuts: TenureCuts | None = None) -> Avoided:
    """Benefits avoided per payer, and person-months by household value and tenure year;
    ``rates`` is ``benefit_rates(scn)`` when the caller compiled it once, ``cuts`` the
    spells cut for the ledger (``ledger.spell_cuts``, of the same ``years``): the
    batched benefits (``avoided_benefits_many``) of a batch of one."""
    rates = benefit_rates(scn) if rates is None else rates
    if cuts is None:
        cuts = TenureCuts(spells.entry, spells.exit, scn.period.months, years,
                          origin=scn.period.start_month)
    rep = np.zeros(len(np.asarray(spells.entry)), dtype=np.int64)
    return unstack(_avoided([scn], spells, rep, [rates], cuts), 0)


def avoided_benefits_many(scenarios: Sequence[Scenario], spells: SpellBatch,
                          rates: Sequence[BenefitRates], cuts: TenureCuts) -> Avoided:
    """The benefits avoided of every replication of a batch (``rates``: each one's;
    ``cuts`` from ``ledger.spell_cuts_many``), batched (``finsim.batch``): one pass over
    the batch's spells, each replication's part what it gets alone."""
    return _avoided(scenarios, spells.spells, spells.rep, rates, cuts)


def _avoided(scenarios: Sequence[Scenario], spells: SpellsLike, rep: np.ndarray,
             rates: Sequence[BenefitRates], cuts: TenureCuts) -> Avoided:
    """The batched benefits avoided of the spells of ``cuts.count`` replications end to
    end (``rep``: each spell's)."""
    scn, first = scenarios[0], rates[0]
    count, months, n_prov, k = cuts.count, scn.period.months, len(scn.providers), len(
        first.values)
    codes = value_codes(first, spells)
    group = np.asarray(spells.provider, dtype=np.int64) * k + codes
    employed = cuts.summed(group, n_prov * k).reshape(count, months, n_prov, k, cuts.years)
    employed_months = added(employed, -1)
    person_months = employed_months
    same = all(r is first for r in rates)  # a run that draws no benefit value
    if any(r.after_placement for r in ([first] if same else rates)):
        # months from a placement exit to the horizon's end
        placed = np.asarray(spells.reason) == PLACEMENT
        if not same:
            placed &= np.array([r.after_placement for r in rates])[rep]
        exit_ = np.asarray(spells.exit, dtype=float)[placed]
        cut = MonthCuts(exit_, np.full(exit_.size, float(months)), months, rep[placed], count)
        person_months = person_months + cut.summed(group[placed], n_prov * k).reshape(
            count, months, n_prov, k)
    batched = first.stacked(count) if same else stack(list(rates))
    exact = {payer: np.einsum("...mpv,...mv->...mp", person_months, rate)
             for payer, rate in batched.by_payer.items()}
    by_payer = {payer: cents / 100.0  # whole cents, as reported
                for payer, cents in payer_cents(exact, first.split).items()}
    return Avoided(by_payer, batched, employed, employed_months)


def wage_per_person_month(cost: np.ndarray, employed: np.ndarray) -> np.ndarray:
    """Wage cost of one full person-month, ``[months, providers, tenure years]`` (0 where
    nobody is employed).

    ``cost`` is the ledger's ``[months, providers, categories, years]``; ``employed`` the
    person-months by household value ``[months, providers, values, years]`` (both may
    have leading replication axes).
    """
    in_slot = added(employed, -2)
    someone = in_slot > 1e-12
    # the quotient of the cells with someone, 0 elsewhere: ``np.divide(..., where=)``
    # gives the same, at twice the cost on a batch
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(someone, cost[..., WAGES, :] / in_slot, 0.0)


def limited_wages(share: np.ndarray, cost: np.ndarray, avoided: Avoided,
                  payer: str) -> np.ndarray:
    """EUR a ``limited_to: benefits_avoided`` funder wants, ``[months, providers, categories]``
    (wages only): per person-month ``min(share x wage, benefits the payer avoids)``.

    ``share`` is the funder's ``[categories, tenure years]`` share matrix (with
    ``cost`` and ``avoided`` batched, the same or ``[R, categories, tenure years]``).
    """
    employed = avoided.employed  # same tenure years as ``cost`` and ``share``
    per_person = person_minimum(share[..., WAGES, :], wage_per_person_month(cost, employed),
                                avoided.rate(payer))
    out = np.zeros(cost.shape[:-1])
    out[..., WAGES] = np.einsum("...mpvt,...mpvt->...mp", per_person, employed)
    return out


def person_minimum(share: np.ndarray, wage: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """``min(share x wage, rate)`` per (month, provider, value, tenure year), ``[...,
    months, providers, values, years]`` in C order, from ``share`` ``[..., years]``,
    ``wage`` ``[..., months, providers, years]`` and ``rate`` ``[..., months, values]``.
    Each operand is first laid out along values x years (the wages once per value, the
    rate once per year): broadcast over the short tenure-year axis, numpy would step two
    elements at a time, several times slower on a batch; the products and minima are
    the same."""
    *lead, providers, years = wage.shape
    values = rate.shape[-1]
    out = np.tile(wage, values)  # [..., months, providers, values x years]
    np.multiply(np.tile(share, values)[..., None, None, :], out, out=out)
    np.minimum(out, np.repeat(rate, years, axis=-1)[..., None, :], out=out)
    return out.reshape(*lead, providers, values, years)


def passive_benefits_avoided(scn: Scenario, spells: SpellsLike,
                             ledger: Ledger) -> dict[str, np.ndarray]:
    """EUR avoided per payer, each ``[months, providers]``; empty without the block."""
    return avoided_benefits(scn, spells, ledger.cost.shape[-1]).by_payer

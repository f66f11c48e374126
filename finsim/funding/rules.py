"""Funding rule kinds: one small class per way a funder's wanted amount is computed.

A funder's ``covers`` compiles, once per scenario, into one rule object of the kind
that matches it. In each replication ``allocate`` asks every rule, in application order,
for the cents it wants of each (month, provider, category) cell; caps and the funding
gap are applied the same way for every kind.

To add a rule kind: write a class with ``kind``, ``matches`` (does a funder's
``covers`` use this kind?), ``compile`` (everything that does not change between
replications) and ``wanted``; append it to ``RULE_KINDS``; test its arithmetic by hand.
Kinds with ``last = True`` are applied after all others (the remainder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

import numpy as np

from finsim.scenario.model import CATEGORIES, Funder, TenureShares

from .benefits import Avoided, limited_wages
from .cents import to_cents


@dataclass
class Allocation:
    """The state of one replication's allocation, as the rules see it."""

    cost: np.ndarray
    """Unrounded EUR, ``[months, providers, categories, tenure_years]``."""
    cost_cents: np.ndarray
    """The cost rounded to cents per cell, ``[months, providers, categories]``."""
    covered: np.ndarray
    """Cents already taken by the funders applied so far."""
    running: np.ndarray
    """Exact EUR of the shares applied so far (cumulative rounding across funders)."""
    avoided: Avoided | None = None
    """The replication's benefits avoided (for funders limited to them)."""
    paid: dict[str, np.ndarray] = field(default_factory=dict)
    """Cents each funder applied so far paid, by id (for ``net_of``)."""

    @property
    def uncovered(self) -> np.ndarray:
        return self.cost_cents - self.covered


class FundingRule(Protocol):
    """What ``allocate`` needs of a compiled rule."""

    kind: ClassVar[str]
    last: ClassVar[bool]

    def wanted(self, state: Allocation) -> np.ndarray:
        """Cents wanted per cell, ``[months, providers, categories]``, at most uncovered."""


@dataclass(frozen=True, eq=False)
class Shares:
    """Shares of cost categories (or of the total), optionally by tenure year.

    Each share is taken of the *cost itself* and rounded to cents cumulatively over the
    funders applied so far, so shares adding up to 1 leave no rounding gap.
    """

    kind: ClassVar[str] = "shares"
    last: ClassVar[bool] = False
    share: np.ndarray
    """``[categories, tenure_years]``."""
    net_of: tuple[str, ...] = ()
    """Funders applied before whose amounts in a cell count against this share
    (co-financing netted): it wants its share minus what they paid, at least 0."""

    @staticmethod
    def matches(funder: Funder) -> bool:
        return isinstance(funder.covers, dict)

    @classmethod
    def compile(cls, funder: Funder, tenure_years: int) -> Shares:
        # at least as many years as the longest list, so the last column is its last value
        listed = [len(s.by_tenure_year) for s in funder.covers.values()
                  if isinstance(s, TenureShares)]
        return cls(share_matrix(funder, max(tenure_years, *listed, 1)), tuple(funder.net_of))

    def exact(self, state: Allocation) -> np.ndarray:
        """EUR wanted per cell before rounding: the share of the cost itself."""
        return np.einsum("mpct,ct->mpc", state.cost, _fit(self.share, state.cost.shape[-1]))

    def wanted(self, state: Allocation) -> np.ndarray:
        raw = self.exact(state)
        if self.net_of:
            netted = sum(state.paid[other] for other in self.net_of)
            raw = np.maximum(raw - netted / 100.0, 0.0)
        wanted = np.minimum(to_cents(state.running + raw) - to_cents(state.running),
                            state.uncovered)
        state.running += raw
        return wanted


@dataclass(frozen=True, eq=False)
class LimitedToBenefits(Shares):
    """A share of wages, per participant-month at most the benefits the funder's budget
    avoids for that person (``limited_to: benefits_avoided``): a municipality putting in
    the housing costs it saves, the Passiv-Aktiv-Transfer. Exact per person, because
    every person of a (month, provider, household value, tenure year) cell has the same
    wage and the same benefit."""

    kind: ClassVar[str] = "limited_to_benefits"
    payer: str = ""
    """The budget whose benefits avoided limit the funder (a ``passive_benefits`` payer)."""

    @staticmethod
    def matches(funder: Funder) -> bool:
        return funder.limited_to == "benefits_avoided"

    @classmethod
    def compile(cls, funder: Funder, tenure_years: int) -> LimitedToBenefits:
        shares = Shares.compile(funder, tenure_years)
        return cls(shares.share, shares.net_of, funder.budget_id)

    def exact(self, state: Allocation) -> np.ndarray:
        if state.avoided is None:
            raise ValueError(f"a funder limited to the benefits of '{self.payer}' needs the "
                             "benefits avoided: allocate(..., avoided)")
        share = _fit(self.share, state.cost.shape[-1])
        return limited_wages(share, state.cost, state.avoided, self.payer)


@dataclass(frozen=True, eq=False)
class Remainder:
    """Whatever the other funders leave uncovered (applied last)."""

    kind: ClassVar[str] = "remainder"
    last: ClassVar[bool] = True

    @staticmethod
    def matches(funder: Funder) -> bool:
        return funder.covers == "remainder"

    @classmethod
    def compile(cls, funder: Funder, tenure_years: int) -> Remainder:
        return cls()

    def wanted(self, state: Allocation) -> np.ndarray:
        return state.uncovered


RULE_KINDS: tuple[type, ...] = (LimitedToBenefits, Shares, Remainder)
"""Every funding rule kind, tried in order; the first whose ``matches`` is true wins."""


def compile_rule(funder: Funder, tenure_years: int) -> FundingRule:
    """The rule object of a funder's ``covers``."""
    for kind in RULE_KINDS:
        if kind.matches(funder):
            return kind.compile(funder, tenure_years)
    raise ValueError(f"funder {funder.id}: no funding rule kind matches covers={funder.covers!r}")


def _fit(share: np.ndarray, years: int) -> np.ndarray:
    """A share matrix for ``years`` tenure years: cut, or the last year repeated."""
    if share.shape[1] >= years:
        return share[:, :years]
    return np.concatenate([share, np.repeat(share[:, -1:], years - share.shape[1], axis=1)],
                          axis=1)


def share_matrix(funder: Funder, years: int) -> np.ndarray:
    """The funder's share per category and tenure year, ``[categories, years]``.

    A ``by_tenure_year`` list's last value holds for later years.
    """
    share = np.zeros((len(CATEGORIES), years))
    for c, category in enumerate(CATEGORIES):
        value = funder.share_of(category)
        if isinstance(value, TenureShares):
            listed = value.by_tenure_year
            share[c] = [listed[min(k, len(listed) - 1)] for k in range(years)]
        else:
            share[c] = value
    return share

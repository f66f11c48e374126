"""Funding rule kinds: one small class per way a funder's wanted amount is computed.

A funder's ``covers`` compiles, once per scenario, into one rule object of the kind
that matches it. ``allocate`` asks every rule, in application order, for the cents it
wants of each (month, provider, category) cell of every replication of a batch (arrays
with a leading replication axis), of the categories in its ``columns`` only (it wants
nothing of the others); caps and the funding gap are applied the same way for every
kind.

To add a rule kind: write a class with ``kind``, ``matches`` (does a funder's
``covers`` use this kind?), ``compile`` (everything that does not change between
replications) and ``wanted``, and ``columns`` if it wants only some categories (without
it: all of them) and ``moves`` if it can pay only some of those (ledger.csv has no rows
of the rest); ``fields`` for the funder keys it adds, ``shares = False`` if its
``covers`` are not shares that add up to at most 1, ``german``/``units`` for the plan
workbook and ``month`` for ``show --month``; register it (``register_rule_kind``); test
its arithmetic by hand. ``compile`` gets the horizon's months, ``wanted`` the state with
the occupied slot-months (``Allocation.occupied``).
Kinds with ``last = True`` are applied after all others (the remainder).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import ClassVar, Protocol, TypeVar

import numpy as np

from finsim.registry import ADDED_RULE_KINDS, Registry, add_field, drop_field, rebuild
from finsim.scenario import model
from finsim.scenario.checks import registered_id_problem
from finsim.scenario.model import CATEGORIES, DatedCovers, Funder, TenureShares

from ..ledger.cents import to_cents
from ..ledger.persons import SpellCharges
from .benefits import Avoided, limited_wages

WAGES = CATEGORIES.index("wages")
T = TypeVar("T")
BINDING = 1e-8
"""EUR (a millionth of a cent) by which a limited funder's exact amount may fall short of
the benefits avoided, by float noise, and still be the saving itself."""


def all_columns() -> slice:
    """Every category (those registered too): the columns of a rule kind that does not
    name its own."""
    return slice(0, len(CATEGORIES))


def columns_of(rule: object) -> slice:
    """The categories a rule wants anything of, as a run of columns (``columns``; all of
    them for a kind that does not say)."""
    return getattr(rule, "columns", None) or all_columns()


def moved_by(rule: object) -> np.ndarray:
    """Which categories a rule can ever pay anything of, ``[categories]`` bool
    (``moves``; else those of ``columns_of``): a share of 0 inside its columns moves
    nothing, so ledger.csv leaves out such a funder's rows of that category."""
    moves = getattr(rule, "moves", None)
    if moves is not None:
        return moves
    out = np.zeros(len(CATEGORIES), dtype=bool)
    out[columns_of(rule)] = True
    return out


def span(moves: np.ndarray) -> slice:
    """The run of columns from the first category ``moves`` to the last (empty if none)."""
    rows = np.flatnonzero(moves)
    return slice(int(rows[0]), int(rows[-1]) + 1) if rows.size else slice(0, 0)


@dataclass
class Allocation:
    """The state of a batch of replications' allocation, as the rules see it (every
    array has the replications first). The arrays by category are laid out category by
    category in memory (``by_category_blocks``): a rule's columns are one block, which
    numpy walks in long runs rather than a few cells at a time."""

    cost: np.ndarray
    """Unrounded EUR, ``[R, months, providers, categories, tenure_years]``."""
    cost_cents: np.ndarray
    """The cost rounded to cents per cell, ``[R, months, providers, categories]``."""
    covered: np.ndarray
    """Cents already taken by the funders applied so far."""
    running: np.ndarray
    """Exact EUR of the shares applied so far (cumulative rounding across funders)."""
    running_cents: np.ndarray
    """``to_cents(running)``, kept so that each funder rounds the running sum once."""
    avoided: Avoided | None = None
    """The replications' benefits avoided, batched (for funders limited to them)."""
    paid: dict[str, np.ndarray] = field(default_factory=dict)
    """Cents each funder applied so far paid, by id (for ``net_of``)."""
    rounded: dict[str, np.ndarray] = field(default_factory=dict)
    """EUR by which each funder that a later one is ``net_of`` moved the running sum's
    rounding (``residue``): its exact amount is what it paid plus this, so the netting
    funder's share of the cost itself, less it, is rounded cumulatively with the rest."""
    subsidy_ratio: np.ndarray | None = None
    """The subsidisable wage over the wage line, ``[R, months, providers]`` (the ledger's)."""
    occupied: np.ndarray | None = None
    """Occupied slot-months, pro rata, ``[R, months, providers]`` (the ledger's
    ``participant_months``): what a rule paying per occupied slot pays on."""
    charges: dict[str, SpellCharges] = field(default_factory=dict)
    """The charges spell by spell of the categories a ``per_person_limit`` is on, by id."""

    @property
    def uncovered(self) -> np.ndarray:
        return self.cost_cents - self.covered

    def residue(self, cols: slice) -> np.ndarray:
        """The running sum's exact EUR less its rounded cents, per cell of the columns
        ``cols`` (under a cent)."""
        return self.running[..., cols] - self.running_cents[..., cols] / 100.0


def like_running(state: Allocation, cols: slice) -> np.ndarray:
    """An empty float array of the columns ``cols`` laid out as ``state.running``: what a
    rule adds to it is added in one long run per category, not a few cells at a time."""
    return np.empty_like(state.running[..., cols])


def limited_categories(rule: object) -> frozenset[str]:
    """The categories a rule's shares have a ``per_person_limit`` on (a dated rule's: of
    every rule set): the allocation needs their charges spell by spell."""
    own = {CATEGORIES[c] for c, _ in getattr(rule, "limits", ())}
    return frozenset(own).union(*(limited_categories(piece)
                                  for _, piece in getattr(rule, "pieces", ())))


def nets(rule: object) -> tuple[str, ...]:
    """The funders a rule is ``net_of`` (a dated rule's: those of every rule set)."""
    own = tuple(getattr(rule, "net_of", ()))
    return own + tuple(x for _, piece in getattr(rule, "pieces", ()) for x in nets(piece))


class FundingRule(Protocol):
    """What ``allocate`` needs of a compiled rule."""

    kind: ClassVar[str]
    last: ClassVar[bool]

    def wanted(self, state: Allocation) -> np.ndarray:
        """Cents wanted per cell of its columns (``columns_of``), ``[R, months,
        providers, columns]``, at most uncovered."""


@dataclass(frozen=True, eq=False)
class Shares:
    """Shares of cost categories (or of the total), optionally by tenure year.

    Each share is taken of the *cost itself* and rounded to cents cumulatively over the
    funders applied so far, so shares adding up to 1 leave no rounding gap. It is at most
    what is still uncovered: after a share with a ``per_person_limit`` the shares may add
    up past 1 (``checks._up_to_a_limit``), and a later one so pays only the rest.
    """

    kind: ClassVar[str] = "shares"
    last: ClassVar[bool] = False
    share: np.ndarray
    """``[categories, tenure_years]``."""
    net_of: tuple[str, ...] = ()
    """Funders applied before whose amounts in a cell count against this share
    (co-financing netted): it wants its share minus what they paid, at least 0."""
    on_subsidy_base: bool = False
    """The share of wages is taken of the subsidisable wage (``basis: subsidy_base``)."""
    limits: tuple[tuple[int, float], ...] = ()
    """``(category, EUR)`` of each ``per_person_limit``: of that category it wants its
    share of each person's charges until their sum reaches the limit."""

    @staticmethod
    def matches(funder: Funder) -> bool:
        return isinstance(funder.covers, dict) and not isinstance(funder.covers, DatedCovers)

    @classmethod
    def compile(cls, funder: Funder, tenure_years: int, months: Sequence[str] = ()) -> Shares:
        # at least as many years as the longest list, so the last column is its last value
        listed = [len(s.by_tenure_year) for s in funder.covers.values()
                  if isinstance(s, TenureShares)]
        return cls(share_matrix(funder, max(tenure_years, *listed, 1)), tuple(funder.net_of),
                   funder.basis == "subsidy_base", person_limits(funder))

    @functools.cached_property
    def moves(self) -> np.ndarray:
        """The categories it has a share of in some tenure year."""
        return self.share.any(axis=1)

    @functools.cached_property
    def columns(self) -> slice:
        """The categories from its first share to its last: it wants nothing of the
        others (0 cents), so only these are computed."""
        return span(self.moves)

    def exact(self, state: Allocation) -> np.ndarray:
        """EUR wanted per cell of ``columns`` before rounding: the share of the cost itself
        (of wages: of the subsidisable wage, with ``basis: subsidy_base``)."""
        cols = self.columns
        share = _fit(self.share, state.cost.shape[-1])[cols]
        out = np.einsum("rmpct,ct->rmpc", state.cost[..., cols, :], share,
                        out=like_running(state, cols))
        if self.on_subsidy_base and cols.start <= WAGES < cols.stop:
            out[..., WAGES - cols.start] *= _ratio(state)
        for c, limit in self.limits:  # these columns person by person instead
            out[..., c - cols.start] = _charges(state, c).limited(share[c - cols.start], limit)
        return out

    def wanted(self, state: Allocation) -> np.ndarray:
        cols = self.columns
        raw = self.exact(state)
        if self.net_of:  # what they paid, exact (their rounding taken back, under a cent)
            netted = sum(state.paid[other][..., cols] / 100.0
                         + state.rounded.get(other, np.zeros(1))[..., cols]
                         for other in self.net_of)
            raw -= netted  # in place: ``raw`` is this call's own array
            np.maximum(raw, 0.0, out=raw)
        running = state.running[..., cols]
        running += raw  # in place: ``state.running`` too
        after = to_cents(running)
        wanted = after - state.running_cents[..., cols]
        state.running_cents[..., cols] = after
        return np.minimum(wanted, state.cost_cents[..., cols] - state.covered[..., cols],
                          out=wanted)


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
    def compile(cls, funder: Funder, tenure_years: int,
                months: Sequence[str] = ()) -> LimitedToBenefits:
        shares = Shares.compile(funder, tenure_years, months)
        return cls(shares.share, shares.net_of, shares.on_subsidy_base, payer=funder.budget_id)

    @property
    def columns(self) -> slice:
        """Wages only."""
        return slice(WAGES, WAGES + 1)

    @functools.cached_property
    def moves(self) -> np.ndarray:
        """Wages, if it has a share of them."""
        out = np.zeros(len(CATEGORIES), dtype=bool)
        out[WAGES] = self.share[WAGES].any()
        return out

    def exact(self, state: Allocation) -> np.ndarray:
        if state.avoided is None:
            raise ValueError(f"a funder limited to the benefits of '{self.payer}' needs the "
                             "benefits avoided: allocate(..., avoided)")
        share = _fit(self.share, state.cost.shape[-1])
        cost = state.cost
        if self.on_subsidy_base:
            cost = cost.copy()
            cost[..., WAGES, :] *= _ratio(state)[..., None]
        wages = limited_wages(share, cost, state.avoided, self.payer)[..., WAGES]
        # The payer's saving in the cell, in the whole cents it is reported in, is the
        # most it pays, and what it pays where the limit binds for everyone in the cell
        # (its exact amount is the saving then, but for float noise in the last bits).
        # to_cents gives cents / 100 back as those cents, never one more. The saving is
        # in cents as the budget books it (a Bund's part of a household: the difference).
        saving = state.avoided.while_employed(self.payer)
        limit = state.avoided.while_employed_cents(self.payer) / 100.0
        return np.where(wages >= saving - BINDING, limit, np.minimum(wages, limit))[..., None]


@dataclass(frozen=True, eq=False)
class Remainder:
    """Whatever the other funders leave uncovered (applied last)."""

    kind: ClassVar[str] = "remainder"
    last: ClassVar[bool] = True

    @staticmethod
    def matches(funder: Funder) -> bool:
        return funder.covers == "remainder"

    @classmethod
    def compile(cls, funder: Funder, tenure_years: int,
                months: Sequence[str] = ()) -> Remainder:
        return cls()

    def wanted(self, state: Allocation) -> np.ndarray:
        return state.uncovered


@dataclass(frozen=True, eq=False)
class InForce:
    """A funder whose rules change by date (``covers`` by date, ``from``/``until``): one
    rule per rule set, each applied only in the months it is in force.

    Each piece sees the allocation state of its months only (every rule works cell by
    cell), so cumulative rounding and every cap work per month as for an undated funder.
    """

    pieces: tuple[tuple[slice, FundingRule], ...]
    """``(months in force, rule)``: a piece's months are a run of the horizon's (an empty
    slice when none); the months of the pieces are disjoint."""

    kind: ClassVar[str] = "in_force"

    @property
    def last(self) -> bool:  # type: ignore[override]
        return any(rule.last for _, rule in self.pieces)

    @functools.cached_property
    def columns(self) -> slice:
        """The columns of its pieces, from the first to the last."""
        spans = [c for c in (columns_of(rule) for _, rule in self.pieces) if c.stop > c.start]
        if not spans:
            return slice(0, 0)
        return slice(min(c.start for c in spans), max(c.stop for c in spans))

    @functools.cached_property
    def moves(self) -> np.ndarray:
        """What the pieces in force in some month of the horizon move (a rule set dated
        after the horizon's end, or cut off by ``until``, moves nothing)."""
        out = np.zeros(len(CATEGORIES), dtype=bool)
        for months, rule in self.pieces:
            if months.stop > months.start:
                out |= moved_by(rule)
        return out

    def wanted(self, state: Allocation) -> np.ndarray:
        cols = self.columns
        total = np.zeros((*state.cost_cents.shape[:-1], cols.stop - cols.start),
                         dtype=state.cost_cents.dtype)
        for months, rule in self.pieces:
            if len(range(*months.indices(state.cost.shape[1]))) == 0:
                continue
            # views of every field: what the rule adds to ``running`` is the funder's
            view = in_months(state, months)
            own = columns_of(rule)
            total[:, months, ..., own.start - cols.start:own.stop - cols.start] = np.maximum(
                rule.wanted(view), 0)
            state.running_cents[:, months] = to_cents(view.running)  # whatever the rule kept
        return total


def in_months(batch: T, months: slice) -> T:
    """The months ``months`` of batched arrays (axis 1), recursively through dicts and
    dataclasses like ``finsim.batch.unstack`` (views); anything else as it is."""
    if isinstance(batch, np.ndarray):
        return batch[:, months]  # type: ignore[return-value]
    if isinstance(batch, SpellCharges):  # spells, not months, along its first axis
        return batch.in_months(months)  # type: ignore[return-value]
    if isinstance(batch, dict):
        return {k: in_months(v, months) for k, v in batch.items()}  # type: ignore[return-value]
    if is_dataclass(batch) and not isinstance(batch, type):
        return replace(batch, **{f.name: in_months(getattr(batch, f.name), months)
                                 for f in fields(batch) if f.init})
    return batch


RULE_KINDS: Registry[type] = Registry((LimitedToBenefits, Shares, Remainder))
"""Every funding rule kind, tried in order; the first whose ``matches`` is true wins
(``register_rule_kind`` puts one before the built-in ones)."""


def register_rule_kind(kind: type) -> None:
    """Add a rule kind, tried before the built-in ones: its ``fields`` (``{name:
    (annotation, pydantic Field)}``) become keys of a funder, and validation, ``show``,
    the workbooks and the share check read it from the registries from now on."""
    if kind in RULE_KINDS:
        raise ValueError(f"rule kind '{kind.kind}' is registered already")
    problem = registered_id_problem("funding rule kind", getattr(kind, "kind", None),
                                    [k.kind for k in RULE_KINDS])
    if problem is not None:
        raise ValueError(problem)
    for name, (annotation, info) in getattr(kind, "fields", {}).items():
        add_field(Funder, name, annotation, info)
    rebuild((model.Scenario,))
    RULE_KINDS.insert(0, kind)
    ADDED_RULE_KINDS.append(kind)


def unregister_rule_kind(kind: type) -> None:
    """Take a rule kind ``register_rule_kind`` added back out (a test's, undone)."""
    ADDED_RULE_KINDS.remove(kind)
    RULE_KINDS.remove(kind)
    for name in getattr(kind, "fields", {}):
        drop_field(Funder, name)
    rebuild((model.Scenario,))


def compile_dated(funder: Funder, tenure_years: int, months: list[str]) -> FundingRule:
    """The rule object of a funder, over the horizon's ``months`` (``YYYY-MM``): rules by
    date and ``from``/``until`` become an :class:`InForce` of one rule per rule set."""
    sets = funder.rule_sets
    if (len(sets) <= 1 and (not sets or sets[0][0] is None)
            and funder.from_ is None and funder.until is None):
        return compile_rule(funder, tenure_years, months)
    labels = np.array(months)
    active = np.ones(len(months), dtype=bool)
    if funder.from_:
        active &= labels >= funder.from_
    if funder.until:
        active &= labels <= funder.until
    if not sets:  # the remainder, limited to its months
        return InForce(((_run(active), compile_rule(funder, tenure_years, months)),))
    starts = [key or months[0] for key, _ in sets]
    pieces = []
    for k, (_, shares) in enumerate(sets):
        in_force = active & (labels >= starts[k])
        if k + 1 < len(sets):
            in_force &= labels < starts[k + 1]
        one = funder.model_copy(update={"covers": shares})
        pieces.append((_run(in_force), compile_rule(one, tenure_years, months)))
    return InForce(tuple(pieces))


def _run(months: np.ndarray) -> slice:
    """The months in force (a run: between two dates) as a slice."""
    index = np.flatnonzero(months)
    if not index.size:
        return slice(0, 0)
    assert index[-1] - index[0] + 1 == index.size, "months in force are one run"
    return slice(int(index[0]), int(index[-1]) + 1)


def compile_rule(funder: Funder, tenure_years: int, months: Sequence[str] = ()) -> FundingRule:
    """The rule object of a funder's ``covers``; ``months``: the horizon's (``YYYY-MM``),
    for a kind whose amounts change by date."""
    for kind in RULE_KINDS:
        if kind.matches(funder):
            return kind.compile(funder, tenure_years, months)
    raise ValueError(f"funder {funder.id}: no funding rule kind matches covers={funder.covers!r}")


def person_limits(funder: Funder) -> tuple[tuple[int, float], ...]:
    """``(category, EUR)`` of each ``per_person_limit`` in a funder's shares."""
    return tuple((c, float(share.per_person_limit)) for c, share in enumerate(
        funder.share_of(category) for category in CATEGORIES)
        if isinstance(share, TenureShares) and share.per_person_limit is not None)


def _charges(state: Allocation, category: int) -> SpellCharges:
    """The charges spell by spell of a category a ``per_person_limit`` is on."""
    name = CATEGORIES[category]
    if name not in state.charges:
        raise ValueError(f"a funder with a per_person_limit on {name} needs its charges "
                         "spell by spell: allocate(..., charges=person_charges(...))")
    return state.charges[name]


def _ratio(state: Allocation) -> np.ndarray:
    """The subsidisable wage over the wage line, ``[R, months, providers]``."""
    if state.subsidy_ratio is None:
        raise ValueError("a funder with basis: subsidy_base needs costs.wages.subsidy_base")
    return state.subsidy_ratio


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

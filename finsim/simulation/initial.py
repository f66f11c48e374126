"""Who is in the slots (and on the waiting list) when the period starts.

Three ways, by ``participants.initial``:

- a number: a new cohort, that many people at tenure 0, placed by the assignment rule;
- ``full`` / ``steady``: a running program in its steady state. Every slot is filled.
  In a slot refilled as people leave, the tenure of whoever holds it at a random time
  has the density S(a) / E[T] (the age of a renewal process), where S is the survival
  of a stay: with constant hazards h = h_placement + h_dropout and the cap M =
  ``max_months``, S(a) = exp(-h a) on [0, M). Groups (``modifiers``) stay for
  different times, so the people in the slots are weighted by their mean stay
  E[T] = (1 - exp(-h M)) / h: the stock's mix, not the referrals' mix;
- a caseload file: those people, with their real entry and attributes.

People with a tenure a > 0 continue: the exit hazards are constant, hence memoryless,
so their time to a placement or dropout is drawn afresh at the start and capped by what
remains of the maximum duration: M months from their entry by the calendar (about M - a).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from finsim.scenario.caseload import is_file_value, starting_caseload, starting_exits
from finsim.scenario.model import Scenario
from finsim.scenario.types import STEADY

from .spells import EMPLOYED, WAITING, Spells


@dataclass(frozen=True, eq=False)
class Start:
    """The start state of a compiled scenario (no randomness yet)."""

    kind: str
    """``cohort`` (a number), ``steady`` (``full``), ``caseload`` (a file) or
    ``carried_over`` (the end of a warm-up)."""
    count: int
    """People in slots at the start."""
    provider: np.ndarray | None
    """``[count]`` their providers, or None: placed by the assignment rule (a cohort)."""
    tenure: np.ndarray | None
    """``[count]`` months in the slot at the start (a caseload); None: 0 or drawn."""
    codes: np.ndarray | None
    """``[count, attributes]`` attribute codes given, -1 where drawn; None: all drawn."""
    waiting: np.ndarray
    """``[w]`` referral times (<= 0) of the people waiting at the start, oldest first."""
    waiting_codes: np.ndarray
    """``[w, attributes]`` their codes, -1 where drawn."""
    freed: np.ndarray = field(default_factory=lambda: np.empty(0))
    """``[f]`` times (<= 0) at which slots free at the start were freed, oldest first (a
    caseload's or the actual spells' last exits, ``freed_slots``, or the warm-up's exits it
    had not reopened by its end, ``carried_over``): each reopens at that time plus its
    provider's refill delay, as a simulated exit's slot does."""
    freed_provider: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    """``[f]`` the provider of each slot in ``freed``."""
    before: np.ndarray | None = None
    """``[count]`` months of the same funding used in earlier spells (a file's
    ``months_funded_before``), deducted from ``max_months`` (a lifetime maximum); None: 0."""
    waiting_before: np.ndarray | None = None
    """``[w]`` the same of the people waiting; None: 0."""


def compile_start(scn: Scenario, slots0: np.ndarray) -> Start:
    """The start state from ``participants.initial`` and the slots of month 0."""
    initial, n_attr = scn.participants.initial, len(scn.participants.mix)
    no_wait = np.empty(0), np.empty((0, n_attr), dtype=np.int64)
    total = int(slots0.sum())
    if initial in STEADY:
        provider = np.repeat(np.arange(slots0.size), slots0.astype(np.int64))
        return Start("steady", total, provider, None, None, *no_wait)
    if is_file_value(initial):
        people = starting_caseload(scn)
        placed = ~people.waiting
        order = np.argsort(people.referral[~placed], kind="stable")
        left = starting_exits(scn)
        freed, freed_provider = freed_slots(left.exit, left.provider,
                                            people.provider[placed], slots0)
        return Start("caseload", int(placed.sum()), people.provider[placed],
                     -people.entry[placed], people.attributes[placed],
                     people.referral[~placed][order], people.attributes[~placed][order],
                     freed, freed_provider, *given_before(people.before[placed],
                                                          people.before[~placed][order]))
    return Start("cohort", min(int(initial), total), None, None, None, *no_wait)


def freed_slots(exits: np.ndarray, exit_provider: np.ndarray, held: np.ndarray,
                slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """When the slots free at the start were freed: at each provider, of its ``slots``
    minus the people ``held`` there, the latest of the ``exits`` (times <= 0, of the
    spells that ended by the start). A freed slot is refilled once it reopens, the
    earliest reopened first, so the slots still free are those freed last; free slots
    beyond the exits (added slots, slots never filled) are open at once. Returns the
    times and providers, oldest first."""
    free = np.maximum(slots.astype(np.int64) - np.bincount(held, minlength=slots.size), 0)
    keep = []
    for p in np.nonzero(free)[0]:
        mine = np.nonzero(exit_provider == p)[0]
        mine = mine[np.argsort(exits[mine], kind="stable")]
        keep.append(mine[mine.size - min(int(free[p]), mine.size):])
    rows = np.concatenate(keep) if keep else np.empty(0, dtype=np.int64)
    rows = rows[np.argsort(exits[rows], kind="stable")]
    return exits[rows].astype(float), exit_provider[rows].astype(np.int64)


def given_before(placed: np.ndarray, waiting: np.ndarray) -> tuple[np.ndarray | None, ...]:
    """``Start.before`` and ``Start.waiting_before`` from a file's months funded before:
    None where nobody has any, so a file without them starts as it always did."""
    if not (placed.any() or waiting.any()):
        return None, None
    return placed.astype(float), waiting.astype(float)


def carried_over(before: Spells, slots0: np.ndarray, refill: tuple[float, ...],
                 funded: tuple[np.ndarray, np.ndarray] | None = None) -> Start:
    """The end state of a warm-up as the start of the reported period: whoever is still
    employed continues with their tenure and attributes, whoever waits keeps waiting
    (referral times shifted to the new start), and a slot freed so shortly before the
    start that the warm-up did not reopen it (exit plus ``refill`` at or after its end)
    reopens at its own time, as in a run straight through (``freed_slots`` of those
    exits and the slots of month 0: where the slots shrank, the earliest pay for it).
    ``funded``: each entrant's and each referral's months funded before (a warm-up
    through actual spells that give them, ``actuals.funded_before``), or None."""
    end = before.horizon
    employed = before.reason == EMPLOYED
    waiting = np.nonzero(before.outcome == WAITING)[0]
    waiting_codes = np.full((waiting.size, before.attributes.shape[1]), -1, dtype=np.int64)
    pending = ~employed & (before.exit + np.asarray(refill)[before.provider] >= end)
    freed, freed_provider = freed_slots(before.exit[pending] - end, before.provider[pending],
                                        before.provider[employed], slots0)
    carried = (None, None) if funded is None else given_before(
        funded[0][employed], funded[1][waiting])
    return Start("carried_over", int(employed.sum()), before.provider[employed],
                 end - before.entry[employed], before.attributes[employed],
                 before.referral_time[waiting] - end, waiting_codes, freed, freed_provider,
                 *carried)


def combos(values: tuple[tuple[str, ...], ...]) -> np.ndarray:
    """Every combination of attribute codes, ``[combinations, attributes]``."""
    grid = list(itertools.product(*(range(len(v)) for v in values)))
    return np.array(grid, dtype=np.int64).reshape(len(grid), len(values))


def mean_stay(hazard: np.ndarray, max_months: float) -> np.ndarray:
    """E[T] = (1 - exp(-h M)) / h for exit hazard h and cap M (M where h = 0, or so
    small that h M is below the normal floats: there the formula would lose h M to
    underflow and give 0 or a multiple of M, where the stay is M to the last bit)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(_exits(hazard, max_months), -np.expm1(-hazard * max_months) / hazard,
                        max_months)


def _exits(hazard: np.ndarray, max_months: float | np.ndarray) -> np.ndarray:
    """Where the exit hazard counts: h M a normal float (not 0, not subnormal)."""
    return hazard * max_months >= np.finfo(float).tiny


def steady_tenure(hazard: np.ndarray, max_months: float | np.ndarray,
                  u: np.ndarray) -> np.ndarray:
    """Tenure drawn by inversion from the density proportional to exp(-h a) on [0, M)
    (uniform where the hazard does not count, ``mean_stay``)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        drawn = -np.log1p(u * np.expm1(-hazard * max_months)) / hazard
    return np.minimum(np.where(_exits(hazard, max_months), drawn, u * max_months),
                      np.nextafter(max_months, 0))

"""A re-forecast from actuals (Hochrechnung): the past from the spells that happened, the
rest simulated.

Months before ``actuals.as_of`` are the actual spells of the file: who entered where and
when, who left when and why. Their costs come from the same ledger as any simulated
spell, so the past is exact, and it is the same in every replication (attributes a file
does not give and the modules people took are drawn once, from a fixed seed, each
person's from a stream keyed by their id: the same from one re-forecast to the next).
Whoever is in a slot at ``as_of`` continues in the simulation with their tenure and
those once-drawn attributes and modules (a caseload's people get theirs drawn in each
replication: the interval of a re-forecast leaves that spread out), whoever
waits keeps waiting, a slot freed shortly before ``as_of`` stays closed until its refill
delay has passed (``initial.freed_slots``), and from ``as_of`` on the program is
simulated as usual. Spells in the file that begin on or after ``as_of`` are ignored:
from there on the forecast speaks (someone referred before ``as_of`` who entered on or
after it waits at ``as_of``), except, with ``as_of`` at the period start, those who
entered on its first day: the starting caseload.

With ``period.simulate_from`` before ``as_of`` (``finsim size --start`` after it), this is
the warm-up's re-forecast (``Scenario.warm_up``): the reported period starts from its end
state (``initial.carried_over``) and has no actual months.

Referrals: the people in a slot at the period start (entered on or before its first day)
are the starting caseload, entries of month 0 and no referral, as ``participants.initial``
counts them. Everyone who entered later is a referral at their ``referral`` date (the
entry when the file gives none: no waiting known), waiting from then to the entry; the
people waiting at ``as_of`` are referrals still waiting, at their ``referral`` date.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np

from finsim.scenario.caseload import IN_PROGRAM, REASONS, Caseload
from finsim.scenario.model import Scenario

from .initial import Start, freed_slots, given_before
from .spells import DROPOUT, EMPLOYED, ENTERED, MAX_DURATION, PLACEMENT, WAITING, Spells
from .streams import Streams, child, stream_key

FIXED_SEED = 0x41_4354
"""Seed of the once-only draws for actual people (attributes not given, modules taken),
each person's from the child stream keyed by their id (``_person_uniforms``)."""
_REASON = {REASONS.index("placement"): PLACEMENT, REASONS.index("dropout"): DROPOUT,
           REASONS.index("max_duration"): MAX_DURATION, REASONS.index("other"): DROPOUT}


@dataclass(frozen=True, eq=False)
class Actuals:
    """The compiled past of a re-forecast, the same in every replication."""

    as_of: float
    """Months from the period start to ``as_of`` (k)."""
    provider: np.ndarray
    entry: np.ndarray
    referral: np.ndarray
    """The file's referral date of each, NaN where it gives none."""
    exit: np.ndarray
    """Actual exit, or NaN for those in a slot at ``as_of`` (the forecast decides)."""
    reason: np.ndarray
    attributes: np.ndarray
    modules: np.ndarray
    open: np.ndarray
    """Who is in a slot at ``as_of``, in the order of ``forecast.start``."""
    waiting: np.ndarray
    """Referral times of the people waiting at ``as_of``, oldest first."""
    forecast: object | None
    """The compiled model of the months from ``as_of`` (None when nothing is left), whose
    start state is the people open at ``as_of`` and the waiting list then."""
    before: np.ndarray | None = None
    """Months funded in earlier spells of each (``months_funded_before``); None: 0."""
    waiting_before: np.ndarray | None = None
    """The same of the people waiting at ``as_of``, in the order of ``waiting``."""


def compile_actuals(scn: Scenario, people: Caseload, as_of: float, forecast: object | None,
                    model) -> Actuals:  # noqa: ANN001 - compiled Models
    """People who were in a slot between the period start and ``as_of``, with the draws
    the file does not give taken once."""
    began = people.began_before(as_of) & ~(people.exit <= 0.0)
    rows = np.nonzero(began)[0]
    rows = rows[np.argsort(people.entry[rows], kind="stable")]
    entry = people.entry[rows]
    exit_ = people.exit[rows].copy()
    still = np.isnan(exit_) | (exit_ > as_of)
    exit_[still] = np.nan
    reason = np.array([_REASON.get(int(r), EMPLOYED) if r != IN_PROGRAM else EMPLOYED
                       for r in people.reason[rows]], dtype=np.int8)
    reason[still] = EMPLOYED
    codes, modules = _person_draws(model, tuple(people.person[i] for i in rows),
                                   people.attributes[rows])
    open_ = np.nonzero(still)[0]
    open_ = open_[np.argsort(rows[open_], kind="stable")]  # file order, as a caseload's start
    waiting = people.waiting_at(as_of)
    order = np.argsort(people.referral[waiting], kind="stable")
    before, waiting_before = given_before(people.before[rows], people.before[waiting][order])
    if forecast is not None:
        held = people.provider[rows][open_]
        left = ~people.waiting & (people.exit <= as_of)  # the exits by as_of, before 0 too
        freed, freed_provider = freed_slots(people.exit[left] - as_of, people.provider[left],
                                            held, forecast.slots[0])
        start = Start("caseload", int(open_.size), held, as_of - entry[open_], codes[open_],
                      people.referral[waiting][order] - as_of,
                      people.attributes[waiting][order], freed, freed_provider,
                      None if before is None else before[open_], waiting_before)
        forecast = replace(forecast, start=start, initial=start.count)
    return Actuals(as_of, people.provider[rows], entry, people.referral[rows], exit_, reason,
                   codes, modules, open_, people.referral[waiting][order], forecast, before,
                   waiting_before)


def funded_before(actuals: Actuals, spells: Spells) -> tuple[np.ndarray, np.ndarray] | None:
    """Each entrant's and each referral's months funded before of ``with_actuals``'s
    spells (a warm-up through the actual spells), for ``initial.carried_over``: the actual
    people come first, and the people waiting at ``as_of`` are the referrals after the
    actual ones, whoever of them entered keeping their months. None where nobody has
    any."""
    if actuals.before is None:
        return None
    entrants, referrals = np.zeros(spells.n_entrants), np.zeros(spells.n_referrals)
    entrants[:actuals.entry.size] = actuals.before
    first = int((actuals.entry > 0.0).sum())  # the actual people's referrals
    wait = np.arange(first, first + actuals.waiting.size)
    referrals[wait] = actuals.waiting_before
    entered = spells.entrant[wait] >= 0
    entrants[spells.entrant[wait][entered]] = actuals.waiting_before[entered]
    return entrants, referrals


def _person_draws(model, people: tuple[str, ...],  # noqa: ANN001 - a compiled Model
                  given: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The attribute codes (the file's where it gives them) and the modules taken of the
    actual people, as the simulation draws them (``draws``), from uniforms of their own."""
    from .draws import _codes, _given, _labels, _modules

    labels = _labels(model.attribute_names, model.module_ids, False)
    u = _person_uniforms(people, labels)
    n_attr = len(model.attribute_names)
    codes = _codes(model, u[:, :n_attr])
    _given(codes, given)
    return codes, _modules(model, u[:, n_attr:], codes)


@functools.lru_cache(maxsize=8)
def _person_uniforms(people: tuple[str, ...], labels: tuple[str, ...]) -> np.ndarray:
    """``[people, labels]``: one uniform per person and attribute or module, from the
    stream keyed by the person's id and then by the label (``stream_key``), under the
    fixed seed. A person's draws so never move when the file gains someone, --as-of
    moves or a module is added: a monthly re-forecast keeps the closed months."""
    root = np.random.SeedSequence(FIXED_SEED)
    seeds = [child(root, stream_key(f"person:{person}")) for person in people]
    every = range(len(labels))
    rows = [streams.uniforms(every, 1)[0] for streams in Streams.many(seeds, labels)]
    return np.array(rows, dtype=float).reshape(len(people), len(labels))


def with_actuals(model, actuals: Actuals, forecast: Spells | None) -> Spells:  # noqa: ANN001
    """The whole period's spells: the actual people (their simulated exit where they were
    in a slot at ``as_of``), then the forecast's new entrants and referrals, shifted."""
    k, horizon = actuals.as_of, model.horizon
    n_actual = actuals.entry.size
    exit_, reason = actuals.exit.copy(), actuals.reason.copy()
    n_open = actuals.open.size
    if forecast is not None:
        exit_[actuals.open] = forecast.exit[:n_open] + k
        reason[actuals.open] = forecast.reason[:n_open]
        new = slice(n_open, forecast.n_entrants)
    else:
        exit_[actuals.open] = horizon
        reason[actuals.open] = EMPLOYED
    initial = actuals.entry <= 0.0  # the starting caseload: entries, not referrals
    referred = np.nonzero(~initial)[0]
    # the actual entrants' referrals, at the file's date (else the entry: no waiting known)
    given = actuals.referral
    referral = np.where(initial | np.isnan(given), actuals.entry, given)
    ref_time = referral[referred]
    entrant = referred.copy()
    referral_index = np.full(n_actual, -1, dtype=np.int64)
    referral_index[referred] = np.arange(referred.size)
    columns = {
        "provider": actuals.provider, "referral": referral, "entry": actuals.entry,
        "exit": exit_, "reason": reason, "initial": initial,
        "referral_index": referral_index, "attributes": actuals.attributes,
        "modules": actuals.modules,
    }
    refs = {"referral_time": ref_time, "outcome": np.full(referred.size, ENTERED, np.int8),
            "outcome_time": actuals.entry[referred], "entrant": entrant,
            "patience": np.zeros(referred.size)}  # actual people: no patience drawn
    if forecast is None:  # nothing simulated: those waiting at as_of wait to the horizon
        wait = actuals.waiting
        refs = {"referral_time": np.concatenate([ref_time, wait]),
                "outcome": np.concatenate([refs["outcome"], np.full(wait.size, WAITING, np.int8)]),
                "outcome_time": np.concatenate([refs["outcome_time"], np.full(wait.size, horizon)]),
                "entrant": np.concatenate([entrant, np.full(wait.size, -1, dtype=np.int64)]),
                "patience": np.zeros(referred.size + wait.size)}
    if forecast is not None:
        offset = referred.size
        f_index = forecast.referral_index[new]
        columns = {
            "provider": [columns["provider"], forecast.provider[new]],
            "referral": [columns["referral"], forecast.referral[new] + k],
            "entry": [columns["entry"], forecast.entry[new] + k],
            "exit": [columns["exit"], forecast.exit[new] + k],
            "reason": [columns["reason"], forecast.reason[new]],
            "initial": [columns["initial"], np.zeros(f_index.size, dtype=bool)],
            "referral_index": [columns["referral_index"], f_index + offset],
            "attributes": [columns["attributes"], forecast.attributes[new]],
            "modules": [columns["modules"], forecast.modules[new]],
        }
        columns = {key: np.concatenate(parts) for key, parts in columns.items()}
        f_entrant = np.where(forecast.entrant >= 0, forecast.entrant - n_open + n_actual, -1)
        refs = {
            "referral_time": np.concatenate([refs["referral_time"], forecast.referral_time + k]),
            "outcome": np.concatenate([refs["outcome"], forecast.outcome]),
            "outcome_time": np.concatenate([refs["outcome_time"], forecast.outcome_time + k]),
            "entrant": np.concatenate([refs["entrant"], f_entrant]),
            "patience": np.concatenate([refs["patience"], forecast.patience]),
        }
    return Spells(
        **columns, **refs, horizon=horizon, slots=model.slots.astype(float),
        provider_ids=model.provider_ids, attribute_names=model.attribute_names,
        attribute_values=model.attribute_values, module_ids=model.module_ids,
    )

"""A scenario boiled down to the plain arrays the event loop needs.

Compiling resolves per-provider overrides, schedules and conditions once per scenario,
so that each replication only draws random numbers and runs events. Providers whose
effective exit rules agree share one *exit configuration*, which keeps the per-person
duration table small (persons x configurations, not persons x providers).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from finsim.copies import changed
from finsim.scenario.caseload import actual_people
from finsim.scenario.model import Condition, Employment, Period, Scenario
from finsim.scenario.schedule import Month, MonthsLater, monthly
from finsim.scenario.types import ON_DEMAND, allowed_values

from .actuals import Actuals, compile_actuals
from .initial import Start, compile_start

EncodedCondition = tuple[tuple[int, np.ndarray], ...]
"""``((attribute index, allowed-code mask), ...)``: a ``when`` over attribute codes."""


@dataclass(frozen=True, eq=False)
class ExitRule:
    """One exit configuration: hazards per month, max duration, group modifiers."""

    placement: float
    dropout: float
    max_months: float
    modifiers: tuple[tuple[EncodedCondition, float, float], ...]


@dataclass(frozen=True, eq=False)
class Model:
    """Everything a replication needs, as plain numbers and arrays."""

    horizon: float
    rate: np.ndarray  # [months] referrals per month (0 with on_demand)
    on_demand: bool  # a referral exactly when a slot opens, no Poisson arrivals
    slots: np.ndarray  # [months, providers] int
    changes: tuple[tuple[int, tuple[tuple[int, int], ...]], ...]  # (month, ((p, new), ...))
    patience_mean: float
    assignment: str
    initial: int  # people in slots at the start (start.count)
    start: Start
    refill: tuple[float, ...]  # per provider
    rule_of: tuple[int, ...]  # provider -> exit configuration
    rules: tuple[ExitRule, ...]
    attribute_names: tuple[str, ...]
    attribute_values: tuple[tuple[str, ...], ...]
    attribute_cum: tuple[np.ndarray, ...]  # cumulative shares per attribute
    module_ids: tuple[str, ...]
    module_uptake: np.ndarray  # [modules]
    module_when: tuple[EncodedCondition, ...]
    provider_ids: tuple[str, ...]
    origin: Month
    """The calendar month of time 0 (``period.start``): a maximum duration ends on a
    calendar day (``draws.stay``)."""
    warmup: Model | None = None
    """The program before ``period.start`` (``period.simulate_from``), whose end state
    each replication starts from; a re-forecast's (``actuals``) when the actual spells
    end in it."""
    actuals: Actuals | None = None
    """A re-forecast: the actual spells before ``as_of`` and the model of the rest."""
    attribute_bounds: tuple[np.ndarray, ...] = ()
    """``attribute_cum`` with the last bound at infinity: ``searchsorted`` of a uniform
    then never runs past the last value (a cumulative share may end just under 1)."""
    rate_cum: np.ndarray | None = None
    """``cumulative(rate)``, the referral intensity at each month's start (None:
    taken from ``rate`` in each replication)."""
    slices: int = 1
    """Slices per month of the event loop's calendar queue (``calendar_slices``)."""

    @functools.cached_property
    def capped_before(self) -> float:
        """Entries from this time on cannot reach their maximum duration inside the horizon:
        an entry in month m ends at the earliest at the start of month m + n
        (``months_later``), n the shortest maximum a referral may have (``max_months``
        less the most months funded before of those waiting), so only an entry in a month
        before ``horizon - n`` can. The event loop works the calendar out only for entries
        before it: in a period no longer than the maximum, for nobody."""
        before = self.start.waiting_before
        most = float(before.max()) if before is not None and before.size else 0.0
        shortest = min(max(rule.max_months - most, 0.0) for rule in self.rules)
        return float(math.ceil(self.horizon - shortest))

    @functools.cached_property
    def calendar_end(self) -> MonthsLater:
        """``months_later`` of one entry in the horizon at a time, for the event loop."""
        longest = max(rule.max_months for rule in self.rules)
        return MonthsLater(self.origin, 0, math.ceil(self.horizon + longest) + 1)

    @functools.cached_property
    def reopen_after(self) -> tuple[float, ...]:
        """Per provider, the delay after an exit at which the event loop schedules the
        slot's reopening at the entry; 0: an exit event decides (``engine._run``). Once
        per model, not per replication.

        Events at equal times run by ``order``, then by scheduling order. A reopening
        scheduled at the entry with ``order`` = its exit time then runs where it would
        run if an exit event had scheduled it, with one exception: an event that another
        event at the same exit time schedules for the same instant. Only a capped stay
        (``max_months`` from the entry) at a provider without refill delay can land
        there, when its ``max_months`` equals another provider's delay; then keep exit
        events.
        """
        delays = {d for d in self.refill if d > 0}
        if any(self.rules[self.rule_of[p]].max_months in delays
               for p, d in enumerate(self.refill) if d == 0):
            return (0.0,) * len(self.refill)
        return self.refill


def compile_model(scn: Scenario, start_state: Start | None = None) -> Model:
    """Resolve a scenario into a :class:`Model` (pure; no randomness); ``start_state``: the
    start state, if already compiled (a caseload's people, the same under any draw)."""
    if scn.reforecast:  # else the actual spells are the warm-up's (``Scenario.warm_up``)
        return _with_actuals(scn)
    start, months = scn.period.start_month, scn.period.months
    mix = scn.participants.mix
    names = tuple(mix)
    values = tuple(tuple(mix[a]) for a in names)
    slots = np.rint(scn.slots_in_force()).astype(np.int64)
    refill, rule_of, rules = exit_rules(scn, names, values)
    begin = start_state if start_state is not None else compile_start(scn, slots[0])
    modules = scn.costs.qualification
    referrals = scn.participants.referrals_per_month
    on_demand = referrals == ON_DEMAND
    rate = np.zeros(months) if on_demand else monthly(referrals, start, months)
    return Model(
        horizon=float(months),
        rate=rate,
        on_demand=on_demand,
        slots=slots,
        changes=_changes(slots),
        patience_mean=float(scn.participants.patience_months),
        assignment=scn.participants.assignment,
        initial=begin.count,
        start=begin,
        refill=refill,
        rule_of=rule_of,
        rules=rules,
        attribute_names=names,
        attribute_values=values,
        attribute_cum=(cum := tuple(np.cumsum([mix[a][v] for v in mix[a]]) for a in names)),
        attribute_bounds=tuple(np.append(c[:-1], np.inf) for c in cum),
        module_ids=tuple(m.id for m in modules),
        module_uptake=np.array([m.uptake for m in modules], dtype=float),
        module_when=tuple(_encode(m.when or {}, names, values) for m in modules),
        provider_ids=tuple(scn.provider_ids),
        origin=start,
        warmup=None if (before := scn.warm_up()) is None else compile_model(before),
        rate_cum=cumulative(rate),
        slices=calendar_slices(slots),
    )


def calendar_slices(slots: np.ndarray) -> int:
    """Slices per month of the event loop's calendar queue (``engine._Environment``), for
    ``slots`` [months, providers]: a power of two, one for each 4,096 slots or so (8 for
    a national program of 40,000), so that a slice's heap holds a few hundred of the
    reopenings pending (one per occupied slot); one for a program of a few hundred
    slots, whose heap is small anyway."""
    most = int(slots.sum(axis=1).max()) if slots.size else 0
    return 1 << max(0, (most // 4096).bit_length() - 1)


def cumulative(rate: np.ndarray) -> np.ndarray:
    """The cumulative referral intensity at each month's start and at the horizon,
    ``[months + 1]``."""
    return np.concatenate([[0.0], np.cumsum(rate)])


def recompiled_models(model: Model, scns: Sequence[Scenario], paths: list[str]) -> list[Model]:
    """The model of each of ``scns`` (a batch of draws), which differ from ``model``'s
    scenario only at ``paths``: when they are all employment rules, only the exit rules
    are derived again (when they are all the program's hazards and no provider has rules
    of its own, only the hazards of its one exit configuration, the batch's in one numpy
    call: ``hazard`` of each value alone cost as much as copying the model, for the same
    floats); anything else compiles the whole model.

    A caseload's people are those of the scenario's own start: the file was checked
    against its slots, and a draw of fewer slots dismisses nobody (as when a slot
    schedule drops), so the drawn slots are not checked against the file again."""
    if (model.warmup is not None or model.actuals is not None
            or not all(_is_employment(path) for path in paths)):
        start = model.start if model.start.kind == "caseload" else None
        return [compile_model(scn, start) for scn in scns]
    if (all(path.startswith("employment.hazards.") for path in paths)
            and not any(p.employment for scn in scns for p in scn.providers)):
        (rule,) = model.rules  # no provider's own rules: one configuration
        drawn = np.array([(scn.employment.hazards.placement, scn.employment.hazards.dropout)
                          for scn in scns], dtype=float).reshape(len(scns), 2)
        kept = {name: getattr(model, name) for name in HAZARD_FREE}
        return [_carrying(changed(model, rules=(changed(rule, placement=placement,
                                                        dropout=dropout),)), kept)
                for placement, dropout in (-np.log1p(-drawn)).tolist()]
    models = []
    for scn in scns:
        refill, rule_of, rules = exit_rules(scn, model.attribute_names, model.attribute_values)
        models.append(changed(model, refill=refill, rule_of=rule_of, rules=rules))
    return models


HAZARD_FREE = tuple(name for name, value in vars(Model).items()
                    if isinstance(value, functools.cached_property))
"""``Model``'s cached properties, every one of them: they read the exit rules' maximum
durations and the refill delays, never a hazard, so a model whose drawn hazards are all
that changed keeps them (each drawn model worked them out again, some 5 us a seed
replication). A cached property that reads a hazard would have to be left out here
(tests/test_program_recompiled.py compares each kept one with the model compiled afresh)."""


def _carrying(model: Model, kept: dict[str, Any]) -> Model:
    """``model`` (a fresh copy) with the cached properties ``kept`` already worked out."""
    model.__dict__.update(kept)
    return model


def _is_employment(path: str) -> bool:
    """``employment.*`` or ``providers.<id>.employment.*``."""
    keys = path.split(".")
    return keys[0] == "employment" or (keys[0] == "providers" and keys[2:3] == ["employment"])


def exit_rules(scn: Scenario, names: tuple[str, ...], values: tuple[tuple[str, ...], ...]
                ) -> tuple[tuple[float, ...], tuple[int, ...], tuple[ExitRule, ...]]:
    """Each provider's refill delay and exit configuration, and the configurations
    (providers whose exit rules agree share one)."""
    employment = [scn.employment_for(p) for p in scn.providers]
    refill = tuple(float(e.refill_delay_months) for e in employment)
    if employment and all(e is scn.employment for e in employment):
        # no overrides (as in most scenarios, and every replication of a drawn hazard
        # compiles this again): one configuration, nothing to compare
        return refill, (0,) * len(employment), (_exit_rule(scn.employment, names, values),)
    keys: dict[str, int] = {}
    rules: list[ExitRule] = []
    rule_of = []
    dumped: dict[int, str] = {}  # providers without overrides share the program's rules
    for emp in employment:
        if id(emp) not in dumped:
            dumped[id(emp)] = json.dumps(emp.model_dump(exclude={"refill_delay_months"}),
                                         sort_keys=True)
        key = dumped[id(emp)]
        if key not in keys:
            keys[key] = len(rules)
            rules.append(_exit_rule(emp, names, values))
        rule_of.append(keys[key])
    return refill, tuple(rule_of), tuple(rules)


def _with_actuals(scn: Scenario) -> Model:
    """The period's model with the actual past (``actuals.py``) and the forecast from
    ``as_of``, whose start state the actual people at ``as_of`` make."""
    plain = scn.model_copy(update={
        "actuals": None, "participants": scn.participants.model_copy(update={"initial": 0})})
    model = compile_model(plain)
    as_of, months = scn.as_of, scn.period.months
    forecast = None
    if as_of < months:
        period = Period(start=scn.actuals.as_of, months=months - as_of)
        forecast = compile_model(plain.model_copy(update={"period": period}))
    past = compile_actuals(scn, actual_people(scn), float(as_of), forecast, model)
    return replace(model, actuals=past)


def hazard(monthly_probability: float) -> float:
    """The constant hazard per month of a monthly probability p: -ln(1 - p)."""
    return float(-np.log1p(-monthly_probability))


def _exit_rule(emp: Employment, names: tuple[str, ...],
               values: tuple[tuple[str, ...], ...]) -> ExitRule:
    return ExitRule(
        placement=hazard(emp.hazards.placement),
        dropout=hazard(emp.hazards.dropout),
        max_months=float(emp.max_months),
        modifiers=tuple((_encode(m.when, names, values), m.placement, m.dropout)
                        for m in emp.modifiers),
    )


def _encode(when: Condition, names: tuple[str, ...],
            values: tuple[tuple[str, ...], ...]) -> EncodedCondition:
    """Turn ``{attribute: value or [values]}`` into masks over codes."""
    encoded = []
    for attribute, wanted in allowed_values(when).items():
        a = names.index(attribute)
        encoded.append((a, np.array([v in wanted for v in values[a]], dtype=bool)))
    return tuple(encoded)


def matches(condition: EncodedCondition, codes: np.ndarray) -> np.ndarray:
    """Which persons (rows of attribute codes) match a condition (all its attributes)."""
    if not condition:
        return np.ones(codes.shape[0], dtype=bool)
    (a, allowed), *more = condition
    mask = allowed[codes[:, a]]  # a new array: fancy indexing copies
    for a, allowed in more:
        mask &= allowed[codes[:, a]]
    return mask


def _changes(slots: np.ndarray) -> tuple[tuple[int, tuple[tuple[int, int], ...]], ...]:
    """Month starts at which some provider's slots change, with the new counts."""
    out = []
    for m in range(1, slots.shape[0]):
        (changed,) = np.nonzero(slots[m] != slots[m - 1])
        if changed.size:
            out.append((m, tuple((int(p), int(slots[m, p])) for p in changed)))
    return tuple(out)

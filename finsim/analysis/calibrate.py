"""Exit hazards fitted to a program's own spells: competing risks with right-censoring.

finsim's exit model is a constant hazard per exit reason (placement, dropout), cut off at
``max_months``, per provider, times factors for groups of participants. This module fits
exactly that model to observed spells, so the fitted values can go straight back into a
scenario:

- **Exposure and events.** Each spell contributes its tenure (months from entry to exit,
  or to the data's end date while still in, at most the provider's ``max_months``) as
  exposure to *both* reasons, from the tenure at which it is first observed (0, or later
  for someone already in when the data begin: left truncation, delayed entry); an exit
  for placement or dropout is an event of that reason.
  Everything else (still in, reached the maximum duration, ``other`` unless counted as
  dropout) is right-censored: under constant competing hazards this is the likelihood,
  and the hazard's maximum-likelihood estimate is events / exposure.
- **Levels.** A provider gets its own hazard for a reason when it has at least
  ``min_events`` events of that reason and its rate differs from the other providers'
  at 1 % (exact conditional test: the count alone picked the lucky providers and biased
  the pool down); a value of a mix attribute gets its own factor on the hazard (finsim's
  ``modifiers``) with ``min_events`` events. Everything else is pooled. The pooled
  rest must itself carry ``min_events``; if it does not, the level with the most spells
  joins it. A pooled provider whose exact 99 % interval excludes the pooled rate
  (0 placements in 2,000 person-months against 0.017 a month) is not pooled: it gets its
  own value from its few events (``Apart``), with group factors too (its own baseline
  hazard, times the group factors); there a level without events has no finite
  estimate, so such a provider stays pooled and is named (as is one with events the
  pool keeps so as not to be left without). A group
  whose spells the provider levels and the other groups already single out (a value found
  at one provider only, say) cannot be told apart from them: it joins its attribute's
  reference too, and the fit names it (``aliased``).
- **Fit and intervals.** Without group factors the estimates are crude rates D / E with
  exact Poisson (Garwood, chi-square) intervals. With group factors the model
  ``log hazard = provider level + group factors`` is fitted by Poisson maximum likelihood
  (Newton's method on cells with step-halving, exposure as offset); intervals are then
  Wald intervals on the log scale from the observed information.
- **Fit shown.** Observed vs expected exits by tenure band, a likelihood-ratio test of
  band multipliers against the constant hazard, and the Aalen-Johansen cumulative
  incidence per reason against the fitted one.

A hazard lambda becomes finsim's monthly probability p = 1 - exp(-lambda).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..nouns import counted as counted_noun
from ..nouns import listed, noun
from ..scenario import Problem, Scenario, ScenarioError
from ..scenario.caseload import (
    EARLY_SLACK,
    Caseload,
    beyond_maximum,
    max_months,
    maximum_exit,
    time_date,
)
from ..scenario.caseload import REASONS as FILE_REASONS
from ..simulation.spells import DROPOUT, PLACEMENT, Spells

CENSORED = -1
"""Reason code of a censored spell (still in, maximum duration, or ``other``)."""
REASONS = {"placement": PLACEMENT, "dropout": DROPOUT}
"""The exit reasons finsim models, with their codes."""
MIN_EVENTS = 10
"""Default events a provider or group needs for its own estimate (per reason): with 10
events the 90 % interval runs from about 0.54 to 1.7 times the estimate."""


APART_LEVEL = 0.99
"""A pooled provider whose exact interval at this level excludes the pooled rate is told
apart from the pool, whatever its events (a clear difference, not a chance one among
several providers)."""


SPLIT_LEVEL = 0.99
"""A provider with ``min_events`` events gets its own value only when the exact
conditional test rejects, at 1 - this, that its rate equals the other providers': a
split on the count alone biased the pooled hazard down by 12-26 % with many providers
near the threshold."""


LATE_LINES = 5
"""Spells entering after --as-of listed one line each up to this many; more are one line."""


@dataclass(frozen=True, eq=False)
class Tenures:
    """Spells reduced to what the exit model sees, one row per spell.

    ``tenure`` is months from entry to exit or censoring; ``start`` the tenure at which
    the spell is first observed (0 unless the person was already in when the data
    begin); ``reason`` is PLACEMENT, DROPOUT or CENSORED; ``provider`` indexes
    ``provider_ids``; ``attributes`` holds codes into ``attribute_values`` per attribute;
    ``cap`` is each spell's maximum duration (months); ``ended_at_cap`` marks spells the
    data say ended at their maximum (``None``: none) though their tenure may fall just
    short of it (a file's ``max_duration`` exit up to ``EARLY_SLACK`` early): they are
    censored either way, but counted as reaching the maximum.
    """

    tenure: np.ndarray
    start: np.ndarray
    reason: np.ndarray
    provider: np.ndarray
    attributes: np.ndarray
    cap: np.ndarray
    provider_ids: tuple[str, ...]
    attribute_names: tuple[str, ...] = ()
    attribute_values: tuple[tuple[str, ...], ...] = ()
    ended_at_cap: np.ndarray | None = None

    @classmethod
    def from_simulation(cls, spells: Spells, max_months: np.ndarray | float) -> Tenures:
        """The spells of a finsim replication, observed over its horizon: still employed
        at the horizon is censored; people in at the start are observed from their tenure
        then."""
        cap = np.broadcast_to(np.asarray(max_months, dtype=float), (len(spells.provider_ids),))
        reason = np.where(np.isin(spells.reason, (PLACEMENT, DROPOUT)), spells.reason, CENSORED)
        return cls(tenure=spells.exit - spells.entry, start=np.maximum(-spells.entry, 0.0),
                   reason=reason.astype(np.int8),
                   provider=spells.provider, attributes=spells.attributes,
                   cap=cap[spells.provider].copy(), provider_ids=spells.provider_ids,
                   attribute_names=spells.attribute_names,
                   attribute_values=spells.attribute_values)

    @classmethod
    def from_caseload(cls, caseload: Caseload, scn: Scenario, as_of: float,
                      other: str = "dropout", since: float | None = None) -> Tenures:
        """The spells of a caseload file read against ``scn``, observed until ``as_of``
        and from ``since`` (months from the caseload's origin; ``None``: every spell from
        its entry). Someone already in at ``since`` counts from their tenure then, and a
        spell that ended before it adds nothing: the file cannot hold everyone who left
        before the data begin (left truncation). People still in at ``as_of``, and exits
        after it, are censored there;
        ``max_duration`` exits are censored; ``other`` exits count as ``other`` says
        (``dropout`` or ``censored``). Rows of the waiting list are left out. An entry
        after ``as_of`` is refused."""
        if late := entered_after(caseload, as_of):
            raise ScenarioError(late)
        rows = np.nonzero(~caseload.waiting)[0]
        entry, exit_ = caseload.entry[rows], caseload.exit[rows]
        observed = ~np.isnan(exit_) & (exit_ <= as_of)
        code = caseload.reason[rows]
        by_code = {FILE_REASONS.index("placement"): PLACEMENT,
                   FILE_REASONS.index("dropout"): DROPOUT,
                   FILE_REASONS.index("other"): DROPOUT if other == "dropout" else CENSORED}
        reason = np.full(rows.size, CENSORED, dtype=np.int8)
        for file_code, model_code in by_code.items():
            reason[observed & (code == file_code)] = model_code
        provider = caseload.provider[rows]
        caps = np.array(max_months(scn))
        # a returner's spell may use what its months funded before leave of the maximum
        cap = caps[provider] - caseload.before[rows]
        _check_max_duration(caseload, rows, observed & (code == FILE_REASONS.index(
            "max_duration")), exit_ - entry, cap, scn)
        given = [a for a in range(len(caseload.attribute_names))
                 if rows.size and np.all(caseload.attributes[rows, a] >= 0)]
        names = tuple(caseload.attribute_names[a] for a in given)
        start = np.zeros(rows.size) if since is None else np.maximum(since - entry, 0.0)
        end = np.where(observed, exit_, as_of)
        # On the day the maximum ends (the anniversary, BGB §188) the tenure is the cap,
        # in day arithmetic: months of 31 and 30 days would make it 23.999999 or 23.98.
        reached = end >= maximum_exit(entry, cap, caseload.origin) - 1e-9
        tenure = np.where(reached, np.maximum(end - entry, cap), end - entry)
        return cls(tenure=tenure, start=start, reason=reason,
                   provider=provider, attributes=caseload.attributes[rows][:, given],
                   cap=cap, provider_ids=caseload.provider_ids,
                   attribute_names=names,
                   attribute_values=tuple(tuple(scn.participants.mix[a]) for a in names),
                   ended_at_cap=observed & (code == FILE_REASONS.index("max_duration")))


def entered_after(caseload: Caseload, as_of: float) -> list[Problem]:
    """The spells entering after ``as_of`` (the end of the data), one line each, up to
    ``LATE_LINES`` of them, more in one line for the file: nothing of them is observed."""
    late = np.nonzero(caseload.entry > as_of)[0]  # NaN, the waiting list's, is not
    end = time_date(as_of, caseload.origin)
    if late.size > LATE_LINES:  # one line, not hundreds
        return [Problem(
            caseload.file, caseload.column("entry"),
            f"{late.size:,} spells enter after the end of the data (--as-of {end}), the "
            f"first on line {int(caseload.line[late[0]])}: nothing of them is observed; "
            "give a later --as-of or leave them out", show_value=False)]
    return [Problem(caseload.file, caseload.column("entry"), f"entry "
                    f"{time_date(caseload.entry[i], caseload.origin)} after the end of the "
                    f"data (--as-of {end}): nothing of this spell is observed",
                    line=int(caseload.line[i]), show_value=False)
            for i in late]


def _check_max_duration(caseload: Caseload, rows: np.ndarray, marked: np.ndarray,
                        tenure: np.ndarray, cap: np.ndarray, scn: Scenario) -> None:
    """Refuse ``max_duration`` exits well before the scenario's ``max_months``: they were
    censored silently as "still in or other"; a data error, or the wrong --scenario."""
    early = np.nonzero(marked & (tenure < cap - EARLY_SLACK))[0]
    if early.size > LATE_LINES:  # one line, not hundreds
        raise ScenarioError([Problem(
            caseload.file, caseload.column("exit_reason"),
            f"{early.size:,} max_duration exits come before "
            f"employment.max_months of {scn.name!r}, the first on line "
            f"{int(caseload.line[rows[early[0]]])}: a data error, or the wrong --scenario?",
            show_value=False)])
    if early.size:
        raise ScenarioError([Problem(
            caseload.file, caseload.column("exit_reason"),
            f"max_duration after {tenure[k]:.1f} months, but "
            f"employment.max_months of provider {caseload.provider_ids[caseload.provider[i]]}"
            + (f" less {caseload.before[i]:g} months funded before" if caseload.before[i]
               else "") + f" is {cap[k]:g}: a data error, or the wrong --scenario?",
            line=int(caseload.line[i]), show_value=False)
            for k, i in ((k, rows[k]) for k in early)])


@dataclass(frozen=True)
class PastCap:
    """Exits of one kind (by ``--as-of``) after their spell's maximum less its months
    funded before ended, fitted as reaching the maximum: ``kind`` ``event`` (placement,
    dropout, ``other`` as counted: censored there, no event) or ``max_duration`` (more
    than ``EARLY_SLACK`` late). One record feeds the terminal, the overlay and the page,
    each in its language (``past_cap_line`` is the English)."""

    file: str
    column: str  # the exit column as the file names it
    kind: str  # "event" or "max_duration"
    counted: tuple[str, ...]  # the reasons counted as events
    count: int
    lines: tuple[int, ...]  # the file's lines of the first LATE_LINES of them
    scenario: str


def past_cap_warnings(caseload: Caseload, scn: Scenario, as_of: float,
                      other: str = "dropout") -> list[PastCap]:
    """One record per kind of exit (by ``as_of``) after the spell's maximum less its
    months funded before ended (``PastCap``). Each is fitted as reaching the maximum, so
    a wrong ``--scenario`` (a 12-month one for 24-month data) or wrong
    ``months_funded_before`` would drop events without a word."""
    counted = ("placement", "dropout", *(["other"] if other == "dropout" else []))
    observed = caseload.exit <= as_of
    events = observed & np.isin(caseload.reason, [FILE_REASONS.index(r) for r in counted])
    marked = observed & (caseload.reason == FILE_REASONS.index("max_duration"))
    caps = max_months(scn)
    kinds = [("event", beyond_maximum(caseload, caps, events)),
             ("max_duration", beyond_maximum(caseload, caps, marked, EARLY_SLACK))]
    return [PastCap(caseload.file, caseload.column("exit"), kind, counted, int(rows.size),
                    tuple(int(caseload.line[i]) for i in rows[:LATE_LINES]), scn.name)
            for kind, rows in kinds if rows.size]


def past_cap_line(late: PastCap) -> str:
    """A ``PastCap`` in English: the terminal's ``warning:`` line, the overlay's
    ``# WARNING:`` comment and the English page's warning."""
    what = ("max_duration exit" if late.kind == "max_duration" else
            f"{listed(late.counted)} exit")
    then = ("more than 0.1 month late, counted as reaching it" if late.kind == "max_duration"
            else "censored there, counted as no event")
    shown = ", ".join(map(str, late.lines))
    lines = (f"line{'s' if late.count > 1 else ''} {shown}"
             f"{', …' if late.count > len(late.lines) else ''}")
    return str(Problem(late.file, late.column, (
        f"{counted_noun(f'{late.count:,}', what, what + 's')} ({lines}) "
        f"{noun(f'{late.count:,}', 'lies', 'lie')} after employment.max_months of "
        f"{late.scenario!r}, less any months funded before, ended: {then}; is --scenario's "
        "max_months right, and months_funded_before?"), show_value=False))


@dataclass(frozen=True)
class Estimate:
    """A hazard (per month) or a factor, with the data behind it and its interval."""

    label: str
    events: int
    exposure: float
    value: float
    low: float
    high: float
    method: str  # "exact Poisson" or "likelihood (Wald, log scale)"
    reference: tuple[int, float] | None = None
    """A level's hazard fitted with group factors is the reference groups' rate: their
    own events and person-months (``events``/``exposure`` are all groups' of the level)."""

    @property
    def probability(self) -> float:
        """finsim's monthly probability of a hazard: 1 - exp(-lambda)."""
        return float(-np.expm1(-self.value))


@dataclass(frozen=True)
class Modifier:
    """A group factor: ``when`` is ``{attribute: value}``."""

    attribute: str
    value: str
    factor: Estimate


@dataclass(frozen=True)
class BandTest:
    """Observed vs expected exits by tenure band and the test of a constant hazard."""

    edges: np.ndarray  # band edges in months, len(bands) + 1
    exposure: np.ndarray  # person-months per band
    observed: np.ndarray  # exits per band
    expected: np.ndarray  # exits per band under the fitted constant hazards
    statistic: float  # likelihood-ratio chi-square
    df: int
    p_value: float | None  # None: no test (df 0, the exposure in one band)

    @property
    def rejects(self) -> bool:
        """Whether the test rejects a constant hazard at 5 %; no test rejects nothing."""
        return self.p_value is not None and self.p_value < 0.05


@dataclass(frozen=True)
class Aliased:
    """A group with enough events but no spells that tell it apart from other levels:
    its factor and theirs cannot both be fitted, so it is pooled (``like``: the levels
    whose spells are its spells, e.g. a provider's)."""

    attribute: str
    value: str
    like: tuple[str, ...]


@dataclass(frozen=True)
class Apart:
    """A pooled provider whose exact interval excludes the pooled rate it would get:
    pooling would hide a clear difference (0 placements in 2,000 person-months against a
    pool of 0.017 a month). ``split``: it got its own value; else (with group factors,
    where a level without events has no finite estimate: it has none, or the pool would
    have none without it) it stays pooled and the fit warns. ``why`` it was pooled,
    which the warning must say: ``few`` (fewer than ``min_events`` events), ``rest``
    (enough, but the other providers' ``rest_events`` were too few for a pool of their
    own, so it joined them) or ``alike`` (the test against the other providers did not
    reject at 1 %)."""

    provider: str
    own: Estimate  # its own events, exposure, rate and exact interval at APART_LEVEL
    pooled: float  # the pooled rate it was told apart from (per month)
    split: bool
    why: str = "few"
    rest_events: int = 0  # the events of the pool's other providers


@dataclass(frozen=True)
class ReasonFit:
    """The fitted hazards of one exit reason."""

    reason: str
    program: Estimate  # the reference level: pooled providers, reference groups
    program_from: tuple[str, ...]  # the providers whose spells give the program's value
    providers: dict[str, Estimate]  # providers with their own hazard
    modifiers: tuple[Modifier, ...]
    pooled_attributes: dict[str, tuple[str, ...]]  # attribute -> values in its reference
    rate: np.ndarray  # fitted hazard of every spell
    bands: BandTest
    aliased: tuple[Aliased, ...] = ()  # groups pooled for want of spells of their own
    apart: tuple[Apart, ...] = ()  # providers with few events that differ from the pool


@dataclass(frozen=True)
class Incidence:
    """Cumulative incidence per reason on a tenure grid: observed (Aalen-Johansen) and
    fitted (the constant hazards, averaged over the spells)."""

    grid: np.ndarray
    observed: dict[str, np.ndarray]  # NaN past ``observed_until``
    fitted: dict[str, np.ndarray]
    observed_until: float
    """The longest tenure observed (a grid point): nobody is at risk after it, so the
    observed curve ends there, as a survival curve does, not flat to the grid's end."""


@dataclass(frozen=True)
class Calibration:
    """Everything ``finsim calibrate`` reports."""

    fits: dict[str, ReasonFit]
    incidence: Incidence
    spells: int
    exposure: float
    censored: dict[str, int] = field(default_factory=dict)
    level: float = 0.9
    min_events: int = MIN_EVENTS
    unobserved: dict[str, int] = field(default_factory=dict)
    """Spells left out, observed for no time, by why (``spells`` counts the others): an
    entry on the end of the data, or an exit before their start (``--since``)."""
    past_cap: tuple[PastCap, ...] = ()
    """Exits after their spell's maximum (``past_cap_warnings``): the command adds them
    from the file, so that the terminal, the overlay and the page warn of the same."""


def garwood(events: int, exposure: float, level: float = 0.9) -> tuple[float, float]:
    """Exact Poisson interval for a rate events / exposure (Garwood 1936): the chi-square
    quantiles chi2(a/2; 2D) / 2E and chi2(1 - a/2; 2D + 2) / 2E; the lower end is 0 for
    D = 0."""
    from scipy import stats  # here: scipy takes a while to load, and `finsim --help` lists this

    alpha = 1.0 - level
    low = stats.chi2.ppf(alpha / 2, 2 * events) / (2 * exposure) if events > 0 else 0.0
    high = stats.chi2.ppf(1 - alpha / 2, 2 * events + 2) / (2 * exposure)
    return float(low), float(high)


def calibrate(data: Tenures, *, min_events: int = MIN_EVENTS, level: float = 0.9,
              band_months: float = 6.0) -> Calibration:
    """Fit placement and dropout hazards to ``data`` (see the module's docstring)."""
    if min_events < 1:
        raise ValueError("min_events must be at least 1")
    unobserved = _unobserved(data)
    data = _observed(data)
    if data.tenure.size == 0:
        raise ValueError("no spells observed for any time")
    stop = np.minimum(data.tenure, data.cap)
    exposure = stop - data.start
    at_cap = data.tenure >= data.cap - 1e-9  # a float sum of months one ulp short
    reason = np.where(at_cap, CENSORED, data.reason)  # the cap ends every spell first
    if data.ended_at_cap is not None:  # the file's max_duration exits a day or two early
        at_cap |= data.ended_at_cap
    edges = _band_edges(float(data.cap.max()), band_months)
    fits = {name: _fit_reason(data, exposure, reason == code, name, min_events, level, edges)
            for name, code in REASONS.items()}
    incidence = _incidence(data, stop, reason, fits)
    censored = {"still in or other": int(np.sum((reason == CENSORED) & ~at_cap)),
                "max_duration": int(at_cap.sum())}
    return Calibration(fits, incidence, int(exposure.size), float(exposure.sum()), censored,
                       level, min_events, unobserved)


def _unobserved(data: Tenures) -> dict[str, int]:
    """The spells ``_observed`` leaves out, by why (only those that occur): they add
    neither exposure nor events, but a count that differs from the file's must say so."""
    out = np.minimum(data.tenure, data.cap) <= data.start
    counts = {"entered on the end of the data": int(np.sum(out & (data.start == 0))),
              "ended before --since": int(np.sum(out & (data.start > 0)))}
    return {why: n for why, n in counts.items() if n}


def _observed(data: Tenures) -> Tenures:
    """The spells observed for some time before their cap."""
    keep = np.minimum(data.tenure, data.cap) > data.start
    return Tenures(data.tenure[keep], data.start[keep], data.reason[keep], data.provider[keep],
                   data.attributes[keep], data.cap[keep], data.provider_ids,
                   data.attribute_names, data.attribute_values,
                   None if data.ended_at_cap is None else data.ended_at_cap[keep])


def _band_edges(cap: float, width: float) -> np.ndarray:
    edges = np.arange(0.0, cap, width)
    return np.append(edges, cap)


def _fit_reason(data: Tenures, exposure: np.ndarray, event: np.ndarray, name: str,
                min_events: int, level: float, edges: np.ndarray) -> ReasonFit:
    prov_levels = _levels(data.provider, len(data.provider_ids), event, min_events, exposure)
    attr_levels = [_levels(data.attributes[:, a], len(values), event, min_events)
                   for a, values in enumerate(data.attribute_values)]
    grouped = any(len(levels) > 1 for levels in attr_levels)
    prov_levels, apart = _apart(data, exposure, event, prov_levels, min_events, grouped)
    spells = np.bincount(data.provider, minlength=len(data.provider_ids))
    program_from = tuple(data.provider_ids[p] for p in prov_levels[0] if spells[p])
    inverse, groups, design = _design(data, prov_levels, attr_levels)
    y = np.bincount(inverse, weights=event, minlength=len(design))
    e = np.bincount(inverse, weights=exposure, minlength=len(design))
    aliased = _aliased(data, design[e > 0], y[e > 0], prov_levels, attr_levels, groups)
    if aliased:
        attr_levels = [_pooled(levels, [j for b, j in aliased if b == a])
                       for a, levels in enumerate(attr_levels)]
        inverse, groups, design = _design(data, prov_levels, attr_levels)
        y = np.bincount(inverse, weights=event, minlength=len(design))
        e = np.bincount(inverse, weights=exposure, minlength=len(design))
    labels = [name, *(data.provider_ids[p[0]] for p in prov_levels[1:])]
    if groups:
        from scipy import stats

        beta, cov = _poisson_mle(design, y, e, len(labels))
        z = stats.norm.ppf(0.5 + level / 2)
        wald = [_wald(label, design[:, k] > 0, y, e, beta[k], np.sqrt(cov[k, k]), z)
                for k, label in enumerate([*labels, *(
                    data.attribute_values[a][attr_levels[a][j][0]] for a, j in groups)])]
        in_reference = design[:, len(labels):].sum(axis=1) == 0
        estimates = [replace(est, reference=(int(y[rows].sum()), float(e[rows].sum())))
                     for est, rows in ((est, (design[:, k] > 0) & in_reference)
                                       for k, est in enumerate(wald[:len(labels)]))]
        factors = wald[len(labels):]
        cell_rate = np.exp(design @ beta)
    else:
        estimates, factors = [], []
        for k, label in enumerate(labels):
            rows = design[:, k] > 0
            d, x = int(y[rows].sum()), float(e[rows].sum())
            estimates.append(Estimate(label, d, x, d / x if x > 0 else 0.0,
                                      *garwood(d, x, level), "exact Poisson"))
        cell_rate = design @ np.array([est.value for est in estimates])
    rate = cell_rate[inverse]
    modifiers = tuple(Modifier(data.attribute_names[a], est.label, est)
                      for (a, _), est in zip(groups, factors, strict=True))
    pooled = {data.attribute_names[a]: tuple(data.attribute_values[a][v] for v in levels[0])
              for a, levels in enumerate(attr_levels)}
    return ReasonFit(
        reason=name, program=estimates[0], program_from=program_from,
        providers={est.label: est for est in estimates[1:]}, modifiers=modifiers,
        pooled_attributes=pooled, rate=rate,
        bands=_band_test(data.start, data.start + exposure, event, rate, edges),
        aliased=tuple(aliased.values()), apart=apart)


def _design(data: Tenures, prov_levels: list[tuple[int, ...]],
            attr_levels: list[list[tuple[int, ...]]]
            ) -> tuple[np.ndarray, list[tuple[int, int]], np.ndarray]:
    """Each spell's cell, the groups with a factor (attribute, level), and the design
    on the distinct cells: one column per provider level (the first the program's),
    then one per group."""
    keys = np.stack([_level_of(prov_levels, len(data.provider_ids))[data.provider]]
                    + [_level_of(levels, len(data.attribute_values[a]))[data.attributes[:, a]]
                       for a, levels in enumerate(attr_levels)], axis=1)
    cells, inverse = _cells(keys, [len(prov_levels), *(len(lv) for lv in attr_levels)])
    groups = [(a, j) for a, levels in enumerate(attr_levels) for j in range(1, len(levels))]
    design = np.concatenate(
        [cells[:, :1] == np.arange(len(prov_levels))[None, :]]
        + [cells[:, [1 + a]] == j for a, j in groups], axis=1).astype(float)
    return inverse, groups, design


def _aliased(data: Tenures, design: np.ndarray, events: np.ndarray,
             prov_levels: list[tuple[int, ...]], attr_levels: list[list[tuple[int, ...]]],
             groups: list[tuple[int, int]]) -> dict[tuple[int, int], Aliased]:
    """The groups the spells do not tell apart from the provider levels and the groups
    kept before them (``design`` and ``events`` on the cells with exposure), each named
    with the kept levels it goes with: a column the kept ones span (a value found at one
    provider only: the same spells), or one whose factor and theirs the likelihood
    would drive to 0 and infinity (its events all in cells where a kept level has no
    other events). Either way the information matrix turns singular, and no finite
    estimate exists for both."""
    names = [data.provider_ids[prov_levels[0][0]] if len(prov_levels[0]) == 1
             else "the pooled providers",
             *(data.provider_ids[p[0]] for p in prov_levels[1:]),
             *(f"{data.attribute_names[a]} {data.attribute_values[a][attr_levels[a][j][0]]}"
               for a, j in groups)]
    kept = list(range(len(prov_levels)))
    out = {}
    for k, (a, j) in enumerate(groups, start=len(prov_levels)):
        x = design[:, [*kept, k]]
        if np.linalg.matrix_rank(x) <= len(kept):
            weights = np.linalg.lstsq(design[:, kept], design[:, k], rcond=None)[0]
        elif (direction := _separation(x, events)) is not None:
            weights = direction[:-1]
        else:
            kept.append(k)
            continue
        like = tuple(names[c] for c, w in zip(kept, weights, strict=True) if abs(w) > 1e-9)
        value = data.attribute_values[a][attr_levels[a][j][0]]
        out[(a, j)] = Aliased(data.attribute_names[a], value, like)
    return out


def _separation(x: np.ndarray, events: np.ndarray) -> np.ndarray | None:
    """A direction d along which the Poisson likelihood rises without end, or ``None``
    when the estimate is finite: x d = 0 on the cells with events and x d <= 0, not all
    0, on the others (Haberman's condition; ``x`` of full column rank). Found by a
    linear program that pushes the cells without events down, each by at most 1."""
    from scipy.optimize import linprog

    hit, rest = x[events > 0], x[events == 0]
    if not len(rest):
        return None
    found = linprog(rest.sum(axis=0), A_ub=np.vstack([rest, -rest]),
                    b_ub=np.r_[np.zeros(len(rest)), np.ones(len(rest))],
                    A_eq=hit if len(hit) else None, b_eq=np.zeros(len(hit)) if len(hit) else None,
                    bounds=[(None, None)] * x.shape[1], method="highs")
    return found.x if found.status == 0 and found.fun < -1e-9 else None


def _pooled(levels: list[tuple[int, ...]], join: list[int]) -> list[tuple[int, ...]]:
    """A factor's levels with the levels ``join`` moved into the reference."""
    reference = tuple(sorted([*levels[0], *(c for j in join for c in levels[j])]))
    return [reference, *(lv for j, lv in enumerate(levels) if j and j not in join)]


def _cells(keys: np.ndarray, sizes: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``keys`` and each row's cell, through one integer per row
    (much faster than ``np.unique(axis=0)`` on many spells)."""
    if np.prod(np.asarray(sizes, dtype=float)) < 2.0**62:
        flat, inverse = np.unique(np.ravel_multi_index(keys.T, sizes), return_inverse=True)
        return np.stack(np.unravel_index(flat, sizes), axis=1), inverse.ravel()
    cells, inverse = np.unique(keys, axis=0, return_inverse=True)
    return cells, inverse.ravel()


def _level_of(levels: list[tuple[int, ...]], n: int) -> np.ndarray:
    """Each code's level index."""
    of = np.zeros(n, dtype=np.int64)
    for k, codes in enumerate(levels):
        of[list(codes)] = k
    return of


def _apart(data: Tenures, exposure: np.ndarray, event: np.ndarray,
           levels: list[tuple[int, ...]], min_events: int, grouped: bool
           ) -> tuple[list[tuple[int, ...]], tuple[Apart, ...]]:
    """The pooled providers whose own exact interval (at ``APART_LEVEL``) excludes the
    pooled rate, each its own level (``Apart.split``) or only named. The pool keeps at
    least one provider with exposure (the one with the most spells: the pool's rate is
    then its own, nothing to name). With group factors
    (``grouped``) a level needs events for a finite estimate in the Poisson model: a
    provider without events stays pooled, and so does the one with the most spells of
    those with events where the pool would otherwise have none."""
    n = len(data.provider_ids)
    d = np.bincount(data.provider[event], minlength=n)
    x = np.bincount(data.provider, weights=exposure, minlength=n)
    spells = np.bincount(data.provider, minlength=n)
    pool = [c for c in levels[0] if x[c] > 0]
    if len(pool) < 2:
        return levels, ()
    rate = d[pool].sum() / x[pool].sum()
    found = {c: Estimate(data.provider_ids[c], int(d[c]), float(x[c]), d[c] / x[c],
                         *garwood(int(d[c]), float(x[c]), APART_LEVEL), "exact Poisson")
             for c in pool}
    found = {c: est for c, est in found.items() if not est.low <= rate <= est.high}
    own = [c for c in found if d[c] > 0 or not grouped]
    if len(own) == len(pool):  # the pool keeps one, whose own rate it then is
        kept = max(own, key=lambda c: spells[c])
        own.remove(kept)
        del found[kept]
    if grouped and own and not d[[c for c in pool if c not in own]].sum():
        own.remove(max(own, key=lambda c: spells[c]))  # named: the pool mixes it with 0
    apart = tuple(Apart(est.label, est, float(rate), c in own,
                        _why_pooled(d, x, c, min_events), int(d[pool].sum() - d[c]))
                  for c, est in found.items())
    if not own:
        return levels, apart
    rest = tuple(c for c in levels[0] if c not in own)
    return [rest, *levels[1:], *((c,) for c in own)], apart


def _why_pooled(events: np.ndarray, exposure: np.ndarray, c: int, min_events: int) -> str:
    """Why ``_levels`` pooled provider ``c`` (``Apart.why``): too few events; else a rate
    the test did not set apart; else (it was its own level) the pooled rest had too few
    events, and it joined them as the provider with the most spells."""
    if events[c] < min_events:
        return "few"
    return "rest" if _differs(events, exposure, c) else "alike"


def _levels(codes: np.ndarray, n: int, event: np.ndarray, min_events: int,
            exposure: np.ndarray | None = None) -> list[tuple[int, ...]]:
    """Levels of a factor: ``[reference (pooled) codes, (own code,), ...]``. A code is
    its own level with ``min_events`` events and, given ``exposure`` (providers), only if
    its rate differs from the other codes' (``_differs``): a count alone splits off the
    codes whose events happened to be many and biases the pooled rest down. The pooled
    rest must have ``min_events`` too, else the own level with the most spells joins it
    (spells, not exposure: the level with more exposure tends to be the one whose exits
    happened to be rarer, which would bias the reference's hazard down)."""
    events = np.bincount(codes[event], minlength=n)
    spells = np.bincount(codes, minlength=n)
    own = [c for c in range(n) if events[c] >= min_events]
    if exposure is not None:
        x = np.bincount(codes, weights=exposure, minlength=n)
        own = [c for c in own if _differs(events, x, c)]
    rest = [c for c in range(n) if c not in own]
    if own and events[rest].sum() < min_events:
        largest = max(own, key=lambda c: spells[c])
        own.remove(largest)
        rest.append(largest)
    if not own:
        rest = list(range(n))
    return [tuple(sorted(rest)), *((c,) for c in own)]


def _differs(events: np.ndarray, exposure: np.ndarray, c: int) -> bool:
    """Whether code ``c``'s rate differs from all other codes' at ``SPLIT_LEVEL``: the
    exact conditional test (given all events, c's are binomial with c's share of the
    exposure when the rates are equal; two-sided). With no other exposure there is
    nothing to differ from."""
    from scipy import stats

    total = exposure.sum()
    if exposure[c] >= total:
        return True
    test = stats.binomtest(int(events[c]), int(events.sum()), float(exposure[c] / total))
    return bool(test.pvalue < 1.0 - SPLIT_LEVEL)


class NoEstimate(ValueError):
    """The Poisson fit found no finite maximum-likelihood estimate (a factor running off
    to 0 or infinity that the checks before the fit did not pool)."""


MAX_LOG_MEAN = 700.0
"""A cell's log expected exits above this is refused as a step, not computed: exp(709)
overflows a float, and a log-likelihood of inf would end the fit in NaN."""


def _poisson_mle(design: np.ndarray, events: np.ndarray, exposure: np.ndarray,
                 levels: int) -> tuple[np.ndarray, np.ndarray]:
    """Poisson regression log(mu) = X beta + log(exposure) on cells by Newton's method,
    from the crude log rates (each column's cells against the rest; ``levels``: the
    level columns), each step halved until the log-likelihood rises: a full step from
    a factor of 1 to one of 84 would overflow exp. Returns beta and its covariance
    (the inverse of the information); ``NoEstimate`` when it does not converge."""
    keep = exposure > 0
    x, y, log_e = design[keep], events[keep], np.log(exposure[keep])
    beta = _crude_start(x, y, np.exp(log_e), levels)
    best = _log_likelihood(x, y, log_e, beta)
    for _ in range(200):
        mu = np.exp(x @ beta + log_e)
        gradient, information = x.T @ (y - mu), x.T @ (x * mu[:, None])
        try:
            step = np.linalg.solve(information, gradient)
        except np.linalg.LinAlgError:
            break
        if np.max(np.abs(step)) < 1e-10:
            return beta + step, np.linalg.inv(information)
        for _ in range(60):  # halve until the likelihood rises (concave: it will)
            tried = _log_likelihood(x, y, log_e, beta + step)
            if tried >= best:
                break
            step = step / 2
        else:
            break  # no step raises it: as far as floats go, at the maximum
        beta, best = beta + step, tried
    mu = np.exp(x @ beta + log_e)
    information = x.T @ (x * mu[:, None])
    if np.linalg.matrix_rank(information) == len(beta):
        step = np.linalg.solve(information, x.T @ (y - mu))
        if np.max(np.abs(step)) < 1e-6:
            return beta, np.linalg.inv(information)
    raise NoEstimate("the Poisson fit of the group factors finds no finite estimate")


def _crude_start(x: np.ndarray, y: np.ndarray, e: np.ndarray, levels: int) -> np.ndarray:
    """A start near the estimate: each level column at its cells' log rate, each group
    column at the log ratio of its cells' rate to the rest's (half an event added to a
    side without events, so every start is finite)."""
    start = np.zeros(x.shape[1])
    for k in range(x.shape[1]):
        on = x[:, k] > 0
        rate = (y[on].sum() + 0.5 * (y[on].sum() == 0)) / e[on].sum()
        if k < levels:
            start[k] = np.log(rate)
        elif (~on).any():
            rest = (y[~on].sum() + 0.5 * (y[~on].sum() == 0)) / e[~on].sum()
            start[k] = np.log(rate / rest)
    return start


def _log_likelihood(x: np.ndarray, y: np.ndarray, log_e: np.ndarray,
                    beta: np.ndarray) -> float:
    """The Poisson log-likelihood (without its constant), -inf where a cell's log mean
    exceeds ``MAX_LOG_MEAN`` (not computed, so nothing overflows)."""
    eta = x @ beta + log_e
    if not np.all(eta <= MAX_LOG_MEAN):
        return -np.inf
    return float(y @ eta - np.exp(eta).sum())


def _wald(label: str, rows: np.ndarray, events: np.ndarray, exposure: np.ndarray,
          log: float, se: float, z: float) -> Estimate:
    """exp(log) (a level's hazard or a group's factor) with a Wald interval on the log
    scale; events and exposure are those of the cells in ``rows``."""
    return Estimate(label, int(events[rows].sum()), float(exposure[rows].sum()),
                    float(np.exp(log)), float(np.exp(log - z * se)), float(np.exp(log + z * se)),
                    "likelihood (Wald, log scale)")


def _band_test(start: np.ndarray, stop: np.ndarray, event: np.ndarray, rate: np.ndarray,
               edges: np.ndarray) -> BandTest:
    """Exits per tenure band, observed and expected, and the likelihood-ratio test of one
    multiplier per band on the fitted hazards (the fitted levels held; df = bands - 1)."""
    from scipy import stats

    lower, upper = edges[:-1], edges[1:]
    in_band = (np.clip(stop[:, None], lower, upper)
               - np.clip(start[:, None], lower, upper))  # [spells, bands]
    band_exposure = in_band.sum(axis=0)
    # An exit at tenure t ends exposure that runs up to t: it belongs to the band (a, b]
    # holding its last month, so an exit at exactly 6 months is one of band 0-6.
    band = np.clip(np.searchsorted(edges, stop, side="left") - 1, 0, len(lower) - 1)
    observed = np.bincount(band[event], minlength=len(lower)).astype(float)
    expected = (in_band * rate[:, None]).sum(axis=0)
    used = band_exposure > 0
    o, x = observed[used], expected[used]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(o > 0, o * np.log(o / x), 0.0) - (o - x)
    statistic = float(2 * terms.sum()) if np.all(x > 0) else 0.0
    df = int(used.sum()) - 1
    # one band with exposure tests nothing: no p-value, not a p of 1 read as a pass
    p_value = float(stats.chi2.sf(statistic, df)) if df > 0 else None
    return BandTest(edges, band_exposure, observed, expected, statistic, df, p_value)


def aalen_johansen(start: np.ndarray, stop: np.ndarray, reason: np.ndarray,
                   grid: np.ndarray, codes: tuple[int, ...]) -> dict[int, np.ndarray]:
    """Cumulative incidence of each reason code at the ``grid`` tenures (Aalen-Johansen):
    F_r(t) = sum over exit times s <= t of S(s-) d_r(s) / n(s), where S is the Kaplan-Meier
    survival of all causes and n(s) the spells at risk at s: observed from before s
    (``start < s``) and not yet gone (``stop >= s``). Spells ending with any other code
    are censored at ``stop``."""
    exits = np.isin(reason, codes)
    times = np.unique(stop[exits])
    at_risk = (np.searchsorted(np.sort(start), times, side="left")
               - np.searchsorted(np.sort(stop), times, side="left"))
    deaths = {c: np.bincount(np.searchsorted(times, stop[reason == c]), minlength=times.size)
              for c in codes}
    survival = np.cumprod(1.0 - sum(deaths.values()) / at_risk)
    before = np.concatenate([[1.0], survival[:-1]])
    position = np.searchsorted(times, grid, side="right")  # exit times <= grid point
    return {c: np.concatenate([[0.0], np.cumsum(before * deaths[c] / at_risk)])[position]
            for c in codes}


def _incidence(data: Tenures, stop: np.ndarray, reason: np.ndarray,
               fits: dict[str, ReasonFit]) -> Incidence:
    """Observed (Aalen-Johansen) and fitted cumulative incidence on a tenure grid up to
    the largest maximum duration, both without a cap: the observed curve takes a spell's
    maximum as censoring (it estimates the exits had the spell gone on), so the fitted
    one lets every spell's hazards run on past its own maximum too. Stopping them there
    showed a misfit that is not in the data wherever spells have shorter maxima
    (returners, providers' own ``max_months``). The observed curve ends at the longest
    tenure observed, where the data end (NaN after it)."""
    until = float(stop.max())
    grid = np.union1d(np.linspace(0.0, float(data.cap.max()), 241), [until])
    observed = aalen_johansen(data.start, stop, reason, grid, tuple(REASONS.values()))
    # The fitted curve depends on a spell only through its hazards: average over the
    # distinct combinations, weighted by their spells (a handful, however many spells).
    rates = np.stack([fit.rate for fit in fits.values()], axis=1)
    cells, count = np.unique(rates, axis=0, return_counts=True)
    total = cells.sum(axis=1)
    reached = -np.expm1(-total[:, None] * grid[None, :])  # [cells, grid]
    fitted = {}
    for k, name in enumerate(fits):
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(total > 0, cells[:, k] / total, 0.0)
        fitted[name] = (count * share) @ reached / count.sum()
    return Incidence(grid, {name: np.where(grid <= until, observed[code], np.nan)
                            for name, code in REASONS.items()}, fitted, until)

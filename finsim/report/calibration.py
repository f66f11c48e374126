"""What ``finsim calibrate`` writes: the overlay scenario, the fit by tenure band, the
cumulative incidence chart, and the summary lines for the terminal.

The overlay is written as text, not dumped, so that every fitted value carries its
evidence as a comment: events, exposure, the estimate per month and its interval.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis.calibrate import (
    APART_LEVEL,
    SPLIT_LEVEL,
    Aliased,
    Calibration,
    Estimate,
    ReasonFit,
    garwood,
    past_cap_line,
)
from ..nouns import counted, noun
from ..scenario import Problem, Scenario, ScenarioError
from . import charts
from .labels import CODES, attribute_label, attribute_value

UNCERTAINTY_LEVEL = 0.99
"""The interval whose ends bound each drawn hazard. A pert distribution on the 99 %
interval, with its mean at the estimate, has a 90 % range within 8 % of the exact
90 % interval for 10 events or more, its upper end inside it (narrower with fewer)."""


def _q(text: str) -> str:
    """A YAML scalar that stays a string (JSON is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


BELOW_ONE = float(np.nextafter(1.0, 0.0))
"""The largest monthly probability the overlay writes: a hazard must be below 1, and
spells of a day or two give p = 1 - exp(-31) and upper ends that round to 1."""


def _p(rate: float) -> float:
    return min(float(-np.expm1(-rate)), BELOW_ONE)


def _prob(est: Estimate) -> str:
    """A fitted probability as written: below 1, however short the spells."""
    return _texts(_p(est.value))[0]


def _texts(*values: float) -> list[str]:
    """``values`` in ``.6g``, near 1 with as many more digits as keep six of 1 - p (so
    the hazard -ln(1 - p)), each below 1 that is, and the unequal ones unequal: ``.6g``
    wrote 0.99999981 as 1, and the ends of a pert near 1 as one number."""
    near = [int(-np.log10(1 - v)) if 0 <= v < 1 else 0 for v in values]
    for more in range(12):
        texts = [f"{v:.{min(6 + n + more, 17)}g}" for v, n in zip(values, near, strict=True)]
        read = [float(t) for t in texts]
        if (all(r < 1 for r, v in zip(read, values, strict=True) if v < 1)
                and len(set(read)) == len(set(values))):
            return texts
    return [repr(v) for v in values]


def _events(n: int) -> str:
    return counted(n, "event", "events")


def _spells(n: int) -> str:
    return counted(n, "spell", "spells")


LEFT_OUT = "left out, observed for no time"
NO_BAND_TEST = ("no test: the exposure lies in one tenure band, with nothing to compare it "
                "with (a smaller --band-months makes more bands)")
"""The band test's line where it has no degrees of freedom: a p of 1 would read as a
constant hazard passed."""
"""What the spells ``Calibration.unobserved`` counts are, in the summary, the overlay
and (translated) the page: a spell count below the file's lines must say why."""


def left_out(cal: Calibration) -> str:
    """"left out, observed for no time: 1 spell entered on the end of the data", or ""."""
    if not cal.unobserved:
        return ""
    return f"{LEFT_OUT}: " + ", ".join(f"{_spells(n)} {why}"
                                       for why, n in cal.unobserved.items())


def pct(level: float) -> str:
    return f"{level * 100:g} %"


def reference_group(fit: ReasonFit, lang: str = CODES) -> str:
    """The groups a level's hazard is the rate of, when group factors were fitted:
    ``sex: male, not_stated; age: 25-49, 60-65`` (each attribute with a factor, its
    values left in the reference); empty without factors. A German page names the
    shipped attributes as monitoring.md does (``Geschlecht: männlich, keine Angabe``)."""
    fitted = dict.fromkeys(m.attribute for m in fit.modifiers)
    return "; ".join(f"{attribute_label(a, lang)}: "
                     + ", ".join(attribute_value(a, v, lang) for v in fit.pooled_attributes[a])
                     for a in fitted)


def _evidence(est: Estimate, level: float, factor: bool = False, group: str = "") -> str:
    what = "factor" if factor else "hazard"
    unit = "" if factor else "/month"
    interval = f"{pct(level)} interval {est.low:.6g}-{est.high:.6g} ({est.method})"
    if est.reference is not None and group:
        events, exposure = est.reference
        return (f"reference-group hazard ({group}) {est.value:.6g}{unit}, fitted with the "
                f"group factors; the group: {_events(events)} / {exposure:,.1f} "
                f"person-months; {interval}")
    return (f"{what} {est.value:.6g}{unit} from {_events(est.events)} / {est.exposure:,.1f} "
            f"person-months; {interval}")


def cautions(cal: Calibration) -> list[tuple[str, dict]]:
    """What a reader of the fit must not miss, as (kind, fields): a provider told apart
    from the pool with few events (``split``; ``split_grouped`` with group factors, where
    its value in the table, ``fitted`` and its probability ``p``, is the Poisson model's
    for the reference group, not its observed rate), one left in a pool it clearly
    differs from (``masked``), a hazard of 0 written from no events (``zero``, its upper
    bound as a monthly probability), and a program value from fewer than --min-events
    events (``thin``). Rendered by ``caution_line`` here and by the page in its
    language."""
    out: list[tuple[str, dict]] = []
    for reason, fit in cal.fits.items():
        for ap in fit.apart:
            fields = {"reason": reason, "provider": ap.provider, "events": ap.own.events,
                      "exposure": ap.own.exposure, "value": ap.own.value, "low": ap.own.low,
                      "high": ap.own.high, "pooled": ap.pooled, "why": ap.why,
                      "rest": ap.rest_events}
            fitted = fit.providers.get(ap.provider) if ap.split else None
            if fitted is not None and fitted.reference is not None:
                out.append(("split_grouped", {**fields, "fitted": fitted.value,
                                              "p": _p(fitted.value)}))
            else:
                out.append(("split" if ap.split else "masked", fields))
        for where, est in [("", fit.program), *fit.providers.items()]:
            if est.events == 0:
                out.append(("zero", {"reason": reason, "provider": where,
                                     "exposure": est.exposure, "high": _p(est.high)}))
        if 0 < fit.program.events < cal.min_events:
            out.append(("thin", {"reason": reason, "events": fit.program.events}))
    return out


def caution_line(kind: str, f: dict, cal: Calibration) -> str:
    """One caution (``cautions``) in English."""
    level, m, apart = pct(cal.level), _events(cal.min_events), pct(APART_LEVEL)
    where = f"at {f['provider']}" if f.get("provider") else "of the program"
    if kind == "split":
        return (f"{f['reason']} at {f['provider']}: own value {f['value']:.6g}/month from "
                f"{_events(f['events'])} / {f['exposure']:,.1f} person-months "
                f"({_why_pooled(f, cal)}): its {apart} interval {f['low']:.6g}-"
                f"{f['high']:.6g} excludes the pooled {f['pooled']:.6g}/month it would "
                "otherwise get")
    if kind == "split_grouped":
        return (f"{f['reason']} at {f['provider']}: own value, fitted with the group "
                f"factors, {f['fitted']:.6g}/month (p = {f['p']:.5f}) for the reference "
                f"group ({reference_group(cal.fits[f['reason']])}); its "
                f"{_events(f['events'])} / {f['exposure']:,.1f} person-months "
                f"({_why_pooled(f, cal)}) give {f['value']:.6g}/month observed, whose "
                f"{apart} interval {f['low']:.6g}-{f['high']:.6g} excludes the pooled "
                f"{f['pooled']:.6g}/month it would otherwise get")
    if kind == "masked":
        return (f"{f['reason']} at {f['provider']}: pooled, but its own "
                f"{_events(f['events'])} / {f['exposure']:,.1f} person-months give "
                f"{f['value']:.6g}/month ({apart} interval {f['low']:.6g}-{f['high']:.6g}), "
                f"which excludes the pooled {f['pooled']:.6g}/month; with group factors a "
                "provider without events has no finite value of its own, and the pool must "
                "keep one with events: read its forecast with care, or calibrate without the "
                "group columns, or on this provider's spells alone")
    if kind == "zero":
        return (f"{f['reason']} {where}: no event in {f['exposure']:,.1f} person-months, so "
                f"p = 0/month (its {level} upper bound p = {f['high']:.5f}/month); check "
                "that the file's exits are complete")
    return (f"{f['reason']}: the program's value rests on {_events(f['events'])}, fewer "
            f"than {m}: its interval is wide")


def _why_pooled(f: dict, cal: Calibration) -> str:
    """Why a split provider was pooled before the 99 % rule told it apart (``Apart.why``)."""
    if f["why"] == "rest":
        return (f"pooled first: the other providers' {_events(f['rest'])} are fewer than "
                f"{cal.min_events}, too few for a pool of their own")
    if f["why"] == "alike":
        return "pooled first: the test at 1 % did not set it apart from the other providers"
    return f"fewer than {_events(cal.min_events)}"


def aliased_note(al: Aliased) -> str:
    """Why a group with enough events has no factor of its own."""
    return (f"{al.attribute} {al.value} pooled: its spells do not tell it apart from "
            f"{', '.join(al.like)}")


def _which(fit: ReasonFit, scn: Scenario) -> str:
    if set(fit.program_from) == set(scn.provider_ids):
        return "pooled over all providers"
    return f"pooled over {', '.join(fit.program_from)}"


def _wide(est: Estimate, level: float) -> tuple[float, float]:
    """The hazard's (or factor's) interval at UNCERTAINTY_LEVEL, by the estimate's method:
    exact Poisson again, or the Wald interval widened on the log scale."""
    if est.method == "exact Poisson":
        return garwood(est.events, est.exposure, UNCERTAINTY_LEVEL)
    from scipy import stats

    z, wide = stats.norm.ppf(0.5 + level / 2), stats.norm.ppf(0.5 + UNCERTAINTY_LEVEL / 2)
    half = (np.log(est.high) - np.log(est.low)) / 2 * wide / z
    return float(est.value * np.exp(-half)), float(est.value * np.exp(half))


def pert_values(est: Estimate, level: float, factor: bool = False
                ) -> tuple[float, float, float, bool]:
    """low, mode, high of the pert a value is drawn from, and whether its mean is the
    estimate. The ends are the UNCERTAINTY_LEVEL interval's; the mode is put where the
    mean (low + 4 mode + high) / 6 is the estimate, so that drawing leaves the mean of a
    run on the fit. With few events that mode would lie below the low end: then it is
    the low end, and the mean lies above the estimate (``False``); near p = 1 (spells of
    days) it would lie above the high end: then it is the high end (``False``)."""
    low, high = _wide(est, level)
    convert = (lambda x: x) if factor else _p
    value, low, high = convert(est.value), convert(low), convert(high)
    mode = (6 * value - low - high) / 4
    return low, min(max(mode, low), high), high, low <= mode <= high


class TooShort(Exception):
    """Spells so short that a drawn hazard's whole interval is a probability of 1."""


def _pert(est: Estimate, level: float, factor: bool = False) -> str:
    low, mode, high = _texts(*pert_values(est, level, factor)[:3])
    return f"{{dist: pert, low: {low}, mode: {mode}, high: {high}}}"


def _draw(path: str, est: Estimate, level: float, note: str,
          factor: bool = False) -> tuple[str, str, str]:
    """An uncertainty entry: its path, the pert, and a note that says where its mean is
    not the estimate."""
    low, mode, high, centred = pert_values(est, level, factor)
    if not low < high:
        raise TooShort(f"{note}: {_events(est.events)} in {est.exposure:,.2f} person-months "
                       "give a monthly probability of 1 at both ends of its interval, and "
                       "finsim's hazards are below 1")
    if not centred:
        mean = (low + 4 * mode + high) / 6
        value = est.value if factor else est.probability
        why = "too few events" if mode == low else "a probability near 1"
        end = "low" if mode == low else "high"
        note += (f"; {why} for a mean at the estimate: mode at the {end} end, mean "
                 f"{mean:.6g} ({mean / value:.2f} x the estimate)" if value > 0 else
                 f"; no event: mode at 0, mean {mean:.6g} (the estimate is 0)")
    return path, _pert(est, level, factor), note


def overlay_yaml(cal: Calibration, scn: Scenario, base: str, spells: str,
                 as_of: str, source: str = "") -> str:
    """The overlay scenario: ``base``, the fitted hazards, modifiers and provider
    overrides, and an ``uncertainty`` block from the intervals. ``source`` names the
    scenario file in messages."""
    try:
        return _overlay_yaml(cal, scn, base, spells, as_of, source)
    except TooShort as err:
        raise ScenarioError([Problem(spells, "", str(err), show_value=False, hint=(
            "check their entry and exit dates, or leave such short spells out of the "
            "file"))]) from None


def _overlay_yaml(cal: Calibration, scn: Scenario, base: str, spells: str,
                  as_of: str, source: str) -> str:
    level = cal.level
    fits = cal.fits
    lines = [
        f"# Exit hazards fitted by `finsim calibrate` to {spells} ({_spells(cal.spells)}, "
        f"{cal.exposure:,.1f} person-months, data until {as_of}).",
        *([f"# {left_out(cal)[0].upper()}{left_out(cal)[1:]}."] if cal.unobserved else []),
        "# Constant competing hazards per reason: events / exposure (with group factors, "
        "a Poisson",
        "# model's hazard of the reference groups, named at each value), censored at the "
        "data's end,",
        "# at the maximum duration and (unless counted as dropout) at other exits. Each "
        "value is",
        "# finsim's monthly probability p = 1 - exp(-hazard). A provider or group has its "
        "own",
        f"# value where it has at least {_events(cal.min_events)} of that reason (a "
        f"provider also a rate that",
        f"# differs from the other providers' at {pct(1 - SPLIT_LEVEL)}, exact test); the "
        "rest is pooled.",
        *(f"# WARNING: {past_cap_line(late)}" for late in cal.past_cap),
        *(f"# WARNING: {caution_line(kind, f, cal)}" for kind, f in cautions(cal)),
        f"name: {_q(scn.name + ' (calibrated)')}",
        f"base: {_q(base)}",
        "employment:",
        "  hazards:",
    ]
    uncertainty = []
    for reason, fit in fits.items():
        lines.append(f"    {reason}: {_prob(fit.program)}  # "
                     f"{_evidence(fit.program, level, group=reference_group(fit))}; "
                     f"{_which(fit, scn)}")
        uncertainty.append(_draw(f"employment.hazards.{reason}", fit.program, level,
                                 f"{reason}, {_which(fit, scn)}"))
    lines += _modifier_lines(fits, level, uncertainty)
    lines += _provider_lines(fits, scn, level, uncertainty)
    _check_base_draws(scn, {path for path, _, _ in uncertainty}, source or base,
                      set(next(iter(fits.values())).pooled_attributes))
    lines.append("uncertainty:")
    lines += [f"  # pert between the ends of the {pct(UNCERTAINTY_LEVEL)} interval, its mode "
              "set so that its mean is the estimate",
              "  # (mode = (6 estimate - low - high) / 4): a run's mean stays on the fit. From "
              "10 events on",
              "  # its 90 % range lies within 8 % of the exact 90 % interval, the upper end "
              "inside it; with",
              "  # fewer events it is narrower. Each is drawn independently."]
    lines += [f"  {path}: {dist}  # {note}" for path, dist, note in uncertainty]
    return "\n".join(lines) + "\n"


def _modifier_lines(fits: dict[str, ReasonFit], level: float,
                    uncertainty: list[tuple[str, str, str]]) -> list[str]:
    groups: dict[tuple[str, str], dict[str, Estimate]] = {}
    for reason, fit in fits.items():
        for mod in fit.modifiers:
            groups.setdefault((mod.attribute, mod.value), {})[reason] = mod.factor
    aliased = [f"  # {reason}: {aliased_note(al)}"
               for reason, fit in fits.items() for al in fit.aliased]
    if not groups:
        names = ", ".join(next(iter(fits.values())).pooled_attributes) or "none in the data"
        return ["  # No group has enough events of its own (and as many in the rest), or",
                f"  # spells of its own, for a factor: hazards pooled over the attributes "
                f"({names}).", *aliased, "  modifiers: []"]
    pooled = {reason: ", ".join(f"{a} ({', '.join(v)})" for a, v in fit.pooled_attributes.items())
              for reason, fit in fits.items()}
    lines = [f"  # reference groups (factor 1): {r}: {p or 'none'}" for r, p in pooled.items()]
    lines += aliased
    lines.append("  modifiers:")
    for k, ((attribute, value), by_reason) in enumerate(groups.items()):
        lines.append(f"    - when: {{{attribute}: {_q(value)}}}")
        for reason in fits:
            est = by_reason.get(reason)
            if est is None:
                lines.append(f"      {reason}: 1.0  # too few events for a factor: pooled")
                continue
            lines.append(f"      {reason}: {est.value:.6g}  # {_evidence(est, level, True)}")
            uncertainty.append(_draw(f"employment.modifiers.{k}.{reason}", est, level,
                                     f"{reason} factor of {attribute} {value}", factor=True))
    return lines


def _provider_lines(fits: dict[str, ReasonFit], scn: Scenario, level: float,
                    uncertainty: list[tuple[str, str, str]]) -> list[str]:
    """Providers with their own hazard, and providers whose own rules in the base must be
    reset to the program's (``null`` keeps the program's value)."""
    lines = []
    for provider in scn.providers:
        patch = provider.employment
        own = {r: fit.providers.get(provider.id) for r, fit in fits.items()}
        resets = patch is not None and (patch.hazards is not None or patch.modifiers is not None)
        if not any(own.values()) and not resets:
            continue
        lines += [f"  - id: {_q(provider.id)}", "    employment:", "      hazards:"]
        for reason, est in own.items():
            drawn = f"providers.{provider.id}.employment.hazards.{reason}"
            if est is None and drawn in scn.uncertainty:  # the base draws it: set, redraw
                program = fits[reason].program
                lines.append(f"        {reason}: {_prob(program)}  # pooled: the "
                             "program's value (the base draws this one)")
                uncertainty.append(_draw(drawn, program, level, f"{reason}, pooled"))
                continue
            if est is None:
                lines.append(f"        {reason}: null  # pooled: the program's")
                continue
            group = reference_group(fits[reason])
            lines.append(f"        {reason}: {_prob(est)}  # "
                         f"{_evidence(est, level, group=group)}")
            uncertainty.append(_draw(f"providers.{provider.id}.employment.hazards.{reason}",
                                     est, level, f"{reason} at {provider.id}"))
        if patch is not None and patch.modifiers is not None:
            lines.append("      modifiers: null  # the program's (fitted) modifiers")
    return ["providers:", *lines] if lines else []


def _check_base_draws(scn: Scenario, written: set[str], source: str,
                      columns: set[str]) -> None:
    """The overlay replaces the modifiers: a base draw of a modifier it does not write
    again would land on another group, or nowhere. ``columns``: the attributes the spells
    file gives, so the hint names what can fit the group (a column, or --min-events)."""
    problems = []
    for path in scn.uncertainty:
        if ".modifiers." not in f".{path}" or path in written:
            continue
        problems.append(Problem(
            source, f"uncertainty.{path}", "the calibrated overlay replaces the modifiers "
            "with fitted ones, so this draw of the base would apply to another group or none",
            show_value=False, hint=_draw_hint(scn, path, columns)))
    if problems:
        raise ScenarioError(problems)


def _draw_hint(scn: Scenario, path: str, columns: set[str]) -> str:
    """What fits the group a base draws a modifier of: a column the spells file lacks
    (no --min-events can fit it without one), or a lower --min-events."""
    parts = path.split(".")
    k = int(parts[parts.index("modifiers") + 1]) if parts[-3] == "modifiers" else -1
    modifiers = scn.employment.modifiers or []
    missing = sorted(set(modifiers[k].when) - columns) if 0 <= k < len(modifiers) else []
    if missing:
        return (f"remove it from the base's uncertainty block: the spells file has no "
                f"column {', '.join(missing)}, so no group of it can be fitted")
    return ("remove it from the base's uncertainty block, or calibrate with --min-events "
            "low enough to fit this group")


def tenure_table(cal: Calibration) -> pd.DataFrame:
    """Observed and expected exits by tenure band and reason, with the band test. A band
    is two numbers, its edges in months: a text ``6-12`` is a date to a spreadsheet
    (6 December, or 12 June). A band nobody was observed in is left out: its 0 observed
    against 0 expected, beside the test's p-value, read as a fit."""
    rows = []
    for reason, fit in cal.fits.items():
        b = fit.bands
        for k in np.nonzero(b.exposure > 0)[0]:
            rows.append({"reason": reason, "band_from_months": float(b.edges[k]),
                         "band_to_months": float(b.edges[k + 1]),
                         "exposure_months": round(float(b.exposure[k]), 3),
                         "observed": int(b.observed[k]),
                         "expected": round(float(b.expected[k]), 3),
                         "constant_hazard_test_p": None if b.p_value is None
                         else round(b.p_value, 6)})
    return pd.DataFrame(rows)


def incidence_chart(cal: Calibration, path: Path, lang: str) -> None:
    """Observed (Aalen-Johansen) against fitted cumulative incidence, per reason, in the
    reasons' flow colours, legend beside the plot, in ``lang`` as the page
    (``html_calibrate.incidence_png``)."""
    from .html_calibrate import incidence_png

    charts.save(incidence_png(cal, lang), path)


def _whose(est: Estimate, group: str) -> str:
    """With group factors a level's hazard is its reference group's: say so, with the
    group's own events and person-months (the row's events are all groups')."""
    if est.reference is None or not group:
        return ""
    events, exposure = est.reference
    return (f" for the reference group ({group}; its {_events(events)} / {exposure:,.1f} "
            "person-months)")


def summary_lines(cal: Calibration) -> list[str]:
    """What the terminal shows: each hazard, where it comes from, and the band test."""
    lines = [f"{_spells(cal.spells)}, {cal.exposure:,.1f} person-months; censored: "
             + ", ".join(f"{n} {what}" for what, n in cal.censored.items())
             + (f"; {left_out(cal)}" if cal.unobserved else "")]
    for reason, fit in cal.fits.items():
        est = fit.program
        group = reference_group(fit)
        lines.append(f"{reason}: p = {est.probability:.5f}/month{_whose(est, group)} "
                     f"({_events(est.events)}{' in all groups' if group else ''}; "
                     f"{pct(cal.level)} {_p(est.low):.5f}-{_p(est.high):.5f}, {est.method}), "
                     f"{noun(len(fit.program_from), 'provider', 'providers')} "
                     f"{', '.join(fit.program_from)}")
        for pid, own in fit.providers.items():
            lines.append(f"  {pid}: p = {own.probability:.5f}{_whose(own, group)} "
                         f"({_events(own.events)}{' in all groups' if group else ''}; "
                         f"{_p(own.low):.5f}-{_p(own.high):.5f})")
        for mod in fit.modifiers:
            f = mod.factor
            lines.append(f"  {mod.attribute} = {mod.value}: factor {f.value:.3f} "
                         f"({_events(f.events)}; {f.low:.3f}-{f.high:.3f})")
        fitted = {m.attribute for m in fit.modifiers}
        if pooled := [a for a in fit.pooled_attributes if a not in fitted]:
            lines.append(f"  pooled over {', '.join(pooled)} (no group with "
                         f"{_events(cal.min_events)} of its own and as many in the rest)")
        lines += [f"  {aliased_note(al)}" for al in fit.aliased]
        b = fit.bands
        if b.p_value is None:
            lines.append(f"  constant over tenure bands: {NO_BAND_TEST}")
        else:
            verdict = "rejects" if b.rejects else "does not reject"
            lines.append(f"  constant over tenure bands: LR chi2 {b.statistic:.2f}, "
                         f"df {b.df}, p = {b.p_value:.3f} ({verdict} a constant hazard at 5 %)")
    lines += [f"warning: {caution_line(kind, f, cal)}" for kind, f in cautions(cal)]
    return lines

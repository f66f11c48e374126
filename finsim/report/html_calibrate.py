"""``<OUT stem>-report.html`` of ``finsim calibrate``: the fitted hazards, and the fit shown.

The page puts the evidence beside each number: events, exposure, the monthly
probability and its interval, where the value comes from (pooled or a provider's own,
group factors); then the fit itself: observed (Aalen-Johansen) against fitted cumulative
incidence per exit reason, and observed against expected exits by tenure band with the
test of a constant hazard. calibrate fits; it does not simulate: flows and money come
from ``finsim run`` on the overlay, and the page says so.
"""

from __future__ import annotations

import html

import numpy as np

from ..analysis.calibrate import APART_LEVEL, Calibration, Estimate, PastCap, past_cap_line
from ..nouns import counted, listed, noun
from ..scenario import Problem
from .calibration import LEFT_OUT, NO_BAND_TEST, cautions, reference_group
from .charts import tidy
from .html import TEXT, amount, level_words, number, svg, warnings_block, warnings_heading
from .htmlpage import figure, page, table
from .labels import CODES, attribute_label, attribute_value
from .palette import FLOW

WORDS = {
    "de": {
        "title": "Kalibrierung der Austrittsraten",
        "ask": "Welche monatlichen Vermittlungs- und Abbruchraten zeigen die eigenen "
        "Verlaufsdaten des Programms, wie sicher sind sie, und passt ein konstantes Modell?",
        "data": "Daten", "until": "Daten bis",
        "exposure": "Personenmonate", "censored": "zensiert", "level": "Intervalle",
        "hazards": "Geschätzte Raten ({level}-Intervall)", "reason": "Austrittsgrund",
        "where": "Geltung", "events": "Ereignisse", "rate": "Rate je Monat",
        "factor_col": "Faktor", "reference": "Rate der Referenzgruppe ({group})",
        "reference_note": "Mit Gruppenfaktoren ist die Rate einer Zeile die der "
        "Referenzgruppe (in der Zeile genannt), geschätzt im Poisson-Modell mit den "
        "Faktoren; Ereignisse und Personenmonate sind die aller Gruppen der Zeile, die "
        "Rate ist daher nicht ihr Quotient. Die Rate einer Gruppe ist die Rate der "
        "Referenzgruppe mal ihr Faktor.",
        "p": "Wahrscheinlichkeit je Monat", "interval": "{level}-Intervall",
        "method": "Verfahren", "program": "Programm ({providers})",
        "provider": "Träger {provider}", "factor": "Faktor {attribute} = {value}",
        "placement": "Vermittlung", "dropout": "Abbruch",
        "fit": "Kumulierte Inzidenz nach Verweildauer: beobachtet (Aalen-Johansen) und "
        "angepasst (konstante Rate)",
        "observed": "beobachtet", "fitted": "angepasst", "months": "Monate seit Eintritt",
        "incidence": "kumulierte Inzidenz",
        "chart": "Austritte nach Verweildauer: {spells}, {exposure} Personenmonate",
        "bands": "Austritte nach Verweildauer: beobachtet und erwartet",
        "band": "Verweildauer (Monate)", "expected": "erwartet",
        "test": "{reason}: Likelihood-Quotienten-Test auf konstante Rate: Chi² {stat}, "
        "FG {df}, p = {p}",
        "no_test": "{reason}: kein Test auf konstante Rate: die Exposition liegt in einem "
        "Verweildauer-Band, es gibt nichts zu vergleichen (ein kleineres --band-months "
        "ergibt mehr Bänder)",
        "rejects": "{reason}: die Daten sprechen gegen eine über die Verweildauer konstante "
        "Rate (p = {p} < 0,05); die Verweildauer-Tabelle zeigt, wo sie abweicht.",
        "pooled": "{reason}: gepoolt über {names} (keine Gruppe mit genug eigenen "
        "Ereignissen)",
        "aliased": "{reason}: {attribute} {value} gepoolt: die Verläufe unterscheiden es "
        "nicht von {like}",
        "split": "{reason} bei {provider}: eigene Rate {value} je Monat aus {events} "
        "in {exposure} Personenmonaten ({why}): ihr "
        "{level}-Intervall {low} – {high} schließt die gepoolte Rate {pooled} aus, die "
        "der Träger sonst erhielte.",
        "split_grouped": "{reason} bei {provider}: eigene Rate, geschätzt mit den "
        "Gruppenfaktoren, {fitted} je Monat (Wahrscheinlichkeit {p}) für die "
        "Referenzgruppe ({group}); beobachtet ergeben sich aus seinen {events} in "
        "{exposure} Personenmonaten ({why}) {value} je Monat, deren {level}-Intervall "
        "{low} – {high} die gepoolte Rate {pooled} ausschließt, die der Träger sonst "
        "erhielte.",
        "masked": "{reason} bei {provider}: gepoolt, aber seine eigenen Daten ergeben "
        "{value} je Monat aus {events} in {exposure} Personenmonaten ({level}-Intervall "
        "{low} – {high}), was die gepoolte Rate {pooled} ausschließt; mit "
        "Gruppenfaktoren hat ein Träger ohne Ereignisse keine endliche eigene Rate, und "
        "der Pool muss einen mit Ereignissen behalten: seine Prognose mit Vorsicht lesen, "
        "oder ohne die Gruppenspalten oder mit den Verläufen dieses Trägers allein "
        "kalibrieren.",
        "zero": "{reason} {where}: kein Ereignis in {exposure} Personenmonaten, die "
        "Wahrscheinlichkeit je Monat ist daher 0 (obere {level}-Grenze {high}); sind die "
        "Austritte der Datei vollständig?",
        "thin": "{reason}: die Rate des Programms beruht auf nur {events}, "
        "weniger als {min}: ihr Intervall ist weit.",
        "why_few": "weniger als {min}",
        "why_rest": "zunächst gepoolt, da die übrigen Träger mit nur {rest}, weniger als "
        "{min}, keinen eigenen Pool bilden",  # mit: the dative of event
        "why_alike": "zunächst gepoolt, da der Test zum Niveau 1 % ihn nicht von den "
        "übrigen Trägern unterschied",
        "at": "bei {provider}", "of_program": "des Programms",
        # exits after the maximum (PastCap): the English is analysis.past_cap_line's
        "late": "{count} {exits} {what} ({lines}) {lie} nach dem Ende von "
        "employment.max_months von {scenario}, abzüglich vorher geförderter Monate: {then}; "
        "stimmen max_months des --scenario und months_funded_before?",
        "late_event": "dort zensiert, nicht als Ereignis gezählt",
        "late_max_duration": "mehr als 0,1 Monat zu spät, als Erreichen der Höchstdauer "
        "gezählt",
        "no_run": "calibrate schätzt Raten und simuliert nicht: Verläufe, Kosten und "
        "Finanzierung zeigt <code>finsim run</code> auf dem Overlay-Szenario.",
        "fit_name": "Kumulierte Inzidenz je Austrittsgrund nach Monaten seit Eintritt",
        "fit_caption": "Liniendiagramm über die Monate seit Eintritt (0 bis {cap}): je "
        "Austrittsgrund die kumulierte Inzidenz, beobachtet (Stufen, Aalen-Johansen) und "
        "angepasst (gestrichelt, konstante Rate). {at}: {ends}.",
        "fit_at_cap": "Nach {cap} Monaten",
        "fit_at_end": "Die beobachtete Kurve endet nach {until} Monaten, der längsten "
        "beobachteten Verweildauer (danach ist niemand mehr unter Risiko); dort",
        "fit_end": "{reason} beobachtet {observed}, angepasst {fitted}",
        "fit_table": "Tabelle: kumulierte Inzidenz nach Monaten seit Eintritt",
        "fit_rows": "Kumulierte Inzidenz nach Monaten seit Eintritt, beobachtet und angepasst",
        "month_col": "Monate seit Eintritt",
        # the analysis's own words for what is censored and how an interval is made
        "event": ("Ereignis", "Ereignissen"),  # after aus, auf: the dative
        "terms": {"still in or other": "noch im Programm oder anderer Austritt",
                  "max_duration": "Höchstdauer erreicht", "exact Poisson": "exakt (Poisson)",
                  "likelihood (Wald, log scale)": "Likelihood (Wald, log-Skala)",
                  LEFT_OUT: "ausgelassen, für keine Zeit beobachtet",
                  "entered on the end of the data": "mit Eintritt am Ende der Daten",
                  "ended before --since": "vor --since beendet"},
    },
    "en": {
        "title": "Calibration of the exit hazards",
        "ask": "Which monthly placement and dropout hazards do the program's own spells "
        "show, how certain are they, and does a constant model fit?",
        "data": "Data", "until": "data until",
        "exposure": "person-months", "censored": "censored", "level": "intervals",
        "hazards": "Fitted hazards ({level} interval)", "reason": "Exit reason",
        "where": "Applies to", "events": "Events", "rate": "Hazard per month",
        "factor_col": "Factor", "reference": "hazard of the reference group ({group})",
        "reference_note": "With group factors, a row's hazard is that of the reference "
        "group (named in the row), fitted in a Poisson model with the factors; events and "
        "person-months are those of all groups of the row, so the hazard is not their "
        "ratio. A group's hazard is the reference group's times its factor.",
        "p": "Probability per month", "interval": "{level} interval",
        "method": "Method", "program": "program ({providers})",
        "provider": "provider {provider}", "factor": "factor {attribute} = {value}",
        "placement": "placement", "dropout": "dropout",
        "fit": "Cumulative incidence by tenure: observed (Aalen-Johansen) and fitted "
        "(constant hazard)",
        "observed": "observed", "fitted": "fitted", "months": "months since entry",
        "incidence": "cumulative incidence",
        "chart": "Exits by tenure: {spells}, {exposure} person-months",
        "bands": "Exits by tenure band: observed and expected",
        "band": "Tenure (months)", "expected": "expected",
        "test": "{reason}: likelihood-ratio test of a constant hazard: chi² {stat}, "
        "df {df}, p = {p}",
        "no_test": "{reason}: test of a constant hazard: " + NO_BAND_TEST,
        "rejects": "{reason}: the data reject a hazard constant over tenure (p = {p} < "
        "0.05); the tenure table shows where it departs.",
        "pooled": "{reason}: pooled over {names} (no group with enough events of its own)",
        "aliased": "{reason}: {attribute} {value} pooled: its spells do not tell it apart "
        "from {like}",
        "split": "{reason} at {provider}: own hazard {value} a month from {events} "
        "in {exposure} person-months ({why}): its {level} interval {low} – "
        "{high} excludes the pooled {pooled} it would otherwise get.",
        "split_grouped": "{reason} at {provider}: own hazard, fitted with the group "
        "factors, {fitted} a month (probability {p}) for the reference group ({group}); "
        "its {events} in {exposure} person-months ({why}) give {value} a month observed, "
        "whose {level} interval {low} – {high} excludes the pooled {pooled} it would "
        "otherwise get.",
        "masked": "{reason} at {provider}: pooled, but its own {events} in "
        "{exposure} person-months give {value} a month ({level} interval {low} – {high}), "
        "which excludes the pooled {pooled}; with group factors a provider without events "
        "has no finite value of its own, and the pool must keep one with events: read its "
        "forecast with care, or calibrate without the group columns, or on this "
        "provider's spells alone.",
        "zero": "{reason} {where}: no event in {exposure} person-months, so its probability "
        "per month is 0 (its {level} upper bound {high}); are the file's exits complete?",
        "thin": "{reason}: the program's hazard rests on {events} only, fewer than "
        "{min}: its interval is wide.",
        "why_few": "fewer than {min}",
        "why_rest": "pooled first: the other providers' {rest} are fewer than {min}, too "
        "few for a pool of their own",
        "why_alike": "pooled first: the test at 1 % did not set it apart from the other "
        "providers",
        "at": "at {provider}", "of_program": "of the program",
        "event": ("event", "events"),
        "no_run": "calibrate fits hazards and does not simulate: flows, cost and funding "
        "come from <code>finsim run</code> on the overlay scenario.",
        "fit_name": "Cumulative incidence per exit reason by months since entry",
        "fit_caption": "Line chart over the months since entry (0 to {cap}): per exit reason "
        "the cumulative incidence, observed (steps, Aalen-Johansen) and fitted (dashed, "
        "constant hazard). {at}: {ends}.",
        "fit_at_cap": "After {cap} months",
        "fit_at_end": "The observed curve ends at {until} months, the longest tenure "
        "observed (nobody is at risk after it); there",
        "fit_end": "{reason} observed {observed}, fitted {fitted}",
        "fit_table": "Table: cumulative incidence by months since entry",
        "fit_rows": "Cumulative incidence by months since entry, observed and fitted",
        "month_col": "Months since entry",
    },
}


def calibrate_report(cal: Calibration, scenario: str, spells: str, as_of: str,
                     lang: str = "de") -> str:
    """The page of a calibration, as HTML text."""
    t, w = TEXT[lang], WORDS[lang]
    e = html.escape
    level = level_words(cal.level, lang, compound=True)
    censored = ", ".join(f"{number(n, lang)} {e(_term(what, lang))}"
                         for what, n in cal.censored.items())
    warned = fit_warnings(cal, lang)
    body = [f"<h2>{t['question']}</h2><p>{w['ask']}</p>",
            f"<p><b>{t['scenario']}:</b> {e(scenario)}; <b>{w['data']}:</b> {e(spells)}, "
            f"{w['until']} {e(as_of)}: {amount(cal.spells, 'spell', lang)}, "
            f"{number(cal.exposure, lang, 1)} {w['exposure']}"
            + (f"; {w['censored']}: {censored}" if censored else "")
            + _left_out(cal, lang) + "</p>",
            f"<p class='note'>{w['no_run']}</p>",
            f"<h2>{warnings_heading(warned, lang)}</h2>", warnings_block(warned, lang),
            f"<h2>{w['hazards'].format(level=level)}</h2>", hazard_table(cal, level, lang),
            f"<h2>{w['fit']}</h2>", figure(svg(incidence_figure(cal, lang)), w["fit_name"],
                                           incidence_caption(cal, lang)),
            incidence_table(cal, lang),
            f"<h2>{w['bands']}</h2>", band_table(cal, lang)]
    body += [f"<p>{e(line)}</p>" for line in band_test_lines(cal, lang)]
    return page(f"{w['title']}: {scenario}", body, lang)


def _left_out(cal: Calibration, lang: str) -> str:
    """The summary's spells left out (``calibration.left_out``) in the page's language:
    a reviewer who gets only the page compares its spell count with the file."""
    if not cal.unobserved:
        return ""
    why = ", ".join(f"{amount(n, 'spell', lang)} {html.escape(_term(what, lang))}"
                    for what, n in cal.unobserved.items())
    return f"; {html.escape(_term(LEFT_OUT, lang))}: {why}"


def _term(text: str, lang: str) -> str:
    """The analysis's English term in the page's language (English as it is)."""
    return WORDS[lang].get("terms", {}).get(text, text)


def _named(lang: str) -> str:
    """How the page names attributes and values: in German words on a German page, by
    their codes on an English one (``labels.CODES``), the ids a calibrated overlay's
    ``modifiers`` are written in."""
    return lang if lang == "de" else CODES


def reason_label(reason: str, lang: str) -> str:
    return WORDS[lang].get(reason, reason)


def fit_warnings(cal: Calibration, lang: str) -> list[str]:
    """A rejected constant hazard, and attributes or groups pooled for want of events or
    of spells that tell them apart."""
    w = WORDS[lang]
    out = []
    for reason, fit in cal.fits.items():
        if fit.bands.rejects:
            out.append(w["rejects"].format(reason=reason_label(reason, lang),
                                           p=number(fit.bands.p_value, lang, 3)))
        fitted = {m.attribute for m in fit.modifiers}
        if pooled := [a for a in fit.pooled_attributes if a not in fitted]:
            out.append(w["pooled"].format(
                reason=reason_label(reason, lang),
                names=", ".join(attribute_label(a, _named(lang)) for a in pooled)))
        out += [w["aliased"].format(reason=reason_label(reason, lang),
                                    attribute=attribute_label(al.attribute, _named(lang)),
                                    value=attribute_value(al.attribute, al.value, _named(lang)),
                                    like=", ".join(al.like))
                for al in fit.aliased]
    return ([past_cap_text(late, lang) for late in cal.past_cap] + out
            + [caution_text(kind, f, cal, lang) for kind, f in cautions(cal)])


def past_cap_text(late: PastCap, lang: str) -> str:
    """Exits after the maximum (``analysis.calibrate.PastCap``) in the page's language:
    the terminal's line in English, so that the page and the overlay say the same."""
    if lang == "en":
        return past_cap_line(late)
    w = WORDS[lang]
    words = [w["terms"]["max_duration"]] if late.kind == "max_duration" else \
        [w.get(reason, "anderer Austritt") for reason in late.counted]
    what = f"mit Grund „{listed(words, 'oder')}“"  # the page's words, not the file's codes
    lines = (f"{noun(late.count, 'Zeile', 'Zeilen')} {', '.join(map(str, late.lines))}"
             f"{', …' if late.count > len(late.lines) else ''}")
    return str(Problem(late.file, late.column, w["late"].format(
        count=number(late.count, lang), exits=noun(late.count, "Austritt", "Austritte"),
        what=what, lines=lines, lie=noun(late.count, "liegt", "liegen"),
        scenario=repr(late.scenario), then=w[f"late_{late.kind}"]), show_value=False))


def caution_text(kind: str, f: dict, cal: Calibration, lang: str) -> str:
    """A caution of the fit (``calibration.cautions``) in the page's language."""
    w = WORDS[lang]
    fields = {k: number(v, lang, 1) if k == "exposure" else
              counted(number(v, lang), *w["event"]) if k in ("events", "rest") else
              f"{v:.4g}".replace(".", "," if lang == "de" else ".") if isinstance(v, float)
              else v for k, v in f.items()}
    fields["reason"] = reason_label(f["reason"], lang)
    fields["where"] = (w["at"].format(provider=f["provider"]) if f.get("provider")
                       else w["of_program"])
    level = cal.level if kind == "zero" else APART_LEVEL
    if "why" in f:
        fields["why"] = w[f"why_{f['why']}"].format(min=cal.min_events, rest=fields["rest"])
    if "fitted" in f:  # as the table gives them
        fields["fitted"], fields["p"] = number(f["fitted"], lang, 5), number(f["p"], lang, 5)
        fields["group"] = reference_group(cal.fits[f["reason"]], _named(lang))
    return w[kind].format(min=cal.min_events, level=level_words(level, lang, compound=True),
                          **fields)


def _p(rate: float) -> float:
    return float(-np.expm1(-rate))


def hazard_table(cal: Calibration, level: str, lang: str) -> str:
    """Each reason's program value, providers' own values and group factors."""
    w = WORDS[lang]
    e = html.escape
    rows = []

    def row(reason: str, where: str, est: Estimate, factor: bool = False,
            group: str = "") -> None:
        digits = 3 if factor else 5
        value = number(est.value, lang, digits)
        rate, times = ("–", value) if factor else (value, "–")
        if group:
            where += "; " + w["reference"].format(group=group)
        prob = "–" if factor else number(_p(est.value), lang, 5)
        low, high = (est.low, est.high) if factor else (_p(est.low), _p(est.high))
        rows.append((e(reason_label(reason, lang)),
                     [e(where), number(est.events, lang), number(est.exposure, lang, 1), rate,
                      times, prob, f"{number(low, lang, digits)} – {number(high, lang, digits)}",
                      e(_term(est.method, lang))]))

    grouped = False
    for reason, fit in cal.fits.items():
        group = reference_group(fit, _named(lang))
        grouped = grouped or bool(group)
        row(reason, w["program"].format(providers=", ".join(fit.program_from)), fit.program,
            group=group)
        for provider, est in fit.providers.items():
            row(reason, w["provider"].format(provider=provider), est, group=group)
        for mod in fit.modifiers:
            row(reason, w["factor"].format(attribute=attribute_label(mod.attribute, _named(lang)),
                                           value=attribute_value(mod.attribute, mod.value,
                                                                 _named(lang))),
                mod.factor, factor=True)
    head = [w["reason"], w["where"], w["events"], w["exposure"], w["rate"], w["factor_col"],
            w["p"], w["interval"].format(level=level), w["method"]]
    return (table(w["hazards"].format(level=level), head, rows)
            + (f"<p class='note'>{w['reference_note']}</p>" if grouped else ""))


def band_table(cal: Calibration, lang: str) -> str:
    """Observed and expected exits by tenure band and reason, the bands nobody was
    observed in left out (as in ``<stem>-tenure.csv``)."""
    w = WORDS[lang]
    rows = []
    for reason, fit in cal.fits.items():
        b = fit.bands
        for k in np.nonzero(b.exposure > 0)[0]:
            band = f"{number(b.edges[k], lang, 0)} – {number(b.edges[k + 1], lang, 0)}"
            rows.append((html.escape(reason_label(reason, lang)),
                         [band, number(b.exposure[k], lang, 1),
                          number(int(b.observed[k]), lang), number(b.expected[k], lang, 1)]))
    head = [w["reason"], w["band"], w["exposure"], w["observed"], w["expected"]]
    return table(w["bands"], head, rows)


def band_test_lines(cal: Calibration, lang: str) -> list[str]:
    w = WORDS[lang]
    return [w["no_test"].format(reason=reason_label(r, lang)) if f.bands.p_value is None
            else w["test"].format(reason=reason_label(r, lang),
                                  stat=number(f.bands.statistic, lang, 2),
                                  df=f.bands.df, p=number(f.bands.p_value, lang, 3))
            for r, f in cal.fits.items()]


NEAR = 0.05
"""Months the page treats as one where it says months to a tenth (about a day and a
half): an observed curve ending at 23.97 months ends at 24, and a row for 24 shows it."""


def incidence_at(cal: Calibration, months: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Observed and fitted cumulative incidence per reason at ``months`` since entry, as
    the chart draws them: each at the last grid point not after the month (the observed
    curve is a step that holds until the next exit); the observed NaN past its end (but
    within ``NEAR`` of it, its value at the end)."""
    inc = cal.incidence
    until = inc.observed_until

    def at(t: np.ndarray) -> np.ndarray:
        return np.searchsorted(inc.grid, t + 1e-9, side="right") - 1

    seen = np.where(months <= until + NEAR, at(np.minimum(months, until)), -1)
    return {reason: (np.where(seen >= 0, observed[seen], np.nan),
                     inc.fitted[reason][at(months)])
            for reason, observed in inc.observed.items()}


def _observed_end(cal: Calibration) -> float | None:
    """Where the observed curve ends before the grid's end (the longest tenure
    observed), or ``None`` where it runs to the end (within ``NEAR``)."""
    until, cap = cal.incidence.observed_until, float(cal.incidence.grid[-1])
    return until if until < cap - NEAR else None


def _months(value: float, lang: str) -> str:
    """Months since entry as the caption and the table say them: whole, or to a tenth."""
    whole = abs(value - round(value)) < NEAR
    return number(round(value) if whole else value, lang, 0 if whole else 1)


def incidence_caption(cal: Calibration, lang: str) -> str:
    """What the incidence chart draws, and where a reader compares its curves: at the
    grid's last month, or where the observed curve ends before it (the longest tenure
    observed: a flat observed curve beyond read as a fit far too high)."""
    w = WORDS[lang]
    cap = float(cal.incidence.grid[-1])
    end = _observed_end(cal)
    where = cap if end is None else end
    ends = "; ".join(w["fit_end"].format(reason=reason_label(reason, lang),
                                         observed=number(float(o[0]), lang, 2),
                                         fitted=number(float(f[0]), lang, 2))
                     for reason, (o, f) in incidence_at(cal, np.array([where])).items())
    at = (w["fit_at_cap"].format(cap=number(cap, lang)) if end is None
          else w["fit_at_end"].format(until=_months(end, lang)))
    return w["fit_caption"].format(cap=number(cap, lang), at=at, ends=ends)


def incidence_table(cal: Calibration, lang: str) -> str:
    """The incidence chart as a table folded under it (``<details>``): its curves are on
    the page nowhere else. A row per whole month since entry, every month up to 24
    rows, else in even steps, and one where the observed curve ends (``–`` after it); a
    column per reason, observed and fitted."""
    w = WORDS[lang]
    cap = int(cal.incidence.grid[-1])
    months = np.arange(0, cap + 1, max(1, -(-cap // 24))).astype(float)
    if (end := _observed_end(cal)) is not None and np.abs(months - end).min() >= NEAR:
        months = np.union1d(months, [end])
    curves = incidence_at(cal, months)
    head = [w["month_col"], *(f"{reason_label(r, lang)}: {w[kind]}"
                                       for r in curves for kind in ("observed", "fitted"))]
    rows = [(_months(m, lang), ["–" if np.isnan(c[k]) else number(float(c[k]), lang, 3)
                                for o, f in curves.values() for c in (o, f)])
            for k, m in enumerate(months)]
    return (f"<details><summary>{w['fit_table']}</summary>"
            f"{table(w['fit_rows'], head, rows)}</details>")


def incidence_figure(cal: Calibration, lang: str):  # noqa: ANN201 - a Figure
    """Observed (steps, to the longest tenure observed) and fitted (dashed) cumulative
    incidence per reason, each reason in its flow colour (``palette.FLOW``); legend
    beside the plot."""
    from matplotlib.figure import Figure

    from .ticks import InLanguage

    w = WORDS[lang]
    inc = cal.incidence
    fig = Figure(figsize=(9, 4.2))
    ax = fig.add_subplot()
    for reason, observed in inc.observed.items():
        colour = FLOW.get(f"exits_{reason}", "#000000")
        name = reason_label(reason, lang)
        seen = ~np.isnan(observed)  # up to the longest tenure observed, not past it
        ax.step(inc.grid[seen], observed[seen], where="post", color=colour,
                label=f"{name}: {w['observed']}")
        ax.plot(inc.grid, inc.fitted[reason], color=colour, linestyle="--",
                label=f"{name}: {w['fitted']}")
    ax.set_xlabel(w["months"])
    ax.set_ylabel(w["incidence"])
    ax.set_xlim(0, float(inc.grid[-1]))
    ax.set_ylim(bottom=0)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(InLanguage(lang))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    tidy(fig)
    return fig


def incidence_png(cal: Calibration, lang: str):  # noqa: ANN201 - a Figure
    """``<stem>-fit.png``: the page's chart with a title of the data (spells and
    person-months, to one decimal as the summary: 32.5, not 32), since the PNG travels
    without the page's heading; in the page's language, as every other PNG."""
    fig = incidence_figure(cal, lang)
    fig.axes[0].set_title(WORDS[lang]["chart"].format(
        spells=amount(cal.spells, "spell", lang), exposure=number(cal.exposure, lang, 1)))
    return fig

"""``report.html`` of ``finsim size``: the funding request, its contingency, the credit line.

What a funder reads first: per funder and year the expected amount, the contingency on
its own line (the lift to the Q-quantile) and the request; then, after a search, how
many slots the budget buys or the target needs and which constraint binds; then the
credit line each provider needs and the program's cash balance over the months with its
band; then the run the plan is made of (key figures, flows, money by year).
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd

from ..analysis import sizing
from ..analysis.sanity import sanity_warnings
from ..analysis.starts import closed_years, year_titles
from ..analysis.words import month_words
from ..montecarlo import RunResult
from ..scenario.schedule import month_labels
from .budgets import budget_name
from .cashflow import mean_balance, provider_names, with_peak_start
from .drawing import Page
from .html import (
    TEXT,
    balance_data,
    figure,
    level_words,
    metric_label,
    number,
    peak_sentence,
    run_sections,
    scenario_head,
    warnings_block,
    warnings_heading,
)
from .htmlpage import table
from .plan import (
    cap_cuts,
    cap_text,
    coverage,
    covered_text,
    covers_lines,
    lift_words,
    period_quantiles,
    plan_order,
    plan_parts,
    plan_warnings,
    requested,
    transfer_by_year,
    year_coverage,
    yearly_cost_quantile,
)

WORDS = {
    "de": {
        "title": "Kosten- und Finanzierungsplan",
        "ask": "Was ist bei jedem Geldgeber je Jahr zu beantragen, damit das Geld mit "
        "{q} Wahrscheinlichkeit reicht, und welche Kreditlinie braucht jeder Träger?",
        "ask_search": " Und: wie viele Plätze sind unter den Vorgaben möglich bzw. nötig?",
        "request": "Antrag je Geldgeber und Jahr (EUR)", "expected": "erwartet (Mittelwert)",
        "contingency": "Risikozuschlag (bis zum {q}-Quantil)", "ask_row": "Antrag",
        "funder": "Geldgeber", "sum": "Summe der Jahre",
        "uncovered": "ungedeckt, kein Antrag (vom Träger zu tragen oder zu klären)",
        "own": "Eigenanteil (nicht öffentliche Mittel, kein Antrag)",
        "all_shares": "Summe aller Finanzierungsanteile, je mit eigenem Risikozuschlag",
        "cost_quantile": "Gesamtausgaben: {q}-Quantil (der Summe selbst)",
        "cost_note": "Jeder Geldgeber sowie der Eigenanteil und die Finanzierungslücke "
        "erhalten je einen Zuschlag bis zu ihrem eigenen {q}-Quantil{capped}; Quantile "
        "addieren sich nicht, daher kann deren Summe (die Zeile „Summe aller "
        "Finanzierungsanteile“) auch unter dem {q}-Quantil der Gesamtausgaben liegen: die "
        "letzte Zeile der Tabelle zählt, wie oft sie die Ausgaben des Jahres deckt.",
        "covered": "Anteil der Replikationen, in denen die Summe aller "
        "Finanzierungsanteile die Jahresausgaben deckt",
        "period": "Bewilligung für den ganzen Zeitraum: {q}-Quantil der Zeitraumsumme",
        "period_note": "Quantile addieren sich nicht: die Summe der Jahresanträge kann über "
        "oder unter dem Quantil der Zeitraumsumme liegen; sie deckt die Zeitraumsumme in "
        "diesem Anteil der Replikationen: {shares}. Bewilligt ein Geldgeber eine Summe für "
        "den ganzen Zeitraum, gilt die Zeile „Bewilligung für den ganzen Zeitraum“ (finsim "
        "size --cap hält sie ein).",
        "request_note": "Der Risikozuschlag hebt den Jahresbetrag jedes Geldgebers vom "
        "Mittelwert auf sein {q}-Quantil über die Replikationen{never}.",
        "never": "; er ist nie negativ",
        "actual": "Ist",
        "actual_note": "Ein Jahr, dessen Monate alle Ist sind, wird mit seinem Ist-Betrag "
        "beantragt, ohne Risikozuschlag.",
        "capped": " (ein Geldgeber mit Obergrenze cap_total höchstens bis zu ihr)",
        "cap_cut": "{funder}: Antrag auf die Obergrenze für den ganzen Zeitraum gekürzt "
        "(cap_total {cap} EUR), die die Jahresquantile zusammen überschreiten würden; "
        "gekürzt sind nur die Risikozuschläge, anteilig über die Jahre: keiner ist negativ, "
        "kein Jahr liegt unter seinem Erwartungswert.",
        "cap_below": "{funder}: schon die Erwartungswerte überschreiten die Obergrenze für "
        "den ganzen Zeitraum (cap_total {cap} EUR): kein Risikozuschlag, und die letzten "
        "Jahre werden unter ihrem Erwartungswert beantragt (negativer Zuschlag).",
        "cap_cut_own": "{funder}: geplanter Eigenanteil (kein Antrag) auf die Obergrenze "
        "für den ganzen Zeitraum gekürzt (cap_total {cap} EUR), die die Jahresquantile "
        "zusammen überschreiten würden; gekürzt sind nur die Risikozuschläge, anteilig über "
        "die Jahre: keiner ist negativ, kein Jahr liegt unter seinem Erwartungswert.",
        "cap_below_own": "{funder}: schon die Erwartungswerte des Eigenanteils (kein Antrag) "
        "überschreiten die Obergrenze für den ganzen Zeitraum (cap_total {cap} EUR): kein "
        "Risikozuschlag, und die letzten Jahre sind unter ihrem Erwartungswert geplant "
        "(negativer Zuschlag).",
        "search": "Ergebnis der Suche", "slots": "Plätze",
        "search_slots": "Plätze (Zahl der Suche)",
        "slots_answer": "Plätze",
        "binding": "bindende Vorgabe",
        "cap": "Obergrenze", "target": "Ziel", "budget": "Haushalt",
        "none": "keine", "constraint": "Vorgabe", "bound": "Grenze",
        "quantile": "Quantil", "met": "erfüllt", "yes": "ja", "no": "nein",
        "credit": "Kreditlinie je Träger (Vorfinanzierung, EUR)", "provider": "Träger",
        "peak_mean": "höchste Vorfinanzierung (Mittelwert)",
        "line": "Kreditlinie ({q})",
        "negative": "Monate im Minus bis zur Schlusszahlung ({month}; Mittelwert)",
        "negative_period": "Monate im Minus im Zeitraum (Mittelwert)",
        "all": "alle Träger zusammen",
        "base": "Der Lauf, aus dem der Plan stammt",
        "transfer": "Davon Passiv-Aktiv-Transfer (Erwartungswert, EUR)",
        "warm_up": "Das Programm läuft seit {month} (period.simulate_from): simuliert ab "
        "dann, berichtet ab {start}. Zu Beginn des Zeitraums sind im Mittel {people} "
        "Personen auf den Plätzen; sie werden mit ihrer Beschäftigungsdauer übernommen.",
        "served": "Personen (Mittelwert): {start} zu Beginn auf den Plätzen, {new} neue "
        "Eintritte, {end} am Ende{leaving}.",
        "leaving": " (und {exits} Austritte (max_duration) im {month}, darunter die "
        "mit Austritt am {date})",
    },
    "en": {
        "title": "Funding plan",
        "ask": "What should be requested from each funder per year so that the money "
        "suffices with {q} probability, and which credit line does each provider need?",
        "ask_search": " And: how many slots do the constraints allow or need?",
        "request": "Request per funder and year (EUR)", "expected": "expected (mean)",
        "contingency": "contingency (up to the {q} quantile)", "ask_row": "request",
        "funder": "Funder", "sum": "sum of years",
        "uncovered": "uncovered, no request (for the providers to carry or to settle)",
        "own": "own contribution (money that is not public, no request)",
        "all_shares": "Sum of all funding shares, each with its own contingency",
        "cost_quantile": "total expenditure: {q} quantile (of the total itself)",
        "cost_note": "Each funder, the own contribution and the gap get a contingency up "
        "to their own {q} quantile{capped}; quantiles do not add up, so their sum (the row "
        "\u201cSum of all funding shares\u201d) can also fall below the total expenditure's "
        "{q} quantile: the table's last line counts how often it covers the year's cost.",
        "covered": "share of replications whose year's cost the sum of all funding shares "
        "covers",
        "period": "grant for the whole period: {q} quantile of the period total",
        "period_note": "Quantiles do not add up: the yearly requests can add up to more or "
        "less than the quantile of the period total; they cover the period total in this "
        "share of the replications: {shares}. Where a funder grants one sum for the whole "
        "period, the line \u201cgrant for the whole period\u201d applies (finsim size "
        "--cap holds it).",
        "request_note": "The contingency lifts each funder's yearly amount from its mean "
        "to its {q} quantile over the replications{never}.",
        "never": "; it is never negative",
        "actual": "actual",
        "actual_note": "A year whose months are all actual is asked for its actual amount, "
        "with no contingency.",
        "capped": " (a funder with cap_total at most up to its cap)",
        "cap_cut": "{funder}: request cut to its cap over the whole period (cap_total {cap} "
        "EUR), which the yearly quantiles together would pass; only the contingencies are "
        "cut, in proportion across the years: none is negative, no year is below its "
        "expected value.",
        "cap_below": "{funder}: its expected amounts alone pass its cap over the whole "
        "period (cap_total {cap} EUR): no contingency, and the last years are asked for "
        "less than their expected value (a negative contingency).",
        "cap_cut_own": "{funder}: planned own contribution (not requested) cut to its cap "
        "over the whole period (cap_total {cap} EUR), which the yearly quantiles together "
        "would pass; only the contingencies are cut, in proportion across the years: none "
        "is negative, no year is below its expected value.",
        "cap_below_own": "{funder}: its expected amounts alone (own contribution, not "
        "requested) pass its cap over the whole period (cap_total {cap} EUR): no "
        "contingency, and the last years are planned below their expected value (a "
        "negative contingency).",
        "search": "Result of the search", "slots": "slots",
        "search_slots": "slots (the search's count)",
        "slots_answer": "Slots",
        "binding": "binding constraint",
        "cap": "cap", "target": "target", "budget": "budget",
        "none": "none", "constraint": "Constraint", "bound": "Bound",
        "quantile": "Quantile", "met": "met", "yes": "yes", "no": "no",
        "credit": "Credit line per provider (pre-financing, EUR)", "provider": "Provider",
        "peak_mean": "peak pre-financing (mean)", "line": "credit line ({q})",
        "negative": "months below zero until the final payment ({month}; mean)",
        "negative_period": "months below zero in the period (mean)",
        "all": "all providers together",
        "base": "The run the plan is made of",
        "transfer": "Of which Passiv-Aktiv-Transfer (expected value, EUR)",
        "warm_up": "The program runs since {month} (period.simulate_from): simulated from "
        "then, reported from {start}. At the period's start {people} people (mean) are in "
        "the slots; they carry over with their tenure.",
        "served": "People (mean): {start} in the slots at the start, {new} new entries, "
        "{end} at the end{leaving}.",
        "leaving": " (and {exits} max_duration exits in {month}, among them those leaving on "
        "{date})",
    },
}


def size_report(result: RunResult, plan: pd.DataFrame, q: float, credit: pd.DataFrame,
                found: sizing.Sizing | None = None, lang: str = "de") -> str:
    """The page of ``finsim size``, as HTML text."""
    t, w = TEXT[lang], WORDS[lang]
    share = level_words(q, lang)
    ask = w["ask"].format(q=share) + (w["ask_search"] if found is not None else "")
    too_few = [f.text(lang, constraint_text(f.check, result, lang),
                      metric_label(f.check["metric"], result.scenario, lang))
               for f in found.too_few] if found is not None else []
    limits = [f.text(lang, constraint_text(f.check, result, lang))
              for f in [*found.limits, *found.given_up]] if found is not None else []
    warnings = [*limits, *too_few, *sanity_warnings(result, lang),
                *plan_warnings(result, plan, q, lang, found,
                               lambda check: cap_words(check, result, lang))]
    body = [f"<h2>{t['question']}</h2><p>{ask}</p>", scenario_head(result, lang),
            people_note(result, lang),
            f"<h2>{warnings_heading(warnings, lang)}</h2>", warnings_block(warnings, lang)]
    if found is not None:
        body += [f"<h2>{w['search']}</h2>", search_section(found, lang)]
    body += [f"<h2>{w['request']}</h2>", request_table(result, plan, q, lang),
             covers_notes(result, lang), request_notes(result, plan, q, lang),
             transfer_table(result, lang),
             f"<h2>{credit_title(result, share, lang)}</h2>",
             credit_table(result, credit, share, lang),
             f"<p>{peak_sentence(result, lang)}</p>",  # when the lows come, as run's page
             f"<h3>{TEXT[lang]['cash']}</h3>",
             balance_data(result, lang),
             f"<h2>{w['base']}</h2>", *run_sections(result, lang, level=3)]
    return Page(f"{w['title']}: {result.scenario.name}", body, lang).html()


def covers_notes(result: RunResult, lang: str) -> str:
    """Under the request table, a line per funder in its rows' order (``plan_order``):
    what its rule covers and its dates (``rules.covers_line``), so a year asked for 0
    (ESF+ ending 2029-12) says why, and each amount what it pays for."""
    return "".join(f"<p class='note'>{html.escape(line)}</p>"
                   for line in covers_lines(result, lang))


def request_notes(result: RunResult, plan: pd.DataFrame, q: float, lang: str) -> str:
    """The notes under the request table, and a line per funder whose requests are cut to
    its ``cap_total`` (``plan.cap_cuts``): how they are cut; nothing where none is. The
    contingency is called never negative unless a cap below the expected amounts makes
    it so."""
    w, quantile = WORDS[lang], level_words(q, lang, compound=True)
    cuts, names = cap_cuts(result, q), funder_names(result, lang)
    below = any(c.below_mean for c in cuts.values())
    shares = "; ".join(f"{names[funder]} {covered_text(v, lang)}"
                       for funder, v in coverage(result, plan).period.items())
    mostly = f" {lift_words(result, q, lang)}." if q < 0.5 else ""  # rows at their means
    note = (f"{w['request_note'].format(q=quantile, never='' if below else w['never'])}"
            f"{mostly} "
            f"{w['period_note'].format(shares=shares or '–')} "
            f"{w['cost_note'].format(q=quantile, capped=w['capped'] if cuts else '')}"
            + (f" {w['actual_note']}" if closed_years(result.scenario) else ""))
    public = requested(result)
    lines = (w[("cap_below" if c.below_mean else "cap_cut")
               + ("" if funder in public else "_own")].format(
        funder=names[funder], cap=cap_text(c.cap, lang)) for funder, c in cuts.items())
    return "".join(f"<p class='note'>{html.escape(line)}</p>" for line in [note, *lines])


def people_note(result: RunResult, lang: str) -> str:
    """Who the period starts with, and for a program that keeps going the warm-up it
    comes from: without it a reader expects an empty program and cannot reproduce the
    shares of later tenure years."""
    w, served, period = WORDS[lang], sizing.people(result), result.scenario.period
    text = w["served"].format(start=number(served["participants_at_start"], lang, 1),
                              new=number(served["new_entries"], lang, 1),
                              end=number(served["participants_at_end"], lang, 1),
                              leaving=leaving_words(result, lang, lambda x: number(x, lang, 1)))
    if period.simulate_from:
        text = w["warm_up"].format(month=month_words(period.simulate_from, lang),
                                   start=month_words(period.start, lang),
                                   people=number(served["participants_at_start"], lang, 1)
                                   ) + " " + text
    return f"<p>{html.escape(text)}</p>"


def leaving_words(result: RunResult, lang: str, figure: Callable[[float], str]) -> str:
    """The people line's words for those whose maximum ends the day after the period
    (``sizing.leaving_at_end``), their exits written by ``figure``; "" where nobody's
    does. The horizon-exit warning sends the reader here: size writes no flows.csv."""
    leaving = sizing.leaving_at_end(result)
    if leaving is None:
        return ""
    exits, month, date = leaving
    return WORDS[lang]["leaving"].format(exits=figure(exits), month=month_words(month, lang),
                                         date=date)


def funder_names(result: RunResult, lang: str) -> dict[str, str]:
    names = {f.id: f.name or f.id for f in result.scenario.funding}
    names["gap"] = TEXT[lang]["gap"]
    return names


def request_table(result: RunResult, plan: pd.DataFrame, q: float, lang: str) -> str:
    """Per funder three lines: expected, contingency, request, and for a public funder a
    fourth, the quantile of its period total (for a grant of the whole period; quantiles
    do not add up; nobody grants own money or the gap); years as columns. The gap is no
    funder: its third line says it is uncovered, and the sum of the requests leaves it
    out; the sum of all shares (requests, own contribution, gap) follows, as in plan.xlsx
    and on the terminal: it is what the coverage row counts."""
    w = WORDS[lang]
    e = html.escape
    expected, lift = plan_parts(plan)  # every figure and sum in cents, rounded where shown
    columns = list(expected.columns)  # the years, then their total
    names = funder_names(result, lang)
    head = [w["funder"], *(e(title) for title in year_titles(result.scenario, lang)), w["sum"]]
    quantile = level_words(q, lang, compound=True)
    rows = []
    asked, shares = pd.Series(0.0, index=columns), pd.Series(0.0, index=columns)
    public = requested(result)
    overall = period_quantiles(result, q)
    for funder in plan_order(result):
        mean, extra = expected.loc[funder], lift.loc[funder]
        if not (mean.any() or extra.any()):
            continue
        gap = funder == "gap"
        shares = shares + mean + extra
        if funder in public:
            asked = asked + mean + extra
        sum_label = w["uncovered"] if gap else w["ask_row"] if funder in public else w["own"]
        for label, values, bold in ((w["expected"], mean, False),
                                    (w["contingency"].format(q=quantile), extra, False),
                                    (sum_label, mean + extra, True)):
            rows.append((f"{e(names.get(funder, funder))}: {label}",
                         [_money(v, lang, bold) for v in values]))
        if funder not in public:  # nobody grants own money or the gap
            continue
        period = float(overall.loc[funder, "quantile"])
        rows.append((f"{e(names.get(funder, funder))}: {w['period'].format(q=quantile)}",
                     [""] * (len(columns) - 1) + [_money(period, lang)]))
    rows.append((f"<b>{TEXT[lang]['total']}: {w['ask_row']}</b>",
                 [_money(v, lang, True) for v in asked]))
    rows.append((f"<b>{w['all_shares']}</b>", [_money(v, lang, True) for v in shares]))
    yearly = yearly_cost_quantile(result, q)
    rows.append((w["cost_quantile"].format(q=quantile),
                 [_money(v, lang) for v in [*yearly, overall.loc["cost_total", "quantile"]]]))
    rows.append((w["covered"], [w["actual"] if v is None else covered_text(v, lang)
                                for v in year_coverage(result, coverage(result, plan))] + [""]))
    return table(w["request"], head, rows)


def transfer_table(result: RunResult, lang: str) -> str:
    """Per funder with a Passiv-Aktiv-Transfer its mean transfer per year (the part of
    its amount that comes out of the benefits it saves), the years titled as the request
    table's (``starts.year_titles``); nothing without one."""
    transfer = transfer_by_year(result)
    if not transfer:
        return ""
    w, e = WORDS[lang], html.escape
    names = funder_names(result, lang)
    years = sorted({y for by_year in transfer.values() for y in by_year})
    titles = year_titles(result.scenario, lang)  # a re-forecast's say their actual months
    head = [w["funder"], *(e(t) for t in titles), w["sum"]]
    rows = [(e(names[funder]), [_money(v, lang) for v in [*(by_year[y] for y in years),
                                                          sum(by_year.values())]])
            for funder, by_year in transfer.items()]
    return f"<h3>{w['transfer']}</h3>{table(w['transfer'], head, rows)}"


def _money(value: float, lang: str, bold: bool = False) -> str:
    text = number(float(value), lang)
    return f"<b>{text}</b>" if bold else text


def constraint_text(check: dict, result: RunResult, lang: str) -> str:
    """A --cap or --target in the page's words ("Obergrenze Jobcenter: 15.000.000 EUR"),
    not as typed on the command line (``cap jobcenter=15000000``): the funder by its name
    in the page's tables, the target's metric by its label."""
    w, metric = WORDS[lang], check["metric"]
    if check["constraint"].startswith("cap ") and metric.startswith(sizing.BUDGET_PAID):
        name = budget_name(metric.removeprefix(sizing.BUDGET_PAID), lang)
        return f"{w['cap']} {w['budget']} {name}: {number(check['bound'], lang)} EUR"
    if check["constraint"].startswith("cap "):
        name = funder_names(result, lang)[metric.removeprefix("funding_")]
        return f"{w['cap']} {name}: {number(check['bound'], lang)} EUR"
    label = metric_label(metric, result.scenario, lang)
    at_most = "≤ " if "<=" in check["constraint"] else ""  # referrals_lost, waiting_at_end
    return f"{w['target']} {label}: {at_most}{figure(check['bound'], metric, lang)}"


def cap_words(check: dict, result: RunResult, lang: str) -> tuple[str, str]:
    """A --cap in the page's words (``constraint_text``) and the funder or budget whose
    money it holds by the name the page gives it (``plan.CapWords``)."""
    metric = check["metric"]
    whose = (budget_name(metric.removeprefix(sizing.BUDGET_PAID), lang)
             if metric.startswith(sizing.BUDGET_PAID) else
             funder_names(result, lang)[metric.removeprefix("funding_")])
    return constraint_text(check, result, lang), whose


def search_section(found: sizing.Sizing, lang: str) -> str:
    """The answer, what binds it, and each constraint's quantile at the answer, each
    constraint in the page's words (``constraint_text``) and its bound and quantile in
    the metric's unit (``html.figure``: a target's 19,6 placements is not 20)."""
    w = WORDS[lang]
    e = html.escape
    said = {c["constraint"]: constraint_text(c, found.result, lang) for c in found.checks}
    per = ", ".join(f"{p} {number(n, lang)}" for p, n in found.slots_per_provider.items())
    binding = ", ".join(e(said.get(b, b)) for b in found.binding) or w["none"]
    rows = [(e(said[c["constraint"]]), [figure(c["bound"], c["metric"], lang), str(c["slots"]),
                                          figure(c["quantile"], c["metric"], lang),
                                          w["yes"] if c["met"] else w["no"]])
            for c in found.checks]
    head = [w["constraint"], w["bound"], w["search_slots"], w["quantile"], w["met"]]
    return (f"<p><b>{w['slots_answer']}:</b> {e(found.planned.text(per, lang))}; "
            f"<b>{w['binding']}:</b> {binding}</p>{table(w['search'], head, rows)}")


def credit_table(result: RunResult, credit: pd.DataFrame, share: str, lang: str) -> str:
    w = WORDS[lang]
    e = html.escape
    rows = []
    names = provider_names(result.scenario)  # credit.csv has the ids
    for k, row in enumerate(credit.itertuples()):
        last = k == len(credit) - 1  # the program: all providers' cash pooled
        name = w["all"] if last else names.get(row.provider, str(row.provider))
        rows.append((f"<b>{e(name)}</b>" if last else e(name),
                     [number(row.peak_prefinancing_mean, lang),
                      _money(row.credit_line, lang, True),
                      number(row.months_negative_mean, lang, 1)]))
    head = [w["provider"], w["peak_mean"], w["line"].format(q=share),
            negative_label(result, lang)]
    return table(credit_title(result, share, lang), head, rows)


def credit_title(result: RunResult, share: str, lang: str) -> str:
    """The credit lines' heading, in a re-forecast with the month they are taken from
    (``with_peak_start``): the balance may fall lower in the actual months."""
    return with_peak_start(result, WORDS[lang]["credit"].format(q=share), lang)


def negative_label(result: RunResult, lang: str) -> str:
    """The head of the months-below-zero column: the count runs over the cash flow's
    months, which go on after the period until the last payment (a retention's final
    payment, ``final_after_months``), so a 36-month period can have 42 of them."""
    scn, w = result.scenario, WORDS[lang]
    months = len(mean_balance(result))
    if months <= scn.period.months:
        return w["negative_period"]
    return w["negative"].format(month=month_words(month_labels(scn.period.start_month,
                                                               months)[-1], lang))

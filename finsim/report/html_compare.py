"""``report.html`` of ``finsim compare``: BASE and its alternatives on one page.

The page answers "what changes against BASE": each scenario's key figures with their
90 % interval, and for the alternatives the paired difference to BASE (same random
numbers, replication by replication) with its own interval; who pays how much in each
scenario; the flows side by side; each scenario's cost and funding by year; the warnings
of every scenario. Scenarios whose periods start in different months are aligned by
month of the program (month 1 is its program's first month: a warm-up's
``simulate_from``, so a program running since 2026-01 reported from 2027-01 is drawn from
its month 13), and the page says so.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np

from ..analysis.compare import (
    Comparison,
    Paired,
    PeopleAt,
    Spread,
    Undefined,
    all_warnings,
    budget_nets,
    comparison_window,
    cost_splits,
    drawn_before_window,
    people_at_window,
    period_text,
    undefined_counts,
    window_moved,
    window_setters,
)
from ..analysis.starts import compared_start
from ..analysis.words import month_words
from ..ledger.categories import base_year
from ..replication import FLOW_COLUMNS
from ..scenario.model import Period
from ..scenario.schedule import month_labels
from . import htmlpage
from .amounts import set_lines, signed, undrawn_line
from .cashflow import PEAK_WHAT, peak_when, with_peak_starts
from .charts import from_floor, tidy
from .compare_years import Year, YearTable, year_tables
from .html import (
    TEXT,
    figure,
    marked,
    metric_label,
    money_by_year,
    not_public,
    number,
    returns_label,
    svg,
    warnings_block,
    warnings_heading,
)
from .htmlpage import page, table
from .palette import OKABE_ITO, funder_colours

WORDS = {
    "de": {
        "title": "Szenarienvergleich", "ask": "Was ändert sich gegenüber dem Basisszenario "
        "(BASE)? Alle Szenarien laufen mit denselben Zufallszahlen, so dass jede Differenz "
        "vom Szenario kommt, nicht vom Zufall.",
        "scenarios": "Szenarien", "file": "Datei", "prices": "Preisbasis (Jahr)",
        "start": "Start", "key": "Kennzahlen: Mittelwert [90-%-"
        "Intervall]; Alternativen: Δ = gepaarte Differenz zu BASE [90-%-Intervall]",
        "same": "Δ 0 (in jeder Replikation gleich)",
        "clear": "fett: das Intervall der Differenz schließt 0 aus",
        "funders": "Kosten nach Geldgeber je Szenario (Mittelwert, Mio. EUR)",
        "flows": "Verläufe je Programmmonat (Mittelwert, Band: 5.–95. Perzentil)",
        "flows_calendar": "Verläufe je Monat (Mittelwert, Band: 5.–95. Perzentil)",
        "aligned": "Die Szenarien beginnen in verschiedenen Monaten ({starts}): die Verläufe "
        "sind nach Programmmonat ausgerichtet (Monat 1 ist der erste Monat jedes "
        "Programms, bei einem Vorlauf sein simulate_from), nicht nach Kalendermonat.",
        "program_month": "Programmmonat", "by_year": TEXT["de"]["money_year"],
        "peak": "Höchste Vorfinanzierung",
        "million": "Mio. EUR", "cost_per_placement": "Kosten je Vermittlung (Mittel der "
        "Replikationen)",
        "undefined": "{label}: in {each} von {n} Replikationen definiert; jedes Δ ist über "
        "die Replikationen gebildet, die beide definieren ({pairs}), und ist daher nicht "
        "die Differenz der Mittelwerte.",
        "funders_name": "Kosten nach Geldgeber je Szenario",
        "funders_caption": "Gestapelte Balken, einer je Szenario (Mittelwert, Mio. EUR): "
        "die Kosten nach Geldgeber{gap}, wie in der Tabelle der Kennzahlen. Summe je "
        "Szenario: {totals}.",
        "with_gap": " und die Finanzierungslücke",
        "flows_caption": "Vier Liniendiagramme über die {months}: Teilnehmende, Warteliste, "
        "Eintritte und Austritte in Arbeit; je Szenario eine Linie (Mittelwert) und ein "
        "Band (5.–95. Perzentil). Teilnehmende am Ende des Zeitraums im Mittel: {ends}.",
        "calendar_months": "Monate {first} bis {last}",
        "program_months": "Programmmonate {first} bis {last}",
        "warm_start": "{start}, Programm seit {since}",
        "ask_actual": "Was ändert sich gegenüber dem Basisszenario (BASE)? Vor {window}, "
        "in den Ist-Monaten von {names}, stellt eine Differenz simulierte Monate den "
        "tatsächlichen gegenüber: sie ist keine Wirkung des Szenarios. Ab {window} sind "
        "beide Prognosen von verschiedenen Ausgangslagen (simulierte Personen gegenüber den "
        "tatsächlichen), die nur die je Replikation gezogenen Parameter teilen, nicht die "
        "Ereignisse: ein Teil einer Differenz ist Zufall, und ihr 90-%-Intervall zeigt, wie "
        "viel. Die Zeile unter den Kennzahlen teilt das Δ der Kosten dort auf.",
        "split": "Δ Kosten von {label} gegenüber BASE: {total} EUR, davon {before} von "
        "{first} bis {last}, den Ist-Monaten (simulierte Monate gegenüber den tatsächlichen, "
        "keine Wirkung des Szenarios), und {after} ab {window} (beides Prognosen von "
        "verschiedenen Ausgangslagen, die nur die gezogenen Parameter teilen: das Intervall "
        "zeigt, wie viel davon Zufall ist); jeder Teil mit dem 90-%-Intervall seiner "
        "gepaarten Differenzen",
        "interval": "{mean} (90-%-Intervall {low} – {high})",
        "people": "Personen zu Beginn der Prognose {window} (Ende {last}): auf den Plätzen "
        "{participants}; auf einen Platz wartend {waiting}",
        "people_each": "BASE {base}, {label} {alt}, Δ {delta}", "actual": "Ist",
        "years": "Nach Kalenderjahr: {label} gegenüber BASE ({base}), EUR, Kosten dem Jahr "
        "zugerechnet, in dem sie entstehen",
        "year": "Jahr", "figure": "Kennzahl", "delta_interval": "90-%-Intervall des Δ",
        "total": "Summe", "part": "davon {mark} {months}",
        "years_note": "Jedes Jahr ist markiert, wie die Hochrechnung es enthält: Ist (alle "
        "Monate Ist), Prognose, oder Ist + Prognose mit der Zahl der Ist-Monate, darunter "
        "seine Ist-Monate und seine Prognosemonate (davon Ist, davon Prognose: die Ist-Monate "
        "aus dem mittleren Ledger, die Prognosemonate das Jahr abzüglich ihrer, so dass beide "
        "das Jahr auf den Cent ergeben); die Zahlen des Plans sind auch in einem Ist-Jahr "
        "simuliert. Die Kosten eines Jahres sind ihr "
        "eigener Mittelwert auf den Cent (in einer Hochrechnung das Jahresende von finsim "
        "run); die Geldgeber und die Lücke je der ihre, wie results.xlsx des Laufs sie "
        "gibt, und sie ergeben die Kosten bis auf wenige Cent Rundung. Die Jahre ergeben die "
        "Summe auf den Cent; das Intervall ist das der gepaarten Differenzen je Replikation.",
        "peak_window": "Höchste Vorfinanzierung: für jedes Szenario ab {window}, dem ersten "
        "Prognosemonat von {names}, mit dem Kassenstand der Monate davor als Übertrag, so "
        "dass jedes Δ dieselben Monate umfasst (finsim run nimmt die eines Plans über alle "
        "seine Monate, auch die schon vergangenen).",
    },
    "en": {
        "title": "Scenario comparison", "ask": "What changes against the base scenario "
        "(BASE)? All scenarios run on the same random numbers, so a difference comes from "
        "the scenario, not from chance.",
        "scenarios": "Scenarios", "file": "File", "prices": "Price base (year)",
        "start": "Start", "key": "Key figures: mean [90 % interval]; "
        "alternatives: Δ = paired difference to BASE [90 % interval]",
        "same": "Δ 0 (the same in every replication)",
        "clear": "bold: the difference's interval excludes 0",
        "funders": "Cost by funder per scenario (mean, EUR million)",
        "flows": "Flows by month of the program (mean; band: 5th-95th percentile)",
        "flows_calendar": "Flows by month (mean; band: 5th-95th percentile)",
        "aligned": "The scenarios start in different months ({starts}): the flows are "
        "aligned by month of the program (month 1 is each program's first month, a "
        "warm-up's simulate_from), not by calendar month.",
        "program_month": "month of the program", "by_year": TEXT["en"]["money_year"],
        "peak": "Peak pre-financing", "million": "EUR million",
        "cost_per_placement": "Cost per placement (mean over replications)",
        "undefined": "{label}: defined in {each} of {n} replications; each Δ is over the "
        "replications both define ({pairs}), so it is not the difference of the means.",
        "funders_name": "Cost by funder per scenario",
        "funders_caption": "Stacked bars, one per scenario (mean, EUR million): the cost by "
        "funder{gap}, as in the table of key figures. Total per scenario: {totals}.",
        "with_gap": " and the funding gap",
        "flows_caption": "Four line charts over the {months}: participants, waiting list, "
        "entries and placements into work; per scenario a line (mean) and a band (5th-95th "
        "percentile). Participants at the end of the period on average: {ends}.",
        "calendar_months": "months {first} to {last}",
        "program_months": "months of the program {first} to {last}",
        "warm_start": "{start}, program since {since}",
        "ask_actual": "What changes against the base scenario (BASE)? Before {window}, in "
        "the actual months of {names}, a difference sets simulated months against the "
        "actual ones: it is not an effect of the scenario. From {window} on both are "
        "forecasts from different starting points (simulated people against the actual "
        "ones) that share only the parameters drawn for each replication, not the events: "
        "part of a difference is chance, and its 90 % interval shows how much. The line "
        "under the key figures splits the Δ of cost there.",
        "split": "Δ cost of {label} against BASE: {total} EUR, of it {before} in {first} – "
        "{last}, the actual months (simulated months against the actual ones, not an "
        "effect of the scenario), and {after} from {window} on (both forecasts from "
        "different starting points that share only the drawn parameters: the interval "
        "shows how much of it is chance); each part with the 90 % interval of its paired "
        "differences",
        "interval": "{mean} (90 % interval {low} – {high})",
        "people": "People at the start of the forecast {window} (the end of {last}): in "
        "the slots {participants}; waiting {waiting}",
        "people_each": "BASE {base}, {label} {alt}, Δ {delta}", "actual": "actual",
        "years": "By calendar year: {label} against BASE ({base}), EUR, cost charged to "
        "the year it arises in",
        "year": "Year", "figure": "Figure", "delta_interval": "90 % interval of the Δ",
        "total": "Total", "part": "of which {mark} {months}",
        "years_note": "Each year is marked as the re-forecast holds it: actual (all its "
        "months actual), forecast, or actual + forecast with how many months are actual, "
        "and under it its actual months and its forecast months (of which actual, of which "
        "forecast: the actual months from the mean ledger, the forecast months the year less "
        "them, so that the two add up to the year to the cent); the plan's figures are "
        "simulated in an actual year too. A year's cost is its own "
        "mean to the cent (in a re-forecast the year-end figure of finsim run); the funders "
        "and the gap are each theirs, as the run's results.xlsx gives them, and add up to "
        "the cost within a few cents of rounding. The years add up to the total to the "
        "cent; the interval is that of the paired differences replication by replication.",
        "peak_window": "Peak pre-financing: every scenario's from {window} on, the first "
        "forecast month of {names}, with the balance of the months before carried in, so "
        "that each Δ spans the same months (finsim run takes a plan's over all its months, "
        "those already past included).",
    },
}


OR = {"de": " bzw. ", "en": " or "}
"""What joins the names one funder id has in the scenarios: a word, not a "/" that names
hold themselves ("Land NRW / ESF / Land NRW / ESF+" read as one four-part name)."""


def funders(comparison: Comparison, lang: str = "en") -> list[tuple[str, str]]:
    """(id, name) of every funder of any scenario, BASE's first, in list order: the
    order that gives each funder its colour (``palette``). A funder the scenarios name
    differently goes by all its names, in the scenarios' order, joined by ``OR`` in
    ``lang``: BASE's name alone would label another scenario's money (the §16i file's
    Jobcenter as the 2013 file's "Lohnkostenzuschuss FAV")."""
    seen: dict[str, dict[str, None]] = {}
    for result in comparison.results:
        for f in result.scenario.funding:
            seen.setdefault(f.id, {})[f.name or f.id] = None
    return [(fid, OR[lang].join(names)) for fid, names in seen.items()]


def not_public_in_any(comparison: Comparison) -> set[str]:
    """The metrics of money that is not public in any scenario (``html.not_public``):
    marked so on the page and in the workbook, whichever scenario's money it is."""
    return {m for r in comparison.results for m in not_public(r.scenario)}


def compare_report(comparison: Comparison, files: list[str], lang: str = "de") -> str:
    """The page of a comparison, as HTML text."""
    t, w = TEXT[lang], WORDS[lang]
    base = comparison.base
    warnings = all_warnings(comparison, lang)
    body = [f"<h2>{t['question']}</h2><p>{html.escape(ask(comparison, lang))}</p>",
            f"<h2>{w['scenarios']}</h2>", scenario_table(comparison, files, lang),
            f"<p><b>{t['replications']}:</b> {number(base.spec.replications, lang)}; "
            f"<b>{t['seed']}:</b> {base.spec.seed}</p>"]
    body += [f"<p>{html.escape(line)}</p>"  # every scenario's; the value BASE's file had
             for line in set_lines(base.scenario._set_over, lang)]
    if undrawn := undrawn_line(comparison.undrawn, lang):
        body.append(f"<p>{html.escape(undrawn)}</p>")
    if note := alignment_note(comparison, lang):
        body.append(f"<p class='warn'>{html.escape(note)}</p>")
    body += [f"<h2>{warnings_heading(warnings, lang)}</h2>", warnings_block(warnings, lang),
             f"<h2>{w['key']}</h2>", key_table(comparison, lang),
             *(f"<p class='note'>{html.escape(note)}</p>"
               for note in [*undefined_lines(comparison, lang),
                            *reforecast_lines(comparison, lang),
                            *peak_lines(comparison, lang)]),
             f"<p class='note'>{t['net_note']}</p>",
             f"<p class='note'>{w['clear']}</p>",
             *year_sections(comparison, lang),
             f"<h2>{w['funders']}</h2>",
             htmlpage.figure(svg(cost_by_funder_figure(comparison, lang)), w["funders_name"],
                             funders_caption(comparison, lang)),
             f"<h2>{flows_title(comparison, lang)}</h2>",
             htmlpage.figure(svg(flows_figure(comparison, lang)), flows_title(comparison, lang),
                             flows_caption(comparison, lang)),
             f"<h2>{w['by_year']}</h2>"]
    for label, result in zip(comparison.labels, comparison.results, strict=True):
        body += [f"<h3>{html.escape(label)}</h3>", money_by_year(result, lang)]
    body.append(f"<p class='note'>{TEXT[lang]['cash_note']}</p>")
    return page(f"{w['title']}: {base.scenario.name}", body, lang)


def ask(comparison: Comparison, lang: str) -> str:
    """The page's question and what the common random numbers answer: with a
    re-forecast among the scenarios, only from its first forecast month on
    (``comparison_window``); before it the months are facts in one scenario and a draw
    in another. Re-forecasts all as of one month share their facts: the plain words."""
    w, window = WORDS[lang], comparison_window(comparison)
    if not drawn_before_window(comparison, comparison.results):
        return w["ask"]
    return w["ask_actual"].format(window=month_words(window, lang),
                                  names=quoted(window_setters(comparison), lang))


def quoted(labels: list[str], lang: str) -> str:
    """Scenario labels in the language's quotes, joined by commas."""
    left, right = QUOTES[lang]
    return ", ".join(f"{left}{label}{right}" for label in labels)


def cost_split_lines(comparison: Comparison, lang: str) -> list[str]:
    """Each alternative's Δ of cost split at the comparison's window (``cost_splits``):
    the months actual in a re-forecast, where the difference is not the scenario's, and
    the forecast; the parts in whole EUR with their intervals, the total as the key
    table's Δ."""
    w, out = WORDS[lang], []
    for split in cost_splits(comparison):
        total = comparison.row("cost_total", split.label)["delta_mean"]
        out.append(w["split"].format(
            label=quoted([split.label], lang), total=signed(number(total, lang), total, True),
            before=with_interval(split.before, 0, lang),
            after=with_interval(split.after, 0, lang),
            first=month_words(split.first, lang), last=month_words(split.window + -1, lang),
            window=month_words(split.window, lang)))
    return out


def with_interval(spread: Spread, digits: int, lang: str) -> str:
    """A Δ with its 90 % interval in words: ``-443,808 (90 % interval -675,216 –
    +96,838)``."""
    def text(v: float) -> str:
        return signed(number(v, lang, digits), v, True)

    return WORDS[lang]["interval"].format(mean=text(spread.mean), low=text(spread.low),
                                          high=text(spread.high))


def people_lines(comparison: Comparison, lang: str) -> list[str]:
    """The people in the slots and waiting at the window in BASE and each re-forecast
    compared with it (``people_at_window``): a figure the same in every replication as
    actual, one drawn with its interval, and the paired Δ with its own."""
    w = WORDS[lang]
    return [w["people"].format(window=month_words(at.window, lang),
                               last=month_words(at.window + -1, lang),
                               participants=_people_each(at, at.participants, lang),
                               waiting=_people_each(at, at.waiting, lang))
            for at in people_at_window(comparison)]


def _people_each(at: PeopleAt, figure: Paired, lang: str) -> str:
    """One count of ``people_lines``: BASE's and the alternative's, actual or with its
    interval, and the Δ."""
    w = WORDS[lang]
    base, alt = (number(s.mean, lang, 0) + f" ({w['actual']})" if actual else
                 w["interval"].format(mean=number(s.mean, lang, 1), low=number(s.low, lang, 1),
                                      high=number(s.high, lang, 1))
                 for s, actual in zip((figure.base, figure.alt), at.actual, strict=True))
    return w["people_each"].format(base=base, label=quoted([at.label], lang), alt=alt,
                                   delta=with_interval(figure.delta, 1, lang))


def reforecast_lines(comparison: Comparison, lang: str) -> list[str]:
    """The lines under the key figures of a plan compared with its re-forecast: the Δ of
    cost split at as_of, and the people at as_of."""
    return [*cost_split_lines(comparison, lang), *people_lines(comparison, lang)]


def year_label(year: Year, table: YearTable, lang: str) -> str:
    """A year as the tables by year head it, with its mark: ``2027 (actual + forecast)``;
    the total ``Total 2026–2030 (actual + forecast)`` (of one year: ``Total 2027``); a
    year's part ``of which actual 2027-01 – 2027-06`` (of one month: ``2027-07``)."""
    if year.span:
        return WORDS[lang]["part"].format(mark=year.mark(lang), months=year.months_text())
    first, last = table.years[0].year, table.years[-2].year
    span = str(first) if first == last else f"{first}–{last}"
    text = str(year.year) if year.year is not None else f"{WORDS[lang]['total']} {span}"
    mark = year.mark(lang)
    return f"{text} ({mark})" if mark else text


def year_table_html(comparison: Comparison, table: YearTable, lang: str) -> str:
    """An alternative against BASE by calendar year (``year_tables``): per figure its
    years (a year both actual and forecast with its two parts under it) and total, each
    with BASE's and the alternative's mean, the Δ and its interval, EUR to the cent (the
    years add up to the total as shown, the parts to their year); a Δ whose interval excludes
    0 bold, as in the key figures, which the line "bold: ..." above says."""
    w, e = WORDS[lang], html.escape
    labels = dict((metric, text) for text, metric in key_rows(comparison, lang))
    rows = []
    for metric in table.years[0].figures:
        for k, year in enumerate(table.rows()):
            f = year.figures[metric]
            cells = [e(year_label(year, table, lang)),
                     *(number(v, lang, 2) for v in (f.base.mean, f.alt.mean)),
                     _bold_if(comparison.clear(f.delta.low, f.delta.high),
                              signed(number(f.delta.mean, lang, 2), f.delta.mean, True)),
                     f"{signed(number(f.delta.low, lang, 0), f.delta.low, True)} – "
                     f"{signed(number(f.delta.high, lang, 0), f.delta.high, True)}"]
            rows.append((e(labels[metric]) if k == 0 else "", cells))
    caption = w["years"].format(label=quoted([table.label], lang),
                                base=quoted([comparison.labels[0]], lang))
    return (f"<h3>{e(caption)}</h3>" + htmlpage.table(
        caption, [w["figure"], w["year"], e(f"BASE: {comparison.labels[0]}"), e(table.label),
                  "Δ", w["delta_interval"]], rows))


def year_sections(comparison: Comparison, lang: str) -> list[str]:
    """The tables by year of each plan against its re-forecast, and what the marks and
    the total are; nothing for a plain comparison."""
    tables = year_tables(comparison)
    if not tables:
        return []
    return [*(year_table_html(comparison, t, lang) for t in tables),
            f"<p class='note'>{html.escape(WORDS[lang]['years_note'])}</p>"]


def peak_lines(comparison: Comparison, lang: str) -> list[str]:
    """The lines on the key table's peak pre-financing row: when each scenario's comes
    (``peak_when_line``), and why it spans the months from the comparison's window on in
    every scenario (``window_moved``; none where each scenario's is its own)."""
    when = peak_when_line(comparison, lang)
    lines = [when] if when else []
    if not window_moved(comparison):
        return lines
    return [*lines, WORDS[lang]["peak_window"].format(
        window=month_words(comparison_window(comparison), lang),
        names=quoted(window_setters(comparison), lang))]


def peak_when_line(comparison: Comparison, lang: str) -> str:
    """What the peak pre-financing is and the month most of each scenario's lows fall in
    (``cashflow.peak_when``), as the run's page says it: the mean of lows in different
    months, so a treasurer needs them to know when the credit line is drawn. Empty where
    no scenario ever pre-finances anything."""
    when = [peak_when(result, lang) for result in comparison.results]
    if not any(when):
        return ""
    return (f"{WORDS[lang]['peak']}: {PEAK_WHAT[lang]['what']}; " + named_totals(
        comparison, [w or TEXT[lang]["no_peak_scenario"] for w in when]))


def aligned(comparison: Comparison) -> bool:
    """The scenarios start in different months: flows go by month of the program."""
    return len({r.scenario.period.start for r in comparison.results}) > 1


def flows_title(comparison: Comparison, lang: str) -> str:
    """The flows' heading, also the chart's name: by month of the program or by month."""
    return WORDS[lang]["flows" if aligned(comparison) else "flows_calendar"]


def named_totals(comparison: Comparison, totals: list[str]) -> str:
    """Each scenario's label with its figure, BASE marked, as the key table heads them."""
    return "; ".join(f"{'BASE: ' if k == 0 else ''}{label}: {total}" for k, (label, total)
                     in enumerate(zip(comparison.labels, totals, strict=True)))


def funders_caption(comparison: Comparison, lang: str) -> str:
    """What the funders' bars draw, and each bar's total (the figure over it), so the
    chart says in words what its labels say in numbers."""
    w = WORDS[lang]
    parts = funder_parts(comparison, lang)
    totals = sum((heights for _, _, heights in parts), np.zeros(len(comparison.labels)))
    gap = w["with_gap"] if any(fid == "gap" for fid, _, _ in parts) else ""
    return w["funders_caption"].format(gap=gap, totals=named_totals(
        comparison, [f"{number(v, lang, 2)} {w['million']}" for v in totals]))


def flows_caption(comparison: Comparison, lang: str) -> str:
    """What the flow panels draw, over which months, and each scenario's mean number of
    participants at the end of its period (the figure the panels end on)."""
    w = WORDS[lang]
    longest = max(comparison.results, key=lambda r: r.scenario.period.months).scenario
    if aligned(comparison):
        spans = [program_months(r.scenario.period) for r in comparison.results]
        months = w["program_months"].format(first=min(int(x[0]) for x in spans),
                                            last=max(int(x[-1]) for x in spans))
    else:
        labels = month_labels(longest.period.start_month, longest.period.months)
        months = w["calendar_months"].format(first=month_words(labels[0], lang),
                                             last=month_words(labels[-1], lang))
    column = FLOW_COLUMNS.index("participants")
    ends = [number(r.mean(r.aggregate.flows)[-1, -1, column], lang, 1)
            for r in comparison.results]
    return w["flows_caption"].format(months=months, ends=named_totals(comparison, ends))


def alignment_note(comparison: Comparison, lang: str) -> str:
    """The sentence that says the flows are aligned by program month, or ""."""
    if not aligned(comparison):
        return ""
    w = WORDS[lang]
    starts = ", ".join(
        f"{label} " + (w["warm_start"].format(start=month_words(p.start, lang),
                                              since=month_words(p.simulate_from, lang))
                       if p.simulate_from else month_words(p.start, lang))
        for label, p in zip(comparison.labels, (r.scenario.period for r in comparison.results),
                            strict=True))
    return w["aligned"].format(starts=starts)


def program_months(period: Period) -> np.ndarray:
    """The months of its program a period reports, 1 its program's first month: a
    warm-up's ``simulate_from`` (a program running since 2026-01 reported from 2027-01
    is months 13 on, beside a file whose month 1 is 2026-01), else the period start."""
    return np.arange(1, period.months + 1) + period.warm_up_months


def scenario_table(comparison: Comparison, files: list[str], lang: str) -> str:
    t, w = TEXT[lang], WORDS[lang]
    e = html.escape
    rows = []
    for k, (label, result, file) in enumerate(zip(comparison.labels, comparison.results,
                                                  files, strict=True)):
        scn = result.scenario
        months = month_labels(scn.period.start_month, scn.period.months)
        name = f"BASE: {label}" if k == 0 else label
        rows.append((e(name), [e(str(file)), f"{months[0]} – {months[-1]}",
                               str(scn.period.months), str(base_year(scn)),
                               e(compared_start(result, lang)), str(len(scn.providers))]))
    return table(w["scenarios"], [t["scenario"], w["file"], t["period"], t["months"],
                                  w["prices"], w["start"], t["providers"]], rows)


def key_rows(comparison: Comparison, lang: str) -> list[tuple[str, str]]:
    """(label, metric) in the order a planner asks, funders and public budgets of every
    scenario included: the run page's lines (``html.key_figures``), so that public
    funding - benefits avoided - returns = net public cost, and the budgets' net costs
    add up to it, in each scenario and in each Δ."""
    t, w = TEXT[lang], WORDS[lang]
    eur = f" ({t['eur']})"
    scenarios = [r.scenario for r in comparison.results]
    names, apart = dict(funders(comparison, lang)), not_public_in_any(comparison)
    rows = [(t["m_entries"], "entries"), (t["m_exits_placement"], "exits_placement"),
            (t["m_cost_total"] + eur, "cost_total")]
    rows += [(marked(metric_label(metric, scenarios[0], lang, names), metric, apart, lang)
              + eur, metric) for metric in (f"funding_{fid}" for fid in names)]
    rows += [(t["m_funding_gap"] + eur, "funding_gap"),
             (t["m_passive_benefits_avoided"] + eur, "passive_benefits_avoided")]
    if any(scn.returns for scn in scenarios):
        rows.append((returns_label(lang), "returns"))
    rows.append((t["m_net_public_cost"] + eur, "net_public_cost"))
    rows += [(metric_label(metric, scenarios[0], lang) + eur, metric)
             for metric in budget_nets(comparison)]
    return rows + [(w["cost_per_placement"] + eur, "cost_per_placement"),
                   (with_peak_starts(comparison.results, comparison.labels, w["peak"] + eur,
                                     lang), "peak_prefinancing")]


def key_table(comparison: Comparison, lang: str) -> str:
    """Metrics as rows, scenarios as columns: mean [interval]; Δ [interval] for ALTs."""
    e = html.escape
    head = ["", *(e("BASE: " + label if k == 0 else label)
                  for k, label in enumerate(comparison.labels))]
    rows = []
    for text, metric in key_rows(comparison, lang):
        if not (comparison.table.metric == metric).any():
            continue
        cells = [_cell(comparison, comparison.row(metric, label), lang, k == 0)
                 for k, label in enumerate(comparison.labels)]
        rows.append((e(text), cells))
    return table(WORDS[lang]["key"], head, rows)


def undefined_lines(comparison: Comparison, lang: str) -> list[str]:
    """The command's ``note:`` lines (``analysis.compare.undefined_notes``) in ``lang``,
    for the metrics of the key table some replications leave undefined."""
    labels = dict((metric, text) for text, metric in key_rows(comparison, lang))
    return [undefined_line(u, labels[u.metric], comparison.labels, lang)
            for u in undefined_counts(comparison) if u.metric in labels]


QUOTES = {"de": ("„", "“"), "en": ("“", "”")}
"""A scenario's name quoted inside a sentence."""


def undefined_line(u: Undefined, label: str, labels: list[str], lang: str) -> str:
    """One metric's counts: per scenario, and per alternative with BASE (Δ's); the names
    in the language's quotes (a name with a comma in it ran into the list)."""
    left, right = QUOTES[lang]
    each = ", ".join(f"{left}{name}{right} {number(d, lang)}"
                     for name, d in zip(labels, u.defined, strict=True))
    pairs = ", ".join(f"{left}{name}{right} {number(b, lang)}"
                      for name, b in zip(labels[1:], u.both, strict=True))
    return WORDS[lang]["undefined"].format(label=label, each=each, pairs=pairs,
                                           n=number(u.replications, lang))


def _cell(comparison: Comparison, row, lang: str,  # noqa: ANN001 - a table row
          is_base: bool) -> str:
    """Mean [interval], and an alternative's Δ [interval], in the metric's unit as the run
    page writes it (``html.figure``: people to one decimal, EUR to the euro)."""
    def fmt(v: float, sign: bool = False) -> str:
        return figure(v, row["metric"], lang, sign)

    mean = fmt(row["mean"])
    if is_base:
        return f"{mean}<br><small>[{fmt(row['p05'])} – {fmt(row['p95'])}]</small>"
    lo, hi, delta = row["delta_p05"], row["delta_p95"], row["delta_mean"]
    if lo == hi == delta == 0:
        return f"{mean}<br><small>{WORDS[lang]['same']}</small>"
    text = f"Δ {fmt(delta, True)}"
    text = _bold_if(comparison.clear(lo, hi), text)
    return f"{mean}<br>{text}<br><small>[{fmt(lo, True)} – {fmt(hi, True)}]</small>"


def _bold_if(clear: bool, text: str) -> str:
    """A cell's text in bold where its Δ stands out (``Comparison.clear``)."""
    return f"<b>{text}</b>" if clear else text


def cost_by_funder_figure(comparison: Comparison, lang: str,  # noqa: ANN201 - a Figure
                          periods: bool = False):
    """Stacked bars: each funder's mean amount and the gap, one bar per scenario, each
    funder in its palette colour in every scenario; legend beside the bars, its names
    wrapped (``LEGEND_WIDTH``) so the bars keep their width. A part that
    is 0 in every scenario (the gap of fully funded programs) is left out; with nothing
    paid anywhere the bars are empty, up to 1 million, and without a legend. More than
    ``UPRIGHT`` scenarios lie as rows, BASE on top, so the figure keeps the page's width
    (nine upright bars made it twice as wide, and the page shrank its text to a blur).
    ``periods``: each bar's label says its scenario's months (``period_text``), as
    cost_by_funder.png does away from the page's scenario table."""
    from matplotlib.figure import Figure

    from .ticks import InLanguage

    w = WORDS[lang]
    across = len(comparison.labels) > UPRIGHT
    width = 40 if across else 18
    labels = [_wrap(label, width) for label in comparison.labels]
    if periods:
        labels = [f"{label}\n{_wrap(period_text(r.scenario, lang), width)}"
                  for label, r in zip(labels, comparison.results, strict=True)]
    fig = Figure(figsize=(10.0, 0.55 * len(labels) + 1.6) if across
                 else (max(6.0, 1.6 * len(labels) + 4), 4.5))
    ax = fig.add_subplot()
    place = np.arange(len(labels))

    def bars(heights: np.ndarray, base: np.ndarray, **style: object) -> None:
        if across:
            ax.barh(place, heights, left=base, height=0.6, **style)
        else:
            ax.bar(place, heights, bottom=base, width=0.6, **style)

    colours = funder_colours([fid for fid, _ in funders(comparison, lang)])
    bottom = np.zeros(len(labels))
    for fid, name, heights in funder_parts(comparison, lang):
        bars(heights, bottom, label=_wrap(name, LEGEND_WIDTH), color=colours[fid])
        bottom += heights
    drawn = bool(bottom.any())
    if not drawn:  # nobody pays anything anywhere: the scenarios still get their places
        bars(bottom, np.zeros(len(labels)), color="none")
    top = bottom.max() * (1.15 if across else 1.1) if drawn else 1.0
    for x, total in enumerate(bottom):
        text = number(total, lang, 2)
        if across:
            ax.annotate(f" {text}", (total, x), ha="left", va="center", fontsize="small")
        else:
            ax.annotate(text, (x, total), ha="center", va="bottom", fontsize="small")
    if across:
        ax.set_yticks(place, labels, fontsize="small")
        ax.invert_yaxis()  # BASE first, on top
        ax.xaxis.set_major_formatter(InLanguage(lang))
        ax.set_xlabel(w["million"])
        ax.set_xlim(right=top)
    else:
        ax.set_xticks(place, labels, fontsize="small")
        ax.yaxis.set_major_formatter(InLanguage(lang))
        ax.set_ylabel(w["million"])
        ax.set_ylim(top=top)
    if drawn:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small",
                  frameon=False)
    return fig


def funder_parts(comparison: Comparison, lang: str) -> list[tuple[str, str, np.ndarray]]:
    """(id, name, EUR million per scenario) of each funder and the gap, as the funders'
    bars stack them: a part that is 0 in every scenario (the gap of fully funded
    programs) is left out, so it gets no empty legend entry. A funder that is not public
    is named so (``marked``), as the run page's bars and the key table name it."""
    apart = not_public_in_any(comparison)
    parts = [*((fid, marked(name, f"funding_{fid}", apart, lang), f"funding_{fid}")
               for fid, name in funders(comparison, lang)),
             ("gap", TEXT[lang]["gap"], "funding_gap")]
    out = []
    for fid, name, metric in parts:
        heights = np.array([_mean_or_zero(comparison, metric, label) / 1e6
                            for label in comparison.labels])
        if heights.any():
            out.append((fid, name, heights))
    return out


UPRIGHT = 4
"""Scenarios shown as upright bars at most; more lie as rows."""

LEGEND_WIDTH = 30
"""Characters a funder's name in the bars' legend takes at most a line: a merged name
("... (par. 16i SGB II wage subsidy) bzw. Jobcenter Dortmund (par. 16e SGB II)") on one
line took half the figure and squeezed four upright bars until their names overlapped."""


FLOW_PANELS = ("participants", "waiting", "entries", "exits_placement")


def flows_figure(comparison: Comparison, lang: str,
                 panels: tuple[str, ...] = FLOW_PANELS):  # noqa: ANN201 - a Figure
    """A panel per flow (participants, waiting list, entries, placements), one line and
    band per scenario; by month of the program when the starts differ, else by calendar
    month. Long scenario names are wrapped; a single panel (participants.png) is 8 inches
    wide with the legend below it, so the plot keeps the width whatever the names."""
    from matplotlib.figure import Figure

    from .ticks import InLanguage

    t, w = TEXT[lang], WORDS[lang]
    rows = -(-len(panels) // 2)
    cols = min(2, len(panels))
    single = cols == 1  # participants.png: the legend below, the plot the full width
    names = [_wrap(label, 90 if single else 30) for label in comparison.labels]
    lines = sum(name.count("\n") + 1 for name in names)
    fig = Figure(figsize=(8.0, 3.6 + 0.2 * lines) if single else (5 * cols, 3.2 * rows + 0.3))
    axes = fig.subplots(rows, cols, sharex=True, squeeze=False).ravel()
    bottom = axes[-cols:]
    styles = ("-", "--", ":", "-.")
    by_program = aligned(comparison)
    longest = max(comparison.results, key=lambda r: r.scenario.period.months)
    for k, (label, result) in enumerate(zip(names, comparison.results, strict=True)):
        mean = result.mean(result.aggregate.flows)[:, -1, :]
        low, high = np.percentile(result.aggregate.program_flow_rows(), [5, 95], axis=0)
        x = program_months(result.scenario.period) if by_program else np.arange(mean.shape[0])
        colour = OKABE_ITO[k % len(OKABE_ITO)]
        for ax, column in zip(axes, panels, strict=False):
            c = FLOW_COLUMNS.index(column)
            ax.fill_between(x, low[:, c], high[:, c], color=colour, alpha=0.15, linewidth=0)
            ax.plot(x, mean[:, c], color=colour, linestyle=styles[k % len(styles)],
                    linewidth=2 if k == 0 else 1.3, label=label)
    for ax, column in zip(axes, panels, strict=False):
        ax.set_title(t[column], fontsize=10, loc="left")
        from_floor(ax, 0)
        ax.yaxis.set_major_formatter(InLanguage(lang))
    if by_program:
        for ax in bottom:
            ax.set_xlabel(w["program_month"])
    else:
        scn = longest.scenario
        labels = month_labels(scn.period.start_month, scn.period.months)
        x = np.arange(scn.period.months)
        step = max(1, len(x) // 6)
        for ax in bottom:
            ax.set_xticks(x[::step], [labels[i] for i in x[::step]], fontsize=8)
    if single:  # below the month labels: beside, long names squeezed the plot to a sliver
        axes[0].legend(loc="upper left", bbox_to_anchor=(0, -0.14), fontsize="small",
                       frameon=False)
    else:
        axes[cols - 1].legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize="small",
                              frameon=False)
    tidy(fig)
    return fig


def _mean_or_zero(comparison: Comparison, metric: str, label: str) -> float:
    hit = comparison.table[(comparison.table.metric == metric)
                           & (comparison.table.scenario == label)]
    value = float(hit["mean"].iloc[0]) if len(hit) else 0.0
    return 0.0 if math.isnan(value) else value


_KEPT_TOGETHER = re.compile(r"(?<=\d) (?=%|‰|€|EUR\b)|(?<=§) (?=\d)|(?<=\bSGB) (?=[IVX]+\b)")
"""The spaces a line must not break at: between a number and its percent sign or currency
(``40 %``, ``1.200 €``), after a section sign (``§ 16i``) and in a book of the social code
(``SGB II``)."""
_BREAKS = re.compile(r"[^\S\u00a0]+")
"""Where ``_wrap`` may break: any white space but the non-breaking one."""


def _wrap(text: str, width: int = 18) -> str:
    """Break a long scenario or funder name over lines for a bar label or legend, never
    between a number and its unit (``_KEPT_TOGETHER``: "40" ending one line and "% EU"
    starting the next reads as two figures): such a space is made non-breaking."""
    lines, line = [], ""
    for word in filter(None, _BREAKS.split(_KEPT_TOGETHER.sub("\u00a0", text))):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])

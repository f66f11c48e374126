"""``report.html``: one self-contained page of a run that opens offline.

Charts are inline SVG drawn by matplotlib (text kept as text, so a browser, a search and
a screen reader can read it), styles are inline, nothing is fetched. Labels are German by
default (``--lang en`` for English): the readers are Jobcenter, Kommune and Träger staff
and the funders they apply to, who work in German.
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..analysis.sanity import Note
from ..analysis.starts import actuals_lines, start_lines, year_end_lines, year_titles
from ..analysis.words import level_digits, month_words
from ..funding.fiscal import UNSPLIT, budgets, public_budgets
from ..ledger import BY_ID, COST_CATEGORIES
from ..montecarlo import RunResult
from ..montecarlo.statistics import stats
from ..nouns import counted, listed
from ..replication import FLOW_COLUMNS
from ..scenario.schedule import month_labels
from ..units import kind
from .amounts import all_zero, defined_note, number, percent, set_lines, signed, undrawn_line
from .budgets import ACCRUAL, CASH_NOTE, budget_name, funder_year_cents, plan_cells
from .cashflow import (
    balance_band,
    lies_deeper,
    lowest_point,
    mean_balance,
    mean_of,
    peak_start,
    peak_what,
    peaks,
    program_interval,
)
from .charts import SVG_METADATA, SVG_SETTINGS, glyphs_quiet, inline
from .drawing import BalanceChart, Band, BarsChart, Chart, FlowsChart, Page, Words
from .htmlpage import table
from .palette import FLOW, category_colour, funder_colours
from .summary_rows import NEGATED, RATIO_OF_MEANS, RATIOS, summary_rows

LANGS = ("de", "en")

TEXT = {
    "de": {
        "title": "Ergebnisbericht", "question": "Fragestellung",
        "ask": "Was leistet das Programm, was kostet es, und wer trägt die Kosten?",
        "scenario": "Szenario", "period": "Zeitraum", "months": "Monate",
        "providers": "Träger", "replications": "Replikationen", "seed": "Startwert",
        "key": "Kennzahlen (Mittelwert und 90-%-Intervall über die Replikationen)",
        "figure": "Kennzahl", "mean": "Mittelwert", "interval": "90-%-Intervall",
        "flows": "Verläufe je Monat (Mittelwert, Band: 5.–95. Perzentil)",
        "stock": "Teilnehmende und Warteliste", "moves": "Eintritte und Austritte nach Grund",
        "money": "Kosten und Finanzierung je Jahr und Geldgeber (Mittelwert, EUR)",
        "money_year": "Kosten und Finanzierung je Jahr und Geldgeber (Mittelwert, EUR, "
                      f"{ACCRUAL['de']})", "cash_note": CASH_NOTE["de"],
        "by_category": "Kosten je Jahr nach Kostenart (Mittelwert, EUR)",
        "year": "Jahr", "total": "Summe",
        "no_warnings": "Keine Hinweise.", "month": "Monat", "persons": "Personen",
        "per_month": "Personen je Monat", "eur": "EUR",
        "ratio_note": "Kosten je Eintritt/Vermittlung: „Summe / Anzahl“ ist der Quotient "
                      "der Mittelwerte (wie man aus den Summen rechnet); „Mittel der "
                      "Replikationen“ ist der Mittelwert der Quotienten je Replikation.",
        "participants": "Teilnehmende", "waiting": "Warteliste", "entries": "Eintritte",
        "exits_placement": "Austritte: Vermittlung", "exits_dropout": "Austritte: Abbruch",
        "exits_max_duration": "Austritte: Höchstdauer", "gap": "Finanzierungslücke",
        "m_entries": "Erreichte Personen (Eintritte)",
        "m_exits_placement": "Vermittlungen in Arbeit", "m_exits_dropout": "Abbrüche",
        "m_occupancy_rate": "Auslastung der Plätze", "m_cost_total": "Gesamtkosten",
        "m_funding_gap": "Finanzierungslücke", "m_net_public_cost": "Öffentliche Nettokosten",
        "m_passive_benefits_avoided": "Vermiedene passive Leistungen",
        "m_cost_per_entry": "Kosten je Eintritt", "m_cost_per_placement":
            "Kosten je Vermittlung", "ratio": "Summe / Anzahl", "of_ratios":
            "Mittel der Replikationen", "funding": "Finanzierung",
        "cash": "Kassenstand des Programms (alle Träger) am Monatsende, EUR (Mittelwert, "
        "Band: 5.–95. Perzentil; gestrichelt: Ende des Zeitraums)",
        "balance": "Kassenstand", "cash_flow": "Liquidität",
        "peak": "Höchste Vorfinanzierung (alle Träger zusammen): {mean} EUR im Mittel, "
        "90-%-Intervall {low} – {high} EUR.",
        "peak_from": "Höchste Vorfinanzierung (alle Träger zusammen) ab {month}, dem ersten "
        "Prognosemonat, mit dem Saldo der Ist-Monate: {mean} EUR im Mittel, 90-%-Intervall "
        "{low} – {high} EUR.", "low_from": " ab {month}, mit dem Saldo der Ist-Monate",
        "no_peak": "Kein Träger muss vorfinanzieren.", "peak_is": "Das ist das",
        "no_peak_scenario": "kein Träger muss vorfinanzieren",
        "peak_deeper": "Die höchste Vorfinanzierung darüber ({peak} EUR) ist das Mittel der "
        "Tiefpunkte der einzelnen Replikationen, jeder in seinem eigenen Monat, und liegt "
        "daher tiefer als die Linie.",
        "drawn_spread": "Gezogen wird {drawn}: jede Replikation erhält ihre Zahlungen in "
        "eigenen Monaten, so dass sich die mittleren Zahlungseingänge in cashflow.csv über "
        "mehrere Monate verteilen und sich nicht Zahlung für Zahlung mit ledger.csv "
        "abgleichen lassen. Zum Nachrechnen von Hand: finsim run mit -n 1 oder "
        "--no-uncertainty.",
        "drawn_spread_many": "Gezogen werden {drawn}: jede Replikation erhält ihre Zahlungen "
        "in eigenen Monaten, so dass sich die mittleren Zahlungseingänge in cashflow.csv über "
        "mehrere Monate verteilen und sich nicht Zahlung für Zahlung mit ledger.csv "
        "abgleichen lassen. Zum Nachrechnen von Hand: finsim run mit -n 1 oder "
        "--no-uncertainty.",
        "drawn_timing": "Die Ist-Monate bis {month} (cashflow.csv: basis actual) sind "
        "Ist-Kosten, ihre Zahlungseingänge aber nicht aus der Buchhaltung: finsim zahlt sie "
        "nach den Zahlungsbedingungen der Geldgeber, mit gezogenem {drawn}, so dass sie "
        "und der übernommene Saldo von Replikation zu Replikation schwanken.",
        "transfer": "davon Passiv-Aktiv-Transfer", "share": "Anteil",
        "avoided": "Vermiedene passive Leistungen", "net_cost": "Nettokosten Haushalt",
        "referrals": "Zuweisungen",
        "referrals_lost": "Verlorene Zuweisungen (Warten aufgegeben oder abgewiesen)",
        "participants_at_end": "Teilnehmende am Ende", "waiting_at_end": "Warteliste am Ende",
        "slot_months": "Teilnehmermonate (besetzte Platzmonate)",
        "placement_rate": "Vermittlungsquote", "peak_prefinancing": "Höchste Vorfinanzierung",
        "months_negative": "Monate mit negativem Saldo (bis zur letzten Zahlung, auch nach "
        "dem Zeitraum)", "cost": "Kosten",
        "returns": "Rückflüsse (Steuern, Sozialversicherungsbeiträge)",
        "returns_to": "Rückflüsse an Haushalt", "paid_by": "Ausgaben Haushalt",
        "unsplit": "vermiedene Leistungen ohne Aufteilung auf Haushalte",
        "not_public": "nicht öffentlich",
        "zero_lines": "Zeilen mit 0,00 in jedem Jahr sind ausgelassen (fiscal.csv enthält "
                      "alle).",
        "net_note": "Öffentliche Nettokosten = Finanzierung der öffentlichen Geldgeber − "
                    "vermiedene passive Leistungen − Rückflüsse; die Nettokosten der "
                    "öffentlichen Haushalte (und die vermiedenen Leistungen ohne "
                    "Aufteilung auf Haushalte, wo es sie gibt) ergeben zusammen diese "
                    "Summe.",
        "stock_caption": "Zwei Liniendiagramme über die Monate {first} bis {last}: oben "
                         "{top}, unten {bottom}; Linie: Mittelwert, Band: 5.–95. Perzentil "
                         "über die Replikationen. Am Ende des Zeitraums im Mittel "
                         "{participants} Teilnehmende und {waiting} auf der Warteliste.",
        "bars_name": "Kosten je Jahr nach Geldgeber und nach Kostenart",
        "bars_caption": "Gestapelte Säulen je Jahr (Mittelwert, EUR): oben die Kosten "
                        "nach Geldgeber wie in der Tabelle darüber, unten nach Kostenart "
                        "wie in der Tabelle darunter.",
        "category_table": "Tabelle: Kosten je Jahr nach Kostenart (Mittelwert, EUR)",
        "cash_name": "Kassenstand des Programms am Monatsende",
        "cash_caption": "Liniendiagramm über die Monate {first} bis {last}: Kassenstand "
                        "aller Träger zusammen am Monatsende (Linie: Mittelwert, Band: "
                        "5.–95. Perzentil), waagerechte Linie bei 0 EUR, gestrichelt: Ende "
                        "des Zeitraums nach {end}. Tiefster Punkt der Linie{since}: {low} EUR "
                        "({month}).",
    },
    "en": {
        "title": "Results report", "question": "Question",
        "ask": "What does the program achieve, what does it cost, and who pays?",
        "scenario": "Scenario", "period": "Period", "months": "months",
        "providers": "Providers", "replications": "Replications", "seed": "Seed",
        "key": "Key figures (mean and 90 % interval over replications)",
        "figure": "Figure", "mean": "Mean", "interval": "90 % interval",
        "flows": "Flows by month (mean; band: 5th-95th percentile)",
        "stock": "Participants and waiting list", "moves": "Entries and exits by reason",
        "money": "Cost and funding by year and funder (mean, EUR)",
        "money_year": f"Cost and funding by year and funder (mean, EUR, {ACCRUAL['en']})",
        "cash_note": CASH_NOTE["en"],
        "by_category": "Cost by year and category (mean, EUR)",
        "year": "Year", "total": "Total",
        "no_warnings": "No warnings.", "month": "Month", "persons": "persons",
        "per_month": "persons per month", "eur": "EUR",
        "ratio_note": "Cost per entry/placement: \u201ctotal / count\u201d is the ratio of "
                      "the means (what one computes from the totals); \u201cmean over "
                      "replications\u201d is the mean of each replication's ratio.",
        "participants": "Participants", "waiting": "Waiting list", "entries": "Entries",
        "exits_placement": "Exits: placement", "exits_dropout": "Exits: dropout",
        "exits_max_duration": "Exits: maximum duration", "gap": "Funding gap",
        "m_entries": "People reached (entries)", "m_exits_placement": "Placements into work",
        "m_exits_dropout": "Dropouts", "m_occupancy_rate": "Occupancy of the slots",
        "m_cost_total": "Total cost", "m_funding_gap": "Funding gap",
        "m_net_public_cost": "Net public cost",
        "m_passive_benefits_avoided": "Passive benefits avoided",
        "m_cost_per_entry": "Cost per entry", "m_cost_per_placement": "Cost per placement",
        "ratio": "total / count", "of_ratios": "mean over replications",
        "funding": "Funding",
        "cash": "The program's cash balance (all providers) at each month's end, EUR "
        "(mean; band: 5th-95th percentile; dashed: end of the period)",
        "balance": "balance", "cash_flow": "Cash flow",
        "peak": "Peak pre-financing (all providers together): {mean} EUR on average, "
        "90 % interval {low} – {high} EUR.",
        "peak_from": "Peak pre-financing (all providers together) from {month} on, the first "
        "forecast month, with the balance carried in from the actual months: {mean} EUR on "
        "average, 90 % interval {low} – {high} EUR.",
        "low_from": " from {month} on, with the balance carried in",
        "no_peak": "No provider pre-finances anything.", "peak_is": "This is",
        "no_peak_scenario": "no provider pre-finances anything",
        "peak_deeper": "The peak pre-financing above ({peak} EUR) is the mean of the "
        "replications' own lows, each in its own month, and so lies deeper than the line.",
        "drawn_spread": "{drawn} is drawn: each replication is paid in months of its own, "
        "so the mean payments in cashflow.csv spread over several months and cannot be "
        "checked against ledger.csv payment by payment. For a check by hand: finsim run with "
        "-n 1 or --no-uncertainty.",
        "drawn_spread_many": "{drawn} are drawn: each replication is paid in months of its "
        "own, so the mean payments in cashflow.csv spread over several months and cannot be "
        "checked against ledger.csv payment by payment. For a check by hand: finsim run with "
        "-n 1 or --no-uncertainty.",
        "drawn_timing": "The actual months to {month} (cashflow.csv: basis actual) are "
        "actual costs, but their payments are not read from the books: finsim pays them "
        "under the funders' payment terms, with {drawn} drawn, so they and the balance "
        "carried in differ from one replication to the next.",
        "transfer": "of which Passiv-Aktiv-Transfer", "share": "Share",
        "avoided": "Passive benefits avoided", "net_cost": "Net cost of budget",
        "referrals": "Referrals",
        "referrals_lost": "Referrals lost (gave up waiting or turned away)",
        "participants_at_end": "Participants at the end", "waiting_at_end": "Waiting at the end",
        "slot_months": "Participant-months (occupied slot-months)",
        "placement_rate": "Placement rate", "peak_prefinancing": "Peak pre-financing",
        "months_negative": "Months with a negative balance (until the last payment, after the "
        "period too)", "cost": "Cost",
        "returns": "Returns (taxes, social insurance contributions)",
        "returns_to": "Returns to budget", "paid_by": "Paid by budget",
        "unsplit": "benefits avoided not split by budget",
        "not_public": "not public",
        "zero_lines": "Lines of 0.00 in every year are left out (fiscal.csv has every row).",
        "net_note": "Net public cost = funding by the public funders − passive benefits "
                    "avoided − returns; the public budgets' net costs (and the benefits "
                    "avoided not split by budget, where there are any) add up to it.",
        "stock_caption": "Two line charts over the months {first} to {last}: above "
                         "{top}, below {bottom}; line: mean, band: 5th-95th percentile "
                         "over the replications. At the end of the period on average "
                         "{participants} participants and {waiting} on the waiting list.",
        "bars_name": "Cost by year, by funder and by category",
        "bars_caption": "Stacked bars per year (mean, EUR): above the cost by funder as in "
                        "the table above, below by cost category as in the table below.",
        "category_table": "Table: cost by year and category (mean, EUR)",
        "cash_name": "The program's cash balance at each month's end",
        "cash_caption": "Line chart over the months {first} to {last}: the cash balance "
                        "of all providers together at each month's end (line: mean, band: "
                        "5th-95th percentile), a horizontal line at 0 EUR, dashed: the end "
                        "of the period after {end}. Lowest point of the line{since}: {low} EUR "
                        "({month}).",
    },
}

NOUNS = {
    "de": {"month": ("Monat", "Monate"), "replication": ("Replikation", "Replikationen"),
           "point": ("Punkt", "Punkte"), "slot": ("Platz", "Plätze"),
           "spell": ("Verlauf", "Verläufe")},
    "en": {"month": ("month", "months"), "replication": ("replication", "replications"),
           "point": ("point", "points"), "slot": ("slot", "slots"),
           "spell": ("spell", "spells")},
}
"""Nouns that follow a count on a page or in a workbook: singular and plural."""

def category_label(category: Any, lang: str) -> str:
    """A cost category's name from the registry: its Kosten- und Finanzierungsplan line in
    German, its label in English."""
    return category.plan_line if lang == "de" else category.label


def metric_label(metric: str, scenario: Any, lang: str,
                 names: Mapping[str, str] | None = None) -> str:
    """A metric's name in the language, for people (files for programs keep the id): the
    key figures' label where it has one, a cost category's plan line or label, a funder's
    or budget's name, else the id. ``names`` are the funders' names where the caller
    knows better than ``scenario`` (a comparison's, ``html_compare.funders``)."""
    t = TEXT[lang]
    if names is None:
        names = {f.id: f.name or f.id for f in scenario.funding}
    if f"m_{metric}" in t:
        return t[f"m_{metric}"]
    if metric in t:
        return t[metric]
    if metric.startswith("cost_") and metric[5:] in BY_ID:
        return f"{t['cost']}: {category_label(BY_ID[metric[5:]], lang)}"
    for start, key in (("funding_", "funding"), ("share_", "share"),
                       ("transfer_", "transfer")):
        if metric.startswith(start) and metric[len(start):] in names:
            return f"{t[key]}: {names[metric[len(start):]]}"
    if metric.startswith("passive_benefits_avoided_"):
        payer = metric[len("passive_benefits_avoided_"):]
        return f"{t['avoided']}: {budget_name(payer, lang)}"
    if metric == f"net_cost_{UNSPLIT}":  # compare's line of them (``compare.UNSPLIT_NET``)
        return f"{t['net_cost']}: {t['unsplit']}"
    if metric.startswith("net_cost_"):
        return f"{t['net_cost']}: {budget_name(metric[len('net_cost_'):], lang)}"
    if metric.startswith("returns_"):
        return f"{t['returns_to']}: {budget_name(metric[len('returns_'):], lang)}"
    if metric.startswith("paid_"):  # what a budget pays (``sizing.budget_paid``)
        return f"{t['paid_by']}: {budget_name(metric[len('paid_'):], lang)}"
    return metric


def period_span(scn: Any, lang: str) -> str:  # a Scenario
    """The period as the page, the workbooks and monitoring.md head it: ``2026-01 –
    2030-12 (60 Monate)``."""
    months = month_labels(scn.period.start_month, scn.period.months)
    return f"{months[0]} – {months[-1]} ({amount(scn.period.months, 'month', lang)})"


def amount(value: float, what: str, lang: str) -> str:
    """A count as the page writes numbers, with its noun (``NOUNS``) in the singular
    or plural as the number reads: ``1 Monat``, ``24 Monate``, ``1 replication``."""
    return counted(number(value, lang), *NOUNS[lang][what])


DIGITS = {"money": 0, "count": 1, "ratio": 1}
"""Decimals a page shows a metric with, by its unit (``units.kind``): EUR to the euro,
counts (people, months) to one decimal as the terminal does, a share or rate as a
percentage to one decimal (``percent``); a metric of no unit (an index) to three. Every
page's table of metrics writes them so (``figure``, ``sensitivity.metric_cell``): a
count rounded to whole people made base + Δ differ from the alternative beside it."""


def digits(metric: str) -> int:
    """The decimals a page shows ``metric`` with (``DIGITS``; a ratio's in percent)."""
    return DIGITS.get(kind(metric), 3)


def figure(value: float, metric: str, lang: str, sign: bool = False) -> str:
    """A metric's value as the run page writes it, in its unit (``DIGITS``); ``sign``: a
    difference, with a + where it is above 0."""
    text = (percent(value, lang) if kind(metric) == "ratio"
            else number(value, lang, digits(metric)))
    return signed(text, value, sign)


def level_words(level: float, lang: str, compound: bool = False) -> str:
    """A probability or level as the page writes it: ``90 %``, ``97,5 %``; the first part
    of a German compound takes hyphens, as ``90-%-Intervall`` does: ``90-%`` (for
    ``90-%-Quantil``, where ``90 %-Quantil`` and ``90%-Quantil`` were written too)."""
    text = f"{level_digits(level, lang)} %"
    return text.replace(" %", "-%") if compound and lang == "de" else text


def scenario_head(result: RunResult, lang: str, start: bool = False,
                  undrawn: bool = True) -> str:
    """The scenario's name, description, period, providers, replications and seed; a run
    without its uncertainty block says so (``undrawn_line``; ``undrawn`` False: a page
    whose runs never draw, which says it in its own words); for a re-forecast the lines on
    the actual spells and booked costs (``actuals_lines``, as the terminal says them);
    with ``start`` (``run``'s page) who any start begins with, as ``finsim run`` prints it
    (``start_lines``), and a re-forecast's year-end figures (``year_end_lines``)."""
    lines = ([*start_lines(result, lang), *year_end_lines(result, lang)] if start
             else actuals_lines(result, lang))
    if said := undrawn_line(undrawn and result.spec.undrawn, lang):
        lines = [said, *lines]
    lines = [*set_lines(result.scenario._set_over, lang), *lines]
    t = TEXT[lang]
    scn = result.scenario
    e = html.escape
    return (f"<p><b>{t['scenario']}:</b> {e(scn.name)}</p>"
            + (f"<p>{e(scn.description)}</p>" if scn.description else "")
            + f"<p><b>{t['period']}:</b> {period_span(scn, lang)}; "
            f"<b>{t['providers']}:</b> {len(scn.providers)}; "
            f"<b>{t['replications']}:</b> {number(result.spec.replications, lang)}; "
            f"<b>{t['seed']}:</b> {result.spec.seed}</p>"
            + "".join(f"<p>{e(line)}</p>" for line in lines))


WARNINGS_HEADINGS = {"en": ("Warnings", "Notes", "Warnings and notes"),
                     "de": ("Hinweise", "Anmerkungen", "Hinweise und Anmerkungen")}
"""The heading over warnings only (or none), over notes only, and over both."""


def warnings_heading(warnings: list[str], lang: str) -> str:
    """The heading of a warnings section, saying what it holds: a section of notes alone
    (``sanity.Note``, the minimum wage finsim assumes) headed "Warnings" read as if the
    scenario had a fault."""
    notes = sum(isinstance(w, Note) for w in warnings)
    warnings_only, notes_only, both = WARNINGS_HEADINGS[lang]
    if not notes:
        return warnings_only
    return notes_only if notes == len(warnings) else both


def warnings_block(warnings: list[str], lang: str) -> str:
    """The warnings, each in its own highlighted line, a note among them (a
    ``sanity.Note``) in a plain one, as the page's other notes, or a line saying there
    are none."""
    if not warnings:
        return f"<p>{TEXT[lang]['no_warnings']}</p>"
    return "".join(f"<p class='{'note' if isinstance(w, Note) else 'warn'}'>"
                   f"{html.escape(w)}</p>" for w in warnings)


def run_sections(result: RunResult, lang: str, level: int = 2) -> list[str | Chart]:
    """What every page built on one run shows: key figures, flows, money by year, each
    under a heading of ``level``: 3 where a page's own h2 names the run they belong to
    (size's and sensitivity's), so a heading outline or screen reader nests them there."""
    t = TEXT[lang]
    h = f"h{level}"
    return [f"<{h}>{t['key']}</{h}>", key_figures(result, lang),
            f"<p class='note'>{t['net_note']}</p>",
            f"<p class='note'>{t['ratio_note']}</p>",
            f"<{h}>{t['flows']}</{h}>", flows_data(result, lang),
            f"<{h}>{t['money_year']}</{h}>", money_by_year(result, lang),
            f"<p class='note'>{t['cash_note']}</p>",
            funding_data(result, lang), category_table(result, lang)]


def run_page(result: RunResult, lang: str = "de", cash: BalanceChart | None = None,
             warnings: list[str] | None = None) -> Page:
    """The page of one run, its charts still to draw (``cash``: its ``balance_data``, if
    made already; ``warnings``: its ``tables.run_warnings`` in ``lang``, if worked out
    already)."""
    if warnings is None:
        from .tables import run_warnings  # the tables load late (``files.write_tables``)

        warnings = run_warnings(result, lang)
    t = TEXT[lang]
    scn = result.scenario
    parts = [f"<h2>{t['question']}</h2><p>{t['ask']}</p>",
             scenario_head(result, lang, start=True),
             f"<h2>{warnings_heading(warnings, lang)}</h2>", warnings_block(warnings, lang),
             *run_sections(result, lang),
             *fiscal_section(result, lang),
             f"<h2>{t['cash_flow']}</h2><p>{peak_sentence(result, lang)}</p>",
             drawn_timing_note(result, lang),
             f"<h3>{t['cash']}</h3>",
             cash if cash is not None else balance_data(result, lang)]
    return Page(f"{t['title']}: {scn.name}", parts, lang)


def fiscal_section(result: RunResult, lang: str) -> list[str]:
    """The fiscal balance per budget and year, accrual and cash (results.xlsx's sheet,
    ``fiscal_blocks``): its heading, its table and the line that tells the one
    from the other; nothing without budgets."""
    from .fiscal_blocks import FISCAL_WORDS, fiscal_blocks  # built on this module

    w = {**TEXT[lang], **FISCAL_WORDS[lang]}
    years, blocks = fiscal_blocks(result, lang, w, cash=True)
    if not blocks:
        return []
    rows: list[tuple[str, list[str]]] = []
    nets = np.zeros(len(years))
    left_out = False
    for name, is_public, figures in blocks:
        if is_public:
            nets += figures["net"]
        shown = {line: v for line, v in figures.items() if not all_zero(v)}
        left_out |= len(shown) < len(figures)
        if shown:
            rows.append((f"<b>{html.escape(name)}</b>", [""] * (len(years) + 1)))
        for line, values in shown.items():
            cells = [number(v, lang) for v in values] + [number(float(np.sum(values)), lang)]
            bold = line == "net"
            rows.append((html.escape(w[line]), [f"<b>{c}</b>" if bold else c for c in cells]))
    rows.append((f"<b>{html.escape(w['public_net'])}</b>",
                 [f"<b>{number(v, lang)}</b>" for v in [*nets, nets.sum()]]))
    head = [html.escape(w["budget_line"]), *(str(y) for y in years), w["all_years"]]
    zero = f" {w['zero_lines']}" if left_out else ""
    return [f"<h2>{w['fiscal_page']}</h2>", table(w["fiscal_page"], head, rows),
            f"<p class='note'>{html.escape(w['fiscal_cash_note'] + zero)}</p>"]


def key_figures(result: RunResult, lang: str) -> str:
    """Mean and 90 % interval of the figures a reader asks first: the rows of ``finsim
    run``'s summary (``summary_rows``), each in the page's words (``key_label``)."""
    t = TEXT[lang]
    rows: list[tuple[str, str, str]] = []

    def add(label: str, metric: str, factor: float = 1.0) -> None:
        """A line in the metric's unit (``figure``); ``factor`` -1: the negated values."""
        s = stats(factor * result.metric(metric))
        mean, low, high = (figure(float(s[c]), metric, lang) for c in ("mean", "p05", "p95"))
        undefined = math.isnan(s["p05"]) and math.isnan(s["p95"])  # none defines it
        rows.append((label + defined_note(result.metric(metric), lang), mean,
                     low if undefined else f"{low} – {high}"))

    for _, metric, _ in summary_rows(result):
        if metric.startswith(RATIO_OF_MEANS):  # as a reader divides the means shown
            metric = metric.removeprefix(RATIO_OF_MEANS)
            top, below = (result.metric_mean(m) for m in RATIOS[metric])
            rows.append((f"{t['m_' + metric]}: {t['ratio']} ({t['eur']})",
                         number(top / below if below else math.nan, lang), ""))
        elif metric.startswith(NEGATED):  # the benefits avoided no budget saves
            add(f"{t['net_cost']}: {t['unsplit']} ({t['eur']})",
                metric.removeprefix(NEGATED), factor=-1.0)
        else:
            add(key_label(metric, result.scenario, lang), metric)
    return table(t["key"], [t["figure"], t["mean"], t["interval"]],
                 [(html.escape(a), [b, c]) for a, b, c in rows])


def key_label(metric: str, scn: Any, lang: str) -> str:
    """A key figure's line: its name (``metric_label``; money that is not public, such as
    a funder's funding and share, marked so, ``marked``; a ratio's mean said to be one
    over the replications) and the unit of its money."""
    t = TEXT[lang]
    if metric in RATIOS:
        return f"{t['m_' + metric]}: {t['of_ratios']} ({t['eur']})"
    label = (returns_label(lang) if metric == "returns"
             else marked(metric_label(metric, scn, lang), metric, not_public(scn), lang))
    money = kind(metric) == "money" and metric != "returns"
    return f"{label} ({t['eur']})" if money else label


def funder_names(scn: Any, lang: str) -> list[str]:
    """The funders' names as columns beside each other, a funder outside the public
    budgets marked so (``marked``, as its funding): the reader of a table of public money
    by year tells the providers' own money from a grant."""
    apart = not_public(scn)
    return [marked(f.name or f.id, f"funding_{f.id}", apart, lang) for f in scn.funding]


def returns_label(lang: str) -> str:
    """The key-figure line of ``public_returns``."""
    return f"{TEXT[lang]['returns']} ({TEXT[lang]['eur']})"


def money_by_year(result: RunResult, lang: str) -> str:
    """Mean cost per calendar year by funder (and the gap), with totals."""
    t = TEXT[lang]
    names = [*funder_names(result.scenario, lang), t["gap"]]
    return year_table(result, t["money_year"], names, yearly_funding(result), lang)


def category_table(result: RunResult, lang: str) -> str:
    """Mean cost per calendar year by cost category, with totals, folded under the bars
    (``<details>``): the bars' lower panel as text, for who cannot see it. A category
    that costs nothing in any year is left out, as the bars leave it out."""
    t = TEXT[lang]
    by_category = yearly_categories(result)
    kept = [i for i in range(len(COST_CATEGORIES)) if by_category[:, i].any()]
    names = [category_label(COST_CATEGORIES[i], lang) for i in kept]
    return (f"<details><summary>{t['category_table']}</summary>"
            f"{year_table(result, t['by_category'], names, by_category[:, kept], lang)}"
            "</details>")


def year_table(result: RunResult, caption: str, names: list[str], by_year: np.ndarray,
               lang: str) -> str:
    """A table of EUR per calendar year (``by_year``: ``[years, names]``), a column per
    name, each year's and each column's total in bold."""
    t = TEXT[lang]
    rows = [(html.escape(y), [number(v, lang) for v in row] + [f"<b>{number(row.sum(), lang)}</b>"])
            for y, row in zip(year_titles(result.scenario, lang), by_year, strict=True)]
    total = by_year.sum(axis=0)
    rows.append((f"<b>{t['total']}</b>", [f"<b>{number(v, lang)}</b>" for v in total]
                 + [f"<b>{number(total.sum(), lang)}</b>"]))
    head = [t["year"], *(html.escape(n) for n in names), t["total"]]
    return table(caption, head, rows)


def yearly_funding(result: RunResult, cells: np.ndarray | None = None) -> np.ndarray:
    """``[years, funders + gap]`` mean EUR: each funder's year as results.xlsx and the
    budgets' paid have it (``budgets.funder_year_cents``; of plan.csv's ``cells`` where
    the caller has them already)."""
    return funder_year_cents(result, cells) / 100.0


def yearly_categories(result: RunResult, cells: np.ndarray | None = None) -> np.ndarray:
    """``[years, categories]`` mean EUR: plan.csv's cells (``budgets.plan_cells``, or
    ``cells`` where the caller has them already), so the page's years are results.xlsx's
    and plan.xlsx's to the cent."""
    return (plan_cells(result) if cells is None else cells).sum(axis=2) / 100.0


def svg(fig: Any) -> str:
    """A figure as inline SVG with its text as text and no random ids or dates, cropped
    to what it draws (a figure laid out to fit writes itself: ``charts.stacked``)."""
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context(SVG_SETTINGS), glyphs_quiet():
        fig.savefig(buffer, format="svg", metadata=SVG_METADATA, bbox_inches="tight")
    return inline(buffer.getvalue())


def flows_data(result: RunResult, lang: str) -> FlowsChart:
    """Two panels over the months: the stocks (participants, waiting list) and the moves
    (entries, exits by reason), each mean with its 5-95 % band; legends beside the data."""
    t = TEXT[lang]
    scn = result.scenario
    rows = result.aggregate.program_flow_rows()  # [replications, months, columns]
    mean = result.mean(result.aggregate.flows)[:, -1, :]
    low, high = np.percentile(rows, [5, 95], axis=0)
    panels = []
    for columns, title, unit in ((("participants", "waiting"), t["stock"], t["persons"]),
                                 (("entries", "exits_placement", "exits_dropout",
                                   "exits_max_duration"), t["moves"], t["per_month"])):
        bands = [Band(t[c], FLOW[c], *(a[:, FLOW_COLUMNS.index(c)] for a in (mean, low, high)))
                 for c in columns]
        panels.append((title, unit, bands))
    months = month_labels(scn.period.start_month, scn.period.months)
    end = {c: number(mean[-1, FLOW_COLUMNS.index(c)], lang, 1)
           for c in ("participants", "waiting")}
    caption = t["stock_caption"].format(
        first=month_words(months[0], lang), last=month_words(months[-1], lang),
        top=f"{t['stock']} ({t['persons']})",
        bottom=f"{t['moves']} ({t['per_month']})", **end)
    return FlowsChart(months, panels, lang, Words(t["flows"], caption))


def funding_data(result: RunResult, lang: str) -> BarsChart:
    """Stacked bars per calendar year (``starts.year_titles``): by funder, and by cost
    category."""
    t = TEXT[lang]
    scn = result.scenario
    # a re-forecast's years say their actual months, as the table above: "2027" over
    # "(5 von 12 Monaten Ist)", two lines, so the ticks stay apart
    years = [title.replace(" (", "\n(", 1) for title in year_titles(scn, lang)]
    colours = funder_colours(list(scn.funder_ids))
    cells = plan_cells(result)  # both panels: the ledger's years worked out once
    by_funder = yearly_funding(result, cells)
    # the funders as the table above names them, "(nicht öffentlich)" too
    parts = [(name, colours[f.id], by_funder[:, i])
             for i, (f, name) in enumerate(zip(scn.funding, funder_names(scn, lang), strict=True))]
    parts.append((t["gap"], colours["gap"], by_funder[:, -1]))
    by_category = yearly_categories(result, cells)
    kinds = [(category_label(c, lang), category_colour(c.id), by_category[:, i])
             for i, c in enumerate(COST_CATEGORIES)]
    return BarsChart(years, [(t["money"], parts), (t["by_category"], kinds)], lang,
                     Words(t["bars_name"], t["bars_caption"]))


def peak_sentence(result: RunResult, lang: str) -> str:
    """The program's peak pre-financing: mean and 90 % interval over replications, what
    it is and when it comes (``peak_what``)."""
    t = TEXT[lang]
    every, mean = peaks(result)[1], float(mean_of(result, "peak_prefinancing")[-1])
    if not every.any() and not mean:
        return t["no_peak"]
    low, high = program_interval(result)
    since = peak_start(result)[1]
    return t["peak" if since is None else "peak_from"].format(
        mean=number(mean, lang), low=number(low, lang), high=number(high, lang),
        month=since and month_words(since, lang)) + f" {t['peak_is']} {peak_what(result, lang)}."


def drawn_payment_terms(result: RunResult) -> list[str]:
    """The funders' payment terms a run draws (``funding.<id>.payment.*`` in its
    uncertainty): they time every month's payments, the actual months' too."""
    drawn = result.scenario.uncertainty if result.spec.draws else {}
    return [path for path in drawn
            if path.startswith("funding.") and ".payment." in path]


def drawn_timing_note(result: RunResult, lang: str) -> str:
    """Beside the cash chart of a run whose payment terms are drawn: each replication is
    paid in its own months, so cashflow.csv's mean payments spread over several and
    cannot be checked against ledger.csv by hand (``-n 1``, ``--no-uncertainty`` can);
    in a re-forecast, the actual months' rows hold actual costs, but payments timed by
    the drawn terms, so they differ between replications. Empty where none is drawn;
    a single replication's payments are not spread."""
    scn, drawn = result.scenario, drawn_payment_terms(result)
    if not drawn:
        return ""
    t, named = TEXT[lang], listed(drawn, "und" if lang == "de" else "and")
    texts = [] if result.aggregate.count == 1 else [  # one draw pays each claim in one month
        t["drawn_spread" if len(drawn) == 1 else "drawn_spread_many"].format(drawn=named)]
    if scn.actual_months > 0:
        last = month_labels(scn.period.start_month,
                            min(scn.actual_months, scn.period.months))[-1]
        texts.append(t["drawn_timing"].format(month=month_words(last, lang), drawn=named))
    return "".join(f"<p class='note'>{html.escape(text)}</p>" for text in texts)


def balance_data(result: RunResult, lang: str,
                 band: tuple[np.ndarray, np.ndarray] | None = None) -> BalanceChart:
    """The program's balance (all providers pooled) at each month's end: mean and band
    (the 5th and 95th percentiles per month, ``cashflow.balance_band`` of the program's
    column, computed here unless given)."""
    scn = result.scenario
    mean = mean_balance(result)[:, -1]
    if band is None:
        low, high = (b[:, 0] for b in balance_band(result, [-1]))
    else:
        low, high = band
    months = month_labels(scn.period.start_month, len(mean))
    words = balance_words(mean, months, scn.period.months, lang, peak_start(result),
                          float(mean_of(result, "peak_prefinancing")[-1]))
    return BalanceChart(months, Band(TEXT[lang]["balance"], FLOW["participants"], mean, low, high),
                        scn.period.months, lang, words)


def balance_words(mean: np.ndarray, months: list[str], period: int, lang: str,
                  start: tuple[int, str | None] = (0, None), peak: float | None = None
                  ) -> Words:
    """The cash chart's name and caption: what it draws, and its lowest mean balance (the
    month it is first reached), the one figure a reader looks for in it; over the months
    the peak need is taken over (``start``: ``cashflow.peak_start``, in a re-forecast from
    the balance the actual months carry in: their lowest point before it is past). Where
    the peak pre-financing above (``peak``) lies deeper, a sentence says why."""
    t = TEXT[lang]
    since, first_forecast = start
    lowest = lowest_point(mean, since)
    first, last, end = (month_words(m, lang) for m in (months[0], months[-1], months[period - 1]))
    caption = t["cash_caption"].format(
        first=first, last=last, end=end, low=number(float(mean[lowest]), lang),
        month=month_words(months[lowest], lang),
        since=t["low_from"].format(month=month_words(first_forecast, lang))
        if first_forecast else "")
    if peak is not None and lies_deeper(peak, float(mean[lowest])):
        caption += " " + t["peak_deeper"].format(peak=number(peak, lang))
    return Words(t["cash_name"], caption)


def marked(label: str, metric: str, apart: set[str], lang: str) -> str:
    """A metric's label, with "(nicht öffentlich)" where its money is not public
    (``apart``: ``not_public``'s metrics), in the workbooks and pages alike."""
    return f"{label} ({TEXT[lang]['not_public']})" if metric in apart else label


def not_public(scn: Any) -> set[str]:  # a Scenario
    """The metrics of money that is not public: the net costs of budgets outside the
    public ones and the funding and share of funders that are not public (the providers'
    own money), marked so in the workbooks and pages, since they are no part of the net public
    cost they sit beside."""
    public = set(public_budgets(scn))
    return {*(f"net_cost_{b}" for b in budgets(scn) if b not in public),
            *(f"{p}{f.id}" for f in scn.funding if not f.public for p in ("funding_", "share_"))}

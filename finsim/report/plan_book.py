"""``plan.xlsx`` of ``finsim size``: the plan as the workbook a grant application attaches.

A Kosten- und Finanzierungsplan puts the years in columns and the cost categories, then
the funders, in rows, each block with its sum. Every amount that follows from others is
a live formula, so a Kämmerei can check and change the plan in the workbook (sheet names
in German, the default, and with ``--lang en``):

- ``Finanzierungsplan`` (``Funding plan``): each cost category is quantity x unit cost
  (rounded to the cent) plus its rounding remainder, the quantities and unit costs taken
  from the sheet ``Mengengerüst``; the sums are ``SUM``; the risk surcharge
  (``contingency``) has its own line; each funder's share is its amount over the total.
- ``Mengengerüst`` (``Quantities``): per calendar year the months planned, slot-months,
  participant-months and coaching FTE-months (means over replications), the unit costs,
  and each line's rounding remainder in whole cents (docs/workbooks.md says why).
- ``Fiskalbilanz`` (``Fiscal balance``): per budget and year what it pays, saves and
  gets back; net as formula.
- ``Annahmen`` (``Assumptions``): a table of parameter, value, unit and explanation, a
  row per value the plan rests on: the run, the slots, every program-wide value of the
  scenario's parameter blocks (``parameter_blocks``, prices included), each provider's
  own values (which replace the program's, and the program's rows say so), the funders
  and the uncertain parameters.

Words follow ``--lang``: the plan's own below, and where results.xlsx and the pages
already say a thing in both languages (a cost category, the gap, occupancy), their words.
Number formats follow it too (``excel.NUMBER_FORMATS``). The amounts the formulas compute
equal plan.csv to the cent (a test recomputes them), in either language. Every text
cell from a scenario is written as text, never as a formula (``excel.Rows``); the file
is byte-identical for identical runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import numpy as np
import pandas as pd
from pydantic import BaseModel

from .. import __version__
from ..analysis.sanity import assumed_minimum_wages
from ..analysis.sizing import people
from ..analysis.starts import actual_months, actuals_lines, closed_years, year_titles
from ..analysis.words import month_words
from ..ledger import COST_CATEGORIES
from ..ledger.categories import base_year
from ..montecarlo import RunResult
from ..registry import texts
from ..scenario import Scenario, get_path, resolved_data
from ..scenario.minimum_wage import unpadded
from ..scenario.paths import named_path
from ..scenario.schedule import yearly_entries
from . import html_size, results_book
from .amounts import UNDRAWN, german_digits, set_by, set_was
from .cashflow import provider_names
from .descriptions import description
from .excel import BOLD, NUMBER_FORMATS, TITLE, Book, Formula, Rows
from .fiscal_blocks import FISCAL_WORDS
from .html import amount, category_label, level_words, marked, not_public
from .plan import (
    cap_cuts,
    cap_text,
    coverage,
    covered_cut,
    covered_text,
    period_quantiles,
    requested,
    transfer_by_year,
    year_coverage,
    yearly_cost_quantile,
)
from .quantities import quantity_table, unit_cost
from .rules import rule_words
from .year_sheet import FIRST_YEAR_COLUMN, columns, fiscal_sheet, row_sum, widths


def parameter_blocks() -> tuple[str, ...]:
    """The scenario's blocks the plan rests on, each walked to every value in it
    (``_leaves``), so a field the scenario format gains is listed without a change here
    (a registered category's block too)."""
    return ("participants", "employment", *(p for c in COST_CATEGORIES for p in c.parameters),
            "prices", "passive_benefits", "returns")
PROVIDER_BLOCKS = ("employment", "costs")
"""A provider's blocks whose values replace the program's for its own slots."""
WORDS = {
    "de": {
        "sheet_plan": "Finanzierungsplan", "sheet_basis": "Mengengerüst",
        "sheet_assumptions": "Annahmen",
        "basis_title": "Mengengerüst und Einheitskosten",
        "basis_note": "Erwartungswerte je Kalenderjahr über {replications}; Betrag je "
        "Kostenart = RUNDEN(Menge x Einheitskosten; 2) + Rundungsausgleich",
        "size": "Größe", "unit": "Einheit", "note": "Erläuterung",
        "quantities": "A. Mengen",
        "period_months": "Monate im Planungszeitraum",
        "period_months_note": "Kalendermonate des Zeitraums in diesem Jahr",
        "available": "Platzmonate (verfügbar)", "slot_month_unit": "Platzmonate",
        "available_note": "Plätze in Kraft je Monat, summiert (Sachkosten je Platz)",
        "participant_month_unit": "Teilnehmermonate",
        "participant_months_note": "Beschäftigungszeit anteilig je Monat, Mittel über die "
        "Replikationen",
        "coach_months": "VZÄ-Monate Anleitung und Betreuung", "coach_month_unit": "VZÄ-Monate",
        "coach_months_note": "Teilnehmermonate / Teilnehmende je VZÄ Anleitung/Betreuung, "
        "je Träger",
        "new_entries": "Neue Eintritte",
        "entries_note": "Zugewiesene, die im Jahr einen Platz antreten (nicht die zu Beginn "
        "auf den Plätzen), Mittel über die Replikationen; die Qualifizierung eines Jahres "
        "sind die in ihm fälligen Module, bei Eintritt und Monate danach, auch Eintritte "
        "des Vorjahres",
        "average_slots": "Plätze im Jahresdurchschnitt",
        "average_participants": "Teilnehmende im Jahresdurchschnitt",
        "average_coaches": "Fachkräfte für Anleitung und Betreuung im Jahresdurchschnitt",
        "fte": "VZÄ",
        "unit_costs": "B. Einheitskosten",
        "remainders": "C. Rundungsausgleich (Betrag laut Simulation - gerundetes Produkt)",
        "plan_note": "Zeitraum {start}, {months}; Risikozuschlag auf das {q}-Quantil "
        "je Geldgeber; {replications}, Startwert {seed}",
        "line": "Position", "spending": "1. Ausgaben (Erwartungswert)",
        "rate_on": "Zeile 1.{line} x Satz", "quantity_x_unit": "Menge x Einheitskosten",
        "lump_sum": "pauschal", "spending_sum": "Summe Ausgaben (Erwartungswert)",
        "spending_lines": "Summe 1.1 bis 1.{n}",
        "with_contingency": "Summe aller Finanzierungsanteile, je mit eigenem Risikozuschlag",
        "plus_contingency": "Summe + Risikozuschlag",
        "cost_quantile": "Gesamtausgaben: {q}-Quantil",
        "cost_quantile_how": "Quantil der Gesamtausgaben selbst",
        "covered": "Anteil der Replikationen, in denen die Summe aller "
        "Finanzierungsanteile die Jahresausgaben deckt",
        "covered_how": "über die Replikationen gezählt",
        "cost_quantile_note": "Jeder Geldgeber (und Eigenanteil, Lücke) erhält einen "
        "Zuschlag bis zu seinem eigenen {q}-Quantil{capped}; Quantile addieren sich nicht, daher "
        "kann die Summe aller Finanzierungsanteile auch unter dem {q}-Quantil der "
        "Gesamtausgaben liegen: die Zeile darüber zählt, wie oft sie die Ausgaben des Jahres "
        "deckt.",
        "own_title": "Nicht beantragt: Eigenanteil (nicht öffentliche Mittel, kein Antrag)",
        "transfer_title": "5. Davon Passiv-Aktiv-Transfer (Erwartungswert je Kalenderjahr)",
        "transfer_of": "Teil von Zeile 2.{i}",
        "share_of": "Anteil (2.x: an der Summe Finanzierung, 3.x: an der Summe beantragte "
        "Mittel)",
        "financing": "2. Finanzierung (Erwartungswert)", "by_rules": "laut Finanzierungsregeln",
        "financing_sum": "Summe Finanzierung (Erwartungswert)", "financing_lines": "Summe 2.x",
        "difference": "Differenz Ausgaben - Finanzierung (muss 0 sein)",
        "requests": "3. Beantragte Mittel je Geldgeber ({q}-Quantil)",
        "funder_contingency": "{funder}: Risikozuschlag",
        "quantile_minus_mean": "{q}-Quantil - Erwartungswert",
        "lift_cut": "{q}-Quantil - Erwartungswert, anteilig gekürzt auf cap_total",
        "lift_below": "auf cap_total gekürzt, unter dem Erwartungswert",
        "capped": " (ein Geldgeber mit Obergrenze cap_total höchstens bis zu ihr)",
        "funder_request": "{funder}: Summe", "mean_plus": "2.{i} + Risikozuschlag",
        "requested_sum": "Summe beantragte Mittel (öffentliche Geldgeber) inkl. "
        "Risikozuschlag",
        "uncovered_title": "Nicht beantragt: Finanzierungslücke (kein Geldgeber deckt sie; "
        "vom Träger zu tragen oder zu klären)",
        "period_requests": "4. Für eine Bewilligung über den ganzen Zeitraum: {q}-Quantil "
        "der Zeitraumsumme je öffentlichem Geldgeber",
        "period_quantile": "{q}-Quantil der Summe aller Jahre",
        "period_note": "Quantile addieren sich nicht: die Summe der Jahresanträge (3.x) "
        "kann darüber oder darunter liegen; sie deckt die Zeitraumsumme in diesem Anteil der "
        "Replikationen: {shares}. Bewilligt ein Geldgeber eine Summe für den ganzen "
        "Zeitraum, gilt diese Zeile (finsim size --cap hält sie ein).",
        "request_lines": "Summe 3.x",
        "cap_cut": "{funder}: Antrag auf die Obergrenze für den ganzen Zeitraum gekürzt "
        "(cap_total {cap} €), die die Jahresquantile zusammen überschreiten würden; "
        "gekürzt sind nur die Risikozuschläge, anteilig über die Jahre: keiner ist negativ, "
        "kein Jahr liegt unter seinem Erwartungswert",
        "cap_below": "{funder}: schon die Erwartungswerte überschreiten die Obergrenze für "
        "den ganzen Zeitraum (cap_total {cap} €): kein Risikozuschlag, und die letzten "
        "Jahre werden unter ihrem Erwartungswert beantragt (negativer Zuschlag)",
        "cap_cut_own": "{funder}: geplanter Eigenanteil (kein Antrag) auf die Obergrenze "
        "für den ganzen Zeitraum gekürzt (cap_total {cap} €), die die Jahresquantile "
        "zusammen überschreiten würden; gekürzt sind nur die Risikozuschläge, anteilig über "
        "die Jahre: keiner ist negativ, kein Jahr liegt unter seinem Erwartungswert",
        "cap_below_own": "{funder}: schon die Erwartungswerte des Eigenanteils (kein Antrag) "
        "überschreiten die Obergrenze für den ganzen Zeitraum (cap_total {cap} €): kein "
        "Risikozuschlag, und die letzten Jahre sind unter ihrem Erwartungswert geplant "
        "(negativer Zuschlag)",
        "contingency_line": "Risikozuschlag ({q}-Quantil je Geldgeber)",
        "contingency_lines": "Summe aller Zuschläge in Block 3 (auch Eigenanteil, Lücke)",
        "uncovered": "ungedeckt",
        "actual": "Ist",
        "actual_note": "Ein Jahr, dessen Monate alle Ist sind, wird mit seinem Ist-Betrag "
        "geplant, ohne Risikozuschlag.",
        "actuals": "Hochrechnung aus Ist-Daten (actuals)",
        "spells_file": "Ist-Verläufe (actuals.spells)",
        "spells_note": "Monate vor as_of sind diese Verläufe, bepreist wie jeder simulierte",
        "as_of": "Erster Prognosemonat (actuals.as_of, --as-of)",
        "booked_file": "Gebuchte Kosten (actuals.booked)",
        "booked_note": "ersetzen die berechneten Kosten ihrer Monate, Träger und Kostenarten",
        "warmed": "Start aus dem Vorlauf über die Ist-Verläufe (actuals)",
        "warmed_note": "der Vorlauf (ohne Buchungen) nimmt diese Verläufe bis as_of und "
        "simuliert von dort bis zum Beginn; der Zeitraum hat keine Ist-Monate",
        "booked_unused": "nicht verwendet: ihre Monate liegen vor dem Beginn",
        "actual_months": "Ist-Monate {year}", "of_months": "von {months} Monaten im Zeitraum",
        "assumptions_title": "Annahmen des Plans", "parameter": "Parameter", "value": "Wert",
        "explanation": "Erläuterung (Beschreibung im Szenarioformat)", "run": "Lauf",
        "start": "Zeitraum (Beginn)", "unit_month": "Monat",
        "simulate_from": "Simuliert ab (period.simulate_from)",
        "simulate_from_note": "Das Programm läuft seit {month}: simuliert ab dann, "
        "berichtet ab {start}; wer zu Beginn des Zeitraums auf den Plätzen ist oder wartet, "
        "wird mit seiner Beschäftigungsdauer übernommen (daher z. B. die Förderanteile "
        "späterer Beschäftigungsjahre)",
        "carried": "Personen auf den Plätzen zu Beginn des Zeitraums (Mittelwert)",
        "carried_note": "aus dem simulierten Vorlauf übernommen, mit ihrer "
        "Beschäftigungsdauer; participants.initial gilt für den Beginn des Vorlaufs",
        "carried_actuals_note": "aus dem Vorlauf über die Ist-Verläufe übernommen, mit "
        "ihrer Beschäftigungsdauer: wer dort bei as_of auf einem Platz ist oder wartet, "
        "dann simuliert bis zum Beginn; participants.initial spielt keine Rolle",
        "initial_unused": "Nicht verwendet: der Vorlauf beginnt mit den Ist-Verläufen "
        "(actuals), nicht mit diesem Wert. ",
        "confidence": "Konfidenz (Quantil des Risikozuschlags)",
        "runs": "Replikationen", "runs_note": "Monte-Carlo-Läufe",
        "seed_label": "Startwert", "seed_note": "des Zufallszahlengenerators",
        "draws": "Parameterunsicherheit",
        "version": "Version", "slots_of": "Plätze {name}",
        "provider_id": "Träger-Kennung {id}", "parameters": "Parameter des Szenarios",
        "funders_in_order": "Geldgeber (in Anwendungsreihenfolge)",
        "rule_note": "{funder}: was die Regel trägt, und wann (die Zeilen darunter im "
        "Einzelnen)",
        "uncertainty": "Unsicherheit (je Replikation gezogen)",
        "uncertainty_off": f"{UNDRAWN['de']}; es gelten die Werte oben",
        "distribution": "Verteilung", "from": "ab", "decimal": ",",
        "own_values": "Eigene Werte der Träger (ersetzen die des Programms für ihre Plätze)",
        "replaced_by": "Programmweit; eigene Werte: {ids} (unten). ",
        "none_but": "keine programmweit; eigene: {ids}",
    },
    "en": {
        "sheet_plan": "Funding plan", "sheet_basis": "Quantities",
        "sheet_assumptions": "Assumptions",
        "basis_title": "Quantities and unit costs",
        "basis_note": "Expected values per calendar year over {replications}; amount per "
        "category = ROUND(quantity x unit cost, 2) + rounding adjustment",
        "size": "Quantity", "unit": "Unit", "note": "Explanation",
        "quantities": "A. Quantities",
        "period_months": "Months in the planning period",
        "period_months_note": "Calendar months of the period in this year",
        "available": "Slot-months (available)", "slot_month_unit": "slot-months",
        "available_note": "Slots in force each month, summed (material cost per slot)",
        "participant_month_unit": "participant-months",
        "participant_months_note": "Time in employment, pro rata per month; mean over the "
        "replications",
        "coach_months": "Coaching and support FTE-months", "coach_month_unit": "FTE-months",
        "coach_months_note": "Participant-months / participants per coach, per provider",
        "new_entries": "New entries",
        "entries_note": "Referrals who take a slot in the year (not those in the slots at "
        "the start), mean over the replications; a year's qualification is the modules "
        "due in it, at entry and months after, the previous year's entries' too",
        "average_slots": "Average slots in the year",
        "average_participants": "Average participants in the year",
        "average_coaches": "Average coaching staff in the year", "fte": "FTE",
        "unit_costs": "B. Unit costs",
        "remainders": "C. Rounding adjustment (amount from the simulation - rounded product)",
        "plan_note": "Period {start}, {months}; contingency up to each funder's {q} "
        "quantile; {replications}, seed {seed}",
        "line": "Line", "spending": "1. Expenditure (expected value)",
        "rate_on": "line 1.{line} x rate", "quantity_x_unit": "quantity x unit cost",
        "lump_sum": "lump sum", "spending_sum": "Total expenditure (expected value)",
        "spending_lines": "sum of 1.1 to 1.{n}",
        "with_contingency": "Sum of all funding shares, each with its own contingency",
        "plus_contingency": "total + contingency",
        "cost_quantile": "Total expenditure: {q} quantile",
        "cost_quantile_how": "quantile of the total itself",
        "covered": "Share of replications whose year's cost the sum of all funding shares "
        "covers", "covered_how": "counted over the replications",
        "cost_quantile_note": "Each funder (and the own contribution, the gap) gets a "
        "contingency up to its own {q} quantile{capped}; quantiles do not add up, so the sum of "
        "all funding shares can also fall below the total expenditure's {q} quantile: the "
        "line above counts how often it covers the year's cost.",
        "own_title": "Not requested: own contribution (money that is not public, no request)",
        "transfer_title": "5. Of which Passiv-Aktiv-Transfer (expected value per calendar "
        "year)",
        "transfer_of": "part of line 2.{i}",
        "share_of": "Share (2.x: of total funding, 3.x: of total requested)",
        "financing": "2. Funding (expected value)", "by_rules": "by the funding rules",
        "financing_sum": "Total funding (expected value)", "financing_lines": "sum of 2.x",
        "difference": "Difference expenditure - funding (must be 0)",
        "requests": "3. Requested from each funder ({q} quantile)",
        "funder_contingency": "{funder}: contingency",
        "quantile_minus_mean": "{q} quantile - expected value",
        "lift_cut": "{q} quantile - expected value, cut in proportion to cap_total",
        "lift_below": "cut to cap_total, below the expected value",
        "capped": " (a funder with cap_total at most up to its cap)",
        "funder_request": "{funder}: total", "mean_plus": "2.{i} + contingency",
        "requested_sum": "Total requested (public funders) incl. contingency",
        "uncovered_title": "Not requested: the funding gap (no funder covers it; for the "
        "providers to carry or to settle)",
        "period_requests": "4. For a grant of the whole period: the {q} quantile of each "
        "public funder's period total",
        "period_quantile": "{q} quantile of the total over all years",
        "period_note": "Quantiles do not add up: the yearly requests (3.x) can add up to "
        "more or less; they cover the period total in this share of the replications: "
        "{shares}. Where a funder grants one sum for the whole period, this line applies "
        "(finsim size --cap holds it).",
        "request_lines": "sum of 3.x",
        "cap_cut": "{funder}: request cut to its cap over the whole period (cap_total {cap} "
        "€), which the yearly quantiles together would pass; only the contingencies are "
        "cut, in proportion across the years: none is negative, no year is below its "
        "expected value",
        "cap_below": "{funder}: its expected amounts alone pass its cap over the whole "
        "period (cap_total {cap} €): no contingency, and the last years are asked for "
        "less than their expected value (a negative contingency)",
        "cap_cut_own": "{funder}: planned own contribution (not requested) cut to its cap "
        "over the whole period (cap_total {cap} €), which the yearly quantiles together "
        "would pass; only the contingencies are cut, in proportion across the years: none "
        "is negative, no year is below its expected value",
        "cap_below_own": "{funder}: its expected amounts alone (own contribution, not "
        "requested) pass its cap over the whole period (cap_total {cap} €): no "
        "contingency, and the last years are planned below their expected value (a "
        "negative contingency)",
        "contingency_line": "Contingency (each funder's {q} quantile)",
        "contingency_lines": "sum of every contingency in block 3 (also own contribution, gap)",
        "uncovered": "uncovered",
        "actual": "actual",
        "actual_note": "A year whose months are all actual is planned at its actual amount, "
        "with no contingency.",
        "actuals": "Re-forecast from actuals",
        "spells_file": "Actual spells (actuals.spells)",
        "spells_note": "months before as_of are these spells, costed as any simulated one",
        "as_of": "First month forecast (actuals.as_of, --as-of)",
        "booked_file": "Booked costs (actuals.booked)",
        "booked_note": "replace the computed costs of their months, providers and categories",
        "warmed": "Start from a warm-up through the actual spells (actuals)",
        "warmed_note": "the warm-up (booking no money) takes these spells up to as_of and "
        "simulates from there to the start; the period has no actual months",
        "booked_unused": "not used: their months lie before the start",
        "actual_months": "Actual months {year}",
        "of_months": "of its {months} months in the period",
        "assumptions_title": "Assumptions of the plan", "parameter": "Parameter",
        "value": "Value", "explanation": "Explanation (description in the scenario format)",
        "run": "Run", "start": "Period (start)", "unit_month": "month",
        "simulate_from": "Simulated from (period.simulate_from)",
        "simulate_from_note": "The program runs since {month}: simulated from then, "
        "reported from {start}; whoever is in the slots or waiting at the period's start "
        "carries over with their tenure (hence e.g. the funding shares of later years of "
        "employment)",
        "carried": "People in the slots at the period's start (mean)",
        "carried_note": "carried over from the simulated warm-up, with their tenure; "
        "participants.initial applies to the start of the warm-up",
        "carried_actuals_note": "carried over from the warm-up through the actual spells, "
        "with their tenure: whoever is in a slot or waiting there at as_of, then simulated "
        "to the start; participants.initial plays no part",
        "initial_unused": "Not used: the warm-up starts from the actual spells (actuals), "
        "not from this value. ",
        "confidence": "Confidence (quantile of the contingency)",
        "runs": "Replications", "runs_note": "Monte Carlo runs", "seed_label": "Seed",
        "seed_note": "starting value of the random numbers", "draws": "Parameter uncertainty",
        "version": "version", "slots_of": "Slots {name}", "provider_id": "provider id {id}",
        "parameters": "Scenario parameters",
        "funders_in_order": "Funders (in the order they apply)",
        "rule_note": "{funder}: what the rule covers, and when (the rows below in detail)",
        "uncertainty": "Uncertainty (drawn per replication)",
        "uncertainty_off": f"{UNDRAWN['en']}; the values above hold",
        "distribution": "distribution", "from": "from", "decimal": ".",
        "own_values": "Providers' own values (replace the program's for their slots)",
        "replaced_by": "Program-wide; own values: {ids} (below). ",
        "none_but": "none program-wide; own: {ids}",
    },
}
"""The plan's own words; ``words`` adds those results.xlsx and the pages already have."""

SHARED = ("title", "yes", "no", "none", "slots")
"""Words of the size page (``html_size.WORDS``) the plan says the same way."""

UNITS = {
    "de": {
        "hourly": "€ je Stunde", "hours_per_week": "Stunden je Woche",
        "employer_contributions": "Anteil am Bruttolohn", "annual_increase": "Anteil je Jahr",
        "contributions": "Anteil",
        "participants_per_coach": "Teilnehmende je VZÄ",
        "coach_cost_per_year": "€ je VZÄ und Jahr",
        "management_cost_per_year": "€ je Träger und Jahr", "per_slot_month": "€ je Platzmonat",
        "cost": "€ je Person", "month": "Monat nach Eintritt", "uptake": "Anteil",
        "rate_on_staff": "Anteil der Personalkosten", "placement": "Wahrscheinlichkeit je Monat",
        "dropout": "Wahrscheinlichkeit je Monat", "max_months": "Monate",
        "refill_delay_months": "Monate", "patience_months": "Monate",
        "referrals_per_month": "Personen je Monat", "initial": "Personen", "slots": "Plätze",
        "per_person_month": "€ je Teilnehmermonat", "share": "Anteil",
        "kdu_federal_share": "Anteil", "retention": "Anteil", "lag_months": "Monate",
        "final_after_months": "Monate", "advance": "€",
        "cap_per_person_month": "€ je Teilnehmermonat", "cap_per_year": "€ je Kalenderjahr",
        "cap_total": "€ im Zeitraum",
        "by_tenure_year": "Anteile je Beschäftigungsjahr",
        "per_person_limit": "€ je Person über die Beschäftigung",
        "covers": "Anteil",
        "passive_benefits": "€ je Teilnehmermonat (für die Bedarfsgemeinschaft)",
        "mix": "Anteil", "base_year": "Kalenderjahr", "price_index": "Index je Kalenderjahr",
        "factor": "Faktor", "month_of_year": "Monat des Jahres (1-12)",
        "entitled_month": "Monat des Jahres (1-12)",
        "share_of_monthly_wage": "Anteil am Bruttomonatslohn", "amount": "€ je Person",
    },
    "en": {
        "hourly": "€ per hour", "hours_per_week": "hours per week",
        "employer_contributions": "share of the gross wage", "annual_increase": "share per year",
        "contributions": "share",
        "participants_per_coach": "participants per FTE",
        "coach_cost_per_year": "€ per FTE and year",
        "management_cost_per_year": "€ per provider and year",
        "per_slot_month": "€ per slot-month", "cost": "€ per person",
        "month": "month after entry", "uptake": "share",
        "rate_on_staff": "share of the staff cost", "placement": "probability per month",
        "dropout": "probability per month", "max_months": "months",
        "refill_delay_months": "months", "patience_months": "months",
        "referrals_per_month": "persons per month", "initial": "persons", "slots": "slots",
        "per_person_month": "€ per participant-month", "share": "share",
        "kdu_federal_share": "share", "retention": "share", "lag_months": "months",
        "final_after_months": "months", "advance": "€",
        "cap_per_person_month": "€ per participant-month", "cap_per_year": "€ per calendar year",
        "cap_total": "€ over the period",
        "by_tenure_year": "shares per year of employment",
        "per_person_limit": "€ per person over the spell",
        "covers": "share",
        "passive_benefits": "€ per participant-month (for the household)",
        "mix": "share", "base_year": "calendar year", "price_index": "index per calendar year",
        "factor": "factor", "month_of_year": "month of the year (1-12)",
        "entitled_month": "month of the year (1-12)",
        "share_of_monthly_wage": "share of the gross monthly wage", "amount": "€ per person",
    },
}
"""The unit of a scenario value by the last key of its path that has one (``_unit``;
``price_index``, ``factor`` and ``month_of_year`` by the block, ``IN_BLOCK``)."""

IN_BLOCK = {"one_off": {"month": "month_of_year"},
            "modifiers": {"placement": "factor", "dropout": "factor"}}
"""Keys whose unit inside a block is not the key's own: a one-off payment's ``month`` is
a month of the year, not one after entry; a modifier's hazards are factors on them."""


def words(lang: str) -> dict[str, str]:
    """The plan's words in ``lang``: results.xlsx's and the report pages' (``gap``,
    ``how``, ``share``, ``months``, ``providers``...), the size page's ``SHARED``, the
    plan's own ``WORDS``."""
    page = html_size.WORDS[lang]
    return {**results_book.words(lang), **{k: page[k] for k in SHARED}, **FISCAL_WORDS[lang],
            **WORDS[lang]}


def category_unit(category: Any, lang: str) -> str:
    """A cost category's unit cost as the plan names it (the category registry's ``unit``
    in German, ``unit_en`` in English)."""
    return category.unit if lang == "de" else category.unit_en


def write_plan(path: Path, result: RunResult, plan: pd.DataFrame, q: float,
               lang: str = "de", initial: int | str | None = None) -> None:
    """The Kosten- und Finanzierungsplan and its sheets (module docstring), to ``path``;
    ``initial``: the ``participants.initial`` the user gave, for a plan from a warm-up
    through actual spells (``sizing.move_period`` runs it with 0, which nobody set)."""
    w = words(lang)
    book = Book(path)
    plan_sheet = Rows(book, book.sheet(w["sheet_plan"]))
    basis = Rows(book, book.sheet(w["sheet_basis"]))
    _plan_sheet(plan_sheet, basis, result, plan, q, lang)
    fiscal_sheet(book, result, lang)
    _assumptions(Rows(book, book.sheet(w["sheet_assumptions"])), result, q, lang, initial)
    book.close()


# -- the plan and its quantity basis -------------------------------------------------------

QUANTITY_ROWS = (
    ("months", "period_months", "months", "period_months_note"),
    ("slot_months", "available", "slot_month_unit", "available_note"),
    ("participant_months", "slot_months", "participant_month_unit",
     "participant_months_note"),
    ("coach_months", "coach_months", "coach_month_unit", "coach_months_note"),
    ("entries", "new_entries", "persons", "entries_note"),
)
"""Each quantity of the basis: its column in ``quantity_table``, then the words of its
label, unit and note (the participant-months are results.xlsx's ``slot_months``:
occupied slot-months)."""


def _plan_sheet(p: Rows, m: Rows, result: RunResult, plan: pd.DataFrame, q: float,
                lang: str) -> None:
    w, f = words(lang), NUMBER_FORMATS[lang]
    quantile = level_words(q, lang, compound=True)
    scn = result.scenario
    years = sorted(int(y) for y in plan["year"].unique())
    letters, total = columns(years)
    share_col = FIRST_YEAR_COLUMN + len(years) + 1
    spent = plan[plan.category != "contingency"]
    cost = spent.pivot_table(index="category", columns="year", values="amount",
                             aggfunc="sum").reindex([c.id for c in COST_CATEGORIES]).fillna(0)
    funding = spent.pivot_table(index="funder", columns="year", values="amount",
                                aggfunc="sum", sort=False)
    lift = plan[plan.category == "contingency"].pivot_table(
        index="funder", columns="year", values="amount", aggfunc="sum", sort=False)
    quantities = quantity_table(result).reindex(years).fillna(0)
    names = _names(result, w)
    ref = f"'{w['sheet_basis']}'!"

    # the quantity basis: quantities, unit costs and remainders; the plan refers to them
    m.add([w["basis_title"]], font=TITLE)
    m.add([w["basis_note"].format(
        replications=amount(result.spec.replications, "replication", lang))])
    m.blank()
    m.add([w["size"], w["unit"], *year_titles(scn, lang), w["all_years"], w["note"]],
          bold=True)
    m.add([w["quantities"]], bold=True)
    where: dict[str, int] = {}
    for key, label, unit, note in QUANTITY_ROWS:
        r = m.row + 1
        m.add([w[label], w[unit], *(float(quantities.loc[y, key]) for y in years),
               row_sum(letters, r), w[note]], f["whole"] if key == "months" else f["count"])
        where[key] = r
    m.add([w["average_slots"], w["slots"],
           *(_ratio(f"{c}{where['slot_months']}", f"{c}{where['months']}")
             for c in [*letters, total])], f["count"])
    m.add([w["average_participants"], w["persons"],
           *(_ratio(f"{c}{where['participant_months']}", f"{c}{where['months']}")
             for c in [*letters, total])], f["count"])
    m.add([w["m_occupancy_rate"], UNITS[lang]["share"],
           *(_ratio(f"{c}{where['participant_months']}", f"{c}{where['slot_months']}")
             for c in [*letters, total])], f["share"])
    m.add([w["average_coaches"], w["fte"],
           *(_ratio(f"{c}{where['coach_months']}", f"{c}{where['months']}")
             for c in [*letters, total])], f["count"])
    m.blank()

    units: dict[str, list] = {}
    remainders: dict[str, list] = {}
    for category in COST_CATEGORIES:
        key = category.quantity
        amounts = [float(cost.loc[category.id, y]) for y in years]
        if key in cost.index:  # a rate on another category's amount
            found = [unit_cost(a, float(cost.loc[key, y]), "0.0001")
                     for a, y in zip(amounts, years, strict=True)]
        elif key in quantities.columns:
            found = [unit_cost(a, float(quantities.loc[y, key]))
                     for a, y in zip(amounts, years, strict=True)]
        else:
            found = [unit_cost(a, 1.0) for a in amounts]
        units[category.id] = [u.unit for u in found]
        remainders[category.id] = [u.remainder for u in found]

    m.add([w["unit_costs"]], bold=True)
    unit_row: dict[str, int] = {}
    for category in COST_CATEGORIES:
        fmt = f["rate"] if category.quantity in cost.index else f["eur"]
        unit_row[category.id] = m.add(
            [category_label(category, lang), category_unit(category, lang),
             *(float(u) for u in units[category.id])], fmt)
    m.blank()
    m.add([w["remainders"]], bold=True)
    rest_row: dict[str, int] = {}
    for category in COST_CATEGORIES:
        r = m.row + 1
        rest_row[category.id] = m.add(
            [category_label(category, lang), "€",
             *(float(x) for x in remainders[category.id]), row_sum(letters, r)], f["eur"])
    widths(m, 58, 46, len(years))
    m.width(FIRST_YEAR_COLUMN + len(years) + 1, 60)
    m.freeze("C5")

    # the plan
    p.add([w["title"]], font=TITLE)
    p.add([scn.name])
    p.add([w["plan_note"].format(
        start=scn.period.start, months=amount(scn.period.months, "month", lang), q=quantile,
        replications=amount(result.spec.replications, "replication", lang),
        seed=result.spec.seed)])
    for text in actuals_lines(result, lang):  # a re-forecast: what is actual
        p.add([text])
    if closed_years(scn):
        p.add([w["actual_note"]])
    p.blank()
    # one column, two denominators: the header says which rows divide by which sum
    p.add([w["line"], w["how"], *year_titles(scn, lang), w["all_years"], w["share_of"]],
          bold=True)
    p.add([w["spending"]], bold=True)
    line: dict[str, int] = {}
    first = p.row + 1
    ids = [c.id for c in COST_CATEGORIES]
    for k, category in enumerate(COST_CATEGORIES):
        key = category.quantity
        r = p.row + 1
        if key in line:  # a rate on an earlier line
            how, operands = w["rate_on"].format(line=ids.index(key) + 1), \
                [f"{c}{line[key]}" for c in letters]
        elif key in where:
            how, operands = w["quantity_x_unit"], [f"{ref}{c}{where[key]}" for c in letters]
        else:
            how, operands = w["lump_sum"], ["1"] * len(letters)
        cells = [Formula(f"=ROUND({o}*{ref}{c}{unit_row[category.id]},2)"
                         f"+{ref}{c}{rest_row[category.id]}")
                 for o, c in zip(operands, letters, strict=True)]
        line[category.id] = p.add([f"1.{k + 1} {category_label(category, lang)}", how,
                                   *cells, row_sum(letters, r)], f["eur"])
    last = p.row
    spend = p.add([w["spending_sum"], w["spending_lines"].format(n=len(COST_CATEGORIES)),
                   *(Formula(f"=SUM({c}{first}:{c}{last})") for c in [*letters, total])],
                  f["eur"], bold=True)
    surcharge = p.row + 1  # filled below, once the funders' rows are known
    p.blank()
    p.add([w["with_contingency"], w["plus_contingency"],
           *(Formula(f"={c}{spend}+{c}{surcharge}") for c in [*letters, total])],
          f["eur"], bold=True)
    p.add([w["cost_quantile"].format(q=quantile), w["cost_quantile_how"],
           *(float(v) for v in yearly_cost_quantile(result, q)),
           float(period_quantiles(result, q).loc["cost_total", "quantile"])], f["eur"],
          bold=True)
    covered = coverage(result, plan)
    p.add([w["covered"], w["covered_how"],
           *(w["actual"] if v is None else covered_cut(v)
             for v in year_coverage(result, covered))], f["cut_share"])
    cut = cap_cuts(result, q)
    p.add([w["cost_quantile_note"].format(q=quantile, capped=w["capped"] if cut else "")])
    p.blank()
    p.add([w["financing"]], bold=True)
    first = p.row + 1
    funders, apart = list(funding.index), not_public(scn)
    for i, funder in enumerate(funders, start=1):
        r = p.row + 1
        label = marked(names[funder], f"funding_{funder}", apart, lang)
        p.add([f"2.{i} {label}", w["by_rules"],
               *(round(float(funding.loc[funder, y]), 2) for y in years),  # cells' float sum
               row_sum(letters, r), None],
              f["eur"])
    last = p.row
    income = p.row + 1
    for r in range(first, last + 1):
        p.put(r, share_col, Formula(f"=IF({total}{income}=0,0,{total}{r}/{total}{income})"),
              f["share"])
    p.add([w["financing_sum"], w["financing_lines"],
           *(Formula(f"=SUM({c}{first}:{c}{last})") for c in [*letters, total])],
          f["eur"], bold=True)
    p.put(income, share_col, Formula(f"=IF({total}{income}=0,0,1)"), f["share"], BOLD)
    p.add([w["difference"], "1. - 2.",
           *(Formula(f"={c}{spend}-{c}{income}") for c in [*letters, total])], f["eur"])
    p.blank()
    p.add([w["requests"].format(q=quantile)], bold=True)

    def lift_and_sum(number: str, funder: str, i: int) -> tuple[int, int]:
        """A funder's (or the gap's) contingency row and its row of mean + contingency."""
        r = p.row + 1
        how = "quantile_minus_mean" if funder not in cut else \
            "lift_below" if cut[funder].below_mean else "lift_cut"
        extra = p.add([f"{number}" + w["funder_contingency"].format(funder=names[funder]),
                       w[how].format(q=quantile),
                       *(float(lift.loc[funder, y]) for y in years),
                       row_sum(letters, r)], f["eur"])
        mean_row = first + i - 1
        ask = p.add(["     " + w["funder_request"].format(funder=names[funder]),
                     w["mean_plus"].format(i=i),
                     *(Formula(f"={c}{mean_row}+{c}{r}") for c in [*letters, total])],
                    f["eur"], bold=True)
        if funder in cut:
            line = ("cap_below" if cut[funder].below_mean else "cap_cut") + (
                "" if funder in public else "_own")
            p.add(["     " + w[line].format(funder=names[funder],
                                            cap=cap_text(cut[funder].cap, lang))])
        return extra, ask

    lifts, asks = [], []
    public = requested(result)
    for i, funder in enumerate(funders, start=1):
        if funder in public:
            extra, ask = lift_and_sum(f"3.{len(asks) + 1} ", funder, i)
            lifts.append(extra)
            asks.append(ask)
    asked_row = p.row + 1
    for r in asks:
        p.put(r, share_col, Formula(f"=IF({total}{asked_row}=0,0,{total}{r}/{total}{asked_row})"),
              f["share"])
    p.add([w["requested_sum"], w["request_lines"],
           *(Formula("=" + "+".join(f"{c}{r}" for r in asks) if asks else "=0")
             for c in [*letters, total])], f["eur"], bold=True)
    own = [f for f in funders if f != "gap" and f not in public]
    if own:  # the providers' or employers' own money: outside the sum of the requests
        p.add([w["own_title"]], bold=True)
        for funder in own:
            extra, _ = lift_and_sum("", funder, funders.index(funder) + 1)
            lifts.append(extra)
    if "gap" in funders:  # no funder: uncovered, outside the sum of the requests
        p.add([w["uncovered_title"]], bold=True)
        extra, _ = lift_and_sum("", "gap", funders.index("gap") + 1)
        lifts.append(extra)
    _period_requests(p, result, funders, names, q, quantile, len(years), w, f,
                     covered.period, lang)
    _transfers(p, result, funders, names, years, w, f)
    # the surcharge line of the expenditure: the funders' surcharges, summed
    p.put(surcharge, 1, w["contingency_line"].format(q=quantile))
    p.put(surcharge, 2, w["contingency_lines"])
    for column, c in enumerate([*letters, total], start=FIRST_YEAR_COLUMN):
        p.put(surcharge, column, Formula("=" + "+".join(f"{c}{r}" for r in lifts)), f["eur"])
    widths(p, 60, 34, len(years), 18)
    p.width(share_col, 10)
    p.freeze("C6")


def _period_requests(p: Rows, result: RunResult, funders: list[str], names: dict[str, str],
                     q: float, quantile: str, years: int, w: dict[str, str],
                     f: dict[str, Any], covered: dict[str, float],
                     lang: str) -> None:
    """Each public funder's Q-quantile of its total over the period, in the total column:
    what a grant for the whole period must cover (``--cap`` holds it); the sum of the
    yearly requests is not sure to reach it (quantiles do not add up), so the note says
    how often it covers the period total (``plan.coverage``). Own contributions and the
    gap are granted by nobody, so they have no line here."""
    p.blank()
    p.add([w["period_requests"].format(q=quantile)], bold=True)
    overall = period_quantiles(result, q)
    public = requested(result)
    for i, funder in enumerate((f for f in funders if f in public), start=1):
        p.add([f"4.{i} {names[funder]}", w["period_quantile"].format(q=quantile),
               *([None] * years), float(overall.loc[funder, "quantile"])], f["eur"])
    shares = "; ".join(f"{names[funder]} {covered_text(v, lang)}"
                       for funder, v in covered.items())
    p.add([w["period_note"].format(shares=shares or "–")])


def _transfers(p: Rows, result: RunResult, funders: list[str], names: dict[str, str],
               years: list[int], w: dict[str, str], f: dict[str, Any]) -> None:
    """Per funder with a Passiv-Aktiv-Transfer the part of its amount (2.x) that comes
    out of the benefits it saves, per year: the transfer is budgeted per year."""
    transfer = transfer_by_year(result)
    if not transfer:
        return
    letters, _ = columns(years)
    p.blank()
    p.add([w["transfer_title"]], bold=True)
    for k, (funder, by_year) in enumerate(transfer.items(), start=1):
        r = p.row + 1
        p.add([f"5.{k} {names[funder]}", w["transfer_of"].format(i=funders.index(funder) + 1),
               *(by_year.get(y, 0.0) for y in years), row_sum(letters, r)],
              f["eur"])


def _ratio(top: str, bottom: str) -> Formula:
    return Formula(f"=IF({bottom}=0,0,{top}/{bottom})")


def _names(result: RunResult, w: dict[str, str]) -> dict[str, str]:
    names = {f.id: f.name or f.id for f in result.scenario.funding}
    return {**names, "gap": f"{w['gap']} ({w['uncovered']})"}


# -- the fiscal balance ------------------------------------------------------------------

# -- the assumptions ---------------------------------------------------------------------

SCHEDULE_KEY = re.compile(r"^\d{4}(-\d{2})?$")


def _assumptions(a: Rows, result: RunResult, q: float, lang: str,
                 initial: int | str | None = None) -> None:
    """Parameter, value, unit, explanation: one row per value the plan rests on. From a
    warm-up through actual spells, ``participants.initial`` shows ``initial`` (what the
    user gave) and says it is not used: the actual spells are the start."""
    w, units = words(lang), units_in(lang)
    scn, spec = result.scenario, result.spec
    data = unpadded(resolved_data(scn))
    warm_actuals = scn.actuals is not None and not scn.reforecast
    unused = {"participants.initial": w["initial_unused"]} if warm_actuals else {}
    if warm_actuals and initial is not None:
        data["participants"]["initial"] = initial
    # the year plain money values are in, also where the scenario leaves it to the default:
    # it is why a unit cost of a later year is above the number written
    data["prices"] = {"base_year": base_year(scn), **data["prices"]}
    own = _own_values(scn)
    a.add([w["assumptions_title"]], font=TITLE)
    a.blank()
    a.add([w["parameter"], w["value"], w["unit"], w["explanation"]], bold=True)
    a.add([w["run"]], bold=True)
    for row in ((w["scenario"], scn.name, "", ""),
                (w["start"], scn.period.start, w["unit_month"], ""),
                (w["months"].capitalize(), scn.period.months, w["months"], ""),
                (w["confidence"], q, units["share"], ""),
                (w["runs"], spec.replications, "", w["runs_note"]),
                (w["seed_label"], spec.seed, "", w["seed_note"]),
                (w["draws"], w["yes"] if spec.draws else w["no"], "", ""),
                ("finsim", __version__, w["version"], "")):
        a.add(list(row), _number_format(row[2], lang))
    _actuals_rows(a, scn, w)
    _set_rows(a, scn, lang)
    if scn.period.simulate_from:  # the warm-up: why later tenure years appear at once
        start, month = scn.period.start, scn.period.simulate_from
        a.add([w["simulate_from"], month, w["unit_month"],
               w["simulate_from_note"].format(month=month_words(month, lang),
                                              start=month_words(start, lang))])
        a.add([w["carried"], round(people(result)["participants_at_start"], 1),
               w["persons"], w["carried_actuals_note" if warm_actuals else "carried_note"]])
    a.add([w["providers"]], bold=True)
    for provider in scn.providers:
        a.add([w["slots_of"].format(name=provider.name or provider.id),
               _value(provider.slots, w), w["slots"],
               _marked(scn, f"providers.{provider.id}.slots", lang)
               + w["provider_id"].format(id=provider.id)])
    a.add([w["parameters"]], bold=True)
    named = [named_path(data, s.path) for s in scn._set_over]
    unused = {**unused, **{leaf: unused.get(leaf, "") + _marked(scn, leaf, lang)
                           for leaf in named}}  # its rows say what a --set changed
    assumed = _assumed_minimum_wage(scn, spec.draws, lang)
    unused = {**unused, **{leaf: unused.get(leaf, "") + note for leaf, note in assumed.items()}}
    _program_rows(a, data, own, lang, unused)
    if own:
        a.add([w["own_values"]], bold=True)
        _own_rows(a, scn, own, lang, assumed)
    a.add([w["funders_in_order"]], bold=True)
    for funder in scn.funding:
        # the rule in one line, as the size page and the terminal say it under the table
        a.add([f"funding.{funder.id}", rule_words(funder, scn, lang), "",
               w["rule_note"].format(funder=funder.name or funder.id)])
        dump = funder.model_dump(mode="json", exclude_none=True, exclude={"id", "name"})
        for leaf, value in _leaves(f"funding.{funder.id}", dump):
            unit = _unit(leaf, value, units)
            a.add([leaf, _funder_value(leaf, value, w), unit, _marked(scn, leaf, lang)
                   + f"{funder.name or funder.id}: {_description(leaf, lang)}".rstrip(": ")],
                  _number_format(unit, lang))
    if scn.uncertainty:  # listed either way: a reader sees what was (not) drawn
        a.add([w["uncertainty" if spec.draws else "uncertainty_off"]], bold=True)
        for path, dist in scn.uncertainty.items():  # a drawn factor, or the value's unit
            unit = units["factor"] if dist.scale else _unit(path, 0.0, units)
            a.add([path, _value(dist.model_dump(mode="json", exclude_none=True), w), unit,
                   w["distribution"]])
    for column, width in enumerate((55, 40, 28, 90), start=1):
        a.fit_labels(column, width)
    a.freeze("A4")


def _set_rows(a: Rows, scn: Scenario, lang: str) -> None:
    """Each ``--set`` or override the plan rests on (``SET_LINE``'s parts: path, value as
    given, the file's value it replaced), under a heading per way they came, marked: the
    rows below show the changed values among the file's, and the plan's figures are not
    those of the file the sheet names."""
    origin = None
    for given in scn._set_over:
        if given.origin != origin:  # a heading per way they came (--set, overrides)
            origin = given.origin
            a.add([SET_TITLE[lang].format(by=set_by(given, lang))], bold=True)
        a.add([given.path, given.typed, "", set_was(given, lang)], bold=True)


def _assumed_minimum_wage(scn: Scenario, draws: bool, lang: str) -> dict[str, str]:
    """The start of the explanation of each hourly wage or subsidy base that follows the
    statutory minimum wage past its last row (``sanity.assumed_minimum_wages``, by
    path): the months whose rate is finsim's assumption, said where the value is read."""
    notes = assumed_minimum_wages(scn, draws, lang)
    return {path: f"{note[0].upper()}{note[1:]}. " for path, note in notes.items()}


def _marked(scn: Scenario, leaf: str, lang: str) -> str:
    """The start of a row's explanation whose value a ``--set`` of ``leaf`` gave
    (``SET_MARK``: it and the file's value), else nothing. The rows name list items by
    id, so a set is matched by its named path (``providers.0.slots`` marks
    ``providers.cjd.slots``)."""
    data = resolved_data(scn)
    given = next((s for s in scn._set_over if named_path(data, s.path) == leaf), None)
    return "" if given is None else SET_MARK.format(by=set_by(given, lang),
                                                    was=set_was(given, lang))


SET_MARK = "{by} ({was}). "
SET_TITLE = {"de": "{by} (diese Werte gelten, nicht die der Datei)",
             "en": "{by} (these values hold, not the file's)"}


def _actuals_rows(a: Rows, scn: Scenario, w: dict[str, str]) -> None:
    """A re-forecast's files and first month forecast, and each year's actual months: a
    plan mailed to a funder says which of its amounts are Ist. A plan that starts after
    the actual spells (``Scenario.reforecast`` False) says it starts from a warm-up
    through them, and has no actual months to list."""
    if scn.actuals is None:
        return
    own = scn.reforecast
    a.add([w["actuals" if own else "warmed"]], bold=True)
    a.add([w["spells_file"], Path(scn.actuals.spells).name, "",
           w["spells_note" if own else "warmed_note"]])
    a.add([w["as_of"], scn.actuals.as_of, w["unit_month"], ""])
    if scn.actuals.booked is not None:
        a.add([w["booked_file"], Path(scn.actuals.booked).name, "",
               w["booked_note" if own else "booked_unused"]])
    if not own:
        return
    for year, known, months in actual_months(scn):
        a.add([w["actual_months"].format(year=year), known, w["months"],
               w["of_months"].format(months=months)])


def _program_rows(a: Rows, data: dict, own: dict[str, dict], lang: str,
                  unused: dict[str, str]) -> None:
    """A row per program-wide value of ``parameter_blocks``; one a provider replaces
    names it, so no row claims a value for slots it does not hold for; one ``unused``
    names says so first (by dotted path)."""
    w, units = words(lang), units_in(lang)
    for path in parameter_blocks():
        for leaf, value in _leaves(path, get_path(data, path)):
            by = [pid for pid, values in own.items() if _replaces(values, leaf)]
            unit = _unit(leaf, value, units)
            a.add([leaf, _program_value(value, by, w), unit,
                   unused.get(leaf, "")
                   + (w["replaced_by"].format(ids=", ".join(by)) if by else "")
                   + _description(leaf, lang)], _number_format(unit, lang))


def _own_rows(a: Rows, scn: Scenario, own: dict[str, dict], lang: str,
              notes: dict[str, str] | None = None) -> None:
    """A row per provider's own value (``providers.<id>.costs.wages.hourly``), with the
    unit and description of the program's value it replaces (the override models leave
    theirs out or say only "Overrides the program's"), after its ``notes`` (by path)."""
    notes = notes or {}
    w, units = words(lang), units_in(lang)
    names = provider_names(scn)
    for pid, values in own.items():
        for leaf, value in _leaves(f"providers.{pid}", values):
            program = leaf.removeprefix(f"providers.{pid}.")
            unit = _unit(program, value, units)
            a.add([leaf, _value(value, w), unit, _marked(scn, leaf, lang)
                   + notes.get(leaf, "") + f"{names[pid]}: {_description(program, lang)}"],
                  _number_format(unit, lang))


def _own_values(scn: Scenario) -> dict[str, dict]:
    """Each provider's own values (``PROVIDER_BLOCKS``) by its id, for the providers that
    give any: they, not the program's, hold for its slots."""
    own = {}
    for provider in scn.providers:
        dump = provider.model_dump(mode="json", exclude_none=True,
                                   include=set(PROVIDER_BLOCKS))
        values = {block: unpadded(given) for block, given in dump.items() if given}
        if values:
            own[provider.id] = values
    return own


def _replaces(values: dict, path: str) -> bool:
    """Whether a provider's own ``values`` replace the program's value at ``path``: it
    gives that value or one under it, or a list above it (its list replaces the program's
    whole, as its one-off payments do)."""
    node: object = values
    for part in path.split("."):
        if isinstance(node, list):
            return True
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _program_value(value: object, by: list[str], w: dict[str, str]) -> object:
    """The program's value; where it is none but providers ``by`` give their own, it says
    so, as the plan charges theirs (no bare ``keine`` beside one-off payments charged)."""
    shown = _value(value, w)
    return w["none_but"].format(ids=", ".join(by)) if by and shown == w["none"] else shown


def _leaves(path: str, value: object) -> Iterator[tuple[str, object]]:
    """(dotted path, value) of each value under ``path``; a schedule is one value, list
    items with an ``id`` are named by it, those of a list without ids by position
    (``employment.modifiers.0.placement``, as ``--set`` addresses them)."""
    if isinstance(value, dict) and value and not _schedule(value):
        for key, item in value.items():
            yield from _leaves(f"{path}.{key}", item)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        named = all("id" in v for v in value)
        for i, item in enumerate(value):
            yield from _leaves(f"{path}.{item['id'] if named else i}",
                               {k: v for k, v in item.items() if not (named and k == "id")})
    else:
        yield path, value


def _schedule(value: dict) -> bool:
    return all(isinstance(k, str) and SCHEDULE_KEY.match(k) for k in value)


def _value(value: object, w: dict[str, str]) -> object:
    """Numbers as numbers; a schedule as ``ab 2026-01: 13,9; ...`` (``from 2026-01:
    13.9`` in English); the rest as text."""
    if isinstance(value, bool):
        return w["yes"] if value else w["no"]
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, dict) and not value:
        return w["none"]
    if isinstance(value, dict) and _schedule(value):
        return "; ".join(f"{w['from']} {k}: {_plain(v, w)}" for k, v in value.items())
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v, w)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_plain(v, w) for v in value) or w["none"]
    return str(value)


def _funder_value(leaf: str, value: object, w: dict[str, str]) -> object:
    """``_value``; a yearly budget's schedule (``cap_per_year``, the transfer's too) by
    the calendar years each value applies to, ``2026–2027: 7.000; ab 2028: 50.000``: the
    budget of a year is the one in force in its January, so ``ab 2027-07`` misled."""
    if not (leaf.endswith(".cap_per_year") and isinstance(value, dict) and value
            and _schedule(value)):
        return _value(value, w)
    entries = yearly_entries(value)
    parts = []
    for (year, v), (until, _) in zip(entries, [*entries[1:], (None, None)], strict=True):
        years = (f"{w['from']} {year}" if until is None else
                 str(year) if until == year + 1 else f"{year}–{until - 1}")
        parts.append(f"{years}: {_plain(v, w)}")
    return "; ".join(parts)


def _plain(value: object, w: dict[str, str]) -> str:
    if isinstance(value, bool | dict | list):  # yes/no in words, not Python's True/False
        return str(_value(value, w))
    if isinstance(value, int | float):
        return _digits(value, w)
    return str(value)


def _digits(value: float, w: dict[str, str]) -> str:
    """A number inside a text cell as the language writes it: German with its decimal
    comma and thousands points (``0,713``, ``72.000``, as the pages write them, never
    ``1.02`` beside ``0,9``); English as before (``0.713``, ``72000``). Never with an
    exponent: ``2e+06`` or ``1e-05`` is no way to write a budget or a hazard."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if w["decimal"] == ".":
        return str(value) if isinstance(value, int) else _positional(value)
    if isinstance(value, int):
        return german_digits(f"{value:,}")
    whole, _, fraction = _positional(abs(value)).partition(".")
    sign = "-" if value < 0 else ""
    return german_digits(f"{sign}{int(whole):,}" + (f".{fraction}" if fraction else ""))


def _positional(value: float) -> str:
    """The shortest digits that read back as ``value``, without an exponent."""
    return np.format_float_positional(value, trim="-")


def _number_format(unit: str, lang: str) -> str | None:
    """The money format of the other sheets for a value in € (its unit ``€ je Stunde``,
    ``€ je VZÄ und Jahr``...): ``76.000,00 €``, not a bare ``76000``; a percentage for a
    share (its unit ``Anteil ...`` / ``share ...``: ``22,00 %``, not ``0,22``, as every
    workbook writes shares), with up to four decimals so no digit of the value is hidden
    (``19,875 %``); none for the rest (a probability per month stays as written)."""
    formats = NUMBER_FORMATS[lang]
    if unit.startswith("€"):
        return formats["eur"]
    return formats["rate"] if unit.startswith(UNITS[lang]["share"]) else None


def units_in(lang: str) -> dict[str, str]:
    """``UNITS`` in ``lang`` with those of the registered categories and rule kinds (their
    ``units``; a key ``UNITS`` has keeps its unit)."""
    return {**texts("units").get(lang, {}), **UNITS[lang]}


def _unit(path: str, value: object, units: dict[str, str]) -> str:
    """The unit of a number (or of a schedule's numbers) by the path's last known key;
    by its block where the key means something else there (``IN_BLOCK``, ``prices``)."""
    if isinstance(value, bool | str) or (isinstance(value, dict) and not _schedule(value)):
        return ""
    parts = path.split(".")
    if parts[0] == "prices" and parts[-1] != "base_year":  # a kind's rate or index
        return units["price_index" if isinstance(value, dict) else "annual_increase"]
    for block, keys in IN_BLOCK.items():
        if block in parts[:-1] and parts[-1] in keys:
            return units[keys[parts[-1]]]
    for part in reversed(parts):
        if part in units:
            return units[part]
    return ""


def _description(path: str, lang: str) -> str:
    """The scenario format's description of the field at ``path`` in ``lang`` (English
    as in docs/scenario-format.md, German from ``descriptions.GERMAN``); empty where the
    path leaves the models (an id, a key)."""
    node: Any = Scenario
    text = ""
    for part in path.split("."):
        model = _model_of(node)
        if model is None:
            continue  # an id or a key: stay on the model of the items
        field = model.model_fields.get(part)
        if field is None:
            continue
        text = description(model, part, field, lang)
        node = field.annotation
    return text


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation (itself, or of an optional, list or
    union), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, tuple, Union) or get_args(annotation):
        for arg in get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None

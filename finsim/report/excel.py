"""The plan as a Kosten- und Finanzierungsplan: the workbook a grant application attaches.

German cost and financing plans put the years in columns and the cost categories, then
the funders, in rows, each block with its sum. Every amount that follows from others is
a live formula, so a Kämmerei can check and change the plan in the workbook:

- ``Finanzierungsplan``: each cost category is quantity x unit cost (rounded to the
  cent) plus its rounding remainder, the quantities and unit costs taken from the sheet
  ``Mengengerüst``; the sums are ``SUM``; the risk surcharge (``contingency``) has its
  own line; each funder's share is its amount over the total.
- ``Mengengerüst``: per calendar year the months planned, slot-months, participant-months
  and coaching FTE-months (means over replications), the unit costs, and each line's
  rounding remainder in whole cents (docs/workbooks.md says why there is one).
- ``Fiskalbilanz``: per budget and year what it pays, saves and gets back; net as formula.
- ``Annahmen``: the assumptions as a table of parameter, value, unit and explanation.

The amounts the formulas compute equal plan.csv to the cent (a test recomputes them).
Scenario files travel between organisations: every text cell is written as text, never
as a formula, whatever it starts with (a name ``=HYPERLINK(...)`` stays a name); the only
formulas are the ones built here from cell references. The file is byte-identical for
identical runs: fixed document properties and zip entry times.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from pydantic import BaseModel

from .. import __version__
from ..ledger import COST_CATEGORIES
from ..montecarlo import RunResult
from ..scenario import Scenario, get_path, resolved_data
from .quantities import quantity_table, unit_cost
from .tables import fiscal_table

EUR = '#,##0.00 "€"'
COUNT = "#,##0.000"
SHARE = "0.00 %"
RATE = "0.00## %"
KEY_PARAMETERS = (
    "participants.referrals_per_month", "participants.patience_months",
    "participants.initial", "employment.max_months", "employment.refill_delay_months",
    "employment.hazards", *(p for c in COST_CATEGORIES for p in c.parameters),
    "passive_benefits", "returns",
)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
FIRST_YEAR_COLUMN = 3
"""Years start in column C on the plan and the Mengengerüst, so a year has one column
letter on both sheets."""


class Formula(str):
    """A formula built here from cell references (never text from a scenario)."""


class Rows:
    """A sheet written row by row: text as text, formulas as formulas, number formats."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 0

    def add(self, cells: list, number_format: str | None = None, bold: bool = False,
            font: Font | None = None) -> int:
        """Append a row; return its number."""
        self.row += 1
        for column, value in enumerate(cells, start=1):
            if value is None:
                continue
            cell = self.sheet.cell(self.row, column, value)
            if isinstance(value, str) and not isinstance(value, Formula):
                cell.data_type = "s"  # never a formula or an error code
            elif number_format:
                cell.number_format = number_format
            if font or bold:
                cell.font = font or BOLD
        return self.row

    def blank(self) -> None:
        self.row += 1


def write_plan(path: Path, result: RunResult, plan: pd.DataFrame, q: float) -> None:
    """The Kosten- und Finanzierungsplan and its sheets (module docstring), to ``path``."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Finanzierungsplan"
    basis = book.create_sheet("Mengengerüst")
    _plan_sheet(sheet, basis, result, plan, q)
    _fiscal_sheet(book.create_sheet("Fiskalbilanz"), result)
    _assumptions(book.create_sheet("Annahmen"), result, q)
    save_reproducibly(book, path)


FIXED_TIME = datetime(2000, 1, 1)
"""The document's creation and modification time: fixed, so identical runs give
identical files (the run's own time is in run.json)."""


def save_reproducibly(book: Workbook, path: Path) -> None:
    """Save with fixed properties and zip entry times, so the bytes depend on the content
    only (openpyxl's ``save`` stamps the current time into both). Spreadsheet programs
    compute every formula when they open the file. The entries are compressed once, when
    they are stamped (openpyxl's own archive is only read back)."""
    book.properties.creator = "finsim"
    book.properties.lastModifiedBy = "finsim"
    book.properties.created = book.properties.modified = FIXED_TIME
    book.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(book, archive).save()
    with zipfile.ZipFile(buffer) as stamped, zipfile.ZipFile(path, "w") as archive:
        for entry in stamped.infolist():
            data = stamped.read(entry.filename)
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = entry.external_attr
            archive.writestr(fixed, data)


def columns(years: list) -> tuple[list[str], str]:
    """The column letter of each year and of the total."""
    letters = [get_column_letter(FIRST_YEAR_COLUMN + i) for i in range(len(years) + 1)]
    return letters[:-1], letters[-1]


def row_sum(letters: list[str], row: int) -> Formula:
    return Formula(f"=SUM({letters[0]}{row}:{letters[-1]}{row})")


def widths(sheet: Worksheet, first: float, second: float, years: int,
           rest: float = 16) -> None:
    sheet.column_dimensions["A"].width = first
    sheet.column_dimensions["B"].width = second
    for col in range(FIRST_YEAR_COLUMN, FIRST_YEAR_COLUMN + years + 2):
        sheet.column_dimensions[get_column_letter(col)].width = rest


# -- the plan and its quantity basis -------------------------------------------------------

QUANTITY_ROWS = (
    ("months", "Monate im Planungszeitraum", "Monate",
     "Kalendermonate des Zeitraums in diesem Jahr"),
    ("slot_months", "Platzmonate (verfügbar)", "Platzmonate",
     "Plätze in Kraft je Monat, summiert (Sachkosten je Platz)"),
    ("participant_months", "Teilnehmermonate (besetzte Platzmonate)", "Teilnehmermonate",
     "Beschäftigungszeit anteilig je Monat, Mittel über die Wiederholungen"),
    ("coach_months", "VZÄ-Monate Anleitung und Betreuung", "VZÄ-Monate",
     "Teilnehmermonate / Teilnehmende je Anleitungskraft, je Träger"),
)


def _plan_sheet(sheet: Worksheet, basis: Worksheet, result: RunResult, plan: pd.DataFrame,
                q: float) -> None:
    scn = result.scenario
    years = sorted(int(y) for y in plan["year"].unique())
    letters, total = columns(years)
    share_col = get_column_letter(FIRST_YEAR_COLUMN + len(years) + 1)
    spent = plan[plan.category != "contingency"]
    cost = spent.pivot_table(index="category", columns="year", values="amount",
                             aggfunc="sum").reindex([c.id for c in COST_CATEGORIES]).fillna(0)
    funding = spent.pivot_table(index="funder", columns="year", values="amount",
                                aggfunc="sum", sort=False)
    lift = plan[plan.category == "contingency"].pivot_table(
        index="funder", columns="year", values="amount", aggfunc="sum", sort=False)
    quantities = quantity_table(result).reindex(years).fillna(0)
    names = _names(result)
    ref = "'Mengengerüst'!"

    # the Mengengerüst: quantities, unit costs and remainders; the plan refers to them
    m = Rows(basis)
    m.add(["Mengengerüst und Einheitskosten"], font=TITLE)
    m.add([f"Erwartungswerte je Kalenderjahr über {result.spec.replications} Wiederholungen; "
           "Betrag je Kostenart = RUNDEN(Menge x Einheitskosten; 2) + Rundungsausgleich"])
    m.blank()
    m.add(["Größe", "Einheit", *(str(y) for y in years), "Gesamt", "Erläuterung"], bold=True)
    m.add(["A. Mengen"], bold=True)
    where: dict[str, int] = {}
    for key, label, unit, note in QUANTITY_ROWS:
        r = m.row + 1
        m.add([label, unit, *(float(quantities.loc[y, key]) for y in years),
               row_sum(letters, r), note], "#,##0" if key == "months" else COUNT)
        where[key] = r
    m.add(["Plätze im Jahresdurchschnitt", "Plätze",
           *(_ratio(f"{c}{where['slot_months']}", f"{c}{where['months']}")
             for c in [*letters, total])], COUNT)
    m.add(["Teilnehmende im Jahresdurchschnitt", "Personen",
           *(_ratio(f"{c}{where['participant_months']}", f"{c}{where['months']}")
             for c in [*letters, total])], COUNT)
    m.add(["Auslastung der Plätze", "Anteil",
           *(_ratio(f"{c}{where['participant_months']}", f"{c}{where['slot_months']}")
             for c in [*letters, total])], SHARE)
    m.add(["Anleitungskräfte im Jahresdurchschnitt", "VZÄ",
           *(_ratio(f"{c}{where['coach_months']}", f"{c}{where['months']}")
             for c in [*letters, total])], COUNT)
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
        units[category.id] = [f.unit for f in found]
        remainders[category.id] = [f.remainder for f in found]

    m.add(["B. Einheitskosten"], bold=True)
    unit_row: dict[str, int] = {}
    for category in COST_CATEGORIES:
        fmt = RATE if category.quantity in cost.index else EUR
        unit_row[category.id] = m.add(
            [category.plan_line, category.unit, *(float(u) for u in units[category.id])], fmt)
    m.blank()
    m.add(["C. Rundungsausgleich (Betrag laut Simulation - gerundetes Produkt)"], bold=True)
    rest_row: dict[str, int] = {}
    for category in COST_CATEGORIES:
        r = m.row + 1
        rest_row[category.id] = m.add(
            [category.plan_line, "€", *(float(x) for x in remainders[category.id]),
             row_sum(letters, r)], EUR)
    widths(basis, 58, 46, len(years))
    basis.column_dimensions[get_column_letter(FIRST_YEAR_COLUMN + len(years) + 1)].width = 60
    basis.freeze_panes = "C5"

    # the plan
    p = Rows(sheet)
    p.add(["Kosten- und Finanzierungsplan"], font=TITLE)
    p.add([scn.name])
    p.add([f"Zeitraum {scn.period.start}, {scn.period.months} Monate; "
           f"Risikozuschlag auf das {q:.0%}-Quantil je Geldgeber; "
           f"{result.spec.replications} Wiederholungen, Seed {result.spec.seed}"])
    p.blank()
    p.add(["Position", "Berechnung", *(str(y) for y in years), "Gesamt", "Anteil"], bold=True)
    p.add(["1. Ausgaben (Erwartungswert)"], bold=True)
    line: dict[str, int] = {}
    first = p.row + 1
    ids = [c.id for c in COST_CATEGORIES]
    for k, category in enumerate(COST_CATEGORIES):
        key = category.quantity
        r = p.row + 1
        if key in line:  # a rate on an earlier line
            how, operands = f"Zeile 1.{ids.index(key) + 1} x Satz", \
                [f"{c}{line[key]}" for c in letters]
        elif key in where:
            how, operands = "Menge x Einheitskosten", [f"{ref}{c}{where[key]}" for c in letters]
        else:
            how, operands = "pauschal", ["1"] * len(letters)
        cells = [Formula(f"=ROUND({o}*{ref}{c}{unit_row[category.id]},2)"
                         f"+{ref}{c}{rest_row[category.id]}")
                 for o, c in zip(operands, letters, strict=True)]
        line[category.id] = p.add([f"1.{k + 1} {category.plan_line}", how, *cells,
                                   row_sum(letters, r)], EUR)
    last = p.row
    spend = p.add(["Summe Ausgaben (Erwartungswert)", "Summe 1.1 bis "
                   f"1.{len(COST_CATEGORIES)}",
                   *(Formula(f"=SUM({c}{first}:{c}{last})") for c in [*letters, total])],
                  EUR, bold=True)
    surcharge = p.row + 1  # filled below, once the funders' rows are known
    p.blank()
    p.add(["Gesamtausgaben inkl. Risikozuschlag", "Summe + Risikozuschlag",
                   *(Formula(f"={c}{spend}+{c}{surcharge}") for c in [*letters, total])],
                  EUR, bold=True)
    p.blank()
    p.add(["2. Finanzierung (Erwartungswert)"], bold=True)
    first = p.row + 1
    funders = list(funding.index)
    for i, funder in enumerate(funders, start=1):
        r = p.row + 1
        p.add([f"2.{i} {names[funder]}", "laut Finanzierungsregeln",
               *(float(funding.loc[funder, y]) for y in years), row_sum(letters, r), None],
              EUR)
    last = p.row
    income = p.row + 1
    for r in range(first, last + 1):
        sheet[f"{share_col}{r}"] = Formula(f"=IF({total}{income}=0,0,{total}{r}/{total}{income})")
        sheet[f"{share_col}{r}"].number_format = SHARE
    p.add(["Summe Finanzierung (Erwartungswert)", "Summe 2.x",
           *(Formula(f"=SUM({c}{first}:{c}{last})") for c in [*letters, total]),
           Formula(f"=IF({total}{income}=0,0,1)")], EUR, bold=True)
    sheet[f"{share_col}{income}"].number_format = SHARE
    p.add(["Differenz Ausgaben - Finanzierung (muss 0 sein)", "1. - 2.",
           *(Formula(f"={c}{spend}-{c}{income}") for c in [*letters, total])], EUR)
    p.blank()
    p.add([f"3. Beantragte Mittel je Geldgeber ({q:.0%}-Quantil)"], bold=True)
    lifts, asks = [], []
    for i, funder in enumerate(funders, start=1):
        r = p.row + 1
        lifts.append(p.add([f"3.{i} {names[funder]}: Risikozuschlag",
                            f"{q:.0%}-Quantil - Erwartungswert",
                            *(float(lift.loc[funder, y]) for y in years),
                            row_sum(letters, r)], EUR))
        mean_row = first + i - 1
        asks.append(p.add([f"     {names[funder]}: Summe", f"2.{i} + Risikozuschlag",
                           *(Formula(f"={c}{mean_row}+{c}{r}") for c in [*letters, total])],
                          EUR, bold=True))
    requested = p.row + 1
    for r in asks:
        sheet[f"{share_col}{r}"] = Formula(
            f"=IF({total}{requested}=0,0,{total}{r}/{total}{requested})")
        sheet[f"{share_col}{r}"].number_format = SHARE
    p.add(["Summe beantragte Mittel inkl. Risikozuschlag", "Summe 3.x",
           *(Formula("=" + "+".join(f"{c}{r}" for r in asks)) for c in [*letters, total])],
          EUR, bold=True)
    # the surcharge line of the expenditure: the funders' surcharges, summed
    sheet.cell(surcharge, 1, f"Risikozuschlag ({q:.0%}-Quantil je Geldgeber)").data_type = "s"
    sheet.cell(surcharge, 2, "Summe der Zuschläge 3.x").data_type = "s"
    for column, c in enumerate([*letters, total], start=FIRST_YEAR_COLUMN):
        cell = sheet.cell(surcharge, column, Formula("=" + "+".join(f"{c}{r}" for r in lifts)))
        cell.number_format = EUR
    widths(sheet, 60, 34, len(years), 18)
    sheet.column_dimensions[share_col].width = 10
    sheet.freeze_panes = "C6"


def _ratio(top: str, bottom: str) -> Formula:
    return Formula(f"=IF({bottom}=0,0,{top}/{bottom})")


def _names(result: RunResult) -> dict[str, str]:
    names = {f.id: f.name or f.id for f in result.scenario.funding}
    return {**names, "gap": "Finanzierungslücke (ungedeckt)"}


# -- the fiscal balance ------------------------------------------------------------------

FISCAL_LINES = (("paid", "Ausgaben der Geldgeber dieses Haushalts"),
                ("saved", "Eingesparte passive Leistungen"),
                ("returns", "Rückflüsse (Steuern, Sozialversicherungsbeiträge)"))


def _fiscal_sheet(sheet: Worksheet, result: RunResult) -> None:
    """Per budget and year what it pays, saves, gets back (fiscal.csv), and its net as a
    formula."""
    fiscal = fiscal_table(result)
    years = sorted(int(y) for y in fiscal["year"].unique())
    letters, total = columns(years)
    s = Rows(sheet)
    s.add(["Fiskalbilanz je Haushalt (Erwartungswert)"], font=TITLE)
    s.add(["Netto = Ausgaben - eingesparte Leistungen - Rückflüsse; "
           "net_public_cost = Summe der öffentlichen Haushalte"])
    s.blank()
    s.add(["Haushalt / Position", "", *(str(y) for y in years), "Gesamt"], bold=True)
    for budget, rows in fiscal.groupby("budget", sort=False):
        public = "öffentlich" if rows["public"].iloc[0] else "nicht öffentlich"
        s.add([f"{budget} ({public})"], bold=True)
        by_year = rows.set_index("year")
        at = {}
        for column, label in FISCAL_LINES:
            r = s.row + 1
            at[column] = s.add([f"  {label}", "€", *(round(float(by_year.loc[y, column]), 2)
                                                    for y in years), row_sum(letters, r)],
                               EUR)
        s.add(["  Nettokosten", "€",
               *(Formula(f"={c}{at['paid']}-{c}{at['saved']}-{c}{at['returns']}")
                 for c in [*letters, total])], EUR, bold=True)
    widths(sheet, 55, 4, len(years), 18)


# -- the assumptions ---------------------------------------------------------------------

UNITS = {
    "hourly": "€ je Stunde", "hours_per_week": "Stunden je Woche",
    "employer_contributions": "Anteil am Bruttolohn", "annual_increase": "Anteil je Jahr",
    "participants_per_coach": "Teilnehmende je VZÄ", "coach_cost_per_year": "€ je VZÄ und Jahr",
    "management_cost_per_year": "€ je Träger und Jahr", "per_slot_month": "€ je Platzmonat",
    "cost": "€ je Person", "month": "Monat nach Eintritt", "uptake": "Anteil",
    "rate_on_staff": "Anteil der Personalkosten", "placement": "Wahrscheinlichkeit je Monat",
    "dropout": "Wahrscheinlichkeit je Monat", "max_months": "Monate",
    "refill_delay_months": "Monate", "patience_months": "Monate",
    "referrals_per_month": "Personen je Monat", "initial": "Personen", "slots": "Plätze",
    "per_person_month": "€ je Teilnehmermonat", "share": "Anteil",
    "kdu_federal_share": "Anteil", "retention": "Anteil", "lag_months": "Monate",
    "final_after_months": "Monate", "advance": "€",
    "by_tenure_year": "Anteile je Beschäftigungsjahr",
    "covers": "Anteil", "passive_benefits": "€ je Person und Monat",
}
SCHEDULE_KEY = re.compile(r"^\d{4}(-\d{2})?$")


def _assumptions(sheet: Worksheet, result: RunResult, q: float) -> None:
    """Parameter, value, unit, explanation: one row per value the plan rests on."""
    scn, spec = result.scenario, result.spec
    data = resolved_data(scn)
    a = Rows(sheet)
    a.add(["Annahmen des Plans"], font=TITLE)
    a.blank()
    a.add(["Parameter", "Wert", "Einheit", "Erläuterung (Beschreibung im Szenarioformat)"],
          bold=True)
    a.add(["Lauf"], bold=True)
    for row in (("Szenario", scn.name, "", ""),
                ("Zeitraum (Beginn)", scn.period.start, "Monat", ""),
                ("Monate", scn.period.months, "Monate", ""),
                ("Konfidenz (Quantil des Risikozuschlags)", q, "Anteil", ""),
                ("Wiederholungen", spec.replications, "", "Monte-Carlo-Läufe"),
                ("Seed", spec.seed, "", "Startwert der Zufallszahlen"),
                ("Parameterunsicherheit", "ja" if spec.draws else "nein", "", ""),
                ("finsim", __version__, "Version", "")):
        a.add(list(row))
    a.add(["Träger"], bold=True)
    for provider in scn.providers:
        a.add([f"Plätze {provider.name or provider.id}", _value(provider.slots), "Plätze",
               f"Träger-Kennung {provider.id}"])
    a.add(["Parameter des Szenarios"], bold=True)
    for path in KEY_PARAMETERS:
        for leaf, value in _leaves(path, get_path(data, path)):
            a.add([leaf, _value(value), _unit(leaf, value), _description(leaf)])
    a.add(["Geldgeber (in Anwendungsreihenfolge)"], bold=True)
    for funder in scn.funding:
        dump = funder.model_dump(mode="json", exclude_none=True, exclude={"id", "name"})
        for leaf, value in _leaves(f"funding.{funder.id}", dump):
            a.add([leaf, _value(value), _unit(leaf, value),
                   f"{funder.name or funder.id}: {_description(leaf)}".rstrip(": ")])
    if scn.uncertainty:
        a.add(["Unsicherheit (je Wiederholung gezogen)"], bold=True)
        for path, dist in scn.uncertainty.items():
            a.add([path, _value(dist.model_dump(mode="json", exclude_none=True)), "",
                   "Verteilung"])
    sheet.column_dimensions["A"].width = 55
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 28
    sheet.column_dimensions["D"].width = 90
    sheet.freeze_panes = "A4"


def _leaves(path: str, value: object) -> Iterator[tuple[str, object]]:
    """(dotted path, value) of each value under ``path``; a schedule is one value, list
    items with an ``id`` are named by it."""
    if isinstance(value, dict) and value and not _schedule(value):
        for key, item in value.items():
            yield from _leaves(f"{path}.{key}", item)
    elif isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v
                                                     for v in value):
        for item in value:
            yield from _leaves(f"{path}.{item['id']}",
                               {k: v for k, v in item.items() if k != "id"})
    else:
        yield path, value


def _schedule(value: dict) -> bool:
    return all(isinstance(k, str) and SCHEDULE_KEY.match(k) for k in value)


def _value(value: object) -> object:
    """Numbers as numbers; a schedule as ``ab 2026-01: 13,9; ...``; the rest as text."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, dict) and not value:
        return "keine"
    if isinstance(value, dict) and _schedule(value):
        return "; ".join(f"ab {k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value) or "keine"
    return str(value)


def _plain(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, dict | list):
        return str(_value(value))
    return str(value)


def _unit(path: str, value: object) -> str:
    """The unit of a number (or of a schedule's numbers) by the path's last known key."""
    if isinstance(value, bool | str) or (isinstance(value, dict) and not _schedule(value)):
        return ""
    parts = path.split(".")
    for part in reversed(parts):
        if part in UNITS:
            return UNITS[part]
    return ""


def _description(path: str) -> str:
    """The scenario format's description of the field at ``path`` (English, as in
    docs/scenario-format.md); empty where the path leaves the models (an id, a key)."""
    node: Any = Scenario
    text = ""
    for part in path.split("."):
        model = _model_of(node)
        if model is None:
            continue  # an id or a key: stay on the model of the items
        field = model.model_fields.get(part)
        if field is None:
            continue
        text = field.description or ""
        node = field.annotation
    return text.strip()


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

"""The plan as a Kosten- und Finanzierungsplan: the workbook a grant application attaches.

German cost and financing plans put the years in columns and the cost categories, then
the funders, in rows, each block with its sum. The cost side is the mean; the risk
surcharge (``contingency``) is shown on its own line, so a reader sees what is expected
and what is asked for safety. A second sheet states the assumptions the numbers rest on.
Values are written, not formulas, so the file reads the same in every program.

Scenario files travel between organisations: every text cell is written as text, never
as a formula, whatever it starts with (a name ``=HYPERLINK(...)`` stays a name). The file
is byte-identical for identical runs: fixed document properties and zip entry times;
the run's time is only in run.json.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .. import __version__
from ..ledger import COST_CATEGORIES
from ..montecarlo import RunResult
from ..scenario import CATEGORIES, get_path, resolved_data
from .tables import fiscal_table

EUR = '#,##0.00 "€"'
KEY_PARAMETERS = (
    "participants.referrals_per_month", "participants.patience_months",
    "participants.initial", "employment.max_months", "employment.refill_delay_months",
    "employment.hazards", *(p for c in COST_CATEGORIES for p in c.parameters),
    "passive_benefits", "returns",
)
BOLD = Font(bold=True)


def write_plan(path: Path, result: RunResult, plan: pd.DataFrame, q: float) -> None:
    """The plan sheet and the assumptions sheet, written to ``path``."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Finanzierungsplan"
    _plan_sheet(sheet, result, plan, q)
    _fiscal_sheet(book.create_sheet("Fiskalbilanz"), result)
    _assumptions(book.create_sheet("Annahmen"), result, q)
    save_reproducibly(book, path)


FIXED_TIME = datetime(2000, 1, 1)
"""The document's creation and modification time: fixed, so identical runs give
identical files (the run's own time is in run.json)."""


def save_reproducibly(book: Workbook, path: Path) -> None:
    """Save with fixed properties and zip entry times, so the bytes depend on the content
    only (openpyxl's ``save`` stamps the current time into both)."""
    book.properties.creator = "finsim"
    book.properties.lastModifiedBy = "finsim"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    with zipfile.ZipFile(buffer) as stamped, zipfile.ZipFile(path, "w") as archive:
        for entry in stamped.infolist():
            data = stamped.read(entry.filename)
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = entry.external_attr
            archive.writestr(fixed, data)


def _append(sheet: Worksheet, values: list) -> None:
    """A row whose text cells are text: never a formula or an error code, whatever a
    scenario's name or id starts with."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


FISCAL_LINES = (("paid", "Ausgaben der Geldgeber dieses Haushalts"),
                ("saved", "Eingesparte passive Leistungen"),
                ("returns", "Rückflüsse (Steuern, Sozialversicherungsbeiträge)"),
                ("net", "Nettokosten"))


def _fiscal_sheet(sheet: Worksheet, result: RunResult) -> None:
    """Per budget and year what it pays, saves, gets back, and its net (fiscal.csv)."""
    fiscal = fiscal_table(result)
    years = sorted(fiscal["year"].unique())
    _append(sheet, ["Fiskalbilanz je Haushalt (Erwartungswert)"])
    sheet["A1"].font = Font(bold=True, size=14)
    _append(sheet, ["Netto = Ausgaben - eingesparte Leistungen - Rückflüsse; "
                    "net_public_cost = Summe der öffentlichen Haushalte"])
    _append(sheet, [])
    _row(sheet, "Haushalt / Position", [str(y) for y in years], "Gesamt", bold=True)
    for budget, rows in fiscal.groupby("budget", sort=False):
        public = "öffentlich" if rows["public"].iloc[0] else "nicht öffentlich"
        _row(sheet, f"{budget} ({public})", [], bold=True)
        by_year = rows.set_index("year")
        for column, label in FISCAL_LINES:
            _row(sheet, f"  {label}", [float(by_year.loc[y, column]) for y in years],
                 bold=column == "net")
    sheet.column_dimensions["A"].width = 55
    for col in range(2, len(years) + 3):
        sheet.column_dimensions[sheet.cell(4, col).column_letter].width = 18


def _names(result: RunResult) -> dict[str, str]:
    names = {f.id: f.name or f.id for f in result.scenario.funding}
    return {**names, "gap": "Finanzierungslücke (ungedeckt)"}


def _plan_sheet(sheet: Worksheet, result: RunResult, plan: pd.DataFrame, q: float) -> None:
    scn = result.scenario
    years = sorted(plan["year"].unique())
    cost = plan[plan.category != "contingency"].pivot_table(
        index="category", columns="year", values="amount", aggfunc="sum").reindex(CATEGORIES)
    funding = plan[plan.category != "contingency"].pivot_table(
        index="funder", columns="year", values="amount", aggfunc="sum", sort=False)
    lift = plan[plan.category == "contingency"].pivot_table(
        index="funder", columns="year", values="amount", aggfunc="sum", sort=False)
    names = _names(result)
    _append(sheet, ["Kosten- und Finanzierungsplan"])
    sheet["A1"].font = Font(bold=True, size=14)
    _append(sheet, [scn.name])
    _append(sheet, [f"Zeitraum {scn.period.start}, {scn.period.months} Monate; "
                  f"Risikozuschlag auf das {q:.0%}-Quantil; "
                  f"{result.spec.replications} Wiederholungen, Seed {result.spec.seed}"])
    _append(sheet, [])
    _row(sheet, "Position", [str(y) for y in years], "Gesamt", bold=True)
    _row(sheet, "1. Ausgaben (Erwartungswert)", [], bold=True)
    for k, category in enumerate(COST_CATEGORIES):
        _row(sheet, f"1.{k + 1} {category.plan_line}", list(cost.loc[category.id, years]))
    _row(sheet, "Summe Ausgaben (Erwartungswert)", list(cost[years].sum()), bold=True)
    _row(sheet, f"Risikozuschlag ({q:.0%}-Quantil je Geldgeber)", list(lift[years].sum()))
    _row(sheet, "Gesamtausgaben inkl. Risikozuschlag",
         list(cost[years].sum() + lift[years].sum()), bold=True)
    _append(sheet, [])
    _row(sheet, "2. Finanzierung (Erwartungswert)", [], bold=True)
    for i, funder in enumerate(funding.index, start=1):
        _row(sheet, f"2.{i} {names[funder]}", list(funding.loc[funder, years]))
    _row(sheet, "Summe Finanzierung (Erwartungswert)", list(funding[years].sum()), bold=True)
    _append(sheet, [])
    _row(sheet, f"3. Beantragte Mittel je Geldgeber ({q:.0%}-Quantil)", [], bold=True)
    for i, funder in enumerate(funding.index, start=1):
        _row(sheet, f"3.{i} {names[funder]}: Risikozuschlag", list(lift.loc[funder, years]))
        _row(sheet, f"     {names[funder]}: Summe",
             list(funding.loc[funder, years] + lift.loc[funder, years]), bold=True)
    _row(sheet, "Summe beantragte Mittel inkl. Risikozuschlag",
         list(funding[years].sum() + lift[years].sum()), bold=True)
    sheet.column_dimensions["A"].width = 60
    for col in range(2, len(years) + 3):
        sheet.column_dimensions[sheet.cell(1, col).column_letter].width = 18
    sheet.freeze_panes = "B6"


def _row(sheet: Worksheet, label: str, values: list, total: object = None,
         bold: bool = False) -> None:
    """A labelled row of amounts and, for amounts, their sum in the last column."""
    numbers = [float(v) for v in values] if values and not isinstance(values[0], str) else None
    tail = [sum(numbers)] if numbers is not None else ([total] if total else [])
    _append(sheet, [label, *(numbers if numbers is not None else values), *tail])
    for cell in sheet[sheet.max_row]:
        if bold:
            cell.font = BOLD
        if isinstance(cell.value, float):
            cell.number_format = EUR


def _assumptions(sheet: Worksheet, result: RunResult, q: float) -> None:
    scn, spec = result.scenario, result.spec
    data = resolved_data(scn)
    rows = [("Szenario", scn.name), ("Zeitraum (Beginn)", scn.period.start),
            ("Monate", scn.period.months), ("Konfidenz (Quantil)", q),
            ("Wiederholungen", spec.replications), ("Seed", spec.seed),
            ("Parameterunsicherheit", "ja" if spec.draws else "nein"),
            ("finsim", __version__)]
    rows += [(f"Plätze {p.id} ({p.name or p.id})", _text(p.slots)) for p in scn.providers]
    rows += [(path, _text(get_path(data, path))) for path in KEY_PARAMETERS]
    rows += [(f"Geldgeber {f.id} ({f.name or f.id})", _text(_funder(f))) for f in scn.funding]
    rows += [(f"Unsicher: {path}", _text(d.model_dump(exclude_none=True)))
             for path, d in scn.uncertainty.items()]
    _append(sheet, ["Annahme", "Wert"])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        _append(sheet, list(row))
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 90


def _funder(funder: object) -> dict:
    return funder.model_dump(mode="json", exclude_none=True, exclude={"id", "name"})


def _text(value: object) -> object:
    """Numbers and words as they are; structures as compact JSON."""
    if isinstance(value, int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False)

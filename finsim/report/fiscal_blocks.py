"""The fiscal balance per budget and year as blocks of lines (paid, saved, returns, net,
paid in cash), in a reader's words: one source for results.xlsx's and plan.xlsx's sheet
(``plan_book.fiscal_sheet``) and run's page (``html.fiscal_section``). Kept apart from
the workbooks' modules, which load pandas and XlsxWriter: the page is made in the
process that ran the replications, which never loads them."""

from __future__ import annotations

from collections.abc import Mapping

from ..funding.fiscal import UNSPLIT
from ..montecarlo import RunResult
from ..replication import years_of
from .budgets import ACCRUAL, budget_name, fiscal_rows

FISCAL_LINES = ("paid", "saved", "returns")
"""fiscal.csv's columns, each a line per budget (its words by the same name)."""
CASH_LINE = "paid_cash"
"""fiscal.csv's cash column, a line per budget after the net (``fiscal_blocks``' cash)."""

FISCAL_WORDS: dict[str, dict[str, str]] = {
    "de": {
        "all_years": "Gesamt", "sheet_fiscal": "Fiskalbilanz",
        "fiscal_title": f"Fiskalbilanz je Haushalt (Erwartungswert, {ACCRUAL['de']})",
        "fiscal_note": "Nettokosten = Ausgaben - vermiedene Leistungen - Rückflüsse; "
        "Öffentliche Nettokosten = Summe der Nettokosten der öffentlichen Haushalte",
        "unsplit_block": "Vermiedene Leistungen ohne Aufteilung auf Haushalte "
                   "(passive_benefits.per_person_month)",
        "public_net": "Öffentliche Nettokosten",
        "budget_line": "Haushalt / Position", "public": "öffentlich",
        "paid": "Ausgaben der Geldgeber dieses Haushalts",
        "saved": "Vermiedene passive Leistungen",
        "net": "Nettokosten",
        "paid_cash": "Zahlungen der Geldgeber dieses Haushalts im Jahr (nach Zahlungsmonat)",
        "fiscal_cash_note": "Ausgaben, vermiedene Leistungen, Rückflüsse und Nettokosten "
        "sind dem Jahr zugerechnet, in dem die Kosten entstehen; die Zahlungen im Jahr sind "
        "das Geld nach Zahlungsmonat (ein nachschüssiger Abruf, ein Einbehalt: in einem "
        "späteren Jahr) und ergeben über alle Jahre die Ausgaben.",
        "fiscal_page": "Fiskalbilanz je Haushalt und Jahr (Mittelwert, EUR)",
    },
    "en": {
        "all_years": "Total", "sheet_fiscal": "Fiscal balance",
        "fiscal_title": f"Fiscal balance per budget (expected value, {ACCRUAL['en']})",
        "fiscal_note": "Net cost = paid - passive benefits avoided - returns; "
        "net public cost = sum of the public budgets' net costs",
        "unsplit_block": "Benefits avoided not split by budget "
                   "(passive_benefits.per_person_month)",
        "public_net": "Net public cost",
        "budget_line": "Budget / line", "public": "public",
        "paid": "Paid by this budget's funders", "saved": "Passive benefits avoided",
        "net": "Net cost",
        "paid_cash": "Paid in the year by this budget's funders (by payment month)",
        "fiscal_cash_note": "Paid, benefits avoided, returns and net cost are charged to "
        "the year the cost arises; paid in the year is the money by the month it is paid "
        "(a claim paid in arrears, a retention: in a later year) and adds up to paid over "
        "all years.",
        "fiscal_page": "Fiscal balance per budget and year (mean, EUR)",
    },
}
"""The fiscal balance's words (the workbooks' sheet and the page's table)."""


def fiscal_blocks(result: RunResult, lang: str, words: Mapping[str, str], cash: bool = False
                  ) -> tuple[list[int], list[tuple[str, bool, dict[str, list[float]]]]]:
    """The fiscal balance (``budgets.fiscal_rows``, fiscal.csv's) as a block per budget:
    its name for people, marked public or not (``words``: ``FISCAL_WORDS`` and the page's
    ``not_public``), whether it is public, and each column's (``FISCAL_LINES``, net, with
    ``cash`` ``CASH_LINE`` too) figure per year; the years of the horizon, with ``cash``
    on to the last year money is paid in."""
    rows = fiscal_rows(result)
    if not cash:
        horizon = set(years_of(result.scenario).tolist())
        rows = [row for row in rows if row["year"] in horizon]
    years = list(dict.fromkeys(row["year"] for row in rows))
    lines = (*FISCAL_LINES, "net", *((CASH_LINE,) if cash else ()))
    blocks: dict[str, tuple[str, bool, dict[str, list[float]]]] = {}
    for row in rows:
        if row["budget"] not in blocks:
            name = (words["unsplit_block"] if row["budget"] == UNSPLIT
                    else budget_name(row["budget"], lang))
            public = words["public"] if row["public"] else words["not_public"]
            blocks[row["budget"]] = (f"{name} ({public})", bool(row["public"]),
                                     {line: [] for line in lines})
        for line in lines:
            blocks[row["budget"]][2][line].append(round(float(row[line]), 2))
    return years, list(blocks.values())

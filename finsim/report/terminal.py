"""What a person sees in the terminal after the work: readable tables (plain in a pipe
or CI), made from the result without pandas (loading it would cost a run's summary a
quarter of a second). The progress bar is ``report.progress``."""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING

from rich.table import Table

from ..montecarlo import RunResult
from ..montecarlo.statistics import stats
from ..nouns import counted
from .amounts import all_zero, count, defined_note, money, percent
from .budgets import ACCRUAL, budget_name
from .consoles import Console
from .html import marked, not_public
from .summary_rows import NEGATED, RATIO_OF_MEANS, RATIOS, summary_rows

if TYPE_CHECKING:
    from collections.abc import Mapping


def ratio_of_means(means: Mapping[str, float], metric: str) -> float:
    """Mean of the numerator over mean of the denominator (NaN if that is 0): what a
    reader computes from the totals on the screen, unlike the mean of the per-replication
    ratios in summary.csv, which weighs replications with few placements heavily."""
    top, bottom = RATIOS[metric]
    below = means[bottom]
    return means[top] / below if below else math.nan


def fiscal_view(fiscal: list[dict]) -> Table | None:
    """The fiscal balance per budget and year (``budgets.fiscal_rows``, fiscal.csv's
    rows: charged to the year the cost arises, and paid_cash by payment month), or None
    without budgets; each budget by its English name (``budget_name``), one
    that is not public marked so, as the workbooks and the page mark it (its net is no part of
    ``net_public_cost``). A row 0.00 in every column (a budget with nothing in a year) is
    left out, and the caption says so: fiscal.csv keeps every row."""
    if not fiscal:
        return None
    shown = [row for row in fiscal if not all_zero(row[k] for k in FISCAL_FIGURES)]
    left_out = len(fiscal) - len(shown)
    zero = (f" Left out: {counted(left_out, 'row', 'rows')} of 0.00 in every column "
            "(fiscal.csv has every row)." if left_out else "")
    table = Table(title=f"Fiscal balance by budget (mean, EUR {ACCRUAL['en']}): "
                  "paid - saved - returns = net; paid_cash: by the month it is paid",
                  title_justify="left", caption=CASH_SIDE + zero, caption_justify="left")
    for column in ("budget", "year", *FISCAL_FIGURES):  # budget and year: the row labels
        table.add_column(column, justify="left" if column in ("budget", "year") else "right")
    for row in shown:
        name = budget_name(row["budget"], "en")
        budget = name if row["public"] else f"{name} (not public)"
        table.add_row(budget, str(row["year"]), *(money(row[k]) for k in FISCAL_FIGURES))
    return table


FISCAL_FIGURES = ("paid", "saved", "returns", "net", "paid_cash")
"""The fiscal table's figures, fiscal.csv's columns after budget and year."""


CASH_SIDE = ("Over all years paid_cash adds up to paid: a claim paid in arrears or a "
             "retention falls in a later year, each cent once; money by month: cashflow.csv.")
"""The fiscal table's caption: how its cash column relates to its accrual columns."""


FORMAT = {"money": money, "count": count, "percent": percent}


def summary_view(result: RunResult, title: str) -> Table:
    """Mean and 90 % interval of the key metrics (summary.csv's statistics), the budgets
    by their English names; money that is not public (a funder's funding and share)
    marked so (``marked``), as the monitoring block, the page and the workbooks mark it."""
    table = Table(title=title, title_justify="left")
    table.add_column("")
    table.add_column("mean", justify="right")
    table.add_column("90 % interval", justify="right")
    figures = stats(result.metric_values)
    column: dict[str, int] = {}
    for i, name in enumerate(result.metric_names):
        column.setdefault(name, i)  # the first of a name, robust to odd ids
    means = {name: figures["mean"][i] for name, i in column.items()}
    apart = not_public(result.scenario)
    for label, metric, kind in summary_rows(result):
        fmt = FORMAT[kind]
        if metric.startswith(RATIO_OF_MEANS):
            table.add_row(label, fmt(ratio_of_means(means, metric.removeprefix(RATIO_OF_MEANS))),
                          "")
            continue
        sign = -1.0 if metric.startswith(NEGATED) else 1.0
        i = column[metric.removeprefix(NEGATED)]
        s = stats(sign * result.metric_values[:, i]) if sign < 0 else \
            {k: figures[k][i] for k in ("mean", "p05", "p95")}
        low, high = s["p05"], s["p95"]
        undefined = math.isnan(low) and math.isnan(high)  # no replication defines it
        shown = marked(label, metric, apart, "en") + defined_note(result.metric_values[:, i])
        table.add_row(shown, fmt(s["mean"]),
                      fmt(low) if undefined else f"{fmt(low)} – {fmt(high)}")
    return table


def console(markup: bool = False) -> Console:
    """Plain output in pipes; wide enough that tables do not wrap there, and a line of text
    stays one line there (a credit line per provider is longer than any width). Rich
    markup is off unless a view asks for it (and then escapes every text from a
    scenario): names and ids come from scenario files, and ``[/bold]`` in a name must
    print as written."""
    tty = sys.stdout.isatty()
    return Console(width=None if tty else 160, soft_wrap=not tty, highlight=False,
                   markup=markup)

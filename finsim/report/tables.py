"""The documented result tables, computed from a run's aggregates: each as plain columns
(``*_columns``: what ``finsim run`` writes into its CSV files without pandas) and as a
DataFrame (``*_table``: the Python API's).

Statistics over replications are ``montecarlo.statistics.stats``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..analysis.sanity import interval_warnings, sanity_warnings
from ..analysis.words import number
from ..funding.allocate import paid_pairs
from ..montecarlo import RunResult
from ..montecarlo.statistics import STAT_COLUMNS
from ..replication import FLOW_COLUMNS, structure_labels
from ..scenario import CATEGORIES
from ..scenario.schedule import month_labels
from .budgets import FISCAL_TABLE_COLUMNS, fiscal_rows
from .columns import Labels, Table, frame, product

if TYPE_CHECKING:
    import pandas as pd


def summary_columns(result: RunResult) -> Table:
    names = result.metric_names
    return {"metric": Labels(list(names), np.arange(len(names))), **result.summary_stats}


def summary_table(result: RunResult) -> pd.DataFrame:
    return frame(summary_columns(result))


def providers_columns(result: RunResult) -> Table:
    """One row per provider and metric, providers in the scenario's order."""
    per = result.provider_stats
    provider, metric = product(result.scenario.provider_ids, result.provider_metric_names)
    return {"provider": provider, "metric": metric,
            **{k: np.asarray(per[k], dtype=float).reshape(-1) for k in STAT_COLUMNS}}


def providers_table(result: RunResult) -> pd.DataFrame:
    return frame(providers_columns(result))


def flows_columns(result: RunResult) -> Table:
    scn = result.scenario
    mean = result.mean(result.aggregate.flows)  # [months, providers + 1, columns]
    months = month_labels(scn.period.start_month, scn.period.months)
    month, provider = product(months, [*scn.provider_ids, "all"])
    values = mean.reshape(-1, len(FLOW_COLUMNS)).copy()
    program_only = provider.codes != len(scn.provider_ids)
    for name in ("referrals", "waiting"):  # they live on program rows
        values[program_only, FLOW_COLUMNS.index(name)] = np.nan
    return with_basis(scn, {"month": month, "provider": provider,
                            **{c: values[:, i] for i, c in enumerate(FLOW_COLUMNS)}})


def flows_table(result: RunResult) -> pd.DataFrame:
    return frame(flows_columns(result))


def ledger_pairs(result: RunResult) -> np.ndarray:
    """The (category, funder) pairs ledger.csv has rows of, ``[categories, funders +
    gap]`` bool: those the funders' rules can pay (``funding.allocate.paid_pairs``); a
    pair no rule pays would be 0.00 in every row (the city's material, say)."""
    scn = result.scenario
    return paid_pairs(scn, tuple(scn.uncertainty) if result.spec.draws else ())


def ledger_columns(result: RunResult) -> Table:
    """ledger.csv: the mean EUR per month, provider, category and funder (``gap``), of
    the pairs some rule can pay (``ledger_pairs``); a month without anyone is a row of
    0.00 all the same."""
    scn = result.scenario
    mean = result.mean_eur(result.aggregate.ledger)  # [months, providers, categories, F+1]
    transfer = np.zeros_like(mean)  # the transfer is wage money: wage rows of the funders
    transfer[:, :, CATEGORIES.index("wages"), :-1] = result.mean_eur(result.aggregate.transfer)
    kept = np.flatnonzero(ledger_pairs(result).reshape(-1))  # category x funder, in order
    months = month_labels(scn.period.start_month, scn.period.months)
    month, provider, pair = product(months, scn.provider_ids, [str(k) for k in kept])
    funders = len(scn.funder_ids) + 1
    category = Labels(list(CATEGORIES), (kept // funders)[pair.codes])
    funder = Labels([*scn.funder_ids, "gap"], (kept % funders)[pair.codes])

    def rows(values: np.ndarray) -> np.ndarray:
        return values.reshape(*values.shape[:2], -1)[..., kept].reshape(-1)

    return with_basis(scn, {"month": month, "provider": provider, "category": category,
                            "funder": funder, "amount": rows(mean),
                            "from_transfer": rows(transfer)})


def table_rows(result: RunResult) -> dict[str, int]:
    """The data rows (without the header) of the run's CSV tables that grow with its
    months, providers, funders or replications, from their shapes, before they are made.
    The others have a row per metric, attribute value, or budget and year: a few
    thousand at most."""
    scn = result.scenario
    months, providers = scn.period.months, len(scn.provider_ids)
    return {"providers.csv": providers * len(result.provider_metric_names),
            "flows.csv": months * (providers + 1),
            "ledger.csv": months * providers * int(ledger_pairs(result).sum()),
            "replications.csv": len(result.aggregate.indices),
            "cashflow.csv": len(result.aggregate.cashflow) * (providers + 1)}


EXCEL_ROWS = 1_048_576
"""Rows of an Excel sheet, its header included: Excel opens a longer CSV's first rows and
drops the rest (LibreOffice Calc has the same limit)."""


def run_warnings(result: RunResult, lang: str = "en") -> list[str]:
    """Every warning of a run in ``lang``: the sanity warnings, then those of run's own
    outputs (``own_warnings``), as run.json has them; report.html and monitoring.md
    show the same list, so no page a funder reads drops one."""
    return [*sanity_warnings(result, lang), *own_warnings(result, lang)]


def own_warnings(result: RunResult, lang: str = "en") -> list[str]:
    """The warnings of run's own outputs, after the sanity warnings: its 90 % intervals
    from too few replications (``interval_warnings``), its tables too long for Excel."""
    return [*interval_warnings(result, lang), *row_limit_warnings(result, lang)]


def row_limit_warnings(result: RunResult, lang: str = "en") -> list[str]:
    """A line per CSV table of run's results folder with more rows than an Excel sheet
    holds (``EXCEL_ROWS``, the header counted), from the tables' shapes
    (``table_rows``): Excel drops the rest without a word, and sums over the
    sheet stop matching summary.csv. Said by ``run`` alone (terminal, ``run.json``, the
    page), the command that writes those tables; ``--strict`` refuses the run for it
    with the other warnings, before anything is written, as it does for every warning."""
    out = []
    for name, rows in table_rows(result).items():
        if rows + 1 <= EXCEL_ROWS:
            continue
        shown, limit = number(rows + 1, 0, lang), number(EXCEL_ROWS, 0, lang)
        out.append(
            f"{name}: {shown} rows with its header, more than the {limit} of an Excel "
            "sheet: Excel opens the first ones and drops the rest without a word, so sums "
            "over the sheet fall short of summary.csv; open it with a tool without that "
            "limit (pandas, R, a database), or read the sums by year, funder, category "
            "and provider in results.xlsx" if lang == "en" else
            f"{name}: {shown} Zeilen mit der Kopfzeile, mehr als die {limit} eines "
            "Excel-Tabellenblatts: Excel öffnet die ersten und verwirft den Rest ohne "
            "Hinweis, Summen über das Blatt bleiben dann unter summary.csv; mit einem "
            "Werkzeug ohne diese Grenze öffnen (pandas, R, eine Datenbank) oder die Summen "
            "nach Jahr, Geldgeber, Kostenart und Träger in results.xlsx lesen")
    return out


def ledger_table(result: RunResult) -> pd.DataFrame:
    return frame(ledger_columns(result))


def fiscal_columns(result: RunResult) -> Table:
    """fiscal.csv: per budget and calendar year the mean paid (by the budget's funders),
    saved (benefits avoided), returns (taxes and contributions back) and net."""
    rows = fiscal_rows(result)
    budgets = list(dict.fromkeys(row["budget"] for row in rows))
    columns: Table = {"budget": Labels(budgets, np.array([budgets.index(row["budget"])
                                                          for row in rows], dtype=np.int64))}
    for name in FISCAL_TABLE_COLUMNS[1:]:
        dtype = {"public": bool, "year": np.int64}.get(name, np.float64)
        columns[name] = np.array([row[name] for row in rows], dtype=dtype)
    return columns


def fiscal_table(result: RunResult) -> pd.DataFrame:
    """fiscal.csv: per budget and calendar year the mean paid (by the budget's funders),
    saved (benefits avoided), returns (taxes and contributions back) and net."""
    import pandas as pd

    return pd.DataFrame(fiscal_rows(result), columns=list(FISCAL_TABLE_COLUMNS))


def with_basis(scn, table: Table) -> Table:  # noqa: ANN001 - a Scenario
    """A re-forecast's rows marked ``actual`` (months before ``actuals.as_of``) or
    ``forecast``, in a ``basis`` column after ``month``; other runs (a warm-up through
    the actual spells too: all its months are simulated) have no such column."""
    if not scn.reforecast:
        return table
    first = str(scn.period.start_month + scn.as_of)
    month = table["month"]
    forecast = np.array([text >= first for text in month.texts], dtype=np.int64)
    return {"month": month, "basis": Labels(["actual", "forecast"], forecast[month.codes]),
            **{name: column for name, column in table.items() if name != "month"}}


def cashflow_columns(result: RunResult) -> Table:
    """cashflow.csv: mean outflow, inflow, net and end-of-month balance per month and
    provider (and ``all``), running on past the period until the last payment, then each
    funder's inflow. The mean balance is the running sum of the mean net. A re-forecast's
    rows are marked ``actual`` or ``forecast`` as ledger.csv's (``with_basis``); the months
    past the period are forecast."""
    scn = result.scenario
    mean = result.mean(result.aggregate.cashflow)  # [months, providers + 1, 1 + funders]
    outflow, by_funder = mean[..., 0], mean[..., 1:]
    inflow = by_funder.sum(axis=-1)
    net = inflow - outflow
    columns = {"outflow": outflow, "inflow": inflow, "net": net,
               "balance": np.cumsum(net, axis=0),
               **{f"inflow_{f}": by_funder[..., i] for i, f in enumerate(scn.funder_ids)}}
    months = month_labels(scn.period.start_month, mean.shape[0])
    month, provider = product(months, [*scn.provider_ids, "all"])
    return with_basis(scn, {"month": month, "provider": provider,
                            **{k: np.round(v.reshape(-1), 2) for k, v in columns.items()}})


def cashflow_table(result: RunResult) -> pd.DataFrame:
    return frame(cashflow_columns(result))


def structure_columns(result: RunResult) -> Table:
    labels = structure_labels(result.scenario)
    counts, shares = result.mean(result.aggregate.structure)
    rows = np.arange(len(labels))
    return {"attribute": Labels([a for a, _ in labels], rows),
            "value": Labels([v for _, v in labels], rows),
            "count_mean": np.asarray(counts, dtype=float),
            "share_mean": np.asarray(shares, dtype=float)}


def structure_table(result: RunResult) -> pd.DataFrame:
    return frame(structure_columns(result))


def replications_columns(result: RunResult) -> Table:
    """One row per replication: every metric, then every drawn parameter."""
    agg = result.aggregate
    values, drawn = result.metric_values, agg.drawn
    return {"replication": np.asarray(agg.indices, dtype=np.int64),
            **{name: values[:, i] for i, name in enumerate(result.metric_names)},
            **{name: drawn[:, i] for i, name in enumerate(agg.drawn_names)}}


def replications_table(result: RunResult) -> pd.DataFrame:
    return result.replications

"""The documented result tables, computed from a run's aggregates: each as plain columns
(``*_columns``: what ``finsim run`` writes into its CSV files without pandas) and as a
DataFrame (``*_table``: the Python API's).

Statistics over replications are ``montecarlo.statistics.stats``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

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


def ledger_columns(result: RunResult) -> Table:
    scn = result.scenario
    mean = result.mean_eur(result.aggregate.ledger)  # [months, providers, categories, F+1]
    months = month_labels(scn.period.start_month, scn.period.months)
    month, provider, category, funder = product(months, scn.provider_ids, CATEGORIES,
                                                [*scn.funder_ids, "gap"])
    transfer = np.zeros_like(mean)  # the transfer is wage money: wage rows of the funders
    transfer[:, :, CATEGORIES.index("wages"), :-1] = result.mean_eur(result.aggregate.transfer)
    return with_basis(scn, {"month": month, "provider": provider, "category": category,
                            "funder": funder, "amount": mean.reshape(-1),
                            "from_transfer": transfer.reshape(-1)})


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
    funder's inflow. The mean balance is the running sum of the mean net."""
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
    return {"month": month, "provider": provider,
            **{k: np.round(v.reshape(-1), 2) for k, v in columns.items()}}


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

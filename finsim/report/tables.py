"""The documented result tables as DataFrames, computed from a run's aggregates.

Statistics over replications are ``montecarlo.statistics.stats``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..montecarlo import RunResult
from ..montecarlo.statistics import STAT_COLUMNS, stats
from ..replication import FLOW_COLUMNS, structure_labels
from ..scenario import CATEGORIES
from ..scenario.schedule import month_labels
from .budgets import FISCAL_TABLE_COLUMNS, fiscal_rows


def summary_table(result: RunResult) -> pd.DataFrame:
    values = result.metric_values
    frame = pd.DataFrame(stats(values))
    frame.insert(0, "metric", result.metric_names)
    return frame


def providers_table(result: RunResult) -> pd.DataFrame:
    """One row per provider and metric, providers in the scenario's order."""
    per = provider_stats(result)
    ids, names = result.scenario.provider_ids, result.provider_metric_names
    return pd.DataFrame({"provider": np.repeat(np.array(ids, dtype=object), len(names)),
                         "metric": np.tile(np.array(names, dtype=object), len(ids)),
                         **{k: np.asarray(per[k], dtype=float).reshape(-1)
                            for k in STAT_COLUMNS}})


def provider_stats(result: RunResult) -> dict[str, np.ndarray]:
    """Per provider and metric: mean and std over every replication, percentiles over the
    kept sample (every replication up to its size; see ``Aggregate.percentile_note``)."""
    agg = result.aggregate
    per = stats(agg.provider_sample)
    if not agg.exact:  # beyond the sample: mean and std over every replication
        per.update(mean=agg.providers.average, std=agg.providers.std)
    return per


def flows_table(result: RunResult) -> pd.DataFrame:
    scn = result.scenario
    mean = result.mean(result.aggregate.flows)  # [months, providers + 1, columns]
    months = month_labels(scn.period.start_month, scn.period.months)
    providers = [*scn.provider_ids, "all"]
    index = pd.MultiIndex.from_product([months, providers], names=["month", "provider"])
    frame = pd.DataFrame(mean.reshape(-1, len(FLOW_COLUMNS)), index=index, columns=FLOW_COLUMNS)
    program_only = frame.index.get_level_values("provider") != "all"
    frame.loc[program_only, ["referrals", "waiting"]] = np.nan  # they live on program rows
    return with_basis(scn, frame.reset_index()[["month", "provider", *FLOW_COLUMNS]])


def ledger_table(result: RunResult) -> pd.DataFrame:
    scn = result.scenario
    mean = result.mean_eur(result.aggregate.ledger)  # [months, providers, categories, F+1]
    months = month_labels(scn.period.start_month, scn.period.months)
    funders = [*scn.funder_ids, "gap"]
    index = pd.MultiIndex.from_product([months, scn.provider_ids, CATEGORIES, funders],
                                       names=["month", "provider", "category", "funder"])
    transfer = np.zeros_like(mean)  # the transfer is wage money: wage rows of the funders
    transfer[:, :, CATEGORIES.index("wages"), :-1] = result.mean_eur(result.aggregate.transfer)
    frame = pd.DataFrame({"amount": mean.reshape(-1), "from_transfer": transfer.reshape(-1)},
                         index=index).reset_index()
    return with_basis(scn, frame)


def fiscal_table(result: RunResult) -> pd.DataFrame:
    """fiscal.csv: per budget and calendar year the mean paid (by the budget's funders),
    saved (benefits avoided), returns (taxes and contributions back) and net."""
    return pd.DataFrame(fiscal_rows(result), columns=list(FISCAL_TABLE_COLUMNS))


def with_basis(scn, frame: pd.DataFrame) -> pd.DataFrame:  # noqa: ANN001 - a Scenario
    """A re-forecast's rows marked ``actual`` (months before ``actuals.as_of``) or
    ``forecast``, in a ``basis`` column after ``month``; other runs have no such column."""
    if scn.actuals is None:
        return frame
    first = str(scn.period.start_month + scn.as_of)
    frame.insert(1, "basis", np.where(frame["month"] < first, "actual", "forecast"))
    return frame


def cashflow_table(result: RunResult) -> pd.DataFrame:
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
    index = pd.MultiIndex.from_product([months, [*scn.provider_ids, "all"]],
                                       names=["month", "provider"])
    frame = pd.DataFrame({k: v.reshape(-1) for k, v in columns.items()}, index=index)
    return frame.round(2).reset_index()


def structure_table(result: RunResult) -> pd.DataFrame:
    labels = structure_labels(result.scenario)
    counts, shares = result.mean(result.aggregate.structure)
    return pd.DataFrame({"attribute": [a for a, _ in labels], "value": [v for _, v in labels],
                         "count_mean": counts, "share_mean": shares})


def replications_table(result: RunResult) -> pd.DataFrame:
    return result.replications

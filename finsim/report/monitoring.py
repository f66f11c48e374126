"""The monitoring view in the deck's own form, so its readers recognise their tables.

Participants by attribute (the deck's "Integrationsbeschäftigte"), slots and entrants
per provider ("Partner"), costs by category and financing by funder ("Kosten /
Finanzierung"). Means over replications; written as ``monitoring.md``.
"""

from __future__ import annotations

import numpy as np

from ..ledger import COST_CATEGORIES
from ..montecarlo import RunResult
from ..nouns import counted
from ..scenario.schedule import monthly
from .tables import structure_table


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def monitoring_markdown(result: RunResult) -> str:
    """The whole monitoring page as Markdown."""
    scn = result.scenario
    lines = [f"# Monitoring: {scn.name}", "",
             f"Means over {counted(result.aggregate.count, 'replication', 'replications')}, "
             f"{scn.period.start} + {counted(scn.period.months, 'month', 'months')}.", ""]
    lines += _participants(result) + [""] + _providers(result) + [""] + _money(result)
    return "\n".join(lines) + "\n"


def _participants(result: RunResult) -> list[str]:
    entries = float(np.mean(result.metric("entries")))
    lines = ["## Integrationsbeschäftigte (participants)", "",
             f"Insgesamt (in all): {entries:,.1f}", ""]
    structure = structure_table(result)
    for attribute, group in structure.groupby("attribute", sort=False):
        lines += [f"### {attribute}", ""]
        lines += _table(["value", "count", "share"],
                        [[str(r.value), f"{r.count_mean:,.1f}", f"{100 * r.share_mean:.1f} %"]
                         for r in group.itertuples()])
        lines.append("")
    return lines


def _providers(result: RunResult) -> list[str]:
    scn = result.scenario
    names = list(result.provider_metric_names)
    entrants = result.aggregate.provider_mean()[:, names.index("entries")]
    rows = []
    for p, provider in enumerate(scn.providers):
        slots = monthly(provider.slots, scn.period.start_month, scn.period.months)
        shown = f"{slots[0]:.0f}" if slots.min() == slots.max() else \
            f"{slots.min():.0f}–{slots.max():.0f}"
        rows.append([provider.name or provider.id, shown, f"{entrants[p]:,.1f}"])
    return ["## Partner (providers)", ""] + _table(["provider", "slots", "entrants"], rows)


def _money(result: RunResult) -> list[str]:
    scn = result.scenario
    mean = {name: result.metric_mean(name) for name in result.metric_names}
    total = mean["cost_total"]
    costs = [[c.monitoring, f"{mean[f'cost_{c.id}']:,.0f}"] for c in COST_CATEGORIES]
    funders = [[f.name or f.id, f"{mean[f'funding_{f.id}']:,.0f}",
                f"{100 * mean[f'share_{f.id}']:.1f} %"] for f in scn.funding]
    if mean["funding_gap"]:
        funders.append(["not covered (gap)", f"{mean['funding_gap']:,.0f}",
                        f"{100 * mean['funding_gap'] / total:.1f} %" if total else "–"])
    return (["## Kosten / Finanzierung (costs / financing)", "",
             f"Gesamtkosten (total): {total:,.0f} EUR", ""]
            + _table(["category", "EUR"], costs) + [""]
            + _table(["funder", "EUR", "share"], funders))

"""The rows of a run's summary, in the order a reader asks: ``finsim run``'s terminal
table and the run page's key figures give the same rows (the page in its language), so
a figure the terminal gives is on the page too. No terminal library: the page's
writer needs none."""

from __future__ import annotations

from ..funding.fiscal import UNSPLIT, public_budgets
from ..ledger import COST_CATEGORIES
from ..montecarlo import RunResult
from .budgets import budget_name


def summary_rows(result: RunResult) -> list[tuple[str, str, str]]:
    """(label, metric, kind) of the summary, in the order a reader asks; each budget by
    its English name (``budget_name``): the terminal speaks English, the page and
    results.xlsx name it in their language."""
    scn = result.scenario
    rows = [("People reached (entries)", "entries", "count"),
            ("Placements into work", "exits_placement", "count"),
            ("Dropouts", "exits_dropout", "count"),
            ("Referrals lost", "referrals_lost", "count"),
            ("Occupancy", "occupancy_rate", "percent")]
    rows += [(f"Cost: {c.label}", f"cost_{c.id}", "money") for c in COST_CATEGORIES]
    rows.append(("Cost: total", "cost_total", "money"))
    for f in scn.funding:
        rows += [(f"{f.name or f.id}", f"funding_{f.id}", "money"),
                 ("  share of total", f"share_{f.id}", "percent")]
        if f.transfers:
            rows.append(("  of which Passiv-Aktiv-Transfer (PAT)", f"transfer_{f.id}", "money"))
    rows += [("Funding gap", "funding_gap", "money"),
             (AVOIDED_LABEL, "passive_benefits_avoided", "money")]
    rows += [(f"  saved by {budget_name(p, 'en')}", f"passive_benefits_avoided_{p}", "money")
             for p in scn.passive_benefits.payers]
    if scn.returns:  # public funding - benefits avoided - returns = net public cost
        rows.append((RETURNS_LABEL, "returns", "money"))
        rows += [(f"  to {budget_name(b, 'en')}", f"returns_{b}", "money") for b in scn.returns]
    rows.append(("Net public cost", "net_public_cost", "money"))
    rows += [(net_cost_label(b), f"net_cost_{b}", "money") for b in public_budgets(scn)]
    if scn.passive_benefits.unsplit:  # saved by no budget: so they add up
        rows.append((net_cost_label(UNSPLIT), NEGATED + "passive_benefits_avoided", "money"))
    rows += [("Cost per entry: total / entries", RATIO_OF_MEANS + "cost_per_entry", "money"),
             ("  mean over replications", "cost_per_entry", "money"),
             ("Cost per placement: total / placements", RATIO_OF_MEANS + "cost_per_placement",
              "money"),
             ("  mean over replications", "cost_per_placement", "money")]
    return rows


def net_cost_label(budget: str) -> str:
    """A budget's line under "Net public cost", indented as a part of it, in ``finsim
    run``'s summary and ``finsim compare``'s table alike, the budget by its English
    name; ``UNSPLIT``: the benefits avoided that no budget saves, the line that makes
    the budgets add up."""
    return (f"  {UNSPLIT_LABEL}" if budget == UNSPLIT
            else f"  net cost of {budget_name(budget, 'en')}")


AVOIDED_LABEL = "Passive benefits avoided"
RETURNS_LABEL = "Returns (taxes, contributions)"
"""The two lines between public funding and the net public cost (funding - benefits
avoided - returns = net), in ``finsim run``'s summary and ``finsim compare``'s table."""
RATIO_OF_MEANS = "ratio_of_means:"
"""A summary row computed from two means, as a reader divides the figures shown."""
NEGATED = "minus:"
"""A summary row of a metric's negated values: benefits avoided not split by payer, a
line among the budgets' net costs (fiscal.csv's ``not_split_by_payer``)."""
UNSPLIT_LABEL = "benefits avoided not split by budget"
RATIOS = {"cost_per_entry": ("cost_total", "entries"),
          "cost_per_placement": ("cost_total", "exits_placement")}
"""Ratio metrics and the metrics whose means give their ratio of means: each shown twice,
as the mean of the ratios (summary.csv) and as total / count (the terminal, the page,
results.xlsx)."""

"""One colour per funder, cost category and flow in every chart finsim draws.

Colours are the Okabe-Ito set, readable with the common colour-vision deficiencies.
A funder's colour follows its position in the scenario's ``funding`` list (the gap is
always the same red), so a funder keeps its colour in every chart of a scenario.
"""

from __future__ import annotations

from finsim.ledger import COST_CATEGORIES

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
GAP = "#D55E00"
"""The funding gap: what no funder pays."""

def category_colour(category: str) -> str:
    """A cost category's colour, by its place in the registry (a registered one's too)."""
    index = [c.id for c in COST_CATEGORIES].index(category)
    return OKABE_ITO[index % len(OKABE_ITO)]

FLOW = {"participants": "#0072B2", "waiting": "#E69F00", "entries": "#009E73",
        "exits_placement": "#56B4E9", "exits_dropout": "#CC79A7",
        "exits_max_duration": "#000000"}


def funder_colours(funder_ids: list[str]) -> dict[str, str]:
    """Funder id -> colour, in the scenario's order, and ``gap`` -> ``GAP``."""
    colours = {f: OKABE_ITO[i % len(OKABE_ITO)] for i, f in enumerate(funder_ids)}
    colours["gap"] = GAP
    return colours

"""The tables one replication reports from its spells: flows by month (``flows.csv``)
and the entrants' structure (``structure.csv``)."""

from __future__ import annotations

import numpy as np

from ..batch import stack
from .batch import SpellBatch
from .flows import FlowCounts, monthly_flows
from .spells import DROPOUT, MAX_DURATION, PLACEMENT, Spells

FLOW_COLUMNS = ("referrals", "entries", "exits_placement", "exits_dropout",
                "exits_max_duration", "participants", "waiting")
"""flows.csv's count columns, in order."""
PROGRAM_ONLY = ("referrals", "waiting")
"""The columns counted for the program only (no provider has them)."""
EXIT_REASONS = [PLACEMENT, DROPOUT, MAX_DURATION]
"""The exit reasons of the three ``exits_*`` columns, in their order."""
EXIT_COLUMNS = [FLOW_COLUMNS.index(c)
                for c in ("exits_placement", "exits_dropout", "exits_max_duration")]
"""Where those columns are in ``FLOW_COLUMNS``."""
_EXITS, _REASONS = (slice(k[0], k[-1] + 1) for k in (EXIT_COLUMNS, EXIT_REASONS))
"""The same as slices (both runs of consecutive positions: copied as views, not picked)."""
if (list(range(len(FLOW_COLUMNS)))[_EXITS] != EXIT_COLUMNS
        or list(range(len(EXIT_REASONS) + 1))[_REASONS] != EXIT_REASONS):
    raise ImportError("flows.csv's exit columns and the exit reasons must each be consecutive")


def flow_grid_many(spells: SpellBatch, counts: list[FlowCounts]) -> np.ndarray:
    """``flow_grid`` of every replication of a batch, ``[R, months, providers + 1,
    columns]`` (``counts``: ``flows.count_flows_many``)."""
    return stack([flow_grid(spells.part(r), c) for r, c in enumerate(counts)])


def structure_many(spells: SpellBatch) -> np.ndarray:
    """``structure`` of every replication of a batch, ``[R, 2, values]``."""
    return stack([structure(spells.part(r)) for r in range(spells.count)])


def flow_grid(spells: Spells, counts: FlowCounts) -> np.ndarray:
    flows = monthly_flows(spells, counts)
    months, n_prov = flows["entries"].shape
    grid = np.zeros((months, n_prov + 1, len(FLOW_COLUMNS)))
    per_provider = grid[:, :n_prov]
    per_provider[..., _EXITS] = counts.exits[..., _REASONS]  # in one go
    for k, column in enumerate(FLOW_COLUMNS):
        if k not in EXIT_COLUMNS and column not in PROGRAM_ONLY:
            per_provider[..., k] = flows[column]
    # the program row: each provider column summed (counts: exact in any order), and
    # the program's own columns
    grid[:, n_prov] = np.einsum("mpk->mk", per_provider)
    for column in PROGRAM_ONLY:
        grid[:, n_prov, FLOW_COLUMNS.index(column)] = flows[column]
    return grid


def structure(spells: Spells) -> np.ndarray:
    """Entrants per attribute value: counts and shares among entrants, ``[2, values]``."""
    counts = [np.bincount(spells.attributes[:, a], minlength=len(values))
              for a, values in enumerate(spells.attribute_values)]
    if not counts:
        return np.zeros((2, 0))
    every = np.concatenate(counts).astype(float)
    entrants = float(len(spells.attributes))  # what each attribute's counts add up to
    return np.stack([every, every / entrants if entrants else every])

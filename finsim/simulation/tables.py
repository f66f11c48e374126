"""The tables each replication reports from its spells: flows by month (``flows.csv``)
and the entrants' structure (``structure.csv``), for a batch of replications at once."""

from __future__ import annotations

import numpy as np

from .batch import SpellBatch, alone
from .flows import FlowCounts, count_flows_many, monthly_flows_many
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


def flow_grid_many(spells: SpellBatch, counts: FlowCounts) -> np.ndarray:
    """flows.csv's numbers for every replication of a batch, ``[R, months, providers +
    1, columns]``: the last provider row is the program (``counts``:
    ``flows.count_flows_many``)."""
    flows = monthly_flows_many(spells, counts)
    reps, months, n_prov = flows["entries"].shape
    grid = np.zeros((reps, months, n_prov + 1, len(FLOW_COLUMNS)))
    per_provider = grid[:, :, :n_prov]
    per_provider[..., _EXITS] = counts.exits[..., _REASONS]  # in one go
    for k, column in enumerate(FLOW_COLUMNS):
        if k not in EXIT_COLUMNS and column not in PROGRAM_ONLY:
            per_provider[..., k] = flows[column]
    # the program row: each provider column summed (counts: exact in any order), and
    # the program's own columns
    grid[:, :, n_prov] = np.einsum("rmpk->rmk", per_provider)
    for column in PROGRAM_ONLY:
        grid[:, :, n_prov, FLOW_COLUMNS.index(column)] = flows[column]
    return grid


def flow_grid(spells: Spells, counts: FlowCounts | None = None) -> np.ndarray:
    """flows.csv's numbers for one replication, ``[months, providers + 1, columns]``."""
    one = alone(spells)
    return flow_grid_many(one, count_flows_many(one) if counts is None else counts)[0]


def structure_many(spells: SpellBatch) -> np.ndarray:
    """Entrants per attribute value in every replication of a batch: counts and shares
    among the replication's entrants, ``[R, 2, values]`` (the values of every attribute
    end to end), in one ``bincount`` over the batch."""
    s = spells.spells
    sizes = [len(values) for values in s.attribute_values]
    if not sizes:
        return np.zeros((spells.count, 2, 0))
    width = sum(sizes)
    first = np.cumsum([0, *sizes[:-1]])  # each attribute's first value among all
    cell = (s.attributes + first).ravel()
    if spells.count > 1:
        cell = cell + np.repeat(spells.rep * width, len(sizes))
    every = np.bincount(cell, minlength=spells.count * width).reshape(
        spells.count, width).astype(float)
    entrants = np.diff(spells.offsets).astype(float)[:, None]  # each attribute's total
    shares = np.divide(every, entrants, out=every.copy(), where=entrants > 0)
    return np.stack([every, shares], axis=1)


def structure(spells: Spells) -> np.ndarray:
    """One replication's entrants per attribute value, ``[2, values]``."""
    return structure_many(alone(spells))[0]

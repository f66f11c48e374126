"""Uncertain parameters: each replication draws its own values, then runs as usual.

Draws come from the replication's own parameter stream, so replication i gets the
same parameters whatever the number of replications or jobs. A drawn value either
replaces the parameter (a schedule becomes that plain value) or, with ``scale: true``,
multiplies it (every value of a schedule).
"""

from __future__ import annotations

import numpy as np

from ..program import Program, redraw
from ..scenario import Scenario, get_path
from ..scenario.model import Distribution
from ..scenario.paths import replace_path
from ..scenario.replace import current, replaced
from ..scenario.schedule import scale

HINT = "narrow the distribution in 'uncertainty' so every draw is valid"


def draw(dist: Distribution, rng: np.random.Generator) -> float:
    """One value from a distribution."""
    if dist.dist == "uniform":
        return float(rng.uniform(dist.low, dist.high))
    if dist.dist == "triangular":
        return float(rng.triangular(dist.low, dist.mode, dist.high))
    if dist.dist == "pert":
        width = dist.high - dist.low
        alpha = 1 + 4 * (dist.mode - dist.low) / width
        beta = 1 + 4 * (dist.high - dist.mode) / width
        return float(dist.low + width * rng.beta(alpha, beta))
    if dist.dist == "normal":
        return float(rng.normal(dist.mean, dist.sd))
    return float(rng.lognormal(np.log(dist.median), dist.sigma))


def inverse_cdf(dist: Distribution, q: float) -> float:
    """The value below which a draw falls with probability q (for one-at-a-time
    sensitivity ranges)."""
    from scipy import stats

    if dist.dist == "uniform":
        return dist.low + q * (dist.high - dist.low)
    if dist.dist == "triangular":
        width = dist.high - dist.low
        return float(stats.triang.ppf(q, (dist.mode - dist.low) / width, dist.low, width))
    if dist.dist == "pert":
        width = dist.high - dist.low
        alpha = 1 + 4 * (dist.mode - dist.low) / width
        beta = 1 + 4 * (dist.high - dist.mode) / width
        return float(dist.low + width * stats.beta.ppf(q, alpha, beta))
    if dist.dist == "normal":
        return float(stats.norm.ppf(q, dist.mean, dist.sd))
    return float(stats.lognorm.ppf(q, dist.sigma, scale=dist.median))


def draw_parameters(scn: Scenario, rng: np.random.Generator) -> dict[str, float]:
    """One draw of every uncertain parameter, in the order the scenario lists them."""
    return {path: draw(dist, rng) for path, dist in scn.uncertainty.items()}


def with_values(data: dict, values: dict[str, float], scaled: set[str] = frozenset()) -> dict:
    """Scenario data with parameters set (or, for paths in ``scaled``, multiplied)."""
    for path, value in values.items():
        new = scale(get_path(data, path), value) if path in scaled else value
        data = replace_path(data, path, new)
    return data


def apply_draws(scn: Scenario, values: dict[str, float]) -> Scenario:
    """The scenario with one replication's drawn values: each replaces its parameter (or,
    with ``scale: true``, multiplies it); only the drawn values are checked, and an
    impossible draw is the user's to fix."""
    new = {path: scale(current(scn, path), value) if scn.uncertainty[path].scale else value
           for path, value in values.items()}
    return replaced(scn, new, "uncertainty", "a drawn value is not allowed: ", hint=HINT)


def drawn_program(program: Program, values: dict[str, float]) -> Program:
    """The compiled program of one replication's draws: only the drawn values are checked
    and only the parts they reach recompiled (``program.Redraw``, planned once per
    program and set of paths)."""
    plan = redraw(program, tuple(values))
    new = {path: scale(plan.replacer.current(path), value)
           if program.scenario.uncertainty[path].scale else value
           for path, value in values.items()}
    return plan(new, "uncertainty", "a drawn value is not allowed: ", hint=HINT)

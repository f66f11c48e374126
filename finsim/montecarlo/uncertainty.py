"""Uncertain parameters: each replication draws its own values, then runs as usual.

Draws come from the replication's own parameter stream, so replication i gets the
same parameters whatever the number of replications or jobs. A drawn value either
replaces the parameter (a schedule becomes that plain value) or, with ``scale: true``,
multiplies it (every value of a schedule). A whole-number parameter (slots) gets its
value rounded half up, as at a sensitivity point: a continuous family never draws a
whole number, and the run would otherwise stop at the first replication.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

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


def draw_parameters(scn: Scenario, rng: np.random.Generator,
                    program: Program | None = None) -> dict[str, float]:
    """One draw of every uncertain parameter, in the order the scenario lists them; a
    whole-number parameter's value (not a factor) as the whole number it runs with.
    Given ``scn``'s compiled ``program`` (a run), the draws are planned once per program
    (``draws_of``), not in every replication."""
    draws = (draws_of(program) if program is not None
             else Draws(scn, lambda path: current(scn, path)))
    return draws.values(rng)


class Draws:
    """The draws of a scenario's run, planned: each uncertain parameter's distribution,
    whether it scales and whether it is a whole number (``value_at`` its value)."""

    def __init__(self, scn: Scenario, value_at: Callable[[str], object]) -> None:
        self.params = [(path, dist, dist.scale, is_whole(value_at(path)))
                       for path, dist in scn.uncertainty.items()]

    def values(self, rng: np.random.Generator) -> dict[str, float]:
        """One replication's draws from its own stream."""
        drawn = [draw(dist, rng) for _, dist, _, _ in self.params]
        return {path: float(rounded(v)) if whole and not scaled else v
                for (path, _, scaled, whole), v in zip(self.params, drawn, strict=True)}


@functools.lru_cache(maxsize=4)  # a run draws for one program
def draws_of(program: Program) -> Draws:
    """The draws of ``program``'s run, planned once (each parameter's value looked up by
    the program's redraw plan, which ``drawn_program`` uses too)."""
    scn = program.scenario
    return Draws(scn, redraw(program, tuple(scn.uncertainty)).replacer.current)


def is_whole(value: object) -> bool:
    """A whole-number parameter: its value, or every value of its schedule, an int."""
    values = value.values() if isinstance(value, dict) else [value]
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def rounded(value: float | dict) -> int | dict:
    """Half up (34.5 slots -> 35), not Python's half-to-even; every value of a schedule."""
    if isinstance(value, dict):
        return {k: int(np.floor(v + 0.5)) for k, v in value.items()}
    return int(np.floor(value + 0.5))


def _run_with(old: object, value: float, scaled: bool, whole: bool) -> float | int | dict:
    """The value a parameter runs with: the draw, or ``old`` times it (``scale``),
    rounded if the parameter is a whole number (``is_whole(old)``)."""
    new = scale(old, value) if scaled else value
    return rounded(new) if whole else new


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
    new = {}
    for path, value in values.items():
        old = current(scn, path)
        new[path] = _run_with(old, value, scn.uncertainty[path].scale, is_whole(old))
    return replaced(scn, new, "uncertainty", "a drawn value is not allowed: ", hint=HINT)


def drawn_program(program: Program, values: dict[str, float]) -> Program:
    """The compiled program of one replication's draws: only the drawn values are checked
    and only the parts they reach recompiled (``program.Redraw``, planned once per
    program and set of paths)."""
    return drawn_programs(program, [values])[0]


def drawn_programs(program: Program, drawn: Sequence[dict[str, float]]) -> list[Program]:
    """``drawn_program`` of each replication's values, all at the same paths (a run's
    uncertain parameters): the plan, each parameter's value in the scenario and whether
    it is a whole number looked up once, not in every replication, and the programs
    made together (``Redraw.many``)."""
    if not drawn:
        return []
    paths = list(drawn[0])
    plan = redraw(program, tuple(paths))
    dists = program.scenario.uncertainty
    runs = [(path, plan.replacer.current(path), dists[path].scale) for path in paths]
    runs = [(path, old, scaled, is_whole(old)) for path, old, scaled in runs]
    planned = [values for values in drawn if list(values) == paths]
    made = iter(plan.many([{path: _run_with(old, values[path], scaled, whole)
                            for path, old, scaled, whole in runs} for values in planned],
                          "uncertainty", "a drawn value is not allowed: ", hint=HINT))
    # other paths (not in a run): planned for them
    return [next(made) if list(values) == paths else drawn_program(program, values)
            for values in drawn]

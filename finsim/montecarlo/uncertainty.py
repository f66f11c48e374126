"""Uncertain parameters: each replication draws its own values, then runs as usual.

Each parameter draws from a stream of its own, keyed by its dotted path: replication i
takes the i-th number of it, so that it gets the same parameters whatever the number of
replications or jobs, and whatever other parameters a scenario adds, drops or draws
differently (common random numbers). A draw is the distribution's quantile of that one
uniform (inverse CDF): a parameter whose family changes (triangular -> PERT on the same
range) keeps its uniform, and its value moves little. A drawn value either replaces the
parameter (a schedule becomes that plain value) or, with ``scale: true``, multiplies it
(every value of a schedule). A whole-number parameter (slots) gets its value rounded
half up, as at a sensitivity point: a continuous family never draws a whole number, and
the run would otherwise stop at the first replication.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.random.bit_generator import ISeedSequence

from ..program import Program, redraw
from ..scenario import Scenario, get_path
from ..scenario.model import Distribution
from ..scenario.paths import replace_path
from ..scenario.replace import current, replaced
from ..scenario.schedule import scale
from ..simulation.streams import Seeded, child, child_states, stream_keys

HINT = "narrow the distribution in 'uncertainty' so every draw is valid"
REFUSED = "a drawn value is not allowed: "
"""Before the reason the run refuses a drawn value for."""

PARAMETERS_KEY = 1
"""``SeedSequence(seed, spawn_key=(1,))``: the parent of the parameters' streams (the
simulation's are ``(0, i)``)."""


def quantiles(dist: Distribution, u: np.ndarray) -> np.ndarray:
    """The values below which a draw falls with probabilities ``u`` (the inverse CDF,
    elementwise): a draw of the distribution from uniforms ``u``."""
    if dist.dist == "uniform":
        return dist.low + u * (dist.high - dist.low)
    if dist.dist == "triangular":
        width = dist.high - dist.low
        left, right = dist.mode - dist.low, dist.high - dist.mode
        return np.where(u * width < left, dist.low + np.sqrt(u * width * left),
                        dist.high - np.sqrt((1 - u) * width * right))
    from scipy import special

    if dist.dist == "pert":
        width = dist.high - dist.low
        alpha = 1 + 4 * (dist.mode - dist.low) / width
        beta = 1 + 4 * (dist.high - dist.mode) / width
        return dist.low + width * special.betaincinv(alpha, beta, u)
    if dist.dist == "normal":
        return dist.mean + dist.sd * special.ndtri(u)
    return dist.median * np.exp(dist.sigma * special.ndtri(u))


def below(dist: Distribution, x: float) -> float:
    """The probability that a draw of an unbounded family (normal, lognormal) lies below
    ``x`` (its CDF): how often such a draw leaves a parameter's bounds."""
    from scipy import special

    if dist.dist == "normal":
        return float(special.ndtr((x - dist.mean) / dist.sd))
    if dist.dist == "lognormal":
        return float(special.ndtr(math.log(x / dist.median) / dist.sigma)) if x > 0 else 0.0
    raise ValueError(f"{dist.dist} is bounded: its draws lie from low to high")


def inverse_cdf(dist: Distribution, q: float) -> float:
    """The value below which a draw falls with probability q (for one-at-a-time
    sensitivity ranges)."""
    return float(quantiles(dist, np.asarray(q, dtype=float)))


def uniforms(seed: int, paths: tuple[str, ...], indices: range) -> np.ndarray:
    """``[paths, indices]``: replications ``indices``' uniforms of the parameters at
    ``paths``, replication i's the i-th number of the path's own stream (the child of
    ``SeedSequence(seed, spawn_key=(1,))`` by ``stream_key(path)``), whatever the chunk:
    the stream is advanced to the chunk's first (a number is one 64-bit output of PCG64,
    its top 53 bits, as ``Generator.random``). Off 0 (a chance of 2**-53), where the
    normal's quantile is infinite."""
    raw = np.empty((len(paths), len(indices)), dtype=np.uint64)
    for row, state in zip(raw, _stream_seeds(seed, paths), strict=True):
        bits = np.random.PCG64(state)
        bits.advance(indices.start)
        row[:] = bits.random_raw(len(indices))
    return np.maximum((raw >> np.uint64(11)) * 2.0**-53, 2.0**-54)


@functools.lru_cache(maxsize=16)
def _stream_seeds(seed: int, paths: tuple[str, ...]) -> list[ISeedSequence]:
    """The seeds of the parameters' streams (``uniforms``), worked out together once per
    run (``streams.child_states``) rather than in every chunk."""
    parent = np.random.SeedSequence(seed, spawn_key=(PARAMETERS_KEY,))
    keys = stream_keys(paths)
    states = child_states(parent, keys)
    if states is None:  # a seed numpy must assemble itself
        return [child(parent, key) for key in keys]
    return [Seeded(state) for state in states]


def draw_parameters(scn: Scenario, seed: int, index: int,
                    program: Program | None = None) -> dict[str, float]:
    """Replication ``index``'s draw of every uncertain parameter in a run with ``seed``,
    in the order the scenario lists them; a whole-number parameter's value (not a
    factor) as the whole number it runs with. Given ``scn``'s compiled ``program`` (a
    run), the draws are planned once per program (``draws_of``), not in every
    replication."""
    draws = (draws_of(program) if program is not None
             else Draws(scn, lambda path: current(scn, path)))
    return draws.many(seed, range(index, index + 1))[0]


class Draws:
    """The draws of a scenario's run, planned: each uncertain parameter's distribution,
    whether it scales and whether it is a whole number (``value_at`` its value)."""

    def __init__(self, scn: Scenario, value_at: Callable[[str], object]) -> None:
        self.params = [(path, dist, dist.scale, is_whole(value_at(path)))
                       for path, dist in scn.uncertainty.items()]

    def many(self, seed: int, indices: range) -> list[dict[str, float]]:
        """Replications ``indices``' draws, each parameter's from its own stream."""
        paths = tuple(path for path, _, _, _ in self.params)
        columns = []
        for (_, dist, scaled, whole), u in zip(self.params, uniforms(seed, paths, indices),
                                               strict=True):
            values = quantiles(dist, u)
            columns.append((half_up(values) if whole and not scaled else values).tolist())
        return [dict(zip(paths, row, strict=True)) for row in zip(*columns, strict=True)]


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


def half_up(values: np.ndarray | float) -> np.ndarray:
    """Whole numbers half up (34.5 slots -> 35), not numpy's or Python's half-to-even,
    elementwise: how a whole-number parameter runs (drawn, at a sensitivity point)."""
    return np.floor(np.asarray(values, dtype=float) + 0.5)


def rounded(value: float | dict) -> int | dict:
    """``half_up`` as the int a whole-number parameter runs with; every value of a
    schedule."""
    if isinstance(value, dict):
        return {k: int(half_up(v)) for k, v in value.items()}
    return int(half_up(value))


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
    return replaced(scn, new, "uncertainty", REFUSED, hint=HINT)


def refusal(scn: Scenario, path: str, draw: float) -> str | None:
    """Why a run refuses ``draw`` at ``path`` (``apply_draws``, its own check of a draw:
    the field's bounds and the rules across fields a draw reaches); None if it takes it."""
    from ..scenario import ScenarioError

    try:
        apply_draws(scn, {path: draw})
    except ScenarioError as err:
        return err.problems[0].message.removeprefix(REFUSED)
    return None


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
                          "uncertainty", REFUSED, hint=HINT))
    # other paths (not in a run): planned for them
    return [next(made) if list(values) == paths else drawn_program(program, values)
            for values in drawn]

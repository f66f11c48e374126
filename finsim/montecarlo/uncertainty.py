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

In a re-forecast a draw applies from the first forecast month on: the actual months
already happened, so they cost what the scenario's own values make of the actual spells
in every replication (``with_actual_months``), and a year whose months are all actual
has no spread. A sensitivity point is another question (the scenario with that value in
every month) and re-costs them, with a warning (``analysis.actual_slots``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np
from numpy.random.bit_generator import ISeedSequence

from ..copies import changed
from ..ledger.build import KeptMonths, keep_actual_months, kept_months
from ..program import Program, redraw
from ..scenario import Scenario, get_path
from ..scenario.draws import HINT, REFUSED, half_up, is_whole, quantiles, run_with
from ..scenario.paths import replace_path
from ..scenario.replace import current
from ..scenario.schedule import scale
from ..simulation import simulate
from ..simulation.streams import Seeded, child, child_states, stream_keys

PARAMETERS_KEY = 1
"""``SeedSequence(seed, spawn_key=(1,))``: the parent of the parameters' streams (the
simulation's are ``(0, i)``)."""


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


def with_values(data: dict, values: dict[str, float], scaled: set[str] = frozenset()) -> dict:
    """Scenario data with parameters set (or, for paths in ``scaled``, multiplied)."""
    for path, value in values.items():
        new = scale(get_path(data, path), value) if path in scaled else value
        data = replace_path(data, path, new)
    return data


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
    made = iter(plan.many([{path: run_with(old, values[path], scaled, whole)
                            for path, old, scaled, whole in runs} for values in planned],
                          "uncertainty", REFUSED, hint=HINT))
    # other paths (not in a run): planned for them
    return with_actual_months(program, [
        next(made) if list(values) == paths else drawn_program(program, values)
        for values in drawn])


def with_actual_months(program: Program, drawn: list[Program]) -> list[Program]:
    """The drawn programs of a re-forecast with its actual months costed at ``program``'s
    (the scenario's) values, whatever is drawn (``ledger.build.keep_actual_months``);
    unchanged without actual months."""
    kept = _actual_ledger(program)
    if kept is None:
        return drawn
    return [p if p.costs.kept is not None else
            changed(p, costs=keep_actual_months(p.costs, program.costs, kept)) for p in drawn]


@functools.lru_cache(maxsize=4)  # a run draws for one program (size: one per candidate)
def _actual_ledger(program: Program) -> KeptMonths | None:
    """The actual months of ``program``'s ledger, from one replication (the actual
    spells are the same in all); None without actual months."""
    months = program.scenario.actual_months
    if not months:
        return None
    return kept_months(program.costs, simulate(program.model, np.random.SeedSequence(0)),
                       months)

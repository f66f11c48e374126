"""A drawn value of an uncertain parameter, as far as the scenario knows it: where a
distribution's draws fall (its quantiles and CDF), the value a parameter runs with (the
draw, or its value scaled; whole numbers half up) and whether a run takes it: the run's
own check of a draw (``apply_draws``). Here, in the scenario package, so that
validation checks a distribution's ends (and an unbounded family's certain refusals,
``certain_stop``) with the very check a run applies; ``montecarlo.uncertainty`` draws
the replications' values and ``analysis.sanity`` warns of the rest."""

from __future__ import annotations

import math

import numpy as np

from .errors import ScenarioError
from .model import Distribution, Scenario
from .replace import current, replaced
from .schedule import scale

HINT = "narrow the distribution in 'uncertainty' so every draw is valid"
REFUSED = "a drawn value is not allowed: "
"""Before the reason the run refuses a drawn value for."""


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


def run_with(old: object, value: float, scaled: bool, whole: bool) -> float | int | dict:
    """The value a parameter runs with: the draw, or ``old`` times it (``scale``),
    rounded if the parameter is a whole number (``is_whole(old)``)."""
    new = scale(old, value) if scaled else value
    return rounded(new) if whole else new


def apply_draws(scn: Scenario, values: dict[str, float]) -> Scenario:
    """The scenario with one replication's drawn values: each replaces its parameter (or,
    with ``scale: true``, multiplies it); only the drawn values are checked, and an
    impossible draw is the user's to fix."""
    new = {}
    for path, value in values.items():
        old = current(scn, path)
        new[path] = run_with(old, value, scn.uncertainty[path].scale, is_whole(old))
    return replaced(scn, new, "uncertainty", REFUSED, hint=HINT)


def refusal(scn: Scenario, path: str, draw: float) -> str | None:
    """Why a run refuses ``draw`` at ``path`` (``apply_draws``, its own check of a draw:
    the field's bounds and the rules across fields a draw reaches); None if it takes it."""
    try:
        apply_draws(scn, {path: draw})
    except ScenarioError as err:
        return err.problems[0].message.removeprefix(REFUSED)
    return None


STOP_CHANCE = 0.01
"""A run that stops at an out-of-bounds draw with at least this chance (1 in 100 runs)
is warned of (``sanity.draw_bound_warnings``); one that stops for certain is refused
(``certain_stop``)."""


def edge(scn: Scenario, path: str, taken: float, refused: float,
         why: str) -> tuple[float, str]:
    """Where draws at ``path`` turn from taken to refused, between the two (bisection),
    rounded to nine digits below its scale (``_scale``: a bound of 0 found as -3e-13
    reads 0), and why the run refuses a draw just beyond it (two digits below that scale
    past it, a value that reads as written: 0.901, not 0.900000001): not ``why``, the
    refusal at ``refused``, which may be another, farther limit (a share of 1.08 is
    refused as no share from 0 to 1, where the edge at 0.9 is the other funders' 0.1
    beside it)."""
    start, reach = taken, _digits(refused - taken)
    for _ in range(EDGE_STEPS):
        if abs(refused - taken) <= 10.0 ** (_scale(start, refused, reach) - 11):
            break
        middle = (taken + refused) / 2
        if middle in (taken, refused):
            break  # as near as floats go
        if (reason := refusal(scn, path, middle)) is None:
            taken = middle
        else:
            refused, why = middle, reason
    digits = _scale(start, refused, reach)
    step, outward = 10.0 ** (digits - 9), math.copysign(10.0 ** (digits - 2), refused - start)
    at = round(refused / step) * step + 0.0  # no -0
    return at, refusal(scn, path, round(at + outward, 2 - digits)) or why


EDGE_STEPS = 200
"""Bisection steps at most: from a quantile 1e25 away to 11 digits below an edge of 1e-5
is about 100; floats end it sooner."""


def _scale(start: float, at: float, reach: int) -> int:
    """The power of ten an edge ``at`` is read to: that of the edge or of its distance
    from ``start`` (the median), the larger, but no more than ``reach``, the tail's
    distance it was found from. Not the tail's alone: a lognormal's quantile of 1.2e16
    set a step of 1e7, and an edge of 1e6 read 0 (with a probability of 100 %)."""
    return min(reach, _digits(max(abs(at), abs(at - start))))


def _digits(distance: float) -> int:
    """The power of ten of a distance (0.58 -> -1, 999,995 -> 5)."""
    return math.floor(math.log10(abs(distance)))


def certain_stop(scn: Scenario, path: str, dist: Distribution) -> str | None:
    """Why a run that draws ``path`` from an unbounded family stops for certain, in the
    words of its warning (``alone_text``): its median is refused, or no value but the
    median is taken (a mix share drawn alone); None if some draws are taken. Validation
    refuses these (a scenario no run can finish is not ok); a chance stays a warning."""
    median = inverse_cdf(dist, 0.5)
    if (why := refusal(scn, path, median)) is not None:
        return alone_text(dist, median, why, False)
    tails = [inverse_cdf(dist, q) for q in (STOP_CHANCE, 1 - STOP_CHANCE)]
    if any(refusal(scn, path, tail) is None for tail in tails):
        return None  # a side taken: not a single value
    found = sides(scn, path, dist, median, STOP_CHANCE)
    return alone_text(dist, median, found[1][3], True) if alone(found) else None


def sides(scn: Scenario, path: str, dist: Distribution, median: float,
          least: float) -> list[tuple[bool, float, float, str]]:
    """Each side (lower first) where a draw as rare as ``least`` is refused: whether it
    is the lower, its edge, the probability beyond it and why it is refused."""
    out = []
    for lower in (True, False):
        tail = inverse_cdf(dist, least if lower else 1 - least)
        if (why := refusal(scn, path, tail)) is not None:
            at, why = edge(scn, path, median, tail, why)
            out.append((lower, at, below(dist, at) if lower else 1 - below(dist, at), why))
    return out


def alone(sides: list[tuple[bool, float, float, str]]) -> bool:
    """Both sides refused and nothing between their edges: a single value taken."""
    return len(sides) == 2 and sides[0][2] + sides[1][2] > 1 - 1e-6


def family(dist: Distribution) -> str:
    return (f"{dist.dist}(mean {dist.mean:g}, sd {dist.sd:g})" if dist.dist == "normal"
            else f"{dist.dist}(median {dist.median:g}, sigma {dist.sigma:g})")


def alone_text(dist: Distribution, median: float, why: str, taken: bool,
               stops: str = "") -> str:
    """What a parameter whose draws are refused nearly always is told (after its path):
    only its median is taken (a mix share: any other value breaks the sum of 1), or not
    even that; ``stops`` (a warning's chance that the run stops) after the reason."""
    what = "a factor" if dist.scale else "a value"
    only = (f"every draw but {median:g} itself is refused" if taken
            else f"even its median {median:g} is refused")
    return (f"{family(dist)} draws {what} the run refuses: {only} ({why}){stops}" +
            (": this parameter cannot be drawn alone; remove it from uncertainty "
             "(compare its values with finsim sensitivity or --set)" if taken else
             "; draw it within its bounds"))

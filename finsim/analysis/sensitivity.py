"""Sensitivity: how much each assumption moves the metrics, on common random numbers.

A *sample point* is the scenario with some parameters changed. Every point runs with
the uncertainty draws off and on the same seeds, so two points differ only by their
parameters: a parameter that cannot affect a metric shows no effect beyond the ledger's
cent rounding of each cell (the costs of a cell, coach and management staff together,
are rounded to the cent once, so a change in one part can move another funder's or
another category's figure by a few cents), and the effects are not buried under the
randomness of people's paths.

Ranges come from ``--param PATH=LOW:HIGH`` (sets the value; a schedule becomes the
plain value) or ``--param PATH=*LOW:HIGH`` (multiplies the value, every value of a
schedule), or else from the scenario's ``uncertainty`` block: every method uses the
distribution's 10th and 90th percentiles, so unbounded distributions (normal,
lognormal) get finite ranges and the three methods look at the same box. A parameter in
whole steps (slots; a payment lag, which the cash flow takes in whole months) is rounded
at each point. On a re-forecast the uncertainty block's ranges act from ``as_of`` on
only, as a run's draws do (``block_ranges``): the actual months cost the scenario's values
at every point; a ``--param`` range sets its value in every month, as ``--set`` does.

Methods: ``oat`` moves one parameter to its low and high with the others at base;
``morris`` (elementary effects) and ``sobol`` (Saltelli sampling, variance shares) come
from SALib. Point 0 is always the base scenario; its per-replication values give the
replication noise.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..montecarlo import RunResult, RunSpec, run
from ..montecarlo.estimate import estimate
from ..montecarlo.executor import Jobs, as_executor
from ..montecarlo.statistics import replication_means
from ..montecarlo.uncertainty import with_actual_months
from ..nouns import counted
from ..program import Program, compile_program
from ..scenario import Problem, Scenario, ScenarioError, resolved_data
from ..scenario.draws import half_up
from ..scenario.limits import MAX_POINTS
from ..scenario.paths import in_force
from ..units import HALF_CENT, kind
from .actual_slots import range_recost_warnings
from .ranges import Param, block_ranges, point_at, point_program, run_value
from .sanity import (
    Varied,
    assumed_minimum_wage_warnings,
    assumed_minimum_wages,
    labelled,
    sanity_warnings,
    scenario_warnings,
)

if TYPE_CHECKING:  # imported where the tables are made: `finsim --help` lists METHODS
    import pandas as pd

METHODS = ("oat", "morris", "sobol")
SAMPLED = ("morris", "sobol")
"""The methods that sample the ranges: the ones ``samples`` sizes."""
DEFAULT_SAMPLES = {"oat": 0, "morris": 10, "sobol": 16}
"""Morris trajectories and Sobol's base sample size N. Sobol runs N x (parameters + 2) + 1
points, each with the scenario's replications: with N = 16, the seed scenario's five
uncertain parameters and 200 replications that is 22,600 replications, a few minutes
on a 2-core laptop. More (``--samples 64``) narrows the intervals of S1 and ST at four
times the cost."""
MIN_SAMPLES = 2
"""The fewest Morris trajectories or Sobol base samples: SALib's ``_conf`` columns (95 %
bootstrap half-widths) are 0 over one sample, and Morris's sigma undefined."""
MORRIS_LEVELS = 4
Progress = Callable[[int], None]
RESIDUE = 1e-9
"""Below this a figure that is not money (a count, a share, an elasticity, an index) is
float residue of sums that cancel exactly, not an effect."""


def residue(metric: str | None = None) -> float:
    """The size below which a figure of ``metric`` is float residue of an exact zero: half
    a cent for money (the City's net cost of the §16i file is 0 EUR by design, and its
    point means came out as 9e-10), ``RESIDUE`` otherwise (``metric`` None: an
    elasticity or an index). The one rule for what reads 0: whether a metric moves at
    all (``_flat``: its indices, chart and noise share), an elasticity's base, and every
    figure shown (``settled``)."""
    return HALF_CENT if metric is not None and kind(metric) == "money" else RESIDUE


def settled(value: float, metric: str | None = None) -> float:
    """``value`` with float residue (``residue``) as 0: an exact zero effect came out as
    -4e-14 and read "0,0000" beside the other zeros' "0"."""
    return 0.0 if abs(value) < residue(metric) else value


@dataclass(frozen=True)
class SensitivitySpec:
    """What to analyse; plain data, as the CLI parsed it."""

    scenario: Scenario
    params: tuple[Param, ...]
    metrics: tuple[str, ...]
    method: str = "oat"
    replications: int = 20
    seed: int = 0
    samples: int | None = None


@dataclass
class SensitivityResult:
    """The method's table (its documented columns first) and the replication noise per metric."""

    spec: SensitivitySpec
    table: pd.DataFrame
    base: pd.DataFrame  # metric, mean, se, noise_share at the base point
    points: int
    jobs: int
    """Processes the points ran on (the base, when run whole, ran on its own)."""
    seconds: float
    checks: list[str] = field(default_factory=list)
    """The base point run's sanity warnings (``sanity.sanity_warnings``, English) beyond
    those of the scenario alone (said before the work: ``base_warnings``), where the base
    was run whole (``base_run``): what ``finsim run`` would warn of after its work."""


def design_points(spec: SensitivitySpec) -> int:
    """The design's points, row 0 included, counted without sampling them: OAT two per
    parameter, Morris k + 1 per trajectory, Sobol (first order and total) k + 2 per
    base sample."""
    k, n = len(spec.params), _samples(spec)
    return 1 + {"oat": 2 * k, "morris": (k + 1) * n, "sobol": (k + 2) * n}[spec.method]


def design(spec: SensitivitySpec) -> np.ndarray:
    """Sample points ``[points, params]`` in parameter units; row 0 is the base (NaN).
    A design beyond ``MAX_POINTS`` is refused before it is sampled."""
    if spec.method in SAMPLED and _samples(spec) < MIN_SAMPLES:
        raise ScenarioError([Problem(
            "--samples", "", f"{spec.method} needs at least {MIN_SAMPLES} samples: the "
            "confidence of its indices is a bootstrap over the samples, and over one it "
            "has no spread (± 0, as if exact); ask for 2 or more", spec.samples)])
    points = design_points(spec)
    if points > MAX_POINTS:
        raise ScenarioError([Problem(
            "--samples", "", f"{spec.method} with {_samples(spec):,} samples of "
            f"{counted(len(spec.params), 'parameter', 'parameters')} has {points:,} points, "
            "more than finsim's "
            f"ceiling of {MAX_POINTS:,}; ask for fewer", spec.samples)])
    k = len(spec.params)
    base = np.full((1, k), np.nan)
    if spec.method == "oat":
        rows = [np.where(np.arange(k) == i, end, np.nan)
                for i, p in enumerate(spec.params) for end in (p.low, p.high)]
        return np.vstack([base, *rows])
    return np.vstack([base, _salib_sample(spec)])


LARGEST_LEVER = "narrower ranges of --param (the largest point needs most)"
"""The memory refusal's advice where the design's largest point needs most
(``estimate.levers``)."""


def largest_points(spec: SensitivitySpec) -> list[Scenario]:
    """The points the memory estimate is taken at, so it covers the largest point the
    design runs, not only the base (slots 800,000:900,000 on a file of 40): each
    parameter at each end, OAT's points; a sampled design also sets them together,
    each at the end where it alone needs more (a combination the scenario refuses is
    no point, and left out)."""
    ends = [(i, end) for i, p in enumerate(spec.params) for end in (p.low, p.high)]
    alone = [point_at(spec.scenario, spec.params, {i: end}) for i, end in ends]
    if spec.method == "oat" or len(spec.params) < 2:
        return alone
    need = [estimate(scn, 1, 1).total_bytes for scn in alone]
    larger = {i: p.low if need[2 * i] > need[2 * i + 1] else p.high
              for i, p in enumerate(spec.params)}
    try:
        return [*alone, point_at(spec.scenario, spec.params, larger)]
    except ScenarioError:
        return alone


def _problem(spec: SensitivitySpec) -> dict:
    return {"num_vars": len(spec.params), "names": [p.path for p in spec.params],
            "bounds": [[p.low, p.high] for p in spec.params]}


def _samples(spec: SensitivitySpec) -> int:
    return spec.samples or DEFAULT_SAMPLES[spec.method]


def _salib_sample(spec: SensitivitySpec) -> np.ndarray:
    from SALib.sample import morris, sobol

    if spec.method == "morris":
        return morris.sample(_problem(spec), _samples(spec), num_levels=MORRIS_LEVELS,
                             seed=spec.seed)
    with warnings.catch_warnings():  # N not a power of 2 only weakens convergence
        warnings.simplefilter("ignore")
        return sobol.sample(_problem(spec), _samples(spec), calc_second_order=False,
                            seed=spec.seed)


def evaluate(spec: SensitivitySpec, points: np.ndarray, jobs: Jobs = None,
             progress: Progress | None = None) -> np.ndarray:
    """Per-replication metrics ``[points, replications, metrics]``, same seeds everywhere.

    Every point is checked here, before any work, so a bad combination is reported as
    the user's mistake and not as a failure inside a worker. The scenario is compiled
    once and goes to every worker once; a task carries only its point's values, and the
    worker replaces and checks only those (``point_program``: the same functions on the
    same values as the check here, so the same program).
    """
    base = compile_program(spec.scenario)
    values = [{i: v for i, v in enumerate(row) if not np.isnan(v)} for row in points]
    for chosen in values:
        point_program(base, spec.params, chosen)  # raises on a bad point
    executor = as_executor(jobs).for_tasks(len(values))
    out = np.empty((len(points), spec.replications, len(spec.metrics)))
    done = 0

    def finished(_: object) -> None:
        nonlocal done
        done += 1
        progress(done)

    shared = (base, spec.params, (spec.metrics, spec.replications, spec.seed))
    for i, point in enumerate(executor.ordered_map(_point_task, values, shared,
                                                   finished if progress else None)):
        out[i] = point
    return out


def _point_task(shared: tuple[Program, tuple[Param, ...], tuple],
                values: dict[int, float]) -> np.ndarray:
    """One point: the shared base program with the point's values, run in the worker
    (the data files with it: ``scenario.datafiles``)."""
    base, params, (metrics, replications, seed) = shared
    program = point_program(base, params, values)
    if block_ranges(params):
        program = with_actual_months(base, [program])[0]
    result = run(RunSpec(program.scenario, replications, seed, uncertainty=False,
                         program=program), jobs=1)
    return metric_columns(result, metrics)


def metric_columns(result: RunResult, metrics: tuple[str, ...]) -> np.ndarray:
    """``[replications, metrics]``: a run's per-replication values of ``metrics``."""
    return np.column_stack([result.metric(m) for m in metrics])


def base_run(spec: SensitivitySpec, jobs: Jobs = None) -> RunResult:
    """The base point (the design's row 0) run whole, for what a report shows beyond the
    metrics: the same seeds and values as the point ``evaluate`` would run."""
    return run(RunSpec(spec.scenario, spec.replications, spec.seed, uncertainty=False),
               jobs)


def analyze(spec: SensitivitySpec, jobs: Jobs = None, progress: Progress | None = None,
            base: RunResult | None = None) -> SensitivityResult:
    """Sample, evaluate on common random numbers, analyse: the method's table; the points
    run where ``jobs`` says (``montecarlo.executor``). ``base`` (``base_run``), when
    the caller already has it, is the design's row 0 and is not run again; ``progress``
    then counts from 1."""
    started = time.perf_counter()
    points = design(spec)
    if base is None:
        values = evaluate(spec, points, jobs, progress)
    else:
        rest = evaluate(spec, points[1:], jobs,
                        progress and (lambda done: progress(done + 1)))
        values = np.concatenate([metric_columns(base, spec.metrics)[None], rest])
    means = replication_means(values, axis=1)  # [points, metrics], as summary.csv's
    table = (_oat_table if spec.method == "oat" else _salib_table)(spec, points, values, means)
    checks = [] if base is None else result_warnings(spec, base)
    return SensitivityResult(spec, table, _base_frame(spec, values, means), len(points),
                             as_executor(jobs).for_tasks(len(points) - (base is not None)).jobs,
                             time.perf_counter() - started, checks)


def result_warnings(spec: SensitivitySpec, base: RunResult, lang: str = "en") -> list[str]:
    """The base point run's sanity warnings that its results decide (an occupancy, a
    funding gap): those of the scenario alone are ``base_warnings``, said before the work."""
    alone = set(scenario_warnings(spec.scenario, spec.replications, False, lang))
    return [line for line in sanity_warnings(base, lang) if line not in alone]


SOBOL_RELIABLE = 64
"""Base samples from which Sobol's indices held on the seed scenario: at 16 a linear
cost's two hazards read ST 0.87 and 0.13 (intervals apart) against about 0.46 and 0.41."""


def early_warnings(spec: SensitivitySpec, lang: str = "en") -> list[str]:
    """What a sensitivity warns about before any point runs: the base scenario's own
    (``base_warnings``), the design's (``design_warnings``) and its ranges' ends'
    (``point_warnings``). Known from the scenario and the ranges alone, so said before
    the work and refused by ``--strict`` before it."""
    base = base_warnings(spec, lang)
    return [*base, *design_warnings(spec, lang), *point_warnings(spec, base, lang)]


def design_warnings(spec: SensitivitySpec, lang: str = "en") -> list[str]:
    """What the design itself leaves uncertain, said beside the figures rather than left
    for a reader to know: a schedule an absolute range flattens (``schedule_warnings``),
    a range that re-costs a re-forecast's actual months (``range_recost_warnings``), one
    replication per point (no noise measured: a swing or an index may be chance) and a
    Sobol run on fewer than ``SOBOL_RELIABLE`` base samples (its indices, and their
    bootstrap intervals, can be far off)."""
    out = [*schedule_warnings(spec, lang),
           *range_recost_warnings(spec.scenario, spec.params, lang)]
    if spec.replications < 2:
        out.append("one replication per point: the replication noise of the point means is "
                   "not measured, so a swing or an index may be chance; use -n 2 or more"
                   if lang == "en" else
                   "eine Replikation je Punkt: das Rauschen der Punktmittel ist nicht "
                   "gemessen, ein Ausschlag oder Index kann Zufall sein; -n 2 oder mehr "
                   "verwenden")
    samples = _samples(spec)
    if spec.method == "sobol" and samples < SOBOL_RELIABLE:
        out.append(f"sobol on {samples} base samples: its indices can be far off, beyond "
                   "their 95 % intervals (S1 below 0 or ST above 1 are signs of it); rank by "
                   f"them only after --samples {SOBOL_RELIABLE} or more, or read the ranking "
                   "from oat or morris" if lang == "en" else
                   f"sobol mit {samples} Basisstichproben: die Indizes können weit daneben "
                   "liegen, auch außerhalb ihrer 95-%-Intervalle (S1 unter 0 oder ST über 1 "
                   f"zeigen es an); nach ihnen erst ab --samples {SOBOL_RELIABLE} ordnen oder "
                   "die Reihenfolge aus oat oder morris lesen")
    return out


def schedule_warnings(spec: SensitivitySpec, lang: str = "en") -> list[str]:
    """Each absolute range (``PATH=LOW:HIGH``) over a schedule of several months: both
    ends replace the whole schedule by one value, so its shape (a ramp-up of 70, 55, 45,
    then 2 referrals a month) is gone at both ends, the range need not contain the base,
    and the tornado ranks the lost shape as the parameter's effect. Legitimate (a flat
    schedule on purpose), so said rather than refused."""
    data, out = resolved_data(spec.scenario), []
    for param in spec.params:
        value = in_force(data, param.path)
        if param.scaled or not isinstance(value, dict) or len(value) < 2:
            continue
        at, n = f"{param.path}={param.low:g}:{param.high:g}", len(value)
        out.append(f"{at}: each end replaces the whole schedule (its {n} months) by one "
                   "value, so its shape is lost and the range need not contain the base; "
                   f"a factor range ({param.path}=*LOW:HIGH) scales it and keeps its shape"
                   if lang == "en" else
                   f"{at}: jedes Ende ersetzt den ganzen Zeitplan (seine {n} Monate) durch "
                   "einen Wert, sein Verlauf geht verloren, und der Bereich muss den "
                   f"Basiswert nicht enthalten; ein Faktorbereich ({param.path}=*LOW:HIGH) "
                   "skaliert ihn und behält den Verlauf")
    return out


def point_warnings(spec: SensitivitySpec, base: list[str], lang: str = "en") -> list[str]:
    """The warnings of the scenario alone (``sanity.scenario_warnings``, what ``run
    --set PATH=END`` would warn of) at each parameter's end, beyond those of the base
    (``base``: ``base_warnings``), once per end and naming it: a dropout hazard typed in percent
    (0.25:0.75), a wage below the minimum wage, a period reaching past the statutory
    minimum wage table. An end's line on the assumed minimum wage is not said where the
    base's already says it of each path it names (``_told_at_base``). A sampled design's
    points lie between the ends."""
    assumed = assumed_minimum_wages(spec.scenario, False, lang)
    out: list[str] = []
    for i, param in enumerate(spec.params):
        for end in (param.low, param.high):
            point = point_at(spec.scenario, spec.params, {i: end})
            told = _told_at_base(point, assumed, param.path.endswith(".annual_increase"), lang)
            at = f"{param.path}={'*' if param.scaled else ''}{end:g}"
            out += [labelled(f"{'at' if lang == 'en' else 'bei'} {at}: ", line)
                    for line in scenario_warnings(point, spec.replications, False, lang)
                    if line not in base and line not in told]
    return list(dict.fromkeys(out))


def _told_at_base(point: Scenario, assumed: dict[str, str], increase: bool,
                  lang: str) -> set[str]:
    """The point's lines on the assumed minimum wage that the base's (``assumed``: its
    text by path) already say of every path they name: the same text, or, at an end of an
    ``annual_increase`` range (``increase``), the range the base's line names
    (``varied_increases``). The base joins its paths in one line where an end may name
    one alone (a scaled subsidy base leaves the table), so the paths are compared one by
    one, not the lines."""
    at_point = assumed_minimum_wages(point, False, lang)
    return {line for line in assumed_minimum_wage_warnings(point, False, lang)
            if all(path in assumed and (increase or at_point[path] == assumed[path])
                   for path in _named(line).split(", "))}


def _named(line: str) -> str:
    """The paths a warning line names before its first ``": "``."""
    return line.split(": ", 1)[0]


def base_warnings(spec: SensitivitySpec, lang: str = "en") -> list[str]:
    """The base point's warnings of the scenario alone (``sanity.scenario_warnings``,
    without draws, as every point runs), known before the work and said before it, as
    ``run`` says its own: the line on the assumed minimum wage names the range an
    ``annual_increase`` is varied over and the rates at its ends, not the base's rate
    alone (the points' subsidy bases run on those)."""
    scn = spec.scenario
    lines = scenario_warnings(scn, spec.replications, False, lang)
    varied = varied_increases(spec)
    if not varied:
        return lines
    plain = set(assumed_minimum_wage_warnings(scn, False, lang))
    said = {_named(line): line
            for line in assumed_minimum_wage_warnings(scn, False, lang, varied)}
    return [said.get(_named(line), line) if line in plain else line for line in lines]


def varied_increases(spec: SensitivitySpec) -> Varied:
    """Each wage block's ``annual_increase`` a range varies, with the scenarios at the
    range's low and high end (``sanity.assumed_minimum_wages`` reads the rates there)."""
    return {p.path: (point_at(spec.scenario, spec.params, {i: p.low}),
                     point_at(spec.scenario, spec.params, {i: p.high}))
            for i, p in enumerate(spec.params) if p.path.endswith(".annual_increase")}


def _se(values: np.ndarray) -> np.ndarray:
    """Standard error of a mean over replications (axis 0); NaN with one replication, or
    with one defined value (``cost_per_placement`` where a range reaches no placement)."""
    n = np.sum(~np.isnan(values), axis=0)
    if values.shape[0] < 2:
        return np.full(values.shape[1:], np.nan)
    with warnings.catch_warnings():  # numpy's warning would read like a fault of finsim's
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanstd(values, axis=0, ddof=1) / np.sqrt(n)


def _base_frame(spec: SensitivitySpec, values: np.ndarray, means: np.ndarray) -> pd.DataFrame:
    """Mean and noise at the base point, the share of output variance that is noise, and
    where the metric is undefined.

    ``noise_share``: SE^2 of the base point's mean over the variance of the sample-point
    means, the noise one point's mean carries. It ignores that all points share seeds,
    which cancels the common part, so it usually overstates and can exceed 1; but it is
    the base point's noise alone, so where the noise differs between points it can be
    below ``noise_share_crn`` (0.6 % against 2.6 % for an occupancy rate), which keeps
    only what the seeds do not cancel (the point x replication interaction). A
    spread that is zero up to float round-off or residue (``_flat``) is zero: no share.
    ``undefined_points``/``undefined_replications``: points where no replication defines
    the metric, and replications (over all points) where it is undefined.
    """
    import pandas as pd

    se = _se(values[0])
    with warnings.catch_warnings():
        # A metric undefined at all points but one (cost_per_placement where a range
        # reaches no placement) has no spread: NaN, written empty, and numpy's warning
        # about it would read like a fault of finsim's.
        warnings.simplefilter("ignore", RuntimeWarning)
        spread = np.nanvar(means[1:], axis=0, ddof=1) if len(means) > 2 else np.nan
        spread = np.where(_flat(means[1:], spec.metrics), 0.0, spread)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(spread > 0, se**2 / spread, np.nan)
        crn = np.where(spread > 0, _interaction_var(values[1:]) / spread, np.nan)
    return pd.DataFrame({"metric": spec.metrics, "mean": means[0], "se": se,
                         "noise_share": share, "noise_share_crn": crn,
                         "undefined_points": np.isnan(means).sum(axis=0),
                         "undefined_replications": np.isnan(values).sum(axis=(0, 1))})


def _flat(y: np.ndarray, metrics: tuple[str, ...]) -> np.ndarray:
    """Per metric (the columns of ``y``, ``[points, metrics]``): its defined values are
    equal up to float round-off (numpy's mean of 30 copies of 167.15 is not exactly
    167.15) or differ by less than float residue of an exact zero (``residue``: a City
    net cost of 0 EUR came out as 9e-10 here and 3e-10 there). Their variance is then
    noise of the arithmetic, never a spread to divide by."""
    floor = np.array([residue(m) for m in metrics])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        scale = np.nanmax(np.abs(y), axis=0) if len(y) else np.nan
        width = np.nanmax(y, axis=0) - np.nanmin(y, axis=0) if len(y) else np.nan
    return ~((width > 16 * np.finfo(float).eps * scale) & (width >= floor))


def _interaction_var(values: np.ndarray) -> np.ndarray:
    """Noise in point means that common seeds do not cancel: the point x replication
    interaction of a two-way ANOVA, divided by the replications ``[metrics]``; over the
    defined values (``cost_per_placement`` where a replication places nobody), each
    residual with the means of the values defined."""
    points, reps = values.shape[:2]
    if points < 2 or reps < 2:
        return np.full(values.shape[2], np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        resid = (values - np.nanmean(values, axis=1, keepdims=True)
                 - np.nanmean(values, axis=0, keepdims=True)
                 + np.nanmean(values, axis=(0, 1), keepdims=True))
    defined = np.sum(~np.isnan(resid), axis=(0, 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        free = defined * (points - 1) * (reps - 1) / (points * reps)
        return np.where(free > 0, np.nansum(resid**2, axis=(0, 1)) / free / reps, np.nan)


def _oat_table(spec: SensitivitySpec, points: np.ndarray, values: np.ndarray,
               means: np.ndarray) -> pd.DataFrame:
    import pandas as pd

    data, rows = resolved_data(spec.scenario), []
    for i, param in enumerate(spec.params):
        lo, hi = 1 + 2 * i, 2 + 2 * i
        x0 = _base_x(param, in_force(data, param.path))
        for m, metric in enumerate(spec.metrics):
            m0, m_lo, m_hi = _unmoved_on_base(means[[0, lo, hi], m], metric)
            slope = (m_hi - m_lo) / (param.high - param.low)
            rows.append({
                "method": "oat", "parameter": param.path, "metric": metric,
                "low": param.low, "high": param.high, "metric_low": m_lo,
                "metric_high": m_hi, "swing": m_hi - m_lo,
                # over |base|: a negative net cost (the City's) keeps the swing's sign
                "elasticity": slope * x0 / abs(m0) if settled(m0, metric) else np.nan,
                "metric_base": m0, "se_base": _se(values[0, :, m:m + 1])[0],
                "se_low": _se(values[lo, :, m:m + 1])[0],
                "se_high": _se(values[hi, :, m:m + 1])[0],
                "se_swing": _se(values[hi, :, m:m + 1] - values[lo, :, m:m + 1])[0],
                "scaled": param.scaled, **span_columns(param)})
    return pd.DataFrame(rows)


def _unmoved_on_base(means: np.ndarray, metric: str) -> np.ndarray:
    """A parameter's point means ``[base, low, high]`` of ``metric``, both ends the base's
    where they differ from it only by float residue (``_flat``): a pure budget split
    moved net_public_cost by 2e-7 EUR across a half cent, and the swing read -0.01 beside
    a noise of "not moved" and an elasticity of -8.6e-15; now all three read no effect."""
    if np.isnan(means).any():  # an end no replication defines stays undefined
        return means
    return np.full(3, means[0]) if _flat(means[:, None], (metric,))[0] else means


def span_columns(param: Param) -> dict[str, str | None]:
    """sensitivity.csv's ``first_month`` and ``last_month``: the months a schedule's date
    sets (its value holds until the schedule's next date), empty for any other range."""
    first, last = param.span or (None, None)
    return {"first_month": first, "last_month": last}


def _base_x(param: Param, value: float | dict | None) -> float:
    """The base value an elasticity is relative to, as it acts (``run_value``: a lag of
    2.5 months is paid as one of 2): for a factor, what the base acts as over the base
    the factors are of (1 but for such a term); else ``_plain``; none (NaN) for a value
    the scenario leaves unset."""
    if value is None:  # unset in the scenario: no base to be relative to
        return float("nan")
    if param.scaled:
        return 1.0 if isinstance(value, dict | list) else run_value(param.path, value) / value
    return _plain(run_value(param.path, value))


def _plain(value: float | dict) -> float:
    """The base value for an elasticity: a schedule's one value where it has one (one
    date, or the same value at every date: the seed's wage ``{2013-01: 9.89}`` is 9.89,
    as ``costs.wages.hourly.2013-01`` reads it); none for a schedule of several different
    values replaced by a plain value, nor for a base value of 0 (the elasticity would be
    0 however much the range moves the metric, reading as no effect)."""
    if isinstance(value, dict):
        values = set(value.values())
        value = values.pop() if len(values) == 1 else float("nan")
    return float("nan") if value == 0 else float(value)


def _salib_table(spec: SensitivitySpec, points: np.ndarray, values: np.ndarray,
                 means: np.ndarray) -> pd.DataFrame:
    """The table of a SALib method (``morris``, ``sobol``): its indices per parameter and
    metric, over the sample points after the base point."""
    import pandas as pd

    keys, salib = _SALIB[spec.method]
    rows = []
    for m, metric in enumerate(spec.metrics):
        res = _indices(spec, means[1:, m], metric, keys,
                       lambda y: salib(spec, points[1:], y))
        rows += [{"method": spec.method, "parameter": p.path, "metric": metric,
                  **{key: res[key][i] for key in keys},
                  "low": p.low, "high": p.high, "scaled": p.scaled, **span_columns(p)}
                 for i, p in enumerate(spec.params)]
    return pd.DataFrame(rows)


def _morris_indices(spec: SensitivitySpec, x: np.ndarray, y: np.ndarray) -> dict:
    """Morris's indices, over the steps as run (``_per_sampled_step``)."""
    from SALib.analyze import morris

    with warnings.catch_warnings():
        # One trajectory has no spread: sigma is NaN, written empty, and numpy's warning
        # about it would read like a fault of finsim's.
        warnings.simplefilter("ignore", RuntimeWarning)
        return morris.analyze(_problem(spec), x, _per_sampled_step(spec, x, y),
                              num_levels=MORRIS_LEVELS, seed=spec.seed)


def _per_sampled_step(spec: SensitivitySpec, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``y`` with each trajectory step's change rescaled from the step run to the step
    sampled. SALib divides every change by the sampled step (2/3 of the range), but a
    parameter in whole steps (``ranges.in_steps``) runs rounded: 30:40 slots steps
    30 -> 36.67 and runs 30 -> 37, which made mu* 7/6.67 = 5 % too large. Each step
    moves one parameter, so the ratio of the two steps is that parameter's; a step that
    rounds to no change keeps its (zero) change."""
    k = len(spec.params)
    sampled = np.abs(np.diff(x.reshape(-1, k + 1, k), axis=1)).sum(axis=2)
    ran = np.abs(np.diff(_as_run(spec, x).reshape(-1, k + 1, k), axis=1)).sum(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ran > 0, sampled / ran, 1.0)
    steps = y.reshape(-1, k + 1)
    change = np.diff(steps, axis=1) * ratio
    start = steps[:, :1]
    return np.concatenate([start, start + np.cumsum(change, axis=1)], axis=1).ravel()


def _as_run(spec: SensitivitySpec, x: np.ndarray) -> np.ndarray:
    """The sample points ``[points, params]`` as ``point_at`` runs them: a parameter in
    whole steps rounded half up; a scaled one as the factor its rounded values are of
    its own (over a schedule's sum)."""
    data, out = resolved_data(spec.scenario), x.astype(float)
    for i, param in enumerate(spec.params):
        if not param.whole:
            continue
        if not param.scaled:
            out[:, i] = half_up(x[:, i])
            continue
        value = in_force(data, param.path)
        values = np.array(list(value.values()) if isinstance(value, dict) else [value],
                          dtype=float)
        out[:, i] = [half_up(values * f).sum() / values.sum() for f in x[:, i]]
    return out


def _sobol_indices(spec: SensitivitySpec, x: np.ndarray, y: np.ndarray) -> dict:
    """Sobol's first-order and total indices; SALib reads which point varies what from the
    order of the Saltelli sample, so ``x`` is not needed."""
    from SALib.analyze import sobol

    return sobol.analyze(_problem(spec), y, calc_second_order=False, seed=spec.seed)


def _indices(spec: SensitivitySpec, y: np.ndarray, metric: str, keys: tuple[str, ...],
             salib: Callable[[np.ndarray], dict]) -> dict[str, np.ndarray]:
    """SALib's indices as plain float arrays. A metric undefined at some point gets none
    (NaN: SALib would turn the NaN into zeros, "no effect", or masked values); one no
    parameter moves (equal up to round-off or residue, ``_flat``) gets 0 without SALib,
    which would divide its round-off by its round-off."""
    k = len(spec.params)
    if np.isnan(y).any():
        return {key: np.full(k, np.nan) for key in keys}
    if _flat(y[:, None], (metric,))[0]:
        return {key: np.zeros(k) for key in keys}
    res = salib(y)
    return {key: np.ma.filled(np.ma.asarray(res[key], dtype=float), np.nan) for key in keys}


_SALIB: dict[str, tuple[tuple[str, ...], Callable[[SensitivitySpec, np.ndarray, np.ndarray],
                                                  dict]]] = {
    "morris": (("mu_star", "sigma", "mu_star_conf", "mu"), _morris_indices),
    "sobol": (("S1", "S1_conf", "ST", "ST_conf"), _sobol_indices)}
"""Each SALib method's indices (the columns of its table) and the call that computes them."""

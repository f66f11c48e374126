"""finsim from Python: ``load``, ``run``, ``compare``, ``sensitivity``, ``size``.

Each takes Python arguments (a path or a loaded scenario, a dict of overrides, a dict of
ranges or caps) and returns a result with a short ``repr``, ``.summary()`` as a pandas
DataFrame, and tidy DataFrames of the details. Nothing is written to disk: the commands
(``finsim run`` ...) are these calls plus a results folder.

``run`` uses one process when called from a notebook or an interactive session (no
``__main__`` file), where starting worker processes is fragile, and every CPU from a
script; ``jobs`` overrides both. ``scheduler`` (a dask scheduler's address, or
``local:N``; default ``$FINSIM_SCHEDULER``; ``""`` stays local) runs the work on a
dask.distributed cluster instead, with the same results.

Money in the DataFrames is EUR rounded to the cent.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .montecarlo import RunResult, RunSpec
from .montecarlo import run as _run
from .montecarlo.cluster import scheduler_address
from .montecarlo.executor import executor
from .scenario import Scenario, datafiles, load_scenario, resolved_data, scenario_from_dict
from .scenario.load import apply_sets

if TYPE_CHECKING:  # imported where used: a run needs none of them (start-up stays short)
    import pandas as pd

    from .analysis import compare as _compare
    from .analysis import sensitivity as _sensitivity
    from .analysis import sizing

ScenarioLike = str | Path | Scenario
"""A scenario file's path, or a scenario already loaded."""

MONEY = ("amount", "from_transfer", "mean", "std", "p05", "p50", "p95")


def load(scenario: ScenarioLike, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """A validated scenario from a file (with its ``base:``) or a loaded one, with
    ``overrides`` (dotted path -> value, e.g. ``{"providers.cjd.slots": 59}``) applied as
    ``--set`` would: checked like the file, a set value holds over a draw of it."""
    sets = [f"{path}={json.dumps(value)}" for path, value in (overrides or {}).items()]
    if isinstance(scenario, Scenario):
        if not sets:
            return scenario
        return scenario_from_dict(apply_sets(resolved_data(scenario), sets, "<scenario>"),
                                  "<scenario>", datafiles.of(scenario))
    return load_scenario(scenario, sets)


def default_jobs() -> int | None:
    """One process in a notebook or an interactive session, every CPU from a script."""
    main = sys.modules.get("__main__")
    interactive = main is None or not hasattr(main, "__file__") or hasattr(sys, "ps1")
    return 1 if interactive else None


def _jobs(jobs: int | None) -> int | None:
    return jobs if jobs is not None else default_jobs()


@dataclass(frozen=True, repr=False)
class Run:
    """The replications of one scenario (``finsim run`` without the folder)."""

    result: RunResult

    @property
    def scenario(self) -> Scenario:
        return self.result.scenario

    def __repr__(self) -> str:
        cost = self.result.metric("cost_total").mean()
        return (f"<finsim.Run {self.scenario.name!r}: {self.result.aggregate.count} "
                f"replications, seed {self.result.spec.seed}, mean cost {cost:,.2f} EUR>")

    def summary(self) -> pd.DataFrame:
        """Per metric: mean, std, p05, p50, p95 over the replications (summary.csv)."""
        from .report import tables

        return tables.summary_table(self.result)

    def flows(self) -> pd.DataFrame:
        """Mean people per month and provider (``all`` = the program; flows.csv)."""
        from .report import tables

        return _typed(tables.flows_table(self.result), money=False)

    def ledger(self) -> pd.DataFrame:
        """Mean EUR per month, provider, category and funder (``gap`` = uncovered)."""
        from .report import tables

        return _typed(tables.ledger_table(self.result))

    def providers(self) -> pd.DataFrame:
        """Per provider and metric: mean, std, p05, p50, p95 (providers.csv)."""
        from .report import tables

        return _typed(tables.providers_table(self.result), money=False)

    def replications(self) -> pd.DataFrame:
        """One row per replication: every metric, then every drawn parameter."""
        return self.result.replications

    @property
    def warnings(self) -> list[str]:
        """The sanity warnings ``finsim run`` and ``size`` print (low occupancy, a stale
        schedule, a wage below the minimum wage, costly qualification), in English."""
        from .analysis.sanity import sanity_warnings

        return sanity_warnings(self.result)

    def metric(self, name: str) -> pd.Series:
        """One metric's value in each replication."""
        import pandas as pd

        return pd.Series(self.result.metric(name), name=name)


def run(scenario: ScenarioLike, overrides: Mapping[str, Any] | None = None, *,
        replications: int | None = None, seed: int | None = None, uncertainty: bool = True,
        jobs: int | None = None, scheduler: str | None = None) -> Run:
    """Run a scenario's replications (default: the scenario's own count and seed)."""
    scn = load(scenario, overrides)
    spec = RunSpec(scn, replications or scn.simulation.replications,
                   scn.simulation.seed if seed is None else seed, uncertainty)
    with executor(_jobs(jobs), scheduler_address(scheduler)) as where:
        return Run(_run(spec, where))


@dataclass(frozen=True, repr=False)
class Comparison:
    """BASE and its alternatives, run on common random numbers."""

    comparison: _compare.Comparison

    def __repr__(self) -> str:
        return (f"<finsim.Comparison of {len(self.comparison.labels)} scenarios "
                f"(base {self.comparison.labels[0]!r}), "
                f"{self.comparison.base.spec.replications} replications each>")

    def summary(self) -> pd.DataFrame:
        """Per metric and scenario: mean, p05, p95 and the paired delta to BASE."""
        return self.comparison.table

    @property
    def runs(self) -> dict[str, Run]:
        """Each scenario's run by label."""
        return {label: Run(r) for label, r in zip(self.comparison.labels,
                                                  self.comparison.results, strict=True)}


def compare(base: ScenarioLike, *alternatives: ScenarioLike,
            overrides: Mapping[str, Any] | None = None, replications: int | None = None,
            seed: int | None = None, uncertainty: bool = True,
            jobs: int | None = None, scheduler: str | None = None) -> Comparison:
    """Run BASE and each alternative on the same seed and replication indices."""
    from .analysis import compare as _compare

    given = [base, *alternatives]
    scenarios = [load(s, overrides) for s in given]
    names = [s if not isinstance(s, Scenario) else f"{s.name}.yaml" for s in given]
    replications, seed = _compare.run_settings(scenarios[0], replications, seed)
    with executor(_jobs(jobs), scheduler_address(scheduler)) as where:
        return Comparison(_compare.compare_scenarios(
            scenarios, names, replications, seed, uncertainty, where))


@dataclass(frozen=True, repr=False)
class Sensitivity:
    """How much each parameter moves each metric."""

    result: _sensitivity.SensitivityResult

    def __repr__(self) -> str:
        spec = self.result.spec
        return (f"<finsim.Sensitivity {spec.method} of {spec.scenario.name!r}: "
                f"{len(spec.params)} parameters, {self.result.points} points x "
                f"{spec.replications} replications>")

    def summary(self) -> pd.DataFrame:
        """The method's table (sensitivity.csv)."""
        return self.result.table

    def noise(self) -> pd.DataFrame:
        """Per metric at the base point: mean, standard error, share of noise."""
        return self.result.base


def sensitivity(scenario: ScenarioLike, params: Mapping[str, tuple[float, float]] | None = None,
                *, scaled: Collection[str] = (), metrics: Sequence[str] = (),
                method: str = "oat", overrides: Mapping[str, Any] | None = None,
                replications: int | None = None, seed: int | None = None,
                samples: int | None = None, jobs: int | None = None,
                scheduler: str | None = None) -> Sensitivity:
    """Vary each parameter over its range (path -> (low, high); a path in ``scaled``
    gets factors instead of values); without ``params``, the ``uncertainty`` block's
    10th to 90th percentiles. ``method``: ``oat``, ``morris`` or ``sobol``."""
    from .analysis import sensitivity as _sensitivity
    from .analysis.ranges import Param, check_metrics, check_params, uncertainty_params

    scn = load(scenario, overrides)
    ranges = ([Param(path, float(lo), float(hi), path in scaled, "params")
               for path, (lo, hi) in params.items()] if params else uncertainty_params(scn))
    spec = _sensitivity.SensitivitySpec(
        scn, check_params(scn, ranges), check_metrics(scn, tuple(metrics)), method,
        replications or scn.simulation.replications,
        scn.simulation.seed if seed is None else seed, samples)
    with executor(_jobs(jobs), scheduler_address(scheduler)) as where:
        return Sensitivity(_sensitivity.analyze(spec, where))


@dataclass(frozen=True, repr=False)
class Size:
    """A grant period's request per funder and year, and the slots the caps allow."""

    run: Run
    confidence: float
    sizing: sizing.Sizing | None

    def __repr__(self) -> str:
        found = f", {self.sizing.slots} slots" if self.sizing else ""
        return (f"<finsim.Size {self.run.scenario.name!r} {self.run.scenario.period.start} "
                f"+ {self.run.scenario.period.months} months at {self.confidence:.0%}{found}>")

    def summary(self) -> pd.DataFrame:
        """The plan: mean per year, category and funder, then the contingency rows."""
        from .report.plan import plan_table

        return plan_table(self.run.result, self.confidence)

    @property
    def slots(self) -> int | None:
        """The slots found (with caps or targets), else None."""
        return self.sizing.slots if self.sizing else None


def size(scenario: ScenarioLike, *, start: str | None = None, months: int | None = None,
         caps: Mapping[str, float] | None = None, targets: Mapping[str, float] | None = None,
         confidence: float = 0.9, overrides: Mapping[str, Any] | None = None,
         replications: int | None = None, seed: int | None = None, uncertainty: bool = True,
         max_slots: int | None = None, jobs: int | None = None,
         scheduler: str | None = None) -> Size:
    """Plan a period (``start`` ``YYYY-MM``, ``months``; default the scenario's): the
    request per funder and year at ``confidence``, and with ``caps`` (funder -> EUR over
    the period) or ``targets`` (metric -> value) the slots that keep or reach them."""
    from .analysis import sizing

    sizing.check_confidence(confidence)
    scn = load(scenario, overrides)
    if start is not None or months is not None:
        scn = sizing.move_period(scn, start or scn.period.start, months or scn.period.months)
    caps_c = sizing.parse_caps([f"{k}={v!r}" for k, v in (caps or {}).items()], scn)
    targets_c = sizing.parse_targets([f"{k}={v!r}" for k, v in (targets or {}).items()], scn)
    replications = replications or scn.simulation.replications
    seed = scn.simulation.seed if seed is None else seed
    found = None
    with executor(_jobs(jobs), scheduler_address(scheduler)) as where:
        if caps_c or targets_c:
            found = sizing.size(scn, caps_c, targets_c, confidence, replications, seed,
                                uncertainty, max_slots, where)
            result = found.result
        else:
            result = _run(RunSpec(scn, replications, seed, uncertainty), where)
    return Size(Run(result), confidence, found)


def _typed(frame: pd.DataFrame, money: bool = True) -> pd.DataFrame:
    """Labels as categories, ``month`` as a monthly period, money rounded to the cent."""
    import pandas as pd

    frame = frame.copy()
    for column in ("provider", "category", "funder", "metric"):
        if column in frame:
            frame[column] = frame[column].astype("category")
    if "month" in frame:
        frame["month"] = pd.PeriodIndex(frame["month"], freq="M")
    if money:
        for column in MONEY:
            if column in frame:
                frame[column] = frame[column].round(2)
    return frame

"""``finsim size``: the funding request for a period, and what a budget buys or a target needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..analysis import sizing
from ..analysis.actual_slots import set_recost_warnings
from ..analysis.sanity import sanity_warnings, strict
from ..montecarlo import RunResult, RunSpec, run
from ..montecarlo.executor import Executor, executor
from ..nouns import counted
from ..report.cashflow import credit_lines
from ..report.html_size import size_report
from ..report.plan import plan_table, plan_warnings, write_size
from ..scenario import Problem, Scenario, ScenarioError, load_scenario
from .folder import check_target, results_folder
from .options import JobOptions, ProgressFactory, in_steps, resources
from .run import early_warnings


@dataclass(frozen=True)
class SizeOptions:
    """What ``finsim size`` asks beyond the shared options."""

    start: str
    months: int
    confidence: float
    caps: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    max_slots: int | None = None


@dataclass
class SizeOutcome:
    """The run the plan is made of, the plan, and the search if there was one."""

    result: RunResult
    plan: pd.DataFrame
    folder: Path
    sizing: sizing.Sizing | None = None
    credit: pd.DataFrame | None = None
    """The credit line each provider needs at the confidence (``report.cashflow``)."""


def size_job(path: str | Path, options: JobOptions, size: SizeOptions,
             progress: ProgressFactory | None = None) -> SizeOutcome:
    """``finsim size``: move the period, search if asked, plan, write the folder."""
    sizing.check_confidence(size.confidence)
    sizing.refuse_period_sets(options.sets, str(path))
    given = load_scenario(path, options.sets, period_checked=False)
    scn = sizing.move_period(given, size.start, size.months)
    caps, targets = _constraints(size, scn)
    if caps or targets:  # before the work, as any mistake in the input
        sizing.check_drawn_slots(scn, options.uncertainty, "--cap" if caps else "--target")
    mode = "-".join(kind for kind, given in (("cap", caps), ("target", targets)) if given)
    target = options.target([path], "size", mode)
    check_target(target, 2 * 1024 * 1024)  # before the work, not after
    spec = options.spec(scn)
    reach = sizing.search_reach(scn, size.max_slots, bool(caps or targets))
    estimated = options.preflight(spec, path, largest=reach.largest,  # a search: its largest
                                  bounded_by=reach.bounded_by)
    early_warnings(spec, options, str(path))  # every candidate draws the same values
    if not (caps or targets) and scn.reforecast and scn.period.start == given.period.start:
        for line in set_recost_warnings(given):  # the plan's run is a moved copy: said here
            options.warn(line)
    found = None
    with executor(options.jobs, options.scheduler) as where:
        on = f"on {where.describe()}" if where.remote else f"({estimated.summary()})"
        if caps or targets:
            found = _search(scn, caps, targets, size, spec, where, progress, reach.top,
                            on if where.remote else f"(the largest one: {estimated.summary()})")
            result = found.result
        elif progress is None:
            result = run(spec, where)
        else:
            many = counted(f"{spec.replications:,}", "replication", "replications")
            with progress(spec.replications, f"{scn.name}: {many} {on}") as update:
                result = run(spec, where, update)
        result.resources = resources(estimated, where)  # as run records it, in run.json
    plan = plan_table(result, size.confidence)
    if options.strict:
        strict([*sanity_warnings(result),
                *plan_warnings(result, plan, size.confidence, found=found)], str(path))
    credit = credit_lines(result, size.confidence)
    with results_folder(target) as folder:
        (folder / "report.html").write_text(
            size_report(result, plan, size.confidence, credit, found, options.lang),
            encoding="utf-8")
        # run.json last: its command_seconds counts the whole folder
        write_size(folder, result, plan, size.confidence, found, options.command,
                   options.csv_locale, credit, options.lang, given.participants.initial,
                   options.started)
    return SizeOutcome(result, plan, target.path, found, credit)


def _search(scn: Scenario, caps: list, targets: list, size: SizeOptions, spec: RunSpec,
            where: Executor, progress: ProgressFactory | None, top: int,
            each: str) -> sizing.Sizing:
    """The search under one progress over its candidates (at most so many up to ``top``,
    as it bisects), so the time to go counts the whole search; ``each``: the estimate of
    one candidate at most (the largest), or where the work runs."""
    if progress is None:
        return sizing.size(scn, caps, targets, size.confidence, spec.replications,
                           spec.seed, spec.uncertainty, size.max_slots, where)
    most = sizing.most_candidates(top, bool(caps), bool(targets))
    runs = counted(f"{spec.replications:,}", "replication", "replications")
    with progress(most * spec.replications, f"{scn.name}: a search over the slots, {runs} "
                  f"for each number of slots tried, at most {most} of them {each}") as update:
        return sizing.size(scn, caps, targets, size.confidence, spec.replications,
                           spec.seed, spec.uncertainty, size.max_slots, where,
                           in_steps(update))


def _constraints(size: SizeOptions, scn: Scenario) -> tuple[list, list]:
    """Caps and targets, with the mistakes in both reported together; a funder capped
    twice or a metric targeted twice is refused, not settled by whichever came last."""
    problems, parsed = [], []
    for parse, texts, option in ((sizing.parse_caps, size.caps, "--cap"),
                                 (sizing.parse_targets, size.targets, "--target")):
        try:
            parsed.append(parse(texts, scn))
        except ScenarioError as err:
            problems += err.problems
        names = [text.partition("=")[0].strip() for text in texts]
        problems += [Problem(option, name, f"given {names.count(name)} times; give it once",
                             [t for t in texts if t.partition("=")[0].strip() == name])
                     for name in dict.fromkeys(names) if name and names.count(name) > 1]
    if problems:
        raise ScenarioError(problems)
    return parsed[0], parsed[1]

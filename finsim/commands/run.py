"""``finsim run``: the replications of one scenario and its results folder."""

from __future__ import annotations

import gc
import json
from contextlib import nullcontext
from pathlib import Path

from .. import collector
from ..funding.allocate import paid_pairs
from ..montecarlo import RunResult, RunSpec, available_cpus, run
from ..montecarlo.executor import executor
from ..nouns import counted
from ..report.painter import Painter, frozen, painting, warm_tables
from ..scenario import Problem, Scenario, ScenarioError, load_scenario
from ..scenario.load import Override
from ..scenario.schedule import Month
from .folder import check_target, results_folder
from .options import JobOptions, ProgressFactory, no_progress, resources


def run_job(path: str | Path, options: JobOptions, progress: ProgressFactory = no_progress,
            monitoring: bool = False,
            painter: Painter | None = None) -> tuple[RunResult, Path, float | None]:
    """``finsim run``: the replications of one scenario and its results folder (with
    ``monitoring.md``, the deck-style view, if asked), and the command's seconds as
    run.json records them (``files.write_run``), for the line naming the folder. The
    charts' painter (``report.painter``) starts first, before any worker process or
    cluster client, and loads matplotlib while the replications run; the command line
    starts it earlier still, before it imports finsim's models (``painter``, stopped by
    the caller). What exists when the run starts (the modules, then the scenario and its
    program) is left out of Python's cyclic garbage collection (``painter.frozen``), here
    and in the processes forked meanwhile."""
    with frozen(), (painting() if painter is None else nullcontext(painter)) as painter:
        return _run_job(path, options, progress, monitoring, painter)


def _run_job(path: str | Path, options: JobOptions, progress: ProgressFactory,
             monitoring: bool, painter: Painter) -> tuple[RunResult, Path, float | None]:
    scn = load_scenario(path, options.sets)
    target = options.target([path])
    spec = options.spec(scn)
    found = options.preflight(spec, path, folder=True)
    check_target(target, results_bytes(scn, spec.replications))  # before the work
    early_warnings(spec, options, str(path))
    # where the replications leave a core idle, a writer loads XlsxWriter and the tables on it
    # meanwhile and writes the tables; else this process writes them after the replications.
    # Where that core is the only one idle, it warms up after the painter.
    local = options.scheduler is None
    idle = not local or found.jobs < available_cpus()
    last_core = local and found.jobs + 1 >= available_cpus()
    if idle:
        _folder_modules()
    with painting(fork=idle, warm=warm_tables, after=painter if last_core else None) as writer:
        gc.freeze()  # the scenario and its program, before the workers are forked
        with executor(found.jobs, options.scheduler) as where:
            ran_on = where.describe()
            label = (f"{scn.name}: "
                     f"{counted(f'{spec.replications:,}', 'replication', 'replications')} "
                     + (f"on {ran_on}" if where.remote else f"({found.summary()})"))
            with progress(spec.replications, label) as update:
                result = run(spec, where, update)
            result.resources = resources(found, where)  # those that computed, for run.json
        # imported after the replications (start-up time; forked workers never need them)
        from ..analysis.sanity import strict
        from ..report.files import write_run
        from ..report.tables import run_warnings

        if options.strict:  # a table too long for Excel is known from its shape, unwritten
            strict(run_warnings(result), str(path))
        with results_folder(target) as folder:
            seconds = write_run(result, folder, options.command, options.csv_locale,
                                options.lang, painter=painter, writer=writer,
                                started=options.started, monitoring=monitoring)
    return result, target.path, seconds


def _folder_modules() -> None:
    """Load the modules this process writes the results folder with after the
    replications before a writer is forked (``numpy.ma``, which numpy's percentiles load,
    ``painting`` loads): the writer inherits them instead of loading them again, and this
    process loads them either way. Only where a writer is forked: else they would delay
    the workers."""
    with collector.kept():
        from ..report import files, tables  # noqa: F401


def early_warnings(spec: RunSpec, options: JobOptions, source: str, label: str = "") -> None:
    """The warnings a run can give before its work (``options.warn`` each, after
    ``label``: a compared scenario's; with ``--strict`` a refusal): those of the scenario
    alone (``sanity.before_work_warnings``), such as an unbounded draw that may leave a
    parameter's bounds and stop the run halfway (``run``, ``compare``, ``size``), are said
    before the replications start, not after."""
    from ..analysis.sanity import before_work_warnings, labelled, strict

    lines = before_work_warnings(spec.scenario, spec.replications, spec.draws)
    if options.strict:
        strict(lines, source)
    for line in lines:
        options.warn(labelled(label, line))


def actuals_sets(actuals: str | None, as_of: str | None,
                 booked: str | None) -> tuple[Override, ...]:
    """``--actuals/--as-of/--booked`` as overrides of the scenario's ``actuals`` block
    (paths from the working directory, made absolute), each named by its option. Each
    option overrides its key alone, as ``--set`` would: the scenario's block may give the
    rest (``--as-of`` moved a month on, ``--booked`` added); what neither gives is
    refused when the scenario is validated."""
    sets: list[Override] = []
    if actuals is not None:
        sets.append(("--actuals", f"actuals.spells={json.dumps(str(Path(actuals).absolute()))}"))
    if as_of is not None:
        try:
            Month.parse(as_of)
        except ValueError as err:  # the option's name, not the actuals.as_of it becomes
            raise ScenarioError([Problem("--as-of", "", str(err), as_of)]) from None
        sets.append(("--as-of", f"actuals.as_of={json.dumps(as_of)}"))
    if booked is not None:
        sets.append(("--booked", f"actuals.booked={json.dumps(str(Path(booked).absolute()))}"))
    return tuple(sets)


def results_bytes(scn: Scenario, replications: int) -> int:
    """A rough size of run's results folder: ledger.csv (a row per month, provider and
    category a funder's rules can pay: ``funding.allocate.paid_pairs``), flows.csv and
    replications.csv grow with months, providers, funders and replications; the rest is
    small."""
    months, providers, funders = scn.period.months, len(scn.providers), len(scn.funding)
    ledger = months * providers * int(paid_pairs(scn, tuple(scn.uncertainty)).sum()) * 50
    flows = months * (providers + 1) * 100
    per_replication = (60 + 4 * funders) * 14
    return 256 * 1024 + ledger + flows + replications * per_replication

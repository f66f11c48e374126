"""``finsim sensitivity``: which assumptions move the metrics, and by how much."""

from __future__ import annotations

from pathlib import Path

from ..analysis.ranges import (
    checked_inputs,
    param_notes,
    parsed_params,
    uncertainty_params,
)
from ..analysis.sanity import strict
from ..analysis.sensitivity import (
    LARGEST_LEVER,
    SensitivityResult,
    SensitivitySpec,
    analyze,
    base_run,
    design,
    early_warnings,
    largest_points,
)
from ..montecarlo import RunSpec
from ..montecarlo.executor import executor
from ..nouns import counted
from ..report.html_sensitivity import late_warnings
from ..report.sensitivity import write_sensitivity
from ..scenario import load_scenario
from .folder import check_target, results_folder
from .options import JobOptions, ProgressFactory, no_progress


def sensitivity_job(path: str | Path, options: JobOptions, method: str = "oat",
                    params: tuple[str, ...] = (), metrics: tuple[str, ...] = (),
                    samples: int | None = None,
                    progress: ProgressFactory = no_progress) -> tuple[SensitivityResult, Path]:
    """``finsim sensitivity``: check everything, analyse, write the folder atomically.
    The notes on the parameters and the warnings known from the scenario and the ranges
    alone (a Sobol design on too few base samples, the assumed minimum wage, a range's
    end typed in percent) are said before the work (``options.note``, ``options.warn``),
    not after minutes of it. With ``--strict`` each warning is a refusal (exit 2), a note
    (a parameter held, a range's new dated rule) never: those of the scenario and ranges
    alone before the work, those of the points' results before anything is written."""
    scn = load_scenario(path, options.sets)
    ranges, malformed = parsed_params(params)
    checked, metrics = checked_inputs(scn, ranges if params else uncertainty_params(scn),
                                      metrics, malformed)
    spec = SensitivitySpec(scn, checked, metrics, method,
                           options.replications or scn.simulation.replications,
                           scn.simulation.seed if options.seed is None else options.seed,
                           samples)
    target = options.target([path], "sensitivity", method)
    check_target(target, (1 + len(spec.metrics)) * 1024 * 1024)  # before the work
    points = len(design(spec))
    found = options.preflight(RunSpec(scn, spec.replications, spec.seed), path, points,
                              largest_points(spec), bounded_by=LARGEST_LEVER)
    # known from the scenario and the ranges alone: said before the work, as run says its own
    said, notes = early_warnings(spec), param_notes(scn, spec.params, method)
    if options.strict:
        strict(said, str(path))
    for line in said:
        options.warn(line)
    for line in notes:
        options.note(line)
    label = (f"{scn.name}: {method}, {counted(f'{points:,}', 'point', 'points')} x "
             f"{counted(f'{spec.replications:,}', 'replication', 'replications')} "
             f"= {points * spec.replications:,}")
    with executor(options.jobs, options.scheduler) as where:
        label += f" on {where.describe()}" if where.remote else f" ({found.summary()})"
        with progress(points, label) as update:
            # the base point kept whole (flows and money for report.html); the analysis
            # takes its metrics as the design's row 0 instead of running it again
            base = base_run(spec, where)
            update(1)
            result = analyze(spec, where, update, base)
        ran_on = where.describe()  # after the work: the workers that computed
    if options.strict:  # what the points warn about: before anything is written
        strict(late_warnings(result), str(path))
    with results_folder(target) as folder:
        write_sensitivity(result, folder, options.command, options.csv_locale, base,
                          options.lang, options.started, ran_on)
    return result, target.path

"""``finsim compare``: scenarios side by side on common random numbers."""

from __future__ import annotations

from pathlib import Path

from ..analysis.compare import (
    Comparison,
    alone,
    compare_scenarios,
    comparison_warnings_each,
    labels_for,
    load_all,
    replaced_by_sets,
    run_settings,
    scenario_warnings_each,
)
from ..analysis.sanity import strict_each
from ..montecarlo import RunSpec
from ..montecarlo.executor import executor
from ..nouns import counted
from ..report.compare import write_comparison
from .folder import check_target, results_folder
from .options import JobOptions, ProgressFactory, no_progress
from .run import early_warnings


def compare_job(paths: list[str | Path], options: JobOptions,
                progress: ProgressFactory = no_progress) -> tuple[Comparison, Path]:
    """``finsim compare``: load all, refuse an existing folder early, run, write, return.
    With ``--strict`` each warning is a refusal (exit 2): a draw that may leave its bounds
    before the work (``early_warnings``), the comparison's and each scenario's after it,
    before anything is written."""
    scenarios = load_all(paths, options.sets)
    target = options.target(paths, "compare")
    check_target(target, 2 * 1024 * 1024)  # before the work, not after
    replications, seed = run_settings(scenarios[0], options.replications, options.seed)
    own = [alone(p) for p in paths] if options.sets else []
    replaced = replaced_by_sets(own, [Path(p).name for p in paths], options.sets)
    specs = [RunSpec(s, replications, seed, options.uncertainty) for s in scenarios]
    found = options.preflight(specs, paths[0])
    for spec, path, label in zip(specs, paths, labels_for(scenarios, paths), strict=True):
        early_warnings(spec, options, str(path), f"{label}: ")
    label = (f"compare: {counted(len(scenarios), 'scenario', 'scenarios')} x "
             f"{counted(f'{replications:,}', 'replication', 'replications')}")
    with executor(options.jobs, options.scheduler) as where:
        label += f" on {where.describe()}" if where.remote else f" ({found.summary()})"
        with progress(replications * len(scenarios), label) as update:
            comparison = compare_scenarios(scenarios, paths, replications, seed,
                                           options.uncertainty, where, update, replaced,
                                           written=own, sets=options.sets)
        ran_on = where.describe()  # after the work: the workers that computed
    if options.strict:
        strict_each(strict_lines(comparison, paths))
    with results_folder(target) as folder:
        from ..report.results_book import write_comparison_book  # XlsxWriter: load late

        write_comparison_book(folder / "results.xlsx", comparison, options.lang)
        # compare.json last: its command_seconds counts the whole folder
        write_comparison(comparison, folder, paths, options.command, options.csv_locale,
                         options.sets, options.uncertainty, options.lang, options.started,
                         ran_on)
    return comparison, target.path


def strict_lines(comparison: Comparison, paths: list[str | Path]) -> list[tuple[str, str]]:
    """(file, warning) of each warning ``--strict`` refuses: the comparison's own after
    the file of the scenario it is about (an alternative's for its ``--set`` over its
    value, its simulation block, its re-costed actual months; BASE's for what concerns
    them all), each scenario's after its own file, where its value is."""
    own = [(str(paths[k]), line) for k, line in comparison_warnings_each(comparison)]
    return own + [(str(path), line)
                  for path, lines in zip(paths, scenario_warnings_each(comparison), strict=True)
                  for line in lines]

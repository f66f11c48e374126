"""``finsim compare``: scenarios side by side on common random numbers."""

from __future__ import annotations

from pathlib import Path

from ..analysis.compare import Comparison, compare_scenarios, load_all, run_settings
from ..report.compare import write_comparison
from ..report.files import atomic_folder, check_target, default_out
from .options import JobOptions, ProgressFactory, no_progress


def compare_job(paths: list[str | Path], options: JobOptions,
                progress: ProgressFactory = no_progress) -> tuple[Comparison, Path]:
    """``finsim compare``: load all, refuse an existing folder early, run, write, return."""
    scenarios = load_all(paths, options.sets)
    target = options.out or default_out(paths[0], "compare")
    check_target(target, options.force)  # before the work, not after
    replications, seed = run_settings(scenarios[0], options.replications, options.seed)
    with progress(replications * len(scenarios), f"compare {len(scenarios)}") as update:
        comparison = compare_scenarios(scenarios, paths, replications, seed,
                                       options.uncertainty, options.jobs, update)
    with atomic_folder(target, options.force) as folder:
        write_comparison(comparison, folder, paths, options.command, options.csv_locale,
                         options.sets, options.uncertainty)
    return comparison, target

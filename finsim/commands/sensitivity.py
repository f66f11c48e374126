"""``finsim sensitivity``: which assumptions move the metrics, and by how much."""

from __future__ import annotations

from pathlib import Path

from ..analysis.ranges import check_metrics, check_params, parse_param, uncertainty_params
from ..analysis.sensitivity import SensitivityResult, SensitivitySpec, analyze, design
from ..report.files import atomic_folder, check_target, default_out
from ..report.sensitivity import write_sensitivity
from ..scenario import load_scenario
from .options import JobOptions, ProgressFactory, no_progress


def sensitivity_job(path: str | Path, options: JobOptions, method: str = "oat",
                    params: tuple[str, ...] = (), metrics: tuple[str, ...] = (),
                    samples: int | None = None,
                    progress: ProgressFactory = no_progress) -> tuple[SensitivityResult, Path]:
    """``finsim sensitivity``: check everything, analyse, write the folder atomically."""
    scn = load_scenario(path, options.sets)
    ranges = [parse_param(text) for text in params] or uncertainty_params(scn)
    spec = SensitivitySpec(scn, check_params(scn, ranges), check_metrics(scn, metrics),
                           method, options.replications or scn.simulation.replications,
                           scn.simulation.seed if options.seed is None else options.seed,
                           samples)
    target = options.out or default_out(path, "sensitivity")
    check_target(target, options.force)  # refuse before the work, not after
    with progress(len(design(spec)), f"{scn.name}: {method}") as update:
        result = analyze(spec, options.jobs, update)
    with atomic_folder(target, options.force) as folder:
        write_sensitivity(result, folder, options.command, options.csv_locale)
    return result, target

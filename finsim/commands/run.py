"""``finsim run``: the replications of one scenario and its results folder."""

from __future__ import annotations

from pathlib import Path

from ..montecarlo import RunResult, run
from ..report.files import atomic_folder, check_target, default_out, write_run
from ..report.monitoring import monitoring_markdown
from ..scenario import load_scenario
from .options import JobOptions, ProgressFactory, no_progress


def run_job(path: str | Path, options: JobOptions, progress: ProgressFactory = no_progress,
            monitoring: bool = False) -> tuple[RunResult, Path]:
    """``finsim run``: the replications of one scenario and its results folder
    (with ``monitoring.md``, the deck-style view, if asked)."""
    scn = load_scenario(path, options.sets)
    target = options.out or default_out(path)
    check_target(target, options.force)  # refuse before the work, not after
    spec = options.spec(scn)
    with progress(spec.replications, scn.name) as update:
        result = run(spec, options.jobs, update)
    with atomic_folder(target, options.force) as folder:
        write_run(result, folder, options.command, options.csv_locale)
        if monitoring:
            (folder / "monitoring.md").write_text(monitoring_markdown(result), encoding="utf-8")
    return result, target

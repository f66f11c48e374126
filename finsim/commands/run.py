"""``finsim run``: the replications of one scenario and its results folder."""

from __future__ import annotations

from pathlib import Path

from ..analysis.sanity import sanity_warnings, strict
from ..montecarlo import RunResult, run
from ..report.files import write_run
from ..report.monitoring import monitoring_markdown
from ..scenario import Scenario, load_scenario
from .folder import check_target, results_folder
from .options import JobOptions, ProgressFactory, no_progress


def run_job(path: str | Path, options: JobOptions, progress: ProgressFactory = no_progress,
            monitoring: bool = False) -> tuple[RunResult, Path]:
    """``finsim run``: the replications of one scenario and its results folder
    (with ``monitoring.md``, the deck-style view, if asked)."""
    scn = load_scenario(path, options.sets)
    target = options.target([path])
    spec = options.spec(scn)
    check_target(target, results_bytes(scn, spec.replications))  # before the work
    with progress(spec.replications, f"{scn.name}: {spec.replications:,} replications") as update:
        result = run(spec, options.jobs, update)
    if options.strict:
        strict(sanity_warnings(result), str(path))
    with results_folder(target) as folder:
        write_run(result, folder, options.command, options.csv_locale)
        if monitoring:
            (folder / "monitoring.md").write_text(monitoring_markdown(result), encoding="utf-8")
    return result, target.path


def results_bytes(scn: Scenario, replications: int) -> int:
    """A rough size of run's results folder: ledger.csv, flows.csv and replications.csv
    grow with months, providers, funders and replications; the rest is small."""
    months, providers, funders = scn.period.months, len(scn.providers), len(scn.funding)
    ledger = months * providers * 5 * (funders + 1) * 50
    flows = months * (providers + 1) * 100
    per_replication = (60 + 4 * funders) * 14
    return 256 * 1024 + ledger + flows + replications * per_replication

"""A command's job as one library call: load, run, write the folder, return the result.

The CLI only parses options into ``JobOptions`` and prints what comes back; everything
here is callable from Python too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..montecarlo import RunResult, RunSpec, run
from ..scenario import Scenario, load_scenario
from .files import atomic_folder, check_target, default_out, write_run
from .monitoring import monitoring_markdown

ProgressFactory = Callable[[int, str], AbstractContextManager]


@dataclass(frozen=True)
class JobOptions:
    """The options every scenario-running command shares."""

    replications: int | None = None
    seed: int | None = None
    sets: tuple[str, ...] = ()
    jobs: int | None = None
    out: Path | None = None
    force: bool = False
    csv_locale: str = "en"
    uncertainty: bool = True
    command: list[str] = field(default_factory=lambda: list(sys.argv))

    def spec(self, scn: Scenario) -> RunSpec:
        """Replications and seed: the option if given, else the scenario's own."""
        return RunSpec(scn, self.replications or scn.simulation.replications,
                       scn.simulation.seed if self.seed is None else self.seed,
                       self.uncertainty)

    def target(self, scenario_path: str | Path) -> Path:
        return self.out or default_out(scenario_path)


def no_progress(total: int, label: str) -> AbstractContextManager:
    return nullcontext(lambda done: None)


def run_job(path: str | Path, options: JobOptions, progress: ProgressFactory = no_progress,
            monitoring: bool = False) -> tuple[RunResult, Path]:
    """``finsim run``: the replications of one scenario and its results folder
    (with ``monitoring.md``, the deck-style view, if asked)."""
    scn = load_scenario(path, options.sets)
    target = options.target(path)
    check_target(target, options.force)  # refuse before the work, not after
    spec = options.spec(scn)
    with progress(spec.replications, scn.name) as update:
        result = run(spec, options.jobs, update)
    with atomic_folder(target, options.force) as folder:
        write_run(result, folder, options.command, options.csv_locale)
        if monitoring:
            (folder / "monitoring.md").write_text(monitoring_markdown(result), encoding="utf-8")
    return result, target

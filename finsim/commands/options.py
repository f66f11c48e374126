"""The options every scenario-running command shares, and the progress callback type."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..montecarlo import RunSpec
from ..scenario import Scenario
from .folder import Target, default_out

ProgressFactory = Callable[[int, str], AbstractContextManager]
"""``progress(total, label)``: a context manager yielding ``update(done)``."""


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


    def target(self, inputs: list[str | Path], command: str = "run", mode: str = "") -> Target:
        """Where the results go (``--out`` or the command's default folder) and which
        scenario folders must never be replaced."""
        return Target(self.out or default_out(inputs[0], command, mode), self.force, command,
                      tuple(Path(p) for p in inputs))


def no_progress(total: int, label: str) -> AbstractContextManager:
    return nullcontext(lambda done: None)

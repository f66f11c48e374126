"""The options every scenario-running command shares, and the progress callback type."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..montecarlo import RunSpec
from ..scenario import Scenario

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


def no_progress(total: int, label: str) -> AbstractContextManager:
    return nullcontext(lambda done: None)

"""The options every scenario-running command shares, and the progress callback type."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..montecarlo import RunSpec
from ..montecarlo.estimate import Estimate, check, estimate, in_sequence, levers, over_points
from ..montecarlo.executor import Executor
from ..montecarlo.pool import worker_count
from ..scenario import Scenario, ScenarioError
from ..scenario.load import Override
from .folder import Target, default_out

ProgressFactory = Callable[[int, str], AbstractContextManager]
"""``progress(total, label)``: a context manager yielding ``update(done)``."""


@dataclass(frozen=True)
class JobOptions:
    """The options every scenario-running command shares."""

    replications: int | None = None
    seed: int | None = None
    sets: tuple[Override, ...] = ()
    """The overrides: ``--set`` and the options that set a key (``--as-of``)."""
    jobs: int | None = None
    out: Path | None = None
    force: bool = False
    csv_locale: str = "en"
    lang: str = "de"
    """Language of report.html and results.xlsx (plan.xlsx is always German)."""
    uncertainty: bool = True
    strict: bool = False
    """Sanity warnings stop the job (exit 2) before anything is written."""
    command: list[str] = field(default_factory=lambda: list(sys.argv))
    yes: bool = False
    """Run even if the estimate says the machine has too little memory."""
    scheduler: str | None = None
    """A dask scheduler's address or ``local:N`` (``montecarlo.cluster``); None: the local
    process pool."""
    warn: Callable[[str], None] = field(default=lambda line: None, compare=False)
    """Where a warning given before the work goes (the command line: stderr)."""
    note: Callable[[str], None] = field(default=lambda line: None, compare=False)
    """Where a note given before the work goes (the command line: stderr, ``note:``)."""
    started: float = field(default_factory=time.perf_counter, compare=False)
    """When the job was asked for (``time.perf_counter``; options are made for each job):
    the command's time (its records' ``command_seconds``, the line naming its results
    folder) counts from here to the folder written, the replications' alone is
    ``wall_seconds``."""

    def seconds(self) -> float:
        """The job's seconds so far."""
        return time.perf_counter() - self.started

    def spec(self, scn: Scenario) -> RunSpec:
        """Replications and seed: the option if given, else the scenario's own."""
        return RunSpec(scn, self.replications or scn.simulation.replications,
                       scn.simulation.seed if self.seed is None else self.seed,
                       self.uncertainty)

    def preflight(self, spec: RunSpec | list[RunSpec], source: str | Path,
                  points: int = 1, largest: Sequence[Scenario] = (),
                  folder: bool = False, bounded_by: str = "") -> Estimate:
        """Estimate the work and refuse what the machine cannot hold (unless ``yes``),
        before any work; the estimate's ``summary`` goes on the line that starts it.
        A list is run one after another (``compare``). ``points`` > 1: a sensitivity
        design, the base run whole, then the other points, each in one process, as many
        at once as ``jobs`` allows (``over_points``). ``largest``: other scenarios the
        work runs at ``spec``'s replications (a design's largest points, a search's
        largest candidate), estimated too: the one needing most memory counts, as the
        base alone would let a range's high end die in numpy. On a cluster this machine
        only merges: it is checked as for one process. ``folder``: the work ends in a
        run's results folder, whose writing counts in the time (``finsim run``).
        ``bounded_by``: the option that bounds ``largest``, named in a refusal's advice
        where the largest needs most (``estimate.levers``)."""
        specs = spec if isinstance(spec, list) else [spec]
        jobs = 1 if self.scheduler else self.jobs
        replications = specs[0].replications
        found = in_sequence([estimate(s.scenario, s.replications, jobs, folder)
                             for s in specs])
        # a design's points run in one process each: the base is estimated again so, as
        # the least its largest point needs; a single run's largest is the run's own size
        each = 1 if points > 1 else jobs
        base = estimate(specs[0].scenario, replications, 1) if points > 1 else found
        most = max([base, *_estimates(largest, replications, each)],
                   key=lambda e: e.total_bytes)
        if points > 1:
            found = over_points(found, most, points - 1, worker_count(jobs, points - 1),
                                jobs)
        else:
            found = most
        widest = bounded_by if most.total_bytes > base.total_bytes else ""
        check(found, str(source), self.yes, levers(found, len(specs), widest))
        return found

    def target(self, inputs: list[str | Path], command: str = "run", mode: str = "") -> Target:
        """Where the results go (``--out`` or the command's default folder) and which
        scenario folders (of the files named and of their ``base:`` files) must never be
        replaced. Call it after loading the scenarios, so every file has been read."""
        files = tuple(f for p in inputs for f in scenario_files(Path(p)))
        return Target(self.out or default_out(inputs[0], command, mode), self.force, command,
                      files)


def resources(found: Estimate, where: Executor) -> dict:
    """run.json's ``resources``: this machine's estimate and where the work ran; on a
    cluster this machine only merged, so its time and processes do not apply. Call it
    after the work: cluster workers come and go."""
    record = found.record()
    if where.remote:
        del record["jobs"], record["seconds"]
    return {**record, "ran_on": where.describe()}


def _estimates(scenarios: Sequence[Scenario], replications: int, jobs: int) -> list[Estimate]:
    """The estimate of each scenario the work may run; one it refuses (a search's largest
    candidate below the people already in the program) is left to the work, which says
    why in its own words."""
    found = []
    for scn in scenarios:
        with suppress(ScenarioError):
            found.append(estimate(scn, replications, jobs))
    return found


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: a national scenario reads in a tenth of
the time."""


def scenario_files(path: Path) -> list[Path]:
    """The scenario file and the ``base:`` files it inherits from, nearest first. The
    chain was already loaded and validated, so reading it again is safe; a file that
    cannot be read now simply ends the chain."""
    files = [path]
    while len(files) <= 64:
        try:
            text = files[-1].read_text(encoding="utf-8")
            if not may_name_a_base(text):  # most files: no need to parse them again
                break
            data = yaml.load(text, Loader=SAFE_LOADER)
        except (OSError, ValueError, yaml.YAMLError):
            break
        base = data.get("base") if isinstance(data, dict) else None
        if not isinstance(base, str):
            break
        following = (files[-1].parent / base).resolve()
        if following in (f.resolve() for f in files):
            break
        files.append(following)
    return files


def may_name_a_base(text: str) -> bool:
    """Whether a YAML text can hold the word ``base`` at all (so a ``base:`` key): as
    written, or spelt by the escapes of a double-quoted scalar (``"\\x62ase"``). Plain,
    quoted and block scalars, anchors and merge keys all have their text written out."""
    return "base" in text or "\\" in text


def no_progress(total: int, label: str) -> AbstractContextManager:
    return nullcontext(lambda done, label=None: None)


def in_steps(update: Callable[..., None]) -> ProgressFactory:
    """A factory for work run in steps under one progress (a search's candidates, each
    opened as ``progress(replications, label)``): each step names itself and adds its
    work to ``update``'s, so the time to go counts the whole work, not one step."""
    done = 0

    @contextmanager
    def step(total: int, label: str) -> Iterator[Callable[[int], None]]:
        nonlocal done
        update(done, label)
        yield lambda finished: update(done + finished)
        done += total

    return step

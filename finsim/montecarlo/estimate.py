"""What a run will cost before it starts: people, memory, time; refuse what cannot fit.

The figures come from the scenario's sizes alone (no replication is run), so even a
scenario with a billion slots is estimated, and refused, in milliseconds. The constants
are measured on the seed scenario and scaled variants of it (``benchmarks/``) and rounded
up: the estimate is meant to be an upper bound of the peak resident memory, not a
forecast to the megabyte.

Time = ``STARTUP_SECONDS`` + the replications' CPU seconds (``replication_seconds``: a
constant, per person, per slot, per ledger cell) shared among the processes. The
``SECONDS_PER_*`` constants are the CPU seconds per replication measured in one process
(``time.process_time`` around ``montecarlo.run`` with ``jobs=1``, the slope between two
sizes, the best of three rounds, so a shared machine's load counts little) for 8
scenarios, from the seed (272 people, 0.0007 s) and the 2026 §16i file (401 people,
0.0014 s) through a congested one (18,821 people for 180 slots, 0.014 s), one of 240
months (0.009 s) and one of 40,000 slots and 2,071 people (0.041 s) to national scale
(400 providers, 40,000 slots, 155,363 people, 60 months: 0.28 s), fitted by least
squares (none below zero: the fit leaves no constant beyond the people), then times
1.25 and rounded up, so the estimate stays a little above a quiet machine's time:
1.28 times the national CPU seconds, 1.03 times the seed's. The congested scenario is
overestimated twice over (people who wait and leave cost less than those in a slot).
``python benchmarks/fit_estimate.py`` measures and fits them again and prints the fit.
``STARTUP_SECONDS`` is the seed's command outside its replications (1.1 CPU s over its
processes, which run side by side). ``finsim run`` adds its results folder
(``folder_seconds``: ``SECONDS_PER_TABLE_ROW`` per row of its ledger and flows tables),
fitted on the command's seconds outside the replications (run.json's
``command_seconds``, best of three, loaded machine): the seed 1.98 s (6,720 rows), 40
providers of 50 slots 3.06 s (88,860), national 5.37 s (888,060, the main process
waiting about 4 s for the painter's charts); fitted 2.34 s + 3.46 µs a row, the row's
share of that start-up taken at the quiet start-up in use, times 1.25. A national run of
one replication is then estimated at 3 s (it said 1 s; 5.2 to 5.7 s taken on the loaded
machine, whose seed took 1.4 to 2.3 s for its 1 s), 20 on 2 processes at 6 s (about 6 on
a quiet machine); the seed's folder adds 0.01 s.

Memory of a run, all its processes together (their shared pages counted once) = the
processes + the working set of one replication and the outcomes of its chunk in each
process that simulates + the aggregates (fixed in the number of replications) + the
rows kept per replication (the program metrics and drawn parameters, which
``replications.csv`` writes) + the result tables built at the end; on worker processes
the larger of the two steps, as the workers end before the tables (``peak_bytes``).
Measured (docs/performance.md): 1.07 to 1.30 times the peak at national scale and for
the seed on one process; the seed's 1,000 replications on two processes 1.6 times (136
MiB: the fixed terms weigh most there).
"""

from __future__ import annotations

import math
import os
import resource
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from ..ledger.build import tenure_years
from ..nouns import counted, listed
from ..program import metric_names, provider_metric_names, years_of
from ..scenario import CATEGORIES, Scenario, ScenarioError
from ..scenario.caseload import is_file_value, starting_caseload
from ..scenario.errors import Problem
from ..scenario.schedule import monthly
from ..scenario.types import ON_DEMAND, STEADY
from ..simulation.compiled import hazard
from .aggregate import sample_limit
from .pool import AHEAD, available_cpus, jobs_note, worker_count
from .runner import CHUNK, TASK_BYTES, chunk_count

MiB = 2**20
PROCESS_BYTES = 160 * MiB
"""A ``finsim`` command's processes with their libraries loaded: this one and, while
its results folder is written, the helpers forked for the page and the charts (the seed
at 1,000 replications on one process: 158 MiB over the four, their shared pages
counted once)."""
POOL_PARENT_BYTES = 100 * MiB
"""This process (and the page's helper) while worker processes simulate: the folder's
helpers come after the workers have ended (measured: 65 MiB, national at 2 jobs)."""
WORKER_BYTES = 40 * MiB
"""What a forked worker adds beyond the pages it shares with its parent."""
PERSON_BYTES = 450
"""Per person simulated in a replication: draws, event-loop lists, pending events,
spells, cash flow (measured with tracemalloc beyond the cell terms: 305 bytes per
person at national scale, 60 with its 40,000 people at the start and no referrals;
640 before, which put one national replication at 122 MiB against 70 measured)."""
FREE_SLOT_BYTES = 12
"""Per free slot with ``assignment: proportional``, which keeps one list entry per slot
(measured: about 10 bytes)."""
TENURE_CELL_BYTES = 24
"""Per ledger cell [month, provider, category, tenure year]: cost and its parts."""
FUNDING_CELL_BYTES = 24
"""Per funding cell [month, provider, category, funder]: cents and EUR."""
ROW_COPIES = 4
"""Per-replication rows exist up to four times at the end: the growing block, the
``replications.csv`` frame, and the sorted copies percentiles take."""
TABLE_ROW_BYTES = 250
"""Per row of ``ledger.csv`` and ``flows.csv`` while the tables are built and written."""
SECONDS_PER_REPLICATION = 0.0
"""CPU seconds per replication beyond its people, slots and cells (the fit finds none)."""
SECONDS_PER_PERSON = 2.0e-6
"""Per person simulated (``people``): fitted 1.55e-6."""
SECONDS_PER_SLOT = 6.5e-7
"""Per slot in the month with the most: fitted 5.18e-7."""
SECONDS_PER_CELL = 5.4e-9
"""Per ledger cell times funders (``TimeTerms.cells``): fitted 4.31e-9."""
STARTUP_SECONDS = 1.0
"""The command outside its replications and its tables: start-up, loading, the page."""
SECONDS_PER_TABLE_ROW = 1.9e-6
"""Per row of a run's tables (``table_rows``): building and writing its results folder
(fitted 3.46e-6 on a loaded machine whose start-up took 2.34 s: 1.48e-6 at a quiet
machine's start-up, times 1.25)."""
UNLIMITED = 2**60
"""Limits at or above this (cgroup's "no limit" is about 2^63) are no limits."""


@dataclass(frozen=True)
class Estimate:
    """The cost of one run, before it starts."""

    replications: int
    jobs: int
    persons: int
    """People simulated per replication (initial participants and referrals)."""
    replication_bytes: int
    """Working memory of one replication in the process that simulates it."""
    row_bytes: int
    """Memory kept per replication for the whole run."""
    fixed_bytes: int
    """Aggregates and result tables, independent of the number of replications."""
    total_bytes: int
    """Peak memory of the whole run, all processes together."""
    seconds: float
    notes: tuple[str, ...] = ()

    @property
    def rows_bytes(self) -> int:
        """The rows kept for every replication, with their copies."""
        return self.replications * self.row_bytes * ROW_COPIES

    @property
    def working_bytes(self) -> int:
        """The process and the replications in flight: what a next run reuses."""
        return self.total_bytes - self.fixed_bytes - self.rows_bytes

    def summary(self) -> str:
        """For the line that starts the run: people, memory, time, then any note."""
        return "; ".join([f"about {self.persons:,} people each, {size(self.total_bytes)}, "
                          f"{duration(self.seconds)} on "
                          f"{counted(self.jobs, 'process', 'processes')}", *self.notes])

    def record(self) -> dict:
        """For run.json."""
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}


def in_sequence(runs: list[Estimate]) -> Estimate:
    """Runs one after another in one process, each keeping its result (``compare``'s
    scenarios): the time and the memory each run keeps add up, while one process and
    one run's working memory count once."""
    most = max(runs, key=lambda r: r.total_bytes)
    fixed = sum(r.fixed_bytes for r in runs)
    rows = sum(r.rows_bytes for r in runs)
    return replace(most, replications=sum(r.replications for r in runs),
                   persons=max(r.persons for r in runs),
                   total_bytes=max(r.working_bytes for r in runs) + fixed + rows,
                   fixed_bytes=fixed,
                   seconds=STARTUP_SECONDS + sum(r.seconds - STARTUP_SECONDS for r in runs))


def over_points(base: Estimate, point: Estimate, others: int, workers: int,
                jobs: int | None = None) -> Estimate:
    """A sensitivity design: the base point run whole (``base``, on its own processes) and
    kept for the report, then ``others`` points, each a run of ``point``'s size (the
    largest point, estimated on one process) in one process, ``workers`` of them at once,
    each reduced to its metric rows as it ends. The peak is the larger of the two steps
    (during the points: this process with the base's result and every point's rows, and
    each worker with its whole run); the time adds the base's to the points' shared among
    the workers. The processes named are the points' (sensitivity.json's ``jobs``), and so
    are the notes (``jobs`` as asked: ``jobs_note``, ``points_note``)."""
    kept = base.fixed_bytes + base.rows_bytes
    each = point.total_bytes - PROCESS_BYTES + (WORKER_BYTES if workers > 1 else 0)
    rows = others * point.replications * point.row_bytes
    during = PROCESS_BYTES + kept + rows + workers * each
    return replace(point, replications=(others + 1) * point.replications, jobs=workers,
                   persons=max(base.persons, point.persons),
                   total_bytes=max(base.total_bytes, during),
                   seconds=base.seconds
                   + others * (point.seconds - STARTUP_SECONDS) / workers,
                   notes=tuple(n for n in (jobs_note(jobs), points_note(others, jobs)) if n))


class BeyondMachine(ScenarioError):
    """The run would need more memory than the machine has (exit 2; ``--yes`` overrides)."""


NO_THREAD = "can't start new thread"
"""Python's words when the machine gives a process no more threads."""


def machine_limit(err: BaseException) -> MemoryError | None:
    """``err`` as memory run out, if it is one of the machine's limits: a ``MemoryError``,
    or no thread to be had (a pool starts three), which ``ulimit -v`` gives as readily as
    a limit on processes (``ulimit -u``). A fault of finsim it is not."""
    if isinstance(err, MemoryError):
        return err
    if isinstance(err, RuntimeError) and NO_THREAD in str(err):
        return MemoryError(f"no thread could be started: {NO_THREAD}; the memory or the "
                           "processes this user may have (ulimit -v, ulimit -u) are used up")
    return None


def out_of_memory(err: MemoryError, jobs: int | None, on_cluster: bool, yes: bool
                  ) -> tuple[str, str]:
    """What to say of memory run out during the work (the machine's limit, not a fault
    of finsim): the error, and the advice, in the command line's words. Fewer processes
    are advised only where more than one ran (``jobs``, default the CPUs; on a cluster
    this process only merges); the estimate is named as what refuses such a run before
    any work, or, where it let the run start (no ``--yes``), as having fallen short."""
    what = f"ran out of memory ({str(err) or 'no more could be had'})"
    one = on_cluster or (jobs if jobs is not None else available_cpus()) == 1
    fix = ("make the scenario smaller, as it ran on one process already" if one else
           "run on fewer processes (--jobs 1) or make the scenario smaller")
    estimate = ("without --yes finsim says what it would need, and what would need less, "
                "before any work" if yes else "finsim's estimate before the work had it fit "
                "and fell short")
    return what, f"the run needs more memory than the machine gives it: {fix}; {estimate}"


def estimate(scn: Scenario, replications: int, jobs: int | None = None,
             folder: bool = False) -> Estimate:
    """People, memory and time of ``replications`` replications of ``scn`` on ``jobs``;
    ``folder``: the command writes the run's results folder (``finsim run``), whose tables
    take time of their own (``folder_seconds``)."""
    months, providers = scn.period.months, len(scn.providers)
    funders = len(scn.funding) + 1
    terms = time_terms(scn)
    persons, most_slots = terms.persons, terms.slots
    free_slots = most_slots if scn.participants.assignment == "proportional" else 0.0
    tenure_cells = _tenure_cells(scn)
    category_cells = months * providers * len(CATEGORIES)
    years = len(years_of(scn))
    flows = months * (providers + 1) * 7 * 8
    ledger_sum = category_cells * funders * 8
    yearly = years * len(CATEGORIES) * funders * 8
    provider = providers * len(provider_metric_names(scn)) * 8

    funding = category_cells * funders * FUNDING_CELL_BYTES
    replication = (persons * PERSON_BYTES + free_slots * FREE_SLOT_BYTES
                   + tenure_cells * TENURE_CELL_BYTES + funding + 2 * flows)
    chunk_result = ledger_sum + flows + yearly + 10 * (provider + yearly)
    tasks = chunk_count(replications)
    workers = worker_count(jobs, tasks)
    # a process keeps the outcomes of its chunk's replications until they are merged
    chunk = (min(CHUNK, replications) - 1) * funding
    simulating = workers * (replication + chunk + (WORKER_BYTES if workers > 1 else 0))
    # worker processes take chunks in tasks of up to TASK_BYTES (one chunk at least)
    in_flight = (AHEAD * workers * max(chunk_result, TASK_BYTES) if workers > 1
                 else chunk_result)
    sample = min(replications, sample_limit(provider + yearly)) * (provider + yearly) * 1.5
    tables = table_rows(scn) * TABLE_ROW_BYTES
    fixed = ledger_sum + flows + yearly + 3 * provider + sample + in_flight + tables
    row = (1 + len(metric_names(scn)) + len(scn.uncertainty)) * 8
    total = peak_bytes(simulating, workers, fixed, tables) + replications * row * ROW_COPIES

    seconds = (STARTUP_SECONDS + (folder_seconds(scn) if folder else 0.0)
               + replications * replication_seconds(terms) / workers)
    notes = (jobs_note(jobs), chunks_note(replications, jobs))
    return Estimate(replications=replications, jobs=workers, persons=math.ceil(persons),
                    replication_bytes=math.ceil(replication), row_bytes=row,
                    fixed_bytes=math.ceil(fixed), total_bytes=math.ceil(total),
                    seconds=seconds, notes=tuple(n for n in notes if n))


def peak_bytes(simulating: float, workers: int, fixed: float, tables: float) -> float:
    """The processes' peak besides the rows kept per replication. One process simulates
    and then writes the tables, keeping its pages: they add up. Worker processes have
    ended when the tables and the folder's helpers come, so the peak is the larger of
    the two steps (national at 2 jobs: 395 MiB measured, 560 estimated as a sum)."""
    if workers == 1:
        return PROCESS_BYTES + simulating + fixed
    return max(POOL_PARENT_BYTES + simulating + fixed - tables, PROCESS_BYTES + fixed)


def chunks_note(replications: int, jobs: int | None) -> str | None:
    """Why a run takes fewer processes than ``jobs`` gives it (default: the CPUs), if it
    does: a process works through whole chunks of ``CHUNK`` replications (fixed, so the
    sums are the same whatever ``jobs``), so a run of few replications has fewer chunks
    than processes. None where every process gets a chunk."""
    chunks, verb = chunk_count(replications), "is" if replications == 1 else "are"
    return _one_per_process_note(
        chunks, jobs, "chunk",
        f"{counted(f'{replications:,}', 'replication', 'replications')} {verb} "
        f"{counted(chunks, 'chunk', 'chunks')} of {CHUNK}",
        lambda wanted: f"{(wanted - 1) * CHUNK + 1:,} replications")


def points_note(others: int, jobs: int | None) -> str | None:
    """``chunks_note`` for a sensitivity design, whose points (but the base) run one per
    process: fewer points than processes leave some of them out."""
    return _one_per_process_note(others, jobs, "point",
                                 f"{counted(others, 'point', 'points')} besides the base",
                                 lambda wanted: f"{wanted + 1} points")


def _one_per_process_note(units: int, jobs: int | None, unit: str, given: str,
                          enough: Callable[[int], str]) -> str | None:
    """The note of work that runs one ``unit`` (a chunk, a point) per process, if its
    ``units`` are fewer than the processes ``jobs`` gives it: ``given``, what the work
    is, then ``enough(processes)``, the work that would take them all. None otherwise."""
    wanted = worker_count(jobs, UNLIMITED)
    if units >= wanted:
        return None
    return (f"{given} and a {unit} runs in one process: {wanted} processes from "
            f"{enough(wanted)}")


@dataclass(frozen=True)
class TimeTerms:
    """What a replication's CPU time grows with (``benchmarks/fit_estimate.py`` fits the
    ``SECONDS_PER_*`` constants on them)."""

    persons: float
    """People simulated (``people``)."""
    slots: float
    """Slots in force in the month with the most."""
    cells: float
    """Ledger cells [month, provider, category, tenure year] times the funders (with the
    gap): what costing and funding go through."""


def time_terms(scn: Scenario) -> TimeTerms:
    """The sizes of ``scn`` a replication's time grows with."""
    slots = scn.slots_in_force()
    return TimeTerms(people(scn, slots), float(slots.sum(axis=1).max()) if slots.size else 0.0,
                     _tenure_cells(scn) * (len(scn.funding) + 1))


def folder_seconds(scn: Scenario) -> float:
    """Seconds a run's results folder takes beyond ``STARTUP_SECONDS``: its tables
    (ledger.csv, flows.csv, results.xlsx) grow with their rows, the seed's 3,672 lines of
    ledger.csv and a national program's 432,000 alike."""
    return table_rows(scn) * SECONDS_PER_TABLE_ROW


def table_rows(scn: Scenario) -> int:
    """Rows of the run's ledger and flows tables (every (category, funder) pair of each
    provider's month, a row per provider and the total per month): what building and
    writing a results folder grow with."""
    months, providers = scn.period.months, len(scn.providers)
    return (months * providers * len(CATEGORIES) * (len(scn.funding) + 1)
            + months * (providers + 1))


def _tenure_cells(scn: Scenario) -> int:
    """Ledger cells [month, provider, category, tenure year]."""
    months = scn.period.months
    return months * len(scn.providers) * len(CATEGORIES) * tenure_years(float(months))


def replication_seconds(terms: TimeTerms) -> float:
    """CPU seconds of one replication on a quiet machine, a little above (the constants)."""
    return (SECONDS_PER_REPLICATION + terms.persons * SECONDS_PER_PERSON
            + terms.slots * SECONDS_PER_SLOT + terms.cells * SECONDS_PER_CELL)


def people(scn: Scenario, slots: np.ndarray) -> float:
    """People simulated per replication: those at the start, and the expected referrals
    with the margin the Poisson draws take (6 sd + 16). With ``on_demand`` a referral
    comes for every slot open at the start, every slot added and every exit (expected at
    the program's exit rate, or one per ``max_months``, whichever is faster)."""
    first = float(slots[0].sum())
    initial = scn.participants.initial
    if is_file_value(initial):
        start = float(len(starting_caseload(scn).provider))  # in a slot or waiting
    elif initial in STEADY:
        start = first
    else:
        start = min(float(initial), first)
    if scn.participants.referrals_per_month == ON_DEMAND:
        e = scn.employment
        rate = max(hazard(e.hazards.placement) + hazard(e.hazards.dropout), 1.0 / e.max_months)
        added = float(np.clip(np.diff(slots.sum(axis=1)), 0, None).sum())
        referrals = first - start + added + float(slots.sum()) * rate
    else:
        referrals = float(np.sum(monthly(scn.participants.referrals_per_month,
                                         scn.period.start_month, scn.period.months)))
    return start + max(referrals, 0.0) + 6 * math.sqrt(max(referrals, 0.0)) + 16


def check(found: Estimate, source: str, yes: bool = False,
          levers: Sequence[str] = ()) -> None:
    """Refuse (``BeyondMachine``) a run that needs more memory than is available,
    unless ``yes``. ``source`` names the scenario in the message; ``levers``: what the
    command could change to need less (``levers``), named in the advice before a smaller
    scenario, which always helps."""
    if yes:
        return
    available, where = available_memory()
    if found.total_bytes <= available:
        return
    raise BeyondMachine([Problem(
        source, "",
        f"this run needs about {size(found.total_bytes)} of memory ({found.persons:,} "
        f"people per replication, {size(found.replication_bytes)} each; "
        f"{counted(f'{found.replications:,}', 'replication', 'replications')}, "
        f"{size(found.row_bytes * ROW_COPIES)} kept "
        f"per replication), but the machine has {size(available)} available ({where})",
        show_value=False,
        hint=f"it needs less with {listed([*levers, 'a smaller scenario'])}, or pass --yes "
             "to run anyway")])


ROWS_WORTH_NAMING = 0.1
"""The share of a run's memory its kept rows must reach before fewer --replications is
advice: a national run's 1.5 KiB per replication is no lever."""


def levers(found: Estimate, scenarios: int = 1, largest: str = "") -> list[str]:
    """What would make ``found`` need less memory, by the estimate's parts, each with the
    part it cuts: more than one process (each holds its own replication or point: --jobs 1),
    ``scenarios`` compared (each one's results kept: fewer), ``largest`` (a search's largest
    candidate or a design's largest point, when it is what needs most: the option that
    bounds it), and the rows kept per replication where they are a tenth of the whole
    (fewer --replications)."""
    found_levers = []
    if found.jobs > 1:
        found_levers.append(f"--jobs 1 ({found.jobs} processes, each with a run of its own)")
    if scenarios > 1:
        found_levers.append(f"fewer scenarios ({scenarios} results kept to compare)")
    if largest:
        found_levers.append(largest)
    if found.rows_bytes >= ROWS_WORTH_NAMING * found.total_bytes:
        found_levers.append(f"fewer --replications ({size(found.rows_bytes)} kept for "
                            f"{found.replications:,})")
    return found_levers


def available_memory(proc: Path = Path("/proc"),
                     cgroup: Path = Path("/sys/fs/cgroup")) -> tuple[int, str]:
    """Bytes this process may still take, and where that figure comes from: the least of
    the kernel's MemAvailable, the room left under a cgroup memory limit (v1 or v2, this
    process's group and its ancestors) and under an address-space limit (``ulimit -v``)."""
    found = [(_meminfo(proc), "MemAvailable in /proc/meminfo")]
    found += [(room, f"cgroup limit {where}") for room, where in _cgroup_room(proc, cgroup)]
    address_space = resource.getrlimit(resource.RLIMIT_AS)[0]
    if address_space != resource.RLIM_INFINITY:
        found.append((address_space - _vm_size(proc), "ulimit -v"))
    found = [(max(0, room), where) for room, where in found if room is not None]
    return min(found) if found else (UNLIMITED, "no limit found")


def _meminfo(proc: Path) -> int | None:
    try:
        for line in (proc / "meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _cgroup_room(proc: Path, root: Path) -> list[tuple[int, str]]:
    """(limit - usage, folder) for every memory cgroup level above this process."""
    try:
        lines = (proc / "self" / "cgroup").read_text().splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if parts[0] == "0" and controllers == "":
            mount, limit_file, usage_file = root, "memory.max", "memory.current"
        elif "memory" in controllers.split(","):
            mount, limit_file, usage_file = root / "memory", "memory.limit_in_bytes", \
                "memory.usage_in_bytes"
        else:
            continue
        folder = mount / path.lstrip("/")
        levels = [folder, *folder.parents] if folder.is_relative_to(mount) else []
        for level in [d for d in levels if d.is_relative_to(mount)] or [mount]:
            limit, usage = _number(level / limit_file), _number(level / usage_file)
            if limit is not None and limit < UNLIMITED:
                out.append((limit - (usage or 0), str(level)))
    return out


def _number(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _vm_size(proc: Path) -> int:
    try:
        for line in (proc / "self" / "status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def size(nbytes: float) -> str:
    """Bytes for people: ``1.5 GiB``."""
    if abs(nbytes) < 1024:
        return f"{nbytes:,.0f} bytes"
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        nbytes /= 1024
        if abs(nbytes) < 1024 or unit == "TiB":
            return f"{nbytes:,.1f} {unit}"
    raise AssertionError("unreachable")


def duration(seconds: float) -> str:
    """Seconds for people: ``40 s``, ``12 min``, ``3.5 h``, ``2.1 days``."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:,.1f} days"

"""Refit the time constants of ``finsim.montecarlo.estimate`` and print the fit.

Usage: ``python benchmarks/fit_estimate.py [--rounds 3] [--quick | --commands]``.

For the seed scenario and scaled variants of the 2026 §16i file (more providers, slots,
referrals and months, up to national scale), each replication's CPU time is measured in
one process: ``time.process_time`` around ``finsim.montecarlo.run`` with ``jobs=1`` at two
sizes, the slope is the CPU seconds per replication (the run's fixed part, compiling the
program, drops out), the best of ``--rounds`` rounds, so a shared machine's load counts
as little as it can. CPU time, not the time that passes: on a loaded machine that grows
with the other users' work. The per-replication seconds are fitted by least squares on
the terms the estimate uses (``estimate.time_terms``: people, slots, ledger cells times
funders, and a constant), and the fit is printed with the constants rounded up by
``MARGIN``, beside the ones in use and each scenario's measured and estimated seconds.

For the cases marked ``command`` the whole ``finsim run`` is measured too (best of
``--rounds``): its time outside the replications (run.json's ``command_seconds``, the
time the estimate is printed for, less the replications' slope) is start-up and the
results folder (ledger.csv, flows.csv, results.xlsx, the charts and the page), fitted
on the rows of its tables (``estimate.table_rows``) for ``SECONDS_PER_TABLE_ROW``.
Seconds that pass grow with the machine's load, start-up and folder alike, so the
per-row seconds are taken as a share of the fit's start-up, times the start-up in use
(``STARTUP_SECONDS``, measured on a quiet machine), then times ``MARGIN`` ("quiet").
The CPU is printed beside them but not fitted: the folder's processes run side by side
and the command waits for the last of them (at national scale the painter's charts),
so what the user waits for is the command's seconds, not its processes' CPU added up.
``--commands`` measures those cases only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finsim.montecarlo import RunSpec, run  # noqa: E402
from finsim.montecarlo import estimate as est  # noqa: E402
from finsim.scenario import Scenario, load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SEED = SCENARIOS / "aktiv-statt-passiv-2013.yaml"
SIXTEEN_I = SCENARIOS / "aktiv-statt-passiv-2026-16i.yaml"
MARGIN = 1.25
"""The fitted constants times this: the estimate stays a little above a quiet machine."""
TERMS = ("replication", "person", "slot", "cell")


@dataclass(frozen=True)
class Case:
    """A scenario to measure: the file, or the §16i file scaled (providers x slots each,
    the referrals of the first months then a steady flow, months)."""

    name: str
    small: int
    large: int
    providers: int = 0
    slots: int = 0
    referrals: tuple[int, ...] = ()
    months: int = 60
    path: Path = SIXTEEN_I
    command: bool = False
    """Also measure the whole ``finsim run`` (for ``STARTUP_SECONDS``)."""


CASES = (
    Case("seed (2013, 9 providers, 161 slots, 24 months)", 200, 1000, path=SEED, command=True),
    Case("2026 §16i file (9 providers, 60 months)", 100, 500),
    Case("9 providers x 20 slots, 300 referrals a month", 10, 30, 9, 20, (300,)),
    Case("9 providers x 20 slots, 240 months", 20, 60, 9, 20, (200, 3), 240),
    Case("40 providers x 50 slots, 60 months", 10, 30, 40, 50, (1500, 600, 200),
         command=True),
    Case("400 providers x 100 slots, 30 a month", 4, 12, 400, 100, (30,)),
    Case("100 providers x 100 slots, 96 months", 4, 12, 100, 100, (6000, 4000, 600), 96),
    Case("400 providers x 100 slots, 60 months (national)", 2, 6, 400, 100,
         (15000, 12000, 12000, 2000), command=True),
)


def scenario_file(case: Case, number: int, folder: Path) -> Path:
    """The case's scenario file: its own, or one written in ``folder`` over the §16i file
    with the case's providers, referrals and months."""
    if not case.providers:
        return case.path
    months = [f"2026-{m:02d}" for m in range(1, len(case.referrals) + 1)]
    data = {"base": str(case.path), "name": case.name,
            "period": {"start": "2026-01", "months": case.months},
            "participants": {"referrals_per_month": dict(zip(months, case.referrals,
                                                             strict=True))},
            "providers": [{"id": f"p{i:03d}", "slots": case.slots}
                          for i in range(case.providers)]}
    path = folder / f"case{number}.yaml"
    # the §16i file's providers go first (a base's list is replaced by an empty one)
    empty = folder / "empty.yaml"
    empty.write_text(yaml.safe_dump({"base": str(case.path), "providers": []}))
    path.write_text(yaml.safe_dump({**data, "base": str(empty)}, allow_unicode=True))
    return path


def cpu_seconds(scn: Scenario, replications: int) -> float:
    """CPU seconds of ``run`` with ``jobs=1``: its replications in this process."""
    started = time.process_time()
    run(RunSpec(scn, replications, seed=1), jobs=1)
    return time.process_time() - started


def per_replication(scn: Scenario, small: int, large: int, rounds: int) -> float:
    """CPU seconds per replication: the slope between two sizes, each the best of
    ``rounds``."""
    low = min(cpu_seconds(scn, small) for _ in range(rounds))
    high = min(cpu_seconds(scn, large) for _ in range(rounds))
    return (high - low) / (large - small)


def command_time(path: Path, replications: int) -> tuple[float, float]:
    """A whole ``finsim run`` with ``--jobs 1``, in a fresh process: its CPU seconds (of
    the processes it reaps) and its ``command_seconds`` (run.json: the time from the
    job's start to its folder written, the "s in all" the estimate is printed for)."""
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "finsim", "run", str(path), "--quiet", "--yes",
                        "-n", str(replications), "-j", "1", "--out", f"{tmp}/out"],
                       check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        record = json.loads(Path(f"{tmp}/out/run.json").read_text(encoding="utf-8"))
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return cpu, record["command_seconds"]


def fit_folder(rows: list[tuple[int, float]]) -> np.ndarray:
    """Least squares of the command's CPU outside its replications on (1, table rows),
    none below zero: ``STARTUP_SECONDS`` and ``SECONDS_PER_TABLE_ROW`` before ``MARGIN``."""
    from scipy.optimize import nnls

    x = np.array([[1.0, float(r)] for r, _ in rows])
    scale = x.max(axis=0)
    return nnls(x / scale, np.array([s for _, s in rows]))[0] / scale


def fit(rows: list[tuple[est.TimeTerms, float]]) -> np.ndarray:
    """Least squares of the seconds per replication on (1, people, slots, cells), none
    below zero (``scipy.optimize.nnls``: a term the cases cannot tell apart is 0, not
    negative). Plain, not relative, residuals: the long runs, where an estimate matters,
    weigh most; the seed's small seconds are left to ``STARTUP_SECONDS``."""
    from scipy.optimize import nnls

    x = np.array([[1.0, t.persons, t.slots, t.cells] for t, _ in rows])
    y = np.array([s for _, s in rows])
    scale = x.max(axis=0)  # columns of one size: a well-conditioned fit
    return nnls(x / scale, y)[0] / scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="best of this many")
    parser.add_argument("--quick", action="store_true", help="the first four cases only")
    parser.add_argument("--commands", action="store_true",
                        help="only the cases whose whole command is measured")
    args = parser.parse_args()
    cases = [c for c in CASES if c.command] if args.commands else \
        CASES[:4] if args.quick else CASES
    rows, fixed = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for number, case in enumerate(cases):
            path = scenario_file(case, number, Path(tmp))
            scn = load_scenario(path)
            terms = est.time_terms(scn)
            seconds = per_replication(scn, case.small, case.large, args.rounds)
            rows.append((terms, seconds))
            print(f"{case.name:<52} {terms.persons:>9,.0f} people {terms.slots:>7,.0f} slots "
                  f"{terms.cells:>11,.0f} cells: {seconds:.4f} CPU s per replication",
                  flush=True)
            if case.command:
                cpu, wall = map(min, zip(*(command_time(path, case.small)
                                           for _ in range(args.rounds)), strict=True))
                fixed.append((case.name, est.table_rows(scn), wall - case.small * seconds,
                              cpu - case.small * seconds))
    if not args.commands:
        print_fit(cases, rows)
    print_folder_fit(fixed)


def print_fit(cases: list[Case], rows: list[tuple[est.TimeTerms, float]]) -> None:
    """The per-replication constants: fitted, with ``MARGIN``, in use; and each case."""
    found = fit(rows)
    used = (est.SECONDS_PER_REPLICATION, est.SECONDS_PER_PERSON, est.SECONDS_PER_SLOT,
            est.SECONDS_PER_CELL)
    print(f"\n{'constant':<12} {'fitted':>10} {'x ' + str(MARGIN):>10} {'in use':>10}")
    for name, value, now in zip(TERMS, found, used, strict=True):
        print(f"{name:<12} {value:>10.3g} {value * MARGIN:>10.3g} {now:>10.3g}")
    print(f"\n{'case':<52} {'measured':>9} {'fit':>9} {'in use':>9} {'/ measured':>10}")
    for case, (terms, seconds) in zip(cases, rows, strict=True):
        fitted = found @ [1.0, terms.persons, terms.slots, terms.cells]
        used = est.replication_seconds(terms)
        print(f"{case.name:<52} {seconds:>9.4f} {fitted:>9.4f} {used:>9.4f} "
              f"{used / seconds:>10.2f}")


def print_folder_fit(fixed: list[tuple[str, int, float, float]]) -> None:
    """The command outside its replications (start-up and folder) per case, in the
    command's own seconds (best of the rounds) and in CPU seconds, its fit on the tables'
    rows and what the constants in use say. The seconds are fitted, not the CPU, which
    adds up processes that run side by side."""
    if len(fixed) < 2:
        return
    start, per_row = fit_folder([(rows, seconds) for _, rows, seconds, _ in fixed])
    print(f"\n{'outside the replications':<52} {'rows':>9} {'s':>7} {'CPU s':>7} {'fit':>7} "
          f"{'in use':>7}")
    for name, rows, seconds, cpu in fixed:
        used = est.STARTUP_SECONDS + rows * est.SECONDS_PER_TABLE_ROW
        print(f"{name:<52} {rows:>9,} {seconds:>7.2f} {cpu:>7.2f} "
              f"{start + rows * per_row:>7.2f} {used:>7.2f}")
    quiet = per_row * est.STARTUP_SECONDS / start  # this machine's load taken out
    print(f"\n{'constant':<22} {'fitted':>10} {'quiet':>10} {'proposed':>10} {'in use':>10}")
    for name, value, calm, proposed, now in (
            ("STARTUP_SECONDS", start, est.STARTUP_SECONDS, est.STARTUP_SECONDS,
             est.STARTUP_SECONDS),  # the quiet machine's, kept
            ("SECONDS_PER_TABLE_ROW", per_row, quiet, quiet * MARGIN,
             est.SECONDS_PER_TABLE_ROW)):
        print(f"{name:<22} {value:>10.3g} {calm:>10.3g} {proposed:>10.3g} {now:>10.3g}")


if __name__ == "__main__":
    main()

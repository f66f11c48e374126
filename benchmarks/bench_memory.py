"""Peak memory of ``finsim run`` on the seed scenario at 1e3, 1e4 and 1e5 replications.

Each size runs in a fresh process, which reports the peak resident set size (RSS) of
its largest descendant: the ``finsim`` process, or a worker if one grew larger. Flat
memory means the peak grows by no more than the compact per-replication rows (the
program metrics, written to ``replications.csv``) from one size to the next.

    python benchmarks/bench_memory.py [--sizes 1000 10000 100000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SEED = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"

MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True)
seconds = time.perf_counter() - started
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, seconds)
"""


def peak(replications: int, jobs: int) -> tuple[int, float]:
    """Peak RSS (bytes) and wall seconds of one ``finsim run`` in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "finsim", "run", str(SEED), "--quiet", "--yes",
                   "-n", str(replications), "-j", str(jobs), "--out", f"{tmp}/out"]
        done = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True,
                              capture_output=True, text=True)
    rss, seconds = done.stdout.split()
    return int(rss), float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        rss, seconds = peak(n, args.jobs)
        rows.append({"replications": n, "jobs": args.jobs, "peak_rss_mib": round(rss / 2**20, 1),
                     "seconds": round(seconds, 1)})
        print(f"{n:>9,} replications, --jobs {args.jobs}: peak RSS {rss / 2**20:,.1f} MiB, "
              f"{seconds:,.1f} s", flush=True)
    for small, large in zip(rows, rows[1:], strict=False):
        grown = (large["peak_rss_mib"] - small["peak_rss_mib"]) * 2**20
        extra = large["replications"] - small["replications"]
        print(f"{small['replications']:,} -> {large['replications']:,}: "
              f"{grown / extra:,.0f} bytes per extra replication")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Whole-command timing of ``finsim run`` on the seed scenario: --jobs 1 vs --jobs 2.

Start-up included, as a user sees it. Also checks that memory stays flat in the number
of replications (peak RSS of the command at two sizes).

    python benchmarks/bench_run.py [--replications 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def timed(replications: int, jobs: int) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``finsim run`` in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "finsim", "run", str(SEED), "--quiet",
                   "-n", str(replications), "-j", str(jobs), "--out", f"{tmp}/out"]
        started = time.perf_counter()
        subprocess.run(command, check=True)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    best = {}
    for jobs in (1, 2):
        best[jobs] = min(timed(args.replications, jobs)[0] for _ in range(args.repeat))
        print(f"{args.replications} replications, --jobs {jobs}: {best[jobs]:.2f} s "
              f"({args.replications / best[jobs]:,.0f} replications/s, start-up included)")
    print(f"speed-up 1 -> 2 jobs: {best[1] / best[2]:.2f}x")
    small = timed(200, 1)[1]
    large = timed(5 * args.replications, 1)[1]
    print(f"peak RSS (largest child so far): 200 reps {small:.0f} MiB, "
          f"{5 * args.replications} reps {large:.0f} MiB")


if __name__ == "__main__":
    main()

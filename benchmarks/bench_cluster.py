"""A national-scale sensitivity sweep on the local process pool and on a dask LocalCluster.

The national scenario of ``check.py`` (400 providers, 40,000 slots, 2,000 referrals a
month, 60 months, starting full), a Morris sweep of two parameters: every sample point
runs the replications on the same seeds. It runs on the local pool with 1 and 2
processes, then on a LocalCluster of 1 and 2 single-threaded worker processes
(``--scheduler local:N``), and prints replications per second and the scaling efficiency
(the rate with 2 over twice the rate with 1). The cluster's start-up is printed apart;
its work includes sending the compiled scenario to the workers. All four tables must be
identical.

    python benchmarks/bench_cluster.py [--replications 2] [--samples 3]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_simulation import scenario  # noqa: E402

from finsim.analysis.ranges import check_metrics, check_params, parse_param  # noqa: E402
from finsim.analysis.sensitivity import SensitivitySpec, analyze, design  # noqa: E402
from finsim.montecarlo.cluster import connect  # noqa: E402

PARAMS = ("employment.hazards.placement=0.008:0.012", "costs.wages.hourly=*0.95:1.05")
RATE = re.compile(r"^(?P<where>pool|cluster) +(?P<n>[12]) worker\(s\) +(?P<seconds>[\d.]+) s +"
                  r"(?P<rate>[\d.]+) replications/s(?:  \(start-up [\d.]+ s apart\))?$")
EFFICIENCY = re.compile(r"^(?P<where>pool|cluster) +scaling efficiency 1 -> 2 workers: "
                        r"(?P<percent>\d+)%$")
"""What the printed lines look like (docs/cluster.md's figures are checked against them)."""


def efficiency(one: float, two: float) -> float:
    """The rate with two workers over twice the rate with one: 1 is perfect scaling."""
    return two / (2 * one)


def national_spec(replications: int, samples: int) -> SensitivitySpec:
    scn = scenario([100] * 400, 2000, 60, initial="full")
    params = check_params(scn, [parse_param(text) for text in PARAMS])
    return SensitivitySpec(scn, params, check_metrics(scn, ()), "morris", replications, 1,
                           samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replications", type=int, default=2, help="per sample point")
    parser.add_argument("--samples", type=int, default=3, help="Morris trajectories")
    args = parser.parse_args()
    spec = national_spec(args.replications, args.samples)
    total = len(design(spec)) * spec.replications
    print(f"national sweep: morris, {len(design(spec))} points x {spec.replications} "
          f"replications = {total} replications")
    rates, tables = {}, []
    # pool and cluster in turn, so that each pair meets about the same load
    for where, n in (("pool", 1), ("cluster", 1), ("pool", 2), ("cluster", 2)):
        if where == "pool":
            started = time.perf_counter()
            result = analyze(spec, jobs=n)
            seconds = time.perf_counter() - started
        else:
            began = time.perf_counter()
            with connect(f"local:{n}") as cluster:
                up = time.perf_counter() - began
                started = time.perf_counter()
                result = analyze(spec, cluster)
                seconds = time.perf_counter() - started
        rates[where, n] = total / seconds
        tables.append(result.table)
        note = f"  (start-up {up:.1f} s apart)" if where == "cluster" else ""
        print(f"{where:8} {n} worker(s) {seconds:8.1f} s {rates[where, n]:7.3f} replications/s"
              + note)
    for where in ("pool", "cluster"):
        share = efficiency(rates[where, 1], rates[where, 2])
        print(f"{where:8} scaling efficiency 1 -> 2 workers: {share:.0%}")
    print(f"cluster vs pool, 2 workers: {rates['cluster', 2] / rates['pool', 2]:.0%} of the "
          "pool's rate")
    identical = all(t.equals(tables[0]) for t in tables)
    print(f"tables identical on pool and cluster: {identical}")
    if not identical:
        sys.exit(1)


if __name__ == "__main__":
    main()

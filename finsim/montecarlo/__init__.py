"""Monte Carlo: many seeded replications of one scenario, aggregated.

``run(RunSpec(scenario, replications, seed))`` is the single entry point; the result
holds per-replication metrics and streaming means of flows, ledger and structure.
"""

from .pool import available_cpus
from .runner import RunResult, RunSpec, run

__all__ = ["RunResult", "RunSpec", "available_cpus", "run"]

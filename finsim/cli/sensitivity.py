"""``finsim sensitivity``: which assumptions move the metrics, and by how much."""

from __future__ import annotations

import click

from .. import collector
from ..nouns import counted
from .common import Whole, _options, _progress, job_options, main

METHODS = ("oat", "morris", "sobol")
"""``analysis.sensitivity.METHODS`` (a test keeps them equal), written out so that
``finsim --help`` need not load the analysis."""


@main.command("sensitivity", short_help="How the metrics move with each parameter.")
@click.argument("scenario")
@click.option("--method", type=click.Choice(METHODS), default="oat", show_default=True,
              help="oat: each parameter at low and high; morris: elementary effects; "
                   "sobol: variance shares.")
@click.option("--param", "params", multiple=True, metavar="PATH=LOW:HIGH",
              help="A range (repeatable): PATH=LOW:HIGH sets the value, PATH=*LOW:HIGH scales "
                   "it. Default: the scenario's uncertainty block, 10th to 90th percentile.")
@click.option("--metric", "metrics", multiple=True, metavar="M",
              help="A metric (repeatable). Default: cost_total, funding_<funder> each, "
                   "funding_gap, net_public_cost.")
@click.option("--samples", type=Whole(min=1),
              help="Morris trajectories (default 10: (parameters + 1) x 10 + 1 points) or Sobol "
                   "base sample size N (default 16: N x (parameters + 2) + 1 points, a few "
                   "minutes for the seed scenario). Each point runs the replications. Ask "
                   "for more for tighter intervals, e.g. --samples 64 (a power of 2 is "
                   "best; four times as long).")
@job_options
def sensitivity_command(scenario: str, method: str, params: tuple[str, ...],
                        metrics: tuple[str, ...], samples: int | None, **kw) -> None:
    """Sensitivity of the metrics to parameter ranges, on common random numbers.

    Every sample point runs with the uncertainty draws off and the same seeds, so a
    parameter that does not matter shows exactly no effect. Writes sensitivity.csv, a
    tornado chart per metric and sensitivity.json to
    outputs/<stem>-sensitivity-<method>/. The number of points and replications is printed
    before the work starts.
    """
    with collector.kept():  # here: --help is quick
        from ..commands.sensitivity import sensitivity_job
        from ..report.sensitivity import terminal_view
        from ..report.terminal import console

    result, folder = sensitivity_job(scenario, _options(kw), method, params, metrics, samples,
                                     _progress(kw["quiet"]))
    if kw["quiet"]:
        return
    out = console()
    out.print(terminal_view(result))
    out.print("noise = share of the spread of sample-point means due to replication noise: "
              "one point's / what common seeds leave")
    jobs = counted(result.jobs, "job", "jobs")
    out.print(f"Results: {folder}/  ({result.seconds:.1f} s, {jobs})")

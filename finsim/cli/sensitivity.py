"""``finsim sensitivity``: which assumptions move the metrics, and by how much."""

from __future__ import annotations

import click

from .. import collector
from ..scenario.errors import printable
from .common import (
    Among,
    Whole,
    _options,
    _progress,
    main,
    sensitivity_options,
    strict_option,
    timing,
)

METHODS = ("oat", "morris", "sobol")
"""``analysis.sensitivity.METHODS`` (a test keeps them equal), written out so that
``finsim --help`` need not load the analysis."""
SAMPLED = ("morris", "sobol")
"""``analysis.sensitivity.SAMPLED``, written out as ``METHODS`` is: the methods that
sample the ranges, so the ones ``--samples`` sizes."""


@main.command("sensitivity", short_help="How the metrics move with each parameter.")
@click.argument("scenario")
@click.option("--method", type=Among(METHODS), default="oat", show_default=True,
              help="oat: each parameter at low and high; morris: elementary effects; "
                   "sobol: variance shares.")
@click.option("--param", "params", multiple=True, metavar="PATH=LOW:HIGH",
              help="A range (repeatable): PATH=LOW:HIGH sets the value, PATH=*LOW:HIGH scales "
                   "it. Default: the scenario's uncertainty block, 10th to 90th percentile.")
@click.option("--metric", "metrics", multiple=True, metavar="M",
              help="A metric (repeatable). Default: cost_total, funding_<funder> each, "
                   "funding_gap, net_public_cost, peak_prefinancing.")
@click.option("--samples", type=Whole(min=2),
              help="morris and sobol only: Morris trajectories (default 10: (parameters "
                   "+ 1) x 10 + 1 points) or Sobol base sample size N (default 16: N x "
                   "(parameters + 2) + 1 points, a few minutes for the seed scenario). "
                   "Each point runs the replications; at least 2. Ask for more for "
                   "tighter intervals (the _conf columns: 95 % bootstrap half-widths), "
                   "e.g. --samples 64 (a power of 2 is best; four times as long).")
@sensitivity_options
@strict_option
def sensitivity_command(scenario: str, method: str, params: tuple[str, ...],
                        metrics: tuple[str, ...], samples: int | None, **kw) -> None:
    """Sensitivity of the metrics to parameter ranges, on common random numbers.

    Every sample point runs with the uncertainty draws off and the same seeds, so a
    parameter that does not matter shows no effect beyond the ledger's rounding of each
    cell to the cent (a few cents on a money metric). Writes sensitivity.csv, a
    tornado chart per metric and sensitivity.json to
    outputs/<stem>-sensitivity-<method>/. The number of points and replications is printed
    before the work starts.
    """
    with collector.kept():  # here: --help is quick
        from ..analysis.sanity import said_as
        from ..commands.sensitivity import sensitivity_job
        from ..report.amounts import set_lines
        from ..report.html_sensitivity import said_lines
        from ..report.sensitivity import terminal_notes, terminal_view
        from ..report.terminal import console

    options = _options(kw, _unused(method, samples, kw["no_uncertainty"]))
    result, folder = sensitivity_job(scenario, options, method, params, metrics, samples,
                                     _progress(kw["quiet"]))
    seconds = options.seconds()  # the folder is written: the command's time
    if kw["quiet"]:
        return
    out = console()
    for line in set_lines(result.spec.scenario._set_over):  # as run's title says them
        out.print(line)
    out.print(terminal_view(result))
    for line in terminal_notes(result.spec.method, result.spec.params,
                               result.spec.scenario):
        out.print(line)
    out.print(f"Results: {printable(str(folder))}/  "
              f"({timing(seconds, result.seconds, 'points', result.jobs)})")
    _, _, after = said_lines(result)  # the notes and early warnings: said before the work
    for line in after:
        click.echo(printable(said_as(line)), err=True)


def _unused(method: str, samples: int | None, no_uncertainty: bool) -> list:
    """The options given that this analysis would not use, as problems (exit 2): an option
    silently dropped reads as one that was taken into account."""
    from ..scenario.errors import Problem

    problems = []
    if samples is not None and method not in SAMPLED:
        problems.append(Problem("--samples", "", f"applies only to --method "
                                f"{' or '.join(SAMPLED)}, which sample the ranges; {method} "
                                "takes each parameter at its low and its high", samples))
    if no_uncertainty:
        problems.append(Problem("--no-uncertainty", "", "sensitivity always runs without "
                                "the uncertainty draws (every point on the same seeds); "
                                "leave it out", show_value=False))
    return problems

"""``finsim run``: the replications of one scenario, its results folder and summary."""

from __future__ import annotations

import click

from ..report.job import run_job
from ..report.tables import summary_table
from ..report.terminal import console
from ..report.terminal import summary_table as summary_view
from .common import _options, _progress, job_options, main


@main.command("run")
@click.argument("scenario")
@job_options
def run_command(scenario: str, **kw) -> None:
    """Run the replications, write the results folder, print a summary table."""
    result, folder = run_job(scenario, _options(kw), _progress(kw["quiet"]))
    if kw["quiet"]:
        return
    out = console()
    title = (f"{result.scenario.name}: {result.spec.replications} replications, "
             f"seed {result.spec.seed}")
    out.print(summary_view(result, summary_table(result), title))
    out.print(f"Results: {folder}/  ({result.seconds:.1f} s, {result.jobs} job(s))")

"""``finsim run``: the replications of one scenario, its results folder and summary."""

from __future__ import annotations

import click

from .. import collector
from ..nouns import counted
from ..scenario.errors import printable
from .common import (
    _options,
    _progress,
    actuals_options,
    echo_warnings,
    job_options,
    main,
    strict_option,
    timing,
)


@main.command("run", short_help="Run the replications, write the results folder.")
@click.argument("scenario")
@job_options
@strict_option
@click.option("--monitoring", is_flag=True,
              help="Also print and write (monitoring.md) the deck-style monitoring tables.")
@actuals_options
def run_command(scenario: str, monitoring: bool, actuals: str | None, as_of: str | None,
                booked: str | None, **kw) -> None:
    """Run the replications, write the results folder, print a summary table.

    With --actuals and --as-of, a re-forecast (Hochrechnung): the months before --as-of
    are the actual spells, costed by the same ledger (the same in every replication);
    whoever is in a slot then continues; the rest is simulated. ledger.csv and flows.csv
    mark each month actual or forecast.
    """
    with collector.kept():
        from ..report.painter import painting

    # the chart painter first: it loads matplotlib while this process loads finsim's
    # models (one core each), and needs none of them (``report.drawing``). numpy and
    # numpy.ma (matplotlib's, and this process's percentiles after the replications:
    # ``painting`` loads it), which both need, are loaded before the fork, once for both:
    # this process loads them anyway, and the painter still has matplotlib loaded before
    # the models are
    with painting() as painter:
        with collector.kept():  # here: --help is quick
            from ..analysis.starts import start_lines, year_end_lines
            from ..commands.run import actuals_sets, run_job

        kw["sets"] = (*kw["sets"], *actuals_sets(actuals, as_of, booked))
        options = _options(kw)
        # the command's time as run.json records it: one clock reading for both
        result, folder, seconds = run_job(scenario, options, _progress(kw["quiet"]),
                                          monitoring, painter)
    if kw["quiet"]:
        return
    # imported after the run: the summary's modules are not needed before it (start-up
    # time) and never in the worker processes; none of them loads pandas
    from ..analysis.sanity import before_work_warnings  # said before the work (run_job)
    from ..report.amounts import set_lines, undrawn_line
    from ..report.budgets import fiscal_rows
    from ..report.cashflow import peak_line
    from ..report.tables import own_warnings
    from ..report.terminal import console, fiscal_view, summary_view

    echo_warnings(result, before_work_warnings(result.scenario, result.spec.replications,
                                               result.spec.draws), own_warnings(result))
    out = console()
    if monitoring:
        from rich.markdown import Markdown

        out.print(Markdown((folder / "monitoring.md").read_text(encoding="utf-8")))
    title = (f"{result.scenario.name}: "
             f"{counted(result.spec.replications, 'replication', 'replications')}, "
             f"seed {result.spec.seed}")
    if undrawn := undrawn_line(result.spec.undrawn):  # its intervals leave the ranges out
        title += f"; {undrawn}"
    title = "\n".join([title, *set_lines(result.scenario._set_over)])  # console: no markup
    for line in start_lines(result):  # who it starts with; spells and booked costs
        out.print(line)
    out.print(summary_view(result, title))  # budgets by their English names, as the terminal speaks
    if fiscal := fiscal_view(fiscal_rows(result)):
        out.print(fiscal)
    for line in year_end_lines(result):
        out.print(line)
    out.print(peak_line(result))
    spent = timing(seconds, result.seconds, "replications", result.jobs)
    out.print(f"Results: {printable(str(folder))}/  ({spent})")

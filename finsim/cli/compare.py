"""``finsim compare BASE ALT...``: scenarios side by side on common random numbers."""

from __future__ import annotations

import click

from .. import collector
from ..scenario.errors import printable
from .common import _options, _progress, compare_options, main, strict_option, timing


@main.command("compare", short_help="Compare scenarios on common random numbers.")
@click.argument("base")
@click.argument("alternatives", nargs=-1, required=True)
@compare_options
@strict_option
def compare_command(base: str, alternatives: tuple[str, ...], **kw) -> None:
    """Run BASE and each ALT with BASE's replications and seed (an ALT's own simulation
    block is not used); report every metric and its paired difference to BASE with a
    90 % interval (default folder: outputs/<BASE stem>-compare/)."""
    with collector.kept():  # here: --help and the start are quick
        from rich.markup import escape

        from ..analysis.compare import after_work_warnings, undefined_notes
        from ..analysis.sanity import said_as
        from ..commands.compare import compare_job
        from ..report.compare import (
            comparison_views,
            scenario_lines,
            table_notes,
            year_views,
        )
        from ..report.terminal import console

    options = _options(kw)
    comparison, folder = compare_job([base, *alternatives], options, _progress(kw["quiet"]))
    seconds = options.seconds()  # the folder is written: the command's time
    if kw["quiet"]:
        return
    for line in after_work_warnings(comparison):  # each scenario's as run prints them
        click.echo(printable(said_as(line)), err=True)
    out = console(markup=True)  # comparison_views escapes the scenarios' texts
    for line in scenario_lines(comparison):
        out.print(escape(line))
    for table in comparison_views(comparison, out.width):
        out.print(table)
    for line in table_notes(comparison):
        out.print(escape(line))
    for view in year_views(comparison):  # a plan against its re-forecast, year by year
        out.print(view)
    for line in undefined_notes(comparison):
        click.echo(printable(f"note: {line}"), err=True)
    replicated = sum(r.seconds for r in comparison.results)
    out.print(f"Results: {escape(printable(str(folder)))}/  (comparison.csv, charts, report.html; "
              f"{timing(seconds, replicated, 'replications')})")

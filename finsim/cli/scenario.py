"""``finsim validate`` and ``finsim show``: check and print scenarios."""

from __future__ import annotations

from pathlib import Path

import click

from .. import collector
from ..scenario.errors import printable
from .common import main


@main.command(short_help="Check scenario files, every problem in one line.")
@click.argument("scenarios", nargs=-1, required=True)
@click.option("--strict", is_flag=True,
              help="Treat the scenario's warnings (those run gives before its results: "
                   "stale schedules, a funder that pays in no month, a wage below the "
                   "minimum wage, a draw that may stop the run, ...) as errors: exit 2.")
def validate(scenarios: tuple[str, ...], strict: bool) -> None:
    """Check scenario files; print every problem, one line each, and the warnings run
    would give for the scenario alone, on stderr (exit 0, or 2 on a problem; with
    --strict a warning is a problem too)."""
    with collector.kept():  # here: --help is quick
        from ..analysis import sanity
        from ..scenario import ScenarioError, load_scenario
        from ..scenario.caseload import is_file_value, starting_caseload

    problems = []
    for path in scenarios:
        try:
            scn = load_scenario(Path(path))
            if is_file_value(scn.participants.initial):  # as run checks it, in its period
                starting_caseload(scn)
            # as run says them: its draws, at the file's own number of replications
            warnings = sanity.scenario_warnings(scn, scn.simulation.replications, True)
            if strict:
                sanity.strict(warnings, path)
            for warning in warnings:
                where, text = sanity.placed(path, warning)
                click.echo(printable(sanity.said_as(sanity.labelled(f"{where}: ", text))),
                           err=True)
            click.echo(printable(f"{path}: ok"))
        except ScenarioError as err:
            problems += err.problems
    if problems:
        raise ScenarioError(problems)  # said by ``main``, as every command's


@main.command(short_help="Print the resolved scenario as YAML.")
@click.argument("scenario")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="Override a parameter (repeatable), e.g. providers.cjd.slots=45.")
@click.option("--month", metavar="YYYY-MM", default=None,
              help="Print the values in force that month instead: wages and unit costs "
                   "after prices, one-off payments due, funder rules, caps and benefits.")
def show(scenario: str, sets: tuple[str, ...], month: str | None) -> None:
    """Print the fully resolved scenario (after base: and --set) as YAML."""
    with collector.kept():
        from ..scenario import load_scenario, resolved_data
        from ..scenario.minimum_wage import unpadded
        from ..scenario.reader import dump

    scn = load_scenario(Path(scenario), sets)
    if month is None:
        data = unpadded(resolved_data(scn))
    else:
        from ..report.month import resolved_month

        data = resolved_month(scn, month)
    from ..analysis.sanity import price_base_warnings  # a moved period's prices, as run says

    for warning in price_base_warnings(scn):
        click.echo(printable(f"warning: {warning}"), err=True)
    click.echo(dump(data), nl=False)

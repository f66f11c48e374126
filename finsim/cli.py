"""The ``finsim`` command: parse, call one library function, print.

Exit codes: 0 done, 2 the user's input is wrong (one line per problem), 1 a fault of
finsim itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import yaml

from .funding import InvariantError
from .report.files import OutputExists
from .report.job import JobOptions, run_job
from .report.tables import summary_table
from .report.terminal import console, progress_bar
from .report.terminal import summary_table as summary_view
from .scenario import ScenarioError, load_scenario, resolved_data


class UserError(click.ClickException):
    """A mistake in the user's input: printed as is, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(self.format_message(), err=True)


def _user_errors(problems: list) -> UserError:
    return UserError("\n".join(str(p) for p in problems))


class FinsimGroup(click.Group):
    """Turns every failure into one clear line and the right exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ScenarioError as err:
            raise _user_errors(err.problems) from None
        except OutputExists as err:
            raise UserError(str(err)) from None
        except InvariantError as err:
            click.echo(f"finsim: internal error, an invariant failed: {err}", err=True)
            click.echo("This is a bug in finsim; nothing was written. Please report it.",
                       err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("finsim: interrupted; nothing was written.", err=True)
            ctx.exit(130)


@click.group(cls=FinsimGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="finsim")
def main() -> None:
    """Forecast what a social labour market program does and costs, and who pays for it."""


def job_options(command):
    """The options of every scenario-running command (SPEC.md, Commands)."""
    options = [
        click.option("--replications", "-n", type=click.IntRange(min=1),
                     help="Replications (default: the scenario's simulation.replications)."),
        click.option("--seed", type=click.IntRange(min=0),
                     help="Seed (default: the scenario's simulation.seed)."),
        click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
                     help="Override a parameter (repeatable), e.g. providers.cjd.slots=45."),
        click.option("--jobs", "-j", type=click.IntRange(min=1),
                     help="Parallel processes (default: the CPUs); results identical for any N."),
        click.option("--out", type=click.Path(path_type=Path),
                     help="Results folder (default: outputs/<scenario file stem>/)."),
        click.option("--force", is_flag=True, help="Replace an existing results folder."),
        click.option("--quiet", "-q", is_flag=True, help="Print errors only."),
        click.option("--csv-locale", type=click.Choice(["en", "de"]), default="en",
                     show_default=True, help="de: semicolons and decimal commas."),
        click.option("--no-uncertainty", is_flag=True,
                     help="Ignore the scenario's uncertainty block (no parameter draws)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _options(kw: dict) -> JobOptions:
    return JobOptions(replications=kw["replications"], seed=kw["seed"], sets=kw["sets"],
                      jobs=kw["jobs"], out=kw["out"], force=kw["force"],
                      csv_locale=kw["csv_locale"], uncertainty=not kw["no_uncertainty"],
                      command=["finsim", *sys.argv[1:]])


def _progress(quiet: bool):
    return lambda total, label: progress_bar(total, label, enabled=not quiet)


@main.command()
@click.argument("scenarios", nargs=-1, required=True)
def validate(scenarios: tuple[str, ...]) -> None:
    """Check scenario files; print every problem, one line each (exit 0 or 2)."""
    problems = []
    for path in scenarios:
        try:
            load_scenario(Path(path))
            click.echo(f"{path}: ok")
        except ScenarioError as err:
            problems += err.problems
    if problems:
        raise _user_errors(problems)


@main.command()
@click.argument("scenario")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="Override a parameter (repeatable), e.g. providers.cjd.slots=45.")
def show(scenario: str, sets: tuple[str, ...]) -> None:
    """Print the fully resolved scenario (after base: and --set) as YAML."""
    try:
        scn = load_scenario(Path(scenario), sets)
    except ScenarioError as err:
        raise _user_errors(err.problems) from None
    click.echo(yaml.safe_dump(resolved_data(scn), sort_keys=False, allow_unicode=True), nl=False)


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


if __name__ == "__main__":
    sys.exit(main())

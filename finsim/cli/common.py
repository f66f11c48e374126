"""Shared pieces of the ``finsim`` command: the group, error handling, common options.

Exit codes: 0 done, 2 the user's input is wrong (one line per problem), 1 a fault of
finsim itself.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from ..commands import JobOptions
from ..funding import InvariantError
from ..report.files import OutputExists
from ..report.terminal import progress_bar
from ..scenario import ScenarioError


class UserError(click.ClickException):
    """A mistake in the user's input: printed as is, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(self.format_message(), err=True)


def _user_errors(problems: list) -> UserError:
    return UserError("\n".join(str(p) for p in problems))


COMMAND_MODULES = {"validate": "scenario", "show": "scenario", "run": "run",
                   "compare": "compare", "sensitivity": "sensitivity", "size": "size",
                   "calibrate": "calibrate"}
"""Each command's module in ``finsim.cli``, imported only when the command is used, so
``finsim run`` does not pay for loading the analyses it does not run."""


class FinsimGroup(click.Group):
    """Turns every failure into one clear line and the right exit code, never a traceback;
    loads each command's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMAND_MODULES and name not in self.commands:
            importlib.import_module(f"finsim.cli.{COMMAND_MODULES[name]}")  # registers it
        return super().get_command(ctx, name)

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
                     help="Results folder (default: outputs/<scenario file stem>/; for "
                          "compare, sensitivity and size: outputs/<command>-<stem>/)."),
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



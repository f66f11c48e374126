"""The ``finsim`` command: parse, call one library function, print.

Exit codes: 0 done, 2 the user's input is wrong (one line per problem), 1 a fault of
finsim itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import yaml

from .scenario import ScenarioError, load_scenario, resolved_data


class UserError(click.ClickException):
    """A mistake in the user's input: printed as is, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(self.format_message(), err=True)


def _user_errors(problems: list) -> UserError:
    return UserError("\n".join(str(p) for p in problems))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="finsim")
def main() -> None:
    """Forecast what a social labour market program does and costs, and who pays for it."""


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


if __name__ == "__main__":
    sys.exit(main())

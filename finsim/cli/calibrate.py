"""``finsim calibrate``: exit hazards from a program's own spells, as an overlay scenario."""

from __future__ import annotations

from pathlib import Path

import click

from .. import collector
from ..scenario.errors import printable
from .common import REFUSED, Among, Number, OutPath, Whole, csv_locale_option, main

MIN_EVENTS = 10
"""``analysis.calibrate.MIN_EVENTS`` (a test keeps them equal), written out so that
``finsim --help`` need not load the analysis."""


@main.command("calibrate", short_help="Fit exit hazards to a program's own spells.")
@click.argument("spells", type=click.Path(path_type=Path))
@click.option("--scenario", "scenario", required=True, type=click.Path(path_type=Path),
              help="The scenario the spells belong to (its providers, mix and max_months); "
                   "the overlay's base.")
@click.option("--out", required=True, type=OutPath("file", "fitted.yaml"),
              help="The overlay scenario to write (*.yaml); the chart <stem>-fit.png, "
                   "the table <stem>-tenure.csv and the page <stem>-report.html go beside "
                   "it.")
@click.option("--as-of", metavar="DATE",
              help="End of the data, YYYY-MM-DD or YYYY-MM: people still in are observed "
                   "until then (default: the latest entry or exit in the file).")
@click.option("--since", metavar="DATE",
              help="Start of the data, YYYY-MM-DD or YYYY-MM, when the file lacks the spells "
                   "that ended before it: people already in count from then (default: "
                   "every spell from its entry).")
@click.option("--min-events", type=Whole(min=1, deferred=True), default=MIN_EVENTS,
              show_default=True,
              help="Events of a reason a provider or group needs for its own value (a "
                   "provider also needs a rate that differs from the others' at 1 %).")
@click.option("--level", type=Number(0.5, 0.999, deferred=True), default=0.9, show_default=True,
              help="Level of the intervals.")
@click.option("--other", type=Among(["dropout", "censored"]), default="dropout",
              show_default=True, help="How exits with reason 'other' count.")
@click.option("--band-months", type=Number(min=1.0, deferred=True), default=6.0,
              show_default=True, help="Width of the tenure bands of the fit table and test.")
@click.option("--force", is_flag=True,
              help="Replace the files an earlier calibrate wrote (only those, unchanged).")
@click.option("--lang", type=Among(["de", "en"]), default="de", show_default=True,
              help="Language of <stem>-report.html.")
@csv_locale_option
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
def calibrate_command(spells: Path, scenario: Path, out: Path, as_of: str | None,
                      since: str | None, min_events: int, level: float, other: str,
                      band_months: float, force: bool, lang: str, csv_locale: str,
                      quiet: bool) -> None:
    """Fit placement and dropout hazards to SPELLS (the caseload file format, one line
    per spell) and write an overlay scenario with base: the scenario, the fitted hazards,
    provider overrides and group modifiers, and an uncertainty block from the intervals.
    """
    with collector.kept():  # here: --help is quick
        from ..commands.calibrate import CalibrateOptions, calibrate_job
        from ..report.calibration import summary_lines

    refused = tuple(click.get_current_context().meta.get(REFUSED, ()))  # with the file's
    outcome = calibrate_job(spells, scenario, CalibrateOptions(
        out, as_of, since, min_events, level, other, band_months, force, lang, csv_locale,
        refused))
    if quiet:
        return
    for line in outcome.warnings:
        click.echo(printable(f"warning: {line}"), err=True)
    click.echo(printable(f"Spells of {spells} until {outcome.as_of}:"))
    for line in summary_lines(outcome.calibration):
        click.echo(line)
    click.echo(printable("Wrote " + ", ".join(str(f) for f in outcome.files)))

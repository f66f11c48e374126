"""``finsim size``: the funding request for a period, and what a budget buys or a target needs."""

from __future__ import annotations

import click

from .. import collector
from ..nouns import counted, first_few
from ..scenario.errors import printable
from .common import (
    Share,
    Whole,
    _options,
    _progress,
    actuals_options,
    echo_warnings,
    job_options,
    main,
    strict_option,
    timing,
)


@main.command("size", short_help="Plan a funding request; size the slots.")
@click.argument("scenario")
@click.option("--start", required=True, metavar="YYYY-MM", help="First month of the period.")
@click.option("--months", required=True, type=Whole(min=1),
              help="Length of the period in months.")
@click.option("--confidence", required=True, type=Share(), metavar="Q",
              help="Probability that each funder's amount is enough, e.g. 0.9.")
@click.option("--cap", "caps", multiple=True, metavar="NAME=EUR",
              help="A funder's total over the period, or what a budget pays over it (its "
                   "part of every funder paying into it; land=900000 for a grant split "
                   "budget: {land: 0.6, eu: 0.4}), repeatable: find the most slots that "
                   "stay within it. A name that is both a funder and a budget paying "
                   "another amount is written funder:NAME or budget:NAME.")
@click.option("--target", "targets", multiple=True, metavar="METRIC=VALUE",
              help="A metric to reach (repeatable), e.g. exits_placement=60: find the "
                   "fewest slots that reach it; at least for entries, exits_placement, "
                   "exits_max_duration, participants_at_end, slot_months, "
                   "passive_benefits_avoided*, at most for referrals_lost and "
                   "waiting_at_end; other metrics are refused.")
@click.option("--max-slots", type=Whole(min=1),
              help="Upper end of the search, in the slots it counts: the providers' total "
                   "in the period's first month, scaled (default: ten times the "
                   "scenario's).")
@job_options
@strict_option
@actuals_options
def size_command(scenario: str, start: str, months: int, confidence: float,
                 caps: tuple[str, ...], targets: tuple[str, ...], max_slots: int | None,
                 actuals: str | None, as_of: str | None, booked: str | None,
                 **kw) -> None:
    """Plan each funder's request per year at confidence Q; size slots to caps or targets.

    The period is moved with --start/--months; schedules keep their dates. Each
    funder is asked for its mean per year plus a contingency up to its Q-quantile.
    --cap keeps a funder's period total (or what a budget pays over the period) within
    EUR with probability Q (its Q-quantile);
    --target reaches the metric with probability Q (its (1-Q)-quantile; for
    referrals_lost and waiting_at_end at most, its Q-quantile). The search counts slots
    as the providers' total in the period's first month; the answer scales every
    provider's schedule by the same share, and says it with the plan's slots at its
    peak month and each provider's at its own peak.
    Each provider's credit line is the Q-quantile of its peak pre-financing under the
    funders' payment terms. Writes plan.csv, plan.xlsx (in the language of --lang),
    credit.csv and report.html (and size.json with --cap/--target) to
    outputs/<stem>-size/ (-size-cap/, -size-target/ with --cap, --target) unless --out
    is given.
    """
    with collector.kept():  # here: --help and the start are quick
        from ..analysis.sanity import before_work_warnings, horizon_note, said_as
        from ..analysis.sizing import amount, people
        from ..analysis.starts import actuals_lines, year_titles
        from ..analysis.words import level
        from ..commands.run import actuals_sets
        from ..commands.size import SizeOptions, size_job
        from ..report.amounts import count, money, percent, set_lines
        from ..report.cashflow import credit_line, peak_line, provider_names
        from ..report.html_size import leaving_words
        from ..report.plan import covers_lines, plan_view, plan_warnings, transfer_by_year
        from ..report.terminal import console

    kw["sets"] = (*kw["sets"], *actuals_sets(actuals, as_of, booked))
    options = _options(kw, _unused(caps, targets, max_slots))
    outcome = size_job(scenario, options,
                       SizeOptions(start, months, confidence, caps, targets, max_slots),
                       _progress(kw["quiet"]))
    seconds = options.seconds()  # the folder is written: the command's time
    found = outcome.sizing
    if kw["quiet"]:  # errors only: the warnings are in run.json and size.json
        return
    for warning in found.warnings if found else []:
        click.echo(printable(f"warning: {warning}"), err=True)
    echo_warnings(outcome.result, before_work_warnings(  # said before the work (size_job)
        outcome.result.scenario, outcome.result.spec.replications, outcome.result.spec.draws))
    for warning in plan_warnings(outcome.result, outcome.plan, confidence,
                                 found=outcome.sizing):  # a listed one by its brief
        click.echo(printable(said_as(warning)), err=True)
    out = console()
    result = outcome.result
    if found:
        per = first_few([f"{p} {n:,}" for p, n in found.slots_per_provider.items()],
                        "providers", "size.json")
        out.print(f"Slots: {found.planned.text(per)}; binding: {found.verdict}")
        for row in (r for r in found.checks if r["slots"] == found.slots):
            low, high = row["interval90"]
            figures = (amount(v, row["metric"]) for v in (row["quantile"], low, high))
            out.print(f"  {row['constraint']}: {level(row['quantile_level'])} quantile "
                      "{} (90 % bootstrap interval {} – {})".format(*figures)
                      + horizon_note(result.scenario, row["metric"], result.spec.draws))
    title = (f"{result.scenario.name}, {result.scenario.period.start} + "
             f"{counted(result.scenario.period.months, 'month', 'months')}: request per funder at "
             f"{level(confidence)} confidence (EUR)")
    for line in [*set_lines(result.scenario._set_over), *actuals_lines(result)]:
        out.print(line)  # what --set changed; a re-forecast's actual months, as run says them
    out.print(plan_view(result, outcome.plan, confidence, title))
    for line in covers_lines(result):  # under the table: what each funder's rule pays
        out.print(line)
    titles = year_titles(result.scenario)  # a re-forecast's say their actual months
    for funder, by_year in transfer_by_year(result).items():
        years = ", ".join(f"{t} {money(v)}"
                          for t, v in zip(titles, by_year.values(), strict=True))
        out.print(f"Passiv-Aktiv-Transfer (mean, part of {funder}'s amount): {years}")
    out.print(peak_line(result))  # the mean peak and the month most lows fall in, as run
    out.print(credit_line(outcome.credit, provider_names(result.scenario)))
    served = people(result)
    out.print(f"People (mean): {count(served['participants_at_start'])} in the slots at the "
              f"start, {count(served['new_entries'])} new entries, "
              f"{count(served['participants_at_end'])} at the end"
              f"{leaving_words(result, 'en', count)}; occupancy "
              f"{percent(served['occupancy_rate'])} of the slots")  # as run's summary
    # a search's runs are many: the command's time alone (each run's is in its run.json)
    out.print(f"Results: {printable(str(outcome.folder))}/  ({timing(seconds)})")


def _unused(caps: tuple[str, ...], targets: tuple[str, ...], max_slots: int | None) -> list:
    """``--max-slots`` without a search to bound, as a problem (exit 2): an option
    silently dropped reads as one that was taken into account."""
    from ..scenario.errors import Problem

    if max_slots is None or caps or targets:
        return []
    return [Problem("--max-slots", "", "applies only with --cap or --target, which search "
                    "the slots; without them size plans the scenario's own slots",
                    max_slots)]

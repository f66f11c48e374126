"""``finsim compare`` as files and a screen: comparison.csv, two charts, a side-by-side table.

The table puts BASE and every alternative in columns and the planners' questions in rows
(people reached, placements, cost, who pays, gap, benefits avoided, returns, net public
cost and each public budget's net cost under it, cost per placement, the mean of each
replication's ratio, as its label says):
each alternative's cell shows its mean, the paired difference to BASE and that
difference's 90 % interval. The charts compare what the table cannot show at a glance:
who pays how much in each scenario, and how the program fills and empties over time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .. import __version__
from ..analysis.compare import (
    Comparison,
    Paired,
    Spread,
    budget_nets,
    cost_splits,
    people_at_window,
    period_text,
    said_warnings,
)
from ..analysis.starts import compared_start, year_mark
from ..nouns import counted
from ..scenario import datafiles
from .amounts import count, fixed, set_lines, short_money, signed, undrawn_line
from .cashflow import peak_start, with_peak_from, with_peak_starts
from .charts import save
from .compare_years import Year, YearTable, year_tables
from .files import ran_data, said, seconds_since, versions, write_csv, write_json
from .html import amount, marked
from .html_compare import (
    WORDS,
    aligned,
    compare_report,
    cost_by_funder_figure,
    flows_figure,
    funders,
    not_public_in_any,
    peak_lines,
    quoted,
    reforecast_lines,
    year_label,
)
from .summary_rows import AVOIDED_LABEL, RETURNS_LABEL, net_cost_label

if TYPE_CHECKING:
    import pandas as pd

CHARTS = ("cost_by_funder.png", "participants.png")
CELL = 22
"""Characters a scenario's column needs on screen: ``[+23.86 M, +25.58 M]`` and borders."""


def write_comparison(comparison: Comparison, folder: Path, paths: list[str | Path],
                     command: list[str], locale: str = "en", sets: tuple[str, ...] = (),
                     uncertainty: bool = True, lang: str = "de",
                     started: float | None = None,
                     ran_on: str | None = None) -> None:
    """comparison.csv, the two charts, report.html (in ``lang``) and compare.json (what
    ran, to rerun it, and ``ran_on``, where: ``Executor.describe`` after the work, as
    run.json's ``resources.ran_on``; each scenario's file as given and resolved, the
    scenario as it ran and the data files it read, as run.json records them; each
    scenario's ``seconds``, its replications' time, its ``peak_from``, the month its
    peak pre-financing is taken from (comparison.csv's, None: every month), the
    ``warnings`` the command prints
    and its ``notes`` apart (``said_warnings``, ``files.said``; run.json keeps its run's),
    and ``command_seconds``, the job's from ``started`` to this last file:
    ``files.seconds_since``)."""
    write_csv(with_peak_from(comparison), folder / "comparison.csv", locale)
    if tables := year_tables(comparison):
        write_csv(year_frame(tables, comparison.labels[0]), folder / "comparison_by_year.csv",
                  locale)
    (folder / "report.html").write_text(compare_report(comparison, [str(p) for p in paths],
                                                       lang), encoding="utf-8")
    cost_by_funder_chart(comparison, folder / CHARTS[0], lang)
    participants_chart(comparison, folder / CHARTS[1], lang)
    base = comparison.base.spec
    info = {"finsim_version": __version__, "command": command, "ran_on": ran_on,
            "seed": base.seed, "replications": base.replications,
            "uncertainty": uncertainty, "sets": list(sets),
            "scenarios": [{"label": label, "file": str(path),
                           "path": str(Path(path).resolve()),
                           "scenario": ran_data(r.scenario, r.spec.replications, r.spec.seed,
                                                r.spec.draws),
                           "data_files": datafiles.used(r.scenario),
                           "peak_from": peak_start(r)[1],
                           "seconds": round(r.seconds, 3)}
                          for label, path, r in zip(comparison.labels, paths,
                                                    comparison.results, strict=True)],
            **({"reforecast": record} if (record := reforecast_record(comparison)) else {}),
            **said(said_warnings(comparison)),
            "versions": versions(), "command_seconds": seconds_since(started)}
    write_json(folder / "compare.json", info)


def reforecast_record(comparison: Comparison) -> list[dict]:
    """compare.json's ``reforecast``: per alternative compared as a plan against its
    re-forecast (``split_pairs``), the terminal's and page's figures as numbers, EUR to
    the cent: the Δ of cost before and from as_of, the people at as_of and the years
    (each with the re-forecast's actual months and mark, the total last, ``year: null``).
    Each figure is ``{"base", "alt", "delta", "delta_low", "delta_high"}``, the Δ's 90 %
    interval; empty for a plain comparison."""
    splits = {split.label: split for split in cost_splits(comparison)}
    people = {at.label: at for at in people_at_window(comparison)}
    out = []
    for table in year_tables(comparison):
        split, at = splits[table.label], people.get(table.label)
        out.append({
            "scenario": table.label, "as_of": str(split.window),
            "cost_delta": {"before_as_of": _spread_record(split.before),
                           "from_as_of": _spread_record(split.after)},
            "people_at_as_of": None if at is None else {
                "actual": {"base": at.actual[0], "alt": at.actual[1]},
                **{name: _paired_record(figure, 1) for name, figure in
                   (("participants", at.participants), ("waiting", at.waiting))}},
            "by_year": [{**_year_record(year),
                         **({"parts": [_year_record(part) for part in year.parts]}
                            if year.parts else {})}
                        for year in table.years]})
    return out


YEAR_COLUMNS = ("year", "months", "status", "metric", "scenario", "mean", "p05", "p95",
                "delta_mean", "delta_p05", "delta_p95")
"""comparison_by_year.csv's columns (README, results folder)."""


def year_frame(tables: list[YearTable], base: str) -> pd.DataFrame:
    """comparison_by_year.csv: the tables by year (``year_tables``) in comparison.csv's
    long form, a row per year (its part: ``months`` given; the total: ``year`` "total"),
    figure and scenario, BASE's Δ 0 as comparison.csv has it; the status the
    re-forecast's mark (``year_mark``). Each alternative's BASE rows once."""
    import pandas as pd

    rows: dict[tuple, tuple] = {}
    for table in tables:
        for year in table.rows():
            when = ("total" if year.year is None else str(year.year), year.months_text(),
                    year_mark(year.actual_months, year.months) if year.months else "")
            for metric, f in year.figures.items():
                for label, spread, delta in ((base, f.base, Spread(0.0, 0.0, 0.0)),
                                             (table.label, f.alt, f.delta)):
                    rows.setdefault((*when, metric, label), (*spread, *delta))
    return pd.DataFrame([(*key, *values) for key, values in rows.items()],
                        columns=list(YEAR_COLUMNS))


def _year_record(year: Year) -> dict:
    """A year (or a part of one, with its first and last month) of compare.json's
    ``by_year``: the re-forecast's actual months and mark, and each figure."""
    span = {"first": str(year.span[0]), "last": str(year.span[1])} if year.span else {}
    return {"year": year.year, **span, "actual_months": year.actual_months,
            "months": year.months, "basis": year.mark("en"),
            **{metric: _paired_record(figure, 2) for metric, figure in year.figures.items()}}


def _spread_record(spread: Spread, digits: int = 2) -> dict:
    """A Δ and its 90 % interval, rounded to ``digits``."""
    return {"delta": round(spread.mean, digits), "delta_low": round(spread.low, digits),
            "delta_high": round(spread.high, digits)}


def _paired_record(figure: Paired, digits: int) -> dict:
    """BASE's and the alternative's mean and the Δ with its interval, to ``digits``."""
    return {"base": round(figure.base.mean, digits), "alt": round(figure.alt.mean, digits),
            **_spread_record(figure.delta, digits)}


def scenario_lines(comparison: Comparison) -> list[str]:
    """Each scenario's period, price base and start, above the side-by-side table: a Δ
    between a running and a restarted program, or over other months, is read with them."""
    return [f"{'BASE: ' if k == 0 else ''}{label}: {period_text(r.scenario)}; "
            f"{compared_start(r)}"
            for k, (label, r) in enumerate(zip(comparison.labels, comparison.results,
                                               strict=True))
            ] + set_lines(comparison.base.scenario._set_over)  # every scenario's, as the page


def table_notes(comparison: Comparison) -> list[str]:
    """The lines under the side-by-side table, as the page's under its key figures: each
    alternative's Δ of cost split into the actual months and the forecast and the people
    at as_of (``reforecast_lines``), and the peak pre-financing's lines (``peak_lines``):
    when each scenario's comes, and the months it spans where a re-forecast sets them."""
    return [*reforecast_lines(comparison, "en"), *peak_lines(comparison, "en")]


def year_views(comparison: Comparison) -> list[Table | Text]:
    """Each plan against its re-forecast by calendar year (``compare_years``), as the
    page's tables: per figure its years, marked actual, forecast or both, and the total;
    a year both actual and forecast with its two parts under it (``Year.parts``), BASE's
    and the alternative's mean and the Δ to the cent (the years add up to the total as
    shown, the parts to their year), bold where its interval excludes 0
    (``Comparison.clear``), the Δ's interval to the euro; under them the page's key to the
    marks and the interval."""
    labels = {metric: text for text, metric, _ in key_rows(comparison)}
    views: list[Table | Text] = []
    for years in year_tables(comparison):
        table = Table(title=escape(WORDS["en"]["years"].format(
            label=quoted([years.label], "en"), base=quoted([comparison.labels[0]], "en"))),
            title_justify="left")
        table.add_column("", overflow="fold")  # a funder's long name wrapped, never cut
        table.add_column("Year", no_wrap=True)  # the total's label in one line
        for head in (f"BASE: {comparison.labels[0]}", years.label, "Δ", "[5 %, 95 %] of Δ"):
            table.add_column(escape(head), justify="right")
        for metric in years.years[0].figures:
            rows = years.rows()
            for k, year in enumerate(rows):
                f = year.figures[metric]
                table.add_row(escape(labels[metric]) if k == 0 else "",
                              escape(year_label(year, years, "en")),
                              *(fixed(v, 2) for v in (f.base.mean, f.alt.mean)),
                              _bold_if(comparison.clear(f.delta.low, f.delta.high),
                                       signed(fixed(f.delta.mean, 2), f.delta.mean, True)),
                              _range(short_money, f.delta.low, f.delta.high, sign=True),
                              end_section=k == len(rows) - 1)
        views.append(table)
    return [*views, Text(WORDS["en"]["years_note"])] if views else []


def _bold_if(clear: bool, text: str) -> str:
    """A cell's text in bold where its Δ stands out (``Comparison.clear``)."""
    return f"[bold]{text}[/bold]" if clear else text


def key_rows(comparison: Comparison) -> list[tuple[str, str, str]]:
    """(label, metric, kind) of the side-by-side table, in the order a planner asks: the
    page's (``html_compare.key_rows``), so that the rows above the net public cost
    explain its Δ (public funding - benefits avoided - returns), each public budget's
    net cost below it, labelled as ``finsim run``'s summary labels them (money that is
    not public marked so, ``marked``)."""
    apart = not_public_in_any(comparison)
    rows = [("People reached (entries)", "entries", "count"),
            ("Placements into work", "exits_placement", "count"),
            ("Cost: total", "cost_total", "money")]
    rows += [(marked(name, f"funding_{fid}", apart, "en"), f"funding_{fid}", "money")
             for fid, name in funders(comparison)]
    rows += [("Funding gap", "funding_gap", "money"),
             (AVOIDED_LABEL, "passive_benefits_avoided", "money")]
    if any(r.scenario.returns for r in comparison.results):
        rows.append((RETURNS_LABEL, "returns", "money"))
    rows.append(("Net public cost", "net_public_cost", "money"))
    rows += [(net_cost_label(metric.removeprefix("net_cost_")), metric, "money")
             for metric in budget_nets(comparison)]  # who is better or worse off
    peak = with_peak_starts(comparison.results, comparison.labels, "Peak pre-financing")
    return rows + [("Cost per placement (mean of ratios)", "cost_per_placement", "money"),
                   (peak, "peak_prefinancing", "money")]


FORMAT: dict[str, Callable[..., str]] = {"money": short_money, "count": count}


def comparison_views(comparison: Comparison, width: int = 120) -> list[Table]:
    """The side-by-side table, cut into as many tables as the width needs, BASE in each:
    a cropped column would hide a scenario, a wrapped one would be unreadable; the
    budgets by their English names."""
    fits = max(1, (width - CELL - 4) // CELL - 1)  # alternatives beside BASE
    picks = list(range(1, len(comparison.labels)))
    return [comparison_view(comparison, [0, *picks[i:i + fits]])
            for i in range(0, max(len(picks), 1), fits)]


def comparison_view(comparison: Comparison, columns: list[int] | None = None) -> Table:
    """Key metrics side by side: BASE's mean; each alternative's mean, Δ and its 90 % range."""
    columns = list(range(len(comparison.labels))) if columns is None else columns
    labels = [comparison.labels[k] for k in columns]
    base = comparison.base.spec
    many = counted(base.replications, "replication", "replications")
    undrawn = undrawn_line(comparison.undrawn)
    table = Table(title=f"{many}, seed {base.seed}; Δ: paired "
                  "difference to BASE, \\[5 %, 95 %] of it" + (f"; {undrawn}" if undrawn else ""),
                  title_justify="left")
    table.add_column("", min_width=CELL - 4, overflow="fold")
    for k, label in zip(columns, labels, strict=True):
        table.add_column(escape(f"BASE: {label}" if k == 0 else label), justify="right")
    for text, metric, kind in key_rows(comparison):
        fmt = FORMAT[kind]
        cells = [_cell(comparison, comparison.row(metric, label), fmt, k == 0)
                 for k, label in zip(columns, labels, strict=True)]
        table.add_row(escape(text), *cells, end_section=True)
    return table


def _cell(comparison: Comparison, row, fmt: Callable[..., str],  # noqa: ANN001 - a row
          is_base: bool) -> str:
    mean = fmt(row["mean"])
    if is_base:
        return f"{mean}\n[dim]{_range(fmt, row['p05'], row['p95'])}[/dim]"
    lo, hi = row["delta_p05"], row["delta_p95"]
    if lo == hi == row["delta_mean"] == 0:
        return f"{mean}\n[dim]Δ 0[/dim]"  # the same in every replication
    delta = f"Δ {fmt(row['delta_mean'], sign=True)}"
    delta = _bold_if(comparison.clear(lo, hi), delta)
    return f"{mean}\n{delta}\n[dim]{_range(fmt, lo, hi, sign=True)}[/dim]"


def _range(fmt: Callable[..., str], lo: float, hi: float, sign: bool = False) -> str:
    """``[lo, hi]`` with the bracket escaped from rich's markup."""
    return escape(f"[{fmt(lo, sign=sign)}, {fmt(hi, sign=sign)}]")


PNG_TITLES = {
    "de": {"funders": "Kosten nach Geldgeber je Szenario: Mittelwert über {reps}, Summe "
                      "über den Zeitraum des Szenarios (unter seinem Balken)",
           "participants": "Teilnehmende am Monatsende (Personen): Linie Mittelwert, Band "
                           "5.–95. Perzentil über {reps}", "persons": "Personen"},
    "en": {"funders": "Cost by funder per scenario: mean over {reps}, total over the "
                      "scenario's period (under its bar)",
           "participants": "Participants at each month's end (persons): line the mean, "
                           "band the 5th–95th percentile over {reps}", "persons": "persons"},
}
"""The compare PNGs' titles: away from the page (in slides) they say what is drawn, the
page's headings and scenario table do not come with them."""


def png_title(comparison: Comparison, chart: str, lang: str) -> str:
    """A compare PNG's title (``PNG_TITLES``), with the replications every scenario ran."""
    reps = amount(comparison.results[0].spec.replications, "replication", lang)
    return PNG_TITLES[lang][chart].format(reps=reps)


def cost_by_funder_chart(comparison: Comparison, path: Path, lang: str = "de") -> None:
    """Stacked bars: each funder's mean amount and the gap, one bar per scenario, in the
    funders' colours (``palette``), legend beside the bars; in the page's language, as
    people copy the png into their slides: titled (means, over which period) and each
    bar labelled with its scenario's months."""
    fig = cost_by_funder_figure(comparison, lang, periods=True)
    fig.suptitle(png_title(comparison, "funders", lang), fontsize=9, x=0.02, ha="left")
    save(fig, path)


ALIGNED_TITLE = {"de": "Nach Programmmonat ausgerichtet: die Szenarien beginnen in "
                       "verschiedenen Monaten",
                 "en": "Aligned by month of the program: the scenarios start in different "
                       "months"}


def participants_chart(comparison: Comparison, path: Path, lang: str = "de") -> None:
    """Mean participants at each month's end with the 5-95 % band; by month of the
    program when the scenarios start in different months (the title says so, and what the
    line and band are; the y axis its unit)."""
    fig = flows_figure(comparison, lang, ("participants",))
    fig.axes[0].set_ylabel(PNG_TITLES[lang]["persons"])
    title = png_title(comparison, "participants", lang)
    if aligned(comparison):
        title += "\n" + ALIGNED_TITLE[lang]
    fig.suptitle(title, fontsize=9, x=0.02, ha="left")
    save(fig, path)

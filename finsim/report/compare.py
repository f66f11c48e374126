"""``finsim compare`` as files and a screen: comparison.csv, two charts, a side-by-side table.

The table puts BASE and every alternative in columns and the planners' questions in rows
(people reached, placements, cost, who pays, gap, net public cost, cost per placement):
each alternative's cell shows its mean, the paired difference to BASE and that
difference's 90 % interval. The charts compare what the table cannot show at a glance:
who pays how much in each scenario, and how the program fills and empties over time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from .. import __version__
from ..analysis.compare import Comparison
from ..replication import FLOW_COLUMNS
from .charts import figure, save
from .files import write_csv, write_json
from .terminal import short_count, short_money

CHARTS = ("cost_by_funder.png", "participants.png")
CELL = 22
"""Characters a scenario's column needs on screen: ``[+23.86 M, +25.58 M]`` and borders."""


def write_comparison(comparison: Comparison, folder: Path, paths: list[str | Path],
                     command: list[str], locale: str = "en", sets: tuple[str, ...] = (),
                     uncertainty: bool = True) -> None:
    """comparison.csv, the two charts and compare.json (what ran, to rerun it)."""
    write_csv(comparison.table, folder / "comparison.csv", locale)
    cost_by_funder_chart(comparison, folder / CHARTS[0])
    participants_chart(comparison, folder / CHARTS[1])
    base = comparison.base.spec
    info = {"finsim_version": __version__, "command": command,
            "seed": base.seed, "replications": base.replications,
            "uncertainty": uncertainty, "sets": list(sets),
            "scenarios": [{"label": label, "file": str(path), "seconds": round(r.seconds, 3)}
                          for label, path, r in zip(comparison.labels, paths,
                                                    comparison.results, strict=True)]}
    write_json(folder / "compare.json", info)


def funders(comparison: Comparison) -> list[tuple[str, str]]:
    """(id, name) of every funder of any scenario, BASE's first, in list order."""
    seen: dict[str, str] = {}
    for result in comparison.results:
        for f in result.scenario.funding:
            seen.setdefault(f.id, f.name or f.id)
    return list(seen.items())


def key_rows(comparison: Comparison) -> list[tuple[str, str, str]]:
    """(label, metric, kind) of the side-by-side table, in the order a planner asks."""
    rows = [("People reached (entries)", "entries", "count"),
            ("Placements into work", "exits_placement", "count"),
            ("Cost: total", "cost_total", "money")]
    rows += [(name, f"funding_{fid}", "money") for fid, name in funders(comparison)]
    return rows + [("Funding gap", "funding_gap", "money"),
                   ("Net public cost", "net_public_cost", "money"),
                   ("Cost per placement", "cost_per_placement", "money"),
                   ("Peak pre-financing", "peak_prefinancing", "money")]


FORMAT: dict[str, Callable[..., str]] = {"money": short_money, "count": short_count}


def comparison_views(comparison: Comparison, width: int = 120) -> list[Table]:
    """The side-by-side table, cut into as many tables as the width needs, BASE in each:
    a cropped column would hide a scenario, a wrapped one would be unreadable."""
    fits = max(1, (width - CELL - 4) // CELL - 1)  # alternatives beside BASE
    picks = list(range(1, len(comparison.labels)))
    return [comparison_view(comparison, [0, *picks[i:i + fits]])
            for i in range(0, max(len(picks), 1), fits)]


def comparison_view(comparison: Comparison, columns: list[int] | None = None) -> Table:
    """Key metrics side by side: BASE's mean; each alternative's mean, Δ and its 90 % range."""
    columns = list(range(len(comparison.labels))) if columns is None else columns
    labels = [comparison.labels[k] for k in columns]
    base = comparison.base.spec
    table = Table(title=f"{base.replications} replications, seed {base.seed}; Δ: paired "
                  "difference to BASE, \\[5 %, 95 %] of it", title_justify="left")
    table.add_column("", min_width=CELL - 4, overflow="fold")
    for k, label in zip(columns, labels, strict=True):
        table.add_column(escape(f"BASE: {label}" if k == 0 else label), justify="right")
    for text, metric, kind in key_rows(comparison):
        fmt = FORMAT[kind]
        cells = [_cell(comparison.row(metric, label), fmt, k == 0)
                 for k, label in zip(columns, labels, strict=True)]
        table.add_row(escape(text), *cells, end_section=True)
    return table


def _cell(row, fmt: Callable[..., str], is_base: bool) -> str:  # noqa: ANN001 - a table row
    mean = fmt(row["mean"])
    if is_base:
        return f"{mean}\n[dim]{_range(fmt, row['p05'], row['p95'])}[/dim]"
    lo, hi = row["delta_p05"], row["delta_p95"]
    if lo == hi == row["delta_mean"] == 0:
        return f"{mean}\n[dim]Δ 0[/dim]"  # the same in every replication
    clear = not (math.isnan(lo) or lo <= 0 <= hi)  # the interval excludes 0
    delta = f"Δ {fmt(row['delta_mean'], sign=True)}"
    delta = f"[bold]{delta}[/bold]" if clear else delta
    return f"{mean}\n{delta}\n[dim]{_range(fmt, lo, hi, sign=True)}[/dim]"


def _range(fmt: Callable[..., str], lo: float, hi: float, sign: bool = False) -> str:
    """``[lo, hi]`` with the bracket escaped from rich's markup."""
    return escape(f"[{fmt(lo, sign=sign)}, {fmt(hi, sign=sign)}]")


def cost_by_funder_chart(comparison: Comparison, path: Path) -> None:
    """Stacked bars: each funder's mean amount and the gap, one bar per scenario."""
    labels = [_wrap(label) for label in comparison.labels]
    fig, ax = figure(max(6.0, 1.6 * len(labels) + 3), 5)
    bottom = [0.0] * len(labels)
    parts = [(name, f"funding_{fid}") for fid, name in funders(comparison)]
    for name, metric in [*parts, ("Funding gap", "funding_gap")]:
        heights = [_mean_or_zero(comparison, metric, label) / 1e6 for label in comparison.labels]
        ax.bar(labels, heights, bottom=bottom, label=name)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    for x, total in enumerate(bottom):
        ax.annotate(f"{total:.2f}", (x, total), ha="center", va="bottom", fontsize="small")
    ax.set_ylabel("EUR million (mean over replications)")
    ax.set_title("Cost by funder")
    ax.legend(fontsize="small")
    ax.tick_params(axis="x", labelsize="small")
    save(fig, path)


def participants_chart(comparison: Comparison, path: Path) -> None:
    """Mean participants at each month's end, by month of the program (starts may differ)."""
    column = FLOW_COLUMNS.index("participants")
    fig, ax = figure(8, 4.5)
    styles = ("-", "--", ":", "-.")
    for k, (label, result) in enumerate(zip(comparison.labels, comparison.results,
                                            strict=True)):
        program = result.mean(result.aggregate.flows)[:, -1, column]  # the program rows
        months = range(1, len(program) + 1)
        ax.step(months, program, where="mid", label=label, linestyle=styles[k % len(styles)],
                linewidth=2.5 if k == 0 else 1.5)
    ax.set_xlabel("month of the program")
    ax.set_ylabel("participants at month end (mean)")
    ax.set_title("Participants over time")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize="small")
    save(fig, path)


def _mean_or_zero(comparison: Comparison, metric: str, label: str) -> float:
    hit = comparison.table[(comparison.table.metric == metric)
                           & (comparison.table.scenario == label)]
    value = float(hit["mean"].iloc[0]) if len(hit) else 0.0
    return 0.0 if math.isnan(value) else value


def _wrap(text: str, width: int = 18) -> str:
    """Break a long scenario name over lines for a bar label."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])

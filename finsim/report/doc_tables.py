"""The result tables of docs/calibration.md and scenarios/README.md, rendered from a run.

The docs hold each table between ``<!-- results: NAME -->`` and ``<!-- /results -->``;
``python -m finsim.report.doc_tables`` rewrites them from a fresh run, and a test asserts
the docs hold exactly what a run renders, so the figures cannot go stale.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import numpy as np

from ..montecarlo import RunResult, RunSpec, run
from ..replication import structure_labels
from ..scenario import load_scenario
from .amounts import fixed, half_up

ROOT = Path(__file__).resolve().parent.parent.parent
SCENARIOS = ROOT / "scenarios"
LIBRARY_REPLICATIONS = 50
"""Replications per file of the library table (each file's own seed): ~10 s for all."""

# The library table: file label, then the file; in the order of scenarios/README.md.
LIBRARY = (
    ("2013 (seed)", "aktiv-statt-passiv-2013.yaml"),
    ("2013 fixed shares", "aktiv-statt-passiv-2013-fixed-shares.yaml"),
    ("2013 doubled slots", "aktiv-statt-passiv-2013-double-slots.yaml"),
    ("2013 ESF halved", "aktiv-statt-passiv-2013-esf-halved.yaml"),
    ("2013 better coaching", "aktiv-statt-passiv-2013-better-coaching.yaml"),
    ("2026 §16e, minimum wage", "aktiv-statt-passiv-2026-minimum-wage.yaml"),
    ("2026 §16i, 60 months", "aktiv-statt-passiv-2026-16i.yaml"),
    ("2026 §16i with PAT", "aktiv-statt-passiv-2026-16i-pat.yaml"),
    ("2026 §16i, tariff-bound church providers", "aktiv-statt-passiv-2026-16i-tariff.yaml"),
)
# Funder columns: the funders (by id) whose shares each column adds up.
PUBLIC_WAGE = ("city", "jobcenter")
COACHING = ("coaching",)
LAND = ("land_esf",)
EMPLOYERS = ("employers",)

# The deck's figures (docs/calibration.md) with the calibration test's tolerances.
DECK_MONEY = {
    "cost_total": (9_300_000, 0.03),
    "cost_wages": (6_800_000, 0.05),
    "cost_staff": (1_500_000, 0.05),
    "cost_material": (191_000, 0.10),
    "cost_qualification": (717_000, 0.10),
}
DECK_SHARES = {"Jobcenter + City": (PUBLIC_WAGE, 0.53), "Land/ESF": (LAND, 0.26),
               "employers": (EMPLOYERS, 0.21)}
DECK_ENTRANTS = (167, 0.08)
# The deck's structure of the 167 entrants: attribute, its values in the table's words,
# and the counts (the 26 households the deck misses are counted as "not stated").
DECK_STRUCTURE = (
    ("sex", "male / female / not stated", {"male": 103, "female": 57, "not_stated": 7}),
    ("age", "25-49 / 50-59 / 60-65", {"25-49": 102, "50-59": 63, "60-65": 2}),
    ("household", "single / couple no children / single parent / not stated (15 + 26)",
     {"single": 92, "couple_no_children": 24, "single_parent": 10, "not_stated": 41}),
    ("nationality", "German / EU / non-EU / non-European / not stated",
     {"german": 145, "eu": 5, "non_eu": 8, "non_european": 3, "not_stated": 6}),
)


def share(result: RunResult, funders: tuple[str, ...]) -> np.ndarray:
    """Per replication, the share of the cost total the named funders pay together."""
    names = set(result.metric_names)
    parts = [result.metric(f"share_{f}") for f in funders if f"share_{f}" in names]
    return np.sum(parts, axis=0) if parts else np.zeros(result.aggregate.count)


def _has(result: RunResult, funders: tuple[str, ...]) -> bool:
    return any(f"share_{f}" in result.metric_names for f in funders)


def library_table(replications: int = LIBRARY_REPLICATIONS) -> str:
    """The "results at a glance" table: every library file, its own seed, drawn."""
    head = ("| file | entrants | placements | occupancy | cost total | wages | staff | "
            "Jobcenter + City (wages) | Jobcenter (coaching) | Land/ESF | employers | "
            "net public cost |")
    rows = [head, "|" + " --- |" * (head.count(" | ") + 1)]
    for label, name in LIBRARY:
        scn = load_scenario(SCENARIOS / name)
        result = run(RunSpec(scn, replications, scn.simulation.seed), jobs=1)
        m = {n: result.metric(n).mean() for n in result.metric_names}
        cells = [label, f"{half_up(m['entries'], 1)}", f"{half_up(m['exits_placement'], 1)}",
                 _pct(m["occupancy_rate"], 1),
                 *(f"{half_up(m[k] / 1e6, 2)}"
                   for k in ("cost_total", "cost_wages", "cost_staff")),
                 *(_pct(share(result, f).mean(), 1) if _has(result, f) else "–"
                   for f in (PUBLIC_WAGE, COACHING, LAND, EMPLOYERS)),
                 f"{half_up(m['net_public_cost'] / 1e6, 2)}"]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _pct(share: float, digits: int) -> str:
    """A share as a percentage with a spaced sign: ``86.7 %``."""
    return f"{half_up(share * 100, digits)} %"


def _signed(value: float, spec: str, unit: str) -> str:
    """A deviation with its sign, a typographic minus and a spaced unit: ``−0.14 %``."""
    return f"{value:+{spec}} {unit}".replace("-", "−")


def _money(value: float) -> str:
    return f"{half_up(value / 1e6, 2)} M" if value >= 1e6 else f"{half_up(value / 1e3, 0)} k"


def _range(values: np.ndarray, money: bool) -> str:
    low, high = np.percentile(values, [5, 95])
    if money:
        return "exact" if high - low < 1 else f"{_money(low)} - {_money(high)}"
    places = 1 if high - low < 10 else 0
    return f"{half_up(low, places)} - {half_up(high, places)}"


def calibration_table(result: RunResult) -> str:
    """The seed against the deck: mean, deviation, tolerance, p05-p95 of the replications."""
    rows = ["| metric | deck | model mean | deviation | tolerance | p05 - p95 |",
            "| --- | --- | --- | --- | --- | --- |"]
    for metric, (deck, tolerance) in DECK_MONEY.items():
        values = result.metric(metric)
        rows.append(f"| {metric} | {deck:,} | {fixed(values.mean(), 0)} | "
                    f"{_signed((values.mean() / deck - 1) * 100, '.2f', '%')} | "
                    f"{_pct(tolerance, 0)} | "
                    f"{_range(values, True)} |")
    overhead = result.metric("cost_overhead")
    rows.append(f"| cost_overhead | (92,000 = 9.3 M − 9.208 M) | {fixed(overhead.mean(), 0)} | "
                f"{_signed((overhead.mean() / 92_000 - 1) * 100, '.1f', '%')} | – | "
                f"{_range(overhead, True)} |")
    for label, (funders, deck) in DECK_SHARES.items():
        values = share(result, funders)
        rows.append(f"| share {label} | {_pct(deck, 0)} | {half_up(values.mean() * 100, 2)} % | "
                    f"{_signed((values.mean() - deck) * 100, '.2f', 'pt')} | 1.5 pt | "
                    f"{_range(values * 100, False)} % |")
    entries = result.metric("entries")
    deck, tolerance = DECK_ENTRANTS
    rows.append(f"| entries | {deck} | {half_up(entries.mean(), 1)} | "
                f"{_signed((entries.mean() / deck - 1) * 100, '.1f', '%')} "
                f"| {_pct(tolerance, 0)} | {_range(entries, False)} |")
    return "\n".join(rows)


def structure_table(result: RunResult) -> str:
    """The entrants' structure, deck against the mean share of entrants in the run."""
    labels = structure_labels(result.scenario)
    shares = dict(zip(labels, result.mean(result.aggregate.structure)[1], strict=True))
    rows = ["| attribute | value | deck | model |", "| --- | --- | --- | --- |"]
    for attribute, words, counts in DECK_STRUCTURE:
        total = sum(counts.values())
        deck = " / ".join(f"{half_up(c / total, 4)}".lstrip("0") for c in counts.values())
        model = " / ".join(f"{half_up(shares[(attribute, v)], 4)}".lstrip("0") for v in counts)
        rows.append(f"| {attribute} | {words} | {deck} | {model} |")
    return "\n".join(rows)


def calibration_facts(result: RunResult) -> str:
    """The seed run's other results, which the deck does not state."""
    m = {n: result.metric(n).mean() for n in result.metric_names}
    return textwrap.fill(
        f"Other results of the run, which the deck does not state: "
        f"{half_up(m['exits_placement'], 1)} placements "
        f"({_pct(m['exits_placement'] / m['entries'], 0)} "
        f"of entrants), {half_up(m['exits_dropout'], 1)} dropouts, "
        f"{half_up(m['participants_at_end'], 1)} "
        f"people in slots at the end, {fixed(m['slot_months'], 0)} occupied slot-months, "
        f"{_pct(m['occupancy_rate'], 1)} occupancy, passive benefits avoided "
        f"{half_up(m['passive_benefits_avoided'] / 1e6, 2)} M (federal "
        f"{half_up(m['passive_benefits_avoided_bund'] / 1e6, 2)} M, city "
        f"{half_up(m['passive_benefits_avoided_kommune'] / 1e6, 2)} M), net public cost "
        f"{half_up(m['net_public_cost'] / 1e6, 2)} M.", width=92)


def seed_run() -> RunResult:
    """The calibration run: the seed with its own replications and seed, drawn."""
    scn = load_scenario(SCENARIOS / "aktiv-statt-passiv-2013.yaml")
    return run(RunSpec(scn, scn.simulation.replications, scn.simulation.seed), jobs=1)


def sections(path: Path) -> dict[str, str]:
    """The rendered sections a doc holds now, by name."""
    return dict(re.findall(r"<!-- results: (\S+) -->\n(.*?)\n<!-- /results -->",
                           path.read_text(), flags=re.S))


def rewrite(path: Path, rendered: dict[str, str]) -> None:
    """Replace each named section of ``path`` with its rendering."""
    text = path.read_text()
    for name, body in rendered.items():
        text, count = re.subn(rf"(<!-- results: {re.escape(name)} -->\n).*?(\n<!-- /results -->)",
                              lambda m, b=body: m.group(1) + b + m.group(2), text, flags=re.S)
        if count != 1:
            raise ValueError(f"{path}: no section '{name}'")
    path.write_text(text)


def main() -> None:
    seed = seed_run()
    rewrite(ROOT / "docs" / "calibration.md",
            {"calibration": calibration_table(seed), "structure": structure_table(seed),
             "calibration-facts": calibration_facts(seed)})
    rewrite(SCENARIOS / "README.md", {"library": library_table()})


if __name__ == "__main__":
    main()

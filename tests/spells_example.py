"""The synthetic spells file the README's `finsim calibrate` command reads.

`scenarios/aktiv-statt-passiv-2013-spells-example.csv` holds the spells of one simulated
run of the seed scenario (its providers, mix, hazards and 24-month maximum; seed below),
written in the caseload format (docs/caseload-format.md): no real person's data, but a
file a fresh clone can calibrate. ``python -m tests.spells_example`` writes it again;
tests/test_readme.py checks that the shipped file is this module's output.
"""

from __future__ import annotations

import calendar
import csv
import io
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
EXAMPLE = ROOT / "scenarios" / "aktiv-statt-passiv-2013-spells-example.csv"
SEED = 2013
"""The simulation's seed: the file is the same on every machine."""
ATTRIBUTES = ("sex", "age")
"""The mix attributes written as columns; the seed's age modifier is fitted from them."""
REASONS = {0: "placement", 1: "dropout", 2: "max_duration"}
"""finsim.simulation's exit reasons as the caseload format writes them (EMPLOYED: empty)."""


def day_of(t: float, origin: tuple[int, int]) -> tuple[int, int, int]:
    """The date (year, month, day) at ``t`` months from the first of ``origin``: the
    day whose start lies at or before ``t`` (the caseload format counts day d of a month
    of n days as (d - 1) / n into it)."""
    ordinal = origin[0] * 12 + origin[1] - 1 + int(np.floor(t))
    year, month = divmod(ordinal, 12)
    days = calendar.monthrange(year, month + 1)[1]
    return year, month + 1, int((t - np.floor(t)) * days) + 1


def months_later(date: tuple[int, int, int], months: int) -> tuple[int, int, int]:
    """The same day ``months`` calendar months later (the month's last day if shorter):
    the anniversary at which a maximum duration ends."""
    year, month = divmod(date[0] * 12 + date[1] - 1 + months, 12)
    return year, month + 1, min(date[2], calendar.monthrange(year, month + 1)[1])


def _iso(date: tuple[int, int, int]) -> str:
    return f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}"


def _after(entry: tuple[int, int, int], exit_: tuple[int, int, int]) -> tuple[int, int, int]:
    """The exit, at least the day after the entry (a spell of hours is a day's)."""
    if exit_ > entry:
        return exit_
    year, month, day = entry
    if day < calendar.monthrange(year, month)[1]:
        return year, month, day + 1
    return months_later((year, month, 1), 1)


def spells_csv() -> str:
    """The example file's text: one line per entrant of the seeded run, in entry order."""
    from finsim.scenario import load_scenario
    from finsim.scenario.schedule import Month
    from finsim.simulation import MAX_DURATION, simulate

    scn = load_scenario(SCENARIO)
    s = simulate(scn, np.random.SeedSequence(SEED))
    first = Month.parse(scn.period.start)
    start = (first.year, first.month)
    columns = [s.attribute_names.index(name) for name in ATTRIBUTES]
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(["person", "provider", "entry", "exit", "exit_reason", *ATTRIBUTES])
    for n, i in enumerate(np.argsort(s.entry, kind="stable"), 1):
        entry = day_of(s.entry[i], start)
        exit_, reason = "", REASONS.get(int(s.reason[i]), "")
        if int(s.reason[i]) == MAX_DURATION:
            exit_ = _iso(months_later(entry, scn.employment.max_months))
        elif reason:
            exit_ = _iso(_after(entry, day_of(s.exit[i], start)))
        values = [s.attribute_values[k][s.attributes[i, k]] for k in columns]
        rows.writerow([f"P-{n:03d}", s.provider_ids[s.provider[i]], _iso(entry), exit_,
                       reason, *values])
    return out.getvalue()


if __name__ == "__main__":
    EXAMPLE.write_text(spells_csv(), encoding="utf-8")
    print(f"Wrote {EXAMPLE.relative_to(ROOT)}")

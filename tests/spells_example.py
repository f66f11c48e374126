"""The synthetic example files the README's and the docs' commands read.

`scenarios/aktiv-statt-passiv-2013-spells-example.csv` holds the spells of one simulated
run of the seed scenario (its providers, mix, hazards and 24-month maximum; seed below),
written in the caseload format (docs/caseload-format.md): no real person's data, but a
file a fresh clone can calibrate. `scenarios/aktiv-statt-passiv-2026-16i-spells-2027-06.csv`
is the same for the §16i file, as a monitoring export of 2027-06 would hold it (the
spells that began by 2027-06-30, people still in without an exit), and
`scenarios/aktiv-statt-passiv-2026-16i-booked-2027-06.csv` the accounts of 2027-04 to
2027-06 beside it: the ledger's costs of those spells, each cell off by up to a few per
cent, as booked costs are. They give docs/running-programs.md's re-forecast
(`--actuals`, `--as-of`, `--booked`) files to read. ``python -m tests.spells_example``
writes all three again; tests/test_readme.py checks that the shipped files are this
module's output.
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
SCENARIO_16I = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"
SPELLS_16I = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-spells-2027-06.csv"
BOOKED_16I = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-booked-2027-06.csv"
SEED_16I = 2026
AS_OF_16I = (2027, 7, 1)
"""The end of the §16i export: spells that began before it, exits before it."""
BOOKED_MONTHS = ("2027-04", "2027-05", "2027-06")
BOOKED_CATEGORIES = ("wages", "staff", "material")
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


def spells_csv(scenario: Path = SCENARIO, seed: int = SEED,
               as_of: tuple[int, int, int] | None = None) -> str:
    """An example file's text: one line per entrant of the seeded run, in entry order;
    with ``as_of``, as an export on that day holds it (who entered before it, an exit
    only if it came before it)."""
    from finsim.scenario import load_scenario
    from finsim.scenario.schedule import Month
    from finsim.simulation import MAX_DURATION, simulate

    scn = load_scenario(scenario)
    s = simulate(scn, np.random.SeedSequence(seed))
    first = Month.parse(scn.period.start)
    start = (first.year, first.month)
    columns = [s.attribute_names.index(name) for name in ATTRIBUTES]
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(["person", "provider", "entry", "exit", "exit_reason", *ATTRIBUTES])
    for n, i in enumerate(np.argsort(s.entry, kind="stable"), 1):
        entry = day_of(s.entry[i], start)
        if as_of is not None and entry >= as_of:
            continue
        exit_, reason = "", REASONS.get(int(s.reason[i]), "")
        if int(s.reason[i]) == MAX_DURATION:
            exit_ = _iso(months_later(entry, scn.employment.max_months))
        elif reason:
            exit_ = _iso(_after(entry, day_of(s.exit[i], start)))
        if as_of is not None and exit_ >= _iso(as_of):
            exit_, reason = "", ""
        values = [s.attribute_values[k][s.attributes[i, k]] for k in columns]
        rows.writerow([f"P-{n:03d}", s.provider_ids[s.provider[i]], _iso(entry), exit_,
                       reason, *values])
    return out.getvalue()


def booked_csv() -> str:
    """The §16i example's booked costs: the ledger's cost of each provider's wages, staff
    and material in BOOKED_MONTHS, computed from the spells file, each cell times a
    factor between 0.97 and 1.02 (sick pay, a late invoice), drawn from SEED_16I."""
    import finsim

    sets = {"actuals.spells": SPELLS_16I.name,
            "actuals.as_of": f"{AS_OF_16I[0]}-{AS_OF_16I[1]:02d}"}
    run = finsim.run(finsim.load(SCENARIO_16I, sets), replications=1, uncertainty=False,
                     jobs=1)
    ledger = run.ledger()
    ledger = ledger[ledger.month.astype(str).isin(BOOKED_MONTHS)
                    & ledger.category.isin(BOOKED_CATEGORIES)]
    cells = ledger.groupby(["month", "provider", "category"], observed=True)["amount"].sum()
    factors = np.random.default_rng(SEED_16I).uniform(0.97, 1.02, len(cells))
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(["month", "provider", "category", "amount"])
    for ((month, provider, category), amount), factor in zip(cells.items(), factors, strict=True):
        rows.writerow([str(month), provider, category, f"{amount * factor:.2f}"])
    return out.getvalue()


if __name__ == "__main__":
    EXAMPLE.write_text(spells_csv(), encoding="utf-8")
    SPELLS_16I.write_text(spells_csv(SCENARIO_16I, SEED_16I, AS_OF_16I), encoding="utf-8")
    BOOKED_16I.write_text(booked_csv(), encoding="utf-8")
    for path in (EXAMPLE, SPELLS_16I, BOOKED_16I):
        print(f"Wrote {path.relative_to(ROOT)}")

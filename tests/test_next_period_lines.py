"""Running a program into its next funding period (probe 37): the "slots empty" warning
is not given where actual spells fill the slots."""

from __future__ import annotations

from pathlib import Path

from finsim.analysis.sanity import moved_past_ramp
from finsim.scenario import load_scenario

SIXTEEN_I = Path("scenarios/aktiv-statt-passiv-2026-16i.yaml")
SPELLS = "scenarios/aktiv-statt-passiv-2026-16i-spells-2027-06.csv"


def test_actual_spells_at_the_start_are_no_empty_start():
    """``--set period.start=2028-01`` past the referrals' ramp-up: without actuals the
    program would start empty (warned); the actual spells seat their people there."""
    moved = ["period.start=2028-01", "period.months=12"]
    assert moved_past_ramp(load_scenario(SIXTEEN_I, moved))[0].startswith(
        "period.start: moved from 2026-01 to 2028-01 by --set, past the dated values of "
        "participants.referrals_per_month (2026-01 – 2026-03): the program starts at "
        "2028-01 with the slots empty")
    running = load_scenario(SIXTEEN_I, [*moved, f"actuals.spells={Path(SPELLS).resolve()}",
                                        "actuals.as_of=2028-01"])
    assert moved_past_ramp(running) == []

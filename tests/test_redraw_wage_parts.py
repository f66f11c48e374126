"""A drawn wage value derives the wage line's parts again only where it reaches them:
the employer contributions for a drawn ``employer_contributions``, the subsidisable
share where some provider has a ``subsidy_base``, the one-off payments where there is
one; every part equal to the program compiled afresh from the drawn scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from finsim.program import compile_program, redraw
from finsim.scenario import load_scenario

from .test_program_recompiled import same

ROOT = Path(__file__).parent.parent
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
SUBSIDY = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"


@pytest.mark.parametrize("path, values", [
    (SEED, {"costs.wages.annual_increase": 0.04}),
    (SEED, {"costs.wages.hourly": 10.5}),
    (SEED, {"costs.wages.employer_contributions": 0.22}),
    (SUBSIDY, {"costs.wages.annual_increase": 0.04}),
    (SUBSIDY, {"costs.wages.employer_contributions": 0.22}),
], ids=lambda v: v.stem if isinstance(v, Path) else ",".join(v))
def test_a_drawn_wage_gives_the_wage_parts_compiled_afresh(path: Path, values: dict) -> None:
    program = compile_program(load_scenario(path))
    new = redraw(program, tuple(values))(values, "uncertainty")
    same(new, compile_program(new.scenario))


def test_a_drawn_wage_increase_keeps_the_parts_it_cannot_reach() -> None:
    """The seed has no subsidisable share and no one-off payment, and its wage increase
    is no employer contribution: those parts stay the program's own objects."""
    program = compile_program(load_scenario(SEED))
    new = redraw(program, ("costs.wages.annual_increase",))(
        {"costs.wages.annual_increase": 0.04}, "uncertainty")
    assert new.costs.subsidy_ratio is None
    assert new.costs.employer_contributions is program.costs.employer_contributions
    assert new.costs.rates[-1] is program.costs.rates[-1]
    assert new.costs.rates[0] is not program.costs.rates[0]

"""A bounded draw's ends are checked at validation (``checks._bound_problems``) by
validating only the block that holds the parameter: the refusal must be the one the
whole scenario's validation with that end gives, word for word, in every block."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from finsim.scenario import ScenarioError, load_scenario, set_path
from finsim.scenario.checks import _bound_problems
from finsim.scenario.errors import error_message
from finsim.scenario.model import Distribution, Scenario

SEED = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"

PATHS = [
    "period.months", "simulation.seed", "participants.patience_months",
    "participants.referrals_per_month", "employment.max_months",
    "employment.hazards.placement", "providers.cjd.slots", "costs.wages.hours_per_week",
    "costs.wages.employer_contributions", "costs.staff.coach_cost_per_year",
    "costs.staff.participants_per_coach", "funding.land_esf.payment.lag_months",
    "passive_benefits.parts.kdu_federal_share",
]
ENDS = [(-1.0, 0.5), (0.0, 0.99), (0.5, 1.5), (1.0, 24.0), (2.5, 1e12)]


def whole_scenario_refusal(data: dict, path: str, low: float, high: float) -> list:
    """The refusal as it was worked out before: the whole scenario validated per end."""
    for name, end in (("low", low), ("high", high)):
        try:
            Scenario.model_validate(set_path(data, path, end))
        except ValidationError as err:
            reason = error_message(err.errors()[0])
            return [(f"uncertainty.{path}.{name}", f"{end:g} is not an allowed value of "
                     f"{path}: {reason}")]
    return []


@pytest.mark.parametrize("path", PATHS)
def test_a_bound_is_refused_as_the_whole_scenario_would_refuse_it(path):
    scn = load_scenario(SEED)
    data = scn.model_dump()
    refused = 0
    for low, high in ENDS:
        dist = Distribution(dist="uniform", low=low, high=high)
        expected = whole_scenario_refusal(data, path, low, high)
        assert _bound_problems(scn, data, path, dist) == expected, (low, high)
        refused += bool(expected)
    assert refused >= 1  # every path has an end it refuses


def test_the_refusal_line_of_a_bound_out_of_range(tmp_path):
    scenario = tmp_path / "s.yaml"
    text = SEED.read_text(encoding="utf-8")  # ends in the uncertainty block
    scenario.write_text(text + "  employment.max_months: {dist: uniform, low: 12, high: 1300}\n",
                        encoding="utf-8")
    line = text.count("\n") + 1
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario)
    assert [str(p) for p in caught.value.problems] == [
        f"{scenario}:{line}: uncertainty.employment.max_months.high: 1300 is not an allowed "
        "value of employment.max_months: expected at most 1,200"]


DRAWN = [
    ("employment.hazards: {dist: triangular, low: 0.8, mode: 1.0, high: 1.2, scale: true}",
     "uncertainty.employment.hazards: holds a block of its keys (placement, dropout), not a "
     "number: a factor (scale: true) scales a number or a schedule only; name one of its "
     "numbers, e.g. employment.hazards.placement"),
    ("costs.material: {dist: normal, mean: 50, sd: 5}",
     "uncertainty.costs.material: holds a block of its keys (per_slot_month), not a number: "
     "a draw sets a number or a schedule only; name one of its numbers, e.g. "
     "costs.material.per_slot_month"),
    ("simulation.seed: {dist: uniform, low: 1, high: 100}",
     "uncertainty.simulation.seed: the seed and the replications are fixed before any "
     "draw, so a draw of them changes nothing; give them in simulation or with --seed and -n"),
    ("period.months: {dist: uniform, low: 12, high: 24}",
     "uncertainty.period.months: every replication runs the same months, which the figures "
     "are summed over; give the horizon in period, or compare horizons with finsim "
     "sensitivity --param"),
    ("uncertainty.costs.wages.annual_increase.high: {dist: uniform, low: 0.04, high: 0.06}",
     "uncertainty.uncertainty.costs.wages.annual_increase.high: a draw cannot change the "
     "distributions it is drawn from"),
]


@pytest.mark.parametrize(("entry", "message"), DRAWN)
def test_what_a_draw_cannot_vary_is_refused_by_validation(tmp_path, entry, message):
    """A block (its numbers read like a schedule's, and a scale: true draw stopped the run
    with a TypeError), the seed or replications (drawn, and nothing changed), the horizon
    (the run stopped with an internal error) and the block itself: `validate` says so,
    one line, exit 2, before any run."""
    from click.testing import CliRunner

    from finsim.cli import main

    scenario = tmp_path / "s.yaml"
    text = SEED.read_text(encoding="utf-8")  # ends in the uncertainty block
    scenario.write_text(f"{text}  {entry}\n", encoding="utf-8")
    line = text.count("\n") + 1
    result = CliRunner().invoke(main, ["validate", str(scenario)])
    assert result.exit_code == 2
    assert result.output == f"{scenario}:{line}: {message}\n"

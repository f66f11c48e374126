"""A bounded draw's ends are checked at validation (``checks._bound_problems``) by the
run's own check of a draw (``apply_draws``): the refusal must be the one the whole
scenario's validation with the value the run takes at that end gives (a whole number
rounded half up), word for word, in every block."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from finsim.scenario import ScenarioError, get_path, load_scenario, set_path, written
from finsim.scenario.checks import _bound_problems
from finsim.scenario.draws import is_whole, rounded
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
    """The refusal as it was worked out before: the whole scenario validated per end (at
    the value a run takes there: a whole number's end rounded half up)."""
    whole = is_whole(get_path(data, path))
    for name, end in (("low", low), ("high", high)):
        try:
            Scenario.model_validate(set_path(data, path, rounded(end) if whole else end))
        except ValidationError as err:
            reason = error_message(err.errors()[0])
            percent = written.percent_hint(end) if written.share_refused(path, reason) else ""
            return [(f"uncertainty.{path}.{name}", f"not an allowed value of {path}: "
                     f"{reason} (given: {end:g})" + (f" — {percent}" if percent else ""))]
    return []


@pytest.mark.parametrize("path", PATHS)
def test_a_bound_is_refused_as_the_whole_scenario_would_refuse_it(path):
    scn = load_scenario(SEED)
    data = scn.model_dump()
    refused = 0
    for low, high in ENDS:
        dist = Distribution(dist="uniform", low=low, high=high)
        expected = whole_scenario_refusal(data, path, low, high)
        drawn = scn.model_copy(update={"uncertainty": {path: dist}})
        assert _bound_problems(drawn, path, dist) == expected, (low, high)
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
        f"{scenario}:{line}: uncertainty.employment.max_months.high: not an allowed value of "
        "employment.max_months: expected at most 1,200 (given: 1300)"]


def test_a_bound_in_percent_on_a_share_is_told_how_a_share_is_written(tmp_path):
    """A share's draw written in percent (employer contributions 21 to 22 %) was refused
    without the hint its value gets in the file body, and without the value given; now
    both, as there. Not on a factor (scale: true), which is no share."""
    scenario = tmp_path / "s.yaml"
    text = SEED.read_text(encoding="utf-8")  # ends in the uncertainty block
    scenario.write_text(text + "  costs.wages.employer_contributions: "
                               "{dist: uniform, low: 21, high: 22}\n", encoding="utf-8")
    line = text.count("\n") + 1
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario)
    assert [str(p) for p in caught.value.problems] == [
        f"{scenario}:{line}: uncertainty.costs.wages.employer_contributions.low: not an "
        "allowed value of costs.wages.employer_contributions: expected a share from 0 to 1 "
        "or a schedule {YYYY-MM: value} (given: 21) — a share, 0.21 for 21 %"]
    scenario.write_text(text + "  funding.land_esf.covers.material: "
                               "{dist: uniform, low: 0.5, high: 50, scale: true}\n",
                        encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario)
    assert [str(p) for p in caught.value.problems] == [
        f"{scenario}:{line}: uncertainty.funding.land_esf.covers.material.high: not an allowed "
        "factor (scale: true) for funding.land_esf.covers.material: 1 x 50 = 50, expected a "
        "share from 0 to 1 (given: 50); the largest factor allowed is 1"]


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


TAIL = """name: normal tail
period: {start: 2027-01, months: 2}
simulation: {replications: 50}
participants: {referrals_per_month: 0, initial: 1}
employment: {max_months: 60, hazards: {dropout: 0.05}}
providers:
  - {id: p1, slots: 1}
costs:
  wages: {hourly: 15.00}
uncertainty:
  employment.hazards.dropout: {dist: normal, mean: 0.05, sd: 0.02}
"""


def _phi(z: float) -> float:
    """The standard normal CDF, by hand."""
    import math

    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def test_an_unbounded_draw_that_may_leave_its_bounds_is_a_warning_before_the_work(tmp_path):
    """A dropout probability (>= 0) drawn normal(0.05, 0.02): P(draw < 0) = Phi(-2.5) =
    0.62 %, 0.31 of 50 replications, 1 - (1 - 0.0062)^50 = 27 % that the run stops.
    `validate` said ok, `run -n 30` worked and `run -n 50` stopped (exit 2, nothing
    written) without a word before: both now warn, `run` before the work, `--strict`
    refuses before the work."""
    from click.testing import CliRunner

    from finsim.cli import main

    p = _phi(-2.5)
    assert round(p, 5) == 0.00621 and round(1 - (1 - p) ** 50, 4) == 0.2676
    scenario = tmp_path / "s.yaml"
    scenario.write_text(TAIL, encoding="utf-8")
    warning = ("uncertainty: employment.hazards.dropout: normal(mean 0.05, sd 0.02) draws "
               "below 0 (refused there: expected at least 0) with probability 0.6%: expected "
               "in 0.3 of the "
               "run's 50 replications, a chance of 27% that the run stops (a draw out of bounds "
               "stops it, it is not clipped); use a bounded family (triangular, pert or "
               "uniform) within the bounds")
    checked = CliRunner().invoke(main, ["validate", str(scenario)])
    assert checked.exit_code == 0
    assert checked.stderr == f"warning: {scenario}: {warning}\n"
    out = tmp_path / "o"
    stopped = CliRunner().invoke(main, ["run", str(scenario), "--out", str(out)])
    assert stopped.exit_code == 2 and not out.exists()
    lines = stopped.stderr.splitlines()
    assert lines[0] == f"warning: {warning}"
    assert "a drawn value is not allowed: expected at least 0" in lines[-1]
    strict = CliRunner().invoke(main, ["run", str(scenario), "-n", "30", "--strict",
                                       "--out", str(out)])
    assert strict.exit_code == 2 and not out.exists()
    assert "--strict: uncertainty: employment.hazards.dropout: normal(mean 0.05, sd 0.02) " \
           "draws below 0 (refused there: expected at least 0) with probability 0.6%: " \
           "expected in 0.2 " \
           "of the run's 30 replications, a chance of 17%" in strict.stderr
    compared = CliRunner().invoke(main, ["compare", str(scenario), str(scenario), "-n", "30",
                                         "--strict", "--out", str(out)])
    assert compared.exit_code == 2 and not out.exists()
    assert compared.stderr.splitlines()[-1] == (
        f"{scenario}: --strict: uncertainty: employment.hazards.dropout: normal(mean 0.05, "
        "sd 0.02) draws below 0 (refused there: expected at least 0) with probability 0.6%: "
        "expected in 0.2 of the run's 30 replications, a chance of 17% that the run stops "
        "(a draw out of bounds stops it, it is not clipped); use a bounded family "
        "(triangular, pert or uniform) within the bounds")
    assert "compare: 2 scenarios" not in compared.stderr  # refused before the work


def test_the_draw_bound_warning_per_family_side_and_scale():
    """An upper bound crossed by a lognormal (a return share <= 1: P(X > 1) =
    1 - Phi(ln(1/0.6)/0.3) = 4.4 %), a factor (scale: true: the dropout 0.05 times a factor
    below 0 leaves it), a whole number (slots rounded half up: below -0.5, Phi(-3.5/1.2) =
    0.18 %); none where a draw leaves them in under 1 of 100 runs (slots normal(10, 1)) or
    the family is bounded."""
    import math

    import yaml

    from finsim.analysis.sanity import draw_bound_warnings
    from finsim.scenario import scenario_from_dict

    data = yaml.safe_load(TAIL)
    data["returns"] = {"sv": 0.3}
    data["uncertainty"] = {
        "returns.sv": {"dist": "lognormal", "median": 0.6, "sigma": 0.3},
        "employment.hazards.dropout": {"dist": "normal", "mean": 1, "sd": 0.4, "scale": True},
        "providers.p1.slots": {"dist": "normal", "mean": 3, "sd": 1.2},
        "costs.wages.hourly": {"dist": "triangular", "low": 14, "mode": 15, "high": 16}}
    lines = draw_bound_warnings(scenario_from_dict(data), 200)
    up, factor, slots = 1 - _phi(math.log(1 / 0.6) / 0.3), _phi(-2.5), _phi(-3.5 / 1.2)
    assert (round(up, 4), round(slots, 5)) == (0.0443, 0.00177)
    assert [line.split(" (a draw")[0] for line in lines] == [
        "uncertainty: returns.sv: lognormal(median 0.6, sigma 0.3) draws above 1 (refused "
        f"there: expected at most 1) with probability 4%: expected in {200 * up:.1f} of the "
        "run's 200 replications, a chance of 100% that the run stops",
        "uncertainty: employment.hazards.dropout: normal(mean 1, sd 0.4) draws a factor below "
        "0 (refused there: expected at least 0) with probability 0.6%: expected in "
        f"{200 * factor:.1f} of the run's 200 replications, a chance of 71% that the run stops",
        "uncertainty: providers.p1.slots: normal(mean 3, sd 1.2) draws below -0.5 (refused "
        "there: expected a whole number from 0 to 1,000,000 or a schedule {YYYY-MM: value}) "
        f"with probability 0.2%: expected in {200 * slots:.1f} of the run's "
        f"200 replications, a chance of {1 - (1 - slots) ** 200:.0%} that the run stops"]
    data["uncertainty"] = {"providers.p1.slots": {"dist": "normal", "mean": 10, "sd": 1}}
    assert draw_bound_warnings(scenario_from_dict(data), 200) == []


CEILING = ("above finsim's ceiling of 1,000,000: expected a number from 0 to 1,000,000 or "
           "a schedule {YYYY-MM: value}, or 'on_demand'")


@pytest.mark.parametrize(("replications", "expected", "chance"), [
    (20, "2.2", "91%"), (50, "5.6", "100%"), (1_000_000, "111,117.4", "100%")])
def test_a_wide_lognormal_s_edge_is_its_bound_whatever_the_replications(replications,
                                                                       expected, chance):
    """Referrals lognormal(median 5, sigma 10) pass the ceiling of 1e6 with probability
    1 - Phi(ln(2e5)/10) = 11.1 %. From 50 replications the tail the edge is sought from
    (1.2e16) set its rounding step (1e7), and the line read "draws above 0 ... with
    probability 100%: expected in 50.0 of the run's 50"; validate said the same."""
    import math

    import yaml

    from finsim.analysis.sanity import draw_bound_warnings
    from finsim.scenario import scenario_from_dict

    data = yaml.safe_load(TAIL)
    data["uncertainty"] = {"participants.referrals_per_month":
                           {"dist": "lognormal", "median": 5, "sigma": 10}}
    scn = scenario_from_dict(data)
    p = 1 - _phi(math.log(1e6 / 5) / 10)
    assert f"{replications * p:,.1f}" == expected
    assert draw_bound_warnings(scn, replications) == [
        "uncertainty: participants.referrals_per_month: lognormal(median 5, sigma 10) draws "
        f"above 1e+06 (refused there: {CEILING}) with probability 11%: expected in "
        f"{expected} of the run's {replications} replications, a chance of {chance} that "
        "the run stops (a draw out of bounds stops it, it is not clipped); use a bounded "
        "family (triangular, pert or uniform) within the bounds"]
    [de] = draw_bound_warnings(scn, 50, "de")
    assert de.startswith(
        "uncertainty: participants.referrals_per_month: Lognormalverteilung (Median 5, "
        f"Sigma 10) zieht über 1e+06 (dort abgelehnt: {CEILING}) mit Wahrscheinlichkeit "
        "11 %: erwartet in 5,6 der 50 Replikationen des Laufs, 100 % Wahrscheinlichkeit")


PAT = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2026-16i-pat.yaml"


@pytest.mark.parametrize(("path", "dist", "side", "edge", "why"), [
    ("funding.land_esf.covers.material", {"dist": "normal", "mean": 0.9, "sd": 0.05},
     "above", 1.0, "expected a share from 0 to 1"),
    ("passive_benefits.parts.kdu.single", {"dist": "normal", "mean": 600, "sd": 300},
     "below", 0.0, "expected a number from 0 to 1,000,000,000,000"),
    ("funding.jobcenter.transfer.per_person_month.single",
     {"dist": "normal", "mean": 800, "sd": 400}, "below", 0.0,
     "expected a number from 0 to 1,000,000,000,000")])
def test_the_draw_bound_warning_finds_bounds_where_validation_holds_them(path, dist, side,
                                                                         edge, why):
    """Bounds that are not on a field of their own (a funder's share in covers, an amount
    by household, a transfer's amount by household): validate said ok and `run -n 100`
    stopped in 90 % of runs. Each is 2 sd from its mean: P = 1 - Phi(2) = 2.275 %, 4.6 of
    200 replications, 1 - 0.97725^200 = 99 % that the run stops."""
    import finsim
    from finsim.analysis.sanity import draw_bound_warnings

    p = 1 - _phi(2.0)
    assert (round(p, 5), round(1 - (1 - p) ** 200, 2)) == (0.02275, 0.99)
    scn = finsim.load(PAT, {f"uncertainty.{path}": dist})
    lines = [line for line in draw_bound_warnings(scn, 200) if path in line]
    family = f"normal(mean {dist['mean']:g}, sd {dist['sd']:g})"
    assert len(lines) == 1
    assert lines[0].startswith(f"uncertainty: {path}: {family} draws {side} {edge:g} "
                               f"(refused there: {why}")
    assert "with probability 2%: expected in 4.6 of the run's 200 replications, a chance " \
           "of 99% that the run stops" in lines[0]


def test_a_drawn_mix_share_is_refused_as_not_drawable_alone():
    """A normal draw on a mix share breaks the sum of 1 in every replication (the run
    stopped at the first draw; validate warned of a chance of 100 % and said ok, exit 0):
    validation refuses it, one line, in the warning's words, before any run."""
    import finsim

    male = finsim.load(PAT).participants.mix["sex"]["male"]
    with pytest.raises(ScenarioError) as caught:
        finsim.load(PAT, {"uncertainty.participants.mix.sex.male":
                          {"dist": "normal", "mean": male, "sd": 0.01}})
    [problem] = caught.value.problems
    assert problem.message.startswith(
        f"normal(mean {male:g}, sd 0.01) draws a value the run refuses: every draw but "
        f"{male:g} itself is refused (mix.sex: shares sum to ")
    assert ", expected 1): this parameter cannot be drawn alone; remove it from " \
           "uncertainty (compare its values with finsim sensitivity or " in problem.message


def _validated_staff_draw(folder: Path, dist: str):
    """``finsim validate`` of the §16i file with coaching's share of staff drawn by
    ``dist`` (land_esf covers staff 0.5): the scenario's path and the result."""
    from click.testing import CliRunner

    from finsim.cli import main

    scenario = folder / "s.yaml"
    scenario.write_text(f"name: covers draw\nbase: {SIXTEEN}\nuncertainty:\n"
                        f"  funding.coaching.covers.staff: {dist}\n", encoding="utf-8")
    return scenario, CliRunner().invoke(main, ["validate", str(scenario)])


def test_a_normal_draw_whose_median_is_refused_is_refused_by_validate(tmp_path):
    """land_esf covers staff 0.5, so coaching's 0.9 breaks the sum of 1 (0.5 + 0.9 =
    1.4): normal(0.9, 0.05) draws above 0.5 in 1 - Phi(-8) = all replications. validate
    said "ok" (exit 0) beside a warning of a chance of 100 %; now exit 2, one line.
    normal(0.3, 0.1) is above 0.5 with 1 - Phi(2) = 2.3 %: a warning, still ok."""
    scenario, result = _validated_staff_draw(tmp_path, "{dist: normal, mean: 0.9, sd: 0.05}")
    assert result.exit_code == 2
    assert result.output == (
        f"{scenario}:4: uncertainty.funding.coaching.covers.staff: normal(mean 0.9, sd 0.05) "
        "draws a value the run refuses: even its median 0.9 is refused (shares of 'staff' "
        "add up to 1.4 (from 2026-01: land_esf 0.5, coaching 0.9), more than "
        "1; expected at most 1 together); draw it within its bounds\n")
    scenario, result = _validated_staff_draw(tmp_path, "{dist: normal, mean: 0.3, sd: 0.1}")
    assert result.exit_code == 0 and result.stdout == f"{scenario}: ok\n"
    assert "draws above 0.5 (refused there: shares of 'staff' add up to" in result.stderr
    assert "with probability 2%" in result.stderr


SIXTEEN = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"


@pytest.mark.parametrize("dist", ["{dist: pert, low: 0.2, mode: 0.45, high: 0.8}",
                                  "{dist: uniform, low: 0.3, high: 0.8}"])
def test_a_bounded_draw_on_a_covers_share_is_checked_with_the_other_funders(tmp_path, dist):
    """land_esf covers staff 0.5, so coaching's share of staff above 0.5 breaks the sum
    of 1 (0.5 + 0.8 = 1.3): validate said ok, and run, size and compare stopped partway
    (pert(0.2, 0.45, 0.8) draws above 0.5 in about 40 % of replications). Validation
    refuses the end now, one line, with the run's own reason."""
    scenario, result = _validated_staff_draw(tmp_path, dist)
    assert result.exit_code == 2
    assert result.output == (
        f"{scenario}:4: uncertainty.funding.coaching.covers.staff.high: not an allowed "
        "value of funding.coaching.covers.staff: shares of 'staff' add up to 1.3 "
        "(from 2026-01: land_esf 0.5, coaching 0.8), more than 1; expected "
        "at most 1 together (given: 0.8)\n")
    scenario, result = _validated_staff_draw(tmp_path,
                                             "{dist: pert, low: 0.2, mode: 0.3, high: 0.5}")
    assert result.stdout == f"{scenario}: ok\n"
    [warning] = result.stderr.splitlines()  # 2028 to 2030 on finsim's minimum wage, as ever
    assert "from 2028-01 on (36 of 60 months) the minimum wage is finsim's assumption" in warning


def test_the_german_draw_bound_lines_give_the_refusals_reason():
    """The German lines said only "(dort abgelehnt)" and, for a median refused, nothing
    of why: the reason is validation's own message, as in the English line. An amount by
    household normal(600, 300) below 0: 1 - Phi(2) = 2 %; coaching's staff share
    normal(0.9, 0.05) beside land_esf's 0.5: its median 0.9 gives 1.4 (a scenario
    validation refuses, checked here as a run would check it)."""
    import finsim
    from finsim.analysis.sanity import draw_bound_warnings

    kdu = finsim.load(PAT, {"uncertainty.passive_benefits.parts.kdu.single":
                            {"dist": "normal", "mean": 600, "sd": 300}})
    [line] = [w for w in draw_bound_warnings(kdu, 200, "de") if "kdu.single" in w]
    assert line.startswith("uncertainty: passive_benefits.parts.kdu.single: Normalverteilung "
                           "(Mittelwert 600, Standardabweichung 300) zieht unter 0 (dort abgelehnt: erwartet: eine Zahl von 0 "
                           "bis 1.000.000.000.000 oder einen Zeitplan {YYYY-MM: Wert}) mit "
                           "Wahrscheinlichkeit 2")
    scn = finsim.load(SIXTEEN)
    drawn = scn.model_copy(update={"uncertainty": {"funding.coaching.covers.staff": Distribution(
        dist="normal", mean=0.9, sd=0.05)}})
    assert draw_bound_warnings(drawn, 200, "de") == [
        "uncertainty: funding.coaching.covers.staff: Normalverteilung (Mittelwert 0,9, "
        "Standardabweichung 0,05) zieht einen Wert, den der Lauf ablehnt: schon sein Median "
        "0,9 wird abgelehnt (die Anteile an "
        "'staff' summieren sich auf 1,4 (ab 2026-01: land_esf 0,5, "
        "coaching 0,9), mehr als 1; erwartet: zusammen höchstens 1), 100 % "
        "Wahrscheinlichkeit, dass der Lauf abbricht; ihn innerhalb seiner Grenzen ziehen"]


def test_the_german_line_gives_the_funders_shares_rule_in_german():
    """The German page quoted the rule across fields a drawn funder's share meets in
    English ("zieht über 0.5 (dort abgelehnt: shares of 'staff' add up to ..."): now all
    of it is German (the edge 0,5 too), the file's keys and ids as written. coaching's
    staff share normal(0.3, 0.1) beside land_esf's 0.5 is above 0.5 in 1 - Phi(2) = 2.3 %;
    the seed's fixed shares read the Jobcenter net of the City."""
    import finsim
    from finsim.analysis.sanity import draw_bound_warnings, german_reason

    scn = finsim.load(SIXTEEN, {"uncertainty.funding.coaching.covers.staff":
                                {"dist": "normal", "mean": 0.3, "sd": 0.1}})
    [_, line] = draw_bound_warnings(scn, 200, "de")  # below 0 first, a field's bound
    assert line == (
        "uncertainty: funding.coaching.covers.staff: Normalverteilung (Mittelwert 0,3, "
        "Standardabweichung 0,1) zieht über 0,5 "
        "(dort abgelehnt: die Anteile an 'staff' summieren sich auf 1,001 "
        "(ab 2026-01: land_esf 0,5, coaching 0,501), mehr als 1; "
        "erwartet: zusammen höchstens 1) mit Wahrscheinlichkeit 2 %: erwartet in 4,6 der 200 "
        "Replikationen des Laufs, 99 % Wahrscheinlichkeit, dass der Lauf abbricht (ein Zug "
        "außerhalb der Grenzen bricht ihn ab, er wird nicht abgeschnitten); eine begrenzte "
        "Verteilung (Dreiecks-, PERT- oder Gleichverteilung: dist triangular, pert oder "
        "uniform) innerhalb der Grenzen wählen")
    assert german_reason(
        "shares of 'wages' add up to 1.46 (tenure year 1: jobcenter (net of city) 0.99, "
        "land_esf 0.26, employers 0.21), more than 1; expected at most 1 together") == (
        "die Anteile an 'wages' summieren sich auf 1,46 (Beschäftigungsjahr 1: jobcenter "
        "(abzüglich city) 0,99, land_esf 0,26, employers 0,21), mehr als 1; erwartet: "
        "zusammen höchstens 1")
    [_, en] = draw_bound_warnings(scn, 200)
    assert "draws above 0.5 (refused there: shares of 'staff' add up to 1.001 " in en


def test_the_draw_bound_warning_gives_the_reason_of_the_edge_it_names():
    """coaching's staff share normal(0.45, 0.15) beside land_esf's 0.5: the edge is 0.5
    (0.5 + 0.5 = 1), but the line gave the reason of the far tail it was found from
    (0.45 + 3.9 sd = 1.03, no share at all): "draws above 0.5 (refused there: expected a
    share from 0 to 1)". Now the reason of a draw just past the edge, 0.501 (two digits
    below the tail's distance 0.58), which reads as written. P = 1 - Phi(1/3) = 37 %,
    73.9 of 200."""
    import finsim
    from finsim.analysis.sanity import draw_bound_warnings

    scn = finsim.load(SIXTEEN, {"uncertainty.funding.coaching.covers.staff":
                                {"dist": "normal", "mean": 0.45, "sd": 0.15}})
    assert round(200 * (1 - _phi(1 / 3)), 1) == 73.9
    [low, high] = draw_bound_warnings(scn, 200)
    assert "draws below 0 (refused there: expected a share from 0 to 1)" in low
    assert high.split(" (a draw")[0] == (
        "uncertainty: funding.coaching.covers.staff: normal(mean 0.45, sd 0.15) draws above "
        "0.5 (refused there: shares of 'staff' add up to 1.001 (from 2026-01: land_esf 0.5, "
        "coaching 0.501), more than 1; expected at most 1 together) with probability 37%: "
        "expected in 73.9 of the run's 200 replications, a chance of 100% that the run stops")


def test_the_german_draw_bound_line_gives_the_bound_in_german():
    """The German page read "zieht unter 0 (dort abgelehnt: expected at least 0)": the
    bound in English. Now "erwartet: mindestens 0"; the English line keeps its words."""
    import finsim
    from finsim.analysis.sanity import draw_bound_warnings, german_reason

    scn = finsim.load(PAT, {"uncertainty.employment.hazards.dropout":
                            {"dist": "normal", "mean": 0.012, "sd": 0.0055}})
    [de] = [w for w in draw_bound_warnings(scn, 200, "de") if "dropout" in w]
    assert de.startswith("uncertainty: employment.hazards.dropout: Normalverteilung "
                         "(Mittelwert 0,012, Standardabweichung 0,0055) zieht unter 0 (dort abgelehnt: erwartet: mindestens 0) mit "
                         "Wahrscheinlichkeit 1 %: erwartet in 2,9 der 200 Replikationen")
    [en] = [w for w in draw_bound_warnings(scn, 200) if "dropout" in w]
    assert "draws below 0 (refused there: expected at least 0) with probability" in en
    assert german_reason("expected at most 1.5") == "erwartet: höchstens 1,5"
    assert german_reason("expected a whole number from 0 to 1,200 in each month of a "
                         "schedule") == ("erwartet: eine ganze Zahl von 0 bis 1.200 in jedem "
                                         "Monat eines Zeitplans")


def test_the_german_draw_bound_line_names_the_family_in_german():
    """The German page read "normal(mean 0.006, sd 0.004) zieht unter 0": the family and
    its parameters in English with decimal points. Now "Normalverteilung (Mittelwert
    0,006, Standardabweichung 0,004)" and "Lognormalverteilung (Median ..., Sigma ...)";
    the English line keeps ``normal(mean 0.006, sd 0.004)``. Placement normal(0.006,
    0.004) is below 0 in Phi(-1.5) = 6.7 %."""
    import finsim
    from finsim.analysis.sanity import draw_bound_warnings, german_family

    scn = finsim.load(SIXTEEN, {"uncertainty.employment.hazards.placement":
                                {"dist": "normal", "mean": 0.006, "sd": 0.004}})
    [de] = [w for w in draw_bound_warnings(scn, 200, "de") if "placement" in w]
    assert de.split(" (dort abgelehnt")[0] == (
        "uncertainty: employment.hazards.placement: Normalverteilung (Mittelwert 0,006, "
        "Standardabweichung 0,004) zieht unter 0")
    [en] = [w for w in draw_bound_warnings(scn, 200) if "placement" in w]
    assert en.split(" (refused there")[0] == (
        "uncertainty: employment.hazards.placement: normal(mean 0.006, sd 0.004) draws below 0")
    assert german_family(Distribution(dist="lognormal", median=1.5, sigma=0.25)) == (
        "Lognormalverteilung (Median 1,5, Sigma 0,25)")


FACTORS = """name: factors
period: {start: 2027-01, months: 2}
participants: {referrals_per_month: 0, initial: 1}
employment: {max_months: 60, hazards: {placement: 0.02, dropout: 0.03}}
providers:
  - {id: p1, slots: 10}
costs:
  wages: {hourly: 15.00}
funding:
  - {id: jc, covers: {wages: 0.75}}
  - {id: prov, public: false, covers: remainder}
"""


@pytest.mark.parametrize(("path", "low", "high", "message"), [
    ("employment.hazards.placement", 0.5, 60,
     "high: not an allowed factor (scale: true) for employment.hazards.placement: 0.02 x 60 "
     "= 1.2, expected less than 1 (given: 60); the largest factor allowed is just below 50"),
    ("funding.jc.covers.wages", 0.9, 1.34,
     "high: not an allowed factor (scale: true) for funding.jc.covers.wages: 0.75 x 1.34 = "
     "1.005, expected a share from 0 to 1, or {by_tenure_year: [...]} (given: 1.34); the "
     "largest factor allowed is 1.33333"),
    ("employment.hazards.placement", -1, 2,
     "low: not an allowed factor (scale: true) for employment.hazards.placement: 0.02 x -1 "
     "= -0.02, expected at least 0 (given: -1); the smallest factor allowed is 0"),
    ("providers.p1.slots", 0.5, 200_000,
     "high: not an allowed factor (scale: true) for providers.p1.slots: 10 x 200000 = "
     "2,000,000, above finsim's ceiling of 1,000,000: expected a whole number from 0 to "
     "1,000,000 or a schedule {YYYY-MM: value} (given: 200000); the largest factor "
     "allowed is 100000")])
def test_a_refused_factor_names_its_product_and_the_factor_allowed(path, low, high,
                                                                  message):
    """A factor's end was refused with the parameter's own bound: placement 0.02 times up
    to 60 read "expected less than 1 (given: 60)", as if a factor had to be below 1, where
    any below 50 is taken (49 passes); the Jobcenter's 0.75 of wages times 1.34 read
    "expected a share from 0 to 1 (given: 1.34)", where 1.3 passes. Now the product the
    run refuses and the factor where refusals begin (1 / 0.75 = 1.3333...; 10 slots
    rounded half up stay within 1,000,000 up to 100,000.05)."""
    import yaml

    from finsim.scenario import scenario_from_dict

    data = yaml.safe_load(FACTORS)
    data["uncertainty"] = {path: {"dist": "uniform", "low": low, "high": high, "scale": True}}
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert [f"{p.path}: {p.message}" for p in caught.value.problems] == [
        f"uncertainty.{path}.{message}"]
    edge = high * 49 / 60 if high == 60 else 1.3 if high == 1.34 else None
    if edge is not None:  # the factor the line allows is taken
        data["uncertainty"][path]["high"] = edge
        scenario_from_dict(data)


SMALL = Path(__file__).parent / "fixtures" / "small.yaml"
TENURE = "funding.jobcenter.covers.wages.by_tenure_year"


@pytest.mark.parametrize(("entry", "message"), [
    (f"{TENURE}: {{dist: uniform, low: 0.5, high: 0.7}}",
     f"uncertainty.{TENURE}: holds a list of 2 numbers, not a number: a draw sets a number "
     f"or a schedule only; name one of its items, {TENURE}.0 to {TENURE}.1, or scale the "
     "whole list with a factor (scale: true)"),
    (f"{TENURE}: {{dist: uniform, low: 0.8, high: 1.5, scale: true}}",
     f"uncertainty.{TENURE}.high: not an allowed factor (scale: true) for {TENURE}: "
     "0.5 to 0.75 x 1.5 = 0.75 to 1.125, covers.wages.by_tenure_year.0: expected at most 1 "
     "(given: 1.5); the largest factor allowed is 1.33333"),
])
def test_a_tenure_year_list_takes_a_factor_only(tmp_path, entry, message):
    """A draw over a share's by_tenure_year list: a value has no one number to set (one
    line naming the items and the factor), and a factor whose end lifts a year's share
    above 1 is refused before any run, by the share's own check."""
    scenario = tmp_path / "s.yaml"
    text = SMALL.read_text(encoding="utf-8")  # ends in the uncertainty block
    scenario.write_text(f"{text}  {entry}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario)
    assert [f"{p.path}: {p.message}" for p in caught.value.problems] == [message]


def test_a_scaled_draw_scales_every_tenure_year(tmp_path):
    """``scale: true`` on the list multiplies each year's share by the one draw."""
    from finsim.scenario.draws import apply_draws

    scenario = tmp_path / "s.yaml"
    scenario.write_text(SMALL.read_text(encoding="utf-8")
                        + f"  {TENURE}: {{dist: uniform, low: 0.8, high: 1.2, scale: true}}\n",
                        encoding="utf-8")
    scn = load_scenario(scenario)
    drawn = apply_draws(scn, {TENURE: 1.2})
    assert get_path(drawn.model_dump(), TENURE) == pytest.approx([0.9, 0.6])

"""Bad input found by the re-probe of the commands: one line per problem, exit 2,
nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from finsim.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SIZE = ["--start", "2014-01", "--months", "12", "--confidence", "0.9", "-n", "2", "-j", "1",
        "-q"]


def test_a_funder_capped_twice_is_refused_not_settled_by_the_last(tmp_path: Path) -> None:
    """Two --cap for one funder used to run with whichever came last."""
    out = tmp_path / "res"
    result = CliRunner().invoke(main, [
        "size", str(FIXTURES / "small.yaml"), *SIZE, "--out", str(out),
        "--cap", "land_esf=100000", "--cap", "jobcenter=5e5", "--cap", " land_esf = 2e5",
        "--target", "exits_placement=3", "--target", "exits_placement=4"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "finsim size: --cap: land_esf: given 2 times; give it once (given: ['land_esf=100000', "
        "' land_esf = 2e5'])",
        "finsim size: --target: exits_placement: given 2 times; give it once (given: "
        "['exits_placement=3', 'exits_placement=4'])",
    ]
    assert not out.exists()


def test_calibrate_as_of_before_every_entry_is_one_line(tmp_path: Path) -> None:
    """Not one line per spell that entered after it (hundreds for a real file)."""
    scenario = tmp_path / "scenario.yaml"
    shutil.copy(FIXTURES / "small.yaml", scenario)
    spells = tmp_path / "spells.csv"
    spells.write_text("person,provider,entry,exit,exit_reason\n"
                      + "".join(f"P{i},alpha,2013-0{1 + i % 5}-1{i % 9},,\n" for i in range(20)),
                      encoding="utf-8")
    out = tmp_path / "fit" / "overlay.yaml"
    result = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(scenario),
                                       "--out", str(out), "--as-of", "2012-06", "-q"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"finsim calibrate: --as-of: must come after the first entry in {spells} (2013-01-10): "
        "nothing is observed before it (given: '2012-06')"]
    assert not (tmp_path / "fit").exists()


def test_max_slots_below_the_people_already_in_the_program_says_so(tmp_path: Path) -> None:
    """Not only the caseload's lines, which never name --max-slots."""
    data = yaml.safe_load((FIXTURES / "small.yaml").read_text(encoding="utf-8"))
    data["participants"]["initial"] = "caseload.csv"
    scenario = tmp_path / "running.yaml"
    scenario.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    caseload = tmp_path / "caseload.csv"
    caseload.write_text("person,provider,entry,exit,exit_reason\n"
                        "p1,alpha,2012-03,,\np2,alpha,2012-05,,\np3,beta,2012-06,,\n",
                        encoding="utf-8")
    out = tmp_path / "res"
    result = CliRunner().invoke(main, ["size", str(scenario), *SIZE, "--out", str(out),
                                       "--max-slots", "1", "--cap", "land_esf=100000"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "finsim size: --max-slots: too few to hold the people already in the program (below); "
        "raise it (given: 1)",
        f"{caseload}:3: provider: 2 people at alpha in 2014-01, which has 1 slot then "
        "(given: 'alpha')",
        f"{caseload}:4: provider: 1 person at beta in 2014-01, which has 0 slots then "
        "(given: 'beta')",
    ]
    assert not out.exists()


def test_a_sensitivity_design_beyond_the_ceiling_is_refused_before_it_is_sampled(
        tmp_path: Path) -> None:
    """--samples 100000000 used to sample 400 million points (minutes, gigabytes) before
    even the line that estimates the work; the count is known without sampling."""
    out = tmp_path / "res"
    result = CliRunner().invoke(main, [
        "sensitivity", str(FIXTURES / "small.yaml"), "-n", "2", "-j", "1", "-q",
        "--out", str(out), "--method", "sobol", "--samples", "100000000"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "finsim sensitivity: --samples: sobol with 100,000,000 samples of 2 parameters has "
        "400,000,001 points, more than finsim's ceiling of 100,000; ask for fewer (given: "
        "100000000)"]
    assert not out.exists()


def test_design_points_counts_what_the_design_samples(small) -> None:
    from finsim.analysis.ranges import uncertainty_params
    from finsim.analysis.sensitivity import SensitivitySpec, design, design_points

    params = tuple(uncertainty_params(small))
    for method, samples in (("oat", None), ("morris", 3), ("morris", None), ("sobol", 5),
                            ("sobol", None)):
        spec = SensitivitySpec(small, params, ("cost_total",), method, 2, 1, samples)
        assert design_points(spec) == len(design(spec)), (method, samples)


def test_set_adds_an_uncertainty_entry_keyed_by_its_parameter_path() -> None:
    """--set uncertainty.costs.wages.hourly={...} used to nest blocks (uncertainty ->
    costs -> wages -> hourly) and was refused with two lines about 'costs' and 'wages'."""
    from finsim.scenario import ScenarioError, load_scenario

    small = FIXTURES / "small.yaml"
    scn = load_scenario(small, ["uncertainty.costs.wages.hourly="
                                "{dist: uniform, low: 0.9, high: 1.1, scale: true}"])
    added = scn.uncertainty["costs.wages.hourly"]
    assert (added.dist, added.low, added.high, added.scale) == ("uniform", 0.9, 1.1, True)
    assert list(scn.uncertainty) == ["employment.hazards.placement",
                                     "costs.wages.annual_increase", "costs.wages.hourly"]
    edited = load_scenario(small, ["uncertainty.employment.hazards.placement.high=0.03"])
    assert edited.uncertainty["employment.hazards.placement"].high == 0.03
    with pytest.raises(ScenarioError) as refused:
        load_scenario(small, ["uncertainty.nope.x={dist: uniform, low: 0, high: 1}"])
    assert [str(p) for p in refused.value.problems] == [f"{small} (--set): uncertainty.nope.x: not a parameter path: no key "
                     "'nope' (has: name, description, base, period, simulation, "
                     "participants, employment, providers, costs, funding, prices, "
                     "passive_benefits, returns, uncertainty, actuals)"]


def _booked_refusal(tmp_path: Path, booked: str) -> tuple[int, list[str], Path]:
    scenario = tmp_path / "scenario.yaml"
    shutil.copy(FIXTURES / "small.yaml", scenario)
    (tmp_path / "spells.csv").write_text("person,provider,entry,exit,exit_reason\n"
                                         "A,alpha,2013-01,2013-04,dropout\nB,beta,2013-02,,\n",
                                         encoding="utf-8")
    path = tmp_path / "booked.csv"
    path.write_text("month,provider,category,amount\n" + booked, encoding="utf-8")
    out = tmp_path / "res"
    result = CliRunner().invoke(main, [
        "run", str(scenario), "-n", "2", "-j", "1", "-q", "--out", str(out),
        "--actuals", str(tmp_path / "spells.csv"), "--as-of", "2013-07", "--booked", str(path)])
    assert not out.exists()
    return result.exit_code, result.output.splitlines(), path


def test_booked_costs_beyond_the_ceiling_or_with_a_cell_too_many(tmp_path: Path) -> None:
    """1e300 EUR used to overflow the cents (exit 1, 'a bug in finsim'), and 10^20 is over
    finsim's ceiling; a fifth cell was silently dropped. (An amount is digits now: ``1e300``
    is refused as no amount.)"""
    huge = "1" + "0" * 20
    code, lines, path = _booked_refusal(tmp_path, "2013-01,alpha,wages,6000,extra\n"
                                                  f"2013-02,alpha,wages,{huge}\n"
                                                  "2013-03,alpha,wages,lots\n")
    assert code == 2
    assert lines == [
        f"{path}:2: has 5 cells, the header names 4 (given: '2013-01,alpha,wages,6000,extra')",
        f"{path}:3: amount: expected an amount in EUR >= 0 and at most 1e+12, finsim's "
        f"ceiling (given: '{huge}')",
        f"{path}:4: amount: expected an amount in EUR >= 0 (given: 'lots')",
    ]
    code, lines, path = _booked_refusal(tmp_path, "2013-01,alpha,wages,900000000000\n"
                                                  "2013-02,alpha,wages,900000000000\n")
    assert code == 2
    assert lines == [f"{path}: amount: the booked amounts add up to 1.8e+12 EUR, above "
                     "finsim's ceiling of 1e+12 EUR"]


def test_set_past_the_end_of_a_list_without_ids_says_how_to_address_it() -> None:
    """It used to say "no item with id '3' (ids: None)"."""
    from finsim.scenario import ScenarioError, load_scenario

    small = FIXTURES / "small.yaml"
    with pytest.raises(ScenarioError) as refused:
        load_scenario(small, ["employment.modifiers.3.placement=0.5",
                              "funding.jobcenter.covers.wages.by_tenure_year.9=0.4"])
    assert [str(p) for p in refused.value.problems] == [
        f"{small} (--set): employment.modifiers.3.placement: no item '3': this list's items "
        "have no ids; address them by position, 0 to 0",
        f"{small} (--set): funding.jobcenter.covers.wages.by_tenure_year.9: no item '9': "
        "this list's items have no ids; address them by position, 0 to 1"]


BRACKETS = "a list's item is named with a dot, not brackets"


def test_a_list_index_in_brackets_is_told_the_dotted_paths_that_work(tmp_path: Path) -> None:
    """``costs.qualification[0].cost`` (a list index as Python writes it) was told "a
    misspelt copy of 'qualification', which is written already? remove one": nothing
    was written twice, and removing nothing helps. Now the paths that name the item, by
    its id and by its position, in --set, a Python call's overrides, --param and an
    uncertainty key alike; an index past the list's end names its ids and positions."""
    import finsim
    from finsim.scenario import ScenarioError, load_scenario

    small = FIXTURES / "small.yaml"
    works = ("costs.qualification.assessment.cost (by id) or costs.qualification.0.cost "
             "(by position)")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(small, ["costs.qualification[0].cost=500", "providers['beta'].slots=3",
                              "providers[-1].employment.hazards.placement=0.1",
                              "providers[2].slots=3"])
    assert [str(p) for p in refused.value.problems] == [
        f"{small} (--set): costs.qualification[0].cost: {BRACKETS}: {works}",
        f"{small} (--set): providers['beta'].slots: {BRACKETS}: providers.beta.slots (by id)",
        f"{small} (--set): providers[-1].employment.hazards.placement: {BRACKETS}: "
        "providers.beta.employment.hazards.placement (by id) or "
        "providers.1.employment.hazards.placement (by position)",
        f"{small} (--set): providers[2].slots: {BRACKETS}: providers.<id>.slots or "
        "providers.<position>.slots (ids: alpha, beta; positions 0 to 1)"]
    with pytest.raises(ScenarioError) as refused:
        finsim.load(small, {"costs.qualification[0].cost": 5})
    assert [str(p) for p in refused.value.problems] == [
        f"{small} (overrides): costs.qualification[0].cost: {BRACKETS}: {works}"]
    assert finsim.load(small, {"costs.qualification.0.cost": 5}).costs.qualification[0].cost == 5
    done = CliRunner().invoke(main, ["sensitivity", str(small), "--param",
                                     "costs.qualification[0].cost=400:500", "-n", "2",
                                     "--out", str(tmp_path / "s")])
    assert done.exit_code == 2
    assert done.output.splitlines()[-1] == (
        f"finsim sensitivity: --param: costs.qualification[0].cost: {BRACKETS}: {works}")
    drawn = tmp_path / "drawn.yaml"
    drawn.write_text(f"base: {small}\nname: drawn\nuncertainty:\n"
                     "  costs.qualification[0].cost: {dist: uniform, low: 400, high: 500}\n",
                     encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(drawn)
    assert [str(p) for p in refused.value.problems] == [
        f"{drawn}:4: uncertainty.costs.qualification[0].cost: not a parameter path: "
        f"{BRACKETS}: {works}"]


def test_an_uncertainty_entry_that_is_not_a_mapping_shows_what_one_looks_like() -> None:
    """Not pydantic's 'input should be a valid dictionary or instance of Distribution'."""
    from finsim.scenario import ScenarioError, load_scenario

    small = FIXTURES / "small.yaml"
    with pytest.raises(ScenarioError) as refused:
        load_scenario(small, ["uncertainty.employment.hazards.placement=0.01"])
    assert [str(p) for p in refused.value.problems] == [
        f"{small} (--set): uncertainty.employment.hazards.placement: expected a distribution, "
        "e.g. {dist: uniform, low: 0.01, high: 0.02} or {dist: triangular, low: 0.9, mode: 1, "
        "high: 1.2, scale: true} (given: 0.01)"]


def test_size_of_a_re_forecast_ending_before_its_as_of_names_the_as_of(tmp_path: Path) -> None:
    """It said 'period.simulate_from: actuals already say who is in the program: leave
    simulate_from out', about a key the user never wrote (size had added it). A period
    that starts after --as-of is planned from a warm-up through the spells; one that
    ends before it cannot be."""
    scenario = tmp_path / "scenario.yaml"
    shutil.copy(FIXTURES / "small.yaml", scenario)
    (tmp_path / "spells.csv").write_text("person,provider,entry,exit,exit_reason\n"
                                         "A,alpha,2013-01,2013-04,dropout\n", encoding="utf-8")
    result = CliRunner().invoke(main, [
        "size", str(scenario), *SIZE[4:], "--start", "2013-01", "--months", "3",
        "--out", str(tmp_path / "res"),
        "--set", "actuals.spells=spells.csv", "--set", "actuals.as_of=2013-07"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "finsim size: --start: the scenario is a re-forecast from actuals (actuals.as_of 2013-07), "
        "which must lie in the planned period 2013-01 to 2013-03 (or be the month after it, or "
        "before its start: the program then runs through the actual spells up to it); plan "
        "a period that holds it, or leave out the actuals (given: '2013-01 + 3 months')"]


def test_compare_says_a_shared_problem_once(tmp_path: Path) -> None:
    small = str(FIXTURES / "small.yaml")
    result = CliRunner().invoke(main, ["compare", small, small, "-n", "2", "-j", "1", "-q",
                                       "--out", str(tmp_path / "res"),
                                       "--set", "providers.zeta.slots=3"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{small} (--set): providers.zeta.slots: no item with id 'zeta' (ids: alpha, beta)"]


def test_max_slots_beyond_the_ceiling_is_refused_before_any_candidate_runs(
        tmp_path: Path, monkeypatch) -> None:
    """It was refused only when the search reached it, after running candidates; and for
    a running program it would have been called too few for the caseload."""
    from finsim.analysis import sizing

    def no_run(*args, **kwargs):
        raise AssertionError("a candidate ran")

    monkeypatch.setattr(sizing.Search, "_run", no_run)
    result = CliRunner().invoke(main, [
        "size", str(FIXTURES / "small.yaml"), *SIZE, "--out", str(tmp_path / "res"),
        "--max-slots", "2000000", "--cap", "land_esf=1e6"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [  # not a provider's scaled slots (1200000)
        "finsim size: --max-slots: expected at most 1,000,000: more would put the providers' slots, all "
        "together, above finsim's ceiling of 1,000,000 in a month (given: 2000000)"]


@pytest.mark.parametrize("command", [
    ["run", "small.yaml"], ["compare", "small.yaml", "small.yaml"],
    ["sensitivity", "small.yaml"], ["size", "small.yaml", *SIZE],
    ["calibrate", "spells.csv", "--scenario", "small.yaml"]])
def test_an_empty_out_is_one_line(command: list[str], tmp_path: Path, monkeypatch) -> None:
    """click made --out '' the current folder, and the refusal named '.' as if the user
    had asked for it."""
    shutil.copy(FIXTURES / "small.yaml", tmp_path / "small.yaml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*command, "--out", ""])
    assert result.exit_code == 2
    what, example = ("file", "fitted.yaml") if command[0] == "calibrate" else (
        "folder", "outputs/mine")
    assert result.output == (f"finsim {command[0]}: --out: an empty value names no {what}; "
                             f"give one, e.g. --out {example} (given: '')\n")
    assert [p.name for p in tmp_path.iterdir()] == ["small.yaml"]


def test_set_past_the_end_of_a_list_with_ids_says_the_position_is_out_of_range() -> None:
    """``costs.qualification.9.cost`` said "no item with id '9'", as if 9 were meant as an
    id: it is a position, and the list has 0 to 5."""
    from finsim.scenario import ScenarioError, load_scenario

    seed = Path(__file__).resolve().parents[1] / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    with pytest.raises(ScenarioError) as refused:
        load_scenario(seed, ["costs.qualification.9.cost=4"])
    assert [str(p) for p in refused.value.problems] == [
        f"{seed} (--set): costs.qualification.9.cost: no item at position 9 (positions 0 to "
        "5) nor with id '9' (ids: assessment, competence, language, driving, debt, training)"]

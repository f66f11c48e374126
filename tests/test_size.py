"""`finsim size`: the plan per funder and year, contingency, and slot sizing by bisection."""

import html
import json
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from finsim.analysis import sanity, sizing
from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.montecarlo.statistics import quantile
from finsim.report.budgets import whole_cells
from finsim.report.cashflow import credit_lines
from finsim.report.html_size import WORDS
from finsim.report.plan import (
    coverage,
    coverage_warnings,
    covered_text,
    cut_to_cap,
    plan_table,
)
from finsim.scenario import CATEGORIES, Month, ScenarioError, load_scenario, scenario_from_dict
from finsim.scenario.paths import deep_merge
from finsim.scenario.replace import replaced

from .conftest import ROOT, SMALL, variant
from .test_sanity import CUT_SLOTS
from .workbook import computed, labelled


def _size(*args: str):
    return CliRunner().invoke(main, ["size", str(SMALL), "--quiet", "--jobs", "1", *args])


@pytest.fixture
def material_only(small_data):
    """land_esf pays material only, at 50 EUR per slot-month everywhere, constant slots
    30 + 10: its total over 24 months is exactly 50 x 24 x slots = 1200 x slots."""
    scn = variant(small_data, providers=[{"id": "beta", "slots": 10,
                                          "costs": {"material": {"per_slot_month": 50}}}],
                  funding=[{"id": "land_esf", "covers": {"material": 1.0}}])
    return sizing.move_period(scn, "2020-01", 24)


def test_plan_means_match_run_of_the_moved_scenario(tmp_path):
    """plan.csv's means are ledger.csv of `finsim run` with the same period, summed by year."""
    moved = ["--set", "period.start=2020-07", "--set", "period.months=18",
             "--set", "period.simulate_from=2013-01"]  # size keeps the program going
    ran = CliRunner().invoke(main, ["run", str(SMALL), "-q", "-n", "20", "--seed", "5",
                                    "--jobs", "1", "--out", str(tmp_path / "run"), *moved])
    assert ran.exit_code == 0, ran.output
    sized = _size("--start", "2020-07", "--months", "18", "--confidence", "0.9", "-n", "20",
                  "--seed", "5", "--out", str(tmp_path / "size"))
    assert sized.exit_code == 0, sized.output
    ledger = pd.read_csv(tmp_path / "run" / "ledger.csv")
    ledger["year"] = ledger.month.str[:4].astype(int)
    expected = ledger.groupby(["year", "category", "funder"]).amount.sum()
    plan = pd.read_csv(tmp_path / "size" / "plan.csv")
    assert list(plan.columns) == ["year", "category", "funder", "amount"]
    means = plan[plan.category != "contingency"].set_index(["year", "category", "funder"])
    assert sorted(means.index.get_level_values("year").unique()) == [2020, 2021]
    # plan and ledger cells are each rounded to cents: half a cent per summed cell; the
    # pairs no rule pays have no ledger rows and are 0 in the plan
    cells = ledger.groupby(["year", "category", "funder"]).size().max()
    expected = expected.reindex(means.index, fill_value=0.0)
    pd.testing.assert_series_equal(means.amount.sort_index(), expected.sort_index(),
                                   check_exact=False, rtol=0, atol=0.005 * (cells + 1))
    assert not (tmp_path / "size" / "size.json").exists()  # no search asked for


def test_contingency_is_quantile_minus_mean_non_negative_and_grows_with_q(small):
    """One calendar year: a funder's yearly total is its funding_ metric, so the lift is
    max(0, Q-quantile - mean) of that metric; it never falls as Q rises."""
    result = run(RunSpec(sizing.move_period(small, "2021-01", 12), 30, 11), jobs=1)
    lifts = []
    for q in (0.3, 0.5, 0.8, 0.95):
        plan = plan_table(result, q)
        lift = plan[plan.category == "contingency"].set_index("funder").amount
        assert (lift >= 0).all()
        values = result.metric("funding_land_esf")
        assert lift["land_esf"] == pytest.approx(max(0.0, np.quantile(values, q) - values.mean()),
                                                 abs=0.005)  # the plan is in cents
        lifts.append(lift)
    for lower, higher in zip(lifts, lifts[1:], strict=False):
        assert (higher >= lower - 1e-9).all()
    assert lifts[-1]["jobcenter"] > lifts[1]["jobcenter"] >= 0  # strictly, where spread is


def test_slots_scale_each_provider_half_up_on_its_own_dates(small):
    """40 slots (30 + 10, beta 20 from 2014): 21 slots is the scale 0.525. alpha 15.75 ->
    16 all along; beta 5.25 -> 5, from 2014 10.5 -> 11 (a largest remainder split of
    2014's rounded total, 26, gave it 10: 16 + 10)."""
    assert sizing.reference_slots(small) == 40
    scaled = sizing.with_slots(small, 21)
    assert scaled.providers[0].slots == 16
    assert scaled.providers[1].slots == {"2013-01": 5, "2014-01": 11}
    same = sizing.with_slots(small, 40)
    assert [p.slots for p in same.providers] == [p.slots for p in small.providers]


def test_cap_on_material_funder_checked_by_hand(material_only):
    """Cap 40,000 on 1,200 EUR per slot: 33 slots (39,600) fit, 34 do not; 33 is 30 x
    33/40 = 24.75 and 10 x 33/40 = 8.25 -> 25 + 8; 32: 24 + 8 (38,400); 34: 25.5 and 8.5,
    each half up, 26 + 9, 35 slots (42,000): the search's count 34 plans 35."""
    caps = sizing.parse_caps(["land_esf=40000"], material_only)
    found = sizing.size(material_only, caps, [], 0.9, 20, 3, jobs=1)
    assert found.slots == 33
    assert found.slots_per_provider == {"alpha": 25, "beta": 8}
    assert found.binding == ["cap land_esf=40000"]
    at = {row["slots"]: row["quantile"] for row in found.checks}
    assert at == pytest.approx({32: 38400.0, 33: 39600.0, 34: 42000.0})
    assert (found.planned.peak, found.planned.scale) == (33, 0.825)
    assert found.warnings == []  # no spread: the answer is certain
    plan = plan_table(found.result, 0.9).set_index(["year", "category", "funder"]).amount
    assert plan[(2020, "material", "land_esf")] == pytest.approx(19800.0)
    assert plan[(2021, "contingency", "land_esf")] == pytest.approx(0.0, abs=1e-6)
    exact = sizing.size(material_only, sizing.parse_caps(["land_esf=39600"], material_only),
                        [], 0.9, 20, 3, jobs=1)
    assert exact.slots == 33  # "within" the cap includes the cap itself


def test_a_search_keeps_whole_results_of_the_answer_only(material_only, monkeypatch):
    """Every candidate's whole result was kept (tens of MiB each at national scale, some
    20 candidates) while the memory estimate counts one: now each keeps only the metrics
    the search reads, no run starts with more than the answer so far alive, and the
    answer's result is the one a fresh run of its slots gives."""
    searches, alive = [], []
    made, running = sizing.Search.__init__, sizing.Search._run

    def spy(self, *args, **kwargs):
        made(self, *args, **kwargs)
        searches.append(self)

    def counted_run(self, spec, label):
        alive.append(len(self.whole))
        return running(self, spec, label)

    monkeypatch.setattr(sizing.Search, "__init__", spy)
    monkeypatch.setattr(sizing.Search, "_run", counted_run)
    caps = sizing.parse_caps(["land_esf=40000"], material_only)
    found = sizing.size(material_only, caps, [], 0.9, 5, 3, jobs=1)
    search = searches[0]
    assert found.slots == 33 and len(alive) == len(search.results) > 10
    assert max(alive) == 1  # the answer so far while the next candidate runs
    assert list(search.whole) == [33] and search.whole[33] is found.result
    assert {tuple(c.values) for c in search.results.values()} == {
        ("funding_land_esf", "occupancy_rate", "referrals_lost", "waiting_at_end")}
    fresh = run(RunSpec(found.result.scenario, 5, 3), 1)
    assert np.array_equal(found.result.metric_values, fresh.metric_values, equal_nan=True)
    assert np.array_equal(found.result.aggregate.ledger, fresh.aggregate.ledger)


def test_a_result_let_go_is_run_again_the_same(material_only):
    """Caps and targets together: the targets' answer may be a candidate the caps' search
    ran and let go; its whole result is run again on the same seeds, the same."""
    search = sizing.Search(material_only, 5, 3, True, 1, None, ("funding_land_esf",))
    first = search.result(20).metric_values.copy()
    search.hold(25)
    search(25)
    assert list(search.whole) == [25]  # 20 let go before 25 ran
    assert np.array_equal(search.result(20).metric_values, first, equal_nan=True)
    assert sorted(search.whole) == [20, 25]


def test_target_on_material_cost_checked_by_hand(material_only):
    """cost_material >= 30,000 needs 30,000 / 1,200 = 25 slots: the search itself, on a
    metric exact by hand (a target on a cost is refused to a user: ``parse_targets``)."""
    targets = [sizing.Constraint("target cost_material=30000", "cost_material", 30000.0,
                                 False, True)]
    found = sizing.size(material_only, [], targets, 0.8, 20, 3, jobs=1)
    assert found.slots == 25
    assert found.binding == ["target cost_material=30000"]
    assert {c["quantile_level"] for c in found.checks} == {0.2}  # 1 - 0.8, not 0.19999...


def test_cap_never_binding_returns_max_slots(tmp_path):
    """A cap no slot count reaches: the answer is --max-slots' default, 10 x 50 slots in
    2025 (alpha 30, beta 20), and nothing binds."""
    out = tmp_path / "s"
    result = _size("--start", "2025-01", "--months", "12", "--confidence", "0.9", "-n", "20",
                   "--cap", "jobcenter=1e12", "--out", str(out))
    assert result.exit_code == 0, result.output
    record = json.loads((out / "size.json").read_text())
    assert record["slots"] == 500 and record["binding"] == []
    assert record["slots_per_provider"] == {"alpha": 300, "beta": 200}
    assert record["confidence"] == 0.9
    assert {"plan.csv", "plan.xlsx", "credit.csv", "size.json"} <= {p.name for p in out.iterdir()}
    credit = pd.read_csv(out / "credit.csv").set_index("provider")["credit_line"]
    assert record["credit_lines"] == pytest.approx(credit.to_dict())  # the answer's lines
    # 4 referrals a month fill far fewer than 500 slots: the answer is only the search's
    # upper end, and a warning says the referrals limit the cost (it answered silently)
    # size.json holds every warning of the job, as run.json does (the terminal's order)
    assert record["warnings"] == json.loads((out / "run.json").read_text())["warnings"]
    assert len(record["warnings"]) == 8 and re.fullmatch(
        r"cap jobcenter=1000000000000 holds up to --max-slots 500, the search's upper end, "
        r"not a limit the cap sets: at 500 slots every referral finds a slot \(none lost or "
        r"waiting\), so the referrals, not the slots, limit the cost \(only \d+% of the "
        r"slots are occupied there, mean\); plan the scenario's own slots \(without --cap\), "
        r"or raise participants.referrals_per_month \(or set it to on_demand\)",
        record["warnings"][0])


def test_many_providers_are_listed_short_and_the_referral_limit_said(tmp_path):
    """400 providers made a Slots line of 4,337 characters with the verdict at its end,
    "none up to --max-slots", though the referrals kept the cost there. Twelve providers
    of 10 slots beside alpha (30) and beta (20 in 2025), --max-slots 340: each twice its
    slots, the first nine listed and "… 5 more"; with
    referrals on demand every slot added is filled, and nothing is said of referrals."""
    scenario = tmp_path / "twelve.yaml"
    scenario.write_text(yaml.safe_dump({"base": str(SMALL), "providers": [
        {"id": f"p{k}", "slots": 10} for k in range(12)]}))
    args = ["size", str(scenario), "-n", "4", "-j", "1", "--start", "2025-01", "--months",
            "12", "--confidence", "0.9", "--cap", "jobcenter=1e12", "--max-slots", "340"]
    done = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")])
    assert done.exit_code == 0, done.output
    record = json.loads((tmp_path / "a" / "size.json").read_text())
    assert record["slots_per_provider"] == {"alpha": 60, "beta": 40,  # all of them
                                            **{f"p{k}": 20 for k in range(12)}}
    assert (record["slots"], record["scale"], record["slots_at_peak"]) == (340, 2.0, 340)
    assert "Slots: 340 at the peak (2025-01), every provider's schedule scaled to 200.0% "\
        "(340 of the scenario's 170 slots in 2025-01, the count the search and --max-slots "\
        "use); each at its own peak: alpha 60, beta 40, p0 20, p1 20, p2 20, p3 20, p4 20, "\
        "p5 20, p6 20, … 5 more providers (all in size.json); binding: none up to "\
        "--max-slots, the search's upper end: the referrals, not the slots, limit the cost "\
        "(see the warning)\n" in done.output
    credit = [line for line in done.output.splitlines() if line.startswith("Credit line")]
    assert len(credit) == 1 and "… 5 more providers (all in credit.csv); all providers' " \
        "cash pooled " in credit[0] and len(credit[0]) < 200
    assert "warning: cap jobcenter=1000000000000 holds up to --max-slots 340" in done.output
    page = (tmp_path / "a" / "report.html").read_text(encoding="utf-8")
    assert "hält bis --max-slots 340, dem oberen Ende der Suche, nicht an einer Grenze, " \
        "die sie setzt: bei 340 Plätzen findet jede Zuweisung einen Platz" in page
    open_door = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "b"), "--set",
                                          "participants.referrals_per_month=on_demand"])
    assert open_door.exit_code == 0, open_door.output
    assert "referrals, not the slots" not in open_door.output
    assert "binding: none up to --max-slots\n" in open_door.output


def test_a_running_program_is_never_sized_below_the_people_already_in_it(small_data,
                                                                         tmp_path):
    """Four people hold slots at beta when the period starts: a candidate with fewer
    slots at beta would dismiss them. The search starts at the fewest slots that hold
    them (before, the first candidate, 1 slot, was refused as the caseload's error)."""
    caseload = tmp_path / "caseload.csv"
    caseload.write_text("person,provider,entry,exit,exit_reason,referral,sex\n" + "".join(
        f"p{i},beta,2019-0{i + 1}-01,,,,female\n" for i in range(4)))
    scn = sizing.move_period(variant(
        small_data, participants={"initial": str(caseload)},
        providers=[{"id": "beta", "slots": 10, "costs": {"material": {"per_slot_month": 50}}}],
        funding=[{"id": "land_esf", "covers": {"material": 1.0}}]), "2020-01", 24)
    search = sizing.Search(scn, 4, 3, True, 1, None)
    floor = sizing.fewest_that_fit(search, 400)
    assert floor > 1 and search.fits(floor) and not search.fits(floor - 1)
    assert sizing.scaled_slots(scn, floor)[0].tolist() == [11, 4]  # beta: its four people
    found = sizing.size(scn, sizing.parse_caps(["land_esf=40000"], scn), [], 0.9, 4, 3,
                        jobs=1)
    assert found.slots == 33 and found.slots_per_provider == {"alpha": 25, "beta": 8}
    with pytest.raises(ScenarioError) as refused:
        sizing.size(scn, sizing.parse_caps(["land_esf=1000"], scn), [], 0.9, 4, 3, jobs=1)
    # why the floor: beta's four people need 10 x N / 40 >= 3.5, so N >= 14 (alpha 10.5
    # -> 11, beta 3.5 -> 4); one slot fewer (13: beta 3.25 -> 3) leaves one short; the
    # cap's quantile as money: 50 x 24 months x the 15 slots the scale plans
    assert floor == 14 and str(refused.value) == (
        "--cap: land_esf=1000: cannot be kept with probability 0.9 even with 14 slots (its "
        "90% quantile there is 18,000.00 EUR): the fewest that hold the people already in "
        "the program, everyone caseload.csv puts in a slot at the period start 2020-01, "
        "until their maximum exit (with 13: 4 people at beta in 2020-01, which has 3 slots "
        "then); raise the cap")


def _three_providers(small_data: dict, spells: Path) -> dict:
    """alpha 3, beta 7, gamma 5 slots all along; land_esf pays the material only, 50 EUR
    per slot-month: 1,200 EUR per slot over the 24 months; actual spells to 2013-04."""
    return deep_merge(small_data, {
        "providers": [{"id": "alpha", "slots": 3},
                      {"id": "beta", "slots": 7, "costs": {"material": {"per_slot_month": 50}}},
                      {"id": "gamma", "name": "Gamma", "slots": 5}],
        "funding": [{"id": "land_esf", "covers": {"material": 1.0}}],
        "actuals": {"spells": str(spells), "as_of": "2013-04"}})


def test_every_candidate_from_the_floor_up_holds_the_actual_people(small_data, tmp_path):
    """Two actual people at alpha, one at gamma, of 3, 7 and 5 slots (15). Each provider's
    slots are its own times N / 15, half up, so they never fall as N grows (split in
    proportion by largest remainder, 7 slots gave alpha 2 but 8 gave it 1): the floor
    is the fewest N whose scaled slots hold them, and every N above it holds them too.
    Alpha's two (present from January, carried over at as_of to their maximum exit, past
    the period's end) need 3 x N / 15 >= 1.5, N >= 8 (alpha 1.6 -> 2, beta 3.73 -> 4,
    gamma 2.67 -> 3); gamma's one from February needs only N >= 2."""
    spells = tmp_path / "spells.csv"
    spells.write_text("person,provider,entry,exit,exit_reason\nA,alpha,2013-01-01,,\n"
                      "B,alpha,2013-01-01,,\nC,gamma,2013-02-01,,\n", encoding="utf-8")
    scn = scenario_from_dict(_three_providers(small_data, spells))
    held = sizing.slots_held(scn)
    assert held.tolist() == [[2, 0, 0]] + [[2, 0, 1]] * 23
    search = sizing.Search(scn, 2, 3, True, 1, None)
    floor = sizing.fewest_that_fit(search, 150)
    assert floor == 8 and sizing.scaled_slots(scn, 8)[:2].tolist() == [[2, 4, 3]] * 2
    assert not search.fits(7) and str(search.refused[7]) == (
        f"{spells}:3: provider: 2 people at alpha in 2013-01, which has 1 slot then "
        "(given: 'alpha')")
    with pytest.raises(ScenarioError) as refused:  # the spells have months: said so
        sizing.size(scn, sizing.parse_caps(["land_esf=1"], scn), [], 0.9, 2, 3, jobs=1)
    assert str(refused.value).endswith(
        "the fewest that hold the people already in the program, everyone in a slot in each "
        "month of spells.csv up to --as-of 2013-04 and whoever is still in then until their "
        "maximum exit (with 7: 2 people at alpha in 2013-01, which has 1 slot then); raise "
        "the cap")
    for total in range(floor, 151):
        assert (sizing.scaled_slots(scn, total) >= held).all(), total
    assert all(search.fits(total) for total in range(floor, 20))
    path = tmp_path / "three.yaml"
    path.write_text(yaml.safe_dump(_three_providers(small_data, spells)), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["size", str(path), "--start", "2013-01", "--months",
                                       "24", "--confidence", "0.9", "--cap", "land_esf=12000", "-n", "2",
                                       "--seed", "7", "--jobs", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    # 1,200 EUR a slot: 10 slots. N = 10 plans alpha 2, beta 4.67 -> 5, gamma 3.33 -> 3;
    # N = 11 plans 11 (2, 5.13 -> 5, 3.67 -> 4), 13,200 EUR
    assert "Slots: 10 at the peak (2013-01), every provider's schedule scaled to 66.7% (10 "\
        "of the scenario's 15 slots in 2013-01, the count the search and --max-slots use); "\
        "each at its own peak: alpha 2, beta 5, gamma 3; binding: cap land_esf=12000\n" \
        in result.output
    assert (out / "plan.csv").is_file()


def test_the_people_carried_over_keep_their_slots_until_their_maximum_exit(small_data,
                                                                         tmp_path):
    """A re-forecast at 2013-04: A (18 of 24 months funded before, so out by 2013-07-01)
    and B (from February, 24 months: past the period) are in at alpha; C left gamma on 1
    March. Alpha needs 1 slot in January, 2 from February, and 2 in the forecast months
    until A's maximum exit, then 1 (before: nothing from April on); gamma 1 to February."""
    spells = tmp_path / "spells.csv"
    spells.write_text("person,provider,entry,exit,exit_reason,months_funded_before\n"
                      "A,alpha,2013-01-01,,,18\nB,alpha,2013-02-01,,,\n"
                      "C,gamma,2013-01-10,2013-03-01,dropout,\n", encoding="utf-8")
    held = sizing.slots_held(scenario_from_dict(_three_providers(small_data, spells)))
    assert held.tolist() == [[1, 0, 1], [2, 0, 1]] + [[2, 0, 0]] * 4 + [[1, 0, 0]] * 18


def test_the_next_period_is_sized_for_at_least_the_people_carried_over(small_data,
                                                                       tmp_path):
    """Three actual people at alpha (of 3, 7, 5 slots), all in at --as-of 2013-04, planned
    for 2014 after a warm-up. Before, they counted only in their entry months, so 3 slots
    split in proportion gave alpha 1 from April 2013 on: a plan for 3 slots with 3 people
    at alpha and 1 slot there. Now every month from their last entry holds all three,
    and alpha's scaled slots hold them from N = 13 (3 x 13 / 15 = 2.6 -> 3; beta 6.07 ->
    6, gamma 4.33 -> 4), in every month, the warm-up's too."""
    spells = tmp_path / "spells.csv"
    spells.write_text("person,provider,entry,exit,exit_reason\nA,alpha,2013-01-05,,\n"
                      "B,alpha,2013-02-01,,\nC,alpha,2013-03-10,,\n", encoding="utf-8")
    scn = sizing.move_period(scenario_from_dict(_three_providers(small_data, spells)),
                             "2014-01", 12)
    found = sizing.size(scn, [], sizing.parse_targets(["entries=1"], scn), 0.9, 2, 3, jobs=1)
    assert found.slots == 13 and found.slots_per_provider == {"alpha": 3, "beta": 6,
                                                              "gamma": 4}
    assert (sizing.scaled_slots(scn, 13) == [3, 6, 4]).all()  # 2013-01 to 2014-12
    assert (sizing.scaled_slots(scn, 12)[:, 0] == 2).all()  # 2.4 -> 2: one short


def test_a_caseload_s_people_keep_their_slots_when_the_schedule_falls(small_data, tmp_path):
    """Three people at alpha at the start, whose slots fall from 4 to 2 in July. Before,
    only the start was checked: 3 slots passed, planning 2 slots at alpha (1.5 rounded
    half up) from July for three people who may stay to 2021. Now 5 (2.5 -> 3 in July)."""
    caseload = tmp_path / "caseload.csv"
    caseload.write_text("person,provider,entry,exit,exit_reason,referral,sex\n" + "".join(
        f"p{i},alpha,2019-0{i + 1}-01,,,,female\n" for i in range(3)))
    scn = sizing.move_period(variant(
        small_data, participants={"initial": str(caseload)},
        providers=[{"id": "alpha", "slots": {"2020-01": 4, "2020-07": 2}},
                   {"id": "beta", "slots": 0}]), "2020-01", 12)
    assert (sizing.slots_held(scn) == [3, 0]).all()
    search = sizing.Search(scn, 2, 3, True, 1, None)
    assert sizing.fewest_that_fit(search, 40) == 5 and not search.fits(4)
    short = ("3 people at alpha in 2020-07 who were in a slot at the period start 2020-01 and "
             "may stay up to their maximum duration (p2 among them, latest exit 2021-03-01), "
             "which has 2 slots then")
    assert str(search.refused[4]) == f"{caseload}:4: provider: {short} (given: 'alpha')"
    with pytest.raises(ScenarioError) as refused:
        sizing.size(scn, sizing.parse_caps(["land_esf=1"], scn), [], 0.9, 2, 3, jobs=1)
    # 5 is the falling schedule scaled until July's 2 hold the three (2.5 -> 3), not the
    # fewest that hold them: before, the line called it so and said "raise the cap"
    assert str(refused.value) == (
        "--cap: land_esf=1: cannot be kept with probability 0.9 even with 5 slots (its 90% "
        "quantile there is 47,968.11 EUR): the schedule falls to 2 slots in 2020-07 (alpha "
        "2), below the 3 people already in the program who may still be in then, up to "
        f"their maximum exit (alpha 3), so only the whole schedule scaled to 5 holds them "
        f"(with 4: {short}); 5 is this schedule's shape, not the fewest slots that hold "
        "them (3 flat would): cut the slots only as people reach their maximum exits (or "
        "plan with the slots flat), then size again")
    assert sizing.shape_binds(scn) == sizing.ShapeBinds("2020-07", 2, 3, "alpha", 2, 3, 3)
    flat = sizing.move_period(variant(
        small_data, participants={"initial": str(caseload)},
        providers=[{"id": "alpha", "slots": 4}, {"id": "beta", "slots": 0}]), "2020-01", 12)
    assert sizing.shape_binds(flat) is None  # the floor is the people: 3, as said above
    assert sizing.fewest_that_fit(sizing.Search(flat, 2, 3, True, 1, None), 40) == 3


def test_unreachable_target_exits_2_with_one_clear_line(tmp_path):
    result = _size("--start", "2025-01", "--months", "12", "--confidence", "0.9", "-n", "20",
                   "--target", "entries=100000", "--max-slots", "60",
                   "--out", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert result.output.startswith("finsim size: --target: entries=100000: cannot be reached with "
                                    "probability 0.9 even at --max-slots 60")
    assert "Traceback" not in result.output and len(result.output.splitlines()) == 1
    assert not (tmp_path / "s").exists()


# each named after the command, as click's refusals of -n and --jobs are, whichever
# stage finds it
@pytest.mark.parametrize("args, message", [
    (["--cap", "jobcentre=1000"], "finsim size: --cap: jobcentre: unknown funder"),
    (["--target", "placements=3"], "finsim size: --target: placements: unknown metric"),
    (["--confidence", "1"], "finsim size: --confidence: expected a number strictly between "
     "0 and 1, e.g. 0.9 for 90 % (given: '1')\n"),
    # quoted as typed: it said (given: 90.0)
    (["--confidence", "90"], "finsim size: --confidence: expected a number strictly between "
     "0 and 1, e.g. 0.9 for 90 % (given: '90') — write 0.9 for 90 %\n"),
    # click's bare "'0,9' is not a valid float", without the hints --cap and --set give
    (["--confidence", "0,9"], "finsim size: --confidence: expected a number strictly "
     "between 0 and 1, e.g. 0.9 for 90 % (given: '0,9') — a decimal point: 0.9\n"),
    (["--confidence", "90%"], "finsim size: --confidence: expected a number strictly "
     "between 0 and 1, e.g. 0.9 for 90 % (given: '90%') — write 0.9 for 90 %\n"),
    (["--cap", "land_esf=lots"], "finsim size: --cap: expected NAME=NUMBER"),
    # a German thousands point: 500.000 was 500 EUR (a cap refused as too low, a target met
    # by 1 slot), and a decimal comma got no hint
    (["--cap", "land_esf=500.000"], "finsim size: --cap: land_esf: ambiguous: write 500000 if the "
     "point parts thousands, 500.0 if it parts decimals (given: 'land_esf=500.000')"),
    (["--target", "entries=1.000"], "finsim size: --target: entries: ambiguous: write 1000 if the "
     "point parts thousands, 1.0 if it parts decimals (given: 'entries=1.000')"),
    (["--cap", "land_esf=1.500.000"], "finsim size: --cap: land_esf: thousands points: write "
     "1500000 (finsim reads a point as the decimal point) (given: 'land_esf=1.500.000')"),
    # thousands commas or blanks got a bare "expected NAME=NUMBER"
    (["--cap", "land_esf=1,500,000"], "finsim size: --cap: expected NAME=NUMBER (a finite number >= 0), e.g. "
     "--cap land_esf=500000 (given: 'land_esf=1,500,000') — thousands commas: write 1500000"),
    (["--cap", "land_esf=1 500 000"], "finsim size: --cap: expected NAME=NUMBER (a finite number >= 0), e.g. "
     "--cap land_esf=500000 (given: 'land_esf=1 500 000') — thousands blanks: write 1500000"),
    (["--cap", "1,500,000"], "finsim size: --cap: expected NAME=NUMBER (a finite number >= 0), e.g. "
     "--cap land_esf=500000 (given: '1,500,000') — thousands commas: write 1500000"),
    (["--cap", "land_esf=500000,50"], "finsim size: --cap: expected NAME=NUMBER (a finite number >= 0), e.g. "
     "--cap land_esf=500000 (given: 'land_esf=500000,50') — a decimal point: 500000.50"),
    # an English export's money got no hint, where German Excel's 6.100,00 got one
    (["--cap", "land_esf=6,100.00"], "finsim size: --cap: expected NAME=NUMBER (a finite number >= 0), e.g. "
     "--cap land_esf=500000 (given: 'land_esf=6,100.00') — write 6100.00"),
    (["--cap", "land_esf=6.100,00"], "finsim size: --cap: expected NAME=NUMBER (a finite number >= 0), e.g. "
     "--cap land_esf=500000 (given: 'land_esf=6.100,00') — write 6100.00"),
])
def test_user_mistakes_exit_2(tmp_path, args, message):
    base = ["--start", "2025-01", "--months", "12", "--confidence", "0.9", "-n", "5"]
    result = _size(*base, *args, "--out", str(tmp_path / "s"))
    assert result.exit_code == 2 and result.output.startswith(message), result.output


@pytest.mark.parametrize(("start", "max_slots", "most"), [
    ("2014-01", "1000000000", "1,000,000"),  # 30 + 20 slots throughout
    ("2013-06", "900000", "800,000"),  # 40 slots in June, 50 from 2014-01: x 20,000
])
def test_a_max_slots_past_the_ceiling_is_refused_itself(tmp_path, start, max_slots, most):
    """The candidate at --max-slots was refused instead: two lines quoting each
    provider's slots and schedule, scaled (``providers.alpha.slots ... (given:
    600000000)``), values nobody typed."""
    result = _size("--start", start, "--months", "12", "--confidence", "0.9", "-n", "2",
                   "--cap", "land_esf=100000", "--max-slots", max_slots,
                   "--out", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"finsim size: --max-slots: expected at most {most}: more would put the providers' slots, all "
        f"together, above finsim's ceiling of 1,000,000 in a month (given: {max_slots})\n")
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("cap", ["inf", "-inf", "nan"])
def test_a_cap_that_is_no_finite_number_says_finite(tmp_path, cap):
    """It said "(a number >= 0)", which inf is."""
    result = _size("--start", "2025-01", "--months", "12", "--confidence", "0.9", "-n", "2",
                   "--cap", f"land_esf={cap}", "--out", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert result.stderr == ("finsim size: --cap: expected NAME=NUMBER (a finite number >= 0), e.g. --cap "
                             f"land_esf=500000 (given: 'land_esf={cap}')\n")


def test_warns_when_replications_cannot_tell_neighbours_apart(small):
    """A cap set at the very quantile of 45 slots lies inside that quantile's own
    bootstrap interval: the answer is 45 and too close to call."""
    moved = sizing.move_period(small, "2025-01", 12)
    values = run(RunSpec(sizing.with_slots(moved, 45), 20, 3), jobs=1).metric("funding_land_esf")
    cap = float(np.quantile(values, 0.9))
    found = sizing.size(moved, sizing.parse_caps([f"land_esf={cap}"], moved), [], 0.9, 20, 3,
                        max_slots=60, jobs=1)
    assert found.slots == 45
    assert any("too few to tell 45 slots from 46" in w for w in found.warnings)
    row = next(r for r in found.checks if r["slots"] == 45)
    assert row["interval90"][0] <= cap <= row["interval90"][1]


def test_workbook_years_as_columns_with_totals(tmp_path):
    out = tmp_path / "s"
    assert _size("--start", "2020-07", "--months", "18", "--confidence", "0.9", "-n", "10",
                 "--out", str(out)).exit_code == 0
    book = computed(out / "plan.xlsx")
    rows = labelled(book["Finanzierungsplan"])
    # one share column, two denominators, said in its header (2.2 of the funding, 3.2 of
    # the requests: the probe's 65 % and 74 % of one funder)
    assert rows["Position"] == ("Berechnung", "2020", "2021", "Gesamt", "Anteil (2.x: an der "
                                "Summe Finanzierung, 3.x: an der Summe beantragte Mittel)")
    plan = pd.read_csv(out / "plan.csv")
    total = plan.amount.sum()
    public = plan[plan.funder.isin(["jobcenter", "land_esf"])].amount.sum()
    own = plan[plan.funder == "employers"].amount.sum()
    # the employers are not public: an own contribution, not summed with the requests
    assert rows["Summe beantragte Mittel (öffentliche Geldgeber) inkl. Risikozuschlag"][3] \
        == pytest.approx(public)
    assert rows["     Employers: Summe"][3] == pytest.approx(own)
    assert not any(str(k).startswith("3.") and "Employers" in str(k) for k in rows)
    assert rows["Summe aller Finanzierungsanteile, je mit eigenem Risikozuschlag"][3] \
        == pytest.approx(total)
    assert "Annahmen" in book and "Mengengerüst" in book


def test_lang_en_writes_the_plan_workbook_in_english(tmp_path):
    """size --lang en: plan.xlsx in English, the same request as plan.csv; the page too."""
    out = tmp_path / "s"
    assert _size("--start", "2020-07", "--months", "18", "--confidence", "0.9", "-n", "10",
                 "--lang", "en", "--out", str(out)).exit_code == 0
    book = computed(out / "plan.xlsx")
    assert list(book) == ["Funding plan", "Quantities", "Fiscal balance", "Assumptions"]
    rows = labelled(book["Funding plan"])
    assert rows["Line"] == ("Computed as", "2020", "2021", "Total",
                            "Share (2.x: of total funding, 3.x: of total requested)")
    plan = pd.read_csv(out / "plan.csv")
    asked = plan[plan.funder != "employers"].amount.sum()  # no gap here; employers not public
    assert rows["Total requested (public funders) incl. contingency"][3] == pytest.approx(asked)
    assert "Not requested: own contribution (money that is not public, no request)" in rows
    assert "<html lang='en'>" in (out / "report.html").read_text(encoding="utf-8")


def test_default_folder_is_outputs_stem_size(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _size("--start", "2020-01", "--months", "6", "--confidence", "0.5",
                 "-n", "5").exit_code == 0
    assert (tmp_path / "outputs" / "small-size" / "plan.csv").exists()


def test_caps_and_targets_together_answer_the_fewest_slots_within_the_caps(material_only):
    """Target 30,000 needs 25 slots, cap 40,000 allows 33: 25. Cap 24,000 allows 20: refused."""
    targets = [sizing.Constraint("target cost_material=30000", "cost_material", 30000.0,
                                 False, True)]
    both = sizing.size(material_only, sizing.parse_caps(["land_esf=40000"], material_only),
                       targets, 0.9, 10, 3, jobs=1)
    assert both.slots == 25
    assert both.bounds == {"largest_within_caps": 33, "smallest_reaching_targets": 25}
    with pytest.raises(ScenarioError, match="the targets need 25 slots but the caps allow at "
                                            "most 20"):
        sizing.size(material_only, sizing.parse_caps(["land_esf=24000"], material_only),
                    targets, 0.9, 10, 3, jobs=1)


def test_too_few_replications_said_in_either_language():
    """The terminal and size.json say it in English, a German page in German numbers."""
    row = {"constraint": "land_esf <= 2,000,000", "metric": "funding_land_esf",
           "bound": 2_000_000.0, "slots": 45, "quantile_level": 0.9,
           "interval90": [1_987_654.25, 2_012_345.75]}
    found = sizing.TooFew(20, 45, 46, row)
    assert found.text() == (
        "20 replications are too few to tell 45 slots from 46 (land_esf <= 2,000,000): at 45 "
        "slots the 90 % bootstrap interval of the 90% quantile of funding_land_esf "
        "(1,987,654.25 EUR – 2,012,345.75 EUR) contains 2,000,000.00 EUR; rerun with more --replications")
    assert found.text("de") == (
        "20 Replikationen reichen nicht, um 45 Plätze von 46 zu unterscheiden (land_esf <= "
        "2,000,000): bei 45 Plätzen enthält das 90-%-Bootstrap-Intervall des 90-%-Quantils "
        "von funding_land_esf (1.987.654,25 EUR – 2.012.345,75 EUR) den Wert 2.000.000,00 EUR; mit mehr "
        "--replications erneut rechnen")
    alone = sizing.TooFew(20, 1, None, row)
    assert "from its neighbours" in alone.text() and "von den Nachbarwerten" in alone.text("de")


def test_the_search_is_said_in_the_page_s_words():
    """The page said "Bindende Vorgabe: cap jobcenter=15000000" (a capital after a
    semicolon, the option as typed) and "des 90-%-Quantils von funding_jobcenter": now
    the funder's name as the tables give it, the amount in the page's numbers, the
    metric's label."""
    from types import SimpleNamespace

    from finsim.report.html_size import constraint_text, search_section

    funding = [SimpleNamespace(id="jobcenter", name="Jobcenter Dortmund", public=True)]
    result = SimpleNamespace(scenario=SimpleNamespace(funding=funding))
    check = {"constraint": "cap jobcenter=15000000", "metric": "funding_jobcenter",
             "bound": 15_000_000.0, "slots": 158, "quantile_level": 0.9,
             "quantile": 14_990_000.0, "interval90": [14_950_000.0, 15_020_000.0],
             "met": True}
    said = "Obergrenze Jobcenter Dortmund: 15.000.000 EUR"
    assert constraint_text(check, result, "de") == said
    assert constraint_text(check, result, "en") == "cap Jobcenter Dortmund: 15,000,000 EUR"
    planned = sizing.PlannedSlots(158, 79, "2026-01", 1316, "2027-03",
                                  {"caritas": 158, "cjd": 1158})
    found = SimpleNamespace(result=result, checks=[check], binding=[check["constraint"]],
                            slots=158, slots_per_provider=planned.per_provider,
                            planned=planned)
    page = search_section(found, "de")
    assert ("<p><b>Plätze:</b> 1.316 zur Spitze (März 2027), der Plan jedes Trägers auf "
            "200,0 % skaliert (158 der 79 Plätze des Szenarios im Januar 2026, die Zahl der "
            "Suche und von --max-slots); jeder zu seiner eigenen Spitze: caritas 158, cjd "
            f"1.158; <b>bindende Vorgabe:</b> {said}</p>") in page
    assert f"<tr><th scope='row'>{said}</th><td>15.000.000</td>" in page and "cap jobcenter" not in page
    text = sizing.TooFew(20, 158, 159, check).text("de", said, "Finanzierung: Jobcenter")
    assert ("um 158 Plätze von 159 zu unterscheiden (Obergrenze Jobcenter Dortmund: "
            "15.000.000 EUR): bei 158 Plätzen enthält das 90-%-Bootstrap-Intervall des "
            "90-%-Quantils von Finanzierung: Jobcenter (") in text


def test_a_target_s_bound_and_quantile_are_in_its_metric_s_unit():
    """The page wrote a target's bound and quantile as whole numbers: placements' 90 %
    quantile 19.6 read "20" beside a bound of 20 and "nein" (not met), a target
    occupancy_rate=0.85 read "1" for both; the terminal and the warnings wrote the rate
    "0.8". Now a count to one decimal and a rate in percent, as the run page."""
    from types import SimpleNamespace

    from finsim.report.html_size import constraint_text, search_section

    result = SimpleNamespace(scenario=SimpleNamespace(funding=[]))
    placed = {"constraint": "target exits_placement=20", "metric": "exits_placement",
              "bound": 20.0, "slots": 45, "quantile_level": 0.1, "quantile": 19.6,
              "interval90": [19.2, 20.4], "met": False}
    full = {"constraint": "target occupancy_rate=0.85", "metric": "occupancy_rate",
            "bound": 0.85, "slots": 45, "quantile_level": 0.1, "quantile": 0.853,
            "interval90": [0.84, 0.86], "met": True}
    assert constraint_text(placed, result, "de") == "Ziel Vermittlungen in Arbeit: 20,0"
    assert constraint_text(full, result, "en") == "target Occupancy of the slots: 85.0 %"
    planned = sizing.PlannedSlots(45, 45, "2026-01", 45, "2026-01", {"caritas": 45})
    found = SimpleNamespace(result=result, checks=[placed, full], binding=[],
                            slots=45, slots_per_provider=planned.per_provider,
                            planned=planned)
    page = search_section(found, "de")
    assert "<td>20,0</td><td>45</td><td>19,6</td><td>nein</td>" in page
    assert "<td>85,0 %</td><td>45</td><td>85,3 %</td><td>ja</td>" in page
    assert sizing.amount(0.85, "occupancy_rate") == "85.0%"
    assert sizing.amount(0.85, "occupancy_rate", "de") == "85,0 %"
    assert sizing.amount(19.6, "exits_placement", "de") == "19,6"


def test_max_slots_without_a_search_is_refused(tmp_path):
    """--max-slots bounds the search of --cap or --target; alone it did nothing and the
    plan ran with the scenario's own slots (exit 0). Now one line, exit 2, nothing
    written; through the Python API the same."""
    import finsim

    out = tmp_path / "plan"
    result = CliRunner().invoke(main, ["size", str(SMALL), "--start", "2014-01", "--months",
                                       "12", "--confidence", "0.9", "--max-slots", "50",
                                       "-n", "2", "-j", "1", "--out", str(out)])
    assert result.exit_code == 2
    assert result.output == ("finsim size: --max-slots: applies only with --cap or --target, which "
                             "search the slots; without them size plans the scenario's own slots "
                             "(given: 50)\n")
    assert not out.exists()
    with pytest.raises(ScenarioError, match=r"finsim.size: max_slots: applies only with caps "
                       r"or targets.*\(given: 50\)"):
        finsim.size(SMALL, start="2014-01", months=12, confidence=0.9, max_slots=50,
                    replications=2, jobs=1)


def test_a_drawn_slot_count_is_refused_with_a_search(tmp_path, small_data):
    """A draw that replaces a provider's slots ran every replication with the drawn count,
    not the candidate's: the search answered slots it never simulated. Now one line,
    exit 2, before the work; a scale: true draw (it multiplies the candidate's slots) and
    --no-uncertainty are taken, and so is the plan without a search."""
    import yaml

    data = {**small_data, "uncertainty": {
        **small_data["uncertainty"], "providers.beta.slots": {"dist": "uniform", "low": 8,
                                                              "high": 12}}}
    path = tmp_path / "drawn.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    base = ["size", str(path), "--start", "2014-01", "--months", "12", "--confidence",
            "0.9", "-n", "2", "-j", "1", "--quiet"]
    out = tmp_path / "cap"
    refused = CliRunner().invoke(main, [*base, "--cap", "land_esf=1e5", "--out", str(out)])
    assert refused.exit_code == 2
    assert refused.output == (
        "finsim size: --cap: uncertainty.providers.beta.slots: --cap/--target choose the slots; a "
        "drawn slot count would replace them in every replication, so the answer would name slots "
        "never simulated: drop the draw, make it scale: true (it then multiplies the "
        "candidate's slots) or use --no-uncertainty\n")
    assert not out.exists()
    target = CliRunner().invoke(main, [*base, "--target", "entries=1", "--out", str(out)])
    assert target.exit_code == 2 and target.output.startswith("finsim size: --target: "
                                                              "uncertainty.provid")
    scn = sizing.move_period(variant(data), "2014-01", 12)
    with pytest.raises(ScenarioError, match="uncertainty.providers.beta.slots"):
        sizing.size(scn, sizing.parse_caps(["land_esf=1e5"], scn), [], 0.9, 2, 1, jobs=1)
    for extra in (["--no-uncertainty", "--cap", "land_esf=1e9", "--max-slots", "3"], []):
        done = CliRunner().invoke(main, [*base, *extra, "--out", str(tmp_path / str(len(extra)))])
        assert done.exit_code == 0, done.output
    data["uncertainty"]["providers.beta.slots"] = {"dist": "uniform", "low": 0.8, "high": 1.2,
                                                   "scale": True}
    scaled = sizing.move_period(variant(data), "2014-01", 12)
    found = sizing.size(scaled, sizing.parse_caps(["land_esf=1e12"], scaled), [], 0.9, 2, 1,
                        max_slots=3, jobs=1)
    assert found.slots == 3


def test_a_search_keeps_the_warm_up_schedule_on_its_dates(small):
    """beta has 10 slots in 2013 and 20 from 2014; planned from 2014-01 the program is
    simulated from 2013-01. The candidate keyed its schedule from the period's months
    only, so 20 held in the warm-up too (another program). At the scenario's own size
    (50) the candidate is the scenario, warm-up and all, and a search that answers 50
    gives the plan without a search to the cent; at 25 the warm-up is halved too."""
    moved = sizing.move_period(small, "2014-01", 12)
    assert moved.period.simulate_from == "2013-01"
    assert [p.slots for p in sizing.with_slots(moved, 50).providers] == [30, {"2013-01": 10,
                                                                              "2014-01": 20}]
    assert [p.slots for p in sizing.with_slots(moved, 25).providers] == [15, {"2013-01": 5,
                                                                              "2014-01": 10}]
    found = sizing.size(moved, sizing.parse_caps(["jobcenter=1e12"], moved), [], 0.9, 4, 7,
                        max_slots=50, jobs=1)
    assert found.slots == 50
    plain = run(RunSpec(moved, 4, 7), jobs=1)
    for name in ("entries", "cost_total", "funding_jobcenter", "participants_at_end"):
        assert found.result.metric(name).tolist() == plain.metric(name).tolist(), name


def test_a_period_before_the_lands_kdu_table_is_refused_as_run_refuses_it(tmp_path):
    """The minimum-wage scenario's kdu_federal_share is NW, whose table starts in 2024.
    Moving the period re-validated the dumped data, where NW had become a schedule
    holding its 2024 value before it: size planned 2020 (exit 0) that run refuses. Now
    the same line, exit 2, nothing written; finsim.load(scenario, overrides) alike."""
    import finsim

    from .conftest import ROOT

    scenario = ROOT / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
    out = tmp_path / "y2020"
    result = CliRunner().invoke(main, ["size", str(scenario), "--start", "2020-01",
                                       "--months", "24", "--confidence", "0.9", "-n", "2",
                                       "-j", "1", "--out", str(out)])
    assert result.exit_code == 2
    assert result.output == (
        "finsim size: --start/--months: passive_benefits.parts.kdu_federal_share: finsim's table "
        "for NW starts in 2024, the period in 2020-01: give the share as a number or a schedule "
        "(e.g. {2013-01: 0.276, 2024-01: 0.713})\n")
    assert not out.exists()
    with pytest.raises(ScenarioError, match="finsim's table for NW starts in 2024"):
        finsim.load(finsim.load(scenario), {"period.start": "2020-01"})
    assert sizing.move_period(finsim.load(scenario), "2024-01", 12).period.start == "2024-01"


def test_the_terminal_names_the_confidence_with_the_decimals_it_needs(tmp_path):
    """--confidence 0.975 was printed as 98% (title, the period quantile's column, the
    credit line) while plan.xlsx says 97,5 %; a target's level 1 - Q is 2.5%."""
    from finsim.analysis.words import level

    assert [level(q) for q in (0.9, 0.975, 0.025, 0.9995, 0.5)] == [
        "90%", "97.5%", "2.5%", "99.95%", "50%"]
    assert level(0.975, "de") == "97,5 %"
    result = CliRunner().invoke(main, ["size", str(SMALL), "--start", "2014-01", "--months",
                                       "12", "--confidence", "0.975", "-n", "4", "-j", "1",
                                       "--target", "entries=1", "--max-slots", "3",
                                       "--out", str(tmp_path / "s")],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "request per funder at 97.5% confidence (EUR)" in result.output
    assert "period 97.5% quantile" in result.output
    # own money and the gap are no request; the total's own quantile beside the sum
    assert "employers (own contribution, not requested)" in result.output
    assert "sum of requests (public funders)" in result.output
    assert "total expenditure: 97.5% quantile (of the total itself)" in result.output
    assert "Credit line needed at 97.5% confidence (EUR)" in result.output
    assert "target entries=1: 2.5% quantile" in result.output
    assert "98% confidence" not in result.output and "98% quantile" not in result.output


def _page_text(out) -> str:
    import re
    page = (out / "report.html").read_text(encoding="utf-8")
    page = re.sub(r"<svg.*?</svg>|<style>.*?</style>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def _german(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def test_the_gap_is_uncovered_not_requested_and_warned_about(tmp_path):
    """A gap is money no funder granted: the page and plan.xlsx show it apart from the
    requests, whose sum leaves it out, and the page warns (it said "Keine Hinweise" with
    a quarter of the cost uncovered); plan.csv keeps it as funder ``gap``."""
    out = tmp_path / "gap"
    done = _size("--start", "2020-01", "--months", "24", "--confidence", "0.9", "-n", "10",
                 "--set", "funding.employers.covers={wages: 0.05}", "--out", str(out))
    assert done.exit_code == 0, done.output
    plan = pd.read_csv(out / "plan.csv")
    gap = plan[plan.funder == "gap"].amount.sum()
    asked = plan[~plan.funder.isin(["gap", "employers"])].amount.sum()  # employers: own
    assert gap > 10_000
    text = _page_text(out)
    assert "Keine Hinweise." not in text and "Finanzierungslücke " in text
    mean_gap = plan[(plan.funder == "gap") & (plan.category != "contingency")].amount.sum()
    assert f"Finanzierungslücke {_german(mean_gap)} EUR (" in text
    assert "Finanzierungslücke: Antrag" not in text
    assert "Finanzierungslücke: ungedeckt, kein Antrag" in text
    assert text.split("Summe: Antrag ")[1].split()[2] == _german(asked)  # 2020, 2021, sum
    rows = labelled(computed(out / "plan.xlsx")["Finanzierungsplan"])
    assert round(rows["Summe beantragte Mittel (öffentliche Geldgeber) inkl. "
                      "Risikozuschlag"][3] * 100) == round(asked * 100)
    assert round(rows["     Finanzierungslücke (ungedeckt): Summe"][3] * 100) == round(gap * 100)
    assert not any(str(label).startswith("3.") and "Finanzierungslücke" in str(label)
                   for label in rows)


def test_the_page_gives_each_funder_s_period_quantile(tmp_path):
    """A funder that grants one sum for the period is asked for the quantile of the
    period total (plan.xlsx's block 4, the terminal's column): the page shows it too.
    Nobody grants the employers' own money (public: false) or the gap: block 4 and the
    page gave them a "Bewilligung" line as well."""
    out = tmp_path / "q"
    assert _size("--start", "2020-07", "--months", "18", "--confidence", "0.9", "-n", "10",
                 "--out", str(out)).exit_code == 0
    rows = labelled(computed(out / "plan.xlsx")["Finanzierungsplan"])
    period = rows["4.2 Land / ESF"][3]
    assert period > 0
    text = _page_text(out)
    assert (f"Land / ESF: Bewilligung für den ganzen Zeitraum: 90-%-Quantil der "
            f"Zeitraumsumme {_german(period)}") in text
    # nobody grants the employers' own money or the gap: no period line for them
    assert text.count("Bewilligung für den ganzen Zeitraum: 90-%-Quantil") == 2
    assert [label for label in map(str, rows) if label[:2] == "4." and label[2] != " "] == \
        ["4.1 Jobcenter", "4.2 Land / ESF"]


def test_quiet_prints_no_warning_of_the_search(tmp_path):
    """`-q` (errors only) kept the search's "too few to tell" line, which run's warnings
    never print under -q; it stays in size.json."""
    out = tmp_path / "s"
    args = ["size", str(SMALL), "--start", "2013-01", "--months", "24", "--confidence",
            "0.9", "-n", "2", "-j", "1", "--target", "exits_placement=10", "--out", str(out)]
    loud, quiet = (CliRunner().invoke(main, [*args, *extra, "--force"]) for extra in ([], ["-q"]))
    assert loud.exit_code == quiet.exit_code == 0
    assert "too few to tell" in loud.output and quiet.output == ""
    assert any("too few to tell" in w
               for w in json.loads((out / "size.json").read_text())["warnings"])


def test_a_plan_that_keeps_going_states_its_warm_up(tmp_path):
    """A period after the scenario's own start is simulated from that start, and the
    people in the slots carry over with their tenure: Annahmen and the page said only
    the period (and participants.initial), so the plan read as an empty new program."""
    import re

    out = tmp_path / "w"
    done = CliRunner().invoke(main, ["size", str(SMALL), "--jobs", "1", "--start", "2014-01",
                                     "--months", "12", "--confidence", "0.9", "-n", "5",
                                     "--out", str(out)], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    at_start = float(re.search(r"People \(mean\): ([\d.]+) in the slots", done.output)[1])
    assert at_start > 0
    sheet = openpyxl.load_workbook(out / "plan.xlsx")["Annahmen"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert rows["Simuliert ab (period.simulate_from)"][:2] == ("2013-01", "Monat")
    assert rows["Personen auf den Plätzen zu Beginn des Zeitraums (Mittelwert)"][0] == \
        pytest.approx(at_start, abs=0.05)
    text = _page_text(out)
    assert "Das Programm läuft seit Januar 2013 (period.simulate_from)" in text
    assert f"im Mittel {at_start:.1f}".replace(".", ",") in text


def test_an_earlier_start_keeps_the_file_s_prices(small):
    """--start before the scenario's own start (2013-01) read every plain money value as
    prices of the earlier year (2012), silently: coaching at 55,000 a year in 2013 prices
    came to 55,000 x 1.02 in 2013. The file's base year is kept, as for a later start."""
    from finsim.ledger.categories import priced

    moved = sizing.move_period(small, "2012-07", 12)
    assert moved.prices.base_year == 2013 and moved.period.simulate_from is None
    coach = priced(moved, 55000.0, "staff", 0.02)
    assert coach[6] == pytest.approx(55000.0)  # 2013-01: the file's own prices
    assert coach[0] == pytest.approx(55000.0 / 1.02)  # 2012: one year's increase less
    assert sizing.move_period(small, "2013-01", 12).prices.base_year is None  # unchanged


def test_a_target_the_referrals_limit_says_so_not_raise_max_slots():
    """With 2 referrals a month the entries do not grow with the slots: the refusal said
    "raise --max-slots", which can never help; it names the referrals. Where more slots
    do help (referrals on demand), it still says to raise --max-slots."""
    few = _size("--start", "2013-01", "--months", "12", "--confidence", "0.9", "-n", "5",
                "--target", "entries=1000", "--set", "participants.referrals_per_month=2")
    assert few.exit_code == 2
    assert "at --max-slots 400 every referral finds a slot (none lost or waiting), so the " \
           "referrals, not the slots, limit it (only " in few.output
    assert "raise --max-slots" not in few.output
    # the scenario's own referrals (20 a month, then 4): at its 40 slots some are lost in
    # the first months, at 400 none, so 400 slots reach more entries than 40; yet every
    # referral finds a slot there and more slots stay empty: the refusal said "raise
    # --max-slots", which cannot help
    ramp = _size("--start", "2013-01", "--months", "12", "--confidence", "0.9", "-n", "5",
                 "--target", "entries=1000")
    assert ramp.exit_code == 2
    assert "every referral finds a slot (none lost or waiting), so the referrals, not the " \
           "slots, limit it" in ramp.output and "raise --max-slots" not in ramp.output
    open_door = _size("--start", "2013-01", "--months", "12", "--confidence", "0.9", "-n",
                      "5", "--target", "entries=1000", "--max-slots", "60",
                      "--set", "participants.referrals_per_month=on_demand")
    assert open_door.exit_code == 2
    assert "raise --max-slots or lower the target" in open_door.output
    assert "referrals, not the slots" not in open_door.output


def test_the_transfer_per_year_is_in_the_plan(tmp_path):
    """The Passiv-Aktiv-Transfer is budgeted per calendar year; size's outputs showed it
    nowhere per year. The terminal, plan.xlsx (block 5) and the page give each year's
    mean transfer, which adds up to the run's transfer_jobcenter."""
    from finsim.report.plan import transfer_by_year
    from finsim.report.tables import ledger_table

    sets = ["--set", "funding.jobcenter.transfer={limited_to: benefits_avoided}",
            "--set", "funding.jobcenter.budget=federal"]
    out = tmp_path / "pat"
    done = CliRunner().invoke(main, ["size", str(SMALL), "--jobs", "1", "--start", "2013-01",
                                     "--months", "24", "--confidence", "0.9", "-n", "3",
                                     "--out", str(out), *sets], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    import finsim

    scn = finsim.load(SMALL, {"funding.jobcenter.transfer": {"limited_to": "benefits_avoided"},
                              "funding.jobcenter.budget": "federal"})
    result = run(RunSpec(scn, 3, 7), jobs=1)
    by_year = transfer_by_year(result)["jobcenter"]
    ledger = ledger_table(result)
    ledger = ledger[ledger.funder == "jobcenter"]
    from_ledger = ledger.groupby(ledger.month.str[:4]).from_transfer.sum()
    assert [round(v * 100) for v in by_year.values()] == [round(from_ledger[y] * 100)
                                                           for y in ("2013", "2014")]
    assert sum(by_year.values()) == pytest.approx(result.metric_mean("transfer_jobcenter"))
    assert "Passiv-Aktiv-Transfer (mean, part of jobcenter's amount): 2013 " in done.output
    rows = labelled(computed(out / "plan.xlsx")["Finanzierungsplan"])
    line = rows["5.1 Jobcenter"]
    assert line[0] == "Teil von Zeile 2.1"
    assert round(line[3] * 100) == round((line[1] + line[2]) * 100) and line[3] > 0
    assert "Davon Passiv-Aktiv-Transfer (Erwartungswert, EUR)" in _page_text(out)


def test_cut_to_cap_by_hand():
    """Expected 500 + 300 + 100 with contingencies 60 + 30 + 10 (cents) under a cap of
    960: the 60 above the expected amounts are shared in proportion to the contingencies,
    36 + 18 + 6, so no contingency is negative and no year below its expected value. A
    cent left by rounding down goes to the larger remainder, the earlier year on a tie.
    Only where the expected amounts alone pass the cap (600 + 500 + 300 over 1,000) are
    they cut too, from the last year back: 600, then the 400 left, then 0. Requests
    within the cap stay as they are."""
    assert cut_to_cap([500, 300, 100], [60, 30, 10], 960) == [536, 318, 106]
    assert cut_to_cap([0, 0, 0], [1, 1, 1], 2) == [1, 1, 0]
    assert cut_to_cap([0, 0], [1, 2], 2) == [1, 1]  # 2/3 and 4/3: the larger remainder
    assert cut_to_cap([500, 300], [100, 0], 850) == [550, 300]
    assert cut_to_cap([600, 500, 300], [50, 50, 50], 1000) == [600, 400, 0]
    assert cut_to_cap([300, 300], [100, 100], 1000) == [400, 400]


def test_a_capped_funder_is_never_asked_for_more_than_its_cap(tmp_path, small_data):
    """land_esf pays the qualification only, at most 60,000 EUR over 2020-2021 (cap_total).
    Its yearly 90 % quantiles together are more than it can give: means 27,277.50 and
    28,050.00 (55,327.50 together) with contingencies 4,657.50 and 3,750.00 (8,407.50).
    The 4,672.50 left under the cap are shared in proportion to the contingencies, in
    cents: 465,750 x 467,250 / 840,750 = 258,842.33 and 375,000 x 467,250 / 840,750 =
    208,407.67, the cent left going to the larger remainder: 2,588.42 and 2,084.08, so
    2020 is asked 29,865.92 and 2021 30,134.08. No contingency is negative and no year
    below its mean; the terminal, the page and plan.xlsx say it was cut and how."""
    data = {**small_data, "funding": [
        {"id": "jobcenter", "covers": {"wages": 0.5}},
        {"id": "land_esf", "name": "Land / ESF", "covers": {"qualification": 1.0},
         "cap_total": 60000},
        {"id": "employers", "public": False, "covers": "remainder"}]}
    path = tmp_path / "capped.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "s"
    sized = CliRunner().invoke(main, ["size", str(path), "--jobs", "1", "--start", "2020-01",
                                      "--months", "24", "--confidence", "0.9", "-n", "20",
                                      "--seed", "39", "--lang", "en", "--out", str(out)],
                               terminal_width=200)
    assert sized.exit_code == 0, sized.output
    plan = pd.read_csv(out / "plan.csv")
    esf = plan[plan.funder == "land_esf"]
    asked = esf.groupby("year").amount.sum()
    assert asked.round(2).to_dict() == {2020: 29865.92, 2021: 30134.08}
    lift = esf[esf.category == "contingency"].set_index("year").amount
    assert lift.to_dict() == {2020: 2588.42, 2021: 2084.08}
    line = ("land_esf's requests are cut to its cap_total of 60,000 EUR, which the yearly "
            "quantiles together would pass: its contingencies are cut in proportion across "
            "the years, none below zero and no year below its expected value.")
    assert line in " ".join(sized.output.split())
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Land / ESF: request cut to its cap over the whole period (cap_total 60,000 EUR)" \
        in page
    assert "only the contingencies are cut, in proportion across the years: none is " \
        "negative, no year is below its expected value." in page
    assert "it is never negative." in page
    assert "(a funder with cap_total at most up to its cap)" in page
    rows = labelled(computed(out / "plan.xlsx")["Funding plan"])
    assert rows["     Land / ESF: total"][1:4] == pytest.approx((29865.92, 30134.08, 60000.0))
    lift_row = next(v for k, v in rows.items() if k.endswith("Land / ESF: contingency"))
    assert lift_row[0].endswith("quantile - expected value, cut in proportion to cap_total")
    assert lift_row[1:4] == pytest.approx((2588.42, 2084.08, 4672.5))
    assert "     Land / ESF: request cut to its cap over the whole period (cap_total 60,000 " \
        "€), which the yearly quantiles together would pass; only the contingencies are " \
        "cut, in proportion across the years: none is negative, no year is below its " \
        "expected value" in rows
    assert any("(a funder with cap_total at most up to its cap)" in k for k in rows)


def test_the_months_below_zero_say_they_run_until_the_final_payment(tmp_path, small_data):
    """land_esf holds back 10 % until 6 months after the period (2020-01 + 24 months ends
    2021-12, so the final payment comes in the seventh month after it, 2022-07): the
    balance is below zero for 30 months, and the page's column said only "Monate im
    Minus (Mittelwert)" under a 24-month period.
    Without payment terms the count is the period's."""
    data = {**small_data, "funding": [
        {**f, "payment": {"every": "quarter", "retention": 0.1, "final_after_months": 6}}
        if f["id"] == "land_esf" else f for f in small_data["funding"]]}
    path = tmp_path / "retained.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    for scenario, out, head in (
            (path, tmp_path / "r", "Monate im Minus bis zur Schlusszahlung (Juli 2022; "
             "Mittelwert)"),
            (SMALL, tmp_path / "p", "Monate im Minus im Zeitraum (Mittelwert)")):
        done = CliRunner().invoke(main, ["size", str(scenario), "--quiet", "--jobs", "1",
                                         "--start", "2020-01", "--months", "24", "-n", "4",
                                         "--confidence", "0.9",
                                         "--out", str(out)])
        assert done.exit_code == 0, done.output
        assert f" {head} " in _page_text(out)
    assert WORDS["en"]["negative"].format(month="2022-06") == \
        "months below zero until the final payment (2022-06; mean)"


def test_a_cap_the_funders_own_caps_already_keep_is_refused(tmp_path, small,
                                                             small_data):
    """land_esf with cap_per_year 40,000 over 2025-07 + 18 months (calendar years 2025
    and 2026) can pay at most 2 x 40,000 = 80,000: --cap 80000 can never bind (the search
    would answer --max-slots), 79999.99 can. With cap_total 70,000 too, 70,000 is the
    ceiling and its own name. A cap the scenario draws may pass any --cap: not refused."""
    base = ["--start", "2025-07", "--months", "18", "--confidence", "0.9", "-n", "5",
            "--set", "funding.land_esf.cap_per_year=40000"]
    result = _size(*base, "--cap", "land_esf=80000", "--out", str(tmp_path / "s"))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("finsim size: --cap: land_esf: 80,000.00 EUR can never bind: "
                                    "the scenario's own funding.land_esf cap_per_year, summed "
                                    "over the period's calendar years (80,000.00 EUR)")
    assert len(result.output.splitlines()) == 1 and not (tmp_path / "s").exists()
    moved = sizing.move_period(small, "2025-07", 18)
    yearly = replaced(moved, {"funding.land_esf.cap_per_year": 40000})
    assert sizing.own_ceiling(yearly, "land_esf") == (
        80000.0, "cap_per_year, summed over the period's calendar years")
    assert sizing.parse_caps(["land_esf=79999.99"], yearly)[0].bound == 79999.99
    both = replaced(yearly, {"funding.land_esf.cap_total": 70000})
    assert sizing.own_ceiling(both, "land_esf") == (70000.0, "cap_total")
    with pytest.raises(ScenarioError, match=r"cap_total \(70,000.00 EUR\)"):
        sizing.parse_caps(["land_esf=70000"], both)
    assert sizing.own_ceiling(moved, "land_esf") is None
    funding = [{**f, "cap_total": 70000} if f["id"] == "land_esf" else f
               for f in small_data["funding"]]
    uncertain = {**small_data["uncertainty"], "funding.land_esf.cap_total":
                 {"dist": "uniform", "low": 50000, "high": 300000}}
    drawn = sizing.move_period(scenario_from_dict(
        {**small_data, "funding": funding, "uncertainty": uncertain}), "2025-07", 18)
    assert sizing.parse_caps(["land_esf=200000"], drawn)[0].bound == 200000  # a draw may pass


def test_a_cap_on_a_funder_that_pays_in_no_month_of_the_period_is_refused(tmp_path, small,
                                                                          small_data):
    """land_esf until 2019-12 (or from 2022-01) pays nothing in 2020-01 + 24 months: 0 at
    every size, so any --cap on it, 0 included, could never bind and the search ran to
    --max-slots and wrote a plan. One line, exit 2, nothing written; a funder whose dates
    reach into the period by one month is capped as before."""
    base = ["--start", "2020-01", "--months", "24", "--confidence", "0.9", "-n", "4"]
    paying = "cap a funder that pays in it (jobcenter, employers)"
    for dates, sets in (("until 2019-12", ["funding.land_esf.until=2019-12"]),
                        ("from 2022-01", ["funding.land_esf.from=2022-01"]),
                        ("from 2010-01, until 2019-12", ["funding.land_esf.from=2010-01",
                                                         "funding.land_esf.until=2019-12"]),
                        ("covers from 2022-01", [f"funding.land_esf.covers={LATE_RULES}"])):
        for cap, eur in (("land_esf=100000", "100,000.00"), ("funder:land_esf=0", "0.00")):
            out = tmp_path / f"{dates}{cap}".replace(" ", "_").replace(",", "")
            result = _size(*base, *(a for s in sets for a in ("--set", s)), "--cap", cap,
                           "--out", str(out))
            assert result.exit_code == 2, result.output
            assert result.output == (
                f"finsim size: --cap: land_esf: {eur} EUR can never bind: funding.land_esf "
                f"({dates}) pays in no month of the period 2020-01 to 2021-12, so it pays 0 at "
                "every size "
                f"and the search would only answer --max-slots; {paying}\n")
            assert not out.exists()
    for key, month in (("until", "2020-01"), ("from", "2021-12")):
        funding = [{**f, key: month} if f["id"] == "land_esf" else f
                   for f in small_data["funding"]]
        reaching = sizing.move_period(scenario_from_dict({**small_data, "funding": funding}),
                                      "2020-01", 24)
        assert sizing.parse_caps(["land_esf=100000"], reaching)[0].bound == 100000
    reaching = sizing.move_period(
        replaced(small, {"funding.land_esf.covers": {"2021-12": {"staff": 1.0}}}), "2020-01", 24)
    assert sizing.parse_caps(["land_esf=100000"], reaching)[0].bound == 100000
    alone = replaced(sizing.move_period(small, "2020-01", 24),
                     {f"funding.{f}.until": "2019-12"
                      for f in ("jobcenter", "land_esf", "employers")})
    with pytest.raises(ScenarioError) as refused:
        sizing.parse_caps(["land_esf=5"], alone)
    assert str(refused.value.problems[0]).endswith(
        "--max-slots; move the period (--start, --months) into its dates")


LATE_RULES = "{2022-01: {staff: 1.0, material: 1.0}}"
"""land_esf's rules by date from after the period 2020-01 + 24 months: it pays in none."""


def test_a_cap_on_a_budget_its_funders_pay_nothing_into_in_the_period_is_refused(tmp_path):
    """land_esf, 60 % to land and 40 % to eu, with its rules by date from 2022-01, pays
    nothing in 2020-01 + 24 months: land and eu get 0 at every size, so a --cap on either
    could never bind and the search ran to --max-slots. One line each, exit 2, nothing
    written; the line names the budgets a funder pays into in the period."""
    out = tmp_path / "s"
    result = _size("--start", "2020-01", "--months", "24", "--confidence", "0.9", "-n", "4",
                   "--set", f"funding.land_esf.covers={LATE_RULES}",
                   "--set", "funding.land_esf.budget={land: 0.6, eu: 0.4}",
                   "--cap", "land=100000", "--cap", "budget:eu=0", "--out", str(out))
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        f"finsim size: --cap: {name}: {eur} EUR can never bind: budget {budget} is paid only by "
        "funding.land_esf (covers from 2022-01), which pays in no month of the period "
        "2020-01 to 2021-12, so it gets 0 at every size and the search would only answer "
        "--max-slots; cap a budget that is paid in it (jobcenter, provider)"
        for name, budget, eur in (("land", "land", "100,000.00"), ("budget:eu", "eu", "0.00"))]
    assert not out.exists()


def test_a_budget_s_ceiling_leaves_out_a_funder_that_pays_in_no_month(small_data):
    """Budget land paid by land_esf (cap_per_year 40,000: 80,000 over 2020 and 2021) and
    by a second funder without a cap whose dates end before the period: the idle funder
    adds nothing, so land gets at most 80,000 and a --cap of 80,000 can never bind."""
    funding = [{**f, "budget": "land", "cap_per_year": 40000} if f["id"] == "land_esf" else f
               for f in small_data["funding"]]
    idle = {"id": "old_land", "covers": {"wages": 0.1}, "budget": "land",
            "until": "2019-12"}
    scn = sizing.move_period(scenario_from_dict(
        {**small_data, "funding": [funding[0], idle, *funding[1:]]}), "2020-01", 24)
    assert sizing.budget_ceiling(scn, "land") == (
        80000.0, ["funding.land_esf cap_per_year, summed over the period's calendar years "
                  "(80,000.00 EUR)"])
    with pytest.raises(ScenarioError, match=r"^--cap: land: 80,000.00 EUR can never bind"):
        sizing.parse_caps(["land=80000"], scn)
    assert sizing.parse_caps(["land=79999.99"], scn)[0].bound == 79999.99


def _two_funders(years: dict[int, tuple[list, list]], asks: dict[int, tuple[float, float]]):
    """A result of 4 replications with funders a and b (both public, one category, no
    gap) paying ``years[y] = (a's amounts, b's amounts)``, and plan rows asking
    ``asks[y] = (a, b)`` (mean rows; contingency 0)."""
    from types import SimpleNamespace

    sample = np.zeros((4, len(years), 1, 3))
    for i, (a, b) in enumerate(years.values()):
        sample[:, i, 0, 0], sample[:, i, 0, 1] = a, b
    period = sample.sum(axis=(1, 2))
    metrics = {"funding_a": period[:, 0], "funding_b": period[:, 1],
               "funding_gap": period[:, 2], "cost_total": period.sum(axis=1)}
    funders = [SimpleNamespace(id="a", public=True, name=None),  # b: named, as in a file
               SimpleNamespace(id="b", public=True, name="Land B (ESF+)")]
    result = SimpleNamespace(aggregate=SimpleNamespace(yearly_sample=sample),
                             scenario=SimpleNamespace(funder_ids=["a", "b"], funding=funders,
                                                      actuals=None, reforecast=False),
                             metric=metrics.__getitem__,
                             metric_mean=lambda n: float(metrics[n].mean()))
    rows = [(y, c, f, amount) for y, (a, b) in asks.items()
            for c, f, amount in (("wages", "a", a), ("wages", "b", b), ("wages", "gap", 0.0),
                                 ("contingency", "a", 0.0), ("contingency", "b", 0.0),
                                 ("contingency", "gap", 0.0))]
    return result, pd.DataFrame(rows, columns=["year", "category", "funder", "amount"])


def test_coverage_counts_what_the_rows_cover_by_hand():
    """Quantiles do not add up, and the sum of the rows can fall below the total's own
    quantile: the outputs said it always exceeds it. 2027: a pays 100.00 in replication 1,
    b 100.00 in replication 2, nothing else; at Q = 0.6 each one's quantile is 0 (4
    replications: position 1.8 between 0 and 0), the contingency is clipped, so each is
    asked its mean 25.00: the rows sum to 50.00, which covers replications 3 and 4 only
    (50 %), while the total's own 0.6 quantile is 0 + 0.8 x 100 = 80.00. 2028: a pays
    10/20/30/40, b 40/30/20/10, 50.00 in every replication, asked 30.00 + 20.00: covered
    in all four (to the cent). Over the period a is asked 55.00 against 110/20/30/40 and
    b 45.00 against 40/130/20/10: 3 of 4 each."""
    result, plan = _two_funders({2027: ([100, 0, 0, 0], [0, 100, 0, 0]),
                                 2028: ([10, 20, 30, 40], [40, 30, 20, 10])},
                                {2027: (25.0, 25.0), 2028: (30.0, 20.0)})
    covered = coverage(result, plan)
    assert covered.years == {2027: 0.5, 2028: 1.0}
    assert covered.period == {"a": 0.75, "b": 0.75}
    warnings = coverage_warnings(result, plan, 0.6)
    assert warnings == [
        "2027: all rows together (each funder, own contribution and gap at its own 60% "
        "quantile) cover the year's total cost in only 50% of the replications, below the "
        "60% confidence (quantiles do not add up): to hold the whole year's cost at 60%, "
        "budget it at the line 'total expenditure: 60% quantile' (80 EUR)"]
    assert coverage_warnings(result, plan, 0.5) == []  # 50 % is the confidence itself
    # 3 of 4 is below 80 % for a and b; a's own 0.8 quantile of 20/30/40/110 lies at
    # position 2.4: 40 + 0.4 x 70 = 68.00
    # b's of 10/20/40/130 at 2.4: 40 + 0.4 x 90 = 76.00; both funders short, one cause:
    # one line naming each (b by its name, not "b"), the advice once
    late = coverage_warnings(result, plan, 0.8)
    assert len(late) == 2 and late[0].startswith("2027: ")
    assert late[1] == ("2 funders: the yearly requests together cover the funder's period "
                       "total in fewer than 80% of the replications, the confidence "
                       "(quantiles do not add up; each funder with its share of the "
                       "replications, then its period 80% quantile): a 75% (68 EUR); Land B "
                       "(ESF+) 75% (76 EUR): for a grant of the whole period ask for the "
                       "funder's period quantile, not the sum of the years")
    assert coverage_warnings(result, plan, 0.8, "de")[1] == (
        "2 Geldgeber: die Jahresanträge zusammen decken die Zeitraumsumme des Geldgebers in "
        "weniger als 80 % der Replikationen, der Konfidenz (Quantile addieren sich nicht; je "
        "Geldgeber der Anteil der Replikationen, dann das 80-%-Quantil seiner "
        "Zeitraumsumme): a 75 % (68 EUR); Land B (ESF+) 75 % (76 EUR): für eine Bewilligung "
        "über den ganzen Zeitraum dieses Quantil beantragen, nicht die Summe der Jahre")
    assert covered_text(0.8996) == "89.9%" and covered_text(0.9) == "90%"
    # a asked its own 0.9 quantile of 10/20/30/40 (30 + 0.7 x 10 = 37.00), b nothing: 37.00
    # covers 3 of 4, below 90 %, yet the total's own quantile is the same 37.00, no higher:
    # not a line to use instead, the 4 replications are too few
    alone, asked = _two_funders({2029: ([10, 20, 30, 40], [0, 0, 0, 0])}, {2029: (37.0, 0.0)})
    assert coverage_warnings(alone, asked, 0.9) == [
        "2029: all rows together cover the year's total cost in only 75% of the 4 "
        "replications, below the 90% confidence, and no line of the plan lies higher: 4 "
        "replications are too few to resolve the 90% quantile; rerun with more --replications",
        "a: its yearly requests together cover its period total in only 75% of the 4 "
        "replications, below the 90% confidence, and no line of the plan lies higher: 4 "
        "replications are too few to resolve the 90% quantile; rerun with more --replications"]


def test_a_quantile_above_the_sum_by_a_fraction_of_a_cent_is_no_higher_line():
    """a pays 10/20/30/40.004 in 2029 and is asked 37.00: its own 0.9 quantile (and the
    total's) is 30 + 0.7 x 10.004 = 37.0028, above the ask by 0.28 cents, which reads 37
    EUR as the ask does. The warning told the user to ask for the period quantile (37
    EUR) instead of the sum of the years (37 EUR); it now says the 4 replications are too
    few, as for a quantile equal to the ask. A quantile a whole euro higher keeps its
    line."""
    alone, asked = _two_funders({2029: ([10, 20, 30, 40.004], [0, 0, 0, 0])},
                                {2029: (37.0, 0.0)})
    assert coverage_warnings(alone, asked, 0.9) == [
        "2029: all rows together cover the year's total cost in only 75% of the 4 "
        "replications, below the 90% confidence, and no line of the plan lies higher: 4 "
        "replications are too few to resolve the 90% quantile; rerun with more --replications",
        "a: its yearly requests together cover its period total in only 75% of the 4 "
        "replications, below the 90% confidence, and no line of the plan lies higher: 4 "
        "replications are too few to resolve the 90% quantile; rerun with more --replications"]
    higher, asked = _two_funders({2029: ([10, 20, 30, 42], [0, 0, 0, 0])}, {2029: (37.0, 0.0)})
    assert coverage_warnings(higher, asked, 0.9)[1] == (
        "a: its yearly requests together cover its period total in only 75% of the "
        "replications, below the 90% confidence (quantiles do not add up): for a grant of "
        "the whole period ask for its period 90% quantile (38 EUR), not the sum of the years")
    assert coverage_warnings(higher, asked, 0.9, "de")[1] == (
        "a: die Jahresanträge zusammen decken seine Zeitraumsumme nur in 75 % der "
        "Replikationen, unter der Konfidenz von 90 % (Quantile addieren sich nicht): für eine "
        "Bewilligung über den ganzen Zeitraum das 90-%-Quantil der Zeitraumsumme (38 EUR) "
        "beantragen, nicht die Summe der Jahre")


def test_years_and_funders_short_of_the_confidence_are_a_line_per_cause():
    """Seven years 2027-2033, a and b each paying 10/20/30/40 in every one. Asked 30.00
    each a year: the rows' 60.00 covers 20/40/60 of the totals 20/40/60/80 (75 %), the
    total's own 0.9 quantile 60 + 0.7 x 20 = 74.00 lies higher; each funder's 210.00
    covers 70/140/210 of its period totals 70/140/210/280 (75 %), its 0.9 quantile 210 +
    0.7 x 70 = 259.00 higher. A plan of ten years gave ten lines of one cause: now one
    line names every year with its share and its line, one every funder; the terminal's
    brief the first five and how many more. Asked 37.00 each (each one's own quantile,
    30 + 0.7 x 10; the rows' 74.00 the total's): no line lies higher, the 4 replications
    are too few, for the seven years in one line and the two funders in one."""
    years = range(2027, 2034)
    paid = {y: ([10, 20, 30, 40], [10, 20, 30, 40]) for y in years}
    result, plan = _two_funders(paid, {y: (30.0, 30.0) for y in years})
    each = "; ".join(f"{y} 75% (74 EUR)" for y in years)
    head = ("7 years: all rows together (each funder, own contribution and gap at its own 90% "
            "quantile) cover the year's total cost in fewer than 90% of the replications, the "
            "confidence (quantiles do not add up; each year with its share of the "
            "replications, then its line 'total expenditure: 90% quantile'): ")
    tail = ": to hold a whole year's cost at 90%, budget it at that line"
    funders = ("2 funders: the yearly requests together cover the funder's period total in "
               "fewer than 90% of the replications, the confidence (quantiles do not add up; "
               "each funder with its share of the replications, then its period 90% "
               "quantile): a 75% (259 EUR); Land B (ESF+) 75% (259 EUR): for a grant of the "
               "whole period ask for the funder's period quantile, not the sum of the years")
    lines = coverage_warnings(result, plan, 0.9)
    assert lines == [f"{head}{each}{tail}", funders]
    first = "; ".join(f"{y} 75% (74 EUR)" for y in range(2027, 2032))
    assert [sanity.said_as(line) for line in lines] == [
        f"warning: {head}{first}; and 2 more{tail}", f"warning: {funders}"]
    german = coverage_warnings(result, plan, 0.9, "de")
    assert german[0] == (
        "7 Jahre: alle Zeilen zusammen (jeder Geldgeber sowie Eigenanteil und "
        "Finanzierungslücke, je bis zum eigenen 90-%-Quantil) decken die Gesamtausgaben des "
        "Jahres in weniger als 90 % der Replikationen, der Konfidenz (Quantile addieren sich "
        "nicht; je Jahr der Anteil der Replikationen, dann seine Zeile „Gesamtausgaben: "
        "90-%-Quantil“): " + "; ".join(f"{y} 75 % (74 EUR)" for y in years)
        + ": um die Ausgaben eines ganzen Jahres mit 90 % zu halten, mit dieser Zeile planen")
    assert sanity.said_as(german[0]).endswith(
        "2031 75 % (74 EUR); und 2 weitere: um die Ausgaben eines ganzen Jahres mit 90 % zu "
        "halten, mit dieser Zeile planen")
    assert german[1].startswith("2 Geldgeber: ") and german[1].endswith(
        ": a 75 % (259 EUR); Land B (ESF+) 75 % (259 EUR): für eine Bewilligung über den "
        "ganzen Zeitraum dieses Quantil beantragen, nicht die Summe der Jahre")

    result, plan = _two_funders(paid, {y: (37.0, 37.0) for y in years})
    reason = ": 4 replications are too few to resolve the 90% quantile; rerun with more " \
             "--replications"
    assert coverage_warnings(result, plan, 0.9) == [
        "7 years: all rows together cover the year's total cost in fewer than 90% of the 4 "
        "replications, the confidence, and no line of the plan lies higher (each with its "
        "share of the replications): " + "; ".join(f"{y} 75%" for y in years) + reason,
        "2 funders: the yearly requests together cover the funder's period total in fewer "
        "than 90% of the 4 replications, the confidence, and no line of the plan lies higher "
        "(each with its share of the replications): a 75%; Land B (ESF+) 75%" + reason]
    assert coverage_warnings(result, plan, 0.9, "de") == [
        "7 Jahre: alle Zeilen zusammen decken die Gesamtausgaben des Jahres in weniger als "
        "90 % der 4 Replikationen, der Konfidenz, und keine Zeile des Plans liegt höher (je "
        "mit dem Anteil der Replikationen): " + "; ".join(f"{y} 75 %" for y in years)
        + ": 4 Replikationen reichen nicht, um das 90-%-Quantil aufzulösen; mit mehr "
        "--replications erneut rechnen",
        "2 Geldgeber: die Jahresanträge zusammen decken die Zeitraumsumme des Geldgebers in "
        "weniger als 90 % der 4 Replikationen, der Konfidenz, und keine Zeile des Plans liegt "
        "höher (je mit dem Anteil der Replikationen): a 75 %; Land B (ESF+) 75 %: 4 "
        "Replikationen reichen nicht, um das 90-%-Quantil aufzulösen; mit mehr "
        "--replications erneut rechnen"]


def test_the_outputs_count_coverage_instead_of_claiming_it(tmp_path):
    """The seed moved to 2027 (about 6 people in the slots, skewed amounts): the rows
    together cover 2027's cost in fewer than 90 % of the replications. The terminal,
    plan.xlsx and report.html said the rows' sum exceeds the total's quantile; they now
    give the share, and a warning says which line to use: one for 2027 and 2029."""
    from .conftest import ROOT

    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    out = tmp_path / "s"
    result = CliRunner().invoke(main, ["size", str(seed), "--jobs", "1", "--start", "2027-01",
                                       "--months", "36", "--confidence", "0.9", "-n", "50",
                                       "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "exceeds" not in result.output
    assert "replications whose cost all rows cover" in result.output
    line = ("2 years: all rows together (each funder, own contribution and gap at its own "
            "90% quantile) cover the year's total cost in fewer than 90% of the replications, "
            "the confidence (quantiles do not add up; each year with its share of the "
            "replications, then its line 'total expenditure: 90% quantile'): 2027 88% "
            "(626,886 EUR); 2029 88% (654,235 EUR): to hold a whole year's cost at 90%, "
            "budget it at that line")
    assert [w for w in result.output.splitlines() if "all rows together" in w] == [
        f"warning: {line}"]
    page = html.unescape((out / "report.html").read_text())
    assert line in page
    assert "exceeds" not in page and "add up to more than" not in page
    rows = list(openpyxl.load_workbook(out / "plan.xlsx")["Funding plan"].values)
    found = labelled(rows)["Share of replications whose year's cost the sum of all "
                           "funding shares covers"]
    assert found[:4] == ("counted over the replications", 0.88, 0.9, 0.88)  # cut: the same
    row = next(r for r in openpyxl.load_workbook(out / "plan.xlsx")["Funding plan"].iter_rows()
               if r[0].value == "Share of replications whose year's cost the sum of all "
                                "funding shares covers")
    assert [c.number_format for c in row[2:5]] == ["0.0%"] * 3
    texts = [c for row in rows for c in row if isinstance(c, str)]
    assert not any("exceeds" in t or "add up to more." in t for t in texts)
    assert any("cover the period total in this share of the replications: " in t
               for t in texts)


def test_a_ten_year_plan_says_its_short_years_once_and_records_every_one(tmp_path):
    """The minimum-wage program kept going for ten years at 99 % on 40 replications: in
    seven years the rows cover the cost in 39 of them, and no line lies higher. That was
    seven near-identical lines; the terminal now says one naming the first five years and
    how many more, run.json all seven, the German page all seven in its words."""
    from .conftest import ROOT

    out = tmp_path / "s"
    done = CliRunner().invoke(main, [
        "size", str(ROOT / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"),
        "--start", "2027-01", "--months", "120", "--confidence", "0.99", "-n", "40",
        "--set", "participants.referrals_per_month=on_demand", "-j", "1", "--out", str(out)])
    assert done.exit_code == 0, done.output
    head = ("7 years: all rows together cover the year's total cost in fewer than 99% of the "
            "40 replications, the confidence, and no line of the plan lies higher (each with "
            "its share of the replications): ")
    tail = (": 40 replications are too few to resolve the 99% quantile; rerun with more "
            "--replications")
    years = [f"{year} 97.5%" for year in range(2030, 2037)]
    assert [w for w in done.output.splitlines() if "all rows together" in w] == [
        f"warning: {head}{'; '.join(years[:5])}; and 2 more{tail}"]
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [w for w in record["warnings"] if "all rows together" in w] == [
        f"{head}{'; '.join(years)}{tail}"]
    page = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    assert ("7 Jahre: alle Zeilen zusammen decken die Gesamtausgaben des Jahres in weniger "
            "als 99 % der 40 Replikationen, der Konfidenz, und keine Zeile des Plans liegt "
            "höher (je mit dem Anteil der Replikationen): "
            + "; ".join(f"{year} 97,5 %" for year in range(2030, 2037))
            + ": 40 Replikationen reichen nicht, um das 99-%-Quantil aufzulösen; mit mehr "
            "--replications erneut rechnen") in page


def test_an_own_contribution_cut_to_its_cap_is_not_called_a_request(tmp_path, small_data):
    """The employers (public: false) are asked for nothing; with a cap_total of 2,000,000
    EUR, below their yearly 90 % quantiles together, the terminal said "employers's
    requests are cut to its cap_total" and the page and plan.xlsx "request cut". They now
    say the planned own contribution is cut, and nothing of a request."""
    data = {**small_data, "funding": [
        {"id": "jobcenter", "covers": {"wages": 0.5}},
        {"id": "employers", "name": "Arbeitgeber", "public": False, "covers": "remainder",
         "cap_total": 2000000}]}
    path = tmp_path / "own.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "s"
    sized = CliRunner().invoke(main, ["size", str(path), "--jobs", "1", "--start", "2020-01",
                                      "--months", "24", "--confidence", "0.9", "-n", "10",
                                      "--lang", "en", "--out", str(out)], terminal_width=300)
    assert sized.exit_code == 0, sized.output
    said = " ".join(sized.output.split())
    assert "employers is not public (an own contribution, not requested): its planned " \
           "amounts are cut to its cap_total of 2,000,000 EUR, which the yearly quantiles " \
           "together would pass: its contingencies are cut in proportion" in said
    assert "employers's" not in said
    plan = pd.read_csv(out / "plan.csv")
    assert plan[plan.funder == "employers"].amount.sum() == pytest.approx(2000000, abs=0.005)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Arbeitgeber: planned own contribution (not requested) cut to its cap over the " \
           "whole period (cap_total 2,000,000 EUR)" in page
    assert "Arbeitgeber: request cut" not in page
    rows = list(openpyxl.load_workbook(out / "plan.xlsx")["Funding plan"].values)
    texts = [c.strip() for row in rows for c in row if isinstance(c, str)]
    assert any(t.startswith("Arbeitgeber: planned own contribution (not requested) cut to "
                            "its cap") for t in texts)
    assert not any(t.startswith("Arbeitgeber: request cut") for t in texts)


def test_a_mid_year_start_says_the_plan_takes_a_fresh_yearly_budget(tmp_path):
    """land_esf may pay 9,000 EUR in 2014 (cap_per_year from 2014-01) and wants about
    15,000 a month (staff, material): a run from 2013 spends the 2014 budget in January
    and pays nothing from 2014-07. size --start 2014-07 simulates 2013-01 to 2014-06 as
    a warm-up that books no money, so it plans land_esf at the whole 9,000.00 again for
    2014-07 to 2014-12 (and 9,000.00 for 2015-01 to 2015-06), silently. It now says so
    in a warning that names the months not deducted; a January start has none."""
    budget = ["--set", "funding.land_esf.cap_per_year={2013-01: 20000, 2014-01: 9000}"]
    out = tmp_path / "s"
    sized = CliRunner().invoke(main, ["size", str(SMALL), "--jobs", "1", "--start", "2014-07",
                                      "--months", "12", "--confidence", "0.9", "-n", "5",
                                      "--out", str(out), *budget])
    assert sized.exit_code == 0, sized.output
    plan = pd.read_csv(out / "plan.csv")
    land = plan[plan.funder == "land_esf"].groupby("year").amount.sum().round(2)
    # each category's mean is rounded to the cent: a few cents either way
    assert land.to_dict() == pytest.approx({2014: 9000.0, 2015: 9000.0}, abs=0.03)
    assert ("warning: funding.land_esf.cap_per_year: the period starts in 2014-07, in "
            "mid-year, and gives land_esf its whole 2014 budget (9,000.00 EUR) for 2014-07 "
            "to 2014-12 (a fresh yearly budget): what 2014-01 to 2014-06 already used of it "
            "is not deducted") in sized.output
    assert sized.output.count("warning: funding.land_esf.cap_per_year:") == 1  # said once
    assert any(w.startswith("funding.land_esf.cap_per_year: the period starts in 2014-07")
               for w in json.loads((out / "run.json").read_text())["warnings"])
    page = CliRunner().invoke(main, ["size", str(SMALL), "--jobs", "1", "--start", "2014-07",
                                     "--months", "12", "--confidence", "0.9", "-n", "5",
                                     "--out", str(tmp_path / "de"), *budget])
    assert "der Zeitraum beginnt im Juli 2014, im laufenden Jahr, und gibt land_esf das ganze Budget " \
           "2014 (9.000,00 EUR)" in (tmp_path / "de" / "report.html").read_text()
    assert page.exit_code == 0
    january = CliRunner().invoke(main, ["size", str(SMALL), "--jobs", "1", "--start",
                                        "2014-01", "--months", "12", "--confidence", "0.9",
                                        "-n", "5", "--out", str(tmp_path / "j"), *budget])
    assert january.exit_code == 0 and "warning: funding.land_esf.cap_per_year" not in \
        january.output  # only the --set's own line names it
    scn = sizing.move_period(load_scenario(SMALL, [
        "funding.land_esf.cap_per_year=9000"]), "2014-07", 12)
    assert len(sanity.fresh_budget_warnings(scn)) == 1
    starts_then = sizing.move_period(load_scenario(SMALL, [
        "funding.land_esf.cap_per_year=9000", "funding.land_esf.from=2014-07"]), "2014-07", 12)
    assert sanity.fresh_budget_warnings(starts_then) == []  # it has used nothing before


def test_a_re_forecast_plan_says_what_is_actual_and_asks_no_contingency_for_it(tmp_path):
    """size over 2027-2028 with actual spells to --as-of 2028-01: 2027 is all actual. A
    (Jan-Mar) and B (all year) 15 x 2,960.88 = 44,413.20 wages for the Jobcenter, the
    modules 500 + 700 for the Land: asked for as they were, no contingency, also where a
    drawn wage re-prices them (2028, forecast, gets one). The terminal, report.html and
    plan.xlsx (head, year columns, Annahmen) say the spells, --as-of and each year's
    actual months."""
    from .test_actuals import SPELLS, files

    path = files(tmp_path, SPELLS)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["actuals"] = {"spells": "spells.csv", "as_of": "2028-01"}
    data["uncertainty"] = {"costs.wages.hourly": {"dist": "uniform", "low": 14, "high": 15}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    common = ["size", str(path), "--start", "2027-01", "--months", "24", "--confidence", "0.9",
              "-n", "10", "--jobs", "1"]
    exact = CliRunner().invoke(main, [*common, "--no-uncertainty", "--out", str(tmp_path / "e")])
    assert exact.exit_code == 0, exact.output
    assert ("Actual spells (spells.csv): 2 people in the slots at the start, 1 at the start "
            "of the forecast 2028-01, 0 waiting then") in exact.output
    plan = pd.read_csv(tmp_path / "e" / "plan.csv")
    year = plan[plan.year == 2027].groupby(["category", "funder"]).amount.sum()
    assert year["wages", "jobcenter"] == 44413.20 and year["qualification", "land"] == 1200.0
    drawn = CliRunner().invoke(main, [*common, "--lang", "de", "--out", str(tmp_path / "d")])
    assert drawn.exit_code == 0, drawn.output
    lift = pd.read_csv(tmp_path / "d" / "plan.csv").query("category == 'contingency'")
    assert (lift[lift.year == 2027].amount == 0.0).all()
    assert lift[(lift.year == 2028) & (lift.funder == "jobcenter")].amount.item() > 0
    assert "A year whose months are all actual is asked for its actual amount" in drawn.output
    page = (tmp_path / "d" / "report.html").read_text(encoding="utf-8")
    assert ("<th scope='col'>2027 (12 von 12 Monaten Ist)</th><th scope='col'>2028 (Prognose)"
            "</th><th scope='col'>Summe der Jahre</th>") in page
    assert ("Ist-Verläufe (spells.csv), Ist bis Dezember 2027, Prognose ab Januar 2028: 2 Personen "
            "auf den Plätzen zu Beginn") in page
    book = openpyxl.load_workbook(tmp_path / "d" / "plan.xlsx")
    head = [row[0] for row in book["Finanzierungsplan"].iter_rows(max_row=6, values_only=True)]
    assert ("Ist-Verläufe (spells.csv), Ist bis Dezember 2027, Prognose ab Januar 2028: 2 Personen "
            "auf den Plätzen zu Beginn, 1 zu Beginn der Prognose, 0 Personen warten dann "
            "auf einen Platz; 1 freier Platz zu Beginn der Prognose, den keine Zuweisung "
            "besetzt (referrals_per_month: 0 zu Beginn der Prognose)") in head
    assert ("Ein Jahr, dessen Monate alle Ist sind, wird mit seinem Ist-Betrag geplant, ohne "
            "Risikozuschlag.") in head
    rows = list(book["Finanzierungsplan"].iter_rows(values_only=True))
    assert rows[6][:5] == ("Position", "Berechnung", "2027 (12 von 12 Monaten Ist)",
                           "2028 (Prognose)", "Gesamt")
    assumed = [row[:4] for row in book["Annahmen"].iter_rows(values_only=True)]
    assert ("Ist-Verläufe (actuals.spells)", "spells.csv", None,
            "Monate vor as_of sind diese Verläufe, bepreist wie jeder simulierte") in assumed
    assert ("Erster Prognosemonat (actuals.as_of, --as-of)", "2028-01", "Monat", None) in assumed
    assert ("Ist-Monate 2027", 12, "Monate", "von 12 Monaten im Zeitraum") in assumed
    assert ("Ist-Monate 2028", 0, "Monate", "von 12 Monaten im Zeitraum") in assumed


def test_a_plan_after_a_warm_up_says_it_gives_a_whole_grant_again():
    """land_esf with a grant of 20,000 EUR over the program (cap_total) that ran from
    2013: size --start 2014-01 planned it at its whole 20,000 again, without a word,
    though 2013 had used most of it. A funder that begins with the plan used nothing."""
    scn = sizing.move_period(load_scenario(SMALL, ["funding.land_esf.cap_total=20000"]),
                             "2014-01", 12)
    assert sanity.fresh_budget_warnings(scn) == [
        "funding.land_esf.cap_total: the program ran from 2013-01, and the period from "
        "2014-01 gives land_esf its whole cap_total: what 2013-01 to 2013-12 already used "
        "of the grant is not deducted, as the months before the start book no money; set "
        "what is left of it (--set funding.land_esf.cap_total=...)"]
    assert sanity.fresh_budget_warnings(scn, "de")[0].startswith(
        "funding.land_esf.cap_total: das Programm lief ab Januar 2013, und der Zeitraum ab "
        "Januar 2014 gibt land_esf den ganzen cap_total")
    begins = sizing.move_period(load_scenario(SMALL, [
        "funding.land_esf.cap_total=20000", "funding.land_esf.from=2014-01"]), "2014-01", 12)
    assert sanity.fresh_budget_warnings(begins) == []
    own = load_scenario(SMALL, ["funding.land_esf.cap_total=20000"])  # no warm-up: none
    assert sanity.fresh_budget_warnings(own) == []


def test_a_plan_from_a_caseload_after_the_own_start_warns_of_a_whole_grant(tmp_path):
    """A caseload file (or actual spells with --as-of at the plan's start) stands for the
    months before the plan: no warm-up, and no warning, though the grant of 20,000 had
    paid since 2013 (the national probe: 590 M asked of a 600 M grant with 371 M left)."""
    caseload = tmp_path / "cl.csv"
    caseload.write_text("person,provider,entry,exit,exit_reason\nA,alpha,2013-03-01,,\n",
                        encoding="utf-8")
    scn = sizing.move_period(load_scenario(SMALL, [
        "funding.land_esf.cap_total=20000", f"participants.initial={caseload}"]), "2014-01", 12)
    assert scn.period.simulate_from is None
    assert [w.split(":")[0] for w in sanity.fresh_budget_warnings(scn)] == [
        "funding.land_esf.cap_total"]
    assert "the program ran from 2013-01" in sanity.fresh_budget_warnings(scn)[0]


def test_booked_costs_with_a_plan_from_as_of_are_refused_in_one_line(tmp_path):
    """size --start at --as-of has no actual month: each booked cell was refused on its own
    line with an empty range ("2014-07 to 2014-06"), 400 lines at national scale."""
    spells = tmp_path / "sp.csv"
    spells.write_text("person,provider,entry,exit,exit_reason\nA,alpha,2013-03-01,,\n",
                      encoding="utf-8")
    booked = tmp_path / "bk.csv"
    booked.write_text("month,provider,category,amount\n2013-05,alpha,wages,100\n"
                      "2013-06,alpha,wages,100\n", encoding="utf-8")
    done = CliRunner().invoke(main, [
        "size", str(SMALL), "--start", "2014-01", "--months", "12", "--confidence", "0.9",
        "-n", "2", "-j", "1", "--actuals", str(spells), "--as-of", "2014-01", "--booked",
        str(booked), "--out", str(tmp_path / "plan")])
    assert done.exit_code == 2
    assert done.output == (
        "actuals.booked: the plan from 2014-01 has no actual month (actuals.as_of 2014-01), "
        "so booked costs have nothing to replace: leave out --booked (or actuals.booked), "
        "or start the plan later, where the program runs through the actual spells "
        "(given: 'bk.csv')\n")
    assert not (tmp_path / "plan").exists()


def test_run_json_records_the_estimate_as_run_does(tmp_path):
    """size wrote "resources": null; it keeps the estimate of its work, as run does: for
    a search, that of its largest candidate (10 x the 50 slots of 2025)."""
    from finsim.montecarlo.estimate import estimate

    for extra, folder in (((), "plan"), (("--cap", "jobcenter=1e12"), "cap")):
        out = tmp_path / folder
        result = _size("--start", "2025-01", "--months", "12", "--confidence", "0.9",
                       "-n", "4", "--out", str(out), *extra)
        assert result.exit_code == 0, result.output
        resources = json.loads((out / "run.json").read_text())["resources"]
        assert resources["replications"] == 4 and resources["jobs"] == 1
        assert resources["ran_on"] == "1 local process"
        scn = sizing.move_period(load_scenario(SMALL), "2025-01", 12)
        if extra:
            scn = sizing.with_slots(scn, 500)
        assert resources["total_bytes"] == estimate(scn, 4, 1).total_bytes


def test_a_mid_year_plan_warns_of_a_fresh_transfer_ceiling_too():
    """The PAT's yearly ceiling (transfer.cap_per_year) is given whole to the rest of the
    year a mid-year plan starts in, as a cap_per_year is."""
    scn = sizing.move_period(load_scenario(SMALL, [
        "funding.jobcenter.transfer={per_person_month: 800, cap_per_year: 50000}",
        "funding.jobcenter.budget=federal"]),
        "2014-07", 12)
    assert sanity.fresh_budget_warnings(scn) == [
        "funding.jobcenter.transfer.cap_per_year: the period starts in 2014-07, in "
        "mid-year, and gives jobcenter its whole 2014 transfer ceiling (50,000.00 EUR) for "
        "2014-07 to 2014-12 (a fresh yearly budget): what 2014-01 to 2014-06 already used "
        "of it is not deducted, as the months before the start book no money; lower that "
        "year's budget by what was used (--set 'funding.jobcenter.transfer.cap_per_year="
        "{2014-01: ..., 2015-01: 50000}', every year written out, as one number would "
        "replace the later years' budgets too) or start the period in 2014-01"]
    assert "die ganze Transferobergrenze 2014" in sanity.fresh_budget_warnings(scn, "de")[0]
    followed = sizing.move_period(load_scenario(SMALL, [
        "funding.jobcenter.transfer={per_person_month: 800, cap_per_year: "
        "{2014-01: 20000, 2015-01: 50000}}", "funding.jobcenter.budget=federal"]),
        "2014-07", 12)
    assert sanity.fresh_budget_warnings(followed) == []  # lowered as advised


def test_a_re_forecast_s_transfer_table_says_each_year_s_actual_months(tmp_path):
    """The Passiv-Aktiv-Transfer table of the size page and the terminal's transfer line
    titled the years plain, beside a request table saying "2027 (5 von 12 Monaten Ist)".
    As of 2027-06 with 100 EUR per participant-month: 2027 A (Jan-Mar) and B (all year),
    15 x 100 = 1,500; 2028 B alone, 12 x 100 = 1,200."""
    from .test_actuals import SPELLS, files

    path = files(tmp_path, SPELLS)
    common = ["size", str(path), "--start", "2027-01", "--months", "24", "--confidence",
              "0.9", "-n", "2", "--jobs", "1", "--set",
              "funding.jobcenter.transfer.per_person_month=100", "--set",
              "passive_benefits.by_payer.jobcenter=800", "--actuals",
              str(tmp_path / "spells.csv"), "--as-of", "2027-06"]
    for lang, head, row in (
            ("de", "<th scope='col'>2027 (5 von 12 Monaten Ist)</th><th scope='col'>2028 "
             "(Prognose)</th>",
             "<td>1.500</td><td>1.200</td><td>2.700</td>"),
            ("en", "<th scope='col'>2027 (5 of 12 months actual)</th><th scope='col'>2028 "
             "(forecast)</th>",
             "<td>1,500</td><td>1,200</td><td>2,700</td>")):
        done = CliRunner().invoke(main, [*common, "--lang", lang, "--out", str(tmp_path / lang)])
        assert done.exit_code == 0, done.output
        page = (tmp_path / lang / "report.html").read_text(encoding="utf-8")
        table = page[page.index("Passiv-Aktiv-Transfer ("):]
        assert table[table.index("<tr>"):].startswith(
            f"<tr><th scope='col'>{WORDS[lang]['funder']}</th>{head}"
            f"<th scope='col'>{WORDS[lang]['sum']}</th></tr>"
            f"<tr><th scope='row'>jobcenter</th>{row}</tr>")
    assert ("Passiv-Aktiv-Transfer (mean, part of jobcenter's amount): 2027 (5 of 12 months "
            "actual) 1,500, 2028 (forecast) 1,200") in done.output


def test_a_funder_s_yearly_cells_add_up_to_its_own_mean_rounded() -> None:
    """The Land's 2013 means in cents (staff 49,918,120.46, material 5,876,553.24, one-off
    4,205,326.30; 60,000,000 together, its cap): each rounded by itself they made
    59,999,999. By largest remainder the cent left goes to staff (.46 the largest):
    49,918,121 + 5,876,553 + 4,205,326 = 60,000,000. A second funder, a cent over, the
    same: 0.6 + 0.6 + 0.6 = 1.8 cents is 2, to the first two (a tie: the earlier first)."""
    summed = np.zeros((1, 6, 2), dtype=np.int64)  # cents over 50 replications
    summed[0, [1, 2, 5], 0] = [2495906023, 293827662, 210266315]
    summed[0, [0, 1, 2], 1] = [30, 30, 30]  # 0.6 cents each
    cells = whole_cells(summed, 50)
    assert cells[0, :, 0].tolist() == [0, 49918121, 5876553, 0, 0, 4205326]
    assert cells[0, :, 1].tolist() == [1, 1, 0, 0, 0, 0]
    assert cells.sum(axis=1).tolist() == [[60000000, 2]]


def test_a_capped_funder_s_plan_line_is_its_cap_not_a_cent_below(tmp_path) -> None:
    """The Land (cap_total 600,000 from 2013-04) is paid exactly 600,000.00 in every
    replication, all in 2013. plan.csv's cells, each category's mean rounded by itself,
    added up to 599,999.99, and plan.xlsx's line 2.2 (by the funding rules) and its
    request (2.2 + Risikozuschlag) said so, a cent below block 4's 600,000. Each funder's
    year now adds up to its own mean rounded to the cent, in plan.csv and plan.xlsx."""
    base = tmp_path / "base.yaml"
    base.write_text(yaml.safe_dump({
        "name": "complex base", "funding": [], "uncertainty": {},
        "base": str(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")}), encoding="utf-8")
    (tmp_path / "complex.yaml").write_text("""\
name: complex funding
base: base.yaml
costs:
  one_off:
    - {id: jsz, name: Jahressonderzahlung, month: 11, entitled_month: 12,
       share_of_monthly_wage: 0.8, pro_rata: months, paid_month_after: true}
returns: {bund: 0.1, sozialversicherung: 0.2}
funding:
  - {id: jobcenter, name: Jobcenter, public: true, budget: bund, covers: {wages: 0.5},
     cap_per_year: 1500000,
     payment: {every: quarter, timing: advance, lag_months: 1, advance: 100000}}
  - {id: land, name: Land, public: true, budget: land,
     covers: {staff: 1.0, material: 1.0, one_off: 0.5}, from: 2013-04, until: 2014-06,
     cap_total: 600000, payment: {every: quarter, timing: arrears, lag_months: 2,
     retention: 0.1, final_after_months: 3}}
  - {id: city, name: Stadt, public: true, budget: kommune, covers: {qualification: 0.8},
     payment: {every: year, timing: arrears, lag_months: 1.5}}
uncertainty: {}
""", encoding="utf-8")
    out = tmp_path / "plan"
    done = CliRunner().invoke(main, ["size", str(tmp_path / "complex.yaml"), "--start",
                                     "2013-01", "--months", "24", "--confidence", "0.8",
                                     "-n", "100", "--seed", "5", "-j", "1", "-q",
                                     "--out", str(out)])
    assert done.exit_code == 0, done.output
    plan = pd.read_csv(out / "plan.csv")
    land = plan[(plan.funder == "land") & (plan.year == 2013)].set_index("category").amount
    assert land[["staff", "material", "one_off"]].tolist() == [499181.1, 58765.54, 42053.36]
    spent = plan[plan.category != "contingency"]
    by_year = (spent.amount * 100).round().astype(int).groupby([spent.year, spent.funder]).sum()
    assert by_year[2013, "land"] == 60000000 and by_year[2014, "land"] == 0
    rows = labelled(computed(out / "plan.xlsx")["Finanzierungsplan"])
    assert rows["2.2 Land"][1:4] == (600000.0, 0.0, 600000.0)
    assert rows["     Land: Summe"][1:4] == (600000.0, 0.0, 600000.0)
    assert rows["4.2 Land"][3] == 600000.0


def test_one_replication_is_warned_about_in_the_plan_and_in_both_languages(small, tmp_path):
    """With -n 1 every quantile is the one draw: each contingency 0.00 and the search's
    interval without width, said nowhere; compare and sensitivity warn here."""
    from finsim.report.plan import plan_warnings

    moved = sizing.move_period(small, "2025-01", 12)
    one = run(RunSpec(moved, 1, 3), jobs=1)
    plan = plan_table(one, 0.9)
    assert plan[plan.category == "contingency"].amount.sum() == 0.0
    assert plan_warnings(one, plan, 0.9)[0] == (
        "one replication: each quantile is that one draw, so every contingency is 0.00 and "
        "no bootstrap interval has a width; the plan is not at 90% confidence; use -n 2 or "
        "more")
    assert plan_warnings(one, plan, 0.9, "de")[0].startswith("eine Replikation: ")
    two = run(RunSpec(moved, 2, 3), jobs=1)
    assert not any("one replication" in w for w in plan_warnings(two, plan_table(two, 0.9), 0.9))
    sized = _size("--start", "2025-01", "--months", "12", "--confidence", "0.9", "-n", "1",
                  "--cap", "land_esf=1000000", "--max-slots", "60", "--out", str(tmp_path))
    assert sized.exit_code == 0, sized.output
    written = json.loads((tmp_path / "run.json").read_text())["warnings"]
    assert any(w.startswith("one replication: each quantile is that one draw") for w in written)


def test_too_few_replications_for_the_confidence_are_warned_about_once(small, tmp_path):
    """0.999 of 20 replications is about the largest of them and understates the real
    quantile, yet everything was labelled 99.9 % without a word: warned when less than
    one replication lies beyond the quantile (n x (1 - Q) < 1), not with -n 1 (its own
    warning says it) and not where one lies beyond (10 at 0.9)."""
    from finsim.report.plan import plan_warnings

    moved = sizing.move_period(small, "2025-01", 12)
    twenty = run(RunSpec(moved, 20, 3), jobs=1)
    assert plan_warnings(twenty, plan_table(twenty, 0.999), 0.999)[0] == (
        "20 replications are too few for a 99.9% quantile: 0.02 of them lie beyond it, less "
        "than one, so each 99.9% quantile is about the largest of the 20 results and "
        "understates the real one; the plan is not at 99.9% confidence; rerun with more "
        "--replications: about 10,000 put 10 beyond it")
    assert plan_warnings(twenty, plan_table(twenty, 0.01), 0.01, "de")[0] == (
        "20 Replikationen reichen für ein 1-%-Quantil nicht: 0,20 von ihnen liegen jenseits "
        "davon, weniger als eine, also ist jedes 1-%-Quantil etwa das kleinste der 20 "
        "Ergebnisse und unterschätzt das wahre; der Plan gilt nicht mit 1 % Konfidenz; mit mehr "
        "--replications erneut rechnen: etwa 1.000 legen 10 jenseits davon")
    assert not any("too few" in w for w in plan_warnings(twenty, plan_table(twenty, 0.95), 0.95))
    ten = run(RunSpec(moved, 10, 3), jobs=1)  # 10 x 0.1 is one, though 0.1 is not exact
    assert not any("too few" in w for w in plan_warnings(ten, plan_table(ten, 0.9), 0.9))
    one = run(RunSpec(moved, 1, 3), jobs=1)
    assert [w.split(":")[0] for w in plan_warnings(one, plan_table(one, 0.999), 0.999)
            if "replication" in w] == ["one replication"]
    sized = _size("--start", "2025-01", "--months", "12", "--confidence", "0.99", "-n", "20",
                  "--out", str(tmp_path))
    assert sized.exit_code == 0, sized.output
    written = json.loads((tmp_path / "run.json").read_text())["warnings"]
    assert any(w.startswith("20 replications are too few for a 99% quantile: 0.20 of them")
               for w in written)


def test_a_target_reads_at_most_where_more_slots_lower_the_metric_and_refuses_costs(small):
    """Every target was read as "at least": referrals_lost=5 was refused with advice to
    raise the referrals, and cost_per_entry=50000 answered 1 slot without a word. (The
    quantile at 60 slots was 13.3 while a maximum duration ended at entry + 24 fractional
    months; by the calendar, the warm-up's leap Februaries move those exits by hours and
    the referrals lost with them: 15.1.)"""
    moved = sizing.move_period(small, "2025-01", 12)
    with pytest.raises(ScenarioError) as refused:
        sizing.parse_targets(["cost_per_entry=50000", "funding_gap=0", "entries=5"], moved)
    lines = str(refused.value).splitlines()
    assert lines[0] == (
        "--target: cost_per_entry: a target accepts only entries, referrals_lost, "
        "exits_placement, exits_max_duration, participants_at_end, waiting_at_end, "
        "slot_months, passive_benefits_avoided, passive_benefits_avoided_federal, "
        "passive_benefits_avoided_city (at most for referrals_lost and waiting_at_end, at "
        "least for the others): more slots move only these toward a target; a cost is "
        "kept with --cap")
    assert len(lines) == 2
    assert lines[1].startswith("--target: funding_gap: a target accepts only ")
    target, = sizing.parse_targets(["referrals_lost=2"], moved)
    assert (target.label, target.upper, target.target) == ("target referrals_lost<=2", True,
                                                          True)
    with pytest.raises(ScenarioError, match=r"^--target: referrals_lost<=2: cannot be reached "
                       r"with probability 0.9 even at --max-slots 60 \(its 90% quantile "
                       r"there is 15.1\); raise --max-slots or raise the target$"):
        sizing.size(moved, [], [target], 0.9, 10, 3, max_slots=60, jobs=1)
    found = sizing.size(moved, [], [target], 0.9, 10, 3, max_slots=100, jobs=1)
    lost = {s: quantile(sizing.Search(moved, 10, 3, True, 1, None)(s).metric(
        "referrals_lost"), 0.9) for s in (found.slots - 1, found.slots)}
    assert lost[found.slots] <= 2 < lost[found.slots - 1]  # the fewest slots losing at most 2
    assert found.binding == ["target referrals_lost<=2"]
    assert {c["quantile_level"] for c in found.checks} == {0.9}
    from finsim.report.html_size import constraint_text

    assert constraint_text(found.checks[0], found.result, "en").endswith(": ≤ 2.0")


def test_size_warns_of_an_out_of_bounds_draw_before_the_work(tmp_path):
    """`size` stopped at a draw out of bounds with only the refusal, halfway through its
    search (only run and validate warned): the warning is now given before the work,
    once; --strict refuses before the work and writes nothing. normal(0.05, 0.02) below
    0: Phi(-2.5) = 0.62 %, 0.2 of 30 replications, 1 - 0.99379^30 = 17 %."""
    from .test_uncertainty_bounds import TAIL

    scenario = tmp_path / "s.yaml"
    scenario.write_text(TAIL, encoding="utf-8")
    line = ("warning: uncertainty: employment.hazards.dropout: normal(mean 0.05, sd 0.02) "
            "draws below 0 (refused there: expected at least 0) with probability 0.6%: "
            "expected in 0.2 of the run's 30 replications, a chance of 17% that the run stops")
    out = tmp_path / "o"
    args = ["size", str(scenario), "--start", "2027-01", "--months", "2", "-n", "30",
            "--confidence", "0.9", "--jobs", "1", "--target", "entries=0", "--out", str(out)]
    done = CliRunner().invoke(main, args)
    warned = [w for w in done.stderr.splitlines() if "employment.hazards.dropout" in w]
    assert len(warned) == 1 and warned[0].startswith(line)
    assert done.stderr.index(warned[0]) < done.stderr.index("a search over the slots")
    refused = CliRunner().invoke(main, [*args, "--strict", "--force"])
    assert refused.exit_code == 2 and "a search over the slots" not in refused.stderr
    assert f"{scenario}: --strict: uncertainty: employment.hazards.dropout: normal" in \
        refused.stderr


GIVING_UP = """name: giving up
period: {start: 2027-01, months: 12}
simulation: {replications: 40}
participants: {referrals_per_month: 4, initial: 0, patience_months: 0}
employment: {max_months: 24, hazards: {placement: 0.02, dropout: 0.02}}
providers:
  - {id: p1, slots: 20}
costs:
  wages: {hourly: 15.00}
"""


def test_an_empty_waiting_list_of_people_who_gave_up_is_a_warning(tmp_path):
    """With a patience of 0 months nobody ever waits: `--target waiting_at_end=0` was met
    at 1 slot while nearly every referral was lost, without a word. The warning gives the
    lost referrals at the answer (mean, share of the referrals, the target's quantile)
    and suggests a referrals_lost target; with one given, no such line."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text(GIVING_UP, encoding="utf-8")
    scn = load_scenario(scenario)
    target = sizing.parse_targets(["waiting_at_end=0"], scn)
    found = sizing.size(scn, [], target, 0.9, 40, 7, jobs=1)
    assert found.slots == 1
    lost = found.result.metric("referrals_lost")
    referrals = found.result.metric("referrals")
    mean, share = float(np.mean(lost)), float(np.mean(lost) / np.mean(referrals))
    assert mean > 0.9 * float(np.mean(referrals))  # nearly all lost at 1 slot
    assert found.warnings[0] == (
        f"target waiting_at_end<=0: at 1 slot the waiting list is empty because people give "
        f"up, not because they find a slot: {mean:.1f} of {np.mean(referrals):.1f} "
        f"referrals are lost ({share:.0%}, mean; the 90% quantile "
        f"{quantile(lost, 0.9):.1f}); add a target on the lost referrals as well "
        "(--target referrals_lost=N)")
    both = sizing.parse_targets(["waiting_at_end=0", "referrals_lost=50"], scn)
    assert not [w for w in sizing.size(scn, [], both, 0.9, 40, 7, jobs=1).warnings
                if "give up" in w]


def test_a_waiting_list_empty_with_few_referrals_lost_claims_no_giving_up():
    """--target waiting_at_end=0 met at 194 slots while 0.5 of 71 referrals are lost
    (1 %): the warning said the list is empty because people give up, not because they
    find a slot, though 99 % find one. Below half the referrals lost it says that some
    give up besides; from half on it claims the cause."""
    check = {"constraint": "target waiting_at_end<=0", "quantile_level": 0.9}
    few = sizing.GivingUp(194, 0.5, 71.0, 0.1, check)
    assert few.text() == (
        "target waiting_at_end<=0: at 194 slots the waiting list is empty though not only "
        "because people find a slot: 0.5 of 71.0 referrals give up and are lost (1%, mean; "
        "the 90% quantile 0.1); add a target on the lost referrals as well "
        "(--target referrals_lost=N)")
    assert few.text("de") == (
        "target waiting_at_end<=0: bei 194 Plätzen ist die Warteliste leer, aber nicht nur, "
        "weil Zugewiesene einen Platz finden: 0,5 von 71,0 Zuweisungen geben auf und gehen "
        "verloren (1 %, Mittelwert; das 90-%-Quantil 0,1); zusätzlich ein Ziel für die "
        "verlorenen Zuweisungen setzen (--target referrals_lost=N)")
    half = sizing.GivingUp(3, 35.5, 71.0, 40.0, check)
    assert half.text() == (
        "target waiting_at_end<=0: at 3 slots the waiting list is empty because people give "
        "up, not because they find a slot: 35.5 of 71.0 referrals are lost (50%, mean; the "
        "90% quantile 40.0); add a target on the lost referrals as well "
        "(--target referrals_lost=N)")


def test_an_at_most_target_of_0_met_in_every_replication_is_not_too_few(tmp_path):
    """On demand, 2 slots held, 3 people waiting and nobody leaving: waiting_at_end is 1
    in every replication at 2 slots and 0 in every one at 3. The interval at 3 is
    (0 – 0): every resample meets the bound 0, so no 'too few replications' line (it
    told the user to add replications that could change nothing). An interval holding a
    meeting and a missing value still warns."""
    (tmp_path / "caseload.csv").write_text(
        "person,provider,entry,exit,exit_reason,referral,sex\n"
        "A,cjd,2023-03-01,,,,male\nB,cjd,2023-06-01,,,,male\n"
        "W1,,,,,2026-12-10,female\nW2,,,,,2026-11-20,female\nW3,,,,,2026-12-05,female\n",
        encoding="utf-8")
    scenario = tmp_path / "odc.yaml"
    scenario.write_text(
        "name: on demand waiting list\nperiod: {start: 2027-01, months: 36}\n"
        "participants: {referrals_per_month: on_demand, initial: caseload.csv, "
        "patience_months: 0, mix: {sex: {male: 0.99, female: 0.01}}}\n"
        "employment: {max_months: 60, refill_delay_months: 0, hazards: {placement: 0, "
        "dropout: 0}}\nproviders: [{id: cjd, slots: 2}]\n"
        "costs: {wages: {hourly: 14.60, hours_per_week: 39, employer_contributions: 0.2}}\n"
        "funding:\n  - {id: jobcenter, covers: {wages: {by_tenure_year: [1, 1, 0.9]}}}\n"
        "  - {id: employers, public: false, covers: remainder}\n", encoding="utf-8")
    scn = load_scenario(scenario)
    target = sizing.parse_targets(["waiting_at_end=0"], scn)
    found = sizing.size(scn, [], target, 0.9, 100, 7, jobs=1)
    assert found.slots == 3
    rows = {r["slots"]: r for r in found.checks}
    assert rows[3]["interval90"] == [0.0, 0.0] and rows[2]["interval90"] == [1.0, 1.0]
    assert found.too_few == []
    at_most = target[0]
    assert sizing._undecided(at_most, 0.0, 2.0) and not sizing._undecided(at_most, 0.0, 0.0)
    assert not sizing._undecided(at_most, 1.0, 1.0)


def test_a_mid_year_plan_suggests_the_dated_form_for_a_dated_yearly_cap():
    """For ``cap_per_year: {2013-01: 50000, 2015-01: 30000}`` the warning said ``--set
    funding.land_esf.cap_per_year=...``: one number would have replaced the later years'
    budgets too. It now writes every year out, the start year's as ``...``, for one
    number as well."""
    def line(cap: str, months: int) -> str:
        scn = sizing.move_period(load_scenario(SMALL, [f"funding.land_esf.cap_per_year={cap}"]),
                                 "2014-07", months)
        return sanity.fresh_budget_warnings(scn)[0]

    fix = "--set 'funding.land_esf.cap_per_year={2014-01: ..., 2015-01: 30000}'"
    assert line("{2013-01: 50000, 2015-01: 30000}", 24) == (
        "funding.land_esf.cap_per_year: the period starts in 2014-07, in mid-year, and gives "
        "land_esf its whole 2014 budget (50,000.00 EUR) for 2014-07 to 2014-12 (a fresh "
        "yearly budget): what 2014-01 to 2014-06 already used of it is not deducted, as the "
        f"months before the start book no money; lower that year's budget by what was used "
        f"({fix}, every year written out, as one number would replace the later years' "
        "budgets too) or start the period in 2014-01")
    assert "(--set 'funding.land_esf.cap_per_year={2014-01: ..., 2015-01: 50000}'," in line(
        "{2013-01: 50000}", 12)  # the year after keeps its old budget
    assert "(--set 'funding.land_esf.cap_per_year={2014-01: ..., 2015-01: 30000}'," in line(
        "{2013-01: 50000, 2015-01: 30000}", 6)  # the horizon ends in 2014: 2015 written too
    assert "(--set 'funding.land_esf.cap_per_year={2014-01: ..., 2015-01: 50000}', every " \
        "year written out" in line("50000", 24)  # one number: dated too
    scn = sizing.move_period(load_scenario(SMALL, [
        "funding.land_esf.cap_per_year={2013-01: 50000, 2015-01: 30000}"]), "2014-07", 24)
    assert ("das Budget des Jahres um das Verbrauchte senken (--set 'funding.land_esf."
            "cap_per_year={2014-01: ..., 2015-01: 30000}', jedes Jahr ausgeschrieben, da eine "
            "Zahl auch die Budgets der späteren Jahre ersetzen würde) oder ab `2014-01` "
            "rechnen") in sanity.fresh_budget_warnings(scn, "de")[0]
    filled = load_scenario(SMALL, ["funding.land_esf.cap_per_year="
                                   "{2014-01: 20000, 2015-01: 30000}"])
    assert [float(v) for v in filled.funding[1].cap_per_year.values()] == [20000.0, 30000.0]


def test_following_the_mid_year_cap_advice_ends_the_warning(tmp_path: Path) -> None:
    """`size --start 2027-07 --set funding.jobcenter.cap_per_year=5000000` advised
    ``--set funding.jobcenter.cap_per_year=...``; followed with what 2027 had left, it cut
    2028's and 2029's budgets to it too, and the warning stayed (``--strict`` refused the
    plan even in the dated form). The advice is dated for one number too, and a cap whose
    start year is keyed in its January below the next year's reads as lowered: no
    warning, ``--strict`` accepts, and only the start year's budget changes."""
    line = ("funding.land_esf.cap_per_year: the period starts in 2014-07, in mid-year, and "
            "gives land_esf its whole 2014 budget (9,000.00 EUR) for 2014-07 to 2014-12 (a "
            "fresh yearly budget): what 2014-01 to 2014-06 already used of it is not "
            "deducted, as the months before the start book no money; lower that year's "
            "budget by what was used (--set 'funding.land_esf.cap_per_year={2014-01: ..., "
            "2015-01: 9000}', every year written out, as one number would replace the later "
            "years' budgets too) or start the period in 2014-01")
    quiet = ["--set", "participants.referrals_per_month=4", "--set", "costs.wages.hourly=8.62"]

    def plan(cap: str, out: str) -> tuple[object, dict[str, float]]:
        done = CliRunner().invoke(main, [
            "size", str(SMALL), "--start", "2014-07", "--months", "24", "--confidence",
            "0.9", "-n", "20", "--jobs", "1", "--strict", *quiet,
            "--set", f"funding.land_esf.cap_per_year={cap}", "--out", str(tmp_path / out)])
        if done.exit_code:
            return done, {}
        rows = pd.read_csv(tmp_path / out / "plan.csv")
        paid = rows[rows.funder == "land_esf"].groupby("year").amount.sum()
        return done, {str(year): round(float(v), 2) for year, v in paid.items()}

    refused, _ = plan("9000", "number")
    assert refused.exit_code == 2 and f"--strict: {line}" in refused.output
    done, paid = plan("{2014-01: 4000, 2015-01: 9000}", "followed")
    assert done.exit_code == 0, done.output
    assert not [w for w in done.output.splitlines()  # the --set line names it, no warning
                if "cap_per_year" in w and not w.startswith("Changed with --set: ")]
    assert paid == {"2014": 4000.0, "2015": 9000.0, "2016": 9000.0}
    scn = sizing.move_period(load_scenario(SMALL, [
        "funding.land_esf.cap_per_year={2014-01: 9000, 2015-01: 9000}"]), "2014-07", 24)
    assert sanity.fresh_budget_warnings(scn) == [line]  # not lowered: still said
    assert not sanity.lowered_start_year({"2013-01": 9000, "2014-07": 4000, "2015-01": 9000},
                                         Month(2014, 7))  # keyed in July: 2015's


def test_plain_size_plans_a_schedule_below_the_people_as_given_and_warns(small_data,
                                                                         tmp_path):
    """Without --cap or --target nothing is searched: the scenario's own schedule (alpha
    4 slots, 2 from July) is planned as given although its three people may stay to 2021,
    and the plan is written with the warning that names the months over the slots
    (docs/running-programs.md says so; only a candidate never has fewer slots)."""
    caseload = tmp_path / "caseload.csv"
    caseload.write_text("person,provider,entry,exit,exit_reason,referral,sex\n" + "".join(
        f"p{i},alpha,2019-0{i + 1}-01,,,,female\n" for i in range(3)))
    path = tmp_path / "falls.yaml"
    path.write_text(yaml.safe_dump(deep_merge(small_data, {
        "participants": {"initial": str(caseload), "referrals_per_month": 0},
        "employment": {"hazards": {"placement": 0.0, "dropout": 0.0}},
        "providers": [{"id": "alpha", "slots": {"2020-01": 4, "2020-07": 2}},
                      {"id": "beta", "slots": 0}]})), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["size", str(path), "--start", "2020-01", "--months",
                                       "12", "--confidence", "0.9", "-n", "2", "--jobs", "1",
                                       "--no-uncertainty", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert ("\nwarning: providers.alpha: more people than slots in 2020-07 to 2020-11 "
            "(people at month end, mean; most over in 2020-07: 3.00 people in 2 slots): "
            + CUT_SLOTS + "\n") in result.output
    assert (out / "plan.csv").is_file()


def test_an_all_actual_year_is_the_same_whatever_is_drawn_to_the_cent(tmp_path):
    """A draw applies from --as-of on (docs/running-programs.md): 2027, all actual, is
    44,413.20 EUR of wages for the Jobcenter (A Jan-Mar, B all year: 15 x 2,960.88 at
    the scenario's 14.60 EUR an hour) in every replication, with any seed and without
    draws, though the hourly wage is drawn from 14 to 15; 2028 (forecast) follows the
    draws."""
    from .test_actuals import SPELLS, files

    path = files(tmp_path, SPELLS)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["actuals"] = {"spells": "spells.csv", "as_of": "2028-01"}
    data["uncertainty"] = {"costs.wages.hourly": {"dist": "uniform", "low": 14, "high": 15}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    scn = load_scenario(path, ["period.start=2027-01", "period.months=24"])
    result = run(RunSpec(scn, 10, 7), jobs=1)
    wages = result.aggregate.yearly_sample[:, :, CATEGORIES.index("wages")].sum(axis=-1)
    assert set(wages[:, 0].round(2).tolist()) == {44413.20}
    assert len(set(wages[:, 1].round(2).tolist())) == 10
    common = ["size", str(path), "--start", "2027-01", "--months", "24", "--confidence", "0.9",
              "-n", "10", "--jobs", "1"]
    years = {}
    for name, more in {"none": ["--no-uncertainty"], "2013": ["--seed", "2013"],
                       "7": ["--seed", "7"]}.items():
        done = CliRunner().invoke(main, [*common, *more, "--out", str(tmp_path / name)])
        assert done.exit_code == 0, done.output
        plan = pd.read_csv(tmp_path / name / "plan.csv")
        years[name] = plan[plan.year == 2027].set_index(["category", "funder"]).amount
    assert years["none"]["wages", "jobcenter"] == 44413.20
    pd.testing.assert_series_equal(years["2013"], years["none"])
    pd.testing.assert_series_equal(years["7"], years["none"])


def test_a_budget_s_paid_row_adds_up_to_its_funders_rows_to_the_cent() -> None:
    """Each budget's mean rounded on its own put Fiskalbilanz a cent off Finanzierungsplan:
    Land 430,447.74 + EU 286,965.17 = 717,412.91 against the ESF+ grant's 717,412.92, and
    Bund 4,724,791.93 against Jobcenter 4,210,968.58 + coaching 513,823.34 = ...92. The
    funders' rounded means are now split among their budgets by largest remainder."""
    from finsim.funding.fiscal import compile_budgets
    from finsim.report.budgets import paid_split

    scn = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml")
    assert compile_budgets(scn).names == ("kommune", "bund", "land", "eu", "provider")
    funders = dict(zip([*scn.funder_ids, "gap"], range(6), strict=True))
    yearly = np.zeros((1, 6, 6), dtype=np.int64)  # [years, categories, funders + gap]
    yearly[0, 0, funders["jobcenter"]] = 8421937169  # cents over 20 replications:
    yearly[0, 1, funders["coaching"]] = 1027646682  # 4,210,968.5845, 513,823.341
    yearly[0, 1, funders["land_esf"]] = 1434825830  # and 717,412.915 EUR
    cells = whole_cells(yearly, 20)
    summed = np.array([[0, 9449583851, 860895488, 573930342, 0]])  # the budgets' cents
    paid = paid_split(compile_budgets(scn), summed / 20, cells.sum(axis=1))[0]
    assert [round(v / 20) for v in summed[0, 1:4]] == [472479193, 43044774, 28696517]
    assert paid.tolist() == [0, 472479192, 43044775, 28696517, 0]
    assert paid[2] + paid[3] == cells[0, :, funders["land_esf"]].sum()
    assert paid[1] == 421096858 + 51382334


def _split_land(small_data: dict, budget: dict) -> "sizing.Scenario":
    """``material_only`` with the Land's grant split among budgets."""
    scn = variant(small_data, providers=[{"id": "beta", "slots": 10,
                                          "costs": {"material": {"per_slot_month": 50}}}],
                  funding=[{"id": "land_esf", "covers": {"material": 1.0},
                            "budget": budget}])
    return sizing.move_period(scn, "2020-01", 24)


def test_a_cap_on_a_budget_holds_its_part_of_the_funders_paying_into_it(small_data):
    """--cap land=900000 was refused ("unknown funder — did you mean 'land_esf'?"), and the
    hint capped Land and EU together. Land pays 60 % of 1,200 EUR per slot: 720; a cap of
    24,000 holds 33 slots (23,760), not the search's 34, which plans 35 (25,200): the
    slots of land_esf=40000."""
    scn = _split_land(small_data, {"land": 0.6, "eu": 0.4})
    caps = sizing.parse_caps(["land=24000"], scn)
    assert [(c.label, c.metric, c.bound) for c in caps] == [("cap land=24000", "paid_land",
                                                              24000.0)]
    found = sizing.size(scn, caps, [], 0.9, 20, 3, jobs=1)
    assert found.slots == 33 and found.binding == ["cap land=24000"]
    at = {row["slots"]: row["quantile"] for row in found.checks}
    assert at == pytest.approx({32: 23040.0, 33: 23760.0, 34: 25200.0})
    land = sizing.budget_paid(found.result, "land")
    eu = sizing.budget_paid(found.result, "eu")
    assert np.all(np.round((land + eu) * 100) == np.round(
        found.result.metric("funding_land_esf") * 100))  # every cent, in every replication
    from finsim.report.html_size import constraint_text

    row = found.checks[0]
    assert constraint_text(row, found.result, "de") == "Obergrenze Haushalt Land: 24.000 EUR"
    assert constraint_text(row, found.result, "en") == "cap budget Land: 24,000 EUR"
    assert sizing.parse_caps(["budget:eu=1"], scn)[0].metric == "paid_eu"
    assert sizing.parse_caps(["funder:land_esf=1"], scn)[0].metric == "funding_land_esf"


def test_a_funder_s_own_budget_is_its_funder_and_a_shared_name_must_be_told(small_data):
    """jobcenter pays all its money into its own budget: one amount, capped as the funder.
    Once land_esf pays half into budget jobcenter too, the name holds two amounts."""
    scn = _split_land(small_data, {"land": 0.6, "eu": 0.4})
    assert sizing.parse_caps(["jobcenter=1"], scn)[0].metric == "funding_jobcenter"
    shared = _split_land(small_data, {"jobcenter": 0.5, "land": 0.5})
    with pytest.raises(ScenarioError) as err:
        sizing.parse_caps(["jobcenter=1"], shared)
    assert str(err.value.problems[0]) == (
        "--cap: jobcenter: is both a funder and a budget (paid by jobcenter, land_esf 50 %), "
        "which pay different amounts: write funder:jobcenter=EUR for the funder's total "
        "or budget:jobcenter=EUR for what the budget pays")
    assert sizing.parse_caps(["budget:jobcenter=1"], shared)[0].metric == "paid_jobcenter"
    with pytest.raises(ScenarioError) as err:
        sizing.parse_caps(["lnad=1"], shared)
    assert str(err.value.problems[0]) == ("--cap: lnad: unknown funder or budget — did you "
                                          "mean 'land'?")


def test_a_cap_a_budget_s_funders_own_caps_already_keep_is_refused(tmp_path, small_data):
    """land_esf with cap_per_year 40,000 over 2025-07 + 18 months pays at most 80,000, 60 %
    into budget land and 40 % into eu: land gets at most 48,000.00 and eu 32,000.00, so
    --cap land=48000 and eu=40000 can never bind (the search would answer --max-slots):
    refused as a funder's cap is, a line each, exit 2. 47,999.99 can bind. A budget that
    a funder without a cap of its own pays into too, or whose funder's cap the scenario
    draws, may get any amount: not refused."""
    result = _size("--start", "2025-07", "--months", "18", "--confidence", "0.9", "-n", "5",
                   "--set", "funding.land_esf.cap_per_year=40000",
                   "--set", "funding.land_esf.budget={land: 0.6, eu: 0.4}",
                   "--cap", "land=48000", "--cap", "eu=40000", "--out", str(tmp_path / "s"))
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        "finsim size: --cap: land: 48,000.00 EUR can never bind: the scenario's own "
        "funding.land_esf cap_per_year, summed over the period's calendar years (80,000.00 EUR, 60 "
        "% to land) "
        "already holds what budget land gets within 48,000.00 EUR at every size, so the "
        "search would only answer --max-slots; give a --cap below 48,000.00 or raise the "
        "scenario's cap",
        "finsim size: --cap: eu: 40,000.00 EUR can never bind: the scenario's own funding.land_esf "
        "cap_per_year, summed over the period's calendar years (80,000.00 EUR, 40 % to eu) "
        "already holds what budget eu gets within 32,000.00 EUR at every size, so the "
        "search would only answer --max-slots; give a --cap below 32,000.00 or raise the "
        "scenario's cap"]
    assert not (tmp_path / "s").exists()
    split = replaced(_split_land(small_data, {"land": 0.6, "eu": 0.4}),
                     {"funding.land_esf.cap_per_year": 40000})  # 2020 and 2021: 80,000
    assert sizing.budget_ceiling(split, "land") == (
        48000.0, ["funding.land_esf cap_per_year, summed over the period's calendar years "
                  "(80,000.00 EUR, 60 % to land)"])
    assert sizing.parse_caps(["land=47999.99"], split)[0].bound == 47999.99
    with pytest.raises(ScenarioError, match=r"^--cap: budget:land: 48,000.00 EUR can never"):
        sizing.parse_caps(["budget:land=48000"], split)
    shared = replaced(_split_land(small_data, {"jobcenter": 0.5, "land": 0.5}),
                      {"funding.land_esf.cap_total": 30000})
    assert sizing.budget_ceiling(shared, "jobcenter") is None  # jobcenter has no cap
    assert sizing.parse_caps(["budget:jobcenter=1000000"], shared)[0].bound == 1000000
    with pytest.raises(ScenarioError, match=r"cap_total \(30,000.00 EUR, 50 % to land\) "
                                            r"already holds what budget land gets within "
                                            r"15,000.00 EUR"):
        sizing.parse_caps(["land=15000"], shared)
    uncertain = {**small_data["uncertainty"], "funding.land_esf.cap_total":
                 {"dist": "uniform", "low": 20000, "high": 90000}}
    drawn = sizing.move_period(variant(
        small_data, funding=[{"id": "land_esf", "covers": {"material": 1.0}, "cap_total": 30000,
                              "budget": {"land": 0.6, "eu": 0.4}}],
        uncertainty=uncertain), "2020-01", 24)
    assert sizing.budget_ceiling(drawn, "land") is None  # a draw may lift it
    assert sizing.parse_caps(["land=50000"], drawn)[0].bound == 50000


def test_below_50_percent_the_caption_says_the_rows_stay_at_their_means(small):
    """At --confidence 0.3 the caption said "Each row is lifted to its own 30% quantile",
    but the contingency is clipped at 0: rows whose quantile lies below the mean are the
    mean, above that quantile. Counted here: a row of no spread (the gap, 0) is at it, and
    land_esf's skewed total has its 30% quantile 466.07 above its mean: lifted to it."""
    from finsim.report.html_size import request_notes
    from finsim.report.plan import contingency, lift_words, plan_view, quantile_over_mean

    moved = sizing.move_period(small, "2025-01", 12)
    result = run(RunSpec(moved, 20, 3), jobs=1)
    under = quantile_over_mean(result, 0.3) < -0.005
    assert under.tolist() == [[True, False, True, False]]  # jobcenter, employers
    assert contingency(result, 0.3).round(4).tolist() == [[0.0, 466.0725, 0.0, 0.0]]
    assert lift_words(result, 0.3) == (
        "Below 50% confidence a quantile lies mostly under the mean, and a contingency never "
        "lowers a row: in 2 of 4 funder-years here the 30% quantile lies below the mean, so "
        "those rows are their mean (no contingency), above their 30% quantile; the others "
        "are at it")
    plan = plan_table(result, 0.3)
    assert plan_view(result, plan, 0.3, "t").caption.startswith(lift_words(result, 0.3) + "; ")
    assert ("Risikozuschlag senkt keine Zeile: in 2 von 4 Geldgeber-Jahren liegt das "
            "30-%-Quantil hier unter dem Mittelwert") in request_notes(result, plan, 0.3, "de")
    assert lift_words(result, 0.9) == "Each row is lifted to its own 90% quantile"


def test_yearly_requests_above_a_funder_s_cap_are_warned_with_the_period_figure(small, tmp_path):
    """The search holds the period total's 90% quantile within --cap (282,945.35 at 14
    slots, cap 285,000), but each year is lifted to its own quantile: the years added up
    to 287,538.50, above the cap, without a word. The warning names the figure that
    meets the cap for a grant of the whole period; none where the years stay within it."""
    from finsim.report.plan import cap_sum_warnings, plan_warnings, request_table

    moved = sizing.move_period(small, "2025-01", 24)
    found = sizing.size(moved, sizing.parse_caps(["land_esf=285000"], moved), [], 0.9, 20, 3,
                        max_slots=80, jobs=1)
    plan = plan_table(found.result, 0.9)
    assert found.slots == 14 and round(request_table(plan)["total"]["land_esf"], 2) == 287538.5
    line = ("cap land_esf=285000: land_esf's yearly requests add up to 287,538.50 EUR, above "
            "the cap: each year is lifted to its own 90% quantile, and quantiles do not add "
            "up; where land_esf grants one sum for the period, ask for its period 90% "
            "quantile, 282,945.35 EUR, which meets the cap")
    assert cap_sum_warnings(found, plan) == [line]
    assert plan_warnings(found.result, plan, 0.9, found=found)[-1] == line
    assert cap_sum_warnings(found, plan, "de") == [
        "cap land_esf=285000: die Jahresanträge von land_esf summieren sich auf 287.538,50 "
        "EUR, über der Obergrenze: jedes Jahr ist auf sein eigenes 90-%-Quantil angehoben, "
        "und Quantile addieren sich nicht; bewilligt land_esf eine Summe für den ganzen "
        "Zeitraum, das 90-%-Quantil der Zeitraumsumme beantragen, 282.945,35 EUR, das die "
        "Obergrenze einhält"]
    wide = sizing.size(moved, sizing.parse_caps(["land_esf=300000"], moved), [], 0.9, 20, 3,
                       max_slots=80, jobs=1)
    assert wide.slots == 14 and cap_sum_warnings(wide, plan_table(wide.result, 0.9)) == []


def test_a_page_says_the_cap_sum_warning_in_its_words_and_both_records_hold_it_all(
        small, tmp_path):
    """The page's Hinweise gave "cap land_esf=285000: die Jahresanträge von land_esf ..."
    under lines naming the funder "Land / ESF": the page names the cap and the funder as
    its search table does, in its language; the terminal keeps the option as typed. And
    size.json held the search's warning alone, run.json the plan's alone: each holds
    every warning of the job now, in the terminal's order."""
    from finsim.report.files import said
    from finsim.report.html_size import cap_words, size_report
    from finsim.report.plan import cap_sum_warnings, size_lines, write_size

    moved = sizing.move_period(small, "2025-01", 24)
    found = sizing.size(moved, sizing.parse_caps(["land_esf=285000"], moved), [], 0.9, 20, 3,
                        max_slots=80, jobs=1)
    plan = plan_table(found.result, 0.9)
    de = cap_sum_warnings(found, plan, "de", lambda c: cap_words(c, found.result, "de"))
    assert de == [
        "Obergrenze Land / ESF: 285.000 EUR: die Jahresanträge von Land / ESF summieren sich "
        "auf 287.538,50 EUR, über der Obergrenze: jedes Jahr ist auf sein eigenes "
        "90-%-Quantil angehoben, und Quantile addieren sich nicht; bewilligt Land / ESF "
        "eine Summe für den ganzen Zeitraum, das 90-%-Quantil der Zeitraumsumme beantragen, "
        "282.945,35 EUR, das die Obergrenze einhält"]
    assert cap_sum_warnings(found, plan, "en", lambda c: cap_words(c, found.result, "en")) == [
        "cap Land / ESF: 285,000 EUR: Land / ESF's yearly requests add up to 287,538.50 EUR, "
        "above the cap: each year is lifted to its own 90% quantile, and quantiles do not "
        "add up; where Land / ESF grants one sum for the period, ask for its period 90% "
        "quantile, 282,945.35 EUR, which meets the cap"]
    page = size_report(found.result, plan, 0.9, credit_lines(found.result, 0.9), found, "de")
    assert html.escape(de[0]) in page and "cap land_esf=285000" not in page
    lines = size_lines(found.result, plan, 0.9, found)
    assert [line.split(":")[0] for line in lines] == [
        "20 replications are too few to tell 14 slots from 15 (cap land_esf=285000)",
        "participants.referrals_per_month", "providers.beta.slots", "costs.wages.hourly",
        "costs.wages.hourly", "uncertainty", "2 years", "Jobcenter",
        "cap land_esf=285000"]  # the search's, the run's sanity warnings, the plan's
    assert lines[6].endswith(  # one line naming both years, held whole by size.json below
        "'total expenditure: 90% quantile'): 2025 85% (557,462 EUR); 2026 85% (575,400 EUR): "
        "to hold a whole year's cost at 90%, budget it at that line")
    found.result.resources = {"ran_on": "here"}  # as size_job records it
    write_size(tmp_path, found.result, plan, 0.9, found, ["finsim", "size"])
    for record in ("size.json", "run.json"):
        held = json.loads((tmp_path / record).read_text(encoding="utf-8"))
        assert {k: held.get(k) for k in ("warnings", "notes")} == {
            "notes": None, **said(lines)}, record


def test_yearly_requests_above_a_budget_s_cap_are_warned_with_the_period_figure(small):
    """As a funder's: land_esf pays 60 % into budget land; --cap land=171000 holds 14 slots
    (the period quantile of what land gets 169,767.21), but land's part of land_esf's
    yearly requests (60 % of 287,538.50) is 172,523.10, above the cap: warned alike."""
    from finsim.report.plan import cap_sum_warnings

    moved = replaced(sizing.move_period(small, "2025-01", 24),
                     {"funding.land_esf.budget": {"land": 0.6, "eu": 0.4}})
    found = sizing.size(moved, sizing.parse_caps(["land=171000"], moved), [], 0.9, 20, 3,
                        max_slots=80, jobs=1)
    plan = plan_table(found.result, 0.9)
    assert found.slots == 14
    assert cap_sum_warnings(found, plan) == [
        "cap land=171000: budget land's part of the yearly requests adds up to 172,523.10 "
        "EUR, above the cap: each year is lifted to its own 90% quantile, and quantiles do "
        "not add up; where land grants one sum for the period, ask for its period 90% "
        "quantile, 169,767.21 EUR, which meets the cap"]
    assert cap_sum_warnings(found, plan, "de") == [
        "cap land=171000: der Anteil des Haushalts land an den Jahresanträgen summiert sich "
        "auf 172.523,10 EUR, über der Obergrenze: jedes Jahr ist auf sein eigenes "
        "90-%-Quantil angehoben, und Quantile addieren sich nicht; bewilligt land eine Summe "
        "für den ganzen Zeitraum, das 90-%-Quantil der Zeitraumsumme beantragen, 169.767,21 "
        "EUR, das die Obergrenze einhält"]
    wide = sizing.size(moved, sizing.parse_caps(["land=180000"], moved), [], 0.9, 20, 3,
                       max_slots=80, jobs=1)
    assert wide.slots == 14 and cap_sum_warnings(wide, plan_table(wide.result, 0.9)) == []


def test_schedule_warnings_speak_of_the_slots_the_user_wrote_not_the_search_s():
    """`size --cap` on the §16i file with actual spells to 2027-07 warned
    ``providers.caritas.slots: the schedule's last date 2026-12 lies 13 months before the
    period ...`` of the candidate's own split (``{2026-01: 24, 2026-11: 23, 2026-12: 24}``,
    made month by month to hold the actual people), where the file says ``slots: 24``.
    The schedule warnings now read the user's slots: none for a plain number (scaled
    on its own, a plain number stays one: 24 x 150 / 161 = 22.4 -> 22), and the user's
    own values for a schedule of theirs (26, not the candidate's 26 x 150 / 163 = 23.9
    -> 24)."""
    sets = ["actuals.spells=aktiv-statt-passiv-2026-16i-spells-2027-06.csv",
            "actuals.as_of=2027-07", "participants.referrals_per_month=on_demand"]

    def candidate(*more: str) -> sizing.Scenario:
        scn = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml",
                            [*sets, *more], period_checked=False)
        return sizing.with_slots(sizing.move_period(scn, "2028-01", 24), 150)

    plain = candidate()
    assert plain.providers[0].slots == 22
    assert [w for w in sanity.stale_schedules(plain) if "providers." in w] == []
    own = candidate("providers.caritas.slots={2026-01: 24, 2026-06: 26}")
    assert own.providers[0].slots == {"2026-01": 22, "2026-06": 24}
    assert [w for w in sanity.stale_schedules(own) if "providers." in w] == [
        "providers.caritas.slots: the schedule's last date 2026-06 lies 19 months before the "
        "period (2028-01), so the period holds its last value 26 throughout: is it still "
        "right?"]


def test_each_funder_s_rule_is_said_under_the_request_table(small_data):
    """The §16i plan asked Land / ESF for 0 in 2030 and nothing said why (its until,
    2029-12) nor what it pays for: a line per funder says its rule, the terminal's by id,
    a page's by name in its language, each category's share as the rule gives it."""
    from finsim.report.rules import covers_line

    scn = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml")
    by_id = {f.id: f for f in scn.funding}
    assert [covers_line(by_id[f], scn, "en", by_id=True) for f in by_id] == [
        "city covers: wages 100%, 100%, 90%, 80%, 70% of the subsidy base by tenure year; "
        "at most the benefits its budget avoids",
        "jobcenter covers: wages 100%, 100%, 90%, 80%, 70% of the subsidy base by tenure "
        "year; net of the amounts of city",
        "land_esf covers: staff 50%; material 100%; qualification 100%; until 2029-12",
        "employers covers: the remainder (what the funders before it leave)",
        "coaching covers: staff 50%"]
    assert covers_line(by_id["land_esf"], scn, "de") == (
        "Land NRW / ESF+ (60 % Land, 40 % EU, geschätzt) trägt: Personalkosten Anleitung, "
        "Betreuung, Leitung 50 %; Sachkosten 100 %; Qualifizierung 100 %; bis Dezember 2029")
    assert covers_line(by_id["coaching"], scn, "en") == (
        "Jobcenter Dortmund (Coaching durch eigenes Personal oder beauftragte Dritte) "
        "covers: Staff for guidance, coaching and management 50%")
    dated = variant(small_data, funding=[
        {"id": "land_esf", "name": "Land", "from": "2025-03", "covers": {
            "2025-01": {"material": 0.725, "staff": 0.0}, "2026-01": {"material": 0.5}}}])
    assert covers_line(dated.funding[1], dated, "de") == (
        "Land trägt: ab Januar 2025 (Sachkosten 72,5 %; Personalkosten Anleitung, "
        "Betreuung, Leitung 0 %), ab Januar 2026 (Sachkosten 50 %); ab März 2025")


def test_own_contributions_follow_the_requests_on_the_terminal_and_the_page(small_data):
    """The own contribution sat between the requested funders (the scenario's order) on
    the terminal and the page, where plan.xlsx's block 3 puts it after them: all three
    list the requested funders, then the own contributions, then the gap; the lines of
    the rules follow the same order."""
    from finsim.report.html_size import request_table as page_table
    from finsim.report.plan import covers_lines, plan_view

    data = dict(small_data)
    data["funding"] = [small_data["funding"][0], small_data["funding"][2],
                       small_data["funding"][1]]  # employers (own money) in the middle
    result = run(RunSpec(sizing.move_period(scenario_from_dict(data), "2025-01", 12), 2, 3),
                 jobs=1)
    plan = plan_table(result, 0.9)
    rows = plan_view(result, plan, 0.9, "t").columns[0]._cells
    assert rows[:5] == ["jobcenter", "land_esf", "employers (own contribution, not requested)",
                        "gap (uncovered, not requested)", "sum of requests (public funders)"]
    page = page_table(result, plan, 0.9, "en")
    assert page.index("Jobcenter: expected") < page.index("Land / ESF: expected") < \
        page.index("Employers: expected")
    assert [line.split(" covers")[0] for line in covers_lines(result)] == [
        "jobcenter", "land_esf", "employers"]


def test_size_writes_the_occupancy_as_run_s_summary_does(tmp_path):
    """size printed ``occupancy 95% of the slots`` where run's summary, page and workbook
    say ``95.3 %``: one figure at two precisions. Now ``amounts.percent``, run's."""
    done = CliRunner().invoke(main, ["size", str(SMALL), "--start", "2020-07", "--months",
                                     "18", "--confidence", "0.9", "-n", "4", "--jobs", "1",
                                     "--out", str(tmp_path / "s")])
    assert done.exit_code == 0, done.output
    line = next(x for x in done.output.splitlines() if x.startswith("People (mean)"))
    assert re.search(r"; occupancy \d{1,3}\.\d % of the slots$", line), line

"""A running program: people with tenure at the start (a caseload, the steady state),
referrals on demand. Hand-worked cents and closed forms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from scipy import stats

from finsim.analysis import sizing
from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.report import tables
from finsim.report.plan import plan_table
from finsim.scenario import ScenarioError, load_scenario, scenario_from_dict
from finsim.simulation import EMPLOYED, MAX_DURATION, simulate
from finsim.simulation.initial import mean_stay

SIXTEEN_I = {
    "name": "one §16i person",
    "period": {"start": "2027-01", "months": 12},
    "participants": {"referrals_per_month": 0, "initial": "caseload.csv"},
    "employment": {"max_months": 60},
    "providers": [{"id": "cjd", "slots": 1}],
    "costs": {
        "wages": {"hourly": 14.60, "hours_per_week": 39, "employer_contributions": 0.2},
        "qualification": [{"id": "assessment", "cost": 500, "month": 0},
                          {"id": "licence", "cost": 1000, "month": 36},
                          {"id": "early", "cost": 700, "month": 12}],
    },
    "funding": [
        {"id": "jobcenter", "covers": {"wages": {"by_tenure_year": [1, 1, 0.9, 0.8, 0.7]}}},
        {"id": "land", "covers": {"qualification": 1.0}},
        {"id": "employers", "public": False, "covers": "remainder"},
    ],
}


def scenario_files(tmp_path: Path, data: dict, caseload: str) -> Path:
    (tmp_path / "caseload.csv").write_text(caseload, encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_16i_person_entering_30_months_before_the_start_to_the_cent(tmp_path: Path) -> None:
    """Entry 2024-07-01, so tenure 30 months at 2027-01: year 3 (90 %) for six months,
    year 4 (80 %) from the anniversary on 2027-07-01. Wage: 14.60 x 39 x 52/12 x 1.2 =
    2,960.88 a month. Jobcenter: 6 x 2,664.79 + 6 x 2,368.70 = 30,200.94. The entry
    module (month 0) and the month-12 module fell due before the start: not charged;
    the month-36 module falls due 2027-07: 1,000.00 to the Land."""
    path = scenario_files(tmp_path, SIXTEEN_I, "person,provider,entry,exit,exit_reason\n"
                                               "A-1,cjd,2024-07,,\n")
    result = run(RunSpec(load_scenario(path), 3, 1), jobs=1)
    assert result.metric("cost_wages")[0] == pytest.approx(12 * 2960.88, abs=1e-6)
    assert result.metric("funding_jobcenter").tolist() == [30200.94] * 3
    assert result.metric("cost_qualification").tolist() == [1000.0] * 3
    assert result.metric("funding_land").tolist() == [1000.0] * 3
    assert result.metric("funding_employers")[0] == pytest.approx(35530.56 - 30200.94,
                                                                  abs=1e-6)
    assert result.metric("entries").tolist() == [1.0] * 3  # in a slot at the start
    ledger = tables.ledger_table(result)
    jobcenter = ledger[(ledger.funder == "jobcenter") & (ledger.category == "wages")]
    assert jobcenter.amount.round(2).tolist() == [2664.79] * 6 + [2368.70] * 6
    quali = ledger[(ledger.category == "qualification") & (ledger.funder == "land")]
    assert quali.amount.tolist() == [0.0] * 6 + [1000.0] + [0.0] * 5


def test_max_duration_counts_from_the_real_entry(tmp_path: Path) -> None:
    data = {**SIXTEEN_I, "employment": {"max_months": 36}}
    path = scenario_files(tmp_path, data, "person,provider,entry,exit,exit_reason\n"
                                          "A-1,cjd,2024-07-16,,\n")
    s = simulate(load_scenario(path), np.random.SeedSequence(0))
    assert s.entry[0] == pytest.approx(-30 + 15 / 31)
    assert s.exit[0] == pytest.approx(6 + 15 / 31) and s.reason[0] == MAX_DURATION


def test_a_caseload_over_the_slots_or_after_the_start_is_refused(tmp_path: Path) -> None:
    path = scenario_files(tmp_path, SIXTEEN_I, "person,provider,entry,exit,exit_reason\n"
                                               "A-1,cjd,2024-07,,\nA-2,cjd,2026-01,,\n"
                                               "A-3,cjd,2027-03,,\n")
    with pytest.raises(ScenarioError) as err:  # checked once the period is final
        simulate(load_scenario(path), np.random.SeedSequence(0))
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'caseload.csv'}:4: entry: after the period start 2027-01: a starting "
        "caseload holds the people in (or waiting for) the program at the start; later "
        "spells are actuals (finsim run --actuals --as-of)"]
    path = scenario_files(tmp_path, SIXTEEN_I, "person,provider,entry,exit,exit_reason\n"
                                               "A-1,cjd,2024-07,,\nA-2,cjd,2026-01,,\n")
    with pytest.raises(ScenarioError) as err:  # checked once the period is final
        simulate(load_scenario(path), np.random.SeedSequence(0))
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'caseload.csv'}:3: provider: 2 people at cjd in 2027-01, which has "
        "1 slot then (given: 'cjd')"]


def test_validate_reports_a_caseload_run_refuses(tmp_path: Path) -> None:
    """Entries after the period start (and more people than slots) were refused by run
    alone; validate printed ok. Now it reports the same lines, exit 2."""
    from click.testing import CliRunner

    from finsim.cli import main

    path = scenario_files(tmp_path, SIXTEEN_I, "person,provider,entry,exit,exit_reason\n"
                                               "A-1,cjd,2024-07,,\nA-2,cjd,2027-03,,\n"
                                               "A-3,cjd,2027-05,,\n")
    late = ("after the period start 2027-01: a starting caseload holds the people in (or "
            "waiting for) the program at the start; later spells are actuals (finsim run "
            "--actuals --as-of)")
    checked = CliRunner().invoke(main, ["validate", str(path)])
    assert checked.exit_code == 2
    assert checked.output.splitlines() == [f"{tmp_path / 'caseload.csv'}:{n}: entry: {late}"
                                           for n in (3, 4)]
    ran = CliRunner().invoke(main, ["run", str(path), "-n", "1", "-q",
                                    "--out", str(tmp_path / "run")])
    assert ran.exit_code == 2 and ran.output == checked.output
    scenario_files(tmp_path, SIXTEEN_I, "person,provider,entry,exit,exit_reason\n"
                                        "A-1,cjd,2024-07,,\nA-2,cjd,2026-01,,\n")
    over = CliRunner().invoke(main, ["validate", str(path)])
    assert over.exit_code == 2 and over.output == (
        f"{tmp_path / 'caseload.csv'}:3: provider: 2 people at cjd in 2027-01, which has "
        "1 slot then (given: 'cjd')\n")
    scenario_files(tmp_path, SIXTEEN_I, "person,provider,entry,exit,exit_reason\n"
                                        "A-1,cjd,2024-07,,\n")
    fine = CliRunner().invoke(main, ["validate", str(path)])
    assert fine.exit_code == 0 and fine.stdout == f"{path}: ok\n"
    assert fine.stderr == (  # the file's age, as run warns of it
        f"warning: {path}: participants.initial: the latest date in caseload.csv (entry, "
        "exit or referral) is 2024-07-01, 30 months before the period start 2027-01: its "
        "people are placed there as if nobody had left, entered or been referred since; "
        "give a caseload file of the period start (or re-forecast the months between: "
        "finsim run --actuals --as-of)\n")


def test_the_caseload_path_is_relative_to_the_scenario(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = scenario_files(tmp_path, SIXTEEN_I, "person,provider,entry,exit,exit_reason\n"
                                               "A-1,cjd,2024-07,,\n")
    monkeypatch.chdir("/")
    scn = load_scenario(path)
    assert scn.participants.initial == str(tmp_path / "caseload.csv")


STEADY = {
    "name": "steady", "period": {"start": "2027-01", "months": 12},
    "participants": {"referrals_per_month": "on_demand", "initial": "full"},
    "employment": {"max_months": 24, "hazards": {"placement": 0.03, "dropout": 0.05}},
    "providers": [{"id": "a", "slots": 400}, {"id": "b", "slots": 300}],
    "costs": {"wages": {"hourly": 14.6}},
}


def test_steady_state_tenure_follows_the_closed_form() -> None:
    """Density exp(-h a) / E[T] on [0, M): KS against its CDF, and the mean tenure
    E[A] = 1/h - M exp(-h M) / (1 - exp(-h M))."""
    scn = scenario_from_dict(STEADY)
    h = -np.log(1 - 0.03) - np.log(1 - 0.05)
    m = 24.0
    tenure = np.concatenate([-simulate(scn, np.random.SeedSequence(k)).entry[:700]
                             for k in range(6)])

    def cdf(a: np.ndarray) -> np.ndarray:
        return -np.expm1(-h * a) / -np.expm1(-h * m)

    assert stats.kstest(tenure, cdf).pvalue > 0.01
    mean = 1 / h - m * np.exp(-h * m) / -np.expm1(-h * m)
    se = tenure.std() / np.sqrt(tenure.size)
    assert abs(tenure.mean() - mean) < 4 * se
    assert mean_stay(np.array([h]), m)[0] == pytest.approx(-np.expm1(-h * m) / h)


def test_steady_state_weights_groups_by_their_mean_stay() -> None:
    """Half the referrals stay long (no dropout), half short: the stock holds them in
    proportion to share x E[T]."""
    data = {**STEADY, "participants": {**STEADY["participants"],
                                       "mix": {"g": {"long": 0.5, "short": 0.5}}},
            "employment": {**STEADY["employment"],
                           "modifiers": [{"when": {"g": "long"}, "dropout": 0.0}]}}
    scn = scenario_from_dict(data)
    codes = np.concatenate([simulate(scn, np.random.SeedSequence(k)).attributes[:700, 0]
                            for k in range(4)])
    hp, hd = -np.log(1 - 0.03), -np.log(1 - 0.05)
    long_, short = mean_stay(np.array([hp, hp + hd]), 24.0)
    expected = long_ / (long_ + short)
    share = (codes == 0).mean()
    assert abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / codes.size)


def test_on_demand_keeps_every_slot_filled_without_refill_delay() -> None:
    s = simulate(scenario_from_dict(STEADY), np.random.SeedSequence(3))
    assert (s.outcome == 0).all() and s.n_referrals == s.n_entrants - 700
    for t in (0.0, 3.3, 7.9, 11.99):
        assert ((np.maximum(s.entry, 0) <= t) & (s.exit > t)).sum() == 700


def test_the_waiting_list_at_the_start_takes_free_slots_first(tmp_path: Path) -> None:
    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 2}],
            "participants": {"referrals_per_month": 30, "patience_months": 6,
                             "initial": "caseload.csv"}}
    path = scenario_files(tmp_path, data, "person,provider,entry,exit,exit_reason,referral\n"
                                          "A-1,cjd,2024-07,,,\nW-2,,,,,2026-12-10\n"
                                          "W-1,,,,,2026-11\n")
    s = simulate(load_scenario(path), np.random.SeedSequence(0))
    assert s.initial.tolist()[:2] == [True, False] and s.entry[1] == 0.0
    assert s.referral_time[0] == -2.0 and s.referral[1] == -2.0  # the older referral first
    assert s.outcome[1] == 3 or s.outcome_time[1] > 0  # the other waits (or gives up)


@pytest.mark.parametrize("patience", [3.0, 0.0])
def test_on_demand_a_caseload_s_waiting_list_waits_for_a_slot(tmp_path: Path,
                                                              patience: float) -> None:
    """On demand nobody gives up (running-programs.md): W-1, waiting at the start while
    A-1 holds the one slot all year (no exits), still waits at the end of every
    replication and is no referral lost; before, W-1 drew a patience (or was turned away
    at the start with patience_months 0). B-1 leaves on its max_months on 2027-07-01
    (month 6): W-2, who waits, takes the slot then, at the referral of 2026-12-01."""
    data = {**SIXTEEN_I, "providers": [{"id": "cjd", "slots": 2}],
            "employment": {"max_months": 60, "refill_delay_months": 0,
                           "hazards": {"placement": 0, "dropout": 0}},
            "participants": {"referrals_per_month": "on_demand", "patience_months": patience,
                             "initial": "caseload.csv"}}
    path = scenario_files(tmp_path, data, "person,provider,entry,exit,exit_reason,referral\n"
                                          "A-1,cjd,2026-07,,,\nB-1,cjd,2022-07,,,\n"
                                          "W-2,,,,,2026-12\nW-1,,,,,2026-12-20\n")
    result = run(RunSpec(load_scenario(path), 4, 1), jobs=1)
    assert result.metric("waiting_at_end").tolist() == [1.0] * 4
    assert result.metric("referrals_lost").tolist() == [0.0] * 4
    s = simulate(load_scenario(path), np.random.SeedSequence(0))
    later = ~s.initial
    assert s.entry[later].tolist() == [6.0] and s.referral[later].tolist() == [-1.0]


SEED = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def test_size_moves_a_running_program_and_carries_its_state_over() -> None:
    """The seed moved to 2027 with on_demand referrals and a full start: simulated from
    2013 on, it plans occupancy near its slots (161, less the two-month refill delays)
    and about the same qualification in both years, not a cohort's entry modules."""
    scn = load_scenario(SEED, ["participants.referrals_per_month=on_demand",
                               "participants.initial=full"])
    moved = sizing.move_period(scn, "2027-01", 24)
    assert moved.period.simulate_from == "2013-01" and moved.period.start == "2027-01"
    result = run(RunSpec(moved, 30, 1), jobs=1)
    served = sizing.people(result)
    assert 0.85 < served["occupancy_rate"] < 1.0
    assert 140 < served["participants_at_start"] <= 161
    plan = plan_table(result, 0.9)
    quali = plan[plan.category == "qualification"].groupby("year").amount.sum()
    assert abs(quali[2027] / quali[2028] - 1) < 0.15
    # a new cohort of 161 would take its entry modules in 2027 alone
    cohort = sizing.move_period(load_scenario(SEED, [
        "participants.referrals_per_month=on_demand", "participants.initial=161"]), "2013-01", 24)
    plan0 = plan_table(run(RunSpec(cohort, 30, 1), jobs=1), 0.9)
    first = plan0[plan0.category == "qualification"].groupby("year").amount.sum()
    assert first[2013] > 1.5 * quali[2027]


def test_the_seed_moved_as_it_is_keeps_its_few_late_referrals() -> None:
    """The seed refers 0.3 people a month after its ramp-up: carried over to 2027 its
    slots are nearly empty, which the plan shows rather than hides."""
    moved = sizing.move_period(load_scenario(SEED), "2027-01", 24)
    served = sizing.people(run(RunSpec(moved, 20, 1), jobs=1))
    assert served["occupancy_rate"] < 0.1 and served["participants_at_start"] < 20


def test_size_with_a_caseload_moves_the_period_and_starts_from_the_file(tmp_path: Path) -> None:
    """The scenario is written for 2013; the caseload is of 2027: size moves the period
    to the caseload's, without a warm-up, and only then checks the file against it."""
    data = {**SIXTEEN_I, "period": {"start": "2013-01", "months": 12}}
    path = scenario_files(tmp_path, data, "person,provider,entry,exit,exit_reason\n"
                                          "A-1,cjd,2024-07,,\n")
    moved = sizing.move_period(load_scenario(path), "2027-01", 12)
    assert moved.period.simulate_from is None
    s = simulate(moved, np.random.SeedSequence(0))
    assert s.entry[0] == -30.0 and s.initial[0]


def test_a_hazard_too_small_to_count_stays_the_maximum_in_a_steady_start() -> None:
    """A hazard whose h M underflows (here 5e-324 a month, over half a month) is no exit
    at all: the stay is M and the tenure uniform on [0, M), as for h = 0, where the
    formulas would give 0 (and, every group so, a stock mix of 0 / 0). Found by the
    property tests: every person was in the stock with no attributes drawn."""
    m = 0.5
    stay = mean_stay(np.array([5e-324, 1e-320, 0.0, 0.1]), m)
    assert stay[:3].tolist() == [m, m, m]
    assert stay[3] == pytest.approx(-np.expm1(-0.1 * m) / 0.1)
    data = {**STEADY, "period": {"start": "2020-01", "months": 3},
            "employment": {**STEADY["employment"], "max_months": m,
                           "hazards": {"placement": 0.0, "dropout": 5e-324}}}
    with np.errstate(divide="raise", invalid="raise"):
        spells = simulate(scenario_from_dict(data), np.random.SeedSequence(1))
    tenure = -spells.entry[spells.initial]
    assert spells.initial.sum() == int(spells.slots[0].sum()) > 0
    assert ((tenure >= 0) & (tenure < m)).all()
    assert (spells.attributes[spells.initial] >= 0).all()


def test_who_reaches_max_months_at_the_start_is_not_in_the_slots_then(tmp_path: Path) -> None:
    """A-1 reaches max_months (24) on the period's first day: it leaves at the start,
    served for no day, so it is in no count (it was an entry and a max_duration exit:
    2 entries for one person served, the cost per entry halved); A-2, 7 months in, is
    there (1.0) and is everything the period serves."""
    data = {**SIXTEEN_I, "employment": {"max_months": 24},
            "providers": [{"id": "cjd", "slots": 3}]}
    path = scenario_files(tmp_path, data, "person,provider,entry,exit,exit_reason\n"
                                          "A-1,cjd,2025-01,,\nA-2,cjd,2026-06,,\n")
    result = run(RunSpec(load_scenario(path), 3, 1), jobs=1)
    assert result.metric("entries").tolist() == [1.0] * 3
    assert result.metric("exits_max_duration").tolist() == [0.0] * 3
    assert result.metric("participants_at_end").tolist() == [1.0] * 3  # A-2 until 2028-06
    assert (result.metric("cost_per_entry") == result.metric("cost_total")).all()
    assert sizing.leaving_at_start(result) == 1
    assert sizing.people(result)["participants_at_start"] == 1.0
    assert sizing.people(result)["new_entries"] == 0.0


def test_who_is_past_max_months_at_the_start_is_refused_with_the_date(tmp_path: Path) -> None:
    """A-2's 24 months ended on 2026-07-16 and A-3's on 2026-12-31, before the period
    start, with no exit: they were accepted, left at the start (max_duration in month
    0) and counted as entries by run, while size left them out of the slots at the start.
    Each is one line now: the exit date is most likely missing."""
    data = {**SIXTEEN_I, "employment": {"max_months": 24},
            "providers": [{"id": "cjd", "slots": 3}]}
    path = scenario_files(tmp_path, data, "person,provider,entry,exit,exit_reason\n"
                                          "A-1,cjd,2025-01,,\nA-2,cjd,2024-07-16,,\n"
                                          "A-3,cjd,2024-12-31,,\n")
    with pytest.raises(ScenarioError) as err:
        simulate(load_scenario(path), np.random.SeedSequence(0))
    assert [str(p) for p in err.value.problems] == past_max_months(
        tmp_path / "caseload.csv", 24, "the period start 2027-01",
        [(3, "A-2", "2024-07-16", "2026-07-16"), (4, "A-3", "2024-12-31", "2026-12-31")])


def past_max_months(file: Path, months: int, before: str,
                    rows: list[tuple[int, str, str, str]]) -> list[str]:
    """The line for each (file line, person, entry, end of max_months) of a file whose
    people are still in a slot after their maximum duration ended ``before`` (a starting
    caseload, or actuals before --as-of: the same refusal)."""
    return [f"{file}:{line}: exit: person {who} has no exit, but employment.max_months "
            f"({months} months from the entry {entry}) ended on {end}, before {before}: is "
            "the exit date missing? Give it (exit_reason max_duration if they reached it)"
            for line, who, entry, end in rows]


def test_a_caseload_moved_past_a_maximum_names_the_move(tmp_path: Path) -> None:
    """The caseload of 2027-01 is right there (A-2's maximum of 24 months ends on
    2027-01-16); planned from 2027-07 by size --start (or moved by --set period.start)
    A-2 would be in past it: the refusal names the move and a current file or the actual
    spells, not a missing exit (which, written, would break the file for its own run).
    Without a move the refusal still asks for the exit."""
    data = {**SIXTEEN_I, "employment": {"max_months": 24},
            "providers": [{"id": "cjd", "slots": 3}]}
    path = scenario_files(tmp_path, data, "person,provider,entry,exit,exit_reason\n"
                                          "A-1,cjd,2026-01,,\nA-2,cjd,2025-01-16,,\n")
    cut = ("ended on 2027-01-16, before the period start 2027-07: the caseload is the state "
           "at the scenario's own start 2027-01, and {} moves it 6 months on, past their "
           "maximum; give a caseload file of 2027-07 (participants.initial), or plan from the "
           "actual spells (--actuals FILE --as-of YYYY-MM)")
    head = (f"{tmp_path / 'caseload.csv'}:3: exit: person A-2 has no exit, but "
            "employment.max_months (24 months from the entry 2025-01-16) ")
    result = CliRunner().invoke(main, ["size", str(path), "--start", "2027-07", "--months",
                                       "12", "--confidence", "0.9", "-n", "2", "--jobs", "1",
                                       "--out", str(tmp_path / "s")])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [head + cut.format("--start 2027-07")]
    with pytest.raises(ScenarioError) as err:
        simulate(load_scenario(path, ["period.start=2027-07"]), np.random.SeedSequence(0))
    assert [str(p) for p in err.value.problems] == [
        head + cut.format("--set period.start=2027-07")]
    import finsim  # the call's words: no options turned into paths ("actuals.spells FILE")

    python = cut.replace("(--actuals FILE --as-of YYYY-MM)", "(add {'actuals.spells': "
                         "'SPELLS.csv', 'actuals.as_of': 'YYYY-MM'} to the overrides)")
    for call, moved in ((lambda: finsim.size(path, start="2027-07", months=12, confidence=0.9,
                                             replications=2, jobs=1), "start='2027-07'"),
                        (lambda: finsim.run(path, {"period.start": "2027-07"}, replications=2,
                                            jobs=1), "the override {'period.start': '2027-07'}")):
        with pytest.raises(ScenarioError) as err:
            call()
        assert [str(p) for p in err.value.problems] == [head + python.replace("{}", moved, 1)]
    unmoved = {**data, "period": {"start": "2027-07", "months": 12}}
    with pytest.raises(ScenarioError) as err:
        simulate(load_scenario(scenario_files(tmp_path, unmoved, (tmp_path / "caseload.csv")
                                              .read_text(encoding="utf-8"))),
                 np.random.SeedSequence(0))
    assert [str(p) for p in err.value.problems] == past_max_months(
        tmp_path / "caseload.csv", 24, "the period start 2027-07",
        [(3, "A-2", "2025-01-16", "2027-01-16")])


def test_an_exit_after_the_start_is_refused_not_ignored(tmp_path: Path) -> None:
    """A-1's exit on 2027-03-01 lies after the period start: the file was read as if
    A-1 stayed (employed and costed for all 12 months, the exit drawn afresh). A starting
    caseload cannot say who leaves later: one line, as for a late entry."""
    path = scenario_files(tmp_path, SIXTEEN_I, "person,provider,entry,exit,exit_reason\n"
                                               "A-1,cjd,2026-01-01,2027-03-01,placement\n")
    with pytest.raises(ScenarioError) as err:
        simulate(load_scenario(path), np.random.SeedSequence(0))
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'caseload.csv'}:2: exit: after the period start 2027-01: a starting "
        "caseload holds the people in the program at the start, and the simulation decides "
        "who leaves after it: leave the exit empty, or give the later spells as actuals "
        "(finsim run --actuals --as-of)"]
    scenario_files(tmp_path, SIXTEEN_I, "person,provider,entry,exit,exit_reason\n"
                                        "A-1,cjd,2026-01-01,2027-01-01,placement\n")
    assert len(simulate(load_scenario(path), np.random.SeedSequence(0)).entry) == 0


def test_run_says_who_it_starts_with(tmp_path: Path) -> None:
    """run printed nothing of the people a caseload puts in the slots (size did): now one
    line, not with --quiet. A-1 reaches max_months (24) on the first day and leaves then;
    A-2 is in the slot, W waits; a cohort says its size."""
    from click.testing import CliRunner

    from finsim.cli import main

    data = {**SIXTEEN_I, "employment": {"max_months": 24},
            "providers": [{"id": "cjd", "slots": 3}]}
    path = scenario_files(tmp_path, data, "person,provider,entry,exit,exit_reason,referral\n"
                                          "A-1,cjd,2025-01,,,\nA-2,cjd,2026-06,,,\n"
                                          "W,,,,,2026-12-01\n")
    args = ["run", str(path), "-n", "2", "-j", "1", "--out", str(tmp_path / "r"), "--force"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    assert ("Starting with 1 person in the slots (caseload.csv), 1 waiting; 1 reaches "
            "max_months at the start and leaves then") in done.output
    assert ("Start mit 1 Person auf den Plätzen (caseload.csv), 1 Person wartet auf einen "
            "Platz; 1 erreicht max_months zu Beginn und tritt dann aus"
            ) in (tmp_path / "r" / "report.html").read_text()
    quiet = CliRunner().invoke(main, [*args, "-q"])
    assert quiet.exit_code == 0 and "Starting with" not in quiet.output
    cohort = CliRunner().invoke(main, [*args, "--set", "participants.initial=2"])
    assert "Starting with a cohort of 2.0 new people (mean, initial: 2, tenure 0)" \
        in cohort.output


WAGE = 2960.88  # 14.60 x 39 x 52/12 x 1.2, a month in a slot
KEEPS_GOING = {
    "name": "a program that keeps going",
    "period": {"start": "2027-01", "months": 12, "simulate_from": "2026-07"},
    "participants": {"referrals_per_month": "on_demand", "initial": 0},
    "employment": {"max_months": 5, "refill_delay_months": 2},
    "providers": [{"id": "cjd", "slots": 1},
                  {"id": "awo", "slots": 1, "employment": {"refill_delay_months": 0.5}}],
    "costs": {"wages": SIXTEEN_I["costs"]["wages"]},
    "funding": [{"id": "jobcenter", "covers": {"wages": 1.0}}],
}


def warmed_and_straight(data: dict, start: str) -> tuple[list, list]:
    """The spells of the reported period (provider, entry, exit, reason, in months from
    its start), simulated with ``data``'s warm-up and straight through from
    ``simulate_from`` (cut at the start). No exit is drawn (no hazards, referrals on
    demand), so the two must agree, though their random streams differ."""
    warm = data["period"]["simulate_from"]
    months = (int(start[:4]) - int(warm[:4])) * 12 + int(start[5:]) - int(warm[5:])
    whole = {**data, "period": {"start": warm, "months": months + data["period"]["months"]}}

    def rows(scn_data: dict, shift: int) -> list:
        s = simulate(scenario_from_dict(scn_data), np.random.SeedSequence(4))
        kept = s.exit > shift
        return sorted((int(p), round(float(a) - shift, 12), round(float(b) - shift, 12),
                       int(r))
                      for p, a, b, r in zip(s.provider[kept], s.entry[kept], s.exit[kept],
                                            s.reason[kept], strict=True))
    return rows(data, 0), rows(whole, months)


def test_a_slot_freed_late_in_the_warm_up_reopens_after_its_refill_delay() -> None:
    """Each slot cycles max_months 5 + its refill delay from 2026-07. cjd's (two months'
    delay) is freed on 2026-12-01 and reopens on 2027-02-01: its people are in from
    month 1 to 6 and from 8 on, as in the run straight through; the warm-up's end opened
    it on 2027-01-01, a January's wage too many. awo's (half a month) continues with
    the person who entered 2026-12-16."""
    warmed, straight = warmed_and_straight(KEEPS_GOING, "2027-01")
    assert warmed == straight == [(0, 1.0, 6.0, MAX_DURATION), (0, 8.0, 12.0, EMPLOYED),
                                  (1, -0.5, 4.5, MAX_DURATION), (1, 5.0, 10.0, MAX_DURATION),
                                  (1, 10.5, 12.0, EMPLOYED)]
    ledger = tables.ledger_table(run(RunSpec(scenario_from_dict(KEEPS_GOING), 2, 1), jobs=1))
    wages = ledger[ledger.category == "wages"].groupby("month").amount.sum().round(2)
    assert wages["2027-01"] == WAGE  # awo's alone
    assert wages["2027-02"] == round(2 * WAGE, 2)


def test_of_slots_freed_late_in_a_warm_up_and_cut_at_the_start_the_last_reopens() -> None:
    """Two slots from 2026-08 (one in 2026-07), one from 2027-07; max_months 4, refill
    2.5: the slots were freed about 1.5 and 0.5 months before the start and reopen about
    1 and 2 months after it. One of them is cut: the earlier reopening pays for it, as
    straight through, and the later takes someone (not both on 2027-07-01, nor the earlier
    in 2027-08's first days): none of July's wages. That slot's last stay began on
    2027-02-15 (14 of February's 28 days in) and ended by the calendar on 2027-06-15 (14
    of June's 30 days in, 11 + 14/30 months), so it reopens 2.5 months later at 13 +
    29/30, 29/30 into August: 1/30 of August's wages (98.70), 29/30 of December's
    (2,862.18), all of September's."""
    data = {**KEEPS_GOING, "period": {"start": "2027-07", "months": 6, "simulate_from": "2026-07"},
            "employment": {"max_months": 4, "refill_delay_months": 2.5},
            "providers": [{"id": "cjd", "slots": {"2026-07": 1, "2026-08": 2, "2027-07": 1}}]}
    warmed, straight = warmed_and_straight(data, "2027-07")
    entry = round(2.0 - 1 / 30, 12)
    assert warmed == straight == [(0, entry, entry + 4.0, MAX_DURATION)]
    ledger = tables.ledger_table(run(RunSpec(scenario_from_dict(data), 2, 1), jobs=1))
    wages = ledger[ledger.category == "wages"].groupby("month").amount.sum().round(2)
    assert wages.reindex(["2027-07", "2027-08", "2027-09", "2027-12"], fill_value=0.0
                         ).tolist() == [0.0, 98.70, WAGE, 2862.18]


def test_a_warm_up_gives_the_same_spells_but_its_own_draws_of_attributes() -> None:
    """docs/running-programs.md: with no exit drawn the warm-up's reported period has the
    spells of the run straight through, but the warm-up has a seed of its own, so the
    people carried over have other draws of their attributes (household, sex): money that
    depends on them (benefits avoided, a City limited to its KdU) may differ."""
    data = {**KEEPS_GOING, "participants": {**KEEPS_GOING["participants"],
                                            "mix": {"sex": {"female": 0.5, "male": 0.5}}},
            "employment": {"max_months": 24, "refill_delay_months": 0},
            "providers": [{"id": "cjd", "slots": 20}]}
    whole = {**data, "period": {"start": "2026-07", "months": 18}}

    def people(scn_data: dict, shift: int) -> tuple[list, list]:
        s = simulate(scenario_from_dict(scn_data), np.random.SeedSequence(4))
        kept = s.exit > shift
        rows = [(round(float(a) - shift, 12), round(float(b) - shift, 12), int(sex))
                for a, b, sex in zip(s.entry[kept], s.exit[kept], s.attributes[kept, 0],
                                     strict=True)]
        return sorted(r[:2] for r in rows), sorted(rows)

    (warm_spells, warm_people), (straight_spells, straight_people) = (
        people(data, 0), people(whole, 6))
    assert warm_spells == straight_spells == [(-6.0, 12.0)] * 20  # in from 2026-07
    assert warm_people != straight_people

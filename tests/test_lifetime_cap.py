"""§16i SGB II funds a person for at most ``max_months`` (5 years) in a lifetime, spells
added up: a returner's ``months_funded_before`` caps what remains of this spell, while
the step-down by tenure year counts from this spell's entry."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from finsim.analysis import sanity, sizing
from finsim.montecarlo import RunSpec, run
from finsim.report import tables
from finsim.scenario import ScenarioError, load_scenario
from finsim.simulation import compile_model, simulate

from .test_actuals import WAITS, WARM, actuals, files
from .test_running_program import SIXTEEN_I, scenario_files

HEADER = "person,provider,entry,exit,exit_reason,months_funded_before\n"
TWO_YEARS = {**SIXTEEN_I, "period": {"start": "2025-01", "months": 24}}


def wages_by_month(result) -> pd.DataFrame:  # noqa: ANN001 - a run's result
    """Each month's wages by funder (mean of the replications, EUR)."""
    ledger = tables.ledger_table(result)
    wages = ledger[ledger.category == "wages"]
    return wages.groupby(["month", "funder"]).amount.sum().unstack().round(2)


def refused(path: Path, sets: list[str] | None = None) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, sets or [])
    return [str(p) for p in err.value.problems]


def test_a_returner_in_the_caseload_leaves_when_the_lifetime_maximum_is_used(
        tmp_path: Path) -> None:
    """P-011-2 re-entered on 2023-03-01 after 20 months funded before: 60 - 20 = 40 months
    remain, so the spell ends at the latest with an exit on 2026-07-01 (month 18 of a
    period from 2025-01), max_duration, in every replication. Its §16i years count from
    the re-entry: year 2 (100 %) to 2025-02, year 3 (90 %: 2,664.79 of 2,960.88) from
    2025-03, year 4 (80 %: 2,368.70) from 2026-03; the last month of wages is 2026-06.
    Without the column the person stays through the period (60 months end 2028-03)."""
    path = scenario_files(tmp_path, TWO_YEARS, HEADER + "P-011-2,cjd,2023-03,,,20\n")
    scn = load_scenario(path)
    for seed in range(3):
        s = simulate(compile_model(scn), np.random.SeedSequence(seed))
        assert s.entry.tolist() == [-22.0] and s.exit.tolist() == [18.0]
        assert s.reason.tolist() == [2]  # MAX_DURATION
    result = run(RunSpec(scn, 3, 1), jobs=1)
    paid = wages_by_month(result)
    assert paid.jobcenter["2025-02"] == 2960.88 and paid.jobcenter["2025-03"] == 2664.79
    assert paid.jobcenter["2026-03"] == 2368.70 and paid.employers["2026-03"] == 592.18
    assert paid.jobcenter["2026-06"] == 2368.70 and paid.jobcenter["2026-07"] == 0.0
    assert paid.sum(axis=1)[paid.sum(axis=1) > 0].index[-1] == "2026-06"
    assert result.metric("exits_max_duration").tolist() == [1.0] * 3
    plain = scenario_files(tmp_path, TWO_YEARS, "person,provider,entry,exit,exit_reason\n"
                                                "P-011-2,cjd,2023-03,,\n")
    s = simulate(compile_model(load_scenario(plain)), np.random.SeedSequence(0))
    assert s.exit.tolist() == [24.0]  # still employed at the horizon


def test_an_empty_cell_is_no_months_before(tmp_path: Path) -> None:
    path = scenario_files(tmp_path, TWO_YEARS, HEADER + "P-011-2,cjd,2023-03,,,\n")
    s = simulate(compile_model(load_scenario(path)), np.random.SeedSequence(0))
    assert s.exit.tolist() == [24.0]


def test_a_waiting_returner_takes_the_slot_for_what_remains(tmp_path: Path) -> None:
    """A (entered 2022-07-01) reaches max_months 60 on 2027-07-01 (month 6); W, waiting
    since 2026-12-10 with 50 months funded before, takes the slot then and leaves 10
    months later, with an exit on 2028-05-01 (month 16), max_duration; a referral on
    demand takes the slot from there."""
    data = {**WAITS, "period": {"start": "2027-01", "months": 24},
            "participants": {**WAITS["participants"], "initial": "caseload.csv"}}
    path = scenario_files(tmp_path, data, "person,provider,entry,exit,exit_reason,referral,"
                          "months_funded_before\nA,cjd,2022-07-01,,,,\nW,,,,,2026-12-10,50\n")
    for seed in range(3):
        s = simulate(compile_model(load_scenario(path)), np.random.SeedSequence(seed))
        assert s.entry.tolist() == [-54.0, 6.0, 16.0]
        assert s.exit.tolist() == [6.0, 16.0, 24.0]


def spells(tmp_path: Path, rows: str) -> Path:
    """The program of 2026 (one slot, no exits but max_months 60, no referrals) with the
    actual spells ``rows``."""
    path = files(tmp_path, rows, header=HEADER)
    data = {**SIXTEEN_I, "period": {"start": "2026-01", "months": 12},
            "participants": {"referrals_per_month": 0, "initial": 0},
            "employment": {"max_months": 60, "hazards": {"placement": 0, "dropout": 0}}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_returner_in_the_actual_spells_leaves_when_the_lifetime_maximum_is_used(
        tmp_path: Path) -> None:
    """P-011-2 re-entered on 2024-03-01 with 36 months funded before: 24 remain, so the
    forecast from --as-of 2026-02 ends the spell with an exit on 2026-03-01 (month 2),
    max_duration, not in 2029-03 as a fresh 60 months would; January is actual, February
    the last month of wages (year 2, 100 %: 2,960.88 to the Jobcenter)."""
    path = spells(tmp_path, "P-011-2,cjd,2024-03-01,,,36\n")
    scn = load_scenario(path, actuals("2026-02"))
    for seed in range(3):
        s = simulate(compile_model(scn), np.random.SeedSequence(seed))
        assert s.entry.tolist() == [-22.0] and s.exit.tolist() == [2.0]
        assert s.reason.tolist() == [2]
    paid = wages_by_month(run(RunSpec(scn, 3, 1), jobs=1))
    assert paid.jobcenter.tolist() == [2960.88, 2960.88] + [0.0] * 10
    assert sanity.lifetime_warnings(scn) == []


def test_a_spell_past_the_lifetime_maximum_in_actual_months_is_warned_about(
        tmp_path: Path) -> None:
    """The same returner, in the file until 2026-05-01 (a fact of the actual months): one
    line naming the person, not a refusal; the actual months cost it to April. A
    max_duration exit on the day the lifetime maximum ends is no early exit. January to
    April are costed: year 2 (100 %) to February, year 3 (90 %) from March."""
    path = spells(tmp_path, "P-011-2,cjd,2024-03-01,2026-05-01,other,36\n")
    scn = load_scenario(path, actuals("2026-07"))
    assert sanity.lifetime_warnings(scn) == [
        "actuals.spells: person P-011-2 (spells.csv:2) has 36 months funded before, so "
        "employment.max_months ends the spell entered 2024-03-01 with an exit on 2026-03-01 "
        "at the latest (§16i SGB II: at most max_months in a lifetime), but the file has it "
        "run to 2026-05-01: the actual months are costed as the file has them, and whoever "
        "is still in leaves at --as-of; are months_funded_before and the dates right?"]
    assert sanity.lifetime_warnings(scn, "de")[0].startswith(
        "actuals.spells: Person P-011-2 (spells.csv:2) hat 36 Monate Förderung")
    paid = wages_by_month(run(RunSpec(scn, 2, 1), jobs=1))  # year 3 (90 %) from 2026-03
    assert paid.jobcenter.tolist() == [2960.88] * 2 + [2664.79] * 2 + [0.0] * 8
    spells(tmp_path, "P-011-2,cjd,2024-03-01,2026-03-01,max_duration,36\n")
    assert sanity.lifetime_warnings(load_scenario(path, actuals("2026-07"))) == []


def test_a_returner_still_in_past_the_lifetime_maximum_leaves_at_as_of(tmp_path: Path) -> None:
    path = spells(tmp_path, "P-011-2,cjd,2024-03-01,,,36\n")
    scn = load_scenario(path, actuals("2026-05"))
    assert len(sanity.lifetime_warnings(scn)) == 1
    s = simulate(compile_model(scn), np.random.SeedSequence(0))
    assert s.exit.tolist() == [4.0] and s.reason.tolist() == [2]


def test_a_returner_carried_over_from_a_warm_up_keeps_the_months_before(
        tmp_path: Path) -> None:
    """The plan from 2028-01 after --as-of 2027-07 (max_months 36): A, entered 2025-03,
    would reach 36 months in March (exit 2.0); with 1 month funded before, 35 remain and
    A leaves with an exit on 2028-02-01 (month 1) in the planned period."""
    path = files(tmp_path, "A,cjd,2025-03,,,1\nB,cjd,2024-10,,,\n", header=HEADER)
    path.write_text(yaml.safe_dump(WARM, allow_unicode=True), encoding="utf-8")
    plan = sizing.move_period(load_scenario(path, actuals("2027-07")), "2028-01", 12)
    for seed in range(3):
        s = simulate(plan, np.random.SeedSequence(seed))
        assert s.exit[s.entry == -34.0].tolist() == [1.0]


def test_months_before_that_are_no_whole_number_or_leave_nothing_are_refused(
        tmp_path: Path) -> None:
    path = scenario_files(tmp_path, TWO_YEARS, "person,provider,entry,exit,exit_reason,"
                          "Months_Funded_Before\nA,cjd,2024-03,,,2.5\nB,cjd,2024-03,,,-3\n"
                          "C,cjd,2024-03,,,x\nD,cjd,2024-03,,,60\n")
    data = {**TWO_YEARS, "providers": [{"id": "cjd", "slots": 4}]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    file = tmp_path / "caseload.csv"
    expected = "expected a whole number of months >= 0 (the months of this funding used " \
        "in earlier spells; empty: 0)"
    assert refused(path) == [
        f"{file}:2: Months_Funded_Before: {expected} (given: '2.5')",
        f"{file}:3: Months_Funded_Before: {expected} (given: '-3')",
        f"{file}:4: Months_Funded_Before: {expected} (given: 'x')"]
    file.write_text(HEADER + "D,cjd,2024-03,,,60\n", encoding="utf-8")
    assert refused(path) == [
        f"{file}:2: months_funded_before: person D has used 60 months of "
        "employment.max_months (60) in earlier spells: nothing is left to fund (given: 60) "
        "— a lifetime holds at most max_months of funding (§16i SGB II: 5 years); leave the "
        "person out, or correct the months"]
    sheet = spells(tmp_path, "D,cjd,2025-03,,,61\n")
    assert refused(sheet, actuals("2026-02")) == [
        f"{tmp_path / 'spells.csv'}:2: months_funded_before: person D has used 61 months of "
        "employment.max_months (60) in earlier spells: nothing is left to fund (given: 61) "
        "— a lifetime holds at most max_months of funding (§16i SGB II: 5 years); leave the "
        "person out, or correct the months"]


def test_a_caseload_s_returner_past_the_lifetime_maximum_is_warned_about_and_leaves(
        tmp_path: Path) -> None:
    """Re-entered 2023-03-01 with 40 months before: 20 remained, ended 2024-11-01, before
    the period start 2025-01. A fact of the file: one warning line, and the person leaves
    at the start, served by the period for no day: no entry, no exit, no cost (it was
    an entry and a max_duration exit at time 0)."""
    path = scenario_files(tmp_path, TWO_YEARS, HEADER + "P-011-2,cjd,2023-03,,,40\n")
    scn = load_scenario(path)
    assert sanity.lifetime_warnings(scn) == [
        "participants.initial: person P-011-2 (caseload.csv:2) has 40 months funded before, "
        "so employment.max_months ends the spell entered 2023-03-01 with an exit on "
        "2024-11-01 at the latest (§16i SGB II: at most max_months in a lifetime), but the "
        "file has it run to 2025-01-01: they leave at the period start (max_duration); are "
        "months_funded_before and the dates right?"]
    s = simulate(compile_model(scn), np.random.SeedSequence(0))
    assert s.n_entrants == 0 and s.exit.tolist() == []


def test_calibrate_censors_a_returner_at_what_remains(tmp_path: Path) -> None:
    """A max_duration exit after 24 months of a returner with 36 before (max_months 60)
    is the lifetime maximum reached, not an early exit: censored at 24 months."""
    from finsim.analysis.calibrate import Tenures
    from finsim.scenario.caseload import read_caseload

    scn = load_scenario(spells(tmp_path, "P-011-2,cjd,2024-03-01,2026-03-01,max_duration,36\n"))
    people = read_caseload(tmp_path / "spells.csv", scn.provider_ids, scn.participants.mix,
                           scn.period.start_month, spells=True)
    tenures = Tenures.from_caseload(people, scn, 12.0)
    assert tenures.cap.tolist() == [24.0] and tenures.tenure.tolist() == [24.0]

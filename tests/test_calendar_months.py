"""Entry + n months by the calendar: the same day of the month n months later (clipped to
that month's end), as a fraction of that month's own length, wherever finsim adds
months to a spell's start: the tenure anniversaries of the ledger, the maximum duration
of the simulation and of the checks, for actual, carried-over and simulated people.

Fractional months added the entry's fraction of its month to the later month instead:
2024-02-15 is 14/29 into leap February, and 14/29 of February 2026's 28 days is 13.52,
so year 3 began on 14 February at 12:25, not on the 15th."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.analysis import sanity
from finsim.montecarlo import RunSpec, run
from finsim.report import tables
from finsim.scenario import load_scenario
from finsim.scenario.caseload import maximum_exit, month_time, time_date
from finsim.scenario.reader import dump
from finsim.scenario.schedule import Month, MonthsLater, month_days, months_later
from finsim.simulation import compile_model, simulate
from finsim.simulation.spells import MAX_DURATION

from .test_actuals import actuals

WAGE = 2815.40
"""A month's wage: 28.154 x 1200/52 hours a week x 52/12, no employer contributions."""
PROGRAM = {
    "name": "one §16i slot",
    "period": {"start": "2026-01", "months": 12},
    "participants": {"referrals_per_month": 0, "initial": 0},
    "employment": {"max_months": 60, "hazards": {"placement": 0, "dropout": 0}},
    "providers": [{"id": "cjd", "slots": 1}],
    "costs": {"wages": {"hourly": 28.154, "hours_per_week": 1200 / 52,
                        "employer_contributions": 0.0}},
    "funding": [
        {"id": "jobcenter", "covers": {"wages": {"by_tenure_year": [1, 1, 0.9, 0.8, 0.7]}}},
        {"id": "employers", "public": False, "covers": "remainder"},
    ],
}
HEADER = "person,provider,entry,exit,exit_reason,months_funded_before\n"


def spells_file(tmp_path: Path, rows: str, data: dict = PROGRAM) -> Path:
    (tmp_path / "spells.csv").write_text(HEADER + rows, encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(dump(data), encoding="utf-8")  # 28.154 as 28.1540: no thousands point
    return path


def wages(path: Path, as_of: str) -> pd.DataFrame:
    """Each month's wages by funder (EUR, rounded to the cent) of a re-forecast."""
    ledger = tables.ledger_table(run(RunSpec(load_scenario(path, actuals(as_of)), 2, 1),
                                     jobs=1))
    paid = ledger[ledger.category == "wages"]
    return paid.groupby(["month", "funder"]).amount.sum().unstack().round(2)


def test_year_3_begins_on_the_entry_s_day_two_years_later(tmp_path: Path) -> None:
    """Entered 2024-02-15, in a slot throughout: year 3 (90 %) begins on 2026-02-15, 14 of
    February's 28 days in, so the actual February pays 14/28 x 2,815.40 + 14/28 x 0.9 x
    2,815.40 = 1,407.70 + 1,266.93 = 2,674.63 (fractional months: 2,669.77)."""
    assert round(WAGE / 2 + 0.9 * WAGE / 2, 2) == 2674.63
    paid = wages(spells_file(tmp_path, "A,cjd,2024-02-15,,,\n"), "2026-03")
    assert paid.jobcenter[["2026-01", "2026-02", "2026-03"]].tolist() == [
        2815.40, 2674.63, 2533.86]
    assert paid.employers[["2026-01", "2026-02", "2026-03"]].tolist() == [0.0, 140.77, 281.54]


def test_a_leaver_on_the_anniversary_is_paid_year_2_s_rate_only(tmp_path: Path) -> None:
    """Entered 2024-02-15, left 2026-02-15 (the first day no longer employed), the day
    year 3 would have begun: February's 14 days are year 2's, 100 %: 1,407.70 from the
    Jobcenter, nothing from the employers (fractional months: 1,402.84 and 4.86)."""
    paid = wages(spells_file(tmp_path, "B,cjd,2024-02-15,2026-02-15,dropout,\n"), "2026-03")
    assert paid.jobcenter[["2026-01", "2026-02"]].tolist() == [2815.40, 1407.70]
    assert paid.employers[["2026-01", "2026-02"]].tolist() == [0.0, 0.0]


def test_a_returner_with_10_months_left_leaves_on_the_20th(tmp_path: Path) -> None:
    """P-0009 entered 2026-01-20 with 50 of 60 months funded before: the 10 left end
    with an exit on 2026-11-20, the day the checks say too (fractional months: on
    19 November at 09:20), so November's wage is 19/30 of a month: 1,783.09."""
    path = spells_file(tmp_path, "P-0009,cjd,2026-01-20,,,50\n")
    scn = load_scenario(path, actuals("2026-02"))
    origin = Month(2026, 1)
    for seed in range(3):
        s = simulate(compile_model(scn), np.random.SeedSequence(seed))
        assert time_date(float(s.exit[0]), origin) == "2026-11-20"
        assert s.exit[0] == month_time("2026-11-20", origin)
        assert s.reason.tolist() == [MAX_DURATION]
    latest = maximum_exit(np.array([month_time("2026-01-20", origin)]), np.array([10.0]), origin)
    assert latest.tolist() == [month_time("2026-11-20", origin)]
    assert sanity.lifetime_warnings(scn) == []
    paid = wages(path, "2026-02")
    assert paid.jobcenter[["2026-10", "2026-11", "2026-12"]].tolist() == [2815.40, 1783.09, 0.0]
    assert round(19 / 30 * WAGE, 2) == 1783.09


def test_a_simulated_entry_mid_month_leaves_on_the_same_day(tmp_path: Path) -> None:
    """The event loop's entries: A (entered 2022-07-16) reaches 60 months with an exit on
    2027-07-16; W, waiting since 2026-12-10 with 53 months funded before, takes the slot
    then (6 + 15/31 months from 2027-01) and leaves 7 months later on 2028-02-16, 15 of
    leap February's 29 days in (13 + 15/29; fractional months: 13 + 15/31), where a
    referral on demand takes the slot."""
    data = {**PROGRAM, "period": {"start": "2027-01", "months": 24},
            "employment": {"max_months": 60, "refill_delay_months": 0,
                           "hazards": {"placement": 0, "dropout": 0}},
            "participants": {"referrals_per_month": "on_demand", "initial": "caseload.csv"}}
    (tmp_path / "caseload.csv").write_text(
        "person,provider,entry,exit,exit_reason,referral,months_funded_before\n"
        "A,cjd,2022-07-16,,,,\nW,,,,,2026-12-10,53\n", encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(dump(data), encoding="utf-8")  # 28.154 as 28.1540: no thousands point
    origin = Month(2027, 1)
    for seed in range(3):
        s = simulate(compile_model(load_scenario(path)), np.random.SeedSequence(seed))
        assert [time_date(float(t), origin) for t in s.entry] == [
            "2022-07-16", "2027-07-16", "2028-02-16"]
        assert [time_date(float(t), origin) for t in s.exit[:2]] == ["2027-07-16",
                                                                    "2028-02-16"]
        assert s.exit[1] == month_time("2028-02-16", origin) == 13 + 15 / 29
        assert s.exit[2] == 24.0
        assert s.reason[:2].tolist() == [MAX_DURATION, MAX_DURATION]


DATES = st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31))


def _later(date: dt.date, n: int) -> dt.date:
    """The calendar's answer: the same day n months later, or the first of the month
    after where that month lacks the day (the month's end, BGB §188)."""
    ordinal = date.year * 12 + date.month - 1 + n
    year, month = divmod(ordinal, 12)
    month += 1
    days = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.date(year, month, 1)).days
    if date.day <= days:
        return dt.date(year, month, date.day)
    return dt.date(year + month // 12, month % 12 + 1, 1)


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(0, 10), st.integers(-60, 60))
def test_twelve_k_months_later_is_the_same_calendar_day(date: dt.date, k: int,
                                                        shift: int) -> None:
    """Entry + 12 k months falls on the entry's day of the month (29 February on the end
    of February, 1 March 00:00, in a common year), from any origin."""
    origin = Month(date.year, date.month) + shift
    t = months_later(month_time(date.isoformat(), origin), 12.0 * k, origin)
    assert time_date(float(t), origin) == _later(date, 12 * k).isoformat()


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(0, 130))
def test_n_months_later_is_the_day_or_the_month_s_end(date: dt.date, n: int) -> None:
    origin = Month(2000, 1)
    t = months_later(month_time(date.isoformat(), origin), float(n), origin)
    assert time_date(float(t), origin) == _later(date, n).isoformat()


def test_31_january_plus_a_month_is_the_end_of_february() -> None:
    origin = Month(2025, 1)
    jan31 = month_time("2025-01-31", origin)
    assert months_later(jan31, 1.0, origin) == 2.0  # 1 March 00:00: employed through the 28th
    assert months_later(np.array([jan31]), 0.0, origin).tolist() == [jan31]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-400, 400), st.one_of(
    st.integers(0, 120).map(float), st.floats(0, 120))), min_size=1, max_size=50),
    st.integers(-30, 30))
def test_the_event_loop_s_scalar_rule_is_the_vectorised_one_to_the_bit(pairs: list,
                                                                      shift: int) -> None:
    origin = Month(2024, 2) + shift
    t = np.array([p[0] for p in pairs])
    n = np.array([p[1] for p in pairs])
    scalar = MonthsLater(origin, -402, 525)
    assert months_later(t, n, origin).tolist() == [scalar(a, b) for a, b in pairs]


@settings(max_examples=200, deadline=None)
@given(st.floats(-400, 400), st.integers(0, 10), st.integers(-30, 30))
def test_equal_months_keep_the_fractional_sum_s_bits(t: float, k: int, shift: int) -> None:
    """Where the entry's month and the month 12 k later have the same length the rule is
    ``t + 12 k`` itself, so a calendar without leap Februaries (the 2013-2014 seed) keeps
    its results byte for byte."""
    origin = Month(2013, 1) + shift
    month = np.floor(t)
    if month_days(month, origin) == month_days(month + 12 * k, origin):
        assert months_later(t, 12.0 * k, origin) == t + 12.0 * k

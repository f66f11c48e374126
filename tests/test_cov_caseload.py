"""A caseload file's rows the rest of the suite did not reach (``pytest --cov=finsim``):
a date in the German form, an entry without a provider, a referral after the entry and a
row with a cell too many are each named, in one pass, by file, line, column and value
(blank rows carry no data and are skipped); and the dates of good rows become months
from the origin exactly."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from finsim.scenario import ScenarioError
from finsim.scenario.caseload import IN_PROGRAM, REASONS, read_caseload
from finsim.scenario.schedule import Month

MIX = {"sex": {"male": 0.5, "female": 0.5}}
HEADER = "person,provider,entry,exit,exit_reason,referral,sex\n"


def test_every_bad_row_is_named_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "p1,a,16.01.2027,,,,male\n"  # line 2: a German date
                    "p2,,2027-02,,,,female\n"  # 3: an entry without a provider
                    "p3,a,2027-02-01,,,2027-03-01,male\n"  # 4: referred after the entry
                    "\n ,,,\n"  # 5 and 6: blank rows, skipped
                    "p4,a,2027-01,2027-05,placement,,male,extra\n"  # 7: a cell too many
                    "p5,a,2027-01-16,2027-03,dropout,,female\n"  # 8: good
                    ",,,,,,\n\n")  # blank rows at the end, skipped
    with pytest.raises(ScenarioError) as err:
        read_caseload(path, ["a", "b"], MIX, Month(2027, 1))
    lines = str(err.value).splitlines()
    expected = [(2, "entry", "16.01.2027"), (3, "provider", None), (4, "referral", "2027-03-01"),
                (7, None, "extra")]
    assert len(lines) == len(expected), lines
    for text, (line, column, value) in zip(lines, expected, strict=True):
        assert text.startswith(f"{path}:{line}: "), text
        assert column is None or f": {column}" in text, text
        assert value is None or value in text, text


def test_dates_become_months_from_the_origin(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "p5,a,2027-01-16,2027-03,dropout,,female\n"
                    "p6,b,2026-11,,,2026-10-31,male\n"
                    "w1,,,,,2026-12-15,female\n")
    people = read_caseload(path, ["a", "b"], MIX, Month(2027, 1))
    # day d of a month of n days is (d - 1) / n into it: 16 January is 15/31 in
    assert people.entry[0] == pytest.approx(15 / 31, abs=1e-15)
    assert people.exit[0] == 2.0 and people.reason[0] == REASONS.index("dropout")
    assert people.entry[1] == -2.0 and math.isnan(people.exit[1])
    assert people.reason[1] == IN_PROGRAM
    assert people.referral[1] == pytest.approx(-3 + 30 / 31, abs=1e-15)
    # the waiting one: no provider, no entry; referred 15 December (14/31 into it)
    assert people.provider.tolist() == [0, 1, -1]
    assert people.waiting.tolist() == [False, False, True]
    assert people.referral[2] == pytest.approx(-1 + 14 / 31, abs=1e-15)
    assert people.attributes[:, 0].tolist() == [1, 0, 1]  # female, male, female
    assert people.open_at(0.0).tolist() == [False, True, False]
    assert people.open_at(0.5).tolist() == [True, True, False]
    assert people.open_at(2.0).tolist() == [False, True, False]  # the exit day is out
    assert people.waiting_at(-0.5).tolist() == [False, False, True]
    assert people.waiting_at(-0.6).tolist() == [False, False, False]
    assert np.array_equal(people.line, [2, 3, 4])

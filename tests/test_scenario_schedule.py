"""Months and schedules: lookup by month and the uprating rule."""

import numpy as np
import pytest

from finsim.scenario.schedule import (
    Month,
    calendar_years,
    check_schedule,
    distinct_years,
    monthly,
    scale,
    uprated,
    year_starts,
)


def test_month_arithmetic():
    """Months add across year ends and subtract to whole months."""
    assert str(Month.parse("2013-11") + 3) == "2014-02"
    assert Month.parse("2015-01") - Month.parse("2013-01") == 24


@pytest.mark.parametrize("text", ["2013-13", "2013-1", "13-01", "2013/01", "x"])
def test_bad_months_are_refused(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse(text)


def test_schedule_holds_until_next_key_and_first_value_before():
    """A value holds from its month to the next key; before the first key the first holds."""
    values = monthly({"2013-03": 10, "2013-05": 4}, Month(2013, 1), 7)
    assert values.tolist() == [10, 10, 10, 10, 4, 4, 4]


def test_plain_number_is_constant():
    assert monthly(7.5, Month(2013, 1), 3).tolist() == [7.5, 7.5, 7.5]


def test_schedule_keys_sorted():
    assert list(check_schedule({"2014-01": 1, "2013-01": 2})) == ["2013-01", "2014-01"]


def test_uprating_plain_number_after_start_year():
    """A plain number is raised each January after the start year: 10, 10*1.1, 10*1.21."""
    values = uprated(10.0, 0.1, Month(2013, 12), 14)
    assert values[0] == 10.0
    assert values[1] == pytest.approx(11.0)
    assert values[13] == pytest.approx(12.1)


def test_uprating_schedule_keeps_known_values():
    """Known values stand; only years after the last key's year are raised."""
    values = uprated({"2013-01": 8.0, "2014-07": 9.0}, 0.05, Month(2013, 1), 36)
    assert values[0] == 8.0 and values[17] == 8.0  # 2014-06: still the first value
    assert values[18] == 9.0 and values[23] == 9.0  # 2014-07..12: as given
    assert values[24] == pytest.approx(9.45)  # 2015-01: raised once
    np.testing.assert_allclose(values[24:], 9.45)


def test_scale_multiplies_every_value():
    assert scale({"2013-01": 2.0, "2014-01": 3.0}, 2) == {"2013-01": 4.0, "2014-01": 6.0}
    assert scale(5.0, 0.5) == 2.5


def test_distinct_years_are_the_unique_calendar_years() -> None:
    """Every start month of three years, horizons from none to five years and a month."""
    for start in (Month(2012, 1) + k for k in range(36)):
        for months in (0, 1, 2, 11, 12, 13, 24, 60, 61):
            found = distinct_years(start, months)
            assert found.dtype == np.int64
            assert np.array_equal(found, np.unique(calendar_years(start, months)))


def test_year_starts_are_each_years_first_month() -> None:
    """November 2013 for 15 months: 2013 from month 0, 2014 from 2 (its January), 2015
    from 14; one month: one year; no month: none."""
    assert year_starts(Month(2013, 11), 15).tolist() == [0, 2, 14]
    assert year_starts(Month(2013, 11), 14).tolist() == [0, 2]
    assert year_starts(Month(2013, 1), 12).tolist() == [0]
    assert year_starts(Month(2013, 12), 1).tolist() == [0]
    assert year_starts(Month(2013, 12), 0).tolist() == []

"""The federal KdU share by Land (``kdu_federal_share: NW``), from the sourced BBFestV table."""

from __future__ import annotations

import numpy as np
import pytest

from finsim.scenario import ScenarioError
from finsim.scenario.kdu_share import land_shares
from finsim.scenario.model import BenefitParts
from finsim.scenario.schedule import Month, monthly
from tests.conftest import variant


def test_the_table_holds_every_land_and_the_reported_means():
    """16 Länder; unweighted means 71.2 % (2024, "gut 71 Prozent") and 72.0 % (2025/26);
    Berlin lowest (67.3 %) and Rheinland-Pfalz highest (79.4 %) in 2025/26."""
    table = land_shares()
    assert len(table) == 16
    for year, mean in ((2024, 0.7116), (2025, 0.72), (2026, 0.72)):
        assert np.mean([t[year] for t in table.values()]) == pytest.approx(mean, abs=5e-5)
    assert min(table, key=lambda k: table[k][2026]) == "BE"
    assert (table["BE"][2026], table["RP"][2026]) == (0.673, 0.794)


def test_a_land_code_is_its_schedule_held_after_the_last_year():
    share = BenefitParts(kdu_federal_share="nw").kdu_federal_share
    assert dict(share) == {"2024-01": 0.713, "2025-01": 0.721, "2026-01": 0.721}
    by_month = monthly(share, Month(2024, 12), 26)
    assert by_month[[0, 1, 13, 25]].tolist() == [0.713, 0.721, 0.721, 0.721]


def test_a_period_before_the_table_or_an_unknown_code_is_refused(small_data):
    parts = {"by_payer": None, "parts": {"regelbedarf": 563, "kdu": 600, "kdu_federal_share": "NW"}}
    with pytest.raises(ScenarioError, match="table for NW starts in 2024, the period in "
                                            "2013-01: give the share as a number"):
        variant(small_data, passive_benefits=parts)
    later = variant(small_data, period={"start": "2026-01", "months": 24},
                    passive_benefits=parts)
    assert later.passive_benefits.parts.kdu_federal_share["2026-01"] == 0.721
    with pytest.raises(ScenarioError, match="'XX' is not a Land code: expected one of BW"):
        variant(small_data, period={"start": "2026-01", "months": 24},
                passive_benefits={"by_payer": None, "parts": {"kdu": 600, "kdu_federal_share": "XX"}})


def test_a_schedule_keyed_by_year_is_refused_naming_the_month_it_means(small_data):
    """The docs called the share "a schedule by year", and `{2027: 0.7}` (as a price index
    takes it) was refused with "e.g. 2013-01": the share is a schedule by month, each
    year's from its January, and the refusal names the January of the year given."""
    from finsim.scenario.reference import render

    parts = {"by_payer": None, "parts": {"regelbedarf": 563, "kdu": 600,
                                         "kdu_federal_share": {2027: 0.7, 2028: 0.71}}}
    with pytest.raises(ScenarioError) as refused:
        variant(small_data, period={"start": "2027-01", "months": 24}, passive_benefits=parts)
    assert ("passive_benefits.parts.kdu_federal_share.2027: '2027' is not a month: expected "
            "YYYY-MM, e.g. 2027-01 for January 2027") in str(refused.value)
    parts["parts"]["kdu_federal_share"] = {"2027-01": 0.7, "2028-01": 0.71}
    ok = variant(small_data, period={"start": "2027-01", "months": 24}, passive_benefits=parts)
    share = ok.passive_benefits.parts.kdu_federal_share
    assert monthly(share, Month(2027, 1), 24)[[0, 11, 12]].tolist() == [0.7, 0.7, 0.71]
    row = next(r for r in render().splitlines() if r.startswith("| `kdu_federal_share`"))
    assert "a schedule by month, each year's from its January (`{2027-01: 0.706" in row
    assert "by year" not in row

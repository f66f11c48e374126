"""Benefits avoided by household type and payer (issue 15.1), by hand and as properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from finsim.funding import passive_benefits_avoided as avoided
from finsim.funding.benefits import benefit_rates
from finsim.ledger import build_ledger, month_pieces
from finsim.scenario.checks import cross_check
from tests.test_ledger_support import DROPOUT, EMPLOYED, PLACEMENT, scenario, spells

HOUSEHOLDS = {"single": 0.6, "single_parent": 0.1, "couple_no_children": 0.1,
              "not_stated": 0.2}
SINGLE, SINGLE_PARENT, COUPLE, NOT_STATED = range(4)

# The worked 2026 example of docs/passive-benefits.md (sources there), with NRW's federal
# KdU share from the BBFestV table as the 2026 files take it (`NW`: 72.1 % in 2026).
PARTS_2026 = {
    "regelbedarf": {"single": 563.00, "single_parent": 896.68, "couple_no_children": 1012.00,
                    "not_stated": 563.00},
    "health_care": {"single": 176.30, "single_parent": 176.30, "couple_no_children": 176.30,
                    "not_stated": 176.30},
    "kdu": {"single": 600.00, "single_parent": 720.00, "couple_no_children": 720.00,
            "not_stated": 600.00},
    "kdu_federal_share": "NW",
    "top_up": {"single": 0.0, "single_parent": 215.00, "couple_no_children": 230.00,
               "not_stated": 0.0},
}


def household_scenario(benefits: dict, months: int = 12, start: str = "2026-01"):
    return scenario(period={"start": start, "months": months},
                    participants={"referrals_per_month": 1, "mix": {"household": HOUSEHOLDS}},
                    passive_benefits={"attribute": "household", **benefits})


def test_by_payer_by_household_and_plain_numbers() -> None:
    scn = household_scenario({"by_payer": {
        "bund": {"single": 739.30, "single_parent": 1140.00, "couple_no_children": 1200,
                 "not_stated": 739.30},
        "kommune": 450.0}})
    sp = spells([(0, 0.0, 12.0, EMPLOYED), (0, 6.5, 12.0, EMPLOYED), (1, 0.0, 3.0, DROPOUT)],
                12, attributes=[[SINGLE], [SINGLE_PARENT], [COUPLE]])
    out = avoided(scn, sp, build_ledger(scn, sp))
    # provider a: single all year, single parent from 6.5 (half of July)
    assert out["bund"][5, 0] == pytest.approx(739.30)
    assert out["bund"][6, 0] == pytest.approx(739.30 + 0.5 * 1140.00)
    assert out["bund"][7, 0] == pytest.approx(739.30 + 1140.00)
    assert out["kommune"][7, 0] == pytest.approx(900.0)   # a plain number for every value
    assert out["bund"][:, 1].tolist() == [1200.0] * 3 + [0.0] * 9


def test_worked_2026_example_single_and_single_parent_12_months() -> None:
    """docs/passive-benefits.md: one single person and one single parent, all of 2026."""
    scn = household_scenario({"parts": PARTS_2026})
    sp = spells([(0, 0.0, 12.0, EMPLOYED), (1, 0.0, 12.0, EMPLOYED)], 12,
                attributes=[[SINGLE], [SINGLE_PARENT]])
    out = avoided(scn, sp, build_ledger(scn, sp))
    # single: Bund 563 + 176.30 + 0.721 x 600 = 1,171.90; Kommune 0.279 x 600 = 167.40
    assert round(out["bund"][0, 0], 2) == 1171.90 and round(out["kommune"][0, 0], 2) == 167.40
    # single parent: top-up 215 is KdU first: KdU avoided 720 - 215 = 505; Kommune
    # 0.279 x 505 = 140.895, half up 140.90; Bund the rest of 1,577.98: 1,437.08
    assert round(out["bund"][0, 1], 2) == 1437.08 and round(out["kommune"][0, 1], 2) == 140.90
    assert round(out["bund"][:, 0].sum(), 2) == 14062.80
    assert round(out["kommune"][:, 0].sum(), 2) == 2008.80
    assert round(out["bund"][:, 1].sum(), 2) == 17244.96
    assert round(out["kommune"][:, 1].sum(), 2) == 1690.80


def test_the_payers_parts_add_up_to_the_households_benefit() -> None:
    """NRW's 72.1 %: the single parent's KdU avoided 720 - 215 = 505 splits into Bund
    896.68 + 176.30 + 0.721 x 505 = 1,437.085 and Kommune 0.279 x 505 = 140.895, of a
    household benefit of 1,577.98. The Kommune's part rounds half up (140.90), the Bund
    gets the difference (1,437.08), not 1,437.09 rounded on its own (1,577.99 in all)."""
    scn = household_scenario({"parts": PARTS_2026})
    sp = spells([(0, 0.0, 12.0, EMPLOYED), (1, 0.0, 12.0, EMPLOYED)], 12,
                attributes=[[SINGLE], [SINGLE_PARENT]])
    out = avoided(scn, sp, build_ledger(scn, sp))
    cents = {payer: np.rint(eur * 100).astype(int) for payer, eur in out.items()}
    assert cents["bund"][0].tolist() == [117190, 143708]   # 1,171.90; 1,437.08
    assert cents["kommune"][0].tolist() == [16740, 14090]  # 0.279 x 600; 140.895 up
    assert (cents["bund"] + cents["kommune"])[:, 1].tolist() == [157798] * 12
    assert round(float(out["bund"].sum() + out["kommune"].sum()), 2) == 12 * (1339.30 + 1577.98)


def test_top_up_above_the_kdu_reduces_the_regelbedarf_avoided() -> None:
    parts = {"regelbedarf": 500.0, "health_care": 100.0, "kdu": 300.0,
             "kdu_federal_share": 0.5, "top_up": 350.0}
    rates = benefit_rates(household_scenario({"parts": parts})).by_payer
    # KdU fully paid as top-up (nothing avoided), Regelbedarf 500 - 50 avoided, health 100
    assert rates["bund"][0, 0] == pytest.approx(450.0 + 100.0)
    assert rates["kommune"][0, 0] == 0.0
    parts["top_up"] = 2000.0   # more than the whole benefit: nothing but health care avoided
    rates = benefit_rates(household_scenario({"parts": parts})).by_payer
    assert rates["bund"][0, 0] == pytest.approx(100.0)


def test_federal_kdu_share_schedule_by_year() -> None:
    parts = {"kdu": 600.0, "kdu_federal_share": {"2025-01": 0.7, "2026-01": 0.72}}
    rates = benefit_rates(household_scenario({"parts": parts}, months=24,
                                             start="2025-01")).by_payer
    assert rates["bund"][11, 0] == pytest.approx(420.0)
    assert rates["bund"][12, 0] == pytest.approx(432.0)
    assert rates["kommune"][12, 0] == pytest.approx(168.0)


def test_after_placement_by_household() -> None:
    scn = household_scenario({"by_payer": {"bund": {"single": 100, "single_parent": 200,
                                                    "couple_no_children": 0, "not_stated": 0}},
                              "after_placement": True}, months=6)
    sp = spells([(0, 0.0, 2.5, PLACEMENT), (0, 0.0, 2.5, DROPOUT)], 6,
                attributes=[[SINGLE_PARENT], [SINGLE]])
    out = avoided(scn, sp, build_ledger(scn, sp))
    # the placed single parent counts on to the end, the single who dropped out stops
    assert out["bund"][:, 0].tolist() == pytest.approx([300, 300, 250, 200, 200, 200])


def test_old_forms_still_work_without_attribute() -> None:
    scn = scenario(passive_benefits={"by_payer": {"federal": {"2013-01": 648, "2014-01": 657},
                                                  "city": 274}})
    sp = spells([(0, 11.0, 13.0, EMPLOYED)], 24)
    out = avoided(scn, sp, build_ledger(scn, sp))
    assert out["federal"][11:13, 0].tolist() == [648.0, 657.0]
    assert scn.passive_benefits.payers == ["federal", "city"]


@pytest.mark.parametrize(("benefits", "where", "says"), [
    ({"by_payer": {"bund": {"single": 1}}}, "passive_benefits.by_payer.bund",
     "need passive_benefits.attribute"),
    ({"attribute": "household", "by_payer": {"bund": {"single": 1, "twins": 2}}},
     "passive_benefits.by_payer.bund", "twins: not a value"),
    ({"attribute": "household", "parts": {"kdu": {"single": 1}}}, "passive_benefits.parts.kdu",
     "no amount for single_parent"),
    ({"attribute": "income", "per_person_month": 1}, "passive_benefits.attribute",
     "not in participants.mix"),
])
def test_cross_checks_name_the_problem(benefits, where, says) -> None:
    scn = scenario(participants={"referrals_per_month": 1, "mix": {"household": HOUSEHOLDS}},
                   passive_benefits=benefits)
    problems = cross_check(scn)
    assert any(path == where and says in message for path, message in problems), problems


@pytest.mark.parametrize("benefits", [
    {"per_person_month": 1, "by_payer": {"bund": 1}},
    {"by_payer": {"bund": {"single": -1}}},
    {"parts": {"kdu_federal_share": 1.2}},
    {"parts": {"kdu": "lots"}},
])
def test_bad_forms_are_refused(benefits) -> None:
    with pytest.raises(ValidationError):
        scenario(passive_benefits=benefits)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.floats(0, 11.9), st.floats(0.01, 12),
                          st.integers(0, 3)), max_size=12),
       st.lists(st.floats(0, 2000), min_size=4, max_size=4))
def test_vectorised_equals_person_by_person(rows, amounts) -> None:
    """The bincount over spells equals the plain sum of each person's month pieces,
    rounded to whole cents per month and provider."""
    scn = household_scenario({"by_payer": {"bund": dict(zip(HOUSEHOLDS, amounts,
                                                             strict=True))}})
    table = [(p, e, min(e + d, 12.0), EMPLOYED) for p, e, d, _ in rows]
    sp = spells(table, 12, attributes=[[h] for *_, h in rows])
    out = avoided(scn, sp, build_ledger(scn, sp))["bund"]
    expected = np.zeros((12, 2))
    pieces = month_pieces(sp.entry, sp.exit, 12)
    for owner, month, length in zip(pieces.owner, pieces.month, pieces.length, strict=True):
        expected[month, table[owner][0]] += length * amounts[rows[owner][3]]
    assert np.allclose(np.round(out * 100), out * 100, rtol=0, atol=1e-6)  # whole cents
    assert np.abs(out - expected).max() <= 0.005 + 1e-9

"""Dates and sizes the rest of the suite did not reach (``pytest --cov=finsim``): the
refusals of a warm-up that starts after the period, of dated rule sets that are not
shares, of an empty price index, of bounds of a drawn value in the wrong order, and of a
size search on a program without slots. Each names the dotted path and what is wrong;
the wording around it belongs to the messages' own tests."""

from __future__ import annotations

import numpy as np
import pytest

import finsim
from finsim.program import compile_program
from finsim.replication import replicate
from finsim.scenario import ScenarioError, scenario_from_dict
from finsim.scenario.schedule import Month, calendar_years, distinct_years, month_labels
from tests.test_ledger_support import BASE, deep_update


def refused(*parts: str, **patch: object) -> None:
    """The base scenario with ``patch`` is refused, the problem naming each of ``parts``
    (the dotted path, the values at fault)."""
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(deep_update(BASE, patch))
    text = str(err.value)
    assert all(part in text for part in parts), text


def test_a_warm_up_cannot_start_after_the_period() -> None:
    refused("period", "simulate_from", "2013-06", "2013-01",
            period={"start": "2013-01", "months": 24, "simulate_from": "2013-06"})


def test_a_warm_up_from_the_start_itself_is_no_warm_up() -> None:
    """``simulate_from`` equal to ``start``: nothing simulated before, every number the
    same as without it (same seed)."""
    def outcome(period: dict):
        scn = scenario_from_dict(deep_update(BASE, {"period": period,
                                                    "participants": {"initial": 5}}))
        program = compile_program(scn)
        return program, replicate(program, np.random.SeedSequence(5))

    program, same = outcome({"start": "2013-01", "months": 24, "simulate_from": "2013-01"})
    assert program.scenario.warm_up() is None and program.model.warmup is None
    _, plain = outcome({"start": "2013-01", "months": 24})
    assert np.array_equal(same.metric_values, plain.metric_values, equal_nan=True)
    assert np.array_equal(same.ledger, plain.ledger)
    assert same.ledger.sum() > 0


def test_a_dated_rule_set_must_be_shares() -> None:
    refused("funding.esf.covers", "2014-01", "shares", "0.5",
            funding=[{"id": "esf", "covers": {"2013-01": {"wages": 1.0}, "2014-01": 0.5}}])


def test_a_dated_rule_sets_share_above_one_names_its_date() -> None:
    refused("funding.esf.covers", "2014-01", "wages", "1.5",
            funding=[{"id": "esf", "covers": {"2013-01": {"wages": 1.0},
                                              "2014-01": {"wages": 1.5}}}])


def test_an_index_by_year_needs_a_year() -> None:
    refused("prices.wages", "index by year", prices={"wages": {}})


@pytest.mark.parametrize("draw", [{"dist": "uniform", "low": 0.02, "high": 0.01},
                                  {"dist": "triangular", "low": 0.01, "mode": 0.03,
                                   "high": 0.02}])
def test_a_drawn_values_bounds_in_the_wrong_order_are_refused(draw) -> None:
    refused("uncertainty.employment.hazards.placement", *(str(draw[k]) for k in draw
                                                          if k != "dist"),
            uncertainty={"employment.hazards.placement": draw})


def test_an_empty_schedule_of_slots_is_refused() -> None:
    refused("providers.a.slots", "schedule", providers=[{"id": "a", "slots": {}}])


def test_a_program_without_slots_cannot_be_sized() -> None:
    scn = scenario_from_dict(deep_update(BASE, {
        "providers": [{"id": "a", "slots": 0}, {"id": "b", "slots": {"2013-01": 0,
                                                                     "2013-06": 0}}],
        "funding": [{"id": "jc", "covers": {"wages": 1.0}}]}))
    with pytest.raises(ScenarioError, match="the scenario has no slots to scale"):
        finsim.size(scn, caps={"jc": 1000}, replications=2, confidence=0.9)


def test_calendar_years_and_labels_across_new_year() -> None:
    start = Month.parse("2026-11")
    assert month_labels(start, 4) == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert calendar_years(start, 4).tolist() == [2026, 2026, 2027, 2027]
    assert distinct_years(start, 4).tolist() == [2026, 2027]
    assert distinct_years(start, 0).tolist() == []
    # a December start of 13 months touches three calendar years
    assert distinct_years(Month.parse("2026-12"), 14).tolist() == [2026, 2027, 2028]
    assert Month.parse("2027-01") - Month.parse("2026-12") == 1
    assert str(Month.parse("2026-12") + 13) == "2028-01"
    years = calendar_years(start, 4)
    years[0] = 0  # a caller's copy: the cached years stay as they were
    assert calendar_years(start, 4).tolist() == [2026, 2026, 2027, 2027]
    assert np.unique(calendar_years(Month.parse("2026-12"), 14)).tolist() == [2026, 2027, 2028]


def test_a_yearly_cap_by_date_is_what_show_month_says_and_what_the_funder_spends() -> None:
    """A year's budget is the cap in force in its first month of the period: a schedule
    that rises in June 2014 raises the 2014 budget not at all, the 2015 one fully. 2013-07
    to 2015-06, one person all along at 2,028.00 EUR of wages a month, a funder of all
    wages within 1,000 / 1,000 / 5,000 EUR a year and 6,500 EUR in total."""
    from finsim.funding import allocate
    from finsim.ledger import build_ledger
    from finsim.report.month import resolved_month
    from finsim.scenario.model import CATEGORIES
    from tests.test_ledger_support import EMPLOYED, spells

    scn = scenario_from_dict(deep_update(BASE, {
        "period": {"start": "2013-07", "months": 24},
        "funding": [{"id": "jc", "covers": {"wages": 1.0}, "cap_total": 6500,
                     "cap_per_year": {"2013-01": 1000, "2014-06": 5000}}]}))
    shown = {m: resolved_month(scn, m)["funding"]["jc"] for m in ("2013-07", "2014-08",
                                                                   "2015-02")}
    assert [s["cap_per_year"] for s in shown.values()] == [1000.0, 1000.0, 5000.0]
    assert {s["cap_total"] for s in shown.values()} == {6500.0}
    cents = allocate(scn, build_ledger(scn, spells([(0, 0.0, 24.0, EMPLOYED)], 24))).cents
    paid = cents[:, 0, CATEGORIES.index("wages"), 0]
    by_year = [int(paid[:6].sum()), int(paid[6:18].sum()), int(paid[18:].sum())]
    # 2013 and 2014: 1,000.00 each; 2015: what the total leaves, 4,500.00 of its 5,000.00
    assert by_year == [100000, 100000, 450000]
    assert paid[:2].tolist() == [100000, 0]  # July's 2,028.00 use up 2013's budget
    assert paid[18:21].tolist() == [202800, 202800, 44400]

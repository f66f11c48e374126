"""Money paths the rest of the suite did not reach, worked to the cent by hand.

Found with ``pytest --cov=finsim`` (pyproject's ``[tool.coverage]``): a transfer block
without a flat rate and without a limit, a dated rule set that never comes into force
within the horizon, an advance of a funder that pays nothing, and the money check's
second alarm (a negative amount).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from finsim.funding import InvariantError, allocate, check_money_conserved
from finsim.funding.benefits import avoided_benefits
from finsim.funding.cashflow import cash_flow, split_advance
from finsim.funding.transfer import transfer_split
from finsim.ledger import build_ledger
from finsim.ledger.build import with_booked
from finsim.scenario import scenario_from_dict
from finsim.scenario.model import CATEGORIES, Payment
from tests.test_funding_allocate import funded, hand_ledger
from tests.test_ledger_support import BASE, EMPLOYED, WAGE_MONTH, deep_update, spells

W, MAT = CATEGORIES.index("wages"), CATEGORIES.index("material")


BUND_SAVES = {"by_payer": {"bund": 500}}
"""Benefits the Bund avoids (500 EUR a person-month): what a transfer of its budget needs."""


def _checked(**patch: object):
    """The base test scenario through the full validation (cross-field checks too)."""
    return scenario_from_dict(deep_update(BASE, patch))


def test_a_transfer_without_flat_rate_or_limit_is_all_wage_money_up_to_the_yearly_ceiling():
    # one person employed all of 2013 and 2014 at provider a: 2,028.00 EUR of wages a
    # month, all paid by the Jobcenter. `transfer: {limited_to: null}` without a flat rate:
    # all of it may come from the transfer, at most 5,000.00 EUR a calendar year.
    scn = _checked(funding=[{"id": "jc", "budget": "bund", "covers": {"wages": 1.0},
                             "transfer": {"limited_to": None, "cap_per_year": 5000}}],
                   passive_benefits=BUND_SAVES)
    sp = spells([(0, 0.0, 24.0, EMPLOYED)], 24)
    ledger = build_ledger(scn, sp)
    avoided = avoided_benefits(scn, sp, ledger.cost.shape[-1])
    funding = allocate(scn, ledger, avoided)
    assert funding.cents[:, 0, W, 0].tolist() == [202800] * 24
    moved = transfer_split(scn, funding, avoided)[:, 0, 0]
    # each year: 2,028.00 + 2,028.00 + 944.00 = 5,000.00, then nothing until January
    year = [202800, 202800, 94400] + [0] * 9
    assert moved.tolist() == year + year
    assert moved.sum() == 2 * 500000
    assert (transfer_split(scn, funding, avoided)[:, 1] == 0).all()  # provider b: nobody


def test_a_transfer_without_any_limit_or_ceiling_is_all_of_the_wage_money():
    scn = _checked(funding=[{"id": "jc", "budget": "bund", "covers": {"wages": 0.75},
                             "transfer": {"limited_to": None}},
                            {"id": "rest", "public": False, "covers": "remainder"}],
                   passive_benefits=BUND_SAVES)
    sp = spells([(1, 2.5, 4.0, 0)], 6)  # provider b, half of March and all of April
    ledger = build_ledger(scn, sp)
    avoided = avoided_benefits(scn, sp, ledger.cost.shape[-1])
    funding = allocate(scn, ledger, avoided)
    # 0.75 x 1,014.00 = 760.50; 0.75 x 2,028.00 = 1,521.00; the remainder's money is no
    # transfer (it has no transfer block)
    moved = transfer_split(scn, funding, avoided)
    assert moved[:6, 1, 0].tolist() == [0, 0, 76050, 152100, 0, 0]
    assert moved[..., 1].sum() == 0


def test_a_transfer_needs_benefits_its_budget_avoids_whatever_its_limit():
    """Without benefits avoided by its budget a transfer has nothing to come from:
    ``limited_to: null`` (all of the wage money) is refused as ``{}`` is, for a public
    funder of a budget that saves nothing and for the providers' own money alike."""
    from finsim.scenario import ScenarioError

    for funder in ({"id": "jc", "budget": "jc", "covers": {"wages": 1.0}},
                   {"id": "emp", "public": False, "covers": "remainder"}):
        for transfer in ({}, {"limited_to": None}):
            with pytest.raises(ScenarioError) as err:
                _checked(funding=[{**funder, "transfer": transfer}],
                         passive_benefits=BUND_SAVES)
            budget = funder.get("budget", "provider")
            assert [str(p).split(": ", 1)[1] for p in err.value.problems] == [
                f"funding.{funder['id']}.budget: budget '{budget}' avoids no benefits, so "
                "nothing can be transferred; payers: bund"]


def test_a_dated_rule_set_that_starts_after_the_horizon_never_applies():
    # 2029-11 .. 2030-02: the rule set of 2031-01 is never in force; the one before it
    # holds to the horizon's end, half a cent rounding up in every month
    led = hand_ledger({(m, 0, MAT, 0): 1000.01 for m in range(4)}, 4, providers=1,
                      start="2029-11")
    cents = funded([{"id": "esf", "covers": {"2029-01": {"material": 0.5},
                                              "2031-01": {"material": 1.0}}}], led)
    assert cents[:, 0, MAT, 0].tolist() == [50001] * 4
    assert cents[:, 0, MAT, 1].tolist() == [50000] * 4


def test_a_rule_set_cut_off_by_until_leaves_its_months_to_the_remainder():
    # the 2030-01 rule set starts after `until: 2029-12`: in force in no month at all
    led = hand_ledger({(m, 0, W, 0): 300.0 for m in range(4)}, 4, providers=1,
                      start="2029-11")
    cents = funded([{"id": "esf", "until": "2029-12",
                     "covers": {"2029-01": {"wages": 1 / 3}, "2030-01": {"wages": 1.0}}},
                    {"id": "provider", "public": False, "covers": "remainder"}], led)
    assert cents[:, 0, W, 0].tolist() == [10000, 10000, 0, 0]
    assert cents[:, 0, W, 1].tolist() == [20000, 20000, 30000, 30000]
    assert cents[:, 0, W, 2].tolist() == [0] * 4


def test_dated_pieces_round_cumulatively_with_the_funders_before_them():
    # two funders of a third each, the second dated: each month 100.00 EUR is split
    # 33.33 / 33.34 / 33.33 by cumulative rounding (33.333.. -> 33.33, 66.666.. -> 66.67),
    # so the three parts add up to the cost with no rounding gap
    led = hand_ledger({(m, 0, W, 0): 100.0 for m in range(2)}, 2, providers=1,
                      start="2029-12")
    cents = funded([{"id": "jc", "covers": {"wages": 1 / 3}},
                    {"id": "esf", "covers": {"2029-01": {"wages": 1 / 3}}},
                    {"id": "land", "covers": {"wages": 1 / 3}}], led)
    assert cents[:, 0, W].tolist() == [[3333, 3334, 3333, 0]] * 2


def test_an_advance_of_a_funder_that_pays_nothing_is_not_paid():
    # the funder's amounts are all zero (no cost it covers): no advance goes out and
    # nothing comes back at the final statement
    assert split_advance(250000, np.array([0, 0, 0])).tolist() == [0, 0, 0]
    amount = np.zeros((4, 2, 1), dtype=np.int64)
    cost = np.full((4, 2), 10000, dtype=np.int64)
    terms = Payment(every="quarter", timing="arrears", advance=2500, final_after_months=2)
    flow = cash_flow(amount, cost, [terms], start_month=1)
    assert (flow.inflow == 0).all()
    assert flow.balance[-1].tolist() == [-40000, -40000]  # minus the gap: all of the cost


def test_an_advance_split_among_providers_adds_up_to_the_cent():
    # 1,000.00 EUR split 1 : 1 : 1 by cumulative rounding: 333.33, 333.34, 333.33
    assert split_advance(100000, np.array([5, 5, 5])).tolist() == [33333, 33334, 33333]
    # a provider the funder pays nothing gets no part of the advance
    assert split_advance(100001, np.array([0, 7, 0, 3])).tolist() == [0, 70001, 0, 30000]


def test_a_negative_amount_is_named_even_when_the_cell_adds_up():
    # a funder's -1 cent and the gap's +1 cent: funders + gap still equal the cost
    led = hand_ledger({(0, 0, W, 0): 100.0, (1, 1, MAT, 0): 50.0}, 2)
    scn = _checked(funding=[{"id": "jc", "covers": {"wages": 0.5, "material": 0.5}}],
                   period={"start": "2013-01", "months": 2})
    result = allocate(scn, led)
    check_money_conserved(led, result)
    broken = result.cents.copy()
    broken[1, 1, MAT, 0] -= 2501  # 25.00 -> -0.01
    broken[1, 1, MAT, 1] += 2501
    with pytest.raises(InvariantError, match=r"negative amount in month 2013-02, provider b, "
                                             r"category material for 'jc': -0.01 EUR"):
        check_money_conserved(led, dataclasses.replace(result, cents=broken))


def test_funding_cost_in_eur_is_the_rounded_cost():
    led = hand_ledger({(0, 0, W, 0): 1000.005, (0, 1, W, 0): WAGE_MONTH}, 1)
    result = allocate(_checked(funding=[], period={"start": "2013-01", "months": 1}), led)
    assert result.cost[0, :, W].tolist() == [1000.01, 2028.0]
    assert result.cost_cents[0, :, W].tolist() == [100001, 202800]


def test_booked_costs_keep_the_ledgers_split_by_tenure_year():
    """A booked cell replaces the ledger's cost and keeps its split by tenure year (what a
    §16i share by year of employment is taken of); where the ledger has nothing, all of
    it is in year one; a cell not booked (NaN) keeps the ledger's cost."""
    cost = np.zeros((2, 1, len(CATEGORIES), 2))
    cost[0, 0, W] = [300.0, 100.0]  # 3 : 1 between years one and two
    cost[1, 0, W] = [500.0, 0.0]
    cost[1, 0, MAT] = [40.0, 0.0]
    booked = np.full((2, 1, len(CATEGORIES)), np.nan)
    booked[0, 0, W] = 800.0  # more than the ledger's 400: split 600 / 200
    booked[0, 0, MAT] = 50.0  # the ledger has no material then: all in year one
    booked[1, 0, W] = 0.0  # booked as nothing: nothing in either year
    out = with_booked(cost, booked)
    assert out[0, 0, W].tolist() == [600.0, 200.0]
    assert out[0, 0, MAT].tolist() == [50.0, 0.0]
    assert out[1, 0, W].tolist() == [0.0, 0.0]
    assert out[1, 0, MAT].tolist() == [40.0, 0.0]  # not booked: the ledger's
    others = [c for c in range(len(CATEGORIES)) if c not in (W, MAT)]
    assert (out[:, :, others] == 0).all()
    assert cost[0, 0, W].tolist() == [300.0, 100.0]  # the ledger's own array unchanged

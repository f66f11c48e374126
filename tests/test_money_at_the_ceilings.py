"""Money stays exact at the scenario format's ceilings: ledger cells and caps up to
``MAX_AMOUNT_EUR``, horizons up to ``MAX_MONTHS``. Funding works in int64 cents, so
"funders + gap == cost" holds to the cent however large the amounts, and sums over
replications are integer sums."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsim.funding import allocate, check_money_conserved
from finsim.ledger import build_ledger
from finsim.ledger.cents import to_cents
from finsim.scenario.limits import MAX_AMOUNT_EUR, MAX_MONTHS
from finsim.scenario.model import CATEGORIES
from tests.test_ledger_support import scenario, spells

cents = st.integers(0, int(MAX_AMOUNT_EUR * 100))
share = st.floats(0, 1, allow_nan=False)
big = st.one_of(st.just(0.0), st.integers(0, int(MAX_AMOUNT_EUR)).map(float),
                st.floats(0, MAX_AMOUNT_EUR, allow_nan=False))


@st.composite
def case(draw: st.DrawFn):
    """A hand-made ledger (whole cents per cell, up to the ceiling) and up to three
    funders with shares summing to at most 1, caps up to the ceiling, and a remainder."""
    months = draw(st.sampled_from([1, 2, 13, MAX_MONTHS]))
    n = draw(st.integers(1, 3))
    weights = draw(st.lists(share, min_size=n, max_size=n))
    funders = []
    for i, w in enumerate(weights):
        category = draw(st.sampled_from([*CATEGORIES, "total"]))
        caps = {k: draw(big) for k in draw(st.lists(st.sampled_from(
            ["cap_per_person_month", "cap_per_year", "cap_total"]), unique=True, max_size=3))}
        funders.append({"id": f"f{i}", "covers": {category: w / n}, **caps})
    if draw(st.booleans()):
        funders.append({"id": "rest", "covers": "remainder"})
    scn = scenario(period={"start": "2013-01", "months": months}, funding=funders)
    led = build_ledger(scn, spells([], months))
    cost = np.zeros_like(led.cost)
    cells = draw(st.lists(st.tuples(st.integers(0, months - 1), st.integers(0, 1),
                                    st.integers(0, len(CATEGORIES) - 1), cents),
                          min_size=1, max_size=12))
    for m, p, c, amount in cells:
        cost[m, p, c, 0] = amount / 100
    occupied = np.full(led.participant_months.shape, draw(st.floats(0, 10)))
    return scn, dataclasses.replace(led, cost=cost, participant_months=occupied)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case())
def test_money_is_exact_at_the_ceilings(drawn) -> None:
    scn, led = drawn
    funding = allocate(scn, led)
    check_money_conserved(led, funding)  # integers: funders + gap == cost in every cell
    assert funding.cents.dtype == np.int64 and (funding.cents >= 0).all()
    assert (funding.cents.sum(axis=-1) == to_cents(led.by_category)).all()
    for i, funder in enumerate(scn.funding):
        if funder.cap_total is not None:
            assert funding.cents[..., i].sum() <= round(funder.cap_total * 100)


def test_sums_over_replications_are_integer_cents(small) -> None:
    """The ledger summed over replications is the exact integer sum of each
    replication's cents, and the ledger table divides once."""
    from finsim.montecarlo import RunSpec, run
    from finsim.program import compile_program
    from finsim.replication import replicate
    from finsim.report.tables import ledger_pairs, ledger_table

    result = run(RunSpec(small, 3, 4, uncertainty=False), jobs=1)
    program = compile_program(small)
    each = [replicate(program, np.random.SeedSequence(4, spawn_key=(0, i))).ledger
            for i in range(3)]
    assert result.aggregate.ledger.dtype == np.int64
    assert (result.aggregate.ledger == sum(each)).all()
    amounts = ledger_table(result)["amount"].to_numpy()
    assert np.array_equal(amounts, (sum(each) / 300)[..., ledger_pairs(result)].reshape(-1))


def test_a_half_cent_rounds_up_though_floats_miss_it():
    """The rule is half a cent up: 0.95 x 2,044.90 = 1,942.655 and a material price of
    1.005 are held as 1,942.6549999... and 1.00499999... in floats, and rounded down."""
    assert 1.005 * 100.0 < 100.5  # what floats make of it
    assert to_cents(np.array([0.95 * 2044.90, 1.005, 0.125, 1942.654, 0.0])).tolist() == [
        194266, 101, 13, 194265, 0]

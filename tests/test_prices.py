"""One price model (issue 14.2): every money value moves with the same index, to the cent.

Worked by hand below: a plain number (the hourly wage, material per slot-month), a
schedule (management cost) and a module cost, all uprated by the index
``{2027: 1.02, 2028: 1.05}`` with base year 2026.
"""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from finsim.ledger import build_ledger
from finsim.ledger.build import compile_costs
from finsim.scenario.model import CATEGORIES
from finsim.scenario.schedule import Month, index_ratio, indexed
from tests.test_ledger_support import EMPLOYED, scenario, spells

W, S, M, Q = range(4)
INDEX = {2027: 1.02, 2028: 1.05}


def cents(x) -> list[int]:
    return np.round(np.asarray(x) * 100).astype(np.int64).tolist()


def priced(**prices):
    # 2026-12 .. 2028-01: one month of each year at the edges
    return scenario(
        period={"start": "2026-12", "months": 14},
        costs={"staff": {"management_cost_per_year": {"2026-01": 12000}},
               "material": {"per_slot_month": 50},
               "qualification": [{"id": "assess", "cost": 450, "month": 0}]},
        prices=prices)


def test_a_number_a_schedule_and_a_module_cost_move_with_the_same_index():
    scn = priced(base_year=2026, wages=INDEX, staff=INDEX, material=INDEX,
                 qualification=INDEX)
    rows = [(0, 0.0, 14.0, EMPLOYED), (0, 1.0, 14.0, EMPLOYED), (1, 13.0, 14.0, EMPLOYED)]
    led = build_ledger(scn, spells(rows, 14, modules=[[True]] * 3))
    # wages, plain 10 EUR/h in 2026 prices: 2028.00 (2026), x 1.02 = 2068.56 (2027),
    # x 1.05 = 2129.40 (2028); provider a has one person in 2026-12, two afterwards
    wages = led.cost[:, :, W, :].sum(axis=-1)
    assert cents(wages[[0, 1, 13], 0]) == [202800, 2 * 206856, 2 * 212940]
    assert cents(wages[13, 1]) == 212940
    # management, a schedule whose last key is 2026: 1,000 a month in 2026; 1,020 in
    # 2027 (x 1.02 / 1); 1,050 in 2028 (x 1.05 / 1)
    assert cents(led.cost[[0, 1, 13], 0, S, 0]) == [100000, 102000, 105000]
    # material, plain 50 per slot-month, 10 slots: 500.00, 510.00, 525.00
    assert cents(led.cost[[0, 1, 13], 0, M, 0]) == [50000, 51000, 52500]
    # the module (450 in 2026 prices) charged at entry: 2026-12: 450.00; 2027-01:
    # 459.00; 2028-01: 472.50
    assert cents(led.cost[[0, 1], 0, Q, 0]) == [45000, 45900]
    assert cents(led.cost[13, 1, Q, 0]) == 47250


def test_a_yearly_rate_from_an_earlier_base_year():
    scn = priced(base_year=2025, wages=0.03)
    led = build_ledger(scn, spells([(0, 0.0, 14.0, EMPLOYED)], 14, modules=[[False]]))
    # 10 EUR/h in 2025 prices: 2028 x 1.03 = 2088.84 in 2026, x 1.03^2 = 2151.5052 in 2027
    assert cents(led.cost[0, 0, W, 0]) == 208884
    assert led.cost[1, 0, W, 0] == pytest.approx(2151.5052)


def test_a_kind_in_prices_replaces_its_annual_increase():
    scn = priced(wages=0.0)
    scn = scn.model_copy(update={"costs": scn.costs.model_copy(update={
        "wages": scn.costs.wages.model_copy(update={"annual_increase": 0.5})})})
    led = build_ledger(scn, spells([(0, 0.0, 14.0, EMPLOYED)], 14, modules=[[False]]))
    assert cents(led.cost[[0, 1, 13], 0, W, :].sum(axis=-1)) == [202800] * 3


def test_without_prices_nothing_changes():
    scn = priced()
    program = compile_costs(scn)
    rates = dict(zip(CATEGORIES, program.rates, strict=True))
    assert rates["qualification"].index is None
    assert cents(rates["material"][:, 0]) == [5000] * 14


def test_index_ratio_and_indexed_by_hand():
    years = np.array([2025, 2026, 2027, 2028, 2029])
    assert index_ratio(INDEX, years, 2026).tolist() == [1.0, 1.0, 1.02, 1.05, 1.05]
    assert index_ratio(INDEX, years, 2027) == pytest.approx([1 / 1.02, 1 / 1.02, 1, 1.05 / 1.02,
                                                             1.05 / 1.02])
    start = Month(2026, 12)
    assert indexed({"2027-01": 100.0}, INDEX, 2026, start, 14).tolist() == (
        [100.0] * 13 + [pytest.approx(100 * 1.05 / 1.02)])


@pytest.mark.parametrize("bad, message", [
    ({"wages": {"x": 1.0}}, "is not a year"),
    ({"staff": {2027: 0}}, "expected an index factor above 0 and at most 100"),
    ({"material": 2.0}, "expected a yearly rate"),
])
def test_bad_price_indices_are_refused_in_one_line(bad, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace("]", r"\]")):
        priced(**bad)


def test_a_scenario_with_prices_runs_and_costs_more_than_without():
    from pathlib import Path

    import yaml

    from finsim.montecarlo import RunSpec, run
    from finsim.scenario import scenario_from_dict

    small = yaml.safe_load((Path(__file__).parent / "fixtures" / "small.yaml").read_text())
    plain = scenario_from_dict(small)
    dearer = scenario_from_dict({**small, "prices": {"material": 0.10, "qualification": 0.10}})
    a, b = (run(RunSpec(s, 3, 7), jobs=1) for s in (plain, dearer))
    assert np.array_equal(a.metric("cost_wages"), b.metric("cost_wages"))
    # material: 2013 at the stated rate, 2014 at 1.1 times it
    assert b.metric("cost_material").mean() > a.metric("cost_material").mean()


def test_a_childs_index_by_year_replaces_the_bases_whole(tmp_path):
    """A ``base:`` child's ``{2027: 1.10}`` holds in 2028 too (the last stated year), not
    the base's 1.05 for 2028 merged in under it."""
    import yaml

    from finsim.scenario import load_scenario, resolved_data

    base = resolved_data(priced(base_year=2026, material=INDEX))
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base))
    (tmp_path / "child.yaml").write_text(
        "base: base.yaml\nname: child\nprices: {material: {2027: 1.10}}\n")
    scn = load_scenario(tmp_path / "child.yaml")
    led = build_ledger(scn, spells([(0, 0.0, 14.0, EMPLOYED)], 14, modules=[[False]]))
    # material 50 per slot-month, 10 slots: 500.00 in 2026-12; 550.00 in 2027 and 2028
    assert cents(led.cost[[0, 1, 12, 13], 0, M, 0]) == [50000, 55000, 55000, 55000]

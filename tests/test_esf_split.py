"""The 2026 files book the Land NRW grant to two budgets: the Land's own part (`land_esf`,
budget `land`) and the EU's ESF+ part (`esf`, budget `eu`, 40 % [E]), which together pay
what the one funder of the 2013 seed's reading paid, to the cent in every cell."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from finsim import simulation
from finsim.funding import Funding, allocate
from finsim.funding.benefits import avoided_benefits
from finsim.ledger import build_ledger
from finsim.scenario import load_scenario, scenario_from_dict
from finsim.scenario.load import reloadable_data
from finsim.scenario.model import CATEGORIES, Scenario

SCENARIOS = Path(__file__).parent.parent / "scenarios"
# The one funder's shares before the split (the Land and ESF+ together).
JOINED = {
    "aktiv-statt-passiv-2026-minimum-wage.yaml": {"staff": 1.0, "material": 1.0,
                                                  "qualification": 1.0},
    "aktiv-statt-passiv-2026-16i.yaml": {"staff": 0.5, "material": 1.0, "qualification": 1.0},
    "aktiv-statt-passiv-2026-16i-pat.yaml": {"staff": 0.5, "material": 1.0,
                                             "qualification": 1.0},
    "aktiv-statt-passiv-2026-16i-tariff.yaml": {"staff": 0.5, "material": 1.0,
                                                "qualification": 1.0},
}


def funding_of(scn: Scenario, seed: int) -> Funding:
    """One replication's funding (the draws of ``seed``)."""
    spells = simulation.simulate(scn, np.random.SeedSequence(seed))
    led = build_ledger(scn, spells)
    return allocate(scn, led, avoided_benefits(scn, spells, led.cost.shape[-1]))


@pytest.mark.parametrize("name", sorted(JOINED))
def test_the_two_parts_pay_the_one_funders_cents_in_every_cell(name: str) -> None:
    scn = load_scenario(SCENARIOS / name)
    land, esf = (next(f for f in scn.funding if f.id == i) for i in ("land_esf", "esf"))
    assert (land.budget_id, esf.budget_id) == ("land", "eu")
    assert land.until == esf.until and str(esf.until) == "2029-12"
    assert land.payment == esf.payment
    for category, share in JOINED[name].items():
        assert land.covers[category] + esf.covers[category] == pytest.approx(share, abs=1e-12)
        assert esf.covers[category] == pytest.approx(0.4 * share, abs=1e-12)
    data = reloadable_data(scn)
    data["funding"] = [({**f, "covers": JOINED[name]} if f["id"] == "land_esf" else f)
                       for f in data["funding"] if f["id"] != "esf"]
    data["uncertainty"].pop("funding.esf.payment.lag_months")
    one = scenario_from_dict(data)
    for seed in (1, 2):
        split, before = funding_of(scn, seed), funding_of(one, seed)
        cents = dict(zip(split.funder_ids, np.moveaxis(split.cents, -1, 0), strict=True))
        old = dict(zip(before.funder_ids, np.moveaxis(before.cents, -1, 0), strict=True))
        np.testing.assert_array_equal(cents.pop("land_esf") + cents.pop("esf"),
                                      old.pop("land_esf"))
        assert cents.keys() == old.keys()
        for fid, amounts in cents.items():
            np.testing.assert_array_equal(amounts, old[fid], err_msg=fid)


@pytest.mark.parametrize("name", ["aktiv-statt-passiv-2026-minimum-wage.yaml",
                                  "aktiv-statt-passiv-2026-16i.yaml"])
def test_material_of_24_slots_is_936_land_and_624_eu(name: str) -> None:
    """The first provider's 24 slots at 65.00 a slot-month in 2026-01: 1,560.00, of which
    the Land pays 60 % and ESF+ 40 %, in both files (the §16i file splits staff 0.3/0.2)."""
    scn = load_scenario(SCENARIOS / name)
    fund = funding_of(scn, 1)
    material = CATEGORIES.index("material")
    cell = {fid: int(fund.cents[0, 0, material, i]) for i, fid in enumerate(fund.funder_ids)}
    assert (cell["land_esf"], cell["esf"], cell["gap"]) == (93_600, 62_400, 0)

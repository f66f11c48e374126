"""End to end with the real simulation: the small fixture's ledger, funding and metrics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from finsim import simulation
from finsim.funding import (
    allocate,
    check_money_conserved,
    money_metrics,
    money_metrics_by_provider,
    passive_benefits_avoided,
)
from finsim.ledger import build_ledger
from finsim.scenario.model import Scenario


def test_small_fixture_end_to_end() -> None:
    path = Path(__file__).parent / "fixtures" / "small.yaml"
    scn = Scenario.model_validate(yaml.safe_load(path.read_text()))
    spells = simulation.simulate(scn, np.random.SeedSequence(7))
    led = build_ledger(scn, spells)
    fund = allocate(scn, led)
    check_money_conserved(led, fund)
    assert np.allclose(led.available_slot_months, spells.slots)
    assert np.all(led.participant_months <= spells.slots + 1e-9)
    flow = simulation.flow_metrics(spells)
    benefits = passive_benefits_avoided(scn, spells, led)
    m = money_metrics(scn, led, fund, benefits, flow)
    parts = sum(m[f"funding_{f}"] for f in scn.funder_ids) + m["funding_gap"]
    assert parts == pytest.approx(m["cost_total"], abs=0.005)
    assert m["passive_benefits_avoided"] == pytest.approx(
        m["passive_benefits_avoided_federal"] + m["passive_benefits_avoided_city"])
    by = money_metrics_by_provider(scn, led, fund, benefits, simulation.provider_metrics(spells))
    assert sum(v["cost_total"] for v in by.values()) == pytest.approx(m["cost_total"])
    entries = simulation.provider_metrics(spells)["entries"]
    assert by["alpha"]["cost_per_entry"] == pytest.approx(by["alpha"]["cost_total"] / entries[0])

"""Today's results, byte for byte: a refactor must not move a single cent or count.

The checksums are of every CSV of the results folder, for the seed scenario, every
alternative in ``scenarios/`` and a variant of the small test scenario that draws every
uncertainty family (so the draws are pinned too), each run with few replications. Change
a checksum only when a deliberate change of numbers lands, and say why in the commit and
in ``CHANGES`` below.

Print the checksums of the current code with ``python -m tests.test_results_unchanged``.

CHANGES (why a checksum moved):
- recorded at 6af0f95, before the compiled program replaced per-replication validation;
  the compiled program reproduced them byte for byte.
- bd508fb (benefits avoided by household type and payer) changes the float sums of the
  benefits avoided: re-recorded from main at f2196c5, where the compiled program gives
  the same bytes.
- 4be8ab1 (running programs) and 7392345 (cash-flow metrics in every replication) add
  metrics and columns: re-recorded from main at 076c75c, same bytes as the compiled program.
- 6a786de (size keeps a program going) and 8477452 (seed payment terms, drawn lag): re-recorded
  from main at 8477452, same bytes as the compiled program.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from finsim.montecarlo import RunSpec, run
from finsim.report import tables
from finsim.scenario import load_scenario, scenario_from_dict
from finsim.scenario.paths import deep_merge

ROOT = Path(__file__).parent.parent
REPLICATIONS = 12
TABLES = {
    "summary": tables.summary_table,
    "providers": tables.providers_table,
    "flows": tables.flows_table,
    "ledger": tables.ledger_table,
    "replications": tables.replications_table,
    "structure": tables.structure_table,
}
EVERY_FAMILY = {
    "uncertainty": {
        "employment.hazards.placement": {"dist": "pert", "low": 0.005, "mode": 0.01,
                                         "high": 0.02},
        "employment.hazards.dropout": {"dist": "normal", "mean": 0.012, "sd": 0.001},
        "costs.staff.coach_cost_per_year": {"dist": "lognormal", "median": 55000,
                                            "sigma": 0.05},
        "participants.referrals_per_month": {"dist": "uniform", "low": 0.9, "high": 1.1,
                                             "scale": True},
        "providers.beta.costs.material.per_slot_month": {"dist": "triangular", "low": 70,
                                                         "mode": 80, "high": 95},
    }
}


def checksums(scn) -> dict[str, str]:
    result = run(RunSpec(scn, REPLICATIONS, scn.simulation.seed), jobs=1)
    return {name: hashlib.sha256(make(result).to_csv(index=False).encode()).hexdigest()[:16]
            for name, make in TABLES.items()}


def every_family():
    small = yaml.safe_load((ROOT / "tests" / "fixtures" / "small.yaml").read_text())
    return scenario_from_dict(deep_merge(small, EVERY_FAMILY))


EXPECTED: dict[str, dict[str, str]] = {
    "aktiv-statt-passiv-2013-better-coaching": {
        "summary": "80163d52bc40deb7",
        "providers": "49b0854da0962958",
        "flows": "cb10581917b84f81",
        "ledger": "cd969e9084382129",
        "replications": "cebbac43487a2199",
        "structure": "497f6ec545407244",
    },
    "aktiv-statt-passiv-2013-double-slots": {
        "summary": "9ecc2e208792a0de",
        "providers": "d3eb15eda7dcf107",
        "flows": "49af9b26ce03ede9",
        "ledger": "3072f4c3bffaeb8f",
        "replications": "70b5b530934afc25",
        "structure": "37ae5ef672af502f",
    },
    "aktiv-statt-passiv-2013-esf-halved": {
        "summary": "007c040f95f8c16d",
        "providers": "b5cad98c64ca782a",
        "flows": "944cc9583ca9895d",
        "ledger": "5f51ae05656707c4",
        "replications": "fd8f81491499e0fd",
        "structure": "cfaf8b526e20fd83",
    },
    "aktiv-statt-passiv-2013-fixed-shares": {
        "summary": "1e1802b088a96dc7",
        "providers": "05e32a2e2c634c17",
        "flows": "944cc9583ca9895d",
        "ledger": "0b96627533e618e9",
        "replications": "7602035099f5a8ec",
        "structure": "cfaf8b526e20fd83",
    },
    "aktiv-statt-passiv-2013": {
        "summary": "03fadb8e826bb975",
        "providers": "aa3a1018f4eb0fbf",
        "flows": "944cc9583ca9895d",
        "ledger": "c3edf3ac501414d5",
        "replications": "650e3642a02d05a3",
        "structure": "cfaf8b526e20fd83",
    },
    "aktiv-statt-passiv-2026-16i": {
        "summary": "f8a3dd4e22631794",
        "providers": "3c117c081b8c720d",
        "flows": "f205a6dc553a0711",
        "ledger": "627f43c8919b1037",
        "replications": "da088d9cc1c5d43c",
        "structure": "1709040418525437",
    },
    "aktiv-statt-passiv-2026-minimum-wage": {
        "summary": "45d0e10ef1a04d8c",
        "providers": "64b9e1686fee7d5e",
        "flows": "3aa96d9f6f416de3",
        "ledger": "b1179b819a19ed5a",
        "replications": "c8295bbd526b65d1",
        "structure": "cfaf8b526e20fd83",
    },
    "small-every-family": {
        "summary": "a4bf386759466735",
        "providers": "1142348c7ff90091",
        "flows": "7bbfd46590507749",
        "ledger": "25243be41fab005c",
        "replications": "dd3c70de6ef80916",
        "structure": "ab85ae72a3cc6d21",
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_results_are_byte_identical_to_the_recorded_ones(name: str) -> None:
    scn = every_family() if name == "small-every-family" else load_scenario(
        ROOT / "scenarios" / f"{name}.yaml")
    assert checksums(scn) == EXPECTED[name]


def recorded() -> dict[str, dict[str, str]]:
    """The checksums of the current code, for every case of ``EXPECTED``."""
    out = {p.stem: checksums(load_scenario(p)) for p in sorted((ROOT / "scenarios").glob("*.yaml"))}
    return {**out, "small-every-family": checksums(every_family())}


if __name__ == "__main__":
    import pprint

    pprint.pprint(recorded(), width=100, sort_dicts=False)

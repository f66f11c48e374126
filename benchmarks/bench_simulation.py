"""Time finsim's simulation against the bare heapq reference on the same inputs.

Usage: ``python benchmarks/bench_simulation.py [--quick]``. Prints CPU seconds per
replication, replications per second and the ratio finsim / reference for the seed
scenario file (attributes, modules, a referral schedule: what ``check.py``'s ``run``
budget runs), a seed-sized program built in code, a congested variant (the waiting list
works hard) and national scale; if ``finsim.ledger.build_ledger`` exists, also finsim
with the ledger. CPU time (``time.process_time``), the best of rounds that alternate
finsim and the reference, so that both see the same load on a shared machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from heapq_reference import simulate_reference  # noqa: E402

from finsim.scenario.model import Scenario  # noqa: E402
from finsim.simulation import compile_model, simulate  # noqa: E402
from finsim.simulation.compiled import Model  # noqa: E402

SEED_SLOTS = [24, 39, 21, 18, 10, 20, 25, 1, 3]


def scenario(slots: list[int], referrals: float, months: int, initial: Any = 0,
             patience: float = 3.0, refill: float = 0.5) -> Scenario:
    """A bench scenario built in code (no attributes or modules, like the reference)."""
    return Scenario.model_validate({
        "name": "bench",
        "period": {"start": "2013-01", "months": months},
        "participants": {"referrals_per_month": referrals, "patience_months": patience,
                         "initial": initial},
        "employment": {"max_months": 24, "refill_delay_months": refill,
                       "hazards": {"placement": 0.01, "dropout": 0.012}},
        "providers": [{"id": f"p{i}", "slots": s} for i, s in enumerate(slots)],
        "costs": {"wages": {"hourly": 8.62}},
    })


def reference_params(model: Model) -> dict[str, Any]:
    """The plain parameters the reference takes, read off finsim's compiled model."""
    rules = [model.rules[g] for g in model.rule_of]
    return {"rate": model.rate, "slots": model.slots, "patience_mean": model.patience_mean,
            "refill": model.refill, "initial": model.initial,
            "placement": [r.placement for r in rules], "dropout": [r.dropout for r in rules],
            "max_months": [r.max_months for r in rules]}


def per_rep(run: Callable[[int], Any], reps: int) -> float:
    """One round, CPU seconds per replication."""
    start = time.process_time()
    for r in range(reps):
        run(r)
    return (time.process_time() - start) / reps


def best_pair(first: Callable[[int], Any], second: Callable[[int], Any], reps: int,
              rounds: int = 3) -> tuple[float, float]:
    """Best of ``rounds`` for each, the two alternating round by round."""
    a = b = float("inf")
    for _ in range(rounds):
        a = min(a, per_rep(first, reps))
        b = min(b, per_rep(second, reps))
    return a, b


def agreement(model: Model, params: dict[str, Any], reps: int) -> str:
    """Mean entries and slot-months of both, to show they run the same model."""
    sim = [simulate(model, np.random.SeedSequence(r)) for r in range(reps)]
    ref = [simulate_reference(params, r) for r in range(reps)]
    e_sim, e_ref = np.mean([s.n_entrants for s in sim]), np.mean([r["entry"].size for r in ref])
    o_sim = np.mean([np.sum(s.exit - s.entry) for s in sim])
    o_ref = np.mean([np.sum(r["exit"] - r["entry"]) for r in ref])
    return (f"    same model? mean entries {e_sim:.1f} vs {e_ref:.1f}, "
            f"slot-months {o_sim:.0f} vs {o_ref:.0f} ({reps} reps each)")


def ledger_hook() -> Callable[[Scenario, Any], Any] | None:
    try:
        from finsim.ledger import build_ledger
    except ImportError:
        return None
    return build_ledger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer replications")
    args = parser.parse_args()
    small, big = (100, 1) if args.quick else (1000, 3)
    from finsim.scenario import load_scenario

    seed_file = Path(__file__).resolve().parents[1] / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    cases = [
        ("seed file (scenarios/aktiv-statt-passiv-2013.yaml)", load_scenario(seed_file), small),
        ("seed size (9 providers, 161 slots, 24 mo, 7/mo)", scenario(SEED_SLOTS, 7, 24), small),
        ("congested (161 slots, 30/mo, patience 3)", scenario(SEED_SLOTS, 30, 24), small),
        ("national (400 providers, 40,000 slots, 2,000/mo, 60 mo, full)",
         scenario([100] * 400, 2000, 60, initial="full"), big),
    ]
    ledger = ledger_hook()
    print(f"{'case':<64} {'finsim s/rep':>12} {'rep/s':>8} {'heapq s/rep':>12} {'ratio':>6}")
    for name, scn, reps in cases:
        model = compile_model(scn)
        params = reference_params(model)
        t_sim, t_ref = best_pair(lambda r, m=model: simulate(m, np.random.SeedSequence(r)),
                                 lambda r, p=params: simulate_reference(p, r), reps)
        print(f"{name:<64} {t_sim:>12.6f} {1 / t_sim:>8.0f} {t_ref:>12.6f} "
              f"{t_sim / t_ref:>6.2f}")
        if reps >= 100:
            print(agreement(model, params, 400))
        if ledger is not None:
            def with_ledger(r: int, s: Scenario = scn, m: Model = model) -> Any:
                return ledger(s, simulate(m, np.random.SeedSequence(r)))
            try:
                t_led = min(per_rep(with_ledger, reps) for _ in range(3))
            except Exception as err:  # the ledger is another layer's; report, don't fail
                print(f"{'  + ledger':<64} failed: {err!r}")
            else:
                print(f"{'  + ledger':<64} {t_led:>12.6f} {1 / t_led:>8.0f}")


if __name__ == "__main__":
    main()

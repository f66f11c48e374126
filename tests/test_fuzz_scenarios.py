"""Valid but unusual scenarios run, and their results are conserved.

``fuzz_scenarios.scenarios`` edits the seed and the 2026 par. 16i scenario into valid
scenarios at the edges (one provider, no referrals, on_demand, one month, slot schedules
with empty months, caseloads, actual spells, every uncertainty family, dated rules and
caps at the horizon's edges, long payment lags). Each must run through the Python API
without an exception, a numpy warning or an invariant failure; the only refusal allowed
is an impossible draw of an unbounded distribution (a negative hazard from a normal),
which finsim refuses by design. The results must conserve money and people.

CI runs a few dozen derandomized examples per test; a deep local search:
``FINSIM_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_scenarios.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import finsim
from finsim.scenario.errors import ScenarioError
from finsim.scenario.reader import dump

from .fuzz_scenarios import Generated, add, diff, in_force, scenarios

EXAMPLES = int(os.environ.get("FINSIM_FUZZ_EXAMPLES", "16"))
"""Examples of the main test (a few seconds); the others run a fraction."""
ROOT = Path(__file__).parent.parent


SHRINK = os.environ.get("FINSIM_FUZZ_SHRINK") == "1"
"""Shrink a failing example (minutes on a scenario this big); off: the example as drawn."""


def _fuzz(examples: int):
    phases = [Phase.explicit, Phase.reuse, Phase.generate, *([Phase.shrink] if SHRINK else [])]
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _written(gen: Generated, folder: Path) -> Path:
    for name, text in gen.files.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "fuzz.yaml"
    path.write_text(dump(gen.data), encoding="utf-8")  # 1.125 as 1.1250: no thousands point
    return path


def _refusal_allowed(gen: Generated, err: ScenarioError, answers: tuple[str, ...]) -> bool:
    """Only an impossible draw of an unbounded (or wide) distribution may be refused: a
    value out of its range, or slots drawn below the people a caseload puts there. And
    the answers a command gives by refusing (``answers``: files of its problems)."""
    def allowed(p) -> bool:
        drawn = gen.draws_may_fail and (
            p.file == "uncertainty" and "a drawn value is not allowed" in p.message
            or p.file.endswith(".csv") and "slots then" in p.message)
        return drawn or p.file in answers
    return all(map(allowed, err.problems))


def _strict(call, gen: Generated, answers: tuple[str, ...] = ()):
    """``call()`` with every warning an error (numpy's RuntimeWarnings of a division by
    zero, an overflow, an invalid value too, where finsim did not silence them on
    purpose); None for an allowed refusal. finsim's own warnings about a generated
    scenario (``FinsimWarning``, the result's ``warnings``; ``FinsimNote``, its ``notes``)
    are what it is meant to say."""
    with warnings.catch_warnings(), np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=finsim.FinsimWarning)
        warnings.filterwarnings("ignore", category=finsim.FinsimNote)
        try:
            return call()
        except ScenarioError as err:
            if _refusal_allowed(gen, err, answers):
                return None
            raise AssertionError(f"a valid scenario refused:\n{err}\n"
                                 f"{yaml.safe_dump(gen.data, sort_keys=False)}") from None


def check_conserved(run: finsim.Run, gen: Generated) -> None:
    """Money: funders + gap = cost, in every replication and per category of the ledger.
    People: entrants conserved; on_demand loses nobody; nobody beyond the slots."""
    data = gen.data
    reps = run.replications()
    funders = [f["id"] for f in data["funding"]]
    paid = sum(reps[f"funding_{f}"] for f in funders) + reps["funding_gap"]
    assert np.allclose(paid, reps["cost_total"], rtol=0, atol=0.01 * (len(funders) + 1))
    categories = ["wages", "staff", "material", "qualification", "overhead", "one_off"]
    assert np.allclose(sum(reps[f"cost_{c}"] for c in categories), reps["cost_total"],
                       rtol=1e-12, atol=0.01 * len(categories))
    exits = reps["exits_placement"] + reps["exits_dropout"] + reps["exits_max_duration"]
    assert (reps["entries"] == exits + reps["participants_at_end"]).all()
    assert (reps["referrals_lost"] >= 0).all() and (reps["waiting_at_end"] >= 0).all()
    if data["participants"]["referrals_per_month"] == "on_demand":
        assert (reps["referrals_lost"] == 0).all() and (reps["waiting_at_end"] == 0).all()
    ledger = run.ledger()
    by_category = ledger.groupby("category", observed=True)["amount"].sum()
    for c, amount in by_category.items():
        assert amount == pytest.approx(reps[f"cost_{c}"].mean(),
                                       abs=0.005 * len(ledger) + 0.01)
    assert (ledger["amount"] >= 0).all()
    _check_slots(run, gen)


def _check_slots(run: finsim.Run, gen: Generated) -> None:
    """Mean participants of each provider and month at most the most slots it has had."""
    data = gen.data
    flows = run.flows()
    start = data["period"]["start"]
    first = data["period"].get("simulate_from", start)
    uncertain = {p.split(".")[1] for p in data.get("uncertainty", {})
                 if p.startswith("providers.")}
    for p in data["providers"]:
        if p["id"] in uncertain:
            continue
        rows = flows[flows["provider"] == p["id"]]
        slots = p["slots"]
        keys = sorted(slots) if isinstance(slots, dict) else []
        for month, held in zip(rows["month"].astype(str), rows["participants"], strict=True):
            most = max([in_force(slots, first)] + [slots[k] for k in keys if k <= month])
            assert held <= most + 1e-9, (p["id"], month, held, most)


@_fuzz(EXAMPLES)
@given(scenarios())
def test_generated_scenarios_run_and_conserve(gen: Generated) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _written(gen, Path(folder))
        run = _strict(lambda: finsim.run(path, replications=2, jobs=1), gen)
        if run is not None:
            check_conserved(run, gen)
            assert run.result.aggregate.count == 2
            summary = run.summary()
            assert np.isfinite(summary.loc[summary["metric"] == "cost_total", "mean"]).all()


@_fuzz(max(EXAMPLES // 4, 4))
@given(scenarios(long_horizons=False), st.sampled_from([
    {"employment.hazards.placement": 0.02}, {"participants.patience_months": 0.0},
    {"employment.refill_delay_months": 0.0}, {"costs.material.per_slot_month": 0.0}]))
def test_compare_generated(gen: Generated, overrides: dict) -> None:
    """BASE against itself with a change, on common random numbers: the same scenario
    compares to a delta of 0."""
    with tempfile.TemporaryDirectory() as folder:
        path = _written(gen, Path(folder))
        other = _written_as(gen, Path(folder), "other.yaml", overrides)
        result = _strict(lambda: finsim.compare(path, path, other, replications=2, jobs=1),
                         gen)
        if result is None:
            return
        same = result.runs[list(result.runs)[1]]
        base = result.runs[list(result.runs)[0]]
        assert (same.replications()["cost_total"].to_numpy()
                == base.replications()["cost_total"].to_numpy()).all()
        for r in result.runs.values():
            check_conserved(r, gen)


def _written_as(gen: Generated, folder: Path, name: str, overrides: dict) -> Path:
    data = yaml.safe_load(yaml.safe_dump(gen.data))
    for dotted, value in overrides.items():
        node = data
        *parents, last = dotted.split(".")
        for key in parents:
            node = node[key]
        node[last] = value
    path = folder / name
    path.write_text(dump(data), encoding="utf-8")
    return path


@_fuzz(max(EXAMPLES // 4, 4))
@given(scenarios(long_horizons=False), st.sampled_from([
    ("employment.hazards.placement", 0.0, 0.3), ("costs.wages.hourly", 0.5, 2.0),
    ("participants.patience_months", 0.0, 12.0), ("employment.max_months", 0.5, 60.0)]),
    st.sampled_from(["oat", "morris"]))
def test_sensitivity_generated(gen: Generated, param: tuple, method: str) -> None:
    path_, low, high = param
    scaled = ["costs.wages.hourly"] if path_ == "costs.wages.hourly" else []
    with tempfile.TemporaryDirectory() as folder:
        path = _written(gen, Path(folder))
        result = _strict(lambda: finsim.sensitivity(
            path, {path_: (low, high)}, scaled=scaled, method=method, metrics=["cost_total"],
            replications=1, samples=2 if method == "morris" else None, jobs=1), gen)
        if result is not None:
            assert len(result.summary()) > 0


@_fuzz(max(EXAMPLES // 4, 4))
@given(scenarios(long_horizons=False), st.sampled_from([0.5, 0.9]),
       st.sampled_from([0, 1, 12, 13]), st.integers(1, 30))
def test_size_generated(gen: Generated, confidence: float, shift: int, months: int) -> None:
    """A plan for a period at or after the scenario's start, with a cap on a public
    funder: the slots found keep it, or the refusal says the cap cannot be kept (or
    there are no slots to scale); never a crash."""
    start = add(gen.data["period"]["start"], shift)
    funders = [f["id"] for f in gen.data["funding"] if f.get("public", True)]
    caps = {funders[0]: 1e5} if funders else None
    with tempfile.TemporaryDirectory() as folder:
        path = _written(gen, Path(folder))
        result = _strict(lambda: finsim.size(path, start=start, months=months, caps=caps,
                                             confidence=confidence, replications=2,
                                             max_slots=12 if caps else None, jobs=1), gen,
                         answers=("finsim.size: caps", "finsim.size: max_slots", "providers",
                                  *(["finsim.size: start"] if "actuals" in gen.data else [])))
        if result is None:
            return
        plan = result.summary()
        assert len(plan) > 0
        assert diff(start, result.run.scenario.period.start) == 0


def _cli(command: str, path: Path, folder: Path, gen: Generated) -> list[str]:
    """The command line of ``command`` on a generated scenario, small counts."""
    out = ["--out", str(folder / "out"), "-n", "2", "-j", "1", "-q"]
    if command == "run":
        return ["run", str(path), *out]
    if command == "compare":
        return ["compare", str(path), str(path), *out]
    if command == "sensitivity":
        return ["sensitivity", str(path), "--param", "employment.hazards.placement=0:0.3",
                "--metric", "cost_total", *out]
    start = gen.data["period"]["start"]
    return ["size", str(path), "--start", add(start, 1), "--months", "12",
            "--confidence", "0.9", *out]


@pytest.mark.parametrize("command", ["run", "compare", "sensitivity", "size"])
@_fuzz(max(EXAMPLES // 16, 1))
@given(gen=scenarios(long_horizons=False))
def test_cli_runs_generated(gen: Generated, command: str) -> None:
    """The real command line: exit 0 (or 2 with one line per problem for an allowed
    refusal), never a traceback."""
    with tempfile.TemporaryDirectory() as folder:
        path = _written(gen, Path(folder))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-m", "finsim",
                               *_cli(command, path, Path(folder), gen)],
                              capture_output=True, text=True, env=env, timeout=300,
                              check=False)
        assert "Traceback" not in done.stderr, done.stderr
        lines = done.stderr.splitlines()
        refusal = done.returncode == 2 and lines and all(
            gen.draws_may_fail and ("a drawn value is not allowed" in line
                                    or "slots then" in line)
            or command == "size" and "actuals" in gen.data and line.startswith("--start:")
            for line in lines)
        assert done.returncode == 0 or refusal, (command, done.returncode, done.stderr)
        if done.returncode == 0:
            assert any((Path(folder) / "out").iterdir())

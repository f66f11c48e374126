"""What the scenario fuzzing (test_fuzz_scenarios.py) found, each pinned by values.

- Uncertain slots (``providers.<id>.slots`` in ``uncertainty``) never ran: a continuous
  family never draws a whole number, so the first replication stopped with "a drawn
  value is not allowed: slots: expected a whole number". Now the value is rounded half
  up, as a sensitivity point already was.
- Slots drawn below a starting caseload's people stopped the run with the caseload
  file's line ("3 people at werkhof in 2013-01, which has 0 slots then"), although the
  file fits the scenario's slots. Now nobody is dismissed, as when a slot schedule
  drops: the people stay until they leave, and nobody enters until a slot is free.
- ``size --start`` on a re-forecast (``actuals``) planned a period without its
  ``as_of`` and was refused under ``--as-of``, an option the user never gave.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml

import finsim
from finsim.scenario.errors import ScenarioError

ROOT = Path(__file__).parent.parent
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
MATERIAL = 49.43
"""The seed's material cost per available slot-month (no price index): 24 months."""


def _scenario(tmp_path: Path, extra: dict, files: dict[str, str] | None = None) -> Path:
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"base": str(SEED), "name": "fuzz found", **extra}),
                    encoding="utf-8")
    return path


def test_uncertain_slots_run_with_whole_draws(tmp_path: Path) -> None:
    """cjd's 39 slots drawn uniform in [30, 45]: every replication runs with a whole
    number, recorded as the value it ran with; the material cost is 49.43 x 24 months x
    (161 - 39 + drawn) to the cent, the slots the replication really had."""
    path = _scenario(tmp_path, {"uncertainty": {
        "providers.cjd.slots": {"dist": "uniform", "low": 30, "high": 45}}})
    run = finsim.run(path, replications=12, seed=5, jobs=1)
    reps = run.replications()
    drawn = reps["providers.cjd.slots"].to_numpy()
    assert (drawn == np.round(drawn)).all() and drawn.min() >= 30 and drawn.max() <= 45
    assert len(set(drawn)) > 3
    expected = np.round(MATERIAL * 24 * (161 - 39 + drawn), 2)
    assert reps["cost_material"].round(2).tolist() == expected.tolist()


def test_scaled_slots_are_rounded_half_up(tmp_path: Path) -> None:
    """caritas's 24 slots times a factor in [0.8, 1.2]: round(24 x f) half up slots
    (the factor is what the replication records)."""
    path = _scenario(tmp_path, {"uncertainty": {"providers.caritas.slots": {
        "dist": "triangular", "low": 0.8, "mode": 1.0, "high": 1.2, "scale": True}}})
    reps = finsim.run(path, replications=12, seed=3, jobs=1).replications()
    factor = reps["providers.caritas.slots"].to_numpy()
    slots = np.floor(24 * factor + 0.5)
    expected = np.round(MATERIAL * 24 * (161 - 24 + slots), 2)
    assert reps["cost_material"].round(2).tolist() == expected.tolist()


def test_normal_slots_below_zero_are_refused_as_a_draw(tmp_path: Path) -> None:
    """An unbounded family can draw an impossible value: refused with the draw named."""
    path = _scenario(tmp_path, {"uncertainty": {
        "providers.werkhof.slots": {"dist": "normal", "mean": 0, "sd": 50}}})
    with pytest.raises(ScenarioError) as err:
        finsim.run(path, replications=20, jobs=1)
    assert str(err.value).startswith("uncertainty: providers.werkhof.slots: a drawn value "
                                     "is not allowed")


CASELOAD = ("person,provider,entry,exit,exit_reason\n"
            "A,werkhof,2012-03-01,,\nB,werkhof,2012-07-01,,\nC,werkhof,2012-11-16,,\n")


def test_slots_drawn_below_a_caseload_dismiss_nobody(tmp_path: Path) -> None:
    """werkhof's 3 slots, full at the start by the file, drawn down to 0 (x [0, 0.1]):
    the 3 stay and leave at their own pace (max 24 months: A by 2014-03, so within the
    horizon at the latest), and nobody enters werkhof; the other providers are as
    without the draw."""
    extra = {"participants": {"initial": "caseload.csv", "referrals_per_month": 10},
             "uncertainty": {"providers.werkhof.slots": {
                 "dist": "uniform", "low": 0.0, "high": 0.1, "scale": True}}}
    path = _scenario(tmp_path, extra, {"caseload.csv": CASELOAD})
    run = finsim.run(path, replications=6, seed=1, jobs=1)
    providers = run.providers().set_index(["provider", "metric"])["mean"]
    assert providers[("werkhof", "entries")] == 3  # the three of the file, nobody new
    flows = run.flows()
    held = flows[flows["provider"] == "werkhof"]["participants"].to_numpy()
    assert held[0] == 3 and (np.diff(held) <= 0).all()
    assert (run.replications()["cost_material"] == MATERIAL * 24 * 158).all()


def test_a_caseload_beyond_the_scenario_slots_is_still_refused(tmp_path: Path) -> None:
    """The file is checked against the scenario's own slots, as before."""
    extra = {"participants": {"initial": "caseload.csv"},
             "providers": [{"id": "werkhof", "slots": 2}]}
    path = _scenario(tmp_path, extra, {"caseload.csv": CASELOAD})
    with pytest.raises(ScenarioError) as err:
        finsim.run(path, replications=2, jobs=1)
    assert "3 people at werkhof in 2013-01, which has 2 slots then" in str(err.value)


def test_size_names_start_when_the_period_leaves_out_the_actuals(tmp_path: Path) -> None:
    spells = "person,provider,entry,exit,exit_reason\nA,cjd,2013-01,2013-05,dropout\n"
    extra = {"actuals": {"spells": "spells.csv", "as_of": "2013-07"}}
    path = _scenario(tmp_path, extra, {"spells.csv": spells})
    with pytest.raises(ScenarioError) as err:
        finsim.size(path, start="2013-01", months=3, replications=2, jobs=1, confidence=0.9)
    assert str(err.value) == (
        "finsim.size: start: the scenario is a re-forecast from actuals (actuals.as_of "
        "2013-07), which must lie in the planned period 2013-01 to 2013-03 (or be the "
        "month after it, or before its start: the program then runs through the actual "
        "spells up to it); plan a period that holds it, or leave out the actuals (given: "
        "'2013-01 + 3 months')")
    plan = finsim.size(path, start="2013-07", months=6, replications=2, jobs=1, confidence=0.9)
    assert plan.run.scenario.period.start == "2013-07"
    later = finsim.size(path, start="2014-01", months=12, replications=2, jobs=1, confidence=0.9)
    assert later.run.scenario.period.simulate_from == "2013-01"  # a warm-up through them


def test_a_funder_until_the_last_month_there_is(tmp_path: Path) -> None:
    """A horizon may end in 9999-12, and a funder pay until then: the month after its
    ``until`` (which has no four-digit year) is no boundary of its rules. Before, the
    share check parsed '10000-01' and crashed with a ValueError traceback."""
    path = _scenario(tmp_path, {
        "period": {"start": "9999-01", "months": 12},
        "costs": {"wages": {"annual_increase": 0}, "staff": {"annual_increase": 0}},
        "funding": [{"id": "land_esf", "until": "9999-12"}]})
    reps = finsim.run(path, replications=2, jobs=1, uncertainty=False).replications()
    esf = reps["cost_staff"] + reps["cost_material"] + reps["cost_qualification"]
    assert (reps["funding_land_esf"].round(2) == esf.round(2)).all()
    assert (reps["cost_material"].round(2) == round(MATERIAL * 161 * 12, 2)).all()


def test_a_wage_of_almost_nothing_raises_no_numpy_warning() -> None:
    """The subsidisable wage over a wage line of 1e-308 EUR an hour overflowed (a
    RuntimeWarning on stderr); the ratio is at most 1 and the wages are 0.00."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=finsim.FinsimWarning)  # the wage's own
        warnings.filterwarnings("ignore", category=finsim.FinsimNote)  # the assumed 2028 wage
        run = finsim.run(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml",
                         {"costs.wages.hourly": 1e-308}, replications=2, jobs=1)
    reps = run.replications()
    assert (reps["cost_wages"] == 0).all() and (reps["funding_jobcenter"] == 0).all()


FAR = {"costs": {"wages": {"annual_increase": 0}, "staff": {"annual_increase": 0}}}


def test_a_draw_beyond_the_money_ceiling_is_refused_as_the_draw(tmp_path: Path) -> None:
    """The seed moved to the year 3000 (its increases set to 0) is within the ceilings
    and costs what it costs in 2100; drawing the seed's wage increase again (up to 5 %
    a year since 2013: the file sets it, so it draws it again to keep the draw) makes
    the costs pass 1e12 EUR: one line naming the draw, not "internal error ... money not
    conserved" (int64 cents overflowing)."""
    def at(start: str, drawn: dict | None = None) -> Path:
        folder = tmp_path / start
        folder.mkdir(exist_ok=True)
        return _scenario(folder, {**FAR, "period": {"start": start, "months": 12},
                                  **({"uncertainty": drawn} if drawn else {})})

    far = finsim.run(at("3000-01"), replications=2, jobs=1, uncertainty=False)
    near = finsim.run(at("2100-01"), replications=2, jobs=1, uncertainty=False)
    assert far.replications()["cost_total"].tolist() == \
        near.replications()["cost_total"].tolist()
    increase = {"costs.wages.annual_increase": {"dist": "triangular", "low": 0.0,
                                                "mode": 0.025, "high": 0.05}}
    with pytest.raises(ScenarioError) as err:
        finsim.run(at("3000-01", increase), replications=2, jobs=1)
    (problem,) = err.value.problems
    assert problem.file == "uncertainty" and "costs.wages.annual_increase" in problem.path
    assert re.fullmatch(r"the values drawn in replication \d+ are not allowed: they make "
                        r"the costs reach \S+ EUR, beyond finsim's ceiling of 1e\+12 EUR",
                        problem.message)

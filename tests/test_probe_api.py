"""The Python API refuses a bad argument as the command line refuses a bad option: one
``finsim.ScenarioError`` line per problem, before any work, never a TypeError or
IndexError from deep inside, and never a silent fallback (``replications=0`` used to
run the scenario's own count, ``jobs=0`` every CPU, ``replications=-1`` nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

import finsim
from finsim.api import _plain, _plain_pair
from finsim.scenario import ScenarioError

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"


def refusal(call, *args, **kwargs) -> list[str]:
    with pytest.raises(finsim.ScenarioError) as caught:
        call(*args, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_the_error_type_is_finsim_s_own() -> None:
    assert finsim.ScenarioError is ScenarioError


@pytest.mark.parametrize(("kwargs", "line"), [
    ({"replications": -1}, "finsim.run: replications: expected a whole number from 1 to "
                           "1,000,000 (given: -1)"),
    ({"replications": 0}, "finsim.run: replications: expected a whole number from 1 to "
                          "1,000,000 (given: 0)"),
    ({"replications": 10**12}, "finsim.run: replications: expected a whole number from 1 "
                               "to 1,000,000 (given: 1000000000000)"),
    ({"replications": 2.5}, "finsim.run: replications: expected a whole number from 1 to "
                            "1,000,000 (given: 2.5)"),
    ({"replications": True}, "finsim.run: replications: expected a whole number from 1 to "
                             "1,000,000 (given: True)"),
    ({"jobs": 0}, "finsim.run: jobs: expected a whole number >= 1 (given: 0)"),
    ({"jobs": "2"}, "finsim.run: jobs: expected a whole number >= 1 (given: '2')"),
    ({"seed": -1}, "finsim.run: seed: expected a whole number from 0 to 2**128 - 1 "
                   "(given: -1)"),
    ({"uncertainty": "no"}, "finsim.run: uncertainty: expected True or False (given: 'no')"),
    ({"yes": 1}, "finsim.run: yes: expected True or False (given: 1)"),
    ({"scheduler": 2}, "finsim.run: scheduler: expected a dask scheduler's address "
                       "(tcp://host:8786), local:N or \"\" (given: 2)"),
])
def test_run_arguments_are_refused_in_one_line(kwargs: dict, line: str) -> None:
    assert refusal(finsim.run, SMALL, **kwargs) == [line]


def test_jobs_with_a_scheduler_is_refused_as_the_command_refuses_it(monkeypatch) -> None:
    """The cluster's workers run the replications: ``jobs`` was dropped without a word
    (the command refuses ``--jobs`` with ``--scheduler``)."""
    monkeypatch.delenv("FINSIM_SCHEDULER", raising=False)
    assert refusal(finsim.run, SMALL, jobs=2, scheduler="local:2") == [
        "finsim.run: jobs: does nothing on a cluster (scheduler='local:2'), whose workers "
        "run the replications; leave out jobs or scheduler (given: 2)"]
    monkeypatch.setenv("FINSIM_SCHEDULER", "tcp://head:8786")
    assert refusal(finsim.size, SMALL, confidence=0.9, jobs=1) == [
        "finsim.size: jobs: does nothing on a cluster ($FINSIM_SCHEDULER=tcp://head:8786), "
        "whose workers run the replications; leave out jobs or give scheduler=\"\" to "
        "stay local (given: 1)"]


def test_every_bad_argument_is_named_at_once() -> None:
    assert refusal(finsim.run, 7, replications=0, jobs=-2) == [
        "finsim.run: scenario: expected a scenario file's path (str or pathlib.Path) or a "
        "scenario from finsim.load (given: 7)",
        "finsim.run: replications: expected a whole number from 1 to 1,000,000 (given: 0)",
        "finsim.run: jobs: expected a whole number >= 1 (given: -2)",
    ]


def test_overrides_must_be_a_mapping_of_paths_to_plain_values() -> None:
    assert refusal(finsim.load, SMALL, "providers.alpha.slots=3") == [
        "finsim.load: overrides: expected a mapping of dotted paths to values, e.g. "
        "{'providers.cjd.slots': 59} (given: 'providers.alpha.slots=3')"]
    assert refusal(finsim.load, SMALL, {"costs.wages.hourly": float("nan"),
                                        "providers.alpha.slots": {1, 2}, 3: 4}) == [
        "finsim.load: overrides['costs.wages.hourly']: nan and infinities are not allowed "
        "(given: nan)",
        "finsim.load: overrides['providers.alpha.slots']: expected a number, text, "
        "True/False, None, or a list or dict of them (given: {1, 2})",
        "finsim.load: overrides: expected a dotted path (text) as each key (given: 3)",
    ]


def test_an_override_key_holding_an_equals_sign_is_refused() -> None:
    """``{"name=Foo": "bar"}`` was spliced into ``name=Foo="bar"`` and set the name to
    ``Foo="bar"``; ``{"providers.alpha.slots=3": 3}`` named a value ``'3=3'`` never given."""
    assert refusal(finsim.load, SMALL, {"name=Foo": "bar", "providers.alpha.slots=3": 3}) == [
        "finsim.load: overrides: expected a dotted path as each key, without '=' "
        "(given: 'name=Foo')",
        "finsim.load: overrides: expected a dotted path as each key, without '=' "
        "(given: 'providers.alpha.slots=3')"]
    assert refusal(finsim.run, SMALL, {"description=x": "y"})[0].startswith(
        "finsim.run: overrides: expected a dotted path as each key, without '='")


def test_an_unknown_override_path_is_the_scenario_check_s_line() -> None:
    assert refusal(finsim.run, SMALL, {"providers.zeta.slots": 3}, replications=2) == [
        f"{SMALL} (overrides): providers.zeta.slots: no item with id 'zeta' (ids: alpha, beta)"]


def test_an_override_path_with_an_empty_key_names_the_overrides() -> None:
    """``.providers.alpha.slots`` set a key '' at the top, refused as the file's own
    mistake (``FILE: unknown key ''``), without "(overrides)" and without the path."""
    for path in (".providers.alpha.slots", "providers..alpha.slots", "providers.alpha."):
        assert refusal(finsim.load, SMALL, {path: 5}) == [
            f"{SMALL} (overrides): {path}: expected a dotted path without an empty key (a "
            "leading, trailing or doubled dot), e.g. providers.cjd.slots"]


def test_a_loaded_scenario_is_read_only() -> None:
    """An assignment was taken unchecked (a hazard of 1.5 ran), and one to a drawn
    parameter lost to its draw without a word: it is refused, naming finsim.load."""
    scn = finsim.load(SMALL)
    assert refusal(setattr, scn.employment.hazards, "placement", 1.5) == [
        "employment.hazards.placement: a loaded scenario cannot be changed in place (given: "
        "1.5) — give the value to finsim.load(scn, {'employment.hazards.placement': "
        "value}), which checks it and holds it over a draw of it"]
    assert refusal(setattr, scn, "name", "other")[0].startswith(
        "name: a loaded scenario cannot be changed in place (given: 'other') — "
        "give the value to finsim.load(scn, {'name': value})")
    assert refusal(setattr, scn.providers[0], "slots", "59")[0].startswith(
        "providers.alpha.slots: ")
    assert scn.employment.hazards.placement == finsim.load(SMALL).employment.hazards.placement
    assert scn.providers[0].slots == 30 and scn.name == "Small test program"
    assert finsim.load(scn, {"providers.alpha.slots": 12}).providers[0].slots == 12


def test_compare_names_the_alternative_that_is_not_a_scenario() -> None:
    assert refusal(finsim.compare, SMALL, SMALL, 5, replications=-3) == [
        "finsim.compare: alternatives[1]: expected a scenario file's path (str or "
        "pathlib.Path) or a scenario from finsim.load (given: 5)",
        "finsim.compare: replications: expected a whole number from 1 to 1,000,000 "
        "(given: -3)",
    ]
    assert refusal(finsim.compare, SMALL) == [  # the command line's ALTERNATIVES... too
        "finsim.compare: alternatives: expected at least one scenario to compare with the "
        "base"]


def test_sensitivity_arguments() -> None:
    placement = "employment.hazards.placement"
    assert refusal(finsim.sensitivity, SMALL, {placement: 5}, metrics="cost_total",
                   method="fast", samples=0) == [
        f"finsim.sensitivity: params['{placement}']: expected (low, high), two finite "
        "numbers (given: 5)",
        "finsim.sensitivity: metrics: expected a list of texts, e.g. ['cost_total'] "
        "(given: 'cost_total')",
        "finsim.sensitivity: method: expected one of oat, morris, sobol (given: 'fast')",
        "finsim.sensitivity: samples: expected a whole number >= 1 (given: 0)",
    ]
    assert refusal(finsim.sensitivity, SMALL, {placement: (0.02, 0.01)}) == [
        f"finsim.sensitivity: params['{placement}']: low (0.02) must be below high (0.01) "
        "(given: (0.02, 0.01))"]
    assert refusal(finsim.sensitivity, SMALL, [placement]) == [
        "finsim.sensitivity: params: expected a mapping of dotted paths to (low, high), "
        "e.g. {'employment.hazards.placement': (0.005, 0.02)} (given: "
        "['employment.hazards.placement'])"]


def test_a_params_key_that_is_no_text_is_refused_in_one_line() -> None:
    """``{5: (9, 10)}`` raised AttributeError ('int' object has no attribute 'split') from
    ranges._not_varied; overrides and caps refused such keys already."""
    for key, given in ((5, "5"), (None, "nothing"), (3.5, "3.5"),
                       (("costs", "wages"), "('costs', 'wages')"), ("", "''")):
        assert refusal(finsim.sensitivity, SMALL, {key: (9, 10)}, replications=2) == [
            f"finsim.sensitivity: params: expected a dotted path (text) as each key "
            f"(given: {given})"]


def test_a_scaled_path_that_is_no_key_of_params_is_refused() -> None:
    """Ignored, ``scaled={"wages.hourly"}`` ran the factors 0.9 and 1.1 as a wage of
    0.90 and 1.10 EUR/h."""
    wage = "costs.wages.hourly"
    assert refusal(finsim.sensitivity, SMALL, {wage: (0.9, 1.1)},
                   scaled={"wages.hourly"}) == [
        "finsim.sensitivity: scaled: 'wages.hourly' is not a key of params — did you mean "
        "'costs.wages.hourly'?"]
    assert refusal(finsim.sensitivity, SMALL, scaled=[wage]) == [
        "finsim.sensitivity: scaled: 'costs.wages.hourly' is not a key of params — without "
        "params, the uncertainty block's ranges are used"]


def test_size_arguments() -> None:
    assert refusal(finsim.size, SMALL, start=201401, months=0, caps={"land_esf": "lots"},
                   targets=[("exits_placement", 3)], confidence="high", max_slots=0) == [
        "finsim.size: start: expected a month: text YYYY-MM, a monthly pandas Period or a "
        "date on the first of its month (given: 201401)",
        "finsim.size: months: expected a whole number from 1 to 1,200 (given: 0)",
        "finsim.size: caps['land_esf']: expected a finite number >= 0 (given: 'lots')",
        "finsim.size: targets: expected a mapping, e.g. {'exits_placement': 60} "
        "(given: [('exits_placement', 3)])",
        "finsim.size: confidence: expected a number strictly between 0 and 1, e.g. 0.9 "
        "(given: 'high')",
        "finsim.size: max_slots: expected a whole number >= 1 (given: 0)",
    ]


def test_an_unknown_metric_of_a_run_names_a_near_miss(small) -> None:
    result = finsim.run(small, replications=2, seed=1, jobs=1)
    assert refusal(result.metric, "cost_totl") == [
        "Run.metric: name: unknown metric (given: 'cost_totl') — did you mean 'cost_total'?"]
    assert result.metric("cost_total").shape == (2,)


def test_numpy_numbers_from_a_notebook_are_taken_as_python_numbers(small) -> None:
    """A DataFrame cell or an array element is a numpy number (np.int64 is no int): the
    calls take it as the number it holds, with the same results as a Python number."""
    import numpy as np

    plain = finsim.run(small, {"providers.alpha.slots": 12}, replications=3, seed=2, jobs=1)
    numpy = finsim.run(small, {"providers.alpha.slots": np.int64(12)},
                       replications=np.int64(3), seed=np.uint32(2), jobs=np.int8(1))
    assert numpy.summary().equals(plain.summary())
    sized = finsim.size(small, months=np.int64(12), caps={"land_esf": np.float64(1e9)},
                        confidence=np.float64(0.9), replications=np.int64(2), seed=1,
                        max_slots=np.int64(40), jobs=1)
    assert sized.slots == 40  # a cap no count reaches: the largest allowed
    assert refusal(finsim.run, small, replications=np.int64(0)) == [
        "finsim.run: replications: expected a whole number from 1 to 1,000,000 (given: 0)"]
    fixed = finsim.run(small, replications=2, seed=1, uncertainty=False, jobs=1)
    numpy = finsim.run(small, replications=2, seed=1, uncertainty=np.bool_(False), jobs=1)
    assert numpy.summary().equals(fixed.summary())  # np.False_ was refused


def test_numpy_numbers_count_in_sensitivity_ranges(small) -> None:
    """np.int64, np.float32 and an array of two were refused as ranges ("expected (low,
    high), two finite numbers"); they are the numbers they hold."""
    import numpy as np

    ask = {"scaled": ["costs.wages.hourly"], "metrics": ["cost_total"], "replications": 2,
           "seed": 1, "jobs": 1}
    plain = finsim.sensitivity(small, {"providers.alpha.slots": (25, 35),
                                       "costs.wages.hourly": (0.75, 1.25)}, **ask)
    numpy = finsim.sensitivity(small, {"providers.alpha.slots": (np.int64(25), np.int8(35)),
                                       "costs.wages.hourly": np.array([0.75, 1.25],
                                                                      dtype=np.float32)},
                               **ask)
    assert numpy.summary().equals(plain.summary())
    assert list(numpy.summary()[["low", "high"]].itertuples(index=False)) == [
        (25.0, 35.0), (0.75, 1.25)]


def test_a_float32_is_the_decimal_it_shows_to_the_cent_of_the_command_s_set(tmp_path) -> None:
    """A float32 column's cell 9.1 ran at its binary value 9.100000381469727: the mean
    cost 2,544,684.97, five cents off the 2,544,684.92 of --set costs.wages.hourly=9.1
    (2,544,684.88 since management is booked in whole cents per calendar year).
    It counts as the 9.1 it shows, in overrides, in a range and in a cap."""
    import numpy as np
    import pandas as pd
    from click.testing import CliRunner

    from finsim.cli import main

    cell = pd.DataFrame({"hourly": [9.1]}).astype("float32").hourly.iloc[0]
    done = CliRunner().invoke(main, ["run", str(SMALL), "-n", "2", "--seed", "1", "-j", "1",
                                     "-q", "--set", "costs.wages.hourly=9.1",
                                     "--out", str(tmp_path / "cli")])
    assert done.exit_code == 0, done.output
    written = pd.read_csv(tmp_path / "cli" / "summary.csv").set_index("metric")
    result = finsim.run(SMALL, {"costs.wages.hourly": cell}, replications=2, seed=1, jobs=1)
    mean = result.summary().set_index("metric").loc["cost_total", "mean"]
    assert mean == written.loc["cost_total", "mean"] == 2_544_684.88
    assert finsim.load(SMALL, {"costs.wages.hourly": cell}).costs.wages.hourly == 9.1
    scheduled = {"2013-01": np.float32(9.1), "2014-01": np.float16(9.5)}
    assert finsim.load(SMALL, {"costs.wages.hourly": scheduled}).costs.wages.hourly == {
        "2013-01": 9.1, "2014-01": 9.5}
    ranged = finsim.sensitivity(SMALL, {"costs.wages.hourly": (cell, 11),
                                        "providers.alpha.slots": np.array([25, 35])},
                                metrics=["cost_total"], replications=2, seed=1, jobs=1)
    assert list(ranged.summary()[["low", "high"]].itertuples(index=False)) == [
        (9.1, 11.0), (25.0, 35.0)]
    assert _plain_pair(np.array([9.1, 11], dtype=np.float32)) == (9.1, 11.0)
    assert _plain(np.float32(250_000.1)) == 250_000.1  # as a cap or target of size


def test_problems_found_later_name_the_call_s_arguments_not_the_options() -> None:
    """Past the argument checks the analyses name the command line's options (--cap,
    --metric, --set); to a Python caller the lines name the call's arguments."""
    assert refusal(finsim.size, SMALL, confidence=0.9, caps={"nobody": 5}, replications=2,
                   jobs=1) == [
        "finsim.size: caps: nobody: unknown funder or budget — known: funders jobcenter, "
        "land_esf, employers; budgets jobcenter, land_esf, provider"]
    assert refusal(finsim.size, SMALL, confidence=0.9, start="2013-13", replications=2,
                   jobs=1) == [
        "finsim.size: start: '2013-13' is not a month: expected YYYY-MM, e.g. 2013-01 "
        "(given: '2013-13')"]
    assert refusal(finsim.sensitivity, SMALL, metrics=["cost_totl"], replications=2,
                   jobs=1)[0].startswith("finsim.sensitivity: metrics: cost_totl: unknown")
    assert refusal(finsim.run, SMALL, {"providers.alpha.slots": -1}, replications=2) == [
        f"{SMALL} (overrides): providers.alpha.slots: expected a whole number from 0 to "
        "1,000,000 or a schedule {YYYY-MM: value} (given: -1)"]


def test_messages_and_hints_name_the_call_s_arguments_too() -> None:
    """The lines named --start/--months, --max-slots, --cap, --param, --seed or -n,
    --set and finsim.load (called by finsim.run) to a Python caller."""
    assert refusal(finsim.size, SMALL, confidence=0.9, start="2013-01", months=12,
                   replications=2, jobs=1,
                   targets={"exits_placement": 10**6}, max_slots=5) == [
        "finsim.size: targets: exits_placement=1000000: cannot be reached with probability "
        "0.9 even at max_slots 5 (its 10% quantile there is 0.0); raise max_slots or lower "
        "the target"]
    assert refusal(finsim.size, SMALL, confidence=0.9, caps={"land_esf": -5, "": 1}) == [
        "finsim.size: caps['land_esf']: expected a finite number >= 0 (given: -5)",
        "finsim.size: caps: expected a name (text) as each key (given: '')"]
    assert refusal(finsim.sensitivity, SMALL, {"simulation.seed": (1, 2)}) == [
        "finsim.sensitivity: params: simulation.seed: every point runs with the call's seed "
        "and replications, so the simulation block changes nothing at a point; give seed or "
        "replications"]
    assert refusal(finsim.sensitivity, SMALL, {"uncertainty.x.low": (1, 2)})[0].endswith(
        "vary the parameter itself (params={PATH: (LOW, HIGH)}), or change the block with "
        "overrides for run")
    assert refusal(finsim.run, SMALL, [("providers.alpha.slots", 3)]) == [
        "finsim.run: overrides: expected a mapping of dotted paths to values, e.g. "
        "{'providers.cjd.slots': 59} (given: [('providers.alpha.slots', 3)])"]
    land = SMALL.parents[2] / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
    assert refusal(finsim.size, land, confidence=0.9, start="2020-01")[0].startswith(
        "finsim.size: start/months: passive_benefits.parts.kdu_federal_share: finsim's table "
        "for NW starts in 2024")


def test_the_frozen_scenario_names_the_full_path_of_what_was_assigned() -> None:
    """The refusal named ``{'...placement': value}``: a model does not know where it
    sits, so the user had to guess the rest. It is found in the scenarios finsim.load
    gave out (a run's scenario too), by the model's identity; a field's YAML key (a
    funder's ``from``) is the path's key."""
    scn = finsim.load(SMALL, {"providers.alpha.slots": 12})
    beta = scn.providers[1].employment.hazards
    assert refusal(setattr, beta, "dropout", 0.5)[0].endswith(
        "finsim.load(scn, {'providers.beta.employment.hazards.dropout': value}), which "
        "checks it and holds it over a draw of it")
    assert refusal(setattr, scn.funding[0], "from_", "2013-02")[0].startswith(
        "funding.jobcenter.from: a loaded scenario cannot be changed in place")
    ran = finsim.run(SMALL, replications=1, jobs=1).scenario
    assert refusal(setattr, ran.period, "months", 3)[0].startswith("period.months: ")


def test_the_moved_price_warning_names_the_overrides_in_python(tmp_path: Path) -> None:
    """``Run.warnings`` said ``by --set ...; also --set prices.base_year=2026`` to a call
    that gave ``{"period.start": "2027-01"}``: it names the overrides, and the one to add
    (the library's 2026 file, its pinned prices' year unpinned)."""
    library = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"
    file = tmp_path / "unpinned.yaml"
    file.write_text(f"base: {library}\nprices: {{base_year: null}}\n")
    moved = finsim.run(file, {"period.start": "2027-01"}, replications=1, jobs=1)
    assert moved.warnings[-1] == ("one replication: each quantile is that one draw, so "
                                  "every 90 % interval has no width, whatever the spread; "
                                  "use replications=2 or more")  # as finsim run says it
    [note] = moved.notes  # 2028 to 2030 on finsim's minimum wage: a note, not a warning
    assert note.startswith(
        "costs.wages.hourly, costs.wages.subsidy_base.hourly: from 2028-01 on (48 of 60 "
        "months) the minimum wage is finsim's assumption, not a statutory figure yet")
    assert moved.warnings[-2] == (  # the ramp-up of 2026-01 to 2026-03 left behind
        "period.start: moved from 2026-01 to 2027-01 by the overrides, past the dated values "
        "of participants.referrals_per_month (2026-01 – 2026-03): the program starts at "
        "2027-01 with the slots empty, not running as it would since 2026-01; to keep it "
        "running since 2026-01, also add {'period.simulate_from': '2026-01'} to the overrides")
    assert moved.warnings[-3] == (
        "period.start: moved from 2026-01 to 2027-01 by the overrides, so plain money values "
        "are read as prices of 2027, not of 2026; to keep the file's 2026 prices, also add "
        "{'prices.base_year': 2026} to the overrides")
    kept = finsim.run(file, {"period.start": "2027-01", "prices.base_year": 2026},
                      replications=1, jobs=1)
    assert not any("prices of" in w for w in kept.warnings)


def test_advice_to_set_values_reads_as_python_with_one_dict() -> None:
    """``--set A=1 --set B=2`` became ``the overrides {A: 1} the overrides {B: 2}``: a noun
    phrase per ``--set`` with no verb. Consecutive ones are one dict, in a sentence."""
    moved = finsim.load(SMALL, {"period.start": "2013-04", "period.months": 6})
    period = finsim.compare(SMALL, moved, replications=2, jobs=1).warnings
    assert period[0].endswith("; to compare the same months, add {'period.start': "
                              "'2013-01', 'period.months': 24} to the overrides; but "
                              "“small [period.start=2013-04, period.months=6]” is planned "
                              "only to 2013-09 (participants.referrals_per_month 4 there): "
                              "this runs it past then with its last values, which its file "
                              "does not plan, so those months do not compare like with like")
    prices = finsim.compare(SMALL, finsim.load(SMALL, {"prices.base_year": 2012}),
                            replications=2, jobs=1).warnings
    assert prices == [
        "the scenarios have different price bases (prices of 2013, 2012): the same amount "
        "in the files stands for different prices; if all amounts are meant in one year's "
        "prices, add {'prices.base_year': 2013} to the overrides"]
    assert refusal(finsim.sensitivity, SMALL, {"period.start": (1, 2)})[0].endswith(
        "run the scenario once per date (finsim.run with overrides={PATH: 'YYYY-MM'}) and "
        "compare them (given: '2013-01')")
    land = SMALL.parents[2] / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
    assert refusal(finsim.size, land, confidence=0.9, start="2027-01", months=12,
                   replications=2, jobs=1,
                   targets={"exits_placement": 200}, max_slots=400)[0].endswith(
        "raise participants.referrals_per_month (or add {'participants.referrals_per_month': "
        "'on_demand'} to the overrides) or lower the target")


def test_size_takes_no_confidence_it_was_not_given() -> None:
    """finsim.size planned at 90 % unasked, where ``finsim size`` requires --confidence:
    the figure sets every funder's contingency. Now a required keyword, as the option."""
    import inspect

    assert (inspect.signature(finsim.size).parameters["confidence"].default
            is inspect.Parameter.empty)
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: "
                       "'confidence'"):
        finsim.size(SMALL, replications=2, jobs=1)


def test_months_and_decimals_are_taken_as_the_api_and_python_give_them() -> None:
    """flows()/ledger() give ``month`` as pd.Period, which size(start=) refused ("expected
    a month as text") and overrides refused ("expected a number, text, ..."), as they did
    datetime.date and Decimal('9.10') ("expected a number ... (given: Decimal('9.10'))")."""
    import datetime as dt
    from decimal import Decimal

    import pandas as pd

    def loaded(overrides: dict) -> tuple:
        scn = finsim.load(SMALL, overrides)
        return str(scn.period.start), scn.costs.wages.hourly, scn.providers[0].slots

    own = loaded({})
    for month in (pd.Period("2013-02", "M"), dt.date(2013, 2, 1), dt.datetime(2013, 2, 1),
                  pd.Timestamp("2013-02-01")):
        assert loaded({"period.start": month}) == ("2013-02", *own[1:]), month
    assert loaded({"costs.wages.hourly": Decimal("9.10"),
                   "providers.alpha.slots": Decimal("12")}) == (own[0], 9.1, 12)
    assert loaded({"providers.alpha.slots": {pd.Period("2013-01", "M"): 10,
                                             dt.date(2013, 6, 1): Decimal("12")}}
                  )[2] == {"2013-01": 10, "2013-06": 12}
    for day in (dt.date(2013, 2, 15), pd.Period("2013-02-15", "D")):
        assert refusal(finsim.load, SMALL, {"period.start": day}) == [
            f"{SMALL} (overrides): period.start: '2013-02-15' is not a month: expected "
            "YYYY-MM, e.g. 2013-02 (given: '2013-02-15')"]
    assert refusal(finsim.load, SMALL, {"costs.wages.hourly": Decimal("NaN")}) == [
        "finsim.load: overrides['costs.wages.hourly']: nan and infinities are not allowed "
        "(given: Decimal('NaN'))"]
    by_text = finsim.size(SMALL, start="2014-01", months=6, confidence=0.9, replications=2,
                          jobs=1)
    month = by_text.run.flows()["month"].iloc[0]
    assert (str(month), month.freqstr) == ("2014-01", "M")
    for start in (month, dt.date(2014, 1, 1)):
        plan = finsim.size(SMALL, start=start, months=6, confidence=Decimal("0.9"),
                           replications=2, jobs=1)
        assert str(plan.run.scenario.period.start) == "2014-01"
        assert plan.summary().equals(by_text.summary())


def test_sensitivity_months_are_periods_as_every_other_month() -> None:
    """summary()'s first_month/last_month were the only object columns of the API, text
    ('2013-06') or None, where every other month is a period: now period[M], NaT for a
    range that is no schedule's date (beta's 2013-06 sets 2013-06 to 2013-12)."""
    import warnings

    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", finsim.FinsimWarning)
        sens = finsim.sensitivity(SMALL, {"providers.beta.slots.2013-06": (15, 25),
                                          "costs.wages.hourly": (9, 10)},
                                  metrics=["cost_material"], replications=2, jobs=1)
    table = sens.summary()
    assert [str(table[c].dtype) for c in ("first_month", "last_month")] == ["period[M]"] * 2
    assert table[["parameter", "first_month", "last_month", "swing"]].values.tolist() == [
        ["providers.beta.slots.2013-06", pd.Period("2013-06", "M"), pd.Period("2013-12", "M"),
         5600.0], ["costs.wages.hourly", pd.NaT, pd.NaT, 0.0]]


def test_a_part_kept_without_its_scenario_names_its_full_path() -> None:
    """``hazards = finsim.load(FILE).employment.hazards; hazards.placement = 0.02``
    named ``{'...placement': value}``, no path to run: the scenario was gone, and with it
    where the part sat. Each part's path is kept when the scenario is loaded; a copy of a
    part, in no scenario, is told how to find its path."""
    import gc

    from finsim.scenario import types

    hazards = finsim.load(SMALL).employment.hazards
    beta = finsim.load(SMALL, {"providers.alpha.slots": 12}).providers[1]
    gc.collect()
    assert refusal(setattr, hazards, "placement", 0.02) == [
        "employment.hazards.placement: a loaded scenario cannot be changed in place (given: "
        "0.02) — give the value to finsim.load(scn, {'employment.hazards.placement': "
        "value}), which checks it and holds it over a draw of it"]
    assert refusal(setattr, beta, "slots", 3)[0].startswith(
        "providers.beta.slots: a loaded scenario cannot be changed in place (given: 3)")
    assert refusal(setattr, hazards.model_copy(), "placement", 0.02) == [
        "Hazards.placement: a loaded scenario cannot be changed in place (given: 0.02) — "
        "give the value to finsim.load(scn, {PATH: value}), PATH the dotted path of "
        "Hazards.placement in the scenario, which checks it and holds it over a draw of it"]
    kept = id(hazards)
    del hazards
    gc.collect()
    assert kept not in types._PATHS  # forgotten with the part

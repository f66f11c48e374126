"""The Python API as a notebook user meets it: docs/python-api.md runs block by block,
and the calls return what they promise."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import finsim

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "python-api.md"


def test_the_worked_example_runs(monkeypatch) -> None:
    """Every python block of docs/python-api.md, in order, in one namespace."""
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 5
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102


def test_import_finsim_is_light() -> None:
    """``import finsim`` loads none of numpy, pandas, simpy or pydantic until a call."""
    code = ("import sys, finsim; heavy = [m for m in ('numpy', 'pandas', 'simpy', 'pydantic') "
            "if m in sys.modules]; print(heavy); assert callable(finsim.run)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=True)
    assert done.stdout.strip() == "[]"


def test_short_repr_and_typed_frames(small) -> None:
    result = finsim.run(small, replications=3, seed=1, jobs=1)
    assert len(repr(result)) < 200 and "3 replications" in repr(result)
    ledger = result.ledger()
    assert list(ledger.columns)[:5] == ["month", "provider", "category", "funder", "amount"]
    assert ledger["category"].dtype == "category" and ledger["amount"].dtype == float
    assert (ledger["amount"] == ledger["amount"].round(2)).all()


def test_results_equal_the_runner_s(small) -> None:
    """The API is the library's run, not a second implementation."""
    from finsim.montecarlo import RunSpec, run
    from finsim.report.numbers import rounded

    api = finsim.run(small, replications=4, seed=5, jobs=1).replications()
    direct = run(RunSpec(small, 4, 5), jobs=1).replications
    assert api.equals(rounded(direct))


def test_the_frames_hold_the_numbers_of_the_command_s_files(tmp_path) -> None:
    """Money to the cent, as summary.csv, providers.csv and replications.csv write it:
    providers() once gave a mean of 1375004.1766 where the file has 1375004.18."""
    import pandas as pd
    from click.testing import CliRunner

    from finsim.cli import main

    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    done = CliRunner().invoke(main, ["run", str(seed), "-n", "50", "--seed", "7", "-j", "1",
                                     "-q", "--set", "providers.cjd.slots=45",
                                     "--out", str(tmp_path / "cli")])
    assert done.exit_code == 0, done.output
    result = finsim.run(seed, {"providers.cjd.slots": 45}, replications=50, seed=7, jobs=1)
    for name, frame in (("summary", result.summary()), ("providers", result.providers()),
                        ("replications", result.replications())):
        written = pd.read_csv(tmp_path / "cli" / f"{name}.csv")
        numbers = written.select_dtypes("number").columns
        assert list(written.columns) == list(frame.columns), name
        pd.testing.assert_frame_equal(frame[numbers].reset_index(drop=True), written[numbers],
                                      check_dtype=False, check_exact=True, obj=name)


def test_a_block_set_whole_holds_over_its_draws_in_python_and_on_the_cli(tmp_path) -> None:
    """``{"employment.hazards": {...}}`` runs as the same values set one by one: the
    scenario's draw of the placement below it is dropped, not laid over the block."""
    import pandas as pd
    from click.testing import CliRunner

    from finsim.cli import main

    small = ROOT / "tests" / "fixtures" / "small.yaml"
    block = {"employment.hazards": {"placement": 0.03, "dropout": 0.012}}
    one_by_one = {"employment.hazards.placement": 0.03, "employment.hazards.dropout": 0.012}
    got = finsim.run(small, block, replications=4, seed=3, jobs=1)
    assert got.replications().equals(
        finsim.run(small, one_by_one, replications=4, seed=3, jobs=1).replications())
    done = CliRunner().invoke(main, ["run", str(small), "-n", "4", "--seed", "3", "-j", "1",
                                     "-q", "--set", 'employment.hazards={"placement": 0.03, '
                                     '"dropout": 0.012}', "--out", str(tmp_path / "cli")])
    assert done.exit_code == 0, done.output
    written = pd.read_csv(tmp_path / "cli" / "replications.csv")
    mine = got.replications()
    assert written["exits_placement"].tolist() == mine["exits_placement"].tolist()


def test_an_override_holds_characters_beyond_the_basic_plane(small) -> None:
    """An emoji (two surrogates when escaped) and a line break in a description arrive as
    given, as on the command line."""
    scn = finsim.load(small, {"name": "Projekt \U0001F680 2027",
                              "description": "eins\nzwei \U0001F600"})
    assert scn.name == "Projekt \U0001F680 2027"
    assert scn.description == "eins\nzwei \U0001F600"


def _equal_to_file(frame, path) -> None:
    """``frame`` holds ``path``'s cells (as the command wrote them): the same columns in
    the same order, numbers exactly, labels and months as their text."""
    import pandas as pd

    written = pd.read_csv(path, keep_default_na=False, na_values=[""])
    assert list(frame.columns) == list(written.columns), path.name
    assert len(frame) == len(written) > 0, path.name
    for column in written.columns:
        ours, theirs = frame[column].reset_index(drop=True), written[column]
        if isinstance(ours.dtype, pd.PeriodDtype):  # a month, NaT where the file has none
            assert ([None if pd.isna(v) else str(v) for v in ours]
                    == [None if pd.isna(v) else str(v) for v in theirs]), (path.name, column)
        elif pd.api.types.is_numeric_dtype(theirs) or pd.api.types.is_bool_dtype(theirs):
            pd.testing.assert_series_equal(ours, theirs, check_dtype=False, check_exact=True,
                                           check_categorical=False, obj=f"{path.name} {column}")
        else:
            assert ours.astype(str).tolist() == theirs.astype(str).tolist(), (path.name, column)


def test_cashflow_fiscal_and_structure_are_the_command_s_files(tmp_path) -> None:
    """cashflow.csv, fiscal.csv and structure.csv had no frame in Python; each is now the
    file cell for cell, typed as the other frames (months as periods, labels as
    categories, money to the cent)."""
    from click.testing import CliRunner

    from finsim.cli import main

    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    done = CliRunner().invoke(main, ["run", str(seed), "-n", "4", "--seed", "7", "-j", "1",
                                     "-q", "--out", str(tmp_path / "cli")])
    assert done.exit_code == 0, done.output
    result = finsim.run(seed, replications=4, seed=7, jobs=1)
    cashflow, fiscal, structure = result.cashflow(), result.fiscal(), result.structure()
    for name, frame in (("cashflow", cashflow), ("fiscal", fiscal), ("structure", structure)):
        _equal_to_file(frame, tmp_path / "cli" / f"{name}.csv")
    assert str(cashflow["month"].dtype) == "period[M]"
    assert cashflow["provider"].dtype == "category" and fiscal["budget"].dtype == "category"
    assert structure["attribute"].dtype == "category"
    assert fiscal["year"].dtype == "int64" and fiscal["public"].dtype == bool
    money = cashflow.select_dtypes(float)
    assert money.equals(money.round(2))
    program = cashflow[cashflow.provider == "all"]
    # each month's mean net is rounded to the cent on its own: half a cent a month apart
    assert program["balance"].iloc[-1] == pytest.approx(program["net"].sum(),
                                                        abs=0.005 * len(program))


def test_ledger_and_flows_are_the_command_s_files(tmp_path) -> None:
    """ledger() and flows() hold ledger.csv's and flows.csv's cells, rounded by the one
    function the files are (``report.numbers.rounded``): flows() once kept a mean over
    three replications at full precision (20.333333333...) where flows.csv has 20.333333."""
    from click.testing import CliRunner

    from finsim.cli import main

    small = ROOT / "tests" / "fixtures" / "small.yaml"
    done = CliRunner().invoke(main, ["run", str(small), "-n", "3", "--seed", "7", "-j", "1",
                                     "-q", "--out", str(tmp_path / "cli")])
    assert done.exit_code == 0, done.output
    result = finsim.run(small, replications=3, seed=7, jobs=1)
    ledger, flows = result.ledger(), result.flows()
    _equal_to_file(ledger, tmp_path / "cli" / "ledger.csv")
    _equal_to_file(flows, tmp_path / "cli" / "flows.csv")
    thirds = flows["referrals"].dropna()
    assert (thirds == thirds.round(6)).all() and not (thirds == thirds.round(5)).all()
    assert ledger["funder"].dtype == "category" and str(flows["month"].dtype) == "period[M]"


def test_basis_of_a_run_with_actuals_is_a_category_as_the_other_labels(tmp_path) -> None:
    """ledger() and flows() of a run with actuals: ``basis`` was plain text beside the
    categories provider, category and funder; it is a category too, and ledger.csv's and
    flows.csv's cells all the same (months to 2013-06 actual, from as_of forecast).
    cashflow() and cashflow.csv had no ``basis``: they have it too, the months after the
    period (payments still coming in) forecast."""
    from click.testing import CliRunner

    from finsim.cli import main

    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    actuals = {"actuals.spells": "aktiv-statt-passiv-2013-spells-example.csv",
               "actuals.as_of": "2013-07"}
    sets = [arg for key, value in actuals.items() for arg in ("--set", f"{key}={value}")]
    done = CliRunner().invoke(main, ["run", str(seed), *sets, "-n", "2", "--seed", "9",
                                     "-j", "1", "-q", "--out", str(tmp_path / "cli")])
    assert done.exit_code == 0, done.output
    result = finsim.run(finsim.load(seed, actuals), replications=2, seed=9, jobs=1)
    for frame, name, last in ((result.ledger(), "ledger.csv", "2014-12"),
                              (result.flows(), "flows.csv", "2014-12"),
                              (result.cashflow(), "cashflow.csv", "2015-07")):
        assert list(frame.columns)[:2] == ["month", "basis"], name
        assert frame["basis"].dtype == "category", name
        assert list(frame["basis"].cat.categories) == ["actual", "forecast"], name
        months = frame.groupby("basis", observed=True)["month"].agg(["min", "max"])
        assert months.astype(str).values.tolist() == [["2013-01", "2013-06"],
                                                      ["2013-07", last]], name
        _equal_to_file(frame, tmp_path / "cli" / name)


def test_sensitivity_summary_is_the_command_s_file(tmp_path) -> None:
    """``Sensitivity.summary()`` lacked sensitivity.csv's noise_share columns."""
    from click.testing import CliRunner

    from finsim.cli import main

    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    done = CliRunner().invoke(main, ["sensitivity", str(seed), "--param",
                                     "costs.wages.hourly=*0.9:1.1", "--param",
                                     "providers.cjd.slots=40:60", "--metric", "cost_total",
                                     "--metric", "entries", "-n", "2", "--seed", "3", "-j",
                                     "1", "-q", "--out", str(tmp_path / "cli")])
    assert done.exit_code == 0, done.output
    sens = finsim.sensitivity(seed, {"costs.wages.hourly": (0.9, 1.1),
                                     "providers.cjd.slots": (40, 60)},
                              scaled={"costs.wages.hourly"}, metrics=["cost_total", "entries"],
                              replications=2, seed=3, jobs=1)
    summary = sens.summary()
    assert {"noise_share", "noise_share_crn"} <= set(summary.columns)
    _equal_to_file(summary, tmp_path / "cli" / "sensitivity.csv")


def test_every_summary_gives_its_labels_as_categories(small) -> None:
    """``finsim.run(...).summary()``'s ``metric`` was text while ``providers()["metric"]``
    is a category (the docs: "labels as categories"), and so were compare's, sensitivity's
    and size's labels: each is a category now, with the values it had."""
    ran = finsim.run(small, replications=2, jobs=1)
    more = finsim.load(small, {"providers.alpha.slots": 40})
    compared = finsim.compare(small, more, replications=2, jobs=1)
    sens = finsim.sensitivity(small, {"costs.material.per_slot_month": (40, 60)},
                              metrics=["cost_material", "entries"], replications=2, jobs=1)
    plan = finsim.size(small, confidence=0.9, replications=2, jobs=1)
    frames = {"run": (ran.summary(), ["metric"]),
              "providers": (ran.providers(), ["provider", "metric"]),
              "compare": (compared.summary(), ["metric", "scenario"]),
              "sensitivity": (sens.summary(), ["method", "parameter", "metric"]),
              "noise": (sens.noise(), ["metric"]), "size": (plan.summary(), ["category", "funder"])}
    for name, (frame, labels) in frames.items():
        assert [str(frame[column].dtype) for column in labels] == ["category"] * len(labels), name
    assert list(ran.summary()["metric"]) == list(ran.result.metric_names)
    assert list(sens.summary()["metric"]) == list(sens.noise()["metric"]) == [
        "cost_material", "entries"]
    assert list(sens.summary()["parameter"]) == ["costs.material.per_slot_month"] * 2
    assert sorted(set(plan.summary()["funder"])) == ["employers", "gap", "jobcenter", "land_esf"]


def test_overrides_are_checked_like_set(small) -> None:
    from finsim.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="employment.hazards.placement"):
        finsim.load(small, {"employment.hazards.placement": 1.5})


def test_a_refused_override_of_a_loaded_scenario_is_named_an_override(small) -> None:
    """As docs/python-api.md says (``FILE (overrides): ...``), on a loaded scenario as on
    a path: a value the format refused was named ``<scenario>: ...``, as if the scenario
    held it, where an unknown id was already ``<scenario> (overrides): ...``."""
    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    for given, file in ((small, "<scenario>"), (finsim.load(seed), "<scenario>"),
                        (seed, str(seed))):
        with pytest.raises(finsim.ScenarioError) as caught:
            finsim.load(given, {"employment.hazards.placement": 1.5})
        assert str(caught.value) == (f"{file} (overrides): employment.hazards.placement: "
                                     "expected less than 1 (given: 1.5) — a share, "
                                     "0.015 for 1.5 %")


def test_one_process_in_a_notebook() -> None:
    """No ``__main__`` file (a notebook, ``python -c``, the REPL): one process."""
    code = "import finsim.api as a; print(a.default_jobs())"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=True)
    assert done.stdout.strip() == "1"


AT_THE_END = (
    "participants.initial: up to {slots} people in the slots at the program's start in "
    "2026-01 (period.simulate_from; referrals_per_month: on_demand, tenure 0) reach "
    "employment.max_months with an exit on 2028-01-01 (about {staying:.1f} expected to stay "
    "that long at the scenario's own hazards: the others leave earlier by placement or "
    "dropout; uncertainty draws employment.hazards.placement and employment.hazards.dropout, "
    "so a run's exits scatter around it), exactly at the period's "
    "end: they "
    "count as max_duration exits in 2027-12 and not in participants_at_end (an exit at the "
    "period's end is an exit, though they are employed through its last day); those "
    "employed on its last day are participants_at_end plus these exits (among 2027-12's "
    "exits_max_duration in the run's flows()), and a target of participants_at_end "
    "(finsim.size's targets) is judged without them")
"""The docs' plan warns of the slots filled on demand at the warm-up's start: with
max_months 24 whoever stays leaves the day after 2027-12, in the call's words (no CLI
option)."""

STAYING = (0.610778 * (0.994 * 0.995) ** 24
           + (0.377246 + 0.011976) * 0.994 ** (0.6 * 24) * 0.995 ** 24)
"""Who of them stays the 24 months to 2028-01-01: placement 0.6 % and dropout 0.5 % a
month, the placement x 0.6 from age 50 (the mix's 50-59 and 60-65)."""


def _at_the_end(slots: int) -> str:
    """``AT_THE_END`` for a plan of ``slots`` slots, all filled at the start."""
    return AT_THE_END.format(slots=slots, staying=slots * STAYING)


def _too_few(n: int) -> str:
    """The warning ``finsim run`` gives (and ``Run.warnings``) of ``n`` replications, too
    few for the 90 % intervals (``analysis.sanity.interval_warnings``), in the call's words."""
    return (f"{n} replications are too few for a 95% quantile: {n * 0.05:.2f} of them lie "
            f"beyond it, less than one, so each 95% quantile is about the largest of the {n} "
            "results and understates the real one; the 5 % quantile, about the smallest, "
            "overstates its own likewise, so each 90 % interval is narrower than the real "
            "one; rerun with more replications (a larger replications=): about 200 put 10 "
            "beyond it")


def test_a_run_holds_the_sanity_warnings_the_commands_print() -> None:
    """A cap on a program that refers people only in its ramp-up buys slots nobody
    fills: the Python result says so, as ``finsim size`` does on stderr (the worked
    example of docs/python-api.md refers on demand, so its slots are filled)."""
    scenario = ROOT / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
    ask = {"start": "2027-01", "months": 12, "caps": {"land_esf": 2_000_000},
           "replications": 4, "jobs": 1, "confidence": 0.9}
    empty = finsim.size(scenario, **ask)
    assert [w.split(" is ")[0] for w in empty.run.warnings[:-1]] == ["occupancy in 2027"]
    assert empty.run.warnings[-1] == _too_few(4)  # as finsim run says it
    filled = finsim.size(scenario, **ask,
                         overrides={"participants.referrals_per_month": "on_demand"})
    assert filled.run.warnings == [_at_the_end(filled.sizing.planned.peak), _too_few(4)]
    assert filled.slots < empty.slots / 3


def test_size_holds_the_warning_that_the_replications_are_too_few() -> None:
    """The docs' example at 20 replications cannot tell 229 slots from 230: ``finsim
    size`` warns so, the call said nothing (the run warned only of the people leaving at
    the period's end). ``Size.warnings`` holds it in the call's words, then the run's
    sanity warnings. The search's 229 plans 228 slots: each provider's 161 scaled by
    229 / 161, half up on its own."""
    scenario = ROOT / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
    plan = finsim.size(scenario, start="2027-01", months=12, caps={"land_esf": 2_000_000},
                       overrides={"participants.referrals_per_month": "on_demand"},
                       replications=20, jobs=1, confidence=0.9)
    assert plan.slots == 229 and plan.sizing.planned.peak == 228
    assert plan.run.warnings == [_at_the_end(228)]
    assert plan.warnings == [
        "20 replications are too few to tell 229 slots from 230 (cap land_esf=2000000): at "
        "229 slots the 90 % bootstrap interval of the 90% quantile of funding_land_esf "
        "(1,974,718.16 EUR – 2,029,909.88 EUR) contains 2,000,000.00 EUR; rerun with more replications "
        "(a larger replications=)", _at_the_end(228)]
    flows = plan.run.flows()
    flows = flows[(flows["provider"] == "all") & (flows["month"] == "2027-12")]
    assert (flows["participants"].item(), flows["exits_max_duration"].item()) == (42.5, 180.35)
    exits = plan.run.result.metric("exits_max_duration")  # the expected 179.0 within noise
    assert abs(exits.mean() - 228 * STAYING) < 3 * exits.std() / np.sqrt(exits.size)
    summary = plan.run.summary().set_index("metric")["mean"]
    assert (summary["participants_at_end"], summary["exits_max_duration"]) == (42.5, 180.35)
    empty = finsim.size(scenario, start="2027-01", months=12, replications=4, jobs=1,
                        confidence=0.9)
    assert empty.sizing is None
    assert empty.warnings[:len(empty.run.warnings) - 1] == empty.run.warnings[:-1]
    assert _too_few(4) not in empty.warnings  # size says it of its own quantile


def test_sensitivity_holds_the_notes_and_warnings_the_command_prints() -> None:
    """``finsim sensitivity`` warns that a range's end puts the wage below the minimum
    wage (an unlawful point, shown as a swing end) and notes a parameter the overrides
    hold; ``Sensitivity`` had no warnings at all. 13.90 EUR x 0.9 = 12.51 EUR. The file
    moves its 2013 base to 2026 and pins ``prices.base_year: 2026``, so no price line.
    The note is among the notes, not the warnings."""
    scenario = ROOT / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
    low = finsim.sensitivity(scenario, {"costs.wages.hourly": (0.9, 1.1)},
                             scaled={"costs.wages.hourly"}, metrics=["cost_total"],
                             replications=2, jobs=1)
    assert low.warnings == [
        "at costs.wages.hourly=*0.9: costs.wages.hourly: 12.51 EUR/hour in 2026-01 is below "
        "the statutory minimum wage of 13.90 EUR in force since 2026-01 (24 of 24 months "
        "below it)"]
    held = finsim.sensitivity(ROOT / "tests" / "fixtures" / "small.yaml",
                              overrides={"employment.hazards.placement": 0.01},
                              metrics=["cost_total"], replications=2, jobs=1)
    assert held.notes == [
        "employment.hazards.placement is not varied: the overrides hold it at the value "
        "given, so its range in the uncertainty block is left out; "
        "params={'employment.hazards.placement': (LOW, HIGH)} varies it"]
    assert held.warnings == []


def test_size_warnings_hold_the_plan_s_own() -> None:
    """``finsim size`` warns that a mid-year start takes land_esf's 2014 budget whole;
    ``Size.warnings`` held only the search's and the run's, so the call said nothing."""
    plan = finsim.size(ROOT / "tests" / "fixtures" / "small.yaml", start="2014-07",
                       months=12, overrides={"funding.land_esf.cap_per_year": 9000},
                       replications=5, jobs=1, confidence=0.9)
    fresh = [w for w in plan.warnings if w.startswith("funding.land_esf.cap_per_year: ")]
    assert len(fresh) == 1 and "its whole 2014 budget (9,000.00 EUR)" in fresh[0]
    assert "--set" not in fresh[0]  # in the call's words


def test_size_says_when_nothing_binds_as_the_command_does() -> None:
    """A cap no slot count reaches, referrals on demand: the answer is max_slots, the
    search's end. The command prints ``binding: none up to --max-slots``; the result said
    nothing (its repr "60 slots" read as what the cap buys)."""
    plan = finsim.size(ROOT / "tests" / "fixtures" / "small.yaml", start="2025-01", months=12,
                       caps={"jobcenter": 1e12}, max_slots=60, replications=5, jobs=1,
                       overrides={"participants.referrals_per_month": "on_demand"}, confidence=0.9)
    assert plan.slots == 60 and plan.sizing.binding == []
    assert repr(plan).endswith(", 60 slots (60 at the peak, 2025-01), binding: none up to "
                               "max_slots, 8 warnings>")  # its two funders short: one
    assert plan.warnings[0] == (
        "binding: none up to max_slots: 60 slots is the search's upper end, not what the caps "
        "allow; raise max_slots to search further")
    bound = finsim.size(ROOT / "tests" / "fixtures" / "small.yaml", start="2025-01",
                        months=12, targets={"entries": 1}, max_slots=60, replications=5,
                        jobs=1, confidence=0.9)
    assert bound.slots == 1 and not any(w.startswith("binding") for w in bound.warnings)
    assert repr(bound).endswith(", 1 slot (1 at the peak, 2025-01), binding: none: the targets are "
                                "reached already "
                                "at the fewest slots searched, 7 warnings>")


MESSAGE_SOURCES = ("analysis/sizing.py", "analysis/sensitivity.py", "analysis/compare.py",
                   "analysis/sanity.py", "analysis/ranges.py", "analysis/starts.py",
                   "report/plan.py", "scenario/load.py")
"""Where the messages and warnings a call passes on are written (in the command line's
options: the calls translate them, ``api._in_words``)."""
COMMAND_LINE_ONLY = {"--strict"}
"""Options with no argument of a call: their messages never reach Python."""
NOT_MESSAGES = {"'--out'", "'--force'", "'--out='"}
"""Texts that are no message: the options ``scenario.load`` leaves out of a record's
command line when it quotes the command to run again (a shell command, as recorded)."""


def _texts(path: Path) -> list[str]:
    """Every text of a module but its docstrings and notes (f-strings' literal parts too)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    notes = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in notes]


def test_python_messages_name_the_call_s_arguments_not_options() -> None:
    """The docs promise messages in the call's words; "--cap", "-n 2", "--as-of" and a
    garbled "(overrides funding.x.cap_per_year=...)" got through."""
    from finsim.analysis import sanity
    from finsim.api import _in_words
    from finsim.scenario import Month

    option = re.compile(r"(?<![\w)-])--?[a-z][\w-]*")
    left = {f"{source}: {text!r}": found for source in MESSAGE_SOURCES
            for text in _texts(ROOT / "finsim" / source) if repr(text) not in NOT_MESSAGES
            if (found := set(option.findall(_in_words(text))) - COMMAND_LINE_ONLY)}
    assert left == {}
    fresh = sanity._fresh_year_line("land_esf", "cap_per_year", 1e6, Month(2026, 1),
                                    Month(2026, 7), Month(2027, 6), "en")
    assert _in_words(fresh).endswith(
        "lower that year's budget by what was used (add {'funding.land_esf.cap_per_year': "
        "{'2026-01': ..., '2027-01': 1000000}} to the overrides, every year written out, as "
        "one number would replace the later years' budgets too) or start the period in "
        "2026-01")
    dated = sanity._fresh_year_line("land_esf", "cap_per_year", {"2026-01": 1e6},
                                    Month(2026, 1), Month(2026, 7), Month(2027, 6), "en")
    assert _in_words(dated).endswith(
        "lower that year's budget by what was used (add {'funding.land_esf.cap_per_year': "
        "{'2026-01': ..., '2027-01': 1000000}} to the overrides, every year written out, as "
        "one number would replace the later years' budgets too) or start the period in "
        "2026-01")
    assert _in_words("use -n 2 or more; after --samples 64") == \
        "use replications=2 or more; after samples=64"
    assert _in_words("or an --as-of at most a month or two, 7 months before --as-of "
                     "2026-12") == ("or an actuals.as_of at most a month or two, 7 months "
                                    "before actuals.as_of 2026-12")
    with pytest.raises(finsim.ScenarioError) as refused:
        finsim.size(ROOT / "tests" / "fixtures" / "small.yaml", caps={"land_esf": 5000},
                    overrides={"funding.land_esf.cap_total": 1000}, replications=2, confidence=0.9)
    assert str(refused.value).endswith("so the search would only answer max_slots; give caps "
                                       "a value below 1,000.00 or raise the scenario's cap")


MINIMUM_WAGE = ROOT / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
UNLAWFUL = {"period.start": "2029-01", "costs.wages.hourly": 12}
"""A wage below the minimum wage in a period the scenario's referrals have left empty
(the start moved past its ramp-up, which a warning says too): ``finsim run`` prints
eight warnings (the first: 2029 and 2030 under half occupied, one line; the last: two
replications are too few for the 90 % intervals)."""


def test_a_call_issues_its_result_s_warnings_as_finsim_warnings() -> None:
    """A notebook shows only what goes through ``warnings.warn``: the warnings of an
    unlawful wage and an empty program were only in ``result.warnings``, unseen. Each is
    issued as a ``FinsimWarning`` pointed at the caller's line, counted in the repr, and
    a filter on the category silences them."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = finsim.run(MINIMUM_WAGE, UNLAWFUL, replications=2, jobs=1)
    assert [str(w.message) for w in caught] == result.warnings and len(caught) == 8
    assert result.warnings[-1] == _too_few(2)
    assert {(w.category, w.filename) for w in caught} == {(finsim.FinsimWarning, __file__)}
    assert issubclass(finsim.FinsimWarning, UserWarning)
    assert result.warnings[0] == (
        "occupancy in 2 years is under 50% of the slots (participants at month end, mean; "
        "each year with its occupancy, then participants of slots): 2029 1% (1.7 of 161); "
        "2030 4% (6.2 of 161): too few referrals for the slots? A program that keeps going: "
        "referrals_per_month: on_demand, initial: full (docs/running-programs.md)")
    assert repr(result).endswith(", mean cost 854,389.95 EUR, 8 warnings>")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=finsim.FinsimWarning)
        finsim.run(MINIMUM_WAGE, UNLAWFUL, replications=2, jobs=1)
    assert caught == []


def test_compare_sensitivity_and_size_issue_theirs_and_count_them() -> None:
    """``compare`` issues the comparison's warnings and then each run's after its label
    (as ``finsim compare`` prints them); ``size`` and ``sensitivity`` their ``warnings``.
    A result without warnings keeps its short repr."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clean = finsim.run(ROOT / "tests" / "fixtures" / "small.yaml", replications=20,
                           jobs=1)  # enough for the 90 % intervals: no warning
        comparison = finsim.compare(MINIMUM_WAGE, finsim.load(MINIMUM_WAGE, UNLAWFUL),
                                    replications=2, jobs=1)
        said = [str(w.message) for w in caught]
    assert caught[0].filename == __file__ and "warning" not in repr(clean)
    label = "aktiv-statt-passiv-2026-minimum-wage [period.start=2029-01, costs.wages.hourly=12]"
    unlawful = comparison.runs[label].warnings  # compare says no interval's
    assert len(unlawful) == 7 and _too_few(2) not in unlawful
    assert said == comparison.warnings
    assert comparison.warnings[1:] == [f"{label}: {line}" for line in unlawful]
    assert comparison.warnings[0].startswith("the scenarios cover different periods")
    assert len(said) == 8 and repr(comparison).endswith("2 replications each, 8 warnings>")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = finsim.size(MINIMUM_WAGE, start="2027-01", months=12, replications=2, jobs=1,
                           confidence=0.9)
        sens = finsim.sensitivity(MINIMUM_WAGE, {"costs.wages.hourly": (0.9, 1.1)},
                                  scaled={"costs.wages.hourly"}, metrics=["cost_total"],
                                  replications=2, jobs=1)
    assert [str(w.message) for w in caught] == [*plan.warnings, *sens.warnings]
    assert repr(plan).endswith("2027-01 + 12 months at 90%, 3 warnings>")
    assert plan.warnings[2].startswith(  # its three funders short of 90 %: one line
        "3 funders: the yearly requests together cover the funder's period total in fewer "
        "than 90% of the 2 replications, the confidence, and no line of the plan lies higher "
        "(each with its share of the replications): Stadt Dortmund (eingesparte KdU, "
        "Passiv-Aktiv-Transfer) 50%; Jobcenter Dortmund (§ 16e SGB II) 50%; Land NRW / ESF+ "
        "(60 % Land, 40 % EU, geschätzt) 50%: 2 replications are too few")
    assert plan.warnings[0].startswith("2 replications are too few for a 90% quantile: ")
    assert repr(sens).endswith("3 points x 2 replications, 1 warning>")
    assert sens.warnings == [
        "at costs.wages.hourly=*0.9: costs.wages.hourly: 12.51 EUR/hour in 2026-01 is below "
        "the statutory minimum wage of 13.90 EUR in force since 2026-01 (24 of 24 months "
        "below it)"]


def test_the_command_prints_each_warning_once_and_issues_none(tmp_path) -> None:
    """The command line prints the run's warnings itself: it does not call the API, so
    nothing reaches ``warnings.warn`` and no line is said twice."""
    import warnings

    from click.testing import CliRunner

    from finsim.cli import main

    sets = [arg for path, value in UNLAWFUL.items() for arg in ("--set", f"{path}={value}")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        done = CliRunner().invoke(main, ["run", str(MINIMUM_WAGE), *sets, "-n", "2", "-j",
                                         "1", "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    printed = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    assert len(printed) == 8 == len(set(printed))
    assert printed[-1] == "warning: " + _too_few(2).replace(
        "more replications (a larger replications=)", "more --replications")
    assert not [w for w in caught if w.category is finsim.FinsimWarning]


ON_DEMAND = {"participants.referrals_per_month": "on_demand"}
SET_START = ("period.start: size plans the period of start/months; set here too, it moves "
             "the program's own start (from which the warm-up runs), not the period planned; "
             "give the first month as start alone, not in overrides (given: '2028-01')")


def test_size_refuses_an_override_of_the_period_it_plans() -> None:
    """``size(start="2027-01", overrides={"period.start": "2028-01"})`` moved the program's
    own start to 2028, so 2027 was planned with no warm-up (nobody in the slots at the
    start), without a word; ``period.months`` beside ``months=`` was dropped. Each is
    refused before any work, one line each; an override the call does not set is used."""
    with pytest.raises(finsim.ScenarioError) as refused:
        finsim.size(MINIMUM_WAGE, start="2027-01", months=12,
                    overrides={"period.start": "2028-01", **ON_DEMAND}, replications=2,
                    confidence=0.9)
    assert str(refused.value) == f"{MINIMUM_WAGE} (overrides): {SET_START}"
    with pytest.raises(finsim.ScenarioError) as refused:
        finsim.size(finsim.load(MINIMUM_WAGE), start="2027-01", months=12, replications=2,
                    overrides={"period": {"start": "2028-01", "months": 6}}, confidence=0.9)
    assert str(refused.value).splitlines() == [
        f"<scenario> (overrides): {SET_START}",
        "<scenario> (overrides): period.months: size plans the period of start/months; set "
        "here too, it is replaced by months; give the length as months alone, not in "
        "overrides (given: 6)"]
    kept = finsim.size(MINIMUM_WAGE, start="2027-01", overrides={"period.months": 6},
                       replications=2, jobs=1, confidence=0.9)
    assert (kept.run.scenario.period.start, kept.run.scenario.period.months) == ("2027-01", 6)


def test_the_command_refuses_a_set_of_the_period_it_plans(tmp_path) -> None:
    """``finsim size --start 2027-01 --set period.start=2028-01`` planned 0.0 people in the
    slots at the start (no warm-up): exit 2 and one line, before any work."""
    from click.testing import CliRunner

    from finsim.cli import main

    done = CliRunner().invoke(main, [
        "size", str(MINIMUM_WAGE), "--start", "2027-01", "--months", "12", "--confidence",
        "0.9", "--set", "period.start=2028-01", "--set", "period.months=12", "-n", "2",
        "--out", str(tmp_path / "out")])
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        f"{MINIMUM_WAGE} (--set): period.start: size plans the period of --start/--months; "
        "set here too, it moves the program's own start (from which the warm-up runs), not "
        "the period planned; give the first month as --start alone, not in --set (given: "
        "'2028-01')",
        f"{MINIMUM_WAGE} (--set): period.months: size plans the period of --start/--months; "
        "set here too, it is replaced by --months; give the length as --months alone, not in "
        "--set (given: 12)"]
    assert not (tmp_path / "out").exists()


def test_a_record_says_its_command_as_recorded_in_python_too(tmp_path, monkeypatch) -> None:
    """``finsim.load("c/compare.json")`` told to run "finsim compare ... replications=2
    seed 9 add {'providers.alpha.slots': 25} to the overrides": the command line renamed
    as the call's arguments, neither a command nor Python. The command is quoted as
    recorded, as the command line quotes it, for every call that reads a scenario."""
    from click.testing import CliRunner

    from finsim.cli import main

    small = str(ROOT / "tests" / "fixtures" / "small.yaml")
    monkeypatch.chdir(tmp_path)
    recorded = {
        "c/compare.json": ["compare", small, small, "-n", "2", "--seed", "9", "--set",
                           "providers.alpha.slots=25", "-j", "1", "-q", "--out", "c"],
        "s/sensitivity.json": ["sensitivity", small, "--param", "costs.wages.hourly=*0.9:1.1",
                               "--metric", "cost_total", "-n", "2", "--seed", "3", "-j", "1",
                               "-q", "--out", "s"],
        "z/size.json": ["size", small, "--start", "2025-01", "--months", "12", "--confidence",
                        "0.9", "--cap", "jobcenter=1e12", "--set",
                        "participants.referrals_per_month=on_demand", "-n", "2", "-j", "1",
                        "-q", "--out", "z"]}
    for args in recorded.values():
        monkeypatch.setattr("sys.argv", ["finsim", *args])
        assert CliRunner().invoke(main, args).exit_code == 0
    commands = {
        "c/compare.json": ("a compare", f"finsim compare {small} {small} -n 2 --seed 9 --set "
                           "providers.alpha.slots=25 -j 1 -q", "one of its scenarios' files"),
        "s/sensitivity.json": ("a sensitivity analysis", f"finsim sensitivity {small} --param "
                               "'costs.wages.hourly=*0.9:1.1' --metric cost_total -n 2 --seed "
                               "3 -j 1 -q", "its scenario's file"),
        "z/size.json": ("a size search", f"finsim size {small} --start 2025-01 --months 12 "
                        "--confidence 0.9 --cap jobcenter=1e12 --set "
                        "participants.referrals_per_month=on_demand -n 2 -j 1 -q",
                        "its scenario's file")}
    for record, (what, command, files) in commands.items():
        line = (f"{record}: finsim's record of {what}, not a scenario or a run's run.json: run "
                f"the command it recorded again ({command}), or give {files} to run")
        refused = CliRunner().invoke(main, ["validate", record])
        assert (refused.exit_code, refused.output.strip()) == (2, line)
        for call, more in ((finsim.load, {}), (finsim.run, {}),
                           (finsim.size, {"confidence": 0.9})):
            with pytest.raises(finsim.ScenarioError) as raised:
                call(record, **more)
            assert str(raised.value) == line, call


def test_a_bad_finsim_scheduler_is_named_as_the_variable(monkeypatch) -> None:
    """``FINSIM_SCHEDULER=garbage`` was blamed on ``finsim.run: scheduler``, an argument
    the notebook never gave; it names the variable now, as the command line does, and
    how to stay local. A ``scheduler=`` given is still named as the argument."""
    small = ROOT / "tests" / "fixtures" / "small.yaml"
    monkeypatch.setenv("FINSIM_SCHEDULER", "garbage")
    problem = ("not a scheduler address (missing port number in address 'garbage'); expected "
               "e.g. tcp://host:8786 or local:2 (given: 'garbage')")
    with pytest.raises(finsim.ScenarioError) as refused:
        finsim.run(small, replications=2)
    assert str(refused.value) == (f"finsim.run: $FINSIM_SCHEDULER: {problem} — or give "
                                  "scheduler=\"\" to stay local")
    with pytest.raises(finsim.ScenarioError) as refused:
        finsim.run(small, replications=2, scheduler="garbage")
    assert str(refused.value) == f"finsim.run: scheduler: {problem}"
    monkeypatch.setenv("FINSIM_SCHEDULER", "local:0")
    with pytest.raises(finsim.ScenarioError) as refused:
        finsim.size(small, replications=2, confidence=0.9)
    assert str(refused.value) == (
        "finsim.size: $FINSIM_SCHEDULER: expected local:N with N worker processes, e.g. "
        "local:2 (given: 'local:0') — or give scheduler=\"\" to stay local")
    assert finsim.run(small, replications=2, scheduler="").result.aggregate.count == 2


def test_size_gives_the_credit_lines_the_command_writes(tmp_path) -> None:
    """``finsim size`` writes credit.csv and prints "Credit line needed at 90% confidence"
    per provider; ``Size`` had no way to them (``providers()`` has p05/p50/p95 only).
    ``credit()`` holds credit.csv's cells, to the cent."""
    import pandas as pd
    from click.testing import CliRunner

    from finsim.cli import main

    ask = ["--start", "2027-01", "--months", "12", "--confidence", "0.9", "-n", "4",
           "--seed", "3", "-j", "1"]
    done = CliRunner().invoke(main, ["size", str(MINIMUM_WAGE), *ask, "--out",
                                     str(tmp_path / "cli")])
    assert done.exit_code == 0, done.output
    plan = finsim.size(MINIMUM_WAGE, start="2027-01", months=12, confidence=0.9,
                       replications=4, seed=3, jobs=1)
    credit = plan.credit()
    written = pd.read_csv(tmp_path / "cli" / "credit.csv")
    assert list(credit.columns) == list(written.columns) == [
        "provider", "peak_prefinancing_mean", "quantile_level", "credit_line",
        "months_negative_mean"]
    assert credit["provider"].dtype == "category"
    pd.testing.assert_frame_equal(credit.astype({"provider": str}), written,
                                  check_exact=True)
    assert credit.set_index("provider").loc[["caritas", "all"], "credit_line"].tolist() == [
        122_951.72, 807_425.05]
    assert ("Credit line needed at 90% confidence (EUR): Caritasverband Dortmund 122,952, CJD Dortmund 181,788"
            in done.stdout)


def test_no_frame_shows_a_negative_zero() -> None:
    """The seed's kommune pays and saves 459,923.22 in 2013: ``fiscal()`` gave its net
    as -0.0 (a notebook shows "-0.00"), where fiscal.csv writes 0.00; cashflow(),
    providers(), summary() and replications() had such zeros too."""
    import numpy as np

    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    result = finsim.run(seed, replications=50, seed=2013, jobs=1)
    first = result.fiscal().iloc[0]
    assert (first["budget"], first["year"], first["paid"], first["saved"]) == (
        "kommune", 2013, 459_923.22, 459_923.22)
    assert first["net"] == 0 and not np.signbit(first["net"])
    for name in ("summary", "ledger", "flows", "cashflow", "fiscal", "structure",
                 "providers", "replications"):
        floats = getattr(result, name)().select_dtypes("float").to_numpy()
        assert not (np.signbit(floats) & (floats == 0)).any(), name


def test_a_comparison_counts_what_it_says_and_its_runs_hold_what_it_said() -> None:
    """``repr`` said "2 warnings" (the double slots' occupancy) while ``warnings`` was
    [], and each run's ``warnings`` held a "12 replications are too few" line that
    compare never said: ``warnings`` and ``notes`` hold all that compare says (a run's
    after its label), the ``repr`` counts them, and a run holds what compare said of it."""
    import warnings

    base, double = (ROOT / "scenarios" / f"aktiv-statt-passiv-2013{suffix}.yaml"
                    for suffix in ("", "-double-slots"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        comparison = finsim.compare(base, double, replications=12, seed=3, jobs=1)
    occupancy = ["occupancy in 2 years is under 50% of the slots (participants at month end, "
                 "mean; each year with its occupancy, then participants of slots): 2013 45% "
                 "(144.9 of 322); 2014 44% (143.3 of 322): too few referrals for the slots? A "
                 "program that keeps going: referrals_per_month: on_demand, initial: full "
                 "(docs/running-programs.md)"]
    label = "Aktiv statt passiv! 2013-2014, doppelte Platzzahl"
    assert comparison.warnings == [f"{label}: {line}" for line in occupancy]
    assert [str(w.message) for w in caught] == comparison.warnings and comparison.notes == []
    assert repr(comparison).endswith("12 replications each, 1 warning>")
    assert comparison.runs[label].warnings == occupancy
    assert comparison.runs["Aktiv statt passiv! Dortmund 2013-2014"].warnings == []
    comparison.runs.pop(label)  # a dict of its own each time
    assert list(comparison.runs)[1] == label


def test_a_loaded_scenario_s_repr_is_a_few_lines() -> None:
    """It was pydantic's, every field: 7,244 characters in a notebook's cell."""
    small = ROOT / "tests" / "fixtures" / "small.yaml"
    scn = finsim.load(small, {"providers.alpha.slots": 12})
    assert repr(scn) == (
        "<finsim.Scenario 'Small test program': 2013-01 + 24 months,\n"
        " 2 providers (slots): alpha 12, beta 10 to 20,\n"
        " 3 funders: jobcenter, land_esf, employers,\n"
        f" file {small} with providers.alpha.slots=12>")
    assert scn.model_dump()["providers"][0]["slots"] == 12  # the whole content
    plan = finsim.size(small, start="2014-01", months=12, confidence=0.9, replications=20,
                       jobs=1)
    moved = "<finsim.Scenario 'Small test program': 2014-01 + 12 months,\n"
    assert repr(plan.run.scenario).startswith(moved)  # not the file as loaded: none named
    assert repr(plan.run.scenario).endswith(" 3 funders: jobcenter, land_esf, employers>")
    assert repr(finsim.load(plan.run.scenario, {"costs.wages.hourly": 15})).endswith(
        "employers,\n with costs.wages.hourly=15>")


def test_a_scenario_s_repr_counts_the_providers_past_ten() -> None:
    from finsim.scenario.model import _listed

    assert _listed([f"p{i}" for i in range(12)]) == (
        "p0, p1, p2, p3, p4, p5, p6, p7, p8, p9 and 2 more")
    assert _listed(["a", "b"]) == "a, b"

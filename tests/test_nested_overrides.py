"""Overrides whose value is a mapping (``{"providers.werkhof": {"slots": 30}}``,
``--set 'providers.cjd={slots: 7}'``) merge into what they override by the rule of
``base:``; overlapping overrides are refused; a Python value is quoted as given."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import finsim
from finsim.cli import main
from finsim.scenario.load import load_scenario, resolved_data

ROOT = Path(__file__).parent.parent
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def test_a_provider_given_as_a_mapping_keeps_its_other_keys_to_the_cent() -> None:
    """``{"providers.werkhof": {"slots": 30}}`` replaced werkhof whole: its name became
    '', its fields [] and its management cost the default, so its cost rose from
    1,592,845.29 to 1,610,038.32 without a word. Merged, it runs as the dotted path."""
    block = finsim.run(SEED, {"providers.werkhof": {"slots": 30}}, replications=3, seed=1,
                       jobs=1)
    dotted = finsim.run(SEED, {"providers.werkhof.slots": 30}, replications=3, seed=1,
                        jobs=1)
    assert block.ledger().equals(dotted.ledger())
    assert block.summary().equals(dotted.summary())
    werkhof = next(p for p in block.scenario.providers if p.id == "werkhof")
    assert (werkhof.name, werkhof.slots, werkhof.costs.staff.management_cost_per_year) \
        == ("Werkhof Projekt gGmbH", 30, 2000.0)
    full = finsim.run(SEED, {"providers.werkhof": {"slots": 30}}, replications=20, seed=1,
                      jobs=1).providers()
    cost = full[(full.provider == "werkhof") & (full.metric == "cost_total")]["mean"]
    assert round(cost.item() * 100) == 159284529


def test_the_command_line_merges_a_mapping_too() -> None:
    """``--set 'providers.cjd={slots: 7}'`` is ``--set providers.cjd.slots=7``, and
    ``finsim show`` prints the same scenario for both."""
    assert resolved_data(load_scenario(SEED, ["providers.cjd={slots: 7}"])) \
        == resolved_data(load_scenario(SEED, ["providers.cjd.slots=7"]))
    shown = [CliRunner().invoke(main, ["show", str(SEED), "--set", given]).output
             for given in ("providers.cjd={slots: 7}", "providers.cjd.slots=7")]
    assert shown[0] == shown[1]
    assert "slots: 7" in shown[0]


def test_a_schedule_given_as_a_mapping_replaces_the_whole_schedule() -> None:
    """A schedule is one value, as in a ``base:``: the months given, none of the file's
    (2013-02 to 2013-04) left over; a funder's ``covers`` likewise (none of the file's
    staff, material and qualification shares)."""
    scn = finsim.load(SEED, {"participants.referrals_per_month": {"2013-01": 100}})
    assert scn.participants.referrals_per_month == {"2013-01": 100.0}
    scn = finsim.load(SEED, {"funding.land_esf.covers": {"wages": 0.2}})
    assert next(f for f in scn.funding if f.id == "land_esf").covers == {"wages": 0.2}


def test_a_mapping_holds_over_the_draws_of_the_keys_it_gives_alone() -> None:
    """``{"employment.hazards": {"placement": 0.01}}`` sets the placement, not the
    dropout: the placement's draw is dropped, the dropout's kept with its value."""
    scn = finsim.load(SEED, {"employment.hazards": {"placement": 0.01}})
    assert (scn.employment.hazards.placement, scn.employment.hazards.dropout) == (0.01, 0.005)
    assert "employment.hazards.placement" not in scn.uncertainty
    assert "employment.hazards.dropout" in scn.uncertainty


BLOCK_TEXT = 'employment.hazards={"placement": 0.005, "dropout": 0.01}'


def test_a_path_given_with_a_path_inside_it_is_refused_in_either_order() -> None:
    """``{"employment.hazards.placement": 0.02, "employment.hazards": {...}}`` ran at
    0.005, the other order at 0.02, without a word: the order decided. Refused, one line
    naming both, as a path given twice is."""
    block = {"placement": 0.005, "dropout": 0.01}
    inner_first = {"employment.hazards.placement": 0.02, "employment.hazards": block}
    block_first = {"employment.hazards": block, "employment.hazards.placement": 0.02}
    assert _refusal(inner_first) == [
        f"{SEED} (overrides): employment.hazards: given with a path inside it "
        f"(employment.hazards.placement=0.02 and {BLOCK_TEXT}): set each value once, "
        "in the mapping or by its own path"]
    assert _refusal(block_first) == [
        f"{SEED} (overrides): employment.hazards.placement: given inside a path also given "
        f"({BLOCK_TEXT} and employment.hazards.placement=0.02): set each value once, in "
        "the mapping or by its own path"]


def test_a_provider_by_position_and_a_key_of_it_by_id_are_refused_on_the_cli() -> None:
    """Paths are compared as the 'given twice' check compares them: a provider named by
    its position is the provider named by its id."""
    done = CliRunner().invoke(main, ["show", str(SEED), "--set", "providers.0={slots: 3}",
                                     "--set", "providers.caritas.slots=4"])
    assert done.exit_code == 2
    assert done.output.splitlines() == [
        f"{SEED} (--set): providers.caritas.slots: given inside a path also given "
        "(providers.0={slots: 3} and providers.caritas.slots=4): set each value once, in "
        "the mapping or by its own path"]


def _refusal(overrides: dict) -> list[str]:
    """The lines of the ScenarioError ``finsim.load`` raises for ``overrides``."""
    try:
        finsim.load(SEED, overrides)
    except finsim.ScenarioError as err:
        return str(err).splitlines()
    raise AssertionError("not refused")


def test_a_python_none_is_quoted_as_none_and_the_command_line_s_null_as_written() -> None:
    """``{"providers.werkhof.slots": None}`` was quoted ``(given: 'null')``, the text
    finsim made of it, as if the user had passed the string 'null' (which is quoted
    so); in a mapping too. The command line's ``null`` is quoted as written."""
    slots = ("providers.werkhof.slots: expected a whole number from 0 to 1,000,000 or a "
             "schedule {YYYY-MM: value}")
    assert _refusal({"providers.werkhof.slots": None}) == [
        f"{SEED} (overrides): {slots} (given: None)"]
    assert _refusal({"providers.werkhof": {"slots": None}}) == [
        f"{SEED} (overrides): {slots} (given: None)"]
    assert _refusal({"providers.werkhof.slots": "null"}) == [
        f"{SEED} (overrides): {slots} (given: 'null')"]
    done = CliRunner().invoke(main, ["show", str(SEED), "--set", "providers.werkhof.slots=null"])
    assert done.exit_code == 2
    assert done.output.splitlines() == [f"{SEED} (--set): {slots} (given: 'null')"]


SMALL = ROOT / "tests" / "fixtures" / "small.yaml"


def test_a_set_null_under_uncertainty_drops_that_draw_as_a_file_over_its_base(tmp_path
                                                                               ) -> None:
    """The fuzz probe's: ``--set uncertainty.employment.hazards.placement=null`` (and the
    mapping ``uncertainty={employment.hazards.placement: null}``) was refused "expected a
    distribution", though a file over its base drops a draw so. Both now run as that
    file does, to the cent, keeping the other draw."""
    child = tmp_path / "child.yaml"
    child.write_text(f"base: {SMALL}\nuncertainty: {{employment.hazards.placement: null}}\n",
                     "utf-8")
    common = ["-n", "3", "-j", "1", "-q"]
    runs = {}
    for name, args in {"file": [str(child)],
                       "dotted": [str(SMALL), "--set",
                                  "uncertainty.employment.hazards.placement=null"],
                       "mapping": [str(SMALL), "--set",
                                   "uncertainty={employment.hazards.placement: null}"]}.items():
        ran = CliRunner().invoke(main, ["run", *args, *common, "--out", str(tmp_path / name)])
        assert ran.exit_code == 0, ran.output
        runs[name] = (tmp_path / name / "summary.csv").read_text("utf-8")
    assert runs["dotted"] == runs["file"] == runs["mapping"]
    assert list(load_scenario(SMALL, ["uncertainty.employment.hazards.placement=null"])
                .uncertainty) == ["costs.wages.annual_increase"]


def test_a_set_null_where_nothing_is_drawn_is_refused_as_in_a_file(tmp_path) -> None:
    for given in ("uncertainty.employment.hazards.dropout=null",
                  "uncertainty={employment.hazards.dropout: null}"):
        ran = CliRunner().invoke(main, ["run", str(SMALL), "-n", "1", "--set", given,
                                        "--out", str(tmp_path / "r")])
        assert ran.exit_code == 2
        assert ran.stderr.splitlines() == [
            f"{SMALL} (--set): uncertainty.employment.hazards.dropout: null drops a draw of "
            "the scenario, and it draws no such parameter — did you mean "
            "'employment.hazards.placement'?"]

"""A list over a base: ``!replace`` writes it instead of the base's, and a list that names
none of the base's ids (a planner's own providers on the Dortmund file) is warned of, as it
keeps every item of the base's (probe9: 11 providers and 261 slots instead of 100, costs
2.6 times too high, validated ``ok`` in silence)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from finsim.analysis import sanity
from finsim.cli import main
from finsim.scenario import ScenarioError, load_scenario
from finsim.scenario.paths import deep_merge

from .conftest import ROOT

TWO = """\
providers:{tag}
  - {{id: traeger_a, name: Träger A Leipzig, slots: 50}}
  - {{id: traeger_b, name: Träger B Leipzig, slots: 50}}
"""


def _over(folder: Path, text: str, base: str = "base.yaml") -> Path:
    path = folder / "city.yaml"
    path.write_text(f"name: Leipzig\nbase: {base}\n{text}", encoding="utf-8")
    return path


@pytest.fixture
def base(tmp_path: Path, small_data: dict) -> Path:
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(small_data, sort_keys=False))
    return tmp_path


def test_a_list_tagged_replace_keeps_none_of_the_base_s_items(base):
    scn = load_scenario(_over(base, TWO.format(tag=" !replace")))
    assert [(p.id, p.slots) for p in scn.providers] == [("traeger_a", 50), ("traeger_b", 50)]
    assert sanity.kept_base_warnings(scn) == []
    done = CliRunner().invoke(main, ["validate", str(base / "city.yaml")])
    assert (done.exit_code, done.stderr) == (0, "")


def test_a_list_naming_none_of_the_base_s_ids_is_added_and_warned_of(base):
    """Two providers written as the whole list: the line says what the merge made of
    them and what to write for either meaning."""
    path = _over(base, TWO.format(tag=""))
    scn = load_scenario(path)
    assert [p.id for p in scn.providers] == ["alpha", "beta", "traeger_a", "traeger_b"]
    line = ("providers: the 2 providers written here (traeger_a, traeger_b) are added to "
            "the 2 of the base base.yaml, 4 in all, as a list merges with its base's by id "
            "and this one names none of the base's; for these 2 alone write providers: "
            "!replace [...], to keep the base's too name one of them in the list "
            "(- id: alpha)")
    assert sanity.kept_base_warnings(scn) == [line]
    assert sanity.kept_base_warnings(scn, "de") == [
        "providers: die 2 hier geschriebenen Träger (traeger_a, traeger_b) kommen zu den 2 "
        "der Basis base.yaml hinzu, 4 insgesamt, da eine Liste mit der ihrer Basis nach id "
        "zusammengeführt wird und diese keinen der Basis nennt; für diese 2 allein "
        "providers: !replace [...] schreiben, um die der Basis zu behalten, einen davon in "
        "der Liste nennen (- id: alpha)"]
    done = CliRunner().invoke(main, ["validate", str(path)])
    assert done.exit_code == 0
    assert done.stderr.splitlines() == [f"warning: {path}: {line}"]
    assert CliRunner().invoke(main, ["validate", "--strict", str(path)]).exit_code == 2


def test_one_item_added_is_added_and_warned_of_in_the_singular(base):
    """One provider over the base's: a variant's third provider, or a city's only one
    written over the Dortmund file. The merge adds it; the line says so and what to write
    for either meaning, as a silent 2 + 1 would plan the second case's slots several
    times over."""
    path = _over(base, "providers:\n  - {id: gamma, name: Gamma, slots: 5}\n")
    scn = load_scenario(path)
    assert [p.id for p in scn.providers] == ["alpha", "beta", "gamma"]
    assert sanity.kept_base_warnings(scn) == [
        "providers: gamma, written here, is added to the 2 providers of the base base.yaml, "
        "3 in all, as a list merges with its base's by id and this one names none of the "
        "base's; for it alone write providers: !replace [...], to keep the base's too name "
        "one of them in the list (- id: alpha)"]
    assert sanity.kept_base_warnings(scn, "de") == [
        "providers: gamma, hier geschrieben, kommt zu den 2 Trägern der Basis base.yaml "
        "hinzu, 3 insgesamt, da eine Liste mit der ihrer Basis nach id zusammengeführt wird "
        "und diese keinen der Basis nennt; für ihn allein providers: !replace [...] "
        "schreiben, um die der Basis zu behalten, einen davon in der Liste nennen "
        "(- id: alpha)"]
    named = _over(base, "providers:\n  - {id: alpha}\n  - {id: gamma, name: Gamma, slots: 5}\n")
    assert sanity.kept_base_warnings(load_scenario(named)) == []


def test_a_list_naming_one_of_the_base_s_items_adds_without_a_warning(base):
    scn = load_scenario(_over(base, "providers:\n  - {id: alpha}\n"
                                    "  - {id: gamma, name: Gamma, slots: 5}\n"
                                    "  - {id: delta, name: Delta, slots: 5}\n"))
    assert [p.id for p in scn.providers] == ["alpha", "beta", "gamma", "delta"]
    assert sanity.kept_base_warnings(scn) == []


def test_a_base_item_changed_by_id_is_not_warned_of(base):
    scn = load_scenario(_over(base, "providers:\n  - {id: beta, slots: 7}\n"))
    assert [(p.id, p.slots) for p in scn.providers] == [("alpha", 30), ("beta", 7)]
    assert sanity.kept_base_warnings(scn) == []


def test_a_funder_list_is_warned_of_and_a_near_miss_only_as_such(base):
    """Funders too; an unnamed near miss of a base id (``betta``) has its own warning,
    which names the id meant, and not this one as well."""
    two = ("funding:\n  - {id: stadt, name: Stadt, public: true, covers: {wages: 0.1}}\n"
           "  - {id: land, name: Land, public: true, covers: {wages: 0.1}}\n")
    scn = load_scenario(_over(base, two))
    assert [w.split(", as")[0] for w in sanity.kept_base_warnings(scn)] == [
        "funding: the 2 funders written here (stadt, land) are added to the 3 of the base "
        "base.yaml, 5 in all"]
    near = load_scenario(_over(base, "providers:\n  - {id: betta, slots: 5}\n"
                                     "  - {id: gamma, name: Gamma, slots: 5}\n"))
    assert sanity.kept_base_warnings(near) == []
    assert [w.split(":")[0] for w in sanity.near_base_warnings(near)] == ["providers.betta"]


def test_the_warning_goes_with_a_set_that_replaces_the_list(base):
    path = _over(base, TWO.format(tag=""))
    done = CliRunner().invoke(main, ["show", str(path), "--set",
                                     "providers=[{id: c, name: C, slots: 9}]"])
    assert done.exit_code == 0, done.output
    assert "are added to the" not in done.stderr


def test_the_warning_names_the_file_over_the_shipped_2026_file(tmp_path):
    """The probe's file: the nine Dortmund providers kept beside Leipzig's two."""
    base = ROOT / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
    scn = load_scenario(_over(tmp_path, TWO.format(tag=""), str(base)))
    assert (len(scn.providers), sum(p.slots for p in scn.providers)) == (11, 261)
    assert sanity.kept_base_warnings(scn)[0].startswith(
        f"providers: the 2 providers written here (traeger_a, traeger_b) are added to the "
        f"9 of the base {base}, 11 in all, as")
    replaced = load_scenario(_over(tmp_path, TWO.format(tag=" !replace"), str(base)))
    assert (len(replaced.providers), sum(p.slots for p in replaced.providers)) == (2, 100)


def test_replace_before_anything_but_a_list_is_refused_at_its_line(base):
    path = _over(base, "providers: !replace {id: a, slots: 5}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: providers: !replace goes before a list (providers: !replace [...]), not "
        "before a single value or a mapping"]


def test_replace_in_a_file_without_a_base_is_warned_of_at_its_line(tmp_path, small_data):
    """The tag replaces a base's list: without ``base:`` it does nothing, and whoever
    wrote it expected a base. The list is read as written, so a warning, not a refusal."""
    text = yaml.safe_dump({k: v for k, v in small_data.items() if k != "providers"},
                          sort_keys=False)
    path = tmp_path / "alone.yaml"
    path.write_text(f"providers: !replace\n  - {{id: a, name: A, slots: 5}}\n{text}")
    scn = load_scenario(path)
    assert [p.id for p in scn.providers] == ["a"]
    line = (f"{path}:1: providers: !replace has no effect without base: the file has no "
            "base, so the list is read as written; add base: FILE if it is to replace that "
            "file's list, else leave the tag out")
    assert sanity.lone_replace_warnings(scn) == [line]
    assert sanity.lone_replace_warnings(scn, "de") == [
        f"{path}:1: providers: !replace wirkt nicht ohne base: die Datei hat keine Basis, "
        "die Liste gilt wie geschrieben; base: DATEI ergänzen, wenn sie deren Liste "
        "ersetzen soll, sonst die Markierung weglassen"]
    done = CliRunner().invoke(main, ["validate", str(path)])
    assert (done.exit_code, done.stderr.splitlines()) == (0, [f"warning: {line}"])
    assert CliRunner().invoke(main, ["validate", "--strict", str(path)]).exit_code == 2


def test_replace_over_a_base_is_not_warned_of_as_without_one(base):
    scn = load_scenario(_over(base, TWO.format(tag=" !replace")))
    assert sanity.lone_replace_warnings(scn) == []


def test_any_other_tag_is_refused_and_replace_named(base):
    path = _over(base, "providers: !merge []\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: providers: the YAML tag !merge is not part of the scenario format, "
        "which knows !replace (before a list that replaces its base's) and no other tag of "
        "its own; write the value without the tag"]


def test_deep_merge_replaces_a_list_named_whole_at_any_depth():
    base = {"providers": [{"id": "a", "slots": 1, "costs": {"one_off": [{"id": "x"}]}}]}
    over = {"providers": [{"id": "a", "costs": {"one_off": [{"id": "y"}]}}]}
    assert deep_merge(base, over)["providers"][0]["costs"]["one_off"] == [
        {"id": "x"}, {"id": "y"}]
    merged = deep_merge(base, over, whole=frozenset({"providers.a.costs.one_off"}))
    assert merged == {"providers": [{"id": "a", "slots": 1, "costs": {"one_off": [{"id": "y"}]}}]}
    assert deep_merge(base, over, whole=frozenset({"providers"})) == over

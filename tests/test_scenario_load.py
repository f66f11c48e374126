"""Loading scenarios: inheritance, --set, dotted paths, and the resolved view."""

from pathlib import Path

import pytest
import yaml

from finsim.scenario import ScenarioError, get_path, load_scenario, resolved_data, set_path
from finsim.scenario.load import scenario_from_dict
from finsim.scenario.paths import PathError, deep_merge

from .conftest import ROOT, SMALL


def test_small_fixture_loads_with_overrides(small):
    """Per-provider overrides lay over the program's values."""
    beta = small.providers[1]
    assert small.costs_for(beta).material.per_slot_month == 80
    assert small.costs_for(small.providers[0]).material.per_slot_month == 50
    assert small.employment_for(beta).hazards.dropout == 0.02
    assert small.employment_for(beta).hazards.placement == 0.01


def test_paths_address_list_items_by_id(small_data):
    assert get_path(small_data, "providers.alpha.slots") == 30
    assert get_path(small_data, "funding.land_esf.covers.staff") == 1.0
    changed = set_path(small_data, "providers.beta.slots", 12)
    assert get_path(changed, "providers.beta.slots") == 12
    assert get_path(small_data, "providers.beta.slots") != 12  # the original is untouched


def test_unknown_path_names_the_known_ids(small_data):
    with pytest.raises(PathError, match="ids: alpha, beta"):
        get_path(small_data, "providers.gamma.slots")


def test_set_parses_yaml_values_and_validates():
    scn = load_scenario(SMALL, ["providers.alpha.slots=45", "costs.wages.hourly={2013-01: 9}"])
    assert scn.providers[0].slots == 45
    assert scn.costs.wages.hourly == {"2013-01": 9.0}
    with pytest.raises(ScenarioError, match="providers.alpha.slots"):
        load_scenario(SMALL, ["providers.alpha.slots=-1"])


def test_set_plain_value_replaces_a_schedule():
    scn = load_scenario(SMALL, ["participants.referrals_per_month=3"])
    assert scn.participants.referrals_per_month == 3.0


def test_set_without_equals_is_a_user_error():
    with pytest.raises(ScenarioError, match="expected PATH=VALUE"):
        load_scenario(SMALL, ["providers.alpha.slots"])


def test_base_inheritance_merges_by_id(tmp_path: Path):
    """A child overrides one provider's slots, adds a provider, keeps the rest."""
    child = tmp_path / "child.yaml"
    child.write_text(f"""
base: {SMALL}
name: Child
providers:
  - {{id: alpha, slots: 40}}
  - {{id: gamma, slots: 5}}
funding:
  - {{id: jobcenter, covers: {{wages: 0.5}}}}
""")
    scn = load_scenario(child)
    assert scn.name == "Child"
    assert scn.providers[0].slots == 40 and scn.providers[1].slots == {"2013-01": 10, "2014-01": 20}
    assert scn.providers[0].name == "Alpha e.V."  # kept from the base
    assert scn.provider_ids == ["alpha", "beta", "gamma"]
    assert scn.funding[0].covers == {"wages": 0.5}  # covers replaced whole, not merged
    assert scn.funding[0].cap_per_person_month == 2000  # the rest of the funder is kept


def test_base_path_is_relative_to_the_file(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "base.yaml").write_text(SMALL.read_text())
    (tmp_path / "sub" / "child.yaml").write_text("base: base.yaml\nname: Child\n")
    assert load_scenario(tmp_path / "sub" / "child.yaml").name == "Child"


def test_schedule_override_replaces_whole():
    merged = deep_merge({"hourly": {"2013-01": 8.0, "2014-01": 9.0}}, {"hourly": {"2026-01": 13.9}})
    assert merged == {"hourly": {"2026-01": 13.9}}


def _child(tmp_path: Path, text: str):
    child = tmp_path / "child.yaml"
    child.write_text(f"base: {SMALL}\nname: Child\n{text}")
    return load_scenario(child)


def test_an_empty_list_in_a_child_replaces_the_bases(tmp_path: Path):
    """``[]`` means none, as with --set: the base's modules, funders, one-off payments go."""
    scn = _child(tmp_path, """
providers:
  - {id: beta, costs: {one_off: []}}
costs: {qualification: [], one_off: []}
funding: []
""")
    assert scn.costs.qualification == [] and scn.costs.one_off == [] and scn.funding == []
    assert scn.providers[1].costs.one_off == []
    assert scn.providers[1].costs.material.per_slot_month == 80  # the rest is merged
    assert deep_merge({"a": [{"id": "x"}]}, {"a": []}) == {"a": []}


def test_a_childs_one_value_mappings_replace_the_bases(tmp_path: Path):
    """A price index by year, amounts by household value, a distribution: one value each,
    replaced whole; the blocks and collections around them merge key by key."""
    base = tmp_path / "base.yaml"
    base.write_text(SMALL.read_text().replace(
        "passive_benefits: {by_payer: {federal: 382, city: 380}, after_placement: true}",
        "passive_benefits: {attribute: sex, by_payer: {federal: {male: 382, female: 390}, "
        "city: 380}, after_placement: true}\n"
        "prices: {base_year: 2013, material: {2014: 1.02, 2015: 1.05}, staff: 0.01}\n"
        "returns: {bund: 0.03, land: 0.01}"))
    child = tmp_path / "child.yaml"
    child.write_text("""base: base.yaml
name: Child
participants: {mix: {sex: {all: 1.0}}}
passive_benefits: {by_payer: {federal: {all: 400}}}
prices: {material: {2014: 1.10}}
returns: {bund: 0.04}
uncertainty:
  employment.hazards.placement: {dist: uniform, low: 0.004, high: 0.006}
""")
    scn = load_scenario(child)
    assert scn.prices.material == {2014: 1.10}  # not 1.05 from 2015 on
    assert scn.prices.staff == 0.01
    assert scn.participants.mix == {"sex": {"all": 1.0}, "age": {"25-49": 0.7, "50-59": 0.3}}
    assert scn.passive_benefits.by_payer == {"federal": {"all": 400.0}, "city": 380.0}
    assert scn.returns == {"bund": 0.04, "land": 0.01}
    placement = scn.uncertainty["employment.hazards.placement"]
    assert (placement.dist, placement.low, placement.mode, placement.high) == (
        "uniform", 0.004, None, 0.006)  # not the base's mode
    assert list(scn.uncertainty) == ["employment.hazards.placement",
                                     "costs.wages.annual_increase"]


def test_an_empty_collection_in_a_child_means_none(tmp_path: Path):
    """``uncertainty: {}`` drops the base's draws, ``returns: {}`` its returns; an empty
    block (``costs: {}``) changes nothing."""
    scn = _child(tmp_path, "uncertainty: {}\nreturns: {}\ncosts: {}\n")
    assert scn.uncertainty == {} and scn.returns == {}
    assert scn.costs.material.per_slot_month == 50


def test_show_output_validates_again(small):
    """The resolved scenario, printed as YAML, is itself a valid scenario, equal to the first."""
    text = yaml.safe_dump(resolved_data(small), sort_keys=False)
    again = scenario_from_dict(yaml.safe_load(text))
    assert again == small


def test_show_output_loads_again_when_a_text_looks_like_a_number(tmp_path: Path):
    """``finsim show`` quotes a text finsim reads as a number (``1e3``): it once wrote it
    bare, and its own output was refused (``name: expected text (given: 1000.0)``)."""
    from click.testing import CliRunner

    from finsim.cli import main
    from finsim.scenario.reader import parse

    path = tmp_path / "sci.yaml"
    path.write_text(SMALL.read_text().replace("name: Small test program", "name: '1e3'")
                    .replace("fields: [recycling]", "fields: ['1e3', '2.5E-3', '-4e+2', '1_0']")
                    .replace("id: land_esf", "id: '7e1'"))
    scn = load_scenario(path)
    done = CliRunner().invoke(main, ["show", str(path)])
    assert done.exit_code == 0, done.output
    again = scenario_from_dict(parse(done.output)[0])
    assert again.model_dump() == scn.model_dump()  # the values (not the file's folder)
    assert again.name == "1e3" and again.funder_ids[1] == "7e1"
    assert again.providers[0].fields == ["1e3", "2.5E-3", "-4e+2", "1_0"]


def test_every_shipped_scenario_validates():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        load_scenario(path)


def test_replace_path_copies_only_the_path():
    """A draw per replication replaces one value without copying or touching the rest."""
    from finsim.scenario.paths import replace_path

    data = {"a": {"c": [{"id": "x", "v": 1}, {"id": "y", "v": 2}]}, "z": {"q": 1}}
    new = replace_path(data, "a.c.y.v", 5)
    assert get_path(new, "a.c.y.v") == 5 and get_path(data, "a.c.y.v") == 2
    assert new["z"] is data["z"] and new["a"]["c"][0] is data["a"]["c"][0]


def test_set_overrides_an_uncertain_parameter():
    """--set on a parameter the scenario draws makes the set value hold (the draw is
    dropped); other draws stay."""
    scn = load_scenario(SMALL, ["employment.hazards.placement=0.03"])
    assert scn.employment.hazards.placement == 0.03
    assert list(scn.uncertainty) == ["costs.wages.annual_increase"]


def test_a_block_set_whole_holds_over_the_draws_below_it():
    """``employment.hazards={...}`` sets the placement the scenario draws: that draw is
    dropped, as for ``employment.hazards.placement=...``; so is the draw of a schedule
    one month of which is set."""
    from finsim.scenario.load import apply_sets, held_by_set

    scn = load_scenario(SMALL, ["employment.hazards={placement: 0.03, dropout: 0.02}"])
    assert scn.employment.hazards.placement == 0.03
    assert list(scn.uncertainty) == ["costs.wages.annual_increase"]
    assert held_by_set(scn) == ("employment.hazards.placement",)
    data = {"costs": {"wages": {"hourly": {"2013-01": 8.62}}}, "uncertainty": {
        "costs.wages.hourly": {"dist": "uniform", "low": 8, "high": 9},
        "costs.wages.hours": {"dist": "uniform", "low": 8, "high": 9, "scale": True}}}
    assert list(apply_sets(data, ["costs.wages.hourly.2013-01=9"], "f")["uncertainty"]) \
        == ["costs.wages.hours"]  # a factor stays


def test_a_value_a_file_sets_over_its_base_holds_over_the_base_s_draw(tmp_path):
    """A variant that sets a placement hazard its base draws ran at the base's draw in
    every replication (0.009 over a triangular 0.005-0.02: the variant's value did
    nothing, and compare showed it no better): the file's value holds, as with --set;
    a file that draws it again keeps its own draw, a ``scale: true`` draw stays, and so
    does every draw of a value the file does not set."""
    def child(text: str) -> Path:
        path = tmp_path / f"child{len(list(tmp_path.iterdir()))}.yaml"
        path.write_text(f"name: variant\nbase: {SMALL}\n{text}", encoding="utf-8")
        return path

    scn = load_scenario(child("employment:\n  hazards:\n    placement: 0.009\n"))
    assert scn.employment.hazards.placement == 0.009
    assert list(scn.uncertainty) == ["costs.wages.annual_increase"]
    again = load_scenario(child(
        "employment: {hazards: {placement: 0.009}}\nuncertainty:\n"
        "  employment.hazards.placement: {dist: triangular, low: 0.008, mode: 0.009, "
        "high: 0.01}\n"))
    assert again.uncertainty["employment.hazards.placement"].mode == 0.009
    scaled = load_scenario(child(
        "employment: {hazards: {placement: 0.009}}\nuncertainty:\n"
        "  employment.hazards.placement: {dist: uniform, low: 0.9, high: 1.1, "
        "scale: true}\n"))
    assert scaled.uncertainty["employment.hazards.placement"].scale
    grand = tmp_path / "grand.yaml"  # a file over that variant sets something else
    grand.write_text(f"name: g\nbase: {tmp_path / 'child0.yaml'}\n"
                     "costs: {material: {per_slot_month: 40}}\n", encoding="utf-8")
    assert list(load_scenario(grand).uncertainty) == ["costs.wages.annual_increase"]
    other = load_scenario(child("costs: {material: {per_slot_month: 40}}\n"))
    assert list(other.uncertainty) == ["employment.hazards.placement",
                                       "costs.wages.annual_increase"]


def test_a_file_drops_one_draw_of_its_base_with_null(tmp_path):
    """A variant could drop its base's draws only all at once (``uncertainty: {}``):
    ``null`` for one of them was refused as "expected a distribution (given: nothing)".
    Now it drops that draw and keeps the others (also through a file over the variant);
    a ``null`` the base draws nothing for is refused, with the near miss."""
    variant = tmp_path / "variant.yaml"
    variant.write_text(f"name: v\nbase: {SMALL}\nuncertainty:\n"
                       "  employment.hazards.placement: null\n", encoding="utf-8")
    assert list(load_scenario(variant).uncertainty) == ["costs.wages.annual_increase"]
    grand = tmp_path / "grand.yaml"
    grand.write_text(f"name: g\nbase: {variant}\ncosts: {{material: {{per_slot_month: "
                     "40}}\n", encoding="utf-8")
    assert list(load_scenario(grand).uncertainty) == ["costs.wages.annual_increase"]
    typo = tmp_path / "typo.yaml"
    typo.write_text(f"name: t\nbase: {SMALL}\nuncertainty:\n"
                    "  employment.hazards.placment: null\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(typo)
    assert str(err.value) == (
        f"{typo}:4: uncertainty.employment.hazards.placment: null drops a draw of the base "
        "file, and the base draws no such parameter — did you mean "
        "'employment.hazards.placement'?")


def test_paths_reach_the_dotted_keys_of_uncertainty(small_data):
    """An uncertainty key is itself a dotted path; the longest matching key wins."""
    path = "uncertainty.employment.hazards.placement.high"
    assert get_path(small_data, path) == 0.02
    assert get_path(set_path(small_data, path, 0.03), path) == 0.03
    scn = load_scenario(SMALL, [f"{path}=0.03"])
    assert scn.uncertainty["employment.hazards.placement"].high == 0.03


def test_an_empty_default_is_each_scenarios_own(small_data):
    """An empty list or mapping left out of a file (``funding[].net_of``, ``returns``,
    ``providers[].fields``, ...) is a fresh one in each scenario: filling one in never
    changes another's."""
    data = {k: v for k, v in small_data.items() if k not in ("returns", "uncertainty")}
    first, second = scenario_from_dict(data), scenario_from_dict(data)
    assert first.returns == {} and first.uncertainty == {} and first.funding[0].net_of == []
    first.returns["bund"] = 0.1
    first.funding[0].net_of.append("x")
    first.providers[1].fields.append("x")  # beta names no fields
    assert second.returns == {} and second.funding[0].net_of == []
    assert second.providers[1].fields == []


def test_a_childs_funder_order_is_its_bases_and_a_refusal_says_so(tmp_path: Path):
    """A child listing ``land_esf`` first and netting ``jobcenter`` of it was refused with
    "'land_esf' is not a funder listed before 'jobcenter' (none)": the merge by id keeps
    the base's order, which neither the message nor the README said."""
    child = tmp_path / "child.yaml"
    child.write_text(f"base: {SMALL}\nname: Child\nfunding:\n  - id: land_esf\n"
                     "  - id: jobcenter\n    net_of: [land_esf]\n")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(child)
    assert str(refused.value) == (
        f"{child}:6: funding.jobcenter.net_of: 'land_esf' is not a funder listed before "
        "'jobcenter' (none); funders are applied in their base's order, which lists "
        "'land_esf' after 'jobcenter': a file with base: keeps the base's funders in the "
        "base's order, whatever order it writes them in (its new funders come after them), "
        "so list 'land_esf' before 'jobcenter' in the base file")
    child.write_text(f"base: {SMALL}\nname: Child\nfunding:\n"
                     "  - id: jobcenter\n    net_of: [land_esf]\n")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(child)
    assert str(refused.value) == (f"{child}:5: funding.jobcenter.net_of: 'land_esf' is not "
                                  "a funder listed before 'jobcenter' (none)")

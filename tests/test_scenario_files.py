"""``scenario_files``: the scenario and the ``base:`` files it inherits from, whose folders
a results folder must never replace. A file that cannot name a base is not parsed again
(``may_name_a_base``); that shortcut must never miss a base."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.commands.options import SAFE_LOADER, may_name_a_base, scenario_files


def _strings(value: object) -> list[str]:
    """Every string in parsed YAML data, keys included."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


YAMLISH = st.text(alphabet="base:'\"\\x62u0061 \n-?|>&*<{}[],#!", max_size=40)


@settings(max_examples=2000, deadline=None)
@given(YAMLISH)
def test_a_text_said_to_name_no_base_holds_no_base_string(text):
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except (yaml.YAMLError, ValueError):
        return
    if not may_name_a_base(text):
        assert "base" not in _strings(data)


def test_escapes_and_anchors_that_spell_base_are_followed(tmp_path):
    (tmp_path / "b.yaml").write_text("name: b\n", encoding="utf-8")
    for text in ('"\\x62ase": b.yaml\n', '? "ba\\\n  se"\n: b.yaml\n',
                 "x: &k base\n*k : b.yaml\n", "base: b.yaml\n"):
        assert may_name_a_base(text), text
        (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
        assert scenario_files(tmp_path / "a.yaml") == [tmp_path / "a.yaml",
                                                       (tmp_path / "b.yaml").resolve()]


def test_a_file_without_a_base_is_its_own_chain(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("name: a\nbasis: wage\n", encoding="utf-8")
    assert scenario_files(path) == [path]
    assert scenario_files(Path(__file__).parent.parent / "scenarios"
                          / "aktiv-statt-passiv-2013.yaml")[1:] == []

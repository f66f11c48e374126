"""Scenario files are parsed by libyaml (``reader.FastLoader``) where PyYAML has it: the
same data, the same lines and the same limits as the pure-Python ``LimitedLoader``, with
libyaml's C doing only the scanning and parsing. Refusals are worded by the pure loader."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.scenario import reader
from finsim.scenario.load import _line_map

ROOT = Path(__file__).parent.parent
FILES = sorted(p for p in [*ROOT.glob("scenarios/**/*.yaml"),
                           *ROOT.glob("tests/fixtures/**/*.yaml"), *ROOT.glob("docs/**/*.yaml")]
               if p.is_file())

pytestmark = pytest.mark.skipif(reader.FastLoader is None, reason="PyYAML without libyaml")


def _both(text: str) -> tuple:
    """Data and line map from ``parse`` (libyaml where it reads the text alike) and from
    the pure loader, or the error's type and message."""
    out = []
    for read in (reader.parse, lambda text: reader._parse(reader.LimitedLoader, text)):
        try:
            data, node = read(text)
        except yaml.YAMLError as err:
            out.append((type(err), reader.problem_text(err, text)))
            continue
        out.append((data, _line_map(node)))
    return tuple(out)


def test_scenario_files_read_the_same_with_libyaml():
    readable = 0
    for path in FILES:
        text = path.read_bytes().decode("utf-8", errors="replace")
        fast, pure = _both(text)
        assert fast == pure, path
        readable += not isinstance(pure[0], type)
    assert readable >= 20


def test_parse_uses_libyaml_and_says_what_the_pure_loader_says(monkeypatch):
    used = []
    real = reader._parse
    monkeypatch.setattr(reader, "_parse", lambda cls, text, *more: used.append(cls)
                        or real(cls, text, *more))
    assert reader.parse("a: 1e7\nb: [x, 2]\n")[0] == {"a": 1e7, "b": ["x", 2]}
    assert used == [reader.FastLoader]
    used.clear()
    with pytest.raises(yaml.YAMLError) as caught:
        reader.parse("a: 1\na: 2\n")
    assert used == [reader.FastLoader, reader.LimitedLoader]  # refused: worded by the pure
    assert reader.problem_text(caught.value) == ("duplicate key 'a' (first on line 1)", 2)
    used.clear()
    reader.parse("a: 1\r\nb: 2\r\n")  # other line breaks: the pure loader's lines
    assert used == [reader.LimitedLoader]
    used.clear()
    reader.parse("# Aktiv statt passiv!\nname: Aktiv statt passiv!\n")  # no tag: libyaml
    reader.parse("a: !!str 1\n")  # a tag: the pure loader alone
    assert used == [reader.FastLoader, reader.LimitedLoader]


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize("text, message", [
    (BOMB, "more than 200,000 values"),
    ("[" * 100_000 + "]" * 100_000, "nested more than 64 levels"),  # the C stack is safe
    ("{a: " * 5000 + "1" + "}" * 5000, "nested more than 64 levels"),
    ("a: 1\nb: {c: 1, c: 2}\n", "duplicate key 'c'"),
])
def test_libyaml_keeps_every_limit(text, message):
    """The fast loader itself refuses, without crashing (libyaml stops a flow nested a
    thousand deep on its own); ``parse`` words the refusal as the pure loader does."""
    with pytest.raises(yaml.YAMLError):
        reader._parse(reader.FastLoader, text)
    with pytest.raises(yaml.YAMLError, match=message):
        reader.parse(text)


def test_a_recursive_alias_is_read_as_refused_by_both_loaders():
    """Left unbuilt at its place, so the file's other problems are said with it."""
    fast, pure = _both("a: &a [1, *a]\nb: 2\n")
    assert fast == pure
    assert pure[0] == {"a": [1, reader.Refused(
        "an alias refers to a collection that contains it (a recursive structure), which a "
        "scenario cannot use", "(not read)")], "b": 2}


def test_a_tag_outside_the_format_is_read_as_refused_by_both_loaders():
    """Nothing under the tag is built; both loaders read the same stand-in."""
    text = "a: !!python/object/apply:os.system [echo]\nb: !!binary aGk=\n"
    fast, pure = _both(text)
    assert fast == pure
    assert pure[0] == {
        "a": reader.Refused("the YAML tag !!python/object/apply:os.system is not part of the "
                            "scenario format; write the value without the tag",
                            "!!python/object/apply:os.system"),
        "b": reader.Refused("the YAML tag !!binary is not part of the scenario format; "
                            "write the text itself, without the tag", "!!binary")}


@pytest.mark.parametrize("text, line", [("? [a]\n: 1\n", 1), ("a:\n  ? {b: 1}\n  : 1\n", 2),
                                        ("? ?", 1)])
def test_a_list_or_mapping_as_a_key_is_refused_in_one_line(text, line):
    """Once a TypeError and an internal error (exit 1)."""
    with pytest.raises(yaml.YAMLError) as caught:
        reader.parse(text)
    assert reader.problem_text(caught.value, text) == (reader.UNHASHABLE, line)


def test_a_deep_document_stops_at_finsims_limit_in_the_fast_loader():
    depth = sys.getrecursionlimit() * 4
    text = "".join(f"{'  ' * i}k:\n" for i in range(depth))  # block style: no libyaml limit
    with pytest.raises(reader.LimitError, match="nested more than 64 levels"):
        reader._parse(reader.FastLoader, text)


SCALARS = st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=False),
                    st.booleans(), st.none(),
                    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]),
                            max_size=8),
                    st.sampled_from(["1e7", "2.5E-3", "2013-01", "0x10", "1_000", "~", "yes",
                                     "<<", "&a", "*a", "- x", "a: b", "'q'", '"q"', "#c"]))
DATA = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(SCALARS.filter(lambda k: k is not None),
                                                 inner, max_size=4)), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(DATA, st.sampled_from([{}, {"default_flow_style": True},
                              {"default_style": '"'}, {"allow_unicode": True}]))
def test_any_document_reads_the_same_with_libyaml(data, style):
    text = yaml.safe_dump({"x": data}, **style)
    fast, pure = _both(text)
    assert fast == pure


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("ab:-[]{},&*!<>|'\"#?%@ \n\t1e.") + ["\u00e9", "\t"],
               max_size=40))
def test_any_text_is_read_or_refused_alike(text):
    """Hand-typed fragments: what the pure loader reads, ``parse`` reads the same (data
    and lines); what both refuse, they refuse in the same words. libyaml, the reference
    parser, reads a few texts PyYAML refuses (``|#``: a block scalar whose indicator lacks
    its space): those may now be read."""
    fast, pure = _both(text)
    if not isinstance(pure[0], type) or isinstance(fast[0], type):
        assert fast == pure

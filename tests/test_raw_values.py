"""What no scenario value may be, through the real command line: control characters
(they split CSV rows, make spreadsheet formulas, retitle the terminal) are refused with
one escaped line; ``-0.0`` is read as ``0.0`` (it passed ``>= 0`` while ``1 / -0.0`` is
minus infinity: exits came before entries)."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from finsim.cli import main
from finsim.scenario import load_scenario
from finsim.scenario.errors import CONTROL, printable
from finsim.scenario.raw import control_characters, positive_zeros

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"
MESSAGE = ("holds a control character ({code}): ids, names, months and other words cannot "
           "(a description may hold tabs and line breaks)")


def _written(tmp_path: Path, change: dict) -> Path:
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    for key, value in change.items():
        node = data
        *above, last = key.split(".")
        for part in above:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = value
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("change", "path", "given", "code"), [
    ({"passive_benefits.by_payer": {"\r=5+5": 382, "city": 380}}, "passive_benefits.by_payer",
     r"'\r=5+5'", "U+000D"),
    ({"providers.0.id": "a\nb"}, "providers.a\\nb.id", r"'a\nb'", "U+000A"),
    ({"name": "\x1b[31mRED\x1b]0;pwned\x07\x1b[0m"}, "name",
     r"'\x1b[31mRED\x1b]0;pwned\x07\x1b[0m'", "U+001B"),
    ({"participants.mix.sex": {"m\r=9+9": 0.6, "female": 0.4}}, "participants.mix.sex",
     r"'m\r=9+9'", "U+000D"),
    ({"providers.1.name": "Beta\tgGmbH"}, "providers.beta.name", r"'Beta\tgGmbH'", "U+0009"),
])
def test_a_control_character_is_refused_in_one_escaped_line(tmp_path, change, path, given,
                                                            code):
    scenario = _written(tmp_path, change)
    status, out, err = _run("run", str(scenario), "-n", "2", "-j", "1", "-q",
                            "--out", str(tmp_path / "out"))
    assert status == 2
    line = err.strip()
    assert "\n" not in line and "\x1b" not in line and "\r" not in line and "\x07" not in line
    assert line.endswith(f": {path}: {MESSAGE.format(code=code)} (given: {given})"), line
    assert not (tmp_path / "out").exists()


def test_a_description_may_hold_tabs_and_line_breaks(tmp_path):
    scenario = _written(tmp_path, {"description": "Two lines:\n\tthe second indented.\n"})
    assert load_scenario(scenario).description == "Two lines:\n\tthe second indented.\n"
    bell = _written(tmp_path, {"description": "ring \x07"})
    status, _, err = _run("validate", str(bell))
    assert status == 2 and "description: holds a control character (U+0007)" in err


def test_control_characters_are_found_in_keys_and_list_items():
    data = {"a": [{"id": "x", "when": {"g": ["ok", "b\x85"]}}], "k\x7f": 1, "description": "\n"}
    assert control_characters(data) == [
        ("a.x.when.g.1", MESSAGE.format(code="U+0085"), "b\x85"),
        ("", MESSAGE.format(code="U+007F"), "k\x7f"),
    ]


INVISIBLE = ("holds an invisible character ({code}): ids, names, months and other words "
             "cannot (a description may hold tabs and line breaks)")


def test_an_invisible_character_in_an_id_of_the_file_is_refused_on_its_line(tmp_path):
    """``al\u200bpha`` showed as ``alpha`` everywhere (a later ``--set
    providers.alpha.slots=5`` found no ``alpha``, and listed one that looks the same)."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SMALL.read_text(encoding="utf-8").replace(
        "{id: alpha,", '{id: "al\\u200bpha",'), encoding="utf-8")
    status, _, err = _run("validate", str(scenario))
    assert status == 2
    assert err == (f"{scenario}:21: providers.al\\u200bpha.id: "
                   f"{INVISIBLE.format(code='U+200B')} (given: 'al\\u200bpha')\n")


@pytest.mark.parametrize(("code", "escaped"), [
    ("U+200B", r"\u200b"), ("U+200C", r"\u200c"), ("U+200D", r"\u200d"),
    ("U+2060", r"\u2060"), ("U+FEFF", r"\ufeff"), ("U+00AD", r"\xad"),
])
def test_an_invisible_character_set_in_an_id_or_a_name_is_refused(tmp_path, code, escaped):
    character = chr(int(code[2:], 16))
    status, _, err = _run("run", str(SMALL), "-n", "2", "-j", "1", "-q",
                          "--out", str(tmp_path / "out"),
                          "--set", f"providers.alpha.id=al{character}pha",
                          "--set", f"providers.beta.name=Beta{character}gGmbH")
    assert status == 2
    assert err.splitlines() == [
        f"{SMALL} (--set): providers.al{escaped}pha.id: {INVISIBLE.format(code=code)} "
        f"(given: 'al{escaped}pha')",
        f"{SMALL} (--set): providers.beta.name: {INVISIBLE.format(code=code)} "
        f"(given: 'Beta{escaped}gGmbH')",
    ]
    assert not (tmp_path / "out").exists()


def test_a_description_may_hold_invisible_characters(tmp_path):
    scenario = _written(tmp_path, {"description": "Qualifizierungs\xadgesellschaft\u200b"})
    assert load_scenario(scenario).description == "Qualifizierungs\xadgesellschaft\u200b"


def test_every_format_character_is_refused_and_shown_escaped():
    """Unicode category Cf, as this Python's tables have it: a new one would slip by."""
    missed = [f"U+{code:04X}" for code in range(sys.maxunicode + 1)
              if unicodedata.category(chr(code)) == "Cf" and not CONTROL.match(chr(code))]
    assert missed == []


def test_a_message_prints_no_control_character():
    assert printable("f\x1b[2J.yaml: a\r\nb\t\x9b") == r"f\x1b[2J.yaml: a\r\nb\t\x9b"


def test_negative_zero_is_read_as_zero():
    data = {"a": [-0.0, 1.5, {"b": -0.0}], "c": 0, "d": "x"}
    zeroed = positive_zeros(data)
    assert zeroed == data and str(zeroed) == "{'a': [0.0, 1.5, {'b': 0.0}], 'c': 0, 'd': 'x'}"
    same = {"a": [0.0, 1.5], "b": {"c": 2}}
    assert positive_zeros(same) is same


@pytest.mark.parametrize("given", [
    ["--set", "employment.hazards.placement=-0.0"],
    ["--set", "employment.hazards.dropout=-0.0"],
    ["--set", "providers.beta.employment.hazards.dropout=-0.0"],
    ["--set", 'employment.modifiers=[{when: {age: "50-59"}, placement: -0.0}]'],
])
def test_a_negative_zero_runs_as_zero(tmp_path, given):
    """Each once crashed a run (exit 1: "someone entered before referral or left before
    entry", or an overflow); now the results are those of 0."""
    zero = [part.replace("-0.0", "0.0") for part in given]
    files = []
    for name, args in (("neg", given), ("zero", zero)):
        out = tmp_path / name
        status, _, err = _run("run", str(SMALL), "-n", "4", "-j", "1", "-q", "--out", str(out),
                              *args)
        assert status == 0, err
        files.append((out / "summary.csv").read_bytes())
    assert files[0] == files[1]


def test_a_sensitivity_range_from_negative_zero_runs(tmp_path):
    for param in ("employment.hazards.placement=-0.0:0.01", "employment.hazards.dropout=*-0.0:1"):
        out = tmp_path / param.split("=")[0]
        status, _, err = _run("sensitivity", str(SMALL), "--param", param, "-n", "2", "-j", "1",
                              "--out", str(out))
        assert status == 0, err
        assert (out / "sensitivity.csv").exists()


@pytest.mark.parametrize(("setting", "line"), [
    ("period.months=true", "period.months: expected a number, not true or false (given: True)"),
    ("employment.hazards.placement=no",
     "employment.hazards.placement: expected a number, not true or false (given: False)"),
    ('employment.modifiers=[{when: {age: "50-59"}, dropout: yes}]',
     "employment.modifiers.0.dropout: expected a number, not true or false (given: True)"),
    ("period.months=1:00", "period.months: expected a whole number (given: '1:00')"),
    ("period.start=2013-01-15", "period.start: '2013-01-15' is not a month: expected YYYY-MM, "
                                "e.g. 2013-01 (given: '2013-01-15')"),
])
def test_yaml_1_1_readings_that_change_a_number_are_refused(tmp_path, setting, line):
    """YAML 1.1 reads ``true``/``yes`` as booleans (pydantic then took them as 1: a
    one-month horizon), ``1:00`` as 60 and ``2013-01-15`` as a date (quoted as
    ``datetime.date(...)``). A number field refuses true/false; base-60 numbers and dates
    stay the text written, which the field then refuses in its own words."""
    status, _, err = _run("run", str(SMALL), "-n", "2", "-j", "1", "-q",
                          "--out", str(tmp_path / "out"), "--set", setting)
    assert status == 2
    assert err.strip() == f"{SMALL} (--set): {line}"
    assert not (tmp_path / "out").exists()


def test_a_horizon_past_the_last_month_counts_its_months_in_words(tmp_path):
    status, _, err = _run("run", str(SMALL), "-q", "--out", str(tmp_path / "out"),
                          "--set", "period.start=9999-12", "--set", "period.months=2")
    assert status == 2
    assert "; expected at most 1 month from 9999-12" in err


def test_a_horizon_past_the_last_month_is_the_one_line(tmp_path):
    """The wage costs uprated to 9999 were refused too, blamed on the file's line 28: a
    line that only follows from the start refused."""
    status, _, err = _run("run", str(SMALL), "-q", "--out", str(tmp_path / "out"),
                          "--set", "period.start=9999-12")
    assert status == 2
    assert err == (f"{SMALL}:3 (with --set): period: the horizon (start 9999-12, months 24) "
                   "would end in 10001-11, after 9999-12, the last month finsim can write; "
                   "expected at most 1 month from 9999-12\n")


@pytest.mark.parametrize(("setting", "line"), [
    ("participants.mix.sex={male: true, female: 0.4}",
     "participants.mix.sex.male: true or false cannot go here (YAML reads yes, no, on and "
     "off as true or false: quote a word meant as text) (given: True)"),
    ("funding.jobcenter.covers.wages.by_tenure_year=[yes, 0.5]",
     "funding.jobcenter.covers.wages.by_tenure_year.0: true or false cannot go here (YAML "
     "reads yes, no, on and off as true or false: quote a word meant as text) (given: True)"),
    ("participants.mix.sex={yes: 1.0}",
     "participants.mix.sex: true or false cannot be a key (YAML reads yes, no, on and off "
     "as true or false: quote a word meant as text) (given: True)"),
    ('name="A\\u2028B"', "name: holds a control character (U+2028): ids, names, months and "
                         "other words cannot (a description may hold tabs and line breaks) "
                         "(given: 'A\\u2028B')"),
    ('providers.alpha.id="x\\u202ey"',
     "providers.x\\u202ey.id: holds an invisible character (U+202E): ids, names, months and "
     "other words cannot (a description may hold tabs and line breaks) (given: 'x\\u202ey')"),
    ("base=other.yaml", "base: a base is named in the scenario file (base: ...), not with "
                        "--set, which changes values once the bases are read"),
])
def test_what_would_be_read_as_something_else_is_refused(tmp_path, setting, line):
    """A share of ``true`` was 1.0, a list of yes/no a list of 1 and 0; a line separator
    split a CSV row for Unicode-aware readers and a bidirectional control reordered an id
    as shown; ``--set base=...`` did nothing (the bases are read before ``--set``)."""
    status, _, err = _run("run", str(SMALL), "-n", "2", "-j", "1", "-q",
                          "--out", str(tmp_path / "out"), "--set", setting)
    assert status == 2
    assert err.startswith(str(SMALL)) and err.strip().endswith(f": {line}"), err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_yes_and_no_still_go_where_the_format_takes_them(tmp_path):
    scenario = _written(tmp_path, {"funding.2.public": "no"})
    text = scenario.read_text(encoding="utf-8").replace("public: 'no'", "public: no")
    scenario.write_text(text, encoding="utf-8")
    assert load_scenario(scenario).funding[2].public is False


@pytest.mark.parametrize("setting", ["period.start=2013_01", "funding.jobcenter.from=201301"])
def test_a_number_where_a_month_goes_says_what_a_month_looks_like(tmp_path, setting):
    """YAML reads 2013_01 as the number 201301; the line said only "expected text"."""
    status, _, err = _run("run", str(SMALL), "-n", "2", "-j", "1", "-q",
                          "--out", str(tmp_path / "out"), "--set", setting)
    assert status == 2
    path = setting.split("=")[0]
    assert err.strip() == (f"{SMALL} (--set): {path}: expected a month, YYYY-MM, e.g. "
                           "2013-01 (given: 201301)")


def _line_of(path: Path, needle: str) -> int:
    """The line (from 1) of ``path`` that holds ``needle`` (a key and its true)."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


def test_a_json_scenario_is_not_told_how_yaml_reads_yes_and_no(tmp_path):
    """A JSON scenario's ``true`` in a name or a share was told "YAML reads yes, no, on and
    off as true or false: quote a word meant as text", but JSON has no such reading: its
    true is a boolean written on purpose. A .json file is told what goes there; the same
    values in a .yaml file keep the YAML hint; a number field says a number, in both."""
    import json

    written = _written(tmp_path, {"name": True, "participants.mix.sex.male": True,
                                  "period.months": True})
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    as_json = tmp_path / "s.json"
    as_json.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    quote = "(YAML reads yes, no, on and off as true or false: quote a word meant as text)"
    for path, name, share, months in (
            (written, "name: true", "male: true", "months: true"),
            (as_json, '"name": true', '"male": true', '"months": true')):
        status, _, err = _run("validate", str(path))
        assert status == 2
        where = {key: f"{path}:{_line_of(path, needle)}"
                 for key, needle in (("name", name), ("male", share), ("months", months))}
        name_line, share_line = (
            (f"name: true or false cannot go here {quote}",
             f"participants.mix.sex.male: true or false cannot go here {quote}")
            if path.suffix == ".yaml" else
            ("name: expected text, not true or false",
             "participants.mix.sex.male: true or false cannot go here: only a yes/no field "
             "takes it"))
        assert sorted(err.splitlines()) == sorted([  # in the file's order of keys
            f"{where['name']}: {name_line} (given: True)",
            f"{where['months']}: period.months: expected a number, not true or false "
            "(given: True)",
            f"{where['male']}: {share_line} (given: True)"])


def test_a_run_record_is_not_told_how_yaml_reads_yes_and_no(tmp_path):
    """A run.json whose scenario was edited to hold a true, run again: a JSON record,
    told what goes there without the YAML hint; a ``--set`` on it is YAML, and keeps it."""
    import json

    status, _, err = _run("run", str(SMALL), "-n", "2", "-j", "1", "-q",
                          "--out", str(tmp_path / "out"))
    assert status == 0, err
    record = tmp_path / "out" / "run.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["scenario"]["name"] = True
    record.write_text(json.dumps(data, indent=2), encoding="utf-8")
    status, _, err = _run("run", str(record), "-q", "--out", str(tmp_path / "again"))
    assert status == 2
    line = _line_of(record, '"name": true')
    assert err.splitlines() == [f"{record}:{line}: name: expected text, not true or false "
                                "(given: True)"]
    data["scenario"]["name"] = "Small"
    record.write_text(json.dumps(data, indent=2), encoding="utf-8")
    status, _, err = _run("run", str(record), "-q", "--out", str(tmp_path / "again"),
                          "--set", "participants.mix.sex.male=yes")
    assert status == 2
    assert err.splitlines() == [
        f"{record} (--set): participants.mix.sex.male: true or false cannot go here (YAML "
        "reads yes, no, on and off as true or false: quote a word meant as text) "
        "(given: True)"]

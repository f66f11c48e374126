"""Reading scenario files safely: YAML limits, files that are no scenario, nothing echoed."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.scenario import ScenarioError, load_scenario
from finsim.scenario.limits import MAX_FILE_BYTES, MAX_YAML_DEPTH
from finsim.scenario.reader import Refused, UnreadableFile, decoded, parse

from .conftest import without_root_override

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
SMALL = FIXTURES / "small.yaml"


def _lines(path: Path, sets=()) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, sets)
    return [str(p) for p in caught.value.problems]


EXACT = {
    "alias_bomb.yaml": ":7: f.1: more than 200,000 values (aliases counted in full), finsim's "
                       "limit for a scenario; the file's other keys were not checked",
    "deep_nesting.yaml": f":3: extra{'.0' * 63}: nested more than 64 levels deep, finsim's "
                         "limit for a scenario (and more than 128, where it stops reading); the "
                         "file's other keys were not checked",
    "control_character.yaml": ":1: contains the control character 0x00, which YAML does not "
                              "allow",
    "not_utf8.yaml": ": is not UTF-8 text (line 1: the byte 0xe4 is 'ä' in "
                     "Windows-1252/Latin-1) — save it as UTF-8",
    "base_not_yaml.yaml": ":2: base: a base must be a scenario file ending in .yaml or .yml "
                          "(given: '/etc/passwd')",
    "base_directory.yaml": f":1: base: base file {INVALID / 'folder.yaml'} is a directory, not a "
                           "scenario file (given: 'folder.yaml')",
    "base_empty.yaml": ":1: base: expected the path of a scenario file (relative to this file) "
                       "(given: '')",
    "missing_base.yaml": f":1: base: base file {INVALID / 'no-such-file.yaml'} does not exist "
                         "(the path is relative to this file) (given: 'no-such-file.yaml')",
}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_refused_with_one_exact_line(name):
    assert _lines(INVALID / name) == [f"{INVALID / name}{EXACT[name]}"]


def test_nesting_past_the_limit_names_the_path_where_it_passes(tmp_path):
    """The line named no key: ``providers`` nested 100 deep in a mapping gave only the
    file's line. The document's mapping is level 1, the value of ``extra`` 2, that of
    ``notes`` 3, of each ``a`` below one more: the 65th is the value of the 61st ``a``.
    The rest of the file is read, so its other problem (``extra``) is said too."""
    path = tmp_path / "deep.yaml"
    path.write_text(SMALL.read_text(encoding="utf-8") + "extra:\n  notes:\n    " + "{a: " * 70
                    + "1" + "}" * 70 + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:43: extra: unknown key 'extra' (expected: name, description, base, period, "
        "simulation, participants, employment, providers, costs, funding, prices, "
        "passive_benefits, returns, uncertainty, actuals)",
        f"{path}:45: extra.notes{'.a' * 61}: nested more than 64 levels deep, finsim's limit "
        "for a scenario"]


TAGGED = {"name: Small test program": "name: !!binary U21hbGw=",
          "{start: 2013-01, months: 24}": "{start: !!timestamp 2013-01, months: !!int 24}",
          "patience_months: 2": "patience_months: !!int 1.5",
          "initial: 0": "initial: !!float 0",
          "max_months: 24": "max_months: !!str 24",
          "fields: [recycling]": "fields: !!set {recycling}",
          "material: {per_slot_month: 50}": "material: !replace {per_slot_month: 50}",
          "passive_benefits: {": "passive_benefits: !benefits {"}


def test_every_tag_outside_the_format_is_refused_at_its_place_in_one_pass(tmp_path):
    """``!!binary`` was read as bytes without a word, the others stopped at the first;
    ``!!int``, ``!!float`` and ``!!str`` are read where the value is what they say
    (``!!str 24`` is text, which a number field refuses as any text)."""
    text = SMALL.read_text(encoding="utf-8")
    for plain, tagged in TAGGED.items():
        text = text.replace(plain, tagged, 1)
    path = tmp_path / "tags.yaml"
    path.write_text(text, encoding="utf-8")
    done = CliRunner().invoke(main, ["validate", str(path)])
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        f"{path}:2: name: the YAML tag !!binary is not part of the scenario format; write "
        "the text itself, without the tag",
        f"{path}:3: period.start: the YAML tag !!timestamp is not part of the scenario "
        "format; write a month as YYYY-MM (2013-01), without the tag",
        f"{path}:7: participants.patience_months: the YAML tag !!int goes before a whole "
        "number, which this value is not; write the value without the tag",
        f"{path}:14: employment.max_months: expected a number, not text: write it without "
        "quotes (given: '24')",
        f"{path}:21: providers.alpha.fields: the YAML tag !!set is not part of the scenario "
        "format; write a list [a, b] instead",
        f"{path}:30: costs.material: !replace goes before a list (providers: !replace [...]), "
        "not before a single value or a mapping",
        f"{path}:39: passive_benefits: the YAML tag !benefits is not part of the scenario "
        "format, which knows !replace (before a list that replaces its base's) and no other "
        "tag of its own; write the value without the tag"]


def test_the_standard_scalar_tags_read_as_they_say():
    data, _ = parse("a: !!int '12'\nb: !!float 5\nc: !!str 2013-01\nd: !!int 010\n")
    assert data == {"a": 12, "b": 5.0, "c": "2013-01", "d": 10}
    assert [type(v) for v in data.values()] == [int, float, str, int]


def test_alias_bomb_fails_fast_in_bounded_memory():
    """A real process with 1 GiB of address space: the bomb would need far more."""
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            "from finsim.cli import main; sys.argv = ['finsim', 'validate', sys.argv[1]]; main()")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(INVALID / "alias_bomb.yaml")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "more than 200,000 values" in done.stderr
    assert "Traceback" not in done.stderr
    assert time.perf_counter() - start < 30


def test_alias_bomb_in_a_set_value_is_refused():
    bomb = ", ".join(f"&{c} [" + ", ".join([f"*{p}"] * 9) + "]" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    lines = _lines(SMALL, [f"description=[&a [x, x, x, x, x, x, x, x, x], {bomb}]"])
    assert lines == [f"{SMALL} (--set): description.5.1: more than 200,000 values (aliases counted in full), "
                     "finsim's limit for a scenario"]


def test_aliases_used_deep_count_their_height():
    """An alias adds the depth of what it stands for, so chained aliases cannot nest the
    built data deeper than the limit either."""
    half = MAX_YAML_DEPTH // 2 + 1
    text = f"a: &a {'[' * half}1{']' * half}\nb: {'[' * half}*a{']' * half}\n"
    inner = parse(text)[0]["b"]
    for _ in range(half - 1):
        (inner,) = inner
    assert inner == [Refused("nested more than 64 levels deep, finsim's limit for a scenario",
                             "(not read)")]
    parse(f"a: &a {'[' * 10}1{']' * 10}\nb: {'[' * 10}*a{']' * 10}\n")  # shallow: fine


def test_a_thousand_levels_deep_never_recurses():
    for text in ("[" * 1000 + "]" * 1000, "{a: " * 1000 + "1" + "}" * 1000,
                 "".join(f"{'  ' * i}k:\n" for i in range(1000))):
        with pytest.raises(Exception, match="nested more than 64 levels"):
            parse(text)


def test_merge_keys_merge():
    """`<<: *alpha` is YAML's merge key: beta takes alpha's values, its own keys win."""
    scn = load_scenario(FIXTURES / "merge_keys.yaml")
    alpha, beta = scn.providers
    assert (beta.id, beta.name, beta.slots, beta.fields) == ("beta", "Beta gGmbH", 30,
                                                             ["recycling"])
    assert alpha.name == "Alpha e.V."


def test_explicit_duplicate_keys_are_still_refused_beside_a_merge(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("base: " + str(SMALL) + "\nx: &x {a: 1}\nname: {<<: *x, b: 1, b: 2}\n")
    assert _lines(bad) == [f"{bad}:3: duplicate key 'b' (first on line 3)"]


def test_scientific_notation_is_a_number():
    scn = load_scenario(FIXTURES / "scientific.yaml")
    assert scn.participants.referrals_per_month == 20.0
    assert scn.costs.staff.coach_cost_per_year == 55000.0
    assert scn.costs.staff.management_cost_per_year == 10000.0
    assert scn.costs.overhead.rate_on_staff == 0.15
    set_values = load_scenario(SMALL, ["providers.alpha.slots=4e1",
                                       "costs.wages.hourly={2013-01: 1.2E+1}",
                                       "employment.hazards.placement=2.5e-3"])
    assert set_values.providers[0].slots == 40
    assert set_values.costs.wages.hourly == {"2013-01": 12.0}
    assert set_values.employment.hazards.placement == 0.0025


def test_words_stay_words():
    """Only numbers become numbers: ids and names that merely contain an e stay text."""
    data, _ = parse("a: e5\nb: 1e\nc: 2013-01\nd: 1.5\ne: 1_000\nf: 0x10\ng: .5e1\n")
    assert data == {"a": "e5", "b": "1e", "c": "2013-01", "d": 1.5, "e": 1000, "f": 16,
                    "g": 5.0}
    # leading zeros are base 10, as YAML 1.2 reads them (YAML 1.1: 010 is octal 8)
    data, _ = parse("a: 010\nb: -007\nc: 0_10\nd: 09\n")
    assert data == {"a": 10, "b": -7, "c": 10, "d": "09"}
    # what YAML 1.1 reads as another number or as a date stays the text written
    data, _ = parse("a: 1:00\nb: 1:30.5\nc: 2013-01-15\nd: 2001-12-14 21:59:43.10 -5\n")
    assert data == {"a": "1:00", "b": "1:30.5", "c": "2013-01-15",
                    "d": "2001-12-14 21:59:43.10 -5"}


def test_a_base_file_is_never_echoed():
    """Its problems name the base file and line, never the value written there."""
    lines = _lines(INVALID / "base_secret.yaml")
    assert not any("hunter" in line for line in lines), lines
    assert f"{INVALID / 'secret.yaml'}:2: …: unknown key (not quoted: a base file's own " \
           "text never is; `finsim validate` on the base file itself shows it)" in lines
    assert f"{INVALID / 'secret.yaml'}:3: period.months: expected a whole number" in lines
    assert not any("secret_token" in line for line in lines), lines


def test_a_base_files_values_and_keys_stay_out_of_every_message(tmp_path):
    """A message that would quote what the base holds (a month that is none, an id, a
    schedule's key) says only what kind of problem is on the line; what the format itself
    names stays named."""
    base = tmp_path / "creds.yaml"
    base.write_text("period: {start: hunter2-PW, months: 12}\n"
                    "providers: [{id: pw-hunter3, slots: -1}]\n"
                    "costs: {wages: {hourly: {hunter4-PW: 12.0}}}\n")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("base: creds.yaml\nname: x\n"
                        "participants: {referrals_per_month: 1}\n")
    lines = _lines(scenario)
    assert not any("hunter" in line for line in lines), lines
    assert f"{base}:1: period.start: a value finsim cannot use here (not quoted: a base " \
           "file's own text never is; `finsim validate` on the base file itself shows it)" \
           in lines
    assert f"{base}:2: providers.….slots: expected a whole number from 0 to 1,000,000 or " \
           "a schedule {YYYY-MM: value}" in lines


def test_a_base_that_links_to_a_file_of_another_kind_is_refused(tmp_path):
    """The suffix rule holds for where a link leads: a link named like a scenario that
    points at another file (a password file) is refused before it is read."""
    secret = tmp_path / "shadow"
    secret.write_text("root:hunter2:20228:0:99999:7:::\n")
    (tmp_path / "link.yaml").symlink_to(secret)
    scenario = tmp_path / "s.yaml"
    scenario.write_text("base: link.yaml\nname: x\n")
    assert _lines(scenario) == [f"{scenario}:1: base: a base must be a scenario file ending "
                                "in .yaml or .yml; this one is a link to shadow (given: "
                                "'link.yaml')"]


def test_values_from_the_command_line_are_quoted():
    lines = _lines(INVALID / "base_secret.yaml", ["period.months=-3"])
    assert f"{INVALID / 'base_secret.yaml'} (--set): period.months: expected at least 1 " \
           "(given: -3)" in lines


def test_the_scenario_itself_is_not_echoed_when_it_is_no_mapping(tmp_path):
    text = tmp_path / "passwd.yaml"
    text.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/bin/sh\n")
    assert _lines(text) == [f"{text}: expected a mapping of scenario keys (name, period, "
                            "participants, ...), not text"]


def test_a_long_chain_of_bases_is_refused(tmp_path):
    for i in range(30):
        (tmp_path / f"s{i}.yaml").write_text(f"base: s{i + 1}.yaml\n")
    lines = _lines(tmp_path / "s0.yaml")
    assert lines == [f"{tmp_path / 's20.yaml'}:1: base: more than 20 base files in a chain, "
                     "finsim's limit"]


def test_a_file_too_large_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * MAX_FILE_BYTES + "\n")
    assert _lines(big) == [f"{big}: is larger than finsim's limit of 2 MiB "
                           f"({MAX_FILE_BYTES + 3:,} bytes)"]


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    (tmp_path / "inherits.yaml").write_text("base: pipe.yaml\n")
    assert _lines(fifo) == [f"{fifo}: is a FIFO (named pipe), not a scenario file"]
    assert _lines(tmp_path / "inherits.yaml") == [
        f"{tmp_path / 'inherits.yaml'}:1: base: base file {fifo} is a FIFO (named pipe), not a "
        "scenario file (given: 'pipe.yaml')"]


def test_a_device_is_refused_without_reading():
    assert _lines(Path("/dev/zero")) == ["/dev/zero: is a character device, not a scenario file"]


def test_dangling_symlink_and_symlink_loop(tmp_path):
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    assert _lines(tmp_path / "dangling.yaml") == [f"{tmp_path / 'dangling.yaml'}: file does not "
                                                  "exist"]
    assert _lines(tmp_path / "loop.yaml") == [f"{tmp_path / 'loop.yaml'}: cannot be read: too "
                                              "many levels of symbolic links"]


def test_unreadable_file_one_line_exit_2(tmp_path):
    """A real process, so that the permission check is the kernel's."""
    locked = tmp_path / "locked.yaml"
    shutil.copy(SMALL, locked)
    locked.chmod(0)
    (tmp_path / "inherits.yaml").write_text("base: locked.yaml\n")
    done = subprocess.run([*without_root_override(), sys.executable, "-m", "finsim", "validate",
                           str(locked), str(tmp_path / "inherits.yaml")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"{locked}: cannot be read: permission denied",
        f"{tmp_path / 'inherits.yaml'}:1: base: base file {locked} cannot be read: permission "
        "denied (given: 'locked.yaml')"]


def test_a_file_in_another_encoding_is_told_how_to_save_it(tmp_path):
    """A scenario saved in Windows-1252 or UTF-16 was refused as "is not UTF-8 text (line
    3: the byte 0xe4)" with no way out, while a CSV's line said "save it as CSV (UTF-8)".
    Now every file finsim reads says to save it as UTF-8 (a base too), and names the
    character the byte is in Windows-1252 where it is one to see; exit 2."""
    text = "# Träger\nname: Sächsisch\ndescription: Maßnahme § 16i\n"
    (tmp_path / "latin1.yaml").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.yaml").write_bytes(text.encode("utf-16"))
    (tmp_path / "cp1252.yaml").write_bytes("name: Šid\n".encode("cp1252"))
    (tmp_path / "undefined.yaml").write_bytes(b"name: \x81\n")
    (tmp_path / "inherits.yaml").write_text("base: latin1.yaml\n")
    names = ["latin1", "utf16", "cp1252", "undefined", "inherits"]
    done = CliRunner().invoke(main, ["validate", *(str(tmp_path / f"{n}.yaml") for n in names)])
    assert done.exit_code == 2
    assert done.output.splitlines() == [
        f"{tmp_path / 'latin1.yaml'}: is not UTF-8 text (line 1: the byte 0xe4 is 'ä' in "
        "Windows-1252/Latin-1) — save it as UTF-8",
        f"{tmp_path / 'utf16.yaml'}: is UTF-16 text, not UTF-8 — save it as UTF-8",
        f"{tmp_path / 'cp1252.yaml'}: is not UTF-8 text (line 1: the byte 0x8a is 'Š' in "
        "Windows-1252) — save it as UTF-8",
        f"{tmp_path / 'undefined.yaml'}: is not UTF-8 text (line 1: the byte 0x81) — save "
        "it as UTF-8",
        f"{tmp_path / 'inherits.yaml'}:1: base: base file {tmp_path / 'latin1.yaml'} is not "
        "UTF-8 text (line 1: the byte 0xe4 is 'ä' in Windows-1252/Latin-1) (given: "
        "'latin1.yaml') — save it as UTF-8"]


def test_a_binary_file_is_called_one_not_text_to_save_again(tmp_path):
    """``finsim run results.xlsx`` said "is not UTF-8 text (line 1: the byte 0xd5 ...) —
    save it as UTF-8". A workbook, an image or a PDF is named by its first bytes, another
    binary file (not UTF-8, a NUL in its first KiB) as such; a base and a CSV so too."""
    files = {"results.xlsx": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\xd5\x00",
             "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
             "chart.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
             "deck.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
             "data.bin": b"\x01\x00\xfe\x80" * 10}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "inherits.yaml").write_text("base: chart.yaml\n")
    (tmp_path / "chart.yaml").write_bytes(files["chart.png"])
    done = CliRunner().invoke(main, ["validate", *(str(tmp_path / n) for n in files),
                                     str(tmp_path / "inherits.yaml")])
    assert done.exit_code == 2
    assert done.output.splitlines() == [
        f"{tmp_path / 'results.xlsx'}: is a binary file (an Excel workbook?), not a scenario "
        "file",
        f"{tmp_path / 'old.xls'}: is a binary file (an old Excel workbook, .xls?), not a "
        "scenario file",
        f"{tmp_path / 'chart.png'}: is a binary file (a PNG image), not a scenario file",
        f"{tmp_path / 'deck.pdf'}: is a binary file (a PDF document), not a scenario file",
        f"{tmp_path / 'data.bin'}: is a binary file, not a scenario file",
        f"{tmp_path / 'inherits.yaml'}:1: base: base file {tmp_path / 'chart.yaml'} is a "
        "binary file (a PNG image), not a scenario file (given: 'chart.yaml')"]
    with pytest.raises(UnreadableFile, match="^is a binary file \\(an Excel workbook\\?\\), "
                       "not a CSV file$"):  # a data file's text, as DataFile.text reads it
        decoded(files["results.xlsx"], "a CSV file")


def test_cli_refusals_exit_2_without_traceback(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    names = [str(INVALID / n) for n in EXACT] + [str(tmp_path / "pipe.yaml"), str(tmp_path)]
    result = CliRunner().invoke(main, ["validate", *names])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.output.splitlines()) == len(names)


def test_caseload_that_is_no_file_is_refused_without_blocking(tmp_path):
    """The caseload file (``initial: people.csv``) is read the same safe way."""
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "folder.csv").mkdir()
    for name, kind in (("pipe.csv", "a FIFO (named pipe)"), ("folder.csv", "a directory")):
        scenario = tmp_path / f"with-{name}.yaml"
        scenario.write_text(f"base: {SMALL}\nparticipants: {{initial: {name}}}\n")
        assert _lines(scenario) == [f"{tmp_path / name}: caseload file is {kind}, not a CSV "
                                    "file"]


SMALL = Path(__file__).parent / "fixtures" / "small.yaml"
ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("scenario, given, expected", [
    (ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml", "funding.land_esf.from=2030-12",
     [f"{ROOT / 'scenarios' / 'aktiv-statt-passiv-2026-minimum-wage.yaml'}:126 (with --set): "
      "funding.land_esf.until: until (2029-12) must not lie before from (2030-12)"]),
    (SMALL.parent / "merge_keys.yaml", "funding.land_esf.transfer={cap_per_year: 100000}",
     [f"{SMALL}:37 (with --set): funding.land_esf.budget: budget 'land_esf' avoids no "
      "benefits, so nothing can be transferred; payers: federal, city",
      f"{SMALL.parent / 'merge_keys.yaml'} (--set): funding.land_esf.transfer: a transfer "
      "finances wage money: this funder covers no wages"]),
])
def test_a_set_against_a_base_s_value_says_the_rule_broken(tmp_path, scenario, given,
                                                              expected):
    """The fuzz probe's: a ``--set`` refused against a value a base file gives hid the rule
    and the funder ("funding.….until: a value finsim cannot use here (not quoted ...)"),
    though the id is the user's own (in the --set) and the rest are months."""
    ran = CliRunner().invoke(main, ["run", str(scenario), "-n", "1", "--set", given,
                                    "--out", str(tmp_path / "r")])
    assert ran.exit_code == 2
    assert ran.stderr.splitlines() == expected


def test_a_base_s_draw_on_a_funder_the_file_replaced_away_names_it(tmp_path):
    """The base draws funding.land_esf's payment lag; a file whose ``funding: !replace``
    has no land_esf said ``uncertainty.funding.….payment.lag_months: a value finsim
    cannot use here (… finsim validate on the base file itself shows it)``, though the
    base validates: the id is named, and the line says how to drop the draw."""
    base = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    scenario = tmp_path / "land.yaml"
    scenario.write_text(f"base: {base}\nfunding: !replace\n"
                        "  - {id: land, name: Land, covers: remainder}\n")
    assert _lines(scenario) == [
        f"{base}:235: uncertainty.funding.land_esf.payment.lag_months: draws on "
        "funding.land_esf, which is not in the scenario's funding (its ids: land; a list "
        "given with !replace takes out its base's items); drop the draw with uncertainty: "
        "{funding.land_esf.payment.lag_months: null} in the file that gives the list, or "
        "name an item the list has"]
    scenario.write_text(scenario.read_text()
                        + "uncertainty: {funding.land_esf.payment.lag_months: null}\n")
    assert load_scenario(scenario).uncertainty.get("funding.land_esf.payment.lag_months") \
        is None

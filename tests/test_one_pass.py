"""``finsim validate`` says every problem of a file in one pass: a reserved id beside a
problem in the same block, a value after YAML's bare ``!`` tag, a value nested past the
limit or a recursive alias beside the file's other problems; where reading stops (past
the values finsim reads), the one line says the rest was not checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.scenario.reader import Refused, parse

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"

RESERVED_GAP = ("'gap' cannot be a funder id: the outputs use it for the funding gap (funder "
                "'gap' in ledger.csv and plan.csv, metric funding_gap); choose another id")


def validated(tmp_path: Path, edits: dict[str, str], added: str = "") -> tuple[int, list[str]]:
    """The exit code and lines of ``finsim validate`` on small.yaml with each text of
    ``edits`` replaced once and ``added`` at its end, the lines without the file's path."""
    text = SMALL.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "edited.yaml"
    path.write_text(text + added, encoding="utf-8")
    done = CliRunner().invoke(main, ["validate", str(path)])
    return done.exit_code, [line.removeprefix(str(path)) for line in done.stderr.splitlines()]


LAND_ESF = ("{id: land_esf, name: Land / ESF, public: true, covers: {staff: 1.0, material: 1.0, "
            "qualification: 1.0, overhead: 1.0}}")


@pytest.mark.parametrize("edits, added, expected", [
    pytest.param(  # the funder is read whole or not at all: its id was said only once fixed
        {LAND_ESF: "{id: gap, name: Land / ESF, public: true, covers: {staff: 1.0, material: "
                   "1.0, qualification: {by_tenure_year: [1.0], per_person_limit: -5}, "
                   "overhead: 1.0}}"}, "",
        [":37: funding.gap.covers.qualification.per_person_limit: expected at least 0 "
         "(given: -5)",
         f":37: funding.gap: {RESERVED_GAP}"], id="funder"),
    pytest.param(  # another funder's net_of names it: no line follows from the rename
        {LAND_ESF: "{id: gap, name: Land / ESF, public: true, covers: {staff: 1.0, material: "
                   "1.0, qualification: 1.0, overhead: 1.0}, cap_total: -1}",
         "covers: remainder}": "covers: {wages: 0.25}, net_of: [gap]}"}, "",
        [":37: funding.gap.cap_total: expected at least 0 (given: -1)",
         f":37: funding.gap: {RESERVED_GAP}"], id="net_of"),
    pytest.param(
        {LAND_ESF: "{id: land_esf, name: Land / ESF, public: true, budget: {total: 0.5, land: "
                   "0.5}, covers: {staff: 1.0, material: 1.0, qualification: 1.0, overhead: "
                   "1.0}, cap_total: -1}"}, "",
        [":37: funding.land_esf.cap_total: expected at least 0 (given: -1)",
         ":37: funding.land_esf.budget.total: 'total' cannot be a budget id: the outputs use "
         "it for totals (cost_total, the total row and column of the plan, covers: {total: "
         "...}); choose another id"], id="budget"),
    pytest.param(
        {"by_payer: {federal: 382, city: 380}": "by_payer: {federal: 382, program: 380, "
                                                 "city: -5}"}, "",
        [":39: passive_benefits.by_payer.city: expected a number >= 0, a schedule {YYYY-MM: "
         "value}, or amounts by value of passive_benefits.attribute, e.g. {single: 739.30} "
         "(given: -5)",
         ":39: passive_benefits.by_payer.program: 'program' cannot be a payer id: the outputs "
         "use it for the whole program; choose another id"], id="payer"),
    pytest.param(
        {"by_payer: {federal: 382, city: 380}": "by_payer: {federal: 382, all: 380}, "
                                                 "per_person_month: 700"}, "",
        [":39: passive_benefits: give one of per_person_month, by_payer, parts, not "
         "per_person_month and by_payer",
         ":39: passive_benefits.by_payer.all: 'all' cannot be a payer id: the outputs use it "
         "for the program rows (provider 'all' in flows.csv) and for benefits without a payer "
         "split; choose another id"], id="payer beside two forms"),
    pytest.param(
        {}, "returns: {federal: 0.2, contingency: 1.5}\n",
        [":43: returns.contingency: expected at most 1 (given: 1.5) — a share, 0.015 for 1.5 %",
         ":43: returns.contingency: 'contingency' cannot be a budget id: the outputs use it for "
         "the contingency rows of plan.csv; choose another id"], id="returns"),
    pytest.param(
        {"{id: alpha, name: Alpha e.V., slots: 30,": "{id: total, name: Alpha e.V., slots: -3,"},
        "", [":21: providers.total.slots: expected a whole number from 0 to 1,000,000 or a "
             "schedule {YYYY-MM: value} (given: -3)",
             ":21: providers.total: 'total' cannot be a provider id: the outputs use it for "
             "totals (cost_total, the total row and column of the plan, covers: {total: ...}); "
             "choose another id"], id="provider"),
])
def test_a_reserved_id_is_said_with_the_problems_beside_it(tmp_path, edits, added, expected):
    assert validated(tmp_path, edits, added) == (2, expected)


NON_SPECIFIC = ("the YAML tag ! is not part of the scenario format: YAML reads the value after "
                "it as text, some readers as what it looks like (! 5 as the number 5); write "
                "the value without the tag, a number meant as text in quotes ('5')")


def test_a_bare_tag_is_refused_never_read_as_another_value(tmp_path):
    """PyYAML read ``seed: ! 7`` as the number 7 where YAML reads the text '7': finsim
    reads neither, and says so at each place; after a mapping, as after any tag."""
    assert validated(tmp_path, {"name: Small test program": "name: ! Small test program",
                                "seed: 7}": "seed: ! 7}",
                                "overhead: {rate_on_staff": "overhead: ! {rate_on_staff"}) == (2, [
        f":2: name: {NON_SPECIFIC}",
        f":4: simulation.seed: {NON_SPECIFIC}",
        ":34: costs.overhead: the YAML tag ! is not part of the scenario format, which knows "
        "!replace (before a list that replaces its base's) and no other tag of its own; write "
        "the value without the tag"])


def test_a_bare_tag_is_read_as_refused_as_a_value_and_as_a_key():
    refused = Refused(NON_SPECIFIC, "!")
    assert [parse(text)[0] for text in ("a: ! 5\n", "a: !\n", "! 5: 1\n")] == [
        {"a": refused}, {"a": refused}, {refused: 1}]


NESTED = "nested more than 64 levels deep, finsim's limit for a scenario"


def test_a_value_nested_past_the_limit_is_said_with_the_files_other_problems(tmp_path):
    """The line came alone: the seed's other problem was said once the nesting was fixed.
    The name is level 3 (the document 1, the provider 2); its 62nd list is level 65."""
    assert validated(tmp_path, {"seed: 7}": "seed: -1}",
                                "name: Alpha e.V.,": "name: " + "[" * 70 + "]" * 70 + ","}
                     ) == (2, [":4: simulation.seed: expected at least 0 (given: -1)",
                               f":21: providers.alpha.name{'.0' * 61}: {NESTED}"])


def test_a_recursive_alias_is_said_with_the_files_other_problems(tmp_path):
    assert validated(tmp_path, {"seed: 7}": "seed: -1}",
                                "fields: [recycling]": "fields: &f [recycling, *f]"}) == (2, [
        ":4: simulation.seed: expected at least 0 (given: -1)",
        ":21: providers.alpha.fields.1: an alias refers to a collection that contains it (a "
        "recursive structure), which a scenario cannot use"])


BOMB = "bomb:\n  a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  {c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize("added, expected", [
    (BOMB, ":49: bomb.f.1: more than 200,000 values (aliases counted in full), finsim's limit "
           "for a scenario; the file's other keys were not checked"),
    ("deep: " + "[" * 200 + "]" * 200 + "\n",
     f":43: deep{'.0' * 63}: {NESTED} (and more than 128, where it stops reading); the "
     "file's other keys were not checked"),
])
def test_where_reading_stops_the_line_says_the_rest_was_not_checked(tmp_path, added, expected):
    """Past the values finsim reads, or nested past twice the limit, the rest of the file
    is not read: the seed's problem cannot be said, and the line says so."""
    assert validated(tmp_path, {"seed: 7}": "seed: -1}"}, added) == (2, [expected])

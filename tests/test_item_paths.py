"""A list item whose own id is the bad value is named by its position (probe 36's
fuzzing): the path put the refused value in the index's place, so ``id: -1`` in the
fourth funder read ``funding.-1.id`` (index -1?), a blank id ``funding..id``, ``true``
``funding.True.id``, YAML's ``.nan`` ``providers.nan.id``. The line is the item's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.scenario.paths import named_path, path_id

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def refused(path: Path, text: str) -> list[str]:
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    return result.output.replace(str(path), path.name).splitlines()


@pytest.mark.parametrize(("written", "said"), [
    ("-1", "expected text (given: -1)"),
    ("1e-12", "expected text (given: 1e-12)"),
    (".nan", "expected text (given: nan)"),
    ("''", "expected a text of at least one character (given: '')"),
    ("true", "true or false cannot go here (YAML reads yes, no, on and off as true or "
             "false: quote a word meant as text) (given: True)"),
])
def test_a_funder_of_the_seed_file_itself_is_named_by_position(tmp_path: Path, written: str,
                                                               said: str) -> None:
    """The seed's fourth funder, ``employers``, given a bad id in the file itself."""
    text = SEED.read_text(encoding="utf-8").replace("  - id: employers",
                                                     f"  - id: {written}")
    assert refused(tmp_path / "seed.yaml", text) == [f"seed.yaml:199: funding.3.id: {said}"]


def test_an_item_added_over_a_base_is_named_by_its_place_in_the_merged_list(
        tmp_path: Path) -> None:
    """The base's four funders come first: the file's second funder is ``funding.4``,
    the path a ``--set`` would take, at its own line of the file."""
    text = (f"base: {SEED}\nfunding:\n  - {{id: jobcenter, cap_total: 5}}\n"
            "  - {id: -1, covers: {staff: 0.1}}\nproviders:\n  - {id: .nan, slots: 3}\n")
    assert refused(tmp_path / "over.yaml", text) == [
        "over.yaml:4: funding.4.id: expected text (given: -1)",
        "over.yaml:6: providers.9.id: expected text (given: nan)"]


def test_an_id_a_path_can_name_names_it() -> None:
    assert [path_id({"id": v}) for v in ("cjd", "09", -1, True, "", " x", "a.b", None)] == [
        "cjd", "09", None, None, None, None, None, None]
    data = {"providers": [{"id": "cjd"}, {"id": 7}]}
    assert named_path(data, "providers.0.slots") == "providers.cjd.slots"
    assert named_path(data, "providers.1.slots") == "providers.1.slots"

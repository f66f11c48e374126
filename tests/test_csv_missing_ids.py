"""Ids a CSV reader takes for a missing value or a number (probe 36's fuzzing): a
provider ``NaN`` ran, and ``pd.read_csv('providers.csv').provider`` had 37 missing rows,
so the provider vanished from every group-by of a pandas analysis. Each is refused at
validation in one line, as the reserved words are."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from finsim.cli import main
from finsim.scenario.checks import registered_id_problem
from finsim.scenario.limits import READ_AS_MISSING

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def test_the_list_is_pandas_own() -> None:
    """Written out so that loading a scenario does not import pandas; the same texts as
    pandas' default ``na_values``."""
    from pandas._libs.parsers import STR_NA_VALUES

    assert set(STR_NA_VALUES) == READ_AS_MISSING


def validated(tmp_path: Path, data: dict) -> tuple[int, list[str]]:
    path = tmp_path / "ids.yaml"
    path.write_text(yaml.safe_dump({"base": str(SEED), **data}, sort_keys=False),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.replace(str(path), "ids.yaml").splitlines()


@pytest.mark.parametrize("name", ["NaN", "nan", "NA", "N/A", "null", "None", "#N/A", "<NA>"])
def test_a_provider_id_read_as_missing_is_refused(tmp_path: Path, name: str) -> None:
    code, lines = validated(tmp_path, {"providers": [{"id": name, "slots": 3}]})
    assert code == 2
    assert lines == [f"ids.yaml:3: providers.{name}: '{name}' cannot be a provider id: a CSV "
                     "reader (pandas' read_csv) reads it in every output as a missing value, "
                     "not as an id; choose another id"]


@pytest.mark.parametrize("name", ["inf", "-inf", "Infinity"])
def test_a_funder_id_read_as_a_number_is_refused(tmp_path: Path, name: str) -> None:
    code, lines = validated(tmp_path, {"funding": [{"id": name, "covers": {"material": 0}}]})
    assert code == 2
    assert lines == [f"ids.yaml:3: funding.{name}: '{name}' cannot be a funder id: a CSV "
                     "reader (pandas' read_csv) reads it in every output as the number "
                     "infinity, not as an id; choose another id"]


def test_a_budget_and_a_category_id_too(tmp_path: Path) -> None:
    code, lines = validated(tmp_path, {"funding": [{"id": "jobcenter", "budget": "NULL"}]})
    assert code == 2
    assert lines[0].endswith("funding.jobcenter.budget: 'NULL' cannot be a budget id: a CSV "
                             "reader (pandas' read_csv) reads it in every output as a "
                             "missing value, not as an id; choose another id")
    assert registered_id_problem("category", "n/a", []) == (
        "'n/a' cannot be a category id: a CSV reader (pandas' read_csv) reads it in every "
        "output as a missing value, not as an id; choose another id")


def test_ids_near_them_are_kept(tmp_path: Path) -> None:
    """Only the very texts: ``Nan`` and ``nana`` are text to pandas too."""
    code, lines = validated(tmp_path, {"providers": [{"id": "Nan", "slots": 3},
                                                     {"id": "nana", "slots": 3}]})
    assert code == 0 and lines[-1] == "ids.yaml: ok"

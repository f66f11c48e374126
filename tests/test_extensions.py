"""Extensions installed as packages (the ``finsim.extensions`` entry point): the example
docs/design.md gives, installed here by a fake entry point (a package in a virtual
environment takes too long for a test), is loaded by the ``finsim`` command before the
scenario, recorded in run.json, named where a record is replayed without it, and loaded
again where a compiled program is unpickled (a spawned or a cluster's worker)."""

from __future__ import annotations

import json
import pickle
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from finsim import extensions
from finsim.cli import main
from finsim.ledger import BY_ID, unregister_category
from finsim.scenario.model import CATEGORIES
from tests.conftest import ROOT, SMALL

DESIGN = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
SECTION = DESIGN[DESIGN.index("### Installing an extension"):]
TOML, MODULE = (re.search(rf"```{lang}\n(.*?)```", SECTION, re.S).group(1)
                for lang in ("toml", "python"))


@dataclass(frozen=True)
class Version:
    version: str


@dataclass(frozen=True)
class FakePoint:
    """An installed package's entry point, as ``importlib.metadata`` gives it."""

    name: str
    value: str
    dist: Any

    def load(self) -> Any:
        return EntryPoint(self.name, self.value, extensions.GROUP).load()


def _installed(monkeypatch, points: list[FakePoint]) -> None:
    """``points`` as the installed extensions of a process that has loaded none yet."""
    monkeypatch.setattr(extensions, "entry_points",
                        lambda group: points if group == extensions.GROUP else [])
    monkeypatch.setattr(extensions, "LOADED", {})
    monkeypatch.setattr(extensions, "_SCANNED", [])


def _uninstalled() -> None:
    """The example's category taken out again, its module forgotten."""
    if "parking" in BY_ID:
        unregister_category(BY_ID["parking"])
    sys.modules.pop("finsim_parking", None)


@pytest.fixture
def parking(tmp_path, monkeypatch) -> Iterator[FakePoint]:
    """The documented package ``pip install``-ed: its module on the path, its entry
    point (from its pyproject.toml) installed."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "finsim_parking.py").write_text(MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    project = tomllib.loads(TOML)["project"]
    (name, value), = project["entry-points"][extensions.GROUP].items()
    point = FakePoint(name, value, Version(project["version"]))
    _installed(monkeypatch, [point])
    try:
        yield point
    finally:
        _uninstalled()


def _scenario(tmp_path: Path) -> Path:
    data = yaml.safe_load(SMALL.read_text())
    data.pop("uncertainty")
    data["costs"]["parking"] = {"per_slot_month": 25}
    path = tmp_path / "parking.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_the_documented_extension_is_loaded_by_the_command(parking, tmp_path) -> None:
    """``finsim run`` with no launcher: 25 EUR a slot-month over the small scenario's
    1,027 occupied slot-months (two replications' mean, as the travel test's 61,620 EUR
    at 60 EUR), and run.json names the extension and its package's version."""
    assert "parking" not in CATEGORIES
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["run", str(_scenario(tmp_path)), "-q", "-n", "2",
                                     "-j", "1", "--out", str(out)])
    assert done.exit_code == 0, done.output
    summary = pd.read_csv(out / "summary.csv").set_index("metric")
    assert summary.loc["cost_parking", "mean"] == 25_675.0
    record = json.loads((out / "run.json").read_text())
    assert record["extensions"] == [{"name": "parking", "value": "finsim_parking",
                                     "version": "1.0"}]


def test_a_record_replayed_without_its_extension_names_it(parking, tmp_path,
                                                          monkeypatch) -> None:
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["run", str(_scenario(tmp_path)), "-q", "-n", "1",
                                     "-j", "1", "--out", str(out)])
    assert done.exit_code == 0, done.output
    _uninstalled()
    _installed(monkeypatch, [])
    again = CliRunner().invoke(main, ["run", str(out / "run.json"), "-q", "--out",
                                      str(tmp_path / "again")])
    assert again.exit_code == 2
    line = next(n for n, text in enumerate((out / "run.json").read_text().splitlines(), 1)
                if text.strip() == '"parking": {')
    assert again.output == (
        f"{out / 'run.json'}:{line}: costs.parking: unknown key 'parking' (expected: wages, "
        "staff, material, qualification, overhead, one_off) — the run was made with the "
        "finsim extension 'parking' 1.0 (finsim_parking), not installed here: install it "
        "to run this record\n")


def test_a_worker_unpickling_the_program_loads_the_extensions(parking, tmp_path,
                                                              monkeypatch) -> None:
    """A spawned or a cluster's worker receives the compiled program pickled: it loads
    the installed extensions before the program's parts, which hold the category."""
    import finsim
    from finsim.program import compile_program

    blob = pickle.dumps(compile_program(finsim.load(_scenario(tmp_path))))
    _uninstalled()
    _installed(monkeypatch, [parking])  # a fresh process: nothing loaded
    assert "parking" not in CATEGORIES
    program = pickle.loads(blob)
    assert "parking" in CATEGORIES
    assert program.scenario.costs.parking.per_slot_month == 25.0
    assert list(extensions.LOADED) == ["parking"]


def test_an_extension_that_fails_to_load_is_one_line(tmp_path, monkeypatch) -> None:
    _installed(monkeypatch, [FakePoint("broken", "finsim_nowhere", None)])
    done = CliRunner().invoke(main, ["validate", str(SMALL)])
    assert done.exit_code == 2
    assert done.output == ("finsim extension 'broken' (finsim_nowhere) failed to load: "
                           "ModuleNotFoundError: No module named 'finsim_nowhere'\n")


def test_a_failed_extension_fails_again_and_the_others_load(parking, monkeypatch) -> None:
    """A broken extension named before a good one: the good one is loaded all the same,
    and a second look (a notebook catching the error and trying again) raises again
    instead of returning with the broken one left out."""
    _installed(monkeypatch, [FakePoint("broken", "finsim_nowhere", None), parking])
    line = ("finsim extension 'broken' (finsim_nowhere) failed to load: "
            "ModuleNotFoundError: No module named 'finsim_nowhere'")
    for _ in range(2):
        with pytest.raises(extensions.ExtensionError) as raised:
            extensions.load_extensions()
        assert str(raised.value) == line
        assert list(extensions.LOADED) == ["parking"]

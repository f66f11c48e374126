"""A re-forecast's lines where a variant or a range meets the actual spells: a range end
the spells refuse is named by the file's line, as ``run --set`` names it."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from finsim.cli import main

from .test_actuals import SPELLS, files


def reforecast(tmp_path: Path, as_of: str = "2027-07") -> Path:
    """``test_actuals.files``' scenario (cjd, 2 slots; A and B in them from 2027-01) with
    an ``actuals:`` block as of ``as_of``."""
    path = files(tmp_path, SPELLS)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["actuals"] = {"spells": "spells.csv", "as_of": as_of}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output.splitlines()


def test_a_range_end_below_the_actual_spells_names_the_file_s_line(tmp_path: Path) -> None:
    """Two people are in cjd in 2027-01: slots 1 (the range's low end) cannot hold them.
    run --set names spells.csv:3; sensitivity the same line, its point in the hint."""
    path = reforecast(tmp_path)
    spells = tmp_path / "spells.csv"
    code, lines = invoke("run", str(path), "--set", "providers.cjd.slots=1", "-n", "2",
                         "--out", str(tmp_path / "run"))
    assert (code, lines) == (2, [
        f"{spells}:3: provider: 2 people at cjd in 2027-01, which has 1 slot then "
        "(given: 'cjd')"])
    for method in ("oat", "morris"):
        code, lines = invoke("sensitivity", str(path), "--method", method, "--param",
                             "providers.cjd.slots=1:3", "-n", "2",
                             "--out", str(tmp_path / method))
        assert (code, lines) == (2, [
            f"{spells}:3: provider: 2 people at cjd in 2027-01, which has 1 slot then "
            "(given: 'cjd') — at providers.cjd.slots=1 (--param): narrow the range"])
        assert not (tmp_path / method).exists()


def test_python_sensitivity_names_the_file_s_line_too(tmp_path: Path) -> None:
    import pytest

    import finsim
    from finsim.scenario import ScenarioError

    scn = finsim.load(reforecast(tmp_path))
    with pytest.raises(ScenarioError) as err:
        finsim.sensitivity(scn, params={"providers.cjd.slots": (1, 3)}, replications=2)
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'spells.csv'}:3: provider: 2 people at cjd in 2027-01, which has 1 slot "
        "then (given: 'cjd') — at providers.cjd.slots=1 (finsim.sensitivity: params): "
        "narrow the range"]

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


BOOKED = "month,provider,category,amount\n2027-06,cjd,wages,100.00\n"


def booked_reforecast(tmp_path: Path) -> tuple[Path, Path, Path]:
    """``reforecast`` as of 2027-07 with 2027-06 booked, a variant over it (cjd 3 slots)
    and the booked file: an as_of of 2027-06 leaves the booked month forecast."""
    path = reforecast(tmp_path)
    (tmp_path / "booked.csv").write_text(BOOKED, encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["actuals"]["booked"] = "booked.csv"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    variant = tmp_path / "more.yaml"
    variant.write_text(f"name: more\nbase: {path.name}\nproviders:\n  - id: cjd\n    slots: 3\n",
                       encoding="utf-8")
    return path, variant, tmp_path / "booked.csv"


def forecast_line(booked: Path, said: str) -> str:
    return (f"{booked}:2: month: expected a month of the actual part (2027-01 to 2027-05; "
            f"{said} is forecast) (given: '2027-06')")


def test_a_booked_month_left_forecast_names_as_of_where_it_was_given(tmp_path: Path) -> None:
    """run --as-of names the option; --set (run, sensitivity) the key and the scenario; the
    file's key its line; compare each scenario's as_of (its own file's --set)."""
    path, variant, booked = booked_reforecast(tmp_path)
    out = ["-n", "2", "--out", str(tmp_path / "out")]
    assert invoke("run", str(path), "--as-of", "2027-06", *out) == (
        2, [forecast_line(booked, "--as-of 2027-06")])
    by_set = forecast_line(booked, f"actuals.as_of 2027-06 of {path} (--set)")
    assert invoke("run", str(path), "--set", "actuals.as_of=2027-06", *out) == (2, [by_set])
    assert invoke("sensitivity", str(path), "--set", "actuals.as_of=2027-06", "--param",
                  "providers.cjd.slots=2:4", *out) == (2, [by_set])
    assert invoke("compare", str(path), str(variant), "--set", "actuals.as_of=2027-06",
                  *out) == (2, [by_set, forecast_line(
                      booked, f"actuals.as_of 2027-06 of {variant} (--set)")])
    text = path.read_text(encoding="utf-8").replace("as_of: 2027-07", "as_of: 2027-06")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  as_of: 2027-06") + 1
    in_file = forecast_line(booked, f"actuals.as_of 2027-06 of {path}:{line}")
    assert invoke("run", str(path), *out) == (2, [in_file])
    assert invoke("compare", str(path), str(variant), *out) == (2, [in_file])
    assert not (tmp_path / "out").exists()

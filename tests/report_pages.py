"""Every command's report page, made once per test session (``conftest.report_pages``):
run, compare (two scenarios that start in different months), sensitivity (OAT with a
metric no parameter moves, and Sobol), size and calibrate, all on small inputs."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from finsim.cli import main

from .test_calibrate_cli import SCENARIO as KNOWN_HAZARDS
from .test_calibrate_cli import write_spells

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"
PARAM = "costs.material.per_slot_month=40:60"


def _invoke(*args: str) -> None:
    done = CliRunner().invoke(main, [*map(str, args)])
    assert done.exit_code == 0, done.output


def make_pages(root: Path) -> dict[str, Path]:
    """Command -> its report page under ``root``."""
    later = root / "later.yaml"  # the small program a year and a half later, 30 months
    later.write_text(yaml.safe_dump({"base": str(SMALL.resolve()), "name": "Small, later",
                                     "period": {"start": "2014-07", "months": 30}}))
    quick = ("-q", "-n", "8", "--jobs", "1")
    _invoke("run", SMALL, *quick, "--out", root / "run")
    _invoke("compare", SMALL, later, *quick, "--out", root / "compare")
    _invoke("sensitivity", SMALL, *quick, "--param", PARAM, "--metric", "cost_total",
            "--metric", "funding_gap", "--out", root / "oat")
    _invoke("sensitivity", SMALL, "-q", "-n", "4", "--jobs", "1", "--method", "sobol",
            "--samples", "4", "--param", PARAM, "--param", "employment.hazards.placement="
            "0.005:0.02", "--metric", "cost_total", "--lang", "en", "--out", root / "sobol")
    _invoke("size", SMALL, *quick, "--start", "2013-01", "--months", "24", "--confidence",
            "0.9", "--out", root / "size")
    known = root / "known.yaml"
    known.write_text(yaml.safe_dump(KNOWN_HAZARDS, sort_keys=False))
    write_spells(root / "spells.csv", known, seed=4)
    _invoke("calibrate", root / "spells.csv", "--scenario", known, "--out",
            root / "fit" / "overlay.yaml", "-q")
    return {"run": root / "run" / "report.html", "compare": root / "compare" / "report.html",
            "oat": root / "oat" / "report.html", "sobol": root / "sobol" / "report.html",
            "size": root / "size" / "report.html",
            "calibrate": root / "fit" / "overlay-report.html"}

"""``size`` at 95 % confidence with few replications: the plan's quantile and the run's
90 % intervals rest on the same 95 % quantile, so the warning that the replications are
too few for it is said once in each place a person reads it: the terminal, run.json,
``Size.warnings`` and ``Size.run.warnings``."""

import json
import warnings

from click.testing import CliRunner

import finsim
from finsim.cli import main

from .conftest import SMALL

FEW = "5 replications are too few for a 95% quantile: "
ASK = ("--start", "2013-01", "--months", "12", "--confidence", "0.95", "-n", "5", "--jobs", "1")


def _few(lines: list[str]) -> list[str]:
    return [line for line in lines if FEW in line]


def test_the_command_says_it_once(tmp_path):
    result = CliRunner().invoke(main, ["size", str(SMALL), *ASK, "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert _few(result.output.splitlines()) == [
        "warning: 5 replications are too few for a 95% quantile: 0.25 of them lie beyond it, "
        "less than one, so each 95% quantile is about the largest of the 5 results and "
        "understates the real one; the plan is not at 95% confidence; rerun with more "
        "--replications: about 200 put 10 beyond it"]
    said = json.loads((tmp_path / "s" / "run.json").read_text(encoding="utf-8"))["warnings"]
    assert len(_few(said)) == 1


def test_the_call_says_it_once_in_each_list():
    with warnings.catch_warnings(record=True) as issued:
        warnings.simplefilter("always")
        plan = finsim.size(SMALL, start="2013-01", months=12, confidence=0.95,
                           replications=5, jobs=1)
    assert len(_few(plan.warnings)) == 1 and len(_few(plan.run.warnings)) == 1
    assert len(_few([str(w.message) for w in issued])) == 1

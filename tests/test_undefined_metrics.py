"""A metric that no replication defines (``cost_per_placement`` when nobody was placed)
is NaN in the tables and "–" on the pages, never a numpy warning on the user's terminal."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings
from pathlib import Path

import finsim
from finsim.analysis.sanity import sanity_warnings
from finsim.report.cashflow import mean_of
from finsim.report.html import run_page
from finsim.report.monitoring import monitoring_markdown

ROOT = Path(__file__).parent.parent
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
ONE_MONTH = {"period.months": 1}  # nobody is placed in the first month of the seed


def test_the_mean_of_an_undefined_metric_is_nan_without_a_warning() -> None:
    result = finsim.run(SEED, ONE_MONTH, replications=1, jobs=1).result
    assert math.isnan(result.metric("cost_per_placement")[0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(result.metric_mean("cost_per_placement"))
        assert result.metric_mean("entries") == result.metric("entries")[0] > 0
        assert monitoring_markdown(result).startswith("# Monitoring: ")
        run_page(result, "en").html()
        sanity_warnings(result)
        assert len(mean_of(result, "peak_prefinancing")) == len(result.scenario.providers) + 1


def test_the_command_prints_no_python_warning(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "finsim", "run", str(SEED), "-n", "1", "--set",
         "period.months=1", "--monitoring", "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "nanmean" not in done.stderr, done.stderr

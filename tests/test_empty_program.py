"""A program that employs nobody (every provider at 0 slots): each command writes its
complete results, zero costs, charts included, never a crash nor a Python warning; the
charts' money axes read -1, 0, 1 EUR, not five ticks that all read "0", and its
people a month 0 to 1, not 0.00 to 0.05."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import CliRunner, Result
from matplotlib.figure import Figure

from finsim.cli import main
from finsim.commands.folder import MANIFEST
from finsim.report import files
from finsim.report.ticks import WholeEuros, euro_auto

from .conftest import SMALL

NOBODY = ["--set", "providers.alpha.slots=0", "--set", "providers.beta.slots=0"]


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "-q", "-n", "4", "-j", "1"])


def _figure_texts(page: Path) -> list[list[str]]:
    """Each inline chart's texts (ticks, titles, legend entries), in order."""
    html = page.read_text()
    return [re.findall(r"<text[^>]*>([^<]*)</text>", figure)
            for figure in re.findall(r"<figure>(.*?)</figure>", html, re.S)]


def test_run_writes_every_file_with_zero_costs(tmp_path: Path) -> None:
    out = tmp_path / "res"
    done = _invoke("run", str(SMALL), *NOBODY, "--out", str(out))
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*files.RESULT_TABLES, "run.json", "cashflow.png", "report.html", "results.xlsx",
         MANIFEST])
    summary = pd.read_csv(out / "summary.csv").set_index("metric")["mean"]
    assert summary["entries"] == 0 and summary["cost_total"] == 0
    assert summary["funding_jobcenter"] == 0 and summary["referrals"] > 0
    flows, bars, balance = _figure_texts(out / "report.html")
    # the bars: no stack and no legend, the years in their places, whole euros
    assert bars == ["-1", "0", "1", "Kosten und Finanzierung je Jahr und Geldgeber "
                    "(Mittelwert, EUR)", "2013", "2014", "-1", "0", "1",
                    "Kosten je Jahr nach Kostenart (Mittelwert, EUR)"]
    assert balance[-3:] == ["-1", "0", "1"]
    # nobody enters nor leaves: the moves read 0 to 1 person a month, not 0.00 to 0.05
    moves = flows.index("Personen je Monat")
    assert flows[moves - 6:moves] == ["0,0", "0,2", "0,4", "0,6", "0,8", "1,0"]


def test_a_money_axis_of_zeros_reads_minus_one_to_one() -> None:
    ax = Figure().add_subplot()
    ax.yaxis.set_major_locator(euro_auto())
    ax.plot([0, 1, 2], [0.0, 0.0, 0.0])
    assert ax.get_ylim() == (-1.1, 1.1)
    assert ax.yaxis.get_major_locator()().tolist() == [-1.0, 0.0, 1.0]


def test_a_money_axis_of_euros_keeps_its_ticks() -> None:
    """Beyond a few euros the ticks are ``ShownMaxN``'s, as before."""
    ax = Figure().add_subplot()
    ax.yaxis.set_major_locator(WholeEuros(nbins=4, steps=[1, 2, 2.5, 5, 10]))
    ax.plot([0, 1], [-12_500.0, 48_000.0])
    assert np.diff(ax.yaxis.get_major_locator()()).tolist() == [20_000.0] * 2


def test_compare_of_two_empty_programs_draws_its_bars_quietly(tmp_path: Path) -> None:
    """Nothing paid in any scenario: the scenarios still label their (empty) bars, the
    axis goes to 1 million, and no empty legend (matplotlib warned of it)."""
    out = tmp_path / "cmp"
    done = subprocess.run(
        [sys.executable, "-m", "finsim", "compare", str(SMALL), str(SMALL), *NOBODY, "-q",
         "-n", "3", "-j", "1", "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (out / "cost_by_funder.png").stat().st_size > 0
    costs = _figure_texts(out / "report.html")[0]
    assert costs == ["Small test program", "[small] #1", "Small test program", "[small] #2",
                     "0,0", "0,2", "0,4", "0,6", "0,8", "1,0", "Mio. EUR", "0,00", "0,00"]


def test_sensitivity_and_size_of_an_empty_program(tmp_path: Path) -> None:
    sensitivity = _invoke("sensitivity", str(SMALL), *NOBODY, "--out", str(tmp_path / "s"))
    assert sensitivity.exit_code == 0, sensitivity.output
    table = pd.read_csv(tmp_path / "s" / "sensitivity.csv")
    assert (table["metric_base"] == 0).all() and (table["swing"] == 0).all()
    plan = ["size", str(SMALL), *NOBODY, "--start", "2013-01", "--months", "12",
            "--confidence", "0.9"]
    planned = _invoke(*plan, "--out", str(tmp_path / "p"))
    assert planned.exit_code == 0, planned.output
    assert (tmp_path / "p" / "report.html").exists()
    capped = _invoke(*plan, "--cap", "jobcenter=1000", "--out", str(tmp_path / "c"))
    assert capped.exit_code == 2
    assert capped.output == ("finsim size: --cap: providers.*.slots: the scenario has no slots to "
                             "scale (0 in every month); give a provider slots\n")
    assert not (tmp_path / "c").exists()

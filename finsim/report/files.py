"""The files of a results folder: CSV tables, JSON records, and run's own set of files.

Where the folder goes, and whether it may replace another, is ``finsim.commands.folder``.
"""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import simpy

from .. import __version__
from ..montecarlo import RunResult
from ..scenario import resolved_data
from . import tables
from .cashflow import balance_chart


def write_json(path: Path, data: dict) -> None:
    """A JSON record of what ran, readable by people and by scripts."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def versions() -> dict[str, str]:
    """The versions that produced a result."""
    return {"python": platform.python_version(), "numpy": np.__version__,
            "simpy": simpy.__version__, "pandas": pd.__version__}


def write_csv(frame: pd.DataFrame, path: Path, locale: str = "en") -> None:
    """CSV with ``.`` decimals, or with ``--csv-locale de`` semicolons and decimal commas."""
    if locale == "de":
        frame.to_csv(path, index=False, sep=";", decimal=",")
    else:
        frame.to_csv(path, index=False)


def run_info(result: RunResult, command: list[str]) -> dict:
    """Enough to rerun the same job and to know what produced it."""
    return {
        "finsim_version": __version__,
        "command": command,
        "scenario": resolved_data(result.scenario),
        "seed": result.spec.seed,
        "replications": result.spec.replications,
        "uncertainty": result.spec.draws,
        "jobs": result.jobs,
        "wall_seconds": round(result.seconds, 3),
        "versions": versions(),
    }


RESULT_TABLES: dict[str, Callable[[RunResult], pd.DataFrame]] = {
    "summary.csv": tables.summary_table,
    "providers.csv": tables.providers_table,
    "flows.csv": tables.flows_table,
    "ledger.csv": tables.ledger_table,
    "replications.csv": tables.replications_table,
    "structure.csv": tables.structure_table,
    "cashflow.csv": tables.cashflow_table,
    "fiscal.csv": tables.fiscal_table,
}


def write_run(result: RunResult, folder: Path, command: list[str] | None = None,
              locale: str = "en") -> None:
    """Every file of SPEC.md's results folder into ``folder``."""
    for name, make in RESULT_TABLES.items():
        write_csv(make(result), folder / name, locale)
    balance_chart(result, folder / "cashflow.png")
    write_json(folder / "run.json", run_info(result, command if command is not None else sys.argv))

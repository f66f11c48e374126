"""The results folder: written whole into a temporary folder, then renamed into place.

An interrupted or failed run leaves nothing behind and never half-replaces an earlier
result; an existing folder is replaced only when the user says ``--force``.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import simpy

from .. import __version__
from ..montecarlo import RunResult
from ..scenario import resolved_data
from . import tables
from .cashflow import balance_chart


class OutputExists(Exception):
    """The results folder exists and ``--force`` was not given: the user's to decide."""


def default_out(scenario_path: str | Path, command: str = "") -> Path:
    """``outputs/<scenario file stem>/``, or ``outputs/<command>-<stem>/`` for the commands
    other than ``run``, so their folders never collide with a run's."""
    stem = Path(scenario_path).stem
    return Path("outputs") / (f"{command}-{stem}" if command else stem)


def write_json(path: Path, data: dict) -> None:
    """A JSON record of what ran, readable by people and by scripts."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def versions() -> dict[str, str]:
    """The versions that produced a result."""
    return {"python": platform.python_version(), "numpy": np.__version__,
            "simpy": simpy.__version__, "pandas": pd.__version__}


def check_target(target: Path, force: bool) -> None:
    """Refuse early, before any work, to overwrite a folder without ``--force``."""
    if target.exists() and not force:
        raise OutputExists(f"{target}: results folder exists; use --force to replace it "
                           "or --out to choose another")
    if target.exists() and not target.is_dir():
        raise OutputExists(f"{target}: exists and is not a folder")


@contextmanager
def atomic_folder(target: Path, force: bool) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; rename it into place on success."""
    check_target(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.parent / f".{target.name}.tmp-{uuid.uuid4().hex[:8]}"
    temp.mkdir()
    try:
        yield temp
        if target.exists():
            old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:8]}"
            os.replace(target, old)
            os.replace(temp, target)
            shutil.rmtree(old)
        else:
            os.replace(temp, target)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)


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
}


def write_run(result: RunResult, folder: Path, command: list[str] | None = None,
              locale: str = "en") -> None:
    """Every file of SPEC.md's results folder into ``folder``."""
    for name, make in RESULT_TABLES.items():
        write_csv(make(result), folder / name, locale)
    balance_chart(result, folder / "cashflow.png")
    write_json(folder / "run.json", run_info(result, command if command is not None else sys.argv))

"""The package's folders show the pipeline, and imports go one way along it.

scenario -> simulation -> ledger -> funding -> montecarlo -> analysis -> report ->
commands -> cli: a stage may use the stages before it, never one after (a lazy import
inside a function counts too), so a change to a report cannot reach a replication's
numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import finsim

PIPELINE = ["scenario", "simulation", "ledger", "funding", "montecarlo", "analysis",
            "report", "commands", "cli"]
IMPORT = re.compile(r"^\s*(?:from\s+(?:finsim\.|\.\.)(\w+)|import\s+finsim\.(\w+))", re.M)


def later_stages_imported(stage: str) -> list[str]:
    """``file: stage`` for each import in ``stage``'s folder of a stage after it."""
    folder = Path(finsim.__file__).parent / stage
    found = []
    for path in sorted(folder.glob("*.py")):
        for match in IMPORT.finditer(path.read_text(encoding="utf-8")):
            target = match.group(1) or match.group(2)
            if target in PIPELINE and PIPELINE.index(target) > PIPELINE.index(stage):
                found.append(f"{stage}/{path.name}: {target}")
    return found


def test_every_stage_imports_only_the_stages_before_it():
    assert [line for stage in PIPELINE for line in later_stages_imported(stage)] == []


def test_the_check_sees_a_backward_import():
    """The pattern finds both import forms, so the test above can fail."""
    src = "def f():\n    from ..report.numbers import kind\nimport finsim.cli.run\n"
    assert [m.group(1) or m.group(2) for m in IMPORT.finditer(src)] == ["report", "cli"]

"""Each command's job as one library call: load, check the target, run, write, return.

The CLI only parses options into ``JobOptions`` and prints what comes back; everything
here is callable from Python too. The tables, charts and workbooks they write live in
``finsim.report``; where they go and what may be replaced, in ``commands.folder``.
Each job is imported on first use, so ``finsim run`` does not load the analyses.
"""

from __future__ import annotations

import importlib
from typing import Any

from .options import JobOptions, ProgressFactory, no_progress

LAZY = {"run_job": "run", "compare_job": "compare", "sensitivity_job": "sensitivity",
        "size_job": "size", "SizeOptions": "size", "SizeOutcome": "size"}

__all__ = ["JobOptions", "ProgressFactory", "no_progress", *LAZY]


def __getattr__(name: str) -> Any:
    if name in LAZY:
        return getattr(importlib.import_module(f".{LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Each command's job as one library call: load, check the target, run, write, return.

The CLI only parses options into ``JobOptions`` and prints what comes back; everything
here is callable from Python too. The tables, charts and workbooks they write live in
``finsim.report``; where they go and what may be replaced, in ``commands.folder``.
Each name is imported on first use: ``finsim run`` does not load the analyses, and
``finsim --help`` (which needs only ``folder``) not even the scenario models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .options import JobOptions, ProgressFactory, no_progress

LAZY = {"JobOptions": "options", "ProgressFactory": "options", "no_progress": "options",
        "run_job": "run", "compare_job": "compare", "sensitivity_job": "sensitivity",
        "size_job": "size", "SizeOptions": "size", "SizeOutcome": "size"}

__all__ = ["JobOptions", "ProgressFactory", "SizeOptions", "SizeOutcome", "compare_job",
           "no_progress", "run_job", "sensitivity_job", "size_job"]


def __getattr__(name: str) -> Any:
    if name in LAZY:
        return getattr(importlib.import_module(f".{LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
